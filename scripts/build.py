"""Rendering lectures like a build system.

A *job* is one lecture at one quality with one set of parameters. Its *key* is a hash of
everything the video depends on: the scene's source, every project module it imports
(followed transitively through ``algorithms/`` and ``scenes/``), the data files, the
parameters, the quality, and the versions of Manim and Python. A job is up to date when its
record (``.render-cache/<stem>.key``: the key and every output's size and SHA-256) has the
same key and every output still has its recorded size and hash; a damaged output renders the
lecture again.

Each job renders in its own process (``python -m manim``, in its own process group: see
``scripts/procs.py``) with its own media and TeX folders, so jobs run in parallel safely. A
lecture's outputs are made in a staging folder and committed as a unit, the record last
(:func:`commit_lecture`, ``scripts/outputs.py``), so a run killed at any moment leaves the old
lecture or the new one, never a mix.

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
import errno
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, wait as wait_futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from scenes.catalog import Chapter, Lecture
from scripts.outputs import (  # re-exported: the build's disk discipline lives there
    CACHE_DIR_NAME, FAULT_ENV, FAULT_STAGES, LEGACY_MEDIA_AGE, TEMPORARY, MediaDir,
    _atomic_write_bytes, _roll_forward, _suppress_os_error, atomic_write_text, clean_media_dirs,
    clean_stale, fault, file_digest, is_stale_temporary, mp4_whole, recover,
)

__all__ = [
    "ROOT", "QUALITIES", "Job", "JobResult", "plan", "input_files", "job_key", "run_jobs",
    "write_chapter", "current_chapter", "chapter_key", "probe", "RenderLock", "LockedError",
    "atomic_write_text", "VARIANTS", "VOICES", "DEFAULT_VOICE", "voice_fingerprint",
    "PROGRESS_PREFIX", "fault", "FAULT_ENV", "recover", "clean_stale", "file_digest",
    "PlanError", "MediaDir", "clean_media_dirs", "clean_caches", "broken", "mp4_whole",
    "CACHE_DIR_NAME", "FAULT_STAGES", "LEGACY_MEDIA_AGE", "TEMPORARY", "is_stale_temporary",
    "commit_lecture", "finish_lecture", "RECORD_VERSION", "triage",
]

ROOT = Path(__file__).resolve().parents[1]
#: name -> (manim flag, folder manim writes, height, fps)
QUALITIES = {
    "low": ("l", "480p15", 480, 15),
    "medium": ("m", "720p30", 720, 30),
    "high": ("h", "1080p60", 1080, 60),
    "4k": ("k", "2160p60", 2160, 60),
}
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
RECORD_VERSION = 2  # of a lecture's record (.render-cache/<stem>.key)


def svg_cache_dir() -> Path:
    """Parsed SVGs (Text, MathTex) shared by render processes: see ``scenes/engine/svgcache.py``."""
    return Path(os.environ.get(SVG_CACHE_ENV) or ROOT / ".cache" / "svg")


def tex_cache_dir() -> Path:
    """The shared cache of compiled TeX: Manim names each SVG by a hash of the whole .tex
    source (template and expression), so a cached SVG is the one a compile would produce.
    Each entry is stored as ``<that name>.<first 16 hex of its content's SHA-256>.svg`` and
    used only when its content still has that hash (a damaged entry is dropped, and TeX
    compiles the equation again). ``$MLV_TEX_CACHE`` moves it; ``render --force`` does not
    clear it (delete the folder)."""
    return Path(os.environ.get(TEX_CACHE_ENV) or ROOT / ".cache" / "tex")


_TEX_ENTRY = re.compile(r"([0-9a-f]{8,64})\.([0-9a-f]{16})\.svg")
_TEX_LEGACY = re.compile(r"[0-9a-f]{8,64}\.svg")


def _svg_whole(data: bytes) -> bool:
    """A complete SVG document (a file cut short or overwritten is not)."""
    import xml.etree.ElementTree as ET
    try:
        return ET.fromstring(data).tag.rpartition("}")[2] == "svg"
    except (ET.ParseError, ValueError):
        return False


def _tex_entry_name(name: str, data: bytes) -> str:
    return f"{name}.{hashlib.sha256(data).hexdigest()[:16]}.svg"


def _seed_tex(tex_dir: Path) -> set[str]:
    """Link (or copy) every sound cached SVG into a job's own TeX folder under the name Manim
    looks for; returns those names. An entry whose content no longer matches its hash is
    removed (TeX makes it again); an entry of the older, unhashed format is checked to be a
    whole SVG and stored in the new one."""
    tex_dir.mkdir(parents=True, exist_ok=True)
    cache = tex_cache_dir()
    names = set()
    for svg in cache.glob("*.svg") if cache.is_dir() else ():
        m = _TEX_ENTRY.fullmatch(svg.name)
        if m is None and not _TEX_LEGACY.fullmatch(svg.name):
            continue
        try:
            data = svg.read_bytes()
        except OSError:
            continue
        if m is None:  # the unhashed format: adopt it if whole
            name = svg.name[:-4]
            if _svg_whole(data):
                with _suppress_os_error():
                    _atomic_write_bytes(cache / _tex_entry_name(name, data), data)
            with _suppress_os_error():
                svg.unlink()
            if not _svg_whole(data):
                continue
        else:
            name = m.group(1)
            if hashlib.sha256(data).hexdigest()[:16] != m.group(2):
                with _suppress_os_error():  # damaged: dropped, compiled again by this job
                    svg.unlink()
                continue
        dst = tex_dir / f"{name}.svg"
        if dst.exists():
            continue
        try:
            os.link(svg, dst)
        except OSError:
            dst.write_bytes(data)
        names.add(dst.name)
    return names


def _harvest_tex(tex_dir: Path, known: set[str]) -> None:
    """Add the SVGs a job compiled to the shared cache (whole SVG documents only), each under
    a temporary name first (another job reading the cache never sees half a file)."""
    new = [f for f in tex_dir.glob("*.svg") if f.name not in known and _TEX_LEGACY.fullmatch(
        f.name)]
    if not new:
        return
    cache = tex_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    for svg in new:
        data = svg.read_bytes()
        if _svg_whole(data):
            _atomic_write_bytes(cache / _tex_entry_name(svg.name[:-4], data), data)


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
    tree = ast.parse(path.read_bytes(), filename=str(path))
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


class PlanError(ValueError):
    """A lecture that cannot be planned (its source, or a module it imports, is unreadable or
    has a syntax error): the message names the file and line."""


def _plan_error(lecture: Lecture, err: Exception) -> str:
    if isinstance(err, SyntaxError):
        where = Path(err.filename or lecture.path)
        try:
            where = where.relative_to(ROOT)
        except ValueError:
            pass
        return f"syntax error in {where}, line {err.lineno}: {err.msg}"
    if isinstance(err, OSError):
        return f"cannot read {err.filename or lecture.path}: {err.strerror or err}"
    return f"cannot read the source of {lecture.id}: {err}"


# -- outputs and their records ------------------------------------------------------------------


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
    error: str = ""              # why the lecture cannot be rendered at all (PlanError)

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
        """The lecture's record: its key and every output's size and SHA-256, written last."""
        return self.out_dir / CACHE_DIR_NAME / f"{self.stem}.key"

    @property
    def journal_file(self) -> Path:
        """While a new render's outputs are moved into place: what goes where (see
        :func:`recover`)."""
        return self.out_dir / CACHE_DIR_NAME / f"{self.stem}.commit"

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

    def name(self, path: Path) -> str:
        """``path`` as the record names it: relative to the chapter folder."""
        return path.relative_to(self.out_dir).as_posix()

    def read_record(self) -> dict | None:
        """The record of the last complete render (``{"key", "outputs": {name: {"size",
        "sha256"}}}``); a plain key from before outputs were recorded gives ``{"key",
        "legacy": True}``; None when there is none or it cannot be read."""
        try:
            text = self.key_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if re.fullmatch(r"[0-9a-f]{64}", text):
            return {"key": text, "legacy": True}
        try:
            doc = json.loads(text)
        except ValueError:
            return None
        if not (isinstance(doc, dict) and isinstance(doc.get("key"), str)
                and isinstance(doc.get("outputs"), dict)):
            return None
        return doc

    def state(self) -> tuple[str, str]:
        """Whether the outputs are this job's, whole: ``("current", "")``, ``("new", "")``
        (never rendered), ``("stale", why)`` (rendered from other inputs) or
        ``("damaged", why)`` (an output is missing, or its size or SHA-256 is not its
        record's). Every output's size and hash are checked each time."""
        if self.error:
            return "failed", self.error
        rec = self.read_record()
        if rec is None:
            if self.key_file.exists():
                return "damaged", f"its record {self.name(self.key_file)} is unreadable"
            if self.video.exists():
                return "stale", "no record"
            return "new", ""
        if rec["key"] != self.key:
            return "stale", "changed"
        legacy = rec.get("legacy", False)
        for p in self.outputs():
            n = self.name(p)
            try:
                size = p.stat().st_size
            except OSError:
                return "damaged", f"{n} is missing"
            if legacy:
                continue
            want = rec["outputs"].get(n)
            if want is None:
                return "stale", f"{n} was not kept"
            if not isinstance(want, dict):
                return "damaged", f"its record of {n} is malformed"
            if size != want.get("size"):
                return "damaged", f"{n} has {size} bytes, its record {want.get('size')}"
            if file_digest(p) != want.get("sha256"):
                return "damaged", f"{n} is not what was rendered (SHA-256 differs)"
        if self.need_sections and not legacy:
            for n, want in rec["outputs"].items():
                p = self.out_dir / n
                if n.startswith(f"{CACHE_DIR_NAME}/") and (
                        not isinstance(want, dict) or not p.is_file()
                        or p.stat().st_size != want.get("size")):
                    return "damaged", f"{n} is missing or cut short"
        if legacy:  # a render from before records: adopt it if it is whole
            why = self._legacy_damage()
            if why:
                return "damaged", why
            with _suppress_os_error():
                atomic_write_text(self.key_file, json.dumps(
                    self.make_record({self.name(p): p for p in self._record_files()})))
        return "current", ""

    def _legacy_damage(self) -> str:
        if self.need_sections and (self.sections_dir / "key").read_text().strip() != self.key:
            return "its section videos are another render's"
        if self.ext == "mp4" and not mp4_whole(self.video):
            return f"{self.video.name} is cut short"
        try:
            if not isinstance(json.loads(self.beats_file.read_text(encoding="utf-8")), dict):
                raise ValueError
        except (OSError, ValueError, UnicodeDecodeError):
            return f"{self.beats_file.name} is unreadable"
        return ""

    def _record_files(self) -> list[Path]:
        files = [p for p in self.outputs() if p.parent == self.out_dir]
        if self.sections_dir.is_dir():
            files += sorted(p for p in self.sections_dir.iterdir() if p.is_file())
        return files

    def make_record(self, files: dict[str, Path]) -> dict:
        """The record of outputs ``{name: file holding it now}``."""
        return {"version": RECORD_VERSION, "key": self.key, "lecture": self.lecture.id,
                "outputs": {n: {"size": p.stat().st_size, "sha256": file_digest(p)}
                            for n, p in sorted(files.items())}}

    def up_to_date(self) -> bool:
        return self.state()[0] == "current"


@dataclass
class JobResult:
    job: Job
    status: str          # "rendered", "up to date", "failed", "cancelled"
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
    """One job per lecture (a lecture named twice is planned once). A lecture whose source
    cannot be read or parsed gets a job with ``error`` set, which fails alone."""
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        raise ValueError(f"unknown variants {sorted(unknown)}; valid: {', '.join(VARIANTS)}")
    if voice not in VOICES:
        raise ValueError(f"unknown voice {voice!r}; voices: {', '.join(VOICES)}")
    variants = tuple(sorted(set(variants)))
    extra = {v: True for v in variants} or None
    jobs = []
    for lec in dict.fromkeys(lectures):
        ov = dict(overrides or {})
        params = {**lec.defaults(), **ov}
        job = Job(chapter, lec, quality, renders / chapter.slug,
                  override_stem(chapter.file_stem(lec), ov, variants), params, ov,
                  variants=variants, need_sections=need_sections, voice=voice)
        try:
            job.key = job_key(lec, quality, params, extra, voice)
        except (SyntaxError, OSError, UnicodeDecodeError, ValueError) as err:
            job.error = _plan_error(lec, err)
        jobs.append(job)
    return jobs


# -- temporaries --------------------------------------------------------------------------------


def clean_caches() -> list[Path]:
    """Remove the temporaries killed runs left in the shared TeX and SVG caches (those of
    processes that are gone; the caches are shared by every chapter, so no lock covers
    them), and the SVG cache's entries of the old pickled format."""
    removed = []
    for cache in (tex_cache_dir(), svg_cache_dir()):
        try:
            names = [e.name for e in os.scandir(cache)]
        except OSError:
            continue
        for n in names:
            # a temporary of a process that is gone, or an SVG-cache entry of the old pickled
            # format (never read again: pickles could run code)
            if (n.startswith(".") and is_stale_temporary(n)) or (
                    cache == svg_cache_dir() and n.endswith(".pkl")):
                with _suppress_os_error():
                    (cache / n).unlink()
                    removed.append(cache / n)
    return removed


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


def probe(video: Path) -> dict:
    """Facts of a video (PyAV): duration, width, height, codec, pix_fmt, fps, frames,
    video_duration, audio, subtitles, chapters: see ``scripts.media.probe``."""
    from scripts.media import probe as media_probe
    return media_probe(video)


def previous_duration(job: Job) -> float | None:
    """The video length of the job's last render (from its beats.json), to estimate progress."""
    try:
        doc = json.loads(job.beats_file.read_text(encoding="utf-8"))
        return float(doc.get("video_duration") or doc.get("duration") or 0) or None
    except (OSError, ValueError, TypeError, AttributeError, UnicodeDecodeError):
        return None


#: one BLAS thread per render process: with the machine's default (a thread per core),
#: NumPy's matrix products add in another order and a lecture's frames differed by a few
#: bytes between this machine and a Dask worker (whose nanny sets these to 1); each render
#: is one process per core anyway
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "VECLIB_MAXIMUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1"}


