"""PDF tables with a text layer, via pdfplumber.

pdfplumber's table finder returns each table as the bounding boxes of its cells (from the
ruling lines); a merged cell is one box spanning several of the column or row boundaries.
Spans are read off those boundaries, and every character is placed in the box holding its
midpoint. A line that runs to the right edge of its box is a line wrap, not a line break,
and is joined to the next. A table that goes on over the next page (no text above it there,
same column boundaries) is one grid.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from ....types import InputFileError
from .grid import Cell, Grid

TOL = 2.0  # points: boundaries closer than this are one
PAGE_MARK = re.compile(r"^[—\-–\s]*\d+[—\-–\s]*$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$")


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    return max(0, bisect_right(bounds, v + TOL) - 1)


def _line_text(chars: list[dict[str, Any]]) -> str:
    chars = sorted(chars, key=lambda ch: ch["x0"])
    out: list[str] = []
    prev: dict[str, Any] | None = None
    for ch in chars:
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            if gap > 0.6 * max(1.0, float(prev["size"])) and prev["text"] != " " and ch["text"] != " ":
                out.append(" ")
        out.append(ch["text"])
        prev = ch
    return "".join(out)


Line = tuple[str, float, float, float]  # text, x0 of its first and x1 of its last char, size


def _cell_lines(chars: list[dict[str, Any]]) -> list[Line]:
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda ch: (round(ch["top"]), ch["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= max(2.0, 0.4 * float(ch["size"])):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    out: list[Line] = []
    for line in lines:
        body = _line_text(line)
        if body.strip():
            out.append((body, float(min(ch["x0"] for ch in line)),
                        float(max(ch["x1"] for ch in line)), float(line[0]["size"])))
    return out


# characters a line may not begin with, so the one before them moves down with them
NO_BREAK_BEFORE = set("，。、；：？！）》」』】”’,.;:?!)/／%％·…")


def _unit_width(text: str, size: float) -> float:
    """Width of what the next line starts with and could not be split: one Chinese character
    (with any closing marks glued to it) or a whole Latin word / number."""
    s = text.lstrip()
    m = re.match(r"[A-Za-z0-9.]+", s)
    if m:
        return 0.55 * size * len(m.group(0))
    n = 1
    while n < len(s) and s[n] in NO_BREAK_BEFORE:
        n += 1
    return size * n


def _join(lines: list[Line], box: tuple[float, float, float, float]) -> str:
    """A cell's lines: where the next line's first unbreakable piece would not have fitted
    at the end of this one, the line wrapped (joined as is); else it ended with a break."""
    if not lines:
        return ""
    pad = max(0.0, min(ln[1] for ln in lines) - box[0])
    right = box[2] - pad
    text = ""
    for i, (body, _x0, x1, size) in enumerate(lines):
        text += body
        if i == len(lines) - 1:
            break
        wrapped = x1 + _unit_width(lines[i + 1][0], size) > right - 0.3
        text += "" if wrapped else "\n"
    return text.strip()


def _table_grid(page: Any, table: Any, chars: list[dict[str, Any]]) -> tuple[list[Cell], int]:
    boxes = table.cells
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    cells: list[tuple[tuple[float, float, float, float], int, int, int, int]] = []
    cover: dict[tuple[int, int], int] = {}
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _index(xs, box[0]), max(_index(xs, box[0]) + 1, _index(xs, box[2]))
        r0, r1 = _index(ys, box[1]), max(_index(ys, box[1]) + 1, _index(ys, box[3]))
        if (r0, c0) in cover:
            continue
        n = len(cells)
        cells.append((box, r0, c0, r1 - r0, c1 - c0))
        for r in range(r0, r1):
            for c in range(c0, c1):
                cover.setdefault((r, c), n)
    bucket: dict[int, list[dict[str, Any]]] = {}
    x0, top, x1, bottom = table.bbox
    for ch in chars:
        mx, my = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= mx <= x1 and top <= my <= bottom):
            continue
        owner = cover.get((_index(ys, my), _index(xs, mx)))
        if owner is not None:
            bucket.setdefault(owner, []).append(ch)
    out = [Cell(r, c, _join(_cell_lines(bucket.get(n, [])), box), rs, cs)
           for n, (box, r, c, rs, cs) in enumerate(cells)]
    return out, max(0, len(ys) - 1)


def _text_between(page: Any, top: float, bottom: float) -> list[str]:
    if bottom - top < 1:
        return []
    box = (0, max(0, top), page.width, min(page.height, bottom - 0.5))
    text = page.within_bbox(box).extract_text() or ""
    return [ln.strip() for ln in text.split("\n") if ln.strip() and not PAGE_MARK.match(ln.strip())]


def read_pdf(path: Path) -> list[Grid]:
    try:
        pdf = pdfplumber.open(str(path))
    except (PdfminerException, PDFSyntaxError, OSError, ValueError) as exc:
        raise InputFileError(f"无法打开 PDF 文件 {path.name}：文件已损坏或已加密"
                             "（请改用发布的 Word、Excel 或网页版本）") from exc
    grids: list[Grid] = []
    last_cols: int | None = None
    with pdf:
        if not any(page.chars for page in pdf.pages):
            raise InputFileError(
                f"PDF 文件 {path.name} 没有文字层（可能是扫描件）：请先做文字识别（OCR），"
                "或改用发布的 Word、Excel 或网页版本")
        for p, page in enumerate(pdf.pages, start=1):
            chars = [ch for ch in page.chars if ch.get("upright", True)]
            found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            prev_bottom = 0.0
            for k, table in enumerate(found):
                heading = _text_between(page, prev_bottom, table.bbox[1])
                prev_bottom = table.bbox[3]
                cells, n_rows = _table_grid(page, table, chars)
                if not cells:
                    continue
                n_cols = max(c.col + c.colspan for c in cells)
                names = [f"第{p}页第{r + 1}行" for r in range(n_rows)]
                if k == 0 and not heading and grids and last_cols == n_cols:
                    # the table goes on from the previous page
                    g = grids[-1]
                    offset = g.n_rows
                    moved = [Cell(c.row + offset, c.col, c.text, c.rowspan, c.colspan)
                             for c in cells]
                    grids[-1] = Grid(g.name, g.cells + moved, heading=g.heading,
                                     row_names=g.row_names[:offset] + names)
                    continue
                grids.append(Grid(name=f"第{p}页的第{k + 1}个表格", cells=cells,
                                  heading=heading[-4:], row_names=names))
                last_cols = n_cols
    return grids
