"""Captions, chapter markers and the description block, from a lecture's ``beats.json``.

One source of truth: :func:`lecture_cues` turns the narration into a list of :class:`Cue`, and
that list is written as SRT (with the ``srt`` library), as WebVTT (with ``webvtt-py``) and, by
the build, muxed into the MP4 as a ``mov_text`` subtitle track.

The cues follow the voice. Every sentence of a beat carries the times its pieces (the parts
between ``{mark}`` bookmarks) are really spoken; a sentence that does not fit one cue is split
at word boundaries, each part timed by its share of characters within its piece's span. The
rules (checked by the tests on the book's own sentences):

- at most :data:`MAX_LINE` characters a line, at most :data:`MAX_LINES` lines;
- each cue lasts :data:`MIN_CUE` to :data:`MAX_CUE` seconds: a cue too short for reading is
  stretched into the silence around it, else merged with its neighbour;
- in order, never overlapping, inside ``[0, duration]``, covering every moment of speech.

Chapters: one per beat, titled with the beat's title, as FFmpeg metadata
(``TIMEBASE=1/1000``, muxed into the MP4), as a ``kind="chapters"`` WebVTT track (the HTML
book) and as the ``0:00 Title`` lines of a description block by YouTube's rules.

Older ``beats.json`` files (no ``sentences``) still work: each beat's caption is spoken over
the whole beat, and time before the first beat (Manim's ``autocreated`` section) is the
lecture title.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import srt as srtlib
import webvtt

__all__ = ["Cue", "Chapter", "lecture_cues", "wrap", "srt", "vtt", "parse_srt", "parse_vtt",
           "lecture_chapters", "ffmetadata", "chapters_vtt", "youtube_chapters", "description",
           "write_lecture", "write_chapter_track", "shift", "MAX_LINE", "MAX_LINES",
           "MIN_CUE", "MAX_CUE"]

MAX_LINE = 42      # characters a line (the BBC's and Netflix's limit)
MAX_LINES = 2
MIN_CUE = 1.0      # seconds: shorter cues flash by unread
MAX_CUE = 7.0      # seconds: longer ones stay after the reader has finished
LINGER = 0.4       # seconds a cue may stay after its words, when the silence allows
LEAD_IN = 0.5      # seconds a short cue may show before its words rather than be merged
EPS = 1e-6
YOUTUBE_MIN_CHAPTER = 10   # seconds; YouTube also wants the first at 0:00 and at least 3


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str

    def shifted(self, dt: float) -> "Cue":
        return Cue(self.start + dt, self.end + dt, self.text)


@dataclass(frozen=True)
class Chapter:
    start: float
    end: float
    title: str
    major: bool = False   # the start of a lecture in a chapter video: always a marker

    def shifted(self, dt: float) -> "Chapter":
        return Chapter(self.start + dt, self.end + dt, self.title, self.major)


def shift(items: list, dt: float) -> list:
    return [i.shifted(dt) for i in items]


# -- line breaking --------------------------------------------------------------------------------
LINE_BREAK_COST = {".": 0, "?": 0, "!": 0, ",": 2, ";": 2, ":": 2}


def wrap(text: str, width: int = MAX_LINE, lines: int = MAX_LINES) -> str | None:
    """``text`` in at most ``lines`` lines of at most ``width`` characters, broken at spaces
    and as evenly as possible (a shorter first line on a tie), or None if it does not fit."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    if lines < 2:
        return None
    words = text.split(" ")
    best = None
    for k in range(1, len(words)):
        a, b = " ".join(words[:k]), " ".join(words[k:])
        if len(a) > width:
            break
        rest = wrap(b, width, lines - 1)
        if rest is None:
            continue
        worst = max(len(a), *(len(r) for r in rest.split("\n")))
        # even lines, and a break where the sentence pauses: a line may be up to 8
        # characters longer to end a sentence, 6 to end at a comma; then the shorter first
        score = (worst + LINE_BREAK_COST.get(a[-1], 8), len(a))
        if best is None or score < best[0]:
            best = (score, f"{a}\n{rest}")
    return best[1] if best else None


# -- the spoken words with their times ------------------------------------------------------------
@dataclass
class _Word:
    text: str
    start: float
    end: float
    gap: float = 0.0   # silence before it inside its sentence (a mark's wait), seconds


def _fit_word(word: str, width: int = MAX_LINE) -> list[str]:
    """A word longer than a line, cut after hyphens (or anywhere, as a last resort)."""
    parts = []
    while len(word) > width:
        cut = word.rfind("-", 0, width) + 1 or width
        parts.append(word[:cut])
        word = word[cut:]
    return parts + [word]


