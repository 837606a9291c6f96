"""Lecture 1.2: momentum, RMSprop and Adam, derived from plain gradient descent (narrated).

The story: plain gradient descent zig-zags on a bowl 25 times as steep one way as the other
-> one rule picks every method's learning rate (the grid rate that settles soonest) ->
momentum: v is an exponentially weighted sum of past gradients (unrolled, weights beta^k);
on the bowl the across-valley parts cancel and the along-valley parts add up -> RMSprop:
dividing each coordinate by its typical size sqrt(s) makes the step about the same in every
coordinate -> Adam: both, and why it needs bias correction (m and s start at zero: the first
uncorrected step is (1 - beta1) / sqrt(1 - beta2) = 3.16 times too long) -> the bowl's
scoreboard ->
Rosenbrock's curved valley, one panel per method against grey ghosts of the others -> what
each idea buys.

"Settled at step k": from step k on, the iterate stays within the tolerance of the minimum
(:func:`algorithms.optimizers.settling_step`), so a path that only passes through does not count.

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter1/trajectories.py: optimizers``); ``tests/test_optimizers_lecture.py`` checks
them against hand computations, closed forms and brute-force re-runs.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter1/optimizers.py Optimizers``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.optimizers import (
    FUNCTIONS, LR_GRID, METHODS, adam_bias_factor, minimize, settling_step,
)
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter1.trajectories import BOWL_START, ROSEN_START, optimizers as trajectories
from scenes.components import (
    Plot, StepClock, contour_lines, fade_in, fade_out, heatmap, part,
    plot_label, redraw_on, trace, tex,
)
from scenes.lecture import LectureScene, beat

__all__ = ["Optimizers", "trajectories", "lecture_numbers"]

C, MC = style.COLOR, style.METHOD_COLORS
NAMES = {"gd": "gradient descent", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam"}
BOWL_BOX = ((-5.0, 4.0), (-2.0, 2.0))
ROSEN_BOX = ((-1.5, 1.5), (-0.5, 1.5))
CANCEL_BOX = ((-5.0, 1.0), (-2.0, 2.0))  # the bowl, closer: momentum's step laid out
CHAIN_STEP = 3  # momentum's step 3 is drawn as its three weighted gradients, head to tail


# -- the numbers ----------------------------------------------------------------------------------
def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows, from the runs (no Manim needed)."""
    bowl = {m: runs[f"bowl_{m}"] for m in METHODS}
    ros = {m: runs[f"rosenbrock_{m}"] for m in METHODS}
    b_info, r_info = bowl["gd"].info, ros["gd"].info
    n_bowl, n_ros = b_info["n_steps"], r_info["n_steps"]
    tol_b, tol_r = b_info["tol"], r_info["tol"]
    beta = float(bowl["momentum"].info["hyper"]["beta"])
    rho = float(bowl["rmsprop"].info["hyper"]["rho"])
    adam_h = bowl["adam"].info["hyper"]
    b1, b2 = float(adam_h["beta1"]), float(adam_h["beta2"])
    H = FUNCTIONS["bowl"].hessian(np.zeros(2))
    lam = np.linalg.eigvalsh(H)  # ascending
    # the rule, for every rate of the grid: the settling step on the bowl (None: never settles)
    curve = {m: [settling_step(minimize("bowl", BOWL_START, method=m, lr=float(lr),
                                        n_steps=n_bowl, **bowl[m].info["hyper"]),
                               (0, 0), tol_b) for lr in LR_GRID] for m in METHODS}
    # momentum's step CHAIN_STEP: v = g_{t-1} + beta g_{t-2} + ... (rows t-1 .. 0)
    mom = bowl["momentum"]
    t = CHAIN_STEP
    g = mom["grad"][:t][::-1]                         # (t, 2) newest first
    w = beta ** np.arange(t)                          # (t,)
    v = (w[:, None] * g).sum(0)                       # (2,)
    lr_m = float(mom.info["lr"])
    chain = mom["x"][t - 1] - lr_m * np.cumsum(w[:, None] * g, 0)  # (t, 2) arrow heads
    chain = np.vstack([mom["x"][t - 1], chain])
    g0 = bowl["gd"]["grad"][0]
    gd_step = bowl["gd"]["x"][1] - bowl["gd"]["x"][0]
    rms_step = bowl["rmsprop"]["x"][1] - bowl["rmsprop"]["x"][0]
    unc = runs["bowl_adam_uncorrected"]["x"]
    ts = np.arange(1, 301)
    factor = adam_bias_factor(ts, b1, b2)
    gd_end = float(np.linalg.norm(ros["gd"].result["x"] - FUNCTIONS["rosenbrock"].minimum))
    return {
        "lam": (float(lam[0]), float(lam[1])), "kappa": float(lam[1] / lam[0]),
        "limit": 2 / float(lam[1]), "n_bowl": n_bowl, "n_ros": n_ros,
        "tol_b": tol_b, "tol_r": tol_r, "beta": beta, "rho": rho, "beta1": b1, "beta2": b2,
        "beta_ros": float(ros["momentum"].info["hyper"]["beta"]),
        "grid": list(LR_GRID), "n_grid": len(LR_GRID),
        "lr_b": {m: float(bowl[m].info["lr"]) for m in METHODS},
        "settle_b": {m: bowl[m].info["settle"] for m in METHODS},
        "lr_r": {m: float(ros[m].info["lr"]) for m in METHODS},
        "settle_r": {m: ros[m].info["settle"] for m in METHODS},
        "tuned_r": {m: bool(ros[m].info["tuned"]) for m in METHODS},
        "curve": curve,
        "lr_09": float(runs["bowl_momentum_09"].info["lr"]),
        "settle_09": runs["bowl_momentum_09"].info["settle"],
        "weights": [beta ** k for k in range(8)], "weight_sum": 1 / (1 - beta),
        "alt_sum": 1 / (1 + beta),
        "chain_g": g, "chain_w": w, "chain_v": v, "chain": chain,
        "chain_end": mom["x"][t],
        "g0": g0, "g_ratio": float(abs(g0[1] / g0[0])),
        "gd_step": gd_step, "rms_step": rms_step, "rms_first": 1 / np.sqrt(1 - rho),
        "m1": 1 - b1, "s1": 1 - b2, "bias1": float(factor[0]),
        "bias_peak": float(factor.max()), "bias_peak_t": int(ts[factor.argmax()]),
        "bias_ts": ts, "bias_factor": factor,
        "unc": unc, "unc_step": unc[1] - unc[0],
        "adam_step": bowl["adam"]["x"][1] - bowl["adam"]["x"][0],
        "gd_end": gd_end,
    }


# -- pictures ---------------------------------------------------------------------------------
def chain_sum(terms, total: float) -> str:
    """``30 - 22.5 + 7.5 = 15`` in TeX, with as many digits as it takes for the written terms
    to add up to the written total (a viewer will add them)."""
    for digits in (3, 4, 5, 6):
        shown = [fnum(t, digits) for t in terms]
        if fnum(sum(map(float, shown)), digits) == fnum(total, digits):
            break
    parts = [("-" if t < 0 else ("+" if i else "")) + fnum(abs(t), digits)
             for i, t in enumerate(terms)]
    return " ".join(parts) + f" = {fnum(total, digits)}"


def fnum(v: float, digits: int = 3) -> str:
    """A number as the lecture writes it: ``0.07``, ``-6.57``, ``0.0001``."""
    return f"{v:.{digits}g}" if abs(v) >= 1e-3 or v == 0 else f"{v:g}"


def map_plot(box, width: float, corner, xticks, yticks, label_size: float = 36,
             side_ylabel: bool = False) -> Plot:
    """Equal-scale axes over ``box`` with typeset ticks and the labels theta_1, theta_2
    (``side_ylabel``: theta_2 left of the box's top corner rather than above it)."""
    (x0, x1), (y0, y1) = box
    height = width * (y1 - y0) / (x1 - x0)
    p = Plot(box[0], box[1], width, height, xticks=xticks, yticks=yticks,
             xlabel=tex(r"\ctheta_1", label_size),
             ylabel=None if side_ylabel else tex(r"\ctheta_2", label_size),
             xlabel_right=True).place(corner)
    if side_ylabel:
        p.ylabel = tex(r"\ctheta_2", label_size).next_to(p.box.get_corner(UL), LEFT, buff=0.2)
        p.add(p.ylabel)
    return p


