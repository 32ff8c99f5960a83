# expect: output_limit


def solve(spark, orders):
    while True:
        print("z" * 10000)
