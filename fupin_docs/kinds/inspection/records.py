"""What kind of record a workbook is: the toolkit's slip workbook, its own ledger, or an
office's own 附录D-style ledger whose headers are recognised by meaning."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ...inputs.meaning import SheetHead, sheet_heads
from ...inputs.workbook import field_titles, normalize_header
from ...resources import load_schema
from ...types import InputFileError
from ..ledger.reading import recognise_ledger

SLIP_SCHEMA = load_schema("slip")
RecordKind = Literal["slips", "ledger"]
SKIP_SHEETS = ("说明", "问题清单", "汇总", "不予公开登记", "_选项")


@dataclass(frozen=True)
class Recognised:
    path: Path
    kind: RecordKind
    sheet: str
    schema: dict[str, Any]  # the schema to read it with (a ledger's real headers as aliases)
    how: str  # Chinese: how it was recognised


def _slip_hits(head: SheetHead) -> int:
    lookup = {normalize_header(t): f for f, ts in field_titles(SLIP_SCHEMA).items() for t in ts}
    return max((len({lookup[normalize_header(v)] for v in row if normalize_header(v) in lookup})
                for row in head.rows), default=0)


def recognise(path: Path) -> Recognised:
    """Tell a slip workbook from a ledger, or say in Chinese why the file is neither."""
    heads = [h for h in sheet_heads(path) if h.name not in SKIP_SHEETS and not h.name.startswith("_")]
    required = set(SLIP_SCHEMA["required"])
    for head in sorted(heads, key=lambda h: h.name != SLIP_SCHEMA["x-sheet"]):
        if _slip_hits(head) >= len(required) - 2:
            return Recognised(path, "slips", head.name, SLIP_SCHEMA,
                              f"处理单工作簿（工作表「{head.name}」）")
    ledger = recognise_ledger(heads)
    if ledger is not None:
        return Recognised(path, "ledger", ledger.sheet, ledger.schema,
                          f"{ledger.how()}，工作表「{ledger.sheet}」")
    names = "、".join(h.name for h in heads) or "（没有工作表）"
    raise InputFileError(
        f"{path.name} 无法识别是哪种记录（工作表：{names}）：既不是处理单工作簿（表头见 "
        "fupin-docs init slips），也不是发布台账（应有信息编号或信息标题、公开日期等列）。"
        "请检查文件是否选错。")

