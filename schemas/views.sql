-- The analysts' views of the warehouse, written by hand: schemas/generate.py appends this file
-- to the tables it generates from schemas/tables.py, so schemas/warehouse.sql holds both.


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
