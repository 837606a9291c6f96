"""The render engine (``scenes/engine``) must not change a pixel: FastCamera's reused paths,
DotCloud, the moving/static split of EngineScene, the frame writer, and the caches of compiled
TeX and parsed SVGs shared between render processes (which must be used when warm and never
serve another input). Also: ``install()`` checks the Manim version and patches once, and the
engine imports nothing from the rest of the project. The whole-scene comparison with plain
Manim is ``test_engine_equivalence.py``."""
import ast
import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pytest
from manim import (
    DOWN, LEFT, RIGHT, UP, AnimationGroup, Camera, Circle, Dot, FadeIn, FadeOut, GrowArrow,
    Square, Text, ValueTracker, VGroup, VMobject, tempconfig,
)

import scripts.build as build
from scenes import engine
from scenes.engine import DotCloud, EngineScene, FastCamera, on_change, redraw_on, svgcache
from scenes.engine.redraw import drop_redraws_from_copies
from scenes.catalog import Chapter, Lecture

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tiny_scenes.py"
HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg"))

LOW = {"quality": "low_quality", "disable_caching": True, "verbosity": "WARNING"}


def draw(camera, mobjects) -> np.ndarray:
    camera.reset()
    camera.capture_mobjects(mobjects)
    return camera.pixel_array.copy()


def differing(a, b, tol=0) -> float:
    """Fraction of pixels whose largest channel difference exceeds ``tol``."""
    return float((np.abs(a.astype(int) - b.astype(int)).max(-1) > tol).mean())


# -- FastCamera ------------------------------------------------------------------------------
def test_fast_camera_draws_exactly_what_manims_camera_draws():
    with tempconfig(LOW):
        mobs = [Circle(color="#58C4DD").shift(LEFT * 2), Square(fill_opacity=0.5),
                Text("w = 0.2025", font="DejaVu Sans").shift(UP * 2)]
        fast, ref = FastCamera(), Camera()
        assert differing(draw(fast, mobs), draw(ref, mobs)) == 0
        # drawn again from the kept paths: still identical
        assert differing(draw(fast, mobs), draw(ref, mobs)) == 0
        # points changed in place (shift mutates the array): the kept path must not be used
        mobs[0].shift(RIGHT * 3)
        mobs[2][0].shift(DOWN)
        first = draw(fast, mobs)
        assert differing(first, draw(ref, mobs)) == 0
        assert differing(first, draw(Camera(), [Circle(color="#58C4DD").shift(LEFT * 2)])) > 0


# -- DotCloud --------------------------------------------------------------------------------
def cloud_points(n=60, seed=0):
    rng = np.random.default_rng(seed)
    return np.c_[rng.uniform(-5, 5, (n, 2)), np.zeros(n)]


def test_dot_cloud_looks_like_separate_dots():
    with tempconfig(LOW):
        pts = cloud_points()
        colors = ["#FF8800" if i % 3 else "#58C4DD" for i in range(len(pts))]
        cloud = DotCloud(pts, radius=0.08, opacity=0.9, colors=colors)
        dots = VGroup(*[Dot(p, radius=0.08, color=c, fill_opacity=0.9)
                        for p, c in zip(pts, colors)])
        a, b = draw(FastCamera(), [cloud]), draw(Camera(), [dots])
        drawn = differing(a, draw(Camera(), []))  # 60 dots of about 7 pixels across
        assert drawn > 0.004
        assert differing(a, b, tol=40) < 0.1 * drawn  # only anti-aliased rims differ


def test_dot_cloud_follows_transforms_intro_and_morph():
    with tempconfig(LOW):
        pts = cloud_points(20)
        cloud = DotCloud(pts, radius=0.1)
        cloud.shift(RIGHT)  # a generic transform moves the drawn dots
        centers, radii = cloud.centers_and_radii()
        np.testing.assert_allclose(centers, pts + [1, 0, 0], atol=1e-12)
        np.testing.assert_allclose(radii, 0.1)
        intro = cloud.intro(lag_ratio=0.1, scale=0.5)
        intro.interpolate_mobject(0.0)
        assert np.all(cloud.alpha == 0)
        intro.interpolate_mobject(0.5)  # the first dots are in, the last not yet
        assert cloud.alpha[0] == 1 and cloud.rad[0] == pytest.approx(0.1)
        assert cloud.alpha[-1] == 0 and cloud.rad[-1] == pytest.approx(0.05)  # not begun
        intro.interpolate_mobject(1.0)
        np.testing.assert_allclose(cloud.alpha, 1)
        np.testing.assert_allclose(cloud.rad, 0.1)
        target = cloud_points(20, seed=1)
        morph = cloud.morph(pos=target, rgb=np.ones((20, 3)))
        morph.interpolate_mobject(1.0)
        np.testing.assert_allclose(cloud.centers_and_radii()[0], target, atol=1e-12)
        np.testing.assert_allclose(cloud.rgb, 1)


