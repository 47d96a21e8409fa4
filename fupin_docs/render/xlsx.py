"""Small helpers for xlsx outputs written with xlsxwriter.

Every workbook is opened with ``strings_to_formulas`` and ``strings_to_urls`` off, and
every value is written with its own typed call, so a title such as ``=SUM(A1)`` or
``@某某`` stays text and never becomes a formula.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..outputs.atomic import atomic_path

SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False}
A4 = 9  # xlsxwriter paper code


@contextlib.contextmanager
def safe_workbook(target: Path) -> Iterator[Any]:
    """An xlsxwriter Workbook written atomically to ``target``."""
    import xlsxwriter

    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), SAFE_OPTIONS)
        try:
            yield wb
        finally:
            wb.close()


def write_value(ws: Any, row: int, col: int, value: Any, fmt: Any = None,
                date_fmt: Any = None) -> None:
    """Write one cell by its Python type; text is always written as text."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, date_fmt or fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day),
                          date_fmt or fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, list | tuple):
        ws.write_string(row, col, "、".join(str(v) for v in value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def print_landscape_a4(ws: Any, header_rows: tuple[int, int], title: str) -> None:
    """A4 landscape, header rows repeated on every page, fit to one page wide."""
    ws.set_paper(A4)
    ws.set_landscape()
    ws.repeat_rows(*header_rows)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.set_footer(f"&C{_escape_hf(title)}  第 &P 页 共 &N 页")


def _escape_hf(text: str) -> str:
    """Excel header/footer text: a literal & is written &&."""
    return text.replace("&", "&&")


def _display_width(text: str) -> float:
    """Approximate width in Excel column units at 10 pt (a CJK character is about two)."""
    import unicodedata

    return sum(1.9 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def text_lines(value: Any, width: float) -> int:
    """How many lines ``value`` wraps to in a column ``width`` units wide."""
    if value is None:
        return 1
    if isinstance(value, list | tuple):
        value = "、".join(str(v) for v in value)
    if isinstance(value, dt.date | int | float):
        return 1
    usable = max(width - 1.0, 1.0)
    return sum(max(1, -(-int(_display_width(part) * 100) // int(usable * 100)))
               for part in str(value).split("\n"))


def row_height(values: list[Any], widths: list[float], line_pt: float = 15.0) -> float:
    """A row height (points) that shows every wrapped line; xlsxwriter cannot autofit."""
    lines = max((text_lines(v, w) for v, w in zip(values, widths, strict=False)), default=1)
    return line_pt * lines + 3
