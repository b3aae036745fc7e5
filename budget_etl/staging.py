"""Turn a stitched table grid into the staged long table: one row per printed amount.

For one ``StitchedTable`` (camelot_tables.py):

1. **Header rows** are the leading rows that hold no amount, no function code, and are not a
   bare row label (a row with text in its first column only, e.g. 因公出国（境）费 with blank
   amounts). The column-number row "1 2 3 4 5 6 7" under some headers is neither header nor data.
2. **Column labels**: the header path of each column, top to bottom. A drawn header cell that
   spans columns labels every column under it; one that spans rows is read once. Spans come
   from the ruling lines (the grid's drawn cells), not from guessing over empty cells.
3. **Column roles**: code columns (科目编码, or 类 | 款 | 项 split over three columns), label
   columns (names: 科目名称, 项目, 项目名称, 单位名称, 经济科目名称), amount columns (the rest).
   Each amount column belongs to the run of key columns just left of it, so a two-sided table
   (收入 left, 支出 right on the same printed row) stages each side as its own logical row,
   with a column label that says which side.
4. **Row keys**: function code where printed (assembled from 类|款|项 where split), the cleaned
   label, and for the economic table the second name (政府预算经济科目名称) as
   ``row_label_secondary``.

Every non-blank amount cell becomes one row with the page it was printed on, its row in the
stitched grid, the amount as an exact Decimal in the table's unit, and its raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from budget_etl.camelot_tables import GridCell, StitchedTable
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
from schemas.frames import RAW_CELL, RAW_TABLE, STAGED_AMOUNT, conform

MAX_HEADER_ROWS = 7
# A header level that names a key column rather than an amount column.
_LABEL_HEADER = re.compile(r"名称|^项目$|^科目$|^单位$|^功能科目$|^经济科目$|^支出项目$|^收入项目$")
_CODE_HEADER = re.compile(r"编码|代码|^编号$")
_SPLIT_CODE_PARTS = ("类", "款", "项")
_TEXT_HEADER = re.compile(r"内容|说明|备注|型号|规格|时间|日期|地点|方式")
_NOT_MONEY_HEADER = re.compile(r"数量(?:[（(].*[)）])?")
_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*[-－—–]\s*(\D.*)$")
# Two-sided tables: if the printed header does not say which side a column is on, say it.
_TWO_SIDED_KINDS = {"budget_summary", "fiscal_grant_summary", "state_capital"}
_SIDE_NAMES = ("收入", "支出")


class TableParseError(Exception):
    """A recognised table whose grid cannot be read as the table it should be."""

    def __init__(self, document_id: str, table_kind: str, page_number: int, expected: str, seen: str, where: str = ""):
        self.document_id = document_id
        self.table_kind = table_kind
        self.page_number = page_number
        self.expected = expected
        self.seen = seen
        at = f" at {where}" if where else ""
        super().__init__(
            f"document {document_id}: table {table_kind!r} on page {page_number}{at}: expected {expected}; seen {seen}"
        )
        self.where = where

    def __reduce__(self):
        # picklable with its arguments (an exception raised in a worker process)
        return (type(self), (self.document_id, self.table_kind, self.page_number, self.expected, self.seen, self.where))


@dataclass(frozen=True)
class Column:
    index: int
    role: str  # "code", "class", "kuan", "xiang" (split code parts), "label", "amount",
    # "economic_part" (an economic code over 类 | 款: part of the name), "other" (read by no one)
    path: tuple[str, ...]  # cleaned header levels

    @property
    def label(self) -> str:
        return "/".join(self.path)

    @property
    def is_key(self) -> bool:
        return self.role != "amount"


# ---------------------------------------------------------------- header


def _texts(row: list[GridCell]) -> list[str]:
    return [c.text for c in row]


def _region_anchors(rows: list[list[GridCell]]) -> dict[int, tuple[int, int]]:
    anchors: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            anchors.setdefault(cell.region, (r, c))
    return anchors


def _region_width(rows: list[list[GridCell]], r: int, c: int) -> int:
    region = rows[r][c].region
    return sum(1 for cell in rows[r] if cell.region == region)


def is_header_row(rows: list[list[GridCell]], r: int) -> bool:
    """A leading row of column headings (see module docstring)."""
    row = rows[r]
    texts = _texts(row)
    if r == 0:
        return True
    if any(looks_like_amount(t) for t in texts):
        return False
    filled = [c for c, t in enumerate(texts) if not is_blank(t)]
    if not filled:
        return True  # an empty sliver row inside the header
    if parse_function_code(texts[filled[0]]):
        return False
    if filled == [0] and _region_width(rows, r, 0) == 1:
        return False  # a bare row label: the first data row of a table with blank amounts
    return True


def split_header(rows: list[list[GridCell]]) -> tuple[list[int], list[int], list[int]]:
    """(header rows, column-number rows, data rows) as row indices of the stitched grid."""
    header: list[int] = []
    numbering: list[int] = []
    r = 0
    while r < len(rows) and r < MAX_HEADER_ROWS + len(numbering):
        if is_column_number_row(_texts(rows[r])):
            numbering.append(r)
        elif not header or is_header_row(rows, r):
            if numbering:  # header text after the column numbers: that was data
                break
            header.append(r)
        else:
            break
        r += 1
    data = [i for i in range(r, len(rows)) if not is_column_number_row(_texts(rows[i]))]
    numbering += [i for i in range(r, len(rows)) if is_column_number_row(_texts(rows[i]))]
    return header, numbering, data


def _unmerged_group_headings(
    rows: list[list[GridCell]], header: list[int], anchors: dict[int, tuple[int, int]], n_cols: int
) -> dict[tuple[int, int], str]:
    """Group headings drawn without merged cells, carried over the cells they head.

    Property relied on: a blank header cell drawn on its own, right of a header cell with text
    in the same row (or of blank cells already carrying it), whose column has header text in a
    lower header row, is the unmerged rest of that group heading: an office suite that does
    not merge prints "本年收入" in the first cell of its group and leaves the others blank. A
    blank cell with nothing below it ends the group (it is a column of its own, or empty).
    """

    def anchored_text(r: int, c: int) -> str | None:
        """The text of the cell at (r, c) if its drawn cell starts in row r, else None."""
        if c >= len(rows[r]):
            return None
        ar, ac = anchors[rows[r][c].region]
        return clean_label(rows[ar][ac].text) if ar == r else None

    carried: dict[tuple[int, int], str] = {}
    for i, r in enumerate(header):
        current = ""
        for c in range(n_cols):
            text = anchored_text(r, c)
            if text is None:
                current = ""  # covered from above, or no cell: no group runs through here
                continue
            if anchors[rows[r][c].region][1] != c:
                continue  # inside a merged cell: the same heading, read already
            if text:
                current = text
            elif current and any(anchored_text(below, c) for below in header[i + 1 :]):
                carried[(r, c)] = current
            else:
                current = ""
    return carried


def column_paths(rows: list[list[GridCell]], header: list[int]) -> list[tuple[str, ...]]:
    """Header path of every column: the drawn header cells above it, top to bottom, each once;
    a group heading drawn unmerged labels the blank cells it heads (see above)."""
    anchors = _region_anchors(rows)
    n_cols = max((len(r) for r in rows), default=0)
    carried = _unmerged_group_headings(rows, header, anchors, n_cols)
    paths: list[tuple[str, ...]] = []
    for c in range(n_cols):
        levels: list[str] = []
        for r in header:
            if c >= len(rows[r]):
                continue
            ar, ac = anchors[rows[r][c].region]
            if ar != r:
                continue  # a cell spanning down from an upper header row: already read
            text = clean_label(rows[ar][ac].text) or carried.get((r, c), "")
            if text:
                levels.append(text)
        paths.append(tuple(levels))
    return paths


# ---------------------------------------------------------------- columns


def classify_columns(rows: list[list[GridCell]], paths: list[tuple[str, ...]], data: list[int]) -> list[Column]:
    """The role of every column, from its header and its data cells."""
    columns: list[Column] = []
    for c, path in enumerate(paths):
        last = path[-1] if path else ""
        whole = "".join(path)
        texts = [rows[r][c].text for r in data if c < len(rows[r]) and rows[r][c].is_anchor]
        filled = [t for t in texts if not is_blank(t)]
        if _NOT_MONEY_HEADER.fullmatch(last):
            role = "other"  # 数量 counts items: a key of no one, and no money
        elif last in _SPLIT_CODE_PARTS and "经济" in whole:
            # an economic code printed over 类 | 款 columns: part of the row's name (30101 …),
            # never the function code a table may print beside it over its own 类 | 款 | 项
            role = "economic_part"
        elif last in _SPLIT_CODE_PARTS:
            role = {"类": "class", "款": "kuan", "项": "xiang"}[last]
        elif _CODE_HEADER.search(whole) and not _LABEL_HEADER.search(last):
            role = "code"
        elif _LABEL_HEADER.search(last):
            role = "label"
        elif (
            filled
            and all(parse_function_code(t) for t in filled)
            and any(len(parse_function_code(t)) > 3 for t in filled)
        ):
            role = "code"
        elif any(looks_like_amount(t) for t in filled):
            role = "amount"
        elif filled or _TEXT_HEADER.search(last):
            role = "label"  # text, or a column for text (说明, 购买服务内容) left blank
        else:
            role = "amount"  # an amount column left blank in this document
        columns.append(Column(c, role, path))
    return columns


def key_columns_by_amount_column(columns: list[Column]) -> dict[int, list[Column]]:
    """Each amount column's key columns: the run of key columns just left of its group."""
    out: dict[int, list[Column]] = {}
    run: list[Column] = []
    previous_was_amount = False
    for col in columns:
        if col.is_key:
            if previous_was_amount:
                run = []
            run.append(col)
            previous_was_amount = False
        else:
            out[col.index] = list(run)
            previous_was_amount = True
    return out


