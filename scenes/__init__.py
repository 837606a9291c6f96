"""Manim lecture scenes, one package per chapter (``scenes/chapterN``).

``scenes.catalog`` (no manim) lists them; ``scenes.style`` and ``scenes.components`` are the
book-wide look and pieces; ``scenes.lecture.LectureScene`` is every lecture's base class.
"""
