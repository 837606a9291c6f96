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
import functools
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
    "write_chapter", "current_chapter", "chapter_key", "probe", "RenderLock", "LockedError", "atomic_write_text", "VARIANTS",
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
SECTIONS_DIR_NAME = "sections"     # under the cache: Manim's section videos, one folder per job
#: render variants: each gets its own key and output name (``01_gd@narrated.mp4``) and never
#: touches the canonical lecture. ``transparent``: WebM VP9 with alpha (manim -t --format webm).
VARIANTS = ("narrated", "transparent")
# One encoder at a time: with two jobs on two cores, overlapping encoding with drawing bought
# nothing measurable (render bench), and it is one less thing running concurrently.
# x264 "veryfast" with the cheapest motion search (diamond, subpixel level 1) and one B-frame:
# a quarter less encoder CPU than plain "veryfast" on our frames (mostly still, a few things
# moving) for files about a tenth bigger; still H.264 High, yuv420p, CRF 23.
ENCODER = ["--encoder-option", "preset=veryfast",
           "--encoder-option", "x264-params=me=dia:subme=1:bframes=1:threads=1",
           "--max-inflight-encoders", "1"]
ANIMATION = re.compile(r"Animation (\d+) :")  # manim logs one such line per animation
TEX_CACHE_ENV = "MLV_TEX_CACHE"
SVG_CACHE_ENV = "MLV_SVG_CACHE"


def svg_cache_dir() -> Path:
    """Parsed SVGs (Text, MathTex) shared by render processes: see ``scenes/svgcache.py``."""
    return Path(os.environ.get(SVG_CACHE_ENV) or ROOT / ".cache" / "svg")


def tex_cache_dir() -> Path:
    """The shared cache of compiled TeX: Manim names each SVG by a hash of the whole .tex
    source (template and expression), so a cached SVG is the one a compile would produce.
    ``$MLV_TEX_CACHE`` moves it; ``render --force`` does not clear it (delete the folder)."""
    return Path(os.environ.get(TEX_CACHE_ENV) or ROOT / ".cache" / "tex")


def _seed_tex(tex_dir: Path) -> set[str]:
    """Link (or copy) every cached SVG into a job's own TeX folder; returns their names."""
    tex_dir.mkdir(parents=True, exist_ok=True)
    cache = tex_cache_dir()
    names = set()
    for svg in cache.glob("*.svg") if cache.is_dir() else ():
        try:
            os.link(svg, tex_dir / svg.name)
        except OSError:
            shutil.copyfile(svg, tex_dir / svg.name)
        names.add(svg.name)
    return names


def _harvest_tex(tex_dir: Path, known: set[str]) -> None:
    """Add the SVGs a job compiled to the shared cache, each under a temporary name first
    (another job reading the cache never sees half a file)."""
    new = [f for f in tex_dir.glob("*.svg") if f.name not in known]
    if not new:
        return
    cache = tex_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    for svg in new:
        _atomic_copy(svg, cache / svg.name)


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


def _imports(path: Path) -> frozenset[str]:
    stat = path.stat()
    return _imports_cached(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=None)
