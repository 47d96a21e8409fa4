"""A unit's catalogue filled into an office's own workbook (``--template-dir DIR``, DIR/catalogue.xlsx).

The template's first sheet keeps its title rows, widths, fonts and print set-up. Its two-row
header is found by the column titles of seed 001 (序号, 公开事项 over two columns, 公开内容
（要素）, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式, 公开层级, the last
three over their sub-columns). The sub-columns under 公开对象 / 公开方式 are matched by name
(全社会, 特定群众, 主动, 依申请公开); the cells under 公开层级 are replaced, in order, by the
unit's level names (whatever the template has there: {{ level_1 }} / {{ level_2 }} or words
such as 区级 / 镇级). Rows are written under the header with the template's data-row style.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ...inputs.workbook import normalize_header
from ...outputs.xlsxfile import DocProps, set_text
from ...render.xlsx import wrapped
from ...render.xlsx_template import (
    ColumnSpec,
    clear_below,
    column_widths,
    fill_placeholders,
    fitted_height,
    font_size,
    open_template,
    require_header,
    row_styles,
    save_workbook,
    write_cell,
)
from ...standard.catalogues.model import Catalogue
from ...types import FupinError
from .layout import FIXED_HEADERS, GROUP_HEADERS, MARK, checklist_text, rows
from .xlsx import MARK_WIDTH, PAGE_FILL, WIDTHS, plan_pages

LABEL = "标准目录"
KIND_NAME = "catalogue"
TEMPLATE_DESCRIPTION = (
    "《标准目录》Excel 工作簿模板（每单位一份的 .xlsx）：可改标题行、列宽、字体和打印设置；"
    "标题中可用 {{ title }}、{{ unit }}、{{ year }}、{{ subtitle }}，"
    "公开层级下两栏写 {{ level_1 }}、{{ level_2 }}（或任意文字，按顺序换成本单位的层级名称）"
)
PLACEHOLDERS = ("title", "unit", "year", "subtitle", "level_1", "level_2")
SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("no", FIXED_HEADERS[0], ("编号",), True),
    ColumnSpec("item", FIXED_HEADERS[1], ("事项",), True),
    ColumnSpec("elements", FIXED_HEADERS[2], ("公开内容", "公开要素", "公开内容(要素)"), True),
    ColumnSpec("basis", FIXED_HEADERS[3], (), True),
    ColumnSpec("deadline", FIXED_HEADERS[4], (), True),
    ColumnSpec("publisher", FIXED_HEADERS[5], ("公开责任主体",), True),
    ColumnSpec("channels", FIXED_HEADERS[6], ("公开渠道", "公开渠道及载体"), True),
    *(ColumnSpec(k, t, (), True) for k, t in zip(("audiences", "modes", "levels"),
                                                   GROUP_HEADERS, strict=True)),
)




@dataclass
class _Layout:
    sheet: str
    h1: int
    h2: int
    cols: dict[str, int]  # fixed columns; "level1"/"level2" for 公开事项's two columns
    groups: dict[str, list[tuple[int, str]]]  # audiences/modes/levels: (column, label)


def _span(ws: Worksheet, row: int, col: int) -> int:
    for rng in ws.merged_cells.ranges:
        if rng.min_row == row and rng.min_col == col:
            return int(rng.max_col - rng.min_col + 1)
    return 1


def read_layout(wb: Workbook, template: str) -> _Layout:
    """Where the template's columns are; a clear error naming what is missing."""
    ws: Any = wb.worksheets[0]
    match = require_header(ws, SPECS, template)
    h1, h2 = match.row, match.row + 1
    cols = {k: c for k, c in match.columns.items() if k not in ("item", *_GROUPS)}
    item = match.columns["item"]
    if _span(ws, h1, item) < 2:
        raise FupinError(f"模板 {template} 的「{ws.title}」工作表：「公开事项」应合并两列"
                         f"（一级事项、二级事项），第{h1}行没有合并")
    cols["level1"], cols["level2"] = item, item + 1
    groups: dict[str, list[tuple[int, str]]] = {}
    for key in _GROUPS:
        start = match.columns[key]
        groups[key] = [(c, str(ws.cell(row=h2, column=c).value or ""))
                       for c in range(start, start + _span(ws, h1, start))]
    return _Layout(ws.title, h1, h2, cols, groups)


_GROUPS = ("audiences", "modes", "levels")


