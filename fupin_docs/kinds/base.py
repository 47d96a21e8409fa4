"""What a document kind declares; the pipeline does the rest."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from ..standard.rules import Rule, RunContext
from ..types import Record


class RowDocumentKind(Protocol):
    """A kind that renders one document per input row (e.g. the processing slip)."""

    name: str  # schema name, e.g. "slip"
    label: str  # Chinese name, e.g. "政务公开信息处理单"
    template: str  # file name under templates/

    @property
    def rules(self) -> Sequence[Rule]: ...  # read-only, so a tuple class attribute fits

    def context(self, rec: Record, ctx: RunContext) -> dict[str, Any]: ...

    def filename(self, rec: Record) -> str: ...


_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_BLANKS = re.compile(r"\s+")
# Windows' reserved device names, also with an extension (CON.docx) or trailing blanks
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"{dev}{i}" for dev in ("COM", "LPT") for i in (*"123456789", "¹", "²", "³"))}
MAX_PATH_CHARS = 240  # folder + name: well under Windows' MAX_PATH of 260 (Explorer, WPS, zip)


def safe_filename(stem: str, suffix: str, max_chars: int = 100) -> str:
    """A file name Windows, macOS and Linux all accept: forbidden characters (: * ? " < > |
    / \\ and control characters) become _, no trailing dot or blank, no device name (CON,
    NUL, COM1 ...), at most ``max_chars`` characters and MAX_NAME_BYTES UTF-8 bytes."""
    name = _FORBIDDEN.sub("_", stem).strip().rstrip(". ")
    name = _BLANKS.sub(" ", name)[:max_chars].rstrip(". ") or "未命名"
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    # File systems count bytes (ext4: 255 UTF-8 bytes); CJK is 3 bytes, emoji 4.
    while len((name + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1].rstrip(". ")
    return name + suffix


class GroupedDocumentKind(Protocol):
    """A kind that renders one document per parent row with its many child rows.

    E.g. the inspection letter: one row of sheet 检查 per inspected unit (the parent),
    many rows of sheet 问题 (the children) per unit. Each sheet has its own schema and rules.
    """

    name: str
    label: str
    template: str
    parent_schema: str  # schema name of the parent sheet
    child_schema: str  # schema name of the child sheet

    @property
    def parent_rules(self) -> Sequence[Rule]: ...

    @property
    def child_rules(self) -> Sequence[Rule]: ...

    def parent_of(self, child: Record, ctx: RunContext) -> Record | None:
        """The parent row a child row belongs to, or None (a child rule reports why)."""
        ...

    def check_group(self, parent: Record, children: list[Record], ctx: RunContext) -> None:
        """Cross-row checks once all rows are read (e.g. a parent without children)."""
        ...

    def context(self, parent: Record, children: list[Record], ctx: RunContext) -> dict[str, Any]:
        ...

    def filename(self, parent: Record) -> str: ...


MAX_NAME_BYTES = 240


@functools.lru_cache(maxsize=64)
def _absolute_chars(folder: str) -> int:
    return len(os.path.abspath(folder))


def _path_chars(folder: str) -> int:
    """Characters of the absolute path of ``folder`` (once per absolute folder: this runs
    for every document of a batch; a relative one depends on the working directory)."""
    return _absolute_chars(folder) if os.path.isabs(folder) else len(os.path.abspath(folder))


def fit_to_folder(folder: Path, name: str, limit: int = MAX_PATH_CHARS,
                  reserve: int = 0) -> str:
    """``name`` shortened (its stem, never its suffix) so that the full path of the file in
    ``folder`` has at most ``limit`` characters; ``reserve`` keeps room for a longer suffix
    added later. A folder so deep that not even 8 characters fit keeps an 8-character stem."""
    room = limit - _path_chars(os.fspath(folder)) - 1 - reserve
    if len(name) <= room:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = dot + suffix
    stem = stem[: max(8, room - len(suffix))].rstrip(". ")
    return (stem or "未命名") + suffix
