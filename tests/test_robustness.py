"""Trust nothing on disk (issue 14): outputs whole or rendered again, a lecture committed as a
unit at any kill, temporaries cleaned safely, caches that cannot run code, quoting, errors as
messages, the served folder, repeated options.

The fast tests make lecture outputs with ffmpeg and the build's own finishing code
(``tests/fixtures/fake_lecture.py``); the tests marked ``render`` render one-second fixture
lectures with Manim (``-q low``, silent)."""
from __future__ import annotations

import errno
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import click
import pytest

import scripts.build as build
from scripts import cli, media
from tests.fixtures.fake_lecture import chapter, fake_render, job_for, tiny_video

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg"))
needs_ffmpeg = pytest.mark.skipif(not shutil.which("ffmpeg"), reason="needs ffmpeg")
render = [pytest.mark.render,
          pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")]


@pytest.fixture(scope="module")
def videos(tmp_path_factory):
    d = tmp_path_factory.mktemp("videos")
    return {c: tiny_video(d / f"{c}.mp4", c) for c in ("blue", "red")}


def outputs_of(job) -> dict[str, bytes]:
    return {job.name(p): p.read_bytes() for p in job._record_files()}


def temporaries(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if build.TEMPORARY.fullmatch(p.name)]


# -- 1. outputs whole or rendered again --------------------------------------------------------
@needs_ffmpeg
def test_the_record_holds_every_outputs_size_and_hash_and_damage_is_found(tmp_path, videos):
    job = job_for(tmp_path, "TinyA")[0]
    assert job.state() == ("new", "")
    fake_render(job, videos["blue"])
    rec = json.loads(job.key_file.read_text())
    assert rec["key"] == job.key and rec["version"] == build.RECORD_VERSION
    for p in job.outputs():
        want = rec["outputs"][job.name(p)]
        assert want["size"] == p.stat().st_size and want["sha256"] == build.file_digest(p)
    assert f".render-cache/sections/{job.stem}/key" in rec["outputs"]
    assert job.state() == ("current", "")

    data = job.video.read_bytes()
    job.video.write_bytes(data[: len(data) // 2])                    # cut short
    state, why = job.state()
    assert state == "damaged" and job.video.name in why and "bytes" in why
    job.video.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))        # same size, one bit
    assert job.state() == ("damaged", f"{job.video.name} is not what was rendered "
                                      "(SHA-256 differs)")
    job.video.write_bytes(data)
    assert job.state()[0] == "current"
    srt = job.out_dir / f"{job.stem}.srt"
    srt.unlink()
    assert job.state() == ("damaged", f"{srt.name} is missing")
    job.key_file.write_text("{not json")
    assert job.state()[0] == "damaged" and "unreadable" in job.state()[1]


@needs_ffmpeg
def test_a_record_from_before_hashes_is_adopted_only_if_whole(tmp_path, videos):
    job = job_for(tmp_path, "TinyA")[0]
    fake_render(job, videos["blue"])
    job.key_file.write_text(job.key)                 # the old format: the key alone
    assert job.state() == ("current", "")            # whole: adopted...
    assert json.loads(job.key_file.read_text())["outputs"]   # ...and recorded
    job.key_file.write_text(job.key)
    data = job.video.read_bytes()
    job.video.write_bytes(data[:-1000])              # the issue's truncated mp4
    assert build.mp4_whole(job.video) is False
    assert job.state() == ("damaged", f"{job.video.name} is cut short")


def test_hashing_a_lecture_sized_file_is_cheap(tmp_path):
    big = tmp_path / "lecture.mp4"                   # the size of the 9-minute 1080p60 lecture
    with open(big, "wb") as f:
        for _ in range(31):
            f.write(os.urandom(1 << 20))
    build.file_digest(big)
    t = time.perf_counter()
    build.file_digest(big)
    seconds = time.perf_counter() - t
    print(f"SHA-256 of 31 MB: {seconds * 1000:.0f} ms")
    assert seconds < 0.5


@needs_ffmpeg
def test_a_damaged_lecture_renders_again_with_one_line_and_never_stops_the_others(
        tmp_path, videos, monkeypatch):
    a, b = job_for(tmp_path, "TinyA", "TinyB")
    fake_render(a, videos["blue"])
    fake_render(b, videos["red"])
    data = b.video.read_bytes()
    b.video.write_bytes(data[:1000])
    heard, rendered = [], []
    monkeypatch.setattr(build, "render_job", lambda job, progress=None: rendered.append(
        job.stem) or build.JobResult(job, "rendered"))
    res = build.run_jobs(job_for(tmp_path, "TinyA", "TinyB"),
                         progress=lambda job, msg, info=None: heard.append((job.stem, msg)))
    assert [r.status for r in res] == ["up to date", "rendered"] and rendered == [b.stem]
    assert (b.stem, f"damaged ({b.video.name} has 1000 bytes, its record {len(data)}): "
                    "rendering again") in heard
    # the chapter joins the whole lecture and lists the damaged one; the book shows both
    jobs = job_for(tmp_path, "TinyA", "TinyB")
    manifest = build.write_chapter(jobs[0].chapter, jobs, "low")
    assert [s["file"] for s in manifest["scenes"]] == [a.video.name]
    assert manifest["broken"][0]["stem"] == b.stem
    from scripts.book import write_book
    page = write_book(tmp_path).read_text()
    assert a.video.name in page and "damaged" in page and "--scene tinyb" in page


# -- 2. a lecture is committed as a unit ---------------------------------------------------------
STAGES = ["after-sections", "after-captions", "after-beats", "after-video-copy",
          "after-journal", "mid-commit", "after-commit", "after-record"]


@pytest.fixture(scope="module")
def old_lecture(tmp_path_factory, videos):
    """A committed lecture (read-only: copy it)."""
    root = tmp_path_factory.mktemp("old-lecture")
    fake_render(job_for(root, "TinyA")[0], videos["blue"], "The old words.")
    return root


@needs_ffmpeg
@pytest.mark.parametrize("stage", STAGES)
def test_a_kill_at_any_stage_leaves_the_old_lecture_or_the_new_one(tmp_path, videos,
                                                                   old_lecture, stage):
    shutil.copytree(old_lecture, tmp_path, dirs_exist_ok=True)
    job = job_for(tmp_path, "TinyA")[0]
    assert job.state() == ("current", "")
    old = outputs_of(job)
    env = {**os.environ, build.FAULT_ENV: stage, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(FIXTURES / "fake_lecture.py"), str(tmp_path),
                           str(videos["red"]), "The new words."], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    # the next run: under the chapter's lock, half-done commits are completed and debris goes
    with build.RenderLock(job.out_dir) as lock:
        pass
    after = outputs_of(job)
    assert job.state() == ("current", "")                   # whole, as its record says
    new_words = "The new words." in (job.out_dir / f"{job.stem}.srt").read_text()
    assert after == old if not new_words else after != old
    if STAGES.index(stage) >= STAGES.index("after-journal"):
        assert new_words and lock.recovered == [job.stem]   # committed: rolled forward
    else:
        assert not new_words and lock.recovered == []
    assert temporaries(tmp_path) == [] and not job.journal_file.exists()


@pytest.mark.parametrize("record", ['[]', '{"key": 1}', '{"outputs": []}', '{"key": "K", '
                                    '"outputs": {"01_tinya.mp4": 5}}', '"text"', 'null'])
def test_a_malformed_record_or_journal_is_damage_not_a_traceback(tmp_path, record):
    job = job_for(tmp_path, "TinyA")[0]
    job.key_file.parent.mkdir(parents=True)
    job.video.write_bytes(b"old")
    job.key_file.write_text(record.replace('"K"', f'"{job.key}"'))
    assert job.state()[0] == "damaged"
    assert [j.stem for j, _ in build.broken([job])] == [job.stem]
    outside = tmp_path / "outside.txt"
    outside.write_text("mine")
    job.journal_file.write_text(json.dumps({"renames": [["../outside.txt", "x"]],
                                            "record_file": "x", "record": {}}))
    assert build.recover(job.out_dir) == [] and not job.journal_file.exists()
    assert outside.read_text() == "mine"


def test_stale_temporaries_go_but_not_a_live_runs(tmp_path):
    out = tmp_path / "chapter0"
    (out / ".render-cache" / "sections").mkdir(parents=True)
    dead = subprocess.run(["true"]).returncode or 999_999  # a pid that is not running
    live = os.getppid()
    stale = [out / f".01_a.mp4.tmp{dead}", out / f".chapter0.tmp{dead}.mp4",
             out / ".render-cache" / f".01_a.key.tmp{dead}",
             out / ".render-cache" / "sections" / f".01_a.old{dead}"]
    for p in stale:
        p.write_text("debris")
    (out / ".render-cache" / f".01_a.stage.tmp{dead}").mkdir()
    busy = out / f".02_b.mp4.tmp{live}"      # a temporary of a process still running
    busy.write_text("being written")
    keep = [out / "01_a.mp4", out / ".render-cache" / "01_a.key"]
    for p in keep:
        p.write_text("kept")
    with build.RenderLock(out) as lock:
        assert sorted(lock.cleaned) == sorted(stale + [out / ".render-cache" /
                                                       f".01_a.stage.tmp{dead}"])
    assert all(p.exists() for p in keep) and busy.exists()
    # a run that holds the lock: nothing is touched
    (out / f".01_a.mp4.tmp{dead}").write_text("debris")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, %r); import scripts.build as b; from pathlib "
        "import Path; l = b.RenderLock(Path(%r), tidy=False).__enter__(); print('held', "
        "flush=True); time.sleep(30)") % (str(ROOT), str(out))], stdout=subprocess.PIPE,
        text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(build.LockedError):
            with build.RenderLock(out):
                pass
        assert (out / f".01_a.mp4.tmp{dead}").exists()
    finally:
        holder.kill()
        holder.wait()


