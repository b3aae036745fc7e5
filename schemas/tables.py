"""Every table of the contract, declared once: the warehouse tables and the staging frames.

Each declaration says what a column holds (type, comment in Chinese and English), what it
may hold (nullability, enumeration, pattern, range) and, for a table, its grain and the
printed tables it is read from. Everything else is generated from it (schemas/declare.py says
what and where); ``python -m schemas.generate`` rewrites the committed outputs, and a test
fails when they differ from what these declarations generate.

The contract changes only by adding: add columns, tables and enumeration values; never rename
or retype. A column added after the first release is marked ``added_later``, so a warehouse
created before it gets the column too (CREATE TABLE IF NOT EXISTS leaves an old table as it is).
"""

from __future__ import annotations

from schemas.declare import Column, Table

# ------------------------------------------------------------------------------------------
# Enumerations

# What a recognised table is, whatever its number or title wording in a given template.
TABLE_KINDS: dict[str, str] = {
    "budget_summary": "预算收支总表",
    "revenue_summary": "预算收入总表",
    "expenditure_summary": "预算支出总表",
    "fiscal_grant_summary": "财政拨款收支总表",
    "general_budget_expenditure": "一般公共预算支出预算表",
    "basic_expenditure_economic": "一般公共预算基本支出分经济科目表",
    "government_fund_revenue": "政府性基金预算收入表",
    "government_fund_expenditure": "政府性基金预算支出表",
    "state_capital": "国有资本经营预算收支预算表",
    "three_public": "“三公”经费支出预算表",
    "operating_cost": "机关运行经费预算表",
    # Templates that print 三公 and 机关运行经费 in one table (rows for both).
    "three_public_operating_cost": "“三公”经费和机关运行经费预算表",
    "project_expenditure": "项目支出预算表（本年预算）",
    "project_carryover": "项目支出预算表（上年结转）",
    # 政府采购预算表: the procurement budget by category, where a template prints it as a table.
    "procurement": "政府采购预算表",
}
# The narrative sections, where a warehouse row is read from text rather than a table.
NARRATIVE = "narrative"
UNITS = ("万元", "元")
FUNDING_SOURCES = (
    "general_public_budget",
    "government_fund",
    "state_capital_operation",
    "fiscal_special_account",
    "unit_funds",
    "prior_year_carryover",
)
FISCAL_GRANT_SOURCES = FUNDING_SOURCES[:3]
QUALITY_STATUSES = ("passed", "warned", "partial", "failed")
TABLE_STATUSES = ("loaded", "withheld", "empty", "unreadable", "missing")
FUNCTION_CODE_PATTERN = "[0-9]{3}([0-9]{2}){0,2}"
DOCUMENT_ID_PATTERN = "[0-9a-f]{16}"

# ------------------------------------------------------------------------------------------
# Columns many tables share

DOCUMENT_ID = Column(
    "document_id", "VARCHAR", "文件标识，见 dim_document", "Document id, see dim_document", loader=True
)
FISCAL_YEAR = Column("fiscal_year", "INTEGER", "预算年度", "Budget year", loader=True)
DEPARTMENT_NAME = Column("department_name", "VARCHAR", "部门名称", "Department name", loader=True)
# The loader writes the document columns of a fact row from dim_document, so they cannot disagree.
DOCUMENT_COLUMNS = (DOCUMENT_ID, FISCAL_YEAR, DEPARTMENT_NAME)
AMOUNT_YUAN = Column("amount_yuan", "DECIMAL(18,2)", "金额（元，精确值）", "Amount in yuan (元), exact")
AMOUNT_WAN = Column(
    "amount_wan",
    "DECIMAL(20,6)",
    "金额（万元）= amount_yuan / 10000，精确值",
    "Amount in 10,000 yuan (万元) = amount_yuan / 10000, exact",
    loader=True,
)
PAGE_NUMBER = Column(
    "page_number",
    "INTEGER",
    "数据所在PDF页码（从1开始）",
    "PDF page the figure was read from (1-based)",
    minimum=1,
    why="every figure can be traced to its page",
)
FUNCTION_CODE = Column(
    "function_code",
    "VARCHAR",
    "支出功能分类科目编码（最明细印制级次），见 dim_function_class",
    "Function classification code at its most detailed printed level, see dim_function_class",
    pattern=FUNCTION_CODE_PATTERN,
    why="支出功能分类 codes have 3 (类), 5 (款) or 7 (项) digits",
)
# amount_wan is stored (not generated, so INSERT ... SELECT * and exports stay plain) and pinned
# to amount_yuan / 10000 as a DECIMAL product: x * 0.0001 stays DECIMAL in DuckDB, x / 10000
# would be DOUBLE.
WAN_IS_YUAN_OVER_10000 = "amount_wan = CAST(amount_yuan * 0.0001 AS DECIMAL(20,6))"
# A printed budget figure is non-negative; a negative one is a misread sign or a 调减 row.
PRINTED_NON_NEGATIVE = (
    0,
    "budget figures are printed non-negative; a negative one is a misread sign or a 调减 worth a look",
)


def amounts(*, cost: bool) -> tuple[Column, Column]:
    """amount_yuan and amount_wan of a fact table. A cost (三公, procurement, a project) cannot be
    negative; other budget figures are expected non-negative, a warning where one is not."""
    if cost:
        return AMOUNT_YUAN.but(minimum=0, why="a cost cannot be negative"), AMOUNT_WAN
    return AMOUNT_YUAN.but(warn_below=PRINTED_NON_NEGATIVE), AMOUNT_WAN


def money_fact(*, columns: tuple[Column, ...], cost: bool, after_page: tuple[Column, ...] = (), **table) -> Table:
    """A fact table of money with a GX suite over its frame: the document columns, what the
    table states, amount_yuan and amount_wan, the page it was read from (then ``after_page``),
    and the CHECK that pins amount_wan to amount_yuan."""
    return Table(
        columns=(*DOCUMENT_COLUMNS, *columns, *amounts(cost=cost), PAGE_NUMBER, *after_page),
        checks=(WAN_IS_YUAN_OVER_10000,),
        validated=True,
        **table,
    )


# ------------------------------------------------------------------------------------------
# Warehouse tables

