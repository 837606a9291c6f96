"""Logistic and softmax regression against independent references: scipy's expit and
logsumexp, central finite differences, Newton's method written here, scipy.optimize."""
import warnings

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import expit, log_expit, logsumexp

from algorithms.datasets import load_breast_cancer, make_blobs, minmax_scale
from algorithms.logistic_regression import (
    bce, bce_grad, cross_entropy, cross_entropy_grad, log_sigmoid, log_softmax,
    logistic_regression, sigmoid, softmax, softmax_regression,
)


def breast_cancer_2d():
    X, y, names = load_breast_cancer()
    cols = [names.index("mean_radius"), names.index("mean_texture")]
    return minmax_scale(X[:, cols]), y


def newton_logistic(X, y, n_iter=50):
    """Newton's method on the mean BCE, with the bias as a column of ones."""
    Xa = np.hstack([X, np.ones((len(X), 1))])  # (n, d+1)
    theta = np.zeros(Xa.shape[1])
    for _ in range(n_iter):
        p = 1.0 / (1.0 + np.exp(-(Xa @ theta)))
        g = Xa.T @ (p - y) / len(y)
        H = (Xa * (p * (1 - p))[:, None]).T @ Xa / len(y)  # (d+1, d+1)
        theta -= np.linalg.solve(H, g)
    return theta[:-1], theta[-1]


