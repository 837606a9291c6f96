"""Principal component analysis by power iteration with deflation.

Centre the data, x~_i = x_i - mu, and form the covariance

    Sigma = 1/(n-1) sum_i x~_i x~_i^T                          (d, d), like numpy.cov

The variance of the data along a unit vector v is v^T Sigma v. Maximising it subject to
v^T v = 1 with the Lagrangian  v^T Sigma v - lambda (v^T v - 1)  gives  Sigma v = lambda v:
the best direction is an eigenvector, and the variance along it is its eigenvalue lambda.

Power iteration finds the eigenvector of the largest eigenvalue:

    v  <- Sigma v / ||Sigma v||          lambda = v^T Sigma v   (the Rayleigh quotient)

Writing v_0 in the eigenbasis, v_t is proportional to sum_j c_j lambda_j^t u_j, so every other
direction shrinks relative to u_1 by |lambda_j / lambda_1| per step: the error falls like
|lambda_2 / lambda_1|^t. Deflation, Sigma <- Sigma - lambda_1 v_1 v_1^T, removes the component
found, so the next run finds the second, and so on.
"""
from __future__ import annotations

import numpy as np

from algorithms.trajectory import Recorder, Trajectory

__all__ = ["power_iteration", "pca", "covariance"]


def covariance(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(Sigma, mu)``: the sample covariance (d, d) (divisor n-1) of ``X`` (n, d) and its mean (d,)."""
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    Xc = X - mu  # (n, d) centred data
    return Xc.T @ Xc / (X.shape[0] - 1), mu


def power_iteration(A: np.ndarray, *, n_iter: int = 1000, seed: int = 0, tol: float = 1e-10,
                    v0: np.ndarray | None = None) -> Trajectory:
    """Power iteration on the symmetric matrix ``A`` (d, d).

    Row 0 is the start vector: ``v0`` if given, else a random unit vector from ``seed``.
    Steps (T rows): ``v`` (T, d) unit vectors, ``eigenvalue`` (T,) the Rayleigh quotient
    ``v^T A v``, ``residual`` (T,) ``||A v - lambda v||``. The loop stops (``converged``) at
    the first row whose residual is at most ``tol`` times ``max |A_ij|`` (the eigenvector is then
    accurate to about ``tol * |lambda_1| / gap``), or after ``n_iter`` updates. A zero matrix
    product (v in the null space) stops with eigenvalue 0; no NaN is produced.
    """
    A = np.asarray(A, dtype=float)
    if v0 is None:
        v0 = np.random.default_rng(seed).standard_normal(A.shape[0])
    v = np.array(v0, dtype=float)
    v = v / np.linalg.norm(v)  # (d,)
    scale = float(np.max(np.abs(A))) or 1.0  # a zero matrix: any v is an eigenvector
    rec, converged = Recorder(), False
    for _ in rec.updates(n_iter):
        Av = A @ v  # (d,)
        lam = float(v @ Av)  # the Rayleigh quotient lambda = v^T A v (||v|| = 1)
        r = float(np.linalg.norm(Av - lam * v))  # ||A v - lambda v||
        rec.add(v=v, eigenvalue=lam, residual=r)
        norm = float(np.linalg.norm(Av))
        converged = r <= tol * scale or norm == 0.0
        if converged:
            break
        v = Av / norm  # v <- A v / ||A v||
    steps = rec.arrays()
    info = {"algorithm": "power_iteration", "tol": tol, "seed": seed, **rec.flags(converged)}
    return Trajectory(steps=steps, data={"A": A},
                      result={"v": steps["v"][-1], "eigenvalue": steps["eigenvalue"][-1]}, info=info)


def pca(X: np.ndarray, n_components: int, *, seed: int = 0, n_iter: int = 1000,
        tol: float = 1e-10) -> Trajectory:
    """PCA of ``X`` (n, d): ``n_components`` runs of :func:`power_iteration` with deflation.

    Run j (seed ``seed + j``) works on the deflated covariance
    ``Sigma_j = Sigma - sum_{i<j} lambda_i v_i v_i^T``, starting from a random vector with the
    components already found projected out. Steps: the runs one after another (see
    :func:`_stack_runs`). Result: ``components`` (k, d) orthonormal rows,
    ``explained_variance`` (k,) the eigenvalues, ``explained_variance_ratio`` (k,) eigenvalue /
    total variance (trace of Sigma), ``mean`` (d,), ``covariance`` (d, d), ``scores`` (n, k)
    = (X - mean) components^T, ``n_iter`` (k,) updates per run. ``converged`` when every run did.
    """
    X = np.asarray(X, dtype=float)  # (n, d)
    d = X.shape[1]
    if not 1 <= n_components <= d:
        raise ValueError(f"n_components must be between 1 and {d}, not {n_components}")
    sigma, mu = covariance(X)  # (d, d), (d,)
    A, comps, runs = sigma.copy(), [], []
    for j in range(n_components):
        v0 = np.random.default_rng(seed + j).standard_normal(d)
        for u in comps:  # start in the space not yet explained
            v0 = v0 - (v0 @ u) * u
        run = power_iteration(A, n_iter=n_iter, tol=tol, v0=v0, seed=seed + j)
        v, lam = run.result["v"], float(run.result["eigenvalue"])
        comps.append(_sign(v) * v)
        runs.append(run)
        A = A - lam * np.outer(v, v)  # deflation: Sigma_{j+1} = Sigma_j - lambda_j v_j v_j^T
    components = np.array(comps)  # (k, d)
    ev = np.array([float(r.result["eigenvalue"]) for r in runs])  # (k,)
    total = float(np.trace(sigma))
    result = {"components": components, "explained_variance": ev,
              "explained_variance_ratio": ev / total if total > 0 else np.zeros_like(ev),
              "mean": mu, "covariance": sigma, "scores": (X - mu) @ components.T,
              "n_iter": np.array([r.info["n_iter"] for r in runs])}
    info = {"algorithm": "pca", "n_components": n_components, "seed": seed, "tol": tol,
            "max_iter": n_iter, "n_iter": int(sum(r.info["n_iter"] for r in runs)),
            "converged": all(r.converged for r in runs), "diverged": False}
    return Trajectory(steps=_stack_runs(runs), data={"X": X}, result=result, info=info)


def _sign(v: np.ndarray) -> float:
    """+1 or -1: the sign that makes the largest-magnitude entry of ``v`` positive."""
    return 1.0 if v[np.argmax(np.abs(v))] >= 0 else -1.0


def _stack_runs(runs: list[Trajectory]) -> dict[str, np.ndarray]:
    """The power-iteration runs one after another (T = sum of their rows): ``v`` (T, d),
    ``eigenvalue`` (T,), ``residual`` (T,), ``component`` (T,) which component the row belongs
    to. Each component is reported with its largest-magnitude entry positive; if that needs a
    flip, its whole run is flipped (the same iteration started from -v0), so the steps end on
    the result."""
    return {"v": np.concatenate([_sign(r.result["v"]) * r["v"] for r in runs]),
            "eigenvalue": np.concatenate([r["eigenvalue"] for r in runs]),
            "residual": np.concatenate([r["residual"] for r in runs]),
            "component": np.concatenate([np.full(len(r), j) for j, r in enumerate(runs)])}
