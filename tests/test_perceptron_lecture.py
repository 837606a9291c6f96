"""Every number lecture 3.1 (the perceptron) says or shows, checked against references that do
not come from the lecture's code: the perceptron replayed here by hand (its own loop over the
seeded visiting orders), the widest margin found by brute force over unit directions, the
Novikoff inequalities written out, and direct counting.

The numbers come from ``scenes.chapter3.perceptron.lecture_numbers`` (computed from the
trajectories of ``scenes.chapter3.trajectories.perceptron``); the values quoted in the comments
are the ones the narration speaks.
"""
import math

import numpy as np
import pytest

from scenes.chapter3.trajectories import NORMAL, perceptron, separable_data

lec = pytest.importorskip("scenes.chapter3.perceptron")
lecture_numbers = lec.lecture_numbers


@pytest.fixture(scope="module")
def runs():
    return perceptron()


@pytest.fixture(scope="module")
def N(runs):
    return lecture_numbers(runs)


def replay(X, y, lr, max_epochs, seed):
    """The perceptron written out again: w, b from zero, a fresh seeded order every epoch.
    Returns the (w, b) after every update, the sample behind it, its epoch, and whether an
    epoch ran clean."""
    rng = np.random.default_rng(seed)
    w, b = np.zeros(2), 0.0
    rows = [(w.copy(), b, -1, 0)]
    for epoch in range(1, max_epochs + 1):
        clean = True
        for i in rng.permutation(len(y)):
            if y[i] * (w @ X[i] + b) <= 0:
                w, b = w + lr * y[i] * X[i], b + lr * y[i]
                rows.append((w.copy(), b, int(i), epoch))
                clean = False
        if clean:
            return rows, epoch, True
    return rows, max_epochs, False


def wrong(w, b, X, y):
    return sum(1 for xi, yi in zip(X, y) if yi * (w @ xi + b) <= 0)


def widest_margin_by_grid(X, y, n_theta=300, n_phi=600):
    """max over unit (w, b) on a sphere grid of min_i y_i (w . x_i + b)."""
    Xa = np.c_[X, np.ones(len(X))]
    th, ph = np.meshgrid(np.linspace(0, np.pi, n_theta), np.linspace(0, 2 * np.pi, n_phi))
    U = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1)
    U = U.reshape(-1, 3)                                   # (M, 3) unit directions
    return float(np.max(np.min((y[:, None] * Xa) @ U.T, axis=0)))


def test_the_run_said_and_shown(N, runs):
    X, y = runs["separable"].data["X"], runs["separable"].data["y"]
    rows, epochs, clean = replay(X, y, 1.0, 20, 0)
    assert clean and epochs == N["epochs"] == 3              # "Epoch 3 ... finds no mistake"
    assert len(rows) - 1 == N["K"] == 8                      # "8 updates in all"
    assert N["n"] == len(y) == 40 and N["n_pos"] == N["n_neg"] == 20
    mis = [wrong(w, b, X, y) for w, b, _, _ in rows]
    assert list(N["mistakes"]) == mis                        # the readout's mistakes
    assert mis[0] == 40                                      # w = 0: every score is zero
    assert mis[1] == 21 and mis[-1] == 0                     # "Now 21 points are wrong, not 40"
    assert [e for *_, e in rows] == list(N["epoch"])          # the readout's epochs
    assert N["first_pass"] == sum(1 for *_, e in rows if e == 1) == 6   # "after 6 updates"
    assert N["K"] - N["first_pass"] == 2                     # "The second makes 2 more"
    assert N["epoch"][-1] == 2 and N["epochs"] == 3          # the last update is in epoch 2;
    # the lecture says "epoch 3" only while the clean third pass is shown
    assert N["worse"] == [k for k in range(1, len(mis)) if mis[k] > mis[k - 1]] == [5]
    assert (mis[4], mis[5]) == (3, 5)                        # "3 mistakes become 5"
    for k, (w, b, i, _) in enumerate(rows):
        np.testing.assert_allclose(N["theta"][k], [*w, b], atol=1e-12)
        assert N["index"][k] == i


