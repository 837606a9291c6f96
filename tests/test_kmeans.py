"""k-means: checked against direct recomputation, scipy's Lloyd iteration and hand-built cases."""
import numpy as np
import pytest
from scipy.cluster.vq import kmeans2
from scipy.spatial.distance import cdist

from algorithms.datasets import load_iris, make_blobs
from algorithms.kmeans import elbow, kmeans, kmeans_plus_plus, voronoi_cells

CENTERS = np.array([[-3.0, -2.0], [3.0, -2.5], [0.0, 3.0], [4.0, 3.5]])


@pytest.fixture(scope="module")
def blobs():
    X, _ = make_blobs(60, CENTERS, 1.1, seed=3)
    return X


def _means(X, labels, k):
    return np.array([X[labels == j].mean(axis=0) for j in range(k)])


@pytest.mark.parametrize("init", ["k-means++", "random"])
@pytest.mark.parametrize("seed", [0, 1, 2, 7])
def test_inertia_never_increases_and_matches_definition(blobs, init, seed):
    traj = kmeans(blobs, 4, init=init, seed=seed)
    C, L, J = traj["centroids"], traj["labels"], traj["inertia"]
    for t in range(len(traj)):
        # labels are the nearest centroid, inertia is sum of squared distances (scipy cdist)
        D = cdist(blobs, C[t], "sqeuclidean")
        np.testing.assert_array_equal(L[t], D.argmin(axis=1))
        assert J[t] == pytest.approx(D.min(axis=1).sum(), rel=1e-12)
    assert np.all(np.diff(J) <= 1e-9 * J[0])
    assert traj.converged and traj.info["n_iter"] == len(traj) - 1


def test_final_state_is_fixed_point(blobs):
    X, _, _, _ = load_iris()
    for data, k in ((blobs, 4), (X[:, 2:], 3), (X, 3)):
        traj = kmeans(data, k, seed=0)
        mu, labels = traj.result["centroids"], traj.result["labels"]
        np.testing.assert_allclose(_means(data, labels, k), mu, atol=1e-12)
        np.testing.assert_array_equal(cdist(data, mu, "sqeuclidean").argmin(axis=1), labels)


def test_matches_scipy_lloyd_from_same_start(blobs):
    init = blobs[[0, 70, 130, 200]]
    ours = kmeans(blobs, 4, init=init)
    theirs, labels = kmeans2(blobs, init.copy(), iter=50, minit="matrix", missing="raise")
    np.testing.assert_allclose(ours.result["centroids"], theirs, atol=1e-10)
    np.testing.assert_array_equal(ours.result["labels"], labels)
    np.testing.assert_array_equal(ours["centroids"][0], init)  # row 0: the given start


def test_kmeans_plus_plus_reproducible_and_d2_probabilities(blobs):
    a, b = kmeans_plus_plus(blobs, 4, seed=5), kmeans_plus_plus(blobs, 4, seed=5)
    assert a.equals(b)
    picks = {tuple(kmeans_plus_plus(blobs, 4, seed=s).result["index"]) for s in range(6)}
    assert len(picks) > 1  # the seed matters
    idx, P = a["index"], a["prob"]
    np.testing.assert_allclose(P[0], 1 / len(blobs))
    for j in range(1, 4):  # p_i = D(x_i)^2 / sum D^2 with D the distance to the chosen centres
        D2 = cdist(blobs, blobs[idx[:j]], "sqeuclidean").min(axis=1)
        np.testing.assert_allclose(P[j], D2 / D2.sum(), rtol=1e-12, atol=1e-15)
        assert np.all(P[j][idx[:j]] == 0)
    assert len(set(idx.tolist())) == 4
    # kmeans(init="k-means++") starts from exactly these centres
    np.testing.assert_array_equal(kmeans(blobs, 4, seed=5)["centroids"][0], blobs[idx])


