"""Fill an office's own .xlsx template with openpyxl (the built-in layouts use xlsxwriter).

An office edits a workbook in Excel/WPS (title rows, column widths, fonts, print set-up) and
passes its folder with ``--template-dir``. This module holds what every kind needs:

- ``{{ name }}`` placeholders in cell text and page headers/footers, replaced by plain string
  substitution (no Jinja: nothing in the template is evaluated);
- the header row found by matching known column titles (forgiving: width, blanks, ``*`` and
  ``：`` do not matter; known aliases; columns in any order, optional ones may be dropped);
- the style (font, border, fill, alignment, number format) of the template's first data row
  copied to every row written, column widths and print set-up left as they are;
- text written as text (a title ``=1+1`` never becomes a formula).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..inputs import zipguard
from ..inputs.workbook import normalize_header
from ..inputs.zipguard import guard_zip
from ..outputs.atomic import atomic_path
from ..outputs.xlsxfile import DocProps, save_openpyxl, set_text
from ..types import FupinError
from .xlsx import text_lines

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
HEADER_SCAN_ROWS = 15  # the header row is looked for in the first rows of the sheet
DATE_FORMAT = 'yyyy"年"m"月"d"日"'  # 2026年3月2日, as the slips write dates


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    width: float = 10.0  # used only when the sheet is added with the built-in layout

    def names(self) -> set[str]:
        return {normalize_header(n) for n in (self.title, *self.aliases)}


@dataclass
class HeaderMatch:
    row: int  # 1-based row of the header
    columns: dict[str, int] = field(default_factory=dict)  # key -> 1-based column
    missing: list[ColumnSpec] = field(default_factory=list)  # required columns not found


def open_template(path: Path) -> Workbook:
    """The office's workbook, with styles; a clear Chinese error when it cannot be read."""
    if not path.is_file():
        raise FupinError(f"找不到模板文件：{path}")
    if not zipfile.is_zipfile(path):
        raise FupinError(f"模板 {path.name} 不是有效的 Excel .xlsx 文件（请用 Excel/WPS 另存为 .xlsx）")
    guard_zip(path, f"模板 {path.name}", ".xlsx", xml_limit=zipguard.MAX_XML)
    try:
        return load_workbook(path)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FupinError(f"模板 {path.name} 无法读取（文件可能已损坏），"
                         "请用 Excel/WPS 打开后另存为 .xlsx") from exc


# ------------------------------------------------------------------ placeholders


def _text_cells(ws: Worksheet) -> Iterable[Cell]:
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and not isinstance(cell, MergedCell):
                yield cell


def _header_footer_parts(ws: Worksheet) -> Iterable[Any]:
    hf: Any
    for hf in (ws.oddHeader, ws.oddFooter, ws.evenHeader, ws.evenFooter,
               ws.firstHeader, ws.firstFooter):
        for part in (hf.left, hf.center, hf.right):
            if part.text:
                yield part


def placeholders_in(ws: Worksheet) -> list[tuple[str, str]]:
    """(where, name) of every ``{{ name }}`` in cells and page headers/footers."""
    found: list[tuple[str, str]] = []
    for cell in _text_cells(ws):
        found += [(f"{ws.title}!{cell.coordinate}", m) for m in PLACEHOLDER.findall(str(cell.value))]
    for part in _header_footer_parts(ws):
        found += [(f"{ws.title} 页眉页脚", m) for m in PLACEHOLDER.findall(part.text)]
    return found


def unknown_placeholders(wb: Workbook, known: Iterable[str]) -> list[tuple[str, str]]:
    names = set(known)
    return [(where, name) for ws in wb.worksheets for where, name in placeholders_in(ws)
            if name not in names]


