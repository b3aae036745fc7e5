"""Figures stated in the narrative sections of a budget disclosure (第三部分 部门预算情况说明).

Input is the text of every page as pypdfium2 returns it; output is a frame conforming to
``schemas.frames.NARRATIVE_FACT``: one row per stated figure, with the 1-based page the figure
was read on and the sentence it came from. Figures are recorded as printed (``Decimal``, in the
printed unit); nothing is reconciled with the tables here, and a figure that is not stated gives
no row. Quality checks compare these facts with the tables and with each other.

Facts (``fact`` value → what it is; unit as printed: 万元 or 元 for money, % for shares and
rates, 辆 for vehicles, 平方米 for floor area)

三、支出预算情况说明 (all funds, not the 一般公共预算 sections)
- ``expenditure_total``             支出预算 (total)
- ``expenditure_basic``             基本支出
- ``expenditure_basic_share``       its stated share, "占88.94%" → 88.94 (%)
- ``expenditure_project``           项目支出
- ``expenditure_project_share``     its stated share (%)

七、"三公"经费增减变动原因说明 — ``three_public_<item>`` for the current figure of each item:
``total`` ("三公"经费预算), ``outbound_travel`` 因公出国（境）费, ``official_reception``
公务接待费, ``vehicle_total`` 公务用车购置及运行费, ``vehicle_purchase`` 公务用车购置费,
``vehicle_operation`` 公务用车运行维护费; and for each of them where stated:
- ``three_public_<item>_change``      signed change against the previous year ("减少10.00万元" →
  -10.00; "与上年预算数相同"/"持平" → 0)
- ``three_public_<item>_change_pct``  signed stated rate of change (%)
- ``three_public_<item>_prior_year``  the previous year's figure where printed. For the total only,
  it is also derived exactly when just the change is printed (prior = current − change; "相同" →
  prior = current); the row's page and sentence are then those of the change.
"本部门无“三公”经费预算" is a statement of zero: ``three_public_total`` = 0 万元.

八、机关运行经费增减变动原因说明
- ``operating_cost``, ``operating_cost_prior_year`` (only where printed: derived priors would hide
  self-contradicting sentences), ``operating_cost_change``, ``operating_cost_change_pct``.

九、政府采购情况
- ``procurement_total`` 政府采购预算总额, ``procurement_goods`` 货物, ``procurement_works`` 工程,
  ``procurement_services`` 服务. "本部门未安排政府采购预算" is a statement of zero:
  ``procurement_total`` = 0 万元 (a document silent on procurement gives no fact).

十一、国有资产占有使用情况
- ``vehicles_quota`` 公务用车编制, ``vehicles_total`` 实有/共有 (vehicles held),
  ``vehicles_<type>`` by type: ``leadership`` 领导用车, ``confidential_communication`` 机要通信用车,
  ``emergency`` 应急保障用车, ``law_enforcement`` 执法执勤用车, ``special_professional``
  特种专业技术用车, ``institution_business`` 事业单位业务用车, ``general`` 一般公务用车,
  ``other`` 其他（公务）用车.
- ``floor_area_office`` 办公用房（建筑总）面积, ``floor_area_business`` 业务用房,
  ``floor_area_buildings`` 房屋建筑面积 (平方米).

How the text is read
1. Page headers/footers are dropped (page numbers, and lines repeated at the top or bottom of many
   pages), so a sentence cut by a page break joins up again.
2. Lines are joined without a separator: a wrapped Chinese line breaks mid-word ("公务用车购置\\r\\n
   及运行费"). Numbered headings ("七、", "（一）", "1、") and blank lines start a new paragraph.
3. Matching runs on a folded copy (budget_etl.text.fold_in_place): full-width ASCII forms →
   half-width ("（，：％" → "(,:%"), every quote mark → '"' (“三公” / ‘三公’ / 「三公」 → "三公"), all
   whitespace removed ("10. 00", "2026 年", "5.00 万元" as pdfium prints them). Each folded character
   keeps its position in the original text, so pages and sentences come from the original.
4. Each family of facts is looked for only inside its own section (by heading keyword, at any
   heading level, ignoring the table of contents for lack of figures); where a document has no such
   heading, in the sentences that mention the family's keyword. The first statement of a fact wins.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from budget_etl.text import fold_in_place, unspaced
from schemas.frames import NARRATIVE_FACT, conform


@dataclass(frozen=True)
class Fact:
    fact: str
    amount: Decimal
    unit: str
    page_number: int
    sentence: str


def extract_narrative_facts(page_texts: list[str], document_id: str) -> pl.DataFrame:
    """All narrative facts of one document, as a NARRATIVE_FACT frame."""
    facts = find_facts(page_texts)
    frame = pl.DataFrame(
        {
            "document_id": [document_id] * len(facts),
            "fact": [f.fact for f in facts],
            "amount": [f.amount for f in facts],
            "unit": [f.unit for f in facts],
            "page_number": [f.page_number for f in facts],
            "sentence": [f.sentence for f in facts],
        },
        schema=NARRATIVE_FACT,
    )
    return conform(frame, NARRATIVE_FACT, "narrative_fact")


def find_facts(page_texts: list[str]) -> list[Fact]:
    doc = _Doc(page_texts)
    facts: list[Fact] = []
    for family in (_expenditure, _three_public, _operating_cost, _procurement, _assets):
        facts.extend(family(doc))
    return facts


# ---------------------------------------------------------------------------------------------
# Text: pages → one paragraph stream, folded for matching, mapped back to pages and sentences

# pdfium marks soft hyphens and some line ends with these; they are never content.
_PDFIUM_JUNK = str.maketrans({"\ufffe": None, "\x02": None, "\x00": None})

_CN = "一二三四五六七八九十"
# Numbered headings, on folded text; level 0 is 第X部分. A markdown export's "#"/"**" is tolerated.
_HEADING = re.compile(
    rf"""^[#*\s]*(?:
        (?P<l0>第[{_CN}]+部分)
      | (?P<l1>[{_CN}]{{1,3}}[、.])
      | (?P<l2>\([{_CN}]{{1,3}}\))
      | (?P<l3>\d{{1,2}}[、.](?!\d))
      | (?P<l4>\(\d{{1,2}}\))
    )""",
    re.X,
)
# A heading line this short, without a full stop, is a title on its own line: what follows it is
# a new paragraph. A longer numbered line is a numbered paragraph that runs on.
_TITLE_MAX = 30

# "19", "- 19 -", "第19页", "第 19 页 共 70 页", "19/70"
_PAGE_NUMBER = re.compile(r"^\W*(?:第\s*)?\d{1,4}\s*页?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?\W*$")
_EDGE_LINES = 2  # how many lines at the top and bottom of a page may be header/footer
_SENTENCE_END = "。!?\n"


def _heading_level(folded_line: str) -> int | None:
    m = _HEADING.match(folded_line)
    if not m:
        return None
    return next(int(name[1]) for name, value in m.groupdict().items() if value)


def _body_lines(page_texts: list[str]) -> list[list[str]]:
    """Each page's lines without running headers/footers."""
    pages = [t.translate(_PDFIUM_JUNK).splitlines() for t in page_texts]

    def edges(lines: list[str]) -> list[int]:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", unspaced(line))

    # A line printed at the top or bottom of many pages is a running header/footer (department
    # name, "第N页"), whatever its wording; body text does not repeat page after page.
    counts = Counter(key(lines[i]) for lines in pages for i in edges(lines))
    running = {k for k, n in counts.items() if n >= 3 and n >= 0.3 * len(pages)}

    result = []
    for lines in pages:
        drop = {i for i in edges(lines) if _PAGE_NUMBER.match(fold_in_place(lines[i])) or key(lines[i]) in running}
        result.append([line for i, line in enumerate(lines) if i not in drop])
    return result