def test_first_update_and_the_fixed_point(N, runs):
    X, y = runs["separable"].data["X"], runs["separable"].data["y"]
    i1 = N["index"][1]
    assert y[i1] == -1                                       # "labelled minus one"
    assert N["theta"][1][2] == -1                            # "b becomes -1"
    np.testing.assert_allclose(N["theta"][1][:2], -X[i1])    # w becomes -x
    assert N["after"][1] > 0                                 # "with the point on its minus side"
    k = N["k_fix"]
    assert k == 2
    i = N["index"][k]
    w0, b0 = N["theta"][k - 1][:2], N["theta"][k - 1][2]
    w1, b1 = N["theta"][k][:2], N["theta"][k][2]
    before, after = y[i] * (w0 @ X[i] + b0), y[i] * (w1 @ X[i] + b1)
    assert N["before"][k] == pytest.approx(before) and N["after"][k] == pytest.approx(after)
    # the derivation: the score rises by eta (|x|^2 + 1)
    assert after - before == pytest.approx(1.0 * (X[i] @ X[i] + 1))
    assert N["fix_gain"] == pytest.approx(X[i] @ X[i] + 1)
    d = lec.sums_to(N["before"][k], N["fix_gain"], N["after"][k])
    shown = [f"{v:.{d}f}" for v in (N["before"][k], N["fix_gain"], N["after"][k])]
    assert shown == ["-1.393", "2.147", "0.754"]             # "-1.393 plus 2.147 is 0.754"
    assert round(float(shown[0]) + float(shown[1]), d) == float(shown[2])
    assert y[i] == 1 and after > 0                           # "a plus one point ...: fixed."
    # every update helps its own point by exactly eta (|x|^2 + 1)
    for k in range(1, N["K"] + 1):
        i = N["index"][k]
        assert N["after"][k] - N["before"][k] == pytest.approx(X[i] @ X[i] + 1)
        assert N["before"][k] <= 1e-12                       # updates happen at mistakes only


def test_demo_line_mistakes(N, runs):
    X, y = runs["separable"].data["X"], runs["separable"].data["y"]
    assert N["demo_mistakes"] == wrong(lec.W_DEMO, lec.B_DEMO, X, y) == 4   # "makes 4 mistakes"


def test_margin_and_radius_against_brute_force(N, runs):
    X, y = runs["separable"].data["X"], runs["separable"].data["y"]
    R = max(math.sqrt(x @ x + 1) for x in X)
    assert N["R"] == pytest.approx(R) and f"{R:.3f}" == "2.847"          # "R = 2.847"
    assert N["far"] == int(np.argmax([x @ x for x in X]))
    g_grid = widest_margin_by_grid(X, y)
    assert g_grid <= N["gamma"] + 1e-9 and N["gamma"] - g_grid < 0.015  # grid step ~0.005 rad, R < 3
    assert f"{N['gamma']:.4f}" == "0.1785"                               # "gamma = 0.1785"
    ts = N["theta_star"]
    assert np.linalg.norm(ts) == pytest.approx(1.0)
    scores = y * (np.c_[X, np.ones(len(X))] @ ts)
    assert scores.min() == pytest.approx(N["gamma"])
    assert sorted(N["sv"]) == sorted(np.flatnonzero(scores <= N["gamma"] + 1e-6).tolist())
    assert len(N["sv"]) == 3                                             # "these 3 points"
    assert N["bound"] == pytest.approx((R / N["gamma"]) ** 2)
    assert f"{N['bound']:.0f}" == "254" and N["K"] <= N["bound"]         # "at most 254"
    # the typeset fraction (R / gamma)^2, from its typeset digits, gives the typeset result
    assert round((float(f"{R:.3f}") / float(f"{N['gamma']:.4f}")) ** 2) == 254


def test_novikoff_steps_hold_on_the_run(N):
    K, lr, g, R = N["K"], N["lr"], N["gamma"], N["R"]
    th, ts = N["theta"], N["theta_star"]
    along = th @ ts
    norm = np.linalg.norm(th, axis=1)
    np.testing.assert_allclose(N["along"], along)
    np.testing.assert_allclose(N["norm"], norm)
    np.testing.assert_allclose(N["off"] ** 2 + N["along"] ** 2, norm ** 2, atol=1e-12)
    for k in range(1, K + 1):
        assert along[k] - along[k - 1] >= lr * g - 1e-9       # step one: at least eta gamma
        assert along[k] >= k * lr * g - 1e-9
        assert norm[k] ** 2 - norm[k - 1] ** 2 <= N["step_sq"][k] + 1e-9   # cross term <= 0
        assert N["step_sq"][k] <= (lr * R) ** 2 + 1e-9
        assert norm[k] <= math.sqrt(k) * lr * R + 1e-9        # step two
        assert N["cos"][k] >= math.sqrt(k) * g / R - 1e-9     # the cosines sit above the curve
        assert N["cos"][k] == pytest.approx(along[k] / norm[k])
    # "The very first step gains exactly gamma: its point sits on the margin"
    assert N["gain_along"][1] == pytest.approx(lr * g, abs=1e-6)
    # the triangle: obtuse at every update after the first; the one drawn is the most obtuse,
    # 148 degrees, at update 2 (the update followed in the data plane)
    assert np.all(N["obtuse"][2:] > 90)
    kt = N["k_tri"]
    i = N["index"][kt]
    step = np.r_[runs_x(N, i), 1.0] * lr
    c = (th[kt - 1] @ step) / (norm[kt - 1] * np.linalg.norm(step))
    assert N["obtuse"][kt] == pytest.approx(math.degrees(math.acos(c)))
    assert f"{N['obtuse'][kt]:.0f}" == "148" and kt == 2 == N["k_fix"]
    assert N["norm"][kt] < N["norm"][kt - 1]                  # "shorter": here even shorter
    assert N["norm"][kt] ** 2 <= N["norm"][kt - 1] ** 2 + N["step_sq"][kt]


