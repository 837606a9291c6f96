"""Every number lecture 3.4 (softmax regression) says or shows, checked against an independent
reference: scipy's softmax, expit and logsumexp, finite differences for the Jacobian and the
gradients, direct recomputation from the Iris data for the loss, the accuracy and the slice.

The numbers come from ``scenes.chapter3.softmax_regression.lecture_numbers`` (computed from the
trajectory of ``scenes.chapter3.trajectories.softmax_regression``); the values quoted in the
comments are the ones the narration speaks.
"""
import numpy as np
import pytest
from scipy.special import expit, logsumexp, softmax

from algorithms.datasets import load_iris
from scenes.catalog import find_lecture
from scenes.chapter3.trajectories import softmax_regression

sm = pytest.importorskip("scenes.chapter3.softmax_regression")
lecture_numbers = sm.lecture_numbers


@pytest.fixture(scope="module")
def runs():
    return find_lecture("chapter3/softmax_regression")[1].trajectories()


@pytest.fixture(scope="module")
def N(runs):
    return lecture_numbers(runs)


@pytest.fixture(scope="module")
def iris():
    """Petal length and width in cm, scaled to [0, 1] here (not by the library), and labels."""
    X, y, names, _ = load_iris()
    cm = X[:, [names.index("petal_length"), names.index("petal_width")]]
    lo, hi = cm.min(0), cm.max(0)
    return cm, (cm - lo) / (hi - lo), y


def ce(W, b, Xs, y):
    """Mean cross-entropy written with scipy's logsumexp."""
    Z = Xs @ W + b
    return float(np.mean(logsumexp(Z, axis=1) - Z[np.arange(len(y)), y]))


def test_catalogue_defaults_are_the_function_defaults(runs):
    ref = softmax_regression()["gd"]
    for key in runs["gd"].steps:
        np.testing.assert_array_equal(runs["gd"][key], ref[key])


def test_data(N, iris):
    cm, Xs, y = iris
    assert N["n"] == 150 and N["per"] == [50, 50, 50] and N["K"] == 3      # "150 irises, 50 of each"
    np.testing.assert_allclose(N["Xcm"], cm, atol=1e-12)
    np.testing.assert_allclose(N["Xs"], Xs, atol=1e-12)
    (x0, x1), (y0, y1) = sm.BOX                  # every flower inside the feature plane shown
    assert x0 < cm[:, 0].min() and cm[:, 0].max() < x1 and y0 <= cm[:, 1].min() and cm[:, 1].max() < y1


def test_the_followed_flower_scores_exponentials_and_softmax(N, iris):
    cm, Xs, y = iris
    i = N["pick"]
    assert y[i] == 1                                                  # "a versicolor"
    z = Xs[i] @ N["W"] + N["b"]
    np.testing.assert_allclose(N["z"], z, rtol=1e-12)
    assert [f"{v:.1f}" for v in z] == ["-6.5", "3.7", "2.8"]
    assert [f"{N['ez'][0]:.4f}", f"{N['ez'][1]:.1f}", f"{N['ez'][2]:.1f}"] == \
        ["0.0016", "40.2", "16.0"]
    assert f"{N['S']:.1f}" == "56.2" and N["S"] == pytest.approx(np.exp(z).sum())
    np.testing.assert_allclose(N["p"], softmax(z), rtol=1e-12)
    assert [f"{v:.2f}" for v in N["p"]] == ["0.00", "0.71", "0.29"]
    # it is the least sure versicolor that the trained model gets right
    P = softmax(Xs @ N["W"] + N["b"], axis=1)
    ok = np.flatnonzero((y == 1) & (P.argmax(1) == 1))
    assert P[i, 1] == P[ok, 1].min()
    # "adding the same number to every score changes nothing"
    np.testing.assert_allclose(softmax(z + 3.0), softmax(z), rtol=1e-12)


