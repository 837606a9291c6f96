"""Clips for slides: one file per section (beat) of a lecture, cut by Manim itself.

``render chapter3 --clips`` keeps Manim's section videos (``--save_sections``) and writes them to
``renders/chapter3/clips/<NN_slug>/<NN>_<beat>.<ext>`` with ``clips/manifest.json`` (scene,
beat, caption, start, duration, file per clip). ``NN`` is the section's position in the lecture;
``00_title`` is the title card before the first beat. File names depend only on the lecture's
order and its beat names, so slides that link a clip keep working after a re-render.

Formats: ``mp4`` (Manim's H.264 section video, as is), ``webm`` (VP9), ``gif`` (for slide
tools that take no video) and ``png`` (a poster still: the last frame of the section). A
transparent render (``--transparent``, variant ``@transparent``: WebM VP9 with alpha) gives
``webm`` clips with alpha and ``gif``/``png`` with transparency; its clips go to
``clips/<NN_slug>@transparent/``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

__all__ = ["FORMATS", "clip_stem", "sections_of", "write_clips", "alpha_pix_fmt",
           "ClipError"]

FORMATS = ("mp4", "webm", "gif", "png")
GIF_MAX_FPS = 25          # GIF frame delays are in 1/100 s; browsers slow down faster GIFs


class ClipError(RuntimeError):
    pass


def clip_stem(index: int, name: str) -> str:
    """``3, "gradient"`` -> ``03_gradient``; Manim's ``autocreated`` first section is the title."""
    name = "title" if name == "autocreated" else re.sub(r"[^A-Za-z0-9_-]+", "_", name)
    return f"{index:02d}_{name}"


def sections_of(job, title: str = "") -> list[dict]:
    """The job's sections with their clip name, caption, start and duration (seconds)."""
    doc = json.loads((job.out_dir / f"{job.stem}.beats.json").read_text())
    beats = {b["name"]: b for b in doc.get("beats", [])}
    out, t = [], 0.0
    for i, s in enumerate(doc.get("sections", [])):
        dur = float(s["duration"])
        beat = beats.get(s["name"])
        caption = beat["caption"] if beat else (title if s["name"] == "autocreated" else "")
        out.append({"index": i, "section": s["name"], "clip": clip_stem(i, s["name"]),
                    "caption": caption, "start": round(t, 3), "duration": round(dur, 3),
                    "video": s["video"], "width": s.get("width"), "height": s.get("height")})
        t += dur
    return out


def _ffmpeg(args: list[str]) -> None:
    proc = subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *args],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise ClipError(f"ffmpeg failed: {proc.stderr.strip()[-500:]}")


def _has_audio(video: Path) -> bool:
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries",
                          "stream=index", "-of", "csv=p=0", str(video)],
                         capture_output=True, text=True).stdout
    return bool(out.strip())


def _decode_opts(alpha: bool) -> list[str]:
    # FFmpeg's native VP9 decoder drops the alpha channel; libvpx keeps it
    return ["-c:v", "libvpx-vp9"] if alpha else []


def _convert(src: Path, dst: Path, fmt: str, *, alpha: bool, fps: float,
             audio: tuple[Path, float, float] | None) -> None:
    """Write ``dst`` (a temporary name) in ``fmt`` from the section video ``src``."""
    if fmt in ("mp4", "webm") and fmt == src.suffix[1:] and audio is None:
        shutil.copyfile(src, dst)
    elif fmt == "mp4":  # a narrated clip: the section's video plus its stretch of the audio
        main, start, dur = audio
        _ffmpeg(["-i", str(src), "-ss", f"{start:.3f}", "-t", f"{dur:.3f}", "-i", str(main),
                 "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-shortest",
                 "-movflags", "+faststart", "-f", "mp4", str(dst)])
    elif fmt == "webm":
        extra = []
        if audio is not None:
            main, start, dur = audio
            extra = ["-ss", f"{start:.3f}", "-t", f"{dur:.3f}", "-i", str(main),
                     "-map", "0:v", "-map", "1:a", "-c:a", "libopus", "-shortest"]
        _ffmpeg([*_decode_opts(alpha), "-i", str(src), *extra, "-c:v", "libvpx-vp9",
                 "-b:v", "0", "-crf", "33", "-deadline", "realtime", "-cpu-used", "8",
                 "-row-mt", "1", "-pix_fmt", "yuva420p" if alpha else "yuv420p",
                 "-f", "webm", str(dst)])
    elif fmt == "gif":
        rate = min(fps, GIF_MAX_FPS)
        if alpha:
            graph = (f"fps={rate},split[a][b];[a]palettegen=reserve_transparent=1:"
                     f"stats_mode=diff[p];[b][p]paletteuse=alpha_threshold=128:dither=bayer")
        else:
            graph = (f"fps={rate},split[a][b];[a]palettegen=stats_mode=diff[p];"
                     f"[b][p]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle")
        _ffmpeg([*_decode_opts(alpha), "-i", str(src), "-filter_complex", graph,
                 "-loop", "0", "-f", "gif", str(dst)])
    elif fmt == "png":  # the last frame: every decoded frame overwrites the one before
        _ffmpeg([*_decode_opts(alpha), "-i", str(src), "-update", "1",
                 "-pix_fmt", "rgba" if alpha else "rgb24", "-c:v", "png", "-f", "image2",
                 str(dst)])
    else:
        raise ClipError(f"unknown clip format {fmt!r}; valid: {', '.join(FORMATS)}")


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.stem}.tmp{os.getpid()}{path.suffix}")