def fill_placeholders(ws: Worksheet, values: Mapping[str, str], template: str) -> None:
    """Replace ``{{ name }}`` by plain text; an unknown name stops with its cell named."""
    unknown = [(where, name) for where, name in placeholders_in(ws) if name not in values]
    if unknown:
        where, name = unknown[0]
        raise FupinError(
            f"模板 {template} 的 {where} 有占位符 {{{{ {name} }}}}，数据中没有（可用："
            f"{'、'.join('{{ ' + k + ' }}' for k in values)}）；请改正后再生成")

    def sub(text: str) -> str:
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)

    for cell in list(_text_cells(ws)):
        text = str(cell.value)
        if PLACEHOLDER.search(text):
            set_text(cell, sub(text))
    for part in _header_footer_parts(ws):
        # a literal & in page header/footer text is written && (Excel's escape)
        part.text = PLACEHOLDER.sub(lambda m: values[m.group(1)].replace("&", "&&"), part.text)


# ------------------------------------------------------------------ the header row


def find_header(ws: Worksheet, specs: Sequence[ColumnSpec]) -> HeaderMatch | None:
    """The row (among the first ones) matching the most column titles, or None."""
    names = [(spec, spec.names()) for spec in specs]
    best: HeaderMatch | None = None
    for r in range(1, min(ws.max_row, HEADER_SCAN_ROWS) + 1):
        match = HeaderMatch(row=r)
        for c in range(1, ws.max_column + 1):
            value = ws.cell(row=r, column=c).value
            if value is None or isinstance(ws.cell(row=r, column=c), MergedCell):
                continue
            text = normalize_header(value)
            for spec, known in names:
                if text in known and spec.key not in match.columns:
                    match.columns[spec.key] = c
                    break
        if len(match.columns) >= 2 and (best is None or len(match.columns) > len(best.columns)):
            best = match
    if best is not None:
        best.missing = [s for s in specs if s.required and s.key not in best.columns]
    return best


def require_header(ws: Worksheet, specs: Sequence[ColumnSpec], template: str) -> HeaderMatch:
    match = find_header(ws, specs)
    if match is None:
        titles = "、".join(s.title for s in specs if s.required)
        raise FupinError(f"模板 {template} 的「{ws.title}」工作表前{HEADER_SCAN_ROWS}行中找不到表头"
                         f"（应有列：{titles}）")
    if match.missing:
        raise FupinError(
            f"模板 {template} 的「{ws.title}」工作表第{match.row}行表头缺少必需的列："
            f"{'、'.join(s.title for s in match.missing)}；请在表头中加上这些列（列的顺序可以调整）")
    return match


# ------------------------------------------------------------------ styles and rows


@dataclass
class CellStyle:
    font: Any
    border: Any
    fill: Any
    alignment: Any
    number_format: str
    protection: Any

    @classmethod
    def of(cls, cell: Cell | MergedCell) -> CellStyle:
        return cls(copy.copy(cell.font), copy.copy(cell.border), copy.copy(cell.fill),
                   copy.copy(cell.alignment), cell.number_format, copy.copy(cell.protection))

    def apply(self, cell: Cell | MergedCell, value: Any = None) -> None:
        cell.font = copy.copy(self.font)
        cell.border = copy.copy(self.border)
        cell.fill = copy.copy(self.fill)
        cell.alignment = copy.copy(self.alignment)
        cell.protection = copy.copy(self.protection)
        fmt = self.number_format
        if isinstance(value, dt.date) and not _is_date_format(fmt):
            fmt = DATE_FORMAT
        cell.number_format = fmt


def _is_date_format(fmt: str) -> bool:
    f = re.sub(r'"[^"]*"|\[[^\]]*\]', "", fmt.lower())
    return any(ch in f for ch in "ymd") or "年" in fmt


def row_styles(ws: Worksheet, header_row: int, columns: Iterable[int]) -> dict[int, CellStyle]:
    """Per column: the style of the template's first data row, or of the header when the
    template has no styled row below it (then without bold and fill, wrapped, top-aligned)."""
    cols = list(columns)
    data_row = header_row + 1
    below = [ws.cell(row=data_row, column=c) for c in cols]
    if any(c.has_style for c in below):
        return {c: CellStyle.of(ws.cell(row=data_row, column=c)) for c in cols}
    styles: dict[int, CellStyle] = {}
    for c in cols:
        style = CellStyle.of(ws.cell(row=header_row, column=c))
        font = style.font
        style.font = Font(name=font.name, size=font.size, color=font.color)
        style.fill = copy.copy(ws.cell(row=data_row, column=c).fill)
        style.alignment = Alignment(horizontal=style.alignment.horizontal, vertical="top",
                                    wrap_text=True)
        style.number_format = "General"
        styles[c] = style
    return styles


