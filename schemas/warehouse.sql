-- DuckDB DDL of the budget warehouse: the single source of truth for its schema.
--
-- The analyst-facing contract is docs/WAREHOUSE.md; this file states it as tables, views,
-- constraints and comments. budget_etl.warehouse.create_schema() runs this file as is and
-- nothing else creates warehouse objects. Every statement is idempotent (IF NOT EXISTS,
-- OR REPLACE, COMMENT ON), so running it against an existing warehouse adds what is new.
-- The contract changes only by adding: add columns/tables/views, never rename or retype.
--
-- Enumerations are VARCHAR columns with CHECK constraints, not DuckDB ENUM types:
--   * the contract types them as VARCHAR (document_kind, quality_status ...), and analysts
--     get plain strings that sort alphabetically, compare with literals, and export to
--     parquet/CSV/Arrow without dictionary types;
--   * an ENUM's value set cannot be extended in place (no ALTER TYPE ... ADD VALUE), and
--     a column typed by an ENUM pins the type; a CHECK is local to the table that needs it;
--   * the constraint text is visible in duckdb_constraints(), next to the column comments.
-- The storage saving of ENUMs is irrelevant at this size (tens of thousands of rows).
--
-- Amounts: amount_yuan DECIMAL(18,2) is canonical. amount_wan DECIMAL(20,6) is stored (not
-- a generated column, so `INSERT ... SELECT *` and exports stay plain) and a CHECK pins it
-- to exactly amount_yuan / 10000, computed as a DECIMAL product (x * 0.0001 stays DECIMAL
-- in DuckDB; x / 10000 would be DOUBLE).
--
-- Fact tables carry no PRIMARY KEY: the economic grain includes nullable codes, and the
-- loader checks each frame's grain for duplicates before it inserts (budget_etl.warehouse),
-- which reports the offending rows instead of a bare index violation.

------------------------------------------------------------------------------------------
-- Dimensions
------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS dim_document (
    document_id     VARCHAR   PRIMARY KEY
                    CHECK (regexp_full_match(document_id, '[0-9a-f]{16}')),
    file_name       VARCHAR   NOT NULL,
    file_sha256     VARCHAR   NOT NULL
                    CHECK (regexp_full_match(file_sha256, '[0-9a-f]{64}')),
    department_name VARCHAR   NOT NULL,
    document_kind   VARCHAR   NOT NULL CHECK (document_kind IN ('department', 'unit')),
    fiscal_year     INTEGER   NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
    page_count      INTEGER   NOT NULL CHECK (page_count > 0),
    is_current      BOOLEAN   NOT NULL,
    quality_status  VARCHAR   NOT NULL CHECK (quality_status IN ('passed', 'warned', 'partial', 'failed')),
    loaded_at       TIMESTAMP NOT NULL,
    department_name_source VARCHAR,
    disclosure_part VARCHAR   NOT NULL DEFAULT 'full'
                    CHECK (disclosure_part IN ('full', 'tables', 'narrative')),
    CHECK (document_id = left(file_sha256, 16))
);
-- Columns added to the contract after the first release: a warehouse created before them gets
-- them here (CREATE TABLE IF NOT EXISTS leaves an existing table as it is). DuckDB cannot add a
-- column with a CHECK, so in such a warehouse the loader alone keeps disclosure_part to its
-- three values; a warehouse created now has the CHECK above.
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS department_name_source VARCHAR;
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS disclosure_part VARCHAR DEFAULT 'full';

CREATE TABLE IF NOT EXISTS dim_function_class (
    code         VARCHAR PRIMARY KEY CHECK (regexp_full_match(code, '[0-9]{3}([0-9]{2}){0,2}')),
    name         VARCHAR NOT NULL,
    level        VARCHAR NOT NULL CHECK (level IN ('类', '款', '项')),
    parent_code  VARCHAR,
    in_reference BOOLEAN NOT NULL,
    CHECK ((level = '类' AND length(code) = 3 AND parent_code IS NULL)
        OR (level = '款' AND length(code) = 5 AND parent_code = left(code, 3))
        OR (level = '项' AND length(code) = 7 AND parent_code = left(code, 5)))
);

CREATE TABLE IF NOT EXISTS dim_economic_class (
    scheme       VARCHAR NOT NULL CHECK (scheme IN ('department', 'government')),
    code         VARCHAR NOT NULL CHECK (regexp_full_match(code, '[0-9]{3}([0-9]{2})?')),
    name         VARCHAR NOT NULL,
    level        VARCHAR NOT NULL CHECK (level IN ('类', '款')),
    parent_code  VARCHAR,
    in_reference BOOLEAN NOT NULL,
    PRIMARY KEY (scheme, code),
    CHECK ((scheme = 'department' AND left(code, 1) = '3') OR (scheme = 'government' AND left(code, 1) = '5')),
    CHECK ((level = '类' AND length(code) = 3 AND parent_code IS NULL)
        OR (level = '款' AND length(code) = 5 AND parent_code = left(code, 3)))
);

-- Added (allowed by the contract): every name a document printed for a function code, so
-- variants and typos (2080110 劳动关系和维权 / 劳动关系的维权) stay visible while the facts
-- and dim_function_class use one name per code.
CREATE TABLE IF NOT EXISTS function_class_printed_name (
    document_id       VARCHAR NOT NULL,
    code              VARCHAR NOT NULL,
    printed_name      VARCHAR NOT NULL,
    reference_name    VARCHAR,
    matches_reference BOOLEAN NOT NULL,
    PRIMARY KEY (document_id, code, printed_name)
);

------------------------------------------------------------------------------------------
-- Facts
------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS fact_revenue (
    document_id     VARCHAR       NOT NULL,
    fiscal_year     INTEGER       NOT NULL,
    department_name VARCHAR       NOT NULL,
    function_code   VARCHAR       NOT NULL CHECK (regexp_full_match(function_code, '[0-9]{3}([0-9]{2}){0,2}')),
    funding_source  VARCHAR       NOT NULL CHECK (funding_source IN ('general_public_budget', 'government_fund',
                        'state_capital_operation', 'fiscal_special_account', 'unit_funds', 'prior_year_carryover')),
    amount_yuan     DECIMAL(18,2) NOT NULL,
    amount_wan      DECIMAL(20,6) NOT NULL,
    page_number     INTEGER       NOT NULL CHECK (page_number > 0),
    CHECK (amount_wan = CAST(amount_yuan * 0.0001 AS DECIMAL(20,6)))
);

CREATE TABLE IF NOT EXISTS fact_expenditure (
    document_id      VARCHAR       NOT NULL,
    fiscal_year      INTEGER       NOT NULL,
    department_name  VARCHAR       NOT NULL,
    budget_scope     VARCHAR       NOT NULL CHECK (budget_scope IN ('all_funds', 'general_public_budget',
                         'government_fund', 'state_capital_operation')),
    function_code    VARCHAR       NOT NULL CHECK (regexp_full_match(function_code, '[0-9]{3}([0-9]{2}){0,2}')),
    expenditure_type VARCHAR       NOT NULL CHECK (expenditure_type IN ('basic', 'project')),
    amount_yuan      DECIMAL(18,2) NOT NULL,
    amount_wan       DECIMAL(20,6) NOT NULL,
    page_number      INTEGER       NOT NULL CHECK (page_number > 0),
    CHECK (amount_wan = CAST(amount_yuan * 0.0001 AS DECIMAL(20,6)))
);

CREATE TABLE IF NOT EXISTS fact_expenditure_economic (
    document_id              VARCHAR       NOT NULL,
    fiscal_year              INTEGER       NOT NULL,
    department_name          VARCHAR       NOT NULL,
    economic_code_department VARCHAR       CHECK (regexp_full_match(economic_code_department, '3[0-9]{2}([0-9]{2})?')),
    economic_name_department VARCHAR       NOT NULL,
    economic_code_government VARCHAR       CHECK (regexp_full_match(economic_code_government, '5[0-9]{2}([0-9]{2})?')),
    economic_name_government VARCHAR,
    cost_type                VARCHAR       NOT NULL CHECK (cost_type IN ('personnel', 'public')),
    amount_yuan              DECIMAL(18,2) NOT NULL,
    amount_wan               DECIMAL(20,6) NOT NULL,
    page_number              INTEGER       NOT NULL CHECK (page_number > 0),
    CHECK (amount_wan = CAST(amount_yuan * 0.0001 AS DECIMAL(20,6)))
);

