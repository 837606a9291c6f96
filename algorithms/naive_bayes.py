"""Gaussian Naive Bayes: one Gaussian per class and per feature, fitted by maximum likelihood.

Classes k = 1..K (the sorted distinct labels), features j = 1..D:

    prior      pi_k        = n_k / n                                  the MLE of a categorical
    mean       mu_kj       = (1/n_k) sum_{i: y_i = k} x_ij             the MLE of a Gaussian mean
    variance   s2_kj       = (1/n_k) sum_{i: y_i = k} (x_ij - mu_kj)^2 + eps
                                                                       the MLE (divides by n_k),
    eps = var_smoothing * max_j Var(x_j)  (scikit-learn's convention: the largest feature
    variance over all samples, so a constant feature never gives a zero variance)

The "naive" assumption: given the class, the features are independent, so

    log p(x, k) = log pi_k + sum_j log N(x_j; mu_kj, s2_kj)
    log p(k | x) = log p(x, k) - logsumexp_k' log p(x, k')        (Bayes' rule, normalised)

The fit is recorded as the samples arrive one at a time (Welford's running mean and sum of
squares per class), so a scene can show the estimates converge.
"""
from __future__ import annotations

import numpy as np

from algorithms.trajectory import Recorder, Trajectory

__all__ = ["fit_gaussian_nb", "gaussian_nb_log_posterior", "gaussian_nb_joint_log_likelihood",
           "gaussian_log_pdf"]


def gaussian_log_pdf(x: np.ndarray, mean: np.ndarray, var: np.ndarray) -> np.ndarray:
    """``log N(x; mean, var)`` elementwise (broadcasting)."""
    return -0.5 * (np.log(2 * np.pi * var) + (x - mean) ** 2 / var)


def fit_gaussian_nb(X: np.ndarray, y: np.ndarray, *, var_smoothing: float = 1e-9) -> Trajectory:
    """Fit Gaussian Naive Bayes to ``X`` (n, D) with labels ``y`` (n,), taking the samples in
    the order given, one at a time.

    Steps (T = n + 1 rows; row t holds the estimates from the first t samples, row 0 before
    any): ``means`` (T, K, D), ``variances`` (T, K, D), ``priors`` (T, K), ``counts`` (T, K),
    ``seen`` (T,) the index of the sample that arrived at that row (-1 in row 0). A class not yet
    seen has mean 0 and variance eps; row 0's priors are uniform (1/K), later rows' n_k / t.

    Result: ``means`` (K, D), ``variances`` (K, D), ``priors`` (K,), ``classes`` (K,) sorted,
    ``counts`` (K,), ``epsilon`` (the smoothing added to every variance); all equal to the last
    row of the steps.
    """
    X = np.asarray(X, dtype=float)  # (n, D)
    y = np.asarray(y)  # (n,)
    if X.ndim != 2 or len(X) != len(y) or len(X) == 0:
        raise ValueError("X must be (n, D) and y (n,) with n >= 1")
    classes = np.unique(y)  # (K,) sorted
    K, D = len(classes), X.shape[1]
    label = np.searchsorted(classes, y)  # (n,) class index of every sample
    eps = float(var_smoothing * np.max(X.var(axis=0)))  # over all samples, as scikit-learn
    count = np.zeros(K)  # (K,) n_k so far
    mean = np.zeros((K, D))  # running means
    m2 = np.zeros((K, D))  # running sums of squared deviations from the running mean
    with Recorder() as rec:
        for t in rec.updates(len(X)):
            var = np.where(count[:, None] > 0, m2 / np.maximum(count, 1)[:, None], 0.0) + eps
            priors = count / t if t else np.full(K, 1.0 / K)
            rec.add(means=mean, variances=var, priors=priors, counts=count,
                    seen=t - 1 if t else -1)
            if t == len(X):
                break
            x, k = X[t], label[t]  # sample t arrives
            count[k] += 1
            delta = x - mean[k]  # (D,) deviation from the old mean
            mean[k] = mean[k] + delta / count[k]  # mu <- mu + (x - mu) / n_k
            m2[k] = m2[k] + delta * (x - mean[k])  # Welford: sum of squares about the new mean
    steps = rec.arrays()
    result = {"means": steps["means"][-1], "variances": steps["variances"][-1],
              "priors": steps["priors"][-1], "classes": classes, "counts": steps["counts"][-1],
              "epsilon": np.float64(eps)}
    info = {"algorithm": "gaussian_naive_bayes", "var_smoothing": var_smoothing, "epsilon": eps,
            "n_classes": K, "seed": None, **rec.flags(converged=True, n_iter=len(X))}
    return Trajectory(steps=steps, data={"X": X, "y": y}, result=result, info=info)


def gaussian_nb_joint_log_likelihood(result, X: np.ndarray) -> np.ndarray:
    """``log p(x, k) = log pi_k + sum_j log N(x_j; mu_kj, s2_kj)`` (N, K); a class with prior 0
    gets -inf."""
    X = np.atleast_2d(np.asarray(X, dtype=float))  # (N, D)
    mu, var = np.asarray(result["means"], float), np.asarray(result["variances"], float)  # (K, D)
    with np.errstate(divide="ignore"):
        log_prior = np.log(np.asarray(result["priors"], float))  # (K,)
    per_feature = gaussian_log_pdf(X[:, None, :], mu[None], var[None])  # (N, K, D)
    return log_prior[None] + per_feature.sum(axis=2)


def gaussian_nb_log_posterior(result, X: np.ndarray) -> np.ndarray:
    """``log p(k | x)`` (N, K) for every row of ``X``: the joint log-likelihoods normalised by
    log-sum-exp, so each row's exponentials sum to 1, even far from every class (where every
    joint likelihood underflows to 0 but their logarithms stay finite)."""
    jll = gaussian_nb_joint_log_likelihood(result, X)  # (N, K)
    top = np.max(jll, axis=1, keepdims=True)  # (N, 1) finite: some class has prior > 0
    log_norm = top + np.log(np.sum(np.exp(jll - top), axis=1, keepdims=True))  # logsumexp
    return jll - log_norm
