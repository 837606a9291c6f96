"""A multilayer perceptron from scratch: forward pass, backpropagation, training.

Column-vector notation, as on screen (layer l = 1 .. L, a^0 = x):

    z^l = W^l a^{l-1} + b^l          W^l is (n_l, n_{l-1}),  b^l is (n_l,)
    a^l = sigma(z^l)                 hidden layers: relu, tanh or sigmoid
    a^L = out(z^L)                   output: identity, sigmoid or softmax

Backpropagation (the loss is a mean over the N samples, so each delta carries 1/N):

    delta^L = dL/da^L (.) out'(z^L)                 (a Jacobian product for softmax)
    delta^l = (W^{l+1})^T delta^{l+1} (.) sigma'(z^l)
    dL/dW^l = delta^l (a^{l-1})^T,   dL/db^l = delta^l      (summed over the samples)

In code the samples are rows: ``A[l]`` is (N, n_l), so ``Z = A_prev @ W.T + b``.
"""
from __future__ import annotations

from typing import Any, Iterator

import numpy as np

from algorithms.functions import log_sigmoid, log_softmax, sigmoid, softmax
from algorithms.optimizers import GD, Adam
from algorithms.trajectory import Recorder, Trajectory

__all__ = [
    "ACTIVATIONS", "OUTPUTS", "LOSSES", "MLP", "train", "gradient_check", "layer_outputs",
    "accuracy",
]

ACTIVATIONS = ("relu", "tanh", "sigmoid")
OUTPUTS = ("identity", "sigmoid", "softmax")
LOSSES = ("mse", "bce", "ce")


# -- elementwise nonlinearities and their derivatives (written in terms of z and a) -------------
def _act(name: str, z: np.ndarray) -> np.ndarray:
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return sigmoid(z)
    return z  # identity


