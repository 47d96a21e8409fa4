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


CATALOGUE_NOTES = [
    "标准目录 单位清单 填写说明",
    "1. 「单位」工作表每行一个单位，一行生成该单位的《扶贫领域基层政务公开标准目录》（.xlsx 和 "
    ".docx），"
    "汇总工作簿中每个单位一个工作表。单位名称在批次内不得重复。",
    "2. 基础目录：扶贫领域基层政务公开标准目录（标准指引13项，默认）或 万源市扶贫工作公开事项目"
    "录（万源规范第4.3条）。",
    "3. 公开层级一、公开层级二：本单位表格“公开层级”下两栏的名称，如 区级/镇级、县级/乡、村级、"
    "镇级/村级；"
    "基础目录的两栏按顺序改成这两个名称。",
    "4. 公开主体名称（可选）：把基础目录中的公开主体换成本单位的名称，写作 原名称=本单位名称，"
    "多项用分号分隔，"
    "如 县级扶贫部门=伊美区农业农村局（区扶贫办）；乡镇人民政府=各镇人民政府。",
    "5. 年度：目录适用的年度；目录每年更新一次（第6.2条）。不填则用命令行 --year。",
    "6. 「调整」工作表（可选）每行一项调整：",
    "   修改：改写某个事项（公开事项填 一级事项/二级事项）或全部事项（填 全部事项）的所填栏目，"
    "未填的栏目不变；"
    "增加渠道、去掉渠道只改动所列渠道。",
    "   不适用：本单位不公开该事项，须填写不适用理由；目录中保留该行并注明理由。",
    "   新增：增加一个事项（如 防止返贫监测/监测对象识别），公开内容、依据、时限、主体、渠道、"
    "对象、方式、层级都要填。",
    "7. 公开内容（要素）每个要素一行（单元格内 Alt+回车 换行）；公开渠道、公开对象、公开方式可"
    "填多个，用顿号分隔；"
    "公开层级填本单位的层级名称，两栏都勾写作如 县级、乡、村级。",
    "8. 校验：每个标准事项都在目录中或标明不适用并写明理由；每行至少有一项公开内容、公开依据、"
    "公开时限、公开主体、"
    "一个渠道、一个公开对象、一个公开方式和一个公开层级；层级须是本单位的层级栏目；时限须能计算"
    "（N个工作日内、每年底前……）。",
    "9. 填好后运行：fupin-docs catalogue 本文件.xlsx --year 2026 -o 输出文件夹。有问题的单元格"
    "会在 校验报告.xlsx 中标红并附说明。",
]


def init_catalogue(path: Path) -> None:
    from .catalogue import BUILTIN, builtin_catalogue

    labels = ["全部事项", *(i.label for n in BUILTIN for i in builtin_catalogue(n).items)]
    write_input_workbook(
        path,
        [(load_schema("catalogue_units"), []), (load_schema("catalogue_adapt"), [])],
        {"catalogue-items": labels},
        CATALOGUE_NOTES,
    )


# kind name on the command line -> writer; each document kind adds its own entry
INIT_KINDS: dict[str, Callable[[Path], None]] = {
    "slips": init_slips,
    "catalogue": init_catalogue,
}
