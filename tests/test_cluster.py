"""Rendering on a Dask cluster (issue 19, ``scripts/cluster.py``): the scheduler option, the
workers' fingerprints compared and a worker that differs refused, outputs carried as bytes with
their SHA-256 and committed like a local render, byte-identical to it; a worker killed
mid-lecture, a failing lecture, progress from the workers, Ctrl-C; no Dask without
``--scheduler``.

The fast tests need neither Dask nor Manim (the transfer test makes its outputs with ffmpeg);
the cluster tests skip with a message where Dask's ``distributed`` is not installed
(``bash scripts/setup.sh --cluster``). Renders are fixture lectures at 480p15, silent."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

import scripts.build as build
from scripts import cli, cluster
from tests.fixtures.fake_lecture import chapter, fake_render, job_for, tiny_video

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SCENES = FIXTURES / "cluster_scenes.py"
HAVE_DASK = importlib.util.find_spec("distributed") is not None
HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg"))
needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="needs Dask's distributed (bash "
                                                      "scripts/setup.sh --cluster)")
needs_ffmpeg = pytest.mark.skipif(not shutil.which("ffmpeg"), reason="needs ffmpeg")
render = [pytest.mark.render, needs_dask,
          pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")]


# -- the scheduler option ------------------------------------------------------------------------
def test_the_scheduler_is_an_address_or_local_n():
    assert cluster.parse_scheduler("tcp://10.0.0.5:8786") == ("address", "tcp://10.0.0.5:8786")
    assert cluster.parse_scheduler("render-1.lan:8786") == ("address", "tcp://render-1.lan:8786")
    assert cluster.parse_scheduler("local:3") == ("local", 3)
    for bad in ("tcp://host", "8786", "local:x", "http://h:99999"):
        with pytest.raises(ValueError, match="tcp://HOST:PORT"):
            cluster.parse_scheduler(bad)
    with pytest.raises(ValueError, match="1 to 256 workers"):
        cluster.parse_scheduler("local:0")


def test_without_dask_the_scheduler_option_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)     # import distributed fails
    monkeypatch.setattr(cli, "require_tools", lambda voice="none": None)
    monkeypatch.setenv("MLV_RENDERS", str(tmp_path))
    with pytest.raises(click.ClickException) as err:
        cli.render_chapters([(chapter("TinyA"), [])], "low", 1, False, {}, voice="none",
                            scheduler="local:2")
    assert "bash scripts/setup.sh --cluster" in err.value.message
    with pytest.raises(click.ClickException, match="tcp://HOST:PORT"):
        cli.render_chapters([(chapter("TinyA"), [])], "low", 1, False, {}, voice="none",
                            scheduler="nowhere")


NO_DASK = """
import sys
sys.path.insert(0, {root!r})
from click.testing import CliRunner
from scripts import cli
from tests.fixtures.fake_lecture import chapter
cli.require_tools = lambda voice="none": None
cli.render_chapters([(chapter("TinyA"), [])], "low", 1, False, {{}}, voice="none")
assert CliRunner().invoke(cli.cli, ["all", "--help"]).exit_code == 0
assert CliRunner().invoke(cli.cli, ["doctor"]).exit_code in (0, 1)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
"""


def test_a_render_without_scheduler_does_not_import_dask(tmp_path):
    proc = subprocess.run([sys.executable, "-c", NO_DASK.format(root=str(ROOT))],
                          env={**os.environ, "MLV_RENDERS": str(tmp_path)},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_a_render_process_runs_one_blas_thread_wherever_it_runs(tmp_path, monkeypatch):
    # a Dask worker's nanny sets these to 1; a thread per core made 3.3's frames differ
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "8")
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    env = build.render_env(job_for(tmp_path, "TinyA")[0], tmp_path)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        assert env[name] == "1"
    assert env["PYTHONHASHSEED"] == "0"
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")     # the worker's, not the render's
    assert "MALLOC_TRIM_THRESHOLD_" not in build.render_env(job_for(tmp_path, "TinyA")[0],
                                                            tmp_path)


# -- fingerprints --------------------------------------------------------------------------------
def test_fingerprints_compare_and_a_refusal_names_the_worker_and_what_differs(tmp_path):
    files = cluster.source_files()
    assert "scripts/build.py" in files and "scenes/lecture.py" in files
    here = cluster.fingerprint("none", files)
    assert {"manim", "numpy", "python", "tex", "dvisvgm", "ffmpeg"} <= set(here["versions"])
    assert here["voice"] == build.voice_fingerprint("none")
    assert cluster.compare(here, json.loads(json.dumps(here))) == []
    # another checkout with one edited file, another Manim, another voice model
    copy = tmp_path / "checkout"
    for name in files:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, copy / name)
    (copy / "scenes" / "style.py").write_text((ROOT / "scenes" / "style.py").read_text() + "#\n")
    there = cluster.fingerprint("none", files, root=copy)
    assert cluster.compare(here, there) == [
        "the project source differs in 1 file(s): scenes/style.py"]
    there["versions"]["manim"] = "0.21.0"
    there["voice"] = "none:0000"
    diffs = cluster.compare(here, there)
    assert diffs[0] == f"manim {here['versions']['manim']!r} here, '0.21.0' there"
    assert diffs[1] == f"the voice {here['voice']!r} here, 'none:0000' there"
    message = cluster.refusal({"tcp://10.0.0.7:4000": (there, diffs)}, 3)
    assert message.startswith("refusing to render on the cluster: 1 of 3 worker(s) differ")
    assert f"worker tcp://10.0.0.7:4000 (host {there['host']}): manim" in message
    assert "scenes/style.py" in message and "bash scripts/setup.sh --cluster" in message
    assert cluster.summary(here) == cluster.summary(json.loads(json.dumps(here)))


# -- outputs as bytes ----------------------------------------------------------------------------
@needs_ffmpeg
def test_outputs_travel_as_bytes_checked_by_hash_and_commit_as_a_unit(tmp_path):
    video = tiny_video(tmp_path / "blue.mp4")
    there = job_for(tmp_path / "worker", "TinyA")[0]          # the worker's own folder
    fake_render(there, video)
    payload = cluster.pack(there)
    assert set(payload["files"]) == set(payload["record"]["outputs"])
    for name, item in payload["files"].items():
        assert item["sha256"] == hashlib.sha256(item["data"]).hexdigest()
    here = job_for(tmp_path / "client", "TinyA")[0]
    assert here.key == there.key and here.state() == ("new", "")
    # one byte changed on the way: refused, nothing written
    bad = json.loads(json.dumps(payload["record"]))
    damaged = {**payload, "record": bad, "files": dict(payload["files"])}
    item = damaged["files"][there.video.name]
    damaged["files"][there.video.name] = {**item, "data": item["data"][:-1] + bytes(
        [item["data"][-1] ^ 1])}
    with pytest.raises(cluster.TransferError, match=f"{there.video.name} arrived with"):
        cluster.commit_remote(here, damaged)
    assert not here.video.exists() and here.state() == ("new", "")
    other = {**payload, "record": {**payload["record"], "key": "0" * 64}}
    with pytest.raises(cluster.TransferError, match="another content key"):
        cluster.commit_remote(here, other)
    outside = {**payload, "files": {**payload["files"], "../x": payload["files"][
        there.video.name]}}
    outside["record"] = {**payload["record"], "outputs": {
        **payload["record"]["outputs"], "../x": payload["record"]["outputs"][there.video.name]}}
    with pytest.raises(cluster.TransferError, match="not an output"):
        cluster.commit_remote(here, outside)
    # whole: committed with the same journal and record; the files are the worker's
    moved = cluster.commit_remote(here, payload)
    assert moved == sum(i["size"] for i in payload["files"].values())
    assert here.state() == ("current", "") and not here.journal_file.exists()
    assert here.read_record() == there.read_record()
    for name in payload["files"]:
        assert (here.out_dir / name).read_bytes() == (there.out_dir / name).read_bytes()
    assert list(here.out_dir.rglob("*.tmp*")) == []


# -- on a cluster --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A LocalCluster of 2 worker processes, one render at a time each, whose ``Gate``
    lectures wait for the file ``gate``."""
    pytest.importorskip("distributed", reason="needs Dask's distributed (bash scripts/setup.sh "
                                              "--cluster)")
    import logging
    from distributed import Client, LocalCluster
    tmp = tmp_path_factory.mktemp("cluster")
    gate = tmp / "gate"
    lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      resources={"render": 1}, dashboard_address=":0",
                      silence_logs=logging.ERROR,
                      env={"MLV_TEST_GATE": str(gate), "TMPDIR": str(tmp)})
    client = Client(lc, set_as_default=False)
    client.wait_for_workers(2, timeout=60)
    yield {"address": lc.scheduler_address, "client": client, "gate": gate, "tmp": tmp}
    client.close()
    lc.close()


