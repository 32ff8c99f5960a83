# expect: runtime_error
# says: nothing readable as sandbox
# engine: jvm
# Py4J gives full JVM access; the JVM runs inside the sandbox as the sandbox UID.


def solve(spark, orders):
    jvm = spark._jvm
    stolen = []
    process = jvm.java.lang.Runtime.getRuntime().exec("cat /etc/shadow {DB_PATH}")
    if process.waitFor() == 0:
        stolen.append("cat /etc/shadow worked")
    database = jvm.java.io.File("{DB_PATH}")
    if database.canRead():
        stolen.append(bytes(jvm.java.nio.file.Files.readAllBytes(database.toPath())).hex())
    if stolen:
        return spark.createDataFrame([(s, 0.0) for s in stolen], "customer STRING, total DOUBLE")
    user = jvm.java.lang.System.getProperty("user.name")
    raise PermissionError(f"nothing readable as {user}")