class _Doc:
    """The document as one stream of paragraphs, plus a folded copy to match on.

    ``text`` is the folded, whitespace-free copy; ``text[i]`` came from ``raw[pos[i]]``.
    """

    def __init__(self, page_texts: list[str]):
        raw_parts: list[str] = []
        self._page_starts: list[int] = []  # offset in raw where each page's text starts
        size = 0

        def add(piece: str) -> None:
            nonlocal size
            raw_parts.append(piece)
            size += len(piece)

        for lines in _body_lines(page_texts):
            self._page_starts.append(size)
            for line in lines:
                line = line.strip()
                if not line:  # a blank line ends a paragraph
                    add("\n")
                    continue
                level = _heading_level(fold_in_place(line))
                if level is not None:
                    add("\n")
                add(line)  # no separator: a wrapped line continues the same sentence
                if level is not None and len(line) <= _TITLE_MAX and "。" not in line:
                    add("\n")
        self.raw = "".join(raw_parts)

        folded = fold_in_place(self.raw)
        keep = [i for i, ch in enumerate(folded) if ch == "\n" or not ch.isspace()]
        self.text = "".join(folded[i] for i in keep)
        self.pos = keep
        self._sentence_ends = [i for i, ch in enumerate(self.text) if ch in _SENTENCE_END]

    def page(self, i: int) -> int:
        return bisect.bisect_right(self._page_starts, self.pos[i])  # 1-based

    def sentence_span(self, i: int) -> tuple[int, int]:
        """Folded-text span of the sentence holding position i (end is after its 。)."""
        k = bisect.bisect_left(self._sentence_ends, i)
        start = self._sentence_ends[k - 1] + 1 if k > 0 else 0
        end = self._sentence_ends[k] + 1 if k < len(self._sentence_ends) else len(self.text)
        return start, end

    def sentence(self, i: int) -> str:
        start, end = self.sentence_span(i)
        while start < end and self.text[start] == "\n":
            start += 1
        while end > start and self.text[end - 1] == "\n":
            end -= 1
        if start >= end:
            return ""
        return self.raw[self.pos[start] : self.pos[end - 1] + 1].strip()

    def fact(self, name: str, amount: Decimal, unit: str, at: int) -> Fact:
        return Fact(name, amount, unit, self.page(at), self.sentence(at))

    def headings(self) -> Iterable[tuple[int, int, int, str]]:
        """(start, end, level, title) of every numbered section, end = next heading of its level or above."""
        starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        found = []
        for p in starts:
            level = _heading_level(self.text[p : p + 12])
            if level is not None:
                line_end = self.text.find("\n", p)
                found.append((p, level, self.text[p : line_end if line_end >= 0 else len(self.text)]))
        for k, (p, level, title) in enumerate(found):
            end = next((q for q, lv, _ in found[k + 1 :] if lv <= level), len(self.text))
            yield p, end, level, title

    def regions(self, in_title: Callable[[str], bool], in_sentence: Callable[[str], bool]) -> list[tuple[int, int]]:
        """Spans to search for one family: its sections; without one, the sentences naming it,
        each with the "其中：…" sentences that follow it (they list the parts without the name)."""
        sections = [(s, e) for s, e, _, title in self.headings() if in_title(title[:_TITLE_MAX])]
        if sections:
            return sections
        spans: list[tuple[int, int]] = []
        start = 0
        for end in [*self._sentence_ends, len(self.text)]:
            sentence = self.text[start:end].lstrip("\n")
            if in_sentence(sentence):
                spans.append((start, end))
            elif spans and spans[-1][1] == start - 1 and sentence.startswith("其中"):
                spans[-1] = (spans[-1][0], end)
            start = end + 1
        return spans


