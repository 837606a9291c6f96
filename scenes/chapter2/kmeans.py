"""Lecture 2.1: k-means.

Four blobs, no labels. The objective J is written down; k-means++ picks the seeds with the
D^2 probabilities drawn as dot sizes; then Lloyd's two steps alternate: assign (the Voronoi
regions of the centroids colour the points) and update (dJ/dmu = 0 gives the mean, and the
centroids glide there), with J ticking down to a fixed point. The same algorithm then runs on
the Iris petals, and the elbow plot asks which k to use.

Render: ``manim -ql scenes/chapter2/kmeans.py KMeans``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.datasets import load_iris
from algorithms.kmeans import voronoi_cells
from scenes import style
from scenes.chapter2.trajectories import BLOB_CENTERS, IRIS_K, kmeans as trajectories
from scenes.components import (
    Derivation, DotCloud, Readout, StepClock, highlight, to_scene, traced_path,
)
from scenes.lecture import LectureScene

__all__ = ["KMeans", "trajectories"]

BLOB_BOX = (-6.5, 7.5, -6.0, 6.0)       # least axes range of the blob plot (x0, x1, y0, y1)
IRIS_BOX = (0.0, 7.5, 0.0, 2.75)         # petal length x petal width, cm
GREY = ManimColor("#9AA0AA")
DETAILED = 5         # iterations shown one beat at a time; later ones are fast-forwarded
FAST_FORWARD = 8.0   # seconds for all the iterations after DETAILED


def blob_box(X: np.ndarray) -> tuple[float, float, float, float]:
    """The blob plot's range: ``BLOB_BOX``, grown in steps of 1 until every point is inside."""
    lo, hi = np.floor(X.min(axis=0) - 0.3), np.ceil(X.max(axis=0) + 0.3)
    return (float(min(BLOB_BOX[0], lo[0])), float(max(BLOB_BOX[1], hi[0])),
            float(min(BLOB_BOX[2], lo[1])), float(max(BLOB_BOX[3], hi[1])))


def class_rgb(labels: np.ndarray) -> np.ndarray:
    table = np.array([c.to_rgb() for c in style.CLASS_COLORS])  # (6, 3)
    return table[np.asarray(labels) % len(table)]


def centroid_marker(color) -> VGroup:
    """A diamond with a light rim: a centroid, never confused with a data point."""
    d = Square(0.24).rotate(PI / 4)
    d.set_fill(color, 1).set_stroke(style.TEXT, 2.5)
    return d


def text(s: str, size: float = style.LABEL_SIZE, color=style.TEXT) -> Text:
    return Text(s, font=style.FONT, font_size=size, color=color)


