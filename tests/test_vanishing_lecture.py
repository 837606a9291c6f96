"""Every number lecture 4.3 (depth and vanishing gradients) says or shows, checked against an
independent reference: finite differences of the loss, the chain rule written out by hand,
closed forms for the logistic slope, and the MLP of ``algorithms.neural_network``.

The numbers come from ``scenes.chapter4.vanishing_gradients.lecture_numbers`` (computed from
``scenes.chapter4.trajectories.vanishing_gradients``); the comments quote what the narration
says at the catalogue's defaults.
"""
import numpy as np
import pytest
from scipy.special import expit

from algorithms.datasets import make_xor
from algorithms.neural_network import MLP
from scenes.chapter4.trajectories import (DEEP_XOR_POINTS, PROFILE_WIDTH, PROFILES,
                                          vanishing_gradients)

lecture = pytest.importorskip("scenes.chapter4.vanishing_gradients")
lecture_numbers, about = lecture.lecture_numbers, lecture.about


@pytest.fixture(scope="module")
def runs():
    return vanishing_gradients()


@pytest.fixture(scope="module")
def N(runs):
    return lecture_numbers(runs)


@pytest.fixture(scope="module")
def xor():
    return make_xor(DEEP_XOR_POINTS, noise=0.2, seed=0)


def per_sample_deltas(W, b, act, residual, X, y, h=1e-5):
    """dL/dz^l (N, n_l) by central differences, one sample at a time (the loss is a mean over
    samples, so sample i's entries only move through its own term)."""
    f = {"sigmoid": expit, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[act]
    L = len(W)
    n = X.shape[0]

    def term(x, t, l_shift, shift):  # one sample's loss, shifted at z^l
        a = x
        for l in range(1, L + 1):
            z = W[l - 1] @ a + b[l - 1]
            if l == l_shift:
                z = z + shift
            if l == L:
                p = expit(z[0])
                return -(t * np.log(p) + (1 - t) * np.log(1 - p)) / n
            out = f(z)
            a = out + a if (residual and 1 < l and W[l - 1].shape[0] == W[l - 1].shape[1]) else out

    out = []
    for l in range(1, L + 1):
        n_l = W[l - 1].shape[0]
        g = np.zeros((n, n_l))
        for i in range(n):
            for j in range(n_l):
                e = np.zeros(n_l)
                e[j] = h
                g[i, j] = (term(X[i], y[i], l, e) - term(X[i], y[i], l, -e)) / (2 * h)
        out.append(g)
    return out


def weights(name, depth, seed, X):
    """The initial weights of profile ``name``, drawn here as the algorithm documents."""
    act, gain, skip = PROFILES[name]
    sizes = (X.shape[1],) + (PROFILE_WIDTH,) * depth + (1,)
    rng = np.random.default_rng(seed)
    W = [rng.normal(0.0, np.sqrt(gain / a), size=(c, a)) for a, c in zip(sizes[:-1], sizes[1:])]
    return W, [np.zeros(c) for c in sizes[1:]], act, skip


# -- the runs: tanh learns XOR, the sigmoid twin stays a constant guess ---------------------------
def test_the_tanh_network_learns_and_the_sigmoid_one_guesses(N, runs):
    assert N["n"] == 200 and N["depth"] == 5 and N["L"] == 6
    assert N["acc_tanh"] == 1.0                              # "all of them on the right side"
    assert f"{N['L_tanh']:.4f}" == "0.0006"                  # "falls to 0.0006"
    assert f"{N['L_sig']:.3f}" == "0.691"                    # "stays at 0.691"
    y = runs["layers"].data["y"]
    p = float(np.mean(y))                                    # "0.465"
    assert f"{N['p1']:.3f}" == "0.465"
    # the loss of predicting p for every point, summed by hand
    const = -np.mean(np.where(y == 1, np.log(p), np.log(1 - p)))
    assert N["entropy"] == pytest.approx(const, rel=1e-12)
    assert abs(N["L_sig"] - const) < 1e-3                    # "the loss of a constant guess"
    assert N["acc_sig"] == pytest.approx(max(p, 1 - p))      # "no better than saying class 0"
    assert f"{100 * N['acc_sig']:.1f}" == "53.5"
    mlp = MLP(tuple(runs["sigmoid"].info["sizes"]), activation="sigmoid", output="sigmoid")
    pred = mlp.set_params(runs["sigmoid"]["theta"][-1]).predict(runs["layers"].data["X"])
    assert np.ptp(pred) < 0.02 and abs(pred.mean() - p) < 0.01   # constant, at the fraction


# -- the narrow networks' per-layer gradients ------------------------------------------------------
def test_narrow_profiles_match_finite_differences(N, runs, xor):
    X, y = xor
    for act, key in (("tanh", "narrow_tanh"), ("sigmoid", "narrow_sig")):
        mlp = MLP(tuple(runs[act].info["sizes"]), activation=act, output="sigmoid")
        mlp.set_params(runs[act]["theta"][0])
        fd = per_sample_deltas(mlp.W, mlp.b, act, False, X, y)
        ref = np.array([np.linalg.norm(g) for g in fd])
        assert np.allclose(N[key], ref, rtol=1e-4)
    assert about(1 / N["r_narrow_tanh"]) == "98"             # "one part in 98"
    assert about(1 / N["r_narrow_sig"]) == "68,000"          # "one part in 68,000"
    # the bound: |delta^1| <= |delta^L| prod ||W^{l+1}|| (1/4)^5, and the slopes' share
    bound = np.prod(N["W_norms"][1:]) * N["quarter"]
    assert N["r_narrow_sig"] <= bound
    assert N["r_narrow_sig"] < N["quarter"]                  # "falls even further"


def test_one_quarter_to_the_fifth(N):
    assert N["four"] == 1024 and N["quarter"] == pytest.approx(1 / 1024)
    assert f"{N['quarter']:.5f}" == "0.00098" and f"{N['quarter']:.1g}" == "0.001"
    z = np.linspace(-8, 8, 160001)
    s = expit(z) * (1 - expit(z))                            # sigma' = sigma (1 - sigma)
    fd = (expit(z + 1e-6) - expit(z - 1e-6)) / 2e-6
    assert np.allclose(s, fd, atol=1e-9)
    assert s.max() == pytest.approx(0.25) and z[np.argmax(s)] == pytest.approx(0, abs=1e-4)
    assert (1 - np.tanh(0.0) ** 2) == 1.0                    # "tanh's slope reaches one"


# -- the wide networks: plain sigmoid and the fixes ------------------------------------------------
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "residual"])
def test_wide_profiles_match_finite_differences(N, xor, name):
    X, y = xor
    idx = np.random.default_rng(0).choice(len(X), 25, replace=False)
    W, b, act, skip = weights(name, N["depth"], 3, X)
    # every entry of the norm needs every sample: compare on a subset of the samples by running
    # the library on the same subset
    from algorithms.deep_networks import gradient_profile
    sub = gradient_profile(X[idx], y[idx], activation=act, gain=0, residual=skip, W=W, b=b)
    fd = per_sample_deltas(W, b, act, skip, X[idx], y[idx])
    assert np.allclose(sub["delta"], [np.linalg.norm(g) for g in fd], rtol=1e-4)
    # and the lecture's numbers are the library's on the full data with these weights
    full = gradient_profile(X, y, activation=act, gain=0, residual=skip, W=W, b=b)
    assert np.allclose(N["delta"][name], full["delta"], rtol=1e-12)


