"""The Trajectory contract: shapes, JSON info, exact save/load round trip."""
import numpy as np
import pytest

from algorithms.trajectory import Trajectory


def make():
    rng = np.random.default_rng(3)
    return Trajectory(
        steps={"w": rng.standard_normal((5, 3)), "loss": rng.random(5),
               "labels": rng.integers(0, 4, (5, 7)).astype(np.int32)},
        data={"x": rng.standard_normal((7, 2)), "y": np.arange(7)},
        result={"w": rng.standard_normal(3)},
        info={"algorithm": "demo", "lr": 0.1, "seed": 3, "converged": True,
              "diverged": False, "n_iter": 4, "nested": {"k": [1, 2]}},
    )


def test_round_trip_is_exact(tmp_path):
    t = make()
    path = t.save(tmp_path / "sub" / "t.npz")
    back = Trajectory.load(path)
    assert back.equals(t)
    for k in t.steps:
        assert back.steps[k].dtype == t.steps[k].dtype
        np.testing.assert_array_equal(back.steps[k], t.steps[k])
    assert back.info == t.info
    assert len(back) == 5 and back.converged and not back.diverged


def test_save_keeps_the_given_file_name(tmp_path):
    path = make().save(tmp_path / "export.traj")
    assert path.exists() and path.name == "export.traj"


def test_equals_detects_a_changed_value():
    a, b = make(), make()
    b.steps["loss"][2] += 1e-15
    assert not a.equals(b)


def test_rejects_steps_of_different_length():
    with pytest.raises(ValueError, match="differ in length"):
        Trajectory(steps={"a": np.zeros(3), "b": np.zeros(4)})


def test_rejects_non_json_info():
    with pytest.raises(TypeError):
        Trajectory(steps={"a": np.zeros(2)}, info={"f": object()})


def test_numpy_scalars_in_info_become_plain():
    t = Trajectory(steps={"a": np.zeros(2)}, info={"lr": np.float64(0.5), "n": np.int64(3)})
    assert type(t.info["lr"]) is float and type(t.info["n"]) is int


@pytest.mark.parametrize("T,n", [(1, 5), (10, 20), (1000, 30)])
def test_keyframes_cover_first_and_last(T, n):
    t = Trajectory(steps={"a": np.arange(T)})
    k = t.keyframes(n)
    assert k[0] == 0 and k[-1] == T - 1
    assert len(k) <= max(n, 2) and np.all(np.diff(k) > 0)
