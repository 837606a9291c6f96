"""Lecture 1.1: gradient descent fits sales against radio spend (narrated).

The story: the book's stalled fit (w = 0.456, b = 1.03 after 200 steps) -> the model and the
residuals -> the mean squared error L(w, b) -> L as a map over (w, b) -> the gradient by the
chain rule -> walking downhill: the update rule -> 200 steps on raw radio spend crawl -> why:
the Hessian, its eigenvalues and the condition number -> the stability limit 2 / lambda_max
and the slow factor 1 - eta lambda_min -> one step size too large diverges -> standardizing x
makes the valley round -> the same algorithm lands on the least-squares line.

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter1/trajectories.py: gradient_descent``); ``tests/test_gd_lecture_numbers.py``
checks them against numpy.linalg and closed forms.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter1/gradient_descent.py GradientDescent``
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from manim import *

from algorithms.gradient_descent import least_squares, loss_surface
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter1.trajectories import gradient_descent as trajectories
from scenes.components import (
    DotCloud, Plot, Readout, StepClock, clip_segment, contour_lines, fade_in, fade_out,
    fit_width, heatmap, highlight, line_in_box as _line_in_box, on_map, part, plot_label,
    polygons, redraw_on, trace, tex,
)
from scenes.lecture import LectureScene, beat

__all__ = ["GradientDescent", "trajectories", "lecture_numbers", "line_in_box"]

C = style.COLOR
X_RANGE, Y_RANGE = (0.0, 50.0), (0.0, 30.0)  # radio spend ($1000s), sales (1000s of units)
RAW_MAP = ((-0.3, 0.9), (-2.0, 12.0))         # the (w, b) window of the raw problem
WIDE_MAP = ((-4.0, 4.0), (-0.2, 0.2))         # ... zoomed across the valley: a divergence
SCALED_MAP = ((-5.0, 11.0), (-1.0, 17.0))     # the standardized problem (w~, b~)


# -- the numbers ----------------------------------------------------------------------------------
def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows, from the three runs (no Manim needed).

    ``e_flat``/``e_steep`` (T,): the raw run's error ``(w, b) - (w*, b*)`` measured along the
    Hessian's eigenvectors (the valley floor and across it).
    """
    raw, big, sc = runs["raw"], runs["too_large"], runs["scaled"]
    x, y = raw.data["x"], raw.data["y"]
    w_ls, b_ls = least_squares(x, y)
    H = np.array(raw.info["hessian"])                     # (2, 2)
    lam, V = np.linalg.eigh(H)                              # ascending: flat, steep
    V = V * np.sign(V[[1, 0], [0, 1]])                      # flat points up in b, steep in w
    E = np.c_[raw["w"] - w_ls, raw["b"] - b_ls] @ V         # (T, 2) error along flat, steep
    lr, T = float(raw.info["lr"]), len(raw) - 1
    lam_min, lam_max = float(lam[0]), float(lam[1])
    f_flat, f_steep = 1 - lr * lam_min, 1 - lr * lam_max
    big_lr = float(big.info["lr"])
    Hs = np.array(sc.info["hessian"])
    lam_s = float(np.linalg.eigvalsh(Hs)[-1])
    lr_s = float(sc.info["lr"])
    Ls, L_best = sc["loss"], float(sc.result["loss"])
    reached = np.flatnonzero(np.round(Ls, 2) <= round(L_best, 2))
    es = np.hypot(sc["w"] - sc["w"][-1], sc["b"] - sc["b"][-1])  # distance to the end point
    e_end = np.hypot(sc["w"][-1] - w_ls * sc.info["x_std"],
                     sc["b"][-1] - (b_ls + w_ls * sc.info["x_mean"]))
    k = min(10, T)
    return {
        "n": len(x), "lr": lr, "T": T, "k": k,
        "w0": float(raw["w"][0]), "b0": float(raw["b"][0]), "L0": float(raw["loss"][0]),
        "w_first": [float(v) for v in raw["w"][1:4]],
        "L_k": float(raw["loss"][k]),
        "w_stall": float(raw["w"][-1]), "b_stall": float(raw["b"][-1]),
        "L_stall": float(raw["loss"][-1]),
        "g0": (float(raw["grad_w"][0]), float(raw["grad_b"][0])),
        "step0": (float(raw["w"][1] - raw["w"][0]), float(raw["b"][1] - raw["b"][0])),
        "gb_stall": float(raw["grad_b"][-1]),
        "db_stall": float(raw["b"][-1] - raw["b"][-2]) if T else 0.0,
        "w_ls": w_ls, "b_ls": b_ls, "L_best": L_best,
        "H": H, "lam_min": lam_min, "lam_max": lam_max, "V": V,
        "ww_over_bb": float(H[0, 0] / H[1, 1]), "kappa": lam_max / lam_min,
        "limit": 2 / lam_max, "f_steep": f_steep, "f_flat": f_flat, "f_flat_T": f_flat ** T,
        "e_flat": np.abs(E[:, 0]), "e_steep": np.abs(E[:, 1]),
        "steps_100x": math.log(0.01) / math.log(f_flat),
        "best_floor": 1 - 2 * lam_min / lam_max,
        "big_lr": big_lr, "big_past": big_lr / (2 / lam_max) - 1,
        "big_factor": 1 - big_lr * lam_max, "big_n": int(big.info["n_iter"]),
        "big_L": float(big["loss"][-1]), "big_diverged": bool(big.diverged),
        "x_mean": float(sc.info["x_mean"]), "x_std": float(sc.info["x_std"]),
        "Hs": Hs, "lam_s": lam_s, "kappa_s": lam_s / float(np.linalg.eigvalsh(Hs)[0]),
        "lr_s": lr_s, "limit_s": 2 / lam_s, "f_s": 1 - lr_s * lam_s,
        "T_s": len(sc) - 1, "k_best": int(reached[0]) if len(reached) else None,
        "f_s_T": (1 - lr_s * lam_s) ** (len(sc) - 1), "e_s": es, "e_s_end": float(e_end),
        "wt": float(sc.result["w"]), "bt": float(sc.result["b"]),
        "w_fit": float(sc.result["w_x"]), "b_fit": float(sc.result["b_x"]),
    }


def line_in_box(w: float, b: float, box=(X_RANGE, Y_RANGE)):
    """End points of ``y = w x + b`` inside the data box (or ``box``), or None."""
    return _line_in_box(w, b, box)


def data_plot(width: float, height: float, corner) -> Plot:
    return Plot(X_RANGE, Y_RANGE, width, height, xticks=range(0, 51, 10),
                yticks=range(0, 31, 10), xlabel=plot_label(r"radio spend (\$1000s)"),
                ylabel=plot_label("sales (1000s of units)")).place(corner)


def map_plot(window, width: float, height: float, corner, *, tilde: bool = False,
             xticks=None, yticks=None) -> Plot:
    (w0, w1), (b0, b1) = window
    wl = tex(r"\tilde{\cw}" if tilde else r"\cw", 40)
    bl = tex(r"\tilde{\cb}" if tilde else r"\cb", 40)
    p = Plot(window[0], window[1], width, height, xticks=xticks, yticks=yticks, xlabel=wl,
             ylabel=bl, xlabel_right=True)
    return p.place(corner)


def surface(plot: Plot, x: np.ndarray, y: np.ndarray, L_best: float, n_levels: int = 9,
            base: float = 2.0) -> Group:
    """The loss over the plot's (w, b) window: a shaded map with contour lines of equal loss
    at ``L_best + base**k``."""
    (w0, w1), (b0, b1) = plot.data_box
    ws, bs = np.linspace(w0, w1, 260), np.linspace(b0, b1, 260)
    Z = loss_surface(ws[None, :], bs[:, None], x, y)  # (260, 260): rows b, columns w
    levels = [L_best + base ** k for k in range(n_levels)]
    return Group(heatmap(plot, Z), contour_lines(plot, Z, ws, bs, levels, stroke_width=2,
                                                 opacity=0.75))


