"""Every number lecture 3.3 (logistic regression) says or shows, checked against an independent
reference: scipy's expit and minimize_scalar, central finite differences, Newton's method written
here (on both features, and on the one feature x1 + x2 that an equal-weights model sees), and
loops over the tumours and features written out.

The numbers come from ``scenes.chapter3.logistic_regression.lecture_numbers`` (computed from the
trajectories of ``scenes.chapter3.trajectories.logistic_regression``); the values quoted in the
comments are the ones the narration speaks or the screen shows.
"""
import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.special import expit

from algorithms.datasets import load_breast_cancer, minmax_scale
from algorithms.logistic_regression import feature_averaged_logistic_regression
from scenes.catalog import find_lecture
from scenes.chapter3.trajectories import LOGISTIC_FEATURES, logistic_regression

lecture = pytest.importorskip("scenes.chapter3.logistic_regression")
lecture_numbers, profile_loss = lecture.lecture_numbers, lecture.profile_loss


@pytest.fixture(scope="module")
def runs():
    return find_lecture("chapter3/logistic_regression")[1].trajectories()


@pytest.fixture(scope="module")
def N(runs):
    return lecture_numbers(runs)


@pytest.fixture(scope="module")
def Xy():
    X, y, names = load_breast_cancer()
    cols = [names.index(f) for f in LOGISTIC_FEATURES]
    Xr = X[:, cols]
    Xs = (Xr - Xr.min(0)) / (Xr.max(0) - Xr.min(0))  # min-max scaling, written out
    return Xs, y.astype(float)


def bce_ref(w, b, X, y):
    """-mean(y log p + (1 - y) log(1 - p)), as log(1 + e^z) - y z so that p = 0 or 1 is finite."""
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def newton(A, y, n_iter=60):
    """Maximum likelihood by Newton's method; A (n, k) gets a column of ones for the bias."""
    Aa = np.hstack([A, np.ones((len(A), 1))])
    th = np.zeros(Aa.shape[1])
    for _ in range(n_iter):
        p = expit(Aa @ th)
        H = (Aa * (p * (1 - p))[:, None]).T @ Aa / len(y)
        th -= np.linalg.solve(H, Aa.T @ (p - y) / len(y))
    return th[:-1], th[-1]


def test_catalogue_defaults_are_the_function_defaults(runs):
    ref = logistic_regression()
    for name in ("gd", "averaged"):
        for key in ref[name].steps:
            np.testing.assert_array_equal(runs[name][key], ref[name][key])


def test_the_data(N, runs, Xy):
    X, y = Xy
    np.testing.assert_allclose(runs["gd"].data["X"], X, rtol=1e-12)
    np.testing.assert_array_equal(runs["gd"].data["y"], y)
    assert (N["n"], N["n_mal"], N["n_ben"]) == (569, 212, 357)  # "569 tumours, 212 ... 357"
    assert N["n_mal"] == int(y.sum()) and N["n_mal"] + N["n_ben"] == len(y)
    assert X.min() == 0 and X.max() == 1                        # "scaled to run from 0 to 1"


def test_sigmoid_slope_numbers():
    """sigma'(0) = 1/4 is the largest slope; at z = 3: 0.953 * 0.047 = 0.045 (finite differences
    of scipy's expit)."""
    N = lecture_numbers(logistic_regression())
    h = 1e-6
    for z, s, k in zip(N["z_read"], N["sig_read"], N["slope_read"]):
        assert s == pytest.approx(expit(z), rel=1e-14)
        assert k == pytest.approx((expit(z + h) - expit(z - h)) / (2 * h), rel=1e-7)
    assert N["slope_read"][0] == 0.25
    zs = np.linspace(-8, 8, 1601)
    fd = (expit(zs + h) - expit(zs - h)) / (2 * h)
    assert zs[np.argmax(fd)] == 0 and fd.max() == pytest.approx(0.25, abs=1e-9)
    s3 = N["sig_read"][1]
    assert (f"{s3:.3f}", f"{1 - s3:.3f}", f"{N['slope_read'][1]:.3f}") == ("0.953", "0.047", "0.045")
    # the product of the shown, rounded factors is the shown slope
    assert f"{round(s3, 3) * round(1 - s3, 3):.3f}" == "0.045"