def test_media_folders_of_dead_runs_are_removed_and_live_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with build.MediaDir("01_live") as live:
        dead = Path(tempfile.mkdtemp(prefix="mlv-01_dead-"))
        (dead / ".owner").write_text("pid 1")            # its owner is gone: the lock is free
        (dead / "videos").mkdir()
        fresh = Path(tempfile.mkdtemp(prefix="mlv-01_old-version-"))   # no owner file: age
        ancient = Path(tempfile.mkdtemp(prefix="mlv-01_older-"))
        os.utime(ancient, (time.time() - 2 * build.LEGACY_MEDIA_AGE,) * 2)
        other = tmp_path / "not-ours"
        other.mkdir()
        removed = build.clean_media_dirs()
        assert sorted(removed) == sorted([dead, ancient])
        assert live.exists() and fresh.exists() and other.exists()
    assert not live.exists()  # removed on exit


# -- fault injection ------------------------------------------------------------------------
def test_the_fault_hook_raises_as_a_full_or_read_only_disk_would(tmp_path, monkeypatch):
    build.fault("after-render")                           # unset: nothing
    target = tmp_path / "x.json"
    monkeypatch.setenv(build.FAULT_ENV, "write:enospc")
    with pytest.raises(OSError) as err:
        build.atomic_write_text(target, "{}")
    assert err.value.errno == errno.ENOSPC and not list(tmp_path.iterdir())
    monkeypatch.setenv(build.FAULT_ENV, "chapter-join:raise,lock:erofs")
    with pytest.raises(OSError) as err:
        build.fault("lock", tmp_path)
    assert err.value.errno == errno.EROFS
    with pytest.raises(RuntimeError, match="injected fault"):
        build.fault("chapter-join")
    assert set(STAGES) <= set(build.FAULT_STAGES)


