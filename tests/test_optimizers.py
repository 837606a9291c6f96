"""Optimizers on analytic test functions: gradients and Hessians against finite differences,
convergence to Rosenbrock's minimum (1, 1), update rules against a hand-written step,
monotone descent at a small step, divergence flagged without NaN rows or warnings."""
import warnings

import numpy as np
import pytest

from algorithms.optimizers import (
    FUNCTIONS, METHODS, X_LIMIT, Adam, Momentum, RMSprop, minimize, steps_to_reach,
)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_gradient_and_hessian_match_finite_differences(name):
    fn = FUNCTIONS[name]
    rng = np.random.default_rng(1)
    h = 1e-6
    for p in rng.uniform(-1.5, 1.5, size=(5, 2)):
        num_g = [(fn.f(p + h * e) - fn.f(p - h * e)) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(fn.grad(p), num_g, rtol=1e-6, atol=1e-5)
        num_h = np.array([(fn.grad(p + h * e) - fn.grad(p - h * e)) / (2 * h) for e in np.eye(2)])
        np.testing.assert_allclose(fn.hessian(p), num_h.T, rtol=1e-5, atol=1e-4)
        assert np.linalg.norm(fn.grad(np.array(fn.minimum))) < 1e-12


# method -> (lr, steps, tolerance on |x - (1, 1)|): the tolerance each reaches from (-1.2, 1)
ROSENBROCK = {
    "gd": (1e-3, 30000, 1e-3),
    "momentum": (5e-4, 10000, 1e-6),
    "rmsprop": (1e-3, 20000, 2e-2),  # constant-step RMSprop hovers around the minimum
    "adam": (2e-2, 10000, 1e-5),
}


@pytest.mark.parametrize("method", METHODS)
def test_each_optimizer_reaches_the_rosenbrock_minimum(method):
    lr, n, tol = ROSENBROCK[method]
    t = minimize("rosenbrock", (-1.2, 1.0), method=method, lr=lr, n_steps=n)
    assert not t.diverged
    assert np.linalg.norm(t.result["x"] - [1.0, 1.0]) < tol


def test_update_rules_match_a_hand_computed_step():
    fn = FUNCTIONS["rosenbrock"]
    x0 = np.array([-1.2, 1.0])
    g0 = fn.grad(x0)
    lr = 1e-3
    expected = {
        "gd": x0 - lr * g0,
        "momentum": x0 - lr * g0,  # v1 = g0
        "rmsprop": x0 - lr * g0 / (np.sqrt(0.1 * g0 ** 2) + 1e-8),
        "adam": x0 - lr * g0 / (np.abs(g0) + 1e-8),  # bias-corrected moments: g0, g0^2
    }
    for m in METHODS:
        t = minimize("rosenbrock", x0, method=m, lr=lr, n_steps=1)
        np.testing.assert_allclose(t["x"][1], expected[m], rtol=1e-12)
    # momentum's second step uses v2 = beta v1 + g1
    t = minimize("rosenbrock", x0, method="momentum", lr=lr, n_steps=2)
    v2 = 0.9 * g0 + fn.grad(t["x"][1])
    np.testing.assert_allclose(t["x"][2], t["x"][1] - lr * v2, rtol=1e-12)


def test_rows_hold_f_and_grad_at_their_point():
    t = minimize("saddle", (0.5, 0.5), method="adam", lr=0.01, n_steps=20)
    fn = FUNCTIONS["saddle"]
    for x, f, g in zip(t["x"], t["f"], t["grad"]):
        assert f == pytest.approx(fn.f(x), rel=1e-12)
        np.testing.assert_allclose(g, fn.grad(x), rtol=1e-12)


@pytest.mark.parametrize("name,x0", [("bowl", (-4.5, 1.2)), ("rosenbrock", (-1.2, 1.0))])
def test_gd_never_increases_f_at_a_small_step(name, x0):
    t = minimize(name, x0, method="gd", lr=1e-4, n_steps=3000)
    assert np.all(np.diff(t["f"]) <= 1e-12)


def test_saddle_escapes_to_a_minimum():
    t = minimize("saddle", (1e-3, 1.0), method="gd", lr=0.05, n_steps=2000)
    np.testing.assert_allclose(t.result["x"], [1.0, 0.0], atol=1e-6)
    assert t.converged


@pytest.mark.parametrize("method", METHODS)
def test_divergence_is_flagged_without_nan_rows_or_warnings(method):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = minimize("rosenbrock", (-1.2, 1.0), method="gd" if method == "gd" else method,
                     lr=0.5 if method == "gd" else 50.0, n_steps=10000)
    if method == "gd":
        assert t.diverged and t.info["n_iter"] < 10000
    for arr in t.steps.values():
        assert np.all(np.isfinite(arr))


def test_bowl_past_two_over_lambda_max_diverges():
    t = minimize("bowl", (-4.5, 1.2), method="gd", lr=0.1, n_steps=500)  # 2/25 = 0.08
    assert t.diverged and not t.converged
    ratios = t["x"][2:, 1] / t["x"][1:-1, 1]
    np.testing.assert_allclose(ratios, 1 - 0.1 * 25, rtol=1e-9)  # y is multiplied by -1.5
    ok = minimize("bowl", (-4.5, 1.2), method="gd", lr=0.079, n_steps=3000)
    assert not ok.diverged and ok.converged


def test_steps_to_reach():
    t = minimize("bowl", (-4.5, 1.2), method="gd", lr=0.075, n_steps=150)
    k = steps_to_reach(t, (0, 0), 1e-2)
    d = np.linalg.norm(t["x"], axis=1)
    assert d[k] < 1e-2 and np.all(d[:k] >= 1e-2)
    assert steps_to_reach(t, (100, 100), 1e-2) is None


def test_unknown_names_are_rejected():
    with pytest.raises(ValueError, match="unknown test function"):
        minimize("nope", (0, 0), method="gd", lr=0.1, n_steps=1)
    with pytest.raises(ValueError, match="unknown method"):
        minimize("bowl", (0, 0), method="sgd", lr=0.1, n_steps=1)
    with pytest.raises(ValueError, match="takes"):
        minimize("bowl", (0, 0), method="gd", lr=0.1, n_steps=1, beta=0.9)


def test_determinism():
    a = minimize("rosenbrock", (-1.2, 1.0), method="adam", lr=0.05, n_steps=500)
    b = minimize("rosenbrock", (-1.2, 1.0), method="adam", lr=0.05, n_steps=500)
    assert a.equals(b)


# -- the update rules on their own ------------------------------------------------------------
def test_adam_matches_two_steps_computed_by_hand():
    """g1 = 1, g2 = 3 with beta1 = 0.9, beta2 = 0.999:
    t = 1: m = 0.1, s = 0.001, m^ = 0.1 / 0.1 = 1, s^ = 0.001 / 0.001 = 1, d = 1 / (1 + eps)
    t = 2: m = 0.09 + 0.3 = 0.39, s = 0.000999 + 0.009 = 0.009999,
           m^ = 0.39 / 0.19, s^ = 0.009999 / 0.001999, d = m^ / (sqrt(s^) + eps)."""
    adam = Adam()
    assert adam(np.array(1.0)) == pytest.approx(1 / (1 + 1e-8), rel=1e-15)
    d2 = adam(np.array(3.0))
    assert d2 == pytest.approx((0.39 / 0.19) / (np.sqrt(0.009999 / 0.001999) + 1e-8), rel=1e-14)
    assert d2 == pytest.approx(0.917781, abs=1e-6)  # 2.052632 / 2.236515


def test_first_adam_step_is_the_sign_of_the_gradient():
    d = Adam(eps=0.0)(np.array([4.0, -0.5, 1e-6]))  # m^ = g, s^ = g^2 at t = 1
    np.testing.assert_allclose(d, [1.0, -1.0, 1.0], rtol=1e-12)


def test_momentum_and_rmsprop_by_hand():
    mom = Momentum(beta=0.5)
    assert mom(np.array(2.0)) == 2.0 and mom(np.array(1.0)) == 0.5 * 2.0 + 1.0
    rms = RMSprop(rho=0.9, eps=0.0)
    assert rms(np.array(2.0)) == pytest.approx(2.0 / np.sqrt(0.1 * 4.0), rel=1e-15)
    assert rms(np.array(1.0)) == pytest.approx(1.0 / np.sqrt(0.9 * 0.4 + 0.1 * 1.0), rel=1e-15)


def test_the_network_trains_with_the_same_adam():
    """Replaying the MLP's full-batch training with optimizers.Adam gives its rows exactly."""
    from algorithms.datasets import make_xor
    from algorithms.neural_network import MLP, train

    X, y = make_xor(40, seed=3)
    traj = train(MLP((2, 3, 1), output="sigmoid", seed=1), X, y, loss="bce",
                 optimizer="adam", lr=0.05, n_steps=5, beta1=0.8, beta2=0.99, eps=1e-6)
    probe, adam = MLP((2, 3, 1), output="sigmoid", seed=1), Adam(0.8, 0.99, 1e-6)
    theta = probe.get_params()
    for row in traj["theta"][1:]:
        _, dW, db = probe.set_params(theta).loss_and_grad(X, y, "bce")
        theta = theta - 0.05 * adam(probe.flatten(dW, db))
        np.testing.assert_array_equal(row, theta)


def test_the_race_stops_once_the_iterate_reaches_x_limit():
    t = minimize("bowl", (-4.5, 1.2), method="gd", lr=0.1, n_steps=500)  # y_t = 1.2 (-1.5)^t
    first_out = int(np.ceil(np.log(X_LIMIT / 1.2) / np.log(1.5)))
    assert t.diverged and len(t) == first_out
    assert np.abs(t["x"]).max() < X_LIMIT <= 1.2 * 1.5 ** first_out
