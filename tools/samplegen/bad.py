"""Broken and non-budget inputs for robustness tests (data/samples/bad/).

Made from a layout-A sample (tools/make_samples.py builds those first, or they are taken
from data/samples/) and from small documents printed through LibreOffice:

- scanned_no_text_layer.pdf  three table pages rasterised (pdftoppm, 100 dpi grey),
                             slightly skewed like a scan, saved as image-only PDF pages
- encrypted.pdf              a sample encrypted with a user password (USER_PASSWORD)
- truncated.pdf              the first 40 % of a sample's bytes
- empty.pdf                  0 bytes
- html_error_page.pdf        a web server's "502 Bad Gateway" / "404" HTML page saved as .pdf
- not_a_budget.pdf           a 3-page 会议通知 (meeting notice) with bordered tables
- final_accounts_2025.pdf    a 部门决算公开 (2025 final accounts), not a budget: cover,
                             目录 and three tables (variants.final_accounts)
"""

from __future__ import annotations

import glob
import subprocess
from pathlib import Path

import pikepdf
from PIL import Image

from tools.seed_text import SEED_DIR, Table, read_seed

from .convert import docx_to_pdf, normalise_pdf
from .docx_build import DocWriter, render
from .layouts import LAYOUT_A
from .plan import plan
from .variants import SEED, final_accounts

USER_PASSWORD = "budget2026"
OWNER_PASSWORD = "owner-2026-samples"
SCAN_PAGES = (6, 8, 10)  # lvliang layout A: 表一, 表二 (landscape), 表四
SCAN_DPI = 100


def source_sample(samples_dir: Path) -> Path:
    path = samples_dir / f"{SEED}.pdf"
    if not path.exists():
        raise SystemExit(f"{path} missing: build layout A first (python tools/make_samples.py --only a)")
    return path


def scanned(src: Path, dst: Path, workdir: Path) -> None:
    """Image-only pages: no fonts, no text operators, nothing to extract without OCR."""
    prefix = workdir / "scan"
    for p in SCAN_PAGES:
        subprocess.run(
            ["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-f", str(p), "-l", str(p), "-png", str(src), str(prefix)],
            check=True,
        )
    pages = []
    for k, png in enumerate(sorted(glob.glob(f"{prefix}*.png"))):
        im = Image.open(png).convert("L")
        # a scanner's skew and grey paper; deterministic
        im = im.rotate((-0.4, 0.3, -0.2)[k % 3], resample=Image.BICUBIC, expand=False, fillcolor=238)
        im = im.point(lambda v: 238 if v > 238 else v)
        pages.append(im)
    dst.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(dst, "PDF", save_all=True, append_images=pages[1:], resolution=SCAN_DPI, title="scan")
    _pin(dst)


def _pin(path: Path) -> None:
    """Remove dates and random IDs (Pillow writes the current time)."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        if "/ID" in pdf.trailer:
            del pdf.trailer["/ID"]
        pdf.save(path, deterministic_id=True)


def encrypted(src: Path, dst: Path) -> None:
    """RC4-128 (R4) with a user password: cannot be opened without it. R4/RC4 has no random
    IV, so with a static ID the file is reproducible."""
    with pikepdf.open(src) as pdf:
        pdf.save(
            dst,
            encryption=pikepdf.Encryption(owner=OWNER_PASSWORD, user=USER_PASSWORD, R=4, aes=False, metadata=False),
            static_id=True,
        )


def truncated(src: Path, dst: Path, fraction: float = 0.4) -> None:
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * fraction)])


HTML_ERROR = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>502 Bad Gateway - 吕梁市人民政府门户网站</title>
<style>body{font-family:"Microsoft YaHei",sans-serif;text-align:center;color:#333}h1{font-size:36px}</style>
</head>
<body>
<h1>502 Bad Gateway</h1>
<p>抱歉，您访问的页面暂时无法打开（网关错误）。请稍后再试，或返回<a href="/">网站首页</a>。</p>
<p>Sorry, the page you are looking for is currently unavailable. Please try again later.</p>
<p>如果您访问的是“部门预算公开”附件，文件可能已被移除或地址已变更（404 Not Found）。</p>
<hr>
<center>nginx</center>
</body>
</html>
"""


