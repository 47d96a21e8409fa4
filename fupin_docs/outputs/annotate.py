"""The annotated workbook (校验报告.xlsx): the input with problem cells marked, plus a list.

Errors are filled red, warnings yellow, each with a comment; a sheet 问题清单 lists every
issue (sheet, row, column header, value, rule, clause, message). Text is always written as
text, never as a formula.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string

from ..types import SEVERITY_CN, Issue
from .atomic import atomic_path
from .xlsxfile import DocProps, save_openpyxl, set_text

RED = PatternFill("solid", fgColor="FFC7CE")
YELLOW = PatternFill("solid", fgColor="FFEB9C")
ISSUE_SHEET = "问题清单"
HEADERS = ("级别", "文件", "工作表", "行", "列", "列标题", "值", "规则", "条款", "说明")


def _load_source(source: Path) -> Workbook | None:
    if source.suffix.lower() != ".xlsx" or not zipfile.is_zipfile(source):
        return None
    try:
        return load_workbook(source)
    except Exception:  # the input was readable in read-only mode; fall back to a list only
        return None


def write_annotated(source: Path, issues: Sequence[Issue], target: Path) -> None:
    # only issues about this very file are marked in its copy
    located = [i for i in issues if i.sheet and i.row and i.file in (None, source.name)]
    wb = _load_source(source) if located else None
    if wb is None:
        wb = Workbook()
        ws0 = wb.active
        assert ws0 is not None
        wb.remove(ws0)
    else:
        for issue in located:
            if issue.sheet not in wb.sheetnames:
                continue
            ws = wb[issue.sheet]
            col = column_index_from_string(issue.column_letter) if issue.column_letter else 1
            cell = ws.cell(row=issue.row or 1, column=col)
            if isinstance(cell, MergedCell):  # mark the merged range's top-left cell instead
                for merged in ws.merged_cells.ranges:
                    if cell.coordinate in merged:
                        cell = ws.cell(row=merged.min_row, column=merged.min_col)
                        break
            fill = RED if issue.severity == "error" else YELLOW
            if cell.fill != RED:
                cell.fill = fill
            note = f"[{SEVERITY_CN[issue.severity]}] {issue.message}" + (
                f"（{issue.clause}）" if issue.clause else ""
            )
            if cell.comment is not None and cell.comment.author == "fupin-docs":
                note = cell.comment.text + "\n" + note
            comment = Comment(note, "fupin-docs")
            comment.width, comment.height = 320, 140
            cell.comment = comment
    if ISSUE_SHEET in wb.sheetnames:
        del wb[ISSUE_SHEET]
    ws = wb.create_sheet(ISSUE_SHEET, 0)
    for c, h in enumerate(HEADERS, start=1):
        cell = ws.cell(row=1, column=c)
        set_text(cell, h)
        cell.font = Font(bold=True)
    for r, issue in enumerate(issues, start=2):
        values = (
            SEVERITY_CN[issue.severity], issue.file, issue.sheet,
            issue.row if issue.row else (f"第{issue.record}条" if issue.record else None),
            issue.column_letter, issue.column,
            None if issue.value is None else str(issue.value), issue.code, issue.clause,
            issue.message,
        )
        for c, v in enumerate(values, start=1):
            set_text(ws.cell(row=r, column=c), v)
        ws.cell(row=r, column=1).fill = RED if issue.severity == "error" else YELLOW
    if not issues:
        set_text(ws.cell(row=2, column=10), "未发现问题")
    widths = (6, 18, 10, 6, 5, 16, 24, 26, 10, 70)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = w
    for row in ws.iter_rows(min_row=2, min_col=10, max_col=10):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:J{max(2, len(issues) + 1)}"
    # print on A4 landscape, one page wide, header row on every page
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    wb.active = 0
    with atomic_path(target) as tmp:
        save_openpyxl(wb, tmp, DocProps(title="校验报告"))
