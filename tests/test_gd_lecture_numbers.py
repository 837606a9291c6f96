"""Every number lecture 1.1 (gradient descent) says or shows, checked against an independent
reference: numpy.linalg (lstsq, eigvalsh), closed forms, finite differences, and longer runs.

The numbers come from ``scenes.chapter1.gradient_descent.lecture_numbers`` (computed from the
trajectories of ``scenes.chapter1.trajectories.gradient_descent``); the values quoted in the
comments are the ones the narration speaks.
"""
import math

import numpy as np
import pytest

from algorithms.datasets import load_advertising
from algorithms.gradient_descent import linear_regression_gd, mse
from scenes.catalog import find_lecture
from scenes.chapter1.trajectories import gradient_descent

lecture_numbers = pytest.importorskip("scenes.chapter1.gradient_descent").lecture_numbers


@pytest.fixture(scope="module")
def runs():
    return gradient_descent()


@pytest.fixture(scope="module")
def N(runs):
    return lecture_numbers(runs)


@pytest.fixture(scope="module")
def xy():
    return load_advertising("radio")


def lstsq(x, y):
    (w, b), *_ = np.linalg.lstsq(np.c_[x, np.ones_like(x)], y, rcond=None)
    return w, b


def hessian(x):
    """(2/n) [[sum x^2, sum x], [sum x, n]], built from the data, not from the library."""
    A = np.c_[x, np.ones_like(x)]  # (n, 2)
    return 2 / len(x) * A.T @ A


def fd_grad(w, b, x, y, h=1e-6):
    return ((mse(w + h, b, x, y) - mse(w - h, b, x, y)) / (2 * h),
            (mse(w, b + h, x, y) - mse(w, b - h, x, y)) / (2 * h))


def test_the_stalled_fit_is_where_the_book_stopped(N, runs):
    raw = runs["raw"]
    assert N["T"] == 200 and len(raw) == 201 and not raw.diverged
    assert round(N["w_stall"], 3) == 0.456 and round(N["b_stall"], 2) == 1.03   # "w = 0.456, b = 1.03"
    assert N["w_stall"] == raw["w"][-1] and N["b_stall"] == raw["b"][-1]
    x, y = raw.data["x"], raw.data["y"]
    assert N["L_stall"] == pytest.approx(mse(N["w_stall"], N["b_stall"], x, y))  # 37.88
    assert f"{N['L_stall']:.2f}" == "37.88"
    assert f"{N['L0']:.2f}" == "223.72" and N["L0"] == pytest.approx(np.mean(y ** 2))
    assert N["k"] == 10 and f"{N['L_k']:.2f}" == "42.73"
    assert [f"{v:.3f}" for v in N["w_first"]] == ["0.741", "0.354", "0.556"]


def test_best_fit_and_descended_fit_equal_lstsq(N, xy):
    x, y = xy
    w, b = lstsq(x, y)
    assert N["w_ls"] == pytest.approx(w, rel=1e-10) and N["b_ls"] == pytest.approx(b, rel=1e-10)
    assert N["w_fit"] == pytest.approx(w, abs=5e-5) and N["b_fit"] == pytest.approx(b, abs=5e-4)
    assert f"{N['w_fit']:.4f}" == f"{w:.4f}" == "0.2025"
    assert f"{N['b_fit']:.3f}" == f"{b:.3f}" == "9.312"
    assert N["L_best"] == pytest.approx(mse(w, b, x, y), abs=1e-6)                # 18.09
    assert f"{N['L_best']:.2f}" == "18.09"


def test_gradients_match_finite_differences(N, runs, xy):
    x, y = xy
    raw = runs["raw"]
    gw, gb = fd_grad(0.0, 0.0, x, y)
    assert N["g0"] == pytest.approx((gw, gb), rel=1e-6)                  # (-741.3, -28.0)
    assert (f"{N['g0'][0]:.1f}", f"{N['g0'][1]:.1f}") == ("-741.3", "-28.0")
    # the first step is -eta times the gradient: (0.741, 0.028)
    assert N["step0"] == pytest.approx((-N["lr"] * gw, -N["lr"] * gb), rel=1e-6)
    assert N["gb_stall"] == pytest.approx(fd_grad(N["w_stall"], N["b_stall"], x, y)[1], rel=1e-6)
    assert f"{N['gb_stall']:.2f}" == "-4.77"
    # the last step moved b by eta times the slope at the row before
    assert N["db_stall"] == pytest.approx(-N["lr"] * raw["grad_b"][-2], rel=1e-12)
    assert f"{N['db_stall']:.4f}" == "0.0048"


def test_hessian_eigenvalues_and_condition_number(N, xy):
    x, _ = xy
    H = hessian(x)
    np.testing.assert_allclose(N["H"], H, rtol=1e-12)
    lam = np.linalg.eigvalsh(H)
    assert N["lam_min"] == pytest.approx(lam[0], rel=1e-10)        # 0.576
    assert N["lam_max"] == pytest.approx(lam[1], rel=1e-10)        # 1522.5
    assert (f"{N['lam_min']:.3f}", f"{N['lam_max']:.1f}") == ("0.576", "1522.5")
    assert f"{N['kappa']:.0f}" == "2642" and N["kappa"] == pytest.approx(np.linalg.cond(H))
    # "L curves 1521.1 over 2, about 760 times as steeply in w as in b" (not 1521 times)
    assert (f"{H[0, 0]:.1f}", f"{H[1, 1]:g}", f"{H[0, 1]:.1f}") == ("1521.1", "2", "46.5")
    assert round(N["ww_over_bb"], -1) == 760
    # the eigenvectors: the flat one is (mostly) b, the steep one (mostly) w
    V = N["V"]
    np.testing.assert_allclose(H @ V, V * lam, atol=1e-9)
    assert abs(V[1, 0]) > 0.99 and abs(V[0, 1]) > 0.99


