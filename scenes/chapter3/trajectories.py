"""Chapter 3's numbers: the trajectories each lecture animates, without Manim.

One function per lecture, named by its slug; the catalogue calls it with the lecture's
parameters (``Lecture.trajectories``), the scene and ``render trajectory`` go through there.
"""
from __future__ import annotations

import numpy as np

from algorithms.datasets import load_breast_cancer, load_iris, make_blobs, minmax_scale
from algorithms.logistic_regression import (
    feature_averaged_logistic_regression as fit_logistic_averaged,
    logistic_regression as fit_logistic, softmax_regression as fit_softmax,
)
from algorithms.perceptron import max_margin, novikoff_bound, perceptron as fit_perceptron
from algorithms.trajectory import Trajectory

__all__ = ["perceptron", "logistic_regression", "softmax_regression", "separable_data",
           "flip_two", "BOX", "NORMAL", "OFFSET", "GAP", "LOGISTIC_FEATURES",
           "SOFTMAX_FEATURES"]

BOX = 3.0  # the perceptron plot shows [-BOX, BOX]^2
NORMAL = np.array([1.0, 0.7]) / np.hypot(1.0, 0.7)  # direction between the two classes
OFFSET = 0.74  # the generating separator is NORMAL . x = OFFSET
GAP = 0.1  # no point closer than this to the generating separator (in (x, 1)-space)

LOGISTIC_FEATURES = ("mean_radius", "mean_texture")
SOFTMAX_FEATURES = ("petal_length", "petal_width")