def render_env(job: Job, media: Path) -> dict:
    """The environment of a job's render process. ``PYTHONHASHSEED`` is fixed: Manim's
    ``TransformMatchingShapes`` iterates a set of shapes keyed by ``hash()``, so with a random
    seed two renders of one lecture differed in a few frames. BLAS runs one thread
    (:data:`ONE_THREAD`), so the bytes do not depend on the machine's cores or on where the
    render runs (``render --scheduler``)."""
    env = {**os.environ, "MLV_PARAMS": json.dumps(job.overrides), "COLUMNS": "250",
           "MLV_BEATS_FILE": str(media / "beats.json"), "PYTHONUNBUFFERED": "1",
           "MLV_VOICE": job.voice, "MLV_PROGRESS": "1", SVG_CACHE_ENV: str(svg_cache_dir()),
           # the build puts narration.wav into the video itself (finish_lecture): the scene
           # need not have Manim encode it too (add_sound: ~2 CPU s per minute of speech)
           "MLV_SOUND_BY_BUILD": "1", "PYTHONHASHSEED": "0", **ONE_THREAD}
    env.pop("MLV_NARRATE", None)
    env.pop(FAULT_ENV, None)  # faults are the build's, not the scene's
    # a Dask worker's own memory setting (its nanny sets it): in a render process, glibc then
    # trims its heap at every free of 64 kB, and the whole book took twice the system time
    env.pop("MALLOC_TRIM_THRESHOLD_", None)
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
    chapters) and commit the outputs as a unit (:func:`commit_lecture`).

    ``progress(job, "rendering", tick)`` is called for every ``MLV_PROGRESS`` line of the
    render process (``tick``: beat, beats, name, t, frames, fps, and ``expected``: the video
    seconds of the previous render, or None)."""
    from scripts import procs
    start = time.perf_counter()
    if job.error:
        return JobResult(job, "failed", 0.0, job.error)
    if procs.CANCEL.is_set():
        return JobResult(job, "cancelled")
    animations = 0
    try:
        job.key_file.parent.mkdir(parents=True, exist_ok=True)
        with MediaDir(job.stem) as media:
            env = render_env(job, media)
            expected = previous_duration(job)
            known_tex = _seed_tex(media / "Tex")  # Manim's tex_dir is {media_dir}/Tex
            if progress:
                progress(job, "started", {"expected": expected})
            with open(job.log_file, "w", encoding="utf-8", errors="replace") as log:
                proc = procs.spawn(_variant_cmd(job, _manim_cmd(job, media)), cwd=ROOT,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, errors="replace", stdin=subprocess.DEVNULL)
                try:
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
                    _, status, usage = os.wait4(proc.pid, 0)  # the child's own peak memory
                    code = proc.returncode = os.waitstatus_to_exitcode(status)
                finally:
                    procs.forget(proc)
            if procs.CANCEL.is_set():
                return JobResult(job, "cancelled", time.perf_counter() - start)
            peak_mb = usage.ru_maxrss / 1024  # Linux reports KiB
            if code == 0:  # a killed job may have left half an SVG: keep only a clean run's
                _harvest_tex(media / "Tex", known_tex)
            if code != 0:
                return JobResult(job, "failed", time.perf_counter() - start,
                                 f"manim exited with status {code}; log: {job.log_file}")
            fault("after-render")
            folder = QUALITIES[job.quality][1]
            found = list((media / "videos").glob(f"*/{folder}/{job.stem}.{job.ext}"))
            if not found:
                return JobResult(job, "failed", time.perf_counter() - start,
                                 f"manim wrote no {job.stem}.{job.ext}; log: {job.log_file}")
            video = found[0]
            beats = json.loads((media / "beats.json").read_text(encoding="utf-8"))
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
            from scripts.media import cpu_seconds
            before = cpu_seconds()
            finish_lecture(job, video, beats, duration, narration,
                           sections.parent if sections.exists() else None)
            post = cpu_seconds() - before           # the build's own ffmpeg (audio, muxing)
        cpu = usage.ru_utime + usage.ru_stime + post
        return JobResult(job, "rendered", time.perf_counter() - start,
                         info={"animations": animations, "peak_mb": round(peak_mb, 1),
                               "cpu_s": round(cpu, 2), "post_cpu_s": round(post, 2),
                               "video_s": round(duration, 3),
                               "speech_s": beats.get("speech_seconds")})
    except procs.Interrupted:
        return JobResult(job, "cancelled", time.perf_counter() - start)
    except Exception as err:  # report, keep the other jobs going
        if procs.CANCEL.is_set():
            return JobResult(job, "cancelled", time.perf_counter() - start)
        return JobResult(job, "failed", time.perf_counter() - start,
                         f"{_describe(err)}; log: {job.log_file}")


def _describe(err: Exception) -> str:
    if isinstance(err, OSError) and err.strerror:
        return f"{err.strerror}: {err.filename}" if err.filename else err.strerror
    return f"{type(err).__name__}: {err}"


def finish_lecture(job: Job, video: Path, beats: dict, duration: float,
                   narration: Path | None, sections: Path | None = None) -> None:
    """Make the lecture's outputs from Manim's ``video`` and ``beats`` in a staging folder
    (``.render-cache/.<stem>.stage.tmpPID``): the captions, chapters and description, the
    beats, the section videos (``sections``: Manim's folder of them) and the video (Manim's
    with the narration, ``narration`` or else its own audio track, cut to ``duration``, the
    captions as mov_text and the chapters, never re-encoding the video; a transparent WebM
    is copied as it is). Then :func:`commit_lecture` moves them into place as a unit."""
    from scripts import captions, media as mediatools
    stage = job.out_dir / CACHE_DIR_NAME / f".{job.stem}.stage.tmp{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    committed = False
    try:
        staged: dict[Path, Path] = {}   # final -> staged
        if sections is not None:
            staged[job.sections_dir] = _stage_sections(job, stage, sections, beats["sections"],
                                                       narration)
            fault("after-sections")
        made = captions.write_lecture(stage, job.stem, beats, duration,
                                      title=job.lecture.title, chapter_title=job.chapter.title)
        for ext in (".srt", ".vtt", ".chapters.vtt", ".description.txt"):
            staged[job.out_dir / f"{job.stem}{ext}"] = stage / f"{job.stem}{ext}"
        fault("after-captions")
        beats["audio"] = narration is not None or probe(video)["audio"] is not None
        atomic_write_text(stage / job.beats_file.name, json.dumps(beats, indent=2))
        staged[job.beats_file] = stage / job.beats_file.name
        fault("after-beats")
        tmp = stage / job.video.name
        if job.ext == "mp4":
            mediatools.mux_lecture(video, tmp, audio=narration,
                                   srt=stage / f"{job.stem}.srt", ffmeta=made["ffmeta"],
                                   duration=duration)
        else:
            shutil.copyfile(video, tmp)
        staged[job.video] = tmp
        fault("after-video-copy")
        commit_lecture(job, staged, stage)
        committed = True
    finally:
        if not committed and not job.journal_file.exists():
            shutil.rmtree(stage, ignore_errors=True)


def commit_lecture(job: Job, staged: dict[Path, Path], stage: Path) -> None:
    """Put a lecture's staged outputs in place as a unit, its record last. The record (each
    output's size and SHA-256) and the list of moves go into a journal first
    (``.render-cache/<stem>.commit``, written atomically); the old record is removed; then the
    files are moved (renames, in one folder tree) and the record written. A run killed before
    the journal is written leaves the old lecture; killed after, the next run completes the
    moves (:func:`recover`), leaving the new one."""
    files = {job.name(final): tmp for final, tmp in staged.items() if not tmp.is_dir()}
    for final, tmp in staged.items():
        if tmp.is_dir():
            files.update({job.name(final / p.name): p for p in sorted(tmp.iterdir())
                          if p.is_file()})
    record = job.make_record(files)
    # the video last: players see a new video only with its new captions beside it
    order = sorted(staged.items(), key=lambda kv: kv[0] == job.video)
    journal = {"renames": [[job.name(tmp), job.name(final)] for final, tmp in order],
               "record_file": job.name(job.key_file), "record": record,
               "stage": job.name(stage)}
    atomic_write_text(job.journal_file, json.dumps(journal, indent=1))
    fault("after-journal")
    job.key_file.unlink(missing_ok=True)
    _roll_forward(job.out_dir, job.journal_file)


def _variant_cmd(job: Job, cmd: list[str]) -> list[str]:
    """Add a variant's manim options (after ``render``) to the command."""
    if "transparent" in job.variants:
        i = cmd.index("render") + 1
        cmd = cmd[:i] + ["--transparent", "--format", "webm"] + cmd[i:]
    return cmd


