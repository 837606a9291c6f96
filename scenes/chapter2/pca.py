"""Lecture 2.2: principal component analysis (narrated).

The story: a cloud that leans -> centre it -> turn a unit vector v around the cloud, drop the
points onto it and plot the variance of their shadows against the angle: the peak is the first
component -> that variance is the quadratic form v^T Sigma v; Sigma drawn as an ellipse whose
shadow on v is two standard deviations -> maximise it on the unit circle: Lagrange gives
Sigma v = lambda v, and on the circle Sigma v points along v exactly where the curve peaks ->
the variance along an eigenvector is its eigenvalue: take the largest -> power iteration: Sigma
pulls v toward the long axis; the error shrinks by lambda_2 / lambda_1 per step, checked
against the run -> deflation removes the first component and the next run finds the second ->
Iris from four measurements to two.

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter2/trajectories.py: pca``); ``tests/test_pca_lecture.py`` checks them against
numpy.linalg and closed forms.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter2/pca.py PCA``
"""
from __future__ import annotations

import re

import numpy as np
from manim import *

from algorithms.datasets import load_iris
from algorithms.trajectory import Trajectory
from scenes import style, voice
from scenes.chapter2.trajectories import correlated_cloud, pca as trajectories
from scenes.components import (
    DotCloud, Plot, Readout, StepClock, clip_segment, fade_in, fade_out, fit_width, highlight,
    part, plot_label, redraw_on, trace, tex,
)
from scenes.lecture import LectureScene, beat

__all__ = ["PCA", "trajectories", "correlated_cloud", "lecture_numbers", "speak"]

C = style.COLOR
RAW_BOX = ((-2.0, 7.0), (-1.0, 4.0))       # the raw cloud's window (x1, x2)
BOX = ((-5.0, 5.0), (-3.5, 3.5))           # the centred cloud's window (equal units)
ZOOM = ((-3.5, 3.5), (-2.45, 2.45))          # ... zoomed on the unit circle and its image
THETA_STEP = 0.1                           # degrees between samples of the variance curve
K_STD = 2.0                                # the covariance ellipse: two standard deviations


