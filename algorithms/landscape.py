"""The loss landscape of a network: the loss on a plane through its final parameters.

With theta* the final parameters and two directions d1, d2 in parameter space,

    f(alpha, beta) = L(theta* + alpha d1 + beta d2)

is sampled on a square grid centred on (0, 0), so f(0, 0) = L(theta*): the plane is anchored at
the real parameters (not at 2 theta*, the slip of adding the weights twice). The directions are

- ``pca``: the top two principal directions of the training path, i.e. the leading right
  singular vectors of the matrix whose rows are theta_t - theta* (orthonormal), so the plane
  is the one the path moved in most (Li et al. 2018, sec. 7);
- ``random``: Gaussian directions, filter-normalised: each neuron's block of incoming weights
  (a row of W^l) is rescaled to the norm of the same row of theta*, and the bias entries are
  set to 0, so that the picture does not depend on the scale of each layer (Li et al. 2018).

Each path point is projected onto the plane by least squares,
(alpha_t, beta_t) = argmin || theta_t - theta* - alpha d1 - beta d2 ||; theta* lands on (0, 0).
"""
from __future__ import annotations

import numpy as np

from algorithms.neural_network import MLP
from algorithms.trajectory import Trajectory

__all__ = ["loss_landscape", "pca_directions", "filter_normalized_directions",
           "project", "spans", "plane_grid", "plane_gradient", "equal_scale_axes"]