def _stage_sections(job: Job, stage: Path, folder: Path, index: list[dict],
                    narration: Path | None = None) -> Path:
    """Manim's section videos (and the narration track, for the clips' audio) copied into a
    new folder in ``stage``, stamped with the job key; :func:`commit_lecture` swaps it in for
    ``job.sections_dir``."""
    tmp = stage / "sections"
    tmp.mkdir()
    for s in index:
        shutil.copyfile(folder / s["video"], tmp / s["video"])
    if narration is not None:
        shutil.copyfile(narration, tmp / "narration.wav")
    (tmp / "sections.json").write_text(json.dumps(index, indent=2))
    (tmp / "key").write_text(job.key)
    return tmp


def run_jobs(jobs: list[Job], *, jobs_n: int = 1, force: bool = False,
             progress: Callable[..., None] | None = None) -> list[JobResult]:
    """Render the jobs that are not up to date, ``jobs_n`` at a time; results in job order.

    ``progress(job, message, info=None)`` hears of each job: "up to date"; "damaged (why):
    rendering again"; "started" (info: ``expected`` video seconds or None); "rendering" (info:
    the render process's ``MLV_PROGRESS`` tick); then "rendered in Ns" or "FAILED (why)" (info:
    the JobResult).

    Interrupted (SIGINT or SIGTERM as :class:`scripts.procs.Interrupted`, or
    KeyboardInterrupt), it cancels the queued jobs, ends the running ones' processes, lets
    them remove their temporaries, and re-raises with ``kept`` (the lectures rendered by this
    run) and ``cancelled`` set on the exception."""
    from scripts import procs
    procs.reset()  # a new run: children may start again
    results, todo = triage(jobs, force, progress)
    if not todo:
        return [results[i] for i in range(len(jobs))]
    pool = ThreadPoolExecutor(max_workers=max(1, jobs_n))  # threads only wait
    futures = {}
    try:
        futures = {i: pool.submit(_run_one, jobs[i], progress) for i in todo}
        for i, fut in futures.items():
            results[i] = fut.result()
    except BaseException as err:
        procs.CANCEL.set()
        pool.shutdown(wait=False, cancel_futures=True)
        procs.terminate_all()
        wait_futures([f for f in futures.values() if f.running()], timeout=1.0)
        if isinstance(err, (procs.Interrupted, KeyboardInterrupt)):
            done = [f.result() for f in futures.values() if f.done() and not f.cancelled()]
            kept = [r.job.stem for r in done if r.status == "rendered"]
            err.kept = kept
            err.cancelled = [jobs[i].stem for i in todo if jobs[i].stem not in kept]
        raise
    finally:
        pool.shutdown(wait=False)
    return [results[i] for i in range(len(jobs))]


