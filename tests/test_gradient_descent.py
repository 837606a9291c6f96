"""Gradient descent for linear regression against independent references:
numpy.linalg.lstsq, central finite differences, and the stability limit 2 / lambda_max."""
import warnings

import numpy as np
import pytest

from algorithms.datasets import load_advertising
from algorithms.gradient_descent import (
    least_squares, linear_regression_gd, loss_surface, mse, mse_grad, mse_hessian, standardize,
)


@pytest.fixture(scope="module")
def radio():
    return load_advertising("radio")


def lstsq(x, y):
    A = np.c_[x, np.ones_like(x)]  # (n, 2)
    (w, b), *_ = np.linalg.lstsq(A, y, rcond=None)
    return w, b


def test_advertising_data_matches_its_provenance(radio):
    x, y = radio
    assert x.shape == y.shape == (200,)
    w, b = lstsq(x, y)
    assert w == pytest.approx(0.2025, abs=5e-5) and b == pytest.approx(9.312, abs=5e-4)
    assert mse(w, b, x, y) == pytest.approx(18.09, abs=5e-3)


def test_closed_form_equals_lstsq(radio):
    np.testing.assert_allclose(least_squares(*radio), lstsq(*radio), rtol=1e-12)


def test_gradient_matches_finite_differences(radio):
    x, y = radio
    rng = np.random.default_rng(0)
    for w, b in rng.normal([0.2, 9.0], [0.5, 5.0], size=(5, 2)):
        h = 1e-6
        gw = (mse(w + h, b, x, y) - mse(w - h, b, x, y)) / (2 * h)
        gb = (mse(w, b + h, x, y) - mse(w, b - h, x, y)) / (2 * h)
        np.testing.assert_allclose(mse_grad(w, b, x, y), (gw, gb), rtol=1e-6, atol=1e-6)


def test_hessian_matches_finite_differences_of_the_gradient(radio):
    x, y = radio
    h = 1e-5
    cols = [(np.subtract(mse_grad(0.3 + h * e[0], 2 + h * e[1], x, y),
                         mse_grad(0.3 - h * e[0], 2 - h * e[1], x, y))) / (2 * h)
            for e in np.eye(2)]
    np.testing.assert_allclose(mse_hessian(x), np.array(cols).T, rtol=1e-6)


def test_loss_surface_matches_mse_pointwise(radio):
    x, y = radio
    W, B = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-5, 15, 3))
    expected = np.vectorize(lambda w, b: mse(w, b, x, y))(W, B)
    np.testing.assert_allclose(loss_surface(W, B, x, y), expected, rtol=1e-10)


def test_standardized_descent_reaches_least_squares(radio):
    x, y = radio
    t = linear_regression_gd(x, y, lr=0.1, n_steps=60, scale=True)
    w, b = lstsq(x, y)
    assert t.result["w_x"] == pytest.approx(w, abs=1e-4)
    assert t.result["b_x"] == pytest.approx(b, abs=1e-3)
    assert t.result["loss"] == pytest.approx(mse(w, b, x, y), abs=1e-6)
    long = linear_regression_gd(x, y, lr=0.1, n_steps=300, scale=True)
    assert long.converged
    np.testing.assert_allclose([long.result["w_x"], long.result["b_x"]], [w, b], rtol=1e-9)


def test_scaled_parameters_describe_the_same_line(radio):
    x, y = radio
    t = linear_regression_gd(x, y, lr=0.1, n_steps=10, scale=True)
    xt, mean, std = standardize(x)
    for k in range(len(t)):  # same predictions, so the same loss, at every step
        pred_scaled = t["w"][k] * xt + t["b"][k]
        pred_orig = t["w_x"][k] * x + t["b_x"][k]
        np.testing.assert_allclose(pred_scaled, pred_orig, atol=1e-9)
        assert t["loss"][k] == pytest.approx(mse(t["w_x"][k], t["b_x"][k], x, y), rel=1e-12)


def test_raw_descent_reproduces_the_books_stall(radio):
    """Unscaled radio spend at lr=0.001 for 200 steps stops where the book did (w=0.456, b=1.03)."""
    x, y = radio
    t = linear_regression_gd(x, y, lr=0.001, n_steps=200)
    assert t.result["w"] == pytest.approx(0.456, abs=1e-3)
    assert t.result["b"] == pytest.approx(1.03, abs=1e-2)
    assert t.result["loss"] > 2 * mse(*lstsq(x, y), x, y)
    assert not t.converged and not t.diverged


