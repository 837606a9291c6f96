"""Captions people can read: cues from the narration with the voice's own times (at most 42
characters a line and 2 lines, 1-7 s, in order, no overlap, covering the speech), one list
written as SRT, WebVTT and a mov_text track; chapters as FFmpeg metadata, a WebVTT chapters
track and a description block by YouTube's rules. The rules are checked on the book's own
sentences with speech-like timings, and on a lecture spoken by Piper."""
import ast
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts import media
from scripts.captions import (
    MAX_CUE, MAX_LINE, MAX_LINES, MIN_CUE, Chapter, Cue, chapters_vtt, description, ffmetadata,
    lecture_chapters, lecture_cues, parse_srt, parse_vtt, srt, vtt, wrap, youtube_chapters,
)

ROOT = Path(__file__).resolve().parents[1]
HAVE_FFMPEG = all(shutil.which(t) for t in ("ffmpeg", "ffprobe"))
needs_ffmpeg = pytest.mark.skipif(not HAVE_FFMPEG, reason="needs ffmpeg")
TOL = 1e-3  # captions are written in whole milliseconds

# sentences of the kind the narrated lectures say (the pilot's story), beside the book's own
PILOT = [
    "Here are two hundred markets.", "Each dot is one market.",
    "Its height is the sales of that market, in thousands of units, and its position along "
    "the axis is the radio budget, in thousands of dollars.",
    "The learning rate η is 0.1.", "Yes.", "Watch.",
    "L curves about 760 times as steeply in w as in b, so a step size that is safe along one "
    "direction is hopelessly small along the other, and the fit stalls long before it reaches "
    "the bottom of the valley.",
    "The eigenvalues of the Hessian are about 1522.5 and 0.576; their ratio, the condition "
    "number, is about 2640.",
    "Standardise x, and the bowl becomes round.", "Now every direction is equally steep.",
    "Supercalifragilisticexpialidociously-long-hyphenated-compound-word-that-never-ends here.",
]


