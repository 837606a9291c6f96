"""The build engine: content keys (the voice included), incremental and parallel renders,
failures reported, interrupt safety, one run at a time, the render process's environment and
progress lines. Uses one-second fixture scenes, silent (``voice="none"``), to stay fast."""
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import scenes.catalog as catalog
import scripts.build as build
from scenes.catalog import Chapter, Lecture, get_chapter

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tiny_scenes.py"
HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg"))
needs_tools = pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")


def tiny_chapter(*scenes):
    return Chapter("chapter0", 0, "Test", lectures=tuple(
        Lecture(slug=s.lower(), scene=s, title=s, source=FIXTURE) for s in scenes))


# -- keys -----------------------------------------------------------------------------------
@pytest.fixture
def repo_copy(tmp_path, monkeypatch):
    """A copy of algorithms/ and scenes/ that the key functions read instead of the repo."""
    for d in ("algorithms", "scenes"):
        shutil.copytree(build.ROOT / d, tmp_path / d,
                        ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(catalog, "SCENES_DIR", tmp_path / "scenes")
    return tmp_path


def touch(path: Path, text="\n# edited\n"):
    path.write_text(path.read_text() + text)


def test_key_changes_when_and_only_when_an_input_changes(repo_copy):
    lec = get_chapter("chapter1").lecture("gradient_descent")
    assert lec.path.is_relative_to(repo_copy)
    params = lec.defaults()

    def key(quality="low", p=params):
        return build.job_key(lec, quality, p)

    k0 = key()
    assert key() == k0                                         # nothing changed
    touch(repo_copy / "algorithms" / "kmeans.py")              # a module it does not import
    assert key() == k0
    assert key(quality="high") != k0                           # quality
    assert key(p={**params, "lr": 0.5}) != k0                  # a parameter override
    for rel in ("scenes/chapter1/gradient_descent.py",         # its source
                "algorithms/gradient_descent.py",              # an imported algorithm
                "algorithms/trajectory.py",                    # imported through it
                "scenes/style.py",                             # the shared style
                "algorithms/data/advertising.csv"):            # the data
        before = key()
        touch(repo_copy / rel, "\n")
        assert key() != before, rel


def test_the_voice_is_part_of_the_key_not_of_the_names(repo_copy, monkeypatch):
    lec = get_chapter("chapter1").lecture("gradient_descent")
    params = lec.defaults()
    keys = {v: build.job_key(lec, "low", params, voice=v) for v in build.VOICES}
    assert len(set(keys.values())) == 3                        # each voice renders anew
    # a new Piper model or version (its fingerprint) renders again too
    monkeypatch.setattr(build, "voice_fingerprint", lambda name: f"{name}:another-model")
    assert build.job_key(lec, "low", params, voice="piper") != keys["piper"]
    ch = get_chapter("chapter1")
    a = build.plan(ch, [lec], "low", repo_copy / "r", voice="none")[0]
    b = build.plan(ch, [lec], "low", repo_copy / "r", voice="piper")[0]
    assert a.video == b.video and a.stem == "01_gradient_descent"   # outputs keep their names
    with pytest.raises(ValueError, match="unknown voice"):
        build.plan(ch, [lec], "low", repo_copy / "r", voice="robot")


def test_the_render_process_gets_the_voice_and_reports_progress(tmp_path):
    ch = tiny_chapter("TinyA")
    job = build.plan(ch, list(ch.lectures), "low", tmp_path, voice="espeak")[0]
    env = build.render_env(job, tmp_path)
    assert env["MLV_VOICE"] == "espeak" and env["MLV_PROGRESS"] == "1"
    assert env["MLV_SOUND_BY_BUILD"] == "1"
    assert env["MLV_BEATS_FILE"] == str(tmp_path / "beats.json")
    assert "MLV_NARRATE" not in env
    tick = build._parse_tick('MLV_PROGRESS {"beat": 3, "beats": 12, "name": "loss", "t": 45.2, '
                             '"frames": 678, "fps": 15}\n')
    assert tick == {"beat": 3, "beats": 12, "name": "loss", "t": 45.2, "frames": 678, "fps": 15}
    assert build._parse_tick("Animation 3 : Partial movie file written") is None
    assert build._parse_tick("MLV_PROGRESS {not json") is None


def test_input_files_follow_imports_transitively():
    lec = get_chapter("chapter1").lecture("gradient_descent")
    names = {p.relative_to(build.ROOT).as_posix() for p in build.input_files(lec)}
    for must in ("scenes/chapter1/gradient_descent.py", "algorithms/gradient_descent.py",
                 "algorithms/trajectory.py", "algorithms/datasets.py", "scenes/style.py",
                 "scenes/components.py", "scenes/lecture.py", "scenes/catalog.py"):
        assert must in names
    assert "algorithms/kmeans.py" not in names


def test_override_gets_its_own_file_name():
    assert build.override_stem("01_gd", {}) == "01_gd"
    assert build.override_stem("01_gd", {"lr": 0.5, "a": 2}) == "01_gd@a=2,lr=0.5"


# -- rendering ------------------------------------------------------------------------------
@needs_tools
def test_parallel_equals_serial_and_rebuild_is_incremental(tmp_path):
    ch = tiny_chapter("TinyA", "TinyB")
    par = build.plan(ch, list(ch.lectures), "low", tmp_path / "par", voice="none")
    res = build.run_jobs(par, jobs_n=2)
    assert [r.status for r in res] == ["rendered", "rendered"]
    ser = build.plan(ch, list(ch.lectures), "low", tmp_path / "ser", voice="none")
    assert [r.status for r in build.run_jobs(ser, jobs_n=1)] == ["rendered", "rendered"]
    for a, b in zip(par, ser):
        assert build.probe(a.video) == build.probe(b.video)
        assert build.probe(a.video)["codec"] == "h264"
        assert build.probe(a.video)["pix_fmt"] == "yuv420p"
        # the same bytes: drawing is deterministic, and x264 runs in one thread per job (with
        # several threads, a few pixels of a frame differed now and then under load)
        assert a.video.read_bytes() == b.video.read_bytes()
    srt = par[0].out_dir.joinpath(f"{par[0].stem}.srt").read_text()
    assert "A circle." in srt and "Now a square." in srt
    beats = json.loads(par[0].out_dir.joinpath(f"{par[0].stem}.beats.json").read_text())
    assert [b["name"] for b in beats["beats"]] == ["circle", "square"]
    assert len(beats["sections"]) == 2
    # unchanged: nothing renders; --force renders again
    again = build.run_jobs(build.plan(ch, list(ch.lectures), "low", tmp_path / "par",
                                      voice="none"))
    assert [r.status for r in again] == ["up to date", "up to date"]
    forced = build.run_jobs(build.plan(ch, list(ch.lectures)[:1], "low", tmp_path / "par",
                                       voice="none"), force=True)
    assert forced[0].status == "rendered"
    manifest = build.write_chapter(ch, par, "low")
    joined = build.probe(tmp_path / "par" / "chapter0" / "chapter0.mp4")
    assert joined["video_duration"] == pytest.approx(
        sum(s["duration"] for s in manifest["scenes"]), abs=1e-3)
    assert joined["frames"] == sum(build.probe(j.video)["frames"] for j in par)


@needs_tools
def test_a_failing_lecture_is_reported_and_the_others_finish(tmp_path):
    ch = tiny_chapter("Broken", "TinyB")
    jobs = build.plan(ch, list(ch.lectures), "low", tmp_path, voice="none")
    res = build.run_jobs(jobs, jobs_n=2)
    assert res[0].status == "failed" and str(jobs[0].log_file) in res[0].error
    assert "deliberate failure" in jobs[0].log_file.read_text()
    assert res[1].status == "rendered" and jobs[1].video.exists()
    assert not jobs[0].video.exists()


@needs_tools
def test_the_cli_exits_non_zero_naming_the_failed_lecture(tmp_path, monkeypatch):
    import click
    from scripts import cli
    monkeypatch.setenv("MLV_RENDERS", str(tmp_path))
    ch = tiny_chapter("TinyA", "Broken")
    with pytest.raises(click.ClickException) as err:
        cli.render_chapters([(ch, list(ch.lectures))], "low", 2, False, {}, voice="none")
    assert "chapter0/broken" in err.value.message and ".log" in err.value.message
    assert (tmp_path / "chapter0" / "01_tinya.mp4").exists()


KILL_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
import scripts.build as build
from scenes.catalog import Chapter, Lecture
ch = Chapter("chapter0", 0, "T", lectures=(Lecture(slug="slow", scene="TinyA", title="A",
             source=Path({fixture!r})),))
jobs = build.plan(ch, list(ch.lectures), "medium", Path({out!r}), voice="none")
build.run_jobs(jobs, progress=lambda j, m, info=None: print(m, flush=True))
"""


@needs_tools
def test_a_killed_render_leaves_no_half_written_file(tmp_path):
    out = tmp_path / "r"
    code = KILL_SCRIPT.format(root=str(build.ROOT), fixture=str(FIXTURE), out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    line = proc.stdout.readline()
    while line.strip() == "started":
        line = proc.stdout.readline()
    assert line.strip() == "rendering"  # the first animation is done: the render is under way
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    players_would_open = [p for p in out.rglob("*") if p.is_file()
                          and p.suffix in (".mp4", ".srt", ".json") and not p.name.startswith(".")]
    assert players_would_open == []
    # the next run picks up and completes
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (out / "chapter0" / "01_slow.mp4").exists()


def test_a_second_run_on_the_same_outputs_is_refused(tmp_path):
    with build.RenderLock(tmp_path):
        with pytest.raises(build.LockedError, match="being rendered"):
            with build.RenderLock(tmp_path):
                pass
    with build.RenderLock(tmp_path):  # released: free again
        pass
