"""Lecture 4.2: backpropagation and the loss landscape.

A 2-3-1 network (tanh hidden layer, logistic output, binary cross-entropy) on XOR data.
One sample goes forward through the graph with its numbers; the chain rule is then
derived layer by layer with the deltas, and the gradient magnitudes flow backward through
the diagram as edge widths. Training by gradient descent is shown on the loss landscape:
the loss on the plane through the trained weights spanned by the path's two principal
directions, with the path drawn on it.

Render: ``manim -ql scenes/chapter4/backpropagation.py Backpropagation``
"""
from __future__ import annotations

import numpy as np
from manim import *

from scenes import style
from scenes.chapter4.function_approximation import network_diagram
from scenes.chapter4.trajectories import backpropagation as trajectories
from scenes.components import (
    Derivation, Readout, StepClock, contour_lines, heatmap, highlight, traced_path,
)
from scenes.lecture import LectureScene

__all__ = ["Backpropagation", "trajectories"]


def fmt(v: float, d: int = 2) -> str:
    return f"{v:.{d}f}"


def label(text: str, color=style.TEXT, size: float = style.LABEL_SIZE) -> Text:
    return Text(text, font=style.FONT, font_size=size, color=color)


class Backpropagation(LectureScene):
    LECTURE = "chapter4/backpropagation"

    def construct(self):
        runs = self.trajectories()
        run, land, ex = runs["train"], runs["landscape"], runs["example"]
        C = style.COLOR
        r = ex.result
        H = r["a1"].shape[0]
        T = len(run)

        # Title card
        self.open_title()
        bar = self.title_bar()
        self.play(FadeIn(bar), run_time=0.5)

        # The graph
        self.beat("graph", f"A 2-{H}-1 network for XOR: tanh hidden units, a sigmoid output.")
        net = network_diagram((2, H, 1), width=3.9, height=2.9, radius=0.34,
                              node_colors=[style.TEXT, C["ca"], C["cyhat"]])
        net.move_to([2.75, 0.35, 0])
        in_labs = VGroup(*[style.eq(rf"\cx_{k + 1}", size=30).next_to(n, LEFT, buff=0.15)
                           for k, n in enumerate(net.nodes[0])])
        h_labs = VGroup(*[style.eq(rf"\ca^{{1}}_{j + 1}", size=28).next_to(n, UP, buff=0.06)
                          for j, n in enumerate(net.nodes[1])])
        out_lab = style.eq(r"\cyhat", size=30).next_to(net.nodes[2], UP, buff=0.08)
        loss_node = RoundedRectangle(corner_radius=0.15, width=0.8, height=0.6,
                                     color=C["cL"]).next_to(net.nodes[2], RIGHT, buff=0.55)
        loss_lab = style.eq(r"\cL", size=30).move_to(loss_node)
        loss_edge = Arrow(net.nodes[2].get_right(), loss_node.get_left(), buff=0.05,
                          stroke_width=2.5, color=style.DIM, max_tip_length_to_length_ratio=0.3)
        edges = [VGroup(*e.ravel()) for e in net.edges]
        self.play(LaggedStart(*[GrowFromCenter(n) for layer in net.nodes for n in layer],
                              lag_ratio=0.08), run_time=1.4)
        self.play(*[Create(e) for e in edges], FadeIn(in_labs), FadeIn(h_labs), FadeIn(out_lab),
                  run_time=1.2)
        self.play(GrowArrow(loss_edge), Create(loss_node), Write(loss_lab), run_time=0.8)
        self.wait(0.5)

        # Forward pass with one sample's numbers
        x, yv = ex.data["x"], float(ex.data["y"][0])
        self.beat("forward", f"Forward: one sample x = ({fmt(x[0])}, {fmt(x[1])}) with label "
                             f"y = {yv:g} flows left to right.")
        d = Derivation(top=2.75)
        f1 = d.place(style.eq(r"\cz^{1} = \cW^{1} \cx + \cb^{1}", size=34))
        f2 = d.place(style.eq(r"\ca^{1} = \csigma(\cz^{1}), \quad \csigma = \tanh", size=34))
        f3 = d.place(style.eq(r"\cz^{2} = \cW^{2} \ca^{1} + \cb^{2}", size=34))
        f4 = d.place(style.eq(r"\cyhat = \ca^{2} = \csigma(\cz^{2}) = \frac{1}{1 + e^{-\cz^{2}}}",
                              size=34))
        f5 = d.place(style.eq(r"\cL = -\left[\cy \log \cyhat + (1 - \cy)\log(1 - \cyhat)\right]",
                              size=34))

        def value(v, node, color=style.TEXT):
            return MathTex(fmt(v), font_size=24, color=color).move_to(node)

        xin = VGroup(*[value(v, n) for v, n in zip(x, net.nodes[0])])
        hv = VGroup(*[value(v, n) for v, n in zip(r["a1"], net.nodes[1])])
        ov = value(r["a2"][0], net.nodes[2])
        lv = MathTex(fmt(r["loss"]), font_size=26, color=C["cL"]).move_to(loss_node)
        l_name = style.eq(r"\cL", size=28).next_to(loss_node, DOWN, buff=0.12)
        yl = style.eq(rf"\cy = {yv:g}", size=28).next_to(loss_node, UP, buff=0.15)
        self.play(FadeIn(xin), FadeIn(yl))
        self.play(Write(f1), ShowPassingFlash(edges[0].copy().set_stroke(C["cW"], 5),
                                              time_width=0.6), run_time=1.4)
        self.play(Write(f2), FadeIn(hv), run_time=1.2)
        self.play(Write(f3), ShowPassingFlash(edges[1].copy().set_stroke(C["cW"], 5),
                                              time_width=0.6), run_time=1.4)
        self.play(Write(f4), FadeIn(ov), run_time=1.2)
        self.play(Write(f5), ReplacementTransform(loss_lab, lv), FadeIn(l_name),
                  Indicate(loss_node, color=C["cL"]), run_time=1.4)
        self.wait(1.5)

        # Chain rule for the last layer
        self.beat("chain", "Backward: how does L change with a last-layer weight? The chain rule.")
        self.play(*[FadeOut(m) for m in (f1, f2, f3, f4, f5)], run_time=0.6)
        d.reset(top=2.75)
        b1 = d.place(style.eq(r"\frac{\partial \cL}{\partial \cW^{2}} = ",
                              r"\frac{\partial \cL}{\partial \ca^{2}}",
                              r"\frac{\partial \ca^{2}}{\partial \cz^{2}}",
                              r"\frac{\partial \cz^{2}}{\partial \cW^{2}}", size=36))
        self.play(Write(b1), run_time=1.8)
        box = highlight(VGroup(b1[1], b1[2]), color=C["cdelta"])
        self.play(Create(box))
        b2 = d.place(style.eq(r"\cdelta^{2} \equiv \frac{\partial \cL}{\partial \cz^{2}} = "
                              r"\frac{\partial \cL}{\partial \ca^{2}} \odot \csigma'(\cz^{2})",
                              size=36))
        self.play(TransformFromCopy(VGroup(b1[1], b1[2]), b2), run_time=1.5)
        self.wait(1.0)
        b3 = d.place(style.eq(r"= \frac{\cyhat - \cy}{\cyhat(1 - \cyhat)} \cdot \cyhat(1 - \cyhat)"
                              r" = \cyhat - \cy", size=36), indent=0.9)
        self.play(Write(b3), run_time=1.8)
        self.wait(1.0)

        # The output delta, numerically, and the last layer's gradient
        d2 = float(r["delta2"][0])
        self.beat("delta2", f"For a sigmoid with cross-entropy δ² = ŷ − y = {r['a2'][0]:.2f} − "
                            f"{yv:g} = {d2:.2f}.")
        dlab = MathTex(r"\delta^{2} = " + fmt(d2), font_size=28, color=C["cdelta"])
        dlab.next_to(net.nodes[2], DOWN, buff=0.15)
        self.play(FadeOut(box), Indicate(ov, color=C["cdelta"]), FadeIn(dlab, shift=0.1 * DOWN))
        b4 = style.eq(r"\frac{\partial \cL}{\partial \cW^{2}} = ", r"\cdelta^{2}",
                      r"(\ca^{1})^{\top}", size=36).move_to(b1, aligned_edge=LEFT)
        self.play(TransformMatchingShapes(b1, b4), run_time=1.5)
        d.lines[0] = b4
        gmax = max(np.abs(r["dW1"]).max(), np.abs(r["dW2"]).max())

        def grad_style(line, g):
            return line.animate.set_stroke(color=C["cg"], width=1 + 9 * abs(g) / gmax, opacity=1)

        flows = [grad_style(net.edges[1][0, j], r["dW2"][0, j]) for j in range(H)]
        self.play(*flows, Indicate(b4[2], color=C["ca"]), run_time=1.6)
        note = label("edge width = |∂L/∂w|", C["cg"]).next_to(net, DOWN, buff=0.3)
        self.play(FadeIn(note))
        self.wait(1.5)

        # Back through the hidden layer
        self.beat("delta1", "The delta flows back along the same weights, damped by σ′ of each unit.")
        self.play(FadeOut(b2), FadeOut(b3), run_time=0.5)
        d.lines = [b4]
        b5 = d.place(style.eq(r"\cdelta^{1} = (\cW^{2})^{\top} \cdelta^{2} \odot \csigma'(\cz^{1})",
                              size=36))
        b5b = d.place(style.eq(r"\csigma'(\cz^{1}) = 1 - (\ca^{1})^{2}", size=32), indent=0.9)
        self.play(Write(b5), run_time=1.6)
        self.play(FadeIn(b5b))
        out_node = net.nodes[2]
        dl1 = VGroup()
        for j, n in enumerate(net.nodes[1]):
            side = UP if n.get_y() >= out_node.get_y() - 1e-6 else DOWN
            dl1.add(MathTex(fmt(float(r["delta1"][j]), 3), font_size=24, color=C["cdelta"])
                    .next_to(n, RIGHT, buff=0.12).shift(0.3 * side))
        flashes = [ShowPassingFlash(Line(out_node.get_center(), n.get_center()).set_stroke(
            C["cdelta"], 6), time_width=0.5) for n in net.nodes[1]]
        self.play(*flashes, run_time=1.2)
        self.play(FadeIn(dl1, shift=0.1 * LEFT), run_time=0.8)
        self.wait(1.0)
        b6 = d.place(style.eq(r"\frac{\partial \cL}{\partial \cW^{1}} = \cdelta^{1} \cx^{\top}",
                              size=36))
        self.play(Write(b6), run_time=1.3)
        flows = [grad_style(net.edges[0][j, k], r["dW1"][j, k]) for j in range(H) for k in range(2)]
        self.play(*flows, run_time=1.6)
        self.wait(2.0)

        # The recipe
        self.beat("recipe", "The whole recipe: one delta per layer, each from the one after it.")
        self.play(*[FadeOut(m) for m in (b4, b5, b5b, b6)], run_time=0.6)
        g1 = style.eq(r"\cdelta^{L} = \frac{\partial \cL}{\partial \ca^{L}} \odot \csigma'(\cz^{L})",
                      size=36)
        g2 = style.eq(r"\cdelta^{l} = (\cW^{l+1})^{\top} \cdelta^{l+1} \odot \csigma'(\cz^{l})",
                      size=36)
        g3 = style.eq(r"\frac{\partial \cL}{\partial \cW^{l}} = \cdelta^{l} (\ca^{l-1})^{\top}, "
                      r"\quad \frac{\partial \cL}{\partial \cb^{l}} = \cdelta^{l}", size=36)
        recipe = VGroup(g1, g2, g3).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        recipe.move_to([-3.7, 1.4, 0])
        frame = SurroundingRectangle(recipe, color=C["cdelta"], buff=0.25, corner_radius=0.1)
        for g in (g1, g2, g3):
            self.play(Write(g), run_time=1.3)
        self.play(Create(frame))
        chk = label("checked against finite differences:", style.DIM)
        chk2 = label(f"largest relative error {ex.info['gradient_check']:.0e}", style.DIM)
        chkg = VGroup(chk, chk2).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        chkg.next_to(frame, DOWN, buff=0.4).align_to(frame, LEFT)
        self.play(FadeIn(chkg))
        self.wait(3.0)

        # Training: the landscape
        ev = land.info["explained_variance"]
        self.beat("landscape", f"Loss on the plane the descent moved in: {ev[0] + ev[1]:.0%} of "
                               "its motion, centred on the trained weights.")
        alpha, beta = land.result["alpha"], land.result["beta"]
        Zg = land.result["loss_grid"]  # (R, R), rows beta
        lax = Axes(x_range=[alpha[0], alpha[-1], (alpha[-1] - alpha[0]) / 4],
                   y_range=[beta[0], beta[-1], (beta[-1] - beta[0]) / 4],
                   x_length=5.6, y_length=4.4, tips=False,
                   axis_config={"color": style.DIM, "stroke_width": 2, "include_ticks": False})
        lax.move_to([3.55, 0.15, 0])
        levels = list(np.geomspace(max(Zg.min(), 1e-3) * 2, Zg.max(), 9))
        surf = Group(heatmap(lax, Zg, colors=("#0E1117", "#1B2A4A", "#3A5488", "#6B86B8")),
                     contour_lines(lax, Zg, alpha, beta, levels, stroke_width=1.5), lax)
        a_lab = label(f"direction 1 ({ev[0]:.0%})", style.DIM).next_to(lax, DOWN, buff=0.12)
        b_lab = label(f"direction 2 ({ev[1]:.0%})", style.DIM).rotate(PI / 2).next_to(
            lax, LEFT, buff=0.12)
        small = VGroup(net, loss_node, loss_edge)
        self.play(FadeOut(recipe), FadeOut(frame), FadeOut(chkg), FadeOut(dl1), FadeOut(dlab),
                  FadeOut(xin), FadeOut(hv), FadeOut(ov), FadeOut(lv), FadeOut(yl), FadeOut(note),
                  FadeOut(in_labs), FadeOut(h_labs), FadeOut(out_lab), FadeOut(l_name),
                  run_time=0.7)
        self.play(small.animate.scale(0.62).move_to([-3.6, 1.45, 0]), run_time=1.2)
        shade = label("brighter = higher loss", style.DIM).next_to(lax, UP, buff=0.1).align_to(
            lax, RIGHT)
        self.play(FadeIn(surf), FadeIn(a_lab), FadeIn(b_lab), FadeIn(shade), run_time=1.2)
        centre = Dot(lax.c2p(0, 0), radius=0.07, color=style.TEXT)
        c_lab = label("trained weights", style.TEXT).next_to(centre, UL, buff=0.08)
        self.play(FadeIn(centre), FadeIn(c_lab))
        self.wait(1.0)

        # Descent on it
        self.beat("descent", f"Gradient descent, η = {run.info['lr']:g}: each step goes "
                             "against the gradient backprop computed.")
        clock = StepClock(T)
        coords = land["coords"]
        path = traced_path(lax, coords, clock, color=C["ctheta"], stroke_width=4)
        head = Dot(radius=0.08, color=C["ctheta"])
        head.add_updater(lambda m: m.move_to(lax.c2p(*clock.interp(coords))))
        upd = style.eq(r"\ctheta \leftarrow \ctheta - \ceta\, \cnabla_{\ctheta} \cL", size=36)
        upd.move_to([-3.6, -0.45, 0])
        rd = Readout([r"\text{step}", r"\cL", r"\lVert \cnabla \cL \rVert"], decimals=[0, 4, 4],
                     size=30).next_to(upd, DOWN, buff=0.4)
        grads, theta_loss = run["grad"], run["loss"]
        gmax_run = float(np.abs(grads).max())
        sl = [slice(0, 2 * H), slice(3 * H, 4 * H)]  # weights of W^1 (row-major) and of W^2

        def upd_edges(m):
            g = np.abs(clock.interp(grads))
            w1, w2 = g[sl[0]].reshape(H, 2), g[sl[1]]
            for j in range(H):
                for k in range(2):
                    net.edges[0][j, k].set_stroke(C["cg"], 1 + 9 * 0.62 * w1[j, k] / gmax_run)
                net.edges[1][0, j].set_stroke(C["cg"], 1 + 9 * 0.62 * w2[j] / gmax_run)

        self.play(Write(upd))
        self.add(path, head)
        self.show_live(rd, lambda m: m.set_values([clock.row, clock.at(theta_loss),
                                                   np.linalg.norm(clock.at(grads))]))
        upd_edges(net)
        net.add_updater(upd_edges)
        self.play(clock.run_to(min(40, T - 1), run_time=7, spacing="linear"))
        self.beat("descent2", "Slow on the flat start, fast down the slope, slow again near the "
                              "bottom.")
        self.play(clock.run_to(T - 1, run_time=10, spacing="linear"))
        self.wait(1.0)

        # The end of the path
        for m in (rd, net, head):
            m.clear_updaters()
        acc = run.info["accuracy"]
        self.beat("end", f"The path ends at the centre: L = {theta_loss[-1]:.3f}, "
                         + ("every XOR point classified." if acc == 1 else f"{acc:.0%} correct."))
        self.play(Flash(centre, color=C["ctheta"]), Indicate(rd[1], color=C["cL"]), run_time=1.2)
        self.wait(2.5)

        # Beyond the centre
        c = len(alpha) // 2
        ahead = int(np.argmin(Zg[c]))  # lowest loss along direction 1 through the centre
        if Zg[c, ahead] < Zg[c, c]:
            self.beat("ahead", "Darker still ahead: the data are separable, so larger weights "
                               "keep lowering the loss.")
            probe = Dot(lax.c2p(alpha[ahead], 0), radius=0.07, color=C["cL"])
            p_lab = label(f"L = {Zg[c, ahead]:.2g}", C["cL"]).next_to(probe, DR, buff=0.1)
            self.play(FadeIn(probe, scale=1.5), FadeIn(p_lab), run_time=1.0)
            self.wait(3.0)