class CatalogueTemplate:
    """An office's catalogue.xlsx, read and checked once, filled once per unit."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.layout = read_layout(open_template(path), self.name)
        self.data = path.read_bytes()

    def _marks(self, cat: Catalogue) -> list[int]:
        """Template column of each mark, in the order of RowView.marks."""
        lay = self.layout
        out: list[int] = []
        for key, wanted, title in (("audiences", cat.audiences, GROUP_HEADERS[0]),
                                   ("modes", cat.modes, GROUP_HEADERS[1])):
            found = {normalize_header(label): c for c, label in lay.groups[key]}
            missing = [w for w in wanted if normalize_header(w) not in found]
            if missing:
                raise FupinError(
                    f"模板 {self.name} 的「{lay.sheet}」工作表第{lay.h2}行「{title}」下缺少栏目："
                    f"{'、'.join(missing)}（应有：{'、'.join(wanted)}）")
            out += [found[normalize_header(w)] for w in wanted]
        levels = lay.groups["levels"]
        if len(levels) != len(cat.level_columns):
            raise FupinError(
                f"模板 {self.name} 的「{lay.sheet}」工作表「公开层级」下有 {len(levels)} 栏，"
                f"本单位有 {len(cat.level_columns)} 个层级（{'、'.join(cat.level_columns)}）")
        return out + [c for c, _ in levels]

    def write(self, target: Path, cat: Catalogue, values: dict[str, str]) -> None:
        lay = self.layout
        marks = self._marks(cat)
        wb = load_workbook(io.BytesIO(self.data))
        ws: Any = wb[lay.sheet]
        levels = dict(zip(("level_1", "level_2"), cat.level_columns, strict=False))
        fill_placeholders(ws, {**values, **levels}, self.name)
        for (c, _), label in zip(lay.groups["levels"], cat.level_columns, strict=True):
            set_text(ws.cell(row=lay.h2, column=c), label)
        text_cols = [lay.cols[k] for k in ("no", "level1", "level2", "elements", "basis",
                                            "deadline", "publisher", "channels")]
        all_cols = [*text_cols, *marks]
        styles = row_styles(ws, lay.h2, all_cols)
        clear_below(ws, lay.h2)
        widths = dict(zip(all_cols, column_widths(ws, all_cols), strict=True))
        na_cols = sorted({lay.cols[k] for k in ("basis", "deadline", "publisher", "channels")}
                         | set(marks))
        na_merge = na_cols == list(range(na_cols[0], na_cols[-1] + 1))
        merges: list[tuple[int, int, int, int]] = []
        views = rows(cat)
        sizes = {c: font_size(styles[c], 9.0) for c in all_cols}
        top = lay.h2 + 1
        heights: list[float] = []
        level1: list[str] = []
        for r, view in enumerate(views, start=top):
            item = view.item
            cells: dict[int, Any] = {
                lay.cols["no"]: str(view.no),
                lay.cols["level2"]: item.level2, lay.cols["elements"]: "\n".join(view.elements),
            }
            if item.applicable:
                cells |= {lay.cols["basis"]: item.basis, lay.cols["deadline"]: item.deadline_text,
                          lay.cols["publisher"]: item.publisher}
            else:
                cells[na_cols[0] if na_merge else lay.cols["basis"]] = view.not_applicable_text
            na_width = sum(widths[c] for c in na_cols) if not item.applicable and na_merge else 0
            # explicit line breaks: the same lines in every application (no line starts
            # with 、 or 》), short centred labels in even lines
            for c, text in list(cells.items()):
                width = na_width if (na_width and c == na_cols[0]) else widths[c]
                cells[c] = wrapped(text, width, sizes[c], balance=c == lay.cols["level2"])
            if item.applicable:
                cells[lay.cols["channels"]] = checklist_text(view.checklist)
                cells |= {c: MARK if on else None for c, on in zip(marks, view.marks, strict=True)}
            level1.append(wrapped(item.level1, widths[lay.cols["level1"]],
                                  sizes[lay.cols["level1"]], balance=True))
            for c in all_cols:
                write_cell(ws, r, c, cells.get(c), styles[c])
            if not item.applicable and na_merge:
                merges.append((r, na_cols[0], r, na_cols[-1]))
            shown = {c: v for c, v in cells.items() if c != lay.cols["level1"]}
            heights.append(fitted_height(
                list(shown.values()),
                [na_width if (na_width and c == na_cols[0]) else widths[c] for c in shown],
                [sizes[c] for c in shown]))
        groups: list[list[float]] = []
        for view, h in zip(views, heights, strict=True):
            if view.group_start:
                groups.append([])
            groups[-1].append(h)
        above = sum(_row_pt(ws, r) for r in range(1, top))
        repeat = sum(_row_pt(ws, r) for r in range(lay.h1, top))
        breaks, spans = plan_pages(groups, above, repeat, _page_height(ws, column_widths(
            ws, range(1, ws.max_column + 1))))
        c1 = lay.cols["level1"]
        for start, size in spans:  # the 一级事项 merged (and its label shown) on each page
            set_text(ws.cell(row=top + start, column=c1), level1[start])
            need = fitted_height([level1[start]], [widths[c1]], [sizes[c1]])
            short = need - sum(heights[start:start + size])
            if short > 0:
                heights[start + size - 1] += short
            if size > 1:
                merges.append((top + start, c1, top + start + size - 1, c1))
        for i, h in enumerate(heights):
            ws.row_dimensions[top + i].height = h
        for top_row, left, bottom, right in merges:  # after writing: merged cells are read-only
            ws.merge_cells(start_row=top_row, start_column=left, end_row=bottom, end_column=right)
        ws.row_breaks.brk = [b for b in ws.row_breaks.brk if b.id < top]
        for b in breaks:
            if b > 0:
                ws.row_breaks.append(Break(id=top + b - 1))  # a break after this row
        if not ws.print_title_rows:
            ws.print_title_rows = f"{lay.h1}:{lay.h2}"
        save_workbook(wb, target, DocProps(title=cat.title, author=values.get("unit", "")))


# paper sizes (points, portrait) by the sheet's paperSize code; A4 when not set
_PAPER_PT = {1: (612.0, 792.0), 8: (842.0, 1191.0), 9: (595.0, 842.0), 11: (420.0, 595.0)}


def _row_pt(ws: Any, row: int) -> float:
    dim = ws.row_dimensions.get(row)
    return float(dim.height) if dim is not None and dim.height else 15.0


def _page_height(ws: Any, widths: list[float]) -> float:
    """Sheet points on one printed page of the template's own set-up (paper, orientation,
    margins, and its scale: the fit-to-width one Excel works out, or the one set)."""
    setup = ws.page_setup
    w, h = _PAPER_PT.get(int(setup.paperSize or 9), _PAPER_PT[9])
    if setup.orientation == "landscape":
        w, h = h, w
    m = ws.page_margins
    width = w - (float(m.left or 0.7) + float(m.right or 0.7)) * 72
    height = h - (float(m.top or 0.75) + float(m.bottom or 0.75)) * 72
    if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
        px = sum(wd * 7 + 5 for wd in widths)
        scale = max(10, min(100, int(100 * width / (px * 0.75))))
    else:
        scale = int(setup.scale or 100)
    return height * 100 / scale * PAGE_FILL


def check_layout(path: Path) -> list[str]:
    """Problems `templates check` reports for a catalogue.xlsx (empty: none)."""
    try:
        CatalogueTemplate(path)
    except FupinError as exc:
        return [str(exc)]
    return []


def write_blank_template(target: Path) -> None:
    """templates/catalogue.xlsx: the built-in layout as a template an office can edit."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter


    wb = Workbook()
    ws: Any = wb.active
    ws.title = "标准目录"
    subs = ["全社会", "特定群众", "主动", "依申请公开", "{{ level_1 }}", "{{ level_2 }}"]
    last = len(WIDTHS) + len(subs)
    widths = [*WIDTHS, *([MARK_WIDTH] * len(subs))]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    side = Side(style="thin")
    box = Border(left=side, right=side, top=side, bottom=side)
    head = Font(name="宋体", size=9, bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row, text, font, height in ((1, "{{ title }}", Font(name="黑体", size=16), 30),
                                    (2, "{{ subtitle }}", Font(name="宋体", size=10), 18)):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        set_text(ws.cell(row=row, column=1), text)
        ws.cell(row=row, column=1).font = font
        ws.cell(row=row, column=1).alignment = Alignment(
            horizontal="center" if row == 1 else None, vertical="center")
        ws.row_dimensions[row].height = height
    for r in (3, 4):
        for c in range(1, last + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.border, cell.alignment = head, box, center
    set_text(ws.cell(row=3, column=1), FIXED_HEADERS[0])
    ws.merge_cells("A3:A4")
    set_text(ws.cell(row=3, column=2), FIXED_HEADERS[1])
    ws.merge_cells("B3:C4")
    for c, title in enumerate(FIXED_HEADERS[2:], start=4):
        set_text(ws.cell(row=3, column=c), title)
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    c = len(WIDTHS) + 1
    for title in GROUP_HEADERS:
        set_text(ws.cell(row=3, column=c), title)
        ws.merge_cells(start_row=3, start_column=c, end_row=3, end_column=c + 1)
        c += 2
    for i, label in enumerate(subs):
        set_text(ws.cell(row=4, column=len(WIDTHS) + 1 + i), label)
    ws.row_dimensions[3].height = 25
    ws.row_dimensions[4].height = 38
    for c in range(1, last + 1):  # the data-row style the rows are written with
        cell = ws.cell(row=5, column=c)
        centered = c in (1, 2, 3) or c > len(WIDTHS)
        cell.border = box
        cell.font = Font(name="宋体", size=11 if c > len(WIDTHS) else 8 if c == 8 else 9)
        cell.alignment = Alignment(horizontal="center" if centered else "left",
                                   vertical="center", wrap_text=True)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.print_title_rows = "3:4"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
    ws.freeze_panes = "A5"
    save_workbook(wb, target)
