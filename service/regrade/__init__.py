"""Regrading stored written answers with the current rubrics and engine.

`rescore` is the pure scoring core (it runs in Spark executors or in a plain loop), `source`
streams answers out of the database, `apply` writes new results with their audit, and `run`
ties them together and feeds the drift report (service/analytics/drift.py).
"""
