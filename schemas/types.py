"""The polars types of money in the contract: one definition each, imported everywhere else.

- ``YUAN``: a warehouse amount in 元, to the fen (amount_yuan DECIMAL(18,2)).
- ``WAN``: the same amount in 万元 (amount_wan DECIMAL(20,6)), exactly YUAN / 10000.
- ``TABLE_AMOUNT``: a staged table cell as printed. 万元 tables print 2 to 6 decimals (6 is a
  万元 figure to the fen), 元 tables 2; scale 6 holds every one exactly (a wider one is refused
  by cells.parse_amount).
- ``AMOUNT``: a figure stated in the narrative as printed; it sometimes has 3 decimals
  ("增长37.841万元"), scale 4 holds them, as fact_narrative stores them.
"""

import polars as pl

YUAN = pl.Decimal(precision=18, scale=2)
WAN = pl.Decimal(precision=20, scale=6)
TABLE_AMOUNT = pl.Decimal(precision=24, scale=6)
AMOUNT = pl.Decimal(precision=20, scale=4)
