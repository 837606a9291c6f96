"""The universal-approximation staircase (algorithms/approximation.py) against its closed form,
the MLP's own forward pass and the slope bound; no Manim needed."""
import numpy as np
import pytest

from algorithms.approximation import network_output, staircase, sup_error
from algorithms.neural_network import MLP

X_RANGE = (-np.pi / 2, np.pi / 2)
STEEPNESS = 8.0
UNITS = (4, 8, 16, 32, 64)


def sines(x):
    return np.sin(2 * x) + 0.5 * np.sin(5 * x)


def test_staircase_is_a_tanh_network_the_mlp_computes_alike():
    W1, b1, W2, b2 = staircase(sines, *X_RANGE, 8)
    mlp = MLP((1, 8, 1), activation="tanh").set_params(np.r_[W1, b1, W2, b2])
    x = np.linspace(-2, 2, 301)
    assert network_output(W1, b1, W2, b2, x) == pytest.approx(mlp.predict(x[:, None])[:, 0],
                                                                abs=1e-12)


def test_steep_staircase_is_the_curve_at_the_knots_piece_by_piece():
    """With very steep bends the sum is f(x_k) on the piece around knot x_k (closed form)."""
    a, b = X_RANGE
    for K in (3, 8, 20):
        W1, b1, W2, b2 = staircase(sines, a, b, K, steepness=1e4)
        knots = np.linspace(a, b, K + 1)
        d = (b - a) / K
        for k, xk in enumerate(knots):  # a point a quarter piece from the knot, inside [a, b]
            x = xk + (d / 4 if k < K else -d / 4)
            assert network_output(W1, b1, W2, b2, np.array([x]))[0] == pytest.approx(
                sines(xk), abs=1e-9)


def test_staircase_error_halves_with_twice_the_units_and_respects_the_slope_bound():
    a, b = X_RANGE
    fine = np.linspace(a, b, 2001)
    errs = [sup_error(network_output(*staircase(sines, a, b, K, STEEPNESS), fine),
                      sines(fine)) for K in UNITS]
    for e0, e1 in zip(errs, errs[1:]):
        assert 0.4 < e1 / e0 < 0.6                   # "double the units and the error halves"
    lip = np.abs(2 * np.cos(2 * fine) + 2.5 * np.cos(5 * fine)).max()  # max |f'| (<= 4.5)
    for K, e in zip(UNITS, errs):
        assert e <= lip * (b - a) / K                # within one piece's worth of rise
    with pytest.raises(ValueError):
        staircase(sines, a, b, 0)
