"""A cache of parsed SVGs shared by render processes.

Every ``Text`` and ``MathTex`` is an SVG that Manim parses into glyph outlines, which takes
50-200 ms each; a lecture makes a hundred of them and every render process starts from
nothing. With ``$MLV_SVG_CACHE`` set (the render CLI sets it), the parsed result of
``SVGMobject.generate_mobject`` is pickled under a key made of the SVG file's *content*, the
mobject class, its SVG style defaults and path settings and Manim's version, and later
processes load it instead of parsing. Same input, same outlines; a changed SVG, font or Manim
is a different key. Files are written under a temporary name and renamed, so a process never
reads half a file; an unreadable entry is parsed again.

:func:`generate_mobject` replaces Manim's method; :mod:`scenes.engine.patches` installs it
(and says why no subclass could do this).
"""
from __future__ import annotations

import hashlib
import os
import pickle
from importlib.metadata import version
from pathlib import Path

from manim.mobject.svg.svg_mobject import SVGMobject

__all__ = ["generate_mobject", "ENV"]

ENV = "MLV_SVG_CACHE"
_parse = SVGMobject.__dict__["generate_mobject"]  # Manim's own, whatever is installed later
_MANIM = version("manim")


def _key(mob: SVGMobject, data: bytes) -> str:
    h = hashlib.sha256()
    h.update(repr((type(mob).__module__, type(mob).__qualname__, _MANIM,
                   sorted(mob.svg_default.items()),
                   sorted((mob.path_string_config or {}).items()))).encode())
    h.update(data)
    return h.hexdigest()[:40]


def generate_mobject(self: SVGMobject) -> SVGMobject:
    """``SVGMobject.generate_mobject`` through the cache (Manim's own without ``$MLV_SVG_CACHE``)."""
    folder = os.environ.get(ENV)
    if not folder:
        return _parse(self)
    try:
        key = _key(self, self.get_file_path().read_bytes())
    except (OSError, ValueError, TypeError):
        return _parse(self)
    entry = Path(folder) / f"{key}.pkl"
    try:
        submobjects, groups = pickle.loads(entry.read_bytes())
    except Exception:  # missing, or unreadable: parse (and store)
        _parse(self)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps((self.submobjects, self.id_to_vgroup_dict),
                                         protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, entry)
        except Exception:
            pass  # a cache that cannot be written is only slower
        return self
    self.add(*submobjects)
    self.id_to_vgroup_dict = groups
    return self
