"""Universal approximation by construction: a 1-K-1 tanh network whose bends are steps.

A continuous ``f`` on ``[a, b]`` is cut into ``K`` equal pieces at the knots
``x_0 = a < x_1 < ... < x_K = b`` (width ``d = (b - a) / K``). Unit ``k`` is a steep bend
centred on the middle ``m_k`` of piece ``k``; as a step it climbs by half its output weight on
each side, so with output weight ``(f(x_k) - f(x_{k-1})) / 2`` it lifts the sum by the rise of
``f`` across the piece:

    y(x) = b2 + sum_k W2_k tanh(W1_k x + b1_k)
    W1_k = s / d,   b1_k = -W1_k m_k,   W2_k = (f(x_k) - f(x_{k-1})) / 2,
    b2 = (f(a) + f(b)) / 2

Far from every centre each tanh is +-1, and the sum telescopes to ``f(x_k)`` on the piece
around the knot ``x_k``: a staircase through the knots. The steepness ``s`` sets how sharp the
steps are (the bend climbs from tanh(-s/2) to tanh(s/2) across one piece).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["staircase", "network_output", "sup_error"]


def staircase(f: Callable[[np.ndarray], np.ndarray], a: float, b: float, units: int,
              steepness: float = 8.0) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """``(W1, b1, W2, b2)`` of the staircase network with ``units`` bends: shapes (K,) x 3 and
    a float, in the order of an MLP's theta (see ``algorithms.neural_network``)."""
    if units < 1 or not b > a:
        raise ValueError(f"need units >= 1 and b > a, not units={units}, [{a}, {b}]")
    knots = np.linspace(a, b, units + 1)          # (K + 1,)  x_0 .. x_K
    d = (b - a) / units                            # width of one piece
    mids = (knots[:-1] + knots[1:]) / 2            # (K,)  m_k
    W1 = np.full(units, steepness / d)             # (K,)  all equally steep
    b1 = -W1 * mids                                # (K,)  z_k = 0 at m_k
    rise = np.diff(f(knots))                       # (K,)  f(x_k) - f(x_{k-1})
    W2 = rise / 2                                  # a step of tanh climbs by 2 W2
    b2 = float((f(knots[0]) + f(knots[-1])) / 2)   # the sum telescopes
    return W1, b1, W2, b2


def network_output(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: float,
                   x: np.ndarray) -> np.ndarray:
    """``b2 + sum_k W2_k tanh(W1_k x + b1_k)`` at the points ``x`` (N,) -> (N,)."""
    x = np.asarray(x, float)
    return b2 + np.tanh(np.outer(x, W1) + b1) @ W2   # (N, K) @ (K,)


def sup_error(y: np.ndarray, target: np.ndarray) -> float:
    """The largest gap ``max |y - target|`` over the sampled points."""
    return float(np.max(np.abs(np.asarray(y) - np.asarray(target))))
