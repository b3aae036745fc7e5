"""The real disclosures of data/samples/real, run as a user runs them, against hand-read truth.

`budget-etl run` over the thirteen budgets and two 决算 of nine provinces and municipalities;
then every figure of truth.csv must be exact in the warehouse, found the way an analyst (and
tools/score_real.py) finds it: 三公 items summed over funding sources from fact_three_public,
procurement categories from fact_procurement (a total-only statement from
v_department_budget.procurement_total_yuan), the 收支总表 totals among the printed totals of
fact_printed_total. Expected values come from truth.csv and documents.tsv only.

Every budget loads passed or warned, every figure is exact, and an ERROR identity the publisher's
own print breaks is a WARN that names its evidence.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.test_cli import run_cli

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "samples" / "real"
DOCUMENTS = list(csv.DictReader(open(REAL / "documents.tsv", encoding="utf-8"), delimiter="\t"))
TRUTH = list(csv.DictReader(open(REAL / "truth.csv", encoding="utf-8")))
BUDGETS = [d for d in DOCUMENTS if not d["document_kind"].startswith("final_accounts")]
FINAL_ACCOUNTS = [d["file_name"] for d in DOCUMENTS if d["document_kind"].startswith("final_accounts")]
THREE_PUBLIC_ITEM = {
    "outbound_travel": "outbound_travel",
    "reception": "official_reception",
    "vehicle_purchase": "vehicle_purchase",
    "vehicle_operation": "vehicle_operation",
}


def yuan(amount: str, unit: str) -> Decimal:
    value = Decimal(amount.replace(",", ""))
    return value * 10000 if unit == "万元" else value


def same_department(got: str, want: str) -> bool:
    """Equal but for （本级）/（汇总）, spaces and a leading budget code (as the scorer compares)."""

    def norm(name: str) -> str:
        return re.sub(r"^\d+[-－]|[（(](本级|汇总)[)）]|\s", "", name or "")

    return norm(got) == norm(want)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("real")
    inbox = tmp / "inbox"
    inbox.mkdir()
    for pdf in REAL.glob("*.pdf"):
        shutil.copy2(pdf, inbox / pdf.name)
    db = tmp / "wh.duckdb"
    result = run_cli("run", "--inbox", str(inbox), "--warehouse", str(db))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        docs = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT file_name, department_name, document_kind, fiscal_year, quality_status, is_current FROM dim_document"
            ).fetchall()
        }
        three_public = defaultdict(Decimal)
        for f, item, amount in con.execute(
            "SELECT d.file_name, t.item, sum(t.amount_yuan) FROM fact_three_public t JOIN dim_document d USING (document_id) "
            "WHERE d.is_current GROUP BY ALL"
        ).fetchall():
            three_public[(f, item)] = amount
        procurement = {
            (f, c): a
            for f, c, a in con.execute(
                "SELECT d.file_name, p.category, sum(p.amount_yuan) FROM fact_procurement p JOIN dim_document d USING (document_id) "
                "WHERE d.is_current GROUP BY ALL"
            ).fetchall()
        }
        stated_total = dict(
            con.execute(
                "SELECT d.file_name, v.procurement_total_yuan FROM v_department_budget v JOIN dim_document d USING (document_id) "
                "WHERE v.procurement_total_yuan IS NOT NULL"
            ).fetchall()
        )
        totals = defaultdict(set)
        for f, amount in con.execute(
            "SELECT d.file_name, t.amount_yuan FROM fact_printed_total t JOIN dim_document d USING (document_id) "
            "WHERE t.table_kind = 'budget_summary' AND d.is_current"
        ).fetchall():
            totals[f].add(amount)
        rejected = dict(
            con.execute("SELECT file_name, reason_code FROM ingest_log WHERE status = 'rejected'").fetchall()
        )
        failed = con.execute(
            "SELECT d.file_name, q.check_name, q.severity, q.detail FROM quality_check_result q "
            "JOIN dim_document d USING (document_id) WHERE NOT q.passed"
        ).fetchall()
    return {
        "docs": docs,
        "three_public": three_public,
        "procurement": procurement,
        "stated_total": stated_total,
        "totals": totals,
        "rejected": rejected,
        "failed": failed,
        "log": result.stdout,
    }


@pytest.mark.parametrize("doc", [pytest.param(d, id=d["file_name"]) for d in BUDGETS])
def test_every_budget_loads_current_with_its_identity(warehouse, doc):
    got = warehouse["docs"].get(doc["file_name"])
    assert got is not None, f"{doc['file_name']} has no dim_document row"
    department, kind, year, status, current = got
    assert same_department(department, doc["department_name"]), department
    assert (kind, year) == (doc["document_kind"], int(doc["fiscal_year"]))
    assert status in ("passed", "warned") and current, (status, current)


@pytest.mark.parametrize("file_name", FINAL_ACCOUNTS)
def test_final_accounts_are_rejected_as_such(warehouse, file_name):
    assert warehouse["rejected"].get(file_name) == "final_accounts"


def _figure(warehouse: dict, row: dict) -> Decimal | None:
    f, fact, item = row["file_name"], row["fact"], row["item"]
    if fact == "three_public":
        tp = warehouse["three_public"]
        leaves = [(f, i) for i in THREE_PUBLIC_ITEM.values()]
        if item == "total":
            return sum(tp[k] for k in leaves) if any(k in tp for k in leaves) else None
        if item == "vehicle_total":
            return (
                tp[(f, "vehicle_purchase")] + tp[(f, "vehicle_operation")] if (f, "vehicle_operation") in tp else None
            )
        return tp.get((f, THREE_PUBLIC_ITEM[item]))
    if fact == "procurement":
        pc = warehouse["procurement"]
        if item == "total":
            parts = [(f, c) for c in ("goods", "works", "services")]
            return (
                sum(pc.get(k, Decimal(0)) for k in parts)
                if any(k in pc for k in parts)
                else warehouse["stated_total"].get(f)
            )
        return pc.get((f, item))
    want = yuan(row["amount"], row["unit"])
    return want if want in warehouse["totals"].get(f, set()) else None


@pytest.mark.parametrize(
    "row",
    [pytest.param(r, id=f"{r['file_name']}-{r['fact']}-{r['item']}") for r in TRUTH],
)
def test_every_hand_read_figure_is_exact(warehouse, row):
    want = yuan(row["amount"], row["unit"])
    got = _figure(warehouse, row)
    assert got == want, f"want {want} 元 (p{row['page']}: {row['quote']}), got {got}"


def test_an_identity_broken_only_by_the_publishers_print_is_a_warn_with_its_evidence(warehouse):
    """Every ERROR identity passes on the real files, except where the page itself shows the break
    is the publisher's (the same figures printed in another table, or totals printed on another
    scope): then it is a WARN whose detail names that evidence and keeps the printed figures."""
    import budget_etl.quality.identities  # noqa: F401  (registers the identities)
    from budget_etl.quality.registry import IDENTITIES
    from budget_etl.quality.results import ERROR

    errors = {name for name, ident in IDENTITIES.items() if ident.severity == ERROR}
    broken = [(f, name, severity, detail) for f, name, severity, detail in warehouse["failed"] if name in errors]
    assert all(severity != ERROR for _, _, severity, _ in broken), [b for b in broken if b[2] == ERROR][:3]
    assert all(("in print:" in d or "scope:" in d) and "printed" in d for *_, d in broken), broken[:3]