def pca_directions(theta_path: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(D, explained)``: the top two directions (2, P) of theta_t - theta_final and the
    fraction of the path's squared displacement each explains (2,)."""
    diffs = theta_path - theta_path[-1]  # (T, P)
    _, sv, Vt = np.linalg.svd(diffs, full_matrices=False)
    total = float(np.sum(sv ** 2))
    explained = sv[:2] ** 2 / total if total > 0 else np.zeros(2)
    D = Vt[:2]
    # fix each direction's sign so that the path starts at positive coordinates
    signs = np.where(diffs[0] @ D.T < 0, -1.0, 1.0)  # (2,)
    return D * signs[:, None], explained


def filter_normalized_directions(mlp: MLP, theta: np.ndarray, seed: int) -> np.ndarray:
    """Two random directions (2, P), filter-normalised against ``theta`` (biases set to 0)."""
    rng = np.random.default_rng(seed)
    D = rng.standard_normal((2, theta.size))
    for s, W in zip(mlp.layer_slices(), mlp.W):
        n_out, n_in = W.shape
        for d in D:
            rows = d[s.start:s.start + W.size].reshape(n_out, n_in)  # a view into d
            ref = theta[s.start:s.start + W.size].reshape(n_out, n_in)
            scale = np.linalg.norm(ref, axis=1) / np.maximum(np.linalg.norm(rows, axis=1), 1e-12)
            rows *= scale[:, None]
            d[s.start + W.size:s.stop] = 0.0  # bias block
    return D


def loss_landscape(mlp: MLP, X: np.ndarray, y: np.ndarray, loss: str, theta_path: np.ndarray,
                   *, directions: str = "pca", span: float | tuple[float, float] | None = None,
                   resolution: int = 41, seed: int = 0) -> Trajectory:
    """The loss on a 2-D grid through ``theta_path[-1]`` (``theta_path`` (T, P), e.g.
    ``train(...)["theta"]``), and the path projected onto it; ``mlp`` is left unchanged.

    The grid has ``resolution`` (made odd, so (0, 0) is on it) values of alpha and of beta
    over :func:`spans`. Steps: ``coords`` (T, 2) the projected path, ``loss`` (T,) the loss of
    each theta_t, ``plane_loss`` (T,) the loss at its projection. Result: ``alpha``, ``beta``
    (R,), ``loss_grid`` (R, R) = f(alpha[j], beta[i]) at [i, j], ``directions`` (2, P),
    ``theta`` (P,) the centre."""
    if directions not in ("pca", "random"):
        raise ValueError(f"directions must be 'pca' or 'random', not {directions!r}")
    path = _as_path(mlp, theta_path)  # (T, P)
    keep, centre = mlp.get_params(), path[-1].copy()  # centre = theta*
    if directions == "pca":
        D, explained = pca_directions(path)  # (2, P), (2,)
    else:
        D, explained = filter_normalized_directions(mlp, centre, seed), np.full(2, np.nan)
    coords = project(path, D)  # (T, 2)
    span_a, span_b = spans(coords, span)
    R = int(resolution) | 1  # odd
    alpha, beta = _axis(span_a, R), _axis(span_b, R)  # (R,), (R,)

    def f(a: float, b: float) -> float:  # f(alpha, beta) = L(theta* + alpha d1 + beta d2)
        return mlp.set_params(centre + a * D[0] + b * D[1]).loss(X, y, loss)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        grid = np.array([[f(a, b) for a in alpha] for b in beta])  # (R, R)
        true_loss = np.array([mlp.set_params(t).loss(X, y, loss) for t in path])  # (T,)
        plane_loss = np.array([f(*c) for c in coords])  # (T,)
    mlp.set_params(keep)
    info = {"algorithm": f"loss_landscape/{directions}", "directions": directions,
            "span": [span_a, span_b], "resolution": R, "seed": seed, "loss": loss,
            "explained_variance": explained.tolist(),
            "n_iter": int(path.shape[0] - 1), "converged": False, "diverged": False}  # not iterative
    return Trajectory(steps={"coords": coords, "loss": true_loss, "plane_loss": plane_loss},
                      data={"X": np.asarray(X, float), "y": np.asarray(y)},
                      result={"alpha": alpha, "beta": beta, "loss_grid": grid, "directions": D,
                              "theta": centre}, info=info)


def _axis(span: float, R: int) -> np.ndarray:
    """R (odd) values from -span to span, the middle one exactly 0."""
    values = np.linspace(-span, span, R)
    values[R // 2] = 0.0
    return values


def _as_path(mlp: MLP, theta_path: np.ndarray) -> np.ndarray:
    """``theta_path`` as a float array (T, P), checked against the network's parameter count."""
    path = np.atleast_2d(np.asarray(theta_path, dtype=float))
    if path.shape[1] != mlp.n_params:
        raise ValueError(f"theta_path rows need {mlp.n_params} entries, not {path.shape[1]}")
    return path


def project(path: np.ndarray, D: np.ndarray) -> np.ndarray:
    """(T, 2): least-squares coordinates of every ``path`` row (T, P) in the plane through the
    last row spanned by ``D`` (2, P), exact for orthonormal D; the last row lands on (0, 0)."""
    coords = np.linalg.lstsq(D.T, (path - path[-1]).T, rcond=None)[0].T  # (T, 2)
    coords[-1] = 0.0  # theta* - theta* = 0 exactly (lstsq returns it up to rounding)
    return coords


def spans(coords: np.ndarray, span: float | tuple[float, float] | None) -> tuple[float, float]:
    """``(span_a, span_b)``: the grid covers alpha in [-span_a, span_a], beta in [-span_b,
    span_b]. ``span`` is one number for both or the pair; ``None`` takes 1.25 times the path's
    largest coordinate ``coords`` (T, 2) along each direction, and at least a fifth of the
    other span, so that a straight path still gets a readable strip."""
    if span is not None:
        return (float(span), float(span)) if np.ndim(span) == 0 else tuple(map(float, span))
    reach = 1.25 * np.max(np.abs(coords), axis=0)  # (2,)
    reach = np.maximum(reach, 0.2 * reach.max()) if reach.max() > 0 else np.ones(2)
    return float(reach[0]), float(reach[1])


# -- the plane drawn with equal scales (lecture 4.2) ------------------------------------------------
def equal_scale_axes(coords: np.ndarray, resolution: int, *, pad: float = 0.15,
                     aspect: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """``(alpha, beta)``: grid values with ONE spacing h on both axes, so that a unit of alpha
    and a unit of beta (both a unit of distance in parameter space, the directions being
    orthonormal) are drawn the same length. alpha spans the path's ``coords`` (T, 2) range
    widened by ``pad`` of it on each side, in ``resolution`` points; beta is centred on the
    path's middle and spans ``1 / aspect`` of alpha's width (or more, to hold the path)."""
    lo, hi = coords.min(axis=0), coords.max(axis=0)  # (2,), (2,)
    width = max(hi[0] - lo[0], 1e-9) * (1 + 2 * pad)
    a0 = lo[0] - pad * (width / (1 + 2 * pad))
    R = max(int(resolution), 3)
    h = width / (R - 1)
    alpha = a0 + h * np.arange(R)
    height = max(width / aspect, (hi[1] - lo[1]) * (1 + 2 * pad))
    n_b = int(np.ceil(height / h)) + 1
    b0 = (lo[1] + hi[1]) / 2 - h * (n_b - 1) / 2
    beta = b0 + h * np.arange(n_b)
    return alpha, beta


def plane_grid(mlp: MLP, X: np.ndarray, y: np.ndarray, loss: str, centre: np.ndarray,
               D: np.ndarray, alpha: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """(len(beta), len(alpha)): f(alpha[j], beta[i]) = L(centre + alpha[j] D[0] + beta[i] D[1])
    at [i, j], for any (not necessarily centred) axes; ``mlp`` is left unchanged."""
    keep = mlp.get_params()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        grid = np.array([[mlp.set_params(centre + a * D[0] + b * D[1]).loss(X, y, loss)
                          for a in alpha] for b in beta])
    mlp.set_params(keep)
    return grid


def plane_gradient(mlp: MLP, X: np.ndarray, y: np.ndarray, loss: str, centre: np.ndarray,
                   D: np.ndarray, coords: np.ndarray) -> np.ndarray:
    """(T, 2): the gradient of f(alpha, beta) = L(centre + alpha D[0] + beta D[1]) at each
    row of ``coords`` (T, 2), i.e. D times the full gradient there (by backpropagation)."""
    keep = mlp.get_params()
    out = []
    for c in np.atleast_2d(coords):
        _, dW, db = mlp.set_params(centre + c @ D).loss_and_grad(X, y, loss)
        out.append(D @ mlp.flatten(dW, db))  # chain rule: df/dalpha = grad L . D[0]
    mlp.set_params(keep)
    return np.array(out)