# -- 5. quoting -------------------------------------------------------------------------------
@needs_ffmpeg
def test_chapter_joins_work_in_a_folder_with_a_quote_a_space_and_umlaut(tmp_path, videos):
    folder = tmp_path / "it's here ü"
    a, b = job_for(folder, "TinyA", "TinyB")
    fake_render(a, videos["blue"])
    fake_render(b, videos["red"])
    listing = media.ffconcat_quote("/x/it's here ü.mp4")
    assert listing == "'/x/it'\\''s here ü.mp4'"
    manifest = build.write_chapter(a.chapter, [a, b], "low")
    assert manifest["duration"] == pytest.approx(2.0, abs=0.1)
    assert len(manifest["scenes"]) == 2 and "broken" not in manifest


# -- 6. reproducible renders --------------------------------------------------------------------
def test_the_render_process_has_a_fixed_hash_seed_and_no_fault_hook(tmp_path, monkeypatch):
    monkeypatch.setenv(build.FAULT_ENV, "after-render")
    job = job_for(tmp_path, "TinyA")[0]
    env = build.render_env(job, tmp_path)
    assert env["PYTHONHASHSEED"] == "0" and build.FAULT_ENV not in env


# -- 7. errors are messages -----------------------------------------------------------------
def run_render(*args, env=None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from scripts.cli import main; main()", *args],
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                          capture_output=True, text=True, timeout=120, cwd=cwd or ROOT)


@pytest.mark.parametrize("output,needle", [
    ("", "needs a file name"), ("/proc/x.npz", "cannot write /proc/x"),
    ("/dev/full", "not a regular file"), ("/tmp", "is a directory")])
