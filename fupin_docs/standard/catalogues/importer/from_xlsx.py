"""Excel (.xlsx/.xlsm) tables: every sheet is one grid, merged ranges become spans."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from ....types import InputFileError
from .grid import Cell, Grid


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")


# the application name fupin-docs writes into docProps/app.xml (outputs/xlsxfile.py)
OWN_APPLICATION = b"<Application>fupin-docs</Application>"
# lines the catalogue writer starts itself: an element (·) or a channel check list (■ □)
_OWN_LINE_STARTS = ("·", "■", "□")


def _written_by_us(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return OWN_APPLICATION in zf.read("docProps/app.xml")[:4096]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def unwrap(text: str) -> str:
    """A cell of a catalogue fupin-docs wrote: its line breaks are wraps the writer put in
    to fit the column (render/xlsx.py wrap_text), except before an element or a check list
    line; the wraps are taken out again, so the text reads back as it was."""
    lines = text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        if line.startswith(_OWN_LINE_STARTS):
            out.append(line)
        else:
            out[-1] += line
    return "\n".join(out)


def read_xlsx(path: Path) -> list[Grid]:
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputFileError(f"无法打开 Excel 文件 {path.name}：文件已损坏，或不是 .xlsx 文件"
                             "（请用 Excel/WPS 打开后另存为 .xlsx）") from exc
    ours = _written_by_us(path)
    grids: list[Grid] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        top, left = ws.min_row, ws.min_column
        bottom, right = ws.max_row, ws.max_column
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1,
                                                 rng.max_col - rng.min_col + 1)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
            bottom, right = max(bottom, rng.max_row), max(right, rng.max_col)
        cells: list[Cell] = []
        for row in ws.iter_rows(min_row=top, max_row=bottom, min_col=left, max_col=right):
            for xc in row:
                if xc.row is None or xc.column is None or (xc.row, xc.column) in covered:
                    continue
                r, c = int(xc.row), int(xc.column)
                text = _text(xc.value)
                if ours and "\n" in text:
                    text = unwrap(text)
                rowspan, colspan = spans.get((r, c), (1, 1))
                if text or (rowspan, colspan) != (1, 1):
                    cells.append(Cell(r - top, c - left, text, rowspan, colspan))
        if not cells:
            continue
        grids.append(Grid(
            name=f"工作表「{ws.title}」",
            cells=cells,
            caption=ws.title,
            sheet=ws.title,
            row_numbers=list(range(top, bottom + 1)),
            col_names=[f"{get_column_letter(c)}列" for c in range(left, right + 1)],
            col_letters=[get_column_letter(c) for c in range(left, right + 1)],
        ))
    return grids
