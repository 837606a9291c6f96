"""Captions and narration: a cue for every section, inside the video, SRT and WebVTT alike,
the chapter track offset by the lecture durations before it; narrated renders speak, wait for
the speech and stay separate from the canonical video."""
import json
import shutil
import subprocess
import wave

import pytest

from scripts import speech
from scripts.build import plan, probe
from scripts.captions import Cue, lecture_cues, parse_srt, parse_vtt, srt, vtt
from tests.fixtures.book_scenes import LONG_CAPTION
from tests.fixtures.tiny_book import shared_tiny_book, tiny_chapter

HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg", "ffprobe"))


def needs_render(test):
    """Renders (once per session, the tiny fixture book): marked ``render``."""
    skip = pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
    return pytest.mark.render(skip(test))


# -- no rendering -------------------------------------------------------------------------------
def test_cues_cover_title_and_beats_and_stay_inside_the_video():
    doc = {"beats": [{"name": "a", "caption": "First.", "start": 2.0, "end": 5.0},
                     {"name": "b", "caption": "Second.", "start": 5.0, "end": 9.5}]}
    cues = lecture_cues(doc, 9.0, "Title")
    assert cues == [Cue(0.0, 2.0, "Title"), Cue(2.0, 5.0, "First."), Cue(5.0, 9.0, "Second.")]
    assert [c.text for c in lecture_cues(doc, 9.0)] == ["First.", "Second."]  # no title given


def test_srt_and_vtt_round_trip():
    cues = [Cue(0.0, 1.25, "One."), Cue(1.25, 3661.5, "Two: η × 2.")]
    s, v = srt(cues), vtt(cues)
    assert "00:00:01,250 --> 01:01:01,500" in s and "00:00:01.250 --> 01:01:01.500" in v
    assert v.startswith("WEBVTT\n\n")
    assert parse_srt(s) == cues and parse_vtt(v) == cues


# -- on a rendered tiny book --------------------------------------------------------------------
@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return shared_tiny_book(tmp_path_factory) / "chapter0"


def _sections(out, stem):
    """(name, start, end) of every section, from Manim's section durations."""
    doc = json.loads((out / f"{stem}.beats.json").read_text())
    t, spans = 0.0, []
    for s in doc["sections"]:
        spans.append((s["name"], t, t + float(s["duration"])))
        t += float(s["duration"])
    return doc, spans


@needs_render
@pytest.mark.parametrize("stem", ["01_titled", "02_short"])
def test_every_section_has_its_caption_inside_the_video(book, stem):
    doc, spans = _sections(book, stem)
    duration = probe(book / f"{stem}.mp4")["duration"]
    cues = parse_vtt((book / f"{stem}.vtt").read_text())
    assert parse_srt((book / f"{stem}.srt").read_text()) == cues
    captions = {b["name"]: b["caption"] for b in doc["beats"]}
    title = {"01_titled": "A titled lecture", "02_short": "A short lecture"}[stem]
    assert len(cues) == len(spans)
    for (name, a, b), cue in zip(spans, cues):
        assert cue.text == (title if name == "autocreated" else captions[name])
        assert cue.start == pytest.approx(a, abs=0.07) and cue.end == pytest.approx(b, abs=0.07)
    for c in cues:
        assert 0 <= c.start < c.end <= duration + 1e-3
    assert all(x.end <= y.start + 1e-6 for x, y in zip(cues, cues[1:]))  # in order, no overlap
    if stem == "01_titled":
        assert spans[0][0] == "autocreated" and cues[0].text == title


