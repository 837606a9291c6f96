"""Every number lecture 4.1 (networks as function approximators) says or shows, checked against
an independent reference: a forward pass and the mean squared error written out here in NumPy,
central finite differences, numpy.linalg.lstsq, and the staircase's closed form.

The numbers come from ``scenes.chapter4.function_approximation.lecture_numbers`` (computed from
``scenes.chapter4.trajectories.function_approximation``); the comments quote what the narration
says with the catalogue's defaults.
"""
import numpy as np
import pytest

from algorithms.approximation import network_output, staircase
from algorithms.datasets import make_sines
from scenes.chapter4.trajectories import (N_FINE, STAIR_STEEPNESS, STAIR_UNITS, X_RANGE,
                                          function_approximation, sines)

lecture = pytest.importorskip("scenes.chapter4.function_approximation")


@pytest.fixture(scope="module")
def runs():
    return function_approximation()


@pytest.fixture(scope="module")
def N(runs):
    return lecture.lecture_numbers(runs)


def forward(theta, H, x):
    """The 1-H-1 tanh network, written out: (pred (N,), activations (N, H))."""
    W1, b1, W2, b2 = theta[:H], theta[H:2 * H], theta[2 * H:3 * H], theta[3 * H]
    a = np.tanh(np.outer(x, W1) + b1)
    return a @ W2 + b2, a


def mse(theta, H, x, y):
    return float(np.mean((forward(theta, H, x)[0] - y) ** 2))


def fd_grad(theta, H, x, y, h=1e-6):
    g = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        g[i] = (mse(theta + e, H, x, y) - mse(theta - e, H, x, y)) / (2 * h)
    return g


# -- the staircase the lecture draws (the construction itself: tests/test_approximation.py) --------
def test_the_staircase_numbers_the_lecture_says(N, runs):
    st = runs["staircase"]
    assert N["units"] == [4, 8, 16, 32, 64]
    assert [f"{e:.2f}" for e in N["errors"][:4]] == ["0.98", "0.49", "0.24", "0.12"]
    assert f"{N['errors'][4]:.3f}" == "0.059"
    fine = np.linspace(*X_RANGE, N_FINE)
    for K, curve, e in zip(N["units"], st.result["curve"], N["errors"]):
        net = staircase(sines, *X_RANGE, K, STAIR_STEEPNESS)
        assert curve == pytest.approx(network_output(*net, st.data["grid"]))
        assert e == pytest.approx(np.abs(network_output(*net, fine) - sines(fine)).max())


# -- the data, the line, the trained network ----------------------------------------------------------
def test_data_and_the_best_line(N, runs):
    fit = runs["fit"]
    x, y = make_sines(60, noise=0.1, seed=0)
    assert np.array_equal(fit.data["X"][:, 0], x) and N["n"] == 60
    assert x.min() >= -np.pi / 2 and x.max() <= np.pi / 2
    (w, b), *_ = np.linalg.lstsq(np.c_[x, np.ones_like(x)], y, rcond=None)
    assert N["L_line"] == pytest.approx(np.mean((w * x + b - y) ** 2), rel=1e-10)
    assert f"{N['L_line']:.3f}" == "0.294"          # "a mean squared error of 0.294"
    assert fit.data["target"] == pytest.approx(np.sin(2 * fit.data["grid"][:, 0])
                                               + 0.5 * np.sin(5 * fit.data["grid"][:, 0]))


def test_every_row_of_the_run_is_the_network_it_claims(runs):
    fit = runs["fit"]
    H = fit["hidden"].shape[2]
    x, y = fit.data["X"][:, 0], fit.data["y"]
    g = fit.data["grid"][:, 0]
    for k in (0, 1, 50, len(fit) - 1):
        pred, acts = forward(fit["theta"][k], H, g)
        assert fit["prediction"][k] == pytest.approx(pred, abs=1e-12)
        assert fit["hidden"][k] == pytest.approx(acts, abs=1e-12)
        assert fit["loss"][k] == pytest.approx(mse(fit["theta"][k], H, x, y), rel=1e-12)
    assert np.all(np.diff(fit["loss"]) <= 0)         # gradient descent at a stable step


def test_the_trained_network_follows_the_curve_not_the_noise(N, runs):
    fit = runs["fit"]
    assert N["n_steps"] == 20000 and fit["step"][-1] == 20000 and not fit.diverged
    assert f"{N['L_end']:.4f}" == "0.0110" and f"{N['noise_var']:.3f}" == "0.010"
    assert N["L_end"] < 1.5 * N["noise_var"]          # "close to the noise variance"
    assert N["true_mse"] < 0.5 * N["noise_var"]       # closer to the curve than the noise
    assert N["snap_steps"] == [0, 198, 1980, 20000]
    assert [f"{v:.3f}" for v in N["snap_loss"]] == ["0.999", "0.068", "0.023", "0.011"]


def test_the_start_every_bias_zero_and_the_sum_nearly_a_line(N, runs):
    fit = runs["fit"]
    H = N["H"]
    W1, b1, W2, b2 = lecture.unpack(fit["theta"][0], H)
    assert np.all(b1 == 0) and b2 == 0                  # every bend centred on x = 0
    g, p = fit.data["grid"][:, 0], fit["prediction"][0]
    resid = p - np.polyval(np.polyfit(g, p, 1), g)
    assert np.abs(resid).max() < 0.08 * np.ptp(p)       # "nearly a straight line"
    assert N["start_line"]
    assert f"{N['L0']:.3f}" == "0.999"


