"""Entry for spark-submit (and `python -m newsledger.spark`).

    spark-submit --master yarn --archives env.tar.gz#env \\
        "$(python -c 'import newsledger.spark.__main__ as m; print(m.__file__)')" \\
        analyze hdfs:///crawl/CC-NEWS/2026/ --output hdfs:///out/newsledger
"""

from newsledger.spark.cli import main

if __name__ == "__main__":
    main()
