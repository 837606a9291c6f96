"""Lecture 3.1: the perceptron corrects one mistake at a time (narrated).

The story: forty points with labels +1 and -1 -> a line w . x + b = 0 and its normal w; the
sign of the score predicts -> a mistake is y (w . x + b) <= 0 -> from w = 0 every point is a
mistake; the rule w <- w + eta y x, b <- b + eta y, drawn tip to tail: the added vector turns
the line -> why it helps: the corrected point's score rises by eta (|x|^2 + 1) -> sweep the
points until a pass is clean -> Novikoff: fold b into theta; a unit separator theta* with
margin gamma, R the longest x~; each mistake adds at least eta gamma along theta*, at most
eta^2 R^2 to |theta|^2 (the step makes an obtuse angle with theta); theta turns towards
theta*, and k eta gamma <= |theta_k| <= sqrt(k) eta R gives k <= (R / gamma)^2 -> flip two
labels: no line separates, no pass is ever clean.

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter3/trajectories.py: perceptron``); ``tests/test_perceptron_lecture.py`` checks
them against the update rule replayed by hand and against closed forms.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter3/perceptron.py Perceptron``
"""
from __future__ import annotations

import math

import numpy as np
from manim import *

from algorithms.perceptron import margins
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter3.trajectories import BOX, flip_two, separable_data
from scenes.chapter3.trajectories import perceptron as trajectories
from scenes.components import (
    DotCloud, Plot, Readout, StepClock, fade_in, fade_out, fit_width, highlight,
    part, plot_label, redraw_on, tex, trace,
)
from scenes.lecture import LectureScene, beat

__all__ = ["Perceptron", "trajectories", "lecture_numbers", "separable_data", "flip_two",
           "half_plane", "boundary", "nice_ticks", "sums_to"]

C = style.COLOR
POS, NEG = style.CLASS_COLORS[3], style.CLASS_COLORS[4]   # y = +1, y = -1 (as in 3.3)
SQUARE = np.array([[-BOX, -BOX], [BOX, -BOX], [BOX, BOX], [-BOX, BOX]])
DATA_BOX = ((-BOX, BOX), (-BOX, BOX))
W_DEMO, B_DEMO = np.array([0.24, 1.08]), -0.48   # a line drawn by hand to show mistakes
TURN_DEMO = ((np.array([0.9, 0.45]), -0.4), (np.array([-0.6, 0.6]), -0.4))  # (tips clear of dots)


# -- geometry of a boundary inside the plot box ------------------------------------------------
def half_plane(w: np.ndarray, b: float, sign: float, square: np.ndarray = SQUARE) -> np.ndarray:
    """Vertices of ``{x in square : sign (w . x + b) >= 0}`` (Sutherland-Hodgman, one edge);
    ``square`` (4, 2) lists the corners of the plot box in order."""
    f = sign * (square @ w + b)  # (4,)
    out = []
    for k in range(4):
        p, q, fp, fq = square[k], square[(k + 1) % 4], f[k], f[(k + 1) % 4]
        if fp >= 0:
            out.append(p)
        if fp * fq < 0:
            out.append(p + (q - p) * fp / (fp - fq))
    return np.array(out).reshape(-1, 2)


def boundary(w: np.ndarray, b: float, square: np.ndarray = SQUARE) -> np.ndarray | None:
    """End points (2, 2) of ``w . x + b = 0`` inside the box ``square`` (4, 2), or None."""
    f = square @ w + b
    pts = [square[k] + (square[(k + 1) % 4] - square[k]) * f[k] / (f[k] - f[(k + 1) % 4])
           for k in range(4) if f[k] * f[(k + 1) % 4] < 0]
    return np.array(pts[:2]) if len(pts) >= 2 else None


def nice_ticks(hi: float, most: int = 5) -> list[float]:
    """Round tick values from 0 up to ``hi``: at most ``most`` of them, steps 1, 2 or 5 x 10^k."""
    for e in range(-3, 6):
        for m in (1, 2, 5):
            step = m * 10.0 ** e
            n = int(math.floor(hi / step + 1e-9)) + 1
            if n <= most:
                return [round(i * step, 6) for i in range(n)]
    return [0.0, hi]


def sums_to(a: float, b: float, c: float) -> int:
    """The fewest decimals (2 to 4) at which ``a`` and ``b`` as written add up to ``c`` as
    written (so a sum on screen is right to its last digit)."""
    for d in (2, 3, 4):
        if round(round(a, d) + round(b, d), d) == round(c, d):
            return d
    return 4


