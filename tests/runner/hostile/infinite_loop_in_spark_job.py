# expect: time_limit
from pyspark.sql import functions as F


@F.udf("double")
def spin(amount):
    while True:
        pass


def solve(spark, orders):
    return orders.select("customer", spin("amount").alias("total"))
