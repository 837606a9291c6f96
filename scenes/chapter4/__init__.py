"""Chapter 4: Neural Networks."""
from scenes.catalog import Chapter, Lecture, Param

CHAPTER = Chapter(
    slug="chapter4",
    number=4,
    title="Neural Networks",
    lectures=(
        Lecture(
            slug="function_approximation",
            scene="FunctionApproximation",
            title="Networks as function approximators",
            summary="Tanh bends, scaled and added, follow a curve through noisy data; gradient "
                    "descent places them, and enough of them follow any continuous curve.",
            params=(
                Param("hidden", 8, 6, 12, "hidden units"),
                Param("lr", 0.1, 0.05, 0.2, "gradient-descent learning rate"),
                Param("n_steps", 20000, 5000, 40000, "training steps"),
                Param("noise", 0.1, 0.05, 0.2, "standard deviation of the noise on the targets"),
                Param("seed", 0, 0, 10_000, "seed of the data and of the initial weights"),
            ),
        ),
        Lecture(
            slug="backpropagation",
            scene="Backpropagation",
            title="Backpropagation and the loss landscape",
            summary="The chain rule layer by layer, every number of the backward pass on "
                    "screen, and the descent path on the loss landscape.",
            params=(
                Param("lr", 0.5, 0.3, 0.6, "gradient-descent learning rate"),
                Param("n_steps", 300, 200, 1000, "training steps"),
                Param("resolution", 61, 31, 121, "grid points across the loss landscape"),
            ),
        ),
        Lecture(
            slug="vanishing_gradients",
            scene="VanishingGradients",
            title="Depth and vanishing gradients",
            summary="Why the gradient fades on its way back through deep sigmoid layers, and "
                    "three fixes that keep it alive, measured layer by layer.",
            params=(
                Param("depth", 5, 4, 8, "hidden layers (the narrow networks 2 units wide)"),
                Param("lr", 0.3, 0.1, 1.0, "gradient-descent learning rate"),
                Param("n_steps", 3000, 1000, 10000, "training steps"),
                Param("seed", 3, 0, 10_000, "seed of the initial weights"),
            ),
        ),
    ),
)

SCENES_IN_ORDER = [lec.scene for lec in CHAPTER.lectures]
