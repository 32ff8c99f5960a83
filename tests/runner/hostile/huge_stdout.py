# expect: output_limit
import os


def solve(spark, orders):
    while True:
        os.write(1, b"y" * 65536)
