"""What the pipeline reads of one PDF, table by table: for developing against a new template.

    python tools/inspect_pdf.py FILE.pdf [--kind KIND] [--cells] [--checks]

Prints the identity, the tables found (kind, pages, unit, grid size), each table's resolved
column labels and row labels with their staged amounts, the extraction's problems, and with
--checks every failed quality check. Nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from budget_etl.documents import DocumentRejected, read_page_texts, sha256_of  # noqa: E402
from budget_etl.extraction import extract_tables  # noqa: E402
from budget_etl.narrative import extract_narrative_facts  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("--kind", help="show only tables of this kind")
    ap.add_argument("--cells", action="store_true", help="print every staged cell")
    ap.add_argument("--checks", action="store_true", help="run the quality checks and print the failed ones")
    args = ap.parse_args()
    texts = read_page_texts(args.pdf)
    try:
        from budget_etl.documents import identify

        identity = identify(texts, args.pdf.name)
        print(f"identity: {identity}")
    except DocumentRejected as err:
        print(f"rejected: [{err.reason_code}] {err.message}")
        identity = None
    doc_id = sha256_of(args.pdf)[:16]
    ex = extract_tables(args.pdf, list(texts), doc_id)
    print(f"pages {ex.pages_read}, sent to camelot {ex.pages_sent_to_camelot}, fallback {ex.fallback_pages}")
    for p in ex.problems:
        print(f"PROBLEM {p}")
    staged = ex.staged
    with pl.Config(tbl_rows=200, tbl_cols=20, fmt_str_lengths=60, tbl_width_chars=250):
        for t in ex.raw_tables.iter_rows(named=True):
            if args.kind and t["table_kind"] != args.kind:
                continue
            rows = staged.filter(pl.col("table_seq") == t["table_seq"])
            pages = ex.table_pages.get(t["table_seq"])
            print(
                f"\n=== table {t['table_seq']} {t['table_kind']} {t['title']!r} pages {pages} unit {t['unit']} "
                f"grid {t['n_rows']}x{t['n_cols']} empty={t['is_empty']} staged={rows.height}"
            )
            print("  columns:", rows["column_label"].unique(maintain_order=True).to_list())
            if args.cells:
                print(
                    rows.select(
                        "page_number",
                        "row_index",
                        "function_code",
                        "row_label",
                        "row_label_secondary",
                        "column_label",
                        "amount",
                    )
                )
            else:
                labels = rows.select("row_index", "function_code", "row_label").unique(maintain_order=True)
                print(
                    "  rows:",
                    [f"{r['function_code'] or ''} {r['row_label']}".strip() for r in labels.iter_rows(named=True)][:40],
                )
    narrative = extract_narrative_facts(list(texts), doc_id)
    print(
        "\nnarrative:",
        [(r["fact"], str(r["amount"]), r["unit"], r["page_number"]) for r in narrative.iter_rows(named=True)],
    )
    if args.checks and identity is not None:
        from budget_etl.documents import Document
        from budget_etl.quality.evaluate import evaluate_document

        doc = Document(path=args.pdf, file_sha256=sha256_of(args.pdf), page_texts=texts, identity=identity)
        q = evaluate_document(doc, staged, narrative, raw_tables=ex.raw_tables, problems=tuple(ex.problems))
        failed = q.failed()
        print(f"\nstatus {q.status}: {failed.height} failed")
        for r in failed.iter_rows(named=True):
            print(f"  {r['severity']:5} {r['check_name']}: {r['table_kind']} p{r['page_number']} {r['detail']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
