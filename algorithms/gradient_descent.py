"""Gradient descent for simple linear regression, y ~ w x + b, on the mean squared error.

    L(w, b)  = (1/n) sum_i (w x_i + b - y_i)^2
    dL/dw    = (2/n) sum_i (w x_i + b - y_i) x_i
    dL/db    = (2/n) sum_i (w x_i + b - y_i)
    w <- w - lr dL/dw,   b <- b - lr dL/db      (both from the same old (w, b))
"""
from __future__ import annotations

import numpy as np

from algorithms.trajectory import Recorder, Trajectory

__all__ = ["mse", "mse_grad", "mse_hessian", "loss_surface", "least_squares", "standardize",
           "linear_regression_gd"]


def mse(w: float, b: float, x: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error of the line ``w x + b`` on ``(x, y)``."""
    r = w * x + b - y  # (n,) residuals
    return float(np.mean(r * r))


def mse_grad(w: float, b: float, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """``(dL/dw, dL/db)`` of the mean squared error."""
    r = w * x + b - y  # (n,)
    return float(2 * np.mean(r * x)), float(2 * np.mean(r))


def mse_hessian(x: np.ndarray) -> np.ndarray:
    """The (constant) Hessian of the MSE in ``(w, b)``: ``2 [[mean x^2, mean x], [mean x, 1]]``."""
    x = np.asarray(x, float)
    return 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def loss_surface(w: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The MSE at every ``(w, b)`` of two broadcastable grids, by expanding the square:
    ``w^2 <x^2> + 2wb <x> + b^2 - 2w <xy> - 2b <y> + <y^2>`` (``<.>`` a mean over the data)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    mx, mxx, my, mxy, myy = x.mean(), (x * x).mean(), y.mean(), (x * y).mean(), (y * y).mean()
    return w * w * mxx + 2 * w * b * mx + b * b - 2 * w * mxy - 2 * b * my + myy


def least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The closed-form minimiser ``(w*, b*)`` (normal equations, via the covariance)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = np.mean((x - x.mean()) * (y - y.mean())) / np.var(x)
    return float(w), float(y.mean() - w * x.mean())


def standardize(x: np.ndarray) -> tuple[np.ndarray, float, float]:
    """``(x_tilde, mean, std)`` with ``x_tilde = (x - mean) / std``.

    A line ``w~ x_tilde + b~`` is the line ``w x + b`` with ``w = w~ / std`` and
    ``b = b~ - w~ mean / std``: the same predictions, so the same loss.
    """
    x = np.asarray(x, float)
    mean, std = float(x.mean()), float(x.std())
    return (x - mean) / std, mean, std


def linear_regression_gd(x: np.ndarray, y: np.ndarray, *, lr: float, n_steps: int,
                         w0: float = 0.0, b0: float = 0.0, scale: bool = False,
                         tol: float = 1e-6) -> Trajectory:
    """Run ``n_steps`` of full-batch gradient descent on the MSE of ``y ~ w x + b``.

    Steps (T = n_iter + 1 rows, row 0 = ``(w0, b0)``): ``w``, ``b``, ``loss`` (MSE at that
    row's parameters), ``grad_w``, ``grad_b`` (the gradient at that row's parameters).
    With ``scale=True`` the descent runs on the standardized input (see :func:`standardize`)
    and the extra steps ``w_x``, ``b_x`` are the same lines in the units of ``x``.

    A run whose loss overflows or passes ``BLOWUP`` times its start (too large a learning
    rate) ends at the last sane row with ``diverged`` set (see :class:`Recorder`).
    ``converged``: the final gradient norm is below ``tol``.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)  # (n,), (n,)
    x_fit, mean, std = standardize(x) if scale else (x, 0.0, 1.0)
    w, b = float(w0), float(b0)
    with Recorder(watch="loss") as rec:
        for _ in rec.updates(n_steps):
            gw, gb = mse_grad(w, b, x_fit, y)  # dL/dw, dL/db at this row's (w, b)
            rec.add(w=w, b=b, loss=mse(w, b, x_fit, y), grad_w=gw, grad_b=gb)
            w, b = w - lr * gw, b - lr * gb  # w <- w - lr dL/dw, b <- b - lr dL/db, both at once
    steps = rec.arrays()
    if scale:  # w = w~ / std, b = b~ - w~ mean / std: the same line on the raw x
        steps["w_x"] = steps["w"] / std
        steps["b_x"] = steps["b"] - steps["w"] * mean / std
    final_grad = float(np.hypot(steps["grad_w"][-1], steps["grad_b"][-1]))
    info = {"algorithm": "linear_regression_gd", "lr": lr, "n_steps": n_steps, "w0": w0,
            "b0": b0, "scale": scale, "tol": tol, "seed": None, "x_mean": mean, "x_std": std,
            # the Hessian of the problem descended: its eigenvalues are the curvatures
            "hessian": mse_hessian(x_fit).tolist(),
            "curvature": [float(v) for v in np.linalg.eigvalsh(mse_hessian(x_fit))],
            **rec.flags(converged=final_grad < tol)}
    result = {k: v[-1] for k, v in steps.items() if k in ("w", "b", "loss", "w_x", "b_x")}
    return Trajectory(steps=steps, data={"x": x, "y": y}, result=result, info=info)