def _first(doc: _Doc, regions: list[tuple[int, int]], pattern: re.Pattern[str]) -> re.Match[str] | None:
    for start, end in regions:
        m = pattern.search(doc.text, start, end)
        if m:
            return m
    return None


# ---------------------------------------------------------------------------------------------
# Number patterns (on folded, whitespace-free text)

# "2,324.90" / "2324.9" / "0"; the look-behind keeps a match from starting mid-number.
_NUM = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# A bare "万" ("减少项目资金300万，") is 万元 when a clause break follows it.
_MONEY = rf"(?P<num>{_NUM})(?P<unit>万元|元|万(?=[,;。、)\n]|$))"
_PCT = rf"(?P<pct>{_NUM})%"
# Words between a label and its figure ("预算", "财政拨款预算数为:"): anything but digits, clause
# punctuation, or a comparison, so a label never reaches over "比上年减少" to the change figure.
_GAP = r"[^\d。;,、\n比较与增减降升]{0,%d}?"


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _unit(printed: str) -> str:
    return "万元" if printed.startswith("万") else printed


# ---------------------------------------------------------------------------------------------
# Comparison with the previous year

_INCREASE = ("增加", "增长", "上升", "提高", "增幅", "增")
_DECREASE = ("减少", "下降", "降低", "压减", "节约", "降幅", "减幅", "减")
_VERB = "|".join(sorted(_INCREASE + _DECREASE, key=len, reverse=True))
_PREVIOUS = r"(?:上年度?|上一年度?|去年|\d{4}年度?)"
_COMPARATOR = re.compile(r"比|较|与|同|和")
# "比2025年预算195.50万元" / "比2024年机关运行经费73.67万元预算…" / "比上年预算数(15.00万元)…"
_PRIOR = re.compile(rf"(?:比|较|与|同){_PREVIOUS}[^\d。;,、\n增减降升加少多提]{{0,16}}?{_MONEY}")
_CHANGE = re.compile(rf"(?P<verb>{_VERB})了?{_MONEY}")
_CHANGE_PCT = re.compile(rf"(?P<verb>{_VERB})了?{_PCT}")
_SAME = re.compile(r"相同|一致|持平|不变|无变化|没有变化|无增减|未变化")
_REASON = re.compile(r"原因|主要用于")


