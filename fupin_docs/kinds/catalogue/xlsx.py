"""Write a standard catalogue as an xlsx sheet laid out like seed 001 (xlsxwriter).

Landscape A4, fit to the page width, the two header rows repeated on every page, the
一级事项 merged over its rows, the channel checklist in one cell, √ marks. Row heights
are estimated from the text, because xlsxwriter cannot measure and Excel does not
re-fit rows when it opens a file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...outputs.atomic import atomic_path
from ...standard.catalogues.model import Catalogue
from .layout import (
    FIXED_HEADERS,
    MARK,
    checklist_text,
    display_width,
    group_spans,
    rows,
    sub_headers,
)

# in_memory: assemble the package in memory instead of one temporary file per part (the
# year-end batch writes thousands of small workbooks; temp files were a third of the time)
WB_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
              "strings_to_numbers": False, "in_memory": True}
FONT = "宋体"
SIZE = 9
# 序号, 一级, 二级, 内容, 依据, 时限, 主体, 渠道; the mark columns follow
WIDTHS = (4.5, 7, 11, 34, 20, 11, 13, 31)
MARK_WIDTH = 4.6
LINE_PT = 12.5  # height of one 9 pt line
CHARS_PER_UNIT = 1.1  # half-width columns of 9 pt text per Excel width unit
FIRST_TABLE_ROW = 2  # rows 0-1: title and unit line; 2-3: header


@dataclass
class Formats:
    title: Any
    meta: Any
    head: Any
    text: Any
    center: Any
    mark: Any
    checklist: Any
    na: Any


def make_formats(wb: Any) -> Formats:
    base = {"font_name": FONT, "font_size": SIZE, "border": 1, "text_wrap": True,
            "valign": "vcenter"}
    return Formats(
        title=wb.add_format({"font_name": "黑体", "font_size": 16, "align": "center",
                             "valign": "vcenter"}),
        meta=wb.add_format({"font_name": FONT, "font_size": 10, "valign": "vcenter"}),
        head=wb.add_format({**base, "bold": True, "align": "center"}),
        text=wb.add_format({**base, "align": "left"}),
        center=wb.add_format({**base, "align": "center"}),
        mark=wb.add_format({**base, "align": "center", "font_size": 11}),
        checklist=wb.add_format({**base, "align": "left", "font_size": 8}),
        na=wb.add_format({**base, "align": "left", "italic": True}),
    )


def _lines_needed(text: str, width_units: float) -> int:
    cap = max(width_units * CHARS_PER_UNIT - 1, 2)
    return sum(max(1, math.ceil(display_width(part) / cap)) for part in text.split("\n"))


def write_catalogue_sheet(ws: Any, fmt: Formats, cat: Catalogue, subtitle: str) -> None:
    """Fill one worksheet with the catalogue ``cat``."""
    subs = sub_headers(cat)
    ncols = len(WIDTHS) + len(subs)
    widths = [*WIDTHS, *([MARK_WIDTH] * len(subs))]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    last = ncols - 1
    ws.merge_range(0, 0, 0, last, cat.title, fmt.title)
    ws.set_row(0, 30)
    ws.merge_range(1, 0, 1, last, subtitle, fmt.meta)
    ws.set_row(1, 18)
    h1, h2 = FIRST_TABLE_ROW, FIRST_TABLE_ROW + 1
    # header row 1: 序号 | 公开事项 (2 columns) | ... | 公开渠道和载体, each over both rows
    ws.merge_range(h1, 0, h2, 0, FIXED_HEADERS[0], fmt.head)
    ws.merge_range(h1, 1, h2, 2, FIXED_HEADERS[1], fmt.head)
    for c, title in enumerate(FIXED_HEADERS[2:], start=3):
        ws.merge_range(h1, c, h2, c, title, fmt.head)
    c = len(WIDTHS)
    for title, span in group_spans(cat):
        if span > 1:
            ws.merge_range(h1, c, h1, c + span - 1, title, fmt.head)
        elif span == 1:
            ws.write_string(h1, c, title, fmt.head)
        c += span
    for i, label in enumerate(subs):
        ws.write_string(h2, len(WIDTHS) + i, label, fmt.head)
    sub_lines = max((_lines_needed(s, MARK_WIDTH) for s in subs), default=1)
    ws.set_row(h1, 2 * LINE_PT)
    ws.set_row(h2, max(sub_lines * LINE_PT + 4, 2 * LINE_PT))

    r = h2 + 1
    for view in rows(cat):
        item = view.item
        texts = [str(view.no), item.level1, item.level2, "\n".join(view.elements)]
        ws.write_string(r, 0, texts[0], fmt.center)
        if view.group_start:
            if view.group_size > 1:
                ws.merge_range(r, 1, r + view.group_size - 1, 1, item.level1, fmt.center)
            else:
                ws.write_string(r, 1, item.level1, fmt.center)
        ws.write_string(r, 2, item.level2, fmt.center)
        ws.write_string(r, 3, texts[3], fmt.text)
        if item.applicable:
            cells = [item.basis, item.deadline_text, item.publisher, checklist_text(view.checklist)]
            for c, value in enumerate(cells, start=4):
                ws.write_string(r, c, value, fmt.checklist if c == 7 else fmt.text)
            for i, on in enumerate(view.marks):
                col = len(WIDTHS) + i
                if on:
                    ws.write_string(r, col, MARK, fmt.mark)
                else:
                    ws.write_blank(r, col, None, fmt.mark)
            heights = [_lines_needed(t, w) for t, w in zip(
                [texts[1] if view.group_size == 1 else "", item.level2, texts[3], *cells[:3]],
                [WIDTHS[1], WIDTHS[2], WIDTHS[3], WIDTHS[4], WIDTHS[5], WIDTHS[6]], strict=True)]
            chk = len(view.checklist) * 11.0 / LINE_PT  # 8 pt lines
            lines = max([*heights, chk])
        else:
            ws.merge_range(r, 4, r, last, view.not_applicable_text, fmt.na)
            na_width = sum(widths[4:])
            lines = max(_lines_needed(texts[3], WIDTHS[3]),
                        _lines_needed(view.not_applicable_text, na_width),
                        _lines_needed(item.level2, WIDTHS[2]))
        ws.set_row(r, lines * LINE_PT + 6)
        r += 1

    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.55, bottom=0.55)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.repeat_rows(h1, h2)
    ws.set_footer("&C&9第 &P 页，共 &N 页")
    ws.freeze_panes(h2 + 1, 0)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_RESERVED = {"history"}
SHEET_MAX = 31


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    while _utf16_len(text) > limit:
        text = text[:-1]
    return text


class SheetNamer:
    """Excel sheet names: ≤31 characters, none of []:*?/\\, not quoted, unique ignoring case."""

    def __init__(self, taken: tuple[str, ...] = ()) -> None:
        self.used: set[str] = {t.casefold() for t in taken}

    def name(self, wanted: str) -> str:
        base = _SHEET_FORBIDDEN.sub("_", wanted).strip().strip("'").strip() or "单位"
        if base.casefold() in _SHEET_RESERVED:
            base += "_"
        candidate = _cut(base, SHEET_MAX)
        n = 1
        while candidate.casefold() in self.used:
            n += 1
            suffix = f"({n})"
            candidate = _cut(base, SHEET_MAX - len(suffix)).rstrip("'") + suffix
        self.used.add(candidate.casefold())
        return candidate


def write_catalogue_xlsx(path: Path, cat: Catalogue, subtitle: str, sheet_name: str) -> None:
    import xlsxwriter

    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), WB_OPTIONS)
        ws = wb.add_worksheet(SheetNamer().name(sheet_name))
        write_catalogue_sheet(ws, make_formats(wb), cat, subtitle)
        wb.close()
