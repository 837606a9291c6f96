"""The render CLI through click's CliRunner: listing, bad names, parameter validation,
trajectory export, doctor. Nothing here renders video."""
import json
import os

import numpy as np
import pytest
from click.testing import CliRunner

from algorithms.trajectory import Trajectory
from scenes.catalog import chapters
from scripts.cli import cli


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, env=None):
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)
    return invoke


def test_list_shows_every_chapter_and_lecture_in_order(run):
    res = run("list")
    assert res.exit_code == 0
    out = res.output
    positions = []
    for ch in chapters():
        assert f"Chapter {ch.number}: {ch.title}" in out
        for lec in ch.lectures:
            assert ch.file_stem(lec) in out and lec.title in out
            positions.append(out.index(ch.file_stem(lec)))
    assert positions == sorted(positions)
    assert "01_gradient_descent" in out and "02_optimizers" in out


def test_unknown_chapter_exits_2_and_lists_the_valid_ones(run):
    res = run("chapter99")
    assert res.exit_code == 2
    assert "chapter99" in res.output and "chapter1" in res.output
    assert "Traceback" not in res.output


def test_unknown_scene_exits_2_and_lists_the_lectures(run):
    res = run("chapter1", "--scene", "nope")
    assert res.exit_code == 2
    assert "gradient_descent" in res.output and "optimizers" in res.output


@pytest.mark.parametrize("pair,needle", [
    ("lr=abc", "must be float"), ("lr=9", "outside"), ("nope=1", "no parameter"),
    ("lr", "name=value"), ("raw_steps=1.5", "must be int"),
])
def test_bad_overrides_are_rejected_with_the_valid_list(run, pair, needle):
    res = run("chapter1", "--scene", "gradient_descent", "--set", pair)
    assert res.exit_code == 2
    assert needle in res.output
    assert "raw_lr" in res.output  # the valid parameters are listed


def test_set_needs_one_scene(run):
    res = run("chapter1", "--set", "lr=0.5")
    assert res.exit_code == 2 and "exactly one --scene" in res.output


def test_trajectory_export_writes_the_scene_trajectories(run, tmp_path):
    out = tmp_path / "gd.npz"
    res = run("trajectory", "chapter1/gradient_descent", "-o", str(out))
    assert res.exit_code == 0, res.output
    from scenes.chapter1.trajectories import gradient_descent as trajectories
    expected = trajectories()
    for key, traj in expected.items():
        back = Trajectory.load(tmp_path / f"gd_{key}.npz")
        assert back.equals(traj)
    # the exported standardized run ends on the least-squares line
    scaled = Trajectory.load(tmp_path / "gd_scaled.npz")
    x, y = scaled.data["x"], scaled.data["y"]
    (w, b), *_ = np.linalg.lstsq(np.c_[x, np.ones_like(x)], y, rcond=None)
    assert scaled.result["w_x"] == pytest.approx(w, abs=1e-4)


def test_trajectory_export_one_name_with_override(run, tmp_path):
    out = tmp_path / "raw.npz"
    res = run("trajectory", "chapter1/gradient_descent", "-o", str(out), "--name", "raw",
              "--set", "raw_steps=10")
    assert res.exit_code == 0, res.output
    t = Trajectory.load(out)
    assert len(t) == 11 and t.info["n_steps"] == 10


def test_trajectory_export_bad_names(run, tmp_path):
    assert run("trajectory", "chapter1/nope", "-o", str(tmp_path / "x.npz")).exit_code == 2
    assert run("trajectory", "gradient_descent", "-o", str(tmp_path / "x.npz")).exit_code == 2
    res = run("trajectory", "chapter1/gradient_descent", "-o", str(tmp_path / "x.npz"),
              "--name", "nope")
    assert res.exit_code == 2 and "scaled" in res.output


@pytest.mark.parametrize("ch", [c.slug for c in chapters()])
def test_every_lecture_exports_finite_trajectories(ch, tmp_path):
    """Each lecture's trajectories() runs without manim rendering and yields clean arrays."""
    for lec in next(c for c in chapters() if c.slug == ch).lectures:
        trajs = lec.trajectories()
        assert trajs, lec.id
        for name, t in trajs.items():
            assert len(t) >= 1 or t.result, (lec.id, name)  # a worked example: result only
            json.dumps(t.info)
            for arr in [*t.steps.values(), *t.result.values()]:
                if arr.dtype.kind == "f":
                    assert np.all(np.isfinite(arr)), (lec.id, name)


def test_doctor_names_a_missing_tool_and_its_fix(run, tmp_path):
    # a PATH with python but no latex, dvisvgm or ffmpeg
    empty = tmp_path / "bin"
    empty.mkdir()
    res = run("doctor", env={"PATH": str(empty), "MLV_RENDERS": str(tmp_path / "r")})
    assert res.exit_code == 1
    for tool in ("latex", "dvisvgm", "ffmpeg"):
        assert f"MISSING  {tool}" in res.output
    assert "bash scripts/setup.sh" in res.output
    # the default voice and its model are listed (they are Python packages: PATH aside)
    assert "piper" in res.output and "voice model" in res.output
    # optional tools are listed with what needs them, and do not count as problems
    assert "absent   espeak-ng" in res.output and "bash scripts/setup.sh --narration" in res.output
    assert "--voice espeak" in res.output
    assert "absent   chromium" in res.output and "bash scripts/setup.sh --browser" in res.output
    assert "MISSING  espeak-ng" not in res.output


