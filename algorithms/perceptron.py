"""Rosenblatt's perceptron for labels y in {-1, +1}.

A sample is misclassified when its margin is not positive, y_i (w . x_i + b) <= 0.
Visiting the samples in a (seeded) shuffled order every epoch, each mistake moves
the boundary towards the sample:

    w <- w + lr y_i x_i
    b <- b + lr y_i

On separable data it stops after an epoch without mistakes. Novikoff (1962): if some
unit vector (w*, b*) separates the data with margin gamma, y_i (w* . x_i + b*) >= gamma,
and R = max_i ||(x_i, 1)||, then starting from zero it makes at most (R / gamma)^2
updates, whatever lr. On non-separable data it never settles and stops at max_epochs.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from algorithms.trajectory import Recorder, Trajectory

__all__ = ["perceptron", "margins", "novikoff_bound", "max_margin"]


def margins(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Functional margins ``y_i (w . x_i + b)`` (n,); a sample is a mistake where <= 0."""
    return y * (X @ w + b)


def novikoff_bound(X: np.ndarray, y: np.ndarray, w_star: np.ndarray, b_star: float) -> float:
    """``(R / gamma)^2`` for the separator ``(w_star, b_star)``, bias folded into x as a 1.

    ``gamma`` is the geometric margin of the separator in the augmented space
    ``(x, 1)``; ``inf`` if it does not separate the data.
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    Xa = np.hstack([X, np.ones((len(X), 1))])  # (n, d+1) augmented inputs
    v = np.append(np.asarray(w_star, float), b_star)  # (d+1,)
    gamma = float(np.min(y * (Xa @ v)) / np.linalg.norm(v))
    if gamma <= 0:
        return float("inf")
    R = float(np.max(np.linalg.norm(Xa, axis=1)))
    return (R / gamma) ** 2


def max_margin(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, float]:
    """The unit separator ``(w*, b*)`` of largest margin in the augmented space ``(x, 1)``.

    Solves ``min ||v||^2 / 2`` subject to ``y_i v . (x_i, 1) >= 1`` (SLSQP); then
    ``gamma = 1 / ||v||`` and ``(w*, b*) = v gamma``. This is the ``gamma`` that makes
    Novikoff's bound ``(R / gamma)^2`` tightest. Returns ``(w*, b*, gamma)``; raises
    ValueError when the data are not linearly separable.
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    Xa = np.hstack([X, np.ones((len(X), 1))])  # (n, d+1)
    A = y[:, None] * Xa  # (n, d+1): constraint rows, A v >= 1
    res = minimize(lambda v: 0.5 * v @ v, np.zeros(Xa.shape[1]), jac=lambda v: v,
                   constraints=[{"type": "ineq", "fun": lambda v: A @ v - 1.0, "jac": lambda v: A}],
                   method="SLSQP", options={"ftol": 1e-12, "maxiter": 500})
    if not res.success or np.min(A @ res.x) < 1.0 - 1e-6:
        raise ValueError("the data are not linearly separable")
    v = res.x / np.linalg.norm(res.x)
    gamma = float(np.min(A @ v))
    return v[:-1], float(v[-1]), gamma


def perceptron(X: np.ndarray, y: np.ndarray, *, lr: float = 1.0, max_epochs: int = 100,
               seed: int = 0) -> Trajectory:
    """Run the perceptron from ``w = 0, b = 0``; one trajectory row per update.

    Steps (row 0 = the initial zeros): ``w`` (T, d), ``b`` (T,), ``index`` (T,) the
    misclassified sample that caused the update (-1 in row 0), ``mistakes`` (T,) the number
    of misclassified samples over the whole set after that row's update, ``epoch`` (T,) the
    epoch the update happened in (0 in row 0, then 1, 2, ...).

    ``converged``: an epoch passed without a mistake (the data are then separated); otherwise
    the run stopped at ``max_epochs``. ``info["epochs"]`` counts the epochs run, ``n_iter`` the
    updates made.
    """
    X = np.asarray(X, dtype=float)  # (n, d)
    y = np.asarray(y, dtype=float)  # (n,)
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError("perceptron labels must be -1 or +1")
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0

    def mistakes() -> int:  # how many samples (w, b) misclassifies
        return int(np.sum(margins(w, b, X, y) <= 0))

    rec = Recorder()
    rec.add(w=w, b=b, index=-1, mistakes=mistakes(), epoch=0)
    epoch, converged = 0, False
    while epoch < max_epochs and not converged:
        epoch += 1
        converged = True  # until a mistake is found
        for i in rng.permutation(len(y)):  # a fresh seeded visiting order every epoch
            if y[i] * (X[i] @ w + b) <= 0:  # mistake: x_i is on the wrong side (or on it)
                w, b = w + lr * y[i] * X[i], b + lr * y[i]  # w <- w + lr y_i x_i, b <- b + lr y_i
                rec.add(w=w, b=b, index=i, mistakes=mistakes(), epoch=epoch)
                converged = False
    steps = rec.arrays()
    info = {"algorithm": "perceptron", "lr": lr, "max_epochs": max_epochs, "seed": seed,
            "epochs": epoch, **rec.flags(converged)}
    result = {"w": steps["w"][-1], "b": steps["b"][-1], "mistakes": steps["mistakes"][-1]}
    return Trajectory(steps=steps, data={"X": X, "y": y}, result=result, info=info)
