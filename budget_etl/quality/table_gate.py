"""Trust at the grain of a printed table: what a failed ERROR check withholds, and what loads.

A disclosure is proved table by table. Every warehouse row is read from one printed table or
from the narrative (``budget_etl.normalise.build.SOURCES`` says which tables feed which
warehouse table; ``source_kinds`` which one a given row came from). A failed ERROR result puts
in doubt the printed tables it covers:

- an identity that judges one table (row totals, 类/款/项, a table's own total) covers the table
  its result names; one that compares tables (``across=True``) covers every table it compares,
  because the break may be in any of them;
- the GX suite of a fact frame covers the tables that feed that frame; the narrative suite, the
  narrative;
- the GX suite of the staged amounts, and a normaliser finding that names no table, cover every
  table: a malformed staged cell could belong to any of them.

The rows read from a table in doubt are *withheld* (not loaded); every other row loads. The
document is ``passed`` or ``warned`` when nothing is withheld, ``partial`` when some tables are
withheld and others load, ``failed`` when every table it printed is withheld.

Each printed table also gets a status for analysts (``document_table_status``): ``loaded``,
``withheld`` (with the checks that withheld it), ``empty`` (found, printed without a figure),
``unreadable`` (its title was found but its grid did not read: the ``table_readable`` detail
says what was seen) or ``missing`` (a standard table the file does not print).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from budget_etl.normalise.build import NARRATIVE, SOURCES
from budget_etl.normalise.coded import EXPENDITURE_SCOPES
from budget_etl.normalise.projects import PROJECT_KINDS
from budget_etl.quality.gx_suites import check_name_of
from budget_etl.quality.identities import IDENTITIES, TABLE_FOUND, TABLE_READABLE
from budget_etl.quality.results import ERROR
from schemas.frames import TABLE_STATUS, TABLE_STATUSES

STAGED_SUITE = "staged_amounts"
NARRATIVE_SUITE = "narrative_facts"
TABLES_FOUND = "tables_found"  # the table_found_<kind> identities, shown as one Dagster check
PRINTED_TOTALS = "fact_printed_total"
NARRATIVE_TABLE = "fact_narrative"

LOADED, WITHHELD, EMPTY, UNREADABLE, MISSING = TABLE_STATUSES


_SUITE_OF_CHECK = {check_name_of(table): table for table in (*SOURCES, STAGED_SUITE, NARRATIVE_SUITE)}


def covered_tables(check_name: str, table_kind: str | None) -> frozenset[str] | None:
    """The printed tables one failed result of ``check_name`` puts in doubt; None means all."""
    ident = IDENTITIES.get(check_name)
    if ident is not None:
        return frozenset(ident.covers(table_kind)) or None
    suite = _SUITE_OF_CHECK.get(check_name)
    if suite == NARRATIVE_SUITE:
        return frozenset({NARRATIVE})
    if suite in SOURCES:
        return frozenset(SOURCES[suite])
    if suite is None and table_kind:  # a normaliser finding about one table
        return frozenset({table_kind})
    return None


def guarded_tables(check_name: str) -> tuple[str, ...]:
    """The warehouse tables whose rows a check can withhold (each lists it in its materialisation)."""
    ident = IDENTITIES.get(check_name)
    covered = frozenset(ident.tables) if ident is not None else covered_tables(check_name, None)
    return tuple(t for t, kinds in SOURCES.items() if covered is None or covered & set(kinds))


def shown_on(check_name: str) -> str:
    """The warehouse table a check is shown on in Dagster: the one table that every printed
    table it reads feeds (the 三公 identities: fact_three_public); a check across tables that
    feed different ones (收入总表 against 支出总表), or over every staged cell, is about the
    printed figures themselves: fact_printed_total."""
    suite = _SUITE_OF_CHECK.get(check_name)
    if suite in SOURCES:
        return suite
    if check_name == TABLES_FOUND:
        return "document_table_status"
    ident = IDENTITIES.get(check_name)
    kinds = ident.tables if ident is not None else ()
    feeds = [{t for t, sources in SOURCES.items() if kind in sources and t != PRINTED_TOTALS} for kind in kinds]
    common = set.intersection(*[f for f in feeds if f]) if any(feeds) else set()
    if len(common) == 1:
        return common.pop()
    # what only the narrative states (procurement, the text's own consistency) is the narrative's
    return NARRATIVE_TABLE if kinds and set(kinds) == {NARRATIVE} else PRINTED_TOTALS


def results_for_table(results: pl.DataFrame, table: str) -> pl.DataFrame:
    """The results that judge a warehouse table: every passed one, and the failed ones whose
    covered tables feed it."""
    sources = set(SOURCES[table])
    covers = [
        passed or (covered := covered_tables(name, kind)) is None or bool(covered & sources)
        for passed, name, kind in results.select("passed", "check_name", "table_kind").iter_rows()
    ]
    return results.filter(pl.Series(covers, dtype=pl.Boolean))


@dataclass(frozen=True)
class Verdict:
    """Which printed tables of one document load, and which are withheld by which checks."""

    # printed table (and "narrative" if it states figures) -> the (first, last) pages of its grids
    pages: Mapping[str, tuple[tuple[int, int], ...]]
    empty: tuple[str, ...] = ()  # found tables printed without a figure (本表无数据)
    withheld: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> failed ERROR checks
    error_failed: bool = False

    @property
    def found(self) -> tuple[str, ...]:
        return tuple(self.pages)

    def status(self, worst_check_status: str) -> str:
        """passed / warned (nothing withheld), partial, failed (nothing left to load)."""
        if not self.error_failed:
            return worst_check_status
        if self.withheld and set(self.found) - set(self.withheld):
            return "partial"
        return "failed"


def judge(
    results: pl.DataFrame,
    raw_tables: pl.DataFrame | None,
    narrative: pl.DataFrame | None,
    staged: pl.DataFrame | None = None,
) -> Verdict:
    """The verdict of one document's check results (RESULT_SCHEMA rows) over the tables it
    printed (``raw_tables``), its narrative facts and its staged amount cells."""
    pages = _found_pages(raw_tables, narrative)
    failed = results.filter(~pl.col("passed") & (pl.col("severity") == ERROR))
    withheld: dict[str, list[str]] = {}
    for check_name, table_kind in failed.select("check_name", "table_kind").unique(maintain_order=True).iter_rows():
        covered = covered_tables(check_name, table_kind)
        for kind in pages if covered is None else (k for k in pages if k in covered):
            if check_name not in withheld.setdefault(kind, []):
                withheld[kind].append(check_name)
    # printed without a figure: marked 本表无数据, or no amount cell at all
    with_cells = set() if staged is None else set(staged["table_kind"].unique().to_list())
    empty = (
        ()
        if raw_tables is None
        else tuple(
            kind
            for kind, marked in raw_tables.group_by("table_kind", maintain_order=True)
            .agg(pl.col("is_empty").all())
            .iter_rows()
            if marked or (staged is not None and kind not in with_cells)
        )
    )
    return Verdict(
        pages=pages, empty=empty, withheld={k: tuple(v) for k, v in withheld.items()}, error_failed=failed.height > 0
    )


def _found_pages(
    raw_tables: pl.DataFrame | None, narrative: pl.DataFrame | None
) -> dict[str, tuple[tuple[int, int], ...]]:
    ranges: dict[str, list[tuple[int, int]]] = {}
    if raw_tables is not None:
        for kind, first, last in raw_tables.select("table_kind", "first_page", "last_page").iter_rows():
            ranges.setdefault(kind, []).append((first, last))
    if narrative is not None and narrative.height:
        ranges[NARRATIVE] = [(narrative["page_number"].min(), narrative["page_number"].max())]
    return {kind: tuple(r) for kind, r in ranges.items()}


_BY_COLUMN = {
    # the column that names a row's table where a warehouse table is fed by several
    "fact_printed_total": ("table_kind", None),
    "fact_expenditure": ("budget_scope", {scope: kind for kind, scope in EXPENDITURE_SCOPES.items()}),
    "fact_project_expenditure": ("is_carryover", {carry: kind for kind, carry in PROJECT_KINDS.items()}),
}


def source_kinds(table: str, frame: pl.DataFrame, pages: Mapping[str, tuple[tuple[int, int], ...]]) -> list[str]:
    """The printed table (or "narrative") each row of a warehouse frame was read from."""
    sources = SOURCES[table]
    if table in _BY_COLUMN:
        column, mapping = _BY_COLUMN[table]
        values = frame[column].to_list()
        return values if mapping is None else [mapping[v] for v in values]
    if len(sources) == 1:
        return [sources[0]] * frame.height
    # Several tables print the same facts (三公 alone or with 机关运行经费; procurement in a table
    # or in the prose): the page a row was read on says which.
    printed = [k for k in sources if k in pages and k != NARRATIVE]
    fallback = NARRATIVE if NARRATIVE in sources else (printed[0] if printed else sources[0])

    def on_page(page: int) -> str:
        for kind in printed:
            if any(first <= page <= last for first, last in pages[kind]):
                return kind
        return fallback

    return [on_page(p) for p in frame["page_number"].to_list()]


@dataclass(frozen=True)
class Split:
    """A document's warehouse frames cut by the verdict."""

    loadable: dict[str, pl.DataFrame]
    rows_loaded: dict[str, int]  # printed table -> warehouse rows read from it that load
    rows_withheld: dict[str, int]  # printed table -> warehouse rows read from it that are withheld
    tables_withheld: dict[str, int]  # warehouse table -> its rows withheld


