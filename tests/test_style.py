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


def test_each_optimizer_has_its_own_colour_and_only_its_own_symbol_shares_it():
    # plain descent is the plain text colour; momentum is v's colour, RMSprop s's
    own = {"gd": "cx", "momentum": "cvel", "rmsprop": "cs", "adam": None}
    colours = {name: _rgb(c) for name, c in style.METHOD_COLORS.items()}
    for a, b in itertools.combinations(colours, 2):
        assert np.linalg.norm(colours[a] - colours[b]) >= 60, (a, b)
    for name, (_, hex_) in style.SYMBOLS.items():
        symbol = _rgb(style.ManimColor(hex_))
        for method, rgb in colours.items():
            if own[method] is not None and style.SYMBOLS[own[method]][1] == hex_:
                continue
            gap = np.linalg.norm(rgb - symbol)
            assert gap > 0, (method, name)   # never another symbol's colour
            if method == "adam":
                assert gap >= 60, (method, name)