def _signed(verb: str, value: Decimal) -> Decimal:
    return -value if verb in _DECREASE else value


def _comparison(
    doc: _Doc, name: str, current: Decimal, unit: str, start: int, end: int, derive_prior: bool
) -> list[Fact]:
    """Facts of the comparison printed in text[start:end], right after ``name``'s current figure."""
    reason = _REASON.search(doc.text, start, end)
    end = reason.start() if reason else end  # "主要原因是…减少项目资金300万" is not the change
    if not _COMPARATOR.search(doc.text, start, end):
        return []
    facts: list[Fact] = []
    prior = _PRIOR.search(doc.text, start, end)
    change = _CHANGE.search(doc.text, start, end)
    pct = _CHANGE_PCT.search(doc.text, start, end)
    same = None if change else _SAME.search(doc.text, start, end)
    if change:
        delta = _signed(change["verb"], _amount(change["num"]))
        facts.append(doc.fact(f"{name}_change", delta, _unit(change["unit"]), change.start("num")))
    elif same:
        facts.append(doc.fact(f"{name}_change", Decimal(0), unit, same.start()))
    if pct:
        rate = _signed(pct["verb"], _amount(pct["pct"]))
        facts.append(doc.fact(f"{name}_change_pct", rate, "%", pct.start("pct")))
    if prior:
        facts.append(doc.fact(f"{name}_prior_year", _amount(prior["num"]), _unit(prior["unit"]), prior.start("num")))
    elif derive_prior and change and _unit(change["unit"]) == unit:
        facts.append(doc.fact(f"{name}_prior_year", current - delta, unit, change.start("num")))
    elif derive_prior and same:
        facts.append(doc.fact(f"{name}_prior_year", current, unit, same.start()))
    return facts