CREATE TABLE IF NOT EXISTS fact_project_expenditure (
    document_id     VARCHAR       NOT NULL,
    fiscal_year     INTEGER       NOT NULL,
    department_name VARCHAR       NOT NULL,
    unit_name       VARCHAR       NOT NULL,
    project_name    VARCHAR       NOT NULL,
    is_carryover    BOOLEAN       NOT NULL,
    funding_source  VARCHAR       NOT NULL CHECK (funding_source IN ('general_public_budget', 'government_fund',
                        'state_capital_operation', 'fiscal_special_account', 'unit_funds', 'prior_year_carryover')),
    amount_yuan     DECIMAL(18,2) NOT NULL,
    amount_wan      DECIMAL(20,6) NOT NULL,
    page_number     INTEGER       NOT NULL CHECK (page_number > 0),
    -- Added: project names repeat within one table with different amounts (xiaoyi 2026 prints
    -- 国运公司注册资本金 three times), so the printed row position is part of the grain.
    row_index       INTEGER       NOT NULL CHECK (row_index >= 0),
    CHECK (amount_wan = CAST(amount_yuan * 0.0001 AS DECIMAL(20,6)))
);

CREATE TABLE IF NOT EXISTS fact_three_public (
    document_id     VARCHAR       NOT NULL,
    fiscal_year     INTEGER       NOT NULL,
    department_name VARCHAR       NOT NULL,
    item            VARCHAR       NOT NULL CHECK (item IN ('outbound_travel', 'official_reception',
                        'vehicle_purchase', 'vehicle_operation')),
    funding_source  VARCHAR       NOT NULL CHECK (funding_source IN ('general_public_budget', 'government_fund',
                        'state_capital_operation', 'fiscal_special_account', 'unit_funds', 'prior_year_carryover')),
    amount_yuan     DECIMAL(18,2) NOT NULL,
    amount_wan      DECIMAL(20,6) NOT NULL,
    page_number     INTEGER       NOT NULL CHECK (page_number > 0),
    CHECK (amount_wan = CAST(amount_yuan * 0.0001 AS DECIMAL(20,6)))
);

CREATE TABLE IF NOT EXISTS fact_procurement (
    document_id     VARCHAR       NOT NULL,
    fiscal_year     INTEGER       NOT NULL,
    department_name VARCHAR       NOT NULL,
    category        VARCHAR       NOT NULL CHECK (category IN ('goods', 'works', 'services')),
    amount_yuan     DECIMAL(18,2) NOT NULL,
    amount_wan      DECIMAL(20,6) NOT NULL,
    page_number     INTEGER       NOT NULL CHECK (page_number > 0),
    CHECK (amount_wan = CAST(amount_yuan * 0.0001 AS DECIMAL(20,6)))
);

CREATE TABLE IF NOT EXISTS fact_operating_cost (
    document_id     VARCHAR       NOT NULL,
    fiscal_year     INTEGER       NOT NULL,
    department_name VARCHAR       NOT NULL,
    unit_name       VARCHAR       NOT NULL,
    funding_source  VARCHAR       NOT NULL CHECK (funding_source IN ('general_public_budget', 'government_fund',
                        'state_capital_operation', 'fiscal_special_account', 'unit_funds', 'prior_year_carryover')),
    amount_yuan     DECIMAL(18,2) NOT NULL,
    amount_wan      DECIMAL(20,6) NOT NULL,
    page_number     INTEGER       NOT NULL CHECK (page_number > 0),
    CHECK (amount_wan = CAST(amount_yuan * 0.0001 AS DECIMAL(20,6)))
);

-- Added (allowed by the contract): the printed subtotal rows the facts above leave out, so the
-- figures the PDF prints are queryable next to the sums of the fact rows (they differ by 尾差).
-- NOT additive: its rows overlap (合计 covers its 类 rows, a 类 its 款 rows), so the "SUM over a
-- fact table never double counts" principle holds for the tables above, not for this one.
-- row_index is part of the grain because a printed row is not told by its label alone: the
-- project tables print the department row and a unit row under the same name.
CREATE TABLE IF NOT EXISTS fact_printed_total (
    document_id     VARCHAR       NOT NULL,
    fiscal_year     INTEGER       NOT NULL,
    department_name VARCHAR       NOT NULL,
    table_kind      VARCHAR       NOT NULL CHECK (table_kind IN ('budget_summary', 'revenue_summary',
                        'expenditure_summary', 'general_budget_expenditure', 'government_fund_expenditure',
                        'state_capital', 'basic_expenditure_economic', 'three_public', 'three_public_operating_cost',
                        'operating_cost', 'project_expenditure', 'project_carryover', 'procurement')),
    row_label       VARCHAR       NOT NULL,
    function_code   VARCHAR       CHECK (regexp_full_match(function_code, '[0-9]{3}([0-9]{2}){0,2}')),
    column_label    VARCHAR       NOT NULL,
    amount_yuan     DECIMAL(18,2) NOT NULL,
    amount_wan      DECIMAL(20,6) NOT NULL,
    page_number     INTEGER       NOT NULL CHECK (page_number > 0),
    row_index       INTEGER       NOT NULL CHECK (row_index >= 0),
    CHECK (amount_wan = CAST(amount_yuan * 0.0001 AS DECIMAL(20,6)))
);

-- Added: the figures stated in the narrative sections, as stated (amount in its printed unit).
-- Money also has its exact yuan figure; shares (%), counts (辆) and areas (平方米) do not. Not
-- additive either: a total, its parts, the previous year and the change are all rows.
-- The fact names are the enumeration of budget_etl/narrative.py (and its GX suite).
CREATE TABLE IF NOT EXISTS fact_narrative (
    document_id     VARCHAR       NOT NULL,
    fiscal_year     INTEGER       NOT NULL,
    department_name VARCHAR       NOT NULL,
    fact            VARCHAR       NOT NULL CHECK (fact IN (
                        'expenditure_total', 'expenditure_basic', 'expenditure_basic_share',
                        'expenditure_project', 'expenditure_project_share',
                        'three_public_total', 'three_public_total_change', 'three_public_total_change_pct',
                        'three_public_total_prior_year',
                        'three_public_outbound_travel', 'three_public_outbound_travel_change',
                        'three_public_outbound_travel_change_pct', 'three_public_outbound_travel_prior_year',
                        'three_public_official_reception', 'three_public_official_reception_change',
                        'three_public_official_reception_change_pct', 'three_public_official_reception_prior_year',
                        'three_public_vehicle_total', 'three_public_vehicle_total_change',
                        'three_public_vehicle_total_change_pct', 'three_public_vehicle_total_prior_year',
                        'three_public_vehicle_purchase', 'three_public_vehicle_purchase_change',
                        'three_public_vehicle_purchase_change_pct', 'three_public_vehicle_purchase_prior_year',
                        'three_public_vehicle_operation', 'three_public_vehicle_operation_change',
                        'three_public_vehicle_operation_change_pct', 'three_public_vehicle_operation_prior_year',
                        'operating_cost', 'operating_cost_prior_year', 'operating_cost_change',
                        'operating_cost_change_pct',
                        'procurement_total', 'procurement_goods', 'procurement_works', 'procurement_services',
                        'vehicles_quota', 'vehicles_total', 'vehicles_leadership', 'vehicles_confidential_communication',
                        'vehicles_emergency', 'vehicles_law_enforcement', 'vehicles_special_professional',
                        'vehicles_institution_business', 'vehicles_general', 'vehicles_other',
                        'floor_area_office', 'floor_area_business', 'floor_area_buildings')),
    amount          DECIMAL(20,4) NOT NULL,
    unit            VARCHAR       NOT NULL CHECK (unit IN ('万元', '元', '%', '辆', '平方米')),
    amount_yuan     DECIMAL(18,2),
    page_number     INTEGER       NOT NULL CHECK (page_number > 0),
    sentence        VARCHAR,
    CHECK ((amount_yuan IS NOT NULL) = (unit IN ('万元', '元'))),
    CHECK (amount_yuan IS NULL OR amount_yuan = amount * CASE unit WHEN '万元' THEN 10000 ELSE 1 END)
);