# ---------------------------------------------------------------- rows


@dataclass
class RowKey:
    function_code: str | None
    row_label: str
    row_label_secondary: str | None


def row_key(row: list[GridCell], keys: list[Column], inherited: dict[str, str]) -> RowKey:
    """Code, label and secondary label of one printed row, from its key columns.

    ``inherited`` carries the 类 / 款 of the rows above for templates that print a split
    code's upper parts only when they change.
    """
    code = None
    names: list[str] = []
    name_columns = [k for k in keys if k.role == "label"]
    split = {k.role: row[k.index].text for k in keys if k.role in ("class", "kuan", "xiang")}
    names += [t for k in keys if k.role == "economic_part" and (t := clean_label(row[k.index].text))]
    if split:
        cls, kuan, xiang = (clean_label(split.get(p, "")) for p in ("class", "kuan", "xiang"))
        if not cls and (kuan or xiang):
            cls = inherited.get("class", "")
            if not kuan and xiang:
                kuan = inherited.get("kuan", "")
        code = assemble_split_code(cls, kuan, xiang)
        if code:
            inherited["class"] = code[:3]
            if len(code) >= 5:
                inherited["kuan"] = code[3:5]
        else:
            names += [t for t in (cls, kuan, xiang) if t]
    for k in keys:
        text = row[k.index].text
        if k.role == "code":
            parsed = parse_function_code(text)
            if parsed:
                code = parsed
            elif clean_label(text):
                names.append(clean_label(text))  # 合计 printed in the code column
    labels = [clean_label(row[k.index].text) for k in name_columns]
    if code is None:
        # A 支出功能分类 column that prints code and name in one cell ("2040601-行政运行"): the
        # code is the row's function code, the name its label. Only a column headed 功能: an
        # economic column prints its codes the same way, and those are no function codes.
        for i, k in enumerate(name_columns):
            m = _CODE_AND_NAME.match(labels[i]) if "功能" in "".join(k.path) else None
            if m:
                code, labels[i] = m.group(1), m.group(2)
                break
    if len(name_columns) >= 2:
        # two name columns (部门 / 政府预算经济科目名称): the first is the row label
        primary = labels[0] or "".join(names)
        secondary = "".join(labels[1:]) or None
        return RowKey(code, primary, secondary)
    return RowKey(code, "".join(names + [t for t in labels if t]), None)


