"""The program that runs INSIDE the sandbox.

It is mounted read-only as the top-level package `harness` and started with
`python -m harness RESULT_FD`, so its modules import each other relatively and use only the
standard library, pyspark, pysail, deltalake and pyseccomp, never `service.*`. The host imports
the pure modules (ddl, values) as `service.runner.harness.*` to decode results.
"""