def surface(plot: Plot, name: str, levels) -> Group:
    fn = FUNCTIONS[name]
    (x0, x1), (y0, y1) = plot.data_box
    xs, ys = np.linspace(x0, x1, 240), np.linspace(y0, y1, 240)
    Z = fn.f(np.meshgrid(xs, ys))  # (240, 240): rows y, columns x
    return Group(heatmap(plot, Z), contour_lines(plot, Z, xs, ys, levels, stroke_width=2,
                                                 opacity=0.7))


def star_at(plot: Plot, xy, r: float = 0.13) -> Star:
    return Star(n=5, outer_radius=r, color=style.TEXT, fill_opacity=1).move_to(plot.c2p(*xy))


def live_path(plot: Plot, pts: np.ndarray, clock: StepClock, color, width: float = 3.5,
              opacity: float = 1.0):
    return redraw_on(lambda: (clock.value, *plot.where()),
                     lambda: trace(plot, pts, clock.value, color, width).set_stroke(
                         opacity=opacity))


def live_head(plot: Plot, pts: np.ndarray, clock: StepClock, color, r: float = 0.08):
    def draw():
        x, y = clock.interp(pts)
        (x0, x1), (y0, y1) = plot.data_box
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return VMobject()
        return Dot(plot.c2p(x, y), radius=r, color=color).set_stroke(style.BACKGROUND, 2,
                                                                      background=True)
    return redraw_on(lambda: (clock.value, *plot.where()), draw)


def bars(plot: Plot, xs, hs, width: float, color, opacity: float = 0.85) -> VGroup:
    """Vertical bars of data width ``width`` at ``xs`` with heights ``hs`` (from y = 0)."""
    group = VGroup()
    for x, h in zip(xs, hs):
        lo, hi = plot.c2p(x - width / 2, 0), plot.c2p(x + width / 2, h)
        group.add(Rectangle(width=hi[0] - lo[0], height=max(hi[1] - lo[1], 1e-3),
                            fill_color=color, fill_opacity=opacity, stroke_width=0)
                  .move_to((lo + hi) / 2))
    return group


def step_arrow(plot: Plot, p, q, color, width: float = 6, tip: float = 0.25) -> Arrow:
    return Arrow(plot.c2p(*p), plot.c2p(*q), buff=0, color=color, stroke_width=width,
                 max_tip_length_to_length_ratio=tip)


