"""Load documents into the DuckDB warehouse of docs/WAREHOUSE.md, without locking readers out.

The schema comes only from schemas/warehouse.sql (``create_schema``). Everything that writes
goes through ``open_for_update``, which never opens the live file for writing:

1. take an exclusive lock on ``<warehouse>.lock`` (one writer at a time, also across processes);
2. copy the live file to a private ``.<name>.<pid>.<random>.building`` file next to it;
3. open the copy read-write, apply the schema and the reference lists, yield the connection;
4. CHECKPOINT and close it, fsync it, and ``os.replace`` it over the live file.

DuckDB lets one process hold a file read-write and then refuses every other process, readers
included. Building in a copy keeps the live file open to read-only connections all the time:
a reader that opened the old file keeps reading that (unlinked) inode until it reconnects; a
reader that connects after the rename sees the new warehouse. ``os.replace`` is atomic on POSIX,
so nobody ever sees a half-written file, and a failed load leaves the live file untouched.
The cost is one file copy per update: fine for a warehouse of a few hundred documents (MBs);
batch many documents into one update with ``load_documents``.

``load_document`` replaces one document's rows in one transaction (delete, then insert), so
loading the same document twice leaves the same contents; only the operational timestamps move
(ingest_log.seen_at and attempts, quality_check_result.checked_at: when it happened). A corrected file for the same
(department_name, document_kind, fiscal_year, disclosure_part) supersedes the old one, and a document that failed its
checks never becomes current: see ``_refresh_current``.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from budget_etl.normalise.reference import economic_classes, function_classes, reference_files
from schemas.frames import GRAIN
from schemas.tables import DIM_DOCUMENT
from schemas.types import YUAN

SCHEMA_SQL = Path(__file__).resolve().parent.parent / "schemas" / "warehouse.sql"

# Tables whose rows belong to one document: a load deletes the document's rows and inserts the
# new frame. Every fact table of the contract, plus the added per-document tables.
DOCUMENT_TABLES = (
    "fact_revenue",
    "fact_expenditure",
    "fact_expenditure_economic",
    "fact_project_expenditure",
    "fact_three_public",
    "fact_procurement",
    "fact_operating_cost",
    "fact_printed_total",
    "fact_narrative",
    "function_class_printed_name",
    "quality_check_result",
    "document_table_status",
)
FACT_TABLES = tuple(t for t in DOCUMENT_TABLES if t.startswith("fact_"))

# Dimension rows a document may add (codes seen in it but missing from the reference lists).
# They are inserted when new and never deleted or overwritten by a document.
DIMENSION_TABLES = ("dim_function_class", "dim_economic_class")

# Columns the loader fills itself, so they cannot disagree with dim_document or amount_yuan.
_FROM_DOCUMENT = ("document_id", "fiscal_year", "department_name")
_DERIVED = ("amount_wan",)

DOCUMENT_FIELDS = (
    "document_id",
    "file_name",
    "file_sha256",
    "department_name",
    "document_kind",
    "fiscal_year",
    "page_count",
)
# dim_document fields a document row may leave out: (field, value when absent). Rows built by
# hand (tests, fixtures) and rows from before these fields existed are complete disclosures
# whose name source is unknown.
OPTIONAL_DOCUMENT_FIELDS = (("department_name_source", None), ("disclosure_part", "full"))
DISCLOSURE_PARTS = DIM_DOCUMENT.column("disclosure_part").values

_STATUS_RANK = {"passed": 0, "warned": 1, "partial": 2, "failed": 3}


class WarehouseLoadError(ValueError):
    """A frame handed to the loader does not fit the warehouse contract."""


# --------------------------------------------------------------------------------------------
# Schema and connections
# --------------------------------------------------------------------------------------------


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or complete) every table and view of the contract from schemas/warehouse.sql."""
    stale = _stale_status_check(con)
    if stale:
        con.execute("ALTER TABLE dim_document RENAME TO dim_document_before_partial")
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    if stale:
        con.execute("INSERT INTO dim_document BY NAME SELECT * FROM dim_document_before_partial")
        con.execute("DROP TABLE dim_document_before_partial")


