"""The annotated workbook (校验报告.xlsx): a list of the problems, plus the input sheets
with the problem cells marked.

The sheet 问题清单 lists every issue kept (level, file, sheet, 第N行, X列, column header,
the value as the clerk typed it, the rule's Chinese name, clause, message), with borders,
wrapped text, one page wide on A4 landscape. Each input sheet read in the run follows as
a copy of its values (``SheetCopy``, spooled while the rows were read: the input is never
opened again) in which errors are filled red and warnings yellow, each with a comment.
With no issue at all the report is one sheet saying so.

Written with xlsxwriter in constant-memory mode, row by row: memory does not grow with the
input. Text is always written as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..inputs.values import cn_date, strip_invalid
from ..inputs.workbook import SheetCopy, copy_sheets
from ..standard.rules import rule_title
from ..types import SEVERITY_CN, Issue, cell_range_bounds, column_index
from .atomic import atomic_path
from .xlsxfile import DocProps, Workbook

RED = "#FFC7CE"
YELLOW = "#FFEB9C"
ISSUE_SHEET = "问题清单"
HEADERS = ("级别", "文件", "工作表", "行", "列", "列标题", "值", "规则", "条款", "说明")
CODE_HEADER = "规则编号"  # column K: for tools, hidden and outside the print area
WIDTHS = (6, 16, 10, 8, 6, 14, 20, 18, 10, 60)
FONT = "宋体"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
COPY_MAX_WIDTH = 24  # columns of a copied sheet: wider text wraps


def shown(value: Any) -> str | None:
    """A value as the clerk typed it: dates as 2026年10月12日, never 2026-10-12 00:00:00."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return cn_date(value.date())
        return f"{cn_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return cn_date(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(s for v in value if (s := shown(v)) is not None)
    return str(value)


class _Formats:
    def __init__(self, wb: Any) -> None:
        base = {"font_name": FONT, "font_size": 10, "valign": "top"}
        self.head = wb.add_format({**base, "bold": True, "border": 1, "text_wrap": True,
                                   "align": "center", "valign": "vcenter", "bg_color": "#D9D9D9"})
        self.cell = wb.add_format({**base, "border": 1, "text_wrap": True})
        self.red = wb.add_format({**base, "border": 1, "text_wrap": True, "bg_color": RED})
        self.yellow = wb.add_format({**base, "border": 1, "text_wrap": True,
                                     "bg_color": YELLOW})
        self.plain = wb.add_format({**base, "text_wrap": True})
        self.bold = wb.add_format({**base, "bold": True, "text_wrap": True})
        date = {**base, "num_format": DATE_FORMAT}
        self.date = wb.add_format(date)
        self.date_red = wb.add_format({**date, "bg_color": RED})
        self.date_yellow = wb.add_format({**date, "bg_color": YELLOW})
        self.mark_red = wb.add_format({**base, "text_wrap": True, "bg_color": RED})
        self.mark_yellow = wb.add_format({**base, "text_wrap": True, "bg_color": YELLOW})
        self.datetime = wb.add_format({**base, "num_format": DATE_FORMAT + " hh:mm"})
        self.time = wb.add_format({**base, "num_format": "hh:mm"})

    def fill(self, severity: str | None) -> Any:
        return self.red if severity == "error" else self.yellow


LINE_HEIGHT = 13.5  # points per line of 10 pt 宋体


_WIDE = frozenset("WF")


