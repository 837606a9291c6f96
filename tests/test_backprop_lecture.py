"""Every number lecture 4.2 (backpropagation and the loss landscape) says or shows, checked
against an independent reference: a forward pass and the loss written out by hand with
NumPy/SciPy, finite differences of that hand-written loss, and the arithmetic on screen redone
from the numbers as they are written.

The numbers come from ``scenes.chapter4.backpropagation.lecture_numbers`` (computed from the
trajectories of ``scenes.chapter4.trajectories.backpropagation``); the values in the comments
are the ones the narration speaks.
"""
import numpy as np
import pytest
from scipy.special import expit, log_expit

from algorithms.datasets import make_xor
from scenes.chapter4.trajectories import EXAMPLE_SAMPLE, XOR_POINTS, backpropagation

bp = pytest.importorskip("scenes.chapter4.backpropagation")
lecture_numbers, num, fac = bp.lecture_numbers, bp.num, bp.fac


@pytest.fixture(scope="module")
def runs():
    return backpropagation()


@pytest.fixture(scope="module")
def N(runs):
    return lecture_numbers(runs)


def loss_by_hand(W1, b1, w2, b2, x, y):
    """The cross-entropy of the 2-3-1 network on one point, written out (tanh, then logistic)."""
    a = np.tanh(W1 @ x + b1)
    z = w2 @ a + b2
    return -(y * log_expit(z) + (1 - y) * log_expit(-z))


def fd(f, v, h=1e-6):
    """Central differences of f at every entry of the array v."""
    g = np.zeros_like(v)
    for i in np.ndindex(v.shape):
        e = np.zeros_like(v)
        e[i] = h
        g[i] = (f(v + e) - f(v - e)) / (2 * h)
    return g


def written(v, d=3):
    return float(num(v, d))


# -- the worked example ----------------------------------------------------------------------------
def test_the_example_is_a_data_point_and_the_weights_are_written_exactly(N):
    X, y = make_xor(XOR_POINTS, noise=0.2, seed=0)
    np.testing.assert_array_equal(N["x"], np.round(X[EXAMPLE_SAMPLE], 2))   # (0.84, -0.78)
    assert N["y"] == y[EXAMPLE_SAMPLE] == 1
    assert num(N["x"][0], 2) == "0.84" and num(N["x"][1], 2) == "-0.78"
    # weights at two decimals: the written numbers ARE the weights
    np.testing.assert_array_equal(N["W1"], np.round(N["W1"], 2))
    np.testing.assert_array_equal(N["w2"], np.round(N["w2"], 2))
    assert not np.any(N["b1"]) and N["b2"] == 0                                # "biases start at zero"


def test_forward_pass_against_a_hand_written_network(N):
    x, W1, w2 = N["x"], N["W1"], N["w2"]
    z = W1 @ x
    np.testing.assert_allclose(N["z1"], z, rtol=1e-12)
    np.testing.assert_allclose(N["a1"], np.tanh(z), rtol=1e-12)
    z2 = w2 @ np.tanh(z)
    assert N["z2"] == pytest.approx(z2, rel=1e-12)
    assert N["yhat"] == pytest.approx(expit(z2), rel=1e-12)                   # 0.605
    assert N["L"] == pytest.approx(-np.log(expit(z2)), rel=1e-12)              # 0.503
    assert num(N["yhat"]) == "0.605" and num(N["L"]) == "0.503"
    assert round(100 * N["yhat"]) == 60                                        # "60 percent"


def test_backward_pass_against_finite_differences(N):
    x, y, W1, w2 = N["x"], N["y"], N["W1"], N["w2"]
    b1, b2 = np.zeros(3), 0.0
    g1 = fd(lambda W: loss_by_hand(W, b1, w2, b2, x, y), W1)
    g2 = fd(lambda w: loss_by_hand(W1, b1, w, b2, x, y), w2)
    gb1 = fd(lambda b: loss_by_hand(W1, b, w2, b2, x, y), b1)                  # = delta_j
    gz2 = fd(lambda b: loss_by_hand(W1, b1, w2, b[0], x, y), np.zeros(1))[0]   # = delta(2)
    np.testing.assert_allclose(N["dW1"], g1, atol=1e-8)
    np.testing.assert_allclose(N["dW2"], g2, atol=1e-8)
    np.testing.assert_allclose(N["d1"], gb1, atol=1e-8)
    assert N["d2"] == pytest.approx(gz2, abs=1e-8)
    # the rules the lecture derives
    assert N["d2"] == pytest.approx(N["yhat"] - y, abs=1e-14)                 # delta(2) = yhat - y
    np.testing.assert_allclose(N["phi_p"], [(np.tanh(z + 1e-6) - np.tanh(z - 1e-6)) / 2e-6
                                            for z in N["z1"]], atol=1e-8)
    np.testing.assert_allclose(N["d1"], w2 * N["d2"] * N["phi_p"], rtol=1e-12)
    np.testing.assert_allclose(N["dW2"], N["d2"] * N["a1"], rtol=1e-12)
    np.testing.assert_allclose(N["dW1"], np.outer(N["d1"], x), rtol=1e-12)


