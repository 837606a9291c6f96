"""Reusable pieces for lecture scenes.

- :class:`StepClock` walks a trajectory: one ValueTracker holds the (fractional) step,
  everything on screen reads the trajectory row from it.
- :class:`Readout` live numbers ``w = 0.2025`` aligned on the equals sign, drawn with
  :class:`FastNumber` (a cheap DecimalNumber for values that change every frame).
- :class:`Derivation` the left-hand column where equations are derived line by line.
- :func:`contour_lines`, :func:`heatmap` level sets and a shaded background of a function
  sampled on a grid (marching squares; no matplotlib).
- :func:`traced_path` a polyline through trajectory points that grows with the clock.
- :func:`fit_in`, :func:`part`, :func:`highlight` layout and emphasis helpers.
- :class:`DotCloud`, :func:`redraw_on`, :func:`on_change` live in the render engine
  (``scenes/engine``), which draws and schedules them specially; they are re-exported here.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import (
    DL, DOWN, DR, LEFT, RIGHT, UL, UP, UR, Axes, ImageMobject, Line, MathTex, Mobject,
    Rectangle, SurroundingRectangle, ValueTracker, VGroup, VMobject, smooth,
)
from manim import ManimColor

from scenes import style
# the engine's pieces that lectures use directly (re-exported: content imports them from here)
from scenes.engine import DotCloud, on_change, redraw_on

__all__ = [
    "StepClock", "on_change", "redraw_on", "Readout", "FastNumber", "bake", "DotCloud",
    "Derivation", "contour_lines", "contour_segments", "heatmap", "traced_path", "to_scene",
    "fade_in", "fade_out", "fit_in", "part", "highlight", "panel_center",
    "Plot", "trace", "clip_segment", "line_in_box", "polygons", "fit_width", "on_map",
    "plot_label", "tex",
]


# -- walking a trajectory ---------------------------------------------------------------------
class StepClock:
    """A ValueTracker over the rows ``0 .. T-1`` of a trajectory.

    ``row`` is the integer row on screen (numbers show exact trajectory values there);
    ``interp(a)`` the array linearly interpolated at the fractional step (for smooth motion).
    """

    def __init__(self, n_rows: int, start: int = 0):
        self.n_rows = n_rows
        self.tracker = ValueTracker(start)

    @property
    def value(self) -> float:
        return float(np.clip(self.tracker.get_value(), 0, self.n_rows - 1))

    @property
    def row(self) -> int:
        return int(np.floor(self.value + 1e-9))

    def at(self, array: np.ndarray):
        """``array[row]``: the exact trajectory value of the step on screen."""
        return array[self.row]

    def interp(self, array: np.ndarray) -> np.ndarray:
        s = self.value
        i = min(int(np.floor(s)), self.n_rows - 2) if self.n_rows > 1 else 0
        t = s - i
        if self.n_rows == 1:
            return np.asarray(array[0], float)
        return (1 - t) * np.asarray(array[i], float) + t * np.asarray(array[i + 1], float)

    def run_to(self, row: int, *, spacing: str = "linear", **kwargs):
        """Animation moving the clock to ``row``.

        ``spacing="geometric"`` spends equal time on each factor of steps (0->10 as long as
        10->100): early steps, where most happens, are not rushed.
        """
        start = self.tracker.get_value()
        span = row - start
        if spacing == "geometric" and span > 1:
            k = float(span)

            def rate(alpha: float) -> float:
                return ((1 + k) ** smooth(alpha) - 1) / k
        else:
            rate = smooth
        return self.tracker.animate(rate_func=rate, **kwargs).set_value(row)


# -- live numbers -----------------------------------------------------------------------------
_GLYPHS: dict[tuple[str, float], tuple[np.ndarray, float, float]] = {}


def _glyph(char: str, font_size: float) -> tuple[np.ndarray, float, float]:
    """Outline points of one character (origin at its ink's bottom-left), width, height."""
    key = (char, font_size)
    if key not in _GLYPHS:
        from manim import SingleStringMathTex
        tex = SingleStringMathTex(char, font_size=font_size)
        pts = np.concatenate([m.points for m in tex.family_members_with_points()])  # (N, 3)
        lo = pts.min(axis=0)
        _GLYPHS[key] = (pts - [lo[0], lo[1], 0], float(np.ptp(pts[:, 0])),
                        float(np.ptp(pts[:, 1])))
    return _GLYPHS[key]


class FastNumber(VMobject):
    """A number display like DecimalNumber, but cheap to change every frame: it is one
    VMobject whose outline is assembled from cached glyph outlines (DecimalNumber.set_value
    deep-copies a TeX mobject per digit, 40% of a lecture's render time, and draws one Cairo
    path per digit). Its family never changes, and its left edge stays put."""

    def __init__(self, number: float = 0.0, num_decimal_places: int = 2,
                 font_size: float = style.BODY_SIZE, color=style.TEXT,
                 include_sign: bool = False, **kwargs):
        super().__init__(fill_color=color, fill_opacity=1, stroke_width=0, **kwargs)
        self.num_decimal_places = num_decimal_places
        self.font_size = font_size
        self.include_sign = include_sign
        self.number = None
        self.set_value(number)

    def get_value(self) -> float:
        return self.number

    def _string(self, number: float) -> str:
        s = f"{number:{'+' if self.include_sign else ''}.{self.num_decimal_places}f}"
        if s.lstrip("+-").strip("0.") == "":  # no "-0.00"
            s = s.replace("-", "+" if self.include_sign else "")
        return s

    def set_value(self, number: float) -> "FastNumber":
        number = float(number)
        anchor = self.get_corner(DOWN + LEFT) if len(self.points) else None
        text = self._string(number)
        buff = 0.001 * self.font_size
        x = 0.0
        outline = []
        for i, char in enumerate(text):
            pts, w, h = _glyph(char, self.font_size)
            y = 0.0
            if char in "-+" and i + 1 < len(text):  # centred on the digits, like DecimalNumber
                h_next = _glyph(text[i + 1], self.font_size)[2]
                y = h_next / 2 - h / 2
            outline.append(pts + [x, y, 0])  # each glyph's contours are closed sub-paths
            x += w + buff
        self.points = np.concatenate(outline)
        self.number = number
        if anchor is not None:
            self.shift(anchor - self.get_corner(DOWN + LEFT))
        return self


def bake(mob: Mobject) -> VGroup:
    """A drawing-only copy of ``mob``: one VMobject per distinct style, holding the outlines of
    all its parts as sub-paths. A TeX label of ten glyphs becomes one or two Cairo paths,
    which matters for anything redrawn every frame (it cannot be transformed part by part)."""
    groups: dict[tuple, list[np.ndarray]] = {}
    for m in mob.family_members_with_points():
        key = (m.get_fill_color().to_hex(), round(float(m.get_fill_opacity()), 4),
               m.get_stroke_color().to_hex(), round(float(m.get_stroke_width()), 4),
               round(float(m.get_stroke_opacity()), 4))
        groups.setdefault(key, []).append(m.points)
    out = VGroup()
    for (fc, fo, sc, sw, so), pts in groups.items():
        part = VMobject(fill_color=fc, fill_opacity=fo, stroke_color=sc, stroke_width=sw,
                        stroke_opacity=so)
        part.points = np.concatenate(pts)
        out.add(part)
    return out


class Readout(VGroup):
    """Rows ``label = value``; ``labels`` are TeX (use the colour macros), values DecimalNumbers.

    Call ``readout.set_values([...])`` (e.g. from an updater reading a StepClock).
    """

    def __init__(self, labels: Sequence[str], decimals: Sequence[int] | int = 3,
                 size: float = style.BODY_SIZE + 4, colors: Sequence | None = None,
                 buff: float = 0.2):
        super().__init__()
        if isinstance(decimals, int):
            decimals = [decimals] * len(labels)
        self.values: list[FastNumber] = []
        rows = []
        for i, (label, dec) in enumerate(zip(labels, decimals)):
            lab = bake(style.eq(label + "=", size=size))  # redrawn with the numbers
            num = FastNumber(0, num_decimal_places=dec, font_size=size,
                             color=(colors[i] if colors else style.TEXT))
            num.next_to(lab, RIGHT, buff=0.15)
            # centre the digits on the "=" (a descender in the label, as in "accuracy",
            # would otherwise pull them down)
            num.shift((self._equals_y(label, size, lab) - num.get_center()[1]) * UP)
            rows.append(VGroup(lab, num))
            self.values.append(num)
        self.add(*rows)
        self.arrange(DOWN, aligned_edge=LEFT, buff=buff)

    @staticmethod
    def _equals_y(label: str, size: float, lab: Mobject) -> float:
        """The height of the centre of the label's "=" (its last glyph), where it now sits."""
        tex = style.eq(label + "=", size=size)
        tex.move_to(lab)
        return tex.family_members_with_points()[-1].get_center()[1]

    def set_values(self, values: Sequence[float]) -> "Readout":
        for num, v in zip(self.values, values):
            num.set_value(float(v))  # keeps its left edge and baseline
        return self


# -- the derivation column --------------------------------------------------------------------
class Derivation:
    """Places equations one under another in a panel, left aligned, shrinking them to fit."""

    def __init__(self, panel=style.LEFT_PANEL, buff: float = 0.35, top: float | None = None):
        self.left, self.right, self.bottom, top_ = panel
        self.top = top if top is not None else top_
        self.buff = buff
        self.lines: list[Mobject] = []

    @property
    def width(self) -> float:
        return self.right - self.left

    def next_y(self) -> float:
        return self.lines[-1].get_bottom()[1] - self.buff if self.lines else self.top

    def place(self, mob: Mobject, *, indent: float = 0.0, center: bool = False) -> Mobject:
        """Put ``mob`` under the last line (does not animate); returns it."""
        if mob.width > self.width - indent:
            mob.scale_to_fit_width(self.width - indent)
        if not self.fits(mob):
            from manim import logger
            logger.warning("Derivation: a line runs below the panel (into the caption strip); "
                           "reset() the column or shrink the equations")
        mob.next_to([self.left + indent, self.next_y(), 0], DOWN, buff=0, aligned_edge=LEFT)
        mob.align_to([self.left + indent, 0, 0], LEFT)
        if center:
            mob.set_x((self.left + self.right) / 2)
        self.lines.append(mob)
        return mob

    def fits(self, mob: Mobject) -> bool:
        h = mob.height * min(1.0, self.width / max(mob.width, 1e-9))
        return self.next_y() - h >= self.bottom

    def reset(self, top: float | None = None) -> list[Mobject]:
        """Forget the lines (the caller fades them); returns them."""
        old, self.lines = self.lines, []
        if top is not None:
            self.top = top
        return old


# -- plotting helpers -------------------------------------------------------------------------
def to_scene(axes: Axes, xy: np.ndarray) -> np.ndarray:
    """Axes coordinates (N, 2) -> scene points (N, 3)."""
    xy = np.atleast_2d(np.asarray(xy, float))  # (N, 2)
    if len(xy) == 0:
        return np.zeros((0, 3))
    return np.asarray(axes.c2p(xy[:, 0], xy[:, 1]), float).reshape(3, -1).T  # c2p gives (3, N)


def contour_segments(Z: np.ndarray, xs: np.ndarray, ys: np.ndarray, level: float) -> np.ndarray:
    """Marching squares: the level set ``Z == level`` as line segments (N, 2, 2) in (x, y).

    ``Z`` is (len(ys), len(xs)): ``Z[i, j] = f(xs[j], ys[i])``.
    """
    above = Z > level
    z00, z10 = Z[:-1, :-1], Z[:-1, 1:]  # (ny-1, nx-1) corners: bottom-left, bottom-right
    z01, z11 = Z[1:, :-1], Z[1:, 1:]    # top-left, top-right
    X0, Y0 = np.meshgrid(xs[:-1], ys[:-1])
    X1, Y1 = np.meshgrid(xs[1:], ys[1:])

    def cross(za, zb):  # fraction along an edge where the level is crossed
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.clip((level - za) / (zb - za), 0, 1)

    # crossing points on the four edges of every cell, each (ny-1, nx-1, 2)
    bottom = np.stack([X0 + cross(z00, z10) * (X1 - X0), Y0], -1)
    top = np.stack([X0 + cross(z01, z11) * (X1 - X0), Y1], -1)
    left = np.stack([X0, Y0 + cross(z00, z01) * (Y1 - Y0)], -1)
    right = np.stack([X1, Y0 + cross(z10, z11) * (Y1 - Y0)], -1)
    edges = np.stack([bottom, right, top, left], 2)  # (ny-1, nx-1, 4, 2)
    crossed = np.stack([above[:-1, :-1] != above[:-1, 1:], above[:-1, 1:] != above[1:, 1:],
                        above[1:, :-1] != above[1:, 1:], above[:-1, :-1] != above[1:, :-1]], -1)
    n = crossed.sum(-1)
    segs = []
    two = n == 2
    if two.any():
        e = edges[two]  # (M, 4, 2)
        c = crossed[two]
        idx = np.argsort(~c, axis=1, kind="stable")[:, :2]  # the two crossed edges
        segs.append(np.stack([np.take_along_axis(e, idx[:, :1, None].repeat(2, -1), 1)[:, 0],
                              np.take_along_axis(e, idx[:, 1:, None].repeat(2, -1), 1)[:, 0]], 1))
    four = n == 4
    if four.any():  # saddle cell: decide the pairing by the centre value
        e = edges[four]
        centre_above = ((z00 + z10 + z01 + z11) / 4)[four] > level
        bl_above = above[:-1, :-1][four]
        same = centre_above == bl_above  # centre joins bottom-left corner's side
        pair_a = np.where(same[:, None, None], e[:, [0, 1]], e[:, [0, 3]])
        pair_b = np.where(same[:, None, None], e[:, [2, 3]], e[:, [2, 1]])
        segs += [pair_a, pair_b]
    return np.concatenate(segs) if segs else np.zeros((0, 2, 2))


def contour_lines(axes: Axes, Z: np.ndarray, xs: np.ndarray, ys: np.ndarray,
                  levels: Sequence[float], colors: Sequence | ManimColor = style.DIM,
                  stroke_width: float = 2.0, opacity: float = 0.8) -> VGroup:
    """One VMobject per level, each holding all that level's segments as sub-paths."""
    if not isinstance(colors, (list, tuple)):
        colors = [colors] * len(levels)
    group = VGroup()
    for level, color in zip(levels, colors):
        segs = contour_segments(Z, xs, ys, level)
        mob = VMobject(stroke_color=color, stroke_width=stroke_width, stroke_opacity=opacity)
        if len(segs):
            p0, p1 = to_scene(axes, segs[:, 0]), to_scene(axes, segs[:, 1])  # (N, 3)
            # a straight cubic per segment: anchor, 1/3, 2/3, anchor
            pts = np.stack([p0, (2 * p0 + p1) / 3, (p0 + 2 * p1) / 3, p1], 1).reshape(-1, 3)
            mob.points = pts
        group.add(mob)
    return group


def heatmap(axes: Axes, Z: np.ndarray, colors: Sequence[str] = ("#0E1117", "#16213A", "#2B3D63"),
            log: bool = True, opacity: float = 1.0) -> ImageMobject:
    """A shaded image of ``Z`` (rows = y ascending) stretched over the axes' area."""
    v = np.log(Z - Z.min() + 1e-12 + (Z.max() - Z.min()) * 1e-4) if log else Z
    v = (v - v.min()) / max(v.max() - v.min(), 1e-12)  # (ny, nx) in [0, 1]
    stops = np.array([ManimColor(c).to_rgb() for c in colors])  # (k, 3)
    pos = v * (len(stops) - 1)
    i = np.clip(np.floor(pos).astype(int), 0, len(stops) - 2)
    t = (pos - i)[..., None]
    rgb = (1 - t) * stops[i] + t * stops[i + 1]
    rgba = np.concatenate([rgb, np.full(rgb.shape[:2] + (1,), opacity)], -1)
    img = ImageMobject((rgba[::-1] * 255).astype(np.uint8))  # image rows go top-down
    img.set_resampling_algorithm(2)  # bilinear
    x0, y0 = axes.x_range[0], axes.y_range[0]
    x1, y1 = axes.x_range[1], axes.y_range[1]
    lo, hi = axes.c2p(x0, y0), axes.c2p(x1, y1)
    img.stretch_to_fit_width(hi[0] - lo[0]).stretch_to_fit_height(hi[1] - lo[1])
    img.move_to((lo + hi) / 2)
    return img


def traced_path(axes: Axes, points: np.ndarray, clock: StepClock | None = None,
                color=style.TEXT, stroke_width: float = 3.0) -> VMobject:
    """A polyline through ``points`` (T, 2) in axes coordinates.

    With a ``clock`` it redraws itself up to the clock's fractional step on every frame.
    """
    pts = np.asarray(points, float)
    scene_pts = to_scene(axes, pts)  # (T, 3)
    path = VMobject(stroke_color=color, stroke_width=stroke_width)
    path.set_points_as_corners(scene_pts[:2] if len(scene_pts) > 1 else scene_pts.repeat(2, 0))

    def update(mob: VMobject) -> None:
        s = clock.value
        k = int(np.floor(s))
        head = clock.interp(scene_pts)
        corners = np.vstack([scene_pts[: k + 1], head[None]])
        if len(corners) < 2:
            corners = np.vstack([corners, corners])
        mob.set_points_as_corners(corners)

    if clock is not None:
        path.add_updater(update)
        update(path)
    else:
        path.set_points_as_corners(scene_pts)
    return path


# -- cheap fades ------------------------------------------------------------------------------
def _opacity_setter(mob: Mobject):
    """A function alpha -> None scaling every family member's opacity by alpha.

    The full opacities are the ones ``mob`` had before its last :func:`fade_out` (kept on it),
    so a mobject faded out and in again comes back as it was, not at opacity 0."""
    before = getattr(mob, "_mlv_full_opacity", {})
    saved = []
    for m in mob.get_family():
        if id(m) in before:
            saved.append((m, *before[id(m)]))
        elif isinstance(m, VMobject):
            saved.append((m, m.get_fill_opacity(), m.get_stroke_opacity(),
                          m.get_stroke_opacity(background=True)))
        elif isinstance(m, ImageMobject):
            saved.append((m, None, None, None))
    mob._mlv_full_opacity = {id(m): rest for m, *rest in saved}

    def apply(alpha: float) -> None:
        for m, fill, stroke, back in saved:
            if fill is None:
                m.set_opacity(alpha)  # images scale their original alpha channel
            else:
                m.set_fill(opacity=alpha * fill, family=False)
                m.set_stroke(opacity=alpha * stroke, family=False)
                m.set_stroke(opacity=alpha * back, family=False, background=True)
    return apply


def fade_in(mob: Mobject, **kwargs):
    """FadeIn without copying ``mob`` (a big axes/contour group copies slowly)."""
    from manim import UpdateFromAlphaFunc
    apply = _opacity_setter(mob)
    apply(0.0)
    return UpdateFromAlphaFunc(mob, lambda m, a: apply(a), **kwargs)


def fade_out(mob: Mobject, **kwargs):
    """FadeOut without copying ``mob``; the mobject is removed at the end."""
    from manim import UpdateFromAlphaFunc
    apply = _opacity_setter(mob)
    return UpdateFromAlphaFunc(mob, lambda m, a: apply(1 - a), remover=True, **kwargs)


# -- layout and emphasis ----------------------------------------------------------------------
def panel_center(panel: tuple[float, float, float, float]) -> np.ndarray:
    l, r, b, t = panel
    return np.array([(l + r) / 2, (b + t) / 2, 0.0])


def fit_in(mob: Mobject, panel: tuple[float, float, float, float], buff: float = 0.0) -> Mobject:
    """Scale ``mob`` down (never up) to fit in ``panel`` and centre it there."""
    l, r, b, t = panel
    w, h = r - l - 2 * buff, t - b - 2 * buff
    factor = min(1.0, w / max(mob.width, 1e-9), h / max(mob.height, 1e-9))
    mob.scale(factor)
    return mob.move_to(panel_center(panel))


def part(equation: Mobject, tex: str) -> VMobject:
    """The sub-mobject of a MathTex whose TeX part (split with ``{{ }}``) is ``tex``."""
    for sub in equation.submobjects:
        if getattr(sub, "tex_string", "").strip() == tex.strip():
            return sub
    parts = [getattr(s, "tex_string", "?").strip() for s in equation.submobjects]
    raise KeyError(f"no part {tex!r} in equation; parts are {parts}")


def highlight(mob: Mobject, color=style.COLOR["cg"], buff: float = 0.08) -> SurroundingRectangle:
    """A rounded box around ``mob`` to mark the term under discussion."""
    return SurroundingRectangle(mob, color=color, buff=buff, corner_radius=0.08, stroke_width=3)


# -- plots with typeset numbers, clipped lines and paths (narrated lectures) -------------------------------------------------------------------------------------
def clip_segment(p, q, box) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of segment ``p``-``q`` (2D) inside ``box = ((x0, x1), (y0, y1))``, or None
    (Liang-Barsky)."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    d = q - p
    t0, t1 = 0.0, 1.0
    for k in range(2):
        lo, hi = box[k]
        for num, den in ((p[k] - lo, -d[k]), (hi - p[k], d[k])):
            if abs(den) < 1e-15:
                if num < 0:
                    return None
                continue
            t = num / den
            if den < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    if t1 <= t0:
        return None
    return p + t0 * d, p + t1 * d


def line_in_box(w: float, b: float, box):
    """End points of ``y = w x + b`` inside ``box = ((x0, x1), (y0, y1))``, or None."""
    (x0, x1) = box[0]
    return clip_segment((x0, w * x0 + b), (x1, w * x1 + b), box)


def polygons(corners: np.ndarray, **style_) -> VMobject:
    """Closed polygons (N, k, 3) as sub-paths of one VMobject (fills each)."""
    mob = VMobject(**style_)
    if len(corners):
        a = corners
        b = np.roll(corners, -1, axis=1)
        mob.points = np.stack([a, (2 * a + b) / 3, (a + 2 * b) / 3, b], 2).reshape(-1, 3)
    return mob


def fit_width(mob: Mobject, width: float) -> Mobject:
    """Shrink ``mob`` to ``width`` if it is wider."""
    if mob.width > width:
        mob.scale_to_fit_width(width)
    return mob


def on_map(mob: Mobject) -> Mobject:
    """A label drawn over the map: a dark backing so the contours do not cross it."""
    return mob.add_background_rectangle(color=style.BACKGROUND, opacity=0.85, buff=0.06)


def tex(s: str, size: float = style.PLOT_LABEL_SIZE, color=style.TEXT) -> MathTex:
    """A formula at the size of plot labels (``style.eq`` with other defaults)."""
    return style.eq(s, size=size, color=color)


def plot_label(words: str, size: float = style.PLOT_LABEL_SIZE, color=style.DIM) -> MathTex:
    """Words on a plot, typeset (so any digits are in the book's one number font)."""
    return style.eq(rf"\text{{{words}}}", size=size, color=color)


class Plot(VGroup):
    """A plot box: left and bottom axes with typeset tick numbers and labels.

    ``c2p`` maps data to scene coordinates through the (invisible) ``box``, so anything drawn
    from it follows the plot when the plot is moved or transformed into another layout.
    """

    def __init__(self, xr, yr, width: float, height: float, *, xticks: Sequence = (),
                 yticks: Sequence = (), xnums: Sequence[str] | None = None,
                 ynums: Sequence[str] | None = None, xlabel: Mobject | None = None,
                 ylabel: Mobject | None = None, xlabel_right: bool = False,
                 color=style.DIM):
        super().__init__()
        self.x_range, self.y_range = tuple(xr), tuple(yr)
        self.box = Rectangle(width=width, height=height, stroke_opacity=0, fill_opacity=0)
        dl, dr, ul = (self.box.get_corner(c) for c in (DL, DR, UL))
        self.lines = VGroup(Line(dl, dr), Line(dl, ul)).set_stroke(color, 2.5)
        tick = 0.12
        self.ticks = VGroup()
        self.xnums, self.ynums = VGroup(), VGroup()
        xnums = xnums or [f"{v:g}" for v in xticks]
        ynums = ynums or [f"{v:g}" for v in yticks]
        for v, s in zip(xticks, xnums):
            p = self.c2p(v, yr[0])
            self.ticks.add(Line(p + tick * DOWN, p + tick * UP, stroke_width=2.5, color=color))
            self.xnums.add(style.eq(s, size=style.NUMBER_SIZE, color=color).next_to(p, DOWN, buff=0.22))
        for v, s in zip(yticks, ynums):
            p = self.c2p(xr[0], v)
            self.ticks.add(Line(p + tick * LEFT, p + tick * RIGHT, stroke_width=2.5, color=color))
            self.ynums.add(style.eq(s, size=style.NUMBER_SIZE, color=color).next_to(p, LEFT, buff=0.22))
        self.numbers = VGroup(self.xnums, self.ynums)
        self.add(self.box, self.lines, self.ticks, self.numbers)
        self.xlabel, self.ylabel = xlabel, ylabel
        if xlabel is not None:
            if xlabel_right:
                xlabel.next_to(dr, RIGHT, buff=0.2)
            else:
                xlabel.next_to(self.xnums if len(xticks) else dl, DOWN, buff=0.18)
                xlabel.set_x(self.box.get_x())
            self.add(xlabel)
        if ylabel is not None:
            ylabel.next_to(ul, UP, buff=0.22).align_to(ul, LEFT).shift(0.05 * LEFT)
            self.add(ylabel)

    def set_opacity(self, opacity: float, family: bool = True) -> "Plot":
        """Every part but the invisible box (which would turn into a solid rectangle)."""
        for m in self.get_family()[1:]:
            if m is not self.box:
                m.set_opacity(opacity, family=False)
        return self

    def c2p(self, x, y=None, *_):
        lo, hi = self.box.get_corner(DL), self.box.get_corner(UR)
        fx = (np.asarray(x, float) - self.x_range[0]) / (self.x_range[1] - self.x_range[0])
        fy = (np.asarray(y, float) - self.y_range[0]) / (self.y_range[1] - self.y_range[0])
        return np.array([lo[0] + fx * (hi[0] - lo[0]), lo[1] + fy * (hi[1] - lo[1]), 0 * fx])

    def pts(self, xy) -> np.ndarray:
        """(N, 2) data -> (N, 3) scene points."""
        xy = np.atleast_2d(np.asarray(xy, float))
        return self.c2p(xy[:, 0], xy[:, 1]).reshape(3, -1).T

    def scale_x(self) -> float:
        return self.box.width / (self.x_range[1] - self.x_range[0])

    def scale_y(self) -> float:
        return self.box.height / (self.y_range[1] - self.y_range[0])

    def where(self) -> tuple:
        """A key that changes whenever the plot moves (for redraws that follow it)."""
        return (*np.round(self.box.get_corner(DL), 5), *np.round(self.box.get_corner(UR), 5))

    @property
    def data_box(self):
        return (self.x_range, self.y_range)

    def place(self, corner) -> "Plot":
        """Move so the box's bottom-left corner is at ``corner``."""
        return self.shift(np.array([*corner, 0])[:3] - self.box.get_corner(DL))


def trace(plot: Plot, pts: np.ndarray, upto: float, color, width: float = 3.5) -> VMobject:
    """Polyline through ``pts`` (T, 2) up to the fractional row ``upto``, clipped to the
    plot's box; a path that leaves the box ends at its edge."""
    k = int(np.floor(upto))
    head = pts[min(k, len(pts) - 1)] if k >= len(pts) - 1 else \
        pts[k] + (upto - k) * (pts[k + 1] - pts[k])
    corners = np.vstack([pts[: k + 1], head[None]])
    (x0, x1), (y0, y1) = plot.data_box
    out = np.flatnonzero((corners[:, 0] < x0) | (corners[:, 0] > x1) | (corners[:, 1] < y0)
                         | (corners[:, 1] > y1))
    if len(out):  # the path ends where it first leaves the box (at the box's edge)
        corners = corners[: out[0] + 1]
    mob = VMobject(stroke_color=color, stroke_width=width)
    pieces = []
    for p, q in zip(corners[:-1], corners[1:]):
        seg = clip_segment(p, q, plot.data_box)
        if seg is not None:
            pieces.append(seg)
    if not pieces:
        return mob
    P0 = plot.pts(np.array([s[0] for s in pieces]))
    P1 = plot.pts(np.array([s[1] for s in pieces]))
    mob.points = np.stack([P0, (2 * P0 + P1) / 3, (P0 + 2 * P1) / 3, P1], 1).reshape(-1, 3)
    return mob