def triage(jobs: list[Job], force: bool = False, progress: Callable[..., None] | None = None
           ) -> tuple[dict[int, JobResult], list[int]]:
    """The results of the jobs that are up to date (said to ``progress``), and the indices of
    those to render (a damaged one said, with why). Shared by the local pool and the cluster
    (``scripts/cluster.py``)."""
    results: dict[int, JobResult] = {}
    todo = []
    for i, job in enumerate(jobs):
        state, why = ("new", "") if force else job.state()
        if state == "current":
            results[i] = JobResult(job, "up to date")
            if progress:
                progress(job, "up to date")
            continue
        if state == "damaged" and progress:
            progress(job, f"damaged ({why}): rendering again")
        todo.append(i)
    return results, todo


def _run_one(job: Job, progress) -> JobResult:
    r = render_job(job, progress)
    if progress and r.status != "cancelled":
        progress(job, f"rendered in {r.seconds:.0f}s" if r.status != "failed"
                 else f"FAILED ({r.error})", {"result": r})
    return r


# -- the chapter video ----------------------------------------------------------------------------
def _whole(jobs: list[Job]) -> list[Job]:
    """The jobs whose outputs are whole and match their record (any key: a lecture rendered
    from other inputs still joins the chapter until it is rendered again)."""
    out = []
    for j in jobs:
        if not j.video.exists():
            continue
        rec = j.read_record()
        if rec is None:
            continue
        saved, j.key, error, j.error = j.key, rec["key"], j.error, ""
        try:
            if j.state()[0] == "current":
                out.append(j)
        finally:
            j.key, j.error = saved, error
    return out


