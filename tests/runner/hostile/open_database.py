# expect: runtime_error
# says: FileNotFoundError
from pathlib import Path


def solve(spark, orders):
    data = Path("{DB_PATH}").read_bytes()
    return spark.createDataFrame([(data.hex()[:100], 0.0)], "customer STRING, total DOUBLE")
