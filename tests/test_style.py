"""The book-wide colour key (scenes/style.py): a class colour is never a symbol's colour."""
import itertools

import numpy as np

from scenes import style


def _rgb(c):
    return np.array(c.to_rgb()) * 255


def test_class_colours_are_far_from_every_symbol_colour():
    for cls, (name, (_, hex_)) in itertools.product(style.CLASS_COLORS, style.SYMBOLS.items()):
        gap = np.linalg.norm(_rgb(cls) - _rgb(style.ManimColor(hex_)))
        assert gap >= 60, f"class colour {cls} is {gap:.0f} from symbol {name} {hex_}"


def test_class_colours_differ_from_each_other_and_species_are_classes():
    for a, b in itertools.combinations(style.CLASS_COLORS, 2):
        assert np.linalg.norm(_rgb(a) - _rgb(b)) >= 80
    assert list(style.SPECIES_COLORS.values()) == style.CLASS_COLORS[:3]
