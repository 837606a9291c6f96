"""The trajectory: the contract between an algorithm and the scene that animates it.

A :class:`Trajectory` is what an algorithm returns after running once:

``steps``
    dict of NumPy arrays whose leading axis is the step. Row 0 is the state
    *before* the first update; every array has the same number of rows ``T``.
``data``
    the inputs the algorithm saw (e.g. ``x``, ``y``), as arrays.
``result``
    the final fitted arrays (e.g. ``w``, ``b``, ``components``).
``info``
    JSON-able metadata: ``algorithm``, hyperparameters, ``seed`` and the flags
    ``converged``, ``diverged``, ``n_iter``.

``save``/``load`` round-trip through a single ``.npz`` file exactly (same
dtypes, same bytes, same info).

A :class:`Recorder` is how an iterative algorithm fills ``steps``: one row per step, the
row checked before it is kept, and the flags ``n_iter``, ``converged`` and ``diverged`` set
the same way for every algorithm.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

import numpy as np

__all__ = ["Trajectory", "Recorder", "BLOWUP"]

#: A watched loss this many times its first value (plus 1) has blown up: the learning rate is
#: too large. A descent at a stable step never raises its loss, and a loss that is growing grows
#: geometrically, so any huge factor marks the same runs; 1e10 is reached tens of steps before
#: the floats overflow (float64 ends near 1e308, the squared error of a line passes 1e10 x its
#: start when w and b are about 1e5 x theirs), so the last kept row is still a drawable number.
BLOWUP = 1e10

_SECTIONS = ("steps", "data", "result")
_INFO_KEY = "__info__"


def _as_arrays(mapping: Mapping[str, Any] | None) -> dict[str, np.ndarray]:
    return {str(k): np.asarray(v) for k, v in (mapping or {}).items()}


def _jsonable(value: Any) -> Any:
    """Turn NumPy scalars/arrays nested in ``value`` into plain Python."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


@dataclass
class Trajectory:
    """State of an algorithm at every step, plus its inputs, result and metadata."""

    steps: dict[str, np.ndarray] = field(default_factory=dict)
    data: dict[str, np.ndarray] = field(default_factory=dict)
    result: dict[str, np.ndarray] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.steps = _as_arrays(self.steps)
        self.data = _as_arrays(self.data)
        self.result = _as_arrays(self.result)
        self.info = _jsonable(dict(self.info))
        lengths = {name: (a.shape[0] if a.ndim else None) for name, a in self.steps.items()}
        if any(n is None for n in lengths.values()):
            raise ValueError(f"every step array needs a leading step axis: {lengths}")
        if len(set(lengths.values())) > 1:
            raise ValueError(f"step arrays differ in length: {lengths}")
        json.dumps(self.info)  # fail early if info is not JSON-able

    def __len__(self) -> int:
        """Number of recorded rows ``T`` (row 0 is the initial state)."""
        return next(iter(self.steps.values())).shape[0] if self.steps else 0

    def __getitem__(self, name: str) -> np.ndarray:
        """``traj["loss"]`` is ``traj.steps["loss"]``."""
        return self.steps[name]

    @property
    def converged(self) -> bool:
        return bool(self.info.get("converged", False))

    @property
    def diverged(self) -> bool:
        return bool(self.info.get("diverged", False))

    def keyframes(self, n: int) -> np.ndarray:
        """At most ``n`` row indices spread over the trajectory, always with the first and last.

        Early steps change most, so the spacing is geometric rather than uniform.
        """
        T = len(self)
        if T <= n:
            return np.arange(T)
        idx = np.unique(np.round(np.geomspace(1, T, n)).astype(int) - 1)
        extra = np.setdiff1d(np.linspace(0, T - 1, n).round().astype(int), idx)
        while idx.size < n and extra.size:  # top up with uniform picks if rounding merged some
            idx, extra = np.union1d(idx, extra[:1]), extra[1:]
        return np.union1d(idx, [0, T - 1])

    # -- persistence -------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write everything to one ``.npz`` file (``section/name`` keys plus JSON info)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {
            f"{section}/{name}": array
            for section in _SECTIONS
            for name, array in getattr(self, section).items()
        }
        arrays[_INFO_KEY] = np.array(json.dumps(self.info, sort_keys=True))
        with open(path, "wb") as fh:  # an open file keeps numpy from appending ".npz"
            np.savez_compressed(fh, **arrays)
        return path

    @classmethod
    def load(cls, path: str | Path) -> "Trajectory":
        """Restore a trajectory written by :meth:`save`, exactly."""
        sections: dict[str, dict[str, np.ndarray]] = {s: {} for s in _SECTIONS}
        with np.load(Path(path), allow_pickle=False) as npz:
            info = json.loads(str(npz[_INFO_KEY]))
            for key in npz.files:
                if key == _INFO_KEY:
                    continue
                section, name = key.split("/", 1)
                sections[section][name] = npz[key]
        return cls(info=info, **sections)

    def equals(self, other: "Trajectory") -> bool:
        """True when every array (values, dtype, shape) and the info are identical."""
        if self.info != other.info:
            return False
        for section in _SECTIONS:
            mine, theirs = getattr(self, section), getattr(other, section)
            if mine.keys() != theirs.keys():
                return False
            for k in mine:
                a, b = mine[k], theirs[k]
                if a.dtype != b.dtype or a.shape != b.shape or a.tobytes() != b.tobytes():
                    return False
        return True


