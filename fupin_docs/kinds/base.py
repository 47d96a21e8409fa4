"""What a document kind declares; the pipeline does the rest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from ..rules import Rule, RunContext
from ..validate import Record


class RowDocumentKind(Protocol):
    """A kind that renders one document per input row (e.g. the processing slip)."""

    name: str  # schema name, e.g. "slip"
    label: str  # Chinese name, e.g. "政务公开信息处理单"
    template: str  # file name under templates/
    rules: Sequence[Rule]

    def context(self, rec: Record, ctx: RunContext) -> dict[str, Any]: ...

    def filename(self, rec: Record) -> str: ...


_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(stem: str, suffix: str, max_chars: int = 100) -> str:
    """A file name Windows, macOS and Linux all accept: forbidden characters become _."""
    name = _FORBIDDEN.sub("_", stem).strip().rstrip(". ")
    name = re.sub(r"\s+", " ", name)[:max_chars].rstrip(". ") or "未命名"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    # File systems count bytes (ext4: 255 UTF-8 bytes); CJK is 3 bytes, emoji 4.
    while len((name + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1].rstrip(". ")
    return name + suffix


MAX_NAME_BYTES = 240
