"""Every number lecture 2.1 (k-means) says or shows, checked against an independent reference:
scipy's distances and Lloyd iteration (scipy.cluster.vq.kmeans2), direct recomputation with
numpy, finite differences for the derivative of J, and a closed form for the restarts.

The numbers come from ``scenes.chapter2.kmeans.lecture_numbers`` (computed from the
trajectories of ``scenes.chapter2.trajectories.kmeans``); the values quoted in the comments are
the ones the narration speaks.
"""
import numpy as np
import pytest
from scipy.cluster.vq import kmeans2
from scipy.spatial.distance import cdist

from scenes.catalog import find_lecture
from scenes.chapter2.trajectories import BLOB_CENTERS, kmeans

lecture_numbers = pytest.importorskip("scenes.chapter2.kmeans").lecture_numbers


@pytest.fixture(scope="module")
def runs():
    return find_lecture("chapter2/kmeans")[1].trajectories()


@pytest.fixture(scope="module")
def N(runs):
    return lecture_numbers(runs)


def J_of(X, mu, labels):
    """J by scipy's distances: sum over points of the squared distance to its own centre."""
    D = cdist(X, mu, "sqeuclidean")
    return float(D[np.arange(len(X)), labels].sum())


def test_catalogue_defaults_are_the_function_defaults(runs):
    ref = kmeans()
    for name in runs:
        for key in runs[name].steps:
            np.testing.assert_array_equal(runs[name][key], ref[name][key])


def test_data(N, runs):
    X = runs["demo"].data["X"]
    assert N["n"] == len(X) == 300 and N["k"] == 4
    # the four blobs lie near their centres (the picture shows four groups)
    per = len(X) // len(BLOB_CENTERS)
    for q, c in enumerate(BLOB_CENTERS):
        assert np.linalg.norm(X[q * per:(q + 1) * per].mean(axis=0) - c) < 0.4
    # every point is inside the scatter's window (-8..8, -6..6)
    assert np.all(np.abs(X[:, 0]) < 8) and np.all(np.abs(X[:, 1]) < 6)


def test_staircase_is_J_at_every_half_step(N, runs):
    """stairs = [J random grouping, J after assign 0, J after update 1, J after assign 1, ...],
    each recomputed with scipy from the centres and labels of that half step."""
    demo = runs["demo"]
    X, mu, lab, lab0 = demo.data["X"], demo["centroids"], demo["labels"], demo.data["labels0"]
    ref = [J_of(X, mu[0], lab0), J_of(X, mu[0], lab[0])]
    for t in range(1, len(demo)):
        ref += [J_of(X, mu[t], lab[t - 1]), J_of(X, mu[t], lab[t])]
    np.testing.assert_allclose(N["stairs"], ref, rtol=1e-12)
    # neither step raises J: every half step is <= the one before ("never up")
    assert np.all(np.diff(N["stairs"]) <= 1e-9 * N["stairs"][0])
    # the spoken values: 14,556 -> 3,359 -> ... -> 637.8 after 5 iterations
    assert N["J_random"] == pytest.approx(ref[0]) and N["J_assign0"] == pytest.approx(ref[1])
    assert N["T"] == len(demo) - 1 == 5
    assert f"{N['J_random']:,.0f}" == "14,556" and f"{N['J_final']:.1f}" == "637.8"


def test_assign_is_nearest_centre_and_update_is_the_mean(runs):
    demo = runs["demo"]
    X, mu, lab = demo.data["X"], demo["centroids"], demo["labels"]
    for t in range(len(demo)):
        np.testing.assert_array_equal(lab[t], cdist(X, mu[t]).argmin(axis=1))
    for t in range(1, len(demo)):
        means = np.array([X[lab[t - 1] == j].mean(axis=0) for j in range(mu.shape[1])])
        np.testing.assert_allclose(mu[t], means, atol=1e-12)


def test_demo_matches_scipy_lloyd(runs):
    """scipy's Lloyd iteration from the same start ends at the same centres (and J)."""
    demo = runs["demo"]
    X = demo.data["X"]
    theirs, labels = kmeans2(X, demo["centroids"][0].copy(), iter=50, minit="matrix",
                             missing="raise")
    np.testing.assert_allclose(demo["centroids"][-1], theirs, atol=1e-10)
    assert J_of(X, theirs, labels) == pytest.approx(float(demo["inertia"][-1]), rel=1e-12)


def test_one_point_takes_its_nearest_centre(N, runs):
    demo = runs["demo"]
    X, mu0, lab0 = demo.data["X"], demo["centroids"][0], demo.data["labels0"]
    d = cdist(X[[N["i0"]]], mu0, "sqeuclidean")[0]
    assert N["i0_from"] == pytest.approx(d[lab0[N["i0"]]])   # 196.2
    assert N["i0_to"] == pytest.approx(d.min())             # 13.2
    assert N["i0_new"] == int(np.argmin(d)) != N["i0_old"]


