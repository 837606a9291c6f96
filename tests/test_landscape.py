"""The loss landscape: centred on the real parameters, path projected onto the plane."""
import numpy as np
import pytest
from scipy.special import log_expit

from algorithms.datasets import make_xor
from algorithms.landscape import filter_normalized_directions, loss_landscape, pca_directions
from algorithms.neural_network import MLP, train


def bce_ref(theta, X, y):
    """BCE of a (2, 3, 1) tanh / sigmoid network, unpacked and computed by hand with SciPy."""
    W1, b1 = theta[:6].reshape(3, 2), theta[6:9]
    w2, b2 = theta[9:12], theta[12]
    z = np.tanh(X @ W1.T + b1) @ w2 + b2  # (N,)
    return -np.mean(y * log_expit(z) + (1 - y) * log_expit(-z))


@pytest.fixture(scope="module")
def run():
    X, y = make_xor(120, noise=0.2, seed=0)
    mlp = MLP((2, 3, 1), activation="tanh", output="sigmoid", seed=1)
    traj = train(mlp, X, y, loss="bce", optimizer="sgd", lr=0.5, n_steps=300, record_every=5)
    return mlp, X, y, traj


@pytest.mark.parametrize("directions", ["pca", "random"])
def test_centre_is_the_trained_network(run, directions):
    mlp, X, y, traj = run
    land = loss_landscape(mlp, X, y, "bce", traj["theta"], directions=directions,
                          resolution=20, seed=3)
    R = land.info["resolution"]
    assert R == 21  # made odd, so (0, 0) is a grid point
    c = R // 2
    assert land.result["alpha"][c] == 0.0 and land.result["beta"][c] == 0.0
    final_loss = bce_ref(traj["theta"][-1], X, y)
    assert land.result["loss_grid"][c, c] == pytest.approx(final_loss, rel=1e-12)
    assert land.result["loss_grid"][c, c] == pytest.approx(traj["loss"][-1], rel=1e-12)
    np.testing.assert_array_equal(land["coords"][-1], [0.0, 0.0])  # the path ends at the centre
    np.testing.assert_array_equal(land.result["theta"], traj["theta"][-1])
    np.testing.assert_allclose(mlp.get_params(), traj["theta"][-1])  # mlp left unchanged


@pytest.mark.parametrize("directions", ["pca", "random"])
def test_grid_values_are_losses_on_the_plane(run, directions):
    mlp, X, y, traj = run
    land = loss_landscape(mlp, X, y, "bce", traj["theta"], directions=directions, span=2.0,
                          resolution=9, seed=3)
    D, theta = land.result["directions"], land.result["theta"]
    a, b = land.result["alpha"], land.result["beta"]
    for i, j in [(0, 0), (0, 8), (2, 5), (8, 1)]:  # row i is beta, column j is alpha
        expected = bce_ref(theta + a[j] * D[0] + b[i] * D[1], X, y)
        assert land.result["loss_grid"][i, j] == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(land["loss"], [bce_ref(t, X, y) for t in traj["theta"]],
                               rtol=1e-12)
    assert a[0] == -2.0 and a[-1] == 2.0 and b[0] == -2.0


def test_spans_per_direction(run):
    mlp, X, y, traj = run
    land = loss_landscape(mlp, X, y, "bce", traj["theta"], span=(3.0, 0.5), resolution=5)
    np.testing.assert_array_equal(land.result["alpha"], [-3, -1.5, 0, 1.5, 3])
    np.testing.assert_array_equal(land.result["beta"], [-0.5, -0.25, 0, 0.25, 0.5])
    auto = loss_landscape(mlp, X, y, "bce", traj["theta"], resolution=5)
    reach = np.max(np.abs(auto["coords"]), axis=0)  # the path fits inside the grid
    assert np.all(reach < [auto.result["alpha"][-1], auto.result["beta"][-1]])


