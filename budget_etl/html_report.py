"""An HTML report of the warehouse: per department and year, charts and tables to look at.

``write_report(warehouse, out)`` reads the warehouse read-only and writes ONE self-contained HTML
file: the charts are Vega-Lite specs (built with altair) rendered in the browser by vega-embed,
whose JavaScript (Vega + Vega-Lite + vega-embed, ~0.9 MB) is inlined from the ``vl-convert-python``
wheel. Nothing is fetched when the page opens, so it works offline, as an e-mail attachment or
from a CI artifact.

The page: an overview of every current document (headline figures, expenditure by department),
files that did not load, then one section per department × year × kind with revenue by funding
source, expenditure by function class (basic/project), basic vs project, the 三公 breakdown,
procurement by category, 机关运行经费 per unit and the quality status with its failed checks.

Plain functions, in three steps so each can be tested alone: ``read_report_data`` (SQL → polars),
the ``*_chart`` functions (frame → altair chart) and ``render_html`` (data → string).
Charts plot floats (万元); every table shows the exact DECIMAL figure.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import altair as alt
import duckdb
import polars as pl

from budget_etl.duckdb_warehouse import connect_readonly
from budget_etl.money import WAN_PER_YUAN
from schemas.frames import TABLE_KINDS

# Labels of the contract's enumerations (docs/WAREHOUSE.md), as a reader of the PDF knows them.
FUNDING_SOURCE_ZH = {
    "general_public_budget": "一般公共预算",
    "government_fund": "政府性基金预算",
    "state_capital_operation": "国有资本经营预算",
    "fiscal_special_account": "财政专户管理资金",
    "unit_funds": "单位资金",
    "prior_year_carryover": "上年结转",
}
THREE_PUBLIC_ITEM_ZH = {
    "outbound_travel": "因公出国（境）费",
    "official_reception": "公务接待费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
}
PROCUREMENT_CATEGORY_ZH = {"goods": "货物", "works": "工程", "services": "服务"}
EXPENDITURE_TYPE_ZH = {"basic": "基本支出", "project": "项目支出"}
KIND_ZH = {"department": "部门预算", "unit": "单位预算"}
STATUS_ZH = {
    "passed": "通过 passed",
    "warned": "警告 warned",
    "partial": "部分入库 partial",
    "failed": "失败 failed",
    # document_table_status.status
    "loaded": "已入库 loaded",
    "withheld": "未入库 withheld",
    "empty": "无数据 empty",
    "unreadable": "无法读取 unreadable",
    "missing": "未印制 missing",
}
OUTCOMES = ("passed", "warn failed", "error failed")

# Chinese labels need a CJK font on the reader's machine; name the common ones before the
# generic family so Linux (Noto/WenQuanYi), macOS (PingFang) and Windows (YaHei) all find one.
FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif'
TYPE_COLOURS = {"基本支出": "#4c78a8", "项目支出": "#f58518"}
# One colour per funding source on every chart, apart from the basic/project blue and orange.
SOURCE_COLOURS = {
    "一般公共预算": "#2f6f9f",
    "政府性基金预算": "#b279a2",
    "国有资本经营预算": "#9d755d",
    "财政专户管理资金": "#72b7b2",
    "单位资金": "#bab0ac",
    "上年结转": "#eeca3b",
}
OUTCOME_COLOURS = {"passed": "#54a24b", "warn failed": "#f2a93b", "error failed": "#e45756"}
CHART_WIDTH = 340
# Few ticks: amounts like 31,996.57 万元 print wide labels that otherwise run into each other.
_AMOUNT_AXIS = alt.Axis(tickCount=5, labelOverlap=True)


@dataclass
class ReportData:
    """Everything the page shows, one polars frame per panel, for every current document."""

    documents: pl.DataFrame  # v_department_budget + file name, page count
    revenue: pl.DataFrame  # document_id, funding_source, amount_wan
    expenditure_by_class: pl.DataFrame  # document_id, class_code, class_name, expenditure_type, amount_wan
    three_public: pl.DataFrame  # document_id, item, funding_source, amount_wan, page_number
    procurement: pl.DataFrame  # document_id, category, amount_wan, page_number
    operating_cost: pl.DataFrame  # document_id, unit_name, amount_wan, page_number
    checks: pl.DataFrame  # document_id, check_name, severity, outcome, n
    failed_checks: pl.DataFrame  # document_id, check_name, severity, n, largest_difference, pages, example
    not_loaded: pl.DataFrame  # ingest_log rows whose latest attempt did not load
    table_status: pl.DataFrame  # document_table_status of the current documents


# --------------------------------------------------------------------------------------------
# Step 1: the warehouse, read-only
# --------------------------------------------------------------------------------------------

_CURRENT = "document_id IN (SELECT document_id FROM dim_document WHERE is_current)"

QUERIES = {
    "documents": """
        SELECT v.*, d.file_name, d.page_count, d.loaded_at
        FROM v_department_budget AS v JOIN dim_document AS d USING (document_id)
        ORDER BY v.department_name, v.fiscal_year, v.document_kind""",
    "revenue": f"""
        SELECT document_id, funding_source, SUM(amount_wan) AS amount_wan
        FROM fact_revenue WHERE {_CURRENT}
        GROUP BY ALL ORDER BY document_id, amount_wan DESC""",
    # One budget scope only (all_funds = 预算支出总表): the scopes overlap by design.
    "expenditure_by_class": f"""
        SELECT e.document_id, left(e.function_code, 3) AS class_code,
               coalesce(c.name, left(e.function_code, 3)) AS class_name,
               e.expenditure_type, SUM(e.amount_wan) AS amount_wan
        FROM fact_expenditure AS e
        LEFT JOIN dim_function_class AS c ON c.code = left(e.function_code, 3)
        WHERE e.budget_scope = 'all_funds' AND e.{_CURRENT}
        GROUP BY ALL ORDER BY e.document_id, class_code""",
    "three_public": f"""
        SELECT document_id, item, funding_source, SUM(amount_wan) AS amount_wan, min(page_number) AS page_number
        FROM fact_three_public WHERE {_CURRENT} GROUP BY ALL ORDER BY document_id""",
    "procurement": f"""
        SELECT document_id, category, SUM(amount_wan) AS amount_wan, min(page_number) AS page_number
        FROM fact_procurement WHERE {_CURRENT} GROUP BY ALL ORDER BY document_id""",
    "operating_cost": f"""
        SELECT document_id, unit_name, SUM(amount_wan) AS amount_wan, min(page_number) AS page_number
        FROM fact_operating_cost WHERE {_CURRENT} GROUP BY ALL ORDER BY document_id, amount_wan DESC""",
    "checks": f"""
        SELECT document_id, check_name, severity,
               CASE WHEN passed THEN 'passed' ELSE severity || ' failed' END AS outcome,
               count(*) AS n
        FROM quality_check_result WHERE {_CURRENT} GROUP BY ALL ORDER BY document_id, check_name""",
    "failed_checks": f"""
        SELECT document_id, check_name, severity, count(*) AS n,
               max(abs(difference)) * 0.0001 AS largest_difference_wan,
               list(DISTINCT page_number ORDER BY page_number) AS pages,
               min(subject) AS example_subject, min(detail) AS example_detail
        FROM quality_check_result WHERE NOT passed AND {_CURRENT}
        GROUP BY document_id, check_name, severity
        ORDER BY document_id, severity, n DESC""",
    "not_loaded": """
        SELECT file_name, status, reason_code, reason, seen_at
        FROM ingest_log WHERE status <> 'loaded' ORDER BY seen_at DESC""",
    "table_status": f"""
        SELECT document_id, table_kind, status, first_page, last_page, rows_loaded, rows_withheld, failed_checks, detail
        FROM document_table_status WHERE {_CURRENT} ORDER BY document_id, first_page NULLS LAST, table_kind""",
}


def read_report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    """Every frame of the report, for the current documents, from one connection."""
    return ReportData(**{name: con.sql(sql).pl() for name, sql in QUERIES.items()})


# --------------------------------------------------------------------------------------------
# Step 2: charts (altair → Vega-Lite dicts)
# --------------------------------------------------------------------------------------------


def _records(frame: pl.DataFrame) -> list[dict]:
    # Vega-Lite needs JSON numbers: DECIMAL → float, for plotting only (tables keep DECIMAL).
    decimals = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Decimal)]
    return frame.with_columns(pl.col(decimals).cast(pl.Float64)).to_dicts()


def _finish(chart: alt.Chart | alt.LayerChart, title: str, subtitle: str | None = None) -> dict:
    title_params = alt.TitleParams(title, subtitle=subtitle or alt.Undefined, anchor="start", fontSize=14)
    chart = chart.properties(title=title_params)
    return chart.configure(font=FONT).configure_view(stroke=None).to_dict()


def _source_scale() -> alt.Scale:
    return alt.Scale(domain=list(SOURCE_COLOURS), range=list(SOURCE_COLOURS.values()))


def revenue_chart(revenue: pl.DataFrame) -> dict:
    frame = revenue.with_columns(pl.col("funding_source").replace_strict(FUNDING_SOURCE_ZH).alias("source"))
    chart = (
        alt.Chart(alt.Data(values=_records(frame)))
        .mark_bar()
        .encode(
            x=alt.X("amount_wan:Q", title="万元", axis=_AMOUNT_AXIS),
            y=alt.Y("source:N", title=None, sort="-x"),
            color=alt.Color("source:N", scale=_source_scale(), legend=None),
            tooltip=[
                alt.Tooltip("source:N", title="资金来源"),
                alt.Tooltip("amount_wan:Q", title="万元", format=",.2f"),
            ],
        )
        .properties(width=CHART_WIDTH, height=max(60, 28 * frame.height))
    )
    return _finish(chart, "收入：按资金来源 / Revenue by funding source")


def expenditure_by_class_chart(by_class: pl.DataFrame) -> dict:
    frame = by_class.with_columns(
        pl.col("expenditure_type").replace_strict(EXPENDITURE_TYPE_ZH).alias("type"),
        (pl.col("class_code") + " " + pl.col("class_name")).alias("class"),
    )
    classes = frame["class"].n_unique()
    chart = (
        alt.Chart(alt.Data(values=_records(frame)))
        .mark_bar()
        .encode(
            x=alt.X("sum(amount_wan):Q", title="万元", axis=_AMOUNT_AXIS),
            y=alt.Y("class:N", title=None, sort="-x"),
            color=alt.Color(
                "type:N",
                title=None,
                scale=alt.Scale(domain=list(TYPE_COLOURS), range=list(TYPE_COLOURS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("class:N", title="功能分类（类）"),
                alt.Tooltip("type:N", title="支出类型"),
                alt.Tooltip("amount_wan:Q", title="万元", format=",.2f"),
            ],
        )
        .properties(width=CHART_WIDTH, height=max(60, 26 * classes))
    )
    return _finish(chart, "支出：按功能分类（类） / Expenditure by function class", "预算支出总表 all_funds")


def basic_vs_project_chart(by_class: pl.DataFrame) -> dict:
    totals = by_class.group_by("expenditure_type").agg(pl.col("amount_wan").sum()).sort("expenditure_type")
    whole = sum(totals["amount_wan"], Decimal(0)) or Decimal(1)
    frame = totals.with_columns(
        pl.struct("expenditure_type", "amount_wan")
        .map_elements(
            lambda r: f"{EXPENDITURE_TYPE_ZH[r['expenditure_type']]} {100 * r['amount_wan'] / whole:.1f}%",
            return_dtype=pl.String,
        )
        .alias("label"),
        pl.col("expenditure_type").replace_strict(EXPENDITURE_TYPE_ZH).alias("type"),
    )
    colours = [TYPE_COLOURS[t] for t in frame["type"]]
    base = alt.Chart(alt.Data(values=_records(frame))).encode(
        theta=alt.Theta("amount_wan:Q", stack=True),
        color=alt.Color(
            "label:N",
            title=None,
            scale=alt.Scale(domain=frame["label"].to_list(), range=colours),
            legend=alt.Legend(orient="right", labelFontSize=13),
        ),
        tooltip=[alt.Tooltip("type:N", title="支出类型"), alt.Tooltip("amount_wan:Q", title="万元", format=",.2f")],
    )
    chart = base.mark_arc(innerRadius=45, outerRadius=90).properties(width=200, height=200)
    return _finish(chart, "基本支出与项目支出 / Basic vs project")


def three_public_chart(three_public: pl.DataFrame) -> dict:
    frame = (
        three_public.group_by("item", "funding_source")
        .agg(pl.col("amount_wan").sum())
        .with_columns(
            pl.col("item").replace_strict(THREE_PUBLIC_ITEM_ZH).alias("item_zh"),
            pl.col("funding_source").replace_strict(FUNDING_SOURCE_ZH).alias("source"),
        )
    )
    total = sum(frame["amount_wan"], Decimal(0))
    subtitle = f"合计 {total:,.2f} 万元" + ("（全部为 0 / all items are 0）" if total == 0 else "")
    # The table always has 4 items × 3 sources; a legend of sources that are all 0 is noise.
    used = frame.group_by("source").agg(pl.col("amount_wan").sum()).filter(pl.col("amount_wan") != 0)["source"]
    shown = [s for s in SOURCE_COLOURS if s in set(used.to_list())] or [FUNDING_SOURCE_ZH["general_public_budget"]]
    frame = frame.filter(pl.col("source").is_in(shown))
    chart = (
        alt.Chart(alt.Data(values=_records(frame)))
        .mark_bar()
        .encode(
            x=alt.X("sum(amount_wan):Q", title="万元", axis=_AMOUNT_AXIS, scale=alt.Scale(domainMin=0, nice=True)),
            y=alt.Y("item_zh:N", title=None, sort=list(THREE_PUBLIC_ITEM_ZH.values())),
            color=alt.Color(
                "source:N", title=None, scale=_source_scale(), legend=alt.Legend(orient="bottom", values=shown)
            ),
            tooltip=[
                alt.Tooltip("item_zh:N", title="项目"),
                alt.Tooltip("source:N", title="资金来源"),
                alt.Tooltip("amount_wan:Q", title="万元", format=",.2f"),
            ],
        )
        .properties(width=CHART_WIDTH, height=4 * 30)
    )
    return _finish(chart, "“三公”经费 / Three public expenses", subtitle)


def procurement_chart(procurement: pl.DataFrame) -> dict:
    frame = procurement.with_columns(pl.col("category").replace_strict(PROCUREMENT_CATEGORY_ZH).alias("category_zh"))
    total = sum(frame["amount_wan"], Decimal(0))
    chart = (
        alt.Chart(alt.Data(values=_records(frame)))
        .mark_bar(color="#72b7b2")
        .encode(
            x=alt.X(
                "category_zh:N", title=None, sort=list(PROCUREMENT_CATEGORY_ZH.values()), axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("amount_wan:Q", title="万元", scale=alt.Scale(domainMin=0, nice=True)),
            tooltip=[
                alt.Tooltip("category_zh:N", title="类别"),
                alt.Tooltip("amount_wan:Q", title="万元", format=",.2f"),
            ],
        )
        .properties(width=260, height=160)
    )
    return _finish(chart, "政府采购：按类别 / Procurement by category", f"合计 {total:,.2f} 万元")


def quality_chart(checks: pl.DataFrame) -> dict:
    """Each check as one bar of the same length, split by the share of subjects that passed.

    Checks differ wildly in how many subjects they look at (1 to 100+), so absolute counts would
    hide a single failure next to a long green bar; shares put every failure in view. Checks
    with failures come first, errors before warnings.
    """
    per_check = checks.group_by("check_name").agg(
        (pl.col("n").filter(pl.col("outcome") == "error failed").sum()).alias("errors"),
        (pl.col("n").filter(pl.col("outcome") == "warn failed").sum()).alias("warnings"),
        pl.col("n").sum().alias("total"),
    )
    order = per_check.sort(["errors", "warnings", "check_name"], descending=[True, True, False])
    frame = checks.join(order.with_row_index("order").select("check_name", "order", "total"), on="check_name")
    failed = order.filter((pl.col("errors") + pl.col("warnings")) > 0).height
    chart = (
        alt.Chart(alt.Data(values=_records(frame)))
        .mark_bar()
        .encode(
            x=alt.X(
                "sum(n):Q",
                stack="normalize",
                title="检查对象占比 / share of subjects checked",
                axis=alt.Axis(format="%", tickCount=5),
            ),
            y=alt.Y(
                "check_name:N",
                title=None,
                sort=alt.EncodingSortField(field="order", op="min"),
                axis=alt.Axis(labelLimit=240),
            ),
            color=alt.Color(
                "outcome:N",
                title=None,
                scale=alt.Scale(domain=list(OUTCOME_COLOURS), range=list(OUTCOME_COLOURS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                "check_name:N",
                "severity:N",
                "outcome:N",
                alt.Tooltip("sum(n):Q", title="n"),
                alt.Tooltip("total:Q", title="of"),
            ],
        )
        .properties(width=CHART_WIDTH - 100, height=max(60, 14 * order.height))
    )
    subtitle = f"{order.height} 项检查，{failed} 项有未通过 / {order.height} checks, {failed} with failures"
    return _finish(chart, "质量检查 / Quality checks", subtitle)


def overview_chart(documents: pl.DataFrame) -> dict:
    frame = documents.select(
        (pl.col("department_name") + " " + pl.col("fiscal_year").cast(pl.String)).alias("budget"),
        (pl.col("basic_expenditure_yuan") * WAN_PER_YUAN).alias(EXPENDITURE_TYPE_ZH["basic"]),
        (pl.col("project_expenditure_yuan") * WAN_PER_YUAN).alias(EXPENDITURE_TYPE_ZH["project"]),
    ).unpivot(index="budget", variable_name="type", value_name="amount_wan")
    chart = (
        alt.Chart(alt.Data(values=_records(frame)))
        .mark_bar()
        .encode(
            x=alt.X("sum(amount_wan):Q", title="万元", axis=_AMOUNT_AXIS),
            y=alt.Y("budget:N", title=None, sort="-x"),
            color=alt.Color(
                "type:N",
                title=None,
                scale=alt.Scale(domain=list(TYPE_COLOURS), range=list(TYPE_COLOURS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["budget:N", "type:N", alt.Tooltip("amount_wan:Q", title="万元", format=",.2f")],
        )
        .properties(width=2 * CHART_WIDTH, height=max(60, 30 * documents.height))
    )
    return _finish(chart, "支出总计：按部门与年度 / Total expenditure by department and year", "预算支出总表 all_funds")


# --------------------------------------------------------------------------------------------
# Step 3: the page
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def vega_javascript() -> str:
    """Vega, Vega-Lite (the version altair writes) and vega-embed as one inline-able script."""
    import vl_convert

    # altair writes specs of one Vega-Lite version (SCHEMA_VERSION "v6.4.1"); vl-convert names
    # its bundles by major_minor ("v6_4"), so the page runs the version the specs were made for.
    major_minor = "_".join(alt.SCHEMA_VERSION.split(".")[:2])
    return vl_convert.javascript_bundle(vl_version=major_minor)


def _wan(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value):,.2f}"


def _yuan_as_wan(value) -> str:
    return "—" if value is None else _wan(Decimal(value) * WAN_PER_YUAN)


def _table(headers: list[str], rows: list[list[str]], numeric_from: int | None = None) -> str:
    """An HTML table of already-escaped cells; columns from ``numeric_from`` on align right."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{c}</td>' if numeric_from is not None and i >= numeric_from else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Charts:
    """Collects chart specs under element ids; the page embeds them all with one script."""

    def __init__(self) -> None:
        self.specs: dict[str, dict] = {}

    def div(self, spec: dict) -> str:
        chart_id = f"chart-{len(self.specs) + 1}"
        self.specs[chart_id] = spec
        return f'<div class="chart" id="{chart_id}"></div>'

    def script(self) -> str:
        # "<" escaped so no string in the data can close the <script> element.
        specs = json.dumps(self.specs, ensure_ascii=False).replace("<", "\\u003c")
        return (
            "<script>\n"
            f"const SPECS = {specs};\n"
            "const embedded = Object.entries(SPECS).map(([id, spec]) =>\n"
            "  vegaEmbed('#' + id, spec, {actions: false, renderer: 'svg'}).catch((error) => {\n"
            "    const el = document.getElementById(id);\n"
            "    el.className += ' chart-error';\n"
            "    el.textContent = 'chart failed: ' + error;\n"
            "  }));\n"
            # A marker the browser test (and a curious reader) can see once every chart is done.
            "Promise.all(embedded).then(() => { document.body.dataset.chartsDone = String(embedded.length); });\n"
            "</script>"
        )