def _ensure_contract(con: duckdb.DuckDBPyConnection) -> None:
    """Apply the schema and the reference lists, unless this warehouse already has exactly these.

    Re-running the 40 KB DDL and upserting the reference lists cost more than a document's load,
    so the warehouse keeps the fingerprint of what was last applied (warehouse_meta) and skips
    both while schemas/warehouse.sql and the reference files are unchanged."""
    fingerprint = _contract_fingerprint()
    try:
        applied = con.execute("SELECT value FROM warehouse_meta WHERE key = 'contract_fingerprint'").fetchone()
    except duckdb.CatalogException:  # a new warehouse, or one from before warehouse_meta
        applied = None
    if applied and applied[0] == fingerprint:
        return
    create_schema(con)
    load_reference_dimensions(con)
    con.execute("INSERT OR REPLACE INTO warehouse_meta VALUES ('contract_fingerprint', ?)", [fingerprint])


def _contract_fingerprint() -> str:
    digest = hashlib.sha256(SCHEMA_SQL.read_bytes())
    for path in reference_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stale_status_check(con: duckdb.DuckDBPyConnection) -> bool:
    # A warehouse created before quality_status could be 'partial' keeps the old CHECK, which
    # DuckDB cannot alter: such a dim_document is rebuilt once, its rows unchanged.
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'dim_document' AND constraint_type = 'CHECK' "
            "AND constraint_text LIKE '%quality_status%' AND constraint_text NOT LIKE '%partial%' "
            "AND database_name = current_database()"
        ).fetchone()[0]
    )


def load_reference_dimensions(con: duckdb.DuckDBPyConnection) -> None:
    """Upsert the shipped reference lists into dim_function_class and dim_economic_class.

    A code first seen in a document (in_reference = false) that the reference list now holds
    takes the reference name and in_reference = true. Running this twice changes nothing.
    """
    functions = function_classes().with_columns(pl.lit(True).alias("in_reference"))
    economics = economic_classes().with_columns(pl.lit(True).alias("in_reference"))
    _upsert(con, "dim_function_class", functions, key=("code",), update=True)
    _upsert(con, "dim_economic_class", economics, key=("scheme", "code"), update=True)


def connect_readonly(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live warehouse: for analysts and tests.

    Read-only connections never block a refresh (it builds in a copy) and are never blocked by
    one. A connection keeps seeing the warehouse as it was when it connected; reconnect to see
    a newer load.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}; run the pipeline first")
    return duckdb.connect(str(path), read_only=True)


@contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    # One writer at a time: two concurrent copy-and-swap updates would each start from the
    # same file and the second rename would silently drop the first one's load. Dagster's
    # pool of size 1 already serialises loads; this lock also covers the CLI and tests.
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def open_for_update(path: str | os.PathLike) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy of the warehouse, swapped in on success.

    On normal exit the copy is checkpointed, closed and atomically renamed over ``path``; on an
    exception it is discarded and the live warehouse is untouched. Creates the warehouse
    (schema and reference dimensions) when ``path`` does not exist yet.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(path):
        live_wal = path.with_name(path.name + ".wal")
        if live_wal.exists():
            # Only copies are ever written, so a WAL beside the live file means someone opened
            # it read-write (or crashed doing so): copying the file alone would lose that work.
            raise RuntimeError(
                f"{live_wal} exists: the live warehouse was opened for writing outside "
                "budget_etl.duckdb_warehouse; close that connection (or open it once to replay the WAL) first"
            )
        # Under the lock no other update is running: a copy left behind is from a killed process.
        for stale in path.parent.glob(f".{path.name}.*.building*"):
            stale.unlink(missing_ok=True)
        building = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.building")
        try:
            if path.exists():
                shutil.copyfile(path, building)
            con = duckdb.connect(str(building))
            try:
                _ensure_contract(con)
                yield con
                # Fold the WAL into the file so the renamed file is complete on its own.
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _fsync(building)
            os.replace(building, path)
            _fsync(path.parent, directory=True)
        finally:
            for leftover in (building, building.with_name(building.name + ".wal")):
                leftover.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load_document(
    warehouse_path: str | os.PathLike,
    document: Mapping,
    facts: Mapping[str, pl.DataFrame],
    *,
    now: datetime | None = None,
    pause: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> dict[str, int]:
    """Replace one document's rows in the warehouse, in one transaction; return rows per table.

    ``document``: the dim_document fields (document_id, file_name, file_sha256, department_name,
    document_kind, fiscal_year, page_count; quality_status, department_name_source and
    disclosure_part optional). ``facts``: frames keyed by
    warehouse table name (see ``load_document_into``). ``pause`` is called inside the open
    transaction just before commit (tests use it to hold a load open).
    """
    with open_for_update(warehouse_path) as con:
        return load_document_into(con, document, facts, now=now, pause=pause)


def load_documents(
    warehouse_path: str | os.PathLike,
    items: Iterable[tuple[Mapping, Mapping[str, pl.DataFrame]]],
    *,
    now: datetime | None = None,
) -> dict[str, dict[str, int]]:
    """Load many documents with one copy-and-swap; each document still in its own transaction.

    All or nothing for the batch: if one document fails, the live warehouse is left unchanged.
    """
    counts: dict[str, dict[str, int]] = {}
    with open_for_update(warehouse_path) as con:
        for document, facts in items:
            counts[document["document_id"]] = load_document_into(con, document, facts, now=now)
    return counts


def load_document_into(
    con: duckdb.DuckDBPyConnection,
    document: Mapping,
    facts: Mapping[str, pl.DataFrame],
    *,
    now: datetime | None = None,
    pause: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> dict[str, int]:
    """Load one document through an open read-write connection, in one transaction.

    ``facts`` keys are warehouse table names:
    - the per-document tables (``DOCUMENT_TABLES``): every fact table, function_class_printed_name
      and quality_check_result. document_id, fiscal_year and department_name are filled from
      ``document``; amount_wan is computed exactly from amount_yuan. A table missing from
      ``facts`` ends up with no rows for this document.
    - ``dim_function_class`` / ``dim_economic_class``: codes seen in the document; inserted when
      new, never overwriting a reference row.
    """
    now = now or datetime.now()
    doc = _document_row(document)
    unknown = set(facts) - set(DOCUMENT_TABLES) - set(DIMENSION_TABLES)
    if unknown:
        raise WarehouseLoadError(f"unknown warehouse tables in facts: {sorted(unknown)}")
    frames = {
        table: _prepare_frame(con, table, facts[table], doc, now)
        for table in DOCUMENT_TABLES
        if table in facts and facts[table] is not None
    }
    checks = frames.get("quality_check_result")
    doc["quality_status"] = _status_with_checks(doc.get("quality_status") or "passed", checks)

    con.execute("BEGIN TRANSACTION")
    try:
        for table in DOCUMENT_TABLES:
            con.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc["document_id"]])
        counts = {}
        for table, frame in frames.items():
            counts[table] = _insert(con, table, frame)
        for table in DIMENSION_TABLES:
            if table in facts and facts[table] is not None and facts[table].height:
                seen = facts[table].with_columns(pl.lit(False).alias("in_reference"))
                key = ("code",) if table == "dim_function_class" else ("scheme", "code")
                _upsert(con, table, seen, key=key, update=False)
        _upsert_document(con, doc, now)
        _refresh_current(con)
        record_ingest_into(
            con,
            file_name=doc["file_name"],
            file_sha256=doc["file_sha256"],
            status="loaded",
            seen_at=now,
        )
        if pause is not None:
            pause(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts


def record_ingest(
    warehouse_path: str | os.PathLike,
    *,
    file_name: str,
    file_sha256: str,
    status: str,
    reason_code: str | None = None,
    reason: str | None = None,
    seen_at: datetime | None = None,
) -> None:
    """Record what happened to one file in ingest_log (loaded / rejected / failed).

    load_document records ``loaded`` itself; call this for files that were rejected (not a
    readable budget disclosure) or failed (an error check or a pipeline error).
    """
    with open_for_update(warehouse_path) as con:
        record_ingest_into(
            con,
            file_name=file_name,
            file_sha256=file_sha256,
            status=status,
            reason_code=reason_code,
            reason=reason,
            seen_at=seen_at,
        )


def record_ingest_into(
    con: duckdb.DuckDBPyConnection,
    *,
    file_name: str,
    file_sha256: str,
    status: str,
    reason_code: str | None = None,
    reason: str | None = None,
    seen_at: datetime | None = None,
) -> None:
    """``record_ingest`` through an open connection: one row per file, latest outcome wins."""
    seen_at = seen_at or datetime.now()
    con.execute(
        """
        INSERT INTO ingest_log (file_name, file_sha256, document_id, status, reason_code, reason,
                                seen_at, first_seen_at, attempts)
        VALUES (?, ?, left(?, 16), ?, ?, ?, ?, ?, 1)
        ON CONFLICT (file_sha256, file_name) DO UPDATE SET
            status = excluded.status,
            reason_code = excluded.reason_code,
            reason = excluded.reason,
            seen_at = excluded.seen_at,
            attempts = ingest_log.attempts + 1
        """,
        [file_name, file_sha256, file_sha256, status, reason_code, reason, seen_at, seen_at],
    )


# --------------------------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------------------------


def _document_row(document: Mapping) -> dict:
    missing = [f for f in DOCUMENT_FIELDS if document.get(f) in (None, "")]
    if missing:
        raise WarehouseLoadError(f"document is missing {missing}")
    doc = {f: document[f] for f in DOCUMENT_FIELDS}
    doc["quality_status"] = document.get("quality_status")
    for field, absent in OPTIONAL_DOCUMENT_FIELDS:
        doc[field] = document.get(field) or absent
    if doc["disclosure_part"] not in DISCLOSURE_PARTS:
        # A warehouse created before the column has no CHECK on it (schemas/warehouse.sql).
        raise WarehouseLoadError(f"disclosure_part {doc['disclosure_part']!r} is not one of {DISCLOSURE_PARTS}")
    if doc["document_id"] != doc["file_sha256"][:16]:
        raise WarehouseLoadError(
            f"document_id {doc['document_id']} is not the first 16 hex digits of {doc['file_sha256']}"
        )
    return doc


def _worst(*statuses: str) -> str:
    return max(statuses, key=lambda s: _STATUS_RANK[s])


def _status_with_checks(given: str, checks: pl.DataFrame | None) -> str:
    """The document's status, never better than its check results allow: a failed ERROR makes
    a document 'partial' (the gate withheld what it covers) or 'failed', never passed/warned."""
    from_checks = _status_from_checks(checks)
    if from_checks == "failed" and given in ("partial", "failed"):
        return given
    return _worst(given, from_checks)


def _status_from_checks(checks: pl.DataFrame | None) -> str:
    """failed if an error check failed, warned if a warn check failed, else passed."""
    if checks is None or checks.height == 0:
        return "passed"
    failed = checks.filter(~pl.col("passed"))
    if failed.filter(pl.col("severity") == "error").height:
        return "failed"
    if failed.height:
        return "warned"
    return "passed"


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND database_name = current_database() "
        "ORDER BY column_index",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def _prepare_frame(
    con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, doc: dict, now: datetime
) -> pl.DataFrame:
    """The frame as the table's columns, with the document's own columns filled in and checked."""
    columns = _table_columns(con, table)
    supplied = [c for c in columns if c not in _DERIVED]
    if "document_id" in frame.columns:
        other = frame.filter(pl.col("document_id") != doc["document_id"])
        if other.height:
            raise WarehouseLoadError(f"{table}: rows of another document ({other['document_id'][0]})")
    fill = {c: doc[c] for c in _FROM_DOCUMENT if c in columns}
    if table == "quality_check_result" and "checked_at" not in frame.columns:
        fill["checked_at"] = now
    frame = frame.with_columns(pl.lit(v).alias(c) for c, v in fill.items())
    missing = [c for c in supplied if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing or extra:
        raise WarehouseLoadError(f"{table}: columns differ from the warehouse (missing {missing}, unexpected {extra})")
    if "amount_yuan" in frame.columns:
        frame = frame.with_columns(_exact_yuan(frame["amount_yuan"], table))
    grain = GRAIN.get(table)
    if grain:
        dup = frame.filter(frame.select(grain).is_duplicated())
        if dup.height:
            raise WarehouseLoadError(f"{table}: {dup.height} rows share a grain {grain}: {dup.head(4).to_dicts()}")
    return frame.select(supplied)


def _exact_yuan(amount: pl.Series, table: str) -> pl.Series:
    """amount_yuan as DECIMAL(18,2), refusing any value that would be rounded on the way.

    polars' Decimal cast to a smaller scale rounds silently, and a float would not be exact:
    so the value must already be a whole number of fen.
    """
    if amount.dtype == pl.Float32 or amount.dtype == pl.Float64:
        raise WarehouseLoadError(f"{table}: amount_yuan is a float; amounts must be Decimal end to end")
    if not isinstance(amount.dtype, pl.Decimal):
        amount = amount.cast(pl.Decimal(38, 2), strict=True)
    converted = amount.cast(YUAN, strict=True)
    widened = converted.cast(pl.Decimal(38, max(amount.dtype.scale or 0, 2)))
    lossy = amount.cast(pl.Decimal(38, max(amount.dtype.scale or 0, 2))) != widened
    if lossy.any():
        bad = amount.filter(lossy).head(3).to_list()
        raise WarehouseLoadError(f"{table}: amount_yuan not a whole number of fen: {bad}")
    return converted.alias("amount_yuan")


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    if frame.height == 0:
        return 0
    # fact_narrative has amount_yuan (money only) but no amount_wan: its figure is as stated.
    with_wan = "amount_wan" in _table_columns(con, table)
    # Arrow carries polars Decimal as decimal128 straight into DuckDB DECIMAL: no float on the way.
    arrow = frame.to_arrow()
    with _registered(con, arrow):
        cols = list(frame.columns)
        select = [f'"{c}"' for c in cols]
        if "amount_yuan" in cols and with_wan:
            # x * 0.0001 stays DECIMAL in DuckDB (x / 10000 would be DOUBLE): exact 万元.
            cols.append("amount_wan")
            select.append("CAST(amount_yuan * 0.0001 AS DECIMAL(20,6))")
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(select)} FROM _incoming")
    return frame.height


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, arrow) -> Iterator[None]:
    """``arrow`` as the relation _incoming for the statements inside.

    When a statement fails (a CHECK constraint, say) DuckDB aborts the transaction and refuses
    even the unregister; that second error would hide the first, which says what was wrong. The
    caller rolls back, so the registration goes with it.
    """
    con.register("_incoming", arrow)
    try:
        yield
    except BaseException:
        with suppress(duckdb.TransactionException):
            con.unregister("_incoming")
        raise
    con.unregister("_incoming")


