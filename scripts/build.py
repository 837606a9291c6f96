"""Rendering lectures like a build system.

A *job* is one lecture at one quality with one set of parameters. Its *key* is a hash of
everything the video depends on: the scene's source, every project module it imports
(followed transitively through ``algorithms/`` and ``scenes/``), the data files, the
parameters, the quality, and the versions of Manim and Python. A job whose output exists
with the same key is up to date and is not rendered again.

Each job renders in its own process (``python -m manim``) with its own media and TeX
folders, so jobs run in parallel safely. Outputs are written under a temporary name and
renamed into place when complete, so an interrupted run never leaves a half-written file.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from scenes.catalog import Chapter, Lecture

__all__ = [
    "ROOT", "QUALITIES", "Job", "JobResult", "plan", "input_files", "job_key", "run_jobs",
    "write_chapter", "probe", "RenderLock", "LockedError", "atomic_write_text",
]

ROOT = Path(__file__).resolve().parents[1]
#: name -> (manim flag, folder manim writes, height, fps)
QUALITIES = {
    "low": ("l", "480p15", 480, 15),
    "medium": ("m", "720p30", 720, 30),
    "high": ("h", "1080p60", 1080, 60),
    "4k": ("k", "2160p60", 2160, 60),
}
CACHE_DIR_NAME = ".render-cache"  # under renders/: per-job keys and logs
ANIMATION = re.compile(r"Animation (\d+) :")  # manim logs one such line per animation


# -- what a job depends on ----------------------------------------------------------------------
def _module_file(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] not in ("algorithms", "scenes"):
        return None
    base = ROOT.joinpath(*parts)
    for cand in (base.with_suffix(".py"), base / "__init__.py"):
        if cand.is_file():
            return cand
    return None


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def input_files(lecture: Lecture) -> list[Path]:
    """The lecture's source, every project module it imports (transitively), package
    ``__init__`` files on the way, and the shipped data files."""
    seen: set[Path] = set()
    todo = [lecture.path]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _imports(path):
            parts = name.split(".")
            for i in range(1, len(parts) + 1):  # the package inits along the way too
                f = _module_file(".".join(parts[:i]))
                if f is not None and f not in seen:
                    todo.append(f)
    data = sorted((ROOT / "algorithms" / "data").glob("*"))
    return sorted(seen) + [p for p in data if p.is_file()]


def _versions() -> dict[str, str]:
    import manim
    import numpy
    return {"manim": manim.__version__, "numpy": numpy.__version__,
            "python": ".".join(map(str, sys.version_info[:3]))}


def job_key(lecture: Lecture, quality: str, params: dict, variant: dict | None = None) -> str:
    """SHA-256 over every input of the job (file contents, not times)."""
    h = hashlib.sha256()
    for path in input_files(lecture):
        h.update(str(path.relative_to(ROOT)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(json.dumps({"lecture": lecture.id, "quality": quality, "params": params,
                         "variant": variant or {}, "versions": _versions()},
                        sort_keys=True).encode())
    return h.hexdigest()


# -- jobs ---------------------------------------------------------------------------------------
@dataclass
class Job:
    chapter: Chapter
    lecture: Lecture
    quality: str
    out_dir: Path
    stem: str                    # output name without extension
    params: dict = field(default_factory=dict)   # the full parameter set
    overrides: dict = field(default_factory=dict)
    key: str = ""

    @property
    def video(self) -> Path:
        return self.out_dir / f"{self.stem}.mp4"

    @property
    def key_file(self) -> Path:
        return self.out_dir / CACHE_DIR_NAME / f"{self.stem}.key"

    @property
    def log_file(self) -> Path:
        return self.out_dir / CACHE_DIR_NAME / f"{self.stem}.log"

    def outputs(self) -> list[Path]:
        return [self.video, self.out_dir / f"{self.stem}.srt",
                self.out_dir / f"{self.stem}.beats.json"]

    def up_to_date(self) -> bool:
        return (all(p.exists() for p in self.outputs()) and self.key_file.exists()
                and self.key_file.read_text().strip() == self.key)


@dataclass
class JobResult:
    job: Job
    status: str          # "rendered", "up to date", "failed"
    seconds: float = 0.0
    error: str = ""
    info: dict = field(default_factory=dict)


def override_stem(base: str, overrides: dict) -> str:
    """``01_gradient_descent`` + {lr: 0.9} -> ``01_gradient_descent@lr=0.9``."""
    if not overrides:
        return base
    tag = ",".join(f"{k}={overrides[k]}" for k in sorted(overrides))
    return f"{base}@{re.sub(r'[^A-Za-z0-9=.,_-]+', '_', tag)}"


def plan(chapter: Chapter, lectures: list[Lecture], quality: str, renders: Path,
         overrides: dict | None = None) -> list[Job]:
    jobs = []
    for lec in lectures:
        ov = dict(overrides or {})
        params = {**lec.defaults(), **ov}
        job = Job(chapter, lec, quality, renders / chapter.slug,
                  override_stem(chapter.file_stem(lec), ov), params, ov)
        job.key = job_key(lec, quality, params)
        jobs.append(job)
    return jobs


# -- running one job ----------------------------------------------------------------------------
def _manim_cmd(job: Job, media: Path) -> list[str]:
    flag = QUALITIES[job.quality][0]
    return [sys.executable, "-m", "manim", "render", f"-q{flag}", "--media_dir", str(media),
            "--save_sections", "--progress_bar", "none", "--disable_caching", "-o", job.stem,
            str(job.lecture.path), job.lecture.scene]


def atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)


def _atomic_copy(src: Path, dst: Path) -> None:
    tmp = dst.with_name(f".{dst.name}.tmp{os.getpid()}")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def probe(video: Path) -> dict:
    """ffprobe facts of a video: duration, width, height, codec, pix_fmt, fps."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name,pix_fmt,width,height,r_frame_rate:format=duration", "-of", "json",
         str(video)], capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    s = data["streams"][0]
    num, den = s["r_frame_rate"].split("/")
    return {"duration": float(data["format"]["duration"]), "width": s["width"],
            "height": s["height"], "codec": s["codec_name"], "pix_fmt": s["pix_fmt"],
            "fps": float(num) / float(den)}


