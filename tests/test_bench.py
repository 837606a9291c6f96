"""``render bench``'s table and its comparison of CPU per video second with and without the
voice (figures made up here: the bench itself renders, and is run by hand)."""
from scripts.bench import format_rows, summary


def _rows():
    def total(voice, video, cpu, speech):
        return {"lecture": "(all, wall clock)", "quality": "low", "voice": voice, "status": "",
                "wall_s": cpu, "video_s": video, "rtf": video / cpu, "cpu_s": cpu,
                "cpu_per_s": cpu / video, "speech_s": speech, "peak_mb": 300}
    return [
        {"lecture": "chapter1/gradient_descent", "quality": "low", "voice": "none",
         "status": "rendered", "wall_s": 20.0, "video_s": 100.0, "rtf": 5.0, "cpu_s": 16.0,
         "cpu_per_s": 0.16, "speech_s": 0.0, "peak_mb": 260},
        total("none", 100.0, 16.0, 0.0),
        total("piper", 110.0, 26.4, 9.5),
        total("piper (cached)", 110.0, 18.7, 0.0),
        {"lecture": "(no-change rebuild)", "quality": "low", "voice": "piper", "status": "",
         "wall_s": 0.6},
    ]


def test_summary_compares_cpu_per_video_second_with_the_silent_render():
    lines = summary(_rows())
    assert len(lines) == 2
    assert "voice piper: 0.240 CPU s per video s against 0.160 silent (+50.0%)" in lines[0]
    assert "speech synthesis 9.5 s" in lines[0]
    assert "voice piper (cached): 0.170" in lines[1] and "(+6.2%)" in lines[1]


def test_the_table_has_the_voice_cpu_per_second_and_speech_columns():
    text = format_rows(_rows())
    head = text.splitlines()[0]
    for column in ("voice", "CPU/vs", "speech s", "video s", "RTF", "peak MB"):
        assert column in head
    assert "piper (cached)" in text and "0.160" in text and "(no-change rebuild)" in text
