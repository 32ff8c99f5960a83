# expect: time_limit


def solve(spark, orders):
    while True:
        pass
