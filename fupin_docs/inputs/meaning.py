"""Recognise a table by what its headers mean, not by their exact words.

Offices keep their own 附录D-style ledgers: 信息名称 or 标题, 发布时间 or 公开日期, 股室 or
公开主体. A ``Meaning`` says which header texts stand for one field (regular expressions on
the normalised header, tried in order); ``match_headers`` maps a header row to fields.
``sheet_heads`` gives the first rows of every sheet of a workbook, to tell what it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..types import InputFileError
from .workbook import HEADER_SEARCH_ROWS, _sniff, normalize_header


@dataclass(frozen=True)
class Meaning:
    field: str
    patterns: tuple[str, ...]  # regexes searched in the normalised header
    exclude: tuple[str, ...] = ()  # a header matching one of these is not this field

    def matches(self, header: str) -> bool:
        if any(re.search(p, header) for p in self.exclude):
            return False
        return any(re.search(p, header) for p in self.patterns)


def match_headers(headers: Sequence[Any], meanings: Sequence[Meaning]) -> dict[str, int]:
    """field -> 1-based column index; each header goes to the first meaning it matches and
    each field takes the first header that means it."""
    found: dict[str, int] = {}
    for idx, value in enumerate(headers, start=1):
        header = normalize_header(value)
        if not header:
            continue
        for m in meanings:
            if m.field not in found and m.matches(header):
                found[m.field] = idx
                break
    return found


@dataclass(frozen=True)
class SheetHead:
    name: str
    visible: bool
    rows: list[tuple[Any, ...]]  # the first HEADER_SEARCH_ROWS rows


def sheet_heads(path: Path) -> list[SheetHead]:
    """The first rows of every sheet of an .xlsx workbook (Chinese errors for other files).

    Read straight from the sheet XML, stopping after the first rows, and only as much of the
    shared-string table as those rows use: openpyxl would parse the whole string table (every
    title of a county's year) just to look at the headers. Falls back to openpyxl when the
    package is laid out unusually."""
    _sniff(path)
    try:
        return _quick_heads(path)
    except Exception:  # an unusual but valid package: let openpyxl read it
        return _openpyxl_heads(path)


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_M = "{" + _NS["m"] + "}"


def _quick_heads(path: Path) -> list[SheetHead]:
    import posixpath
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        book = etree.fromstring(zf.read("xl/workbook.xml"))
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        raw: list[tuple[str, bool, list[dict[int, tuple[str, str]]]]] = []
        wanted: set[int] = set()
        for sheet in book.iterfind("m:sheets/m:sheet", _NS):
            target = str(targets[sheet.get("{" + _NS["r"] + "}id")])
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
            rows: list[dict[int, tuple[str, str]]] = []
            with zf.open(member) as fh:
                for _, el in etree.iterparse(fh, tag=_M + "row"):
                    r = int(el.get("r") or len(rows) + 1)
                    if r > HEADER_SEARCH_ROWS:
                        break
                    while len(rows) < r:
                        rows.append({})
                    for c in el.iterfind("m:c", _NS):
                        col = _column(str(c.get("r") or ""))
                        kind = c.get("t") or "n"
                        if kind == "inlineStr":
                            text = "".join(c.itertext())
                            rows[r - 1][col] = ("str", text)
                            continue
                        v = c.find("m:v", _NS)
                        if v is None or v.text is None:
                            continue
                        rows[r - 1][col] = (kind, v.text)
                        if kind == "s":
                            wanted.add(int(v.text))
                    el.clear()
            raw.append((str(sheet.get("name")), sheet.get("state", "visible") == "visible", rows))
        strings: dict[int, str] = {}
        if wanted:
            with zf.open("xl/sharedStrings.xml") as fh:
                for i, (_, el) in enumerate(etree.iterparse(fh, tag=_M + "si")):
                    if i in wanted:
                        strings[i] = "".join(t.text or "" for t in el.iter(_M + "t"))
                    el.clear()
                    if i >= max(wanted):
                        break
    heads: list[SheetHead] = []
    for name, visible, rows in raw:
        values: list[tuple[Any, ...]] = []
        for row in rows:
            width = max(row, default=0)
            cells: list[Any] = [None] * width
            for col, (kind, text) in row.items():
                cells[col - 1] = strings.get(int(text)) if kind == "s" else text
            values.append(tuple(cells))
        heads.append(SheetHead(name, visible, values))
    return heads


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + ord(ch.upper()) - 64
    return n


def _openpyxl_heads(path: Path) -> list[SheetHead]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputFileError(f"{path.name} 无法作为 .xlsx 打开：{type(exc).__name__}") from exc
    try:
        return [
            SheetHead(name, wb[name].sheet_state == "visible",
                      list(wb[name].iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS,
                                              values_only=True)))
            for name in wb.sheetnames
        ]
    finally:
        wb.close()


def best_header_row(head: SheetHead, meanings: Sequence[Meaning]) -> tuple[int, dict[str, int]]:
    """(1-based header row, field -> column) of the row that matches most meanings."""
    best_row, best = 0, dict[str, int]()
    for i, values in enumerate(head.rows, start=1):
        found = match_headers(values, meanings)
        if len(found) > len(best):
            best_row, best = i, found
    return best_row, best
