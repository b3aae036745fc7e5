"""支出功能分类 codes: validate, assemble, level and parent, most detailed printed rows, dimension.

A code is 3 (类), 5 (款) or 7 (项) digits. Some templates print it over three columns 类 | 款 |
项 and leave the higher parts blank on the rows below ("208 | 05 | 06", then " | | 07"): the
staged code then arrives as "208|05|06" / "||07" and is assembled here with the parts inherited
from the row above. The reference list is partial: a code missing from it is kept (with
in_reference = false) and reported, never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import polars as pl

from budget_etl.normalise.names import clean_name, name_key
from budget_etl.normalise.reference import function_classes

CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_SPLIT = re.compile(r"[|｜/\s]")
LEVELS = {3: "类", 5: "款", 7: "项"}


def is_valid_code(code: str | None) -> bool:
    return bool(code) and bool(CODE.fullmatch(code))


def level_of(code: str) -> str:
    return LEVELS[len(code)]


def parent_of(code: str) -> str | None:
    return None if len(code) == 3 else code[:-2]


def assemble_codes(codes: Iterable[str | None]) -> list[str | None]:
    """Codes of consecutive rows of one table, with split codes assembled.

    A whole code passes through unchanged ("2080505"); a split code "208|05|06" is joined; a
    split code with blank leading parts ("||07", "|06|") takes them from the previous row's code.
    Anything else is returned as printed, for ``is_valid_code`` to reject and report.
    """
    out: list[str | None] = []
    previous = ("", "", "")
    for code in codes:
        text = (code or "").strip()
        if not _SPLIT.search(text):
            if CODE.fullmatch(text):
                previous = (text[:3], text[3:5], text[5:7])
            out.append(text or None)
            continue
        cls, kuan, xiang = (_SPLIT.split(text) + ["", "", ""])[:3]
        inherited = not cls
        if inherited:
            cls = previous[0]
            if not kuan and xiang:
                kuan = previous[1]
        ok = (
            re.fullmatch(r"\d{3}", cls)
            and re.fullmatch(r"(\d{2})?", kuan)
            and re.fullmatch(r"(\d{2})?", xiang)
            and (kuan or not xiang)
            and (kuan or xiang or not inherited)
        )
        if not ok:
            out.append(text)  # not assemblable: reported as invalid by the caller
            continue
        previous = (cls, kuan, xiang)
        out.append(cls + kuan + xiang)
    return out


def most_detailed(codes: Iterable[str]) -> set[str]:
    """The codes of one table that no other printed code of that table refines.

    A 类 or 款 row with rows below it is a subtotal; one printed without its 项 rows is the
    most detailed figure there is for it, and stays a fact.
    """
    codes = set(codes)
    prefixes = {c[:n] for c in codes for n in (3, 5) if len(c) > n}
    return {c for c in codes if c not in prefixes}


def function_dimension(printed: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, list[dict]]:
    """From (code, printed_name) pairs of one document: dimension rows, printed names, findings.

    - dimension rows (dim_function_class) for codes not in the reference list: the name most
      often printed, level and parent from the code itself;
    - function_class_printed_name: every distinct printed name per code and whether it is the
      reference name (2080110 劳动关系和维权 vs 劳动关系的维权);
    - findings: one per code missing from the reference list (a warning, never a drop).
    """
    reference = {r["code"]: r["name"] for r in function_classes().iter_rows(named=True)}
    pairs = (
        printed.filter(pl.col("code").is_not_null() & (pl.col("printed_name").fill_null("") != ""))
        .with_columns(pl.col("printed_name").map_elements(clean_name, return_dtype=pl.String))
        .select("code", "printed_name")
    )
    names_by_code: dict[str, Counter] = {}
    for code, name in pairs.iter_rows():
        names_by_code.setdefault(code, Counter())[name] += 1

    dims, variants, findings = [], [], []
    for code in sorted(names_by_code):
        counts = names_by_code[code]
        ref = reference.get(code)
        for name in sorted(counts):
            variants.append(
                {
                    "code": code,
                    "printed_name": name,
                    "reference_name": ref,
                    "matches_reference": ref is not None and name_key(ref) == name_key(name),
                }
            )
        if ref is None:
            name = counts.most_common(1)[0][0]
            dims.append({"code": code, "name": name, "level": level_of(code), "parent_code": parent_of(code)})
            findings.append({"subject": code, "detail": f"function code {code} {name} is not in the reference list"})
    dim_schema = {"code": pl.String, "name": pl.String, "level": pl.String, "parent_code": pl.String}
    variant_schema = {
        "code": pl.String,
        "printed_name": pl.String,
        "reference_name": pl.String,
        "matches_reference": pl.Boolean,
    }
    return pl.DataFrame(dims, schema=dim_schema), pl.DataFrame(variants, schema=variant_schema), findings