def _badge(status: str) -> str:
    return f'<span class="badge {html.escape(status)}">{html.escape(STATUS_ZH.get(status, status))}</span>'


def _overview_section(data: ReportData, charts: _Charts) -> str:
    docs = data.documents
    rows = [
        [
            html.escape(d["department_name"]),
            str(d["fiscal_year"]),
            KIND_ZH.get(d["document_kind"], d["document_kind"]),
            _yuan_as_wan(d["total_revenue_yuan"]),
            _yuan_as_wan(d["total_expenditure_yuan"]),
            _yuan_as_wan(d["basic_expenditure_yuan"]),
            _yuan_as_wan(d["project_expenditure_yuan"]),
            _yuan_as_wan(d["three_public_total_yuan"]),
            _yuan_as_wan(d["procurement_total_yuan"]),
            _yuan_as_wan(d["operating_cost_yuan"]),
            _badge(d["quality_status"]),
        ]
        for d in docs.iter_rows(named=True)
    ]
    table = _table(
        [
            "部门 department",
            "年度",
            "类型",
            "收入总计",
            "支出总计",
            "基本支出",
            "项目支出",
            "“三公”",
            "政府采购",
            "机关运行经费",
            "质量",
        ],
        rows,
        numeric_from=3,
    )
    chart = charts.div(overview_chart(docs)) if docs.height else ""
    return (
        '<section id="overview"><h2>概览 / Overview</h2>'
        '<p class="note">金额单位：万元。合计为事实行之和，与PDF印制的合计可能有尾差（见各部门质量检查）。'
        " Amounts in 万元; totals are sums of the fact rows and may differ from the printed 合计 by rounding.</p>"
        f"{table}{chart}</section>"
    )


