"""The book's look: one colour per symbol, fonts, sizes and the screen layout.

Every lecture takes its colours from here, never from literals, so the weight
``w`` is the same blue in an equation, a readout and a plot in every chapter.

In LaTeX, use the coloured macros of :data:`TEX_TEMPLATE` (``\\cw`` for w,
``\\cL`` for L, ...): ``eq(r"\\cyhat_i = \\cw x_i + \\cb")``. The macro carries the
colour into the SVG, so a symbol can never be left in the wrong colour.
"""
from __future__ import annotations

from manim import ManimColor, MathTex, TexTemplate, config

__all__ = [
    "BACKGROUND", "TEXT", "DIM", "GRID",
    "SYMBOLS", "COLOR", "CLASS_COLORS", "SPECIES_COLORS", "METHOD_COLORS",
    "TEX_TEMPLATE", "FONT", "MONO",
    "AXIS_CONFIG", "TITLE_SIZE", "HEADING_SIZE", "BODY_SIZE", "CAPTION_SIZE", "LABEL_SIZE", "EQ_SIZE",
    "READABLE_AXIS", "NUMBER_SIZE", "PLOT_LABEL_SIZE",
    "FRAME_W", "FRAME_H", "MARGIN", "LEFT_PANEL", "RIGHT_PANEL", "CAPTION_Y", "CAPTION_BAND",
    "TITLE_Y",
    "eq",
]

# -- base colours -----------------------------------------------------------------------------
BACKGROUND = ManimColor("#0E1117")
TEXT = ManimColor("#ECECEC")
DIM = ManimColor("#8A8F98")
GRID = ManimColor("#2A2F3A")

# -- one colour per symbol, for the whole book --------------------------------------------------
# macro name -> (LaTeX body, hex colour). Chapters add no colours of their own: pick from here.
SYMBOLS: dict[str, tuple[str, str]] = {
    # Chapter 1: regression and optimization
    "cw": ("w", "#58C4DD"),             # weight(s) w, W
    "cW": ("W", "#58C4DD"),
    "cb": ("b", "#5CD0B3"),             # bias b
    "cx": ("x", "#ECECEC"),             # input x (plain text colour)
    "cy": ("y", "#F4D345"),             # target y
    "cyhat": (r"\hat{y}", "#FF862F"),   # prediction y-hat
    "cL": ("L", "#FC6255"),             # loss L
    "cf": ("f", "#FC6255"),             # objective f (a loss: loss colour)
    "ceta": (r"\eta", "#83C167"),       # learning rate eta
    "cg": ("g", "#D147BD"),             # gradient g = grad L
    "cnabla": (r"\nabla", "#D147BD"),   # gradient operator
    "ctheta": (r"\theta", "#58C4DD"),   # all parameters theta (a weight vector)
    "cvel": ("v", "#B189C6"),           # momentum velocity v
    "cs": ("s", "#E07A8F"),             # running mean of squared gradients s
    "cm": ("m", "#B189C6"),             # Adam first moment m (a velocity, so its colour)
    "cbeta": (r"\beta", "#A6A6A6"),     # decay rates beta, rho (hyperparameters)
    "crho": (r"\rho", "#A6A6A6"),
    # Chapter 2: clustering and reduction
    "cmu": (r"\mu", "#F0AC5F"),         # centroid / mean mu
    "cJ": ("J", "#FC6255"),             # k-means objective J (a loss: loss colour)
    "cSigma": (r"\Sigma", "#C59FD9"),   # covariance Sigma
    "cv": ("v", "#FFD166"),             # eigenvector / direction v
    "clambda": (r"\lambda", "#E8E36E"),  # eigenvalue lambda
    # Chapter 3: linear models
    "cz": ("z", "#9BD1A5"),             # logit z
    "csigma": (r"\sigma", "#E4A0F7"),   # the logistic function sigma, and only it
    "cp": ("p", "#FF862F"),             # predicted probability p (a prediction)
    "cgamma": (r"\gamma", "#9BD1A5"),   # margin gamma
    "cLik": (r"\mathcal{L}", "#FFB3C7"),  # likelihood (its negative log per sample is a loss)
    "cpi": (r"\pi", "#9AA7FF"),          # class prior pi
    "csd": ("s", "#C59FD9"),            # a Gaussian's standard deviation s (s^2: a diagonal
                                        # entry of a covariance, so Sigma's colour)
    # Chapter 4: neural networks
    "ca": ("a", "#ECECEC"),             # activation a
    "cphi": (r"\varphi", "#B8F2E6"),   # a hidden unit's activation function phi (tanh, ReLU, ...)
    "cdelta": (r"\delta", "#D147BD"),   # backprop delta (a gradient: gradient colour)
}
COLOR: dict[str, ManimColor] = {name: ManimColor(hex_) for name, (_, hex_) in SYMBOLS.items()}

