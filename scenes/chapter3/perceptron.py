"""Lecture 3.1: the perceptron corrects one mistake at a time.

Two classes in the plane, labels y = +-1. The boundary w . x + b = 0 and its normal w;
every mistake y (w . x + b) <= 0 moves w by eta y x (drawn tip to tail) and the boundary
turns. Why the margin of the corrected point grows; Novikoff's bound (R / gamma)^2 on
the number of updates, with the numbers of this data set; and two flipped labels that
make the perceptron wander forever.

Render: ``manim -ql scenes/chapter3/perceptron.py Perceptron``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.perceptron import margins
from scenes import style
from scenes.chapter3.trajectories import BOX, flip_two, separable_data
from scenes.chapter3.trajectories import perceptron as trajectories
from scenes.components import (DotCloud, Derivation, Readout, StepClock, highlight, part,
                               redraw_on, to_scene, traced_path)
from scenes.lecture import LectureScene

__all__ = ["Perceptron", "trajectories", "separable_data", "flip_two", "half_plane", "boundary"]


# -- geometry of a boundary inside the plot box ------------------------------------------------
SQUARE = np.array([[-BOX, -BOX], [BOX, -BOX], [BOX, BOX], [-BOX, BOX]])


def half_plane(w: np.ndarray, b: float, sign: float, square: np.ndarray = SQUARE) -> np.ndarray:
    """Vertices of ``{x in square : sign (w . x + b) >= 0}`` (Sutherland-Hodgman, one edge);
    ``square`` (4, 2) lists the corners of the plot box in order."""
    f = sign * (square @ w + b)  # (4,)
    out = []
    for k in range(4):
        p, q, fp, fq = square[k], square[(k + 1) % 4], f[k], f[(k + 1) % 4]
        if fp >= 0:
            out.append(p)
        if fp * fq < 0:
            out.append(p + (q - p) * fp / (fp - fq))
    return np.array(out).reshape(-1, 2)


def boundary(w: np.ndarray, b: float, square: np.ndarray = SQUARE) -> np.ndarray | None:
    """End points (2, 2) of ``w . x + b = 0`` inside the box ``square`` (4, 2), or None."""
    f = square @ w + b
    pts = [square[k] + (square[(k + 1) % 4] - square[k]) * f[k] / (f[k] - f[(k + 1) % 4])
           for k in range(4) if f[k] * f[(k + 1) % 4] < 0]
    return np.array(pts[:2]) if len(pts) >= 2 else None


class Perceptron(LectureScene):
    LECTURE = "chapter3/perceptron"

    def construct(self):
        runs = self.trajectories()
        sep, noisy = runs["separable"], runs["noisy"]
        X, y = sep.data["X"], sep.data["y"]
        lr = sep.info["lr"]
        C = style.COLOR
        POS, NEG = style.CLASS_COLORS[3], style.CLASS_COLORS[4]
        n_up = sep.info["n_iter"]

        # Title card
        self.open_title()
        bar = self.title_bar()
        self.play(FadeIn(bar), run_time=0.5)

        # Data
        self.beat("data", f"{len(y)} points in the plane, each labelled y = +1 or y = -1.")
        ax = Axes(x_range=[-BOX, BOX, 1], y_range=[-BOX, BOX, 1], x_length=5.7, y_length=5.7,
                  tips=False, axis_config={"color": style.DIM, "stroke_width": 2,
                                           "font_size": 20, "include_numbers": True,
                                           "numbers_to_exclude": [-BOX, 0, BOX]})
        ax.move_to([3.3, -0.12, 0])
        frame = Square(side_length=5.7, stroke_color=style.GRID, stroke_width=2).move_to(ax)
        x1 = style.eq(r"\cx_1", size=30).next_to(ax.c2p(BOX, 0), DR, buff=0.08)
        x2 = style.eq(r"\cx_2", size=30).next_to(ax.c2p(0, BOX), DL, buff=0.08)
        colors = [POS if v > 0 else NEG for v in y]
        dots = DotCloud(to_scene(ax, X), radius=0.07, colors=colors, opacity=1.0)
        leg = VGroup(
            VGroup(Dot(radius=0.08, color=POS), style.eq(r"\cy = +1", size=32)).arrange(RIGHT),
            VGroup(Dot(radius=0.08, color=NEG), style.eq(r"\cy = -1", size=32)).arrange(RIGHT),
        ).arrange(RIGHT, buff=0.6)
        leg.move_to([-3.65, -2.92, 0])
        self.play(Create(ax), FadeIn(frame), FadeIn(x1), FadeIn(x2), run_time=1.2)
        self.play(dots.intro(lag_ratio=0.03, scale=1.0), FadeIn(leg), run_time=2)
        self.wait(1.5)

        # The model: a line and its normal
        self.beat("model", "A line w·x + b = 0 splits the plane; w points to the +1 side.")
        d = Derivation(buff=0.3)
        pred = d.place(style.eq(r"\cyhat = \operatorname{sign}( {{ \cw \cdot \cx + \cb }} )"))
        self.play(Write(pred))
        state = {"w": np.array([0.8, -0.3]), "b": 0.3}  # a demonstration line, not a fit
        origin = ax.c2p(0, 0)

        def shade(sign, color):
            if np.hypot(*state["w"]) < 1e-9:
                return VMobject()
            poly = half_plane(state["w"], state["b"], sign)
            if len(poly) < 3:
                return VMobject()
            return Polygon(*[ax.c2p(*p) for p in poly], stroke_width=0,
                           fill_color=color, fill_opacity=0.16)

        def line_mob():
            seg = boundary(state["w"], state["b"]) if np.hypot(*state["w"]) > 1e-9 else None
            if seg is None:
                return VMobject()
            return Line(ax.c2p(*seg[0]), ax.c2p(*seg[1]), color=style.TEXT, stroke_width=3.5)

        def w_arrow():
            tip = ax.c2p(*state["w"])
            if np.linalg.norm(tip - origin) < 0.06:
                return VMobject()
            return Arrow(origin, tip, buff=0, color=C["cw"], stroke_width=6,
                         max_tip_length_to_length_ratio=0.25, max_stroke_width_to_length_ratio=8)

        # one updater redraws both half-planes and the line; another the arrow w
        def line_key():  # redrawn when w or b moved
            return (*state["w"], state["b"])

        stage = VGroup(redraw_on(line_key, lambda: shade(1, POS)),
                       redraw_on(line_key, lambda: shade(-1, NEG)), redraw_on(line_key, line_mob))
        warrow = redraw_on(line_key, w_arrow)
        wlab = style.eq(r"\cw", size=34)

        def place_wlab(m):
            tip = ax.c2p(*state["w"])
            m.move_to(tip + 0.3 * normalize(tip - origin + 1e-9 * RIGHT) + 0.15 * UP)
            m.set_opacity(1.0 if np.linalg.norm(tip - origin) > 0.3 else 0.0)

        wlab.add_updater(place_wlab)
        self.add(stage, dots)  # shading under the points
        self.play(FadeIn(stage), FadeIn(warrow), FadeIn(wlab), run_time=1.2)
        self.add(warrow, wlab)
        demo = ValueTracker(0)
        for w_demo, b_demo in ((np.array([0.2, 0.9]), -0.4), (np.array([-0.5, 0.5]), 0.0)):
            self.play(UpdateFromAlphaFunc(demo, lambda m, a, w0=state["w"].copy(), b0=state["b"],
                                          w1=w_demo, b1=b_demo: state.update(
                                              w=w0 + a * (w1 - w0), b=b0 + a * (b1 - b0))),
                      run_time=1.4)
        self.play(Indicate(part(pred, r"\cw \cdot \cx + \cb"), color=C["cw"]))
        self.wait(1)

        # What counts as a mistake
        self.beat("mistake", "A point is a mistake when its label and the side disagree.")
        mis = d.place(style.eq(r"\text{mistake:}\quad {{ \cy_i\,(\cw \cdot \cx_i + \cb) }} \le 0"))
        self.play(Write(mis))
        self.play(Create(box := highlight(part(mis, r"\cy_i\,(\cw \cdot \cx_i + \cb)"),
                                          color=style.TEXT)))
        bad = margins(state["w"], state["b"], X, y) <= 0  # the demo line's mistakes
        rings_demo = VGroup(*[Circle(radius=0.14, color=style.TEXT, stroke_width=2.5).move_to(
            dots.pos[i]) for i in np.flatnonzero(bad)])
        self.play(Create(rings_demo), run_time=1)
        self.wait(1.5)
        self.play(FadeOut(rings_demo), FadeOut(box))

        # Start from zero
        clock = StepClock(len(sep))
        W, B = sep["w"], sep["b"]

        def follow_clock(_):
            state.update(w=clock.interp(W), b=float(clock.interp(B)))

        driver = Mobject()
        self.play(UpdateFromAlphaFunc(demo, lambda m, a, w0=state["w"].copy(), b0=state["b"]:
                                      state.update(w=(1 - a) * w0, b=(1 - a) * b0)), run_time=1.2)
        driver.add_updater(follow_clock)
        self.add(driver)
        readout = Readout([r"\text{update}", r"\text{epoch}", r"\text{mistakes}"],
                          decimals=0, size=30)
        readout.set_values([0, 0, sep["mistakes"][0]])
        readout.move_to([-3.6, -1.98, 0]).align_to(leg, LEFT)
        readout.add_updater(lambda m: m.set_values(
            [clock.row, clock.at(sep["epoch"]), clock.at(sep["mistakes"])]))

        # The update rule, tip to tail
        self.beat("update", "Training starts at w = 0, b = 0: every point sits on the line.")
        self.play(FadeIn(readout))
        upd = d.place(style.eq(r"{{ \cw }} \leftarrow {{ \cw }} + {{ \ceta\,\cy_i\,\cx_i }},"
                               r"\qquad \cb \leftarrow \cb + \ceta\,\cy_i"))
        self.play(Write(upd))
        step_part = part(upd, r"\ceta\,\cy_i\,\cx_i")
        check = None
        n_detail = min(3, n_up)
        for t in range(1, n_detail + 1):
            if t == 2:
                self.beat("turn", "Each update adds η y x to w, tip to tail: the line turns.")
            i = int(sep["index"][t])
            m_old = float(margins(W[t - 1], B[t - 1], X[i:i + 1], y[i:i + 1])[0]) + 0.0  # no -0
            ring = Circle(radius=0.16, color=style.TEXT, stroke_width=3).move_to(dots.pos[i])
            new_check = style.eq(rf"\cy_i = {int(y[i]):+d},\quad \cy_i\,(\cw \cdot \cx_i + \cb)"
                                 rf" = {m_old:.2f} \le 0", size=32)
            new_check.next_to(upd, DOWN, buff=0.35).align_to(upd, LEFT)
            anims = [Create(ring), FadeIn(new_check)]
            if check is not None:
                anims.append(FadeOut(check))
            self.play(*anims, run_time=0.8)
            check = new_check
            xarrow = Arrow(origin, ax.c2p(*X[i]), buff=0, color=style.TEXT, stroke_width=3,
                           max_tip_length_to_length_ratio=0.15)
            xlab = style.eq(r"\cx_i", size=30).next_to(xarrow.get_end(), UR, buff=0.05)
            self.play(GrowArrow(xarrow), FadeIn(xlab), run_time=0.7)
            tail, head = ax.c2p(*W[t - 1]), ax.c2p(*(W[t - 1] + lr * y[i] * X[i]))
            step = Arrow(tail, head, buff=0, color=C["cy"], stroke_width=5,
                         max_tip_length_to_length_ratio=0.2)
            box = highlight(step_part, color=C["cy"])
            self.play(TransformFromCopy(xarrow, step), Create(box), run_time=1.2)
            self.play(clock.run_to(t, run_time=1.4))
            self.wait(0.6 if t > 1 else 1.2)
            self.play(FadeOut(ring), FadeOut(xarrow), FadeOut(xlab), FadeOut(step), FadeOut(box),
                      run_time=0.5)

        # Why an update helps
        self.beat("why", "The corrected point's score y(w·x + b) rises by η(|x|² + 1).")
        t = n_detail
        i = int(sep["index"][t])
        m_old = float(margins(W[t - 1], B[t - 1], X[i:i + 1], y[i:i + 1])[0])
        m_new = float(margins(W[t], B[t], X[i:i + 1], y[i:i + 1])[0])
        lhs = r"{{ \cy_i(\cw' \cdot \cx_i + \cb') = \cy_i(\cw \cdot \cx_i + \cb) + \ceta }} "
        why1 = style.eq(lhs + r"{{ \cy_i^2 }} {{ (\lVert \cx_i \rVert^2 + 1) }}", size=34)
        why2 = style.eq(lhs + r"{{ (\lVert \cx_i \rVert^2 + 1) }}", size=34)
        for m in (why1, why2):
            m.move_to(check, aligned_edge=LEFT)
            if m.width > d.width:
                m.scale_to_fit_width(d.width)
            m.align_to(check, LEFT)
        self.play(FadeOut(check), Write(why1), run_time=1.5)
        self.play(Circumscribe(part(why1, r"\cy_i^2"), color=C["cy"]))
        self.play(TransformMatchingTex(why1, why2), run_time=1.2)
        nums = style.eq(rf"\text{{this }}\cx_i:\quad {m_old:.2f} \;\to\; {m_new:.2f}", size=32)
        nums.next_to(why2, DOWN, buff=0.3).align_to(why2, LEFT)
        ring = Circle(radius=0.16, color=style.TEXT, stroke_width=3).move_to(dots.pos[i])
        self.play(FadeIn(nums), Create(ring))
        note = Text("(may not fix it yet; may break others)", font=style.FONT,
                    font_size=style.LABEL_SIZE, color=style.DIM)
        note.next_to(nums, DOWN, buff=0.25).align_to(nums, LEFT)
        self.play(FadeIn(note))
        self.wait(2.5)
        self.play(FadeOut(ring), FadeOut(why2), FadeOut(nums), FadeOut(note))

        # The rest of the run
        self.beat("run", "Keep sweeping the points in a shuffled order until an epoch is clean.")
        for t in range(n_detail + 1, n_up + 1):
            i = int(sep["index"][t])
            ring = Circle(radius=0.16, color=style.TEXT, stroke_width=3).move_to(dots.pos[i])
            self.play(Create(ring), run_time=0.35)
            self.play(clock.run_to(t, run_time=0.8), FadeOut(ring, run_time=0.8))
        if sep.converged:
            done = Text(f"converged: {n_up} updates, epoch {sep.info['epochs']} clean",
                        font=style.FONT, font_size=style.LABEL_SIZE, color=C["ceta"])
        else:  # a teacher's small max_epochs can stop it early
            done = Text(f"stopped after {sep.info['epochs']} epochs: "
                        f"{int(sep['mistakes'][-1])} mistakes left",
                        font=style.FONT, font_size=style.LABEL_SIZE, color=C["cL"])
        done.next_to(upd, DOWN, buff=0.4).align_to(upd, LEFT)
        self.play(FadeIn(done), Flash(dots.pos[int(sep["index"][-1])], color=style.TEXT))
        self.wait(2)

        # Novikoff's bound
        nov = sep.info["novikoff"]
        self.beat("novikoff", "Why it must stop: Novikoff's bound on the number of updates.")
        old = [m for m in d.reset() if m is not pred]
        self.play(*[FadeOut(m) for m in old], FadeOut(done), FadeOut(pred), FadeOut(leg),
                  FadeOut(readout))
        readout.clear_updaters()
        fold = Text("fold b into w:  θ = (w, b),  x̃ = (x, 1)", font=style.FONT,
                    font_size=style.LABEL_SIZE, color=style.DIM)
        assume = style.eq(r"\lVert \tilde{\cx}_i \rVert \le R, \quad "
                          r"\cy_i\, \ctheta^{*} \cdot \tilde{\cx}_i \ge \cgamma, \quad "
                          r"\lVert \ctheta^{*} \rVert = 1", size=34)
        n1 = style.eq(r"\ctheta_k \cdot \ctheta^{*} \ge {{ k\,\ceta\,\cgamma }}", size=34)
        n2 = style.eq(r"\lVert \ctheta_k \rVert^2 \le {{ k\,\ceta^2 R^2 }}", size=34)
        n3 = style.eq(r"k\,\ceta\,\cgamma \le \lVert \ctheta_k \rVert \le \sqrt{k}\,\ceta\,R"
                      r"\;\Rightarrow\; {{ k \le (R / \cgamma)^2 }}", size=34)
        why_n1 = Text("each update adds η y θ*·x̃ ≥ ηγ", font=style.FONT,
                      font_size=style.LABEL_SIZE, color=style.DIM)
        why_n2 = Text("cross term 2η y θ·x̃ ≤ 0 at a mistake",
                      font=style.FONT, font_size=style.LABEL_SIZE, color=style.DIM)
        d.top = style.LEFT_PANEL[3]
        for m in (fold, assume, n1, why_n1, n2, why_n2, n3):
            d.place(m)
        self.play(FadeIn(fold), Write(assume), run_time=1.5)
        # the separator of largest margin, dashed, with the points that realise gamma
        ws, bs = np.array(nov["w_star"]), nov["b_star"]
        seg = boundary(ws, bs)
        star_line = DashedLine(ax.c2p(*seg[0]), ax.c2p(*seg[1]), color=C["cgamma"],
                               stroke_width=3, dash_length=0.12)
        closest = np.flatnonzero(margins(ws, bs, X, y) <= nov["gamma"] + 1e-6)
        sv = VGroup(*[Circle(radius=0.16, color=C["cgamma"], stroke_width=3).move_to(dots.pos[j])
                      for j in closest])
        bottom_end = min(star_line.get_start(), star_line.get_end(), key=lambda p: p[1])
        star_lab = style.eq(r"\ctheta^{*}", size=32).next_to(bottom_end, RIGHT, buff=0.12)
        star_lab.shift(0.35 * UP)
        self.play(Create(star_line), Create(sv), FadeIn(star_lab), run_time=1.2)
        self.wait(1)
        self.play(Write(n1), FadeIn(why_n1), run_time=1.3)
        self.wait(1.5)
        self.play(Write(n2), FadeIn(why_n2), run_time=1.3)
        self.wait(1.5)
        self.play(Write(n3), run_time=1.5)
        self.play(Create(box := highlight(part(n3, r"k \le (R / \cgamma)^2"), color=C["cgamma"])))
        figs = style.eq(rf"R = {nov['R']:.2f},\ \cgamma = {nov['gamma']:.3f}:\ "
                        rf"(R/\cgamma)^2 = {nov['bound']:.0f}\ \ge\ {n_up}\ \text{{updates}}",
                        size=32)
        d.place(figs)
        self.play(FadeIn(figs, shift=0.1 * RIGHT))
        self.wait(3)

        # Not separable
        self.beat("noisy", "Flip two labels: no line separates the classes any more.")
        flips = noisy.info["flipped"]
        y2 = noisy.data["y"]
        wlab.clear_updaters()
        warrow.clear_updaters()
        self.play(*[FadeOut(m) for m in d.reset()], FadeOut(box), FadeOut(star_line), FadeOut(sv),
                  FadeOut(star_lab), FadeOut(warrow), FadeOut(wlab))
        rgb, rad = dots.rgb.copy(), dots.rad.copy()
        for j in flips:
            rgb[j] = (POS if y2[j] > 0 else NEG).to_rgb()
            rad[j] *= 1.4
        self.play(dots.morph(rgb=rgb, rad=rad),
                  *[Flash(dots.pos[j], color=style.TEXT) for j in flips], run_time=1.2)
        driver.clear_updaters()
        clock2 = StepClock(len(noisy))
        W2, B2 = noisy["w"], noisy["b"]
        driver.add_updater(lambda _: state.update(w=clock2.interp(W2), b=float(clock2.interp(B2))))
        T2 = len(noisy) - 1
        top = int(np.ceil(noisy["mistakes"][1:].max() / 5) * 5)  # row 0 (w = 0) has them all
        cax = Axes(x_range=[0, T2, max(T2 // 4, 1)], y_range=[0, top, 5], x_length=5.1,
                   y_length=2.2, tips=False, axis_config={"color": style.DIM, "stroke_width": 2,
                                                           "font_size": 20,
                                                           "include_numbers": True})
        cax.move_to([-3.75, -1.7, 0])
        cy_lab = Text("mistakes", font=style.FONT, font_size=style.LABEL_SIZE,
                      color=style.DIM).next_to(cax, UP, buff=0.12).align_to(cax, LEFT)
        cx_lab = Text("update", font=style.FONT, font_size=style.LABEL_SIZE, color=style.DIM).next_to(
            cax.x_axis, RIGHT, buff=0.15)
        curve = traced_path(cax, np.c_[np.arange(len(noisy)), np.minimum(noisy["mistakes"], top)],
                            clock2, color=C["cL"], stroke_width=2.5)
        readout2 = Readout([r"\text{update}", r"\text{epoch}", r"\text{mistakes}"],
                           decimals=0, size=30)
        readout2.set_values([0, 0, noisy["mistakes"][0]])
        readout2.move_to([-3.6, 2.0, 0]).align_to(cax, LEFT)
        ring2 = Circle(radius=0.16, color=style.TEXT, stroke_width=3)
        ring2.add_updater(lambda m: m.move_to(dots.pos[int(noisy["index"][max(
            min(clock2.row + 1, T2), 1)])]))
        self.play(FadeIn(readout2), Create(cax), FadeIn(cy_lab), FadeIn(cx_lab), run_time=1)
        self.add(curve, ring2)
        readout2.add_updater(lambda m: m.set_values(
            [clock2.row, clock2.at(noisy["epoch"]), clock2.at(noisy["mistakes"])]))
        self.beat("wander", f"It never has a clean epoch: after {noisy.info['epochs']} epochs "
                            f"we simply stop it.")
        self.play(clock2.run_to(T2, run_time=10))
        self.remove(ring2)
        left = int(noisy["mistakes"][-1])
        stop = Text(f"stopped at max_epochs = {noisy.info['max_epochs']}\n"
                    f"{left} mistakes left, not converged", font=style.FONT,
                    font_size=style.LABEL_SIZE, color=C["cL"], line_spacing=0.8)
        stop.next_to(readout2, DOWN, buff=0.25).align_to(readout2, LEFT)
        self.play(FadeIn(stop))
        self.wait(2)

        # Wrap up
        self.beat("next", "Hard yes/no answers cannot weigh doubt: next, probabilities.")
        self.wait(3)
