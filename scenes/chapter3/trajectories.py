"""Chapter 3's numbers: the trajectories each lecture animates, without Manim.

One function per lecture, named by its slug; the catalogue calls it with the lecture's
parameters (``Lecture.trajectories``), the scene and ``render trajectory`` go through there.
"""
from __future__ import annotations

import numpy as np

from algorithms.datasets import load_breast_cancer, load_iris, make_blobs, minmax_scale
from algorithms.logistic_regression import (
    logistic_regression as fit_logistic, softmax_regression as fit_softmax,
)
from algorithms.perceptron import max_margin, novikoff_bound, perceptron as fit_perceptron
from algorithms.trajectory import Trajectory

__all__ = ["perceptron", "logistic_regression", "softmax_regression", "separable_data",
           "flip_two", "BOX", "NORMAL", "OFFSET", "GAP", "LOGISTIC_FEATURES",
           "SOFTMAX_FEATURES"]

BOX = 3.0  # the perceptron plot shows [-BOX, BOX]^2
NORMAL = np.array([1.0, 0.7]) / np.hypot(1.0, 0.7)  # direction between the two classes
OFFSET = 0.74  # the generating separator is NORMAL . x = OFFSET
GAP = 0.1  # no point closer than this to the generating separator (in (x, 1)-space)

LOGISTIC_FEATURES = ("mean_radius", "mean_texture")
SOFTMAX_FEATURES = ("petal_length", "petal_width")


def separable_data(n_per_class: int = 20, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clouds either side of a line, with the points near the line removed,
    so the classes are separable with margin >= GAP for every seed. Labels -1 and +1."""
    v = np.append(NORMAL, -OFFSET) / np.hypot(1.0, OFFSET)  # unit (w, b) of that line
    centre = OFFSET * NORMAL
    X, lab = make_blobs(6 * n_per_class, [centre - NORMAL, centre + NORMAL], std=0.8, seed=seed)
    y = 2 * lab - 1
    s = np.hstack([X, np.ones((len(X), 1))]) @ v  # (N,) signed distance in (x, 1)-space
    keep = (y * s >= GAP) & (np.abs(X).max(axis=1) < BOX - 0.3)
    X, y = X[keep], y[keep]
    idx = np.r_[np.flatnonzero(y < 0)[:n_per_class], np.flatnonzero(y > 0)[:n_per_class]]
    return X[idx], y[idx]


def flip_two(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Flip the label of the point of each class that reaches furthest towards the other."""
    s = X @ NORMAL
    neg, pos = np.flatnonzero(y < 0), np.flatnonzero(y > 0)
    flips = [int(neg[np.argmax(s[neg])]), int(pos[np.argmin(s[pos])])]
    y2 = y.copy()
    y2[flips] *= -1
    return y2, flips


def perceptron(lr: float = 1.0, max_epochs: int = 20, seed: int = 0) -> dict[str, Trajectory]:
    """The separable run (with Novikoff's numbers in its info) and the run on flipped labels."""
    X, y = separable_data(seed=seed)
    sep = fit_perceptron(X, y, lr=lr, max_epochs=max_epochs, seed=seed)
    w_star, b_star, gamma = max_margin(X, y)
    R = float(np.max(np.linalg.norm(np.hstack([X, np.ones((len(X), 1))]), axis=1)))
    sep.info.update(novikoff={"R": R, "gamma": gamma, "w_star": w_star.tolist(),
                              "b_star": b_star, "bound": novikoff_bound(X, y, w_star, b_star)})
    y2, flips = flip_two(X, y)
    noisy = fit_perceptron(X, y2, lr=lr, max_epochs=max_epochs, seed=seed)
    noisy.info.update(flipped=flips)
    return {"separable": sep, "noisy": noisy}


def logistic_regression(lr: float = 6.0, n_steps: int = 5000) -> dict[str, Trajectory]:
    """Gradient descent from w = 0, b = 0 on the two min-max scaled features."""
    X, y, names = load_breast_cancer()
    Xs = minmax_scale(X[:, [names.index(f) for f in LOGISTIC_FEATURES]])  # (569, 2) in [0, 1]
    traj = fit_logistic(Xs, y, lr=lr, n_steps=n_steps)
    traj.info.update(features=list(LOGISTIC_FEATURES))
    return {"gd": traj}


def softmax_regression(lr: float = 3.0, n_steps: int = 3000) -> dict[str, Trajectory]:
    """Gradient descent from W = 0, b = 0 on min-max scaled petal length and width."""
    X, y, names, species = load_iris()
    Xcm = X[:, [names.index(f) for f in SOFTMAX_FEATURES]]  # (150, 2) in cm
    Xs = minmax_scale(Xcm)  # (150, 2) in [0, 1]: (x - lo) / (hi - lo) per column
    traj = fit_softmax(Xs, y, n_classes=3, lr=lr, n_steps=n_steps)
    traj.info.update(features=list(SOFTMAX_FEATURES), species=list(species),
                     lo_cm=Xcm.min(axis=0).tolist(), hi_cm=Xcm.max(axis=0).tolist())
    return {"gd": traj}
