"""Lecture 2.1: k-means (narrated).

The story: three hundred points and no labels -> a grouping is a set of centres mu and an
assignment c; J adds up every point's squared distance (its spoke) to its own centre -> with
the centres fixed, J splits into one term per point: each point takes its nearest centre
(assign; J cannot rise) -> with the groups fixed, J splits into one bowl per cluster: its
derivative is minus twice the sum of the spokes, zero at the mean (update; J cannot rise) ->
Lloyd's algorithm alternates the two, and the J staircase only ever steps down to a fixed
point -> a bad start lands in a worse fixed point -> k-means++ seeds far apart, and restarts
keep the best of several runs.

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter2/trajectories.py: kmeans``); ``tests/test_kmeans_lecture.py`` checks them
against direct recomputation with scipy and numpy.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter2/kmeans.py KMeans``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.kmeans import sq_distances, voronoi_cells
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter2.trajectories import kmeans as trajectories
from scenes.components import (
    DotCloud, Plot, Readout, fade_in, fade_out, fit_width, highlight, part, plot_label,
    redraw_on, tex,
)
from scenes.lecture import LectureScene, beat

__all__ = ["KMeans", "trajectories", "lecture_numbers"]

C = style.COLOR
GREY = ManimColor("#9AA0AA")
#: the clusters' colours: the book's class colours without the orange one (CLASS_COLORS[3]),
#: which sits too near mu's orange to share a picture with it
CLUSTER = [style.CLASS_COLORS[i] for i in (0, 1, 2, 4, 5, 3)]
BOX = ((-8.0, 8.0), (-6.0, 6.0))         # the scatter's data window (equal units)
J_TICKS = (500, 1000, 2000, 5000, 10000, 20000)  # the J plot's log axis
JREAD_AT = np.array([-2.3, -0.85, 0.0])  # the live J: the top right of the J plot


# -- the numbers ----------------------------------------------------------------------------------
def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows (no Manim needed).

    ``stairs`` (2T,): J after each half step of the demo run: the random grouping, then
    assign, update, assign, ... (``j_before``/``inertia`` interleaved).
    """
    demo, bad, st, seeding, pp = (runs[n] for n in ("demo", "bad", "starts", "seeding", "pp"))
    X = demo.data["X"]
    mu, lab, lab0 = demo["centroids"], demo["labels"], demo.data["labels0"]
    k = mu.shape[1]
    # the point the assign step helps most at the start: the biggest drop of its own term
    D0 = sq_distances(X, mu[0])                              # (n, k)
    gain = D0[np.arange(len(X)), lab0] - D0.min(axis=1)
    i0 = int(np.argmax(gain))
    # the cluster whose centre the first update moves farthest
    move = np.linalg.norm(mu[1] - mu[0], axis=1)
    j0 = int(np.argmax(move))
    members = np.flatnonzero(lab[0] == j0)
    stairs = np.ravel(np.c_[demo["j_before"], demo["inertia"]])
    bad_stairs = np.ravel(np.c_[bad["j_before"], bad["inertia"]])
    p_pp, r = float(st.info["bad_pp"]), int(st.info["restarts"])
    return {
        "n": len(X), "k": k, "T": int(demo.info["n_iter"]),
        "J_random": float(demo["j_before"][0]), "J_assign0": float(demo["inertia"][0]),
        "J_final": float(demo["inertia"][-1]), "stairs": stairs,
        "i0": i0, "i0_from": float(D0[i0, lab0[i0]]), "i0_to": float(D0[i0].min()),
        "i0_old": int(lab0[i0]), "i0_new": int(np.argmin(D0[i0])),
        "j0": j0, "j0_n": len(members), "j0_mean": X[members].mean(axis=0),
        "j0_mu": mu[0, j0].copy(), "j0_J_before": float(np.sum((X[members] - mu[0, j0]) ** 2)),
        "j0_J_after": float(np.sum((X[members] - X[members].mean(axis=0)) ** 2)),
        "bad_final": float(bad["inertia"][-1]), "bad_T": int(bad.info["n_iter"]),
        "bad_stairs": bad_stairs, "bad_ratio": float(bad["inertia"][-1] / demo["inertia"][-1]),
        "n_runs": len(st), "bad_random": float(st.info["bad_random"]), "bad_pp": p_pp,
        "restarts": r, "groups": int(st.info["groups"]),
        "bad_best_random": float(st.info["bad_best_random"]),
        "bad_best_pp": float(st.info["bad_best_pp"]),
        "p_all_bad": p_pp ** r,
        "one_in": int(float(f"{1 / max(p_pp ** r, 1e-300):.2g}")),  # to two figures
        "J_best": float(st.info["J_best"]),
        "pick_p": [float(seeding["prob"][j, seeding["index"][j]]) for j in range(k)],
        "pick_index": [int(i) for i in seeding["index"]],
        "pp_T": int(pp.info["n_iter"]), "pp_final": float(pp["inertia"][-1]),
        "pp_start": float(pp["inertia"][0]),
        "elbow_k": [int(v) for v in runs["elbow"]["k"]],
        "elbow_J": [float(v) for v in runs["elbow"]["inertia"]],
    }


# -- small pieces ---------------------------------------------------------------------------------
def class_rgb(labels: np.ndarray, dim: np.ndarray | None = None) -> np.ndarray:
    """(n, 3) cluster colours; rows where ``dim`` is True darkened towards the background."""
    table = np.array([c.to_rgb() for c in CLUSTER])
    rgb = table[np.asarray(labels) % len(table)]
    if dim is not None:
        bg = np.array(style.BACKGROUND.to_rgb())
        rgb = np.where(np.asarray(dim)[:, None], 0.25 * rgb + 0.75 * bg, rgb)
    return rgb


def diamond(center, color, size: float = 0.26) -> VMobject:
    """A centroid: a diamond in its cluster's colour with a rim in mu's colour."""
    d = Square(size).rotate(PI / 4).move_to(center)
    return d.set_fill(color, 1).set_stroke(C["cmu"], 3)


def segments(P: np.ndarray, Q: np.ndarray, **style_) -> VMobject:
    """Straight segments P[i] -> Q[i] (N, 3) as sub-paths of one VMobject."""
    mob = VMobject(**style_)
    if len(P):
        mob.points = np.stack([P, (2 * P + Q) / 3, (P + 2 * Q) / 3, Q], 1).reshape(-1, 3)
    return mob


def fmt(v: float) -> str:
    """J in the narration, as the readout shows it: one decimal."""
    return f"{v:,.1f}"


def tex_num(v: float) -> str:
    """J typeset: thousands separated by a thin space."""
    return fmt(v).replace(",", r"\,")