DIM_DOCUMENT = Table(
    name="dim_document",
    doc="""\
department_name drops a leading budget code such as 606- and keeps （本级）/（汇总）; the
fiscal year is the cover's where the cover states one.\
""",
    zh="预算公开文件维表。粒度：每个已入库的PDF文件一行。同一部门、类型、年度、公开部分的更正文件入库后，旧文件保留但 is_current = false。",
    en="Ingested budget-disclosure PDFs. Grain: one row per ingested PDF file. When a corrected file for the same department, kind, year and disclosure part is loaded, the older file stays with is_current = false.",
    columns=(
        Column(
            "document_id",
            "VARCHAR",
            "文件标识：文件字节SHA-256的前16位十六进制",
            "Document id: first 16 hex digits of the SHA-256 of the file bytes",
            pattern="[0-9a-f]{16}",
            primary_key=True,
        ),
        Column("file_name", "VARCHAR", "收到时的文件名", "File name as received"),
        Column(
            "file_sha256",
            "VARCHAR",
            "文件字节的完整SHA-256摘要",
            "Full SHA-256 digest of the file bytes",
            pattern="[0-9a-f]{64}",
        ),
        Column(
            "department_name",
            "VARCHAR",
            "文件印制的部门名称/单位名称（来源见 department_name_source）",
            "Department or unit name as the disclosure prints it (where it was read: department_name_source)",
        ),
        Column(
            "document_kind",
            "VARCHAR",
            "文件类型：department 部门预算，unit 单位预算",
            "Kind: department (部门预算) or unit (单位预算)",
            values=("department", "unit"),
        ),
        Column(
            "fiscal_year",
            "INTEGER",
            "预算年度（以封面年度为准，不取个别表题中的年份）",
            "Budget year of the disclosure (the cover's year wins over stray table titles)",
            minimum=2000,
            maximum=2100,
        ),
        Column("page_count", "INTEGER", "PDF页数", "Number of pages of the PDF", minimum=1),
        Column(
            "is_current",
            "BOOLEAN",
            "是否为现行版本：同一部门、类型、年度、公开部分（disclosure_part）中首次入库时间最晚的文件为现行版本",
            "Current version: among files for the same department, kind, year and disclosure part, the one first loaded most recently is current; re-loading an older file does not make it current again",
        ),
        Column(
            "quality_status",
            "VARCHAR",
            "质量状态：passed 通过，warned 有警告，partial 部分入库（错误检查所涉表格的数据未入库，其余入库，见 document_table_status），failed 无数据入库（所有表格均被错误检查拦下）",
            "Quality status: passed, warned, partial (the tables covered by a failed error check are withheld, the others loaded: see document_table_status) or failed (every table withheld, no facts loaded)",
            values=QUALITY_STATUSES,
        ),
        Column(
            "loaded_at",
            "TIMESTAMP",
            "首次入库时间（重新入库同一文件不改变）",
            "When this file was first loaded (unchanged when the same file is loaded again, so a reload changes nothing)",
        ),
        Column(
            "department_name_source",
            "VARCHAR",
            added_later=True,
            zh="部门名称取自何处（可信度最高者胜出）：label:预算主管部门 / label:预算单位 封面标注，table_label:部门名称 等表上标注（部门名称、单位名称、编制部门、编制单位、部门、主管部门），cover 封面标题，running_header 页眉，table_header 表头“编码-名称”行，table_title 表题，table_cell:部门名称 等表格单元格；早于此列入库的文件为空",
            en="Where the department name was read (the most reliable source wins): label:预算主管部门 / label:预算单位 (cover label), table_label:<label> (a label on the tables: 部门名称, 单位名称, 编制部门, 编制单位, 部门, 主管部门), cover (cover title), running_header, table_header (a code-name line above a table), table_title, table_cell:<label> (a table cell); NULL for files loaded before this column existed",
            nullable=True,
        ),
        Column(
            "disclosure_part",
            "VARCHAR",
            added_later=True,
            sql_note=(
                "added after the first release: a warehouse created before it gets it from the ALTER below,\n"
                "without the CHECK (DuckDB cannot add a column with one), so there the loader alone keeps\n"
                "disclosure_part to its three values"
            ),
            zh="文件所含公开内容：full 完整（报表及说明），tables 仅报表，narrative 仅文字说明；同一公开分两个文件发布时各为一部分，互不替代",
            en="What the file holds of the disclosure: full (tables and narrative), tables (budget tables only) or narrative (text only); a disclosure published as two files has one part in each, and neither supersedes the other",
            default="'full'",
            values=("full", "tables", "narrative"),
        ),
    ),
    checks=("document_id = left(file_sha256, 16)",),
    kind="dimension",
)

DIM_FUNCTION_CLASS = Table(
    name="dim_function_class",
    zh="支出功能分类科目维表。粒度：每个科目编码一行（类3位、款5位、项7位）；来自参考目录及文件中出现的编码。",
    en="Expenditure function classification (支出功能分类科目). Grain: one row per code (类 3, 款 5, 项 7 digits); from the reference list plus codes seen in documents.",
    columns=(
        Column(
            "code",
            "VARCHAR",
            "科目编码（3、5或7位数字）",
            "Classification code (3, 5 or 7 digits)",
            pattern="[0-9]{3}([0-9]{2}){0,2}",
            primary_key=True,
        ),
        Column(
            "name",
            "VARCHAR",
            "科目名称（取参考目录名称；参考目录中没有的编码取文件印制名称）",
            "Name from the reference list (for codes not in the reference: the name as printed in a document)",
        ),
        Column(
            "level",
            "VARCHAR",
            "级次：类、款、项",
            "Level: 类 (class), 款 (section) or 项 (item)",
            values=("类", "款", "项"),
        ),
        Column(
            "parent_code",
            "VARCHAR",
            "上级科目编码（款的上级为类，项的上级为款；类为空）",
            "Parent code (款 → its 类, 项 → its 款; NULL for a 类)",
            nullable=True,
        ),
        Column(
            "in_reference",
            "BOOLEAN",
            "是否在参考目录中；false 表示仅在文件中出现（未知，并非无效）",
            "In the shipped reference list; false: seen in documents only (unknown, not invalid)",
        ),
    ),
    checks=(
        "(level = '类' AND length(code) = 3 AND parent_code IS NULL)\n"
        "        OR (level = '款' AND length(code) = 5 AND parent_code = left(code, 3))\n"
        "        OR (level = '项' AND length(code) = 7 AND parent_code = left(code, 5))",
    ),
    kind="dimension",
)

DIM_ECONOMIC_CLASS = Table(
    name="dim_economic_class",
    zh="支出经济分类科目维表，含部门预算（301…）和政府预算（501…）两套科目。粒度：每个科目体系×科目编码一行。",
    en="Expenditure economic classification, both schemes: department (部门预算 301…) and government (政府预算 501…). Grain: one row per scheme × code.",
    columns=(
        Column(
            "scheme",
            "VARCHAR",
            "科目体系：department 部门预算经济分类，government 政府预算经济分类",
            "Scheme: department (部门预算, 301…) or government (政府预算, 501…)",
            values=("department", "government"),
        ),
        Column(
            "code",
            "VARCHAR",
            "科目编码（类3位、款5位）",
            "Code (类 3 digits, 款 5 digits)",
            pattern="[0-9]{3}([0-9]{2})?",
        ),
        Column("name", "VARCHAR", "科目名称", "Name"),
        Column("level", "VARCHAR", "级次：类、款", "Level: 类 (class) or 款 (item)", values=("类", "款")),
        Column("parent_code", "VARCHAR", "上级科目编码（类为空）", "Parent code (NULL for a 类)", nullable=True),
        Column(
            "in_reference",
            "BOOLEAN",
            "是否在参考目录中；false 表示仅在文件中出现",
            "In the shipped reference list; false: seen in documents only",
        ),
    ),
    primary_key=("scheme", "code"),
    checks=(
        "(scheme = 'department' AND left(code, 1) = '3') OR (scheme = 'government' AND left(code, 1) = '5')",
        "(level = '类' AND length(code) = 3 AND parent_code IS NULL)\n"
        "        OR (level = '款' AND length(code) = 5 AND parent_code = left(code, 3))",
    ),
    kind="dimension",
)

FUNCTION_CLASS_PRINTED_NAME = Table(
    name="function_class_printed_name",
    sql_note=(
        "Added (allowed by the contract): every name a document printed for a function code, so\n"
        "variants and typos (2080110 劳动关系和维权 / 劳动关系的维权) stay visible while the facts\n"
        "and dim_function_class use one name per code."
    ),
    grain=("code", "printed_name"),
    kind="dimension",
    zh="（新增）文件中印制的功能分类科目名称。粒度：每个文件×科目编码×印制名称一行；用于发现名称变体和错字。",
    en="(Added) Function-class names as printed in each document. Grain: one row per document × code × printed name; shows name variants and typos (e.g. 2080110 劳动关系的维权).",
    columns=(
        DOCUMENT_ID,
        Column("code", "VARCHAR", "科目编码", "Function classification code"),
        Column(
            "printed_name",
            "VARCHAR",
            "印制名称（已清洗：折行重连、去空格、全半角统一）",
            "Name as printed, cleaned (wraps re-joined, spaces removed, width variants folded)",
        ),
        Column(
            "reference_name",
            "VARCHAR",
            "参考目录中的名称（不在参考目录中为空）",
            "Name in the reference list (NULL when the code is not in it)",
            nullable=True,
        ),
        Column(
            "matches_reference",
            "BOOLEAN",
            "印制名称是否与参考名称一致",
            "Whether the printed name equals the reference name",
        ),
    ),
    primary_key=("document_id", "code", "printed_name"),
)

