"""Blank input workbooks (fupin-docs init), generated from the schemas."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any, Protocol

from ..inputs.validate import with_more_choices
from ..outputs.atomic import atomic_path
from ..outputs.xlsxfile import DocProps
from ..render.xlsx import Workbook
from ..resources import load_schema
from ..standard.catalogues import catalogue_schema
from ..standard.catalogues.model import BUILTIN, Catalogue, ItemIndex, builtin_catalogue
from ..standard.profile import DEFAULT, Profile
from ..types import column_letter

EXAMPLE_ITEM = "扶贫资金/财政专项扶贫资金分配结果"


def example_item(items: ItemIndex | None) -> str:
    """The 公开事项 of the 说明's example: one of the catalogues in force (the built-in
    example when they have it, else their first item), never one the dropdown lacks."""
    if items is None or items.find(EXAMPLE_ITEM) is not None:
        return EXAMPLE_ITEM
    labels = items.labels()
    return labels[0] if labels else EXAMPLE_ITEM


def slip_notes(profile: Profile = DEFAULT, items: ItemIndex | None = None) -> list[str]:
    """The 说明 sheet of the 处理单 workbook, in the office's words (its standard, deadlines);
    its example names an item of ``items`` (the catalogues the 公开事项 dropdown lists)."""
    p = profile
    item = example_item(items)
    topic = item.partition("/")[2] or item
    return [
        "政务公开信息处理单 填写说明",
        "1. 在「处理单」工作表中每行填写一条拟公开的信息，一行生成一份《政务公开信息处理单》"
        f"（{p.standard_title}附录C）。",
        "2. 表头带 * 的列必填；把鼠标停在表头上可看到每列的填写要求和依据条款。请勿修改或删除表头。",
        "3. 日期可写作 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日；推荐直接输入日期。只写 3月5日 时，"
        "年份取本行编号〔〕中的年份。真实性核对、完整性核对填 是 或 √ 即为已核对；涉密性审查请选 不涉密 或 涉密。",
        "4. 公开渠道、公开方式可填多个，用顿号（、）、逗号或分号分隔，如：政府网站、两微一端。",
        "5. 公开事项请从下拉列表选择（格式：一级事项/二级事项），它决定该信息的公开时限和应含要素。",
        "6. 审签规则：一般性文件（含局内部文件）须经分管领导审签（第5.2条）；重大决策须经分管领导和主要领导审签（第5.3条）；"
        "送审签前须核对真实性、完整性、涉密性（第5.1条）。",
        f"7. 时限：审签确认后{p.signoff_days}个工作日内公开（第5.4条）；"
        f"信息形成（变更）后{p.general_deadline_days}个工作日内公开，标准目录另有时限的按目录（第6.1条）。"
        "工作日按国家法定节假日和调休计算。",
        "8. 不予公开、删减后公开须填写理由；不予公开的信息不填实际公开日期。",
        "9. 填好后运行：fupin-docs slips 本文件.xlsx -o 输出文件夹。有问题的单元格会在 校验报告.xlsx 中标红并附说明。",
        f"示例：编号 {p.short}扶公〔2026〕12号；信息标题 2026年度{topic}公告；"
        f"公开事项 {item}；"
        "文件类别 重大决策；公开属性 主动公开；公开渠道 政府网站、社区/企事业单位/村公示栏（电子屏）；公开方式 全文发布。",
    ]


SLIP_NOTES = slip_notes()


# columns whose notes name the built-in catalogues and where they come from (the 万源
# catalogue is the one of the 万源 standard, for every office): not reworded
BUILTIN_NAMES = ("base",)


def with_profile(schema: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """A schema whose column notes (header comments, input prompts) name the office's
    standard, unit, 督查小组, 领导小组 and deadlines instead of the built-in 万源 ones."""
    if profile == DEFAULT:
        return schema
    out = copy.deepcopy(schema)
    for name, prop in out["properties"].items():
        if prop.get("description") and name not in BUILTIN_NAMES:
            prop["description"] = profile.reword(prop["description"])
    return out


def init_slips(path: Path, items: ItemIndex | None = None, profile: Profile = DEFAULT) -> None:
    """The blank 处理单 workbook; 公开事项 lists the items of ``items``, else of the
    profile's built-in catalogues (the ones a run looks items up in)."""
    items = items or ItemIndex([builtin_catalogue(n) for n in profile.catalogues])
    write_input_workbook(
        path,
        [(with_profile(catalogue_schema(load_schema("slip"), items), profile), [])],
        {"catalogue-items": items.labels()},
        slip_notes(profile, items), author=profile.unit,
    )


