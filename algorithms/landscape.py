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

__all__ = ["loss_landscape", "pca_directions", "filter_normalized_directions"]


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
                   resolution: int = 41,
                   seed: int = 0) -> Trajectory:
    """The loss on a 2-D grid through ``theta_path[-1]``, and the path projected onto it.

    ``theta_path`` (T, P) is e.g. ``train(...)["theta"]``. The grid has ``resolution`` (made
    odd, so (0, 0) is a grid point) values of alpha in [-span_a, span_a] and beta in
    [-span_b, span_b]; ``span`` is one number for both or the pair ``(span_a, span_b)``;
    ``None`` takes 1.25 times the path's largest coordinate along each direction (and at least
    a fifth of the other span, so that a straight path still gets a readable strip).

    Returns a Trajectory: steps ``coords`` (T, 2) the projected path, ``loss`` (T,) the true
    loss of each theta_t, ``plane_loss`` (T,) the loss at the projected point; result
    ``alpha``, ``beta`` (R,), ``loss_grid`` (R, R) with ``loss_grid[i, j] = f(alpha[j],
    beta[i])``, ``directions`` (2, P), ``theta`` (P,) the centre. ``mlp`` is left unchanged.
    """
    if directions not in ("pca", "random"):
        raise ValueError(f"directions must be 'pca' or 'random', not {directions!r}")
    path = np.atleast_2d(np.asarray(theta_path, dtype=float))  # (T, P)
    if path.shape[1] != mlp.n_params:
        raise ValueError(f"theta_path rows need {mlp.n_params} entries, not {path.shape[1]}")
    keep = mlp.get_params()
    centre = path[-1].copy()  # theta*
    if directions == "pca":
        D, explained = pca_directions(path)
    else:
        D, explained = filter_normalized_directions(mlp, centre, seed), np.full(2, np.nan)
    # least-squares coordinates of every path point in the plane (exact for orthonormal D)
    coords = np.linalg.lstsq(D.T, (path - centre).T, rcond=None)[0].T  # (T, 2)
    coords[-1] = 0.0  # theta* - theta* = 0 exactly (lstsq returns it up to rounding)
    if span is None:
        reach = 1.25 * np.max(np.abs(coords), axis=0)  # (2,)
        reach = np.maximum(reach, 0.2 * reach.max()) if reach.max() > 0 else np.ones(2)
        span_a, span_b = float(reach[0]), float(reach[1])
    else:
        span_a, span_b = (float(span), float(span)) if np.ndim(span) == 0 else map(float, span)
    R = int(resolution) | 1  # odd
    alpha = np.linspace(-span_a, span_a, R)
    beta = np.linspace(-span_b, span_b, R)
    alpha[R // 2] = beta[R // 2] = 0.0

    def L(theta: np.ndarray) -> float:
        return mlp.set_params(theta).loss(X, y, loss)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        grid = np.array([[L(centre + a * D[0] + b * D[1]) for a in alpha] for b in beta])  # (R, R)
        true_loss = np.array([L(t) for t in path])  # (T,)
        plane_loss = np.array([L(centre + c[0] * D[0] + c[1] * D[1]) for c in coords])
    mlp.set_params(keep)
    info = {
        "algorithm": f"loss_landscape/{directions}", "directions": directions,
        "span": [span_a, span_b], "resolution": R, "seed": seed, "loss": loss,
        "explained_variance": explained.tolist(),
        "n_iter": int(path.shape[0] - 1), "converged": False, "diverged": False,  # not iterative
    }
    return Trajectory(
        steps={"coords": coords, "loss": true_loss, "plane_loss": plane_loss},
        data={"X": np.asarray(X, float), "y": np.asarray(y)},
        result={"alpha": alpha, "beta": beta, "loss_grid": grid, "directions": D,
                "theta": centre},
        info=info,
    )