def test_pca_directions_are_the_top_eigenvectors_of_the_path(run):
    _, _, _, traj = run
    D, explained = pca_directions(traj["theta"])
    np.testing.assert_allclose(D @ D.T, np.eye(2), atol=1e-12)
    diffs = traj["theta"] - traj["theta"][-1]
    evals, evecs = np.linalg.eigh(diffs.T @ diffs)  # ascending
    np.testing.assert_allclose(explained, evals[::-1][:2] / evals.sum(), rtol=1e-8)
    for k in range(2):
        assert abs(D[k] @ evecs[:, -1 - k]) == pytest.approx(1.0, abs=1e-8)


def test_a_path_inside_a_plane_is_recovered_exactly():
    """A synthetic path theta* + s_t u + r_t v: its projection is (s_t, r_t) in the u, v basis,
    and the loss at the projected point is the loss of the path itself."""
    X, y = make_xor(60, seed=2)
    mlp = MLP((2, 3, 1), output="sigmoid", seed=0)
    rng = np.random.default_rng(0)
    centre = mlp.get_params()
    u, v = np.linalg.qr(rng.standard_normal((mlp.n_params, 2)))[0].T
    s, r = np.linspace(3, 0, 15), np.sin(np.linspace(0, 3, 15)) * np.linspace(1, 0, 15)
    path = centre + s[:, None] * u + r[:, None] * v
    land = loss_landscape(mlp, X, y, "bce", path, directions="pca", resolution=5)
    D = land.result["directions"]
    rebuilt = centre + land["coords"] @ D  # back in parameter space
    np.testing.assert_allclose(rebuilt, path, atol=1e-12)
    np.testing.assert_allclose(land["plane_loss"], land["loss"], rtol=1e-10)
    assert land["coords"][0, 0] > 0 and land["coords"][0, 1] >= 0  # signs fixed: start positive


def test_filter_normalisation(run):
    mlp, _, _, traj = run
    theta = traj["theta"][-1]
    D = filter_normalized_directions(mlp, theta, seed=7)
    i = 0
    for W in mlp.W:
        n_out, n_in = W.shape
        rows = theta[i:i + W.size].reshape(n_out, n_in)
        for d in D:
            np.testing.assert_allclose(np.linalg.norm(d[i:i + W.size].reshape(n_out, n_in), axis=1),
                                       np.linalg.norm(rows, axis=1), rtol=1e-12)
            assert not np.any(d[i + W.size:i + W.size + n_out])  # biases do not move
        i += W.size + n_out
    np.testing.assert_array_equal(D, filter_normalized_directions(mlp, theta, seed=7))


def test_plane_grid_and_gradient_off_centre(run):
    """plane_grid on any axes is the hand-written loss there; plane_gradient is its slope,
    checked by finite differences; equal_scale_axes has one spacing and holds the path."""
    from algorithms.landscape import equal_scale_axes, plane_gradient, plane_grid, project
    mlp, X, y, traj = run
    path = traj["theta"]
    D, _ = pca_directions(path)
    centre = path[-1]
    coords = project(path, D)
    al, be = equal_scale_axes(coords, 21)
    assert len(al) == 21
    np.testing.assert_allclose(np.diff(al), np.diff(al)[0])
    np.testing.assert_allclose(np.diff(be), np.diff(al)[0])
    assert al[0] < coords[:, 0].min() and coords[:, 0].max() < al[-1]
    assert be[0] < coords[:, 1].min() and coords[:, 1].max() < be[-1]
    grid = plane_grid(mlp, X, y, "bce", centre, D, al[:4], be[:3])  # (3, 4)
    assert grid.shape == (3, 4)
    for i, j in [(0, 0), (2, 3), (1, 2)]:
        assert grid[i, j] == pytest.approx(bce_ref(centre + al[j] * D[0] + be[i] * D[1], X, y),
                                           rel=1e-12)
    g = plane_gradient(mlp, X, y, "bce", centre, D, coords[[0, 10]])
    h = 1e-6
    for row, c in zip(g, coords[[0, 10]]):
        for k in range(2):
            e = np.zeros(2)
            e[k] = h
            num = (bce_ref(centre + (c + e) @ D, X, y) - bce_ref(centre + (c - e) @ D, X, y)) / (2 * h)
            assert row[k] == pytest.approx(num, abs=1e-8)
    np.testing.assert_allclose(mlp.get_params(), traj["theta"][-1])  # mlp left unchanged
