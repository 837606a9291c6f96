"""Smoke renders: every lecture in the catalogue renders at the lowest quality through the
CLI, silent (``--voice none``: timed at a reading pace), and the video is checked (duration,
resolution, H.264, yuv420p, a mov_text captions track, one chapter marker per beat).
Chapter 1 is rendered whole, so the chapter video, playlist and manifest are checked too,
and a second run finds everything up to date."""
import json
import shutil

import pytest
from click.testing import CliRunner

from scenes.catalog import chapters
from scripts.build import probe
from scripts.cli import cli

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(not all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg")),
                       reason="rendering needs latex, dvisvgm and ffmpeg: bash scripts/setup.sh"),
]

MIN_S, MAX_S = 45, 900  # every lecture's length: a legacy one is ~1.5 min, a narrated one 6-10


def check_video(path, *, min_s=MIN_S, max_s=MAX_S):
    facts = probe(path)
    assert facts["codec"] == "h264" and facts["pix_fmt"] == "yuv420p", facts
    assert (facts["width"], facts["height"]) == (854, 480), facts
    assert facts["fps"] == 15, facts
    assert min_s <= facts["duration"] <= max_s, facts
    assert facts["subtitles"] == [{"codec": "mov_text", "language": "eng"}], facts
    assert facts["audio"] is None, facts                   # --voice none: no sound
    return facts


def check_lecture(out, stem):
    facts = check_video(out / f"{stem}.mp4")
    beats = json.loads((out / f"{stem}.beats.json").read_text())
    assert len(beats["beats"]) >= 5 and all(b["title"] for b in beats["beats"])
    assert all(b["sentences"] for b in beats["beats"][1:])
    assert [c[2] for c in facts["chapters"]] == [b["title"] for b in beats["beats"]]
    assert len(beats["sections"]) == len(beats["beats"])
    assert beats["poster_time"] is not None
    assert 0 < beats["poster_time"] < beats["beats"][1]["start"]
    assert (out / f"{stem}.srt").read_text().count("-->") >= len(beats["beats"]) - 1
    for ext in (".vtt", ".chapters.vtt", ".description.txt"):
        assert (out / f"{stem}{ext}").stat().st_size > 0, ext
    return facts


def render(tmp_path, *args):
    res = CliRunner().invoke(cli, [*args, "-q", "low", "-j", "1", "--voice", "none"],
                             env={"MLV_RENDERS": str(tmp_path)}, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


def test_chapter1_renders_whole_with_playlist_and_manifest(tmp_path):
    render(tmp_path, "chapter1")
    out = tmp_path / "chapter1"
    durations = []
    for stem in ("01_gradient_descent", "02_optimizers"):
        durations.append(check_lecture(out, stem)["video_duration"])
    joined = probe(out / "chapter1.mp4")
    assert joined["codec"] == "h264" and joined["subtitles"]
    assert joined["video_duration"] == pytest.approx(sum(durations), abs=1e-3)
    assert len(joined["chapters"]) == sum(
        len(json.loads((out / f"{s}.beats.json").read_text())["beats"])
        for s in ("01_gradient_descent", "02_optimizers"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["id"] for s in manifest["scenes"]] == ["chapter1/gradient_descent",
                                                     "chapter1/optimizers"]
    assert all(s["quality"] == "low" and s["duration"] > 0 for s in manifest["scenes"])
    m3u = (out / "playlist.m3u").read_text().splitlines()
    assert m3u[0] == "#EXTM3U" and "01_gradient_descent.mp4" in m3u
    # nothing changed: the second run renders nothing and says so
    again = render(tmp_path, "chapter1")
    assert again.output.count("up to date") == 2


OTHER = [(c.slug, l.slug) for c in chapters() if c.slug != "chapter1" for l in c.lectures]


@pytest.mark.parametrize("chapter,slug", OTHER, ids=[f"{c}/{s}" for c, s in OTHER])
def test_lecture_renders(tmp_path, chapter, slug):
    render(tmp_path, chapter, "--scene", slug)
    ch = next(c for c in chapters() if c.slug == chapter)
    stem = ch.file_stem(ch.lecture(slug))
    check_lecture(tmp_path / chapter, stem)