def book_sentences() -> list[str]:
    """Every narration line the lectures say: ``self.beat(name, caption)`` captions and
    ``self.say("...")`` sentences (string literals), read from the sources."""
    out = []
    for path in sorted((ROOT / "scenes").glob("chapter*/*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            args = node.args
            if node.func.attr == "beat" and len(args) >= 2:
                arg = args[1]
            elif node.func.attr == "say" and args:
                arg = args[0]
            else:
                continue
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                out.append(arg.value)
    return out


def timed_doc(sentences: list[str], seed: int, *, marks: bool = True) -> dict:
    """A beats.json as a voice would time it: about 15 characters a second (varying), short
    pauses between sentences, some sentences cut by marks into pieces with the animation's
    wait between them, three sentences a beat."""
    rnd = random.Random(seed)
    t, beats = 2.0, []
    for k in range(0, len(sentences), 3):
        beat = {"name": f"b{k}", "title": f"Beat {k}", "start": t, "sentences": []}
        t += rnd.uniform(0.0, 0.5)
        for text in sentences[k:k + 3]:
            clean = re.sub(r"\{\w+\}", "", text)
            words = clean.split()
            cut = sorted(rnd.sample(range(1, len(words)), min(len(words) - 1, rnd.randint(0, 2))))\
                if marks and len(words) > 3 else []
            pieces, start = [], t
            for a, b in zip([0] + cut, cut + [len(words)]):
                piece = " ".join(words[a:b])
                end = t + len(piece) / rnd.uniform(11, 19)
                pieces.append({"text": piece, "start": round(t, 3), "end": round(end, 3)})
                t = end + rnd.choice([0.0, 0.0, 0.3, 1.2])
            sentence_end = pieces[-1]["end"]
            beat["sentences"].append({"text": " ".join(words), "start": round(start, 3),
                                      "end": sentence_end, "pieces": pieces})
            t = sentence_end + rnd.uniform(0.05, 0.6)
        t += rnd.uniform(0.3, 2.0)
        beat["end"] = t
        beats.append(beat)
    for a, b in zip(beats, beats[1:]):
        a["end"] = b["start"]
    return {"duration": round(t, 3), "beats": beats}


def check_rules(cues: list[Cue], doc: dict, duration: float) -> None:
    """The caption rules, and that the cues say every word in order and cover the speech."""
    assert cues
    for c in cues:
        lines = c.text.split("\n")
        assert len(lines) <= MAX_LINES, c
        assert all(len(line) <= MAX_LINE for line in lines), c
        assert min(MIN_CUE, duration) - TOL <= c.end - c.start <= MAX_CUE + TOL, c
        assert 0 <= c.start < c.end <= duration + TOL, c
    for a, b in zip(cues, cues[1:]):
        assert a.end <= b.start + TOL, (a, b)                 # in order, no overlap
    said = [w for c in cues for w in c.text.split()]
    spoken = [w for b in doc["beats"] for s in b["sentences"] for w in s["text"].split()]
    assert "".join(said) == "".join(spoken)       # (a word longer than a line is cut)
    for b in doc["beats"]:
        for s in b["sentences"]:
            for p in s["pieces"]:
                a, e = p["start"], min(p["end"], duration)
                # every moment of the piece is under a cue
                t = a
                while t < e - TOL:
                    cover = [c for c in cues if c.start - TOL <= t < c.end]
                    assert cover, (p, t)
                    t = cover[0].end


# -- the rules --------------------------------------------------------------------------------
def test_wrap_breaks_at_spaces_evenly_within_two_lines():
    assert wrap("Short line.") == "Short line."
    two = wrap("The learning rate eta is zero point one, so each step is small.")
    assert two.count("\n") == 1 and all(len(x) <= MAX_LINE for x in two.split("\n"))
    a, b = two.split("\n")
    assert abs(len(a) - len(b)) <= 12                         # balanced
    assert wrap("word " * 40) is None                         # cannot fit two lines


def test_a_long_sentence_is_split_at_words_timed_by_characters_in_its_piece():
    text = ("Its height is the sales of that market, in thousands of units, and its position "
            "along the axis is the radio budget, in thousands of dollars.")
    doc = {"beats": [{"name": "a", "start": 0.0, "end": 12.0, "sentences": [
        {"text": text, "start": 1.0, "end": 11.0,
         "pieces": [{"text": text, "start": 1.0, "end": 11.0}]}]}]}
    cues = lecture_cues(doc, 12.0)
    assert len(cues) == 2
    first_words = cues[0].text.split()
    # the split time is where the first part's characters end, in proportion
    chars = len(" ".join(first_words)) + 1
    assert cues[1].start == pytest.approx(1.0 + 10.0 * chars / len(text), abs=0.01)
    assert cues[0].start == 1.0 and cues[0].end == cues[1].start
    assert cues[0].text.split()[-1].endswith(",")             # a break after a comma
    check_rules(cues, doc, 12.0)


def test_pieces_time_the_words_that_follow_a_mark():
    # "Here are two hundred markets. {axes} Each dot is one market." with a 2 s animation
    doc = {"beats": [{"name": "a", "start": 0.0, "end": 9.0, "sentences": [
        {"text": "Here are two hundred markets. Each dot is one market.", "start": 0.5,
         "end": 6.0, "pieces": [
             {"text": "Here are two hundred markets.", "start": 0.5, "end": 2.0},
             {"text": "Each dot is one market.", "start": 4.0, "end": 6.0}]}]}]}
    cues = lecture_cues(doc, 9.0)
    assert [c.text for c in cues] == ["Here are two hundred markets.\nEach dot is one market."]
    assert cues[0].start == 0.5 and cues[0].end >= 6.0
    check_rules(cues, doc, 9.0)


def test_too_short_cues_are_stretched_into_silence_or_merged():
    doc = {"beats": [{"name": "a", "start": 0.0, "end": 5.0, "sentences": [
        {"text": "Yes.", "start": 1.0, "end": 1.3, "pieces": []},
        {"text": "Watch.", "start": 1.35, "end": 1.7, "pieces": []},
        {"text": "Now the line moves.", "start": 3.0, "end": 4.2, "pieces": []}]}]}
    cues = lecture_cues(doc, 5.0)
    assert cues[0].text == "Yes. Watch."                        # merged: no room between
    assert cues[0].end - cues[0].start >= MIN_CUE
    assert cues[1].text == "Now the line moves."
    check_rules(cues, {"beats": [{"sentences": [
        {**s, "pieces": [{"text": s["text"], "start": s["start"], "end": s["end"]}]}
        for s in doc["beats"][0]["sentences"]]}]}, 5.0)


@pytest.mark.parametrize("seed", range(6))
def test_the_rules_hold_on_the_books_sentences(seed):
    sentences = book_sentences() + PILOT
    assert len(sentences) >= 60                               # the book's lines were found
    random.Random(seed).shuffle(sentences)
    doc = timed_doc(sentences, seed)
    cues = lecture_cues(doc, doc["duration"])
    check_rules(cues, doc, doc["duration"])
    assert parse_srt(srt(cues)) == cues and parse_vtt(vtt(cues)) == cues


def test_fast_dense_speech_still_follows_the_rules():
    """No pauses at all, fast talk, one-word sentences between long ones."""
    sentences = ["Yes."] * 3 + PILOT + ["No.", "Look.", "Here."] + PILOT[::-1]
    doc = timed_doc(sentences, 99, marks=False)
    t = 0.0
    for b in doc["beats"]:  # squeeze out every pause
        b["start"] = t
        for s in b["sentences"]:
            d = s["end"] - s["start"]
            s["start"], s["end"] = t, t + d * 0.8
            s["pieces"] = [{"text": s["text"], "start": s["start"], "end": s["end"]}]
            t = s["end"]
        b["end"] = t
    doc["duration"] = t + 0.5
    cues = lecture_cues(doc, doc["duration"])
    check_rules(cues, doc, doc["duration"])


def test_legacy_beats_without_sentences_caption_the_whole_beat():
    doc = {"duration": 9.0, "beats": [{"name": "a", "caption": "First.", "start": 2.0, "end": 5.0},
                                      {"name": "b", "caption": "Second.", "start": 5.0}]}
    cues = lecture_cues(doc, 9.0, "Title")
    assert [c.text for c in cues] == ["Title", "First.", "Second."]
    assert cues[0].start == 0.0 and cues[-1].end <= 9.0
    assert lecture_chapters(doc, 9.0, "Title") == [
        Chapter(0.0, 2.0, "Title"), Chapter(2.0, 5.0, "A"), Chapter(5.0, 9.0, "B")]


# -- formats ----------------------------------------------------------------------------------
def test_srt_and_vtt_round_trip_through_the_libraries():
    cues = [Cue(0.0, 1.25, "One."), Cue(1.25, 3661.5, "Two: η × 2,\nand a second line.")]
    s, v = srt(cues), vtt(cues)
    assert "00:00:01,250 --> 01:01:01,500" in s and "00:00:01.250 --> 01:01:01.500" in v
    assert v.startswith("WEBVTT")
    assert parse_srt(s) == cues and parse_vtt(v) == cues


def test_chapter_metadata_is_ffmetadata_in_milliseconds_with_escapes():
    text = ffmetadata([Chapter(0.0, 4.1, "Title"), Chapter(4.1, 9.0, "a=b; c#d")], "GD")
    assert text.startswith(";FFMETADATA1\ntitle=GD\n")
    assert text.count("[CHAPTER]") == 2 and text.count("TIMEBASE=1/1000") == 2
    assert "START=4100\nEND=9000\ntitle=a\\=b\\; c\\#d" in text
    vt = parse_vtt(chapters_vtt([Chapter(0.0, 4.1, "Title"), Chapter(4.1, 9.0, "Next")]))
    assert [(c.start, c.end, c.text) for c in vt] == [(0.0, 4.1, "Title"), (4.1, 9.0, "Next")]


def test_youtube_chapters_follow_youtubes_rules():
    chapters = [Chapter(0, 4.1, "Gradient descent"), Chapter(4.1, 30, "Two hundred markets"),
                Chapter(30, 36, "A short beat"), Chapter(36, 80, "The valley"),
                Chapter(80, 150, "Standardising"), Chapter(150, 155, "End")]
    marks = youtube_chapters(chapters, 155.0)
    # the title card joins the first beat; the short beats join the one before them
    assert marks == [(0, "Two hundred markets"), (36, "The valley"), (80, "Standardising")]
    starts = [t for t, _ in marks] + [155]
    assert starts[0] == 0 and all(b - a >= 10 for a, b in zip(starts, starts[1:]))
    text = description(chapters, 155.0, title="Gradient descent", chapter_title="Optimization")
    assert text.splitlines()[:5] == ["Gradient descent (Optimization)", "",
                                     "0:00 Two hundred markets", "0:36 The valley",
                                     "1:20 Standardising"]
    assert youtube_chapters(chapters[:2], 30.0) == []          # fewer than three: none
    # a chapter video: each lecture's start keeps its marker and takes in short beats after it
    joined = [Chapter(0, 3, "Gradient descent", major=True), Chapter(3, 40, "A fit"),
              Chapter(40, 60, "A line"), Chapter(60, 64, "Momentum, RMSprop and Adam", True),
              Chapter(64, 70, "Bowl"), Chapter(70, 90, "Adam"), Chapter(90, 95, "End")]
    assert youtube_chapters(joined, 95.0) == [(0, "Gradient descent"), (40, "A line"),
                                              (60, "Momentum, RMSprop and Adam"),
                                              (70, "Adam")]
    long = [Chapter(i * 1200.0, (i + 1) * 1200.0, f"Part {i}") for i in range(4)]
    assert description(long, 4800.0, title="T").splitlines()[-1] == "1:00:00 Part 3"


# -- muxed into an MP4 (small generated media: no rendering) ----------------------------------
def _media(tmp: Path, name: str, seconds: float, tone: float | None) -> tuple[Path, Path | None]:
    video = tmp / f"{name}.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc=size=160x90:rate=15:duration={seconds}", "-c:v", "libx264",
                    "-pix_fmt", "yuv420p", str(video)], check=True)
    if tone is None:
        return video, None
    wav = tmp / f"{name}.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency={tone}:sample_rate=22050:duration={seconds * 0.6}",
                    str(wav)], check=True)
    return video, wav