FACT_REVENUE = money_fact(
    name="fact_revenue",
    grain=("function_code", "funding_source"),
    sources=("revenue_summary",),
    zh="收入预算事实表，来源：预算收入总表。粒度：文件×功能分类科目（印制的最明细级次，通常为项）×资金来源。合计、类、款小计行不入本表。",
    en="Budgeted revenue, from 预算收入总表. Grain: document × function code (most detailed printed level, normally 项) × funding source. Printed subtotals (合计, 类/款 rows) are not fact rows; blank cells (= 0) are not stored.",
    columns=(
        FUNCTION_CODE,
        Column(
            "funding_source",
            "VARCHAR",
            "资金来源：general_public_budget 一般公共预算，government_fund 政府性基金，state_capital_operation 国有资本经营预算，fiscal_special_account 财政专户管理资金，unit_funds 单位资金，prior_year_carryover 上年结转",
            "Funding source",
            values=FUNDING_SOURCES,
        ),
    ),
    cost=False,
)

FACT_EXPENDITURE = money_fact(
    name="fact_expenditure",
    grain=("budget_scope", "function_code", "expenditure_type"),
    sources=("expenditure_summary", "general_budget_expenditure", "government_fund_expenditure", "state_capital"),
    zh="支出预算事实表。粒度：文件×预算口径×功能分类科目（印制的最明细级次）×支出类型。注意：各预算口径相互重叠（all_funds 包含一般公共预算、政府性基金等），汇总时只能筛选一个 budget_scope。",
    en="Budgeted expenditure. Grain: document × budget scope × function code (most detailed printed level) × expenditure type. The budget scopes OVERLAP by design (all_funds includes the general public budget, government fund …): filter on exactly one budget_scope before summing. Blank cells (= 0) are not stored.",
    columns=(
        Column(
            "budget_scope",
            "VARCHAR",
            "预算口径（相互重叠，只取其一）：all_funds 预算支出总表，general_public_budget 一般公共预算支出表（本年），government_fund 政府性基金预算支出表，state_capital_operation 国有资本经营预算支出",
            "Budget scope (they overlap; filter on one): all_funds (预算支出总表), general_public_budget (一般公共预算支出预算表, current year), government_fund (政府性基金预算支出表), state_capital_operation (国有资本经营预算 expenditure side)",
            values=("all_funds", "general_public_budget", "government_fund", "state_capital_operation"),
        ),
        FUNCTION_CODE,
        Column(
            "expenditure_type",
            "VARCHAR",
            "支出类型：basic 基本支出，project 项目支出",
            "Expenditure type: basic (基本支出) or project (项目支出)",
            values=("basic", "project"),
        ),
    ),
    cost=False,
)

FACT_EXPENDITURE_ECONOMIC = money_fact(
    name="fact_expenditure_economic",
    doc="""\
Names are the cleaned printed names; codes are resolved from them. Where a name fits several
codes, the category row printed above it decides (资本性支出 → 310xx, 资本性支出（基本建设） → 309xx)
together with the official pairing of the two schemes (部门 310 ↔ 政府 503, 309 ↔ 504; 事业单位
items ↔ 505/506). An unresolvable name keeps a NULL code and a warning check reports it.\
""",
    grain=(
        "economic_code_department",
        "economic_name_department",
        "economic_code_government",
        "economic_name_government",
        "cost_type",
    ),
    sources=("basic_expenditure_economic",),
    zh="一般公共预算基本支出经济分类事实表，来源：基本支出分经济科目表。粒度：文件×部门经济科目×政府经济科目×经费类型。类级小计行（工资福利支出等）和合计不入本表。",
    en="Basic expenditure by economic item, from 基本支出分经济科目表. Grain: document × department economic item × government economic item × cost type. Category subtotal rows (工资福利支出 …) and 合计 are not fact rows; blank cells (= 0) are not stored.",
    columns=(
        Column(
            "economic_code_department",
            "VARCHAR",
            "部门预算经济科目编码（由名称及其上方类别行解析；无法解析为空并有警告检查）",
            "Department-scheme economic code (301…), resolved from the printed name and the category row above it; NULL when unresolvable (a warning check reports it)",
            nullable=True,
            warn_if_null="economic_code_department resolved (an unresolvable economic name keeps a NULL code: reported, loaded)",
            pattern="3[0-9]{2}([0-9]{2})?",
        ),
        Column(
            "economic_name_department",
            "VARCHAR",
            "部门预算经济科目名称（印制名称，已清洗）",
            "Department-scheme economic name as printed, cleaned",
        ),
        Column(
            "economic_code_government",
            "VARCHAR",
            "政府预算经济科目编码（按两套科目的对应关系解析；无法解析为空）",
            "Government-scheme economic code (501…), resolved with the official pairing of the two schemes; NULL when unresolvable",
            nullable=True,
            warn_if_null="economic_code_government resolved (an unresolvable economic name keeps a NULL code: reported, loaded)",
            pattern="5[0-9]{2}([0-9]{2})?",
        ),
        Column(
            "economic_name_government",
            "VARCHAR",
            "政府预算经济科目名称（印制名称，已清洗）",
            "Government-scheme economic name as printed, cleaned",
            nullable=True,
            warn_if_null="economic_name_government resolved (an unresolvable economic name keeps a NULL code: reported, loaded)",
        ),
        Column(
            "cost_type",
            "VARCHAR",
            "经费类型：personnel 人员经费，public 公用经费",
            "Cost type: personnel (人员经费) or public (公用经费)",
            values=("personnel", "public"),
        ),
    ),
    cost=False,
)

FACT_PROJECT_EXPENDITURE = money_fact(
    name="fact_project_expenditure",
    doc="""\
Subtotal rows are told apart by arithmetic, not by name (the department row is often printed
twice).\
""",
    # project names repeat within a document, so the printed row tells two projects apart
    grain=("unit_name", "project_name", "row_index", "is_carryover", "funding_source"),
    sources=("project_expenditure", "project_carryover"),
    zh="项目支出事实表，来源：项目支出预算表（本年预算）和（上年结转）。粒度：文件×单位×项目×表内行号×资金来源×是否上年结转；同名项目可多次出现，以 row_index 区分。部门、单位小计行按算术关系识别，不入本表。",
    en="Project expenditure, from 项目支出预算表 (本年预算) and (上年结转). Grain: document × unit × project × printed row (row_index) × funding source × carry-over flag; a project name may repeat, row_index tells the rows apart. Department and unit subtotal rows, told apart by arithmetic, are not fact rows; blank cells (= 0) are not stored.",
    columns=(
        Column(
            "unit_name",
            "VARCHAR",
            "单位名称：项目上方的单位小计行（表中无单位行时为部门本身）",
            "Unit: the unit subtotal row above the project (the department itself where the table has no unit rows)",
        ),
        Column(
            "project_name",
            "VARCHAR",
            "项目名称（印制名称，折行已重连）",
            "Project name as printed, wrapped text re-joined",
        ),
        Column("is_carryover", "BOOLEAN", "是否上年结转项目（来自上年结转表）", "From the carry-over table (上年结转)"),
        Column(
            "funding_source",
            "VARCHAR",
            "资金来源，取值同 fact_revenue.funding_source",
            "Funding source, values as in fact_revenue.funding_source",
            values=FUNDING_SOURCES,
        ),
    ),
    cost=True,
    after_page=(
        Column(
            "row_index",
            "INTEGER",
            sql_note=(
                "Added: project names repeat within one table with different amounts (xiaoyi 2026 prints\n"
                "国运公司注册资本金 three times), so the printed row position is part of the grain."
            ),
            zh="（新增）项目在拼接后表格中的行号（从0开始，含表头行），用于区分同名项目并追溯到原表",
            en="(Added) Row of the project in the stitched table (0-based, header rows included): tells repeated project names apart and traces the row to staging",
            minimum=0,
        ),
    ),
)