def fd_grad(f, x, h=1e-6):
    """Central finite differences of scalar f at array x (any shape)."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


# -- binary -----------------------------------------------------------------------------------
def test_sigmoid_and_log_loss_are_stable_for_huge_logits():
    z = np.array([-1000.0, -50.0, -1.0, 0.0, 2.0, 50.0, 1000.0])
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        p = sigmoid(z)
        ls = log_sigmoid(z)
        X = np.array([[1.0], [-1.0]])
        w = np.array([1000.0])
        right = bce(w, 0.0, X, np.array([1.0, 0.0]))  # logits +-1000, both right
        wrong = bce(w, 0.0, X, np.array([0.0, 1.0]))  # both wrong by a logit of 1000
        gw, gb = bce_grad(w, 0.0, X, np.array([0.0, 1.0]))
    np.testing.assert_allclose(p, expit(z), rtol=1e-15, atol=0)
    np.testing.assert_allclose(ls, log_expit(z), rtol=1e-14)
    assert right == pytest.approx(0.0, abs=1e-300) and right >= 0
    assert wrong == pytest.approx(1000.0)
    np.testing.assert_allclose(gw, [1.0])  # (p - y) x = (1 - 0) 1 and (0 - 1)(-1), averaged
    assert gb == pytest.approx(0.0, abs=1e-12)
    assert np.all((p >= 0) & (p <= 1))


def test_bce_matches_the_textbook_formula():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 3)), rng.integers(0, 2, 30).astype(float)
    w, b = rng.normal(size=3), 0.3
    p = 1 / (1 + np.exp(-(X @ w + b)))
    assert bce(w, b, X, y) == pytest.approx(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def test_bce_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(40, 3)), rng.integers(0, 2, 40).astype(float)
    w, b = rng.normal(size=3), -0.2
    gw, gb = bce_grad(w, b, X, y)
    np.testing.assert_allclose(gw, fd_grad(lambda v: bce(v, b, X, y), w), rtol=1e-6, atol=1e-9)
    assert gb == pytest.approx(fd_grad(lambda v: bce(w, v[0], X, y), np.array([b]))[0], rel=1e-6)
    # each weight has its own gradient component (not one value averaged over features)
    assert len(set(np.round(gw, 8))) == 3


def test_long_run_reaches_the_optimum_newton_finds():
    X, y = breast_cancer_2d()
    traj = logistic_regression(X, y, lr=10.0, n_steps=5000)
    assert traj.converged and not traj.diverged
    gw, gb = traj["grad_w"][-1], traj["grad_b"][-1]
    assert np.sqrt(np.sum(gw ** 2) + gb ** 2) < 1e-6
    w_star, b_star = newton_logistic(X, y)
    np.testing.assert_allclose(traj.result["w"], w_star, rtol=1e-5)
    assert traj.result["b"] == pytest.approx(b_star, rel=1e-5)
    # the two features get clearly different weights (a feature-averaged gradient keeps them equal)
    assert abs(w_star[0] - w_star[1]) > 5
    assert traj["loss"][-1] == pytest.approx(bce(w_star, b_star, X, y), rel=1e-9)
    # recorded loss and accuracy are those of each row's parameters
    for t in (0, 7, len(traj) - 1):
        assert traj["loss"][t] == pytest.approx(bce(traj["w"][t], traj["b"][t], X, y))
        p = expit(X @ traj["w"][t] + traj["b"][t])
        assert traj["accuracy"][t] == pytest.approx(np.mean((p >= 0.5) == (y == 1)))


def test_loss_never_increases_at_a_safe_step():
    X, y = breast_cancer_2d()
    Xa = np.hstack([X, np.ones((len(X), 1))])
    lr = 4.0 / np.linalg.eigvalsh(Xa.T @ Xa / len(y)).max()  # 1 / Lipschitz constant of the gradient
    traj = logistic_regression(X, y, lr=lr, n_steps=300)
    assert np.all(np.diff(traj["loss"]) <= 1e-12)
    assert traj["loss"][0] == pytest.approx(np.log(2))  # w = 0: p = 1/2 for everyone


def test_divergence_is_flagged_without_warnings():
    X, y = breast_cancer_2d()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = logistic_regression(X * 1e150, y, lr=1e160, n_steps=50)
    assert traj.diverged and not traj.converged
    assert all(np.all(np.isfinite(a)) for a in traj.steps.values())


# -- softmax ----------------------------------------------------------------------------------
def test_softmax_sums_to_one_and_is_stable():
    Z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1000.0], [1.0, 2.0, 3.0]])
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        P = softmax(Z)
        L = log_softmax(Z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(L, Z - logsumexp(Z, axis=1, keepdims=True), rtol=1e-12)
    assert np.all(np.isfinite(L)) and L[0, 2] == pytest.approx(-2000.0)
    np.testing.assert_allclose(P[1], [1 / 3] * 3)


def test_two_class_softmax_is_logistic_regression():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(25, 2)), rng.integers(0, 2, 25)
    W, b = rng.normal(size=(2, 2)), rng.normal(size=2)
    # softmax over two logits = sigmoid of their difference
    assert cross_entropy(W, b, X, y) == pytest.approx(
        bce(W[:, 1] - W[:, 0], b[1] - b[0], X, y.astype(float)))


def test_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(30, 2)), rng.integers(0, 3, 30)
    W, b = rng.normal(size=(2, 3)), rng.normal(size=3)
    gW, gb = cross_entropy_grad(W, b, X, y)
    np.testing.assert_allclose(gW, fd_grad(lambda V: cross_entropy(V, b, X, y), W), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(gb, fd_grad(lambda v: cross_entropy(W, v, X, y), b), rtol=1e-6, atol=1e-9)


def test_softmax_long_run_agrees_with_scipy():
    X, y = make_blobs(40, [[0.0, 0.0], [2.0, 0.5], [0.8, 2.0]], std=0.9, seed=4)  # overlapping
    traj = softmax_regression(X, y, n_classes=3, lr=2.0, n_steps=4000)
    assert traj.converged and traj.info["final_grad_norm"] < 1e-6
    assert traj["W"].shape == (4001, 2, 3) and traj["b"].shape == (4001, 3)

    def f(theta):  # the loss written again from scratch, for scipy
        W, b = theta[:6].reshape(2, 3), theta[6:]
        Z = X @ W + b
        return np.mean(logsumexp(Z, axis=1) - Z[np.arange(len(y)), y])

    ref = minimize(f, np.zeros(9), method="BFGS", options={"gtol": 1e-10}).x
    W_ref, b_ref = ref[:6].reshape(2, 3), ref[6:]
    # the optimum is unique only up to adding the same vector to every class: compare centred
    centre = lambda A: A - A.mean(axis=-1, keepdims=True)
    np.testing.assert_allclose(centre(traj.result["W"]), centre(W_ref), atol=1e-4)
    np.testing.assert_allclose(centre(traj.result["b"]), centre(b_ref), atol=1e-4)
    assert traj["loss"][-1] == pytest.approx(f(ref), rel=1e-8)
    assert traj["loss"][0] == pytest.approx(np.log(3))
    np.testing.assert_allclose(traj["W"].sum(axis=-1), 0.0, atol=1e-10)  # stays centred from 0
    acc = np.mean(np.argmax(X @ traj.result["W"] + traj.result["b"], axis=1) == y)
    assert traj["accuracy"][-1] == pytest.approx(acc)


def test_softmax_rejects_bad_labels():
    with pytest.raises(ValueError):
        softmax_regression(np.zeros((2, 1)), np.array([0, 3]), n_classes=3, lr=0.1, n_steps=1)


def test_training_from_huge_logits_stays_finite_and_silent():
    X = np.array([[1.0], [-1.0], [0.5]])
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        lr_traj = logistic_regression(X, np.array([0, 1, 0]), lr=0.1, n_steps=3,
                                      w0=np.array([1000.0]))
        sm_traj = softmax_regression(X, np.array([1, 0, 1]), n_classes=2, lr=0.1, n_steps=3,
                                     W0=np.array([[1000.0, -1000.0]]))
    for traj in (lr_traj, sm_traj):
        assert not traj.diverged
        assert all(np.all(np.isfinite(a)) for a in traj.steps.values())
    # both wrong by logits of 1000 / 2000 on two of three samples: the loss says so
    assert lr_traj["loss"][0] == pytest.approx((1000 + 1000 + np.log1p(np.exp(500))) / 3)
    assert sm_traj["loss"][0] == pytest.approx((2000 + 2000 + 1000) / 3)


# -- the one sigmoid and the one softmax every model uses ------------------------------------------
def test_sigmoid_is_exact_at_the_extremes_and_in_both_tails():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or underflow warning escapes
        ends = sigmoid(np.array([-1000.0, 1000.0, -np.inf, np.inf]))
        z = np.linspace(-700.0, 700.0, 14001)
        p = sigmoid(z)
    np.testing.assert_array_equal(ends, [0.0, 1.0, 0.0, 1.0])
    # relative accuracy even where sigma is ~1e-304 (0.5 (1 + tanh(z / 2)) would give 0 there)
    np.testing.assert_allclose(p, expit(z), rtol=4e-16, atol=0)


def test_softmax_of_huge_scores_is_finite_and_exact():
    from scipy.special import softmax as scipy_softmax

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        P = softmax(np.array([[1000.0, 0.0], [0.0, 1000.0], [1e300, -1e300]]))
    np.testing.assert_array_equal(P, [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    Z = np.random.default_rng(0).normal(0, 30, (50, 4))
    np.testing.assert_allclose(softmax(Z), scipy_softmax(Z, axis=1), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(softmax(Z + 1e3), softmax(Z), rtol=1e-10)  # shift-invariant


def test_every_model_uses_the_same_sigmoid_and_softmax():
    import algorithms.functions as fn
    import algorithms.logistic_regression as logit
    from algorithms.neural_network import MLP

    assert logit.sigmoid is fn.sigmoid and logit.softmax is fn.softmax
    X = np.random.default_rng(1).normal(0, 5, (20, 3))
    for output, squash in (("sigmoid", fn.sigmoid), ("softmax", fn.softmax)):
        mlp = MLP((3, 4), activation="sigmoid", output=output, seed=0)
        Z, A = mlp.forward(X)
        np.testing.assert_array_equal(A[1], squash(Z[1]))
    mlp = MLP((3, 4, 2), activation="sigmoid", seed=0)
    Z, A = mlp.forward(X)
    np.testing.assert_array_equal(A[1], fn.sigmoid(Z[1]))  # the hidden layer too
