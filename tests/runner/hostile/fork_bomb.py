# expect: memory_limit|time_limit
# The pids limit stops its growth; whether the copies' memory or the clock ends it first
# depends on timing: either verdict contains it.
import os


def solve(spark, orders):
    while True:
        os.fork()
