"""Updaters that rebuild a mobject only when what it shows has changed, and the mark that
tells :class:`~scenes.engine.scene.EngineScene` which updaters rebuild.

- :func:`on_change` wraps an update so that it runs only on frames where a key (a clock's
  value, say) moved: a paused clock costs nothing.
- :func:`redraw_on` is Manim's ``always_redraw`` on top of it, and marks its updater
  ``redraws`` (:func:`mark_redraws`). The engine keeps marked updaters off an animation's
  copies (:func:`drop_redraws_from_copies`): Manim updates those copies every frame, and a
  copy rebuilt as the full mobject would undo a ``FadeIn``, ``FadeOut`` or ``GrowArrow``.
"""
from __future__ import annotations

import itertools
from typing import Callable

import numpy as np
from manim import Mobject, VMobject

__all__ = ["on_change", "redraw_on", "mark_redraws", "redraws", "drop_redraws_from_copies"]

REDRAWS = "redraws"  # the attribute set on a rebuilding updater (a function)


def mark_redraws(updater: Callable) -> Callable:
    """Mark ``updater`` as one that rebuilds its mobject (see the module's docstring)."""
    setattr(updater, REDRAWS, True)
    return updater


def redraws(updater: Callable) -> bool:
    return bool(getattr(updater, REDRAWS, False))


_ON_CHANGE = itertools.count()  # names the attribute each on_change updater keeps its key in


def on_change(key: Callable[[], object], update: Callable[[Mobject], object]):
    """An updater that runs ``update(mob)`` only on frames where ``key()`` (a number or a
    tuple of them, e.g. a clock's value) differs from the last frame's: a paused clock costs
    nothing. The first frame always updates. The last key is kept on the mobject, so a copy
    (which shares the updater) tracks its own."""
    attr = f"_on_change_key_{next(_ON_CHANGE)}"

    def updater(mob):
        k = key()
        if attr not in mob.__dict__ or mob.__dict__[attr] != k:
            mob.__dict__[attr] = k
            update(mob)

    return updater


def redraw_on(key: Callable[[], object], func: Callable[[], Mobject]) -> Mobject:
    """Manim's ``always_redraw``, but ``func`` rebuilds the mobject only when ``key()`` has
    changed (see :func:`on_change`).

    The updater is marked ``redraws``: an :class:`~scenes.engine.scene.EngineScene` keeps it
    off an animation's copies, so ``FadeIn``/``GrowArrow``/``FadeOut`` of the mobject show
    (Manim would rebuild the faded start every frame, and the mobject would pop in).
    """
    mob = func()
    return mob.add_updater(mark_redraws(on_change(key, lambda m: _rebuild(m, func()))))


def _shape(mob: Mobject) -> list[tuple[int, bool]]:
    return [(len(f.submobjects), f.has_points()) for f in mob.get_family()]


def _rebuild(mob: Mobject, new: Mobject) -> None:
    """Make ``mob`` look like ``new``.

    When the two families have the same shape this is ``become``: the parts stay the same
    objects, which the scene's per-play lists of what to draw rely on. Otherwise (an arrow
    that turns into an empty mobject, a dashed line with more dashes) ``become`` would pad or
    nest ``mob`` a little more at every change, so ``mob`` takes ``new``'s parts instead; its
    old parts lose their points, so a list that still holds them draws nothing for them.
    """
    if _shape(mob) == _shape(new) or not (isinstance(mob, VMobject)
                                          and isinstance(new, VMobject)):
        mob.become(new)
        return
    for old in mob.get_family()[1:]:
        old.points = np.zeros((0, 3))
    mob.submobjects = list(new.submobjects)
    mob.points = np.array(new.points)
    mob.match_style(new, family=False)


def drop_redraws_from_copies(animation) -> None:
    """Take the rebuilding updaters (:func:`redraw_on`) off an animation's snapshots: the
    start of a ``FadeIn``/``GrowArrow``, the end of a ``FadeOut``, a transform's working copy
    of its target.

    Manim calls those copies' updaters every frame, and a rebuilt copy is the full mobject
    again: the fade or the growth would never show. Other updaters (one that moves a marker
    to its point, say) still run on the copies, as in Manim. (A ``Succession`` starts its
    later parts mid-play; their copies keep their updaters.)
    """
    for sub in getattr(animation, "animations", ()):  # AnimationGroup, LaggedStart, ...
        drop_redraws_from_copies(sub)
    for name in ("starting_mobject", "target_copy"):
        copy = getattr(animation, name, None)
        if copy is None or copy is animation.mobject or not hasattr(copy, "get_family"):
            continue
        for member in copy.get_family():
            if any(redraws(u) for u in member.updaters):
                member.updaters = [u for u in member.updaters if not redraws(u)]
