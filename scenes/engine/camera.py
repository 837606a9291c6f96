"""``FastCamera`` and ``FastRenderer``: Manim's Cairo camera and renderer, doing less work
for the same pixels.

Manim turns a VMobject's points into a Cairo path every time it draws it: it splits the
points into sub-paths with NumPy and calls ``curve_to`` once per Bézier curve from Python.
A lecture redraws the same outlines over and over: glyphs that fade, change colour or sit in
the static image Manim repaints at every ``play``. FastCamera keeps the finished path
(``Context.copy_path``) with a copy of the points it came from; while the points are
unchanged, drawing the mobject again is one ``append_path`` call. Anything whose points
changed is built afresh, so the picture is the same. It also paints a
:class:`~scenes.engine.dots.DotCloud` in one pass, scales upright images with Pillow, and
composites an image only where it is not transparent.

Both are Manim's sanctioned hooks: a scene takes ``camera_class=`` and ``renderer=``
(:class:`~scenes.engine.scene.EngineScene` passes these), and the renderer takes
``file_writer_class=``.
"""
from __future__ import annotations

import weakref

import numpy as np
from manim import Camera
from manim.renderer.cairo_renderer import CairoRenderer
from PIL import Image

from scenes.engine.dots import DotCloud
from scenes.engine.encoder import FastFileWriter

__all__ = ["FastCamera", "FastRenderer"]


class FastCamera(Camera):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # VMobject -> (copy of its points, cairo.Path, the context's matrix); weak, so a
        # mobject that leaves the scene takes its path with it (and copies start empty)
        self._paths: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get_cairo_context(self, pixel_array):
        """Manim caches a context per pixel array by ``id``; FastRenderer draws every frame
        into a new array, so keep only the current array's context (with the array itself:
        an ``id`` can come back for another array once the first is freed)."""
        if getattr(self, "_ctx_array", None) is pixel_array:
            return self._ctx
        ctx = super().get_cairo_context(pixel_array)
        self.pixel_array_to_cairo_context.pop(id(pixel_array), None)
        self._ctx_array, self._ctx = pixel_array, ctx
        return ctx

    def display_vectorized(self, vmobject, ctx):
        if isinstance(vmobject, DotCloud):
            return self._display_dots(vmobject, ctx)
        return super().display_vectorized(vmobject, ctx)

    def _display_dots(self, cloud: DotCloud, ctx):
        """Paint a DotCloud dot by dot, in order (overlaps blend as separate Dots would)."""
        if not len(cloud.pos):
            return self
        centers, radii = cloud.centers_and_radii()
        opacity = float(cloud.get_fill_opacity())
        rgba = np.empty((len(centers), 4))
        rgba[:, :3] = cloud.rgb[:, ::-1]  # the surface stores BGRA: reversed, as Manim does
        rgba[:, 3] = np.clip(cloud.alpha * opacity, 0, 1)
        keep = (rgba[:, 3] > 0) & (radii > 0)
        xs, ys, rs = centers[keep, 0].tolist(), centers[keep, 1].tolist(), radii[keep].tolist()
        colors = [tuple(c) for c in rgba[keep].tolist()]
        arc, new_path, fill, set_rgba = ctx.arc, ctx.new_path, ctx.fill, ctx.set_source_rgba
        tau = 2 * np.pi
        if cloud.outline is not None:  # a background stroke: ring behind, then the dot
            (r_, g_, b_), width = cloud.outline
            ctx.set_line_width(width * self.cairo_line_width_multiple)
            stroke = ctx.stroke_preserve
            for x, y, r, c in zip(xs, ys, rs, colors):
                new_path()
                arc(x, y, r, 0.0, tau)
                set_rgba(b_, g_, r_, c[3])
                stroke()
                set_rgba(*c)
                fill()
            return self
        current = None
        for x, y, r, c in zip(xs, ys, rs, colors):
            if c != current:
                set_rgba(*c)
                current = c
            new_path()
            arc(x, y, r, 0.0, tau)
            fill()
        return self

    def display_image_mobject(self, image_mobject, pixel_array):
        """An upright, unrotated image with smooth resampling is scaled with ``resize``
        (Pillow's separable filter) and composited where it lies: at 1080p a probability
        field took 12 ms a frame through Manim's general perspective transform, 4 ms this
        way. It covers the pixels whose centres lie inside the image, as Manim's transform
        does; values may differ by a few levels (another filter). Anything else goes to
        Manim."""
        smooth = (Image.Resampling.BILINEAR, Image.Resampling.BICUBIC, Image.Resampling.LANCZOS)
        corners = self.points_to_subpixel_coords(image_mobject, image_mobject.points)
        if image_mobject.resampling_algorithm not in smooth or len(corners) != 4:
            return super().display_image_mobject(image_mobject, pixel_array)
        (ulx, uly), (urx, ury), (dlx, dly), (drx, dry) = corners  # Manim's corner order
        upright = (abs(ulx - dlx) < 1e-6 and abs(urx - drx) < 1e-6 and abs(uly - ury) < 1e-6
                   and abs(dly - dry) < 1e-6 and urx > ulx and dly > uly)
        if not upright:
            return super().display_image_mobject(image_mobject, pixel_array)
        # the pixels whose centres the image covers (as Manim's transform samples them)
        x0, y0 = round(ulx), round(uly)
        w, h = round(urx) - x0, round(dly) - y0
        if w <= 0 or h <= 0:
            return None
        sub = Image.fromarray(image_mobject.get_pixel_array(), mode="RGBA").resize(
            (w, h), image_mobject.resampling_algorithm)
        # clip to the frame
        cx0, cy0 = max(x0, 0), max(y0, 0)
        cx1, cy1 = min(x0 + w, self.pixel_width), min(y0 + h, self.pixel_height)
        if cx1 <= cx0 or cy1 <= cy0:
            return None
        sub = sub.crop((cx0 - x0, cy0 - y0, cx1 - x0, cy1 - y0))
        region = Image.fromarray(np.ascontiguousarray(pixel_array[cy0:cy1, cx0:cx1]))
        pixel_array[cy0:cy1, cx0:cx1] = np.asarray(Image.alpha_composite(region, sub))
        return None

    def overlay_PIL_image(self, pixel_array, image):
        """Composite only where ``image`` is not transparent (Manim composites the whole
        frame for every image it draws: a probability field cost 11 ms a frame at 1080p)."""
        bbox = image.getbbox()  # of the non-zero alpha
        if bbox is None:
            return
        x0, y0, x1, y1 = bbox
        region = Image.fromarray(np.ascontiguousarray(pixel_array[y0:y1, x0:x1]))
        pixel_array[y0:y1, x0:x1] = np.asarray(Image.alpha_composite(region, image.crop(bbox)))

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


class FastRenderer(CairoRenderer):
    """Hands each finished frame to the video writer instead of a copy of it, and lets the
    camera draw the next frame into a new array: one 8 MB copy less per 1080p frame. Its
    file writer is :class:`~scenes.engine.encoder.FastFileWriter` unless told otherwise."""

    def __init__(self, file_writer_class=FastFileWriter, **kwargs):
        super().__init__(file_writer_class=file_writer_class, **kwargs)

    def get_frame(self):
        frame = self.camera.pixel_array
        self.camera.pixel_array = np.empty_like(frame)  # every draw starts by filling it
        return frame
