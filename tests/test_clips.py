"""Clips for slides: one per section with stable names, durations adding up to the lecture,
a manifest entry per clip, and valid GIF, PNG poster, WebM and WebM-with-alpha variants.
(Their sound: tests/test_sound.py.)"""
import json
import shutil
import subprocess

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from scripts import cli
from scripts.build import QUALITIES, plan, probe
from scripts.clips import alpha_pix_fmt, clip_stem, write_clips
from tests.fixtures.tiny_book import shared_tiny_book, tiny_chapter

HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg", "ffprobe"))


def needs_render(test):
    skip = pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
    return pytest.mark.render(skip(test))


def test_clip_names_come_from_the_section_order_and_beat_name():
    assert clip_stem(0, "autocreated") == "00_title"
    assert clip_stem(3, "gradient") == "03_gradient"
    assert clip_stem(12, "bowl result") == "12_bowl_result"


def test_mp4_cannot_be_transparent():
    res = CliRunner().invoke(cli.cli, ["chapter1", "--transparent", "--format", "mp4"])
    assert res.exit_code == 2 and "no alpha channel" in res.output
    assert "Traceback" not in res.output


# -- on a rendered tiny book --------------------------------------------------------------------
@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The shared tiny book plus gif, png and webm clips of the canonical lectures and
    gif/png of the transparent ones, in a copy of its own."""
    src = shared_tiny_book(tmp_path_factory)
    root = tmp_path_factory.mktemp("clips-book")
    shutil.copytree(src, root, dirs_exist_ok=True)
    ch = tiny_chapter()
    jobs = plan(ch, list(ch.lectures), "low", root, need_sections=True, voice="none")
    alpha = plan(ch, list(ch.lectures), "low", root, variants=["transparent"],
                 need_sections=True, voice="none")
    for fmt in ("gif", "png", "webm"):
        write_clips(jobs, fmt)
    for fmt in ("gif", "png"):
        write_clips(alpha, fmt)
    JOBS["canonical"] = jobs
    return root / "chapter0"


JOBS = {}  # the book fixture's jobs (their keys are the ones its clips were stamped with)


def _manifest(book):
    return json.loads((book / "clips" / "manifest.json").read_text())["clips"]


def _sections(book, stem):
    return json.loads((book / f"{stem}.beats.json").read_text())["sections"]


@needs_render
@pytest.mark.parametrize("stem", ["01_titled", "02_short"])
def test_one_clip_per_section_adding_up_to_the_lecture(book, stem):
    sections = _sections(book, stem)
    clips = sorted((book / "clips" / stem).glob("*.mp4"))
    assert len(clips) == len(sections) >= 1
    beats = json.loads((book / f"{stem}.beats.json").read_text())["beats"]
    names = ["title"] * (sections[0]["name"] == "autocreated") + [b["name"] for b in beats]
    assert [c.stem for c in clips] == [f"{i:02d}_{n}" for i, n in enumerate(names)]
    total = sum(probe(c)["video_duration"] for c in clips)
    assert total == pytest.approx(probe(book / f"{stem}.mp4")["video_duration"], abs=1e-3)
    assert sum(probe(c)["frames"] for c in clips) == probe(book / f"{stem}.mp4")["frames"]
    entries = [e for e in _manifest(book) if e["scene"] == stem and e["format"] == "mp4"]
    assert [e["file"] for e in entries] == [f"{stem}/{c.name}" for c in clips]
    captions = {b["name"]: b["caption"] for b in beats}
    t = 0.0
    for e, c in zip(entries, clips):
        assert e["beat"] == c.stem[3:]
        assert e["caption"] == captions.get(e["beat"], "A titled lecture")
        assert e["start"] == pytest.approx(t, abs=0.002)
        assert e["duration"] == pytest.approx(probe(c)["video_duration"], abs=0.002)
        assert e["audio"] is False and probe(c)["audio"] is None   # a silent render
        t += e["duration"]


@needs_render
def test_gif_png_and_webm_variants_are_valid(book):
    height = QUALITIES["low"][2]
    for gif in (book / "clips" / "01_titled").glob("*.gif"):
        with Image.open(gif) as im:
            assert im.format == "GIF" and im.size == (854, height)
            assert im.n_frames > 1 or gif.stem.endswith("title")
    pngs = sorted((book / "clips" / "01_titled").glob("*.png"))
    assert len(pngs) == len(_sections(book, "01_titled"))
    for png in pngs:
        with Image.open(png) as im:
            assert im.format == "PNG" and im.size == (854, height) and im.mode == "RGB"
    # the poster is the section's last frame: compare with the frame ffmpeg reads there
    last = pngs[-1]
    frames = subprocess.run(["ffmpeg", "-v", "error", "-i",
                             str(book / "clips" / "01_titled" / f"{last.stem}.mp4"),
                             "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                            capture_output=True, check=True).stdout
    size = 854 * height * 3
    assert len(frames) >= 2 * size
    with Image.open(last) as im:
        still = np.frombuffer(im.tobytes(), np.uint8).astype(int)
    last_frame = np.frombuffer(frames[-size:], np.uint8).astype(int)
    first_frame = np.frombuffer(frames[:size], np.uint8).astype(int)
    assert np.abs(still - last_frame).mean() < 1.0
    assert np.abs(still - first_frame).mean() > np.abs(still - last_frame).mean()
    for webm in (book / "clips" / "01_titled").glob("*.webm"):
        facts = probe(webm)
        assert facts["codec"] == "vp9" and alpha_pix_fmt(webm) == "yuv420p"


def _clip_that_fades(path, fps=15):
    """A bright square on the book's background for 2 s, fading out over 1 s, then 1/3 s of
    background: a beat that ends by fading its picture out."""
    import av
    bg = np.array([0x0E, 0x11, 0x17], np.uint8)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 160, 96, "yuv420p"
        for k in range(2 * fps + fps + 5):
            alpha = 1.0 if k < 2 * fps else max(0.0, 1 - (k - 2 * fps + 1) / fps)
            img = np.tile(bg, (96, 160, 1))
            img[30:66, 50:110] = (bg + alpha * (np.array([236, 236, 236]) - bg)).astype(np.uint8)
            out.mux(stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")))
        out.mux(stream.encode())


def test_the_still_of_a_beat_that_fades_out_is_its_picture_before_the_fade(tmp_path):
    from scripts.clips import final_picture
    clip = tmp_path / "fades.mp4"
    _clip_that_fades(clip)
    picture, when = final_picture(clip)
    assert 1.8 <= when <= 2.0                         # the last frame before the fade (29/15 s)
    assert picture[48, 80].mean() > 200                # the square, at full brightness
    assert picture[5, 5].mean() < 30                   # on the background


def test_the_still_of_a_beat_that_holds_is_its_last_frame(tmp_path):
    import av
    from scripts.clips import final_picture
    clip = tmp_path / "holds.mp4"
    with av.open(str(clip), "w") as out:
        stream = out.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = 160, 96, "yuv420p"
        for k in range(30):     # a bar that grows until the end
            img = np.zeros((96, 160, 3), np.uint8)
            img[40:56, :5 * (k + 1)] = 230
            out.mux(stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")))
        out.mux(stream.encode())
    picture, when = final_picture(clip)
    assert when == pytest.approx(29 / 15, abs=1e-3)
    assert picture[48, 145].mean() > 200


@needs_render
def test_transparent_clips_have_alpha(book):
    folder = book / "clips" / "01_titled@transparent"
    webms = sorted(folder.glob("*.webm"))
    assert len(webms) == len(_sections(book, "01_titled@transparent"))
    total = 0.0
    for webm in webms:
        assert probe(webm)["codec"] == "vp9"
        assert alpha_pix_fmt(webm) == "yuva420p"
        total += probe(webm)["duration"]
    assert total == pytest.approx(probe(book / "01_titled@transparent.webm")["duration"], abs=0.1)
    with Image.open(folder / webms[-1].with_suffix(".png").name) as im:
        alpha = im.getchannel("A").getextrema()
        assert im.mode == "RGBA" and alpha == (0, 255)   # see-through background, opaque shape
    with Image.open(next(folder.glob("*.gif"))) as im:
        assert "transparency" in im.info
    assert alpha_pix_fmt(book / "01_titled@transparent.webm") == "yuva420p"
    assert alpha_pix_fmt(book / "01_titled.mp4") != "yuva420p"
    entries = [e for e in _manifest(book) if e["scene"] == "01_titled@transparent"]
    assert entries and all(e["transparent"] for e in entries)


@needs_render
def test_names_are_stable_and_a_rerun_rewrites_nothing(book):
    jobs = JOBS["canonical"]
    folder = book / "clips" / "01_titled"
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    write_clips(jobs, "mp4")
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    for stamp in folder.glob(".*.key"):  # as after a new render: every clip is written again
        stamp.write_text("another render")
    write_clips(jobs, "mp4")
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)
    formats = {e["format"] for e in _manifest(book) if e["scene"] == "01_titled"}
    assert formats == {"mp4", "webm", "gif", "png"}  # other formats' entries are kept