def test_rows_record_the_state_before_each_update(radio):
    x, y = radio
    t = linear_regression_gd(x, y, lr=0.001, n_steps=5, w0=0.1, b0=2.0)
    assert len(t) == 6 and (t["w"][0], t["b"][0]) == (0.1, 2.0)
    for k in range(len(t)):
        assert t["loss"][k] == pytest.approx(mse(t["w"][k], t["b"][k], x, y), rel=1e-12)
        np.testing.assert_allclose((t["grad_w"][k], t["grad_b"][k]),
                                   mse_grad(t["w"][k], t["b"][k], x, y), rtol=1e-12)
    for k in range(len(t) - 1):  # simultaneous update from the old (w, b)
        assert t["w"][k + 1] == pytest.approx(t["w"][k] - 0.001 * t["grad_w"][k], rel=1e-12)
        assert t["b"][k + 1] == pytest.approx(t["b"][k] - 0.001 * t["grad_b"][k], rel=1e-12)


def test_loss_never_increases_below_the_stability_limit(radio):
    x, y = radio
    lam_max = np.linalg.eigvalsh(mse_hessian(x))[-1]
    t = linear_regression_gd(x, y, lr=0.9 / lam_max, n_steps=500)
    assert np.all(np.diff(t["loss"]) <= 1e-12)


def test_divergence_past_the_stability_limit_is_flagged_without_warnings(radio):
    x, y = radio
    lam_max = np.linalg.eigvalsh(mse_hessian(x))[-1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any numpy overflow warning fails the test
        t = linear_regression_gd(x, y, lr=2.3 / lam_max, n_steps=100000)
        huge = linear_regression_gd(x, y, lr=10.0, n_steps=100000)
    for run in (t, huge):
        assert run.diverged and not run.converged
        assert run.info["n_iter"] < 100000
        for arr in run.steps.values():
            assert np.all(np.isfinite(arr))
    assert np.all(np.diff(t["loss"][5:]) > 0)


def test_same_call_gives_identical_arrays(radio):
    a = linear_regression_gd(*radio, lr=0.1, n_steps=30, scale=True)
    b = linear_regression_gd(*radio, lr=0.1, n_steps=30, scale=True)
    assert a.equals(b)


def test_trajectory_round_trip(radio, tmp_path):
    from algorithms.trajectory import Trajectory
    t = linear_regression_gd(*radio, lr=0.1, n_steps=30, scale=True)
    assert Trajectory.load(t.save(tmp_path / "gd.npz")).equals(t)


def test_divergence_stops_where_the_closed_form_loss_passes_the_blow_up_threshold(radio):
    """GD on a quadratic: the error e_t = theta_t - theta* obeys e_t = (I - lr H)^t e_0, so
    L_t = L* + (1/2) sum_i lambda_i (1 - lr lambda_i)^(2t) (u_i . e_0)^2 with (lambda_i, u_i)
    from numpy.linalg.eigh. The run must keep exactly the rows with L_t <= BLOWUP (L_0 + 1)."""
    from algorithms.trajectory import BLOWUP

    x, y = radio
    H = mse_hessian(x)
    lam, U = np.linalg.eigh(H)
    lr = round(1.15 * 2 / lam[-1], 5)  # the lecture's "too large" step
    w_star, b_star = lstsq(x, y)
    L_star = np.mean((w_star * x + b_star - y) ** 2)
    c = U.T @ (np.zeros(2) - [w_star, b_star])  # e_0 in the eigenbasis, from (w0, b0) = 0
    t = np.arange(400)[:, None]
    L = L_star + 0.5 * np.sum(lam * (1 - lr * lam) ** (2 * t) * c ** 2, axis=1)  # (400,)
    first_bad = int(np.argmax(L > BLOWUP * (L[0] + 1.0)))
    run = linear_regression_gd(x, y, lr=lr, n_steps=399)
    assert run.diverged and len(run) == first_bad and run.info["n_iter"] == first_bad - 1
    np.testing.assert_allclose(run["loss"], L[:first_bad], rtol=1e-8)