------------------------------------------------------------------------------------------
-- Operations (added): what happened to each file, and what the quality checks found
------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS ingest_log (
    file_name     VARCHAR   NOT NULL,
    file_sha256   VARCHAR   NOT NULL CHECK (regexp_full_match(file_sha256, '[0-9a-f]{64}')),
    document_id   VARCHAR   NOT NULL CHECK (document_id = left(file_sha256, 16)),
    status        VARCHAR   NOT NULL CHECK (status IN ('loaded', 'rejected', 'failed')),
    reason_code   VARCHAR,
    reason        VARCHAR,
    seen_at       TIMESTAMP NOT NULL,
    first_seen_at TIMESTAMP NOT NULL,
    attempts      INTEGER   NOT NULL CHECK (attempts >= 1),
    PRIMARY KEY (file_sha256, file_name),
    CHECK (status = 'loaded' OR reason_code IS NOT NULL)
);

CREATE TABLE IF NOT EXISTS quality_check_result (
    document_id VARCHAR       NOT NULL,
    check_name  VARCHAR       NOT NULL,
    severity    VARCHAR       NOT NULL CHECK (severity IN ('error', 'warn')),
    passed      BOOLEAN       NOT NULL,
    expected    DECIMAL(18,2),
    actual      DECIMAL(18,2),
    difference  DECIMAL(18,2),
    table_kind  VARCHAR,
    page_number INTEGER       CHECK (page_number > 0),
    checked_at  TIMESTAMP     NOT NULL,
    subject     VARCHAR,
    detail      VARCHAR
);

-- What became of each printed table of a document: the quality gate withholds the rows of a
-- table that a failed ERROR check covers and loads the rest (budget_etl/quality/table_gate.py).
CREATE TABLE IF NOT EXISTS document_table_status (
    document_id   VARCHAR NOT NULL,
    table_kind    VARCHAR NOT NULL CHECK (table_kind IN (
                      'budget_summary', 'revenue_summary', 'expenditure_summary', 'fiscal_grant_summary',
                      'general_budget_expenditure', 'basic_expenditure_economic', 'government_fund_revenue',
                      'government_fund_expenditure', 'state_capital', 'three_public', 'operating_cost',
                      'three_public_operating_cost', 'project_expenditure', 'project_carryover',
                      'procurement', 'narrative')),
    status        VARCHAR NOT NULL CHECK (status IN ('loaded', 'withheld', 'empty', 'unreadable', 'missing')),
    first_page    INTEGER CHECK (first_page > 0),
    last_page     INTEGER CHECK (last_page >= first_page),
    rows_loaded   INTEGER NOT NULL CHECK (rows_loaded >= 0),
    rows_withheld INTEGER NOT NULL CHECK (rows_withheld >= 0),
    failed_checks VARCHAR,
    detail        VARCHAR,
    PRIMARY KEY (document_id, table_kind),
    CHECK (status = 'withheld' OR rows_withheld = 0),
    CHECK (status <> 'missing' OR first_page IS NULL)
);

-- Operational: what the loader last applied to this file (budget_etl.warehouse._ensure_contract).
CREATE TABLE IF NOT EXISTS warehouse_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

------------------------------------------------------------------------------------------
-- Views for analysts
------------------------------------------------------------------------------------------

CREATE OR REPLACE VIEW v_department_budget AS
WITH
revenue AS (
    SELECT document_id, SUM(amount_yuan) AS total
    FROM fact_revenue GROUP BY document_id
),
expenditure AS (
    SELECT document_id,
           SUM(amount_yuan) AS total,
           COALESCE(SUM(amount_yuan) FILTER (WHERE expenditure_type = 'basic'), 0) AS basic,
           COALESCE(SUM(amount_yuan) FILTER (WHERE expenditure_type = 'project'), 0) AS project
    FROM fact_expenditure WHERE budget_scope = 'all_funds' GROUP BY document_id
),
three_public AS (
    SELECT document_id,
           SUM(amount_yuan) AS total,
           COALESCE(SUM(amount_yuan) FILTER (WHERE item = 'outbound_travel'), 0) AS outbound_travel,
           COALESCE(SUM(amount_yuan) FILTER (WHERE item = 'official_reception'), 0) AS official_reception,
           COALESCE(SUM(amount_yuan) FILTER (WHERE item IN ('vehicle_purchase', 'vehicle_operation')), 0) AS vehicles
    FROM fact_three_public GROUP BY document_id
),
procurement AS (
    SELECT document_id, SUM(amount_yuan) AS total FROM fact_procurement GROUP BY document_id
),
-- A narrative that states the procurement total without its split gives no fact_procurement
-- row: the stated total stands in for the sum of the parts.
stated_procurement AS (
    SELECT document_id, min(amount_yuan) AS total FROM fact_narrative
    WHERE fact = 'procurement_total' GROUP BY document_id
),
operating_cost AS (
    SELECT document_id, SUM(amount_yuan) AS total FROM fact_operating_cost GROUP BY document_id
),
-- Added: the printed tables the gate withheld, and the standard tables the file does not print.
-- Their figures above are NULL (no rows), never 0.
table_status AS (
    SELECT document_id,
           string_agg(table_kind, ', ' ORDER BY table_kind) FILTER (WHERE status = 'withheld') AS withheld,
           string_agg(table_kind, ', ' ORDER BY table_kind) FILTER (WHERE status = 'missing') AS missing
    FROM document_table_status GROUP BY document_id
),
-- Added: the same headline figures as the PDF prints them (fact_printed_total), where they can
-- differ from the sums above by 尾差. A column label is a header path ("2026年预算数/基本支出"):
-- its last level says what the column holds. Where a row prints more than one total column,
-- the outermost (shortest path) is the row's total, as in budget_etl/quality/reading.py.
printed_cells AS (
    SELECT *, regexp_extract(column_label, '[^/]*$') AS last_level
    FROM fact_printed_total
),
printed AS (
    SELECT document_id,
           -- 表一 预算收支总表: 收入总计 on its revenue side (carry-over included, as total_revenue_yuan)
           arg_min(amount_yuan, (row_index, length(column_label))) FILTER (
               WHERE table_kind = 'budget_summary' AND row_label = '收入总计' AND column_label LIKE '收入%'
           ) AS total_revenue,
           -- 预算支出总表: its 合计 row is its only printed subtotal row without a function code
           arg_min(amount_yuan, (row_index, length(column_label))) FILTER (
               WHERE table_kind = 'expenditure_summary' AND function_code IS NULL
                 AND (last_level LIKE '%合计' OR last_level LIKE '%总计')
           ) AS total_expenditure,
           arg_min(amount_yuan, (row_index, length(column_label))) FILTER (
               WHERE table_kind = 'expenditure_summary' AND function_code IS NULL AND last_level LIKE '%基本支出%'
           ) AS basic,
           arg_min(amount_yuan, (row_index, length(column_label))) FILTER (
               WHERE table_kind = 'expenditure_summary' AND function_code IS NULL AND last_level LIKE '%项目支出%'
           ) AS project,
           -- the 合计 row of the 三公 table (公务用车购置及运行费 is its other subtotal row)
           arg_min(amount_yuan, (row_index, length(column_label))) FILTER (
               WHERE table_kind IN ('three_public', 'three_public_operating_cost')
                 AND (row_label LIKE '%合计' OR row_label LIKE '%总计')
                 AND (last_level LIKE '%合计' OR last_level LIKE '%总计')
           ) AS three_public
    FROM printed_cells GROUP BY document_id
)
SELECT
    d.document_id,
    d.department_name,
    d.fiscal_year,
    d.document_kind,
    CAST(r.total AS DECIMAL(18,2))               AS total_revenue_yuan,
    CAST(e.total AS DECIMAL(18,2))               AS total_expenditure_yuan,
    CAST(e.basic AS DECIMAL(18,2))               AS basic_expenditure_yuan,
    CAST(e.project AS DECIMAL(18,2))             AS project_expenditure_yuan,
    CAST(t.total AS DECIMAL(18,2))               AS three_public_total_yuan,
    CAST(t.outbound_travel AS DECIMAL(18,2))     AS outbound_travel_yuan,
    CAST(t.official_reception AS DECIMAL(18,2))  AS official_reception_yuan,
    CAST(t.vehicles AS DECIMAL(18,2))            AS official_vehicles_yuan,
    CAST(coalesce(p.total, sp.total) AS DECIMAL(18,2)) AS procurement_total_yuan,
    CAST(o.total AS DECIMAL(18,2))               AS operating_cost_yuan,
    d.quality_status,
    -- Added: the printed figures. A 三公 table found but printed without a figure (本表无数据,
    -- or blank) prints no 合计 either: its total is 0, as its fact rows are.
    CAST(pt.total_revenue AS DECIMAL(18,2))      AS total_revenue_printed_yuan,
    CAST(pt.total_expenditure AS DECIMAL(18,2))  AS total_expenditure_printed_yuan,
    CAST(pt.basic AS DECIMAL(18,2))              AS basic_expenditure_printed_yuan,
    CAST(pt.project AS DECIMAL(18,2))            AS project_expenditure_printed_yuan,
    CAST(coalesce(pt.three_public, CASE WHEN t.total = 0 THEN 0 END) AS DECIMAL(18,2))
                                                 AS three_public_total_printed_yuan,
    ts.withheld                                  AS withheld_tables,
    ts.missing                                   AS missing_tables
