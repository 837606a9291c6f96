"""Lecture 3.2: maximum likelihood and Naive Bayes (narrated).

The story: a new iris flower, which species? -> the likelihood of coin flips as a function of
p, a curve that moves as the flips arrive -> its log, the derivative set to zero: p hat = h / n
-> the same for a Gaussian: the sample mean and the average squared deviation -> why the MLE
variance divides by n (biased by (n - 1) / n) -> Bayes' theorem as areas of a unit square ->
the naive assumption and the parameters it saves -> Gaussian Naive Bayes fitted one flower at a
time -> the posterior field and its quadratic boundary -> against softmax regression's straight
boundary, and learning curves on the breast-cancer data -> the Bernoulli likelihood of labels,
whose negative log is the cross-entropy of the next lecture.

Every number said or shown comes from :func:`lecture_numbers` (the trajectories of
``scenes/chapter3/trajectories.py: naive_bayes``); ``tests/test_naive_bayes_lecture.py`` checks
them against scipy and closed forms.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter3/naive_bayes.py NaiveBayes``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.datasets import load_breast_cancer
from algorithms.naive_bayes import (
    gaussian_log_pdf, gaussian_nb_joint_log_likelihood, gaussian_nb_log_posterior,
)
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter3.trajectories import naive_bayes as trajectories
from scenes.components import (
    DotCloud, Plot, Readout, StepClock, clip_segment, contour_segments, fade_in, fade_out,
    fit_width, highlight, part, plot_label, redraw_on, tex, trace,
)
from scenes.lecture import LectureScene, beat

__all__ = ["NaiveBayes", "trajectories", "lecture_numbers"]

C = style.COLOR
SPECIES = ("setosa", "versicolor", "virginica")
COLS = [style.SPECIES_COLORS[s] for s in SPECIES]
FLOWER = np.array([4.8, 1.7])  # the new flower: petal length and width, cm
PETAL_BOX = ((1.0, 7.0), (0.0, 2.6))
K_STD = 2.0  # ellipses at two standard deviations


# -- the numbers ----------------------------------------------------------------------------------
def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows (no Manim needed)."""
    coin, nb, nb1, soft, bias, curve = (runs[k] for k in ("coin", "nb", "nb_length", "softmax",
                                                           "bias", "curve"))
    flips = coin["flip"][1:]
    n, h = len(flips), int(flips.sum())
    p_hat = h / n
    X, y = nb.data["X"], nb.data["y"]  # (150, 2) cm, in arrival order
    R, R1 = nb.result, nb1.result
    xv = X[y == 1, 0]  # versicolor petal lengths (50,)
    mu_v, var_v = float(xv.mean()), float(np.mean((xv - xv.mean()) ** 2))
    dens = np.exp(gaussian_log_pdf(FLOWER[0], R1["means"][:, 0], R1["variances"][:, 0]))  # (3,)
    post1 = np.exp(gaussian_nb_log_posterior(R1, FLOWER[:1][None]))[0]
    alt = dict(R1, priors=np.array([0.25, 0.25, 0.5]))
    post1_alt = np.exp(gaussian_nb_log_posterior(alt, FLOWER[:1][None]))[0]
    post2 = np.exp(gaussian_nb_log_posterior(R, FLOWER[None]))[0]
    pred = np.argmax(gaussian_nb_log_posterior(R, X), axis=1)
    lo, hi = np.array(soft.info["lo_cm"]), np.array(soft.info["hi_cm"])
    W, b = soft.result["W"], soft.result["b"]
    soft_pred = np.argmax(((X - lo) / (hi - lo)) @ W + b, axis=1)
    Xv = X[y == 1]
    s5 = bias["sample"][0]
    xbar = float(s5.mean())
    means_t = nb["means"]  # (T, 3, 2)
    t_near = 30
    counts_t = nb["counts"][t_near]
    Xb, _, names = load_breast_cancer()
    r_rp = float(np.corrcoef(Xb[:, names.index("mean_radius")],
                             Xb[:, names.index("mean_perimeter")])[0, 1])
    acc_nb, acc_lr, m = curve["acc_nb"], curve["acc_logistic"], curve["m"]
    return {
        "flips": flips, "n": n, "h": h, "p_hat": p_hat,
        "lik_peak": p_hat ** h * (1 - p_hat) ** (n - h),
        "loglik_peak": h * np.log(p_hat) + (n - h) * np.log(1 - p_hat),
        "xv": xv, "n_v": len(xv), "mu_v": mu_v, "var_v": var_v, "s_v": var_v ** 0.5,
        "unbiased_ratio": len(xv) / (len(xv) - 1),
        "sample5": s5, "xbar": xbar, "ss_xbar": float(np.sum((s5 - xbar) ** 2)),
        "ss_mu": float(np.sum(s5 ** 2)), "gap": len(s5) * xbar ** 2,
        "mean_mle_var": float(bias.result["mean_mle_var"]),
        "mean_unbiased_var": float(bias.result["mean_unbiased_var"]),
        "repeats": int(bias.info["repeats"]),
        "means1": R1["means"][:, 0], "vars1": R1["variances"][:, 0], "priors1": R1["priors"],
        "dens": dens, "post1": post1, "post1_alt": post1_alt,
        "means": R["means"], "variances": R["variances"], "priors": R["priors"],
        "post2": post2, "n_correct": int(np.sum(pred == y)), "n_flowers": len(y),
        "soft_correct": int(np.sum(soft_pred == y)),
        "corr_v": float(np.corrcoef(Xv.T)[0, 1]), "cov_v": np.cov(Xv.T, ddof=0),
        "params": {D: (D + D * (D + 1) // 2, 2 * D) for D in (2, 30)},
        "t_near": t_near, "counts_near": counts_t,
        "drift_near": float(np.max(np.abs(means_t[t_near] - R["means"]))),
        "m": m, "acc_nb": acc_nb, "acc_lr": acc_lr, "n_test": int(curve.info["n_test"]),
        "curve_reps": int(curve.info["repeats"]), "r_radius_perimeter": r_rp,
        "lo_cm": lo, "hi_cm": hi, "W": W, "b": b,
    }


# -- pictures from numbers -----------------------------------------------------------------------
def pct(v: float, d: int = 0) -> str:
    return f"{100 * v:.{d}f}"


def curve_mob(plot: Plot, xs: np.ndarray, ys: np.ndarray, color, width: float = 4) -> VMobject:
    """The polyline (xs, ys), each segment clipped to the plot's box (a curve may leave the
    box and come back)."""
    pts = np.c_[xs, ys]
    pieces = [seg for seg in (clip_segment(p, q, plot.data_box) for p, q in zip(pts[:-1], pts[1:]))
              if seg is not None]
    mob = VMobject(stroke_color=color, stroke_width=width)
    if pieces:
        P0 = plot.pts(np.array([a for a, _ in pieces]))
        P1 = plot.pts(np.array([b for _, b in pieces]))
        mob.points = np.stack([P0, (2 * P0 + P1) / 3, (P0 + 2 * P1) / 3, P1], 1).reshape(-1, 3)
    return mob


def ellipse_pts(mean, cov, k: float = K_STD, m: int = 90) -> np.ndarray:
    """(m, 2) points of the k-standard-deviation ellipse of a Gaussian (mean, cov)."""
    ev, U = np.linalg.eigh(np.asarray(cov, float))
    t = np.linspace(0, 2 * np.pi, m)
    circle = np.c_[np.cos(t), np.sin(t)] * np.sqrt(np.clip(ev, 0, None))  # (m, 2) on the axes
    return np.asarray(mean) + k * circle @ U.T


def ellipse_mob(plot: Plot, mean, cov, color, width: float = 3.5, fill: float = 0.0) -> VMobject:
    mob = VMobject(stroke_color=color, stroke_width=width, fill_color=color, fill_opacity=fill)
    mob.set_points_as_corners(plot.pts(ellipse_pts(mean, cov)))
    return mob


def petal_plot(width: float, height: float, corner) -> Plot:
    return Plot(*PETAL_BOX, width, height, xticks=range(1, 8),
                yticks=(0, 0.5, 1, 1.5, 2, 2.5), xlabel=plot_label("petal length (cm)"),
                ylabel=plot_label("petal width (cm)")).place(corner)


def field_image(plot: Plot, post: np.ndarray, strength: float = 0.5,
                opacity: float = 1.0) -> ImageMobject:
    """The plot's box coloured by the most probable species, stronger the surer: ``post``
    (ny, nx, 3) posteriors on a grid whose rows go up in y."""
    k = np.argmax(post, axis=-1)
    sure = (post.max(axis=-1) - 1 / 3) / (2 / 3)  # (ny, nx) in [0, 1]
    cols = np.array([c.to_rgb() for c in COLS])[k]
    bg = np.array(style.BACKGROUND.to_rgb())
    s = (sure ** 0.8 * strength)[..., None]
    rgb = (1 - s) * bg + s * cols
    rgba = np.concatenate([rgb, np.full(rgb.shape[:2] + (1,), opacity)], -1)
    img = ImageMobject((rgba[::-1] * 255).astype(np.uint8))
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
    img.stretch_to_fit_width(plot.box.width).stretch_to_fit_height(plot.box.height)
    return img.move_to(plot.box.get_center())


def boundary_mob(plot: Plot, score, color=style.TEXT, width: float = 4,
                 n: int = 240) -> VMobject:
    """Where the two most probable classes tie: for every pair (a, b) the level set
    score_a = score_b, kept where a and b are the top two. ``score(G)`` (M, 2) -> (M, 3)."""
    (x0, x1), (y0, y1) = plot.data_box
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, int(n * (y1 - y0) / (x1 - x0)) + 2)
    G = np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2)
    S = score(G).reshape(len(ys), len(xs), 3)
    segs = []
    for a, b in ((0, 1), (1, 2), (0, 2)):
        sg = contour_segments(S[..., a] - S[..., b], xs, ys, 0.0)
        if not len(sg):
            continue
        mid = sg.mean(axis=1)  # (M, 2)
        top = np.argsort(score(mid), axis=1)[:, -2:]
        keep = np.all(np.sort(top, axis=1) == [a, b], axis=1)
        segs.append(sg[keep])
    sg = np.concatenate(segs) if segs else np.zeros((0, 2, 2))
    mob = VMobject(stroke_color=color, stroke_width=width)
    if len(sg):
        p0, p1 = plot.pts(sg[:, 0]), plot.pts(sg[:, 1])
        mob.points = np.stack([p0, (2 * p0 + p1) / 3, (p0 + 2 * p1) / 3, p1], 1).reshape(-1, 3)
    return mob