def _piece_words(text: str, start: float, end: float) -> list[_Word]:
    """The words of a piece, each timed by its share of the piece's characters (a word runs
    from its first character to the first of the next word)."""
    spans = [(m.start() + off, part) for m in re.finditer(r"\S+", text)
             for off, part in zip(
                 [sum(map(len, _fit_word(m.group())[:k])) for k in
                  range(len(_fit_word(m.group())))], _fit_word(m.group()))]
    if not spans:
        return []
    first, last = spans[0][0], len(text.rstrip())
    n = max(last - first, 1)
    out = []
    for i, (pos, word) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else last
        out.append(_Word(word, start + (end - start) * (pos - first) / n,
                         start + (end - start) * (stop - first) / n))
    return out


def _sentences(doc: dict, title: str, duration: float) -> list[list[_Word]]:
    """Every sentence of the lecture as its timed words, in order."""
    beats = doc.get("beats", [])
    out: list[list[_Word]] = []
    first = beats[0]["start"] if beats else 0.0
    if title and first > 0.05 and not any(b.get("sentences") for b in beats):
        out.append(_piece_words(title, 0.0, first))  # legacy: the title card before beat 1
    for i, b in enumerate(beats):
        sentences = b.get("sentences")
        if sentences is None:  # legacy: the caption over the whole beat
            end = beats[i + 1]["start"] if i + 1 < len(beats) else duration
            if b.get("caption"):
                out.append(_piece_words(b["caption"], b["start"], max(end, b["start"])))
            continue
        for s in sentences:
            pieces = s.get("pieces") or [{"text": s["text"], "start": s["start"],
                                          "end": s["end"]}]
            words: list[_Word] = []
            for p in pieces:
                got = _piece_words(p["text"], p["start"], p["end"])
                if got and words:
                    got[0].gap = max(got[0].start - words[-1].end, 0.0)
                words += got
            if words:
                out.append(words)
    return [s for s in out if s]


PART_COST = 4000       # a cue more: worth a 60-character imbalance between cues
BREAK_COST = {".": 0, "?": 0, "!": 0, ",": 300, ";": 300, ":": 300}
MID_CLAUSE_COST = 3000   # a cue that ends in the middle of a clause
PAUSE = 0.3              # s: a pause this long inside a sentence (a mark's wait) is a break


def _split(words: list[_Word]) -> list[list[_Word]]:
    """Split a sentence into runs of words that each fit a cue (two lines, at most MAX_CUE
    seconds): few cues, of even lengths, ending where the sentence pauses (the end of a
    sentence inside it, a comma, a mark the voice waits at) rather than mid-clause."""
    n = len(words)

    def fits(i: int, j: int) -> bool:
        if j - i == 1:
            return True  # a single word always makes a cue
        return (words[j - 1].end - words[i].start <= MAX_CUE + EPS
                and wrap(" ".join(w.text for w in words[i:j])) is not None)

    length = [0] * (n + 1)
    for k, w in enumerate(words):
        length[k + 1] = length[k] + len(w.text) + 1

    def brk(j: int) -> float:
        if j == n or words[j].gap >= PAUSE:
            return 0.0
        return BREAK_COST.get(words[j - 1].text[-1], MID_CLAUSE_COST)

    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            if not fits(i, j):
                break  # (a longer run does not fit either)
            chars = length[j] - length[i]
            c = best[i] + PART_COST + chars * chars + brk(j)
            if c < best[j]:
                best[j], back[j] = c, i
    parts, j = [], n
    while j > 0:
        parts.append(words[back[j]:j])
        j = back[j]
    return parts[::-1]


def _joinable(a: Cue, b: Cue) -> bool:
    return b.end - a.start <= MAX_CUE + EPS and wrap(f"{a.text} {b.text}") is not None


