"""Lecture 3.4: softmax regression on three Iris species (narrated).

The story: 150 irises of three species in petal length and width -> one linear score per
species, a tilted plane over the feature plane; along a line through the flowers the three
planes are three straight lines and the largest wins, so the plane splits into regions cut by
straight boundaries -> scores into probabilities: exponentiate, divide by the sum (the softmax);
adding the same number to every score changes nothing -> with two classes the softmax is the
logistic sigma of the difference of the scores -> the cross-entropy against a one-hot label ->
the softmax Jacobian, dp_k/dz_j = p_k (delta_kj - p_j), by the quotient rule -> the chain rule
to dl/dz = p - y, and dL/dw_k = mean of (p_k - y_k) x -> gradient descent from W = 0: the
regions grow out of the grey -> the six flowers no straight boundary can save; setosa's
scores keep growing.

Every number said or shown comes from :func:`lecture_numbers` (the trajectory of
``scenes/chapter3/trajectories.py: softmax_regression``); ``tests/test_softmax_lecture.py``
checks them against finite differences, closed forms and direct recomputation.

Render: ``MLV_VOICE=none manim render -ql scenes/chapter3/softmax_regression.py SoftmaxRegression``
"""
from __future__ import annotations

import numpy as np
from manim import *

from algorithms.logistic_regression import sigmoid, softmax
from algorithms.trajectory import Trajectory
from scenes import style
from scenes.chapter3.trajectories import SOFTMAX_FEATURES as FEATURES
from scenes.chapter3.trajectories import softmax_regression as trajectories
from scenes.components import (
    DotCloud, Plot, Readout, StepClock, clip_segment, fade_in, fade_out, fit_width, highlight,
    on_change, part, plot_label, redraw_on, tex,
)
from scenes.lecture import LectureScene, beat

__all__ = ["SoftmaxRegression", "trajectories", "FEATURES", "lecture_numbers", "region_rgba", "score_range", "bar_ranges",
           "region_polygons", "clip_halfplane", "uv_to_cm", "Z_FLOOR",
           "BOX"]

C = style.COLOR
BOX = ((0.5, 7.5), (0.0, 2.8))       # the feature plane on screen: petal length, width (cm)
GRID = 150                           # pixels of the region image along each side
NAMES = ("setosa", "versicolor", "virginica")
SP = [style.SPECIES_COLORS[n] for n in NAMES]
REGION_BASE = ManimColor("#1B2130")
Z_FLOOR = -24.0                      # the 3D view's floor: every plane's score is above it
#: the 3D view: floor corner, the u (length) and v (width) edges, and the height of one score
VIEW_O, VIEW_A, VIEW_B = np.array([-6.0, -2.25, 0]), np.array([7.6, -0.6, 0]), \
    np.array([2.8, 1.6, 0])
VIEW_H = np.array([0, 0.07, 0])


# -- the numbers ----------------------------------------------------------------------------------
def scores(Xs: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(n, K) scores z = x W + b of scaled features ``Xs`` (n, 2)."""
    return np.asarray(Xs, float) @ W + b


def lecture_numbers(runs: dict[str, Trajectory]) -> dict:
    """Every number the lecture says or shows, from the gradient-descent run (no Manim needed).

    ``pick`` is the flower the lecture follows: the least sure versicolor that the trained model
    gets right. The slice is the line through the setosa and virginica means (in cm), clipped to
    :data:`BOX`; ``slice_x`` (2,) are its ends' petal lengths, ``slice_xy`` (2, 2) its ends.
    """
    run = runs["gd"]
    Xs, y = run.data["X"], run.data["y"]                      # (n, 2) scaled to [0, 1], (n,)
    lo, hi = np.array(run.info["lo_cm"]), np.array(run.info["hi_cm"])
    Xcm = lo + Xs * (hi - lo)                                  # (n, 2) cm
    W, b = run["W"], run["b"]                                  # (T, 2, K), (T, K)
    T, K, n = len(run) - 1, W.shape[-1], len(y)
    Wf, bf = W[-1], b[-1]
    Z = scores(Xs, Wf, bf)                                     # (n, K)
    P = softmax(Z)
    pred = P.argmax(1)
    right_vers = np.flatnonzero((y == 1) & (pred == 1))
    pick = int(right_vers[np.argmin(P[right_vers, 1])])
    z, p = Z[pick], P[pick]
    Y = np.eye(K)[y]                                           # (n, K) one-hot
    P_pick = softmax(Xs[pick] @ W + b)                         # (T, K) the flower at every step
    right_from = int(np.flatnonzero(P_pick.argmax(1) != 1)[-1] + 1)
    # the slice: through the setosa and virginica means, in cm
    m0, m2 = Xcm[y == 0].mean(0), Xcm[y == 2].mean(0)
    d = m2 - m0
    a_, b_ = clip_segment(m0 - 10 * d, m0 + 10 * d, BOX)
    ends = np.array([a_, b_])                                  # (2, 2) cm
    along = lambda u: ends[0] + np.outer(u, ends[1] - ends[0])  # noqa: E731  (m, 2) cm
    to_s = lambda xy: (np.asarray(xy) - lo) / (hi - lo)  # noqa: E731  cm -> scaled
    u = np.linspace(0, 1, 2001)
    Zu = scores(to_s(along(u)), Wf, bf)                        # (m, K) scores along the slice
    win = Zu.argmax(1)
    switch = np.flatnonzero(np.diff(win))                      # where the winner changes
    switch_x = []
    for s in switch:  # the exact crossing of the two lines, by a linear solve along u
        j, k = win[s], win[s + 1]
        z0, z1 = Zu[s], Zu[s + 1]
        t = (z0[j] - z0[k]) / ((z0[j] - z0[k]) - (z1[j] - z1[k]))
        switch_x.append(float(along(np.array([u[s] + t * (u[s + 1] - u[s])]))[0, 0]))
    ends_s = to_s(ends)                                          # (2, K) scaled
    Zall = ends_s @ W + b[:, None, :]                            # (T, 2, K) every step's ends
    acc, loss = run["accuracy"], run["loss"]
    def setosa_alone(t):  # every setosa's own score strictly above the other two
        Zt = scores(Xs[y == 0], W[t], b[t])
        return bool((Zt[:, 0] > Zt[:, 1:].max(1)).all())
    k_setosa = next(t for t in range(T + 1) if setosa_alone(t))
    wrong = np.flatnonzero(pred != y)
    gW, gb = run["grad_W"][-1], run["grad_b"][-1]
    return {
        "n": n, "K": K, "per": [int((y == k).sum()) for k in range(K)], "T": T,
        "lr": float(run.info["lr"]), "Xs": Xs, "Xcm": Xcm, "y": y, "lo": lo, "hi": hi,
        "W": Wf, "b": bf, "Z": Z, "P": P,
        "pick": pick, "z": z, "ez": np.exp(z), "S": float(np.exp(z).sum()), "p": p,
        "yk": Y[pick], "ell": float(-np.log(p[y[pick]])), "J": np.diag(p) - np.outer(p, p),
        "g": p - Y[pick], "P_pick": P_pick, "right_from": right_from,
        "slice_xy": ends, "slice_x": ends[:, 0], "switch_x": switch_x,
        "switch_win": [int(win[0])] + [int(win[s + 1]) for s in switch],
        "z_slice_range": (float(Zall.min()), float(Zall.max())),
        "L0": float(loss[0]), "LT": float(loss[-1]), "acc0": float(acc[0]),
        "accT": float(acc[-1]), "n_right": int(round(acc[-1] * n)),
        "k_setosa": k_setosa, "k20": 20, "acc20": float(acc[min(20, T)]),
        "wrong": wrong, "wrong_true": y[wrong], "n_wrong": len(wrong),
        "grad_norm": float(np.sqrt((gW ** 2).sum() + (gb ** 2).sum())),
        "w_setosa": (float(np.linalg.norm(W[T // 2][:, 0])), float(np.linalg.norm(Wf[:, 0]))),
        "pull": 1 - P[np.arange(n), y],                        # (n,) 1 - p of the true class
        "ell_all": -np.log(P[np.arange(n), y]),                # (n,) each flower's loss
        "regions_uv": region_polygons(Wf, bf, lo, hi),
        "z_corners": scores(to_s(uv_to_cm(np.array([[0, 0], [1, 0], [1, 1], [0, 1]]))), Wf, bf),
    }


def uv_to_cm(uv: np.ndarray) -> np.ndarray:
    """The feature plane's unit square (u along length, v along width) -> cm in :data:`BOX`."""
    (x0, x1), (y0, y1) = BOX
    uv = np.atleast_2d(uv)
    return np.c_[x0 + uv[:, 0] * (x1 - x0), y0 + uv[:, 1] * (y1 - y0)]


def clip_halfplane(poly: np.ndarray, a: np.ndarray, c: float) -> np.ndarray:
    """The part of convex polygon ``poly`` (m, 2) where ``a . p + c >= 0`` (Sutherland-Hodgman)."""
    out = []
    m = len(poly)
    for i in range(m):
        p, q = poly[i], poly[(i + 1) % m]
        fp, fq = a @ p + c, a @ q + c
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0):
            out.append(p + fp / (fp - fq) * (q - p))
    return np.array(out).reshape(-1, 2)


