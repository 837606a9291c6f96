"""Rendering on many machines: ``render all --scheduler tcp://HOST:PORT`` (or ``local:N``).

The render plan is handed to Dask's ``distributed`` scheduler, an optional extra
(``bash scripts/setup.sh --cluster``); nothing here imports it until a run asks for a
scheduler, so a local render never loads Dask.

- Before anything is sent, every worker's *fingerprint* is compared with this machine's: the
  project source (the SHA-256 of each tracked file under ``algorithms/``, ``scenes/``,
  ``scripts/`` and ``pyproject.toml``), the versions of Manim, NumPy, Python, TeX, dvisvgm
  and ffmpeg, and the voice's fingerprint (the one in the job keys). A worker that differs is
  named with what differs and the run is refused (:func:`compare`, :func:`refusal`). Each
  task checks again on its worker (a worker that joined later), and recomputes the lecture's
  content key there: it must be the client's.
- A task (:func:`render_remote`) renders one lecture on its worker with the ordinary
  ``scripts.build.render_job`` into a folder of its own, and returns every output of the
  lecture's record as bytes with its SHA-256 (:func:`pack`). The client checks sizes and
  hashes against the record and commits them with the same journal and renames as a local
  render (:func:`commit_remote`): no shared file system, the same keys, the same record.
- Progress: the worker's render ticks go to the client as Dask events
  (``Worker.log_event`` / ``Client.subscribe_topic``) and into the same progress display.
- A worker that dies mid-lecture: the scheduler gives the task to another worker. A task
  cancelled (Ctrl-C, or the client gone) stops its render process on the worker.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Callable

import scripts.build as build
from scenes.catalog import Chapter, Lecture

__all__ = ["ClusterError", "TransferError", "parse_scheduler", "require_distributed",
           "source_files", "fingerprint", "compare", "refusal", "pack", "verify",
           "commit_remote", "render_remote", "Cluster", "RESOURCE", "SETUP"]

SETUP = "bash scripts/setup.sh --cluster"
#: the worker resource a render takes (``dask worker --resources render=1``): requested by the
#: client when any worker declares it, so a worker renders at most that many at once
RESOURCE = "render"
SOURCE_PATHS = ("algorithms", "scenes", "scripts", "pyproject.toml")
CONNECT_TIMEOUT = 15.0   # s to reach a scheduler
WORKERS_TIMEOUT = 60.0   # s to wait for a first worker


class ClusterError(RuntimeError):
    """A cluster run that cannot start (no Dask, no scheduler, no worker, workers that
    differ): the message says what to do."""


class TransferError(ValueError):
    """Outputs that arrived from a worker not as the worker sent them."""


# -- the scheduler -------------------------------------------------------------------------------
_ADDRESS = re.compile(r"(?:(tcp|tls|ws|wss|inproc)://)?([\w.\-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})")


def parse_scheduler(spec: str) -> tuple[str, str | int]:
    """``local:N`` -> ``("local", N)``; ``tcp://HOST:PORT`` (or ``HOST:PORT``) ->
    ``("address", "tcp://HOST:PORT")``. ValueError says what is accepted."""
    spec = spec.strip()
    m = re.fullmatch(r"local(?::(\d+))?", spec)
    if m:
        n = int(m.group(1) or os.cpu_count() or 1)
        if not 1 <= n <= 256:
            raise ValueError(f"--scheduler {spec}: local:N takes 1 to 256 workers")
        return "local", n
    m = _ADDRESS.fullmatch(spec)
    if m and 0 < int(m.group(3)) < 65536:
        return "address", f"{m.group(1) or 'tcp'}://{m.group(2)}:{m.group(3)}"
    raise ValueError(f"--scheduler {spec!r}: give a scheduler's address, tcp://HOST:PORT "
                     f"(dask scheduler listens on 8786), or local:N for N worker processes "
                     f"on this machine")


def require_distributed():
    """``distributed``, or a ClusterError naming the set-up command that installs it."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"--scheduler needs Dask's distributed scheduler, which is not "
                           f"installed; run  {SETUP}") from None
    return distributed


