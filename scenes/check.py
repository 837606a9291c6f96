"""Layout checks of a lecture, run without rendering a frame (``render check``).

A lecture's scene class is run with a mixin, :class:`CheckMixin`, that replaces Manim's
``play_internal``: instead of drawing frames it steps the animations to sampled moments of
each play (every ``step`` seconds of scene time, 0.5 by default) and to its end, and checks
the scene there. Manim's own renderer is told to skip animations (no frames, no hashing) and
its frame methods do nothing; the config is a dry run (no files). TeX compiles as usual
(the render CLI seeds the shared caches); the voice is whatever ``$MLV_VOICE`` says
(``render check`` sets ``none``).

What is checked, each a *kind* of violation:

``overlap``
    A text or formula (``Text``, ``MarkupText``, ``Paragraph``, ``MathTex``, ``Tex``,
    ``DecimalNumber``, ``Integer``, ``Variable``, ``FastNumber``) overlaps another: their
    glyphs' bounding boxes intersect. A text inside another counts as part of it; mobjects
    that the play is animating are exempt at sampled moments inside it (transitions
    excepted), never at its end.
``frame``
    A visible mobject (points, opacity > 0) reaches outside the frame.
``caption_band``
    A visible mobject reaches into the caption band ``style.CAPTION_BAND`` (the bottom strip
    kept for subtitles). A legacy lecture's burned-in caption (``LectureScene._caption``, or
    anything ``caption_mobject`` made) lives there and is allowed.
``tick_label``
    A data point (a ``Dot``, or a dot of a ``DotCloud``) rests on an axis number label (the
    ``numbers`` or ``labels`` of a ``NumberLine``): checked at the end of each play, so a
    point passing over a label on its way is not one.
``plain_text_math``
    A ``Text`` (or ``MarkupText``, ``Paragraph``) holds maths or code: ``^``, ``_``, a
    relation (``=``, ``≤``, ``<``...) between symbols (names of one to three letters, Greek
    letters) or numbers (``w = 0``, ``η = 0.1``, but not ``brighter = higher loss``), a
    snake_case or camelCase name, ``lr``, ``np.``, ``()``, ``**``... A Greek letter or a
    symbol like ``×`` on its own is left to the author. A legacy caption is exempt: it is
    the narration line, the subtitle of its day.

A violation is reported once per lecture for the same kind and objects, at the beat and
scene time it first appears, with the time it was last seen. Objects are named by class and
text (``MathTex('\\cw x + \\cb')``), with the variable or attribute that holds them when
one does (``[self.ax]``, ``[r2]``).

Run it: ``python -m scenes.check chapter1/gradient_descent`` (a catalogue id) or
``python -m scenes.check path/to/file.py --scene SomeScene``; ``--json FILE`` writes the
results. The ``render check`` command runs one such process per lecture.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import json
import os
import re
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from manim import (
    BackgroundRectangle, DecimalNumber, Dot, Group, MarkupText, Mobject,
    NumberLine, Paragraph, PMobject, SingleStringMathTex, SurroundingRectangle, Text,
    ValueTracker, Variable, VGroup, VMobject, config, tempconfig,
)
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
from manim.mobject.text.tex_mobject import MathTexPart
from manim.mobject.types.image_mobject import AbstractImageMobject

from scenes import style

__all__ = ["KINDS", "Violation", "Checker", "CheckMixin", "check_scene", "caption_band",
           "plain_text_problems", "describe", "main"]

#: kind -> what it means (in the order they are reported)
KINDS = {
    "overlap": "text or formula overlaps another",
    "frame": "reaches outside the frame",
    "caption_band": "crosses the caption band",
    "tick_label": "data point on an axis number label",
    "plain_text_math": "maths or code written in a Text",
}
STEP = 0.5     # seconds of scene time between samples inside a play
TOL = 0.02     # scene units: how far past an edge counts (anti-aliasing, rounding)
OVERLAP = 0.02  # scene units: glyph boxes must overlap this much in x and in y
VISIBLE = 0.01  # opacity below which a mobject is not on screen


def caption_band() -> tuple[float, float]:
    """(y_bottom, y_top) of the caption band in scene units."""
    band = getattr(style, "CAPTION_BAND", None)
    if band is not None:
        return float(band[0]), float(band[1])
    return -style.FRAME_H / 2, style.CAPTION_Y + 0.4


# -- plain-text maths and code ----------------------------------------------------------------
_GREEK = ("alpha|beta|gamma|delta|epsilon|eta|theta|lambda|mu|sigma|rho|tau|phi|psi|omega|"
          "[\u0391-\u03a9\u03b1-\u03c9]")
# a name as maths writes one: a letter or three (then digits), or a Greek letter
_SYMBOL = rf"(?:[A-Za-z]{{1,3}}\d*|{_GREEK})"
_CODE_RULES = [
    (re.compile(r"\^"), "'^'"),
    (re.compile(r"\w_|_\w"), "'_' (a subscript or a snake_case name)"),
    (re.compile(rf"(?<![\w.]){_SYMBOL}(?:\([^()]*\))?\s*(?:==|!=|<=|>=|=|≠|≤|≥|<|>)\s*"
                rf"(?:[-+−]?(?:\d|\.\d)|\(|{_SYMBOL}(?![\w]))"),
     "a relation between symbols"),
    (re.compile(r"\*\*|\+=|-=|\*=|/=|==|!="), "a code operator"),
    (re.compile(r"\b(?:lr|np|torch|numpy|kwargs|max_epochs|n_iter)\b"),
     "a code name"),
    (re.compile(r"\b[a-z]+[A-Z][A-Za-z]*\b"), "a camelCase name"),
    (re.compile(r"\w\.\w+\(|\(\)"), "a call"),
]


def plain_text_problems(text: str) -> list[str]:
    """Why ``text`` (a ``Text``'s string) looks like maths or code; empty when it does not."""
    return [why for rx, why in _CODE_RULES if rx.search(text)]


# -- what is on screen --------------------------------------------------------------------------
_TEXT_TYPES = (Text, MarkupText, Paragraph, SingleStringMathTex, MathTexPart, DecimalNumber,
               Variable)
_GENERIC = (Mobject, VMobject, VGroup, Group, VMobjectFromSVGPath)
_IS_TEXT: dict[type, bool] = {}


def _is_text(m: Mobject) -> bool:
    cls = type(m)
    if cls not in _IS_TEXT:
        _IS_TEXT[cls] = issubclass(cls, _TEXT_TYPES) or any(
            c.__name__ == "FastNumber" for c in cls.__mro__)
    return _IS_TEXT[cls]


def _is_generic(m: Mobject) -> bool:
    return type(m) in _GENERIC


def _visible_points(m: Mobject) -> np.ndarray | None:
    """The points ``m`` itself draws (not its submobjects'), or None when it draws nothing."""
    if isinstance(m, ValueTracker) or not m.has_points():
        return None
    if isinstance(m, VMobject):
        fill = m.get_fill_opacities()
        stroke = m.get_stroke_opacities() if m.get_stroke_width() > 0 else np.zeros(0)
        if not ((len(fill) and fill.max() > VISIBLE) or (len(stroke) and stroke.max() > VISIBLE)):
            return None
        if hasattr(m, "centers_and_radii") and hasattr(m, "alpha"):  # a DotCloud
            c, r = _cloud_dots(m)
            if not len(c):
                return None
            return np.concatenate([c - r[:, None], c + r[:, None]])
        return m.points
    if isinstance(m, AbstractImageMobject):
        return m.points if getattr(m, "opacity", 1) > VISIBLE else None
    if isinstance(m, PMobject):
        return m.points if len(m.rgbas) and m.rgbas[:, 3].max() > VISIBLE else None
    return None  # a plain Mobject draws nothing


def _cloud_dots(m) -> tuple[np.ndarray, np.ndarray]:
    """Centres (N, 2) and radii of a DotCloud's visible dots."""
    centers, radii = m.centers_and_radii()
    alpha = np.asarray(m.alpha, float) * float(np.max(m.get_fill_opacities(), initial=0))
    keep = alpha > VISIBLE
    return centers[keep, :2], radii[keep]


def _box(pts: np.ndarray) -> np.ndarray:
    """(left, right, bottom, top)."""
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return np.array([lo[0], hi[0], lo[1], hi[1]])


def _fmt(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".") if abs(v) < 1e4 else f"{v:.3g}"
    return "0" if s == "-0" else s


def _clip(s: str, n: int = 48) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def describe(m: Mobject) -> str:
    """A short readable name: class and text, or class and where it is."""
    cls = type(m).__name__
    if isinstance(m, Paragraph):
        return f"{cls}('{_clip(m.lines_text.original_text)}')"
    if isinstance(m, (Text, MarkupText)):
        text = getattr(m, "original_text", None) or getattr(m, "text", "")
        if isinstance(m, MarkupText):
            text = re.sub(r"<[^>]+>", "", text)
        return f"{cls}('{_clip(text)}')"
    if isinstance(m, Variable):
        return f"{cls}('{_clip(m.label.get_tex_string())}' = {_fmt(m.tracker.get_value())})"
    if isinstance(m, DecimalNumber):
        return f"{cls}({_fmt(m.get_value())})"
    if isinstance(m, SingleStringMathTex):
        return f"{cls}('{_clip(m.get_tex_string())}')"
    if isinstance(m, MathTexPart):
        return f"{cls}('{_clip(getattr(m, 'tex_string', ''))}')"
    if _is_text(m):  # FastNumber
        return f"{cls}({_fmt(getattr(m, 'number', 0) or 0)})"
    if hasattr(m, "centers_and_radii") and hasattr(m, "alpha"):
        return f"{cls}({len(m.alpha)} dots)"
    if m.has_points() or m.get_family()[1:]:
        c = m.get_center()
        return f"{cls} at ({_fmt(c[0])}, {_fmt(c[1])})"
    return cls


@dataclass
class Violation:
    lecture: str
    beat: str
    time: float
    kind: str
    objects: list[str]
    detail: str = ""
    until: float = 0.0       # the last time it was seen
    beats: list[str] = field(default_factory=list)  # every beat it was seen in
    transition: str = ""     # seen only while this animation moved the objects

    def line(self) -> str:
        span = f"{self.time:.1f}s" + (f"-{self.until:.1f}s" if self.until - self.time > 0.05
                                      else "")
        objs = " × ".join(self.objects)
        detail = "; ".join(filter(None, [self.detail, self.transition and
                                          f"only during {self.transition}"]))
        return (f"{self.lecture}  {self.beat}  {span}  {self.kind}  {objs}"
                + (f"  ({detail})" if detail else ""))


class _Snapshot:
    """Every mobject on screen once, with its parent, the text units and what is exempt."""

    def __init__(self, scene, exempt: dict[int, str]):
        self.parent: dict[int, Mobject | None] = {}
        self.unit: dict[int, Mobject | None] = {}  # id -> the outermost text it is part of
        self.order: list[Mobject] = []
        roots = list(scene.mobjects) + [m for m in scene.foreground_mobjects
                                        if m not in scene.mobjects]
        stack = [(m, None, None) for m in reversed(roots)]
        while stack:
            m, parent, unit = stack.pop()
            if id(m) in self.parent:
                continue
            if unit is None and _is_text(m):
                unit = m
            self.parent[id(m)] = parent
            self.unit[id(m)] = unit
            self.order.append(m)
            stack.extend((s, m, unit) for s in reversed(m.submobjects))
        self.exempt = exempt

    def ancestors(self, m: Mobject) -> list[Mobject]:
        """``m`` and its ancestors, innermost first."""
        out = [m]
        while (p := self.parent.get(id(out[-1]))) is not None:
            out.append(p)
        return out

    def text_unit(self, m: Mobject) -> Mobject | None:
        """The outermost text or formula ``m`` is part of."""
        return self.unit.get(id(m))

    def top(self, m: Mobject) -> Mobject:
        """``m``'s outermost ancestor of a telling class (an Axes rather than one of its
        ticks, a Readout rather than its number), else its outermost ancestor."""
        chain = self.ancestors(m)
        for a in reversed(chain):
            if not _is_generic(a):
                return a
        return chain[-1]

    def owner(self, m: Mobject) -> tuple[Mobject, Mobject | None]:
        """What to name when ``m`` misbehaves (:meth:`top`), and the text of it ``m`` is in
        when that is not the whole owner (an axis number)."""
        top, unit = self.top(m), self.text_unit(m)
        return top, (unit if unit is not None and unit is not top else None)

    def axis_of(self, m: Mobject) -> NumberLine | None:
        """The number line ``m`` (a number or a label) belongs to, if any."""
        return next((a for a in self.ancestors(m)[1:] if isinstance(a, NumberLine)), None)

    def is_exempt(self, m: Mobject) -> bool:
        """Whether a play is moving ``m``, a part of it or something it is part of."""
        return any(id(a) in self.exempt for a in self.ancestors(m)) or any(
            id(f) in self.exempt for f in m.get_family())


def _animated_ids(animations) -> dict[int, str]:
    """id -> animation class, of every mobject the animations move (their families)."""
    out: dict[int, str] = {}
    for a in animations or ():
        mob = getattr(a, "mobject", None)
        if mob is not None:
            for f in mob.get_family():
                out.setdefault(id(f), type(a).__name__)
        for k, v in _animated_ids(getattr(a, "animations", ())).items():
            out.setdefault(k, v)
    return out


class Checker:
    """Collects the violations of one scene run."""

    def __init__(self, lecture: str, step: float = STEP):
        self.lecture = lecture
        self.step = step
        self.found: dict[tuple, Violation] = {}
        self._keep: list = []   # the mobjects of every violation: their ids stay unique
        self.samples = 0
        self.band = caption_band()

    # -- reporting ---------------------------------------------------------------------------
    def _report(self, scene, snap, t: float, beat: str, kind: str, mobs: list, detail: str):
        """Note a violation, or that one already noted is still there at ``t``."""
        key = (kind, *sorted(id(m) for m in mobs))
        moving = next((snap.exempt[id(a)] for m in mobs for a in snap.ancestors(m)
                       if id(a) in snap.exempt), None)
        v = self.found.get(key)
        if v is None:
            names = _names(scene)

            def name(m):
                out = describe(m) + (f" [{names[id(m)]}]" if id(m) in names else "")
                axis = snap.axis_of(m)
                if axis is not None and not isinstance(m, NumberLine):
                    top = snap.top(axis)
                    out += f" of {describe(top)}" + (f" [{names[id(top)]}]"
                                                     if id(top) in names else "")
                return out
            objs = [name(m) for m in mobs]
            v = self.found[key] = Violation(self.lecture, beat, round(t, 3), kind, objs, detail,
                                            round(t, 3), [beat], moving or "")
            self._keep.append(mobs)
        else:
            v.until = round(t, 3)
            if beat not in v.beats:
                v.beats.append(beat)
            if not moving:
                v.transition = ""

    def violations(self) -> list[Violation]:
        order = list(KINDS)
        return sorted(self.found.values(), key=lambda v: (v.time, order.index(v.kind)))

    # -- one moment --------------------------------------------------------------------------
    def check(self, scene, t: float, animating: dict[int, str] | None = None, *,
              end: bool = True) -> None:
        """Check the scene as it is now, scene time ``t``. ``animating``: ids of what a play
        is moving (exempt from the overlap and tick label checks); ``end``: the end of a play
        (data points are checked against tick labels only there: where they rest)."""
        self.samples += 1
        beats = getattr(scene, "beats", None)
        beat = beats[-1].get("name", "?") if beats else "title"
        snap = _Snapshot(scene, animating or {})
        caption = getattr(scene, "_caption", None)
        allowed = set(map(id, caption.get_family())) if caption is not None else set()
        drawn = []  # (member, its visible points)
        for m in snap.order:
            pts = _visible_points(m)
            if pts is not None:
                drawn.append((m, pts))
        for m in snap.order:  # a caption made but not yet self._caption (fading in)
            if getattr(m, "_mlv_caption", False):
                allowed.update(map(id, m.get_family()))
        self._check_frame_and_band(scene, snap, t, beat, drawn, allowed)
        units = self._text_units(snap, drawn)
        self._check_overlap(scene, snap, t, beat, units)
        if end:
            self._check_ticks(scene, snap, t, beat, drawn, units)
        self._check_plain_text(scene, snap, t, beat, units, allowed)

    def _check_frame_and_band(self, scene, snap, t, beat, drawn, allowed):
        hw, hh = config.frame_width / 2, config.frame_height / 2
        b0, b1 = self.band
        out: dict[int, list] = {}   # owner id -> [owner, parts, l, r, b, t] worst extents
        band: dict[int, list] = {}  # owner id -> [owner, parts, b]
        for m, pts in drawn:
            l, r, b, tp = _box(pts)
            if l < -hw - TOL or r > hw + TOL or b < -hh - TOL or tp > hh + TOL:
                o, part = snap.owner(m)
                e = out.setdefault(id(o), [o, {}, l, r, b, tp])
                e[2:] = [min(e[2], l), max(e[3], r), min(e[4], b), max(e[5], tp)]
                if part is not None:
                    e[1][id(part)] = part
            if id(m) not in allowed and b < b1 - TOL and tp > b0 and r > -hw and l < hw:
                o, part = snap.owner(m)
                e = band.setdefault(id(o), [o, {}, b])
                e[2] = min(e[2], b)
                if part is not None:
                    e[1][id(part)] = part
        for o, parts, l, r, b, tp in out.values():
            past = {"left": -hw - l, "right": r - hw, "bottom": -hh - b, "top": tp - hh}
            edges = ", ".join(f"{_fmt(d)} past the {k} edge" for k, d in past.items()
                              if d > TOL)
            self._report(scene, snap, t, beat, "frame", [o], edges + _parts(parts))
        for o, parts, b in band.values():
            self._report(scene, snap, t, beat, "caption_band", [o],
                         f"down to y={_fmt(b)}; the band is y<{_fmt(b1)}" + _parts(parts))

    def _text_units(self, snap, drawn) -> dict[int, tuple[Mobject, np.ndarray]]:
        """outermost text id -> (text, boxes of its visible glyphs (K, 4))."""
        glyphs: dict[int, tuple[Mobject, list]] = {}
        for m, pts in drawn:
            if isinstance(m, (BackgroundRectangle, SurroundingRectangle)):
                continue
            unit = snap.text_unit(m)
            if unit is not None:
                glyphs.setdefault(id(unit), (unit, []))[1].append(_box(pts))
        return {k: (u, np.array(bs)) for k, (u, bs) in glyphs.items()}

    def _check_overlap(self, scene, snap, t, beat, units):
        live = [(u, g) for u, g in units.values() if not snap.is_exempt(u)]
        if len(live) < 2:
            return
        boxes = np.array([[g[:, 0].min(), g[:, 1].max(), g[:, 2].min(), g[:, 3].max()]
                          for _, g in live])
        l, r, b, tp = boxes.T
        ox = np.minimum(r[:, None], r[None, :]) - np.maximum(l[:, None], l[None, :])
        oy = np.minimum(tp[:, None], tp[None, :]) - np.maximum(b[:, None], b[None, :])
        cand = np.argwhere(np.triu((ox > OVERLAP) & (oy > OVERLAP), k=1))
        for i, j in cand:
            gi, gj = live[i][1], live[j][1]
            gx = (np.minimum(gi[:, None, 1], gj[None, :, 1])
                  - np.maximum(gi[:, None, 0], gj[None, :, 0]))
            gy = (np.minimum(gi[:, None, 3], gj[None, :, 3])
                  - np.maximum(gi[:, None, 2], gj[None, :, 2]))
            hit = (gx > OVERLAP) & (gy > OVERLAP)
            if hit.any():
                a, c = np.unravel_index(np.argmax(np.where(hit, gx * gy, -1)), hit.shape)
                self._report(scene, snap, t, beat, "overlap", [live[i][0], live[j][0]],
                             f"glyphs overlap by {_fmt(gx[a, c])} x {_fmt(gy[a, c])}")

    def _check_ticks(self, scene, snap, t, beat, drawn, units):
        labels = []  # (label, its box)
        boxes = None
        from scenes.components import Plot
        for m in snap.order:
            if isinstance(m, NumberLine):
                groups = (getattr(m, "numbers", None), getattr(m, "labels", None))
            elif isinstance(m, Plot):   # the book's plot box: its typeset tick numbers
                groups = (m.xnums, m.ynums)
            else:
                continue
            for group in groups:
                for lab in (group.submobjects if isinstance(group, Mobject) else group or ()):
                    if id(lab) in snap.parent and not snap.is_exempt(lab):
                        if boxes is None:
                            boxes = {id(f): _box(p) for f, p in drawn}
                        g = [boxes[id(f)] for f in lab.get_family() if id(f) in boxes]
                        if g:
                            g = np.array(g)
                            labels.append((lab, np.array([g[:, 0].min(), g[:, 1].max(),
                                                          g[:, 2].min(), g[:, 3].max()])))
        if not labels:
            return
        for m, _ in drawn:
            if snap.is_exempt(m):
                continue
            if hasattr(m, "centers_and_radii") and hasattr(m, "alpha"):
                centers, radii = _cloud_dots(m)
            elif isinstance(m, Dot):
                centers, radii = m.get_center()[None, :2], np.array([m.width / 2])
            else:
                continue
            if not len(centers):
                continue
            for lab, (l, r, b, tp) in labels:
                dx = np.maximum.reduce([l - centers[:, 0], np.zeros(len(centers)),
                                        centers[:, 0] - r])
                dy = np.maximum.reduce([b - centers[:, 1], np.zeros(len(centers)),
                                        centers[:, 1] - tp])
                on = np.hypot(dx, dy) < radii
                if on.any():
                    k = int(on.sum())
                    first = centers[on][0]
                    self._report(scene, snap, t, beat, "tick_label", [m, lab],
                                 f"{k} dot{'s' if k > 1 else ''} on the label, e.g. at "
                                 f"({_fmt(first[0])}, {_fmt(first[1])})")

    def _check_plain_text(self, scene, snap, t, beat, units, allowed):
        for u, _ in units.values():
            if id(u) in allowed:  # a legacy caption: the subtitle of its day
                continue
            if isinstance(u, Paragraph):
                text = u.lines_text.original_text
            elif isinstance(u, (Text, MarkupText)):
                text = getattr(u, "original_text", None) or getattr(u, "text", "")
                if isinstance(u, MarkupText):
                    text = re.sub(r"<[^>]+>", "", text)
            else:
                continue
            problems = plain_text_problems(text)
            if problems:
                self._report(scene, snap, t, beat, "plain_text_math", [u],
                             "; ".join(problems) + ": use MathTex (style.eq)")


def _parts(parts: dict) -> str:
    """"; by its DecimalNumber(50), DecimalNumber(100)": the texts of an owner (four named)."""
    if not parts:
        return ""
    names = [describe(p) for p in parts.values()]
    more = f" and {len(names) - 4} more" if len(names) > 4 else ""
    return "; by its " + ", ".join(names[:4]) + more


def _names(scene) -> dict[int, str]:
    """id -> a name a reader finds in the source: ``self.x`` attributes of the scene, and
    the local variables of the scene's methods running now (``construct``, a beat)."""
    names: dict[int, str] = {}

    def add(value, name):
        if isinstance(value, Mobject):
            names.setdefault(id(value), name)
        elif isinstance(value, dict) and len(value) <= 50:
            for k, v in value.items():
                if isinstance(v, Mobject):
                    names.setdefault(id(v), f"{name}[{k!r}]")

    frame = inspect.currentframe()
    try:
        while frame is not None:
            if frame.f_locals.get("self") is scene and frame.f_code.co_filename != __file__:
                for k, v in frame.f_locals.items():
                    if k != "self":
                        add(v, k)
            frame = frame.f_back
    finally:
        del frame
    for k, v in vars(scene).items():
        if k not in ("mobjects", "foreground_mobjects", "moving_mobjects", "static_mobjects"):
            add(v, f"self.{k}")
    return names


# -- running a scene ----------------------------------------------------------------------------
class CheckMixin:
    """Put first in a lecture's bases: plays are checked at sampled moments, nothing drawn.

    The class attribute ``_mlv_checker`` (a :class:`Checker`) collects what is found.
    """

    _mlv_checker: Checker

    def __init__(self, *args, **kwargs):
        kwargs["skip_animations"] = True  # the renderer adds no frames and hashes nothing
        super().__init__(*args, **kwargs)
        r = self.renderer
        r.update_frame = lambda *a, **k: None
        r.freeze_current_frame = lambda *a, **k: None

        def no_static(scene, static_mobjects):
            r.static_image = None
        r.save_static_frame_data = no_static

    def get_moving_and_static_mobjects(self, animations):
        return [], []  # nothing is drawn: no need to split

    def caption_mobject(self, *args, **kwargs):
        """A legacy lecture's burned-in caption: allowed in the caption band."""
        m = super().caption_mobject(*args, **kwargs)
        m._mlv_caption = True
        return m

    def play_internal(self, skip_rendering: bool = False) -> None:
        checker = self._mlv_checker
        renderer = self.renderer
        animations = self.animations
        duration = self.duration = self.get_run_time(animations)
        # a skipping renderer has already moved its clock to the end of the play
        t0 = renderer.time - duration if renderer.skip_animations else renderer.time
        animating = _animated_ids(animations)
        end = duration
        t = checker.step
        while t < duration - 1e-6:
            renderer.time = t0 + t
            self.update_to_time(t)
            if self.stop_condition is not None and self.stop_condition():
                end = t
                break
            checker.check(self, t0 + t, animating, end=False)
            t += checker.step
        else:
            self.update_to_time(duration)
            if self.stop_condition is not None and self.stop_condition():
                end = duration
        for animation in animations:
            animation.finish()
            animation.clean_up_from_scene(self)
        self.update_mobjects(0)
        renderer.static_image = None
        renderer.time = t0 + end
        checker.check(self, t0 + end)


@dataclass
class Result:
    lecture: str
    scene: str
    violations: list[Violation]
    duration: float = 0.0   # seconds of video the lecture would be
    samples: int = 0
    seconds: float = 0.0    # wall time of the check
    error: str | None = None

    def to_json(self) -> dict:
        return {**asdict(self), "violations": [asdict(v) for v in self.violations]}


def check_scene(scene_cls: type, lecture: str = "", *, step: float = STEP,
                media_dir: str | Path | None = None) -> Result:
    """Run ``scene_cls`` without rendering and check it (in this process: Manim's config is
    global, so run one scene at a time)."""
    lecture = lecture or getattr(scene_cls, "LECTURE", "") or scene_cls.__name__
    checker = Checker(lecture, step)
    cls = type(scene_cls.__name__, (CheckMixin, scene_cls),
               {"_mlv_checker": checker, "__module__": scene_cls.__module__})
    start = time.perf_counter()
    tmp = None
    if media_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="mlv-check-")
        media_dir = tmp.name
    opts = {"dry_run": True, "disable_caching": True, "progress_bar": "none",
            "verbosity": "WARNING", "media_dir": str(media_dir), "quality": "low_quality",
            "save_sections": False, "preview": False}
    error, duration = None, 0.0
    try:
        with tempconfig(opts):
            scene = cls()
            try:
                scene.render()
            finally:
                duration = float(scene.renderer.time)
    except Exception:
        error = traceback.format_exc()
    finally:
        if tmp is not None:
            tmp.cleanup()
    return Result(lecture, scene_cls.__name__, checker.violations(), round(duration, 3),
                  checker.samples, round(time.perf_counter() - start, 2), error)


