"""The low-level text and amount layer: the one fold of printed text (budget_etl/text.py) and the
one conversion of a printed amount to exact yuan (budget_etl/money.py)."""

from decimal import Decimal

import polars as pl
import pytest

from budget_etl.money import UNIT_FACTORS, WAN_PER_YUAN, MoneyError, to_yuan, with_yuan
from budget_etl.normalise.amounts import NormaliseError
from budget_etl.normalise.amounts import with_yuan as normalise_with_yuan
from budget_etl.text import QUOTE_MARKS, fold, fold_in_place, unify_newlines, unspaced

# ------------------------------------------------------------------------------------------------
# fold: NFKC, one kind of quotes, no whitespace


@pytest.mark.parametrize(
    ("printed", "folded"),
    [
        ("维修（护）费", "维修(护)费"),  # full-width parentheses
        ("２０２６年", "2026年"),  # full-width digits
        ("ＡＢｃ", "ABc"),  # full-width letters
        ("单位：万元", "单位:万元"),  # full-width colon
        ("１２．５０", "12.50"),
        ("－３．００", "-3.00"),
    ],
)
def test_fold_folds_full_width_to_half_width(printed, folded):
    assert fold(printed) == folded


@pytest.mark.parametrize(
    "quoted",
    [
        "“三公”经费",
        "‘三公’经费",
        "「三公」经费",
        "『三公』经费",
        '"三公"经费',
        "'三公'经费",
        "＂三公＂经费",
        "〝三公〞经费",
    ],
)
def test_fold_makes_every_quote_one_ascii_double_quote(quoted):
    assert fold(quoted) == '"三公"经费'


def test_every_quote_mark_folds_to_the_same_character():
    assert {fold(q) for q in QUOTE_MARKS} == {'"'}


@pytest.mark.parametrize(
    "spaced",
    [
        "2026 年预算数",
        "2026\u00a0年预算数",  # NBSP
        "2026\u3000年预算数",  # ideographic space
        "2026\t年\r\n预算数",
        "  2026年 预 算 数  ",
        "2026\u2002年预算数",  # en space
    ],
)
def test_fold_removes_every_kind_of_whitespace(spaced):
    assert fold(spaced) == "2026年预算数"


def test_fold_of_a_wrapped_label_equals_the_label_printed_on_one_line():
    assert fold("政府办公厅（室） 及相关\n机构事务") == fold("政府办公厅(室)及相关机构事务")


def test_fold_of_nothing_is_empty():
    assert fold(None) == "" and fold("") == "" and fold(" \u3000\n") == ""


def test_fold_is_idempotent():
    text = "“十五五”规划　编制（２０２６）‘百千万工程’ ①"
    assert fold(fold(text)) == fold(text)


# ------------------------------------------------------------------------------------------------
# the light variants


def test_fold_in_place_keeps_length_and_whitespace_and_agrees_with_fold():
    text = "（一）“三公”经费\u3000１０．００ 万元\u00a0，‘百千万’「工程」"
    folded = fold_in_place(text)
    assert len(folded) == len(text)
    assert folded == '(一)"三公"经费 10.00 万元 ,"百千万""工程"'
    assert fold(folded) == fold(text)


def test_unspaced_removes_whitespace_and_keeps_printed_widths():
    assert unspaced("上海市 普陀区（本级）\u3000司法局\r\n") == "上海市普陀区（本级）司法局"
    assert unspaced(None) == ""


def test_unify_newlines():
    assert unify_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"


# ------------------------------------------------------------------------------------------------
# money: printed amount in its unit -> exact yuan


def test_unit_factors():
    assert UNIT_FACTORS == {"万元": Decimal(10000), "元": Decimal(1)}
    assert WAN_PER_YUAN * UNIT_FACTORS["万元"] == 1


@pytest.mark.parametrize(
    ("amount", "unit", "yuan"),
    [
        ("7368.845955", "万元", "73688459.55"),  # 6 decimals of 万元: a figure to the fen
        ("2324.90", "万元", "23249000.00"),
        ("0.000001", "万元", "0.01"),
        ("-3.00", "万元", "-30000.00"),
        ("1097073.43", "元", "1097073.43"),
        ("0", "元", "0.00"),
    ],
)
def test_to_yuan_is_exact_to_the_fen(amount, unit, yuan):
    value = to_yuan(Decimal(amount), unit)
    assert value == Decimal(yuan) and value.as_tuple().exponent == -2


@pytest.mark.parametrize(("amount", "unit"), [("1.005", "元"), ("0.0000001", "万元"), ("12.3456785", "万元")])
def test_to_yuan_refuses_a_figure_finer_than_a_fen(amount, unit):
    with pytest.raises(MoneyError, match="fen"):
        to_yuan(Decimal(amount), unit)


@pytest.mark.parametrize("unit", ["%", "辆", "千元", ""])
def test_to_yuan_refuses_a_unit_that_is_not_money(unit):
    with pytest.raises(MoneyError, match="unknown unit"):
        to_yuan(Decimal("1.00"), unit)


def _amounts(values: list[str], units: list[str | None]) -> pl.DataFrame:
    """Staged amounts: TABLE_AMOUNT, Decimal(24, 6)."""
    schema = {"amount": pl.Decimal(24, 6), "unit": pl.String}
    return pl.DataFrame({"amount": [Decimal(v) for v in values], "unit": units}, schema=schema)


def test_with_yuan_converts_a_column_as_to_yuan_converts_one_figure():
    values, units = ["7368.845955", "2324.90", "1097073.43", "-3.00"], ["万元", "万元", "元", "元"]
    frame = with_yuan(_amounts(values, units))
    assert frame.schema["amount_yuan"] == pl.Decimal(18, 2)
    assert frame["amount_yuan"].to_list() == [to_yuan(Decimal(v), u) for v, u in zip(values, units)]


@pytest.mark.parametrize(("value", "unit"), [("1.005", "元"), ("0.000001", "元"), ("12.3456", "元")])
def test_with_yuan_refuses_a_figure_finer_than_a_fen(value, unit):
    # In the staged types (scale 6 at most) only a 元 figure can be finer than a fen.
    frame = _amounts([value, "1.00"], [unit, "万元"])
    with pytest.raises(MoneyError, match="fen"):
        with_yuan(frame)
    with pytest.raises(NormaliseError, match="fen"):  # the normaliser's error for the same
        normalise_with_yuan(frame)


@pytest.mark.parametrize("unit", ["%", None])
def test_with_yuan_refuses_a_unit_that_is_not_money(unit):
    # A missing unit is not 元: converting it would guess the figure (the quality checks read it as 万元).
    with pytest.raises(MoneyError, match="unknown units"):
        with_yuan(_amounts(["1.00", "2.00"], ["万元", unit]))
