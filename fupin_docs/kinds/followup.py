"""复查 (follow-up) after the inspection letters, §8.2.2 and §8.2.3.

From the same 督查 workbook: a report to the 市领导小组 (docx, GB/T 9704-2012 layout like
the letters) and a rectification tracker 整改台账.xlsx: each problem's status, the overdue
unresolved problems with working days overdue, per-unit totals, and the units that fall
under §8.2.3.

Definitions (also in README.md, section 监督检查及整改意见书):
- status: the 复查结果 when recorded (已整改 / 部分整改 / 未整改); otherwise 待复查 before or
  on the deadline and 逾期未复查 after it.
- overdue unresolved: status is not 已整改 and the deadline is before ``today``; working
  days overdue = working days in (deadline, today].
- §8.2.3 applies to a unit with at least one overdue unresolved problem (批评并限期整改;
  the 督查小组 decides on further steps for serious cases).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..inputs.values import cn_date
from ..outputs.atomic import write_bytes_atomic
from ..outputs.folder import refuse_input_as_output
from ..outputs.report import Report
from ..outputs.xlsxfile import DocProps
from ..render.docprops import DocProperties, batch_time
from ..render.docx import DocxRenderer
from ..render.xlsx import print_landscape_a4, row_height, safe_workbook, wrapped
from ..standard.calendar.workdays import UnknownYearError
from ..standard.profile import DEFAULT as DEFAULT_PROFILE
from ..standard.profile import Profile
from ..standard.rules import RunContext
from ..types import Issue, Record
from .letter import (
    CONSEQUENCES,
    NUMBER_PREFIX,
    SEAL_RIGHT,
    UNCHECKED_STATUS,
    Due,
    cn_count,
    cn_number,
    problem_due,
    problem_status,
    profile_context,
    signature_lines,
)

LABEL = "监督检查复查情况报告和整改台账"
TEMPLATE = "followup.docx"
REPORT_DOCX = "复查情况报告.docx"
TRACKER_XLSX = "整改台账.xlsx"
RESOLVED = "已整改"


@dataclass
class Tracked:
    number: str
    unit: str
    inspected: dt.date | None
    problem: str
    item: str
    opinion: str
    due: Due | None
    review_date: dt.date | None
    result: str
    note: str
    status: str
    overdue: bool  # unresolved and the deadline is before today
    overdue_days: int  # working days in (deadline, today]; 0 unless overdue
    row: int | None
    overdue_exact: bool = True  # False: today is in a year without a holiday calendar, and
    # overdue_days counts only the working days up to the end of the last known year
    late_review: Issue | None = None  # its 复查日期 is after the report's day: not counted

    @property
    def overdue_text(self) -> str:
        """「5」, or 「至少5」 when the days in an unknown year could not be counted."""
        return str(self.overdue_days) if self.overdue_exact else f"至少{self.overdue_days}"


@dataclass
class UnitTrack:
    number: str
    unit: str
    inspected: dt.date | None
    signer: str
    problems: list[Tracked] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for p in self.problems if p.status == status)

    @property
    def overdue(self) -> list[Tracked]:
        return [p for p in self.problems if p.overdue]

    @property
    def under_8_2_3(self) -> bool:
        return bool(self.overdue)


def track(groups: list[tuple[Record, list[Record]]], ctx: RunContext) -> list[UnitTrack]:
    units: list[UnitTrack] = []
    for parent, children in groups:
        pv = parent.values
        unit = UnitTrack(str(pv.get("number") or ""), str(pv.get("unit") or ""),
                         pv.get("inspect_date"), str(pv.get("signer") or ""))
        for rec in children:
            v = rec.values
            due = problem_due(rec, ctx)
            result = str(v.get("result") or "")
            reviewed = v.get("review_date")
            later = isinstance(reviewed, dt.date) and reviewed > ctx.today
            late_review = None
            if later:  # the report of ``today`` cannot know a 复查 done after it
                result = ""
                late_review = rec.issue(
                    "followup.review_after_report",
                    f"复查日期（{cn_date(reviewed)}）晚于报告日期（{cn_date(ctx.today)}）："
                    "该复查结果未计入本次报告和整改台账，按未复查统计；"
                    "如报告日期有误，请用 --today 指定",
                    field_name="review_date", clause="第8.2.2条", severity="warning")
            status = problem_status(result or None, due, ctx.today)
            overdue = status != RESOLVED and due is not None and due.surely_before(ctx.today)
            late, exact = overdue_workdays(due, ctx) if overdue and due else (0, True)
            unit.problems.append(Tracked(
                unit.number, unit.unit, unit.inspected, str(v.get("problem") or ""),
                str(v.get("item") or ""), str(v.get("opinion") or ""), due,
                None if later else reviewed, result,
                "" if later else str(v.get("review_note") or ""), status,
                overdue, late,
                rec.row or rec.record, exact, late_review,
            ))
        units.append(unit)
    return units


def overdue_workdays(due: Due, ctx: RunContext) -> tuple[int, bool]:
    """Working days in (deadline, today], and whether that is exact; past the known years
    only a lower bound (never a guess)."""
    assert due.date is not None
    try:
        return ctx.calendar.workdays_after(due.date, ctx.today), True
    except UnknownYearError as exc:
        last_known = dt.date(exc.year - 1, 12, 31)
        try:
            return ctx.calendar.workdays_after(due.date, max(due.date, last_known)), False
        except UnknownYearError:
            return 0, False


STATUSES = ("已整改", "部分整改", "未整改", "待复查", "逾期未复查")


def statuses_of(problems: list[Tracked]) -> tuple[str, ...]:
    """The statuses to count: 时限未核对 only when some problem has it."""
    if any(p.status == UNCHECKED_STATUS for p in problems):
        return (*STATUSES, UNCHECKED_STATUS)
    return STATUSES


def report_context(units: list[UnitTrack], today: dt.date,
                   profile: Profile = DEFAULT_PROFILE) -> dict[str, Any]:
    problems = [p for u in units for p in u.problems]
    dates = sorted(u.inspected for u in units if u.inspected)
    if dates and dates[0] != dates[-1]:
        period = f"{cn_date(dates[0])}至{cn_date(dates[-1])}"
    else:
        period = cn_date(dates[0]) if dates else ""
    years = sorted({d.year for d in dates}) or [today.year]
    year = f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"
    signer = units[0].signer if units else ""
    date_text = cn_date(today)
    signer_line, date_line = signature_lines(signer, date_text, right=SEAL_RIGHT)
    # 上行文 文号: the letters' prefix with the year, the number left to fill by hand
    m = NUMBER_PREFIX.match(units[0].number) if units else None
    number = f"{m.group(1)}〔{today.year}〕\u3000\u3000号" if m else ""
    totals = {s: sum(1 for p in problems if p.status == s) for s in statuses_of(problems)}
    overdue = [p for p in problems if p.overdue]
    flagged = [u for u in units if u.under_8_2_3]
    return {
        "issuer_mark": signer if signer.endswith("文件") else signer + "文件",
        # the inspections' year: a 复查 in January reports on last year's inspections
        "title": f"关于{year}政务公开工作监督检查整改情况的报告",
        "period": period,
        "unit_count": cn_count(len(units)) if units else "零",
        "number": number,
        "issuer": profile.issuer or "\u3000" * 4,
        "printer": profile.unit,
        "printed": date_text,
        **profile_context(profile),
        "problem_count": len(problems),
        "today": date_text,
        "totals": "，".join(f"{s}{n}个" for s, n in totals.items() if n) or "无",
        "units": [
            {
                "cn": f"（{cn_number(i)}）",
                "unit": u.unit,
                "number": u.number,
                "summary": "，".join(
                    [f"发现问题{len(u.problems)}个"]
                    + [f"{s}{u.count(s)}个" for s in (*STATUSES, UNCHECKED_STATUS) if u.count(s)]
                ),
                "overdue": len(u.overdue),
            }
            for i, u in enumerate(units, start=1)
        ],
        "overdue": [
            {
                "n": i,
                "unit": p.unit,
                "problem": p.problem.rstrip("。"),
                "due": (cn_date(p.due.date) if p.due.date else p.due.text()) if p.due else "",
                "status": p.status,
                "days": p.overdue_text,
            }
            for i, p in enumerate(overdue, start=1)
        ],
        "flagged": "、".join(u.unit for u in flagged),
        "consequences": CONSEQUENCES,
        "signer_line": signer_line,
        "date_line": date_line,
    }


# ------------------------------------------------------------------ the tracker workbook

TRACK_HEADERS = ("序号", "文号", "被检查单位", "检查时间", "问题描述", "涉及事项/条款", "整改意见",
                 "整改时限", "复查日期", "复查结果", "整改状态", "逾期工作日", "复查说明",
                 "问题表行号")
# a date (2026年10月12日) fits its column on one line; 问题表行号, for finding the row in the
# 督查 workbook, is kept on screen but left out of the printed area
TRACK_WIDTHS = (4.5, 18, 14, 15.5, 30, 16, 30, 15.5, 15.5, 8, 10, 7, 22, 6)
TRACK_CENTERED = {0, 1, 3, 7, 8, 9, 10, 11, 13}
UNIT_HEADERS = ("被检查单位", "文号", "检查时间", "问题数", *STATUSES, "逾期未整改",
                "适用第8.2.3条")
FONT = "宋体"
# headers broken between words where the column is too narrow for them on one line
HEADER_BREAKS = {"逾期工作日": "逾期\n工作日"}


@dataclass(frozen=True)
class DatedProps(DocProps):
    """Workbook properties dated by the run's day (--today), as the report beside it is,
    instead of the real day (SOURCE_DATE_EPOCH, when set, still dates both)."""

    day: dt.date | None = None

    def created(self) -> dt.datetime:
        return batch_time(self.day)


def write_tracker(units: list[UnitTrack], today: dt.date, target: Path) -> None:
    author = units[0].signer if units else ""
    title_text = "政务公开工作监督检查整改台账"
    with safe_workbook(target, DatedProps(title=title_text, author=author, day=today)) as wb:
        base = {"font_name": FONT, "font_size": 10, "valign": "top", "border": 1}
        head = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "text_wrap": True,
                              "align": "center", "valign": "vcenter"})
        title = wb.add_format({"font_name": "黑体", "font_size": 16, "align": "center",
                               "valign": "vcenter"})
        fmts = {}
        for mark in (False, True):
            fill = {"bg_color": "#FFC7CE"} if mark else {}
            fmts[mark] = (wb.add_format({**base, **fill, "text_wrap": True}),
                          wb.add_format({**base, **fill, "text_wrap": True, "align": "center"}))

        def table(name: str, caption: str, headers: tuple[str, ...],
                  widths: tuple[float, ...], rows: list[tuple[list[Any], bool]],
                  centered: set[int], printed: int) -> None:
            ws = wb.add_worksheet(name)
            last = len(headers) - 1
            ws.merge_range(0, 0, 0, printed - 1, caption, title)
            ws.set_row(0, 30)
            lines = 1
            for c, (h, w) in enumerate(zip(headers, widths, strict=True)):
                text = wrapped(HEADER_BREAKS.get(h, h), w, 10, balance=True)
                lines = max(lines, text.count("\n") + 1)
                ws.write_string(1, c, text, head)
                ws.set_column(c, c, w)
            ws.set_row(1, max(30, 15 * lines + 5))  # a header wrapped on three lines shows whole
            for r, (values, mark) in enumerate(rows, start=2):
                ws.set_row(r, row_height(values, list(widths)))  # xlsxwriter cannot autofit
                for c, value in enumerate(values):
                    fmt = fmts[mark][1 if c in centered else 0]
                    if isinstance(value, int):
                        ws.write_number(r, c, value, fmt)
                    else:
                        ws.write_string(r, c, str(value), fmt)
            ws.freeze_panes(2, 0)
            print_landscape_a4(ws, (0, 1), caption)
            if rows:
                ws.autofilter(1, 0, len(rows) + 1, last)
            else:
                ws.merge_range(2, 0, 2, printed - 1, "无", fmts[False][0])
            ws.print_area(0, 0, max(2, len(rows) + 1), printed - 1)

        def problem_row(n: int, p: Tracked) -> list[Any]:
            # the date on its line, the working days below: 2026年10月30日 / （10个工作日）
            due = p.due.short().replace("（", "\n（", 1) if p.due else ""
            return [n, p.number, p.unit, cn_date(p.inspected), p.problem, p.item, p.opinion,
                    due, cn_date(p.review_date), p.result, p.status,
                    p.overdue_days if p.overdue_exact else p.overdue_text, p.note, p.row or ""]

        problems = [p for u in units for p in u.problems]
        stamp = f"（统计日期：{cn_date(today)}）"
        printed = len(TRACK_HEADERS) - 1  # without 问题表行号
        table("整改台账", title_text + stamp, TRACK_HEADERS, TRACK_WIDTHS,
              [(problem_row(i, p), p.overdue) for i, p in enumerate(problems, start=1)],
              TRACK_CENTERED, printed)
        overdue = [p for p in problems if p.overdue]
        table("逾期未整改", "逾期未整改问题" + stamp, TRACK_HEADERS, TRACK_WIDTHS,
              [(problem_row(i, p), True) for i, p in enumerate(overdue, start=1)],
              TRACK_CENTERED, printed)
        statuses = statuses_of(problems)
        headers = (*UNIT_HEADERS[:4], *statuses, *UNIT_HEADERS[4 + len(STATUSES):])
        table("单位汇总", "各单位整改情况汇总" + stamp, headers,
              (16, 18, 15.5, 7, *(8 for _ in statuses), 9, 14),
              [([u.unit, u.number, cn_date(u.inspected), len(u.problems),
                 *[u.count(s) for s in statuses], len(u.overdue),
                 "是（批评并限期整改）" if u.under_8_2_3 else "否"], u.under_8_2_3)
               for u in units], set(range(1, len(headers))), len(headers))


def followup_writer(
    template: Path,
) -> Callable[[list[tuple[Record, list[Record]]], RunContext, Path, Report], list[str]]:
    DocxRenderer(template)  # a missing or broken template stops the run before any check

    def write(groups: list[tuple[Record, list[Record]]], ctx: RunContext, out_dir: Path,
              report: Report) -> list[str]:
        renderer = DocxRenderer(template, properties=DocProperties(
            title="政务公开工作监督检查整改情况报告", author=ctx.profile.unit,
            created=batch_time(ctx.today)))

        refuse_input_as_output([Path(report.source)], [out_dir / TRACKER_XLSX])
        if not groups:  # an empty 复查情况报告 would read as "nothing to report": say why
            why = ("每个被检查单位都有错误（见标红的单元格）" if report.rows_read
                   else "工作簿中没有被检查单位")
            report.issues.append(Issue(
                code="followup.nothing", severity="warning", file=Path(report.source).name,
                message=f"{why}，没有可以汇总的单位，未生成复查情况报告和整改台账；改正后重新运行即可"))
            report.extra["documents"] = 0
            return []
        units = track(groups, ctx)
        report.issues.extend(p.late_review for u in units for p in u.problems if p.late_review)
        write_bytes_atomic(out_dir / REPORT_DOCX,
                           renderer.render(report_context(units, ctx.today, ctx.profile)))
        write_tracker(units, ctx.today, out_dir / TRACKER_XLSX)
        report.extra["documents"] = 2  # the report and the tracker
        report.extra["today"] = ctx.today.isoformat()
        report.extra["overdue"] = [
            {"number": p.number, "unit": p.unit, "problem": p.problem,
             "deadline": p.due.date.isoformat() if p.due and p.due.date else None, "status": p.status,
             "workdays_overdue": p.overdue_days, "workdays_overdue_exact": p.overdue_exact,
             "row": p.row}
            for u in units for p in u.overdue
        ]
        report.extra["units"] = [
            {"number": u.number, "unit": u.unit, "problems": len(u.problems),
             **{s: u.count(s) for s in (*STATUSES, UNCHECKED_STATUS)}, "overdue": len(u.overdue),
             "clause_8_2_3": u.under_8_2_3}
            for u in units
        ]
        return [REPORT_DOCX, TRACKER_XLSX]

    return write
