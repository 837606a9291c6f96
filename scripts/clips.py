"""Clips for slides: one file per section (beat) of a lecture, cut by Manim itself.

``render chapter3 --clips`` keeps Manim's section videos (``--save_sections``) and writes them to
``renders/chapter3/clips/<NN_slug>/<NN>_<beat>.<ext>`` with ``clips/manifest.json`` (scene,
beat, caption, start, duration, file per clip). ``NN`` is the section's position in the lecture;
``00_title`` is the title card before the first beat. File names depend only on the lecture's
order and its beat names, so slides that link a clip keep working after a re-render.

Formats: ``mp4`` (Manim's H.264 section video, its stream copied), ``webm`` (VP9), ``gif`` (for
slide tools that take no video) and ``png`` (a poster still: the beat's final picture, the
last frame before the beat fades out, if it does, found by :func:`final_picture`; its time in
the clip is the manifest's ``still_time``).

Sound: Manim's section videos are silent, so an ``mp4`` or ``webm`` clip gets its beat's slice
of the lecture's narration (``narration.wav``, kept with the sections; else the lecture video's
audio track), cut to the clip's exact length: AAC in mp4, Opus in webm. ``--no-audio``
(``audio=False``) leaves them silent, for slides. A
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

import numpy as np

__all__ = ["FORMATS", "clip_stem", "sections_of", "write_clips", "alpha_pix_fmt",
           "final_picture", "still_time", "ClipError"]

FORMATS = ("mp4", "webm", "gif", "png")
GIF_MAX_FPS = 25          # GIF frame delays are in 1/100 s; browsers slow down faster GIFs


class ClipError(RuntimeError):
    pass


def clip_stem(index: int, name: str) -> str:
    """``3, "gradient"`` -> ``03_gradient``; Manim's ``autocreated`` first section is the title."""
    name = "title" if name == "autocreated" else re.sub(r"[^A-Za-z0-9_-]+", "_", name)
    return f"{index:02d}_{name}"


def _section_seconds(s: dict) -> float:
    """A section video's exact length: its frames over its frame rate (Manim's index)."""
    try:
        num, _, den = str(s["avg_frame_rate"]).partition("/")
        return int(s["nb_frames"]) * int(den or 1) / int(num)
    except (KeyError, ValueError, ZeroDivisionError):
        return float(s["duration"])


def sections_of(job, title: str = "") -> list[dict]:
    """The job's sections with their clip name, caption, start and duration (seconds)."""
    doc = json.loads((job.out_dir / f"{job.stem}.beats.json").read_text())
    beats = {b["name"]: b for b in doc.get("beats", [])}
    out, t = [], 0.0
    for i, s in enumerate(doc.get("sections", [])):
        dur = _section_seconds(s)
        beat = beats.get(s["name"])
        caption = beat["caption"] if beat else (title if s["name"] == "autocreated" else "")
        out.append({"index": i, "section": s["name"], "clip": clip_stem(i, s["name"]),
                    "caption": caption, "title": (beat or {}).get("title") or title,
                    "start": t, "duration": dur,
                    "video": s["video"], "width": s.get("width"), "height": s.get("height")})
        t += dur
    return out


def _ffmpeg(args: list[str]) -> None:
    from scripts import procs  # its own process group, ended with the run (scripts/procs.py)
    proc = procs.spawn(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *args],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, errors="replace")
    try:
        _, err = proc.communicate()
    finally:
        procs.forget(proc)
    if proc.returncode != 0:
        raise ClipError(f"ffmpeg failed: {err.strip()[-500:]}")


def _audio_filter(start: float, dur: float) -> list[str]:
    """``start``..``start + dur`` of the audio, exactly, silence past its end."""
    from scripts.media import AUDIO_RATE
    a, b = round(start * AUDIO_RATE), round((start + dur) * AUDIO_RATE)
    return ["-filter:a", f"aresample={AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=mono,"
            f"apad,atrim=start_sample={a}:end_sample={b},asetpts=N/SR/TB"]