def broken(jobs: list[Job]) -> list[tuple[Job, str]]:
    """The lectures that were rendered but whose outputs are now damaged, and why. (A lecture
    whose source cannot be planned keeps its last whole render in the chapter.)"""
    out = []
    for j in jobs:
        rec = j.read_record()
        if rec is None:
            if j.key_file.exists() or j.video.exists():
                out.append((j, "its outputs have no readable record"))
            continue
        saved, j.key, error, j.error = j.key, rec["key"], j.error, ""
        try:
            state, why = j.state()
        finally:
            j.key, j.error = saved, error
        if state == "damaged":
            out.append((j, why))
    return out


def chapter_key(jobs: list[Job], quality: str) -> str:
    """A hash of what the chapter video is made of: each whole lecture's record."""
    parts = [quality, list(jobs[0].variants), POSTPROCESS] + [
        (j.stem, j.read_record()) for j in _whole(jobs)]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def current_chapter(chapter: Chapter, jobs: list[Job], quality: str) -> dict | None:
    """The chapter's manifest when its video, playlist and captions are already made from
    exactly these lecture videos (a no-change rebuild probes and joins nothing), else None."""
    out = jobs[0].out_dir
    manifest = out / "manifest.json"
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(previous, dict):
        return None
    try:
        needed = [out / previous["video"], out / "playlist.m3u"]
        needed += [out / v for v in previous.get("captions", {}).values()]
        if previous.get("key") != chapter_key(jobs, quality) or not all(
                p.is_file() for p in needed) or not isinstance(previous.get("scenes"), list):
            return None
    except (KeyError, TypeError, AttributeError):
        return None
    return previous


