"""Quality checks of one document: great-expectations suites and accounting identities.

- ``results``: one check outcome (``CheckResult``) and the frame of them, shaped like the
  warehouse's ``quality_check_result`` table;
- ``staged_rows``: the staged long table read back into printed rows, amounts in exact yuan;
- ``identities``: the accounting identities of the tables and the narrative, one function each;
- ``gx_suites``: the GX 1.x suites of ``expectations/`` run over the staged frames;
- ``evaluate``: everything for one document, and the status it earns (passed/warned/failed);
- ``gate``: what the warehouse load does with that status.
"""