def region_polygons(W: np.ndarray, b: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> list:
    """Each class's decision region in the unit square of the feature plane: a convex polygon
    (m, 2) in (u, v), where its score is at least every other's (scores of scaled features,
    ``(cm - lo) / (hi - lo)``)."""
    (x0, x1), (y0, y1) = BOX
    # the score of class k at (u, v) is affine: z = g[k] . (u, v) + h[k]
    M = np.diag([x1 - x0, y1 - y0]) / (hi - lo)[:, None]       # d(scaled) / d(u, v), (2, 2)
    g = (M @ W).T                                               # (K, 2)
    h = (np.array([x0, y0]) - lo) / (hi - lo) @ W + b          # (K,)
    polys = []
    for k in range(len(b)):
        poly = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
        for j in range(len(b)):
            if j != k and len(poly):
                poly = clip_halfplane(poly, g[k] - g[j], h[k] - h[j])
        polys.append(poly)
    return polys


def region_rgba(Zgrid: np.ndarray, strength: float = 0.5) -> np.ndarray:
    """RGBA uint8 (ny, nx, 4) of scores ``Zgrid`` (ny, nx, K), rows ascending in y: each pixel
    takes its top class's colour, stronger the surer the softmax is (p_max from 1/K to 1)."""
    P = softmax(Zgrid.reshape(-1, Zgrid.shape[-1])).reshape(Zgrid.shape)
    K = P.shape[-1]
    sure = (P.max(-1) - 1.0 / K) / (1.0 - 1.0 / K)                 # (ny, nx) in [0, 1]
    cols = np.array([c.to_rgb() for c in SP])[P.argmax(-1)]       # (ny, nx, 3)
    base = np.array(REGION_BASE.to_rgb())
    s = (sure ** 0.7 * strength)[..., None]
    rgb = (1 - s) * base + s * cols
    rgba = np.concatenate([rgb, np.ones(rgb.shape[:2] + (1,))], -1)
    return (rgba[::-1] * 255).astype(np.uint8)                    # image rows go top-down


def score_range(N: dict) -> tuple[float, float]:
    """The slice plot's score axis: symmetric, holding every step's scores along the slice."""
    m = max(abs(v) for v in N["z_slice_range"])
    lim = 5 * np.ceil(m / 5) + 1
    return (-lim, lim)


def bar_ranges(N: dict) -> dict:
    """Axis ranges and ticks of the followed flower's bars: scores, exponentials."""
    z, ez = N["z"], N["ez"]
    zr = (float(np.floor(min(z.min(), 0)) - 1.5), float(np.ceil(max(z.max(), 0)) + 2))
    hi = float(10 * np.ceil(ez.max() * 1.12 / 10))
    step = 20 if hi <= 80 else 50
    return {"z": (zr, [v for v in (-10, -5, 0, 5, 10) if zr[0] < v < zr[1]]),
            "ez": ((0.0, hi), list(range(0, int(hi) + 1, step)))}


def _say(v: float, d: int) -> str:
    """A number with ``d`` decimals as the voice reads it ("minus six point five")."""
    from scenes.voice import number_words
    return number_words(f"{v:.{d}f}")


# -- the lecture ----------------------------------------------------------------------------------
class SoftmaxRegression(LectureScene):
    LECTURE = "chapter3/softmax_regression"

    def setup(self):
        super().setup()
        self.run = self.trajectories()["gd"]
        self.N = lecture_numbers(self.trajectories())
        self.clock = None                     # a StepClock while the run drives the model
        self.nudge = ValueTracker(0.0)        # added to versicolor's score (the Jacobian beat)
        self.u = ValueTracker(0.0)            # the marker's place along the slice, 0..1
        self.reveal = ValueTracker(0.0)       # how far along the slice the scores are drawn
        self.tilt = ValueTracker(0.0)         # 0: the flat plot; 1: the 3D view
        self.rise = ValueTracker(0.0)         # the score planes' heights, 0..1
        self.look = [ValueTracker(0.0) for _ in range(3)]  # planes, roof, floor opacities
        zc = self.N["z_corners"]                 # the view's floor and height scale hold the run
        self.z_floor = min(Z_FLOOR, float(np.floor(zc.min())) - 2)
        self.h_unit = VIEW_H * min(1.0, 44.0 / (float(zc.max()) - self.z_floor))

    # the model on screen ---------------------------------------------------------------------------
    def Wb(self) -> tuple[np.ndarray, np.ndarray]:
        """(W (2, K), b (K,)) on screen: the run's row while a clock plays, else the final."""
        if self.clock is not None:
            W, b = self.clock.interp(self.run["W"]), self.clock.interp(self.run["b"])
        else:
            W, b = self.N["W"], self.N["b"].copy()
        b = b + np.array([0.0, self.nudge.get_value(), 0.0])
        return W, b

    def model_key(self):
        return (self.clock.value if self.clock else -1.0, self.nudge.get_value())

    def to_s(self, xy):
        return (np.asarray(xy, float) - self.N["lo"]) / (self.N["hi"] - self.N["lo"])

    # the feature plane ---------------------------------------------------------------------------
    @staticmethod
    def feature_plot(width: float, height: float, corner, labels: bool = True) -> Plot:
        return Plot(*BOX, width, height, xticks=(1, 3, 5, 7), yticks=(0, 1, 2),
                    xlabel=plot_label("petal length (cm)") if labels else None,
                    ylabel=plot_label("petal width (cm)") if labels else None).place(corner)

    def field(self, plot: Plot) -> ImageMobject:
        """The region image over ``plot``'s box, following the model on screen."""
        (x0, x1), (y0, y1) = BOX
        gx = x0 + (np.arange(GRID) + 0.5) / GRID * (x1 - x0)
        gy = y0 + (np.arange(GRID) + 0.5) / GRID * (y1 - y0)
        G = self.to_s(np.stack(np.meshgrid(gx, gy), -1).reshape(-1, 2))  # (GRID^2, 2) scaled

        def pixels():
            W, b = self.Wb()
            return region_rgba(scores(G, W, b).reshape(GRID, GRID, -1))

        img = ImageMobject(pixels())
        img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        img.stretch_to_fit_width(plot.box.width).stretch_to_fit_height(plot.box.height)
        img.move_to(plot.box)

        def refresh(m):
            m.pixel_array = pixels()
        img.add_updater(on_change(self.model_key, refresh))
        return img

    def boundaries(self, plot: Plot, width: float = 3.5) -> Mobject:
        """The decision boundaries: where the top two scores tie (straight segments)."""
        def draw():
            W, b = self.Wb()
            out = VGroup()
            for j, k in ((0, 1), (1, 2), (0, 2)):
                dw, db = W[:, j] - W[:, k], b[j] - b[k]
                # the tie line in cm: dw . (x - lo) / (hi - lo) + db = 0
                a = dw / (self.N["hi"] - self.N["lo"])
                c = db - a @ self.N["lo"]
                if np.linalg.norm(a) < 1e-6:
                    continue
                base = -c * a / (a @ a)
                t = np.array([-a[1], a[0]]) / np.linalg.norm(a)
                seg = clip_segment(base - 50 * t, base + 50 * t, BOX)
                if seg is None:
                    continue
                s = np.linspace(0, 1, 300)[:, None]
                pts = seg[0] + s * (seg[1] - seg[0])                 # (300, 2) cm
                Z = scores(self.to_s(pts), W, b)
                other = 3 - j - k
                keep = Z[:, j] >= Z[:, other]
                if keep.sum() < 2:
                    continue
                idx = np.flatnonzero(keep)
                out.add(Line(*plot.pts(pts[[idx[0], idx[-1]]]), color=style.TEXT,
                             stroke_width=width))
            return out
        return redraw_on(lambda: (*self.model_key(), *plot.where()), draw)

    def dots_on(self, plot: Plot, radius: float = 0.05) -> DotCloud:
        return DotCloud(plot.pts(self.N["Xcm"]), radius=radius, opacity=0.95,
                        colors=[SP[k] for k in self.N["y"]], outline=(style.BACKGROUND, 1.5))

    def legend(self, size: float = 32, direction=DOWN) -> VGroup:
        return VGroup(*[VGroup(Dot(radius=0.08, color=SP[k]), plot_label(NAMES[k], size, SP[k]))
                        .arrange(RIGHT, buff=0.15) for k in range(3)]).arrange(
            direction, aligned_edge=LEFT if direction is DOWN else ORIGIN,
            buff=0.25 if direction is DOWN else 0.5)

    # the 3D view: the score planes over the tilted feature plane ----------------------------------
    def project(self, uv: np.ndarray, z: np.ndarray | float | None = None) -> np.ndarray:
        """(m, 2) points of the unit square (u, v) with scores ``z`` -> (m, 3) scene points,
        between the flat plot ``self.fp`` (tilt 0) and the 3D view (tilt 1)."""
        uv = np.atleast_2d(uv)
        t = self.tilt.get_value()
        box = self.fp.box
        lo, hi = box.get_corner(DL), box.get_corner(UR)
        flat = lo + np.outer(uv[:, 0], [hi[0] - lo[0], 0, 0]) + np.outer(uv[:, 1],
                                                                          [0, hi[1] - lo[1], 0])
        z = self.z_floor if z is None else z
        h = (np.broadcast_to(z, len(uv)) - self.z_floor) * self.rise.get_value()
        view = VIEW_O + np.outer(uv[:, 0], VIEW_A) + np.outer(uv[:, 1], VIEW_B) + \
            np.outer(h, self.h_unit)
        return (1 - t) * flat + t * view

    def z_uv(self, uv: np.ndarray) -> np.ndarray:
        """(m, K) final scores at points of the unit square."""
        return scores(self.to_s(uv_to_cm(uv)), self.N["W"], self.N["b"])

    def view3d(self, floor: bool = False) -> Mobject:
        """The floor (``floor``), or the floor's regions, the three score planes and the roof
        of winners above it (the dots go between the two)."""
        sq = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])

        def draw():
            a_planes, a_roof, a_floor = (t.get_value() for t in self.look)
            out = VGroup()
            if floor:
                t, r = self.tilt.get_value(), self.rise.get_value()
                out.add(Polygon(*self.project(sq), stroke_color=style.DIM, stroke_width=2,
                                fill_color=REGION_BASE, fill_opacity=0.6 * t))
                if t > 0.5:  # the floor's edges named, and the score axis once it rises
                    a = 2 * t - 1
                    length = plot_label("petal length", 30).set_opacity(a)
                    length.next_to(self.project([[0.5, 0.0]])[0], DOWN, buff=0.12)
                    width = plot_label("petal width", 30).set_opacity(a)
                    width.next_to(self.project([[1.0, 0.5]])[0], RIGHT, buff=0.2)
                    out.add(length, width)
                if r > 0:
                    top = self.z_floor + 40.0
                    p0, p1 = self.project([[0.0, 1.0], [0.0, 1.0]], np.array([self.z_floor, top]))
                    out.add(Arrow(p0, p1, buff=0, color=style.DIM, stroke_width=3,
                                  max_tip_length_to_length_ratio=0.08).set_opacity(r))
                    out.add(tex(r"\cz", 40).next_to(p1, LEFT, buff=0.15).set_opacity(r))
                return out
            for k, poly in enumerate(self.N["regions_uv"]):
                if a_floor > 0 and len(poly) > 2:
                    out.add(Polygon(*self.project(poly), stroke_width=0, fill_color=SP[k],
                                    fill_opacity=0.45 * a_floor))
            Zc = self.z_uv(sq)                                       # (4, K)
            order = np.argsort([-(Zc[:, k].mean()) for k in range(3)])
            for k in order:
                if a_planes > 0:
                    out.add(Polygon(*self.project(sq, Zc[:, k]), stroke_color=SP[k],
                                    stroke_width=3, stroke_opacity=a_planes,
                                    fill_color=SP[k], fill_opacity=0.22 * a_planes))
            for k, poly in enumerate(self.N["regions_uv"]):
                if a_roof > 0 and len(poly) > 2:
                    out.add(Polygon(*self.project(poly, self.z_uv(poly)[:, k]),
                                    stroke_color=style.TEXT, stroke_width=2,
                                    stroke_opacity=a_roof, fill_color=SP[k],
                                    fill_opacity=0.8 * a_roof))
            return out
        return redraw_on(lambda: (self.tilt.get_value(), self.rise.get_value(),
                                  *[t.get_value() for t in self.look], *self.fp.where()), draw)

    def dots_follow_view(self) -> None:
        (x0, x1), (y0, y1) = BOX
        cm = self.N["Xcm"]
        uv = np.c_[(cm[:, 0] - x0) / (x1 - x0), (cm[:, 1] - y0) / (y1 - y0)]
        self.dots.add_updater(lambda m: m.apply(pos=self.project(uv)))

    # the slice: three scores along a line --------------------------------------------------------
    def slice_pts(self, u) -> np.ndarray:
        ends = self.N["slice_xy"]
        return ends[0] + np.outer(np.atleast_1d(u), ends[1] - ends[0])  # (m, 2) cm

    def slice_plot(self, width, height, corner, yr=None, yticks=None, ylabel=None) -> Plot:
        x0, x1 = self.N["slice_x"]
        if yr is None:
            yr = score_range(self.N)
            yticks = [v for v in range(-40, 41, 10) if yr[0] <= v <= yr[1]]
        return Plot((x0, x1), yr, width, height, xticks=(2, 4, 6), yticks=yticks,
                    xlabel=plot_label("petal length along the line (cm)", 30),
                    ylabel=ylabel if ylabel is not None else tex(r"\cz", 40)).place(corner)

    def score_lines(self, plot: Plot, upto=None) -> Mobject:
        """The three scores along the slice (species colours), drawn up to ``upto`` (0..1)."""
        def draw():
            W, b = self.Wb()
            u1 = 1.0 if upto is None else max(upto.get_value(), 1e-3)
            P2 = self.slice_pts([0.0, u1])
            Z = scores(self.to_s(P2), W, b)                         # (2, K)
            out = VGroup()
            for k in range(3):
                seg = clip_segment((P2[0, 0], Z[0, k]), (P2[1, 0], Z[1, k]), plot.data_box)
                if seg is not None:
                    out.add(Line(*plot.pts(np.array(seg)), color=SP[k], stroke_width=4))
            return out
        key = (lambda: (*self.model_key(), *plot.where(), upto.get_value() if upto else 1))
        return redraw_on(key, draw)

    def envelope(self, plot: Plot, upto=None) -> Mobject:
        """The largest score along the slice, thick, in the winner's colour."""
        def draw():
            W, b = self.Wb()
            u1 = 1.0 if upto is None else max(upto.get_value(), 1e-3)
            u = np.linspace(0, u1, 241)
            P2 = self.slice_pts(u)
            Z = scores(self.to_s(P2), W, b)
            top, win = Z.max(1), Z.argmax(1)
            out = VGroup()
            pts = plot.pts(np.c_[P2[:, 0], np.clip(top, *plot.y_range)])
            for k in range(3):
                m = win == k
                if m.sum() < 2:
                    continue
                idx = np.flatnonzero(m)
                seg = VMobject(stroke_color=SP[k], stroke_width=11, stroke_opacity=0.55)
                seg.set_points_as_corners(pts[idx[0]:idx[-1] + 2][: len(idx) + 1])
                out.add(seg)
            return out
        key = (lambda: (*self.model_key(), *plot.where(), upto.get_value() if upto else 1))
        return redraw_on(key, draw)

    def slice_on_map(self, plot: Plot) -> Mobject:
        """The slice drawn over the feature plane, coloured by the winning species."""
        def draw():
            W, b = self.Wb()
            u = np.linspace(0, 1, 241)
            P2 = self.slice_pts(u)
            win = scores(self.to_s(P2), W, b).argmax(1)
            out = VGroup()
            pts = plot.pts(P2)
            for k in range(3):
                idx = np.flatnonzero(win == k)
                if len(idx) < 2:
                    continue
                out.add(DashedLine(pts[idx[0]], pts[min(idx[-1] + 1, len(pts) - 1)],
                                   color=SP[k], stroke_width=4, dash_length=0.1))
            return out
        return redraw_on(lambda: (*self.model_key(), *plot.where()), draw)

    def marker(self, plot: Plot, color=style.TEXT) -> Mobject:
        return redraw_on(lambda: (self.u.get_value(), *plot.where()),
                         lambda: Dot(plot.c2p(*self.slice_pts(self.u.get_value())[0]),
                                     radius=0.09, color=color).set_stroke(style.BACKGROUND, 2,
                                                                         background=True))

    def cursor(self, plot: Plot) -> Mobject:
        def draw():
            x = self.slice_pts(self.u.get_value())[0, 0]
            return DashedLine(plot.c2p(x, plot.y_range[0]), plot.c2p(x, plot.y_range[1]),
                              color=style.DIM, stroke_width=2, dash_length=0.08)
        return redraw_on(lambda: (self.u.get_value(), *plot.where()), draw)

    # bars: one flower's scores or probabilities ----------------------------------------------------
    @staticmethod
    def bar_plot(yr, yticks, corner, ynums=None, width=3.3, height=1.9, label=None) -> Plot:
        return Plot((0, 3), yr, width, height, yticks=yticks, ynums=ynums,
                    ylabel=label).place(corner)

    @staticmethod
    def bars(plot: Plot, values, colors=None, opacity=0.9, fill=True) -> VGroup:
        out = VGroup()
        for k, v in enumerate(values):
            v = float(np.clip(v, *plot.y_range))
            lo, hi = plot.c2p(k + 0.22, 0), plot.c2p(k + 0.78, v)
            h = hi[1] - lo[1]
            r = Rectangle(width=hi[0] - lo[0], height=max(abs(h), 0.01),
                          stroke_width=0 if fill else 3, fill_opacity=opacity if fill else 0,
                          fill_color=(colors or SP)[k], stroke_color=(colors or SP)[k])
            r.move_to(lo, aligned_edge=DL if h >= 0 else UL)
            out.add(r)
        return out

    @staticmethod
    def bar_values(plot: Plot, values, fmt, bars: VGroup, size=30) -> VGroup:
        out = VGroup()
        for k, v in enumerate(values):
            m = tex(fmt(v), size)
            if v >= 0:
                m.next_to(bars[k], UP, buff=0.1)
            else:
                m.next_to(plot.c2p(k + 0.5, 0), UP, buff=0.1)
            out.add(m)
        return out

    def bar_names(self, plot: Plot, sym: str, size=34) -> VGroup:
        return VGroup(*[tex(sym.format(k=k + 1), size).next_to(plot.c2p(k + 0.5, plot.y_range[0]),
                                                               DOWN, buff=0.15)
                        for k in range(3)])

    def live_bars(self, plot: Plot) -> Mobject:
        """The followed flower's probabilities under the model on screen."""
        x = self.N["Xs"][self.N["pick"]]

        def draw():
            W, b = self.Wb()
            return self.bars(plot, softmax(x @ W + b))
        return redraw_on(lambda: (*self.model_key(), *plot.where()), draw)

    @staticmethod
    def drop(*mobs) -> Animation:
        """Fade ``mobs`` out for good: their (and their parts') updaters stop first."""
        for m in mobs:
            for f in m.get_family():
                f.clear_updaters()
        return FadeOut(Group(*mobs))

    def ring(self, plot: Plot, i: int, color=style.TEXT, r=0.15) -> Circle:
        return Circle(radius=r, color=color, stroke_width=4).move_to(
            plot.c2p(*self.N["Xcm"][i]))

    # ---------------------------------------------------------------------------------------------
    @beat("Three species")
    def data(self):
        N = self.N
        self.fp = self.feature_plot(7.6, 5.5, (-6.0, -2.15))
        self.dots = self.dots_on(self.fp, 0.06)
        leg = self.legend().next_to([2.6, 1.6, 0], DOWN, buff=0, aligned_edge=LEFT)
        groups = [np.flatnonzero(N["y"] == k) for k in range(3)]
        with self.say(f"Here are {N['n']} irises of three species, {N['per'][0]} of each, "
                      "{dots} measured by the length and the width of their petals.") as s:
            self.play(fade_in(self.fp), run_time=self.till(s, "dots"))
            self.play(self.dots.intro(lag_ratio=0.01), run_time=2.5)
        with self.say("{s0} Setosa, with small petals; {s1} versicolor; {s2} and virginica, "
                      "with the largest.") as s:
            for k in range(3):
                self.wait_until(f"s{k}", s)
                rad = self.dots.rad.copy()
                big = rad.copy()
                big[groups[k]] *= 1.8
                self.play(FadeIn(leg[k], shift=0.2 * RIGHT), self.dots.morph(rad=big),
                          run_time=0.8)
                self.play(self.dots.morph(rad=rad), run_time=0.6)
        with self.say("Logistic regression, in the last lecture, drew one line between two "
                      "classes and gave each point one probability. {three} Here there are "
                      "three classes: we want a model that gives every flower three "
                      "probabilities, one per species, adding up to one.") as s:
            self.wait_until("three", s)
            self.play(Indicate(leg, color=style.TEXT, scale_factor=1.08), run_time=1.5)
        self.leg = leg

    @beat("One score per species")
    def score_planes(self):
        N = self.N
        s0 = self.say("Give each species k its own linear score: {eq} z k is w k dot x plus b k, "
                      "a weight vector and a bias for every species.",
                      spoken="Give each species k its own linear score: {eq} z k is w k dot x "
                             "plus b k, a weight vector and a bias for every species.")
        fp = self.feature_plot(5.6, 3.5, (-6.0, -2.15))
        eq = tex(r"\cz_k = \cw_k \cdot \cx + \cb_k, \qquad k = 1, 2, 3", 48)
        self.eq_at(eq, -6.6, 3.65)
        leg = self.legend(30, RIGHT).next_to(eq, DOWN, buff=0.4).align_to(eq, LEFT)
        self.play(FadeOut(self.leg), ReplacementTransform(self.fp, fp),
                  self.dots.morph(pos=fp.pts(N["Xcm"]), rad=0.045), run_time=1.5)
        self.fp = fp
        with s0 as s:
            self.wait_until("eq", s)
            self.play(Write(eq), FadeIn(leg), run_time=2)
        sp = self.slice_plot(4.6, 4.2, (1.9, -2.15))
        lines = self.score_lines(sp, self.reveal)
        marker, cursor = self.marker(fp), self.cursor(sp)
        dash = DashedLine(*fp.pts(N["slice_xy"]), color=style.TEXT, stroke_width=3,
                          dash_length=0.1)
        floor, view = self.view3d(floor=True), self.view3d()
        with self.say("Tip the plane of petal length and width back, {rise} and over every "
                      "point stand each species' score up as a height. Each score is a tilted "
                      "plane: three planes, one per species.") as s:
            self.dots_follow_view()
            self.add(floor, view)
            self.bring_to_front(self.dots, view)
            self.play(self.tilt.animate.set_value(1), fade_out(fp), run_time=2.5)
            self.wait_until("rise", s)
            self.play(self.look[0].animate.set_value(1), run_time=0.4)
            self.play(self.rise.animate.set_value(1), run_time=max(3.0, s.remaining() - 0.5))
        with self.say("{top} Above every flower one plane is highest, and that species wins. "
                      "{roof} The winning pieces form a roof, {floor} and under it the floor "
                      "splits into three regions: in each, one species' plane is on top of the "
                      "other two.") as s:
            self.wait_until("top", s)
            self.play(Indicate(self.dots, color=style.TEXT, scale_factor=1.0), run_time=1.2)
            self.wait_until("roof", s)
            self.play(self.look[1].animate.set_value(1), self.look[0].animate.set_value(0.3),
                      run_time=2)
            self.wait_until("floor", s)
            self.play(self.look[2].animate.set_value(1), run_time=2)
        self.field_img = self.field(fp)
        self.bounds = self.boundaries(fp)
        tie = tex(r"\cw_j \cdot \cx + \cb_j = \cw_k \cdot \cx + \cb_k", 44)
        tie.move_to(leg).align_to(eq, LEFT)
        with self.say("{flat} Seen from straight above, {tie} two regions meet where two planes "
                      "cross, where their scores tie: w j dot x plus b j equals w k dot x plus "
                      "b k. That is a straight line, {cut} so straight lines cut the regions.",
                      spoken="{flat} Seen from straight above, {tie} two regions meet where two "
                             "planes cross, where their scores tie: w j dot x plus b j equals w k "
                             "dot x plus b k. That is a straight line, {cut} so straight lines "
                             "cut the regions.") as s:
            self.wait_until("flat", s)
            self.play(self.tilt.animate.set_value(0), self.rise.animate.set_value(0),
                      self.look[0].animate.set_value(0), self.look[1].animate.set_value(0),
                      fade_in(fp), run_time=2.5)
            self.dots.clear_updaters()
            self.add(self.field_img)
            self.bring_to_front(fp, self.dots)
            self.play(FadeOut(floor), FadeOut(view), run_time=0.6)
            floor.clear_updaters()
            view.clear_updaters()
            self.remove(floor, view)
            self.wait_until("tie", s)
            self.play(FadeOut(leg), run_time=0.5)
            self.play(Write(tie), run_time=1.8)
            self.wait_until("cut", s)
            self.play(Create(self.bounds), run_time=1.5)
            self.bring_to_front(self.dots)
        sp = self.slice_plot(4.6, 4.2, (1.9, -2.15))
        lines = self.score_lines(sp, self.reveal)
        marker, cursor = self.marker(fp), self.cursor(sp)
        dash = DashedLine(*fp.pts(N["slice_xy"]), color=style.TEXT, stroke_width=3,
                          dash_length=0.1)
        with self.say("{line} Walk along a line through the flowers, {plot} and plot the three "
                      "scores as you go: along a line, each plane is a straight line.") as s:
            self.wait_until("line", s)
            self.play(Create(dash), FadeIn(marker, scale=2), FadeOut(tie), run_time=1.0)
            self.play(FadeIn(leg), run_time=0.5)
            self.wait_until("plot", s)
            self.play(fade_in(VGroup(sp)), run_time=0.8)
            self.add(lines, cursor)
            self.play(self.u.animate.set_value(1), self.reveal.animate.set_value(1),
                      run_time=max(3.0, s.remaining()), rate_func=linear)
        env = self.envelope(sp)
        on_map = self.slice_on_map(fp)
        sx = N["switch_x"]
        with self.say("{top} The largest score wins: for small petals, setosa's is on top. "
                      "{c1} Where two lines cross, the winner switches, to versicolor, {c2} and "
                      "then to virginica, just where the line crosses the boundaries.") as s:
            self.wait_until("top", s)
            self.play(self.u.animate.set_value(0.05), FadeIn(env), run_time=1.5)
            self.wait_until("c1", s)
            self.play(self.u.animate.set_value(self.u_at(sx[0])), FadeOut(dash), FadeIn(on_map),
                      run_time=1.5)
            self.wait_until("c2", s)
            self.play(self.u.animate.set_value(self.u_at(sx[1])), run_time=1.5)
            self.bring_to_front(self.dots, marker)
        with self.say("These are the scores training will find. First: how do three scores "
                      "become three probabilities?") as s:
            self.play(self.u.animate.set_value(0.0), run_time=max(1.0, s.remaining() - 0.5))
        self.sp, self.sp_parts = sp, VGroup(lines, env, cursor)
        self.on_map, self.mark = on_map, marker
        self.eq_z, self.leg = eq, leg

    def u_at(self, x_cm: float) -> float:
        x0, x1 = self.N["slice_x"]
        return float((x_cm - x0) / (x1 - x0))

    @beat("Scores into probabilities")
    def softmax_beat(self):
        N = self.N
        z, ez, p, S = N["z"], N["ez"], N["p"], N["S"]
        # the derivation layout: equations left, the feature plane top right, bars below it
        fp = self.feature_plot(4.3, 2.7, (2.4, 0.65))
        s0 = self.say("Take one flower: {ring} a versicolor, here. Its three scores are "
                      f"{z[0]:.1f}, {z[1]:.1f} and {z[2]:.1f}.",
                      spoken="Take one flower: {ring} a versicolor, here. Its three scores are "
                             f"{_say(z[0], 1)}, {_say(z[1], 1)} and {_say(z[2], 1)}.")
        self.play(self.drop(self.sp_parts, self.on_map, self.mark, self.field_img, self.bounds),
                  fade_out(VGroup(self.sp)), FadeOut(self.eq_z), FadeOut(self.leg),
                  ReplacementTransform(self.fp, fp),
                  self.dots.morph(pos=fp.pts(N["Xcm"]), rad=0.035), run_time=1.5)
        self.fp = fp
        self.field_img = self.field(fp)
        self.bounds = self.boundaries(fp, 2.5)
        self.play(FadeIn(self.field_img), run_time=0.8)
        self.add(self.bounds)
        self.bring_to_front(fp, self.dots)
        ring = self.ring(fp, N["pick"])
        corner = (3.0, -2.45)
        BR = bar_ranges(N)
        bz = self.bar_plot(*BR["z"], corner)
        zb = self.bars(bz, z)
        zv = self.bar_values(bz, z, lambda v: f"{v:.1f}", zb)
        zn = self.bar_names(bz, r"\cz_{k}")
        with s0 as s:
            self.wait_until("ring", s)
            self.play(Create(ring), run_time=0.8)
            self.play(fade_in(VGroup(bz)), FadeIn(zn), run_time=0.8)
            self.play(LaggedStart(*[GrowFromEdge(b, DOWN if v >= 0 else UP) for b, v in
                                    zip(zb, z)], lag_ratio=0.3), FadeIn(zv),
                      run_time=max(1.2, s.remaining()))
        left, top = -6.6, 3.6
        e1 = tex(r"{{ e^{\cz_k} }} > 0", 52)
        self.eq_at(e1, left, top)
        be = self.bar_plot(*BR["ez"], corner)
        eb = self.bars(be, ez)
        ev = self.bar_values(be, ez, lambda v: f"{v:.1f}" if v >= 0.05 else f"{v:.4f}", eb)
        en = self.bar_names(be, r"e^{{\cz_{k}}}")
        with self.say("Scores can be negative, and they need not add up to one. {exp} First "
                      "exponentiate: every e to the z k is positive, and a larger score stays "
                      f"larger. {{vals}} Here: {ez[0]:.4f}, {ez[1]:.1f} and {ez[2]:.1f}.",
                      spoken="Scores can be negative, and they need not add up to one. {exp} "
                             "First exponentiate: every e to the z k is positive, and a larger "
                             f"score stays larger. {{vals}} Here: {_say(ez[0], 4)}, "
                             f"{_say(ez[1], 1)} and {_say(ez[2], 1)}.") as s:
            self.wait_until("exp", s)
            self.play(Write(e1), run_time=1.5)
            self.wait_until("vals", s)
            self.play(ReplacementTransform(bz, be), ReplacementTransform(zb, eb),
                      ReplacementTransform(zn, en), FadeOut(zv), run_time=1.8)
            self.play(FadeIn(ev), run_time=0.6)
        e2 = tex(r"\cp_k = {{ \frac{e^{\cz_k} }{ \sum_j e^{\cz_j} } }}", 52)
        e2.next_to(e1, DOWN, buff=0.5).align_to(e1, LEFT)
        bp = self.bar_plot((0, 1), (0, 0.5, 1), corner)
        pb = self.bars(bp, p)
        pv = self.bar_values(bp, p, lambda v: f"{v:.2f}", pb)
        pn = self.bar_names(bp, r"\cp_{k}")
        ssum = tex(rf"\textstyle\sum_j e^{{\cz_j}} = {S:.1f}", 40)
        ssum.next_to(e2, RIGHT, buff=0.6)
        with self.say("{sum} Then divide each by their sum, {S} which is "
                      f"{S:.1f}, {{p}} and the three add up to one: {p[0]:.2f}, {p[1]:.2f} and "
                      f"{p[2]:.2f}. {{name}} That is the softmax.",
                      spoken="{sum} Then divide each by their sum, {S} which is "
                             f"{_say(S, 1)}, {{p}} and the three add up to one: about zero, "
                             f"{_say(p[1], 2)} and {_say(p[2], 2)}. {{name}} That is the "
                             "softmax.") as s:
            self.wait_until("sum", s)
            self.play(TransformMatchingShapes(e1.copy(), e2), run_time=1.8)
            self.wait_until("S", s)
            self.play(FadeIn(ssum, shift=0.2 * DOWN), run_time=0.8)
            self.wait_until("p", s)
            self.play(ReplacementTransform(be, bp), ReplacementTransform(eb, pb),
                      ReplacementTransform(en, pn), FadeOut(ev), run_time=1.8)
            self.play(FadeIn(pv), run_time=0.6)
            self.wait_until("name", s)
            self.play(Create(box := highlight(e2, C["cp"])), run_time=1)
        e3 = tex(r"\frac{e^{\cz_k + c}}{\sum_j e^{\cz_j + c}} = "
                 r"\frac{e^{c}\, e^{\cz_k}}{e^{c} \sum_j e^{\cz_j}} = \cp_k", 46)
        e3.next_to(e2, DOWN, buff=0.55).align_to(e1, LEFT)
        c_val = 3.0
        bz2 = self.bar_plot(*BR["z"], (-6.1, -2.45), width=2.6, height=1.6)
        shift_t = ValueTracker(0.0)
        zb2 = redraw_on(lambda: shift_t.get_value(),
                        lambda: self.bars(bz2, z + shift_t.get_value()))
        zn2 = self.bar_names(bz2, r"\cz_{k}", 30)
        with self.say("{shift} Add the same number c to every score, and nothing changes: e to "
                      "the c cancels above and below. {only} Only the differences between "
                      "the scores matter.") as s:
            self.wait_until("shift", s)
            self.play(Write(e3), FadeOut(box), fade_in(VGroup(bz2)), FadeIn(zb2), FadeIn(zn2),
                      run_time=2)
            self.wait_until("only", s)
            self.play(shift_t.animate.set_value(c_val), Indicate(pb, scale_factor=1.0,
                                                                 color=style.TEXT),
                      run_time=1.5)
            self.play(shift_t.animate.set_value(-c_val), run_time=1.5)
            self.play(shift_t.animate.set_value(0.0), run_time=1.0)
        self.play(self.drop(e1, ssum, e3, zb2, zn2), fade_out(VGroup(bz2)),
                  e2.animate.next_to([left, top, 0], DOWN, buff=0, aligned_edge=LEFT),
                  run_time=1.0)
        self.sm_eq, self.ring_pick = e2, ring
        self.bp, self.pb, self.pv, self.pn = bp, pb, pv, pn

    @beat("Two classes: the logistic function")
    def two_classes(self):
        N = self.N
        left = -6.6
        top = self.sm_eq.get_bottom()[1] - 0.55
        t1 = tex(r"{{ \cp_1 }} = {{ \frac{e^{\cz_1} }{e^{\cz_1} + e^{\cz_2} } }}", 50)
        t2 = tex(r"{{ \cp_1 }} = {{ \frac{1}{1 + e^{\cz_2 - \cz_1} } }}", 50)
        t3 = tex(r"{{ \cp_1 }} = {{ \csigma(\cz_1 - \cz_2) }}", 50)
        for m in (t1, t2, t3):
            self.eq_at(m, left, top)
        t2.shift(1.55 * DOWN)
        t3.shift(3.0 * DOWN)
        with self.say("With only two classes, the softmax is something we know. {two} p one is "
                      "e to the z one, over e to the z one plus e to the z two.",
                      spoken="With only two classes, the softmax is something we know. {two} p "
                             "one is e to the z one, over e to the z one plus e to the z "
                             "two.") as s:
            self.wait_until("two", s)
            self.morph(self.sm_eq, t1, [(r"\frac{e^{\cz_k} }{ \sum_j e^{\cz_j} }",
                                         r"\frac{e^{\cz_1} }{e^{\cz_1} + e^{\cz_2} }")],
                       keep=True, run_time=2)
        with self.say("{div} Divide above and below by e to the z one: {res} one over one plus e "
                      "to the z two minus z one. {sig} That is the logistic function, σ, of the "
                      "difference of the two scores.",
                      spoken="{div} Divide above and below by e to the z one: {res} one over one "
                             "plus e to the z two minus z one. {sig} That is the logistic "
                             "function, sigma, of the difference of the two scores.") as s:
            self.wait_until("div", s)
            self.play(Circumscribe(part(t1, r"\frac{e^{\cz_1} }{e^{\cz_1} + e^{\cz_2} }"),
                                   color=C["cz"]), run_time=1.2)
            self.wait_until("res", s)
            self.morph(t1, t2, keep=True, run_time=2)
            self.wait_until("sig", s)
            self.morph(t2, t3, keep=True, run_time=2)
        # along the line: versicolor against virginica, where setosa has no share
        bpl = self.slice_plot(4.3, 1.9, (2.4, -2.45), yr=(0, 1), yticks=(0, 0.5, 1),
                              ylabel=tex(r"\cp", 40))
        bpl.xlabel.set_opacity(0)
        self.play(FadeOut(VGroup(self.pb, self.pv, self.pn)), fade_out(VGroup(self.bp)),
                  run_time=0.8)
        dash = DashedLine(*self.fp.pts(N["slice_xy"]), color=style.TEXT, stroke_width=2.5,
                          dash_length=0.08)
        u = np.linspace(0, 1, 400)
        Zs = scores(self.to_s(self.slice_pts(u)), N["W"], N["b"])           # (m, K)
        Ps = softmax(Zs)
        xs = self.slice_pts(u)[:, 0]
        curves = VGroup(*[VMobject(stroke_color=SP[k], stroke_width=4).set_points_as_corners(
            bpl.pts(np.c_[xs, Ps[:, k]])) for k in range(3)])
        sig = DashedVMobject(VMobject(stroke_color=C["csigma"], stroke_width=4)
                             .set_points_as_corners(
                                 bpl.pts(np.c_[xs, sigmoid(Zs[:, 1] - Zs[:, 2])])),
                             num_dashes=60)
        sig_lab = tex(r"\csigma(\cz_2 - \cz_3)", 34)
        sig_lab.next_to(bpl.c2p(N["switch_x"][1], 0.55), RIGHT, buff=0.25)
        last = tex(r"\text{last lecture: } \cz_2 = 0", 40)
        last.next_to(t3, DOWN, buff=0.5).align_to(t3, LEFT)
        with self.say("{last} Logistic regression was exactly this, with one of the two scores "
                      "held at zero. {line} Back on our line through the flowers, {p} the "
                      "probabilities switch smoothly where the scores cross.") as s:
            self.wait_until("last", s)
            self.play(FadeIn(last, shift=0.2 * DOWN), run_time=1)
            self.wait_until("line", s)
            self.u.set_value(0)
            mk = self.marker(self.fp)
            self.play(Create(dash), FadeIn(mk), fade_in(VGroup(bpl)), run_time=1.2)
            self.wait_until("p", s)
            cur = self.cursor(bpl)
            self.add(cur)
            self.play(Create(curves, lag_ratio=0), self.u.animate.set_value(1),
                      run_time=max(2.5, s.remaining()), rate_func=linear)
        with self.say("{sig} Where setosa has no share left, versicolor's curve is σ of the "
                      "difference between versicolor's and virginica's scores, to the width of "
                      "a line.",
                      spoken="{sig} Where setosa has no share left, versicolor's curve is sigma "
                             "of the difference between versicolor's and virginica's scores, to "
                             "the width of a line.") as s:
            self.wait_until("sig", s)
            self.play(Create(sig), FadeIn(sig_lab), self.u.animate.set_value(
                self.u_at(N["switch_x"][1])), run_time=2)
            self.play(Circumscribe(t3, color=C["csigma"]), run_time=1.2)
        self.play(self.drop(t1, t2, t3, last, curves, sig, sig_lab, dash, mk, cur),
                  fade_out(VGroup(bpl)), run_time=1)

    @beat("How wrong: the cross-entropy")
    def cross_entropy(self):
        N = self.N
        p, yk = N["p"], N["yk"]
        left = -6.6
        top = self.sm_eq.get_bottom()[1] - 0.55
        corner = (3.0, -2.45)
        bp = self.bar_plot((0, 1), (0, 0.5, 1), corner)
        pb = self.bars(bp, p)
        pn = self.bar_names(bp, r"\cp_{k}")
        yb = self.bars(bp, yk, colors=[C["cy"]] * 3, fill=False)
        l1 = tex(r"{{ \textcolor{colcL}{\ell} }} = {{ -\log \cp_{\cy} }}", 50)
        l2 = tex(r"{{ \textcolor{colcL}{\ell} }} = {{ -\sum_k \cy_k \log \cp_k }}", 50)
        l3 = tex(r"\cL = \frac{1}{n} \sum_{i=1}^{n} \textcolor{colcL}{\ell}_i", 50)
        self.eq_at(l1, left, top)
        self.eq_at(l2, left, top)

        yk_t = tex(r"\cy = (0, 1, 0)", 40)
        with self.say("To train, we need to measure how wrong the model is. {bars} As in the "
                      "last lecture, take the probability it gives to the true species, {log} "
                      "and its negative log, ℓ: maximum likelihood makes the truth probable by "
                      "making ℓ small, and the less probable the truth, the larger ℓ.",
                      spoken="To train, we need to measure how wrong the model is. {bars} As in "
                             "the last lecture, take the probability it gives to the true "
                             "species, {log} and its negative log, ell: maximum likelihood makes "
                             "the truth probable by making ell small, and the less probable the "
                             "truth, the larger ell.") as s:
            self.wait_until("bars", s)
            self.play(fade_in(VGroup(bp)), FadeIn(pb), FadeIn(pn), run_time=1.0)
            self.wait_until("log", s)
            self.play(Write(l1), Indicate(pb[1], color=style.TEXT, scale_factor=1.1),
                      run_time=1.8)
        with self.say("{onehot} Write the true species as a one-hot vector y: one for the "
                      "true class, zero for the others. {sum} Then ℓ is minus the sum over k of "
                      "y k log p k: the y k pick out the true class.",
                      spoken="{onehot} Write the true species as a one-hot vector y: one for "
                             "the true class, zero for the others. {sum} Then ell is minus the sum "
                             "over k of y k log p k: the y k pick out the true class.") as s:
            self.wait_until("onehot", s)
            yk_t.next_to(l2, DOWN, buff=0.45).align_to(l1, LEFT)
            self.play(Create(yb), FadeIn(yk_t), run_time=1.2)
            self.wait_until("sum", s)
            self.morph(l1, l2, [(r"-\log \cp_{\cy}", r"-\sum_k \cy_k \log \cp_k")],
                       run_time=2)
        val = tex(rf"\textcolor{{colcL}}{{\ell}} = -\log {p[1]:.2f} = {N['ell']:.2f}", 44)
        val.next_to(yk_t, DOWN, buff=0.45).align_to(l2, LEFT)
        l3.next_to(val, DOWN, buff=0.5).align_to(l2, LEFT)
        with self.say(f"{{v}} For our versicolor, p is {p[1]:.2f}, so ℓ is {N['ell']:.2f}. "
                      f"{{L}} The loss L averages ℓ over all {N['n']} flowers, here drawn as the "
                      "sizes of the dots: the cross-entropy.",
                      spoken=f"{{v}} For our versicolor, p is {_say(p[1], 2)}, so ell is "
                             f"{_say(N['ell'], 2)}. {{L}} The loss L averages ell over all "
                             f"{N['n']} flowers, here drawn as the sizes of the dots: the "
                             "cross-entropy.") as s:
            self.wait_until("v", s)
            self.play(FadeIn(val, shift=0.2 * DOWN), run_time=1)
            self.wait_until("L", s)
            self.play(Write(l3), self.dots.morph(rad=0.03 + 0.06 * np.minimum(N["ell_all"], 2)),
                      run_time=1.5)
            self.play(self.dots.morph(rad=0.035), run_time=1.2)
        self.play(FadeOut(VGroup(val, l3, yk_t)),
                  l2.animate.next_to(self.sm_eq, RIGHT, buff=0.8), run_time=1)
        self.ce_eq, self.bp, self.pb, self.pn, self.yb = l2, bp, pb, pn, yb

    @beat("The softmax Jacobian")
    def jacobian(self):
        N = self.N
        p, J = N["p"], N["J"]
        left = -6.6
        top = self.sm_eq.get_bottom()[1] - 0.5
        j1 = tex(r"{{ \cp_k }} = {{ \frac{e^{\cz_k} }{S} }}, \qquad S = \sum_j e^{\cz_j}", 46)
        j2 = tex(r"{{ \frac{\partial \cp_k}{\partial \cz_j} }} = {{ \frac{\delta_{kj}\, "
                 r"e^{\cz_k} S - e^{\cz_k} e^{\cz_j}}{S^2} }}", 46)
        j3 = tex(r"{{ \frac{\partial \cp_k}{\partial \cz_j} }} = {{ \frac{e^{\cz_k} }{S} }} "
                 r"{{ \Big(\delta_{kj} - \frac{e^{\cz_j} }{S}\Big) }}", 46)
        j4 = tex(r"{{ \frac{\partial \cp_k}{\partial \cz_j} }} = {{ \cp_k }} "
                 r"{{ (\delta_{kj} - \cp_j) }}", 46)
        self.eq_at(j1, left, top)
        for m, dy in ((j2, 1.5), (j3, 3.05), (j4, 3.05)):
            self.eq_at(m, left, top - dy)
        with self.say("For gradient descent we need the slope of ℓ with respect to each score. "
                      "First, how does p k move when a score z j moves? {q} Write p k as e to "
                      "the z k over S, the sum of all the exponentials.",
                      spoken="For gradient descent we need the slope of ell with respect to each "
                             "score. First, how does p k move when a score z j moves? {q} Write "
                             "p k as e to the z k over S, the sum of all the "
                             "exponentials.") as s:
            self.wait_until("q", s)
            self.play(Write(j1), run_time=2)
        with self.say("{quot} The quotient rule. The top, e to the z k, changes only when j is "
                      "k: {delta} the Kronecker delta, δ k j, is one then and zero otherwise. "
                      "{bottom} The bottom, S, changes by e to the z j.",
                      spoken="{quot} The quotient rule. The top, e to the z k, changes only when "
                             "j is k: {delta} the Kronecker delta, delta k j, is one then and "
                             "zero otherwise. {bottom} The bottom, S, changes by e to the z "
                             "j.") as s:
            self.wait_until("quot", s)
            self.morph(j1, j2, [(r"\cp_k", r"\frac{\partial \cp_k}{\partial \cz_j}"),
                                (r"\frac{e^{\cz_k} }{S}", r"\frac{\delta_{kj}\, e^{\cz_k} S - "
                                 r"e^{\cz_k} e^{\cz_j}}{S^2}")], keep=True, run_time=2.2)
            self.wait_until("delta", s)
            self.play(Circumscribe(j2[2][0:3], color=C["cz"]), run_time=1.2)
            self.wait_until("bottom", s)
            self.play(Circumscribe(j2[2][11:14], color=C["cz"]), run_time=1.2)
        with self.say("{split} Split the fraction: e to the z k over S, times delta k j minus e to "
                      "the z j over S. {pp} Both pieces are probabilities: p k, times delta k j "
                      "minus p j.") as s:
            self.wait_until("split", s)
            self.morph(j2, j3, keep=True, run_time=2)
            self.wait_until("pp", s)
            self.morph(j3, j4, [(r"\frac{e^{\cz_k} }{S}", r"\cp_k"),
                                (r"\Big(\delta_{kj} - \frac{e^{\cz_j} }{S}\Big)",
                                 r"(\delta_{kj} - \cp_j)")], run_time=2)
            self.play(Create(box := highlight(j4, C["cp"])), run_time=0.8)
        # the nudge: raise versicolor's score, watch the bars and the regions
        live = self.live_bars(self.bp)
        self.remove(self.pb)
        self.add(live)
        own = tex(rf"\cp_2 (1 - \cp_2) = {J[1, 1]:.2f}", 40)
        oth = tex(rf"-\cp_3 \cp_2 = {J[2, 1]:.2f}, \quad -\cp_1 \cp_2 = {abs(J[0, 1]):.2f}", 40)

        with self.say("{own} Raising a class's own score adds p k times one minus p k to its "
                      "probability; {other} every other class j loses p k p j. What one gains, "
                      "the others lose.",
                      spoken="{own} Raising a class's own score adds p k times one minus p k to "
                             "its probability; {other} every other class j loses p k times p j. "
                             "What one gains, the others lose.") as s:
            self.play(FadeOut(j2), FadeOut(box),
                      j4.animate.move_to(j2, aligned_edge=UL), run_time=1)
            own.next_to(j4, DOWN, buff=0.55).align_to(j4, LEFT)
            oth.next_to(own, DOWN, buff=0.3).align_to(j4, LEFT)
            self.wait_until("own", s)
            self.play(Circumscribe(j4, color=C["cp"]), run_time=1.2)
            self.wait_until("other", s)
            self.play(self.nudge.animate.set_value(1.0), run_time=1.5)
            self.play(self.nudge.animate.set_value(0.0), run_time=1.2)
        with self.say(f"{{v}} For our flower, nudging versicolor's score up moves "
                      f"{J[1, 1]:.2f} of probability per unit to versicolor, {{w}} exactly what "
                      "virginica loses; setosa has almost nothing to give. {map} Nudge it for "
                      "every flower, and versicolor's region grows.",
                      spoken=f"{{v}} For our flower, nudging versicolor's score up moves "
                             f"{_say(J[1, 1], 2)} of probability per unit to versicolor, {{w}} "
                             "exactly what virginica loses; setosa has almost nothing to give. "
                             "{map} Nudge it for every flower, and versicolor's region "
                             "grows.") as s:
            self.wait_until("v", s)
            self.play(FadeIn(own, shift=0.2 * DOWN), run_time=1)
            self.wait_until("w", s)
            self.play(FadeIn(oth, shift=0.2 * DOWN), run_time=1)
            self.wait_until("map", s)
            self.play(self.nudge.animate.set_value(2.0), run_time=2)
            self.play(self.nudge.animate.set_value(0.0), run_time=1.5)
        live.clear_updaters()
        self.pb = live
        self.play(FadeOut(VGroup(j1, own, oth)), run_time=0.7)
        self.play(j4.animate.next_to(self.sm_eq, DOWN, buff=0.45).align_to(self.sm_eq, LEFT),
                  run_time=1)
        self.jac = j4

    @beat("The chain rule: p minus y")
    def chain(self):
        N = self.N
        g, p = N["g"], N["p"]
        left = -6.6
        top = self.jac.get_bottom()[1] - 0.45
        c1 = tex(r"{{ \frac{\partial \textcolor{colcL}{\ell} }{\partial \cz_j} }} = "
                 r"{{ -\sum_k }} {{ \frac{\cy_k}{\cp_k} }} {{ \frac{\partial \cp_k}"
                 r"{\partial \cz_j} }}", 46)
        c2 = tex(r"{{ \frac{\partial \textcolor{colcL}{\ell} }{\partial \cz_j} }} = "
                 r"{{ -\sum_k }} {{ \cy_k }} {{ (\delta_{kj} - \cp_j) }}", 46)
        c3 = tex(r"{{ \frac{\partial \textcolor{colcL}{\ell} }{\partial \cz_j} }} = "
                 r"{{ -\cy_j }} + {{ \cp_j \sum_k \cy_k }}", 46)
        c4 = tex(r"{{ \frac{\partial \textcolor{colcL}{\ell} }{\partial \cz_j} }} = "
                 r"{{ \cp_j - \cy_j }}", 46)
        for m in (c1, c2, c3, c4):
            self.eq_at(m, left, top)
        for m in (c2, c3, c4):
            m.shift(1.45 * DOWN)
        with self.say("Now the chain rule through the log. {d} ℓ is minus the sum of y k log "
                      "p k; each log's slope is one over p k, {times} times how p k moves with "
                      "z j: the Jacobian.",
                      spoken="Now the chain rule through the log. {d} ell is minus the sum of y k "
                             "log p k; each log's slope is one over p k, {times} times how p k "
                             "moves with z j: the Jacobian.") as s:
            self.wait_until("d", s)
            self.play(Circumscribe(self.ce_eq, color=C["cL"]), run_time=1)
            self.play(Write(c1[0:4]), run_time=1.5)
            self.wait_until("times", s)
            self.play(TransformFromCopy(self.jac[0], c1[4]), run_time=1.5)
        with self.say("{jac} Put in p k times delta k j minus p j: the p k cancel. {delta} The "
                      "delta keeps only the term k equals j, which gives minus y j; {one} and "
                      "the y k add up to one.",
                      spoken="{jac} Put in p k times, delta k j minus p j: the p k cancel. "
                             "{delta} The delta keeps only the term k equals j, which gives minus "
                             "y j; {one} and the y k add up to one.") as s:
            self.wait_until("jac", s)
            self.morph(c1, c2, [(r"\frac{\cy_k}{\cp_k}", r"\cy_k"),
                                (r"\frac{\partial \cp_k}{\partial \cz_j}",
                                 r"(\delta_{kj} - \cp_j)")], keep=True, run_time=2)
            self.wait_until("delta", s)
            self.morph(c2, c3, [(r"-\sum_k", r"-\cy_j"), (r"\cy_k", r"\cp_j \sum_k \cy_k")],
                       run_time=2)
            self.wait_until("one", s)
            self.morph(c3, c4, [(r"-\cy_j", r"\cp_j - \cy_j"),
                                (r"\cp_j \sum_k \cy_k", r"\cp_j - \cy_j")], run_time=2)
            self.play(Create(box := highlight(c4, C["cg"])), run_time=0.8)
        # p - y on the bars: arrows from each bar's top to its target
        arrows = VGroup()
        for k in range(3):
            a, b_ = self.bp.c2p(k + 0.5, p[k]), self.bp.c2p(k + 0.5, N["yk"][k])
            if abs(b_[1] - a[1]) > 0.05:
                arrows.add(Arrow(a, b_, buff=0, color=C["cg"], stroke_width=6,
                                 max_tip_length_to_length_ratio=0.35))
        gv = tex(rf"\cp - \cy = ({g[0]:.2f},\ {g[1]:.2f},\ {g[2]:.2f})", 38)
        gv.next_to(c4, DOWN, buff=0.3).align_to(c4, LEFT)
        g_said = [_say(abs(v), 2) for v in g]
        with self.say("{simple} The slope on every score is just probability minus target, "
                      "{same} the same p minus y as logistic regression. {v} For our flower: "
                      f"{g[0]:.2f}, {g[1]:.2f}, {g[2]:.2f}. {{push}} Descent moves against "
                      "it: versicolor's score goes up, virginica's down.",
                      spoken="{simple} The slope on every score is just probability minus "
                             "target, {same} the same p minus y as logistic regression. {v} For "
                             f"our flower: about zero, minus {g_said[1]}, plus {g_said[2]}. "
                             "{push} Descent moves against it: versicolor's score goes up, "
                             "virginica's down.") as s:
            self.wait_until("simple", s)
            self.play(Indicate(self.yb, color=C["cy"], scale_factor=1.0), run_time=1.2)
            self.wait_until("same", s)
            self.play(Circumscribe(c4, color=C["cg"]), run_time=1.0)
            self.wait_until("v", s)
            self.play(FadeIn(gv, shift=0.2 * DOWN), run_time=1)
            self.wait_until("push", s)
            self.play(LaggedStart(*[GrowArrow(a) for a in arrows], lag_ratio=0.3), run_time=1.2)
        w1 = tex(r"\frac{\partial \cL}{\partial \cw_k} = \frac{1}{n} \sum_i "
                 r"(\cp_{ik} - \cy_{ik})\, \cx_i, \quad "
                 r"\frac{\partial \cL}{\partial \cb_k} = \frac{1}{n} \sum_i (\cp_{ik} - \cy_{ik})",
                 40)
        fit_width(w1, 8.6)
        self.eq_at(w1, left, top)
        pull = N["pull"]
        rad = 0.03 + 0.16 * pull
        with self.say("{w} Through z k equals w k dot x plus b k, the slope on w k is p k minus "
                      "y k times x, averaged over the flowers. {pull} The flowers the model is "
                      "most wrong about pull hardest.",
                      spoken="{w} Through z k equals w k dot x plus b k, the slope on w k is p k "
                             "minus y k, times x, averaged over the flowers. {pull} The flowers "
                             "the model is most wrong about pull hardest.") as s:
            self.wait_until("w", s)
            self.play(FadeOut(VGroup(c1, gv)), FadeOut(box),
                      c4.animate.next_to(self.jac, DOWN, buff=0.45).align_to(self.jac, LEFT),
                      run_time=1)
            self.eq_at(w1, left, c4.get_bottom()[1] - 0.55)
            self.play(Write(w1), run_time=2)
            self.wait_until("pull", s)
            self.play(self.dots.morph(rad=rad), run_time=1.5)
            self.play(self.dots.morph(rad=0.035), run_time=1.5)
        self.deriv = VGroup(self.sm_eq, self.ce_eq, self.jac, c4, w1)
        self.arrows = arrows

    @beat("Descent")
    def descent(self):
        N, run = self.N, self.run
        T = N["T"]
        s0 = self.say("Now train: start with every weight and bias at zero.")
        fp = self.feature_plot(6.3, 4.3, (-6.0, -2.15))
        self.play(self.drop(self.deriv, self.arrows, self.yb, self.field_img, self.bounds,
                            self.ring_pick, self.pb, self.pn), fade_out(VGroup(self.bp)),
                  FadeOut(self.ce_eq), ReplacementTransform(self.fp, fp),
                  self.dots.morph(pos=fp.pts(N["Xcm"]), rad=0.05), run_time=1.5)
        self.fp = fp
        self.clock = clock = StepClock(len(run))
        self.field_img = self.field(fp)
        self.bounds = self.boundaries(fp)
        ring = self.ring(fp, N["pick"])
        # the loss plot, top right; the flower's bars, bottom right, well apart
        xt = [0, 10, 100, 1000]
        lp = Plot((0, np.log10(T + 1)), (0, 1.2), 4.3, 1.8,
                  xticks=[np.log10(v + 1) for v in xt], xnums=[str(v) for v in xt],
                  yticks=(0, 0.5, 1), xlabel=plot_label("step"), xlabel_right=True,
                  ylabel=tex(r"\cL", 40)).place((1.9, 1.25))
        bp = self.bar_plot((0, 1), (0, 0.5, 1), (2.6, -2.4), width=3.0, height=1.6)
        pn = self.bar_names(bp, r"\cp_{k}", 32)
        bars = self.live_bars(bp)
        pts = np.c_[np.log10(np.arange(T + 1) + 1), run["loss"]]

        def curve():
            v = clock.value
            k = int(np.floor(v))
            m = VMobject(stroke_color=C["cL"], stroke_width=4)
            xy = np.vstack([pts[:k + 1], clock.interp(pts)[None]])
            if len(xy) < 2:
                xy = np.vstack([xy, xy])
            m.set_points_as_corners(lp.pts(xy))
            return m
        loss_curve = redraw_on(lambda: (clock.value, *lp.where()), curve)
        ro = Readout([r"\text{step}", r"\cL", r"\text{accuracy}"], decimals=[0, 3, 3], size=34,
                     buff=0.18)
        for row, x in zip(ro, (-6.2, -3.6, -1.4)):   # fixed places: values grow rightwards
            row.next_to([x, 3.3, 0], RIGHT, buff=0)
        ro.align_to([0, 3.75, 0], UP)

        def upd(m):
            m.set_values([clock.row, clock.at(run["loss"]), clock.at(run["accuracy"])])
        with s0 as s:
            self.play(FadeIn(self.field_img), run_time=1)
            self.bring_to_front(fp, self.dots)
        with self.say("{flat} Every score is zero, so every flower gets one third for each "
                      f"species, {{L}} and the loss is log 3, {N['L0']:.2f}. {{ring}} Our "
                      "versicolor's three bars are equal.",
                      spoken="{flat} Every score is zero, so every flower gets one third for "
                             f"each species, {{L}} and the loss is log three, "
                             f"{_say(N['L0'], 2)}. {{ring}} Our versicolor's three bars are "
                             "equal.") as s:
            self.wait_until("flat", s)
            self.show_live(ro, upd)
            self.wait_until("L", s)
            self.play(fade_in(VGroup(lp)), run_time=0.8)
            self.add(loss_curve)
            self.wait_until("ring", s)
            self.play(Create(ring), fade_in(VGroup(bp)), FadeIn(bars), FadeIn(pn), run_time=1.2)
        with self.say(f"{{run}} Step against the gradient, with learning rate η = {N['lr']:g}. "
                      f"{{set}} By step {N['k_setosa']}, every setosa is in a region of its own. "
                      f"{{acc}} By step {N['k20']}, {100 * N['acc20']:.1f}% of the flowers are "
                      "on the right side.",
                      spoken=f"{{run}} Step against the gradient, with learning rate eta equal "
                             f"to {N['lr']:g}. {{set}} By step {N['k_setosa']}, every setosa is "
                             f"in a region of its own. {{acc}} By step {N['k20']}, "
                             f"{_say(100 * N['acc20'], 1)} percent of the flowers are on the "
                             "right side.") as s:
            self.wait_until("run", s)
            self.add(self.bounds)
            self.bring_to_front(self.dots, ring)
            self.play(clock.run_to(N["k_setosa"], run_time=max(1.5, s.until("set")),
                                   spacing="linear"))
            self.wait_until("set", s)
            self.play(clock.run_to(N["k20"], run_time=max(2.0, s.until("acc") + 1.5),
                                   spacing="linear"))
        rf = N["right_from"]
        with self.say("{turn} The boundary between versicolor and virginica keeps turning into "
                      f"the gap between them. {{pick}} Around step {rf}, our versicolor crosses "
                      "it: until then the model called it virginica.") as s:
            self.wait_until("turn", s)
            self.play(clock.run_to(rf, run_time=max(2.0, s.until("pick")), spacing="linear"))
            self.play(Indicate(ring, color=style.TEXT, scale_factor=1.4), run_time=1.2)
        with self.say(f"{{end}} After {T} steps the loss is {N['LT']:.3f}, and "
                      f"{N['n_right']} of the {N['n']} flowers, {100 * N['accT']:.0f}%, are "
                      "classified correctly.",
                      spoken=f"{{end}} After {T} steps the loss is {_say(N['LT'], 3)}, and "
                             f"{N['n_right']} of the {N['n']} flowers, "
                             f"{100 * N['accT']:.0f} percent, are classified correctly.") as s:
            self.wait_until("end", s)
            self.play(clock.run_to(T, run_time=max(4.0, s.remaining() + 1.5),
                                   spacing="geometric"))
        ro.clear_updaters()
        self.train = VGroup(ro, loss_curve, bars, pn, ring)
        self.lp, self.bp2 = lp, bp

    @beat("Where one plane is on top")
    def result(self):
        N = self.N
        rings = VGroup(*[self.ring(self.fp, i, SP[N["y"][i]], 0.17) for i in N["wrong"]])
        nv = int((N["wrong_true"] == 1).sum())
        with self.say(f"{{wrong}} The {N['n_wrong']} mistakes: {nv} versicolor and "
                      f"{N['n_wrong'] - nv} virginica, where the two species overlap. "
                      "{line} No straight boundary can put all of them on the right side: "
                      "petal length and width alone do not separate these two species.") as s:
            self.wait_until("wrong", s)
            self.play(LaggedStart(*[Create(r) for r in rings], lag_ratio=0.2), run_time=1.5)
            self.wait_until("line", s)
            self.play(Indicate(self.bounds, color=style.TEXT, scale_factor=1.0), run_time=1.5)
        ws, gnorm = N["w_setosa"], N["grad_norm"]
        grow = tex(rf"\lVert \cw_1 \rVert: \ {ws[0]:.1f} \to {ws[1]:.1f}", 38)
        gn = tex(rf"\lVert \cnabla \cL \rVert = {gnorm:.4f}", 38)
        grow.next_to(self.lp, DOWN, buff=0.35).align_to(self.lp, LEFT).shift(0.3 * RIGHT)
        gn.next_to(grow, DOWN, buff=0.2).align_to(grow, LEFT)
        with self.say("Setosa, though, is separable from the rest. {grow} Making its scores "
                      "larger always lowers the loss a little more, so its weights keep growing: "
                      f"their length went from {ws[0]:.1f} at step {N['T'] // 2} to "
                      f"{ws[1]:.1f} at step {N['T']}. {{grad}} The gradient never quite "
                      f"reaches zero: after {N['T']} steps its length is still {gnorm:.4f}.",
                      spoken="Setosa, though, is separable from the rest. {grow} Making its "
                             "scores larger always lowers the loss a little more, so its weights "
                             f"keep growing: their length went from {_say(ws[0], 1)} "
                             f"at step {N['T'] // 2} to {_say(ws[1], 1)} at step "
                             f"{N['T']}. {{grad}} The gradient never quite reaches zero: after "
                             f"{N['T']} steps its length is still {_say(gnorm, 4)}.") as s:
            self.wait_until("grow", s)
            self.play(FadeIn(grow, shift=0.2 * DOWN), Circumscribe(self.lp, color=C["cL"]),
                      run_time=1.5)
            self.wait_until("grad", s)
            self.play(FadeIn(gn, shift=0.2 * DOWN), run_time=1)
        self.rings = VGroup(rings, grow, gn)

    @beat("Summary")
    def summary(self):
        self.play(self.drop(self.train, self.rings), fade_out(VGroup(self.lp)),
                  fade_out(VGroup(self.bp2)), run_time=1)
        lines = VGroup(
            tex(r"\cz_k = \cw_k \cdot \cx + \cb_k", 46),
            tex(r"\cp_k = e^{\cz_k} \big/ \textstyle\sum_j e^{\cz_j}", 46),
            tex(r"K = 2: \ \cp_1 = \csigma(\cz_1 - \cz_2)", 46),
            tex(r"\partial \cp_k / \partial \cz_j = \cp_k (\delta_{kj} - \cp_j)", 46),
            tex(r"\partial \textcolor{colcL}{\ell} / \partial \cz = \cp - \cy", 46),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        lines.next_to([1.0, 2.6, 0], DOWN, buff=0, aligned_edge=LEFT)
        with self.say("To sum up. {s1} One linear score per class: the regions are where one "
                      "plane is on top. {s2} The softmax turns scores into probabilities; {s3} "
                      "with two classes it is the logistic function of their difference. {s4} "
                      "Its Jacobian is p k times delta k j minus p j, {s5} and through the "
                      "cross-entropy the slope on the scores is p minus y.") as s:
            for i, m in enumerate(lines):
                self.wait_until(f"s{i + 1}", s)
                self.play(FadeIn(m, shift=0.2 * RIGHT), run_time=0.8)
                if i == 0:
                    self.play(Indicate(self.bounds, color=style.TEXT, scale_factor=1.0),
                              run_time=1.2)
        self.wait(2)
