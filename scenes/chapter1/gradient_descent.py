"""Lecture 1.1: gradient descent fits sales against radio spend.

The mean squared error is derived, then its gradient by the chain rule, then the update
rule. Descent on the raw radio spend stalls in a narrow valley (the book we grew from
stopped there, at w = 0.456, b = 1.03); one step size too large diverges; standardizing
x makes the valley round and the same algorithm lands on the least-squares line.

Render: ``manim -ql scenes/chapter1/gradient_descent.py GradientDescent``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.gradient_descent import least_squares, loss_surface
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter1.trajectories import gradient_descent as trajectories
from scenes.components import (
    DotCloud, Derivation, Readout, StepClock, contour_lines, fade_in, fade_out, heatmap,
    highlight, part, redraw_on, to_scene, traced_path,
)
from scenes.lecture import LectureScene

__all__ = ["GradientDescent", "trajectories"]

X_RANGE, Y_RANGE = (0, 50), (0, 30)  # radio spend, sales


def clip_line(w: float, b: float) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """End points of ``y = w x + b`` inside the data box, or None when it misses the box."""
    (x0, x1), (y0, y1) = X_RANGE, Y_RANGE
    lo, hi = x0, x1
    if abs(w) > 1e-12:  # restrict x to where y is inside [y0, y1]
        a, c = sorted(((y0 - b) / w, (y1 - b) / w))
        lo, hi = max(lo, a), min(hi, c)
    elif not y0 <= b <= y1:
        return None
    if hi <= lo:
        return None
    return (lo, w * lo + b), (hi, w * hi + b)


def fmt(v: float, d: int = 3) -> str:
    return f"{v:.{d}f}"


AXIS = style.AXIS_CONFIG


def follow(readout_run: Trajectory, clock: StepClock, line_state: dict, wkey="w", bkey="b"):
    """Updater: the readout shows the clock's row; the fitted line follows ``wkey``/``bkey``."""
    def update(m):
        m.set_values([clock.row, *(clock.at(readout_run[k])
                                   for k in ("w", "b", "loss", "grad_w", "grad_b"))])
        line_state.update(w=float(clock.interp(readout_run[wkey])),
                          b=float(clock.interp(readout_run[bkey])))
    return update


