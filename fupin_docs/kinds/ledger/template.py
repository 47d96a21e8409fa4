"""The ledger filled into an office's own workbook (``--template-dir DIR`` with DIR/ledger.xlsx).

The office's 发布台账 sheet keeps its title rows, column order, widths, fonts and print set-up;
the rows are written under its header row with the style of its first data row. 不予公开登记
is filled the same way when the template has it, otherwise added with the built-in columns;
汇总 is written below whatever the template's 汇总 sheet holds, or added. Other sheets stay.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...outputs.xlsxfile import DocProps, set_text
from ...render.xlsx_template import (
    ColumnSpec,
    HeaderMatch,
    clear_below,
    column_widths,
    extend_ranges,
    fill_placeholders,
    find_header,
    fitted_height,
    font_size,
    open_template,
    require_header,
    row_styles,
    save_workbook,
    template_row_height,
    write_cell,
)
from ...types import FupinError
from . import LEDGER_SCHEMA, STATUS_CN, Ledger, deadline_line
from .workbook import (
    DATE_FORMAT,
    LEDGER_COLUMNS,
    LEDGER_SHEET,
    SUMMARY_SHEET,
    WITHHELD_COLUMNS,
    WITHHELD_SHEET,
    ledger_row,
    ledger_title,
    summary_title,
    withheld_row,
    withheld_title,
)

TEMPLATE = "ledger.xlsx"  # --template-dir looks for this name
LABEL = "政务公开信息发布台账"
KIND_NAME = "ledger"
TEMPLATE_DESCRIPTION = (
    "《政务公开信息发布台账》Excel 工作簿模板：可改标题行、列顺序、列宽、字体和打印设置，"
    "表头须含必需的列；标题中可用 {{ title }}、{{ year }}、{{ source }}"
)
PLACEHOLDERS = ("title", "year", "source")

# the ledger columns in ledger_row()'s order: key, header, aliases, required (§5.5, appendix D)
_LEDGER_KEYS = ("seq", "number", "title", "item", "office", "formed_date", "signoff_date",
                "published_date", "channels", "ways", "disclosure", "publisher", "on_time",
                "deadline_rule", "remarks")
_LEDGER_REQUIRED = {"number", "title", "item", "office", "signoff_date", "published_date",
                    "channels", "ways", "publisher", "on_time"}


def _aliases(key: str) -> tuple[str, ...]:
    prop = LEDGER_SCHEMA["properties"].get(key, {})
    return (prop.get("title", key), *prop.get("x-header-aliases", []))


LEDGER_SPECS: tuple[ColumnSpec, ...] = (
    *(ColumnSpec(key, header, _aliases(key), key in _LEDGER_REQUIRED, width)
      for key, (header, width) in zip(_LEDGER_KEYS, LEDGER_COLUMNS, strict=True)),
    ColumnSpec("summary", "内容描述", _aliases("summary"), False, 30),
)
_WITHHELD_KEYS = ("seq", "number", "title", "item", "office", "formed_date", "signoff_date",
                  "signers", "reason", "remarks")
_WITHHELD_ALIASES: dict[str, tuple[str, ...]] = {
    "signers": ("审签人", "审签领导姓名"), "reason": ("理由", "不予公开(删减)理由", "不予公开原因"),
}
WITHHELD_SPECS: tuple[ColumnSpec, ...] = tuple(
    ColumnSpec(key, header, _WITHHELD_ALIASES.get(key, _aliases(key)),
               key in {"number", "title", "reason"}, width)
    for key, (header, width) in zip(_WITHHELD_KEYS, WITHHELD_COLUMNS, strict=True)
)

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY = Font(name="宋体", size=10)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
LATE_FONT = Font(name="宋体", size=10, bold=True, color="9C0006")
LATE_FILL = PatternFill("solid", fgColor="FFC7CE")


def placeholder_values(ledger: Ledger, title: str) -> dict[str, str]:
    return {"title": title, "year": ledger.year_text, "source": ledger.source}


def office_template(template_dir: Path | None) -> Path | None:
    """DIR/ledger.xlsx when the office has one; None: the built-in layout."""
    if template_dir is None:
        return None
    path = template_dir / TEMPLATE
    return path if path.is_file() else None


def write_ledger_from_template(ledger: Ledger, template: Path, target: Path) -> None:
    wb = open_template(template)
    name = template.name
    ws = _ledger_sheet(wb, name)
    rows = [dict(zip(_LEDGER_KEYS, ledger_row(n, e), strict=True)) | {"summary": e.v.get("summary")}
            for n, e in enumerate(ledger.rows, start=1)]
    fill_placeholders(ws, placeholder_values(ledger, ledger_title(ledger)), name)
    _fill_table(ws, require_header(ws, LEDGER_SPECS, name), rows, late_key="on_time")

    wtitle = withheld_title(ledger)
    withheld = [dict(zip(_WITHHELD_KEYS, withheld_row(n, e), strict=True))
                for n, e in enumerate(ledger.withheld, start=1)]
    wws: Any
    sws: Any
    if WITHHELD_SHEET in wb.sheetnames:
        wws = wb[WITHHELD_SHEET]
        fill_placeholders(wws, placeholder_values(ledger, wtitle), name)
        _fill_table(wws, require_header(wws, WITHHELD_SPECS, name), withheld)
    else:
        wws = _builtin_table_sheet(wb, WITHHELD_SHEET, wtitle, WITHHELD_SPECS)
        _fill_table(wws, HeaderMatch(row=2, columns={s.key: i for i, s in
                                                      enumerate(WITHHELD_SPECS, start=1)}),
                    withheld)

    heading = summary_title(ledger)
    if SUMMARY_SHEET in wb.sheetnames:
        sws = wb[SUMMARY_SHEET]
        fill_placeholders(sws, placeholder_values(ledger, heading), name)
        used = sws.max_row if any(c.value is not None for row in sws.iter_rows() for c in row) else 0
        _Summary(sws, ledger, heading, start=used + 2 if used else 1, title=not used).write()
    else:
        sws = wb.create_sheet(SUMMARY_SHEET)
        _Summary(sws, ledger, heading, start=1, title=True).write()
    wb.active = wb.sheetnames.index(ws.title)
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    save_workbook(wb, target, DocProps(title=ledger_title(ledger), author=ledger.unit))


def _ledger_sheet(wb: Workbook, template: str) -> Worksheet:
    if LEDGER_SHEET in wb.sheetnames:
        sheet: Any = wb[LEDGER_SHEET]
        return cast(Worksheet, sheet)
    for ws in wb.worksheets:  # a renamed sheet: the one whose header matches
        match = find_header(ws, LEDGER_SPECS)
        if match is not None and len(match.columns) >= 4:
            return ws
    raise FupinError(f"模板 {template} 中没有「{LEDGER_SHEET}」工作表，也没有哪个工作表有台账表头"
                     f"（{'、'.join(s.title for s in LEDGER_SPECS if s.required)}）")


def _fill_table(ws: Worksheet, match: HeaderMatch, rows: list[dict[str, Any]],
                late_key: str | None = None) -> None:
    header = match.row
    cols = sorted(match.columns.items(), key=lambda kv: kv[1])
    styles = row_styles(ws, header, [c for _, c in cols])
    fixed = template_row_height(ws, header)
    clear_below(ws, header)
    widths = column_widths(ws, [c for _, c in cols])
    sizes = [font_size(styles[c]) for _, c in cols]
    r = header
    for r, values in enumerate(rows, start=header + 1):
        for key, c in cols:
            cell = write_cell(ws, r, c, values.get(key), styles[c])
            if key == late_key and values.get(key) == "否":
                f = cell.font
                cell.font = Font(name=f.name, size=f.sz, italic=f.i, bold=True, color="9C0006")
                cell.fill = LATE_FILL
        height = fitted_height([values.get(k) for k, _ in cols], widths, sizes)
        ws.row_dimensions[r].height = max(height, fixed or 0)
    if not rows:
        r = header + 1
        first = cols[0][1]
        for _, c in cols:
            write_cell(ws, r, c, "（无）" if c == first else None, styles[c])
    extend_ranges(ws, header, r)
    if not ws.print_title_rows:
        ws.print_title_rows = f"1:{header}"


def _builtin_table_sheet(wb: Workbook, name: str, title: str,
                         specs: tuple[ColumnSpec, ...]) -> Worksheet:
    """A sheet the template lacks, laid out like the built-in one (title row, header row 2)."""
    ws: Any = wb.create_sheet(name)
    last = get_column_letter(len(specs))
    ws.merge_cells(f"A1:{last}1")
    set_text(ws["A1"], title)
    ws["A1"].font = Font(name="黑体", size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    for c, spec in enumerate(specs, start=1):
        cell = ws.cell(row=2, column=c)
        set_text(cell, spec.title)
        cell.font = Font(name="宋体", size=10, bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = spec.width
        below = ws.cell(row=3, column=c)  # the data-row style _fill_table copies
        below.font = BODY
        below.border = BOX
        below.alignment = Alignment(vertical="top", wrap_text=True)
    ws.row_dimensions[2].height = 28
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}3"
    _landscape(ws)
    ws.oddFooter.center.text = f"{title.replace('&', '&&')}  第 &P 页 共 &N 页"
    return cast(Worksheet, ws)


def _landscape(ws: Any) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


class _Summary:
    """The 汇总 sheet in openpyxl: the built-in sections as plain tables, plus a chart."""

    def __init__(self, ws: Any, ledger: Ledger, heading: str, start: int,
                 title: bool) -> None:
        self.ws, self.ledger, self.heading, self.r, self.title = ws, ledger, heading, start, title

    def put(self, col: int, value: Any, *, head: bool = False, bold: bool = False,
            note: bool = False, pct: bool = False, box: bool = True) -> None:
        cell = self.ws.cell(row=self.r, column=col)
        set_text(cell, "—" if value is None else value)
        cell.font = Font(name="宋体", size=10, bold=head or bold,
                         color="555555" if note else None)
        cell.alignment = Alignment(vertical="top", wrap_text=not note,
                                   horizontal="center" if head else None)
        if box and not note:
            cell.border = BOX
        if head:
            cell.fill = HEAD_FILL
        if pct:
            cell.number_format = "0.0%"
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT

    def row(self, values: list[Any], **kw: Any) -> None:
        for c, v in enumerate(values, start=1):
            self.put(c, v, **kw)
        self.r += 1

    def h2(self, text: str) -> None:
        cell = self.ws.cell(row=self.r, column=1)
        set_text(cell, text)
        cell.font = Font(name="黑体", size=12)
        self.r += 1

    def note(self, text: str) -> None:
        self.put(1, text, note=True)
        self.r += 1

    def write(self) -> None:
        ws, ledger = self.ws, self.ledger
        if self.title:
            ws.merge_cells(start_row=self.r, start_column=1, end_row=self.r, end_column=8)
            set_text(ws.cell(row=self.r, column=1), self.heading)
            ws.cell(row=self.r, column=1).font = Font(name="黑体", size=16)
            ws.cell(row=self.r, column=1).alignment = Alignment(horizontal="center")
            ws.row_dimensions[self.r].height = 30
            self.r += 1
            ws.column_dimensions["A"].width = 34
            for c in range(2, 9):
                ws.column_dimensions[get_column_letter(c)].width = 11
            ws.page_setup.paperSize = ws.PAPERSIZE_A4
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        self.note(f"来源：{ledger.source}。依据{ledger.standard_title}第5.5条、第6.1条、第6.2条；"
                  "时限按工作日计算（法定节假日、调休）。")
        self.r += 1
        self.h2("一、处理单行数核对")
        counts = ledger.counts()
        buckets = [s for s in STATUS_CN if s != "other_year" or ledger.year is not None]
        self.row(["去向", "行数"], head=True)
        for s in buckets:
            self.row([STATUS_CN[s], counts[s]])
        self.row(["合计（= 读取的处理单行数）", sum(counts[s] for s in buckets)], bold=True)
        self.note(ledger.balance_text())
        for e in ledger.entries:
            if e.status in ("unpublished", "rejected"):
                number = e.v.get("number") or e.rec.raw.get("number") or ""
                self.note(f"{STATUS_CN[e.status]}：{number} {e.v.get('title') or ''}（{e.place()}）")
        self.r += 1
        self.h2("二、按时公开情况")
        self.row(["项目", "数值"], head=True)
        self.row(["已公开（列入台账）", len(ledger.rows)])
        self.row(["按时公开", ledger.checked_on_time])
        self.row(["超期公开", len(ledger.late)])
        if ledger.unchecked:
            self.row(["时限未核对（节假日安排尚未提供）", len(ledger.unchecked)])
        self.put(1, "按时公开率")
        self.put(2, ledger.on_time_rate(), pct=True)
        self.r += 2
        for no, (key, label) in zip("三四五六", (("item", "公开事项"), ("office", "责任股室"),
                                               ("channels", "公开渠道"), ("month", "月份")),
                                    strict=True):
            self.h2(f"{no}、按{label}统计")
            unchecked = bool(ledger.unchecked)  # a 未核对 column, out of the rate (as in 二)
            self.row([label, "公开条数", "按时", *(["未核对"] if unchecked else []), "按时率"],
                     head=True)
            data = ledger.by(key)
            for b in data:
                self.row([b.name, b.total, b.on_time, *([b.unchecked] if unchecked else [])])
                self.r -= 1
                self.put(4 + unchecked, b.rate, pct=True)
                self.r += 1
            if not data:
                self.row(["（无）"])
            if key == "channels":
                self.note("注：一条信息可通过多个渠道公开，各渠道条数之和可大于公开条数。")
            self.r += 1
        self.h2("七、各股室每月公开条数")
        months, offices, cells = ledger.pivot()
        top = self.r
        self.row(["月份", *offices, "合计"], head=True)
        for m in months:
            counts_m = [cells.get((m, o), 0) for o in offices]
            self.row([m, *counts_m, sum(counts_m)])
        if months and offices:
            chart = BarChart()
            chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
            chart.title = "各股室每月公开条数"
            data_ref = Reference(ws, min_col=2, max_col=len(offices) + 1, min_row=top,
                                 max_row=top + len(months))
            chart.add_data(data_ref, titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=1, min_row=top + 1,
                                           max_row=top + len(months)))
            chart.y_axis.majorUnit = 1
            chart.legend.position = "b"
            chart.width, chart.height = 16, 8
            ws.add_chart(chart, f"A{self.r + 1}")
            self.r += 17
        self.r += 1
        self.h2("八、超期公开清单（按工作日计算）")
        self.row(["信息编号及标题", "责任股室", "公开日期", "截止日期", "超期工作日",
                  "适用时限（未满足的）"], head=True)
        for e in ledger.late:
            worst = max(e.missed, key=lambda t: t.days_late)
            self.row([f"{e.v.get('number')}\n{e.v.get('title') or ''}", e.v.get("office"),
                      e.published, worst.due, e.days_late,
                      "\n".join(deadline_line(t) for t in e.missed)])
        if not ledger.late:
            self.row(["（无超期）"])
        self.r += 1
        self.h2("九、按年度更新的事项（第6.2条）")
        if ledger.annual_year is None:
            self.note("未指定年度，且公开日期跨多个年度，未核对。")
        else:
            self.row(["公开事项", "目录", f"{ledger.annual_year}年公开条数", "状态"], head=True)
            for a in ledger.annual:
                self.row([a.label, a.catalogue, a.count, "已更新" if a.updated else "未更新"])
            if not ledger.annual:
                self.note("（目录中没有标为按年度更新的事项）")
        self.r += 1
        self.note("注：工作日按国家法定节假日和调休计算。")


def write_blank_template(target: Path) -> None:
    """templates/ledger.xlsx: the built-in columns as a template an office can edit."""
    wb = Workbook()
    first: Any = wb.active
    wb.remove(first)
    for name, specs, title in ((LEDGER_SHEET, LEDGER_SPECS[:-1], "{{ title }}"),
                               (WITHHELD_SHEET, WITHHELD_SPECS, "{{ title }}")):
        ws: Any = _builtin_table_sheet(wb, name, title, specs)
        ws.print_title_rows = "2:2"
        for c, spec in enumerate(specs, start=1):
            cell = ws.cell(row=3, column=c)
            if spec.key in ("seq", "office", "disclosure", "publisher", "on_time", "signers"):
                cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
            if spec.key.endswith("_date"):
                cell.number_format = DATE_FORMAT
                cell.alignment = Alignment(horizontal="center", vertical="top")
    save_workbook(wb, target)