def test_the_written_numbers(N):
    assert num(N["d2"]) == "-0.395"
    assert [num(v) for v in N["phi_p"]] == ["0.953", "0.547", "0.935"]
    assert [num(v) for v in N["d1"]] == ["0.143", "-0.089", "-0.096"]
    assert [num(v) for v in N["dW2"]] == ["0.086", "-0.266", "-0.101"]


def test_every_product_on_screen_checks_by_hand(N):
    """Redo each written computation from its written factors: it gives the written result."""
    for i, (*pairs, result) in enumerate(N["sums"]):  # z_j = w x1 + w x2 (written at four
        d = 4 if i < 3 else 3                          # decimals: exact), z(2) = three products
        by_hand = sum(float(fac(a, 2 if abs(a - round(a, 2)) < 1e-12 else 3).strip("()"))
                      * float(fac(b, 2 if abs(b - round(b, 2)) < 1e-12 else 3).strip("()"))
                      for a, b in pairs)
        assert num(by_hand, d) == num(result, d), (pairs, result)
        if i < 3:
            assert abs(by_hand - result) < 1e-12  # z_j is written exactly
    for (a, b), result in N["prods"]:
        by_hand = written(a) * written(b)
        assert num(by_hand) == num(result), (a, b, result)
    # tanh, sigma, the log, 1 - a^2 and yhat - 1 from the written values
    for z, a in zip(N["z1"], N["a1"]):
        assert num(np.tanh(written(z, 4))) == num(a)
    assert num(expit(written(N["z2"]))) == num(N["yhat"])
    assert num(-np.log(written(N["yhat"]))) == num(N["L"])
    assert num(written(N["yhat"]) - 1) == num(N["d2"])
    for a, p in zip(N["a1"], N["phi_p"]):
        assert num(1 - written(a) ** 2) == num(p)


def test_the_nudge(N):
    k = N["k_nudge"]
    assert k == 1                                               # "the middle edge"
    assert np.argmax(np.abs(N["w2"])) == 1                      # "unit two's weight was the largest"
    assert num(N["fd"], 4) == num(N["dW2"][k], 4) == "-0.2661"  # "exactly what backprop said"
    fd1, fd2 = N["fd_all"]
    worst = max(np.max(np.abs(fd1 - N["dW1"])), np.max(np.abs(fd2 - N["dW2"])))
    assert worst < 1e-6                                         # "within a millionth"
    assert N["n_params"] == 13 and N["n_weights"] == 9          # 2*3 + 3 + 3 + 1
    assert N["phi_p"][1] == min(N["phi_p"])                     # unit two: the flat shoulder
    assert 0.5 < N["phi_p"][1] < 0.6                            # "nearly halves"


# -- training ----------------------------------------------------------------------------------------
def test_training(N, runs):
    run = runs["train"]
    X, y = run.data["X"], run.data["y"]
    assert N["T"] == 300 and N["lr"] == 0.5
    assert num(N["L0"]) == "0.701" and num(N["L20"]) == "0.652" and num(N["LT"]) == "0.022"
    assert N["wrong0"] == 45 and N["k_zero"] == 55 and N["wrongT"] == 0 and N["acc"] == 1.0
    # the misclassified counts, recomputed from the recorded parameters by hand
    for t in (0, 25, 54, 55, 300):
        th = run["theta"][t]
        W1, b1, w2, b2 = th[:6].reshape(3, 2), th[6:9], th[9:12], th[12]
        p = expit(np.tanh(X @ W1.T + b1) @ w2 + b2)
        assert int(np.sum((p > 0.5) != (y == 1))) == run["wrong"][t]
    assert run["wrong"][54] > 0 and np.all(run["wrong"][55:] == 0)
    # the recorded gradient is the loss's gradient: finite differences of the loss by hand
    th = run["theta"][10]

    def loss(t):
        W1, b1, w2, b2 = t[:6].reshape(3, 2), t[6:9], t[9:12], t[12]
        z = np.tanh(X @ W1.T + b1) @ w2 + b2
        return -np.mean(y * log_expit(z) + (1 - y) * log_expit(-z))
    np.testing.assert_allclose(run["grad"][10], fd(loss, th), atol=1e-8)
    assert loss(run["theta"][-1]) == pytest.approx(N["LT"], rel=1e-10)


