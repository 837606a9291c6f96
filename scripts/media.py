"""Probing (PyAV) and muxing (ffmpeg) of the videos the build writes.

Video is never re-encoded here: every step copies Manim's H.264 stream. Audio is encoded once
per output, as AAC (mono, :data:`AUDIO_RATE` Hz), from a source decoded, padded with silence
and cut to exactly the video's length in samples, so that audio and video durations agree
(to within one AAC frame, 1024 samples, which the MP4 rounds the track up to).
"""
from __future__ import annotations

import os
import subprocess
import threading
from fractions import Fraction
from pathlib import Path

__all__ = ["probe", "video_duration", "mux_lecture", "join_chapter", "AUDIO_RATE", "AAC",
           "MediaError", "subtitles_srt", "cpu_seconds", "ffconcat_quote"]

AUDIO_RATE = 48000
# FFmpeg's AAC encoder with its fast coder: a third of the default's CPU (2.2 s instead of
# 6.4 s for the 9-minute gradient-descent narration), no audible difference for speech
AAC = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "96k", "-ar", str(AUDIO_RATE), "-ac", "1"]


class MediaError(RuntimeError):
    pass


_cpu = threading.local()


def cpu_seconds() -> float:
    """CPU seconds the ffmpeg runs of this thread have used so far (``render bench`` counts
    them with the render)."""
    return getattr(_cpu, "seconds", 0.0)


def _ffmpeg(args: list[str]) -> None:
    from scripts import procs  # its own process group, ended with the run (scripts/procs.py)
    proc = procs.spawn(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                        *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, errors="replace")
    try:
        err = proc.stderr.read()
        proc.stderr.close()
        _, status, usage = os.wait4(proc.pid, 0)   # wait4: the CPU it used
    finally:
        procs.forget(proc)
    proc.returncode = os.waitstatus_to_exitcode(status)
    _cpu.seconds = cpu_seconds() + usage.ru_utime + usage.ru_stime
    if proc.returncode != 0:
        raise MediaError(f"ffmpeg failed: {err.strip()[-800:]}")


def _seconds(value, time_base) -> float | None:
    return None if value is None or time_base is None else float(value * time_base)


def probe(path: Path) -> dict:
    """Facts of a media file: ``duration`` (the container's), ``width``, ``height``,
    ``codec``, ``pix_fmt``, ``fps``, ``frames``, ``video_duration`` (the video stream's),
    ``audio`` (None, or ``{"codec", "rate", "channels", "duration"}``), ``subtitles``
    (``[{"codec", "language"}]``) and ``chapters`` (``[(start, end, title)]``)."""
    import av
    with av.open(str(path)) as c:
        ends = _stream_ends(c) if any(s.duration is None for s in c.streams
                                      if s.type in ("video", "audio")) else {}
        out: dict = {"duration": c.duration / 1e6 if c.duration is not None else 0.0,
                     "audio": None, "subtitles": [], "chapters": []}
        if c.streams.video:
            v = c.streams.video[0]
            rate = v.base_rate or v.average_rate or v.guessed_rate or Fraction(0)
            frames = v.frames
            vdur = _seconds(v.duration, v.time_base) or ends.get(v.index)  # as ffprobe says
            if not frames and vdur and rate:
                frames = round(vdur * rate)
            if not vdur:
                vdur = float(frames / rate) if frames and rate else out["duration"]
            out.update(width=v.codec_context.width, height=v.codec_context.height,
                       codec=v.codec_context.name, pix_fmt=v.codec_context.pix_fmt,
                       fps=float(rate), frames=frames, video_duration=vdur)
        if c.streams.audio:
            a = c.streams.audio[0]
            out["audio"] = {"codec": a.codec_context.name, "rate": a.codec_context.sample_rate,
                            "channels": a.codec_context.channels,
                            "duration": _seconds(a.duration, a.time_base) or ends.get(a.index)
                            or out["duration"]}
        for s in c.streams:
            if s.type == "subtitle":
                out["subtitles"].append({"codec": s.codec_context.name,
                                         "language": s.metadata.get("language", "")})
        for ch in c.chapters():
            tb = ch["time_base"]
            out["chapters"].append((float(ch["start"] * tb), float(ch["end"] * tb),
                                    ch["metadata"].get("title", "")))
    return out


def _stream_ends(container) -> dict[int, float]:
    """Where each stream's last packet ends, in seconds (WebM gives no stream durations)."""
    ends: dict[int, float] = {}
    start: dict[int, float] = {}
    for pk in container.demux():
        if pk.pts is None or pk.stream.type not in ("video", "audio"):
            continue
        t0 = float(pk.pts * pk.time_base)
        if pk.duration:
            t1 = float((pk.pts + pk.duration) * pk.time_base)
        else:  # WebM leaves a video frame's duration out: one frame at the stream's rate
            rate = pk.stream.average_rate if pk.stream.type == "video" else None
            t1 = t0 + (float(1 / rate) if rate else 0.0)
        i = pk.stream.index
        start[i] = min(start.get(i, t0), t0)
        ends[i] = max(ends.get(i, t1), t1)
    return {i: ends[i] - min(start[i], 0.0) for i in ends}


def video_duration(path: Path) -> float:
    """The video stream's length: its frames over its frame rate."""
    return probe(path)["video_duration"]


