"""PCA by power iteration: checked against numpy.linalg.eigh and a matrix of known spectrum."""
import numpy as np
import pytest

from algorithms.datasets import load_iris
from algorithms.pca import covariance, pca, power_iteration


def _known_spectrum(eigs, seed=0):
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((len(eigs), len(eigs))))
    return Q @ np.diag(eigs) @ Q.T, Q


@pytest.fixture(scope="module")
def iris():
    return load_iris()[0]


def test_covariance_is_numpy_cov(iris):
    sigma, mu = covariance(iris)
    np.testing.assert_allclose(sigma, np.cov(iris.T), rtol=1e-12)
    np.testing.assert_allclose(mu, iris.mean(axis=0))


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_pca_matches_eigh(iris, seed):
    traj = pca(iris, 4, seed=seed)
    r = traj.result
    lam, U = np.linalg.eigh(np.cov(iris.T))
    lam, U = lam[::-1], U[:, ::-1]  # descending
    np.testing.assert_allclose(r["explained_variance"], lam, rtol=1e-9)
    for j in range(4):  # up to sign
        assert abs(r["components"][j] @ U[:, j]) == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(r["components"] @ r["components"].T, np.eye(4), atol=1e-9)
    ratio = r["explained_variance_ratio"]
    np.testing.assert_allclose(ratio, lam / lam.sum(), rtol=1e-9)
    assert ratio.sum() <= 1 + 1e-12
    np.testing.assert_allclose(np.abs(r["scores"]), np.abs((iris - iris.mean(0)) @ U), atol=1e-8)
    assert traj.converged
    assert np.all(np.abs(r["components"]).argmax(1) == np.argmax(r["components"], axis=1))


def test_partial_ratios_sum_below_one(iris):
    r = pca(iris, 2).result
    assert 0 < r["explained_variance_ratio"].sum() < 1
    assert r["components"].shape == (2, 4) and r["scores"].shape == (150, 2)


def test_steps_end_on_the_components(iris):
    traj = pca(iris, 3, seed=2)
    comp = traj["component"]
    for j in range(3):
        rows = np.flatnonzero(comp == j)
        np.testing.assert_allclose(traj["v"][rows[-1]], traj.result["components"][j])
        assert traj["eigenvalue"][rows[-1]] == traj.result["explained_variance"][j]
        assert len(rows) == traj.result["n_iter"][j] + 1
    np.testing.assert_allclose(np.linalg.norm(traj["v"], axis=1), 1.0)


def test_power_iteration_rate_matches_eigenvalue_ratio():
    eigs = np.array([5.0, 4.0, 1.0, 0.5])
    A, Q = _known_spectrum(eigs)
    traj = power_iteration(A, n_iter=500, seed=3, tol=1e-12)
    assert traj.converged
    u1 = Q[:, 0]
    cos = np.abs(traj["v"] @ u1)
    tan = np.sqrt(np.maximum(1 - cos ** 2, 0)) / cos  # (T,) angle error to the top eigenvector
    t = np.arange(len(tan))
    late = (t > 20) & (tan > 1e-7)  # past the transient, before round-off
    slope = np.polyfit(t[late], np.log(tan[late]), 1)[0]
    assert np.exp(slope) == pytest.approx(4.0 / 5.0, rel=0.01)
    assert traj.result["eigenvalue"] == pytest.approx(5.0, rel=1e-12)
    # the Rayleigh quotient converges at the squared rate
    err = np.abs(traj["eigenvalue"] - 5.0)
    late = (t > 20) & (err > 1e-10)
    slope = np.polyfit(t[late], np.log(err[late]), 1)[0]
    assert np.exp(slope) == pytest.approx((4.0 / 5.0) ** 2, rel=0.02)


def test_power_iteration_faster_with_larger_gap():
    slow = power_iteration(_known_spectrum([5.0, 4.5, 1.0])[0], seed=0)
    fast = power_iteration(_known_spectrum([5.0, 1.0, 0.5])[0], seed=0)
    assert slow.converged and fast.converged
    assert fast.info["n_iter"] < slow.info["n_iter"] / 4


def test_power_iteration_degenerate_inputs_no_nan():
    with np.errstate(divide="raise", invalid="raise", over="raise"):
        zero = power_iteration(np.zeros((3, 3)), seed=0)
    assert zero.converged and zero.result["eigenvalue"] == 0.0
    tie = power_iteration(np.diag([2.0, -2.0]), n_iter=50, seed=0)  # |lambda1| = |lambda2|
    assert not tie.converged and tie.info["n_iter"] == 50
    assert np.all(np.isfinite(tie["v"]))


def test_deterministic(iris):
    assert pca(iris, 2, seed=4).equals(pca(iris, 2, seed=4))