def test_the_trained_bends_add_up_to_the_output(runs):
    fit = runs["fit"]
    H = fit["hidden"].shape[2]
    W1, b1, W2, b2 = lecture.unpack(fit["theta"][-1], H)
    parts = fit["hidden"][-1] * W2                      # (G, H) the scaled bends
    assert b2 + parts.sum(1) == pytest.approx(fit["prediction"][-1], abs=1e-12)


def test_the_bends_are_added_in_an_order_whose_partial_sums_stay_on_the_plot(N, runs):
    fit = runs["fit"]
    H = N["H"]
    W1, b1, W2, b2 = lecture.unpack(fit["theta"][-1], H)
    parts = fit["hidden"][-1] * W2
    assert sorted(N["sum_order"]) == list(range(H))
    sums = b2 + np.cumsum(parts[:, N["sum_order"]], 1)
    assert np.abs(sums).max() == pytest.approx(N["sum_peak"])
    assert N["sum_peak"] < lecture.SUM_TOP              # never clipped by the plot's edge
    assert sums[:, -1] == pytest.approx(fit["prediction"][-1], abs=1e-12)


# -- one gradient step ----------------------------------------------------------------------------------
def test_the_first_step_is_the_gradient_times_eta(N, runs):
    first, fit = runs["first"], runs["fit"]
    H = N["H"]
    x, y = fit.data["X"][:, 0], fit.data["y"]
    th0, th1 = first["theta"]
    assert np.array_equal(th0, fit["theta"][0])
    g = fd_grad(th0, H, x, y)
    assert first["grad"][0] == pytest.approx(g, abs=1e-7)
    assert th1 == pytest.approx(th0 - 0.1 * g, abs=1e-8)
    assert N["L1"] == pytest.approx(mse(th1, H, x, y), rel=1e-12)
    assert f"{N['L1']:.3f}" == "0.540"                  # "the loss drops from 0.999 to 0.540"


def test_the_unit_whose_step_the_lecture_shows(N, runs):
    H = N["H"]
    th0, th1 = runs["first"]["theta"]
    g = runs["first"]["grad"][0]
    j = N["j"]
    assert j == 4 and np.argmax(np.abs(g)) == j          # unit 5: the steepest of all 25 slopes
    assert N["j_steepest"] and N["P"] == 25
    g1, gb, g2 = N["g"]
    assert (g1, gb, g2) == (g[j], g[H + j], g[2 * H + j])
    assert [f"{v:.3f}" for v in (g2, gb, g1)] == ["0.380", "0.139", "1.566"]
    assert [f"{v:.3f}" for v in N["W1"]] == ["-0.253", "-0.409"]   # sharper: |W1| grows
    assert [lecture.num(v, 4) for v in N["b1"]] == ["0", "-0.0139"]
    assert [f"{v:.3f}" for v in N["W2"]] == ["-1.096", "-1.134"]   # taller: |W2| grows
    # the step as written on screen (4 decimals) adds up by hand: old - 0.1 g = new
    for old, gi, new in zip((N["W1"], N["b1"], N["W2"]), (g1, gb, g2), range(3)):
        o, gg, nw = (float(lecture.num(v, 4)) for v in (old[0], gi, old[1]))
        assert lecture.num(o - 0.1 * gg, 4) == lecture.num(nw, 4)
    c = N["centre"]
    assert c[0] == 0 and c[1] == pytest.approx(-th1[H + j] / th1[j])
    assert lecture.num(c[1], 3) == "-0.034" and c[1] < c[0]       # "a small step left"
    assert N["slope"] == pytest.approx([th0[2 * H + j] * th0[j], th1[2 * H + j] * th1[j]])
    assert [f"{v:.3f}" for v in N["slope"]] == ["0.277", "0.464"]
    # the slope of the scaled bend at its centre is W2 W1 (finite differences)
    w, b, v = th1[j], th1[H + j], th1[2 * H + j]
    h = 1e-6
    assert (v * np.tanh(w * (c[1] + h) + b) - v * np.tanh(w * (c[1] - h) + b)) / (2 * h) == \
        pytest.approx(v * w, rel=1e-8)


# -- beyond the interval ----------------------------------------------------------------------------------
def test_beyond_the_data_the_network_levels_off(N, runs):
    fit = runs["fit"]
    H = N["H"]
    wide = fit.data["wide_grid"]
    assert N["wide_span"] == pytest.approx((-3 * np.pi / 2, 3 * np.pi / 2))
    pred, _ = forward(fit["theta"][-1], H, wide)
    assert fit.result["wide_prediction"] == pytest.approx(pred, abs=1e-12)
    slope = np.gradient(pred, wide)
    inside = np.abs(wide) <= np.pi / 2
    assert np.abs(slope[[0, -1]]).max() < 0.05 * np.abs(slope[inside]).max()   # levels off
    assert np.abs(pred - fit.data["wide_target"])[~inside].max() > 1.0          # misses the sines


# -- colours ----------------------------------------------------------------------------------------------
def test_sign_colours_are_no_symbol_or_class_colour():
    from scenes import style
    rgb = lambda c: np.array(style.ManimColor(c).to_rgb()) * 255  # noqa: E731
    pos, neg = lecture.SIGN_COLORS
    assert pos.to_hex() == style.COLOR["cW"].to_hex()   # a positive weight: the weight's colour
    others = [h for _, h in style.SYMBOLS.values()] + list(style.CLASS_COLORS)
    for c in others:
        assert np.linalg.norm(rgb(neg) - rgb(c)) >= 60
    assert np.linalg.norm(rgb(pos) - rgb(neg)) >= 100


def test_number_format_has_no_negative_zero():
    assert lecture.num(-0.0, 3) == "0" and lecture.num(-0.00004, 4) == "0.0000"
    assert lecture.num(-0.0139, 4) == "-0.0139"