def catalogue_notes(profile: Profile = DEFAULT) -> list[str]:
    """The 说明 sheet of the 单位 workbook (the 基础目录 are the built-in ones for everyone)."""
    return [profile.reword(line) for line in _CATALOGUE_NOTES]


_CATALOGUE_NOTES = [
    "标准目录 单位清单 填写说明",
    "1. 「单位」工作表每行一个单位，一行生成该单位的《扶贫领域基层政务公开标准目录》（.xlsx 和 "
    ".docx），"
    "汇总工作簿中每个单位一个工作表。单位名称在批次内不得重复。",
    "2. 基础目录：扶贫领域基层政务公开标准目录（标准指引13项，默认）或 万源市扶贫工作公开事项目"
    "录（万源规范第4.3条）。",
    "3. 公开层级一、公开层级二：本单位表格“公开层级”下两栏的名称，如 区级/镇级、县级/乡、村级、"
    "镇级/村级；"
    "基础目录的两栏按顺序改成这两个名称。",
    "4. 公开主体名称（可选）：把基础目录中的公开主体换成本单位的名称。一般直接写本单位全称，"
    "如 平昌县乡村振兴局（替换县级的公开主体“县级扶贫部门”）、岳家镇人民政府（替换乡镇的"
    "“乡镇人民政府”）；"
    "要替换别的名称时写作 原名称=本单位名称，多项用分号分隔，"
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
CATALOGUE_NOTES = catalogue_notes()


def init_catalogue(path: Path, profile: Profile = DEFAULT) -> None:
    labels = ["全部事项", *(i.label for n in BUILTIN for i in builtin_catalogue(n).items)]
    write_input_workbook(
        path,
        [(with_profile(load_schema("catalogue_units"), profile), []),
         (with_profile(load_schema("catalogue_adapt"), profile), [])],
        {"catalogue-items": labels},
        catalogue_notes(profile), author=profile.unit,
    )


class InitWriter(Protocol):
    """Writes a blank workbook at ``path`` in the office's words."""

    def __call__(self, path: Path, profile: Profile = DEFAULT) -> None: ...


class CatalogueInitWriter(Protocol):
    """Writes a blank workbook listing the items of ``catalogues`` (init --catalogue)."""

    def __call__(self, path: Path, catalogues: list[Catalogue],
                 profile: Profile = DEFAULT) -> None: ...


def _init_slips(path: Path, profile: Profile = DEFAULT) -> None:
    init_slips(path, profile=profile)


# kind name on the command line -> writer; each document kind adds its own entry
INIT_KINDS: dict[str, InitWriter] = {
    "slips": _init_slips,
    "catalogue": init_catalogue,
}


def init_slips_with(path: Path, catalogues: list[Catalogue], profile: Profile = DEFAULT) -> None:
    """init slips --catalogue: the 公开事项 dropdown lists the county's own items."""
    init_slips(path, ItemIndex(catalogues), profile)


CATALOGUE_IMPORTED_NOTE = (
    "10. 以本县导入的目录为基础（fupin-docs init catalogue 和 fupin-docs catalogue 都加 "
    "--catalogue 目录文件夹）：基础目录从下拉列表选导入目录的名称（编制单位＋领域＋标准目录，如 "
    "盖州市民政局社会救助领域标准目录），也可填其领域（如 社会救助）或编制单位，只要载入的目录中"
    "只有一份是它；只载入一份目录时可不填。公开层级一、二可不填，沿用表格自己的层级栏目（填写则"
    "按顺序改名）；渠道、公开对象、公开方式按该表格自己的清单；调整（修改、不适用、新增）照常适用。"
    "导入的目录原文中无法计算的时限（如 实时公开）等只作提示，调整后仍不合格的才是错误。")


def init_catalogue_with(path: Path, catalogues: list[Catalogue],
                        profile: Profile = DEFAULT) -> None:
    """init catalogue --catalogue: 基础目录 offers the imported catalogues, 公开事项 their items."""
    imported = tuple(catalogues)
    units = copy.deepcopy(with_more_choices(load_schema("catalogue_units"), "base",
                                            [c.name for c in imported], "；本县导入的目录"))
    units["properties"]["base"]["enum"] = [*(c.name for c in imported),
                                           *(e for e in units["properties"]["base"]["enum"]
                                             if e not in {c.name for c in imported})]
    units["required"] = [r for r in units["required"] if r not in ("level_1", "level_2")]
    units = with_profile(units, profile)
    adapt = with_profile(load_schema("catalogue_adapt"), profile)
    for name in ("audiences", "modes"):
        adapt = with_more_choices(adapt, name, [v for c in imported for v in getattr(c, name)],
                                  "；本县目录还有")
    labels = ["全部事项", *dict.fromkeys(i.label for c in imported for i in c.items),
              *(i.label for n in BUILTIN for i in builtin_catalogue(n).items)]
    write_input_workbook(path, [(units, []), (adapt, [])], {"catalogue-items": labels},
                         [*catalogue_notes(profile), CATALOGUE_IMPORTED_NOTE],
                         author=profile.unit)


# kinds whose blank workbook lists catalogue items, with the catalogues to list
CATALOGUE_INIT: dict[str, CatalogueInitWriter] = {
    "slips": init_slips_with, "catalogue": init_catalogue_with}


def letter_notes(profile: Profile = DEFAULT) -> list[str]:
    """The 说明 sheet of the 督查 workbook, in the office's words."""
    p = profile
    return [
        "政务公开工作监督检查及整改意见书 填写说明",
        "1. 「检查」工作表：每个被检查单位（股室或乡镇）一行，一行生成一份"
        "《政务公开工作监督检查及整改意见书》"
        f"（{p.standard_title}第8.2条、附录E），版式按 GB/T 9704-2012。",
        "2. 「问题」工作表：检查发现的每个问题一行，一个单位可有多行。用「"
        "文号」（或「被检查单位」）与「检查」工作表对应；"
        "有问题却没有检查记录、或有检查记录却没有问题的，都会报错（第8.2.2条）。",
        "3. 每个问题必须有整改意见和整改时限（第8.2.2条）。整改时限可填日期（如 2026-10-16），"
        "或“N个工作日”（如 10个工作日，自检查时间起按工作日计算，节假日"
        "和调休按国家安排）；整改时限须晚于检查时间。",
        "4. 复查（第8.2.2条）：复查后填写复查日期和复查结果（已整改、部分整改、未整改）。"
        "部分整改、未整改只能在整改时限届满后记录；整改时限前复查的，只能记录已整改。"
        f"复查结果报告{p.leading_group}。",
        f"5. 备案日期（报{p.leading_group_office}备案）不得早于成文日期。"
        "成文日期在意见书中写作 2026年3月5日。",
        "6. 表头带 * 的列必填；把鼠标停在表头上可看到每列的填写要求和依据条款。请勿修改或删除表头。",
        "7. 生成意见书：fupin-docs letters 本文件.xlsx -o 输出文件夹。"
        "复查后生成复查情况报告和整改台账：fupin-docs follow"
        "up 本文件.xlsx -o 输出文件夹 [--today 2026"
        "-11-20]。",
        "8. 有问题的单元格会在 校验报告.xlsx 中标红并附说明（两个工作表都会标注）。",
        f"示例：文号 {p.short}扶督〔2026〕3号；被检查单位 规划财务股；检查时间"
        " 2026-09-28；检查组成员 王建国、李明；"
        f"检查依据 {p.standard_title}第8.2条；落款 {p.inspection_group}；"
        "问题 2026年度扶贫资金分配结果未在政府网站公开；整改意见 在政府"
        "网站补充公开；整改时限 10个工作日。",
    ]


LETTER_NOTES = letter_notes()


def init_letters(path: Path, profile: Profile = DEFAULT) -> None:
    write_input_workbook(
        path,
        [(with_profile(load_schema("letter_inspection"), profile), []),
         (with_profile(load_schema("letter_problem"), profile), [])],
        {},
        letter_notes(profile), author=profile.unit,
    )


INIT_KINDS["letters"] = init_letters


def write_input_workbook(
    path: Path,
    sheets: list[tuple[dict[str, Any], list[dict[str, Any]]]],
    options: dict[str, list[str]],
    notes: list[str],
    author: str = "",
) -> None:
    """Write a ready-to-fill workbook: one sheet per schema, plus 说明 and a hidden 选项 sheet.

    ``sheets`` pairs a schema with example rows (values keyed by field; may be empty).
    ``options`` maps an ``x-options`` name (e.g. catalogue-items) to its values.
    """
    with atomic_path(path) as tmp:
        wb = Workbook(str(tmp), DocProps(title=path.stem, author=author))
        header_fmt = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
             "valign": "vcenter", "align": "center", "font_name": "宋体", "font_size": 11}
        )
        req_fmt = wb.add_format(
            {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True,
             "valign": "vcenter", "align": "center", "font_name": "宋体", "font_size": 11}
        )
        text_fmt = wb.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        data_sheets = [wb.add_worksheet(schema.get("x-sheet", "数据")) for schema, _ in sheets]
        guide = wb.add_worksheet("说明")
        opt_ws = wb.add_worksheet("_选项")
        opt_col = 0
        list_refs: dict[str, str] = {}

        def option_range(key: str, values: list[str]) -> str:
            nonlocal opt_col
            if key in list_refs:
                return list_refs[key]
            opt_ws.write_string(0, opt_col, key)
            for r, v in enumerate(values, start=1):
                opt_ws.write_string(r, opt_col, v)
            letter = column_letter(opt_col + 1)
            ref = f"='_选项'!${letter}$2:${letter}${len(values) + 1}"
            list_refs[key] = ref
            opt_col += 1
            return ref

        for ws, (schema, examples) in zip(data_sheets, sheets, strict=True):
            required = set(schema.get("required", []))
            ws.set_row(0, 36)
            ws.freeze_panes(1, 0)
            last_row = 2000
            for c, (fname, prop) in enumerate(schema["properties"].items()):
                title = prop.get("title", fname)
                label = title + ("*" if fname in required else "")
                ws.write_string(0, c, label, req_fmt if fname in required else header_fmt)
                is_date = prop.get("x-type") == "date"
                ws.set_column(c, c, prop.get("x-width", 14), date_fmt if is_date else text_fmt)
                hint = prop.get("description", "")
                if prop.get("x-clause"):
                    hint += f"（依据：{prop['x-clause']}）"
                if fname in required:
                    hint = "必填。" + hint
                ws.write_comment(0, c, hint, {"x_scale": 2.2, "y_scale": 1.6, "font_name": "宋体"})
                validation: dict[str, Any] | None = None
                enum = prop.get("enum")
                opt_key = prop.get("x-options")
                if enum or (opt_key and options.get(opt_key)):
                    values = enum or options[opt_key]
                    validation = {
                        "validate": "list",
                        "source": option_range(title, values),
                        "error_title": title,
                        "error_message": "请从下拉列表中选择。",
                    }
                    if prop.get("x-aliases"):  # 是 / √ are read too: Excel only asks, never refuses
                        shown = "、".join(list(prop["x-aliases"])[:3])
                        validation["error_type"] = "warning"
                        validation["error_message"] = f"请从下拉列表中选择（也可填 {shown} 等）。"
                elif is_date:
                    validation = {
                        "validate": "date", "criteria": "between",
                        "minimum": dt.date(2000, 1, 1), "maximum": dt.date(2099, 12, 31),
                        "error_title": title, "error_type": "warning",
                        "error_message": "请填写日期，如 2026-03-05。",
                    }
                elif prop.get("x-type") == "list" and prop.get("items", {}).get("enum"):
                    # several values in one cell: the list offers the choices (one picked at a
                    # time), a typed 政府网站、公示栏 is let through and checked by the run
                    validation = {
                        "validate": "list",
                        "source": option_range(title, list(prop["items"]["enum"])),
                        "error_title": title, "error_type": "information",
                        "error_message": "可从下拉列表选择；填多个时用顿号分隔。",
                    }
                elif prop.get("x-type") == "list":
                    validation = {"validate": "any"}
                if validation is not None:
                    validation["input_title"] = title[:32]
                    validation["input_message"] = hint[:250]
                    ws.data_validation(1, c, last_row, c, validation)
            for r, example in enumerate(examples, start=1):
                for c, fname in enumerate(schema["properties"]):
                    value = example.get(fname)
                    if value is None:
                        continue
                    if isinstance(value, dt.date):
                        ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_fmt)
                    elif isinstance(value, list):
                        ws.write_string(r, c, "、".join(value), text_fmt)
                    else:
                        ws.write_string(r, c, str(value), text_fmt)
        guide.set_column(0, 0, 110)
        wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_name": "宋体", "font_size": 11})
        bold = wb.add_format({"bold": True, "font_size": 14, "font_name": "黑体"})
        guide.write_string(0, 0, notes[0] if notes else "填写说明", bold)
        for r, line in enumerate(notes[1:], start=1):
            guide.write_string(r, 0, line, wrap)
        opt_ws.hide()
        data_sheets[0].activate()
        wb.close()

