"""Chapter 2's numbers: the trajectories each lecture animates, without Manim.

One function per lecture, named by its slug; the catalogue calls it with the lecture's
parameters (``Lecture.trajectories``), the scene and ``render trajectory`` go through there.
"""
from __future__ import annotations

import numpy as np

from algorithms.datasets import load_iris, make_blobs
from algorithms.kmeans import elbow, inertia as kmeans_inertia, kmeans as lloyd, kmeans_plus_plus
from algorithms.pca import pca as fit_pca
from algorithms.trajectory import Trajectory

__all__ = ["kmeans", "pca", "correlated_cloud", "BLOB_CENTERS", "BLOB_STD", "DATA_SEED",
           "IRIS_K", "CLOUD_MEAN", "CLOUD_STD"]

#: the blob data: four Gaussian blobs near the corners of a square (fixed). Two blobs side by
#: side can share a centre, so a bad start lands in a worse local minimum often enough to show.
BLOB_CENTERS = np.array([[-3.5, -2.5], [3.5, -3.0], [-3.0, 3.0], [4.0, 3.5]])
BLOB_STD = [1.0, 1.2, 1.1, 0.9]
DATA_SEED = 0
IRIS_K = 3

CLOUD_MEAN = np.array([2.5, 1.5])
CLOUD_STD = 1.5                      # spread along the long axis


