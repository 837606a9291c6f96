"""The MLP: backprop against finite differences, losses against SciPy, training outcomes."""
import time

import numpy as np
import pytest
from scipy.special import expit, log_expit, log_softmax, softmax

from algorithms.datasets import make_sines, make_xor
from algorithms.neural_network import (
    ACTIVATIONS, MLP, accuracy, gradient_check, layer_outputs, train,
)

# every (loss, output) pair that makes sense: bce / ce need probabilities
PAIRS = [("mse", "identity"), ("mse", "sigmoid"), ("mse", "softmax"), ("bce", "sigmoid"),
         ("bce", "softmax"), ("ce", "sigmoid"), ("ce", "softmax")]


# -- an independent reference: the forward pass and losses written with SciPy -----------------
def ref_forward(mlp, theta, X):
    """Output and logits of the network, unpacking theta by hand (W^l row-major, then b^l)."""
    acts = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": expit}
    a, i = np.asarray(X, float), 0
    for l, (n_in, n_out) in enumerate(zip(mlp.sizes[:-1], mlp.sizes[1:]), start=1):
        W = theta[i:i + n_in * n_out].reshape(n_out, n_in)
        i += n_in * n_out
        b = theta[i:i + n_out]
        i += n_out
        z = np.array([W @ row + b for row in a])  # one sample at a time, as column vectors
        if l < len(mlp.sizes) - 1:
            a = acts[mlp.activation](z)
        else:
            out = {"identity": lambda v: v, "sigmoid": expit,
                   "softmax": lambda v: softmax(v, axis=1)}[mlp.output](z)
            return out, z


def ref_loss(mlp, theta, X, Y, loss):
    a, z = ref_forward(mlp, theta, X)
    if loss == "mse":
        return np.mean(np.sum((a - Y) ** 2, axis=1))
    if mlp.output == "sigmoid":
        log_a, log_1ma = log_expit(z), log_expit(-z)
    else:
        log_a = log_softmax(z, axis=1)
        log_1ma = np.log1p(-np.exp(log_a))
    if loss == "bce":
        return -np.mean(np.sum(Y * log_a + (1 - Y) * log_1ma, axis=1))
    return -np.mean(np.sum(Y * log_a, axis=1))


def random_problem(sizes, activation, output, loss, seed=0, n=12):
    rng = np.random.default_rng(seed)
    mlp = MLP(sizes, activation=activation, output=output, seed=seed)
    mlp.set_params(mlp.get_params() + 0.1 * rng.standard_normal(mlp.n_params))  # biases != 0
    X = rng.standard_normal((n, sizes[0]))
    k = sizes[-1]
    if loss == "mse":
        Y = rng.standard_normal((n, k))
    elif loss == "bce":
        Y = rng.integers(0, 2, (n, k)).astype(float)
    else:  # ce: class labels (one-hot rows); soft rows for a sigmoid output
        Y = np.eye(k)[rng.integers(0, k, n)] if k > 1 else rng.integers(0, 2, (n, 1)) * 1.0
    return mlp, X, Y


# -- backpropagation -----------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss,output", PAIRS)
@pytest.mark.parametrize("sizes", [(3, 5, 4, 3), (2, 4, 4, 4, 4, 4, 4, 4, 4, 2)],
                         ids=["shallow", "deep"])
def test_backprop_matches_finite_differences(activation, loss, output, sizes):
    mlp, X, Y = random_problem(sizes, activation, output, loss, seed=len(sizes))
    assert gradient_check(mlp, X, Y, loss) < 1e-6


@pytest.mark.parametrize("loss,output", [("mse", "identity"), ("bce", "sigmoid"), ("ce", "sigmoid")])
def test_backprop_single_output(loss, output):
    mlp, X, Y = random_problem((2, 3, 1), "tanh", output, loss, seed=4)
    assert gradient_check(mlp, X, Y[:, 0], loss) < 1e-6


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    """The check must be able to fail: break backprop's last step and it must notice."""
    mlp, X, Y = random_problem((3, 4, 2), "tanh", "identity", "mse")
    honest = MLP.loss_and_grad

    def broken(self, X, y, loss):
        L, dW, db = honest(self, X, y, loss)
        dW[0] = 1.01 * dW[0]
        return L, dW, db

    monkeypatch.setattr(MLP, "loss_and_grad", broken)
    assert gradient_check(mlp, X, Y, "mse") > 1e-3


