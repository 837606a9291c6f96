"""Gaussian Naive Bayes against independent references: the closed-form MLEs written with
numpy's own mean/var per class, scipy.stats.norm.logpdf, and Bayes' rule computed here by
explicit products of densities (no logarithms, no logsumexp)."""
import numpy as np
import pytest
from scipy.stats import norm

from algorithms.datasets import load_iris
from algorithms.naive_bayes import (
    fit_gaussian_nb, gaussian_log_pdf, gaussian_nb_joint_log_likelihood,
    gaussian_nb_log_posterior,
)


@pytest.fixture(scope="module")
def iris():
    X, y, *_ = load_iris()
    return X, y


def closed_form(X, y, var_smoothing=1e-9):
    """The MLEs per class, written with numpy's mean and var (ddof=0 divides by n_k)."""
    classes = np.unique(y)
    eps = var_smoothing * max(np.var(X[:, j]) for j in range(X.shape[1]))
    means = np.array([X[y == c].mean(axis=0) for c in classes])
    variances = np.array([X[y == c].var(axis=0, ddof=0) for c in classes]) + eps
    priors = np.array([np.mean(y == c) for c in classes])
    return classes, means, variances, priors, eps


def bayes_by_products(means, variances, priors, X):
    """p(k | x) = pi_k prod_j N(x_j) / sum_k' (...): the textbook rule, by multiplication."""
    K = len(priors)
    post = np.zeros((len(X), K))
    for i, x in enumerate(X):
        joint = np.array([priors[k] * np.prod([norm.pdf(x[j], means[k, j],
                                                        np.sqrt(variances[k, j]))
                                               for j in range(X.shape[1])]) for k in range(K)])
        post[i] = joint / joint.sum()
    return post


def test_estimates_are_the_closed_form_mles(iris):
    X, y = iris
    traj = fit_gaussian_nb(X, y)
    classes, means, variances, priors, eps = closed_form(X, y)
    np.testing.assert_array_equal(traj.result["classes"], classes)
    np.testing.assert_allclose(traj.result["means"], means, rtol=1e-12)
    np.testing.assert_allclose(traj.result["variances"], variances, rtol=1e-10)
    np.testing.assert_allclose(traj.result["priors"], priors, rtol=1e-12)
    assert traj.result["epsilon"] == pytest.approx(eps, rel=1e-12)
    assert traj.result["means"].shape == (3, 4) and traj.result["priors"].shape == (3,)
    # the MLE divides by n_k, not n_k - 1 (the unbiased one would be 50/49 times larger)
    unbiased = np.array([X[y == c].var(axis=0, ddof=1) for c in classes])
    assert np.all(traj.result["variances"] < unbiased)


def test_classes_are_sorted_whatever_the_label_order():
    rng = np.random.default_rng(3)
    y = rng.choice(np.array([7, -2, 30]), size=60)
    X = rng.normal(size=(60, 2)) + y[:, None] * 0.1
    traj = fit_gaussian_nb(X, y)
    classes, means, variances, priors, _ = closed_form(X, y)
    np.testing.assert_array_equal(traj.result["classes"], [-2, 7, 30])
    np.testing.assert_allclose(traj.result["means"], means, rtol=1e-12)
    np.testing.assert_allclose(traj.result["variances"], variances, rtol=1e-10)
    np.testing.assert_allclose(traj.result["priors"], priors)


def test_var_smoothing_is_scikit_learns(iris):
    X, y = iris
    X = np.c_[X, np.full(len(X), 2.5)]  # a constant feature: its MLE variance is 0 everywhere
    traj = fit_gaussian_nb(X, y, var_smoothing=1e-3)
    eps = 1e-3 * X.var(axis=0).max()  # the largest feature variance, over all samples
    np.testing.assert_allclose(traj.result["variances"][:, -1], eps, rtol=1e-12)
    post = np.exp(gaussian_nb_log_posterior(traj.result, X))
    assert np.all(np.isfinite(post))


def test_steps_are_the_mles_of_every_prefix(iris):
    X, y = iris
    order = np.random.default_rng(0).permutation(len(X))
    Xs, ys = X[order], y[order]
    traj = fit_gaussian_nb(Xs, ys)
    assert len(traj) == len(X) + 1 and traj.info["n_iter"] == len(X)
    eps = traj.result["epsilon"]
    np.testing.assert_allclose(traj["priors"][0], 1 / 3)
    np.testing.assert_array_equal(traj["counts"][0], 0)
    for t in (1, 2, 5, 17, 40, 99, 150):
        for k in range(3):
            sub = Xs[:t][ys[:t] == k]
            assert traj["counts"][t, k] == len(sub)
            assert traj["priors"][t, k] == pytest.approx(len(sub) / t)
            if len(sub):
                np.testing.assert_allclose(traj["means"][t, k], sub.mean(axis=0), rtol=1e-12)
                np.testing.assert_allclose(traj["variances"][t, k], sub.var(axis=0) + eps,
                                           rtol=1e-9, atol=1e-12)
    for key in ("means", "variances", "priors"):
        np.testing.assert_array_equal(traj[key][-1], traj.result[key])


def test_log_pdf_is_scipys():
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(gaussian_log_pdf(x, 0.7, 2.3), norm.logpdf(x, 0.7, np.sqrt(2.3)),
                               rtol=1e-12)


def test_posterior_is_bayes_rule(iris):
    X, y = iris
    traj = fit_gaussian_nb(X[:, 2:], y)  # petal length and width
    r = traj.result
    grid = np.array([[1.5, 0.2], [4.5, 1.4], [5.0, 1.7], [4.9, 1.6], [6.0, 2.2], [3.0, 0.9]])
    logp = gaussian_nb_log_posterior(r, grid)
    ref = bayes_by_products(r["means"], r["variances"], r["priors"], grid)
    np.testing.assert_allclose(np.exp(logp), ref, rtol=1e-9, atol=1e-300)
    jll = gaussian_nb_joint_log_likelihood(r, grid)
    ref_jll = np.log(r["priors"])[None] + np.sum(
        norm.logpdf(grid[:, None, :], r["means"][None], np.sqrt(r["variances"])[None]), axis=2)
    np.testing.assert_allclose(jll, ref_jll, rtol=1e-12)
    # on the training data the posterior's argmax gets most flowers right
    pred = np.argmax(gaussian_nb_log_posterior(r, X[:, 2:]), axis=1)
    assert np.mean(pred == y) > 0.9


def test_posterior_is_normalised_and_stable_far_away(iris):
    X, y = iris
    r = fit_gaussian_nb(X[:, 2:], y).result
    far = np.array([[1e3, -1e3], [-500.0, 40.0], [1e6, 1e6], [4.0, 1.3]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # no inf, nan or 1/0
        logp = gaussian_nb_log_posterior(r, far)
    assert np.all(np.isfinite(logp)) and np.all(logp <= 1e-12)
    np.testing.assert_allclose(np.exp(logp).sum(axis=1), 1.0, rtol=1e-12)
    # every joint likelihood there underflows to 0: the product form has nothing to normalise
    joint = np.exp(gaussian_nb_joint_log_likelihood(r, far[:1]))
    assert np.all(joint == 0)
    # far out, the widest class (virginica, largest variances) takes the point
    assert np.argmax(logp[0]) == np.argmax(r["variances"].sum(axis=1))


def test_same_input_same_arrays(iris):
    X, y = iris
    assert fit_gaussian_nb(X, y).equals(fit_gaussian_nb(X, y))