# -- the lecture ----------------------------------------------------------------------------------
class GradientDescent(LectureScene):
    LECTURE = "chapter1/gradient_descent"

    # state shared by the beats -------------------------------------------------------------------
    def setup(self):
        super().setup()
        runs = self.trajectories()
        self.raw, self.big, self.sc = runs["raw"], runs["too_large"], runs["scaled"]
        self.N = lecture_numbers(runs)
        self.x, self.y = self.raw.data["x"], self.raw.data["y"]
        N = self.N
        self.w_t = ValueTracker(N["w_stall"])   # the line on screen when no run drives it
        self.b_t = ValueTracker(N["b_stall"])
        self.follow = None                        # (run, clock, w key, b key) while a run plays
        self.res_weight = ValueTracker(0.0)       # residual bars: 0 equal widths, 1 width ~ x
        self.sq_grow = ValueTracker(0.0)          # squares on the residuals: 0 none, 1 full

    def wb(self) -> tuple[float, float]:
        """(w, b) of the line on screen, in dollars-and-units."""
        if self.follow is not None:
            run, clock, kw, kb = self.follow
            return float(clock.interp(run[kw])), float(clock.interp(run[kb]))
        return self.w_t.get_value(), self.b_t.get_value()

    def map_xy(self) -> tuple[float, float]:
        """The point on the map: (w, b), or (w~, b~) while the scaled run plays."""
        if self.follow is not None:
            run, clock, *_ = self.follow
            return float(clock.interp(run["w"])), float(clock.interp(run["b"]))
        return self.wb()

    def key(self, *extra):
        return lambda: (*self.wb(), *self.dplot.where(), *[e() for e in extra])

    # pieces drawn from the current line ---------------------------------------------------------
    def fit_line(self, color=None, width: float = 5) -> Mobject:
        def draw():
            seg = line_in_box(*self.wb(), self.dplot.data_box)
            if seg is None:
                return VMobject()
            p, q = self.dplot.pts(np.array(seg))
            return Line(p, q, color=color or C["cyhat"], stroke_width=width)
        return redraw_on(self.key(), draw)

    def residual_bars(self) -> Mobject:
        """The residuals as vertical bars from each dot to the line (clipped to the box);
        their widths grow with x as ``res_weight`` goes to 1."""
        x, y = self.x, self.y

        def draw():
            w, b = self.wb()
            p = self.dplot
            yhat = np.clip(w * x + b, *p.y_range)
            top, bot = p.pts(np.c_[x, y]), p.pts(np.c_[x, yhat])
            a = self.res_weight.get_value()
            half = (1 - a) * 0.012 + a * 0.05 * x / x.max()  # (n,) half widths, scene units
            hx = np.c_[half, np.zeros_like(half), np.zeros_like(half)]
            quads = np.stack([top - hx, top + hx, bot + hx, bot - hx], 1)  # (n, 4, 3)
            return polygons(quads, fill_color=C["cL"], fill_opacity=0.75, stroke_width=0)
        return redraw_on(self.key(lambda: self.res_weight.get_value()), draw)

    def squares(self, idx: Sequence[int]) -> Mobject:
        """Squares on the residuals of markets ``idx`` (side = the residual on screen)."""
        x, y = self.x[list(idx)], self.y[list(idx)]

        def draw():
            w, b = self.wb()
            g = self.sq_grow.get_value()
            p = self.dplot
            top, bot = p.pts(np.c_[x, y]), p.pts(np.c_[x, w * x + b])
            side = (bot - top)[:, 1:2] * g          # signed, scene units
            inward = np.where(x < np.mean(p.x_range), 1.0, -1.0)[:, None]  # toward the middle
            right = np.c_[np.abs(side) * inward, 0 * side, 0 * side]
            down = np.c_[0 * side, side, 0 * side]
            quads = np.stack([top, top + down, top + down + right, top + right], 1)
            return polygons(quads, fill_color=C["cL"], fill_opacity=0.22,
                            stroke_color=C["cL"], stroke_width=2)
        return redraw_on(self.key(lambda: self.sq_grow.get_value()), draw)

    def map_dot(self) -> Mobject:
        def draw():
            (x0, x1), (y0, y1) = self.mplot.data_box
            w, b = self.map_xy()
            if not (x0 <= w <= x1 and y0 <= b <= y1):
                return VMobject()  # off the map: not drawn
            return Dot(self.mplot.c2p(*self.map_xy()), radius=0.09, color=C["cyhat"]).set_stroke(
                style.BACKGROUND, 2, background=True)
        return redraw_on(lambda: (*self.map_xy(), *self.mplot.where()), draw)

    def path_on_map(self, run: Trajectory, clock: StepClock, color=None) -> Mobject:
        pts = np.c_[run["w"], run["b"]]
        return redraw_on(lambda: (clock.value, *self.mplot.where()),
                         lambda: trace(self.mplot, pts, clock.value, color or C["cyhat"]))

    def loss_curve(self, plot: Plot, losses: np.ndarray, clock: StepClock,
                   log: bool = True) -> Mobject:
        pts = np.c_[np.arange(len(losses)), np.log10(losses) if log else losses]
        return redraw_on(lambda: (clock.value, *plot.where()),
                         lambda: trace(plot, pts, clock.value, C["cL"], 4))

    def readout(self, rows, decimals, size=30) -> Readout:
        return Readout(rows, decimals=decimals, size=size, buff=0.16)

    # timing helpers -------------------------------------------------------------------------------
    # ---------------------------------------------------------------------------------------------
    @beat("A fit that stalled")
    def stalled(self):
        N = self.N
        self.dplot = data_plot(6.8, 5.0, (-6.2, -1.85))
        self.dots = DotCloud(self.dplot.pts(np.c_[self.x, self.y]), radius=0.05,
                             color=C["cy"], opacity=0.85)
        with self.say(f"Here are {N['n']} markets. {{dots}} Each dot is one market: what it spent "
                      "on radio advertising, in thousands of dollars, and the thousands of units "
                      "it sold.") as s:
            self.play(fade_in(self.dplot), run_time=self.till(s, "dots"))
            self.play(self.dots.intro(lag_ratio=0.01), run_time=2.5)
        self.line = self.fit_line()
        nums = VGroup(tex(rf"\cw = {N['w_stall']:.3f}", 48), tex(rf"\cb = {N['b_stall']:.2f}", 48),
                      tex(rf"\text{{after }} {N['T']} \text{{ steps}}", 36, style.DIM)
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to([3.9, 1.4, 0])
        with self.say("The notebook this book grew from fitted a line to them by gradient "
                      f"descent. {{line}} After {N['T']} steps it stopped here: {{nums}} "
                      f"w = {N['w_stall']:.3f}, b = {N['b_stall']:.2f}.") as s:
            self.wait_until("line", s)
            self.play(Create(self.line), run_time=1.5)
            self.wait_until("nums", s)
            self.play(LaggedStart(*[FadeIn(m, shift=0.2 * LEFT) for m in nums], lag_ratio=0.4),
                      run_time=1.5)
        ghost = DashedLine(*self.dplot.pts(np.array(line_in_box(N["w_ls"], N["b_ls"]))),
                           color=style.TEXT, stroke_width=3, dash_length=0.15)
        left_end = Circle(radius=0.45, color=C["cL"], stroke_width=4).move_to(
            self.dplot.c2p(4, N["b_stall"] + 4 * N["w_stall"]))
        with self.say("{low} It starts far below the cloud and climbs too steeply; {better} a "
                      "line through the middle would clearly do better.") as s:
            self.wait_until("low", s)
            self.play(Create(left_end), run_time=0.8)
            self.play(Indicate(self.line, color=C["cyhat"], scale_factor=1.02), run_time=1.0)
            self.wait_until("better", s)
            self.play(FadeOut(left_end), Create(ghost), run_time=1.5)
        with self.say("Why did the descent stop short? We'll build it from scratch, find out, "
                      "and fix it with one line of preprocessing.") as s:
            self.wait(1.0)
            self.play(FadeOut(ghost), run_time=1.2)
        self.stall_nums = nums

    @beat("A line is two numbers")
    def model(self):
        N = self.N
        self.model_eq = tex(r"\cyhat = {{ \cw }} {{ x }} + {{ \cb }}", 60).move_to([3.9, 2.3, 0])
        with self.say("The model is a straight line: {eq} the prediction, y hat, is w times x "
                      "plus b.") as s:
            self.play(FadeOut(self.stall_nums), run_time=0.8)
            self.wait_until("eq", s)
            self.play(Write(self.model_eq), run_time=2)
        w0, b0 = N["w_stall"], N["b_stall"]
        pivot = 25.0  # the line turns about x = 25: only the slope changes
        with self.say("{w} w is the slope: the extra units predicted per extra thousand "
                      "dollars.") as s:
            box = highlight(part(self.model_eq, r"\cw"), C["cw"])
            self.play(Create(box), run_time=0.5)
            y_p = w0 * pivot + b0
            for w1 in (0.1, 0.35, w0):
                self.play(self.w_t.animate.set_value(w1),
                          self.b_t.animate.set_value(y_p - w1 * pivot),
                          run_time=max(0.8, s.remaining() / 3 - 0.1))
        with self.say("{b} b is the intercept: the sales predicted with no radio at all.") as s:
            box2 = highlight(part(self.model_eq, r"\cb"), C["cb"])
            self.play(ReplacementTransform(box, box2), run_time=0.5)
            for b1 in (b0 + 8, b0 + 3, b0):
                self.play(self.b_t.animate.set_value(b1),
                          run_time=max(0.7, s.remaining() / 3 - 0.1))
        with self.say("Every pair w, b draws a different line. To pick the best, we need a number "
                      "that says how bad a line is.",
                      spoken="Every pair, w and b, draws a different line. To pick the best, we "
                             "need a number that says how bad a line is.") as s:
            self.play(FadeOut(box2), run_time=0.5)
            for w1, b1 in ((0.25, 6.0), (0.05, 14.0), (w0, b0)):
                self.play(self.w_t.animate.set_value(w1), self.b_t.animate.set_value(b1),
                          run_time=max(0.8, s.remaining() / 3 - 0.1))

    @beat("How wrong is a line?")
    def residuals(self):
        N = self.N
        i = int(np.argmax(np.abs(self.y - (N["w_stall"] * self.x + N["b_stall"]))))  # biggest miss
        xi, yi = self.x[i], self.y[i]
        yh = N["w_stall"] * xi + N["b_stall"]
        p_data, p_line = self.dplot.c2p(xi, yi), self.dplot.c2p(xi, yh)
        ring = Circle(radius=0.14, color=C["cy"], stroke_width=4).move_to(p_data)
        on_line = Dot(p_line, radius=0.08, color=C["cyhat"])
        lab_y = tex(r"\cy_i", 40).next_to(p_data, LEFT, buff=0.2)
        lab_yh = tex(r"\cyhat_i", 40).next_to(p_line, RIGHT, buff=0.2).shift(0.15 * DOWN)
        lab_x = tex(r"x_i", 36).next_to(self.dplot.c2p(xi, 0), UP, buff=0.15)
        tick = DashedLine(self.dplot.c2p(xi, 0), p_line, color=style.DIM, stroke_width=2)
        with self.say("Take the stalled line. {pick} At market i, with spend xᵢ, it predicts "
                      "ŷᵢ; {data} the data say yᵢ.") as s:
            self.wait_until("pick", s)
            self.play(Create(tick), FadeIn(lab_x), FadeIn(on_line, scale=2), FadeIn(lab_yh),
                      run_time=1.2)
            self.wait_until("data", s)
            self.play(Create(ring), FadeIn(lab_y), run_time=0.8)
        res_eq = fit_width(tex(r"{{ r_i }} = {{ \cyhat_i }} - {{ \cy_i }} = {{ \cw }} {{ x_i }} + "
                           r"{{ \cb }} - {{ \cy_i }}", 44), 5.8)
        res_eq.move_to([0, 0.9, 0]).align_to([1.1, 0, 0], LEFT)
        one = Line(p_data, p_line, color=C["cL"], stroke_width=6)
        lab_r = tex(r"r_i", 40).next_to(one, RIGHT, buff=0.15)
        with self.say("{gap} The gap is the residual, rᵢ: prediction minus data, {expand} which "
                      "is w xᵢ plus b, minus yᵢ.") as s:
            self.wait_until("gap", s)
            self.play(Create(one), FadeIn(lab_r), run_time=1)
            first = tex(r"{{ r_i }} = {{ \cyhat_i }} - {{ \cy_i }}", 44).scale(
                res_eq[0].height / tex(r"r_i", 44).height)
            first.align_to(res_eq, LEFT).align_to(res_eq, UP)
            self.play(FadeIn(first, shift=0.2 * DOWN), run_time=1.0)
            self.wait_until("expand", s)
            self.play(TransformMatchingTex(first, res_eq),
                      Circumscribe(self.model_eq, color=C["cyhat"]), run_time=1.8)
        self.res_eq = res_eq
        self.bars = self.residual_bars()
        with self.say("{all} Every market has one: negative where the dot lies above the line, "
                      "positive where it lies below.") as s:
            self.wait_until("all", s)
            self.play(FadeOut(VGroup(ring, on_line, lab_y, lab_yh, lab_x, tick, lab_r)),
                      FadeOut(one), fade_in(self.bars), run_time=1.5)
            self.bring_to_front(self.dots, self.line)

    @beat("Squared, then averaged")
    def loss(self):
        N = self.N
        order = np.argsort(self.x)  # seven markets across the range get squares
        pick = order[np.linspace(8, len(order) - 6, 7).astype(int)]
        self.sq = self.squares(pick)
        self.add(self.sq)
        self.bring_to_front(self.dots, self.line)
        with self.say("To make one number of them, {sq} square each residual: misses in both "
                      "directions count, and a miss twice as big costs four times as much.") as s:
            self.wait_until("sq", s)
            self.play(self.sq_grow.animate.set_value(1), run_time=2.5)
        L_eq = tex(r"{{ \cL(\cw, \cb) }} = {{ \frac{1}{n} \sum_{i=1}^{n} }} {{ r_i^2 }}", 44)
        L_eq.next_to(self.res_eq, DOWN, buff=0.6).align_to(self.res_eq, LEFT)
        L_full = fit_width(tex(r"{{ \cL(\cw, \cb) }} = {{ \frac{1}{n} \sum_{i=1}^{n} }} "
                           r"{{ (\cw x_i + \cb - \cy_i)^2 }}", 44), 5.6)
        L_full.next_to(self.res_eq, DOWN, buff=0.6).align_to(self.res_eq, LEFT)
        with self.say(f"{{avg}} Then average over all n = {N['n']} markets. {{L}} That is the "
                      "mean squared error: the loss, L of w and b.") as s:
            self.wait_until("avg", s)
            r2 = tex(r"r_i^2", 44).move_to(L_eq[4])
            self.play(TransformFromCopy(self.res_eq[0], r2), run_time=1.0)
            self.play(FadeIn(VGroup(*L_eq[:4])), run_time=1.0)
            self.remove(r2)
            self.add(L_eq)
            self.wait_until("L", s)
            self.play(Circumscribe(L_eq[0], color=C["cL"]), run_time=1.2)
            self.play(TransformMatchingTex(L_eq, L_full), run_time=1.5)
        self.L_eq = L_full
        self.Lread = self.readout([r"\cL"], [2], 44)
        self.Lread.next_to(L_full, DOWN, buff=0.6).align_to(L_full, LEFT)

        def upd(m):
            w, b = self.wb()
            m.set_values([float(loss_surface(w, b, self.x, self.y))])
        with self.say(f"For the stalled line, L is {N['L_stall']:.2f}.") as s:
            self.show_live(self.Lread, upd)
        with self.say("{move} Move the line, and the squares and the loss follow. {best} The best "
                      f"line has the smallest loss there is: {N['L_best']:.2f}.") as s:
            self.wait_until("move", s)
            for w1, b1 in ((0.1, 16.0), (0.3, 4.0)):
                self.play(self.w_t.animate.set_value(w1), self.b_t.animate.set_value(b1),
                          run_time=max(0.8, s.until("best") / 2))
            self.play(self.w_t.animate.set_value(N["w_ls"]), self.b_t.animate.set_value(N["b_ls"]),
                      run_time=max(1.5, s.remaining()))
        self.play(Circumscribe(self.Lread, color=C["cL"]), run_time=1.2)

    @beat("A map of every line")
    def landscape(self):
        N = self.N
        self.Lread.clear_updaters()
        new_d = data_plot(5.0, 3.6, (-6.1, -1.1))
        self.mplot = map_plot(RAW_MAP, 5.0, 4.3, (1.35, -1.75), xticks=(0, 0.4, 0.8),
                              yticks=(0, 4, 8, 12))
        self.surf = surface(self.mplot, self.x, self.y, N["L_best"])
        self.dot = self.map_dot()
        with self.say("Every line is a point {plane} in a plane with coordinates w and b.") as s:
            self.play(FadeOut(self.sq), fade_out(self.bars), FadeOut(self.model_eq),
                      FadeOut(self.res_eq), FadeOut(self.L_eq), FadeOut(self.Lread),
                      self.w_t.animate.set_value(N["w_stall"]),
                      self.b_t.animate.set_value(N["b_stall"]), run_time=1)
            self.play(ReplacementTransform(self.dplot, new_d),
                      self.dots.morph(pos=new_d.pts(np.c_[self.x, self.y]), rad=0.04),
                      run_time=1.2)
            self.dplot = new_d
            self.wait_until("plane", s)
            self.play(fade_in(VGroup(self.mplot)), FadeIn(self.dot, scale=2), run_time=1.2)
        with self.say("{contours} Over that plane the loss is a landscape; here it is as a map, "
                      "with contour lines of equal loss.") as s:
            self.wait_until("contours", s)
            self.play(fade_in(self.surf), run_time=2)
            self.bring_to_front(self.mplot, self.dot)
        with self.say("{here} This point is the stalled line. {drag} Move the point, and the line "
                      "moves with it.") as s:
            self.wait_until("here", s)
            self.play(Indicate(self.dot, scale_factor=1.8, color=C["cyhat"]), run_time=1)
            self.wait_until("drag", s)
            for w1, b1 in ((0.05, 4.0), (0.1, 11.0), (0.6, 6.0)):
                self.play(self.w_t.animate.set_value(w1), self.b_t.animate.set_value(b1),
                          run_time=max(1.0, s.remaining() / 3))
        star = Star(n=5, outer_radius=0.16, color=style.TEXT, fill_opacity=1).move_to(
            self.mplot.c2p(N["w_ls"], N["b_ls"]))
        self.star = star
        with self.say("{star} The bottom of the valley, the star, is the best line.") as s:
            self.wait_until("star", s)
            self.play(self.w_t.animate.set_value(N["w_ls"]), self.b_t.animate.set_value(N["b_ls"]),
                      run_time=1.6)
            self.play(FadeIn(star, scale=2), run_time=0.6)
        with self.say("Notice the valley: not a round bowl, but a long, narrow trench. {shape} "
                      "That shape is the whole story.") as s:
            self.play(Indicate(self.surf[1], color=style.TEXT, scale_factor=1.0), run_time=2)
            self.play(self.w_t.animate.set_value(N["w_stall"]),
                      self.b_t.animate.set_value(N["b_stall"]), run_time=max(1.0, s.remaining()))

    @beat("The slope in each direction")
    def gradient(self):
        N = self.N
        # spoken while the picture changes layout
        s0 = self.say("To walk downhill we need the slope of L in each direction: the partial "
                      "derivatives in w and in b.")
        # the derivation takes the left; the data plot moves right with its residuals
        new_d = data_plot(4.4, 3.0, (2.35, -0.4))
        self.play(fade_out(self.surf), FadeOut(self.mplot), FadeOut(self.dot), FadeOut(self.star),
                  ReplacementTransform(self.dplot, new_d),
                  self.dots.morph(pos=new_d.pts(np.c_[self.x, self.y]), rad=0.035),
                  run_time=1.5)
        self.dplot = new_d
        self.bars = self.residual_bars()
        self.play(fade_in(self.bars), run_time=0.8)
        self.bring_to_front(self.dots, self.line)
        left, top, W = -6.7, 3.55, 8.3
        g0 = fit_width(tex(r"{{ \cL }} = {{ \frac{1}{n} \sum_i }} {{ r_i^2 }}, \qquad "
                       r"{{ r_i }} = {{ \cw x_i + \cb - \cy_i }}", 46), W)
        self.eq_at(g0, left, top)
        with s0 as s:
            self.play(Write(g0), run_time=2.5)
        g1 = tex(r"{{ \frac{\partial \cL}{\partial \cw} }} = {{ \frac{1}{n} \sum_i }} "
                 r"{{ 2 r_i }} \cdot {{ \frac{\partial r_i}{\partial \cw} }}", 46)
        self.eq_at(g1, left, top - 1.45)
        with self.say("L is an average of squared residuals, so we use the chain rule, one factor "
                      "at a time. {outer} The square's derivative is two rᵢ; {inner} times the "
                      "derivative of rᵢ itself, with respect to w.") as s:
            self.morph(g0, g1, [(r"\cL", r"\frac{\partial \cL}{\partial \cw}"),
                                (r"r_i^2", r"2 r_i")], keep=True, run_time=2)
            self.wait_until("outer", s)
            b1 = highlight(part(g1, r"2 r_i"), C["cg"])
            self.play(Create(b1), Indicate(self.bars, color=C["cL"], scale_factor=1.0),
                      run_time=1.2)
            self.wait_until("inner", s)
            b2 = highlight(part(g1, r"\frac{\partial r_i}{\partial \cw}"), C["cg"])
            self.play(ReplacementTransform(b1, b2), run_time=0.8)
        g2 = tex(r"{{ \frac{\partial \cL}{\partial \cw} }} = {{ \frac{2}{n} \sum_i }} "
                 r"{{ r_i }} {{ x_i }}", 46)
        self.eq_at(g2, left, top - 1.45)
        with self.say("{x} rᵢ grows with w at the rate xᵢ. {weigh} So the slope in w averages "
                      "the residuals weighted by spend: misses far to the right pull "
                      "hardest.") as s:
            self.wait_until("x", s)
            self.play(Circumscribe(part(g0, r"\cw x_i + \cb - \cy_i"), color=C["cw"]), run_time=1.0)
            self.morph(g1, g2, [(r"\frac{1}{n} \sum_i", r"\frac{2}{n} \sum_i"),
                                (r"2 r_i", r"r_i"), (r"\frac{\partial r_i}{\partial \cw}", r"x_i")],
                       extra=[FadeOut(b2)], run_time=1.8)
            self.wait_until("weigh", s)
            self.play(self.res_weight.animate.set_value(1), run_time=2.5)
            self.play(Circumscribe(part(g2, r"x_i"), color=C["cw"]), run_time=1.2)
        g3 = tex(r"{{ \frac{\partial \cL}{\partial \cb} }} = {{ \frac{1}{n} \sum_i }} "
                 r"{{ 2 r_i }} \cdot {{ \frac{\partial r_i}{\partial \cb} }}", 46)
        g4 = tex(r"{{ \frac{\partial \cL}{\partial \cb} }} = {{ \frac{2}{n} \sum_i }} {{ r_i }}",
                 46)
        self.eq_at(g3, left, top - 3.0)
        self.eq_at(g4, left, top - 3.0)
        with self.say("{b} For b, rᵢ grows at the rate one, {avg} so the slope in b is twice the "
                      "average residual.") as s:
            self.wait_until("b", s)
            self.morph(g2, g3, [(r"\frac{\partial \cL}{\partial \cw}",
                                 r"\frac{\partial \cL}{\partial \cb}"),
                                (r"\frac{2}{n} \sum_i", r"\frac{1}{n} \sum_i"), (r"r_i", r"2 r_i")],
                       keep=True, extra=[self.res_weight.animate.set_value(0)], run_time=1.8)
            self.wait_until("avg", s)
            self.morph(g3, g4, [(r"\frac{1}{n} \sum_i", r"\frac{2}{n} \sum_i"),
                                (r"2 r_i", r"r_i")], run_time=1.5)
        gw = self.readout([r"\frac{\partial \cL}{\partial \cw}",
                           r"\frac{\partial \cL}{\partial \cb}"], [3, 2], 40)
        gw.next_to([left + 0.1, top - 4.55, 0], DOWN, buff=0, aligned_edge=LEFT)
        self.grads = (g2, g4)

        def upd(m):
            w, b = self.wb()
            r = w * self.x + b - self.y
            m.set_values([2 * np.mean(r * self.x), 2 * np.mean(r)])
        with self.say("When the line sits below the data, that is negative: b should go up. "
                      f"{{num}} For the stalled line it is {N['gb_stall']:.2f}.") as s:
            self.play(Indicate(self.bars, color=C["cL"], scale_factor=1.0), run_time=1.5)
            self.wait_until("num", s)
            self.show_live(gw, upd)
            self.play(Circumscribe(gw[1], color=C["cb"]), run_time=1.2)
        self.gread = gw
        self.g0 = g0

    @beat("Walking downhill")
    def downhill(self):
        N = self.N
        # spoken while the picture changes layout
        s0 = self.say(f"Start where the book started, {{start}} at w = {N['w0']:g} and "
                      f"b = {N['b0']:g}.")
        self.gread.clear_updaters()
        g2, g4 = self.grads
        # the map takes the left two thirds; the equations the right third
        self.mplot = map_plot(RAW_MAP, 7.4, 5.6, (-6.1, -2.3),
                              xticks=(-0.2, 0, 0.2, 0.4, 0.6, 0.8), yticks=(0, 4, 8, 12))
        self.surf = surface(self.mplot, self.x, self.y, N["L_best"])
        self.star = Star(n=5, outer_radius=0.16, color=style.TEXT, fill_opacity=1).move_to(
            self.mplot.c2p(N["w_ls"], N["b_ls"]))
        grad_col = VGroup(g2, g4)
        self.play(FadeOut(self.g0), FadeOut(self.gread), fade_out(self.bars),
                  FadeOut(self.line), FadeOut(self.dots), FadeOut(self.dplot),
                  grad_col.animate.scale(0.8).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
                  .move_to([4.4, 2.55, 0]), run_time=1.5)
        self.play(fade_in(self.surf), fade_in(VGroup(self.mplot)), FadeIn(self.star), run_time=1.2)
        self.bring_to_front(self.mplot)
        self.w_t.set_value(N["w0"])
        self.b_t.set_value(N["b0"])
        self.dot = self.map_dot()
        with s0 as s:
            self.wait_until("start", s)
            self.play(FadeIn(self.dot, scale=2.5), run_time=1)
        p0 = self.mplot.c2p(N["w0"], N["b0"])
        gx, gy = N["g0"]
        d = np.array([gx * self.mplot.scale_x(), gy * self.mplot.scale_y(), 0])
        d = d / np.linalg.norm(d)  # the gradient's direction on screen (its length is 741)
        up = Arrow(p0, p0 + 1.3 * d, buff=0, color=C["cg"], stroke_width=6,
                   max_tip_length_to_length_ratio=0.3)
        nab = tex(r"\cnabla \cL = \left( \frac{\partial \cL}{\partial \cw}, "
                  r"\frac{\partial \cL}{\partial \cb} \right)", 40).move_to([4.4, 0.75, 0])
        nab_v = tex(rf"\cnabla \cL = ({gx:.1f},\ {gy:.1f})", 40).move_to([4.4, 0.75, 0])
        with self.say("The two slopes together make the gradient: {arrow} an arrow on the map "
                      "pointing straight uphill.") as s:
            self.play(TransformMatchingShapes(grad_col.copy(), nab), run_time=2)
            self.wait_until("arrow", s)
            self.play(GrowArrow(up), run_time=1.2)
        with self.say(f"Here it is {gx:.1f} in w and {gy:.1f} in b: the loss climbs fastest "
                      "toward smaller w.") as s:
            self.play(TransformMatchingTex(nab, nab_v), run_time=1.5)
            self.play(Wiggle(up), run_time=1.5)
        sw, sb = N["step0"]
        p1 = self.mplot.c2p(N["w0"] + sw, N["b0"] + sb)
        down = Arrow(p0, p0 - 1.3 * d, buff=0, color=style.TEXT, stroke_width=6,
                     max_tip_length_to_length_ratio=0.3)
        real = Arrow(p0, p1, buff=0, color=style.TEXT, stroke_width=6,
                     max_tip_length_to_length_ratio=0.08)
        step_eq = tex(r"-\ceta \cnabla \cL", 44).move_to([4.4, -0.3, 0])
        step_v = tex(rf"-\ceta \cnabla \cL = ({sw:.3f},\ {sb:.3f})", 40).move_to([4.4, -0.3, 0])
        with self.say("{flip} Downhill is the opposite way: minus the gradient. {eta} The learning "
                      "rate, η, sets how far: the step is minus η times the gradient.") as s:
            self.wait_until("flip", s)
            self.play(TransformFromCopy(up, down), run_time=1.2)
            self.wait_until("eta", s)
            self.play(FadeIn(step_eq, shift=0.2 * DOWN), run_time=1)
        with self.say(f"With η = {N['lr']:g}, this first step moves w by {sw:.3f}, {{b}} and b "
                      f"by only {sb:.3f}.") as s:
            self.play(ReplacementTransform(down, real), TransformMatchingTex(step_eq, step_v),
                      run_time=2)
            self.wait_until("b", s)
            self.play(Circumscribe(step_v, color=C["cb"]), run_time=1.2)
        rule = VGroup(tex(r"\cw \leftarrow \cw - \ceta \frac{\partial \cL}{\partial \cw}", 40),
                      tex(r"\cb \leftarrow \cb - \ceta \frac{\partial \cL}{\partial \cb}", 40)
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to([4.4, -2.05, 0])
        box = SurroundingRectangle(rule, color=C["ceta"], buff=0.15, corner_radius=0.1)
        with self.say("{rule} That is the update rule: w minus η times the slope in w, b minus η "
                      "times the slope in b, {old} both taken at the old point.") as s:
            self.wait_until("rule", s)
            self.play(TransformMatchingShapes(step_v.copy(), rule[0]), run_time=1.5)
            self.play(FadeIn(rule[1], shift=0.2 * DOWN), run_time=1)
            self.wait_until("old", s)
            self.play(Create(box), run_time=1)
        self.rule = VGroup(rule, box)
        arrows = VGroup(real)  # three more steps, each arrow the trajectory's own step
        with self.say("{again} Then compute the gradient where we landed, and repeat.") as s:
            self.wait_until("again", s)
            self.play(FadeOut(up), self.w_t.animate.set_value(self.raw["w"][1]),
                      self.b_t.animate.set_value(self.raw["b"][1]), run_time=0.8)
            for k in (1, 2, 3):
                a = Arrow(self.mplot.c2p(self.raw["w"][k], self.raw["b"][k]),
                          self.mplot.c2p(self.raw["w"][k + 1], self.raw["b"][k + 1]), buff=0,
                          color=style.TEXT, stroke_width=5, max_tip_length_to_length_ratio=0.15)
                self.play(*[m.animate.set_opacity(0.3) for m in arrows], GrowArrow(a),
                          run_time=0.7)
                self.play(self.w_t.animate.set_value(self.raw["w"][k + 1]),
                          self.b_t.animate.set_value(self.raw["b"][k + 1]), run_time=0.6)
                arrows.add(a)
        self.steps_arrows = arrows
        self.nab, self.step_v, self.grad_col = nab_v, step_v, grad_col

    @beat("Two hundred steps")
    def run_raw(self):
        N = self.N
        # spoken while the picture changes layout
        s0 = self.say(f"Run it: η = {N['lr']:g}, {N['T']} steps, on raw radio spend.")
        # dashboard: data top left, map top right, loss curve bottom left, readout bottom right
        new_d = data_plot(4.9, 2.8, (-6.0, 0.45))
        new_m = map_plot(RAW_MAP, 4.3, 3.1, (1.7, 0.15), xticks=(0, 0.4, 0.8), yticks=(0, 4, 8, 12))
        surf = surface(new_m, self.x, self.y, N["L_best"])
        star = self.star.copy().move_to(new_m.c2p(N["w_ls"], N["b_ls"]))
        self.dplot = new_d
        self.dots = DotCloud(new_d.pts(np.c_[self.x, self.y]), radius=0.032, color=C["cy"],
                             opacity=0.85)
        self.w_t.set_value(N["w0"])
        self.b_t.set_value(N["b0"])
        self.line = self.fit_line(width=4)
        self.play(*[FadeOut(m) for m in self.steps_arrows], FadeOut(self.nab), FadeOut(self.step_v),
                  FadeOut(self.grad_col), FadeOut(self.rule), FadeOut(self.dot),
                  fade_out(self.surf), FadeOut(self.star), ReplacementTransform(self.mplot, new_m),
                  run_time=1.5)
        self.mplot, self.surf, self.star = new_m, surf, star
        self.dot = self.map_dot()
        T = N["T"]
        lp = Plot((0, T), (1, 2.5), 7.3, 1.55, xticks=np.linspace(0, T, 5).round().astype(int),
                  yticks=(1, 2), ynums=("10", "100"), xlabel=plot_label("step"), xlabel_right=True,
                  ylabel=tex(r"\cL", 36)).place((-5.9, -2.6))
        best = DashedLine(lp.c2p(0, np.log10(N["L_best"])), lp.c2p(T, np.log10(N["L_best"])),
                          color=style.TEXT, stroke_width=2, dash_length=0.1)
        best_lab = tex(rf"\text{{best }} {N['L_best']:.2f}", 30).next_to(best, RIGHT, buff=0.15)
        best_lab.shift(0.17 * UP)
        self.lplot, self.best = lp, VGroup(best, best_lab)
        self.play(fade_in(self.dplot), FadeIn(self.dots), fade_in(surf), FadeIn(star),
                  fade_in(VGroup(lp)), Create(best), FadeIn(best_lab), run_time=1.5)
        self.bring_to_front(self.mplot)
        self.add(self.line, self.dot)
        clock = StepClock(len(self.raw))
        self.follow = (self.raw, clock, "w", "b")
        path = self.path_on_map(self.raw, clock)
        curve = self.loss_curve(lp, self.raw["loss"], clock)
        self.add(path, curve, self.dot)
        ro = self.readout([r"\text{step}", r"\cw", r"\cb", r"\cL"], [0, 3, 2, 2], 34)
        ro.next_to([3.7, -0.75, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            m.set_values([clock.row, clock.at(self.raw["w"]), clock.at(self.raw["b"]),
                          clock.at(self.raw["loss"])])
        w1, w2, w3 = N["w_first"]
        with s0 as s:
            self.show_live(ro, upd)
        with self.say(f"{{zig}} The first steps zig-zag across the valley: w jumps to {w1:.3f}, "
                      f"back to {w2:.3f}, then {w3:.3f}.") as s:
            self.wait_until("zig", s)
            for k in (1, 2, 3):
                self.play(clock.run_to(k, run_time=max(1.0, s.remaining() / (4 - k))))
        k = N["k"]
        with self.say(f"{{settle}} Within {k} steps the zig-zag dies out, and the loss falls from "
                      f"{N['L0']:.2f} to {N['L_k']:.2f}.") as s:
            self.play(clock.run_to(k, run_time=max(1.5, s.remaining())))
        with self.say("{crawl} Then the point only crawls along the valley floor, {flat} and the "
                      "loss curve flattens, far above the best fit.") as s:
            self.play(clock.run_to(T, run_time=max(4.0, s.remaining() + 1.5), spacing="linear"))
        with self.say(f"{{end}} After {T} steps: w = {N['w_stall']:.3f}, b = {N['b_stall']:.2f}, "
                      f"L = {N['L_stall']:.2f}. Exactly where the book stopped.") as s:
            self.play(Circumscribe(ro, color=C["cyhat"]),
                      Indicate(self.line, color=C["cyhat"], scale_factor=1.02), run_time=2)
        with self.say(f"The slope in b is still {N['gb_stall']:.2f}, yet each step moves b by only "
                      f"{N['db_stall']:.4f}. {{why}} Why so small?") as s:
            self.play(Indicate(self.dot, scale_factor=2, color=C["cyhat"]), run_time=1.5)
        ro.clear_updaters()
        self.ro, self.path, self.curve, self.clock = ro, path, curve, clock

    @beat("The shape of the valley")
    def curvature(self):
        N = self.N
        # spoken while the picture changes layout
        s0 = self.say("Because the valley curves very differently in different directions. "
                      "Curvature is the slope of the slope: a second derivative.")
        H = N["H"]
        # the map grows on the right; the equations take the left
        new_m = map_plot(RAW_MAP, 4.6, 5.3, (1.45, -2.0), xticks=(0, 0.4, 0.8), yticks=(0, 4, 8, 12))
        surf = surface(new_m, self.x, self.y, N["L_best"])
        star = self.star.copy().move_to(new_m.c2p(N["w_ls"], N["b_ls"]))
        path_pts = np.c_[self.raw["w"], self.raw["b"]]
        self.path.clear_updaters()
        self.curve.clear_updaters()
        self.play(FadeOut(self.ro), FadeOut(self.curve), fade_out(VGroup(self.lplot)),
                  FadeOut(self.best), FadeOut(self.line), FadeOut(self.dots), fade_out(self.dplot),
                  fade_out(self.surf), FadeOut(self.star), FadeOut(self.path),
                  ReplacementTransform(self.mplot, new_m), run_time=1.5)
        self.mplot, self.surf, self.star = new_m, surf, star
        self.follow = None
        self.w_t.set_value(N["w_stall"])
        self.b_t.set_value(N["b_stall"])
        self.path = trace(new_m, path_pts, N["T"], C["cyhat"])
        self.play(fade_in(surf), FadeIn(star), FadeIn(self.path), run_time=1)
        self.bring_to_front(self.mplot, self.path, self.dot)
        left, top, W = -6.7, 3.6, 7.5
        with s0 as s:
            self.play(Indicate(self.surf[1], color=style.TEXT, scale_factor=1.0), run_time=2)
        c1 = tex(rf"\frac{{\partial^2 \cL}}{{\partial \cw^2}} = \frac{{2}}{{n}} \sum_i x_i^2 = "
                 rf"{H[0, 0]:.1f}", 40)
        c2 = tex(rf"\frac{{\partial^2 \cL}}{{\partial \cb^2}} = {H[1, 1]:g}", 40)
        c3 = tex(rf"\frac{{\partial^2 \cL}}{{\partial \cw \partial \cb}} = \frac{{2}}{{n}} \sum_i "
                 rf"x_i = {H[0, 1]:.1f}", 40)
        self.eq_at(c1, left, top)
        c2.next_to(c1, DOWN, buff=0.35).align_to(c1, LEFT)
        c3.next_to(c2, DOWN, buff=0.35).align_to(c1, LEFT)
        n_ww = len(f"{H[0, 0]:.1f}")
        with self.say("{ww} The slope in w, differentiated by w again: two over n times the sum "
                      f"of xᵢ squared, {{v}} {H[0, 0]:.1f}.") as s:
            self.wait_until("ww", s)
            self.play(Write(c1[0][:-n_ww]), run_time=2)
            self.wait_until("v", s)
            self.play(Write(c1[0][-n_ww:]), run_time=0.8)
        with self.say(f"{{bb}} The slope in b, by b: {H[1, 1]:g}. {{wb}} The mixed one: two over "
                      f"n times the sum of xᵢ, {H[0, 1]:.1f}.") as s:
            self.wait_until("bb", s)
            self.play(Write(c2), run_time=1.2)
            self.wait_until("wb", s)
            self.play(Write(c3), run_time=2)
        Hm = fit_width(tex(r"H = \frac{2}{n} \begin{pmatrix} \sum x_i^2 & \sum x_i \\ \sum x_i & n "
                       rf"\end{{pmatrix}} = \begin{{pmatrix}} {H[0, 0]:.1f} & {H[0, 1]:.1f} \\ "
                       rf"{H[1, 0]:.1f} & {H[1, 1]:g} \end{{pmatrix}}", 40), W)
        Hm.next_to(c3, DOWN, buff=0.5).align_to(c1, LEFT)
        with self.say("{H} Together they form the Hessian, H. L is quadratic, so H is the same "
                      "everywhere on the map.") as s:
            self.wait_until("H", s)
            self.play(TransformMatchingShapes(VGroup(c1, c2, c3).copy(), Hm), run_time=2.5)
        r = N["ww_over_bb"]
        ratio = tex(rf"\frac{{{H[0, 0]:.1f}}}{{{H[1, 1]:g}}} = {r:.1f}", 40)
        ratio.next_to(Hm, DOWN, buff=0.45).align_to(c1, LEFT)
        with self.say(f"Along w alone, L curves {H[0, 0]:.1f} over {H[1, 1]:g}; about "
                      f"{round(r, -1):.0f} times as steeply as along b alone.") as s:
            self.play(FadeIn(ratio, shift=0.2 * DOWN), run_time=1.2)
            self.play(Circumscribe(c1, color=C["cw"]), run_time=1.2)
            self.play(Circumscribe(c2, color=C["cb"]), run_time=1.2)
        # the eigen-directions, through the star
        V = N["V"]
        ctr = np.array([N["w_ls"], N["b_ls"]])

        def axis_line(v, t):
            seg = clip_segment(ctr - t * v, ctr + t * v, new_m.data_box)
            return Line(*new_m.pts(np.array(seg)), color=C["cv"], stroke_width=4)
        flat = axis_line(V[:, 0], 40.0)
        steep = axis_line(V[:, 1], 0.35)
        lmax = on_map(tex(rf"\clambda_{{\max}} = {N['lam_max']:.1f}", 34))
        lmax.next_to(steep, DOWN, buff=0.3).align_to(steep, RIGHT)
        lmin = on_map(tex(rf"\clambda_{{\min}} = {N['lam_min']:.3f}", 32))
        lmin.next_to(new_m.c2p(*(ctr - 3.5 * V[:, 0])), LEFT, buff=0.25)
        self.play(FadeOut(VGroup(c1, c2, c3)), FadeOut(ratio),
                  Hm.animate.next_to([left, top, 0], DOWN, buff=0, aligned_edge=LEFT), run_time=1.2)
        eig = tex(r"H \cv = \clambda \cv", 44).next_to(Hm, DOWN, buff=0.5).align_to(Hm, LEFT)
        with self.say("But the valley is tilted. Its true axes are the eigenvectors of H: "
                      f"{{steep}} across the valley, curvature λmax = {N['lam_max']:.1f}; "
                      f"{{flat}} along its floor, λmin = {N['lam_min']:.3f}.") as s:
            self.play(Write(eig), run_time=1.5)
            self.wait_until("steep", s)
            self.play(Create(steep), FadeIn(lmax), run_time=1.2)
            self.wait_until("flat", s)
            self.play(Create(flat), FadeIn(lmin), run_time=1.5)
            self.bring_to_front(lmax, lmin, self.dot)
        kap = tex(rf"\kappa = \frac{{\clambda_{{\max}}}}{{\clambda_{{\min}}}} = "
                  rf"{N['kappa']:.0f}", 44)
        kap.next_to(eig, DOWN, buff=0.5).align_to(Hm, LEFT)
        with self.say(f"{{kappa}} Their ratio, the condition number, is {N['kappa']:.0f}. "
                      "{floor} And the descent stopped right on the valley floor.") as s:
            self.wait_until("kappa", s)
            self.play(Write(kap), run_time=1.5)
            self.wait_until("floor", s)
            self.play(Indicate(self.dot, scale_factor=2.2, color=C["cyhat"]),
                      Indicate(flat, color=C["cv"], scale_factor=1.0), run_time=2)
            self.bring_to_front(lmax, lmin, self.dot)
        self.Hm, self.eig, self.kap = Hm, eig, kap
        self.eigen = VGroup(flat, steep, lmax, lmin)

    @beat("How big a step?")
    def stability(self):
        N = self.N
        left, top = -6.7, 3.6
        self.play(FadeOut(self.Hm), FadeOut(self.eig), FadeOut(self.kap), run_time=1)
        e1 = tex(r"e = (\cw, \cb) - (\cw^*, \cb^*)", 40)
        e2 = tex(r"\cnabla \cL = H e", 40)
        e3 = tex(r"e \leftarrow e - \ceta H e = (I - \ceta H)\, e", 40)
        self.eq_at(e1, left, top)
        e2.next_to(e1, DOWN, buff=0.4).align_to(e1, LEFT)
        e3.next_to(e2, DOWN, buff=0.4).align_to(e1, LEFT)
        with self.say("Call e the error from the best point. {grad} The gradient is H times e, "
                      "{step} so a step turns e into e minus η H e.") as s:
            self.play(Write(e1), run_time=1.5)
            self.wait_until("grad", s)
            self.play(Write(e2), run_time=1.2)
            self.wait_until("step", s)
            self.play(TransformMatchingShapes(e2.copy(), e3), run_time=2)
        e4 = tex(r"e_k \leftarrow (1 - \ceta \clambda_k)\, e_k", 44)
        e4.next_to(e3, DOWN, buff=0.55).align_to(e1, LEFT)
        with self.say("{eig} Along an eigenvector, H just multiplies by its λ: each step "
                      "multiplies that part of the error by one minus η λ.") as s:
            self.wait_until("eig", s)
            self.play(TransformMatchingShapes(e3.copy(), e4), run_time=2)
            self.play(Indicate(self.eigen[:2], color=C["cv"], scale_factor=1.0), run_time=1.5)
            self.bring_to_front(*self.eigen[2:], self.dot)  # labels over the lines again
        e5 = tex(r"|1 - \ceta \clambda| < 1 \iff \ceta < \frac{2}{\clambda}", 44)
        e5.next_to(e4, DOWN, buff=0.5).align_to(e1, LEFT)
        e6 = tex(rf"\ceta < \frac{{2}}{{\clambda_{{\max}}}} = {N['limit']:.5f}", 44)
        with self.say("{stable} It shrinks only if that factor stays between minus one and one: "
                      "η less than 2 over λ. {limit} The steep direction sets the limit: 2 over "
                      f"λmax, {N['limit']:.5f}.") as s:
            self.wait_until("stable", s)
            self.play(Write(e5), run_time=2)
            self.wait_until("limit", s)
            self.play(FadeOut(VGroup(e1, e2, e3)), e4.animate.next_to(
                [left, top, 0], DOWN, buff=0, aligned_edge=LEFT), run_time=1.0)
            self.play(e5.animate.next_to(e4, DOWN, buff=0.4).align_to(e4, LEFT), run_time=0.6)
            e6.next_to(e5, DOWN, buff=0.4).align_to(e4, LEFT)
            self.play(TransformMatchingShapes(e5.copy(), e6),
                      Indicate(self.eigen[1], color=C["cv"], scale_factor=1.0),
                      Circumscribe(self.eigen[2], color=C["clambda"]), run_time=1.8)
            self.bring_to_front(*self.eigen[2:], self.dot)
        # the factors for eta = 0.001, checked against the run's own error along each direction
        self.play(FadeOut(e5), e6.animate.next_to(e4, DOWN, buff=0.4).align_to(e4, LEFT),
                  run_time=0.8)
        f1 = tex(rf"1 - \ceta \clambda_{{\max}} = {N['f_steep']:.2f}", 42)
        f2 = tex(rf"1 - \ceta \clambda_{{\min}} = {N['f_flat']:.5f}", 42)
        f3 = tex(rf"{N['f_flat']:.5f}^{{{N['T']}}} = {N['f_flat_T']:.2f}", 42)
        f1.next_to(e6, DOWN, buff=0.45).align_to(e4, LEFT)
        f2.next_to(f1, DOWN, buff=0.3).align_to(e4, LEFT)
        f3.next_to(f2, DOWN, buff=0.3).align_to(e4, LEFT)
        clock = StepClock(len(self.raw))
        self.follow = (self.raw, clock, "w", "b")
        path = self.path_on_map(self.raw, clock)
        self.remove(self.path)
        self.add(path, self.dot)
        ro = self.readout([r"\text{step}", r"|e_{\text{across}}|", r"|e_{\text{along}}|"],
                          [0, 4, 2], 36)
        ro.next_to(f3, DOWN, buff=0.45).align_to(e4, LEFT)

        def upd(m):
            m.set_values([clock.row, clock.at(N["e_steep"]), clock.at(N["e_flat"])])
        with self.say(f"With η = {N['lr']:g}, the factor across the valley is "
                      f"{N['f_steep']:.2f}: {{flip}} the error flips sign and halves every step. "
                      "That was the zig-zag.") as s:
            self.play(TransformMatchingShapes(e4.copy(), f1), run_time=1.5)
            self.show_live(ro, upd)
            self.wait_until("flip", s)
            self.play(clock.run_to(N["k"], run_time=max(2.0, s.remaining()), spacing="linear"))
        with self.say(f"{{along}} Along the floor it is {N['f_flat']:.5f}. {{pow}} After "
                      f"{N['T']} steps, {N['f_flat']:.5f} to the power {N['T']} is "
                      f"{N['f_flat_T']:.2f}: only {100 * (1 - N['f_flat_T']):.0f}% of the error "
                      "is gone.") as s:
            self.wait_until("along", s)
            self.play(TransformMatchingShapes(f1.copy(), f2), run_time=1.5)
            self.wait_until("pow", s)
            self.play(TransformMatchingShapes(f2.copy(), f3), run_time=1.5)
            self.play(clock.run_to(N["T"], run_time=max(2.0, s.remaining())))
        e0, eT = N["e_flat"][0], N["e_flat"][-1]
        with self.say(f"{{check}} The run agrees: along the floor its error went from {e0:.2f} to "
                      f"{eT:.2f}. {{slow}} Getting a hundred times closer would take about "
                      f"{round(N['steps_100x'], -2):.0f} steps.") as s:
            self.wait_until("check", s)
            self.play(Circumscribe(ro[2], color=C["cv"]), run_time=1.5)
            self.wait_until("slow", s)
            self.play(Circumscribe(f3, color=C["cL"]), run_time=1.5)
        ro.clear_updaters()
        self.follow = None
        self.stab = VGroup(e4, e6, f1, f2, f3, ro)
        self.path = path

    @beat("A bigger step explodes")
    def diverge(self):
        N = self.N
        # spoken while the picture changes layout
        s0 = self.say(f"Why not take a bigger step? Try η = {N['big_lr']:g}, "
                      f"{100 * N['big_past']:.0f}% past the limit.")
        self.path.clear_updaters()
        # zoomed in across the valley: b spans only +-0.2, so the bounce shows
        wide = map_plot(WIDE_MAP, 6.6, 4.6, (-6.0, -1.9), xticks=(-4, -2, 0, 2, 4),
                        yticks=(-0.2, 0, 0.2))
        surf = surface(wide, self.x, self.y, N["L_best"], n_levels=12, base=2.6)
        self.play(FadeOut(self.stab), FadeOut(self.eigen), FadeOut(self.path), FadeOut(self.dot),
                  fade_out(self.surf), FadeOut(self.star), ReplacementTransform(self.mplot, wide),
                  run_time=1.5)
        self.mplot, self.surf = wide, surf
        self.play(fade_in(surf), run_time=1)
        self.bring_to_front(self.mplot)
        e_big = tex(rf"\ceta = {N['big_lr']:g}", 44)
        e_lim = tex(rf"\frac{{2}}{{\clambda_{{\max}}}} = {N['limit']:.5f}", 40)
        f_big = tex(rf"1 - \ceta \clambda_{{\max}} = {N['big_factor']:.2f}", 40)
        col = VGroup(e_big, e_lim, f_big).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        col.next_to([2.3, 3.65, 0], DOWN, buff=0, aligned_edge=LEFT)
        with s0 as s:
            self.play(FadeIn(e_big, shift=0.2 * DOWN), run_time=1)
            self.play(FadeIn(e_lim, shift=0.2 * DOWN), run_time=1)
        T = len(self.big) - 1
        hi_exp = int(math.ceil(math.log10(self.big["loss"].max())))
        yt = list(range(2, hi_exp + 1, 3))
        lp = Plot((0, T), (1, hi_exp), 4.3, 1.9,
                  xticks=(0, 10, 20, 30, 40) if T >= 40 else (0, T),
                  yticks=yt, ynums=[f"10^{{{v}}}" for v in yt], xlabel=plot_label("step"),
                  ylabel=tex(r"\cL", 36)).place((2.55, -1.95))
        clock = StepClock(len(self.big))
        self.follow = (self.big, clock, "w", "b")
        self.dot = self.map_dot()
        path = self.path_on_map(self.big, clock, C["cL"])
        curve = self.loss_curve(lp, self.big["loss"], clock)
        with self.say(f"{{factor}} Across the valley each step now multiplies the error by "
                      f"{N['big_factor']:.2f}: it overshoots further every time.") as s:
            self.wait_until("factor", s)
            self.play(Write(f_big), run_time=1.5)
            self.play(fade_in(VGroup(lp)), FadeIn(self.dot), run_time=1)
        self.add(path, curve, self.dot)
        ratio = N["big_factor"] ** 2
        with self.say("{map} On the map, zoomed in across the valley, the point bounces from wall "
                      "to wall, further out each time. {loss} The loss climbs in a straight line "
                      f"on a log scale: {ratio:.2f} times per step, {abs(N['big_factor']):.2f} "
                      "squared.") as s:
            self.wait_until("map", s)
            self.play(clock.run_to(10, run_time=max(3.0, s.until("loss")), spacing="linear"))
            self.play(clock.run_to(T, run_time=max(2.5, s.remaining()), spacing="linear"))
        exp = int(math.floor(math.log10(N["big_L"])))
        words = {9: "a billion", 12: "a trillion", 15: "a quadrillion"}
        past = words.get(exp - exp % 3, f"ten to the {exp}")
        with self.say(f"{{stop}} By step {N['big_n']} it is past {past}, and we stop.") as s:
            self.play(Indicate(curve, color=C["cL"], scale_factor=1.0), run_time=1.5)
        best = fit_width(tex(rf"1 - \frac{{2}}{{\kappa}} = 1 - \frac{{2}}{{{N['kappa']:.0f}}} = "
                         rf"{N['best_floor']:.5f}", 40), 4.4)
        best.next_to([2.3, -0.9, 0], DOWN, buff=0, aligned_edge=LEFT)
        with self.say("So the steep direction caps the step, and the flat one sets the pace: "
                      "{best} even the largest stable step shrinks the error along the floor by "
                      f"only a factor {N['best_floor']:.5f} per step. {{shape}} No step size fixes "
                      "this valley. We must change its shape.") as s:
            self.play(fade_out(VGroup(lp)), FadeOut(curve), run_time=0.8)
            self.wait_until("best", s)
            self.play(Write(best), run_time=1.5)
            self.wait_until("shape", s)
            self.play(Indicate(self.surf[1], color=style.TEXT, scale_factor=1.0), run_time=1.5)
        path.clear_updaters()
        self.follow = None
        self.div = VGroup(col, best, path)

    @beat("Make the valley round")
    def standardize(self):
        N = self.N
        left, top, W = -6.7, 3.6, 7.4
        sq = map_plot(SCALED_MAP, 4.3, 4.3 * 18 / 16, (1.9, -2.2), tilde=True,
                      xticks=(-4, 0, 4, 8), yticks=(0, 4, 8, 12, 16))
        xt = (self.x - N["x_mean"]) / N["x_std"]
        surf = surface(sq, xt, self.y, N["L_best"])
        self.play(FadeOut(self.div), FadeOut(self.dot), fade_out(self.surf), FadeOut(self.mplot),
                  run_time=1.2)
        s1 = tex(r"\tilde{x}_i = \frac{x_i - \bar{x}}{s}", 48)
        s2 = tex(rf"\bar{{x}} = {N['x_mean']:.2f}, \quad s = {N['x_std']:.2f}", 40)
        self.eq_at(s1, left, top)
        s2.next_to(s1, DOWN, buff=0.3).align_to(s1, LEFT)
        with self.say("Measure radio spend in standard deviations from its mean: {def} x tilde "
                      "is x minus x bar, over s, {vals} with x bar = "
                      f"{N['x_mean']:.2f} and s = {N['x_std']:.2f}.",
                      spoken="Measure radio spend in standard deviations from its mean: {def} x "
                             "tilde is x minus x bar, over s, {vals} with x bar equal to "
                             f"{_say(N['x_mean'], 2)} and s equal to {_say(N['x_std'], 2)}.") as s:
            self.wait_until("def", s)
            self.play(Write(s1), run_time=2)
            self.wait_until("vals", s)
            self.play(FadeIn(s2, shift=0.2 * DOWN), run_time=1)
        Hs = N["Hs"]
        m1 = tex(r"\frac{1}{n}\sum_i \tilde{x}_i = 0, \qquad \frac{1}{n}\sum_i \tilde{x}_i^2 = 1",
                 40)
        m1.next_to(s2, DOWN, buff=0.35).align_to(s1, LEFT)
        Ht = fit_width(tex(r"\tilde{H} = \frac{2}{n} \begin{pmatrix} \sum \tilde{x}_i^2 & \sum "
                       r"\tilde{x}_i \\ \sum \tilde{x}_i & n \end{pmatrix} = \begin{pmatrix} "
                       rf"{Hs[0, 0]:.0f} & {abs(Hs[0, 1]):.0f} \\ {abs(Hs[1, 0]):.0f} & "
                       rf"{Hs[1, 1]:.0f} \end{{pmatrix}} = {Hs[0, 0]:.0f}I", 40), W)
        Ht.next_to(m1, DOWN, buff=0.35).align_to(s1, LEFT)
        with self.say("{sums} Now the x tilde average to zero and their squares to one, {H} so "
                      f"the Hessian is {Hs[0, 0]:.0f} times the identity.",
                      spoken="{sums} Now the x tilde average to zero and their squares to one, "
                             f"{{H}} so the Hessian is {_say(Hs[0, 0], 0)} times the "
                             "identity.") as s:
            self.wait_until("sums", s)
            self.play(Write(m1), run_time=2)
            self.wait_until("H", s)
            self.play(TransformMatchingShapes(m1.copy(), Ht), run_time=2.5)
        k1 = tex(rf"\clambda_{{\max}} = \clambda_{{\min}} = {N['lam_s']:.0f}, \quad "
                 rf"\kappa = {N['kappa_s']:.0f}", 40)
        k1.next_to(Ht, DOWN, buff=0.35).align_to(s1, LEFT)
        with self.say(f"{{round}} Both curvatures are {N['lam_s']:.0f}; the condition number is "
                      f"{N['kappa_s']:.0f}: the trench becomes a round bowl.") as s:
            self.wait_until("round", s)
            self.play(Write(k1), run_time=1.5)
            self.play(fade_in(VGroup(sq)), fade_in(surf), run_time=2)
            self.bring_to_front(sq)
        self.mplot, self.surf = sq, surf
        star = Star(n=5, outer_radius=0.16, color=style.TEXT, fill_opacity=1).move_to(
            sq.c2p(N["wt"], N["bt"]))
        self.star = star
        l1 = tex(rf"\ceta < \frac{{2}}{{{N['lam_s']:.0f}}} = {N['limit_s']:g}, \quad "
                 rf"1 - {N['lr_s']:g} \cdot {N['lam_s']:.0f} = {N['f_s']:.1f}", 40)
        l1.next_to(k1, DOWN, buff=0.35).align_to(s1, LEFT)
        with self.say(f"The limit is now η below 2 over {N['lam_s']:.0f}: that is "
                      f"{N['limit_s']:g}. {{eta}} With η = {N['lr_s']:g}, every direction shrinks "
                      f"by the same factor, {N['f_s']:.1f}, per step.") as s:
            self.play(FadeIn(star, scale=2), run_time=0.8)
            self.wait_until("eta", s)
            self.play(Write(l1), run_time=2)
        self.std_col = VGroup(s1, s2, m1, Ht, k1, l1)

    @beat("Straight to the bottom")
    def run_scaled(self):
        N = self.N
        # spoken while the picture changes layout
        s0 = self.say(f"Same algorithm, same start, η = {N['lr_s']:g}. {{run}} The point heads "
                      "straight for the bottom, and the line swings into the cloud.")
        new_d = data_plot(4.9, 2.8, (-6.0, 0.45))
        self.dplot = new_d
        self.dots = DotCloud(new_d.pts(np.c_[self.x, self.y]), radius=0.032, color=C["cy"],
                             opacity=0.85)
        h = 3.1
        new_m = map_plot(SCALED_MAP, h * 16 / 18, h, (2.5, 0.15), tilde=True,
                         xticks=(-4, 0, 4, 8), yticks=(0, 8, 16))
        surf = surface(new_m, (self.x - N["x_mean"]) / N["x_std"], self.y, N["L_best"])
        star = self.star.copy().move_to(new_m.c2p(N["wt"], N["bt"]))
        self.play(FadeOut(self.std_col), fade_out(self.surf), FadeOut(self.star),
                  ReplacementTransform(self.mplot, new_m), run_time=1.5)
        self.mplot, self.surf, self.star = new_m, surf, star
        T = N["T_s"]
        lp = Plot((0, T), (1, 2.5), 7.3, 1.55, xticks=np.linspace(0, T, 5).round().astype(int),
                  yticks=(1, 2), ynums=("10", "100"), xlabel=plot_label("step"), xlabel_right=True,
                  ylabel=tex(r"\cL", 36)).place((-5.9, -2.6))
        best = DashedLine(lp.c2p(0, np.log10(N["L_best"])), lp.c2p(T, np.log10(N["L_best"])),
                          color=style.TEXT, stroke_width=2, dash_length=0.1)
        best_lab = tex(rf"\text{{best }} {N['L_best']:.2f}", 30).next_to(best, RIGHT, buff=0.15)
        best_lab.shift(0.17 * UP)
        self.play(fade_in(new_d), FadeIn(self.dots), fade_in(surf), FadeIn(star),
                  fade_in(VGroup(lp)), Create(best), FadeIn(best_lab), run_time=1.5)
        self.bring_to_front(new_m)
        clock = StepClock(len(self.sc))
        self.follow = (self.sc, clock, "w_x", "b_x")
        self.line = self.fit_line(width=4)
        self.dot = self.map_dot()
        path = self.path_on_map(self.sc, clock)
        curve = self.loss_curve(lp, self.sc["loss"], clock)
        self.add(self.line, path, curve, self.dot)
        ro = self.readout([r"\text{step}", r"\cL"], [0, 2], 34)
        ro.next_to([3.7, -0.75, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            m.set_values([clock.row, clock.at(self.sc["loss"])])
        with s0 as s:
            self.show_live(ro, upd)
            self.wait_until("run", s)
            kb = N["k_best"] or T
            self.play(clock.run_to(kb, run_time=max(4.0, s.remaining() + 2)))
        if N["k_best"] is not None:
            first = (f"{{loss}} By step {N['k_best']} the loss is {N['L_best']:.2f}, the best "
                     "there is.")
        else:
            first = f"{{loss}} After {T} steps the loss is {self.sc['loss'][-1]:.2f}."
        fT = N["f_s_T"]
        f = fit_width(tex(rf"{N['f_s']:.1f}^{{{T}}} \approx {_sci_tex(fT)}", 40), 3.2)
        f.next_to(ro, DOWN, buff=0.45).align_to(ro, LEFT)
        with self.say(first + f" After {T} steps the error is {N['f_s']:.1f} to the power {T}: "
                      f"{{tiny}} {_sci_words(fT)} of where it began.") as s:
            self.wait_until("loss", s)
            self.play(Circumscribe(ro, color=C["cL"]), run_time=1.5)
            self.play(clock.run_to(T, run_time=max(2.0, s.until("tiny"))))
            self.play(FadeIn(f, shift=0.2 * DOWN), run_time=1)
        ro.clear_updaters()
        path.clear_updaters()
        curve.clear_updaters()
        self.follow = None
        self.w_t.set_value(N["w_fit"])
        self.b_t.set_value(N["b_fit"])
        self.end_bits = VGroup(ro, f, path, curve, lp, best, best_lab)

    @beat("Back to dollars")
    def result(self):
        N = self.N
        # spoken while the picture changes layout
        s0 = self.say(f"In standardized units it ended at w tilde = {N['wt']:.3f}, b tilde = "
                      f"{N['bt']:.2f}. {{w}} Back in dollars, the slope is w tilde over s: "
                      f"{N['w_fit']:.4f}; {{b}} the intercept, b tilde minus w tilde x bar over s: "
                      f"{N['b_fit']:.3f}.",
                      spoken=f"In standardized units it ended at w tilde equal to "
                             f"{_say(N['wt'], 3)}, b tilde equal to {_say(N['bt'], 2)}. {{w}} Back "
                             f"in dollars, the slope is w tilde over s: {_say(N['w_fit'], 4)}; "
                             "{b} the intercept, b tilde minus w tilde times x bar over s: "
                             f"{_say(N['b_fit'], 3)}.")
        new_d = data_plot(6.9, 4.8, (-6.1, -1.7))
        self.play(FadeOut(self.end_bits), FadeOut(self.dot), fade_out(self.surf),
                  FadeOut(self.star), FadeOut(self.mplot), ReplacementTransform(self.dplot, new_d),
                  self.dots.morph(pos=new_d.pts(np.c_[self.x, self.y]), rad=0.05), run_time=1.5)
        self.dplot = new_d
        x0, y0 = 1.7, 3.5
        r0 = tex(rf"\tilde{{\cw}} = {N['wt']:.3f}, \quad \tilde{{\cb}} = {N['bt']:.2f}", 40)
        r1 = tex(rf"\cw = \frac{{\tilde{{\cw}}}}{{s}} = {N['w_fit']:.4f}", 40)
        r2 = tex(rf"\cb = \tilde{{\cb}} - \frac{{\tilde{{\cw}}\,\bar{{x}}}}{{s}} = "
                 rf"{N['b_fit']:.3f}", 40)
        self.eq_at(r0, x0, y0)
        r1.next_to(r0, DOWN, buff=0.4).align_to(r0, LEFT)
        r2.next_to(r1, DOWN, buff=0.4).align_to(r0, LEFT)
        with s0 as s:
            self.play(FadeIn(r0, shift=0.2 * DOWN), run_time=1)
            self.wait_until("w", s)
            self.play(TransformMatchingShapes(r0.copy(), r1), run_time=1.5)
            self.wait_until("b", s)
            self.play(TransformMatchingShapes(r1.copy(), r2), run_time=1.8)
        stalled = DashedLine(*new_d.pts(np.array(line_in_box(N["w_stall"], N["b_stall"]))),
                             color=style.DIM, stroke_width=3, dash_length=0.15)
        ls = VGroup(plot_label("least squares:", 36, style.TEXT),
                    tex(rf"\cw^* = {N['w_ls']:.4f}, \quad \cb^* = {N['b_ls']:.3f}", 40)
                    ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        lv = tex(rf"\cL = {N['L_best']:.2f}", 40)
        ls.next_to(r2, DOWN, buff=0.55).align_to(r0, LEFT)
        lv.next_to(ls, DOWN, buff=0.3).align_to(r0, LEFT)
        self.line = self.fit_line(width=5)
        with self.say("{ls} Least squares solves the same problem in closed form and gives the "
                      f"same line: w = {N['w_ls']:.4f}, b = {N['b_ls']:.3f}, {{loss}} loss "
                      f"{N['L_best']:.2f}.") as s:
            self.play(Create(self.line), run_time=1.5)
            self.wait_until("ls", s)
            self.play(FadeIn(ls, shift=0.2 * DOWN), run_time=1.2)
            self.wait_until("loss", s)
            self.play(FadeIn(lv, shift=0.2 * DOWN), run_time=1)
        with self.say("{cmp} Next to the stalled line, it runs right through the cloud.") as s:
            self.wait_until("cmp", s)
            self.play(Create(stalled), run_time=1.5)
            self.play(Indicate(self.line, color=C["cyhat"], scale_factor=1.02), run_time=1.5)
        summary = VGroup(
            tex(r"\cw \leftarrow \cw - \ceta\, \partial \cL / \partial \cw", 36),
            tex(r"\ceta < 2 / \clambda_{\max}", 36),
            tex(r"\text{pace: } 1 - \ceta \clambda_{\min} \text{ per step}", 36),
            tex(r"\kappa = \clambda_{\max} / \clambda_{\min}", 36),
            tex(r"\text{standardize } x \;\Rightarrow\; \kappa = 1", 36),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        with self.say("To sum up. {s1} Gradient descent steps against the gradient. {s2} The "
                      "steepest curvature caps the step; {s3} the flattest sets the pace; {s4} "
                      "their ratio, the condition number, says how slow it gets. {s5} Standardize "
                      "the inputs, the valley rounds out, and the same algorithm converges in a "
                      "few dozen steps.") as s:
            self.play(FadeOut(VGroup(r0, r1, r2)), VGroup(ls, lv).animate.next_to(
                [x0, y0, 0], DOWN, buff=0, aligned_edge=LEFT), run_time=1)
            summary.next_to(lv, DOWN, buff=0.5).align_to(ls, LEFT)
            for i, m in enumerate(summary):
                self.wait_until(f"s{i + 1}", s)
                self.play(FadeIn(m, shift=0.2 * RIGHT), run_time=0.8)
        self.wait(2)


# -- spoken numbers -------------------------------------------------------------------------------
def _say(v: float, d: int) -> str:
    """A number formatted with ``d`` decimals, as the voice reads it."""
    from scenes.voice import number_words
    return number_words(f"{v:.{d}f}")


def _sci_tex(v: float) -> str:
    m, e = f"{v:.1e}".split("e")
    return rf"{m} \times 10^{{{int(e)}}}"


def _sci_words(v: float) -> str:
    """1.5e-06 -> 'about 1.5 millionths' (small numbers the way people say them)."""
    for scale, name in ((1e-3, "thousandths"), (1e-6, "millionths"), (1e-9, "billionths")):
        if v >= scale:
            return f"about {v / scale:.1f} {name}"
    return "less than a billionth"