def _not_loaded_section(data: ReportData) -> str:
    if data.not_loaded.height == 0:
        return ""
    rows = [
        [
            html.escape(r["file_name"]),
            html.escape(r["status"]),
            html.escape(r["reason_code"] or ""),
            html.escape(r["reason"] or ""),
        ]
        for r in data.not_loaded.iter_rows(named=True)
    ]
    return (
        '<section id="not-loaded"><h2>未入库文件 / Files not loaded</h2>'
        + _table(["文件 file", "状态 status", "原因代码", "原因 reason"], rows)
        + "</section>"
    )


def _of(frame: pl.DataFrame, document_id: str) -> pl.DataFrame:
    return frame.filter(pl.col("document_id") == document_id)


def _missing(title: str, tables: pl.DataFrame | None = None, kinds: tuple[str, ...] = ()) -> str:
    """A panel without figures, saying why: its table was withheld by a check, or not found."""
    withheld = (
        tables.filter(pl.col("table_kind").is_in(list(kinds)) & (pl.col("status") == "withheld"))
        if tables is not None
        else None
    )
    if withheld is not None and withheld.height:
        checks = ", ".join(c for c in withheld["failed_checks"].to_list() if c)
        why = f"未入库：错误检查未通过 / withheld: failed error checks ({html.escape(checks)})"
    else:
        why = "未找到该表 / table not found in this document"
    return f'<div class="chart missing"><h3>{title}</h3><p>{why}</p></div>'


