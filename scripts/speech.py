"""Offline speech for narrated renders: espeak-ng (Debian package ``espeak-ng``) reads a
caption into a WAV file. Used by ``LectureScene`` when ``$MLV_NARRATE`` is set.

Not a default dependency: ``bash scripts/setup.sh --narration`` installs it.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import wave
from pathlib import Path

__all__ = ["available", "fingerprint", "speakable", "synthesize", "INSTALL_HINT"]

VOICE = "en-us"
WORDS_PER_MINUTE = 165
INSTALL_HINT = ("narration needs espeak-ng (offline speech): run  bash scripts/setup.sh "
                "--narration   (apt-get install espeak-ng)")

# symbols the captions use, as words espeak-ng reads well
_SAY = {
    "η": " eta ", "λ": " lambda ", "μ": " mu ", "σ": " sigma ", "θ": " theta ",
    "α": " alpha ", "β": " beta ", "ε": " epsilon ", "γ": " gamma ", "δ": " delta ",
    "∂": " partial ", "∇": " gradient of ", "Σ": " sum ", "π": " pi ", "ρ": " rho ",
    "×": " times ", "·": " ", "−": " minus ", "≈": " about ", "≤": " at most ",
    "≥": " at least ", "→": " to ", "²": " squared ", "√": " root ", "∞": " infinity ",
    "…": ", ", "–": ", ", "—": ", ",
}


def available() -> bool:
    return shutil.which("espeak-ng") is not None


def fingerprint() -> str:
    """What a narrated video depends on beyond the scene: this backend and espeak-ng."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    if available():
        h.update(subprocess.run(["espeak-ng", "--version"], capture_output=True,
                                text=True).stdout.encode())
    return h.hexdigest()[:16]


def speakable(text: str) -> str:
    """The caption as words: symbols spelled out, subscripts and brackets dropped."""
    for sym, word in _SAY.items():
        text = text.replace(sym, word)
    text = re.sub(r"[()\[\]{}_^|]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def synthesize(text: str, wav: Path) -> float:
    """Speak ``text`` into ``wav`` (kept if it already exists); return its duration in s."""
    if not available():
        raise RuntimeError(INSTALL_HINT)
    wav = Path(wav)
    if not wav.exists():
        wav.parent.mkdir(parents=True, exist_ok=True)
        tmp = wav.with_name(f".{wav.name}.tmp")
        subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(tmp),
                        speakable(text)], check=True, capture_output=True)
        tmp.replace(wav)
    with wave.open(str(wav)) as w:
        return w.getnframes() / w.getframerate()
