"""Lecture 4.3: depth and vanishing gradients (narrated).

The story: a deep narrow tanh network folds the XOR plane layer by layer and learns it -> the
same network with logistic units sigma stays at a constant guess -> the gradient each layer
receives, on a log axis: the sigmoid network's first layer gets almost nothing -> why: the
backward chain is a product of one factor per layer, a weight times a slope phi' -> the
logistic slope sigma' = sigma (1 - sigma) is at most 1/4 (a rectangle of sides sigma and
1 - sigma is largest as a square) -> five sigmoid layers: (1/4)^5 = 1/1024 -> the fixes,
each measured on a wider network against the plain sigmoid one: weights with Var(w) = 1/n
(derived), ReLU (slope 1 where on; He's 2/n, and 4/n explodes), a residual connection (the
layer's Jacobian is I + phi' W: an identity path).

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter4/trajectories.py: vanishing_gradients``); ``tests/test_vanishing_lecture.py``
checks them against finite differences and a chain computed by hand.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter4/vanishing_gradients.py
VanishingGradients``
"""
from __future__ import annotations

import math

import numpy as np
from manim import *

from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter4.trajectories import vanishing_gradients as trajectories
from scenes.components import (
    DotCloud, Plot, fit_width, highlight, on_change, plot_label, redraw_on, tex, trace,
)
from scenes.lecture import LectureScene, beat
from scenes.voice import number_words

__all__ = ["VanishingGradients", "trajectories", "lecture_numbers"]

C = style.COLOR
SIG, PHI = C["csigma"], C["cphi"]        # the logistic network's colour, a tanh network's
FIX, BAD = style.TEXT, style.DIM         # the fix under discussion; a badly scaled variant


# -- the numbers ----------------------------------------------------------------------------------
def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows, from the trajectories (no Manim needed)."""
    tanh, sig, lay, prof = runs["tanh"], runs["sigmoid"], runs["layers"], runs["profiles"]
    P = prof.result
    y = lay.data["y"]
    depth = int(lay.info["depth"])
    p1 = float(np.mean(y))
    ratio = {k[6:]: float(v[0] / v[-1]) for k, v in P.items() if k.startswith("delta_")}
    return {
        "n": len(y), "depth": depth, "L": depth + 1, "lr": float(tanh.info["lr"]),
        "n_steps": int(tanh.info["n_steps"]), "width": int(prof.info["width"]),
        "acc_tanh": float(tanh.info["accuracy"]), "acc_sig": float(sig.info["accuracy"]),
        "L_tanh": float(tanh["loss"][-1]), "L_sig": float(sig["loss"][-1]),
        "L0_tanh": float(tanh["loss"][0]), "L0_sig": float(sig["loss"][0]),
        "p1": p1, "entropy": float(-(p1 * np.log(p1) + (1 - p1) * np.log(1 - p1))),
        "narrow_tanh": P["narrow_tanh"], "narrow_sig": P["narrow_sigmoid"],
        "r_narrow_tanh": float(P["narrow_tanh"][0] / P["narrow_tanh"][-1]),
        "r_narrow_sig": float(P["narrow_sigmoid"][0] / P["narrow_sigmoid"][-1]),
        "W_norms": P["narrow_W_sigmoid"],                 # spectral norms of W^1 .. W^L
        "quarter": 0.25 ** depth, "four": 4 ** depth,
        "delta": {k[6:]: v for k, v in P.items() if k.startswith("delta_")},
        "ratio": ratio,                                   # layer 1 / layer L, per network
        "per_layer": {k: v ** (1 / depth) for k, v in ratio.items()},
        "std": {k[4:]: v for k, v in P.items() if k.startswith("std_")},
    }


def about(v: float, digits: int = 2) -> str:
    """``v`` to ``digits`` significant figures, with thousands separators: 1318 -> '1,300'."""
    if v == 0:
        return "0"
    e = math.floor(math.log10(abs(v)))
    r = round(v, digits - 1 - e)
    return f"{r:,.0f}" if r >= 10 else f"{r:g}"


def _sci_tex(v: float) -> str:
    m, e = f"{v:.1e}".split("e")
    return rf"{m} \times 10^{{{int(e)}}}"


def _say(v: float, d: int) -> str:
    return number_words(f"{v:.{d}f}")


# -- pictures -------------------------------------------------------------------------------------
def plane_map(axes):
    """(N, 2) axes coordinates -> (N, 3) scene points, vectorised (for per-frame updaters)."""
    o = np.asarray(axes.c2p(0, 0), float)
    ux, uy = np.asarray(axes.c2p(1, 0), float) - o, np.asarray(axes.c2p(0, 1), float) - o
    return lambda xy: o + np.asarray(xy, float).reshape(-1, 2)[:, :1] * ux + \
        np.asarray(xy, float).reshape(-1, 2)[:, 1:] * uy


def network_diagram(sizes, *, width: float, height: float, radius: float, colors) -> VGroup:
    """Circles per layer, left to right, and the lines between consecutive layers."""
    xs = np.linspace(-width / 2, width / 2, len(sizes))
    nodes = []
    for n, x, col in zip(sizes, xs, colors):
        gap = min(height / max(n - 1, 1), 4.5 * radius)
        nodes.append(VGroup(*[Circle(radius=radius, color=col, stroke_width=2.5,
                                     fill_color=style.BACKGROUND, fill_opacity=1).move_to(
            [x, (k - (n - 1) / 2) * -gap, 0]) for k in range(n)]))
    edges = VGroup(*[Line(a.get_center(), b.get_center(), buff=radius, stroke_width=1.5,
                          color=style.DIM)
                     for left, right in zip(nodes[:-1], nodes[1:]) for b in right for a in left])
    diagram = VGroup(edges, *nodes)
    diagram.nodes, diagram.edges = nodes, edges
    return diagram


def layer_plot(lo: int, L: int, width: float, height: float, corner) -> Plot:
    """Per-layer gradient norms: layer 1 .. L across, 10^lo .. 10^0 up (log10 data)."""
    ys = list(range(lo, 1))
    return Plot((0.6, L + 0.4), (lo, 0.3), width, height, xticks=range(1, L + 1),
                yticks=ys, ynums=[f"10^{{{v}}}" if v else "1" for v in ys],
                xlabel=tex(r"\text{layer } l", 32, style.DIM),
                ylabel=tex(r"\lVert \partial \cL / \partial \cz^{l} \rVert", 34)).place(corner)


def profile(plot: Plot, values: np.ndarray, color, dashed: bool = False) -> VGroup:
    """A network's per-layer norms: dots joined by a line (log10 of ``values``)."""
    pts = plot.pts(np.c_[np.arange(1, len(values) + 1), np.log10(values)])
    line = VMobject(stroke_color=color, stroke_width=4).set_points_as_corners(pts)
    if dashed:
        line = DashedVMobject(line, num_dashes=28, dashed_ratio=0.55)
    dots = VGroup(*[Dot(p, radius=0.075, color=color) for p in pts])
    return VGroup(line, dots)