def lecture_cues(doc: dict, duration: float, title: str = "") -> list[Cue]:
    """The captions of a lecture from its beats document (``beats.json``), inside
    ``[0, duration]``. ``title`` is shown over a legacy title card (time before the first
    beat of a document without sentences)."""
    cues: list[Cue] = []
    for sentence in _sentences(doc, title, duration):
        for part in _split(sentence):
            a, b = max(part[0].start, 0.0), min(part[-1].end, duration)
            if b <= a:
                continue
            if cues and a < cues[-1].end:  # the voice never overlaps; times may touch
                a = cues[-1].end
            cues.append(Cue(a, max(b, a), " ".join(w.text for w in part)))
    cues = [c for c in cues if c.end > c.start + EPS or not c.text]
    # too short to read: stretch into the silence after (and up to LEAD_IN before); else merge
    # with a neighbour; else stretch into all the silence before; else borrow time from a
    # neighbour that can spare it
    changed = True
    while changed:
        changed = False
        for i, c in enumerate(cues):
            if c.end - c.start >= MIN_CUE - EPS:
                continue
            nxt = cues[i + 1].start if i + 1 < len(cues) else duration
            prv = cues[i - 1].end if i else 0.0
            end = min(nxt, c.start + MIN_CUE)
            start = max(prv, end - MIN_CUE)
            if end - c.start >= MIN_CUE - EPS or (
                    end - start >= MIN_CUE - EPS and c.start - start <= LEAD_IN + EPS):
                cues[i] = Cue(min(start if end - c.start < MIN_CUE - EPS else c.start,
                                  c.start), end, c.text)
                continue
            options = []  # merge with the neighbour that makes the shorter cue
            if i + 1 < len(cues) and _joinable(c, cues[i + 1]):
                options.append((cues[i + 1].end - c.start, i, i + 1))
            if i and _joinable(cues[i - 1], c):
                options.append((c.end - cues[i - 1].start, i - 1, i))
            if options:
                _, a, b = min(options)
                cues[a:b + 1] = [Cue(cues[a].start, cues[b].end,
                                     f"{cues[a].text} {cues[b].text}")]
                changed = True
                break
            cues[i] = c = Cue(start, end, c.text)
            if end - start >= MIN_CUE - EPS:
                continue
            if i + 1 < len(cues) and cues[i + 1].end - cues[i + 1].start > MIN_CUE:
                spare = cues[i + 1].end - cues[i + 1].start - MIN_CUE
                take = min(spare, MIN_CUE - (c.end - c.start))
                cues[i] = Cue(c.start, c.end + take, c.text)
                cues[i + 1] = Cue(cues[i + 1].start + take, cues[i + 1].end, cues[i + 1].text)
    # linger a little after the words where the silence allows
    out = []
    for i, c in enumerate(cues):
        nxt = cues[i + 1].start if i + 1 < len(cues) else duration
        end = min(c.end + LINGER, nxt, c.start + MAX_CUE, duration)
        out.append(Cue(round(c.start, 3), round(max(end, c.end), 3), wrap(c.text) or c.text))
    return out


# -- files ----------------------------------------------------------------------------------------
def _td(t: float) -> timedelta:
    return timedelta(milliseconds=int(round(max(t, 0.0) * 1000)))


