"""Lecture 4.2: backpropagation and the loss landscape (narrated).

The story: XOR, which no line separates -> a 2-3-1 network (tanh hidden units phi, a
logistic output sigma, cross-entropy) -> one point forward through the untrained network,
every multiplication on screen with its weights -> the chain rule at the output: delta(2) =
y-hat - y, derived one factor at a time, and the output weights' gradients delta(2) a_j ->
the chain rule one layer back: delta(1)_j = (w(2)_j delta(2)) phi'(z_j), phi' read off the
tanh curve as a slope -> every hidden delta and the first layer's gradients delta_j x_k, with
numbers -> checked by nudging a weight (finite differences) -> the recipe for any depth ->
gradient descent on XOR: the decision boundary turns until every point is classified -> the
loss on a plane through the trained weights, equal scales on both axes, and the descent path
crossing its contours at right angles.

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter4/trajectories.py: backpropagation``); ``tests/test_backprop_lecture.py``
checks them against finite differences and a forward pass written out by hand, and checks
that every multiplication on screen gives its written result from its written factors.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter4/backpropagation.py Backpropagation``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.trajectory import Trajectory
from scenes import style, voice
from scenes.chapter4.trajectories import backpropagation as trajectories
from scenes.components import (
    DotCloud, Plot, Readout, StepClock, contour_lines, contour_segments, fade_in, fade_out,
    fit_width, heatmap, highlight, on_map, part, plot_label, redraw_on, tex, to_scene, trace,
)
from scenes.lecture import LectureScene, beat

__all__ = ["Backpropagation", "trajectories", "lecture_numbers", "num", "fac"]

C = style.COLOR
D3 = 3  # decimals of the hand-checkable arithmetic
EQ_X, EQ_W = 0.45, 6.4  # the equations' column: its left edge and width


# -- the numbers ----------------------------------------------------------------------------------
def num(v: float, d: int = D3) -> str:
    """``v`` at ``d`` decimals, as written on screen (never "-0.000")."""
    s = f"{v:.{d}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s


def fac(v: float, d: int = D3) -> str:
    """A factor in a product: negative numbers in brackets."""
    s = num(v, d)
    return f"({s})" if s.startswith("-") else s


def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows (no Manim needed).

    The example's values are rounded the way they are written: weights and inputs at two
    decimals (they are exact), everything else at three. ``mults`` lists every product on
    screen as ``(factors, result)`` in written form, for the test that checks them by hand.
    """
    ex, run, land = runs["example"], runs["train"], runs["landscape"]
    r = ex.result
    x, y = ex.data["x"], float(ex.data["y"][0])
    W1, w2 = r["W1"], r["W2"][0]                      # (3, 2), (3,)
    a1, z1 = r["a1"], r["z1"]                         # (3,), (3,)
    yhat, z2, L = float(r["a2"][0]), float(r["z2"][0]), float(r["loss"])
    d2, d1 = float(r["delta2"][0]), r["delta1"]       # scalar, (3,)
    phi_p = 1 - a1 ** 2                               # (3,) tanh'(z) = 1 - a^2
    wd = w2 * d2                                      # (3,) weight times downstream delta
    dW1, dW2 = r["dW1"], r["dW2"][0]                  # (3, 2), (3,)
    R = lambda v: round(float(v), D3)                 # noqa: E731
    mults = []
    for j in range(3):
        mults.append(([W1[j, 0], x[0]], [W1[j, 1], x[1]], z1[j]))  # a sum of two products
    mults.append(tuple([w2[j], R(a1[j])] for j in range(3)) + (z2,))
    prods = [([R(d2), R(a1[j])], dW2[j]) for j in range(3)]
    prods += [([w2[j], R(d2)], wd[j]) for j in range(3)]
    prods += [([R(wd[j]), R(phi_p[j])], d1[j]) for j in range(3)]
    prods += [([R(d1[j]), x[k]], dW1[j, k]) for j in range(3) for k in range(2)]
    k_nudge = int(np.argmax(np.abs(dW2)))             # the output weight with the largest slope
    eps = float(ex.info["eps"])
    fd = float(r["fd_W2"][0, k_nudge])
    # the loss at w +- eps, from the tested central difference and the exact loss
    grad = run["grad"]
    T = len(run) - 1
    wrong = run["wrong"]
    zero = np.flatnonzero(wrong == 0)
    coords, pg = land["coords"], land["plane_grad"]
    steps = np.diff(coords, axis=0)                                    # (T, 2)
    cosang = np.sum(steps * -pg[:-1], 1) / (np.linalg.norm(steps, axis=1)
                                          * np.linalg.norm(pg[:-1], axis=1))
    ang = np.degrees(np.arccos(np.clip(cosang, -1, 1)))                # (T,)
    k_ang = 20
    ev = land.info["explained_variance"]
    grid = land.result["loss_grid"]
    return {
        "x": x, "y": y, "W1": W1, "w2": w2, "b1": r["b1"], "b2": float(r["b2"][0]),
        "z1": z1, "a1": a1, "z2": z2, "yhat": yhat, "L": L, "ln_yhat": float(np.log(R(yhat))),
        "d2": d2, "d1": d1, "phi_p": phi_p, "wd": wd, "dW1": dW1, "dW2": dW2,
        "sums": mults, "prods": prods,
        "k_nudge": k_nudge, "eps": eps, "fd": fd, "fd_all": (r["fd_W1"], r["fd_W2"][0]),
        "n_params": int(sum(W.size for W in (W1, w2)) + 3 + 1),
        "n_weights": int(W1.size + w2.size),
        "n": len(run.data["y"]), "lr": float(run.info["lr"]), "T": T,
        "L0": float(run["loss"][0]), "LT": float(run["loss"][-1]),
        "wrong0": int(wrong[0]), "wrongT": int(wrong[-1]),
        "k_zero": int(zero[0]) if len(zero) and wrong[-1] == 0 else None,
        "acc": float(run.info["accuracy"]), "grad0": float(np.linalg.norm(grad[0])),
        "L20": float(run["loss"][min(20, T)]),
        "ev1": float(ev[0]), "ev2": float(ev[1]),
        "off_max": float(np.max(land["off_plane"])),
        "dist0": float(np.linalg.norm(run["theta"][0] - run["theta"][-1])),
        "angle_max": float(ang.max()), "k_ang": k_ang,
        "angle_after": float(ang[k_ang:].max()) if T > k_ang else float(ang.max()),
        "grid_min": float(grid.min()),
    }


def say_num(v: float, d: int = D3) -> str:
    return voice.number_words(num(v, d))


def sayf(v: float, spec: str) -> str:
    """``v`` formatted with ``spec``, as the voice reads it."""
    return voice.number_words(format(v, spec))


# -- pictures -------------------------------------------------------------------------------------
class Net(VGroup):
    """The 2-3-1 network: input, hidden and output nodes, the loss box, and the edges."""

    def __init__(self, xs=(-5.68, -3.8, -1.8), ys=((1.0, -1.0), (2.0, 0.0, -2.0), (0.0,)),
                 r=0.34):
        super().__init__()
        self.layers = []
        for x, col, color in zip(xs, ys, (style.TEXT, C["ca"], C["cyhat"])):
            self.layers.append(VGroup(*[Circle(radius=r, color=color, stroke_width=3).move_to(
                [x, y, 0]) for y in col]))
        self.e1 = [[Line(i.get_center(), h.get_center(), buff=r, stroke_width=2.5,
                         color=C["cW"], stroke_opacity=0.7) for i in self.layers[0]]
                   for h in self.layers[1]]                     # e1[j][k]: input k -> hidden j
        self.e2 = [Line(h.get_center(), self.layers[2][0].get_center(), buff=r, stroke_width=2.5,
                        color=C["cW"], stroke_opacity=0.7) for h in self.layers[1]]
        out = self.layers[2][0]
        self.loss_box = RoundedRectangle(corner_radius=0.12, width=0.7, height=0.55,
                                         color=C["cL"]).next_to(out, DOWN, buff=0.75)
        self.loss_edge = Line(out.get_bottom(), self.loss_box.get_top(), color=style.DIM,
                              stroke_width=2.5)
        self.edges = VGroup(*[e for row in self.e1 for e in row], *self.e2, self.loss_edge)
        self.add(self.edges, *self.layers, self.loss_box)
        self.names = VGroup(
            *[tex(rf"x_{k + 1}", 30).move_to(n) for k, n in enumerate(self.layers[0])],
            *[tex(rf"\cphi", 30).move_to(n) for n in self.layers[1]],
            tex(r"\csigma", 30).move_to(out), tex(r"\cL", 30).move_to(self.loss_box))
        self.add(self.names)

    @property
    def hidden(self):
        return self.layers[1]

    @property
    def out(self):
        return self.layers[2][0]