# -- the lecture ----------------------------------------------------------------------------------
class NaiveBayes(LectureScene):
    LECTURE = "chapter3/naive_bayes"

    def setup(self):
        super().setup()
        runs = self.trajectories()
        self.runs = runs
        self.N = lecture_numbers(runs)
        nb = runs["nb"]
        self.X, self.y = nb.data["X"], nb.data["y"]

    def nb_score(self, G: np.ndarray) -> np.ndarray:
        return gaussian_nb_joint_log_likelihood(self.runs["nb"].result, G)

    def soft_score(self, G: np.ndarray) -> np.ndarray:
        N = self.N
        return ((G - N["lo_cm"]) / (N["hi_cm"] - N["lo_cm"])) @ N["W"] + N["b"]

    # ---------------------------------------------------------------------------------------------
    @beat("Which species?")
    def question(self):
        N = self.N
        self.pplot = petal_plot(8.2, 5.0, (-6.0, -2.15))
        cols = [COLS[k] for k in self.y]
        self.dots = DotCloud(self.pplot.pts(self.X), radius=0.055, colors=cols, opacity=0.85)
        legend = VGroup(*[plot_label(s, 36, COLS[k]) for k, s in enumerate(SPECIES)]).arrange(
            DOWN, aligned_edge=LEFT, buff=0.3).move_to([4.6, 2.2, 0]).align_to([3.2, 0, 0], LEFT)
        with self.say(f"Here are {N['n_flowers']} iris flowers, {{axes}} each measured by the "
                      "length and the width of its petals, {species} and coloured by its "
                      "species.") as s:
            self.play(fade_in(self.pplot), run_time=self.till(s, "species"))
            self.play(self.dots.intro(lag_ratio=0.01), FadeIn(legend, lag_ratio=0.3),
                      run_time=max(2.0, s.remaining()))
        fp = self.pplot.c2p(*FLOWER)
        ring = Circle(radius=0.16, color=style.TEXT, stroke_width=4).move_to(fp)
        q = tex(r"?", 48).next_to(ring, UR, buff=0.02)
        lab = tex(rf"({FLOWER[0]:.1f},\ {FLOWER[1]:.1f})", 40).move_to([4.6, -0.1, 0]).align_to(
            legend, LEFT)
        with self.say(f"{{new}} Now a new flower arrives: its petal is {FLOWER[0]:.1f} "
                      f"centimetres long and {FLOWER[1]:.1f} wide. {{which}} Which species is "
                      "it?") as s:
            self.wait_until("new", s)
            self.play(Create(ring), FadeIn(q), FadeIn(lab, shift=0.2 * LEFT), run_time=1.2)
            self.wait_until("which", s)
            self.play(Indicate(ring, color=style.TEXT, scale_factor=1.4), run_time=1.2)
        ask = tex(r"P(\text{species} \mid \text{petal})\ ?", 40).next_to(lab, DOWN, buff=0.5)
        ask.align_to(legend, LEFT)
        with self.say("It lies where versicolor and virginica overlap, so no answer is "
                      "certain. {prob} We want a probability for each species. {model} For that "
                      "we need a model of how each species' flowers come out, and a way to fit "
                      "it to the data: maximum likelihood.") as s:
            self.wait_until("prob", s)
            self.play(Write(ask), run_time=1.5)
            self.wait_until("model", s)
            self.play(Circumscribe(self.dots, color=style.DIM, buff=0.05), run_time=2)
        with self.say("We'll build it from the simplest case there is: a coin.") as s:
            self.play(FadeOut(VGroup(ring, q, lab, ask, legend)), fade_out(self.pplot),
                      FadeOut(self.dots), run_time=1.5)

    @beat("The likelihood of a coin")
    def coin(self):
        N = self.N
        flips = N["flips"]
        n = N["n"]
        heads = self.runs["coin"]["heads"]
        # the flips, as labels y_i, along the top
        ylab = tex(r"\cy_i:", 44).move_to([-6.1, 3.25, 0])
        tokens = VGroup(*[tex(f"{int(v)}", 48, C["cy"]) for v in flips]).arrange(RIGHT, buff=0.42)
        tokens.next_to(ylab, RIGHT, buff=0.35)
        self.tokens, self.ylab = tokens, ylab
        # the likelihood, relative to its peak, against p
        lp = Plot((0, 1), (0, 1.1), 6.0, 4.1, xticks=(0, 0.2, 0.4, 0.6, 0.8, 1),
                  yticks=(0, 0.5, 1), xlabel=tex(r"\cp", 44), xlabel_right=True,
                  ylabel=tex(r"\cLik(\cp) \,/\, \cLik(\hat{\cp})", 36)).place((0.35, -2.35))
        self.lplot = lp
        with self.say("A coin lands heads with some probability, {p} p, that we don't know. {y} "
                      "Write each flip as yᵢ: one for heads, zero for tails.") as s:
            self.wait_until("p", s)
            self.play(fade_in(VGroup(lp)), run_time=1.2)
            self.wait_until("y", s)
            self.play(FadeIn(ylab), run_time=0.8)
        t = ValueTracker(0.0)  # flips seen (fractional while one arrives)
        ps = np.linspace(0.001, 0.999, 300)

        def hn():
            v = t.get_value()
            k = int(np.floor(v))
            hh = heads[k] + (v - k) * (heads[min(k + 1, n)] - heads[k]) if k < n else heads[n]
            return hh, v

        def draw_curve():
            hh, nn = hn()
            ll = hh * np.log(ps) + (nn - hh) * np.log(1 - ps)
            return curve_mob(lp, ps, np.exp(ll - ll.max()), C["cLik"], 5)

        def draw_peak():
            hh, nn = hn()
            if nn < 0.999:
                return VGroup(VMobject(), VMobject())
            ph = hh / nn
            line = DashedLine(lp.c2p(ph, 0), lp.c2p(ph, 1), color=C["cp"], stroke_width=3,
                              dash_length=0.1)
            lab = tex(r"\hat{\cp}", 40).next_to(lp.c2p(ph, 1), UP, buff=0.12)
            return VGroup(line, lab)
        curve = redraw_on(lambda: (t.get_value(), *lp.where()), draw_curve)
        peak = redraw_on(lambda: (t.get_value(), *lp.where()), draw_peak)
        e1 = tex(r"{{ \cLik(\cp) }} = {{ P(\cy_1, \dots, \cy_n \mid \cp) }}", 40)
        e2 = tex(r"{{ \cLik(\cp) }} = {{ \prod_{i=1}^{n} }} {{ P(\cy_i \mid \cp) }}", 40)
        self.eq_at(e1, -6.6, 2.3)
        self.eq_at(e2, -6.6, 1.1)
        with self.say("{lik} The likelihood of p is the probability of the flips we saw, if the "
                      "coin's heads probability were p. Before any flip there is nothing to "
                      "explain, {flat} and every p does equally well. {prod} The flips are "
                      "independent, so it "
                      "is a product: a factor p for every head, and one minus p for every "
                      "tail.") as s:
            self.wait_until("lik", s)
            self.play(Write(e1), run_time=2)
            self.wait_until("flat", s)
            self.play(Create(curve), run_time=1.2)
            self.wait_until("prod", s)
            self.morph(e1, e2, [(r"P(\cy_1, \dots, \cy_n \mid \cp)", r"P(\cy_i \mid \cp)")],
                       keep=True, run_time=1.8)
        self.add(peak)
        with self.say("{run} Watch it as the flips arrive. {one} After one head, the likelihood "
                      "is p itself: a coin that always lands heads explains one head best. {more} "
                      "Every new flip multiplies in another factor, and the curve reshapes "
                      "around the fraction of heads.") as s:
            self.wait_until("run", s)
            self.play(t.animate.set_value(1), FadeIn(tokens[0], shift=0.2 * DOWN), run_time=1.2)
            self.wait_until("more", s)
            per = max(0.6, (s.remaining() + 1.5) / (n - 1))
            for k in range(1, n):
                self.play(t.animate.set_value(k + 1), FadeIn(tokens[k], shift=0.2 * DOWN),
                          run_time=per)
        e3 = tex(rf"{{{{ \cLik(\cp) }}}} = {{{{ \cp^{{{N['h']}}} }}}} "
                 rf"{{{{ (1 - \cp)^{{{N['n'] - N['h']}}} }}}}",
                 44)
        self.eq_at(e3, -6.6, -0.3)
        e3g = tex(r"{{ \cLik(\cp) }} = {{ \cp^{h} }} {{ (1 - \cp)^{n - h} }}", 44)
        self.eq_at(e3g, -6.6, -1.5)
        with self.say(f"Ten flips, {N['h']} heads: {{form}} the likelihood is p to the "
                      f"{N['h']}, times one minus p cubed; {{gen}} with h heads in n flips, p to "
                      f"the h times one minus p to the n minus h. {{peak}} Its peak, the maximum "
                      f"likelihood estimate p hat, sits at {N['p_hat']:.1f}.",
                      spoken=f"Ten flips, {N['h']} heads: {{form}} the likelihood is p to the "
                             f"{N['h']}, times one minus p, cubed; {{gen}} with h heads in n "
                             "flips, p to the h, times one minus p to the n minus h. {peak} Its "
                             "peak, the maximum likelihood estimate p hat, sits at "
                             f"{N['p_hat']:.1f}.") as s:
            self.wait_until("form", s)
            self.play(Write(e3), run_time=1.8)
            self.wait_until("gen", s)
            self.morph(e3, e3g, keep=True, run_time=1.5)
            self.wait_until("peak", s)
            self.play(Indicate(peak, color=C["cp"], scale_factor=1.2), run_time=1.5)
        val = tex(rf"\cLik({N['p_hat']:.1f}) = {N['p_hat']:.1f}^{{{N['h']}}} \cdot "
                  rf"{1 - N['p_hat']:.1f}^{{{N['n'] - N['h']}}} = {N['lik_peak']:.4f}", 40)
        fit_width(val, 6.4)
        self.eq_at(val, -6.6, -2.35)
        with self.say("One catch. Every factor is below one, so the likelihood shrinks with "
                      f"every flip: {{val}} even at its peak it is only {N['lik_peak']:.4f}. "
                      "{rel} That is why the plot shows it relative to its peak. With thousands "
                      "of samples it would underflow any computer's numbers.") as s:
            self.wait_until("val", s)
            self.play(FadeIn(val, shift=0.2 * DOWN), run_time=1.2)
            self.wait_until("rel", s)
            self.play(Indicate(lp.ylabel, color=C["cLik"], scale_factor=1.1), run_time=1.5)
        self.coin_eqs = VGroup(e1, e2, e3, val)
        self.e3g = e3g
        self.coin_curve, self.coin_peak, self.coin_t = curve, peak, t

    @beat("Log, slope, zero")
    def coin_mle(self):
        N = self.N
        h, n = N["h"], N["n"]
        self.coin_curve.clear_updaters()
        self.coin_peak.clear_updaters()
        # the log-likelihood itself (no rescaling needed) replaces the relative one
        lp = Plot((0, 1), (-14, -4), 6.0, 4.1, xticks=(0, 0.2, 0.4, 0.6, 0.8, 1),
                  yticks=(-14, -12, -10, -8, -6, -4), xlabel=tex(r"\cp", 44), xlabel_right=True,
                  ylabel=tex(r"\log \cLik(\cp)", 36)).place((0.35, -2.35))
        ps = np.linspace(0.001, 0.999, 400)
        ll = h * np.log(ps) + (n - h) * np.log(1 - ps)
        log_curve = curve_mob(lp, ps, ll, C["cLik"], 5)
        l1 = fit_width(tex(r"{{ \log \cLik(\cp) }} = {{ h \log \cp }} + "
                           r"{{ (n - h) \log(1 - \cp) }}", 40), 5.9)
        self.eq_at(l1, -6.6, 2.4)
        with self.say("Take the logarithm. {log} It turns the product into a sum, {same} and "
                      "since the log only ever goes up, the peak stays in the same place.") as s:
            self.play(FadeOut(self.coin_eqs), FadeOut(self.e3g), run_time=1.0)
            self.wait_until("log", s)
            self.eq_at(l1, -6.6, 2.4)
            self.play(Write(l1), run_time=2)
            self.wait_until("same", s)
            self.play(FadeOut(self.coin_curve), FadeOut(self.coin_peak),
                      ReplacementTransform(self.lplot, lp), run_time=1.2)
            self.play(Create(log_curve), run_time=1.5)
        self.lplot = lp
        p_t = ValueTracker(0.3)

        def slope(p):
            return h / p - (n - h) / (1 - p)

        def draw_tangent():
            p = p_t.get_value()
            L = h * np.log(p) + (n - h) * np.log(1 - p)
            d = 0.12
            xs = np.array([p - d, p + d])
            seg = VGroup(curve_mob(lp, xs, L + slope(p) * (xs - p), C["cg"], 5),
                         Dot(lp.c2p(p, L), radius=0.08, color=C["cp"]))
            return seg
        tangent = redraw_on(lambda: (p_t.get_value(), *lp.where()), draw_tangent)
        l2 = tex(r"{{ \frac{d}{d\cp} \log \cLik }} = {{ \frac{h}{\cp} }} - "
                 r"{{ \frac{n - h}{1 - \cp} }}", 40)
        self.eq_at(l2, -6.6, 1.25)
        ro = Readout([r"\text{slope}"], decimals=[1], size=36)
        ro.next_to([-6.5, 0.05, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            m.set_values([slope(p_t.get_value())])
        with self.say("{flat} At the peak the curve is flat: its slope is zero. {d} Its slope "
                      "is the derivative: h over p, minus n minus h over one minus p.") as s:
            self.wait_until("flat", s)
            self.play(FadeIn(tangent), run_time=1.0)
            self.show_live(ro, upd)
            self.wait_until("d", s)
            self.morph(l1, l2, [(r"h \log \cp", r"\frac{h}{\cp}"),
                                (r"(n - h) \log(1 - \cp)", r"\frac{n - h}{1 - \cp}"),
                                (r"\log \cLik(\cp)", r"\frac{d}{d\cp} \log \cLik")],
                       keep=True, run_time=2)
        with self.say("{left} Left of the peak the slope is positive, {right} right of it "
                      "negative, {zero} and it crosses zero exactly once.") as s:
            self.wait_until("left", s)
            self.play(p_t.animate.set_value(0.45), run_time=self.till(s, "right"))
            self.play(p_t.animate.set_value(0.9), run_time=self.till(s, "zero"))
            self.play(p_t.animate.set_value(N["p_hat"]), run_time=max(1.5, s.remaining() - 0.4))
        l3 = tex(r"{{ \frac{h}{\cp} }} = {{ \frac{n - h}{1 - \cp} }}", 40)
        l4 = tex(r"h(1 - \cp) = (n - h)\,\cp", 40)
        l5 = tex(rf"\hat{{\cp}} = \frac{{h}}{{n}} = \frac{{{h}}}{{{n}}} = {N['p_hat']:.1f}", 44)
        self.eq_at(l3, -6.6, -0.7)
        l4.next_to(l3, RIGHT, buff=0.5)
        self.eq_at(l5, -6.6, -1.85)
        with self.say("{solve} Set it to zero: h over p equals n minus h over one minus p. "
                      "{cross} Multiply out, and the p times h terms cancel: {phat} p hat is h "
                      f"over n, the fraction of heads, {h} over {n}.") as s:
            self.wait_until("solve", s)
            self.play(FadeOut(ro), run_time=0.4)
            ro.clear_updaters()
            self.morph(l2, l3, [(r"\frac{h}{\cp}", r"\frac{h}{\cp}"),
                                (r"\frac{n - h}{1 - \cp}", r"\frac{n - h}{1 - \cp}")],
                       keep=True, run_time=1.5)
            self.wait_until("cross", s)
            self.play(FadeIn(l4, shift=0.2 * RIGHT), run_time=1.2)
            self.wait_until("phat", s)
            self.play(Write(l5), run_time=1.5)
            self.play(Create(highlight(l5, C["cp"])), run_time=0.8)
        with self.say("That is the recipe for the whole lecture: write the likelihood, take its "
                      "log, and find where the slope is zero.") as s:
            self.play(Indicate(tangent, color=C["cg"], scale_factor=1.0), run_time=2)
        tangent.clear_updaters()
        self.clear_all()

    def clear_all(self):
        """Fade out everything on screen."""
        mobs = [m for m in self.mobjects]
        for m in mobs:
            m.clear_updaters()
        self.play(*[FadeOut(m) for m in mobs], run_time=1.0)
        self.remove(*mobs)

    @beat("A Gaussian's mean and variance")
    def gaussian(self):
        N = self.N
        xv, n = N["xv"], N["n_v"]
        gp = Plot((2.5, 6.0), (0, 1.4), 8.6, 3.0, xticks=(3, 4, 5, 6),
                  yticks=(0, 0.5, 1), xlabel=plot_label("petal length (cm)"),
                  xlabel_right=True, ylabel=plot_label("density")).place((-6.0, 0.3))
        # the flowers as a strip of dots on the axis, stacked where lengths repeat
        order = np.argsort(xv, kind="stable")
        stack = np.zeros(n)
        for i, j in enumerate(order):
            stack[j] = np.sum(np.isclose(xv[order[:i]], xv[j]))
        pts = gp.pts(np.c_[xv, 0.035 + 0.055 * stack])
        dots = DotCloud(pts, radius=0.05, color=COLS[1], opacity=0.9)
        mu_t, s_t = ValueTracker(3.5), ValueTracker(0.35)
        xs = np.linspace(2.5, 6.0, 300)

        def draw_bell():
            mu, sd = mu_t.get_value(), s_t.get_value()
            dens = np.exp(gaussian_log_pdf(xs, mu, sd ** 2))
            return curve_mob(gp, xs, dens, C["cLik"], 4)
        bell = redraw_on(lambda: (mu_t.get_value(), s_t.get_value(), *gp.where()), draw_bell)

        def draw_mu():
            mu = mu_t.get_value()
            return DashedLine(gp.c2p(mu, 0), gp.c2p(mu, 1.3), color=C["cmu"], stroke_width=3,
                              dash_length=0.1)
        mu_line = redraw_on(lambda: (mu_t.get_value(), *gp.where()), draw_mu)
        with self.say(f"Now a measurement instead of a coin: {{dots}} the petal lengths of the "
                      f"{n} versicolor flowers. {{bell}} Model them with a Gaussian: a bell "
                      "centred at μ, with width s.") as s:
            self.wait_until("dots", s)
            self.play(fade_in(VGroup(gp)), dots.intro(lag_ratio=0.02), run_time=2)
            self.wait_until("bell", s)
            self.play(Create(bell), FadeIn(mu_line), run_time=1.5)
        g1 = tex(r"{{ \mathcal{N}(x; \cmu, \csd^2) }} = {{ \frac{1}{\sqrt{2\pi \csd^2}} }} "
                 r"{{ e^{-(x - \cmu)^2 / 2\csd^2} }}", 40)
        g2 = tex(r"{{ \log \cLik(\cmu, \csd) }} = {{ -\frac{n}{2} \log(2\pi \csd^2) }} "
                 r"{{ - \sum_i \frac{(x_i - \cmu)^2}{2 \csd^2} }}", 40)
        self.eq_at(g1, -6.6, -0.45)
        self.eq_at(g2, -6.6, -1.55)
        with self.say("{pdf} Its density has a normalising factor and a squared distance from "
                      "μ. {log} The likelihood is again a product, one density per flower, so its "
                      "log is a sum: {w} a width term, {d} and every flower's squared distance "
                      "from μ, over two s squared.") as s:
            self.wait_until("pdf", s)
            self.play(Write(g1), run_time=2)
            self.wait_until("log", s)
            self.morph(g1, g2, [(r"\frac{1}{\sqrt{2\pi \csd^2}}",
                                 r"-\frac{n}{2} \log(2\pi \csd^2)"),
                                (r"e^{-(x - \cmu)^2 / 2\csd^2}",
                                 r"- \sum_i \frac{(x_i - \cmu)^2}{2 \csd^2}"),
                                (r"\mathcal{N}(x; \cmu, \csd^2)", r"\log \cLik(\cmu, \csd)")],
                       keep=True, run_time=2)
            self.wait_until("w", s)
            b1 = highlight(part(g2, r"-\frac{n}{2} \log(2\pi \csd^2)"), C["csd"])
            self.play(Create(b1), run_time=0.8)
            self.wait_until("d", s)
            b2 = highlight(part(g2, r"- \sum_i \frac{(x_i - \cmu)^2}{2 \csd^2}"), C["cmu"])
            self.play(ReplacementTransform(b1, b2), run_time=0.8)
        ro = Readout([r"\log \cLik"], decimals=[1], size=36)
        ro.next_to([2.6, 3.3, 0], DOWN, buff=0, aligned_edge=LEFT)

        def upd(m):
            m.set_values([float(np.sum(gaussian_log_pdf(xv, mu_t.get_value(),
                                                        s_t.get_value() ** 2)))])
        with self.say("{slide} Slide μ, and the log-likelihood changes: {best} it is largest when "
                      "the bell sits in the middle of the flowers.") as s:
            self.play(FadeOut(b2), run_time=0.5)
            self.show_live(ro, upd)
            self.wait_until("slide", s)
            self.play(mu_t.animate.set_value(5.0), run_time=self.till(s, "best"))
            self.play(mu_t.animate.set_value(N["mu_v"]), run_time=max(1.5, s.remaining()))
        m1 = tex(r"\frac{\partial \log \cLik}{\partial \cmu} = "
                 r"\sum_i \frac{x_i - \cmu}{\csd^2} = 0", 36)
        m2 = tex(rf"\hat{{\cmu}} = \frac{{1}}{{n}} \sum_i x_i = {N['mu_v']:.2f}", 36)
        self.eq_at(m1, -6.6, -0.45)
        m2.next_to(m1, RIGHT, buff=0.7)
        with self.say("{dmu} Set the derivative in μ to zero: the deviations from μ must add up "
                      f"to nothing, {{mean}} so μ hat is the sample mean, {N['mu_v']:.2f} "
                      "centimetres.") as s:
            self.wait_until("dmu", s)
            self.play(FadeOut(g1), run_time=0.5)
            self.play(TransformFromCopy(part(g2, r"- \sum_i \frac{(x_i - \cmu)^2}{2 \csd^2}"),
                                        m1), run_time=2)
            self.wait_until("mean", s)
            self.play(Write(m2), Indicate(mu_line, color=C["cmu"], scale_factor=1.0),
                      run_time=1.5)
        v1 = tex(r"\frac{\partial \log \cLik}{\partial \csd^2} = -\frac{n}{2\csd^2} + "
                 r"\sum_i \frac{(x_i - \cmu)^2}{2\csd^4} = 0", 36)
        v2 = tex(rf"\hat{{\csd}}^2 = \frac{{1}}{{n}} \sum_i (x_i - \hat{{\cmu}})^2 = "
                 rf"{N['var_v']:.3f}", 36)
        self.eq_at(v1, -6.6, -1.55)
        v2.next_to(v1, RIGHT, buff=0.5)
        if VGroup(v1, v2).width > 13.2:
            VGroup(v1, v2).scale_to_fit_width(13.2)
            self.eq_at(v1, -6.6, -1.55)
            v2.next_to(v1, RIGHT, buff=0.5 * 13.2 / VGroup(v1, v2).width)
        with self.say("{ds} Do the same in s squared, {var} and s hat squared is the average "
                      f"squared deviation from the mean: {N['var_v']:.3f}, so s hat is "
                      f"{N['s_v']:.3f} centimetres. {{fit}} The bell that makes these flowers "
                      "most probable.",
                      spoken="{ds} Do the same in s squared, {var} and s hat squared is the "
                             "average squared deviation from the mean: "
                             f"{N['var_v']:.3f}, so s hat is {N['s_v']:.3f} centimetres. {{fit}} "
                             "The bell that makes these flowers most probable.") as s:
            self.wait_until("ds", s)
            self.play(FadeOut(g2), run_time=0.6)
            self.play(Write(v1), run_time=2)
            self.wait_until("var", s)
            self.play(Write(v2), run_time=1.5)
            self.wait_until("fit", s)
            self.play(s_t.animate.set_value(0.6), run_time=0.8)
            self.play(s_t.animate.set_value(N["s_v"]), run_time=max(1.2, s.remaining()))
        ro.clear_updaters()
        self.play(Circumscribe(ro, color=C["cLik"]), run_time=1.2)
        self.var_eq = v2
        bell.clear_updaters()
        mu_line.clear_updaters()
        keep = v2
        self.play(*[FadeOut(m) for m in self.mobjects if m is not keep], run_time=1.0)
        self.remove(*[m for m in self.mobjects if m is not keep])

    @beat("Why divide by n?")
    def bias(self):
        N = self.N
        s5, xbar = N["sample5"], N["xbar"]
        v2 = self.var_eq
        self.play(v2.animate.scale(1.0).next_to([-6.6, 3.6, 0], DOWN, buff=0, aligned_edge=LEFT),
                  run_time=1.0)
        bp = Plot((-3, 3), (0, 6), 8.4, 2.6, xticks=(-3, -2, -1, 0, 1, 2, 3), yticks=(),
                  xlabel=tex(r"x", 40), xlabel_right=True).place((-4.9, -0.3))
        bp.lines.remove(bp.lines[1])
        rows = np.array([5.2, 4.2, 3.2, 2.2, 1.2])
        order = np.argsort(s5)
        ys = np.empty(5)
        ys[order] = rows
        dots = DotCloud(bp.pts(np.c_[s5, ys]), radius=0.08, color=style.TEXT, opacity=1.0)
        mu_l = DashedLine(bp.c2p(0, 0), bp.c2p(0, 6), color=style.TEXT, stroke_width=3,
                          dash_length=0.12)
        mu_lab = tex(r"\cmu", 40).next_to(bp.c2p(0, 6), UP, buff=0.1)
        xb_l = Line(bp.c2p(xbar, 0), bp.c2p(xbar, 6), color=C["cmu"], stroke_width=4)
        xb_lab = tex(r"\bar{x}", 40, C["cmu"]).next_to(bp.c2p(xbar, 6), UP, buff=0.1)
        if abs(xbar) < 0.35:  # keep the two labels apart
            xb_lab.shift((0.25 if xbar >= 0 else -0.25) * RIGHT)
            mu_lab.shift((-0.25 if xbar >= 0 else 0.25) * RIGHT)
        with self.say("That variance divides by n. {draws} To see why that is slightly off, draw "
                      "five numbers from a Gaussian whose true mean is zero and true variance "
                      "one.") as s:
            self.wait_until("draws", s)
            self.play(fade_in(VGroup(bp)), dots.intro(lag_ratio=0.2), Create(mu_l),
                      FadeIn(mu_lab), run_time=2)
        to_xbar = VGroup(*[Line(bp.c2p(x, yy), bp.c2p(xbar, yy), color=C["csd"], stroke_width=6)
                           for x, yy in zip(s5, ys)])
        to_mu = VGroup(*[Line(bp.c2p(x, yy - 0.3), bp.c2p(0, yy - 0.3), color=style.DIM,
                              stroke_width=6) for x, yy in zip(s5, ys)])
        a = tex(rf"\sum_i (x_i - \bar{{x}})^2 = {N['ss_xbar']:.2f}", 38)
        b = tex(rf"\sum_i (x_i - \cmu)^2 = {N['ss_mu']:.2f}", 38)
        col = VGroup(a, b).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        col.next_to([3.75, 2.4, 0], DOWN, buff=0, aligned_edge=LEFT)
        fit_width(col, 2.9)
        with self.say("{xbar} The estimate measures each point's distance from the sample mean, "
                      "x bar, {mu} not from the true mean, which we don't know. {closer} But x "
                      "bar is computed from these same five points, so it sits closer to them "
                      f"than the truth does: {{a}} the squares about x bar add up to "
                      f"{N['ss_xbar']:.2f}, {{b}} about the true mean to {N['ss_mu']:.2f}.") as s:
            self.wait_until("xbar", s)
            self.play(Create(xb_l), FadeIn(xb_lab), Create(to_xbar), run_time=1.5)
            self.wait_until("mu", s)
            self.play(Create(to_mu), run_time=1.2)
            self.wait_until("a", s)
            self.play(FadeIn(a, shift=0.2 * DOWN), run_time=1)
            self.wait_until("b", s)
            self.play(FadeIn(b, shift=0.2 * DOWN), run_time=1)
        e1 = tex(r"\sum_i (x_i - \bar{x})^2 = \sum_i (x_i - \cmu)^2 - n(\bar{x} - \cmu)^2", 36)
        e2 = tex(r"\mathbb{E}\Big[\sum_i (x_i - \bar{x})^2\Big] = n\csd^2 - n \cdot "
                 r"\frac{\csd^2}{n} = (n - 1)\,\csd^2", 36)
        e3 = tex(r"\mathbb{E}\big[\hat{\csd}^2\big] = \frac{n - 1}{n}\, \csd^2", 44)
        self.eq_at(e1, -6.6, -1.05)
        self.eq_at(e2, -6.6, -2.0)
        with self.say("{gap} The shortfall is exactly n times the squared distance between x bar "
                      "and the true mean. {avg} On average that squared miss is one variance "
                      "over n, so the sum falls short by one whole variance: {e2} n minus one "
                      "variances, "
                      "not n.") as s:
            self.wait_until("gap", s)
            self.play(Write(e1), run_time=2)
            self.wait_until("avg", s)
            self.play(Indicate(VGroup(xb_l, mu_l), color=C["cmu"], scale_factor=1.0), run_time=1.2)
            self.wait_until("e2", s)
            self.play(Write(e2), run_time=2)
        self.play(FadeOut(VGroup(to_xbar, to_mu, dots, xb_l, xb_lab, mu_l, mu_lab, a, b)),
                  fade_out(bp), run_time=0.8)
        self.play(VGroup(e1, e2).animate.next_to([-6.6, 2.4, 0], DOWN, buff=0,
                                                 aligned_edge=LEFT).arrange(
            DOWN, aligned_edge=LEFT, buff=0.35).next_to([-6.6, 2.4, 0], DOWN, buff=0,
                                                        aligned_edge=LEFT), run_time=1.0)
        e3.next_to(e2, DOWN, buff=0.5).align_to(e1, LEFT)
        sim = tex(rf"\text{{{N['repeats']:,} samples of five: }} \tfrac{{1}}{{n}}: "
                  rf"{N['mean_mle_var']:.2f} \qquad \tfrac{{1}}{{n-1}}: "
                  rf"{N['mean_unbiased_var']:.2f}", 38)
        sim.next_to(e3, DOWN, buff=0.55).align_to(e1, LEFT)
        vb = Plot((0, 2), (0, 1.2), 3.0, 3.2, yticks=(0, 0.5, 1), ynums=("0", "0.5", "1"),
                  ylabel=tex(r"\text{average } \hat{\csd}^2", 34)).place((2.9, -2.3))
        truth = DashedLine(vb.c2p(0, 1), vb.c2p(2, 1), color=style.TEXT, stroke_width=3,
                           dash_length=0.1)
        truth_lab = tex(r"\csd^2 = 1", 34).next_to(vb.c2p(2, 1), RIGHT, buff=0.12)
        vbars = VGroup(*[Rectangle(width=0.55 * vb.scale_x(), height=v * vb.scale_y(),
                                   stroke_width=0, fill_color=C["csd"], fill_opacity=op).move_to(
            vb.c2p(i + 0.5, v / 2)) for i, (v, op) in enumerate(
            ((N["mean_mle_var"], 0.9), (N["mean_unbiased_var"], 0.45)))])
        vlabs = VGroup(tex(r"\tfrac{1}{n}", 40).next_to(vb.c2p(0.5, 0), DOWN, buff=0.2),
                       tex(r"\tfrac{1}{n-1}", 40).next_to(vb.c2p(1.5, 0), DOWN, buff=0.2))
        with self.say("{e3} So the maximum likelihood variance is too small on average, by a "
                      f"factor n minus one over n. {{sim}} Over {N['repeats']:,} samples of five, "
                      f"dividing by n averages {N['mean_mle_var']:.2f}: four fifths of the truth; "
                      f"{{fix}} dividing by n minus one corrects it, {N['mean_unbiased_var']:.2f}. "
                      f"For {N['n_v']} flowers the two differ by only "
                      f"{pct(N['unbiased_ratio'] - 1)} percent, and Naive Bayes keeps the n.") as s:
            self.wait_until("e3", s)
            self.play(Write(e3), run_time=1.5)
            self.play(fade_in(VGroup(vb)), Create(truth), FadeIn(truth_lab), run_time=1.0)
            self.wait_until("sim", s)
            self.play(FadeIn(sim, shift=0.2 * DOWN), GrowFromEdge(vbars[0], DOWN),
                      FadeIn(vlabs[0]), run_time=1.2)
            self.wait_until("fix", s)
            self.play(GrowFromEdge(vbars[1], DOWN), FadeIn(vlabs[1]), run_time=1.2)
        self.play(*[FadeOut(m) for m in self.mobjects], run_time=1.0)
        self.remove(*self.mobjects)

    @beat("Bayes' theorem as areas")
    def bayes(self):
        N = self.N
        mus, vs, dens = N["means1"], N["vars1"], N["dens"]
        gp = Plot((1.0, 7.0), (0, 2.5), 6.2, 2.8, xticks=range(1, 8), yticks=(0, 1, 2),
                  xlabel=plot_label("petal length (cm)"), ylabel=plot_label("density")
                  ).place((-6.2, 0.4))
        xs = np.linspace(1.0, 7.0, 400)
        bells = VGroup(*[curve_mob(gp, xs, np.exp(gaussian_log_pdf(xs, mus[k], vs[k])), COLS[k], 4)
                         for k in range(3)])
        with self.say("Back to the flowers, with one feature for now: petal length. {fits} Fit a "
                      "Gaussian to each species, exactly as we just did.") as s:
            self.play(fade_in(VGroup(gp)), run_time=1.0)
            self.wait_until("fits", s)
            self.play(LaggedStart(*[Create(c) for c in bells], lag_ratio=0.4), run_time=2.5)
        x0 = FLOWER[0]
        vline = DashedLine(gp.c2p(x0, 0), gp.c2p(x0, 2.5), color=style.TEXT, stroke_width=3,
                           dash_length=0.1)
        hdots = VGroup(*[Dot(gp.c2p(x0, dens[k]), radius=0.07, color=COLS[k]) for k in (1, 2)])
        with self.say(f"{{new}} Our new flower's petal is {x0:.1f} centimetres. {{h}} Each "
                      "species' bell gives the likelihood of that length: setosa's is "
                      f"essentially zero, versicolor's {dens[1]:.2f}, virginica's "
                      f"{dens[2]:.2f}.") as s:
            self.wait_until("new", s)
            self.play(Create(vline), run_time=1.0)
            self.wait_until("h", s)
            self.play(FadeIn(hdots, scale=2), run_time=1.0)
        # the unit square: width split by the priors, each strip filled to its likelihood
        side = 4.6
        sq0 = np.array([1.6, -2.75])  # bottom-left corner
        sq = Square(side, color=style.DIM, stroke_width=3).move_to(
            [sq0[0] + side / 2, sq0[1] + side / 2, 0])
        scale = 1 / 0.5  # a likelihood of 0.5 fills a strip

        def strips(priors, back=0.12, fill=0.75):
            """(strip backgrounds, filled parts) for the priors: widths pi_k, heights ~ p(x|k)."""
            backs, fills = VGroup(), VGroup()
            x = sq0[0]
            for k in range(3):
                w = priors[k] * side
                hgt = max(min(1.0, dens[k] * scale) * side, 1e-3)
                backs.add(Rectangle(width=w, height=side, stroke_color=COLS[k], stroke_width=2,
                                    fill_color=COLS[k], fill_opacity=back).move_to(
                    [x + w / 2, sq0[1] + side / 2, 0]))
                fills.add(Rectangle(width=w, height=hgt, stroke_width=0, fill_color=COLS[k],
                                    fill_opacity=fill).move_to([x + w / 2, sq0[1] + hgt / 2, 0]))
                x += w
            return backs, fills
        pri = N["priors1"]
        backs, fills = strips(pri)
        plabs = VGroup(*[tex(r"\cpi_{%d} = \tfrac{1}{3}" % (k + 1), 32).move_to(
            [sq0[0] + (k + 0.5) * side / 3, sq0[1] + side + 0.3, 0]) for k in range(3)])
        plabs0 = plabs.copy()
        with self.say("{square} Now a unit square stands for all flowers. {prior} Split it by the "
                      "prior, π, how common each species is: here a third each.") as s:
            self.wait_until("square", s)
            self.play(Create(sq), run_time=1.0)
            self.wait_until("prior", s)
            self.play(FadeIn(backs), FadeIn(plabs), run_time=1.5)
        with self.say("{cut} In each strip, fill a height in proportion to that species' "
                      "likelihood. {area} A filled area is prior times likelihood: the "
                      "probability of being that species and having this petal length.") as s:
            self.wait_until("cut", s)
            self.play(*[TransformFromCopy(hdots[i], fills[k]) for i, k in enumerate((1, 2))],
                      run_time=2)
            self.add(fills)
            self.wait_until("area", s)
            self.play(Indicate(VGroup(fills[1], fills[2]), color=style.TEXT, scale_factor=1.05),
                      run_time=1.5)
        bay = tex(r"{{ P(k \mid x) }} = "
                  r"{{ \frac{\cpi_k\, p(x \mid k)}{\sum_j \cpi_j\, p(x \mid j)} }}", 42)
        self.eq_at(bay, -6.3, -0.85)
        post = N["post1"]
        num = tex(rf"P(\text{{versicolor}} \mid x) = {post[1]:.2f}, \quad "
                  rf"P(\text{{virginica}} \mid x) = {post[2]:.2f}", 34)
        fit_width(num, 7.4)
        self.eq_at(num, -6.3, -2.2)
        with self.say("{know} We know the flower has this length, so it is somewhere in the "
                      "filled part. {ratio} The posterior of a species is its share of the filled "
                      f"area: {{num}} versicolor {pct(post[1])} percent, virginica "
                      f"{pct(post[2])}. That is Bayes' theorem.") as s:
            self.wait_until("know", s)
            self.play(fills.animate.set_fill(opacity=0.9), backs.animate.set_fill(opacity=0.04),
                      run_time=1.2)
            self.wait_until("ratio", s)
            self.play(Write(bay), run_time=2)
            self.wait_until("num", s)
            self.play(FadeIn(num, shift=0.2 * DOWN), run_time=1.2)
        alt = np.array([0.25, 0.25, 0.5])
        backs2, fills2 = strips(alt, 0.04, 0.9)
        plabs2 = VGroup(*[tex(r"\cpi_{%d} = \tfrac{%s}" % (k + 1, v), 32).move_to(
            [sq0[0] + (alt[:k].sum() + alt[k] / 2) * side, sq0[1] + side + 0.3, 0])
            for k, v in enumerate(("1}{4", "1}{4", "1}{2"))])
        pa = N["post1_alt"]
        num2 = tex(rf"P(\text{{versicolor}} \mid x) = {pa[1]:.2f}, \quad "
                   rf"P(\text{{virginica}} \mid x) = {pa[2]:.2f}", 34)
        fit_width(num2, 7.4)
        num2.move_to(num)
        with self.say("{wide} If virginica were twice as common as each of the others, its strip "
                      "would be twice as wide, {flip} and the same flower would tip to virginica: "
                      f"{pct(pa[2])} percent.") as s:
            self.wait_until("wide", s)
            self.play(ReplacementTransform(backs, backs2), ReplacementTransform(fills, fills2),
                      ReplacementTransform(plabs, plabs2), run_time=2)
            self.wait_until("flip", s)
            self.play(TransformMatchingShapes(num, num2), run_time=1.5)
        with self.say("The prior and the likelihood together decide. {back} Back to equal "
                      "priors.") as s:
            self.wait_until("back", s)
            backs3, fills3 = strips(pri, 0.04, 0.9)
            self.play(ReplacementTransform(backs2, backs3), ReplacementTransform(fills2, fills3),
                      ReplacementTransform(plabs2, plabs0), FadeOut(num2), run_time=1.5)
        self.play(*[FadeOut(m) for m in self.mobjects], run_time=1.0)
        self.remove(*self.mobjects)

    @beat("The naive assumption")
    def naive(self):
        N = self.N
        pp = petal_plot(7.0, 4.3, (-6.0, -1.75))
        self.pplot = pp
        Xv = self.X[self.y == 1]
        dots = DotCloud(pp.pts(Xv), radius=0.06, color=COLS[1], opacity=0.9)
        mean = N["means"][1]
        with self.say("Now add petal width. A flower is two numbers, so each species needs a "
                      "distribution over the plane. {v} Here are the versicolor flowers.") as s:
            self.play(fade_in(pp), run_time=1.2)
            self.wait_until("v", s)
            self.play(dots.intro(lag_ratio=0.02), run_time=1.5)
        full = ellipse_mob(pp, mean, N["cov_v"], style.TEXT, 4)
        naive = ellipse_mob(pp, mean, np.diag(N["variances"][1]), COLS[1], 5)
        with self.say("{full} A full two-dimensional Gaussian needs a covariance: how length and "
                      "width vary together. For versicolor they are tightly linked, correlation "
                      f"{N['corr_v']:.2f}, {{tilt}} so its ellipse tilts.") as s:
            self.wait_until("full", s)
            self.play(Create(full), run_time=1.5)
            self.wait_until("tilt", s)
            self.play(Indicate(full, color=style.TEXT, scale_factor=1.05), run_time=1.2)
        # the two one-dimensional fits, drawn along their axes
        mv, vv = N["means"][1], N["variances"][1]
        gl = np.linspace(1.0, 7.0, 300)
        gw = np.linspace(0.0, 2.6, 200)
        fl = np.exp(gaussian_log_pdf(gl, mv[0], vv[0]))
        fw = np.exp(gaussian_log_pdf(gw, mv[1], vv[1]))
        kl, kw = fl > 0.02 * fl.max(), fw > 0.02 * fw.max()  # off the axes where they vanish
        bells = VGroup(curve_mob(pp, gl[kl], 0.55 * fl[kl] / fl.max(), COLS[1], 4),
                       curve_mob(pp, 1.0 + 0.9 * fw[kw] / fw.max(), gw[kw], COLS[1], 4))
        n1 = tex(r"p(x_1, x_2 \mid k) = p(x_1 \mid k)\; p(x_2 \mid k)", 40)
        fit_width(n1, 5.2)
        n1.next_to([1.4, 3.2, 0], DOWN, buff=0, aligned_edge=LEFT)
        n2 = tex(r"= \mathcal{N}(x_1; \cmu_{k1}, \csd_{k1}^2)\; \mathcal{N}(x_2; \cmu_{k2}, "
                 r"\csd_{k2}^2)", 40)
        fit_width(n2, 5.0)
        n2.next_to(n1, DOWN, buff=0.3).align_to(n1, LEFT).shift(0.2 * RIGHT)
        with self.say("{naive} Naive Bayes assumes instead that, within a species, the features "
                      "are independent: {prod} the likelihood of a flower is the product of one "
                      "Gaussian for length and one for width. {axes} Its ellipse cannot tilt: it "
                      "lines up with the axes.") as s:
            self.wait_until("naive", s)
            self.play(Write(n1), run_time=2)
            self.wait_until("prod", s)
            self.play(Write(n2), Create(bells), run_time=2)
            self.wait_until("axes", s)
            self.play(TransformFromCopy(full, naive), run_time=1.8)
        p2, p30 = N["params"][2], N["params"][30]
        cnt = VGroup(
            tex(r"\text{full: } D + \tfrac{D(D+1)}{2} \qquad \text{naive: } 2D", 36),
            tex(rf"D = 2: \quad {p2[0]} \ \text{{vs}}\ {p2[1]}", 36),
            tex(rf"D = 30: \quad {p30[0]} \ \text{{vs}}\ {p30[1]}", 36),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        fit_width(cnt, 5.2)
        cnt.next_to(n2, DOWN, buff=0.6).align_to(n1, LEFT)
        with self.say("{buys} What does it buy? Count the numbers to fit per species. With D "
                      "features, a full Gaussian has D means and D times D plus one over two "
                      "covariances; the naive one, D means and D variances. "
                      f"{{two}} With two features that is {p2[0]} against {p2[1]}; {{thirty}} "
                      f"with the thirty features of the breast-cancer data, {p30[0]} against "
                      f"{p30[1]}. {{easy}} And every fit is one-dimensional: an average and an "
                      "average of squares, with no matrix to invert.") as s:
            self.wait_until("buys", s)
            self.play(FadeIn(cnt[0], shift=0.2 * DOWN), run_time=1.2)
            self.wait_until("two", s)
            self.play(FadeIn(cnt[1], shift=0.2 * DOWN), run_time=1.0)
            self.wait_until("thirty", s)
            self.play(FadeIn(cnt[2], shift=0.2 * DOWN), run_time=1.0)
            self.wait_until("easy", s)
            self.play(Indicate(naive, color=COLS[1], scale_factor=1.05), run_time=1.5)
        with self.say("The price: it ignores the tilt. We'll see what that costs.") as s:
            self.play(FadeOut(full), run_time=1.2)
        self.play(FadeOut(VGroup(n1, n2, cnt, naive, dots, bells)), run_time=1.0)

    @beat("One flower at a time")
    def stream(self):
        N = self.N
        nb = self.runs["nb"]
        pp = self.pplot
        T = len(nb) - 1
        clock = StepClock(len(nb))
        all_pts = pp.pts(self.X)
        cloud = DotCloud(all_pts, radius=0.055, colors=[COLS[k] for k in self.y], opacity=0.85)
        cloud.apply(alpha=np.zeros(len(self.X)))

        def upd_cloud(m):
            k = clock.value
            m.apply(alpha=(np.arange(len(self.X)) < k).astype(float))
        cloud.add_updater(upd_cloud)
        self.add(cloud)

        def draw_ellipses():
            r = clock.row
            g = VGroup()
            for k in range(3):
                cnt = nb["counts"][r, k]
                if cnt < 2:
                    g.add(VMobject())
                    continue
                mu = clock.interp(nb["means"])[k] if r < T else nb["means"][r, k]
                var = clock.interp(nb["variances"])[k] if r < T else nb["variances"][r, k]
                g.add(ellipse_mob(pp, mu, np.diag(var), COLS[k], 4))
            return g
        ells = redraw_on(lambda: (clock.value, *pp.where()), draw_ellipses)
        # the priors as three bars
        bp = Plot((0, 3), (0, 1.0), 2.6, 2.0, yticks=(0, 0.5, 1), ynums=("0", "0.5", "1"),
                  ylabel=tex(r"\cpi_k", 36)).place((3.6, -2.2))
        third = DashedLine(bp.c2p(0, 1 / 3), bp.c2p(3, 1 / 3), color=style.DIM, stroke_width=2,
                           dash_length=0.08)
        third_lab = tex(r"\tfrac{1}{3}", 32, style.DIM).next_to(bp.c2p(3, 1 / 3), RIGHT, buff=0.1)
        names = VGroup(*[plot_label(s, 26, COLS[k]).rotate(0).next_to(bp.c2p(k + 0.5, 0), DOWN,
                                                                      buff=0.2)
                         for k, s in enumerate(SPECIES)])
        for i, m in enumerate(names):
            m.shift((0.28 * (i % 2)) * DOWN)

        def draw_bars():
            pri = nb["priors"][clock.row]
            g = VGroup()
            for k in range(3):
                h = max(float(pri[k]), 1e-3)
                p0 = bp.c2p(k + 0.2, 0)
                g.add(Rectangle(width=0.6 * bp.scale_x(), height=h * bp.scale_y(),
                                stroke_width=0, fill_color=COLS[k], fill_opacity=0.85).move_to(
                    [p0[0] + 0.3 * bp.scale_x(), p0[1] + h * bp.scale_y() / 2, 0]))
            return g
        bars = redraw_on(lambda: (clock.row, *bp.where()), draw_bars)
        ro = Readout([r"\text{flowers}"], decimals=[0], size=36)
        ro.next_to([3.4, 2.9, 0], DOWN, buff=0, aligned_edge=LEFT)
        rules = VGroup(tex(r"\hat{\cmu} \leftarrow \hat{\cmu} + \frac{x - \hat{\cmu}}{n_k}", 34),
                       tex(r"\hat{\cpi}_k = \frac{n_k}{n}", 34)).arrange(DOWN, aligned_edge=LEFT,
                                                                          buff=0.25)
        fit_width(rules, 3.2)
        rules.next_to(ro, DOWN, buff=0.35).align_to(ro, LEFT)

        def upd(m):
            m.set_values([clock.row])
        with self.say("Now fit all three species, one flower at a time, in a random order. {go} "
                      "Each arrival updates its species' running mean and variance, and the "
                      "priors: the fraction of flowers of each species so far.") as s:
            self.play(fade_in(VGroup(bp)), Create(third), FadeIn(third_lab), FadeIn(names),
                      run_time=1.0)
            self.show_live(ro, upd)
            self.add(ells, bars)
            self.wait_until("go", s)
            self.play(FadeIn(rules), run_time=0.8)
            self.play(clock.run_to(12, run_time=max(3.0, s.remaining())))
        tn = N["t_near"]
        with self.say("{early} With a few flowers the ellipses jump about. {later} After "
                      f"{tn} flowers every mean is within {N['drift_near']:.2f} centimetres of "
                      "where it ends up.") as s:
            self.play(clock.run_to(tn, run_time=max(2.5, s.until("later") + 0.5)))
            self.wait_until("later", s)
            self.play(Indicate(ells, color=style.TEXT, scale_factor=1.0), run_time=1.5)
        with self.say(f"{{all}} After all {T} they are the maximum likelihood fit: the means and "
                      "variances of each species, {pri} and since there are fifty flowers of "
                      "each, every prior ends at a third.") as s:
            self.wait_until("all", s)
            self.play(clock.run_to(T, run_time=max(3.0, s.until("pri"))))
            self.wait_until("pri", s)
            self.play(Indicate(bars, color=style.TEXT, scale_factor=1.0), run_time=1.5)
        ro.clear_updaters()
        cloud.clear_updaters()
        ells.clear_updaters()
        bars.clear_updaters()
        self.cloud, self.ells = cloud, ells
        self.play(FadeOut(VGroup(bp, third, third_lab, names, bars, ro, rules)), run_time=1.0)

    @beat("The posterior field")
    def field(self):
        N = self.N
        pp = self.pplot
        (x0, x1), (y0, y1) = PETAL_BOX
        gx, gy = np.linspace(x0, x1, 240), np.linspace(y0, y1, 104)
        G = np.stack(np.meshgrid(gx, gy), -1).reshape(-1, 2)
        post = np.exp(gaussian_nb_log_posterior(self.runs["nb"].result, G)).reshape(
            len(gy), len(gx), 3)
        img = field_image(pp, post)
        bnd = boundary_mob(pp, self.nb_score, style.TEXT, 4)
        with self.say("{field} Now apply Bayes' rule at every point of the plane: each point takes "
                      "the colour of its most probable species, stronger where it is surer.") as s:
            self.wait_until("field", s)
            self.add(img)
            self.bring_to_front(pp, self.ells, self.cloud)
            self.play(fade_in(img), run_time=2)
        b1 = VGroup(tex(r"\log \frac{P(a \mid x)}{P(b \mid x)} = \text{const}\ +", 38),
                    tex(r"\sum_j \left[ \frac{(x_j - \cmu_{bj})^2}{2\csd_{bj}^2} - "
                        r"\frac{(x_j - \cmu_{aj})^2}{2\csd_{aj}^2} \right]", 38)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.2)
        b1[1].shift(0.4 * RIGHT)
        fit_width(b1, 5.5)
        b1.next_to([1.3, 3.55, 0], DOWN, buff=0, aligned_edge=LEFT)
        b2 = tex(r"\csd_{aj} \ne \csd_{bj}: \ x_j^2 \text{ stays} \;\Rightarrow\; \text{quadratic}",
                 34)
        fit_width(b2, 5.5)
        b2.next_to(b1, DOWN, buff=0.35).align_to(b1, LEFT)
        with self.say("{bnd} Where two species are equally probable runs the decision boundary. "
                      "{log} Take the log of the ratio of their posteriors: a difference of "
                      "squared "
                      "distances, each over its own variance. {quad} The variances differ, so the "
                      "x squared terms do not cancel, and the boundary is a quadratic curve. Only "
                      "with equal variances would it be straight.") as s:
            self.wait_until("bnd", s)
            self.play(Create(bnd), run_time=2)
            self.wait_until("log", s)
            self.play(Write(b1), run_time=2.5)
            self.wait_until("quad", s)
            self.play(FadeIn(b2, shift=0.2 * DOWN), Indicate(bnd, color=style.TEXT,
                                                             scale_factor=1.0), run_time=2)
        fp = pp.c2p(*FLOWER)
        ring = Circle(radius=0.16, color=style.TEXT, stroke_width=4).move_to(fp)
        p1, p2 = N["post1"], N["post2"]
        res = VGroup(tex(rf"\text{{length alone: versicolor }} {pct(p1[1])}\%", 34),
                     tex(rf"\text{{length and width: virginica }} {pct(p2[2])}\%", 34)
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        fit_width(res, 5.5)
        res.next_to(b2, DOWN, buff=0.6).align_to(b1, LEFT)
        with self.say(f"{{flower}} Our flower: by length alone versicolor was the more likely, "
                      f"{pct(p1[1])} percent. {{width}} Its width tips it to virginica: "
                      f"{pct(p2[2])} percent.") as s:
            self.wait_until("flower", s)
            self.play(Create(ring), FadeIn(res[0], shift=0.2 * DOWN), run_time=1.2)
            self.wait_until("width", s)
            self.play(FadeIn(res[1], shift=0.2 * DOWN), Indicate(ring, color=style.TEXT),
                      run_time=1.2)
        acc = tex(rf"{N['n_correct']} / {N['n_flowers']} \text{{ right}}", 36)
        acc.next_to(res, DOWN, buff=0.45).align_to(b1, LEFT)
        with self.say(f"On the {N['n_flowers']} flowers it was fitted to, the boundary puts "
                      f"{N['n_correct']} on the right side: {pct(N['n_correct'] / N['n_flowers'])} "
                      "percent.") as s:
            self.play(FadeIn(acc, shift=0.2 * DOWN), run_time=1.2)
        self.field_bits = VGroup(b1, b2, res, acc, ring)
        self.img, self.bnd = img, bnd

    @beat("Generative against discriminative")
    def versus(self):
        N = self.N
        pp = self.pplot
        soft = boundary_mob(pp, self.soft_score, C["cz"], 5)
        with self.say("Naive Bayes is generative: it models how each species produces its "
                      "flowers, then turns that around with Bayes' rule. {disc} Softmax "
                      "regression, two lectures on, is discriminative: it fits the boundary "
                      "directly, with no model of the flowers at all. {lines} Its boundaries "
                      "are straight lines.") as s:
            self.play(FadeOut(self.field_bits), self.img.animate.set_opacity(0.5),
                      FadeOut(self.ells), run_time=1.2)
            self.wait_until("lines", s)
            self.play(Create(soft), run_time=2)
        agree = VGroup(tex(rf"\text{{Naive Bayes: }} {N['n_correct']} / {N['n_flowers']}", 36),
                       tex(rf"\text{{softmax: }} {N['soft_correct']} / {N['n_flowers']}", 36,
                           C["cz"])).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        agree.next_to([1.6, 3.3, 0], DOWN, buff=0, aligned_edge=LEFT)
        if N["soft_correct"] == N["n_correct"]:
            said = (f"{{agree}} On these flowers they do equally well: each puts "
                    f"{N['n_correct']} of {N['n_flowers']} on the right side.")
        else:
            said = (f"{{agree}} On these flowers softmax regression puts {N['soft_correct']} of "
                    f"{N['n_flowers']} on the right side, Naive Bayes {N['n_correct']}.")
        with self.say(said) as s:
            self.wait_until("agree", s)
            self.play(FadeIn(agree, shift=0.2 * DOWN), run_time=1.2)
        # learning curves on the breast-cancer data
        m, a_nb, a_lr = N["m"], N["acc_nb"], N["acc_lr"]
        lx = np.log2(m)
        cp = Plot((lx[0] - 0.3, lx[-1] + 0.3), (0.8, 1.0), 7.6, 4.3, xticks=lx,
                  xnums=[str(int(v)) for v in m], yticks=(0.8, 0.85, 0.9, 0.95, 1.0),
                  ynums=["80\\%", "85\\%", "90\\%", "95\\%", "100\\%"],
                  xlabel=plot_label("training tumours"),
                  ylabel=plot_label("test accuracy")).place((-5.4, -1.9))
        with self.say("Which is better depends on how much data there is. {curve} Take the 30 "
                      "features of the breast-cancer data: accuracy on "
                      f"{N['n_test']} held-out tumours, against the number of training tumours, "
                      f"averaged over {N['curve_reps']} random splits.") as s:
            self.play(FadeOut(VGroup(agree, soft, self.bnd, self.cloud)), fade_out(self.img),
                      fade_out(pp), run_time=1.2)
            self.wait_until("curve", s)
            self.play(fade_in(VGroup(cp)), run_time=1.5)
        t = ValueTracker(0.0)
        pts_nb, pts_lr = np.c_[lx, a_nb], np.c_[lx, a_lr]
        c_nb = redraw_on(lambda: (t.get_value(), *cp.where()),
                         lambda: trace(cp, pts_nb, t.get_value(), style.TEXT, 5))
        c_lr = redraw_on(lambda: (t.get_value(), *cp.where()),
                         lambda: trace(cp, pts_lr, t.get_value(), C["cz"], 5))
        key = VGroup(plot_label("Naive Bayes", 34, style.TEXT),
                     plot_label("logistic regression", 34, C["cz"])).arrange(
            DOWN, aligned_edge=LEFT, buff=0.25).next_to([3.0, 3.0, 0], DOWN, buff=0,
                                                       aligned_edge=LEFT)
        i20 = int(np.flatnonzero(m == 20)[0])
        with self.say(f"{{nb}} Naive Bayes learns fast: with {m[i20]} tumours it is at "
                      f"{pct(a_nb[i20])} percent, level with logistic regression, {{flat}} and it "
                      "barely improves after that.") as s:
            self.add(c_nb, c_lr)
            self.play(FadeIn(key), run_time=0.8)
            self.wait_until("nb", s)
            self.play(t.animate.set_value(i20), run_time=2)
            self.wait_until("flat", s)
            self.play(t.animate.set_value(len(m) - 1), run_time=max(2.0, s.remaining()))
        ends = VGroup(tex(rf"{pct(a_lr[-1], 1)}\%", 36, C["cz"]).next_to(
            cp.c2p(lx[-1], a_lr[-1]), UP, buff=0.2),
            tex(rf"{pct(a_nb[-1], 1)}\%", 36).next_to(cp.c2p(lx[-1], a_nb[-1]), DOWN, buff=0.2))
        with self.say("{lr} Logistic regression keeps using the extra data: with "
                      f"{m[-1]} tumours, {pct(a_lr[-1], 1)} percent, against {pct(a_nb[-1], 1)} "
                      "for Naive Bayes.") as s:
            self.wait_until("lr", s)
            self.play(FadeIn(ends), Indicate(c_lr, color=C["cz"], scale_factor=1.0), run_time=1.5)
        Xb, _, names = load_breast_cancer()
        rp = np.c_[Xb[:, names.index("mean_radius")], Xb[:, names.index("mean_perimeter")]]
        ip = Plot((5, 30), (25, 200), 2.9, 2.3, xticks=(10, 20, 30), yticks=(50, 100, 150, 200),
                  xlabel=plot_label("mean radius", 28), ylabel=plot_label("mean perimeter", 28)
                  ).place((3.7, -2.25))
        rdots = DotCloud(ip.pts(rp), radius=0.025, color=style.TEXT, opacity=0.6)
        rlab = tex(rf"r = {N['r_radius_perimeter']:.3f}", 34).next_to(ip.c2p(5, 200), DR, buff=0.15)
        with self.say("Why? Those thirty features are far from independent: {rp} mean radius and "
                      f"mean perimeter have correlation {N['r_radius_perimeter']:.3f}, {{twice}} "
                      "and Naive Bayes counts that same evidence again and again. {rule} With "
                      "little data, or features close to independent, Naive Bayes; with plenty "
                      "of data, the discriminative model, which assumes nothing about the "
                      "features.") as s:
            self.wait_until("rp", s)
            self.play(fade_in(VGroup(ip)), rdots.intro(lag_ratio=0.002), FadeIn(rlab),
                      run_time=1.5)
            self.wait_until("twice", s)
            self.play(Indicate(rlab, color=style.TEXT), run_time=1.5)
            self.wait_until("rule", s)
            self.play(Indicate(c_nb, color=style.TEXT, scale_factor=1.0), run_time=1.5)
            self.play(Indicate(c_lr, color=C["cz"], scale_factor=1.0), run_time=1.5)
        c_nb.clear_updaters()
        c_lr.clear_updaters()
        self.play(*[FadeOut(m) for m in self.mobjects], run_time=1.0)
        self.remove(*self.mobjects)

    @beat("From likelihood to cross-entropy")
    def cross_entropy(self):
        N = self.N
        flips = N["flips"]
        ylab = tex(r"\cy_i:", 44).move_to([-6.1, 3.25, 0])
        tokens = VGroup(*[tex(f"{int(v)}", 48, C["cy"]) for v in flips]).arrange(RIGHT, buff=0.75)
        tokens.next_to(ylab, RIGHT, buff=0.45)
        facs = VGroup(*[fit_width(tex(r"\cp" if v else r"1 - \cp", 40), 0.85).next_to(
            tokens[i], DOWN, buff=0.3) for i, v in enumerate(flips)])
        c1 = tex(r"{{ P(\cy \mid \cp) }} = {{ \cp^{\cy} }} {{ (1 - \cp)^{1 - \cy} }}", 44)
        self.eq_at(c1, -6.6, 1.9)
        with self.say("One last step. {coin} Back to the coin: every head contributed p, every "
                      "tail one minus p. {one} One formula does both: p to the y, times one minus "
                      "p to the one minus y.") as s:
            self.wait_until("coin", s)
            self.play(FadeIn(ylab), LaggedStart(*[FadeIn(t) for t in tokens], lag_ratio=0.1),
                      LaggedStart(*[FadeIn(f, shift=0.1 * DOWN) for f in facs], lag_ratio=0.1),
                      run_time=2)
            self.wait_until("one", s)
            self.play(Write(c1), run_time=2)
        facs_i = VGroup(*[fit_width(tex(r"\cp_{%d}" % (i + 1) if v else r"1 - \cp_{%d}" % (i + 1),
                                        40), 0.85).move_to(facs[i]) for i, v in enumerate(flips)])
        c2 = tex(r"{{ \cLik }} = {{ \prod_{i=1}^{n} }} {{ \cp_i^{\cy_i} }} "
                 r"{{ (1 - \cp_i)^{1 - \cy_i} }}", 44)
        self.eq_at(c2, -6.6, 0.95)
        with self.say("{own} Now let every example have its own probability, pᵢ, predicted from "
                      "its features, {prod} and the likelihood of all the labels is the product "
                      "over i.") as s:
            self.wait_until("own", s)
            self.play(*[Transform(facs[i], facs_i[i]) for i in range(len(flips))], run_time=1.5)
            self.wait_until("prod", s)
            self.morph(c1, c2, [(r"P(\cy \mid \cp)", r"\cLik"), (r"\cp^{\cy}", r"\cp_i^{\cy_i}"),
                                (r"(1 - \cp)^{1 - \cy}", r"(1 - \cp_i)^{1 - \cy_i}")],
                       keep=True, run_time=2)
        c3 = tex(r"{{ -\frac{1}{n} \log \cLik }} = {{ -\frac{1}{n} \sum_{i=1}^{n} }} "
                 r"{{ \big[ \cy_i \log \cp_i + (1 - \cy_i) \log(1 - \cp_i) \big] }}", 44)
        self.eq_at(c3, -6.6, -0.65)
        fit_width(c3, 13.0)
        c4 = tex(r"{{ \cL }} = {{ -\frac{1}{n} \log \cLik }}", 48)
        self.eq_at(c4, -6.6, -1.95)
        with self.say("{neg} Take minus its log, and divide by n: the product becomes an "
                      "average, {ce} and out comes the binary cross-entropy. {L} That is a loss, "
                      "L: maximising the likelihood and minimising the cross-entropy are the same "
                      "thing.") as s:
            self.wait_until("neg", s)
            self.morph(c2, c3, [(r"\cLik", r"-\frac{1}{n} \log \cLik"),
                                (r"\prod_{i=1}^{n}", r"-\frac{1}{n} \sum_{i=1}^{n}")],
                       keep=True, run_time=2.2)
            self.wait_until("ce", s)
            self.play(Create(highlight(part(c3, r"\big[ \cy_i \log \cp_i + (1 - \cy_i) "
                                                r"\log(1 - \cp_i) \big]"), C["cL"])),
                      run_time=1.2)
            self.wait_until("L", s)
            self.play(Write(c4), run_time=1.5)
        nxt = tex(r"\cp_i = \csigma(\cw \cdot x_i + \cb)", 48)
        nxt.next_to(c4, RIGHT, buff=1.5).align_to(c4, DOWN)
        with self.say("{next} Next lecture, logistic regression makes each pᵢ the logistic "
                      "function of a linear score, σ of w dot xᵢ plus b, and minimises exactly "
                      "this loss by gradient descent.",
                      spoken="{next} Next lecture, logistic regression makes each p i the "
                             "logistic function of a linear score, sigma of w dot x i plus b, and "
                             "minimises exactly this loss by gradient descent.") as s:
            self.wait_until("next", s)
            self.play(FadeIn(nxt, shift=0.2 * LEFT), run_time=1.5)
            self.play(Circumscribe(nxt, color=C["csigma"]), run_time=1.5)
        self.wait(2)
