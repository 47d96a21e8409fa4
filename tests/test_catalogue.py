"""标准目录: seed 001 fidelity, adaptation rules (with clauses), batch outputs, CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from docx.table import _Cell

from fupin_docs.app.cli import cli
from fupin_docs.kinds.blank import CATALOGUE_NOTES, write_input_workbook
from fupin_docs.kinds.catalogue import (
    RULES,
    CatalogueOptions,
    UnitCatalogue,
    bases,
    cross_check,
    parse_elements,
    parse_levels,
    parse_publishers,
)
from fupin_docs.kinds.catalogue.layout import checklist_lines
from fupin_docs.kinds.catalogue.xlsx import SheetNamer
from fupin_docs.outputs.report import Report
from fupin_docs.pipeline.catalogue import run_catalogue_batch
from fupin_docs.resources import load_schema
from fupin_docs.standard.catalogues.model import builtin_catalogue, parse_deadline
from tests.helpers import soffice_pdf

DATA = Path(__file__).parent / "data"
YIMEI = dict(unit="伊美区", base="扶贫领域基层政务公开标准目录", level_1="区级", level_2="镇级",
             year=2026)
TOKEN = re.compile(r"([■□])([^■□\s]+)")


# ------------------------------------------------------------------ helpers


def write_units(path: Path, units: list[dict[str, Any]],
                adaptations: list[dict[str, Any]] | None = None) -> Path:
    sheets = [(load_schema("catalogue_units"), units)]
    if adaptations is not None:
        sheets.append((load_schema("catalogue_adapt"), adaptations))
    write_input_workbook(path, sheets, {"catalogue-items": []}, CATALOGUE_NOTES)
    return path


def run(tmp_path: Path, units: list[dict[str, Any]],
        adaptations: list[dict[str, Any]] | None = None, year: int | None = 2026) -> Report:
    src = write_units(tmp_path / "单位.xlsx", units, adaptations)
    return run_catalogue_batch(src, tmp_path / "out", CatalogueOptions(year=year))


def codes(report: Report) -> list[str]:
    return [i.code for i in report.issues]


def seed_table() -> tuple[list[list[str]], list[list[str]]]:
    """(header rows, data rows) of seed 001's table, cell texts as in the seed."""
    text = (DATA / "seed001_table.txt").read_text(encoding="utf-8")
    blocks: list[list[str]] = []
    cells: list[str] = []
    for line in text.split("\n"):
        if line == "":
            if cells:
                blocks.append(cells)
            cells = []
        elif line.lstrip(" ").startswith("\t"):
            cells.append(line.lstrip(" ")[1:])
        elif cells:
            cells[-1] += "\n" + line
    if cells:
        blocks.append(cells)
    blocks = [[re.sub(r"\[bookmark: [^\]]*\]", "", c).strip() for c in b] for b in blocks]
    blocks = [b for b in blocks if any(b)]
    title, head, *data = blocks
    assert title == ["扶贫领域基层政务公开标准目录"]
    return [head[:10], head[10:]], data


def norm(col: int, text: str | None) -> Any:
    """Normalise a cell for comparison: checklists as (mark, channel) pairs; element lines
    without the leading · (seed 001 leaves it off in one row, we always print it); the
    line breaks the xlsx writer puts in to wrap a cell's text (issue 18) left out."""
    text = (text or "").replace("\xa0", " ").strip()
    if col == 7:
        return TOKEN.findall(text)
    if col == 3:
        return [ln.strip().lstrip("·") for ln in text.split("\n") if ln.strip()]
    return text.replace("\n", "")


def unwrap_elements(text: str | None) -> str | None:
    """Our 公开内容 cell with the wrapping line breaks taken out (each element starts with ·)."""
    return None if text is None else re.sub(r"\n(?!·)", "", text)


# ------------------------------------------------------------------ seed 001


def test_builtin_yimei_has_the_13_items_of_seed_001() -> None:
    _, data = seed_table()
    cat = builtin_catalogue("yimei")
    assert len(cat.items) == len(data) == 13
    assert [i.level2 for i in cat.items] == [row[2] for row in data]


def test_rendered_xlsx_matches_seed_001_cell_by_cell(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI])
    assert report.valid and report.rendered == 1
    (head1, head2), data = seed_table()
    ws = openpyxl.load_workbook(tmp_path / "out" / "2026年伊美区标准目录.xlsx").active
    assert ws is not None
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3, max_col=14)]
    assert [v for v in rows[0] if v] == head1
    assert [v.replace("\n", "") for v in rows[1] if v] == head2
    body = [[unwrap_elements(v) if c == 3 else v for c, v in enumerate(row)] for row in rows[2:]]
    assert len(body) == 13
    for seed_row, row in zip(data, body, strict=True):
        assert len(seed_row) == 14
        for col in range(14):
            assert norm(col, row[col]) == norm(col, seed_row[col]), (seed_row[0], col)