FACT_THREE_PUBLIC = money_fact(
    name="fact_three_public",
    grain=("item", "funding_source"),
    sources=("three_public", "three_public_operating_cost"),
    zh="“三公”经费事实表，来源：财政拨款安排“三公”经费支出预算表。粒度：文件×项目×资金来源；找到该表的文件固定12行（4个项目×3个财政拨款来源），空白或“本表无数据”记为0。公务用车购置及运行费和合计为小计，不入本表。",
    en="“Three public” expenses, from the 三公 table. Grain: document × item × funding source; exactly 12 rows (4 items × 3 fiscal-grant sources) for every document whose table was found, 0 where blank or 本表无数据. 公务用车购置及运行费 and 合计 are subtotals, not fact rows.",
    columns=(
        Column(
            "item",
            "VARCHAR",
            "项目：outbound_travel 因公出国（境）费，official_reception 公务接待费，vehicle_purchase 公务用车购置费，vehicle_operation 公务用车运行维护费",
            "Item: outbound_travel, official_reception, vehicle_purchase, vehicle_operation",
            values=("outbound_travel", "official_reception", "vehicle_purchase", "vehicle_operation"),
        ),
        Column(
            "funding_source",
            "VARCHAR",
            "资金来源（财政拨款）：general_public_budget，government_fund，state_capital_operation",
            "Funding source (fiscal grant): general_public_budget, government_fund, state_capital_operation",
            values=FUNDING_SOURCES,
        ),
    ),
    cost=True,
)

FACT_PROCUREMENT = money_fact(
    name="fact_procurement",
    grain=("category",),
    sources=("procurement", NARRATIVE),
    zh="政府采购预算事实表，来源：说明部分“政府采购情况”（或模板中的采购表）。粒度：文件×采购类别。",
    en="Government procurement budget, from the narrative 政府采购情况 (or a procurement table where a template has one). Grain: document × category.",
    columns=(
        Column(
            "category",
            "VARCHAR",
            "采购类别：goods 货物，works 工程，services 服务",
            "Category: goods (货物), works (工程), services (服务)",
            values=("goods", "works", "services"),
        ),
    ),
    cost=True,
)

FACT_OPERATING_COST = money_fact(
    name="fact_operating_cost",
    grain=("unit_name", "funding_source"),
    sources=("operating_cost", "three_public_operating_cost"),
    zh="机关运行经费事实表，来源：财政拨款安排机关运行经费预算表。粒度：文件×单位×资金来源；只含单位行，不含“部门合计”。",
    en="Operating cost of government bodies, from 机关运行经费预算表. Grain: document × unit × funding source; unit rows only, not the 部门合计 row. Blank cells (= 0) are not stored.",
    columns=(
        Column("unit_name", "VARCHAR", "单位名称（印制名称）", "Unit name as printed"),
        Column(
            "funding_source", "VARCHAR", "资金来源（财政拨款）", "Funding source (fiscal grant)", values=FUNDING_SOURCES
        ),
    ),
    cost=True,
)

FACT_PRINTED_TOTAL = Table(
    name="fact_printed_total",
    doc="""\
Quote these when you cite a budget's total: the fact rows under a subtotal may add up to a few
0.01 万元 more or less (尾差), and the check `printed_total_reconciles` in quality_check_result
records each such difference. Never SUM over this table: pick one row and column.\
""",
    sql_note=(
        "Added (allowed by the contract): the printed subtotal rows the facts above leave out, so the\n"
        "figures the PDF prints are queryable next to the sums of the fact rows (they differ by 尾差).\n"
        'NOT additive: its rows overlap (合计 covers its 类 rows, a 类 its 款 rows), so the "SUM over a\n'
        'fact table never double counts" principle holds for the tables above, not for this one.\n'
        "row_index is part of the grain because a printed row is not told by its label alone: the\n"
        "project tables print the department row and a unit row under the same name."
    ),
    grain=("table_kind", "row_index", "row_label", "function_code", "column_label"),
    # the subtotal rows every table prints; each row names its table (table_kind)
    sources=tuple(kind for kind in TABLE_KINDS if kind != "procurement"),
    zh="（新增）印制的小计行：事实表不收录的合计行、类/款行、部门和单位小计行、公务用车购置及运行费、部门合计，以及预算收支总表（表一）的总计行（收入总计、本年收入合计、上年结转、支出总计、本年支出合计），按PDF印制金额逐格保存。粒度：文件×表格类型×印制小计行（row_index）×列。各行相互包含（合计包含类，类包含款），不可加总；与其下明细行之和可能相差尾差，差额见 quality_check_result 的 printed_total_reconciles。",
    en="(Added) Printed subtotal rows as the PDF shows them: the 合计, 类 and 款 rows, department and unit subtotal rows, 公务用车购置及运行费 and 部门合计 rows that the fact tables leave out, and the total rows of 预算收支总表 (表一: 收入总计, 本年收入合计, 上年结转, 支出总计, 本年支出合计), every printed cell. Grain: document × table kind × printed subtotal row (row_index) × column. NOT additive: the rows overlap (合计 covers its 类 rows, a 类 its 款 rows), never SUM over this table; pick a row and column. They may differ from the sum of the fact rows under them by rounding (尾差): quality_check_result (check printed_total_reconciles) records each difference.",
    columns=(
        *DOCUMENT_COLUMNS,
        Column(
            "table_kind",
            "VARCHAR",
            "表格类型：budget_summary 预算收支总表（表一），revenue_summary 预算收入总表，expenditure_summary 预算支出总表，general_budget_expenditure 一般公共预算支出表，government_fund_expenditure 政府性基金预算支出表，state_capital 国有资本经营预算表，basic_expenditure_economic 基本支出分经济科目表，three_public “三公”经费表，three_public_operating_cost “三公”经费和机关运行经费表，operating_cost 机关运行经费表，project_expenditure 项目支出表（本年），project_carryover 项目支出表（上年结转），procurement 政府采购预算表",
            "Table kind (the keys of schemas.tables.TABLE_KINDS that have subtotal rows)",
            values=(
                "budget_summary",
                "revenue_summary",
                "expenditure_summary",
                "general_budget_expenditure",
                "government_fund_expenditure",
                "state_capital",
                "basic_expenditure_economic",
                "three_public",
                "three_public_operating_cost",
                "operating_cost",
                "project_expenditure",
                "project_carryover",
                "procurement",
            ),
        ),
        Column(
            "row_label",
            "VARCHAR",
            "小计行名称（印制名称，已清洗），如 合计、一般公共服务支出、部门或单位名称、公务用车购置及运行费、部门合计、收入总计",
            "Label of the subtotal row as printed, cleaned: 合计, a 类/款 name, a department or unit name, 公务用车购置及运行费, 部门合计, 收入总计 …",
        ),
        Column(
            "function_code",
            "VARCHAR",
            "类、款小计行的功能分类科目编码（3或5位），其他行为空",
            "Function classification code of a 类 or 款 subtotal row (3 or 5 digits); NULL for other rows (合计 …)",
            nullable=True,
            pattern="[0-9]{3}([0-9]{2}){0,2}",
        ),
        Column(
            "column_label",
            "VARCHAR",
            "列名（表头路径，各级以“/”连接，如 2026年预算数/基本支出；最后一级说明该列含义）",
            'Column as its header path, levels joined by "/" (e.g. 2026年预算数/基本支出); the last level says what the column holds',
        ),
        Column(
            "amount_yuan",
            "DECIMAL(18,2)",
            "印制金额（元，精确值），不是明细行之和",
            "Amount as printed, in yuan (元), exact: not the sum of the rows under it",
        ),
        Column(
            "amount_wan",
            "DECIMAL(20,6)",
            "印制金额（万元）= amount_yuan / 10000，精确值",
            "Printed amount in 10,000 yuan (万元) = amount_yuan / 10000, exact",
            loader=True,
        ),
        PAGE_NUMBER,
        Column(
            "row_index",
            "INTEGER",
            "小计行在拼接后表格中的行号（从0开始，含表头行）；项目支出表的部门行和单位行常同名，以此区分",
            "Row of the subtotal in the stitched table (0-based, header rows included); tells apart rows printed under the same name (the department row and a unit row of a project table)",
            minimum=0,
        ),
    ),
    checks=(WAN_IS_YUAN_OVER_10000,),
)

