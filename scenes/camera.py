"""``FastCamera``: Manim's Cairo camera, with each mobject's path built once.

Manim turns a VMobject's points into a Cairo path every time it draws it: it splits the
points into sub-paths with NumPy and calls ``curve_to`` once per Bézier curve from Python.
A lecture redraws the same outlines over and over: glyphs that fade, change colour or sit in
the static image Manim repaints at every ``play``. Here the finished path is kept
(``Context.copy_path``) with a copy of the points it came from; while the points are
unchanged, drawing the mobject again is one ``append_path`` call. Anything whose points
changed is built afresh, so the picture is the same.
"""
from __future__ import annotations

import weakref

import numpy as np
from manim import Camera

__all__ = ["FastCamera"]


class FastCamera(Camera):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # VMobject -> (copy of its points, cairo.Path, the context's matrix); weak, so a
        # mobject that leaves the scene takes its path with it (and copies start empty)
        self._paths: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def set_cairo_context_path(self, ctx, vmobject):
        points = vmobject.points
        matrix = tuple(ctx.get_matrix())
        cached = self._paths.get(vmobject)
        if (cached is not None and cached[2] == matrix and cached[0].shape == points.shape
                and np.array_equal(cached[0], points)):
            ctx.new_path()
            ctx.append_path(cached[1])
            return self
        super().set_cairo_context_path(ctx, vmobject)
        if len(points):
            self._paths[vmobject] = (points.copy(), ctx.copy_path(), matrix)
        return self
