"""First-order optimizers racing on 2-D test functions with analytic gradients.

Update rules (g = grad f(x_t), t counts from 1):

    gd        x <- x - lr g
    momentum  v <- beta v + g;                        x <- x - lr v
    rmsprop   s <- rho s + (1 - rho) g^2;             x <- x - lr g / (sqrt(s) + eps)
    adam      m <- beta1 m + (1 - beta1) g
              s <- beta2 s + (1 - beta2) g^2
              m^ = m / (1 - beta1^t),  s^ = s / (1 - beta2^t)
              x <- x - lr m^ / (sqrt(s^) + eps)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from algorithms.trajectory import Trajectory

__all__ = ["TestFunction", "FUNCTIONS", "METHODS", "DEFAULT_HYPER", "minimize", "steps_to_reach"]

#: |x| beyond this counts as diverged even before the floats overflow.
BLOWUP = 1e8


@dataclass(frozen=True)
class TestFunction:
    name: str
    f: Callable[[np.ndarray], float]
    grad: Callable[[np.ndarray], np.ndarray]
    minimum: tuple[float, float]  # a global (or the nearest local) minimiser
    formula: str  # LaTeX
    hessian: Callable[[np.ndarray], np.ndarray]  # (2, 2)


def _bowl(p):  # ill-conditioned quadratic: curvatures 1 and 25
    return 0.5 * p[0] ** 2 + 12.5 * p[1] ** 2


def _bowl_grad(p):
    return np.array([p[0], 25.0 * p[1]])


def _bowl_hess(p):
    return np.diag([1.0, 25.0])


def _rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def _rosenbrock_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x ** 2), 200 * (y - x ** 2)])


def _rosenbrock_hess(p):
    x, y = p
    return np.array([[2 - 400 * (y - x ** 2) + 800 * x ** 2, -400 * x], [-400 * x, 200.0]])


def _saddle(p):  # saddle at (0, 0), minima at (+-1, 0) with f = -1/2
    return p[1] ** 2 - p[0] ** 2 + 0.5 * p[0] ** 4


def _saddle_grad(p):
    return np.array([-2 * p[0] + 2 * p[0] ** 3, 2 * p[1]])


def _saddle_hess(p):
    return np.array([[-2 + 6 * p[0] ** 2, 0.0], [0.0, 2.0]])


FUNCTIONS: dict[str, TestFunction] = {
    "bowl": TestFunction("bowl", _bowl, _bowl_grad, (0.0, 0.0),
                         r"f(x, y) = \tfrac{1}{2}x^2 + \tfrac{25}{2}y^2", _bowl_hess),
    "rosenbrock": TestFunction("rosenbrock", _rosenbrock, _rosenbrock_grad, (1.0, 1.0),
                               r"f(x, y) = (1-x)^2 + 100\,(y - x^2)^2", _rosenbrock_hess),
    "saddle": TestFunction("saddle", _saddle, _saddle_grad, (1.0, 0.0),
                           r"f(x, y) = y^2 - x^2 + \tfrac{1}{2}x^4", _saddle_hess),
}

METHODS = ("gd", "momentum", "rmsprop", "adam")
DEFAULT_HYPER: dict[str, dict[str, float]] = {
    "gd": {},
    "momentum": {"beta": 0.9},
    "rmsprop": {"rho": 0.9, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}


def minimize(name: str, x0, *, method: str, lr: float, n_steps: int, **hyper) -> Trajectory:
    """Run ``n_steps`` of ``method`` on test function ``name`` from ``x0``.

    Steps (row 0 = x0): ``x`` (T, 2), ``f`` (T,), ``grad`` (T, 2) at that row's point.
    Stops early, with ``info["diverged"]``, when the iterate overflows or leaves
    ``|x| < 1e8``; the bad row is not recorded. ``converged``: final gradient norm < ``tol``
    (hyperparameter, default 1e-6).
    """
    if name not in FUNCTIONS:
        raise ValueError(f"unknown test function {name!r}; choose from {sorted(FUNCTIONS)}")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {list(METHODS)}")
    tol = float(hyper.pop("tol", 1e-6))
    unknown = set(hyper) - set(DEFAULT_HYPER[method])
    if unknown:
        raise ValueError(f"{method} takes {sorted(DEFAULT_HYPER[method])}, not {sorted(unknown)}")
    h = {**DEFAULT_HYPER[method], **hyper}
    fn = FUNCTIONS[name]

    x = np.array(x0, dtype=float)  # (2,)
    m = np.zeros(2)  # momentum velocity / Adam first moment
    s = np.zeros(2)  # RMSprop / Adam second moment
    xs, fs, gs = [], [], []
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(n_steps + 1):
            f, g = fn.f(x), fn.grad(x)
            if not (np.all(np.isfinite(x)) and np.isfinite(f) and np.all(np.isfinite(g))
                    and np.max(np.abs(x)) < BLOWUP):
                diverged = True
                break
            xs.append(x.copy()), fs.append(f), gs.append(g)
            if t == n_steps:
                break
            if method == "gd":
                step = g
            elif method == "momentum":
                m = h["beta"] * m + g  # velocity: decaying sum of past gradients
                step = m
            elif method == "rmsprop":
                s = h["rho"] * s + (1 - h["rho"]) * g * g  # running mean of g^2
                step = g / (np.sqrt(s) + h["eps"])
            else:  # adam
                m = h["beta1"] * m + (1 - h["beta1"]) * g
                s = h["beta2"] * s + (1 - h["beta2"]) * g * g
                m_hat = m / (1 - h["beta1"] ** (t + 1))  # bias corrections, t+1 = update number
                s_hat = s / (1 - h["beta2"] ** (t + 1))
                step = m_hat / (np.sqrt(s_hat) + h["eps"])
            x = x - lr * step
    steps = {"x": np.array(xs), "f": np.array(fs), "grad": np.array(gs)}
    final_grad = float(np.linalg.norm(gs[-1]))
    info = {
        "algorithm": f"minimize/{method}", "function": name, "method": method,
        "x0": list(np.asarray(x0, float)), "lr": lr, "n_steps": n_steps, "tol": tol,
        "hyper": h, "seed": None,
        "n_iter": len(xs) - 1, "diverged": diverged,
        "converged": (not diverged) and final_grad < tol,
    }
    return Trajectory(steps=steps, data={"x0": np.asarray(x0, float)},
                      result={"x": steps["x"][-1], "f": steps["f"][-1]}, info=info)


def steps_to_reach(traj: Trajectory, point, radius: float) -> int | None:
    """The first step whose iterate lies within ``radius`` of ``point``; None if none does."""
    dist = np.linalg.norm(traj["x"] - np.asarray(point, float), axis=1)  # (T,)
    hits = np.flatnonzero(dist < radius)
    return int(hits[0]) if hits.size else None