def test_the_check_handles_relu_kinks_and_dead_units():
    mlp, X, Y = random_problem((3, 6, 6, 2), "relu", "identity", "mse", seed=1)
    mlp.b[0][:3] = -50.0  # three first-layer units dead on every sample: gradient exactly 0
    assert gradient_check(mlp, X, Y, "mse") < 1e-6


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss,output", PAIRS)
def test_forward_and_loss_match_scipy(activation, loss, output):
    mlp, X, Y = random_problem((3, 5, 3), activation, output, loss, seed=2)
    Z, A = mlp.forward(X)
    a_ref, z_ref = ref_forward(mlp, mlp.get_params(), X)
    np.testing.assert_allclose(A[-1], a_ref, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(Z[-1], z_ref, rtol=1e-12, atol=1e-14)
    assert len(A) == 3 and A[1].shape == (12, 5) and Z[0] is None
    L, _, _ = mlp.loss_and_grad(X, Y, loss)
    assert L == pytest.approx(ref_loss(mlp, mlp.get_params(), X, Y, loss), rel=1e-12)


def test_integer_labels_become_one_hot_for_ce():
    mlp, X, Y = random_problem((3, 4, 3), "tanh", "softmax", "ce")
    labels = Y.argmax(axis=1)
    assert mlp.loss(X, labels, "ce") == pytest.approx(mlp.loss(X, Y, "ce"), rel=1e-15)


def test_probability_losses_refuse_an_identity_output():
    mlp, X, Y = random_problem((3, 4, 1), "tanh", "identity", "mse")
    with pytest.raises(ValueError, match="probabilities"):
        mlp.loss_and_grad(X, (Y > 0).astype(float), "bce")


# -- parameters and initialisation ---------------------------------------------------------------
def test_params_round_trip_and_count():
    mlp = MLP((3, 5, 4, 2), seed=1)
    theta = mlp.get_params()
    assert theta.shape == ((3 + 1) * 5 + (5 + 1) * 4 + (4 + 1) * 2,)
    new = np.arange(theta.size, dtype=float)
    mlp.set_params(new)
    np.testing.assert_array_equal(mlp.get_params(), new)
    np.testing.assert_array_equal(mlp.W[0], new[:15].reshape(5, 3))  # W^1 first, row-major
    np.testing.assert_array_equal(mlp.b[0], new[15:20])
    with pytest.raises(ValueError):
        mlp.set_params(new[:-1])


@pytest.mark.parametrize("activation,var", [("relu", lambda i, o: 2 / i),
                                            ("tanh", lambda i, o: 2 / (i + o)),
                                            ("sigmoid", lambda i, o: 2 / (i + o))])
def test_initialisation_variance(activation, var):
    """He (2 / n_in) for relu, Xavier (2 / (n_in + n_out)) otherwise; within sampling error."""
    mlp = MLP((400, 300), activation=activation, seed=0)
    n = mlp.W[0].size
    assert np.var(mlp.W[0]) == pytest.approx(var(400, 300), rel=5 * np.sqrt(2 / n))
    assert not np.any(mlp.b[0])


# -- training ------------------------------------------------------------------------------------
def test_xor_learned_to_full_accuracy():
    X, y = make_xor(200, noise=0.2, seed=0)
    for sizes in [(2, 3, 1), (2, 2, 2, 2, 2, 1)]:
        mlp = MLP(sizes, activation="tanh", output="sigmoid", seed=0)
        assert accuracy(mlp, X, y) < 0.8
        traj = train(mlp, X, y, loss="bce", optimizer="sgd", lr=0.3, n_steps=2000, record_every=50)
        assert accuracy(mlp, X, y) == 1.0
        assert traj["loss"][-1] < 0.05 and not traj.diverged


def test_regression_reaches_the_noise_floor():
    """sin(2x) + sin(5x)/2 with noise sd 0.1: training MSE < 0.015 (noise variance 0.01) and
    the learned curve within MSE 0.01 of the noiseless target."""
    x, y = make_sines(60, noise=0.1, seed=0)
    grid = np.linspace(-np.pi / 2, np.pi / 2, 101)
    mlp = MLP((1, 8, 1), activation="tanh", seed=0)
    traj = train(mlp, x, y, loss="mse", optimizer="adam", lr=0.01, n_steps=3000,
                 record_every=100, grid=grid)
    assert traj["loss"][0] > 0.3 and traj["loss"][-1] < 0.015
    target = np.sin(2 * grid) + 0.5 * np.sin(5 * grid)
    assert np.mean((traj["prediction"][-1] - target) ** 2) < 0.01


def test_trajectory_rows_are_what_the_network_computes():
    """Every recorded loss, gradient norm and prediction, recomputed from that row's theta by the
    SciPy reference and by finite differences."""
    x, y = make_sines(30, noise=0.1, seed=1)
    grid = np.linspace(-1.5, 1.5, 7)
    mlp = MLP((1, 4, 3, 1), activation="sigmoid", seed=2)
    traj = train(mlp, x, y, loss="mse", optimizer="sgd", lr=0.1, n_steps=40, record_every=7,
                 grid=grid)
    np.testing.assert_array_equal(traj["step"], [0, 7, 14, 21, 28, 35, 40])
    probe = MLP((1, 4, 3, 1), activation="sigmoid")
    for theta, L, norms, pred in zip(traj["theta"], traj["loss"], traj["grad_norm"],
                                     traj["prediction"]):
        assert L == pytest.approx(ref_loss(probe, theta, x[:, None], y[:, None], "mse"), rel=1e-12)
        np.testing.assert_allclose(pred, ref_forward(probe, theta, grid[:, None])[0][:, 0],
                                   rtol=1e-12)
        h, fd = 1e-6, np.empty_like(theta)
        for i in range(theta.size):
            e = np.zeros_like(theta)
            e[i] = h
            fd[i] = (ref_loss(probe, theta + e, x[:, None], y[:, None], "mse")
                     - ref_loss(probe, theta - e, x[:, None], y[:, None], "mse")) / (2 * h)
        fd_norms = [np.linalg.norm(fd[s]) for s in probe.layer_slices()]
        np.testing.assert_allclose(norms, fd_norms, rtol=1e-5)


def test_small_step_gradient_descent_never_increases_the_loss():
    X, y = make_xor(100, noise=0.2, seed=3)
    traj = train(MLP((2, 4, 1), output="sigmoid", seed=1), X, y, loss="bce", lr=0.05,
                 n_steps=300)
    assert np.all(np.diff(traj["loss"]) <= 1e-12)


def test_first_adam_step_moves_every_weight_by_lr():
    """At t = 1, m^ = g and s^ = g^2, so each parameter moves by lr * sign(g) (up to eps)."""
    X, y = make_xor(50, seed=1)
    mlp = MLP((2, 3, 1), output="sigmoid", seed=0)
    theta0 = mlp.get_params()
    _, dW, db = mlp.loss_and_grad(X, y, "bce")
    g = mlp.flatten(dW, db)
    traj = train(mlp, X, y, loss="bce", optimizer="adam", lr=0.01, n_steps=1)
    moved = traj["theta"][1] - theta0
    nonzero = np.abs(g) > 1e-3  # eps = 1e-8 in the denominator changes these by < 1e-5
    assert nonzero.sum() > theta0.size // 2
    np.testing.assert_allclose(moved[nonzero], -0.01 * np.sign(g[nonzero]), rtol=1e-5)


def test_minibatches_are_seeded_and_deterministic():
    X, y = make_xor(64, seed=2)
    run = lambda seed: train(MLP((2, 3, 1), output="sigmoid", seed=0), X, y, loss="bce",  # noqa
                             lr=0.2, n_steps=30, batch_size=8, seed=seed)
    assert run(5).equals(run(5))
    assert not np.array_equal(run(5)["theta"], run(6)["theta"])


def test_divergence_is_caught_without_nans_or_warnings():
    x, y = make_sines(40, seed=0)
    with np.errstate(all="raise"):
        traj = train(MLP((1, 8, 1), activation="relu", seed=0), x, 100 * y, loss="mse",
                     lr=5.0, n_steps=200)
    assert traj.diverged and not traj.converged
    assert np.all(np.isfinite(traj["theta"])) and np.all(np.isfinite(traj["loss"]))


def test_layer_outputs_are_the_forward_activations():
    mlp = MLP((2, 3, 2, 1), seed=0)
    thetas = np.stack([mlp.get_params(), 2 * mlp.get_params()])  # (2, P)
    X = np.array([[0.5, -1.0], [1.0, 2.0]])
    layers = layer_outputs(mlp, thetas, X)
    assert [a.shape for a in layers] == [(2, 2, 2), (2, 2, 3), (2, 2, 2), (2, 2, 1)]
    np.testing.assert_allclose(layers[-1][1], ref_forward(mlp, thetas[1], X)[0])
    np.testing.assert_array_equal(mlp.get_params(), thetas[0])  # left where it was


# -- vanishing gradients -------------------------------------------------------------------------
def test_sigmoid_gradients_vanish_with_depth_but_tanh_ones_do_not():
    """Backprop multiplies by sigma'(z) <= 1/4 per sigmoid layer: with 6 hidden layers the first
    layer's gradient is orders of magnitude below the last one's at initialisation."""
    X, y = make_xor(200, noise=0.2, seed=0)
    sizes = (2, 2, 2, 2, 2, 2, 2, 1)
    for seed in range(3):
        _, dW, db = MLP(sizes, activation="sigmoid", output="sigmoid", seed=seed).loss_and_grad(
            X, y, "bce")
        norms = [np.sqrt(np.sum(w ** 2) + np.sum(b ** 2)) for w, b in zip(dW, db)]
        assert norms[0] < 1e-3 * norms[-1]
        _, dW, db = MLP(sizes, activation="tanh", output="sigmoid", seed=seed).loss_and_grad(
            X, y, "bce")
        norms = [np.sqrt(np.sum(w ** 2) + np.sum(b ** 2)) for w, b in zip(dW, db)]
        assert norms[0] > 1e-2 * norms[-1]


# -- the chapter's own trajectories --------------------------------------------------------------
@pytest.fixture(scope="module")
def chapter4():
    """Each lecture's trajectories at the catalogue's defaults (scenes/chapter4/trajectories.py,
    no manim), computed once, with the seconds each took."""
    from scenes.catalog import get_chapter

    out = {}
    for lecture in get_chapter("chapter4").lectures:
        start = time.perf_counter()
        trajs = lecture.trajectories()
        out[lecture.slug] = trajs, time.perf_counter() - start
    return out


def test_every_chapter4_trajectory_trains_in_seconds(chapter4):
    assert set(chapter4) == {"function_approximation", "backpropagation", "vanishing_gradients"}
    for slug, (trajs, seconds) in chapter4.items():
        assert seconds < 10.0, slug
        assert trajs and all(not t.diverged for t in trajs.values()), slug


def test_chapter4_defaults_deliver_what_the_lectures_show(chapter4):
    """With the catalogue's defaults: the fit reaches the noise floor, both XOR networks learn
    XOR completely, the deep sigmoid network's first layer starts with a gradient orders of
    magnitude below its last layer's and never learns, and the landscape is centred right."""
    fit = chapter4["function_approximation"][0]["fit"]
    assert fit["loss"][-1] < 1.5 * fit.info["noise"] ** 2
    assert fit["hidden"].shape == (len(fit), fit.data["grid"].shape[0], 8)

    runs = chapter4["backpropagation"][0]
    assert runs["train"].info["accuracy"] == 1.0
    assert runs["example"].info["gradient_check"] < 1e-6
    land = runs["landscape"]
    # the plane passes through the trained weights: the path ends at its origin, where the
    # loss on the plane is the trained loss
    assert np.allclose(land["coords"][-1], 0.0, atol=1e-12)
    assert land["plane_loss"][-1] == pytest.approx(runs["train"]["loss"][-1], rel=1e-12)

    deep = chapter4["vanishing_gradients"][0]
    assert deep["tanh"].info["accuracy"] == 1.0
    g = deep["sigmoid"]["grad_norm"][0]
    assert g[0] < 1e-3 * g[-1] and deep["sigmoid"].info["accuracy"] < 0.6