def _table_status_table(tables: pl.DataFrame) -> str:
    if tables.height == 0:
        return "<p>无表格状态 / no table status recorded</p>"

    def pages(r) -> str:
        if r["first_page"] is None:
            return ""
        return str(r["first_page"]) if r["first_page"] == r["last_page"] else f"{r['first_page']}–{r['last_page']}"

    return _table(
        ["表格 table", "状态 status", "页 pages", "入库行", "未入库行", "未通过的错误检查 failed checks"],
        [
            [
                html.escape(TABLE_KINDS.get(r["table_kind"], "文字说明 narrative")),
                _badge(r["status"]),
                pages(r),
                str(r["rows_loaded"]),
                str(r["rows_withheld"]),
                html.escape(r["failed_checks"] or ""),
            ]
            for r in tables.iter_rows(named=True)
        ],
        numeric_from=None,
    )


def _document_section(doc: dict, data: ReportData, charts: _Charts) -> str:
    document_id = doc["document_id"]
    revenue = _of(data.revenue, document_id)
    by_class = _of(data.expenditure_by_class, document_id)
    three_public = _of(data.three_public, document_id)
    procurement = _of(data.procurement, document_id)
    operating = _of(data.operating_cost, document_id)
    checks = _of(data.checks, document_id)
    failed = _of(data.failed_checks, document_id)
    tables = _of(data.table_status, document_id)
    three_public_kinds = ("three_public", "three_public_operating_cost")

    panels = [
        charts.div(revenue_chart(revenue))
        if revenue.height
        else _missing("收入 / Revenue", tables, ("revenue_summary",)),
        charts.div(expenditure_by_class_chart(by_class))
        if by_class.height
        else _missing("支出 / Expenditure", tables, ("expenditure_summary",)),
        charts.div(basic_vs_project_chart(by_class))
        if by_class.height
        else _missing("基本/项目 / Basic vs project", tables, ("expenditure_summary",)),
        charts.div(three_public_chart(three_public))
        if three_public.height
        else _missing("“三公”经费", tables, three_public_kinds),
        charts.div(procurement_chart(procurement))
        if procurement.height
        else _missing("政府采购 / Procurement", tables, ("procurement", "narrative")),
        charts.div(quality_chart(checks)) if checks.height else _missing("质量检查 / Quality checks"),
    ]

    pages = {
        "“三公”经费表": three_public["page_number"].min() if three_public.height else None,
        "政府采购情况": procurement["page_number"].min() if procurement.height else None,
        "机关运行经费表": operating["page_number"].min() if operating.height else None,
    }
    source = ", ".join(f"{name} p.{page}" for name, page in pages.items() if page is not None)

    operating_table = (
        _table(
            ["单位 unit", "机关运行经费（万元）", "页 page"],
            [
                [html.escape(r["unit_name"]), _wan(r["amount_wan"]), str(r["page_number"])]
                for r in operating.iter_rows(named=True)
            ],
            numeric_from=1,
        )
        if operating.height
        else "<p>未找到机关运行经费表 / operating-cost table not found</p>"
    )

    failed_table = (
        _table(
            ["检查 check", "级别", "未通过数", "最大差额（万元）", "页 pages", "示例 example"],
            [
                [
                    html.escape(r["check_name"]),
                    html.escape(r["severity"]),
                    str(r["n"]),
                    _wan(r["largest_difference_wan"]),
                    html.escape(", ".join(str(p) for p in (r["pages"] or []) if p is not None)),
                    html.escape(r["example_subject"] or ""),
                ]
                for r in failed.iter_rows(named=True)
            ],
            numeric_from=2,
        )
        if failed.height
        else "<p>全部检查通过 / all checks passed</p>"
    )

    kind = KIND_ZH.get(doc["document_kind"], doc["document_kind"])
    return f"""
<section class="document" id="doc-{html.escape(document_id)}">
  <h2>{html.escape(doc["department_name"])} · {doc["fiscal_year"]} · {kind} {_badge(doc["quality_status"])}</h2>
  <p class="meta">{html.escape(doc["file_name"])} · {doc["page_count"]} 页 · document_id {html.escape(document_id)}
     · {html.escape(source)}</p>
  <div class="figures">
    <div><span>收入总计</span><b>{_yuan_as_wan(doc["total_revenue_yuan"])}</b></div>
    <div><span>支出总计</span><b>{_yuan_as_wan(doc["total_expenditure_yuan"])}</b></div>
    <div><span>“三公”经费</span><b>{_yuan_as_wan(doc["three_public_total_yuan"])}</b></div>
    <div><span>政府采购</span><b>{_yuan_as_wan(doc["procurement_total_yuan"])}</b></div>
    <div><span>机关运行经费</span><b>{_yuan_as_wan(doc["operating_cost_yuan"])}</b></div>
  </div>
  <div class="grid">{"".join(panels)}</div>
  <div class="grid tables">
    <div><h3>机关运行经费：按单位 / Operating cost per unit</h3>{operating_table}</div>
    <div><h3>未通过的检查 / Failed checks</h3>{failed_table}</div>
  </div>
  <h3>表格状态 / What became of each table</h3>
  {_table_status_table(tables)}
</section>"""


