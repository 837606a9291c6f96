"""k-means clustering: Lloyd's algorithm with k-means++ seeding.

The objective, for centroids mu_1..mu_k and an assignment c_i of every point to a cluster:

    J(c, mu) = sum_i || x_i - mu_{c_i} ||^2                 (the "inertia")

Lloyd's algorithm lowers J one block of variables at a time:

    assign:  c_i   <- argmin_j || x_i - mu_j ||^2           (best c for fixed mu)
    update:  mu_j  <- (1/|C_j|) sum_{i in C_j} x_i          (best mu for fixed c:
                                                             dJ/dmu_j = -2 sum (x_i - mu_j) = 0)

Neither step can raise J, so J never increases, and since there are finitely many
assignments the algorithm stops when an assignment repeats itself.

Empty clusters. If no point is assigned to cluster j, its mean is undefined (0/0). Rule:
the centroid of an empty cluster is moved onto the data point that is currently worst
served, i.e. the one farthest from its own (freshly updated) centroid; with several
empty clusters, the next farthest points in turn, one per cluster. That point then
costs 0 instead of its old distance, so the rule keeps J non-increasing and never
produces a NaN.

k-means++ seeding (Arthur & Vassilvitskii, 2007): the first centre is a data point picked
uniformly; every next centre is a data point picked with probability

    p_i = D(x_i)^2 / sum_j D(x_j)^2,   D(x) = distance from x to the nearest centre so far,

so points far from every existing centre are likely picks, and chosen points (D = 0) are never
picked again.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from algorithms.trajectory import Recorder, Trajectory

__all__ = ["sq_distances", "assign", "inertia", "kmeans_plus_plus", "kmeans", "elbow",
           "voronoi_cells"]


def sq_distances(X: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances (n, k) between the rows of ``X`` (n, d) and ``centroids`` (k, d)."""
    diff = X[:, None, :] - centroids[None, :, :]  # (n, k, d)
    return np.einsum("nkd,nkd->nk", diff, diff)


