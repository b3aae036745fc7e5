"""Printed amounts to exact yuan: Decimal end to end, never float.

Staged amounts keep their printed precision (Decimal(24,6) in tables, (20,4) in the narrative) and unit. 万元 × 10000 is exact in
元; the result must be a whole number of fen, because polars rounds silently when a Decimal is
cast to a smaller scale, and a rounded figure would no longer be the printed one.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

YUAN = pl.Decimal(precision=18, scale=2)
FACTORS = {"万元": 10000, "元": 1}


class NormaliseError(ValueError):
    """Staged data that cannot be turned into facts without losing or inventing a figure."""


def with_yuan(frame: pl.DataFrame, amount: str = "amount", unit: str = "unit") -> pl.DataFrame:
    """``frame`` with an exact ``amount_yuan`` DECIMAL(18,2) column from ``amount`` in ``unit``."""
    unknown = frame.filter(~pl.col(unit).is_in(list(FACTORS)))[unit].unique().to_list()
    if unknown:
        raise NormaliseError(f"unknown units {unknown}: expected one of {list(FACTORS)}")
    factor = pl.when(pl.col(unit) == "万元").then(pl.lit(10000, pl.Int64)).otherwise(pl.lit(1, pl.Int64))
    # Scale 6: a 万元 figure to the fen prints 6 decimals; a narrower cast would round it silently.
    scaled = pl.col(amount).cast(pl.Decimal(38, 6)) * factor
    frame = frame.with_columns(scaled.alias("_scaled"))
    frame = frame.with_columns(pl.col("_scaled").cast(YUAN).alias("amount_yuan"))
    lossy = frame.filter(pl.col("amount_yuan").cast(pl.Decimal(38, 6)) != pl.col("_scaled"))
    if lossy.height:
        raise NormaliseError(f"amounts finer than a fen cannot be stored exactly: {lossy.head(3).to_dicts()}")
    return frame.drop("_scaled")


def to_yuan(amount: Decimal, unit: str) -> Decimal:
    """The same conversion for one Python Decimal."""
    if unit not in FACTORS:
        raise NormaliseError(f"unknown unit {unit!r}")
    value = amount * FACTORS[unit]
    if value != value.quantize(Decimal("0.01")):
        raise NormaliseError(f"{amount} {unit} is not a whole number of fen")
    return value.quantize(Decimal("0.01"))