def _docx_rows(path: Path) -> list[list[str]]:
    doc = Document(str(path))
    table = doc.tables[0]
    return [[_Cell(tc, table).text for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def test_rendered_docx_matches_seed_001_cell_by_cell(tmp_path: Path) -> None:
    run(tmp_path, [YIMEI])
    (head1, head2), data = seed_table()
    rows = _docx_rows(tmp_path / "out" / "2026年伊美区标准目录.docx")
    assert [v for v in rows[0] if v] == head1
    # the √ columns' headers break between words (依申请/公开): the seed's text otherwise
    assert [v.replace("\n", "") for v in rows[1] if v] == head2
    for seed_row, row in zip(data, rows[2:], strict=True):
        assert len(row) == 14
        for col in range(14):
            assert norm(col, row[col]) == norm(col, seed_row[col]), (seed_row[0], col)


def test_docx_layout_merges_and_repeats_header(tmp_path: Path) -> None:
    run(tmp_path, [YIMEI])
    doc = Document(str(tmp_path / "out" / "2026年伊美区标准目录.docx"))
    xml = doc.tables[0]._tbl.xml
    assert xml.count("<w:tblHeader") == 2
    # 一级事项 groups: 政策文件(3) 扶贫对象(2) 扶贫资金(4) 扶贫项目(3) 监督管理(1)
    assert xml.count('<w:vMerge w:val="restart"/>') >= 4
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert "扶贫领域基层政务公开标准目录" in doc.paragraphs[0].text
    assert "伊美区" in doc.paragraphs[1].text and "2026" in doc.paragraphs[1].text


def test_xlsx_print_setup(tmp_path: Path) -> None:
    run(tmp_path, [YIMEI])
    ws = openpyxl.load_workbook(tmp_path / "out" / "2026年伊美区标准目录.xlsx").active
    assert ws is not None
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 = default
    assert ws.print_title_rows == "$3:$4"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"B5:B7", "B8:B9", "B10:B13", "B14:B16", "H3:H4", "I3:J3", "K3:L3", "M3:N3",
            "B3:C4"} <= merged


# ------------------------------------------------------------------ adaptations and rules


def test_dropping_a_channel_from_every_row_fails_with_the_rows_named(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI], [dict(unit="伊美区", action="修改", item="全部事项",
                                          channels_remove=["政府网站"])])
    assert report.extra["sheets"]["单位"]["rejected"] == 1 and report.extra["documents"] == 0
    found = [i for i in report.issues if i.code == "catalogue.row.channels"]
    assert found and all(i.clause == RULES["catalogue.row.channels"][0] == "标准指引三（二）"
                         for i in found)
    named = sorted(int(re.match(r"第(\d+)项", i.message).group(1)) for i in found)  # type: ignore[union-attr]
    assert named == [1, 2, 3, 6, 7, 9, 10, 11, 12, 13]  # 4, 5, 8 keep the 公示栏
    assert "第1项「政策文件/行政法规、规章」" in found[0].message
    assert {(i.sheet, i.row, i.column) for i in found} == {("调整", 2, "去掉渠道")}
    assert not (tmp_path / "out" / "2026年伊美区标准目录.xlsx").exists()
    # the problem is marked in the annotated copy of the units workbook
    wb = openpyxl.load_workbook(tmp_path / "out" / "校验报告.xlsx")
    comment = wb["调整"][f"{found[0].column_letter}2"].comment
    assert comment is not None and "第13项" in comment.text


def test_not_applicable_without_reason_fails(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI], [dict(unit="伊美区", action="不适用",
                                          item="扶贫资金/精准扶贫贷款")])
    issue = next(i for i in report.issues if i.code == "catalogue.not_applicable.reason")
    assert issue.clause == "标准指引三（一）"
    assert issue.column == "不适用理由" and issue.row == 2
    assert "第8项「扶贫资金/精准扶贫贷款」" in issue.message
    assert report.extra["sheets"]["单位"]["rejected"] == 1


