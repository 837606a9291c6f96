"""Lecture 4.1: a network as a function approximator.

Noisy samples of sin(2x) + sin(5x)/2; a network with one hidden layer of tanh units,
a = tanh(W x + b), y-hat = W2 a + b2. Each hidden unit is an S-shaped bend placed and
stretched by its weight and bias; the output weights scale them and their sum is the
prediction. Training (Adam) moves the bends until the sum follows the data.

Render: ``manim -ql scenes/chapter4/function_approximation.py FunctionApproximation``
"""
from __future__ import annotations

import numpy as np
from manim import *

from scenes import style
from scenes.chapter4.trajectories import function_approximation as trajectories
from scenes.components import (DotCloud, Derivation, Readout, StepClock, highlight, on_change,
                               part, to_scene)
from scenes.lecture import LectureScene

__all__ = ["FunctionApproximation", "trajectories", "network_diagram", "unit_colors", "plane_map"]


def unpack(theta: np.ndarray, hidden: int) -> tuple[np.ndarray, ...]:
    """``(W1, b1, W2, b2)`` of a 1-H-1 network from theta rows (..., P): shapes (..., H) and
    (...,); the layout is the MLP's (W^1 row-major, b^1, W^2, b^2)."""
    H = hidden
    return theta[..., :H], theta[..., H:2 * H], theta[..., 2 * H:3 * H], theta[..., 3 * H]


def plane_map(axes: Axes):
    """A vectorised ``to_scene`` for linear axes: (N, 2) axes coordinates -> (N, 3) points.

    (The same as ``components.to_scene``, without ``c2p``'s overhead in per-frame updaters.)
    """
    o = np.asarray(axes.c2p(0, 0), float)
    ux, uy = np.asarray(axes.c2p(1, 0), float) - o, np.asarray(axes.c2p(0, 1), float) - o

    def to_points(xy: np.ndarray) -> np.ndarray:
        xy = np.asarray(xy, float).reshape(-1, 2)
        return o + xy[:, :1] * ux + xy[:, 1:] * uy

    return to_points


def unit_colors(n: int) -> list[ManimColor]:
    """Colours of n hidden units (they are not symbols: a categorical ramp)."""
    return color_gradient(style.CLASS_COLORS[:5], n) if n > 1 else [style.CLASS_COLORS[0]]


def network_diagram(sizes, *, width: float, height: float, radius: float = 0.16,
                    node_colors=None, edge_color=style.DIM) -> VGroup:
    """Circles per layer (left to right) and lines between consecutive layers.

    Returns a VGroup with attributes ``nodes`` (list over layers of VGroups of Circles) and
    ``edges`` (list over weight layers l = 1..L of arrays (n_l, n_{l-1}) of Lines).
    """
    diagram = VGroup()
    xs = np.linspace(-width / 2, width / 2, len(sizes))
    radius = min(radius, 0.4 * height / max(max(sizes) - 1, 1))  # circles never touch
    nodes = []
    for i, (n, x) in enumerate(zip(sizes, xs)):
        gap = min(height / max(n - 1, 1), 4.5 * radius)
        ys = (np.arange(n) - (n - 1) / 2) * -gap
        col = node_colors[i] if node_colors is not None else [style.TEXT] * n
        if not isinstance(col, (list, tuple)):
            col = [col] * n
        layer = VGroup(*[Circle(radius=radius, color=c, stroke_width=2.5, fill_color=style.BACKGROUND,
                                fill_opacity=1).move_to([x, y, 0]) for c, y in zip(col, ys)])
        nodes.append(layer)
    edges = []
    for left, right in zip(nodes[:-1], nodes[1:]):
        grid = np.empty((len(right), len(left)), dtype=object)
        for j, b in enumerate(right):
            for k, a in enumerate(left):
                grid[j, k] = Line(a.get_center(), b.get_center(), buff=radius,
                                  stroke_width=1.5, color=edge_color)
        edges.append(grid)
    diagram.add(*[VGroup(*e.ravel()) for e in edges], *nodes)
    diagram.nodes, diagram.edges = nodes, edges
    return diagram


AXIS = {"color": style.DIM, "stroke_width": 2, "font_size": 20, "include_numbers": True}


