"""The Trajectory contract: shapes, JSON info, exact save/load round trip; the Recorder that
fills it: rows, the finiteness and blow-up checks, and the flags set the same way everywhere."""
import warnings

import numpy as np
import pytest

from algorithms.trajectory import BLOWUP, Recorder, Trajectory


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


# -- the record-keeper ------------------------------------------------------------------------
def test_recorder_stacks_rows_and_counts_updates():
    rec = Recorder()
    for t in range(4):
        assert rec.add(w=np.array([t, -t]), loss=1.0 / (t + 1), step=t)
    steps = rec.arrays()
    assert list(steps) == ["w", "loss", "step"]
    np.testing.assert_array_equal(steps["w"], [[0, 0], [1, -1], [2, -2], [3, -3]])
    assert steps["loss"].dtype == np.float64 and steps["step"].dtype == np.int64
    assert rec.flags(converged=True) == {"n_iter": 3, "diverged": False, "converged": True}
    assert rec.flags(converged=False, n_iter=30)["n_iter"] == 30


def test_recorder_keeps_a_copy_of_each_row():
    rec, w = Recorder(), np.zeros(2)
    rec.add(w=w)
    w += 1.0  # changed in place after recording
    rec.add(w=w)
    np.testing.assert_array_equal(rec.arrays()["w"], [[0.0, 0.0], [1.0, 1.0]])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_row_is_dropped_and_marks_divergence(bad):
    rec = Recorder(watch="loss")
    assert rec.add(w=np.array([1.0, 2.0]), loss=3.0)
    assert not rec.add(w=np.array([1.0, bad]), loss=3.0)
    assert not rec.add(w=np.array([1.0, 2.0]), loss=3.0)  # nothing more after divergence
    assert len(rec) == 1 and rec.diverged
    assert rec.flags(converged=True) == {"n_iter": 0, "diverged": True, "converged": False}


def test_the_blow_up_threshold_is_BLOWUP_times_the_first_value_plus_one():
    first = 2.0
    limit = BLOWUP * (first + 1.0)
    rec = Recorder(watch="loss")
    assert rec.add(loss=first) and rec.add(loss=limit)  # at the threshold: still sane
    assert not rec.add(loss=np.nextafter(limit, np.inf))  # one float above: blown up
    assert rec.diverged and len(rec) == 2


def test_a_limit_bounds_the_watched_array_instead():
    rec = Recorder(watch="x", limit=10.0)
    assert rec.add(x=np.array([-9.5, 3.0]), f=1e300)  # f is not watched: any finite size
    assert not rec.add(x=np.array([1.0, -10.0]), f=0.0)
    assert rec.diverged


def test_rows_must_have_the_same_names():
    rec = Recorder()
    rec.add(a=1.0, b=2.0)
    with pytest.raises(ValueError, match="a row needs"):
        rec.add(a=1.0)


def test_updates_run_one_turn_per_row_and_stop_after_a_bad_one():
    rec = Recorder()
    assert list(rec.updates(3)) == [0, 1, 2, 3]
    turns = []
    for t in rec.updates(10):
        turns.append(t)
        rec.add(x=np.inf if t == 4 else float(t))
    assert turns == [0, 1, 2, 3, 4] and len(rec) == 4 and rec.diverged


def test_check_marks_divergence_without_recording():
    rec = Recorder()
    rec.add(x=1.0)
    assert rec.check(theta=np.ones(3)) and not rec.diverged
    assert not rec.check(theta=np.array([1.0, np.nan])) and rec.diverged
    assert len(rec) == 1


def test_inside_the_recorder_overflow_is_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with Recorder(watch="loss") as rec:
            big = np.float64(1e308) * 10.0  # would warn "overflow encountered" outside
            assert not rec.add(loss=big)
        with pytest.raises(RuntimeWarning):
            np.float64(1e308) * 10.0  # the warning filter is back once the run ends


# -- every iterative algorithm keeps its books the same way --------------------------------------
def _diverging_runs():
    from algorithms.datasets import load_advertising, make_sines
    from algorithms.gradient_descent import linear_regression_gd
    from algorithms.logistic_regression import logistic_regression, softmax_regression
    from algorithms.neural_network import MLP, train

    x, y = load_advertising("radio")
    X = np.c_[x, x[::-1]] / 50
    labels = (x > np.median(x)).astype(int)
    xs, ys = make_sines(40, seed=0)
    return {
        "linear_regression_gd": linear_regression_gd(x, y, lr=0.05, n_steps=1000),
        "logistic_regression": logistic_regression(X * 1e6, labels, lr=1e8, n_steps=1000),
        "softmax_regression": softmax_regression(X * 1e6, labels, n_classes=2, lr=1e8,
                                                 n_steps=1000),
        "mlp": train(MLP((1, 8, 1), activation="relu", seed=0), xs, 100 * ys, loss="mse",
                     lr=5.0, n_steps=1000),
    }


def test_every_loss_descent_stops_at_the_same_blow_up_rule():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        runs = _diverging_runs()
    for name, t in runs.items():
        assert t.diverged and not t.converged, name
        assert all(np.all(np.isfinite(a)) for a in t.steps.values()), name
        assert np.all(t["loss"] <= BLOWUP * (t["loss"][0] + 1.0)), name
        n_rows = len(t) if "step" not in t.steps else t["step"][-1] + 1
        assert t.info["n_iter"] == n_rows - 1 < 1000, name