FROM dim_document AS d
LEFT JOIN revenue        AS r USING (document_id)
LEFT JOIN expenditure    AS e USING (document_id)
LEFT JOIN three_public   AS t USING (document_id)
LEFT JOIN procurement    AS p USING (document_id)
LEFT JOIN stated_procurement AS sp USING (document_id)
LEFT JOIN operating_cost AS o USING (document_id)
LEFT JOIN printed        AS pt USING (document_id)
LEFT JOIN table_status   AS ts USING (document_id)
WHERE d.is_current;

------------------------------------------------------------------------------------------
-- Comments: SELECT * FROM duckdb_columns() is the data dictionary (中文 / English)
------------------------------------------------------------------------------------------

COMMENT ON TABLE dim_document IS '预算公开文件维表。粒度：每个已入库的PDF文件一行。同一部门、类型、年度、公开部分的更正文件入库后，旧文件保留但 is_current = false。 / Ingested budget-disclosure PDFs. Grain: one row per ingested PDF file. When a corrected file for the same department, kind, year and disclosure part is loaded, the older file stays with is_current = false.';
COMMENT ON COLUMN dim_document.document_id IS '文件标识：文件字节SHA-256的前16位十六进制 / Document id: first 16 hex digits of the SHA-256 of the file bytes';
COMMENT ON COLUMN dim_document.file_name IS '收到时的文件名 / File name as received';
COMMENT ON COLUMN dim_document.file_sha256 IS '文件字节的完整SHA-256摘要 / Full SHA-256 digest of the file bytes';
COMMENT ON COLUMN dim_document.department_name IS '文件印制的部门名称/单位名称（来源见 department_name_source） / Department or unit name as the disclosure prints it (where it was read: department_name_source)';
COMMENT ON COLUMN dim_document.document_kind IS '文件类型：department 部门预算，unit 单位预算 / Kind: department (部门预算) or unit (单位预算)';
COMMENT ON COLUMN dim_document.fiscal_year IS '预算年度（以封面年度为准，不取个别表题中的年份） / Budget year of the disclosure (the cover''s year wins over stray table titles)';
COMMENT ON COLUMN dim_document.page_count IS 'PDF页数 / Number of pages of the PDF';
COMMENT ON COLUMN dim_document.is_current IS '是否为现行版本：同一部门、类型、年度、公开部分（disclosure_part）中首次入库时间最晚的文件为现行版本 / Current version: among files for the same department, kind, year and disclosure part, the one first loaded most recently is current; re-loading an older file does not make it current again';
COMMENT ON COLUMN dim_document.quality_status IS '质量状态：passed 通过，warned 有警告，partial 部分入库（错误检查所涉表格的数据未入库，其余入库，见 document_table_status），failed 无数据入库（所有表格均被错误检查拦下） / Quality status: passed, warned, partial (the tables covered by a failed error check are withheld, the others loaded: see document_table_status) or failed (every table withheld, no facts loaded)';
COMMENT ON COLUMN dim_document.loaded_at IS '首次入库时间（重新入库同一文件不改变） / When this file was first loaded (unchanged when the same file is loaded again, so a reload changes nothing)';
COMMENT ON COLUMN dim_document.department_name_source IS '部门名称取自何处（可信度最高者胜出）：label:预算主管部门 / label:预算单位 封面标注，table_label:部门名称 等表上标注（部门名称、单位名称、编制部门、编制单位、部门、主管部门），cover 封面标题，running_header 页眉，table_header 表头“编码-名称”行，table_title 表题，table_cell:部门名称 等表格单元格；早于此列入库的文件为空 / Where the department name was read (the most reliable source wins): label:预算主管部门 / label:预算单位 (cover label), table_label:<label> (a label on the tables: 部门名称, 单位名称, 编制部门, 编制单位, 部门, 主管部门), cover (cover title), running_header, table_header (a code-name line above a table), table_title, table_cell:<label> (a table cell); NULL for files loaded before this column existed';
COMMENT ON COLUMN dim_document.disclosure_part IS '文件所含公开内容：full 完整（报表及说明），tables 仅报表，narrative 仅文字说明；同一公开分两个文件发布时各为一部分，互不替代 / What the file holds of the disclosure: full (tables and narrative), tables (budget tables only) or narrative (text only); a disclosure published as two files has one part in each, and neither supersedes the other';

COMMENT ON TABLE dim_function_class IS '支出功能分类科目维表。粒度：每个科目编码一行（类3位、款5位、项7位）；来自参考目录及文件中出现的编码。 / Expenditure function classification (支出功能分类科目). Grain: one row per code (类 3, 款 5, 项 7 digits); from the reference list plus codes seen in documents.';
COMMENT ON COLUMN dim_function_class.code IS '科目编码（3、5或7位数字） / Classification code (3, 5 or 7 digits)';
COMMENT ON COLUMN dim_function_class.name IS '科目名称（取参考目录名称；参考目录中没有的编码取文件印制名称） / Name from the reference list (for codes not in the reference: the name as printed in a document)';
COMMENT ON COLUMN dim_function_class.level IS '级次：类、款、项 / Level: 类 (class), 款 (section) or 项 (item)';
COMMENT ON COLUMN dim_function_class.parent_code IS '上级科目编码（款的上级为类，项的上级为款；类为空） / Parent code (款 → its 类, 项 → its 款; NULL for a 类)';
COMMENT ON COLUMN dim_function_class.in_reference IS '是否在参考目录中；false 表示仅在文件中出现（未知，并非无效） / In the shipped reference list; false: seen in documents only (unknown, not invalid)';

COMMENT ON TABLE dim_economic_class IS '支出经济分类科目维表，含部门预算（301…）和政府预算（501…）两套科目。粒度：每个科目体系×科目编码一行。 / Expenditure economic classification, both schemes: department (部门预算 301…) and government (政府预算 501…). Grain: one row per scheme × code.';
COMMENT ON COLUMN dim_economic_class.scheme IS '科目体系：department 部门预算经济分类，government 政府预算经济分类 / Scheme: department (部门预算, 301…) or government (政府预算, 501…)';
COMMENT ON COLUMN dim_economic_class.code IS '科目编码（类3位、款5位） / Code (类 3 digits, 款 5 digits)';
COMMENT ON COLUMN dim_economic_class.name IS '科目名称 / Name';
COMMENT ON COLUMN dim_economic_class.level IS '级次：类、款 / Level: 类 (class) or 款 (item)';
COMMENT ON COLUMN dim_economic_class.parent_code IS '上级科目编码（类为空） / Parent code (NULL for a 类)';
COMMENT ON COLUMN dim_economic_class.in_reference IS '是否在参考目录中；false 表示仅在文件中出现 / In the shipped reference list; false: seen in documents only';

