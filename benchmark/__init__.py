"""How fast is the pipeline, next to what a user would do first and next to what the PDF allows?

``budget-etl bench`` (pipelines/commands/bench.py) runs this package; docs/performance.md holds
its figures. It lives outside the product package: nothing in budget_etl/, assets/ or
pipelines/ imports it but the command. For every PDF of an inbox it measures four steps, each in
a fresh Python process, then the whole inbox with N worker processes. It runs the pipeline
through the same stage functions, in the same order, as the Dagster assets
(``budget_etl.stages``), so it never carries its own copy of the pipeline.

One job per module:

- ``child``       the child-process protocol: spawn ``python -m benchmark.child``, ``os.wait4``
                  for its peak RSS, its result as JSON
- ``steps``       the measured steps, inside the child: baseline, floor, extraction, end to end
- ``runners``     one document end to end, through the Dagster job or the plain stage functions
- ``documents``   one PDF: its steps, one child each, and the ratios between them
- ``throughput``  an inbox with N worker processes into one warehouse; runs of growing size
- ``clock``       wall and CPU seconds, peak RSS and warm passes inside one process
- ``stats``       medians, ratios, linear fits, and the summaries a report derives from them
- ``targets``     the performance targets, judged on a report
- ``report``      the report as text
- ``machine``     the machine, its load and the code measured
- ``pdfs``        the PDFs of an inbox, their pages, the pages a capped baseline reads

Nothing here asserts a speed: the numbers are the output.
"""
