# expect: accepted
# Reads (never sends) what the network namespace holds: the answer is correct only when the
# sandbox has no interface but its own loopback and no route anywhere.
import socket
from pathlib import Path

from pyspark.sql import functions as F


def solve(spark, orders):
    interfaces = [name for _, name in socket.if_nameindex()]
    routes = Path("/proc/net/route").read_text().splitlines()[1:]
    routes6 = [
        line for line in Path("/proc/net/ipv6_route").read_text().splitlines()
        if not line.rstrip().endswith("lo")
    ]
    device_lines = Path("/proc/net/dev").read_text().splitlines()[2:]
    devices = [line.split(":")[0].strip() for line in device_lines]
    if interfaces != ["lo"] or devices != ["lo"] or routes or routes6:
        raise RuntimeError(f"network visible: {interfaces} {devices} {routes} {routes6}")
    return orders.groupBy("customer").agg(F.sum("amount").alias("total"))
