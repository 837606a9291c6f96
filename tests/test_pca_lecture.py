"""Every number lecture 2.2 (principal component analysis) says or shows, checked against an
independent reference: numpy.linalg.eigh, numpy.var/numpy.cov, closed forms of power iteration.

The numbers come from ``scenes.chapter2.pca.lecture_numbers`` (computed from the trajectories
of ``scenes.chapter2.trajectories.pca``); the values in the comments are the ones spoken.
"""
import numpy as np
import pytest

from algorithms.datasets import load_iris
from algorithms.pca import power_iteration
from scenes.chapter2.trajectories import correlated_cloud, pca

pca_lecture = pytest.importorskip("scenes.chapter2.pca")
lecture_numbers, speak = pca_lecture.lecture_numbers, pca_lecture.speak


@pytest.fixture(scope="module")
def runs():
    return pca()


@pytest.fixture(scope="module")
def N(runs):
    return lecture_numbers(runs)


@pytest.fixture(scope="module")
def eig(N):
    """The cloud's covariance from numpy.cov and its eigen-decomposition, descending."""
    S = np.cov(correlated_cloud(200, 30.0, 0.45, 3).T)
    lam, U = np.linalg.eigh(S)
    return S, lam[::-1], U[:, ::-1]


def test_cloud_mean_and_covariance(N, eig):
    X = correlated_cloud(200, 30.0, 0.45, 3)
    assert N["n"] == 200
    np.testing.assert_allclose(N["mu"], X.mean(0), rtol=1e-12)
    assert [f"{m:.2f}" for m in N["mu"]] == ["2.51", "1.54"]          # "(2.51, 1.54)"
    np.testing.assert_allclose(N["Sig"], eig[0], rtol=1e-12)
    assert [f"{N['Sig'][i, j]:.2f}" for i, j in ((0, 0), (1, 1), (0, 1))] == \
        ["1.94", "0.91", "0.84"]                                         # diagonal, covariance


def test_variance_curve_is_the_quadratic_form(N, eig):
    S, lam, U = eig
    th = np.radians(N["thetas"])
    V = np.c_[np.cos(th), np.sin(th)]
    quad = np.einsum("ai,ij,aj->a", V, S, V)                           # v^T Sigma v
    np.testing.assert_allclose(N["var"], quad, rtol=1e-10)
    proj = N["Xc"] @ V.T                                                 # (n, A) shadows
    np.testing.assert_allclose(N["var"], np.var(proj, axis=0, ddof=1), rtol=1e-10)
    # the peak and the valley are the eigen-directions and eigenvalues
    assert f"{N['theta_max']:.1f}" == "29.4" and f"{N['theta_min']:.1f}" == "119.4"
    top = np.degrees(np.arctan2(U[1, 0], U[0, 0])) % 180
    assert N["theta1"] == pytest.approx(top, abs=1e-7)
    assert abs(N["theta_max"] - top) <= 0.05 + 1e-9
    assert N["var_max"] == pytest.approx(lam[0], rel=1e-5) and f"{lam[0]:.2f}" == "2.41"
    assert N["var_min"] == pytest.approx(lam[1], rel=1e-5) and f"{lam[1]:.2f}" == "0.44"
    np.testing.assert_allclose(N["lam"], lam, rtol=1e-9)
    assert N["theta2"] == pytest.approx(N["theta1"] + 90, abs=1e-6)


def test_lagrange_condition_holds_at_the_peak_only(N, eig):
    """d var / d theta = 2 v_perp^T Sigma v: zero exactly where Sigma v is parallel to v."""
    S = eig[0]
    th = np.radians(N["thetas"])
    V = np.c_[np.cos(th), np.sin(th)]
    P = np.c_[-np.sin(th), np.cos(th)]
    rate = 2 * np.einsum("ai,ij,aj->a", P, S, V)
    fd = np.gradient(N["var"], th)
    np.testing.assert_allclose(rate[1:-1], fd[1:-1], atol=1e-4)
    v1 = N["V"][0]
    np.testing.assert_allclose(S @ v1, N["lam"][0] * v1, atol=1e-9)     # Sigma v = lambda v