FACT_NARRATIVE = Table(
    name="fact_narrative",
    doc="""\
The facts: `expenditure_total` 支出预算, `expenditure_basic` 基本支出, `expenditure_basic_share`
基本支出占比, `expenditure_project` 项目支出, `expenditure_project_share` 项目支出占比;
`three_public_<item>` for the items `total` “三公”经费, `outbound_travel` 因公出国（境）费,
`official_reception` 公务接待费, `vehicle_total` 公务用车购置及运行费, `vehicle_purchase`
公务用车购置费, `vehicle_operation` 公务用车运行维护费, each also as `_prior_year` 上年数,
`_change` 增减额 and `_change_pct` 增减率; `operating_cost` 机关运行经费 (and `_prior_year`,
`_change`, `_change_pct`); `procurement_total` 政府采购预算总额, `procurement_goods` 货物,
`procurement_works` 工程, `procurement_services` 服务; `vehicles_quota` 公务用车编制,
`vehicles_total` 实有车辆, `vehicles_leadership` 领导用车, `vehicles_confidential_communication`
机要通信用车, `vehicles_emergency` 应急保障用车, `vehicles_law_enforcement` 执法执勤用车,
`vehicles_special_professional` 特种专业技术用车, `vehicles_institution_business` 事业单位业务用车,
`vehicles_general` 一般公务用车, `vehicles_other` 其他用车; `floor_area_office` 办公用房面积,
`floor_area_business` 业务用房面积, `floor_area_buildings` 房屋建筑面积. Changes and rates carry a
sign (a decrease is negative).\
""",
    sql_note=(
        "Added: the figures stated in the narrative sections, as stated (amount in its printed unit).\n"
        "Money also has its exact yuan figure; shares (%), counts (辆) and areas (平方米) do not. Not\n"
        "additive either: a total, its parts, the previous year and the change are all rows.\n"
        "The fact names are the enumeration of budget_etl/narrative.py (and its GX suite)."
    ),
    grain=("fact",),
    sources=(NARRATIVE,),
    zh="（新增）说明部分陈述的数字（支出预算及基本/项目支出与占比、“三公”经费及上年数和增减、机关运行经费及上年数和增减、政府采购、公务用车辆数、房屋面积），按陈述的数值和单位保存。粒度：文件×事项（fact）。总额、构成、上年数和增减各为一行，不可加总。",
    en="(Added) Figures stated in the narrative sections (expenditure and its basic/project split and shares, 三公 with the previous year and the change per item, 机关运行经费 and its previous year, procurement, vehicles, floor area), as stated. Grain: document × fact. NOT additive: a total, its parts, the previous year and the change are all rows; pick the facts you need.",
    columns=(
        *DOCUMENT_COLUMNS,
        Column(
            "fact",
            "VARCHAR",
            "事项名称（枚举见 docs/WAREHOUSE.md 及 budget_etl/narrative.py）：expenditure_* 支出预算，three_public_<项目>[_prior_year 上年数|_change 增减额|_change_pct 增减率] “三公”经费，operating_cost[_prior_year|_change|_change_pct] 机关运行经费，procurement_* 政府采购，vehicles_* 公务用车，floor_area_* 房屋面积。增减额、增减率带符号（减少为负）；three_public_total_prior_year 在正文只给出增减额时由 本年数−增减额 推得",
            "Fact name (enumeration in docs/WAREHOUSE.md and budget_etl/narrative.py): expenditure_*, three_public_<item>[_prior_year|_change|_change_pct], operating_cost[_prior_year|_change|_change_pct], procurement_*, vehicles_*, floor_area_*. Changes and rates are signed (a decrease is negative); three_public_total_prior_year is derived as current − change where the text states only the change",
            values=(
                "expenditure_total",
                "expenditure_basic",
                "expenditure_basic_share",
                "expenditure_project",
                "expenditure_project_share",
                "three_public_total",
                "three_public_total_change",
                "three_public_total_change_pct",
                "three_public_total_prior_year",
                "three_public_outbound_travel",
                "three_public_outbound_travel_change",
                "three_public_outbound_travel_change_pct",
                "three_public_outbound_travel_prior_year",
                "three_public_official_reception",
                "three_public_official_reception_change",
                "three_public_official_reception_change_pct",
                "three_public_official_reception_prior_year",
                "three_public_vehicle_total",
                "three_public_vehicle_total_change",
                "three_public_vehicle_total_change_pct",
                "three_public_vehicle_total_prior_year",
                "three_public_vehicle_purchase",
                "three_public_vehicle_purchase_change",
                "three_public_vehicle_purchase_change_pct",
                "three_public_vehicle_purchase_prior_year",
                "three_public_vehicle_operation",
                "three_public_vehicle_operation_change",
                "three_public_vehicle_operation_change_pct",
                "three_public_vehicle_operation_prior_year",
                "operating_cost",
                "operating_cost_prior_year",
                "operating_cost_change",
                "operating_cost_change_pct",
                "procurement_total",
                "procurement_goods",
                "procurement_works",
                "procurement_services",
                "vehicles_quota",
                "vehicles_total",
                "vehicles_leadership",
                "vehicles_confidential_communication",
                "vehicles_emergency",
                "vehicles_law_enforcement",
                "vehicles_special_professional",
                "vehicles_institution_business",
                "vehicles_general",
                "vehicles_other",
                "floor_area_office",
                "floor_area_business",
                "floor_area_buildings",
            ),
        ),
        Column(
            "amount",
            "DECIMAL(20,4)",
            "陈述的数值，单位见 unit（精确值，不换算）",
            "The figure as stated, in unit (exact, not converted)",
        ),
        Column(
            "unit",
            "VARCHAR",
            "陈述的单位：万元、元（金额），%（占比、增减率），辆（车辆），平方米（面积）",
            "Unit as stated: 万元 or 元 (money), % (shares and rates), 辆 (vehicles), 平方米 (floor area)",
            values=("万元", "元", "%", "辆", "平方米"),
        ),
        Column(
            "amount_yuan",
            "DECIMAL(18,2)",
            "金额（元，精确值）；仅金额类事项有值，占比、辆数、面积为空",
            "Amount in yuan (元), exact; money only, NULL for shares, rates, counts and areas",
            nullable=True,
        ),
        Column(
            "page_number",
            "INTEGER",
            "陈述所在PDF页码（从1开始）",
            "PDF page the statement was read on (1-based)",
            minimum=1,
        ),
        Column(
            "sentence",
            "VARCHAR",
            "数字所在的原句，便于核对",
            "The sentence the figure was read from, for checking it",
            nullable=True,
        ),
    ),
    checks=(
        "(amount_yuan IS NOT NULL) = (unit IN ('万元', '元'))",
        "amount_yuan IS NULL OR amount_yuan = amount * CASE unit WHEN '万元' THEN 10000 ELSE 1 END",
    ),
)

