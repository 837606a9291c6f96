"""The perceptron against facts that do not come from its own code: a margin we build
into the data (Novikoff's bound), the update rule replayed row by row, and XOR."""
import warnings

import numpy as np
import pytest

from algorithms.datasets import make_xor
from algorithms.perceptron import margins, max_margin, novikoff_bound, perceptron


def separable_with_margin(n=200, gamma=0.15, seed=1):
    """Points in [-1, 1]^2 labelled by the unit separator v = (w*, b*) in (x, 1)-space,
    keeping only those at distance >= gamma from it: the margin is gamma by construction."""
    rng = np.random.default_rng(seed)
    v = np.array([2.0, -1.0, 0.3])
    v /= np.linalg.norm(v)  # unit (w*, b*)
    X = rng.uniform(-1, 1, size=(5 * n, 2))
    s = np.hstack([X, np.ones((len(X), 1))]) @ v  # (5n,) signed distance in (x, 1)-space
    keep = np.abs(s) >= gamma
    X, s = X[keep][:n], s[keep][:n]
    return X, np.where(s > 0, 1, -1), v


@pytest.mark.parametrize("lr, seed", [(1.0, 0), (0.1, 3), (2.5, 7)])
def test_separable_converges_within_novikoff_bound(lr, seed):
    X, y, v = separable_with_margin()
    gamma = np.min(y * (np.hstack([X, np.ones((len(X), 1))]) @ v))  # >= 0.15 by construction
    R = np.max(np.linalg.norm(np.hstack([X, np.ones((len(X), 1))]), axis=1))
    assert gamma >= 0.15
    traj = perceptron(X, y, lr=lr, max_epochs=1000, seed=seed)
    assert traj.converged and not traj.diverged
    assert traj["mistakes"][-1] == 0
    assert np.all(y * (X @ traj.result["w"] + traj.result["b"]) > 0)  # independent check
    assert 0 < traj.info["n_iter"] <= (R / gamma) ** 2
    assert novikoff_bound(X, y, v[:2], v[2]) == pytest.approx((R / gamma) ** 2)


def test_rows_replay_the_update_rule():
    X, y, _ = separable_with_margin(n=60, gamma=0.05, seed=4)
    lr = 0.5
    traj = perceptron(X, y, lr=lr, seed=2)
    W, B, idx, mis = traj["w"], traj["b"], traj["index"], traj["mistakes"]
    assert len(traj) == traj.info["n_iter"] + 1 > 2
    assert np.all(W[0] == 0) and B[0] == 0 and idx[0] == -1
    assert mis[0] == len(y)  # w = 0 puts every sample on the boundary: all count as mistakes
    for t in range(1, len(traj)):
        i = idx[t]
        assert y[i] * (X[i] @ W[t - 1] + B[t - 1]) <= 0  # the update was caused by a mistake
        np.testing.assert_allclose(W[t], W[t - 1] + lr * y[i] * X[i])
        assert B[t] == pytest.approx(B[t - 1] + lr * y[i])
        wrong = sum(1 for xj, yj in zip(X, y) if yj * (xj @ W[t] + B[t]) <= 0)
        assert mis[t] == wrong
    # epochs never go backwards and a converged run ends with a clean pass
    assert np.all(np.diff(traj["epoch"]) >= 0)
    assert traj.info["epochs"] == traj["epoch"][-1] + 1


def test_non_separable_is_flagged():
    X, y01 = make_xor(80, noise=0.2, seed=0)
    y = 2 * y01 - 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = perceptron(X, y, max_epochs=30, seed=0)
    assert not traj.converged
    assert traj.info["epochs"] == 30
    assert traj["mistakes"][-1] > 0
    assert traj["epoch"][-1] == 30  # still making mistakes in the last epoch


def test_seeded_order():
    X, y, _ = separable_with_margin(n=80, gamma=0.02, seed=5)
    a, b = perceptron(X, y, seed=11), perceptron(X, y, seed=11)
    assert a.equals(b)
    c = perceptron(X, y, seed=12)
    assert not np.array_equal(a["index"][:5], c["index"][:5])


def test_margins_and_labels():
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(margins(np.array([1.0, -1.0]), 0.5, X, np.array([1, -1])), [1.5, 0.5])
    with pytest.raises(ValueError):
        perceptron(X, np.array([0, 1]))


def test_max_margin_beats_every_direction_on_a_sphere_grid():
    X, y, v = separable_with_margin(n=60, gamma=0.1, seed=6)
    w_star, b_star, gamma = max_margin(X, y)
    assert np.linalg.norm(np.append(w_star, b_star)) == pytest.approx(1.0)
    Xa = np.hstack([X, np.ones((len(X), 1))])
    assert gamma == pytest.approx(np.min(y * (Xa @ np.append(w_star, b_star))))
    assert gamma >= np.min(y * (Xa @ v)) - 1e-9  # at least the margin we built in
    # brute force over unit directions: none does better, the best comes close
    th, ph = np.meshgrid(np.linspace(0, np.pi, 400), np.linspace(0, 2 * np.pi, 800))
    U = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1).reshape(-1, 3)
    grid_best = np.max(np.min((y[:, None] * Xa) @ U.T, axis=0))
    assert grid_best <= gamma + 1e-9
    assert gamma - grid_best < 5e-3
    X_bad, y_bad = make_xor(40, seed=1)
    with pytest.raises(ValueError):
        max_margin(X_bad, 2 * y_bad - 1)