def test_power_iteration_error_shrinks_by_the_eigenvalue_ratio(N, eig):
    S, lam, U = eig
    r = lam[1] / lam[0]
    assert N["ratio"] == pytest.approx(r, rel=1e-9) and f"{r:.2f}" == "0.18"
    assert N["T"] == 15                                                  # "after 15 steps"
    assert f"{N['theta0']:.1f}" == "-51.4"                               # the start
    # closed form: tan phi_t = (c2 / c1) (lambda2 / lambda1)^t, from the start vector alone
    v0 = N["v_run"][0]
    c1, c2 = v0 @ U[:, 0], v0 @ U[:, 1]
    t = np.arange(N["T"] + 1)
    np.testing.assert_allclose(N["err"], np.abs(c2 / c1) * r ** t, rtol=1e-6)
    np.testing.assert_allclose(N["err_ratio"], r, rtol=1e-5)            # each step: 0.18
    assert N["err"][-1] < 1e-10                                          # "below 1e-10"
    # the same run started afresh from v0 by the library gives the same rows
    again = power_iteration(S, v0=v0, tol=1e-10)
    np.testing.assert_allclose(again["v"], N["v_run"], atol=1e-12)
    assert f"{N['lam_run'][-1]:.2f}" == "2.41"
    assert [f"{x:.2f}" for x in N["V"][0]] == ["0.87", "0.49"]           # v1 = (0.87, 0.49)


def test_deflation_leaves_the_second_component(N, eig):
    S, lam, U = eig
    S2 = N["Sig2"]
    np.testing.assert_allclose(S2, lam[1] * np.outer(U[:, 1], U[:, 1]), atol=1e-9)
    np.testing.assert_allclose(S2 @ U[:, 0], 0, atol=1e-9)
    assert np.linalg.eigvalsh(S2)[-1] == pytest.approx(lam[1], rel=1e-9)
    assert N["T2"] == 1                                                  # "1 step"
    assert abs(N["v_run2"][-1] @ U[:, 1]) == pytest.approx(1, abs=1e-9)


def test_iris_runs_and_shares(N):
    X = load_iris()[0]
    lam = np.linalg.eigvalsh(np.cov(X.T))[::-1]
    np.testing.assert_allclose(N["iris_lam"], lam, rtol=1e-9)
    share = lam / lam.sum()
    assert [f"{100 * s:.1f}" for s in N["iris_share"]] == [f"{100 * s:.1f}" for s in share] \
        == ["92.5", "5.3", "1.7", "0.5"]
    assert f"{100 * N['iris_keep']:.1f}" == "97.8"
    ratios = lam[1:] / lam[:-1]
    assert [f"{x:.2f}" for x in N["iris_ratios"]] == [f"{x:.2f}" for x in ratios] \
        == ["0.06", "0.32", "0.30"]
    assert N["iris_steps"] == [8, 21, 22, 1]
    # each run's residual ends up shrinking by its own ratio of eigenvalues
    np.testing.assert_allclose(N["iris_res_ratio"], ratios, rtol=1e-3)
    assert f"{N['iris_v1'][2]:.2f}" == "0.86" and np.argmax(np.abs(N["iris_v1"])) == 2
    S = (X - X.mean(0)) @ np.linalg.eigh(np.cov(X.T))[1][:, ::-1][:, :2]
    np.testing.assert_allclose(np.abs(N["iris_scores"]), np.abs(S), atol=1e-8)


def test_species_colours_are_the_books():
    from scenes import style
    names = load_iris()[3]
    assert [style.SPECIES_COLORS[n] for n in names] == style.CLASS_COLORS[:3]


def test_the_voice_reads_the_symbols():
    said = speak("{a} vᵀΣv = λ vᵀv, λ₂/λ₁ = 0.18, x̃ᵢᵀv at -51.4°")
    assert "{a}" in said and "sigma" in said and "lambda two over lambda one" in said
    assert "transpose" in said and "x tilde i" in said and "degrees" in said
    assert not any(c in said for c in "ᵀΣλ₁₂ᵢ°")