def _imports_cached(path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return frozenset(names)


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
    from importlib.metadata import version  # no import of manim itself: that takes a second
    return {"manim": version("manim"), "numpy": version("numpy"),
            "python": ".".join(map(str, sys.version_info[:3]))}


def job_key(lecture: Lecture, quality: str, params: dict, variant: dict | None = None) -> str:
    """SHA-256 over every input of the job (file contents, not times)."""
    h = hashlib.sha256()
    for path in input_files(lecture):
        h.update(str(path.relative_to(ROOT)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(json.dumps({"lecture": lecture.id, "quality": quality, "encoder": ENCODER,
                         "params": params, "variant": variant or {}, "versions": _versions()},
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
    variants: tuple = ()         # a subset of VARIANTS
    need_sections: bool = False  # up to date only if the section videos are kept too

    @property
    def ext(self) -> str:
        return "webm" if "transparent" in self.variants else "mp4"

    @property
    def video(self) -> Path:
        return self.out_dir / f"{self.stem}.{self.ext}"

    @property
    def sections_dir(self) -> Path:
        """Manim's section videos (one per beat) and their index ``sections.json``."""
        return self.out_dir / CACHE_DIR_NAME / SECTIONS_DIR_NAME / self.stem

    @property
    def key_file(self) -> Path:
        return self.out_dir / CACHE_DIR_NAME / f"{self.stem}.key"

    @property
    def log_file(self) -> Path:
        return self.out_dir / CACHE_DIR_NAME / f"{self.stem}.log"

    def outputs(self) -> list[Path]:
        out = [self.video, self.out_dir / f"{self.stem}.srt",
               self.out_dir / f"{self.stem}.beats.json"]
        return out + [self.sections_dir / "key"] if self.need_sections else out

    def up_to_date(self) -> bool:
        if not (all(p.exists() for p in self.outputs()) and self.key_file.exists()
                and self.key_file.read_text().strip() == self.key):
            return False
        return not self.need_sections or (self.sections_dir / "key").read_text() == self.key


@dataclass
class JobResult:
    job: Job
    status: str          # "rendered", "up to date", "failed"
    seconds: float = 0.0
    error: str = ""
    info: dict = field(default_factory=dict)


def override_stem(base: str, overrides: dict, variants: tuple | list = ()) -> str:
    """``01_gradient_descent`` + {lr: 0.9} -> ``01_gradient_descent@lr=0.9``; variants are
    tagged after the parameters: ``01_gradient_descent@lr=0.9,narrated``."""
    tags = [f"{k}={overrides[k]}" for k in sorted(overrides)] + sorted(variants)
    if not tags:
        return base
    return f"{base}@{re.sub(r'[^A-Za-z0-9=.,_-]+', '_', ','.join(tags))}"


def _variant_inputs(variants: tuple) -> dict:
    """What a variant's video depends on beyond the scene: for narration, the speech backend
    (its source and the espeak-ng version)."""
    out: dict = {v: True for v in sorted(variants)}
    if "narrated" in variants:
        from scripts import speech
        out["speech"] = speech.fingerprint()
    return out


def plan(chapter: Chapter, lectures: list[Lecture], quality: str, renders: Path,
         overrides: dict | None = None, variants: tuple | list = (),
         need_sections: bool = False) -> list[Job]:
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        raise ValueError(f"unknown variants {sorted(unknown)}; valid: {', '.join(VARIANTS)}")
    variants = tuple(sorted(set(variants)))
    extra = _variant_inputs(variants) if variants else None
    jobs = []
    for lec in lectures:
        ov = dict(overrides or {})
        params = {**lec.defaults(), **ov}
        job = Job(chapter, lec, quality, renders / chapter.slug,
                  override_stem(chapter.file_stem(lec), ov, variants), params, ov,
                  variants=variants, need_sections=need_sections)
        job.key = job_key(lec, quality, params, extra)
        jobs.append(job)
    return jobs


# -- running one job ----------------------------------------------------------------------------
def _manim_cmd(job: Job, media: Path) -> list[str]:
    flag = QUALITIES[job.quality][0]
    # Our own keys decide what to re-render, and every job starts in a fresh media folder, so
    # Manim's per-animation cache could never hit: skip hashing every animation. libx264's
    # "veryfast" preset costs a quarter less CPU than "medium" at the same CRF (same H.264,
    # yuv420p).
    return [sys.executable, "-m", "manim", "render", f"-q{flag}", "--media_dir", str(media),
            "--save_sections", "--progress_bar", "none", "--disable_caching",
            *ENCODER, "-o", job.stem,
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
           "MLV_BEATS_FILE": str(media / "beats.json"), "PYTHONUNBUFFERED": "1",
           "MLV_NARRATE": "1" if "narrated" in job.variants else "",
           SVG_CACHE_ENV: str(svg_cache_dir())}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    animations = 0
    try:
        known_tex = _seed_tex(media / "Tex")  # Manim's tex_dir is {media_dir}/Tex
        with open(job.log_file, "w") as log:
            proc = subprocess.Popen(_variant_cmd(job, _manim_cmd(job, media)), cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True, stdin=subprocess.DEVNULL)
            for line in proc.stdout:
                log.write(line)
                m = ANIMATION.search(line)
                if m and int(m.group(1)) + 1 > animations:
                    animations = int(m.group(1)) + 1
                    if progress:
                        progress(job, f"{animations} animations")
            _, status, usage = os.wait4(proc.pid, 0)  # wait4: the child's own peak memory
            code = proc.returncode = os.waitstatus_to_exitcode(status)
        peak_mb = usage.ru_maxrss / 1024  # Linux reports KiB
        if code == 0:  # a killed job may have left half an SVG: keep only a clean run's
            _harvest_tex(media / "Tex", known_tex)
        if code != 0:
            return JobResult(job, "failed", time.perf_counter() - start,
                             f"manim exited with status {code}; log: {job.log_file}")
        folder = QUALITIES[job.quality][1]
        found = list((media / "videos").glob(f"*/{folder}/{job.stem}.{job.ext}"))
        if not found:
            return JobResult(job, "failed", time.perf_counter() - start,
                             f"manim wrote no {job.stem}.{job.ext}; log: {job.log_file}")
        video = found[0]
        srt = video.with_suffix(".srt")
        beats = json.loads((media / "beats.json").read_text())
        sections = video.parent / "sections" / f"{job.stem}.json"
        beats["sections"] = json.loads(sections.read_text()) if sections.exists() else []
        job.out_dir.mkdir(parents=True, exist_ok=True)
        if sections.exists():
            _keep_sections(job, sections.parent, beats["sections"])
        _atomic_copy(srt if srt.exists() else _empty(media), job.out_dir / f"{job.stem}.srt")
        atomic_write_text(job.out_dir / f"{job.stem}.beats.json", json.dumps(beats, indent=2))
        _atomic_copy(video, job.video)  # the video last: it marks the job as complete
        atomic_write_text(job.key_file, job.key)
        return JobResult(job, "rendered", time.perf_counter() - start,
                         info={"animations": animations, "peak_mb": round(peak_mb, 1),
                               "cpu_s": round(usage.ru_utime + usage.ru_stime, 2)})
    except KeyboardInterrupt:
        raise
    except Exception as err:  # report, keep the other jobs going
        return JobResult(job, "failed", time.perf_counter() - start,
                         f"{type(err).__name__}: {err}; log: {job.log_file}")
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _variant_cmd(job: Job, cmd: list[str]) -> list[str]:
    """Add a variant's manim options (after ``render``) to the command."""
    if "transparent" in job.variants:
        i = cmd.index("render") + 1
        cmd = cmd[:i] + ["--transparent", "--format", "webm"] + cmd[i:]
    return cmd


def _keep_sections(job: Job, folder: Path, index: list[dict]) -> None:
    """Move Manim's section videos to ``job.sections_dir`` as a whole: a new folder is
    filled under a temporary name and swapped in, and stamped with the job key last."""
    dest = job.sections_dir
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for s in index:
        shutil.copyfile(folder / s["video"], tmp / s["video"])
    (tmp / "sections.json").write_text(json.dumps(index, indent=2))
    (tmp / "key").write_text(job.key)
    old = dest.with_name(f".{dest.name}.old{os.getpid()}")
    if dest.exists():
        os.replace(dest, old)
    os.replace(tmp, dest)
    shutil.rmtree(old, ignore_errors=True)


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
def chapter_key(jobs: list[Job], quality: str) -> str:
    """A hash of what the chapter video is made of: each present lecture's content key."""
    parts = [quality, list(jobs[0].variants)] + [
        (j.stem, j.key_file.read_text().strip() if j.key_file.exists() else "")
        for j in jobs if j.video.exists()]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def current_chapter(chapter: Chapter, jobs: list[Job], quality: str) -> dict | None:
    """The chapter's manifest when its video, playlist and captions are already made from
    exactly these lecture videos (a no-change rebuild probes and joins nothing), else None."""
    out = jobs[0].out_dir
    tag = "@" + ",".join(jobs[0].variants) if jobs[0].variants else ""
    manifest = out / f"manifest{tag}.json"
    if not manifest.exists():
        return None
    try:
        previous = json.loads(manifest.read_text())
    except ValueError:
        return None
    needed = [out / previous.get("video", ""), out / f"playlist{tag}.m3u"]
    needed += [out / v for v in previous.get("captions", {}).values()]
    if previous.get("key") != chapter_key(jobs, quality) or not all(p.is_file() for p in needed):
        return None
    return previous


def write_chapter(chapter: Chapter, jobs: list[Job], quality: str) -> dict:
    """Join the scene videos (no re-encode) into ``chapterN.mp4``; write the playlist and
    manifest. Only lectures whose video exists are included. Jobs of a variant (e.g.
    narrated) write ``chapterN@narrated.mp4``, ``playlist@narrated.m3u`` and
    ``manifest@narrated.json`` instead."""
    out = jobs[0].out_dir
    tag = "@" + ",".join(jobs[0].variants) if jobs[0].variants else ""
    name = f"{chapter.slug}{tag}"
    present = [j for j in jobs if j.video.exists()]
    key = chapter_key(jobs, quality)
    entries = []
    for j in present:
        facts = probe(j.video)
        entries.append({"id": j.lecture.id, "title": j.lecture.title, "file": j.video.name,
                        "captions": f"{j.stem}.srt", "beats": f"{j.stem}.beats.json",
                        "duration": round(facts["duration"], 3), "quality": quality,
                        "resolution": f"{facts['width']}x{facts['height']}",
                        "fps": facts["fps"], "params": j.params})
    manifest = {"chapter": chapter.slug, "number": chapter.number, "title": chapter.title,
                "quality": quality, "video": f"{name}.mp4", "scenes": entries,
                "variants": list(jobs[0].variants), "key": key}
    if present:
        listing = out / CACHE_DIR_NAME / f"concat{tag}.txt"
        listing.write_text("".join(f"file '{j.video.resolve()}'\n" for j in present))
        tmp = out / f".{name}.tmp{os.getpid()}.mp4"
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                        "-i", str(listing), "-c", "copy", "-movflags", "+faststart", str(tmp)],
                       check=True, stdin=subprocess.DEVNULL)
        os.replace(tmp, out / f"{name}.mp4")
        manifest["duration"] = round(probe(out / f"{name}.mp4")["duration"], 3)
    m3u = ["#EXTM3U", f"#PLAYLIST:{chapter.title}"]
    for e in entries:
        m3u += [f"#EXTINF:{round(e['duration'])},{e['title']}", e["file"]]
    atomic_write_text(out / f"playlist{tag}.m3u", "\n".join(m3u) + "\n")
    atomic_write_text(out / f"manifest{tag}.json", json.dumps(manifest, indent=2) + "\n")
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
