"""Intake: every bad-input sample is rejected with its specific reason; good samples and the real
disclosures are identified from where they state it; a disclosure split in two loads as two parts."""

import csv
from pathlib import Path

import dagster as dg
import duckdb
import pypdfium2 as pdfium
import pytest

from budget_etl.documents import DocumentRejected, identify, read_document, read_page_texts
from budget_etl.identity import NAME_SOURCES
from pipelines.definitions import all_assets
from pipelines.inbox_scan import scan_inbox
from pipelines.partitions import documents_partitions
from pipelines.resources import BudgetPaths
from tools.score_real import same_name
from tools.seed_text import Paragraph, read_seed, seed_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
BAD = SAMPLES / "bad"

BAD_SAMPLES = {
    "scanned_no_text_layer.pdf": "no_text_layer",
    "encrypted.pdf": "encrypted",
    "truncated.pdf": "truncated",
    "empty.pdf": "empty",
    "html_error_page.pdf": "not_pdf",
    "not_a_budget.pdf": "not_budget_disclosure",
    "final_accounts_2025.pdf": "final_accounts",
}


@pytest.mark.parametrize("file_name, reason_code", sorted(BAD_SAMPLES.items()))
def test_bad_sample_is_rejected_with_its_reason(file_name, reason_code):
    with pytest.raises(DocumentRejected) as err:
        read_document(BAD / file_name)
    assert err.value.reason_code == reason_code
    assert file_name in err.value.message  # the message names the file it is about


def test_damaged_pdf_body_is_reported_as_damaged(tmp_path):
    good = (SAMPLES / "lvliang_city_gov_office_2026.pdf").read_bytes()
    # Keep the header and the end marker but destroy everything between: not a truncation.
    broken = good[:16] + b"\x00" * (len(good) - 32) + good[-16:]
    path = tmp_path / "damaged.pdf"
    path.write_bytes(broken)
    with pytest.raises(DocumentRejected) as err:
        read_document(path)
    assert err.value.reason_code == "damaged"


def seed_identity(seed: Path) -> tuple[str, int]:
    """Department and cover year as the seed text states them."""
    paragraphs = [b.text for b in read_seed(seed) if isinstance(b, Paragraph)]
    name = next(t.split("：", 1)[1] for t in paragraphs if t.startswith("部门名称："))
    name = name.split("单位：")[0].strip()
    cover_year = next(int(t[:4]) for t in paragraphs if t[:4].isdigit() and "预算" in t)
    return name, cover_year


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.stem)
def test_sample_identity_matches_its_seed(seed):
    doc = read_document(SAMPLES / f"{seed.stem}.pdf")
    name, year = seed_identity(seed)
    assert doc.identity.department_name == name
    assert doc.identity.fiscal_year == year
    assert doc.identity.document_kind == "department"
    assert doc.identity.partition_key == f"{name}-{year}-部门"
    assert doc.page_count > 40


# ---------------------------------------------------------------------------------------------
# The committed samples keep the identity they had before identity was read from every source
# ---------------------------------------------------------------------------------------------

SAMPLE_IDENTITIES = {
    "linxian_liujiahui_town_2026.pdf": "临县刘家会镇人民政府",
    "lvliang_city_gov_office_2026.pdf": "吕梁市人民政府办公室",
    "xiaoyi_industry_it_bureau_2026.pdf": "孝义市工业和信息化局",
    "layout_b/linxian_liujiahui_town_2026.pdf": "临县刘家会镇人民政府",
    "layout_b/lvliang_city_gov_office_2026.pdf": "吕梁市人民政府办公室",
    "layout_b/xiaoyi_industry_it_bureau_2026.pdf": "孝义市工业和信息化局",
    "variants/altered_amount.pdf": "吕梁市人民政府办公室",
    "variants/combined_three_public.pdf": "吕梁市人民政府办公室",
    "variants/split_code_yuan.pdf": "吕梁市人民政府办公室",
}


@pytest.mark.parametrize("relative, name", sorted(SAMPLE_IDENTITIES.items()))
def test_committed_sample_keeps_its_identity(relative, name):
    identity = read_document(SAMPLES / relative).identity
    assert (identity.department_name, identity.fiscal_year, identity.document_kind) == (name, 2026, "department")
    assert identity.disclosure_part == "full"
    assert identity.partition_key == f"{name}-2026-部门"
    # the tables print 部门名称： / 编制部门： / 编制单位：, the cover states the year and the kind
    assert identity.department_name_source.startswith("table_label:")
    assert (identity.fiscal_year_source, identity.document_kind_source) == ("cover", "cover")


