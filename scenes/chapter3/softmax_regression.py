"""Lecture 3.3: softmax regression on three Iris species.

The sigmoid is rewritten as a softmax over two scores (one fixed at zero); with one score
per class it becomes softmax over K scores. The binary cross-entropy becomes the
cross-entropy against one-hot labels, with the same gradient shape (p - y) x. Gradient
descent on petal length and width colours the plane by the most probable species.

Render: ``manim -ql scenes/chapter3/softmax_regression.py SoftmaxRegression``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.logistic_regression import softmax
from scenes import style
from scenes.chapter3.logistic_regression import MID, fit, loss_axes, sci, unit_square_axes
from scenes.chapter3.trajectories import SOFTMAX_FEATURES as FEATURES
from scenes.chapter3.trajectories import softmax_regression as trajectories
from scenes.components import (
    DotCloud, Readout, StepClock, highlight, on_change, part, redraw_on, to_scene,
    traced_path,
)
from scenes.lecture import LectureScene

__all__ = ["SoftmaxRegression", "trajectories", "FEATURES", "region_image"]

GRID = 160


def region_image(P: np.ndarray, colors, strength: float = 0.45) -> np.ndarray:
    """RGBA uint8 (ny, nx, 4) of class probabilities ``P`` (ny, nx, K): each pixel takes the
    colour of its most probable class, stronger the surer it is (p_max from 1/K to 1)."""
    K = P.shape[-1]
    k = np.argmax(P, axis=-1)  # (ny, nx)
    sure = (P.max(axis=-1) - 1.0 / K) / (1.0 - 1.0 / K)  # (ny, nx) in [0, 1]
    cols = np.array([ManimColor(c).to_rgb() for c in colors])[k]  # (ny, nx, 3)
    mid = np.array(ManimColor(MID).to_rgb())
    s = (sure ** 0.8 * strength)[..., None]
    rgb = (1 - s) * mid + s * cols
    rgba = np.concatenate([rgb, np.ones(rgb.shape[:2] + (1,))], -1)
    return (rgba[::-1] * 255).astype(np.uint8)  # image rows go top-down


class SoftmaxRegression(LectureScene):
    LECTURE = "chapter3/softmax_regression"

    def construct(self):
        traj = self.trajectories()["gd"]
        X, y = traj.data["X"], traj.data["y"]
        W, B = traj["W"], traj["b"]  # (T, 2, 3), (T, 3)
        T = len(traj) - 1
        K = W.shape[-1]
        species = traj.info["species"]
        C = style.COLOR
        COLS = style.CLASS_COLORS[:K]
        left, top = -style.FRAME_W / 2 + style.MARGIN, 2.4

        # Title card
        self.open_title()
        bar = self.title_bar()
        self.play(FadeIn(bar), run_time=0.5)

        # Data
        self.beat("data", f"{len(y)} irises, three species, measured by petal length and width.")
        ax, frame, xl, yl = unit_square_axes("petal length (scaled)", "petal width (scaled)")
        dots = DotCloud(to_scene(ax, X), radius=0.05, opacity=0.95,
                        colors=[COLS[k] for k in y], outline=(style.BACKGROUND, 1))
        leg = VGroup(*[VGroup(Dot(radius=0.08, color=COLS[k]),
                              Text(f"{species[k]}, y = {k}", font=style.FONT,
                                   font_size=style.LABEL_SIZE)).arrange(RIGHT)
                       for k in range(K)]).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        leg.move_to([left, -1.2, 0], aligned_edge=LEFT)
        self.play(Create(ax), FadeIn(frame), FadeIn(xl), FadeIn(yl), run_time=1.2)
        self.play(dots.intro(lag_ratio=0.01, scale=1.0), FadeIn(leg), run_time=2)
        self.wait(1.5)

        # From the sigmoid to the softmax
        self.beat("sigmoid", "Rewrite the sigmoid as two scores competing: z for y = 1, 0 for y = 0.")
        s1 = style.eq(r"\csigma(\cz) = {{ \frac{1}{1 + e^{-\cz}} }}")
        s2 = style.eq(r"\csigma(\cz) = {{ \frac{e^{\cz}}{e^{\cz} + 1} }}")
        s3 = style.eq(r"\csigma(\cz) = {{ \frac{e^{\cz_1}}{e^{\cz_1} + e^{\cz_0}} }},"
                      r"\quad \cz_0 = 0,\ \cz_1 = \cz")
        for m in (s1, s2, s3):
            fit(m).move_to([left, top, 0], aligned_edge=UL)
        self.play(FadeOut(leg), Write(s1))
        self.wait(1)
        self.play(TransformMatchingTex(s1, s2), run_time=1.2)
        self.wait(0.8)
        self.play(TransformMatchingTex(s2, s3), run_time=1.2)
        self.wait(1.2)
        self.beat("softmax", "One score per class, z_k = w_k·x + b_k: the softmax.")
        z_k = fit(style.eq(r"\cz_k = \cw_k \cdot \cx + \cb_k,\quad k = 1, \dots, K"))
        sm = fit(style.eq(r"\cp_k = \frac{e^{\cz_k}}{\sum_{j=1}^{K} e^{\cz_j}}"))
        z_k.next_to(s3, DOWN, buff=0.45).align_to(s3, LEFT)
        sm.next_to(z_k, DOWN, buff=0.4).align_to(s3, LEFT)
        self.play(Write(z_k))
        self.play(TransformFromCopy(s3, sm), run_time=1.5)
        props = VGroup(
            style.eq(r"\cp_k > 0,\qquad \textstyle\sum_k \cp_k = 1", size=32),
            Text("z_k + c for every k: the same p", font=style.FONT,
                 font_size=style.LABEL_SIZE, color=style.DIM),
            Text("(the binary case fixes z₀ = 0)", font=style.FONT,
                 font_size=style.LABEL_SIZE, color=style.DIM),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        props.next_to(sm, DOWN, buff=0.4).align_to(s3, LEFT)
        self.play(Create(box := highlight(sm, color=C["cp"])))
        for m in props:
            self.play(FadeIn(m, shift=0.1 * DOWN), run_time=0.8)
            self.wait(0.6)
        self.wait(1)

        # Cross-entropy from the binary cross-entropy
        self.beat("crossentropy", "Write the label as a one-hot vector: the two log terms become a sum over k.")
        self.play(FadeOut(box), *[FadeOut(m) for m in (s3, z_k, props)],
                  sm.animate.move_to([left, top, 0], aligned_edge=UL))
        c1 = fit(style.eq(r"\cL = -\frac{1}{n}\sum_i \big[ {{ \cy_i \log \cp_i }} + "
                          r"{{ (1 - \cy_i) \log(1 - \cp_i) }} \big]"))
        c1.next_to(sm, DOWN, buff=0.45).align_to(sm, LEFT)
        onehot = style.eq(r"\cy_{ik} = 1 \text{ if } \cy_i = k \text{, else } 0", size=32)
        onehot.next_to(c1, DOWN, buff=0.35).align_to(sm, LEFT)
        c2 = fit(style.eq(r"\cL = -\frac{1}{n}\sum_i {{ \sum_{k=1}^{K} \cy_{ik} \log \cp_{ik} }}"))
        c2.next_to(onehot, DOWN, buff=0.35).align_to(sm, LEFT)
        self.play(Write(c1), run_time=1.5)
        self.wait(1)
        self.play(FadeIn(onehot))
        self.play(TransformFromCopy(c1, c2), run_time=1.5)
        self.play(Create(box := highlight(part(c2, r"\sum_{k=1}^{K} \cy_{ik} \log \cp_{ik}"),
                                          color=C["cL"])))
        k2 = fit(style.eq(r"K = 2:\ \ \cp_{i1} = \cp_i,\ \cp_{i0} = 1 - \cp_i"
                          r"\ \Rightarrow\ \text{the line above}", size=32))
        k2.next_to(c2, DOWN, buff=0.3).align_to(sm, LEFT)
        self.play(FadeIn(k2))
        self.wait(2.5)

        # Gradient
        self.beat("gradient", "Same shape as before: prediction minus one-hot label, times x.")
        c3 = fit(style.eq(r"\cL = -\frac{1}{n}\sum_i \log \cp_{i, \cy_i}"))
        c3.move_to([left, top, 0], aligned_edge=UL)
        self.play(FadeOut(box), *[FadeOut(m) for m in (sm, c1, onehot, k2)],
                  ReplacementTransform(c2, c3))
        g1 = fit(style.eq(r"\frac{\partial \cL}{\partial \cz_{ik}} = \frac{1}{n}"
                          r"{{ (\cp_{ik} - \cy_{ik}) }}"))
        g2 = fit(style.eq(r"\frac{\partial \cL}{\partial \cw_k} = \frac{1}{n}\sum_i"
                          r" {{ (\cp_{ik} - \cy_{ik})\, \cx_i }}"))
        g1.next_to(c3, DOWN, buff=0.4).align_to(c3, LEFT)
        g2.next_to(g1, DOWN, buff=0.35).align_to(c3, LEFT)
        was = style.eq(r"\text{binary: } \frac{1}{n}\sum_i (\csigma(\cz_i) - \cy_i)\, \cx_i",
                       size=32)
        was.next_to(g2, DOWN, buff=0.35).align_to(c3, LEFT)
        self.play(Write(g1))
        self.wait(1)
        self.play(Write(g2))
        self.play(Create(box := highlight(part(g2, r"(\cp_{ik} - \cy_{ik})\, \cx_i"),
                                          color=C["cg"])), FadeIn(was))
        self.wait(2.5)

        # Descent: the decision regions form
        lr = traj.info["lr"]
        self.beat("descent", f"Gradient descent, η = {lr:g}, from W = 0: every class starts at 1/3.")
        upd = fit(style.eq(r"\cW \leftarrow \cW - \ceta\, \frac{\partial \cL}{\partial \cW},\quad"
                           r" \cb \leftarrow \cb - \ceta\, \frac{\partial \cL}{\partial \cb}",
                           size=34))
        self.play(FadeOut(box), *[FadeOut(m) for m in (c3, g1, was)],
                  g2.animate.move_to([left, top, 0], aligned_edge=UL))
        upd.next_to(g2, DOWN, buff=0.3).align_to(g2, LEFT)
        self.play(Write(upd))
        gx = (np.arange(GRID) + 0.5) / GRID
        G = np.stack(np.meshgrid(gx, gx), -1).reshape(-1, 2)  # (GRID^2, 2) rows = x2 ascending

        def pixels(Wt, bt):
            return region_image(softmax(G @ Wt + bt).reshape(GRID, GRID, K), COLS)

        field = ImageMobject(pixels(W[0], B[0]))
        field.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        field.stretch_to_fit_width(frame.width).stretch_to_fit_height(frame.height).move_to(
            ax.c2p(0.5, 0.5))
        self.add(field, dots)
        self.play(FadeIn(field))

        clock = StepClock(len(traj))
        r1 = Readout([r"\text{step}", r"\cL", r"\text{accuracy}"], decimals=[0, 4, 3], size=30)
        r1.set_values([0, traj["loss"][0], traj["accuracy"][0]])
        r1.next_to(upd, DOWN, buff=0.4).align_to(upd, LEFT)
        # one flower's probabilities as three bars: the least sure versicolor that ends right
        P_end = softmax(X @ W[-1] + B[-1])  # (n, K) from the trajectory's last row
        cand = np.flatnonzero((y == 1) & (np.argmax(P_end, axis=1) == 1))
        pick = int(cand[np.argmin(P_end[cand].max(axis=1))])
        ring = Circle(radius=0.13, color=style.TEXT, stroke_width=3).move_to(dots.pos[pick])
        bar_ax = Axes(x_range=[0, K, 1], y_range=[0, 1, 0.5], x_length=2.4, y_length=1.5,
                      tips=False, axis_config={"color": style.DIM, "stroke_width": 2,
                                               "font_size": 20},
                      y_axis_config={"include_numbers": True}, x_axis_config={"include_ticks": False})
        bar_ax.next_to(r1, RIGHT, buff=0.8).align_to(r1, UP).shift(0.2 * DOWN)
        bar_title = Text("ringed flower", font=style.FONT, font_size=style.LABEL_SIZE,
                         color=style.DIM)
        bar_title.next_to(bar_ax, UP, buff=0.12)
        bar_labs = VGroup(*[style.eq(rf"\cp_{k}", size=26).next_to(bar_ax.c2p(k + 0.5, 0), DOWN,
                                                                    buff=0.12) for k in range(K)])

        def bars_for(p):
            return VGroup(*[Rectangle(width=0.5, height=max(bar_ax.c2p(0, p[k])[1] -
                                                            bar_ax.c2p(0, 0)[1], 1e-3),
                                      stroke_width=0, fill_color=COLS[k], fill_opacity=0.9)
                            .move_to(bar_ax.c2p(k + 0.5, 0), aligned_edge=DOWN)
                            for k in range(K)])

        def flower_p():
            return softmax(X[pick] @ clock.interp(W) + clock.interp(B))

        bars = redraw_on(lambda: clock.value, lambda: bars_for(flower_p()))
        # loss curve against log10(step + 1)
        lmax = float(np.ceil(traj["loss"].max() * 5) / 5)
        lax, ticks, llab, slab = loss_axes(T, lmax, 0.5, 1.2, [-3.7, -2.15, 0])
        self.play(FadeIn(r1), Create(lax), FadeIn(ticks), FadeIn(llab), FadeIn(slab),
                  Create(bar_ax), FadeIn(bar_title), FadeIn(bar_labs), FadeIn(bars),
                  Create(ring), run_time=1.2)
        r1.add_updater(lambda m: m.set_values(
            [clock.row, clock.at(traj["loss"]), clock.at(traj["accuracy"])]))
        loss_path = traced_path(lax, np.c_[np.log10(np.arange(len(traj)) + 1), traj["loss"]],
                                clock, color=C["cL"])
        def refresh(img):
            img.pixel_array = pixels(clock.interp(W), clock.interp(B))

        field.add_updater(on_change(lambda: clock.value, refresh))
        self.add(loss_path)
        self.play(clock.run_to(40, run_time=7, spacing="linear"))
        self.beat("regions", "Three regions, each where its class's score is the largest.")
        self.play(clock.run_to(T, run_time=10, spacing="geometric"))
        self.wait(1)

        # The result
        self.beat("result", "Setosa is separable, so its scores keep growing; the other two overlap.")
        gnorm = traj.info["final_grad_norm"]
        p_pick = P_end[pick]
        o1 = style.eq(rf"\lVert \cnabla \cL \rVert = {sci(gnorm)}\ \text{{after {T} steps}}",
                      size=32)
        o2 = style.eq(r"\cp = (" + ", ".join(f"{v:.2f}" for v in p_pick) +
                      r"),\quad \textstyle\sum_k \cp_k = " + f"{p_pick.sum():.2f}", size=32)
        col = VGroup(o1, o2).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        col.move_to([0, -2.6, 0]).align_to(upd, LEFT)
        loss_path.clear_updaters()
        self.play(*[FadeOut(m) for m in (lax, loss_path, ticks, llab, slab)],
                  FadeIn(col, shift=0.1 * RIGHT))
        self.wait(3)
        self.beat("next", "Linear scores, one per class. Next chapter: learn the features too.")
        self.wait(3)
