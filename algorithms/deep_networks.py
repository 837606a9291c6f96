"""How the gradient travels back through a deep network: per-layer gradient norms.

A network of ``depth`` hidden layers on 2-D inputs with one logistic output, for measuring
(not training): what reaches each layer on the way back, for a choice of hidden activation
phi, weight scale and skip connections. Column-vector notation, as on screen
(layer l = 1 .. L, L = depth + 1, a^0 = x):

    z^l = W^l a^{l-1} + b^l                   W^l is (n_l, n_{l-1}), entries ~ N(0, gain / n_{l-1})
    a^l = phi(z^l)                            a plain layer
    a^l = a^{l-1} + phi(z^l)                  a residual layer (equal widths, l = 2 .. L-1)
    yhat = sigma(z^L),   L = -(1/N) sum [y log yhat + (1 - y) log(1 - yhat)]

Backward (the chain rule, one layer at a time):

    delta^L = dL/dz^L = (yhat - y) / N
    g^{l}   = dL/da^{l} = (W^{l+1})^T delta^{l+1}  (+ g^{l+1} when layer l+1 is residual)
    delta^l = g^l (.) phi'(z^l)
    dL/dW^l = delta^l (a^{l-1})^T,  dL/db^l = delta^l summed over the samples

so in a plain network each step back multiplies by a weight and a slope phi'. The norm
``||delta^l||`` (over all samples and units) is what :func:`gradient_profile` reports per layer.
In code the samples are rows: ``Z[l]`` is (N, n_l).
"""
from __future__ import annotations

import numpy as np

from algorithms.functions import log_sigmoid, sigmoid

__all__ = ["PHIS", "phi", "phi_prime", "DeepNet", "gradient_profile"]

PHIS = ("sigmoid", "tanh", "relu")


def phi(name: str, z: np.ndarray) -> np.ndarray:
    """The hidden activation ``name`` at ``z``."""
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    raise ValueError(f"activation must be one of {PHIS}, not {name!r}")


def phi_prime(name: str, z: np.ndarray) -> np.ndarray:
    """phi'(z): sigma (1 - sigma), 1 - tanh^2, or 1 where a relu is on (0 where off)."""
    if name == "sigmoid":
        s = sigmoid(z)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0).astype(float)
    raise ValueError(f"activation must be one of {PHIS}, not {name!r}")


class DeepNet:
    """Weights ``W`` (list over l of (n_l, n_{l-1})), biases ``b``, hidden ``activation``;
    ``residual`` adds a skip ``a^{l-1}`` to every hidden layer whose input has its width."""

    def __init__(self, W, b, *, activation: str = "sigmoid", residual: bool = False):
        if activation not in PHIS:
            raise ValueError(f"activation must be one of {PHIS}, not {activation!r}")
        self.W = [np.asarray(w, float) for w in W]
        self.b = [np.asarray(v, float) for v in b]
        self.activation, self.residual = activation, residual

    @classmethod
    def random(cls, sizes, *, activation: str = "sigmoid", gain: float = 1.0,
               residual: bool = False, seed: int = 0) -> "DeepNet":
        """Weights ~ N(0, gain / fan_in) (gain 1: Xavier/LeCun, 2: He), biases 0."""
        rng = np.random.default_rng(seed)
        W = [rng.normal(0.0, np.sqrt(gain / n_in), size=(n_out, n_in))
             for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        return cls(W, [np.zeros(n) for n in sizes[1:]], activation=activation, residual=residual)

    @property
    def n_layers(self) -> int:
        """L, the number of weight layers (the last is the logistic output)."""
        return len(self.W)

    def skips(self, l: int) -> bool:
        """Does layer ``l`` (1-based) add its input to its output?"""
        return (self.residual and 1 < l < self.n_layers
                and self.W[l - 1].shape[0] == self.W[l - 1].shape[1])

    def forward(self, X: np.ndarray, dz: dict | None = None):
        """``(Z, A)``: pre-activations ``Z[l]`` and activations ``A[l]`` (N, n_l), ``A[0] = X``,
        ``Z[0] = None``. ``dz`` {l: (N, n_l)} is added to ``z^l`` (for finite differences)."""
        X = np.asarray(X, float)
        Z, A = [None], [X]
        for l in range(1, self.n_layers + 1):
            z = A[-1] @ self.W[l - 1].T + self.b[l - 1]  # (N, n_l): z^l = W^l a^{l-1} + b^l
            if dz and l in dz:
                z = z + dz[l]
            if l == self.n_layers:
                a = sigmoid(z)                    # yhat = sigma(z^L)
            else:
                a = phi(self.activation, z)       # a^l = phi(z^l)
                if self.skips(l):
                    a = a + A[-1]                 # ... + a^{l-1}
            Z.append(z)
            A.append(a)
        return Z, A

    def loss(self, X: np.ndarray, y: np.ndarray, dz: dict | None = None) -> float:
        """The mean cross-entropy, from z^L without cancellation."""
        Z, _ = self.forward(X, dz)
        z, y = Z[-1][:, 0], np.asarray(y, float)
        return float(-np.mean(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z)))

    def backward(self, X: np.ndarray, y: np.ndarray):
        """``(loss, deltas, dW, db)``: ``deltas[l-1] = dL/dz^l`` (N, n_l) for l = 1 .. L, and
        the parameter gradients, by the chain rule of the module docstring."""
        X = np.asarray(X, float)
        y = np.asarray(y, float).reshape(-1, 1)
        Z, A = self.forward(X)
        n = X.shape[0]
        L = self.n_layers
        deltas: list = [None] * L
        delta = (A[-1] - y) / n          # delta^L (N, 1)
        deltas[L - 1] = delta
        g_next = None                    # dL/da^{l+1}, kept for the skip path
        for l in range(L - 1, 0, -1):    # l = L-1 .. 1
            g = delta @ self.W[l]        # (W^{l+1})^T delta^{l+1}, one row per sample
            if self.skips(l + 1):
                g = g + g_next           # the identity path: d(a^l + phi(z^{l+1}))/da^l
            delta = g * phi_prime(self.activation, Z[l])  # delta^l = g^l (.) phi'(z^l)
            deltas[l - 1] = delta
            g_next = g
        dW = [d.T @ A[l] for l, d in enumerate(deltas)]   # (n_l, n_{l-1})
        db = [d.sum(axis=0) for d in deltas]
        return self.loss(X, y[:, 0]), deltas, dW, db


def gradient_profile(X: np.ndarray, y: np.ndarray, *, activation: str, gain: float,
                     residual: bool = False, width: int = 32, depth: int = 5,
                     seed: int = 0, W=None, b=None) -> dict:
    """Per-layer gradient norms of one network at its initial weights (or ``W``, ``b``).

    ``delta`` (L,): ``||dL/dz^l||`` over all samples and units, l = 1 .. L; ``weight`` (L,):
    ``||dL/dW^l||``; ``act_std`` (L-1,): the spread of each hidden layer's activations.
    """
    sizes = (X.shape[1],) + (width,) * depth + (1,)
    net = (DeepNet(W, b, activation=activation, residual=residual) if W is not None else
           DeepNet.random(sizes, activation=activation, gain=gain, residual=residual, seed=seed))
    loss, deltas, dW, _ = net.backward(X, y)
    _, A = net.forward(X)
    return {"delta": np.array([np.linalg.norm(d) for d in deltas]),
            "weight": np.array([np.linalg.norm(g) for g in dW]),
            "act_std": np.array([a.std() for a in A[1:-1]]), "loss": loss}
