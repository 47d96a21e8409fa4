"""Small helpers for xlsx outputs written with xlsxwriter.

Every workbook is opened with ``strings_to_formulas`` and ``strings_to_urls`` off, and
every value is written with its own typed call, so a title such as ``=SUM(A1)`` or
``@某某`` stays text and never becomes a formula. :class:`Workbook` also gives such text
the quote-prefix style (it stays text when a user edits the cell, see outputs/xlsxfile.py),
dates the document properties by the batch and names fupin-docs as the application.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..outputs.atomic import atomic_path
from ..outputs.xlsxfile import SAFE_OPTIONS, DocProps, SafeWorksheet, Workbook

__all__ = ["SAFE_OPTIONS", "SafeWorksheet", "Workbook", "safe_workbook"]

A4 = 9  # xlsxwriter paper code


@contextlib.contextmanager
def safe_workbook(target: Path, props: DocProps | None = None,
                  options: dict[str, Any] | None = None) -> Iterator[Workbook]:
    """A :class:`Workbook` written atomically to ``target`` (``options``: xlsxwriter's)."""
    with atomic_path(target) as tmp:
        wb = Workbook(str(tmp), props, options)
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


def cell_value(value: Any) -> Any:
    """What :func:`write_value` writes for ``value``: None (a blank), text, a number or a
    date."""
    if value is None or value == "":
        return None
    kind = value.__class__
    if kind is str or kind is dt.date or kind is dt.datetime or kind is int or kind is float:
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date | int | float):
        return value
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def write_row(ws: Any, row: int, values: list[Any], formats: list[Any],
              date_fmt: Any = None) -> None:
    """Row ``row`` from column 0: each value written as :func:`write_value` would, with
    its format (``date_fmt`` for dates); a whole row at a time on the toolkit's
    worksheets, which is what a 100,000-row ledger needs."""
    if isinstance(ws, SafeWorksheet):
        ws.write_cells(row, [(cell_value(v), f) for v, f in zip(values, formats, strict=True)],
                       date_fmt)
        return
    for col, (value, fmt) in enumerate(zip(values, formats, strict=True)):
        write_value(ws, row, col, value, fmt, date_fmt)


def print_landscape_a4(ws: Any, header_rows: tuple[int, int], title: str) -> None:
    """A4 landscape, header rows repeated on every page, fit to one page wide."""
    ws.set_paper(A4)
    ws.set_landscape()
    ws.repeat_rows(*header_rows)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.3, right=0.3, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.set_footer(f"&C{_escape_hf(title)}  第 &P 页 共 &N 页")


def _escape_hf(text: str) -> str:
    """Excel header/footer text: a literal & is written &&."""
    return text.replace("&", "&&")


# Line breaking in cells (kinsoku shori, as JIS X 4051 / GB/T 15834 lay out for punctuation):
# no line starts with a closing mark or pause, none ends with an opening mark.
NO_LINE_START = frozenset("、，。．；：？！）》」』】〕〉〗｝”’…%,.;:?!)]}»")
NO_LINE_END = frozenset("（《「『【〔〈〖｛“‘([{«")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-_/%@]*|.", re.S)
# a column of width w (Excel units, 7 px each for the default font) is w*7+5 px wide; the
# cell's padding and a margin for Excel/WPS/LibreOffice measuring text differently
CELL_PADDING_PX = 6
WIDTH_MARGIN = 0.92


class _CharWidths(dict[str, int]):
    """Half-width columns per character, looked up once per distinct character."""

    def __missing__(self, ch: str) -> int:
        width = 2 if unicodedata.east_asian_width(ch) in "WFA" else 1
        self[ch] = width
        return width


_CHAR_WIDTH = _CharWidths()


def display_width(text: str) -> int:
    """Width in half-width columns: CJK (wide and full-width) characters count 2."""
    if text.isascii():  # no ASCII character is wide or ambiguous
        return len(text)
    return sum(map(_CHAR_WIDTH.__getitem__, text))


def column_capacity(width: float, font_pt: float = 10.0) -> float:
    """Half-width columns of ``font_pt`` text that fit on one line of a column ``width``
    units wide, with room to spare (a half-width character is half an em)."""
    px = width * 7 + 5 - CELL_PADDING_PX
    return max(px / (font_pt * 96 / 72 / 2) * WIDTH_MARGIN, 2.0)


def wrap_text(text: str, capacity: float) -> list[str]:
    """``text`` broken into lines no wider than ``capacity`` half-width columns: at most
    between characters of CJK text, never inside a Latin word or number, and never with
    a line starting with a closing mark (、》，) or ending with an opening one (《（)."""
    lines: list[str] = []
    widths = _CHAR_WIDTH
    for para in str(text).split("\n"):
        line: list[str] = []
        used = 0
        for token in _WORD.findall(para):
            # a token of several characters is a Latin word or number (ASCII, 1 each)
            w = widths[token] if len(token) == 1 else len(token)
            if line and used + w > capacity:
                carry: list[str] = []
                if token[0] in NO_LINE_START:  # the closing mark takes its character along
                    while len(line) > 1:
                        carry.insert(0, line.pop())
                        if carry[0][0] not in NO_LINE_START:
                            break
                    if not carry:  # nothing to take along: let the mark hang
                        line.append(token)
                        used += w
                        continue
                while len(line) > 1 and line[-1][-1] in NO_LINE_END:
                    carry.insert(0, line.pop())  # an opening mark goes to the next line
                lines.append("".join(line))
                line, used = carry, sum(display_width(t) for t in carry)
            line.append(token)
            used += w
        lines.append("".join(line))
    return lines