_GROUP_TOTAL = "合计"


def _side_prefixed(kind: str, label: str, group: int, groups: int) -> str:
    """Two-sided tables: make sure the column label says which side it is on, as its first level
    (a header printed on one row joins the side to the column's own words: 支出当年预算安排)."""
    if kind in _TWO_SIDED_KINDS and "/" not in label:
        side = next((s for s in _SIDE_NAMES if label.startswith(s) and len(label) > len(s)), None)
        if side is not None:
            return f"{side}/{label[len(side) :]}"
    if kind not in _TWO_SIDED_KINDS or groups != 2 or any(s in label for s in _SIDE_NAMES):
        return label
    side = _SIDE_NAMES[group]
    return f"{side}/{label}" if label else side


def _column_labels(
    kind: str, columns: list[Column], keys_of: dict[int, list[Column]], groups: list[tuple[int, ...]]
) -> dict[int, str]:
    """The staged label of every amount column. A table printing several blocks side by side
    (收入 | 支出功能分类 | 支出经济分类, each with its own 预算数 column) can give two columns
    one header path: those are told apart by the header of their block's name column."""
    labels = {}
    for col in columns:
        if col.is_key:
            continue
        group = tuple(k.index for k in keys_of[col.index])
        labels[col.index] = _side_prefixed(kind, col.label, groups.index(group), len(groups))
    labels = _repeated_group_headings(labels)
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label] = seen.get(label, 0) + 1
    for index, label in labels.items():
        if seen[label] > 1:
            block = "".join(k.path[-1] for k in keys_of[index] if k.role == "label" and k.path)
            if block:
                levels = label.split("/")
                labels[index] = "/".join([*levels[:-1], block, levels[-1]])
    return labels


