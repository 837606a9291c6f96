"""Pure-NumPy algorithms of ML Visualized. Never imports manim.

Every algorithm runs once and returns a :class:`~algorithms.trajectory.Trajectory`; the
iterative ones fill it through a :class:`~algorithms.trajectory.Recorder`.
"""
from algorithms.trajectory import Recorder, Trajectory

__all__ = ["Trajectory", "Recorder"]
