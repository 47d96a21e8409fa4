"""What an inspection leaves: the pre-filled 督查 workbook (the layout ``letters`` reads) and
检查报告.xlsx (scores, a chart, the findings as a filterable table); 检查报告.docx is
written by document.py. Every file names the office as its author."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...inputs.values import cn_date
from ...outputs.xlsxfile import DocProps
from ...render.xlsx import print_landscape_a4, row_height, safe_workbook, write_value
from ...resources import load_schema
from ...standard.profile import DEFAULT, Profile
from ...types import Issue
from ..blank import letter_notes, with_profile, write_input_workbook
from .model import InspectFinding, Period, UnitResult

WORKBOOK = "督查.xlsx"
REPORT_DOCX = "检查报告.docx"
REPORT_XLSX = "检查报告.xlsx"


@dataclass(frozen=True)
class LetterHead:
    """What the 「检查」 row needs besides the findings (all have working defaults, so the
    workbook passes to ``letters`` unedited)."""

    date: dt.date  # 检查时间 and 成文日期
    prefix: str = "扶督"  # 文号 机关代字
    first_number: int = 1
    members: tuple[str, ...] = ("督查小组",)
    signer: str = "政务公开工作督查小组"
    basis: str = "《万源市扶贫工作公开规范》第5条、第6条、第8.2条"


@dataclass
class Inspection:
    period: Period
    head: LetterHead
    units: list[UnitResult]
    notes: list[Issue] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # record files, for the report
    author: str = ""  # the office (profile): the author of every file written
    profile: Profile = DEFAULT  # the office: the workbook's notes in its words

    @property
    def findings(self) -> list[InspectFinding]:
        return [f for u in self.units for f in u.findings]

    def unit_number(self, n: int) -> str:
        return f"{self.head.prefix}〔{self.head.date.year}〕{self.head.first_number + n}号"

    def inspected_units(self) -> list[UnitResult]:
        """Units with findings: each gets a 「检查」 row and a letter."""
        return [u for u in self.units if u.findings]


# ------------------------------------------------------------------ 督查.xlsx


def content_text(inspection: Inspection, unit: UnitResult) -> str:
    parts = [f"处理单{unit.slips}份"]
    if unit.ledger_rows:
        parts.append(f"发布台账{unit.ledger_rows}行")
    if unit.announcements:
        parts.append(f"公告{unit.announcements}份")
    cat = f"，对照{unit.catalogue.unit}{unit.catalogue.title}" if unit.catalogue else ""
    return (f"{inspection.period.text()}政务公开信息处理单、发布台账和标准目录执行情况"
            f"（{'、'.join(parts)}{cat}）")[:500]


def workbook_rows(inspection: Inspection) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    head = inspection.head
    checks: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for n, unit in enumerate(inspection.inspected_units()):
        number = inspection.unit_number(n)
        checks.append({
            "number": number, "unit": unit.unit, "inspect_date": head.date,
            "members": list(head.members), "basis": head.basis[:300],
            "content": content_text(inspection, unit), "doc_date": head.date,
            "signer": head.signer,
        })
        for f in unit.findings:
            problems.append({
                "number": number, "unit": unit.unit, "problem": f.description(),
                "item": f.involved(), "opinion": f.opinion, "deadline": f.deadline_text(),
            })
    return checks, problems


def write_workbook(inspection: Inspection, target: Path) -> str:
    """Write the 督查 workbook; returns its SHA-256 (to tell later whether it was edited)."""
    checks, problems = workbook_rows(inspection)
    words = letter_notes(inspection.profile)
    notes = [words[0], "本工作簿由 fupin-docs inspect 根据处理单和发布台账预先填写：每个发现问题的单位"
             "一行「检查」，每个问题一行「问题」。请督查小组核实、修改后再运行 fupin-docs letters。",
             *words[1:]]
    profile = inspection.profile
    write_input_workbook(
        target,
        [(with_profile(load_schema("letter_inspection"), profile), checks),
         (with_profile(load_schema("letter_problem"), profile), problems)],
        {}, notes, author=inspection.author)
    return file_sha256(target)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ 检查报告.xlsx

# 问题清单: the printed columns first (A4 landscape at ~9 pt, fit to the page width), then the
# evidence split into columns for filtering on screen (问题描述 already names it in print)
FINDING_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5), ("被检查单位", 12), ("问题类别", 13), ("条款", 10), ("编号", 15),
    ("信息标题", 18), ("问题描述", 46), ("整改意见", 28), ("整改时限", 9),
    ("公开事项", 22), ("证据文件", 16), ("工作表", 9), ("单元格", 8), ("单元格内容", 20),
)
PRINTED_FINDING_COLUMNS = 9  # 序号 … 整改时限
SCORE_HEADS = ("被检查单位", "对照目录", "处理单", "台账行", "公开条数", "按时公开率",
               "程序合规率", "目录覆盖率", "问题数")
SCORE_WIDTHS: tuple[float, ...] = (18, 30, 8, 8, 9, 11, 11, 11, 8)
FONT = "宋体"  # like the other workbooks (台账, 整改台账)


def write_report_xlsx(inspection: Inspection, target: Path) -> None:
    period = inspection.period.text()
    title = f"{period}政务公开工作检查报告"
    stamp = f"（检查时间：{cn_date(inspection.head.date)}）"
    with safe_workbook(target, DocProps(title=title, author=inspection.author)) as wb:
        base = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "top"}
        title_fmt = wb.add_format({"font_name": "黑体", "font_size": 16, "align": "center",
                                   "valign": "vcenter"})
        head_fmt = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7",
                                  "text_wrap": True, "align": "center", "valign": "vcenter"})
        cell = wb.add_format({**base, "text_wrap": True})
        centred = wb.add_format({**base, "text_wrap": True, "align": "center"})
        pct = wb.add_format({**base, "num_format": "0.0%", "align": "center"})
        # dates as everywhere else: 2026年10月12日 (still a date, for sorting and filters)
        day = wb.add_format({**base, "num_format": 'yyyy"年"m"月"d"日"'})

        ws = wb.add_worksheet("单位得分")
        ws.merge_range(0, 0, 0, len(SCORE_HEADS) - 1, title + stamp, title_fmt)
        ws.set_row(0, 30)
        for c, (h, w) in enumerate(zip(SCORE_HEADS, SCORE_WIDTHS, strict=True)):
            ws.write_string(1, c, h, head_fmt)
            ws.set_column(c, c, w)
        ws.set_row(1, 30)
        for r, u in enumerate(inspection.units, start=2):
            cat = f"{u.catalogue.unit}{u.catalogue.title}" if u.catalogue else ""
            values: list[Any] = [u.unit, cat, u.slips, u.ledger_rows, u.published]
            for c, value in enumerate(values):
                write_value(ws, r, c, value, cell if c < 2 else centred)
            for c, rate in enumerate((u.on_time_rate, u.procedure_rate, u.coverage_rate), start=5):
                if rate is None:
                    ws.write_string(r, c, "—", centred)
                else:
                    ws.write_number(r, c, rate, pct)
            ws.write_number(r, 8, len(u.findings), centred)
            ws.set_row(r, row_height(values[:2], list(SCORE_WIDTHS[:2])))
        last = 1 + len(inspection.units)
        ws.freeze_panes(2, 1)
        ws.autofilter(1, 0, last, len(SCORE_HEADS) - 1)
        print_landscape_a4(ws, (0, 1), title)
        if inspection.units:
            chart = wb.add_chart({"type": "bar"})
            for c, name in ((5, "按时公开率"), (6, "程序合规率"), (7, "目录覆盖率")):
                chart.add_series({"name": name, "categories": ["单位得分", 2, 0, last, 0],
                                  "values": ["单位得分", 2, c, last, c], "gap": 60})
            chart.set_title({"name": "各单位得分对比"})
            chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
            chart.set_y_axis({"reverse": True})
            chart.set_legend({"position": "bottom"})
            chart.set_size({"width": 720, "height": max(320, 60 + 42 * len(inspection.units))})
            ws.insert_chart(last + 2, 0, chart)

        fs = wb.add_worksheet("问题清单")
        printed = PRINTED_FINDING_COLUMNS
        fs.merge_range(0, 0, 0, printed - 1, f"{period}政务公开工作检查问题清单{stamp}", title_fmt)
        fs.set_row(0, 30)
        for c, (h, w) in enumerate(FINDING_COLUMNS):
            fs.write_string(1, c, h, head_fmt)
            fs.set_column(c, c, w)
        fs.set_row(1, 30)
        widths_f = [w for _, w in FINDING_COLUMNS]
        for n, f in enumerate(inspection.findings, start=1):
            ev = f.evidence
            values = [n, f.unit, f.kind.label, f.clause, f.number, f.title, f.description(),
                      f.opinion, f.deadline_text(), f.item,
                      ev.file if ev else "", (ev.sheet or "") if ev else "",
                      (ev.cell or ev.where or "") if ev else "", _plain(ev.value) if ev else ""]
            for c, value in enumerate(values):
                write_value(fs, n + 1, c, value, centred if c in (0, 8) else cell, day)
            fs.set_row(n + 1, min(row_height(values[:printed], widths_f[:printed]), 409))
        rows = len(inspection.findings)
        fs.freeze_panes(2, 0)
        fs.autofilter(1, 0, max(2, rows + 1), len(FINDING_COLUMNS) - 1)
        print_landscape_a4(fs, (0, 1), "政务公开工作检查问题清单")
        if not rows:
            fs.merge_range(2, 0, 2, printed - 1, "未发现问题", cell)
        fs.print_area(0, 0, max(2, rows + 1), printed - 1)

        ns = wb.add_worksheet("说明")
        ns.set_column(0, 0, 14)
        ns.set_column(1, 1, 70)
        ns.merge_range(0, 0, 0, 1, "检查说明", title_fmt)
        ns.set_row(0, 30)
        lines = [("检查期间", period), ("检查时间", cn_date(inspection.head.date)),
                 ("记录文件", "、".join(inspection.sources)),
                 ("按时公开率", "检查期间内按时公开的条数 ÷ 能核对时限的公开条数（第5.4条、第6.1条，工作日）"),
                 ("程序合规率", "没有核对、审签、理由问题且填写无误的处理单 ÷ 检查期间内的处理单（第5.1—5.3条、附录C）"),
                 ("目录覆盖率", "检查期间内有公开记录的目录事项 ÷ 适用的目录事项（第4.2条、第6.2条）")]
        several = len(inspection.sources) > 1  # each note names its file
        for note in inspection.notes:
            lines.append(("注意", note.text(with_file=several)))
        for r, (k, v) in enumerate(lines, start=1):
            ns.write_string(r, 0, k, centred)
            ns.write_string(r, 1, v, cell)
            ns.set_row(r, min(row_height([v], [70]), 409))
        ns.set_paper(9)  # A4, portrait, one page wide
        ns.fit_to_pages(1, 0)
        ns.center_horizontally()


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return value