COMMENT ON TABLE function_class_printed_name IS '（新增）文件中印制的功能分类科目名称。粒度：每个文件×科目编码×印制名称一行；用于发现名称变体和错字。 / (Added) Function-class names as printed in each document. Grain: one row per document × code × printed name; shows name variants and typos (e.g. 2080110 劳动关系的维权).';
COMMENT ON COLUMN function_class_printed_name.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN function_class_printed_name.code IS '科目编码 / Function classification code';
COMMENT ON COLUMN function_class_printed_name.printed_name IS '印制名称（已清洗：折行重连、去空格、全半角统一） / Name as printed, cleaned (wraps re-joined, spaces removed, width variants folded)';
COMMENT ON COLUMN function_class_printed_name.reference_name IS '参考目录中的名称（不在参考目录中为空） / Name in the reference list (NULL when the code is not in it)';
COMMENT ON COLUMN function_class_printed_name.matches_reference IS '印制名称是否与参考名称一致 / Whether the printed name equals the reference name';

COMMENT ON TABLE fact_revenue IS '收入预算事实表，来源：预算收入总表。粒度：文件×功能分类科目（印制的最明细级次，通常为项）×资金来源。合计、类、款小计行不入本表。 / Budgeted revenue, from 预算收入总表. Grain: document × function code (most detailed printed level, normally 项) × funding source. Printed subtotals (合计, 类/款 rows) are not fact rows; blank cells (= 0) are not stored.';
COMMENT ON COLUMN fact_revenue.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN fact_revenue.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN fact_revenue.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN fact_revenue.function_code IS '支出功能分类科目编码（最明细印制级次），见 dim_function_class / Function classification code at its most detailed printed level, see dim_function_class';
COMMENT ON COLUMN fact_revenue.funding_source IS '资金来源：general_public_budget 一般公共预算，government_fund 政府性基金，state_capital_operation 国有资本经营预算，fiscal_special_account 财政专户管理资金，unit_funds 单位资金，prior_year_carryover 上年结转 / Funding source';
COMMENT ON COLUMN fact_revenue.amount_yuan IS '金额（元，精确值） / Amount in yuan (元), exact';
COMMENT ON COLUMN fact_revenue.amount_wan IS '金额（万元）= amount_yuan / 10000，精确值 / Amount in 10,000 yuan (万元) = amount_yuan / 10000, exact';
COMMENT ON COLUMN fact_revenue.page_number IS '数据所在PDF页码（从1开始） / PDF page the figure was read from (1-based)';

COMMENT ON TABLE fact_expenditure IS '支出预算事实表。粒度：文件×预算口径×功能分类科目（印制的最明细级次）×支出类型。注意：各预算口径相互重叠（all_funds 包含一般公共预算、政府性基金等），汇总时只能筛选一个 budget_scope。 / Budgeted expenditure. Grain: document × budget scope × function code (most detailed printed level) × expenditure type. The budget scopes OVERLAP by design (all_funds includes the general public budget, government fund …): filter on exactly one budget_scope before summing. Blank cells (= 0) are not stored.';
COMMENT ON COLUMN fact_expenditure.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN fact_expenditure.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN fact_expenditure.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN fact_expenditure.budget_scope IS '预算口径（相互重叠，只取其一）：all_funds 预算支出总表，general_public_budget 一般公共预算支出表（本年），government_fund 政府性基金预算支出表，state_capital_operation 国有资本经营预算支出 / Budget scope (they overlap; filter on one): all_funds (预算支出总表), general_public_budget (一般公共预算支出预算表, current year), government_fund (政府性基金预算支出表), state_capital_operation (国有资本经营预算 expenditure side)';
COMMENT ON COLUMN fact_expenditure.function_code IS '支出功能分类科目编码（最明细印制级次），见 dim_function_class / Function classification code at its most detailed printed level, see dim_function_class';
COMMENT ON COLUMN fact_expenditure.expenditure_type IS '支出类型：basic 基本支出，project 项目支出 / Expenditure type: basic (基本支出) or project (项目支出)';
COMMENT ON COLUMN fact_expenditure.amount_yuan IS '金额（元，精确值） / Amount in yuan (元), exact';
COMMENT ON COLUMN fact_expenditure.amount_wan IS '金额（万元）= amount_yuan / 10000，精确值 / Amount in 10,000 yuan (万元) = amount_yuan / 10000, exact';
COMMENT ON COLUMN fact_expenditure.page_number IS '数据所在PDF页码（从1开始） / PDF page the figure was read from (1-based)';

COMMENT ON TABLE fact_expenditure_economic IS '一般公共预算基本支出经济分类事实表，来源：基本支出分经济科目表。粒度：文件×部门经济科目×政府经济科目×经费类型。类级小计行（工资福利支出等）和合计不入本表。 / Basic expenditure by economic item, from 基本支出分经济科目表. Grain: document × department economic item × government economic item × cost type. Category subtotal rows (工资福利支出 …) and 合计 are not fact rows; blank cells (= 0) are not stored.';
COMMENT ON COLUMN fact_expenditure_economic.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN fact_expenditure_economic.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN fact_expenditure_economic.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN fact_expenditure_economic.economic_code_department IS '部门预算经济科目编码（由名称及其上方类别行解析；无法解析为空并有警告检查） / Department-scheme economic code (301…), resolved from the printed name and the category row above it; NULL when unresolvable (a warning check reports it)';
COMMENT ON COLUMN fact_expenditure_economic.economic_name_department IS '部门预算经济科目名称（印制名称，已清洗） / Department-scheme economic name as printed, cleaned';
COMMENT ON COLUMN fact_expenditure_economic.economic_code_government IS '政府预算经济科目编码（按两套科目的对应关系解析；无法解析为空） / Government-scheme economic code (501…), resolved with the official pairing of the two schemes; NULL when unresolvable';
COMMENT ON COLUMN fact_expenditure_economic.economic_name_government IS '政府预算经济科目名称（印制名称，已清洗） / Government-scheme economic name as printed, cleaned';
COMMENT ON COLUMN fact_expenditure_economic.cost_type IS '经费类型：personnel 人员经费，public 公用经费 / Cost type: personnel (人员经费) or public (公用经费)';
COMMENT ON COLUMN fact_expenditure_economic.amount_yuan IS '金额（元，精确值） / Amount in yuan (元), exact';
COMMENT ON COLUMN fact_expenditure_economic.amount_wan IS '金额（万元）= amount_yuan / 10000，精确值 / Amount in 10,000 yuan (万元) = amount_yuan / 10000, exact';
COMMENT ON COLUMN fact_expenditure_economic.page_number IS '数据所在PDF页码（从1开始） / PDF page the figure was read from (1-based)';