class Recorder:
    """The rows of an iterative algorithm, one per step, with its divergence bookkeeping.

    ``add(**row)`` keeps a row when it is sane: every value finite and, with ``watch``, the
    watched value at most ``BLOWUP`` times (its first value + 1), or with ``limit`` too, every
    ``|row[watch]|`` below ``limit``. A row that is not sane is dropped and sets ``diverged``:
    the trajectory ends on the last sane row, never on a NaN or inf. Used as a context manager
    it silences NumPy's overflow warnings while the run is checked::

        with Recorder(watch="loss") as rec:
            for t in rec.updates(n_steps):
                rec.add(w=w, loss=L(w), grad=g(w))
                w = w - lr * g(w)
        Trajectory(steps=rec.arrays(), info={**rec.flags(converged=...)})
    """

    def __init__(self, watch: str | None = None, *, limit: float | None = None):
        self.watch, self.limit = watch, limit
        self.rows: dict[str, list] = {}
        self.diverged = False
        self._quiet = np.errstate(over="ignore", invalid="ignore", divide="ignore")

    def __enter__(self) -> "Recorder":
        self._quiet.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._quiet.__exit__(*exc)

    def __len__(self) -> int:
        return len(next(iter(self.rows.values()), []))

    def sane(self, **values) -> bool:
        """Whether ``values`` are all finite and the watched one has not blown up."""
        if not all(np.all(np.isfinite(v)) for v in values.values()):
            return False
        if self.watch not in values:
            return True
        if self.limit is not None:
            return bool(np.max(np.abs(values[self.watch])) < self.limit)
        return not (self.rows and values[self.watch] > BLOWUP * (self.rows[self.watch][0] + 1.0))

    def check(self, **values) -> bool:
        """``sane(**values)``, marking the run diverged when not (nothing is recorded)."""
        self.diverged = self.diverged or not self.sane(**values)
        return not self.diverged

    def add(self, **row) -> bool:
        """Keep ``row`` (the same names every step) if it is sane; False once diverged."""
        if self.rows and row.keys() != self.rows.keys():
            raise ValueError(f"a row needs {list(self.rows)}, not {list(row)}")
        if not self.check(**row):
            return False
        for name, value in row.items():
            self.rows.setdefault(name, []).append(np.array(value))
        return True

    def updates(self, n: int) -> Iterator[int]:
        """``t = 0, 1, ..., n``: one loop turn per row, each adding row t and then computing
        the update to row t + 1. Stops after the turn whose row was not sane; the update
        computed in the last turn is dropped."""
        for t in range(n + 1):
            yield t
            if self.diverged:
                return

    def arrays(self) -> dict[str, np.ndarray]:
        """The steps: every name stacked over the kept rows, (T, ...)."""
        return {name: np.array(values) for name, values in self.rows.items()}

    def flags(self, converged: bool, n_iter: int | None = None) -> dict[str, Any]:
        """``n_iter`` (updates made: rows - 1 unless given), ``diverged``, and ``converged``
        (the algorithm's own test, never true for a run that diverged)."""
        return {"n_iter": len(self) - 1 if n_iter is None else int(n_iter),
                "diverged": self.diverged, "converged": bool(converged) and not self.diverged}