def _figures_with_comparison(
    doc: _Doc, regions: list[tuple[int, int]], labels: dict[str, str], derive_prior: set[str]
) -> list[Fact]:
    """Each label's first stated figure, and the comparison printed after it.

    A comparison belongs to the figure before it, up to the end of its sentence or the next
    figure of another label (one sentence often lists several items with a change each).
    """
    any_label = re.compile("|".join(f"(?:{p})" for p in labels.values()))
    # "主要原因是压减公务接待费2万元": a label right after a change verb is what changed, not a figure
    not_after_verb = "".join(f"(?<!{verb})" for verb in _INCREASE + _DECREASE)
    facts: list[Fact] = []
    for name, label in labels.items():
        m = _first(doc, regions, re.compile(rf"{not_after_verb}(?:{label}){_GAP % 15}{_MONEY}"))
        if not m:
            continue
        current, unit = _amount(m["num"]), _unit(m["unit"])
        facts.append(doc.fact(name, current, unit, m.start("num")))
        end = doc.sentence_span(m.start())[1]
        for other in any_label.finditer(doc.text, m.end(), end):
            if not re.fullmatch(label, other.group()):
                end = other.start()
                break
        facts.extend(_comparison(doc, name, current, unit, m.end(), end, name in derive_prior))
    return facts


# ---------------------------------------------------------------------------------------------
# Families


def _expenditure(doc: _Doc) -> list[Fact]:
    regions = doc.regions(
        lambda t: "支出预算" in t and not re.search("一般公共|财政拨款|政府性基金|国有资本|基本支出", t),
        lambda s: (
            "基本支出" in s
            and "项目支出" in s
            and "一般公共预算" not in s
            and bool(re.search("支出预算|支出总计|支出合计", s))
        ),
    )
    facts: list[Fact] = []
    total = _first(
        doc, regions, re.compile(rf"(?<!基本)(?<!项目)支出(?:预算)?(?:总额|合计|总计|共计)?(?:为|是)?:?{_MONEY}")
    )
    if total:
        facts.append(doc.fact("expenditure_total", _amount(total["num"]), _unit(total["unit"]), total.start("num")))
    # "基本支出2067.68万元，占88.94%" / "(占总支出的88.94%)"
    share = re.compile(rf"[(,]?占(?:比)?[^\d。;\n]{{0,10}}?{_PCT}")
    for name, label in (("expenditure_basic", "基本支出"), ("expenditure_project", "项目支出")):
        m = _first(doc, regions, re.compile(rf"{label}{_GAP % 6}{_MONEY}"))
        if not m:
            continue
        facts.append(doc.fact(name, _amount(m["num"]), _unit(m["unit"]), m.start("num")))
        s = share.match(doc.text, m.end())
        if s:
            facts.append(doc.fact(f"{name}_share", _amount(s["pct"]), "%", s.start("pct")))
    return facts


_THREE_PUBLIC = {
    "three_public_total": r"三公\"?经费",
    "three_public_outbound_travel": r"因公出国\(?境?\)?经?费用?",
    "three_public_official_reception": r"公务接待经?费用?",
    "three_public_vehicle_total": r"公务用车购置及运行(?:维护)?费用?",
    "three_public_vehicle_purchase": r"公务用车购置费用?",
    "three_public_vehicle_operation": r"公务用车运行(?:维护)?费用?",
}
_NO_THREE_PUBLIC = re.compile(r"(?:无|没有|未安排)\"?三公\"?经费")


def _three_public(doc: _Doc) -> list[Fact]:
    regions = doc.regions(
        lambda t: "三公" in t,
        lambda s: bool(re.search("三公|因公出国|公务接待费|公务用车购置|公务用车运行", s)),
    )
    facts = _figures_with_comparison(doc, regions, _THREE_PUBLIC, derive_prior={"three_public_total"})
    if not any(f.fact == "three_public_total" for f in facts):
        none = _first(doc, regions, _NO_THREE_PUBLIC)
        if none:  # "本部门无“三公”经费预算": stated as nil, so a 0 to compare with the table
            facts.insert(0, doc.fact("three_public_total", Decimal(0), "万元", none.start()))
    return facts


