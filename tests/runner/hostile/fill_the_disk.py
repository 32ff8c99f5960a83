# expect: runtime_error
# says: No space left on device


def solve(spark, orders):
    with open("/tmp/filler", "wb") as handle:
        while True:
            handle.write(b"x" * (1 << 20))
