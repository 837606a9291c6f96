"""Lecture 4.1: networks as function approximators (narrated).

The story: sixty noisy samples of a wiggly curve that no straight line follows -> one tanh
unit is one bend: its bias places it, its input weight sharpens (or flips) it, its output
weight scales it -> a network puts eight units side by side and adds them; its edges are its
weights -> a trained network's bends, each scaled, added one at a time, build the curve ->
training starts from small random weights: the mean squared error, the gradient of one unit
by the chain rule, and what one gradient step does to that unit's bend, with the numbers of
the run's first step -> twenty thousand steps: the loss falls, the bends spread out, the edges
grow, snapshots of the fit -> why any continuous curve: a steep bend is a step, steps make a
staircase, double the units and the largest error halves (the universal approximation
theorem and its conditions: a continuous curve, a bounded interval, enough units).

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter4/trajectories.py: function_approximation``);
``tests/test_function_approximation_lecture.py`` checks them against finite differences, a
forward pass written out in NumPy and closed forms.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter4/function_approximation.py
FunctionApproximation``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.gradient_descent import least_squares
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter4.trajectories import X_RANGE, function_approximation as trajectories
from scenes.components import (
    DotCloud, Plot, Readout, StepClock, clip_segment, fade_in, fade_out, fit_width, highlight,
    on_change, part, plot_label, redraw_on, tex, to_scene, trace,
)
from scenes.lecture import LectureScene, beat

__all__ = ["FunctionApproximation", "trajectories", "lecture_numbers", "network_diagram",
           "unit_colors", "plane_map", "unpack", "SIGN_COLORS"]

C = style.COLOR
#: an edge's colour says its weight's sign: positive in the weight's own colour, negative in a
#: muted red that is no symbol's colour (tests/test_function_approximation_lecture.py)
SIGN_COLORS = (C["cW"], ManimColor("#B04A5A"))
BEND = C["cphi"]                     # a (scaled) tanh bend: the colour of phi
XR = (-1.65, 1.65)                   # the x window of every plot (the data span -pi/2 .. pi/2)
SUM_TOP = 2.7                        # the y window of the plot the bends are added up on


# -- the numbers ----------------------------------------------------------------------------------
def unpack(theta: np.ndarray, hidden: int) -> tuple[np.ndarray, ...]:
    """``(W1, b1, W2, b2)`` of a 1-H-1 network from theta rows (..., P): shapes (..., H) and
    (...,); the layout is the MLP's (W^1 row-major, b^1, W^2, b^2)."""
    H = hidden
    return theta[..., :H], theta[..., H:2 * H], theta[..., 2 * H:3 * H], theta[..., 3 * H]


