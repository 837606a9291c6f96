"""The render engine draws what plain Manim draws: every frame of one scene, compared.

``tests/fixtures/engine_scene.py`` is rendered twice at 480p15, each in a process of its own:
through the engine (``EngineFixture``: EngineScene, install(), a warm shared SVG cache) and
through plain Manim (``PlainFixture``: Manim's Scene, camera, renderer and encoder, nothing
patched, as the process reports). Both are encoded losslessly (x264 at CRF 0; yuv420p's
shared chroma is the same for both), decoded with PyAV and compared frame by frame.

The tolerance, and why:

- Outside the panel that holds the image and the dots: **identical** (largest difference 0).
  There the engine issues the same Cairo drawing as Manim (a reused path is the same path;
  the moving/static split changes what is redrawn per frame, not how; the SVG cache and the
  glyph copies give the same outlines) and its encoder converts with the same swscale call,
  so any difference at all is a bug. This is what makes the test sensitive: a text upside
  down, a mobject drawn over the wrong neighbour, a fade that pops, a colour conversion one
  level off, all fail here.
- Inside the panel, FastCamera draws by other means than Manim: a DotCloud is painted with
  Cairo arcs where Manim fills one Bezier circle per Dot, and an upright image is scaled with
  Pillow's ``resize`` and placed on whole pixels where Manim samples a perspective transform.
  Measured at 480p (and checked per source in ``test_render_engine.py``): dots differ only on
  their anti-aliased rims (up to ~25 levels), an image inside by at most 1 level (5 while it
  fades: premultiplied-alpha rounding), and its edge row or column by up to the full contrast
  on some frames of a move. So, per frame: (a) at most 3% of the panel's pixels may differ by
  more than 8 levels (the dots' rims are about 2% of it, one row and one column along the
  image 0.7%; measured at most 1.5%), and (b) a pixel more than 2 pixels away from any edge
  (neighbours differing by 8 levels or more, in either frame) may differ by at most 8 levels.
  A wrong dot colour, a missing dot, a misplaced or wrongly blended image fail (b).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "engine_scene.py"
HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm"))

pytestmark = [pytest.mark.render,
              pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex and dvisvgm")]

OUTSIDE_MAX = 0        # levels: outside the panel, frames are identical
LEVELS = 8             # a difference above this counts (3% of full scale)
PANEL_FRACTION = 0.03  # of the panel's pixels, per frame: the dots' rims and the image's edges
EDGE_REACH = 2         # pixels: how far from an edge a rim or placement difference may reach


def run(variant: str, out: Path, svg_cache: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLV_")}
    env["PYTHONPATH"] = str(ROOT)
    if svg_cache is not None:
        env["MLV_SVG_CACHE"] = str(svg_cache)
    proc = subprocess.run([sys.executable, str(FIXTURE), variant, str(out)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("FIXTURE ")]
    return json.loads(lines[-1][len("FIXTURE "):]) if lines else {}


def decode(path: str) -> np.ndarray:
    """Every frame of the video, (T, H, W, 3) RGB."""
    import av
    with av.open(path) as container:
        return np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)])


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("equivalence")
    svg = tmp / "svg"
    run("warm", tmp / "warm", svg)  # another process parses the texts into the shared cache
    warm = sorted(p.name for p in svg.glob("*.svgc"))
    engine = run("engine", tmp / "engine", svg)
    plain = run("plain", tmp / "plain", None)
    engine["svg_entries"] = (warm, sorted(p.name for p in svg.glob("*.svgc")))
    return engine, plain


def panel_box(shape: tuple[int, int], panel) -> tuple[slice, slice]:
    """Rows and columns of ``panel`` (left, right, bottom, top in scene units) in a frame of
    ``shape`` (H, W)."""
    h, w = shape
    frame_h = 8.0
    frame_w = frame_h * w / h
    left, right, bottom, top = panel
    x0, x1 = int((left / frame_w + 0.5) * w), int(np.ceil((right / frame_w + 0.5) * w))
    y0, y1 = int((0.5 - top / frame_h) * h), int(np.ceil((0.5 - bottom / frame_h) * h))
    return slice(max(y0, 0), y1), slice(max(x0, 0), x1)


def near_edges(*frames: np.ndarray, levels: int = LEVELS, reach: int = EDGE_REACH) -> np.ndarray:
    """(H, W) booleans: within ``reach`` pixels of a place where neighbouring pixels differ by
    ``levels`` or more in some channel, in any of ``frames`` ((H, W, 3) each)."""
    edge = np.zeros(frames[0].shape[:2], bool)
    for f in frames:
        dx = np.abs(np.diff(f, axis=1)).max(-1) >= levels  # (H, W-1)
        dy = np.abs(np.diff(f, axis=0)).max(-1) >= levels  # (H-1, W)
        edge[:, 1:] |= dx
        edge[:, :-1] |= dx
        edge[1:] |= dy
        edge[:-1] |= dy
    for _ in range(reach):
        grown = edge.copy()
        grown[1:] |= edge[:-1]
        grown[:-1] |= edge[1:]
        grown[:, 1:] |= edge[:, :-1]
        grown[:, :-1] |= edge[:, 1:]
        edge = grown
    return edge


def compare(ours: np.ndarray, theirs: np.ndarray, box: tuple[slice, slice]) -> dict:
    """The measures the tolerance is stated in, for the worst frame (see the module doc)."""
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    worst = {"outside_max": 0, "panel_fraction": 0.0, "off_edge_max": 0, "frames": len(ours)}
    for a, b in zip(ours, theirs):
        a, b = a.astype(np.int16), b.astype(np.int16)
        d = np.abs(a - b).max(-1)  # (H, W): largest channel difference per pixel
        inside = d[box].copy()     # (h, w): the panel
        d[box] = 0
        worst["outside_max"] = max(worst["outside_max"], int(d.max()))
        worst["panel_fraction"] = max(worst["panel_fraction"], float((inside > LEVELS).mean()))
        off = inside[~near_edges(a[box], b[box])]
        if off.size:
            worst["off_edge_max"] = max(worst["off_edge_max"], int(off.max()))
    return worst


def test_the_two_renders_are_what_they_claim(renders):
    engine, plain = renders
    assert (plain["camera"], plain["renderer"], plain["file_writer"]) == (
        "Camera", "CairoRenderer", "SceneFileWriter")
    assert plain["manim_svg_parse"] and plain["manim_glyph_copy"] and plain["manim_encoder"]
    assert not plain["patched"]
    assert (engine["camera"], engine["renderer"], engine["file_writer"]) == (
        "FastCamera", "FastRenderer", "FastFileWriter")
    assert engine["patched"] and not engine["manim_svg_parse"] and not engine["manim_glyph_copy"]
    warm, after = engine["svg_entries"]
    assert len(warm) >= 4 and after == warm  # every text came from the warm cache


def test_the_engine_draws_every_frame_as_plain_manim_does(renders):
    engine, plain = renders
    ours, theirs = decode(engine["video"]), decode(plain["video"])
    worst = compare(ours, theirs, panel_box(ours.shape[1:3], plain["panel"]))
    print("equivalence:", worst)
    assert worst["frames"] == 103 and ours.shape[1:3] == (480, 854)
    assert worst["outside_max"] <= OUTSIDE_MAX, worst
    assert worst["panel_fraction"] <= PANEL_FRACTION, worst
    assert worst["off_edge_max"] <= LEVELS, worst