def test_two_classes_is_the_logistic_of_the_difference(N):
    rng = np.random.default_rng(0)
    for z1, z2 in rng.normal(0, 5, (50, 2)):
        assert softmax([z1, z2])[0] == pytest.approx(expit(z1 - z2), rel=1e-12)
    # on the slice, versicolor's probability is sigma(z2 - z3) times (1 - p1), exactly; the gap
    # is below the width of a line (0.01 of the plot) wherever setosa's share is under 1%
    u = np.linspace(0, 1, 400)
    ends = N["slice_xy"]
    Z = ((ends[0] + np.outer(u, ends[1] - ends[0]) - N["lo"]) / (N["hi"] - N["lo"])) @ N["W"] \
        + N["b"]
    P = softmax(Z, axis=1)
    s = expit(Z[:, 1] - Z[:, 2])
    np.testing.assert_allclose(P[:, 1], s * (1 - P[:, 0]), rtol=1e-10, atol=1e-15)
    far = P[:, 0] < 0.01
    assert far.sum() > 200 and np.abs(P[far, 1] - s[far]).max() < 0.01


def test_jacobian_against_finite_differences(N):
    z, p, J = N["z"], N["p"], N["J"]
    h = 1e-6
    fd = np.column_stack([(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(J, fd, atol=1e-8)                      # dp_k / dz_j, column j
    # the versicolor column: +0.20 to versicolor, -0.20 from virginica, ~0 from setosa
    assert f"{J[1, 1]:.2f}" == "0.20" and f"{J[2, 1]:.2f}" == "-0.20" and abs(J[0, 1]) < 5e-3
    np.testing.assert_allclose(J.sum(axis=0), 0, atol=1e-15)         # what one gains, others lose


def test_cross_entropy_and_its_slope_p_minus_y(N):
    z, p, y = N["z"], N["p"], N["yk"]
    np.testing.assert_array_equal(y, [0, 1, 0])                       # "y = (0, 1, 0)"
    ell = logsumexp(z) - z[1]
    assert N["ell"] == pytest.approx(ell) and f"{N['ell']:.2f}" == "0.34"   # "-log 0.71 = 0.34"
    assert f"{-np.log(float(f'{p[1]:.2f}')):.2f}" == "0.34"           # the shown line adds up
    h = 1e-6
    fd = np.array([((logsumexp(z + h * e) - (z + h * e)[1]) - (logsumexp(z - h * e) - (z - h * e)[1]))
                   / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(N["g"], fd, atol=1e-8)
    assert [f"{v:.2f}" for v in N["g"]] == ["0.00", "-0.29", "0.29"]


def test_run_gradient_is_mean_p_minus_y_times_x(runs, iris):
    _, Xs, y = iris
    run = runs["gd"]
    h = 1e-6
    for t in (0, 7, 3000):
        W, b = run["W"][t], run["b"][t]
        fd = np.zeros_like(W)
        for a in range(2):
            for k in range(3):
                E = np.zeros_like(W)
                E[a, k] = h
                fd[a, k] = (ce(W + E, b, Xs, y) - ce(W - E, b, Xs, y)) / (2 * h)
        np.testing.assert_allclose(run["grad_W"][t], fd, atol=1e-7)
        assert run["loss"][t] == pytest.approx(ce(W, b, Xs, y), rel=1e-12)


def test_training_numbers(N, runs, iris):
    _, Xs, y = iris
    run = runs["gd"]
    assert N["lr"] == 3.0 and N["T"] == 3000                          # "eta = 3", "3000 steps"
    assert N["L0"] == pytest.approx(np.log(3)) and f"{N['L0']:.2f}" == "1.10"   # "log 3, 1.10"
    assert f"{N['LT']:.3f}" == "0.080"
    pred = (Xs @ N["W"] + N["b"]).argmax(1)
    assert (pred == y).sum() == N["n_right"] == 144 and f"{100 * N['accT']:.0f}" == "96"
    assert N["n_wrong"] == 6 and list(N["wrong_true"]) == [1, 1, 1, 2, 2, 2]   # 3 and 3
    # "by step 2 every setosa is in a region of its own" (not yet at step 1)
    def alone(t):
        Z = Xs[y == 0] @ run["W"][t] + run["b"][t]
        return bool((Z[:, 0] > Z[:, 1:].max(1)).all())
    assert N["k_setosa"] == 2 and alone(2) and not alone(1)
    # "by step 20, 94.7% of the flowers"
    Z20 = Xs @ run["W"][20] + run["b"][20]
    assert f"{100 * np.mean(Z20.argmax(1) == y):.1f}" == f"{100 * N['acc20']:.1f}" == "94.7"
    # "around step 41 our versicolor crosses": virginica at step 40, versicolor from 41 on
    i = N["pick"]
    Zi = Xs[i] @ run["W"] + run["b"]                                  # (T, K)
    assert N["right_from"] == 41 and (Zi[1:41].argmax(1) == 2).all()  # "called it virginica"
    assert (Zi[41:].argmax(1) == 1).all()


def test_setosa_keeps_growing(N, runs):
    run = runs["gd"]
    w_half, w_end = N["w_setosa"]
    assert w_half == pytest.approx(np.linalg.norm(run["W"][1500][:, 0]))
    assert (f"{w_half:.1f}", f"{w_end:.1f}") == ("18.7", "22.3")
    norms = np.linalg.norm(run["W"][:, :, 0], axis=1)
    assert np.all(np.diff(norms[100:]) > 0)                           # still growing at the end
    assert 0 < N["grad_norm"] < 0.01 and not run.converged            # "never quite reaches zero"
    assert f"{N['grad_norm']:.4f}" == "0.0012"                         # "still 0.0012"
    assert np.all(np.diff(run["loss"]) < 0)                           # every step lowers the loss


def test_slice_and_where_the_winner_switches(N, iris):
    cm, _, y = iris
    ends = N["slice_xy"]
    d = ends[1] - ends[0]
    for k in (0, 2):                                                  # through both means
        m = cm[y == k].mean(0) - ends[0]
        assert abs(m[0] * d[1] - m[1] * d[0]) < 1e-9
    (x0, x1), (y0, y1) = sm.BOX
    on_edge = lambda q: np.isclose(q[0], [x0, x1]).any() or np.isclose(q[1], [y0, y1]).any()  # noqa
    assert on_edge(ends[0]) and on_edge(ends[1])
    assert N["switch_win"] == [0, 1, 2]                   # setosa, then versicolor, then virginica
    to_s = lambda q: (q - N["lo"]) / (N["hi"] - N["lo"])  # noqa: E731
    for x, (j, k) in zip(N["switch_x"], ((0, 1), (1, 2))):
        q = ends[0] + (x - ends[0][0]) / d[0] * d                     # the point at that length
        z = to_s(q) @ N["W"] + N["b"]
        assert z[j] == pytest.approx(z[k], abs=1e-9) and z[j] > z[3 - j - k]
    lo, hi = N["z_slice_range"]
    r = sm.score_range(N)
    assert r[0] <= lo and hi <= r[1] and r == (-26, 26)             # every step fits the plot
    B = sm.bar_ranges(N)                                             # and every bar its plot
    assert B["z"][0][0] < N["z"].min() and N["z"].max() < B["z"][0][1]
    assert N["ez"].max() < B["ez"][0][1] and B["ez"] == ((0.0, 50.0), [0, 20, 40])


def test_region_colours(N):
    Z = np.array([[[5.0, 0.0, 0.0], [0.0, 0.0, 9.0]], [[0.0, 0.0, 0.0], [0.0, 4.0, 0.0]]])
    img = sm.region_rgba(Z)                                           # rows top-down
    assert img.shape == (2, 2, 4) and (img[..., 3] == 255).all()
    base = np.array(sm.REGION_BASE.to_rgb()) * 255
    # image row 0 is the top: Z's row 1
    assert np.abs(img[0, 0, :3] - base).max() <= 1                   # a tie: no colour
    for (r, c), k in (((1, 0), 0), ((1, 1), 2), ((0, 1), 1)):
        col = np.array(sm.SP[k].to_rgb()) * 255
        assert np.linalg.norm(img[r, c, :3] - col) < 0.7 * np.linalg.norm(base - col)


def test_no_straight_line_separates_versicolor_from_virginica(iris):
    """"No straight boundary can put all of them on the right side": the linear program
    s_i (w . x_i + b) >= 1 has no solution (while setosa against the rest has one)."""
    from scipy.optimize import linprog
    cm, _, y = iris

    def separable(pos, neg):
        X = np.r_[cm[pos], cm[neg]]
        s = np.r_[np.ones(pos.sum()), -np.ones(neg.sum())]
        A = -s[:, None] * np.c_[X, np.ones(len(X))]          # -s_i (x_i, 1) . (w, b) <= -1
        res = linprog(np.zeros(3), A_ub=A, b_ub=-np.ones(len(X)), bounds=[(None, None)] * 3)
        return res.status == 0

    assert not separable(y == 1, y == 2)
    assert separable(y == 0, y != 0)                                  # "setosa is separable"


def test_region_polygons_are_where_each_plane_is_on_top(N):
    """The roof and the floor's regions of the 3D view: polygons in the unit square whose
    areas add up to 1, each holding only points where its class's score is the largest
    (checked on a grid by argmax of the scores, computed here from the cm coordinates)."""
    polys = N["regions_uv"]
    area = lambda P: 0.5 * abs(np.dot(P[:, 0], np.roll(P[:, 1], -1))  # noqa: E731
                               - np.dot(P[:, 1], np.roll(P[:, 0], -1)))
    assert sum(area(P) for P in polys) == pytest.approx(1.0)
    g = (np.arange(200) + 0.5) / 200
    U, V = np.meshgrid(g, g)
    uv = np.c_[U.ravel(), V.ravel()]
    (x0, x1), (y0, y1) = sm.BOX
    cm = np.c_[x0 + uv[:, 0] * (x1 - x0), y0 + uv[:, 1] * (y1 - y0)]
    win = (((cm - N["lo"]) / (N["hi"] - N["lo"])) @ N["W"] + N["b"]).argmax(1)
    for k, P in enumerate(polys):
        share = np.mean(win == k)
        assert area(P) == pytest.approx(share, abs=0.01)           # the grid's share of class k
    # every plane stands above the floor of the view, at every corner of the square
    assert N["z_corners"].min() > sm.Z_FLOOR


@pytest.mark.parametrize("override", [{"lr": 1.0}, {"lr": 2.0}, {"n_steps": 1000},
                                      {"n_steps": 6000}, {"lr": 1.0, "n_steps": 1000},
                                      {"lr": 3.0, "n_steps": 6000}])
def test_parameter_ranges_keep_the_story_true(override):
    """At the catalogue's bounds every number still computes and every sentence stays true:
    setosa gets its own region within the first 20 steps, the followed versicolor is called
    virginica first and crosses before the end, the slice meets setosa, versicolor, virginica
    in that order, and setosa keeps (almost) no share of that flower."""
    _, lecture = find_lecture("chapter3/softmax_regression")
    p = {q.name: q for q in lecture.params}
    for name, value in override.items():
        assert p[name].low <= value <= p[name].high
    runs = lecture.trajectories(**override)
    N = lecture_numbers(runs)
    assert N["k_setosa"] <= N["k20"] == 20
    assert 0 < N["right_from"] < N["T"] and N["y"][N["pick"]] == 1
    Zi = N["Xs"][N["pick"]] @ runs["gd"]["W"] + runs["gd"]["b"]
    assert (Zi[1:N["right_from"]].argmax(1) == 2).all()
    assert N["switch_win"] == [0, 1, 2] and N["p"][0] < 0.01
    assert 0 < N["n_wrong"] <= 8
    assert N["w_setosa"][1] > N["w_setosa"][0]


def test_each_flowers_loss_averages_to_L(N, iris):
    """The dots' sizes in the cross-entropy beat: -log of the true class's probability, whose
    mean is the loss after training."""
    _, Xs, y = iris
    Z = Xs @ N["W"] + N["b"]
    ell = logsumexp(Z, axis=1) - Z[np.arange(len(y)), y]
    np.testing.assert_allclose(N["ell_all"], ell, rtol=1e-10)
    assert N["ell_all"].mean() == pytest.approx(N["LT"], rel=1e-10)
    assert N["ell"] == pytest.approx(ell[N["pick"]])
