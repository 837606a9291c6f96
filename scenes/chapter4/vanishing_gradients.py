"""Lecture 4.3: depth and vanishing gradients.

A deep narrow network (hidden layers two units wide, so every layer's output is a point in
a plane) learns XOR with tanh units: following the data and a grid through the layers shows
each layer stretching and folding the plane until one straight line separates the classes.
The same network with sigmoid units does not learn: backprop multiplies the delta by
sigma'(z) <= 1/4 at every layer, so the first layers' gradients are orders of magnitude
below the last one's. Per-layer gradient norms of both runs are shown as bars over training.

Render: ``manim -ql scenes/chapter4/vanishing_gradients.py VanishingGradients``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.neural_network import MLP
from scenes import style
from scenes.chapter4.function_approximation import network_diagram, plane_map
from scenes.chapter4.trajectories import vanishing_gradients as trajectories
from scenes.components import DotCloud, Derivation, FastNumber, StepClock, highlight, on_change
from scenes.lecture import LectureScene

__all__ = ["VanishingGradients", "trajectories"]


def label(text: str, color=style.TEXT, size: float = style.LABEL_SIZE) -> Text:
    return Text(text, font=style.FONT, font_size=size, color=color)


RUN_COLORS = {"tanh": style.CLASS_COLORS[2], "sigmoid": style.CLASS_COLORS[3]}
LOG_HI = 0  # bar axis: 10^LOG_LO .. 10^0, LOG_LO from the smallest norm the runs record


class VanishingGradients(LectureScene):
    LECTURE = "chapter4/vanishing_gradients"

    def construct(self):
        runs = self.trajectories()
        tanh_run, sig_run, lay = runs["tanh"], runs["sigmoid"], runs["layers"]
        C = style.COLOR
        depth = lay.info["depth"]
        L = depth + 1  # weight layers
        y = lay.data["y"]
        P, G = lay.result["points"], lay.result["lines"]  # (L, N, 2), (L, M, K, 2)
        cls = [style.CLASS_COLORS[0], style.CLASS_COLORS[1]]

        # Title card
        self.open_title()
        bar = self.title_bar()
        self.play(FadeIn(bar), run_time=0.5)

        # XOR
        self.beat("data", "XOR: opposite corners share a class. No straight line separates them.")
        ax = Axes(x_range=[-2, 2, 1], y_range=[-2, 2, 1], x_length=4.9, y_length=4.9,
                  tips=False, axis_config={"color": style.DIM, "stroke_width": 1.5,
                                           "include_ticks": False})
        ax.move_to([3.4, 0.05, 0])
        to_pts = plane_map(ax)
        frame = SurroundingRectangle(ax, color=style.DIM, buff=0, stroke_width=1.5)
        stage = ValueTracker(0.0)  # 0 = input plane, l = output of hidden layer l
        scale = np.array([2.0] + [1.1] * depth)  # half-width of each layer's picture

        def coords(arr: np.ndarray) -> np.ndarray:
            """``arr`` (L, ..., 2) interpolated at the stage, in the plot's [-2, 2] units."""
            s = float(np.clip(stage.get_value(), 0, depth))
            i = min(int(np.floor(s)), depth - 1)
            t = s - i
            a = arr[i] * (2.0 / scale[i])
            b = arr[i + 1] * (2.0 / scale[i + 1])
            return (1 - t) * a + t * b

        dots = DotCloud(np.zeros((len(y), 3)), radius=0.04, colors=[cls[int(c)] for c in y],
                        opacity=0.9)
        lines = VGroup(*[VMobject(stroke_color=style.GRID, stroke_width=1.5) for _ in G[0]])

        def upd_dots(m):
            m.apply(pos=to_pts(coords(P)))

        def upd_lines(m):
            for ln, pts in zip(m, coords(G)):
                ln.set_points_as_corners(to_pts(pts))

        upd_dots(dots)
        upd_lines(lines)
        layer_tag = label("input x", style.DIM).next_to(frame, UP, buff=0.1).align_to(frame, LEFT)
        self.play(Create(frame), Create(lines), FadeIn(layer_tag), run_time=1.2)
        self.play(dots.intro(lag_ratio=0.005, run_time=1.5))
        self.wait(1.5)

        # The deep narrow network
        self.beat("network", f"A deep, narrow network: {depth} hidden layers of two tanh units, "
                             "so every layer is a plane.")
        net = network_diagram((2,) * (depth + 1) + (1,), width=5.6, height=0.9, radius=0.14,
                              node_colors=[style.TEXT] + [C["ca"]] * depth + [C["cyhat"]])
        net.move_to([-3.6, 2.15, 0])
        d = Derivation(top=1.15)
        e1 = d.place(style.eq(r"\ca^{l} = \csigma(\cW^{l} \ca^{l-1} + \cb^{l}), \quad "
                              r"\ca^{l} \in \mathbb{R}^{2}", size=34))
        e2 = d.place(style.eq(r"\cyhat = \text{sigmoid}(\cW^{L} \ca^{L-1} + \cb^{L})", size=34))
        self.play(LaggedStart(*[GrowFromCenter(n) for layer in net.nodes for n in layer],
                              lag_ratio=0.03), run_time=1.2)
        self.play(*[Create(VGroup(*e.ravel())) for e in net.edges], run_time=0.8)
        self.play(Write(e1), run_time=1.4)
        self.play(Write(e2), run_time=1.2)
        acc = tanh_run.info["accuracy"]
        t_note = label(f"trained with tanh: {acc:.0%} of the points right", RUN_COLORS["tanh"])
        d.place(t_note)
        self.play(FadeIn(t_note))
        self.wait(1.0)

        # Layer by layer
        self.beat("bend", "Follow the data through the trained network: each layer folds the "
                          "plane further.")
        dots.add_updater(on_change(stage.get_value, upd_dots))
        lines.add_updater(on_change(stage.get_value, upd_lines))
        hl = None
        for l in range(1, depth + 1):
            new_tag = label(f"after hidden layer {l}", style.DIM).move_to(layer_tag, aligned_edge=LEFT)
            box = highlight(net.nodes[l], color=C["ca"], buff=0.06)
            anims = [stage.animate.set_value(l), FadeOut(layer_tag), FadeIn(new_tag),
                     FadeOut(hl) if hl is not None else Wait(0), Create(box)]
            self.play(*anims, run_time=2.4 if l < 3 else 2.0)
            self.wait(0.3 if l < depth else 0.8)
            layer_tag, hl = new_tag, box
        dots.clear_updaters()
        lines.clear_updaters()

        # Linearly separable
        w, b = lay.result["w_out"], float(lay.result["b_out"][0])
        if acc == 1.0:
            self.beat("separable", "In the last plane one straight line, the output unit, "
                                   "separates the two classes.")
        else:
            self.beat("separable", f"The output unit draws one straight line in the last plane: "
                                   f"{acc:.0%} of the points on the right side.")
        s = 2.0 / scale[depth]  # plot units per activation unit
        t = np.linspace(-3, 3, 2)
        if abs(w[1]) > abs(w[0]):  # w . h + b = 0, h in activation units, drawn in plot units
            seg = np.stack([t, -(w[0] * t + b) / w[1]], -1)
        else:
            seg = np.stack([-(w[1] * t + b) / w[0], t], -1)
        seg_plot = np.clip(seg * s, -2, 2)
        sep = Line(*to_pts(seg_plot), color=C["cyhat"], stroke_width=4)
        sep_eq = style.eq(r"\cW^{L} \ca^{L-1} + \cb^{L} = 0", size=30).next_to(
            frame, DOWN, buff=0.12)
        self.play(FadeOut(hl), Indicate(net.nodes[-1][0], color=C["cyhat"]), Create(sep),
                  FadeIn(sep_eq), run_time=1.6)
        self.wait(2.5)

        # Why sigmoids fail: the backward product
        self.beat("product", "Backprop multiplies by σ′(z) once per layer on the way down.")
        self.play(*[FadeOut(m) for m in (net, e1, e2, t_note)], run_time=0.8)
        d.reset(top=2.75)
        p1 = d.place(style.eq(r"\cdelta^{l} = (\cW^{l+1})^{\top} \cdelta^{l+1} \odot "
                              r"\csigma'(\cz^{l})", size=34))
        p2 = d.place(style.eq(r"\lVert \cdelta^{1} \rVert \le \prod_{l=1}^{L-1} "
                              r"\lVert \cW^{l+1} \rVert \max \csigma' \, \lVert \cdelta^{L} \rVert",
                              size=34))
        self.play(Write(p1), run_time=1.4)
        self.play(Write(p2), run_time=1.6)
        # sigma' of both activations
        sax = Axes(x_range=[-4, 4, 2], y_range=[0, 1, 0.25], x_length=4.6, y_length=1.7,
                   tips=False, axis_config={"color": style.DIM, "stroke_width": 1.5,
                                            "include_ticks": False})
        sax.next_to(p2, DOWN, buff=0.55).align_to(p2, LEFT).shift(0.3 * RIGHT)
        zs = np.linspace(-4, 4, 121)
        sg = 1 / (1 + np.exp(-zs))
        tanh_p = VMobject(stroke_color=RUN_COLORS["tanh"], stroke_width=3).set_points_smoothly(
            plane_map(sax)(np.c_[zs, 1 - np.tanh(zs) ** 2]))
        sig_p = VMobject(stroke_color=RUN_COLORS["sigmoid"], stroke_width=3).set_points_smoothly(
            plane_map(sax)(np.c_[zs, sg * (1 - sg)]))
        t_lab = label("tanh′ ≤ 1", RUN_COLORS["tanh"]).next_to(sax.c2p(0.35, 1.0), RIGHT, buff=0.1)
        s_lab = label("sigmoid′ ≤ 1/4", RUN_COLORS["sigmoid"]).next_to(sax.c2p(0.6, 0.3), RIGHT,
                                                                        buff=0.1)
        z_lab = style.eq(r"\cz", size=28).next_to(sax.x_axis, RIGHT, buff=0.1)
        self.play(Create(sax), FadeIn(z_lab), run_time=0.6)
        self.play(Create(tanh_p), FadeIn(t_lab), run_time=1.0)
        self.play(Create(sig_p), FadeIn(s_lab), run_time=1.0)
        k = depth
        fac = label(f"{k} sigmoid layers: a factor up to (1/4)^{k} ≈ {0.25 ** k:.1g}",
                    RUN_COLORS["sigmoid"]).next_to(sax, DOWN, buff=0.35).align_to(p2, LEFT)
        self.play(FadeIn(fac, shift=0.1 * UP))
        self.wait(2.0)

        # Gradient bars at initialisation
        self.beat("bars", "Each layer's gradient at the start, on a log scale: sigmoid orange, "
                          "tanh green.")
        # bar heights are log10(norm) - LOG_LO, so the axis' zero is 10^LOG_LO at the bottom
        smallest = min(float(r["grad_norm"].min()) for r in (sig_run, tanh_run))
        LOG_LO = int(np.clip(np.floor(np.log10(max(smallest, 1e-300))) - 1, -14, -4))
        LOG_LO -= LOG_LO % 2  # even, so the 10^k labels include the bottom
        bax = Axes(x_range=[0, L + 0.5, 1], y_range=[0, LOG_HI - LOG_LO, 1], x_length=5.5,
                   y_length=4.3, tips=False,
                   axis_config={"color": style.DIM, "stroke_width": 1.5, "include_ticks": True})
        bax.move_to([3.75, 0.1, 0])
        ylabels = VGroup(*[MathTex(rf"10^{{{e}}}", font_size=22, color=style.DIM).next_to(
            bax.c2p(0, e - LOG_LO), LEFT, buff=0.1) for e in range(LOG_LO, LOG_HI + 1, 2)])
        xlabels = VGroup(*[MathTex(str(l), font_size=24, color=style.DIM).next_to(
            bax.c2p(l, 0), DOWN, buff=0.1) for l in range(1, L + 1)])
        xname = label("layer", style.DIM).next_to(xlabels, DOWN, buff=0.1)
        yname = style.eq(r"\lVert \partial \cL / \partial \cW^{l} \rVert", size=28).next_to(
            bax, UP, buff=0.3).align_to(bax, LEFT).shift(0.3 * RIGHT)
        self.play(*[FadeOut(m) for m in (dots, lines, frame, sep, sep_eq, layer_tag)],
                  run_time=0.6)
        self.play(Create(bax), FadeIn(ylabels), FadeIn(xlabels), FadeIn(xname), FadeIn(yname),
                  run_time=1.0)
        clock = StepClock(len(tanh_run))
        width = 0.36 * (bax.c2p(1, 0)[0] - bax.c2p(0, 0)[0])  # two bars per layer, side by side
        bars = {}
        for act, off in (("sigmoid", -0.2), ("tanh", 0.2)):
            source = sig_run if act == "sigmoid" else tanh_run
            norms = np.log10(np.maximum(source["grad_norm"], 10.0 ** LOG_LO))  # (T, L)
            group = VGroup(*[Rectangle(width=width, height=0.01, stroke_width=0,
                                       fill_color=RUN_COLORS[act], fill_opacity=0.85)
                             for _ in range(L)])
            bars[act] = (group, norms, off)
        base_y = bax.c2p(0, 0)[1]
        unit_h = bax.c2p(0, 1)[1] - base_y
        unit_x = bax.c2p(1, 0)[0] - bax.c2p(0, 0)[0]

        def bar_updater(act):
            group, norms, off = bars[act]

            def upd(m):
                h = np.maximum(clock.interp(norms) - LOG_LO, 0.02)  # (L,)
                for l, rect in enumerate(m):
                    rect.stretch_to_fit_height(h[l] * unit_h)
                    rect.move_to([bax.c2p(l + 1, 0)[0] + off * unit_x, base_y + h[l] * unit_h / 2, 0])
            return upd

        for act in ("sigmoid", "tanh"):
            group = bars[act][0]
            bar_updater(act)(group)
        legend = VGroup(*[VGroup(Square(0.22, fill_color=RUN_COLORS[a], fill_opacity=0.85,
                                        stroke_width=0), label(a, RUN_COLORS[a])).arrange(
            RIGHT, buff=0.12) for a in ("sigmoid", "tanh")]).arrange(RIGHT, buff=0.4)
        legend.next_to(bax, UP, buff=0.3).align_to(bax, RIGHT)
        self.play(*[GrowFromEdge(rect, DOWN) for a in ("sigmoid", "tanh") for rect in bars[a][0]],
                  FadeIn(legend), run_time=1.5)
        g0s, g0t = sig_run["grad_norm"][0], tanh_run["grad_norm"][0]
        ratio = label(f"sigmoid, layer 1 / layer {L}: {g0s[0] / g0s[-1]:.0e}",
                      RUN_COLORS["sigmoid"])
        ratio2 = label(f"tanh, layer 1 / layer {L}: {g0t[0] / g0t[-1]:.0e}", RUN_COLORS["tanh"])
        rg = VGroup(ratio, ratio2).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.play(FadeOut(sax), FadeOut(tanh_p), FadeOut(sig_p), FadeOut(t_lab), FadeOut(s_lab),
                  FadeOut(z_lab), FadeOut(fac), run_time=0.6)
        rg.next_to(p2, DOWN, buff=0.5).align_to(p2, LEFT)
        self.play(FadeIn(rg, shift=0.1 * UP))
        self.wait(2.5)

        # Training both
        self.beat("train", f"Train both for {tanh_run.info['n_steps']} steps with η = "
                           f"{tanh_run.info['lr']:g} and watch the bars.")
        for act in ("sigmoid", "tanh"):
            self.add(bars[act][0])  # the group itself, so that its updater runs
            bars[act][0].add_updater(bar_updater(act))
        rd_rows = VGroup()
        readouts = {}
        for act in ("sigmoid", "tanh"):
            lab = label(f"{act}:", RUN_COLORS[act])
            num = FastNumber(0, num_decimal_places=3, font_size=30, color=RUN_COLORS[act])
            rd_rows.add(VGroup(lab, style.eq(r"\cL =", size=30), num).arrange(RIGHT, buff=0.15))
            readouts[act] = num
        step_lab = VGroup(label("step", style.TEXT),
                          FastNumber(0, num_decimal_places=0, font_size=30)
                          ).arrange(RIGHT, buff=0.2)
        rd_all = VGroup(step_lab, *rd_rows).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        rd_all.next_to(rg, DOWN, buff=0.45).align_to(rg, LEFT)
        steps = tanh_run["step"]

        def upd_rd(m):
            step_lab[1].set_value(steps[clock.row])
            readouts["sigmoid"].set_value(clock.at(sig_run["loss"]))
            readouts["tanh"].set_value(clock.at(tanh_run["loss"]))

        self.show_live(rd_all, upd_rd)
        self.play(clock.run_to(len(tanh_run) - 1, run_time=14, spacing="geometric"))
        self.wait(1.0)

        # Verdict
        for m in (bars["sigmoid"][0], bars["tanh"][0], rd_all):
            m.clear_updaters()
        sig_acc, h_y = sig_run.info["accuracy"], float(np.mean(y))
        entropy = -(h_y * np.log(h_y) + (1 - h_y) * np.log(1 - h_y))
        sig_L = float(sig_run["loss"][-1])
        stuck = (f"Sigmoid stuck at L = {sig_L:.3f}, a constant guess (label entropy "
                 f"{entropy:.3f}). " if abs(sig_L - entropy) < 0.01 else
                 f"Sigmoid reached L = {sig_L:.3f}, {sig_acc:.0%} right. ")
        self.beat("verdict", stuck + ("Tanh learned XOR." if acc == 1.0 else f"Tanh: {acc:.0%}."))
        first = MLP(tuple(tanh_run.info["sizes"])).layer_slices()[0]  # where W^1, b^1 sit

        def moved(run):  # how far training moved the first layer's parameters
            return float(np.linalg.norm(run["theta"][-1][first] - run["theta"][0][first]))

        v1 = label(f"sigmoid: {sig_acc:.0%} right, layer 1 moved {moved(sig_run):.3f}",
                   RUN_COLORS["sigmoid"])
        v2 = label(f"tanh: {acc:.0%} right, layer 1 moved {moved(tanh_run):.2f}",
                   RUN_COLORS["tanh"])
        vg = VGroup(v1, v2).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        vg.move_to(rg, aligned_edge=UL)
        self.play(FadeOut(rg), FadeIn(vg, shift=0.1 * UP))
        self.wait(2.0)
        self.beat("takeaway", "Depth needs gradients that survive the way back: slopes near 1, "
                              "well-scaled weights.")
        self.play(Circumscribe(p1, color=C["cdelta"]), run_time=1.5)
        self.wait(3.0)