# -- the fingerprint ---------------------------------------------------------------------------
def source_files(root: Path | None = None) -> list[str]:
    """The project sources the content keys and the build depend on, relative to ``root``:
    git's tracked files under :data:`SOURCE_PATHS`, or every file there but caches when
    ``root`` is no git checkout."""
    root = root or build.ROOT
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", *SOURCE_PATHS],
                             capture_output=True, timeout=30, check=True).stdout
        names = [n for n in out.decode("utf-8", "replace").split("\0") if n]
    except (OSError, subprocess.SubprocessError):
        names = []
    if not names:
        for top in SOURCE_PATHS:
            p = root / top
            found = [p] if p.is_file() else (q for q in p.rglob("*") if q.is_file())
            names += [q.relative_to(root).as_posix() for q in found
                      if "__pycache__" not in q.parts and q.suffix != ".pyc"]
    return sorted(set(names))


def _tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20,
                             stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.SubprocessError):
        return "absent"
    return (out.strip().splitlines() or ["unknown"])[0].strip()


def versions() -> dict[str, str]:
    """What a render depends on beyond the source: the versions the job keys hold (Manim,
    NumPy, Python) and the tools it runs (TeX, dvisvgm, ffmpeg)."""
    ffmpeg = _tool_version(["ffmpeg", "-version"])
    return {**build._versions(), "tex": _tool_version(["latex", "--version"]),
            "dvisvgm": _tool_version(["dvisvgm", "--version"]),
            "ffmpeg": " ".join(ffmpeg.split()[:3])}


def fingerprint(voice: str, files: list[str] | tuple[str, ...], root: Path | None = None
                ) -> dict:
    """This process's fingerprint: host, project source (SHA-256 of each of ``files``, None
    for a missing one), versions and the voice's fingerprint (what ``render doctor`` shows
    and the job keys hold)."""
    root = root or build.ROOT
    source = {}
    for name in files:
        try:
            source[name] = hashlib.sha256((root / name).read_bytes()).hexdigest()[:16]
        except OSError:
            source[name] = None
    try:
        spoken = build.voice_fingerprint(voice)
    except Exception as err:  # its program or model is missing here
        spoken = f"unavailable ({type(err).__name__}: {err})"
    return {"host": socket.gethostname(), "root": str(root), "versions": versions(),
            "voice": spoken, "source": source}


def summary(fp: dict) -> str:
    """A short hash of what must be equal between machines (shown by ``render doctor``)."""
    same = {k: fp[k] for k in ("versions", "voice", "source")}
    return hashlib.sha256(json.dumps(same, sort_keys=True).encode()).hexdigest()[:12]


def compare(here: dict, there: dict) -> list[str]:
    """What differs between two fingerprints, one phrase each ("manim 0.22.0 here, 0.21.0
    there"); empty when they agree."""
    diffs = []
    hv, tv = here.get("versions", {}), there.get("versions", {})
    for k in sorted(set(hv) | set(tv)):
        if hv.get(k) != tv.get(k):
            diffs.append(f"{k} {hv.get(k, 'absent')!r} here, {tv.get(k, 'absent')!r} there")
    if here.get("voice") != there.get("voice"):
        diffs.append(f"the voice {here.get('voice')!r} here, {there.get('voice')!r} there")
    hs, ts = here.get("source", {}), there.get("source", {})
    changed = [n for n in sorted(hs) if ts.get(n, "absent") != hs[n]]
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5
                                          else "")
        diffs.append(f"the project source differs in {len(changed)} file(s): {shown}")
    return diffs


def worker_name(address: str, fp: dict | None) -> str:
    host = (fp or {}).get("host")
    return f"worker {address}" + (f" (host {host})" if host else "")


