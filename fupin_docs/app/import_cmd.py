"""fupin-docs import-catalogue: published 标准目录 tables -> catalogue JSON + 导入报告.

One catalogue JSON per table found (valid against schemas/catalogue.schema.json), plus
report.json and 导入报告.xlsx listing every imported item and every cell that could not be
mapped, with its table, row and column. Every file is written atomically.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ..kinds.base import safe_filename
from ..outputs.annotate import write_annotated
from ..outputs.atomic import atomic_path, write_text_atomic
from ..outputs.folder import REPORT_JSON, refuse_input_as_output, remove_stale_parts
from ..outputs.report import Report
from ..outputs.xlsxfile import DocProps, save_openpyxl, set_text
from ..standard.catalogues.importer import Finding, ImportedTable, import_file
from ..standard.catalogues.model import validate_catalogue
from ..standard.profile import DEFAULT, Profile
from ..types import FupinError, Issue
from .clickcn import example
from .profile_cmd import profile_option, resolve_profile

IMPORT_XLSX = "导入报告.xlsx"
ITEMS_SHEET = "导入事项"
ITEM_HEADERS = ("文件", "表格", "目录文件", "行", "序号", "一级事项", "二级事项", "公开时限",
                "时限规则", "公开渠道和载体", "公开对象", "公开方式", "公开层级")


def _issue(f: Finding, file: str) -> Issue:
    return Issue(
        code=f.code, severity="error" if f.severity == "error" else "warning",
        message=f.message, file=file, sheet=f.sheet or f.table, row=f.row,
        column=f.column or None, column_letter=f.column_letter or None,
        value=f.value or None,
    )


def rule_text(rule: dict[str, Any] | None) -> str:
    if rule is None:
        return "无可计算期限"
    kind = rule["kind"]
    if kind == "workdays":
        return f"{rule['n']}个工作日"
    if kind == "calendar_days":
        return f"{rule['n']}日（自然日）"
    if kind == "by_date":
        return f"每年{rule['month']}月{str(rule['day']) + '日' if rule['day'] else '底'}前"
    return "每年年底前"


def _json_names(path: Path, tables: list[ImportedTable], taken: set[str]) -> list[str]:
    names: list[str] = []
    for t in tables:
        stem = path.stem if len(tables) == 1 else f"{path.stem}-{t.index}-{t.area or '目录'}"
        name, n = safe_filename(stem, ".json"), 1
        while name.casefold() in taken or name == REPORT_JSON:
            n += 1
            name = safe_filename(f"{stem}_{n}", ".json")
        taken.add(name.casefold())
        names.append(name)
    return names


def run_import(paths: Sequence[Path], out_dir: Path, *, unit: str = "",
               area: str = "", profile: Profile = DEFAULT) -> Report:
    """Import every table of every file; write the catalogues and the reports into out_dir.
    ``profile``: the office running the import, the author of 导入报告.xlsx (like every
    other output); ``unit`` is the 编制单位 written into the catalogues."""
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(out_dir)
    report = Report(kind="import-catalogue", label="标准目录导入",
                    source="、".join(p.name for p in paths), author=profile.unit)
    taken: set[str] = set()
    tables_out: list[dict[str, Any]] = []
    items_out: list[dict[str, Any]] = []
    pending: list[tuple[Path, dict[str, Any]]] = []
    for path in paths:
        try:
            tables = import_file(path, unit=unit, area=area)
        except FupinError as exc:  # one unreadable file does not stop the others
            report.issues.append(Issue(code="import.file", severity="error", message=str(exc),
                                       file=path.name))
            continue
        for table, name in zip(tables, _json_names(path, tables, taken), strict=True):
            report.issues += [_issue(f, path.name) for f in table.findings]
            n_items = len(table.items)
            report.rows_read += n_items + table.rejected
            report.rendered += n_items
            report.rejected += table.rejected
            entry: dict[str, Any] = {
                "file": path.name, "table": table.table, "title": table.title,
                "area": table.area, "unit": table.unit, "items": n_items,
                "rejected": table.rejected, "columns": table.columns, "notes": table.notes,
                "output": name if n_items else None,
            }
            tables_out.append(entry)
            for item in table.items:
                d = item.data
                items_out.append({
                    "file": path.name, "table": table.table, "output": name,
                    "row": item.first_row, "last_row": item.last_row, "no": d["no"],
                    "label": f"{d['level1']}/{d['level2']}", "deadline": d["deadline"],
                    "deadline_rule": d["deadline_rule"], "channels": d["channels"],
                    "audiences": d["audiences"], "modes": d["modes"], "levels": d["levels"],
                })
            if not n_items:
                report.issues.append(Issue(
                    code="import.table.empty", severity="error",
                    message=f"表格「{table.title}」没有可导入的事项，未生成目录文件",
                    file=path.name, sheet=table.table))
                continue
            validate_catalogue(table.catalogue, name)  # a bug if it fails: never written
            pending.append((out_dir / name, table.catalogue))
    refuse_input_as_output(paths, [p for p, _ in pending]
                           + [out_dir / REPORT_JSON, out_dir / IMPORT_XLSX])
    for target, data in pending:
        write_text_atomic(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        report.outputs.append(target.name)
    report.extra["tables"] = tables_out
    report.extra["items"] = items_out
    report.outputs += [REPORT_JSON, IMPORT_XLSX]
    xlsx_source = next((p for p in paths if p.suffix.lower() in (".xlsx", ".xlsm")), None)
    _write_xlsx(report, xlsx_source if len(paths) == 1 else None, out_dir / IMPORT_XLSX)
    write_text_atomic(out_dir / REPORT_JSON, report.to_json() + "\n")
    return report


def _write_xlsx(report: Report, source: Path | None, target: Path) -> None:
    """问题清单 (and, for one workbook, its cells marked), plus every imported item."""
    from openpyxl import load_workbook  # ~30 MB: imported by the import job, not by every run
    from openpyxl.styles import Font

    write_annotated(source if source is not None else Path("-"), report.issues, target,
                    author=report.author)
    wb = load_workbook(target)
    ws = wb.create_sheet(ITEMS_SHEET, 1)
    for c, h in enumerate(ITEM_HEADERS, start=1):
        set_text(ws.cell(1, c), h)
        ws.cell(1, c).font = Font(bold=True)
    for r, it in enumerate(report.extra["items"], start=2):
        level1, _, level2 = it["label"].partition("/")
        values = (it["file"], it["table"], it["output"], it["row"], it["no"], level1, level2,
                  it["deadline"], rule_text(it["deadline_rule"]), "；".join(it["channels"]),
                  "；".join(it["audiences"]), "；".join(it["modes"]), "；".join(it["levels"]))
        for c, v in enumerate(values, start=1):
            set_text(ws.cell(r, c), v)
    for c, width in enumerate((18, 14, 22, 6, 6, 14, 26, 30, 14, 30, 14, 12, 14), start=1):
        ws.column_dimensions[ws.cell(1, c).column_letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:M{max(2, len(report.extra['items']) + 1)}"
    # print like 问题清单: A4 landscape, one page wide, the header row on every page
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    with atomic_path(target) as tmp:
        save_openpyxl(wb, tmp, DocProps(title="导入报告", author=report.author))


def summary_lines(report: Report, out_dir: Path, max_issues: int = 50) -> list[str]:
    s = report.stats()
    lines = [f"标准目录导入：找到目录表格 {len(report.extra['tables'])} 个，导入事项 {s['rendered']} 项，"
             f"未导入 {s['rejected']} 项，错误 {s['errors']} 条，警告 {s['warnings']} 条"]
    for t in report.extra["tables"]:
        where = f"{t['file']} {t['table']}"
        target = f" → {t['output']}" if t["output"] else "（未生成）"
        lines.append(f"  {t['title']}（{where}，领域：{t['area'] or '未注明'}，单位：{t['unit']}）："
                     f"{t['items']} 项{target}")
    for it in report.extra["items"]:
        lines.append(f"    第{it['row']}行 {it['no']}. {it['label']}  时限：{it['deadline'] or '（空）'}"
                     f"〔{rule_text(it['deadline_rule'])}〕")
    for issue in report.issues[:max_issues]:
        lines.append(f"  [{'错误' if issue.severity == 'error' else '警告'}] "
                     f"{issue.text(with_file=True)}")
    if len(report.issues) > max_issues:
        lines.append(f"  ……另有 {len(report.issues) - max_issues} 条，见 report.json 和 {IMPORT_XLSX}")
    lines.append(f"输出目录：{out_dir}（含 report.json 和 {IMPORT_XLSX}）")
    return lines


@click.command("import-catalogue", context_settings={"help_option_names": ["-h", "--help"]},
               epilog=example("fupin-docs import-catalogue 本县标准目录.xlsx -o 本县目录"))
@click.argument("tables", metavar="表格...", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(path_type=Path, file_okay=False),
              help="输出文件夹：每个目录表格一个 .json，另有 report.json 和 导入报告.xlsx。")
@click.option("--unit", default="", help="编制单位，如“盖州市民政局”（不填则取表格标题或公开主体）。")
@click.option("--area", default="", help="领域，如“社会救助”（不填则取表格上方的标题）。")
@profile_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出报告到标准输出。")
@click.option("-q", "--quiet", is_flag=True, help="不输出摘要，只用退出码表示结果。")
def import_catalogue_cmd(tables: tuple[Path, ...], out_dir: Path, unit: str, area: str,
                         profile_file: Path | None, as_json: bool, quiet: bool) -> None:
    """把本县（区）发布的基层政务公开标准目录表格导入为目录文件。

    表格可以是 .xlsx、.docx、网页 .html、带文字层的 .pdf，装有 LibreOffice 时也可以是
    .xls、.doc、.wps。一个文件里有几个目录表格（如各领域分列），就生成几个目录文件。
    生成的文件夹可用于 slips、ledger、catalogue、check-content、init 的 --catalogue 选项。
    退出码：0 全部导入；1 有事项未导入（见导入报告）；2 用法错误。
    """

    # the office running it (导入报告.xlsx's author): --profile, else beside the first table
    profile = resolve_profile(profile_file, tables[0])
    report = run_import(list(tables), out_dir, unit=unit.strip(), area=area.strip(),
                        profile=profile)
    if as_json:
        click.echo(report.to_json())
    elif not quiet:
        for line in summary_lines(report, out_dir):
            click.echo(line)
    sys.exit(report.exit_code())