class Backpropagation(LectureScene):
    LECTURE = "chapter4/backpropagation"

    def setup(self):
        super().setup()
        runs = self.trajectories()
        self.ex, self.run, self.land = runs["example"], runs["train"], runs["landscape"]
        self.N = lecture_numbers(runs)
        self.X, self.Y = self.run.data["X"], self.run.data["y"].astype(int)

    # -- helpers ----------------------------------------------------------------------------------
    def col(self, lines, left=0.2, top=2.9, buff=0.32, size=32, width=6.6):
        """Equations (TeX strings) as a left-aligned column from (left, top)."""
        mobs = VGroup(*[fit_width(tex(s, size), width) for s in lines])
        mobs.arrange(DOWN, aligned_edge=LEFT, buff=buff)
        return self.eq_at(mobs, left, top)

    def xor_plot(self, side=4.6, corner=(-6.2, -2.75)) -> Plot:
        return Plot((-2, 2), (-2, 2), side, side, xticks=(-2, -1, 0, 1, 2), yticks=(-2, -1, 0, 1, 2),
                     xlabel=tex("x_1", 34), ylabel=tex("x_2", 34), xlabel_right=True).place(corner)

    def xor_dots(self, plot: Plot, radius=0.06) -> VGroup:
        cols = [style.CLASS_COLORS[0], style.CLASS_COLORS[1]]
        return VGroup(*[DotCloud(plot.pts(self.X[self.Y == c]), radius=radius, color=cols[c],
                                 opacity=0.95) for c in (0, 1)])

    def boundary(self, plot: Plot, row: int, color=style.TEXT, width=4) -> VMobject:
        """The network's decision boundary y-hat = 1/2 after ``row`` steps."""
        xs = self.run.data["xs"]
        Z = self.run["prediction"][row].reshape(len(xs), len(xs))  # rows x2, columns x1
        segs = contour_segments(Z, xs, xs, 0.5)
        mob = VMobject(stroke_color=color, stroke_width=width)
        if len(segs):
            p0, p1 = plot.pts(segs[:, 0]), plot.pts(segs[:, 1])
            mob.points = np.stack([p0, (2 * p0 + p1) / 3, (p0 + 2 * p1) / 3, p1], 1).reshape(-1, 3)
        return mob

    def regions(self, plot: Plot, row: int) -> Mobject:
        xs = self.run.data["xs"]
        Z = self.run["prediction"][row].reshape(len(xs), len(xs))
        c0 = interpolate_color(style.BACKGROUND, style.CLASS_COLORS[0], 0.35)
        c1 = interpolate_color(style.BACKGROUND, style.CLASS_COLORS[1], 0.35)
        return heatmap(plot, Z, colors=(c0.to_hex(), style.BACKGROUND.to_hex(), c1.to_hex()),
                       log=False)

    # ---------------------------------------------------------------------------------------------
    @beat("No line separates XOR")
    def xor(self):
        N = self.N
        self.bar = self.title_bar()
        self.plot = self.xor_plot(5.3, (-6.0, -2.55))
        self.dots = self.xor_dots(self.plot)
        with self.say(f"Here are {N['n']} points in four clusters. {{blue}} Where the two "
                      "coordinates have the same sign, the class is zero; {pink} where the signs "
                      "differ, it is one. That is exclusive or: XOR.") as s:
            self.play(FadeIn(self.bar), fade_in(self.plot), run_time=self.till(s, "blue"))
            self.play(self.dots[0].intro(lag_ratio=0.01), run_time=1.5)
            self.wait_until("pink", s)
            self.play(self.dots[1].intro(lag_ratio=0.01), run_time=1.5)
        box = self.plot.data_box
        line = VMobject(stroke_color=C["cz"], stroke_width=5)

        def seg(angle):
            d = np.array([np.cos(angle), np.sin(angle)])
            p, q = np.array([0.25, 0.1]) - 4 * d, np.array([0.25, 0.1]) + 4 * d
            from scenes.components import clip_segment
            s_ = clip_segment(p, q, box)
            return Line(*self.plot.pts(np.array(s_)), color=C["cz"], stroke_width=5)
        ang = ValueTracker(0.3)
        line = always_redraw(lambda: seg(ang.get_value()))
        with self.say("Logistic regression draws one straight line. {turn} Turn it any way you "
                      "like: one side always holds clusters of both classes.") as s:
            self.play(Create(line), run_time=1.2)
            self.wait_until("turn", s)
            self.play(ang.animate.set_value(2.2), run_time=max(2.0, s.remaining() / 2))
            self.play(ang.animate.set_value(1.2), run_time=max(1.5, s.remaining()))
        self.net = Net(xs=(1.6, 3.6, 5.6), ys=((0.9, -0.9), (1.8, 0.0, -1.8), (0.0,)))
        net = self.net
        with self.say("So we put a hidden layer in between: {hid} three units, each a weighted "
                      "sum of the two inputs passed through tanh, {out} and one logistic output "
                      "unit on top of them.") as s:
            self.play(FadeOut(line), run_time=0.6)
            self.play(LaggedStart(*[GrowFromCenter(n) for n in net.layers[0]], lag_ratio=0.2),
                      FadeIn(net.names[:2]), run_time=1.0)
            self.wait_until("hid", s)
            self.play(*[Create(e) for row in net.e1 for e in row],
                      LaggedStart(*[GrowFromCenter(n) for n in net.hidden], lag_ratio=0.2),
                      FadeIn(net.names[2:5]), run_time=1.5)
            self.wait_until("out", s)
            self.play(*[Create(e) for e in net.e2], GrowFromCenter(net.out),
                      FadeIn(net.names[5]), run_time=1.2)
        with self.say(f"Its {N['n_weights']} weights and 4 biases are {N['n_params']} numbers. "
                      "{L} Training nudges each one downhill on the loss, so we need the loss's "
                      "slope along every one of them. Backpropagation finds all "
                      f"{N['n_params']} in one sweep backward through the network.") as s:
            self.play(Indicate(net.edges[:9], color=C["cW"], scale_factor=1.0), run_time=1.5)
            self.wait_until("L", s)
            self.play(Create(net.loss_edge), Create(net.loss_box), FadeIn(net.names[6]),
                      run_time=1.0)
            self.play(*[ShowPassingFlash(Line(net.loss_box.get_top(), n.get_center())
                                         .set_stroke(C["cdelta"], 6), time_width=0.6)
                        for n in net.hidden], run_time=1.5)

    @beat("The network in equations")
    def equations(self):
        N = self.N
        net = self.net
        self.play(fade_out(self.plot), FadeOut(self.dots), run_time=0.8)
        tgt = Net()
        self.play(Transform(net, tgt), run_time=1.2)
        self.net = net
        e = self.col([
            r"z_j = \cW^{(1)}_{j1} x_1 + \cW^{(1)}_{j2} x_2 + \cb^{(1)}_j",
            r"\ca_j = \cphi(z_j), \qquad {{ \cphi = \tanh }}",
            r"z^{(2)} = \cW^{(2)}_{1} \ca_1 + \cW^{(2)}_{2} \ca_2 + \cW^{(2)}_{3} \ca_3 + \cb^{(2)}",
            r"\cyhat = \csigma(z^{(2)}) = {{ \frac{1}{1 + e^{-z^{(2)}}} }}",
            r"\cL = -\left[\cy \ln \cyhat + (1 - \cy) \ln(1 - \cyhat)\right]",
        ], left=EQ_X, top=2.8, buff=0.42, size=34, width=EQ_W)
        self.eqs = e
        hid, out = net.hidden, net.out
        with self.say("Hidden unit j weighs the inputs with the weights w one j one and w one j "
                      "two, and adds a bias: that is z j. {phi} Its activation function, phi, "
                      "here tanh, turns z j into a j.") as s:
            self.play(Write(e[0]), *[Indicate(m, color=C["cW"], scale_factor=1.0)
                                     for m in net.e1[1]], run_time=2)
            self.wait_until("phi", s)
            self.play(Write(e[1]), Indicate(hid[1], color=C["ca"]), run_time=1.8)
        with self.say("{z2} The output unit sums the three activations with its own weights, w "
                      "two, {sig} and the logistic function, sigma, turns that sum into a "
                      "probability: y hat.") as s:
            self.wait_until("z2", s)
            self.play(Write(e[2]), *[Indicate(m, color=C["cW"], scale_factor=1.0)
                                     for m in net.e2], run_time=2)
            self.wait_until("sig", s)
            self.play(Write(e[3]), Indicate(out, color=C["cyhat"]), run_time=1.8)
        with self.say("{L} The loss is the cross-entropy of logistic regression. Two letters, "
                      "two jobs: phi for the hidden units, sigma only at the output.") as s:
            self.wait_until("L", s)
            self.play(Write(e[4]), Indicate(net.loss_box, color=C["cL"]), run_time=1.8)
            self.play(Circumscribe(part(e[1], r"\cphi = \tanh"), color=C["cphi"]),
                      Circumscribe(part(e[3], r"\frac{1}{1 + e^{-z^{(2)}}}"), color=C["csigma"]),
                      run_time=1.8)

    @beat("Forward, with numbers")
    def forward(self):
        N = self.N
        net = self.net
        x, W1, w2 = N["x"], N["W1"], N["w2"]
        Wm = tex(r"\cW^{(1)} = \begin{pmatrix} " + r" \\ ".join(
            f"{fac(W1[j, 0], 2)} & {fac(W1[j, 1], 2)}" for j in range(3)) + r"\end{pmatrix}",
            30)
        wv = tex(r"\cW^{(2)} = \begin{pmatrix} " + " & ".join(
            num(v, 2) for v in w2) + r"\end{pmatrix}", 30)
        bz = tex(r"\cb^{(1)} = 0, \quad \cb^{(2)} = 0", 30)
        weights = VGroup(Wm, VGroup(wv, bz).arrange(DOWN, aligned_edge=LEFT, buff=0.3)).arrange(
            RIGHT, buff=0.5, aligned_edge=UP)
        fit_width(weights, EQ_W)
        self.eq_at(weights, EQ_X, 2.95)
        self.weights = weights
        with self.say("Now the numbers. {w} Here are the starting weights, rounded to two "
                      "decimals so that you can check every step by hand. The biases start at "
                      "zero.") as s:
            self.play(FadeOut(self.eqs), run_time=0.8)
            self.wait_until("w", s)
            self.play(FadeIn(Wm, shift=0.2 * DOWN), *[Indicate(e, color=C["cW"], scale_factor=1.0)
                                                      for row in net.e1 for e in row], run_time=1.5)
            self.play(FadeIn(wv, shift=0.2 * DOWN), *[Indicate(e, color=C["cW"], scale_factor=1.0)
                                                      for e in net.e2], run_time=1.2)
            self.play(FadeIn(bz), run_time=0.8)
        xin = VGroup(*[tex(num(v, 2), 28).next_to(n, LEFT, buff=0.15)
                       for v, n in zip(x, net.layers[0])])
        ylab = tex(rf"\cy = {N['y']:g}", 30).next_to(net.loss_box, RIGHT, buff=0.2)
        with self.say(f"Take the point x = ({num(x[0], 2)}, {num(x[1], 2)}); {{y}} its class is "
                      f"{N['y']:g}.",
                      spoken=f"Take the point x equal to {say_num(x[0], 2)}, {say_num(x[1], 2)}; "
                             f"{{y}} its class is {sayf(N['y'], 'g')}.") as s:
            self.play(FadeIn(xin, shift=0.2 * RIGHT), run_time=1.0)
            self.wait_until("y", s)
            self.play(FadeIn(ylab), run_time=0.8)
        z1, a1 = N["z1"], N["a1"]
        rows = VGroup()
        for j in range(3):  # unit j: its sum (exact at four decimals), then its activation
            zl = tex(rf"z_{j + 1} = {fac(W1[j, 0], 2)} \cdot {fac(x[0], 2)} + "
                     rf"{fac(W1[j, 1], 2)} \cdot {fac(x[1], 2)} = {num(z1[j], 4)}", 28)
            al = tex(rf"\ca_{j + 1} = \tanh({num(z1[j], 4)}) = {num(a1[j])}", 28)
            rows.add(VGroup(zl, al).arrange(DOWN, buff=0.1, aligned_edge=LEFT))
            al.shift(0.5 * RIGHT)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        fit_width(rows, EQ_W)
        self.eq_at(rows, EQ_X, 1.7)
        avals = VGroup(*[on_map(tex(num(a1[j]), 26, C["ca"])).next_to(n, UP, buff=0.08)
                         for j, n in enumerate(net.hidden)])
        first = (f"{{r1}} Hidden unit one: {say_num(W1[0, 0], 2)} times {say_num(x[0], 2)}, plus "
                 f"{say_num(W1[0, 1], 2)} times {say_num(x[1], 2)}, is {say_num(z1[0], 4)}; {{t1}} "
                 f"and tanh of that is {say_num(a1[0])}.")
        with self.say(f"{{r1}} Hidden unit one: {num(W1[0, 0], 2)} times {num(x[0], 2)}, plus "
                      f"{num(W1[0, 1], 2)} times {num(x[1], 2)}, is {num(z1[0], 4)}; {{t1}} and "
                      f"tanh of that is {num(a1[0])}.", spoken=first) as s:
            self.wait_until("r1", s)
            self.play(FadeIn(rows[0][0], shift=0.2 * DOWN),
                      Indicate(Wm, color=C["cW"], scale_factor=1.0),
                      *[ShowPassingFlash(e.copy().set_stroke(C["cW"], 7), time_width=0.7)
                        for e in net.e1[0]], run_time=2.0)
            self.wait_until("t1", s)
            self.play(FadeIn(rows[0][1], shift=0.2 * DOWN), FadeIn(avals[0], shift=0.1 * UP),
                      Indicate(net.hidden[0], color=C["ca"]), run_time=1.2)
        with self.say("{r2} The other two units do the same, each with its own row of "
                      "weights.") as s:
            self.wait_until("r2", s)
            for j in (1, 2):
                self.play(FadeIn(rows[j], shift=0.2 * DOWN),
                          *[ShowPassingFlash(e.copy().set_stroke(C["cW"], 7), time_width=0.7)
                            for e in net.e1[j]], FadeIn(avals[j], shift=0.1 * UP),
                          run_time=max(1.0, s.remaining() / 2))
        z2, yh, L = N["z2"], N["yhat"], N["L"]
        z2a = tex(r"z^{(2)} = " + " + ".join(rf"{fac(w2[j], 2)} \cdot {fac(a1[j])}"
                                             for j in range(2)), 28)
        z2b = tex(rf"+ {fac(w2[2], 2)} \cdot {fac(a1[2])} = {num(z2)}", 28)
        z2b.next_to(z2a, DOWN, buff=0.1).align_to(z2a, LEFT).shift(0.5 * RIGHT)
        o = VGroup(
            VGroup(z2a, z2b),
            VGroup(tex(rf"\cyhat = \csigma({num(z2)}) = {num(yh)}", 28),
                   tex(rf"\cL = -\ln {num(yh)} = {num(L)}", 28)).arrange(RIGHT, buff=0.6),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        fit_width(o, EQ_W)
        o.next_to(rows, DOWN, buff=0.4).align_to(rows, LEFT)
        yv = on_map(tex(num(yh), 26, C["cyhat"])).next_to(net.out, UP, buff=0.08)
        lv = tex(num(L), 24, C["cL"]).move_to(net.loss_box)
        with self.say(f"{{o}} The output unit: the weighted sum is {num(z2)}, {{s}} sigma of that "
                      f"is {num(yh)}: the network gives this point a {round(100 * yh):d} percent "
                      f"chance of class one. {{L}} Since y is one, the loss is minus the log of "
                      f"{num(yh)}: {num(L)}.",
                      spoken=f"{{o}} The output unit: the weighted sum is {say_num(z2)}, {{s}} "
                             f"sigma of that is {say_num(yh)}: the network gives this point a "
                             f"{voice.number_words(str(round(100 * yh)))} percent chance of class "
                             f"one. {{L}} Since y is one, the loss is minus the log of "
                             f"{say_num(yh)}: {say_num(L)}.") as s:
            self.wait_until("o", s)
            self.play(FadeIn(o[0], shift=0.2 * DOWN),
                      *[ShowPassingFlash(e.copy().set_stroke(C["cW"], 7), time_width=0.7)
                        for e in net.e2], run_time=2.0)
            self.wait_until("s", s)
            self.play(FadeIn(o[1][0], shift=0.2 * DOWN), FadeIn(yv, shift=0.1 * UP),
                      run_time=1.2)
            self.wait_until("L", s)
            self.play(FadeIn(o[1][1], shift=0.2 * DOWN), FadeOut(net.names[-1]), FadeIn(lv),
                      run_time=1.2)
            net.names.remove(net.names[-1])  # the loss box shows the loss's value from now on
        self.fwd = VGroup(rows, o)
        self.xin, self.avals, self.yv, self.lv, self.ylab = xin, avals, yv, lv, ylab

    @beat("The chain rule at the output")
    def chain_out(self):
        net = self.net
        left, top = EQ_X, 2.9
        e1 = tex(r"{{ \frac{\partial \cL}{\partial \cW^{(2)}_j} }} = {{ \frac{\partial \cL}"
                 r"{\partial z^{(2)}} }} \cdot {{ \frac{\partial z^{(2)}}{\partial \cW^{(2)}_j} }}",
                 36)
        e2 = tex(r"{{ \frac{\partial \cL}{\partial \cW^{(2)}_j} }} = {{ \cdelta^{(2)} }} \cdot "
                 r"{{ \ca_j }}", 36)
        self.eq_at(e1, left, top)
        self.eq_at(e2, left, top)
        with self.say("Now backward. How does the loss change when we nudge w two j, the weight "
                      "from hidden unit j to the output? {only} That weight reaches the loss "
                      "only through the output's sum, z two, so by the chain rule the slope is "
                      "a product: {f1} how the loss changes with z two, {f2} times how z two "
                      "changes with the weight.") as s:
            self.play(FadeOut(self.fwd), FadeOut(self.weights), run_time=1.0)
            self.play(Indicate(net.e2[1], color=C["cW"], scale_factor=1.0), run_time=1.2)
            self.wait_until("only", s)
            self.play(ShowPassingFlash(Line(net.hidden[1].get_center(), net.out.get_center())
                                       .set_stroke(C["cdelta"], 7), time_width=0.8),
                      Write(e1), run_time=2.0)
            self.wait_until("f1", s)
            b = highlight(part(e1, r"\frac{\partial \cL}{\partial z^{(2)}}"), C["cdelta"])
            self.play(Create(b), run_time=0.8)
            self.wait_until("f2", s)
            b2 = highlight(part(e1, r"\frac{\partial z^{(2)}}{\partial \cW^{(2)}_j}"), C["ca"])
            self.play(ReplacementTransform(b, b2), run_time=0.8)
        with self.say("{d} The first factor gets a name: delta two, the error signal at the "
                      "output. {a} The second is the activation a j, since z two grows by a j "
                      "for each unit of that weight.") as s:
            self.wait_until("d", s)
            self.play(FadeOut(b2), run_time=0.4)
            self.morph(e1, e2, [(r"\frac{\partial \cL}{\partial z^{(2)}}", r"\cdelta^{(2)}"),
                                (r"\frac{\partial z^{(2)}}{\partial \cW^{(2)}_j}", r"\ca_j")],
                       run_time=2.0)
            self.wait_until("a", s)
            self.play(Circumscribe(part(e2, r"\ca_j"), color=C["ca"]),
                      Indicate(self.avals[1], color=C["ca"]), run_time=1.5)
        d1 = tex(r"{{ \cdelta^{(2)} }} = {{ \frac{\partial \cL}{\partial \cyhat} }} \cdot "
                 r"{{ \frac{\partial \cyhat}{\partial z^{(2)}} }}", 36)
        d2 = tex(r"{{ \cdelta^{(2)} }} = {{ \left( -\frac{\cy}{\cyhat} + \frac{1 - \cy}{1 - \cyhat}"
                 r" \right) }} \cdot {{ \cyhat (1 - \cyhat) }}", 36)
        d3 = tex(r"{{ \cdelta^{(2)} }} = {{ \frac{\cyhat - \cy}{\cyhat (1 - \cyhat)} }} \cdot "
                 r"{{ \cyhat (1 - \cyhat) }}", 36)
        d4 = tex(r"{{ \cdelta^{(2)} }} = {{ \cyhat - \cy }}", 36)
        for m in (d1, d2, d3, d4):
            self.eq_at(m, left, top - 1.5)
        with self.say("{c} Delta two itself is the chain rule once more: the loss changes with y "
                      "hat, and y hat with z two. {d} The cross-entropy's derivative is minus y "
                      "over y hat plus one minus y over one minus y hat; {s} the logistic "
                      "function's is y hat times one minus y hat.") as s:
            self.wait_until("c", s)
            self.morph(e2, d1, [(r"\cdelta^{(2)}", r"\cdelta^{(2)}")], keep=True, run_time=1.8)
            self.wait_until("d", s)
            self.morph(d1, d2, [(r"\frac{\partial \cL}{\partial \cyhat}",
                                 r"\left( -\frac{\cy}{\cyhat} + \frac{1 - \cy}{1 - \cyhat} \right)"),
                                (r"\frac{\partial \cyhat}{\partial z^{(2)}}",
                                 r"\cyhat (1 - \cyhat)")], run_time=2.0)
            self.wait_until("s", s)
            self.play(Circumscribe(part(d2, r"\cyhat (1 - \cyhat)"), color=C["csigma"]),
                      run_time=1.5)
        with self.say("{f} Over a common denominator the first factor is y hat minus y, over y "
                      "hat times one minus y hat. {c} The two cancel, {r} and what is left is the "
                      "simplest error there is: prediction minus label.") as s:
            self.wait_until("f", s)
            self.morph(d2, d3, run_time=1.8)
            self.wait_until("c", s)
            self.play(*[Indicate(p, color=C["cdelta"], scale_factor=1.1) for p in
                        (part(d3, r"\frac{\cyhat - \cy}{\cyhat (1 - \cyhat)}"),
                         part(d3, r"\cyhat (1 - \cyhat)"))], run_time=1.2)
            self.wait_until("r", s)
            self.morph(d3, d4, [(r"\frac{\cyhat - \cy}{\cyhat (1 - \cyhat)}", r"\cyhat - \cy")],
                       run_time=1.8)
            box = SurroundingRectangle(d4, color=C["cdelta"], buff=0.15, corner_radius=0.1)
            self.play(Create(box), run_time=0.8)
        self.chain = VGroup(e2, d4, box)

    @beat("The error at the output")
    def delta_out(self):
        N = self.N
        net = self.net
        e2, d4, box = self.chain
        d2v, a1, dW2 = N["d2"], N["a1"], N["dW2"]
        dv = tex(rf"\cdelta^{{(2)}} = {num(N['yhat'])} - 1 = {num(d2v)}", 34)
        dv.next_to(d4, DOWN, buff=0.45).align_to(d4, LEFT)
        dlab = on_map(tex(rf"\cdelta^{{(2)}} = {num(d2v)}", 26))
        dlab.next_to(net.out.get_right() + 0.5 * DOWN, RIGHT, buff=0.05)
        with self.say(f"For our point: {{n}} {num(N['yhat'])} minus 1 is {num(d2v)}. {{neg}} "
                      "Negative: raising z two would lower the loss, pushing y hat toward the "
                      "label.",
                      spoken=f"For our point: {{n}} {say_num(N['yhat'])} minus one is "
                             f"{say_num(d2v)}. {{neg}} Negative: raising z two would lower the "
                             "loss, pushing y hat toward the label.") as s:
            self.wait_until("n", s)
            self.play(FadeIn(dv, shift=0.2 * DOWN), run_time=1.2)
            self.play(TransformFromCopy(dv, dlab), run_time=1.2)
            self.wait_until("neg", s)
            self.play(Indicate(dlab, color=C["cdelta"]), run_time=1.2)
        gs = VGroup(*[tex(rf"\partial \cL / \partial \cW^{{(2)}}_{j + 1} = "
                          rf"{fac(d2v)} \cdot {fac(a1[j])} = {num(dW2[j])}", 32)
                      for j in range(3)]).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        gs.next_to(dv, DOWN, buff=0.4).align_to(dv, LEFT)
        glabs = VGroup(*[on_map(tex(num(dW2[j]), 24, C["cg"])).move_to(
            net.e2[j].point_from_proportion(0.5)) for j in range(3)])  # on its edge
        with self.say("{g} Each output weight's slope is delta two times the activation it "
                      f"carries: {{g1}} {num(d2v)} times {num(a1[0])}, {{g2}} times "
                      f"{num(a1[1])}, {{g3}} and times {num(a1[2])}.",
                      spoken="{g} Each output weight's slope is delta two times the activation "
                             f"it carries: {{g1}} {say_num(d2v)} times {say_num(a1[0])}, {{g2}} "
                             f"times {say_num(a1[1])}, {{g3}} and times {say_num(a1[2])}.") as s:
            self.wait_until("g", s)
            self.play(Circumscribe(e2, color=C["cg"]), run_time=1.0)
            for j in range(3):
                self.wait_until(f"g{j + 1}", s)
                self.play(FadeIn(gs[j], shift=0.2 * DOWN), FadeIn(glabs[j]),
                          Indicate(self.avals[j], color=C["ca"]), run_time=1.0)
        k = N["k_nudge"]
        with self.say(f"The largest is on the middle edge, {num(dW2[k])}: the most active "
                      "hidden unit gets the most blame.",
                      spoken=f"The largest is on the middle edge, {say_num(dW2[k])}: the most "
                             "active hidden unit gets the most blame.") as s:
            self.play(Circumscribe(gs[k], color=C["cg"]),
                      net.e2[k].animate.set_stroke(C["cg"], 7, 1), run_time=1.5)
        self.out_bits = VGroup(dv, gs)
        self.dlab, self.glabs = dlab, glabs
        self.netgrp = VGroup(net, self.xin, self.avals, self.yv, self.lv, self.ylab, dlab, glabs)

    @beat("One layer further back")
    def chain_hidden(self):
        net = self.net
        left, top = EQ_X, 2.9
        self.play(FadeOut(self.chain), FadeOut(self.out_bits), run_time=0.8)
        h1 = tex(r"{{ \cdelta_j }} = {{ \frac{\partial \cL}{\partial z_j} }} = "
                 r"{{ \frac{\partial \cL}{\partial z^{(2)}} }} \cdot "
                 r"{{ \frac{\partial z^{(2)}}{\partial \ca_j} }} \cdot "
                 r"{{ \frac{\partial \ca_j}{\partial z_j} }}", 36)
        h2 = tex(r"{{ \cdelta_j }} = {{ \cdelta^{(2)} }} \cdot {{ \cW^{(2)}_j }} \cdot "
                 r"{{ \cphi'(z_j) }}", 36)
        h3 = tex(r"{{ \cdelta_j }} = {{ (\cW^{(2)}_j \, \cdelta^{(2)}) }} \cdot {{ \cphi'(z_j) }}",
                 36)
        for m in (h1, h2, h3):
            self.eq_at(m, left, top)
        path = VGroup(net.e2[0].copy(), Line(net.out.get_bottom(), net.loss_box.get_top()))
        with self.say("One layer back. Hidden unit j's sum, z j, reaches the loss along a chain "
                      "of three links: {l3} z j makes a j, {l2} a j feeds z two through the weight "
                      "w two j, {l1} and z two makes the loss. The chain rule multiplies the "
                      "three slopes.") as s:
            self.play(Write(h1), run_time=2.5)
            self.wait_until("l3", s)
            b3 = highlight(part(h1, r"\frac{\partial \ca_j}{\partial z_j}"), C["cphi"])
            self.play(Create(b3), Indicate(net.hidden[0], color=C["cphi"]), run_time=1.0)
            self.wait_until("l2", s)
            b2 = highlight(part(h1, r"\frac{\partial z^{(2)}}{\partial \ca_j}"), C["cW"])
            self.play(ReplacementTransform(b3, b2), ShowPassingFlash(
                net.e2[0].copy().set_stroke(C["cW"], 8), time_width=0.8), run_time=1.2)
            self.wait_until("l1", s)
            b1 = highlight(part(h1, r"\frac{\partial \cL}{\partial z^{(2)}}"), C["cdelta"])
            self.play(ReplacementTransform(b2, b1), Indicate(self.dlab, color=C["cdelta"]),
                      run_time=1.2)
        with self.say("{d} The last link we already have: delta two. {w} z two grows with a j at "
                      "the rate of the weight between them, w two j. {p} And a j grows with z j "
                      "at the slope of the activation: phi prime of z j.") as s:
            self.wait_until("d", s)
            self.play(FadeOut(b1), run_time=0.3)
            self.morph(h1, h2, [(r"\frac{\partial \cL}{\partial z^{(2)}}", r"\cdelta^{(2)}"),
                                (r"\frac{\partial z^{(2)}}{\partial \ca_j}", r"\cW^{(2)}_j"),
                                (r"\frac{\partial \ca_j}{\partial z_j}", r"\cphi'(z_j)")],
                       run_time=2.0)
            self.wait_until("w", s)
            self.play(Circumscribe(part(h2, r"\cW^{(2)}_j"), color=C["cW"]), run_time=1.2)
            self.wait_until("p", s)
            self.play(Circumscribe(part(h2, r"\cphi'(z_j)"), color=C["cphi"]), run_time=1.2)
        with self.say("{g} Grouped: the error signal flows back along the same weight it came "
                      "forward on, {s} and is scaled by the slope of the unit it passes "
                      "through.") as s:
            self.wait_until("g", s)
            self.morph(h2, h3, [(r"\cdelta^{(2)}", r"(\cW^{(2)}_j \, \cdelta^{(2)})"),
                                (r"\cW^{(2)}_j", r"(\cW^{(2)}_j \, \cdelta^{(2)})")],
                       run_time=2.0)
            self.play(*[ShowPassingFlash(Line(net.out.get_center(), h.get_center())
                                         .set_stroke(C["cdelta"], 7), time_width=0.7)
                        for h in net.hidden], run_time=1.5)
            self.wait_until("s", s)
            self.play(Circumscribe(part(h3, r"\cphi'(z_j)"), color=C["cphi"]), run_time=1.2)
        self.h3 = h3

    @beat("The slope of tanh")
    def tanh_slope(self):
        N = self.N
        z1, a1, pp = N["z1"], N["a1"], N["phi_p"]
        # the picture takes the network's place for a while: the slope is geometry
        self.play(FadeOut(self.netgrp), run_time=0.8)
        p = Plot((-2.5, 2.5), (-1.2, 1.2), 6.0, 3.8, xticks=(-2, -1, 0, 1, 2), yticks=(-1, 0, 1),
                 xlabel=tex("z", 34), ylabel=tex(r"\cphi(z) = \tanh z", 32), xlabel_right=True)
        p.place((-6.3, -2.6))
        zs = np.linspace(-2.5, 2.5, 120)
        curve = VMobject(stroke_color=C["cphi"], stroke_width=4).set_points_smoothly(
            p.pts(np.c_[zs, np.tanh(zs)]))
        f1 = tex(r"{{ \cphi'(z) }} = {{ 1 - \tanh^2(z) }}", 34)
        f2 = tex(r"{{ \cphi'(z_j) }} = {{ 1 - \ca_j^2 }}", 34)
        self.eq_at(f1, EQ_X, 1.55)
        self.eq_at(f2, EQ_X, 1.55)
        with self.say("{d} The derivative of tanh is one minus tanh squared. {a} So the slope "
                      "needs no new work: it is one minus a j squared, and a j is already known "
                      "from the forward pass.") as s:
            self.play(fade_in(VGroup(p)), Create(curve), run_time=1.5)
            self.wait_until("d", s)
            self.play(Write(f1), run_time=1.5)
            self.wait_until("a", s)
            self.morph(f1, f2, [(r"1 - \tanh^2(z)", r"1 - \ca_j^2")], run_time=1.8)
        tangents, dots, labs = VGroup(), VGroup(), VGroup()
        for j in range(3):
            z, a, s_ = z1[j], a1[j], pp[j]
            d = np.array([1.0, s_]) / np.hypot(1.0, s_)
            q0, q1 = np.array([z, a]) - 0.7 * d, np.array([z, a]) + 0.7 * d
            tangents.add(Line(p.c2p(*q0), p.c2p(*q1), color=style.TEXT, stroke_width=3))
            dots.add(Dot(p.c2p(z, a), radius=0.07, color=C["ca"]))
            labs.add(tex(rf"z_{j + 1}", 28).next_to(p.c2p(z, a), DR if j != 1 else UL,
                                                    buff=0.12))
        tab = VGroup(*[tex(rf"\cphi'(z_{j + 1}) = 1 - {fac(a1[j])}^2 = {num(pp[j])}", 32)
                       for j in range(3)]).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        tab.next_to(f2, DOWN, buff=0.45).align_to(f2, LEFT)
        with self.say("{t} On the curve the three hidden units sit here, and phi prime is the "
                      f"steepness of each tangent: {{s1}} {num(pp[0])} near the middle, {{s2}} "
                      f"only {num(pp[1])} for the unit further out, toward the flat shoulder, "
                      f"{{s3}} and {num(pp[2])}.",
                      spoken="{t} On the curve the three hidden units sit here, and phi prime is "
                             f"the steepness of each tangent: {{s1}} {say_num(pp[0])} near the "
                             f"middle, {{s2}} only {say_num(pp[1])} for the unit further out, "
                             f"toward the flat shoulder, {{s3}} and {say_num(pp[2])}.") as s:
            self.wait_until("t", s)
            self.play(LaggedStart(*[FadeIn(d, scale=2) for d in dots], lag_ratio=0.3),
                      FadeIn(labs), run_time=1.2)
            for j in range(3):
                self.wait_until(f"s{j + 1}", s)
                self.play(Create(tangents[j]), FadeIn(tab[j], shift=0.2 * DOWN), run_time=1.0)
        with self.say("A unit out on the flat shoulder has a small slope, so it passes back "
                      "only a little of the error.") as s:
            self.play(Indicate(tangents[1], color=C["cphi"], scale_factor=1.2), run_time=1.5)
            self.play(Circumscribe(tab[1], color=C["cphi"]), run_time=1.2)
        self.slope_bits = VGroup(p, curve, tangents, dots, labs, f2)
        self.tab = tab

    @beat("The hidden errors, in numbers")
    def delta_hidden(self):
        N = self.N
        net = self.net
        w2, d2v, wd, pp, d1 = N["w2"], N["d2"], N["wd"], N["phi_p"], N["d1"]
        self.play(FadeOut(self.slope_bits), FadeIn(self.netgrp),
                  self.tab.animate.next_to(self.h3, DOWN, buff=0.35).align_to(self.h3, LEFT),
                  run_time=1.2)
        rows = VGroup()
        for j in range(3):  # (weight x downstream delta) x slope, then the two products
            r1 = tex(rf"\cdelta_{j + 1} = ({fac(w2[j], 2)} \cdot {fac(d2v)}) \cdot {num(pp[j])}",
                     30)
            r2 = tex(rf"= {num(wd[j])} \cdot {num(pp[j])} = {num(d1[j])}", 30)
            r2.next_to(r1, DOWN, buff=0.1).align_to(r1, LEFT).shift(0.45 * RIGHT)
            rows.add(VGroup(r1, r2))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        fit_width(rows, EQ_W)
        rows.next_to(self.tab, DOWN, buff=0.35).align_to(self.h3, LEFT)
        dl = VGroup(*[on_map(tex(rf"\cdelta_{j + 1} = {num(d1[j])}", 26)).next_to(n, DOWN, buff=0.1)
                      for j, n in enumerate(net.hidden)])
        with self.say(f"Now every factor is on the screen. {{r1}} Unit one: its weight "
                      f"{num(w2[0], 2)} times delta two, {num(d2v)}, is {num(wd[0])}; {{p1}} times "
                      f"the slope {num(pp[0])} gives delta one = {num(d1[0])}.",
                      spoken="Now every factor is on the screen. {r1} Unit one: its weight "
                             f"{say_num(w2[0], 2)} times delta two, {say_num(d2v)}, is "
                             f"{say_num(wd[0])}; {{p1}} times the slope {say_num(pp[0])} gives "
                             f"delta one equal to {say_num(d1[0])}.") as s:
            self.wait_until("r1", s)
            self.play(FadeIn(rows[0][0], shift=0.2 * DOWN),
                      ShowPassingFlash(Line(net.out.get_center(), net.hidden[0].get_center())
                                       .set_stroke(C["cdelta"], 7), time_width=0.7), run_time=1.5)
            self.wait_until("p1", s)
            self.play(FadeIn(rows[0][1]), FadeIn(dl[0]),
                      Circumscribe(self.tab[0], color=C["cphi"]), run_time=1.5)
        with self.say(f"{{r2}} Unit two: {num(wd[1])} times {num(pp[1])} is {num(d1[1])}. {{r3}} "
                      f"Unit three: {num(wd[2])} times {num(pp[2])} is {num(d1[2])}.",
                      spoken=f"{{r2}} Unit two: {say_num(wd[1])} times {say_num(pp[1])} is "
                             f"{say_num(d1[1])}. {{r3}} Unit three: {say_num(wd[2])} times "
                             f"{say_num(pp[2])} is {say_num(d1[2])}.") as s:
            for j in (1, 2):
                self.wait_until(f"r{j + 1}", s)
                self.play(FadeIn(rows[j], shift=0.2 * DOWN), FadeIn(dl[j]),
                          ShowPassingFlash(Line(net.out.get_center(), net.hidden[j].get_center())
                                           .set_stroke(C["cdelta"], 7), time_width=0.7),
                          run_time=1.5)
        with self.say(f"{{sh}} Unit two's weight was the largest, but its small slope of "
                      f"{num(pp[1])} nearly halves what reaches it.",
                      spoken=f"{{sh}} Unit two's weight was the largest, but its small slope of "
                             f"{say_num(pp[1])} nearly halves what reaches it.") as s:
            self.wait_until("sh", s)
            self.play(Circumscribe(rows[1], color=C["cphi"]), run_time=1.5)
        self.dl = dl
        self.hid_bits = VGroup(rows, self.tab)

    @beat("The first layer's weights")
    def first_layer(self):
        N = self.N
        net = self.net
        x, d1, dW1 = N["x"], N["d1"], N["dW1"]
        left, top = EQ_X, 2.9
        g1 = tex(r"{{ \frac{\partial \cL}{\partial \cW^{(1)}_{jk}} }} = {{ \frac{\partial \cL}"
                 r"{\partial z_j} }} \cdot {{ \frac{\partial z_j}{\partial \cW^{(1)}_{jk}} }}", 36)
        g2 = tex(r"{{ \frac{\partial \cL}{\partial \cW^{(1)}_{jk}} }} = {{ \cdelta_j }} \cdot "
                 r"{{ x_k }}", 36)
        self.eq_at(g1, left, top - 1.3)
        self.eq_at(g2, left, top - 1.3)
        self.play(FadeOut(self.hid_bits), self.h3.animate.scale(0.85).next_to(
            [left, top, 0], DOWN, buff=0, aligned_edge=LEFT), run_time=1.0)
        with self.say("{g} The first layer's weights follow the same pattern as the output's: "
                      "{d} the slope is the delta of the unit the weight feeds, {x} times the "
                      "input it carries.") as s:
            self.wait_until("g", s)
            self.play(Write(g1), run_time=2.0)
            self.wait_until("d", s)
            self.morph(g1, g2, [(r"\frac{\partial \cL}{\partial z_j}", r"\cdelta_j"),
                                (r"\frac{\partial z_j}{\partial \cW^{(1)}_{jk}}", r"x_k")],
                       run_time=2.0)
            self.wait_until("x", s)
            self.play(Indicate(self.xin, color=style.TEXT), run_time=1.2)
        M = VGroup(
            tex(r"\frac{\partial \cL}{\partial \cW^{(1)}} = \begin{pmatrix} " + r" \\ ".join(
                rf"{fac(d1[j])} \cdot {fac(x[0], 2)} & {fac(d1[j])} \cdot {fac(x[1], 2)}"
                for j in range(3)) + r"\end{pmatrix}", 32),
            tex(r"= \begin{pmatrix} " + r" \\ ".join(
                f"{num(dW1[j, 0])} & {num(dW1[j, 1])}" for j in range(3)) + r"\end{pmatrix}",
                32))
        M[1].next_to(M[0], DOWN, buff=0.25).align_to(M[0][0][8], LEFT)  # under the "="
        fit_width(M, EQ_W)
        M.next_to(g2, DOWN, buff=0.5).align_to(g2, LEFT)
        with self.say(f"{{m}} Six products: each hidden delta times {num(x[0], 2)} and times "
                      f"{num(x[1], 2)}. {{e}} Every weight of the network now has its slope, "
                      "from one pass forward and one pass back.",
                      spoken=f"{{m}} Six products: each hidden delta times {say_num(x[0], 2)} "
                             f"and times {say_num(x[1], 2)}. {{e}} Every weight of the network "
                             "now has its slope, from one pass forward and one pass back.") as s:
            self.wait_until("m", s)
            self.play(FadeIn(M[0], shift=0.2 * DOWN),
                      *[ShowPassingFlash(e.copy().set_stroke(C["cg"], 7), time_width=0.7)
                        for row in net.e1 for e in row], run_time=2.5)
            self.play(FadeIn(M[1], shift=0.2 * LEFT), run_time=1.0)
            self.wait_until("e", s)
            self.play(*[e.animate.set_stroke(C["cg"], 2 + 30 * abs(dW1[j, k]), 1)
                        for j, row in enumerate(net.e1) for k, e in enumerate(row)],
                      *[e.animate.set_stroke(C["cg"], 2 + 30 * abs(N["dW2"][j]), 1)
                        for j, e in enumerate(net.e2)], run_time=1.8)
        self.layer1 = VGroup(self.h3, g2, M)

    @beat("Check it: nudge a weight")
    def check(self):
        N = self.N
        k, eps, fd = N["k_nudge"], N["eps"], N["fd"]
        g = N["dW2"][k]
        fd1, fd2 = N["fd_all"]
        worst = max(np.max(np.abs(fd1 - N["dW1"])), np.max(np.abs(fd2 - N["dW2"])))
        c1 = tex(rf"\frac{{\cL(\cW^{{(2)}}_{k + 1} + \epsilon) - \cL(\cW^{{(2)}}_{k + 1} - \epsilon)}}"
                 rf"{{2 \epsilon}} = {num(fd, 4)}", 34)
        c0 = tex(rf"\epsilon = {eps:g}", 34)
        c2 = tex(rf"\cdelta^{{(2)}} \ca_{k + 1} = {num(g, 4)}", 34)
        c3 = tex(r"\text{all nine weights: within } 10^{-6}", 32)
        grp = VGroup(c0, c1, c2, c3).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        fit_width(grp, EQ_W)
        self.eq_at(grp, EQ_X, 2.6)
        with self.say("Can we trust it? {n} Nudge one weight a thousandth up and a thousandth "
                      "down, and divide the change in the loss by the distance: {v} the slope "
                      f"measured is {num(fd, 4)}, {{b}} exactly what backpropagation said.",
                      spoken="Can we trust it? {n} Nudge one weight a thousandth up and a "
                             "thousandth down, and divide the change in the loss by the distance: "
                             f"{{v}} the slope measured is {say_num(fd, 4)}, {{b}} exactly what "
                             "backpropagation said.") as s:
            self.play(FadeOut(self.layer1), run_time=0.8)
            self.wait_until("n", s)
            e = self.net.e2[k]
            for sh in (0.12, -0.24, 0.12):
                self.play(e.animate.shift(sh * UP), run_time=0.5)
            self.play(FadeIn(c0), run_time=0.6)
            self.wait_until("v", s)
            self.play(Write(c1), run_time=1.5)
            self.wait_until("b", s)
            self.play(FadeIn(c2, shift=0.2 * DOWN), run_time=1.0)
        with self.say("{all} The same test agrees on every weight, to within a millionth. But "
                      f"it costs two forward passes per parameter, {2 * N['n_params']} in all; "
                      "backpropagation got every slope for about the price of one more pass.",
                      spoken="{all} The same test agrees on every weight, to within a millionth. "
                             "But it costs two forward passes per parameter, "
                             f"{voice.number_words(str(2 * N['n_params']))} in all; "
                             "backpropagation got every slope for about the price of one more "
                             "pass.") as s:
            self.wait_until("all", s)
            self.play(FadeIn(c3, shift=0.2 * DOWN), run_time=1.0)
        self.check_bits = grp
        self.worst = worst

    @beat("The recipe")
    def recipe(self):
        r = VGroup(
            tex(r"\cdelta^{(L)} = \cyhat - \cy", 38),
            tex(r"\cdelta^{(l)}_j = \Big( \sum_i \cW^{(l+1)}_{ij} \, \cdelta^{(l+1)}_i \Big) "
                r"\cdot \cphi'(z^{(l)}_j)", 38),
            tex(r"\frac{\partial \cL}{\partial \cW^{(l)}_{jk}} = \cdelta^{(l)}_j \, \ca^{(l-1)}_k, "
                r"\qquad \frac{\partial \cL}{\partial \cb^{(l)}_j} = \cdelta^{(l)}_j", 38),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        fit_width(r, EQ_W)
        self.eq_at(r, EQ_X, 2.6)
        frame = SurroundingRectangle(r, color=C["cdelta"], buff=0.2, corner_radius=0.1)
        net = self.net
        with self.say("That is the whole recipe, for any number of layers. {o} Start at the "
                      "output with prediction minus label. {h} Each layer's deltas are the next "
                      "layer's deltas, sent back along the weights and summed, times the slope of "
                      "the activation. {g} And each weight's slope is the delta at its head times "
                      "the activation at its tail.") as s:
            self.play(FadeOut(self.check_bits), run_time=0.8)
            self.wait_until("o", s)
            self.play(FadeIn(r[0], shift=0.2 * DOWN), Indicate(self.dlab, color=C["cdelta"]),
                      run_time=1.2)
            self.wait_until("h", s)
            self.play(FadeIn(r[1], shift=0.2 * DOWN), *[
                ShowPassingFlash(Line(net.out.get_center(), h.get_center()).set_stroke(
                    C["cdelta"], 7), time_width=0.7) for h in net.hidden], run_time=1.8)
            self.wait_until("g", s)
            self.play(FadeIn(r[2], shift=0.2 * DOWN), run_time=1.2)
            self.play(Create(frame), run_time=1.0)
        with self.say(f"For the whole data set the loss is the average over the {self.N['n']} "
                      "points, so its gradient is the average of these, one backward pass per "
                      "point.") as s:
            self.play(Indicate(r, color=C["cdelta"], scale_factor=1.02), run_time=1.5)
        self.recipe_bits = VGroup(r, frame)

    @beat("Training on XOR")
    def train(self):
        N = self.N
        net = self.net
        self.play(FadeOut(self.recipe_bits), FadeOut(net), FadeOut(self.xin), FadeOut(self.avals),
                  FadeOut(self.yv), FadeOut(self.lv), FadeOut(self.ylab), FadeOut(self.dlab),
                  FadeOut(self.glabs), FadeOut(self.dl), run_time=1.0)
        plot = self.xor_plot(5.2, (-6.0, -2.7))
        dots = self.xor_dots(plot, 0.055)
        T = N["T"]
        lp = Plot((0, T), (0, 0.8), 5.4, 2.4, xticks=np.linspace(0, T, 4).round().astype(int),
                  yticks=(0, 0.2, 0.4, 0.6, 0.8), xlabel=plot_label("step"), xlabel_right=True,
                  ylabel=tex(r"\cL", 34)).place((0.9, 0.4))
        clock = StepClock(len(self.run))
        bnd = redraw_on(lambda: (clock.row,), lambda: self.boundary(plot, clock.row))
        curve = redraw_on(lambda: (clock.value,), lambda: trace(
            lp, np.c_[np.arange(T + 1), self.run["loss"]], clock.value, C["cL"], 4))
        ro = Readout([r"\text{step}", r"\cL", r"\text{misclassified}"], [0, 3, 0], 32)
        ro.next_to([1.0, -0.85, 0], DOWN, buff=0, aligned_edge=LEFT)
        rule = tex(r"\ctheta \leftarrow \ctheta - \ceta \, \cnabla \cL", 36)
        rule.next_to(lp, RIGHT, buff=0.0).align_to(ro, UP).shift(0.3 * RIGHT)
        rule.next_to(ro, RIGHT, buff=0.6).align_to(ro, UP)
        with self.say(f"Now train: start from these weights and take {T} steps of gradient "
                      f"descent with step size η = {N['lr']:g}, every gradient from "
                      "backpropagation over all the points.",
                      spoken=f"Now train: start from these weights and take "
                             f"{voice.number_words(str(T))} steps of gradient descent with step "
                             f"size eta equal to {sayf(N['lr'], 'g')}"
                             ", every gradient from backpropagation over all the points.") as s:
            self.play(fade_in(plot), FadeIn(dots), fade_in(VGroup(lp)), run_time=1.2)
            self.add(bnd, curve)
            self.show_live(ro, lambda m: m.set_values([clock.row, clock.at(self.run["loss"]),
                                                       clock.at(self.run["wrong"])]))
            self.play(Write(rule), run_time=1.0)
        kz = N["k_zero"]
        with self.say(f"The white curve is where the network says fifty-fifty. {{go}} At first "
                      f"it gets {N['wrong0']} points wrong, and the loss barely moves. {{turn}} "
                      "Then the boundary bends around the clusters.",
                      spoken="The white curve is where the network says fifty-fifty. {go} At "
                             f"first it gets {voice.number_words(str(N['wrong0']))} points wrong, "
                             "and the loss barely moves. {turn} Then the boundary bends around "
                             "the clusters.") as s:
            self.play(Indicate(bnd, color=style.TEXT, scale_factor=1.0), run_time=1.2)
            self.wait_until("go", s)
            self.play(clock.run_to(min(25, T), run_time=max(2.0, s.until("turn"))))
            self.play(clock.run_to(min(kz or 80, T), run_time=max(3.0, s.remaining())))
        if kz is not None:
            tail = (f"{{z}} By step {kz} none are wrong. {{end}} The rest of the run only "
                    f"sharpens it: after {T} steps the loss is {num(N['LT'])}.")
            tail_s = (f"{{z}} By step {voice.number_words(str(kz))} none are wrong. {{end}} The "
                      f"rest of the run only sharpens it: after {voice.number_words(str(T))} "
                      f"steps the loss is {say_num(N['LT'])}.")
        else:
            tail = (f"{{z}} After {T} steps, {N['wrongT']} are still wrong. {{end}} The loss is "
                    f"{num(N['LT'])}.")
            tail_s = None
        with self.say(tail, spoken=tail_s) as s:
            self.wait_until("z", s)
            self.play(Circumscribe(ro[2], color=style.TEXT), run_time=1.2)
            self.wait_until("end", s)
            self.play(clock.run_to(T, run_time=max(3.0, s.remaining())))
        reg = self.regions(plot, T)
        with self.say("Shade each side by the class the network predicts: {all} every XOR point "
                      "lies on its own colour." if N["wrongT"] == 0 else
                      "Shade each side by the class the network predicts. {all}") as s:
            self.wait_until("all", s)
            self.add(reg)
            self.play(fade_in(reg), run_time=1.5)
            self.bring_to_front(plot, bnd, dots)
            self.play(*[Indicate(d, scale_factor=1.0) for d in dots], run_time=1.2)
        for m in (bnd, curve, ro):
            m.clear_updaters()
        self.train_bits = Group(plot, dots, bnd, reg, lp, curve, ro, rule)

    @beat("The loss landscape")
    def landscape(self):
        N = self.N
        L = self.land
        al, be = L.result["alpha"], L.result["beta"]
        Z = L.result["loss_grid"]
        unit = min(10.2 / (al[-1] - al[0]), 5.4 / (be[-1] - be[0]))  # one scale for both axes
        ticks_a = [v for v in range(int(np.ceil(al[0])), int(al[-1]) + 1) if v % 2 == 0]
        ticks_b = [v for v in range(int(np.ceil(be[0])), int(be[-1]) + 1)]
        mp = Plot((al[0], al[-1]), (be[0], be[-1]), unit * (al[-1] - al[0]),
                  unit * (be[-1] - be[0]), xticks=ticks_a, yticks=ticks_b,
                  xlabel=tex(r"u_1", 34), ylabel=tex(r"u_2", 34), xlabel_right=True)
        mp.place((-6.0, -2.55))
        levels = [0.015, 0.03, 0.06, 0.12, 0.24, 0.45, 0.6, 0.68]
        surf = Group(heatmap(mp, Z), contour_lines(mp, Z, al, be, levels, stroke_width=2,
                                                   opacity=0.8))
        clabs = VGroup()
        for lev, near in ((0.06, (1.2, -1.4)), (0.24, (3.6, -1.4)), (0.6, (6.2, -1.4))):
            segs = contour_segments(Z, al, be, lev)  # label each level where it is nearest
            mids = segs.mean(axis=1)                 # to a point along the bottom of the map
            k = int(np.argmin(np.hypot(*(mids - np.array(near)).T)))
            clabs.add(on_map(tex(rf"\cL = {lev:g}", 26)).move_to(mp.c2p(*mids[k])))
        with self.say(f"Where did the descent go? The weights live in {N['n_params']} dimensions, "
                      "which we cannot draw. {plane} So take a plane: through the trained "
                      "weights, spanned by the two directions in which the path moved most, its "
                      "principal directions, d one and d two.",
                      spoken=f"Where did the descent go? The weights live in "
                             f"{voice.number_words(str(N['n_params']))} dimensions, which we "
                             "cannot draw. {plane} So take a plane: through the trained weights, "
                             "spanned by the two directions in which the path moved most, its "
                             "principal directions, d one and d two.") as s:
            self.play(FadeOut(self.train_bits), run_time=1.0)
            self.wait_until("plane", s)
            self.play(fade_in(VGroup(mp)), fade_in(surf), run_time=2.0)
            self.bring_to_front(mp)
            self.play(FadeIn(clabs), run_time=1.0)
        eqp = on_map(tex(r"\ctheta = \ctheta^{*} + u_1 d_1 + u_2 d_2", 32))
        eqp.move_to(mp.c2p(al[0], be[-1]) + np.array([eqp.width / 2 + 0.2, -eqp.height / 2 - 0.2,
                                                      0]))
        ev = on_map(tex(rf"d_1: {100 * N['ev1']:.1f}\%, \quad d_2: {100 * N['ev2']:.1f}\% "
                        r"\text{ of the path's motion}", 28))
        ev.next_to(eqp, DOWN, buff=0.15).align_to(eqp, LEFT)
        with self.say("{eq} A point of the map is the trained weights, plus u one steps along d "
                      f"one, plus u two along d two. {{ev}} d one holds {100 * N['ev1']:.1f} percent "
                      f"of the path's motion, d two {100 * N['ev2']:.1f} percent. {{sc}} Both are "
                      "unit directions, so both axes use the same scale: one unit is one unit of "
                      "distance in weight space.",
                      spoken="{eq} A point of the map is the trained weights, plus u one steps "
                             "along d one, plus u two along d two. {ev} d one holds "
                             f"{sayf(100 * N['ev1'], '.1f')}"
                             " percent of the path's motion, d two "
                             f"{sayf(100 * N['ev2'], '.1f')}"
                             " percent. {sc} Both are unit directions, so both axes use the same "
                             "scale: one unit is one unit of distance in weight space.") as s:
            self.wait_until("eq", s)
            self.play(FadeIn(eqp), run_time=1.0)
            self.wait_until("ev", s)
            self.play(FadeIn(ev), run_time=1.0)
            self.wait_until("sc", s)
            u = Line(mp.c2p(2, be[0]), mp.c2p(3, be[0]), color=style.TEXT, stroke_width=8)
            v = Line(mp.c2p(al[0], 0), mp.c2p(al[0], 1), color=style.TEXT, stroke_width=8)
            self.play(Create(u), Create(v), run_time=1.2)
            self.play(FadeOut(u), FadeOut(v), run_time=0.8)
        coords = L["coords"]
        T = len(coords) - 1
        clock = StepClock(T + 1)
        path = redraw_on(lambda: (clock.value,), lambda: trace(mp, coords, clock.value,
                                                                style.TEXT, 4))
        head = redraw_on(lambda: (clock.value,), lambda: Dot(
            mp.c2p(*clock.interp(coords)), radius=0.08, color=style.TEXT))
        star = Star(n=5, outer_radius=0.16, color=style.TEXT, fill_opacity=1).move_to(mp.c2p(0, 0))
        ro = Readout([r"\text{step}", r"\cL"], [0, 3], 32)
        ro.next_to(mp.box, RIGHT, buff=0.5).align_to(mp.box, UP).shift(0.3 * DOWN)
        lossT = L["loss"]

        def upd(m):
            m.set_values([clock.row, clock.at(lossT)])
        with self.say(f"{{s}} Training started here, {N['dist0']:.1f} units from where it ended. "
                      f"{{go}} The first steps cross a flat plateau: in twenty steps the loss "
                      f"only falls from {num(N['L0'])} to {num(N['L20'])}. {{d}} Then the ground "
                      "drops away, and the steps lengthen down the slope, {e} and shorten again "
                      "near the bottom.",
                      spoken=f"{{s}} Training started here, {sayf(N['dist0'], '.1f')} "
                             "units from where it ended. {go} The first steps cross a flat "
                             f"plateau: in twenty steps the loss only falls from {say_num(N['L0'])} "
                             f"to {say_num(N['L20'])}. {{d}} Then the ground drops away, and the "
                             "steps lengthen down the slope, {e} and shorten again near the "
                             "bottom.") as s:
            self.wait_until("s", s)
            self.add(path)
            self.play(FadeIn(head, scale=2), FadeIn(star, scale=2), run_time=1.0)
            self.show_live(ro, upd)
            self.wait_until("go", s)
            self.play(clock.run_to(20, run_time=max(2.0, s.until("d"))))
            self.play(clock.run_to(90, run_time=max(2.0, s.until("e"))))
            self.play(clock.run_to(T, run_time=max(2.0, s.remaining())))
        arrows = VGroup()
        for k in (15, 45, 80):
            g = L["plane_grad"][k]
            p0 = mp.c2p(*coords[k])
            d = -np.array([g[0], g[1], 0]) / np.linalg.norm(g)
            arrows.add(Arrow(p0, p0 + 0.9 * d, buff=0, color=C["cg"], stroke_width=6,
                             max_tip_length_to_length_ratio=0.3))
        with self.say("{a} Each step goes against the gradient, and with equal scales you can "
                      "see it: the path crosses the contour lines at right angles. {n} After "
                      f"step {N['k_ang']} the steps and the gradient in this plane agree within "
                      f"{N['angle_after']:.0f} degrees.",
                      spoken="{a} Each step goes against the gradient, and with equal scales you "
                             "can see it: the path crosses the contour lines at right angles. "
                             f"{{n}} After step {voice.number_words(str(N['k_ang']))} the steps and "
                             "the gradient in this plane agree within "
                             f"{sayf(N['angle_after'], '.0f')} "
                             "degrees.") as s:
            self.wait_until("a", s)
            self.play(LaggedStart(*[GrowArrow(a) for a in arrows], lag_ratio=0.3), run_time=1.8)
            glab = on_map(tex(r"-\cnabla \cL", 30)).next_to(arrows[1], DOWN, buff=0.25)
            self.play(FadeIn(glab), run_time=0.6)
            arrows.add(glab)
            self.wait_until("n", s)
            self.play(Indicate(arrows, color=C["cg"], scale_factor=1.1), run_time=1.2)
        with self.say(f"{{o}} The path leaves this plane by at most {N['off_max']:.1f} units, so "
                      "the map tells its story truly. {dark} And the darkest region lies beyond "
                      "the star: the classes are separable, so ever larger weights keep lowering "
                      f"the loss, here to {num(N['grid_min'])}.",
                      spoken=f"{{o}} The path leaves this plane by at most "
                             f"{sayf(N['off_max'], '.1f')} "
                             "units, so the map tells its story truly. {dark} And the darkest "
                             "region lies beyond the star: the classes are separable, so ever "
                             "larger weights keep lowering the loss, here to "
                             f"{say_num(N['grid_min'])}.") as s:
            self.wait_until("dark", s)
            i, j = np.unravel_index(np.argmin(Z), Z.shape)
            tip = mp.c2p(al[j], be[i]) + 0.12 * RIGHT
            ring = VGroup(Arrow(mp.c2p(-0.15, 0.0) + 0.1 * LEFT, tip, buff=0.05, color=C["cL"],
                                stroke_width=5, max_tip_length_to_length_ratio=0.35),
                          on_map(tex(rf"\cL = {num(N['grid_min'])}", 26)))
            ring[1].next_to(tip, RIGHT, buff=0.15).shift(0.45 * UP)
            self.play(GrowArrow(ring[0]), FadeIn(ring[1]), run_time=1.2)
        ro.clear_updaters()
        self.land_bits = Group(mp, surf, clabs, eqp, ev, path, head, star, arrows, ring, ro)
        path.clear_updaters()
        head.clear_updaters()

    @beat("Summary")
    def summary(self):
        N = self.N
        rows = VGroup(
            tex(r"\text{forward: } z_j,\ \ca_j = \cphi(z_j),\ \cyhat = \csigma(z^{(2)}),\ \cL", 36),
            tex(r"\text{output: } \cdelta^{(2)} = \cyhat - \cy", 36),
            tex(r"\text{back: } \cdelta_j = (\cW^{(2)}_j \cdelta^{(2)}) \cdot \cphi'(z_j)", 36),
            tex(r"\text{slopes: } \partial \cL / \partial w = \cdelta_{\text{head}} \cdot "
                r"\ca_{\text{tail}}", 36),
            tex(r"\text{descent: } \ctheta \leftarrow \ctheta - \ceta \, \cnabla \cL", 36),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        rows.move_to([0, 0.2, 0])
        with self.say("To sum up. {s1} The forward pass computes and keeps every sum and "
                      "activation. {s2} The backward pass starts with prediction minus label, "
                      "{s3} sends it back along the weights, scaled by each unit's slope, {s4} "
                      "and reads every weight's slope as a delta times an activation. {s5} "
                      "Gradient descent does the rest.") as s:
            self.play(FadeOut(self.land_bits), run_time=1.0)
            for i, m in enumerate(rows):
                self.wait_until(f"s{i + 1}", s)
                self.play(FadeIn(m, shift=0.2 * RIGHT), run_time=0.8)
        self.wait(2)