def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows, from the three trajectories (no Manim needed).

    ``j`` is the unit whose input weight the first step changes most; ``snaps`` four rows of
    the run (its start, about 1% and 10% of the way, its end) shown side by side.
    """
    fit, first, st = runs["fit"], runs["first"], runs["staircase"]
    H = fit["hidden"].shape[2]
    x, y = fit.data["X"][:, 0], fit.data["y"]
    w, b = least_squares(x, y)
    W1, b1, W2, b2 = unpack(first["theta"], H)        # (2, H) x 3, (2,)
    g1, gb, g2, _ = unpack(first["grad"][0], H)       # (H,) x 3
    j = int(np.argmax(np.abs(g1)))
    c = -b1[:, j] / W1[:, j]                          # (2,) the bend's centre before, after
    steps, loss = fit["step"], fit["loss"]
    n_steps = int(fit.info["n_steps"])
    snaps = [0, int(np.argmin(np.abs(steps - n_steps / 100))),
             int(np.argmin(np.abs(steps - n_steps / 10))), len(fit) - 1]
    fW1, fb1, fW2, fb2 = unpack(fit["theta"][-1], H)
    parts = fit["hidden"][-1] * fW2                                    # (G, H) scaled bends
    order, partial = [], np.full(len(parts), float(fb2))              # added in this order,
    while len(order) < H:                                              # the partial sums kept
        rest = [k for k in range(H) if k not in order]                 # as small as they go
        k = min(rest, key=lambda k: np.abs(partial + parts[:, k]).max())
        order.append(k)
        partial = partial + parts[:, k]
    wide, wp = fit.data["wide_grid"], fit.result["wide_prediction"]  # (3G,) x 2
    grid, p0 = fit.data["grid"][:, 0], fit["prediction"][0]              # (G,) x 2
    return {
        "n": len(x), "H": H, "P": 3 * H + 1, "lr": float(fit.info["lr"]), "n_steps": n_steps,
        "w_line": w, "b_line": b, "L_line": float(np.mean((w * x + b - y) ** 2)),
        "L0": float(loss[0]), "L1": float(first["loss"][1]),
        "j": j, "W1": W1[:, j].astype(float), "b1": b1[:, j].astype(float),
        "W2": W2[:, j].astype(float), "g": (float(g1[j]), float(gb[j]), float(g2[j])),
        "centre": c.astype(float), "slope": (W2[:, j] * W1[:, j]).astype(float),
        "W1_0": W1[0], "W2_0": W2[0],
        "L_end": float(loss[-1]), "noise_var": float(fit.info["noise"]) ** 2,
        "true_mse": float(np.mean((fit["prediction"][-1] - fit.data["target"]) ** 2)),
        "snaps": snaps, "snap_steps": [int(steps[k]) for k in snaps],
        "snap_loss": [float(loss[k]) for k in snaps],
        "final": (fW1, fb1, fW2, float(fb2)),
        "sum_order": order,
        "sum_peak": float(np.abs(fb2 + np.cumsum(parts[:, order], 1)).max()),
        "units": [int(k) for k in st.result["units"]],
        "errors": [float(e) for e in st.result["sup_error"]],
        "wide_span": (float(wide[0]), float(wide[-1])),
        "wide_range": (float(wp.min()), float(wp.max())),
        "j_steepest": bool(np.abs(first["grad"][0]).max() == abs(g1[j])),
        "start_line": bool(np.abs(p0 - np.polyval(np.polyfit(grid, p0, 1), grid)).max()
                           < 0.08 * np.ptp(p0)),
    }


def num(v: float, d: int) -> str:
    """``v`` with ``d`` decimals, never "-0.000"; exactly zero is "0"."""
    if v == 0:
        return "0"
    s = f"{v:.{d}f}"
    return s.lstrip("-") if float(s) == 0 else s


# -- pieces other chapter 4 lectures use ------------------------------------------------------------
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


# -- drawing helpers ----------------------------------------------------------------------------------
def polyline(plot: Plot, xs: np.ndarray, ys: np.ndarray, color, width: float = 4) -> VMobject:
    """The graph ``(xs, ys)`` on ``plot``, clipped to its y range."""
    ys = np.clip(ys, *plot.y_range)
    return VMobject(stroke_color=color, stroke_width=width).set_points_as_corners(
        plot.pts(np.c_[xs, ys]))


def edge_width(w: float, w_max: float) -> float:
    """Stroke width of an edge whose weight is ``w`` (the largest weight of the run: 8)."""
    return 0.8 + 7.2 * min(abs(w) / w_max, 1.0)


def paint_edges(net: VGroup, W1: np.ndarray, W2: np.ndarray, w_max: float) -> VGroup:
    """Set each edge's colour by its weight's sign and its width by its size."""
    for j in range(len(W1)):
        for line, w in ((net.edges[0][j, 0], W1[j]), (net.edges[1][0, j], W2[j])):
            line.set_stroke(SIGN_COLORS[0] if w >= 0 else SIGN_COLORS[1],
                            width=edge_width(w, w_max), opacity=0.95)
    return net


def data_plot(width: float, height: float, corner, *, xticks=(-1, 0, 1), yr=(-2.2, 2.2),
              yticks=(-2, -1, 0, 1, 2), size: float = style.PLOT_LABEL_SIZE) -> Plot:
    return Plot(XR, yr, width, height, xticks=xticks, yticks=yticks,
                xlabel=tex(r"\cx", size), ylabel=tex(r"\cy", size),
                xlabel_right=True).place(corner)


# -- the lecture --------------------------------------------------------------------------------------
class FunctionApproximation(LectureScene):
    LECTURE = "chapter4/function_approximation"

    # state shared by the beats -------------------------------------------------------------------
    def setup(self):
        super().setup()
        runs = self.trajectories()
        self.fit, self.first, self.stairs = runs["fit"], runs["first"], runs["staircase"]
        self.N = N = lecture_numbers(runs)
        fit = self.fit
        self.H = H = N["H"]
        self.x, self.y = fit.data["X"][:, 0], fit.data["y"]
        self.grid, self.target = fit.data["grid"][:, 0], fit.data["target"]
        self.W1, self.b1, self.W2, self.b2 = unpack(fit["theta"], H)   # (T, H) x 3, (T,)
        self.acts, self.pred = fit["hidden"], fit["prediction"]        # (T, G, H), (T, G)
        scaled = self.acts * self.W2[:, None, :]                        # (T, G, H)
        self.bend_top = max(2.0, float(np.ceil(2 * np.abs(scaled).max() + 0.3) / 2))
        self.w_max = float(max(np.abs(self.W1).max(), np.abs(self.W2).max()))
        # the unit's demonstration bend: W2 tanh(W1 x + b1)
        self.tw, self.tb, self.tv = ValueTracker(3.0), ValueTracker(0.0), ValueTracker(1.0)

    # pieces ------------------------------------------------------------------------------------------
    def bend_plot(self, width: float, height: float, corner, top: float | None = None,
                  label: str | None = r"\cW^{2}_{j}\,\ca_j(\cx)") -> Plot:
        top = top or self.bend_top
        every = 2 if top >= 3 else 1                     # numbers never crowd the axis
        ticks = [v for v in range(-int(top), int(top) + 1) if v % every == 0]
        p = Plot(XR, (-top, top), width, height, xticks=(-1.5, -1, -0.5, 0, 0.5, 1, 1.5),
                 yticks=ticks, xlabel=tex(r"\cx", style.PLOT_LABEL_SIZE), xlabel_right=True)
        p.place(corner)
        if label:
            lab = tex(label, 30).next_to(p.box, UP, buff=0.15).align_to(p.box, LEFT)
            p.add(lab)
            p.label = lab
        return p

    def dots_on(self, plot: Plot, radius: float = 0.045) -> DotCloud:
        return DotCloud(plot.pts(np.c_[self.x, self.y]), radius=radius, color=C["cy"],
                        opacity=0.9)

    def truth_on(self, plot: Plot, opacity: float = 0.8) -> VMobject:
        line = polyline(plot, self.grid, self.target, style.DIM, 3)
        return DashedVMobject(line, num_dashes=70).set_stroke(opacity=opacity)

    def demo_bend(self, plot: Plot) -> Mobject:
        """``W2 tanh(W1 x + b1)`` for the trackers, with its centre and its tangent there."""
        def draw():
            w, b, v = self.tw.get_value(), self.tb.get_value(), self.tv.get_value()
            (x0, x1), (y0, y1) = plot.data_box
            xs = np.linspace(x0, x1, 400)
            g = VGroup(polyline(plot, xs, v * np.tanh(w * xs + b), BEND, 5))
            c = -b / w
            if x0 < c < x1:
                g.add(DashedLine(plot.c2p(c, y0), plot.c2p(c, y1), color=style.DIM,
                                 stroke_width=2, dash_length=0.1))
                h = 0.14 * (x1 - x0)
                seg = clip_segment((c - h, -v * w * h), (c + h, v * w * h), plot.data_box)
                if seg is not None:
                    g.add(Line(*plot.pts(np.array(seg)), color=C["cW"], stroke_width=4))
                g.add(Dot(plot.c2p(c, 0), radius=0.07, color=style.TEXT))
            return g
        return redraw_on(lambda: (self.tw.get_value(), self.tb.get_value(), self.tv.get_value(),
                                  *plot.where()), draw)

    def unit_bends(self, plot: Plot, row: int, width: float = 3) -> VGroup:
        """Every unit's scaled bend ``W2_j a_j(x)`` at trajectory row ``row``."""
        return VGroup(*[polyline(plot, self.grid, self.W2[row, k] * self.acts[row, :, k], BEND,
                                 width) for k in range(self.H)])

    def diagram(self, center, row: int, width: float = 3.0, height: float = 2.9) -> VGroup:
        net = network_diagram((1, self.H, 1), width=width, height=height, radius=0.15,
                              node_colors=[style.TEXT, [BEND] * self.H, C["cyhat"]])
        net.move_to(center)
        paint_edges(net, self.W1[row], self.W2[row], self.w_max)
        net.in_lab = tex(r"\cx", 36).next_to(net.nodes[0], LEFT, buff=0.15)
        net.out_lab = tex(r"\cyhat", 36).next_to(net.nodes[2], RIGHT, buff=0.15)
        net.add(net.in_lab, net.out_lab)
        return net

    def sign_key(self) -> VGroup:
        rows = VGroup()
        for color, rel in zip(SIGN_COLORS, (r"> 0", r"< 0")):
            seg = Line(ORIGIN, 0.5 * RIGHT, stroke_width=6, color=color)
            rows.add(VGroup(seg, tex(r"\cW " + rel, 30).next_to(seg, RIGHT, buff=0.15)))
        return rows.arrange(RIGHT, buff=0.5)

    # ---------------------------------------------------------------------------------------------
    @beat("A curve behind noisy points")
    def data(self):
        N = self.N
        self.big = data_plot(8.6, 5.2, (-5.2, -2.3), xticks=(-1.5, -1, -0.5, 0, 0.5, 1, 1.5))
        self.dots = self.dots_on(self.big, 0.06)
        with self.say(f"Here are {N['n']} points. {{dots}} Each pairs an input x, between minus "
                      "pi over two and pi over two, with a measurement y that carries a little "
                      "noise.") as s:
            self.play(fade_in(self.big), run_time=self.till(s, "dots"))
            self.play(self.dots.intro(lag_ratio=0.02), run_time=2.5)
        truth = self.truth_on(self.big)
        lab = tex(r"\sin 2\cx + \tfrac{1}{2} \sin 5\cx", 40, style.DIM)
        lab.next_to(self.big.box, RIGHT, buff=0.3).shift(1.2 * UP)
        with self.say("{truth} They were drawn from this curve, sine of two x plus half the sine "
                      "of five x. {hide} The model will not be told that: it sees only the "
                      "points.") as s:
            self.wait_until("truth", s)
            self.play(Create(truth), FadeIn(lab, shift=0.2 * LEFT), run_time=2)
            self.wait_until("hide", s)
            self.play(truth.animate.set_stroke(opacity=0.3), FadeOut(lab), run_time=1.2)
        seg = clip_segment((XR[0], N["w_line"] * XR[0] + N["b_line"]),
                           (XR[1], N["w_line"] * XR[1] + N["b_line"]), self.big.data_box)
        line = Line(*self.big.pts(np.array(seg)), color=C["cyhat"], stroke_width=5)
        Lline = tex(rf"\cL = {N['L_line']:.3f}", 44).next_to(self.big.box, RIGHT, buff=0.4)
        with self.say("{line} The model of chapter one, a straight line, cannot follow it: the "
                      "best line misses by a mean squared error of "
                      f"{N['L_line']:.3f}.") as s:
            self.wait_until("line", s)
            self.play(Create(line), run_time=1.5)
            self.play(FadeIn(Lline, shift=0.2 * LEFT), run_time=1)
        with self.say("We need a model that bends where the data bend. {piece} We'll build it "
                      "from pieces that each bend once.") as s:
            self.wait_until("piece", s)
            self.play(FadeOut(line), FadeOut(Lline), run_time=1)
        self.truth = truth

    @beat("One unit, one bend")
    def unit(self):
        N = self.N
        bp = self.bend_plot(6.4, 4.5, (-6.2, -2.45), top=2.2, label=None)
        lab = tex(r"\cW^{2} \cphi(\cW^{1} \cx + \cb^{1})", 34)
        lab.next_to(bp.box, UP, buff=0.2).align_to(bp.box, LEFT)
        self.play(fade_out(self.big), FadeOut(self.dots), FadeOut(self.truth), run_time=1)
        left, top = 1.35, 3.5
        u1 = tex(r"{{ \cz }} = {{ \cW^{1} }} {{ \cx }} + {{ \cb^{1} }}", 44)
        u2 = tex(r"{{ \ca }} = {{ \cphi(\cz) }}, \qquad \cphi = \tanh", 44)
        self.eq_at(u1, left, top)
        u2.next_to(u1, DOWN, buff=0.35).align_to(u1, LEFT)
        self.tw.set_value(3.0), self.tb.set_value(0.0), self.tv.set_value(1.0)
        demo = self.demo_bend(bp)
        with self.say("Take one unit. {z} It computes z = W¹ x + b¹, a straight line in x, "
                      "{phi} and passes it through φ: here the hyperbolic tangent, tanh.",
                      spoken="Take one unit. {z} It computes z equals W one times x plus b one, "
                             "a straight line in x, {phi} and passes it through phi: here the "
                             "hyperbolic tangent, tanh.") as s:
            self.play(fade_in(bp), run_time=1)
            self.wait_until("z", s)
            self.play(Write(u1), run_time=1.5)
            self.wait_until("phi", s)
            self.play(Write(u2), FadeIn(lab), run_time=1.5)
            self.play(Create(demo), run_time=1.5)
        ro = VGroup(*[Readout([sym], [1], 34) for sym in (r"\cW^{1}", r"\cb^{1}", r"\cW^{2}")])
        ro.arrange(RIGHT, buff=0.6).next_to([-6.2, 3.6, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            for r, t in zip(m, (self.tw, self.tb, self.tv)):
                r.set_values([t.get_value()])
        with self.say("{flat} Tanh is flat at minus one far to the left, flat at plus one far "
                      "to the right, and bends in between.") as s:
            self.show_live(ro, upd)
            self.wait_until("flat", s)
            lo = bp.c2p(-1.4, -1) + 0.35 * UP
            hi = bp.c2p(1.4, 1) + 0.35 * DOWN
            self.play(Indicate(bp.ynums, color=BEND, scale_factor=1.15), run_time=1.5)
            self.play(Flash(lo, color=BEND), Flash(hi, color=BEND), run_time=1)
        u3 = tex(r"{{ \cz }} = 0 \iff {{ \cx }} = -\frac{ {{ \cb^{1} }} }{ {{ \cW^{1} }} }", 44)
        u3.next_to(u2, DOWN, buff=0.45).align_to(u1, LEFT)
        with self.say("{centre} Its centre is where z is zero: at x = minus b¹ over W¹. {slide} "
                      "Change the bias, and the bend slides along x.",
                      spoken="{centre} Its centre is where z is zero: at x equals minus b one "
                             "over W one. {slide} Change the bias, and the bend slides along "
                             "x.") as s:
            self.wait_until("centre", s)
            self.morph(u1, u3, [(r"\cz", r"\cz"), (r"\cx", r"\cx"), (r"\cb^{1}", r"\cb^{1}"),
                                (r"\cW^{1}", r"\cW^{1}")], keep=True, run_time=2)
            self.wait_until("slide", s)
            for b in (1.5, -1.5, 0.0):
                self.play(self.tb.animate.set_value(b), run_time=max(0.9, s.remaining() / 3))
        u4 = tex(r"\frac{d\ca}{d\cx} = \cphi'(\cz)\, \cW^{1}, \qquad \cphi'(0) = 1", 44)
        fit_width(u4, 5.6).next_to(u3, DOWN, buff=0.45).align_to(u1, LEFT)
        with self.say("{chain} By the chain rule its slope is φ prime of z times W¹, and tanh "
                      "has slope one at zero: {steep} so at the centre the slope is the weight "
                      "itself. A larger weight makes a sharper bend; {flip} a negative one "
                      "flips it.",
                      spoken="{chain} By the chain rule its slope is phi prime of z, times W "
                             "one, and tanh has slope one at zero: {steep} so at the centre the "
                             "slope is the weight itself. A larger weight makes a sharper bend; "
                             "{flip} a negative one flips it.") as s:
            self.wait_until("chain", s)
            self.play(Write(u4), run_time=2)
            self.wait_until("steep", s)
            self.play(self.tw.animate.set_value(7.0), run_time=1.2)
            self.play(self.tw.animate.set_value(1.2), run_time=1.2)
            self.wait_until("flip", s)
            self.play(self.tw.animate.set_value(-3.0), run_time=1.5)
            self.play(self.tw.animate.set_value(3.0), run_time=1.2)
        u5 = tex(r"\cW^{2} \ca: \ -\cW^{2} \text{ to } \cW^{2}, \quad \text{slope } "
                 r"\cW^{2} \cW^{1}", 44)
        fit_width(u5, 5.6).next_to(u4, DOWN, buff=0.45).align_to(u1, LEFT)
        with self.say("{scale} Last, the output weight W² scales it: the bend now runs from "
                      "minus W² to plus W², {tall} and its slope at the centre is W² times W¹.",
                      spoken="{scale} Last, the output weight, W two, scales it: the bend now "
                             "runs from minus W two to plus W two, {tall} and its slope at the "
                             "centre is W two times W one.") as s:
            self.wait_until("scale", s)
            self.play(Write(u5), run_time=1.5)
            self.play(self.tv.animate.set_value(2.0), run_time=1.2)
            self.wait_until("tall", s)
            self.play(self.tv.animate.set_value(-1.0), run_time=1.2)
            self.play(self.tv.animate.set_value(1.5), run_time=1.0)
        with self.say("Three numbers per unit: where it bends, how sharply, and how far.") as s:
            self.play(Circumscribe(ro, color=BEND), run_time=1.5)
        ro.clear_updaters()
        self.play(FadeOut(VGroup(u1, u2, u3, u4, u5, ro, lab)), FadeOut(demo), fade_out(bp),
                  run_time=1)

    @beat("A network adds bends")
    def network(self):
        N, H, T = self.N, self.H, len(self.fit) - 1
        self.dp = data_plot(5.9, 2.45, (-6.0, 1.0), yr=(-SUM_TOP, SUM_TOP))
        self.bp = self.bend_plot(5.9, 2.35, (-6.0, -2.5))
        self.net = self.diagram([3.9, 1.95, 0], T)
        eq = tex(r"\cyhat = \sum_{j=1}^{" + str(H) + r"} \cW^{2}_{j}\, \cphi(\cW^{1}_{j} \cx "
                 r"+ \cb^{1}_{j}) + \cb^{2}", 40)
        eq.move_to([3.9, -0.55, 0])
        self.net_home = (self.net.get_center(), eq.get_center())
        self.net.scale(1.45).move_to([-2.6, 1.35, 0])
        eq.scale(1.15).next_to(self.net, DOWN, buff=0.35)
        self.net_eq = eq
        with self.say(f"A network puts {H} such units side by side. {{net}} The input x feeds "
                      "every unit, {sum} and the output adds up their scaled bends, plus one "
                      "more number, the output bias b².",
                      spoken=f"A network puts {H} such units side by side. {{net}} The input x "
                             "feeds every unit, {sum} and the output adds up their scaled bends, "
                             "plus one more number, the output bias, b two.") as s:
            self.wait_until("net", s)
            self.play(LaggedStart(*[GrowFromCenter(n) for layer in self.net.nodes
                                    for n in layer], lag_ratio=0.04),
                      FadeIn(self.net.in_lab), FadeIn(self.net.out_lab), run_time=1.5)
            self.play(*[Create(VGroup(*e.ravel())) for e in self.net.edges], run_time=1.5)
            self.wait_until("sum", s)
            self.play(Write(eq), run_time=2)
        key = self.sign_key().next_to(self.net, RIGHT, buff=0.8)
        with self.say("{edges} Each line of the diagram is one weight: its width shows the "
                      "weight's size, {sign} its colour the sign, blue for positive, red for "
                      f"negative. That is {N['P']} numbers in all.") as s:
            self.wait_until("edges", s)
            self.play(Indicate(VGroup(*self.net.edges[0].ravel(), *self.net.edges[1].ravel()),
                               scale_factor=1.0, color=style.TEXT), run_time=1.5)
            self.wait_until("sign", s)
            self.play(FadeIn(key, shift=0.2 * UP), run_time=1)
        self.key = key

    @beat("The bends add up")
    def add_up(self):
        N, H = self.N, self.H
        T = len(self.fit) - 1
        dp, bp = self.dp, self.bp
        bends = self.unit_bends(bp, T).set_stroke(opacity=0.45)
        dots = self.dots_on(dp)
        net_at, eq_at = self.net_home
        with self.say("Here is a network that has been trained already. {bends} These are its "
                      f"{H} bends, each scaled by its output weight.") as s:
            self.play(self.net.animate.scale(1 / 1.45).move_to(net_at),
                      self.net_eq.animate.scale(1 / 1.15).move_to(eq_at),
                      self.key.animate.move_to(eq_at + 1.0 * DOWN), run_time=1.2)
            self.play(fade_in(dp), FadeIn(dots), run_time=1)
            self.wait_until("bends", s)
            self.play(fade_in(bp), run_time=0.8)
            self.play(LaggedStart(*[Create(b) for b in bends], lag_ratio=0.15), run_time=2)
        b2 = float(self.b2[T])
        order = N["sum_order"]
        parts = [self.W2[T, k] * self.acts[T, :, k] for k in order]
        sums = b2 + np.cumsum([np.zeros_like(parts[0])] + parts, axis=0)   # (H + 1, G)
        total = polyline(dp, self.grid, sums[0], C["cyhat"], 5)
        with self.say(f"{{b}} Start from the output bias: a flat line at {b2:.2f}. {{add}} Now "
                      "add the bends one at a time. Each lifts the sum on one side of its centre "
                      "and lowers it on the other.") as s:
            self.wait_until("b", s)
            self.play(Create(total), Indicate(part_of(self.net_eq, -2), color=C["cb"]),
                      run_time=1.2)
            self.wait_until("add", s)
            per = max(1.3, (s.remaining() + 6.0) / H)
            for i, k in enumerate(order):
                node = self.net.nodes[1][k]
                ring = node.copy().set_stroke(BEND, 6)
                bend = bends[k]
                ghost = bend.copy().set_stroke(opacity=1, width=5)
                lifted = polyline(dp, self.grid, sums[i] + parts[i], BEND, 5)
                self.play(bend.animate.set_stroke(opacity=1, width=5), FadeIn(ring),
                          run_time=0.3 * per)
                self.play(Transform(ghost, lifted), run_time=0.4 * per)
                new_total = polyline(dp, self.grid, sums[i + 1], C["cyhat"], 5)
                self.play(Transform(total, new_total), FadeOut(ghost), FadeOut(ring),
                          bend.animate.set_stroke(opacity=0.45, width=3), run_time=0.3 * per)
        with self.say(f"{{done}} With all {H} added, the sum runs through the cloud, and "
                      "follows the curve the points came from.") as s:
            self.wait_until("done", s)
            self.play(self.truth_anim(dp), Indicate(total, color=C["cyhat"], scale_factor=1.0),
                      run_time=2)
        self.dots, self.bends, self.total = dots, bends, total
        self.play(FadeOut(self.truth_dp), run_time=0.6)

    def truth_anim(self, plot: Plot):
        self.truth_dp = self.truth_on(plot, 0.7)
        return Create(self.truth_dp)

    @beat("Where training starts")
    def start(self):
        N, H = self.N, self.H
        dp, bp = self.dp, self.bp
        with self.say("Where did those weights come from? {init} Training starts from small "
                      "random weights, with every bias zero: so all the bends are centred on "
                      "x = 0, and shallow, {sum} and their sum is "
                      f"{'nearly a straight line' if N['start_line'] else 'a gentle curve'}.") as s:
            self.wait_until("init", s)
            start = self.unit_bends(bp, 0).set_stroke(opacity=0.8)
            edges = self.net.copy()
            paint_edges(edges, self.W1[0], self.W2[0], self.w_max)
            self.play(Transform(self.bends, start),
                      *[self.net.edges[l][i, k].animate.set_stroke(
                          edges.edges[l][i, k].get_stroke_color(),
                          width=edges.edges[l][i, k].get_stroke_width())
                        for l in range(2) for i, k in np.ndindex(self.net.edges[l].shape)],
                      run_time=2)
            self.wait_until("sum", s)
            self.play(Transform(self.total, polyline(dp, self.grid, self.pred[0], C["cyhat"], 5)),
                      run_time=1.5)
        self.play(FadeOut(self.net_eq), FadeOut(self.key), run_time=0.8)
        # residual bars from the curve to each dot
        yhat0 = np.interp(self.x, self.grid, self.pred[0])
        bars = VGroup(*[Line(dp.c2p(xi, yh), dp.c2p(xi, yi), color=C["cL"], stroke_width=2.5,
                             stroke_opacity=0.8)
                        for xi, yi, yh in zip(self.x, np.clip(self.y, *dp.y_range),
                                              np.clip(yhat0, *dp.y_range))])
        left, top = 0.9, 0.3
        l1 = tex(r"{{ \cL }} = \frac{1}{n} \sum_{i=1}^{n} \big( {{ r_i }} \big)^2, \qquad "
                 r"{{ r_i }} = \cyhat(\cx_i) - \cy_i", 40)
        self.eq_at(fit_width(l1, 6.1), left, top)
        l2 = tex(rf"\cL = {N['L0']:.3f}", 40).next_to(l1, DOWN, buff=0.35).align_to(l1, LEFT)
        with self.say("{res} Its misses are the residuals: prediction minus data. {L} As in "
                      "chapter one, the loss is their mean square, {val} here "
                      f"{N['L0']:.3f}.") as s:
            self.wait_until("res", s)
            self.play(LaggedStart(*[Create(b) for b in bars], lag_ratio=0.02), run_time=1.5)
            self.bring_to_front(self.dots)
            self.wait_until("L", s)
            self.play(Write(l1), run_time=2)
            self.wait_until("val", s)
            self.play(FadeIn(l2, shift=0.2 * DOWN), run_time=1)
        l3 = tex(r"\ctheta \leftarrow \ctheta - \ceta\, \frac{\partial \cL}{\partial \ctheta}",
                 44).next_to(l2, DOWN, buff=0.4).align_to(l1, LEFT)
        with self.say(f"{{gd}} And training is gradient descent, exactly as before: each of the "
                      f"{N['P']} numbers steps against the slope of the loss along it, with "
                      f"η = {N['lr']:g}.") as s:
            self.wait_until("gd", s)
            self.play(Write(l3), run_time=2)
        self.bars, self.loss_eqs = bars, VGroup(l1, l2, l3)

    @beat("The slope for one unit")
    def gradient(self):
        N = self.N
        j = N["j"]
        self.play(FadeOut(self.net), FadeOut(self.loss_eqs[1:]), run_time=1)
        left, top = 0.75, 3.6
        self.play(self.loss_eqs[0].animate.next_to([left, top, 0], DOWN, buff=0,
                                                   aligned_edge=LEFT), run_time=1)
        l1 = self.loss_eqs[0]
        d0 = tex(r"\frac{\partial \cL}{\partial \ctheta} = \frac{2}{n} \sum_i r_i\, "
                 r"\frac{\partial \cyhat(\cx_i)}{\partial \ctheta}", 36)
        d0.next_to(l1, DOWN, buff=0.3).align_to(l1, LEFT)
        focus = self.bends[j]
        with self.say(f"Take unit {j + 1}. {{chain}} Its three numbers reach the loss only "
                      "through the prediction, so by the chain rule each slope is two over n, "
                      "times the sum of residual times how much the prediction moves.") as s:
            self.play(*[b.animate.set_stroke(opacity=0.25) for b in self.bends],
                      focus.animate.set_stroke(opacity=1, width=5), run_time=1)
            self.wait_until("chain", s)
            self.play(Write(d0), run_time=2.5)
        d1 = tex(rf"\frac{{\partial \cL}}{{\partial \cW^{{2}}_{{{j + 1}}}}} = \frac{{2}}{{n}} "
                 rf"\sum_i r_i\, \ca_{{{j + 1}}}(\cx_i)", 36)
        d2 = tex(rf"\frac{{\partial \cL}}{{\partial \cb^{{1}}_{{{j + 1}}}}} = \frac{{2}}{{n}} "
                 rf"\sum_i r_i\, \cW^{{2}}_{{{j + 1}}} \cphi'(\cz_{{i}})", 36)
        d3 = tex(rf"\frac{{\partial \cL}}{{\partial \cW^{{1}}_{{{j + 1}}}}} = \frac{{2}}{{n}} "
                 rf"\sum_i r_i\, \cW^{{2}}_{{{j + 1}}} \cphi'(\cz_{{i}})\, \cx_i", 36)
        for d in (d0, d1, d2, d3):
            fit_width(d, 5.0)
        d1.next_to(d0, DOWN, buff=0.3).align_to(l1, LEFT)
        d2.next_to(d1, DOWN, buff=0.25).align_to(l1, LEFT)
        d3.next_to(d2, DOWN, buff=0.25).align_to(l1, LEFT)
        with self.say("{v} The output weight multiplies the unit's activation, so the "
                      "prediction moves by exactly that: residuals where the bend is high "
                      "count most.") as s:
            self.wait_until("v", s)
            self.play(TransformMatchingShapes(d0.copy(), d1), run_time=2)
            self.play(Indicate(self.bars, color=C["cL"], scale_factor=1.0),
                      Indicate(focus, color=BEND, scale_factor=1.0), run_time=1.5)
        with self.say("{b} The bias moves z, which moves the bend by φ prime of z, and the "
                      "output weight scales that. {w} The input weight moves z by x: one more "
                      "factor, x.",
                      spoken="{b} The bias moves z, which moves the bend by phi prime of z, "
                             "and the output weight scales that. {w} The input weight moves z "
                             "by x: one more factor, x.") as s:
            self.wait_until("b", s)
            self.play(TransformMatchingShapes(d1.copy(), d2), run_time=2)
            self.wait_until("w", s)
            self.play(TransformMatchingShapes(d2.copy(), d3), run_time=2)
        g1, gb, g2 = N["g"]
        vals = VGroup(*[tex(rf"= {v:.3f}", 36, C["cg"]).next_to(d, RIGHT, buff=0.2)
                        for d, v in ((d1, g2), (d2, gb), (d3, g1))])
        for v, d in zip(vals, (d1, d2, d3)):
            if v.get_right()[0] > 7.0:  # no room on the right: under the line's end
                v.next_to(d, DOWN, buff=0.1).align_to(d, RIGHT)
        most = (f"of all {N['P']} slopes, this one is the steepest" if N["j_steepest"] else
                "the steepest of the input weights' slopes")
        with self.say(f"{{vals}} At the start they are {g2:.3f}, {gb:.3f} and {{w}} {g1:.3f}: "
                      f"{most}.") as s:
            self.wait_until("vals", s)
            self.play(LaggedStart(*[FadeIn(v, shift=0.2 * LEFT) for v in vals[:2]],
                                  lag_ratio=0.5), run_time=1.5)
            self.wait_until("w", s)
            self.play(FadeIn(vals[2], shift=0.2 * LEFT), run_time=0.8)
            self.play(Circumscribe(VGroup(d3, vals[2]), color=C["cg"]), run_time=1.5)
        self.grads = VGroup(l1, d0, d1, d2, d3, vals)

    @beat("One gradient step")
    def step(self):
        N = self.N
        j, lr = N["j"], N["lr"]
        (w0, w1), (c0, c1), (v0, v1) = N["W1"], N["b1"], N["W2"]
        g1, gb, g2 = N["g"]
        self.play(FadeOut(self.grads), FadeOut(self.bars), run_time=1)
        # the unit alone on the right, zoomed out until its whole bend shows (the data's
        # interval shaded)
        R = next((r for r in (2, 4, 6, 8, 10) if r * min(abs(w0), abs(w1)) >= 2.0), 10)
        top = float(np.ceil(max(abs(v0), abs(v1)) * 2 + 0.2) / 2)
        big = Plot((-R, R), (-top, top), 5.6, 2.3, xticks=np.linspace(-R, R, 5),
                   yticks=[v for v in range(-int(top), int(top) + 1)],
                   xlabel=tex(r"\cx", style.PLOT_LABEL_SIZE), xlabel_right=True).place((1.0, -2.45))
        band = Rectangle(width=big.c2p(X_RANGE[1], 0)[0] - big.c2p(X_RANGE[0], 0)[0],
                         height=big.box.height, stroke_width=0, fill_color=style.GRID,
                         fill_opacity=0.7).move_to(big.box).set_x(big.c2p(0, 0)[0])
        lab = tex(rf"\cW^{{2}}_{{{j + 1}}}\, \ca_{{{j + 1}}}(\cx)", 32)
        lab.next_to(big.box, UP, buff=0.15).align_to(big.box, LEFT)
        self.tw.set_value(w0), self.tb.set_value(c0), self.tv.set_value(v0)
        xs = np.linspace(-R, R, 300)
        ghost = polyline(big, xs, v0 * np.tanh(w0 * xs + c0), style.DIM, 3)
        ghost = DashedVMobject(ghost, num_dashes=60)
        demo = self.demo_bend(big)
        self.play(FadeIn(band), fade_in(big), FadeIn(lab), FadeIn(ghost), run_time=1)
        self.add(demo)
        left, top = 0.85, 3.65

        def row(sym, old, g, new, dec=3):
            return fit_width(tex(rf"{sym}: \ {num(old, dec)} - {lr:g} \cdot ({num(g, dec)}) = "
                                 rf"{num(new, dec)}", 34), 6.0)
        r1 = row(rf"\cW^{{1}}_{{{j + 1}}}", w0, g1, w1, 4)
        r2 = row(rf"\cb^{{1}}_{{{j + 1}}}", c0, gb, c1, 4)
        r3 = row(rf"\cW^{{2}}_{{{j + 1}}}", v0, g2, v1, 4)
        self.eq_at(r1, left, top)
        r2.next_to(r1, DOWN, buff=0.25).align_to(r1, LEFT)
        r3.next_to(r2, DOWN, buff=0.25).align_to(r1, LEFT)
        steeper = abs(w1) > abs(w0)
        with self.say(f"One step with η = {N['lr']:g}. {{w}} The input weight goes from "
                      f"{w0:.3f} to {w1:.3f}: {{bend}} the bend gets "
                      f"{'sharper' if steeper else 'gentler'}.") as s:
            self.wait_until("w", s)
            self.play(Write(r1), run_time=1.5)
            self.wait_until("bend", s)
            self.play(self.tw.animate.set_value(w1), run_time=1.5)
        cen = -np.array(N["b1"]) / np.array(N["W1"])
        side = "left" if cen[1] < cen[0] else "right"
        moved = (f"moves from x = {num(cen[0], 3)} to {num(cen[1], 3)}: {{move}} a small step "
                 f"{side}" if abs(cen[1] - cen[0]) >= 5e-4 else
                 f"stays at x = {num(cen[0], 3)}: {{move}} no slide this time")
        with self.say(f"{{b}} The bias goes from {num(c0, 4)} to {num(c1, 4)}, so the centre "
                      f"{moved}.") as s:
            self.wait_until("b", s)
            self.play(Write(r2), run_time=1.5)
            self.wait_until("move", s)
            self.play(self.tb.animate.set_value(c1), run_time=1.2)
        taller = abs(v1) > abs(v0)
        with self.say(f"{{v}} The output weight goes from {v0:.3f} to {v1:.3f}: {{tall}} the "
                      f"bend gets {'taller' if taller else 'shorter'}.") as s:
            self.wait_until("v", s)
            self.play(Write(r3), run_time=1.5)
            self.wait_until("tall", s)
            self.play(self.tv.animate.set_value(v1), run_time=1.2)
        sl = N["slope"]
        sl_eq = tex(rf"\cW^{{2}}_{{{j + 1}}} \cW^{{1}}_{{{j + 1}}}: \ {sl[0]:.3f} \to "
                    rf"{sl[1]:.3f}", 34)
        sl_eq.next_to(r3, DOWN, buff=0.4).align_to(r1, LEFT)
        with self.say(f"{{slope}} Its slope at the centre, W² times W¹, goes from {sl[0]:.3f} "
                      f"to {sl[1]:.3f}.",
                      spoken=f"{{slope}} Its slope at the centre, W two times W one, goes from "
                             f"{sl[0]:.3f} to {sl[1]:.3f}.") as s:
            self.wait_until("slope", s)
            self.play(FadeIn(sl_eq, shift=0.2 * DOWN), run_time=1.2)
        # every unit steps at once: the whole network after one step
        self.tw.set_value(w1), self.tb.set_value(c1), self.tv.set_value(v1)
        th1 = self.first["theta"][1]
        W1b, b1b, W2b, b2b = unpack(th1, self.H)
        acts1 = np.tanh(np.outer(self.grid, W1b) + b1b)         # (G, H)
        pred1 = acts1 @ W2b + b2b
        Lr = tex(rf"\cL: \ {N['L0']:.3f} \to {N['L1']:.3f}", 34)
        Lr.next_to(sl_eq, DOWN, buff=0.25).align_to(r1, LEFT)
        after = VGroup(*[polyline(self.bp, self.grid, W2b[k] * acts1[:, k], BEND, 3)
                         for k in range(self.H)]).set_stroke(opacity=0.8)
        with self.say("{all} Every other unit takes its own step at the same time, {L} and the "
                      f"loss drops from {N['L0']:.3f} to {N['L1']:.3f}.") as s:
            self.wait_until("all", s)
            self.play(Transform(self.bends, after),
                      Transform(self.total, polyline(self.dp, self.grid, pred1, C["cyhat"], 5)),
                      run_time=1.5)
            self.wait_until("L", s)
            self.play(FadeIn(Lr, shift=0.2 * DOWN), run_time=1)
        self.play(FadeOut(VGroup(r1, r2, r3, sl_eq, Lr, lab, ghost, band)), FadeOut(demo),
                  fade_out(big), run_time=1)

    @beat("Many steps downhill")
    def train(self):
        N = self.N
        T = len(self.fit)
        dp, bp = self.dp, self.bp
        clock = StepClock(T)
        net = self.diagram([4.1, 2.0, 0], 0, width=2.9, height=2.6)
        n = N["n_steps"]
        xt = [0, n // 4, n // 2, 3 * n // 4, n]
        lo = min(np.log10(N["noise_var"]), np.log10(self.fit["loss"].min())) - 0.5
        yt = list(range(int(np.ceil(lo)), 1))
        lp = Plot((0, n), (lo, 0.3), 4.2, 2.1, xticks=xt,
                  xnums=[f"{v // 1000}" + (r"\text{k}" if v else "") for v in xt],
                  yticks=yt, ynums=[f"{10.0 ** k:g}" for k in yt],
                  xlabel=plot_label("step"), xlabel_right=True,
                  ylabel=tex(r"\cL", 34)).place((1.9, -2.45))
        floor = DashedLine(lp.c2p(0, np.log10(N["noise_var"])), lp.c2p(n, np.log10(N["noise_var"])),
                           color=style.DIM, stroke_width=2, dash_length=0.1)
        steps = self.fit["step"].astype(float)
        loss_pts = np.c_[steps, np.log10(self.fit["loss"])]
        curve = redraw_on(lambda: (clock.value, *lp.where()),
                          lambda: trace(lp, loss_pts, clock.value, C["cL"], 4))
        fit_curve = redraw_on(lambda: clock.value, lambda: polyline(
            dp, self.grid, clock.interp(self.pred), C["cyhat"], 5))

        def draw_bends():
            a, w2 = clock.interp(self.acts), clock.interp(self.W2)
            return VGroup(*[polyline(bp, self.grid, w2[k] * a[:, k], BEND, 3)
                            for k in range(self.H)]).set_stroke(opacity=0.8)
        bends = redraw_on(lambda: clock.value, draw_bends)

        def upd_edges(m):
            paint_edges(m, clock.interp(self.W1), clock.interp(self.W2), self.w_max)
        ro = Readout([r"\text{step}", r"\cL"], [0, 4], 32)
        ro.next_to([3.7, 0.5, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd_ro(m):
            m.set_values([self.fit["step"][clock.row], clock.at(self.fit["loss"])])
        with self.say("Now let every unit step, again and again. {run} The network on the "
                      "right shows the weights as they change.") as s:
            self.play(FadeOut(self.total), FadeOut(self.bends), FadeIn(net),
                      fade_in(VGroup(lp)), Create(floor), run_time=1.5)
            self.add(fit_curve, bends)
            net.add_updater(on_change(lambda: clock.value, upd_edges))
            self.add(curve)
            self.show_live(ro, upd_ro)
            self.wait_until("run", s)
        k1 = N["snaps"][2]
        with self.say("{fast} The loss falls fast at first, as the sum leaves the straight line; "
                      "{spread} then the bends spread out to where the curve turns, and the "
                      "edges thicken as the weights grow.") as s:
            self.wait_until("fast", s)
            self.play(clock.run_to(k1, run_time=max(4.0, s.until("spread")), spacing="linear"))
            self.play(clock.run_to(T - 1, run_time=max(5.0, s.remaining()), spacing="linear"))
        close = N["L_end"] < 1.5 * N["noise_var"]
        verdict = "close to the noise variance" if close else "still above the noise variance"
        tail = ("the sum follows the curve, not the noise" if close else
                "more steps would bring it closer")
        nvs = f"{N['noise_var']:.4f}".rstrip("0")          # 0.01, 0.0025, 0.04
        nv = VGroup(DashedLine(ORIGIN, 0.45 * RIGHT, color=style.DIM, stroke_width=2,
                               dash_length=0.1),
                    tex(rf"\text{{noise variance }} {nvs}", 28, style.DIM)).arrange(RIGHT, buff=0.15)
        nv.next_to(ro, DOWN, buff=0.2).align_to(ro, LEFT)
        with self.say(f"{{end}} After {N['n_steps']} steps the loss is {N['L_end']:.4f}, "
                      f"{{floor}} {verdict}, {nvs}: {tail}.") as s:
            self.wait_until("end", s)
            self.play(Circumscribe(ro, color=C["cL"]), run_time=1.2)
            self.wait_until("floor", s)
            self.play(FadeIn(nv), Indicate(floor, color=style.TEXT, scale_factor=1.0),
                      run_time=1.2)
        for m in (curve, fit_curve, bends, net, ro):
            m.clear_updaters()
        self.train_bits = VGroup(curve, fit_curve, bends, net, ro, lp, floor, nv)

    @beat("Snapshots of the fit")
    def snapshots(self):
        N = self.N
        self.play(FadeOut(self.train_bits), FadeOut(self.dots), fade_out(self.dp),
                  fade_out(self.bp), run_time=1)
        plots, labels, curves = [], [], []
        for i, (k, st, L) in enumerate(zip(N["snaps"], N["snap_steps"], N["snap_loss"])):
            corner = (-6.3 + (i % 2) * 7.0, 0.75 - (i // 2) * 3.25)
            p = data_plot(5.3, 2.2, corner, size=30)
            lab = tex(rf"\text{{step }} {st}, \quad \cL = {L:.3f}", 30)
            lab.next_to(p.box, UP, buff=0.15).align_to(p.box, RIGHT)
            d = self.dots_on(p, 0.035)
            c = polyline(p, self.grid, self.pred[k], C["cyhat"], 4)
            plots.append(VGroup(p, d))
            labels.append(lab)
            curves.append(c)
        with self.say("Four snapshots of the run. {s0} At step 0, nearly a line. {s1} After "
                      f"{N['snap_steps'][1]} steps, one big swing. {{s2}} After "
                      f"{N['snap_steps'][2]}, a sharper swing, and the small wiggles begin. "
                      "{s3} At the end, the curve.") as s:
            for i in range(4):
                self.wait_until(f"s{i}", s)
                self.play(FadeIn(plots[i]), FadeIn(labels[i]), Create(curves[i]), run_time=1.2)
        Ls = ", ".join(f"{L:.3f}" for L in N["snap_loss"])
        with self.say(f"{{L}} The loss reads {Ls}: most of the drop comes early, the last "
                      "details take most of the steps.") as s:
            self.wait_until("L", s)
            for lab in labels:
                self.play(Indicate(lab, color=C["cL"], scale_factor=1.08),
                          run_time=max(0.6, s.remaining() / 4 - 0.05))
        self.snaps = VGroup(*plots, *labels, *curves)

    @beat("Any continuous curve?")
    def universal(self):
        N = self.N
        self.play(FadeOut(self.snaps), run_time=1)
        sp = data_plot(6.4, 4.2, (-6.1, -1.0), xticks=(-1.5, -1, -0.5, 0, 0.5, 1, 1.5))
        truth = self.truth_on(sp, 0.9)
        # a steep bend is a step
        self.tw.set_value(1.0), self.tb.set_value(0.0), self.tv.set_value(1.0)
        step = self.demo_bend(sp)
        with self.say("How far does this go? {steep} Make a bend's input weight large, and the "
                      "bend becomes a step.") as s:
            self.play(fade_in(sp), run_time=1)
            self.add(step)
            self.wait_until("steep", s)
            self.play(self.tw.animate.set_value(40.0), run_time=2, rate_func=rate_functions.ease_in_quad)
        units, errs = N["units"], N["errors"]
        curves, sgrid = self.stairs.result["curve"], self.stairs.data["grid"]
        stair = polyline(sp, sgrid, curves[0], C["cyhat"], 5)
        with self.say("{cut} Cut the interval into equal pieces and put one step in the middle "
                      "of each, as tall as the curve's rise across its piece. {sum} The sum is a "
                      f"staircase that follows the curve: here with {units[0]} units.") as s:
            self.wait_until("cut", s)
            self.play(FadeOut(step), Create(truth), run_time=1.5)
            knots = np.linspace(*X_RANGE, units[0] + 1)
            ticks = VGroup(*[DashedLine(sp.c2p(k, -2.2), sp.c2p(k, 2.2), color=style.DIM,
                                        stroke_width=1.5, dash_length=0.08) for k in knots])
            self.play(Create(ticks), run_time=1)
            self.wait_until("sum", s)
            self.play(Create(stair), run_time=2)
        ep = Plot((1.5, 6.5), (-1.5, 0.2), 4.5, 3.6, xticks=[np.log2(k) for k in units],
                  xnums=[str(k) for k in units], yticks=(-1, 0), ynums=("0.1", "1"),
                  xlabel=plot_label("units"), ylabel=plot_label("largest error"),
                  xlabel_right=False).place((1.9, -1.0))
        pts = [Dot(ep.c2p(np.log2(k), np.log10(e)), radius=0.08, color=C["cyhat"])
               for k, e in zip(units, errs)]
        self.play(fade_in(VGroup(ep)), FadeIn(pts[0], scale=2), FadeOut(ticks), run_time=1)
        words = ", ".join(f"{e:.2f} with {k}" for k, e in zip(units[1:4], errs[1:4]))
        with self.say(f"{{more}} The largest error is {errs[0]:.2f} with {units[0]} units. "
                      f"With more units the steps get finer: {words}, {{last}} "
                      f"{errs[4]:.3f} with {units[4]}. Double the units and the error halves.") as s:
            self.wait_until("more", s)
            per = max(1.0, s.until("last") / 3)
            for i in (1, 2, 3):
                self.play(Transform(stair, polyline(sp, sgrid, curves[i], C["cyhat"], 4)),
                          FadeIn(pts[i], scale=2), run_time=per)
            self.wait_until("last", s)
            self.play(Transform(stair, polyline(sp, sgrid, curves[4], C["cyhat"], 4)),
                      FadeIn(pts[4], scale=2), run_time=1.2)
        thm = VGroup(
            tex(r"f \text{ continuous on } [a, b], \quad \varepsilon > 0", 42),
            tex(r"\Rightarrow \ \text{there are } H \text{ and weights with}", 42),
            tex(r"\Big| \sum_{j=1}^{H} \cW^{2}_{j}\, \cphi(\cW^{1}_{j} \cx + \cb^{1}_{j}) + "
                r"\cb^{2} - f(\cx) \Big| < \varepsilon \ \text{ for all } \cx \in [a, b]", 42),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        fit_width(thm, 13.2).move_to([0, 0.6, 0])
        with self.say("{thm} This is the universal approximation theorem. For any continuous "
                      "function on a bounded interval, and any tolerance ε, one hidden layer "
                      "with enough units can stay within ε of it, everywhere on the "
                      "interval.") as s:
            self.wait_until("thm", s)
            self.play(FadeOut(VGroup(sp, truth, stair, ep, *pts)), run_time=0.8)
            self.play(FadeIn(thm[0], shift=0.2 * DOWN), run_time=1.2)
            self.play(FadeIn(thm[1], shift=0.2 * DOWN), run_time=1.2)
            self.play(FadeIn(thm[2], shift=0.2 * DOWN), run_time=1.5)
        self.thm = thm

    @beat("What the conditions mean")
    def conditions(self):
        N = self.N
        lo, hi = N["wide_span"]
        wp = Plot((lo - 0.05, hi + 0.05), (-2.2, 2.2), 12.6, 2.9,
                  xticks=(-4, -3, -2, -1, 0, 1, 2, 3, 4), yticks=(-2, -1, 0, 1, 2),
                  xlabel=tex(r"\cx", 32), ylabel=tex(r"\cy", 32),
                  xlabel_right=True).place((-6.4, -2.45))
        wide, wt = self.fit.data["wide_grid"], self.fit.data["wide_target"]
        truth = DashedVMobject(polyline(wp, wide, wt, style.DIM, 3), num_dashes=120)
        net = polyline(wp, wide, self.fit.result["wide_prediction"], C["cyhat"], 5)
        band = Rectangle(width=wp.c2p(X_RANGE[1], 0)[0] - wp.c2p(X_RANGE[0], 0)[0],
                         height=wp.box.height, stroke_width=0, fill_color=style.GRID,
                         fill_opacity=0.6).move_to(wp.box).set_x(wp.c2p(0, 0)[0])
        dots = DotCloud(wp.pts(np.c_[self.x, self.y]), radius=0.04, color=C["cy"], opacity=0.9)
        with self.say("Each condition matters. {bounded} Bounded: here is our trained network "
                      "on three times the interval. {out} Beyond the data it carries its last "
                      "bends on, then levels off, while the sines keep waving.") as s:
            self.play(self.thm.animate.scale(0.85).next_to([-6.3, 3.7, 0], DOWN, buff=0,
                                                           aligned_edge=LEFT), run_time=1.2)
            self.wait_until("bounded", s)
            self.play(Circumscribe(self.thm[0], color=C["cyhat"]), run_time=1.2)
            self.play(FadeIn(band), fade_in(VGroup(wp)), FadeIn(dots), Create(truth),
                      run_time=1.5)
            self.wait_until("out", s)
            self.play(Create(net), run_time=3)
        with self.say("{cont} Continuous: a sum of bends has no jumps, so it cannot stay close "
                      "to a curve that jumps. {enough} And enough units: the theorem says the "
                      "weights exist; it does not say how many units, or that training will "
                      "find them.") as s:
            self.wait_until("cont", s)
            self.play(Indicate(self.thm[0], color=C["cyhat"], scale_factor=1.03), run_time=1.5)
            self.wait_until("enough", s)
            self.play(Circumscribe(self.thm[1], color=C["cyhat"]), run_time=1.5)
        self.cond = VGroup(wp, truth, net, band, dots)

    @beat("Summary")
    def summary(self):
        N = self.N
        self.play(FadeOut(self.cond), FadeOut(self.thm), run_time=1)
        lines = VGroup(
            tex(r"\cW^{2}\cphi(\cW^{1}\cx + \cb^{1}): \ \text{centre } -\cb^{1}/\cW^{1}, "
                r"\ \text{slope } \cW^{2}\cW^{1}, \ \text{height } \pm \cW^{2}", 36),
            tex(r"\cyhat = \sum_j \cW^{2}_{j}\, \cphi(\cW^{1}_{j}\cx + \cb^{1}_{j}) + \cb^{2}", 36),
            tex(r"\ctheta \leftarrow \ctheta - \ceta\, \partial \cL / \partial \ctheta \text{: "
                r"the bends move, sharpen and grow}", 36),
            tex(r"\text{enough units: any continuous curve on } [a, b]", 36),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        fit_width(lines, 12.8).next_to([-6.3, 3.6, 0], DOWN, buff=0, aligned_edge=LEFT)
        # two small pictures under the words: the trained sum, and the error against the units
        fp = data_plot(5.0, 1.9, (-5.9, -2.55), size=30)
        T = len(self.fit) - 1
        fit_pic = VGroup(fp, self.dots_on(fp, 0.035),
                         polyline(fp, self.grid, self.pred[T], C["cyhat"], 4))
        units, errs = N["units"], N["errors"]
        ep = Plot((1.5, 6.5), (-1.5, 0.2), 3.8, 1.9, xticks=[np.log2(k) for k in units],
                  xnums=[str(k) for k in units], yticks=(-1, 0), ynums=("0.1", "1"),
                  xlabel=plot_label("units", 30), ylabel=plot_label("largest error", 30),
                  xlabel_right=True).place((1.6, -2.55))
        err_pic = VGroup(ep, *[Dot(ep.c2p(np.log2(k), np.log10(e)), radius=0.07,
                                   color=C["cyhat"]) for k, e in zip(units, errs)])
        with self.say("To sum up. {s1} One tanh unit is one bend, placed by its bias, sharpened "
                      "by its input weight, scaled by its output weight. {s2} A network adds "
                      "bends. {s3} Gradient descent moves every bend downhill on the loss. {s4} "
                      "And with enough units, the sum can follow any continuous curve on an "
                      "interval. Next: how to compute all those slopes at once, for deeper "
                      "networks: backpropagation.") as s:
            for i, m in enumerate(lines):
                self.wait_until(f"s{i + 1}", s)
                extra = {1: [FadeIn(fit_pic)], 3: [FadeIn(err_pic)]}.get(i, [])
                self.play(FadeIn(m, shift=0.2 * RIGHT), *extra, run_time=1)
        self.wait(2)


def part_of(eq: MathTex, index: int | None):
    """The ``index``-th glyph group of a MathTex (its whole body when None)."""
    return eq[0] if index is None else eq[0][index]