@needs_dask
def test_a_worker_that_differs_is_refused_naming_it_and_what_differs(dask_cluster, tmp_path,
                                                                     monkeypatch):
    client = dask_cluster["client"]
    first, second = sorted(client.scheduler_info()["workers"])
    copy = tmp_path / "checkout"
    for name in cluster.source_files():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, copy / name)
    (copy / "scenes" / "style.py").write_text((ROOT / "scenes" / "style.py").read_text() + "#")
    from tests.fixtures import cluster_hooks
    client.run(cluster_hooks.pretend, "0.21.9", str(copy), workers=[second])
    monkeypatch.setattr(cli, "require_tools", lambda voice="none": None)
    monkeypatch.setenv("MLV_RENDERS", str(tmp_path / "r"))
    try:
        with pytest.raises(click.ClickException) as err:
            cli.render_chapters([(chapter("TinyA"), list(chapter("TinyA").lectures))], "low",
                                1, False, {}, voice="none", scheduler=dask_cluster["address"])
    finally:
        client.run(cluster_hooks.restore, workers=[second])
    message = err.value.message
    print(message)
    assert "refusing to render on the cluster: 1 of 2 worker(s) differ" in message
    assert f"worker {second} (host " in message and first not in message
    assert "manim '0.22" in message and "'0.21.9' there" in message
    assert "the project source differs in 1 file(s): scenes/style.py" in message
    assert not (tmp_path / "r" / "chapter0").exists()          # nothing was dispatched
    with cluster.Cluster(dask_cluster["address"]) as c:        # restored: the same again
        assert len(c.check("none")) == 2