def notice_writer() -> DocWriter:
    """A 会议通知: red-head document, body text, an agenda table and a reply-slip table."""
    w = DocWriter(LAYOUT_A, title="关于召开全市政务服务“一网通办”工作推进会议的通知", author="吕梁市行政审批服务管理局")
    w._footer(w.doc.sections[0])
    w.para("吕梁市行政审批服务管理局", "RedHead")
    w.para("吕审管发〔2025〕17号", "DocNumber")
    w.para("关于召开全市政务服务“一网通办”工作推进会议的通知", "DocTitle")
    w.para("各县（市、区）行政审批服务管理局，市直有关单位：", "TableMeta")
    body = [
        "为深入推进政务服务“一网通办”，总结前一阶段工作，安排部署下一步重点任务，经研究，"
        "决定召开全市政务服务“一网通办”工作推进会议。现将有关事项通知如下：",
        "一、会议时间",
        "2025年12月18日（星期四）上午9:00，会期半天。",
        "二、会议地点",
        "吕梁市政务服务中心四楼第一会议室。",
        "三、参会人员",
        "各县（市、区）行政审批服务管理局分管负责同志及业务科室负责人；市直有关单位分管负责同志。",
        "四、会议议程",
        "（一）通报全市政务服务“一网通办”工作进展情况；（二）县（市、区）交流发言；"
        "（三）市直有关单位作表态发言；（四）市局主要负责同志讲话。具体安排见附件1。",
        "五、有关要求",
        "（一）请各参会单位于12月16日下午下班前将参会回执（附件2）报送至市局办公室，"
        "电子邮箱：lvliangzwfw@example.gov.cn。",
        "（二）参会人员请提前15分钟入场，会议期间将手机调至静音状态。",
        "（三）交流发言单位请准备书面材料，发言时间控制在8分钟以内。",
        "联系人：王某某，联系电话：0358-8888888。",
    ]
    for text in body:
        style = "SectionHeading" if text[:2] in ("一、", "二、", "三、", "四、", "五、") else "Body"
        w.para(text, style)
    w.para("附件：1. 会议议程", "Body")
    w.para("2. 参会回执", "Body", indent_left_pt=4 * LAYOUT_A.body_pt)
    w.para("吕梁市行政审批服务管理局", "TableMetaRight")
    w.para("2025年12月10日", "TableMetaRight")

    w.page_break()
    w.para("附件1", "TableLabel")
    w.para("会议议程", "DocTitle")
    agenda = Table(
        rows=[
            ["序号", "时间", "议程", "发言单位"],
            ["1", "9:00—9:20", "通报全市政务服务“一网通办”工作进展情况", "市行政审批服务管理局"],
            ["2", "9:20—10:10", "县（市、区）交流发言", "离石区、孝义市、汾阳市、临县"],
            ["3", "10:10—10:40", "市直有关单位表态发言", "市公安局、市人社局、市不动产登记中心"],
            ["4", "10:40—11:10", "部署下一阶段重点任务", "市行政审批服务管理局分管负责同志"],
            ["5", "11:10—11:40", "讲话", "市行政审批服务管理局主要负责同志"],
        ]
    )
    w.table(agenda, "catalogue")

    w.page_break()
    w.para("附件2", "TableLabel")
    w.para("参会回执", "DocTitle")
    reply = Table(rows=[["单位名称", "姓名", "职务", "联系电话", "备注"]] + [["", "", "", "", ""] for _ in range(10)])
    w.table(reply, "catalogue")
    w.para("请于2025年12月16日下午下班前报送。", "TableNote")
    return w


def build_bad(outdir: Path, workdir: Path) -> list[Path]:
    samples_dir = outdir.parent
    src = source_sample(samples_dir)
    outdir.mkdir(parents=True, exist_ok=True)
    produced = []

    # printed through LibreOffice: the meeting notice and the 决算 disclosure
    docx_dir = workdir / "bad"
    docx_dir.mkdir(parents=True, exist_ok=True)
    notice = docx_dir / "not_a_budget.docx"
    notice_writer().save(notice)
    final_blocks = final_accounts(read_seed(SEED_DIR / f"{SEED}.txt"))
    final = docx_dir / "final_accounts_2025.docx"
    render(
        plan(final_blocks), LAYOUT_A, title="吕梁市人民政府办公室2025年度部门决算公开", author="吕梁市人民政府办公室"
    ).save(final)
    pdfs = docx_to_pdf([notice, final], docx_dir / "pdf")
    normalise_pdf(
        pdfs[0],
        outdir / "not_a_budget.pdf",
        title="关于召开全市政务服务“一网通办”工作推进会议的通知",
        author="吕梁市行政审批服务管理局",
    )
    normalise_pdf(
        pdfs[1],
        outdir / "final_accounts_2025.pdf",
        title="吕梁市人民政府办公室2025年度部门决算公开",
        author="吕梁市人民政府办公室",
    )
    produced += [outdir / "not_a_budget.pdf", outdir / "final_accounts_2025.pdf"]

    scanned(src, outdir / "scanned_no_text_layer.pdf", workdir)
    encrypted(src, outdir / "encrypted.pdf")
    truncated(src, outdir / "truncated.pdf")
    (outdir / "empty.pdf").write_bytes(b"")
    (outdir / "html_error_page.pdf").write_text(HTML_ERROR, encoding="utf-8")
    produced += [
        outdir / n
        for n in ("scanned_no_text_layer.pdf", "encrypted.pdf", "truncated.pdf", "empty.pdf", "html_error_page.pdf")
    ]
    return produced