def template_row_height(ws: Worksheet, header_row: int) -> float | None:
    dim = ws.row_dimensions.get(header_row + 1)
    return dim.height if dim is not None and dim.customHeight and dim.height else None


def clear_below(ws: Worksheet, header_row: int) -> None:
    """Remove everything under the header: example rows, their merges and heights."""
    for rng in list(ws.merged_cells.ranges):
        if rng.max_row > header_row and rng.min_row > header_row:
            ws.unmerge_cells(str(rng))
    if ws.max_row > header_row:
        ws.delete_rows(header_row + 1, ws.max_row - header_row)
    for r in [r for r in ws.row_dimensions if r > header_row]:
        del ws.row_dimensions[r]


def cell_value(value: Any) -> Any:
    """A Python value as the cell shows it (lists joined with 、, booleans as 是/否)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def write_cell(ws: Worksheet, row: int, col: int, value: Any, style: CellStyle | None) -> Cell:
    cell = ws.cell(row=row, column=col)
    assert isinstance(cell, Cell)
    v = cell_value(value)
    set_text(cell, v)
    if style is not None:
        style.apply(cell, v)
    return cell


def column_widths(ws: Worksheet, columns: Iterable[int]) -> list[float]:
    """Widths of these columns as the template sets them (Excel's default 8.43 otherwise)."""
    out: list[float] = []
    for c in columns:
        dim = ws.column_dimensions.get(get_column_letter(c))
        width = dim.width if dim is not None and dim.customWidth and dim.width else None
        if width is None:  # a width set on a group of columns is stored on its first one
            for d in ws.column_dimensions.values():
                if d.min and d.max and d.min <= c <= d.max and d.width:
                    width = d.width
                    break
        out.append(float(width or 8.43))
    return out


def font_size(style: CellStyle | None, default: float = 10.0) -> float:
    size = style.font.sz if style is not None and style.font is not None else None
    return float(size) if size else default


def fitted_height(values: Sequence[Any], widths: Sequence[float],
                  sizes: Sequence[float]) -> float:
    """Row height (points) showing every wrapped line, each column at its own font size."""
    best = 0.0
    for value, width, size in zip(values, widths, sizes, strict=True):
        scale = max(size, 6.0) / 10.0
        lines = text_lines(cell_value(value), width / scale)
        best = max(best, lines * 15.0 * scale)
    return (best or 15.0) + 3


def extend_ranges(ws: Worksheet, header_row: int, last_row: int) -> None:
    """Autofilter and print area drawn over the old example rows now cover the rows written."""
    ref = ws.auto_filter.ref
    if ref:
        m = re.match(r"^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?\d+$", ref)
        if m and int(m.group(2)) == header_row:
            ws.auto_filter.ref = f"{m.group(1)}{header_row}:{m.group(3)}{max(last_row, header_row + 1)}"
    area = ws.print_area
    if area:
        new = []
        for a in str(area).split(","):
            part = a.split("!")[-1].replace("$", "")
            m = re.match(r"^([A-Z]+)(\d+):([A-Z]+)(\d+)$", part)
            if m and int(m.group(4)) < last_row:
                part = f"{m.group(1)}{m.group(2)}:{m.group(3)}{last_row}"
            new.append(part)
        ws.print_area = new


def save_workbook(wb: Workbook, target: Path, props: DocProps | None = None) -> None:
    """Written atomically, dated by the batch, byte-reproducible (outputs/xlsxfile.py)."""
    with atomic_path(target) as tmp:
        save_openpyxl(wb, tmp, props or DocProps())
