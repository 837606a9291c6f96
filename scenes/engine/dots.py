"""``DotCloud``: a scatter of ``N`` round dots as one mobject.

A scatter of 300 points as 300 ``Dot`` mobjects costs 300 family members to update, copy and
draw per frame. A DotCloud keeps the dots as arrays and :class:`~scenes.engine.camera.FastCamera`
paints them in one pass. Its ``points`` hold each dot's bounding square, so layout,
transforms (``shift``, ``scale``, ``Transform``) and bounding boxes work as for any VMobject;
the camera reads where the dots are from those points.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import WHITE, ManimColor, UpdateFromAlphaFunc, VMobject

__all__ = ["DotCloud"]

# a dot's outline in ``points``: its bounding square as four straight cubic curves (16 points)
_SQUARE = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]], float)
_DOT_OUTLINE = np.concatenate([
    np.stack([a + (b - a) * t for t in (0, 1 / 3, 2 / 3, 1)]) for a, b in zip(_SQUARE, _SQUARE[1:])
])  # (16, 2)


def _smooth(t: np.ndarray, inflection: float = 10.0) -> np.ndarray:
    """Manim's ``smooth`` rate function, for arrays."""
    err = 1 / (1 + np.exp(inflection / 2))
    return np.clip((1 / (1 + np.exp(-inflection * (t - 0.5))) - err) / (1 - 2 * err), 0, 1)


class DotCloud(VMobject):
    """``N`` round dots in one mobject, each with its own position, colour, radius and
    visibility (arrays ``pos`` (N, 3), ``rgb`` (N, 3), ``rad`` (N,), ``alpha`` (N,)).

    Drawn by :class:`scenes.engine.camera.FastCamera` (every engine scene's camera) in one
    pass, dot by dot in order, so overlaps blend as separate Dots would; moving them all is an
    array assignment. The mobject's fill opacity scales every dot, so ``FadeIn``/``FadeOut``
    work as usual; ``Create``/``Write`` do not (use :meth:`intro`). Manim's own camera cannot
    draw it (it would paint the bounding squares).
    """

    def __init__(self, points: np.ndarray, radius: float = 0.045, color=WHITE,
                 opacity: float = 0.9, colors: Sequence | None = None,
                 outline: tuple | None = None, **kwargs):
        super().__init__(fill_color=color, fill_opacity=opacity, stroke_width=0, **kwargs)
        # (colour, width in Manim stroke units): a ring drawn behind each dot, like a
        # background stroke; it fades with the dot
        self.outline = None if outline is None else (
            tuple(ManimColor(outline[0]).to_rgb()), float(outline[1]))
        self.pos = np.array(points, float).reshape(-1, 3)
        n = len(self.pos)
        if colors is not None:  # one colour per dot
            self.rgb = np.array([ManimColor(c).to_rgb() for c in colors], float).reshape(n, 3)
        else:
            self.rgb = np.tile(np.array(ManimColor(color).to_rgb()), (n, 1))
        self.rad = np.full(n, float(radius))
        self.alpha = np.ones(n)
        self._sync()

    def __len__(self) -> int:
        return len(self.pos)

    def _sync(self) -> None:
        pts = np.zeros((len(self.pos), len(_DOT_OUTLINE), 3))  # (N, 16, 3)
        pts[:, :, :2] = self.pos[:, None, :2] + self.rad[:, None, None] * _DOT_OUTLINE
        pts[:, :, 2] = self.pos[:, None, 2]
        self.points = pts.reshape(-1, 3)

    def centers_and_radii(self) -> tuple[np.ndarray, np.ndarray]:
        """Where the dots are now (read from ``points``, which transforms move)."""
        pts = self.points.reshape(len(self.pos), len(_DOT_OUTLINE), 3)
        lo, hi = pts.min(axis=1), pts.max(axis=1)
        return (lo + hi) / 2, (hi[:, 0] - lo[:, 0]) / 2

    def _read_points(self) -> None:
        """Take ``pos`` and ``rad`` from ``points``: a generic transform (``shift``,
        ``.animate``, ``Transform``) moves only the points."""
        if self.points.shape == (len(self.pos) * len(_DOT_OUTLINE), 3):
            self.pos, self.rad = self.centers_and_radii()

    def apply(self, pos=None, rgb=None, rad=None, alpha=None) -> "DotCloud":
        """Set any of the arrays (None keeps the current one, where the dots are now)."""
        self._read_points()
        if pos is not None:
            self.pos = np.array(pos, float).reshape(-1, 3)
        if rgb is not None:
            self.rgb = np.array(rgb, float).reshape(-1, 3)
        if rad is not None:
            self.rad = np.broadcast_to(np.asarray(rad, float), (len(self.pos),)).copy()
        if alpha is not None:
            self.alpha = np.broadcast_to(np.asarray(alpha, float), (len(self.pos),)).copy()
        self._sync()
        return self

    def morph(self, pos=None, rgb=None, rad=None, **kwargs) -> UpdateFromAlphaFunc:
        """Animate to the given arrays (None keeps the current one)."""
        self._read_points()
        p0, c0, r0 = self.pos.copy(), self.rgb.copy(), self.rad.copy()
        p1 = p0 if pos is None else np.asarray(pos, float).reshape(-1, 3)
        c1 = c0 if rgb is None else np.asarray(rgb, float).reshape(-1, 3)
        r1 = r0 if rad is None else np.broadcast_to(np.asarray(rad, float), r0.shape)

        def step(mob, a):
            mob.apply((1 - a) * p0 + a * p1, (1 - a) * c0 + a * c1, (1 - a) * r0 + a * r1)

        return UpdateFromAlphaFunc(self, step, **kwargs)

    def intro(self, lag_ratio: float = 0.004, scale: float = 0.5, **kwargs) -> UpdateFromAlphaFunc:
        """Dots fade in one after another, growing from ``scale`` (as ``LaggedStart`` of a
        ``FadeIn(dot, scale=...)`` per dot)."""
        self._read_points()
        n, r1 = len(self.pos), self.rad.copy()
        span = 1 + lag_ratio * max(n - 1, 0)
        starts = lag_ratio * np.arange(n)

        def step(mob, a):
            s = _smooth(np.clip(a * span - starts, 0, 1))
            mob.apply(rad=r1 * (scale + (1 - scale) * s), alpha=s)

        self.apply(alpha=0.0)
        kwargs.setdefault("rate_func", lambda t: t)  # each dot eases; the stagger is linear
        return UpdateFromAlphaFunc(self, step, **kwargs)

    def interpolate_color(self, mobject1, mobject2, alpha):
        super().interpolate_color(mobject1, mobject2, alpha)
        if isinstance(mobject1, DotCloud) and isinstance(mobject2, DotCloud) \
                and len(mobject1.pos) == len(mobject2.pos) == len(self.pos):
            self.rgb = (1 - alpha) * mobject1.rgb + alpha * mobject2.rgb
            self.alpha = (1 - alpha) * mobject1.alpha + alpha * mobject2.alpha
        return self
