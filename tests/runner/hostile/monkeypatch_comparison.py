# expect: wrong_answer
import sys

import pyspark.testing
import pyspark.testing.utils


def accept_anything(*args, **kwargs):
    return None


pyspark.testing.assertDataFrameEqual = accept_anything
pyspark.testing.utils.assertDataFrameEqual = accept_anything
for module in list(sys.modules.values()):
    if getattr(module, "assertDataFrameEqual", None) is not None:
        module.assertDataFrameEqual = accept_anything


def solve(spark, orders):
    return orders.selectExpr("customer", "amount AS total")
