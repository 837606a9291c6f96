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

import numpy as np

from manim import (
    DOWN, LEFT, UP, UR, FadeIn, Rectangle, RendererType, Scene, Text, VGroup, config,
)

from scenes import encoder, style, svgcache
from scenes.camera import FastCamera, FastRenderer
from scenes.components import fade_in, fade_out
from scenes.catalog import Lecture, find_lecture

__all__ = ["LectureScene", "slugify"]

svgcache.install()  # parsed Text/MathTex shared between render processes ($MLV_SVG_CACHE)
encoder.install()   # each frame converted to yuv420p once, however often it repeats

PARAMS_ENV = "MLV_PARAMS"
BEATS_ENV = "MLV_BEATS_FILE"
NARRATE_ENV = "MLV_NARRATE"


_PAD = 0.05  # scene units: a stroke and its anti-aliasing reach a little past the points


def _box(m, family: bool = False):
    """(left, right, bottom, top) of ``m``'s own points (or its family's), padded; None
    without points."""
    pts = m.get_all_points() if family else m.points
    if len(pts) == 0:
        return None
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return (lo[0] - _PAD, hi[0] + _PAD, lo[1] - _PAD, hi[1] + _PAD)


def _drop_redraws_from_copies(animation) -> None:
    """Take the rebuilding updaters (``components.redraw_on``) off an animation's snapshots:
    the start of a ``FadeIn``/``GrowArrow``, the end of a ``FadeOut``, a transform's working
    copy of its target.

    Manim calls those copies' updaters every frame, and a rebuilt copy is the full mobject
    again: the fade or the growth would never show. Other updaters (one that moves a marker
    to its point, say) still run on the copies, as in Manim. (A ``Succession`` starts its
    later parts mid-play; their copies keep their updaters.)
    """
    for sub in getattr(animation, "animations", ()):  # AnimationGroup, LaggedStart, ...
        _drop_redraws_from_copies(sub)
    for name in ("starting_mobject", "target_copy"):
        copy = getattr(animation, name, None)
        if copy is None or copy is animation.mobject or not hasattr(copy, "get_family"):
            continue
        for member in copy.get_family():
            if any(getattr(u, "redraws", False) for u in member.updaters):
                member.updaters = [u for u in member.updaters
                                   if not getattr(u, "redraws", False)]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "beat"


class LectureScene(Scene):
    """Base class: set ``LECTURE = "chapterN/slug"`` on the subclass."""

    LECTURE: str = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("camera_class", FastCamera)
        if "renderer" not in kwargs and config.renderer == RendererType.CAIRO:
            kwargs["renderer"] = FastRenderer(camera_class=kwargs["camera_class"],
                                              skip_animations=kwargs.get("skip_animations",
                                                                         False))
        super().__init__(*args, **kwargs)

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
    # Manim's Cairo renderer draws the "static" mobjects once per play into an image and
    # redraws the "moving" ones every frame. Manim calls moving everything from the first
    # family member that animates or updates to the end of the draw list, so indicating a
    # term of the first equation redraws the whole screen 60 times a second. We call moving
    # only what animates or updates, plus whatever is drawn after one of those and overlaps
    # it (so what covers what never changes); the rest is drawn once.
    def get_moving_and_static_mobjects(self, animations):
        moving, static = super().get_moving_and_static_mobjects(animations)
        if not moving or not animations:
            return moving, static
        from manim.animation.composition import AnimationGroup

        live: set[int] = set()      # ids of family members that animate or update
        targets: dict[int, list] = {}  # member id -> where its transform goes (boxes)

        def collect(anims):
            for a in anims:
                family = a.mobject.get_family()
                live.update(map(id, family))
                target = getattr(a, "target_copy", None) or getattr(a, "target_mobject", None)
                box = _box(target, family=True) if target is not None else None
                if box is not None:
                    for f in family:
                        targets.setdefault(id(f), []).append(box)
                if isinstance(a, AnimationGroup):
                    collect(a.animations)
        collect(animations)
        for m in self.foreground_mobjects:
            live.update(map(id, m.get_family()))
        for m in self.get_mobject_family_members():
            if m.updaters and not m.updating_suspended:  # (a group's moves the whole group)
                live.update(map(id, m.get_family()))
        from manim.utils.family import extract_mobject_family_members
        from manim.utils.iterables import list_update
        order = extract_mobject_family_members(  # Manim's draw order
            list_update(self.mobjects, self.foreground_mobjects),
            use_z_index=self.renderer.camera.use_z_index, only_those_with_points=False)
        # boxes of what moves, drawn so far (and where transforms go), as rows l, r, b, t
        boxes = np.empty((len(order) + sum(map(len, targets.values())), 4))
        n = 0
        new_static, new_moving, moved = [], [], set()
        for m in order:
            if id(m) in moved:
                continue
            if not m.has_points():  # draws nothing now; kept if it moves (it may get points)
                if id(m) in live:
                    moved.add(id(m))
                    new_moving.append(m)
                    for fb in targets.pop(id(m), ()):
                        boxes[n], n = fb, n + 1
                continue
            family = m.get_family()
            b = _box(m)
            # the camera draws a mobject's whole family: one live member makes it all move
            if any(id(f) in live for f in family) or (b is not None and n and np.any(
                    (b[0] < boxes[:n, 1]) & (boxes[:n, 0] < b[1])
                    & (b[2] < boxes[:n, 3]) & (boxes[:n, 2] < b[3]))):
                for f in family:  # (point-less ones too: an updater may give them points)
                    if id(f) not in moved:
                        moved.add(id(f))
                        new_moving.append(f)
                        for fb in [_box(f), *targets.pop(id(f), ())]:
                            if fb is not None:
                                boxes[n], n = fb, n + 1
            else:
                new_static.append(m)
        if not new_moving:  # only point-less trackers move: keep Manim's split
            return moving, static
        return new_moving, new_static

    def begin_animations(self) -> None:
        super().begin_animations()
        for animation in self.animations:
            _drop_redraws_from_copies(animation)

    def play(self, *args, **kwargs):
        self._updating = None  # which mobjects have updaters: looked up once per play
        return super().play(*args, **kwargs)

    def update_mobjects(self, dt: float) -> None:
        """Manim calls ``update`` on every mobject in the scene every frame, and each call
        walks the mobject's whole family; only families with an updater need it."""
        key = (len(self.mobjects), id(self.mobjects[-1]) if self.mobjects else 0)
        cached = getattr(self, "_updating", None)
        if cached is None or cached[0] != key:
            cached = self._updating = (key, [
                m for m in self.mobjects if any(f.updaters for f in m.get_family())])
        for m in cached[1]:
            m.update(dt)

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