def _exact_audio(samples: int) -> str:
    """Filter: to mono at AUDIO_RATE, padded with silence and cut to ``samples``."""
    return (f"aresample={AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=mono,"
            f"apad,atrim=end_sample={samples},asetpts=N/SR/TB")


def mux_lecture(video: Path, out: Path, *, audio: Path | None, srt: Path | None,
                ffmeta: Path | None, duration: float, language: str = "eng") -> None:
    """Write ``out``: the video stream of ``video`` (copied), ``audio`` (any file ffmpeg
    reads; None: the video's own audio track if it has one, else no audio) as AAC cut to
    ``duration``, the ``srt`` captions as a mov_text track and the chapters of ``ffmeta``;
    ``+faststart``."""
    if audio is None and probe(video)["audio"] is not None:
        audio = video
    args = ["-i", str(video)]
    maps = ["-map", "0:v:0"]
    n = 1
    if audio is not None:
        args += ["-i", str(audio)]
        maps += ["-map", f"{n}:a:0", "-filter:a", _exact_audio(round(duration * AUDIO_RATE)),
                 *AAC, f"-metadata:s:a:0", f"language={language}"]
        n += 1
    _subtitles_and_chapters(args, maps, n, srt, ffmeta, language)
    _ffmpeg([*args, *maps, "-c:v", "copy", "-movflags", "+faststart", "-f",
             "mp4" if out.suffix != ".webm" else "webm", str(out)])


def _subtitles_and_chapters(args: list[str], maps: list[str], n: int, srt: Path | None,
                            ffmeta: Path | None, language: str) -> None:
    """Add input ``n`` (and ``n + 1``): the captions as a mov_text track and the chapters from
    an ffmetadata file (or none at all)."""
    if srt is not None and srt.stat().st_size > 0:
        args += ["-f", "srt", "-i", str(srt)]
        maps += ["-map", f"{n}:s:0", "-c:s", "mov_text", "-metadata:s:s:0",
                 f"language={language}"]
        n += 1
    if ffmeta is not None:
        args += ["-f", "ffmetadata", "-i", str(ffmeta)]
        maps += ["-map_metadata", str(n), "-map_chapters", str(n)]
    else:
        maps += ["-map_chapters", "-1"]


def join_chapter(videos: list[Path], durations: list[float], out: Path, *, listing: Path,
                 srt: Path | None, ffmeta: Path | None, language: str = "eng") -> None:
    """Join the lectures: their video streams copied one after the other (each exactly its
    ``duration``), and one audio track made of each lecture's audio (silence for a silent
    one) padded or cut to its video's length, encoded once. No audio track if no lecture
    has one."""
    listing.write_text("ffconcat version 1.0\n" + "".join(
        f"file {ffconcat_quote(str(v.resolve()))}\ninpoint 0\nduration {d:.6f}\n"
        for v, d in zip(videos, durations)), encoding="utf-8")
    has_audio = [probe(v)["audio"] is not None for v in videos]
    # -copyts: the lectures' AAC priming (an audio start a little before 0) must not shift
    # the joined video
    args = ["-copyts", "-f", "concat", "-safe", "0", "-i", str(listing)]
    maps = ["-map", "0:v:0"]
    n = 1
    if any(has_audio):
        # sample boundaries of the lectures in the joined track, rounded once each
        ends, t = [], 0.0
        for d in durations:
            t += d
            ends.append(round(t * AUDIO_RATE))
        lengths = [e - s for s, e in zip([0] + ends[:-1], ends)]
        graph = []
        for k, (v, audio, samples) in enumerate(zip(videos, has_audio, lengths)):
            if audio:
                args += ["-i", str(v)]
                graph.append(f"[{n}:a:0]{_exact_audio(samples)}[a{k}]")
                n += 1
            else:
                graph.append(f"anullsrc=r={AUDIO_RATE}:cl=mono,aformat=sample_fmts=fltp,"
                             f"atrim=end_sample={samples},asetpts=N/SR/TB[a{k}]")
        graph.append("".join(f"[a{k}]" for k in range(len(videos)))
                     + f"concat=n={len(videos)}:v=0:a=1[aout]")
        maps += ["-filter_complex", ";".join(graph), "-map", "[aout]", *AAC,
                 "-metadata:s:a:0", f"language={language}"]
    _subtitles_and_chapters(args, maps, n, srt, ffmeta, language)
    _ffmpeg([*args, *maps, "-c:v", "copy", "-movflags", "+faststart", "-f", "mp4", str(out)])


def ffconcat_quote(path: str) -> str:
    """``path`` as one token of an ffconcat listing: in single quotes, each ``'`` written as
    ``'\\''`` (close the quotes, an escaped quote, open them again), as FFmpeg's quoting rules
    say. A newline cannot be written at all."""
    if "\n" in path or "\r" in path:
        raise MediaError(f"ffmpeg cannot join a file whose path holds a line break: {path!r}")
    return "'" + path.replace("'", "'\\''") + "'"


def subtitles_srt(video: Path) -> str:
    """The video's first subtitle track, read back as SRT."""
    proc = subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(video),
                           "-map", "0:s:0", "-f", "srt", "-"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise MediaError(f"no subtitle track in {video}: {proc.stderr.strip()[-300:]}")
    return proc.stdout