def _lines(text: str | None, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (CJK count two)."""
    if not text:
        return 1
    per_line = max(1.0, width - 1)
    if len(text) * 2 <= per_line and "\n" not in text:
        return 1  # fits even if every character is wide: most cells of a copied sheet
    total = 0
    for line in text.split("\n"):
        w = len(line) if line.isascii() else len(line) + sum(map(_WIDE_CHAR.__getitem__, line))
        total += max(1, math.ceil(w / per_line))
    return total


class _WideChars(dict[str, bool]):
    """character -> is it wide (East Asian Width W or F); each character looked up once."""

    def __missing__(self, ch: str) -> bool:
        wide = self[ch] = unicodedata.east_asian_width(ch) in _WIDE
        return wide


_WIDE_CHAR = _WideChars()


def _write(ws: Any, r: int, c: int, value: Any, fmt: Any, f: _Formats | None = None,
           mark: str | None = None) -> None:
    """One cell of a copied sheet: its value with its type, text always as text.

    Calls xlsxwriter's ``_write_*`` methods, which its public ``write_*`` call after
    parsing A1-style arguments (the copy writes every cell of the input: that parsing was a
    fifth of the time); ``SafeWorksheet._write_string`` still quote-prefixes formula text."""
    if value is None:
        ws._write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        ws._write_string(r, c, strip_invalid(value), fmt)
    elif isinstance(value, bool):
        ws._write_boolean(r, c, value, fmt)
    elif isinstance(value, int | float):
        ws._write_number(r, c, value, fmt)
    elif isinstance(value, dt.datetime | dt.date | dt.time) and f is not None:
        if isinstance(value, dt.datetime) and value.time() != dt.time():
            dfmt = f.datetime if mark is None else fmt
        elif isinstance(value, dt.time):
            dfmt = f.time if mark is None else fmt
        else:
            dfmt = {None: f.date, "error": f.date_red}.get(mark, f.date_yellow)
        ws._write_datetime(r, c, value, dfmt)
    else:
        ws._write_string(r, c, strip_invalid(shown(value) or ""), fmt)


def write_annotated(source: Path, issues: Sequence[Issue], target: Path,
                    copies: Iterable[SheetCopy] = (), note: str | None = None,
                    author: str = "") -> None:
    """Write 校验报告.xlsx: 问题清单 and, when any issue has a cell, the copies of the
    sheets of ``source`` that were read (``copies``), marked. ``note`` is printed under
    the list (e.g. that only the first issues are kept)."""
    # only issues about this very file are marked in its copy
    located = [i for i in issues if i.sheet and i.row and i.file in (None, source.name)]
    copies = [c for c in copies if c.file == source.name] if located else []
    owned: list[SheetCopy] = []
    if located and not copies:  # the caller kept no rows: read the sheets concerned once
        copies = owned = copy_sheets(source, [i.sheet for i in located if i.sheet])
    with atomic_path(target) as tmp:
        # constant memory needs the parts on disk (in_memory would switch it off)
        wb = Workbook(str(tmp), DocProps(title="校验报告", author=author),
                      {"constant_memory": True, "in_memory": False})
        f = _Formats(wb)
        _issue_sheet(wb, f, issues, note)
        try:
            for copy in copies:
                _copy_sheet(wb, f, copy, [i for i in located if i.sheet == copy.sheet])
        finally:
            for copy in owned:
                copy.close()
        wb.close()


def _issue_sheet(wb: Any, f: _Formats, issues: Sequence[Issue], note: str | None) -> None:
    ws = wb.add_worksheet(ISSUE_SHEET)
    ws.activate()
    for c, w in enumerate(WIDTHS):
        ws.set_column(c, c, w)
    ws.set_column(len(HEADERS), len(HEADERS), 24, None, {"hidden": True})
    for c, h in enumerate((*HEADERS, CODE_HEADER)):
        ws.write_string(0, c, h, f.head)
    ws.freeze_panes(1, 0)
    if not issues:
        ws.merge_range(1, 0, 1, len(HEADERS) - 1, "未发现问题", f.cell)
    for r, issue in enumerate(issues, start=1):
        values = (
            SEVERITY_CN[issue.severity], issue.file, issue.sheet,
            f"第{issue.row}行" if issue.row else (f"第{issue.record}条" if issue.record else None),
            f"{issue.column_letter}列" if issue.column_letter else None, issue.column,
            shown(issue.value), rule_title(issue.code), issue.clause, issue.message,
        )
        lines = max(_lines(v, w) for v, w in zip(values, WIDTHS, strict=True))
        if lines > 1:
            ws.set_row(r, min(409, LINE_HEIGHT * lines + 2))
        ws.write_string(r, 0, values[0], f.fill(issue.severity))
        for c, v in enumerate(values[1:], start=1):
            text = strip_invalid(v or "")
            ws.write_string(r, c, text, f.cell)
        ws.write_string(r, len(HEADERS), issue.code, f.plain)
    last = max(1, len(issues))
    ws.autofilter(0, 0, last, len(HEADERS) - 1)
    if note:
        ws.write_string(last + 2, 0, note, f.bold)
    # print on A4 landscape, one page wide, header row on every page
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.print_area(0, 0, last + (2 if note else 0), len(HEADERS) - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")


def _top_left(copy: SheetCopy) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) of a merged range's other cells -> its top-left cell (1-based)."""
    cells: dict[tuple[int, int], tuple[int, int]] = {}
    for ref in copy.merges:
        bounds = cell_range_bounds(ref)
        if bounds is None:
            continue
        min_col, min_row, max_col, max_row = bounds
        if (max_row - min_row + 1) * (max_col - min_col + 1) > 10_000:
            continue
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                cells[(r, c)] = (min_row, min_col)
    return cells


def _marks(copy: SheetCopy, issues: Sequence[Issue]) -> dict[int, dict[int, list[Issue]]]:
    """row -> column -> the issues about that cell (1-based, as Excel shows them)."""
    merged = _top_left(copy) if copy.merges else {}
    marks: dict[int, dict[int, list[Issue]]] = defaultdict(lambda: defaultdict(list))
    for issue in issues:
        assert issue.row is not None
        col = column_index(issue.column_letter) if issue.column_letter else 1
        row, col = merged.get((issue.row, col), (issue.row, col))
        marks[row][col].append(issue)
    return marks


def _merge_rows(copy: SheetCopy, mark_rows: Sequence[int]
                ) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The copied rows in order, with an empty row for a marked row that held no value."""
    pending = iter(sorted(mark_rows))
    nxt = next(pending, None)
    for rownum, values in copy:
        while nxt is not None and nxt < rownum:
            yield nxt, ()
            nxt = next(pending, None)
        if nxt == rownum:
            nxt = next(pending, None)
        yield rownum, values
    while nxt is not None:
        yield nxt, ()
        nxt = next(pending, None)


def _copy_sheet(wb: Any, f: _Formats, copy: SheetCopy, issues: Sequence[Issue]) -> None:
    name = copy.sheet if copy.sheet != ISSUE_SHEET else f"{copy.sheet}（原表）"
    ws = wb.add_worksheet(name[:31])
    width = len(copy.widths)
    widths = [min(max(w + 2, 6), COPY_MAX_WIDTH) for w in copy.widths]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    marks = _marks(copy, issues)
    header = copy.header_row
    # a text shorter than this (in characters) fits its column even if all are wide
    fits = [max(1.0, w - 1) / 2 for w in widths]
    no_marks: dict[int, list[Issue]] = {}
    write_string = ws._write_string
    serials: dict[dt.datetime, float] = {}  # Excel's serial of each date (dates repeat)
    for rownum, values in _merge_rows(copy, list(marks)):
        row_marks = marks.get(rownum, no_marks)
        r = rownum - 1
        cols = len(values)
        lines = 1
        for c, v in enumerate(values[:len(widths)]):
            if isinstance(v, str) and (len(v) > fits[c] or "\n" in v):
                lines = max(lines, _lines(v, widths[c]))
        if lines > 1:
            ws.set_row(r, min(409, LINE_HEIGHT * min(lines, 8) + 2))
        if not row_marks:  # most rows: every cell as read, plain (header rows bold)
            fmt = f.bold if rownum <= header else f.plain
            for c, v in enumerate(values):
                # _write for the common cells (text, a date at midnight), inlined
                kind = v.__class__
                if kind is str:
                    write_string(r, c, v if v.isprintable() else strip_invalid(v), fmt)
                elif kind is dt.datetime and v.hour == v.minute == v.second == v.microsecond == 0:
                    serial = serials.get(v)
                    if serial is None:
                        serial = serials[v] = ws._convert_date_time(v)
                    # what xlsxwriter's _write_datetime stores, the same XML
                    if ws._write_number(r, c, serial, f.date) == -1:
                        ws._write_datetime(r, c, v, f.date)
                elif v is not None:
                    _write(ws, r, c, v, fmt, f)
            width = max(width, cols)
            continue
        for c in range(max(cols, max(row_marks, default=0))):
            v = values[c] if c < cols else None
            found = row_marks.get(c + 1)
            if found:
                severity = "error" if any(i.severity == "error" for i in found) else "warning"
                fmt = f.mark_red if severity == "error" else f.mark_yellow
                _write(ws, r, c, v, fmt, f, severity)
                note = "\n".join(
                    f"[{SEVERITY_CN[i.severity]}] {i.message}" + (f"（{i.clause}）" if i.clause else "")
                    for i in found[:20])
                ws.write_comment(r, c, strip_invalid(note)[:30000],
                                 {"author": "fupin-docs", "x_scale": 2, "y_scale": 2.5})
            elif v is not None:
                _write(ws, r, c, v, f.bold if rownum <= header else f.plain, f)
        width = max(width, cols, max(row_marks, default=0))
    ws.freeze_panes(header, 0)
    # printable like the list: A4 landscape, header rows on every page; a sheet too wide for
    # one page at a readable size goes several pages across at PRINT_SCALE, each band of rows
    # printed across before the next, its first column (编号) repeated on each page
    ws.set_paper(9)
    ws.set_landscape()
    if fits_one_page(widths[:width]):
        ws.fit_to_pages(1, 0)
    else:  # a fixed scale: the text size does not depend on the sheet's width
        ws.set_print_scale(PRINT_SCALE)
        ws.print_across()
        ws.repeat_columns(0)
    ws.repeat_rows(0, max(0, header - 1))
    ws.hide_gridlines(0)  # gridlines on screen and on paper
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f"&C{_header_text(copy)}")
    ws.set_footer("&C第 &P 页，共 &N 页")
    if width:
        ws.print_area(0, 0, max(header - 1, copy.last_row - 1), width - 1)


# character widths (Excel's column unit) an A4 landscape page holds between the margins of the
# copied sheets: about 128 at 100 % (measured in LibreOffice's PDF), so up to this many fit one
# page wide at 70 % or more; a wider sheet (a 处理单 has 29 columns, ~450) fit to one page would
# print at 3-4 pt
PAGE_CHARS = 180
PRINT_SCALE = 75  # % for a wider sheet: text about 7.5 pt, as many pages across as it takes


def fits_one_page(widths: Sequence[float]) -> bool:
    return sum(widths) <= PAGE_CHARS


def _header_text(copy: SheetCopy) -> str:
    """The page header of a copied sheet (``&`` is a control character there)."""
    return f"{copy.file} 工作表「{copy.sheet}」（红色为错误，黄色为警告）".replace("&", "&&")