# -- the numbers ----------------------------------------------------------------------------------
def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows, from the two PCA runs (no Manim needed).

    ``var`` (A,): the variance of the centred points' projections onto (cos t, sin t) for
    ``thetas`` (A,) degrees, computed from the projections themselves. ``err`` (T,): the power
    run's error, |tan| of the angle between its v and the top eigenvector (from eigh), and
    ``err_ratio`` (T-1,) its ratio step to step.
    """
    cloud, iris = runs["cloud"], runs["iris"]
    X = cloud.data["X"]
    R = cloud.result
    n = len(X)
    mu, Sig = R["mean"], R["covariance"]
    Xc = X - mu                                                     # (n, 2)
    lam, V = R["explained_variance"], R["components"]               # (2,), (2, 2) rows
    thetas = np.arange(0.0, 180.0 + THETA_STEP / 2, THETA_STEP)     # (A,)
    dirs = np.c_[np.cos(np.radians(thetas)), np.sin(np.radians(thetas))]  # (A, 2)
    var = ((Xc @ dirs.T) ** 2).sum(0) / (n - 1)                     # (A,)
    first = cloud["component"] == 0
    v_run, lam_run = cloud["v"][first], cloud["eigenvalue"][first]  # (T, 2), (T,)
    ev, U = np.linalg.eigh(Sig)                                     # ascending
    u1, u2 = U[:, 1], U[:, 0]
    err = np.abs((v_run @ u2) / (v_run @ u1))                       # (T,) |tan phi|
    second = cloud["component"] == 1
    Sig2 = Sig - lam[0] * np.outer(V[0], V[0])                      # the deflated covariance
    IR = iris.result
    lam4 = IR["explained_variance"]
    res = [iris["residual"][iris["component"] == j] for j in range(4)]
    angle = lambda v: float(np.degrees(np.arctan2(v[1], v[0])))  # noqa: E731
    return {
        "n": n, "X": X, "Xc": Xc, "mu": mu, "Sig": Sig, "lam": lam, "V": V,
        "thetas": thetas, "var": var,
        "theta_max": float(thetas[np.argmax(var)]), "var_max": float(var.max()),
        "theta_min": float(thetas[np.argmin(var)]), "var_min": float(var.min()),
        "theta1": angle(V[0]) % 180, "theta2": angle(V[1]) % 180,
        "v_run": v_run, "lam_run": lam_run, "err": err, "err_ratio": err[1:] / err[:-1],
        "ratio": float(lam[1] / lam[0]), "T": len(v_run) - 1, "theta0": angle(v_run[0]),
        "v_run2": cloud["v"][second], "T2": int(second.sum()) - 1, "Sig2": Sig2,
        "iris_lam": lam4, "iris_share": IR["explained_variance_ratio"],
        "iris_keep": float(IR["explained_variance_ratio"][:2].sum()),
        "iris_steps": [int(k) for k in IR["n_iter"]], "iris_res": res,
        "iris_ratios": lam4[1:] / lam4[:-1],
        "iris_res_ratio": [float(r[-1] / r[-2]) for r in res[:3]],
        "iris_scores": IR["scores"][:, :2], "iris_v1": IR["components"][0],
    }


# -- the voice ------------------------------------------------------------------------------------
_SAY = [("x̃ᵢ", " x tilde i "), ("ᵀ", " transpose "), ("Σ", " sigma "), ("λ", " lambda "),
        ("₀", " zero "), ("₁", " one "), ("₂", " two "), ("₃", " three "), ("₄", " four "),
        ("°", " degrees"), ("−", "minus ")]


def speak(text: str) -> str:
    """What the voice reads for ``text``: the lecture's symbols in words, then
    :func:`scenes.voice.speakable`, piece by piece so the ``{marks}`` survive."""
    out = []
    for i, piece in enumerate(re.split(r"(\{\w+\})", text)):
        if i % 2:
            out.append(piece)
            continue
        for a, b in _SAY:
            piece = piece.replace(a, b)
        piece = re.sub(r"\s+([,.:;?!])", r"\1", re.sub(r"\s+", " ", piece))
        out.append(voice.speakable(piece) if piece.strip() else piece)
    return " ".join(p.strip() for p in out if p.strip())


def unit(deg: float) -> np.ndarray:
    return np.array([np.cos(np.radians(deg)), np.sin(np.radians(deg))])


def ellipse_points(S: np.ndarray, k: float = K_STD, m: int = 120) -> np.ndarray:
    """(m, 2) points of {k S^(1/2) u : |u| = 1}: its shadow on any unit v reaches
    k sqrt(v^T S v) either side of the centre."""
    ev, U = np.linalg.eigh(S)
    root = U @ np.diag(np.sqrt(np.clip(ev, 0, None))) @ U.T
    t = np.linspace(0, 2 * np.pi, m)
    return k * np.c_[np.cos(t), np.sin(t)] @ root.T


def image_points(S: np.ndarray, m: int = 120) -> np.ndarray:
    """(m, 2): the unit circle mapped by S."""
    t = np.linspace(0, 2 * np.pi, m)
    return np.c_[np.cos(t), np.sin(t)] @ S.T


# -- the lecture ----------------------------------------------------------------------------------
class PCA(LectureScene):
    LECTURE = "chapter2/pca"

    def setup(self):
        super().setup()
        self.N = lecture_numbers(self.trajectories())
        self.theta = ValueTracker(100.0)   # the direction of v on screen, degrees
        self.follow = None                 # (clock, v rows) while the power run drives v

    # small helpers -------------------------------------------------------------------------------
    def say_(self, text: str):
        return self.say(text, spoken=speak(text))

    def v(self) -> np.ndarray:
        if self.follow is not None:
            clock, rows = self.follow
            u = clock.interp(rows)
            return u / np.linalg.norm(u)
        return unit(self.theta.get_value())

    def curve(self, pts: np.ndarray, color, width: float = 4, plot=None) -> VMobject:
        plot = plot or self.cp
        return VMobject(stroke_color=color, stroke_width=width).set_points_as_corners(
            plot.pts(pts))

    def arrow(self, vec, color, width: float = 6) -> Mobject:
        if np.linalg.norm(vec) < 1e-9:
            return VMobject()
        return Arrow(self.cp.c2p(0, 0), self.cp.c2p(*vec), buff=0, color=color,
                     stroke_width=width, max_tip_length_to_length_ratio=0.2,
                     max_stroke_width_to_length_ratio=12)

    def live(self, draw) -> Mobject:
        return redraw_on(lambda: (*np.round(self.v(), 7), *self.cp.where()), draw)

    def v_line(self) -> Mobject:
        def draw():
            seg = clip_segment(-20 * self.v(), 20 * self.v(), self.cp.data_box)
            return DashedLine(*self.cp.pts(np.array(seg)), color=C["cv"], stroke_width=2.5,
                              dash_length=0.12, stroke_opacity=0.7)
        return self.live(draw)

    def v_arrow(self) -> Mobject:
        return self.live(lambda: self.arrow(self.v(), C["cv"]))

    def drops(self) -> Mobject:
        Xc = self.N["Xc"]

        def draw():
            v = self.v()
            a = self.cp.pts(Xc)
            b = self.cp.pts(np.outer(Xc @ v, v))
            mob = VMobject(stroke_color=C["cv"], stroke_width=1.2, stroke_opacity=0.45)
            mob.points = np.stack([a, (2 * a + b) / 3, (a + 2 * b) / 3, b], 1).reshape(-1, 3)
            return mob
        return self.live(draw)

    def shadow_dots(self) -> DotCloud:
        Xc = self.N["Xc"]
        dots = DotCloud(self.cp.pts(np.outer(Xc @ self.v(), self.v())), radius=0.035,
                        color=C["cv"], opacity=0.9)
        dots.add_updater(lambda m: m.apply(pos=self.cp.pts(np.outer(Xc @ self.v(), self.v()))))
        return dots

    def shadow(self) -> Mobject:
        """The ellipse's shadow on the line through v: two standard deviations either side."""
        Sig = self.N["Sig"]

        def draw():
            v = self.v()
            s = K_STD * np.sqrt(v @ Sig @ v)
            return Line(self.cp.c2p(*(-s * v)), self.cp.c2p(*(s * v)), color=C["cSigma"],
                        stroke_width=9, stroke_opacity=0.8)
        return self.live(draw)

    def var_marker(self) -> Mobject:
        Sig = self.N["Sig"]

        def draw():
            th = self.theta.get_value() % 180
            v = unit(th)
            y = float(v @ Sig @ v)
            p = self.vp.c2p(th, y)
            return VGroup(DashedLine(self.vp.c2p(th, 0), p, color=C["cv"], stroke_width=2,
                                     dash_length=0.08),
                          Dot(p, radius=0.08, color=C["cv"]))
        return self.live(draw)

    def zoom(self, box, xticks, yticks, dots: bool) -> None:
        """Swap the cloud plot for one over ``box`` (same size on screen), the circle, the
        ellipse and the dots with it; v, its line and its label follow."""
        new = Plot(*box, 6.5, 4.55, xticks=xticks, yticks=yticks,
                   xlabel=tex(r"\tilde{\cx}_1", 40), ylabel=tex(r"\tilde{\cx}_2", 40),
                   xlabel_right=True).place((-6.0, -2.45))
        (x0, x1), (y0, y1) = box
        cross = VGroup(Line(new.c2p(x0, 0), new.c2p(x1, 0)), Line(new.c2p(0, y0), new.c2p(0, y1))
                       ).set_stroke(style.GRID, 2)
        circle = self.circle.copy().scale(new.scale_x() / self.cp.scale_x()).move_to(
            new.c2p(0, 0))
        anims = [ReplacementTransform(self.cp, new), ReplacementTransform(self.cross, cross),
                 Transform(self.circle, circle)]
        if dots:
            self.dots.apply(pos=new.pts(self.N["Xc"]), alpha=1.0)
            anims.append(FadeIn(self.dots))
        else:
            anims.append(FadeOut(self.dots))
        if self.ell in self.mobjects:
            anims.append(Transform(self.ell, self.curve(ellipse_points(self.N["Sig"]),
                                                        C["cSigma"], 4, new)))
        self.play(FadeOut(self.vline), FadeOut(self.varrow), FadeOut(self.vlab), run_time=0.5)
        self.play(*anims, run_time=1.5)
        self.cp, self.cross = new, cross
        self.play(FadeIn(self.vline), GrowArrow(self.varrow), FadeIn(self.vlab), run_time=0.8)
        self.bring_to_front(self.varrow, self.vlab)

    # ---------------------------------------------------------------------------------------------
    @beat("A cloud that leans")
    def cloud(self):
        N = self.N
        X = N["X"]
        raw = Plot(*RAW_BOX, 8.1, 4.5, xticks=(-2, 0, 2, 4, 6), yticks=(0, 2, 4),
                   xlabel=tex(r"\cx_1", 40), ylabel=tex(r"\cx_2", 40), xlabel_right=True)
        raw.place((-4.05, -2.45))
        self.dots = DotCloud(raw.pts(X), radius=0.05, color=style.TEXT, opacity=0.85)
        with self.say_(f"Here are {N['n']} points in the plane. {{dots}} Their two coordinates "
                       "rise and fall together: the cloud leans.") as s:
            self.play(fade_in(raw), run_time=self.till(s, "dots"))
            self.play(self.dots.intro(lag_ratio=0.01), run_time=2.5)
        mu = N["mu"]
        probe = ValueTracker(120.0)

        def probe_line():
            seg = clip_segment(mu - 20 * unit(probe.get_value()), mu + 20 * unit(probe.get_value()),
                               raw.data_box)
            return DashedLine(*raw.pts(np.array(seg)), color=C["cv"], stroke_width=3,
                              dash_length=0.15)
        line = redraw_on(lambda: probe.get_value(), probe_line)
        with self.say_("Principal component analysis asks one question: {q} along which "
                       "direction do the points spread the most?") as s:
            self.wait_until("q", s)
            self.play(Create(line), run_time=0.8)
            self.play(probe.animate.set_value(N["theta1"]), run_time=self.till(s, None, 1.5))
        with self.say_("That direction is the best one-number summary of each point. With many "
                       "measurements per point, the first few such directions keep most of "
                       "what varies.") as s:
            self.play(probe.animate.set_value(N["theta1"] + 90), run_time=2.5)
            self.play(probe.animate.set_value(N["theta1"]), run_time=2.5)
        mdot = Dot(raw.c2p(*mu), radius=0.1, color=C["cmu"])
        mlab = tex(r"\cmu", 44).next_to(mdot, UL, buff=0.08)
        cen = tex(r"\tilde{\cx}_i = \cx_i - \cmu", 44).move_to([3.9, 3.3, 0])
        cp = Plot(*BOX, 6.5, 4.55, xticks=(-4, -2, 0, 2, 4), yticks=(-2, 0, 2),
                  xlabel=tex(r"\tilde{\cx}_1", 40), ylabel=tex(r"\tilde{\cx}_2", 40),
                  xlabel_right=True).place((-6.0, -2.45))
        self.cp = cp
        cross = VGroup(Line(cp.c2p(-5, 0), cp.c2p(5, 0)), Line(cp.c2p(0, -3.5), cp.c2p(0, 3.5))
                       ).set_stroke(style.GRID, 2)
        self.cross = cross
        with self.say_("Spread is measured from the middle, so first we centre. {mu} The mean, μ, "
                       f"is at ({mu[0]:.2f}, {mu[1]:.2f}); {{shift}} subtract it from every "
                       "point.") as s:
            self.play(FadeOut(line), run_time=0.5)
            self.wait_until("mu", s)
            self.play(FadeIn(mdot, scale=2), FadeIn(mlab), run_time=1)
            self.wait_until("shift", s)
            self.play(Write(cen), run_time=1.2)
            self.play(ReplacementTransform(raw, cp), self.dots.morph(pos=cp.pts(N["Xc"]),
                                                                      rad=0.045),
                      mdot.animate.move_to(cp.c2p(0, 0)), mlab.animate.next_to(cp.c2p(0, 0), UL,
                                                                             buff=0.08),
                      run_time=2.2)
            self.play(FadeIn(cross), FadeOut(mdot), FadeOut(mlab), run_time=0.8)
        self.bring_to_front(self.dots)
        self.cen = cen

    @beat("Spread along a direction")
    def spread(self):
        N = self.N
        self.vp = Plot((0, 180), (0, 2.6), 4.6, 2.2, xticks=(0, 45, 90, 135, 180),
                       xnums=[rf"{a}^\circ" for a in (0, 45, 90, 135, 180)], yticks=(0, 1, 2),
                       xlabel=tex(r"\theta", 40), xlabel_right=True,
                       ylabel=tex(r"\operatorname{var}(\cv)", 36)).place((1.9, 0.6))
        self.theta.set_value(100.0)
        circle = Circle(radius=self.cp.scale_x(), color=style.DIM, stroke_width=2,
                        stroke_opacity=0.7).move_to(self.cp.c2p(0, 0))
        self.circle = circle
        varrow, vline = self.v_arrow(), self.v_line()
        vlab = tex(r"\cv", 40).add_updater(
            lambda m: m.move_to(self.cp.c2p(*(1.45 * self.v()))))
        vdef = tex(r"\cv = (\cos\theta,\ \sin\theta)", 40).move_to([3.9, -0.55, 0])
        with self.say_("Pick a direction: {v} a unit vector v, at an angle θ.") as s:
            self.play(FadeOut(self.cen), run_time=0.6)
            self.wait_until("v", s)
            self.play(Create(circle), FadeIn(vline), GrowArrow(varrow), FadeIn(vlab),
                      FadeIn(vdef), run_time=1.5)
        self.vline, self.varrow, self.vlab, self.vdef = vline, varrow, vlab, vdef
        drops, sdots = self.drops(), self.shadow_dots()
        proj = tex(r"\cv^{\top}\tilde{\cx}_i", 44).move_to([3.9, -1.35, 0])
        with self.say_("{drop} Drop every point straight onto the line through v. {coord} Point i "
                       "lands at the coordinate vᵀx̃ᵢ along v: its shadow.") as s:
            self.wait_until("drop", s)
            self.play(Create(drops), run_time=1.2)
            self.play(FadeIn(sdots), run_time=1.0)
            self.wait_until("coord", s)
            self.play(Write(proj), run_time=1.2)
        self.drops_, self.sdots = drops, sdots
        var_eq = tex(r"{{ \operatorname{var}(\cv) }} = {{ \frac{1}{n-1} \sum_i }} "
                     r"{{ (\cv^{\top}\tilde{\cx}_i)^2 }}", 44).move_to([3.9, -1.5, 0])
        with self.say_("{var} How spread out are the shadows? Their variance: the sum of their "
                       "squares over n minus one, since they average to zero.") as s:
            self.wait_until("var", s)
            self.play(TransformMatchingShapes(proj, var_eq), run_time=1.5)
            self.play(Indicate(sdots, color=C["cv"], scale_factor=1.0), run_time=1.5)
        self.var_eq = var_eq
        curve_pts = np.c_[N["thetas"], N["var"]]
        sweep = ValueTracker(0.0)
        traced = redraw_on(lambda: sweep.get_value(),
                           lambda: trace(self.vp, curve_pts, sweep.get_value() / THETA_STEP,
                                         C["cv"], 4))
        marker = self.var_marker()
        with self.say_("{turn} Now turn v all the way round, and plot that variance against the "
                       "angle.") as s:
            self.play(fade_in(VGroup(self.vp)), run_time=1.0)
            self.theta.set_value(0.0)
            self.add(traced, marker)
            self.wait_until("turn", s)
            self.play(self.theta.animate.set_value(180.0), sweep.animate.set_value(180.0),
                      run_time=max(7.0, s.remaining()), rate_func=linear)
        traced.clear_updaters()
        self.vcurve, self.marker = traced, marker
        ro = Readout([r"\theta", r"\operatorname{var}(\cv)"], [1, 2], 36)
        ro.next_to([1.9, -2.2, 0], RIGHT, buff=0)

        def upd(m):
            th = self.theta.get_value() % 180
            m.set_values([th, float(np.interp(th, N["thetas"], N["var"]))])
        with self.say_(f"{{max}} It peaks at θ = {N['theta_max']:.1f}°, with variance "
                       f"{N['var_max']:.2f}; {{min}} a right angle later it is smallest: "
                       f"{N['var_min']:.2f}.") as s:
            self.play(FadeOut(var_eq), run_time=0.5)
            self.var_eq = var_eq
            self.show_live(ro, upd)
            self.wait_until("max", s)
            self.play(self.theta.animate.set_value(N["theta_max"]), run_time=2.0)
            self.wait_until("min", s)
            self.play(self.theta.animate.set_value(N["theta_min"]), run_time=2.0)
        with self.say_("That peak is the first principal component. The rest of this lecture "
                       "finds it without trying every angle.") as s:
            self.play(self.theta.animate.set_value(N["theta_max"]), run_time=2.0)
            self.play(Circumscribe(ro, color=C["cv"]), run_time=1.5)
        ro.clear_updaters()
        self.ro = ro

    @beat("A quadratic form")
    def quadratic(self):
        N = self.N
        Sig = N["Sig"]
        x0, y0 = 1.0, -0.05
        q1 = tex(r"{{ \operatorname{var}(\cv) }} = {{ \frac{1}{n-1} \sum_i }} "
                 r"{{ (\cv^{\top}\tilde{\cx}_i)^2 }}", 40)
        q2 = tex(r"{{ \operatorname{var}(\cv) }} = {{ \frac{1}{n-1} \sum_i }} "
                 r"{{ \cv^{\top}\tilde{\cx}_i\, \tilde{\cx}_i^{\top}\cv }}", 40)
        q3 = tex(r"{{ \operatorname{var}(\cv) }} = {{ \cv^{\top} }} \Big( {{ \frac{1}{n-1} "
                 r"\sum_i }} {{ \tilde{\cx}_i \tilde{\cx}_i^{\top} }} \Big) {{ \cv }}", 40)
        q4 = tex(r"{{ \operatorname{var}(\cv) }} = {{ \cv^{\top} }} {{ \cSigma }} {{ \cv }}", 48)
        for q in (q1, q2, q3, q4):
            q.next_to([x0, y0, 0], DOWN, buff=0, aligned_edge=LEFT)
        with self.say_("Write the variance out. {sq} The square of vᵀx̃ᵢ is vᵀx̃ᵢ times its "
                       "transpose, x̃ᵢᵀv.") as s:
            self.play(FadeOut(self.ro), FadeOut(self.vdef), FadeIn(q1, shift=0.1 * DOWN),
                      run_time=1.0)
            self.wait_until("sq", s)
            self.morph(q1, q2, [(r"(\cv^{\top}\tilde{\cx}_i)^2",
                                 r"\cv^{\top}\tilde{\cx}_i\, \tilde{\cx}_i^{\top}\cv")],
                       extra=[self.theta.animate.set_value(N["theta_max"] + 35)], run_time=2.0)
        sdef = tex(r"\cSigma = \frac{1}{n-1} \sum_i \tilde{\cx}_i \tilde{\cx}_i^{\top}", 40)
        sdef.next_to(q4, DOWN, buff=0.45).align_to(q4, LEFT)
        with self.say_("{pull} v is the same for every point, so it comes out of the sum; "
                       "{left} what is left inside is the covariance matrix, Σ.") as s:
            self.wait_until("pull", s)
            self.morph(q2, q3, [(r"\cv^{\top}\tilde{\cx}_i\, \tilde{\cx}_i^{\top}\cv",
                                 r"\tilde{\cx}_i \tilde{\cx}_i^{\top}")],
                       extra=[self.theta.animate.set_value(N["theta_max"])], run_time=2.0)
            self.wait_until("left", s)
            self.play(TransformFromCopy(VGroup(part(q3, r"\frac{1}{n-1} \sum_i"),
                                               part(q3, r"\tilde{\cx}_i \tilde{\cx}_i^{\top}")),
                                        sdef), run_time=1.5)
            self.morph(q3, q4, [], run_time=1.5)
        mat = tex(rf"\cSigma = \begin{{pmatrix}} {Sig[0, 0]:.2f} & {Sig[0, 1]:.2f} \\ "
                  rf"{Sig[1, 0]:.2f} & {Sig[1, 1]:.2f} \end{{pmatrix}}", 40)
        mat.move_to([-3.2, 3.25, 0])
        with self.say_(f"{{nums}} Here Σ holds the variances of the two coordinates, "
                       f"{Sig[0, 0]:.2f} and {Sig[1, 1]:.2f}, on its diagonal, {{off}} and their "
                       f"covariance, {Sig[0, 1]:.2f}, off it: "
                       + ("positive, because they rise together." if Sig[0, 1] > 0 else
                          "negative, because one falls as the other rises.")) as s:
            self.wait_until("nums", s)
            self.play(TransformFromCopy(sdef, mat), run_time=1.5)
            self.wait_until("off", s)
            self.play(Circumscribe(mat, color=C["cSigma"]), run_time=1.5)
        self.mat = mat
        ell = self.curve(ellipse_points(Sig), C["cSigma"], 4)
        shadow = self.shadow()
        with self.say_("{ell} Σ draws an ellipse around the cloud, made so that {shadow} its shadow "
                       "on the line through v reaches two standard deviations either side: for "
                       "every v.") as s:
            self.wait_until("ell", s)
            self.play(Create(ell), run_time=2.0)
            self.wait_until("shadow", s)
            self.play(FadeOut(self.drops_), FadeIn(shadow), run_time=1.0)
            self.bring_to_front(self.sdots, self.varrow)
        with self.say_("{turn} Turn v: the shadow grows and shrinks with the curve, {long} and it "
                       "is longest along the ellipse's long axis.") as s:
            self.wait_until("turn", s)
            self.play(self.theta.animate.set_value(N["theta_max"] + 180), run_time=5.0,
                      rate_func=linear)
            self.theta.set_value(N["theta_max"])
            self.wait_until("long", s)
            self.play(Indicate(shadow, color=C["cSigma"], scale_factor=1.0), run_time=1.5)
        self.ell, self.shadow_, self.q4, self.sdef = ell, shadow, q4, sdef

    @beat("Lagrange: Σv = λv")
    def lagrange(self):
        N = self.N
        Sig = N["Sig"]
        x0, y0 = 1.0, -0.05
        m1 = tex(r"\max_{\cv}\ {{ \cv^{\top}\cSigma\cv }} \quad \text{subject to} \quad "
                 r"{{ \cv^{\top}\cv = 1 }}", 38)
        m1.next_to([x0, y0, 0], DOWN, buff=0, aligned_edge=LEFT)
        big = self.live(lambda: self.arrow(2.2 * self.v(), C["cv"], 4).set_opacity(0.5))
        self.play(FadeOut(self.sdots), FadeOut(self.shadow_), run_time=0.5)
        self.zoom(ZOOM, (-3, -2, -1, 0, 1, 2, 3), (-2, -1, 0, 1, 2), dots=False)
        with self.say_("Now make vᵀΣv as large as possible. {len} Without a rule on v there is no "
                       "answer: doubling v makes it four times bigger. {unit} So v stays a unit "
                       "vector, vᵀv = 1: it lives on the circle.") as s:
            self.play(FadeOut(self.sdef), ReplacementTransform(self.q4, m1), run_time=1.5)
            self.wait_until("len", s)
            self.play(GrowArrow(big), run_time=1.2)
            self.wait_until("unit", s)
            self.play(FadeOut(big), Indicate(self.circle, color=style.TEXT, scale_factor=1.05),
                      run_time=1.5)
        l1 = tex(r"{{ \mathcal{L} }} = {{ \cv^{\top}\cSigma\cv }} - {{ \clambda }} "
                 r"{{ (\cv^{\top}\cv - 1) }}", 40)
        l2 = tex(r"{{ \nabla_{\cv}\mathcal{L} }} = {{ 2\cSigma\cv }} - {{ 2\clambda\cv }} = 0",
                 40)
        l3 = tex(r"{{ \cSigma\cv }} = {{ \clambda\cv }}", 52)
        l1.next_to(m1, DOWN, buff=0.4).align_to(m1, LEFT)
        l2.next_to(m1, DOWN, buff=0.4).align_to(m1, LEFT)
        l3.next_to(l2, DOWN, buff=0.4).align_to(m1, LEFT)
        with self.say_("{L} Lagrange's method: subtract λ times the constraint, {grad} and set "
                       "the gradient in v to zero: two Σv minus two λv.") as s:
            self.wait_until("L", s)
            self.morph(m1, l1, [(r"\cv^{\top}\cv = 1", r"(\cv^{\top}\cv - 1)")], keep=True,
                       extra=[self.theta.animate.set_value(N["theta1"] + 50)], run_time=1.8)
            self.wait_until("grad", s)
            self.morph(l1, l2, [(r"\cv^{\top}\cSigma\cv", r"2\cSigma\cv"),
                                (r"(\cv^{\top}\cv - 1)", r"2\clambda\cv"),
                                (r"\mathcal{L}", r"\nabla_{\cv}\mathcal{L}")],
                       extra=[self.theta.animate.set_value(N["theta1"])], run_time=2.0)
        box = highlight(l3, C["clambda"])
        with self.say_("{eig} So Σv = λv: at the best v, multiplying by Σ only stretches v, "
                       "without turning it. v is an eigenvector of Σ.") as s:
            self.wait_until("eig", s)
            self.morph(l2, l3, [(r"2\cSigma\cv", r"\cSigma\cv"), (r"2\clambda\cv", r"\clambda\cv")],
                       keep=True, run_time=1.8)
            self.play(Create(box), run_time=0.8)
        sv = self.live(lambda: self.arrow(Sig @ self.v(), C["cSigma"], 6))
        svlab = tex(r"\cSigma\cv", 36).add_updater(lambda m: m.move_to(
            self.cp.c2p(*(Sig @ self.v() + 0.45 * (Sig @ self.v()) / np.linalg.norm(Sig @ self.v())))))
        with self.say_("See it on the circle. {sv} Here is Σv. {turn} Away from the peak, Σv "
                       "leans off v, toward the long axis, and turning v that way raises the "
                       "variance. {peak} Only at the top of the curve, where the variance stops "
                       "rising, does Σv point along v.") as s:
            self.play(self.theta.animate.set_value(120.0), run_time=1.2)
            self.wait_until("sv", s)
            self.play(GrowArrow(sv), FadeIn(svlab), run_time=1.0)
            self.wait_until("turn", s)
            self.play(self.theta.animate.set_value(75.0), run_time=self.till(s, "peak", 2.0))
            self.play(self.theta.animate.set_value(N["theta1"]), run_time=3.0)
            self.play(Flash(self.cp.c2p(*(Sig @ self.v())), color=C["cSigma"]), run_time=1.0)
        rate = tex(r"\frac{d}{d\theta}\operatorname{var} = 2\, \cv_{\perp}^{\top} \cSigma\cv", 38)
        top3 = VGroup(l3.copy(), box.copy()).next_to([x0, y0, 0], DOWN, buff=0,
                                                      aligned_edge=LEFT)
        rate.next_to(top3, DOWN, buff=0.45).align_to(m1, LEFT)
        with self.say_("{rate} In symbols: turning v changes the variance at the rate two times "
                       "the part of Σv across v. It is zero exactly when Σv = λv.") as s:
            self.play(FadeOut(m1), FadeOut(l2), VGroup(l3, box).animate.move_to(top3),
                      run_time=1.0)
            self.wait_until("rate", s)
            self.play(FadeIn(rate, shift=0.1 * DOWN), run_time=1.2)
            self.play(self.theta.animate.set_value(N["theta1"] - 25), run_time=1.5)
            self.play(self.theta.animate.set_value(N["theta1"]), run_time=1.5)
        lam = N["lam"]
        l4 = tex(r"{{ \cv^{\top}\cSigma\cv }} = {{ \clambda\, \cv^{\top}\cv }} = {{ \clambda }}",
                 44)
        l4.next_to(top3, DOWN, buff=0.45).align_to(m1, LEFT)
        l5a = tex(rf"\clambda_1 = {lam[0]:.2f}", 44)
        l5b = tex(rf"\clambda_2 = {lam[1]:.2f}", 44)
        l5a.next_to(l4, DOWN, buff=0.4).align_to(m1, LEFT)
        l5b.next_to(l5a, RIGHT, buff=0.8)
        with self.say_("{var} And then vᵀΣv = λ vᵀv = λ: the variance along an eigenvector is "
                       "its eigenvalue. {big} So take the largest: λ₁ = "
                       f"{lam[0]:.2f}, the height of the peak; {{small}} the other eigenvector, "
                       f"at right angles, has λ₂ = {lam[1]:.2f}, the valley.") as s:
            self.play(FadeOut(rate), run_time=0.6)
            self.wait_until("var", s)
            self.play(TransformFromCopy(l3, l4), run_time=1.8)
            self.wait_until("big", s)
            self.play(FadeIn(l5a), Flash(self.vp.c2p(N["theta1"], lam[0]), color=C["cv"]),
                      run_time=1.2)
            self.wait_until("small", s)
            self.play(self.theta.animate.set_value(N["theta2"]), FadeIn(l5b), run_time=1.8)
        with self.say_("Two eigenvectors, two principal components: the axes of the "
                       "ellipse.") as s:
            self.play(self.theta.animate.set_value(N["theta1"]), run_time=2.0)
            self.play(Indicate(self.ell, color=C["cSigma"], scale_factor=1.0), run_time=1.5)
        self.lag = VGroup(l3, box, l4, l5a, l5b)
        self.sv, self.svlab = sv, svlab

    @beat("Power iteration")
    def power(self):
        N = self.N
        Sig = N["Sig"]
        T = N["T"]
        vr = N["v_run"]
        self.play(FadeOut(self.lag), FadeOut(self.sv), FadeOut(self.svlab), fade_out(self.vp),
                  FadeOut(self.vcurve), FadeOut(self.marker), run_time=1.0)
        rule = tex(r"\cv \leftarrow \frac{\cSigma\cv}{\lVert \cSigma\cv \rVert}", 48)
        rule.move_to([4.0, 2.9, 0])
        image = self.curve(image_points(Sig), C["cSigma"], 3).set_stroke(opacity=0.6)
        with self.say_("How do we find that eigenvector without trying every angle? {rule} "
                       "Power iteration: multiply by Σ, scale back to length one, and "
                       "repeat.") as s:
            self.wait_until("rule", s)
            self.play(Write(rule), run_time=1.5)
        clock = StepClock(len(vr))
        self.theta.set_value(np.degrees(np.arctan2(vr[0][1], vr[0][0])))
        sv = self.live(lambda: self.arrow(Sig @ self.v(), C["cSigma"], 5))
        err = N["err"]
        r = N["ratio"]
        xmax = max(16, T + 1)  # the steps this run takes (more when lambda2/lambda1 is near 1)
        xstep = next(d for d in (5, 10, 20, 50, 100, 200, 500) if xmax / d <= 4)
        ep = Plot((0, xmax), (-12, 1), 4.8, 2.2, xticks=tuple(range(0, xmax, xstep)),
                  yticks=(0, -4, -8, -12),
                  ynums=["10^{0}", "10^{-4}", "10^{-8}", "10^{-12}"],
                  xlabel=plot_label("step"),
                  ylabel=tex(r"|\tan\varphi|", 36)).place((1.6, -2.0))
        pts = np.c_[np.arange(T + 1), np.log10(np.maximum(err, 1e-12))]  # 0 sits on the floor
        pk = ValueTracker(0)   # dots shown by the steps taken by hand

        def err_dots():
            upto = max(int(round(pk.get_value())), clock.row if self.follow else 0)
            return VGroup(*[Dot(ep.c2p(*p), radius=0.06, color=C["cv"]) for p in pts[: upto + 1]])
        path = redraw_on(lambda: (int(round(pk.get_value())), clock.row, self.follow is None),
                         err_dots)
        with self.say_(f"{{start}} Start from a random unit vector, here at {N['theta0']:.1f}°. "
                       "{img} Σ maps the unit circle onto an ellipse stretched along the long "
                       "axis, {lean} so Σv leans toward that axis. {norm} Scaled back onto the "
                       "circle, v has turned toward it: {plot} on the right, the tangent of its "
                       "angle φ to the long axis, on a log scale.") as s:
            self.play(FadeOut(self.ell), run_time=0.5)
            self.wait_until("start", s)
            self.play(Indicate(self.varrow, color=C["cv"]), run_time=1.0)
            self.wait_until("img", s)
            self.play(TransformFromCopy(self.circle, image), run_time=2.0)
            self.wait_until("lean", s)
            self.play(GrowArrow(sv), run_time=1.2)
            self.wait_until("norm", s)
            self.play(self.theta.animate.set_value(np.degrees(np.arctan2(vr[1][1], vr[1][0]))),
                      run_time=1.5)
            self.wait_until("plot", s)
            self.play(fade_in(VGroup(ep)), run_time=1.0)
            self.add(path)
            self.play(pk.animate.set_value(1), run_time=0.8)
        with self.say_("{again} Again: Σv, {back} back to the circle, {more} and again.") as s:
            for k, mark in ((2, "back"), (3, "more")):
                self.play(Indicate(sv, color=C["cSigma"], scale_factor=1.1),
                          run_time=max(0.6, s.until(mark) - 1.1))
                self.play(self.theta.animate.set_value(
                    np.degrees(np.arctan2(vr[k][1], vr[k][0]))), pk.animate.set_value(k),
                    run_time=1.0)
            self.wait(max(s.remaining() - 1.0, 0.3))
            self.play(self.theta.animate.set_value(
                np.degrees(np.arctan2(vr[4][1], vr[4][0]))), pk.animate.set_value(4),
                run_time=1.0)
        # why: the start in the eigenvectors
        x0 = 1.0
        p1 = tex(r"{{ \cv_0 }} = {{ c_1 \cv_1 }} + {{ c_2 \cv_2 }}", 40)
        p2 = tex(r"{{ \cSigma^t \cv_0 }} = {{ c_1 \clambda_1^t \cv_1 }} + "
                 r"{{ c_2 \clambda_2^t \cv_2 }}", 40)
        p3 = tex(r"{{ \cSigma^t \cv_0 }} = {{ c_1 \clambda_1^t }} \Big( {{ \cv_1 }} + "
                 r"{{ \frac{c_2}{c_1} }} {{ \Big(\frac{\clambda_2}{\clambda_1}\Big)^t }} "
                 r"{{ \cv_2 }} \Big)", 40)
        for p in (p1, p2, p3):
            p.next_to([x0, 2.2, 0], DOWN, buff=0, aligned_edge=LEFT)
        fit_width(p3, 5.9)
        V, lam = N["V"], N["lam"]
        c1, c2 = vr[0] @ V[0], vr[0] @ V[1]

        def parts(s1, s2):  # c1 s1 v1 from the origin, then c2 s2 v2 from its tip
            a = c1 * s1 * V[0]
            b = c2 * s2 * V[1]
            return (Arrow(self.cp.c2p(0, 0), self.cp.c2p(*a), buff=0, color=C["cv"],
                          stroke_width=4, max_tip_length_to_length_ratio=0.3).set_opacity(0.6),
                    Arrow(self.cp.c2p(*a), self.cp.c2p(*(a + b)), buff=0, color=C["cv"],
                          stroke_width=4, max_tip_length_to_length_ratio=0.15).set_opacity(0.6))
        a1, a2 = parts(1, 1)
        b1, b2 = parts(lam[0], lam[1])
        with self.say_("Why does it work? {c} Write the start in the two eigenvectors: v₀ = "
                       "c₁v₁ + c₂v₂. {pow} Each multiplication by Σ multiplies each part by its "
                       "own eigenvalue: after t of them, λ₁ to the t and λ₂ to the t.") as s:
            self.play(self.theta.animate.set_value(N["theta0"]), run_time=1.2)
            self.wait_until("c", s)
            self.play(FadeIn(p1, shift=0.1 * DOWN), GrowArrow(a1), GrowArrow(a2), run_time=1.5)
            self.wait_until("pow", s)
            self.morph(p1, p2, [(r"\cv_0", r"\cSigma^t \cv_0"), (r"c_1 \cv_1",
                                                               r"c_1 \clambda_1^t \cv_1"),
                                (r"c_2 \cv_2", r"c_2 \clambda_2^t \cv_2")],
                       extra=[Transform(a1, b1), Transform(a2, b2)], run_time=2.5)
            self.play(Indicate(sv, color=C["cSigma"], scale_factor=1.05), run_time=1.2)
        with self.say_("{out} Take λ₁ to the t out: the length does not matter, only the "
                       f"direction. {{ratio}} The v₂ part is left multiplied by λ₂/λ₁ = {r:.2f} "
                       "at every step, so it dies away.",
                       ) as s:
            self.wait_until("out", s)
            self.morph(p2, p3, [(r"c_1 \clambda_1^t \cv_1", r"c_1 \clambda_1^t"),
                                (r"c_2 \clambda_2^t \cv_2",
                                 r"\Big(\frac{\clambda_2}{\clambda_1}\Big)^t")], run_time=2.0)
            self.wait_until("ratio", s)
            rb = highlight(part(p3, r"\Big(\frac{\clambda_2}{\clambda_1}\Big)^t"), C["clambda"])
            self.play(Create(rb), run_time=0.8)
        # the error, on a log scale, against the run
        pred = np.log10(err[0]) + np.arange(T + 1) * np.log10(r)
        line = DashedLine(ep.c2p(0, pred[0]), ep.c2p(T, pred[-1]), color=C["clambda"],
                          stroke_width=3, dash_length=0.12)
        ro = Readout([r"\text{step}", r"\text{ratio}", r"\cv^{\top}\cSigma\cv"], [0, 3, 4], 32)
        ro.next_to([-5.3, 3.6, 0], DOWN, buff=0, aligned_edge=LEFT)
        with self.say_("{err} So the error, the tangent of the angle φ between v and v₁, shrinks "
                       f"by {r:.2f} each step: {{line}} a straight line on a log scale.") as s:
            self.play(FadeOut(p3), FadeOut(rb), FadeOut(image), FadeOut(a1), FadeOut(a2),
                      run_time=1.2)
            self.wait_until("line", s)
            rlab = tex(rf"\times\, \frac{{\clambda_2}}{{\clambda_1}} = {r:.2f} "
                       r"\text{ per step}", 34)
            rlab.next_to(ep.c2p(16, 1), UP, buff=0.12).align_to(ep.c2p(16, 1), RIGHT)
            self.play(Create(line), FadeIn(rlab), run_time=1.5)
        self.play(FadeOut(self.mat), run_time=0.4)

        def upd(m):
            k = clock.row
            m.set_values([k, err[k] / err[k - 1] if k else 0.0, N["lam_run"][k]])
        self.follow = (clock, vr)
        with self.say_("{run} Now the run itself, from the same start. {check} Its errors fall "
                       f"right on the line: each one is {r:.2f} times the last.") as s:
            self.wait_until("run", s)
            self.show_live(ro, upd)
            self.play(clock.run_to(3, run_time=3.0))
            self.wait_until("check", s)
            self.play(clock.run_to(T, run_time=max(4.0, s.remaining())))
        v1 = N["V"][0]
        done = tex(rf"\cv_1 = ({v1[0]:.2f},\ {v1[1]:.2f}), \quad \clambda_1 = {N['lam'][0]:.2f}",
                   40).move_to([4.2, 2.0, 0])
        final = float(N["err"][-1])   # how small the error got: said from the run itself
        small = ("zero" if final == 0 else
                 f"below ten to the minus {int(np.floor(-np.log10(final)))}" if final < 0.1
                 else f"down to {final:.2f}")
        with self.say_(f"After {T} steps the error is {small}, and vᵀΣv has "
                       f"settled at {N['lam'][0]:.2f}: {{done}} the first component, v₁ = "
                       f"({v1[0]:.2f}, {v1[1]:.2f}).") as s:
            self.play(Circumscribe(ro, color=C["cv"]), run_time=1.5)
            self.wait_until("done", s)
            self.play(Write(done), run_time=1.2)
        with self.say_("The closer λ₂ comes to λ₁, the slower it goes; if they were equal, no "
                       "direction would stand out, and there would be none to find.") as s:
            self.play(Indicate(line, color=C["clambda"], scale_factor=1.0), run_time=2.0)
        ro.clear_updaters()
        path.clear_updaters()
        self.follow = None
        self.theta.set_value(N["theta1"])
        self.power_bits = VGroup(ro, ep, line, rlab, path, rule, done, sv)

    @beat("Deflation")
    def deflation(self):
        N = self.N
        lam, V, Sig, Sig2 = N["lam"], N["V"], N["Sig"], N["Sig2"]
        self.play(FadeOut(self.power_bits), run_time=1.0)
        self.zoom(BOX, (-4, -2, 0, 2, 4), (-2, 0, 2), dots=True)
        self.bring_to_front(self.varrow, self.vlab)
        ell = self.curve(ellipse_points(Sig), C["cSigma"], 4)
        x0 = 1.0
        d1 = tex(r"{{ \cSigma }} = {{ \clambda_1 \cv_1 \cv_1^{\top} }} + "
                 r"{{ \clambda_2 \cv_2 \cv_2^{\top} }}", 42)
        d2 = tex(r"{{ \cSigma_2 }} = {{ \cSigma }} - {{ \clambda_1 \cv_1 \cv_1^{\top} }} = "
                 r"{{ \clambda_2 \cv_2 \cv_2^{\top} }}", 42)
        d1.next_to([x0, 3.5, 0], DOWN, buff=0, aligned_edge=LEFT)
        d2.next_to(d1, DOWN, buff=0.45).align_to(d1, LEFT)
        fit_width(d2, 5.9)
        with self.say_("For the second component, take the first out of Σ. {spec} Σ is the sum of "
                       "one piece per eigenvector: λ₁v₁v₁ᵀ plus λ₂v₂v₂ᵀ. {sub} Subtract the first "
                       "piece.") as s:
            self.play(Create(ell), run_time=1.2)
            self.wait_until("spec", s)
            self.play(Write(d1), run_time=2.0)
            self.wait_until("sub", s)
            self.morph(d1, d2, [], keep=True, run_time=2.0)
        flat = self.curve(ellipse_points(Sig2), C["cSigma"], 5)
        d3 = tex(r"\cSigma_2 \cv_1 = 0, \qquad \cSigma_2 \cv_2 = \clambda_2 \cv_2", 42)
        d3.next_to(d2, DOWN, buff=0.45).align_to(d1, LEFT)
        m2 = tex(rf"\cSigma_2 = \begin{{pmatrix}} {Sig2[0, 0]:.2f} & {Sig2[0, 1]:.2f} \\ "
                 rf"{Sig2[1, 0]:.2f} & {Sig2[1, 1]:.2f} \end{{pmatrix}}", 40)
        m2.next_to(d3, DOWN, buff=0.45).align_to(d1, LEFT)
        with self.say_("{flat} The ellipse collapses onto the v₂ axis: Σ₂ sends v₁ to zero and "
                       "leaves v₂ as it was. {top} Now the largest eigenvalue left is λ₂ = "
                       f"{lam[1]:.2f}, so power iteration on Σ₂ finds v₂.") as s:
            self.wait_until("flat", s)
            self.play(Transform(ell, flat), self.theta.animate.set_value(N["theta2"]),
                      run_time=2.5)
            self.play(Write(d3), run_time=1.5)
            self.wait_until("top", s)
            self.play(FadeIn(m2, shift=0.1 * DOWN), run_time=1.2)
        with self.say_(f"In the plane it takes {N['T2']} step: once v₁ is taken out of the start, "
                       "only v₂ is left.") as s:
            self.play(Indicate(self.varrow, color=C["cv"]), run_time=1.5)
        # Iris: four runs
        res = N["iris_res"]
        steps = N["iris_steps"]
        rp = Plot((0, 24), (-12, 1), 6.8, 4.4, xticks=(0, 8, 16, 24), yticks=(0, -4, -8, -12),
                  ynums=["10^{0}", "10^{-4}", "10^{-8}", "10^{-12}"],
                  xlabel=plot_label("step"),
                  ylabel=plot_label("residual")).place((-5.8, -2.0))
        curves, labels = VGroup(), VGroup()
        shades = [C["cv"], style.TEXT, style.DIM, style.DIM]   # v3 and v4 apart in place
        for j, r in enumerate(res):
            pts = np.c_[np.arange(len(r)), np.log10(np.maximum(r, 1e-12))]
            c = self.curve(pts, shades[j], 4, rp)
            dots = VGroup(*[Dot(rp.c2p(*p), radius=0.05, color=shades[j]) for p in pts])
            curves.add(VGroup(c, dots))
            end = rp.c2p(*pts[-1])
            labels.add(tex(rf"\cv_{j + 1}", 34, shades[j]).next_to(
                rp.c2p(*pts[0]) if j == 3 else end,
                RIGHT if j == 3 else [UP + RIGHT, DOWN, UP, RIGHT][j], buff=0.15))
        ir = N["iris_ratios"]
        with self.say_("With more measurements, deflation repeats. {iris} Iris has four per "
                       "flower, so four runs, each on what the runs before it left.") as s:
            self.play(FadeOut(VGroup(d1, d2, d3, m2)), FadeOut(ell), FadeOut(self.varrow),
                      FadeOut(self.vline), FadeOut(self.vlab), FadeOut(self.circle),
                      fade_out(self.cp), FadeOut(self.cross), FadeOut(self.dots), run_time=1.2)
            self.wait_until("iris", s)
            self.play(fade_in(VGroup(rp)), run_time=1.2)
        table = VGroup(*[tex(rf"\frac{{\clambda_{j + 2}}}{{\clambda_{j + 1}}} = {ir[j]:.2f}: "
                             rf"\ {steps[j]} \text{{ steps}}", 38) for j in range(3)],
                       tex(rf"\cv_4: \ {steps[3]} \text{{ step}}", 38))
        table.arrange(DOWN, aligned_edge=LEFT, buff=0.35).next_to([2.2, 0.3, 0], RIGHT, buff=0)
        with self.say_("{r1} The first run's error shrinks by λ₂/λ₁ = "
                       f"{ir[0]:.2f} per step: {steps[0]} steps. {{r2}} The second by λ₃/λ₂ = "
                       f"{ir[1]:.2f}: {steps[1]} steps; {{r3}} the third by {ir[2]:.2f}: "
                       f"{steps[2]}. {{r4}} The last direction is all that is left: "
                       f"{steps[3]} step.") as s:
            for j, mark in enumerate(("r1", "r2", "r3", "r4")):
                self.wait_until(mark, s)
                self.play(Create(curves[j]), FadeIn(labels[j]), FadeIn(table[j]),
                          run_time=1.2 if j < 3 else 0.8)
        with self.say_("Each run's slope is its own ratio of eigenvalues: the closer the next "
                       "eigenvalue, the more steps.") as s:
            self.play(Indicate(curves[1], color=style.TEXT, scale_factor=1.0),
                      Indicate(table[1], color=style.TEXT), run_time=2.0)
        self.defl = VGroup(rp, curves, labels, table)

    @beat("Iris in two dimensions")
    def iris(self):
        N = self.N
        share = N["iris_share"]
        Xi, species, feats, names = load_iris()
        self.play(FadeOut(self.defl), run_time=1.0)
        bp = Plot((0.4, 4.6), (0, 1.0), 3.4, 4.0, xticks=(1, 2, 3, 4),
                  xnums=[rf"\cv_{j}" for j in (1, 2, 3, 4)], yticks=(0, 0.5, 1.0),
                  ynums=["0\\%", "50\\%", "100\\%"],
                  ylabel=tex(r"\clambda_j \big/ \textstyle\sum_k \clambda_k", 34)).place((-5.9, -2.3))
        bars, labs = VGroup(), VGroup()
        for j, r in enumerate(share):
            lo, hi = bp.c2p(j + 1 - 0.3, 0), bp.c2p(j + 1 + 0.3, r)
            b = Rectangle(width=hi[0] - lo[0], height=max(hi[1] - lo[1], 0.02),
                          fill_color=C["clambda"], fill_opacity=0.85, stroke_width=0)
            b.move_to(lo, aligned_edge=DL)
            bars.add(b)
            labs.add(tex(rf"{100 * r:.1f}\%", 30).next_to(b, UP, buff=0.1))
        with self.say_("{bars} Iris's four eigenvalues, as shares of the total variance: "
                       f"{100 * share[0]:.1f}%, {100 * share[1]:.1f}%, {100 * share[2]:.1f}% "
                       f"and {100 * share[3]:.1f}%.") as s:
            self.wait_until("bars", s)
            self.play(fade_in(VGroup(bp)), run_time=1.0)
            self.play(LaggedStart(*[GrowFromEdge(b, DOWN) for b in bars], lag_ratio=0.3),
                      LaggedStart(*[FadeIn(l) for l in labs], lag_ratio=0.3),
                      run_time=max(2.0, s.remaining()))
        S = N["iris_scores"]
        sp = Plot((-4, 4), (-1.5, 1.5), 7.6, 2.85, xticks=(-4, -2, 0, 2, 4), yticks=(-1, 0, 1),
                  xlabel=tex(r"\cv_1^{\top}\tilde{\cx}", 36),
                  ylabel=tex(r"\cv_2^{\top}\tilde{\cx}", 36)).place((-0.9, -1.95))
        cols = [style.SPECIES_COLORS[names[k]] for k in species]
        dots = DotCloud(sp.pts(np.zeros_like(S)), radius=0.05, colors=cols, opacity=0.9)
        keep = highlight(VGroup(bars[:2], labs[:2]), C["cv"])
        with self.say_(f"{{keep}} Keep the first two and {100 * N['iris_keep']:.1f}% of the "
                       "variance stays. {proj} Each flower becomes two numbers: its coordinates "
                       "along v₁ and v₂.") as s:
            self.wait_until("keep", s)
            self.play(Create(keep), run_time=1.0)
            self.wait_until("proj", s)
            self.play(fade_in(VGroup(sp)), run_time=1.0)
            self.add(dots)
            self.play(dots.morph(pos=sp.pts(S)), run_time=2.5)
        legend = VGroup(*[VGroup(Dot(radius=0.08, color=style.SPECIES_COLORS[nm]),
                                 plot_label(nm, 32, style.SPECIES_COLORS[nm])).arrange(RIGHT,
                                                                                     buff=0.15)
                          for nm in names]).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        legend.next_to([4.4, 3.5, 0], DOWN, buff=0, aligned_edge=LEFT)
        with self.say_("{species} Coloured by species, setosa sits well apart, and versicolor and "
                       "virginica overlap only a little: the first component alone nearly "
                       "separates them.") as s:
            self.wait_until("species", s)
            self.play(FadeIn(legend), run_time=1.0)
            self.play(Indicate(dots, scale_factor=1.0), run_time=1.5)
        v1 = N["iris_v1"]
        words = ["sepal length", "sepal width", "petal length", "petal width"]
        load = VGroup(*[VGroup(tex(rf"{w:+.2f}", 34), plot_label(nm, 30))
                        .arrange(RIGHT, buff=0.2) for w, nm in zip(v1, words)])
        load.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        head = tex(r"\cv_1:", 38)
        loadings = VGroup(head, load).arrange(RIGHT, buff=0.3, aligned_edge=UP)
        loadings.next_to([-0.4, 3.7, 0], DOWN, buff=0, aligned_edge=LEFT)
        big = int(np.argmax(np.abs(v1)))
        with self.say_(f"{{load}} v₁ weighs {words[big]} most, {v1[big]:.2f}: along it, "
                       "flowers are sorted mostly by the size of their petals.") as s:
            self.wait_until("load", s)
            self.play(FadeIn(loadings), run_time=1.2)
            self.play(Create(hb := highlight(load[big], C["cv"])), run_time=0.8)
        self.iris_bits = VGroup(bp, bars, labs, keep, sp, dots, legend, loadings, hb)

    @beat("Summary")
    def recap(self):
        self.play(FadeOut(self.iris_bits), run_time=1.0)
        steps = VGroup(
            tex(r"\tilde{\cx}_i = \cx_i - \cmu", 44),
            tex(r"\operatorname{var}(\cv) = \cv^{\top}\cSigma\cv, \quad \cv^{\top}\cv = 1", 44),
            tex(r"\cSigma\cv = \clambda\cv: \ \text{take the largest } \clambda", 44),
            tex(r"\cv \leftarrow \cSigma\cv / \lVert \cSigma\cv \rVert: \ \text{error} \times "
                r"\clambda_2 / \clambda_1 \text{ per step}", 44),
            tex(r"\cSigma \leftarrow \cSigma - \clambda_1 \cv_1 \cv_1^{\top}: \ "
                r"\text{then the next}", 44),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.4).move_to([0, 0.3, 0])
        with self.say_("To sum up. {s1} Centre the data. {s2} The variance along a unit vector v "
                       "is vᵀΣv. {s3} Its maximum is where Σv = λv, and its value is λ: take the "
                       "largest eigenvalue. {s4} Power iteration finds that eigenvector, its error "
                       "shrinking by λ₂/λ₁ each step; {s5} deflation takes it out, and the next "
                       "run finds the next.") as s:
            for i, m in enumerate(steps):
                self.wait_until(f"s{i + 1}", s)
                self.play(FadeIn(m, shift=0.2 * RIGHT), run_time=0.8)
        self.wait(2)