def _operating_cost(doc: _Doc) -> list[Fact]:
    regions = doc.regions(lambda t: "机关运行经费" in t, lambda s: "机关运行经费" in s)
    return _figures_with_comparison(doc, regions, {"operating_cost": "机关运行经费"}, derive_prior=set())


# 政府采购: the total and its three parts, in the wordings the disclosures use:
#   "政府采购预算总额947万元:政府采购货物预算47万元、政府采购工程预算0万元、政府采购服务预算900万元"
#   "政府采购项目共有94.28万元,其中:货物类项目8.00万元、工程类项目0.00万元、服务类项目86.28万元"
#   "政府采购安排512.48万元" / "政府采购支出预算总额188.5万元,其中:拟采购货物支出5.5万元…"
# The total is "政府采购" and a few words, then the figure. Those words never name what a part is:
# a category (货物/工程/服务), a funding source ("其中一般公共预算拨款政府采购0万元"), the share
# reserved for small firms ("面向中小企业预留政府采购项目预算金额…"), or a comparison ("比上年增加").
_PROCUREMENT_TOTAL = re.compile(rf"政府采购(?P<words>{_GAP % 12}):?\n?{_MONEY}")
_NOT_THE_TOTAL = re.compile(
    r"货物|工程|服务|购买|其中|预留|中小|小微|财政拨款|一般公共|政府性基金|国有资本|财政专户|单位资金|其他资金|结转|上年"
)
# A part is the category word itself, standing at the start of a clause or right after 采购 / 其中 /
# 包括 ("政府采购货物预算", "拟采购服务支出", "其中:货物类项目", "、工程类采购预算"), then a few words
# and its figure. So "物业管理服务120万元" (a service bought, not the category) and "政府购买服务"
# (another scheme: 购买 is not 采购) are never a part.
_PART_START = r"(?:(?<=采购|其中|包括)|(?<=[,:;、(\n])|^)"
_PROCUREMENT_PARTS = {
    name: re.compile(rf"{_PART_START}{word}类?(?:项目)?{_GAP % 8}:?\n?{_MONEY}", re.M)
    for name, word in (("procurement_goods", "货物"), ("procurement_works", "工程"), ("procurement_services", "服务"))
}
# "本部门未安排政府采购预算" / "无政府采购预算" / "不涉及政府采购" / "政府采购预算为零": a statement of nil.
# The negation governs 政府采购 directly, so "无法通过政府采购方式…" is not one.
_NO_PROCUREMENT = re.compile(
    r"(?:未安排|未编制|无|没有|不涉及)(?:安排|编制)?政府采购"
    r"|政府采购[^\d。;,\n比较与增减]{0,8}?(?:为|:)(?:零|无|0)(?![\d.])(?!万?元)"
)


def _procurement(doc: _Doc) -> list[Fact]:
    """政府采购: ``procurement_total`` and the parts goods/works/services, each as stated.

    A figure is read with its label in one clause; a label that ends a line and its figure that
    starts the next ("…政府采购预算总额\\n43.9万元", a numbered heading line that runs on) is one
    clause too. A statement that nothing is procured ("未安排政府采购预算") is a stated total of 0
    万元: the document says how much it procures, and that is nothing; a document silent on
    procurement gives no fact at all. The parts are not invented from a nil total here: that they
    are 0 too is the normaliser's arithmetic (normalise/procurement.py).
    """
    regions = doc.regions(lambda t: "政府采购" in t, lambda s: "政府采购" in s)
    facts = []
    total = None
    for start, end in regions:
        for m in _PROCUREMENT_TOTAL.finditer(doc.text, start, end):
            clause = doc.text[_clause_start(doc.text, m.start(), start) : m.start("num")]
            if not _NOT_THE_TOTAL.search(clause):
                total = m
                break
        if total:
            break
    if total:
        fact = doc.fact("procurement_total", _amount(total["num"]), _unit(total["unit"]), total.start("num"))
        if doc.sentence_span(total.start()) != doc.sentence_span(total.start("num")):  # label, break, figure
            start, end = doc.sentence_span(total.start())[0], doc.sentence_span(total.start("num"))[1]
            fact = Fact(
                fact.fact,
                fact.amount,
                fact.unit,
                fact.page_number,
                doc.raw[doc.pos[start] : doc.pos[end - 1] + 1].replace("\n", "").strip(),
            )
        facts.append(fact)
    else:
        none = _first(doc, regions, _NO_PROCUREMENT)
        if none:
            facts.append(doc.fact("procurement_total", Decimal(0), "万元", none.start()))
    for name, pattern in _PROCUREMENT_PARTS.items():
        m = _first(doc, regions, pattern)
        if m:
            facts.append(doc.fact(name, _amount(m["num"]), _unit(m["unit"]), m.start("num")))
    return facts


