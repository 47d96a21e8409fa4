"""What kind of record a workbook is: the toolkit's slip workbook, its own ledger, or an
office's own 附录D-style ledger whose headers are recognised by meaning."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ...inputs.meaning import Meaning, SheetHead, best_header_row, sheet_heads
from ...inputs.workbook import field_titles, normalize_header
from ...resources import load_schema
from ...types import InputFileError
from ..ledger import LEDGER_SCHEMA

SLIP_SCHEMA = load_schema("slip")
RecordKind = Literal["slips", "ledger"]
SKIP_SHEETS = ("说明", "问题清单", "汇总", "不予公开登记", "_选项")

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
    ordered = sorted(heads, key=lambda h: (h.name != LEDGER_SCHEMA["x-sheet"], not h.visible))
    for head in ordered:
        row, found = best_header_row(head, LEDGER_MEANINGS)
        if ("number" in found or "title" in found) and "published_date" in found:
            schema = _ledger_schema(head.rows[row - 1], found)
            own = head.name == LEDGER_SCHEMA["x-sheet"] and "deadline_rule" in found
            how = ("发布台账（本工具生成）" if own else "发布台账（按表头含义识别："
                   + "、".join(f"{head.rows[row - 1][c - 1]}→{_title(f)}" for f, c in found.items())
                   + "）")
            return Recognised(path, "ledger", head.name, schema, f"{how}，工作表「{head.name}」")
    names = "、".join(h.name for h in heads) or "（没有工作表）"
    raise InputFileError(
        f"{path.name} 无法识别是哪种记录（工作表：{names}）：既不是处理单工作簿（表头见 "
        "fupin-docs init slips），也不是发布台账（应有信息编号或信息标题、公开日期等列）。"
        "请检查文件是否选错。")


def _title(field_name: str) -> str:
    return str(LEDGER_SCHEMA["properties"][field_name].get("title", field_name))


def _ledger_schema(headers: tuple[Any, ...], found: dict[str, int]) -> dict[str, Any]:
    """The ledger schema with this sheet's own headers added as aliases, and 信息编号 no
    longer required (an office ledger may name its rows by title only)."""
    schema = copy.deepcopy(LEDGER_SCHEMA)
    for field_name, col in found.items():
        prop = schema["properties"][field_name]
        header = str(headers[col - 1]).strip()
        prop["x-header-aliases"] = [*prop.get("x-header-aliases", []), header]
    schema["required"] = []
    return schema