def test_trajectory_output_errors_are_messages(output, needle):
    proc = run_render("trajectory", "chapter2/pca", "-o", output)
    assert proc.returncode in (1, 2) and needle in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_a_full_disk_under_render_trajectory_is_a_message(tmp_path, monkeypatch):
    from click.testing import CliRunner
    from algorithms.trajectory import Trajectory

    def full(self, path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    monkeypatch.setattr(Trajectory, "save", full)
    res = CliRunner().invoke(cli.cli, ["trajectory", "chapter2/pca", "-o",
                                       str(tmp_path / "t.npz")])
    assert res.exit_code == 1 and "No space left on device" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_mlv_renders_pointing_at_a_file_is_a_message(tmp_path):
    f = tmp_path / "renders"
    f.write_text("")
    proc = run_render("serve", env={"MLV_RENDERS": str(f)})
    assert proc.returncode == 1 and "is a file, not a folder" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.fixture
def no_tools_check(monkeypatch):
    monkeypatch.setattr(cli, "require_tools", lambda voice="none": None)


def render_empty(tmp_path, monkeypatch, env: dict | None = None):
    """``render_chapters`` of a fixture chapter with no lecture selected: the lock, the
    chapter's manifest and playlist and the book are written, nothing is rendered."""
    monkeypatch.setenv("MLV_RENDERS", str(tmp_path))
    for k, v in (env or {}).items():
        monkeypatch.setenv(k, v)
    cli.render_chapters([(chapter("TinyA"), [])], "low", 1, False, {}, voice="none")


def test_a_read_only_output_folder_is_a_message(tmp_path, monkeypatch, no_tools_check):
    # tests may run as root, where chmod stops no write: the error is injected
    with pytest.raises(click.ClickException) as err:
        render_empty(tmp_path, monkeypatch, {build.FAULT_ENV: "lock:erofs"})
    assert "Read-only file system" in err.value.message


def test_a_full_disk_is_a_message(tmp_path, monkeypatch, no_tools_check):
    with pytest.raises(click.ClickException) as err:
        render_empty(tmp_path, monkeypatch, {build.FAULT_ENV: "write:enospc"})
    assert "No space left on device" in err.value.message
    assert temporaries(tmp_path) == []


@needs_ffmpeg
def test_a_chapter_that_cannot_be_joined_fails_alone(tmp_path, videos, monkeypatch,
                                                     no_tools_check):
    a = job_for(tmp_path, "TinyA")[0]
    fake_render(a, videos["blue"])
    calls = []

    def join(*args, **kwargs):
        calls.append(1)
        raise media.MediaError("ffmpeg failed: invented")
    monkeypatch.setattr(media, "join_chapter", join)
    monkeypatch.setenv("MLV_RENDERS", str(tmp_path))
    other = type(a.chapter)("chapter9", 9, "Other", lectures=chapter("TinyB").lectures)
    with pytest.raises(click.ClickException) as err:
        cli.render_chapters([(a.chapter, [a.lecture]), (other, [])], "low", 1, False, {},
                            voice="none")
    assert "chapter0: chapter0.mp4 not joined: ffmpeg failed: invented" in err.value.message
    assert (tmp_path / "chapter9" / "manifest.json").exists()   # the next chapter went on
    assert a.state() == ("current", "") and calls == [1]


def test_a_render_cache_that_is_a_file_is_a_message(tmp_path, monkeypatch, no_tools_check):
    (tmp_path / "chapter0").mkdir()
    (tmp_path / "chapter0" / ".render-cache").write_text("")
    with pytest.raises(click.ClickException) as err:
        render_empty(tmp_path, monkeypatch)
    assert ".render-cache is a file" in err.value.message


@pytest.mark.parametrize("manifest", ["[]", '{"chapter": "chapter0"}', "{broken",
                                      '{"scenes": [{"id": "x"}], "number": "<b>1</b>"}'])
def test_a_malformed_manifest_is_listed_as_broken(tmp_path, monkeypatch, no_tools_check,
                                                  manifest):
    from scripts.book import write_book
    ch = tmp_path / "chapter0"
    ch.mkdir()
    (ch / "manifest.json").write_text(manifest)
    page = write_book(tmp_path).read_text()
    assert "<b>1</b>" not in page
    # and a render of that chapter writes it again
    render_empty(tmp_path, monkeypatch)
    assert json.loads((ch / "manifest.json").read_text())["chapter"] == "chapter0"


@needs_ffmpeg
@pytest.mark.parametrize("text", ["[]", "{", '{"clips": [{"scene": 1}, 7, {"scene": "x", '
                                  '"format": "mp4", "index": "a", "file": "../../etc"}]}'])
def test_a_malformed_clips_manifest_is_written_anew(tmp_path, videos, text):
    from scripts.clips import write_clips
    job = job_for(tmp_path, "TinyA")[0]
    job.need_sections = True
    fake_render(job, videos["blue"])
    (job.out_dir / "clips").mkdir()
    (job.out_dir / "clips" / "manifest.json").write_text(text)
    manifest = write_clips([job], "mp4", audio=False)
    assert [c["file"] for c in manifest["clips"]] == [f"{job.stem}/00_circle.mp4"]


def test_a_syntax_error_fails_its_lecture_only(tmp_path, monkeypatch):
    bad = tmp_path / "bad.py"
    bad.write_text("from scenes.lecture import LectureScene\n\nclass Bad(LectureScene:\n")
    good = chapter("TinyA")
    ch = type(good)(good.slug, good.number, good.title, lectures=good.lectures + (
        type(good.lectures[0])(slug="bad", scene="Bad", title="Bad", source=bad),))
    jobs = build.plan(ch, list(ch.lectures), "low", tmp_path, voice="none")
    assert jobs[0].key and not jobs[0].error
    assert jobs[1].error == f"syntax error in {bad}, line 3: invalid syntax"
    res = build.run_jobs(jobs[1:])
    assert res[0].status == "failed" and "line 3" in res[0].error
    assert build.broken(jobs) == []          # not rendered before: nothing is damaged
    # render list still lists the chapter, the broken lecture too
    from click.testing import CliRunner
    monkeypatch.setattr(cli, "chapters", lambda: [ch])
    res = CliRunner().invoke(cli.cli, ["list"])
    assert res.exit_code == 0 and "01_tinya" in res.output and "02_bad" in res.output
    # a chapter package that cannot be imported is a message
    monkeypatch.setattr(cli, "chapters", lambda: (_ for _ in ()).throw(
        SyntaxError("invalid syntax", (str(bad), 3, 1, "class Bad(LectureScene:\n"))))
    monkeypatch.setattr(sys, "argv", ["render", "list"])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1


def test_a_damaged_tex_cache_entry_is_dropped_and_a_legacy_one_adopted(tmp_path, monkeypatch):
    cache = tmp_path / "tex"
    cache.mkdir()
    monkeypatch.setenv(build.TEX_CACHE_ENV, str(cache))
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>'
    good = cache / build._tex_entry_name("aaaa1111aaaa1111", svg)
    good.write_bytes(svg)
    damaged = cache / build._tex_entry_name("bbbb2222bbbb2222", svg)
    damaged.write_bytes(svg[:40])                       # cut short: hash differs
    legacy = cache / "cccc3333cccc3333.svg"
    legacy.write_bytes(svg)
    legacy_cut = cache / "dddd4444dddd4444.svg"
    legacy_cut.write_bytes(svg[:50])
    names = build._seed_tex(tmp_path / "job" / "Tex")
    assert names == {"aaaa1111aaaa1111.svg", "cccc3333cccc3333.svg"}
    assert not damaged.exists() and not legacy.exists() and not legacy_cut.exists()
    assert (cache / build._tex_entry_name("cccc3333cccc3333", svg)).exists()
    # a job's compiled SVG joins the cache only when whole
    (tmp_path / "job" / "Tex" / "eeee5555eeee5555.svg").write_bytes(svg[:30])
    (tmp_path / "job" / "Tex" / "ffff6666ffff6666.svg").write_bytes(svg)
    build._harvest_tex(tmp_path / "job" / "Tex", names)
    assert not list(cache.glob("eeee5555eeee5555.*"))
    assert list(cache.glob("ffff6666ffff6666.*.svg"))


# -- 4. no pickle in caches -------------------------------------------------------------------
class Payload:
    """Unpickling this writes a file: proof that a cache entry ran code."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).write_text, ("the cache ran code",))


def test_svg_cache_entries_cannot_run_code_and_damaged_ones_are_parsed_again(tmp_path,
                                                                             monkeypatch):
    pytest.importorskip("manim")
    import numpy as np
    from manim import Text, tempconfig
    from manim.mobject.svg import svg_mobject
    import scenes.engine as engine
    from scenes.engine import svgcache
    engine.install()
    monkeypatch.setenv(svgcache.ENV, str(tmp_path / "svg"))
    marker = tmp_path / "ran"
    parsed = []
    real_parse = svgcache._parse
    monkeypatch.setattr(svgcache, "_parse", lambda self: parsed.append(1) or real_parse(self))

    def text():
        svg_mobject.SVG_HASH_TO_MOB_MAP.clear()           # Manim's own in-memory cache
        return Text("k-means ü", font="DejaVu Sans")

    with tempconfig({"media_dir": str(tmp_path / "media"), "quality": "low_quality"}):
        first = text()
        entry, = (tmp_path / "svg").glob(f"*{svgcache.SUFFIX}")
        assert entry.read_bytes().startswith(svgcache.MAGIC) and len(parsed) == 1
        good = entry.read_bytes()
        for bad in (pickle.dumps(Payload(str(marker))),              # a planted pickle
                    good[:-1] + bytes([good[-1] ^ 1]),                # one bit flipped
                    good[:100], b""):                                 # cut short, empty
            entry.write_bytes(bad)
            again = text()
            np.testing.assert_array_equal(again.get_all_points(), first.get_all_points())
            assert entry.read_bytes() == good                         # rewritten whole
        assert len(parsed) == 5 and not marker.exists()
        (tmp_path / "svg" / (entry.stem + ".pkl")).write_bytes(pickle.dumps(Payload(
            str(marker))))                                            # the old format: ignored
        text()
        assert len(parsed) == 5 and not marker.exists()


def test_a_cached_svg_is_the_parsed_one_attribute_for_attribute(tmp_path, monkeypatch):
    pytest.importorskip("manim")
    import numpy as np
    from manim import ManimColor, SVGMobject, Text, tempconfig
    from manim.mobject.mobject import Mobject
    from manim.mobject.svg import svg_mobject
    import scenes.engine as engine
    from scenes.engine import svgcache
    engine.install()
    shapes = tmp_path / "shapes.svg"
    shapes.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        '<rect x="1" y="2" width="30" height="10" fill="red"/><circle cx="50" cy="50" r="10" '
        'stroke="blue"/><polygon points="0,0 10,0 5,8"/><line x1="0" y1="0" x2="9" y2="9" '
        'stroke="black"/><path d="M 10 10 A 5 5 0 0 1 20 20 Q 30 30 40 10 Z"/></svg>')

    def same(a, b, where, seen):
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), where
        elif type(a).__module__.startswith("svgelements"):
            assert isinstance(b, svgcache.LazyPath) and b.d == a.d(), where
            assert list(b) and len(b) == len(a)                  # parsed when asked for
        elif isinstance(a, (Mobject, ManimColor)):
            assert type(a) is type(b), where
            if id(a) in seen:
                assert seen[id(a)] is b, where                   # shared as it was
                return
            seen[id(a)] = b
            assert a.__dict__.keys() == b.__dict__.keys(), where
            for k in a.__dict__:
                same(a.__dict__[k], b.__dict__[k], f"{where}.{k}", seen)
        elif isinstance(a, (list, tuple)):
            assert type(a) is type(b) and len(a) == len(b), where
            for i, (x, y) in enumerate(zip(a, b)):
                same(x, y, f"{where}[{i}]", seen)
        elif isinstance(a, dict):
            assert list(a) == list(b), where
            for k in a:
                same(a[k], b[k], f"{where}[{k}]", seen)
        else:
            assert type(a) is type(b) and (a == b or a != a), (where, a, b)

    with tempconfig({"media_dir": str(tmp_path / "media"), "quality": "low_quality"}):
        for make in (lambda: Text("Grüße, η = 0.1", font="DejaVu Sans"),
                     lambda: SVGMobject(str(shapes))):
            monkeypatch.delenv(svgcache.ENV, raising=False)
            svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
            parsed = make()
            monkeypatch.setenv(svgcache.ENV, str(tmp_path / "svg"))
            svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
            make()                                   # parse and store
            svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
            monkeypatch.setattr(svgcache, "_parse", lambda self: pytest.fail("parsed"))
            cached = make()
            monkeypatch.undo()
            same(parsed, cached, type(parsed).__name__, {})


# -- 8. render serve ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from scripts.book import make_server
    tmp_path = tmp_path_factory.mktemp("served")
    root = tmp_path / "renders"
    (root / "chapter1" / ".render-cache").mkdir(parents=True)
    (root / "index.html").write_text("<p>book</p>")
    (root / "chapter1" / "a.bin").write_bytes(bytes(range(256)) * 4)
    (root / "chapter1" / ".render-cache" / "01_a.log").write_text("secret log")
    (root / ".hidden").write_text("hidden")
    (tmp_path / "secret.txt").write_text("secret outside")
    (root / "chapter1" / "passwd").symlink_to("/etc/passwd")
    (root / "chapter1" / "outside").symlink_to(tmp_path)
    (root / "chapter1" / "b.bin").symlink_to(root / "chapter1" / "a.bin")   # stays inside
    (root / "chapter1" / "log").symlink_to(root / "chapter1" / ".render-cache" / "01_a.log")
    srv = make_server(root)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def fetch(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as err:
        return err.code, b""


@pytest.mark.parametrize("path", [
    "/chapter1/passwd", "/chapter1/outside/", "/chapter1/outside/secret.txt",
    "/chapter1/", "/chapter1", "/chapter1/.render-cache/01_a.log", "/chapter1/.render-cache/",
    "/.hidden", "/chapter1/log", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/chapter1/%2e%2e/%2e%2e/etc/passwd", "/chapter1/nope.bin"])
def test_serve_refuses_links_out_dotfiles_and_folders(served, path):
    status, body = fetch(served + path)
    assert status == 404 and b"root:" not in body and b"secret" not in body


def test_serve_serves_regular_files_and_the_index(served):
    assert fetch(served + "/") == (200, b"<p>book</p>")
    assert fetch(served + "/chapter1/a.bin")[1] == bytes(range(256)) * 4
    assert fetch(served + "/chapter1/b.bin")[0] == 200      # a link that stays inside


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=0-1,4-5", "bytes=-", "bytes=-0",
                                    "bytes=" + "9" * 5000 + "-", "bytes=1-" + "9" * 19,
                                    "items=0-1", "bytes=2000-", "bytes=5-2"])
def test_a_malformed_or_unsatisfiable_range_is_416(served, header):
    assert fetch(served + "/chapter1/a.bin", {"Range": header})[0] == 416
    assert fetch(served + "/chapter1/a.bin", {"Range": "bytes=10-12"}) == (206, bytes([10, 11, 12]))


def test_every_manifest_value_is_escaped_in_the_book(tmp_path):
    from scripts.book import write_book
    ch = tmp_path / "chapter1"
    ch.mkdir()
    evil = "<img src=x onerror=alert(1)>"
    (ch / "01_a.mp4").write_bytes(b"not a video")
    (ch / "01_a.beats.json").write_text("{}")
    (ch / "manifest.json").write_text(json.dumps({
        "chapter": "chapter1", "number": evil, "title": evil, "quality": evil,
        "video": evil, "scenes": [{"id": evil, "title": evil, "file": "01_a.mp4",
                                   "duration": evil}]}))
    page = write_book(tmp_path).read_text()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


# -- 9. repeated options ------------------------------------------------------------------------
def test_a_repeated_set_is_refused_and_a_repeated_scene_rendered_once(monkeypatch):
    from click.testing import CliRunner
    runner = CliRunner()
    res = runner.invoke(cli.cli, ["chapter2", "--scene", "kmeans", "--set", "k=5", "--set",
                                  "k=6"])
    assert res.exit_code == 2 and "--set k is given twice" in res.output
    res = runner.invoke(cli.cli, ["trajectory", "chapter2/kmeans", "-o", "x.npz", "--set",
                                  "k=5", "--set", "k= 6"])
    assert res.exit_code == 2 and "given twice" in res.output
    res = runner.invoke(cli.cli, ["check", "chapter2", "--scene", "kmeans", "--set", "k=5",
                                  "--set", "k=6"])
    assert res.exit_code == 2 and "given twice" in res.output
    seen = []
    monkeypatch.setattr(cli, "render_chapters", lambda selected, *a, **k: seen.append(selected))
    res = runner.invoke(cli.cli, ["chapter2", "--scene", "kmeans", "--scene", "KMeans",
                                  "--scene", "pca", "--scene", "kmeans"])
    assert res.exit_code == 0, res.output
    assert [lec.slug for lec in seen[0][0][1]] == ["kmeans", "pca"]


# -- the render tier: Manim renders of one-second fixture lectures ------------------------------
def robust_chapter(*scenes):
    return chapter(*scenes, source=FIXTURES / "robust_scenes.py")


@pytest.mark.render
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_transform_matching_shapes_renders_the_same_bytes_twice(tmp_path, monkeypatch):
    ch = robust_chapter("Shapes")

    def render(n):                       # each in a fresh render process
        jobs = build.plan(ch, list(ch.lectures), "low", tmp_path / n, voice="none")
        assert [r.status for r in build.run_jobs(jobs, force=True)] == ["rendered"]
        return jobs[0].video.read_bytes()

    a, b = render("a"), render("b")
    assert a == b
    # the fixture does depend on the seed (another seed, other frames): the test can fail
    env = build.render_env
    monkeypatch.setattr(build, "render_env", lambda job, media: {**env(job, media),
                                                                 "PYTHONHASHSEED": "3"})
    assert render("c") != a


INTERRUPT = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from scripts import cli
from tests.fixtures.fake_lecture import chapter
cli.require_tools = lambda voice="none": None
ch = chapter("Slow", "Shapes", "Slow2", source=Path({fixture!r}))
cli.render_chapters([(ch, list(ch.lectures))], "low", 1, False, {{}}, voice="none")
"""


def our_processes(marker: str) -> list[int]:
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if marker.encode() in (d / "environ").read_bytes():
                    found.append(int(d.name))
            except OSError:
                pass
    return found


@pytest.mark.render
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_and_sigterm_stop_a_render_within_two_seconds(tmp_path, sig, code):
    fixture = FIXTURES / "robust_scenes.py"
    marker = f"MLV_TEST_MARKER={os.getpid()}-{sig}"
    env = {**os.environ, "MLV_RENDERS": str(tmp_path / "r"), "TMPDIR": str(tmp_path),
           "MLV_TEST_MARKER": marker.split("=")[1], "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPT.format(
        root=str(ROOT), fixture=str(fixture))], env=env, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    lines = []
    for line in proc.stderr:                     # wait for the first beat of the first lecture
        lines.append(line)
        if "beat 1" in line or "rendering" in line:
            break
    time.sleep(1.0)                              # well into the render
    t0 = time.perf_counter()
    os.kill(proc.pid, sig)                       # the render process only, as a terminal would
    rest = proc.stderr.read()
    proc.wait(10)
    took = time.perf_counter() - t0
    print(f"{signal.Signals(sig).name}: stopped in {took:.2f} s")
    assert proc.returncode == code, "".join(lines) + rest
    assert took < 2.0
    assert f"interrupted ({signal.Signals(sig).name})" in rest and "Traceback" not in rest
    assert "stopped 01_slow" in rest
    time.sleep(0.2)
    assert our_processes(marker.split("=")[1]) == []            # manim, ffmpeg: all gone
    assert not list(tmp_path.glob("mlv-*"))                     # media folders removed
    out = tmp_path / "r" / "chapter0"
    assert temporaries(out) == [] and not (out / "01_slow.mp4").exists()


