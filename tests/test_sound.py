"""Sound, captions and chapters in every output of a render spoken by Piper (the tiny fixture
book, a few real sentences): the lecture, the chapter and every clip have audio exactly as
long as their video; the captions are muxed as mov_text and read back equal to the .srt;
the chapter markers are the beats; the chapter's captions are each lecture's shifted by the
lectures before it; ``--no-audio`` clips are silent. A silent (``--voice none``) render has
no audio track. All marked ``render``."""
import json
import shutil

import pytest

from scripts import media
from scripts.build import plan, probe
from scripts.captions import parse_srt, parse_vtt
from scripts.clips import write_clips
from scripts.captions import lecture_cues
from tests.fixtures.tiny_book import shared_spoken_book, shared_tiny_book, spoken_chapter

HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg", "ffprobe"))
pytestmark = [pytest.mark.render,
              pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")]
STEMS = ["01_titled", "02_short", "03_spoken"]
SILENT_STEMS = STEMS[:2]
FIGURES = {}   # durations measured, printed at the end (-s) for the record


def _voice_ok():
    from scenes.voice import check
    ok, detail, fix = check("piper")
    if not ok:
        pytest.skip(f"the piper voice is not installed: {fix}")


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    _voice_ok()
    return shared_spoken_book(tmp_path_factory) / "chapter0"


@pytest.fixture(scope="module")
def silent(tmp_path_factory):
    return shared_tiny_book(tmp_path_factory) / "chapter0"


def durations_agree(path):
    """Audio as long as video: within one video frame and one AAC frame (1024 samples)."""
    f = probe(path)
    assert f["audio"] is not None and f["audio"]["codec"] in ("aac", "opus"), (path, f)
    diff = abs(f["audio"]["duration"] - f["video_duration"])
    FIGURES[str(path.relative_to(path.parents[2]))] = (f["video_duration"],
                                                       f["audio"]["duration"], diff)
    assert diff <= min(1 / f["fps"], 1024 / f["audio"]["rate"]) + 1e-6, (path, f)
    return f


def test_every_lecture_and_the_chapter_have_sound_as_long_as_their_video(spoken):
    for stem in STEMS:
        f = durations_agree(spoken / f"{stem}.mp4")
        doc = json.loads((spoken / f"{stem}.beats.json").read_text())
        assert doc["voice"].startswith("piper") and doc["audio"] is True
        assert f["video_duration"] == pytest.approx(doc["video_duration"], abs=1e-6)
    chapter = durations_agree(spoken / "chapter0.mp4")
    parts = [probe(spoken / f"{s}.mp4") for s in STEMS]
    assert chapter["frames"] == sum(p["frames"] for p in parts)
    assert chapter["video_duration"] == pytest.approx(sum(p["video_duration"] for p in parts),
                                                      abs=1e-3)
    manifest = json.loads((spoken / "manifest.json").read_text())
    assert all(s["audio"] for s in manifest["scenes"])


def test_the_speech_is_in_the_sound_track_where_the_beats_say(spoken):
    """Every sentence is loud where beats.json says it is spoken; the silence after the
    last one is quiet."""
    import subprocess

    import numpy as np
    for stem in ("01_titled", "03_spoken"):
        pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", str(spoken / f"{stem}.mp4"),
                              "-map", "0:a", "-f", "f32le", "-ac", "1", "-ar", "16000", "-"],
                             capture_output=True, check=True).stdout
        a = np.frombuffer(pcm, np.float32)
        doc = json.loads((spoken / f"{stem}.beats.json").read_text())
        sentences = [s for b in doc["beats"] for s in b["sentences"]]
        assert sentences
        for s in sentences:
            seg = a[int(s["start"] * 16000):int(s["end"] * 16000)]
            assert float(np.sqrt((seg ** 2).mean())) > 0.01, (stem, s["text"])
        tail = a[int((sentences[-1]["end"] + 0.05) * 16000):int(doc["video_duration"] * 16000)]
        assert len(tail) == 0 or float(np.abs(tail).max()) < 0.01, stem


def test_captions_are_muxed_and_read_back_as_written(spoken):
    for stem in STEMS:
        f = probe(spoken / f"{stem}.mp4")
        assert f["subtitles"] == [{"codec": "mov_text", "language": "eng"}]
        written = parse_srt((spoken / f"{stem}.srt").read_text())
        assert parse_vtt((spoken / f"{stem}.vtt").read_text()) == written
        back = parse_srt(media.subtitles_srt(spoken / f"{stem}.mp4"))
        assert [(c.start, c.end, c.text) for c in back] == [(c.start, c.end, c.text)
                                                           for c in written]
        for c in written:
            assert 0 <= c.start < c.end <= f["video_duration"] + 1e-3


