"""Chapter 2's numbers: the trajectories each lecture animates, without Manim.

One function per lecture, named by its slug; the catalogue calls it with the lecture's
parameters (``Lecture.trajectories``), the scene and ``render trajectory`` go through there.
"""
from __future__ import annotations

import numpy as np

from algorithms.datasets import load_iris, make_blobs
from algorithms.kmeans import elbow, kmeans as lloyd, kmeans_plus_plus
from algorithms.pca import pca as fit_pca
from algorithms.trajectory import Trajectory

__all__ = ["kmeans", "pca", "correlated_cloud", "BLOB_CENTERS", "BLOB_STD", "DATA_SEED",
           "IRIS_K", "CLOUD_MEAN", "CLOUD_STD"]

#: the blob data: four Gaussian blobs (fixed, so the elbow always has a right answer: 4).
BLOB_CENTERS = np.array([[-3.0, -2.0], [3.0, -2.5], [0.0, 3.0], [4.0, 3.5]])
BLOB_STD = [1.0, 1.2, 1.1, 0.9]
DATA_SEED = 0
IRIS_K = 3

CLOUD_MEAN = np.array([2.5, 1.5])
CLOUD_STD = 1.5                      # spread along the long axis


def kmeans(seed: int = 5, k: int = 4, n_points: int = 300,
           k_max: int = 8) -> dict[str, Trajectory]:
    """Seeding and Lloyd's run on the blobs, Lloyd's run on the Iris petals, the elbow."""
    X, _ = make_blobs(max(n_points // len(BLOB_CENTERS), 1), BLOB_CENTERS, BLOB_STD,
                      seed=DATA_SEED)
    iris = load_iris()[0][:, 2:]  # (150, 2) petal length, petal width
    return {
        "seeding": kmeans_plus_plus(X, k, seed=seed),
        "blobs": lloyd(X, k, init="k-means++", seed=seed),
        "iris": lloyd(iris, IRIS_K, init="k-means++", seed=seed),
        "elbow": elbow(X, range(1, k_max + 1), seed=seed),
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