def write_clips(jobs: list, fmt: str = "mp4", progress=None) -> dict:
    """Write one ``fmt`` clip per section of every job (rendered with its sections kept) into
    ``<chapter>/clips/``; update and return ``clips/manifest.json``. A job's clips are skipped
    when they were made from the same render (its key) already."""
    from scripts.build import atomic_write_text, probe
    if fmt not in FORMATS:
        raise ClipError(f"unknown clip format {fmt!r}; valid: {', '.join(FORMATS)}")
    if not jobs:
        return {}
    if fmt == "mp4" and any("transparent" in j.variants for j in jobs):
        raise ClipError("mp4 (H.264) has no alpha channel: transparent clips are webm, gif "
                        "or png")
    root = jobs[0].out_dir / "clips"
    root.mkdir(parents=True, exist_ok=True)
    mpath = root / "manifest.json"
    manifest = json.loads(mpath.read_text()) if mpath.exists() else {}
    entries = [e for e in manifest.get("clips", [])
               if not any(e["scene"] == j.stem and e["format"] == fmt for j in jobs)]
    for job in jobs:
        if not job.video.exists() or not (job.sections_dir / "key").exists():
            continue  # not rendered, or rendered before sections were kept
        alpha = "transparent" in job.variants
        folder = root / job.stem
        folder.mkdir(exist_ok=True)
        stamp = folder / f".{fmt}.key"
        fresh = stamp.exists() and stamp.read_text() == job.key
        facts = probe(job.video)
        audio_src = job.video if _has_audio(job.video) else None
        sections = sections_of(job, job.lecture.title)
        wanted = set()
        for s in sections:
            dst = folder / f"{s['clip']}.{fmt}"
            wanted.add(dst.name)
            if not (fresh and dst.exists()):
                tmp = _tmp(dst)
                try:
                    _convert(job.sections_dir / s["video"], tmp, fmt, alpha=alpha,
                             fps=facts["fps"], audio=(audio_src, s["start"], s["duration"])
                             if audio_src else None)
                    os.replace(tmp, dst)
                finally:
                    tmp.unlink(missing_ok=True)
            entries.append({"scene": job.stem, "lecture": job.lecture.id,
                            "beat": s["section"] if s["section"] != "autocreated" else "title",
                            "index": s["index"], "caption": s["caption"], "start": s["start"],
                            "duration": s["duration"], "format": fmt,
                            "file": f"{job.stem}/{dst.name}", "width": facts["width"],
                            "height": facts["height"], "transparent": alpha,
                            "narrated": "narrated" in job.variants})
        for old in folder.glob(f"*.{fmt}"):  # clips of beats that no longer exist
            if old.name not in wanted and not old.name.startswith("."):
                old.unlink()
        if not fresh:
            atomic_write_text(stamp, job.key)
        if progress:
            progress(f"clips/{job.stem}/: {len(sections)} {fmt} clips")
    entries.sort(key=lambda e: (e["scene"], e["format"], e["index"]))
    manifest = {"chapter": jobs[0].chapter.slug, "clips": entries}
    atomic_write_text(mpath, json.dumps(manifest, indent=2) + "\n")
    return manifest


def alpha_pix_fmt(video: Path) -> str:
    """The pixel format of a WebM as decoded with libvpx (``yuva420p`` when it has alpha;
    ffprobe's native VP9 decoder always says ``yuv420p``)."""
    proc = subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", *_decode_opts(True), "-i",
                           str(video), "-frames:v", "1", "-f", "null", "-"],
                          capture_output=True, text=True)
    m = re.search(r"Stream #0:0.*?Video: vp9[^,]*, (\w+)", proc.stderr)
    return m.group(1) if m else ""
