"""Printed amounts to exact yuan, as the normaliser needs them: budget_etl/money.py's conversion,
failing with the normaliser's error.

Staged amounts keep their printed precision (schemas.types.TABLE_AMOUNT in tables, AMOUNT in the
narrative) and unit; a figure that is not a whole number of fen in yuan is refused (money.py).
"""

from __future__ import annotations

import polars as pl

from budget_etl import money


class NormaliseError(ValueError):
    """Staged data that cannot be turned into facts without losing or inventing a figure."""


def with_yuan(frame: pl.DataFrame, amount: str = "amount", unit: str = "unit") -> pl.DataFrame:
    """``frame`` with an exact ``amount_yuan`` DECIMAL(18,2) column from ``amount`` in ``unit``
    (money.with_yuan); an unknown unit or a figure finer than a fen raises NormaliseError."""
    try:
        return money.with_yuan(frame, amount, unit)
    except money.MoneyError as exc:
        raise NormaliseError(str(exc)) from exc
