"""Gradient descent for simple linear regression, y ~ w x + b, on the mean squared error.

    L(w, b)  = (1/n) sum_i (w x_i + b - y_i)^2
    dL/dw    = (2/n) sum_i (w x_i + b - y_i) x_i
    dL/db    = (2/n) sum_i (w x_i + b - y_i)
    w <- w - lr dL/dw,   b <- b - lr dL/db      (both from the same old (w, b))
"""
from __future__ import annotations

import numpy as np

from algorithms.trajectory import Trajectory

#: a loss this many times the initial loss counts as diverged, before the floats overflow.
BLOWUP = 1e10

__all__ = ["BLOWUP", "mse", "mse_grad", "mse_hessian", "loss_surface", "least_squares", "standardize", "linear_regression_gd"]


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


def linear_regression_gd(
    x: np.ndarray,
    y: np.ndarray,
    *,
    lr: float,
    n_steps: int,
    w0: float = 0.0,
    b0: float = 0.0,
    scale: bool = False,
    tol: float = 1e-6,
) -> Trajectory:
    """Run ``n_steps`` of full-batch gradient descent on the MSE of ``y ~ w x + b``.

    Steps (T = n_iter + 1 rows, row 0 = ``(w0, b0)``): ``w``, ``b``, ``loss`` (MSE at that
    row's parameters), ``grad_w``, ``grad_b`` (the gradient at that row's parameters).

    With ``scale=True`` the descent runs on the standardized input (see :func:`standardize`):
    ``w``, ``b`` are then the parameters of the scaled problem and the extra steps ``w_x``,
    ``b_x`` are the same lines in the units of ``x``.

    If an update overflows, or the loss grows past ``BLOWUP`` times its starting value (too
    large a learning rate), the trajectory ends at the last sane row and ``info["diverged"]``
    is set; no NaN or inf is ever recorded and no NumPy warning escapes. ``converged`` means the final gradient norm < ``tol``.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    x_fit, mean, std = standardize(x) if scale else (x, 0.0, 1.0)
    w, b = float(w0), float(b0)
    rows: list[tuple[float, float, float, float, float]] = []
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(n_steps + 1):
            loss = mse(w, b, x_fit, y)
            gw, gb = mse_grad(w, b, x_fit, y)
            if not np.all(np.isfinite([w, b, loss, gw, gb])) or (
                    rows and loss > BLOWUP * (rows[0][2] + 1.0)):
                diverged = True
                break
            rows.append((w, b, loss, gw, gb))
            if step == n_steps:
                break
            # Simultaneous update: both gradients were taken at the old (w, b).
            w, b = w - lr * gw, b - lr * gb
    W, B, L, GW, GB = (np.array(c) for c in zip(*rows))
    steps = {"w": W, "b": B, "loss": L, "grad_w": GW, "grad_b": GB}
    if scale:
        steps["w_x"] = W / std
        steps["b_x"] = B - W * mean / std
    final_grad = float(np.hypot(GW[-1], GB[-1]))
    info = {
        "algorithm": "linear_regression_gd",
        "lr": lr, "n_steps": n_steps, "w0": w0, "b0": b0, "scale": scale, "tol": tol,
        "seed": None,
        "x_mean": mean, "x_std": std,
        # eigenvalues of the Hessian of the problem descended: the curvatures that set the pace
        "hessian": mse_hessian(x_fit).tolist(),
        "curvature": [float(v) for v in np.linalg.eigvalsh(mse_hessian(x_fit))],
        "n_iter": len(rows) - 1,
        "diverged": diverged,
        "converged": (not diverged) and final_grad < tol,
    }
    result = {"w": W[-1], "b": B[-1], "loss": L[-1]}
    if scale:
        result.update(w_x=steps["w_x"][-1], b_x=steps["b_x"][-1])
    return Trajectory(steps=steps, data={"x": x, "y": y}, result=result, info=info)