# -- the lecture ----------------------------------------------------------------------------------
class KMeans(LectureScene):
    LECTURE = "chapter2/kmeans"

    def setup(self):
        super().setup()
        self.runs = self.trajectories()
        self.N = lecture_numbers(self.runs)
        self.demo = self.runs["demo"]
        self.X = self.demo.data["X"]
        self.k = self.N["k"]
        n = len(self.X)
        # the state on screen: centres mu = (1 - t) a + t b, labels from la to lb by sw
        self.mu_a = self.mu_b = self.demo["centroids"][0].copy()
        self.mu_t = ValueTracker(0.0)
        self.la = self.lb = self.demo.data["labels0"].copy()
        self.sw = ValueTracker(0.0)
        self.reg_a = self.reg_b = self.mu_a.copy()   # the centres the regions are drawn from
        self.reg_t = ValueTracker(0.0)
        self.reg_alpha = ValueTracker(0.0)
        self.spoke_alpha = ValueTracker(0.0)
        self.mark_alpha = ValueTracker(0.0)
        self.focus = None                             # a cluster shown alone (others dimmed)
        self.version = 0
        self.dim = np.zeros(n, bool)

    # state -------------------------------------------------------------------------------------
    def mu(self) -> np.ndarray:
        t = self.mu_t.get_value()
        return (1 - t) * self.mu_a + t * self.mu_b

    def reg_mu(self) -> np.ndarray:
        t = self.reg_t.get_value()
        return (1 - t) * self.reg_a + t * self.reg_b

    def ends(self) -> np.ndarray:
        """(n, 2) the end of every point's spoke: its centre (sliding between two centres
        while the assignment switches)."""
        mu, s = self.mu(), self.sw.get_value()
        return (1 - s) * mu[self.la] + s * mu[self.lb]

    def J_now(self) -> float:
        """J of the state on screen: the centres now, each point's group (its spoke switches
        group half way through an assign step), so J never reads between two states."""
        lab = self.lb if self.sw.get_value() > 0.5 else self.la
        r = self.X - self.mu()[lab]
        return float(np.sum(r * r))

    def key(self, *extra):
        return lambda: (self.mu_t.get_value(), self.sw.get_value(), self.reg_t.get_value(),
                        self.reg_alpha.get_value(), self.spoke_alpha.get_value(),
                        self.mark_alpha.get_value(), self.version, *self.plot.where(),
                        *[e() for e in extra])

    def move_mu(self, target: np.ndarray, **kw):
        self.mu_a, self.mu_b = self.mu(), np.asarray(target, float)
        self.mu_t.set_value(0.0)
        self.version += 1
        return self.mu_t.animate(**kw).set_value(1.0)

    def switch(self, labels: np.ndarray, *, regions: bool = True, **kw) -> list:
        """Animations of the assign step: spokes jump to the new centres, the points recolour
        and (``regions``) the regions move to the centres now on screen, all together."""
        s = self.sw.get_value()
        self.la = self.la if s < 0.5 else self.lb
        self.lb = np.asarray(labels)
        self.sw.set_value(0.0)
        self.version += 1
        anims = [self.sw.animate(**kw).set_value(1.0),
                 self.cloud.morph(rgb=class_rgb(self.lb, self.dim), **kw)]
        if regions:
            self.reg_a, self.reg_b = self.reg_mu(), self.mu()
            self.reg_t.set_value(0.0)
            anims.append(self.reg_t.animate(**kw).set_value(1.0))
        return anims

    def settle(self) -> None:
        """Fold the finished animations into the state (a = b, labels settled)."""
        self.mu_a = self.mu_b = self.mu()
        self.mu_t.set_value(0.0)
        if self.sw.get_value() > 0.5:
            self.la = self.lb
        self.lb = self.la
        self.sw.set_value(0.0)
        self.reg_a = self.reg_b = self.reg_mu()
        self.reg_t.set_value(0.0)
        self.version += 1

    # pictures that follow the state --------------------------------------------------------------
    def regions(self) -> Mobject:
        def draw():
            a = self.reg_alpha.get_value()
            (x0, x1), (y0, y1) = BOX
            g = VGroup()
            for j, corners in enumerate(voronoi_cells(self.reg_mu(), (x0, x1, y0, y1))):
                if len(corners) < 3 or a <= 0:
                    continue
                f = 0.35 if self.focus is not None and j != self.focus else 1.0
                cell = Polygon(*self.plot.pts(corners), fill_color=CLUSTER[j],
                               fill_opacity=0.13 * a * f, stroke_color=CLUSTER[j],
                               stroke_opacity=0.5 * a * f, stroke_width=1.5)
                g.add(cell)
            return g
        return redraw_on(self.key(), draw)

    def spokes(self) -> Mobject:
        def draw():
            a = self.spoke_alpha.get_value()
            g = VGroup()
            if a <= 0:
                return g
            P, Q = self.plot.pts(self.X), self.plot.pts(self.ends())
            lab = self.lb if self.sw.get_value() > 0.5 else self.la
            for j in range(self.k):
                m = lab == j
                f = 0.15 if self.focus is not None and j != self.focus else 1.0
                g.add(segments(P[m], Q[m], stroke_color=CLUSTER[j],
                               stroke_width=1.4, stroke_opacity=0.55 * a * f))
            return g
        return redraw_on(self.key(), draw)

    def markers(self) -> Mobject:
        def draw():
            a = self.mark_alpha.get_value()
            g = VGroup()
            for j, p in enumerate(self.plot.pts(self.mu())):
                d = diamond(p, CLUSTER[j])
                f = 0.3 if self.focus is not None and j != self.focus else 1.0
                d.set_fill(opacity=a * f).set_stroke(opacity=a * f)
                g.add(d)
            return g
        return redraw_on(self.key(), draw)

    def scatter_plot(self, corner=(0.05, -2.45), unit: float = 0.41) -> Plot:
        (x0, x1), (y0, y1) = BOX
        return Plot(BOX[0], BOX[1], unit * (x1 - x0), unit * (y1 - y0),
                    xticks=range(-8, 9, 4), yticks=range(-4, 5, 4)).place(corner)

    def j_plot(self, n_half: int, corner=(-5.55, -2.2), width: float = 4.9,
               height: float = 1.85) -> Plot:
        lo, hi = np.log10(450), np.log10(22000)
        return Plot((0, n_half / 2), (lo, hi), width, height,
                    xticks=range(0, int(n_half / 2) + 1), yticks=[np.log10(v) for v in J_TICKS],
                    ynums=[f"{v:,}".replace(",", r"\,") for v in J_TICKS],
                    xlabel=plot_label("iteration", 28),
                    ylabel=tex(r"\cJ \text{ (log scale)}", 30, style.DIM)).place(corner)

    def stairs_mob(self, plot: Plot, stairs: np.ndarray, upto: ValueTracker, *,
                   faded: bool = False) -> Mobject:
        """The J staircase: point h at x = h / 2 (half steps: assign at integers), drawn up
        to ``upto`` half steps; update drops in mu's colour, assign drops in J's."""
        y = np.log10(stairs)

        def draw():
            u = upto.get_value()
            g = VGroup()
            pts = [plot.c2p(h / 2, y[h]) for h in range(len(y))]
            for h in range(1, len(y)):
                f = float(np.clip(u - (h - 1), 0, 1))
                if f <= 0:
                    break
                col = C["cJ"] if h % 2 else C["cmu"]
                p, q = pts[h - 1], pts[h - 1] + f * (pts[h] - pts[h - 1])
                g.add(Line(p, q, color=col, stroke_width=4, stroke_opacity=0.35 if faded else 1))
            for h in range(len(y)):
                if h > u + 1e-6:
                    break
                col = C["cJ"] if h % 2 else (C["cmu"] if h else style.TEXT)
                g.add(Dot(pts[h], radius=0.06, color=col,
                          fill_opacity=0.35 if faded else 1))
            return g
        return redraw_on(lambda: (upto.get_value(), *plot.where()), draw)

    def readout(self) -> Readout:
        r = Readout([r"\cJ"], decimals=[1], size=40)
        return r

    # ---------------------------------------------------------------------------------------------
    @beat("Groups without labels")
    def data(self):
        N = self.N
        self.plot = self.scatter_plot(corner=(-3.28, -2.45))
        self.cloud = DotCloud(self.plot.pts(self.X), radius=0.05, color=GREY, opacity=0.9)
        with self.say(f"Here are {N['n']} points. {{dots}} Each one is a pair of numbers, and "
                      "none of them comes with a label.") as s:
            self.play(fade_in(self.plot), run_time=self.till(s, "dots"))
            self.play(self.cloud.intro(lag_ratio=0.004), run_time=2.5)
        rings = VGroup(*[Ellipse(2.3, 2.0, color=style.DIM, stroke_width=3).move_to(
            self.plot.c2p(*self.X[q * N["n"] // 4:(q + 1) * N["n"] // 4].mean(axis=0)))
            for q in range(4)])
        with self.say("Your eye finds four groups at once. {rings} But what, exactly, is a "
                      "group? {q} To let a program find them, we need a number that says how "
                      "good a grouping is.") as s:
            self.wait_until("rings", s)
            self.play(LaggedStart(*[Create(r) for r in rings], lag_ratio=0.25), run_time=2.0)
            self.wait_until("q", s)
            self.play(FadeOut(rings), run_time=1.5)

    @beat("A score for a grouping")
    def objective(self):
        N = self.N
        new = self.scatter_plot()
        self.marks, self.spk, self.regs = self.markers(), self.spokes(), self.regions()
        self.add(self.regs, self.spk, self.marks)
        with self.say(f"Give each group a centre, μ. {{mu}} Here are k = {N['k']} centres, "
                      "put down on four points picked at random.",
                      spoken=f"Give each group a centre, mu. {{mu}} Here are k equals {N['k']} "
                             "centres, put down on four points picked at random.") as s:
            self.play(ReplacementTransform(self.plot, new),
                      self.cloud.morph(pos=new.pts(self.X), rad=0.045), run_time=1.5)
            self.plot = new
            self.wait_until("mu", s)
            self.play(self.mark_alpha.animate.set_value(1), run_time=1.2)
        with self.say("And give each point a group: {c} here, at random too. The colour of a "
                      "point is its group.") as s:
            self.wait_until("c", s)
            self.play(self.cloud.morph(rgb=class_rgb(self.la)), run_time=1.5)
        with self.say("{spokes} Join every point to the centre of its group. The worse the "
                      "grouping, the longer these spokes.") as s:
            self.wait_until("spokes", s)
            self.play(self.spoke_alpha.animate.set_value(1), run_time=2)
        J_eq = tex(r"{{ \cJ }} = {{ \sum_{i=1}^{n} }} {{ \lVert \cx_i - \cmu_{c_i} \rVert^2 }}",
                   46)
        self.eq_at(J_eq, -6.6, 2.95)
        legend = VGroup(tex(r"\cmu_1, \dots, \cmu_k: \text{ the centres}", 32, style.DIM),
                        tex(r"c_i: \text{ the group of point } \cx_i", 32, style.DIM)
                        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        legend.next_to(J_eq, DOWN, buff=0.3).align_to(J_eq, LEFT)
        with self.say("{J} The score J adds up the squared length of every spoke: the squared "
                      "distance from each point xᵢ to its own centre, μ of cᵢ.",
                      spoken="{J} The score J adds up the squared length of every spoke: the "
                             "squared distance from each point x i to its own centre, mu of c "
                             "i.") as s:
            self.wait_until("J", s)
            self.play(Write(J_eq), run_time=2.0)
            self.play(FadeIn(legend, shift=0.1 * DOWN), run_time=1.0)
        self.J_eq, self.legend = J_eq, legend
        self.Jread = self.readout()
        self.Jread.move_to(JREAD_AT)
        with self.say(f"For this random grouping, J is {fmt(N['J_random'])}. {{goal}} A good "
                      "grouping has a small J: short spokes, points near their centres.") as s:
            self.show_live(self.Jread, lambda m: m.set_values([self.J_now()]))
            self.wait_until("goal", s)
            self.play(Circumscribe(part(J_eq, r"\lVert \cx_i - \cmu_{c_i} \rVert^2"),
                                   color=C["cJ"]), run_time=1.5)
        with self.say("J depends on two things: where the centres are, and which point goes "
                      "with which. {alt} Minimising over both at once is hard, but each one "
                      "alone is easy. So we alternate.") as s:
            self.wait_until("alt", s)
            self.play(Indicate(self.marks, color=C["cmu"], scale_factor=1.0), run_time=1.2)

    @beat("Assign: the nearest centre")
    def assign(self):
        N = self.N
        i0 = N["i0"]
        with self.say("First, hold the centres still. {sum} Then J is a sum of separate terms, "
                      "one for each point, and point i's term depends only on its own group, "
                      "cᵢ.", spoken="First, hold the centres still. {sum} Then J is a sum of "
                                    "separate terms, one for each point, and point i's term "
                                    "depends only on its own group, c i.") as s:
            self.play(FadeOut(self.legend), run_time=0.6)
            self.wait_until("sum", s)
            b = highlight(part(self.J_eq, r"\lVert \cx_i - \cmu_{c_i} \rVert^2"), C["cJ"])
            self.play(Create(b), run_time=0.8)
        a1 = tex(r"{{ c_i }} = {{ \arg\min_j }} {{ \lVert \cx_i - \cmu_j \rVert^2 }}", 46)
        self.eq_at(a1, -6.6, 1.7)
        p = self.plot.c2p(*self.X[i0])
        ring = Circle(radius=0.16, color=style.TEXT, stroke_width=4).move_to(p)
        tries = VGroup(*[DashedLine(p, self.plot.c2p(*self.mu()[j]), color=CLUSTER[j],
                                    stroke_width=3, dash_length=0.1) for j in range(self.k)])
        near = tries[N["i0_new"]]
        with self.say("So each term can be made as small as it can be, on its own. {pt} Take "
                      "this point. {try_} Try every centre, {best} and keep the nearest: "
                      f"its term drops from {N['i0_from']:.1f} to {N['i0_to']:.1f}.") as s:
            self.play(self.spoke_alpha.animate.set_value(0.35), run_time=0.8)
            self.wait_until("pt", s)
            self.play(Create(ring), run_time=0.6)
            self.wait_until("try_", s)
            self.play(LaggedStart(*[Create(t) for t in tries], lag_ratio=0.3), run_time=1.5)
            self.wait_until("best", s)
            self.morph(self.J_eq, a1, [(r"\lVert \cx_i - \cmu_{c_i} \rVert^2",
                                        r"\lVert \cx_i - \cmu_j \rVert^2")], keep=True,
                       extra=[FadeOut(VGroup(*[t for t in tries if t is not near])),
                              near.animate.set_stroke(width=6), FadeOut(b)], run_time=1.5)
        self.a1 = a1
        self.jplot = self.j_plot(2 * (N["T"] + 1) - 1)
        self.upto = ValueTracker(0.0)
        self.stairs = self.stairs_mob(self.jplot, N["stairs"], self.upto)
        with self.say("{all} Do it for every point at once. {regions} The shaded regions are "
                      "where each centre is the nearest; every point takes its region's "
                      f"colour, and J falls to {fmt(N['J_assign0'])}.") as s:
            self.wait_until("all", s)
            self.play(FadeOut(ring), FadeOut(near), fade_in(self.jplot), run_time=1.0)
            self.add(self.stairs)
            self.wait_until("regions", s)
            self.play(*self.switch(self.demo["labels"][0]),
                      self.reg_alpha.animate.set_value(1), self.spoke_alpha.animate.set_value(1),
                      self.upto.animate.set_value(1), run_time=3.0)
            self.settle()
        with self.say("Could any point's term have grown? {no} No: each point could have kept "
                      "its old centre, and it took the best one. {leq} So the assign step can "
                      "never raise J.") as s:
            self.wait_until("no", s)
            self.play(Indicate(self.jplot.ynums, color=C["cJ"], scale_factor=1.05), run_time=1.2)
            self.wait_until("leq", s)
            rule = tex(r"\cJ_{\text{after assign}} \le \cJ_{\text{before}}", 38)
            rule.next_to(a1, DOWN, buff=0.2).align_to(a1, LEFT)
            self.play(Write(rule), run_time=1.5)
        self.rule1 = rule

    @beat("Update: the mean")
    def update(self):
        N = self.N
        j0 = N["j0"]
        left, top = -6.6, 2.95
        self.Jread.clear_updaters()
        u0 = tex(r"{{ \cJ }} = {{ \sum_{j=1}^{k} }} {{ \sum_{i \in C_j} }} "
                 r"{{ \lVert \cx_i - \cmu_j \rVert^2 }}", 44)
        self.eq_at(u0, left, top)
        with self.say("Now the other half: hold the groups still and move the centres. {split} "
                      "Sort the terms of J by group: centre μ j appears only in the terms of "
                      "its own group, C j.",
                      spoken="Now the other half: hold the groups still and move the centres. "
                             "{split} Sort the terms of J by group: centre mu j appears only in "
                             "the terms of its own group, C j.") as s:
            self.play(FadeOut(self.a1), FadeOut(self.rule1), FadeOut(self.Jread),
                      FadeOut(self.jplot), FadeOut(self.stairs), run_time=1.0)
            self.wait_until("split", s)
            self.morph(self.J_eq, u0, [(r"\sum_{i=1}^{n}", r"\sum_{i \in C_j}"),
                                       (r"\lVert \cx_i - \cmu_{c_i} \rVert^2",
                                        r"\lVert \cx_i - \cmu_j \rVert^2")], run_time=2.0)
        self.focus = j0
        self.dim = self.la != j0
        self.version += 1
        members = self.la == j0
        u1 = tex(r"{{ \cJ_j(\cmu) }} = {{ \sum_{i \in C_j} }} {{ \lVert \cx_i - \cmu \rVert^2 }}",
                 44)
        self.eq_at(u1, left, top - 1.6)
        # one cluster's centre moves on its own: J_j read live
        Xj = self.X[members]
        mean = N["j0_mean"]

        def Jj() -> float:
            return float(np.sum((Xj - self.mu()[j0]) ** 2))
        jr = Readout([r"\cJ_j"], decimals=[1], size=40)
        jr.move_to([-2.4, -2.7, 0])
        with self.say("So each group can be treated alone. {one} Take this one, with "
                      f"{N['j0_n']} points. {{bowl}} Its part of J, as a function of its centre, "
                      "is a bowl: move the centre, and the spokes, and J j, change.",
                      spoken="So each group can be treated alone. {one} Take this one, with "
                             f"{N['j0_n']} points. {{bowl}} Its part of J, as a function of its "
                             "centre, is a bowl: move the centre, and the spokes, and J j, "
                             "change.") as s:
            self.play(TransformFromCopy(u0, u1), run_time=1.5)
            self.wait_until("one", s)
            self.play(self.cloud.morph(rgb=class_rgb(self.la, self.dim)),
                      self.reg_alpha.animate.set_value(0.6), run_time=1.2)
            self.show_live(jr, lambda m: m.set_values([Jj()]))
            self.wait_until("bowl", s)
            mu0 = self.mu()
            for off in ((1.5, 1.5), (-1.8, 0.6), (0.0, 0.0)):
                tgt = mu0.copy()
                tgt[j0] = mu0[j0] + np.array(off)
                self.play(self.move_mu(tgt), run_time=max(1.0, s.remaining() / 3))
            self.settle()
        u2 = tex(r"{{ \frac{\partial \cJ_j}{\partial \cmu} }} = {{ -2 \sum_{i \in C_j} }} "
                 r"{{ (\cx_i - \cmu) }}", 44)
        self.eq_at(u2, left, top - 2.85)
        arrow_t = ValueTracker(0.0)

        def resultant():
            mu = self.mu()[j0]
            a = arrow_t.get_value()
            v = (Xj - mu).sum(axis=0) / len(Xj)  # the sum of the spokes / |C_j| = mean - mu
            if a <= 0 or np.linalg.norm(v) < 1e-3:
                return VGroup()
            return Arrow(self.plot.c2p(*mu), self.plot.c2p(*(mu + v)), buff=0,
                         color=C["cmu"], stroke_width=6, max_tip_length_to_length_ratio=0.3
                         ).set_opacity(a)
        arrow = redraw_on(lambda: (self.mu_t.get_value(), arrow_t.get_value(), self.version,
                                   *self.plot.where()), resultant)
        self.add(arrow)
        with self.say("To find the bottom, set the derivative to zero. {d} The derivative of "
                      "each squared spoke is minus two times the spoke itself, so the slope is "
                      "minus twice {sum} the sum of all the spokes, pointing from the centre "
                      "to its points.") as s:
            self.wait_until("d", s)
            self.morph(u1, u2, [(r"\cJ_j(\cmu)", r"\frac{\partial \cJ_j}{\partial \cmu}"),
                                (r"\sum_{i \in C_j}", r"-2 \sum_{i \in C_j}"),
                                (r"\lVert \cx_i - \cmu \rVert^2", r"(\cx_i - \cmu)")],
                       keep=True, run_time=2.0)
            self.wait_until("sum", s)
            self.play(arrow_t.animate.set_value(1),
                      Circumscribe(part(u2, r"(\cx_i - \cmu)"), color=C["cmu"]), run_time=1.5)
        u3 = tex(r"{{ \sum_{i \in C_j} }} {{ \cx_i }} = {{ |C_j| }} {{ \, \cmu }}", 44)
        self.eq_at(u3, left, top - 4.1)
        with self.say("{arrow} Here is that sum, scaled down by the number of points. It "
                      "pulls the centre towards the middle of its group. {zero} It vanishes "
                      "only when the spokes cancel: when the sum of the points equals the "
                      "number of points times μ.",
                      spoken="{arrow} Here is that sum, scaled down by the number of points. It "
                             "pulls the centre towards the middle of its group. {zero} It "
                             "vanishes only when the spokes cancel: when the sum of the points "
                             "equals the number of points times mu.") as s:
            self.wait_until("arrow", s)
            self.play(Indicate(arrow, color=C["cmu"], scale_factor=1.1), run_time=1.2)
            self.wait_until("zero", s)
            self.morph(u2, u3, [(r"-2 \sum_{i \in C_j}", r"\sum_{i \in C_j}"),
                                (r"(\cx_i - \cmu)", r"\cx_i")], keep=True, run_time=2.0)
        u4 = tex(r"{{ \cmu_j }} = {{ \frac{1}{|C_j|} }} {{ \sum_{i \in C_j} }} {{ \cx_i }}", 50)
        u4.move_to(u3).align_to(u3, LEFT)
        with self.say("{mean} Divide by the count: the best centre is the mean of its group. "
                      "{go} The centre slides there, the arrow shrinks to nothing, and J j falls "
                      f"from {fmt(N['j0_J_before'])} to {fmt(N['j0_J_after'])}.",
                      spoken="{mean} Divide by the count: the best centre is the mean of its "
                             "group. {go} The centre slides there, the arrow shrinks to nothing, "
                             f"and J j falls from {fmt(N['j0_J_before'])} to "
                             f"{fmt(N['j0_J_after'])}.") as s:
            self.wait_until("mean", s)
            self.play(FadeOut(VGroup(u1, u2)), run_time=0.6)
            self.play(u3.animate.align_to(u1, UP), run_time=0.6)
            u4.next_to(u0, DOWN, buff=0.45).align_to(u0, LEFT)
            self.morph(u3, u4, [(r"\, \cmu", r"\cmu_j"), (r"|C_j|", r"\frac{1}{|C_j|}")],
                       run_time=1.6)
            self.box_u4 = highlight(u4, C["cmu"])
            self.play(Create(self.box_u4), run_time=0.6)
            self.wait_until("go", s)
            tgt = self.mu().copy()
            tgt[j0] = mean
            self.play(self.move_mu(tgt), run_time=2.5)
            self.settle()
            self.play(arrow_t.animate.set_value(0), run_time=0.5)
        self.remove(arrow)
        self.u0, self.u4 = u0, u4
        jr.clear_updaters()
        # all the centres to their means
        self.Jread = self.readout()
        self.Jread.move_to(JREAD_AT)
        with self.say("Every other centre does the same. {all} And moving to the bottom of a "
                      "bowl cannot be worse than staying where you were: {leq} the update step "
                      "can never raise J either.") as s:
            self.focus = None
            self.dim = np.zeros(len(self.X), bool)
            self.version += 1
            self.play(FadeOut(jr), self.cloud.morph(rgb=class_rgb(self.la)),
                      self.reg_alpha.animate.set_value(1), run_time=1.0)
            self.show_live(self.Jread, lambda m: m.set_values([self.J_now()]))
            self.wait_until("all", s)
            self.play(self.move_mu(self.demo["centroids"][1]), run_time=2.5)
            self.settle()
            self.wait_until("leq", s)
            rule = tex(r"\cJ_{\text{after update}} \le \cJ_{\text{after assign}}", 38)
            self.eq_at(rule, left, -1.3)
            self.play(Write(rule), run_time=1.5)
        self.rule2 = rule

    @beat("Neither step can raise J")
    def iterate(self):
        N = self.N
        demo, T = self.demo, N["T"]
        left, top = -6.6, 2.95
        a1 = tex(r"\text{assign: } c_i = \arg\min_j \lVert \cx_i - \cmu_j \rVert^2", 36)
        u4 = tex(r"\text{update: } \cmu_j = \frac{1}{|C_j|} \sum_{i \in C_j} \cx_i", 36)
        self.eq_at(a1, left, top)
        u4.next_to(a1, DOWN, buff=0.3).align_to(a1, LEFT)
        with self.say("Look at the picture now. {stale} The centres have moved, but the regions "
                      "are still those of the old centres, and some points now sit nearer "
                      "another centre. That is the next assign step's job.") as s:
            self.play(FadeOut(self.rule2), FadeOut(self.u0),
                      FadeOut(self.box_u4),
                      ReplacementTransform(self.u4, u4), FadeIn(a1), run_time=1.2)
            self.wait_until("stale", s)
            self.play(Indicate(self.regs, color=style.TEXT, scale_factor=1.0), run_time=1.5)
        self.play(FadeIn(self.jplot), run_time=0.8)
        self.add(self.stairs)
        self.upto.set_value(1)
        self.play(self.upto.animate.set_value(2), run_time=1.0)
        st = N["stairs"]
        with self.say("So we alternate, and track J on this plot, one half step at a time. "
                      f"{{a}} Assign: {fmt(st[3])}. {{u}} Update: {fmt(st[4])}. {{a2}} Assign: "
                      f"{fmt(st[5])}. {{u2}} Every drop goes down, never up.") as s:
            box_a, box_u = highlight(a1, C["cJ"]), highlight(u4, C["cmu"])
            self.wait_until("a", s)
            self.play(Create(box_a), *self.switch(demo["labels"][1]),
                      self.upto.animate.set_value(3), run_time=1.6)
            self.settle()
            self.wait_until("u", s)
            self.play(ReplacementTransform(box_a, box_u), self.move_mu(demo["centroids"][2]),
                      self.upto.animate.set_value(4), run_time=1.6)
            self.settle()
            self.wait_until("a2", s)
            box_a = highlight(a1, C["cJ"])
            self.play(ReplacementTransform(box_u, box_a), *self.switch(demo["labels"][2]),
                      self.upto.animate.set_value(5), run_time=1.6)
            self.settle()
        with self.say("{more} The centres walk into the middle of the blobs, {flat} until an "
                      "assign step changes no point at all. Then the update changes no centre "
                      f"either: a fixed point, after {T} iterations, with J = "
                      f"{fmt(N['J_final'])}.") as s:
            self.wait_until("more", s)
            for t in range(3, T + 1):
                box_u = highlight(u4, C["cmu"])
                self.play(ReplacementTransform(box_a, box_u), self.move_mu(demo["centroids"][t]),
                          self.upto.animate.set_value(2 * t), run_time=1.0)
                self.settle()
                box_a = highlight(a1, C["cJ"])
                self.play(ReplacementTransform(box_u, box_a), *self.switch(demo["labels"][t]),
                          self.upto.animate.set_value(2 * t + 1), run_time=1.0)
                self.settle()
            self.wait_until("flat", s)
            self.play(FadeOut(box_a), Circumscribe(self.Jread, color=C["cJ"]), run_time=1.2)
        with self.say("Why must it stop? J never rises, and there are only finitely many ways "
                      "to split the points into groups. {ever} A grouping could come back only "
                      "if J came back up, so the alternation ends.") as s:
            self.wait_until("ever", s)
            self.play(Indicate(self.stairs, color=C["cJ"], scale_factor=1.0), run_time=1.5)
        self.a1s, self.u4s = a1, u4

    @beat("A worse fixed point")
    def bad_start(self):
        N = self.N
        bad = self.runs["bad"]
        # the demo's staircase stays as a faint reference
        ghost = self.stairs_mob(self.jplot, N["stairs"], self.upto, faded=True)
        upto_b = ValueTracker(0.0)
        bplot = self.stairs_mob(self.jplot, N["bad_stairs"], upto_b)
        with self.say("But the end depends on the start. {restart} Here is the same algorithm "
                      "from another four random points.") as s:
            self.remove(self.stairs)
            self.add(ghost, bplot)
            self.wait_until("restart", s)
            self.play(self.spoke_alpha.animate.set_value(0), self.reg_alpha.animate.set_value(0),
                      self.cloud.morph(rgb=class_rgb(bad.data["labels0"])),
                      self.move_mu(bad["centroids"][0]), run_time=1.5)
            self.settle()
            self.la = self.lb = bad.data["labels0"].copy()
            self.reg_a = self.reg_b = self.mu()
            self.version += 1
        with self.say("{go} Assign, update, assign, update: J goes down at every step, {stuck} "
                      f"and stops after {N['bad_T']} iterations at {fmt(N['bad_final'])}, "
                      f"{N['bad_ratio']:.1f} times the J of the first run.") as s:
            self.wait_until("go", s)
            self.play(*self.switch(bad["labels"][0]), self.reg_alpha.animate.set_value(1),
                      self.spoke_alpha.animate.set_value(1), upto_b.animate.set_value(1),
                      run_time=1.2)
            self.settle()
            for t in range(1, N["bad_T"] + 1):
                self.play(self.move_mu(bad["centroids"][t]), upto_b.animate.set_value(2 * t),
                          run_time=1.0)
                self.settle()
                self.play(*self.switch(bad["labels"][t]), upto_b.animate.set_value(2 * t + 1),
                          run_time=1.0)
                self.settle()
            self.wait_until("stuck", s)
            self.play(Circumscribe(self.Jread, color=C["cJ"]), run_time=1.2)
        mu = self.mu()
        two = np.argsort([np.linalg.norm(m - np.array([4.0, 3.5])) for m in mu])[:2]
        lone = int(np.argmin([np.linalg.norm(m - np.array([-3.2, 0.0])) for m in mu]))
        r2 = Ellipse(3.0, 2.6, color=style.TEXT, stroke_width=3).move_to(
            self.plot.c2p(*mu[two].mean(axis=0)))
        r1 = Ellipse(2.2, 4.4, color=style.TEXT, stroke_width=3).move_to(
            self.plot.c2p(*mu[lone]))
        with self.say("{two} Two centres share one blob, {one} while one centre is stretched "
                      "over two. {fixed} Yet no single step can fix it: every point is already "
                      "at its nearest centre, and every centre is already at its mean. It is a "
                      "local minimum of J, not the lowest one.") as s:
            self.wait_until("two", s)
            self.play(Create(r2), run_time=1.0)
            self.wait_until("one", s)
            self.play(Create(r1), run_time=1.0)
            self.wait_until("fixed", s)
            self.play(Indicate(self.a1s, color=C["cJ"], scale_factor=1.0), run_time=1.2)
            self.play(Indicate(self.u4s, color=C["cmu"], scale_factor=1.0), run_time=1.2)
        self.bad_bits = VGroup(r1, r2)
        self.ghost, self.bplot = ghost, bplot

    @beat("k-means++ seeding")
    def seeding(self):
        N = self.N
        seeding = self.runs["seeding"]
        prob, index = seeding["prob"], seeding["index"]
        left, top = -6.6, 2.95
        p_eq = tex(r"{{ p_i }} = {{ \frac{D(\cx_i)^2}{\sum_m D(\cx_m)^2} }}", 48)
        self.eq_at(p_eq, left, top)
        note = tex(r"D(\cx_i): \text{ distance to the nearest centre so far}", 30, style.DIM)
        fit_width(note, 5.7).next_to(p_eq, DOWN, buff=0.3).align_to(p_eq, LEFT)
        with self.say("The bad start put two centres in one blob. k-means++ makes that "
                      "unlikely: {clear} it picks the starting centres one at a time, {far} "
                      "each one far from those already chosen.",
                      spoken="The bad start put two centres in one blob. k means plus plus "
                             "makes that unlikely: {clear} it picks the starting centres one at "
                             "a time, {far} each one far from those already chosen.") as s:
            self.wait_until("clear", s)
            self.Jread.clear_updaters()
            self.play(FadeOut(self.bad_bits), FadeOut(self.a1s), FadeOut(self.u4s),
                      FadeOut(self.Jread),
                      FadeOut(self.jplot), FadeOut(self.ghost), FadeOut(self.bplot),
                      self.spoke_alpha.animate.set_value(0), self.reg_alpha.animate.set_value(0),
                      self.mark_alpha.animate.set_value(0),
                      self.cloud.morph(rgb=np.tile(GREY.to_rgb(), (len(self.X), 1))),
                      run_time=1.5)
            self.wait_until("far", s)
            self.play(Write(p_eq), FadeIn(note), run_time=2.0)
        picked = VGroup()
        P = self.plot.pts(self.X)
        with self.say("The first centre is any point, {p1} chosen uniformly. {p2} For the next, "
                      "a point is picked with probability proportional to its squared distance "
                      "D squared from the nearest centre so far: the dot sizes show it. {p3} "
                      "Points near a centre are almost never picked, {p4} so the four land in "
                      "four different blobs.") as s:
            for j, m in enumerate(("p1", "p2", "p3", "p4")):
                self.wait_until(m, s)
                p = prob[j]
                rad = 0.012 + 0.09 * np.sqrt(p / p.max())  # dot area ~ p
                self.play(self.cloud.morph(rad=rad), run_time=0.8)
                i = int(index[j])
                d = diamond(P[i], CLUSTER[j])
                self.play(FadeIn(d, scale=2.5), Flash(P[i], color=CLUSTER[j],
                                                      line_length=0.2, flash_radius=0.25),
                          run_time=0.8)
                picked.add(d)
            self.play(self.cloud.morph(rad=np.full(len(self.X), 0.045)), run_time=0.8)
        pp = self.runs["pp"]
        with self.say("{run} From these seeds, Lloyd's algorithm reaches the low J, "
                      f"{fmt(N['pp_final'])}, in {N['pp_T']} iterations.") as s:
            self.remove(*picked)
            self.mu_a = self.mu_b = pp["centroids"][0].copy()
            self.mu_t.set_value(0)
            self.mark_alpha.set_value(1)
            self.version += 1
            self.wait_until("run", s)
            self.la = self.lb = pp["labels"][0].copy()
            self.reg_a = self.reg_b = self.mu()
            self.version += 1
            self.play(self.cloud.morph(rgb=class_rgb(self.la)),
                      self.reg_alpha.animate.set_value(1), self.spoke_alpha.animate.set_value(1),
                      run_time=1.0)
            for t in range(1, N["pp_T"] + 1):
                self.play(self.move_mu(pp["centroids"][t]), run_time=0.9)
                self.settle()
                self.play(*self.switch(pp["labels"][t]), run_time=0.9)
                self.settle()
        self.p_eq, self.p_note = p_eq, note

    @beat("Restarts")
    def restarts(self):
        N = self.N
        st = self.runs["starts"]
        n_runs = N["n_runs"]
        lo, hi = 450.0, 2250.0
        strip = Plot((lo, hi), (0, 3), 7.6, 3.2, xticks=(500, 1000, 1500, 2000),
                     xnums=["500", r"1\,000", r"1\,500", r"2\,000"],
                     xlabel=tex(r"\text{final } \cJ \text{ of each run}", 32, style.DIM))
        strip.place((-3.4, -1.9))
        row_r = tex(r"\text{random start}", 32, style.DIM).next_to(strip.c2p(lo, 2.2), LEFT, 0.3)
        row_p = tex(r"\text{k-means++}", 32, style.DIM).next_to(strip.c2p(lo, 1.0), LEFT, 0.3)
        rng = np.random.default_rng(0)  # vertical jitter only: no value depends on it
        jit = rng.uniform(-0.35, 0.35, size=(2, n_runs))

        def pts(J, y, j):
            return strip.pts(np.c_[np.clip(J, lo, hi), y + j])
        dots_r = DotCloud(pts(st["J_random"], 2.2, jit[0]), radius=0.05, color=C["cJ"],
                          opacity=0.75)
        dots_p = DotCloud(pts(st["J_pp"], 1.0, jit[1]), radius=0.05, color=C["cJ"], opacity=0.75)
        with self.say(f"How often does that happen? {{runs}} Here are {n_runs} runs from random "
                      f"starts, and {n_runs} from k-means++ seeds. Each dot is the final J of "
                      "one run.",
                      spoken=f"How often does that happen? {{runs}} Here are {n_runs} runs from "
                             f"random starts, and {n_runs} from k means plus plus seeds. Each "
                             "dot is the final J of one run.") as s:
            self.mark_alpha.set_value(0)
            self.play(FadeOut(self.p_eq), FadeOut(self.p_note), FadeOut(self.cloud),
                      FadeOut(self.plot), self.reg_alpha.animate.set_value(0),
                      self.spoke_alpha.animate.set_value(0), run_time=1.2)
            self.remove(self.regs, self.spk, self.marks)
            self.wait_until("runs", s)
            self.play(fade_in(strip), FadeIn(row_r), FadeIn(row_p), run_time=1.0)
            self.play(dots_r.intro(lag_ratio=0.01), run_time=1.5)
            self.play(dots_p.intro(lag_ratio=0.01), run_time=1.5)
        allJ = np.r_[st["J_random"], st["J_pp"]]
        cut = 1.01 * N["J_best"]  # above: a worse fixed point
        x_cut = 0.5 * (allJ[allJ <= cut].max() + allJ[allJ > cut].min())
        split = DashedLine(strip.c2p(x_cut, 0), strip.c2p(x_cut, 3), color=style.DIM,
                           stroke_width=2)
        n_bad_r, n_bad_p = round(N["bad_random"] * n_runs), round(N["bad_pp"] * n_runs)
        cnt_r = tex(rf"{n_bad_r} \text{{ of }} {n_runs}", 34, C["cJ"]).next_to(
            strip.c2p(hi, 2.2), RIGHT, 0.25)
        cnt_p = tex(rf"{n_bad_p} \text{{ of }} {n_runs}", 34, C["cJ"]).next_to(
            strip.c2p(hi, 1.0), RIGHT, 0.25)
        best = tex(rf"\cJ = {tex_num(N['J_best'])}", 32).next_to(strip.c2p(N["J_best"], 3),
                                                                   UP, 0.15)
        with self.say(f"{{best}} Most land on the lowest J, {fmt(N['J_best'])}. {{bad}} But "
                      f"{n_bad_r} random starts of {n_runs} end in a worse fixed point, and "
                      f"{n_bad_p} k-means++ starts do. Seeding far apart halves the failures, "
                      "but does not end them.",
                      spoken=f"{{best}} Most land on the lowest J, {fmt(N['J_best'])}. {{bad}} "
                             f"But {n_bad_r} random starts of {n_runs} end in a worse fixed "
                             f"point, and {n_bad_p} k means plus plus starts do. Seeding far "
                             "apart halves the failures, but does not end them.") as s:
            self.wait_until("best", s)
            self.play(FadeIn(best), run_time=0.8)
            self.wait_until("bad", s)
            self.play(Create(split), FadeIn(cnt_r), run_time=1.0)
            self.play(FadeIn(cnt_p), run_time=1.0)
        r, g = N["restarts"], N["groups"]
        best_p = st.data["best_pp"]
        row_b = tex(rf"\text{{best of }} {r}", 32, style.DIM).next_to(strip.c2p(lo, 2.2), LEFT,
                                                                       0.3)
        n_bb = round(N["bad_best_pp"] * g)
        cnt_b = tex(rf"{n_bb} \text{{ of }} {g}", 34, C["cJ"]).next_to(strip.c2p(hi, 2.2),
                                                                       RIGHT, 0.25)
        jb = rng.uniform(-0.35, 0.35, size=g)
        reach = f"all {g}" if n_bb == 0 else f"{g - n_bb} of the {g}"
        with self.say(f"The cure is cheap: {{restart}} run k-means++ {r} times and keep the run "
                      f"with the lowest J. {{groups}} In groups of {r}, {reach} best runs here "
                      "reach the low J.",
                      spoken=f"The cure is cheap: {{restart}} run k means plus plus {r} times "
                             f"and keep the run with the lowest J. {{groups}} In groups of {r}, "
                             f"{reach} best runs here reach the low J.") as s:
            self.wait_until("restart", s)
            self.play(FadeOut(dots_r), FadeOut(cnt_r), ReplacementTransform(row_r, row_b),
                      run_time=1.0)
            self.wait_until("groups", s)
            dots_b = DotCloud(pts(best_p, 2.2, jb), radius=0.06, color=C["cJ"], opacity=0.85)
            self.play(dots_b.intro(lag_ratio=0.05), run_time=1.5)
            self.play(FadeIn(cnt_b), run_time=0.8)
        prob = tex(rf"{N['bad_pp']:.2f}^{{{r}}} \approx {N['p_all_bad']:.6f}", 40)
        prob.move_to([0.5, 2.4, 0])
        with self.say(f"Why it works: a k-means++ run fails {round(N['bad_pp'] * 100)} times in "
                      f"a hundred, so {r} independent runs all fail about once in "
                      f"{N['one_in']:,} tries. {{p}} The lowest J of a few runs is almost "
                      "always the best grouping k-means can find.") as s:
            self.play(FadeIn(prob, shift=0.1 * DOWN), run_time=1.2)
            self.wait_until("p", s)
            self.play(Indicate(dots_b, color=C["cJ"], scale_factor=1.0), run_time=1.5)
        self.strip_bits = VGroup(strip, row_b, row_p, dots_b, dots_p, cnt_b, cnt_p, best, split,
                                 prob)

    @beat("How many groups?")
    def how_many(self):
        N = self.N
        ks, Js = N["elbow_k"], N["elbow_J"]
        top = 1000 * np.ceil(Js[0] / 1000)
        ep = Plot((0.5, ks[-1] + 0.5), (0, top), 7.4, 4.4, xticks=ks,
                  yticks=np.arange(0, top + 1, 2000),
                  ynums=[f"{v:,.0f}".replace(",", r"\,") for v in np.arange(0, top + 1, 2000)],
                  xlabel=tex(r"k \text{ (number of centres)}", 32, style.DIM),
                  ylabel=tex(r"\text{lowest } \cJ", 32, style.DIM)).place((-2.4, -2.0))
        pts = ep.pts(np.c_[ks, Js])
        line = VMobject(stroke_color=C["cJ"], stroke_width=4).set_points_as_corners(pts)
        dots = VGroup(*[Dot(p, radius=0.08, color=C["cJ"]) for p in pts])
        i4 = ks.index(N["k"]) if N["k"] in ks else 3
        with self.say("One question is left: how many groups? {plot} Here is the lowest J for "
                      f"every k from {ks[0]} to {ks[-1]}, each the best of {N['restarts']} runs.",
                      spoken="One question is left: how many groups? {plot} Here is the lowest "
                             f"J for every k from {ks[0]} to {ks[-1]}, each the best of "
                             f"{N['restarts']} runs.") as s:
            self.play(FadeOut(self.strip_bits), run_time=1.0)
            self.wait_until("plot", s)
            self.play(fade_in(ep), run_time=1.0)
            self.play(Create(line), LaggedStart(*[FadeIn(d, scale=2) for d in dots],
                                                lag_ratio=0.2), run_time=2.5)
        ring = Circle(radius=0.22, color=style.TEXT, stroke_width=4).move_to(pts[i4])
        with self.say(f"J always falls as k grows: with one centre per point, it would be zero. "
                      f"{{steep}} But it falls steeply up to k = {ks[i4]}, from "
                      f"{fmt(Js[0])} to {fmt(Js[i4])}, {{slow}} and slowly after: a fifth "
                      f"centre only takes it to {fmt(Js[i4 + 1])}. {{elbow}} That bend, the "
                      "elbow, is where extra centres stop paying: here, the four blobs.",
                      spoken=f"J always falls as k grows: with one centre per point, it would be "
                             f"zero. {{steep}} But it falls steeply up to k equals {ks[i4]}, "
                             f"from {fmt(Js[0])} to {fmt(Js[i4])}, {{slow}} and slowly after: a "
                             f"fifth centre only takes it to {fmt(Js[i4 + 1])}. {{elbow}} That "
                             "bend, the elbow, is where extra centres stop paying: here, the "
                             "four blobs.") as s:
            self.wait_until("steep", s)
            self.play(Indicate(VGroup(*dots[:i4 + 1]), color=C["cJ"], scale_factor=1.3),
                      run_time=1.5)
            self.wait_until("slow", s)
            self.play(Indicate(VGroup(*dots[i4:]), color=C["cJ"], scale_factor=1.3),
                      run_time=1.5)
            self.wait_until("elbow", s)
            self.play(Create(ring), run_time=1.0)
        self.strip_bits = VGroup(ep, line, dots, ring)

    @beat("Summary")
    def summary(self):
        N = self.N
        lines = VGroup(
            tex(r"\cJ = \sum_{i} \lVert \cx_i - \cmu_{c_i} \rVert^2", 48),
            tex(r"\text{assign: } c_i = \arg\min_j \lVert \cx_i - \cmu_j \rVert^2 "
                r"\quad \text{(nearest centre)}", 40),
            tex(r"\text{update: } \cmu_j = \frac{1}{|C_j|} \sum_{i \in C_j} \cx_i "
                r"\quad \text{(the mean)}", 40),
            tex(r"\text{neither step raises } \cJ", 40, style.DIM),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.45).move_to([0, 0.2, 0])
        with self.say("So k-means is two easy minimisations in turn. {j} One score, J. {a} "
                      "Assign each point to its nearest centre; {u} move each centre to its "
                      "group's mean. {n} Neither step can raise J, so it settles; and since "
                      "where it settles depends on the start, seed with k-means++ and keep the "
                      "best of a few runs.",
                      spoken="So k-means is two easy minimisations in turn. {j} One score, J. "
                             "{a} Assign each point to its nearest centre; {u} move each centre "
                             "to its group's mean. {n} Neither step can raise J, so it settles; "
                             "and since where it settles depends on the start, seed with k "
                             "means plus plus and keep the best of a few runs.") as s:
            self.play(FadeOut(self.strip_bits), run_time=1.0)
            for m, line in zip(("j", "a", "u", "n"), lines):
                self.wait_until(m, s)
                self.play(FadeIn(line, shift=0.15 * UP), run_time=1.0)
        self.wait(1.5)
