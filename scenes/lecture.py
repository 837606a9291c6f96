"""The authoring layer: ``LectureScene``, the base of every lecture, and ``@beat``.

A lecture is a script. Each beat is a method, marked ``@beat("Its title")``, run in the order
written, after the title card; state lives on ``self``. Inside a beat, ``self.say(...)`` speaks
a sentence and the animations around it are timed by the voice::

    class GradientDescent(LectureScene):
        LECTURE = "chapter1/gradient_descent"

        @beat("Two hundred markets")
        def data(self):
            with self.say("Here are two hundred markets. {dots} Each dot is one market.") as s:
                self.play(Create(self.axes), run_time=s.until("dots"))
                self.play(self.dots.intro(), run_time=s.remaining())

- ``say`` starts speaking now (once any earlier sentence has ended: voices never overlap) and
  returns a :class:`Speech`. ``{mark}`` splits the sentence into pieces spoken separately, so
  ``Speech.until("mark")`` is exact. Leaving the ``with`` block, or the beat, waits for the
  speech to end. ``spoken=`` is what the voice reads when the text holds maths the converter
  cannot read; :func:`scenes.voice.speakable` converts numbers and symbols in either.
- The narration is the single source of the audio track, the captions, the chapter markers
  (beat titles), the transcript and the speaker notes: everything goes into ``beats.json``
  (``$MLV_BEATS_FILE``), the audio into ``narration.wav`` beside it and into the movie.
- Titles on screen (the title card, the title bar) come from the catalogue.
- The voice is ``$MLV_VOICE`` (piper, espeak or none; see ``scenes/voice.py``).

Legacy lectures (not yet rewritten) override ``construct`` and call ``self.beat(name, caption)``:
the caption is burned into the frame and spoken as one sentence.

``self.params`` holds the lecture's declared parameters (``scenes/catalog.py``) with any
overrides the CLI passed in ``$MLV_PARAMS`` (JSON).
"""
from __future__ import annotations

import itertools
import json
import os
import re
import textwrap
from pathlib import Path
from typing import Any, Callable

import numpy as np

from manim import (
    DOWN, LEFT, UP, UR, FadeIn, FadeOut, Rectangle, ReplacementTransform, Text,
    TransformFromCopy, VGroup, config,
)
from manim.utils.exceptions import EndSceneEarlyException

from scenes import style, voice
from scenes.catalog import Chapter, Lecture, find_lecture
from scenes.components import fade_in, fade_out, part
from scenes.engine import EngineScene

__all__ = ["LectureScene", "Speech", "beat", "slugify"]

PARAMS_ENV = "MLV_PARAMS"
BEATS_ENV = "MLV_BEATS_FILE"
PROGRESS_ENV = "MLV_PROGRESS"
#: set by the build, which muxes narration.wav into the lecture itself (one AAC encode, with
#: the captions and chapters), so Manim's own add_sound would be wasted work
SOUND_BY_BUILD_ENV = "MLV_SOUND_BY_BUILD"
SENTENCE_GAP = 0.3   # seconds of silence between two sentences
MARK = re.compile(r"\s*\{(\w+)\}\s*")
_order = itertools.count()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "beat"


def beat(title: str) -> Callable:
    """Mark a method of a lecture as a beat titled ``title`` (its chapter marker)."""
    def mark(method: Callable) -> Callable:
        method.beat_title = title
        method.beat_order = next(_order)
        return method
    return mark


class Speech:
    """A sentence being spoken: when each of its marks and its end come, in scene time."""

    def __init__(self, scene: "LectureScene", start: float, marks: dict[str, float],
                 end: float):
        self.scene, self.start, self.marks, self.end = scene, start, marks, end

    def until(self, mark: str) -> float:
        """Seconds from now until ``mark`` is spoken (0 if it has been)."""
        if mark not in self.marks:
            raise KeyError(f"no mark {{{mark}}} in this sentence; marks: {list(self.marks)}")
        return max(self.marks[mark] - self.scene.time, 0.0)

    def remaining(self) -> float:
        """Seconds from now until the sentence ends (0 if it has)."""
        return max(self.end - self.scene.time, 0.0)

    def __enter__(self) -> "Speech":
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is None and self.remaining() > 1e-3:
            self.scene.wait(self.remaining())