# -- the moving/static split -----------------------------------------------------------------
def test_only_what_moves_or_is_drawn_over_it_is_redrawn_each_frame():
    with tempconfig(LOW):
        scene = EngineScene()
        behind = Square(2).shift(LEFT * 0.5)        # under the moving circle: drawn first
        mover = Circle(0.5)
        over = Square(1, fill_opacity=1)            # on top of the circle: must stay on top
        far = Square(0.5).shift(RIGHT * 5 + UP * 2)  # elsewhere: drawn once
        empty = VGroup()                            # gets points from its updater later
        empty.add_updater(lambda m: None)
        scene.add(behind, mover, over, far, empty)
        anim = mover.animate.shift(RIGHT * 0.2).build()
        anim._setup_scene(scene)
        anim.begin()
        moving, static = scene.get_moving_and_static_mobjects([anim])
        assert mover in moving and over in moving and empty in moving
        assert behind in static and far in static
        assert moving.index(mover) < moving.index(over)  # what covers what is kept


# -- updaters that skip unchanged frames, and animations of updated mobjects ----------------
def test_on_change_updates_only_when_its_key_moves_and_each_copy_keeps_its_own_key():
    t = ValueTracker(0.0)
    calls = []
    mob = Square().add_updater(on_change(t.get_value, lambda m: calls.append(m)))
    mob.update()
    mob.update()
    assert calls == [mob]                  # the first frame, then nothing until t moves
    t.set_value(1.0)
    mob.update()
    mob.update()
    assert calls == [mob, mob]
    twin = mob.copy()                      # shares the updater, not the last key
    t.set_value(2.0)
    mob.update()
    twin.update()
    assert calls[2:] == [mob, twin]


def test_redraw_on_rebuilds_with_the_key():
    t = ValueTracker(1.0)
    built = []

    def build():
        built.append(t.get_value())
        return Square(side_length=t.get_value())

    sq = redraw_on(t.get_value, build)
    sq.update()
    sq.update()
    t.set_value(3.0)
    sq.update()
    assert sq.width == pytest.approx(3.0)
    assert built == [1.0, 1.0, 3.0]        # built, first frame, after the change


def test_redraw_on_an_arrow_that_vanishes_and_comes_back_does_not_grow():
    from manim import Arrow, ORIGIN
    t = ValueTracker(1.0)
    arrow = redraw_on(t.get_value, lambda: Arrow(ORIGIN, t.get_value() * RIGHT, buff=0)
                      if t.get_value() > 0.1 else VMobject())
    tip = arrow.submobjects[0]
    for v in [0.0, 0.5, 0.0, 0.7, 0.0, 0.9] * 3:
        t.set_value(v)
        arrow.update()
    assert len(arrow.get_family()) == 2    # the line and its tip, as at the start
    assert arrow.width == pytest.approx(0.9)
    # the replaced tip may still sit in this play's list of what to draw: it draws nothing
    assert tip not in arrow.get_family() and len(tip.points) == 0
    # same shape: changed in place (the parts stay the objects the scene knows)
    tip = arrow.submobjects[0]
    t.set_value(0.8)
    arrow.update()
    assert arrow.submobjects[0] is tip and arrow.width == pytest.approx(0.8)


@pytest.mark.parametrize("make", [
    lambda m: FadeIn(m), lambda m: FadeOut(m), lambda m: AnimationGroup(FadeIn(m)),
    lambda m: GrowArrow(m)])
