"""Logistic and softmax regression by full-batch gradient descent.

Binary, labels y in {0, 1}; z = X w + b, p = sigma(z) = 1 / (1 + e^-z):

    L(w, b) = -(1/n) sum_i [ y_i log p_i + (1 - y_i) log(1 - p_i) ]    mean binary cross-entropy
            =  (1/n) sum_i [ log(1 + e^z_i) - y_i z_i ]                  (the stable form)
    dL/dw   =  (1/n) sum_i (p_i - y_i) x_i       one component per feature (a vector, not a mean
    dL/db   =  (1/n) sum_i (p_i - y_i)            over the features: each weight has its own)

K classes, integer labels; Z = X W + b (n, K), P = softmax(Z) row-wise, Y one-hot:

    L(W, b) = -(1/n) sum_i log P[i, y_i]          mean cross-entropy
    dL/dW   =  (1/n) X^T (P - Y)       (d, K)
    dL/db   =  (1/n) sum_i (P_i - Y_i) (K,)

Both losses are convex, so gradient descent with a small enough step approaches the
optimum. Everything is computed through log-sum-exp, so logits of +-1000 give finite
values and no NumPy warnings.
"""
from __future__ import annotations

import numpy as np

from algorithms.functions import log_sigmoid, log_softmax, sigmoid, softmax
from algorithms.trajectory import Recorder, Trajectory

__all__ = [
    "sigmoid", "log_sigmoid", "bce", "bce_grad", "logistic_regression",
    "feature_averaged_logistic_regression",
    "softmax", "log_softmax", "cross_entropy", "cross_entropy_grad", "softmax_regression",
]


