"""Evaluation of the scoring engine against human-graded answers (`grader eval`).

Unlike service.scoring, this layer reads files, draws plots and shows progress.
"""
