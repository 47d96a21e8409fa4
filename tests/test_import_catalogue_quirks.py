"""Issue 17: tables made here with every quirk real published catalogues have.

One interpreter serves every format, so each quirk is asserted on the format that carries
it, and the PDF (made by LibreOffice from the Word file) must give what the Word file gives.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from fupin_docs.standard.catalogues.importer import ImportedTable, import_file
from fupin_docs.standard.catalogues.importer.grid import Cell, Grid, from_rows
from fupin_docs.standard.catalogues.importer.interpret import NoCatalogueTable, interpret
from fupin_docs.standard.catalogues.importer.text import checklist, elements, mark
from tests import catalogue_tables as ct


def _items(table: ImportedTable) -> dict[str, dict[str, Any]]:
    return {i["level2"]: i for i in table.catalogue["items"]}


@pytest.fixture(scope="module")
def xlsx_tables(tmp_path_factory: pytest.TempPathFactory) -> list[ImportedTable]:
    return import_file(ct.quirky_xlsx(tmp_path_factory.mktemp("x") / "青川县目录.xlsx"))


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ct.multi_docx(tmp_path_factory.mktemp("d") / "目录.docx")


@pytest.fixture(scope="module")
def html_table(tmp_path_factory: pytest.TempPathFactory) -> ImportedTable:
    (table,) = import_file(ct.gbk_html(tmp_path_factory.mktemp("h") / "shimen.htm"))
    return table


# ------------------------------------------------------------------ xlsx: one sheet, two areas


def test_two_tables_in_one_sheet_each_under_its_heading(xlsx_tables: list[ImportedTable]) -> None:
    assert [t.area for t in xlsx_tables] == ["社会救助", "住房保障"]
    assert [t.title for t in xlsx_tables] == ["青川县社会救助领域基层政务公开标准目录",
                                             "青川县住房保障领域基层政务公开标准目录"]
    # each restarts 序号
    assert [[i["no"] for i in t.catalogue["items"]] for t in xlsx_tables] == [[1, 2, 3, 4, 5],
                                                                             [1, 2]]


def test_metadata_line_names_the_unit(xlsx_tables: list[ImportedTable]) -> None:
    assert xlsx_tables[0].unit == "青川县民政局"


def test_wrap_spaces_in_headers_and_deadlines(xlsx_tables: list[ImportedTable]) -> None:
    t = xlsx_tables[0]
    assert t.columns["level1"] == "公开事项/一级事项"
    low = _items(t)["政策文件"]
    assert low["deadline"] == "信息形成(变更)之日起20个工作日内"
    assert low["deadline_rule"] == {"kind": "workdays", "trigger": "信息形成（变更）之日起",
                                    "n": 20, "unit": "工作日"}


def test_merged_first_level_is_carried_down(xlsx_tables: list[ImportedTable]) -> None:
    items = _items(xlsx_tables[0])
    assert [items[k]["level1"] for k in ("政策文件", "审核确认")] == ["低保", "低保"]
    # blank 一级 after 同上: still the group above
    assert [items[k]["level1"] for k in ("救助供养", "资金发放", "监督电话")] == ["特困"] * 3


def test_content_split_over_rows_with_other_columns_merged_is_one_item(
        xlsx_tables: list[ImportedTable]) -> None:
    item = _items(xlsx_tables[0])["审核确认"]
    assert item["elements"] == ["申请条件", "审核程序", "审核结果"]
    assert item["no"] == 2 and len(xlsx_tables[0].catalogue["items"]) == 5


def test_same_as_above_copies_the_cell_above(xlsx_tables: list[ImportedTable]) -> None:
    item = _items(xlsx_tables[0])["救助供养"]
    assert item["basis"] == "《最低生活保障审核确认办法》"
    assert item["publisher"] == "青川县民政局、乡镇人民政府"


def test_channel_glyph_variants(xlsx_tables: list[ImportedTable]) -> None:
    items = _items(xlsx_tables[0])
    assert items["政策文件"]["channels"] == ["政府网站"]  # t = Wingdings ■, 口 = □
    assert items["审核确认"]["channels"] == ["公开查阅点", "村务公开栏"]  # glued, unit's own
    assert items["救助供养"]["channels"] == ["政府网站", "公开查阅点"]  # ☑/☐
    assert items["资金发放"]["channels"] == ["政府网站", "两微一端"]  # no glyph at all
    assert items["监督电话"]["channels"] == ["政府网站"]  # √ as the tick
    assert xlsx_tables[0].catalogue["channels"] == [
        "政府网站", "政务服务中心", "公开查阅点", "村务公开栏", "两微一端",
        "社区/企事业单位/村公示栏（电子屏）"]


def test_tick_sub_columns(xlsx_tables: list[ImportedTable]) -> None:
    cat = xlsx_tables[0].catalogue
    assert (cat["audiences"], cat["modes"], cat["level_columns"]) == (
        ["全社会", "特定群体"], ["主动", "依申请"], ["县级", "乡、村级"])
    item = _items(xlsx_tables[0])["审核确认"]
    assert (item["audiences"], item["modes"], item["levels"]) == (["特定群体"], ["主动"],
                                                                  ["乡、村级"])


def test_deadline_kinds(xlsx_tables: list[ImportedTable]) -> None:
    items = _items(xlsx_tables[0])
    assert items["审核确认"]["deadline_rule"]["n"] == 10  # 10工作日
    assert items["救助供养"]["deadline_rule"] == {"kind": "calendar_days", "trigger": "批准后",
                                              "n": 20, "unit": "自然日"}
    assert items["资金发放"]["deadline_rule"] == {"kind": "by_date", "trigger": "每年",
                                              "month": 3, "day": 0}
    assert items["监督电话"]["deadline_rule"] is None
    warned = [f for f in xlsx_tables[0].findings if f.code == "import.deadline.uncomputable"]
    assert [(f.row, f.column_name, f.value) for f in warned] == [(12, "F列", "实时公开")]


def test_note_below_is_kept_as_a_note(xlsx_tables: list[ImportedTable]) -> None:
    assert xlsx_tables[0].notes == ["注：1.“√”表示适用；2.公开渠道中“■”表示选用。"]


def test_single_item_column_and_no_level_column(xlsx_tables: list[ImportedTable]) -> None:
    t = xlsx_tables[1]
    items = _items(t)
    assert set(items) == {"公租房保障", "保障房分配"}
    assert {i["level1"] for i in items.values()} == {"住房保障"}  # the area names the group
    assert t.catalogue["level_columns"] == [] and all(i["levels"] == [] for i in items.values())
    assert any(f.code == "import.levels.none" for f in t.findings)
    assert items["公租房保障"]["deadline_rule"] == {"kind": "year_end", "trigger": "每年"}  # 公开时
    # 公开对象 / 公开方式 as the words themselves
    assert (items["保障房分配"]["audiences"], items["保障房分配"]["modes"]) == (
        ["特定群众"], ["依申请公开"])
    assert items["保障房分配"]["channels"] == ["入户/现场"]


# ------------------------------------------------------------------ docx: tables in body order


def test_docx_tables_under_their_headings(docx_file: Path) -> None:
    t1, t2 = import_file(docx_file)
    assert (t1.area, t2.area) == ("社会救助", "义务教育")
    assert t1.title == "社会救助领域基层政务公开标准目录"  # "一、" numbering dropped
    assert [i["no"] for i in t1.catalogue["items"]] == [1, 2, 3]  # no 序号 column: counted
    assert [i["no"] for i in t2.catalogue["items"]] == [1, 2]


def test_docx_vmerge_gridspan_and_wingdings(docx_file: Path) -> None:
    t1, _ = import_file(docx_file)
    items = _items(t1)
    assert items["救助政策"]["channels"] == ["政府网站"]  # w:sym F06E / F06F
    assert items["救助结果"]["channels"] == ["政务服务中心"]  # w:sym F0FE ☑
    assert items["救助程序"]["elements"] == ["申请受理", "审核审批"]  # vMerge continuation
    assert items["救助程序"]["level1"] == "临时救助"
    assert t1.catalogue["level_columns"] == ["县级"]  # a table with one level only
    assert items["救助结果"]["deadline_rule"] == {"kind": "by_date", "trigger": "每年",
                                              "month": 1, "day": 31}


def test_docx_serial_in_second_header_row_and_glyph_words(docx_file: Path) -> None:
    _, t2 = import_file(docx_file)
    items = _items(t2)
    assert t2.columns["no"] == "序号"
    assert items["招生政策"]["audiences"] == ["全社会"] and items["招生政策"]["modes"] == ["主动"]
    assert t2.catalogue["audiences"] == ["全社会", "特定群众"]
    assert items["招生结果"]["level1"] == "招生入学"
    assert items["招生结果"]["deadline_rule"] == {"kind": "calendar_days", "trigger": "录取结束后",
                                              "n": 5, "unit": "自然日"}
    assert items["招生政策"]["deadline_rule"] is None  # 招生前: nothing to compute


@pytest.mark.pdf
def test_pdf_from_the_docx_imports_the_same(docx_file: Path, tmp_path: Path,
                                            require_pdf_tools: None) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_file)],
                   check=True, capture_output=True, timeout=180)
    from_docx = import_file(docx_file)
    from_pdf = import_file(tmp_path / "目录.pdf")
    assert [t.area for t in from_pdf] == [t.area for t in from_docx]
    for a, b in zip(from_docx, from_pdf, strict=True):
        assert a.catalogue["level_columns"] == b.catalogue["level_columns"]
        for ia, ib in zip(a.catalogue["items"], b.catalogue["items"], strict=True):
            for key in ("no", "level1", "level2", "deadline", "deadline_rule", "publisher",
                        "basis", "channels", "audiences", "modes", "levels"):
                assert ia[key] == ib[key], (ia["level2"], key)
            # a line that fills its cell cannot be told from a wrapped one in a PDF
            assert "".join(ia["elements"]) == "".join(ib["elements"]), ia["level2"]


# ------------------------------------------------------------------ html


def test_html_gbk_page_nested_table_truncated_headers(html_table: ImportedTable) -> None:
    t = html_table
    assert (t.area, t.unit) == ("卫生健康", "石门镇")
    assert t.columns["channels"] == "公开渠" and t.columns["deadline"] == "公开时"
    assert t.catalogue["level_columns"] == ["镇(街)级", "村级"]
    items = _items(t)
    assert items["预防接种"]["channels"] == ["政府网站", "社区/企事业单位/村公示栏（电子屏）"]
    assert items["预防接种"]["elements"] == ["接种时间", "接种地点"]
    assert items["传染病防控"]["basis"] == "《中华人民共和国疫苗管理法》"  # 同上
    assert items["健康教育"]["level1"] == "疾病预防"  # rowspan


def test_html_unmapped_column_is_reported_with_its_place(html_table: ImportedTable) -> None:
    unmapped = [f for f in html_table.findings if f.code == "import.cell.unmapped"]
    assert [(f.row, f.column, f.value) for f in unmapped] == [(3, "备注", "每年更新")]
    uncomputable = {f.value for f in html_table.findings
                    if f.code == "import.deadline.uncomputable"}
    assert uncomputable == {"及时公开", "长期公开"}


# ------------------------------------------------------------------ the text rules


@pytest.mark.parametrize(("text", "expected"), [
    ("■公开查阅点□政务服务中心", [("公开查阅点", True), ("政务服务中心", False)]),
    ("t政府网站 口便民服务站", [("政府网站", True), ("便民服务站", False)]),
    ("☑政府网站☐两微一端", [("政府网站", True), ("两微一端", False)]),
    ("√政府网站 □纸质媒体", [("政府网站", True), ("纸质媒体", False)]),
    ("□社区/企事业单位/村公示 栏(电子屏)", [("社区/企事业单位/村公示栏（电子屏）", False)]),
    ("入户/现场", [("入户/现场", True)]),
    ("入户/ 现场 政府 网站", [("入户/现场", True), ("政府网站", True)]),
    ("■村级服务窗口", [("村级服务窗口", True)]),  # 口 inside a word is no box
])
def test_checklist_glyphs(text: str, expected: list[tuple[str, bool]]) -> None:
    assert checklist(text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("√", True), ("✓", True), ("■", True), ("", False), ("□", False), ("×", False),
    ("不适用", None),
])
def test_tick_marks(text: str, expected: bool | None) -> None:
    assert mark(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("·中央及地方政府涉及扶贫领域的行政法规\n·中央及地方政府涉及扶贫领域的规章",
     ["中央及地方政府涉及扶贫领域的行政法规", "中央及地方政府涉及扶贫领域的规章"]),
    ("1.受理部门2.办理条件3.办理时限", ["受理部门", "办理条件", "办理时限"]),
    ("（1）申请条件；（2）审批结果", ["申请条件", "审批结果"]),
    ("识别程序(农户申请、民主评议、公示公告、逐级审核）", ["识别程序(农户申请、民主评议、公示公告、逐级审核）"]),
    ("项目名 称", ["项目名称"]),  # a lone character cut off by a wrap
])
def test_content_elements(text: str, expected: list[str]) -> None:
    assert elements(text) == expected


# ------------------------------------------------------------------ bad input


def test_no_catalogue_table_is_a_chinese_error_naming_what_was_looked_for(
        tmp_path: Path) -> None:
    from fupin_docs.types import InputFileError

    with pytest.raises(InputFileError) as err:
        import_file(ct.not_a_catalogue(tmp_path / "名单.xlsx"))
    text = str(err.value)
    assert "名单.xlsx" in text and "没有找到标准目录表格" in text
    assert "公开内容" in text and "二级事项" in text


def test_item_without_second_level_and_duplicates_are_named(tmp_path: Path) -> None:
    (t,) = import_file(ct.flawed_xlsx(tmp_path / "flawed.xlsx"))
    errors = [(f.code, f.table, f.row, f.column_name) for f in t.errors]
    assert errors == [("import.item.no_level2", "工作表「目录」", 3, "C列"),
                      ("import.item.duplicate", "工作表「目录」", 5, "C列")]
    assert "第4行" in t.errors[1].message
    assert [i["level2"] for i in t.catalogue["items"]] == ["规范性文件", "年度计划"]


def test_unknown_format_is_named(tmp_path: Path) -> None:
    from fupin_docs.types import InputFileError

    bad = tmp_path / "目录.txt"
    bad.write_text("序号 公开事项", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"目录\.txt"):
        import_file(bad)


def test_repeated_header_after_a_page_break_continues_the_table() -> None:
    head = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体"]
    rows = [head, ["1", "政策", "文件", "全文", "20个工作日", "县局"], head,
            ["2", "资金", "分配", "结果", "15个工作日", "县局"]]
    (t,) = interpret([from_rows("表", rows)], "x.html")
    assert [i["no"] for i in t.catalogue["items"]] == [1, 2]


def test_grid_spans_cover_their_cells() -> None:
    g = Grid("表", [Cell(0, 0, "a", rowspan=2, colspan=2), Cell(0, 2, "b")])
    assert g.at(1, 1) is g.at(0, 0) and g.text(1, 0) == "a" and g.at(1, 2) is None


def test_channel_sub_columns_with_ticks() -> None:
    """公开渠道和载体 as a group of √ columns, one per channel, instead of a check list."""
    head = [Cell(0, 0, "序号", rowspan=2), Cell(0, 1, "二级事项", rowspan=2),
            Cell(0, 2, "公开内容", rowspan=2), Cell(0, 3, "公开时限", rowspan=2),
            Cell(0, 4, "公开渠道和载体", colspan=3),
            Cell(1, 4, "政府网站"), Cell(1, 5, "政务公开栏"), Cell(1, 6, "其他")]
    data = [Cell(2, 0, "1"), Cell(2, 1, "低保名单"), Cell(2, 2, "姓名、保障金额"),
            Cell(2, 3, "每月10日前"), Cell(2, 4, "√"), Cell(2, 5, "√"),
            Cell(3, 0, "2"), Cell(3, 1, "救助标准"), Cell(3, 2, "标准"),
            Cell(3, 3, "20个工作日"), Cell(3, 6, "✓")]
    (t,) = interpret([Grid("表1", head + data, heading=["民政领域基层政务公开标准目录"])], "x.docx")
    items = _items(t)
    assert t.catalogue["channels"] == ["政府网站", "政务公开栏", "其他"]
    assert items["低保名单"]["channels"] == ["政府网站", "政务公开栏"]
    assert items["救助标准"]["channels"] == ["其他"]
    # a single 公开事项/二级事项 column: the area names the group
    assert items["低保名单"]["level1"] == "民政"


def test_old_formats_without_libreoffice_get_a_chinese_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from fupin_docs.types import InputFileError

    convert = sys.modules["fupin_docs.standard.catalogues.importer.convert"]

    old = tmp_path / "目录.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    monkeypatch.setattr(convert, "soffice", lambda: None)
    with pytest.raises(InputFileError, match=r"目录\.xls.*LibreOffice.*另存为 \.xlsx"):
        import_file(old)


@pytest.mark.pdf
def test_xls_is_read_through_libreoffice(tmp_path: Path, require_pdf_tools: None,
                                         xlsx_tables: list[ImportedTable]) -> None:
    src = ct.quirky_xlsx(tmp_path / "青川县目录.xlsx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp_path / "xls"), str(src)],
                   check=True, capture_output=True, timeout=180)
    tables = import_file(tmp_path / "xls" / "青川县目录.xls")
    assert [t.catalogue["items"] for t in tables] == [t.catalogue["items"] for t in xlsx_tables]


@pytest.mark.pdf
def test_pdf_table_without_ruling_lines_is_refused_not_guessed(
        tmp_path: Path, require_pdf_tools: None) -> None:
    from docx import Document

    from fupin_docs.types import InputFileError

    doc = Document()
    doc.add_paragraph("某县社会救助领域基层政务公开标准目录")
    table = doc.add_table(rows=2, cols=4)  # no table style: no borders in the PDF
    for c, text in enumerate(["序号", "二级事项", "公开内容", "公开时限"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["1", "低保名单", "保障对象", "20个工作日内"]):
        table.cell(1, c).text = text
    doc.save(str(tmp_path / "无框线.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "无框线.docx")],
                   check=True, capture_output=True, timeout=180)
    with pytest.raises(InputFileError, match="没有找到带框线的表格"):
        import_file(tmp_path / "无框线.pdf")


def test_hostile_table_still_gives_a_valid_catalogue() -> None:
    """序号 0, an empty first 一级事项, a tick column named twice: valid JSON, named warnings."""
    from fupin_docs.standard.catalogues.model import validate_catalogue

    head = [Cell(0, 0, "序号", rowspan=2), Cell(0, 1, "一级事项", rowspan=2),
            Cell(0, 2, "二级事项", rowspan=2), Cell(0, 3, "公开内容", rowspan=2),
            Cell(0, 4, "公开时限", rowspan=2), Cell(0, 5, "公开对象", colspan=3),
            Cell(1, 5, "全社会"), Cell(1, 6, "全社会"), Cell(1, 7, "特定群众")]
    data = [Cell(2, 0, "0"), Cell(2, 2, "低保名单"), Cell(2, 3, "名单"), Cell(2, 4, "实时公开"),
            Cell(2, 5, "√"), Cell(2, 6, "√")]
    (t,) = interpret([Grid("表1", head + data)], "x.html")
    validate_catalogue(t.catalogue, "x.html")
    (item,) = t.catalogue["items"]
    assert item["no"] == 1 and item["level1"] == "基层政务公开标准目录"
    assert item["audiences"] == ["全社会"] and t.catalogue["audiences"] == ["全社会", "特定群众"]
    assert {f.code for f in t.findings} >= {"import.item.no_level1", "import.deadline.uncomputable"}


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = ["", "", "1", "2", "同上", "√", "■政府网站□两微一端", "口公开查阅点", "t政府网站",
          "政策文件", "低保", "20个工作日", "实时公开", "每年3月底前", "全社会", "注：说明",
          "公开内容", "县级", "《条例》", "\n", "  ", "0", "☑", "乡、村级"]


@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=9, max_size=9), max_size=12))
def test_any_rows_under_a_header_give_a_valid_catalogue_or_named_errors(
        rows: list[list[str]]) -> None:
    from fupin_docs.standard.catalogues.model import validate_catalogue

    head = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体",
            "公开渠道", "公开对象"]
    (t,) = interpret([from_rows("表", [head, *rows])], "x.xlsx")
    if t.catalogue["items"]:
        validate_catalogue(t.catalogue, "x.xlsx")
    assert all(f.row is not None for f in t.errors)


def test_a_slip_workbook_or_a_ledger_is_not_taken_for_a_catalogue(tmp_path: Path) -> None:
    """处理单 and 发布台账 have 公开事项, 公开渠道, 内容摘要 or 适用时限 columns, but most of their
    columns are no catalogue column: given by mistake, they are refused, not imported."""
    from fupin_docs.types import InputFileError

    slips = Path(__file__).resolve().parent.parent / "samples" / "处理单.xlsx"
    with pytest.raises(InputFileError, match=r"处理单\.xlsx 中没有找到标准目录表格"):
        import_file(slips)
    ledger = ["序号", "信息编号", "信息标题", "公开事项", "责任股室", "形成日期", "审签日期", "公开日期",
              "公开渠道", "公开方式", "公开属性", "发布人", "是否按时", "适用时限", "备注"]
    row = ["1", "万扶公〔2027〕2号", "分工通知", "机构信息/领导分工", "办公室", "2027-02-04", "2027-02-04",
           "2027-02-15", "政府网站", "全文发布", "主动公开", "赵敏", "否", "3个工作日内", ""]
    with pytest.raises(NoCatalogueTable):
        interpret([from_rows("发布台账", [ledger, row])], "台账.xlsx")


def test_a_catalogue_with_one_column_of_its_own_still_imports() -> None:
    head = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "责任科室"]
    (t,) = interpret([from_rows("表", [head, ["1", "政策", "文件", "全文", "20个工作日", "县局", "办公室"]])],
                     "x.html")
    assert [i["level2"] for i in t.catalogue["items"]] == ["文件"]


@pytest.mark.parametrize("name, data", [("坏.xlsx", b"not a zip"), ("空.xlsx", b""), ("坏.docx", b"PK\x03\x04x"),
                                        ("坏.pdf", b"%PDF-1.4 broken")])
def test_a_broken_file_is_named_in_chinese_only(tmp_path: Path, name: str, data: bytes) -> None:
    from fupin_docs.types import InputFileError

    bad = tmp_path / name
    bad.write_bytes(data)
    with pytest.raises(InputFileError) as err:
        import_file(bad)
    text = str(err.value)
    assert name in text and "已损坏" in text
    assert not any(ch.isascii() and ch.isalpha() for ch in text.replace(name, "").replace(".xlsx", "")
                   .replace(".docx", "").replace(".pdf", "").replace("Excel", "").replace("Word", "")
                   .replace("PDF", "").replace("WPS", ""))


@pytest.mark.parametrize(("cells", "levels", "columns"), [
    (["县级、乡、村级", "乡、村级"], [["县级", "乡、村级"], ["乡、村级"]], ["县级", "乡、村级"]),
    (["镇(街)级、村级", "村级"], [["镇(街)级", "村级"], ["村级"]], ["镇(街)级", "村级"]),
    (["市级，镇（街）级", "镇（街）级"], [["市级", "镇（街）级"], ["镇（街）级"]],
     ["市级", "镇（街）级"]),
    (["区级/镇级", "镇级"], [["区级", "镇级"], ["镇级"]], ["区级", "镇级"]),
])
def test_one_level_column_in_words_keeps_level_names_with_a_dunhao_whole(
        cells: list[str], levels: list[list[str]], columns: list[str]) -> None:
    """A single 公开层级 column written as words: 乡、村级 is one level, not 乡 and 村级."""
    head = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开层级"]
    rows = [head, ["1", "救助", "低保", "名单", "20个工作日", "县局", cells[0]],
            ["2", "救助", "特困", "名单", "20个工作日", "县局", cells[1]]]
    (t,) = interpret([from_rows("表", rows)], "x.xlsx")
    assert [i["levels"] for i in t.catalogue["items"]] == levels
    assert t.catalogue["level_columns"] == columns