def test_chapter_markers_are_the_beats(spoken):
    for stem in STEMS:
        f = probe(spoken / f"{stem}.mp4")
        doc = json.loads((spoken / f"{stem}.beats.json").read_text())
        titles = [b["title"] for b in doc["beats"]]
        marks = f["chapters"]
        if doc["beats"][0]["start"] > 0.05:        # a legacy title card before beat 1
            assert marks[0][2] == "A titled lecture"
            marks = marks[1:]
        assert [m[2] for m in marks] == titles
        assert [m[0] for m in marks] == pytest.approx([b["start"] for b in doc["beats"]],
                                                      abs=1e-3)
        assert f["chapters"][0][0] == 0 and f["chapters"][-1][1] == pytest.approx(
            f["video_duration"], abs=1e-3)
        vtt = parse_vtt((spoken / f"{stem}.chapters.vtt").read_text())
        assert [(c.start, c.end, c.text) for c in vtt] == [
            (round(a, 3), round(b, 3), t) for a, b, t in f["chapters"]]
    chapter = probe(spoken / "chapter0.mp4")
    assert len(chapter["chapters"]) == sum(len(probe(spoken / f"{s}.mp4")["chapters"])
                                           for s in STEMS)


def test_chapter_captions_are_each_lectures_shifted_by_the_ones_before(spoken):
    durations = [probe(spoken / f"{s}.mp4")["video_duration"] for s in STEMS]
    merged = parse_srt((spoken / "chapter0.srt").read_text())
    expected, offset = [], 0.0
    for stem, d in zip(STEMS, durations):
        expected += [c.shifted(offset) for c in parse_srt((spoken / f"{stem}.srt").read_text())]
        offset += d
    assert [c.text for c in merged] == [c.text for c in expected]
    for got, want in zip(merged, expected):
        assert got.start == pytest.approx(want.start, abs=0.002)
        assert got.end == pytest.approx(want.end, abs=0.002)
    back = parse_srt(media.subtitles_srt(spoken / "chapter0.mp4"))
    assert [c.text for c in back] == [c.text for c in merged]
    manifest = json.loads((spoken / "manifest.json").read_text())
    assert manifest["captions"] == {"srt": "chapter0.srt", "vtt": "chapter0.vtt"}
    assert [s["vtt"] for s in manifest["scenes"]] == [f"{s}.vtt" for s in STEMS]


def test_clips_carry_their_beats_slice_of_the_narration(spoken):
    manifest = json.loads((spoken / "clips" / "manifest.json").read_text())["clips"]
    assert manifest and all(e["audio"] for e in manifest if e["format"] == "mp4")
    for stem in STEMS:
        clips = sorted((spoken / "clips" / stem).glob("*.mp4"))
        assert clips
        for clip in clips:
            durations_agree(clip)
        lecture = probe(spoken / f"{stem}.mp4")
        assert sum(probe(c)["frames"] for c in clips) == lecture["frames"]


def test_no_audio_clips_are_silent(spoken, tmp_path):
    root = tmp_path / "book"
    shutil.copytree(spoken.parent, root)
    ch = spoken_chapter()
    jobs = plan(ch, list(ch.lectures), "low", root, need_sections=True, voice="piper")
    write_clips(jobs, "mp4", audio=False)
    for clip in (root / "chapter0" / "clips" / "01_titled").glob("*.mp4"):
        assert probe(clip)["audio"] is None
    entries = json.loads((root / "chapter0" / "clips" / "manifest.json").read_text())["clips"]
    assert entries and not any(e["audio"] for e in entries)
    write_clips(jobs, "webm")                       # and webm clips speak (Opus)
    for clip in (root / "chapter0" / "clips" / "01_titled").glob("*.webm"):
        durations_agree(clip)


def test_the_caption_rules_hold_on_real_speech(spoken):
    from tests.test_captions import check_rules
    for stem in STEMS:
        doc = json.loads((spoken / f"{stem}.beats.json").read_text())
        cues = lecture_cues(doc, doc["video_duration"])
        assert cues == parse_srt((spoken / f"{stem}.srt").read_text())
        check_rules(cues, doc, doc["video_duration"])
    doc = json.loads((spoken / "03_spoken.beats.json").read_text())
    data = next(b for b in doc["beats"] if b["name"] == "data")
    first = data["sentences"][0]
    assert len(first["pieces"]) == 2                 # split at its {dots} mark
    assert [b["title"] for b in doc["beats"]] == ["Title", "Two hundred markets", "The end"]


def test_a_silent_render_has_no_audio_track_but_captions_and_chapters(silent):
    for stem in SILENT_STEMS:
        f = probe(silent / f"{stem}.mp4")
        assert f["audio"] is None and f["subtitles"] and f["chapters"]
        assert json.loads((silent / f"{stem}.beats.json").read_text())["voice"] == "none"
    assert probe(silent / "chapter0.mp4")["audio"] is None
    assert not (silent / "03_spoken.mp4").exists()


def test_print_figures():
    """Not a check: the durations measured above (run with -s to see them)."""
    for name, (v, a, d) in FIGURES.items():
        print(f"{name:<40} video {v:8.4f} s  audio {a:8.4f} s  |diff| {d * 1000:6.2f} ms")