COMMENT ON TABLE fact_project_expenditure IS '项目支出事实表，来源：项目支出预算表（本年预算）和（上年结转）。粒度：文件×单位×项目×表内行号×资金来源×是否上年结转；同名项目可多次出现，以 row_index 区分。部门、单位小计行按算术关系识别，不入本表。 / Project expenditure, from 项目支出预算表 (本年预算) and (上年结转). Grain: document × unit × project × printed row (row_index) × funding source × carry-over flag; a project name may repeat, row_index tells the rows apart. Department and unit subtotal rows, told apart by arithmetic, are not fact rows; blank cells (= 0) are not stored.';
COMMENT ON COLUMN fact_project_expenditure.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN fact_project_expenditure.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN fact_project_expenditure.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN fact_project_expenditure.unit_name IS '单位名称：项目上方的单位小计行（表中无单位行时为部门本身） / Unit: the unit subtotal row above the project (the department itself where the table has no unit rows)';
COMMENT ON COLUMN fact_project_expenditure.project_name IS '项目名称（印制名称，折行已重连） / Project name as printed, wrapped text re-joined';
COMMENT ON COLUMN fact_project_expenditure.is_carryover IS '是否上年结转项目（来自上年结转表） / From the carry-over table (上年结转)';
COMMENT ON COLUMN fact_project_expenditure.funding_source IS '资金来源，取值同 fact_revenue.funding_source / Funding source, values as in fact_revenue.funding_source';
COMMENT ON COLUMN fact_project_expenditure.amount_yuan IS '金额（元，精确值） / Amount in yuan (元), exact';
COMMENT ON COLUMN fact_project_expenditure.amount_wan IS '金额（万元）= amount_yuan / 10000，精确值 / Amount in 10,000 yuan (万元) = amount_yuan / 10000, exact';
COMMENT ON COLUMN fact_project_expenditure.page_number IS '数据所在PDF页码（从1开始） / PDF page the figure was read from (1-based)';
COMMENT ON COLUMN fact_project_expenditure.row_index IS '（新增）项目在拼接后表格中的行号（从0开始，含表头行），用于区分同名项目并追溯到原表 / (Added) Row of the project in the stitched table (0-based, header rows included): tells repeated project names apart and traces the row to staging';

COMMENT ON TABLE fact_three_public IS '“三公”经费事实表，来源：财政拨款安排“三公”经费支出预算表。粒度：文件×项目×资金来源；找到该表的文件固定12行（4个项目×3个财政拨款来源），空白或“本表无数据”记为0。公务用车购置及运行费和合计为小计，不入本表。 / “Three public” expenses, from the 三公 table. Grain: document × item × funding source; exactly 12 rows (4 items × 3 fiscal-grant sources) for every document whose table was found, 0 where blank or 本表无数据. 公务用车购置及运行费 and 合计 are subtotals, not fact rows.';
COMMENT ON COLUMN fact_three_public.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN fact_three_public.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN fact_three_public.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN fact_three_public.item IS '项目：outbound_travel 因公出国（境）费，official_reception 公务接待费，vehicle_purchase 公务用车购置费，vehicle_operation 公务用车运行维护费 / Item: outbound_travel, official_reception, vehicle_purchase, vehicle_operation';
COMMENT ON COLUMN fact_three_public.funding_source IS '资金来源（财政拨款）：general_public_budget，government_fund，state_capital_operation / Funding source (fiscal grant): general_public_budget, government_fund, state_capital_operation';
COMMENT ON COLUMN fact_three_public.amount_yuan IS '金额（元，精确值） / Amount in yuan (元), exact';
COMMENT ON COLUMN fact_three_public.amount_wan IS '金额（万元）= amount_yuan / 10000，精确值 / Amount in 10,000 yuan (万元) = amount_yuan / 10000, exact';
COMMENT ON COLUMN fact_three_public.page_number IS '数据所在PDF页码（从1开始） / PDF page the figure was read from (1-based)';

COMMENT ON TABLE fact_procurement IS '政府采购预算事实表，来源：说明部分“政府采购情况”（或模板中的采购表）。粒度：文件×采购类别。 / Government procurement budget, from the narrative 政府采购情况 (or a procurement table where a template has one). Grain: document × category.';
COMMENT ON COLUMN fact_procurement.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN fact_procurement.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN fact_procurement.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN fact_procurement.category IS '采购类别：goods 货物，works 工程，services 服务 / Category: goods (货物), works (工程), services (服务)';
COMMENT ON COLUMN fact_procurement.amount_yuan IS '金额（元，精确值） / Amount in yuan (元), exact';
COMMENT ON COLUMN fact_procurement.amount_wan IS '金额（万元）= amount_yuan / 10000，精确值 / Amount in 10,000 yuan (万元) = amount_yuan / 10000, exact';
COMMENT ON COLUMN fact_procurement.page_number IS '数据所在PDF页码（从1开始） / PDF page the figure was read from (1-based)';

COMMENT ON TABLE fact_operating_cost IS '机关运行经费事实表，来源：财政拨款安排机关运行经费预算表。粒度：文件×单位×资金来源；只含单位行，不含“部门合计”。 / Operating cost of government bodies, from 机关运行经费预算表. Grain: document × unit × funding source; unit rows only, not the 部门合计 row. Blank cells (= 0) are not stored.';
COMMENT ON COLUMN fact_operating_cost.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN fact_operating_cost.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN fact_operating_cost.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN fact_operating_cost.unit_name IS '单位名称（印制名称） / Unit name as printed';
COMMENT ON COLUMN fact_operating_cost.funding_source IS '资金来源（财政拨款） / Funding source (fiscal grant)';
COMMENT ON COLUMN fact_operating_cost.amount_yuan IS '金额（元，精确值） / Amount in yuan (元), exact';
COMMENT ON COLUMN fact_operating_cost.amount_wan IS '金额（万元）= amount_yuan / 10000，精确值 / Amount in 10,000 yuan (万元) = amount_yuan / 10000, exact';
COMMENT ON COLUMN fact_operating_cost.page_number IS '数据所在PDF页码（从1开始） / PDF page the figure was read from (1-based)';

COMMENT ON TABLE fact_printed_total IS '（新增）印制的小计行：事实表不收录的合计行、类/款行、部门和单位小计行、公务用车购置及运行费、部门合计，以及预算收支总表（表一）的总计行（收入总计、本年收入合计、上年结转、支出总计、本年支出合计），按PDF印制金额逐格保存。粒度：文件×表格类型×印制小计行（row_index）×列。各行相互包含（合计包含类，类包含款），不可加总；与其下明细行之和可能相差尾差，差额见 quality_check_result 的 printed_total_reconciles。 / (Added) Printed subtotal rows as the PDF shows them: the 合计, 类 and 款 rows, department and unit subtotal rows, 公务用车购置及运行费 and 部门合计 rows that the fact tables leave out, and the total rows of 预算收支总表 (表一: 收入总计, 本年收入合计, 上年结转, 支出总计, 本年支出合计), every printed cell. Grain: document × table kind × printed subtotal row (row_index) × column. NOT additive: the rows overlap (合计 covers its 类 rows, a 类 its 款 rows), never SUM over this table; pick a row and column. They may differ from the sum of the fact rows under them by rounding (尾差): quality_check_result (check printed_total_reconciles) records each difference.';
COMMENT ON COLUMN fact_printed_total.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN fact_printed_total.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN fact_printed_total.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN fact_printed_total.table_kind IS '表格类型：budget_summary 预算收支总表（表一），revenue_summary 预算收入总表，expenditure_summary 预算支出总表，general_budget_expenditure 一般公共预算支出表，government_fund_expenditure 政府性基金预算支出表，state_capital 国有资本经营预算表，basic_expenditure_economic 基本支出分经济科目表，three_public “三公”经费表，three_public_operating_cost “三公”经费和机关运行经费表，operating_cost 机关运行经费表，project_expenditure 项目支出表（本年），project_carryover 项目支出表（上年结转），procurement 政府采购预算表 / Table kind (the keys of schemas.staging.TABLE_KINDS that have subtotal rows)';
COMMENT ON COLUMN fact_printed_total.row_label IS '小计行名称（印制名称，已清洗），如 合计、一般公共服务支出、部门或单位名称、公务用车购置及运行费、部门合计、收入总计 / Label of the subtotal row as printed, cleaned: 合计, a 类/款 name, a department or unit name, 公务用车购置及运行费, 部门合计, 收入总计 …';
COMMENT ON COLUMN fact_printed_total.function_code IS '类、款小计行的功能分类科目编码（3或5位），其他行为空 / Function classification code of a 类 or 款 subtotal row (3 or 5 digits); NULL for other rows (合计 …)';
COMMENT ON COLUMN fact_printed_total.column_label IS '列名（表头路径，各级以“/”连接，如 2026年预算数/基本支出；最后一级说明该列含义） / Column as its header path, levels joined by "/" (e.g. 2026年预算数/基本支出); the last level says what the column holds';
COMMENT ON COLUMN fact_printed_total.amount_yuan IS '印制金额（元，精确值），不是明细行之和 / Amount as printed, in yuan (元), exact: not the sum of the rows under it';
COMMENT ON COLUMN fact_printed_total.amount_wan IS '印制金额（万元）= amount_yuan / 10000，精确值 / Printed amount in 10,000 yuan (万元) = amount_yuan / 10000, exact';
COMMENT ON COLUMN fact_printed_total.page_number IS '数据所在PDF页码（从1开始） / PDF page the figure was read from (1-based)';
COMMENT ON COLUMN fact_printed_total.row_index IS '小计行在拼接后表格中的行号（从0开始，含表头行）；项目支出表的部门行和单位行常同名，以此区分 / Row of the subtotal in the stitched table (0-based, header rows included); tells apart rows printed under the same name (the department row and a unit row of a project table)';