INGEST_LOG = Table(
    name="ingest_log",
    zh="（新增）文件接收日志，可查看被拒绝或失败的文件。粒度：每个文件（文件名×SHA-256）一行，记录最近一次处理结果。",
    en="(Added) Every file the pipeline has seen, so bad files are visible. Grain: one row per file (file name × SHA-256), holding the outcome of the latest attempt.",
    columns=(
        Column("file_name", "VARCHAR", "收到时的文件名", "File name as received"),
        Column(
            "file_sha256",
            "VARCHAR",
            "文件字节的完整SHA-256摘要",
            "Full SHA-256 digest of the file bytes",
            pattern="[0-9a-f]{64}",
        ),
        Column(
            "document_id",
            "VARCHAR",
            "文件标识（SHA-256前16位；已入库时对应 dim_document）",
            "Document id (first 16 hex digits of the SHA-256; matches dim_document when loaded)",
        ),
        Column(
            "status",
            "VARCHAR",
            "最近一次处理结果：loaded 已入库，rejected 被拒绝（不是可读的预算公开文件），failed 处理失败（错误级检查未通过或程序错误）",
            "Latest outcome: loaded, rejected (not a readable budget disclosure) or failed (an error-level check or a pipeline error)",
            values=("loaded", "rejected", "failed"),
        ),
        Column(
            "reason_code",
            "VARCHAR",
            "原因代码（如 not_pdf、no_text_layer、check_failed）；已入库为空",
            "Machine-readable reason (e.g. not_pdf, no_text_layer, check_failed); NULL when loaded",
            nullable=True,
        ),
        Column(
            "reason", "VARCHAR", "原因说明及处理建议", "Human-readable reason and what to do about it", nullable=True
        ),
        Column("seen_at", "TIMESTAMP", "最近一次处理时间", "When the file was last seen (latest attempt)"),
        Column("first_seen_at", "TIMESTAMP", "（新增）首次处理时间", "(Added) When the file was first seen"),
        Column("attempts", "INTEGER", "（新增）处理次数", "(Added) How many times the file was processed", minimum=1),
    ),
    primary_key=("file_sha256", "file_name"),
    checks=(
        "document_id = left(file_sha256, 16)",
        "status = 'loaded' OR reason_code IS NOT NULL",
    ),
    kind="operations",
)

QUALITY_CHECK_RESULT = Table(
    name="quality_check_result",
    kind="operations",
    zh="（新增）质量检查结果（勾稽关系、编码校验等）。粒度：文件×检查项×检查对象（subject）一行；随文件重新入库整体替换。",
    en="(Added) Results of the quality checks (reconciliation identities, code validation …). Grain: one row per document × check × subject; replaced with the document's rows on every load.",
    columns=(
        DOCUMENT_ID,
        Column(
            "check_name",
            "VARCHAR",
            "检查项名称（如 revenue_total_matches_rows）",
            "Name of the check (e.g. revenue_total_matches_rows)",
        ),
        Column(
            "severity",
            "VARCHAR",
            "严重程度：error 未通过时其所涉表格不入库，warn 仅记录",
            "Severity: error (a failure withholds the tables it covers) or warn (recorded)",
            values=("error", "warn"),
        ),
        Column("passed", "BOOLEAN", "是否通过", "Whether the check passed"),
        Column(
            "expected",
            "DECIMAL(18,2)",
            "期望值（金额检查为元；计数检查为个数）",
            "Expected value (yuan for amount checks, a count for count checks)",
            nullable=True,
        ),
        Column(
            "actual",
            "DECIMAL(18,2)",
            "实际值（单位同 expected）",
            "Actual value (same unit as expected)",
            nullable=True,
        ),
        Column(
            "difference",
            "DECIMAL(18,2)",
            "差额 = actual - expected（如尾差）",
            "Difference = actual - expected (e.g. rounding 尾差)",
            nullable=True,
        ),
        Column(
            "table_kind",
            "VARCHAR",
            "相关表格类型（schemas.tables.TABLE_KINDS 的键）",
            "Table concerned (a key of schemas.tables.TABLE_KINDS)",
            nullable=True,
        ),
        Column("page_number", "INTEGER", "相关PDF页码", "PDF page concerned", nullable=True, minimum=1),
        Column(
            "checked_at",
            "TIMESTAMP",
            "检查时间（检查未给出时为入库时间）；重新入库时更新，其余各列不变",
            "When the check ran (the load time unless the check supplies it); a reload updates it and leaves every other column as it was",
            loader=True,
        ),
        Column(
            "subject",
            "VARCHAR",
            "（新增）检查对象，如科目编码、行名称",
            "(Added) What was checked, e.g. a function code or a row label",
            nullable=True,
        ),
        Column("detail", "VARCHAR", "（新增）说明", "(Added) Explanation", nullable=True),
    ),
)

DOCUMENT_TABLE_STATUS = Table(
    name="document_table_status",
    doc="""\
A check covers the table it judges (a row total, 类/款/项, a table's own 合计) or, when it
compares tables, every table it compares: the break may be in any of them. A GX suite of a fact
frame covers the tables that feed it; the staged-amounts suite covers every table.\
""",
    sql_note=(
        "What became of each printed table of a document: the quality gate withholds the rows of a\n"
        "table that a failed ERROR check covers and loads the rest (budget_etl/quality/table_gate.py)."
    ),
    grain=("table_kind",),
    zh="（新增）文件各表格的入库状态。粒度：文件×表格类型一行；随文件重新入库整体替换。",
    en="(Added) What became of each printed table of a document. Grain: one row per document × table kind; replaced with the document's rows on every load.",
    columns=(
        DOCUMENT_ID,
        Column(
            "table_kind",
            "VARCHAR",
            "表格类型（schemas.tables.TABLE_KINDS 的键），narrative 为文字说明部分",
            "Table kind (a key of schemas.tables.TABLE_KINDS); narrative: the text sections",
            values=(*TABLE_KINDS, NARRATIVE),
        ),
        Column(
            "status",
            "VARCHAR",
            "状态：loaded 已入库，withheld 错误检查未通过、数据未入库，empty 表格无数据（本表无数据），unreadable 找到表题但表格无法读取，missing 文件未印制该标准表格",
            "Status: loaded, withheld (a failed error check covers it: its rows are not loaded), empty (printed without a figure), unreadable (title found, grid not read: see detail), missing (the file does not print this standard table)",
            values=TABLE_STATUSES,
        ),
        Column(
            "first_page",
            "INTEGER",
            "表格首页PDF页码；missing 为空",
            "First PDF page of the table; NULL when missing",
            nullable=True,
            minimum=1,
        ),
        Column("last_page", "INTEGER", "表格末页PDF页码", "Last PDF page of the table", nullable=True),
        Column(
            "rows_loaded",
            "INTEGER",
            "取自该表并已入库的事实行数（各事实表合计）",
            "Fact rows read from this table that were loaded (all fact tables)",
            minimum=0,
        ),
        Column(
            "rows_withheld",
            "INTEGER",
            "取自该表但未入库的事实行数",
            "Fact rows read from this table that were withheld",
            minimum=0,
        ),
        Column(
            "failed_checks",
            "VARCHAR",
            "拦下该表的错误检查项（逗号分隔，见 quality_check_result）",
            "The failed error checks that withheld this table (comma-separated; see quality_check_result)",
            nullable=True,
        ),
        Column(
            "detail",
            "VARCHAR",
            "说明：未通过检查的首条说明、无法读取时所见内容或缺失说明",
            "Explanation: the first failed check's detail, what was seen of an unreadable table, or why it counts as missing",
            nullable=True,
        ),
    ),
    primary_key=("document_id", "table_kind"),
    checks=(
        "last_page >= first_page",
        "status = 'withheld' OR rows_withheld = 0",
        "status <> 'missing' OR first_page IS NULL",
    ),
    kind="operations",
)

