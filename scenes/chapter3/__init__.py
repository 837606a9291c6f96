"""Chapter 3: Linear Models."""
from scenes.catalog import Chapter, Lecture, Param

CHAPTER = Chapter(
    slug="chapter3",
    number=3,
    title="Linear Models",
    lectures=(
        Lecture(
            slug="perceptron",
            scene="Perceptron",
            title="The perceptron",
            summary="Correct one mistake at a time, Novikoff's bound on how many mistakes, "
                    "and what happens when no line separates the classes.",
            params=(
                Param("lr", 1.0, 0.5, 1.0, "learning rate eta (only rescales w and b)"),
                Param("max_epochs", 20, 5, 40, "passes over the data before giving up"),
            ),
        ),
        Lecture(
            slug="naive_bayes",
            scene="NaiveBayes",
            title="Maximum likelihood and Naive Bayes",
            summary="Fit a distribution by making the data most probable, turn it around with "
                    "Bayes' rule, and classify Iris flowers one Gaussian per feature.",
        ),
        Lecture(
            slug="logistic_regression",
            scene="LogisticRegression",
            title="Logistic regression",
            summary="A score squashed into a probability, the cross-entropy from maximum "
                    "likelihood, the chain rule down to prediction minus label, and what "
                    "averaging the gradient over the features did wrong.",
            params=(
                Param("lr", 6.0, 3.0, 6.5, "learning rate of full-batch gradient descent"),
                Param("n_steps", 5000, 2000, 20_000, "gradient descent steps"),
            ),
        ),
        Lecture(
            slug="softmax_regression",
            scene="SoftmaxRegression",
            title="Softmax regression",
            summary="One linear score per class, the softmax and its Jacobian, the slope of "
                    "the cross-entropy, and the regions of three Iris species by their petals.",
            params=(
                Param("lr", 3.0, 1.0, 3.0, "learning rate of full-batch gradient descent"),
                Param("n_steps", 3000, 1000, 6000, "gradient descent steps"),
            ),
        ),
    ),
)

SCENES_IN_ORDER = [lec.scene for lec in CHAPTER.lectures]