def assert_durations_agree(path: Path) -> dict:
    """The audio and video tracks last as long as each other: within one video frame and
    within one AAC frame (1024 samples)."""
    facts = media.probe(path)
    assert facts["audio"] is not None, path
    diff = abs(facts["audio"]["duration"] - facts["video_duration"])
    assert diff <= min(1 / facts["fps"], 1024 / facts["audio"]["rate"]) + 1e-6, (path, facts)
    return facts


@needs_ffmpeg
def test_the_cues_chapters_and_narration_are_muxed_without_re_encoding_video(tmp_path):
    video, wav = _media(tmp_path, "lec", 4.0, 440)
    doc = timed_doc(PILOT[:3], 1)
    # squeeze into 4 s
    scale = 3.9 / doc["duration"]
    for b in doc["beats"]:
        b["start"] *= scale
        b["end"] *= scale
        for s in b["sentences"]:
            s["start"] *= scale
            s["end"] *= scale
            for p in s["pieces"]:
                p["start"] *= scale
                p["end"] *= scale
    cues = lecture_cues(doc, 4.0)
    chapters = [Chapter(0.0, 1.5, "Title"), Chapter(1.5, 4.0, "Two hundred markets")]
    (tmp_path / "c.srt").write_text(srt(cues))
    (tmp_path / "c.ffmeta").write_text(ffmetadata(chapters, "A lecture"))
    out = tmp_path / "out.mp4"
    media.mux_lecture(video, out, audio=wav, srt=tmp_path / "c.srt",
                      ffmeta=tmp_path / "c.ffmeta", duration=media.video_duration(video))
    facts = assert_durations_agree(out)
    assert facts["audio"]["codec"] == "aac"
    assert facts["subtitles"] == [{"codec": "mov_text", "language": "eng"}]
    assert facts["chapters"] == [(0.0, 1.5, "Title"), (1.5, 4.0, "Two hundred markets")]
    back = parse_srt(media.subtitles_srt(out))
    assert [(c.start, c.end, c.text) for c in back] == [(c.start, c.end, c.text) for c in cues]
    # the video stream is the same bytes (copied, not encoded again)
    def packets(p):
        import av
        with av.open(str(p)) as c:
            return [bytes(pk) for pk in c.demux(c.streams.video[0]) if pk.size]
    assert packets(out) == packets(video)
    # faststart: the index (moov) comes before the media data (mdat)
    head = out.read_bytes()[:4096]
    assert 0 <= head.find(b"moov") < (head.find(b"mdat") if b"mdat" in head else 1 << 30)