def separable_data(n_per_class: int = 20, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clouds either side of a line, with the points near the line removed,
    so the classes are separable with margin >= GAP for every seed. Labels -1 and +1."""
    v = np.append(NORMAL, -OFFSET) / np.hypot(1.0, OFFSET)  # unit (w, b) of that line
    centre = OFFSET * NORMAL
    X, lab = make_blobs(6 * n_per_class, [centre - NORMAL, centre + NORMAL], std=0.8, seed=seed)
    y = 2 * lab - 1
    s = np.hstack([X, np.ones((len(X), 1))]) @ v  # (N,) signed distance in (x, 1)-space
    keep = (y * s >= GAP) & (np.abs(X).max(axis=1) < BOX - 0.3)
    X, y = X[keep], y[keep]
    idx = np.r_[np.flatnonzero(y < 0)[:n_per_class], np.flatnonzero(y > 0)[:n_per_class]]
    return X[idx], y[idx]


def flip_two(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Flip the label of the point of each class that reaches furthest towards the other."""
    s = X @ NORMAL
    neg, pos = np.flatnonzero(y < 0), np.flatnonzero(y > 0)
    flips = [int(neg[np.argmax(s[neg])]), int(pos[np.argmin(s[pos])])]
    y2 = y.copy()
    y2[flips] *= -1
    return y2, flips


def perceptron(lr: float = 1.0, max_epochs: int = 20, seed: int = 0) -> dict[str, Trajectory]:
    """The separable run (with Novikoff's numbers in its info) and the run on flipped labels."""
    X, y = separable_data(seed=seed)
    sep = fit_perceptron(X, y, lr=lr, max_epochs=max_epochs, seed=seed)
    w_star, b_star, gamma = max_margin(X, y)
    R = float(np.max(np.linalg.norm(np.hstack([X, np.ones((len(X), 1))]), axis=1)))
    sep.info.update(novikoff={"R": R, "gamma": gamma, "w_star": w_star.tolist(),
                              "b_star": b_star, "bound": novikoff_bound(X, y, w_star, b_star)})
    y2, flips = flip_two(X, y)
    noisy = fit_perceptron(X, y2, lr=lr, max_epochs=max_epochs, seed=seed)
    noisy.info.update(flipped=flips)
    return {"separable": sep, "noisy": noisy}


def logistic_regression(lr: float = 6.0, n_steps: int = 5000) -> dict[str, Trajectory]:
    """Gradient descent from w = 0, b = 0 on the two min-max scaled features (``gd``), and
    the same descent with the weight gradient averaged over the features, as the notebook
    this book grew from computed it (``averaged``: w1 = w2 at every step)."""
    X, y, names = load_breast_cancer()
    Xs = minmax_scale(X[:, [names.index(f) for f in LOGISTIC_FEATURES]])  # (569, 2) in [0, 1]
    traj = fit_logistic(Xs, y, lr=lr, n_steps=n_steps)
    traj.info.update(features=list(LOGISTIC_FEATURES))
    avg = fit_logistic_averaged(Xs, y, lr=lr, n_steps=n_steps)
    avg.info.update(features=list(LOGISTIC_FEATURES))
    return {"gd": traj, "averaged": avg}


def softmax_regression(lr: float = 3.0, n_steps: int = 3000) -> dict[str, Trajectory]:
    """Gradient descent from W = 0, b = 0 on min-max scaled petal length and width."""
    X, y, names, species = load_iris()
    Xcm = X[:, [names.index(f) for f in SOFTMAX_FEATURES]]  # (150, 2) in cm
    Xs = minmax_scale(Xcm)  # (150, 2) in [0, 1]: (x - lo) / (hi - lo) per column
    traj = fit_softmax(Xs, y, n_classes=3, lr=lr, n_steps=n_steps)
    traj.info.update(features=list(SOFTMAX_FEATURES), species=list(species),
                     lo_cm=Xcm.min(axis=0).tolist(), hi_cm=Xcm.max(axis=0).tolist())
    return {"gd": traj}


NB_FEATURES = ("petal_length", "petal_width")


def naive_bayes(seed: int = 0) -> dict[str, Trajectory]:
    """Lecture 3.2's numbers: ten coin flips (``coin``); Gaussian Naive Bayes on Iris petal
    length and width in cm, the flowers arriving one at a time in a seeded order (``nb``), and
    on petal length alone (``nb_length``); softmax regression on the same two features, min-max
    scaled, as lecture 3.4 runs it (``softmax``); the MLE variance of five draws from N(0, 1),
    one sample and its average over 100,000 repeats (``bias``); and test accuracy against
    training-set size, Naive Bayes and logistic regression on all 30 breast-cancer features
    (``curve``)."""
    from algorithms.naive_bayes import fit_gaussian_nb, gaussian_nb_log_posterior

    rng = np.random.default_rng(seed)
    # ten flips of a coin whose heads probability is 0.65 (1 = heads)
    flips = (np.random.default_rng(seed + 1).random(10) < 0.65).astype(int)  # (10,)
    heads = np.r_[0, np.cumsum(flips)]  # (11,) heads after t flips
    t = np.arange(11)
    coin = Trajectory(steps={"flip": np.r_[-1, flips], "heads": heads,
                             "p_hat": np.where(t > 0, heads / np.maximum(t, 1), 0.5)},
                      info={"algorithm": "coin_mle", "p_true": 0.65, "seed": seed + 1})

    X, y, names, species = load_iris()
    Xcm = X[:, [names.index(f) for f in NB_FEATURES]]  # (150, 2) in cm
    order = rng.permutation(len(y))  # the order the flowers arrive in
    nb = fit_gaussian_nb(Xcm[order], y[order])
    nb.info.update(features=list(NB_FEATURES), species=list(species), order=order.tolist())
    nb_length = fit_gaussian_nb(Xcm[:, :1], y)
    nb_length.info.update(features=[NB_FEATURES[0]], species=list(species))
    Xs = minmax_scale(Xcm)  # (150, 2) in [0, 1], as lecture 3.4
    soft = fit_softmax(Xs, y, n_classes=3, lr=3.0, n_steps=3000)
    soft.info.update(features=list(NB_FEATURES), species=list(species),
                     lo_cm=Xcm.min(axis=0).tolist(), hi_cm=Xcm.max(axis=0).tolist())

    # the MLE variance is biased: five draws from N(0, 1), 100,000 times
    draws = np.random.default_rng(seed + 2).standard_normal((100_000, 5))  # (R, 5)
    mle_var = draws.var(axis=1)  # divides by 5
    bias = Trajectory(steps={"sample": draws[:1]},
                      result={"mean_mle_var": mle_var.mean(),
                              "mean_unbiased_var": draws.var(axis=1, ddof=1).mean()},
                      info={"algorithm": "mle_variance_bias", "n": 5, "repeats": 100_000,
                            "true_var": 1.0, "seed": seed + 2})

    # generative against discriminative: accuracy on 249 held-out tumours against the number
    # of training tumours, averaged over 12 random splits
    Xb, yb, _ = load_breast_cancer()
    Xb = minmax_scale(Xb)  # (569, 30)
    sizes = np.array([10, 20, 40, 80, 160, 320])
    reps, n_test = 12, len(yb) - 320
    acc = np.zeros((2, len(sizes)))
    split = np.random.default_rng(seed + 3)
    for _ in range(reps):
        idx = split.permutation(len(yb))
        test = idx[320:]  # (249,) never trained on
        for i, m in enumerate(sizes):
            train = idx[:m]  # the first m: each training set holds the smaller ones
            r = fit_gaussian_nb(Xb[train], yb[train]).result
            pred = np.argmax(gaussian_nb_log_posterior(r, Xb[test]), axis=1)
            acc[0, i] += np.mean(r["classes"][pred] == yb[test]) / reps
            lr = fit_logistic(Xb[train], yb[train], lr=6.0, n_steps=1000).result
            acc[1, i] += np.mean((Xb[test] @ lr["w"] + lr["b"] >= 0) == (yb[test] == 1)) / reps
    curve = Trajectory(steps={"m": sizes, "acc_nb": acc[0], "acc_logistic": acc[1]},
                       info={"algorithm": "learning_curve", "repeats": reps, "n_test": n_test,
                             "features": 30, "logistic_lr": 6.0, "logistic_steps": 1000,
                             "seed": seed + 3})
    return {"coin": coin, "nb": nb, "nb_length": nb_length, "softmax": soft, "bias": bias,
            "curve": curve}