COMMENT ON TABLE fact_narrative IS '（新增）说明部分陈述的数字（支出预算及基本/项目支出与占比、“三公”经费及上年数和增减、机关运行经费及上年数和增减、政府采购、公务用车辆数、房屋面积），按陈述的数值和单位保存。粒度：文件×事项（fact）。总额、构成、上年数和增减各为一行，不可加总。 / (Added) Figures stated in the narrative sections (expenditure and its basic/project split and shares, 三公 with the previous year and the change per item, 机关运行经费 and its previous year, procurement, vehicles, floor area), as stated. Grain: document × fact. NOT additive: a total, its parts, the previous year and the change are all rows; pick the facts you need.';
COMMENT ON COLUMN fact_narrative.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN fact_narrative.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN fact_narrative.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN fact_narrative.fact IS '事项名称（枚举见 docs/WAREHOUSE.md 及 budget_etl/narrative.py）：expenditure_* 支出预算，three_public_<项目>[_prior_year 上年数|_change 增减额|_change_pct 增减率] “三公”经费，operating_cost[_prior_year|_change|_change_pct] 机关运行经费，procurement_* 政府采购，vehicles_* 公务用车，floor_area_* 房屋面积。增减额、增减率带符号（减少为负）；three_public_total_prior_year 在正文只给出增减额时由 本年数−增减额 推得 / Fact name (enumeration in docs/WAREHOUSE.md and budget_etl/narrative.py): expenditure_*, three_public_<item>[_prior_year|_change|_change_pct], operating_cost[_prior_year|_change|_change_pct], procurement_*, vehicles_*, floor_area_*. Changes and rates are signed (a decrease is negative); three_public_total_prior_year is derived as current − change where the text states only the change';
COMMENT ON COLUMN fact_narrative.amount IS '陈述的数值，单位见 unit（精确值，不换算） / The figure as stated, in unit (exact, not converted)';
COMMENT ON COLUMN fact_narrative.unit IS '陈述的单位：万元、元（金额），%（占比、增减率），辆（车辆），平方米（面积） / Unit as stated: 万元 or 元 (money), % (shares and rates), 辆 (vehicles), 平方米 (floor area)';
COMMENT ON COLUMN fact_narrative.amount_yuan IS '金额（元，精确值）；仅金额类事项有值，占比、辆数、面积为空 / Amount in yuan (元), exact; money only, NULL for shares, rates, counts and areas';
COMMENT ON COLUMN fact_narrative.page_number IS '陈述所在PDF页码（从1开始） / PDF page the statement was read on (1-based)';
COMMENT ON COLUMN fact_narrative.sentence IS '数字所在的原句，便于核对 / The sentence the figure was read from, for checking it';

COMMENT ON TABLE ingest_log IS '（新增）文件接收日志，可查看被拒绝或失败的文件。粒度：每个文件（文件名×SHA-256）一行，记录最近一次处理结果。 / (Added) Every file the pipeline has seen, so bad files are visible. Grain: one row per file (file name × SHA-256), holding the outcome of the latest attempt.';
COMMENT ON COLUMN ingest_log.file_name IS '收到时的文件名 / File name as received';
COMMENT ON COLUMN ingest_log.file_sha256 IS '文件字节的完整SHA-256摘要 / Full SHA-256 digest of the file bytes';
COMMENT ON COLUMN ingest_log.document_id IS '文件标识（SHA-256前16位；已入库时对应 dim_document） / Document id (first 16 hex digits of the SHA-256; matches dim_document when loaded)';
COMMENT ON COLUMN ingest_log.status IS '最近一次处理结果：loaded 已入库，rejected 被拒绝（不是可读的预算公开文件），failed 处理失败（错误级检查未通过或程序错误） / Latest outcome: loaded, rejected (not a readable budget disclosure) or failed (an error-level check or a pipeline error)';
COMMENT ON COLUMN ingest_log.reason_code IS '原因代码（如 not_pdf、no_text_layer、check_failed）；已入库为空 / Machine-readable reason (e.g. not_pdf, no_text_layer, check_failed); NULL when loaded';
COMMENT ON COLUMN ingest_log.reason IS '原因说明及处理建议 / Human-readable reason and what to do about it';
COMMENT ON COLUMN ingest_log.seen_at IS '最近一次处理时间 / When the file was last seen (latest attempt)';
COMMENT ON COLUMN ingest_log.first_seen_at IS '（新增）首次处理时间 / (Added) When the file was first seen';
COMMENT ON COLUMN ingest_log.attempts IS '（新增）处理次数 / (Added) How many times the file was processed';

COMMENT ON TABLE document_table_status IS '（新增）文件各表格的入库状态。粒度：文件×表格类型一行；随文件重新入库整体替换。 / (Added) What became of each printed table of a document. Grain: one row per document × table kind; replaced with the document''s rows on every load.';
COMMENT ON COLUMN document_table_status.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN document_table_status.table_kind IS '表格类型（schemas.staging.TABLE_KINDS 的键），narrative 为文字说明部分 / Table kind (a key of schemas.staging.TABLE_KINDS); narrative: the text sections';
COMMENT ON COLUMN document_table_status.status IS '状态：loaded 已入库，withheld 错误检查未通过、数据未入库，empty 表格无数据（本表无数据），unreadable 找到表题但表格无法读取，missing 文件未印制该标准表格 / Status: loaded, withheld (a failed error check covers it: its rows are not loaded), empty (printed without a figure), unreadable (title found, grid not read: see detail), missing (the file does not print this standard table)';
COMMENT ON COLUMN document_table_status.first_page IS '表格首页PDF页码；missing 为空 / First PDF page of the table; NULL when missing';
COMMENT ON COLUMN document_table_status.last_page IS '表格末页PDF页码 / Last PDF page of the table';
COMMENT ON COLUMN document_table_status.rows_loaded IS '取自该表并已入库的事实行数（各事实表合计） / Fact rows read from this table that were loaded (all fact tables)';
COMMENT ON COLUMN document_table_status.rows_withheld IS '取自该表但未入库的事实行数 / Fact rows read from this table that were withheld';
COMMENT ON COLUMN document_table_status.failed_checks IS '拦下该表的错误检查项（逗号分隔，见 quality_check_result） / The failed error checks that withheld this table (comma-separated; see quality_check_result)';
COMMENT ON COLUMN document_table_status.detail IS '说明：未通过检查的首条说明、无法读取时所见内容或缺失说明 / Explanation: the first failed check''s detail, what was seen of an unreadable table, or why it counts as missing';

COMMENT ON TABLE warehouse_meta IS '（新增，运维用）仓库自身的记录：contract_fingerprint 为最近一次应用的表结构与参考目录的摘要，二者未变时入库跳过重建 / (Added, operational) Facts about the warehouse file itself: contract_fingerprint is the digest of the schema and reference lists last applied, so a load skips re-applying them while they are unchanged';
COMMENT ON COLUMN warehouse_meta.key IS '键，如 contract_fingerprint / Key, e.g. contract_fingerprint';
COMMENT ON COLUMN warehouse_meta.value IS '值 / Value';

