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


LETTER_NOTES = [
    "政务公开工作监督检查及整改意见书 填写说明",
    "1. 「检查」工作表：每个被检查单位（股室或乡镇）一行，一行生成一份"
    "《政务公开工作监督检查及整改意见书》"
    "（《万源市扶贫工作公开规范》第8.2条、附录E），版式按 GB/T 9704-2012。",
    "2. 「问题」工作表：检查发现的每个问题一行，一个单位可有多行。用「"
    "文号」（或「被检查单位」）与「检查」工作表对应；"
    "有问题却没有检查记录、或有检查记录却没有问题的，都会报错（第8.2.2条）。",
    "3. 每个问题必须有整改意见和整改时限（第8.2.2条）。整改时限可填日期（如 2026-10-16），"
    "或“N个工作日”（如 10个工作日，自检查时间起按工作日计算，节假日"
    "和调休按国家安排）；整改时限须晚于检查时间。",
    "4. 复查（第8.2.2条）：复查后填写复查日期和复查结果（已整改、部分整改、未整改）。"
    "部分整改、未整改只能在整改时限届满后记录；整改时限前复查的，只能记录已整改。",
    "5. 备案日期（报市领导小组办公室备案）不得早于成文日期。成文日期在意见书中写作 2026年3月5日。",
    "6. 表头带 * 的列必填；把鼠标停在表头上可看到每列的填写要求和依据条款。请勿修改或删除表头。",
    "7. 生成意见书：fupin-docs letters 本文件.xlsx -o 输出文件夹。"
    "复查后生成复查情况报告和整改台账：fupin-docs follow"
    "up 本文件.xlsx -o 输出文件夹 [--today 2026"
    "-11-20]。",
    "8. 有问题的单元格会在 校验报告.xlsx 中标红并附说明（两个工作表都会标注）。",
    "示例：文号 万扶督〔2026〕3号；被检查单位 规划财务股；检查时间"
    " 2026-09-28；检查组成员 王建国、李明；"
    "问题 2026年度扶贫资金分配结果未在政府网站公开；整改意见 在政府"
    "网站补充公开；整改时限 10个工作日。",
]


def init_letters(path: Path) -> None:
    write_input_workbook(
        path,
        [(load_schema("letter_inspection"), []), (load_schema("letter_problem"), [])],
        {},
        LETTER_NOTES,
    )


INIT_KINDS["letters"] = init_letters
