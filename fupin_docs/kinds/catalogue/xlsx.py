"""Write a standard catalogue as an xlsx sheet laid out like seed 001 (xlsxwriter).

Landscape A4, fit to the page width, the two header rows repeated on every page, the
一级事项 merged over its rows, the channel checklist in one cell, √ marks. Row heights
are estimated from the text, because xlsxwriter cannot measure and Excel does not
re-fit rows when it opens a file.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...inputs.values import strip_invalid
from ...outputs.atomic import write_bytes_atomic
from ...outputs.xlsxfile import (
    AUTHOR_MARK,
    SHEET_MARK,
    TEXT_MARK,
    DocProps,
    SafeWorksheet,
    Workbook,
    WorkbookCopies,
)
from ...render.xlsx import LINE_EM, ROW_PAD_PT, column_capacity, safe_workbook, wrapped
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

FONT = "宋体"
SIZE = 9
CHECKLIST_SIZE = 8
# 序号, 一级, 二级, 内容, 依据, 时限, 主体, 渠道; the mark columns follow
WIDTHS = (4.5, 8, 11, 34, 20, 11, 13, 31)
MARK_WIDTH = 6.0  # 全社会 on one line; 特定群众, 依申请公开, 乡、村级 on two, split between words
# the lines are explicit (wrapped()): the same count in every application, each LINE_EM
# apart (LibreOffice's measured line pitch; Excel's and WPS's for 宋体 are closer)
LINE_PT = round(SIZE * LINE_EM, 2)  # one 9 pt line
CHECKLIST_LINE_PT = round(CHECKLIST_SIZE * LINE_EM, 2)  # one 8 pt line
FIRST_TABLE_ROW = 2  # rows 0-1: title and unit line; 2-3: header
TITLE_ROWS_PT = (30.0, 18.0)

# the printed page: A4 landscape, in points
PAGE_PT = (842.0, 595.0)
MARGINS_IN = {"left": 0.4, "right": 0.4, "top": 0.55, "bottom": 0.55}
PAGE_FILL = 0.95  # plan pages 5% short, so no application breaks a page before ours


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
        checklist=wb.add_format({**base, "align": "left", "font_size": CHECKLIST_SIZE}),
        na=wb.add_format({**base, "align": "left", "italic": True}),
    )


def header_label(label: str, width: float = MARK_WIDTH) -> str:
    """A sub-column header on one line when it fits, else on two split between words:
    after 、 (乡、/村级), or in the middle (特定/群众, 依申请/公开)."""
    if display_width(label) <= column_capacity(width, SIZE):
        return label
    cut = label.index("、") + 1 if "、" in label[:-1] else (len(label) + 1) // 2
    return label[:cut] + "\n" + label[cut:]


def _lines(text: str) -> int:
    return text.count("\n") + 1 if text else 1


def print_scale(widths: list[float]) -> int:
    """The scale (%) at which Excel fits the columns to the A4 landscape page width: a
    width unit is 7 px (Calibri 11, the workbook's default font) plus 5 px a column.

    The sheet is printed "fit to 1 page wide" and every application works out its own
    scale; where the default font is wider (LibreOffice without Carlito) the scale is
    smaller and more rows would fit, so breaks planned at this scale never come late."""
    px = sum(w * 7 + 5 for w in widths)
    printable = PAGE_PT[0] - (MARGINS_IN["left"] + MARGINS_IN["right"]) * 72
    return max(10, min(100, math.floor(100 * printable / (px * 0.75))))


def page_height(scale: int) -> float:
    """Sheet points that fit on one printed page at ``scale``, with room to spare."""
    printable = PAGE_PT[1] - (MARGINS_IN["top"] + MARGINS_IN["bottom"]) * 72
    return printable * 100 / scale * PAGE_FILL


def plan_pages(groups: list[list[float]], first: float, repeat: float,
               page: float) -> tuple[list[int], list[tuple[int, int]]]:
    """Page breaks and 一级事项 merges for rows of these heights, grouped by 一级事项.

    ``first``: points above the first row on page 1 (title, header); ``repeat``: the header
    repeated on every later page. Returns (rows starting a new page, as row offsets) and
    the merged spans (first row, rows): a group moves whole to the next page when it does
    not fit where it is; a group longer than a page is cut at the page break and its
    label merged (and shown) on each page again."""
    breaks: list[int] = []
    spans: list[tuple[int, int]] = []
    used, r = first, 0
    for heights in groups:
        total = sum(heights)
        if used + total > page and used > repeat + 0.01 and total <= page - repeat:
            breaks.append(r)  # the whole group on the next page
            used = repeat
        start = r
        for h in heights:
            if used + h > page and r > start and used > repeat + 0.01:
                spans.append((start, r - start))
                breaks.append(r)
                used, start = repeat, r
            elif used + h > page and r == start and used > repeat + 0.01:
                breaks.append(r)
                used = repeat
            used += h
            r += 1
        spans.append((start, r - start))
    return sorted(set(breaks)), spans


def write_catalogue_sheet(ws: Any, fmt: Formats, cat: Catalogue, subtitle: str) -> None:
    """Fill one worksheet with the catalogue ``cat``."""
    subs = sub_headers(cat)
    ncols = len(WIDTHS) + len(subs)
    widths = [*WIDTHS, *([MARK_WIDTH] * len(subs))]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    last = ncols - 1
    ws.merge_range(0, 0, 0, last, cat.title, fmt.title)
    ws.set_row(0, TITLE_ROWS_PT[0])
    ws.merge_range(1, 0, 1, last, subtitle, fmt.meta)
    ws.set_row(1, TITLE_ROWS_PT[1])
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
    labels = [header_label(s) for s in subs]
    for i, label in enumerate(labels):
        ws.write_string(h2, len(WIDTHS) + i, label, fmt.head)
    head_pt = (2 * LINE_PT, max(max((_lines(x) for x in labels), default=1) * LINE_PT
                                + ROW_PAD_PT, 2 * LINE_PT))
    ws.set_row(h1, head_pt[0])
    ws.set_row(h2, head_pt[1])

    views = rows(cat)
    # the cell texts, broken into lines here (the same in every application), and heights
    texts: list[dict[int, str]] = []
    heights: list[float] = []
    level1: list[str] = []
    for view in views:
        item = view.item
        cells = {0: str(view.no), 2: wrapped(item.level2, WIDTHS[2], SIZE, balance=True),
                 3: wrapped("\n".join(view.elements), WIDTHS[3], SIZE)}
        if item.applicable:
            cells |= {4: wrapped(item.basis, WIDTHS[4], SIZE),
                      5: wrapped(item.deadline_text, WIDTHS[5], SIZE),
                      6: wrapped(item.publisher, WIDTHS[6], SIZE)}
            points = max(_lines(t) for t in cells.values()) * LINE_PT
            points = max(points, len(view.checklist) * CHECKLIST_LINE_PT)
        else:
            cells[4] = wrapped(view.not_applicable_text, sum(widths[4:]), SIZE)
            points = max(_lines(t) for t in cells.values()) * LINE_PT
        texts.append(cells)
        heights.append(points + ROW_PAD_PT)
        level1.append(wrapped(item.level1, WIDTHS[1], SIZE, balance=True))

    scale = print_scale(widths)
    groups: list[list[float]] = []
    for view, h in zip(views, heights, strict=True):
        if view.group_start:
            groups.append([])
        groups[-1].append(h)
    first = sum(TITLE_ROWS_PT) + sum(head_pt)
    breaks, spans = plan_pages(groups, first, sum(head_pt), page_height(scale))
    for start, size in spans:  # the label's own lines fit in its rows
        need = _lines(level1[start]) * LINE_PT + ROW_PAD_PT - sum(heights[start:start + size])
        if need > 0:
            heights[start + size - 1] += need

    top = h2 + 1
    for i, (view, cells) in enumerate(zip(views, texts, strict=True)):
        r = top + i
        item = view.item
        ws.write_string(r, 0, cells[0], fmt.center)
        ws.write_string(r, 2, cells[2], fmt.center)
        ws.write_string(r, 3, cells[3], fmt.text)
        if item.applicable:
            for c in (4, 5, 6):
                ws.write_string(r, c, cells[c], fmt.text)
            ws.write_string(r, 7, checklist_text(view.checklist), fmt.checklist)
            for k, on in enumerate(view.marks):
                col = len(WIDTHS) + k
                if on:
                    ws.write_string(r, col, MARK, fmt.mark)
                else:
                    ws.write_blank(r, col, None, fmt.mark)
        else:
            ws.merge_range(r, 4, r, last, cells[4], fmt.na)
        ws.set_row(r, heights[i])
    for start, size in spans:
        if size > 1:
            ws.merge_range(top + start, 1, top + start + size - 1, 1, level1[start], fmt.center)
        else:
            ws.write_string(top + start, 1, level1[start], fmt.center)

    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(**MARGINS_IN)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.set_h_pagebreaks([top + b for b in breaks if b > 0])
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


TEMPLATE = "catalogue.xlsx"  # an office's own workbook in --template-dir (template.py)


def office_template(template_dir: Path | None) -> Path | None:
    """The office's catalogue.xlsx in ``template_dir``, if there is one (found here, without
    importing openpyxl, which only filling it needs)."""
    if template_dir is None:
        return None
    path = template_dir / TEMPLATE
    return path if path.is_file() else None


def write_catalogue_xlsx(path: Path, cat: Catalogue, subtitle: str, sheet_name: str) -> None:
    """One unit's catalogue; its author is the unit (``sheet_name`` is the unit's name)."""
    with safe_workbook(path, DocProps(title=cat.title, author=sheet_name)) as wb:
        _fill_workbook(wb, cat, subtitle, SheetNamer().name(sheet_name))


def _fill_workbook(wb: Workbook, cat: Catalogue, subtitle: str, sheet: str) -> None:
    write_catalogue_sheet(wb.add_worksheet(sheet), make_formats(wb), cat, subtitle)


CatalogueKey = tuple[Any, ...]


def catalogue_key(cat: Catalogue) -> CatalogueKey | None:
    """What a catalogue sheet shows, as a dict key: units whose keys are equal get the same
    sheet but for the unit line (the unit's name is not part of it). None: not hashable."""
    key = (cat.title, cat.level_columns, cat.channels, cat.audiences, cat.modes, cat.items)
    try:
        hash(key)
    except TypeError:  # an imported deadline rule holding a list
        return None
    return key


class CatalogueFiles:
    """Writes the units' own .xlsx files of a batch. Units with the same catalogue get the
    same file but for the unit's name (sheet name, author, unit line): it is laid out and
    written by xlsxwriter once, with marker texts, and copied with each unit's texts
    (outputs/xlsxfile.py WorkbookCopies); a name that would need escaping in the XML gets
    its workbook written directly."""

    def __init__(self) -> None:
        self.copies: dict[CatalogueKey, WorkbookCopies] = {}

    def write(self, path: Path, cat: Catalogue, subtitle: str, sheet_name: str) -> None:
        key = catalogue_key(cat)
        if key is None:
            write_catalogue_xlsx(path, cat, subtitle, sheet_name)
            return
        copies = self.copies.get(key)
        if copies is None:
            buffer = io.BytesIO()
            wb = Workbook(buffer, DocProps(title=cat.title, author=AUTHOR_MARK))
            _fill_workbook(wb, cat, TEXT_MARK, SHEET_MARK)
            wb.close()
            copies = self.copies[key] = WorkbookCopies(buffer.getvalue())
        data = copies.copy(SheetNamer().name(sheet_name), strip_invalid(sheet_name), subtitle)
        if data is None:
            write_catalogue_xlsx(path, cat, subtitle, sheet_name)
        else:
            write_bytes_atomic(path, data)


class CombinedSheets:
    """The units' sheets of the combined workbook: the first sheet of each catalogue is
    written and recorded, the others with the same catalogue replay it with their own
    unit line (SafeWorksheet.replay), so the 1,000 sheets of a batch are not laid out and
    assembled cell by cell a thousand times."""

    def __init__(self, fmt: Formats) -> None:
        self.fmt = fmt
        self.sources: dict[CatalogueKey, tuple[SafeWorksheet, str]] = {}

    def write(self, ws: SafeWorksheet, cat: Catalogue, subtitle: str) -> None:
        key = catalogue_key(cat)
        source = self.sources.get(key) if key is not None else None
        if source is not None and ws.replay(source[0], {source[1]: subtitle}):
            ws.repeat_rows(FIRST_TABLE_ROW, FIRST_TABLE_ROW + 1)  # print titles: the workbook's
            return
        if key is not None and source is None:
            ws.record()
            self.sources[key] = (ws, subtitle)
        write_catalogue_sheet(ws, self.fmt, cat, subtitle)