def test_not_applicable_with_reason_passes_and_is_printed(tmp_path: Path) -> None:
    reason = "本区未开展扶贫贴息贷款"
    report = run(tmp_path, [YIMEI], [dict(unit="伊美区", action="不适用",
                                          item="扶贫资金/精准扶贫贷款", reason=reason)])
    assert report.valid and report.extra["documents"] == 1
    ws = openpyxl.load_workbook(tmp_path / "out" / "2026年伊美区标准目录.xlsx").active
    assert ws is not None
    assert ws["C12"].value.replace("\n", "") == "精准扶贫贷款"
    assert ws["E12"].value == f"本单位不适用。理由：{reason}"
    assert "E12:N12" in {str(r) for r in ws.merged_cells.ranges}
    rows = _docx_rows(tmp_path / "out" / "2026年伊美区标准目录.docx")
    assert rows[2 + 7][4] == f"本单位不适用。理由：{reason}" and len(rows[2 + 7]) == 5


def test_added_item_needs_every_element(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI], [dict(unit="伊美区", action="新增",
                                          item="防止返贫监测/监测对象识别",
                                          elements="监测对象名单")])
    got = {i.code: i for i in report.issues}
    for key in ("basis", "deadline", "publisher", "channels", "audiences", "modes", "levels"):
        issue = got[f"catalogue.row.{key}"]
        assert issue.clause == "标准指引三（二）"
        assert issue.sheet == "调整" and issue.row == 2
        assert "第14项「防止返贫监测/监测对象识别」" in issue.message
    assert "catalogue.row.elements" not in got


def test_added_item_after_2021_is_rendered(tmp_path: Path) -> None:
    report = run(tmp_path, [dict(YIMEI, level_1="县级", level_2="乡、村级")], [dict(
        unit="伊美区", action="新增", item="防止返贫监测/监测对象识别",
        elements="·监测对象范围\n·监测对象名单",
        basis="《关于健全防止返贫动态监测和帮扶机制的指导意见》",
        deadline="信息形成（变更）20个工作日内", publisher="区乡村振兴局", channels=["政府网站"],
        audiences=["全社会"], modes=["主动"], levels="县级、乡、村级")])
    assert report.valid, [i.text() for i in report.issues]
    ws = openpyxl.load_workbook(tmp_path / "out" / "2026年伊美区标准目录.xlsx").active
    assert ws is not None
    assert [ws["M4"].value, ws["N4"].value] == ["县级", "乡、\n村级"]  # split between words
    assert ws["A18"].value == "14" and ws["B18"].value == "防止返\n贫监测"  # balanced lines
    assert ws["D18"].value == "·监测对象范围\n·监测对象名单"
    assert [ws["M18"].value, ws["N18"].value] == ["√", "√"]


def test_levels_must_be_the_units_columns(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI], [dict(unit="伊美区", action="修改",
                                          item="政策文件/规范性文件", levels="县级")])
    issues = [i for i in report.issues if i.code == "catalogue.row.levels_known"]
    assert issues and issues[0].clause == "标准指引三（二）" and issues[0].column == "公开层级"
    assert "区级、镇级" in issues[0].message
    # the row is then left without any level
    assert "catalogue.row.levels" in codes(report)


def test_deadline_must_be_computable(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI], [dict(unit="伊美区", action="修改",
                                          item="监督管理/监督举报", deadline="及时公开")])
    issue = next(i for i in report.issues if i.code == "catalogue.row.deadline_computable")
    assert issue.clause == "第6.1条" and issue.column == "公开时限"
    assert report.extra["sheets"]["单位"]["rejected"] == 1


def test_every_builtin_deadline_is_computable() -> None:
    for name in ("yimei", "wanyuan"):
        for item in builtin_catalogue(name).items:
            assert parse_deadline(item.deadline_text) is not None, item.label


def test_unknown_channel_and_item(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI], [
        dict(unit="伊美区", action="修改", item="全部事项", channels_add=["抖音"]),
        dict(unit="伊美区", action="不适用", item="扶贫资金/不存在的事项", reason="x"),
        dict(unit="伊美区", action="新增", item="没有斜杠的事项", basis="x"),
        dict(unit="伊美区", action="新增", item="扶贫资金/年度计划", basis="x"),
    ])
    by_code = {i.code: i for i in report.issues}
    assert by_code["catalogue.adapt.channel_known"].clause == "第7.1条"
    assert by_code["catalogue.adapt.channel_known"].column == "增加渠道"
    assert by_code["catalogue.adapt.item_known"].row == 3
    new = [i for i in report.issues if i.code == "catalogue.adapt.item_new"]
    assert [i.row for i in new] == [4, 5] and new[0].clause == "标准指引三（一）"