@pytest.mark.render
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_a_killed_build_leaves_no_child_running_and_its_debris_goes_next_run(tmp_path):
    marker = f"{os.getpid()}-kill"
    env = {**os.environ, "MLV_RENDERS": str(tmp_path / "r"), "TMPDIR": str(tmp_path),
           "MLV_TEST_MARKER": marker, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPT.format(
        root=str(ROOT), fixture=str(FIXTURES / "robust_scenes.py"))], env=env,
        stderr=subprocess.PIPE, text=True, start_new_session=True)
    for line in proc.stderr:
        if "beat 1" in line:
            break
    os.kill(proc.pid, signal.SIGKILL)           # the build only: its children die with it
    proc.wait(10)
    time.sleep(0.5)
    assert our_processes(marker) == []
    leaked = list(tmp_path.glob("mlv-*"))
    assert leaked                                # a SIGKILL leaves the media folder...
    import tempfile
    old = tempfile.tempdir
    tempfile.tempdir = str(tmp_path)
    try:
        assert build.clean_media_dirs() == leaked   # ...and the next run removes it
    finally:
        tempfile.tempdir = old


FAULT_RUN = """
import sys
sys.path.insert(0, {root!r})
from scripts import cli
from tests.fixtures.fake_lecture import chapter
cli.require_tools = lambda voice="none": None
ch = chapter("TinyA", "TinyB")
cli.render_chapters([(ch, list(ch.lectures))], "low", 1, {force}, {{}}, voice="none")
"""