class LectureScene(EngineScene):
    """Base class: set ``LECTURE = "chapterN/slug"`` on the subclass and write beats."""

    LECTURE: str = ""

    # -- set-up -----------------------------------------------------------------------------------
    def setup(self) -> None:
        config.tex_template = style.TEX_TEMPLATE
        # Manim's per-animation cache could never hit (the build keys whole lectures), and
        # hashing a lecture's animations is slow and fails on some updaters: plain
        # `manim render` of a lecture must work as the build does.
        config.disable_caching = True
        self.camera.background_color = style.BACKGROUND
        self.beats: list[dict[str, Any]] = []
        self._caption: Text | None = None
        self.chapter: Chapter | None = None
        self.lecture: Lecture | None = None
        if self.LECTURE:
            self.chapter, self.lecture = find_lecture(self.LECTURE)
        overrides = json.loads(os.environ.get(PARAMS_ENV) or "{}")
        defaults = self.lecture.defaults() if self.lecture else {}
        unknown = set(overrides) - set(defaults)
        if unknown:
            raise ValueError(f"{self.LECTURE} has no parameters {sorted(unknown)}")
        self.params: dict[str, Any] = {**defaults, **overrides}
        self.voice = voice.get_voice()
        self._speech_end = 0.0       # when the last sentence ends
        self._speech: Speech | None = None
        self._audio: list[tuple[float, np.ndarray]] = []  # (start, samples) of every piece
        self._progress = os.environ.get(PROGRESS_ENV, "") not in ("", "0")

    def trajectories(self):
        """The lecture's trajectories for ``self.params`` (computed once per scene)."""
        if not hasattr(self, "_trajectories"):
            self._trajectories = self.lecture.trajectories(**self.params)
        return self._trajectories

    # -- the script -------------------------------------------------------------------------------
    @classmethod
    def beat_methods(cls) -> list[Callable]:
        """The ``@beat`` methods of this lecture, in the order they are written."""
        found = {}
        for klass in reversed(cls.__mro__):
            for name, attr in vars(klass).items():
                if hasattr(attr, "beat_title"):
                    found[name] = attr
        return sorted(found.values(), key=lambda m: m.beat_order)

    def construct(self) -> None:
        """The title card, then every beat in order."""
        self.title_card_beat()
        for method in self.beat_methods():
            self.start_beat(method.__name__, method.beat_title)
            method(self)
        self.finish_speech()

    def start_beat(self, name: str, title: str) -> dict:
        """Close the current beat (once its speech has ended) and open section ``name``."""
        self.finish_speech()
        self._close_beat()
        self.next_section(slugify(name))
        entry = {"name": slugify(name), "title": title, "start": round(self.time, 3), "caption": "",
                 "sentences": []}
        self.beats.append(entry)
        return entry

    def say(self, text: str, spoken: str | None = None) -> Speech:
        """Speak ``text`` from now (after any earlier sentence); see the module docstring."""
        if not self.beats:
            raise RuntimeError("say() before the first beat: start one with @beat or beat()")
        texts = MARK.split(text)          # [piece, mark, piece, mark, piece ...]
        words = MARK.split(spoken) if spoken is not None else None
        if words is not None and words[1::2] != texts[1::2]:
            raise ValueError(f"the spoken form must have the same marks as the text "
                             f"({texts[1::2]} vs {words[1::2]}): {text!r}")
        wait = self._speech_end + SENTENCE_GAP - self.time if self._speech_end else 0.0
        if wait > 1e-3:
            self.wait(wait)
        t = start = self.time
        marks: dict[str, float] = {}
        pieces = []
        for i in range(0, len(texts), 2):
            if i:
                marks[texts[i - 1]] = t
            shown = texts[i].strip()
            said = voice.speakable(words[i] if words is not None else shown)
            if not shown:
                continue
            clip = self.voice.speak(said)
            if clip.samples is not None:
                self._audio.append((t, clip.samples))
            pieces.append({"text": shown, "spoken": said, "start": round(t, 3),
                           "end": round(t + clip.seconds, 3)})
            t += clip.seconds
        self._speech_end = t
        self._speech = Speech(self, start, marks, t)
        if not pieces:
            return self._speech
        plain = " ".join(p["text"] for p in pieces)
        current = self.beats[-1]
        current["sentences"].append({"text": plain, "spoken": " ".join(p["spoken"] for p in pieces),
                                     "start": round(start, 3), "end": round(t, 3),
                                     "pieces": pieces})
        current["caption"] = " ".join(s["text"] for s in current["sentences"])
        return self._speech

    def wait_until(self, mark: str, speech: Speech | None = None) -> None:
        """Wait until ``mark`` of ``speech`` (default: the last sentence) is spoken."""
        speech = speech or self._speech
        if speech is None or speech.until(mark) > 1e-3:
            self.wait(speech.until(mark) if speech else 0)

    @staticmethod
    def till(speech: Speech, mark: str | None = None, lo: float = 0.4) -> float:
        """A run time: seconds until ``mark`` of ``speech`` (or its end), at least ``lo``."""
        return max(lo, speech.until(mark) if mark else speech.remaining())

    @staticmethod
    def eq_at(mob, left: float, top: float):
        """Put ``mob`` with its top-left corner at (``left``, ``top``)."""
        return mob.next_to([left, top, 0], DOWN, buff=0, aligned_edge=LEFT).align_to(
            [left, 0, 0], LEFT)

    def finish_speech(self) -> None:
        """Wait until the last sentence has been spoken."""
        if self._speech_end - self.time > 1e-3:
            self.wait(self._speech_end - self.time)

    # -- derivations -------------------------------------------------------------------------------
    def morph(self, src, dst, pairs=(), *, keep: bool = False,
              run_time: float = 1.5, extra=()) -> None:
        """Derive ``dst`` from ``src`` part by part: each ``(a, b)`` of ``pairs`` (TeX parts,
        as split with ``{{ }}``) turns part ``a`` into part ``b``; parts with the same TeX
        turn into each other; the rest of ``src`` fades out and the rest of ``dst`` fades in.
        ``keep`` leaves ``src`` on screen (the new line is derived from a copy)."""
        strip = lambda m: getattr(m, "tex_string", "").strip()  # noqa: E731
        src_parts, dst_parts = list(src.submobjects), list(dst.submobjects)
        links = [(part(src, a), part(dst, b)) for a, b in pairs]
        used_s, used_d = {id(a) for a, _ in links}, {id(b) for _, b in links}
        for b in dst_parts:
            if id(b) in used_d or not strip(b):
                continue
            same = [a for a in src_parts if id(a) not in used_s and strip(a) == strip(b)]
            if same:
                links.append((same[0], b))
                used_s.add(id(same[0]))
                used_d.add(id(b))
        make = TransformFromCopy if keep else ReplacementTransform
        anims = [make(a, b) for a, b in links]
        rest_d = [b for b in dst_parts if id(b) not in used_d]
        if rest_d:
            anims.append(FadeIn(VGroup(*rest_d), shift=0.1 * DOWN))
        rest_s = [a for a in src_parts if id(a) not in used_s]
        if rest_s and not keep:
            anims.append(FadeOut(VGroup(*rest_s), shift=0.1 * DOWN))
        self.play(*anims, *extra, run_time=run_time)
        self.remove(*dst_parts, *([] if keep else src_parts))
        if not keep:
            self.remove(src)
        self.add(dst)

    # -- legacy beats (lectures not yet rewritten) ------------------------------------------------
    def beat(self, name: str, caption: str) -> None:
        """Start beat ``name``, burn ``caption`` into the frame and speak it."""
        self.start_beat(name, name.replace("_", " ").capitalize())
        self.say(caption)
        new = self.caption_mobject(caption)
        if self._caption is not None:  # out, then in: two lines never overlap
            self.play(fade_out(self._caption), run_time=0.25)
        self.play(fade_in(new), run_time=0.35)
        self._caption = new

    def play(self, *args, **kwargs):
        result = super().play(*args, **kwargs)
        if self._progress:
            self._report_progress()
        return result

    def _report_progress(self) -> None:
        b = self.beats[-1] if self.beats else {"name": "title"}
        n_beats = len(self.beat_methods()) + 1 if type(self).construct is LectureScene.construct \
            else None
        fps = config.frame_rate
        line = {"beat": len(self.beats), "beats": n_beats, "name": b["name"],
                "t": round(self.time, 2), "frames": int(round(self.time * fps)), "fps": fps}
        print("MLV_PROGRESS " + json.dumps(line), flush=True)

    def show_live(self, mob, updater, *, animation=FadeIn) -> None:
        """Fill ``mob`` once with ``updater``, fade it in, then keep it updating.

        (A readout whose digit count changes mid-animation breaks FadeIn, so the updater is
        attached only once the mobject is on screen; remove it with ``clear_updaters()``
        before fading the mobject out.)
        """
        updater(mob)
        self.play(animation(mob))
        mob.add_updater(updater)

    @staticmethod
    def caption_mobject(caption: str) -> Text:
        """A legacy lecture's narration line, burned into the caption band."""
        if len(caption) > 85:
            from manim import logger
            logger.warning(f"caption longer than 85 characters will be shrunk: {caption!r}")
        text = Text(caption, font=style.FONT, font_size=style.CAPTION_SIZE, color=style.TEXT)
        max_w = style.FRAME_W - 2 * style.MARGIN
        if text.width > max_w:
            text.scale_to_fit_width(max_w)
        return text.move_to([0, style.CAPTION_Y, 0])

    # -- the end: narration track, captions, beats.json ------------------------------------------
    def _close_beat(self) -> None:
        if self.beats and "end" not in self.beats[-1]:
            self.beats[-1]["end"] = round(self.time, 3)

    def narration_track(self) -> np.ndarray:
        """Every spoken piece at its time, as one mono int16 track as long as the video."""
        track = np.zeros(int(round(self.time * voice.SAMPLE_RATE)), dtype=np.int32)
        for start, samples in self._audio:
            i = int(round(start * voice.SAMPLE_RATE))
            piece = samples[:max(len(track) - i, 0)]
            track[i:i + len(piece)] += piece
        return np.clip(track, -32768, 32767).astype(np.int16)

    def tear_down(self) -> None:
        try:
            self.finish_speech()
        except EndSceneEarlyException:  # rendering a range (manim -n a,b) that ended earlier
            pass
        self._close_beat()
        self.voice.close()
        beats_file = os.environ.get(BEATS_ENV)
        folder = Path(beats_file).parent if beats_file else Path(config.media_dir)
        narration = None
        if self._audio and not self.renderer.skip_animations:
            narration = folder / "narration.wav"
            voice.write_wav(narration, self.narration_track())
            if os.environ.get(SOUND_BY_BUILD_ENV, "") in ("", "0"):  # plain `manim render`
                self.add_sound(str(narration), time_offset=-self.time)  # at t = 0
        for b in self.beats:
            for s in b["sentences"]:
                # add_subcaption stamps at the current time + offset: reach back to its start
                self.add_subcaption(s["text"], duration=max(s["end"] - s["start"], 0.1),
                                    offset=s["start"] - self.time)
        if beats_file:
            doc = {"lecture": self.LECTURE,
                   "title": self.lecture.title if self.lecture else "",
                   "chapter": self.chapter.slug if self.chapter else "",
                   "chapter_title": self.chapter.title if self.chapter else "",
                   "duration": round(self.time, 3), "poster_time": getattr(self, "poster_time", None),
                   "voice": self.voice.describe(),
                   "narration": narration.name if narration else None,
                   "narrated": type(self).construct is LectureScene.construct,
                   "speech_seconds": round(self.voice.synthesis_seconds, 3),
                   "speech_synthesised": self.voice.synthesised,
                   "beats": self.beats}
            Path(beats_file).write_text(json.dumps(doc, indent=2))
        super().tear_down()

    # -- titles, from the catalogue ---------------------------------------------------------------
    def chapter_label(self) -> str:
        """"Chapter One · Optimization": the number in words (digits are typeset in LaTeX
        everywhere in the book, never in the text font)."""
        if not self.chapter:
            return ""
        return f"Chapter {voice.number_words(str(self.chapter.number)).title()} · {self.chapter.title}"

    def title_bar(self, *legacy: str) -> VGroup:
        """The lecture title at the top left and the chapter at the top right (from the
        catalogue; a scene without ``LECTURE`` passes them as arguments)."""
        title, subtitle = ((self.lecture.title, self.chapter_label()) if self.lecture
                           else (tuple(legacy) + ("", ""))[:2])
        head = Text(title, font=style.FONT, font_size=style.HEADING_SIZE, color=style.TEXT,
                    weight="BOLD")
        head.to_corner(UP + LEFT, buff=style.MARGIN)
        group = VGroup(head)
        if subtitle:
            sub = Text(subtitle, font=style.FONT, font_size=style.LABEL_SIZE, color=style.DIM)
            sub.to_corner(UR, buff=style.MARGIN).align_to(head, DOWN)
            room = sub.get_left()[0] - 0.4 - head.get_left()[0]
            if head.width > room:  # a long title shrinks rather than runs into the chapter
                head.scale_to_fit_width(room).to_corner(UP + LEFT, buff=style.MARGIN)
            group.add(sub)
        return group

    def title_card_beat(self, hold: float = 1.5) -> None:
        """Beat ``title``: the title card, while the voice reads the lecture's title."""
        self.start_beat("title", self.lecture.title if self.lecture else "Title")
        card = self.title_card()
        with self.say(f"{self.lecture.title}." if self.lecture else "") as s:
            self.play(FadeIn(card, shift=0.2 * UP), run_time=1.2)
            self.poster_time = self.time + 0.1
            self.wait(max(s.remaining(), hold))
        self.play(fade_out(card), run_time=0.6)

    def open_title(self, *legacy: str, hold: float = 1.5) -> None:
        """A legacy lecture's opening card (its arguments are ignored when the lecture is in
        the catalogue: titles come from there)."""
        if self.lecture:
            self.title_card_beat(hold)
            return
        self.start_beat("title", legacy[1] if len(legacy) > 1 else "Title")
        card = self.title_card(*legacy)
        self.play(FadeIn(card, shift=0.2 * UP), run_time=1.2)
        self.poster_time = self.time + hold / 2
        self.wait(hold)
        self.play(fade_out(card), run_time=0.6)

    def title_card(self, *legacy: str) -> VGroup:
        """The opening card: chapter, lecture title and its one-line summary."""
        chapter, title, tagline = ((self.chapter_label(), self.lecture.title,
                                    self.lecture.summary) if self.lecture
                                   else (tuple(legacy) + ("", "", ""))[:3])
        ch = Text(chapter, font=style.FONT, font_size=style.BODY_SIZE, color=style.DIM)
        ti = Text(title, font=style.FONT, font_size=60, color=style.TEXT, weight="BOLD")
        parts = [ch, ti]
        if tagline:  # the summary, centred, in lines of at most 60 characters
            parts.append(VGroup(*[Text(line, font=style.FONT, font_size=style.BODY_SIZE,
                                       color=style.DIM) for line in textwrap.wrap(tagline, 60)]
                                ).arrange(DOWN, buff=0.15))
        card = VGroup(*parts).arrange(DOWN, buff=0.35)
        if card.width > style.FRAME_W - 2 * style.MARGIN:
            card.scale_to_fit_width(style.FRAME_W - 2 * style.MARGIN)
        return card

    @staticmethod
    def panel_box(panel: tuple[float, float, float, float]) -> Rectangle:
        """An invisible rectangle filling a layout panel (useful to fit things into it)."""
        l, r, b, t = panel
        return Rectangle(width=r - l, height=t - b, stroke_opacity=0).move_to(
            [(l + r) / 2, (b + t) / 2, 0])
