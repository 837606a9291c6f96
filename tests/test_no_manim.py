"""The numbers need no Manim: every lecture's trajectories export, and the algorithm tests
pass, in a Python that cannot import manim.

A ``sitecustomize`` on PYTHONPATH puts a finder first on ``sys.meta_path`` that refuses
``manim`` (and its submodules) with ModuleNotFoundError, as if it were not installed.
"""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from algorithms.trajectory import Trajectory
from scenes.catalog import chapters

ROOT = Path(__file__).resolve().parents[1]
LECTURES = [lec.id for ch in chapters() for lec in ch.lectures]
ALGORITHM_TESTS = [f"tests/test_{name}.py" for name in (
    "approximation", "deep_networks", "gradient_descent", "kmeans", "landscape",
    "logistic_regression",
    "naive_bayes", "neural_network", "optimizers", "pca", "perceptron", "trajectory")]

BLOCKER = '''
import sys

class _NoManim:
    """Refuses manim as if it were not installed."""
    def find_spec(self, name, path=None, target=None):
        if name == "manim" or name.startswith("manim."):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)",
                                      name=name)
        return None

sys.meta_path.insert(0, _NoManim())
'''


@pytest.fixture(scope="module")
def no_manim_env(tmp_path_factory) -> dict[str, str]:
    site = tmp_path_factory.mktemp("no_manim")
    (site / "sitecustomize.py").write_text(BLOCKER)
    path = os.pathsep.join([str(site), str(ROOT), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path.rstrip(os.pathsep)}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_blocker_really_hides_manim(no_manim_env):
    res = run(["-c", "import manim"], no_manim_env)
    assert res.returncode != 0 and "blocked by the test" in res.stderr


EXPORT_ALL = """
import sys
from scripts.cli import cli

for lecture, out in zip(sys.argv[1::2], sys.argv[2::2]):
    print("render trajectory", lecture, flush=True)
    cli.main(["trajectory", lecture, "-o", out], prog_name="render", standalone_mode=False)
"""


def test_render_trajectory_exports_every_lecture_without_manim(no_manim_env, tmp_path):
    """``render trajectory <lecture> -o ...`` for every lecture, in one Python (one start-up)."""
    outs = {lec: tmp_path / lec.replace("/", "_") / "t.npz" for lec in LECTURES}
    args = [str(a) for lec, out in outs.items() for a in (lec, out)]
    res = run(["-c", EXPORT_ALL, *args], no_manim_env)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-3000:]
    for lec, out in outs.items():
        written = sorted(out.parent.glob("t*.npz"))
        assert written, f"{lec} wrote nothing"
        for path in written:
            traj = Trajectory.load(path)
            assert len(traj.info) and all(np.all(np.isfinite(a)) for a in traj.steps.values()
                                          if a.dtype.kind == "f"), path


def test_algorithm_tests_pass_without_manim(no_manim_env):
    res = run(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
               *ALGORITHM_TESTS], no_manim_env)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert "skipped" not in res.stdout.splitlines()[-1], res.stdout[-2000:]