class GradientDescent(LectureScene):
    LECTURE = "chapter1/gradient_descent"

    def construct(self):
        runs = self.trajectories()
        raw, big, scaled = runs["raw"], runs["too_large"], runs["scaled"]
        x, y = raw.data["x"], raw.data["y"]
        w_ls, b_ls = least_squares(x, y)  # the closed form the lecture must land on
        C = style.COLOR

        # Title card
        self.open_title("Chapter 1 · Optimization", "Gradient descent",
                        "Fitting a line by walking downhill")
        bar = self.title_bar("Gradient descent", "Chapter 1 · Optimization")
        self.play(FadeIn(bar), run_time=0.5)

        # Data and model
        self.beat("data", "200 markets: money spent on radio ads and the sales that followed.")
        ax = Axes(x_range=[*X_RANGE, 10], y_range=[*Y_RANGE, 5], x_length=6.3, y_length=4.4,
                  tips=False, axis_config=AXIS)
        ax.move_to([3.35, 0.15, 0])
        axes_now = {"ax": ax}  # the line is drawn on whichever data axes is on screen
        xl = Text("radio spend ($1000s)", font=style.FONT, font_size=style.LABEL_SIZE,
                  color=style.DIM).next_to(ax.x_axis, DOWN, buff=0.45)
        yl = Text("sales (1000s)", font=style.FONT, font_size=style.LABEL_SIZE,
                  color=style.DIM).next_to(ax, UP, buff=0.15).align_to(ax, LEFT)
        dots = DotCloud(to_scene(ax, np.c_[x, y]), radius=0.04, color=C["cy"], opacity=0.85)
        self.play(Create(ax), FadeIn(xl), FadeIn(yl), run_time=1.2)
        self.play(dots.intro(lag_ratio=0.01, run_time=2))

        d = Derivation()
        model = d.place(style.eq(r"\cyhat = {{ \cw }} \cx + {{ \cb }}", size=44))
        self.play(Write(model))
        params = ValueTracker(0)  # which trajectory row drives the line
        line_state = {"w": 0.0, "b": float(y.mean())}

        def line_mob():
            seg = clip_line(line_state["w"], line_state["b"])
            if seg is None:
                return VMobject()
            a = axes_now["ax"]
            return Line(a.c2p(*seg[0]), a.c2p(*seg[1]), color=C["cyhat"], stroke_width=4)

        line = redraw_on(lambda: (line_state["w"], line_state["b"], id(axes_now["ax"])),
                         line_mob)
        self.play(Create(line))
        for w_demo, b_demo in ((0.4, 5.0), (0.1, 12.0)):  # any (w, b) draws some line
            self.play(UpdateFromAlphaFunc(params, lambda m, a, w0=line_state["w"], b0=line_state[
                "b"], w1=w_demo, b1=b_demo: line_state.update(w=w0 + a * (w1 - w0),
                                                              b=b0 + a * (b1 - b0))),
                run_time=1.0)
        self.play(Indicate(part(model, r"\cw"), color=C["cw"]),
                  Indicate(part(model, r"\cb"), color=C["cb"]), run_time=1.2)
        self.wait(0.5)

        # Loss
        self.beat("loss", "How wrong is a line? Square each vertical miss and average them.")
        res = VGroup(*[Line(ax.c2p(a, c), ax.c2p(a, line_state["w"] * a + line_state["b"]),
                            stroke_width=1.5, color=C["cL"], stroke_opacity=0.7)
                       for a, c in zip(x, y)])
        r1 = d.place(style.eq(r"\cyhat_i - \cy_i = \cw x_i + \cb - \cy_i"))
        self.play(Create(res, lag_ratio=0.005), Write(r1), run_time=2)
        r2 = d.place(style.eq(r"\cL(\cw, \cb) = \frac{1}{n}\sum_{i=1}^{n}"
                              r"\left( {{ \cw x_i + \cb - \cy_i }} \right)^2"))
        self.play(TransformFromCopy(r1[0], r2), run_time=1.5)
        box = highlight(r2, color=C["cL"])
        self.play(Create(box))
        self.wait(2)
        self.play(FadeOut(box), FadeOut(res))

        # Gradient by the chain rule
        self.beat("gradient", "Chain rule: outer derivative 2( · ), times the inner derivative.")
        g1 = d.place(style.eq(r"\frac{\partial \cL}{\partial \cw} = \frac{1}{n}\sum_i "
                              r"2\left(\cw x_i + \cb - \cy_i\right) {{ \cdot \frac{\partial}"
                              r"{\partial \cw}(\cw x_i + \cb - \cy_i) }}"))
        self.play(Write(g1), run_time=2)
        self.wait(1)
        g1b = style.eq(r"\frac{\partial \cL}{\partial \cw} = \frac{1}{n}\sum_i "
                       r"2\left(\cw x_i + \cb - \cy_i\right) {{ \cdot x_i }}")
        g1b.move_to(g1, aligned_edge=LEFT)
        self.play(TransformMatchingTex(g1, g1b), run_time=1.5)
        d.lines[-1] = g1b
        self.play(Create(box := highlight(part(g1b, r"\cdot x_i"))))
        self.wait(1)
        g2 = d.place(style.eq(r"\frac{\partial \cL}{\partial \cb} = \frac{1}{n}\sum_i "
                              r"2\left(\cw x_i + \cb - \cy_i\right) {{ \cdot 1 }}"))
        self.play(FadeOut(box), TransformFromCopy(g1b, g2), run_time=1.5)
        self.play(Create(box := highlight(part(g2, r"\cdot 1"))))
        self.wait(1.5)
        self.play(FadeOut(box))

        # Update rule
        self.beat("update", "Step against the gradient, scaled by η; both gradients use the old (w, b).")
        # make room: the residual line has done its job (it lives on inside L)
        lift = r1.get_top()[1] - r2.get_top()[1]
        self.play(FadeOut(r1), *[m.animate.shift(lift * UP) for m in (r2, g1b, g2)])
        d.lines.remove(r1)
        u = d.place(style.eq(r"\cw \leftarrow \cw - \ceta \frac{\partial \cL}{\partial \cw}, "
                             r"\quad \cb \leftarrow \cb - \ceta \frac{\partial \cL}{\partial \cb}"))
        self.play(Write(u), run_time=1.5)
        self.wait(2.5)

        # Dashboard: update rule + readout, data, loss surface, loss curve
        self.beat("descent", f"Start at w = b = 0 with η = {raw.info['lr']:g} on raw radio spend.")
        others = [m for m in d.reset() if m is not u]
        keep = VGroup(
            style.eq(r"\cw \leftarrow \cw - \ceta \frac{\partial \cL}{\partial \cw}", size=32),
            style.eq(r"\cb \leftarrow \cb - \ceta \frac{\partial \cL}{\partial \cb}", size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).to_corner(UL, buff=0.35).shift(0.6 * DOWN)
        ax2 = Axes(x_range=[*X_RANGE, 10], y_range=[*Y_RANGE, 10], x_length=3.7, y_length=2.6,
                   tips=False, axis_config=AXIS).move_to([-0.3, 1.2, 0])
        xl2 = Text("radio ($1000s)", font=style.FONT, font_size=20,
                   color=style.DIM).next_to(ax2.x_axis, DOWN, buff=0.4)
        yl2 = Text("sales (1000s)", font=style.FONT, font_size=20,
                   color=style.DIM).next_to(ax2.y_axis.get_top(), RIGHT, buff=0.2)
        line.suspend_updating()
        self.play(*[FadeOut(m) for m in others], FadeOut(model), FadeOut(line),
                  ReplacementTransform(u, keep),
                  ReplacementTransform(ax, ax2),
                  dots.morph(pos=to_scene(ax2, np.c_[x, y]), rad=0.03),
                  ReplacementTransform(xl, xl2), ReplacementTransform(yl, yl2), run_time=1.5)
        axes_now["ax"] = ax2
        line_state.update(w=float(raw["w"][0]), b=float(raw["b"][0]))
        line.resume_updating()
        self.add(line)
        # loss surface in (w, b): the book's problem as it was posed
        wr, br = (-0.1, 0.8), (-1.0, 11.0)
        cax = Axes(x_range=[*wr, 0.2], y_range=[*br, 2], x_length=3.4, y_length=2.6,
                   tips=False, axis_config=AXIS).move_to([4.1, 1.2, 0])
        ws, bs = np.linspace(*wr, 240), np.linspace(*br, 240)
        Z = loss_surface(ws[None, :], bs[:, None], x, y)  # (240, 240): rows b, columns w
        L_min = float(loss_surface(w_ls, b_ls, x, y))
        levels = [L_min + 2.0 ** k for k in range(0, 9, 2)]
        surf = Group(heatmap(cax, Z), contour_lines(cax, Z, ws, bs, levels), cax)
        wlab = style.eq(r"\cw", size=32).next_to(cax.x_axis, RIGHT, buff=0.12)
        blab = style.eq(r"\cb", size=32).next_to(cax.y_axis, UP, buff=0.1)
        star = Star(n=5, outer_radius=0.12, color=style.TEXT, fill_opacity=1).move_to(
            cax.c2p(w_ls, b_ls))
        star_lab = Text("best fit", font=style.FONT, font_size=20,
                        color=style.TEXT).next_to(star, RIGHT, buff=0.1)
        # loss curve, log scale: 224 at the start, 18.09 at the best fit
        n_raw = len(raw) - 1
        lax = Axes(x_range=[0, n_raw, max(n_raw // 4, 1)], y_range=[1, 2.5, 0.5], x_length=6.8,
                   y_length=1.6, tips=False, axis_config={**AXIS, "include_numbers": False},
                   y_axis_config={"scaling": LogBase(), "include_ticks": False})
        lax.move_to([1.3, -2.15, 0])
        lax.x_axis.add_numbers(font_size=20)
        yticks = VGroup(*[VGroup(Line(LEFT * 0.06, RIGHT * 0.06, stroke_width=2, color=style.DIM)
                                 .move_to(lax.c2p(0, v)),
                                 Text(str(v), font=style.FONT, font_size=18, color=style.DIM)
                                 .next_to(lax.c2p(0, v), LEFT, buff=0.12))
                          for v in (10, 30, 100, 300)])
        lab_l = style.eq(r"\cL", size=32).next_to(lax.y_axis, UP, buff=0.08).shift(0.25 * RIGHT)
        lab_s = Text("step", font=style.FONT, font_size=20, color=style.DIM).next_to(
            lax.x_axis.get_right(), RIGHT, buff=0.15)
        best = DashedLine(lax.c2p(0, L_min), lax.c2p(n_raw, L_min), color=style.TEXT,
                          stroke_width=1.5, dash_length=0.08)
        best_lab = Text(f"best fit {L_min:.2f}", font=style.FONT, font_size=20,
                        color=style.TEXT).next_to(best, RIGHT, buff=0.15).shift(0.1 * UP)
        self.play(fade_in(surf), FadeIn(wlab), FadeIn(blab), Create(lax), FadeIn(yticks),
                  FadeIn(lab_l), FadeIn(lab_s), run_time=1.2)
        self.play(FadeIn(star), FadeIn(star_lab), Create(best), FadeIn(best_lab))

        clock = StepClock(len(raw))
        labels = [r"\text{step}", r"\cw", r"\cb", r"\cL", r"\partial \cL / \partial \cw",
                  r"\partial \cL / \partial \cb"]
        readout = Readout(labels, decimals=[0, 4, 3, 2, 2, 2], size=28, buff=0.15)
        readout.next_to(keep, DOWN, buff=0.5).align_to(keep, LEFT)
        path = traced_path(cax, np.c_[raw["w"], raw["b"]], clock, color=C["cyhat"])
        curve = traced_path(lax, np.c_[np.arange(len(raw)), raw["loss"]], clock,
                            color=C["cL"], stroke_width=3)
        self.add(path, curve)
        self.show_live(readout, follow(raw, clock, line_state))
        self.play(clock.run_to(min(8, n_raw), run_time=5, spacing="linear"))
        if raw.diverged:
            stall = (f"η = {raw.info['lr']:g} is already too large: "
                     f"the loss blew up at step {raw.info['n_iter']}.")
        else:
            stall = (f"w settles, b crawls: after {n_raw} steps MSE {raw['loss'][-1]:.1f}, "
                     f"best is {L_min:.2f}.")
        self.beat("stall", stall)
        self.play(clock.run_to(n_raw, run_time=6, spacing="geometric"))
        stuck = Text(f"w = {raw['w'][-1]:.3f}, b = {raw['b'][-1]:.2f}", font=style.FONT,
                     font_size=style.LABEL_SIZE, color=C["cL"])
        stuck.next_to(readout, DOWN, buff=0.35).align_to(readout, LEFT)
        self.play(FadeIn(stuck), Indicate(path, color=C["cL"]))
        self.wait(2)

        # Why: curvature
        H = np.array(raw.info["hessian"])  # (2, 2)
        lam_lo, lam_hi = raw.info["curvature"]
        self.beat("curvature", f"L curves {H[0, 0]:.0f}× as steeply in w as in b "
                               "(2): no one step size suits both.")
        readout.clear_updaters()
        self.play(FadeOut(readout), FadeOut(stuck))
        c1 = style.eq(rf"\frac{{\partial^2 \cL}}{{\partial \cw^2}} = \frac{{2}}{{n}}\sum_i x_i^2"
                      rf" = {H[0, 0]:.0f}", size=34)
        c2 = style.eq(rf"\frac{{\partial^2 \cL}}{{\partial \cb^2}} = {H[1, 1]:.0f}", size=34)
        c3 = style.eq(rf"\ceta < \frac{{2}}{{\lambda_{{\max}}}} = {2 / lam_hi:.5f}", size=34)
        c4 = VGroup(
            style.eq(rf"1 - \ceta\lambda_{{\min}} = {1 - raw.info['lr'] * lam_lo:.5f}", size=30),
            Text("shrink per step along the valley", font=style.FONT, font_size=20,
                 color=style.DIM),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        col = VGroup(c1, c2, c3, c4).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        col.next_to(keep, DOWN, buff=0.45).align_to(keep, LEFT)
        for m in col:
            self.play(Write(m), run_time=1.2)
            self.wait(0.8)
        self.wait(1.5)

        # Too large a step
        self.beat("diverge", f"η = {big.info['lr']:g} is past 2/λmax: "
                             "every step overshoots by more.")
        clock2 = StepClock(len(big))
        self.play(FadeOut(c1), FadeOut(c2), FadeOut(c4), c3.animate.next_to(keep, DOWN, buff=0.45)
                  .align_to(keep, LEFT))
        readout.next_to(c3, DOWN, buff=0.35).align_to(c3, LEFT)
        self.show_live(readout, follow(big, clock2, line_state))
        self.play(clock2.run_to(min(6, len(big) - 1), run_time=5, spacing="linear"))
        verdict = (f"diverged at step {big.info['n_iter']}" if big.diverged
                   else f"still growing at step {big.info['n_iter']}")
        boom = Text(verdict, font=style.FONT, font_size=style.LABEL_SIZE,
                    color=C["cL"]).next_to(readout, DOWN, buff=0.3).align_to(readout, LEFT)
        self.play(clock2.run_to(len(big) - 1, run_time=2), FadeIn(boom))
        self.wait(1.5)
        readout.clear_updaters()
        self.play(FadeOut(readout), FadeOut(boom), FadeOut(c3))
        line_state.update(w=float(raw["w"][-1]), b=float(raw["b"][-1]))

        # Fix: standardize x
        self.beat("scale", "Fix the shape, not the step: measure x in standard deviations.")
        mean, std = scaled.info["x_mean"], scaled.info["x_std"]
        Hs = np.array(scaled.info["hessian"])
        s1 = style.eq(r"\tilde{x}_i = \frac{x_i - \bar{x}}{s_x}", size=36)
        s2 = style.eq(rf"\bar x = {mean:.2f},\ s_x = {std:.2f}", size=32)
        s3 = style.eq(rf"\frac{{\partial^2 \cL}}{{\partial \tilde{{\cw}}^2}} = {Hs[0, 0]:.0f}, "
                      rf"\quad \frac{{\partial^2 \cL}}{{\partial \tilde{{\cb}}^2}} = {Hs[1, 1]:.0f}",
                      size=34)
        col2 = VGroup(s1, s2, s3).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        col2.next_to(keep, DOWN, buff=0.45).align_to(keep, LEFT)
        self.play(Write(s1), run_time=1.2)
        self.play(FadeIn(s2))
        self.play(Write(s3), run_time=1.2)
        # the (w~, b~) surface is a round bowl: equal scales on both axes
        wtr, btr = (-9.0, 15.0), (-1.5, 16.5)
        sax = Axes(x_range=[*wtr, 5], y_range=[*btr, 5], x_length=3.4,
                   y_length=3.4 * (btr[1] - btr[0]) / (wtr[1] - wtr[0]), tips=False,
                   axis_config=AXIS).move_to(cax)
        xs_t = (x - mean) / std
        wts, bts = np.linspace(*wtr, 240), np.linspace(*btr, 240)
        Zt = loss_surface(wts[None, :], bts[:, None], xs_t, y)
        surf2 = Group(heatmap(sax, Zt), contour_lines(sax, Zt, wts, bts, levels), sax)
        wlab2 = style.eq(r"\tilde{\cw}", size=32).next_to(sax.x_axis, RIGHT, buff=0.12)
        blab2 = style.eq(r"\tilde{\cb}", size=32).next_to(sax.y_axis, UP, buff=0.1)
        star2 = star.copy().move_to(sax.c2p(scaled.result["w"], scaled.result["b"]))
        path.clear_updaters()
        curve.clear_updaters()
        self.play(fade_out(surf), FadeOut(path), FadeOut(star), FadeOut(star_lab),
                  FadeOut(wlab), FadeOut(blab), fade_in(surf2), FadeIn(wlab2), FadeIn(blab2),
                  FadeIn(star2), curve.animate.set_stroke(opacity=0.35), run_time=1.5)
        self.wait(1)

        # Descent on the scaled problem
        self.beat("converge", f"Same algorithm, η = {scaled.info['lr']:g}: "
                              "straight down a round bowl.")
        self.play(FadeOut(col2))
        clock3 = StepClock(len(scaled))
        readout3 = Readout([r"\text{step}", r"\tilde{\cw}", r"\tilde{\cb}", r"\cL",
                            r"\partial \cL / \partial \tilde{\cw}",
                            r"\partial \cL / \partial \tilde{\cb}"],
                           decimals=[0, 4, 3, 3, 3, 3], size=28, buff=0.15)
        readout3.next_to(keep, DOWN, buff=0.5).align_to(keep, LEFT)
        path3 = traced_path(sax, np.c_[scaled["w"], scaled["b"]], clock3, color=C["cyhat"])
        curve3 = traced_path(lax, np.c_[np.arange(len(scaled)), scaled["loss"]], clock3,
                             color=C["cL"], stroke_width=3.5)
        self.add(path3, curve3)
        self.show_live(readout3, follow(scaled, clock3, line_state, "w_x", "b_x"))
        self.play(clock3.run_to(len(scaled) - 1, run_time=8, spacing="geometric"))
        self.wait(1)

        # Back to dollars: the least-squares line
        self.beat("result", "Undo the scaling: the same line as the closed-form least squares.")
        readout3.clear_updaters()
        wx, bx = float(scaled.result["w_x"]), float(scaled.result["b_x"])
        e0 = style.eq(rf"\tilde{{\cw}} = {float(scaled.result['w']):.4f},\ "
                      rf"\tilde{{\cb}} = {float(scaled.result['b']):.3f}", size=34)
        e1 = style.eq(rf"\cw = \tilde{{\cw}} / s_x = {wx:.4f}", size=34)
        e2 = style.eq(rf"\cb = \tilde{{\cb}} - \tilde{{\cw}}\,\bar x / s_x = {bx:.3f}", size=34)
        e3 = style.eq(rf"\cL = {float(scaled.result['loss']):.2f}", size=34)
        e4 = VGroup(Text("closed form:", font=style.FONT,
                         font_size=style.LABEL_SIZE, color=style.TEXT),
                    style.eq(rf"\cw^* = {w_ls:.4f},\ \cb^* = {b_ls:.3f}", size=34),
                    ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        col3 = VGroup(e0, e1, e2, e3, e4).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        col3.next_to(keep, DOWN, buff=0.5).align_to(keep, LEFT)
        self.play(FadeOut(readout3), FadeIn(e0))
        for m in col3[1:]:
            self.play(FadeIn(m, shift=0.1 * RIGHT), run_time=0.8)
        check = Text("✓", font=style.FONT, font_size=36, color=C["ceta"]).next_to(e4[1], RIGHT)
        self.play(FadeIn(check, scale=1.5), Indicate(line, color=C["cyhat"]))
        self.wait(3)