def balanced_wrap(text: str, capacity: float) -> list[str]:
    """Like :func:`wrap_text`, in as few lines, but of even length (精准扶/贫贷款, not
    精准扶贫贷/款): for short centred labels."""
    lines = wrap_text(text, capacity)
    low, high = 2.0, capacity
    while high - low > 0.5:
        mid = (low + high) / 2
        if len(wrap_text(text, mid)) <= len(lines):
            high = mid
        else:
            low = mid
    return wrap_text(text, high)


def wrapped(value: Any, width: float, font_pt: float = 10.0, balance: bool = False) -> str:
    """The text of ``value`` with explicit line breaks where :func:`wrap_text` puts them:
    every application then shows the same lines, none starting with 、 or 》."""
    return _wrapped(str(value), width, font_pt, balance)


@functools.lru_cache(maxsize=8192)  # a catalogue batch repeats the same texts unit after unit
def _wrapped(text: str, width: float, font_pt: float, balance: bool) -> str:
    wrap = balanced_wrap if balance else wrap_text
    return "\n".join(wrap(text, column_capacity(width, font_pt)))


def text_lines(value: Any, width: float, font_pt: float = 10.0) -> int:
    """How many lines ``value`` wraps to in a column ``width`` units wide."""
    return _lines_of(value, column_capacity(width, font_pt))


def _lines_of(value: Any, capacity: float) -> int:
    kind = value.__class__
    if kind is str:
        return _line_count(value, capacity)
    if value is None or isinstance(value, dt.date | int | float):
        return 1
    if isinstance(value, list | tuple):
        value = "、".join(str(v) for v in value)
    return _line_count(str(value), capacity)


@functools.lru_cache(maxsize=65536)  # 公开事项, 股室, 渠道, 适用时限 repeat row after row
def _line_count(text: str, capacity: float) -> int:
    if "\n" not in text and display_width(text) <= capacity:
        return 1  # what wrap_text gives: nothing to break
    return len(wrap_text(text, capacity))


# Row heights, measured on LibreOffice's PDF of a ledger (10 pt text; the 宋体 of the cells
# drawn in Noto Sans CJK, columns as wide as Excel's when Calibri's metrics are known): a
# wrapped line every 1.446 em, the first line's top 2-3 pt below the cell's. Excel and WPS
# draw 宋体 lines closer together.
LINE_EM = 1.45
ROW_PAD_PT = 3.0
# a font this much wider (WPS's rounding, LibreOffice's Latin digits in a 宋体 cell, 0.64 em
# against 宋体's 0.5) wraps a text close to a wrap once more: it gets a spare line
NEAR_WRAP = 0.95


@functools.lru_cache(maxsize=256)
def _capacities(widths: tuple[float, ...], font_pt: float) -> tuple[float, ...]:
    """Half-width columns per line of each column, as Excel lays them out (no margin)."""
    return tuple(column_capacity(w, font_pt) / WIDTH_MARGIN for w in widths)


def _fit_lines(value: Any, capacity: float) -> int:
    kind = value.__class__
    if kind is not str:
        if value is None or isinstance(value, dt.date | int | float):
            return 1
        value = "、".join(str(v) for v in value) if isinstance(value, list | tuple) \
            else str(value)
    return _fitted_line_count(value, capacity)


@functools.lru_cache(maxsize=65536)
def _fitted_line_count(text: str, capacity: float) -> int:
    """The lines ``text`` wraps to in a font a few per cent wider than Excel's 宋体 (WPS's
    rounding, LibreOffice's Latin digits): Excel's lines, and a spare one only for a
    paragraph close to a wrap."""
    if "\n" not in text and display_width(text) <= capacity * NEAR_WRAP:
        return 1
    return len(wrap_text(text, capacity * NEAR_WRAP))


def row_height(values: list[Any], widths: list[float], font_pt: float = 10.0) -> float:
    """A row height (points) that shows every wrapped line of ``font_pt`` text in columns
    ``widths`` wide (xlsxwriter cannot autofit): the lines Excel wraps each value to (a
    spare one where the text is close to a wrap), :data:`LINE_EM` apart, and the cell's
    padding."""
    lines = 1
    for value, capacity in zip(values, _capacities(tuple(widths), font_pt), strict=False):
        if value is not None:
            lines = max(lines, _fit_lines(value, capacity))
    return round(font_pt * LINE_EM * lines + ROW_PAD_PT, 2)