@pytest.mark.render
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
@pytest.mark.parametrize("stage", ["after-render", "after-video-copy", "chapter-join"])
def test_a_real_render_killed_at_a_stage_is_completed_by_the_next(tmp_path, stage):
    env = {**os.environ, "MLV_RENDERS": str(tmp_path), "TMPDIR": str(tmp_path),
           "PYTHONPATH": str(ROOT)}
    code = FAULT_RUN.format(root=str(ROOT), force=False)
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    out = tmp_path / "chapter0"
    before = json.loads((out / "manifest.json").read_text())
    if stage == "chapter-join":  # a forced render makes the same bytes: no join would be due
        (out / "manifest.json").unlink()
    killed = subprocess.run([sys.executable, "-c", FAULT_RUN.format(root=str(ROOT),
                                                                       force=True)],
                            env={**env, build.FAULT_ENV: stage}, capture_output=True,
                            text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    jobs = job_for(tmp_path, "TinyA", "TinyB")
    assert [j.state()[0] for j in jobs] == ["current", "current"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["file"] for s in manifest["scenes"]] == [s["file"] for s in before["scenes"]]
    assert build.probe(out / "chapter0.mp4")["video_duration"] == pytest.approx(
        manifest["duration"], abs=0.01)
    assert temporaries(tmp_path) == [] and not list(tmp_path.glob("mlv-*"))


@pytest.mark.render
@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_the_issue_repro_a_truncated_lecture_in_a_quoted_folder(tmp_path, monkeypatch):
    """A lecture cut short is listed as broken while another renders, then renders again;
    all in a folder named ``it's here ü``; a planted pickle in the SVG cache and a damaged
    TeX entry neither run nor break the render."""
    from scripts.book import write_book
    root = tmp_path / "it's here ü"
    monkeypatch.setenv("MLV_RENDERS", str(root))
    monkeypatch.setenv(build.TEX_CACHE_ENV, str(tmp_path / "tex"))
    monkeypatch.setenv(build.SVG_CACHE_ENV, str(tmp_path / "svg"))
    monkeypatch.setattr(cli, "require_tools", lambda voice="none": None)
    ch = chapter("TinyA", "TinyTex")
    cli.render_chapters([(ch, list(ch.lectures))], "low", 1, False, {}, voice="none")
    out = root / "chapter0"
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["scenes"]) == 2 and manifest["duration"] > 1
    marker = tmp_path / "ran"
    for entry in (tmp_path / "svg").glob("*.svgc"):
        entry.write_bytes(pickle.dumps(Payload(str(marker))))
    tex, = (tmp_path / "tex").glob("*.svg")
    tex.write_bytes(tex.read_bytes()[:200])
    video = out / "02_tinytex.mp4"
    video.write_bytes(video.read_bytes()[:5000])
    cli.render_chapters([(ch, [ch.lectures[0]])], "low", 1, True, {}, voice="none")
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["file"] for s in manifest["scenes"]] == ["01_tinya.mp4"]
    assert manifest["broken"][0]["stem"] == "02_tinytex"
    assert "damaged" in write_book(root).read_text()
    cli.render_chapters([(ch, list(ch.lectures))], "low", 1, False, {}, voice="none")
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["scenes"]) == 2 and "broken" not in manifest
    assert not marker.exists()
    assert all(e.read_bytes().startswith(b"MLV-SVG-CACHE") for e in (tmp_path / "svg").glob(
        "*.svgc"))
    assert all(build._TEX_ENTRY.fullmatch(p.name) and build._tex_entry_name(
        p.name.split(".")[0], p.read_bytes()) == p.name for p in (tmp_path / "tex").glob("*"))