class KMeans(LectureScene):
    LECTURE = "chapter2/kmeans"

    # -- pieces that follow the state --------------------------------------------------------------
    def regions(self, ax: Axes, box, mu_of) -> VGroup:
        """Voronoi cells of the centroids ``mu_of()`` (k, 2), redrawn every frame."""
        k = len(mu_of())
        cells = VGroup(*[VMobject(fill_color=style.CLASS_COLORS[j], fill_opacity=0.16,
                                  stroke_color=style.CLASS_COLORS[j], stroke_opacity=0.55,
                                  stroke_width=1.5) for j in range(k)])
        cells.alpha = ValueTracker(1.0)  # fade the regions through this, not set_opacity

        def update(group):
            a = cells.alpha.get_value()
            for cell, corners in zip(group, voronoi_cells(mu_of(), box)):
                if len(corners) < 3:
                    cell.set_points_as_corners(np.zeros((2, 3)) + ax.c2p(box[0], box[2]))
                    cell.set_fill(opacity=0).set_stroke(opacity=0)
                else:
                    pts = to_scene(ax, np.vstack([corners, corners[:1]]))
                    cell.set_points_as_corners(pts)
                    cell.set_fill(opacity=0.16 * a).set_stroke(opacity=0.55 * a)

        update(cells)
        cells.add_updater(update)
        return cells

    def markers(self, ax: Axes, mu_of) -> VGroup:
        k = len(mu_of())
        group = VGroup(*[centroid_marker(style.CLASS_COLORS[j]) for j in range(k)])

        def update(g):
            for m, p in zip(g, to_scene(ax, mu_of())):
                m.move_to(p)

        update(group)
        group.add_updater(update)
        return group

    def make_axes(self, box, x_step, y_step, x_length, y_length, center,
                  numbers: bool = True) -> Axes:
        ax = Axes(x_range=[box[0], box[1], x_step], y_range=[box[2], box[3], y_step],
                  x_length=x_length, y_length=y_length, tips=False,
                  axis_config={"color": style.DIM, "stroke_width": 2, "font_size": 20,
                               "include_numbers": numbers,
                               "stroke_opacity": 1.0 if numbers else 0.5})
        return ax.move_to(center)

    # -- the lecture -----------------------------------------------------------------------------
    def construct(self):
        runs = self.trajectories()
        seeding, blobs, iris_run, elb = (runs[n] for n in ("seeding", "blobs", "iris", "elbow"))
        X = blobs.data["X"]
        k = blobs.info["k"]
        C = style.COLOR
        n = len(X)

        # Title card
        self.open_title(hold=1.2)
        bar = self.title_bar()
        self.play(FadeIn(bar), run_time=0.5)

        # Data
        self.beat("data", f"{n} points and no labels. Where are the groups?")
        plot_box = blob_box(X)
        x0, x1, y0, y1 = plot_box
        unit = min(6.3 / (x1 - x0), 5.4 / (y1 - y0))  # equal units on both axes: true distances
        ax = self.make_axes(plot_box, 2, 2, unit * (x1 - x0), unit * (y1 - y0),
                            [3.35, -0.05, 0], numbers=False)
        P = to_scene(ax, X)  # (n, 3)
        cloud = DotCloud(P, radius=0.045, color=GREY, opacity=0.9)  # grey until coloured
        self.play(Create(ax), run_time=1.0)
        self.play(cloud.intro(lag_ratio=0.004, scale=0.5, run_time=1.8))
        self.wait(1.0)

        # The objective
        self.beat("objective", f"Choose k = {k} centres μ; J adds up each point's squared "
                               "distance to its own centre.")
        d = Derivation()
        J_def = d.place(style.eq(r"\cJ = \sum_{i=1}^{n} \lVert \cx_i - \cmu_{c_i} \rVert^2",
                                 size=40))
        self.play(Write(J_def), run_time=1.6)
        legend = VGroup(
            style.eq(r"\cmu_1, \dots, \cmu_k:\ \text{centres}", size=30),
            style.eq(r"c_i \in \{1, \dots, k\}:\ \text{cluster of } \cx_i", size=30),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        d.place(legend, indent=0.2)
        self.play(FadeIn(legend), run_time=1.0)
        self.wait(2.5)

        # k-means++ seeding
        self.beat("seeding", "k-means++ seeding: points far from every centre so far are "
                             "likely picks.")
        self.play(FadeOut(legend), run_time=0.5)
        d.reset()
        d.place(J_def)
        seed_eq = d.place(style.eq(r"p_i = \frac{D(\cx_i)^2}{\sum_j D(\cx_j)^2}", size=40))
        self.play(Write(seed_eq), run_time=1.4)
        size_note = text("dot area ∝ p", color=style.DIM)
        d.place(size_note, indent=0.2)
        self.play(FadeIn(size_note))
        picked = []
        pick_label = None
        prob, index = seeding["prob"], seeding["index"]
        for j in range(k):
            p = prob[j]
            rad = 0.015 + 0.085 * np.sqrt(p / p.max())  # radius so that area ~ p
            self.play(cloud.morph(rad=rad, run_time=1.0 if j else 0.6))
            i = int(index[j])
            marker = centroid_marker(style.CLASS_COLORS[j]).move_to(P[i])
            lab = style.eq(rf"\text{{pick {j + 1}: }} p = {p[i]:.4f}"
                           + (r"\ (\text{uniform})" if j == 0 else ""), size=32)
            lab.next_to(size_note, DOWN, buff=0.3).align_to(size_note, LEFT)
            anims = [FadeIn(marker, scale=2), Flash(P[i], color=style.CLASS_COLORS[j],
                                                    line_length=0.18, flash_radius=0.22)]
            anims.append(FadeIn(lab) if pick_label is None else ReplacementTransform(pick_label, lab))
            self.play(*anims, run_time=0.8)
            pick_label = lab
            picked.append(marker)
            self.wait(0.5 if j else 0.9)
        self.play(cloud.morph(rad=np.full(n, 0.045)), FadeOut(pick_label), FadeOut(size_note),
                  run_time=0.8)
        assert np.array_equal(blobs["centroids"][0], X[index])  # the run starts from these picks

        # Assign
        self.beat("assign", "Assign: each point joins its nearest centre (the shaded regions).")
        clock = StepClock(len(blobs))
        cells = self.regions(ax, plot_box, lambda: clock.interp(blobs["centroids"]))
        marks = self.markers(ax, lambda: clock.interp(blobs["centroids"]))
        self.add(marks)
        self.remove(*picked)
        self.play(FadeOut(seed_eq), run_time=0.5)
        d.reset()
        d.place(J_def)
        assign_eq = d.place(style.eq(r"c_i \leftarrow \arg\min_j \lVert \cx_i - \cmu_j \rVert^2",
                                     size=40))
        self.add(cells)
        self.bring_to_front(cloud, marks)
        cells.alpha.set_value(0)
        self.play(Write(assign_eq), cells.alpha.animate.set_value(1), run_time=1.2)
        box = highlight(assign_eq, color=C["cmu"])
        self.play(Create(box), cloud.morph(rgb=class_rgb(blobs["labels"][0])), run_time=1.5)
        readout = Readout([r"\text{iteration}", r"\cJ"], decimals=[0, 1], size=32)
        readout.next_to(assign_eq, DOWN, buff=0.5).align_to(assign_eq, LEFT)
        shown = {"row": 0}
        readout.add_updater(lambda m: m.set_values([shown["row"],
                                                    blobs["inertia"][shown["row"]]]))
        readout.update()  # show the real numbers before fading in
        self.play(FadeIn(readout))
        self.wait(1.5)

        # Update: why the mean
        self.beat("update", "Update: with clusters fixed, J is a quadratic in each μ. "
                            "Set its derivative to 0.")
        self.play(FadeOut(box), FadeOut(readout), run_time=0.5)
        u1 = d.place(style.eq(r"\cJ = \sum_{j=1}^{k} \sum_{i \in C_j} "
                              r"\lVert \cx_i - \cmu_j \rVert^2", size=38))
        self.play(TransformFromCopy(J_def, u1), run_time=1.4)
        self.wait(1.0)
        u2 = d.place(style.eq(r"\frac{\partial \cJ}{\partial \cmu_j} = "
                              r"-2 \sum_{i \in C_j} (\cx_i - \cmu_j) = 0", size=38))
        self.play(Write(u2), run_time=1.6)
        self.wait(1.0)
        d.lines = [J_def, assign_eq, u2]
        self.play(FadeOut(u1), run_time=0.5)
        self.play(u2.animate.align_to(u1, UP), run_time=0.6)
        u3 = d.place(style.eq(r"\cmu_j \leftarrow \frac{1}{|C_j|} \sum_{i \in C_j} \cx_i", size=40))
        self.play(TransformMatchingShapes(u2.copy(), u3), run_time=1.5)
        box = highlight(u3, color=C["cmu"])
        self.play(Create(box))
        self.wait(1.2)
        caption_mean = text("the mean of its cluster", color=C["cmu"])
        caption_mean.next_to(u3, RIGHT, buff=0.3)
        if caption_mean.get_right()[0] > style.LEFT_PANEL[1]:
            caption_mean.next_to(u3, DOWN, buff=0.15).align_to(u3, LEFT)
        # glide to the means (row 0 -> row 1)
        self.play(FadeIn(caption_mean), clock.run_to(1, run_time=2.5))
        self.wait(1.0)

        # Iterate
        self.beat("iterate", "Assign, update, assign, update: neither step can raise J.")
        self.play(FadeOut(box), FadeOut(caption_mean), FadeOut(u2), run_time=0.6)
        summary = VGroup(J_def, assign_eq, u3)
        target = summary.copy().scale(0.8).arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        target.to_edge(LEFT, buff=style.MARGIN).set_y(style.LEFT_PANEL[3] - target.height / 2)
        self.play(Transform(summary, target))
        d.lines = [J_def, assign_eq, u3]
        readout.next_to(u3, DOWN, buff=0.35).align_to(u3, LEFT)
        T = len(blobs)
        J0 = float(blobs["inertia"][0])
        tick = max(1, int(np.ceil((T - 1) / 6)))  # at most ~6 numbered iterations
        jax = Axes(x_range=[0, max(T - 1, 1), tick], y_range=[0, J0 * 1.1, J0 * 0.5],
                   x_length=4.6, y_length=1.2, tips=False,
                   axis_config={"color": style.DIM, "stroke_width": 2, "font_size": 20,
                                "include_numbers": False})
        jax.x_axis.add_numbers(font_size=20)
        jax.next_to(readout, DOWN, buff=0.6).align_to(readout, LEFT).shift(0.3 * RIGHT)
        jlab = style.eq(r"\cJ", size=30).next_to(jax.y_axis, UP, buff=0.08)
        jstep = text("iteration", size=20, color=style.DIM).next_to(jax.x_axis, RIGHT, buff=0.15)
        jclock = StepClock(T)
        jpath = traced_path(jax, np.c_[np.arange(T), blobs["inertia"]], jclock, color=C["cJ"])
        self.play(FadeIn(readout), Create(jax), FadeIn(jlab), FadeIn(jstep), run_time=1.0)
        self.add(jpath)
        for t in range(1, T):
            if t <= DETAILED:  # one step at a time, the equation in use boxed
                if t > 1:  # update: centroids glide to the means of row t-1's clusters
                    ub = highlight(u3, color=C["cmu"])
                    self.play(Create(ub), clock.run_to(t, run_time=1.4 if t < 4 else 0.9))
                    self.play(FadeOut(ub), run_time=0.3)
                # assign: recolour by the nearest centroid; J of row t
                ab = highlight(assign_eq, color=C["cmu"])
                self.play(Create(ab), cloud.morph(rgb=class_rgb(blobs["labels"][t])),
                          jclock.run_to(t), run_time=1.3 if t < 4 else 0.9)
                shown["row"] = t
                self.play(FadeOut(ab), run_time=0.3)
            else:  # a long run: the remaining iterations share a fixed time budget
                half = max(0.25, FAST_FORWARD / (T - DETAILED) / 2)
                self.play(clock.run_to(t, run_time=half))
                self.play(cloud.morph(rgb=class_rgb(blobs["labels"][t])), jclock.run_to(t),
                          run_time=half)
                shown["row"] = t

        # Converged
        it = blobs.info["n_iter"]
        verdict = ("No point changed cluster: a fixed point" if blobs.converged
                   else "Stopped at max_iter")
        self.beat("converged", f"{verdict} after {it} iterations, J = "
                               f"{float(blobs['inertia'][-1]):.1f}.")
        self.play(Indicate(readout[1], color=C["cJ"]), run_time=1.2)
        self.play(*[Indicate(m, scale_factor=1.4, color=style.CLASS_COLORS[j])
                    for j, m in enumerate(marks)], run_time=1.2)
        self.wait(1.5)

        # Iris
        self.beat("iris", "The same steps on real flowers: Iris petal length and width, k = 3.")
        cells.clear_updaters()
        marks.clear_updaters()
        jpath.clear_updaters()
        readout.clear_updaters()
        self.play(*[FadeOut(m) for m in (cells, marks, cloud, ax, jax, jlab, jstep, jpath,
                                         readout)], run_time=0.8)
        XI = iris_run.data["X"]
        species = load_iris()[1]
        iax = self.make_axes(IRIS_BOX, 1, 0.5, 6.3, 4.6, [3.35, 0.25, 0])
        ixl = text("petal length (cm)", color=style.DIM).next_to(iax.x_axis, DOWN, buff=0.4)
        iyl = text("petal width (cm)", color=style.DIM).rotate(PI / 2).next_to(
            iax.y_axis, LEFT, buff=0.45)
        PI_ = to_scene(iax, XI)
        icloud = DotCloud(PI_, radius=0.05, color=GREY, opacity=0.9)
        self.play(Create(iax), FadeIn(ixl), FadeIn(iyl), FadeIn(icloud), run_time=1.2)
        TI = len(iris_run)
        iclock = StepClock(TI)
        icells = self.regions(iax, IRIS_BOX, lambda: iclock.interp(iris_run["centroids"]))
        imarks = self.markers(iax, lambda: iclock.interp(iris_run["centroids"]))
        ireadout = Readout([r"\text{iteration}", r"\cJ"], decimals=[0, 2], size=32)
        ireadout.next_to(u3, DOWN, buff=0.45).align_to(u3, LEFT)
        ishown = {"row": 0}
        ireadout.add_updater(lambda m: m.set_values([ishown["row"],
                                                     iris_run["inertia"][ishown["row"]]]))
        ireadout.update()
        icells.alpha.set_value(0)
        self.add(icells)
        self.bring_to_front(icloud)
        self.play(icells.alpha.animate.set_value(1), FadeIn(imarks, scale=2), FadeIn(ireadout),
                  icloud.morph(rgb=class_rgb(iris_run["labels"][0])), run_time=1.2)
        pace = min(1.0, 2 * FAST_FORWARD / (1.6 * max(TI - 1, 1)))  # long runs go faster
        for t in range(1, TI):
            self.play(iclock.run_to(t, run_time=max(0.25, 0.9 * pace)))
            self.play(icloud.morph(rgb=class_rgb(iris_run["labels"][t])),
                      run_time=max(0.25, 0.7 * pace))
            ishown["row"] = t
        self.wait(1.0)

        # Compare with the species
        final = iris_run.result["labels"]
        # colour each species like the cluster most of its flowers fell into (display only)
        colour_of = [np.bincount(final[species == s], minlength=IRIS_K).argmax()
                     for s in range(3)]
        setosa_exact = np.array_equal(final == colour_of[0], species == 0)
        self.beat("species", "Now colour by the true species: " + (
            "setosa is found exactly; the other two overlap." if setosa_exact
            else "the clusters only partly follow them."))
        sp_rgb = class_rgb(np.array(colour_of)[species])
        wrong = np.flatnonzero(np.array(colour_of)[species] != final)
        rings = VGroup(*[Circle(radius=0.1, color=style.TEXT, stroke_width=2).move_to(PI_[i])
                         for i in wrong])
        names = VGroup()
        for s, name in enumerate(load_iris()[3]):
            lab = text(name, color=style.CLASS_COLORS[colour_of[s]])
            names.add(lab)
        names.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        names.move_to(iax.c2p(0.3, 2.6), aligned_edge=UL)
        self.play(icells.alpha.animate.set_value(0.35), icloud.morph(rgb=sp_rgb),
                  FadeIn(names), run_time=1.5)
        self.play(Create(rings), run_time=1.0)
        ring_note = text("ringed: species ≠ cluster", color=style.DIM)
        ring_note.next_to(ireadout, DOWN, buff=0.4).align_to(ireadout, LEFT)
        self.play(FadeIn(ring_note))
        self.wait(2.5)

        # Elbow
        ks, Jk = elb["k"], elb["inertia"]
        self.beat("elbow", "Which k? J always falls as k grows; the elbow is where extra "
                           "centres stop paying.")
        icells.clear_updaters()
        imarks.clear_updaters()
        ireadout.clear_updaters()
        self.play(*[FadeOut(m) for m in (icells, imarks, icloud, iax, ixl, iyl, rings, names,
                                         ring_note, ireadout)], run_time=0.8)
        elb_eq = style.eq(r"\cJ(k) = \min_{c,\,\cmu} \sum_i \lVert \cx_i - \cmu_{c_i} \rVert^2",
                          size=36)
        elb_eq.next_to(u3, DOWN, buff=0.5).align_to(u3, LEFT)
        best_note = text(f"best of {elb.info['n_init']} k-means++ runs per k", color=style.DIM)
        best_note.next_to(elb_eq, DOWN, buff=0.3).align_to(elb_eq, LEFT)
        top = float(Jk[0]) * 1.1
        step = 10 ** np.floor(np.log10(top / 3))
        eax = Axes(x_range=[0, int(ks[-1]) + 0.5, 1], y_range=[0, top, step * np.ceil(top / 4 / step)],
                   x_length=6.0, y_length=4.6, tips=False,
                   axis_config={"color": style.DIM, "stroke_width": 2, "font_size": 20,
                                "include_numbers": True,
                                "decimal_number_config": {"num_decimal_places": 0}})
        eax.move_to([3.5, 0.0, 0])
        exl = text("k", color=style.DIM).next_to(eax.x_axis, DOWN, buff=0.35)
        eyl = style.eq(r"\cJ", size=32).next_to(eax.y_axis, UP, buff=0.1)
        pts = to_scene(eax, np.c_[ks, Jk])
        line = VMobject(stroke_color=C["cJ"], stroke_width=3).set_points_as_corners(pts)
        edots = VGroup(*[Dot(p, radius=0.07, color=C["cJ"]) for p in pts])
        self.play(Write(elb_eq), FadeIn(best_note), Create(eax), FadeIn(exl), FadeIn(eyl),
                  run_time=1.2)
        self.play(Create(line), LaggedStart(*[FadeIn(e, scale=2) for e in edots], lag_ratio=0.2),
                  run_time=2.5)
        n_blobs = len(BLOB_CENTERS)
        if n_blobs in ks.tolist():
            e = int(np.flatnonzero(ks == n_blobs)[0])
            ring = Circle(radius=0.2, color=style.TEXT, stroke_width=3).move_to(pts[e])
            lab = text(f"k = {n_blobs}: the blobs we drew", color=style.TEXT)
            lab.move_to(eax.c2p(3.6, float(Jk[0]) * 0.6), aligned_edge=LEFT)
            lab.shift(min(0.0, style.FRAME_W / 2 - style.MARGIN - lab.get_right()[0]) * RIGHT)
            arrow = Arrow(lab.get_bottom(), ring.get_top(), buff=0.08, stroke_width=2.5,
                          color=style.TEXT, max_tip_length_to_length_ratio=0.3)
            self.play(Create(ring), FadeIn(lab), GrowArrow(arrow))
        self.wait(3.5)