def _load(target: str, scenes: list[str]) -> list[tuple[str, type]]:
    """(lecture id, scene class) for a catalogue id, or for scenes of a Python file."""
    if target.endswith(".py"):
        path = Path(target).resolve()
        spec = importlib.util.spec_from_file_location(path.stem, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = mod
        spec.loader.exec_module(mod)
        from scenes.lecture import LectureScene
        if not scenes:
            scenes = [n for n, c in vars(mod).items() if isinstance(c, type)
                      and issubclass(c, LectureScene) and c is not LectureScene
                      and c.__module__ == mod.__name__]
        return [(f"{path.stem}/{n}", getattr(mod, n)) for n in scenes]
    from scenes.catalog import find_lecture
    _, lec = find_lecture(target)
    return [(lec.id, getattr(lec.load_module(), lec.scene))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m scenes.check", description=__doc__.split(
        "\n\n")[0])
    p.add_argument("target", help="a lecture id (chapter1/gradient_descent) or a .py file")
    p.add_argument("--scene", action="append", default=[],
                   help="with a .py file: a scene class in it (repeatable; default: all)")
    p.add_argument("--step", type=float, default=STEP, help="seconds between samples")
    p.add_argument("--media", help="Manim's media folder (TeX is compiled into MEDIA/Tex)")
    p.add_argument("--json", help="write the results here")
    args = p.parse_args(argv)
    os.environ.setdefault("MLV_VOICE", "none")  # unless told otherwise, synthesise nothing
    results = []
    for lecture, cls in _load(args.target, args.scene):
        results.append(check_scene(cls, lecture, step=args.step, media_dir=args.media))
    if args.json:
        Path(args.json).write_text(json.dumps([r.to_json() for r in results], indent=1))
    else:
        for r in results:
            for v in r.violations:
                print(v.line())
            if r.error:
                print(f"{r.lecture}: failed\n{r.error}", file=sys.stderr)
    bad = any(r.violations or r.error for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