# -- binary -----------------------------------------------------------------------------------
def bce(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy of ``p = sigma(X w + b)`` against ``y`` in {0, 1}.

    ``-y log p - (1 - y) log(1 - p) = log(1 + e^z) - y z``.
    """
    z = X @ w + b  # (n,) logits
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def bce_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """``(dL/dw (d,), dL/db)`` of :func:`bce`: the mean of ``(sigma(z_i) - y_i) x_i``."""
    r = sigmoid(X @ w + b) - y  # (n,) residuals p_i - y_i
    return X.T @ r / len(y), float(np.mean(r))


def logistic_regression(X: np.ndarray, y: np.ndarray, *, lr: float, n_steps: int,
                        w0: np.ndarray | None = None, b0: float = 0.0,
                        tol: float = 1e-6) -> Trajectory:
    """``n_steps`` of full-batch gradient descent on the mean binary cross-entropy.

    Steps (T = n_iter + 1 rows, row 0 = ``(w0, b0)``, zeros by default): ``w`` (T, d), ``b``
    (T,), ``loss`` (T,), ``accuracy`` (T,) (fraction with ``(p >= 0.5) == y``), ``grad_w``
    (T, d), ``grad_b`` (T,), all evaluated at that row's parameters.

    ``converged``: the final gradient norm is below ``tol``. ``diverged``: the loss stopped
    being finite or passed ``BLOWUP`` times its start (see :class:`Recorder`).
    """
    X = np.asarray(X, dtype=float)  # (n, d)
    y = np.asarray(y, dtype=float)  # (n,)
    if not np.all(np.isin(y, (0.0, 1.0))):
        raise ValueError("logistic regression labels must be 0 or 1")
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()  # (d,)
    b = float(b0)
    with Recorder(watch="loss") as rec:
        for _ in rec.updates(n_steps):
            gw, gb = bce_grad(w, b, X, y)  # dL/dw (d,) = mean (p_i - y_i) x_i, dL/db
            rec.add(w=w, b=b, loss=bce(w, b, X, y), accuracy=np.mean((X @ w + b >= 0) == (y == 1)),
                    grad_w=gw, grad_b=gb)
            w, b = w - lr * gw, b - lr * gb  # every weight moves by its own component
    steps = rec.arrays()
    final_grad = float(np.sqrt(np.sum(steps["grad_w"][-1] ** 2) + steps["grad_b"][-1] ** 2))
    info = {"algorithm": "logistic_regression", "lr": lr, "n_steps": n_steps, "b0": b0,
            "tol": tol, "w0": None if w0 is None else np.asarray(w0, float), "seed": None,
            **rec.flags(converged=final_grad < tol), "final_grad_norm": final_grad}
    result = {"w": steps["w"][-1], "b": steps["b"][-1], "loss": steps["loss"][-1]}
    return Trajectory(steps=steps, data={"X": X, "y": y}, result=result, info=info)


def feature_averaged_logistic_regression(X: np.ndarray, y: np.ndarray, *, lr: float,
                                         n_steps: int, tol: float = 1e-6) -> Trajectory:
    """The mistake of the notebook this book grew from, kept to show it: gradient descent from
    zeros whose weight gradient is one number, ``(p_i - y_i) x_ij`` averaged over the tumours
    *and* the features, so every weight takes the same step and ``w_1 = ... = w_d`` for ever.

    Steps as :func:`logistic_regression` (``grad_w`` (T, d) is the true gradient at each row)
    plus ``grad_avg`` (T,): the one number every weight moved by (divided by ``lr``). It
    converges to the best model with all weights equal, where the true gradient's components
    sum to zero. ``converged``: ``|grad_avg|`` and ``|grad_b|`` below ``tol`` at the end.
    """
    X = np.asarray(X, dtype=float)  # (n, d)
    y = np.asarray(y, dtype=float)  # (n,)
    w, b = np.zeros(X.shape[1]), 0.0  # (d,)
    with Recorder(watch="loss") as rec:
        for _ in rec.updates(n_steps):
            gw, gb = bce_grad(w, b, X, y)  # the true dL/dw (d,) and dL/db
            g = float(np.mean(gw))  # = mean over i and j of (p_i - y_i) x_ij
            rec.add(w=w, b=b, loss=bce(w, b, X, y), accuracy=np.mean((X @ w + b >= 0) == (y == 1)),
                    grad_w=gw, grad_b=gb, grad_avg=g)
            w, b = w - lr * g, b - lr * gb  # the same step for every weight
    steps = rec.arrays()
    final = float(np.hypot(steps["grad_avg"][-1], steps["grad_b"][-1]))
    info = {"algorithm": "feature_averaged_logistic_regression", "lr": lr, "n_steps": n_steps,
            "tol": tol, "seed": None, **rec.flags(converged=final < tol), "final_grad_norm": final}
    result = {"w": steps["w"][-1], "b": steps["b"][-1], "loss": steps["loss"][-1]}
    return Trajectory(steps=steps, data={"X": X, "y": y}, result=result, info=info)


# -- K classes --------------------------------------------------------------------------------
def cross_entropy(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy ``-(1/n) sum_i log softmax(x_i W + b)[y_i]``; W (d, K), b (K,)."""
    logp = log_softmax(X @ W + b)  # (n, K)
    return float(-np.mean(logp[np.arange(len(y)), y]))


def cross_entropy_grad(W: np.ndarray, b: np.ndarray, X: np.ndarray,
                       y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(dL/dW (d, K), dL/db (K,))`` of :func:`cross_entropy`: ``X^T (P - Y) / n``."""
    R = softmax(X @ W + b)  # (n, K) probabilities P ...
    R[np.arange(len(y)), y] -= 1.0  # ... minus the one-hot targets Y
    return X.T @ R / len(y), R.mean(axis=0)


def softmax_regression(X: np.ndarray, y: np.ndarray, *, n_classes: int, lr: float,
                       n_steps: int, W0: np.ndarray | None = None, b0: np.ndarray | None = None,
                       tol: float = 1e-6) -> Trajectory:
    """``n_steps`` of full-batch gradient descent on the mean cross-entropy of softmax(X W + b).

    Steps (row 0 = ``(W0, b0)``, zeros by default): ``W`` (T, d, K), ``b`` (T, K), ``loss``
    (T,), ``accuracy`` (T,) (argmax of the logits against ``y``; ties go to the lowest class),
    ``grad_W`` (T, d, K), ``grad_b`` (T, K). From zeros, every gradient's columns sum to zero
    over the classes, so ``W`` and ``b`` stay centred (sum over k of W[:, k] = 0): the one
    representative of the optimum among all ``W + c 1^T`` that give the same probabilities.
    """
    X = np.asarray(X, dtype=float)  # (n, d)
    y = np.asarray(y)  # (n,) integer labels
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0 or y.max() >= n_classes:
        raise ValueError(f"softmax labels must be integers in [0, {n_classes})")
    K = n_classes
    W = np.zeros((X.shape[1], K)) if W0 is None else np.asarray(W0, dtype=float).copy()  # (d, K)
    b = np.zeros(K) if b0 is None else np.asarray(b0, dtype=float).copy()  # (K,)
    with Recorder(watch="loss") as rec:
        for _ in rec.updates(n_steps):
            gW, gb = cross_entropy_grad(W, b, X, y)  # dL/dW = X^T (P - Y) / n (d, K), dL/db (K,)
            rec.add(W=W, b=b, loss=cross_entropy(W, b, X, y),
                    accuracy=np.mean(np.argmax(X @ W + b, axis=1) == y), grad_W=gW, grad_b=gb)
            W, b = W - lr * gW, b - lr * gb
    steps = rec.arrays()
    final_grad = float(np.sqrt(np.sum(steps["grad_W"][-1] ** 2) + np.sum(steps["grad_b"][-1] ** 2)))
    info = {"algorithm": "softmax_regression", "n_classes": K, "lr": lr, "n_steps": n_steps,
            "tol": tol, "seed": None, **rec.flags(converged=final_grad < tol),
            "final_grad_norm": final_grad}
    result = {"W": steps["W"][-1], "b": steps["b"][-1], "loss": steps["loss"][-1]}
    return Trajectory(steps=steps, data={"X": X, "y": y}, result=result, info=info)
