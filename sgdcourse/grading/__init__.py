"""Grading: what nbgrader test cells import, the exercise build, and the grading proof."""
