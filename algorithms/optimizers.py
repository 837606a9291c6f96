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

from algorithms.trajectory import Recorder, Trajectory

__all__ = ["TestFunction", "FUNCTIONS", "METHODS", "DEFAULT_HYPER", "RULES", "GD", "Momentum",
           "RMSprop", "Adam", "X_LIMIT", "minimize", "steps_to_reach", "settling_step",
           "LR_GRID", "tune_lr", "descend", "AdamUncorrected",
           "adam_bias_factor"]

#: An iterate with a coordinate this large has left the race: the test functions' minima and
#: valleys lie within |x| < 2. The race watches the iterate rather than f, which grows like
#: x^4 on Rosenbrock; the lecture says "|theta| > 10^8: stopped, diverged". (The losses of the
#: other algorithms are watched with ``trajectory.BLOWUP`` instead.)
X_LIMIT = 1e8


# -- the update rules: each returns the step direction d, and the caller moves x <- x - lr d ----
class GD:
    """d = g: plain gradient descent."""

    def __call__(self, g: np.ndarray) -> np.ndarray:
        return g


class Momentum:
    """v <- beta v + g (a decaying sum of past gradients); d = v."""

    def __init__(self, beta: float = 0.9):
        self.beta, self.v = beta, 0.0

    def __call__(self, g: np.ndarray) -> np.ndarray:
        self.v = self.beta * self.v + g
        return self.v


class RMSprop:
    """s <- rho s + (1 - rho) g^2 (a running mean of g^2); d = g / (sqrt(s) + eps)."""

    def __init__(self, rho: float = 0.9, eps: float = 1e-8):
        self.rho, self.eps, self.s = rho, eps, 0.0

    def __call__(self, g: np.ndarray) -> np.ndarray:
        self.s = self.rho * self.s + (1 - self.rho) * g * g
        return g / (np.sqrt(self.s) + self.eps)


