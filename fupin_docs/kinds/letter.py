"""政务公开工作监督检查及整改意见书 (inspection and rectification letter), §8.2, appendix E.

Two input sheets: 检查 (one row per inspected unit: the letter's head data) and 问题 (many
rows per unit: the problems found, each with its 整改意见, 整改时限 and later its 复查结果).
One letter per inspected unit, grouping its problem rows (pipeline.run_grouped_documents).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..inputs.values import cn_date, parse_date_text
from ..resources import load_schema
from ..standard.calendar.workdays import (
    UNKNOWN_YEAR_CODE,
    Unchecked,
    WorkdayCalendar,
    unknown_year_message,
)
from ..standard.profile import Profile
from ..standard.rules import Finding, Rule, RunContext, date_order, number_year_check
from ..types import Record
from .base import safe_filename

INSPECTION = load_schema("letter_inspection")
PROBLEM = load_schema("letter_problem")
I_TITLES: dict[str, str] = {k: v.get("title", k) for k, v in INSPECTION["properties"].items()}
P_TITLES: dict[str, str] = {k: v.get("title", k) for k, v in PROBLEM["properties"].items()}
INSPECTION_SHEET: str = INSPECTION["x-sheet"]
PROBLEM_SHEET: str = PROBLEM["x-sheet"]
RESULTS = ("已整改", "部分整改", "未整改")
NUMBER_PREFIX = re.compile(r"^(.+?)〔\d{4}〕")  # 万扶督〔2026〕3号 -> 万扶督
_WORKDAYS_RE = re.compile(r"^(?:检查(?:之日|后)?起?)?(\d+)个?工作日(?:内)?$")
PARENTS_STATE = "group.parents"  # same key as pipeline.PARENTS_STATE (kinds do not import pipeline)
CONSEQUENCES = (
    "对违反规定，态度不认真、工作走过场、弄虚作假的单位和个人，予以批评并限期整改；"
    "情节严重的，对直接责任人依法给予处分，并追究相关股室负责人的责任；"
    "构成犯罪的，由司法机关依法追究刑事责任"
)


# ------------------------------------------------------------------ deadlines


@dataclass(frozen=True)
class Due:
    """A 整改时限: the date it falls on, and how it was given."""

    date: dt.date | None  # None: N个工作日 running into a year whose holidays are not known
    workdays: int | None  # N when given as N个工作日, counted from the inspection date
    start: dt.date | None
    unknown_year: int | None = None

    def text(self) -> str:
        if self.date is None:  # the letter states the rule as given; the date is never guessed
            return f"检查之日起{self.workdays}个工作日内"
        if self.workdays is None:
            return f"{cn_date(self.date)}前"
        return f"{cn_date(self.date)}前（检查之日起{self.workdays}个工作日内）"

    def short(self) -> str:
        if self.date is None:
            return f"{self.workdays}个工作日（截止日期未核对）"
        if self.workdays is None:
            return cn_date(self.date)
        return f"{cn_date(self.date)}（{self.workdays}个工作日）"

    def surely_after(self, day: dt.date) -> bool:
        """Whether the deadline certainly falls after ``day`` (an uncounted deadline lies in
        its unknown year or later)."""
        if self.date is not None:
            return day < self.date
        return self.unknown_year is not None and day < dt.date(self.unknown_year, 1, 1)

    def surely_before(self, day: dt.date) -> bool:
        return self.date is not None and self.date < day


def parse_due_text(text: str) -> tuple[str, dt.date | int] | None:
    """``("date", date)`` for a date, ``("workdays", N)`` for N个工作日, None otherwise."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    day = parse_date_text(folded.removesuffix("前"))
    if day is not None:
        return ("date", day)
    m = _WORKDAYS_RE.match(folded)
    if m:
        return ("workdays", int(m.group(1)))
    return None