def _upsert(
    con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, *, key: tuple[str, ...], update: bool
) -> None:
    columns = [c for c in _table_columns(con, table) if c in frame.columns]
    frame = frame.select(columns).unique(subset=list(key), keep="first", maintain_order=True)
    if frame.height == 0:
        return
    with _registered(con, frame.to_arrow()):
        if update:
            sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
            action = f"DO UPDATE SET {sets}"
        else:
            action = "DO NOTHING"
        con.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM _incoming "
            f"ON CONFLICT ({', '.join(key)}) {action}"
        )


def _upsert_document(con: duckdb.DuckDBPyConnection, doc: dict, now: datetime) -> None:
    # loaded_at is the time of the FIRST load and survives reloads: reloading the same file
    # leaves identical contents, and re-running an old file never makes it current again.
    con.execute(
        """
        INSERT INTO dim_document (document_id, file_name, file_sha256, department_name, document_kind,
                                  fiscal_year, page_count, is_current, quality_status, loaded_at,
                                  department_name_source, disclosure_part)
        VALUES (?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?)
        ON CONFLICT (document_id) DO UPDATE SET
            file_name = excluded.file_name,
            department_name = excluded.department_name,
            document_kind = excluded.document_kind,
            fiscal_year = excluded.fiscal_year,
            page_count = excluded.page_count,
            quality_status = excluded.quality_status,
            department_name_source = excluded.department_name_source,
            disclosure_part = excluded.disclosure_part
        """,
        [
            doc["document_id"],
            doc["file_name"],
            doc["file_sha256"],
            doc["department_name"],
            doc["document_kind"],
            int(doc["fiscal_year"]),
            int(doc["page_count"]),
            doc["quality_status"],
            now,
            doc["department_name_source"],
            doc["disclosure_part"],
        ],
    )