# ---------------------------------------------------------------------------------------------
# The real disclosures of data/samples/real
# ---------------------------------------------------------------------------------------------

REAL = SAMPLES / "real"
REAL_DOCUMENTS = list(csv.DictReader((REAL / "documents.tsv").open(encoding="utf-8"), delimiter="\t"))


def known_source(source: str) -> bool:
    """label:预算主管部门, cover … as listed, or table_label:<label> / table_cell:<label>."""
    return source in NAME_SOURCES or source.split(":")[0] in ("table_label", "table_cell")


@pytest.mark.parametrize("row", REAL_DOCUMENTS, ids=lambda r: r["file_name"])
def test_real_disclosure_is_identified_as_documents_tsv_says(row):
    if row["document_kind"].startswith("final_accounts"):
        with pytest.raises(DocumentRejected) as err:
            read_document(REAL / row["file_name"])
        assert err.value.reason_code == "final_accounts"
        assert row["file_name"] in err.value.message
        return
    identity = read_document(REAL / row["file_name"]).identity
    # the outside scorer's comparison (（本级）/（汇总）, spaces and a leading budget code ignored) ...
    assert same_name(identity.department_name, row["department_name"]), identity
    # ... and the name exactly as printed: （本级）/（汇总） are part of it
    assert identity.department_name == row["department_name"]
    assert identity.document_kind == row["document_kind"]
    assert identity.fiscal_year == int(row["fiscal_year"])
    assert known_source(identity.department_name_source), identity.department_name_source
    assert identity.fiscal_year_source and identity.document_kind_source
    # the Beijing 报表 attachment holds the tables only; the others are complete disclosures
    assert identity.disclosure_part == ("tables" if "baobiao" in row["file_name"] else "full")


def test_the_tables_only_attachment_is_named_by_its_performance_table():
    """bj…baobiao prints no 部门名称： line and no cover: the name is a cell of 部门整体支出绩效目标表."""
    identity = read_document(REAL / "bj_beijing_sifaju_2026_baobiao.pdf").identity
    assert (identity.department_name, identity.department_name_source) == ("北京市司法局", "table_cell:部门名称")
    assert identity.partition_key == "北京市司法局-2026-部门-报表"


@pytest.mark.parametrize("file_name", ["juesuan_template.pdf", "sh_putuo_caizhengju_2024_juesuan.pdf"])
def test_final_accounts_are_recognised_by_their_table_titles_without_the_cover(file_name):
    texts = read_page_texts(REAL / file_name)
    with pytest.raises(DocumentRejected) as err:
        identify(texts[1:], file_name)  # no cover: the 决算 table titles say it
    assert err.value.reason_code == "final_accounts"
    assert "决算" in err.value.message


def test_a_budget_that_mentions_final_accounts_in_prose_is_not_rejected():
    file_name = "sh_putuo_sifaju_2026_bumen.pdf"
    texts = list(read_page_texts(REAL / file_name))
    # prose and a column header that name last year's 决算, as budgets often do
    texts[3] += "\n2024年决算数为1,234.56万元，2025年预算数为1,300.00万元。\n项目 2024年决算数 2026年预算数\n"
    identity = identify(tuple(texts), file_name)
    assert (identity.department_name, identity.fiscal_year) == ("上海市普陀区司法局", 2026)


# ---------------------------------------------------------------------------------------------
# A disclosure published as two files: tables (报表) and narrative (说明)
# ---------------------------------------------------------------------------------------------


def split_sample(source: Path, inbox: Path) -> tuple[Path, Path]:
    """The sample's 第二部分 (the budget tables) as one file, all its other pages as another."""
    texts = read_page_texts(source)
    starts = [next(i for i, t in enumerate(texts) if t.lstrip().startswith(part)) for part in ("第二部分", "第三部分")]
    tables = list(range(*starts))
    narrative = [i for i in range(len(texts)) if i not in tables]
    written = []
    for name, indices in (("预算报表.pdf", tables), ("预算说明.pdf", narrative)):
        pdf, out = pdfium.PdfDocument(source), pdfium.PdfDocument.new()
        try:
            out.import_pages(pdf, indices)
            out.save(inbox / name)
        finally:
            out.close()
            pdf.close()
        written.append(inbox / name)
    return written[0], written[1]


