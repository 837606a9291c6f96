"""Lecture 3.3: logistic regression on two features of the breast-cancer data (narrated).

The story: 569 tumours whose classes overlap, so a yes/no line is not enough -> the
perceptron's score z squashed by the logistic function sigma into a probability p -> the
Bernoulli likelihood of the last lecture, its log, its negative mean: the cross-entropy L ->
the -log p penalty: a confident wrong answer costs without bound -> sigma' = sigma (1 - sigma),
derived and seen as the slope of the curve -> the chain rule to dl/dz = p - y, the gap between
prediction and label -> one slope per weight, (1/n) sum (p - y) x_j, while the descent runs on
the data -> the run to the optimum -> what the notebook this book grew from did wrong: it
averaged the gradient over the features, so both weights moved together and the descent
stalled on the diagonal w1 = w2 -> summary.

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter3/trajectories.py: logistic_regression``); ``tests/test_logistic_lecture.py``
checks them against closed forms, finite differences and Newton's method.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter3/logistic_regression.py
LogisticRegression``
"""
from __future__ import annotations

import math

import numpy as np
from manim import *

from algorithms.logistic_regression import bce, bce_grad, sigmoid
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter3.trajectories import LOGISTIC_FEATURES as FEATURES
from scenes.chapter3.trajectories import logistic_regression as trajectories
from scenes.components import (
    DotCloud, FastNumber, Plot, Readout, StepClock, clip_segment, contour_lines, fade_in,
    fade_out, fit_width, heatmap, highlight, on_change, on_map, part, plot_label, redraw_on,
    tex, to_scene, trace,
)
from scenes.lecture import LectureScene, beat

__all__ = ["LogisticRegression", "trajectories", "FEATURES", "lecture_numbers",
           "profile_loss", "boundary_segment", "probability_image", "fit", "sci",
           "unit_square_axes", "loss_axes", "MID"]

C = style.COLOR
MAL, BEN = style.CLASS_COLORS[3], style.CLASS_COLORS[4]   # malignant (y = 1), benign (y = 0)
UNIT = ((0.0, 1.0), (0.0, 1.0))   # the two scaled features
GRID = 120                        # the probability field is a GRID x GRID image
MID = "#1E2433"                   # the field's colour at p = 1/2
ELL = r"{\color{colcL}\ell}"      # one tumour's loss, in the loss colour
MAP = ((-2.0, 26.0), (-6.0, 14.0))  # the (w1, w2) window of the weight map (equal scales)
Z_VIEW = (-8.0, 8.0)              # the score axis of the tumours-on-the-sigmoid picture


