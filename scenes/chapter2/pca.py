"""Lecture 2.2: principal component analysis.

A correlated 2-D cloud is centred, its covariance written out with its numbers, and the
question asked: along which unit vector v do the points vary most? The variance along v is
v^T Sigma v; the Lagrangian of "maximise it with v^T v = 1" gives Sigma v = lambda v, and the
variance along that v is lambda. Power iteration turns a random vector onto the top
eigenvector (the numbers are its Rayleigh quotients), the points slide onto that axis, and
then Iris goes from four measurements to two with its explained-variance bars, the three
species pulling apart.

Render: ``manim -ql scenes/chapter2/pca.py PCA``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.datasets import load_iris
from scenes import style
from scenes.chapter2.trajectories import correlated_cloud, pca as trajectories
from scenes.components import (DotCloud, Derivation, Readout, StepClock, highlight, redraw_on,
                               to_scene)
from scenes.lecture import LectureScene

__all__ = ["PCA", "trajectories", "correlated_cloud"]

BOX = (-5.0, 7.0, -4.0, 5.0)         # least axes range of the cloud plot (x0, x1, y0, y1)
ARROW_LEN = 3.0                      # how long v is drawn, in data units
GREY = ManimColor("#9AA0AA")


def cloud_box(X: np.ndarray, mu: np.ndarray) -> tuple[float, float, float, float]:
    """The cloud plot's range: ``BOX``, grown in steps of 1 until the raw and the centred
    points are all inside."""
    both = np.vstack([X, X - mu])
    lo, hi = np.floor(both.min(axis=0) - 0.3), np.ceil(both.max(axis=0) + 0.3)
    return (float(min(BOX[0], lo[0])), float(max(BOX[1], hi[0])),
            float(min(BOX[2], lo[1])), float(max(BOX[3], hi[1])))


def text(s: str, size: float = style.LABEL_SIZE, color=style.TEXT) -> Text:
    return Text(s, font=style.FONT, font_size=size, color=color)


class PCA(LectureScene):
    LECTURE = "chapter2/pca"

    def construct(self):
        runs = self.trajectories()
        cloud, iris = runs["cloud"], runs["iris"]
        C = style.COLOR
        X = cloud.data["X"]
        R = cloud.result
        n = len(X)
        mu, Sig = R["mean"], R["covariance"]
        lam = R["explained_variance"]
        V = R["components"]

        # Title card
        self.open_title(hold=1.2)
        bar = self.title_bar()
        self.play(FadeIn(bar), run_time=0.5)

        # The cloud
        self.beat("cloud", f"{n} points whose two coordinates rise and fall together.")
        plot_box = cloud_box(X, mu)
        x0, x1, y0, y1 = plot_box
        unit = min(6.3 / (x1 - x0), 5.6 / (y1 - y0))  # equal units on both axes: true angles
        ax = Axes(x_range=[x0, x1, 1], y_range=[y0, y1, 1],
                  x_length=unit * (x1 - x0), y_length=unit * (y1 - y0),
                  tips=False, axis_config={"color": style.DIM, "stroke_width": 2,
                                           "stroke_opacity": 0.6, "include_ticks": False})
        ax.move_to([3.35, -0.1, 0])
        P = to_scene(ax, X)  # (n, 3)
        dots = DotCloud(P, radius=0.045, color=GREY, opacity=0.9)
        self.play(Create(ax), run_time=0.8)
        self.play(dots.intro(lag_ratio=0.005, run_time=1.6))
        self.wait(1.0)

        # Centre
        self.beat("centre", "First centre the data: subtract the mean μ from every point.")
        d = Derivation()
        c1 = d.place(style.eq(r"\tilde{\cx}_i = \cx_i - \cmu", size=40))
        c2 = d.place(style.eq(rf"\cmu = \frac{{1}}{{n}}\sum_i \cx_i = "
                              rf"({mu[0]:.2f},\ {mu[1]:.2f})", size=36))
        mdot = Dot(ax.c2p(*mu), radius=0.1, color=C["cmu"])
        mlab = style.eq(r"\cmu", size=36).next_to(mdot, UR, buff=0.05)
        mlab.add_background_rectangle(color=style.BACKGROUND, opacity=0.75, buff=0.05)
        self.play(Write(c1), run_time=1.0)
        self.play(Write(c2), FadeIn(mdot, scale=2), FadeIn(mlab), run_time=1.2)
        self.wait(0.8)
        Pc = to_scene(ax, X - mu)  # (n, 3) centred
        origin = ax.c2p(0, 0)
        self.play(dots.morph(pos=Pc), mdot.animate.move_to(origin),
                  mlab.animate.next_to(origin, UR, buff=0.05), run_time=2.0)
        self.play(FadeOut(mdot), FadeOut(mlab), run_time=0.5)
        self.wait(0.5)

        # Covariance
        self.beat("covariance", "The covariance: variances on the diagonal, how x and y "
                                "move together off it.")
        s1 = d.place(style.eq(r"\cSigma = \frac{1}{n-1}\sum_{i=1}^{n} "
                              r"\tilde{\cx}_i \tilde{\cx}_i^{\top}", size=40))
        self.play(Write(s1), run_time=1.4)
        mat = style.eq(rf"\cSigma = \begin{{pmatrix}} {Sig[0, 0]:.3f} & {Sig[0, 1]:.3f} \\ "
                       rf"{Sig[1, 0]:.3f} & {Sig[1, 1]:.3f} \end{{pmatrix}}", size=40)
        d.place(mat)
        self.play(TransformMatchingShapes(s1.copy(), mat), run_time=1.4)
        box = highlight(mat[0][2:], color=C["cSigma"])
        self.play(Create(box))
        self.wait(2.0)

        # What we want: the direction of most variance
        self.beat("objective", "Variance along a unit vector v is vᵀΣv. Make it as large "
                               "as possible.")
        self.play(FadeOut(box), FadeOut(c1), FadeOut(c2), FadeOut(s1), run_time=0.6)
        d.reset()
        mat.generate_target().scale(0.8)
        mat.target.move_to([style.LEFT_PANEL[0], style.LEFT_PANEL[3], 0], aligned_edge=UL)
        self.play(MoveToTarget(mat))
        d.place(mat)
        o1 = d.place(style.eq(r"\frac{1}{n-1}\sum_i (\cv^{\top}\tilde{\cx}_i)^2 "
                              r"= \cv^{\top}\cSigma\,\cv", size=36))
        self.play(Write(o1), run_time=1.5)
        self.wait(1.0)
        o2 = d.place(style.eq(r"\max_{\cv}\ \cv^{\top}\cSigma\,\cv \quad "
                              r"\text{subject to}\quad \cv^{\top}\cv = 1", size=36))
        self.play(Write(o2), run_time=1.5)
        self.wait(1.0)

        # Lagrangian
        self.beat("lagrangian", "Lagrange: add λ times the constraint and set the "
                                "gradient to zero.")
        l1 = style.eq(r"\mathcal{L}(\cv, \clambda) = {{ \cv^{\top}\cSigma\,\cv }}"
                      r" - {{ \clambda(\cv^{\top}\cv - 1) }}", size=36)
        d.place(l1)
        self.play(Write(l1), run_time=1.5)
        self.wait(1.0)
        l2 = style.eq(r"\nabla_{\cv}\mathcal{L} = {{ 2\cSigma\cv }} - {{ 2\clambda\cv }} = 0",
                      size=36).move_to(l1, aligned_edge=LEFT)
        self.play(TransformMatchingTex(l1, l2), run_time=1.5)
        self.wait(0.8)
        l3 = style.eq(r"{{ \cSigma\cv }} = {{ \clambda\cv }}", size=44).move_to(l2,
                                                                             aligned_edge=LEFT)
        self.play(TransformMatchingTex(l2, l3), run_time=1.3)
        d.lines[-1] = l3
        box = highlight(l3, color=C["clambda"])
        note = text("v is an eigenvector of Σ", color=C["cv"]).next_to(l3, RIGHT, buff=0.35)
        self.play(Create(box), FadeIn(note))
        self.wait(1.0)
        l4 = d.place(style.eq(r"\cv^{\top}\cSigma\,\cv = \clambda\,\cv^{\top}\cv = \clambda",
                              size=36))
        self.play(Write(l4), run_time=1.4)
        note2 = text("variance along v = λ: take the largest", color=C["clambda"])
        d.place(note2)
        self.play(FadeIn(note2))
        self.wait(2.0)

        # Power iteration
        self.beat("power", "Power iteration: multiply by Σ, rescale to length 1, repeat.")
        self.play(FadeOut(box), FadeOut(note), FadeOut(o1), FadeOut(o2), FadeOut(l4),
                  FadeOut(note2), run_time=0.6)
        d.reset()
        d.place(mat)
        self.play(l3.animate.next_to(mat, RIGHT, buff=0.5), run_time=0.6)
        p1 = d.place(style.eq(r"\cv \leftarrow \frac{\cSigma\cv}{\lVert \cSigma\cv \rVert}, "
                              r"\qquad \clambda = \cv^{\top}\cSigma\,\cv", size=38))
        self.play(Write(p1), run_time=1.4)
        rows = np.flatnonzero(cloud["component"] == 0)
        v_run, lam_run = cloud["v"][rows], cloud["eigenvalue"][rows]  # (T, 2), (T,)
        T = len(rows)
        clock = StepClock(T)
        readout = Readout([r"\text{step}", r"\clambda = \cv^{\top}\cSigma\,\cv"],
                          decimals=[0, 4], size=32)
        readout.next_to(p1, DOWN, buff=0.45).align_to(p1, LEFT)
        readout.add_updater(lambda m: m.set_values([clock.row, clock.at(lam_run)]))
        readout.update()

        def v_now():
            v = clock.interp(v_run)
            return v / np.linalg.norm(v)

        def reach(v):  # largest t with t v inside the plot box
            lims = [(hi if c > 0 else lo) / c
                    for c, lo, hi in zip(v, plot_box[::2], plot_box[1::2]) if abs(c) > 1e-12]
            return min(lims)

        def axis_line():
            v = v_now()
            return DashedLine(ax.c2p(*(-reach(-v) * v)), ax.c2p(*(reach(v) * v)), color=C["cv"],
                              stroke_width=2, dash_length=0.1, stroke_opacity=0.6)

        def v_arrow():
            return Arrow(ax.c2p(0, 0), ax.c2p(*(ARROW_LEN * v_now())), buff=0,
                         color=C["cv"], stroke_width=6, max_tip_length_to_length_ratio=0.12)

        line = redraw_on(lambda: clock.value, axis_line)
        arrow = redraw_on(lambda: clock.value, v_arrow)
        vlab = style.eq(r"\cv", size=40).add_updater(
            lambda m: m.move_to(ax.c2p(*((ARROW_LEN + 0.5) * v_now()))))
        vlab.update()
        self.add(line)
        pbox = highlight(p1, color=C["cv"])
        self.play(GrowArrow(arrow), FadeIn(vlab), FadeIn(readout), Create(pbox), run_time=1.0)
        ghosts = VGroup()
        for t in range(1, min(T, 5)):
            ghost = v_arrow().set_opacity(0.25)
            ghosts.add(ghost)
            self.add(ghost)
            self.bring_to_front(arrow)
            self.play(clock.run_to(t, run_time=1.3))
            self.wait(0.3)
        ratio = lam[1] / lam[0]
        ended = (f"converged in {T - 1} steps." if cloud.converged
                 else f"stopped after {T - 1} steps.")
        self.beat("converge", f"Each step shrinks the error by λ₂/λ₁ = {ratio:.2f}: {ended}")
        self.play(clock.run_to(T - 1, run_time=3.0, spacing="geometric"), FadeOut(ghosts))
        done = style.eq(rf"\clambda_1 = {lam[0]:.4f},\ \ \cv_1 = ({V[0, 0]:.3f},\ {V[0, 1]:.3f})",
                        size=34)
        done.next_to(readout, DOWN, buff=0.4).align_to(readout, LEFT)
        self.play(Write(done), FadeOut(pbox), run_time=1.2)
        self.wait(1.0)
        self.play(FadeOut(readout), run_time=0.5)
        self.play(done.animate.align_to(readout, UP), run_time=0.6)
        self.wait(1.5)

        # Points onto the axis
        self.beat("project", "Slide every point onto that axis: the spread left along it is "
                             "exactly λ₁.")
        line.clear_updaters()
        arrow.clear_updaters()
        vlab.clear_updaters()
        readout.clear_updaters()
        scores = R["scores"]  # (n, 2) coordinates along v1, v2
        Pproj = to_scene(ax, np.outer(scores[:, 0], V[0]))  # (n, 3) points on the v1 axis
        drops = VGroup(*[Line(a, b, stroke_width=1, color=C["cv"], stroke_opacity=0.35)
                         for a, b in zip(Pc, Pproj)])
        self.play(Create(drops), run_time=1.0)
        self.play(dots.morph(pos=Pproj), FadeOut(drops), run_time=2.0)
        var1 = style.eq(rf"\frac{{1}}{{n-1}}\sum_i (\cv_1^{{\top}}\tilde{{\cx}}_i)^2 "
                        rf"= \clambda_1 = {lam[0]:.4f}", size=34)
        var1.next_to(done, DOWN, buff=0.4).align_to(done, LEFT)
        self.play(Write(var1), run_time=1.4)
        self.wait(1.5)
        self.play(dots.morph(pos=Pc), run_time=1.5)
        # the second component, at right angles
        v2 = Arrow(ax.c2p(0, 0), ax.c2p(*(ARROW_LEN * np.sqrt(lam[1] / lam[0]) * V[1])),
                   buff=0, color=C["cv"], stroke_width=5, max_tip_length_to_length_ratio=0.2)
        v2lab = style.eq(r"\cv_2", size=34).next_to(v2.get_end(), UP, buff=0.1)
        ratios = R["explained_variance_ratio"]
        sec = style.eq(rf"\clambda_2 = {lam[1]:.4f},\ \ \cv_1 \text{{ keeps }} "
                       rf"{100 * ratios[0]:.1f}\%", size=34)
        sec.next_to(var1, DOWN, buff=0.4).align_to(var1, LEFT)
        self.play(GrowArrow(v2), FadeIn(v2lab), Write(sec), run_time=1.4)
        self.wait(2.5)

        # Iris: four measurements
        IR = iris.result
        Xi, species, feats, names = load_iris()
        self.beat("iris", "Iris: four measurements per flower. Deflate Σ and repeat "
                          "to get all four directions.")
        self.play(*[FadeOut(m) for m in (line, arrow, vlab, v2, v2lab, dots, ax, readout, done,
                                         var1, sec, p1, l3, mat)], run_time=0.8)
        d.reset()
        defl = d.place(style.eq(r"\cSigma \leftarrow \cSigma - \clambda_1 \cv_1 \cv_1^{\top}",
                                size=38))
        self.play(Write(defl), run_time=1.2)
        # explained-variance bars
        ratio4 = IR["explained_variance_ratio"]
        bax = Axes(x_range=[0.4, 4.6, 1], y_range=[0, 1.0, 0.25], x_length=4.8, y_length=2.6,
                   tips=False, axis_config={"color": style.DIM, "stroke_width": 2,
                                            "font_size": 20},
                   y_axis_config={"include_numbers": True,
                                  "decimal_number_config": {"num_decimal_places": 2}})
        bax.next_to(defl, DOWN, buff=0.9).align_to(defl, LEFT).shift(0.55 * RIGHT)
        bars = VGroup()
        labels = VGroup()
        for j, r in enumerate(ratio4):
            b = Rectangle(width=0.7, height=max(bax.c2p(0, r)[1] - bax.c2p(0, 0)[1], 1e-3),
                          fill_color=C["clambda"], fill_opacity=0.85, stroke_width=0)
            b.move_to(bax.c2p(j + 1, 0), aligned_edge=DOWN)
            bars.add(b)
            lab = text(f"{100 * r:.1f}%", size=20).next_to(b, UP, buff=0.08)
            comp = style.eq(rf"\cv_{j + 1}", size=28).next_to(bax.c2p(j + 1, 0), DOWN, buff=0.15)
            labels.add(VGroup(lab, comp))
        btitle = style.eq(r"\clambda_j \big/ \textstyle\sum_k \clambda_k", size=30).next_to(
            bax, UP, buff=0.35).align_to(bax, LEFT)
        self.play(Create(bax), FadeIn(btitle), run_time=0.8)
        self.play(LaggedStart(*[GrowFromEdge(b, DOWN) for b in bars], lag_ratio=0.25),
                  LaggedStart(*[FadeIn(l) for l in labels], lag_ratio=0.25), run_time=2.0)
        keep = ratio4[0] + ratio4[1]
        self.wait(1.0)

        # Iris: 4-D -> 2-D
        self.beat("project_iris", f"Keep v₁ and v₂: {100 * keep:.1f}% of the variance, "
                                  "in a picture we can draw.")
        kb = SurroundingRectangle(VGroup(bars[0], bars[1], labels[0], labels[1]),
                                  color=C["cv"], buff=0.08, corner_radius=0.08)
        self.play(Create(kb))
        # the raw view first: sepal length against sepal width
        rax = Axes(x_range=[4, 8.5, 1], y_range=[1.5, 4.75, 0.5], x_length=6.0, y_length=4.3,
                   tips=False, axis_config={"color": style.DIM, "stroke_width": 2,
                                            "font_size": 20, "include_numbers": True},
                   y_axis_config={"decimal_number_config": {"num_decimal_places": 1}})
        rax.move_to([3.0, 0.35, 0])
        rxl = text("sepal length (cm)", color=style.DIM).next_to(rax.x_axis, DOWN, buff=0.4)
        ryl = text("sepal width (cm)", color=style.DIM).rotate(PI / 2).next_to(
            rax.y_axis, LEFT, buff=0.45)
        cols = [style.CLASS_COLORS[s] for s in species]
        Praw = to_scene(rax, Xi[:, :2])
        idots = DotCloud(Praw, radius=0.05, colors=cols, opacity=0.9)
        legend = VGroup(*[text(nm, color=style.CLASS_COLORS[s]) for s, nm in enumerate(names)])
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        legend.move_to(rax.c2p(4.1, 4.7), aligned_edge=UL)
        self.play(Create(rax), FadeIn(rxl), FadeIn(ryl), FadeIn(idots), FadeIn(legend),
                  run_time=1.2)
        self.wait(1.5)
        S = IR["scores"][:, :2]  # (150, 2)
        lo, hi = S.min(0), S.max(0)
        pad = 0.4
        xr = [np.floor(lo[0] - pad), np.ceil(hi[0] + pad)]
        yr = [np.floor(lo[1] - pad), np.ceil(hi[1] + pad)]
        # equal units on both axes, so the picture shows how much more v1 spreads than v2
        pax = Axes(x_range=[*xr, 1], y_range=[*yr, 1],
                   x_length=6.0, y_length=6.0 * (yr[1] - yr[0]) / (xr[1] - xr[0]), tips=False,
                   axis_config={"color": style.DIM, "stroke_width": 2})
        pax.move_to(rax)
        pxl = style.eq(r"\cv_1^{\top}\tilde{\cx}", size=30).next_to(pax.x_axis, RIGHT, buff=0.1)
        pyl = style.eq(r"\cv_2^{\top}\tilde{\cx}", size=30).next_to(pax.y_axis, UP, buff=0.08)
        Pp = to_scene(pax, S)
        self.play(ReplacementTransform(rax, pax), FadeOut(rxl), FadeOut(ryl), FadeIn(pxl),
                  FadeIn(pyl), idots.morph(pos=Pp), run_time=2.5)
        legend.generate_target().arrange(RIGHT, buff=0.45).next_to(pax, DOWN, buff=0.5)
        self.play(MoveToTarget(legend), run_time=0.6)
        self.wait(1.0)

        # What PC1 measures
        self.beat("loadings", "v₁ weighs the petals most: along it, setosa sits apart "
                              "from the other two.")
        short = ["sepal length", "sepal width", "petal length", "petal width"]
        rows_ = VGroup(*[style.eq(rf"{V_:+.2f}\ \ \text{{{nm}}}", size=30)
                         for V_, nm in zip(IR["components"][0], short)])
        rows_.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        head = style.eq(r"\cv_1 =", size=32)
        load = VGroup(head, rows_).arrange(RIGHT, buff=0.25, aligned_edge=UP)
        self.play(FadeOut(kb), FadeOut(btitle), FadeOut(bars), FadeOut(labels), FadeOut(bax),
                  run_time=0.6)
        load.next_to(defl, DOWN, buff=0.5).align_to(defl, LEFT)
        self.play(FadeIn(load), run_time=1.0)
        big = int(np.argmax(np.abs(IR["components"][0])))
        self.play(Create(box := highlight(rows_[big], color=C["cv"])))
        self.wait(3.0)
        self.play(FadeOut(box))

        # Recap
        self.beat("recap", "PCA: centre, covariance, its top eigenvectors, then project.")
        steps = VGroup(
            style.eq(r"1.\ \ \tilde{\cx}_i = \cx_i - \cmu", size=30),
            style.eq(r"2.\ \ \cSigma = \tfrac{1}{n-1}\textstyle\sum_i \tilde{\cx}_i"
                     r"\tilde{\cx}_i^{\top}", size=30),
            style.eq(r"3.\ \ \cSigma\cv_j = \clambda_j\cv_j \ \ "
                     r"\text{(power iteration, deflation)}", size=30),
            style.eq(r"4.\ \ \text{scores } \cv_j^{\top}\tilde{\cx}_i,\ \ "
                     r"\text{keep the largest } \clambda_j", size=30),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        if steps.width > style.LEFT_PANEL[1] - style.LEFT_PANEL[0]:
            steps.scale_to_fit_width(style.LEFT_PANEL[1] - style.LEFT_PANEL[0])
        steps.next_to(defl, DOWN, buff=0.5).align_to(defl, LEFT)
        self.play(FadeOut(load), run_time=0.6)
        self.play(LaggedStart(*[FadeIn(m, shift=0.1 * RIGHT) for m in steps], lag_ratio=0.4),
                  run_time=2.5)
        self.wait(3.0)
