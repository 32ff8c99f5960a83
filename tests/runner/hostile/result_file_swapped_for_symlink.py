# expect: wrong_answer
# Plants a forged "accepted" result file and symlinks to the database and /etc/shadow where a
# naive grader might read results by path; then returns a wrong answer.
import json
import os


def solve(spark, orders):
    forged = {"verdict": "accepted", "rows": [["a", 4.5], ["b", 2.0]]}
    for directory in ("/tmp", os.getcwd()):
        with open(os.path.join(directory, "forged.json"), "w") as handle:
            json.dump(forged, handle)
        for name in ("result.json", "results.json", "output.json"):
            target = os.path.join(directory, name)
            if os.path.lexists(target):
                os.remove(target)
            os.symlink("{DB_PATH}", target)
        os.symlink("/etc/shadow", os.path.join(directory, "shadow"))
    return orders.selectExpr("customer", "amount AS total")