def refusal(bad: dict[str, tuple[dict | None, list[str]]], total: int) -> str:
    """The message refusing a run: each worker that differs (``{address: (fingerprint,
    differences)}``) and what differs."""
    lines = [f"refusing to render on the cluster: {len(bad)} of {total} worker(s) differ "
             f"from this checkout:"]
    for address, (fp, diffs) in sorted(bad.items()):
        lines.append(f"  - {worker_name(address, fp)}: {'; '.join(diffs)}")
    lines.append(f"Every worker needs the same checkout (the same commit and edits) and  {SETUP};"
                 f" restart a worker after updating it.")
    return "\n".join(lines)


# -- outputs as bytes ----------------------------------------------------------------------------
def pack(job: build.Job) -> dict:
    """A committed lecture's outputs as they travel: its record and each recorded file's bytes
    with their size and SHA-256."""
    record = job.read_record()
    if record is None or record.get("legacy"):
        raise TransferError(f"{job.stem} has no record to send")
    files = {}
    for name in record["outputs"]:
        data = (job.out_dir / name).read_bytes()
        files[name] = {"data": data, "size": len(data),
                       "sha256": hashlib.sha256(data).hexdigest()}
    return {"record": record, "files": files}


def _plain(name: str) -> bool:
    return bool(name) and "/" not in name and name not in (".", "..") and "\0" not in name


def verify(job: build.Job, payload: dict) -> dict[str, bytes]:
    """The files of ``payload`` ({name: bytes}) once each one's size and SHA-256 are what the
    worker sent and what the record says, the record is this job's (its key) and every name
    is one of the lecture's outputs in the chapter folder; else :class:`TransferError`."""
    record, files = payload.get("record"), payload.get("files")
    if not isinstance(record, dict) or not isinstance(files, dict) or not isinstance(
            record.get("outputs"), dict):
        raise TransferError("the worker sent no record")
    if record.get("key") != job.key:
        raise TransferError("the worker's record is of another content key")
    if set(files) != set(record["outputs"]):
        missing = sorted(set(record["outputs"]) - set(files))
        raise TransferError(f"the worker sent other files than its record lists "
                            f"(missing: {', '.join(missing) or 'none'})")
    sections = job.name(job.sections_dir) + "/"
    out = {}
    for name, item in files.items():
        if not (_plain(name) or (name.startswith(sections) and _plain(name[len(sections):]))):
            raise TransferError(f"{name!r} is not an output of {job.stem}")
        data, want = item.get("data"), record["outputs"][name]
        if not isinstance(data, (bytes, bytearray)):
            raise TransferError(f"{name}: no bytes")
        digest = hashlib.sha256(data).hexdigest()
        if len(data) != item.get("size") or digest != item.get("sha256"):
            raise TransferError(f"{name} arrived with {len(data)} bytes and SHA-256 "
                                f"{digest[:12]}..., the worker sent {item.get('size')} bytes "
                                f"and {str(item.get('sha256'))[:12]}...")
        if not isinstance(want, dict) or (want.get("size"), want.get("sha256")) != (
                len(data), digest):
            raise TransferError(f"{name} is not what the worker's record says")
        out[name] = bytes(data)
    return out


def commit_remote(job: build.Job, payload: dict) -> int:
    """Check a worker's outputs (:func:`verify`), stage them in the chapter's
    ``.render-cache`` and commit them as a unit with :func:`scripts.build.commit_lecture` (the
    journal, the renames, the record last), as a local render does. Returns the bytes."""
    files = verify(job, payload)
    stage = job.out_dir / build.CACHE_DIR_NAME / f".{job.stem}.stage.tmp{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    sections = job.name(job.sections_dir) + "/"
    committed = False
    try:
        staged: dict[Path, Path] = {}
        for name, data in files.items():
            if name.startswith(sections):
                folder = stage / "sections"
                folder.mkdir(exist_ok=True)
                (folder / name[len(sections):]).write_bytes(data)
                staged[job.sections_dir] = folder
            else:
                (stage / name).write_bytes(data)
                staged[job.out_dir / name] = stage / name
        build.commit_lecture(job, staged, stage)
        committed = True
    finally:
        if not committed and not job.journal_file.exists():
            shutil.rmtree(stage, ignore_errors=True)
    return sum(len(d) for d in files.values())