def test_penalties(N):
    pen = N["pen"]
    assert [f"{pen[p]:.2f}" for p in (0.5, 0.1, 0.01)] == ["0.69", "2.30", "4.61"]
    assert pen[0.01] == pytest.approx(math.log(100))
    # squared error never charges more than 1 for a probability in [0, 1]
    p = np.linspace(0, 1, 1001)
    assert np.max((1 - p) ** 2) == N["sq_max"] == 1.0


def test_the_worst_tumour_at_the_optimum(N, Xy):
    X, y = Xy
    w, b = newton(X, y)
    p = expit(X @ w + b)
    q = np.where(y == 1, p, 1 - p)
    i = int(np.argmin(q))
    assert N["worst"] == i and N["y_worst"] == 1 == y[i]      # "this malignant tumour"
    assert N["p_worst"] == pytest.approx(p[i], rel=1e-4)
    assert f"{N['p_worst']:.3f}" == "0.017"                   # "gets p = 0.017"
    assert f"{N['cost_worst']:.2f}" == "4.05" and N["cost_worst"] == pytest.approx(-np.log(p[i]), rel=1e-4)
    L = bce_ref(w, b, X, y)
    assert f"{N['L_end']:.3f}" == f"{L:.3f}" == "0.256"
    assert round(N["worst_ratio"]) == 16 and round(-np.log(p[i]) / L) == 16  # "about 16 times"
    # "small and smooth": below the median radius and texture
    assert np.all(X[i] < np.median(X, axis=0))


def test_likelihood_numbers(N, Xy):
    X, y = Xy
    assert N["L0"] == pytest.approx(math.log(2)) and f"{N['L0']:.3f}" == "0.693"
    w, b = newton(X, y)
    f = N["flip"]
    assert N["L_flip"] == pytest.approx(bce_ref(f * w, f * b, X, y), rel=1e-4)
    assert f"{N['L_flip']:.2f}" == "1.90" and N["L_flip"] > N["L0"] > N["L_end"]


def test_gradient_at_the_start_is_finite_differences(N, Xy):
    X, y = Xy
    h = 1e-6
    g = [(bce_ref(np.eye(2)[j] * h, 0.0, X, y) - bce_ref(-np.eye(2)[j] * h, 0.0, X, y)) / (2 * h)
         for j in range(2)]
    gb = (bce_ref(np.zeros(2), h, X, y) - bce_ref(np.zeros(2), -h, X, y)) / (2 * h)
    assert N["g0"] == pytest.approx(tuple(g), rel=1e-6) and N["gb0"] == pytest.approx(gb, rel=1e-6)
    assert (f"{N['g0'][0]:.4f}", f"{N['g0'][1]:.4f}") == ("-0.0157", "0.0121")  # opposite signs


def test_the_descent_reaches_newtons_optimum(N, Xy):
    X, y = Xy
    w, b = newton(X, y)
    assert N["converged"] and N["grad_end"] < 1e-6
    np.testing.assert_allclose(N["w_end"], w, rtol=1e-4)   # gradient 1.6e-7 from the optimum
    assert N["b_end"] == pytest.approx(b, rel=1e-4)
    assert (f"{N['w_end'][0]:.2f}", f"{N['w_end'][1]:.2f}", f"{N['b_end']:.2f}") == \
        ("22.34", "6.45", "-10.35")
    assert f"{N['L_end']:.4f}" == "0.2558" and f"{N['ratio_w']:.1f}" == "3.5"
    acc = np.mean((expit(X @ w + b) >= 0.5) == (y == 1))
    assert f"{N['acc_end'] * 100:.1f}" == f"{acc * 100:.1f}" == "89.1"


