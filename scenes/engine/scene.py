"""``EngineScene``: a Manim ``Scene`` that draws the same frames with less work.

- Its camera and renderer are :class:`~scenes.engine.camera.FastCamera` and
  :class:`~scenes.engine.camera.FastRenderer` (with the fast segment encoder), unless the
  caller passes others.
- It redraws per frame only what animates or updates, plus what is drawn over it
  (:meth:`EngineScene.get_moving_and_static_mobjects`, checked again every frame in
  :meth:`EngineScene.update_to_time`); the rest is painted once per play.
- It looks up once per play which mobjects have updaters (:meth:`EngineScene.update_mobjects`).
- It keeps rebuilding updaters (:func:`~scenes.engine.redraw.redraw_on`) off animations'
  copies, so a redrawn mobject still fades and grows (:meth:`EngineScene.begin_animations`).

Creating one calls :func:`scenes.engine.install` (a no-op after the first time).
"""
from __future__ import annotations

import numpy as np
from manim import RendererType, Scene, config
from manim.animation.composition import AnimationGroup
from manim.utils.family import extract_mobject_family_members
from manim.utils.iterables import list_update

from scenes.engine.camera import FastCamera, FastRenderer
from scenes.engine.redraw import drop_redraws_from_copies

__all__ = ["EngineScene"]

_PAD = 0.05  # scene units: a stroke and its anti-aliasing reach a little past the points


def _box(m, family: bool = False):
    """(left, right, bottom, top) of ``m``'s own points (or its family's), padded; None
    without points."""
    pts = m.get_all_points() if family else m.points
    if len(pts) == 0:
        return None
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return (lo[0] - _PAD, hi[0] + _PAD, lo[1] - _PAD, hi[1] + _PAD)


class EngineScene(Scene):
    """A ``Scene`` on the render engine: same frames as Manim's, drawn faster."""

    def __init__(self, *args, **kwargs):
        from scenes.engine import install
        install()  # checks the Manim version; patches once per process
        kwargs.setdefault("camera_class", FastCamera)
        if "renderer" not in kwargs and config.renderer == RendererType.CAIRO:
            kwargs["renderer"] = FastRenderer(camera_class=kwargs["camera_class"],
                                              skip_animations=kwargs.get("skip_animations",
                                                                         False))
        super().__init__(*args, **kwargs)

    # -- what is drawn every frame ----------------------------------------------------------
    # Manim's Cairo renderer draws the "static" mobjects once per play into an image and
    # redraws the "moving" ones every frame. Manim calls moving everything from the first
    # family member that animates or updates to the end of the draw list, so indicating a
    # term of the first equation redraws the whole screen 60 times a second. We call moving
    # only what animates or updates, plus whatever is drawn after one of those and overlaps
    # it (so what covers what never changes); the rest is drawn once. An updater or an
    # alpha function can carry a mobject under something drawn later during the play, so
    # every frame checks that (``update_to_time``) and moves what it now overlaps.
    def _draw_order(self) -> list:
        return extract_mobject_family_members(  # Manim's draw order
            list_update(self.mobjects, self.foreground_mobjects),
            use_z_index=self.renderer.camera.use_z_index, only_those_with_points=False)

    def _live(self, animations) -> tuple[set[int], dict[int, list]]:
        """Ids of the family members that animate or update, and for each member the boxes
        of where its transforms go."""
        live: set[int] = set()
        targets: dict[int, list] = {}

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
        return live, targets

    def get_moving_and_static_mobjects(self, animations):
        moving, static = super().get_moving_and_static_mobjects(animations)
        if not moving or not animations:
            return moving, static
        live, targets = self._live(animations)
        order = self._draw_order()
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

    def _watch_split(self) -> None:
        """Note, for the frames of this play, the live members and the static ones drawn
        after them (with their boxes), or None when no static mobject is drawn after one."""
        self._watch = None
        if config.renderer != RendererType.CAIRO or not self.static_mobjects:
            return
        live, _ = self._live(self.animations)
        index = {id(m): i for i, m in enumerate(self._draw_order())}
        movers = [m for m in self.moving_mobjects if id(m) in live and id(m) in index]
        if not movers:
            return
        first = min(index[id(m)] for m in movers)
        after = [(m, _box(m)) for m in self.static_mobjects if index.get(id(m), -1) > first]
        after = [(m, b) for m, b in after if b is not None]
        if not after:
            return
        self._watch = (movers, np.array([index[id(m)] for m in movers]),   # (n,)
                       np.array([b for _, b in after]),                      # (k, 4)
                       np.array([index[id(m)] for m, _ in after]))            # (k,)

    def _check_split(self) -> None:
        """If a live member now overlaps a static one drawn after it, split again (keeping
        what already moves) and repaint the static image."""
        movers, m_index, s_boxes, s_index = self._watch
        boxes = np.array([_box(m) or (np.nan,) * 4 for m in movers])  # (n, 4); NaN: no points
        hit = ((boxes[:, None, 0] < s_boxes[None, :, 1]) & (s_boxes[None, :, 0] < boxes[:, None, 1])
               & (boxes[:, None, 2] < s_boxes[None, :, 3]) & (s_boxes[None, :, 2] < boxes[:, None, 3])
               & (m_index[:, None] < s_index[None, :]))  # (n, k)
        if not hit.any():
            return
        moving, static = self.get_moving_and_static_mobjects(self.animations)
        keep = {id(m) for m in self.moving_mobjects} | {id(m) for m in moving}
        self.moving_mobjects = [m for m in self._draw_order() if id(m) in keep]
        self.static_mobjects = [m for m in static if id(m) not in keep]
        self.renderer.save_static_frame_data(self, self.static_mobjects)
        self._watch_split()

    def update_to_time(self, t: float) -> None:
        super().update_to_time(t)
        if getattr(self, "_watch", None) is not None:
            self._check_split()

    # -- animations of redrawn mobjects ------------------------------------------------------
    def begin_animations(self) -> None:
        super().begin_animations()  # (splits moving from static)
        for animation in self.animations:
            drop_redraws_from_copies(animation)
        self._watch_split()

    # -- updaters ------------------------------------------------------------------------------
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