#: categorical colours for classes, clusters and species, in order. None is a symbol's colour,
#: nor near one (tests/test_style.py: at least 60 apart in RGB from every symbol), so a class can
#: never be read as a term of an equation.
CLASS_COLORS = [ManimColor(c) for c in ("#3A86FF", "#FF006E", "#06D6A0", "#A3E635",
                                        "#8338EC", "#FFBE0B")]
#: the Iris species, the same colours in every lecture of the book
SPECIES_COLORS = {"setosa": CLASS_COLORS[0], "versicolor": CLASS_COLORS[1],
                  "virginica": CLASS_COLORS[2]}
#: one colour per optimizer, shared by paths, labels and legends. Momentum is the velocity v's
#: colour and RMSprop the running mean s's (what each adds to descent); Adam has its own.
METHOD_COLORS = {
    "gd": ManimColor("#ECECEC"),
    "momentum": ManimColor("#B189C6"),
    "rmsprop": ManimColor("#E07A8F"),
    "adam": ManimColor("#00F5D4"),       # its own: not eta's green (Adam's eta is one of four)
}


def _tex_template() -> TexTemplate:
    tpl = TexTemplate()
    lines = [r"\usepackage{xcolor}"]
    for name, (body, hex_) in SYMBOLS.items():
        lines.append(rf"\definecolor{{col{name}}}{{HTML}}{{{hex_.lstrip('#')}}}")
        lines.append(rf"\newcommand{{\{name}}}{{{{\color{{col{name}}}{body}}}}}")
    tpl.add_to_preamble("\n".join(lines))
    return tpl


TEX_TEMPLATE = _tex_template()

# -- type ---------------------------------------------------------------------------------------
FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"
TITLE_SIZE = 40
HEADING_SIZE = 32
BODY_SIZE = 28
CAPTION_SIZE = 26   # narration line at the bottom: ~19 px tall at 480p
LABEL_SIZE = 24     # axis labels, legends
EQ_SIZE = 38        # derivation lines

#: axis_config for plots: dim axes, numbered ticks at a size still legible at 480p
AXIS_CONFIG = {"color": DIM, "stroke_width": 2, "font_size": 20, "include_numbers": True}

#: narrated lectures: axis numbers and plot labels legible at 480p (digits of a font_size 28
#: MathTex are 0.2 units, 12 px tall at 480p) and ticks 0.24 units (14 px) long
NUMBER_SIZE = 28
PLOT_LABEL_SIZE = 32
READABLE_AXIS = {"color": DIM, "stroke_width": 2.5, "font_size": NUMBER_SIZE,
                 "include_numbers": True, "tick_size": 0.12}

# -- layout (Manim units; the frame is 14.22 x 8) ----------------------------------------------
FRAME_W = config.frame_width
FRAME_H = config.frame_height
MARGIN = 0.35
TITLE_Y = FRAME_H / 2 - 0.45
CAPTION_Y = -FRAME_H / 2 + 0.42
#: (bottom, top) of the caption band: the strip a player draws subtitles in. Narrated lectures
#: keep it empty (``render check``); legacy lectures burn their narration line into it.
CAPTION_BAND = (-FRAME_H / 2, CAPTION_Y + 0.4)
#: (left, right, bottom, top) of the derivation column and of the visual panel.
LEFT_PANEL = (-FRAME_W / 2 + MARGIN, -0.6, CAPTION_Y + 0.45, TITLE_Y - 0.6)
RIGHT_PANEL = (-0.3, FRAME_W / 2 - MARGIN, CAPTION_Y + 0.45, TITLE_Y - 0.6)


def eq(*parts: str, size: float = EQ_SIZE, **kwargs) -> MathTex:
    """A MathTex in the book's template (so the coloured symbol macros work)."""
    return MathTex(*parts, tex_template=TEX_TEMPLATE, font_size=size, **kwargs)

