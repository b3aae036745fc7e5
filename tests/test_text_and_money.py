"""The low-level text layer: the one fold of printed text (budget_etl/text.py)."""

import pytest

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
    ["“三公”经费", "‘三公’经费", "「三公」经费", "『三公』经费", '"三公"经费', "'三公'经费", "＂三公＂经费", "〝三公〞经费"],
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

