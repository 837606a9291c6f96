"""The authoring layer (scenes/lecture.py): beats as methods, speech-timed animations, the
narration track and beats.json. Renders two tiny lectures with Manim at 480p15."""
import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from scenes import voice

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


class FakeScene:
    time = 0.0


def test_speech_until_and_remaining_count_from_now():
    from scenes.lecture import Speech
    scene = FakeScene()
    s = Speech(scene, start=1.0, marks={"turn": 2.5}, end=4.0)
    scene.time = 1.0
    assert s.until("turn") == pytest.approx(1.5) and s.remaining() == pytest.approx(3.0)
    scene.time = 3.0
    assert s.until("turn") == 0.0 and s.remaining() == pytest.approx(1.0)
    with pytest.raises(KeyError, match="turn"):
        s.until("typo")


def test_beats_run_in_the_order_written():
    from tests.fixtures.narrated_scenes import TwoBeats
    assert [m.__name__ for m in TwoBeats.beat_methods()] == ["circle", "square"]
    assert [m.beat_title for m in TwoBeats.beat_methods()] == ["A circle", "A square"]


def render(tmp_path, scene, voice_name, module="narrated_scenes.py"):
    env = {**os.environ, "MLV_VOICE": voice_name, "MLV_BEATS_FILE": str(tmp_path / "beats.json"),
           "MLV_SPEECH_CACHE": str(ROOT / ".cache" / "speech"), "MLV_PROGRESS": "1",
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "--media_dir",
                          str(tmp_path / "media"), "--progress_bar", "none", "--save_sections",
                          "--disable_caching", str(FIXTURES / module), scene],
                         env=env, cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    video = next((tmp_path / "media" / "videos").rglob(f"{scene}.mp4"))
    return json.loads((tmp_path / "beats.json").read_text()), video, out.stdout


def streams(video):
    import av
    with av.open(str(video)) as c:
        return {s.type: float(s.duration * s.time_base) for s in c.streams
                if s.duration is not None}


@pytest.mark.render
@pytest.mark.skipif(not voice.check("piper")[0], reason="piper is not installed")
def test_a_narrated_lecture_is_timed_by_its_voice_and_carries_it(tmp_path):
    doc, video, stdout = render(tmp_path, "TwoBeats", "piper")
    beats = doc["beats"]
    assert [b["name"] for b in beats] == ["title", "circle", "square"]
    assert [b["title"] for b in beats] == ["Title", "A circle", "A square"]
    # beats tile the video
    assert beats[0]["start"] == 0 and beats[-1]["end"] == pytest.approx(doc["duration"], abs=1e-3)
    for a, b in zip(beats, beats[1:]):
        assert a["end"] == pytest.approx(b["start"], abs=1e-3)
    # sentences lie inside their beat, in order, never overlapping, and pieces tile them
    spoken = [s for b in beats for s in b["sentences"]]
    assert [s["text"] for s in spoken] == [
        "Here is a circle.", "Watch it turn into a square, with η = 0.1.", "Done."]
    assert spoken[1]["spoken"] == "Watch it turn into a square, with eta equals zero point one."
    for b in beats:
        for s in b["sentences"]:
            assert b["start"] - 1e-3 <= s["start"] < s["end"] <= b["end"] + 1e-3
    for s, t in zip(spoken, spoken[1:]):
        assert s["end"] <= t["start"]
    turn = spoken[1]["pieces"]
    assert [p["text"] for p in turn] == ["Watch it turn", "into a square, with η = 0.1."]
    assert turn[0]["end"] == pytest.approx(turn[1]["start"], abs=1e-3)
    # a beat lasts as long as its narration: the square beat ends after its last sentence
    assert beats[2]["end"] >= spoken[2]["end"] - 1e-3
    # the narration track is as long as the video, and the movie carries it as AAC
    with wave.open(str(tmp_path / doc["narration"])) as w:
        assert w.getnframes() / w.getframerate() == pytest.approx(doc["duration"], abs=0.01)
    s = streams(video)
    assert set(s) == {"video", "audio"}
    assert s["audio"] == pytest.approx(s["video"], abs=0.1)
    # one Manim section per beat (the clips), and one progress line per animation
    sections = json.loads(next(video.parent.rglob("sections/TwoBeats.json")).read_text())
    assert [x["name"] for x in sections] == ["title", "circle", "square"]
    lines = [json.loads(l.split(" ", 1)[1]) for l in stdout.splitlines()
             if l.startswith("MLV_PROGRESS ")]
    assert lines and lines[-1]["beats"] == 3 and lines[-1]["name"] == "square"
    assert lines[-1]["t"] <= doc["duration"] + 0.005   # t is rounded to 0.01 s


@pytest.mark.render
def test_a_silent_render_keeps_the_script_and_has_no_sound(tmp_path):
    doc, video, _ = render(tmp_path, "TwoBeats", "none")
    assert doc["voice"] == "none" and doc["narration"] is None
    assert not (tmp_path / "narration.wav").exists()
    assert "audio" not in streams(video)
    # timed at a reading pace: "Here is a circle." is 4 words
    s = doc["beats"][1]["sentences"][0]
    assert s["end"] - s["start"] == pytest.approx(voice.PIECE_PAUSE + 4 * 60 / voice.READING_WPM, abs=0.01)


@pytest.mark.render
def test_a_legacy_lecture_speaks_its_caption_lines(tmp_path):
    doc, video, _ = render(tmp_path, "TinyA", "none", module="tiny_scenes.py")
    assert doc["narrated"] is False
    assert [b["caption"] for b in doc["beats"]] == ["A circle.", "Now a square."]
    assert [b["sentences"][0]["text"] for b in doc["beats"]] == ["A circle.", "Now a square."]