def test_the_books_averaged_gradient(N, runs, Xy):
    X, y = Xy
    avg = runs["averaged"]
    # both weights equal at every step
    np.testing.assert_array_equal(avg["w"][:, 0], avg["w"][:, 1])
    # the first step: minus eta times the mean over tumours and features of (p - y) x, written out
    p0 = expit(np.zeros(len(y)))
    g = sum((p0[i] - y[i]) * X[i, j] for i in range(len(y)) for j in range(2)) / (2 * len(y))
    assert N["g_avg0"] == pytest.approx(g, rel=1e-10) and f"{N['g_avg0']:.4f}" == "-0.0018"
    assert N["g_avg0"] == pytest.approx(np.mean(N["g0"]), rel=1e-10)  # the average of the two
    lr = runs["gd"].info["lr"]
    assert avg["w"][1, 0] == pytest.approx(-lr * g, rel=1e-10)
    # averaging = projecting the gradient onto the diagonal: "8 times shorter"
    g0 = np.array(N["g0"])
    u = np.ones(2) / math.sqrt(2)
    np.testing.assert_allclose((g0 @ u) * u, [N["g_avg0"]] * 2, rtol=1e-10)
    assert round(N["len_ratio0"]) == 8
    # where it stalls: the best model with w1 = w2, i.e. logistic regression on x1 + x2
    (v,), c = newton(X.sum(1, keepdims=True), y)
    assert N["avg_converged"]
    assert N["w_avg"] == pytest.approx(v, rel=1e-6) and N["b_avg"] == pytest.approx(c, rel=1e-6)
    assert f"{N['w_avg']:.2f}" == "11.27"
    # there the true slopes are equal and opposite: (-0.0102, 0.0102)
    gs = np.array(N["g_stall"])
    assert gs.sum() == pytest.approx(0, abs=1e-12)
    assert (f"{gs[0]:.4f}", f"{gs[1]:.4f}") == ("-0.0102", "0.0102")
    w, b = np.array([v, v]), c
    pp = expit(X @ w + b)
    np.testing.assert_allclose(gs, X.T @ (pp - y) / len(y), rtol=1e-5)
    # its loss and accuracy against the right optimum's
    assert f"{N['L_avg']:.3f}" == f"{bce_ref(w, b, X, y):.3f}" == "0.326"
    acc = np.mean((pp >= 0.5) == (y == 1))
    assert f"{N['acc_avg'] * 100:.1f}" == f"{acc * 100:.1f}" == "87.2"


def test_feature_averaged_algorithm_on_other_data():
    """The algorithm (not only the lecture's run): three features, equal weights throughout, and
    its end point is one-feature logistic regression on the row sums."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(200, 3))
    y = (X @ np.array([1.0, -0.5, 2.0]) + 0.3 * rng.normal(size=200) > 0).astype(float)
    t = feature_averaged_logistic_regression(X, y, lr=1.0, n_steps=3000)
    assert np.all(t["w"] == t["w"][:, :1])
    np.testing.assert_allclose(t["grad_avg"], t["grad_w"].mean(1), rtol=1e-12)
    (v,), c = newton(X.sum(1, keepdims=True), y)
    assert t.converged and t.result["w"][0] == pytest.approx(v, rel=1e-5)
    assert float(t.result["b"]) == pytest.approx(c, rel=1e-5, abs=1e-8)


def test_profile_loss_is_the_minimum_over_b(Xy, N):
    X, y = Xy
    w1, w2 = np.array([0.0, 11.0, 22.0]), np.array([-3.0, 6.0, 11.0])
    Z, B = profile_loss(X, y, w1, w2)
    for r, b2 in enumerate(w2):
        for c_, a in enumerate(w1):
            res = minimize_scalar(lambda b: bce_ref(np.array([a, b2]), b, X, y),
                                  bounds=(-40, 40), method="bounded",
                                  options={"xatol": 1e-10})
            assert Z[r, c_] == pytest.approx(res.fun, rel=1e-7)
            assert B[r, c_] == pytest.approx(res.x, abs=1e-4)
    # along the diagonal the profile is lowest where the book's descent stalled
    vs = np.linspace(5, 17, 241)
    Zd = np.array([profile_loss(X, y, np.array([v]), np.array([v]))[0][0, 0] for v in vs])
    assert vs[np.argmin(Zd)] == pytest.approx(N["w_avg"], abs=0.05)
    assert Zd.min() == pytest.approx(N["L_avg"], rel=1e-6)


@pytest.mark.parametrize("lr,n_steps", [(3.0, 2000), (6.5, 20000)])
def test_declared_parameter_ends_still_descend(lr, n_steps):
    """At the ends of the catalogue's ranges the runs stay finite and go downhill, and the
    sentences that depend on convergence have what they need."""
    N = lecture_numbers(logistic_regression(lr=lr, n_steps=n_steps))
    assert 0.2557 < N["L_end"] < 0.2562 and 0.326 < N["L_avg"] < 0.327
    assert N["T"] == n_steps and N["worst_ratio"] > 10
    assert abs(sum(N["g_stall"])) < 1e-4
