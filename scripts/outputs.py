"""What the build trusts on disk, and how it writes there.

- Small files are written whole: under a temporary name, then renamed (:func:`atomic_write_text`).
- A lecture's outputs move into place as a unit through a journal (:func:`recover` completes
  the moves a killed run left); ``scripts.build.commit_lecture`` writes the journal.
- Temporaries have recognisable names (:data:`TEMPORARY`, with the writer's pid) and media
  folders an owner lock, so the next run removes what killed runs left, and only that
  (:func:`clean_stale`, :func:`clean_media_dirs`).
- :func:`fault` lets the tests kill or fail the build at chosen moments (``$MLV_FAULT``).
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

__all__ = ["CACHE_DIR_NAME", "FAULT_ENV", "FAULT_STAGES", "TEMPORARY", "LEGACY_MEDIA_AGE",
           "fault", "file_digest", "mp4_whole", "MediaDir", "clean_media_dirs",
           "is_stale_temporary", "clean_stale", "recover", "atomic_write_text"]

CACHE_DIR_NAME = ".render-cache"  # under renders/: per-job keys and logs


FAULT_ENV = "MLV_FAULT"


#: the moments a render can be made to fail at (``$MLV_FAULT``), in the order a render reaches
#: them; ``write`` is every atomic write of a small file, ``chapter-join`` the chapter's video,
#: ``lock`` taking a chapter folder's lock (its first write)
FAULT_STAGES = ("after-render", "after-sections", "after-captions", "after-beats",
                "after-video-copy", "after-journal", "mid-commit", "after-commit",
                "after-record", "chapter-join", "write", "lock")


#: a temporary name the build gives a file or folder: ``.01_x.mp4.tmp123``,
#: ``.chapter2.tmp123.mp4``, ``.01_x.stage.tmp123``, ``.01_x.old123``
TEMPORARY = re.compile(r"\..+\.(?:tmp|old)(\d+)(?:\..*)?")


# -- fault injection ---------------------------------------------------------------------------
def fault(stage: str, path: Path | str | None = None) -> None:
    """Fault injection, for the tests: ``$MLV_FAULT`` = ``STAGE[:ACTION]`` (several separated
    by commas) makes the build, on reaching STAGE (one of :data:`FAULT_STAGES`), kill itself
    with SIGKILL (``kill``, the default: as a power cut or the OOM killer would), raise
    (``raise``), or fail as a full disk (``enospc``) or a read-only file system (``erofs``)
    would. Unset, it costs one dictionary lookup."""
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    for item in spec.split(","):
        name, _, action = item.strip().partition(":")
        if name != stage:
            continue
        action = action or "kill"
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if action in ("enospc", "erofs"):
            code = errno.ENOSPC if action == "enospc" else errno.EROFS
            raise OSError(code, os.strerror(code), str(path or stage))
        raise RuntimeError(f"injected fault at {stage} (${FAULT_ENV})")


class _suppress_os_error:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        return kind is not None and issubclass(kind, OSError)


# -- whole files -------------------------------------------------------------------------------
def file_digest(path: Path) -> str:
    """SHA-256 of a file (a 31 MB 9-minute 1080p60 lecture: ~20 ms from the page cache)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def mp4_whole(path: Path) -> bool:
    """The MP4's top-level boxes tile the file exactly and include ``moov`` and ``mdat`` (a
    file cut short, or grown by junk, does not)."""
    import struct
    try:
        size = path.stat().st_size
        seen, pos = set(), 0
        with open(path, "rb") as f:
            while pos < size:
                f.seek(pos)
                head = f.read(8)
                if len(head) < 8:
                    return False
                n, kind = struct.unpack(">I4s", head)
                if n == 1:
                    big = f.read(8)
                    if len(big) < 8:
                        return False
                    n = struct.unpack(">Q", big)[0]
                elif n == 0:
                    n = size - pos
                if n < 8:
                    return False
                seen.add(kind)
                pos += n
        return pos == size and {b"moov", b"mdat"} <= seen
    except OSError:
        return False


# -- temporaries --------------------------------------------------------------------------------
class MediaDir:
    """A job's own media folder, ``$TMPDIR/mlv-<stem>-XXXX``, removed on exit. While in use
    it holds an exclusive ``flock`` on its ``.owner`` file (released by the kernel when the
    process dies, however it dies), which is how :func:`clean_media_dirs` tells a folder in
    use from one a killed run left behind."""

    def __init__(self, stem: str, prefix: str = "mlv-"):
        self.prefix = f"{prefix}{stem}-"
        self.path: Path | None = None
        self._fd: int | None = None

    def __enter__(self) -> Path:
        import fcntl
        self.path = Path(tempfile.mkdtemp(prefix=self.prefix))
        self._fd = os.open(self.path / ".owner", os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        os.write(self._fd, f"pid {os.getpid()}\n".encode())
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)


