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
            summary="Fit a line by walking downhill, and see why the valley's shape sets the pace.",
            params=(
                # the story needs a stable raw run: below 2 / lambda_max = 0.001314
                Param("raw_lr", 0.001, 1e-6, 0.0013, "learning rate on unscaled radio spend "
                                                     "(stable below 0.00131)"),
                Param("raw_steps", 200, 10, 5000, "steps on unscaled radio spend"),
                # standardized, lambda = 2 in every direction: stable below 1
                Param("lr", 0.1, 1e-3, 0.99, "learning rate after standardizing x"),
                Param("n_steps", 60, 1, 2000, "steps after standardizing x"),
            ),
        ),
        Lecture(
            slug="optimizers",
            scene="Optimizers",
            title="Momentum, RMSprop and Adam",
            summary="Momentum, RMSprop and Adam derived from gradient descent, each step size "
                    "picked by one rule, on a bowl and on Rosenbrock's valley.",
            params=(
                # every learning rate is picked by one rule (the grid rate that settles soonest
                # within the tolerance); these set the races and the rule
                Param("bowl_steps", 300, 20, 3000, "steps per run on the bowl"),
                Param("bowl_tol", 0.02, 1e-4, 1.0, "settled: within this of the bowl's minimum "
                                                   "from then on"),
                Param("rosen_steps", 3000, 100, 20000, "steps per run on Rosenbrock"),
                Param("rosen_tol", 0.05, 1e-4, 1.0, "settled: within this of (1, 1) from then on"),
                Param("rosen_beta", 0.9, 0.0, 0.99, "momentum's beta on Rosenbrock"),
                Param("rho", 0.99, 0.5, 0.999, "RMSprop's decay rate rho"),
            ),
        ),
    ),
)

SCENES_IN_ORDER = [lec.scene for lec in CHAPTER.lectures]