def test_kmeans_plus_plus_samples_the_recorded_distribution():
    # three points on a line: after a first pick at 0, the second is 1 w.p. 1/10, 3 w.p. 9/10
    X = np.array([[0.0], [1.0], [3.0]])
    counts = np.zeros((3, 3))
    for s in range(3000):
        i = kmeans_plus_plus(X, 2, seed=s).result["index"]
        counts[i[0], i[1]] += 1
    first = counts.sum(axis=1) / 3000
    np.testing.assert_allclose(first, 1 / 3, atol=0.04)
    after0 = counts[0] / counts[0].sum()
    np.testing.assert_allclose(after0, [0, 0.1, 0.9], atol=0.04)


def test_empty_cluster_rule():
    X, _ = make_blobs(20, [[0.0, 0.0], [6.0, 0.0]], 0.5, seed=1)
    init = np.array([[0.0, 0.0], [6.0, 0.0], [100.0, 100.0]])  # the third attracts nobody
    traj = kmeans(X, 3, init=init)
    assert np.all(np.bincount(traj["labels"][0], minlength=3)[:2] > 0)
    assert not np.any(traj["labels"][0] == 2)
    assert np.all(np.isfinite(traj["centroids"])) and np.all(np.isfinite(traj["inertia"]))
    np.testing.assert_array_equal(traj["emptied"][1], [False, False, True])
    # rule: the empty centroid moves to the point farthest from its own updated centroid
    mu = _means(X, traj["labels"][0], 2)
    far = np.argmax(np.sum((X - mu[traj["labels"][0]]) ** 2, axis=1))
    np.testing.assert_array_equal(traj["centroids"][1][2], X[far])
    np.testing.assert_allclose(traj["centroids"][1][:2], mu)
    assert traj["labels"][1][far] == 2
    assert np.all(np.diff(traj["inertia"]) <= 1e-12)
    assert traj.converged and np.all(np.bincount(traj.result["labels"], minlength=3) > 0)


def test_duplicates_more_clusters_than_distinct_points():
    X = np.array([[0.0, 0.0]] * 5 + [[1.0, 1.0]] * 5)
    seeding = kmeans_plus_plus(X, 3, seed=0)
    assert len(set(seeding.result["index"].tolist())) == 3  # uniform fallback, no repeats
    traj = kmeans(X, 3, seed=0, max_iter=20)
    assert np.all(np.isfinite(traj["centroids"]))
    assert traj["inertia"][-1] == pytest.approx(0.0, abs=1e-12)


def test_elbow_against_closed_forms(blobs):
    traj = elbow(blobs, range(1, 7), seed=0)
    J = traj["inertia"]
    assert J[0] == pytest.approx(np.sum((blobs - blobs.mean(0)) ** 2), rel=1e-12)  # k=1: total SS
    assert np.all(np.diff(J) < 0)
    drop = -np.diff(J)  # drop[j]: gain from k = j+1 to j+2
    assert drop[2] > 4 * drop[3]  # the elbow is at the four real blobs
    assert elbow(blobs[:5], [5], seed=0)["inertia"][0] == pytest.approx(0.0, abs=1e-12)


def test_voronoi_cells_contain_their_nearest_points():
    rng = np.random.default_rng(0)
    mu = rng.uniform(-4, 4, (5, 2))
    box = (-5.0, 5.0, -4.0, 4.0)
    cells = voronoi_cells(mu, box)
    area = sum(0.5 * abs(np.sum(c[:, 0] * np.roll(c[:, 1], -1) - np.roll(c[:, 0], -1) * c[:, 1]))
               for c in cells if len(c))
    assert area == pytest.approx(80.0, rel=1e-9)  # the cells tile the box
    pts = rng.uniform([-5, -4], [5, 4], (400, 2))
    nearest = cdist(pts, mu).argmin(axis=1)
    for j, c in enumerate(cells):  # a point strictly inside cell j is nearest to mu_j
        edges = np.roll(c, -1, axis=0) - c
        cross = edges[:, 0] * (pts[:, None, 1] - c[:, 1]) - edges[:, 1] * (pts[:, None, 0] - c[:, 0])
        inside = np.all(cross > 1e-9, axis=1)
        assert np.all(nearest[inside] == j)


def test_deterministic(blobs):
    assert kmeans(blobs, 4, seed=3).equals(kmeans(blobs, 4, seed=3))
