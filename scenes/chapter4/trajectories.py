"""Chapter 4's numbers: the trajectories each lecture animates, without Manim.

One function per lecture, named by its slug; the catalogue calls it with the lecture's
parameters (``Lecture.trajectories``), the scene and ``render trajectory`` go through there.
"""
from __future__ import annotations

import numpy as np

from algorithms.approximation import network_output, staircase, sup_error
from algorithms.datasets import make_sines, make_xor
from algorithms.landscape import (equal_scale_axes, pca_directions, plane_gradient, plane_grid,
                                  project)
from algorithms.neural_network import MLP, accuracy, gradient_check, layer_outputs, train
from algorithms.trajectory import Trajectory

__all__ = ["function_approximation", "backpropagation", "vanishing_gradients", "grid_lines",
           "sines", "N_FINE", "STAIR_UNITS", "STAIR_STEEPNESS",
           "X_RANGE", "N_GRID", "N_SAMPLES", "XOR_POINTS", "EXAMPLE_SAMPLE", "DEEP_XOR_POINTS",
           "LINES",
           "N_PER_LINE", "ACTS"]

# function approximation: noisy sines on X_RANGE, the fit drawn on N_GRID points
X_RANGE = (-np.pi / 2, np.pi / 2)
N_GRID = 160
N_SAMPLES = 60
N_FINE = 2001                       # points on which a staircase's largest error is measured
STAIR_UNITS = (4, 8, 16, 32, 64)    # units of the universal-approximation staircases
STAIR_STEEPNESS = 8.0               # each step climbs from tanh(-4) to tanh(4) across its piece

XOR_POINTS = 100        # backpropagation's XOR data
#: backpropagation's worked example: the point whose forward and backward arithmetic, written
#: at three decimals, gives every written result from its written factors (checked in
#: tests/test_backprop_lecture.py)
EXAMPLE_SAMPLE = 25
DEEP_XOR_POINTS = 200   # vanishing gradients' XOR data
LINES = np.linspace(-2, 2, 9)  # grid lines x = c and y = c of the input plane
N_PER_LINE = 60
ACTS = ("tanh", "sigmoid")


