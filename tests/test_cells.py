"""Cell repair on inline strings: wrapped text, stray spaces, separators, widths, signs, blanks."""

from decimal import Decimal

import pytest

from budget_etl.cells import (
    AmountParseError,
    assemble_split_code,
    clean_label,
    is_blank,
    is_column_number_row,
    looks_like_amount,
    parse_amount,
    parse_function_code,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("一般公共预\n算", "一般公共预算"),
        ("国有资本经营 预算", "国有资本经营预算"),
        ("市委、市政府办公楼互联网宽带经\n费", "市委、市政府办公楼互联网宽带经费"),
        ("2026年村级运转经费(农村税费改革 转移支付)", "2026年村级运转经费(农村税费改革转移支付)"),
        ("2026年村级运转经费(农村税费改革\n转移支付)", "2026年村级运转经费(农村税费改革转移支付)"),
        (
            "下达2025年战略性新兴产业奖补资金（晋财建【2025】\n229号）",
            "下达2025年战略性新兴产业奖补资金（晋财建【2025】229号）",
        ),
        ("商业总公司2019-\n2020年度残保金", "商业总公司2019-2020年度残保金"),
        ("“十五五”科技创新型规划\n编制费用", "“十五五”科技创新型规划编制费用"),
        ("②公务用车运行\n维护费", "②公务用车运行维护费"),
        ("乡村\ne镇运营经费", "乡村e镇运营经费"),
        ("  合计  ", "合计"),
        ("2026 年预算数", "2026年预算数"),
        ("乡村 e 镇配送服务", "乡村e镇配送服务"),
        ("A 公共服务", "A公共服务"),
        ("Project  Name", "Project Name"),
        ("Project\nName", "Project Name"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_label_rejoins_wrapped_text(raw, clean):
    assert clean_label(raw) == clean


def test_clean_label_keeps_printed_full_width_characters():
    assert clean_label("政府办公厅（室）及相关机构事务") == "政府办公厅（室）及相关机构事务"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2324.90", Decimal("2324.90")),
        ("31996. 59", Decimal("31996.59")),
        (" 1348. 06 ", Decimal("1348.06")),
        ("23656.0\n5", Decimal("23656.05")),
        ("1,097,073.43", Decimal("1097073.43")),
        ("1,726.25", Decimal("1726.25")),
        ("１２３．４５", Decimal("123.45")),
        ("１，２３４．５０", Decimal("1234.50")),
        ("-3.00", Decimal("-3.00")),
        ("－3.00", Decimal("-3.00")),
        ("\u22123.00", Decimal("-3.00")),
        ("(3.00)", Decimal("-3.00")),
        ("0.00", Decimal("0.00")),
        ("0", Decimal("0")),
        ("118400", Decimal("118400")),
        # real disclosures: 万元 to the fen (6 decimals), 元 with separators
        ("29,956.265460", Decimal("29956.265460")),
        ("102.109787", Decimal("102.109787")),
        ("28,384,234.71", Decimal("28384234.71")),
    ],
)
def test_parse_amount_is_exact(raw, value):
    parsed = parse_amount(raw)
    assert isinstance(parsed, Decimal)
    assert parsed == value
    assert str(parsed) == str(value)  # printed precision kept: 2324.90, not 2324.9


@pytest.mark.parametrize("raw", ["", "   ", "\n", None, "-", "—", "－", "--"])
def test_blank_cells_have_no_amount(raw):
    assert is_blank(raw)
    assert parse_amount(raw) is None
    assert not looks_like_amount(raw)


@pytest.mark.parametrize("raw", ["合计", "1,0970.00", "12.3.4", "≥95%", "2026年"])
def test_words_are_not_amounts(raw):
    assert not looks_like_amount(raw)
    with pytest.raises(AmountParseError):
        parse_amount(raw)


def test_more_decimals_than_the_staged_column_holds_is_an_error_not_a_cut():
    with pytest.raises(AmountParseError, match="decimals"):
        parse_amount("1.1234567")


def test_six_decimals_survive_staging_exactly():
    import polars as pl

    from schemas.frames import STAGED_AMOUNT

    value = parse_amount("29,956.265460")
    frame = pl.DataFrame({"amount": [value]}, schema={"amount": STAGED_AMOUNT["amount"]})
    assert frame["amount"][0] == Decimal("29956.265460")


def test_amount_never_goes_through_float():
    assert parse_amount("0.10") + parse_amount("0.20") == Decimal("0.30")


@pytest.mark.parametrize(
    ("raw", "code"),
    [("2010301", "2010301"), ("201", "201"), ("20103", "20103"), ("20805\n05", "2080505"), ("２０１", "201")],
)
def test_function_code(raw, code):
    assert parse_function_code(raw) == code


@pytest.mark.parametrize("raw", ["合计", "2010", "201030", "", None, "2324.90"])
def test_not_a_function_code(raw):
    assert parse_function_code(raw) is None


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        (("208", "05", "06"), "2080506"),
        (("208", "05", ""), "20805"),
        (("208", "", ""), "208"),
        ((" 208 ", "０５", "06"), "2080506"),
        (("208", "", "06"), None),
        (("合计", "", ""), None),
        (("20", "05", "06"), None),
    ],
)
def test_assemble_split_code(parts, code):
    assert assemble_split_code(*parts) == code


def test_column_number_row():
    assert is_column_number_row(["1", "2", "3", "4", "5", "6", "7"])
    assert is_column_number_row(["栏次", "1", "2", "3"])
    assert not is_column_number_row(["201", "一般公共服务支出", "1726.25"])
    assert not is_column_number_row(["合计", "", "2324.90"])
    assert not is_column_number_row(["1", "", ""])
    # real templates mark the name columns of the row: "** ** ** ** 1 2 3", "甲 乙 1 2"
    assert is_column_number_row(["**", "**", "**", "**", "1", "2", "3", "4"])
    assert is_column_number_row(["甲", "乙", "1", "2", "3"])
    assert not is_column_number_row(["**", "1.00"])
    assert is_column_number_row(["**", "**", "1"]) and not is_column_number_row(["合计", "1"])


def test_a_six_decimal_wan_figure_becomes_exact_yuan():
    import polars as pl

    from budget_etl.normalise.amounts import with_yuan
    from schemas.frames import STAGED_AMOUNT

    frame = pl.DataFrame(
        {"amount": [parse_amount("7,368.845955")], "unit": ["万元"]},
        schema={"amount": STAGED_AMOUNT["amount"], "unit": pl.String},
    )
    assert with_yuan(frame)["amount_yuan"][0] == Decimal("73688459.55")
