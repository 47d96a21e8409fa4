"""Reading a ledger an office keeps itself (附录D-style): its headers are recognised by what
they mean (发布时间 → 公开日期, 公开主体 → 责任股室, 签发时间 → 审签日期 ...), and the
signature line under its table (填表人 / 制表人 / 审核人 / 填报日期) is not a row.

One implementation for ``ledger --against`` and for ``inspect``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...inputs.meaning import Meaning, SheetHead, best_header_row, sheet_heads
from ...resources import load_schema

LEDGER_SCHEMA = load_schema("ledger")

# Tried in this order for every header: the specific meanings first (发布人 before 发布日期,
# 公开方式 before 公开, 审签日期 before 日期).
LEDGER_MEANINGS: tuple[Meaning, ...] = (
    Meaning("seq", (r"^序号$", r"^序$", r"^No\.?$")),
    Meaning("on_time", (r"是否按时", r"按时")),
    Meaning("deadline_rule", (r"适用时限", r"时限")),
    Meaning("publisher", (r"发布人", r"经办人", r"填报人", r"录入人", r"上传人")),
    Meaning("disclosure", (r"公开属性", r"属性", r"公开类[别型]")),
    Meaning("ways", (r"公开方式", r"公开形式", r"发布方式", r"^方式$", r"^形式$")),
    Meaning("channels", (r"渠道", r"载体", r"平台", r"栏目")),
    Meaning("signoff_date", (r"审签", r"签发", r"审批", r"审核(日期|时间)")),
    Meaning("formed_date", (r"形成", r"生成", r"产生", r"成文")),
    Meaning("published_date", (r"(公开|发布|上网|公示)(日期|时间|日)", r"^公开于")),
    Meaning("number", (r"编号", r"文号", r"字号", r"索引号"), exclude=(r"序号",)),
    Meaning("title", (r"标题", r"名称", r"题目", r"信息名")),
    Meaning("summary", (r"内容描述", r"内容摘要", r"摘要", r"主要内容", r"内容简介")),
    Meaning("item", (r"公开事项", r"事项", r"信息类别", r"目录类别", r"^类别$")),
    Meaning("office", (r"责任股室", r"股室", r"科室", r"责任单位", r"公开主体", r"发布单位",
                       r"部门", r"单位")),
    Meaning("remarks", (r"备注", r"说明")),
)

SIGN_MARKS = ("填表人", "制表人", "审核人", "填报日期")


def is_sign_line(values: dict[str, Any]) -> bool:
    """The 填表人 / 审核人 / 填报日期 line under a ledger's table (ours, or an office's):
    not a ledger row."""
    texts = [v for v in values.values() if v not in (None, "")]
    return bool(texts) and all(isinstance(v, str) for v in texts) and any(
        str(v).strip().startswith(SIGN_MARKS) for v in texts)


@dataclass(frozen=True)
class LedgerHead:
    """A sheet recognised as a ledger: its header row and what each header means."""

    sheet: str
    schema: dict[str, Any]  # the ledger schema with this sheet's own headers as aliases
    found: dict[str, int]  # field -> 1-based column
    headers: tuple[Any, ...]
    own: bool  # the ledger this toolkit writes

    def how(self) -> str:
        """Chinese: how it was recognised."""
        if self.own:
            return "发布台账（本工具生成）"
        return "发布台账（按表头含义识别：" + "、".join(
            f"{self.headers[c - 1]}→{field_title(f)}" for f, c in self.found.items()) + "）"


NOT_LEDGER_SHEETS = ("说明", "问题清单", "汇总", "不予公开登记", "_选项")


def recognise_ledger(heads: list[SheetHead]) -> LedgerHead | None:
    """The first sheet (ours named 发布台账 first, visible before hidden) whose headers mean a
    ledger: an 编号 or a 标题, and a 公开日期. None when no sheet does."""
    heads = [h for h in heads if h.name not in NOT_LEDGER_SHEETS and not h.name.startswith("_")]
    ordered = sorted(heads, key=lambda h: (h.name != LEDGER_SCHEMA["x-sheet"], not h.visible))
    for head in ordered:
        row, found = best_header_row(head, LEDGER_MEANINGS)
        if ("number" in found or "title" in found) and "published_date" in found:
            headers = head.rows[row - 1]
            own = head.name == LEDGER_SCHEMA["x-sheet"] and "deadline_rule" in found
            return LedgerHead(head.name, _ledger_schema(headers, found), found, headers, own)
    return None


def against_schema(path: Path) -> tuple[str | None, dict[str, Any]]:
    """(sheet, schema) to read an existing ledger with (``ledger --against``): its headers
    by meaning, as ``inspect`` reads them; the plain ledger schema (and the first sheet)
    when no sheet looks like a ledger or the file is JSON, so that the reader says what
    is missing."""
    if path.suffix.lower() != ".xlsx":
        return None, LEDGER_SCHEMA
    head = recognise_ledger(sheet_heads(path))
    return (None, LEDGER_SCHEMA) if head is None else (head.sheet, head.schema)


def field_title(field_name: str) -> str:
    return str(LEDGER_SCHEMA["properties"][field_name].get("title", field_name))


def _ledger_schema(headers: tuple[Any, ...], found: dict[str, int]) -> dict[str, Any]:
    """The ledger schema with this sheet's own headers added as aliases. 信息编号 is required
    only when the sheet has such a column (an office ledger may name its rows by title only)."""
    schema = copy.deepcopy(LEDGER_SCHEMA)
    for field_name, col in found.items():
        prop = schema["properties"][field_name]
        header = str(headers[col - 1]).strip()
        prop["x-header-aliases"] = [*prop.get("x-header-aliases", []), header]
    schema["required"] = [f for f in LEDGER_SCHEMA["required"] if f in found]
    return schema