def _refresh_current(con: duckdb.DuckDBPyConnection) -> None:
    """is_current: per (department_name, document_kind, fiscal_year, disclosure_part), the file
    first loaded last among those that did not fail their checks.

    The part is in the key because a disclosure may be published as two files, its tables (报表)
    and its narrative (说明): each holds what the other lacks, so neither supersedes the other,
    while a corrected re-upload of the same part supersedes the old one.

    "Most recently loaded" is measured by first load (loaded_at), so a later file supersedes an
    earlier one, and reloading or re-running the earlier file does not undo that. Ties (same
    timestamp) fall to the larger document_id, only to stay deterministic.

    A document with quality_status = 'failed' never becomes current: its facts are not loaded
    (budget_etl/quality/gate.py), so making it current would leave its department without
    figures; the previous good file stays current instead. The rule lives here, next to the
    superseding rule, so every loader (the gate, load_document, load_documents) applies it.
    """
    con.execute(
        """
        UPDATE dim_document AS d SET is_current = coalesce(d.document_id = w.current_id, false)
        FROM (
            SELECT department_name, document_kind, fiscal_year, coalesce(disclosure_part, 'full') AS part,
                   arg_max(document_id, (loaded_at, document_id))
                       FILTER (WHERE quality_status <> 'failed') AS current_id
            FROM dim_document GROUP BY ALL
        ) AS w
        WHERE d.department_name = w.department_name
          AND d.document_kind = w.document_kind
          AND d.fiscal_year = w.fiscal_year
          AND coalesce(d.disclosure_part, 'full') = w.part
          AND d.is_current IS DISTINCT FROM coalesce(d.document_id = w.current_id, false)
        """
    )


def yuan(value: str | int | Decimal) -> Decimal:
    """An exact Decimal with 2 decimals, for building frames by hand (tests, fixtures)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))
