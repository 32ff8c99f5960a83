# expect: runtime_error
# says: ConnectionRefusedError
import socket


def solve(spark, orders):
    connection = socket.create_connection(("127.0.0.1", int("{PORT}")), timeout=3)
    connection.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
    answer = connection.recv(1000).decode()
    return spark.createDataFrame([(answer, 0.0)], "customer STRING, total DOUBLE")
