"""One dynamic partition per document, keyed by its identity: 部门名称-年度-部门/单位.

A disclosure published as two files has a partition per part: the tables-only file's key ends in
-报表, the narrative-only file's in -说明 (budget_etl.documents.DocumentIdentity.partition_key), so
the two parts never collide and each is superseded only by a corrected file of the same part.
"""

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")

# Run tag naming the exact file version (SHA-256) a run was started for.
FILE_VERSION_TAG = "budget_etl/sha256"
