"""Offices' own Excel templates: ledger.xlsx and catalogue.xlsx with --template-dir (issue 9)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.styles import Border, Font, Side
from openpyxl.utils import get_column_letter

from fupin_docs.app.cli import cli
from fupin_docs.resources import resource_dir
from tests.helpers import soffice_pdf

SAMPLES = resource_dir("samples")
THIN = Side(style="thin")
# an office's ledger header: its own order, 信息名称 / 编号 / 生成时间 (aliases), 内容描述 added,
# 适用时限 and 备注 dropped
OFFICE_HEADERS = ["序号", "信息名称", "编号", "公开日期", "公开事项", "责任股室", "审签日期",
                  "公开渠道", "公开方式", "发布人", "是否按时", "生成时间", "公开属性", "内容描述"]
WIDTHS = [5, 30, 18, 12, 18, 10, 12, 16, 10, 8, 6, 12, 10, 33]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def office_ledger(folder: Path, title: str = "万源市扶贫移民工作局政务公开信息发布台账（{{ year }}年）",
                  headers: list[str] | None = None) -> Path:
    headers = headers or OFFICE_HEADERS
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "发布台账"
    ws.merge_cells("A1:O1")
    ws["A1"] = title
    ws["A1"].font = Font(name="方正小标宋简体", size=18)
    ws["A2"] = "填报单位：局公开办"
    for c, h in enumerate(headers, start=1):
        ws.cell(row=3, column=c, value=h).font = Font(name="黑体", size=11, bold=True)
        d = ws.cell(row=4, column=c)  # the office's styled (empty) data row
        d.font = Font(name="仿宋", size=11)
        d.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS[c - 1]
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"
    wb.create_sheet("说明")["A1"] = "本台账每月5日前报局公开办。"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ledger.xlsx"
    wb.save(path)
    return path


def table(ws: Any, header_row: int) -> list[dict[str, Any]]:
    heads = [c.value.replace("\n", "") if isinstance(c.value, str) else c.value
             for c in ws[header_row]]  # the built-in headers wrap between words
    out = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if all(v is None for v in row):  # the end of the table (the 填表人 line follows)
            break
        out.append(dict(zip(heads, row, strict=False)))
    return out


@pytest.fixture(scope="module")
def builtin_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("builtin") / "台账.xlsx"
    r = run("ledger", str(SAMPLES / "处理单.xlsx"), "-o", str(target), "-q")
    assert r.exit_code == 0, r.output
    return target


def test_office_ledger_template_is_filled(tmp_path: Path, builtin_ledger: Path) -> None:
    tdir = tmp_path / "本单位模板"
    office_ledger(tdir)
    target = tmp_path / "out" / "台账.xlsx"
    r = run("ledger", str(SAMPLES / "处理单.xlsx"), "-o", str(target), "--template-dir", str(tdir),
            "--year", "2026")
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:2] == ["发布台账", "说明"]  # the office's extra sheet is kept
    assert {"不予公开登记", "汇总"} <= set(wb.sheetnames)  # added with the built-in layout
    assert wb["说明"]["A1"].value == "本台账每月5日前报局公开办。"
    ws = wb["发布台账"]
    assert ws["A1"].value == "万源市扶贫移民工作局政务公开信息发布台账（2026年）"
    assert "A1:O1" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["A2"].value == "填报单位：局公开办"
    assert [c.value for c in ws[3]][:len(OFFICE_HEADERS)] == OFFICE_HEADERS
    # widths, print set-up and fonts of the template
    assert [ws.column_dimensions[get_column_letter(c)].width for c in (2, 3, 14)] == [30, 18, 33]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$3:$3"
    assert ws["B4"].font.name == "仿宋" and ws["B4"].border.left.style == "thin"
    assert ws["A1"].font.name == "方正小标宋简体"

    rows = table(ws, 3)
    built = table(openpyxl.load_workbook(builtin_ledger)["发布台账"], 2)
    assert len(rows) == len(built) == 6
    # the same rows, in the template's column order
    for mine, theirs in zip(rows, built, strict=True):
        assert mine["编号"] == theirs["信息编号"]
        assert mine["信息名称"] == theirs["信息标题"]
        assert mine["公开日期"] == theirs["公开日期"]
        assert mine["是否按时"] == theirs["是否按时"]
        assert mine["生成时间"] == theirs["形成日期"]
    assert isinstance(rows[0]["公开日期"], dt.datetime)
    assert ws["D4"].number_format == 'yyyy"年"m"月"d"日"'  # 2026年3月2日, as the slips write dates
    assert rows[0]["内容描述"]  # filled from the slip's 内容摘要
    late = [r for r in rows if r["是否按时"] == "否"]
    assert len(late) == 1
    withheld_tpl = table(wb["不予公开登记"], 2)
    withheld_builtin = table(openpyxl.load_workbook(builtin_ledger)["不予公开登记"], 2)
    assert len(withheld_tpl) == len(withheld_builtin) == 1
    assert withheld_tpl[0]["不予公开理由"] == withheld_builtin[0]["不予公开理由"]
    report = json.loads((target.parent / "report.json").read_text(encoding="utf-8"))
    assert report["ledger"]["published"] == 6
    summary = [c for row in wb["汇总"].iter_rows(values_only=True) for c in row if c]
    assert "一、处理单行数核对" in summary and "八、超期公开清单（按工作日计算）" in summary


def test_formula_looking_title_stays_text(tmp_path: Path) -> None:
    tdir = tmp_path / "tpl"
    office_ledger(tdir, title="=SUM(1,2){{ year }}")
    target = tmp_path / "out" / "台账.xlsx"
    r = run("ledger", str(SAMPLES / "处理单.xlsx"), "-o", str(target), "--template-dir",
            str(tdir), "--year", "2026", "-q")
    assert r.exit_code == 0, r.output
    cell = openpyxl.load_workbook(target)["发布台账"]["A1"]
    assert cell.value == "=SUM(1,2)2026" and cell.data_type == "s"


def test_template_missing_required_header_exit_2(tmp_path: Path) -> None:
    tdir = tmp_path / "tpl"
    office_ledger(tdir, headers=[h for h in OFFICE_HEADERS if h not in ("发布人", "公开渠道")])
    target = tmp_path / "out" / "台账.xlsx"
    r = run("ledger", str(SAMPLES / "处理单.xlsx"), "-o", str(target), "--template-dir", str(tdir))
    assert r.exit_code == 2
    assert "模板 ledger.xlsx 的「发布台账」工作表第3行表头缺少必需的列：公开渠道、发布人" in r.output
    assert not target.exists()
    check = run("templates", "check", str(tdir / "ledger.xlsx"))
    assert check.exit_code == 1
    assert "缺少必需的列：公开渠道、发布人" in check.output


def test_template_check_reports_unknown_placeholder(tmp_path: Path) -> None:
    office_ledger(tmp_path, title="{{ yaer }}年台账")
    check = run("templates", "check", str(tmp_path / "ledger.xlsx"))
    assert check.exit_code == 1
    assert "{{ yaer }}" in check.output
    r = run("ledger", str(SAMPLES / "处理单.xlsx"), "-o", str(tmp_path / "o" / "t.xlsx"),
            "--template-dir", str(tmp_path))
    assert r.exit_code == 2 and "发布台账!A1" in r.output and "{{ yaer }}" in r.output


def test_template_dir_without_ledger_xlsx_uses_builtin_layout(tmp_path: Path) -> None:
    target = tmp_path / "out" / "台账.xlsx"
    r = run("ledger", str(SAMPLES / "处理单.xlsx"), "-o", str(target), "--template-dir",
            str(tmp_path), "--json")
    assert r.exit_code == 0
    codes = [i["code"] for i in json.loads(r.output)["issues"]]
    assert "template.not_found" in codes
    assert openpyxl.load_workbook(target)["发布台账"]["A2"].value == "序号"


def test_exported_builtin_ledger_template_round_trips(tmp_path: Path, builtin_ledger: Path) -> None:
    tdir = tmp_path / "tpl"
    assert run("templates", "export", str(tdir)).exit_code == 0
    assert (tdir / "ledger.xlsx").is_file() and (tdir / "catalogue.xlsx").is_file()
    listing = run("templates", "list").output
    assert "ledger.xlsx\tledger（政务公开信息发布台账）" in listing
    assert run("templates", "check", str(tdir / "ledger.xlsx")).exit_code == 0
    assert run("templates", "check", str(tdir / "catalogue.xlsx")).exit_code == 0
    target = tmp_path / "out" / "台账.xlsx"
    r = run("ledger", str(SAMPLES / "处理单.xlsx"), "-o", str(target), "--template-dir", str(tdir),
            "-q")
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(target)
    ws = wb["发布台账"]
    # the unit in the title, and the year of the rows (all published in 2026) without --year
    assert ws["A1"].value == "万源市扶贫移民工作局政务公开信息发布台账（2026年）"
    built = openpyxl.load_workbook(builtin_ledger)
    for name in ("发布台账", "不予公开登记"):
        assert table(wb[name], 2) == table(built[name], 2)


# ------------------------------------------------------------------ catalogue.xlsx


def office_catalogue(folder: Path, drop: str | None = None) -> Path:
    """The built-in catalogue.xlsx edited by an office: its own title rows, wider columns,
    a 仿宋 data row and 区级 / 镇级 written in the level header instead of placeholders."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "catalogue.xlsx"
    shutil.copy(resource_dir("templates") / "catalogue.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws: Any = wb.active
    ws["A1"] = "{{ unit }}{{ year }}年度扶贫领域政务公开标准目录"
    ws["A2"] = "（{{ title }}）"
    ws["M4"], ws["N4"] = "区级", "镇级"
    ws.column_dimensions["D"].width = 40
    for c in range(1, 15):
        ws.cell(row=5, column=c).font = Font(name="仿宋", size=10)
    if drop:
        for c in range(1, 15):
            if ws.cell(row=4, column=c).value == drop:
                ws.cell(row=4, column=c).value = "其他"
    wb.save(path)
    return path


def units_book(tmp_path: Path) -> Path:
    """The sample units workbook with only 红星县 (levels 县级 / 乡、村级)."""
    wb = openpyxl.load_workbook(SAMPLES / "单位.xlsx")
    for name in ("单位", "调整"):
        ws = wb[name]
        for r in range(ws.max_row, 1, -1):
            if ws.cell(row=r, column=1).value != "红星县":
                ws.delete_rows(r)
    path = tmp_path / "单位.xlsx"
    wb.save(path)
    return path


def test_office_catalogue_template_is_filled(tmp_path: Path) -> None:
    tdir = tmp_path / "tpl"
    office_catalogue(tdir)
    out = tmp_path / "out"
    r = run("catalogue", str(units_book(tmp_path)), "-o", str(out), "--template-dir", str(tdir),
            "--format", "xlsx", "-q")
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out / "2026年红星县标准目录.xlsx").active
    assert ws["A1"].value == "红星县2026年度扶贫领域政务公开标准目录"
    assert ws["A2"].value == "（巩固拓展脱贫攻坚成果同乡村振兴有效衔接基层政务公开标准目录）"
    assert [ws.cell(row=4, column=c).value for c in range(9, 15)] == [
        "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"]
    assert ws.column_dimensions["D"].width == 40
    assert ws["D5"].font.name == "仿宋"
    assert ws.print_title_rows == "$3:$4"
    # the combined workbook (built-in layout) has the same rows
    combined = openpyxl.load_workbook(out / "标准目录汇总.xlsx")["红星县"]
    mine = [[ws.cell(row=r, column=c).value for c in (1, 3, 8, 9)] for r in range(5, ws.max_row + 1)]
    theirs = [[combined.cell(row=r, column=c).value for c in (1, 3, 8, 9)]
              for r in range(5, combined.max_row + 1)]
    assert mine == theirs and len(mine) == 15  # 13 standard items + 2 added
    assert "■" in ws["H5"].value and "□" in ws["H5"].value and ws["I5"].value == "√"
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert "B5:B7" in merged  # 政策文件 over its three rows
    groups = {str(m) for m in combined.merged_cells.ranges if m.min_row > 4}
    # the same 一级事项 groups, except where the template's own page set-up puts a page
    # break inside a group longer than its page: there the label is merged again (issue 18)
    breaks = {b.id for b in ws.row_breaks.brk}
    spans = [m for m in ws.merged_cells.ranges if m.min_col == m.max_col == 2 and m.min_row > 4]
    for g in combined.merged_cells.ranges:
        if g.min_col == g.max_col == 2 and g.min_row > 4 and str(g) not in merged:
            assert any(g.min_row <= b < g.max_row for b in breaks), str(g)
            assert all(g.min_row <= m.min_row <= m.max_row <= g.max_row for m in spans
                       if m.min_row <= g.max_row and m.max_row >= g.min_row), str(g)
    assert {m for m in merged if m.startswith("B") and not m.startswith("B3")} <= groups | {
        str(m) for m in spans}
    # the .docx of this run is the built-in one (the folder has no catalogue.docx)
    r = run("catalogue", str(units_book(tmp_path)), "-o", str(tmp_path / "o2"), "--template-dir",
            str(tdir), "-q")
    assert r.exit_code == 0 and (tmp_path / "o2" / "2026年红星县标准目录.docx").is_file()


