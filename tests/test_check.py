"""The layout checker (``scenes/check.py``, ``render check``): it passes a clean scene and
catches each kind of violation, inside plays as well as at their ends, while letting text
cross text mid-transition. The scenes (``tests/fixtures/check_scenes.py``) need no LaTeX,
except ``TexOverlap`` (marked ``render``)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "check_scenes.py"


@pytest.fixture(autouse=True)
def _silent(monkeypatch):
    monkeypatch.setenv("MLV_VOICE", "none")
    monkeypatch.delenv("MLV_BEATS_FILE", raising=False)


def run(name: str, tmp_path):
    from scenes.check import check_scene
    from tests.fixtures import check_scenes
    result = check_scene(getattr(check_scenes, name), media_dir=tmp_path)
    assert result.error is None, result.error
    return result


def test_clean_scene_passes(tmp_path):
    result = run("Clean", tmp_path)
    assert result.violations == []
    assert result.samples >= 8  # the 2 s transform and the wait were sampled inside


def test_transitions_are_excepted_only_while_they_run(tmp_path, monkeypatch):
    """Without the exemption, the text that a Transform sweeps across another is caught."""
    import scenes.check as check
    monkeypatch.setattr(check, "_animated_ids", lambda animations: {})
    found = run("Clean", tmp_path).violations
    assert [(v.kind, v.beat) for v in found] == [("overlap", "transition")]
    assert "Text('left')" in found[0].objects[0] and "Text('middle')" in found[0].objects[1]


def test_overlap(tmp_path):
    found = {v.objects[0].split(" ")[0]: v for v in run("Overlap", tmp_path).violations}
    assert set(found) == {"Text('alpha')", "Text('moving')"}
    still = found["Text('alpha')"]
    assert still.kind == "overlap" and still.objects == ["Text('alpha') [a]", "Text('beta') [b]"]
    assert still.beats == ["title", "sweep"]
    # moved by an updater, not an animation: caught at a sampled moment inside the 2 s play
    # (it starts at 0.85 s, after the beat's caption) and gone by its end
    sweep = found["Text('moving')"]
    assert sweep.beat == "sweep" and sweep.objects[1] == "Text('still') [still]"
    assert 1.3 < sweep.time < 2.4 and sweep.until == sweep.time


def test_frame(tmp_path):
    (v,) = run("Frame", tmp_path).violations
    assert (v.kind, v.objects) == ("frame", ["Square at (6.61, 0) [sq]"])
    assert v.detail == "0.5 past the right edge"


def test_caption_band(tmp_path):
    (v,) = run("CaptionBand", tmp_path).violations
    assert (v.kind, v.objects) == ("caption_band", ["Text('too low') [low]"])


def test_tick_label(tmp_path):
    found = run("TickLabel", tmp_path).violations
    assert {v.kind for v in found} == {"tick_label"}
    assert sorted(v.objects[0].split(" ")[0] for v in found) == ["Dot", "DotCloud(2"]
    assert sorted(v.objects[1].split(" ")[0] for v in found) == ["DecimalNumber(2)",
                                                                  "DecimalNumber(3)"]
    assert all("of NumberLine" in v.objects[1] and "[nl]" in v.objects[1] for v in found)


@pytest.mark.render
def test_tick_label_of_a_plot(tmp_path):
    found = run("PlotTickLabel", tmp_path).violations
    assert [v.kind for v in found] == ["tick_label"]
    assert found[0].objects[0].startswith("Dot") and "0.5" in found[0].objects[1]


def test_plain_text_math(tmp_path):
    found = run("PlainTextMath", tmp_path).violations
    assert {v.kind for v in found} == {"plain_text_math"}
    assert sorted(v.objects[0] for v in found) == [
        "Text('lr = 0.1')", "Text('max_epochs')", "Text('x^2 grows')"]


def test_narrated_lecture_names_its_beat_and_attributes(tmp_path):
    (v,) = run("NarratedOverlap", tmp_path).violations
    assert (v.kind, v.beat) == ("overlap", "crowded")
    assert v.objects == ["Text('first') [self.first]", "Text('second') [self.second]"]


@pytest.mark.parametrize("text", [
    "lr = 0.1", "w = 0, b = 0", "malignant, y = 1", "max_epochs", "n_iter", "x_i", "x^2",
    "np.mean", "fit()", "learningRate", "z ≥ 0", "σ(z) ≥ 1/2", "x = (1, 2)", "a ** 2",
    "Adam η = 0.3",
])
def test_plain_text_rules_catch(text):
    from scenes.check import plain_text_problems
    assert plain_text_problems(text), text


@pytest.mark.parametrize("text", [
    "The learning rate is small.", "Step 3 of 10 (the last one)", "brighter = higher loss",
    "Maximising it = minimising its negative", "Chapter 4 · Neural Networks",
    "v is an eigenvector of Σ", "200 markets: money spent on radio ads", "Rosenbrock's valley",
    "a learning rate η of 0.1", "2 × 3 grid", "The 2 > 1 case",
])
def test_plain_text_rules_pass_english(text):
    from scenes.check import plain_text_problems
    assert plain_text_problems(text) == [], text


def test_cli_passes_a_clean_scene_and_fails_on_violations():
    from scripts.cli import cli
    runner = CliRunner()
    ok = runner.invoke(cli, ["check", str(FIXTURE), "--scene", "Clean", "-j", "1"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli, ["check", str(FIXTURE), "--scene", "Clean", "--scene", "Frame",
                              "--json", "-j", "1"])
    assert bad.exit_code == 1
    results = json.loads(bad.stdout)
    assert [(r["scene"], len(r["violations"])) for r in results] == [("Clean", 0), ("Frame", 1)]
    (v,) = results[1]["violations"]
    assert (v["lecture"], v["beat"], v["kind"]) == ("check_scenes/Frame", "title", "frame")


def test_cli_prints_one_line_per_violation_and_a_table():
    from scripts.check import format_summary, format_violation
    v = {"lecture": "chapter1/x", "beat": "loss", "time": 12.25, "until": 14.0,
         "kind": "overlap", "objects": ["MathTex('\\cw x + \\cb')", "Text('10')"],
         "detail": "glyphs overlap by 0.1 x 0.1", "transition": ""}
    assert format_violation(v) == ("chapter1/x  loss  12.2s-14.0s  overlap  "
                                   "MathTex('\\cw x + \\cb') × Text('10')  "
                                   "(glyphs overlap by 0.1 x 0.1)")
    table = format_summary([{"lecture": "chapter1/x", "violations": [v], "error": None}])
    assert table.splitlines()[1].split() == ["chapter1/x", "1", "0", "0", "0", "0", "1"]


@pytest.mark.render
def test_formulas_overlapping(tmp_path):
    (v,) = run("TexOverlap", tmp_path).violations
    assert v.kind == "overlap"
    assert v.objects == ["MathTex('\\hat{y} = w x + b') [eq]",
                         "MathTex('L = \\frac{1}{n}\\sum_i r_i^2') [loss]"]


def test_cli_fails_when_a_lecture_cannot_run():
    from scripts.cli import cli
    tiny = ROOT / "tests" / "fixtures" / "tiny_scenes.py"
    out = CliRunner().invoke(cli, ["check", str(tiny), "--scene", "Broken", "-j", "1"])
    assert out.exit_code == 1
    assert "tiny_scenes/Broken: failed to run" in out.output
    assert "deliberate failure for the build tests" in out.output


def _narrated_lectures() -> list[str]:
    """Every lecture of the book rewritten as a narrated script (its scene has @beat methods):
    those must pass ``render check``; the others are listed by it for their own rewrites."""
    from scenes.catalog import chapters
    return [lec.id for ch in chapters() for lec in ch.lectures
            if "@beat(" in lec.path.read_text()]


def test_the_gradient_descent_lecture_is_narrated():
    assert "chapter1/gradient_descent" in _narrated_lectures()


@pytest.mark.render
@pytest.mark.parametrize("lecture", _narrated_lectures())
def test_every_narrated_lecture_passes_and_speaks_in_words(lecture, tmp_path, monkeypatch):
    """One run of each lecture's script, no frame drawn: ``render check`` finds nothing, and
    every piece the voice reads is words (no digit, symbol, Greek letter, subscript or bracket
    left for the voice to stumble on). One run serves both, so the book's lectures are checked
    in parallel across the test workers."""
    import re
    from scenes.catalog import find_lecture
    from scenes.check import check_scene
    from scripts.build import _harvest_tex, _seed_tex
    _, lec = find_lecture(lecture)
    beats = tmp_path / "beats.json"
    monkeypatch.setenv("MLV_BEATS_FILE", str(beats))
    known = _seed_tex(tmp_path / "Tex")     # the equations TeX made before, as render check does
    result = check_scene(getattr(lec.load_module(), lec.scene), lec.id, media_dir=tmp_path)
    assert result.error is None, result.error
    _harvest_tex(tmp_path / "Tex", known)
    assert not result.violations, "\n".join(map(str, result.violations))
    doc = json.loads(beats.read_text())
    pieces = [(p["text"], p["spoken"]) for b in doc["beats"] for s in b["sentences"]
              for p in s["pieces"]]
    assert len(pieces) > 20, len(pieces)   # a narrated lecture says more than its title
    for text, spoken in pieces:
        assert re.fullmatch(r"[A-Za-z ,.;:'?!\-]+", spoken), (text, spoken)


def test_set_checks_one_lecture_with_its_parameters_validated():
    from scripts.cli import cli
    runner = CliRunner()
    whole = runner.invoke(cli, ["check", "chapter1", "--set", "lr=0.5"])
    assert whole.exit_code == 2 and "--set needs one lecture" in whole.output
    typo = runner.invoke(cli, ["check", "chapter1", "--scene", "gradient_descent",
                               "--set", "lrr=0.5"])
    assert typo.exit_code == 2 and "has no parameter 'lrr'" in typo.output


def test_set_reaches_the_checked_scene(monkeypatch):
    import scripts.check as check
    seen = {}

    def fake_run(cmd, env, **kw):
        seen.update(json.loads(env["MLV_PARAMS"]))
        raise RuntimeError("stop here")
    monkeypatch.setattr(check.subprocess, "run", fake_run)
    with pytest.raises(RuntimeError, match="stop here"):
        check._run_one("chapter1/gradient_descent", ["chapter1/gradient_descent"], 0.5,
                       params={"lr": 0.5})
    assert seen == {"lr": 0.5}
