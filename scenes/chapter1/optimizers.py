"""Lecture 1.2: momentum, RMSprop and Adam, built up from plain gradient descent.

Each update rule is derived from the one before on an ill-conditioned bowl, then the
four race down Rosenbrock's curved valley, and one step size too large diverges.

Render: ``manim -ql scenes/chapter1/optimizers.py Optimizers``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.optimizers import FUNCTIONS, METHODS, steps_to_reach
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter1.trajectories import BOWL_START, optimizers as trajectories
from scenes.components import (
    FastNumber, StepClock, contour_lines, fade_in, fade_out, heatmap, to_scene, traced_path,
)
from scenes.lecture import LectureScene

__all__ = ["Optimizers", "trajectories"]

NAMES = {"gd": "GD", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam"}
BOWL_TOL, ROSEN_TOL = 1e-2, 5e-2  # "arrived": this close to the minimum


def rows_every(traj: Trajectory, idx: np.ndarray) -> np.ndarray:
    """``traj["x"]`` at rows ``idx``, holding the last row when the run ended earlier."""
    return traj["x"][np.minimum(idx, len(traj) - 1)]


AXIS = style.AXIS_CONFIG


def contour_axes(name: str, xr, yr, length: float, center, levels) -> tuple[Axes, Group]:
    """Equal-scale axes over ``xr`` x ``yr`` with the test function's heatmap and level sets."""
    fn = FUNCTIONS[name]
    ax = Axes(x_range=list(xr), y_range=list(yr), x_length=length,
              y_length=length * (yr[1] - yr[0]) / (xr[1] - xr[0]), tips=False,
              axis_config=AXIS).move_to(center)
    xs, ys = np.linspace(xr[0], xr[1], 260), np.linspace(yr[0], yr[1], 260)
    Z = fn.f(np.meshgrid(xs, ys))  # (260, 260): rows y, columns x
    return ax, Group(heatmap(ax, Z), contour_lines(ax, Z, xs, ys, levels), ax)


