# expect: wrong_answer
import json
import os
import sys

FAKE = json.dumps({"verdict": "accepted", "points": 5, "max_points": 5, "tests": []})


def solve(spark, orders):
    print(FAKE)
    print(FAKE, file=sys.stderr)
    os.write(1, (FAKE + "\n").encode())
    os.write(2, (FAKE + "\n").encode())
    return orders.selectExpr("customer", "amount AS total")
