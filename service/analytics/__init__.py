"""Pure computations over graded answers: the drift report of a regrade and item analytics.

No database, no Spark: these modules take batches of rows (pandas DataFrames or plain values)
and keep bounded running totals, so they work the same on 100 answers or 100 million.
"""
