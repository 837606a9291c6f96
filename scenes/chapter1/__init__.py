"""Chapter 1: Optimization."""
from scenes.catalog import Chapter, Lecture, Param

CHAPTER = Chapter(
    slug="chapter1",
    number=1,
    title="Optimization",
    lectures=(
        Lecture(
            slug="gradient_descent",
            scene="GradientDescent",
            title="Gradient descent",
            summary="Fit sales against radio spend by following the gradient of the squared error.",
            params=(
                Param("raw_lr", 0.001, 1e-6, 0.01, "learning rate on unscaled radio spend"),
                Param("raw_steps", 200, 1, 5000, "steps on unscaled radio spend"),
                Param("lr", 0.1, 1e-4, 1.2, "learning rate after standardizing x"),
                Param("n_steps", 60, 1, 2000, "steps after standardizing x"),
            ),
        ),
        Lecture(
            slug="optimizers",
            scene="Optimizers",
            title="Momentum, RMSprop and Adam",
            summary="Four optimizers race on an ill-conditioned bowl and on Rosenbrock's valley.",
            params=(),
        ),
    ),
)

SCENES_IN_ORDER = [lec.scene for lec in CHAPTER.lectures]
