"""The squashing functions the models share: sigmoid and softmax, and their logarithms.

    sigma(z)        = 1 / (1 + e^-z)                       a probability from one score
    softmax(z)_k    = e^{z_k} / sum_j e^{z_j}              probabilities from K scores
    log sigma(z)    = -log(1 + e^-z)
    log softmax(z)  = z - log sum_j e^{z_j}

All four are exact for scores of any size: nothing is exponentiated that could overflow
(sigma only sees e^-|z| <= 1, softmax only e^(z - max z) <= 1), so sigma(-1000) is 0 and
softmax([1000, 0]) is [1, 0], with no NumPy warning.
"""
from __future__ import annotations

import numpy as np

__all__ = ["sigmoid", "log_sigmoid", "softmax", "log_softmax"]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + e^-z)`` elementwise, written with ``e = e^-|z|`` in (0, 1]:
    ``1 / (1 + e)`` for z >= 0 and ``e / (1 + e)`` for z < 0 (accurate in both tails)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1], never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_sigmoid(z: np.ndarray) -> np.ndarray:
    """``log sigma(z) = -log(1 + e^-z)``, finite for any finite ``z``."""
    return -np.logaddexp(0.0, -np.asarray(z, dtype=float))


def log_softmax(Z: np.ndarray) -> np.ndarray:
    """``Z - logsumexp(Z)`` along the last axis; subtracting the maximum keeps every exp <= 1."""
    Z = np.asarray(Z, dtype=float)
    shifted = Z - np.max(Z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def softmax(Z: np.ndarray) -> np.ndarray:
    """``e^Z / sum e^Z`` along the last axis: each row a probability vector summing to one."""
    return np.exp(log_softmax(Z))