class Optimizers(LectureScene):
    LECTURE = "chapter1/optimizers"

    def run_path(self, ax, pts, color, clock):
        path = traced_path(ax, pts, clock, color=color, stroke_width=3)
        head = Dot(radius=0.07, color=color).add_updater(
            lambda d: d.move_to(to_scene(ax, clock.interp(pts))[0]))
        head.update()
        return path, head

    def construct(self):
        runs = self.trajectories()
        C, MC = style.COLOR, style.METHOD_COLORS

        # Title card
        self.open_title()
        self.play(FadeIn(self.title_bar()), run_time=0.5)

        # The bowl
        lam = np.linalg.eigvalsh(FUNCTIONS["bowl"].hessian(np.zeros(2)))  # ascending
        self.beat("bowl", f"An ill-conditioned bowl: {lam[1] / lam[0]:g} times as curved "
                          "in one direction as in the other.")
        bowl_ax, bowl = contour_axes("bowl", (-5, 2.5, 1), (-2, 2, 1), 6.3, [3.3, 0.2, 0],
                                     [0.1, 0.5, 1.5, 4, 9, 16])
        xlab = style.eq(r"\ctheta_1", size=30).next_to(bowl_ax.x_axis, RIGHT, buff=0.1)
        ylab = style.eq(r"\ctheta_2", size=30).next_to(bowl_ax.y_axis, UP, buff=0.1)
        f_bowl = style.eq(FUNCTIONS["bowl"].formula.replace("f(x, y)", r"\cf(\ctheta)")
                          .replace("x^2", r"\ctheta_1^2").replace("y^2", r"\ctheta_2^2"),
                          size=34)
        f_bowl.to_corner(UL, buff=0.35).shift(0.65 * DOWN)
        self.play(fade_in(bowl), FadeIn(xlab), FadeIn(ylab), Write(f_bowl), run_time=1.5)
        start = Dot(bowl_ax.c2p(*BOWL_START), color=style.TEXT, radius=0.07)
        start_lab = Text("start", font=style.FONT, font_size=20, color=style.TEXT).next_to(
            start, UP, buff=0.1)
        self.play(FadeIn(start), FadeIn(start_lab))

        # Plain gradient descent
        self.beat("gd", "Plain gradient descent: the steep direction makes it zig-zag.")
        rule_pos = f_bowl.get_corner(DL) + 0.6 * DOWN
        g_def = style.eq(r"\cg = \cnabla \cf(\ctheta)", size=34)
        gd = style.eq(r"\ctheta", r"\leftarrow", r"\ctheta", "-", r"\ceta", r"\cg", size=38)
        rules = VGroup(g_def, gd).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        rules.move_to(rule_pos, aligned_edge=UL)
        self.play(Write(g_def), Write(gd), run_time=1.5)
        paths = {}
        summary = VGroup()

        def race_on_bowl(method, run_time=5.0):
            run = runs[f"bowl_{method}"]
            clock = StepClock(len(run))
            path, head = self.run_path(bowl_ax, run["x"], MC[method], clock)
            self.add(path, head)
            self.play(clock.run_to(len(run) - 1, run_time=run_time, spacing="geometric"))
            path.clear_updaters()
            head.clear_updaters()
            paths[method] = (path, head)
            hit = steps_to_reach(run, FUNCTIONS["bowl"].minimum, BOWL_TOL)
            line = Text(f"{NAMES[method]}  η = {run.info['lr']:g}:  "
                        + (f"{hit} steps" if hit is not None else f"not in {len(run) - 1}"),
                        font=style.FONT, font_size=22, color=MC[method])
            summary.add(line)
            return run

        race_on_bowl("gd")
        self.wait(1)

        # Momentum
        self.beat("momentum", "Momentum: a running sum of gradients. Zig-zags cancel, "
                              "the slope adds up.")
        mom = VGroup(
            style.eq(r"\cvel", r"\leftarrow", r"\cbeta", r"\cvel", "+", r"\cg", size=38),
            style.eq(r"\ctheta", r"\leftarrow", r"\ctheta", "-", r"\ceta", r"\cvel", size=38),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to(gd, aligned_edge=UL)
        self.play(TransformMatchingTex(gd, mom[1]), run_time=1.2)
        self.play(Write(mom[0]), run_time=1.2)
        beta = style.eq(r"\cbeta = 0.9", size=30).next_to(mom, DOWN, aligned_edge=LEFT,
                                                          buff=0.3)
        self.play(FadeIn(beta))
        self.play(*[m.animate.set_stroke(opacity=0.3) for pair in paths.values() for m in pair])
        race_on_bowl("momentum")
        self.wait(1)

        # RMSprop
        self.beat("rmsprop", "RMSprop: divide each coordinate by its typical gradient size.")
        rms = VGroup(
            style.eq(r"\cs", r"\leftarrow", r"\crho", r"\cs", "+", r"(1-\crho)", r"\cg^2",
                     size=38),
            style.eq(r"\ctheta", r"\leftarrow", r"\ctheta", "-", r"\ceta",
                     r"\frac{\cg}{\sqrt{\cs} + \epsilon}", size=38),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to(mom, aligned_edge=UL)
        note = Text("squares and roots per coordinate", font=style.FONT, font_size=22,
                    color=style.DIM)
        self.play(FadeOut(beta), TransformMatchingTex(mom[1], rms[1]),
                  TransformMatchingTex(mom[0], rms[0]), run_time=1.5)
        note.next_to(rms, DOWN, aligned_edge=LEFT, buff=0.3)
        self.play(FadeIn(note))
        self.play(*[m.animate.set_stroke(opacity=0.3) for pair in paths.values() for m in pair])
        race_on_bowl("rmsprop")
        self.wait(1)

        # Adam
        self.beat("adam", "Adam: momentum's direction, RMSprop's scale, both bias-corrected.")
        adam = VGroup(
            style.eq(r"\cm", r"\leftarrow", r"\cbeta_1", r"\cm", "+", r"(1-\cbeta_1)", r"\cg",
                     size=34),
            style.eq(r"\cs", r"\leftarrow", r"\cbeta_2", r"\cs", "+", r"(1-\cbeta_2)",
                     r"\cg^2", size=34),
            style.eq(r"\hat{\cm} = \frac{\cm}{1-\cbeta_1^t},\quad "
                     r"\hat{\cs} = \frac{\cs}{1-\cbeta_2^t}", size=34),
            style.eq(r"\ctheta", r"\leftarrow", r"\ctheta", "-", r"\ceta",
                     r"\frac{\hat{\cm}}{\sqrt{\hat{\cs}} + \epsilon}", size=34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.22).move_to(rms, aligned_edge=UL)
        self.play(FadeOut(note), TransformMatchingTex(rms[0], adam[1]),
                  TransformMatchingTex(rms[1], adam[3]), run_time=1.5)
        self.play(Write(adam[0]), run_time=1.2)
        self.play(Write(adam[2]), run_time=1.5)
        self.play(*[m.animate.set_stroke(opacity=0.3) for pair in paths.values() for m in pair])
        race_on_bowl("adam")
        self.wait(0.5)

        # Bowl result
        self.beat("bowl_result", f"Steps to come within {BOWL_TOL:g} of the minimum: "
                                 "on a quadratic, tuned GD keeps up.")
        summary.arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        summary.next_to(adam, DOWN, aligned_edge=LEFT, buff=0.4)
        self.play(*[m.animate.set_stroke(opacity=1) for pair in paths.values() for m in pair],
                  LaggedStart(*[FadeIn(s, shift=0.1 * RIGHT) for s in summary],
                              lag_ratio=0.3), run_time=2)
        self.wait(3)

        # Rosenbrock
        self.beat("rosenbrock", "Rosenbrock: the minimum (1, 1) lies in a long, flat, "
                                "curving valley.")
        bowl_stuff = Group(bowl, xlab, ylab, start, start_lab,
                           *[m for pair in paths.values() for m in pair])
        ros_ax, ros = contour_axes("rosenbrock", (-2, 2, 1), (-1, 3, 1), 4.5, [3.6, 0.05, 0],
                                   [0.3, 2, 8, 30, 100, 300, 1000])
        rx = style.eq(r"\ctheta_1", size=30).next_to(ros_ax.x_axis, RIGHT, buff=0.1)
        ry = style.eq(r"\ctheta_2", size=30).next_to(ros_ax.y_axis, UP, buff=0.1)
        f_ros = style.eq(FUNCTIONS["rosenbrock"].formula.replace("f(x, y)", r"\cf(\ctheta)")
                         .replace("(1-x)", r"(1-\ctheta_1)").replace("y - x^2",
                                                                      r"\ctheta_2 - \ctheta_1^2"),
                         size=32).move_to(f_bowl, aligned_edge=UL)
        goal = Star(n=5, outer_radius=0.11, color=style.TEXT, fill_opacity=1).move_to(
            ros_ax.c2p(*FUNCTIONS["rosenbrock"].minimum))
        self.play(fade_out(bowl_stuff), FadeOut(summary), FadeOut(adam),
                  FadeOut(g_def), ReplacementTransform(f_bowl.copy(), f_ros),
                  FadeOut(f_bowl), run_time=1.2)
        self.play(fade_in(ros), FadeIn(rx), FadeIn(ry), FadeIn(goal), run_time=1.2)

        # The race
        n = len(runs["rosenbrock_gd"]) - 1
        idx = np.unique(np.r_[np.arange(0, min(n, 50) + 1), np.linspace(0, n, 400).round()
                              ]).astype(int)  # every early step, then ~400 frames' worth
        clock = StepClock(len(idx))
        legend = VGroup()
        values = []
        for m in METHODS:
            run = runs[f"rosenbrock_{m}"]
            name = Text(f"{NAMES[m]}  η = {run.info['lr']:g}", font=style.FONT, font_size=24,
                        color=MC[m])
            val = FastNumber(0, num_decimal_places=4, font_size=30, color=MC[m])
            legend.add(VGroup(name, style.eq(r"\cf =", size=30), val))
            values.append((val, run))
        for row in legend:
            row[1].next_to(row[0], DOWN, aligned_edge=LEFT, buff=0.12)
            row[2].next_to(row[1], RIGHT, buff=0.12)
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        step_lab = VGroup(Text("step", font=style.FONT, font_size=26, color=style.TEXT),
                          FastNumber(0, num_decimal_places=0, font_size=34, color=style.TEXT))
        step_lab.arrange(RIGHT, buff=0.2)
        panel = VGroup(step_lab, legend).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        panel.next_to(f_ros, DOWN, aligned_edge=LEFT, buff=0.45)

        def update_panel(_):
            k = int(idx[clock.row])
            step_lab[1].set_value(k)
            for val, run in values:
                val.set_value(float(run["f"][min(k, len(run) - 1)]))
        self.show_live(panel, update_panel)
        heads = []
        for m in METHODS:
            pts = rows_every(runs[f"rosenbrock_{m}"], idx)
            path, head = self.run_path(ros_ax, pts, MC[m], clock)
            self.add(path, head)
            heads.append((path, head))
        self.play(clock.run_to(len(idx) - 1, run_time=14, spacing="geometric"))
        panel.clear_updaters()
        for path, head in heads:
            path.clear_updaters()
            head.clear_updaters()

        # Race result
        hits = {m: steps_to_reach(runs[f"rosenbrock_{m}"], FUNCTIONS["rosenbrock"].minimum,
                                  ROSEN_TOL) for m in METHODS}
        arrived = {m: h for m, h in hits.items() if h is not None}
        if arrived:
            first = min(arrived, key=arrived.get)
            lead = f"{NAMES[first]} is first within {ROSEN_TOL:g} of (1, 1), at step {arrived[first]}."
        else:
            lead = f"No method came within {ROSEN_TOL:g} of (1, 1) in {n} steps."
        self.beat("race_result", lead)
        table = VGroup()
        for m in METHODS:
            h = hits[m]
            table.add(Text(f"{NAMES[m]}: " + (f"step {h}" if h is not None else f"not in {n}"),
                           font=style.FONT, font_size=24, color=MC[m]))
        table.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        title = Text(f"within {ROSEN_TOL:g} of (1, 1) at", font=style.FONT, font_size=24,
                     color=style.TEXT)
        res = VGroup(title, table).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        res.next_to(f_ros, DOWN, aligned_edge=LEFT, buff=0.45)
        self.play(FadeOut(panel), FadeIn(res, shift=0.1 * RIGHT), run_time=1.2)
        self.wait(4)

        # Too large a step
        bad = runs["diverge"]
        bowl_fn = FUNCTIONS["bowl"]
        lam_max = float(np.linalg.eigvalsh(bowl_fn.hessian(np.array(bowl_fn.minimum)))[-1])
        eta = bad.info["lr"]
        self.beat("diverge", f"Too large a step: η = {eta:g} > 2/{lam_max:g} "
                             "overshoots further every step.")
        f_again = f_bowl.copy().move_to(f_ros, aligned_edge=UL)
        self.play(FadeOut(res), fade_out(ros), FadeOut(rx), FadeOut(ry), FadeOut(goal),
                  *[FadeOut(m) for pair in heads for m in pair],
                  FadeOut(f_ros), FadeIn(f_again), run_time=1.2)
        d1 = style.eq(r"\ctheta_2 \leftarrow \ctheta_2 - \ceta \cdot " + f"{lam_max:g}"
                      + r"\,\ctheta_2", size=36)
        d2 = style.eq(r"\ctheta_2 \leftarrow (1 - " + f"{lam_max:g}" + r"\,\ceta)\,\ctheta_2"
                      + rf" = {1 - lam_max * eta:g}\,\ctheta_2", size=36)
        d3 = style.eq(rf"|1 - \lambda_{{\max}}\ceta| < 1 \iff \ceta < \frac{{2}}{{\lambda_{{\max}}}}"
                      rf" = {2 / lam_max:g}", size=34)
        col = VGroup(d1, d2, d3).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        col.next_to(f_again, DOWN, aligned_edge=LEFT, buff=0.5)
        self.play(Write(d1), run_time=1.2)
        self.play(TransformMatchingShapes(d1.copy(), d2), run_time=1.2)
        self.play(Write(d3), run_time=1.2)
        # |theta_2| against the step, on a log scale: geometric growth is a straight line
        n_bad = len(bad) - 1
        top = 9
        gax = Axes(x_range=[0, max(n_bad + 5, 10), 10], y_range=[-1, top, 2], x_length=5.6,
                   y_length=3.8, tips=False, axis_config=AXIS).move_to([3.6, 0.2, 0])
        gax.y_axis.numbers.become(VGroup(*[
            style.eq(rf"10^{{{k}}}", size=26).next_to(gax.c2p(0, k), LEFT, buff=0.15)
            for k in range(0, top + 1, 2)]))
        gx = Text("step", font=style.FONT, font_size=20, color=style.DIM).next_to(
            gax.x_axis, DOWN, buff=0.4)
        gy = style.eq(r"|\ctheta_2|", size=30).next_to(gax.y_axis, UP, buff=0.1)
        limit = DashedLine(gax.c2p(0, 8), gax.c2p(gax.x_range[1], 8), color=C["cL"],
                           stroke_width=2, dash_length=0.1)
        self.play(Create(gax), FadeIn(gx), FadeIn(gy), Create(limit), run_time=1.2)
        logy = np.log10(np.abs(bad["x"][:, 1]))  # (T,)
        clock_b = StepClock(len(bad))
        pts = np.c_[np.arange(len(bad)), logy]
        path, head = self.run_path(gax, pts, C["cL"], clock_b)
        self.add(path, head)
        self.play(clock_b.run_to(n_bad, run_time=5, spacing="linear"))
        path.clear_updaters()
        head.clear_updaters()
        verdict = (f"|θ| > 10⁸ after step {n_bad}: stopped, diverged" if bad.diverged
                   else f"still finite after {n_bad} steps")
        final = Text(verdict, font=style.FONT, font_size=24, color=C["cL"])
        final.next_to(col, DOWN, aligned_edge=LEFT, buff=0.45)
        self.play(FadeIn(final))
        self.wait(3)