def gate_chapter(*scenes):
    return chapter(*scenes, source=SCENES)


@pytest.mark.render
@needs_dask
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_a_worker_killed_mid_lecture_the_run_still_completes(dask_cluster, tmp_path):
    client, gate = dask_cluster["client"], dask_cluster["gate"]
    gate.unlink(missing_ok=True)
    pids = client.run(os.getpid)                               # {worker address: pid}
    ch = gate_chapter("Gate", "Quick")
    jobs = build.plan(ch, list(ch.lectures), "low", tmp_path, voice="none")
    heard, killed, on = [], [], {}

    def progress(job, message, info=None):
        heard.append((job.stem, message, dict(info or {})))
        if job.stem == "01_gate" and message == "started":
            on["worker"] = info["worker"]
        if job.stem == "01_gate" and message == "rendering" and not killed:
            killed.append(on["worker"])
            os.kill(pids[on["worker"]], signal.SIGKILL)        # mid-lecture: past beat 1
            gate.write_text("open")                            # the next attempt goes through

    with cluster.Cluster(dask_cluster["address"]) as c:
        c.check("none")
        res = c.run_jobs(jobs, progress=progress)
    assert [r.status for r in res] == ["rendered", "rendered"], [r.error for r in res]
    assert killed and res[0].info["worker"] != killed[0]        # rendered by the other worker
    starts = [i["worker"] for s, m, i in heard if s == "01_gate" and m == "started"]
    assert len(starts) == 2 and starts[0] == killed[0]
    assert [j.state()[0] for j in jobs] == ["current", "current"]
    assert build.probe(jobs[0].video)["video_duration"] > 0.5


@pytest.mark.render
@needs_dask
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_a_failing_lecture_on_the_cluster_is_reported_with_its_log_the_others_kept(
        dask_cluster, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "require_tools", lambda voice="none": None)
    monkeypatch.setenv("MLV_RENDERS", str(tmp_path))
    ch = chapter("Broken", "TinyB")
    other = gate_chapter("Quick")
    other = type(other)("chapter9", 9, "Other", lectures=other.lectures)
    with pytest.raises(click.ClickException) as err:
        cli.render_chapters([(ch, list(ch.lectures)), (other, list(other.lectures))], "low", 1,
                            False, {}, voice="none", scheduler=dask_cluster["address"])
    said = capsys.readouterr().err
    print(said)
    jobs = build.plan(ch, list(ch.lectures), "low", tmp_path, voice="none")
    assert "chapter0/broken: manim exited with status 1" in err.value.message
    assert f"log: {jobs[0].log_file}" in err.value.message     # the log, here
    assert "deliberate failure" in jobs[0].log_file.read_text()
    assert jobs[1].state() == ("current", "") and not jobs[0].video.exists()
    # both chapters went to the cluster at once; the second's progress was kept for it
    assert "sent 3 lecture(s) to the cluster" in said
    quick = build.plan(other, list(other.lectures), "low", tmp_path, voice="none")[0]
    assert quick.state() == ("current", "")
    assert "  01_quick: beat 1/" in said and "  01_quick: rendered in " in said