WAREHOUSE_META = Table(
    name="warehouse_meta",
    sql_note=("Operational: what the loader last applied to this file (budget_etl.duckdb_warehouse._ensure_contract)."),
    kind="operations",
    zh="（新增，运维用）仓库自身的记录：contract_fingerprint 为最近一次应用的表结构与参考目录的摘要，二者未变时入库跳过重建",
    en="(Added, operational) Facts about the warehouse file itself: contract_fingerprint is the digest of the schema and reference lists last applied, so a load skips re-applying them while they are unchanged",
    columns=(
        Column("key", "VARCHAR", "键，如 contract_fingerprint", "Key, e.g. contract_fingerprint", primary_key=True),
        Column("value", "VARCHAR", "值", "Value"),
    ),
)

# The warehouse in the order the DDL creates it.
WAREHOUSE_TABLES: tuple[Table, ...] = (
    DIM_DOCUMENT,
    DIM_FUNCTION_CLASS,
    DIM_ECONOMIC_CLASS,
    FUNCTION_CLASS_PRINTED_NAME,
    FACT_REVENUE,
    FACT_EXPENDITURE,
    FACT_EXPENDITURE_ECONOMIC,
    FACT_PROJECT_EXPENDITURE,
    FACT_THREE_PUBLIC,
    FACT_PROCUREMENT,
    FACT_OPERATING_COST,
    FACT_PRINTED_TOTAL,
    FACT_NARRATIVE,
    INGEST_LOG,
    QUALITY_CHECK_RESULT,
    DOCUMENT_TABLE_STATUS,
    WAREHOUSE_META,
)

# ------------------------------------------------------------------------------------------
# Views: their SQL is written by hand (schemas/views.sql); their columns and comments are here

V_DEPARTMENT_BUDGET = Table(
    name="v_department_budget",
    kind="view",
    doc="""\
The amount columns without `printed` are sums of the fact rows; the `*_printed_yuan` columns are
the same totals as the PDF prints them, which can differ by 尾差. A figure is NULL where the PDF
prints no such figure, and where the table it is read from is withheld or missing: never 0.
The SQL is schemas/views.sql.""",
    zh="部门预算概览视图：每个现行文件一行，含收支总额、基本/项目支出、“三公”经费及其构成、政府采购、机关运行经费和质量状态（金额单位：元）；未找到的表对应列为空。不带 printed 的金额列为事实行之和，带 _printed_ 的列为PDF印制的合计数，两者可能相差尾差。",
    en='Department budget overview: one row per current document with totals of revenue and expenditure, basic and project expenditure, the 三公 total and its three parts, procurement, operating cost and quality status (amounts in yuan); NULL where the source table was not found. Amount columns without "printed" are sums of the fact rows; the *_printed_yuan columns are the totals as the PDF prints them; they can differ by rounding (尾差).',
    columns=(
        Column("document_id", "VARCHAR", "文件标识", "Document id"),
        Column("department_name", "VARCHAR", "部门名称", "Department name"),
        Column("fiscal_year", "INTEGER", "预算年度", "Budget year"),
        Column(
            "document_kind",
            "VARCHAR",
            "文件类型：department 部门预算，unit 单位预算",
            "Kind: department or unit",
        ),
        Column(
            "total_revenue_yuan",
            "DECIMAL(18,2)",
            "收入总计（元，含上年结转）：收入事实行之和；印制数见 total_revenue_printed_yuan",
            "Total revenue in yuan, including prior-year carry-over (收入总计): the sum of the fact rows; the printed figure is total_revenue_printed_yuan",
            nullable=True,
        ),
        Column(
            "total_expenditure_yuan",
            "DECIMAL(18,2)",
            "支出总计（元，预算支出总表口径）：支出事实行之和；印制数见 total_expenditure_printed_yuan",
            "Total expenditure in yuan (all_funds scope, 预算支出总表): the sum of the fact rows; the printed figure is total_expenditure_printed_yuan",
            nullable=True,
        ),
        Column(
            "basic_expenditure_yuan",
            "DECIMAL(18,2)",
            "基本支出（元）：事实行之和；印制数见 basic_expenditure_printed_yuan",
            "Basic expenditure in yuan: the sum of the fact rows; the printed figure is basic_expenditure_printed_yuan",
            nullable=True,
        ),
        Column(
            "project_expenditure_yuan",
            "DECIMAL(18,2)",
            "项目支出（元）：事实行之和；印制数见 project_expenditure_printed_yuan",
            "Project expenditure in yuan: the sum of the fact rows; the printed figure is project_expenditure_printed_yuan",
            nullable=True,
        ),
        Column(
            "three_public_total_yuan",
            "DECIMAL(18,2)",
            "“三公”经费合计（元）：事实行之和；印制数见 three_public_total_printed_yuan",
            "三公 total in yuan: the sum of the fact rows; the printed figure is three_public_total_printed_yuan",
            nullable=True,
        ),
        Column(
            "outbound_travel_yuan",
            "DECIMAL(18,2)",
            "因公出国（境）费（元）",
            "Outbound official travel in yuan",
            nullable=True,
        ),
        Column(
            "official_reception_yuan", "DECIMAL(18,2)", "公务接待费（元）", "Official reception in yuan", nullable=True
        ),
        Column(
            "official_vehicles_yuan",
            "DECIMAL(18,2)",
            "公务用车购置及运行费（元）",
            "Official vehicles, purchase and operation, in yuan",
            nullable=True,
        ),
        Column(
            "procurement_total_yuan",
            "DECIMAL(18,2)",
            "政府采购预算总额（元）：货物、工程、服务之和；说明只陈述总额时为陈述的总额",
            "Government procurement total in yuan: goods + works + services; the stated total where the narrative gives no split",
            nullable=True,
        ),
        Column(
            "operating_cost_yuan",
            "DECIMAL(18,2)",
            "机关运行经费（元）",
            "Operating cost of government bodies in yuan",
            nullable=True,
        ),
        Column(
            "quality_status",
            "VARCHAR",
            "质量状态：passed、warned、partial、failed",
            "Quality status: passed, warned, partial or failed",
        ),
        Column(
            "total_revenue_printed_yuan",
            "DECIMAL(18,2)",
            "（新增）收入总计，PDF印制数（元）：预算收支总表（表一）收入总计；事实行之和见 total_revenue_yuan",
            "(Added) Total revenue as printed, in yuan: 收入总计 of 预算收支总表 (表一); the sum of the fact rows is total_revenue_yuan",
            nullable=True,
        ),
        Column(
            "total_expenditure_printed_yuan",
            "DECIMAL(18,2)",
            "（新增）支出合计，PDF印制数（元）：预算支出总表合计行的合计列；事实行之和见 total_expenditure_yuan",
            "(Added) Total expenditure as printed, in yuan: the 合计 row and column of 预算支出总表; the sum of the fact rows is total_expenditure_yuan",
            nullable=True,
        ),
        Column(
            "basic_expenditure_printed_yuan",
            "DECIMAL(18,2)",
            "（新增）基本支出，PDF印制数（元）：预算支出总表合计行的基本支出列；事实行之和见 basic_expenditure_yuan",
            "(Added) Basic expenditure as printed, in yuan: the 合计 row of 预算支出总表, 基本支出 column; the sum of the fact rows is basic_expenditure_yuan",
            nullable=True,
        ),
        Column(
            "project_expenditure_printed_yuan",
            "DECIMAL(18,2)",
            "（新增）项目支出，PDF印制数（元）：预算支出总表合计行的项目支出列；事实行之和见 project_expenditure_yuan",
            "(Added) Project expenditure as printed, in yuan: the 合计 row of 预算支出总表, 项目支出 column; the sum of the fact rows is project_expenditure_yuan",
            nullable=True,
        ),
        Column(
            "three_public_total_printed_yuan",
            "DECIMAL(18,2)",
            "（新增）“三公”经费合计，PDF印制数（元）：“三公”经费表合计行的合计列；表中无数字（本表无数据或空白）时为0，表中无合计行时为空；事实行之和见 three_public_total_yuan",
            "(Added) 三公 total as printed, in yuan: the 合计 row and column of the 三公 table; 0 where the table prints no figure at all (本表无数据 or blank), NULL where it prints no 合计 row; the sum of the fact rows is three_public_total_yuan",
            nullable=True,
        ),
        Column(
            "withheld_tables",
            "VARCHAR",
            "（新增）未入库的表格（错误检查未通过），逗号分隔；其数据列为空（NULL）而非0",
            "(Added) Printed tables withheld by a failed error check, comma-separated; their figures above are NULL, never 0",
            nullable=True,
        ),
        Column(
            "missing_tables",
            "VARCHAR",
            "（新增）文件未印制的标准表格，逗号分隔；其数据列为空（NULL）",
            "(Added) Standard tables the file does not print, comma-separated; their figures above are NULL",
            nullable=True,
        ),
    ),
)