def function_approximation(hidden: int = 8, lr: float = 0.1, n_steps: int = 20000,
                           noise: float = 0.1, seed: int = 0) -> dict[str, Trajectory]:
    """``fit``: a 1-``hidden``-1 tanh network fitted by full-batch gradient descent to noisy
    samples of the sines; ``first``: its first update, every row kept; ``staircase``: the
    universal-approximation construction with more and more units.

    ``fit`` holds the trajectory's own steps (theta, loss, grad_norm, prediction on the grid)
    and every hidden unit's activation on the grid at every recorded row: ``hidden``
    (T, G, H); ``data["target"]`` the noiseless curve on the grid; ``data["wide_grid"]`` /
    ``result["wide_prediction"]`` the trained network on three times the interval (beyond the
    data).
    ``first``: rows 0 and 1 of the same run with the full gradient ``grad`` (2, P) at each.
    ``staircase``: :func:`algorithms.approximation.staircase` for ``units`` (S,) bends: its
    ``curve`` (S, 501) on ``data["grid"]`` and its largest gap ``sup_error`` (S,) on ``N_FINE``
    points.
    """
    x, y = make_sines(N_SAMPLES, noise=noise, seed=seed)
    grid = np.linspace(*X_RANGE, N_GRID)
    mlp = MLP((1, hidden, 1), activation="tanh", seed=seed)
    first = train(mlp.copy(), x, y, loss="mse", optimizer="sgd", lr=lr, n_steps=1)
    grads = [mlp.flatten(*mlp.copy().set_params(th).loss_and_grad(x, y, "mse")[1:])
             for th in first["theta"]]  # (2, P): the full gradient at rows 0 and 1
    first = Trajectory(steps={**first.steps, "grad": np.array(grads)}, data=first.data,
                       result=first.result, info=first.info)
    run = train(mlp, x, y, loss="mse", optimizer="sgd", lr=lr, n_steps=n_steps,
                record_every=max(1, n_steps // 300), grid=grid)
    hidden_acts = layer_outputs(mlp, run["theta"], grid[:, None])[1]  # (T, G, H)
    steps = {**run.steps, "hidden": hidden_acts}
    wide = np.linspace(3 * X_RANGE[0], 3 * X_RANGE[1], 3 * N_GRID)
    data = {**run.data, "target": sines(grid), "wide_grid": wide, "wide_target": sines(wide)}
    fit = Trajectory(steps=steps, data=data,
                     result={**run.result, "wide_prediction": mlp.predict(wide[:, None])[:, 0]},
                     info={**run.info, "noise": noise})
    fine = np.linspace(*X_RANGE, N_FINE)
    drawn = fine[::4]  # (501,): fine enough to draw 64 steps
    curves, errors = [], []
    for k in STAIR_UNITS:
        net = staircase(sines, *X_RANGE, k, STAIR_STEEPNESS)
        curves.append(network_output(*net, drawn))
        errors.append(sup_error(network_output(*net, fine), sines(fine)))
    stairs = Trajectory(data={"grid": drawn, "target": sines(drawn)},
                        result={"units": np.array(STAIR_UNITS), "curve": np.array(curves),
                                "sup_error": np.array(errors)},
                        info={"algorithm": "approximation/staircase", "steepness": STAIR_STEEPNESS,
                              "n_fine": N_FINE, "n_iter": 0, "converged": False,
                              "diverged": False})
    return {"fit": fit, "first": first, "staircase": stairs}


def sines(x: np.ndarray) -> np.ndarray:
    """The curve behind the data: sin(2x) + sin(5x) / 2 (``make_sines`` without noise)."""
    return np.sin(2 * x) + 0.5 * np.sin(5 * x)


def backpropagation(hidden: int = 3, lr: float = 0.5, n_steps: int = 300, seed: int = 1,
                    resolution: int = 61) -> dict[str, Trajectory]:
    """XOR and a 2-``hidden``-1 network (tanh hidden units, logistic output, cross-entropy).

    ``example``: one sample through the untrained network, every forward and backward
    quantity kept (``z1``, ``a1``, ``z2``, ``a2``, ``loss``, ``delta2``, ``delta1``, ``dW1``,
    ``dW2``, the weights ``W1``, ``W2``, biases ``b1``, ``b2``), and ``fd_W1``, ``fd_W2``:
    central differences (step ``eps``) of that sample's loss in every weight.
    ``train``: full-batch gradient descent; rows hold ``theta``, ``loss``, the full gradient
    ``grad`` (T, P), the network's output ``prediction`` (T, G*G) on the input grid ``grid``
    (G*G, 2) (``xs`` (G,) per side, rows of the grid vary fastest in x1) and ``wrong`` (T,)
    the misclassified count. ``landscape``: the loss on the plane through the trained weights
    spanned by the path's two principal directions, sampled with one spacing on both axes
    (:func:`algorithms.landscape.equal_scale_axes`); ``coords`` the path in the plane,
    ``plane_grad`` (T, 2) the gradient of the plane's loss at each projected point,
    ``off_plane`` (T,) each theta_t's distance from the plane."""
    X, y = make_xor(XOR_POINTS, noise=0.2, seed=0)
    X = np.round(X, 2)  # the data and the starting weights at two decimals: the lecture's
    mlp = MLP((2, hidden, 1), activation="tanh", output="sigmoid", seed=seed)
    mlp.W = [np.round(W, 2) for W in mlp.W]  # arithmetic on them can be checked by hand

    # one sample through the untrained network, every intermediate kept
    i = EXAMPLE_SAMPLE
    xi, yi = X[i:i + 1], y[i:i + 1]
    Z, A = mlp.forward(xi)
    L_i, dW, db = mlp.loss_and_grad(xi, yi, "bce")
    delta2 = db[1]  # dL/db^2 = delta^2 (one sample, so no sum)
    delta1 = db[0]
    eps = 1e-3
    fd = []
    for l in range(2):  # central differences of the sample's loss in every weight
        g = np.zeros_like(mlp.W[l])
        for jk in np.ndindex(g.shape):
            twin = mlp.copy()
            twin.W[l][jk] += eps
            up = twin.loss(xi, yi, "bce")
            twin.W[l][jk] -= 2 * eps
            g[jk] = (up - twin.loss(xi, yi, "bce")) / (2 * eps)
        fd.append(g)
    check = gradient_check(mlp, X, y, "bce")
    example = Trajectory(
        data={"x": xi[0], "y": yi.astype(float)},
        result={"z1": Z[1][0], "a1": A[1][0], "z2": Z[2][0], "a2": A[2][0], "loss": L_i,
                "delta2": delta2, "delta1": delta1, "dW1": dW[0], "dW2": dW[1],
                "W1": mlp.W[0].copy(), "W2": mlp.W[1].copy(), "b1": mlp.b[0].copy(),
                "b2": mlp.b[1].copy(), "fd_W1": fd[0], "fd_W2": fd[1]},
        info={"algorithm": "mlp/backprop_example", "sample": i, "seed": seed, "eps": eps,
              "gradient_check": check, "n_iter": 0, "converged": False, "diverged": False},
    )

    xs = np.linspace(-2, 2, 41)
    grid = np.stack(np.meshgrid(xs, xs), -1).reshape(-1, 2)  # (G*G, 2): x1 varies fastest
    run = train(mlp, X, y, loss="bce", optimizer="sgd", lr=lr, n_steps=n_steps, grid=grid)
    probe = MLP((2, hidden, 1), activation="tanh", output="sigmoid")
    grads, wrong = [], []
    for theta in run["theta"]:  # the full gradient at every row, and the errors
        _, gW, gb = probe.set_params(theta).loss_and_grad(X, y, "bce")
        grads.append(probe.flatten(gW, gb))
        wrong.append(int(round((1 - accuracy(probe, X, y)) * len(y))))
    run = Trajectory(steps={**run.steps, "grad": np.array(grads), "wrong": np.array(wrong)},
                     data={**run.data, "xs": xs}, result=run.result,
                     info={**run.info, "accuracy": accuracy(mlp, X, y)})

    path = run["theta"]  # (T, P)
    centre = path[-1]
    D, explained = pca_directions(path)  # (2, P) orthonormal, (2,)
    coords = project(path, D)  # (T, 2)
    alpha, beta = equal_scale_axes(coords, resolution)
    land = Trajectory(
        steps={"coords": coords, "loss": run["loss"],
               "plane_loss": np.array([plane_grid(mlp, X, y, "bce", centre, D, [a], [b])[0, 0]
                                       for a, b in coords]),
               "plane_grad": plane_gradient(mlp, X, y, "bce", centre, D, coords),
               "off_plane": np.linalg.norm(path - centre - coords @ D, axis=1)},
        data={"X": X, "y": y},
        result={"alpha": alpha, "beta": beta,
                "loss_grid": plane_grid(mlp, X, y, "bce", centre, D, alpha, beta),
                "directions": D, "theta": centre},
        info={"algorithm": "loss_landscape/pca_equal_scale", "explained_variance":
              explained.tolist(), "resolution": len(alpha), "n_iter": len(path) - 1,
              "converged": False, "diverged": False},
    )
    return {"train": run, "landscape": land, "example": example}


def grid_lines() -> np.ndarray:
    """(2 * len(LINES), N_PER_LINE, 2): vertical lines, then horizontal lines."""
    t = np.linspace(-2, 2, N_PER_LINE)
    vert = np.stack([np.stack([np.full_like(t, c), t], -1) for c in LINES])
    horiz = np.stack([np.stack([t, np.full_like(t, c)], -1) for c in LINES])
    return np.concatenate([vert, horiz])


def vanishing_gradients(depth: int = 5, lr: float = 0.3, n_steps: int = 3000,
                        seed: int = 3) -> dict[str, Trajectory]:
    """``tanh`` and ``sigmoid``: the same 2-2-...-2-1 network (``depth`` hidden layers, same
    seed) trained by gradient descent on XOR; ``layers``: where the trained tanh network sends
    the data (``points`` (depth + 1, N, 2)) and the input grid (``lines`` (depth + 1, M, K, 2)),
    layer by layer (entry 0 is the input)."""
    X, y = make_xor(DEEP_XOR_POINTS, noise=0.2, seed=0)
    sizes = (2,) + (2,) * depth + (1,)
    out: dict[str, Trajectory] = {}
    nets = {}
    for act in ACTS:
        mlp = MLP(sizes, activation=act, output="sigmoid", seed=seed)
        run = train(mlp, X, y, loss="bce", optimizer="sgd", lr=lr, n_steps=n_steps,
                    record_every=max(1, n_steps // 150))
        out[act] = Trajectory(steps=run.steps, data=run.data, result=run.result,
                              info={**run.info, "accuracy": accuracy(mlp, X, y)})
        nets[act] = mlp
    mlp = nets["tanh"]
    lines = grid_lines()  # (M, K, 2)
    pts = layer_outputs(mlp, mlp.get_params(), X)[: depth + 1]  # list of (1, N, 2)
    lns = layer_outputs(mlp, mlp.get_params(), lines.reshape(-1, 2))[: depth + 1]
    out["layers"] = Trajectory(
        data={"X": X, "y": y},
        result={"points": np.stack([p[0] for p in pts]),
                "lines": np.stack([g[0].reshape(lines.shape) for g in lns]),
                "w_out": mlp.W[-1][0], "b_out": mlp.b[-1]},
        info={"algorithm": "mlp/layer_outputs", "seed": seed, "depth": depth,
              "n_iter": 0, "converged": False, "diverged": False},
    )
    out["profiles"] = gradient_profiles(X, y, depth, seed, out["tanh"], out["sigmoid"])
    return out


#: the wide networks whose per-layer gradients lecture 4.3 compares: name -> (phi, gain, skip);
#: weights ~ N(0, gain / fan_in)
PROFILES = {"sigmoid": ("sigmoid", 1.0, False), "tanh_small": ("tanh", 0.25, False),
            "tanh": ("tanh", 1.0, False), "relu": ("relu", 2.0, False),
            "relu_big": ("relu", 4.0, False), "residual": ("sigmoid", 1.0, True)}
PROFILE_WIDTH = 32


def gradient_profiles(X, y, depth: int, seed: int, *runs: Trajectory) -> Trajectory:
    """``||dL/dz^l||`` for l = 1 .. depth + 1 at the initial weights: ``narrow_<phi>`` for the
    two trained narrow networks (``runs``, their row 0), and each of :data:`PROFILES` in a
    network ``PROFILE_WIDTH`` units wide (``delta_<name>``, ``weight_<name>`` = ||dL/dW^l||,
    ``std_<name>`` the spread of each hidden layer's activations)."""
    from algorithms.deep_networks import gradient_profile

    result = {}
    for run in runs:
        probe = MLP(tuple(run.info["sizes"]), activation=run.info["activation"],
                    output="sigmoid").set_params(run["theta"][0])
        p = gradient_profile(X, y, activation=run.info["activation"], gain=1.0,
                             W=probe.W, b=probe.b)
        result[f"narrow_{run.info['activation']}"] = p["delta"]
        result[f"narrow_W_{run.info['activation']}"] = np.stack(
            [np.linalg.norm(W, 2) for W in probe.W])  # spectral norms ||W^l||
    for name, (act, gain, skip) in PROFILES.items():
        p = gradient_profile(X, y, activation=act, gain=gain, residual=skip,
                             width=PROFILE_WIDTH, depth=depth, seed=seed)
        result[f"delta_{name}"], result[f"weight_{name}"] = p["delta"], p["weight"]
        result[f"std_{name}"] = p["act_std"]
    return Trajectory(data={"X": X, "y": y}, result=result,
                      info={"algorithm": "deep_networks/gradient_profile", "seed": seed,
                            "depth": depth, "width": PROFILE_WIDTH,
                            "profiles": {k: list(v) for k, v in PROFILES.items()},
                            "n_iter": 0, "converged": False, "diverged": False})