def test_adaptation_for_unknown_unit(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI], [dict(unit="伊美县", action="修改", item="全部事项",
                                          basis="x")])
    issue = next(i for i in report.issues if i.code == "catalogue.adapt.unit_known")
    assert issue.clause == "标准指引三（一）"
    assert issue.column == "单位名称"  # the header without the required-field star
    assert report.rendered == 1 and report.exit_code() == 1


def test_duplicate_unit_and_level_names(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI, dict(YIMEI, level_2="区级")])
    unique = next(i for i in report.issues if i.code == "catalogue.unit.unique")
    assert unique.row == 3 and unique.clause == "标准指引三（一）"
    assert report.rendered == 1 and report.rejected == 1 and report.balanced()


def test_levels_distinct(tmp_path: Path) -> None:
    report = run(tmp_path, [dict(YIMEI, level_2="区级")])
    issue = next(i for i in report.issues if i.code == "catalogue.unit.levels_distinct")
    assert issue.clause == "标准指引三（二）" and issue.column == "公开层级二"


def test_year_rules(tmp_path: Path) -> None:
    report = run(tmp_path, [dict(YIMEI, year=2025)], year=2026)
    issue = next(i for i in report.issues if i.code == "catalogue.unit.year")
    assert issue.clause == "第6.2条" and issue.column == "年度"
    missing = run(tmp_path, [dict(YIMEI, year=None)], year=None)
    assert "catalogue.unit.year" in codes(missing)


def test_year_the_calendar_does_not_know(tmp_path: Path) -> None:
    report = run(tmp_path, [dict(YIMEI, year=2099)], year=None)
    issue = next(i for i in report.issues if i.code == "calendar.year_unknown")
    assert issue.clause == "第6.1条" and "2099年节假日安排尚未提供" in issue.message
    assert issue.severity == "warning" and report.rendered == 1  # written, not refused


def test_publisher_names(tmp_path: Path) -> None:
    report = run(tmp_path, [dict(YIMEI, publishers="县级扶贫部门=伊美区农业农村局；"
                                 "县级人民政府=伊美区人民政府；省扶贫办=x；坏的写法")])
    warn = [i for i in report.issues if i.code == "catalogue.unit.publishers"]
    assert {i.severity for i in warn} == {"warning", "error"}
    assert all(i.clause == "第3.1条" and i.column == "公开主体名称" for i in warn)
    good = run(tmp_path, [dict(YIMEI, publishers="县级扶贫部门=伊美区农业农村局")])
    assert good.valid
    ws = openpyxl.load_workbook(tmp_path / "out" / "2026年伊美区标准目录.xlsx").active
    assert ws is not None
    assert ws["G5"].value.replace("\n", "") == "伊美区农业农村局、乡镇人民政府"


def test_missing_standard_item_is_reported() -> None:
    from fupin_docs.inputs.validate import Record

    base = builtin_catalogue("yimei")
    rec = Record(file="u.xlsx", sheet="单位", row=2, record=1, raw={}, instance={},
                 values={"unit": "x"}, columns={})
    uc = UnitCatalogue(unit=rec, base=base, levels=base.level_columns,
                       items=list(base.items[1:]))
    found = [f for f in cross_check(uc) if f.rule == "catalogue.items.present"]
    assert len(found) == 1 and "行政法规、规章" in found[0].message
    assert RULES["catalogue.items.present"][0] == "标准指引三（一）"


def test_wanyuan_base_and_units_schema_titles() -> None:
    assert set(bases()) == set(load_schema("catalogue_units")["properties"]["base"]["enum"])


# ------------------------------------------------------------------ parsing helpers


def test_parse_levels_with_enumeration_comma_inside_a_label() -> None:
    assert parse_levels("县级、乡、村级", ("县级", "乡、村级")) == (["县级", "乡、村级"], [])
    assert parse_levels("乡、村级", ("县级", "乡、村级")) == (["乡、村级"], [])
    assert parse_levels("省级、县级", ("县级", "乡、村级")) == (["县级"], ["省级"])


def test_parse_elements_and_publishers() -> None:
    assert parse_elements("·资金名称\n  ·分配结果\n\n分配结果") == ("资金名称", "分配结果")
    assert parse_publishers("a=b；c＝d\n坏") == ([("a", "b"), ("c", "d")], ["坏"])