class Adam:
    """Adam (Kingma & Ba 2015), one call per update t = 1, 2, ...:

        m <- beta1 m + (1 - beta1) g            first moment, a running mean of g
        s <- beta2 s + (1 - beta2) g^2          second moment, a running mean of g^2
        d  = m^ / (sqrt(s^) + eps),   m^ = m / (1 - beta1^t),  s^ = s / (1 - beta2^t)

    The bias corrections undo the zero start of m and s. The optimizer race and the
    network's training both step with it.
    """

    def __init__(self, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m, self.s, self.t = 0.0, 0.0, 0

    def __call__(self, g: np.ndarray) -> np.ndarray:
        self.t += 1
        self.m = self.beta1 * self.m + (1 - self.beta1) * g
        self.s = self.beta2 * self.s + (1 - self.beta2) * g * g
        m_hat = self.m / (1 - self.beta1 ** self.t)
        s_hat = self.s / (1 - self.beta2 ** self.t)
        return m_hat / (np.sqrt(s_hat) + self.eps)


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
RULES = {"gd": GD, "momentum": Momentum, "rmsprop": RMSprop, "adam": Adam}
DEFAULT_HYPER: dict[str, dict[str, float]] = {
    "gd": {},
    "momentum": {"beta": 0.9},
    "rmsprop": {"rho": 0.9, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}


def _hyperparameters(name: str, method: str, hyper: dict) -> tuple[dict[str, float], float]:
    """``(hyper, tol)`` for ``method`` with the defaults filled in; ValueError on unknown names."""
    if name not in FUNCTIONS:
        raise ValueError(f"unknown test function {name!r}; choose from {sorted(FUNCTIONS)}")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {list(METHODS)}")
    hyper = dict(hyper)
    tol = float(hyper.pop("tol", 1e-6))
    unknown = set(hyper) - set(DEFAULT_HYPER[method])
    if unknown:
        raise ValueError(f"{method} takes {sorted(DEFAULT_HYPER[method])}, not {sorted(unknown)}")
    return {**DEFAULT_HYPER[method], **hyper}, tol


def minimize(name: str, x0, *, method: str, lr: float, n_steps: int, **hyper) -> Trajectory:
    """Run ``n_steps`` of ``method`` (``gd``, ``momentum``, ``rmsprop``, ``adam``, with
    ``hyper`` overriding :data:`DEFAULT_HYPER`) on test function ``name`` from ``x0``.

    Steps (row 0 = x0): ``x`` (T, 2), ``f`` (T,), ``grad`` (T, 2) at that row's point. Stops
    early, with ``diverged``, when the iterate overflows or reaches ``|x| >= X_LIMIT``; the bad
    row is not recorded. ``converged``: final gradient norm < ``tol`` (default 1e-6).
    """
    h, tol = _hyperparameters(name, method, hyper)
    fn, direction = FUNCTIONS[name], RULES[method](**h)
    x = np.array(x0, dtype=float)  # (2,)
    with Recorder(watch="x", limit=X_LIMIT) as rec:
        for _ in rec.updates(n_steps):
            g = fn.grad(x)  # (2,) the gradient at this row's x
            rec.add(x=x, f=fn.f(x), grad=g)
            x = x - lr * direction(g)  # x <- x - lr d(g), d the method's step direction
    steps = rec.arrays()
    final_grad = float(np.linalg.norm(steps["grad"][-1]))
    info = {"algorithm": f"minimize/{method}", "function": name, "method": method,
            "x0": list(np.asarray(x0, float)), "lr": lr, "n_steps": n_steps, "tol": tol,
            "hyper": h, "seed": None, **rec.flags(converged=final_grad < tol)}
    return Trajectory(steps=steps, data={"x0": np.asarray(x0, float)},
                      result={"x": steps["x"][-1], "f": steps["f"][-1]}, info=info)


def steps_to_reach(traj: Trajectory, point, radius: float) -> int | None:
    """The first step whose iterate lies within ``radius`` of ``point``; None if none does."""
    dist = np.linalg.norm(traj["x"] - np.asarray(point, float), axis=1)  # (T,)
    hits = np.flatnonzero(dist < radius)
    return int(hits[0]) if hits.size else None


# -- tuning and measuring (lecture 1.2) ------------------------------------------------------------
def settling_step(traj: Trajectory, point, radius: float) -> int | None:
    """The first step from which the iterate stays within ``radius`` of ``point`` for the
    rest of the run; None if the run diverged or its last iterate lies outside. Unlike
    :func:`steps_to_reach` it does not count a path that only passes through the ball."""
    if traj.diverged:
        return None
    dist = np.linalg.norm(traj["x"] - np.asarray(point, float), axis=1)  # (T,)
    if dist[-1] >= radius:
        return None
    outside = np.flatnonzero(dist >= radius)
    return int(outside[-1] + 1) if outside.size else 0


#: the learning rates tried for every method: 1, 1.5, 2, 3, 5, 7 times 10^k, from 1e-4 to 1
LR_GRID: tuple[float, ...] = tuple(
    [round(m * 10.0 ** k, 8) for k in range(-4, 0) for m in (1, 1.5, 2, 3, 5, 7)] + [1.0])


def tune_lr(name: str, x0, *, method: str, n_steps: int, radius: float,
            grid=LR_GRID, **hyper) -> tuple[float | None, int | None]:
    """One rule for every method: run ``n_steps`` from ``x0`` at each learning rate of
    ``grid`` and keep the one whose iterate settles (:func:`settling_step`) within ``radius``
    of the minimum soonest (ties: the smaller rate). ``(lr, step)``; ``(None, None)`` when no
    rate settles."""
    point = FUNCTIONS[name].minimum
    best: tuple[int, float] | None = None
    for lr in grid:
        k = settling_step(minimize(name, x0, method=method, lr=float(lr), n_steps=n_steps,
                                   **hyper), point, radius)
        if k is not None and (best is None or (k, lr) < best):
            best = (k, float(lr))
    return (best[1], best[0]) if best else (None, None)


def descend(name: str, x0, direction: Callable[[np.ndarray], np.ndarray], lr: float,
            n_steps: int) -> np.ndarray:
    """The iterates (n_steps + 1, 2) of x <- x - lr direction(grad f(x)) for any update rule
    object (e.g. :class:`AdamUncorrected`, which the race does not use); stops
    early when an iterate reaches ``|x| >= X_LIMIT``."""
    fn = FUNCTIONS[name]
    x = np.array(x0, dtype=float)
    rows = [x]
    for _ in range(n_steps):
        x = x - lr * direction(fn.grad(x))
        if not np.all(np.isfinite(x)) or np.abs(x).max() >= X_LIMIT:
            break
        rows.append(x)
    return np.array(rows)


class AdamUncorrected(Adam):
    """Adam without the bias corrections: d = m / (sqrt(s) + eps) (to show why they exist)."""

    def __call__(self, g: np.ndarray) -> np.ndarray:
        self.t += 1
        self.m = self.beta1 * self.m + (1 - self.beta1) * g
        self.s = self.beta2 * self.s + (1 - self.beta2) * g * g
        return self.m / (np.sqrt(self.s) + self.eps)


def adam_bias_factor(t, beta1: float = 0.9, beta2: float = 0.999):
    """(m / sqrt(s)) / (m^ / sqrt(s^)) = (1 - beta1^t) / sqrt(1 - beta2^t): how many times
    Adam's uncorrected step at update t is the corrected one (eps = 0);
    (1 - beta1) / sqrt(1 - beta2) = 3.16 at t = 1 for the defaults."""
    t = np.asarray(t, float)
    return (1 - beta1 ** t) / np.sqrt(1 - beta2 ** t)
