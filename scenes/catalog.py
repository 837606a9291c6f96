"""The book's table of contents: chapters, their lectures in order, and each lecture's
overridable parameters. Imports no manim, so the CLI can list and validate quickly.

Each chapter package ``scenes/chapterN/__init__.py`` defines ``CHAPTER = Chapter(...)``;
:func:`chapters` finds them all, so adding a chapter touches no other file.

A lecture module ``scenes/chapterN/<slug>.py`` defines the Manim scene class named in its
:class:`Lecture`. Its numbers come from ``scenes/chapterN/trajectories.py`` (no manim): one
function per lecture, named by the slug, ``<slug>(**params) -> dict[str, Trajectory]``, the
one place the scene gets its numbers from (:meth:`Lecture.trajectories`; the CLI exports
them, the tests check them).
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Param", "Lecture", "Chapter", "chapters", "get_chapter", "find_lecture",
           "CatalogError", "SCENES_DIR"]

SCENES_DIR = Path(__file__).resolve().parent


class CatalogError(LookupError):
    """An unknown chapter, lecture or parameter. Its message lists the valid names."""


@dataclass(frozen=True)
class Param:
    """A parameter a teacher may override with ``--set name=value``."""

    name: str
    default: float | int
    low: float | int | None = None
    high: float | int | None = None
    help: str = ""

    @property
    def type(self) -> type:
        return type(self.default)

    def parse(self, text: str) -> float | int:
        """The value of ``text``, checked for type and range; ValueError says why not."""
        try:
            value = self.type(text) if self.type is float else int(text, 10)
        except ValueError:
            raise ValueError(f"{self.name} must be {self.type.__name__}, not {text!r}") from None
        if self.type is float and not (value == value and abs(value) != float("inf")):
            raise ValueError(f"{self.name} must be a finite number, not {text!r}")
        if (self.low is not None and value < self.low) or (
                self.high is not None and value > self.high):
            raise ValueError(f"{self.name}={text} is outside [{self.low}, {self.high}]")
        return value

    def describe(self) -> str:
        rng = f" in [{self.low}, {self.high}]" if self.low is not None or self.high is not None else ""
        return f"{self.name} ({self.type.__name__}{rng}, default {self.default}){': ' + self.help if self.help else ''}"


@dataclass(frozen=True)
class Lecture:
    """One lecture video: a scene class in ``scenes/<chapter>/<slug>.py``."""

    slug: str
    scene: str
    title: str
    summary: str = ""
    params: tuple[Param, ...] = ()
    chapter: str = ""  # filled in by Chapter
    source: Path | None = None  # the scene file, when not scenes/<chapter>/<slug>.py

    @property
    def id(self) -> str:
        return f"{self.chapter}/{self.slug}"

    @property
    def module(self) -> str:
        return f"scenes.{self.chapter}.{self.slug}"

    @property
    def trajectories_module(self) -> str:
        """``scenes.chapter1.trajectories``: the chapter's Manim-free numbers."""
        return f"scenes.{self.chapter}.trajectories"

    @property
    def path(self) -> Path:
        return self.source or SCENES_DIR / self.chapter / f"{self.slug}.py"

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def parse_overrides(self, pairs: list[str] | tuple[str, ...]) -> dict[str, Any]:
        """``["lr=0.9"]`` -> ``{"lr": 0.9}``, validated against :attr:`params`."""
        known = {p.name: p for p in self.params}
        valid = "; ".join(p.describe() for p in self.params) or "none"
        out: dict[str, Any] = {}
        for pair in pairs:
            name, sep, text = pair.partition("=")
            name = name.strip()
            if not sep:
                raise CatalogError(f"--set takes name=value, not {pair!r}. Parameters of {self.id}: {valid}")
            if name not in known:
                raise CatalogError(f"{self.id} has no parameter {name!r}. Parameters: {valid}")
            try:
                out[name] = known[name].parse(text.strip())
            except ValueError as err:
                raise CatalogError(f"{err}. Parameters of {self.id}: {valid}") from None
        return out

    def load_module(self):
        """The scene module (imports manim)."""
        return importlib.import_module(self.module)

    def trajectory_function(self):
        """``scenes.<chapter>.trajectories.<slug>``, imported without the scene (or manim)."""
        return getattr(importlib.import_module(self.trajectories_module), self.slug)

    def trajectories(self, **overrides):
        """The trajectories the scene animates, with ``overrides`` applied to the defaults."""
        return self.trajectory_function()(**{**self.defaults(), **overrides})


@dataclass(frozen=True)
class Chapter:
    slug: str
    number: int
    title: str
    lectures: tuple[Lecture, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        fixed = tuple(Lecture(**{**l.__dict__, "chapter": self.slug}) for l in self.lectures)
        object.__setattr__(self, "lectures", fixed)

    def lecture(self, slug: str) -> Lecture:
        for lec in self.lectures:
            if slug in (lec.slug, lec.scene):
                return lec
        names = ", ".join(l.slug for l in self.lectures)
        raise CatalogError(f"{self.slug} has no lecture {slug!r}. Lectures: {names}")

    def file_stem(self, lecture: Lecture) -> str:
        """``01_gradient_descent``: the lecture's output name, numbered in chapter order."""
        return f"{self.lectures.index(lecture) + 1:02d}_{lecture.slug}"


def chapters() -> list[Chapter]:
    """Every chapter package under ``scenes/``, in chapter order."""
    found = []
    for info in pkgutil.iter_modules([str(SCENES_DIR)]):
        if info.ispkg and re.fullmatch(r"chapter\d+", info.name):
            mod = importlib.import_module(f"scenes.{info.name}")
            if hasattr(mod, "CHAPTER"):
                found.append(mod.CHAPTER)
    return sorted(found, key=lambda c: c.number)


def get_chapter(slug: str) -> Chapter:
    known = chapters()
    for ch in known:
        if slug in (ch.slug, str(ch.number)):
            return ch
    names = ", ".join(c.slug for c in known)
    raise CatalogError(f"unknown chapter {slug!r}. Chapters: {names}")


def find_lecture(ref: str) -> tuple[Chapter, Lecture]:
    """``"chapter1/gradient_descent"`` -> (chapter, lecture)."""
    chapter, sep, slug = ref.partition("/")
    if not sep:
        every = ", ".join(l.id for c in chapters() for l in c.lectures)
        raise CatalogError(f"name a lecture as chapterN/lecture, not {ref!r}. Lectures: {every}")
    ch = get_chapter(chapter)
    return ch, ch.lecture(slug)