def test_a_redrawn_mobject_still_fades_and_grows(make):
    """Manim updates an animation's copies every frame; a rebuilding updater on the faded
    start (or end) copy would undo the fade. EngineScene freezes those copies."""
    from manim import Arrow
    t = ValueTracker(0.0)
    mob = redraw_on(t.get_value, lambda: Arrow(LEFT, RIGHT, buff=0))
    anim = make(mob)
    anim.begin()
    drop_redraws_from_copies(anim)
    anim.interpolate(0.1)
    t.set_value(0.5)                        # a change the copies would have rebuilt on
    anim.update_mobjects(1 / 15)
    anim.interpolate(0.25)
    assert mob.get_stroke_opacity() < 0.99 or mob.width < 1.99  # mid-fade or mid-growth


# -- the frame writer ------------------------------------------------------------------------
def test_frames_are_encoded_to_the_same_bytes_as_manims_writer(tmp_path):
    """FastSegmentEncoder converts a repeated frame once instead of once per repeat; the
    file must not change by a byte."""
    from fractions import Fraction
    from manim._config.video_encoder import VideoEncoderSpec
    from manim.scene.video_segment_encoder import VideoSegmentEncoder
    from scenes.engine.encoder import FastFileWriter, FastSegmentEncoder
    from scenes.engine.camera import FastRenderer

    w, h = 320, 180
    spec = VideoEncoderSpec("mp4", "libx264", "yuv420p", w, h, Fraction(30),
                            (("crf", "23"), ("preset", "veryfast")))
    yy, xx = np.mgrid[0:h, 0:w]
    frames = []
    for i in range(8):
        a = np.full((h, w, 4), 255, np.uint8)
        a[..., 0], a[..., 1] = (xx + 9 * i) % 256, (2 * yy + i) % 256
        a[20 + 5 * i:80 + 5 * i, 40:140, 2] = 30
        frames.append((a, 1 if i % 3 else 5))   # some frames held, as in a wait

    def write(cls, path):
        enc = cls(target=path, spec=spec)
        for a, repeat in frames:
            enc.write_frame(a.copy(), repeat=repeat)
        enc.finish()
        return path.read_bytes()

    theirs = write(VideoSegmentEncoder, tmp_path / "manim.mp4")
    ours = write(FastSegmentEncoder, tmp_path / "ours.mp4")
    assert len(ours) > 1000 and ours == theirs
    info = build.probe(tmp_path / "ours.mp4")
    assert info["codec"] == "h264" and info["pix_fmt"] == "yuv420p"
    assert info["duration"] == pytest.approx(sum(r for _, r in frames) / 30, abs=0.05)
    # engine scenes write through it; Manim's own class is left alone
    assert FastRenderer()._file_writer_class is FastFileWriter
    assert VideoSegmentEncoder.write_frame is not FastSegmentEncoder.write_frame


# -- the shared caches -----------------------------------------------------------------------
def test_parsed_svgs_are_shared_and_a_bad_entry_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv(svgcache.ENV, str(tmp_path))
    engine.install()
    with tempconfig({**LOW, "media_dir": str(tmp_path / "media")}):
        first = Text("k-means", font="DejaVu Sans")
        entries = list(tmp_path.glob(f"*{svgcache.SUFFIX}"))
        assert len(entries) == 1

        def no_parsing(self):
            raise AssertionError("parsed although the cache holds this SVG")

        monkeypatch.setattr(svgcache, "_parse", no_parsing)
        second = Text("k-means", font="DejaVu Sans")
        np.testing.assert_array_equal(first.get_all_points(), second.get_all_points())
        with pytest.raises(AssertionError):  # another text is another key
            Text("k-medians", font="DejaVu Sans")
        entries[0].write_bytes(b"not a cache entry")
        with pytest.raises(AssertionError):  # an unreadable entry is parsed again
            Text("k-means", font="DejaVu Sans")


@pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
def test_a_warm_tex_cache_renders_without_latex(tmp_path, monkeypatch):
    monkeypatch.setenv(build.TEX_CACHE_ENV, str(tmp_path / "tex"))
    monkeypatch.setenv(build.SVG_CACHE_ENV, str(tmp_path / "svg"))
    ch = Chapter("chapter0", 0, "Test", lectures=(
        Lecture(slug="tinytex", scene="TinyTex", title="TinyTex", source=FIXTURE),))
    jobs = build.plan(ch, list(ch.lectures), "low", tmp_path / "out")
    assert [r.status for r in build.run_jobs(jobs)] == ["rendered"]
    assert list((tmp_path / "tex").glob("*.svg"))
    # a latex that always fails: only the cache can make the equation now
    fake = tmp_path / "bin"
    fake.mkdir()
    for tool in ("latex", "dvisvgm"):
        (fake / tool).write_text("#!/bin/sh\nexit 1\n")
        (fake / tool).chmod(stat.S_IRWXU)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    again = build.plan(ch, list(ch.lectures), "low", tmp_path / "out")
    assert [r.status for r in build.run_jobs(again, force=True)] == ["rendered"]
    shutil.rmtree(tmp_path / "tex")  # cold: the broken latex must now fail the render
    cold = build.plan(ch, list(ch.lectures), "low", tmp_path / "out")
    assert [r.status for r in build.run_jobs(cold, force=True)] == ["failed"]


def test_images_are_drawn_as_manim_draws_them():
    from manim import ImageMobject
    with tempconfig(LOW):
        yy, xx = np.mgrid[0:40, 0:60]
        img = np.zeros((40, 60, 4), np.uint8)  # a smooth field, like a probability map
        img[..., 0], img[..., 1], img[..., 2] = 4 * xx, 6 * yy, 120
        img[..., 3] = 200
        back = Square(3, fill_opacity=1, color="#58C4DD")
        upright = ImageMobject(img).scale(8).shift(RIGHT * 1.3 + UP * 0.4)
        # upright and smoothly resampled: scaled by resize, at most a pixel off Manim's
        a, b = draw(FastCamera(), [back, upright]), draw(Camera(), [back, upright])
        assert differing(a, b, tol=12) < 0.003
        assert differing(a, draw(Camera(), [back])) > 0.05  # the image is there
        upright.move_to([7.5, 0, 0])  # partly outside the frame
        assert differing(draw(FastCamera(), [back, upright]),
                         draw(Camera(), [back, upright]), tol=12) < 0.003
        # rotated: Manim's own transform, composited only where the image is: same pixels
        noisy = np.random.default_rng(3).integers(0, 256, (40, 60, 4), dtype=np.uint8)
        noisy[:5, :, 3] = 0
        turned = ImageMobject(noisy).scale(8).rotate(0.3)
        assert differing(draw(FastCamera(), [back, turned]), draw(Camera(), [back, turned])) == 0


# -- the split is checked again every frame ---------------------------------------------------
def test_what_an_updater_carries_under_a_later_mobject_is_covered_by_it():
    """At the start of the play the circle is far from the square (drawn after it), so the
    square is static; the updater then carries the circle under it. The square must be
    redrawn over the circle from that frame on, as Manim draws it."""
    with tempconfig(LOW):
        scene = EngineScene()
        t = ValueTracker(0.0)
        mover = Circle(0.3).shift(LEFT * 4)
        mover.add_updater(lambda m: m.move_to(LEFT * 4 + RIGHT * 4 * t.get_value()))
        cover = Square(1, fill_opacity=1).shift(RIGHT * 0.1)  # added after: covers the circle
        far = Square(0.5).shift(RIGHT * 5 + UP * 2)
        scene.add(mover, cover, far)
        scene.compile_animation_data(t.animate.set_value(1.0), run_time=1)
        scene.begin_animations()
        assert cover in scene.static_mobjects and mover in scene.moving_mobjects
        scene.update_to_time(0.2)                 # not there yet: nothing changes
        assert cover in scene.static_mobjects
        scene.update_to_time(1.0)                 # under the square now
        assert cover in scene.moving_mobjects and far in scene.static_mobjects
        assert scene.moving_mobjects.index(mover) < scene.moving_mobjects.index(cover)
        scene.renderer.update_frame(scene, scene.moving_mobjects)  # over the static image
        assert differing(scene.renderer.camera.pixel_array, draw(Camera(), [mover, cover, far])) == 0