VIEWS: tuple[Table, ...] = (V_DEPARTMENT_BUDGET,)

# ------------------------------------------------------------------------------------------
# Staging frames: what extraction hands to normalisation, one parquet file per document

STAGED_DOCUMENT_ID = Column(
    "document_id",
    "VARCHAR",
    en="document_id is the first 16 hex digits of the file's SHA-256",
    pattern=DOCUMENT_ID_PATTERN,
)
STAGED_PAGE = Column("page_number", "INTEGER", en="1-based PDF page", minimum=1)
TABLE_SEQ = Column("table_seq", "INTEGER", en="order of the table in the document, 0-based", minimum=0)
STAGED_TABLE_KIND = Column(
    "table_kind",
    "VARCHAR",
    en="a key of TABLE_KINDS",
    values=tuple(TABLE_KINDS),
    why="table_kind is a key of TABLE_KINDS",
)
STAGED_UNIT = Column("unit", "VARCHAR", en="the unit the table prints", values=UNITS, why="unit is one of UNITS")

# One row per physical cell of a camelot table, after stitching; kept so any staged figure can
# be traced back to the grid, page and position it came from.
RAW_CELL = Table(
    name="raw_cell",
    en="one row per physical cell of a camelot table, after stitching",
    kind="staging",
    columns=(
        STAGED_DOCUMENT_ID,
        TABLE_SEQ,
        STAGED_TABLE_KIND.but(nullable=True),
        STAGED_PAGE,
        Column("row_index", "INTEGER", en="row in the stitched table", minimum=0),
        Column("col_index", "INTEGER", en="column in the stitched table", minimum=0),
        Column("text", "VARCHAR", en="cell text exactly as camelot returned it", nullable=True),
        Column("x0", "DOUBLE", en="cell box in PDF points, origin bottom-left"),
        Column("y0", "DOUBLE", en="cell box in PDF points, origin bottom-left"),
        Column("x1", "DOUBLE", en="cell box in PDF points, origin bottom-left"),
        Column("y1", "DOUBLE", en="cell box in PDF points, origin bottom-left"),
    ),
)

# One row per recognised table: what it is, where it is, and camelot's own quality figures.
RAW_TABLE = Table(
    name="raw_table",
    en="one row per recognised table: what it is, where it is, and camelot's quality figures",
    kind="staging",
    columns=(
        STAGED_DOCUMENT_ID,
        TABLE_SEQ,
        STAGED_TABLE_KIND.but(nullable=True),
        Column("title", "VARCHAR", en="the title as printed", nullable=True),
        Column("first_page", "INTEGER", en="first PDF page of the table", minimum=1),
        Column("last_page", "INTEGER", en="last PDF page of the table", minimum=1),
        Column("n_rows", "INTEGER", en="rows of the stitched table", minimum=0),
        Column("n_cols", "INTEGER", en="columns of the stitched table", minimum=0),
        Column("is_empty", "BOOLEAN", en="printed with 注：本表无数据"),
        STAGED_UNIT.but(nullable=True),
        Column("accuracy", "DOUBLE", en="camelot parsing_report accuracy, worst page", nullable=True),
        Column("whitespace", "DOUBLE", en="camelot parsing_report whitespace, worst page", nullable=True),
    ),
)

# The staged long table: one row per non-empty amount cell of a standard table.
STAGED_AMOUNT = Table(
    name="staged_amounts",
    validated=True,
    en="the staged long table: one row per non-empty amount cell of a standard table",
    kind="staging",
    ordered_columns=True,
    columns=(
        STAGED_DOCUMENT_ID,
        TABLE_SEQ,
        STAGED_TABLE_KIND,
        STAGED_PAGE,
        Column("row_index", "INTEGER", en="keeps rows with the same label apart (projects repeat names)", minimum=0),
        Column(
            "row_label",
            "VARCHAR",
            en="cleaned printed label: 科目名称, 项目名称, item, unit name",
            nullable=True,
            warn_if_null="every amount row carries its printed label (科目名称, 项目名称, item)",
        ),
        Column(
            "row_label_secondary",
            "VARCHAR",
            en="政府预算经济科目名称 in the economic table, else null",
            nullable=True,
        ),
        FUNCTION_CODE.but(zh="", en="3/5/7-digit 支出功能分类 code where printed, else null", nullable=True),
        Column("column_label", "VARCHAR", en='cleaned header path, levels joined with "/"'),
        Column(
            "amount",
            "DECIMAL(24,6)",
            en="as printed, in unit",
            why="amounts are exact decimals end to end, never floats",
            warn_below=(0, "budget appropriations are printed non-negative; a negative figure is a misread sign"),
        ),
        STAGED_UNIT,
        Column("raw_text", "VARCHAR", en="the cell text before repair, for tracing", nullable=True),
    ),
    grain=("document_id", "table_seq", "row_index", "row_label", "column_label"),
    report_columns=("table_kind", "page_number", "row_index", "row_label", "column_label"),
    min_rows=(1, "a budget disclosure stages at least one amount"),
)

# Figures stated in the narrative sections (政府采购, 三公, 机关运行经费, 国有资产).
NARRATIVE_FACT = Table(
    name="narrative_facts",
    validated=True,
    en="figures stated in the narrative sections (政府采购, 三公, 机关运行经费, 国有资产)",
    kind="staging",
    ordered_columns=True,
    columns=(
        STAGED_DOCUMENT_ID,
        FACT_NARRATIVE.column("fact").but(zh="", en="e.g. procurement_total, three_public_total_prior_year"),
        Column("amount", "DECIMAL(20,4)", en="as stated, in unit"),
        FACT_NARRATIVE.column("unit").but(zh="", en="万元, 元, %, 辆, 平方米"),
        STAGED_PAGE,
        Column(
            "sentence",
            "VARCHAR",
            en="the sentence the figure was read from",
            nullable=True,
            warn_if_null="every figure keeps the sentence it was read from, for tracing",
        ),
    ),
    grain=("document_id", "fact"),
    report_columns=("fact", "page_number", "amount", "unit"),
)

STAGING_TABLES: tuple[Table, ...] = (RAW_CELL, RAW_TABLE, STAGED_AMOUNT, NARRATIVE_FACT)

TABLES: dict[str, Table] = {t.name: t for t in (*WAREHOUSE_TABLES, *STAGING_TABLES)}