def test_checklist_layout() -> None:
    cat = builtin_catalogue("yimei")
    lines = checklist_lines(cat.channels, ("政府网站",))
    assert lines[0] == ["■政府网站", "□政府公报"]
    assert ["□社区/企事业单位/村公示栏（电子屏）"] in lines
    assert sum(len(line) for line in lines) == 13


def test_sheet_names_are_valid_and_unique() -> None:
    namer = SheetNamer(taken=("汇总",))
    names = [namer.name(n) for n in ("汇总", "a/b:c*d?e[f]g\\h", "X" * 40, "x" * 40, "'引号'",
                                     "History", "单位", "单位")]
    assert len({n.casefold() for n in names}) == len(names)
    for n in names:
        assert len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n)
        assert not n.startswith("'") and not n.endswith("'")
    assert names[0] == "汇总(2)" and names[-1] == "单位(2)"


# ------------------------------------------------------------------ batch and CLI


def test_batch_of_many_units_one_run(tmp_path: Path) -> None:
    long = "内蒙古自治区呼伦贝尔市某某旗某某镇人民政府扶贫工作站第"
    units = [dict(YIMEI, unit=f"{long}{i}号单位", level_1="镇级", level_2="村级")
             for i in range(40)]
    units.append(dict(YIMEI, unit="a/b"))
    units.append(dict(YIMEI, unit="a_b"))  # same file and sheet name after cleaning
    report = run(tmp_path, units)
    assert report.valid and report.rendered == 42
    out = tmp_path / "out"
    wb = openpyxl.load_workbook(out / "2026年标准目录汇总.xlsx", read_only=True)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 43
    assert len({s.casefold() for s in wb.sheetnames}) == 43
    assert all(len(s) <= 31 for s in wb.sheetnames)
    wb.close()
    assert len(list(out.glob("*.docx"))) == 42 and len(list(out.glob("*.xlsx"))) == 42 + 2
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["stats"]["rendered"] == 42 and len(data["units"]) == 42