@needs_render
def test_chapter_track_offsets_are_the_durations_before(book):
    ch = tiny_chapter()
    stems = [ch.file_stem(lec) for lec in ch.lectures]
    durations = [probe(book / f"{s}.mp4")["duration"] for s in stems]
    merged = parse_vtt((book / "chapter0.vtt").read_text())
    assert parse_srt((book / "chapter0.srt").read_text()) == merged
    expected, offset = [], 0.0
    for stem, d in zip(stems, durations):
        expected += [c.shifted(offset) for c in parse_vtt((book / f"{stem}.vtt").read_text())]
        offset += d
    assert [c.text for c in merged] == [c.text for c in expected]
    for got, want in zip(merged, expected):
        assert got.start == pytest.approx(want.start, abs=0.002)
        assert got.end == pytest.approx(want.end, abs=0.002)
    first_of_second = len(parse_vtt((book / f"{stems[0]}.vtt").read_text()))
    assert merged[first_of_second].start == pytest.approx(durations[0], abs=0.002)
    chapter = probe(book / "chapter0.mp4")["duration"]
    assert merged[-1].end <= chapter + 0.05
    manifest = json.loads((book / "manifest.json").read_text())
    assert manifest["captions"] == {"srt": "chapter0.srt", "vtt": "chapter0.vtt"}
    assert [s["vtt"] for s in manifest["scenes"]] == [f"{s}.vtt" for s in stems]


# -- narration ----------------------------------------------------------------------------------
needs_speech = pytest.mark.skipif(not speech.available(), reason=speech.INSTALL_HINT)


def _streams(video):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type",
                          "-of", "csv=p=0", str(video)], capture_output=True, text=True).stdout
    return out.split()


@needs_speech
@needs_render
def test_narrated_render_waits_for_the_speech_and_is_a_separate_variant(book, tmp_path):
    plain, narrated = book / "01_titled.mp4", book / "01_titled@narrated.mp4"
    assert _streams(plain) == ["video"]                    # the canonical video stays silent
    assert _streams(narrated) == ["video", "audio"]
    seconds = speech.synthesize(LONG_CAPTION, tmp_path / "long.wav")
    doc = json.loads((book / "01_titled@narrated.beats.json").read_text())
    talk = next(b for b in doc["beats"] if b["name"] == "talk")
    assert seconds > 2.0                                   # far longer than the 0.9 s beat
    assert talk["end"] - talk["start"] >= seconds - 0.05   # the beat was held for it
    plain_doc = json.loads((book / "01_titled.beats.json").read_text())
    plain_talk = next(b for b in plain_doc["beats"] if b["name"] == "talk")
    assert plain_talk["end"] - plain_talk["start"] < 1.5
    assert probe(narrated)["duration"] > probe(plain)["duration"] + 1.0
    cues = parse_vtt((book / "01_titled@narrated.vtt").read_text())
    assert any(c.text == LONG_CAPTION and c.end - c.start >= seconds - 0.05 for c in cues)
    # its own key and its own chapter video, playlist and manifest
    ch = tiny_chapter()
    a = plan(ch, list(ch.lectures), "low", book.parent)[0]
    b = plan(ch, list(ch.lectures), "low", book.parent, variants=["narrated"])[0]
    assert a.key != b.key and a.video != b.video
    assert (book / "chapter0@narrated.mp4").exists() and (book / "manifest@narrated.json").exists()
    assert "audio" in _streams(book / "chapter0@narrated.mp4")


def test_speakable_spells_out_symbols():
    assert speech.speakable("Step η = 0.1 × ∇L (2)") == "Step eta = 0.1 times gradient of L 2"


@needs_speech
def test_synthesize_writes_a_wav(tmp_path):
    seconds = speech.synthesize("Hello.", tmp_path / "a.wav")
    with wave.open(str(tmp_path / "a.wav")) as w:
        assert w.getnframes() > 0
    assert 0.2 < seconds < 3


@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_narrate_without_espeak_says_how_to_install_it(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from scripts import cli
    monkeypatch.setenv("MLV_RENDERS", str(tmp_path))
    monkeypatch.setattr(speech, "available", lambda: False)
    res = CliRunner().invoke(cli.cli, ["chapter1", "--narrate", "-q", "low"])
    assert res.exit_code == 1 and "bash scripts/setup.sh --narration" in res.output
    assert "Traceback" not in res.output and not any(tmp_path.rglob("*.mp4"))
