"""One dynamic partition per document, keyed by its identity: 部门名称-年度-部门/单位."""

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")

# Run tag naming the exact file version (SHA-256) a run was started for.
FILE_VERSION_TAG = "budget_etl/sha256"
