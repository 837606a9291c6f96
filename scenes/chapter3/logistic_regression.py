"""Lecture 3.2: logistic regression on two features of the breast-cancer data.

The perceptron's score z = w . x + b becomes a probability p = sigma(z). The Bernoulli
likelihood of the labels gives, after a log and a sign, the mean binary cross-entropy;
its gradient is (sigma(z) - y) x, one component per weight. Gradient descent then moves
the probability field and its p = 1/2 line to the optimum (gradient norm ~ 1e-7; the
book we grew from averaged the gradient over the features and never got there).

Render: ``manim -ql scenes/chapter3/logistic_regression.py LogisticRegression``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.logistic_regression import sigmoid
from scenes import style
from scenes.chapter3.perceptron import boundary
from scenes.chapter3.trajectories import LOGISTIC_FEATURES as FEATURES
from scenes.chapter3.trajectories import logistic_regression as trajectories
from scenes.components import (DotCloud, Readout, StepClock, highlight, on_change, part,
                               redraw_on, to_scene, traced_path)
from scenes.lecture import LectureScene

__all__ = ["LogisticRegression", "trajectories", "FEATURES", "probability_image", "fit", "sci",
           "unit_square_axes", "loss_axes"]

UNIT_SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
GRID = 160  # the probability field is a GRID x GRID image
MID = "#1E2433"  # the field's colour at p = 1/2: a panel a shade lighter than the background


def probability_image(P: np.ndarray, neg, pos, strength: float = 0.42) -> np.ndarray:
    """RGBA uint8 (ny, nx, 4) of a probability grid ``P`` (rows = x2 ascending): a neutral
    panel colour at p = 1/2, tinted towards ``pos`` as p -> 1 and ``neg`` as p -> 0."""
    t = 2.0 * P - 1.0  # (ny, nx) in [-1, 1]
    s = (np.abs(t) ** 0.8 * strength)[..., None]
    bg = np.array(ManimColor(MID).to_rgb())
    col = np.where((t > 0)[..., None], np.array(ManimColor(pos).to_rgb()),
                   np.array(ManimColor(neg).to_rgb()))
    rgb = (1 - s) * bg + s * col
    rgba = np.concatenate([rgb, np.ones(rgb.shape[:2] + (1,))], -1)
    return (rgba[::-1] * 255).astype(np.uint8)  # image rows go top-down


def fit(mob: Mobject, width: float = 6.0) -> Mobject:
    """Shrink ``mob`` (never grow it) to fit the derivation column."""
    if mob.width > width:
        mob.scale_to_fit_width(width)
    return mob


def sci(v: float, digits: int = 1) -> str:
    """``1.6 \\times 10^{-7}``: a float in LaTeX scientific notation."""
    mant, exp = f"{v:.{digits}e}".split("e")
    return rf"{mant} \times 10^{{{int(exp)}}}"


def loss_axes(T: int, lmax: float, y_step: float, y_length: float, center):
    """Axes for the loss against log10(step + 1), under the derivation column:
    ``(axes, step tick labels, L label, "step" label)``."""
    lax = Axes(x_range=[0, np.log10(T + 1), 1], y_range=[0, lmax, y_step], x_length=4.9,
               y_length=y_length, tips=False,
               axis_config={"color": style.DIM, "stroke_width": 2, "font_size": 20},
               y_axis_config={"include_numbers": True})
    lax.move_to(center)
    ticks = VGroup(*[Text(lab, font=style.FONT, font_size=20, color=style.DIM).next_to(
        lax.c2p(k, 0), DOWN, buff=0.12) for k, lab in enumerate(("1", "10", "100", "1000"))
        if k <= np.log10(T + 1)])
    llab = style.eq(r"\cL", size=30).next_to(lax.y_axis, UP, buff=0.08)
    slab = Text("step", font=style.FONT, font_size=style.LABEL_SIZE, color=style.DIM).next_to(
        lax.x_axis, RIGHT, buff=0.1)
    return lax, ticks, llab, slab


def unit_square_axes(xname: str, yname: str, side: float = 4.9):
    """Axes over the unit square of two min-max scaled features, in the right panel:
    ``(axes, frame, x label, y label)``."""
    ax = Axes(x_range=[0, 1, 0.5], y_range=[0, 1, 0.5], x_length=side, y_length=side,
              tips=False, axis_config={**style.AXIS_CONFIG, "numbers_to_exclude": [0]})
    ax.move_to([3.75, 0.3, 0])
    frame = Rectangle(width=side, height=side, stroke_color=style.GRID,
                      stroke_width=2).move_to(ax.c2p(0.5, 0.5))
    xl = VGroup(style.eq(r"\cx_1", size=30), Text(xname, font=style.FONT,
                                                  font_size=style.LABEL_SIZE,
                                                  color=style.DIM)).arrange(RIGHT)
    xl.next_to(ax.x_axis, DOWN, buff=0.35)
    yl = VGroup(style.eq(r"\cx_2", size=30), Text(yname, font=style.FONT,
                                                  font_size=style.LABEL_SIZE,
                                                  color=style.DIM)).arrange(RIGHT)
    yl.rotate(PI / 2).next_to(ax.y_axis, LEFT, buff=0.35)
    return ax, frame, xl, yl


class LogisticRegression(LectureScene):
    LECTURE = "chapter3/logistic_regression"

    def construct(self):
        traj = self.trajectories()["gd"]
        X, y = traj.data["X"], traj.data["y"]
        W, B = traj["w"], traj["b"]
        T = len(traj) - 1
        C = style.COLOR
        POS, NEG = style.CLASS_COLORS[3], style.CLASS_COLORS[4]
        n_mal, n = int(y.sum()), len(y)

        # Title card
        self.open_title()
        bar = self.title_bar()
        self.play(FadeIn(bar), run_time=0.5)

        # Data
        self.beat("data", f"{n} tumours: size and texture, {n_mal} malignant (y = 1), "
                          f"{n - n_mal} benign (y = 0).")
        ax, frame, xl, yl = unit_square_axes("mean radius (scaled)", "mean texture (scaled)")
        dots = DotCloud(to_scene(ax, X), radius=0.035, opacity=0.9,
                        colors=[POS if v else NEG for v in y])
        leg = VGroup(
            VGroup(Dot(radius=0.08, color=POS), Text("malignant, y = 1", font=style.FONT,
                                                    font_size=style.LABEL_SIZE)).arrange(RIGHT),
            VGroup(Dot(radius=0.08, color=NEG), Text("benign, y = 0", font=style.FONT,
                                                    font_size=style.LABEL_SIZE)).arrange(RIGHT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        leg.to_corner(DL, buff=0.35).shift(0.75 * UP)
        self.play(Create(ax), FadeIn(frame), FadeIn(xl), FadeIn(yl), run_time=1.2)
        self.play(dots.intro(lag_ratio=0.002, scale=1.0), FadeIn(leg), run_time=2)
        self.wait(1.5)

        # The sigmoid
        self.beat("sigmoid", "Keep the perceptron's score z, but squash it into a probability.")
        left = -style.FRAME_W / 2 + style.MARGIN
        e1 = style.eq(r"\cz = \cw_1 \cx_1 + \cw_2 \cx_2 + \cb")
        e2 = style.eq(r"{{ \cp }} = \csigma(\cz) = \frac{1}{1 + e^{-\cz}}")
        VGroup(e1, e2).arrange(DOWN, aligned_edge=LEFT, buff=0.35).move_to(
            [left, 2.35, 0], aligned_edge=UL)
        self.play(Write(e1))
        self.play(Write(e2))
        sax = Axes(x_range=[-6, 6, 2], y_range=[0, 1, 0.5], x_length=5.2, y_length=2.0,
                   tips=False, axis_config={"color": style.DIM, "stroke_width": 2,
                                            "font_size": 20, "include_numbers": True})
        sax.move_to([-3.55, -1.0, 0])
        zlab = style.eq(r"\cz", size=30).next_to(sax.x_axis, RIGHT, buff=0.1)
        plab = style.eq(r"\cp", size=30).next_to(sax.y_axis, UP, buff=0.1)
        curve = sax.plot(lambda z: float(sigmoid(z)), x_range=[-6, 6], color=C["csigma"],
                         stroke_width=4)
        half = DashedLine(sax.c2p(-6, 0.5), sax.c2p(6, 0.5), color=style.DIM, stroke_width=1.5)
        self.play(FadeOut(leg), Create(sax), FadeIn(zlab), FadeIn(plab), run_time=1)
        self.play(Create(curve), Create(half), run_time=1.5)
        zt = ValueTracker(-5.0)
        mover = always_redraw(lambda: Dot(sax.c2p(zt.get_value(), float(sigmoid(zt.get_value()))),
                                          radius=0.08, color=C["cp"]))
        zread = Readout([r"\cz", r"\cp"], decimals=2, size=30)
        zread.arrange(RIGHT, buff=0.6).next_to(sax, DOWN, buff=0.45)
        zread.set_values([zt.get_value(), float(sigmoid(zt.get_value()))])
        self.play(FadeIn(mover), FadeIn(zread))
        zread.add_updater(lambda m: m.set_values([zt.get_value(), float(sigmoid(zt.get_value()))]))
        self.play(zt.animate.set_value(5.0), run_time=3, rate_func=smooth)
        self.play(zt.animate.set_value(0.0), run_time=1.5)
        self.beat("line", "σ(z) ≥ 1/2 exactly when z ≥ 0: the p = 1/2 boundary is still a line.")
        # the field sigma(w . x + b) behind the points, at the start w = 0: p = 1/2 everywhere
        gx = (np.arange(GRID) + 0.5) / GRID
        G = np.stack(np.meshgrid(gx, gx), -1)  # (GRID, GRID, 2): [row = x2, col = x1]

        def field_pixels(w, b):
            return probability_image(sigmoid(G @ w + b), NEG, POS)

        field = ImageMobject(field_pixels(W[0], B[0]))
        field.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        field.stretch_to_fit_width(frame.width).stretch_to_fit_height(frame.height).move_to(
            ax.c2p(0.5, 0.5))
        self.add(field, dots)
        self.play(FadeIn(field))
        start = Text("w = 0, b = 0: every tumour gets p = 1/2", font=style.FONT,
                     font_size=style.LABEL_SIZE, color=style.DIM)
        start.move_to(zread)
        zread.clear_updaters()
        self.play(FadeOut(zread), FadeIn(start), Indicate(mover, color=C["cp"]))
        self.wait(2)

        # Bernoulli likelihood
        self.beat("bernoulli", "Each label is a coin flip with probability p of heads (y = 1).")
        self.play(*[FadeOut(m) for m in (sax, zlab, plab, curve, half, mover, e1, e2, start)])
        top = 2.4
        b1 = fit(style.eq(r"P(\cy \mid \cx) = \cp^{\cy}\,(1 - \cp)^{1 - \cy}"))
        b1.move_to([left, top, 0], aligned_edge=UL)
        self.play(Write(b1))
        cases = VGroup(style.eq(r"\cy = 1:\ \ \cp", size=32),
                       style.eq(r"\cy = 0:\ \ 1 - \cp", size=32)).arrange(RIGHT, buff=0.8)
        cases.next_to(b1, DOWN, buff=0.25).align_to(b1, LEFT).shift(0.4 * RIGHT)
        self.play(FadeIn(cases, shift=0.1 * DOWN))
        self.wait(2)

        # Likelihood -> log-likelihood -> mean binary cross-entropy
        self.beat("likelihood", "Independent tumours: multiply. Then take logs to turn it into a sum.")
        b2 = fit(style.eq(r"P(\text{data}) = \prod_{i=1}^{n} \cp_i^{\cy_i}\,(1 - \cp_i)^{1 - \cy_i}"))
        b2.next_to(cases, DOWN, buff=0.4).align_to(b1, LEFT)
        self.play(Write(b2))
        self.wait(1)
        b3 = fit(style.eq(r"\log P(\text{data}) = \sum_{i} \big[ \cy_i \log \cp_i"
                          r" + (1 - \cy_i) \log(1 - \cp_i) \big]"))
        b3.next_to(b2, DOWN, buff=0.4).align_to(b1, LEFT)
        self.play(TransformFromCopy(b2, b3), run_time=1.5)
        self.wait(1.5)
        self.beat("bce", "Maximising it = minimising its negative mean: the binary cross-entropy.")
        self.play(*[FadeOut(m) for m in (b1, cases, b2)],
                  b3.animate.move_to([left, top, 0], aligned_edge=UL))
        b4 = fit(style.eq(r"\cL = -\frac{1}{n} \sum_{i} \big[ \cy_i \log \cp_i"
                          r" + (1 - \cy_i) \log(1 - \cp_i) \big]"))
        b4.next_to(b3, DOWN, buff=0.45).align_to(b3, LEFT)
        self.play(TransformFromCopy(b3, b4), run_time=1.5)
        self.play(Create(box := highlight(b4, color=C["cL"])))
        at0 = style.eq(rf"\cp_i = \tfrac12:\quad \cL = \log 2 = {traj['loss'][0]:.3f}", size=32)
        at0.next_to(b4, DOWN, buff=0.35).align_to(b4, LEFT)
        self.play(FadeIn(at0))
        self.wait(2.5)

        # Gradient: one tumour's loss, differentiated by its score
        self.beat("gradient", "Differentiate one tumour's loss by its score z: σ' = σ(1 - σ).")
        ell = r"{\color{colcL}\ell}_i"  # one tumour's loss, in the loss colour
        self.play(FadeOut(box), FadeOut(b3), FadeOut(at0),
                  b4.animate.move_to([left, top, 0], aligned_edge=UL))
        l1 = fit(style.eq(ell + r" = -\cy_i \log \cp_i - (1 - \cy_i) \log(1 - \cp_i)", size=34))
        g0 = fit(style.eq(r"\csigma'(\cz) = \csigma(\cz)\,\big(1 - \csigma(\cz)\big)", size=34))
        g1 = style.eq(r"\frac{\partial " + ell + r"}{\partial \cz_i} = "
                      r"{{ -\cy_i (1 - \cp_i) + (1 - \cy_i)\, \cp_i }}", size=36)
        g1b = style.eq(r"\frac{\partial " + ell + r"}{\partial \cz_i} = {{ \cp_i - \cy_i }}",
                       size=36)
        l1.next_to(b4, DOWN, buff=0.4).align_to(b4, LEFT)
        g0.next_to(l1, DOWN, buff=0.35).align_to(b4, LEFT)
        g1.next_to(g0, DOWN, buff=0.35).align_to(b4, LEFT)
        g1b.move_to(g1, aligned_edge=LEFT)
        self.play(Write(l1), run_time=1.5)
        self.play(Write(g0))
        self.wait(1)
        self.play(Write(g1), run_time=1.5)
        self.wait(1.5)
        self.play(TransformMatchingTex(g1, g1b), run_time=1.5)
        self.play(Create(box := highlight(part(g1b, r"\cp_i - \cy_i"), color=C["cp"])))
        self.wait(1.5)
        self.beat("chain", "Chain rule, ∂z/∂w = x: every weight gets its own component.")
        self.play(FadeOut(box), FadeOut(b4), FadeOut(l1), FadeOut(g0),
                  g1b.animate.move_to([left, top, 0], aligned_edge=UL))
        g2 = style.eq(r"\frac{\partial \cL}{\partial \cw} = \frac{1}{n}\sum_{i=1}^{n}"
                      r" {{ (\csigma(\cz_i) - \cy_i)\, \cx_i }}", size=36)
        g3 = style.eq(r"\frac{\partial \cL}{\partial \cb} = \frac{1}{n}\sum_{i=1}^{n}"
                      r" (\csigma(\cz_i) - \cy_i)", size=36)
        g2.next_to(g1b, DOWN, buff=0.4).align_to(g1b, LEFT)
        g3.next_to(g2, DOWN, buff=0.3).align_to(g1b, LEFT)
        self.play(TransformFromCopy(part(g1b, r"\cp_i - \cy_i"), g2), run_time=1.5)
        self.play(FadeIn(g3))
        self.play(Create(box := highlight(part(g2, r"(\csigma(\cz_i) - \cy_i)\, \cx_i"),
                                          color=C["cg"])))
        gw0 = traj["grad_w"][0]  # the gradient at the start, from the trajectory
        at_zero = style.eq(rf"\cw = 0:\ \ \frac{{\partial \cL}}{{\partial \cw}} = "
                           rf"({gw0[0]:.4f},\ {gw0[1]:.4f})", size=34)
        at_zero.next_to(g3, DOWN, buff=0.35).align_to(g1b, LEFT)
        self.play(FadeIn(at_zero, shift=0.1 * RIGHT))
        if gw0[0] * gw0[1] < 0:
            cancel = Text("opposite signs: averaging cancels",
                          font=style.FONT, font_size=style.LABEL_SIZE, color=style.DIM)
            fit(cancel).next_to(at_zero, DOWN, buff=0.2).align_to(g1b, LEFT)
            self.play(FadeIn(cancel))
            self.wait(1)
            extra = [at_zero, cancel]
        else:
            extra = [at_zero]
        self.wait(2.5)

        # Descent
        lr = traj.info["lr"]
        self.beat("descent", f"Gradient descent, η = {lr:g}, from w = 0: watch p form.")
        upd = style.eq(r"\cw \leftarrow \cw - \ceta\, \frac{\partial \cL}{\partial \cw},\quad"
                       r" \cb \leftarrow \cb - \ceta\, \frac{\partial \cL}{\partial \cb}", size=34)
        upd.move_to([left, 2.35, 0], aligned_edge=UL)
        self.play(FadeOut(box), *[FadeOut(m) for m in (g1b, g3, *extra)],
                  g2.animate.move_to([left, 2.35, 0], aligned_edge=UL))
        upd.next_to(g2, DOWN, buff=0.3).align_to(g2, LEFT)
        self.play(Write(upd))
        clock = StepClock(len(traj))
        r1 = Readout([r"\text{step}", r"\cL", r"\text{accuracy}"], decimals=[0, 4, 3], size=30)
        r2 = Readout([r"\cw_1", r"\cw_2", r"\cb"], decimals=3, size=30)
        r1.set_values([0, traj["loss"][0], traj["accuracy"][0]])
        r2.set_values([W[0, 0], W[0, 1], B[0]])
        VGroup(r1, r2).arrange(RIGHT, buff=0.7, aligned_edge=UP).next_to(
            upd, DOWN, buff=0.4).align_to(upd, LEFT)
        # loss against log10(step + 1)
        lmax = float(np.ceil(traj["loss"].max() * 10) / 10)
        lax, ticks, llab, slab = loss_axes(T, lmax, 0.2, 1.1, [-3.7, -2.22, 0])
        self.play(FadeIn(r1), FadeIn(r2), Create(lax), FadeIn(ticks), FadeIn(llab),
                  FadeIn(slab), run_time=1)
        r1.add_updater(lambda m: m.set_values(
            [clock.row, clock.at(traj["loss"]), clock.at(traj["accuracy"])]))
        r2.add_updater(lambda m: m.set_values([*clock.at(W), clock.at(B)]))
        loss_path = traced_path(lax, np.c_[np.log10(np.arange(len(traj)) + 1), traj["loss"]],
                                clock, color=C["cL"])
        def refresh(img):
            img.pixel_array = field_pixels(clock.interp(W), float(clock.interp(B)))

        field.add_updater(on_change(lambda: clock.value, refresh))

        def line_mob():
            w, b = clock.interp(W), float(clock.interp(B))
            seg = boundary(w, b, UNIT_SQUARE) if np.hypot(*w) > 1e-9 else None
            if seg is None:
                return VMobject()
            return Line(ax.c2p(*seg[0]), ax.c2p(*seg[1]), color=style.TEXT, stroke_width=3.5)

        line = redraw_on(lambda: clock.value, line_mob)
        half_lab = style.eq(r"\cp = \tfrac12", size=30)

        def place_half(m):
            w, b = clock.interp(W), float(clock.interp(B))
            seg = boundary(w, b, UNIT_SQUARE) if np.hypot(*w) > 1e-9 else None
            m.set_opacity(0.0 if seg is None else 1.0)
            if seg is not None:
                top_end = seg[np.argmax(seg[:, 1])]
                m.next_to(ax.c2p(*top_end), DR, buff=0.12)
                if m.get_right()[0] > frame.get_right()[0]:  # keep it inside the plot
                    m.next_to(ax.c2p(*top_end), DL, buff=0.12)

        half_lab.add_updater(place_half)
        self.add(loss_path, line, half_lab)
        self.play(clock.run_to(30, run_time=6, spacing="linear"))
        self.beat("converge", "The loss falls, the field sharpens, the line settles.")
        self.play(clock.run_to(T, run_time=10, spacing="geometric"))
        self.wait(1)

        # The optimum
        if traj.converged:
            self.beat("optimum", "At the end the gradient is ~0: the optimum of a convex loss.")
        else:  # too few steps (or too large a step) for the parameters the teacher chose
            self.beat("optimum", f"After {T} steps the gradient is not yet ~0: run longer.")
        gnorm = float(np.hypot(np.linalg.norm(traj["grad_w"][-1]), traj["grad_b"][-1]))
        o1 = style.eq(rf"\lVert \cnabla \cL \rVert = {sci(gnorm)}", size=34)
        o2 = Text(f"w₁ = {W[-1, 0]:.2f} ≠ w₂ = {W[-1, 1]:.2f}: radius weighs more than texture",
                  font=style.FONT, font_size=style.LABEL_SIZE, color=style.TEXT)
        if o2.width > 6.1:
            o2 = Text(f"w₁ = {W[-1, 0]:.2f} ≠ w₂ = {W[-1, 1]:.2f}:\nradius weighs more than "
                      f"texture", font=style.FONT, font_size=style.LABEL_SIZE, color=style.TEXT,
                      line_spacing=0.8)
        col = VGroup(o1, o2).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        col.next_to(VGroup(r1, r2), DOWN, buff=0.35).align_to(upd, LEFT)
        self.play(FadeOut(lax), FadeOut(loss_path), FadeOut(ticks), FadeOut(llab),
                  FadeOut(slab), FadeIn(col, shift=0.1 * RIGHT))
        self.wait(3)
        self.beat("next", "Two classes need one score. Three classes need three: softmax, next.")
        self.wait(3)