# -- the lecture ----------------------------------------------------------------------------------
class Optimizers(LectureScene):
    LECTURE = "chapter1/optimizers"

    def setup(self):
        super().setup()
        self.runs = self.trajectories()
        self.N = lecture_numbers(self.runs)

    def bowl_map(self, width: float, corner) -> tuple[Plot, Group]:
        p = map_plot(BOWL_BOX, width, corner, xticks=(-4, -2, 0, 2, 4), yticks=(-2, 0, 2))
        return p, surface(p, "bowl", [0.1, 0.5, 1.5, 4, 9, 16, 28])

    def play_run(self, plot, pts, color, run_time, upto=None, width=3.5, spacing="geometric"):
        """Draw a run's path growing on ``plot``; returns the static path left behind."""
        upto = len(pts) - 1 if upto is None else upto
        clock = StepClock(len(pts))
        path, head = live_path(plot, pts, clock, color, width), live_head(plot, pts, clock, color)
        self.add(path, head)
        self.play(clock.run_to(upto, run_time=run_time, spacing=spacing))
        still = trace(plot, pts, upto, color, width)
        self.remove(path, head)
        self.add(still)
        return still

    # ---------------------------------------------------------------------------------------------
    @beat("A valley that zig-zags")
    def bowl(self):
        N = self.N
        lo, hi = N["lam"]
        self.bplot, self.bsurf = self.bowl_map(8.1, (-6.5, -2.55))
        self.goal = star_at(self.bplot, (0, 0))
        self.start = Dot(self.bplot.c2p(*BOWL_START), radius=0.09, color=style.TEXT)
        f_eq = tex(r"\cf(\ctheta) = \tfrac{1}{2}\ctheta_1^2 + \tfrac{25}{2}\ctheta_2^2", 44)
        f_eq.to_corner(UL, buff=0.5).shift(0.2 * DOWN)
        with self.say("Plain gradient descent crawls when a valley is steeper one way than "
                      "the other. {map} Here is the simplest such valley: a bowl, {f} f of θ "
                      "equals one half θ₁ squared plus twenty-five halves θ₂ squared.",
                      spoken="Plain gradient descent crawls when a valley is steeper one way "
                             "than the other. {map} Here is the simplest such valley: a bowl, "
                             "{f} f of theta equals one half theta one squared, plus twenty "
                             "five halves theta two squared.") as s:
            self.wait_until("map", s)
            self.play(fade_in(self.bsurf), fade_in(VGroup(self.bplot)), FadeIn(self.goal),
                      run_time=2)
            self.wait_until("f", s)
            self.play(Write(f_eq), run_time=2)
        H_eq = tex(rf"\nabla^2 \cf = \begin{{pmatrix}} {lo:g} & 0 \\ 0 & {hi:g} \end{{pmatrix}}",
                   40).next_to(f_eq, RIGHT, buff=1.0)
        across = DoubleArrow(self.bplot.c2p(-1.5, -1.7), self.bplot.c2p(-1.5, 1.7), buff=0,
                             color=C["cg"], stroke_width=5, tip_length=0.2)
        along = DoubleArrow(self.bplot.c2p(-4.6, 0), self.bplot.c2p(3.6, 0), buff=0,
                            color=style.DIM, stroke_width=5, tip_length=0.2)
        with self.say(f"Its curvature is {lo:g} {{along}} along θ₁ and {hi:g} {{across}} "
                      f"along θ₂: {N['kappa']:g} times as steep across the valley as along "
                      "it.",
                      spoken=f"Its curvature is {lo:g} {{along}} along theta one, and "
                             f"{hi:g} {{across}} along theta two: {N['kappa']:g} times as "
                             "steep across the valley as along it.") as s:
            self.play(FadeIn(H_eq, shift=0.2 * LEFT), run_time=1.2)
            self.wait_until("along", s)
            self.play(GrowFromCenter(along), run_time=1)
            self.wait_until("across", s)
            self.play(GrowFromCenter(across), run_time=1)
        rule = tex(r"{{ \ctheta }} \leftarrow {{ \ctheta }} - {{ \ceta }} {{ \cg }}", 48)
        gdef = tex(r"\cg = \nabla \cf(\ctheta)", 36, style.DIM)
        rule_col = VGroup(rule, gdef).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        rule_col.move_to([4.6, 1.9, 0])
        gd = self.runs["bowl_gd"]["x"]
        with self.say("Plain gradient descent {rule} steps against the gradient g, η at a time. "
                      "{run} From the white dot it zig-zags across the steep direction, while it "
                      "creeps along the shallow one.",
                      spoken="Plain gradient descent {rule} steps against the gradient g, eta "
                             "at a time. {run} From the white dot it zig-zags across the steep "
                             "direction, while it creeps along the shallow one.") as s:
            self.play(FadeOut(along), FadeOut(across), FadeIn(self.start, scale=2), run_time=0.8)
            self.wait_until("rule", s)
            self.play(Write(rule), FadeIn(gdef), run_time=1.5)
            self.wait_until("run", s)
            self.gd_path = self.play_run(self.bplot, gd, MC["gd"], max(4.0, s.remaining()),
                                         upto=30, spacing="linear")
        lim = tex(rf"\ceta < \frac{{2}}{{{hi:g}}} = {N['limit']:g}", 40).next_to(
            rule_col, DOWN, buff=0.5).align_to(rule_col, LEFT)
        with self.say("No step size suits both directions. {lim} Across the valley, any η above "
                      f"2 over {hi:g}, {N['limit']:g}, overshoots further every step; along it, "
                      "a step that small crawls.",
                      spoken="No step size suits both directions. {lim} Across the valley, any "
                             f"eta above 2 over {hi:g}, that is {N['limit']:g}, overshoots "
                             "further every step; along it, a step that small crawls.") as s:
            self.wait_until("lim", s)
            self.play(Write(lim), run_time=1.5)
            self.play(Indicate(self.gd_path, color=MC["gd"], scale_factor=1.0), run_time=1.5)
        k, lr = N["settle_b"]["gd"], N["lr_b"]["gd"]
        res = VGroup(tex(rf"\ceta = {lr:g}:", 36, MC["gd"]),
                     tex(rf"\text{{settled at step }} {k}", 36, MC["gd"])
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        res.next_to(lim, DOWN, buff=0.5).align_to(lim, LEFT)
        with self.say(f"At its best step size, η = {lr:g}, it needs {k} steps {{settle}} to "
                      f"settle within {N['tol_b']:g} of the minimum.",
                      spoken=f"At its best step size, eta equals {lr:g}, it needs {k} steps "
                             f"{{settle}} to settle within {N['tol_b']:g} of the minimum.") as s:
            self.remove(self.gd_path)
            self.gd_path = self._finish_gd(gd, s)
            self.play(FadeIn(res, shift=0.1 * UP), run_time=1)
        self.f_eq, self.H_eq, self.rule_col, self.lim, self.gd_res = f_eq, H_eq, rule_col, lim, res

    def _finish_gd(self, gd, s):
        """Continue the GD path from step 30 to the end (same look as play_run)."""
        clock = StepClock(len(gd), start=30)
        path = live_path(self.bplot, gd, clock, MC["gd"])
        head = live_head(self.bplot, gd, clock, MC["gd"])
        self.add(path, head)
        self.play(clock.run_to(len(gd) - 1, run_time=self.till(s, "settle", 2.0)))
        still = trace(self.bplot, gd, len(gd) - 1, MC["gd"])
        self.remove(path, head)
        self.add(still)
        return still

    @beat("One rule for every step size")
    def rule(self):
        N = self.N
        grid = np.log10(N["grid"])
        ymax = N["n_bowl"]
        cp = Plot((-4.2, 0.2), (0, ymax), 7.6, 4.0, xticks=range(-4, 1),
                  xnums=[r"10^{-4}", r"10^{-3}", r"10^{-2}", r"10^{-1}", "1"],
                  yticks=range(0, ymax + 1, 100), xlabel=tex(r"\ceta", 40), xlabel_right=True,
                  ylabel=plot_label(rf"settled at step (within {N['tol_b']:g})")
                  ).place((-6.0, -2.5))
        with self.say("Before any race, how does each method get its step size? A race is only "
                      "fair if one rule picks it for everyone.") as s:
            self.play(FadeOut(self.f_eq), FadeOut(self.H_eq), FadeOut(self.rule_col),
                      FadeOut(self.lim), FadeOut(self.gd_res), FadeOut(self.gd_path),
                      FadeOut(self.start), FadeOut(self.goal), fade_out(self.bsurf),
                      fade_out(VGroup(self.bplot)), run_time=1.5)
            self.play(fade_in(VGroup(cp)), run_time=1.2)
        ticks = VGroup(*[Line(cp.c2p(x, 0) + 0.1 * DOWN, cp.c2p(x, 0) + 0.1 * UP,
                              color=style.TEXT, stroke_width=2) for x in grid])
        dots = {}
        for m in METHODS:
            dots[m] = VGroup(*[Dot(cp.c2p(x, k), radius=0.055, color=MC[m])
                               for x, k in zip(grid, N["curve"][m]) if k is not None])
        with self.say(f"{{grid}} Every method tries the same {N['n_grid']} rates, from "
                      f"{N['grid'][0]:g} to {N['grid'][-1]:g}, {{run}} runs {N['n_bowl']} steps "
                      "from the same start, {pick} and keeps the rate after which it settles "
                      "soonest.") as s:
            self.wait_until("grid", s)
            self.play(LaggedStart(*[Create(t) for t in ticks], lag_ratio=0.05), run_time=1.5)
            self.wait_until("run", s)
            self.play(LaggedStart(*[FadeIn(d, scale=0.5) for d in dots["gd"]], lag_ratio=0.1),
                      run_time=self.till(s, "pick", 1.0))
        best = {m: Circle(radius=0.14, color=MC[m], stroke_width=4).move_to(
            cp.c2p(np.log10(N["lr_b"][m]), N["settle_b"][m])) for m in METHODS}
        with s:
            self.play(Create(best["gd"]), run_time=0.8)
        with self.say(f"Settled means: within {N['tol_b']:g} of the minimum from that step on. "
                      "A path that only passes through does not count; rates that never settle, "
                      "too small or too large, get no dot.") as s:
            self.play(Indicate(dots["gd"], color=MC["gd"], scale_factor=1.2), run_time=2)
        table = VGroup()
        for m in METHODS:
            row = VGroup(plot_label(NAMES[m], color=MC[m]),
                         tex(rf"\ceta = {N['lr_b'][m]:g}", 36))
            table.add(row)
        for row in table:
            row[1].next_to(row[0], RIGHT, buff=0.3)
        table.arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to([4.7, 0.6, 0])
        for row in table:
            row[1].set_x(table.get_right()[0] - row[1].width / 2)
        lb = N["lr_b"]
        with self.say(f"So gradient descent gets η = {lb['gd']:g}; {{others}} the same rule picks "
                      f"{lb['momentum']:g} for momentum, {lb['rmsprop']:g} for RMSprop and "
                      f"{lb['adam']:g} for Adam.",
                      spoken=f"So gradient descent gets eta equal to {lb['gd']:g}; {{others}} the "
                             f"same rule picks {lb['momentum']:g} for momentum, {lb['rmsprop']:g} "
                             f"for RMSprop, and {lb['adam']:g} for Adam.") as s:
            self.play(FadeIn(table[0], shift=0.1 * LEFT), run_time=0.6)
            self.wait_until("others", s)
            for i, m in enumerate(METHODS[1:], 1):
                self.play(LaggedStart(*[FadeIn(d, scale=0.5) for d in dots[m]], lag_ratio=0.05),
                          Create(best[m]), FadeIn(table[i], shift=0.1 * LEFT),
                          run_time=max(1.0, s.remaining() / 3 - 0.05))
        with self.say("The lowest dot of each colour is its rate, and how low it sits already "
                      "says who wins on this bowl. First, where each method comes from.") as s:
            self.play(*[Indicate(best[m], color=MC[m]) for m in METHODS], run_time=2)
        self.rule_stuff = VGroup(cp, ticks, *dots.values(), *best.values())
        self.table = table

    @beat("Momentum: remember the past")
    def momentum(self):
        N = self.N
        b = N["beta"]
        e1 = tex(r"{{ \cvel_t }} = {{ \cbeta }} {{ \cvel_{t-1} }} + {{ \cg_t }}", 48)
        e2 = tex(r"{{ \ctheta }} \leftarrow {{ \ctheta }} - {{ \ceta }} {{ \cvel_t }}", 48)
        top = VGroup(e1, e2).arrange(RIGHT, buff=1.2).to_edge(UP, buff=0.6).to_edge(LEFT, 0.7)
        with self.say("Momentum's idea: don't step along today's gradient alone. {v} Keep a "
                      "running sum v of the gradients, older ones counting less, {step} and step "
                      "along v instead.") as s:
            self.play(FadeOut(self.rule_stuff), FadeOut(self.table), run_time=1)
            self.wait_until("v", s)
            self.play(Write(e1), run_time=2)
            self.wait_until("step", s)
            self.play(Write(e2), run_time=1.5)
        u1 = tex(r"{{ \cvel_t }} = {{ \cg_t }} + {{ \cbeta }} {{ \cvel_{t-1} }}", 48)
        u2 = tex(r"{{ \cvel_t }} = {{ \cg_t }} + {{ \cbeta }} {{ \cg_{t-1} }} + "
                 r"{{ \cbeta^2 }} {{ \cvel_{t-2} }}", 48)
        u3 = tex(r"{{ \cvel_t }} = {{ \cg_t }} + {{ \cbeta }} {{ \cg_{t-1} }} + "
                 r"{{ \cbeta^2 }} {{ \cg_{t-2} }} + {{ \cbeta^3 }} {{ \cg_{t-3} }} + \cdots", 48)
        for u in (u1, u2, u3):
            u.next_to(top, DOWN, buff=0.7).align_to(top, LEFT)
        with self.say("Unroll it. {swap} v at step t is g t plus β times v at t minus 1; {one} "
                      "and v at t minus 1 is itself g at t minus 1 plus β times the v before it.",
                      spoken="Unroll it. {swap} v at step t is g t, plus beta times v at t "
                             "minus 1; {one} and v at t minus 1 is itself g at t minus 1, plus "
                             "beta times the v before it.") as s:
            self.wait_until("swap", s)
            self.morph(e1, u1, keep=True, run_time=1.5)
            self.wait_until("one", s)
            self.morph(u1, u2, [(r"\cvel_{t-1}", r"\cg_{t-1}")], run_time=2)
        with self.say("{all} Keep going, all the way back to the first step: v is a sum of every "
                      "past gradient, and each step back multiplies its weight by β once more.",
                      spoken="{all} Keep going, all the way back to the first step: v is a sum "
                             "of every past gradient, and each step back multiplies its weight by "
                             "beta once more.") as s:
            self.wait_until("all", s)
            self.morph(u2, u3, [(r"\cvel_{t-2}", r"\cg_{t-2}")], run_time=2.2)
            self.play(*[Circumscribe(part(u3, p), color=C["cbeta"]) for p in
                        (r"\cbeta", r"\cbeta^2", r"\cbeta^3")], run_time=1.8)
        ws = N["weights"]
        wp = Plot((-0.6, 7.6), (0, 1.1), 6.0, 2.0, xticks=range(8), yticks=(0, 0.5, 1),
                  xlabel=plot_label("steps back"), xlabel_right=True,
                  ylabel=plot_label("weight")).place((-6.0, -1.25))
        wbars = bars(wp, range(8), ws, 0.6, C["cvel"])
        wlab = tex(rf"\cbeta = {b:g}", 42).next_to(wp.box, RIGHT, buff=0.7).shift(0.9 * UP)
        with self.say(f"{{w}} With β = {b:g}, the weights are one, {{h}} a half, a quarter, an "
                      "eighth, and so on: an exponentially weighted sum of the past.",
                      spoken=f"{{w}} With beta equal to {b:g}, the weights are one, {{h}} a half, "
                             "a quarter, an eighth, and so on: an exponentially weighted sum of "
                             "the past.") as s:
            self.wait_until("w", s)
            self.play(fade_in(VGroup(wp)), FadeIn(wlab), GrowFromEdge(wbars[0], DOWN),
                      run_time=1.0)
            self.wait_until("h", s)
            self.play(LaggedStart(*[GrowFromEdge(r, DOWN) for r in wbars[1:]], lag_ratio=0.3),
                      run_time=max(1.5, s.remaining()))
        ssum = tex(rf"1 + \cbeta + \cbeta^2 + \cdots = \frac{{1}}{{1-\cbeta}} = "
                   rf"{N['weight_sum']:g}", 40).next_to(wlab, DOWN, buff=0.5).align_to(wlab, LEFT)
        alt = tex(rf"1 - \cbeta + \cbeta^2 - \cdots = \frac{{1}}{{1+\cbeta}} = "
                  rf"{fnum(N['alt_sum'])}", 40).next_to(ssum, DOWN, buff=0.45).align_to(ssum, LEFT)
        with self.say(f"{{sum}} The weights add up to 1 over 1 minus β: {N['weight_sum']:g}. A "
                      f"gradient that keeps pointing the same way is amplified {N['weight_sum']:g} "
                      "times; {alt} one that flips sign every step adds up to only 1 over 1 plus "
                      f"β, {fnum(N['alt_sum'])}: it mostly cancels itself.",
                      spoken=f"{{sum}} The weights add up to 1 over 1 minus beta: "
                             f"{N['weight_sum']:g}. A gradient that keeps pointing the same way "
                             f"is amplified {N['weight_sum']:g} times; {{alt}} one that flips "
                             "sign every step adds up to only 1 over 1 plus beta, "
                             f"{fnum(N['alt_sum'])}: it mostly cancels itself.") as s:
            self.wait_until("sum", s)
            self.play(Write(ssum), run_time=2)
            self.wait_until("alt", s)
            self.play(*[wbars[k].animate.set_fill(C["cg"]) for k in range(1, 8, 2)],
                      Write(alt), run_time=2)
        self.mom_eqs = VGroup(e1, e2, u3)
        self.mom_side = VGroup(wp, wbars, wlab, ssum, alt)

    @beat("Zig-zags cancel")
    def cancel(self):
        N = self.N
        b = N["beta"]
        lr_m = N["lr_b"]["momentum"]
        t = CHAIN_STEP
        new_plot = map_plot(CANCEL_BOX, 8.4, (-6.5, -2.75), xticks=(-4, -3, -2, -1, 0, 1),
                            yticks=(-2, -1, 0, 1, 2))
        new_surf = surface(new_plot, "bowl", [0.1, 0.5, 1.5, 4, 9, 16, 28])
        u3 = tex(r"\cvel_3 = \cg_2 + \tfrac{1}{2}\cg_1 + \tfrac{1}{4}\cg_0", 44)
        u3.move_to([2.4, 3.0, 0], aligned_edge=LEFT)
        with self.say("Back on the bowl, {v} and take momentum's third step.") as s:
            self.play(FadeOut(self.mom_side), FadeOut(self.mom_eqs), run_time=1)
            self.play(fade_in(new_surf), fade_in(VGroup(new_plot)), run_time=1.2)
            self.start = Dot(new_plot.c2p(*BOWL_START), radius=0.09, color=style.TEXT)
            self.goal = star_at(new_plot, (0, 0))
            self.add(self.start, self.goal)
            self.wait_until("v", s)
        mom = self.runs["bowl_momentum"]["x"]
        first = trace(new_plot, mom, t - 1, MC["momentum"])
        here = Dot(new_plot.c2p(*mom[t - 1]), radius=0.08, color=MC["momentum"])
        with s:
            self.play(Create(first), FadeIn(here), run_time=1.5)
        chain = N["chain"]
        arrows = [step_arrow(new_plot, chain[k], chain[k + 1], C["cg"], 6, 0.12)
                  for k in range(t)]
        g = N["chain_g"]
        w = N["chain_w"]
        wtex = {1.0: "", 0.5: r"\tfrac{1}{2}", 0.25: r"\tfrac{1}{4}"}
        g_lab = [tex(wtex.get(float(w[k]), fnum(w[k])) + rf"\cg_{{{t - 1 - k}}}", 34)
                 for k in range(t)]
        for k, a in enumerate(arrows):
            g_lab[k].next_to(a, LEFT if k == 0 else RIGHT, buff=0.12)
        with self.say("Its velocity is the last three gradients, weighted one, a half and a "
                      "quarter, and scaled by η. {chain} Lay them head to tail.",
                      spoken="Its velocity is the last three gradients, weighted one, a half and "
                             "a quarter, and scaled by eta. {chain} Lay them head to tail.") as s:
            self.play(Write(u3), run_time=1.5)
            self.wait_until("chain", s)
            for a, lab in zip(arrows, g_lab):
                self.play(GrowArrow(a), FadeIn(lab), run_time=max(0.8, s.remaining() / t))
        across = tex(r"\text{across: } " + chain_sum([w[k] * g[k][1] for k in range(t)],
                                                     N["chain_v"][1]), 28, C["cg"])
        along = tex(r"\text{along: } " + chain_sum([w[k] * g[k][0] for k in range(t)],
                                                   N["chain_v"][0]), 28, C["cg"])
        sums = VGroup(across, along).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        room = style.FRAME_W / 2 - style.MARGIN - 2.4   # right of the map, inside the frame
        if sums.width > room:
            sums.scale_to_fit_width(room)
        sums.next_to(u3, DOWN, buff=0.5).set_x(2.4 + sums.width / 2)
        ga, gb, gc = (g[k][1] for k in range(t))
        with self.say(f"{{across}} Across the valley the gradients alternate, {fnum(ga)}, then "
                      f"{fnum(gb)}, then {fnum(gc)}: weighted, they mostly cancel, to "
                      f"{fnum(N['chain_v'][1])}.") as s:
            self.wait_until("across", s)
            self.play(Write(across), *[Indicate(a, color=C["cg"], scale_factor=1.05)
                                       for a in arrows], run_time=2.5)
        with self.say(f"{{along}} Along the valley they all point the same way and add up: "
                      f"{fnum(N['chain_v'][0])}, about twice today's {fnum(g[0][0])}.") as s:
            self.wait_until("along", s)
            self.play(Write(along), run_time=2)
        land = Dot(new_plot.c2p(*N["chain_end"]), radius=0.08, color=MC["momentum"])
        with self.say("{land} The step lands much closer to the valley floor, and a little "
                      "further along it.") as s:
            self.wait_until("land", s)
            self.play(FadeIn(land, scale=2), run_time=1)
            self.play(Circumscribe(land, color=MC["momentum"], shape=Circle), run_time=1.5)
        gd_ghost = trace(new_plot, self.runs["bowl_gd"]["x"], N["n_bowl"], style.DIM, 2.5)
        k_m, k_g = N["settle_b"]["momentum"], N["settle_b"]["gd"]
        res = VGroup(tex(rf"\text{{momentum: settled at step }} {k_m}", 32, MC["momentum"]),
                     tex(rf"\text{{gradient descent: }} {k_g}", 32, style.DIM)
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        res.next_to(sums, DOWN, buff=0.5).align_to(sums, LEFT)
        calm = ("the zig-zag dies out and the pace along the floor builds up" if k_m < k_g
                else "momentum keeps swinging across the valley")  # what this run shows
        with self.say(f"{{run}} Step after step, {calm}. {{k}} Momentum settles at step {k_m}; "
                      f"plain gradient descent, the grey ghost, needed {k_g}.") as s:
            self.wait_until("run", s)
            self.play(*[FadeOut(m) for m in (*arrows, *g_lab, here, land, first)],
                      FadeIn(gd_ghost), run_time=1)
            self.mom_path = self.play_run(new_plot, mom, MC["momentum"],
                                          self.till(s, "k", 3.0))
            self.play(FadeIn(res, shift=0.1 * UP), run_time=1)
        m09 = trace(new_plot, self.runs["bowl_momentum_09"]["x"], N["n_bowl"], C["cvel"], 2.5)
        m09 = DashedVMobject(m09, num_dashes=180)
        note = tex(rf"\cbeta = 0.9:\ \ceta = {N['lr_09']:g},\ \text{{step }} {N['settle_09']}",
                   32, C["cvel"]).next_to(res, DOWN, buff=0.35).align_to(res, LEFT)
        with self.say(f"Memory can be too long. {{b9}} With β = 0.9, the same rule needs "
                      f"{N['settle_09']} steps: the sum keeps pushing past the minimum. How long "
                      "a memory pays depends on the valley.",
                      spoken="Memory can be too long. {b9} With beta equal to zero point nine, "
                             f"the same rule needs {N['settle_09']} steps: the sum keeps pushing "
                             "past the minimum. How long a memory pays depends on the "
                             "valley.") as s:
            self.wait_until("b9", s)
            self.play(Create(m09), FadeIn(note), run_time=2.5)
        self.play(FadeOut(m09), FadeOut(note), run_time=0.8)
        self.cancel_stuff = VGroup(u3, sums, res)
        self.cancel_map = Group(new_surf, new_plot, self.start, self.goal, gd_ghost)

    @beat("RMSprop: one scale per coordinate")
    def rmsprop(self):
        N = self.N
        g0 = N["g0"]
        lr_r, rho = N["lr_b"]["rmsprop"], N["rho"]
        self.bplot, self.bsurf = self.bowl_map(4.6, (1.9, 0.3))
        self.start = Dot(self.bplot.c2p(*BOWL_START), radius=0.07, color=style.TEXT)
        self.goal = star_at(self.bplot, (0, 0), 0.1)
        self.gd_ghost = trace(self.bplot, self.runs["bowl_gd"]["x"], N["n_bowl"], style.DIM, 2)
        bg = Group(self.bsurf, self.bplot, self.start, self.goal, self.gd_ghost)
        self.play(FadeOut(self.cancel_stuff), FadeOut(self.mom_path), run_time=0.8)
        self.play(fade_out(self.cancel_map), run_time=0.8)
        self.play(fade_in(bg), run_time=1.2)
        bp = Plot((-0.5, 1.5), (0, 32), 3.0, 2.0, xticks=(0, 1), xnums=[r"\ctheta_1",
                                                                      r"\ctheta_2"],
                  yticks=(0, 10, 20, 30), ylabel=plot_label("size of the gradient")
                  ).place((-5.8, -2.6))
        gb = bars(bp, (0, 1), np.abs(g0), 0.5, C["cg"])
        with self.say("Momentum fixes the direction. RMSprop fixes the scale. {g} At the start, "
                      f"the gradient is {fnum(g0[0])} along the valley and {fnum(g0[1])} across "
                      f"it: {N['g_ratio']:.3g} times as large across.") as s:
            self.wait_until("g", s)
            self.play(fade_in(VGroup(bp)), run_time=0.8)
            self.play(LaggedStart(*[GrowFromEdge(r, DOWN) for r in gb], lag_ratio=0.4),
                      run_time=1.5)
        s1 = tex(r"{{ \cs_t }} = {{ \crho }} {{ \cs_{t-1} }} + {{ (1-\crho) }} {{ \cg_t^2 }}", 48)
        s1.to_corner(UL, buff=0.6)
        with self.say("{s} Keep, for each coordinate separately, a running mean s of the squared "
                      "gradient. {root} Its square root is that coordinate's typical gradient "
                      "size.") as s:
            self.wait_until("s", s)
            self.play(Write(s1), run_time=2.5)
            self.wait_until("root", s)
            self.play(Circumscribe(gb, color=C["cs"]), run_time=1.5)
        r1 = tex(r"{{ \ctheta }} \leftarrow {{ \ctheta }} - {{ \ceta }} {{ \cg_t }}", 48)
        r2 = tex(r"{{ \ctheta }} \leftarrow {{ \ctheta }} - {{ \ceta }} "
                 r"{{ \frac{\cg_t}{\sqrt{\cs_t}} }}", 48)
        for r in (r1, r2):
            r.next_to(s1, DOWN, buff=0.6).align_to(s1, LEFT)
        sp = Plot((-0.5, 1.5), (0, 2.2), 3.0, 2.0, xticks=(0, 1),
                  xnums=[r"\ctheta_1", r"\ctheta_2"], yticks=(0, 1, 2),
                  ylabel=plot_label("size of the first step")).place((-1.9, -2.6))
        gd_bars = bars(sp, (-0.15, 0.85), np.abs(N["gd_step"]), 0.28, MC["gd"])
        rms_bars = bars(sp, (0.15, 1.15), np.abs(N["rms_step"]), 0.28, MC["rmsprop"])
        key = VGroup(plot_label("gradient descent", color=MC["gd"]),
                     plot_label("RMSprop", color=MC["rmsprop"])
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).move_to([2.9, -1.2, 0])
        with self.say("{div} Divide each coordinate's gradient by it. {steps} A plain gradient "
                      f"step is {N['g_ratio']:.3g} times as long across as along; {{even}} "
                      "RMSprop's first step is the same length in both coordinates.") as s:
            self.wait_until("div", s)
            self.add(r1)
            self.morph(r1, r2, [(r"\cg_t", r"\frac{\cg_t}{\sqrt{\cs_t}}")], run_time=2)
            self.wait_until("steps", s)
            self.play(fade_in(VGroup(sp)), *[GrowFromEdge(r, DOWN) for r in gd_bars],
                      FadeIn(key[0]), run_time=1.5)
            self.wait_until("even", s)
            self.play(*[GrowFromEdge(r, DOWN) for r in rms_bars], FadeIn(key[1]), run_time=1.5)
        with self.say("Whatever the curvature, g over the square root of s is about the same "
                      "size in every coordinate, so every coordinate moves at about the same "
                      "pace.") as s:
            self.play(Indicate(part(r2, r"\frac{\cg_t}{\sqrt{\cs_t}}"), color=C["cs"]),
                      run_time=2)
            self.play(Indicate(rms_bars, color=MC["rmsprop"], scale_factor=1.0), run_time=1.5)
        k_r = N["settle_b"]["rmsprop"]
        rms = self.runs["bowl_rmsprop"]["x"]
        res = tex(rf"\text{{RMSprop: }} \ceta = {lr_r:g},\ \crho = {rho:g}:\ "
                  rf"\text{{settled at step }} {k_r}", 34, MC["rmsprop"])
        res.next_to(r2, DOWN, buff=0.5).align_to(r2, LEFT)
        with self.say(f"{{run}} On the bowl, with η = {lr_r:g} and ρ = {rho:g}, RMSprop drops "
                      "onto the valley floor in a few steps, then walks along it: "
                      f"{{k}} it settles at step {k_r}.",
                      spoken=f"{{run}} On the bowl, with eta equal to {lr_r:g} and rho equal to "
                             f"{rho:g}, RMSprop drops onto the valley floor in a few steps, then "
                             f"walks along it: {{k}} it settles at step {k_r}.") as s:
            self.wait_until("run", s)
            self.rms_path = self.play_run(self.bplot, rms, MC["rmsprop"], self.till(s, "k", 3.0))
            self.play(FadeIn(res, shift=0.1 * UP), run_time=1)
        first = tex(rf"\frac{{1}}{{\sqrt{{1-\crho}}}}\,\ceta = {N['rms_first']:g}\,\ceta", 40)
        first.move_to([5.2, -2.2, 0])
        with self.say(f"One flaw: the first step is {N['rms_first']:g} times η. {{why}} s starts "
                      "at zero, so at first it underestimates the squared gradient. Adam fixes "
                      "exactly that.",
                      spoken=f"One flaw: the first step is {N['rms_first']:g} times eta. {{why}} "
                             "s starts at zero, so at first it underestimates the squared "
                             "gradient. Adam fixes exactly that.") as s:
            self.play(Indicate(rms_bars, color=MC["rmsprop"]), run_time=1.5)
            self.wait_until("why", s)
            self.play(Write(first), run_time=1.5)
        self.rms_stuff = VGroup(bp, gb, sp, gd_bars, rms_bars, key, s1, r2, res, first)
        self.bg = bg

    @beat("Adam, and why it corrects its bias")
    def adam(self):
        N = self.N
        b1, b2 = N["beta1"], N["beta2"]
        a1 = tex(r"{{ \cm_t }} = {{ \cbeta_1 }} {{ \cm_{t-1} }} + {{ (1-\cbeta_1) }} {{ \cg_t }}",
                 44)
        a2 = tex(r"{{ \cs_t }} = {{ \cbeta_2 }} {{ \cs_{t-1} }} + {{ (1-\cbeta_2) }} "
                 r"{{ \cg_t^2 }}", 44)
        a3 = tex(r"{{ \ctheta }} \leftarrow {{ \ctheta }} - {{ \ceta }} "
                 r"{{ \frac{\cm_t}{\sqrt{\cs_t}} }}", 44)
        col = VGroup(a1, a2, a3).arrange(DOWN, aligned_edge=LEFT, buff=0.35).to_corner(UL, 0.55)
        with self.say("Adam combines the two: {m} m, a running mean of the gradients, as in "
                      "momentum; {s} s, the running mean of their squares, as in RMSprop; {step} "
                      "and the step η times m over the square root of s.",
                      spoken="Adam combines the two: {m} m, a running mean of the gradients, as "
                             "in momentum; {s} s, the running mean of their squares, as in "
                             "RMSprop; {step} and the step: eta times m, over the square root of "
                             "s.") as s:
            self.play(FadeOut(self.rms_stuff), FadeOut(self.rms_path), run_time=1)
            self.wait_until("m", s)
            self.play(Write(a1), run_time=1.5)
            self.wait_until("s", s)
            self.play(Write(a2), run_time=1.5)
            self.wait_until("step", s)
            self.play(Write(a3), run_time=1.5)
        z1 = tex(rf"\cm_1 = {N['m1']:.1f}\,\cg_1,\qquad \cs_1 = {N['s1']:.3f}\,\cg_1^2", 40)
        z2 = tex(rf"\frac{{\cm_1}}{{\sqrt{{\cs_1}}}} = \frac{{{N['m1']:.1f}}}"
                 rf"{{\sqrt{{{N['s1']:.3f}}}}}\,\frac{{\cg_1}}{{|\cg_1|}} = {N['bias1']:.3g}"
                 r"\,\frac{\cg_1}{|\cg_1|}", 40)
        zs = VGroup(z1, z2).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        zs.next_to(col, DOWN, buff=0.6).align_to(col, LEFT)
        with self.say(f"{{zero}} Both start at zero. After one step, m is only {N['m1']:.1f} g, "
                      f"and s only {N['s1']:.3f} g squared; {{ratio}} so m over the square "
                      f"root of s is {N['bias1']:.3g} times too large.") as s:
            self.wait_until("zero", s)
            self.play(Write(z1), run_time=2)
            self.wait_until("ratio", s)
            self.play(Write(z2), run_time=2.5)
        c1 = tex(r"\hat{\cm}_t = \frac{\cm_t}{1-\cbeta_1^t},\qquad "
                 r"\hat{\cs}_t = \frac{\cs_t}{1-\cbeta_2^t}", 42)
        c1.move_to(zs, aligned_edge=UL)
        a3c = tex(r"{{ \ctheta }} \leftarrow {{ \ctheta }} - {{ \ceta }} "
                  r"{{ \frac{\hat{\cm}_t}{\sqrt{\hat{\cs}_t}} }}", 44).move_to(a3, aligned_edge=UL)
        with self.say("{fix} The cure: divide each by one minus its β to the power t. {back} At "
                      "step one that gives back exactly g and g squared, so the first step is η "
                      "in every coordinate.",
                      spoken="{fix} The cure: divide each by one minus its beta, to the power t. "
                             "{back} At step one that gives back exactly g and g squared, so the "
                             "first step is eta in every coordinate.") as s:
            self.wait_until("fix", s)
            self.play(FadeOut(zs), FadeIn(c1, shift=0.2 * DOWN), run_time=1.5)
            self.wait_until("back", s)
            self.morph(a3, a3c, [(r"\frac{\cm_t}{\sqrt{\cs_t}}",
                                  r"\frac{\hat{\cm}_t}{\sqrt{\hat{\cs}_t}}")], run_time=2)
        ts, fac = N["bias_ts"], N["bias_factor"]
        fp = Plot((0, 300), (0, 7), 4.6, 1.6, xticks=(0, 100, 200, 300), yticks=(0, 3, 6),
                  xlabel=plot_label("step"), xlabel_right=True,
                  ylabel=plot_label("uncorrected step / corrected step")).place((1.7, -2.65))
        clock = StepClock(len(ts))
        fpts = np.c_[ts, fac]
        fcurve = redraw_on(lambda: (clock.value, *fp.where()),
                           lambda: trace(fp, fpts, clock.value, C["cs"], 4))
        one = DashedLine(fp.c2p(0, 1), fp.c2p(300, 1), color=style.DIM, stroke_width=2)
        pk = Dot(fp.c2p(N["bias_peak_t"], N["bias_peak"]), radius=0.07, color=C["cs"])
        pk_lab = tex(rf"{N['bias_peak']:.3g}", 30, C["cs"]).next_to(pk, RIGHT, buff=0.15)
        with self.say(f"{{curve}} Without it, the step would start {N['bias1']:.3g} times too "
                      f"long and grow to {N['bias_peak']:.3g} times at step "
                      f"{N['bias_peak_t']}, {{fade}} fading only slowly as s fills up.") as s:
            self.wait_until("curve", s)
            self.play(fade_in(VGroup(fp)), Create(one), run_time=1)
            self.add(fcurve)
            self.play(clock.run_to(N["bias_peak_t"] - 1, run_time=self.till(s, "fade", 1.0)))
            self.play(FadeIn(pk), FadeIn(pk_lab), run_time=0.5)
            self.play(clock.run_to(len(ts) - 1, run_time=max(1.5, s.remaining())))
        unc, lr_a = N["unc"], N["lr_b"]["adam"]
        adam = self.runs["bowl_adam"]["x"]
        with self.say(f"{{jump}} On the bowl, at η = {lr_a:g}, the uncorrected steps fling the "
                      "iterate right across the bowl; {ok} the corrected first steps are η "
                      "long.",
                      spoken=f"{{jump}} On the bowl, at eta equal to {lr_a:g}, the uncorrected "
                             "steps fling the iterate right across the bowl; {ok} the corrected "
                             "first steps are eta long.") as s:
            self.wait_until("jump", s)
            self.unc_path = self.play_run(self.bplot, unc, C["cs"], self.till(s, "ok", 1.5),
                                          width=3, spacing="linear")
            self.unc_path.set_stroke(opacity=0.6)
            self.adam_first = self.play_run(self.bplot, adam[:7], MC["adam"],
                                            max(1.5, s.remaining()), spacing="linear")
        k_a, k_m = N["settle_b"]["adam"], N["settle_b"]["momentum"]
        res = tex(rf"\text{{Adam: }} \ceta = {lr_a:g}:\ \text{{settled at step }} {k_a}", 34,
                  MC["adam"]).next_to(c1, DOWN, buff=0.6).align_to(c1, LEFT)
        versus = ("On a bowl it is no match for momentum" if k_a > k_m
                  else "On this bowl it keeps up with momentum")  # from the runs
        with self.say(f"{{run}} Corrected, Adam settles at step {k_a}. {versus}: its strength is "
                      "a scale per coordinate that adapts as the landscape changes.") as s:
            self.wait_until("run", s)
            self.remove(self.adam_first)
            self.play(FadeOut(self.unc_path), run_time=0.5)
            self.adam_path = self.play_run(self.bplot, adam, MC["adam"], 3.0)
            self.play(FadeIn(res, shift=0.1 * UP), run_time=1)
        self.adam_stuff = VGroup(a1, a2, a3c, c1, fp, fcurve, one, pk, pk_lab, res)

    @beat("The bowl's scoreboard")
    def scoreboard(self):
        N = self.N
        paths = VGroup(*[trace(self.bplot, self.runs[f"bowl_{m}"]["x"], N["n_bowl"], MC[m], 3)
                         for m in METHODS])
        self.play(FadeOut(self.adam_stuff), FadeOut(self.adam_path), FadeOut(self.gd_ghost),
                  run_time=1)
        self.play(self.bg.animate.scale(0.88 / 0.62).move_to([-3.05, -0.4, 0]), run_time=1.5)
        paths = VGroup(*[trace(self.bplot, self.runs[f"bowl_{m}"]["x"], N["n_bowl"], MC[m], 3)
                         for m in METHODS])
        rows = VGroup()
        for m in METHODS:
            rows.add(VGroup(plot_label(NAMES[m], size=28, color=MC[m]),
                            tex(rf"\ceta = {N['lr_b'][m]:g}", 30),
                            tex(rf"{N['settle_b'][m]}", 32, MC[m])))
        head = VGroup(VMobject(), plot_label("rate", size=28), plot_label("settled at", size=28))
        x_name, x_rate, x_step, y0 = 1.25, 5.1, 6.85, 3.2
        for i, row in enumerate([head, *rows]):
            y = y0 - 0.62 * i
            if i:
                row[0].move_to([x_name, y, 0], aligned_edge=LEFT)
            row[1].move_to([x_rate, y, 0], aligned_edge=RIGHT)
            row[2].move_to([x_step, y, 0], aligned_edge=RIGHT)
        grid = VGroup(head[1:], *rows)
        with self.say(f"The bowl's scoreboard, every rate picked by the same rule: gradient "
                      f"descent settles at step {N['settle_b']['gd']}, {{m}} momentum at "
                      f"{N['settle_b']['momentum']}, {{r}} RMSprop at "
                      f"{N['settle_b']['rmsprop']}, {{a}} Adam at {N['settle_b']['adam']}.") as s:
            self.play(FadeIn(head[1:]), FadeIn(rows[0]), Create(paths[0]), run_time=1.2)
            for i, mark in enumerate(("m", "r", "a"), 1):
                self.wait_until(mark, s)
                self.play(FadeIn(rows[i], shift=0.1 * LEFT), Create(paths[i]), run_time=1.2)
        with self.say("On a bowl whose axes line up with the coordinates, momentum's damping "
                      "and RMSprop's per-coordinate scale both pay off. Now a valley that "
                      "bends.") as s:
            self.play(*[Indicate(r, scale_factor=1.05) for r in rows[1:3]], run_time=2)
        self.bowl_all = Group(self.bg, paths, grid)

    @beat("Rosenbrock's curved valley")
    def rosenbrock(self):
        N = self.N
        fx = tex(r"\cf(\ctheta) &= (1-\ctheta_1)^2 \\ &+ 100\,(\ctheta_2 - \ctheta_1^2)^2", 38)
        fx.move_to([5.0, 2.6, 0])
        W = 3.6
        corners = [(-6.3, 0.85), (-1.6, 0.85), (-6.3, -2.65), (-1.6, -2.65)]
        panels, surfs = [], []
        for c in corners:
            p = map_plot(ROSEN_BOX, W, c, xticks=(-1, 0, 1), yticks=(0, 1), label_size=30,
                         side_ylabel=True)
            panels.append(p)
            surfs.append(surface(p, "rosenbrock", [0.3, 2, 8, 30, 100, 300]))
        big = panels[0]
        with self.say("A harder valley: Rosenbrock's function. {f} Its minimum, at 1, 1, lies "
                      "at the end of a long, flat valley that bends like a banana.",
                      spoken="A harder valley: Rosenbrock's function. {f} Its minimum, at one, "
                             "one, lies at the end of a long, flat valley that bends like a "
                             "banana.") as s:
            self.play(fade_out(self.bowl_all), run_time=1.2)
            self.wait_until("f", s)
            self.play(Write(fx), *[fade_in(Group(sf, p)) for sf, p in zip(surfs, panels)],
                      run_time=2)
            self.play(*[FadeIn(star_at(p, (1, 1), 0.1)) for p in panels],
                      *[FadeIn(Dot(p.c2p(*ROSEN_START), radius=0.07, color=style.TEXT))
                        for p in panels], run_time=1)
        names = VGroup()
        for m, p in zip(METHODS, panels):
            lab = VGroup(plot_label(NAMES[m], color=MC[m]),
                         tex(rf"\ceta = {N['lr_r'][m]:g}", 30)).arrange(RIGHT, buff=0.25)
            lab.next_to(p.box, UP, buff=0.12).align_to(p.box, RIGHT)
            names.add(lab)
        gd_note = "" if N["tuned_r"]["gd"] else (
            f" Plain gradient descent settles at no rate of the grid; it gets the one that ends "
            f"nearest, {N['lr_r']['gd']:g}.")
        lrs = ", ".join(f"{N['lr_r'][m]:g}" for m in METHODS[1:])
        with self.say(f"The same rule picks the rates, now for settling within {N['tol_r']:g} "
                      f"in {N['n_ros']} steps: {{rates}} η = {lrs} for momentum, RMSprop and "
                      f"Adam, with β = {N['beta_ros']:g}.{gd_note}",
                      spoken=f"The same rule picks the rates, now for settling within "
                             f"{N['tol_r']:g} in {N['n_ros']} steps: {{rates}} eta equals "
                             f"{lrs.replace(', ', ', then ')} for momentum, RMSprop and Adam, "
                             f"with beta equal to {N['beta_ros']:g}.{gd_note}") as s:
            self.wait_until("rates", s)
            self.play(LaggedStart(*[FadeIn(n, shift=0.1 * DOWN) for n in names],
                                  lag_ratio=0.3), run_time=2)
        T = N["n_ros"] + 1
        clock = StepClock(T)
        ghosts, lives, heads = [], [], []
        for i, (m, p) in enumerate(zip(METHODS, panels)):
            for j, m2 in enumerate(METHODS):
                if j != i:
                    ghosts.append(live_path(p, self.runs[f"rosenbrock_{m2}"]["x"], clock,
                                            style.DIM, 1.6, 0.45))
            lives.append(live_path(p, self.runs[f"rosenbrock_{m}"]["x"], clock, MC[m], 3.5))
            heads.append(live_head(p, self.runs[f"rosenbrock_{m}"]["x"], clock, MC[m], 0.07))
        counter = VGroup(plot_label("step", size=36, color=style.TEXT),
                         Integer(0, font_size=40, color=style.TEXT))
        counter.arrange(RIGHT, buff=0.25).move_to([5.0, 0.6, 0])
        counter[1].add_updater(lambda n: n.set_value(clock.row))
        settled = VGroup()
        for m, p in zip(METHODS, panels):
            k = N["settle_r"][m]
            away = float(np.linalg.norm(self.runs[f"rosenbrock_{m}"].result["x"]
                                        - FUNCTIONS["rosenbrock"].minimum))
            words = rf"\text{{settled at step }} {k}" if k is not None else (
                rf"\text{{not settled: }} {away:.2g} \text{{ away}}")
            settled.add(tex(words, 30, MC[m]).next_to(p.box, DOWN, buff=0.12)
                        .align_to(p.box, RIGHT).shift(0.45 * UP + 0.1 * LEFT))
        for lab in settled:
            lab.add_background_rectangle(color=style.BACKGROUND, opacity=0.85, buff=0.06)
        with self.say("{race} One panel per method, with the other three as grey ghosts. Each "
                      "first drops into the valley; {bend} then watch how each one takes the "
                      "long bend.") as s:
            self.wait_until("race", s)
            self.add(*ghosts, *lives, *heads)
            self.play(FadeIn(counter), run_time=0.5)
            self.play(clock.run_to(60, run_time=self.till(s, "bend", 2.0)))
            self.play(clock.run_to(400, run_time=max(2.5, s.remaining())))
        order = sorted(METHODS, key=lambda m: N["settle_r"][m] if N["settle_r"][m] is not None
                       else 10 ** 9)
        shown = set()

        def reveal_upto(row):
            anims = [FadeIn(settled[METHODS.index(m)]) for m in METHODS
                     if m not in shown and N["settle_r"][m] is not None
                     and N["settle_r"][m] <= row]
            shown.update(m for m in METHODS if N["settle_r"][m] is not None
                         and N["settle_r"][m] <= row)
            return anims
        done = [m for m in order if N["settle_r"][m] is not None]   # settled, first first
        never = [m for m in METHODS if N["settle_r"][m] is None]
        parts = [f"{{s{i}}} {NAMES[m].capitalize() if i == 0 else NAMES[m]} "
                 + (f"is first to settle, at step {N['settle_r'][m]}" if i == 0
                    else f"at step {N['settle_r'][m]}") for i, m in enumerate(done)]
        text = ("; ".join(parts) + ".") if done else \
            f"{{s0}} No method settles in {N['n_ros']} steps."
        with self.say(text) as s:
            anims = reveal_upto(int(clock.value))
            if anims:
                self.play(*anims, run_time=0.5)
            for i, m in enumerate(done):
                row = N["settle_r"][m]
                nxt = f"s{i + 1}" if i + 1 < len(done) else None
                if row > clock.value:
                    self.play(clock.run_to(row, run_time=self.till(s, nxt, 1.5)))
                anims = reveal_upto(row)
                if anims:
                    self.play(*anims, run_time=0.5)
            if clock.value < T - 1:
                self.play(clock.run_to(T - 1, run_time=max(2.0, s.remaining())))
        far = {m: float(np.linalg.norm(self.runs[f"rosenbrock_{m}"].result["x"]
                                       - FUNCTIONS["rosenbrock"].minimum)) for m in never}
        for m in never:
            with self.say(f"{{gd}} {NAMES[m].capitalize()} does not settle in {N['n_ros']} "
                          f"steps: after all of them it is still {far[m]:.2g} from the minimum, "
                          "creeping along the floor.") as s:
                self.wait_until("gd", s)
                self.play(FadeIn(settled[METHODS.index(m)]), run_time=0.8)
                self.play(Indicate(lives[METHODS.index(m)], color=MC[m], scale_factor=1.0),
                          run_time=2)
        counter[1].clear_updaters()
        self.ros_stuff = Group(fx, *surfs, *[VGroup(p) for p in panels], names, counter,
                               settled, *ghosts, *lives, *heads)
        self.ros_objs = self.mobjects[:]

    @beat("What each idea buys")
    def summary(self):
        N = self.N
        rows = VGroup(
            tex(r"\ctheta \leftarrow \ctheta - \ceta\, \cg", 42, MC["gd"]),
            tex(r"\cvel_t = \cbeta \cvel_{t-1} + \cg_t:\ \text{zig-zags cancel, steady slopes "
                r"add up}", 38),
            tex(r"\frac{\cg_t}{\sqrt{\cs_t}}:\ \text{every coordinate at one pace}", 38),
            tex(r"\frac{\hat{\cm}_t}{\sqrt{\hat{\cs}_t}}:\ \text{both, without the zero-start "
                r"bias}", 38),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.55).move_to([0, 0.3, 0])
        dots = VGroup(*[Dot(radius=0.1, color=MC[m]).next_to(r, LEFT, buff=0.4)
                        for m, r in zip(METHODS, rows)])
        with self.say("{gd} Gradient descent steps against the gradient. {m} Momentum sums the "
                      "past with weights β to the k: steady slopes add up, zig-zags cancel. {r} "
                      "RMSprop divides each coordinate by its typical size, so all move at one "
                      "pace. {a} Adam does both, and corrects the bias of starting from zero.",
                      spoken="{gd} Gradient descent steps against the gradient. {m} Momentum "
                             "sums the past with weights beta to the k: steady slopes add up, "
                             "zig-zags cancel. {r} RMSprop divides each coordinate by its "
                             "typical size, so all move at one pace. {a} Adam does both, and "
                             "corrects the bias of starting from zero.") as s:
            self.play(*[FadeOut(m) for m in self.mobjects], run_time=1.2)
            for i, mark in enumerate(("gd", "m", "r", "a")):
                self.wait_until(mark, s)
                self.play(FadeIn(dots[i]), FadeIn(rows[i], shift=0.1 * RIGHT), run_time=1.2)
        with self.say("Which wins depends on the valley, so pick every step size by the same "
                      "rule before you compare.") as s:
            self.play(Circumscribe(rows, color=style.DIM), run_time=2.5)