def _act_prime(name: str, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """sigma'(z), using the already computed a = sigma(z) where that is cheaper."""
    if name == "relu":
        return (z > 0).astype(z.dtype)
    if name == "tanh":
        return 1.0 - a * a
    if name == "sigmoid":
        return a * (1.0 - a)
    return np.ones_like(z)


def _log_output(name: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(log a, log(1 - a))`` of the output, computed from z without cancellation."""
    if name == "sigmoid":  # 1 - sigma(z) = sigma(-z)
        return log_sigmoid(z), log_sigmoid(-z)
    log_a = log_softmax(z)
    return log_a, np.log1p(-np.exp(log_a))


class MLP:
    """A fully connected network with layer sizes ``sizes = (n_0, n_1, ..., n_L)``.

    Hidden layers use ``activation``; the last layer ``output``. Weights start Gaussian with
    He variance 2 / n_in for relu and Xavier (Glorot) variance 2 / (n_in + n_out) for tanh
    and sigmoid, so that signals keep their scale through the layers; biases start at 0.
    """

    def __init__(self, sizes, *, activation: str = "tanh", output: str = "identity",
                 seed: int = 0):
        sizes = tuple(int(n) for n in sizes)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes needs at least an input and an output size >= 1, not {sizes}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, not {activation!r}")
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {OUTPUTS}, not {output!r}")
        self.sizes, self.activation, self.output, self.seed = sizes, activation, output, seed
        rng = np.random.default_rng(seed)
        self.W: list[np.ndarray] = []  # W[l-1] is W^l, (n_l, n_{l-1})
        self.b: list[np.ndarray] = []  # b[l-1] is b^l, (n_l,)
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            var = 2.0 / n_in if activation == "relu" else 2.0 / (n_in + n_out)
            self.W.append(rng.normal(0.0, np.sqrt(var), size=(n_out, n_in)))
            self.b.append(np.zeros(n_out))

    @property
    def n_layers(self) -> int:
        """L, the number of weight layers."""
        return len(self.W)

    @property
    def n_params(self) -> int:
        return sum(W.size + b.size for W, b in zip(self.W, self.b))

    def _nonlin(self, l: int) -> str:
        """Name of the nonlinearity of layer ``l`` (1-based)."""
        return self.output if l == self.n_layers else self.activation

    # -- forward --------------------------------------------------------------------------------
    def forward(self, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """``(Z, A)`` for inputs ``X`` (N, n_0).

        ``A[0] = X`` and ``A[l]`` (N, n_l) is layer l's activation; ``Z[l]`` its
        pre-activation (``Z[0]`` is None). ``A[-1]`` is the network's output.
        """
        X = np.asarray(X, dtype=float).reshape(-1, self.sizes[0])
        Z: list[np.ndarray | None] = [None]
        A = [X]
        for l, (W, b) in enumerate(zip(self.W, self.b), start=1):
            z = A[-1] @ W.T + b  # (N, n_l):  z^l = W^l a^{l-1} + b^l, one row per sample
            name = self._nonlin(l)
            A.append(softmax(z) if name == "softmax" else _act(name, z))
            Z.append(z)
        return Z, A

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The output ``a^L`` (N, n_L)."""
        return self.forward(X)[1][-1]

    # -- loss and backpropagation ---------------------------------------------------------------
    def _targets(self, y: np.ndarray, loss: str, n: int) -> np.ndarray:
        """``y`` as (N, n_L): integer class labels become one-hot rows for a multi-output ce."""
        y = np.asarray(y)
        k = self.sizes[-1]
        if y.ndim == 1 and k > 1 and loss == "ce":
            onehot = np.zeros((y.shape[0], k))
            onehot[np.arange(y.shape[0]), y.astype(int)] = 1.0
            return onehot
        return np.asarray(y, dtype=float).reshape(n, k)

    def loss(self, X: np.ndarray, y: np.ndarray, loss: str) -> float:
        """The loss alone (a forward pass, no gradient)."""
        Z, A = self.forward(X)
        return self._loss(Z[-1], A[-1], self._targets(y, loss, A[-1].shape[0]), loss)

    def _loss(self, z: np.ndarray, a: np.ndarray, Y: np.ndarray, loss: str) -> float:
        n = a.shape[0]
        if loss == "mse":  # (1/N) sum_i ||a_i - y_i||^2
            return float(np.sum((a - Y) ** 2) / n)
        log_a, log_1ma = _log_output(self.output, z)
        if loss == "bce":  # -(1/N) sum [y log a + (1 - y) log(1 - a)]
            return float(-np.sum(Y * log_a + (1 - Y) * log_1ma) / n)
        return float(-np.sum(Y * log_a) / n)  # ce: -(1/N) sum y log a

    def loss_and_grad(self, X: np.ndarray, y: np.ndarray, loss: str):
        """``(L, dW, db)``: the loss and dL/dW^l, dL/db^l for every layer, by backpropagation.

        ``loss`` is ``mse`` (any output), ``bce`` or ``ce`` (sigmoid or softmax output: they need
        probabilities). ``dW[l-1]`` has the shape of ``W[l-1]``.
        """
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, not {loss!r}")
        if loss != "mse" and self.output == "identity":
            raise ValueError(f"loss {loss!r} needs probabilities: use a sigmoid or softmax output")
        Z, A = self.forward(X)
        z, a = Z[-1], A[-1]  # (N, n_L)
        Y = self._targets(y, loss, a.shape[0])  # (N, n_L)
        L = self._loss(z, a, Y, loss)
        delta = self._output_delta(z, a, Y, loss)  # delta^L (N, n_L)
        dW: list[np.ndarray] = [None] * self.n_layers
        db: list[np.ndarray] = [None] * self.n_layers
        for l in range(self.n_layers, 0, -1):  # l = L, L-1, ..., 1
            dW[l - 1] = delta.T @ A[l - 1]   # (n_l, n_{l-1}) = sum_i delta_i a_i^T
            db[l - 1] = delta.sum(axis=0)    # (n_l,)
            if l > 1:  # delta^{l-1} = (W^l)^T delta^l (.) sigma'(z^{l-1})
                delta = (delta @ self.W[l - 1]) * _act_prime(self.activation, Z[l - 1], A[l - 1])
        return L, dW, db

    def _output_delta(self, z: np.ndarray, a: np.ndarray, Y: np.ndarray, loss: str) -> np.ndarray:
        """delta^L = dL/da^L (.) out'(z^L) (N, n_L), each pair simplified by hand so that no
        1/a or 1/(1 - a) is ever formed."""
        n = a.shape[0]
        if loss == "mse":
            dL_da = 2.0 * (a - Y) / n
            if self.output == "softmax":  # Jacobian of softmax: diag(a) - a a^T
                return a * (dL_da - np.sum(a * dL_da, axis=1, keepdims=True))
            return dL_da * _act_prime(self.output, z, a)
        if self.output == "sigmoid":
            # bce: (a - y) / (a (1 - a)) * a (1 - a);   ce: -y / a * a (1 - a)
            return (a - Y) / n if loss == "bce" else -Y * (1.0 - a) / n
        # softmax: delta = a (.) (g - <a, g>) with g = dL/da
        if loss == "ce":  # g = -y / a  ->  delta = a sum(y) - y
            return (a * Y.sum(axis=1, keepdims=True) - Y) / n
        ag = (a - Y) / (1.0 - a)  # bce: g = (a - y) / (a (1 - a)), so a * g = (a - y) / (1 - a)
        return (ag - a * ag.sum(axis=1, keepdims=True)) / n

    # -- parameters as one flat vector ----------------------------------------------------------
    def get_params(self) -> np.ndarray:
        """theta (P,): W^1, b^1, W^2, b^2, ... each flattened row-major."""
        return np.concatenate([p.ravel() for W, b in zip(self.W, self.b) for p in (W, b)])

    def set_params(self, theta: np.ndarray) -> "MLP":
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (self.n_params,):
            raise ValueError(f"theta must have shape ({self.n_params},), not {theta.shape}")
        i = 0
        for l in range(self.n_layers):
            for p in (self.W, self.b):
                size = p[l].size
                p[l] = theta[i:i + size].reshape(p[l].shape).copy()
                i += size
        return self

    def flatten(self, dW: list[np.ndarray], db: list[np.ndarray]) -> np.ndarray:
        """Per-layer gradients in the order of :meth:`get_params` (P,)."""
        return np.concatenate([p.ravel() for gW, gb in zip(dW, db) for p in (gW, gb)])

    def layer_slices(self) -> list[slice]:
        """Where each layer's (W^l, b^l) sits in theta."""
        out, i = [], 0
        for W, b in zip(self.W, self.b):
            out.append(slice(i, i + W.size + b.size))
            i += W.size + b.size
        return out

    def weight_mask(self) -> np.ndarray:
        """(P,) True at the entries of theta that are weights (False at biases)."""
        mask = np.zeros(self.n_params, dtype=bool)
        for s, W in zip(self.layer_slices(), self.W):
            mask[s.start:s.start + W.size] = True
        return mask

    def copy(self) -> "MLP":
        twin = MLP(self.sizes, activation=self.activation, output=self.output, seed=self.seed)
        return twin.set_params(self.get_params())


def accuracy(mlp: MLP, X: np.ndarray, y: np.ndarray) -> float:
    """Fraction of correct class predictions (threshold 1/2 for one output, argmax otherwise)."""
    a = mlp.predict(X)
    pred = (a[:, 0] > 0.5).astype(int) if a.shape[1] == 1 else a.argmax(axis=1)
    return float(np.mean(pred == np.asarray(y).astype(int).ravel()))


def layer_outputs(mlp: MLP, thetas: np.ndarray, X: np.ndarray) -> list[np.ndarray]:
    """Activations of every layer for each parameter vector: list over l of (T, N, n_l).

    ``thetas`` (T, P), e.g. a trajectory's keyframes; ``mlp`` is left at its own parameters.
    """
    keep = mlp.get_params()
    per_row = []
    for theta in np.atleast_2d(thetas):
        per_row.append(mlp.set_params(theta).forward(X)[1])
    mlp.set_params(keep)
    return [np.stack([A[l] for A in per_row]) for l in range(mlp.n_layers + 1)]


# -- training -----------------------------------------------------------------------------------
def _minibatches(n: int, batch_size: int | None, seed: int) -> Iterator[np.ndarray | slice]:
    """The samples of each update: all of them when ``batch_size`` is None (or >= n), else
    consecutive slices of a seeded permutation, a fresh permutation when too few are left."""
    if batch_size is None or batch_size >= n:
        while True:
            yield slice(None)
    rng = np.random.default_rng(seed)
    order, pos = rng.permutation(n), 0
    while True:
        if pos + batch_size > n:
            order, pos = rng.permutation(n), 0
        yield order[pos:pos + batch_size]
        pos += batch_size


def _snapshot(mlp: MLP, X: np.ndarray, y: np.ndarray, loss: str, grid: np.ndarray | None,
              t: int) -> dict[str, Any]:
    """One trajectory row, the network after ``t`` updates: ``step`` (the count t),
    ``theta`` (P,), ``loss`` on the full data, ``grad_norm`` (L,) the full-data gradient norm
    ||(dW^l, db^l)|| of each layer, and ``prediction`` (G,) (or (G, n_L) for several outputs)
    on ``grid`` when given."""
    L, dW, db = mlp.loss_and_grad(X, y, loss)
    row = {"step": t, "theta": mlp.get_params(), "loss": L,
           "grad_norm": [np.sqrt(np.sum(gW ** 2) + np.sum(gb ** 2)) for gW, gb in zip(dW, db)]}
    if grid is not None:
        out = mlp.predict(grid)  # (G, n_L)
        row["prediction"] = out[:, 0] if out.shape[1] == 1 else out
    return row


def train(mlp: MLP, X: np.ndarray, y: np.ndarray, *, loss: str, optimizer: str = "sgd",
          lr: float, n_steps: int, batch_size: int | None = None, seed: int = 0,
          record_every: int = 1, grid: np.ndarray | None = None,
          beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Trajectory:
    """Train ``mlp`` in place for ``n_steps`` updates ``theta <- theta - lr d``, with ``d`` the
    minibatch gradient g (``sgd``) or :class:`~algorithms.optimizers.Adam`'s step from it;
    minibatches from :func:`_minibatches`. Rows (:func:`_snapshot`) at update 0, every
    ``record_every`` updates and the last one. A run whose parameters or loss stop being
    finite, or whose loss passes ``BLOWUP`` times its start, ends at the last sane row with
    ``diverged`` (see :class:`Recorder`)."""
    if optimizer not in ("sgd", "adam"):
        raise ValueError(f"optimizer must be 'sgd' or 'adam', not {optimizer!r}")
    if record_every < 1:
        raise ValueError("record_every must be >= 1")
    X, y = np.asarray(X, dtype=float).reshape(-1, mlp.sizes[0]), np.asarray(y)  # (N, n_0)
    G = None if grid is None else np.asarray(grid, dtype=float).reshape(-1, mlp.sizes[0])
    batches = _minibatches(X.shape[0], batch_size, seed)
    direction = GD() if optimizer == "sgd" else Adam(beta1, beta2, eps)
    theta = mlp.get_params()  # (P,)
    with Recorder(watch="loss") as rec:
        for t in rec.updates(n_steps):
            if not rec.check(theta=theta):  # the last update overflowed
                break
            mlp.set_params(theta)
            if t % record_every == 0 or t == n_steps:
                rec.add(**_snapshot(mlp, X, y, loss, G, t))
            idx = next(batches)
            _, dW, db = mlp.loss_and_grad(X[idx], y[idx], loss)  # g: the minibatch gradient
            theta = theta - lr * direction(mlp.flatten(dW, db))  # theta <- theta - lr d(g)
    steps = rec.arrays()
    mlp.set_params(steps["theta"][-1])  # the network ends at the last sane row
    info = {"algorithm": f"mlp/{optimizer}", "sizes": list(mlp.sizes),
            "activation": mlp.activation, "output": mlp.output, "init_seed": mlp.seed,
            "loss": loss, "optimizer": optimizer, "lr": lr, "n_steps": n_steps,
            "batch_size": batch_size, "record_every": record_every, "seed": seed,
            **rec.flags(converged=np.linalg.norm(steps["grad_norm"][-1]) < 1e-6,
                        n_iter=steps["step"][-1])}
    data = {"X": X, "y": y} if G is None else {"X": X, "y": y, "grid": G}
    result = {"theta": steps["theta"][-1], "loss": steps["loss"][-1]}
    return Trajectory(steps=steps, data=data, result=result, info=info)


# -- checking backprop ---------------------------------------------------------------------------
def gradient_check(mlp: MLP, X: np.ndarray, y: np.ndarray, loss: str, *,
                   h: float = 1e-2) -> float:
    """Largest relative error between backprop and finite differences, over the layers.

    Each partial derivative is estimated by :func:`_richardson_derivative`. Layer l is compared
    as the relative error of vectors ``||g_l - g_fd_l|| / (||g_l|| + ||g_fd_l||)`` (0 when both
    vanish), which stays meaningful for layers whose gradient is tiny, e.g. the first layers
    of a deep sigmoid network. ``mlp`` is left unchanged.
    """
    X = np.asarray(X, dtype=float).reshape(-1, mlp.sizes[0])
    Y = mlp._targets(y, loss, X.shape[0])
    theta = mlp.get_params()  # (P,)
    _, dW, db = mlp.loss_and_grad(X, y, loss)
    g = mlp.flatten(dW, db)  # (P,) backprop

    def f(th: np.ndarray) -> tuple[float, bytes]:
        """The loss at theta, and which relus are on (to detect a kink being crossed)."""
        mlp.set_params(th)
        Z, A = mlp.forward(X)
        pattern = b"" if mlp.activation != "relu" else np.concatenate(
            [(z > 0).ravel() for z in Z[1:-1]]).tobytes()
        return mlp._loss(Z[-1], A[-1], Y, loss), pattern

    g_fd = np.array([_richardson_derivative(f, theta, i, h) for i in range(theta.size)])  # (P,)
    mlp.set_params(theta)
    worst = 0.0
    for s in mlp.layer_slices():
        den = np.linalg.norm(g[s]) + np.linalg.norm(g_fd[s])
        if den > 0:
            worst = max(worst, float(np.linalg.norm(g[s] - g_fd[s]) / den))
    return worst


def _richardson_derivative(f, theta: np.ndarray, i: int, h: float) -> float:
    """dL/dtheta_i from ``f(theta) = (L, relu pattern)``: the fourth-order central difference
    ``D(h) = (8 [L(t+h) - L(t-h)] - [L(t+2h) - L(t-2h)]) / 12h``, refined by Richardson
    extrapolation ``(16 D(h/2) - D(h)) / 15`` (error of order h^6, so h can be large enough
    for the rounding of L to stay small next to tiny gradients). When a relu switches on or
    off between the stencil points (the loss has a kink there) it is redone with a 100 times
    smaller step."""
    step = h
    while True:
        e = np.zeros_like(theta)
        e[i] = step / 2
        vals = {k: f(theta + k * e) for k in (4, 2, 1, -1, -2, -4)}  # at +-h/2, +-h, +-2h
        if len({p for _, p in vals.values()}) == 1 or step < 1e-9:
            break
        step /= 100.0
    d = {k: vals[k][0] - vals[-k][0] for k in (1, 2, 4)}  # L(t + k e) - L(t - k e)
    coarse = (8 * d[2] - d[4]) / (12 * step)  # fourth order in h, exactly 0 when flat
    fine = (8 * d[1] - d[2]) / (6 * step)  # the same with h / 2
    return (16 * fine - coarse) / 15  # Richardson: the h^4 error terms cancel