def legend(entries, size: float = 30) -> VGroup:
    """Rows ``(colour, dashed, tex)``: a short line sample and its label, side by side."""
    rows = VGroup()
    for color, dashed, label in entries:
        sample = Line(ORIGIN, 0.6 * RIGHT, stroke_width=4, color=color)
        if dashed:
            sample = DashedVMobject(sample, num_dashes=3, dashed_ratio=0.55)
        rows.add(VGroup(sample, tex(label, size)).arrange(RIGHT, buff=0.18))
    return rows.arrange(RIGHT, buff=0.55)


def key_column(plot: Plot, entries, size: float = 28) -> VGroup:
    """A legend as a column in the plot's empty lower right: its top left at 10^-3.8,
    2.25 layers left of the output (every network there is above 10^-3.1) or further left
    when the column would run past the plot."""
    rows = VGroup(*[legend([e], size)[0] for e in entries]).arrange(DOWN, aligned_edge=LEFT,
                                                                     buff=0.2)
    x = min(plot.c2p(plot.x_range[1] - 2.65, 0)[0], plot.box.get_right()[0] + 0.2 - rows.width)
    rows.next_to([x, plot.c2p(0, -3.8)[1], 0], DOWN, buff=0, aligned_edge=LEFT)
    return rows


# -- the lecture ----------------------------------------------------------------------------------
class VanishingGradients(LectureScene):
    LECTURE = "chapter4/vanishing_gradients"

    def setup(self):
        super().setup()
        self.runs = self.trajectories()
        self.N = lecture_numbers(self.runs)

    # ---------------------------------------------------------------------------------------------
    @beat("Depth folds the plane")
    def fold(self):
        N, lay = self.N, self.runs["layers"]
        depth = N["depth"]
        y = lay.data["y"]
        P, G = lay.result["points"], lay.result["lines"]  # (depth+1, n, 2), (depth+1, M, K, 2)
        ax = Axes(x_range=[-2, 2, 1], y_range=[-2, 2, 1], x_length=5.2, y_length=5.2, tips=False,
                  axis_config={"color": style.DIM, "stroke_width": 1.5, "include_ticks": False})
        ax.move_to([3.7, 0.35, 0])
        to_pts = plane_map(ax)
        frame = SurroundingRectangle(ax, color=style.DIM, buff=0, stroke_width=1.5)
        stage = ValueTracker(0.0)  # 0: the input plane; l: the output of hidden layer l
        scale = np.array([2.0] + [1.1] * depth)  # half-width of each layer's picture

        def coords(arr):
            s = float(np.clip(stage.get_value(), 0, depth))
            i = min(int(np.floor(s)), depth - 1)
            t = s - i
            return (1 - t) * arr[i] * (2.0 / scale[i]) + t * arr[i + 1] * (2.0 / scale[i + 1])

        cls = [style.CLASS_COLORS[0], style.CLASS_COLORS[1]]
        dots = DotCloud(to_pts(coords(P)), radius=0.045, colors=[cls[int(c)] for c in y],
                        opacity=0.9)
        lines = VGroup(*[VMobject(stroke_color=style.GRID, stroke_width=1.5) for _ in G[0]])

        def upd_lines(m):
            for ln, pts in zip(m, coords(G)):
                ln.set_points_as_corners(to_pts(pts))
        upd_lines(lines)
        tag = plot_label("input plane").next_to(frame, UP, buff=0.12).align_to(frame, LEFT)
        with self.say(f"Here are {N['n']} points in the pattern called XOR. {{dots}} Opposite "
                      "corners share a class, so no straight line can separate the two.") as s:
            self.play(Create(frame), Create(lines), FadeIn(tag), run_time=self.till(s, "dots"))
            self.play(dots.intro(lag_ratio=0.004), run_time=2.0)
        net = network_diagram((2,) * (depth + 1) + (1,), width=6.0, height=0.9, radius=0.15,
                              colors=[style.TEXT] + [PHI] * depth + [C["cyhat"]])
        net.move_to([-3.55, 2.2, 0])
        e1 = tex(r"\ca^{l} = \cphi(\cW^{l} \ca^{l-1} + \cb^{l}), \qquad \cphi = \tanh", 40)
        e2 = tex(r"\cyhat = \csigma(\cW^{L} \ca^{L-1} + \cb^{L})", 40)
        e1.move_to([-3.55, 0.85, 0])
        e2.next_to(e1, DOWN, buff=0.35).align_to(e1, LEFT)
        with self.say(f"{{net}} Take a deep, narrow network: {depth} hidden layers of two units "
                      "each, so every layer's output is again a point in a plane. {eq} Each "
                      "layer computes φ of W times the last point, plus b, with φ the tanh "
                      "function; {out} the output squashes one last line through σ into a "
                      "probability.",
                      spoken=f"{{net}} Take a deep, narrow network: {number_words(str(depth))} "
                             "hidden layers of two units each, so every layer's output is again "
                             "a point in a plane. {eq} Each layer computes phi of W times the "
                             "last point, plus b, with phi the tanh function; {out} the output "
                             "squashes one last line through sigma into a probability.") as s:
            self.wait_until("net", s)
            self.play(LaggedStart(*[GrowFromCenter(c) for layer in net.nodes for c in layer],
                                  lag_ratio=0.03), Create(net.edges), run_time=1.5)
            self.wait_until("eq", s)
            self.play(Write(e1), run_time=2.0)
            self.wait_until("out", s)
            self.play(Write(e2), run_time=1.5)
        dots.add_updater(on_change(stage.get_value, lambda m: m.apply(pos=to_pts(coords(P)))))
        lines.add_updater(on_change(stage.get_value, upd_lines))
        learns = "it learns" if N["acc_tanh"] == 1 else "it learns most of it"
        with self.say(f"Trained by gradient descent, {learns}. {{fold}} Follow the data through "
                      "it: each layer stretches and folds the plane.") as s:
            self.wait_until("fold", s)
            box = None
            for l in range(1, depth + 1):
                new_tag = plot_label(f"after hidden layer {l}").move_to(tag, aligned_edge=LEFT)
                nb = highlight(net.nodes[l], color=PHI, buff=0.06)
                self.play(stage.animate.set_value(l), FadeOut(tag), FadeIn(new_tag),
                          *([FadeOut(box)] if box else []), Create(nb), run_time=2.0)
                tag, box = new_tag, nb
        dots.clear_updaters()
        lines.clear_updaters()
        w, b = lay.result["w_out"], float(lay.result["b_out"][0])
        s_ = 2.0 / scale[depth]
        t = np.linspace(-4, 4, 2)
        seg = (np.stack([t, -(w[0] * t + b) / w[1]], -1) if abs(w[1]) > abs(w[0]) else
               np.stack([-(w[1] * t + b) / w[0], t], -1)) * s_
        from scenes.components import clip_segment
        seg = clip_segment(seg[0], seg[1], ((-2, 2), (-2, 2)))
        sep = Line(*to_pts(np.array(seg)), color=C["cyhat"], stroke_width=5)
        right = ("all of them are on the right side" if N["acc_tanh"] == 1 else
                 f"{100 * N['acc_tanh']:.0f}% of the points are on the right side")
        with self.say("{line} In the last plane a single straight line, the output unit, "
                      f"separates the two classes: {right}.") as s:
            self.wait_until("line", s)
            self.play(FadeOut(box), Indicate(net.nodes[-1][0], color=C["cyhat"]), Create(sep),
                      run_time=1.5)
        self.fold_parts = VGroup(net, e1, e2, frame, lines, tag, sep)
        self.xor_dots = dots

    @beat("The sigmoid twin does not learn")
    def stuck(self):
        N = self.N
        tanh, sig = self.runs["tanh"], self.runs["sigmoid"]
        T = N["n_steps"]
        lp = Plot((0, T), (0, 0.85), 8.6, 4.2, xticks=np.linspace(0, T, 4).round().astype(int),
                  yticks=(0, 0.2, 0.4, 0.6, 0.8), xlabel=plot_label("step"),
                  xlabel_right=True, ylabel=tex(r"\cL", 40)).place((-4.8, -2.5))
        e3 = tex(r"\cphi = \tanh \quad \longrightarrow \quad \cphi = \csigma", 44)
        e3.move_to([0, 2.9, 0])
        with self.say("Now replace tanh by the logistic function σ in every hidden layer: "
                      f"{{same}} the same network, the same start, the same {T} steps with "
                      f"η = {N['lr']:g}.",
                      spoken="Now replace tanh by the logistic function sigma in every hidden "
                             "layer: {same} the same network, the same start, the same "
                             f"{number_words(str(T))} steps with eta equal to "
                             f"{_say(N['lr'], 1)}.") as s:
            self.play(FadeOut(self.fold_parts), FadeOut(self.xor_dots), run_time=1.0)
            self.play(Write(e3), run_time=1.5)
            self.wait_until("same", s)
            self.play(FadeIn(lp), run_time=1.0)
        clock = ValueTracker(0.0)
        steps = tanh["step"]
        curves = VGroup(*[redraw_on(lambda run=run, col=col: (clock.get_value(),),
                                    lambda run=run, col=col: trace(lp, np.c_[steps, run["loss"]],
                                                                   clock.get_value(), col, 4.5))
                          for run, col in ((tanh, PHI), (sig, SIG))])
        self.add(curves)
        lab_t = tex(r"\cphi = \tanh", 34).next_to(lp.c2p(T * 0.55, 0.05), UP, buff=0.15)
        lab_s = tex(r"\cphi = \csigma", 34).next_to(lp.c2p(T * 0.55, N["L_sig"]), UP, buff=0.2)
        with self.say(f"{{run}} The tanh network's loss falls to {N['L_tanh']:.4f}; {{flat}} "
                      f"the sigmoid network's stays at {N['L_sig']:.3f}.",
                      spoken=f"{{run}} The tanh network's loss falls to {_say(N['L_tanh'], 4)}; "
                             f"{{flat}} the sigmoid network's stays at "
                             f"{_say(N['L_sig'], 3)}.") as s:
            self.wait_until("run", s)
            self.play(clock.animate(rate_func=linear).set_value(len(steps) - 1),
                      run_time=max(4.0, s.until("flat") + 1.0))
            self.play(FadeIn(lab_t), FadeIn(lab_s), run_time=0.8)
        ent = tex(rf"-\bar{{\cy}} \ln \bar{{\cy}} - (1 - \bar{{\cy}}) \ln (1 - \bar{{\cy}}) = "
                  rf"{N['entropy']:.3f}, \quad \bar{{\cy}} = {N['p1']:.3f}", 36)
        ent.next_to(e3, DOWN, buff=0.3)
        if abs(N["L_sig"] - N["entropy"]) < 0.01:
            guess = ("{guess} That is the loss of a constant guess: the fraction of class one, "
                     "{p}, for every point. {acc} It gets {a} percent right, no better than "
                     "always saying the larger class.")
        else:
            guess = ("{guess} A constant guess of the fraction of class one, {p}, would score "
                     "the loss shown. {acc} The sigmoid network gets {a} percent right.")
        why = " Why does the same network learn with tanh and not with {sig}?"
        with self.say((guess + why).format(guess="{guess}", acc="{acc}", p=f"{N['p1']:.3f}",
                                           a=f"{100 * N['acc_sig']:.1f}", sig="σ"),
                      spoken=(guess + why).format(guess="{guess}", acc="{acc}",
                                                  p=_say(N["p1"], 3),
                                                  a=_say(100 * N["acc_sig"], 1),
                                                  sig="sigma")) as s:
            self.wait_until("guess", s)
            self.play(FadeIn(ent, shift=0.1 * DOWN), run_time=1.2)
            self.wait_until("acc", s)
            self.play(Indicate(curves[1], color=SIG, scale_factor=1.0), run_time=1.5)
        for c in curves:
            c.clear_updaters()
        self.loss_parts = VGroup(lp, curves, lab_t, lab_s, ent, e3)

    @beat("What reaches each layer")
    def reach(self):
        N = self.N
        L = N["L"]
        lo = int(np.floor(np.log10(min(N["narrow_sig"].min(), N["narrow_tanh"].min()))))
        gp = layer_plot(lo, L, 8.0, 4.9, (-3.7, -2.1))
        key = legend([(PHI, False, r"\cphi = \tanh"), (SIG, False, r"\cphi = \csigma")])
        key.next_to(gp.box, UP, buff=0.45).align_to(gp.box, RIGHT)
        sig = profile(gp, N["narrow_sig"], SIG)
        tnh = profile(gp, N["narrow_tanh"], PHI)
        with self.say("To see why, measure how much gradient reaches each layer before training "
                      "starts: {axis} the size of the loss's derivative with respect to each "
                      "layer's z, on a log scale, where each step up is ten times more.") as s:
            self.play(FadeOut(self.loss_parts), run_time=1.0)
            self.wait_until("axis", s)
            self.play(FadeIn(gp), FadeIn(key), run_time=1.5)
        rt, rs = N["r_narrow_tanh"], N["r_narrow_sig"]
        with self.say(f"{{out}} Both start from the output, layer {L}, with about the same "
                      "gradient. "
                      f"{{tanh}} Going back through tanh layers, layer 1 still gets one part in "
                      f"{about(1 / rt)}. {{sig}} Through sigmoid layers, layer 1 gets one part "
                      f"in {about(1 / rs)}.") as s:
            self.wait_until("out", s)
            self.play(FadeIn(tnh[1][-1], scale=2), FadeIn(sig[1][-1], scale=2), run_time=0.8)
            self.wait_until("tanh", s)
            self.play(Create(tnh[0]), FadeIn(tnh[1]), run_time=2.0)
            self.wait_until("sig", s)
            self.play(Create(sig[0]), FadeIn(sig[1]), run_time=2.0)
        with self.say("A gradient that small moves the first layers almost nowhere; they keep "
                      "their random start, and the layers after them have nothing useful to "
                      "fold.") as s:
            self.play(Indicate(sig[1][0], color=SIG, scale_factor=2.0), run_time=1.5)
        self.gp, self.gp_curves, self.gp_key = gp, VGroup(sig, tnh), key
        self.sig_narrow = sig

    @beat("A product of factors")
    def chain(self):
        N = self.N
        L = N["L"]
        grp = VGroup(self.gp, self.gp_curves, self.gp_key)
        left, top = -6.8, 3.55
        d0a = tex(r"\cdelta^{l} = \frac{\partial \cL}{\partial \cz^{l}}", 40)
        d0b = tex(r"\cz^{l+1} = \cw^{l+1} \cphi(\cz^{l}) + \cb^{l+1}", 40)
        self.eq_at(d0a, left, top)
        d0b.next_to(d0a, DOWN, buff=0.3).align_to(d0a, LEFT)
        d0 = VGroup(d0a, d0b)
        with self.say("Where does the gradient go? Write δ for the derivative of the loss with "
                      "respect to a layer's z, {one} and take one unit per layer to see the "
                      "structure: the next z is w times φ of this z, plus b.",
                      spoken="Where does the gradient go? Write delta for the derivative of the "
                             "loss with respect to a layer's z, {one} and take one unit per "
                             "layer to see the structure: the next z is w times phi of this z, "
                             "plus b.") as s:
            self.play(grp.animate.scale(0.72).move_to([3.5, 0.25, 0]), run_time=1.5)
            self.play(Write(d0a), run_time=1.2)
            self.wait_until("one", s)
            self.play(Write(d0b), run_time=1.8)
        d1 = tex(r"{{ \cdelta^{l} }} = {{ \cdelta^{l+1} }} \, "
                 r"{{ \frac{\partial \cz^{l+1}}{\partial \cz^{l}} }}", 44)
        d2 = tex(r"{{ \cdelta^{l} }} = {{ \cdelta^{l+1} }} \, {{ \cw^{l+1} }} \, "
                 r"{{ \cphi'(\cz^{l}) }}", 44)
        for d in (d1, d2):
            d.next_to(d0b, DOWN, buff=0.45).align_to(d0a, LEFT)
        with self.say("{chain} By the chain rule, δ of this layer is δ of the next layer times "
                      "how fast the next z moves with this one: {factor} that is the weight w, "
                      "times the slope φ′ of this layer's unit.",
                      spoken="{chain} By the chain rule, delta of this layer is delta of the "
                             "next layer times how fast the next z moves with this one: {factor} "
                             "that is the weight w, times the slope phi prime of this layer's "
                             "unit.") as s:
            self.wait_until("chain", s)
            self.play(Write(d1), run_time=2.0)
            self.wait_until("factor", s)
            self.morph(d1, d2, [(r"\frac{\partial \cz^{l+1}}{\partial \cz^{l}}", r"\cw^{l+1}")],
                       run_time=1.8)
        d3 = tex(r"{{ \cdelta^{1} }} = {{ \cdelta^{L} }} \, "
                 r"{{ \prod_{l=1}^{L-1} \cw^{l+1} \cphi'(\cz^{l}) }}", 44)
        d3.next_to(d2, DOWN, buff=0.4).align_to(d0a, LEFT)
        gp = self.gp
        arrows = VGroup()
        pts = [d.get_center() for d in self.sig_narrow[1]]
        for l in range(L - 1, 0, -1):  # from layer l+1 back to layer l
            arrows.add(CurvedArrow(pts[l] + 0.12 * DOWN, pts[l - 1] + 0.12 * DR, angle=-0.9,
                                   color=C["cdelta"], stroke_width=3, tip_length=0.15))
        with self.say("{again} Apply it again and again, from the output back to layer 1: "
                      f"{{prod}} δ¹ is δ of the output times a product of {L - 1} factors, one "
                      "per layer, each a weight times a slope.",
                      spoken="{again} Apply it again and again, from the output back to layer "
                             f"one: {{prod}} delta one is delta of the output times a product of "
                             f"{number_words(str(L - 1))} factors, one per layer, each a weight "
                             "times a slope.") as s:
            self.wait_until("again", s)
            for a in arrows:
                self.play(Create(a), run_time=max(0.5, s.until("prod") / (L - 1)))
            self.play(TransformMatchingTex(d2.copy(), d3), run_time=2.0)
        d4 = tex(r"\cdelta^{l} = \big( (\cW^{l+1})^{\top} \cdelta^{l+1} \big) \odot "
                 r"\cphi'(\cz^{l})", 40)
        d4.next_to(d3, DOWN, buff=0.4).align_to(d0a, LEFT)
        with self.say("{small} Factors below one make the product shrink geometrically, layer "
                      "after layer: a straight fall on the log scale. {wide} With many units per "
                      "layer the weight becomes a matrix and the slopes multiply unit by unit, "
                      "but the story is the same.") as s:
            self.wait_until("small", s)
            self.play(Indicate(self.sig_narrow[0], color=SIG, scale_factor=1.0),
                      Circumscribe(d3[4], color=C["cdelta"]), run_time=2.0)
            self.wait_until("wide", s)
            self.play(FadeIn(d4, shift=0.1 * DOWN), run_time=1.5)
        self.chain_parts = VGroup(d0, d2, d3, d4, arrows)

    @beat("The logistic slope is at most one quarter")
    def quarter(self):
        N = self.N
        left, top = -6.8, 3.55
        self.play(FadeOut(self.chain_parts), FadeOut(VGroup(self.gp, self.gp_curves, self.gp_key)),
                  run_time=1.0)
        q0 = tex(r"{{ \csigma(\cz) }} = {{ \frac{1}{1 + e^{-\cz}} }}", 44)
        q1 = tex(r"{{ \csigma'(\cz) }} = {{ \frac{e^{-\cz}}{(1 + e^{-\cz})^{2}} }}", 44)
        q2 = tex(r"{{ \csigma'(\cz) }} = {{ \frac{1}{1 + e^{-\cz}} }} \cdot "
                 r"{{ \frac{e^{-\cz}}{1 + e^{-\cz}} }}", 44)
        q3 = tex(r"{{ \csigma'(\cz) }} = {{ \csigma(\cz) }} \, {{ \big(1 - \csigma(\cz)\big) }}",
                 44)
        self.eq_at(q0, left, top)
        for q in (q1, q2, q3):
            self.eq_at(q, left, top - 1.4)
        # the picture: sigma and its slope over z; a unit square holding sigma x (1 - sigma)
        sp = Plot((-6, 6), (0, 1.05), 6.0, 3.3, xticks=(-6, -4, -2, 0, 2, 4, 6),
                  yticks=(0, 0.25, 0.5, 0.75, 1), ynums=("0", "1/4", "1/2", "3/4", "1"),
                  xlabel=tex(r"\cz", 40), xlabel_right=True).place((0.55, -0.05))
        zs = np.linspace(-6, 6, 241)
        sg = 1 / (1 + np.exp(-zs))
        sig_curve = VMobject(stroke_color=SIG, stroke_width=3, stroke_opacity=0.55
                             ).set_points_smoothly(sp.pts(np.c_[zs, sg]))
        sig_lab = tex(r"\csigma(\cz)", 36).next_to(sp.c2p(-5.8, 0.9), RIGHT, buff=0)
        zt = ValueTracker(-4.0)
        side = 1.9
        sq_origin = np.array([sp.c2p(1, 0)[0] - 0.95, -2.75, 0])  # the unit square's corner
        unit = Square(side, color=style.DIM, stroke_width=2).move_to(sq_origin + side / 2 *
                                                                    (RIGHT + UP))
        one_w = tex("1", 30, style.DIM).next_to(unit, UP, buff=0.1)
        one_h = tex("1", 30, style.DIM).next_to(unit, LEFT, buff=0.1)

        def s_of():
            return 1 / (1 + np.exp(-zt.get_value()))

        def rect():
            s = s_of()
            r = Rectangle(width=max(s * side, 1e-3), height=max((1 - s) * side, 1e-3),
                          stroke_width=3, stroke_color=SIG, fill_color=SIG, fill_opacity=0.35)
            return r.move_to(sq_origin, aligned_edge=DL)
        box = redraw_on(lambda: (zt.get_value(),), rect)
        w_lab = redraw_on(lambda: (zt.get_value(),), lambda: tex(r"\csigma", 32).next_to(
            sq_origin + s_of() * side * RIGHT, DOWN, buff=0.1).shift(
            (0.5 * s_of() * side) * LEFT))
        h_lab = tex(r"1 - \csigma", 32)
        h_lab_m = redraw_on(lambda: (zt.get_value(),), lambda: h_lab.copy().next_to(
            sq_origin + (1 - s_of()) * side * UP, RIGHT, buff=0.1).shift(
            0.5 * (1 - s_of()) * side * DOWN + s_of() * side * RIGHT))
        marker = redraw_on(lambda: (zt.get_value(),), lambda: VGroup(
            DashedLine(sp.c2p(zt.get_value(), 0), sp.c2p(zt.get_value(), s_of()),
                       color=style.DIM, stroke_width=2, dash_length=0.08),
            Dot(sp.c2p(zt.get_value(), s_of()), radius=0.08, color=SIG)))
        traced = redraw_on(lambda: (zt.get_value(),), lambda: trace(
            sp, np.c_[zs, sg * (1 - sg)], float(np.interp(zt.get_value(), zs, np.arange(len(zs)))),
            SIG, 4))
        with self.say("Now the slope of the logistic function. {def} σ of z is one over one "
                      "plus e to the minus z. {diff} Its derivative is e to the minus z over "
                      "the square of one plus e to the minus z.",
                      spoken="Now the slope of the logistic function. {def} sigma of z is one "
                             "over one plus e to the minus z. {diff} Its derivative is e to the "
                             "minus z over the square of one plus e to the minus z.") as s:
            self.play(FadeIn(sp), Create(sig_curve), FadeIn(sig_lab), run_time=1.5)
            self.wait_until("def", s)
            self.play(Write(q0), run_time=1.5)
            self.wait_until("diff", s)
            self.play(TransformMatchingTex(q0.copy(), q1), run_time=2.0)
        with self.say("{split} Split the square into two fractions: {first} the first is σ "
                      "itself, {second} and the second is one minus σ. So σ′ is σ times one "
                      "minus σ.",
                      spoken="{split} Split the square into two fractions: {first} the first is "
                             "sigma itself, {second} and the second is one minus sigma. So sigma "
                             "prime is sigma times one minus sigma.") as s:
            self.wait_until("split", s)
            self.morph(q1, q2, [(r"\frac{e^{-\cz}}{(1 + e^{-\cz})^{2}}",
                                 r"\frac{e^{-\cz}}{1 + e^{-\cz}}")], run_time=1.8)
            self.wait_until("first", s)
            self.play(Circumscribe(q2[2], color=SIG), run_time=1.0)
            self.wait_until("second", s)
            self.play(Circumscribe(q2[4], color=SIG), run_time=1.0)
            self.morph(q2, q3, [(r"\frac{1}{1 + e^{-\cz}}", r"\csigma(\cz)"),
                                (r"\frac{e^{-\cz}}{1 + e^{-\cz}}",
                                 r"\big(1 - \csigma(\cz)\big)")], run_time=1.8)
        with self.say("{rect} Picture it as a rectangle in a unit square: one side σ, the other "
                      "one minus σ; its area is the slope. {sweep} As z moves, the sides trade "
                      "length, and the area traces the slope curve.",
                      spoken="{rect} Picture it as a rectangle in a unit square: one side sigma, "
                             "the other one minus sigma; its area is the slope. {sweep} As z "
                             "moves, the sides trade length, and the area traces the slope "
                             "curve.") as s:
            self.wait_until("rect", s)
            self.play(Create(unit), FadeIn(one_w), FadeIn(one_h), FadeIn(box), FadeIn(w_lab),
                      FadeIn(h_lab_m), FadeIn(marker), run_time=1.5)
            self.add(traced)
            self.wait_until("sweep", s)
            self.play(zt.animate.set_value(6.0), run_time=max(5.0, s.remaining() + 1.0),
                      rate_func=linear)
        traced.clear_updaters()  # the whole slope curve stays
        q4 = tex(r"\csigma (1 - \csigma) \le \tfrac{1}{2} \cdot \tfrac{1}{2} = \tfrac{1}{4}"
                 r"\quad \text{at } \cz = 0", 44)
        self.eq_at(q4, left, top - 2.7)
        peak = DashedLine(sp.c2p(-0.3, 0.25), sp.c2p(6, 0.25), color=SIG, stroke_width=2,
                          dash_length=0.08)
        peak_lab = tex(r"\csigma' \le \tfrac{1}{4}", 36).next_to(sp.c2p(3.3, 0.25), UP, buff=0.22)
        with self.say("{max} Two sides that add up to one enclose the most area as a square: "
                      "σ equal to one half, which happens at z = 0. {q} There the slope is one "
                      "half times one half: one quarter. Nowhere is it larger.",
                      spoken="{max} Two sides that add up to one enclose the most area as a "
                             "square: sigma equal to one half, which happens at z equals zero. "
                             "{q} There the slope is one half times one half: one quarter. "
                             "Nowhere is it larger.") as s:
            self.wait_until("max", s)
            self.play(zt.animate.set_value(0.0), run_time=2.0)
            self.wait_until("q", s)
            self.play(Write(q4), Create(peak), FadeIn(peak_lab), run_time=2.0)
        tz = 1 - np.tanh(zs) ** 2
        tanh_curve = DashedVMobject(VMobject(stroke_width=4, stroke_color=PHI).set_points_smoothly(
            sp.pts(np.c_[zs, tz])), num_dashes=60, dashed_ratio=0.6)
        tanh_lab = tex(r"\tanh' = 1 - \tanh^{2}", 32).next_to(sp.c2p(1.45, 0.62), RIGHT, buff=0)
        q5 = tex(r"\tanh'(0) = 1", 44)
        self.eq_at(q5, left, top - 3.9)
        with self.say("{tanh} Compare tanh: its slope, one minus tanh squared, reaches one at "
                      "zero, four times as steep. Through tanh units a factor can be near one; "
                      "through σ it is at most one quarter of the weight.",
                      spoken="{tanh} Compare tanh: its slope, one minus tanh squared, reaches "
                             "one at zero, four times as steep. Through tanh units a factor can "
                             "be near one; through sigma it is at most one quarter of the "
                             "weight.") as s:
            self.wait_until("tanh", s)
            self.play(Create(tanh_curve), FadeIn(tanh_lab), Write(q5), run_time=2.0)
        for m in (box, w_lab, h_lab_m, marker):
            m.clear_updaters()
        self.quarter_parts = VGroup(q0, q3, q4, q5, sp, sig_curve, sig_lab, unit, one_w, one_h,
                                    box, w_lab, h_lab_m, marker, traced, peak, peak_lab,
                                    tanh_curve, tanh_lab)

    @beat("A quarter per sigmoid layer")
    def five(self):
        N = self.N
        L, depth = N["L"], N["depth"]
        left, top = -6.8, 3.4
        self.play(FadeOut(self.quarter_parts), run_time=1.0)
        grp = VGroup(self.gp, self.gp_curves[0], self.gp_key[1])
        f1 = tex(rf"\lvert \cdelta^{{1}} \rvert \le \lvert \cdelta^{{L}} \rvert "
                 rf"\prod \lvert \cw^{{l+1}} \rvert \cdot "
                 rf"\left(\tfrac{{1}}{{4}}\right)^{{{depth}}}",
                 42)
        approx = (rf"\approx {N['quarter']:.5f} \approx {N['quarter']:.1g}"
                  if N["quarter"] >= 1e-4 else rf"\approx {_sci_tex(N['quarter'])}")
        f2 = tex(rf"\left(\tfrac{{1}}{{4}}\right)^{{{depth}}} = \frac{{1}}{{{N['four']}}} "
                 + approx, 42)
        self.eq_at(f1, left, top)
        self.eq_at(f2, left, top - 1.3)
        qs = f"{N['quarter']:.1g}" if N["quarter"] >= 1e-4 else ""
        with self.say(f"So on the way back from the output to layer 1, the {depth} sigmoid "
                      f"layers put {depth} slopes in the product, {{f1}} each at most one quarter. "
                      f"{{f2}} One quarter to the power {depth} is one over {N['four']:,}"
                      + (f": about {qs}." if qs else "."),
                      spoken="So on the way back from the output to layer one, the "
                             f"{number_words(str(depth))} sigmoid layers put "
                             f"{number_words(str(depth))} slopes in the product, {{f1}} each "
                             "at most one quarter. {f2} One quarter to "
                             f"the power {number_words(str(depth))} is one over "
                             f"{number_words(str(N['four']))}"
                             + (f": about {number_words(qs)}." if qs else ".")
                      ) as s:
            self.play(FadeIn(grp), run_time=1.0)
            self.wait_until("f1", s)
            self.play(Write(f1), run_time=2.0)
            self.wait_until("f2", s)
            self.play(Write(f2), run_time=2.0)
        gp = self.gp
        top_v = np.log10(N["narrow_sig"][-1])
        guide = DashedLine(gp.c2p(L, top_v), gp.c2p(1, top_v + depth * np.log10(0.25)),
                           color=SIG, stroke_width=3, dash_length=0.1)
        g_lab = tex(rf"\times \tfrac{{1}}{{4}} \text{{ per layer}}", 30).next_to(
            gp.c2p(2.0, top_v + (L - 2) * np.log10(0.25)), UP, buff=0.5)
        rs = N["r_narrow_sig"]
        further = ("falls even further" if rs < N["quarter"] else "falls")
        f3 = tex(rf"\text{{measured: }} \frac{{\lVert \cdelta^{{1}} \rVert}}"
                 rf"{{\lVert \cdelta^{{{L}}} \rVert}} \approx \frac{{1}}"
                 rf"{{{about(1 / rs).replace(',', '{,}')}}}", 42)
        f3.next_to(f2, DOWN, buff=0.6).align_to(f2, LEFT)
        with self.say("{guide} On the log scale, a factor of one quarter per layer is a straight "
                      "line falling the same step each layer. {measured} The measured network "
                      f"{further}, to one part in {about(1 / rs)}: the slopes alone take away "
                      f"at least a factor of {N['four']:,}, and most units are not at their "
                      "steepest.") as s:
            self.wait_until("guide", s)
            self.play(Create(guide), FadeIn(g_lab), run_time=2.0)
            self.wait_until("measured", s)
            self.play(Indicate(self.gp_curves[0][1][0], color=SIG, scale_factor=2.0),
                      FadeIn(f3, shift=0.1 * DOWN), run_time=1.5)
        self.five_parts = VGroup(f1, f2, f3, guide, g_lab, grp)

    @beat("Scale the weights")
    def init(self):
        N = self.N
        L, depth, n = N["L"], N["depth"], N["width"]
        left, top = -6.8, 3.55
        self.play(FadeOut(self.five_parts), FadeOut(self.gp_curves[1]), FadeOut(self.gp_key[0]),
                  run_time=1.0)
        lo = min(int(np.floor(min(np.log10(v).min() for v in N["delta"].values()))) - 1, -6)
        wp = layer_plot(lo, L, 5.3, 4.8, (1.35, -2.1))
        self.wp = wp
        v0 = tex(r"{{ \cz = \sum_{j=1}^{n} \cw_{j} \ca_{j} }}{{ , \qquad n = \text{fan-in} }}", 42)
        v1 = tex(r"\mathrm{Var}(\cz) = \sum_{j=1}^{n} \mathrm{Var}(\cw_{j}) \, "
                 r"\mathbb{E}[\ca_{j}^{2}] = n \, \mathrm{Var}(\cw) \, \mathbb{E}[\ca^{2}]", 40)
        v2 = tex(r"\mathrm{Var}(\cw) = \frac{1}{n} \;\Rightarrow\; \mathrm{Var}(\cz) = "
                 r"\mathbb{E}[\ca^{2}]", 40)
        v1 = fit_width(v1, 6.3)
        # one unit: n inputs, each times its weight, summed into z
        ys = np.linspace(1.9, -1.9, 7)
        ins = VGroup(*[Circle(radius=0.16, color=style.TEXT, stroke_width=2.5).move_to([2.2, y, 0])
                       for y in ys])
        unit = Circle(radius=0.3, color=C["cz"], stroke_width=3).move_to([5.4, 0, 0])
        edges = VGroup(*[Line(c.get_center(), unit.get_center(), buff=0.3, color=C["cw"],
                              stroke_width=2.5) for c in ins])
        a_lab = tex(r"\ca_{j}", 36).next_to(ins, LEFT, buff=0.25)
        z_lab = tex(r"\cz", 40).next_to(unit, RIGHT, buff=0.2)
        w_lab = tex(r"\cw_{j}", 34).next_to(edges[1].get_center(), UP, buff=0.12)
        one_unit = VGroup(ins, unit, edges, a_lab, z_lab, w_lab)
        one_unit.shift(0.35 * DOWN)
        self.eq_at(v0, left, top)
        v1.next_to(v0, DOWN, buff=0.4).align_to(v0, LEFT)
        v2.next_to(v1, DOWN, buff=0.4).align_to(v0, LEFT)
        fac = tex(r"{{ \cw^{l+1} }} \, {{ \cphi'(\cz^{l}) }}", 48).move_to([3.8, 2.9, 0])
        br_w = Brace(fac[0], DOWN, buff=0.1, color=style.DIM)
        br_s = Brace(fac[2], DOWN, buff=0.1, color=style.DIM)
        lab_w = plot_label("weight").next_to(br_w, DOWN, buff=0.08)
        lab_s = plot_label("slope").next_to(br_s, DOWN, buff=0.08)
        with self.say("Each factor is a weight times a slope. {slope} The slope belongs to φ; "
                      "{weight} the weight part we choose when we draw the starting weights. "
                      "{z} A unit adds up its n inputs, its fan-in, each times its weight.",
                      spoken="Each factor is a weight times a slope. {slope} The slope belongs "
                             "to phi; {weight} the weight part we choose when we draw the "
                             "starting weights. {z} A unit adds up its n inputs, its fan in, "
                             "each times its weight.") as s:
            self.play(Write(fac), run_time=1.2)
            self.wait_until("slope", s)
            self.play(GrowFromCenter(br_s), FadeIn(lab_s), run_time=0.8)
            self.wait_until("weight", s)
            self.play(GrowFromCenter(br_w), FadeIn(lab_w), run_time=0.8)
            self.play(FadeOut(VGroup(br_s, lab_s, fac[2], fac[1])),
                      VGroup(fac[0], br_w, lab_w).animate.move_to([3.8, 3.1, 0]), run_time=1.0)
            self.wait_until("z", s)
            self.play(Write(v0), LaggedStart(*[GrowFromCenter(c) for c in ins], lag_ratio=0.1),
                      GrowFromCenter(unit), run_time=1.5)
            self.play(LaggedStart(*[Create(e) for e in edges], lag_ratio=0.1), FadeIn(w_lab),
                      FadeIn(a_lab), FadeIn(z_lab), run_time=1.5)
        with self.say("{var} Draw the weights independently, with mean zero: the variances of "
                      "the terms add, so the variance of z is n times the variance of w times "
                      "the mean square of the inputs. {keep} Choose the variance of w as one "
                      "over n, and z keeps the size of the activations feeding it, layer after "
                      "layer; the gradient, running back through the same weights, keeps its "
                      "size too.") as s:
            self.wait_until("var", s)
            self.play(TransformMatchingShapes(v0[0].copy(), v1), run_time=2.5)
            self.play(Indicate(edges, color=C["cw"], scale_factor=1.0),
                      Circumscribe(v1, color=C["cw"]), run_time=1.8)
            self.wait_until("keep", s)
            self.play(Write(v2), run_time=2.0)
            self.play(Indicate(unit, color=C["cz"], scale_factor=1.3), run_time=1.2)
        names = tex(r"\text{Xavier: } \tfrac{1}{n} \text{ for } \tanh, \qquad "
                    r"\text{He: } \tfrac{2}{n} \text{ for ReLU}", 36)
        names = fit_width(names, 6.3).next_to(v2, DOWN, buff=0.4).align_to(v0, LEFT)
        sig = profile(wp, N["delta"]["sigmoid"], SIG)
        small = profile(wp, N["delta"]["tanh_small"], BAD, dashed=True)
        good = profile(wp, N["delta"]["tanh"], FIX)
        key = VGroup(key_column(wp, [(SIG, False, r"\csigma,\ \tfrac{1}{n}"),
                                     (BAD, True, r"\tanh,\ \tfrac{1}{4n}"),
                                     (FIX, False, r"\tanh,\ \tfrac{1}{n}")]))
        r = N["ratio"]
        f_sig = f"{1 / N['per_layer']['sigmoid']:.0f}"
        f_small = f"{1 / N['per_layer']['tanh_small']:.0f}"
        with self.say(f"To measure it cleanly, widen the network to {n} units per layer, "
                      f"{depth} hidden layers. {{sig}} The sigmoid network with variance one over "
                      f"n still loses a factor of about {f_sig} per "
                      f"layer: layer 1 gets one part in {about(1 / r['sigmoid'])}. {{small}} A "
                      "tanh network with weights four times too small in variance loses about a "
                      f"factor {f_small} per layer. {{good}} With "
                      f"one over n, tanh's layer 1 keeps {r['tanh']:.2f} of the output's "
                      "gradient.",
                      spoken=f"To measure it cleanly, widen the network to "
                             f"{number_words(str(n))} units per layer, "
                             f"{number_words(str(depth))} hidden layers. {{sig}} The sigmoid "
                             "network with variance one over n still loses a factor of about "
                             f"{number_words(f_sig)} "
                             "per layer: layer one gets one part in "
                             f"{number_words(about(1 / r['sigmoid']))}. {{small}} A tanh network "
                             "with weights four times too small in variance loses about a factor "
                             f"{number_words(f_small)} "
                             "per layer. {good} With one over n, tanh's layer one keeps "
                             f"{_say(r['tanh'], 2)} of the output's gradient.") as s:
            self.play(FadeOut(one_unit), FadeOut(VGroup(fac[0], br_w, lab_w)), run_time=0.8)
            self.play(FadeIn(wp), FadeIn(key[0][0]), Create(sig[0]), FadeIn(sig[1]), run_time=1.5)
            self.wait_until("sig", s)
            self.play(Indicate(sig[1][0], color=SIG, scale_factor=2.0), run_time=1.2)
            self.wait_until("small", s)
            self.play(FadeIn(key[0][1]), Create(small[0]), FadeIn(small[1]), run_time=1.8)
            self.wait_until("good", s)
            self.play(FadeIn(key[0][2]), Create(good[0]), FadeIn(good[1]), FadeIn(names),
                      run_time=1.8)
        self.init_parts = VGroup(v0, v1, v2, names, small, good, key[0][1:])
        self.wide_sig, self.wide_key = sig, key[0][0]

    @beat("ReLU")
    def relu(self):
        N = self.N
        left, top = -6.8, 3.55
        r = N["ratio"]
        r0 = tex(r"\cphi(\cz) = \max(0, \cz)", 44)
        r1 = tex(r"\cphi'(\cz) = \begin{cases} 1 & \cz > 0 \\ 0 & \cz < 0 \end{cases}", 44)
        r2 = tex(r"\mathrm{Var}(\cw) = \frac{2}{n}", 44)
        self.eq_at(r0, left, top)
        r1.next_to(r0, DOWN, buff=0.4).align_to(r0, LEFT)
        r2.next_to(r1, DOWN, buff=0.4).align_to(r0, LEFT)
        wp = self.wp
        good = profile(wp, N["delta"]["relu"], FIX)
        big = profile(wp, N["delta"]["relu_big"], BAD, dashed=True)
        key = key_column(wp, [(SIG, False, r"\csigma,\ \tfrac{1}{n}"),
                              (FIX, False, r"\text{ReLU},\ \tfrac{2}{n}"),
                              (BAD, True, r"\text{ReLU},\ \tfrac{4}{n}")])[1:]
        with self.say("{relu} The second fix changes the slope itself. The rectified linear unit, "
                      "ReLU, is zero for negative z and z itself for positive z. {slope} Its "
                      "slope is exactly one wherever the unit is on: a factor with nothing taken "
                      "away.") as s:
            self.play(FadeOut(self.init_parts), run_time=1.0)
            self.wait_until("relu", s)
            self.play(Write(r0), run_time=1.5)
            self.wait_until("slope", s)
            self.play(Write(r1), run_time=2.0)
        with self.say("{he} About half the units are off, which halves the variance, so He "
                      "doubles the weights' variance to two over n. {flat} Measured: layer 1 "
                      f"gets {r['relu']:.2f} times the output's gradient, flat across "
                      "the layers.",
                      spoken="{he} About half the units are off, which halves the variance, so "
                             "He doubles the weights' variance to two over n. {flat} Measured: "
                             f"layer one gets {_say(r['relu'], 2)} times the "
                             "output's gradient, flat across the layers.") as s:
            self.wait_until("he", s)
            self.play(Write(r2), run_time=1.5)
            self.wait_until("flat", s)
            self.play(FadeIn(key[0]), Create(good[0]), FadeIn(good[1]), run_time=2.0)
        r3 = tex(r"\mathrm{Var}(\cw) = \frac{4}{n}: \quad \times \sqrt{2} \text{ per layer}", 40)
        r3.next_to(r2, DOWN, buff=0.5).align_to(r0, LEFT)
        with self.say("{big} Scale too large, four over n, and each layer back multiplies the "
                      f"gradient by about the square root of two: layer 1 gets {r['relu_big']:.1f} "
                      "times the output's. That is an exploding gradient; in a deeper network it "
                      "grows without limit.",
                      spoken="{big} Scale too large, four over n, and each layer back multiplies "
                             "the gradient by about the square root of two: layer one gets "
                             f"{_say(r['relu_big'], 1)} times the output's. That is an exploding "
                             "gradient; in a deeper network it grows without limit.") as s:
            self.wait_until("big", s)
            self.play(FadeIn(key[1]), Create(big[0]), FadeIn(big[1]), Write(r3), run_time=2.0)
        self.relu_parts = VGroup(r0, r1, r2, r3, good, big, key)

    @beat("A residual connection")
    def residual(self):
        N = self.N
        left, top = -6.8, 3.55
        r = N["ratio"]
        k0 = tex(r"{{ \ca^{l} }} = {{ \ca^{l-1} }} + {{ \cphi(\cW^{l} \ca^{l-1} + \cb^{l}) }}"
                 r"{{ , \quad \cphi = \csigma }}", 44)
        k1 = tex(r"{{ \frac{\partial \ca^{l}}{\partial \ca^{l-1}} }} = {{ I }} + "
                 r"{{ \mathrm{diag}\big(\cphi'(\cz^{l})\big) \, \cW^{l} }}", 44)
        k2 = tex(r"\frac{\partial \cL}{\partial \ca^{l-1}} = \frac{\partial \cL}{\partial \ca^{l}}"
                 r" + (\cW^{l})^{\top} \cdelta^{l}", 44)
        self.eq_at(k0, left, top)
        k1.next_to(k0, DOWN, buff=0.45).align_to(k0, LEFT)
        k2.next_to(k1, DOWN, buff=0.45).align_to(k0, LEFT)
        wp = self.wp
        res = profile(wp, N["delta"]["residual"], FIX)
        key = key_column(wp, [(SIG, False, r"\csigma,\ \tfrac{1}{n}"),
                              (FIX, False, r"\csigma + \text{skip},\ \tfrac{1}{n}")])[1:]
        with self.say("The third fix keeps the sigmoid units and changes the wiring. {skip} A "
                      "residual layer adds its input to its output: the new a is the old a plus "
                      "φ of W a plus b.",
                      spoken="The third fix keeps the sigmoid units and changes the wiring. "
                             "{skip} A residual layer adds its input to its output: the new a is "
                             "the old a plus phi of W a plus b.") as s:
            self.play(FadeOut(self.relu_parts), run_time=1.0)
            self.wait_until("skip", s)
            self.play(Write(k0), run_time=2.0)
        with self.say("{jac} Differentiate: the derivative of x plus f of x is the identity plus "
                      "f′. {path} So the gradient reaching the layer below is the gradient "
                      "above, "
                      "unchanged, plus the usual product term: it has a path back with no "
                      "factors at all.",
                      spoken="{jac} Differentiate: the derivative of x plus f of x is the "
                             "identity plus f prime. {path} So the gradient reaching the layer "
                             "below is the gradient above, unchanged, plus the usual product "
                             "term: it has a path back with no factors at all.") as s:
            self.wait_until("jac", s)
            self.morph(k0, k1, [(r"\ca^{l}", r"\frac{\partial \ca^{l}}{\partial \ca^{l-1}}"),
                                (r"\ca^{l-1}", r"I"),
                                (r"\cphi(\cW^{l} \ca^{l-1} + \cb^{l})",
                                 r"\mathrm{diag}\big(\cphi'(\cz^{l})\big) \, \cW^{l}")],
                       keep=True, run_time=2.0)
            self.wait_until("path", s)
            self.play(Write(k2), run_time=2.0)
        quarter = "About one quarter:" if abs(r["residual"] - 0.25) < 0.03 else "Roughly"
        with self.say("{meas} Measured with the same sigmoid units and the same one over n "
                      f"weights: layer 1 gets {about(r['residual'], 2)} of the output's "
                      f"gradient. {quarter} one slope, not a product of {N['depth']}.",
                      spoken="{meas} Measured with the same sigmoid units and the same one over "
                             f"n weights: layer one gets {number_words(about(r['residual'], 2))} "
                             f"of the output's gradient. {quarter} one slope, not a "
                             f"product of {number_words(str(N['depth']))}.") as s:
            self.wait_until("meas", s)
            self.play(FadeIn(key), Create(res[0]), FadeIn(res[1]), run_time=2.0)
        self.res_parts = VGroup(k0, k1, k2, res, key)

    @beat("Gradients that survive")
    def summary(self):
        left, top = -6.8, 3.55
        rows = VGroup(
            tex(r"\cdelta^{1} = \cdelta^{L} \prod \cw^{l+1} \cphi'(\cz^{l})", 38),
            tex(r"\csigma' = \csigma(1 - \csigma) \le \tfrac{1}{4}", 38),
            tex(r"\mathrm{Var}(\cw) = \tfrac{1}{n}\ (\tanh), \quad \tfrac{2}{n}\ (\text{ReLU})",
                38),
            tex(r"\text{ReLU}: \ \cphi' = 1 \text{ where on}", 38),
            tex(r"\partial (x + f(x)) / \partial x = I + f'", 38),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.42)
        self.eq_at(rows, left, top)
        N, wp = self.N, self.wp
        extra = [profile(wp, N["delta"][k], FIX) for k in ("tanh", "relu")]
        fixes_key = key_column(wp, [(SIG, False, r"\csigma,\ \tfrac{1}{n}"),
                                    (FIX, False, r"\text{the fixes}")])[1]
        with self.say("To sum up. {a} The gradient reaching a layer is a product of one factor "
                      "per layer above it, a weight times a slope. {b} The logistic slope is at "
                      "most one quarter, so sigmoid layers shrink it geometrically. {c} Scale the "
                      "weights to keep the variance, {d} use units whose slope is one, {e} or "
                      "give the gradient a path around the layers, and depth can learn.",
                      spoken="To sum up. {a} The gradient reaching a layer is a product of one "
                             "factor per layer above it, a weight times a slope. {b} The "
                             "logistic slope is at most one quarter, so sigmoid layers shrink it "
                             "geometrically. {c} Scale the weights to keep the variance, {d} use "
                             "units whose slope is one, {e} or give the gradient a path around "
                             "the layers, and depth can learn.") as s:
            self.play(FadeOut(VGroup(*self.res_parts[:3])), run_time=1.0)
            for i, m in enumerate(rows):
                self.wait_until("abcde"[i], s)
                more = []
                if i in (2, 3):  # the tanh and the ReLU network join the residual one
                    more = [Create(extra[i - 2][0]), FadeIn(extra[i - 2][1])]
                if i == 2:
                    more.append(ReplacementTransform(self.res_parts[4], fixes_key))
                self.play(FadeIn(m, shift=0.2 * RIGHT), *more, run_time=1.2)
        self.wait(2.0)
