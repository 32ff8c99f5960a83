# expect: runtime_error
# says: returned non-zero exit status
import subprocess


def solve(spark, orders):
    secret = subprocess.check_output(["cat", "/etc/shadow"]).decode()
    return spark.createDataFrame([(secret, 0.0)], "customer STRING, total DOUBLE")