def _decode_opts(alpha: bool) -> list[str]:
    # FFmpeg's native VP9 decoder drops the alpha channel; libvpx keeps it
    return ["-c:v", "libvpx-vp9"] if alpha else []


def _convert(src: Path, dst: Path, fmt: str, *, alpha: bool, fps: float,
             audio: tuple[Path, float, float] | None) -> None:
    """Write ``dst`` (a temporary name) in ``fmt`` from the section video ``src``."""
    if fmt in ("mp4", "webm") and fmt == src.suffix[1:] and audio is None:
        shutil.copyfile(src, dst)
    elif fmt == "mp4":  # the section's video (copied) and its slice of the narration
        from scripts.media import AAC
        main, start, dur = audio
        _ffmpeg(["-i", str(src), "-i", str(main), "-map", "0:v:0", "-map", "1:a:0",
                 *_audio_filter(start, dur), *AAC, "-c:v", "copy",
                 "-movflags", "+faststart", "-f", "mp4", str(dst)])
    elif fmt == "webm":
        extra = []
        if audio is not None:
            main, start, dur = audio
            extra = ["-i", str(main), "-map", "0:v:0", "-map", "1:a:0",
                     *_audio_filter(start, dur), "-c:a", "libopus", "-b:a", "64k"]
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
    elif fmt == "png" and not alpha:  # the final picture, before any closing fade
        from PIL import Image, PngImagePlugin
        picture, t = final_picture(src)
        info = PngImagePlugin.PngInfo()
        info.add_text("still_time", f"{t:.3f}")
        Image.fromarray(picture).save(dst, "PNG", pnginfo=info)
    elif fmt == "png":  # the last frame: every decoded frame overwrites the one before
        _ffmpeg([*_decode_opts(alpha), "-i", str(src), "-update", "1",
                 "-pix_fmt", "rgba" if alpha else "rgb24", "-c:v", "png", "-f", "image2",
                 str(dst)])
    else:
        raise ClipError(f"unknown clip format {fmt!r}; valid: {', '.join(FORMATS)}")


STILL_WINDOW = 4.0   # seconds at the end of a beat searched for its final picture
STILL_BLANK = 0.1    # a frame with less than this share of the window's most content is blank


def final_picture(src: Path, window: float = STILL_WINDOW) -> tuple[np.ndarray, float]:
    """The beat's final picture in the section video ``src``, and its time (seconds).

    Many beats end by fading their picture out, so their last frame is nearly empty. A
    frame's content is its mean distance from the background (the colour of the last frame's
    border). Walking back from the last frame: past the blank frames at the end, then past
    frames each with less content than the one before it (a fade), to the first frame that
    has no more content than the frame before it: the picture the fade started from. A beat
    that does not fade out (the content at its end is steady, or grows) gives its last
    frame; one whose picture changes to another gives the new picture."""
    import av
    with av.open(str(src)) as container:
        stream = container.streams.video[0]
        tb = stream.time_base
        length = (float(stream.duration * tb) if stream.duration
                  else float(container.duration or 0) / av.time_base)
        start = max(0.0, length - window)
        container.seek(int(start / tb), stream=stream, backward=True, any_frame=False)
        times, smalls, last = [], [], None
        for frame in container.decode(stream):
            t = float(frame.pts * tb) if frame.pts is not None else start
            if t < start - 1e-6:
                continue
            times.append(t)
            smalls.append(frame.reformat(width=160, height=90, format="rgb24").to_ndarray())
            last = frame
        if last is None:
            raise ClipError(f"{src.name}: no frame to take a still from")
        edge = smalls[-1].astype(np.int16)
        bg = np.median(np.concatenate([edge[0], edge[-1], edge[:, 0], edge[:, -1]]), axis=0)
        score = [float(np.abs(img.astype(np.int16) - bg).sum(axis=2).mean()) for img in smalls]
        most = max(score)
        tol = 0.002 * most + 0.02                       # above the encoder's flicker
        k = len(score) - 1
        while k > 0 and score[k] < STILL_BLANK * most:  # the blank end of a fade
            k -= 1
        while k > 0 and score[k - 1] > score[k] + tol:  # back up the fade
            k -= 1
        if score[k] < STILL_BLANK * most:               # blank all along: the last frame
            k = len(score) - 1
        when = times[k]
        if k == len(score) - 1:
            picture = last.to_ndarray(format="rgb24")
        else:
            picture = None
            container.seek(int(max(0.0, when - 0.5) / tb), stream=stream, backward=True)
            for frame in container.decode(stream):
                t = float(frame.pts * tb) if frame.pts is not None else when
                if t >= when - 1e-6:
                    picture = frame.to_ndarray(format="rgb24")
                    break
            if picture is None:
                picture, when = last.to_ndarray(format="rgb24"), times[-1]
    return picture, round(when, 3)


