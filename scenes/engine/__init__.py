"""The render engine: how Manim draws and encodes the book's frames faster, in one place.

Everything here leaves the picture as Manim would draw it (``tests/test_engine_equivalence.py``
renders one scene both ways and compares every frame):

- :class:`EngineScene` (``scene.py``): a ``Scene`` that redraws per frame only what moves,
  looks updaters up once per play, keeps rebuilding updaters off animations' copies, and
  uses the camera and renderer below. Lectures build on it.
- :class:`FastCamera`, :class:`FastRenderer` (``camera.py``), :class:`FastFileWriter`
  (``encoder.py``): Manim's camera, renderer and file writer as subclasses, passed through
  the hooks Manim offers (``camera_class=``, ``renderer=``, ``file_writer_class=``).
- :class:`DotCloud` (``dots.py``): a scatter as one mobject, painted by FastCamera.
- :func:`redraw_on`, :func:`on_change` (``redraw.py``): rebuild only when a key moves; the
  ``redraws`` mark the scene reads.
- ``patches.py``: the only two functions of Manim's the engine replaces (a shared cache of
  parsed SVGs, glyph copies sharing their parsed path), each with why no subclass could do
  it. :func:`install` puts them in, once, after checking the Manim version.

Nothing here imports the rest of ``scenes`` or ``scripts``.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = [
    "install", "installed", "ManimVersionError", "MANIM_SERIES", "manim_version",
    "require_manim", "EngineScene", "FastCamera", "FastRenderer", "FastFileWriter",
    "DotCloud", "on_change", "redraw_on",
]

#: the Manim release series the engine is written for (it subclasses and patches internals)
MANIM_SERIES = "0.22"
FIX = "bash scripts/setup.sh"


class ManimVersionError(RuntimeError):
    pass


def manim_version() -> str | None:
    """The installed Manim's version, read from its package metadata (None if absent)."""
    try:
        return version("manim")
    except PackageNotFoundError:
        return None


def require_manim() -> str:
    """The installed Manim's version, if it is of :data:`MANIM_SERIES`; else refuse."""
    found = manim_version()
    if found is None or found.split(".")[:2] != MANIM_SERIES.split("."):
        raise ManimVersionError(
            f"The render engine (scenes/engine) needs Manim {MANIM_SERIES}.x, but "
            f"{'no Manim' if found is None else f'Manim {found}'} is installed. It replaces "
            f"and subclasses parts of Manim that change between releases, so it will not run "
            f"on another one. Fix: run `{FIX}` (installs manim=={MANIM_SERIES}.* into .venv).")
    return found


require_manim()  # before the modules below reach into Manim's internals

from scenes.engine.camera import FastCamera, FastRenderer  # noqa: E402
from scenes.engine.dots import DotCloud  # noqa: E402
from scenes.engine.encoder import FastFileWriter  # noqa: E402
from scenes.engine.redraw import on_change, redraw_on  # noqa: E402
from scenes.engine.scene import EngineScene  # noqa: E402


def install() -> None:
    """Check the Manim version, then install every patch of ``patches.py`` (once: calling
    again does nothing). Raises :class:`ManimVersionError` on another Manim."""
    require_manim()
    from scenes.engine import patches
    patches.apply()


def installed() -> bool:
    """Whether every patch is in."""
    from scenes.engine import patches
    return patches.applied()
