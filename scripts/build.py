"""Rendering lectures like a build system.

A *job* is one lecture at one quality with one set of parameters. Its *key* is a hash of
everything the video depends on: the scene's source, every project module it imports
(followed transitively through ``algorithms/`` and ``scenes/``), the data files, the
parameters, the quality, and the versions of Manim and Python. A job whose output exists
with the same key is up to date and is not rendered again.

Each job renders in its own process (``python -m manim``) with its own media and TeX
folders, so jobs run in parallel safely. Outputs are written under a temporary name and
renamed into place when complete, so an interrupted run never leaves a half-written file.

The voice (``$MLV_VOICE``: piper, espeak or none) is part of the key: outputs keep their names,
and rendering with another voice renders again. After Manim, the lecture MP4 gets its final
form without re-encoding the video (``scripts/media.py``): the narration as AAC cut to the
video's exact length, the captions as a mov_text subtitle track, one chapter marker per beat,
``+faststart``.
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
    "write_chapter", "current_chapter", "chapter_key", "probe", "RenderLock", "LockedError",
    "atomic_write_text", "VARIANTS", "VOICES", "DEFAULT_VOICE", "voice_fingerprint",
    "PROGRESS_PREFIX",
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
#: render variants: each gets its own key and output name (``01_gd@transparent.webm``) and
#: never touches the canonical lecture. ``transparent``: WebM VP9 with alpha (manim -t).
VARIANTS = ("transparent",)
#: the narrator (``scenes/voice.py``); part of the job key, not of the output names
VOICES = ("piper", "espeak", "none")
DEFAULT_VOICE = "piper"
#: what the build does to Manim's video after the render (captions, chapters, audio): a change
#: here renders again
POSTPROCESS = 2
PROGRESS_PREFIX = "MLV_PROGRESS "  # one line per played animation from LectureScene
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
    """Parsed SVGs (Text, MathTex) shared by render processes: see ``scenes/engine/svgcache.py``."""
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


@functools.lru_cache(maxsize=None)
def voice_fingerprint(name: str) -> str:
    """What a lecture spoken by voice ``name`` depends on beyond the scene (its program, model
    and settings): ``scenes.voice.fingerprint``."""
    from scenes.voice import fingerprint
    return fingerprint(name)


def job_key(lecture: Lecture, quality: str, params: dict, variant: dict | None = None,
            voice: str = DEFAULT_VOICE) -> str:
    """SHA-256 over every input of the job (file contents, not times), the voice included."""
    h = hashlib.sha256()
    for path in input_files(lecture):
        h.update(str(path.relative_to(ROOT)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(json.dumps({"lecture": lecture.id, "quality": quality, "encoder": ENCODER,
                         "params": params, "variant": variant or {}, "versions": _versions(),
                         "voice": voice_fingerprint(voice), "post": POSTPROCESS},
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
    voice: str = DEFAULT_VOICE   # $MLV_VOICE of the render process

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

    @property
    def beats_file(self) -> Path:
        return self.out_dir / f"{self.stem}.beats.json"

    @property
    def narration(self) -> Path:
        """The lecture's narration track as the scene wrote it (kept with the sections)."""
        return self.sections_dir / "narration.wav"

    def outputs(self) -> list[Path]:
        out = [self.video, self.beats_file] + [
            self.out_dir / f"{self.stem}{ext}"
            for ext in (".srt", ".vtt", ".chapters.vtt", ".description.txt")]
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
    tagged after the parameters: ``01_gradient_descent@lr=0.9,transparent``."""
    tags = [f"{k}={overrides[k]}" for k in sorted(overrides)] + sorted(variants)
    if not tags:
        return base
    return f"{base}@{re.sub(r'[^A-Za-z0-9=.,_-]+', '_', ','.join(tags))}"


def plan(chapter: Chapter, lectures: list[Lecture], quality: str, renders: Path,
         overrides: dict | None = None, variants: tuple | list = (),
         need_sections: bool = False, voice: str = DEFAULT_VOICE) -> list[Job]:
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        raise ValueError(f"unknown variants {sorted(unknown)}; valid: {', '.join(VARIANTS)}")
    if voice not in VOICES:
        raise ValueError(f"unknown voice {voice!r}; voices: {', '.join(VOICES)}")
    variants = tuple(sorted(set(variants)))
    extra = {v: True for v in variants} or None
    jobs = []
    for lec in lectures:
        ov = dict(overrides or {})
        params = {**lec.defaults(), **ov}
        job = Job(chapter, lec, quality, renders / chapter.slug,
                  override_stem(chapter.file_stem(lec), ov, variants), params, ov,
                  variants=variants, need_sections=need_sections, voice=voice)
        job.key = job_key(lec, quality, params, extra, voice)
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
    """Facts of a video (PyAV): duration, width, height, codec, pix_fmt, fps, frames,
    video_duration, audio, subtitles, chapters: see ``scripts.media.probe``."""
    from scripts.media import probe as media_probe
    return media_probe(video)


def previous_duration(job: Job) -> float | None:
    """The video length of the job's last render (from its beats.json), to estimate progress."""
    try:
        doc = json.loads(job.beats_file.read_text())
        return float(doc.get("video_duration") or doc.get("duration") or 0) or None
    except (OSError, ValueError, TypeError):
        return None


