"""Quality checks of one document: great-expectations suites and accounting identities.

- ``results``: one check outcome (``CheckResult``) and the frame of them, shaped like the
  warehouse's ``quality_check_result`` table;
- ``staged_rows``: the staged long table read back into printed rows, amounts in exact yuan;
- ``identities``: the accounting identities (entry point; they live in ``arithmetic``,
  ``summary_tables``, ``breakdowns``, ``across_tables``, ``coverage``, ``narrative_identities``,
  sharing ``registry`` and the readers ``reading``, ``three_public_items``, ``project_rows``);
- ``gx_suites``: the GX 1.x suites (generated from schemas/tables.py) run over the staged frames;
- ``evaluate``: everything for one document, and the status it earns (passed/warned/failed);
- ``gate``: what the warehouse load does with that status;
- ``report``: one named check's outcome, summarised for the Dagster UI.
"""