@pytest.mark.render
@needs_dask
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_the_tiny_book_on_a_local_cluster_of_2_is_byte_identical_to_the_local_render(
        tmp_path, capsys, monkeypatch):
    from tests.fixtures.tiny_book import render_tiny_book
    render_tiny_book(tmp_path / "local")
    capsys.readouterr()
    ch = render_tiny_book(tmp_path / "cluster", scheduler="local:2")
    said = capsys.readouterr().err
    print(said)

    def files(root):                    # logs and the join's listing name their folders
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and p.suffix != ".log" and p.name not in ("concat.txt", "lock")}

    local, remote = files(tmp_path / "local"), files(tmp_path / "cluster")
    assert sorted(local) == sorted(remote) and "chapter0/01_titled.mp4" in local
    assert [n for n in local if local[n] != remote[n]] == []
    # progress from the workers: ticks and each lecture's done line
    assert "2 worker(s), the same source and versions as here" in said
    for stem in ("01_titled", "02_short"):
        assert f"  {stem}: beat 1/" in said and f"  {stem}: rendered in " in said
    # the same keys: a local run finds the cluster's lectures up to date
    jobs = build.plan(ch, list(ch.lectures), "low", tmp_path / "cluster", voice="none")
    assert [r.status for r in build.run_jobs(jobs)] == ["up to date", "up to date"]


@pytest.mark.render
@needs_dask
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_a_cancelled_task_stops_its_render_on_the_worker(dask_cluster, tmp_path):
    import threading
    from tests.fixtures import cluster_hooks
    client, gate = dask_cluster["client"], dask_cluster["gate"]
    gate.unlink(missing_ok=True)                  # Gate waits (60 s) unless stopped
    jobs = build.plan(gate_chapter("Gate"), list(gate_chapter("Gate").lectures), "low",
                      tmp_path, voice="none")
    ticking, results = threading.Event(), []
    with cluster.Cluster(dask_cluster["address"]) as c:
        c.check("none")
        run = threading.Thread(target=lambda: results.extend(c.run_jobs(
            jobs, progress=lambda job, m, info=None: m == "rendering" and ticking.set())))
        run.start()
        assert ticking.wait(60)
        assert sum(client.run(cluster_hooks.children).values()) >= 1   # manim is running
        t0 = time.perf_counter()
        c.cancel()                                # what Ctrl-C does on a remote cluster
        run.join(30)
        deadline = time.monotonic() + 5
        while sum(client.run(cluster_hooks.children).values()) and time.monotonic() < deadline:
            time.sleep(0.1)
        took = time.perf_counter() - t0
    print(f"render stopped on its worker in {took:.2f} s")
    assert [r.status for r in results] == ["cancelled"]
    assert sum(client.run(cluster_hooks.children).values()) == 0 and took < 5
    assert not jobs[0].video.exists()


INTERRUPT = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from scripts import cli
from tests.fixtures.fake_lecture import chapter
cli.require_tools = lambda voice="none": None
ch = chapter("Gate", "Quick", source=Path({fixture!r}))
cli.render_chapters([(ch, list(ch.lectures))], "low", 1, False, {{}}, voice="none",
                    scheduler="local:2")
"""


@pytest.mark.render
@needs_dask
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_ctrl_c_during_a_cluster_run_cancels_it_and_exits_130(tmp_path):
    from tests.test_robustness import our_processes
    marker = f"{os.getpid()}-cluster-int"
    env = {**os.environ, "MLV_RENDERS": str(tmp_path / "r"), "TMPDIR": str(tmp_path),
           "MLV_TEST_GATE": str(tmp_path / "never"), "MLV_TEST_MARKER": marker,
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPT.format(
        root=str(ROOT), fixture=str(SCENES))], env=env, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    lines = []
    for line in proc.stderr:                      # the gate holds 01_gate after its beat 1
        lines.append(line)
        if "01_gate: beat 1" in line:
            break
    t0 = time.perf_counter()
    os.kill(proc.pid, signal.SIGINT)
    rest = proc.stderr.read()
    proc.wait(30)
    took = time.perf_counter() - t0
    print(f"SIGINT: stopped in {took:.2f} s")
    assert proc.returncode == 130, "".join(lines) + rest
    assert "interrupted (SIGINT)" in rest and "stopped 01_gate" in rest
    assert "Traceback" not in rest and took < 15
    time.sleep(0.5)
    assert our_processes(marker) == []            # workers and their manim: all gone
    assert not (tmp_path / "r" / "chapter0" / "01_gate.mp4").exists()
