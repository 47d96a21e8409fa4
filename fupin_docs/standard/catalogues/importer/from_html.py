"""HTML tables (web pages as published) with rowspan / colspan, via lxml."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from ....types import InputFileError
from .grid import Cell, Grid

BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "section",
         "article", "blockquote", "pre", "dd", "dt"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "caption", "strong", "b", "span",
                "center", "font"}


def decode(data: bytes) -> str:
    """The page's text: its declared charset (GB2312 read as GB18030), else UTF-8, else GB18030."""
    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    names = []
    if m:
        name = m.group(1).decode("ascii").lower()
        names.append("gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name)
    names += ["utf-8", "gb18030"]
    for name in names:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def cell_text(el: Any) -> str:
    """Text with <br> and block elements as line breaks, &nbsp; as a space."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str):  # comments, processing instructions
            if node.tail:
                parts.append(node.tail)
            return
        tag = node.tag.lower()
        if tag in ("script", "style"):
            if node.tail:
                parts.append(node.tail)
            return
        if tag == "br" or tag in BLOCK:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in BLOCK:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    if el.text:
        parts.append(el.text)
    for child in el:
        walk(child)
    text = "".join(parts).replace("\xa0", " ").replace("\u3000", " ").replace("\r", "")
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _rows(table: Any) -> list[Any]:
    """The table's own <tr>s (not those of nested tables)."""
    return [tr for tr in table.iter("tr") if _owner(tr) is table]


def _owner(el: Any) -> Any:
    node = el.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _span(el: Any, name: str) -> int:
    try:
        return max(1, min(1000, int(str(el.get(name, "1")).strip() or 1)))
    except ValueError:
        return 1


def _grid(table: Any, index: int, heading: list[str]) -> Grid:
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    for r, tr in enumerate(_rows(table)):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
            cells.append(Cell(r, c, cell_text(td), rowspan, colspan))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    taken.add((rr, cc))
            c += colspan
    return Grid(name=f"第{index}个表格", cells=cells, heading=heading)


def _heading(table: Any, previous: Any | None) -> list[str]:
    """Text lines between the previous table (or the page start) and this one."""
    lines: list[str] = []
    caption = table.find("caption")
    if caption is not None:
        lines.append(cell_text(caption))
    for el in table.itersiblings(preceding=True):
        if not isinstance(el.tag, str):
            continue
        if el.tag == "table" or (previous is not None and previous in el.iter("table")):
            break
        text = cell_text(el)
        if text:
            lines[:0] = text.split("\n")[-3:]
        if len(lines) >= 4:
            break
    if not lines:  # the table sits deeper: look at the parent's earlier siblings
        parent = table.getparent()
        if parent is not None and parent.tag not in ("body", "html"):
            return _heading(parent, previous)
    return [ln for ln in lines if ln][-4:]


def read_html(path: Path) -> list[Grid]:
    try:
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", decode(path.read_bytes()))
        doc = lxml.html.document_fromstring(text or "<html></html>")
    except (OSError, etree.ParserError, ValueError) as exc:
        raise InputFileError(f"无法读取网页文件 {path.name}：文件已损坏或不是网页"
                             "（请在浏览器中把目录页面另存为 .html）") from exc
    # nested tables too: pages often put the catalogue inside a layout table
    tables = list(doc.iter("table"))
    grids: list[Grid] = []
    title = doc.findtext(".//title") or ""
    for i, table in enumerate(tables):
        grid = _grid(table, i + 1, _heading(table, tables[i - 1] if i else None))
        grid.caption = title.strip()
        if grid.cells:
            grids.append(grid)
    return grids