@needs_ffmpeg
def test_a_chapter_joins_sound_and_silence_without_drift(tmp_path):
    import numpy as np
    parts = []
    for name, seconds, tone in (("a", 2.0, 440.0), ("b", 3.4, None), ("c", 2.6, 880.0)):
        video, wav = _media(tmp_path, name, seconds, tone)
        out = tmp_path / f"{name}.final.mp4"
        media.mux_lecture(video, out, audio=wav, srt=None, ffmeta=None,
                          duration=media.video_duration(video))
        parts.append(out)
    durations = [media.video_duration(p) for p in parts]
    joined = tmp_path / "chapter.mp4"
    media.join_chapter(parts, durations, joined, listing=tmp_path / "list.txt", srt=None,
                       ffmeta=None)
    facts = assert_durations_agree(joined)
    assert facts["video_duration"] == pytest.approx(sum(durations), abs=1e-3)
    assert facts["frames"] == sum(media.probe(p)["frames"] for p in parts)
    # each lecture's sound is where its video is: loud in a and c, silent in b
    pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", str(joined), "-map", "0:a", "-f",
                          "f32le", "-ac", "1", "-ar", "48000", "-"], capture_output=True,
                         check=True).stdout
    a = np.frombuffer(pcm, np.float32)

    def loud(t0, t1):
        return float(np.sqrt((a[int(t0 * 48000):int(t1 * 48000)] ** 2).mean()))
    assert loud(0.1, 1.1) > 0.05 and loud(2.1, 5.3) < 1e-3 and loud(5.5, 6.9) > 0.05
    assert loud(5.4 + 2.6 * 0.6 + 0.1, 7.9) < 1e-3             # c's tone ends at 60%