def _repeated_group_headings(labels: dict[int, str]) -> dict[int, str]:
    """A header printed on one row repeats a group's heading in front of each of its columns
    (本年收入合计, 本年收入一般公共预算 … beside 上年结转) where a two-row header prints the heading
    once above them. The property: adjacent one-level labels that all begin with the same heading,
    one of them being heading + 合计 (the group's own total). Such a run is that group, and its
    labels become heading/part, as the two-row header reads; a lone label is left as printed."""
    items = list(labels.items())
    out = dict(labels)
    i = 0
    while i < len(items):
        label = items[i][1]
        heading = label.removesuffix(_GROUP_TOTAL)
        if "/" in label or heading == label or len(heading) < 2:
            i += 1
            continue

        def member(m: int, heading: str = heading) -> bool:
            other = items[m][1]
            return "/" not in other and other.startswith(heading) and len(other) > len(heading)

        first, last = i, i
        while first > 0 and member(first - 1):
            first -= 1
        while last + 1 < len(items) and member(last + 1):
            last += 1
        if last > first:
            for index, other in items[first : last + 1]:
                out[index] = f"{heading}/{other[len(heading) :]}"
        i = last + 1
    return out


def stage_table(document_id: str, table: StitchedTable) -> list[dict]:
    """STAGED_AMOUNT rows (as dicts) of one stitched table."""
    rows = table.rows
    if not rows:
        return []
    header, _numbering, data = split_header(rows)
    paths = column_paths(rows, header)
    columns = classify_columns(rows, paths, data)
    keys_of = key_columns_by_amount_column(columns)
    groups = sorted({tuple(k.index for k in keys) for keys in keys_of.values()})
    labels = _column_labels(table.kind, columns, keys_of, groups)
    out: list[dict] = []
    inherited: dict[tuple[int, ...], dict[str, str]] = {}
    for r in data:
        row = rows[r]
        keys_cache: dict[tuple[int, ...], RowKey] = {}
        for col in columns:
            if col.is_key or col.index >= len(row):
                continue
            cell = row[col.index]
            if not cell.is_anchor or is_blank(cell.text):
                continue
            try:
                amount = parse_amount(cell.text)
            except AmountParseError:
                raise TableParseError(
                    document_id,
                    table.kind,
                    table.row_pages[r],
                    f"an amount in column {col.label!r}",
                    repr(cell.text),
                    where=f"row {r}, column {col.index}",
                ) from None
            keys = keys_of[col.index]
            group_id = tuple(k.index for k in keys)
            if group_id not in keys_cache:
                keys_cache[group_id] = row_key(row, keys, inherited.setdefault(group_id, {}))
            key = keys_cache[group_id]
            out.append(
                {
                    "document_id": document_id,
                    "table_seq": table.table_seq,
                    "table_kind": table.kind,
                    "page_number": table.row_pages[r],
                    "row_index": r,
                    "row_label": key.row_label,
                    "row_label_secondary": key.row_label_secondary,
                    "function_code": key.function_code,
                    "column_label": labels[col.index],
                    "amount": amount,
                    "unit": table.unit,
                    "raw_text": cell.text,
                }
            )
        # rows without amounts still advance split-code inheritance
        for group_id in {tuple(k.index for k in keys) for keys in keys_of.values()}:
            if group_id not in keys_cache:
                keys = [c for c in columns if c.index in group_id]
                row_key(row, keys, inherited.setdefault(group_id, {}))
    return out