COMMENT ON TABLE quality_check_result IS '（新增）质量检查结果（勾稽关系、编码校验等）。粒度：文件×检查项×检查对象（subject）一行；随文件重新入库整体替换。 / (Added) Results of the quality checks (reconciliation identities, code validation …). Grain: one row per document × check × subject; replaced with the document''s rows on every load.';
COMMENT ON COLUMN quality_check_result.document_id IS '文件标识，见 dim_document / Document id, see dim_document';
COMMENT ON COLUMN quality_check_result.check_name IS '检查项名称（如 revenue_total_matches_rows） / Name of the check (e.g. revenue_total_matches_rows)';
COMMENT ON COLUMN quality_check_result.severity IS '严重程度：error 未通过时其所涉表格不入库，warn 仅记录 / Severity: error (a failure withholds the tables it covers) or warn (recorded)';
COMMENT ON COLUMN quality_check_result.passed IS '是否通过 / Whether the check passed';
COMMENT ON COLUMN quality_check_result.expected IS '期望值（金额检查为元；计数检查为个数） / Expected value (yuan for amount checks, a count for count checks)';
COMMENT ON COLUMN quality_check_result.actual IS '实际值（单位同 expected） / Actual value (same unit as expected)';
COMMENT ON COLUMN quality_check_result.difference IS '差额 = actual - expected（如尾差） / Difference = actual - expected (e.g. rounding 尾差)';
COMMENT ON COLUMN quality_check_result.table_kind IS '相关表格类型（schemas.staging.TABLE_KINDS 的键） / Table concerned (a key of schemas.staging.TABLE_KINDS)';
COMMENT ON COLUMN quality_check_result.page_number IS '相关PDF页码 / PDF page concerned';
COMMENT ON COLUMN quality_check_result.checked_at IS '检查时间（检查未给出时为入库时间）；重新入库时更新，其余各列不变 / When the check ran (the load time unless the check supplies it); a reload updates it and leaves every other column as it was';
COMMENT ON COLUMN quality_check_result.subject IS '（新增）检查对象，如科目编码、行名称 / (Added) What was checked, e.g. a function code or a row label';
COMMENT ON COLUMN quality_check_result.detail IS '（新增）说明 / (Added) Explanation';

COMMENT ON VIEW v_department_budget IS '部门预算概览视图：每个现行文件一行，含收支总额、基本/项目支出、“三公”经费及其构成、政府采购、机关运行经费和质量状态（金额单位：元）；未找到的表对应列为空。不带 printed 的金额列为事实行之和，带 _printed_ 的列为PDF印制的合计数，两者可能相差尾差。 / Department budget overview: one row per current document with totals of revenue and expenditure, basic and project expenditure, the 三公 total and its three parts, procurement, operating cost and quality status (amounts in yuan); NULL where the source table was not found. Amount columns without "printed" are sums of the fact rows; the *_printed_yuan columns are the totals as the PDF prints them; they can differ by rounding (尾差).';
COMMENT ON COLUMN v_department_budget.document_id IS '文件标识 / Document id';
COMMENT ON COLUMN v_department_budget.department_name IS '部门名称 / Department name';
COMMENT ON COLUMN v_department_budget.fiscal_year IS '预算年度 / Budget year';
COMMENT ON COLUMN v_department_budget.document_kind IS '文件类型：department 部门预算，unit 单位预算 / Kind: department or unit';
COMMENT ON COLUMN v_department_budget.total_revenue_yuan IS '收入总计（元，含上年结转）：收入事实行之和；印制数见 total_revenue_printed_yuan / Total revenue in yuan, including prior-year carry-over (收入总计): the sum of the fact rows; the printed figure is total_revenue_printed_yuan';
COMMENT ON COLUMN v_department_budget.total_expenditure_yuan IS '支出总计（元，预算支出总表口径）：支出事实行之和；印制数见 total_expenditure_printed_yuan / Total expenditure in yuan (all_funds scope, 预算支出总表): the sum of the fact rows; the printed figure is total_expenditure_printed_yuan';
COMMENT ON COLUMN v_department_budget.basic_expenditure_yuan IS '基本支出（元）：事实行之和；印制数见 basic_expenditure_printed_yuan / Basic expenditure in yuan: the sum of the fact rows; the printed figure is basic_expenditure_printed_yuan';
COMMENT ON COLUMN v_department_budget.project_expenditure_yuan IS '项目支出（元）：事实行之和；印制数见 project_expenditure_printed_yuan / Project expenditure in yuan: the sum of the fact rows; the printed figure is project_expenditure_printed_yuan';
COMMENT ON COLUMN v_department_budget.three_public_total_yuan IS '“三公”经费合计（元）：事实行之和；印制数见 three_public_total_printed_yuan / 三公 total in yuan: the sum of the fact rows; the printed figure is three_public_total_printed_yuan';
COMMENT ON COLUMN v_department_budget.outbound_travel_yuan IS '因公出国（境）费（元） / Outbound official travel in yuan';
COMMENT ON COLUMN v_department_budget.official_reception_yuan IS '公务接待费（元） / Official reception in yuan';
COMMENT ON COLUMN v_department_budget.official_vehicles_yuan IS '公务用车购置及运行费（元） / Official vehicles, purchase and operation, in yuan';
COMMENT ON COLUMN v_department_budget.procurement_total_yuan IS '政府采购预算总额（元）：货物、工程、服务之和；说明只陈述总额时为陈述的总额 / Government procurement total in yuan: goods + works + services; the stated total where the narrative gives no split';
COMMENT ON COLUMN v_department_budget.operating_cost_yuan IS '机关运行经费（元） / Operating cost of government bodies in yuan';
COMMENT ON COLUMN v_department_budget.quality_status IS '质量状态：passed、warned、partial、failed / Quality status: passed, warned, partial or failed';
COMMENT ON COLUMN v_department_budget.withheld_tables IS '（新增）未入库的表格（错误检查未通过），逗号分隔；其数据列为空（NULL）而非0 / (Added) Printed tables withheld by a failed error check, comma-separated; their figures above are NULL, never 0';
COMMENT ON COLUMN v_department_budget.missing_tables IS '（新增）文件未印制的标准表格，逗号分隔；其数据列为空（NULL） / (Added) Standard tables the file does not print, comma-separated; their figures above are NULL';
COMMENT ON COLUMN v_department_budget.total_revenue_printed_yuan IS '（新增）收入总计，PDF印制数（元）：预算收支总表（表一）收入总计；事实行之和见 total_revenue_yuan / (Added) Total revenue as printed, in yuan: 收入总计 of 预算收支总表 (表一); the sum of the fact rows is total_revenue_yuan';
COMMENT ON COLUMN v_department_budget.total_expenditure_printed_yuan IS '（新增）支出合计，PDF印制数（元）：预算支出总表合计行的合计列；事实行之和见 total_expenditure_yuan / (Added) Total expenditure as printed, in yuan: the 合计 row and column of 预算支出总表; the sum of the fact rows is total_expenditure_yuan';
COMMENT ON COLUMN v_department_budget.basic_expenditure_printed_yuan IS '（新增）基本支出，PDF印制数（元）：预算支出总表合计行的基本支出列；事实行之和见 basic_expenditure_yuan / (Added) Basic expenditure as printed, in yuan: the 合计 row of 预算支出总表, 基本支出 column; the sum of the fact rows is basic_expenditure_yuan';
COMMENT ON COLUMN v_department_budget.project_expenditure_printed_yuan IS '（新增）项目支出，PDF印制数（元）：预算支出总表合计行的项目支出列；事实行之和见 project_expenditure_yuan / (Added) Project expenditure as printed, in yuan: the 合计 row of 预算支出总表, 项目支出 column; the sum of the fact rows is project_expenditure_yuan';
COMMENT ON COLUMN v_department_budget.three_public_total_printed_yuan IS '（新增）“三公”经费合计，PDF印制数（元）：“三公”经费表合计行的合计列；表中无数字（本表无数据或空白）时为0，表中无合计行时为空；事实行之和见 three_public_total_yuan / (Added) 三公 total as printed, in yuan: the 合计 row and column of the 三公 table; 0 where the table prints no figure at all (本表无数据 or blank), NULL where it prints no 合计 row; the sum of the fact rows is three_public_total_yuan';
