"""Money: a printed amount in its unit, to exact yuan. Decimal end to end, never float.

The tables and the narrative print money in 万元 or 元 (``UNIT_FACTORS``); staging keeps each
figure as printed, in its printed unit (schemas.types.TABLE_AMOUNT, AMOUNT). A fact holds yuan to
the fen (schemas.types.YUAN). 万元 × 10000 is exact in 元, and the result must be a whole number of
fen: polars rounds silently when a Decimal is cast to a smaller scale, and a rounded figure would
no longer be the printed one, so a finer figure is refused, not rounded.

- ``to_yuan``: one Python Decimal;
- ``with_yuan``: an ``amount_yuan`` column for a frame of amounts and units, on ``yuan_expr``.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from schemas.types import YUAN

# Yuan per printed unit; the units money is printed in.
UNIT_FACTORS = {"万元": Decimal(10000), "元": Decimal(1)}
FEN = Decimal("0.01")
# 万元 per yuan, for showing a yuan figure in 万元: x * 0.0001 keeps a Decimal exact (in DuckDB x / 10000 is DOUBLE).
WAN_PER_YUAN = 1 / UNIT_FACTORS["万元"]

# Scale of the exact product: a 万元 figure to the fen prints 6 decimals (schemas.types.TABLE_AMOUNT).
_EXACT = pl.Decimal(38, 6)
_INT_FACTORS = {unit: int(factor) for unit, factor in UNIT_FACTORS.items()}


class MoneyError(ValueError):
    """An amount that cannot be turned into yuan without losing or inventing a figure."""


def to_yuan(amount: Decimal, unit: str) -> Decimal:
    """``amount`` printed in ``unit`` as yuan, to the fen; refuses an unknown unit and a figure finer than a fen."""
    if unit not in UNIT_FACTORS:
        raise MoneyError(f"unknown unit {unit!r}: expected one of {list(UNIT_FACTORS)}")
    value = amount * UNIT_FACTORS[unit]
    if value != value.quantize(FEN):
        raise MoneyError(f"{amount} {unit} is not a whole number of fen")
    return value.quantize(FEN)


def yuan_expr(amount: str = "amount", unit: str = "unit") -> pl.Expr:
    """The column ``amount`` printed in ``unit`` as yuan, exact at scale 6 (not yet cast to YUAN:
    ``with_yuan`` checks it is whole fen first). A unit not in UNIT_FACTORS gives null, never a guess."""
    factor = pl.col(unit).replace_strict(_INT_FACTORS, default=None, return_dtype=pl.Int64)
    return pl.col(amount).cast(_EXACT) * factor


def with_yuan(frame: pl.DataFrame, amount: str = "amount", unit: str = "unit") -> pl.DataFrame:
    """``frame`` with an exact ``amount_yuan`` (schemas.types.YUAN) column from ``amount`` in ``unit``.

    ``amount`` is a Decimal of scale 6 at most, as staged (TABLE_AMOUNT, AMOUNT)."""
    unknown = frame.filter(~pl.col(unit).is_in(list(UNIT_FACTORS)) | pl.col(unit).is_null())[unit].unique().to_list()
    if unknown:
        raise MoneyError(f"unknown units {unknown}: expected one of {list(UNIT_FACTORS)}")
    frame = frame.with_columns(yuan_expr(amount, unit).alias("_scaled"))
    frame = frame.with_columns(pl.col("_scaled").cast(YUAN).alias("amount_yuan"))
    lossy = frame.filter(pl.col("amount_yuan").cast(_EXACT) != pl.col("_scaled"))
    if lossy.height:
        raise MoneyError(f"amounts finer than a fen cannot be stored exactly: {lossy.head(3).to_dicts()}")
    return frame.drop("_scaled")
