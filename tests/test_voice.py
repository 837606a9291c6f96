"""The narrator (scenes/voice.py): words for numbers and symbols, the voices and their cache.
Expected spoken forms are written out by hand, as a person would read them aloud."""
import wave

import numpy as np
import pytest

from scenes import voice


@pytest.mark.parametrize("number, words", [
    ("0", "zero"), ("7", "seven"), ("13", "thirteen"), ("42", "forty-two"),
    ("200", "two hundred"), ("760", "seven hundred sixty"),
    ("1521", "one thousand five hundred twenty-one"),
    ("2640", "two thousand six hundred forty"), ("1,000,000", "one million"),
    ("0.1", "zero point one"), ("0.456", "zero point four five six"),
    ("1522.5", "one thousand five hundred twenty-two point five"),
    ("-0.04", "minus zero point zero four"), ("18.09", "eighteen point zero nine"),
])
def test_numbers_are_read_as_people_read_them(number, words):
    assert voice.number_words(number) == words


@pytest.mark.parametrize("text, spoken", [
    ("η = 0.1", "eta equals zero point one"),
    ("Its loss ℓᵢ is 0.34.", "Its loss ell i is zero point three four."),
    ("It is 760× as steep.", "It is seven hundred sixty times as steep."),
    ("Keep η below 2/λmax.", "Keep eta below two over lambda max."),
    ("w = 0.456, b = 1.03 after 200 steps.",
     "w equals zero point four five six, b equals one point zero three after two hundred steps."),
    ("The loss fell by 12%.", "The loss fell by twelve percent."),
    ("x² grows; λ ≈ 0.576.", "x squared grows; lambda about zero point five seven six."),
    ("Sales (in 1000s) rise.", "Sales in 1000s rise."),
    ("Divide by 2, about half.", "Divide by two, about half."),
    ("At market i it predicts ŷᵢ; the residual is rᵢ = ŷᵢ − yᵢ.",
     "At market i it predicts y hat i; the residual is r i equals y hat i minus y i."),
    ("the sum of xᵢ²", "the sum of x i squared"),
    ("Σv = λv, so λ₁ ≥ λ₂ and vᵀΣv = λ.",
     "sigma v equals lambda v, so lambda one at least lambda two and v transpose sigma v equals lambda."),
    ("v turns 29.4° from the axis.", "v turns twenty-nine point four degrees from the axis."),
    ("It took 1,522 steps.", "It took one thousand five hundred twenty-two steps."),
])
def test_symbols_and_numbers_in_sentences(text, spoken):
    assert voice.speakable(text) == spoken


def test_a_number_glued_to_letters_is_left_alone_and_plain_prose_is_unchanged():
    assert voice.speakable("Chapter one: gradient descent, and why it stalls.") == \
        "Chapter one: gradient descent, and why it stalls."
    # "1000s" is a word a voice reads fine; the converter must not split it into nonsense
    assert "1000s" in voice.speakable("in 1000s")


def test_the_silent_voice_takes_a_reading_pace():
    v = voice.get_voice("none")
    short, long = v.speak("one two"), v.speak(" ".join(["word"] * 33))
    assert short.samples is None
    assert long.seconds == pytest.approx(voice.PIECE_PAUSE + 33 * 60 / voice.READING_WPM)
    assert long.seconds > short.seconds


def test_an_unknown_voice_is_refused_with_the_valid_names():
    with pytest.raises(ValueError, match="piper, espeak, none"):
        voice.get_voice("robot")
    ok, detail, fix = voice.check("robot")
    assert not ok and "piper" in fix


def test_fingerprints_differ_between_voices():
    assert voice.fingerprint("none") != voice.fingerprint("espeak")
    assert voice.fingerprint("none") == voice.fingerprint("none")


def test_wav_round_trip(tmp_path):
    samples = (np.sin(np.arange(2205) / 10) * 10000).astype(np.int16)
    voice.write_wav(tmp_path / "a.wav", samples)
    with wave.open(str(tmp_path / "a.wav")) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (voice.SAMPLE_RATE, 1, 2)
    assert np.array_equal(voice._read_wav(tmp_path / "a.wav"), samples)


@pytest.mark.skipif(not voice.check("piper")[0], reason="piper is not installed")
def test_piper_speaks_offline_and_a_second_time_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(voice.CACHE_ENV, str(tmp_path))
    v = voice.get_voice("piper")
    try:
        first = v.speak("The learning rate eta is zero point one.")
        assert v.synthesised == 1
        # about 2.4 s of speech at a natural pace (roughly 150-200 words a minute)
        assert 1.5 < first.seconds < 4.5
        assert np.abs(first.samples).max() > 1000        # not silence
        again = v.speak("The learning rate eta is zero point one.")
        assert v.synthesised == 1 and np.array_equal(again.samples, first.samples)
        other = v.speak("Two.")
        assert v.synthesised == 2 and other.seconds < first.seconds
    finally:
        v.close()
    assert len(list(tmp_path.rglob("*.wav"))) == 2


@pytest.mark.skipif(not voice.check("espeak")[0], reason="espeak-ng is not installed")
def test_espeak_speaks_into_the_same_format(tmp_path, monkeypatch):
    monkeypatch.setenv(voice.CACHE_ENV, str(tmp_path))
    clip = voice.get_voice("espeak").speak("Hello there.")
    assert clip.seconds > 0.3 and clip.samples.dtype == np.int16


# Every sentence of every narrated lecture is checked to be spoken in words by
# tests/test_check.py (test_every_narrated_lecture_passes_and_speaks_in_words), in the same
# run of the script that checks its layout.
