"""Every function of Manim's that the engine replaces, and why a subclass could not do it.

The rest of the engine extends Manim the way Manim extends itself (a camera class, a
renderer, a file writer and a Scene subclass). The two below change classes that Manim
instantiates itself, deep inside ``Text``/``MathTex`` and everything built on them (axis
numbers, ``DecimalNumber``, ``Tex``, ``MarkupText``): no argument or subclass a scene can
pass reaches them. They are installed by :func:`scenes.engine.install` (which checks the
Manim version first), exactly once, and the frame-by-frame comparison with plain Manim
(``tests/test_engine_equivalence.py``) proves they change no pixel.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from manim.mobject.svg.svg_mobject import SVGMobject, VMobjectFromSVGPath

from scenes.engine import svgcache

__all__ = ["Patch", "PATCHES", "apply", "revert", "applied"]


@dataclass(frozen=True)
class Patch:
    owner: type
    name: str
    replacement: Callable
    why: str  # why no subclass hook can do it

    def installed(self) -> bool:
        return self.owner.__dict__.get(self.name) is self.replacement


# -- glyphs share their parsed path when copied ---------------------------------------------
# Every Text/MathTex glyph keeps the svgelements Path it was built from, and Manim deep-copies
# it whenever an animation copies the glyph (each FadeIn, Write, Transform...). The Path is
# never changed after the glyph's points are made, so copies can share it: copying a caption
# becomes 6x faster, an Axes with numbers 4x.
_deepcopy_mobject = VMobjectFromSVGPath.__deepcopy__  # inherited from Mobject


def _deepcopy_sharing_path(self, memo):
    path = self.__dict__.get("path_obj")
    if path is not None:
        memo.setdefault(id(path), path)
    return _deepcopy_mobject(self, memo)


PATCHES: tuple[Patch, ...] = (
    Patch(SVGMobject, "generate_mobject", svgcache.generate_mobject,
          "Text, MarkupText, MathTex, Tex and the numbers Manim makes for axes and "
          "DecimalNumber are SVGMobjects that Manim's own classes construct; a subclass would "
          "have to stand in for each of them everywhere Manim builds one, and Manim has no "
          "setting to choose how an SVG is parsed."),
    Patch(VMobjectFromSVGPath, "__deepcopy__", _deepcopy_sharing_path,
          "the glyphs are made inside SVGMobject.path_to_mobject of every Text/MathTex, so "
          "only a subclass of each of those (see above) could make them of another class; "
          "Manim's Mobject.copy is a plain copy.deepcopy."),
)

_saved: dict[Patch, object] = {}
_MISSING = object()


def apply() -> None:
    """Install every patch that is not installed (idempotent)."""
    for p in PATCHES:
        if not p.installed():
            _saved[p] = p.owner.__dict__.get(p.name, _MISSING)
            setattr(p.owner, p.name, p.replacement)


def revert() -> None:
    """Put Manim's own functions back (for tests)."""
    for p in PATCHES:
        if p.installed() and p in _saved:
            original = _saved.pop(p)
            if original is _MISSING:
                delattr(p.owner, p.name)  # it was inherited
            else:
                setattr(p.owner, p.name, original)


def applied() -> bool:
    return all(p.installed() for p in PATCHES)
