"""Cell repair: small pure functions that turn one printed cell's text into a clean value.

camelot hands back each cell's text as the PDF drew it: a label that wrapped inside its cell
arrives with a line break ("一般公共预\\n算"), a number from a narrow column or an export tool may
carry stray spaces ("31996. 59") or a line break ("23656.0\\n5"), and other templates print
thousands separators ("1,097,073.43"), full-width digits and punctuation, or negative numbers.

Money is parsed to ``decimal.Decimal`` only — never through float — so the staged figure is
exactly the printed one.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from budget_etl.text import fold, unify_newlines

# Cells that print "nothing here" with a mark instead of leaving the cell blank.
EMPTY_MARKS = frozenset({"", "-", "--", "—", "——", "－", "/", "／"})
_EMPTY_MARKS_FOLDED = frozenset(fold(m) for m in EMPTY_MARKS)

# A plain decimal number, optionally with correctly grouped thousands separators.
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# 支出功能分类 numbers its classes 2xx (201 一般公共服务支出 … 2xx): a 3-, 5- or 7-digit number
# with another first digit is no function code but a budget unit's code (024, 121 …) printed
# where a table lists its units.
_FUNCTION_CODE = re.compile(r"2\d{2}(?:\d{2}){0,2}")


# Decimals a printed amount may carry: a 万元 figure to the fen has 6 (schemas.types.TABLE_AMOUNT).
MAX_DECIMALS = 6


class AmountParseError(ValueError):
    """A cell that should hold an amount holds text that is not one."""


def is_wide(ch: str) -> bool:
    """True for characters set in Chinese text flow: ideographs, full-width forms, CJK
    punctuation and the 'ambiguous' marks Chinese text uses (“ ” ‘ ’ ① …).

    Between two such characters a space or a line break is never content: it is where the
    renderer wrapped the cell, or a stray space from the exporting tool.
    """
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


def join_wrapped(text: str | None) -> str:
    """Re-join text that wrapped inside one cell, and collapse the remaining whitespace.

    - a line break is never content: dropped, except between two Latin letters, where the
      renderer wrapped at a word space ("Project\\nName" -> "Project Name");
    - a space next to a wide (CJK) character is a wrap or a run gap ("国有资本经营 预算" ->
      "国有资本经营预算", "2026 年" -> "2026年");
    - other runs of spaces (between Latin letters or digits) become one space; ends are stripped.
    """
    if not text:
        return ""
    text = unify_newlines(text)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not ch.isspace():
            out.append(ch)
            i += 1
            continue
        j = i
        while j < n and text[j].isspace():
            j += 1
        run = text[i:j]
        before = out[-1] if out else ""
        after = text[j] if j < n else ""
        i = j
        if not before or not after:
            continue  # leading / trailing whitespace
        if is_wide(before) or is_wide(after):
            # In Chinese text flow neither a line break nor a space separates anything: a
            # space next to a CJK character is a wrap or a gap the PDF text layer reports
            # between runs of different fonts ("2026 年预算数", "乡村 e 镇").
            continue
        if "\n" in run:
            out.append(" " if (before.isalpha() and after.isalpha()) else "")
        else:
            out.append(" ")
    return "".join(out)


def clean_label(text: str | None) -> str:
    """A printed row or column label, cleaned: wraps re-joined, whitespace collapsed.

    The printed characters are kept (full-width parentheses stay full-width); folding name
    variants onto the reference lists is the normaliser's job, not this one's.
    """
    return join_wrapped(text)


def _numeric_core(text: str) -> tuple[str, bool]:
    """Normalise a would-be number: folded (NFKC, no whitespace), sign read off. Returns (core, negative)."""
    s = fold(text).replace("\u2212", "-")  # MINUS SIGN, which NFKC leaves alone
    negative = False
    if s.startswith("(") and s.endswith(")") and len(s) > 2:
        negative, s = True, s[1:-1]  # accounting style (12.00)
    if s.startswith("-") and len(s) > 1:
        negative, s = not negative, s[1:]
    elif s.startswith("+") and len(s) > 1:
        s = s[1:]
    return s, negative


def is_blank(text: str | None) -> bool:
    """A cell that prints no value: empty, whitespace, or a dash placeholder."""
    if text is None:
        return True
    return fold(text) in _EMPTY_MARKS_FOLDED


def looks_like_amount(text: str | None) -> bool:
    """True when the cell holds a number (after repair); False for blanks and words."""
    if text is None or is_blank(text):
        return False
    core, _ = _numeric_core(text)
    return bool(_PLAIN_NUMBER.fullmatch(core) or _GROUPED_NUMBER.fullmatch(core))


def parse_amount(text: str | None) -> Decimal | None:
    """The printed amount as an exact Decimal; None for a blank cell.

    Repairs stray spaces and line breaks inside the number ("31996. 59", "23656.0\\n5"),
    thousands separators ("1,097,073.43"), full-width digits/punctuation ("１２．５０", "，"),
    and negatives ("-3.00", "－3.00", "−3.00", "(3.00)"). Anything else raises
    ``AmountParseError`` naming the text, so a mis-assigned cell fails loudly.
    """
    if text is None or is_blank(text):
        return None
    core, negative = _numeric_core(text)
    if _GROUPED_NUMBER.fullmatch(core):
        core = core.replace(",", "")
    elif not _PLAIN_NUMBER.fullmatch(core):
        raise AmountParseError(f"not an amount: {text!r}")
    try:
        value = Decimal(core)
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only valid numbers
        raise AmountParseError(f"not an amount: {text!r}") from exc
    if -value.as_tuple().exponent > MAX_DECIMALS:
        # the staged column holds 6 decimals; more would be cut silently, so say so
        raise AmountParseError(f"more than {MAX_DECIMALS} decimals: {text!r}")
    return -value if negative else value


def parse_function_code(text: str | None) -> str | None:
    """A 支出功能分类 code printed in one cell (3, 5 or 7 digits), else None.

    Whitespace inside is a wrap of a narrow column ("20805\\n05").
    """
    if not text:
        return None
    s = fold(text)
    return s if _FUNCTION_CODE.fullmatch(s) else None


def assemble_split_code(class_part: str | None, item_part: str | None, sub_part: str | None) -> str | None:
    """Join a code printed over three columns 类 | 款 | 项 ("208 | 05 | 06" -> "2080506").

    Returns None when the parts do not form a code (the 类 part must be 3 digits, 2xx, 款 and 项
    2 digits each, and a 项 needs its 款).
    """
    parts = [fold(p) for p in (class_part, item_part, sub_part)]
    cls, kuan, xiang = parts
    if not re.fullmatch(r"2\d{2}", cls):
        return None
    if not kuan:
        return cls if not xiang else None
    if not re.fullmatch(r"\d{2}", kuan):
        return None
    if not xiang:
        return cls + kuan
    if not re.fullmatch(r"\d{2}", xiang):
        return None
    return cls + kuan + xiang


_COLUMN_NUMBER_MARKS = frozenset({"栏次", "序号", "甲", "乙", "丙", "丁", "戊"})


def is_column_number_row(texts: list[str]) -> bool:
    """The row "1 2 3 4 5 6 7" some templates print under the header: column numbers, not data.

    True when the non-blank cells are consecutive integers counting up by one from a small start.
    """
    values = [fold(t) for t in texts if not is_blank(t)]
    # The row's label ("栏次", "序号") and the marks under the name columns ("甲 乙 丙", "**")
    # say what the row is; only the numbers under the amount columns count.
    numbers = [v for v in values if v not in _COLUMN_NUMBER_MARKS and not re.fullmatch(r"[*#]+", v)]
    marked = len(numbers) < len(values)
    values = numbers
    if marked and values == ["1"]:
        return True  # a one-column table's numbering, marked as such ("** ** 1")
    if len(values) < 2 or not all(v.isdigit() for v in values):
        return False
    numbers = [int(v) for v in values]
    return numbers[0] <= 2 and all(b == a + 1 for a, b in zip(numbers, numbers[1:]))
