"""Every number lecture 3.2 (maximum likelihood and Naive Bayes) says or shows, checked against
independent references: scipy.optimize for the maximum likelihood estimates, scipy.stats.norm for
the densities, Bayes' rule by explicit products, numpy's cov/corrcoef, counting parameters by
enumeration, and a learning-curve point recomputed here.

The numbers come from ``scenes.chapter3.naive_bayes.lecture_numbers`` (computed from the
trajectories of ``scenes.chapter3.trajectories.naive_bayes``); the values quoted in the comments
are the ones the narration speaks.
"""
import itertools

import numpy as np
import pytest
from scipy.optimize import minimize, minimize_scalar
from scipy.stats import norm

from algorithms.datasets import load_breast_cancer, load_iris, minmax_scale
from algorithms.logistic_regression import logistic_regression
from scenes.catalog import find_lecture
from scenes.chapter3.trajectories import naive_bayes

lecture_numbers = pytest.importorskip("scenes.chapter3.naive_bayes").lecture_numbers


@pytest.fixture(scope="module")
def runs():
    return find_lecture("chapter3/naive_bayes")[1].trajectories()


@pytest.fixture(scope="module")
def N(runs):
    return lecture_numbers(runs)


@pytest.fixture(scope="module")
def iris():
    X, y, names, _ = load_iris()
    return X[:, [names.index("petal_length"), names.index("petal_width")]], y


def test_catalogue_runs_are_the_function_defaults(runs):
    ref = naive_bayes()
    for name in runs:
        for key in runs[name].steps:
            np.testing.assert_array_equal(runs[name][key], ref[name][key])


def test_coin_mle_is_the_argmax_of_the_likelihood(N):
    flips = N["flips"]
    assert N["n"] == 10 and N["h"] == int(flips.sum()) == 7          # "Ten flips, 7 heads"
    nll = lambda p: -np.sum(flips * np.log(p) + (1 - flips) * np.log(1 - p))  # noqa: E731
    opt = minimize_scalar(nll, bounds=(1e-6, 1 - 1e-6), method="bounded",
                          options={"xatol": 1e-10})
    assert opt.x == pytest.approx(N["p_hat"], abs=1e-6) and f"{N['p_hat']:.1f}" == "0.7"
    # "even at its peak it is only 0.0022": the product of the ten factors
    prod = np.prod([0.7 if f else 0.3 for f in flips])
    assert N["lik_peak"] == pytest.approx(prod, rel=1e-12) and f"{N['lik_peak']:.4f}" == "0.0022"
    assert N["loglik_peak"] == pytest.approx(np.log(prod))
    # the slope h/p - (n-h)/(1-p) is positive left of the peak, negative right, zero at it
    slope = lambda p: 7 / p - 3 / (1 - p)  # noqa: E731
    assert slope(0.45) > 0 > slope(0.9) and slope(0.7) == pytest.approx(0, abs=1e-12)
    h = 1e-6
    assert slope(0.45) == pytest.approx((nll(0.45 - h) - nll(0.45 + h)) / (2 * h), rel=1e-5)


def test_gaussian_mle_of_the_versicolor_lengths(N, iris):
    X, y = iris
    xv = X[y == 1, 0]
    assert N["n_v"] == 50
    nll = lambda t: -np.sum(norm.logpdf(xv, t[0], np.exp(t[1])))  # noqa: E731
    opt = minimize(nll, [3.5, np.log(0.3)], method="Nelder-Mead",
                   options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 5000})
    assert opt.x[0] == pytest.approx(N["mu_v"], abs=1e-6)            # "4.26 centimetres"
    assert np.exp(opt.x[1]) ** 2 == pytest.approx(N["var_v"], rel=1e-5)
    assert f"{N['mu_v']:.2f}" == "4.26" and f"{N['var_v']:.3f}" == "0.216"
    assert f"{N['s_v']:.3f}" == "0.465"
    assert N["var_v"] == pytest.approx(np.var(xv, ddof=0))
    # "differ by only 2 percent" (n / (n - 1) for fifty flowers)
    assert np.var(xv, ddof=1) / np.var(xv, ddof=0) == pytest.approx(N["unbiased_ratio"])
    assert f"{100 * (N['unbiased_ratio'] - 1):.0f}" == "2"