# -- on the worker -----------------------------------------------------------------------------
def _portable(chapter: Chapter) -> Chapter:
    """The chapter with each lecture's source relative to the checkout (another machine's
    checkout may be elsewhere)."""
    def rel(lec: Lecture) -> Lecture:
        if lec.source is not None and Path(lec.source).is_relative_to(build.ROOT):
            return replace(lec, source=Path(lec.source).relative_to(build.ROOT))
        return lec
    return replace(chapter, lectures=tuple(rel(lec) for lec in chapter.lectures))


def _local(chapter: Chapter) -> Chapter:
    return replace(chapter, lectures=tuple(
        replace(lec, source=build.ROOT / lec.source)
        if lec.source is not None and not Path(lec.source).is_absolute() else lec
        for lec in chapter.lectures))


_fingerprints: dict[tuple, dict] = {}   # (run, voice): this worker's fingerprint for a run
_fp_lock = threading.Lock()


def _worker_fingerprint(run: str, voice: str, files: tuple[str, ...]) -> dict:
    with _fp_lock:
        if (run, voice) not in _fingerprints:
            _fingerprints.clear()
            _fingerprints[(run, voice)] = fingerprint(voice, files)
        return _fingerprints[(run, voice)]


def _watch(worker, key, thread: int, done: threading.Event) -> None:
    """Stop this task's render processes once the scheduler has cancelled the task."""
    from scripts import procs
    while not done.wait(0.25):
        ts = worker.state.tasks.get(key)
        if ts is None or ts.state in ("cancelled", "released", "forgotten"):
            procs.terminate_thread(thread)
            return


def render_remote(spec: dict) -> dict:
    """A Dask task: render one lecture on this worker into a folder of its own and return
    its outputs (:func:`pack`), its log and its result. Ticks go to the client as events on
    ``spec["topic"]``."""
    from distributed import get_worker
    from distributed.worker import thread_state
    worker = get_worker()
    key = getattr(thread_state, "key", None)
    i, topic = spec["i"], spec["topic"]

    def emit(job, message, info=None):
        if message in ("started", "rendering"):
            worker.log_event(topic, {"i": i, "m": message, "worker": worker.address,
                                     "info": dict(info or {})})

    out = {"status": "failed", "seconds": 0.0, "error": "", "info": {},
           "worker": worker.address, "host": socket.gethostname()}
    mine = _worker_fingerprint(spec["run"], spec["voice"], tuple(spec["files"]))
    diffs = compare(spec["fingerprint"], mine)
    if diffs:
        out["error"] = f"{worker_name(worker.address, mine)} differs: {'; '.join(diffs)}"
        return out
    chapter = _local(spec["chapter"])
    lecture = chapter.lecture(spec["lecture"])
    build.clean_media_dirs()               # what killed tasks left here
    done = threading.Event()
    if key is not None:
        threading.Thread(target=_watch, args=(worker, key, threading.get_ident(), done),
                         daemon=True).start()
    try:
        with build.MediaDir(spec["stem"], prefix="mlv-remote-") as renders:
            job = build.plan(chapter, [lecture], spec["quality"], renders, spec["overrides"],
                             variants=spec["variants"], need_sections=spec["need_sections"],
                             voice=spec["voice"])[0]
            if (job.stem, job.key) != (spec["stem"], spec["key"]):
                out["error"] = (f"{worker_name(worker.address, mine)} computes another content "
                                f"key for {lecture.id} (its source or versions differ)")
                return out
            r = build.render_job(job, emit)
            out.update(status=r.status, seconds=r.seconds, error=r.error, info=r.info,
                       log_path=str(job.log_file))
            if job.log_file.is_file():
                out["log"] = job.log_file.read_text(encoding="utf-8", errors="replace")
            if r.status == "rendered":
                out.update(pack(job))
            return out
    finally:
        done.set()


