"""Chapter 1's numbers: the trajectories each lecture animates, without Manim.

One function per lecture, named by its slug; the catalogue calls it with the lecture's
parameters (``Lecture.trajectories``), the scene and ``render trajectory`` go through there.
"""
from __future__ import annotations

import numpy as np

from algorithms.datasets import load_advertising
from algorithms.gradient_descent import linear_regression_gd, mse_hessian
from algorithms.optimizers import (
    FUNCTIONS, LR_GRID, METHODS, AdamUncorrected, descend, minimize, tune_lr,
)
from algorithms.trajectory import Trajectory

__all__ = ["gradient_descent", "optimizers", "BOWL_START", "ROSEN_START"]

BOWL_START = (-4.5, 1.2)
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


def optimizers(bowl_steps: int = 300, bowl_tol: float = 0.02, bowl_beta: float = 0.5,
               rosen_steps: int = 3000, rosen_tol: float = 0.05, rosen_beta: float = 0.9,
               rho: float = 0.99) -> dict[str, Trajectory]:
    """The four methods on the bowl and on Rosenbrock, each at the learning rate one rule picks
    (:func:`algorithms.optimizers.tune_lr`: from ``LR_GRID``, the rate whose iterate settles
    within the tolerance of the minimum soonest), plus what the lecture contrasts them with:
    momentum with beta = 0.9 on the bowl (tuned the same way) and Adam's first steps without
    bias correction.

    Each run's ``info`` adds ``settle`` (the settling step, None if it never settles), ``tol``
    and ``tuned`` (False when no rate of the grid settled: then the run uses the rate that ends
    nearest the minimum).
    """
    hyper = {"gd": {}, "momentum": {}, "rmsprop": {"rho": rho}, "adam": {}}
    runs: dict[str, Trajectory] = {}

    def tuned(name, x0, m, n, tol, key, **h):
        lr, k = tune_lr(name, x0, method=m, n_steps=n, radius=tol, **h)
        ok = lr is not None
        if not ok:  # nothing settles: the rate that ends nearest the minimum
            end = {r: minimize(name, x0, method=m, lr=r, n_steps=n, **h) for r in LR_GRID}
            lr = min((r for r in end if not end[r].diverged),
                     key=lambda r: np.linalg.norm(end[r].result["x"] - FUNCTIONS[name].minimum))
        t = minimize(name, x0, method=m, lr=float(lr), n_steps=n, **h)
        runs[key] = Trajectory(steps=t.steps, data=t.data, result=t.result,
                               info={**t.info, "settle": k, "tol": tol, "tuned": ok})

    for m in METHODS:
        h = {**hyper[m], **({"beta": bowl_beta} if m == "momentum" else {})}
        tuned("bowl", BOWL_START, m, bowl_steps, bowl_tol, f"bowl_{m}", **h)
    tuned("bowl", BOWL_START, "momentum", bowl_steps, bowl_tol, "bowl_momentum_09", beta=0.9)
    for m in METHODS:
        h = {**hyper[m], **({"beta": rosen_beta} if m == "momentum" else {})}
        tuned("rosenbrock", ROSEN_START, m, rosen_steps, rosen_tol, f"rosenbrock_{m}", **h)
    lr_adam = float(runs["bowl_adam"].info["lr"])
    raw = descend("bowl", BOWL_START, AdamUncorrected(), lr_adam, 12)
    runs["bowl_adam_uncorrected"] = Trajectory(
        steps={"x": raw}, info={"lr": lr_adam, "method": "adam without bias correction"})
    return runs