def test_stability_limit_and_factors(N):
    assert f"{N['limit']:.5f}" == "0.00131"
    assert N["lr"] < N["limit"]
    assert f"{N['f_steep']:.2f}" == "-0.52"
    assert f"{N['f_flat']:.5f}" == "0.99942"
    assert f"{N['f_flat_T']:.2f}" == "0.89" and round(100 * (1 - N["f_flat_T"])) == 11


def test_the_run_shrinks_along_each_eigenvector_by_its_factor(N):
    """The trajectory's own error, projected on the eigenvectors, against (1 - eta lambda)^k."""
    e_flat, e_steep = N["e_flat"], N["e_steep"]
    k = np.arange(len(e_flat))
    np.testing.assert_allclose(e_flat, e_flat[0] * abs(N["f_flat"]) ** k, rtol=1e-9)
    np.testing.assert_allclose(e_steep[:25], e_steep[0] * abs(N["f_steep"]) ** k[:25],
                               rtol=1e-6)
    assert (f"{e_flat[0]:.2f}", f"{e_flat[-1]:.2f}") == ("9.30", "8.29")  # "from 9.30 to 8.29"
    assert e_flat[-1] / e_flat[0] == pytest.approx(N["f_flat_T"], rel=1e-9)


def test_a_hundred_times_closer_takes_about_8000_steps(N, xy):
    x, y = xy
    assert round(N["steps_100x"], -2) == 8000
    n = math.ceil(N["steps_100x"])
    long = linear_regression_gd(x, y, lr=N["lr"], n_steps=n)
    w, b = lstsq(x, y)
    err = np.c_[long["w"] - w, long["b"] - b] @ N["V"][:, 0]   # along the floor
    assert abs(err[n]) <= abs(err[0]) / 100 < abs(err[n - 20])


def test_too_large_a_step_diverges(N, runs):
    big = runs["too_large"]
    assert N["big_lr"] == 0.00151 and round(100 * N["big_past"]) == 15   # "15% past the limit"
    assert big.diverged and N["big_n"] == 44 and N["big_L"] > 1e12       # "past a trillion"
    assert f"{N['big_factor']:.2f}" == "-1.30"
    L = big["loss"]
    late = (L[-1] / L[-5]) ** (1 / 4)        # the loss grows by the factor squared per step
    assert late == pytest.approx(N["big_factor"] ** 2, rel=1e-3)        # 1.69
    assert f"{N['big_factor'] ** 2:.2f}" == "1.69"
    assert f"{N['best_floor']:.5f}" == "0.99924"
    assert N["best_floor"] == pytest.approx(1 - 2 * N["lam_min"] / N["lam_max"])


def test_standardizing_makes_the_hessian_2I(N, xy):
    x, y = xy
    xt = (x - x.mean()) / x.std()
    np.testing.assert_allclose(hessian(xt), 2 * np.eye(2), atol=1e-12)
    np.testing.assert_allclose(N["Hs"], 2 * np.eye(2), atol=1e-12)
    assert N["lam_s"] == pytest.approx(2) and N["kappa_s"] == pytest.approx(1)
    assert (f"{N['x_mean']:.2f}", f"{N['x_std']:.2f}") == ("23.26", "14.81")
    assert N["limit_s"] == pytest.approx(1) and f"{N['f_s']:.1f}" == "0.8"


def test_the_scaled_run_converges_like_point_eight_to_the_k(N, runs, xy):
    x, y = xy
    sc = runs["scaled"]
    xt = (x - x.mean()) / x.std()
    wt, bt = lstsq(xt, y)                     # the optimum in scaled units, independently
    e = np.hypot(sc["w"] - wt, sc["b"] - bt)
    k = np.arange(len(e))
    np.testing.assert_allclose(e, e[0] * 0.8 ** k, rtol=1e-6, atol=1e-12)
    assert N["f_s_T"] == pytest.approx(0.8 ** 60) and f"{N['f_s_T']:.1e}" == "1.5e-06"
    assert N["k_best"] == 26 and f"{sc['loss'][26]:.2f}" == "18.09" != f"{sc['loss'][25]:.2f}"
    assert (f"{N['wt']:.3f}", f"{N['bt']:.2f}") == ("2.999", "14.02")
    # undoing the scaling gives the dollars line: w = w~/s, b = b~ - w~ mean / s
    assert N["w_fit"] == pytest.approx(N["wt"] / x.std())
    assert N["b_fit"] == pytest.approx(N["bt"] - N["wt"] * x.mean() / x.std())


@pytest.mark.parametrize("override", [{"raw_steps": 10}, {"raw_lr": 0.0013}, {"lr": 0.99},
                                      {"n_steps": 5}, {"lr": 0.001}])
def test_parameter_ranges_keep_the_story_true(override):
    """The catalogue's bounds keep the raw run stable and the scaled run convergent, and every
    number still computes (k_best is None when the loss never reaches the best)."""
    _, lecture = find_lecture("chapter1/gradient_descent")
    p = {q.name: q for q in lecture.params}
    for name, value in override.items():
        assert p[name].low <= value <= p[name].high
    runs = lecture.trajectories(**override)
    assert not runs["raw"].diverged and runs["too_large"].diverged
    N = lecture_numbers(runs)
    assert N["lr"] < N["limit"] and N["lr_s"] < N["limit_s"]
    assert N["T"] == len(runs["raw"]) - 1 and len(N["e_flat"]) == N["T"] + 1
