"""Scale out: the same analysis as a Spark job, written as Parquet tables.

    newsledger spark analyze PATH... --output DIR [--master URL] [--partitions N]
    spark-submit .../newsledger/spark/__main__.py analyze PATH... --output DIR

Modules: `tables` (the Parquet schemas and rows, pure Python), `worker` (what
an executor runs, pure Python), `job` (the driver; imports pyspark), `cli`
(the command, which imports `job` only when it runs), `load` (the Parquet
output into a ledger, with pyarrow). Nothing here imports pyspark at import
time except `job`, so the rest of newsledger never loads it.
"""
