"""The child processes of a run (manim, ffmpeg and, below manim, piper), and stopping them.

Every child is started by :func:`spawn` in a session and process group of its own, so that
stopping it stops what it started too (manim's ffmpeg, piper), and is told by the kernel to
die with the thread that started it (``PR_SET_PDEATHSIG``): a render killed with SIGKILL
leaves no orphan drawing frames for nobody. Ctrl-C (SIGINT) and SIGTERM reach only the
``render`` process; :func:`terminate_all` then ends every child's group (SIGTERM, SIGKILL
after a grace period).

:func:`signals_raise` turns SIGINT and SIGTERM into :class:`Interrupted` in the main thread, so
that ``finally`` blocks remove temporaries on the way out.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import threading
import time

__all__ = ["spawn", "forget", "terminate_all", "terminate_thread", "running", "CANCEL",
           "Interrupted", "signals_raise", "exit_code", "reset"]

CANCEL = threading.Event()   # set when the run is being stopped: start nothing new
_lock = threading.Lock()
_children: set[subprocess.Popen] = set()

try:  # looked up once, here: the child only calls it (nothing to import between fork and exec)
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux
    _prctl = None
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


class Interrupted(BaseException):
    """The run was asked to stop (SIGINT or SIGTERM). ``kept``: what stays rendered."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.kept: list[str] = []
        self.cancelled: list[str] = []


def exit_code(signum: int) -> int:
    """The shell's convention: 128 + the signal (130 for SIGINT, 143 for SIGTERM)."""
    return 128 + int(signum)


def spawn(cmd: list[str], **kwargs) -> subprocess.Popen:
    """``subprocess.Popen(cmd, **kwargs)`` in a new session (and process group), registered until
    :func:`forget`. Refused (:class:`Interrupted`) once the run is being stopped."""
    with _lock:
        if CANCEL.is_set():
            raise Interrupted(signal.SIGTERM)
        proc = subprocess.Popen(cmd, start_new_session=True,
                                preexec_fn=_die_with_parent if _prctl else None, **kwargs)
        proc.mlv_thread = threading.get_ident()  # who started it (terminate_thread)
        _children.add(proc)
    return proc


def reset() -> None:
    """A new run: children may be started again."""
    CANCEL.clear()


def forget(proc: subprocess.Popen) -> None:
    with _lock:
        _children.discard(proc)


def running() -> list[subprocess.Popen]:
    with _lock:
        return list(_children)


def _alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def terminate_all(grace: float = 0.8) -> int:
    """Stop every registered child's process group: SIGTERM, then SIGKILL for what is left
    after ``grace`` seconds. Returns how many groups were signalled."""
    CANCEL.set()
    return _terminate(running(), grace)


def terminate_thread(ident: int, grace: float = 0.8) -> int:
    """Stop the children started by thread ``ident`` only (a render on a Dask worker whose task
    was cancelled; the worker's other renders go on). Unlike :func:`terminate_all` it leaves
    :data:`CANCEL` alone."""
    return _terminate([p for p in running() if getattr(p, "mlv_thread", None) == ident], grace)


def _terminate(procs: list[subprocess.Popen], grace: float) -> int:
    for p in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(p.pid) for p in procs):
        time.sleep(0.02)
    for p in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(p.pid, signal.SIGKILL)
    return len(procs)


@contextlib.contextmanager
def signals_raise():
    """Within the block (main thread only), SIGINT and SIGTERM raise :class:`Interrupted`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        CANCEL.set()
        raise Interrupted(signum)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