def _vtt_stamp(t: float) -> str:
    ms = int(round(max(t, 0.0) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def srt(cues: list[Cue]) -> str:
    return srtlib.compose([srtlib.Subtitle(i, _td(c.start), _td(c.end), c.text)
                           for i, c in enumerate(cues, 1)], reindex=False)


def vtt(cues: list) -> str:
    """WebVTT of cues (or chapters: their titles are the text)."""
    doc = webvtt.WebVTT(captions=[
        webvtt.Caption(_vtt_stamp(c.start), _vtt_stamp(c.end),
                       getattr(c, "text", None) or getattr(c, "title", ""), identifier=str(i))
        for i, c in enumerate(cues, 1)])
    return doc.content


def _seconds(stamp: str) -> float:
    h, m, rest = stamp.strip().replace(",", ".").split(":")
    return round(int(h) * 3600 + int(m) * 60 + float(rest), 3)


def parse_srt(text: str) -> list[Cue]:
    return [Cue(round(s.start.total_seconds(), 3), round(s.end.total_seconds(), 3), s.content)
            for s in srtlib.parse(text)]


def parse_vtt(text: str) -> list[Cue]:
    return [Cue(_seconds(c.start), _seconds(c.end), c.text)
            for c in webvtt.from_string(text)]


# -- chapters -------------------------------------------------------------------------------------
def _beat_title(b: dict) -> str:
    return b.get("title") or b["name"].replace("_", " ").capitalize()


def lecture_chapters(doc: dict, duration: float, title: str = "") -> list[Chapter]:
    """One chapter per beat, titled with the beat's title, tiling ``[0, duration]`` (a legacy
    title card before the first beat is a chapter titled ``title``)."""
    beats = doc.get("beats", [])
    out: list[Chapter] = []
    if beats and beats[0]["start"] > 0.05:
        out.append(Chapter(0.0, beats[0]["start"], title or doc.get("title", "Title")))
    for i, b in enumerate(beats):
        end = beats[i + 1]["start"] if i + 1 < len(beats) else duration
        start, end = min(b["start"], duration), min(end, duration)
        if end > start + EPS:
            out.append(Chapter(start, end, _beat_title(b)))
    if out:  # exactly the video, no gaps
        out[0] = Chapter(0.0, out[0].end, out[0].title)
        out[-1] = Chapter(out[-1].start, duration, out[-1].title)
    return [Chapter(round(c.start, 3), round(c.end, 3), c.title) for c in out]


def _meta_escape(text: str) -> str:
    return re.sub(r"([=;#\\\n])", r"\\\1", text)


def ffmetadata(chapters: list[Chapter], title: str = "") -> str:
    """FFmpeg's metadata file: the title and one ``[CHAPTER]`` per chapter, in ms."""
    lines = [";FFMETADATA1"]
    if title:
        lines.append(f"title={_meta_escape(title)}")
    for c in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={int(round(c.start * 1000))}",
                  f"END={int(round(c.end * 1000))}", f"title={_meta_escape(c.title)}"]
    return "\n".join(lines) + "\n"


def chapters_vtt(chapters: list[Chapter]) -> str:
    return vtt(chapters)


def _clock(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def youtube_chapters(chapters: list[Chapter], duration: float) -> list[tuple[int, str]]:
    """``(second, title)`` markers by YouTube's rules: the first at 0:00, each chapter at
    least 10 s long (a shorter one is merged into the one before it; a short first chapter,
    the title card, into the one after it, under that one's title), at least three of them,
    else none. A ``major`` chapter (a lecture's start in a chapter video) keeps its marker
    and takes in the short ones after it instead."""
    marks = [[int(math.floor(c.start)), c.title, c.major] for c in chapters]
    if not marks:
        return []
    marks[0][0] = 0
    end = int(math.floor(duration))

    def length(k: int) -> int:
        return (marks[k + 1][0] if k + 1 < len(marks) else end) - marks[k][0]

    k = 0
    while k < len(marks):
        if length(k) >= YOUTUBE_MIN_CHAPTER:
            k += 1
        elif marks[k][2] or k == 0:
            if k + 1 == len(marks):
                if k == 0:
                    break
                del marks[k]                   # the last is short: into the one before
            elif k == 0 and not marks[0][2]:   # the title card joins the first beat
                marks[0:2] = [[0, marks[1][1], marks[1][2]]]
            else:
                del marks[k + 1]               # a lecture's start takes in the next beat
        else:
            del marks[k]                       # its time goes to the chapter before
    out = [(t, title) for t, title, _ in marks]
    return out if len(out) >= 3 else []


def description(chapters: list[Chapter], duration: float, *, title: str, chapter_title: str = "",
                transcript: list[str] | None = None) -> str:
    """A ready-to-paste video description: the title, then ``0:00 Title`` chapter lines."""
    head = f"{title}" + (f" ({chapter_title})" if chapter_title else "")
    marks = youtube_chapters(chapters, duration)
    lines = [head, ""]
    if marks:
        lines += [f"{_clock(t)} {name}" for t, name in marks]
    else:
        lines.append("(too short for YouTube chapters: they need three of at least 10 s)")
    return "\n".join(lines) + "\n"


# -- writing the files ----------------------------------------------------------------------------
def write_lecture(out_dir: Path, stem: str, doc: dict, duration: float, title: str = "",
                  chapter_title: str = "") -> dict:
    """Write ``<stem>.srt``, ``.vtt``, ``.chapters.vtt``, ``.description.txt`` and the
    FFmpeg metadata (``.render-cache/<stem>.ffmeta``) from the beats document; returns
    ``{"cues", "chapters", "ffmeta"}`` (the muxing uses the same cues and chapters)."""
    from scripts.build import CACHE_DIR_NAME, atomic_write_text
    title = title or doc.get("title", "")
    cues = lecture_cues(doc, duration, title)
    chapters = lecture_chapters(doc, duration, title)
    atomic_write_text(out_dir / f"{stem}.srt", srt(cues))
    atomic_write_text(out_dir / f"{stem}.vtt", vtt(cues))
    atomic_write_text(out_dir / f"{stem}.chapters.vtt", chapters_vtt(chapters))
    atomic_write_text(out_dir / f"{stem}.description.txt",
                      description(chapters, duration, title=title,
                                  chapter_title=chapter_title or doc.get("chapter_title", "")))
    meta = out_dir / CACHE_DIR_NAME / f"{stem}.ffmeta"
    meta.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(meta, ffmetadata(chapters, title))
    return {"cues": cues, "chapters": chapters, "ffmeta": meta}


def write_chapter_track(out_dir: Path, name: str, lectures: list[tuple[list[Cue], float]]
                        ) -> list[Cue]:
    """Merge ``(cues, duration)`` of the chapter's lectures, in order, into ``<name>.srt`` and
    ``<name>.vtt``: each lecture's cues shifted by the durations of the lectures before it."""
    from scripts.build import atomic_write_text
    merged: list[Cue] = []
    offset = 0.0
    for cues, duration in lectures:
        merged += shift(cues, offset)
        offset += duration
    atomic_write_text(out_dir / f"{name}.srt", srt(merged))
    atomic_write_text(out_dir / f"{name}.vtt", vtt(merged))
    return merged


def read_beats(out_dir: Path, stem: str) -> dict:
    return json.loads((out_dir / f"{stem}.beats.json").read_text())