def write_chapter(chapter: Chapter, jobs: list[Job], quality: str) -> dict:
    """Join the lecture videos into ``chapterN.mp4``: the video streams copied (no
    re-encode), one audio track built from the lectures' audio (each cut to its video's
    length, encoded once), the lectures' captions as one mov_text track (each lecture's cues
    shifted by the lengths of the lectures before it; also ``chapterN.srt``/``.vtt``) and a
    chapter marker per beat. Writes the playlist and manifest. Only lectures whose outputs
    are whole are included; damaged ones are listed under ``broken`` in the manifest."""
    from scripts import captions, media
    out = jobs[0].out_dir
    name = chapter.slug
    present = _whole(jobs)
    key = chapter_key(jobs, quality)
    entries, track, marks = [], [], []
    offset = 0.0
    bad = [{"id": j.lecture.id, "stem": j.stem, "why": why} for j, why in broken(jobs)]
    joined = []
    for j in present:
        try:
            facts = probe(j.video)
            duration = facts["video_duration"]
            doc = json.loads(j.beats_file.read_text(encoding="utf-8"))
            srt_file = out / f"{j.stem}.srt"
            cues = captions.parse_srt(srt_file.read_text(encoding="utf-8"))
            own = captions.lecture_chapters(doc, duration, j.lecture.title)
        except Exception as err:  # whole as recorded, yet unreadable: rendered by a bug
            bad.append({"id": j.lecture.id, "stem": j.stem, "why": _describe(err)})
            continue
        track += captions.shift(cues, offset)
        if own:  # the lecture's start, under its title, is always a chapter marker
            own[0] = captions.Chapter(own[0].start, own[0].end, j.lecture.title, major=True)
        marks += captions.shift(own, offset)
        offset += duration
        joined.append(j)
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
    if bad:
        manifest["broken"] = bad
    if joined:
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
            media.join_chapter([j.video for j in joined], [e["duration"] for e in entries],
                               tmp, listing=out / CACHE_DIR_NAME / "concat.txt",
                               srt=out / f"{name}.srt", ffmeta=meta)
            fault("chapter-join")
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
    outputs is refused, naming the process that holds it. Holding it, a run first completes
    the commits a killed run left (:func:`recover`) and removes the temporaries it left
    (:func:`clean_stale`; ``cleaned``: what was removed)."""

    def __init__(self, folder: Path, tidy: bool = True):
        self.folder = folder
        self.path = folder / CACHE_DIR_NAME / "lock"
        self.owner = self.path.with_name("lock.owner")
        self.tidy = tidy
        self.recovered: list[str] = []
        self.cleaned: list[Path] = []
        self._lock = None

    def __enter__(self):
        from filelock import FileLock, Timeout
        fault("lock", self.path)
        if self.path.parent.exists() and not self.path.parent.is_dir():
            raise OSError(errno.ENOTDIR, f"{CACHE_DIR_NAME} is a file, not a folder: remove "
                          f"it", str(self.path.parent))
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
        try:
            self.owner.write_text(f"pid {os.getpid()}")
            if self.tidy:
                self.recovered = recover(self.folder)
                self.cleaned = clean_stale(self.folder)
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, *exc):
        with _suppress_os_error():
            self.owner.unlink(missing_ok=True)
        self._lock.release()