def runs_x(N, i):
    X, y = separable_data(seed=0)
    return y[i] * X[i]


def test_learning_rate_only_rescales(N):
    half = lecture_numbers(perceptron(lr=0.5))
    assert half["K"] == N["K"] and list(half["index"]) == list(N["index"])
    np.testing.assert_allclose(half["theta"], 0.5 * N["theta"])
    assert half["bound"] == pytest.approx(N["bound"])         # "eta has cancelled"
    np.testing.assert_allclose(half["cos"], N["cos"])


def test_flipped_labels_never_settle(N, runs):
    X = runs["noisy"].data["X"]
    y2 = runs["noisy"].data["y"]
    y = runs["separable"].data["y"]
    flips = N["flipped"]
    assert sorted(np.flatnonzero(y2 != y).tolist()) == sorted(flips)
    s = X @ NORMAL
    neg, pos = np.flatnonzero(y < 0), np.flatnonzero(y > 0)
    assert neg[np.argmax(s[neg])] in flips and pos[np.argmin(s[pos])] in flips
    rows, epochs, clean = replay(X, y2, 1.0, 20, 0)
    assert not clean and not N["noisy_converged"] and epochs == N["noisy_epochs"] == 20
    assert len(rows) - 1 == N["noisy_K"] == 59                # "after 20 epochs and 59 updates"
    mis = [wrong(w, b, X, y2) for w, b, _, _ in rows]
    assert list(N["noisy_mistakes"]) == mis
    assert mis[0] == 40 and max(mis) <= N["n"]                # the plot's axis 0..40 holds all
    assert min(mis[1:]) == N["noisy_best"] == 1 and 0 not in mis   # "at best one point"
    assert mis[-1] == N["noisy_left"] == 2                    # "2 points still wrong"
    # no separator exists: the widest margin over all directions is negative
    assert widest_margin_by_grid(X, y2, 200, 400) < 0


@pytest.mark.parametrize("max_epochs", [5, 40])
def test_declared_parameter_ends(max_epochs):
    M = lecture_numbers(perceptron(max_epochs=max_epochs))
    assert M["converged"] and M["epochs"] == 3 and M["K"] == 8
    assert M["noisy_epochs"] == max_epochs and not M["noisy_converged"]
    assert M["noisy_mistakes"].max() <= M["n"] and M["noisy_best"] >= 1


def test_geometry_helpers():
    rng = np.random.default_rng(3)
    for _ in range(20):
        w, b = rng.normal(size=2), rng.normal()
        seg = lec.boundary(w, b)
        if seg is not None:
            np.testing.assert_allclose(seg @ w + b, 0, atol=1e-9)   # both ends on the line
            assert np.all(np.abs(seg) <= lec.BOX + 1e-9)
        P = rng.uniform(-lec.BOX, lec.BOX, size=(400, 2))
        poly = lec.half_plane(w, b, 1)
        if len(poly) >= 3:  # points on the + side are inside the polygon (convex: same turn)
            inside = P[(P @ w + b) > 1e-6]
            for p in inside[:50]:
                e = [poly[(j + 1) % len(poly)] - poly[j] for j in range(len(poly))]
                cross = [a[0] * (p - q)[1] - a[1] * (p - q)[0] for a, q in zip(e, poly)]
                assert min(cross) >= -1e-9 or max(cross) <= 1e-9
    assert lec.nice_ticks(9.0) == [0, 2, 4, 6, 8]
    assert lec.nice_ticks(59, 4) == [0, 20, 40]
    assert lec.nice_ticks(40, 5) == [0, 10, 20, 30, 40]
    assert lec.sums_to(-1.3931, 2.1472, 0.7541) == 3          # 2 decimals would give 0.76