LEGACY_MEDIA_AGE = 12 * 3600  # s: an mlv-* folder without an owner lock is this old: stale


def clean_media_dirs(tmp: Path | None = None) -> list[Path]:
    """Remove the ``mlv-*`` media folders of runs that are gone (their ``.owner`` lock is
    free) from ``$TMPDIR``; folders of older versions (no ``.owner``) only when
    :data:`LEGACY_MEDIA_AGE` old. Only this user's folders. Returns what was removed."""
    import fcntl
    removed = []
    for d in Path(tmp or tempfile.gettempdir()).glob("mlv-*"):
        try:
            st = d.lstat()
        except OSError:
            continue
        if not d.is_dir() or d.is_symlink() or st.st_uid != os.getuid():
            continue
        owner = d / ".owner"
        try:
            fd = os.open(owner, os.O_RDWR)
        except FileNotFoundError:
            if time.time() - st.st_mtime > LEGACY_MEDIA_AGE:
                shutil.rmtree(d, ignore_errors=True)
                removed.append(d)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # in use by a live run
        try:
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
        finally:
            os.close(fd)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale_temporary(name: str) -> bool:
    """A name the build gives its temporaries, of a process that is gone (or of this one)."""
    m = TEMPORARY.fullmatch(name)
    if m is None:
        return False
    pid = int(m.group(1))
    return pid == os.getpid() or not _pid_alive(pid)


def clean_stale(out_dir: Path) -> list[Path]:
    """Remove the temporary files and folders interrupted runs left in a chapter folder (and
    its ``.render-cache``, sections and clips). Call it holding the chapter's
    :class:`RenderLock` (no other run is writing there) and after :func:`recover`."""
    removed = []
    if not out_dir.is_dir():
        return removed
    todo = [out_dir]
    while todo:
        d = todo.pop()
        try:
            entries = list(os.scandir(d))
        except OSError:
            continue
        for e in entries:
            if is_stale_temporary(e.name):
                p = Path(e.path)
                if e.is_dir(follow_symlinks=False):
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    with _suppress_os_error():
                        p.unlink()
                removed.append(p)
            elif e.is_dir(follow_symlinks=False):
                todo.append(Path(e.path))
    return removed


# -- commits -----------------------------------------------------------------------------------
def _replace(tmp: Path, final: Path) -> None:
    """``os.replace`` that also puts a folder in place of a folder."""
    if tmp.is_dir() and final.is_dir():
        old = final.with_name(f".{final.name}.old{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, final)


def _roll_forward(out_dir: Path, journal: Path) -> bool:
    """Finish a commit: move each staged output of the journal into place, write the record,
    remove the journal. False when the journal is unreadable (removed)."""
    def inside(name) -> Path:  # a journal names files of its chapter folder only
        if not isinstance(name, str) or name.startswith("/") or ".." in name.split("/"):
            raise ValueError(f"not a path in the chapter folder: {name!r}")
        return out_dir / name

    try:
        doc = json.loads(journal.read_text(encoding="utf-8"))
        renames = [(inside(a), inside(b)) for a, b in doc["renames"]]
        record_file, record = inside(doc["record_file"]), doc["record"]
        stage = inside(doc["stage"]) if doc.get("stage") else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        with _suppress_os_error():
            journal.unlink()
        return False
    for k, (tmp, final) in enumerate(renames):
        if tmp.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            _replace(tmp, final)
        if k == 0:
            fault("mid-commit")
    fault("after-commit")
    atomic_write_text(record_file, json.dumps(record, indent=1))
    fault("after-record")
    journal.unlink()
    if stage is not None:
        shutil.rmtree(stage, ignore_errors=True)
    return True


def recover(out_dir: Path) -> list[str]:
    """Complete the commits a killed run left half done (the journals in the chapter's
    ``.render-cache``): each such lecture is then wholly its new render. Call it holding the
    chapter's :class:`RenderLock`. Returns the stems completed."""
    done = []
    cache = out_dir / CACHE_DIR_NAME
    for journal in sorted(cache.glob("*.commit")) if cache.is_dir() else ():
        if _roll_forward(out_dir, journal):
            done.append(journal.stem)
    return done


# -- atomic writes -----------------------------------------------------------------------------
def atomic_write_text(path: Path, text: str) -> None:
    """Write ``path`` (UTF-8) under a temporary name and rename it into place."""
    _atomic_write_bytes(path, text.encode("utf-8"))


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        fault("write", path)
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        with _suppress_os_error():
            tmp.unlink(missing_ok=True)


def _atomic_copy(src: Path, dst: Path) -> None:
    tmp = dst.with_name(f".{dst.name}.tmp{os.getpid()}")
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    finally:
        with _suppress_os_error():
            tmp.unlink(missing_ok=True)