def render_env(job: Job, media: Path) -> dict:
    """The environment of a job's render process."""
    env = {**os.environ, "MLV_PARAMS": json.dumps(job.overrides), "COLUMNS": "250",
           "MLV_BEATS_FILE": str(media / "beats.json"), "PYTHONUNBUFFERED": "1",
           "MLV_VOICE": job.voice, "MLV_PROGRESS": "1", SVG_CACHE_ENV: str(svg_cache_dir()),
           # the build puts narration.wav into the video itself (finish_lecture): the scene
           # need not have Manim encode it too (add_sound: ~2 CPU s per minute of speech)
           "MLV_SOUND_BY_BUILD": "1"}
    env.pop("MLV_NARRATE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _parse_tick(line: str) -> dict | None:
    if not line.startswith(PROGRESS_PREFIX):
        return None
    try:
        tick = json.loads(line[len(PROGRESS_PREFIX):])
    except ValueError:
        return None
    return tick if isinstance(tick, dict) else None


def render_job(job: Job, progress: Callable[..., None] | None = None) -> JobResult:
    """Render one job in its own process and media folder; finish the video (audio, captions,
    chapters) and move the outputs into place, the video last.

    ``progress(job, "rendering", tick)`` is called for every ``MLV_PROGRESS`` line of the
    render process (``tick``: beat, beats, name, t, frames, fps, and ``expected``: the video
    seconds of the previous render, or None)."""
    start = time.perf_counter()
    job.key_file.parent.mkdir(parents=True, exist_ok=True)
    media = Path(tempfile.mkdtemp(prefix=f"mlv-{job.stem}-"))
    env = render_env(job, media)
    expected = previous_duration(job)
    animations = 0
    try:
        known_tex = _seed_tex(media / "Tex")  # Manim's tex_dir is {media_dir}/Tex
        if progress:
            progress(job, "started", {"expected": expected})
        with open(job.log_file, "w") as log:
            proc = subprocess.Popen(_variant_cmd(job, _manim_cmd(job, media)), cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True, stdin=subprocess.DEVNULL)
            for line in proc.stdout:
                tick = _parse_tick(line)
                if tick is not None:
                    if progress:
                        progress(job, "rendering", {**tick, "expected": expected})
                    continue
                log.write(line)
                m = ANIMATION.search(line)
                if m and int(m.group(1)) + 1 > animations:
                    animations = int(m.group(1)) + 1
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
        beats = json.loads((media / "beats.json").read_text())
        sections = video.parent / "sections" / f"{job.stem}.json"
        beats["sections"] = json.loads(sections.read_text()) if sections.exists() else []
        narration = (media / beats["narration"]) if beats.get("narration") else None
        if narration is not None and not narration.is_file():
            narration = None
        facts = probe(video)
        duration = facts["video_duration"]
        beats["video_duration"] = round(duration, 6)
        beats.setdefault("voice", job.voice)
        job.out_dir.mkdir(parents=True, exist_ok=True)
        if sections.exists():
            _keep_sections(job, sections.parent, beats["sections"], narration)
        from scripts.media import cpu_seconds
        before = cpu_seconds()
        finish_lecture(job, video, beats, duration, narration)
        post = cpu_seconds() - before           # the build's own ffmpeg (audio, muxing)
        cpu = usage.ru_utime + usage.ru_stime + post
        return JobResult(job, "rendered", time.perf_counter() - start,
                         info={"animations": animations, "peak_mb": round(peak_mb, 1),
                               "cpu_s": round(cpu, 2), "post_cpu_s": round(post, 2),
                               "video_s": round(duration, 3),
                               "speech_s": beats.get("speech_seconds")})
    except KeyboardInterrupt:
        raise
    except Exception as err:  # report, keep the other jobs going
        return JobResult(job, "failed", time.perf_counter() - start,
                         f"{type(err).__name__}: {err}; log: {job.log_file}")
    finally:
        shutil.rmtree(media, ignore_errors=True)


def finish_lecture(job: Job, video: Path, beats: dict, duration: float,
                   narration: Path | None) -> None:
    """Write the captions, chapters and description from ``beats``, then the video: Manim's
    ``video`` with the narration (``narration``, else the video's own audio track, cut to
    ``duration``), the captions as mov_text and the chapters, never re-encoding the video.
    A transparent WebM is copied as it is. The video is written last (it marks the job as
    complete), then the key."""
    from scripts import captions, media as mediatools
    made = captions.write_lecture(job.out_dir, job.stem, beats, duration,
                                  title=job.lecture.title, chapter_title=job.chapter.title)
    beats["audio"] = narration is not None or probe(video)["audio"] is not None
    atomic_write_text(job.beats_file, json.dumps(beats, indent=2))
    tmp = job.video.with_name(f".{job.video.stem}.tmp{os.getpid()}{job.video.suffix}")
    try:
        if job.ext == "mp4":
            mediatools.mux_lecture(video, tmp, audio=narration,
                                   srt=job.out_dir / f"{job.stem}.srt", ffmeta=made["ffmeta"],
                                   duration=duration)
        else:
            shutil.copyfile(video, tmp)
        os.replace(tmp, job.video)
    finally:
        tmp.unlink(missing_ok=True)
    atomic_write_text(job.key_file, job.key)


def _variant_cmd(job: Job, cmd: list[str]) -> list[str]:
    """Add a variant's manim options (after ``render``) to the command."""
    if "transparent" in job.variants:
        i = cmd.index("render") + 1
        cmd = cmd[:i] + ["--transparent", "--format", "webm"] + cmd[i:]
    return cmd


def _keep_sections(job: Job, folder: Path, index: list[dict],
                   narration: Path | None = None) -> None:
    """Move Manim's section videos (and the narration track, for the clips' audio) to
    ``job.sections_dir`` as a whole: a new folder is filled under a temporary name and
    swapped in, and stamped with the job key last."""
    dest = job.sections_dir
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for s in index:
        shutil.copyfile(folder / s["video"], tmp / s["video"])
    if narration is not None:
        shutil.copyfile(narration, tmp / "narration.wav")
    (tmp / "sections.json").write_text(json.dumps(index, indent=2))
    (tmp / "key").write_text(job.key)
    old = dest.with_name(f".{dest.name}.old{os.getpid()}")
    if dest.exists():
        os.replace(dest, old)
    os.replace(tmp, dest)
    shutil.rmtree(old, ignore_errors=True)


def run_jobs(jobs: list[Job], *, jobs_n: int = 1, force: bool = False,
             progress: Callable[..., None] | None = None) -> list[JobResult]:
    """Render the jobs that are not up to date, ``jobs_n`` at a time; results in job order.

    ``progress(job, message, info=None)`` hears of each job: "up to date"; "started" (info:
    ``expected`` video seconds or None); "rendering" (info: the render process's
    ``MLV_PROGRESS`` tick); then "rendered in Ns" or "FAILED (why)" (info: the JobResult)."""
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
            futures = {i: pool.submit(_run_one, jobs[i], progress) for i in todo}
            for i, fut in futures.items():
                results[i] = fut.result()
    return [results[i] for i in range(len(jobs))]


def _run_one(job: Job, progress) -> JobResult:
    r = render_job(job, progress)
    if progress:
        progress(job, f"rendered in {r.seconds:.0f}s" if r.status != "failed"
                 else f"FAILED ({r.error})", {"result": r})
    return r


# -- the chapter video ----------------------------------------------------------------------------
def chapter_key(jobs: list[Job], quality: str) -> str:
    """A hash of what the chapter video is made of: each present lecture's content key."""
    parts = [quality, list(jobs[0].variants), POSTPROCESS] + [
        (j.stem, j.key_file.read_text().strip() if j.key_file.exists() else "")
        for j in jobs if j.video.exists()]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def current_chapter(chapter: Chapter, jobs: list[Job], quality: str) -> dict | None:
    """The chapter's manifest when its video, playlist and captions are already made from
    exactly these lecture videos (a no-change rebuild probes and joins nothing), else None."""
    out = jobs[0].out_dir
    manifest = out / "manifest.json"
    if not manifest.exists():
        return None
    try:
        previous = json.loads(manifest.read_text())
    except ValueError:
        return None
    needed = [out / previous.get("video", ""), out / "playlist.m3u"]
    needed += [out / v for v in previous.get("captions", {}).values()]
    if previous.get("key") != chapter_key(jobs, quality) or not all(p.is_file() for p in needed):
        return None
    return previous


def write_chapter(chapter: Chapter, jobs: list[Job], quality: str) -> dict:
    """Join the lecture videos into ``chapterN.mp4``: the video streams copied (no
    re-encode), one audio track built from the lectures' audio (each cut to its video's
    length, encoded once), the lectures' captions as one mov_text track (each lecture's cues
    shifted by the lengths of the lectures before it; also ``chapterN.srt``/``.vtt``) and a
    chapter marker per beat. Writes the playlist and manifest. Only lectures whose video
    exists are included."""
    from scripts import captions, media
    out = jobs[0].out_dir
    name = chapter.slug
    present = [j for j in jobs if j.video.exists()]
    key = chapter_key(jobs, quality)
    entries, track, marks = [], [], []
    offset = 0.0
    for j in present:
        facts = probe(j.video)
        duration = facts["video_duration"]
        doc = json.loads(j.beats_file.read_text()) if j.beats_file.exists() else {}
        srt_file = out / f"{j.stem}.srt"
        cues = captions.parse_srt(srt_file.read_text()) if srt_file.exists() else []
        track += captions.shift(cues, offset)
        own = captions.lecture_chapters(doc, duration, j.lecture.title)
        if own:  # the lecture's start, under its title, is always a chapter marker
            own[0] = captions.Chapter(own[0].start, own[0].end, j.lecture.title, major=True)
        marks += captions.shift(own, offset)
        offset += duration
        entries.append({"id": j.lecture.id, "title": j.lecture.title, "file": j.video.name,
                        "captions": f"{j.stem}.srt", "vtt": f"{j.stem}.vtt",
                        "chapters": f"{j.stem}.chapters.vtt",
                        "description": f"{j.stem}.description.txt",
                        "beats": j.beats_file.name, "duration": round(duration, 3),
                        "quality": quality, "resolution": f"{facts['width']}x{facts['height']}",
                        "fps": facts["fps"], "params": j.params, "audio": bool(facts["audio"]),
                        "voice": doc.get("voice", j.voice)})
    manifest = {"chapter": chapter.slug, "number": chapter.number, "title": chapter.title,
                "quality": quality, "video": f"{name}.mp4", "scenes": entries,
                "variants": list(jobs[0].variants), "key": key}
    if present:
        atomic_write_text(out / f"{name}.srt", captions.srt(track))
        atomic_write_text(out / f"{name}.vtt", captions.vtt(track))
        atomic_write_text(out / f"{name}.chapters.vtt", captions.chapters_vtt(marks))
        atomic_write_text(out / f"{name}.description.txt", captions.description(
            marks, offset, title=f"Chapter {chapter.number}: {chapter.title}"))
        meta = out / CACHE_DIR_NAME / f"{name}.ffmeta"
        atomic_write_text(meta, captions.ffmetadata(
            marks, f"Chapter {chapter.number}: {chapter.title}"))
        tmp = out / f".{name}.tmp{os.getpid()}.mp4"
        try:
            media.join_chapter([j.video for j in present], [e["duration"] for e in entries],
                               tmp, listing=out / CACHE_DIR_NAME / "concat.txt",
                               srt=out / f"{name}.srt", ffmeta=meta)
            os.replace(tmp, out / f"{name}.mp4")
        finally:
            tmp.unlink(missing_ok=True)
        manifest["duration"] = round(probe(out / f"{name}.mp4")["video_duration"], 3)
        manifest["captions"] = {"srt": f"{name}.srt", "vtt": f"{name}.vtt"}
        manifest["chapters"] = f"{name}.chapters.vtt"
        manifest["description"] = f"{name}.description.txt"
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
    """An exclusive lock on ``renders/<chapter>`` (``filelock``): a second run on the same
    outputs is refused, naming the process that holds it."""

    def __init__(self, folder: Path):
        self.path = folder / CACHE_DIR_NAME / "lock"
        self.owner = self.path.with_name("lock.owner")
        self._lock = None

    def __enter__(self):
        from filelock import FileLock, Timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(self.path)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            try:
                who = self.owner.read_text().strip()
            except OSError:
                who = ""
            raise LockedError(f"{self.path.parent.parent} is being rendered by "
                              f"{who or 'another render'}; wait for it to finish") from None
        self.owner.write_text(f"pid {os.getpid()}")
        return self

    def __exit__(self, *exc):
        self.owner.unlink(missing_ok=True)
        self._lock.release()