def test_the_mean_is_where_the_derivative_vanishes(N, runs):
    """J_j(mu) = sum ||x_i - mu||^2: finite differences of it equal -2 sum (x_i - mu), which
    is zero at the mean; J_j there is the spoken 190.8, from 659.2 at the old centre."""
    demo = runs["demo"]
    X, lab = demo.data["X"], demo["labels"][0]
    Xj = X[lab == N["j0"]]
    assert len(Xj) == N["j0_n"] == 79
    Jj = lambda m: float(np.sum((Xj - m) ** 2))  # noqa: E731
    rng = np.random.default_rng(1)
    for m in [N["j0_mu"], N["j0_mean"], *rng.normal(size=(3, 2))]:
        h = 1e-5
        fd = [(Jj(m + h * e) - Jj(m - h * e)) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(fd, -2 * (Xj - m).sum(axis=0), rtol=1e-6, atol=1e-4)
    np.testing.assert_allclose(-2 * (Xj - N["j0_mean"]).sum(axis=0), 0, atol=1e-9)
    np.testing.assert_allclose(N["j0_mean"], demo["centroids"][1][N["j0"]], atol=1e-12)
    np.testing.assert_allclose(N["j0_mu"], demo["centroids"][0][N["j0"]])
    assert N["j0_J_before"] == pytest.approx(Jj(N["j0_mu"]))
    assert N["j0_J_after"] == pytest.approx(Jj(N["j0_mean"]))
    # the mean is the minimum: any other centre gives a larger J_j (the bowl)
    for m in rng.normal(size=(20, 2)) + N["j0_mean"]:
        assert Jj(m) > N["j0_J_after"]


def test_bad_start_is_a_worse_fixed_point(N, runs):
    bad = runs["bad"]
    X, mu, lab = bad.data["X"], bad.result["centroids"], bad.result["labels"]
    # a fixed point: labels are the nearest centres, centres are the means of their labels
    np.testing.assert_array_equal(cdist(X, mu).argmin(axis=1), lab)
    np.testing.assert_allclose(mu, [X[lab == j].mean(axis=0) for j in range(len(mu))],
                               atol=1e-12)
    assert N["bad_final"] == pytest.approx(J_of(X, mu, lab))   # 1,699
    assert N["bad_T"] == 3 and f"{N['bad_ratio']:.1f}" == "2.7"
    assert N["bad_final"] > 1.01 * N["J_best"]
    # two centres share the top-right blob (the picture rings them)
    near = np.linalg.norm(mu - BLOB_CENTERS[3], axis=1)
    assert np.sum(near < 1.5) == 2
    assert np.all(np.diff(N["bad_stairs"]) <= 1e-9 * N["bad_stairs"][0])


def test_starts_and_restarts(N, runs):
    st = runs["starts"]
    X = st.data["X"]
    seeds = st["seed"]
    # recompute every run with scipy's Lloyd from the same starting centres
    from algorithms.kmeans import _initial_centroids
    for init, key in (("random", "J_random"), ("k-means++", "J_pp")):
        for r, s in enumerate(seeds[:12]):
            mu0, _ = _initial_centroids(X, 4, init, int(s))
            mu, lab = kmeans2(X, mu0.copy(), iter=100, minit="matrix", missing="raise")
            assert st[key][r] == pytest.approx(J_of(X, mu, lab), rel=1e-9)
    J_best = min(st["J_random"].min(), st["J_pp"].min())
    assert N["J_best"] == J_best and f"{J_best:.1f}" == "637.8"
    bad_r = np.mean(st["J_random"] > 1.01 * J_best)
    bad_p = np.mean(st["J_pp"] > 1.01 * J_best)
    assert (N["bad_random"], N["bad_pp"]) == (bad_r, bad_p) == (0.27, 0.13)
    assert 1.7 < bad_r / bad_p < 2.4  # "seeding far apart halves the failures"
    assert N["n_runs"] == 100 and N["restarts"] == 5 and N["groups"] == 20
    best = st["J_pp"].reshape(20, 5).min(axis=1)
    np.testing.assert_array_equal(st.data["best_pp"], best)
    assert N["bad_best_pp"] == np.mean(best > 1.01 * J_best) == 0.0
    # five independent runs all fail with probability 0.13^5: "once in 27,000"
    assert N["p_all_bad"] == pytest.approx(0.13 ** 5)
    assert N["one_in"] == 27000 == round(1 / 0.13 ** 5, -3)


def test_seeding(N, runs):
    sd, pp = runs["seeding"], runs["pp"]
    X = sd.data["X"]
    idx = np.array(N["pick_index"])
    # the probabilities are D^2 / sum D^2 (the first uniform), recomputed with scipy
    assert N["pick_p"][0] == pytest.approx(1 / len(X))
    for j in range(1, 4):
        D2 = cdist(X, X[idx[:j]], "sqeuclidean").min(axis=1)
        np.testing.assert_allclose(sd["prob"][j], D2 / D2.sum(), rtol=1e-12)
    # one pick in each blob (the narration: "four different blobs")
    assert len(set(idx // (len(X) // 4))) == 4
    np.testing.assert_allclose(pp["centroids"][0], X[idx])
    assert N["pp_T"] == 2 and N["pp_final"] == pytest.approx(N["J_best"], rel=1e-12)


def test_elbow(N, runs):
    """The lowest J for k = 1 .. 8: k = 1 is the total squared distance to the mean (a closed
    form), k = 4 is the best J of the restarts above, and J falls with k."""
    X = runs["demo"].data["X"]
    ks, Js = N["elbow_k"], np.array(N["elbow_J"])
    assert ks == list(range(1, 9))
    assert Js[0] == pytest.approx(float(np.sum((X - X.mean(axis=0)) ** 2)), rel=1e-12)  # 6,797.6
    assert Js[3] == pytest.approx(N["J_best"], rel=1e-12)                               # 637.8
    assert np.all(np.diff(Js) < 0)
    assert [f"{v:,.1f}" for v in Js[[0, 3, 4]]] == ["6,797.6", "637.8", "574.6"]
    # the elbow: the drop before k = 4 is many times the drop after it
    assert (Js[2] - Js[3]) > 10 * (Js[3] - Js[4])