def blob_data(n_points: int = 300) -> np.ndarray:
    """The k-means lecture's blobs (n, 2): ``n_points // 4`` points around each blob centre."""
    X, _ = make_blobs(max(n_points // len(BLOB_CENTERS), 1), BLOB_CENTERS, BLOB_STD,
                      seed=DATA_SEED)
    return X


def with_before_assign(X: np.ndarray, run: Trajectory, labels0: np.ndarray) -> Trajectory:
    """``run`` with the step ``j_before`` (T,): J just before row t's assignment, i.e. row t's
    centroids with the previous labels (row 0: the initial centroids with ``labels0``). So
    ``j_before[t] >= inertia[t]`` (assign) and ``inertia[t-1] >= j_before[t]`` (update)."""
    mu, lab = run["centroids"], run["labels"]
    before = [kmeans_inertia(X, mu[0], labels0)]
    before += [kmeans_inertia(X, mu[t], lab[t - 1]) for t in range(1, len(run))]
    steps = {**run.steps, "j_before": np.array(before)}
    return Trajectory(steps=steps, data={**run.data, "labels0": np.asarray(labels0)},
                      result=run.result, info=run.info)


def kmeans(seed: int = 0, k: int = 4, n_points: int = 300, n_runs: int = 100,
           restarts: int = 5, k_max: int = 8) -> dict[str, Trajectory]:
    """Everything the k-means lecture animates, on the blobs (``blob_data``).

    - ``starts``: ``n_runs`` Lloyd runs from random starts (k distinct data points) and from
      k-means++ seeds, seeds ``seed .. seed + n_runs - 1``: steps ``seed``, ``J_random``,
      ``J_pp`` (final J of each run), ``it_random``; info ``J_best`` (the lowest J of all),
      ``bad_random``/``bad_pp`` (the share of runs ending above ``1.01 J_best``), and for the
      ``restarts`` runs in a row: ``bad_best_random``/``bad_best_pp`` (the share of groups whose
      best run is still bad).
    - ``demo``: the first run from a random start that reaches ``J_best`` in 5 to 9 iterations,
      started from random labels (``data["labels0"]``), with ``j_before`` (see
      :func:`with_before_assign`).
    - ``bad``: the first random start (from ``seed``) that ends above ``1.01 J_best``, likewise.
    - ``seeding``: the k-means++ picks with seed ``pp_seed`` (info), the first seed from
      ``seed`` whose picks fall in different blobs and whose run reaches ``J_best`` within 5
      iterations; ``pp``: that run.
    - ``elbow``: the lowest J for k = 1 .. ``k_max`` (best of ``restarts`` k-means++ runs).
    """
    X = blob_data(n_points)
    seeds = np.arange(seed, seed + n_runs)
    rand = [lloyd(X, k, init="random", seed=int(s)) for s in seeds]
    pp = [lloyd(X, k, init="k-means++", seed=int(s)) for s in seeds]
    J_r = np.array([float(r.result["inertia"]) for r in rand])
    J_p = np.array([float(r.result["inertia"]) for r in pp])
    J_best = float(min(J_r.min(), J_p.min()))
    bad_r, bad_p = J_r > 1.01 * J_best, J_p > 1.01 * J_best
    g = n_runs // restarts
    best_r = J_r[: g * restarts].reshape(g, restarts).min(axis=1)
    best_p = J_p[: g * restarts].reshape(g, restarts).min(axis=1)
    good = [i for i, r in enumerate(rand) if J_r[i] <= J_best * (1 + 1e-9)
            and 5 <= r.info["n_iter"] <= 9] or [int(np.argmin(J_r))]
    bad = [i for i in range(n_runs) if bad_r[i]] or [int(np.argmax(J_r))]
    per_blob = max(n_points // len(BLOB_CENTERS), 1)
    quick = [i for i, r in enumerate(pp) if J_p[i] <= J_best * (1 + 1e-9) and r.info["n_iter"] <= 5
             and len(set(kmeans_plus_plus(X, k, seed=int(seeds[i])).result["index"] // per_blob))
             == min(k, len(BLOB_CENTERS))]  # a typical good start: one pick in every blob
    pp_i = quick[0] if quick else int(np.argmin(J_p))

    def labels0(s: int) -> np.ndarray:  # a random grouping to start the story from
        return np.random.default_rng(int(s)).integers(k, size=len(X))

    starts = Trajectory(
        steps={"seed": seeds, "J_random": J_r, "J_pp": J_p,
               "it_random": np.array([r.info["n_iter"] for r in rand])},
        data={"X": X, "best_random": best_r, "best_pp": best_p},
        info={"J_best": J_best, "bad_random": float(bad_r.mean()),
              "bad_pp": float(bad_p.mean()), "restarts": restarts, "groups": g,
              "bad_best_random": float(np.mean(best_r > 1.01 * J_best)),
              "bad_best_pp": float(np.mean(best_p > 1.01 * J_best)),
              "n_iter": n_runs, "converged": True, "diverged": False})
    seeding = kmeans_plus_plus(X, k, seed=int(seeds[pp_i]))
    seeding.info["pp_seed"] = int(seeds[pp_i])
    return {
        "starts": starts,
        "demo": with_before_assign(X, rand[good[0]], labels0(seeds[good[0]])),
        "bad": with_before_assign(X, rand[bad[0]], labels0(seeds[bad[0]])),
        "seeding": seeding,
        "pp": pp[pp_i],
        "elbow": elbow(X, range(1, k_max + 1), seed=seed, n_init=restarts),
    }


def correlated_cloud(n: int, angle: float, ratio: float, seed: int) -> np.ndarray:
    """``n`` Gaussian points (n, 2): std ``CLOUD_STD`` along ``angle`` degrees, ``ratio`` times
    that across it, centred on ``CLOUD_MEAN``."""
    Z, _ = make_blobs(n, [[0.0, 0.0]], 1.0, seed=seed)  # (n, 2) standard normal
    a = np.deg2rad(angle)
    R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return Z @ np.diag([CLOUD_STD, CLOUD_STD * ratio]) @ R.T + CLOUD_MEAN


def pca(seed: int = 3, n_points: int = 200, angle: float = 30.0,
        ratio: float = 0.45) -> dict[str, Trajectory]:
    """PCA of the correlated cloud (both components) and of Iris (all four)."""
    X = correlated_cloud(n_points, angle, ratio, seed)
    return {"cloud": fit_pca(X, 2, seed=seed), "iris": fit_pca(load_iris()[0], 4, seed=seed)}