def _clause_start(text: str, i: int, floor: int) -> int:
    """Where the clause holding text[i] starts (after the last , ; 。 or paragraph break), not before floor."""
    return max([floor] + [text.rfind(ch, floor, i) + 1 for ch in ",;。!?\n"])


_COUNT = r"(?P<num>\d+)辆"
_VEHICLES = {
    "vehicles_quota": [rf"编制(?:数量?)?(?:为|是)?:?{_COUNT}"],
    "vehicles_total": [
        # "共有公务用车编制6辆，实有2辆": 共有 reaches 编制 and fails, 实有 matches
        rf"(?:实有|共有|现有|拥有|实际拥有|实际有)(?:公务用?车|车辆)?(?:数量?)?(?:共计|合计|总数|共)?(?:为|是)?:?{_COUNT}",
        rf"(?:车辆|公务用车)(?:总数|总计|合计|共计|数量|共)(?:为|是)?:?{_COUNT}",
    ],
    "vehicles_leadership": [rf"领导(?:干部)?用车{_GAP % 4}{_COUNT}"],
    "vehicles_confidential_communication": [rf"机要通信用车{_GAP % 4}{_COUNT}"],
    "vehicles_emergency": [rf"应急保障用车{_GAP % 4}{_COUNT}"],
    "vehicles_law_enforcement": [rf"执法执勤用车{_GAP % 4}{_COUNT}"],
    "vehicles_special_professional": [rf"特种专业技术用车{_GAP % 4}{_COUNT}"],
    "vehicles_institution_business": [rf"事业单位业务用车{_GAP % 4}{_COUNT}"],
    "vehicles_general": [rf"一般公务用车{_GAP % 4}{_COUNT}"],
    "vehicles_other": [rf"其他(?:公务)?用车{_GAP % 4}{_COUNT}"],
}
_AREA = rf"(?P<num>{_NUM})(?:平方米|平米|㎡|m²|m2)"
_FLOOR_AREAS = {
    "floor_area_office": rf"办公用房{_GAP % 10}{_AREA}",
    "floor_area_business": rf"业务用房{_GAP % 10}{_AREA}",
    "floor_area_buildings": rf"房屋{_GAP % 10}{_AREA}",
}


def _assets(doc: _Doc) -> list[Fact]:
    regions = doc.regions(
        lambda t: bool(re.search("国有资产|资产占有|资产占用", t)),
        lambda s: bool(re.search(r"\d辆|\d(?:平方米|㎡)", s)),
    )
    facts = []
    for name, patterns in _VEHICLES.items():
        for pattern in patterns:
            m = _first(doc, regions, re.compile(pattern))
            if m:
                facts.append(doc.fact(name, Decimal(m["num"]), "辆", m.start("num")))
                break
    for name, pattern in _FLOOR_AREAS.items():
        m = _first(doc, regions, re.compile(pattern))
        if m:
            facts.append(doc.fact(name, _amount(m["num"]), "平方米", m.start("num")))
    return facts