def test_bias_of_the_mle_variance(N):
    s5, xbar = N["sample5"], N["xbar"]
    assert len(s5) == 5
    # the sum of squares about x bar is smaller than about the true mean (0), by n xbar^2
    assert N["ss_xbar"] == pytest.approx(np.sum((s5 - s5.mean()) ** 2))
    assert N["ss_mu"] == pytest.approx(np.sum(s5 ** 2)) and N["ss_xbar"] <= N["ss_mu"]
    assert N["ss_mu"] - N["ss_xbar"] == pytest.approx(5 * xbar ** 2)
    # E[s2_mle] = (n-1)/n = 0.8; the 100,000-sample averages within 3 standard errors
    assert N["repeats"] == 100_000
    se = np.sqrt(2 * 4 / 25 / N["repeats"])  # sd of s2_mle for n = 5: sqrt(2(n-1))/n
    assert abs(N["mean_mle_var"] - 0.8) < 3 * se and f"{N['mean_mle_var']:.2f}" == "0.80"
    assert N["mean_unbiased_var"] == pytest.approx(N["mean_mle_var"] * 5 / 4)
    assert f"{N['mean_unbiased_var']:.2f}" == "1.00"


def bayes_products(priors, means, sds, x):
    joint = np.array([priors[k] * np.prod(norm.pdf(x, means[k], sds[k])) for k in range(3)])
    return joint / joint.sum()


def test_bayes_as_areas_on_petal_length(N, iris):
    X, y = iris
    L = X[:, 0]
    means = np.array([L[y == k].mean() for k in range(3)])
    sds = np.array([L[y == k].std() for k in range(3)])
    dens = norm.pdf(4.8, means, sds)
    np.testing.assert_allclose(N["priors1"], [np.mean(y == k) for k in range(3)])  # "a third each"
    np.testing.assert_allclose(N["priors1"], 1 / 3)
    np.testing.assert_allclose(N["dens"], dens, rtol=1e-6, atol=1e-12)
    assert dens[0] < 1e-10                                     # setosa: "essentially zero"
    assert [f"{v:.2f}" for v in N["dens"][1:]] == ["0.44", "0.28"]
    post = bayes_products([1 / 3] * 3, means, sds, np.array([4.8]))
    np.testing.assert_allclose(N["post1"], post, rtol=1e-6, atol=1e-12)
    assert f"{100 * post[1]:.0f}" == "61" and f"{100 * post[2]:.0f}" == "39"
    # the posterior is the filled share of the square: area = width (prior) x height
    areas = np.array([1 / 3, 1 / 3, 1 / 3]) * dens
    np.testing.assert_allclose(areas / areas.sum(), post, rtol=1e-9)
    # virginica twice as common: "tip to virginica: 56 percent"
    alt = bayes_products([0.25, 0.25, 0.5], means, sds, np.array([4.8]))
    np.testing.assert_allclose(N["post1_alt"], alt, rtol=1e-6, atol=1e-12)
    assert f"{100 * alt[2]:.0f}" == "56" and alt[2] > 0.5 > post[2]


def test_two_features_the_flower_and_the_accuracy(N, iris):
    X, y = iris
    means = np.array([X[y == k].mean(axis=0) for k in range(3)])
    sds = np.array([X[y == k].std(axis=0) for k in range(3)])
    np.testing.assert_allclose(N["means"], means, rtol=1e-12)
    post = bayes_products([1 / 3] * 3, means, sds, np.array([4.8, 1.7]))
    np.testing.assert_allclose(N["post2"], post, rtol=1e-6, atol=1e-12)
    assert f"{100 * post[2]:.0f}" == "58" and post[2] > post[1]         # "tips it to virginica"
    pred = [np.argmax(bayes_products([1 / 3] * 3, means, sds, x)) for x in X]
    assert N["n_correct"] == int(np.sum(np.array(pred) == y)) == 144    # "144 ... 96 percent"
    assert N["n_flowers"] == 150