def test_render_refuses_politely_without_ffmpeg(run, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    res = run("chapter1", "--scene", "optimizers", "-q", "low",
              env={"PATH": str(empty), "MLV_RENDERS": str(tmp_path / "r")})
    assert res.exit_code == 1
    assert "ffmpeg" in res.output and "bash scripts/setup.sh" in res.output
    assert "Traceback" not in res.output
    assert not os.path.exists(tmp_path / "r" / "chapter1" / "02_optimizers.mp4")


@pytest.mark.parametrize("ch", [c.slug for c in chapters()])
def test_trajectory_defaults_match_the_declared_parameters(ch):
    """A lecture's trajectories() defaults are its catalogue Param defaults (else `render`
    and plain `manim` would animate different numbers)."""
    import inspect
    for lec in next(c for c in chapters() if c.slug == ch).lectures:
        sig = inspect.signature(lec.load_module().trajectories)
        declared = lec.defaults()
        assert set(declared) <= set(sig.parameters), lec.id
        for name, value in declared.items():
            assert sig.parameters[name].default == value, (lec.id, name)
        for p in lec.params:
            assert p.low is None or p.low <= p.default, (lec.id, p.name)
            assert p.high is None or p.default <= p.high, (lec.id, p.name)


# -- the voice ------------------------------------------------------------------------------------
def test_voice_is_one_of_three_and_narrate_is_gone(run):
    res = run("chapter1", "--voice", "robot")
    assert res.exit_code == 2 and "piper" in res.output and "espeak" in res.output
    res = run("chapter1", "--narrate")
    assert res.exit_code == 2 and "No such option" in res.output
    help_text = run("chapter1", "--help").output
    assert "--voice [piper|espeak|none]" in help_text and "--no-audio" in help_text


def test_a_missing_voice_is_refused_before_rendering(monkeypatch, tmp_path):
    from scripts import cli as cli_module
    monkeypatch.setattr(cli_module, "voice_check", lambda name: (
        (False, "espeak-ng not found", "bash scripts/setup.sh --narration")
        if name == "espeak" else (True, "fine", "")))
    res = CliRunner().invoke(cli, ["chapter1", "--voice", "espeak", "-q", "low"],
                             env={"MLV_RENDERS": str(tmp_path)})
    assert res.exit_code == 1
    assert "espeak voice" in res.output and "bash scripts/setup.sh --narration" in res.output
    assert "Traceback" not in res.output and not any(tmp_path.rglob("*.mp4"))


# -- progress -----------------------------------------------------------------------------------
class _Job:
    def __init__(self, stem):
        self.stem = stem


def _ticks(progress, job, beats=4, expected=None):
    progress(job, "started", {"expected": expected})
    t = 0.0
    for beat in range(1, beats + 1):
        for _ in range(3):
            t += 2.0
            progress(job, "rendering", {"beat": beat, "beats": beats, "name": f"b{beat}",
                                        "t": t, "frames": int(t * 15), "fps": 15,
                                        "expected": expected})
    progress(job, "rendered in 3s", {"result": object()})


def test_progress_is_plain_lines_when_not_a_terminal(capsys):
    import io

    from scripts.cli import Progress
    stream = io.StringIO()
    job = _Job("01_gradient_descent")
    with Progress([job], stream=stream) as progress:
        _ticks(progress, job)
    err = capsys.readouterr().err
    lines = [l for l in err.splitlines() if "01_gradient_descent" in l]
    assert lines[0].strip() == "01_gradient_descent: rendering"
    beat_lines = [l for l in lines if ": beat " in l]
    assert len(beat_lines) == 4                                  # one line per beat
    assert "beat 2/4 b2" in beat_lines[1] and "frames" in beat_lines[1]
    assert lines[-1].strip() == "01_gradient_descent: rendered in 3s"
    assert "\x1b" not in err                                     # no terminal codes


def test_progress_bars_on_a_terminal_estimate_totals():
    import io

    from scripts.cli import Progress, estimate_seconds
    # the previous render's length, while the render has not passed it; else from beats
    assert estimate_seconds({"t": 10, "beat": 1, "beats": 4, "expected": 100}) == 100
    assert estimate_seconds({"t": 30, "beat": 2, "beats": 4, "expected": None}) == 80
    assert estimate_seconds({"t": 120, "beat": 4, "beats": 4, "expected": 100}) == \
        pytest.approx(120 / 3.5 * 4)
    assert estimate_seconds({"t": 5, "beat": 2, "beats": None}) == 5
    stream = io.StringIO()
    jobs = [_Job("01_gradient_descent"), _Job("02_optimizers")]
    with Progress(jobs, stream=stream, tty=True, width=160) as progress:
        _ticks(progress, jobs[0], expected=24.0)
        _ticks(progress, jobs[1])
        tasks = {t.description: t for t in progress.bars.tasks}
    out = stream.getvalue()
    assert "01_gradient_descent" in out and "frames" in out and "all" in out
    assert tasks["01_gradient_descent"].completed == tasks["01_gradient_descent"].total
    assert tasks["all"].completed == tasks["all"].total == 2 * 24 * 15
