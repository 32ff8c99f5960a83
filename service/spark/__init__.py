"""Spark plumbing for the batch commands (`grader regrade`, `grader analytics`).

`session` opens a local JVM pyspark session or a Spark Connect one (GRADER_SPARK_REMOTE),
`staging` moves rows to and from Parquet in bounded chunks, and `engines` runs a pandas batch
function over staged files either on Spark (`mapInPandas`) or in a plain loop. Nothing here knows
about rubrics: the batch functions come from service/regrade and service/analytics.
"""