# -- the landscape ---------------------------------------------------------------------------------
def test_landscape_axes_have_one_scale(runs):
    land = runs["landscape"]
    al, be = land.result["alpha"], land.result["beta"]
    h = np.diff(al)
    np.testing.assert_allclose(h, h[0], rtol=1e-9)
    np.testing.assert_allclose(np.diff(be), h[0], rtol=1e-9)   # the same spacing on both axes
    D = land.result["directions"]
    np.testing.assert_allclose(D @ D.T, np.eye(2), atol=1e-12)  # unit, perpendicular directions
    c = land["coords"]
    assert al[0] < c[:, 0].min() and c[:, 0].max() < al[-1]      # the path is on the map
    assert be[0] < c[:, 1].min() and c[:, 1].max() < be[-1]


def test_landscape_numbers(N, runs):
    land, run = runs["landscape"], runs["train"]
    diffs = run["theta"] - run["theta"][-1]
    ev = np.linalg.eigvalsh(diffs.T @ diffs)[::-1]
    assert N["ev1"] == pytest.approx(ev[0] / ev.sum(), rel=1e-8)  # 99.2 %
    assert N["ev2"] == pytest.approx(ev[1] / ev.sum(), rel=1e-8)  # 0.7 %
    assert f"{100 * N['ev1']:.1f}" == "99.2" and f"{100 * N['ev2']:.1f}" == "0.7"
    assert f"{N['dist0']:.1f}" == "7.3"
    assert N["off_max"] == pytest.approx(np.max(np.linalg.norm(
        diffs - land["coords"] @ land.result["directions"], axis=1)))
    assert f"{N['off_max']:.1f}" == "0.3"
    assert N["grid_min"] < N["LT"]                                # "darker beyond the star"


def test_steps_follow_the_plane_gradient(N, runs):
    """The gradient in the plane, by finite differences of the loss on the plane, and the
    angle between each step and minus that gradient."""
    land, run = runs["landscape"], runs["train"]
    X, y = run.data["X"], run.data["y"]
    D, centre = land.result["directions"], land.result["theta"]

    def f(uv):
        t = centre + uv @ D
        W1, b1, w2, b2 = t[:6].reshape(3, 2), t[6:9], t[9:12], t[12]
        z = np.tanh(X @ W1.T + b1) @ w2 + b2
        return -np.mean(y * log_expit(z) + (1 - y) * log_expit(-z))
    c = land["coords"]
    for k in (0, 15, 45, 80, 200):
        np.testing.assert_allclose(land["plane_grad"][k], fd(f, c[k].copy()), atol=1e-7)
    step, g = np.diff(c, axis=0), land["plane_grad"][:-1]
    cos = np.sum(step * -g, 1) / np.linalg.norm(step, axis=1) / np.linalg.norm(g, axis=1)
    ang = np.degrees(np.arccos(np.clip(cos, -1, 1)))
    assert N["angle_after"] == pytest.approx(ang[20:].max())
    assert f"{N['angle_after']:.0f}" == "4"                       # "within 4 degrees"
    i, j = 3, 7
    assert land.result["loss_grid"][i, j] == pytest.approx(
        f(np.array([land.result["alpha"][j], land.result["beta"][i]])), rel=1e-10)


def test_the_most_active_unit_gets_the_most_blame(N):
    assert np.argmax(np.abs(N["a1"])) == N["k_nudge"] == np.argmax(np.abs(N["dW2"]))


def test_larger_weights_beyond_the_star(N, runs):
    """'ever larger weights keep lowering the loss': the lowest point of the map lies where the
    weights are longer than the trained ones, which are longer than the starting ones."""
    land, run = runs["landscape"], runs["train"]
    Z, D, c = land.result["loss_grid"], land.result["directions"], land.result["theta"]
    i, j = np.unravel_index(np.argmin(Z), Z.shape)
    low = c + land.result["alpha"][j] * D[0] + land.result["beta"][i] * D[1]
    assert np.linalg.norm(low) > np.linalg.norm(c) > np.linalg.norm(run["theta"][0])
    assert Z[i, j] == pytest.approx(N["grid_min"]) and num(N["grid_min"]) == "0.011"
