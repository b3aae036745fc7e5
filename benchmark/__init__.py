"""``budget-etl bench``: how fast the pipeline is, measured outside the product package."""