def test_tables_and_narrative_published_apart_load_side_by_side(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    tables_pdf, narrative_pdf = split_sample(SAMPLES / "lvliang_city_gov_office_2026.pdf", inbox)
    tables, narrative = read_document(tables_pdf).identity, read_document(narrative_pdf).identity
    name = "吕梁市人民政府办公室"
    assert (tables.department_name, tables.fiscal_year, tables.document_kind) == (name, 2026, "department")
    assert (narrative.department_name, narrative.fiscal_year, narrative.document_kind) == (name, 2026, "department")
    assert (tables.disclosure_part, narrative.disclosure_part) == ("tables", "narrative")
    assert (tables.partition_key, narrative.partition_key) == (f"{name}-2026-部门-报表", f"{name}-2026-部门-说明")
    assert tables.department_name_source == "table_label:部门名称"  # the tables print it
    assert narrative.department_name_source == "cover"  # the narrative has the cover

    paths = BudgetPaths(
        inbox=str(inbox), warehouse=str(tmp_path / "warehouse.duckdb"), staging=str(tmp_path / "staging")
    )
    with dg.instance_for_test() as instance:
        registrations = scan_inbox(inbox, None).ready
        keys = sorted({r.version.partition_key for r in registrations})
        assert keys == sorted([tables.partition_key, narrative.partition_key])
        instance.add_dynamic_partitions(documents_partitions.name, keys)

        def run(key):
            result = dg.materialize(all_assets(), partition_key=key, instance=instance, resources={"paths": paths})
            assert result.success
            return result.asset_materializations_for_node("document")[0].metadata

        for key in keys:
            metadata = run(key)
            assert metadata["disclosure_part"].value in ("tables", "narrative")
            assert metadata["department_name_source"].value in ("table_label:部门名称", "cover")

        def documents():
            with duckdb.connect(paths.warehouse, read_only=True) as con:
                rows = con.execute(
                    "SELECT file_name, department_name, fiscal_year, disclosure_part, is_current, "
                    "(SELECT count(*) FROM fact_revenue r WHERE r.document_id = d.document_id), "
                    "(SELECT count(*) FROM fact_narrative n WHERE n.document_id = d.document_id) "
                    "FROM dim_document d"
                ).fetchall()
            return {r[0]: r[1:] for r in rows}

        loaded = documents()
        assert {f: row[:4] for f, row in loaded.items()} == {
            "预算报表.pdf": (name, 2026, "tables", True),
            "预算说明.pdf": (name, 2026, "narrative", True),
        }
        # each loads what it holds: the tables their table facts, the narrative its stated figures
        assert loaded["预算报表.pdf"][4] > 0 and loaded["预算报表.pdf"][5] == 0
        assert loaded["预算说明.pdf"][4] == 0 and loaded["预算说明.pdf"][5] > 0

        # a corrected re-upload of the tables is a new version of the same partition and supersedes
        # the old tables, not the narrative
        corrected = inbox / "预算报表（更正）.pdf"
        corrected.write_bytes(tables_pdf.read_bytes() + b"\n% corrected upload\n")
        [reg] = [r for r in scan_inbox(inbox, None).ready if r.version.file_name == corrected.name]
        assert reg.is_new and reg.version.partition_key == tables.partition_key
        run(tables.partition_key)
        assert {f: row[3] for f, row in documents().items()} == {
            "预算报表.pdf": False,
            "预算说明.pdf": True,
            "预算报表（更正）.pdf": True,
        }


@pytest.mark.parametrize("file_name", ["js_suzhou_shenjiju_2026.pdf", "sn_xian_xinfangju_huizong_2026.pdf"])
def test_an_ideographic_space_reads_as_a_space(file_name):
    """Identity reads page text unfolded (names are stored as printed): its patterns read any space
    as \\s and names without spaces, so U+3000 and an ASCII space state the same identity."""
    texts = read_page_texts(REAL / file_name)
    as_printed = identify(texts, file_name)
    assert identify(tuple(t.replace("\u3000", " ") for t in texts), file_name) == as_printed
    assert identify(tuple(t.replace(" ", "\u3000") for t in texts), file_name) == as_printed