def test_catalogue_template_missing_sub_column_exit_2(tmp_path: Path) -> None:
    tdir = tmp_path / "tpl"
    office_catalogue(tdir, drop="依申请公开")
    r = run("catalogue", str(units_book(tmp_path)), "-o", str(tmp_path / "out"), "--template-dir",
            str(tdir))
    assert r.exit_code == 2
    assert "模板 catalogue.xlsx" in r.output and "「公开方式」下缺少栏目：依申请公开" in r.output
    assert run("templates", "check", str(tdir / "catalogue.xlsx")).exit_code == 1


@pytest.mark.pdf
def test_filled_ledger_prints(tmp_path: Path, require_pdf_tools: None) -> None:
    tdir = tmp_path / "tpl"
    office_ledger(tdir)
    target = tmp_path / "out" / "台账.xlsx"
    assert run("ledger", str(SAMPLES / "处理单.xlsx"), "-o", str(target), "--template-dir",
               str(tdir), "--year", "2026", "-q").exit_code == 0
    soffice_pdf(target, tmp_path, tmp_path)
    text = subprocess.run(["pdftotext", "-l", "1", str(tmp_path / "台账.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert "万源市扶贫移民工作局政务公开信息发布台账（2026年）" in text
    assert "万扶公〔2026〕1号" in text