# ---------------------------------------------------------------- frames


def staged_frame(document_id: str, tables: list[StitchedTable]) -> tuple[pl.DataFrame, list[TableParseError]]:
    """The staged rows of every table that reads, and the error of each table that does not
    (a table that cannot be read stages nothing, and never hides the tables that can)."""
    records: list[dict] = []
    problems: list[TableParseError] = []
    for table in tables:
        try:
            records += stage_table(document_id, table)
        except TableParseError as err:
            problems.append(err)
    # Decimal values go straight into the Decimal(24,6) column: no float on the way.
    frame = pl.DataFrame(records, schema=STAGED_AMOUNT) if records else pl.DataFrame(schema=STAGED_AMOUNT)
    return conform(frame, STAGED_AMOUNT, "STAGED_AMOUNT"), problems


def raw_cell_frame(document_id: str, tables: list[StitchedTable]) -> pl.DataFrame:
    records = [
        {
            "document_id": document_id,
            "table_seq": t.table_seq,
            "table_kind": t.kind,
            "page_number": t.row_pages[r],
            "row_index": r,
            "col_index": c,
            "text": cell.text,
            "x0": cell.x0,
            "y0": cell.y0,
            "x1": cell.x1,
            "y1": cell.y1,
        }
        for t in tables
        for r, row in enumerate(t.rows)
        for c, cell in enumerate(row)
    ]
    frame = pl.DataFrame(records, schema=RAW_CELL) if records else pl.DataFrame(schema=RAW_CELL)
    return conform(frame, RAW_CELL, "RAW_CELL")


def raw_table_frame(document_id: str, tables: list[StitchedTable]) -> pl.DataFrame:
    records = [
        {
            "document_id": document_id,
            "table_seq": t.table_seq,
            "table_kind": t.kind,
            "title": t.title.title,
            "first_page": min(t.pages),
            "last_page": max(t.pages),
            "n_rows": len(t.rows),
            "n_cols": t.n_cols,
            "is_empty": t.is_empty,
            "unit": t.unit,
            "accuracy": t.accuracy,
            "whitespace": t.whitespace,
        }
        for t in tables
    ]
    frame = pl.DataFrame(records, schema=RAW_TABLE) if records else pl.DataFrame(schema=RAW_TABLE)
    return conform(frame, RAW_TABLE, "RAW_TABLE")
