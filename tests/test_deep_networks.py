"""Per-layer gradients of deep networks: against finite differences, against the MLP of
``algorithms.neural_network`` (an independent implementation) and against the chain rule
written out by hand for a one-unit-wide network."""
import numpy as np
import pytest
from scipy.special import expit

from algorithms.datasets import make_xor
from algorithms.deep_networks import PHIS, DeepNet, gradient_profile, phi, phi_prime
from algorithms.neural_network import MLP


@pytest.fixture(scope="module")
def xor():
    return make_xor(40, noise=0.2, seed=0)


def fd_delta(net, X, y, l, i, j, h=1e-5):
    """dL/dz^l_ij by a central difference in z^l_ij alone."""
    e = np.zeros((X.shape[0], net.W[l - 1].shape[0]))
    e[i, j] = h
    return (net.loss(X, y, {l: e}) - net.loss(X, y, {l: -e})) / (2 * h)


@pytest.mark.parametrize("act", PHIS)
def test_phi_prime_is_the_slope_of_phi(act):
    z = np.linspace(-4, 4, 81) + 0.013  # no relu kink on the grid
    fd = (phi(act, z + 1e-6) - phi(act, z - 1e-6)) / 2e-6
    assert np.allclose(phi_prime(act, z), fd, atol=1e-7)


def test_the_logistic_slope_peaks_at_one_quarter_at_zero():
    z = np.linspace(-10, 10, 200001)
    s = phi_prime("sigmoid", z)
    assert s.max() == pytest.approx(0.25, abs=1e-12) and abs(z[np.argmax(s)]) < 1e-9
    assert np.allclose(s, expit(z) * expit(-z))  # sigma (1 - sigma)
    assert phi_prime("tanh", np.array([0.0]))[0] == 1.0


@pytest.mark.parametrize("act,residual", [(a, False) for a in PHIS] + [("sigmoid", True),
                                                                         ("tanh", True)])
def test_deltas_match_finite_differences(xor, act, residual):
    X, y = xor
    net = DeepNet.random((2, 5, 5, 5, 1), activation=act, gain=2.0, residual=residual, seed=4)
    net.b = [b + 0.1 for b in net.b]  # no relu sits exactly on its kink
    _, deltas, dW, db = net.backward(X, y)
    rng = np.random.default_rng(0)
    for l in range(1, net.n_layers + 1):
        for _ in range(4):
            i, j = rng.integers(X.shape[0]), rng.integers(deltas[l - 1].shape[1])
            assert deltas[l - 1][i, j] == pytest.approx(fd_delta(net, X, y, l, i, j),
                                                        rel=1e-5, abs=1e-11)
    # and the weights: dL/dW^l by a central difference in one weight
    for l in range(1, net.n_layers + 1):
        W0 = net.W[l - 1].copy()
        for _ in range(3):
            r, c = rng.integers(W0.shape[0]), rng.integers(W0.shape[1])
            net.W[l - 1] = W0.copy()
            net.W[l - 1][r, c] += 1e-5
            up = net.loss(X, y)
            net.W[l - 1][r, c] -= 2e-5
            down = net.loss(X, y)
            net.W[l - 1] = W0
            assert dW[l - 1][r, c] == pytest.approx((up - down) / 2e-5, rel=1e-5, abs=1e-11)


@pytest.mark.parametrize("act", PHIS)
def test_a_plain_net_agrees_with_the_mlp(xor, act):
    X, y = xor
    net = DeepNet.random((2, 6, 6, 6, 1), activation=act, gain=1.0, seed=2)
    mlp = MLP((2, 6, 6, 6, 1), activation=act, output="sigmoid")
    mlp.W, mlp.b = [w.copy() for w in net.W], [v.copy() for v in net.b]
    L_ref, dW_ref, db_ref = mlp.loss_and_grad(X, y, "bce")
    L, deltas, dW, db = net.backward(X, y)
    assert L == pytest.approx(L_ref, rel=1e-12)
    for a, b in zip(dW, dW_ref):
        assert np.allclose(a, b, rtol=1e-10, atol=1e-15)
    for d, b in zip(deltas, db_ref):
        assert np.allclose(d.sum(axis=0), b, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("act", PHIS)
def test_a_one_unit_chain_is_a_product_of_weight_times_slope(act):
    """delta^1 = (yhat - y) prod_{l=1}^{L-1} w^{l+1} phi'(z^l), computed by hand."""
    rng = np.random.default_rng(1)
    w = rng.normal(0, 1.5, 7)           # w^1 .. w^7 (one unit per layer)
    bias = rng.normal(0, 0.5, 7) + 0.3
    x, y = 0.8, 1.0
    zs, a = [], x
    for l in range(7):                  # forward, by hand
        z = w[l] * a + bias[l]
        zs.append(z)
        a = np.tanh(z) if act == "tanh" else (1 / (1 + np.exp(-z)) if act == "sigmoid"
                                              else max(z, 0.0))
    slope = {"tanh": lambda z: 1 - np.tanh(z) ** 2,
             "sigmoid": lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2,
             "relu": lambda z: float(z > 0)}[act]
    yhat = 1 / (1 + np.exp(-zs[-1]))
    chain = [(yhat - y)]
    for l in range(6, 0, -1):           # delta^l = w^{l+1} phi'(z^l) delta^{l+1}
        chain.insert(0, chain[0] * w[l] * slope(zs[l - 1]))
    net = DeepNet([[[v]] for v in w], [[v] for v in bias], activation=act)
    _, deltas, _, _ = net.backward(np.array([[x]]), np.array([y]))
    assert np.allclose([d[0, 0] for d in deltas], chain, rtol=1e-12, atol=1e-300)


def test_the_skip_adds_the_identity_to_the_layer_jacobian(xor):
    """dL/da^{l-1} = dL/da^l + (W^l)^T delta^l: with phi' = 0 (relu off everywhere) the
    gradient passes through the residual layers unchanged."""
    X, y = xor
    net = DeepNet.random((2, 4, 4, 4, 1), activation="relu", residual=True, seed=3)
    net.b[1] = np.full(4, -1e3)     # layers 2 and 3 switched off: a^l = a^{l-1}
    net.b[2] = np.full(4, -1e3)
    _, deltas, _, _ = net.backward(X, y)
    plain = DeepNet([net.W[0], net.W[3]], [net.b[0], net.b[3]], activation="relu")
    _, ref, _, _ = plain.backward(X, y)
    assert np.allclose(deltas[0], ref[0], rtol=1e-12)
    assert np.all(deltas[1] == 0) and np.all(deltas[2] == 0)


def test_profiles(xor):
    X, y = xor
    p = gradient_profile(X, y, activation="sigmoid", gain=1.0, width=8, depth=4, seed=0)
    assert p["delta"].shape == (5,) and p["weight"].shape == (5,) and p["act_std"].shape == (4,)
    net = DeepNet.random((2, 8, 8, 8, 8, 1), activation="sigmoid", seed=0)
    _, deltas, dW, _ = net.backward(X, y)
    assert np.allclose(p["delta"], [np.sqrt(np.sum(d ** 2)) for d in deltas])
    assert p["loss"] == pytest.approx(net.loss(X, y))
    with pytest.raises(ValueError):
        DeepNet.random((2, 3, 1), activation="softplus")