STYLE = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 0 auto; max-width: 1240px; padding: 16px 24px; color: #222; background: #fff; }
h1 { font-size: 22px; margin: 8px 0; }
h2 { font-size: 18px; border-bottom: 2px solid #4c78a8; padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 14px; margin: 8px 0; }
.note, .meta { color: #555; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 3px 8px; }
th { background: #f3f5f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 10px; color: #fff; vertical-align: middle; }
.badge.passed, .badge.loaded { background: #54a24b; } .badge.warned, .badge.partial { background: #f2a93b; }
.badge.failed, .badge.withheld, .badge.unreadable { background: #e45756; } .badge.empty, .badge.missing { background: #999; }
.figures { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0 12px; }
.figures div { background: #f3f5f8; border-radius: 6px; padding: 6px 12px; min-width: 120px; }
.figures span { display: block; font-size: 12px; color: #555; }
.figures b { font-size: 18px; font-variant-numeric: tabular-nums; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px 24px; align-items: start; }
.chart { min-height: 60px; }
.chart.missing, .chart-error { color: #a33; font-size: 13px; border: 1px dashed #e45756; padding: 8px; }
"""


def render_html(data: ReportData, *, warehouse: str, generated_at: datetime) -> str:
    """The whole page as one string; the only script source is the inlined vega bundle."""
    charts = _Charts()
    overview = _overview_section(data, charts)
    not_loaded = _not_loaded_section(data)
    sections = "".join(_document_section(doc, data, charts) for doc in data.documents.iter_rows(named=True))
    if not sections:
        sections = "<p>仓库中没有现行文件 / no current documents in the warehouse.</p>"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>部门预算报告 / Budget report</title>
<style>{STYLE}</style>
<script>
// Vega, Vega-Lite and vega-embed, inlined so the page needs no network.
{vega_javascript()}
</script>
</head>
<body>
<h1>部门预算报告 / Department budget report</h1>
<p class="meta">warehouse {html.escape(warehouse)} · generated {generated_at:%Y-%m-%d %H:%M} ·
  {data.documents.height} current documents · 金额单位：万元</p>
<noscript><p>The charts need JavaScript; the tables below do not.</p></noscript>
{overview}
{not_loaded}
{sections}
{charts.script()}
</body>
</html>
"""


def write_report(warehouse: str | Path, out: str | Path, *, generated_at: datetime | None = None) -> Path:
    """Read the warehouse (read-only) and write the self-contained HTML report to ``out``."""
    out = Path(out)
    with connect_readonly(warehouse) as con:
        data = read_report_data(con)
    page = render_html(data, warehouse=str(warehouse), generated_at=generated_at or datetime.now())
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write next to the target and rename, so a reader never opens a half-written page.
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out
