"""Pure-NumPy algorithms of ML Visualized. Never imports manim.

Every algorithm runs once and returns a :class:`~algorithms.trajectory.Trajectory`.
"""
from algorithms.trajectory import Trajectory

__all__ = ["Trajectory"]
