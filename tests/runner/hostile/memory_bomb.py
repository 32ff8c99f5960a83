# expect: memory_limit


def solve(spark, orders):
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))