# -- on the client -------------------------------------------------------------------------------
class Cluster:
    """A connection to a Dask scheduler (``tcp://HOST:PORT``) or a ``LocalCluster`` of N
    worker processes (``local:N``), used as a context manager; :meth:`check` compares the
    workers' fingerprints, :meth:`run_jobs` renders like ``scripts.build.run_jobs``."""

    def __init__(self, spec: str, echo: Callable[[str], None] = print):
        try:
            self.kind, self.target = parse_scheduler(spec)
        except ValueError as err:
            raise ClusterError(str(err)) from None
        self.echo = echo
        self.run = uuid.uuid4().hex[:12]
        self.cluster = self.client = None
        self.fingerprint: dict | None = None
        self.files: list[str] = []
        self.resources: dict | None = None
        self.topic = f"mlv-progress-{self.run}"
        self._subscribed = False
        self._lock = threading.Lock()
        self._next = 0
        self._routes: dict[int, dict] = {}   # task id -> job, progress, expected, held events
        self._ahead: dict[tuple, tuple] = {}  # (out_dir, stem, key) -> (task id, future)
        self._futures: dict[int, object] = {}  # task id -> its future, until collected

    def __enter__(self) -> "Cluster":
        require_distributed()
        from distributed import Client, LocalCluster
        try:
            if self.kind == "local":
                self.cluster = LocalCluster(
                    n_workers=self.target, threads_per_worker=1, processes=True,
                    resources={RESOURCE: 1}, dashboard_address=":0",
                    silence_logs=logging.ERROR)
                self.client = Client(self.cluster, set_as_default=False)
            else:
                self.client = Client(self.target, timeout=CONNECT_TIMEOUT,
                                     set_as_default=False)
        except (OSError, TimeoutError) as err:
            self.__exit__()
            raise ClusterError(f"cannot reach the scheduler at {self.target}: {err}; start "
                               f"one with  .venv/bin/dask scheduler") from None
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError:
            self.__exit__()
            raise ClusterError(f"no worker joined the scheduler at {self.target} in "
                               f"{WORKERS_TIMEOUT:.0f} s; start one on each machine with  "
                               f".venv/bin/dask worker {self.target}") from None
        return self

    def __exit__(self, *exc) -> None:
        if self._ahead or exc and exc[0] is not None:
            self.cancel()                   # sent ahead, never collected; or interrupted
        for closing in (self.client, self.cluster):
            if closing is not None:
                try:
                    closing.close(timeout=10)
                except Exception:
                    pass
        self.client = self.cluster = None

    @property
    def address(self) -> str:
        return self.client.scheduler.address if self.client else str(self.target)

    def check(self, voice: str) -> dict[str, dict]:
        """Compare every worker's fingerprint with this machine's; raise ClusterError naming
        each worker that differs and what differs. Decides whether tasks request the
        ``render`` resource (when any worker declares it)."""
        self.files = source_files()
        self.fingerprint = fingerprint(voice, self.files)
        theirs = self.client.run(fingerprint, voice, self.files, on_error="return")
        bad = {}
        for address, fp in theirs.items():
            if isinstance(fp, BaseException):
                bad[address] = (None, [f"cannot tell its fingerprint ({type(fp).__name__}: "
                                       f"{fp}): is it this project's .venv/bin/dask worker?"])
                continue
            diffs = compare(self.fingerprint, fp)
            if diffs:
                bad[address] = (fp, diffs)
        if bad:
            raise ClusterError(refusal(bad, len(theirs)))
        workers = self.client.scheduler_info().get("workers", {})
        if any(RESOURCE in (w.get("resources") or {}) for w in workers.values()):
            self.resources = {RESOURCE: 1}
        return theirs

    def _spec(self, job: build.Job, i: int, topic: str) -> dict:
        fp = {k: self.fingerprint[k] for k in ("versions", "voice", "source")}
        return {"i": i, "topic": topic, "run": self.run, "chapter": _portable(job.chapter),
                "lecture": job.lecture.slug, "quality": job.quality,
                "overrides": job.overrides, "variants": job.variants,
                "need_sections": job.need_sections, "voice": job.voice, "stem": job.stem,
                "key": job.key, "fingerprint": fp, "files": self.files}

    # -- tasks, and the progress events of their renders ----------------------------------------
    def _submit(self, job: build.Job):
        """Send one job to the cluster: its task id and future. Its events are routed by
        :meth:`_on_event` to the progress of the run that collects it (kept until then)."""
        if not self._subscribed:
            self.client.subscribe_topic(self.topic, self._on_event)
            self._subscribed = True
        with self._lock:
            self._next += 1
            tid = self._next
            self._routes[tid] = {"job": job, "progress": None, "expected": None, "held": {}}
        fut = self.client.submit(render_remote, self._spec(job, tid, self.topic),
                                 key=f"render-{job.stem}-{uuid.uuid4().hex[:8]}", pure=False,
                                 resources=self.resources)
        with self._lock:
            self._futures[tid] = fut
        return tid, fut

    def _on_event(self, event) -> None:
        msg = event[1] if isinstance(event, (tuple, list)) else event
        if not isinstance(msg, dict) or msg.get("m") not in ("started", "rendering"):
            return
        with self._lock:
            route = self._routes.get(msg.get("i"))
            if route is None:
                return
            info = dict(msg.get("info") or {})
            if msg["m"] == "started":
                info["worker"] = msg.get("worker")
                route["held"] = {}
            progress = route["progress"]
            if progress is None:            # its chapter's turn has not come: the last of each
                route["held"][msg["m"]] = info
                return
            info["expected"] = route["expected"]
        progress(route["job"], msg["m"], info)

    def _collect(self, tid: int, job: build.Job, progress) -> None:
        """From now on, tell ``progress`` of task ``tid`` (what it missed first)."""
        with self._lock:
            route = self._routes[tid]
            route.update(job=job, progress=progress, expected=build.previous_duration(job))
            held, route["held"] = route["held"], {}
        for m in ("started", "rendering"):
            if progress and m in held:
                progress(job, m, {**held[m], "expected": route["expected"]})

    def prefetch(self, jobs: list[build.Job], force: bool = False) -> int:
        """Send every job that is not up to date to the cluster now, so that the workers
        render the whole book at once while the client commits chapter by chapter
        (:meth:`run_jobs` collects them). Returns how many were sent."""
        n = 0
        for job in jobs:
            if job.error or (not force and job.state()[0] == "current"):
                continue
            self._ahead[(str(job.out_dir), job.stem, job.key)] = self._submit(job)
            n += 1
        return n

    def run_jobs(self, jobs: list[build.Job], *, force: bool = False,
                 progress: Callable[..., None] | None = None) -> list[build.JobResult]:
        """Render the jobs that are not up to date on the cluster; results in job order, with
        the messages ``scripts.build.run_jobs`` gives ``progress`` (ticks from the workers).
        Jobs sent ahead (:meth:`prefetch`) are collected, not sent again. Interrupted, it
        cancels every task (their workers stop the renders) and re-raises with ``kept`` and
        ``cancelled`` set."""
        from distributed import as_completed
        from scripts import procs
        if self.fingerprint is None:
            self.check(jobs[0].voice if jobs else build.DEFAULT_VOICE)
        procs.reset()
        results, todo = build.triage(jobs, force, progress)
        for i in results:                   # up to date after all (rendered meanwhile)
            ahead = self._ahead.pop((str(jobs[i].out_dir), jobs[i].stem, jobs[i].key), None)
            if ahead is not None:
                ahead[1].cancel()
                with self._lock:
                    self._routes.pop(ahead[0], None)
                    self._futures.pop(ahead[0], None)
        futures = {}
        try:
            for i in todo:
                if jobs[i].error:          # not plannable here: fails alone, like a local one
                    results[i] = self._finish(jobs[i], build.JobResult(
                        jobs[i], "failed", 0.0, jobs[i].error), progress)
                    continue
                tid, fut = self._ahead.pop((str(jobs[i].out_dir), jobs[i].stem, jobs[i].key),
                                           None) or self._submit(jobs[i])
                self._collect(tid, jobs[i], progress)
                futures[fut] = (i, tid)
            for fut in as_completed(list(futures), loop=self.client.loop):
                i, tid = futures[fut]
                results[i] = self._finish(jobs[i], self._receive(jobs[i], fut), progress)
                with self._lock:
                    self._routes.pop(tid, None)
                    self._futures.pop(tid, None)
        except BaseException as err:
            self.cancel()
            if isinstance(err, (procs.Interrupted, KeyboardInterrupt)):
                kept = [results[i].job.stem for i in results
                        if results[i].status == "rendered"]
                err.kept = kept
                err.cancelled = [jobs[i].stem for i in todo if jobs[i].stem not in kept]
            raise
        return [results[i] for i in range(len(jobs))]

    def cancel(self) -> None:
        """Cancel every task of this client (the workers stop their renders)."""
        with self._lock:
            self._routes.clear()
            futures, self._futures = list(self._futures.values()), {}
        self._ahead.clear()
        if self.client is not None and futures:
            try:
                self.client.cancel(futures)
            except Exception:
                pass

    @staticmethod
    def _finish(job, r: build.JobResult, progress) -> build.JobResult:
        if progress and r.status != "cancelled":
            where = f" on {r.info['host']}" if r.info.get("host") else ""
            progress(job, f"rendered in {r.seconds:.0f}s{where}" if r.status != "failed"
                     else f"FAILED ({r.error})", {"result": r})
        return r

    def _receive(self, job: build.Job, fut) -> build.JobResult:
        """The task's result: its log written beside the lecture's, its outputs checked and
        committed; a failure (the render's, a worker that died too often, damaged bytes) as
        a failed JobResult naming the local log."""
        from distributed import CancelledError
        t0 = time.perf_counter()
        try:
            out = fut.result()
        except CancelledError:
            return build.JobResult(job, "cancelled")
        except Exception as err:
            if type(err).__name__ == "KilledWorker":
                why = ("its workers died while rendering it, each time (Dask's "
                       "distributed.scheduler.allowed-failures)")
            else:
                why = f"the cluster failed it: {type(err).__name__}: {err}"
            return build.JobResult(job, "failed", 0.0, why)
        info = {**(out.get("info") or {}), "worker": out.get("worker"), "host": out.get("host")}
        error = out.get("error") or ""
        if "log" in out:
            job.key_file.parent.mkdir(parents=True, exist_ok=True)
            build.atomic_write_text(job.log_file, out["log"])
            if out.get("log_path"):
                error = error.replace(out["log_path"], str(job.log_file))
        if out.get("status") != "rendered":
            return build.JobResult(job, "failed" if out.get("status") != "cancelled"
                                   else "cancelled", out.get("seconds", 0.0), error, info)
        try:
            info["bytes"] = commit_remote(job, out)
        except TransferError as err:
            return build.JobResult(job, "failed", out.get("seconds", 0.0),
                                   f"the outputs from {worker_name(out.get('worker'), out)} "
                                   f"arrived damaged: {err}", info)
        info["receive_s"] = round(time.perf_counter() - t0, 3)
        return build.JobResult(job, "rendered", out.get("seconds", 0.0), "", info)
