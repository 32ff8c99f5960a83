# expect: runtime_error
# says: FileNotFoundError
from pathlib import Path


def solve(spark, orders):
    secret = Path("/etc/shadow").read_text()
    return spark.createDataFrame([(secret, 0.0)], "customer STRING, total DOUBLE")
