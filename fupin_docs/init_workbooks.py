"""Blank input workbooks (fupin-docs init), generated from the schemas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .catalogue import ItemIndex
from .resources import load_schema
from .workbook import write_input_workbook

SLIP_NOTES = [
    "政务公开信息处理单 填写说明",
    "1. 在「处理单」工作表中每行填写一条拟公开的信息，一行生成一份《政务公开信息处理单》（《万源市扶贫工作公开规范》附录C）。",
    "2. 表头带 * 的列必填；把鼠标停在表头上可看到每列的填写要求和依据条款。请勿修改或删除表头。",
    "3. 日期可写作 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日；推荐直接输入日期。",
    "4. 公开渠道、公开方式可填多个，用顿号（、）、逗号或分号分隔，如：政府网站、两微一端。",
    "5. 公开事项请从下拉列表选择（格式：一级事项/二级事项），它决定该信息的公开时限和应含要素。",
    "6. 审签规则：一般性文件（含局内部文件）须经分管领导审签（第5.2条）；重大决策须经分管领导和主要领导审签（第5.3条）；"
    "送审签前须核对真实性、完整性、涉密性（第5.1条）。",
    "7. 时限：审签确认后1个工作日内公开（第5.4条）；信息形成（变更）后3个工作日内公开，标准目录另有时限的按目录（第6.1条）。"
    "工作日按国家法定节假日和调休计算。",
    "8. 不予公开、删减后公开须填写理由；不予公开的信息不填实际公开日期。",
    "9. 填好后运行：fupin-docs slips 本文件.xlsx -o 输出文件夹。有问题的单元格会在 校验报告.xlsx 中标红并附说明。",
    "示例：编号 万扶公〔2026〕12号；信息标题 2026年度财政专项扶贫资金分配结果公告；公开事项 扶贫资金/财政专项扶贫资金分配结果；"
    "文件类别 重大决策；公开属性 主动公开；公开渠道 政府网站、社区/企事业单位/村公示栏（电子屏）；公开方式 全文发布。",
]


def init_slips(path: Path, items: ItemIndex | None = None) -> None:
    items = items or ItemIndex.default()
    write_input_workbook(
        path,
        [(load_schema("slip"), [])],
        {"catalogue-items": items.labels()},
        SLIP_NOTES,
    )


# kind name on the command line -> writer; each document kind adds its own entry
INIT_KINDS: dict[str, Callable[[Path], None]] = {
    "slips": init_slips,
}