def still_time(png: Path) -> float | None:
    """The time of a png still in its clip (written by :func:`final_picture`), if known."""
    from PIL import Image
    try:
        with Image.open(png) as im:
            return float(im.text["still_time"])
    except (OSError, KeyError, ValueError, AttributeError):
        return None


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.stem}.tmp{os.getpid()}{path.suffix}")


def audio_source(job) -> Path | None:
    """Where a job's clips take their sound from: the narration kept with its sections, else
    the lecture video's own audio track, else nowhere."""
    from scripts.build import probe
    if job.narration.is_file():
        return job.narration
    if job.video.exists() and probe(job.video)["audio"] is not None:
        return job.video
    return None


def write_clips(jobs: list, fmt: str = "mp4", progress=None, audio: bool = True) -> dict:
    """Write one ``fmt`` clip per section of every job (rendered with its sections kept) into
    ``<chapter>/clips/``; update and return ``clips/manifest.json``. mp4 and webm clips carry
    their slice of the narration unless ``audio`` is False. A job's clips are skipped when
    they were made from the same render (its key) and sound already."""
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
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        old = manifest["clips"] if isinstance(manifest, dict) else []
    except (OSError, ValueError, KeyError, UnicodeDecodeError):
        old = []  # none yet, or damaged: written anew
    keys = ("scene", "format", "index", "file")
    entries = [e for e in old if isinstance(e, dict) and all(k in e for k in keys)
               and isinstance(e["file"], str) and type(e["index"]) is int
               and isinstance(e["scene"], str) and isinstance(e["format"], str)
               and (root / e["file"]).is_file()
               and not any(e["scene"] == j.stem and e["format"] == fmt for j in jobs)]
    for job in jobs:
        if not job.video.exists() or not (job.sections_dir / "key").exists():
            continue  # not rendered, or rendered before sections were kept
        alpha = "transparent" in job.variants
        folder = root / job.stem
        folder.mkdir(exist_ok=True)
        facts = probe(job.video)
        audio_src = audio_source(job) if audio and fmt in ("mp4", "webm") else None
        stamp = folder / f".{fmt}.key"
        stamp_text = f"{job.key} {'audio' if audio_src else 'silent'}" + (
            " final-picture" if fmt == "png" and not alpha else "")
        fresh = stamp.exists() and stamp.read_text() == stamp_text
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
                            "title": s["title"], "index": s["index"], "caption": s["caption"],
                            "start": round(s["start"], 3), "duration": round(s["duration"], 3),
                            "format": fmt, "file": f"{job.stem}/{dst.name}",
                            "width": facts["width"], "height": facts["height"],
                            "transparent": alpha, "audio": audio_src is not None,
                            **({"still_time": still_time(dst)} if fmt == "png" and not alpha
                               else {})})
        for old in folder.glob(f"*.{fmt}"):  # clips of beats that no longer exist
            if old.name not in wanted and not old.name.startswith("."):
                old.unlink()
        if not fresh:
            atomic_write_text(stamp, stamp_text)
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
