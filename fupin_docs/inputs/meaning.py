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
    """The first rows of every sheet of an .xlsx workbook (Chinese errors for other files)."""
    _sniff(path)
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