class FunctionApproximation(LectureScene):
    LECTURE = "chapter4/function_approximation"

    def construct(self):
        fit = self.trajectories()["fit"]
        C = style.COLOR
        H = fit["hidden"].shape[2]
        x, y = fit.data["X"][:, 0], fit.data["y"]
        grid, target = fit.data["grid"][:, 0], fit.data["target"]
        W1, b1, W2, b2 = unpack(fit["theta"], H)  # (T, H) x3, (T,)
        acts = fit["hidden"]  # (T, G, H)
        pred = fit["prediction"]  # (T, G)
        T = len(fit)
        ucol = unit_colors(H)
        noise = fit.info["noise"]

        # Title card
        self.open_title()
        bar = self.title_bar()
        self.play(FadeIn(bar), run_time=0.5)

        # Data
        self.beat("data", f"{len(x)} noisy samples of a wiggly curve. Can a network find the curve?")
        ax = Axes(x_range=[-1.6, 1.6, 0.5], y_range=[-2, 2, 1], x_length=6.2, y_length=2.7,
                  tips=False, axis_config={**AXIS, "include_numbers": False}).move_to([3.3, 1.45, 0])
        ax.y_axis.add_numbers(font_size=20)
        xl = style.eq(r"\cx", size=30).next_to(ax.x_axis, RIGHT, buff=0.1)
        yl = style.eq(r"\cy", size=30).next_to(ax.y_axis, UP, buff=0.08)
        dots = DotCloud(to_scene(ax, np.c_[x, y]), radius=0.04, color=C["cy"], opacity=0.9)
        truth = DashedVMobject(VMobject(stroke_color=style.DIM, stroke_width=2).set_points_smoothly(
            to_scene(ax, np.c_[grid, target])), num_dashes=60)
        truth_lab = style.eq(r"\sin 2x + \tfrac12 \sin 5x", size=26, color=style.DIM)
        truth_lab.next_to(ax, DOWN, buff=0.15).align_to(ax, RIGHT)
        self.play(Create(ax), FadeIn(xl), FadeIn(yl), run_time=1.0)
        self.play(dots.intro(lag_ratio=0.02, run_time=1.5))
        self.play(Create(truth), FadeIn(truth_lab), run_time=1.5)
        self.wait(1.5)
        self.play(truth.animate.set_stroke(opacity=0.35), FadeOut(truth_lab))

        # The network
        self.beat("network", f"One input, {H} hidden units, one output: every line is a weight.")
        net = network_diagram((1, H, 1), width=3.6, height=2.3, radius=0.14,
                              node_colors=[style.TEXT, list(ucol), C["cyhat"]])
        net.move_to([-3.7, 1.2, 0])
        in_lab = style.eq(r"\cx", size=30).next_to(net.nodes[0], LEFT, buff=0.15)
        out_lab = style.eq(r"\cyhat", size=30).next_to(net.nodes[2], RIGHT, buff=0.15)
        h_lab = style.eq(r"\ca_j", size=28).next_to(net.nodes[1], UP, buff=0.12)
        self.play(LaggedStart(*[GrowFromCenter(n) for layer in net.nodes for n in layer],
                              lag_ratio=0.05), run_time=1.5)
        self.play(*[Create(VGroup(*e.ravel())) for e in net.edges], FadeIn(in_lab),
                  FadeIn(out_lab), FadeIn(h_lab), run_time=1.5)

        d = Derivation(top=-0.45)
        e1 = d.place(style.eq(r"\cz = \cW^{1} \cx + \cb^{1}", size=36))
        e2 = d.place(style.eq(r"\ca = \csigma(\cz), \quad \csigma = \tanh", size=36))
        e3 = d.place(style.eq(r"\cyhat = {{ \cW^{2} }} \ca + \cb^{2}"
                              r" = \sum_{j} \cW^{2}_{j} \ca_j + \cb^{2}", size=36))
        self.play(Write(e1), run_time=1.3)
        self.play(*[Indicate(VGroup(*net.edges[0].ravel()), color=C["cW"])], run_time=1.0)
        self.play(Write(e2), run_time=1.3)
        self.play(Indicate(net.nodes[1], color=C["csigma"]), run_time=1.0)
        self.play(Write(e3), run_time=1.5)
        self.play(Indicate(VGroup(*net.edges[1].ravel()), color=C["cW"]), run_time=1.0)
        self.wait(1.0)

        # One hidden unit is a bend
        self.beat("unit", "Each unit is one tanh bend: its weight sets the steepness, its bias the place.")
        top = float(np.ceil(np.max(np.abs(acts * W2[:, None, :]))))  # tallest scaled unit
        bax = Axes(x_range=[-1.6, 1.6, 0.5], y_range=[-top, top, 1], x_length=6.2, y_length=2.0,
                   tips=False, axis_config={**AXIS, "include_numbers": False}).move_to([3.3, -1.6, 0])
        ticks = VGroup(*[MathTex(f"{v:g}", font_size=20, color=style.DIM).move_to(
            bax.c2p(v, -top) + 0.25 * DOWN) for v in (-1.5, -1, -0.5, 0, 0.5, 1, 1.5)])
        bax.add(ticks)
        bx_lab = style.eq(r"\cx", size=28).next_to(ticks, RIGHT, buff=0.15)
        bax.add(bx_lab)
        bl = Text("hidden units", font=style.FONT, font_size=style.LABEL_SIZE,
                  color=style.DIM).next_to(bax, UP, buff=0.02).align_to(bax, LEFT).shift(0.3 * RIGHT)
        self.play(Create(bax), run_time=0.8)
        j0 = int(np.argmax(np.abs(W1[-1])))  # a steep unit of the trained net, to show first
        unit_eq = style.eq(rf"\ca_{{{j0 + 1}}} = \tanh(\cW^{{1}}_{{{j0 + 1}}} \cx + "
                           rf"\cb^{{1}}_{{{j0 + 1}}})", size=32)
        box = highlight(net.nodes[1][j0], color=ucol[j0])

        curves = VGroup(*[VMobject(stroke_color=c, stroke_width=3) for c in ucol])

        def draw_units(rows_acts: np.ndarray, scale: np.ndarray | None = None, only=None):
            for j, mob in enumerate(curves):
                ys = rows_acts[:, j] * (1.0 if scale is None else scale[j])
                mob.set_points_as_corners(to_scene(bax, np.c_[grid, ys]))
                mob.set_stroke(opacity=1.0 if only is None or j == only else 0.0)

        draw_units(acts[-1], only=j0)
        self.play(Create(box), Write(unit_eq), Create(curves[j0]), run_time=1.5)
        # its bend sits where W x + b = 0
        xb = float(-b1[-1, j0] / W1[-1, j0])
        bend = DashedLine(bax.c2p(xb, -top), bax.c2p(xb, top), color=ucol[j0], stroke_width=2)
        bend_lab = style.eq(rf"\text{{bend at }} \cx = -\cb^{{1}}_{{{j0 + 1}}} / "
                            rf"\cW^{{1}}_{{{j0 + 1}}} = {xb:.2f}", size=30)
        unit_row = VGroup(unit_eq, bend_lab).arrange(RIGHT, buff=0.45)
        if unit_row.width > 6.8:
            unit_row.scale_to_fit_width(6.8)
        unit_row.move_to([3.25, -0.28, 0])
        self.play(Create(bend), FadeIn(bend_lab), run_time=1.0)
        self.wait(1.5)
        self.play(FadeOut(box), FadeOut(bend), FadeOut(bend_lab), FadeOut(unit_eq))
        draw_units(acts[-1])
        self.play(*[Create(c) for j, c in enumerate(curves) if j != j0], FadeIn(bl), run_time=1.5)
        self.wait(1.0)

        # Weighted sum of the bends
        self.beat("sum", "Scale each bend by its output weight and add them: that sum is the output.")
        scaled_lab = style.eq(r"\cW^{2}_{j}\, \ca_j(\cx)", size=28).next_to(bax, UP, buff=0.02)
        scaled_lab.align_to(bax, RIGHT)
        pl = lambda k: np.c_[grid, np.clip(pred[k], -2, 2)]  # noqa: E731
        final_curve = VMobject(stroke_color=C["cyhat"], stroke_width=4).set_points_as_corners(
            to_scene(ax, pl(T - 1)))
        targets = curves.copy()
        for j, mob in enumerate(targets):
            ys = acts[-1][:, j] * W2[-1, j]
            mob.set_points_as_corners(to_scene(bax, np.c_[grid, ys]))
        self.play(Transform(curves, targets), FadeOut(bl), FadeIn(scaled_lab),
                  Indicate(part(e3, r"\cW^{2}"), color=C["cW"]), run_time=1.8)
        pieces = [c.copy() for c in curves]
        sums = [final_curve.copy() for _ in curves]
        self.play(*[ReplacementTransform(a, b) for a, b in zip(pieces, sums)],
                  Circumscribe(e3, color=C["cyhat"]), run_time=2.0)
        self.remove(*sums)
        self.add(final_curve)
        self.wait(1.5)
        caption_t = Text("after training", font=style.FONT, font_size=style.LABEL_SIZE,
                         color=C["cyhat"]).next_to(ax.c2p(1.6, -2.0), UL, buff=0.1)
        self.play(FadeIn(caption_t))
        self.wait(1.0)

        # Start from scratch: training
        self.beat("init", "But that was the end. At the start the bends are random and nearly cancel.")
        clock = StepClock(T)
        curve = VMobject(stroke_color=C["cyhat"], stroke_width=4)

        top_pts, bottom_pts = plane_map(ax), plane_map(bax)

        def upd_curve(m):
            m.set_points_as_corners(top_pts(np.c_[grid, np.clip(clock.interp(pred), -2, 2)]))

        def upd_units(m):
            a = clock.interp(acts)  # (G, H)
            w2 = clock.interp(W2)   # (H,)
            for j, mob in enumerate(m):
                mob.set_points_as_corners(bottom_pts(np.c_[grid, a[:, j] * w2[j]]))

        widths = VGroup(*[e for layer in net.edges for e in layer.ravel()])

        def upd_edges(m):
            w = np.concatenate([np.abs(clock.interp(W1)), np.abs(clock.interp(W2))])  # (2H,)
            layer1, layer2 = net.edges
            for j in range(H):
                layer1[j, 0].set_stroke(color=C["cW"], width=0.6 + 2.2 * min(w[j] / 3.0, 1.5),
                                        opacity=0.9)
                layer2[0, j].set_stroke(color=C["cW"], width=0.6 + 2.2 * min(w[H + j] / 3.0, 1.5),
                                        opacity=0.9)

        upd_curve(curve)
        start_units = curves.copy()
        upd_units(start_units)
        self.play(FadeOut(caption_t), ReplacementTransform(final_curve, curve),
                  Transform(curves, start_units), run_time=2.0)
        curve.add_updater(on_change(lambda: clock.value, upd_curve))
        curves.add_updater(on_change(lambda: clock.value, upd_units))
        upd_edges(widths)
        self.play(*[e.animate.set_stroke(color=C["cW"]) for e in widths], run_time=0.6)
        widths.add_updater(on_change(lambda: clock.value, upd_edges))
        self.play(FadeOut(e1), FadeOut(e2), run_time=0.5)
        self.play(e3.animate.move_to([e3.get_center()[0], -0.6, 0]).align_to(e1, LEFT))
        rd = Readout([r"\text{step}", r"\cL_{\text{MSE}}"], decimals=[0, 4], size=32)
        rd.next_to(e3, DOWN, buff=0.5).align_to(e3, LEFT)
        steps = fit["step"]
        self.show_live(rd, lambda m: m.set_values([steps[clock.row], clock.at(fit["loss"])]))
        self.wait(1.5)

        # Training
        self.beat("train", f"Adam, η = {fit.info['lr']:g}: the gradient moves every bend at once.")
        k1 = int(np.searchsorted(steps, 300))
        self.play(clock.run_to(k1, run_time=8, spacing="linear"))
        self.beat("train2", "Bends slide to where the data turns; their weights grow to match the swings.")
        self.play(clock.run_to(T - 1, run_time=12, spacing="geometric"))
        self.wait(1.0)

        # Result
        mse_true = float(np.mean((pred[-1] - target) ** 2))
        final = float(fit["loss"][-1])
        if final < 1.5 * noise ** 2 + 1e-3:
            verdict = (f"Training MSE {final:.4f}, about the noise variance {noise ** 2:.4f}: "
                       "the curve, not the noise.")
        else:
            verdict = (f"Training MSE {final:.4f}, noise variance {noise ** 2:.4f}: "
                       "more steps or units would fit closer.")
        self.beat("result", verdict)
        for m in (curve, curves, widths, rd):
            m.clear_updaters()
        self.play(truth.animate.set_stroke(opacity=1.0), run_time=1.0)
        r1 = Text(f"noise variance: {noise ** 2:.4f}", font=style.FONT,
                  font_size=style.LABEL_SIZE, color=style.TEXT)
        r2 = Text(f"true-curve MSE: {mse_true:.4f}", font=style.FONT,
                  font_size=style.LABEL_SIZE, color=style.TEXT)
        col = VGroup(r1, r2).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        col.next_to(rd, RIGHT, buff=0.45).align_to(rd, DOWN)
        self.play(FadeIn(r1, shift=0.1 * RIGHT))
        self.play(FadeIn(r2, shift=0.1 * RIGHT))
        self.wait(3.0)

        # Takeaway
        self.beat("takeaway", "More units, more bends: one hidden layer can follow any continuous curve.")
        ua = style.eq(r"\cyhat(\cx) = \sum_{j=1}^{H} \cW^{2}_{j}\, \csigma(\cW^{1}_{j} \cx + "
                      r"\cb^{1}_{j}) + \cb^{2}", size=36)
        ua.move_to(rd, aligned_edge=UL)
        self.play(FadeOut(col), FadeOut(rd), run_time=0.6)
        self.play(Write(ua), run_time=1.8)
        self.play(Circumscribe(ua, color=C["cyhat"]), run_time=1.5)
        self.wait(3.0)
