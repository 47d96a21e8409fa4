"""Word (.docx) tables in body order, with gridSpan / vMerge and the paragraphs before each."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError

from ....types import InputFileError
from .grid import Cell, Grid

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# w:sym characters of the symbol fonts office tables use for check boxes
SYMBOLS = {
    "F06E": "■", "F06F": "□", "F070": "□", "F071": "□", "F0A8": "□", "F0FE": "☑", "F0FD": "☒",
    "F078": "☒", "F0FC": "√", "F0D6": "√", "F052": "☑", "F054": "☒", "F0A3": "□", "F0A2": "□",
    "F0B2": "□", "F0B7": "·", "F0A7": "■", "F050": "√",
}


def _sym(el: Any) -> str:
    code = (el.get(f"{W}char") or "").upper()
    if len(code) == 4 and code[:2] == "00":
        code = "F0" + code[2:]
    return SYMBOLS.get(code, "")


def _text(el: Any) -> str:
    """A cell's or paragraph's text: paragraphs and w:br as line breaks, w:sym mapped."""
    lines: list[str] = []
    paragraphs = [el] if el.tag == f"{W}p" else el.iter(f"{W}p")
    for p in paragraphs:
        parts: list[str] = []
        for node in p.iter():
            tag = node.tag
            if tag == f"{W}t":
                parts.append(node.text or "")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}tab":
                parts.append(" ")
            elif tag == f"{W}sym":
                parts.append(_sym(node))
            elif tag == f"{W}delText":
                continue
        lines.append("".join(parts))
    return "\n".join(lines).strip("\n")


def _body_items(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in body order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            yield from _body_items(child)


def _int_attr(el: Any, path: str, default: int) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return int(found.get(f"{W}val"))
    except (TypeError, ValueError):
        return default


def _grid(tbl: Any, index: int, heading: list[str]) -> Grid:
    cells: dict[tuple[int, int], Cell] = {}
    open_merge: dict[int, tuple[int, int]] = {}  # grid column -> origin of an open vMerge
    rows = [tr for tr in tbl.iterchildren(f"{W}tr")]
    for r, tr in enumerate(rows):
        col = _int_attr(tr, f"{W}trPr/{W}gridBefore", 0)
        for tc in tr.iterchildren(f"{W}tc"):
            span = max(1, _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1))
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            is_continue = vmerge is not None and vmerge.get(f"{W}val") in (None, "continue")
            origin = open_merge.get(col)
            if is_continue and origin is not None and origin in cells:
                old = cells[origin]
                cells[origin] = Cell(old.row, old.col, old.text, r - old.row + 1, old.colspan)
            else:
                cells[(r, col)] = Cell(r, col, _text(tc), 1, span)
                for c in range(col, col + span):
                    open_merge.pop(c, None)
                if vmerge is not None and not is_continue:
                    open_merge[col] = (r, col)
            col += span
    return Grid(name=f"第{index}个表格", cells=list(cells.values()), heading=heading)


def read_docx(path: Path) -> list[Grid]:
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputFileError(f"无法打开 Word 文件 {path.name}：文件已损坏，或不是 .docx 文件"
                             "（请用 Word/WPS 打开后另存为 .docx）") from exc
    grids: list[Grid] = []
    pending: list[str] = []
    for el in _body_items(document.element.body):
        if el.tag == f"{W}p":
            text = _text(el).strip()
            if text:
                pending.append(text)
        else:
            grid = _grid(el, len(grids) + 1, pending[-4:])
            if grid.cells:
                grids.append(grid)
            pending = []
    return grids
