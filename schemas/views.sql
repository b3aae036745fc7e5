-- The analysts' views of the warehouse, written by hand: schemas/generate.py appends this file
-- to the tables it generates from schemas/tables.py, so schemas/warehouse.sql holds both. The
-- views' column comments are declared in schemas/tables.py (VIEWS) and generated after this.


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