def test_a_dot_cloud_moved_by_a_transform_stays_there_when_recoloured():
    with tempconfig(LOW):
        pts = cloud_points(10)
        cloud = DotCloud(pts, radius=0.1)
        cloud.shift(UP)                           # moves the points, not ``pos``
        cloud.apply(rgb=np.zeros((10, 3)))
        np.testing.assert_allclose(cloud.centers_and_radii()[0], pts + [0, 1, 0], atol=1e-12)
        morph = cloud.morph(rgb=np.ones((10, 3)))
        morph.interpolate_mobject(0.5)
        np.testing.assert_allclose(cloud.centers_and_radii()[0], pts + [0, 1, 0], atol=1e-12)


# -- install() ----------------------------------------------------------------------------------
@pytest.mark.parametrize("found", ["0.19.0", "0.23.1", "1.22.0", None])
def test_install_refuses_another_manim_version_clearly(monkeypatch, found):
    from scenes.engine import patches
    patches.revert()
    monkeypatch.setattr(engine, "manim_version", lambda: found)
    try:
        with pytest.raises(engine.ManimVersionError) as refused:
            engine.install()
        message = str(refused.value)
        assert f"Manim {found} is installed" in message if found else "no Manim" in message
        assert "needs Manim 0.22.x" in message and "bash scripts/setup.sh" in message
        assert not engine.installed()           # refused before patching anything
        with pytest.raises(engine.ManimVersionError):
            EngineScene()
    finally:
        monkeypatch.undo()
        engine.install()


@pytest.mark.parametrize("found", ["0.22.0", "0.22.7", "0.22.1rc1"])
def test_install_accepts_the_022_series(monkeypatch, found):
    monkeypatch.setattr(engine, "manim_version", lambda: found)
    assert engine.require_manim() == found


def test_the_version_is_read_from_the_installed_package():
    from importlib.metadata import version
    assert engine.manim_version() == version("manim")


def test_install_patches_exactly_once_and_can_be_undone():
    from manim.mobject.svg.svg_mobject import SVGMobject, VMobjectFromSVGPath
    from scenes.engine import patches
    manim_parse = svgcache._parse
    patches.revert()
    try:
        assert SVGMobject.generate_mobject is manim_parse
        assert "__deepcopy__" not in VMobjectFromSVGPath.__dict__  # Manim's is inherited
        engine.install()
        engine.install()
        assert engine.installed()
        assert SVGMobject.generate_mobject is svgcache.generate_mobject
        patches.revert()
        assert SVGMobject.generate_mobject is manim_parse
        assert "__deepcopy__" not in VMobjectFromSVGPath.__dict__
    finally:
        engine.install()
    for p in patches.PATCHES:
        assert p.why  # every replacement says why no subclass could do it


def test_lectures_import_the_engine_pieces_they_use_from_components():
    from scenes import components
    assert (components.DotCloud, components.redraw_on, components.on_change) == (
        DotCloud, redraw_on, on_change)


def test_the_engine_imports_nothing_from_the_rest_of_the_project():
    folder = Path(engine.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                top = name.split(".")
                assert top[0] not in ("scripts", "algorithms"), (path.name, name)
                assert top[0] != "scenes" or top[:2] == ["scenes", "engine"], (path.name, name)


def test_fade_in_after_fade_out_restores_the_opacities():
    from manim import Circle, Square, VGroup
    from scenes.components import fade_in, fade_out
    group = VGroup(Circle().set_fill(opacity=0.5).set_stroke(opacity=0.8), Square())
    out = fade_out(group)
    out.interpolate(1.0)          # fully faded: every opacity 0
    assert group[0].get_fill_opacity() == 0 and group[1].get_stroke_opacity() == 0
    back = fade_in(group)
    back.interpolate(1.0)
    assert group[0].get_fill_opacity() == pytest.approx(0.5)
    assert group[0].get_stroke_opacity() == pytest.approx(0.8)
    assert group[1].get_stroke_opacity() == pytest.approx(1.0)


def test_a_plot_faded_by_set_opacity_keeps_its_box_invisible():
    from scenes.components import Plot
    plot = Plot((0, 1), (0, 1), 3, 2, xticks=(0, 1))
    plot.set_opacity(0.3)
    assert plot.box.get_fill_opacity() == 0 and plot.box.get_stroke_opacity() == 0
    assert plot.lines[0].get_stroke_opacity() == pytest.approx(0.3)
    target = plot.copy().set_opacity(1)      # what .animate.set_opacity(1) builds
    assert target.box.get_fill_opacity() == 0