def due_of(text: str | None, inspected: dt.date | None, calendar: WorkdayCalendar) -> Due | None:
    """The deadline of a problem; N个工作日 counts from the inspection date (day 0)."""
    if not text:
        return None
    parsed = parse_due_text(text)
    if parsed is None:
        return None
    kind, value = parsed
    if kind == "date":
        assert isinstance(value, dt.date)
        return Due(value, None, inspected)
    assert isinstance(value, int)
    if inspected is None:
        return None
    due = calendar.due(inspected, value)
    if isinstance(due, Unchecked):
        return Due(None, value, inspected, unknown_year=due.year)
    return Due(due, value, inspected)


# ------------------------------------------------------------------ finding the letter


def _index(ctx: RunContext) -> tuple[dict[str, Record], dict[str, list[Record]]]:
    cached = ctx.state.get("letter.index")
    if cached is None:
        by_number: dict[str, Record] = {}
        by_unit: dict[str, list[Record]] = {}
        for rec in ctx.state.get(PARENTS_STATE, []):
            number, unit = rec.values.get("number"), rec.values.get("unit")
            if number and number not in by_number:
                by_number[number] = rec
            if unit:
                by_unit.setdefault(unit, []).append(rec)
        cached = (by_number, by_unit)
        ctx.state["letter.index"] = cached
    return cached


def resolve_parent(rec: Record, ctx: RunContext) -> tuple[Record | None, Finding | None]:
    """The 检查 row a 问题 row belongs to (by 文号, else by 被检查单位), or why not."""
    by_number, by_unit = _index(ctx)
    number, unit = rec.values.get("number"), rec.values.get("unit")
    failed = {i.field for i in rec.issues if i.severity == "error"}
    if number:
        parent = by_number.get(number)
        if parent is None:
            return None, Finding("number", f"文号「{number}」在「{INSPECTION_SHEET}」工作表中没有："
                                 "有问题却没有对应的检查记录，无法生成整改意见书")
        if unit and parent.values.get("unit") and parent.values["unit"] != unit:
            return None, Finding("unit", f"被检查单位「{unit}」与「{INSPECTION_SHEET}」工作表中文号"
                                 f"{number}的被检查单位「{parent.values['unit']}」不一致")
        return parent, None
    if "number" in failed:
        return None, None  # the schema already said what is wrong with the 文号
    if unit:
        found = by_unit.get(unit, [])
        if not found:
            return None, Finding("unit", f"被检查单位「{unit}」在「{INSPECTION_SHEET}」工作表中"
                                 "没有："
                                 "有问题却没有对应的检查记录，无法生成整改意见书")
        if len(found) > 1:
            return None, Finding("number", f"「{INSPECTION_SHEET}」工作表中「{unit}」"
                                 f"有{len(found)}份"
                                 "检查记录，请填写文号以区分")
        return found[0], None
    if "unit" in failed:
        return None, None
    return None, Finding("number", "文号和被检查单位至少填写一项，以确定问题属于哪份整改意见书")


def problem_due(rec: Record, ctx: RunContext) -> Due | None:
    parent, _ = resolve_parent(rec, ctx)
    inspected = parent.values.get("inspect_date") if parent is not None else None
    return due_of(rec.values.get("deadline"), inspected, ctx.calendar)


# ------------------------------------------------------------------ rules: 检查