def split_facts(facts: Mapping[str, pl.DataFrame], verdict: Verdict) -> Split:
    """Keep the rows read from tables the verdict trusts; count what each printed table gave."""
    loadable: dict[str, pl.DataFrame] = {}
    loaded: dict[str, int] = {}
    withheld: dict[str, int] = {}
    tables_withheld: dict[str, int] = {}
    for table, frame in facts.items():
        if table not in SOURCES or frame is None:
            loadable[table] = frame
            continue
        kinds = source_kinds(table, frame, verdict.pages)
        keep = [k not in verdict.withheld for k in kinds]
        for kind, kept in zip(kinds, keep):
            counts = loaded if kept else withheld
            counts[kind] = counts.get(kind, 0) + 1
        if all(keep):
            loadable[table] = frame
        else:
            loadable[table] = frame.filter(pl.Series(keep, dtype=pl.Boolean))
            tables_withheld[table] = len(keep) - sum(keep)
    return Split(loadable, loaded, withheld, tables_withheld)


def table_status(verdict: Verdict, split: Split, results: pl.DataFrame) -> pl.DataFrame:
    """One row per printed table of the document, found or not: TABLE_STATUS rows."""
    rows: dict[str, dict] = {}

    def add(kind: str, status: str, first=None, last=None, failed=None, detail=None) -> None:
        rows.setdefault(
            kind,
            {
                "table_kind": kind,
                "status": status,
                "first_page": first,
                "last_page": last,
                "rows_loaded": split.rows_loaded.get(kind, 0),
                "rows_withheld": split.rows_withheld.get(kind, 0),
                "failed_checks": ", ".join(failed) if failed else None,
                "detail": detail,
            },
        )

    failed = results.filter(~pl.col("passed"))
    failed_error = failed.filter(pl.col("severity") == ERROR)
    for kind, ranges in verdict.pages.items():
        first, last = min(r[0] for r in ranges), max(r[1] for r in ranges)
        if kind in verdict.withheld:
            checks = verdict.withheld[kind]
            details = failed_error.filter(pl.col("check_name").is_in(list(checks)))["detail"]
            add(kind, WITHHELD, first, last, checks, details[0] if len(details) else None)
        elif kind in verdict.empty:
            add(kind, EMPTY, first, last)
        else:  # a table that restates figures of others (表一's 合计 rows) may give no row of its own
            add(kind, LOADED, first, last)
    for kind, page, detail in (
        failed.filter(pl.col("check_name") == TABLE_READABLE).select("table_kind", "page_number", "detail").iter_rows()
    ):
        if kind:
            add(kind, UNREADABLE, page, page, (TABLE_READABLE,), detail)
    for check_name, detail in (
        failed.filter(pl.col("check_name").str.starts_with(TABLE_FOUND)).select("check_name", "detail").iter_rows()
    ):
        add(check_name.removeprefix(TABLE_FOUND), MISSING, detail=detail)
    return pl.DataFrame(list(rows.values()), schema=TABLE_STATUS)
