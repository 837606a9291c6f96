"""Chapter 2: Clustering and Reduction."""
from scenes.catalog import Chapter, Lecture, Param

CHAPTER = Chapter(
    slug="chapter2",
    number=2,
    title="Clustering and Reduction",
    lectures=(
        Lecture(
            slug="kmeans",
            scene="KMeans",
            title="k-means",
            summary="A score for a grouping; why neither step of Lloyd's algorithm can "
                    "raise it (the nearest centre, the mean); bad starts, k-means++ and "
                    "restarts; how many groups.",
            params=(
                Param("seed", 0, 0, 10_000, "first seed of the runs from random and k-means++ "
                                            "starts"),
                Param("k", 4, 4, 6, "clusters on the blob data (four blobs: the bad-start story "
                                    "needs at least four centres)"),
                Param("n_points", 300, 40, 600, "points in the blob data"),
                Param("n_runs", 100, 20, 400, "runs from each kind of start"),
                Param("restarts", 5, 2, 10, "runs kept the best of, per restart group"),
                Param("k_max", 8, 3, 10, "largest k on the elbow plot"),
            ),
        ),
        Lecture(
            slug="pca",
            scene="PCA",
            title="Principal component analysis",
            summary="The direction of most variance is the top eigenvector of the covariance; "
                    "power iteration finds it, deflation the next; Iris from four measurements "
                    "to two.",
            params=(
                Param("seed", 3, 0, 10_000, "seed of the cloud and of the power-iteration start"),
                Param("n_points", 200, 20, 600, "points in the correlated cloud"),
                Param("angle", 30.0, -80.0, 80.0, "direction of the cloud's long axis (degrees)"),
                Param("ratio", 0.45, 0.05, 0.5, "short-axis / long-axis spread of the cloud (up to 0.5: "
                      "rounder clouds leave the pictures' frames)"),
            ),
        ),
    ),
)

SCENES_IN_ORDER = [lec.scene for lec in CHAPTER.lectures]