def render_job(job: Job, progress: Callable[[Job, str], None] | None = None) -> JobResult:
    """Render one job in its own process and media folder; move outputs into place."""
    start = time.perf_counter()
    job.key_file.parent.mkdir(parents=True, exist_ok=True)
    media = Path(tempfile.mkdtemp(prefix=f"mlv-{job.stem}-"))
    env = {**os.environ, "MLV_PARAMS": json.dumps(job.overrides), "COLUMNS": "250",
           "MLV_BEATS_FILE": str(media / "beats.json"), "PYTHONUNBUFFERED": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    animations = 0
    try:
        with open(job.log_file, "w") as log:
            proc = subprocess.Popen(_manim_cmd(job, media), cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True, stdin=subprocess.DEVNULL)
            for line in proc.stdout:
                log.write(line)
                m = ANIMATION.search(line)
                if m and int(m.group(1)) + 1 > animations:
                    animations = int(m.group(1)) + 1
                    if progress:
                        progress(job, f"{animations} animations")
            code = proc.wait()
        if code != 0:
            return JobResult(job, "failed", time.perf_counter() - start,
                             f"manim exited with status {code}; log: {job.log_file}")
        folder = QUALITIES[job.quality][1]
        found = list((media / "videos").glob(f"*/{folder}/{job.stem}.mp4"))
        if not found:
            return JobResult(job, "failed", time.perf_counter() - start,
                             f"manim wrote no {job.stem}.mp4; log: {job.log_file}")
        video = found[0]
        srt = video.with_suffix(".srt")
        beats = json.loads((media / "beats.json").read_text())
        sections = video.parent / "sections" / f"{job.stem}.json"
        beats["sections"] = json.loads(sections.read_text()) if sections.exists() else []
        job.out_dir.mkdir(parents=True, exist_ok=True)
        _atomic_copy(srt if srt.exists() else _empty(media), job.out_dir / f"{job.stem}.srt")
        atomic_write_text(job.out_dir / f"{job.stem}.beats.json", json.dumps(beats, indent=2))
        _atomic_copy(video, job.video)  # the video last: it marks the job as complete
        atomic_write_text(job.key_file, job.key)
        return JobResult(job, "rendered", time.perf_counter() - start,
                         info={"animations": animations})
    except KeyboardInterrupt:
        raise
    except Exception as err:  # report, keep the other jobs going
        return JobResult(job, "failed", time.perf_counter() - start,
                         f"{type(err).__name__}: {err}; log: {job.log_file}")
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _empty(folder: Path) -> Path:
    p = folder / "empty.srt"
    p.write_text("")
    return p


def run_jobs(jobs: list[Job], *, jobs_n: int = 1, force: bool = False,
             progress: Callable[[Job, str], None] | None = None) -> list[JobResult]:
    """Render the jobs that are not up to date, ``jobs_n`` at a time; results in job order."""
    results: dict[int, JobResult] = {}
    todo = []
    for i, job in enumerate(jobs):
        if not force and job.up_to_date():
            results[i] = JobResult(job, "up to date")
            if progress:
                progress(job, "up to date")
        else:
            todo.append(i)
    if todo:
        with ThreadPoolExecutor(max_workers=max(1, jobs_n)) as pool:  # threads only wait
            futures = {i: pool.submit(render_job, jobs[i], progress) for i in todo}
            for i, fut in futures.items():
                results[i] = fut.result()
                if progress:
                    r = results[i]
                    progress(r.job, f"{r.status} in {r.seconds:.0f}s" if r.status != "failed"
                             else f"FAILED ({r.error})")
    return [results[i] for i in range(len(jobs))]


# -- the chapter playlist -----------------------------------------------------------------------
def write_chapter(chapter: Chapter, jobs: list[Job], quality: str) -> dict:
    """Join the scene videos (no re-encode) into ``chapterN.mp4``; write the playlist and
    manifest. Only lectures whose video exists are included."""
    out = jobs[0].out_dir
    present = [j for j in jobs if j.video.exists()]
    entries = []
    for j in present:
        facts = probe(j.video)
        entries.append({"id": j.lecture.id, "title": j.lecture.title, "file": j.video.name,
                        "captions": f"{j.stem}.srt", "beats": f"{j.stem}.beats.json",
                        "duration": round(facts["duration"], 3), "quality": quality,
                        "resolution": f"{facts['width']}x{facts['height']}",
                        "fps": facts["fps"], "params": j.params})
    manifest = {"chapter": chapter.slug, "number": chapter.number, "title": chapter.title,
                "quality": quality, "video": f"{chapter.slug}.mp4", "scenes": entries}
    if present:
        listing = out / CACHE_DIR_NAME / "concat.txt"
        listing.write_text("".join(f"file '{j.video.resolve()}'\n" for j in present))
        tmp = out / f".{chapter.slug}.tmp{os.getpid()}.mp4"
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                        "-i", str(listing), "-c", "copy", "-movflags", "+faststart", str(tmp)],
                       check=True, stdin=subprocess.DEVNULL)
        os.replace(tmp, out / f"{chapter.slug}.mp4")
        manifest["duration"] = round(probe(out / f"{chapter.slug}.mp4")["duration"], 3)
    m3u = ["#EXTM3U", f"#PLAYLIST:{chapter.title}"]
    for e in entries:
        m3u += [f"#EXTINF:{round(e['duration'])},{e['title']}", e["file"]]
    atomic_write_text(out / "playlist.m3u", "\n".join(m3u) + "\n")
    atomic_write_text(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    return manifest


# -- one build at a time per output folder ------------------------------------------------------
class LockedError(RuntimeError):
    pass


class RenderLock:
    """An exclusive lock on ``renders/<chapter>``: a second run on the same outputs is refused."""

    def __init__(self, folder: Path):
        self.path = folder / CACHE_DIR_NAME / "lock"
        self.fh = None

    def __enter__(self):
        import fcntl
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.seek(0)
            who = self.fh.read().strip() or "another render"
            self.fh.close()
            raise LockedError(f"{self.path.parent.parent} is being rendered by {who}; "
                              "wait for it to finish") from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(f"pid {os.getpid()}")
        self.fh.flush()
        return self

    def __exit__(self, *exc):
        import fcntl
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()