def _unique_number(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    number = rec.values.get("number")
    if not number:
        return
    seen: dict[str, int | None] = ctx.state.setdefault("letter.numbers", {})
    if number in seen:
        ctx.state.setdefault("letter.duplicates", set()).add(rec.record)
        yield Finding("number", f"文号「{number}」与第{seen[number]}行重复，"
                      "每份整改意见书的文号须唯一")
    else:
        seen[number] = rec.row or rec.record


def _doc_after_inspection(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    f = date_order(rec.values, "inspect_date", "doc_date", I_TITLES)
    if f is not None:
        yield f


def _filed_after_doc(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    f = date_order(rec.values, "doc_date", "filed_date", I_TITLES)
    if f is not None:
        yield Finding(f.field, f.message + "：备案不能早于成文")


def _signer_is_the_group(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    """With an office profile in use, the 落款 should be its 督查小组 (a workbook copied from
    another county keeps that county's name)."""
    signer = rec.values.get("signer")
    group = ctx.profile.inspection_group
    if ctx.profile.source and signer and signer != group:
        yield Finding("signer", f"落款「{signer}」与单位配置文件中的督查小组「{group}」不一致，"
                      "请确认发文机关", severity="warning")


INSPECTION_RULES: tuple[Rule, ...] = (
    Rule("letter.number.unique", "附录E", "整改意见书文号唯一", _unique_number),
    Rule("letter.number.year", "附录E", "文号年份与成文日期一致", number_year_check("doc_date", "文号", "成文日期")),
    Rule("letter.dates.inspection", "第8.2.2条", "成文日期不早于检查时间", _doc_after_inspection),
    Rule("letter.dates.filed", "第8.2.2条", "备案日期不早于成文日期", _filed_after_doc),
    Rule("letter.signer.profile", "附录E", "落款为本单位的督查小组", _signer_is_the_group),
)


# ------------------------------------------------------------------ rules: 问题


def _has_letter(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    _, finding = resolve_parent(rec, ctx)
    if finding is not None:
        yield finding


def _deadline_readable(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    text = rec.values.get("deadline")
    if text and parse_due_text(text) is None:
        yield Finding("deadline", f"整改时限「{text}」无法识别，应为日期（如 2026-10-16）"
                      "或“N个工作日”（如 10个工作日）")


def _deadline_after_inspection(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    parent, _ = resolve_parent(rec, ctx)
    inspected = parent.values.get("inspect_date") if parent is not None else None
    due = problem_due(rec, ctx)
    if due is None or due.date is None or not isinstance(inspected, dt.date):
        return
    if due.date <= inspected:
        yield Finding("deadline", f"整改时限（{cn_date(due.date)}）应晚于检查时间"
                      f"（{cn_date(inspected)}）")


def _review_complete(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    v = rec.values
    failed = {i.field for i in rec.issues if i.severity == "error"}
    if v.get("result") and not v.get("review_date") and "review_date" not in failed:
        yield Finding("review_date", f"已填复查结果「{v['result']}」，须填写复查日期")
    if v.get("review_date") and not v.get("result") and "result" not in failed:
        yield Finding("result", "已填复查日期，须填写复查结果（已整改、部分整改或未整改）")


def _review_timing(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    v = rec.values
    reviewed, result = v.get("review_date"), v.get("result")
    if not isinstance(reviewed, dt.date) or not result:
        return
    parent, _ = resolve_parent(rec, ctx)
    inspected = parent.values.get("inspect_date") if parent is not None else None
    if isinstance(inspected, dt.date) and reviewed < inspected:
        yield Finding("review_date", f"复查日期（{cn_date(reviewed)}）早于检查时间"
                      f"（{cn_date(inspected)}）")
        return
    due = problem_due(rec, ctx)
    if due is not None and result != "已整改" and due.surely_after(reviewed):
        yield Finding("review_date", f"复查结果为{result}，但复查日期（{cn_date(reviewed)}）"
                      "早于整改时限"
                      f"（{due.text()}）：未整改完成的，须在整改时限届满后复查")


def _year_known(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    """One warning per problem row whose 整改时限 runs into a year without a holiday calendar."""
    due = problem_due(rec, ctx)
    if due is not None and due.unknown_year is not None:
        yield Finding("deadline", unknown_year_message(due.unknown_year), severity="warning")


PROBLEM_RULES: tuple[Rule, ...] = (
    Rule("letter.problem.letter", "第8.2.2条", "问题须对应一份检查记录", _has_letter),
    Rule("letter.problem.deadline", "第8.2.2条", "整改时限为日期或N个工作日", _deadline_readable),
    Rule("letter.problem.deadline_after_inspection", "第8.2.2条", "整改时限晚于检查时间",
         _deadline_after_inspection),
    Rule("letter.problem.review", "第8.2.2条", "复查结果与复查日期同时填写", _review_complete),
    Rule("letter.problem.review_timing", "第8.2.2条", "复查结果在整改时限届满后或已整改时记录",
         _review_timing),
    Rule(UNKNOWN_YEAR_CODE, "第8.2.2条", "整改时限所在年份的节假日安排已提供", _year_known),
)


# ------------------------------------------------------------------ numbering and layout

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (1..99)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + ("" if ones == 0 else _DIGITS[ones])


def cn_count(n: int) -> str:
    """A count before a measure word: 2 -> 两 (两个单位, not 二个), else as cn_number."""
    return "两" if n == 2 else cn_number(n)


def text_width(text: str) -> float:
    """Width in body characters: CJK and full-width count 1, ASCII (digits) 1/2."""
    return sum(0.5 if unicodedata.east_asian_width(ch) in ("Na", "H") else 1.0 for ch in text)


LINE_CHARS = 28  # GB/T 9704-2012: 28 characters a line

# The 附件 问题清单 (tools/build.py builds the template with these): column widths in mm
# (序号, 问题描述, 涉及事项/条款, 整改意见, 整改时限, 复查结果), 5号 text on 15 pt lines, 1 mm cell
# margins. A row is kept on one page (w:cantSplit) unless it is taller than a page: such a
# row has to break anyway, and LibreOffice loses the last lines of a "can't split" row that
# it breaks on its own (with the floating 版记 on the last page).
# The widths: 整改时限 is as narrow as LibreOffice lets "2026年12月18日" stay on one line
# where 仿宋_GB2312 is missing (its stand-in figures are wider and set apart from the Chinese:
# 35.5 mm, measured with LibreOffice 7.4; Word and WPS with the font need about 29 mm), 复查结果
# holds "部分整改", and the rest goes mostly to 问题描述, the longest text of a row.
LIST_WIDTHS_MM = (10, 47, 20, 26, 36, 17)
LIST_PT = 10.5
LIST_LINE_PT = 15
LIST_MARGIN_MM = 1
PAGE_ROW_LINES = 36  # lines a row may have and still fit under the header on a page (40)


def list_row_lines(cells: list[tuple[str, float]]) -> int:
    """How many lines the tallest of a row's cells needs: (text, column width in mm) pairs,
    a line holding (width - margins) / 5号 characters (ASCII counting half)."""
    char_mm = LIST_PT * 25.4 / 72
    lines = 1
    for text, width in cells:
        per_line = max(1, int((width - 2 * LIST_MARGIN_MM) / char_mm))
        lines = max(lines, sum(max(1, math.ceil(text_width(part) / per_line))
                               for part in text.split("\n")))
    return lines
SEAL_RIGHT = 4  # 成文日期 右空四字 under a seal (GB/T 9704-2012 7.3.5.1)


def profile_context(profile: Profile) -> dict[str, str]:
    """The office's names that the letter and report templates print."""
    return {"standard_title": profile.standard_title, "leading_group": profile.leading_group,
            "leading_group_office": profile.leading_group_office}


def signature_lines(signer: str, date_text: str, right: int = 2) -> tuple[str, str]:
    """落款 lines: the date 右空 ``right`` 字 (2 without a seal, GB/T 9704-2012 7.3.5.2; 4 with
    one, 7.3.5.1), the signer centred over the date; a signer too long for that is
    right-aligned 空二字 and the date centred under it. Leading ideographic spaces place them
    (left-aligned paragraphs)."""
    w_s, w_d = text_width(signer), text_width(date_text)
    date_at = LINE_CHARS - right - w_d
    signer_at = date_at + (w_d - w_s) / 2
    if signer_at + w_s > LINE_CHARS - 2:
        signer_at = max(0.0, LINE_CHARS - 2 - w_s)
        date_at = signer_at + (w_s - w_d) / 2
    return _pad(signer_at) + signer, _pad(date_at) + date_text


def _pad(width: float) -> str:
    width = max(0.0, width)
    full = int(width)
    return "\u3000" * full + ("\u2002" if width - full >= 0.5 else "")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", "；", "…")) else text + "。"


UNCHECKED_STATUS = "时限未核对"


def problem_status(result: str | None, due: Due | None, today: dt.date) -> str:
    """The 复查结果 when recorded; else 逾期未复查 after the deadline, 待复查 before it, and
    时限未核对 when an uncounted deadline may or may not have passed."""
    if result:
        return str(result)
    if due is not None and due.surely_before(today):
        return "逾期未复查"
    if due is None or due.surely_after(today) or due.date is not None:
        return "待复查"
    return UNCHECKED_STATUS


# ------------------------------------------------------------------ the document


class LetterKind:
    name = "letter"
    label = "政务公开工作监督检查及整改意见书"
    template = "letter.docx"
    parent_schema = "letter_inspection"
    child_schema = "letter_problem"
    parent_rules = INSPECTION_RULES
    child_rules = PROBLEM_RULES

    def parent_of(self, child: Record, ctx: RunContext) -> Record | None:
        return resolve_parent(child, ctx)[0]

    def check_group(self, parent: Record, children: list[Record], ctx: RunContext) -> None:
        if children or parent.record in ctx.state.get("letter.duplicates", set()):
            return
        parent.issue(
            "letter.unit.no_problems",
            f"「{PROBLEM_SHEET}」工作表中没有该单位的问题，无法生成整改意见书；"
            f"如检查未发现问题，请从「{INSPECTION_SHEET}」工作表删除该行",
            field_name="unit", clause="第8.2.2条",
        )

    def context(self, parent: Record, children: list[Record], ctx: RunContext) -> dict[str, Any]:
        v = parent.values
        signer = str(v.get("signer") or "")
        written = v.get("doc_date")
        doc_date = cn_date(written)
        signer_line, date_line = signature_lines(signer, doc_date, right=SEAL_RIGHT)
        problems: list[dict[str, Any]] = []
        for n, rec in enumerate(children, start=1):
            p = rec.values
            due = problem_due(rec, ctx)
            reviewed = p.get("review_date")
            # a letter written before the review cannot show its result
            shown = isinstance(reviewed, dt.date) and isinstance(written, dt.date) \
                and reviewed <= written
            row: dict[str, Any] = {
                "n": n,
                "cn": f"（{cn_number(n)}）",
                "problem": _sentence(str(p.get("problem") or "")),
                "item": p.get("item") or "",
                "opinion": _sentence(str(p.get("opinion") or "")),
                "deadline": due.text() if due else "",
                # the 附件 table: the date, and on its own line how it was given
                "deadline_short": due.short().replace("（", "\n（", 1) if due else "",
                "result": (p.get("result") or "") if shown else "",
                "review_date": cn_date(reviewed) if shown else "",
            }
            # the 附件 row stays on one page unless it cannot (taller than a page)
            row["whole"] = list_row_lines([
                (str(row[key]), LIST_WIDTHS_MM[col]) for col, key in
                ((1, "problem"), (2, "item"), (3, "opinion"), (4, "deadline_short"))]) \
                <= PAGE_ROW_LINES
            problems.append(row)
        mark = signer if signer.endswith("文件") else signer + "文件"
        return {
            "issuer_mark": mark,
            "number": v.get("number") or "",
            "title": "政务公开工作监督检查及整改意见书",
            "unit": v.get("unit") or "",
            "inspect_date": cn_date(v.get("inspect_date")),
            "members": "、".join(v.get("members") or []),
            "basis": v.get("basis") or "",
            "content": v.get("content") or "",
            "signer": signer,
            "doc_date": doc_date,
            "filed_date": cn_date(v.get("filed_date")),
            "problems": problems,
            "count": cn_count(len(problems)),
            "consequences": CONSEQUENCES,
            "signer_line": signer_line,
            "date_line": date_line,
            **profile_context(ctx.profile),
            "copy_to": ctx.profile.leading_group_office,
            "printer": ctx.profile.unit,
            "printed": doc_date,
        }

    def filename(self, parent: Record) -> str:
        number = parent.values.get("number") or f"第{parent.row or parent.record}行"
        unit = parent.values.get("unit") or ""
        return safe_filename(f"{number}_{unit}_整改意见书", ".docx")


KIND = LetterKind()
