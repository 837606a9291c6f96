"""Small real data sets shipped in ``algorithms/data/`` and seeded synthetic ones.

Nothing here touches the network or global random state: every generator takes
a ``seed`` and builds its own ``np.random.default_rng``.
"""
from __future__ import annotations

import csv
import gzip
from pathlib import Path

import numpy as np

__all__ = [
    "DATA_DIR",
    "load_advertising",
    "load_iris",
    "load_breast_cancer",
    "load_digits",
    "make_blobs",
    "make_xor",
    "make_sines",
    "minmax_scale",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
IRIS_SPECIES = ("setosa", "versicolor", "virginica")


def _read_csv(name: str) -> tuple[list[str], list[list[str]]]:
    path = DATA_DIR / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def load_advertising(feature: str = "radio") -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)``: ad spend on ``feature`` (TV, radio or newspaper; thousands of dollars)
    and sales (thousands of units), 200 markets. ISLR's Advertising data."""
    header, rows = _read_csv("advertising.csv")
    table = np.array(rows, dtype=float)  # (200, 4)
    cols = {name.lower(): i for i, name in enumerate(header)}
    if feature.lower() not in cols or feature.lower() == "sales":
        raise ValueError(f"feature must be one of TV, radio, newspaper, not {feature!r}")
    return table[:, cols[feature.lower()]], table[:, cols["sales"]]


def load_iris() -> tuple[np.ndarray, np.ndarray, list[str], tuple[str, ...]]:
    """``(X, y, feature_names, species)``: X (150, 4) in cm, y in {0, 1, 2}."""
    header, rows = _read_csv("iris.csv")
    X = np.array([r[:4] for r in rows], dtype=float)
    y = np.array([IRIS_SPECIES.index(r[4]) for r in rows], dtype=int)
    return X, y, header[:4], IRIS_SPECIES


def load_breast_cancer() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``(X, y, feature_names)``: X (569, 30), y = 1 for malignant, 0 for benign."""
    header, rows = _read_csv("breast_cancer.csv")
    table = np.array(rows, dtype=float)
    return table[:, :-1], table[:, -1].astype(int), header[:-1]


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)``: X (1797, 64) 8x8 pixel intensities 0-16, y the digit."""
    _, rows = _read_csv("digits.csv.gz")
    table = np.array(rows, dtype=float)
    return table[:, :-1], table[:, -1].astype(int)


def minmax_scale(X: np.ndarray) -> np.ndarray:
    """Scale every column of ``X`` to [0, 1]."""
    X = np.asarray(X, dtype=float)
    lo, hi = X.min(axis=0), X.max(axis=0)
    return (X - lo) / np.where(hi > lo, hi - lo, 1.0)


def make_blobs(
    n_per_blob: int, centers: np.ndarray, std: float | np.ndarray = 1.0, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs: ``X`` (k*n_per_blob, d) around each row of ``centers`` (k, d), labels ``y``."""
    rng = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=float)
    std = np.broadcast_to(np.asarray(std, dtype=float), (centers.shape[0],))
    X = np.concatenate([c + s * rng.standard_normal((n_per_blob, centers.shape[1]))
                        for c, s in zip(centers, std)])
    y = np.repeat(np.arange(centers.shape[0]), n_per_blob)
    return X, y


def make_xor(n: int, *, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """XOR-like data: ``n`` points in four clusters at (+-1, +-1); label 1 when the signs differ."""
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(n, 2)) * 2 - 1  # (n, 2) of +-1
    X = corners + noise * rng.standard_normal((n, 2))
    y = (corners[:, 0] != corners[:, 1]).astype(int)
    return X, y


def make_sines(n: int, *, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` noisy samples of ``sin(2x) + 0.5 sin(5x)`` with x uniform in [-pi/2, pi/2]."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-np.pi / 2, np.pi / 2, n))
    y = np.sin(2 * x) + 0.5 * np.sin(5 * x) + noise * rng.standard_normal(n)
    return x, y
