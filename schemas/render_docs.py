"""The table sections of docs/WAREHOUSE.md, generated from the declarations of schemas/tables.py.

docs/WAREHOUSE.md is written by hand except between its ``<!-- tables: generated ... -->``
and ``<!-- end of generated tables -->`` markers, which ``python -m schemas.generate`` fills.
"""

from __future__ import annotations

from schemas.declare import Column, Table
from schemas.tables import TABLE_KINDS, VIEWS, WAREHOUSE_TABLES

BEGIN = "<!-- tables: generated from schemas/tables.py by `python -m schemas.generate`; edit the declarations -->"
END = "<!-- end of generated tables -->"

SECTIONS = {"dimension": "Dimensions", "fact": "Facts", "operations": "Operations", "view": "Views for analysts"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules(column: Column) -> str:
    """What a column may hold, in words: enumeration, pattern, range, key."""
    parts = []
    if column.primary_key:
        parts.append("primary key")
    if column.values:
        parts.append(", ".join(f"`{v}`" for v in column.values))
    if column.pattern:
        parts.append(f"matches `{column.pattern}`")
    if column.minimum is not None and column.maximum is not None:
        parts.append(f"{column.minimum} to {column.maximum}")
    elif column.minimum is not None:
        parts.append(f"≥ {column.minimum}")
    if column.nullable:
        parts.append("may be NULL")
    if column.default is not None:
        parts.append(f"default {column.default}")
    return "; ".join(parts)


def table_section(table: Table) -> str:
    lines = [f"### `{table.name}`", "", table.en, ""]
    if table.grain:
        lines += [
            f"Grain: document × {' × '.join(table.grain)}."
            if "document_id" not in table.grain
            else f"Grain: {' × '.join(table.grain)}.",
            "",
        ]
    if table.sources:
        read = ", ".join(f"{TABLE_KINDS.get(k, 'the narrative sections')} (`{k}`)" for k in table.sources)
        lines += [f"Read from: {read}.", ""]
    if table.primary_key:
        lines += [f"Primary key: ({', '.join(table.primary_key)}).", ""]
    if table.doc:
        lines += [table.doc.strip(), ""]
    lines += ["| column | type | values | meaning |", "|---|---|---|---|"]
    for c in table.columns:
        lines.append(f"| `{c.name}` | {c.type} | {_cell(rules(c))} | {_cell(c.en)} |")
    if table.checks:
        lines += ["", "Also enforced: " + "; ".join(f"`{' '.join(check.split())}`" for check in table.checks) + "."]
    return "\n".join(lines) + "\n"


def tables_markdown(tables: tuple[Table, ...] = (*WAREHOUSE_TABLES, *VIEWS)) -> str:
    out = [BEGIN, ""]
    for kind, title in SECTIONS.items():
        section = [t for t in tables if t.kind == kind]
        if section:
            out += [f"## {title}", ""]
            out += [table_section(t) for t in section]
    out.append(END)
    return "\n".join(out)


def replace_generated(document: str, generated: str) -> str:
    """``document`` with the text between the markers (markers included) replaced."""
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + generated + document[end:]
