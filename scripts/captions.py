"""Captions: one cue per section of a lecture, as SRT and WebVTT, and the chapter's merged track.

The cues come from a lecture's ``beats.json`` (written by ``LectureScene``): every beat's
narration line, timed to the beat. Time before the first beat (the title card, Manim's
``autocreated`` section) gets the lecture's title as its cue, so every section has a caption.
Times are clamped to the video's duration as ffprobe measures it.

The chapter track joins the lectures' cues, each lecture's shifted by the ffprobe durations of
the lectures before it in the chapter video.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cue", "lecture_cues", "srt", "vtt", "parse_srt", "parse_vtt", "write_lecture",
           "write_chapter_track"]

MIN_CUE = 0.05   # seconds: shorter gaps/cues are not worth a caption


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str

    def shifted(self, dt: float) -> "Cue":
        return Cue(self.start + dt, self.end + dt, self.text)


def lecture_cues(beats_doc: dict, duration: float, title: str = "") -> list[Cue]:
    """The cues of one lecture: its title over the time before the first beat (if any), then
    one per beat, each ending where the next starts; all inside ``[0, duration]``."""
    beats = beats_doc.get("beats", [])
    cues: list[Cue] = []
    first = beats[0]["start"] if beats else duration
    if title and first > MIN_CUE:
        cues.append(Cue(0.0, min(first, duration), title))
    for i, b in enumerate(beats):
        # each caption lasts until the next beat; the last one until the end of the video
        end = beats[i + 1]["start"] if i + 1 < len(beats) else duration
        start, end = min(b["start"], duration), min(end, duration)
        if end - start >= MIN_CUE or (not cues and end > start):
            cues.append(Cue(start, end, b["caption"]))
    return cues


def _stamp(t: float, sep: str) -> str:
    ms = int(round(max(t, 0.0) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def srt(cues: list[Cue]) -> str:
    return "".join(f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n\n"
                   for i, c in enumerate(cues, 1))


def vtt(cues: list[Cue]) -> str:
    return "WEBVTT\n\n" + "".join(
        f"{i}\n{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n\n"
        for i, c in enumerate(cues, 1))


def _parse_stamp(text: str) -> float:
    h, m, rest = text.strip().replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(rest)


def parse_srt(text: str) -> list[Cue]:
    """Cues of an SRT (or WebVTT) document."""
    cues = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [l for l in block.strip().split("\n") if l]
        for i, line in enumerate(lines):
            if "-->" in line:
                a, b = line.split("-->")
                cues.append(Cue(_parse_stamp(a), _parse_stamp(b.split()[0]),
                                "\n".join(lines[i + 1:])))
                break
    return cues


parse_vtt = parse_srt


def write_lecture(out_dir: Path, stem: str, video: Path, title: str = "",
                  duration: float | None = None) -> list[Cue]:
    """Write ``<stem>.srt`` and ``<stem>.vtt`` beside the video from its ``beats.json``."""
    from scripts.build import atomic_write_text, probe
    doc = json.loads((out_dir / f"{stem}.beats.json").read_text())
    if duration is None:
        duration = probe(video)["duration"]
    cues = lecture_cues(doc, duration, title)
    atomic_write_text(out_dir / f"{stem}.srt", srt(cues))
    atomic_write_text(out_dir / f"{stem}.vtt", vtt(cues))
    return cues


def write_chapter_track(out_dir: Path, name: str, lectures: list[tuple[list[Cue], float]]
                        ) -> list[Cue]:
    """Merge ``(cues, duration)`` of the chapter's lectures, in order, into ``<name>.srt`` and
    ``<name>.vtt``: each lecture's cues shifted by the durations of the lectures before it."""
    from scripts.build import atomic_write_text
    merged: list[Cue] = []
    offset = 0.0
    for cues, duration in lectures:
        merged += [c.shifted(offset) for c in cues]
        offset += duration
    atomic_write_text(out_dir / f"{name}.srt", srt(merged))
    atomic_write_text(out_dir / f"{name}.vtt", vtt(merged))
    return merged


def write_chapter_captions(chapter, jobs: list, manifest: dict | None = None) -> dict:
    """Captions for a chapter after its render: ``.srt``/``.vtt`` for every lecture in ``jobs``
    whose video exists, and when ``manifest`` (from ``build.write_chapter``) is given, the
    merged ``<chapter video>.srt``/``.vtt`` with each lecture's cues offset by the ffprobe
    durations of the lectures before it; the manifest is updated to name them."""
    from scripts.build import atomic_write_text, probe
    present = [j for j in jobs if j.video.exists()]
    track = []
    for j in present:
        duration = probe(j.video)["duration"]
        cues = write_lecture(j.out_dir, j.stem, j.video, j.lecture.title, duration)
        track.append((cues, duration))
    if manifest is None or not present:
        return manifest or {}
    name = Path(manifest["video"]).stem
    write_chapter_track(present[0].out_dir, name, track)
    for entry, j in zip(manifest["scenes"], present):
        entry["captions"] = f"{j.stem}.srt"
        entry["vtt"] = f"{j.stem}.vtt"
    manifest["captions"] = {"srt": f"{name}.srt", "vtt": f"{name}.vtt"}
    tag = name[len(chapter.slug):]
    atomic_write_text(present[0].out_dir / f"manifest{tag}.json",
                      json.dumps(manifest, indent=2) + "\n")
    return manifest