# -- the numbers ----------------------------------------------------------------------------------
def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows, from the two runs (no Manim needed).

    Arrays over the updates ``k = 0 .. K`` of the separable run (row 0: theta = 0):
    ``along`` theta_k . theta*, ``off`` the distance of theta_k from the line of theta*,
    ``norm`` |theta_k|, ``cos`` the cosine of their angle (0 at theta = 0). Over ``k = 1 .. K``
    (index 0 unused): ``before``/``after`` the corrected point's score y theta . x~ before and
    after its update, ``gain_along`` eta y theta* . x~, ``gain_sq`` |theta_k|^2 - |theta_k-1|^2,
    ``step_sq`` eta^2 |x~|^2, ``obtuse`` the angle (degrees) between theta_k-1 and the step.
    """
    sep, noisy = runs["separable"], runs["noisy"]
    X, y = sep.data["X"], sep.data["y"]
    n, lr = len(y), float(sep.info["lr"])
    nov = sep.info["novikoff"]
    Xa = np.c_[X, np.ones(n)]                              # (n, 3): x~ = (x, 1)
    theta = np.c_[sep["w"], sep["b"]]                       # (K+1, 3): theta = (w, b)
    ts = np.r_[nov["w_star"], nov["b_star"]]                # (3,) unit separator theta*
    K = len(sep) - 1
    along = theta @ ts
    norm = np.linalg.norm(theta, axis=1)
    off = np.sqrt(np.maximum(norm ** 2 - along ** 2, 0.0))
    cos = np.divide(along, norm, out=np.zeros_like(along), where=norm > 0)
    idx = sep["index"].astype(int)
    before, after, gain_along = np.zeros(K + 1), np.zeros(K + 1), np.zeros(K + 1)
    step_sq, obtuse = np.zeros(K + 1), np.full(K + 1, np.nan)
    for k in range(1, K + 1):
        i = idx[k]
        step = lr * y[i] * Xa[i]                            # (3,) the update eta y x~
        before[k] = y[i] * theta[k - 1] @ Xa[i]
        after[k] = y[i] * theta[k] @ Xa[i]
        gain_along[k] = step @ ts
        step_sq[k] = step @ step
        if norm[k - 1] > 0:
            obtuse[k] = math.degrees(math.acos(np.clip(theta[k - 1] @ step
                                                       / (norm[k - 1] * math.sqrt(step_sq[k])),
                                                       -1, 1)))
    gain_sq = np.r_[0.0, np.diff(norm ** 2)]
    # the update drawn as a triangle: the most obtuse one
    k_tri = int(np.nanargmax(obtuse))
    # the update whose score is followed in the derivation: the first with a negative score
    k_fix = int(next((k for k in range(1, K + 1) if before[k] < -1e-9), 1))
    R, gamma = float(nov["R"]), float(nov["gamma"])
    sv = np.flatnonzero(y * (Xa @ ts) <= gamma + 1e-6)      # the points on the margin
    far = int(np.argmax(np.linalg.norm(Xa, axis=1)))
    epoch = sep["epoch"].astype(int)
    mis = sep["mistakes"].astype(int)
    worse = [k for k in range(1, K + 1) if mis[k] > mis[k - 1]]
    nm = noisy["mistakes"].astype(int)
    return {
        "n": n, "n_pos": int(np.sum(y > 0)), "n_neg": int(np.sum(y < 0)), "lr": lr,
        "K": K, "epochs": int(sep.info["epochs"]), "converged": bool(sep.converged),
        "epoch": epoch, "mistakes": mis, "index": idx,
        "first_pass": int(np.sum(epoch == 1)), "worse": worse,
        "demo_mistakes": int(np.sum(margins(W_DEMO, B_DEMO, X, y) <= 0)),
        "theta": theta, "theta_star": ts, "along": along, "off": off, "norm": norm, "cos": cos,
        "before": before, "after": after, "gain_along": gain_along, "gain_sq": gain_sq,
        "step_sq": step_sq, "obtuse": obtuse, "k_tri": k_tri, "k_fix": k_fix,
        "fix_gain": lr * float(Xa[idx[k_fix]] @ Xa[idx[k_fix]]),
        "R": R, "gamma": gamma, "bound": float(nov["bound"]), "sv": [int(i) for i in sv],
        "far": far,
        "noisy_K": len(noisy) - 1, "noisy_epochs": int(noisy.info["epochs"]),
        "noisy_converged": bool(noisy.converged), "noisy_mistakes": nm,
        "noisy_best": int(nm[1:].min()) if len(nm) > 1 else int(nm[0]),
        "noisy_left": int(nm[-1]), "flipped": [int(i) for i in noisy.info["flipped"]],
    }


def _num(v: float, d: int = 2) -> str:
    """A number as typeset and said: ``d`` decimals, minus zero written as zero."""
    s = f"{v:.{d}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s


# -- the lecture ----------------------------------------------------------------------------------
class Perceptron(LectureScene):
    LECTURE = "chapter3/perceptron"

    def setup(self):
        super().setup()
        self.runs = self.trajectories()
        self.sep, self.noisy = self.runs["separable"], self.runs["noisy"]
        self.N = lecture_numbers(self.runs)
        self.X, self.y = self.sep.data["X"], self.sep.data["y"]
        self.lr = self.N["lr"]
        self.w1, self.w2, self.b = ValueTracker(0), ValueTracker(0), ValueTracker(0)
        self.follow = None          # (clock, W, B) while a run drives the line
        self.label_side = 0         # which side of w's tip its label sits on (kept while it fits)
        self.ro_override = None     # the readout's values while no run drives it
        self.ep_floor = 0           # the epoch shown once a clean pass has begun

    # -- the line on screen ----------------------------------------------------------------------
    def wb(self) -> tuple[np.ndarray, float]:
        if self.follow is not None:
            clock, W, B = self.follow
            return np.asarray(clock.interp(W), float), float(clock.interp(B))
        return np.array([self.w1.get_value(), self.w2.get_value()]), self.b.get_value()

    def set_wb(self, w, b=None, **kw) -> list:
        """Animations moving the tracked line to ``w`` (and ``b``)."""
        anims = [self.w1.animate(**kw).set_value(float(w[0])),
                 self.w2.animate(**kw).set_value(float(w[1]))]
        if b is not None:
            anims.append(self.b.animate(**kw).set_value(float(b)))
        return anims

    def key(self):
        return lambda: (*np.round(self.wb()[0], 5), round(self.wb()[1], 5), *self.dp.where())

    def shading(self) -> Mobject:
        def draw():
            w, b = self.wb()
            out = VGroup()
            if np.hypot(*w) < 1e-6:
                return out.add(VMobject(), VMobject())
            for sign, col in ((1, POS), (-1, NEG)):
                poly = half_plane(w, b, sign)
                out.add(Polygon(*self.dp.pts(poly), stroke_width=0, fill_color=col,
                                fill_opacity=0.15) if len(poly) >= 3 else VMobject())
            return out
        return redraw_on(self.key(), draw)

    def boundary_line(self, width: float = 4) -> Mobject:
        def draw():
            w, b = self.wb()
            seg = boundary(w, b) if np.hypot(*w) > 1e-6 else None
            if seg is None:
                return VMobject()
            return Line(*self.dp.pts(seg), color=style.TEXT, stroke_width=width)
        return redraw_on(self.key(), draw)

    def w_arrow(self) -> Mobject:
        def draw():
            w, _ = self.wb()
            o, tip = self.dp.c2p(0, 0), self.dp.c2p(*w)
            if np.linalg.norm(tip - o) < 0.05:
                return VMobject()
            return Arrow(o, tip, buff=0, color=C["cw"], stroke_width=7,
                         max_tip_length_to_length_ratio=0.3, max_stroke_width_to_length_ratio=12)
        return redraw_on(self.key(), draw)

    def label_spot(self) -> np.ndarray:
        """Where w's label goes: beside its tip, on the side farther from the boundary line
        and the dots (the side is kept while it stays clear, so the label does not flicker)."""
        w, b = self.wb()
        o, tip = self.dp.c2p(0, 0), self.dp.c2p(*w)
        d = tip - o
        u = d / max(np.linalg.norm(d), 1e-9)
        nrm = np.array([-u[1], u[0], 0.0])
        spots = [tip + 0.42 * u, tip + 0.34 * nrm + 0.1 * u, tip - 0.34 * nrm + 0.1 * u]
        seg = boundary(w, b) if np.hypot(*w) > 1e-6 else None
        P = self.dots.pos if hasattr(self, "dots") else np.zeros((0, 3))

        def clear(p):
            c = 9.0
            if seg is not None:
                a, q = self.dp.pts(seg)
                t = np.clip(np.dot(p - a, q - a) / max(np.dot(q - a, q - a), 1e-9), 0, 1)
                c = min(c, np.linalg.norm(p - (a + t * (q - a))) - 0.2)
            if len(P):
                c = min(c, np.min(np.linalg.norm(P - p, axis=1)) - 0.12)
            return c
        scores = [clear(p) for p in spots]
        if scores[self.label_side] < 0.08:
            self.label_side = int(np.argmax(scores))
        return spots[self.label_side]

    def w_label(self) -> Mobject:
        lab = tex(r"\cw", 42)

        def place(m):
            m.move_to(self.label_spot())
            w, _ = self.wb()
            m.set_opacity(1.0 if np.linalg.norm(w) * self.dp.scale_x() > 0.3 else 0.0)
        lab.add_updater(place)
        place(lab)
        return lab

    def dim_dots(self, keep=None, level: float = 0.3, **kw) -> Animation:
        """Dim every dot but ``keep`` (None: light them all again)."""
        a0 = self.dots.alpha.copy()
        a1 = np.ones(len(a0)) if keep is None else np.full(len(a0), level)
        if keep is not None:
            a1[list(keep)] = 1.0
        return UpdateFromAlphaFunc(self.dots, lambda m, t: m.apply(alpha=(1 - t) * a0 + t * a1),
                                   **kw)

    def ring(self, i: int, color=style.TEXT, r: float = 0.17) -> Circle:
        return Circle(radius=r, color=color, stroke_width=3.5).move_to(self.dots.pos[i])

    def readout_values(self, m):
        if self.follow is not None and self.ro_override is None:
            clock = self.follow[0]
            r = clock.row
            m.set_values([r, max(self.N["epoch"][r], self.ep_floor), self.N["mistakes"][r]])
        else:
            m.set_values(self.ro_override)

    # ---------------------------------------------------------------------------------------------
    @beat("Two kinds of points")
    def data(self):
        N = self.N
        self.dp = Plot(DATA_BOX[0], DATA_BOX[1], 5.6, 5.6, xticks=(-2, -1, 0, 1, 2),
                       yticks=(-2, -1, 0, 1, 2), xlabel=tex(r"\cx_1", 40),
                       ylabel=tex(r"\cx_2", 40), xlabel_right=True).place((-6.15, -2.4))
        cross = VGroup(Line(self.dp.c2p(-BOX, 0), self.dp.c2p(BOX, 0)),
                       Line(self.dp.c2p(0, -BOX), self.dp.c2p(0, BOX))).set_stroke(style.GRID, 2)
        self.cross = cross
        cols = [POS if v > 0 else NEG for v in self.y]
        self.dots = DotCloud(self.dp.pts(self.X), radius=0.075, colors=cols, opacity=1.0)
        leg = VGroup(
            VGroup(Dot(radius=0.09, color=POS), tex(r"\cy = +1", 40)).arrange(RIGHT, buff=0.2),
            VGroup(Dot(radius=0.09, color=NEG), tex(r"\cy = -1", 40)).arrange(RIGHT, buff=0.2),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to([3.4, 2.2, 0])
        self.leg = leg
        with self.say(f"Here are {N['n']} points in the plane. {{dots}} Each has two coordinates, "
                      "x₁ and x₂, and a label y: {pos} plus one, {neg} or minus one.",
                      spoken=f"Here are {N['n']} points in the plane. {{dots}} Each has two "
                             "coordinates, x one and x two, and a label y: {pos} plus one, "
                             "{neg} or minus one.") as s:
            self.play(fade_in(self.dp), FadeIn(cross), run_time=self.till(s, "dots"))
            self.add(cross, self.dots)
            self.play(self.dots.intro(lag_ratio=0.03, scale=0.3), run_time=2.0)
            self.wait_until("pos", s)
            self.play(FadeIn(leg[0], shift=0.2 * LEFT), run_time=0.8)
            self.wait_until("neg", s)
            self.play(FadeIn(leg[1], shift=0.2 * LEFT), run_time=0.8)
        end_w, end_b = self.sep["w"][-1], float(self.sep["b"][-1])
        seg = boundary(end_w, end_b)
        ghost = DashedLine(*self.dp.pts(seg), color=style.TEXT, stroke_width=3, dash_length=0.15)
        goal = tex(r"\text{one line, every point on its own side}", 34, style.DIM)
        goal.next_to(leg, DOWN, buff=0.6).set_x(3.55)
        with self.say("We want a straight line with every plus one on one side and every minus "
                      "one on the other. {line} Here such a line exists. {find} The perceptron "
                      "finds one the simplest way there is: it looks for a point the line gets "
                      "wrong, and fixes it; then the next.") as s:
            self.wait_until("line", s)
            self.play(Create(ghost), FadeIn(goal), run_time=1.5)
            self.wait_until("find", s)
            self.play(Indicate(self.dots, scale_factor=1.0, color=style.TEXT), run_time=1.5)
            self.play(FadeOut(ghost), run_time=1.0)
        self.goal = goal

    @beat("A line and its normal")
    def model(self):
        left = 0.2
        m1 = tex(r"{{ \cw \cdot \cx + \cb }} = 0", 48)
        self.eq_at(m1, left, 3.6)
        w0, b0 = TURN_DEMO[0]
        self.w1.set_value(w0[0])
        self.w2.set_value(w0[1])
        self.b.set_value(b0)
        self.shade = self.shading()
        self.bline = self.boundary_line()
        self.warrow = self.w_arrow()
        self.wlab = self.w_label()
        with self.say("A line in the plane is the set where w·x + b is zero: {eq} w is a vector "
                      "of two weights, b is a single number.",
                      spoken="A line in the plane is the set where w dot x, plus b, is zero: "
                             "{eq} w is a vector of two weights, b is a single number.") as s:
            self.play(FadeOut(self.leg), FadeOut(self.goal), run_time=0.8)
            self.wait_until("eq", s)
            self.play(Write(m1), run_time=1.5)
            self.add(self.shade, self.cross, self.bline, self.dots, self.warrow, self.wlab)
            self.play(FadeIn(self.shade), Create(self.bline), GrowArrow(self.warrow),
                      FadeIn(self.wlab), run_time=max(1.5, s.remaining()))
        m2 = tex(r"\cyhat = \operatorname{sign}( {{ \cw \cdot \cx + \cb }} )", 48)
        m2.next_to(m1, DOWN, buff=0.45).align_to(m1, LEFT)
        with self.say("{w} The vector w is perpendicular to the line, and points to the side "
                      "where the score w·x + b is positive. {sign} The perceptron predicts "
                      "plus one there, {neg} and minus one on the other side: ŷ is the sign "
                      "of the score.",
                      spoken="{w} The vector w is perpendicular to the line, and points to the "
                             "side where the score, w dot x plus b, is positive. {sign} The "
                             "perceptron predicts plus one there, {neg} and minus one on the "
                             "other side: y hat is the sign of the score.") as s:
            self.wait_until("w", s)
            self.play(Indicate(self.warrow, color=C["cw"], scale_factor=1.0), run_time=1.2)
            self.wait_until("sign", s)
            self.play(Write(m2), Indicate(self.shade[0], color=POS, scale_factor=1.0),
                      run_time=1.5)
            self.wait_until("neg", s)
            self.play(Indicate(self.shade[1], color=NEG, scale_factor=1.0), run_time=1.2)
        with self.say("{turn} Turn w, and the line turns with it. {slide} Change b, and the "
                      "line slides along w without turning.") as s:
            self.wait_until("turn", s)
            w1, b1 = TURN_DEMO[1]
            self.play(*self.set_wb(w1), run_time=max(1.5, s.until("slide") - 0.2))
            self.wait_until("slide", s)
            self.play(self.b.animate.set_value(0.5), run_time=max(1.0, s.remaining() / 2))
            self.play(self.b.animate.set_value(b1), run_time=max(1.0, s.remaining()))
        self.m1, self.m2 = m1, m2

    @beat("What counts as a mistake")
    def mistake(self):
        N = self.N
        mis = tex(r"\text{mistake:}\quad {{ \cy_i\,(\cw \cdot \cx_i + \cb) }} \le 0", 44)
        mis.next_to(self.m2, DOWN, buff=0.5).align_to(self.m1, LEFT)
        with self.say("{demo} Take this line. {right} A point is right when its label and its "
                      "score have the same sign: then y times the score is positive. {bad} When "
                      "that product is zero or negative, the point is a mistake.") as s:
            self.play(*self.set_wb(W_DEMO, B_DEMO), run_time=max(1.2, s.until("right")))
            self.wait_until("right", s)
            self.play(Circumscribe(part(self.m2, r"\cw \cdot \cx + \cb"), color=C["cw"]),
                      run_time=1.2)
            self.wait_until("bad", s)
            self.play(Write(mis), run_time=1.5)
            box = highlight(part(mis, r"\cy_i\,(\cw \cdot \cx_i + \cb)"), color=style.TEXT)
            self.play(Create(box), run_time=0.8)
        bad = np.flatnonzero(margins(W_DEMO, B_DEMO, self.X, self.y) <= 0)
        rings = VGroup(*[self.ring(i) for i in bad])
        with self.say(f"{{rings}} This line makes {N['demo_mistakes']} mistakes: points on the "
                      "wrong side of it.") as s:
            self.wait_until("rings", s)
            self.play(LaggedStart(*[Create(r) for r in rings], lag_ratio=0.15), run_time=1.8)
        self.play(FadeOut(rings), FadeOut(box), run_time=0.8)
        self.mis = mis

    @beat("Correct one mistake")
    def first_update(self):
        N, lr = self.N, self.lr
        k = 1
        i = int(N["index"][k])
        yi, xi = int(self.y[i]), self.X[i]
        with self.say(f"The perceptron starts from nothing: {{zero}} w = 0 and b = 0. Every score "
                      f"is then zero, {{all}} so all {N['n']} points count as mistakes.") as s:
            self.play(FadeOut(self.m2), self.mis.animate.next_to(self.m1, DOWN, buff=0.45)
                      .align_to(self.m1, LEFT), run_time=1.0)
            self.wait_until("zero", s)
            self.play(*self.set_wb([0.0, 0.0], 0.0), run_time=1.5)
            self.ro_override = [0, 0, N["mistakes"][0]]
            self.ep_floor = 0
            ro = Readout([r"\text{update}", r"\text{epoch}", r"\text{mistakes}"], decimals=0,
                         size=36)
            ro.next_to([0.3, -0.9, 0], DOWN, buff=0, aligned_edge=LEFT)
            self.ro = ro
            self.wait_until("all", s)
            self.show_live(ro, lambda m: self.readout_values(m))
            self.play(Indicate(self.dots, color=style.TEXT, scale_factor=1.0), run_time=1.2)
        rule = tex(r"{{ \cw }} \leftarrow {{ \cw }} + {{ \ceta\, \cy_i\, \cx_i }}, \quad "
                   r"{{ \cb }} \leftarrow {{ \cb }} + {{ \ceta\, \cy_i }}", 42)
        rule.next_to(self.mis, DOWN, buff=0.55).align_to(self.m1, LEFT)
        eta = tex(rf"\ceta = {lr:g}", 44).next_to(rule, DOWN, buff=0.3).align_to(rule, LEFT)
        ring = self.ring(i)
        o = self.dp.c2p(0, 0)
        xarrow = Arrow(o, self.dp.c2p(*xi), buff=0, color=style.TEXT, stroke_width=4,
                       max_tip_length_to_length_ratio=0.25)
        with self.say("It makes a pass over the points in a shuffled order, one pass per "
                      f"epoch. {{first}} The first point it visits is labelled "
                      f"{'minus' if yi < 0 else 'plus'} one; its score is zero: a mistake.") as s:
            self.ro_override = [0, 1, N["mistakes"][0]]
            self.wait_until("first", s)
            self.play(Create(ring), self.dim_dots([i]), run_time=0.8)
        with self.say("{rule} The rule: w becomes w plus η times y times x, and b becomes b "
                      f"plus η y, {{eta}} with a learning rate η; here η = {lr:g}.",
                      spoken="{rule} The rule: w becomes w plus eta times y times x, and b "
                             "becomes b plus eta times y, {eta} with a learning rate eta; here "
                             f"eta is {lr:g}.") as s:
            self.wait_until("rule", s)
            self.play(Write(rule), run_time=2.0)
            self.wait_until("eta", s)
            self.play(FadeIn(eta, shift=0.2 * DOWN), run_time=0.8)
        step_end = self.dp.c2p(*(lr * yi * xi))
        step = Arrow(o, step_end, buff=0, color=C["cy"], stroke_width=6,
                     max_tip_length_to_length_ratio=0.3)
        xlab = tex(r"\cx_i", 38).next_to(xarrow.get_end(), UP, buff=0.12)
        box = highlight(part(rule, r"\ceta\, \cy_i\, \cx_i"), color=C["cy"])
        sign = "minus" if yi < 0 else "plus"
        with self.say(f"{{x}} Here is x, the arrow to the point. {{yx}} With y = {yi:+d}, η y x "
                      f"is {sign} {'η ' if lr != 1 else ''}x. {{add}} Add it to w, which is "
                      "zero: w becomes that arrow.",
                      spoken=f"{{x}} Here is x, the arrow to the point. {{yx}} With y equal to "
                             f"{sign} one, eta y x is {sign} {'eta ' if lr != 1 else ''}x. "
                             "{add} Add it to w, which is zero: w becomes that arrow.") as s:
            self.wait_until("x", s)
            self.play(GrowArrow(xarrow), FadeIn(xlab), run_time=1.0)
            self.wait_until("yx", s)
            self.play(Create(box), TransformFromCopy(xarrow, step), run_time=1.5)
            self.wait_until("add", s)
            self.play(*self.set_wb(self.sep["w"][k]), FadeOut(step), run_time=1.5)
        with self.say(f"{{b}} b becomes {_num(self.sep['b'][k], 0 if lr == 1 else 2)}, and a line "
                      f"appears, with the point on its {'minus' if yi < 0 else 'plus'} side. "
                      f"{{count}} Now {N['mistakes'][k]} points are wrong, not {N['n']}.") as s:
            self.wait_until("b", s)
            self.play(self.b.animate.set_value(float(self.sep["b"][k])), run_time=1.5)
            self.ro_override = [k, 1, N["mistakes"][k]]
            self.wait_until("count", s)
            self.play(Circumscribe(ro[2], color=style.TEXT), run_time=1.2)
        self.play(FadeOut(ring), FadeOut(xarrow), FadeOut(xlab), FadeOut(box), self.dim_dots(),
                  run_time=0.6)
        self.rule, self.eta_v = rule, eta

    @beat("Tip to tail")
    def tip_to_tail(self):
        N, lr = self.N, self.lr
        k = N["k_fix"]
        i = int(N["index"][k])
        yi, xi = int(self.y[i]), self.X[i]
        w_old, w_new = self.sep["w"][k - 1], self.sep["w"][k]
        o = self.dp.c2p(0, 0)
        ring = self.ring(i)
        xarrow = Arrow(o, self.dp.c2p(*xi), buff=0, color=style.TEXT, stroke_width=4,
                       max_tip_length_to_length_ratio=0.25)
        d = sums_to(N["before"][k], N["fix_gain"], N["after"][k])
        side = "minus" if yi > 0 else "plus"
        lab = "plus" if yi > 0 else "minus"
        with self.say(f"{{next}} The next mistake: a {lab} one point on the {side} side. y "
                      f"times its score is {_num(N['before'][k], d)}.") as s:
            self.ro_override = [k - 1, N["epoch"][k], N["mistakes"][k - 1]]
            self.wait_until("next", s)
            self.play(Create(ring), GrowArrow(xarrow), self.dim_dots([i]), run_time=1.2)
        tail, head = self.dp.c2p(*w_old), self.dp.c2p(*(w_old + lr * yi * xi))
        step0 = Arrow(o, self.dp.c2p(*(lr * yi * xi)), buff=0, color=C["cy"], stroke_width=6,
                      max_tip_length_to_length_ratio=0.3)
        step = Arrow(tail, head, buff=0, color=C["cy"], stroke_width=6,
                     max_tip_length_to_length_ratio=0.3)
        box = highlight(part(self.rule, r"\ceta\, \cy_i\, \cx_i"), color=C["cy"])
        with self.say("{step} Add η y x to w, tip to tail: {move} the arrow moves to the tip of "
                      "w. {turn} The new w is their sum, and the line turns towards the point.",
                      spoken="{step} Add eta y x to w, tip to tail: {move} the arrow moves to "
                             "the tip of w. {turn} The new w is their sum, and the line turns "
                             "towards the point.") as s:
            self.wait_until("step", s)
            self.play(TransformFromCopy(xarrow, step0), Create(box), run_time=1.2)
            self.wait_until("move", s)
            self.play(ReplacementTransform(step0, step), run_time=1.2)
            self.wait_until("turn", s)
            self.play(*self.set_wb(w_new), run_time=max(2.0, s.remaining()))
        bnew = float(self.sep["b"][k])
        with self.say(f"{{b}} And b goes {'up' if yi > 0 else 'down'} by η, sliding the line "
                      "past the point.",
                      spoken=f"{{b}} And b goes {'up' if yi > 0 else 'down'} by eta, sliding "
                             "the line past the point.") as s:
            self.wait_until("b", s)
            self.play(self.b.animate.set_value(bnew), run_time=max(1.5, s.remaining()))
            self.ro_override = [k, N["epoch"][k], N["mistakes"][k]]
        self.play(FadeOut(step), FadeOut(xarrow), FadeOut(box), self.dim_dots(), run_time=0.6)
        self.fix_ring = ring

    @beat("Why a correction helps")
    def why(self):
        N = self.N
        k = N["k_fix"]
        left, W = 0.2, 6.6
        # the derivation takes the right column; the rule stays on top
        self.play(FadeOut(self.m1), FadeOut(self.mis), FadeOut(self.ro),
                  VGroup(self.rule, self.eta_v).animate.next_to([left, 3.6, 0], DOWN, buff=0,
                                                                 aligned_edge=LEFT),
                  run_time=1.0)
        self.ro.clear_updaters()
        h0 = tex(r"\cy_i\,(\cw' \cdot \cx_i + \cb')", 42)
        h0.next_to(self.eta_v, DOWN, buff=0.5).align_to(self.rule, LEFT)
        h1 = fit_width(tex(r"= {{ \cy_i }} \big( {{ (\cw + \ceta \cy_i \cx_i) }} \cdot \cx_i + "
                           r"{{ \cb + \ceta \cy_i }} \big)", 42), W - 0.4)
        h1.next_to(h0, DOWN, buff=0.3).align_to(h0, LEFT).shift(0.4 * RIGHT)
        h2 = fit_width(tex(r"= {{ \cy_i\,(\cw \cdot \cx_i + \cb) }} + {{ \ceta }} {{ \cy_i^2 }} "
                           r"{{ (\lVert \cx_i \rVert^2 + 1) }}", 42), W - 0.4)
        h2.next_to(h1, DOWN, buff=0.3).align_to(h1, LEFT)
        h3 = fit_width(tex(r"= {{ \cy_i\,(\cw \cdot \cx_i + \cb) }} + {{ \ceta }} "
                           r"{{ (\lVert \cx_i \rVert^2 + 1) }}", 40), W)
        h3.move_to(h2, aligned_edge=LEFT)
        with self.say("Why does a correction help? {new} Follow the score of the point it "
                      "corrects. After the update, it is y times the new w dot x plus the new "
                      "b. {sub} Put in the update rule: w plus η y x, and b plus η y.",
                      spoken="Why does a correction help? {new} Follow the score of the point "
                             "it corrects. After the update, it is y times, the new w dot x, "
                             "plus the new b. {sub} Put in the update rule: w plus eta y x, and "
                             "b plus eta y.") as s:
            self.play(Indicate(self.fix_ring, color=style.TEXT), run_time=1.2)
            self.wait_until("new", s)
            self.play(Write(h0), run_time=1.5)
            self.wait_until("sub", s)
            self.play(Write(h1), Indicate(self.rule, color=style.TEXT, scale_factor=1.0),
                      run_time=2.0)
        with self.say("{expand} Multiply out: the old score, plus η y squared times the "
                      "squared length of x plus one. {y2} And y squared is one, whichever the "
                      "label.",
                      spoken="{expand} Multiply out: the old score, plus eta, y squared, times "
                             "the squared length of x, plus one. {y2} And y squared is one, "
                             "whichever the label.") as s:
            self.wait_until("expand", s)
            self.play(FadeIn(h2, shift=0.2 * DOWN), run_time=1.5)
            self.wait_until("y2", s)
            b2 = highlight(part(h2, r"\cy_i^2"), color=C["cy"])
            self.play(Create(b2), run_time=0.6)
            self.play(FadeOut(b2), run_time=0.3)
            self.morph(h2, h3, run_time=1.2)
        d = sums_to(N["before"][k], N["fix_gain"], N["after"][k])
        num = fit_width(tex(rf"{_num(N['before'][k], d)} + {_num(N['fix_gain'], d)} = "
                            rf"{_num(N['after'][k], d)}", 44), W)
        num.next_to(h3, DOWN, buff=0.5).align_to(self.rule, LEFT)
        gbox = highlight(part(h3, r"(\lVert \cx_i \rVert^2 + 1)"), color=C["ceta"])
        with self.say("{gain} So the score always rises by η times the squared length of x plus "
                      f"one: a positive amount. {{num}} Here: {_num(N['before'][k], d)} plus "
                      f"{_num(N['fix_gain'], d)} is {_num(N['after'][k], d)}"
                      + (": fixed." if N["after"][k] > 0 else ": better, not yet fixed."),
                      spoken="{gain} So the score always rises by eta times the squared length "
                             "of x, plus one: a positive amount. "
                             f"{{num}} Here: {_say(N['before'][k], d)} plus "
                             f"{_say(N['fix_gain'], d)} is {_say(N['after'][k], d)}"
                             + (": fixed." if N["after"][k] > 0 else
                                ": better, not yet fixed.")) as s:
            i = int(N["index"][k])
            xi, yi = self.X[i], self.y[i]
            live = Readout([r"\cy_i\,(\cw \cdot \cx_i + \cb)"], decimals=d, size=40)
            live.next_to(num, DOWN, buff=0.5).align_to(self.rule, LEFT)

            def score(m):
                w, b = self.wb()
                m.set_values([yi * (w @ xi + b)])
            self.wait_until("gain", s)
            self.play(Create(gbox), *self.set_wb(self.sep["w"][k - 1], self.sep["b"][k - 1]),
                      run_time=1.2)
            self.show_live(live, score)
            self.wait_until("num", s)
            self.play(Write(num), *self.set_wb(self.sep["w"][k], self.sep["b"][k]),
                      run_time=max(2.0, s.remaining()))
        live.clear_updaters()
        with self.say("One correction may not be enough for a point far on the wrong side, "
                      "and it can break points that were right. But it always moves the "
                      "corrected point the right way.") as s:
            self.play(FadeOut(gbox), Indicate(h3, color=C["ceta"], scale_factor=1.0),
                      run_time=1.5)
        self.play(FadeOut(VGroup(h0, h1, h3, num, live)), FadeOut(self.fix_ring), run_time=0.8)

    @beat("Until a pass is clean")
    def sweep(self):
        N = self.N
        K, k0 = N["K"], N["k_fix"]
        clock = StepClock(len(self.sep), start=k0)
        self.follow = (clock, self.sep["w"], self.sep["b"])
        self.ro_override, self.ep_floor = None, 0
        self.ro.next_to([0.3, -0.9, 0], DOWN, buff=0, aligned_edge=LEFT)
        self.readout_values(self.ro)
        self.play(FadeIn(self.ro), run_time=0.6)
        self.ro.add_updater(lambda m: self.readout_values(m))
        ring = Circle(radius=0.17, color=style.TEXT, stroke_width=3.5)

        def run_updates(upto: int, seconds: float):
            """Play updates up to ``upto``: ring the point, then correct it."""
            todo = list(range(clock.row + 1, upto + 1))
            for t in todo:
                per = max(seconds / max(len(todo), 1), 0.9)
                ring.move_to(self.dots.pos[int(N["index"][t])])
                self.play(FadeIn(ring, scale=1.5), run_time=0.35 * per)
                self.play(clock.run_to(t, run_time=0.5 * per))
                self.play(FadeOut(ring), run_time=0.15 * per)
        fp = N["first_pass"]
        worse = [k for k in N["worse"] if k > k0]
        if worse:
            kw = worse[0]
            text = (f"{{run}} Keep going through the shuffled points, correcting each mistake as "
                    f"it comes. {{worse}} Update {kw} makes things worse for a while: "
                    f"{N['mistakes'][kw - 1]} mistakes become {N['mistakes'][kw]}.")
        else:
            kw = fp
            text = ("{run} Keep going through the shuffled points, correcting each mistake as it "
                    "comes. {worse} Each correction moves the line a little.")
        with self.say(text) as s:
            self.wait_until("run", s)
            run_updates(kw - 1, max(2.0, s.until("worse")))
            self.wait_until("worse", s)
            run_updates(kw, 2.0)
            self.play(Circumscribe(self.ro[2], color=style.TEXT), run_time=1.0)
        with self.say(f"{{end1}} The first epoch ends after {fp} updates. {{ep2}} The second "
                      f"makes {N['K'] - fp} more, and then no point is wrong."
                      if N["epochs"] == 3 and N["converged"] else
                      f"{{end1}} The first epoch ends after {fp} updates. {{ep2}} The later "
                      f"epochs make {N['K'] - fp} more, and then no point is wrong.") as s:
            run_updates(fp, max(1.5, s.until("end1") + 1.0))
            self.wait_until("ep2", s)
            run_updates(K, max(2.0, s.remaining()))
        ep = N["epochs"]
        order = np.argsort(self.X[:, 0] + 0.3 * self.X[:, 1])
        ticks = VGroup(*[Circle(radius=0.13, color=C["ceta"], stroke_width=3).move_to(
            self.dots.pos[j]) for j in order])
        with self.say(f"{{clean}} Epoch {ep} visits all {N['n']} points and finds no mistake, "
                      f"{{stop}} so the perceptron stops: {K} updates in all.") as s:
            self.wait_until("clean", s)
            self.ep_floor = ep
            self.play(LaggedStart(*[Succession(Create(c), FadeOut(c)) for c in ticks],
                                  lag_ratio=0.06), run_time=max(2.5, s.until("stop")))
            self.wait_until("stop", s)
            self.play(Circumscribe(self.ro, color=C["ceta"]), run_time=1.5)
        self.ro.clear_updaters()
        self.clock = clock

    # -- Novikoff ---------------------------------------------------------------------------------
    @beat("Fold the bias in")
    def fold(self):
        left = 0.2
        f1 = tex(r"{{ \ctheta }} = ({{ \cw }}, {{ \cb }}), \qquad {{ \tilde{\cx} }} = "
                 r"({{ \cx }}, 1)", 44)
        self.eq_at(f1, left, 2.1)
        f2 = tex(r"{{ \cw \cdot \cx + \cb }} = {{ \ctheta \cdot \tilde{\cx} }}", 44)
        f2.next_to(f1, DOWN, buff=0.45).align_to(f1, LEFT)
        f3 = tex(r"{{ \ctheta }} \leftarrow {{ \ctheta }} + {{ \ceta\, \cy_i\, \tilde{\cx}_i }}",
                 44)
        f3.next_to(f2, DOWN, buff=0.45).align_to(f1, LEFT)
        with self.say(f"Will it always stop? On data that a line can separate, yes. Novikoff "
                      "proved it in 1962, and the proof shows why. {tidy} First, tidy up: put "
                      "b in with the weights, θ = (w, b), and give every point a third "
                      "coordinate, a one: x̃ = (x, 1).",
                      spoken="Will it always stop? On data that a line can separate, yes. "
                             "Novikoff proved it in nineteen sixty-two, and the proof shows why. "
                             "{tidy} First, tidy up: put b in with the weights, theta is w and "
                             "b, and give every point a third coordinate, a one: x tilde is x "
                             "and one.") as s:
            self.play(FadeOut(self.ro), run_time=0.8)
            self.wait_until("tidy", s)
            self.play(Write(f1), run_time=2.0)
        with self.say("{score} Then the score is one dot product, θ·x̃, {rule} and one update "
                      "does both: θ becomes θ plus η y x̃.",
                      spoken="{score} Then the score is one dot product, theta dot x tilde, "
                             "{rule} and one update does both: theta becomes theta plus eta y "
                             "x tilde.") as s:
            self.wait_until("score", s)
            self.play(FadeIn(f2, shift=0.2 * DOWN), run_time=1.2)
            self.wait_until("rule", s)
            self.play(TransformMatchingShapes(self.rule.copy(), f3), run_time=1.8)
        self.play(FadeOut(self.rule), FadeOut(self.eta_v), FadeOut(f1), FadeOut(f2),
                  f3.animate.next_to([left, 3.6, 0], DOWN, buff=0, aligned_edge=LEFT),
                  run_time=1.0)
        self.f3 = f3

    @beat("A margin to spare")
    def margin(self):
        N = self.N
        ts = N["theta_star"]
        ws, bs = ts[:2], float(ts[2])
        g = N["gamma"]
        a1 = tex(r"\lVert \ctheta^* \rVert = 1, \qquad \cy_i\, \ctheta^* \cdot \tilde{\cx}_i "
                 r"\ge \cgamma", 44)
        a1.next_to(self.f3, DOWN, buff=0.55).align_to(self.f3, LEFT)
        star = DashedLine(*self.dp.pts(boundary(ws, bs)), color=C["ctheta"], stroke_width=4,
                          dash_length=0.14)
        band = VGroup(*[DashedLine(*self.dp.pts(boundary(ws, bs - sgn * g)), color=C["cgamma"],
                                   stroke_width=2.5, dash_length=0.08) for sgn in (1, -1)])
        sv = VGroup(*[self.ring(j, C["cgamma"]) for j in N["sv"]])
        top_end = max(star.get_start(), star.get_end(), key=lambda p: p[1])
        star_lab = tex(r"\ctheta^*", 40).next_to(top_end, DL, buff=0.12)
        self.follow = None
        w_end, b_end = self.sep["w"][-1], float(self.sep["b"][-1])
        self.w1.set_value(w_end[0])
        self.w2.set_value(w_end[1])
        self.b.set_value(b_end)
        with self.say("{star} Suppose some separator θ*, of length one, puts every point on its "
                      "own side with room to spare: {gamma} y times its score θ*·x̃ is at least "
                      "γ for every point.",
                      spoken="{star} Suppose some separator, theta star, of length one, puts "
                             "every point on its own side with room to spare: {gamma} y times "
                             "its score, theta star dot x tilde, is at least gamma for every "
                             "point.") as s:
            self.wait_until("star", s)
            self.play(FadeOut(self.shade), FadeOut(self.bline), FadeOut(self.warrow),
                      FadeOut(self.wlab), Create(star), FadeIn(star_lab), run_time=1.5)
            self.wait_until("gamma", s)
            self.play(Write(a1), Create(band), run_time=2.0)
        g_lab = tex(rf"\cgamma = {g:.4f}", 44).next_to(a1, DOWN, buff=0.4).align_to(a1, LEFT)
        with self.say(f"{{widest}} The widest margin these points allow is γ = {g:.4f}, {{sv}} "
                      f"touched by these {len(N['sv'])} points.") as s:
            self.wait_until("widest", s)
            self.play(FadeIn(g_lab, shift=0.2 * DOWN), run_time=1.0)
            self.wait_until("sv", s)
            self.play(LaggedStart(*[Create(c) for c in sv], lag_ratio=0.3), run_time=1.2)
        a2 = tex(r"\lVert \tilde{\cx}_i \rVert \le R", 44)
        a2.next_to(g_lab, DOWN, buff=0.45).align_to(a1, LEFT)
        r_lab = tex(rf"R = {N['R']:.3f}", 44).next_to(a2, RIGHT, buff=0.6)
        far = N["far"]
        spoke = Line(self.dp.c2p(0, 0), self.dots.pos[far], color=style.TEXT, stroke_width=3)
        far_ring = self.ring(far)
        with self.say(f"{{R}} And let R be the length of the longest x̃: {{far}} here R = "
                      f"{N['R']:.3f}, from this far point, and the one we added.",
                      spoken=f"{{R}} And let R be the length of the longest x tilde: {{far}} "
                             f"here R is {_say(N['R'], 3)}, from this far point, and the one we "
                             "added.") as s:
            self.wait_until("R", s)
            self.play(Write(a2), run_time=1.2)
            self.wait_until("far", s)
            self.play(Create(spoke), Create(far_ring), FadeIn(r_lab), run_time=1.2)
        with self.say("Now count the mistakes, k, and watch θ turn towards θ*.",
                      spoken="Now count the mistakes, k, and watch theta turn towards theta "
                             "star.") as s:
            self.wait(0.5)
        self.assume = VGroup(a1, g_lab, a2, r_lab)
        self.margin_bits = VGroup(star, star_lab, band, sv, spoke, far_ring)

    def theta_plot(self) -> Plot:
        lr = self.lr
        hx, hy = 4.0 * lr, 3.0 * lr
        p = Plot((0, hx), (0, hy), 6.4, 4.8, xticks=nice_ticks(hx), yticks=nice_ticks(hy, 4),
                 xlabel=tex(r"\ctheta \cdot \ctheta^*", 38), xlabel_right=True,
                 ylabel=tex(r"\text{off the line of } \ctheta^*", 30, style.DIM))
        return p.place((-6.3, -2.4))

    def theta_tip(self) -> np.ndarray:
        """(along, off) of theta at the fractional update on the k tracker."""
        N = self.N
        s = float(np.clip(self.kt.get_value(), 0, N["K"]))
        i = min(int(s), N["K"] - 1)
        f = s - i
        a = (1 - f) * N["along"][i] + f * N["along"][i + 1]
        o = (1 - f) * N["off"][i] + f * N["off"][i + 1]
        return np.array([a, o])

    @beat("Progress along θ*")
    def step_one(self):
        N, lr, W = self.N, self.lr, 6.6
        K = N["K"]
        self.kt = ValueTracker(0)
        tp = self.theta_plot()
        self.tp = tp
        kkey = lambda: (round(self.kt.get_value(), 4), *tp.where())  # noqa: E731

        def theta_arrow():
            tip = tp.c2p(*self.theta_tip())
            o = tp.c2p(0, 0)
            if np.linalg.norm(tip - o) < 0.05:
                return VMobject()
            return Arrow(o, tip, buff=0, color=C["ctheta"], stroke_width=7,
                         max_tip_length_to_length_ratio=0.25, max_stroke_width_to_length_ratio=12)

        def tips():
            k = int(np.floor(self.kt.get_value() + 1e-9))
            pts = tp.pts(np.c_[N["along"][1:k + 1], N["off"][1:k + 1]])
            return VGroup(*[Dot(p, radius=0.05, color=C["ctheta"]).set_opacity(0.5) for p in pts])

        def kline():
            k = max(np.floor(self.kt.get_value() + 1e-9), 0)
            x = k * lr * N["gamma"]
            if k < 1:
                return VMobject()
            return Line(tp.c2p(x, 0), tp.c2p(x, tp.y_range[1]), color=C["cgamma"], stroke_width=3)
        star = Arrow(tp.c2p(0, 0), tp.c2p(1.0, 0), buff=0, color=C["ctheta"], stroke_width=7,
                     max_tip_length_to_length_ratio=0.3, max_stroke_width_to_length_ratio=12)
        star_lab = tex(r"\ctheta^*", 40).next_to(star, UP, buff=0.1).align_to(star, LEFT)
        self.tarrow, self.tips = redraw_on(kkey, theta_arrow), redraw_on(kkey, tips)
        self.kline = redraw_on(kkey, kline)
        self.theta_lab = tex(r"\ctheta_k", 40)
        self.theta_lab.add_updater(lambda m: m.next_to(tp.c2p(*self.theta_tip()), UR, buff=0.08)
                                   .set_opacity(1.0 if self.kt.get_value() > 0.6 else 0.0))
        kread = Readout([r"k"], decimals=0, size=38)
        kread.next_to(tp.ylabel, RIGHT, buff=0.8)
        kread.add_updater(lambda m: m.set_values([int(np.floor(self.kt.get_value() + 1e-9))]))
        self.kread = kread
        with self.say("Draw θ against θ*: {axes} θ* points to the right, and any θ is drawn by "
                      "how far it reaches along θ*, and how far it lies off that line. Its "
                      "length, and its angle to θ*, are true.",
                      spoken="Draw theta against theta star: {axes} theta star points to the "
                             "right, and any theta is drawn by how far it reaches along theta "
                             "star, and how far it lies off that line. Its length, and its angle "
                             "to theta star, are true.") as s:
            asm = fit_width(tex(r"\lVert \ctheta^* \rVert = 1, \quad \cy_i\, \ctheta^* \cdot "
                                r"\tilde{\cx}_i \ge \cgamma, \quad \lVert \tilde{\cx}_i \rVert "
                                r"\le R", 40), W)
            asm.next_to(self.f3, DOWN, buff=0.4).align_to(self.f3, LEFT)
            a1, g_lab, a2, r_lab = self.assume
            self.play(FadeOut(self.margin_bits), FadeOut(self.dots), fade_out(self.dp),
                      FadeOut(self.cross), FadeOut(g_lab), FadeOut(r_lab),
                      ReplacementTransform(VGroup(a1, a2), asm), run_time=1.2)
            self.asm = asm
            self.wait_until("axes", s)
            self.play(fade_in(tp), GrowArrow(star), FadeIn(star_lab), run_time=1.5)
            self.add(self.tips, self.tarrow, self.theta_lab, kread)
            self.play(FadeIn(kread), run_time=0.6)
        b1 = fit_width(tex(r"{{ \ctheta_k \cdot \ctheta^* }} = {{ \ctheta_{k-1} \cdot \ctheta^* }}"
                           r" + {{ \ceta\, \cy_i\, \ctheta^* \cdot \tilde{\cx}_i }}", 42), W)
        b1.next_to(self.asm, DOWN, buff=0.5).align_to(self.f3, LEFT)
        with self.say("{dot} Take the dot product of the update with θ*: after mistake k, θ·θ* "
                      "is its old value plus η y θ*·x̃. {run} Each mistake moves θ to the right "
                      "in this picture.",
                      spoken="{dot} Take the dot product of the update with theta star: after "
                             "mistake k, theta dot theta star is its old value, plus eta y "
                             "theta star dot x tilde. {run} Each mistake moves theta to the "
                             "right in this picture.") as s:
            self.wait_until("dot", s)
            self.play(TransformMatchingShapes(self.f3.copy(), b1), run_time=2.0)
            self.wait_until("run", s)
            self.play(self.kt.animate.set_value(1), FadeOut(star_lab), run_time=1.5)
            self.play(self.kt.animate.set_value(2), run_time=max(1.0, s.remaining()))
        b2 = fit_width(tex(r"{{ \ctheta_k \cdot \ctheta^* }} \ge {{ \ctheta_{k-1} \cdot \ctheta^* }}"
                           r" + {{ \ceta \cgamma }}", 42), W)
        b2.next_to(b1, DOWN, buff=0.35).align_to(b1, LEFT)
        gbox = highlight(part(b1, r"\ceta\, \cy_i\, \ctheta^* \cdot \tilde{\cx}_i"), C["cgamma"])
        with self.say("{last} That last term is η times the point's margin under θ*, and the "
                      "margin is at least γ. {ge} So every mistake adds at least η γ.",
                      spoken="{last} That last term is eta times the point's margin under "
                             "theta star, and the margin is at least gamma. {ge} So every "
                             "mistake adds at least eta gamma.") as s:
            # the second step's gain along theta*: from theta_1's foot to theta_2's
            a, o = N["along"], N["off"]
            lo = -0.1 * lr   # just under the axis (and the arrow of theta* on it)
            drops = VGroup(*[DashedLine(tp.c2p(a[j], o[j]), tp.c2p(a[j], lo), color=style.DIM,
                                        stroke_width=2.5, dash_length=0.08) for j in (1, 2)])
            gain = Line(tp.c2p(a[1], lo), tp.c2p(a[2], lo), color=C["cgamma"], stroke_width=8)
            self.wait_until("last", s)
            self.play(Create(gbox), Create(drops), run_time=1.2)
            self.play(Create(gain), Circumscribe(self.asm, color=C["cgamma"]), run_time=1.2)
            self.wait_until("ge", s)
            self.morph(b1, b2, [(r"\ceta\, \cy_i\, \ctheta^* \cdot \tilde{\cx}_i",
                                 r"\ceta \cgamma")], keep=True, extra=[FadeOut(gbox)],
                       run_time=1.8)
        b3 = fit_width(tex(r"{{ \ctheta_k \cdot \ctheta^* }} \ge {{ k\, \ceta \cgamma }}", 44), W)
        b3.next_to(b2, DOWN, buff=0.35).align_to(b1, LEFT)
        g1 = N["gain_along"][1]
        first = (f"The very first step gains exactly η γ, {g1:.4f}: its point sits on the margin."
                 if abs(g1 - lr * N["gamma"]) < 1e-6 else
                 f"The first step gains {g1:.4f}, more than η γ.")
        with self.say("{sum} Starting from zero, after k mistakes θ·θ* is at least k η γ: "
                      "{line} θ's tip stays right of this line, which moves right by η γ with "
                      "every mistake. " + first,
                      spoken="{sum} Starting from zero, after k mistakes, theta dot theta star "
                             "is at least k eta gamma: {line} theta's tip stays right of this "
                             "line, which moves right by eta gamma with every mistake. "
                             + _speak(first)) as s:
            self.wait_until("sum", s)
            self.morph(b2, b3, [(r"\ceta \cgamma", r"k\, \ceta \cgamma")], keep=True,
                       run_time=1.8)
            self.wait_until("line", s)
            self.play(FadeOut(drops), FadeOut(gain), run_time=0.5)
            self.add(self.kline)
            self.play(Indicate(self.kline, color=C["cgamma"], scale_factor=1.0), run_time=1.0)
            self.play(self.kt.animate.set_value(K), run_time=max(3.0, s.remaining()),
                      rate_func=linear)
        self.play(FadeOut(b1), FadeOut(b2), b3.animate.next_to(self.asm, DOWN, buff=0.45)
                  .align_to(self.f3, LEFT), run_time=1.0)
        self.b3 = b3
        self.star_bits = VGroup(star)

    @beat("The length grows slowly")
    def step_two(self):
        N, lr, W = self.N, self.lr, 6.6
        K = N["K"]
        c1 = fit_width(tex(r"{{ \lVert \ctheta_k \rVert^2 }} = {{ \lVert \ctheta_{k-1} \rVert^2 }}"
                           r" + {{ 2 \ceta\, \cy_i\, \ctheta_{k-1} \cdot \tilde{\cx}_i }} + "
                           r"{{ \ceta^2 \lVert \tilde{\cx}_i \rVert^2 }}", 42), W)
        c1.next_to(self.b3, DOWN, buff=0.45).align_to(self.f3, LEFT)
        # the triangle of one update, true lengths and angle: theta_{k-1}, the step, theta_k
        kt = N["k_tri"]
        a, c = N["norm"][kt - 1], math.sqrt(N["step_sq"][kt])
        phi = math.radians(N["obtuse"][kt])
        sc = 2.1 / max(a, c, N["norm"][kt], math.hypot(a, c))
        base = np.array([-2.9, 0.75, 0.0])
        u = np.array([1.0, 0.0, 0.0])
        v = np.array([math.cos(phi), math.sin(phi), 0.0])
        P = base + sc * a * u
        Q = P + sc * c * v
        Hh = P + sc * c * np.array([0.0, 1.0, 0.0])
        tri = VGroup(
            Arrow(base, P, buff=0, color=C["ctheta"], stroke_width=6,
                  max_tip_length_to_length_ratio=0.15),
            Arrow(P, Q, buff=0, color=C["cy"], stroke_width=6, max_tip_length_to_length_ratio=0.15),
            Arrow(base, Q, buff=0, color=C["ctheta"], stroke_width=6,
                  max_tip_length_to_length_ratio=0.15),
        )
        ref = VGroup(DashedLine(P, Hh, color=style.DIM, stroke_width=3, dash_length=0.08),
                     DashedLine(base, Hh, color=style.DIM, stroke_width=3, dash_length=0.08),
                     RightAngle(Line(P, base), Line(P, Hh), length=0.18, color=style.DIM,
                                stroke_width=2.5))
        arc = Arc(radius=0.32, start_angle=0, angle=phi, arc_center=P, color=C["cy"],
                  stroke_width=3)
        labs = VGroup(tex(r"\ctheta_{k-1}", 34).next_to((base + P) / 2, DOWN, buff=0.12),
                      tex(r"\ceta\, \cy_i\, \tilde{\cx}_i", 34).next_to(Q, UP, buff=0.15),
                      tex(r"\ctheta_k", 34).next_to((base + Q) / 2, LEFT, buff=0.15),
                      tex(rf"{N['obtuse'][kt]:.0f}^\circ", 30).next_to(
                          P + np.array([0.3, 0.3, 0]), RIGHT, buff=0.05))
        self.tri = VGroup(tri, ref, arc, labs)
        with self.say("{sq} Now the length. Square the update: ‖θ_k‖² is the old length squared, "
                      "plus twice η y times the old score, plus η squared times ‖x̃‖².",
                      spoken="{sq} Now the length. Square the update: the length of theta k, "
                             "squared, is the old length squared, plus twice eta y times the old "
                             "score, plus eta squared times the length of x tilde, squared.") as s:
            self.wait_until("sq", s)
            self.play(Write(c1), run_time=2.5)
        same = ", the one we followed" if kt == N["k_fix"] else ""
        mid = part(c1, r"2 \ceta\, \cy_i\, \ctheta_{k-1} \cdot \tilde{\cx}_i")
        mbox = highlight(mid, C["cL"])
        with self.say("{mid} The middle term is the point's score, times 2 η. The update happens "
                      "only at a mistake, where that score is zero or negative. {tri} In a "
                      f"picture: update {kt} of our run{same}. The step makes an angle of "
                      f"{N['obtuse'][kt]:.0f} degrees with θ: obtuse, {{ref}} so the new θ is "
                      "shorter than if the step stood at a right angle.",
                      spoken="{mid} The middle term is the point's score, times 2 eta. The update "
                             "happens only at a mistake, where that score is zero or negative. "
                             f"{{tri}} In a picture: update {kt} of our run{same}. The step makes an "
                             f"angle of {N['obtuse'][kt]:.0f} degrees with theta: obtuse, {{ref}} "
                             "so the new theta is shorter than if the step stood at a right "
                             "angle.") as s:
            self.wait_until("mid", s)
            self.play(Create(mbox), run_time=0.8)
            self.wait_until("tri", s)
            self.play(GrowArrow(tri[0]), FadeIn(labs[0]), run_time=1.0)
            self.play(GrowArrow(tri[1]), FadeIn(labs[1]), Create(arc), FadeIn(labs[3]),
                      run_time=1.0)
            self.play(GrowArrow(tri[2]), FadeIn(labs[2]), run_time=1.0)
            self.wait_until("ref", s)
            self.play(Create(ref), run_time=1.5)
        c2 = fit_width(tex(r"{{ \lVert \ctheta_k \rVert^2 }} \le {{ \lVert \ctheta_{k-1} \rVert^2 }}"
                           r" + {{ \ceta^2 R^2 }}", 42), W)
        c2.next_to(c1, DOWN, buff=0.35).align_to(c1, LEFT)
        c3 = fit_width(tex(r"{{ \lVert \ctheta_k \rVert }} \le {{ \sqrt{k}\, \ceta R }}", 44), W)
        c3.next_to(c2, DOWN, buff=0.35).align_to(c1, LEFT)
        with self.say("{drop} So drop the middle term, and bound ‖x̃‖ by R: {le} each mistake adds "
                      "at most η² R² to the length squared.",
                      spoken="{drop} So drop the middle term, and bound the length of x tilde by "
                             "R: {le} each mistake adds at most eta squared R squared to the "
                             "length squared.") as s:
            self.wait_until("drop", s)
            self.play(FadeOut(mbox), run_time=0.5)
            self.wait_until("le", s)
            self.morph(c1, c2, [(r"\ceta^2 \lVert \tilde{\cx}_i \rVert^2", r"\ceta^2 R^2")],
                       keep=True, run_time=1.8)

        def circle():
            k = int(np.floor(self.kt.get_value() + 1e-9))
            r = math.sqrt(k) * lr * N["R"]
            ang = np.linspace(0, PI / 2, 90)
            pts = np.c_[r * np.cos(ang), r * np.sin(ang)]
            (_, x1), (_, y1) = self.tp.data_box
            keep = (pts[:, 0] <= x1) & (pts[:, 1] <= y1)
            if k < 1 or keep.sum() < 6:  # (a sliver in the corner would read as a stray mark)
                return VMobject()
            m = VMobject(stroke_color=style.TEXT, stroke_width=3, stroke_opacity=0.8)
            m.set_points_as_corners(self.tp.pts(pts[keep]))
            return m
        self.circ = redraw_on(lambda: (int(np.floor(self.kt.get_value() + 1e-9)),
                                       *self.tp.where()), circle)
        rl = tex(r"\sqrt{k}\, \ceta R", 36)

        r1 = lr * N["R"]  # the radius after one mistake: the label sits on that circle
        rl.next_to(self.tp.c2p(r1 * math.cos(0.35), r1 * math.sin(0.35)), RIGHT, buff=0.12)
        rl.add_updater(lambda m: m.set_opacity(1.0 if self.kt.get_value() < 1.5 else 0.0))
        with self.say("{k} After k mistakes, ‖θ_k‖² is at most k η² R²: {circle} θ's tip stays "
                      "inside this circle, of radius √k η R. {out} After a few mistakes the "
                      "circle has grown out of this picture: our θ stays far inside it.",
                      spoken="{k} After k mistakes, the length of theta k, squared, is at most "
                             "k eta squared R squared: {circle} theta's tip stays inside this "
                             "circle, of radius, root k, eta R. {out} After a few mistakes the "
                             "circle has grown out of this picture: our theta stays far inside "
                             "it.") as s:
            self.wait_until("k", s)
            self.play(FadeOut(self.tri), run_time=0.6)
            self.morph(c2, c3, [(r"\lVert \ctheta_k \rVert^2", r"\lVert \ctheta_k \rVert"),
                                (r"\ceta^2 R^2", r"\sqrt{k}\, \ceta R")], keep=True, run_time=1.8)
            self.wait_until("circle", s)
            self.play(self.kt.animate.set_value(1), run_time=0.8)
            self.add(self.circ, rl)
            self.play(Create(self.circ), FadeIn(rl), run_time=1.2)
            self.wait_until("out", s)
            self.play(self.kt.animate.set_value(K), run_time=max(3.0, s.remaining()),
                      rate_func=linear)
        self.play(FadeOut(VGroup(c1, c2)),
                  c3.animate.next_to(self.b3, DOWN, buff=0.35).align_to(self.f3, LEFT),
                  run_time=1.0)
        self.c3, self.rl = c3, rl

    @beat("The angle closes")
    def bound(self):
        N, W = self.N, 6.6
        K = N["K"]
        d1 = fit_width(tex(r"{{ k\, \ceta \cgamma }} \le {{ \ctheta_k \cdot \ctheta^* }} \le "
                           r"{{ \lVert \ctheta_k \rVert }} \le {{ \sqrt{k}\, \ceta R }}", 44), W)
        d1.next_to(self.c3, DOWN, buff=0.55).align_to(self.f3, LEFT)
        with self.say("{both} Put the two together. θ·θ* is at most the length of θ, because θ* "
                      "has length one: {chain} so k η γ is at most √k η R.",
                      spoken="{both} Put the two together. Theta dot theta star is at most the "
                             "length of theta, because theta star has length one: {chain} so k "
                             "eta gamma is at most root k eta R.") as s:
            self.wait_until("both", s)
            self.play(Indicate(VGroup(self.b3, self.c3), color=style.TEXT, scale_factor=1.0),
                      run_time=1.2)
            self.wait_until("chain", s)
            self.play(TransformMatchingShapes(VGroup(self.b3, self.c3).copy(), d1), run_time=2.0)
        d2 = tex(r"{{ \sqrt{k} }} \le {{ R / \cgamma }}", 44)
        d2.next_to(d1, DOWN, buff=0.4).align_to(d1, LEFT)
        d3 = tex(r"{{ k }} \le {{ (R / \cgamma)^2 }}", 50)
        d3.next_to(d1, DOWN, buff=0.4).align_to(d1, LEFT)
        with self.say("{div} Divide both ends by √k η γ: √k is at most R over γ. {sq} Square it: "
                      "the number of mistakes k is at most R over γ, squared. {eta} η has "
                      "cancelled: the learning rate scales θ, never the number of mistakes.",
                      spoken="{div} Divide both ends by root k eta gamma: root k is at most R "
                             "over gamma. {sq} Square it: the number of mistakes, k, is at most "
                             "R over gamma, squared. {eta} Eta has cancelled: the learning rate "
                             "scales theta, never the number of mistakes.") as s:
            self.wait_until("div", s)
            self.play(FadeIn(d2, shift=0.2 * DOWN), run_time=1.5)
            self.wait_until("sq", s)
            self.morph(d2, d3, [(r"\sqrt{k}", r"k"), (r"R / \cgamma", r"(R / \cgamma)^2")],
                       run_time=1.5)
            box = highlight(d3, C["cgamma"], buff=0.15)
            self.play(Create(box), run_time=0.8)
            self.wait_until("eta", s)
            self.play(Circumscribe(part(self.f3, r"\ceta\, \cy_i\, \tilde{\cx}_i"),
                                   color=C["ceta"]), run_time=1.5)
        # the picture: theta lives right of the line and inside the circle; its angle closes
        with self.say("{pic} In the picture: θ must stay right of the line, which moves like k, "
                      "and inside the circle, which grows only like √k. {race} So its angle to "
                      "θ* must close, and past (R/γ)² mistakes there would be no room left.",
                      spoken="{pic} In the picture: theta must stay right of the line, which "
                             "moves like k, and inside the circle, which grows only like root k. "
                             "{race} So its angle to theta star must close, and past R over gamma, "
                             "squared, mistakes there would be no room left.") as s:
            self.wait_until("pic", s)
            self.play(self.kt.animate.set_value(1), run_time=1.2)
            self.play(self.kt.animate.set_value(K), run_time=max(2.5, s.until("race") - 0.2),
                      rate_func=linear)
            self.wait_until("race", s)
        # the race in cosines: cos >= sqrt(k) gamma / R, and a cosine is at most 1
        kmax = N["bound"]
        top_k = nice_ticks(kmax * 1.15, 4)
        hi = top_k[-1] if top_k[-1] >= kmax * 1.05 else top_k[-1] + top_k[1]
        cp = Plot((0, hi), (0, 1.1), 5.9, 4.6, xticks=nice_ticks(hi, 5),
                  yticks=(0, 0.25, 0.5, 0.75, 1), xlabel=tex(r"k", 40), xlabel_right=True,
                  ylabel=tex(r"\cos \angle(\ctheta_k, \ctheta^*)", 36)).place((-6.3, -2.4))
        ks = np.linspace(0, hi, 300)
        curve_pts = np.c_[ks, np.sqrt(ks) * N["gamma"] / N["R"]]
        one = DashedLine(cp.c2p(0, 1), cp.c2p(hi, 1), color=style.DIM, stroke_width=2.5,
                         dash_length=0.1)
        cos_dots = VGroup(*[Dot(cp.c2p(k, N["cos"][k]), radius=0.05, color=C["ctheta"])
                            for k in range(1, K + 1)])
        race = ValueTracker(0.0)
        curve = redraw_on(lambda: (round(race.get_value(), 3), *cp.where()),
                          lambda: trace(cp, curve_pts, race.get_value() * (len(ks) - 1),
                                        C["cgamma"], 4))
        cross = Dot(cp.c2p(kmax, 1.0), radius=0.08, color=C["cgamma"])
        cross_lab = tex(rf"k = {kmax:.0f}", 36).next_to(cross, UP, buff=0.15)
        rhs = tex(r"\frac{\sqrt{k}\, \cgamma}{R}", 40).next_to(cp.c2p(hi * 0.55,
                                                                   math.sqrt(hi * 0.55) * N["gamma"]
                                                                   / N["R"]), DR, buff=0.15)
        with self.say("{cos} The same race, as the cosine of the angle between θ and θ*: it is at "
                      "least √k γ over R, {curve} which rises with k, and a cosine can never pass "
                      f"one. {{run}} Our run's {K} cosines sit above the curve.",
                      spoken="{cos} The same race, as the cosine of the angle between theta and "
                             "theta star: it is at least root k gamma over R, {curve} which "
                             "rises with k, and a cosine can never pass one. {run} Our run's "
                             f"{K} cosines sit above the curve.") as s:
            self.kline.clear_updaters()
            self.circ.clear_updaters()
            self.tarrow.clear_updaters()
            self.tips.clear_updaters()
            self.theta_lab.clear_updaters()
            self.rl.clear_updaters()
            self.kread.clear_updaters()
            self.play(FadeOut(VGroup(self.kline, self.circ, self.tarrow, self.tips,
                                     self.theta_lab, self.rl, self.kread, self.star_bits)),
                      fade_out(self.tp), run_time=1.0)
            self.play(fade_in(cp), Create(one), run_time=1.0)
            self.add(curve)
            self.wait_until("curve", s)
            self.play(race.animate.set_value(1.0), FadeIn(rhs), run_time=2.5)
            self.wait_until("run", s)
            self.play(LaggedStart(*[FadeIn(d, scale=2) for d in cos_dots], lag_ratio=0.2),
                      run_time=1.5)
        with self.say(f"{{meet}} The curve reaches one at k = (R/γ)²: no run can make more "
                      "mistakes than that.",
                      spoken="{meet} The curve reaches one at k equals R over gamma, squared: no "
                             "run can make more mistakes than that.") as s:
            self.wait_until("meet", s)
            self.play(FadeIn(cross, scale=2), FadeIn(cross_lab), run_time=1.2)
        curve.clear_updaters()
        self.cos_bits = VGroup(cp, one, curve, cos_dots, cross, cross_lab, rhs)
        self.d1, self.d3, self.d3box = d1, d3, box

    @beat("Our numbers")
    def numbers(self):
        N = self.N
        self.play(FadeOut(VGroup(self.b3, self.c3)),
                  VGroup(self.d1, self.d3, self.d3box).animate.next_to(self.asm, DOWN, buff=0.5)
                  .align_to(self.f3, LEFT), run_time=1.0)
        e = tex(rf"\Big( \frac{{{N['R']:.3f}}}{{{N['gamma']:.4f}}} \Big)^2 = {N['bound']:.0f}",
                50)
        e.next_to(self.d3box, DOWN, buff=0.5).align_to(self.f3, LEFT)
        used = tex(rf"\text{{mistakes made: }} {N['K']}", 44)
        used.next_to(e, DOWN, buff=0.4).align_to(self.f3, LEFT)
        with self.say(f"For our points, {{num}} R = {N['R']:.3f} and γ = {N['gamma']:.4f}: at "
                      f"most {N['bound']:.0f} mistakes. {{used}} The perceptron made "
                      f"{N['K']}. The bound is a guarantee, not a forecast: a wide margin "
                      "promises a quick finish, a thin one allows a long wander.",
                      spoken=f"For our points, {{num}} R is {_say(N['R'], 3)} and gamma is "
                             f"{_say(N['gamma'], 4)}: at most {N['bound']:.0f} mistakes. "
                             f"{{used}} The perceptron made {N['K']}. The bound is a guarantee, "
                             "not a forecast: a wide margin promises a quick finish, a thin one "
                             "allows a long wander.") as s:
            self.wait_until("num", s)
            self.play(Write(e), run_time=1.5)
            self.wait_until("used", s)
            self.play(FadeIn(used, shift=0.2 * DOWN), Indicate(self.cos_bits[3], color=C["ctheta"]),
                      run_time=1.5)
        self.play(FadeOut(VGroup(self.d1, self.d3, self.d3box, e, used, self.asm, self.f3)),
                  FadeOut(self.cos_bits[1:]),
                  fade_out(self.cos_bits[0]), run_time=1.0)

    @beat("No line separates")
    def noisy(self):
        N, noisy = self.N, self.noisy
        y2 = noisy.data["y"]
        flips = N["flipped"]
        fade_in_dp = fade_in(self.dp)
        self.follow = None
        self.w1.set_value(0.0)
        self.w2.set_value(0.0)
        self.b.set_value(0.0)
        rgb = self.dots.rgb.copy()
        for j in flips:
            rgb[j] = np.array((POS if y2[j] > 0 else NEG).to_rgb())
        rings = VGroup(*[self.ring(j, r=0.2) for j in flips])
        with self.say("{back} Back to the points. {flip} Now flip two labels: the minus one point "
                      "reaching furthest into the plus side, and the plus one point reaching "
                      "furthest into the minus side.") as s:
            self.wait_until("back", s)
            self.play(fade_in_dp, FadeIn(self.cross), FadeIn(self.dots), run_time=1.2)
            self.wait_until("flip", s)
            self.play(Create(rings), run_time=0.8)
            self.play(self.dots.morph(rgb=rgb), run_time=1.2)
        T = N["noisy_K"]
        mp = Plot((0, T), (0, N["n"]), 4.6, 2.6, xticks=nice_ticks(T, 4),
                  yticks=nice_ticks(N["n"], 5), xlabel=plot_label("update", 30),
                  xlabel_right=True, ylabel=plot_label("mistakes", 30)).place((0.7, -2.4))
        clock = StepClock(len(noisy))
        self.follow = (clock, noisy["w"], noisy["b"])
        nm = N["noisy_mistakes"]
        curve = redraw_on(lambda: (round(clock.value, 3), *mp.where()),
                          lambda: trace(mp, np.c_[np.arange(len(nm)), nm], clock.value,
                                        C["cL"], 3.5))
        ro = Readout([r"\text{update}", r"\text{epoch}", r"\text{mistakes}"], decimals=0, size=36)
        ro.next_to([0.9, 3.6, 0], DOWN, buff=0, aligned_edge=LEFT)
        ring = Circle(radius=0.17, color=style.TEXT, stroke_width=3.5)

        def ring_at(m):
            r = min(clock.row + 1, T)
            m.move_to(self.dots.pos[int(noisy["index"][r])])

        def values(m):
            r = clock.row
            m.set_values([r, max(int(noisy["epoch"][r]), 1), nm[r]])
        self.shade2, self.bline2 = self.shading(), self.boundary_line()
        with self.say("No line separates the classes any more, so there is no margin γ, and "
                      "no bound.",
                      spoken="No line separates the classes any more, so there is no margin, "
                             "gamma, and no bound.") as s:
            self.play(fade_in(mp), run_time=1.0)
            self.show_live(ro, values)
        self.add(self.shade2, self.cross, self.bline2, self.dots, rings, curve)
        with self.say(f"{{run}} Run the perceptron again. {{plot}} The mistakes over the whole "
                      f"set start at {nm[0]}, and fall quickly; {{best}} at best one point is "
                      f"wrong, never none: each correction breaks another point."
                      if N["noisy_best"] == 1 else
                      f"{{run}} Run the perceptron again. {{plot}} The mistakes over the whole "
                      f"set start at {nm[0]}, and fall quickly; {{best}} at best "
                      f"{N['noisy_best']} points are wrong: each correction breaks another "
                      "point.") as s:
            self.wait_until("run", s)
            ring.add_updater(ring_at)
            ring_at(ring)
            self.add(ring)
            self.play(clock.run_to(min(3, T), run_time=max(1.5, s.until("plot"))))
            self.play(clock.run_to(T // 2, run_time=max(3.0, s.until("best"))))
            self.play(clock.run_to(T, run_time=max(4.0, s.remaining())))
        ring.clear_updaters()
        self.play(FadeOut(ring), run_time=0.5)
        with self.say(f"{{never}} No epoch is ever clean, so it never stops by itself. We stopped "
                      f"it after {N['noisy_epochs']} epochs and {T} updates, {{left}} with "
                      f"{N['noisy_left']} points still wrong; another stop would leave another "
                      "line.") as s:
            self.wait_until("never", s)
            self.play(Circumscribe(ro[1], color=C["cL"]), run_time=1.2)
            self.wait_until("left", s)
            self.play(Circumscribe(ro[2], color=C["cL"]), run_time=1.2)
        ro.clear_updaters()
        curve.clear_updaters()
        self.end_bits = VGroup(mp, ro, curve, rings)

    @beat("What it cannot say")
    def summary(self):
        self.play(FadeOut(self.end_bits[1:]), fade_out(self.end_bits[0]), run_time=1.0)
        rows = VGroup(
            tex(r"\ctheta \leftarrow \ctheta + \ceta\, \cy_i\, \tilde{\cx}_i"
                r"\quad \text{at each mistake}", 38),
            tex(r"\text{separable: at most } (R/\cgamma)^2 \text{ mistakes}", 38),
            tex(r"\text{not separable: it never settles}", 38),
            tex(r"\cyhat = \pm 1 \text{: no word on how sure}", 38),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        rows.next_to([0.5, 2.8, 0], DOWN, buff=0, aligned_edge=LEFT)
        fit_width(rows, 6.3)
        with self.say("To sum up. {r1} The perceptron corrects one mistake at a time, adding η y "
                      "x̃ to θ. {r2} When a line separates the classes with margin γ, it stops "
                      "after at most (R/γ)² mistakes. {r3} When no line does, it never settles. "
                      "{r4} And its answers are hard: plus one or minus one, with no word on "
                      "how sure it is. Next, we learn to give probabilities, starting from "
                      "maximum likelihood.",
                      spoken="To sum up. {r1} The perceptron corrects one mistake at a time, "
                             "adding eta y x tilde to theta. {r2} When a line separates the "
                             "classes with margin gamma, it stops after at most R over gamma, "
                             "squared, mistakes. {r3} When no line does, it never settles. {r4} "
                             "And its answers are hard: plus one or minus one, with no word on "
                             "how sure it is. Next, we learn to give probabilities, starting "
                             "from maximum likelihood.") as s:
            for i, m in enumerate(rows):
                self.wait_until(f"r{i + 1}", s)
                self.play(FadeIn(m, shift=0.2 * RIGHT), run_time=0.8)
        self.wait(2)


# -- spoken numbers -------------------------------------------------------------------------------
def _say(v: float, d: int = 2) -> str:
    """A number formatted with ``d`` decimals, as the voice reads it."""
    from scenes.voice import number_words
    return number_words(_num(v, d))


def _speak(text: str) -> str:
    """Greek letters in a sentence as words (numbers are read by the voice's converter)."""
    return text.replace("γ", "gamma").replace("η", "eta").replace("θ*", "theta star")
