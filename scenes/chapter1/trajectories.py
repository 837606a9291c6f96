"""Chapter 1's numbers: the trajectories each lecture animates, without Manim.

One function per lecture, named by its slug; the catalogue calls it with the lecture's
parameters (``Lecture.trajectories``), the scene and ``render trajectory`` go through there.
"""
from __future__ import annotations

import numpy as np

from algorithms.datasets import load_advertising
from algorithms.gradient_descent import linear_regression_gd, mse_hessian
from algorithms.optimizers import METHODS, minimize
from algorithms.trajectory import Trajectory

__all__ = ["gradient_descent", "optimizers", "BOWL_START", "BOWL_STEPS", "BOWL_LR",
           "ROSEN_START"]

BOWL_START, BOWL_STEPS = (-4.5, 1.2), 150
BOWL_LR = {"gd": 0.075, "momentum": 0.02, "rmsprop": 0.05, "adam": 0.3}
ROSEN_START = (-1.2, 1.0)


def gradient_descent(raw_lr: float = 0.001, raw_steps: int = 200, lr: float = 0.1,
                     n_steps: int = 60) -> dict[str, Trajectory]:
    """The three runs the lecture shows: raw x; raw x with a step 15% past the stability
    limit 2 / lambda_max (so it diverges whatever ``raw_lr`` is); standardized x."""
    x, y = load_advertising("radio")
    lam_max = float(np.linalg.eigvalsh(mse_hessian(x))[-1])
    return {
        "raw": linear_regression_gd(x, y, lr=raw_lr, n_steps=raw_steps),
        "too_large": linear_regression_gd(x, y, lr=round(1.15 * 2 / lam_max, 5),
                                          n_steps=max(raw_steps, 200)),
        "scaled": linear_regression_gd(x, y, lr=lr, n_steps=n_steps, scale=True),
    }


def optimizers(rosen_steps: int = 3000, gd_lr: float = 0.001, momentum_lr: float = 0.0005,
               rmsprop_lr: float = 0.003, adam_lr: float = 0.05,
               diverge_lr: float = 0.1) -> dict[str, Trajectory]:
    """Four optimizers on the bowl and on Rosenbrock, and GD on the bowl with too large a step."""
    rosen_lr = {"gd": gd_lr, "momentum": momentum_lr, "rmsprop": rmsprop_lr, "adam": adam_lr}
    runs = {}
    for m in METHODS:
        runs[f"bowl_{m}"] = minimize("bowl", BOWL_START, method=m, lr=BOWL_LR[m],
                                     n_steps=BOWL_STEPS)
    for m in METHODS:
        runs[f"rosenbrock_{m}"] = minimize("rosenbrock", ROSEN_START, method=m,
                                           lr=rosen_lr[m], n_steps=rosen_steps)
    runs["diverge"] = minimize("bowl", BOWL_START, method="gd", lr=diverge_lr, n_steps=500)
    return runs