def assign(X: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """The assignment step: index (n,) of the nearest centroid (ties go to the lowest index)."""
    return np.argmin(sq_distances(X, centroids), axis=1)


def inertia(X: np.ndarray, centroids: np.ndarray, labels: np.ndarray) -> float:
    """``J = sum_i ||x_i - mu_{c_i}||^2``."""
    r = X - centroids[labels]  # (n, d) residual of every point from its own centroid
    return float(np.sum(r * r))


def kmeans_plus_plus(X: np.ndarray, k: int, *, seed: int = 0) -> Trajectory:
    """k-means++ seeding, one row per pick (k rows; ``n_iter`` = k picks).

    Steps: ``weight`` (k, n) the unnormalised sampling weight of every point for that pick (1
    for the first, uniform pick, then ``D(x_i)^2``, the squared distance to the nearest centre
    so far); ``prob`` (k, n) ``weight / weight.sum()``, the distribution the pick was drawn
    from; ``index`` (k,) the row of ``X`` picked; ``centroids`` (k, k, d) the centres chosen
    after that pick, those not chosen yet parked on the latest one (so never a NaN).

    If every remaining weight is 0 (fewer distinct points than ``k``), the pick is uniform
    over the points not chosen yet. Result: ``centroids`` (k, d), ``index`` (k,).
    """
    X = np.asarray(X, dtype=float)  # (n, d)
    n = X.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of points {n}, not {k}")
    rng = np.random.default_rng(seed)
    rec, picks = Recorder(), []
    d2 = np.ones(n)  # first pick: uniform
    for j in range(k):
        w = d2.copy()
        if j > 0 and w.sum() <= 0:  # all points coincide with a centre: uniform over the rest
            w = np.ones(n)
            w[picks] = 0.0
        p = w / w.sum()  # (n,) p_i = D(x_i)^2 / sum_j D(x_j)^2
        picks.append(int(rng.choice(n, p=p)))
        rec.add(weight=w, prob=p, index=picks[-1])
        new = np.sum((X - X[picks[-1]]) ** 2, axis=1)  # (n,) only the new centre can lower D^2
        d2 = new if j == 0 else np.minimum(d2, new)
    steps = rec.arrays()
    chosen = X[steps["index"]]  # (k, d)
    # row j: the first j+1 centres, the rest parked on the latest one
    steps["centroids"] = np.stack([chosen[np.minimum(np.arange(k), j)] for j in range(k)])
    info = {"algorithm": "kmeans_plus_plus", "k": k, "seed": seed,
            **rec.flags(converged=True, n_iter=k)}
    return Trajectory(steps=steps, data={"X": X},
                      result={"centroids": chosen, "index": steps["index"]}, info=info)


def _update(X: np.ndarray, labels: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The update step with the empty-cluster rule. Returns (centroids (k, d), emptied (k,) bool)."""
    counts = np.bincount(labels, minlength=k)  # (k,) |C_j|
    sums = np.zeros((k, X.shape[1]))
    np.add.at(sums, labels, X)  # (k, d) sum of the points in each cluster
    empty = counts == 0
    mu = sums / np.maximum(counts, 1)[:, None]  # mean of every non-empty cluster
    if empty.any():
        # Move each empty centroid onto the worst-served point (farthest from its own new centroid).
        d2 = np.sum((X - mu[labels]) ** 2, axis=1)  # (n,)
        worst = np.argsort(-d2, kind="stable")
        for j, i in zip(np.flatnonzero(empty), worst):
            mu[j] = X[i]
    return mu, empty


def _initial_centroids(X: np.ndarray, k: int, init: str | np.ndarray,
                       seed: int) -> tuple[np.ndarray, str]:
    """``(mu (k, d), name)`` of ``init``: "k-means++", "random" (k distinct data points drawn
    uniformly) or an array (k, d) used as given."""
    if isinstance(init, str):
        if init == "k-means++":
            return kmeans_plus_plus(X, k, seed=seed).result["centroids"], init
        if init == "random":
            return X[np.random.default_rng(seed).choice(len(X), size=k, replace=False)], init
        raise ValueError(f'init must be "k-means++", "random" or an array, not {init!r}')
    mu = np.array(init, dtype=float)
    if mu.shape != (k, X.shape[1]):
        raise ValueError(f"an init array must have shape ({k}, {X.shape[1]}), not {mu.shape}")
    return mu, "array"


def kmeans(X: np.ndarray, k: int, *, init: str | np.ndarray = "k-means++", max_iter: int = 100,
           seed: int = 0) -> Trajectory:
    """Lloyd's algorithm from ``init`` (see :func:`_initial_centroids`; k-means++ uses the same
    ``seed``); one row per full assign-and-update iteration.

    Steps (T rows): ``centroids`` (T, k, d), ``labels`` (T, n) the assignment to that row's
    centroids, ``inertia`` (T,) J of that row, ``emptied`` (T, k) which clusters the
    empty-cluster rule relocated to reach that row (row 0: none). Row 0 is the initial
    centroids and the assignment to them; row t+1 = update from row t's labels, then assign to
    the new centroids. The loop stops at the first row whose labels equal the previous row's
    (``converged``): a fixed point of both steps. Result: the last row's ``centroids``,
    ``labels``, ``inertia``.
    """
    X = np.asarray(X, dtype=float)  # (n, d)
    mu, init_name = _initial_centroids(X, k, init, seed)  # (k, d)
    if not 1 <= k <= len(X):
        raise ValueError(f"k must be between 1 and the number of points {len(X)}, not {k}")
    labels = assign(X, mu)  # (n,)
    rec, converged = Recorder(), False
    rec.add(centroids=mu, labels=labels, inertia=inertia(X, mu, labels), emptied=np.zeros(k, bool))
    for _ in range(max_iter):
        mu, emptied = _update(X, labels, k)  # mu_j <- mean of C_j (or the empty-cluster rule)
        new = assign(X, mu)                  # c_i  <- argmin_j ||x_i - mu_j||^2
        rec.add(centroids=mu, labels=new, inertia=inertia(X, mu, new), emptied=emptied)
        converged = np.array_equal(new, labels) and not emptied.any()
        if converged:
            break
        labels = new
    steps = rec.arrays()
    info = {"algorithm": "kmeans", "k": k, "init": init_name, "max_iter": max_iter,
            "seed": seed, **rec.flags(converged)}
    result = {name: steps[name][-1] for name in ("centroids", "labels", "inertia")}
    return Trajectory(steps=steps, data={"X": X}, result=result, info=info)


def elbow(X: np.ndarray, ks: Sequence[int], *, seed: int = 0, n_init: int = 5,
          max_iter: int = 100) -> Trajectory:
    """Final inertia of k-means for every k in ``ks`` (best of ``n_init`` k-means++ runs).

    Steps (one row per k, not per iteration): ``k`` (m,), ``inertia`` (m,), ``n_iter`` (m,) of
    the best run. Run r for every k uses the seed ``seed + r``, so the same call gives the
    same numbers.
    """
    X = np.asarray(X, dtype=float)
    ks = [int(k) for k in ks]
    best_J, best_it = [], []
    for k in ks:
        runs = [kmeans(X, k, init="k-means++", max_iter=max_iter, seed=seed + r)
                for r in range(n_init)]
        best = min(runs, key=lambda t: float(t.result["inertia"]))
        best_J.append(float(best.result["inertia"]))
        best_it.append(best.info["n_iter"])
    info = {"algorithm": "elbow", "ks": ks, "n_init": n_init, "max_iter": max_iter, "seed": seed,
            "n_iter": len(ks), "converged": True, "diverged": False}
    return Trajectory(steps={"k": np.array(ks), "inertia": np.array(best_J),
                             "n_iter": np.array(best_it)},
                      data={"X": X}, result={"inertia": np.array(best_J)}, info=info)


def voronoi_cells(centroids: np.ndarray, box: tuple[float, float, float, float]) -> list[np.ndarray]:
    """The Voronoi cell of every centroid (k, 2) inside ``box`` = (xmin, xmax, ymin, ymax).

    Each cell is the box clipped by the half-planes ``||x - mu_j|| <= ||x - mu_m||`` (m != j):
    a convex polygon, returned as its corners (m, 2) counter-clockwise (possibly empty (0, 2)).
    Coincident centroids: the lower index keeps the cell.
    """
    xmin, xmax, ymin, ymax = box
    square = np.array([[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax]], float)
    cells = []
    for j, mj in enumerate(centroids):
        poly = square
        for m, mm in enumerate(centroids):
            if m == j or len(poly) == 0:
                continue
            a = mm - mj  # keep a . x <= b, the side of the bisector nearer mu_j
            if not np.any(a):
                if m < j:
                    poly = np.zeros((0, 2))
                continue
            b = 0.5 * (mm @ mm - mj @ mj)
            poly = _clip(poly, a, b)
        cells.append(poly)
    return cells


def _clip(poly: np.ndarray, a: np.ndarray, b: float) -> np.ndarray:
    """Sutherland-Hodgman: the part of convex ``poly`` (m, 2) where ``a . x <= b``."""
    s = poly @ a - b  # (m,) signed side of every corner
    out = []
    for i in range(len(poly)):
        p, q, sp, sq = poly[i], poly[(i + 1) % len(poly)], s[i], s[(i + 1) % len(poly)]
        if sp <= 0:
            out.append(p)
        if (sp < 0 < sq) or (sq < 0 < sp):
            out.append(p + (q - p) * (sp / (sp - sq)))
    return np.array(out).reshape(-1, 2)
