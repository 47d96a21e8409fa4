"""Issue 18, the workbooks as printed: 台账, 整改台账 and the 标准目录 .xlsx."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from test_ledger import run as run_ledger_sample
from test_ledger import slip, write_slips

from fupin_docs.app.cli import cli
from fupin_docs.kinds.catalogue import CatalogueOptions
from fupin_docs.kinds.catalogue.xlsx import (
    CHECKLIST_SIZE,
    LINE_PT,
    SIZE,
    header_label,
    plan_pages,
)
from fupin_docs.pipeline.catalogue import run_catalogue_batch
from fupin_docs.render.xlsx import (
    LINE_EM,
    NO_LINE_END,
    NO_LINE_START,
    column_capacity,
    display_width,
    text_lines,
    wrap_text,
)

CN_DATE = 'yyyy"年"m"月"d"日"'


def col_width(ws: Any, c: int) -> float:
    """A column's width in characters (xlsxwriter stores n + 5/7; a run of equal widths is
    stored once, on its first column)."""
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= c <= dim.max and dim.width:
            return float(dim.width) - 5 / 7
    return 8.43


def excel_fit_scale(ws: Any) -> float:
    """The scale Excel uses to fit the printed columns to the page width (A4 landscape):
    a width unit is 7 px of the default font, plus 5 px a column."""
    area = ws.print_area
    last = ws.max_column
    if area:
        m = re.search(r"\$?([A-Z]+)\$?\d+$", str(area).split(",")[0])
        assert m
        last = openpyxl.utils.column_index_from_string(m.group(1))
    px = sum(col_width(ws, c) * 7 + 5 for c in range(1, last + 1))
    printable = 842 - (ws.page_margins.left + ws.page_margins.right) * 72
    return min(1.0, printable / (px * 0.75))


# ------------------------------------------------------------------ 台账


@pytest.fixture(scope="module")
def ledger_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ledger")
    rows = [slip(101, number="平扶公〔2026〕101号", title="关于2026年度财政专项扶贫资金分配结果"
                 "的公告（第一批次县级资金、到村到户项目及带贫减贫机制）"),
            slip(2, formed_date=slip(1)["formed_date"].replace(month=12, day=21),
                 draft_date=slip(1)["draft_date"].replace(month=12, day=21),
                 deputy_date=slip(1)["deputy_date"].replace(month=12, day=22),
                 published_date=slip(1)["published_date"].replace(month=12, day=23))]
    src = write_slips(folder / "处理单.xlsx", rows)
    out = folder / "台账.xlsx"
    run_ledger_sample(src, out, year=2026)
    return out


def test_ledger_number_and_dates_fit_on_one_line(ledger_book: Path) -> None:
    ws = openpyxl.load_workbook(ledger_book)["发布台账"]
    widths = {ws.cell(row=2, column=c).value.replace("\n", ""): col_width(ws, c)
              for c in range(1, ws.max_column + 1)}
    assert display_width("平扶公〔2026〕101号") <= column_capacity(widths["信息编号"])
    for name in ("形成日期", "审签日期", "公开日期"):
        assert display_width("2026年12月31日") <= column_capacity(widths[name]), name
    assert ws["B3"].value == "平扶公〔2026〕101号"
    for col in "FGH":  # real dates, shown as the slips write them
        assert ws[f"{col}3"].is_date and ws[f"{col}3"].number_format == CN_DATE


def test_ledger_prints_at_9_pt_or_more_on_a4_landscape(ledger_book: Path) -> None:
    for name in ("发布台账", "不予公开登记"):
        ws = openpyxl.load_workbook(ledger_book)[name]
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
        # fit to the page width, as many pages tall as needed (not squeezed on one page)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
        body = ws["C3"].font.sz
        assert body * excel_fit_scale(ws) >= 9.0, name


def test_ledger_title_names_the_unit_and_has_a_sign_line(ledger_book: Path) -> None:
    wb = openpyxl.load_workbook(ledger_book)
    ws = wb["发布台账"]
    assert ws["A1"].value == "万源市扶贫移民工作局政务公开信息发布台账（2026年）"
    assert wb["不予公开登记"]["A1"].value.startswith("万源市扶贫移民工作局不予公开信息登记")
    sign = [c.value for row in ws.iter_rows(min_row=5) for c in row if c.value]
    assert sign[0] == "填表人：" and sign[1] == "审核人：" and sign[2].startswith("填报日期：")
    for sheet in wb.worksheets:  # no tool name, no command-line option in the printed notes
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    assert "fupin-docs" not in c.value and "--" not in c.value, c.coordinate


def test_ledger_row_heights_fit_the_content(ledger_book: Path) -> None:
    ws = openpyxl.load_workbook(ledger_book)["发布台账"]
    for r in (3, 4):
        widths = [col_width(ws, c) for c in range(1, ws.max_column + 1)]
        lines = max(text_lines(ws.cell(row=r, column=c).value, w)
                    for c, w in enumerate(widths, start=1))
        assert lines >= 4  # the long title wraps
        # LibreOffice's line pitch (the tallest of the three applications) for 10 pt text
        assert ws.row_dimensions[r].height >= lines * 10 * LINE_EM


def test_ledger_reads_back_with_its_sign_line(ledger_book: Path, tmp_path: Path) -> None:
    """--against our own ledger: the 填表人 line under the table is not a ledger row."""
    slips = ledger_book.parent / "处理单.xlsx"
    report = run_ledger_sample(slips, tmp_path / "台账.xlsx", year=2026, against=ledger_book)
    assert report.errors == [] and report.extra["against"]["rows_read"] == 2


# ------------------------------------------------------------------ 整改台账


def test_tracker_font_title_numbers_and_print_area(tmp_path: Path, samples: Path) -> None:
    out = tmp_path / "fu"
    result = CliRunner().invoke(cli, ["followup", str(samples / "督查.xlsx"), "-o", str(out),
                                      "--today", "2026-11-20"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out / "整改台账.xlsx")
    ws = wb["整改台账"]
    headers = [str(c.value).replace("\n", "") for c in ws[2]]
    assert headers[-1] == "问题表行号"
    # the technical column stays on screen but out of the printed area
    assert ws.print_area == f"'整改台账'!$A$1:${openpyxl.utils.get_column_letter(len(headers) - 1)}$10"
    assert "A1:M1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].alignment.horizontal == "center"
    for row in ws.iter_rows(min_row=2, max_row=10):
        for c in row:
            assert c.font.name == "宋体", c.coordinate
    for c in ("A", "L"):  # 序号, 逾期工作日
        assert ws[f"{c}3"].alignment.horizontal == "center" and isinstance(ws[f"{c}3"].value, int)
    # dates on one line: the date columns hold 2026年10月12日, the deadline breaks before （
    for name in ("检查时间", "整改时限", "复查日期"):
        c = headers.index(name) + 1
        width = col_width(ws, c)
        assert display_width("2026年10月12日") <= column_capacity(width), name
    deadline = ws.cell(row=3, column=headers.index("整改时限") + 1).value
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日(\n（\d+个工作日）)?", deadline)


# ------------------------------------------------------------------ 标准目录


YIMEI = dict(unit="伊美区", base="扶贫领域基层政务公开标准目录", level_1="区级",
             level_2="乡、村级", year=2026)


@pytest.fixture(scope="module")
def yimei(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_catalogue import write_units

    folder = tmp_path_factory.mktemp("catalogue")
    src = write_units(folder / "单位.xlsx", [YIMEI])
    report = run_catalogue_batch(src, folder / "out", CatalogueOptions(year=2026))
    assert report.valid
    return folder / "out"


@pytest.fixture(scope="module")
def yimei_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_catalogue import write_units

    folder = tmp_path_factory.mktemp("catalogue_tpl")
    runner = CliRunner()
    assert runner.invoke(cli, ["templates", "export", str(folder / "模板")]).exit_code == 0
    src = write_units(folder / "单位.xlsx", [YIMEI])
    report = run_catalogue_batch(src, folder / "out", CatalogueOptions(
        year=2026, template_dir=folder / "模板"))
    assert report.valid
    return folder / "out"


def page_breaks_and_groups(path: Path) -> tuple[list[int], list[tuple[int, int]], Any]:
    ws = openpyxl.load_workbook(path).active
    breaks = [b.id for b in ws.row_breaks.brk]  # a break after this (1-based) row
    groups = sorted((r.min_row, r.max_row) for r in ws.merged_cells.ranges
                    if r.min_col == r.max_col == 2 and r.min_row > 4)
    return breaks, groups, ws


@pytest.mark.parametrize("which", ["built-in", "office template"])
def test_catalogue_pages_break_at_level1_boundaries(yimei: Path, yimei_template: Path,
                                                     which: str) -> None:
    """A merged 一级事项 cell is never cut by a page break (the 伊美区 catalogue)."""
    folder = yimei if which == "built-in" else yimei_template
    breaks, groups, ws = page_breaks_and_groups(folder / "2026年伊美区标准目录.xlsx")
    assert breaks, "the 13 items take more than one page"
    assert len(groups) >= 4  # 政策文件 扶贫对象 扶贫资金 扶贫项目 merged over their rows
    for b in breaks:
        for top, bottom in groups:
            assert not top <= b < bottom, f"break after row {b} cuts B{top}:B{bottom}"
        assert ws.cell(row=b + 1, column=2).value, f"row {b + 1} starts a page, not a group"


def test_a_level1_group_longer_than_a_page_is_merged_again_on_each_page() -> None:
    # page 100 pt, header 10 pt: a group of 5 rows of 30 pt does not fit on one page
    breaks, spans = plan_pages([[30.0], [30.0] * 5, [30.0]], first=20, repeat=10, page=100)
    # page 1: rows 0-1 (20 + 60), page 2: rows 2-4 (10 + 90), page 3: rows 5-6
    assert breaks == [2, 5]
    assert spans == [(0, 1), (1, 1), (2, 3), (5, 1), (6, 1)]  # the long group: 3 merges
    # a group that fits on the next page moves there whole
    breaks, spans = plan_pages([[30.0] * 2, [30.0] * 2], first=20, repeat=10, page=100)
    assert breaks == [2] and spans == [(0, 2), (2, 2)]


def test_catalogue_sub_columns_do_not_wrap_inside_a_word(yimei: Path) -> None:
    assert header_label("全社会") == "全社会"
    assert header_label("主动") == "主动"
    assert header_label("特定群众") == "特定\n群众"
    assert header_label("依申请公开") == "依申请\n公开"
    assert header_label("乡、村级") == "乡、\n村级"
    ws = openpyxl.load_workbook(yimei / "2026年伊美区标准目录.xlsx").active
    for c in range(9, 15):
        label = ws.cell(row=4, column=c).value
        width = col_width(ws, c)
        for line in label.split("\n"):  # every line fits, with room to spare
            assert display_width(line) <= column_capacity(width, SIZE), label


def test_no_catalogue_line_starts_with_a_closing_mark(yimei: Path, yimei_template: Path) -> None:
    for folder in (yimei, yimei_template):
        ws = openpyxl.load_workbook(folder / "2026年伊美区标准目录.xlsx").active
        cells = 0
        for row in ws.iter_rows(min_row=5):
            for c in row:
                if isinstance(c.value, str) and "\n" in c.value:
                    cells += 1
                    for line in c.value.split("\n"):
                        assert line[:1] not in NO_LINE_START, (c.coordinate, c.value)
                        assert line[-1:] not in NO_LINE_END, (c.coordinate, c.value)
        assert cells > 20


@pytest.mark.parametrize("text", [
    "《国务院扶贫办、财政部关于完善扶贫资金项目公告公示制度的指导意见》",
    "·年度项目计划（资金规模、项目名单、绩效目标、实施单位及责任人、受益对象和带贫减贫机制）",
    "信息形成（变更）后20个工作日内，截止2026年5月8日",
])
@pytest.mark.parametrize("capacity", [7.0, 10.0, 13.0, 20.0, 31.0])
def test_wrap_text_line_breaking_rules(text: str, capacity: float) -> None:
    lines = wrap_text(text, capacity)
    assert "".join(lines) == text
    for line in lines:
        assert line[:1] not in NO_LINE_START and line[-1:] not in NO_LINE_END
        assert display_width(line) <= capacity + 2  # at most a closing mark hangs
    assert not any(re.search(r"\d$", a) and re.match(r"\d", b)
                   for a, b in itertools.pairwise(lines))  # 2026 not cut


def test_catalogue_row_heights_have_room_to_spare(yimei: Path) -> None:
    """Heights from the explicit lines at LibreOffice's line pitch (1.446 em measured on its
    PDF; Excel's and WPS's for 宋体 are closer), and not a line more than they need."""
    ws = openpyxl.load_workbook(yimei / "2026年伊美区标准目录.xlsx").active
    for r in range(5, 18):
        lines = max((str(c.value).count("\n") + 1 for c in ws[r]
                     if isinstance(c.value, str) and c.font.sz == SIZE), default=1)
        checklist = max((str(c.value).count("\n") + 1 for c in ws[r]
                         if isinstance(c.value, str) and c.font.sz == CHECKLIST_SIZE), default=0)
        need = max(lines * LINE_PT, checklist * CHECKLIST_SIZE * LINE_EM)
        assert LINE_PT >= SIZE * 1.445
        assert need <= ws.row_dimensions[r].height <= need + LINE_PT, r


def test_catalogue_summary_sheet_title_has_no_it_words(yimei: Path) -> None:
    ws = openpyxl.load_workbook(yimei / "2026年标准目录汇总.xlsx")["汇总"]
    assert ws["A1"].value == "标准目录编制情况汇总"
    assert not any("批处理" in str(c.value) for row in ws.iter_rows() for c in row if c.value)


@pytest.mark.pdf
def test_catalogue_pdf_pages_keep_groups_and_line_rules(yimei: Path, tmp_path: Path,
                                                         require_pdf_tools: None) -> None:
    src = yimei / "2026年伊美区标准目录.xlsx"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(src)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "2026年伊美区标准目录.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert len([p for p in text.split("\f") if p.strip()]) >= 2
    for line in text.split("\n"):
        assert not re.match(r"\s*[、》]", line), line


def test_our_wraps_are_taken_out_when_our_catalogue_is_imported_back() -> None:
    """The explicit line breaks are layout: the importer joins them again in a workbook
    fupin-docs wrote (docProps/app.xml), keeping element (·) and check-list (■ □) lines."""
    from fupin_docs.standard.catalogues.importer.from_xlsx import unwrap

    assert unwrap("《中华人民共和国义务\n教育法》") == "《中华人民共和国义务教育法》"
    assert unwrap("·识别标准（国定标准，省\n定标准）\n·识别程序") == \
        "·识别标准（国定标准，省定标准）\n·识别程序"
    assert unwrap("■政府网站　□政府公报\n□两微一端") == "■政府网站　□政府公报\n□两微一端"
    assert unwrap("特定\n群众") == "特定群众"


def test_row_height_gives_a_spare_line_only_close_to_a_wrap() -> None:
    """Issue 19: rows as tall as Excel's lines at LibreOffice's line pitch, one line more
    only where a slightly wider font would wrap the text once more."""
    from fupin_docs.render.xlsx import ROW_PAD_PT, row_height

    line = 10 * LINE_EM
    capacity = column_capacity(15) / 0.92  # Excel's: 15.6 half-width columns
    assert row_height(["短"], [15]) == pytest.approx(line + ROW_PAD_PT)
    far = "一二三四五" * 2  # 20 half-width columns: two lines, the second half empty
    assert display_width(far) < capacity * 2 * 0.9
    assert row_height([far], [15]) == pytest.approx(2 * line + ROW_PAD_PT)
    near = "一二三四五六七" + "1"  # 15 of 15.6: one line in Excel, two in a wider font
    assert capacity * 0.95 < display_width(near) <= capacity
    assert row_height([near], [15]) == pytest.approx(2 * line + ROW_PAD_PT)
    assert row_height([near + "\n" + near, None, 3], [15, 4, 4]) == pytest.approx(
        4 * line + ROW_PAD_PT)
    # dates, numbers and empty cells are one line; the tallest cell decides
    assert row_height([None, dt.date(2026, 12, 31), 12, far], [4, 4, 4, 15]) == \
        pytest.approx(2 * line + ROW_PAD_PT)
