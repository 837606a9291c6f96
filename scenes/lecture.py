"""``LectureScene``: the base of every lecture.

It gives a scene the book's background and TeX template, the title bar, and
:meth:`LectureScene.beat`, which starts a named section (``next_section``),
shows the beat's one-line narration as a caption at the bottom of the frame and
records it, so that the rendered video gets a subtitle track (``.srt``) with one
caption per beat and the render CLI a ``beats.json`` (name, caption, start, end).

Parameters: ``self.params`` holds the lecture's declared parameters (see
``scenes/catalog.py``) with any overrides the CLI passed in ``$MLV_PARAMS`` (JSON).

Narration: with ``$MLV_NARRATE=1`` (``render chapterN --narrate``) the title and every
caption are also spoken (offline, espeak-ng via ``scripts/speech.py``) and added with
``add_sound``; a beat that is shorter than its speech is held until the speech ends.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from manim import (
    DOWN, LEFT, UP, UR, FadeIn, Rectangle, Scene, Text, VGroup, config,
)

from scenes import style
from scenes.components import fade_in, fade_out
from scenes.catalog import Lecture, find_lecture

__all__ = ["LectureScene", "slugify"]

PARAMS_ENV = "MLV_PARAMS"
BEATS_ENV = "MLV_BEATS_FILE"
NARRATE_ENV = "MLV_NARRATE"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "beat"


class LectureScene(Scene):
    """Base class: set ``LECTURE = "chapterN/slug"`` on the subclass."""

    LECTURE: str = ""

    # -- set-up -----------------------------------------------------------------------------------
    def setup(self) -> None:
        config.tex_template = style.TEX_TEMPLATE
        self.camera.background_color = style.BACKGROUND
        self.beats: list[dict[str, Any]] = []
        self._caption: Text | None = None
        self.lecture: Lecture | None = find_lecture(self.LECTURE)[1] if self.LECTURE else None
        overrides = json.loads(os.environ.get(PARAMS_ENV) or "{}")
        defaults = self.lecture.defaults() if self.lecture else {}
        unknown = set(overrides) - set(defaults)
        if unknown:
            raise ValueError(f"{self.LECTURE} has no parameters {sorted(unknown)}")
        self.params: dict[str, Any] = {**defaults, **overrides}
        self.narrate = os.environ.get(NARRATE_ENV, "") not in ("", "0")
        self._speech_end = 0.0
        if self.narrate and self.lecture:
            self.say(self.lecture.title)  # over the title card

    def trajectories(self):
        """The lecture's trajectories for ``self.params`` (computed once per scene)."""
        if not hasattr(self, "_trajectories"):
            self._trajectories = self.lecture.load_module().trajectories(**self.params)
        return self._trajectories

    # -- beats ------------------------------------------------------------------------------------
    def beat(self, name: str, caption: str) -> None:
        """Start section ``name`` and show ``caption`` as the narration line."""
        self._finish_speech()
        self._close_beat()
        self.next_section(slugify(name))
        self.beats.append({"name": slugify(name), "caption": caption, "start": self.time})
        if self.narrate:
            self.say(caption)
        new = self.caption_mobject(caption)
        if self._caption is not None:  # out, then in: two lines never overlap
            self.play(fade_out(self._caption), run_time=0.25)
        self.play(fade_in(new), run_time=0.35)
        self._caption = new

    # -- speed ----------------------------------------------------------------------------------
    def _static_first(self) -> None:
        """Draw static mobjects before moving ones, where that changes nothing on screen.

        Manim's Cairo renderer draws everything before the first moving mobject (one with an
        updater) once into a static image and redraws the rest every frame: an always-redrawn
        line added early made it redraw the whole screen 60 times a second. A static mobject
        moves ahead of the moving ones unless it overlaps one of them that was drawn before
        it (then it stays behind, keeping what covers what).
        """
        def moving(m):
            return any(sub.updaters for sub in m.get_family())

        def box(m):
            pts = m.get_all_points() if not hasattr(m, "pixel_array") else None
            if pts is not None and len(pts) == 0:
                return None
            return (m.get_left()[0], m.get_right()[0], m.get_bottom()[1], m.get_top()[1])

        def overlap(a, b):
            return a and b and a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]

        front, back, back_boxes = [], [], []
        for m in self.mobjects:
            if moving(m):
                back.append(m)
                back_boxes.append(box(m))
                continue
            b = box(m)
            if any(overlap(b, other) for other in back_boxes):
                back.append(m)
                back_boxes.append(b)
            else:
                front.append(m)
        if back and len(front) + len(back) == len(self.mobjects):
            self.mobjects = front + back

    def play(self, *args, **kwargs):
        self._static_first()
        return super().play(*args, **kwargs)

    def wait(self, *args, **kwargs):
        self._static_first()
        return super().wait(*args, **kwargs)

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
        if len(caption) > 85:
            from manim import logger
            logger.warning(f"caption longer than 85 characters will be shrunk: {caption!r}")
        text = Text(caption, font=style.FONT, font_size=style.CAPTION_SIZE, color=style.TEXT)
        max_w = style.FRAME_W - 2 * style.MARGIN
        if text.width > max_w:
            text.scale_to_fit_width(max_w)
        return text.move_to([0, style.CAPTION_Y, 0])

    # -- narration --------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        """Speak ``text`` from now on (narrated renders only); the next beat waits for it."""
        from scripts.speech import synthesize  # imported only when narrating
        wav = Path(config.media_dir) / "narration" / (
            hashlib.sha256(text.encode()).hexdigest()[:16] + ".wav")
        seconds = synthesize(text, wav)
        self.add_sound(str(wav))
        self._speech_end = self.time + seconds

    def _finish_speech(self) -> None:
        if self.narrate and self._speech_end - self.time > 1e-3:
            self.wait(self._speech_end - self.time)

    def _close_beat(self) -> None:
        if self.beats and "end" not in self.beats[-1]:
            self.beats[-1]["end"] = self.time

    def tear_down(self) -> None:
        self._finish_speech()
        self._close_beat()
        for b in self.beats:
            # add_subcaption stamps at the current time + offset: reach back to the beat's start.
            self.add_subcaption(b["caption"], duration=max(b["end"] - b["start"], 0.1),
                                offset=b["start"] - self.time)
        path = os.environ.get(BEATS_ENV)
        if path:
            with open(path, "w") as fh:
                json.dump({"lecture": self.LECTURE, "duration": self.time, "beats": self.beats,
                           "poster_time": getattr(self, "poster_time", None)},
                          fh, indent=2)
        super().tear_down()

    # -- common furniture -------------------------------------------------------------------------
    def title_bar(self, title: str, subtitle: str = "") -> VGroup:
        """A small title at the top left (lecture) and the chapter tag at the top right."""
        head = Text(title, font=style.FONT, font_size=style.HEADING_SIZE, color=style.TEXT,
                    weight="BOLD")
        head.to_corner(UP + LEFT, buff=style.MARGIN)
        group = VGroup(head)
        if subtitle:
            sub = Text(subtitle, font=style.FONT, font_size=style.LABEL_SIZE, color=style.DIM)
            sub.to_corner(UR, buff=style.MARGIN).align_to(head, DOWN)
            group.add(sub)
        return group

    def open_title(self, chapter: str, title: str, tagline: str, hold: float = 1.5) -> None:
        """Play the opening card (fade in, hold, fade out). The moment it is fully shown is
        recorded as the lecture's poster frame (``poster_time`` in beats.json)."""
        card = self.title_card(chapter, title, tagline)
        self.play(FadeIn(card, shift=0.2 * UP), run_time=1.2)
        self.poster_time = self.time + hold / 2
        self.wait(hold)
        self.play(fade_out(card), run_time=0.6)

    def title_card(self, chapter: str, title: str, tagline: str) -> VGroup:
        """The opening card: chapter, lecture title and one line of what it shows."""
        ch = Text(chapter, font=style.FONT, font_size=style.BODY_SIZE, color=style.DIM)
        ti = Text(title, font=style.FONT, font_size=60, color=style.TEXT, weight="BOLD")
        tg = Text(tagline, font=style.FONT, font_size=style.BODY_SIZE, color=style.DIM)
        card = VGroup(ch, ti, tg).arrange(DOWN, buff=0.35)
        if card.width > style.FRAME_W - 2 * style.MARGIN:
            card.scale_to_fit_width(style.FRAME_W - 2 * style.MARGIN)
        return card

    @staticmethod
    def panel_box(panel: tuple[float, float, float, float]) -> Rectangle:
        """An invisible rectangle filling a layout panel (useful to fit things into it)."""
        l, r, b, t = panel
        return Rectangle(width=r - l, height=t - b, stroke_opacity=0).move_to(
            [(l + r) / 2, (b + t) / 2, 0])