def test_cli_init_and_sample_batch(tmp_path: Path, samples: Path) -> None:
    runner = CliRunner()
    blank = tmp_path / "单位.xlsx"
    result = runner.invoke(cli, ["init", "catalogue", str(blank)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames[:3] == ["单位", "调整", "说明"]
    assert wb["单位"]["A1"].value == "单位名称*"
    out = tmp_path / "out"
    result = runner.invoke(cli, ["catalogue", str(samples / "单位.xlsx"), "--year", "2026",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "生成 4 份" in result.output
    book = openpyxl.load_workbook(out / "2026年标准目录汇总.xlsx")
    assert book.sheetnames == ["汇总", "伊美区", "红星县", "石窝镇", "万源市扶贫移民工作局"]
    red = book["红星县"]
    assert red["A1"].value == "巩固拓展脱贫攻坚成果同乡村振兴有效衔接基层政务公开标准目录"
    assert any((c.value or "").replace("\n", "") == "防止返贫监测" for c in red["B"])
    shiwo = book["石窝镇"]
    na = [c.value for c in shiwo["E"] if c.value and str(c.value).startswith("本单位不适用")]
    assert len(na) == 1 and "理由" in na[0]
    assert all("□便民服务站" not in str(c.value) for c in shiwo["H"][4:] if c.value)


def test_cli_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    src = write_units(tmp_path / "单位.xlsx", [YIMEI],
                      [dict(unit="伊美区", action="不适用", item="扶贫资金/精准扶贫贷款")])
    result = runner.invoke(cli, ["catalogue", str(src), "--year", "2026", "-o",
                                 str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "不适用理由" in result.output and "标准指引三（一）" in result.output
    result = runner.invoke(cli, ["catalogue", str(src), "--year", "2099", "-o",
                                 str(tmp_path / "o")])
    # a year without a holiday calendar no longer refuses the batch: the units are checked
    # (here each unit's 年度 2026 is not --year 2099: a row error, exit 1)
    assert result.exit_code == 1 and "2099" in result.output
    csv = tmp_path / "u.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    result = runner.invoke(cli, ["catalogue", str(csv), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_slip_deadline_comes_from_the_catalogue_item() -> None:
    from fupin_docs.kinds.slip import formation_deadline
    from fupin_docs.standard.calendar.workdays import WorkdayCalendar
    from fupin_docs.standard.catalogues.model import ItemIndex

    found = ItemIndex.default().find("扶贫资金/精准扶贫贷款")
    assert found is not None
    t = formation_deadline(dt.date(2026, 3, 2), found, None, WorkdayCalendar())
    assert t.due == dt.date(2026, 12, 31) and "每年底前" in t.rule


@pytest.mark.pdf
def test_one_unit_prints_as_a_catalogue(tmp_path: Path, require_pdf_tools: None) -> None:
    run(tmp_path, [YIMEI])
    out = tmp_path / "out"
    for suffix in (".xlsx", ".docx"):
        src = out / f"2026年伊美区标准目录{suffix}"
        pdf_dir = tmp_path / f"pdf{suffix[1:]}"
        pdf = soffice_pdf(src, pdf_dir, tmp_path)
        assert pdf == pdf_dir / "2026年伊美区标准目录.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
        assert size and float(size.group(1)) > float(size.group(2))  # landscape
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True).stdout
        flat = re.sub(r"\s+", "", text)
        for item in builtin_catalogue("yimei").items:
            assert item.level2[:3] in flat  # cells wrap, so only the start is one run
        # the last column and the last checklist entry are on the page, not cut off
        assert flat.count("□其他") == 13
        assert flat.count("√") == 13 * 4 - 2  # items 4 and 5 leave 区级 blank
        assert "公开层级" in flat and "公开方式" in flat
        page_texts = text.split("\f")
        assert all("公开渠道和载体" in p for p in page_texts[:pages])  # header repeated


def test_modify_row_without_changes_warns(tmp_path: Path) -> None:
    report = run(tmp_path, [YIMEI], [dict(unit="伊美区", action="修改", item="全部事项")])
    issue = next(i for i in report.issues if i.code == "catalogue.adapt.empty")
    assert issue.severity == "warning" and issue.clause == "标准指引三（一）"
    assert report.valid and report.extra["documents"] == 1


def test_every_rule_is_documented() -> None:
    doc = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for rule_id, (clause, _title) in RULES.items():
        short = rule_id.rsplit(".", 1)[-1]
        assert short in doc and clause in doc, rule_id


def test_catalogue_jobs_give_the_same_files(tmp_path: Path, samples: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 2: worker processes write the units' files; same files, same report."""
    import zipfile

    import openpyxl

    from fupin_docs.pipeline import catalogue as catalogue_batch

    monkeypatch.setattr(catalogue_batch, "PARALLEL_AFTER", 1)  # workers from the second unit on
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        result = CliRunner().invoke(cli, ["catalogue", str(samples / "单位.xlsx"), "--year", "2026",
                                          "-o", str(out), "--jobs", jobs, "--json"])
        assert result.exit_code == 0, result.output
        outs[jobs] = (out, json.loads(result.output))
    (one, rep1), (two, rep2) = outs["1"], outs["2"]
    assert rep1["stats"] == rep2["stats"] and rep1["outputs"] == rep2["outputs"]
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir())
    for name in names:
        if name.endswith(".docx"):
            with zipfile.ZipFile(one / name) as a, zipfile.ZipFile(two / name) as b:
                assert a.read("word/document.xml") == b.read("word/document.xml"), name
        elif name.endswith(".xlsx") and name != "校验报告.xlsx":
            rows = [[[c.value for c in r] for r in openpyxl.load_workbook(d / name).active.iter_rows()]
                    for d in (one, two)]
            assert rows[0] == rows[1], name


@pytest.mark.parametrize("label, start", [
    ("扶贫资金/财政专项扶贫资金分配结果", "资金分配结果下达之日按信息形成日期计"),
])
def test_slip_deadline_says_which_day_stands_for_the_trigger(label: str, start: str) -> None:
    """§6.1 with a catalogue's own trigger: the rule names the trigger's day once, readably
    (not 「制定或获取信息之日起日期按……」)."""
    from fupin_docs.kinds.slip import formation_deadline
    from fupin_docs.standard.calendar.workdays import WorkdayCalendar
    from fupin_docs.standard.catalogues.model import ItemIndex

    found = ItemIndex.default().find(label)
    assert found is not None
    t = formation_deadline(dt.date(2026, 3, 2), found, None, WorkdayCalendar())
    assert start in t.rule and "起日期" not in t.rule


def test_imported_trigger_with_zhi_ri_qi_reads_once() -> None:
    from fupin_docs.kinds.slip import trigger_day_note

    assert trigger_day_note("制定或获取信息之日起") == "制定或获取信息之日按信息形成日期计"
    assert trigger_day_note("形成或者变更之日起") == "形成或者变更之日按信息形成日期计"
    assert trigger_day_note("批准后") == "批准之日按信息形成日期计"
    assert trigger_day_note("资金分配结果下达") == "资金分配结果下达之日按信息形成日期计"