def test_naive_assumption_numbers(N, iris):
    X, y = iris
    Xv = X[y == 1]
    r = np.sum((Xv[:, 0] - Xv[:, 0].mean()) * (Xv[:, 1] - Xv[:, 1].mean())) / np.sqrt(
        np.sum((Xv[:, 0] - Xv[:, 0].mean()) ** 2) * np.sum((Xv[:, 1] - Xv[:, 1].mean()) ** 2))
    assert N["corr_v"] == pytest.approx(r) and f"{N['corr_v']:.2f}" == "0.79"
    for D in (2, 30):  # count the distinct entries: D means + the upper triangle of a covariance
        full = D + len(list(itertools.combinations_with_replacement(range(D), 2)))
        assert N["params"][D] == (full, 2 * D)
    assert N["params"][2] == (5, 4) and N["params"][30] == (495, 60)


def test_streaming_converges(N, runs):
    nb = runs["nb"]
    X, y = nb.data["X"], nb.data["y"]
    t = N["t_near"]
    assert t == 30
    drift = 0.0
    for k in range(3):
        assert N["counts_near"][k] >= 2  # every species has an ellipse by then
        sub = X[:t][y[:t] == k]
        drift = max(drift, np.abs(sub.mean(axis=0) - X[y == k].mean(axis=0)).max())
    assert N["drift_near"] == pytest.approx(drift, rel=1e-9)
    assert f"{N['drift_near']:.2f}" == "0.17"              # "within 0.17 centimetres"
    np.testing.assert_allclose(N["priors"], [1 / 3] * 3)                  # "a third each"


def test_softmax_regression_agrees(N, iris):
    X, y = iris
    Z = ((X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))) @ N["W"] + N["b"]
    assert N["soft_correct"] == int(np.sum(np.argmax(Z, axis=1) == y))
    assert abs(N["soft_correct"] - N["n_correct"]) <= 3                   # "nearly agree"


def test_learning_curves(N, runs):
    m, a_nb, a_lr = N["m"], N["acc_nb"], N["acc_lr"]
    np.testing.assert_array_equal(m, [10, 20, 40, 80, 160, 320])
    i20 = 1
    # "with 20 tumours it is at 91 percent, level with logistic regression"
    assert f"{100 * a_nb[i20]:.0f}" == f"{100 * a_lr[i20]:.0f}" == "91"
    # "barely improves after that": within 1.5 points from 20 to 320
    assert np.max(a_nb[i20:]) - a_nb[i20] < 0.015
    # "Logistic regression keeps using the extra data: 96.8 against 92.0"
    assert np.all(np.diff(a_lr) > 0)
    assert f"{100 * a_lr[-1]:.1f}" == "96.8" and f"{100 * a_nb[-1]:.1f}" == "92.0"
    # one split recomputed here: the first of the 12, the largest training set
    Xb, yb, names = load_breast_cancer()
    Xb = minmax_scale(Xb)
    idx = np.random.default_rng(3).permutation(len(yb))
    train, test = idx[:320], idx[320:]
    assert len(test) == N["n_test"] == 249
    means = np.array([Xb[train][yb[train] == k].mean(axis=0) for k in (0, 1)])
    var = np.array([Xb[train][yb[train] == k].var(axis=0) for k in (0, 1)])
    var += 1e-9 * Xb[train].var(axis=0).max()
    prior = np.array([np.mean(yb[train] == k) for k in (0, 1)])
    logj = np.log(prior) + np.array([norm.logpdf(Xb[test], means[k], np.sqrt(var[k])).sum(1)
                                     for k in (0, 1)]).T
    acc_nb = np.mean(np.argmax(logj, axis=1) == yb[test])
    lr = logistic_regression(Xb[train], yb[train], lr=6.0, n_steps=1000).result
    acc_lr = np.mean((Xb[test] @ lr["w"] + lr["b"] >= 0) == (yb[test] == 1))
    assert acc_lr > acc_nb  # the same order as the average, on this split
    # "mean radius and mean perimeter have correlation 0.998"
    r = np.corrcoef(Xb[:, names.index("mean_radius")], Xb[:, names.index("mean_perimeter")])[0, 1]
    assert N["r_radius_perimeter"] == pytest.approx(r) and f"{r:.3f}" == "0.998"