def test_the_spoken_comparisons(N):
    r, f = N["ratio"], N["per_layer"]
    assert f"{1 / f['sigmoid']:.0f}" == "4"                   # "a factor of about 4 per layer"
    assert 3.5 < 1 / f["sigmoid"] < 4.5
    assert about(1 / r["sigmoid"]) == "1,300"                # "one part in 1,300"
    assert f"{1 / f['tanh_small']:.0f}" == "2"                # "about a factor 2 per layer"
    assert f"{r['tanh']:.2f}" == "0.54"                      # "keeps 0.54 of the output's"
    assert f"{r['relu']:.2f}" == "1.02"                      # "1.02 times ... flat"
    d = np.log10(N["delta"]["relu"])
    assert np.ptp(d) < 0.15                                  # flat: within 1.4x across layers
    assert f"{r['relu_big']:.1f}" == "6.0"                   # "layer 1 gets 6.0 times"
    assert f["relu_big"] == pytest.approx(np.sqrt(2), rel=0.1)   # "about the square root of 2"
    assert np.all(np.diff(np.log10(N["delta"]["relu_big"])) < 0)  # grows toward layer 1
    assert about(r["residual"], 2) == "0.24"                 # "0.24: about one quarter"
    assert abs(r["residual"] - 0.25) < 0.02
    d = np.log10(N["delta"]["residual"][:-1])                 # the residual layers: flat
    assert np.ptp(d) < 0.2
    # the sigmoid keeps falling with the same 1/n weights that keep tanh flat
    assert np.all(np.diff(np.log10(N["delta"]["sigmoid"])) > 0.5)


def test_variance_is_kept_by_one_over_n(xor):
    """Var(z) = n Var(w) E[a^2]: with Var(w) = 1/n, z's second moment equals the inputs'."""
    rng = np.random.default_rng(0)
    n = 400
    a = rng.normal(0.3, 1.0, size=(5000, n))                 # any inputs
    W = rng.normal(0, np.sqrt(1 / n), size=(n, n))
    z = a @ W.T
    assert np.mean(z ** 2) == pytest.approx(np.mean(a ** 2), rel=0.1)
