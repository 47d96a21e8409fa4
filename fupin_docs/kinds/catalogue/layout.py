"""What a printed standard catalogue (标准目录) shows, independent of the file format.

Both writers (xlsx and docx) lay out the same rows: seed 001's columns, the 一级事项
merged over its consecutive rows, the channel checklist with ■ (ticked) and □ (unticked)
in one cell, and √ marks under 公开对象 / 公开方式 / 公开层级.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from ...standard.catalogues.model import Catalogue, Item

TICKED, UNTICKED, MARK = "■", "□", "√"
BULLET = "·"
# Column headers of seed 001; the three grouped headers span their sub-columns.
FIXED_HEADERS = ("序号", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                 "公开渠道和载体")
GROUP_HEADERS = ("公开对象", "公开方式", "公开层级")
NOT_APPLICABLE = "本单位不适用"
# a checklist entry wider than this (in half-width columns) gets a line of its own
WIDE_ENTRY = 16


@functools.lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Width in half-width columns: CJK (and ■□√) count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


@functools.lru_cache(maxsize=1024)
def _checklist_lines(channels: tuple[str, ...], ticked: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line) for line in _checklist_lines_uncached(channels, ticked))


def checklist_lines(channels: tuple[str, ...], ticked: tuple[str, ...]) -> list[list[str]]:
    """See _checklist_lines_uncached; cached, since every unit repeats the same few rows."""
    return [list(line) for line in _checklist_lines(tuple(channels), tuple(ticked))]


def _checklist_lines_uncached(
    channels: tuple[str, ...], ticked: tuple[str, ...]
) -> list[list[str]]:
    """The channel checklist as lines of one or two entries.

    E.g. ``[["■政府网站", "□政府公报"], ..., ["□社区/企事业单位/村公示栏（电子屏）"], ...]``.
    """
    entries = [(TICKED if c in ticked else UNTICKED) + c for c in channels]
    lines: list[list[str]] = []
    pending: list[str] = []
    for entry in entries:
        if display_width(entry) > WIDE_ENTRY:
            if pending:
                lines.append(pending)
                pending = []
            lines.append([entry])
            continue
        pending.append(entry)
        if len(pending) == 2:
            lines.append(pending)
            pending = []
    if pending:
        lines.append(pending)
    return lines


def pad_to(text: str, width: int) -> str:
    """Pad with ideographic spaces (2 columns) and an en space (1 column) to ``width``."""
    gap = max(width - display_width(text), 2)
    return text + "\u3000" * (gap // 2) + ("\u2002" if gap % 2 else "")


def checklist_text(lines: list[list[str]]) -> str:
    """One text for a spreadsheet cell: entries of a line padded so the columns line up."""
    first = max((display_width(line[0]) for line in lines if len(line) > 1), default=0) + 2
    return "\n".join(
        pad_to(line[0], first) + line[1] if len(line) > 1 else line[0] for line in lines
    )


def element_lines(item: Item) -> list[str]:
    return [BULLET + e for e in item.elements]


@dataclass(frozen=True)
class RowView:
    no: int
    item: Item
    group_start: bool  # first row of its 一级事项 group
    group_size: int  # rows in the group (on the first row; 0 on the others)
    checklist: list[list[str]]
    marks: tuple[bool, ...]  # audiences, then modes, then levels

    @property
    def elements(self) -> list[str]:
        return element_lines(self.item)

    @property
    def not_applicable_text(self) -> str:
        reason = self.item.not_applicable_reason
        return f"{NOT_APPLICABLE}。理由：{reason}" if reason else NOT_APPLICABLE


def sub_headers(cat: Catalogue) -> list[str]:
    return [*cat.audiences, *cat.modes, *cat.level_columns]


def group_spans(cat: Catalogue) -> list[tuple[str, int]]:
    return [("公开对象", len(cat.audiences)), ("公开方式", len(cat.modes)),
            ("公开层级", len(cat.level_columns))]


def rows(cat: Catalogue) -> list[RowView]:
    """The table rows in order, numbered 1.., with the 一级事项 groups worked out."""
    result: list[RowView] = []
    items = list(cat.items)
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1].level1 == items[i].level1:
            j += 1
        for k in range(i, j + 1):
            item = items[k]
            marks = tuple(
                [a in item.audiences for a in cat.audiences]
                + [m in item.modes for m in cat.modes]
                + [lv in item.levels for lv in cat.level_columns]
            ) if item.applicable else tuple(False for _ in sub_headers(cat))
            result.append(RowView(
                no=k + 1, item=item, group_start=k == i,
                group_size=(j - i + 1) if k == i else 0,
                checklist=checklist_lines(cat.channels, item.channels) if item.applicable else [],
                marks=marks,
            ))
        i = j + 1
    return result