# -- the numbers ----------------------------------------------------------------------------------
def profile_loss(X: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray,
                 n_newton: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """``min over b of L(w, b)`` on the grid ``w1 (nx,) x w2 (ny,)``: (Z (ny, nx), b* (ny, nx)).

    For each weight pair the loss is convex in b; Newton's method on b from b = 0 (its slope
    mean(p - y), its curvature mean(p (1 - p))). Rows are w2, columns w1.
    """
    W1, W2 = np.meshgrid(w1, w2)                        # (ny, nx)
    s = X[:, 0, None, None] * W1 + X[:, 1, None, None] * W2  # (n, ny, nx) scores without b
    b = np.zeros_like(W1)
    for _ in range(n_newton):
        p = sigmoid(s + b)
        g = np.mean(p - y[:, None, None], axis=0)
        h = np.maximum(np.mean(p * (1 - p), axis=0), 1e-12)
        b = b - np.clip(g / h, -5, 5)
    z = s + b
    Z = np.mean(np.logaddexp(0.0, z) - y[:, None, None] * z, axis=0)
    return Z, b


def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows, from the two runs (no Manim needed)."""
    gd, avg = runs["gd"], runs["averaged"]
    X, y = gd.data["X"], gd.data["y"]
    T = len(gd) - 1
    w, b = gd["w"][-1], float(gd["b"][-1])
    p = sigmoid(X @ w + b)                     # (n,) the fitted probabilities
    q = np.where(y == 1, p, 1 - p)             # the probability given to the true label
    worst = int(np.argmin(q))
    losses = -np.log(q)
    s0 = (0.0, 3.0)                            # where the slope of sigma is read off
    sig = [float(sigmoid(np.array(z))) for z in s0]
    ks = [k for k in (10, 100) if k <= T]
    # the flipped model: the fit's weights turned around
    flip = -0.5
    gw0, gb0 = gd["grad_w"][0], float(gd["grad_b"][0])
    ga = avg["grad_w"][-1]                      # the true gradient where the book stalled
    return {
        "n": len(y), "n_mal": int(y.sum()), "n_ben": int(len(y) - y.sum()),
        "lr": float(gd.info["lr"]), "T": T, "converged": bool(gd.converged),
        "L0": float(gd["loss"][0]), "acc0": float(gd["accuracy"][0]),
        # sigma and its slope
        "z_read": s0, "sig_read": sig, "slope_read": [s * (1 - s) for s in sig],
        # the penalty curve
        "pen": {pp: float(-np.log(pp)) for pp in (0.5, 0.1, 0.01)},
        "sq_max": 1.0,
        "worst": worst, "p_worst": float(p[worst]), "y_worst": int(y[worst]),
        "x_worst": X[worst], "cost_worst": float(losses[worst]),
        "L_end": float(gd["loss"][-1]), "worst_ratio": float(losses[worst] / gd["loss"][-1]),
        "median_loss": float(np.median(losses)),
        # the likelihood beat's models
        "flip": flip, "L_flip": bce(flip * w, flip * b, X, y),
        # the gradient and the run
        "g0": (float(gw0[0]), float(gw0[1])), "gb0": gb0,
        "step1": (float(gd["w"][1, 0]), float(gd["w"][1, 1])),
        "L_k": {k: float(gd["loss"][k]) for k in ks},
        "acc_k": {k: float(gd["accuracy"][k]) for k in ks},
        "w_end": (float(w[0]), float(w[1])), "b_end": b, "acc_end": float(gd["accuracy"][-1]),
        "ratio_w": float(w[0] / w[1]),
        "grad_end": float(gd.info["final_grad_norm"]),
        "n_wrong": int(round((1 - gd["accuracy"][-1]) * len(y))),
        # the book's averaged gradient
        "g_avg0": float(avg["grad_avg"][0]),
        "avg_step1": float(avg["w"][1, 0]),
        "len_ratio0": float(np.hypot(*gw0) / (math.sqrt(2) * abs(avg["grad_avg"][0]))),
        "w_avg": float(avg["w"][-1, 0]), "b_avg": float(avg["b"][-1]),
        "L_avg": float(avg["loss"][-1]), "acc_avg": float(avg["accuracy"][-1]),
        "g_stall": (float(ga[0]), float(ga[1])), "avg_converged": bool(avg.converged),
        "g_avg_end": float(avg["grad_avg"][-1]),
    }


# -- pictures -------------------------------------------------------------------------------------
def probability_image(P: np.ndarray, neg, pos, strength: float = 0.42) -> np.ndarray:
    """RGBA uint8 (ny, nx, 4) of a probability grid ``P`` (rows = x2 ascending): a neutral
    panel colour at p = 1/2, tinted towards ``pos`` as p -> 1 and ``neg`` as p -> 0."""
    t = 2.0 * P - 1.0  # (ny, nx) in [-1, 1]
    s = (np.abs(t) ** 0.8 * strength)[..., None]
    bg = np.array(ManimColor(MID).to_rgb())
    col = np.where((t > 0)[..., None], np.array(ManimColor(pos).to_rgb()),
                   np.array(ManimColor(neg).to_rgb()))
    rgb = (1 - s) * bg + s * col
    rgba = np.concatenate([rgb, np.ones(rgb.shape[:2] + (1,))], -1)
    return (rgba[::-1] * 255).astype(np.uint8)  # image rows go top-down


def boundary_segment(w, b: float, box=UNIT):
    """The part of the line ``w . x + b = 0`` inside ``box``, or None (w = 0: no line)."""
    w = np.asarray(w, float)
    nw = float(np.hypot(*w))
    if nw < 1e-9:
        return None
    p0 = -b * w / nw ** 2                      # the line's point nearest the origin
    d = np.array([-w[1], w[0]]) / nw           # along the line
    return clip_segment(p0 - 50 * d, p0 + 50 * d, box)


def fit(mob: Mobject, width: float = 6.0) -> Mobject:
    """Shrink ``mob`` (never grow it) to ``width``."""
    return fit_width(mob, width)


def sci(v: float, digits: int = 1) -> str:
    """``1.6 \\times 10^{-7}``: a float in LaTeX scientific notation."""
    mant, exp = f"{v:.{digits}e}".split("e")
    return rf"{mant} \times 10^{{{int(exp)}}}"


def loss_axes(T: int, lmax: float, y_step: float, y_length: float, center):
    """Axes for a loss against log10(step + 1): ``(axes, step tick labels, L label, "step"
    label)`` (kept for lectures that still draw their loss this way)."""
    lax = Axes(x_range=[0, np.log10(T + 1), 1], y_range=[0, lmax, y_step], x_length=4.9,
               y_length=y_length, tips=False,
               axis_config={"color": style.DIM, "stroke_width": 2, "font_size": 20},
               y_axis_config={"include_numbers": True})
    lax.move_to(center)
    ticks = VGroup(*[style.eq(lab, size=20, color=style.DIM).next_to(
        lax.c2p(k, 0), DOWN, buff=0.12) for k, lab in enumerate(("1", "10", "100", "1000"))
        if k <= np.log10(T + 1)])
    llab = style.eq(r"\cL", size=30).next_to(lax.y_axis, UP, buff=0.08)
    slab = plot_label("step", style.LABEL_SIZE).next_to(lax.x_axis, RIGHT, buff=0.1)
    return lax, ticks, llab, slab


def unit_square_axes(xname: str, yname: str, side: float = 4.9):
    """Axes over the unit square of two min-max scaled features, in the right panel:
    ``(axes, frame, x label, y label)`` (kept for lectures that still draw them)."""
    ax = Axes(x_range=[0, 1, 0.5], y_range=[0, 1, 0.5], x_length=side, y_length=side,
              tips=False, axis_config={**style.AXIS_CONFIG, "numbers_to_exclude": [0]})
    ax.move_to([3.75, 0.3, 0])
    frame = Rectangle(width=side, height=side, stroke_color=style.GRID,
                      stroke_width=2).move_to(ax.c2p(0.5, 0.5))
    xl = VGroup(style.eq(r"\cx_1", size=30), plot_label(xname, style.LABEL_SIZE)).arrange(RIGHT)
    xl.next_to(ax.x_axis, DOWN, buff=0.35)
    yl = VGroup(style.eq(r"\cx_2", size=30), plot_label(yname, style.LABEL_SIZE)).arrange(RIGHT)
    yl.rotate(PI / 2).next_to(ax.y_axis, LEFT, buff=0.35)
    return ax, frame, xl, yl


def data_plot(side: float, corner, *, labels: bool = True) -> Plot:
    """The tumours' plane: scaled mean radius across, scaled mean texture up."""
    return Plot(UNIT[0], UNIT[1], side, side, xticks=(0, 0.5, 1), yticks=(0.5, 1),
                xlabel=(VGroup(tex(r"\cx_1", 34), plot_label("mean radius")).arrange(RIGHT, buff=0.15)
                        if labels else None),
                ylabel=(VGroup(tex(r"\cx_2", 34), plot_label("mean texture")).arrange(RIGHT, buff=0.15)
                        if labels else None)).place(corner)


def field_image(plot: Plot, w, b: float) -> ImageMobject:
    img = ImageMobject(probability_image(_field(w, b), BEN, MAL))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
    return _fit_to(img, plot)


_G = np.stack(np.meshgrid((np.arange(GRID) + 0.5) / GRID, (np.arange(GRID) + 0.5) / GRID), -1)


def _field(w, b: float) -> np.ndarray:
    return sigmoid(_G @ np.asarray(w, float) + b)   # (GRID, GRID): rows x2, columns x1


def _fit_to(img: ImageMobject, plot: Plot) -> ImageMobject:
    box = plot.box
    img.stretch_to_fit_width(box.width).stretch_to_fit_height(box.height).move_to(box)
    return img


def arrow(p, q, color, width: float = 6, tip: float = 0.25) -> Arrow:
    length = float(np.linalg.norm(np.asarray(q) - np.asarray(p)))
    return Arrow(p, q, buff=0, color=color, stroke_width=width,
                 max_tip_length_to_length_ratio=min(0.5, tip / max(length, 1e-6)),
                 max_stroke_width_to_length_ratio=100)


# -- the lecture ----------------------------------------------------------------------------------
class LogisticRegression(LectureScene):
    LECTURE = "chapter3/logistic_regression"

    def setup(self):
        super().setup()
        runs = self.trajectories()
        self.gd, self.avg = runs["gd"], runs["averaged"]
        self.N = lecture_numbers(runs)
        self.X, self.y = self.gd.data["X"], self.gd.data["y"]
        self.cols = [MAL if v else BEN for v in self.y]
        self.w_t = [ValueTracker(0.0), ValueTracker(0.0), ValueTracker(0.0)]  # w1, w2, b
        self.follow = None          # (run, clock) while a run drives the picture

    # the model on screen ---------------------------------------------------------------------
    def wb(self) -> tuple[np.ndarray, float]:
        if self.follow is not None:
            run, clock = self.follow
            return clock.interp(run["w"]), float(clock.interp(run["b"]))
        w1, w2, b = (t.get_value() for t in self.w_t)
        return np.array([w1, w2]), b

    def set_wb(self, w, b: float, **kw) -> list:
        """Animations moving the model on screen to (w, b)."""
        return [t.animate(**kw).set_value(v) for t, v in zip(self.w_t, (w[0], w[1], b))]

    def key(self, plot: Plot):
        return lambda: (*np.round(self.wb()[0], 6), round(self.wb()[1], 6), *plot.where())

    def live_field(self, plot: Plot) -> ImageMobject:
        img = field_image(plot, *self.wb())

        def refresh(m):
            m.pixel_array = probability_image(_field(*self.wb()), BEN, MAL)
            _fit_to(m, plot)
        img.add_updater(on_change(self.key(plot), refresh))
        return img

    def live_boundary(self, plot: Plot, color=style.TEXT, width: float = 4) -> Mobject:
        def draw():
            seg = boundary_segment(*self.wb())
            if seg is None:
                return VMobject()
            return Line(*plot.pts(np.array(seg)), color=color, stroke_width=width)
        return redraw_on(self.key(plot), draw)

    def dots_on(self, plot: Plot, radius: float = 0.04) -> DotCloud:
        return DotCloud(plot.pts(self.X), radius=radius, colors=self.cols, opacity=0.95,
                        outline=(style.BACKGROUND, 1.5))

    # ---------------------------------------------------------------------------------------------
    @beat("Tumours that overlap")
    def data(self):
        N = self.N
        self.dplot = data_plot(5.4, (-5.6, -2.1))
        self.dots = self.dots_on(self.dplot, 0.045)
        leg = VGroup(
            VGroup(Dot(radius=0.1, color=MAL), tex(r"\text{malignant, } \cy = 1", 36)
                   ).arrange(RIGHT, buff=0.25),
            VGroup(Dot(radius=0.1, color=BEN), tex(r"\text{benign, } \cy = 0", 36)
                   ).arrange(RIGHT, buff=0.25),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.35).move_to([3.6, 2.2, 0], aligned_edge=LEFT)
        nums = VGroup(tex(rf"{N['n_mal']}", 36, MAL), tex(rf"{N['n_ben']}", 36, BEN))
        for m, row in zip(nums, leg):
            m.next_to(row, LEFT, buff=0.35)
        with self.say(f"Here are {N['n']} breast tumours, each measured from a microscope image "
                      "of its cells. {dots} Each dot is one tumour: its mean radius across, its "
                      "mean texture up, both scaled to run from 0 to 1.") as s:
            self.play(fade_in(self.dplot), run_time=self.till(s, "dots"))
            self.play(self.dots.intro(lag_ratio=0.003), run_time=3)
        mal = self.y == 1
        with self.say(f"{{mal}} {N['n_mal']} were malignant: we write y = 1. {{ben}} The other "
                      f"{N['n_ben']} were benign: y = 0.") as s:
            self.wait_until("mal", s)
            self.play(_alpha(self.dots, np.where(mal, 1.0, 0.15)),
                      FadeIn(leg[0], shift=0.2 * LEFT), FadeIn(nums[0]), run_time=1.2)
            self.wait_until("ben", s)
            self.play(_alpha(self.dots, np.where(mal, 0.15, 1.0)), FadeIn(leg[1], shift=0.2 * LEFT),
                      FadeIn(nums[1]), run_time=1.2)
            self.play(_alpha(self.dots, np.ones(len(mal))), run_time=0.8)
        self.leg = VGroup(leg, nums)
        # where the two kinds mix: around the fitted boundary
        w, b = np.array(N["w_end"]), N["b_end"]
        seg = boundary_segment(w, b)
        mix = Polygon(*self.dplot.pts(np.array([seg[0], seg[1], seg[1], seg[0]])
                                      + np.array([[-0.09, 0], [-0.09, 0], [0.09, 0], [0.09, 0]])),
                      color=style.TEXT, stroke_width=3).set_fill(opacity=0)
        line = Line(*self.dplot.pts(np.array(seg)), color=style.TEXT, stroke_width=4)
        with self.say("We want a rule that reads a new tumour's two numbers and says how likely "
                      "it is to be malignant. {mix} But look at the middle: the two kinds mix. "
                      "{line} A line, like the perceptron's, can only answer yes or no, and here "
                      "it is often wrong, with no warning.") as s:
            self.wait_until("mix", s)
            self.play(Create(mix), run_time=1.5)
            self.wait_until("line", s)
            self.play(FadeOut(mix), Create(line), run_time=1.5)
            self.play(Indicate(line, color=style.TEXT, scale_factor=1.0), run_time=1.5)
        for t, v in zip(self.w_t, (w[0], w[1], b)):
            t.set_value(v)
        self.field = self.live_field(self.dplot)
        with self.say("What we want is a probability: {near1} near 1 deep among the malignant "
                      "tumours, near 0 deep among the benign ones, and near one half where they "
                      "mix.") as s:
            self.wait_until("near1", s)
            self.add(self.field)
            self.bring_to_front(self.dots, line)
            self.play(fade_in(self.field), run_time=2)
        self.intro_line = line

    @beat("From a score to a probability")
    def sigmoid(self):
        N = self.N
        left, top = -6.7, 3.55
        e1 = tex(r"\cz = \cw_1 \cx_1 + \cw_2 \cx_2 + \cb", 44)
        e2 = tex(r"\cp = \csigma(\cz) = \frac{1}{1 + e^{-\cz}}", 44)
        self.eq_at(e1, left, top)
        e2.next_to(e1, DOWN, buff=0.45).align_to(e1, LEFT)
        sp = Plot((-6, 6), (0, 1), 6.0, 3.4, xticks=(-6, -3, 0, 3, 6), yticks=(0.5, 1),
                  xlabel=tex(r"\cz", 40), ylabel=tex(r"\cp", 40), xlabel_right=True)
        sp.place((0.2, -1.4))
        curve = _curve(sp, sigmoid, (-6, 6), C["csigma"])
        half = DashedLine(sp.c2p(-6, 0.5), sp.c2p(6, 0.5), color=style.DIM, stroke_width=2)
        s0 = self.say("Start from the perceptron's score: {z} z = w₁x₁ + w₂x₂ + b. {levels} It "
                      "grows steadily across the plane, and it can be any number at all, from "
                      "minus infinity to infinity.",
                      spoken="Start from the perceptron's score: {z} z equals w one x one, plus w "
                             "two x two, plus b. {levels} It grows steadily across the plane, and "
                             "it can be any number at all, from minus infinity to infinity.")
        # the score over the plane of tumours: parallel lines of equal z
        small = data_plot(4.6, (1.6, -2.0))
        self.field.clear_updaters()
        self.play(FadeOut(self.intro_line), fade_out(self.field), FadeOut(self.leg),
                  ReplacementTransform(self.dplot, small),
                  self.dots.morph(pos=small.pts(self.X), rad=0.035), run_time=1.5)
        w, b = np.array(N["w_end"]), N["b_end"]
        levels = VGroup()
        for k, c in enumerate((-5, 0, 5)):
            seg = boundary_segment(w, b - c)
            if seg is None:
                continue
            line_c = Line(*small.pts(np.array(seg)), color=C["cz"], stroke_width=3)
            h = 0.05 + 0.28 * k                          # staggered up the lines
            bottom = np.array([(c - b - w[1] * h) / w[0], h])
            lab = tex(rf"\cz = {c}", 28).add_background_rectangle(
                color=style.BACKGROUND, opacity=0.85, buff=0.04)
            lab.next_to(small.c2p(*bottom), RIGHT, buff=0.2)
            levels.add(VGroup(line_c, lab))
        with s0 as s:
            self.wait_until("z", s)
            self.play(Write(e1), run_time=2)
            self.wait_until("levels", s)
            self.play(LaggedStart(*[Create(m[0]) for m in levels], lag_ratio=0.4),
                      LaggedStart(*[FadeIn(m[1]) for m in levels], lag_ratio=0.4),
                      run_time=2.0)
        zt = ValueTracker(-6.0)
        mover = redraw_on(lambda: zt.get_value(), lambda: Dot(
            sp.c2p(zt.get_value(), float(sigmoid(np.array(zt.get_value())))), radius=0.09,
            color=C["cp"]).set_stroke(style.BACKGROUND, 2, background=True))
        ro = Readout([r"\cz", r"\cp"], [2, 3], 36, buff=0.18)
        ro.next_to([0.7, 3.4, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            z = zt.get_value()
            m.set_values([z, float(sigmoid(np.array(z)))])
        with self.say("To make it a probability, squash it with the logistic function: {sig} σ "
                      "of z is 1 over 1 plus e to the minus z.",
                      spoken="To make it a probability, squash it with the logistic function: "
                             "{sig} sigma of z is one over one plus e to the minus z.") as s:
            self.play(FadeOut(levels), fade_out(small), FadeOut(self.dots), run_time=1.0)
            self.play(fade_in(sp), run_time=1.0)
            self.wait_until("sig", s)
            self.play(Write(e2), Create(curve), run_time=2.5)
        with self.say("{left} Far to the left, e to the minus z is huge, and σ is near 0. {right} "
                      "Far to the right, it vanishes, and σ is near 1. {mid} At z = 0, σ is "
                      "exactly one half.") as s:
            self.wait_until("left", s)
            self.play(FadeIn(mover), run_time=0.5)
            self.show_live(ro, upd)
            self.wait_until("right", s)
            self.play(zt.animate.set_value(6.0), run_time=max(1.5, s.until("mid") - 0.2))
            self.play(zt.animate.set_value(0.0), Create(half), run_time=max(1.2, s.remaining()))
        e3 = tex(r"\cp \ge \tfrac12 \iff \cz \ge 0", 44)
        e3.next_to(e2, DOWN, buff=0.5).align_to(e1, LEFT)
        with self.say("{half} So p is above one half exactly when z is above 0: the boundary, p "
                      "equal to one half, is the line z = 0. It is still a straight line among "
                      "the tumours.") as s:
            self.wait_until("half", s)
            self.play(Write(e3), run_time=1.5)
            self.play(zt.animate.set_value(2.5), run_time=1.5)
            self.play(zt.animate.set_value(-2.5), run_time=1.5)
            self.play(zt.animate.set_value(0.0), run_time=1.0)
        ro.clear_updaters()
        # every (w, b) paints the plane: the field turns as w and b change
        dp = data_plot(4.6, (1.6, -2.0))
        dots = self.dots_on(dp, 0.035)
        w, b = np.array(N["w_end"]), N["b_end"]
        start = (np.array([3.0, 9.0]), -6.0)
        for t, v in zip(self.w_t, (*start[0], start[1])):
            t.set_value(v)
        field = self.live_field(dp)
        line = self.live_boundary(dp)
        with self.say("Each choice of w and b paints the plane of tumours with probabilities. "
                      "{turn} Change w and b, and the field turns, shifts, and sharpens.") as s:
            self.play(FadeOut(mover), FadeOut(ro), FadeOut(half), fade_out(sp), FadeOut(curve),
                      run_time=1.0)
            self.add(field, dots, line)
            self.play(fade_in(dp), fade_in(field), FadeIn(dots), FadeIn(line), run_time=1.5)
            self.wait_until("turn", s)
            self.play(*self.set_wb(np.array([12.0, -2.0]), -5.0), run_time=2.0)
            self.play(*self.set_wb(0.4 * w, 0.4 * b), run_time=1.5)
        with self.say("Which w and b should we pick? The ones under which the labels we saw are "
                      "most likely.") as s:
            self.play(*self.set_wb(w, b), run_time=max(1.5, s.remaining()))
        self.dplot, self.dots, self.field, self.line = dp, dots, field, line
        self.sig_eqs = VGroup(e1, e2, e3)

    @beat("The likelihood of the labels")
    def likelihood(self):
        N = self.N
        left, top = -6.7, 3.55
        W = 7.6
        # four tumours, two of each class, each labelled with the probability of its own label
        X, y = self.X, self.y
        w, b = np.array(N["w_end"]), N["b_end"]
        p = sigmoid(X @ w + b)
        q = np.where(y == 1, p, 1 - p)
        picks = []
        for cls, target in ((1, 0.95), (1, 0.65), (0, 0.95), (0, 0.65)):
            ok = [i for i in np.argsort(np.abs(q - target)) if y[i] == cls
                  and 0.15 < X[i, 1] < 0.8 and 0.1 < X[i, 0] < 0.8
                  and all(np.hypot(*(X[i] - X[j])) > 0.12 for j in picks)]
            picks.append(int(ok[0]))
        rings, labels = VGroup(), VGroup()
        for i in picks:
            c = self.dplot.c2p(*X[i])
            rings.add(Circle(radius=0.12, color=MAL if y[i] else BEN, stroke_width=4).move_to(c))
        self.picks = picks

        def make_labels():
            ww, bb = self.wb()
            pp = sigmoid(X[picks] @ ww + bb)
            g = VGroup()
            for k, i in enumerate(picks):
                v = pp[k] if y[i] == 1 else 1 - pp[k]
                num = FastNumber(v, 2, font_size=30, color=style.TEXT)
                num.next_to(self.dplot.c2p(*X[i]), UR if k % 2 == 0 else DR, buff=0.1)
                g.add(BackgroundRectangle(num, color=style.BACKGROUND, fill_opacity=0.85,
                                          buff=0.05), num)
            return g
        labels = redraw_on(self.key(self.dplot), make_labels)
        b1 = tex(r"{{ P(\cy_i) }} = {{ \cp_i^{\cy_i} }} {{ (1 - \cp_i)^{1 - \cy_i} }}", 42)
        self.eq_at(b1, left, top)
        cases = tex(r"\cy_i = 1:\ \cp_i \qquad \cy_i = 0:\ 1 - \cp_i", 36)
        cases.next_to(b1, DOWN, buff=0.3).align_to(b1, LEFT).shift(0.3 * RIGHT)
        s0 = self.say("In the last lecture, a coin that lands heads with probability p gave one "
                      "flip y the likelihood p to the y, times 1 − p to the 1 − y. {each} Here "
                      "every tumour is its own coin, with its own pᵢ = σ(zᵢ).",
                      spoken="In the last lecture, a coin that lands heads with probability p "
                             "gave one flip y the likelihood p to the y, times one minus p to the "
                             "one minus y. {each} Here every tumour is its own coin, with its own "
                             "p i, equal to sigma of z i.")
        self.play(FadeOut(self.sig_eqs), run_time=1.0)
        with s0 as s:
            self.play(Write(b1), run_time=2)
            self.wait_until("each", s)
            self.play(LaggedStart(*[Create(r) for r in rings], lag_ratio=0.2), run_time=1.5)
        with self.say("{cases} For a malignant tumour that is pᵢ; for a benign one, 1 − pᵢ: the "
                      "probability the model gave to what really happened.",
                      spoken="{cases} For a malignant tumour that is p i; for a benign one, one "
                             "minus p i: the probability the model gave to what really "
                             "happened.") as s:
            self.wait_until("cases", s)
            self.play(FadeIn(cases, shift=0.2 * DOWN), run_time=1)
            self.add(labels)
            self.play(FadeIn(labels), run_time=1)
        b2 = fit_width(tex(r"{{ P(\cy_1, \dots, \cy_n) }} = {{ \prod_{i=1}^{n} }} "
                           r"{{ \cp_i^{\cy_i} }} {{ (1 - \cp_i)^{1 - \cy_i} }}", 42), W)
        b2.next_to(cases, DOWN, buff=0.5).align_to(b1, LEFT)
        with self.say("{prod} The tumours are independent, so the likelihood of all the labels "
                      "is the product of these numbers. {better} A better model makes every one "
                      "of them larger.") as s:
            self.wait_until("prod", s)
            self.morph(b1, b2, [(r"P(\cy_i)", r"P(\cy_1, \dots, \cy_n)")], keep=True, run_time=2)
            self.wait_until("better", s)
            self.play(*self.set_wb(0.6 * w, 0.6 * b), run_time=max(1.2, s.remaining() / 2))
            self.play(*self.set_wb(w, b), run_time=max(1.2, s.remaining()))
        b3 = fit_width(tex(r"{{ \log P }} = {{ \sum_{i=1}^{n} }} {{ \Big[ }} {{ \cy_i \log \cp_i }}"
                           r" + {{ (1 - \cy_i) \log(1 - \cp_i) }} {{ \Big] }}", 42), W)
        b3.next_to(b2, DOWN, buff=0.5).align_to(b1, LEFT)
        ro_log = Readout([r"\log P"], [1], 40)
        ro_log.next_to([4.0, 3.75, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd_log(m):
            m.set_values([-len(y) * bce(*self.wb(), X, y)])
        with self.say(f"{{log}} A product of {N['n']} numbers below one is vanishingly small. "
                      "Its log turns the product into a sum, the powers into factors, {peak} and "
                      "peaks at the same w and b.") as s:
            self.wait_until("log", s)
            self.morph(b2, b3, [(r"P(\cy_1, \dots, \cy_n)", r"\log P"),
                                (r"\prod_{i=1}^{n}", r"\sum_{i=1}^{n}"),
                                (r"\cp_i^{\cy_i}", r"\cy_i \log \cp_i"),
                                (r"(1 - \cp_i)^{1 - \cy_i}", r"(1 - \cy_i) \log(1 - \cp_i)")],
                       keep=True, run_time=2.5)
            self.show_live(ro_log, upd_log)
            self.wait_until("peak", s)
            self.play(*self.set_wb(0.5 * w, 0.5 * b), run_time=max(1.0, s.remaining() / 2))
            self.play(*self.set_wb(w, b), run_time=max(1.0, s.remaining()))
        b4 = fit_width(tex(r"{{ \cL }} = {{ -\frac{1}{n} \sum_{i=1}^{n} }} {{ \Big[ }} "
                           r"{{ \cy_i \log \cp_i }} + {{ (1 - \cy_i) \log(1 - \cp_i) }} "
                           r"{{ \Big] }}", 42), W)
        b4.next_to(b3, DOWN, buff=0.5).align_to(b1, LEFT)
        box = SurroundingRectangle(b4, color=C["cL"], buff=0.15, corner_radius=0.1)
        with self.say("{neg} Maximizing it is the same as minimizing its negative, and dividing "
                      "by n makes an average. {ce} That is the cross-entropy loss, L: maximum "
                      "likelihood, written as a loss to go downhill on.") as s:
            self.wait_until("neg", s)
            self.morph(b3, b4, [(r"\log P", r"\cL"), (r"\sum_{i=1}^{n}",
                                                       r"-\frac{1}{n} \sum_{i=1}^{n}")],
                       keep=True, extra=self.set_wb(0.75 * w, 0.75 * b), run_time=2.5)
            self.play(*self.set_wb(w, b), run_time=max(1.0, s.until("ce")))
            self.wait_until("ce", s)
            ro_log.clear_updaters()
            self.play(Create(box), FadeOut(ro_log), run_time=1.2)
        ro = Readout([r"\cL"], [3], 40)
        ro.next_to([4.3, 3.75, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            m.set_values([bce(*self.wb(), X, y)])
        zero = tex(rf"\cw = 0,\ \cb = 0:\quad \cp_i = \tfrac12,\quad \cL = \log 2 = "
                   rf"{N['L0']:.3f}", 38)
        zero.next_to(b4, DOWN, buff=0.55).align_to(b1, LEFT)
        with self.say("{zero} With w and b at zero, every p is one half, and L is log 2: "
                      f"{N['L0']:.3f}.") as s:
            self.play(FadeOut(b1), FadeOut(cases), FadeOut(b2), FadeOut(b3),
                      VGroup(b4, box).animate.next_to([left, top, 0], DOWN, buff=0,
                                                      aligned_edge=LEFT), run_time=1.2)
            zero.next_to(b4, DOWN, buff=0.55).align_to(b1, LEFT)
            self.show_live(ro, upd)
            self.wait_until("zero", s)
            self.play(*self.set_wb(np.zeros(2), 0.0), FadeIn(zero, shift=0.2 * DOWN),
                      run_time=max(1.5, s.remaining()))
        fl = N["flip"]
        with self.say(f"{{up}} Tilt the boundary the right way, and the true labels grow likely: "
                      f"L falls to {N['L_end']:.3f}. {{down}} Turn it around, and L climbs to "
                      f"{N['L_flip']:.2f}.") as s:
            self.wait_until("up", s)
            self.play(*self.set_wb(w, b), run_time=max(1.5, s.until("down") - 0.3))
            self.wait_until("down", s)
            self.play(*self.set_wb(fl * w, fl * b), run_time=max(1.5, s.remaining()))
        with self.say("Why does the wrong way cost so much more? Because of the log.") as s:
            self.play(*self.set_wb(w, b), run_time=max(1.5, s.remaining()))
        ro.clear_updaters()
        labels.clear_updaters()
        self.like = VGroup(b4, box, zero, ro, rings, labels)

    @beat("A confident mistake")
    def penalty(self):
        N = self.N
        # the penalty takes the left of the frame; the tumours shrink to the right
        s0 = self.say("Look at one tumour's share of L: {ell} minus the log of the probability "
                      "the model gave to its true label.")
        pp = Plot((0, 1), (0, 5), 6.2, 4.6, xticks=(0, 0.5, 1), yticks=(1, 2, 3, 4, 5),
                  xlabel=tex(r"\cp", 40), ylabel=tex(ELL, 40), xlabel_right=True)
        pp.place((-6.0, -2.1))
        dp = data_plot(3.4, (3.1, -2.1))
        self.field.clear_updaters()
        self.play(FadeOut(self.like), fade_out(self.field), FadeOut(self.line),
                  FadeOut(self.dots), ReplacementTransform(self.dplot, dp), run_time=1.2)
        self.dplot = dp
        self.dots = self.dots_on(dp, 0.028)
        self.field = field_image(dp, np.array(N["w_end"]), N["b_end"])
        self.add(self.field, self.dots)
        self.play(fade_in(self.field), FadeIn(self.dots), run_time=1.0)
        self.bring_to_front(dp)
        ell = tex(ELL + r"_i = -\log \cp_i \quad (\cy_i = 1)", 40)
        ell.next_to([-6.0, 3.6, 0], DOWN, buff=0, aligned_edge=LEFT)
        key_ = VGroup(*[VGroup(Line(ORIGIN, 0.6 * RIGHT, color=c, stroke_width=w_), lab)
                        .arrange(RIGHT, buff=0.2) for c, w_, lab in (
            (C["cL"], 5, tex(r"-\log \cp \;\; (\cy = 1)", 32)),
            (style.DIM, 3, tex(r"-\log(1 - \cp) \;\; (\cy = 0)", 32, style.DIM)))])
        key_.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        key_.next_to(pp.c2p(0.3, 4.9), DOWN + RIGHT, buff=0)
        ell0 = key_[1]
        f = lambda v: -np.log(v)  # noqa: E731
        lo = math.exp(-5)
        curve = _curve(pp, f, (lo, 1.0), C["cL"], 5)
        mirror = _curve(pp, lambda v: -np.log(1 - v), (0.0, 1 - lo), style.DIM, 3)
        with s0 as s:
            self.wait_until("ell", s)
            self.play(Write(ell), run_time=1.5)
        with self.say("{curve} For a malignant tumour it is minus log p. {mirror} For a benign "
                      "one, the mirror image.") as s:
            self.wait_until("curve", s)
            self.play(fade_in(pp), run_time=1)
            self.play(Create(curve), FadeIn(key_[0]), run_time=1.5)
            self.wait_until("mirror", s)
            self.play(Create(mirror), FadeIn(ell0), run_time=1.5)
        pt = ValueTracker(1.0)
        dot = redraw_on(lambda: pt.get_value(), lambda: Dot(
            pp.c2p(pt.get_value(), min(5.0, f(pt.get_value()))), radius=0.1, color=C["cp"]
        ).set_stroke(style.BACKGROUND, 2, background=True))
        ro = Readout([r"\cp", ELL], [3, 2], 38, buff=0.18)
        ro.arrange(RIGHT, buff=0.6, aligned_edge=DOWN)
        ro.next_to([2.7, 3.7, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            v = pt.get_value()
            m.set_values([v, f(v)])
        pen = N["pen"]
        marks = VGroup()
        for v in (0.5, 0.1, 0.01):
            marks.add(DashedLine(pp.c2p(v, 0), pp.c2p(v, pen[v]), color=style.DIM,
                                 stroke_width=2, dash_length=0.08))
        with self.say("{one} Certain and right, p = 1, costs nothing. {half} A shrug, p = one "
                      f"half, costs {pen[0.5]:.2f}. {{tenth}} p = 0.1 costs {pen[0.1]:.2f}. "
                      f"{{hund}} p = 0.01 costs {pen[0.01]:.2f}, {{zero}} and as p goes to zero, "
                      "the cost grows without bound.",
                      spoken="{one} Certain and right, p equal to one, costs nothing. {half} A "
                             "shrug, p equal to one half, costs "
                             f"{_say(pen[0.5], 2)}. {{tenth}} p equal to zero point one costs "
                             f"{_say(pen[0.1], 2)}. {{hund}} p equal to zero point zero one costs "
                             f"{_say(pen[0.01], 2)}, {{zero}} and as p goes to zero, the cost "
                             "grows without bound.") as s:
            self.wait_until("one", s)
            self.play(FadeIn(dot, scale=2), run_time=0.5)
            self.show_live(ro, upd)
            for k, (mark, v) in enumerate((("half", 0.5), ("tenth", 0.1), ("hund", 0.01))):
                self.wait_until(mark, s)
                nxt = ("tenth", "hund", "zero")[k]
                self.play(pt.animate.set_value(v), Create(marks[k]),
                          run_time=max(0.8, min(2.0, s.until(nxt) - 0.1)))
            self.wait_until("zero", s)
            self.play(pt.animate.set_value(lo), run_time=max(1.0, s.remaining()))
        sq = _curve(pp, lambda v: (1 - v) ** 2, (0.0, 1.0), style.TEXT, 3, dashed=True)
        sq_lab = VGroup(DashedLine(ORIGIN, 0.6 * RIGHT, color=style.TEXT, stroke_width=3,
                                   dash_length=0.1), tex(r"(1 - \cp)^2", 32)).arrange(RIGHT, buff=0.2)
        sq_lab.next_to(key_, DOWN, buff=0.25).align_to(key_, LEFT)
        with self.say("{sq} The squared error of chapter one could never charge more than 1 for "
                      "a miss. The log charges a confident wrong answer without limit.") as s:
            self.wait_until("sq", s)
            self.play(Create(sq), FadeIn(sq_lab), run_time=1.5)
            self.play(Indicate(curve, color=C["cL"], scale_factor=1.0), run_time=1.5)
        iw = N["worst"]
        ring = Circle(radius=0.13, color=style.TEXT, stroke_width=4).move_to(
            dp.c2p(*N["x_worst"]))
        worst = tex(rf"\cp = {N['p_worst']:.3f}", 34).add_background_rectangle(
            color=style.BACKGROUND, opacity=0.85, buff=0.06)
        worst.next_to(ring, UR, buff=0.05)
        cost = tex(rf"{ELL} = -\log {N['p_worst']:.3f} = {N['cost_worst']:.2f}", 38)
        cost.next_to([2.7, 2.95, 0], DOWN, buff=0, aligned_edge=LEFT)
        avg = tex(rf"\text{{average }} \cL = {N['L_end']:.3f}", 38)
        avg.next_to(cost, DOWN, buff=0.3).align_to(cost, LEFT)
        with self.say("{tumour} The model we are about to train still makes one such mistake: "
                      "this malignant tumour, small and smooth, gets p = "
                      f"{N['p_worst']:.3f}. {{cost}} It alone costs {N['cost_worst']:.2f}, "
                      f"{{avg}} about {N['worst_ratio']:.0f} times the average tumour's "
                      f"{N['L_end']:.3f}.",
                      spoken="{tumour} The model we are about to train still makes one such "
                             "mistake: this malignant tumour, small and smooth, gets p equal to "
                             f"{_say(N['p_worst'], 3)}. {{cost}} It alone costs "
                             f"{_say(N['cost_worst'], 2)}, {{avg}} about "
                             f"{N['worst_ratio']:.0f} times the average tumour's "
                             f"{_say(N['L_end'], 3)}.") as s:
            self.wait_until("tumour", s)
            self.play(Create(ring), FadeIn(worst), run_time=1.2)
            self.play(pt.animate.set_value(N["p_worst"]), run_time=1.2)
            self.wait_until("cost", s)
            self.play(FadeIn(cost, shift=0.2 * DOWN), run_time=1)
            self.wait_until("avg", s)
            self.play(FadeIn(avg, shift=0.2 * DOWN), run_time=1)
        with self.say("So the loss listens hardest to the tumours it gets confidently wrong. "
                      "How hard exactly, its slope will tell us.") as s:
            self.play(Indicate(ring, color=style.TEXT, scale_factor=1.4), run_time=1.5)
        ro.clear_updaters()
        self.pen = VGroup(pp, curve, mirror, marks, dot, ro, sq, sq_lab, ell, key_, cost, avg,
                          ring, worst)

    @beat("The slope of the sigmoid")
    def slope(self):
        N = self.N
        left, top, W = -6.7, 3.55, 6.6
        s0 = self.say("The loss reaches w and b through σ, so first we need σ's own slope.",
                      spoken="The loss reaches w and b through sigma, so first we need sigma's "
                             "own slope.")
        sp = Plot((-6, 6), (0, 1), 5.6, 2.6, xticks=(-6, -3, 0, 3, 6), yticks=(0.5, 1),
                  ylabel=tex(r"\csigma", 38), xlabel=tex(r"\cz", 38), xlabel_right=True)
        sp.place((1.0, 0.75))
        dp = Plot((-6, 6), (0, 0.3), 5.6, 1.9, xticks=(-6, -3, 0, 3, 6), yticks=(0.25,),
                  ynums=(r"\tfrac14",), ylabel=tex(r"\csigma'", 38), xlabel=tex(r"\cz", 38),
                  xlabel_right=True)
        dp.place((1.0, -2.35))
        curve = _curve(sp, sigmoid, (-6, 6), C["csigma"], 5)
        self.play(FadeOut(self.pen), fade_out(self.field), FadeOut(self.dots),
                  fade_out(self.dplot), run_time=1.2)
        with s0 as s:
            self.play(fade_in(sp), Create(curve), run_time=2)
        d1 = tex(r"{{ \csigma(\cz) }} = {{ (1 + e^{-\cz})^{-1} }}", 42)
        d2 = tex(r"{{ \csigma'(\cz) }} = {{ -(1 + e^{-\cz})^{-2} }} \cdot {{ (-e^{-\cz}) }}", 42)
        d3 = tex(r"{{ \csigma'(\cz) }} = {{ \frac{e^{-\cz}}{(1 + e^{-\cz})^2} }}", 42)
        d4 = tex(r"{{ \csigma'(\cz) }} = {{ \frac{1}{1 + e^{-\cz}} }} \cdot "
                 r"{{ \frac{e^{-\cz}}{1 + e^{-\cz}} }}", 42)
        d5 = fit_width(tex(r"{{ \frac{e^{-\cz}}{1 + e^{-\cz}} }} = {{ 1 - \frac{1}{1 + e^{-\cz}} }}"
                           r" = {{ 1 - \csigma(\cz) }}", 42), W)
        d6 = tex(r"{{ \csigma'(\cz) }} = {{ \csigma(\cz) }} \, {{ \big(1 - \csigma(\cz)\big) }}",
                 46)
        self.eq_at(d1, left, top)
        self.eq_at(d2, left, top - 1.2)
        self.eq_at(d3, left, top - 1.2)
        self.eq_at(d4, left, top - 1.2)
        d5.next_to(d4, DOWN, buff=0.5).align_to(d4, LEFT)
        with self.say("{pow} Write σ as a power: 1 + e to the minus z, to the minus one. {chain} "
                      "The chain rule: the power comes down, minus 1 + e to the minus z to the "
                      "minus two, {inner} times the inside's own slope, minus e to the minus z.",
                      spoken="{pow} Write sigma as a power: one plus e to the minus z, to the "
                             "minus one. {chain} The chain rule: the power comes down, minus, one "
                             "plus e to the minus z, to the minus two, {inner} times the inside's "
                             "own slope, minus e to the minus z.") as s:
            self.wait_until("pow", s)
            self.play(Write(d1), run_time=1.5)
            self.wait_until("chain", s)
            self.morph(d1, d2, [(r"\csigma(\cz)", r"\csigma'(\cz)"),
                                (r"(1 + e^{-\cz})^{-1}", r"-(1 + e^{-\cz})^{-2}")], keep=True,
                       run_time=2)
            self.wait_until("inner", s)
            b = highlight(part(d2, r"(-e^{-\cz})"), C["cg"])
            self.play(Create(b), run_time=0.8)
        with self.say("{signs} The two minus signs cancel: e to the minus z over the square. "
                      "{split} Split the square into two factors.") as s:
            self.wait_until("signs", s)
            self.morph(d2, d3, [(r"-(1 + e^{-\cz})^{-2}", r"\frac{e^{-\cz}}{(1 + e^{-\cz})^2}")],
                       extra=[FadeOut(b)], run_time=1.8)
            self.wait_until("split", s)
            self.morph(d3, d4, [(r"\frac{e^{-\cz}}{(1 + e^{-\cz})^2}",
                                 r"\frac{e^{-\cz}}{1 + e^{-\cz}}")], run_time=1.8)
        with self.say("{first} The first factor is σ itself. {second} The second is 1 minus σ: add "
                      "1 and take it away on top.",
                      spoken="{first} The first factor is sigma itself. {second} The second is "
                             "one minus sigma: add one and take it away on top.") as s:
            self.wait_until("first", s)
            self.play(Circumscribe(part(d4, r"\frac{1}{1 + e^{-\cz}}"), color=C["csigma"]),
                      Circumscribe(d1, color=C["csigma"]), run_time=1.5)
            self.wait_until("second", s)
            self.morph(d4, d5, [(r"\frac{e^{-\cz}}{1 + e^{-\cz}}", r"\frac{e^{-\cz}}{1 + e^{-\cz}}")],
                       keep=True, run_time=2)
        d6.next_to(d5, DOWN, buff=0.6).align_to(d4, LEFT)
        box = SurroundingRectangle(d6, color=C["csigma"], buff=0.15, corner_radius=0.1)
        with self.say("{res} So σ′ of z is σ of z, times 1 minus σ of z: the slope is made of "
                      "the curve's own height.",
                      spoken="{res} So sigma prime of z is sigma of z, times one minus sigma of "
                             "z: the slope is made of the curve's own height.") as s:
            self.wait_until("res", s)
            self.morph(d4, d6, [(r"\frac{1}{1 + e^{-\cz}}", r"\csigma(\cz)"),
                                (r"\frac{e^{-\cz}}{1 + e^{-\cz}}", r"\big(1 - \csigma(\cz)\big)")],
                       keep=True, run_time=2)
            self.play(Create(box), run_time=1)
        # the picture: at each z the unit height splits into sigma and 1 - sigma; their product
        # is the slope of the tangent, drawn below
        zt = ValueTracker(-5.0)
        s_of = lambda z: float(sigmoid(np.array(z)))  # noqa: E731

        def split():
            z = zt.get_value()
            v = s_of(z)
            lo_, mid, hi = sp.c2p(z, 0), sp.c2p(z, v), sp.c2p(z, 1)
            return VGroup(Line(lo_, mid, color=C["csigma"], stroke_width=8),
                          Line(mid, hi, color=style.DIM, stroke_width=8))

        def tangent():
            z = zt.get_value()
            v = s_of(z)
            k = v * (1 - v)
            dz = 1.6
            a, c = np.array([z - dz, v - k * dz]), np.array([z + dz, v + k * dz])
            seg = clip_segment(a, c, sp.data_box)
            return Line(*sp.pts(np.array(seg)), color=style.TEXT, stroke_width=4)
        bars = redraw_on(lambda: zt.get_value(), split)
        tan = redraw_on(lambda: zt.get_value(), tangent)
        zs = np.linspace(-6, 6, 241)
        slope_pts = np.c_[zs, sigmoid(zs) * (1 - sigmoid(zs))]
        traced = redraw_on(lambda: zt.get_value(), lambda: trace(
            dp, slope_pts, (zt.get_value() + 6) / 12 * 240, C["csigma"], 4))
        ro = Readout([r"\cz", r"\csigma", r"1 - \csigma", r"\csigma'"], [1, 3, 3, 3], 34,
                     buff=0.16)
        ro.arrange_in_grid(2, 2, buff=(0.6, 0.25), cell_alignment=LEFT)
        ro.next_to([-6.6, -1.35, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            z = zt.get_value()
            v = s_of(z)
            m.set_values([z, v, 1 - v, v * (1 - v)])
        sr = N["slope_read"]
        with self.say("{bars} On the curve: at each z, the height σ and the gap above it, 1 − σ, "
                      "split the unit between them. {tan} Their product is the slope of the "
                      "tangent.",
                      spoken="{bars} On the curve: at each z, the height sigma and the gap above "
                             "it, one minus sigma, split the unit between them. {tan} Their "
                             "product is the slope of the tangent.") as s:
            self.play(FadeOut(d5), d6.animate.next_to(d1, DOWN, buff=0.6).align_to(d1, LEFT),
                      box.animate.move_to(d6.copy().next_to(d1, DOWN, buff=0.6).align_to(
                          d1, LEFT)), FadeOut(d4), run_time=1.0)
            self.wait_until("bars", s)
            self.play(FadeIn(bars), run_time=0.8)
            self.show_live(ro, upd)
            self.wait_until("tan", s)
            self.play(FadeIn(tan), fade_in(dp), run_time=1.0)
            self.add(traced)
            self.play(zt.animate.set_value(-1.5), run_time=max(1.5, s.remaining()))
        quarter = tex(r"\csigma'(0) = \tfrac12 \cdot \tfrac12 = \tfrac14", 42)
        quarter.next_to(d6, DOWN, buff=0.6).align_to(d1, LEFT)
        z3 = N["z_read"][1]
        far = tex(rf"\csigma'({z3:g}) = {N['sig_read'][1]:.3f} \cdot {1 - N['sig_read'][1]:.3f}"
                  rf" = {sr[1]:.3f}", 42)
        far.next_to(quarter, DOWN, buff=0.4).align_to(d1, LEFT)
        with self.say("{zero} At z = 0 the two parts are equal halves, and the slope is largest: "
                      "one half times one half, one quarter. {far} Out at z = 3, σ is "
                      f"{N['sig_read'][1]:.3f} and the gap only {1 - N['sig_read'][1]:.3f}: the "
                      f"curve has gone flat, slope {sr[1]:.3f}.",
                      spoken="{zero} At z equal to zero the two parts are equal halves, and the "
                             "slope is largest: one half times one half, one quarter. {far} Out "
                             f"at z equal to three, sigma is {_say(N['sig_read'][1], 3)} and the "
                             f"gap only {_say(1 - N['sig_read'][1], 3)}: the curve has gone flat, "
                             f"slope {_say(sr[1], 3)}.") as s:
            self.wait_until("zero", s)
            self.play(zt.animate.set_value(0.0), run_time=1.5)
            self.play(Write(quarter), Indicate(ro[3], color=C["csigma"]), run_time=1.5)
            self.wait_until("far", s)
            self.play(zt.animate.set_value(z3), run_time=1.5)
            self.play(Write(far), run_time=1.5)
            self.play(zt.animate.set_value(6.0), run_time=max(1.0, s.remaining()))
        ro.clear_updaters()
        self.slope_bits = VGroup(sp, curve, dp, bars, tan, traced, ro, d1, quarter, far, box)
        self.d6 = d6

    @beat("The chain rule: p − y")
    def chain(self):
        N = self.N
        left, top, W = -6.7, 3.55, 7.0
        e0 = fit_width(tex(r"{{ " + ELL + r"_i }} = {{ -\cy_i \log \cp_i }} "
                           r"{{ - (1 - \cy_i) \log(1 - \cp_i) }}", 42), W)
        self.eq_at(e0, left, top)
        s0 = self.say("Now one tumour's loss, {ell} ℓᵢ, differentiated with respect to its score "
                      "zᵢ.", spoken="Now one tumour's loss, {ell} ell i, differentiated with "
                                    "respect to its score z i.")
        self.play(FadeOut(self.slope_bits), self.d6.animate.scale(0.8).next_to(
            [left, -2.15, 0], DOWN, buff=0, aligned_edge=LEFT), run_time=1.2)
        # the picture: every tumour at its score z, its label at 0 or 1, the curve at p
        zp = Plot(Z_VIEW, (-0.1, 1.1), 5.6, 4.4, xticks=(-8, -4, 0, 4, 8), yticks=(0, 0.5, 1),
                  xlabel=tex(r"\cz", 38), xlabel_right=True,
                  ylabel=VGroup(tex(r"\cp", 38), tex(r",\ \cy", 38)).arrange(RIGHT, buff=0.05))
        zp.place((1.0, -2.1))
        curve = _curve(zp, sigmoid, Z_VIEW, C["csigma"], 4)
        clock = StepClock(len(self.gd))
        self.follow = (self.gd, clock)
        X, y = self.X, self.y
        zpts = lambda: X @ self.wb()[0] + self.wb()[1]  # noqa: E731

        def dots_pos(m):
            z = np.clip(zpts(), *Z_VIEW)
            m.apply(pos=zp.pts(np.c_[z, y]))
        zdots = DotCloud(zp.pts(np.c_[np.zeros_like(y), y]), radius=0.04, colors=self.cols,
                         opacity=0.55)

        def gaps():
            z = np.clip(zpts(), *Z_VIEW)
            p = sigmoid(z)
            g = VGroup()
            for cls, col in ((1, MAL), (0, BEN)):
                k = y == cls
                a, c = zp.pts(np.c_[z[k], y[k]]), zp.pts(np.c_[z[k], p[k]])
                m = VMobject(stroke_color=col, stroke_width=1.6, stroke_opacity=0.45)
                m.points = np.stack([a, (2 * a + c) / 3, (a + 2 * c) / 3, c], 1).reshape(-1, 3)
                g.add(m)
            return g
        key = lambda: (clock.value, *zp.where())  # noqa: E731
        bars = redraw_on(key, gaps)
        step_ro = Readout([r"\text{step}"], [0], 32)
        step_ro.next_to(zp.box, UP, buff=0.3).align_to(zp.box, RIGHT)

        def upd_step(m):
            m.set_values([clock.row])
        with s0 as s:
            self.wait_until("ell", s)
            self.play(Write(e0), fade_in(zp), Create(curve), run_time=2)
        with self.say("{pic} On the right, every tumour sits at its score z, on the row of its "
                      "label, 0 or 1, {gap} and the bar from there to the curve is its gap, "
                      "p − y. {run} Let the weights improve while we work.",
                      spoken="{pic} On the right, every tumour sits at its score z, on the row of "
                             "its label, zero or one, {gap} and the bar from there to the curve is "
                             "its gap, p minus y. {run} Let the weights improve while we "
                             "work.") as s:
            self.wait_until("pic", s)
            self.add(bars, zdots)
            zdots.add_updater(dots_pos)
            self.play(FadeIn(zdots), run_time=1)
            self.wait_until("gap", s)
            self.play(FadeIn(bars), run_time=1)
            self.wait_until("run", s)
            self.show_live(step_ro, upd_step)
        # the descent runs in the background, one step a second, while the chain rule is derived
        tick = clock.tracker
        tick.add_updater(lambda m, dt: m.increment_value(dt))
        self.add(tick)
        e1 = tex(r"{{ \frac{\partial " + ELL + r"_i}{\partial \cz_i} }} = "
                 r"{{ \frac{\partial " + ELL + r"_i}{\partial \cp_i} }} \cdot "
                 r"{{ \frac{\partial \cp_i}{\partial \cz_i} }}", 42)
        self.eq_at(e1, left, top - 1.25)
        with self.say("The score reaches the loss only through p, so the chain rule splits the "
                      "slope in two: {dl} how the loss changes with p, {dp} times how p changes "
                      "with z.") as s:
            self.morph(e0, e1, [(ELL + r"_i", r"\frac{\partial " + ELL + r"_i}{\partial \cz_i}")],
                       keep=True, run_time=2)
            self.wait_until("dl", s)
            b1 = highlight(part(e1, r"\frac{\partial " + ELL + r"_i}{\partial \cp_i}"), C["cL"])
            self.play(Create(b1), run_time=0.8)
            self.wait_until("dp", s)
            b2 = highlight(part(e1, r"\frac{\partial \cp_i}{\partial \cz_i}"), C["csigma"])
            self.play(ReplacementTransform(b1, b2), run_time=0.8)
        e2 = fit_width(tex(r"{{ \frac{\partial " + ELL + r"_i}{\partial \cz_i} }} = "
                           r"{{ \Big( -\frac{\cy_i}{\cp_i} + \frac{1 - \cy_i}{1 - \cp_i} \Big) }}"
                           r" \cdot {{ \cp_i (1 - \cp_i) }}", 42), W)
        self.eq_at(e2, left, top - 2.6)
        with self.say("{logs} The logs give minus y over p, plus 1 minus y over 1 minus p. "
                      "{sig} The second factor is the slope we just found: p times 1 minus p.",
                      spoken="{logs} The logs give minus y over p, plus one minus y over one "
                             "minus p. {sig} The second factor is the slope we just found: p "
                             "times one minus p.") as s:
            self.wait_until("logs", s)
            self.morph(e1, e2, [(r"\frac{\partial " + ELL + r"_i}{\partial \cp_i}",
                                 r"\Big( -\frac{\cy_i}{\cp_i} + \frac{1 - \cy_i}{1 - \cp_i} \Big)"),
                                (r"\frac{\partial \cp_i}{\partial \cz_i}", r"\cp_i (1 - \cp_i)")],
                       keep=True, extra=[FadeOut(b2)], run_time=2.2)
            self.wait_until("sig", s)
            self.play(Circumscribe(part(e2, r"\cp_i (1 - \cp_i)"), color=C["csigma"]),
                      Circumscribe(self.d6, color=C["csigma"]), run_time=1.5)
        e3 = tex(r"{{ \frac{\partial " + ELL + r"_i}{\partial \cz_i} }} = "
                 r"{{ -\cy_i (1 - \cp_i) }} + {{ (1 - \cy_i)\, \cp_i }}", 42)
        e4 = tex(r"{{ \frac{\partial " + ELL + r"_i}{\partial \cz_i} }} = {{ \cp_i - \cy_i }}", 48)
        self.eq_at(e3, left, top - 2.6)
        self.eq_at(e4, left, top - 2.6)
        with self.say("{mult} Multiply out: the p in the first denominator cancels, and so does "
                      "the 1 minus p in the second. {left} What is left: minus y times 1 minus "
                      "p, plus 1 minus y times p.",
                      spoken="{mult} Multiply out: the p in the first denominator cancels, and "
                             "so does the one minus p in the second. {left} What is left: minus "
                             "y times one minus p, plus one minus y times p.") as s:
            self.wait_until("mult", s)
            self.play(Indicate(part(e2, r"\Big( -\frac{\cy_i}{\cp_i} + \frac{1 - \cy_i}{1 - \cp_i}"
                                        r" \Big)"), color=C["cL"], scale_factor=1.05),
                      run_time=1.5)
            self.wait_until("left", s)
            self.morph(e2, e3, [(r"\Big( -\frac{\cy_i}{\cp_i} + \frac{1 - \cy_i}{1 - \cp_i} \Big)",
                                 r"-\cy_i (1 - \cp_i)"), (r"\cp_i (1 - \cp_i)",
                                                          r"(1 - \cy_i)\, \cp_i")], run_time=2.2)
        box = SurroundingRectangle(e4, color=C["cp"], buff=0.15, corner_radius=0.1)
        with self.say("{yp} The two y p terms cancel too, {res} and the slope is simply p minus "
                      "y: the prediction minus the label, the bar on the right.",
                      spoken="{yp} The two y p terms cancel too, {res} and the slope is simply "
                             "p minus y: the prediction minus the label, the bar on the "
                             "right.") as s:
            self.wait_until("yp", s)
            self.play(Indicate(e3, color=C["cp"], scale_factor=1.03), run_time=1.2)
            self.wait_until("res", s)
            self.morph(e3, e4, [(r"-\cy_i (1 - \cp_i)", r"\cp_i - \cy_i"),
                                (r"(1 - \cy_i)\, \cp_i", r"\cp_i - \cy_i")], run_time=2)
            self.play(Create(box), run_time=0.8)
        tick.clear_updaters()
        tick.set_value(round(tick.get_value()))
        k1 = min(150, N["T"])
        with self.say("{train} As the weights improve, the malignant tumours slide right, the "
                      "benign ones left, and the bars shrink. {big} The longest bars, the "
                      "confident mistakes, get the biggest slope, never a vanishing one: the "
                      "log's 1 over p has cancelled σ's flat tails.",
                      spoken="{train} As the weights improve, the malignant tumours slide right, "
                             "the benign ones left, and the bars shrink. {big} The longest bars, "
                             "the confident mistakes, get the biggest slope, never a vanishing "
                             "one: the log's one over p has cancelled sigma's flat tails.") as s:
            self.wait_until("train", s)
            self.play(clock.run_to(k1, run_time=max(3.0, s.until("big") + 2), spacing="linear"))
            self.play(Indicate(bars, scale_factor=1.0), run_time=max(1.0, s.remaining()))
        zdots.clear_updaters()
        bars.clear_updaters()
        step_ro.clear_updaters()
        self.chain_bits = VGroup(zp, curve, zdots, bars, step_ro, self.d6, e0, e1)
        self.e4 = VGroup(e4, box)
        self.clock = clock

    @beat("One slope per weight")
    def gradient(self):
        N = self.N
        left, top, W = -6.7, 3.55, 7.2
        clock = self.clock
        e4, box = self.e4
        s0 = self.say("From the score to the weights is one more link.")
        self.play(FadeOut(self.chain_bits), VGroup(e4, box).animate.next_to(
            [left, top, 0], DOWN, buff=0, aligned_edge=LEFT), run_time=1.2)
        dp = data_plot(4.9, (1.65, -2.0))
        dots = self.dots_on(dp, 0.036)
        self.dplot, self.dots = dp, dots
        self.field = self.live_field(dp)
        self.line = self.live_boundary(dp)
        with s0 as s:
            self.add(self.field, dots, self.line)
            self.play(fade_in(dp), fade_in(self.field), FadeIn(dots), FadeIn(self.line),
                      run_time=1.5)
        g1 = tex(r"{{ \cz_i }} = {{ \cw_1 \cx_{i1} }} + {{ \cw_2 \cx_{i2} }} + {{ \cb }}", 42)
        g1.next_to(e4, DOWN, buff=0.5).align_to(e4, LEFT)
        g2 = tex(r"{{ \frac{\partial \cz_i}{\partial \cw_j} }} = {{ \cx_{ij} }}, \qquad "
                 r"{{ \frac{\partial \cz_i}{\partial \cb} }} = {{ 1 }}", 42)
        g2.next_to(e4, DOWN, buff=0.5).align_to(e4, LEFT)
        with self.say("{z} The score is w₁ times x₁, plus w₂ times x₂, plus b. {dz} So it grows "
                      "with weight j at the rate x j, that tumour's own feature, and with b at "
                      "the rate 1.",
                      spoken="{z} The score is w one times x one, plus w two times x two, plus b. "
                             "{dz} So it grows with weight j at the rate x j, that tumour's own "
                             "feature, and with b at the rate one.") as s:
            self.wait_until("z", s)
            self.play(Write(g1), run_time=1.5)
            self.wait_until("dz", s)
            self.morph(g1, g2, [(r"\cz_i", r"\frac{\partial \cz_i}{\partial \cw_j}"),
                                (r"\cw_1 \cx_{i1}", r"\cx_{ij}"), (r"\cb", r"1")], run_time=2)
            self.play(clock.run_to(min(200, N["T"]), run_time=max(1.0, s.remaining())))
        g3 = fit_width(tex(r"{{ \frac{\partial \cL}{\partial \cw_j} }} = "
                           r"{{ \frac{1}{n} \sum_{i=1}^{n} }} {{ (\cp_i - \cy_i) }}\, "
                           r"{{ \cx_{ij} }}", 42), W)
        g3.next_to(g2, DOWN, buff=0.5).align_to(e4, LEFT)
        g4 = fit_width(tex(r"{{ \frac{\partial \cL}{\partial \cb} }} = "
                           r"{{ \frac{1}{n} \sum_{i=1}^{n} }} {{ (\cp_i - \cy_i) }}", 42), W)
        g4.next_to(g3, DOWN, buff=0.3).align_to(e4, LEFT)
        with self.say("{chain} Chain them, and average over the tumours: the slope in weight j "
                      "is the average gap p − y, {own} each weighted by its own feature x j. "
                      "{b} The slope in b is the plain average gap.",
                      spoken="{chain} Chain them, and average over the tumours: the slope in "
                             "weight j is the average gap, p minus y, {own} each weighted by its "
                             "own feature x j. {b} The slope in b is the plain average gap.") as s:
            self.wait_until("chain", s)
            self.morph(g2, g3, [(r"\frac{\partial \cz_i}{\partial \cw_j}",
                                 r"\frac{\partial \cL}{\partial \cw_j}"), (r"\cx_{ij}", r"\cx_{ij}")],
                       keep=True, run_time=2.2)
            self.play(Circumscribe(part(g3, r"(\cp_i - \cy_i)"), color=C["cp"]),
                      Circumscribe(part(e4, r"\cp_i - \cy_i"), color=C["cp"]), run_time=1.2)
            self.wait_until("own", s)
            self.play(Circumscribe(part(g3, r"\cx_{ij}"), color=style.TEXT), run_time=1.2)
            self.wait_until("b", s)
            self.morph(g3, g4, [(r"\frac{\partial \cL}{\partial \cw_j}",
                                 r"\frac{\partial \cL}{\partial \cb}")], keep=True, run_time=1.8)
            self.play(clock.run_to(min(260, N["T"]), run_time=max(1.0, s.remaining())))
        ro = Readout([r"\frac{\partial \cL}{\partial \cw_1}", r"\frac{\partial \cL}{\partial \cw_2}",
                      r"\frac{\partial \cL}{\partial \cb}"], [4, 4, 4], 34, buff=0.2)
        ro.arrange(RIGHT, buff=0.5, aligned_edge=DOWN)
        fit_width(ro, W)

        def upd(m):
            m.set_values([*clock.at(self.gd["grad_w"]), clock.at(self.gd["grad_b"])])
        rule = tex(r"\cw_j \leftarrow \cw_j - \ceta \frac{\partial \cL}{\partial \cw_j}, \qquad "
                   rf"\cb \leftarrow \cb - \ceta \frac{{\partial \cL}}{{\partial \cb}}, \qquad "
                   rf"\ceta = {N['lr']:g}", 36)
        fit_width(rule, W)
        with self.say("{each} Every weight gets its own slope, from its own feature. {step} "
                      f"Gradient descent steps each one against its slope, with η = {N['lr']:g}, "
                      "and on the right the boundary turns as it goes.") as s:
            self.wait_until("each", s)
            self.play(FadeOut(g2), VGroup(g3, g4).animate.next_to(e4, DOWN, buff=0.4).align_to(
                e4, LEFT), run_time=1.0)
            ro.next_to(VGroup(g3, g4).copy().next_to(e4, DOWN, buff=0.4), DOWN, buff=0.35
                       ).align_to(e4, LEFT)
            rule.next_to(ro, DOWN, buff=0.3).align_to(e4, LEFT)
            self.show_live(ro, upd)
            self.wait_until("step", s)
            self.play(Write(rule), run_time=1.5)
            self.play(clock.run_to(min(380, N["T"]), run_time=max(2.0, s.remaining())))
        with self.say("{shrink} As the fit improves, the gaps shrink, and with them all three "
                      "slopes.") as s:
            self.wait_until("shrink", s)
            self.play(clock.run_to(min(500, N["T"]), run_time=max(2.0, s.remaining())))
        ro.clear_updaters()
        self.grad_bits = VGroup(e4, box, g3, g4, ro, rule)

    @beat("Down to the optimum")
    def descent(self):
        N = self.N
        T = N["T"]
        clock = self.clock
        s0 = self.say("Let the descent run to the end.")
        new = data_plot(5.4, (-5.9, -2.05))
        self.field.clear_updaters()
        self.line.clear_updaters()
        self.play(FadeOut(self.grad_bits), FadeOut(self.line), fade_out(self.field),
                  ReplacementTransform(self.dplot, new),
                  self.dots.morph(pos=new.pts(self.X), rad=0.04), run_time=1.5)
        self.dplot = new
        self.field = self.live_field(new)
        self.line = self.live_boundary(new)
        self.add(self.field, self.dots, self.line)
        # the loss against the step, on a log scale of steps (step 1 .. T)
        top_exp = math.log10(T)
        xt = [k for k in range(0, int(top_exp) + 1)]
        lp = Plot((0, top_exp), (0.2, 0.7), 4.9, 2.8, xticks=xt,
                  xnums=[f"10^{{{k}}}" if k > 1 else f"{10 ** k}" for k in xt],
                  yticks=(0.3, 0.5, 0.7), xlabel=plot_label("step"), xlabel_right=True,
                  ylabel=tex(r"\cL", 38)).place((1.15, -2.05))
        pts = np.c_[np.log10(np.arange(1, T + 1)), self.gd["loss"][1:]]
        curve = redraw_on(lambda: (clock.value, *lp.where()), lambda: trace(
            lp, pts, max(clock.value - 1, 0), C["cL"], 4))
        best = DashedLine(lp.c2p(0, N["L_end"]), lp.c2p(top_exp, N["L_end"]), color=style.DIM,
                          stroke_width=2, dash_length=0.1)
        ro = Readout([r"\text{step}", r"\cL", r"\text{accuracy}"], [0, 4, 3], 36, buff=0.18)
        ro2 = Readout([r"\cw_1", r"\cw_2", r"\cb"], [2, 2, 2], 36, buff=0.18)
        ro.next_to([0.9, 3.6, 0], DOWN, buff=0, aligned_edge=LEFT)
        ro2.next_to([3.8, 3.6, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            m.set_values([clock.row, clock.at(self.gd["loss"]), clock.at(self.gd["accuracy"])])

        def upd2(m):
            m.set_values([*clock.at(self.gd["w"]), clock.at(self.gd["b"])])
        with s0 as s:
            self.play(fade_in(self.field), fade_in(lp), FadeIn(curve), Create(best), run_time=1.5)
            self.bring_to_front(self.dots, self.line)
        with self.say("{ro} The loss falls, the accuracy rises, {turn} and the boundary keeps "
                      "turning, slower and slower: each factor of ten in steps buys less.") as s:
            self.show_live(ro, upd)
            self.show_live(ro2, upd2)
            self.wait_until("turn", s)
            self.play(clock.run_to(min(1000, T), run_time=max(4.0, s.remaining()),
                                   spacing="geometric"))
        self.play(clock.run_to(T, run_time=3.0, spacing="geometric"))
        tail = ("The gradient is down to "
                f"{_sci_words(N['grad_end'])}: this is the optimum." if N["converged"] else
                "The gradient is not yet zero: more steps would still help.")
        tail_s = tail
        with self.say(f"{{end}} After {T} steps: L = {N['L_end']:.4f}, {N['acc_end'] * 100:.1f}% "
                      f"of the tumours on the right side. {tail}",
                      spoken=f"{{end}} After {T} steps: L equals {_say(N['L_end'], 4)}, "
                             f"{_say(N['acc_end'] * 100, 1)} percent of the tumours on the right "
                             f"side. {tail_s}") as s:
            self.wait_until("end", s)
            self.play(Circumscribe(ro, color=C["cL"]), run_time=1.5)
            self.play(Indicate(self.line, color=style.TEXT, scale_factor=1.0), run_time=1.5)
        ratio = tex(rf"\frac{{\cw_1}}{{\cw_2}} = \frac{{{N['w_end'][0]:.2f}}}"
                    rf"{{{N['w_end'][1]:.2f}}} = {N['ratio_w']:.1f}", 34)
        ratio.next_to(ro2, DOWN, buff=0.35).align_to(ro2, LEFT)
        with self.say(f"{{w}} w₁ ended at {N['w_end'][0]:.2f} and w₂ at {N['w_end'][1]:.2f}: on "
                      f"the same 0 to 1 scale, radius counts about {N['ratio_w']:.1f} times as "
                      "much as texture. {tilt} That is the boundary's steep tilt.",
                      spoken=f"{{w}} w one ended at {_say(N['w_end'][0], 2)} and w two at "
                             f"{_say(N['w_end'][1], 2)}: on the same zero to one scale, radius "
                             f"counts about {_say(N['ratio_w'], 1)} times as much as texture. "
                             "{tilt} That is the boundary's steep tilt.") as s:
            self.wait_until("w", s)
            self.play(FadeIn(ratio, shift=0.2 * DOWN), run_time=1.2)
            self.wait_until("tilt", s)
            self.play(Indicate(self.line, color=style.TEXT, scale_factor=1.0), run_time=1.5)
        ro.clear_updaters()
        ro2.clear_updaters()
        curve.clear_updaters()
        self.follow = None
        for t, v in zip(self.w_t, (*N["w_end"], N["b_end"])):
            t.set_value(v)
        self.run_bits = VGroup(lp, curve, best, ro, ro2, ratio)

    @beat("What averaging did")
    def averaged(self):
        N = self.N
        g1, g2 = N["g0"]
        ga = N["g_avg0"]
        s0 = self.say("The notebook this book grew from computed this gradient differently, "
                      "{avg} and never reached this boundary. It averaged the slope over the "
                      "two features as well: one number, the same for both weights.")
        mp = Plot(MAP[0], MAP[1], 7.0, 5.0, xticks=(0, 10, 20), yticks=(-5, 0, 5, 10),
                  xlabel=tex(r"\cw_1", 40), ylabel=tex(r"\cw_2", 40), xlabel_right=True)
        mp.place((-6.3, -2.3))
        ws1, ws2 = np.linspace(*MAP[0], 141), np.linspace(*MAP[1], 101)
        Z, _ = profile_loss(self.X, self.y, ws1, ws2)
        levels = sorted([N["L_end"] + 0.004 * 2 ** k for k in range(9) if k != 4] + [N["L_avg"]])
        surf = Group(heatmap(mp, Z), contour_lines(mp, Z, ws1, ws2, levels, stroke_width=2,
                                                   opacity=0.7))
        touch = contour_lines(mp, Z, ws1, ws2, [N["L_avg"]], colors=C["cL"], stroke_width=3,
                              opacity=0.9)
        star = Star(n=5, outer_radius=0.15, color=style.TEXT, fill_opacity=1).move_to(
            mp.c2p(*N["w_end"]))
        self.field.clear_updaters()
        self.line.clear_updaters()
        self.play(FadeOut(self.run_bits), FadeOut(self.line), fade_out(self.field),
                  FadeOut(self.dots), fade_out(self.dplot), run_time=1.2)
        c1 = tex(r"\frac{\partial \cL}{\partial \cw_1} \text{ and } "
                 r"\frac{\partial \cL}{\partial \cw_2} \;\to\; \frac12 \Big( "
                 r"\frac{\partial \cL}{\partial \cw_1} + \frac{\partial \cL}{\partial \cw_2} \Big)",
                 36)
        c1.next_to([1.3, 3.65, 0], DOWN, buff=0, aligned_edge=LEFT)
        fit_width(c1, 5.6)
        with s0 as s:
            self.wait_until("avg", s)
            self.play(fade_in(mp), fade_in(surf), FadeIn(star), run_time=2)
            self.bring_to_front(mp, star)
            self.play(Write(c1), run_time=2)
        o = mp.c2p(0, 0)
        scale = 1.6 / math.hypot(g1, g2)       # screen units per unit of gradient
        true_a = arrow(o, o + scale * np.array([-g1, -g2, 0]), C["cg"])
        avg_a = arrow(o, o + scale * np.array([-ga, -ga, 0]), style.TEXT, tip=0.15)
        diag = DashedLine(mp.c2p(-2, -2), mp.c2p(14, 14), color=style.DIM, stroke_width=2.5,
                          dash_length=0.12)
        foot = o + scale * np.array([-ga, -ga, 0])
        drop = DashedLine(o + scale * np.array([-g1, -g2, 0]), foot, color=C["cg"],
                          stroke_width=2, dash_length=0.08)
        c2 = tex(rf"-\cnabla_{{\cw}} \cL = ({-g1:.4f},\ {-g2:.4f})", 36)
        c3 = tex(rf"\text{{averaged: }} ({-ga:.4f},\ {-ga:.4f})", 36)
        c2.next_to(c1, DOWN, buff=0.4).align_to(c1, LEFT)
        c3.next_to(c2, DOWN, buff=0.3).align_to(c1, LEFT)
        with self.say(f"{{start}} At the start, the two slopes are {g1:.4f} and {g2:.4f}: "
                      "downhill, radius says grow w₁, texture says shrink w₂. {mean} Their "
                      f"average is {ga:.4f}, and both weights take that same small step.",
                      spoken=f"{{start}} At the start, the two slopes are {_say(g1, 4)} and "
                             f"{_say(g2, 4)}: downhill, radius says grow w one, texture says "
                             f"shrink w two. {{mean}} Their average is {_say(ga, 4)}, and both "
                             "weights take that same small step.") as s:
            self.wait_until("start", s)
            self.play(GrowArrow(true_a), FadeIn(c2, shift=0.2 * DOWN), run_time=1.5)
            self.wait_until("mean", s)
            self.play(Create(diag), run_time=1.0)
            avg_lab = Circle(radius=0.32, color=style.TEXT, stroke_width=3).move_to((o + foot) / 2)
            self.play(Create(drop), GrowArrow(avg_a), FadeIn(c3, shift=0.2 * DOWN),
                      Create(avg_lab), run_time=1.5)
        with self.say("{proj} Averaging the two components is projecting the arrow onto the "
                      "diagonal, w₁ = w₂. {lost} The part across the diagonal, the part that "
                      f"would tilt the boundary, is thrown away: the step is {N['len_ratio0']:.0f} "
                      "times shorter.",
                      spoken="{proj} Averaging the two components is projecting the arrow onto "
                             "the diagonal, where w one equals w two. {lost} The part across the "
                             "diagonal, the part that would tilt the boundary, is thrown away: "
                             f"the step is {N['len_ratio0']:.0f} times shorter.") as s:
            self.wait_until("proj", s)
            self.play(Indicate(drop, color=C["cg"], scale_factor=1.0), Indicate(avg_a), run_time=1.5)
            self.wait_until("lost", s)
            self.play(Wiggle(true_a), run_time=1.5)
        ca, cg = StepClock(len(self.avg)), StepClock(len(self.gd))
        pa = np.c_[self.avg["w"][:, 0], self.avg["w"][:, 1]]
        pg = np.c_[self.gd["w"][:, 0], self.gd["w"][:, 1]]
        path_a = redraw_on(lambda: ca.value, lambda: trace(mp, pa, ca.value, C["cL"], 5))
        path_g = redraw_on(lambda: cg.value, lambda: trace(mp, pg, cg.value, style.TEXT, 4))
        dot_a = redraw_on(lambda: ca.value, lambda: Dot(mp.c2p(*ca.interp(pa)), radius=0.09,
                                                        color=C["cL"]))
        with self.say("{diag} Every step is the same for both weights, so they stay equal for "
                      "ever: the book's model can only slide along the diagonal, {run} and its "
                      "boundary can only lie at one fixed tilt.") as s:
            self.play(FadeOut(avg_a), FadeOut(drop), FadeOut(avg_lab),
                      true_a.animate.set_opacity(0.35), run_time=0.8)
            self.add(path_a, dot_a)
            self.wait_until("run", s)
            self.play(ca.run_to(len(self.avg) - 1, run_time=max(3.0, s.remaining()),
                                spacing="geometric"))
        wa = N["w_avg"]
        gs1, gs2 = N["g_stall"]
        p_st = mp.c2p(wa, wa)
        stall_a = arrow(p_st, p_st + 1.4 / math.hypot(gs1, gs2) * np.array([-gs1, -gs2, 0]),
                        C["cg"])
        c4 = tex(rf"\cw_1 = \cw_2 = {wa:.2f}", 36)
        c5 = tex(rf"-\cnabla_{{\cw}} \cL = ({-gs1:.4f},\ {-gs2:.4f})", 36)
        c4.next_to(c3, DOWN, buff=0.5).align_to(c1, LEFT)
        c5.next_to(c4, DOWN, buff=0.3).align_to(c1, LEFT)
        stop_word = "It stops" if N["avg_converged"] else "It slows to a crawl"
        zero = ("equal and opposite, so their average is zero" if N["avg_converged"] else
                "nearly equal and opposite, so their average is nearly zero")
        with self.say(f"{{stop}} {stop_word} here, at w₁ = w₂ = {wa:.2f}, where the diagonal just "
                      f"touches a contour. {{perp}} There the true slopes are {gs1:.4f} and "
                      f"{gs2:.4f}: {zero}, and the descent stalls, though downhill points "
                      "straight across the diagonal.",
                      spoken=f"{{stop}} {stop_word} here, at w one equal to w two equal to "
                             f"{_say(wa, 2)}, where the diagonal just touches a contour. {{perp}} "
                             f"There the true slopes are {_say(gs1, 4)} and {_say(gs2, 4)}: "
                             f"{zero}, and the descent stalls, though downhill points straight "
                             "across the diagonal.") as s:
            self.wait_until("stop", s)
            self.play(FadeIn(c4, shift=0.2 * DOWN), Indicate(dot_a, scale_factor=1.8,
                                                            color=C["cL"]), run_time=1.5)
            self.play(Create(touch), run_time=1.5)
            self.bring_to_front(path_a, dot_a)
            self.wait_until("perp", s)
            self.play(GrowArrow(stall_a), FadeIn(c5, shift=0.2 * DOWN), run_time=1.5)
        dot_g = redraw_on(lambda: cg.value, lambda: Dot(mp.c2p(*cg.interp(pg)), radius=0.09,
                                                        color=style.TEXT))
        c6 = tex(rf"\cL = {N['L_avg']:.3f} \text{{ vs }} {N['L_end']:.3f}", 36)
        c7 = tex(rf"{N['acc_avg'] * 100:.1f}\% \text{{ vs }} {N['acc_end'] * 100:.1f}\%"
                 r" \text{ right}", 36)
        c6.next_to(c5, DOWN, buff=0.5).align_to(c1, LEFT)
        c7.next_to(c6, DOWN, buff=0.3).align_to(c1, LEFT)
        with self.say("{right} With one slope per weight, the descent follows that arrow off the "
                      "diagonal, to the star. {cost} The book's model ends at a loss of "
                      f"{N['L_avg']:.3f} instead of {N['L_end']:.3f}, {{acc}} and gets "
                      f"{N['acc_avg'] * 100:.1f}% of the tumours right instead of "
                      f"{N['acc_end'] * 100:.1f}%.",
                      spoken="{right} With one slope per weight, the descent follows that arrow "
                             "off the diagonal, to the star. {cost} The book's model ends at a "
                             f"loss of {_say(N['L_avg'], 3)} instead of {_say(N['L_end'], 3)}, "
                             f"{{acc}} and gets {_say(N['acc_avg'] * 100, 1)} percent of the "
                             f"tumours right instead of {_say(N['acc_end'] * 100, 1)}.") as s:
            self.add(path_g, dot_g)
            self.play(cg.run_to(len(self.gd) - 1, run_time=max(2.5, s.until("cost")),
                                spacing="geometric"))
            self.wait_until("cost", s)
            self.play(FadeIn(c6, shift=0.2 * DOWN), run_time=1)
            self.wait_until("acc", s)
            self.play(FadeIn(c7, shift=0.2 * DOWN), run_time=1)
        for m in (path_a, path_g, dot_a, dot_g):
            m.clear_updaters()
        self.avg_bits = Group(mp, surf, touch, star, c1, c2, c3, c4, c5, c6, c7, true_a, stall_a, diag,
                              path_a, path_g, dot_a, dot_g)

    @beat("Summing up")
    def summary(self):
        N = self.N
        dp = data_plot(4.9, (1.65, -2.0))
        dots = self.dots_on(dp, 0.036)
        w, b = np.array(N["w_end"]), N["b_end"]
        field = field_image(dp, w, b)
        good = Line(*dp.pts(np.array(boundary_segment(w, b))), color=style.TEXT, stroke_width=4)
        seg = boundary_segment(np.array([N["w_avg"]] * 2), N["b_avg"])
        bad = DashedLine(*dp.pts(np.array(seg)), color=C["cL"], stroke_width=4, dash_length=0.15)
        s0 = self.say("{both} On the tumours, the two boundaries: the book's, stuck at one tilt, "
                      "and the one with a slope for each weight.")
        self.play(FadeOut(self.avg_bits), run_time=1.2)
        with s0 as s:
            self.add(field, dots)
            self.play(fade_in(dp), fade_in(field), FadeIn(dots), run_time=1.5)
            self.wait_until("both", s)
            self.play(Create(bad), run_time=1.2)
            self.play(Create(good), run_time=1.2)
        summary = VGroup(
            tex(r"\cp = \csigma(\cz), \quad \cz = \cw_1 \cx_1 + \cw_2 \cx_2 + \cb", 38),
            tex(r"\cL = -\frac{1}{n} \sum_i \big[ \cy_i \log \cp_i + (1 - \cy_i) "
                r"\log(1 - \cp_i) \big]", 38),
            tex(r"\csigma' = \csigma (1 - \csigma)", 38),
            tex(r"\frac{\partial " + ELL + r"_i}{\partial \cz_i} = \cp_i - \cy_i", 38),
            tex(r"\frac{\partial \cL}{\partial \cw_j} = \frac{1}{n} \sum_i (\cp_i - \cy_i)\, "
                r"\cx_{ij}", 38),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        fit_width(summary, 7.4)
        summary.next_to([-6.7, 3.5, 0], DOWN, buff=0, aligned_edge=LEFT)
        with self.say("To sum up. {s1} The logistic function turns a score into a probability. "
                      "{s2} Maximum likelihood of the labels gives the cross-entropy, which "
                      "charges confident mistakes without bound. {s3} The sigmoid's slope is "
                      "σ times 1 minus σ, {s4} and it cancels against the log, leaving p − y. "
                      "{s5} Each weight gets its own slope: the gaps, weighted by its own "
                      "feature. Next: three classes at once, with softmax.",
                      spoken="To sum up. {s1} The logistic function turns a score into a "
                             "probability. {s2} Maximum likelihood of the labels gives the "
                             "cross-entropy, which charges confident mistakes without bound. "
                             "{s3} The sigmoid's slope is sigma times one minus sigma, {s4} and "
                             "it cancels against the log, leaving p minus y. {s5} Each weight "
                             "gets its own slope: the gaps, weighted by its own feature. Next: "
                             "three classes at once, with softmax.") as s:
            for i, m in enumerate(summary):
                self.wait_until(f"s{i + 1}", s)
                self.play(FadeIn(m, shift=0.2 * RIGHT), run_time=0.8)
        self.wait(2)


# -- small helpers --------------------------------------------------------------------------------
def _alpha(dots: DotCloud, target: np.ndarray, **kwargs):
    """Animate the dots' visibilities to ``target`` (N,)."""
    a0 = dots.alpha.copy()
    return UpdateFromAlphaFunc(dots, lambda m, a: m.apply(alpha=(1 - a) * a0 + a * target),
                               **kwargs)


def _curve(plot: Plot, f, span, color, width: float = 4, dashed: bool = False) -> VMobject:
    """The graph of ``f`` over ``span`` on ``plot`` (clipped to its box)."""
    xs = np.linspace(span[0], span[1], 300)
    ys = np.asarray(f(xs), float)
    (x0, x1), (y0, y1) = plot.data_box
    keep = (ys >= y0 - 1e-9) & (ys <= y1 + 1e-9)
    pts = plot.pts(np.c_[xs[keep], ys[keep]])
    mob = VMobject(stroke_color=color, stroke_width=width)
    mob.set_points_smoothly(pts) if len(pts) < 3 else mob.set_points_as_corners(pts)
    if dashed:
        return DashedVMobject(mob, num_dashes=40, dashed_ratio=0.55)
    return mob


def _say(v: float, d: int) -> str:
    """A number with ``d`` decimals, as the voice reads it."""
    from scenes.voice import number_words
    return number_words(f"{v:.{d}f}")


def _sci_words(v: float) -> str:
    """1.6e-07 -> 'about 1.6 ten-millionths'-style words a person says."""
    m, e = f"{v:.1e}".split("e")
    return f"{m} times ten to the minus {abs(int(e))}" if int(e) < 0 else f"{v:.1f}"
