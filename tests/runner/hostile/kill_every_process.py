# expect: runtime_error
# says: killed by signal 9
import os


def solve(spark, orders):
    os.system("kill -9 -1")
    return orders
