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
from ...types import Issue
from ..blank import LETTER_NOTES, write_input_workbook
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
    notes = [LETTER_NOTES[0], "本工作簿由 fupin-docs inspect 根据处理单和发布台账预先填写：每个发现问题的单位"
             "一行「检查」，每个问题一行「问题」。请督查小组核实、修改后再运行 fupin-docs letters。",
             *LETTER_NOTES[1:]]
    write_input_workbook(
        target,
        [(load_schema("letter_inspection"), checks), (load_schema("letter_problem"), problems)],
        {}, notes, author=inspection.author)
    return file_sha256(target)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ 检查报告.xlsx

FINDING_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6), ("被检查单位", 14), ("问题类别", 16), ("条款", 12), ("编号", 18),
    ("信息标题", 26), ("公开事项", 22), ("问题描述", 50), ("证据文件", 16), ("工作表", 9),
    ("单元格", 8), ("单元格内容", 20), ("整改意见", 36), ("整改时限", 10),
)


def write_report_xlsx(inspection: Inspection, target: Path) -> None:
    props = DocProps(title=f"{inspection.period.text()}政务公开工作检查报告",
                     author=inspection.author)
    with safe_workbook(target, props) as wb:
        title_fmt = wb.add_format({"bold": True, "font_size": 14, "font_name": "黑体"})
        head_fmt = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                  "text_wrap": True, "align": "center", "valign": "vcenter"})
        cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        pct = wb.add_format({"border": 1, "num_format": "0.0%", "valign": "top"})
        # dates as everywhere else: 2026年10月12日 (still a date, for sorting and filters)
        day = wb.add_format({"border": 1, "num_format": 'yyyy"年"m"月"d"日"', "valign": "top"})
        ws = wb.add_worksheet("单位得分")
        ws.write_string(0, 0, f"政务公开工作检查报告（{inspection.period.text()}）", title_fmt)
        heads = ["被检查单位", "对照目录", "处理单", "台账行", "公开条数", "按时公开率",
                 "程序合规率", "目录覆盖率", "问题数"]
        widths: list[float] = [18, 30, 8, 8, 9, 11, 11, 11, 8]
        for c, (h, w) in enumerate(zip(heads, widths, strict=True)):
            ws.write_string(2, c, h, head_fmt)
            ws.set_column(c, c, w)
        for r, u in enumerate(inspection.units, start=3):
            cat = f"{u.catalogue.unit}{u.catalogue.title}" if u.catalogue else ""
            for c, value in enumerate([u.unit, cat, u.slips, u.ledger_rows, u.published]):
                write_value(ws, r, c, value, cell)
            for c, rate in enumerate((u.on_time_rate, u.procedure_rate, u.coverage_rate), start=5):
                if rate is None:
                    ws.write_string(r, c, "—", cell)
                else:
                    ws.write_number(r, c, rate, pct)
            ws.write_number(r, 8, len(u.findings), cell)
        last = 2 + len(inspection.units)
        ws.freeze_panes(3, 1)
        ws.autofilter(2, 0, last, len(heads) - 1)
        print_landscape_a4(ws, (2, 2), "政务公开工作检查报告")
        if inspection.units:
            chart = wb.add_chart({"type": "bar"})
            for c, name in ((5, "按时公开率"), (6, "程序合规率"), (7, "目录覆盖率")):
                chart.add_series({"name": name, "categories": ["单位得分", 3, 0, last, 0],
                                  "values": ["单位得分", 3, c, last, c], "gap": 60})
            chart.set_title({"name": "各单位得分对比"})
            chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
            chart.set_y_axis({"reverse": True})
            chart.set_legend({"position": "bottom"})
            chart.set_size({"width": 720, "height": max(320, 60 + 42 * len(inspection.units))})
            ws.insert_chart(last + 2, 0, chart)

        fs = wb.add_worksheet("问题清单")
        for c, (h, w) in enumerate(FINDING_COLUMNS):
            fs.write_string(0, c, h, head_fmt)
            fs.set_column(c, c, w)
        widths_f = [w for _, w in FINDING_COLUMNS]
        for r, f in enumerate(inspection.findings, start=1):
            ev = f.evidence
            values = [r, f.unit, f.kind.label, f.clause, f.number, f.title, f.item, f.description(),
                      ev.file if ev else "", (ev.sheet or "") if ev else "",
                      (ev.cell or ev.where or "") if ev else "",
                      _plain(ev.value) if ev else "", f.opinion, f.deadline_text()]
            for c, value in enumerate(values):
                write_value(fs, r, c, value, cell, day)
            fs.set_row(r, min(row_height(values, widths_f), 300))
        fs.freeze_panes(1, 0)
        fs.autofilter(0, 0, max(1, len(inspection.findings)), len(FINDING_COLUMNS) - 1)
        print_landscape_a4(fs, (0, 0), "政务公开工作检查问题清单")

        ns = wb.add_worksheet("说明")
        ns.set_column(0, 0, 30)
        ns.set_column(1, 1, 90)
        ns.write_string(0, 0, "检查说明", title_fmt)
        lines = [("检查期间", inspection.period.text()), ("检查时间", cn_date(inspection.head.date)),
                 ("记录文件", "、".join(inspection.sources)),
                 ("按时公开率", "检查期间内按时公开的条数 ÷ 能核对时限的公开条数（第5.4条、第6.1条，工作日）"),
                 ("程序合规率", "没有核对、审签、理由问题的处理单 ÷ 检查期间内的处理单（第5.1—5.3条、附录C）"),
                 ("目录覆盖率", "检查期间内有公开记录的目录事项 ÷ 适用的目录事项（第4.2条、第6.2条）")]
        for n in inspection.notes:
            lines.append(("注意", n.text()))
        for r, (k, v) in enumerate(lines, start=2):
            ns.write_string(r, 0, k, cell)
            ns.write_string(r, 1, v, cell)


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return value
