"""check-content: catalogue elements found in announcements (corpus), personal data, slips."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from fupin_docs.app.cli import cli
from fupin_docs.standard import content
from fupin_docs.standard.catalogues.model import builtin_catalogue
from fupin_docs.standard.content import (
    EMPTY,
    MISSING,
    PRESENT,
    TextDocument,
    check_content,
    find_atoms,
    item_atoms,
    read_document,
    scan_personal_text,
    split_element,
)
from fupin_docs.types import FupinError
from tests.conftest import ROOT, SAMPLES

CORPUS = Path(__file__).parent / "data" / "announcements"
EXPECTED: dict[str, dict[str, object]] = {
    k: v for k, v in json.loads((CORPUS / "expected.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}
PROJECT_ELEMENTS = ["项目名称", "资金来源", "实施期限", "绩效目标", "实施单位及责任人", "受益对象",
                    "带贫减贫机制"]


def _status(report: content.ContentReport) -> dict[str, str]:
    return {e.atom: e.status for e in report.elements}


def _text_doc(tmp_path: Path, text: str, name: str = "公告.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ splitting elements


def test_project_implementation_element_splits_into_the_seven_atoms() -> None:
    item = builtin_catalogue("yimei").find("项目实施")
    assert item is not None
    group, atoms = split_element(item.elements[0])
    assert group == "扶贫项目实施前情况"
    assert atoms == PROJECT_ELEMENTS


def test_split_rules() -> None:
    assert split_element("识别标准（国定标准、省定标准）")[1] == ["识别标准"]
    assert split_element("项目名称、实施地点、资金规模、实施单位、带贫减贫机制、绩效目标")[1] == [
        "项目名称", "实施地点", "资金规模", "实施单位", "带贫减贫机制", "绩效目标"]
    library = split_element("申报内容（含项目名称、资金规模和筹资方式、群众参与和带贫减贫机制等）")
    assert library == ("申报内容", ["项目名称", "资金规模", "筹资方式", "群众参与", "带贫减贫机制"])
    assert split_element("带贫减贫机制等")[1] == ["带贫减贫机制"]
    # a phrase that is not a list of short names stays whole
    long = "国家、省、市政府和有关部门发布的关于扶贫工作相关的法律法规"
    assert split_element(long)[1] == [long]
    # explicit atoms from the synonym table win
    assert split_element("退出结果（脱贫名单）")[1] == ["脱贫名单"]


def test_every_catalogue_item_has_atoms() -> None:
    for name in ("yimei", "wanyuan"):
        for item in builtin_catalogue(name).items:
            atoms = item_atoms(item)
            assert atoms, item.label
            assert all(a.label for a in atoms), item.label


# ------------------------------------------------------------------ the corpus


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_guessed_item_and_findings(name: str) -> None:
    exp = EXPECTED[name]
    report = check_content(CORPUS / name)
    assert report.guessed
    assert report.item == exp["item"], report.item_reason
    assert report.part == exp["part"]
    present = [e.atom for e in report.elements if e.status == PRESENT]
    missing = [e.atom for e in report.elements if e.status != PRESENT]
    assert present == exp["present"]  # every expected element is found ...
    assert missing == exp["missing"]  # ... and none is reported present that the text lacks
    assert dict(Counter(h.kind for h in report.personal)) == exp["personal"]
    assert report.exit_code() == exp["exit_code"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_hits_point_at_the_text(name: str) -> None:
    """Each hit names a line that really holds the matched words."""
    doc = read_document(CORPUS / name)
    lines = {s.where: s.norm for s in doc.segments}
    report = check_content(CORPUS / name, item=str(EXPECTED[name]["item"]))
    for e in report.elements:
        for hit in e.hits:
            assert hit.matched in lines[hit.where], (e.atom, hit)


def test_corpus_removing_an_elements_line_makes_it_missing(tmp_path: Path) -> None:
    """Mutation check on the complete 项目实施 notice: drop the lines an element was found on;
    that element must then be reported missing and the others stay present."""
    source = CORPUS / "01_项目实施公告_完整.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    report = check_content(source)
    for element in report.elements:
        drop = {int(h.where.removeprefix("第").removesuffix("行")) for h in element.hits}
        kept = [ln for i, ln in enumerate(lines, start=1) if i not in drop]
        mutated = _text_doc(tmp_path, "\n".join(kept), f"{element.atom}.txt")
        after = _status(check_content(mutated, item="项目实施"))
        assert after[element.atom] == MISSING, element.atom
        for other in report.elements:
            on_same_line = {h.where for h in other.hits} & {h.where for h in element.hits}
            if not on_same_line:
                assert after[other.atom] == PRESENT, (element.atom, other.atom)


def test_gb18030_text_is_read() -> None:
    path = CORPUS / "04_资金分配结果公示_GB18030.txt"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert read_document(path).title == "万源市2026年第一批财政专项扶贫资金分配结果公示"


# ------------------------------------------------------------------ negative cases


@pytest.mark.parametrize(("text", "element"), [
    ("实施单位：石窝镇人民政府\n由镇纪委全程监督。", "实施单位及责任人"),
    ("责任人：何勇", "实施单位及责任人"),
    ("本项目带贫效果明显。", "带贫减贫机制"),
    ("群众受益明显。", "受益对象"),
    ("请于限期内整改。", "实施期限"),
    ("资金由镇财政所管理。", "资金来源"),
    ("该项目质量合格。", "项目名称"),
    ("目标：硬化道路3.2公里。", "绩效目标"),
])
def test_element_absent_is_never_reported_present(tmp_path: Path, text: str, element: str) -> None:
    path = _text_doc(tmp_path, "关于某项目实施的公告\n" + text)
    assert _status(check_content(path, item="扶贫项目/项目实施"))[element] == MISSING


def test_unit_and_person_may_be_apart(tmp_path: Path) -> None:
    path = _text_doc(tmp_path, "项目实施公告\n实施单位：石窝镇人民政府\n……\n项目负责人：何勇")
    result = {e.atom: e for e in check_content(path, item="项目实施").elements}
    e = result["实施单位及责任人"]
    assert e.status == PRESENT
    assert [h.where for h in e.hits] == ["第2行", "第4行"]


def test_bare_label_counts_as_empty(tmp_path: Path) -> None:
    path = _text_doc(tmp_path, "项目实施公告\n实施单位：石窝镇人民政府\n责任人：\n带贫减贫机制：")
    status = _status(check_content(path, item="项目实施"))
    assert status["实施单位及责任人"] == EMPTY
    assert status["带贫减贫机制"] == EMPTY
    assert status["受益对象"] == MISSING


def test_bare_label_cell_in_docx_counts_as_empty(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("关于某产业路项目实施的公告")
    table = doc.add_table(rows=3, cols=2)
    for r, (label, value) in enumerate([("实施单位", "石窝镇人民政府"), ("责任人", ""),
                                        ("受益对象", "沿线农户")]):
        table.cell(r, 0).text = label
        table.cell(r, 1).text = value
    # a header-row table: label on top, values below (all blank here)
    grid = doc.add_table(rows=2, cols=2)
    grid.cell(0, 0).text = "带贫减贫机制"
    grid.cell(0, 1).text = "绩效目标"
    grid.cell(1, 1).text = "硬化道路3.2公里"
    path = tmp_path / "空白.docx"
    doc.save(str(path))
    status = _status(check_content(path, item="项目实施"))
    assert status["实施单位及责任人"] == EMPTY
    assert status["受益对象"] == PRESENT
    assert status["带贫减贫机制"] == EMPTY
    assert status["绩效目标"] == PRESENT


def test_empty_part_names_only_the_empty_label_第5_1条(tmp_path: Path) -> None:
    """实施单位 filled, 责任人 empty: the element is 只有标签 at the 责任人 cell alone."""
    doc = Document()
    doc.add_paragraph("关于某产业路项目实施的公告")
    table = doc.add_table(rows=2, cols=2)
    for r, (label, value) in enumerate([("实施单位", "白沙镇人民政府"), ("责任人", "")]):
        table.cell(r, 0).text = label
        table.cell(r, 1).text = value
    path = tmp_path / "公告.docx"
    doc.save(str(path))
    result = check_content(path, item="项目实施")
    e = next(x for x in result.elements if x.atom == "实施单位及责任人")
    assert e.status == EMPTY
    assert [h.where for h in e.hits] == ["表1第2行第1列"]
    line = next(t for t in result.lines() if "实施单位及责任人" in t)
    assert "表1第2行第1列“责任人” 只有标签，未填内容" in line and "第1行" not in line


# ------------------------------------------------------------------ docx and pdf


def _docx_from_text(path: Path, source: Path) -> None:
    """The complete 项目实施 notice laid out as offices do: a header, a key/value table."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "石窝镇人民政府"
    doc.sections[0].footer.paragraphs[0].text = "联系人：何勇 13981234567"
    lines = [ln.strip() for ln in source.read_text(encoding="utf-8").splitlines() if ln.strip()]
    doc.add_paragraph(lines[0])
    doc.add_paragraph(lines[1])
    pairs = [ln.split("、", 1)[1].split("：", 1) for ln in lines[2:10]]
    table = doc.add_table(rows=len(pairs), cols=2)
    for r, (label, value) in enumerate(pairs):
        table.cell(r, 0).text = label
        table.cell(r, 1).text = value
    for ln in lines[10:]:
        doc.add_paragraph(ln)
    doc.save(str(path))


def test_docx_tables_headers_and_footers(tmp_path: Path) -> None:
    path = tmp_path / "项目实施公告.docx"
    _docx_from_text(path, CORPUS / "01_项目实施公告_完整.txt")
    report = check_content(path)
    assert report.item == "扶贫项目/项目实施"
    assert [e.atom for e in report.elements if e.present] == PROJECT_ELEMENTS
    hits = {e.atom: [h.where for h in e.hits] for e in report.elements}
    assert hits["项目名称"] == ["表1第1行第1列"]
    assert hits["实施单位及责任人"] == ["表1第6行第1列", "表1第6行第2列"]
    assert [(h.kind, h.where) for h in report.personal] == [("手机号码", "页脚")]
    assert report.exit_code() == 0  # a mobile number is a warning, not an error


def test_pdf_via_pdftotext(tmp_path: Path, require_pdf_tools: None) -> None:
    docx_path = tmp_path / "项目实施公告.docx"
    _docx_from_text(docx_path, CORPUS / "01_项目实施公告_完整.txt")
    # a private LibreOffice profile: other soffice processes on the machine do not interfere
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   check=True, capture_output=True, timeout=180)
    report = check_content(tmp_path / "项目实施公告.pdf")
    assert report.item == "扶贫项目/项目实施"
    assert [e.atom for e in report.elements if e.present] == PROJECT_ELEMENTS
    assert all(h.where.startswith("第1页") for e in report.elements for h in e.hits)


def test_pdf_without_pdftotext_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(content.shutil, "which", lambda name: None)
    with pytest.raises(FupinError, match="pdftotext"):
        read_document(path)


# ------------------------------------------------------------------ personal data


def test_personal_data_scan() -> None:
    hits = scan_personal_text("身份证 11010519491231002X，卡号 6217 0038 1001 2345 677，"
                              "电话 13981234567，另 513022196503123213")
    assert [(h.kind, h.severity, h.masked) for h in hits] == [
        ("身份证号码", "error", "110105********002X"),
        ("疑似身份证号码（校验位不符）", "warning", "513022********3213"),
        ("银行卡号", "error", "6217***********5677"),
        ("手机号码", "warning", "139****4567"),
    ]
    assert scan_personal_text("513022********3212  共计 2026 年 8650 万元 0818-8621234") == []


# ------------------------------------------------------------------ CLI


def test_cli_item_bare_and_full_agree(tmp_path: Path) -> None:
    runner = CliRunner()
    path = str(CORPUS / "02_项目实施公示_缺责任人和带贫机制.txt")
    bare = runner.invoke(cli, ["check-content", path, "--item", "项目实施", "--json"])
    full = runner.invoke(cli, ["check-content", path, "--item", "扶贫项目/项目实施", "--json"])
    assert bare.exit_code == full.exit_code == 1
    a, b = json.loads(bare.output), json.loads(full.output)
    assert a["missing"] == b["missing"] == ["实施单位及责任人", "带贫减贫机制"]
    assert a["item_guessed"] is False


def test_cli_text_output_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["check-content", str(CORPUS / "01_项目实施公告_完整.txt")])
    assert ok.exit_code == 0, ok.output
    assert "自动判断：标题「关于石窝镇龙潭村产业路硬化项目实施的公告」含“项目实施”" in ok.output
    assert "✓ 实施单位及责任人：第10行“实施单位”；第10行“责任人”" in ok.output
    bad = runner.invoke(cli, ["check-content", str(CORPUS / "07_贫困户名单公示_含身份证号.txt")])
    assert bad.exit_code == 1
    assert "[错误] 身份证号码 513022********3212：第5行" in bad.output
    assert "513022196503123212" not in bad.output  # the report itself never repeats a number


@pytest.mark.parametrize(("name", "data", "message"), [
    ("无.txt", None, "找不到文件"),
    ("乱码.txt", bytes(range(128, 256)) * 4, "GB18030"),
    ("旧格式.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ("坏.docx", b"PK not really", "不是有效的 .docx"),
])
def test_cli_file_errors_exit_2(tmp_path: Path, name: str, data: bytes | None, message: str) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = CliRunner().invoke(cli, ["check-content", str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_unknown_item_exit_2() -> None:
    result = CliRunner().invoke(cli, ["check-content", str(CORPUS / "01_项目实施公告_完整.txt"),
                                      "--item", "不存在的事项"])
    assert result.exit_code == 2
    assert "标准目录中没有公开事项「不存在的事项」" in result.output


def test_cli_part_option() -> None:
    path = str(CORPUS / "01_项目实施公告_完整.txt")
    result = CliRunner().invoke(cli, ["check-content", path, "--part", "全部", "--json"])
    data = json.loads(result.output)
    assert data["missing"] == ["资金使用", "项目实施结果", "检查验收结果", "绩效目标实现情况"]
    assert result.exit_code == 1


# ------------------------------------------------------------------ the toolkit's own slips

SLIP_FORM = ["政务公开信息处理单", "编号", "信息标题", "责任股室", "拟稿人", "拟稿日期",
             "信息形成（变更）日期", "公开事项", "文件类别", "公开属性", "内容摘要", "信息核对",
             "公开渠道", "公开方式", "公开时限", "拟公开日期", "股室负责人意见", "分管领导审签",
             "主要领导审签", "实际公开日期", "发布人", "备注"]
ALWAYS_FILLED = ["编号", "信息标题", "责任股室", "拟稿人", "公开事项", "文件类别", "公开属性",
                 "信息核对"]


@pytest.fixture(scope="module")
def rendered_slips(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("slips")
    result = CliRunner().invoke(cli, ["slips", str(SAMPLES / "处理单.xlsx"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def _summary_cell(path: Path) -> str:
    doc = Document(str(path))
    for t, table in enumerate(doc.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            if row.cells[0].text == "内容摘要":
                return f"表{t}第{r}行第2列"
    raise AssertionError("no 内容摘要 row")


def test_each_rendered_slip_has_its_own_form(rendered_slips: Path) -> None:
    slips = sorted(rendered_slips.glob("*.docx"))
    assert len(slips) == 8
    for path in slips:
        status = {r.atom: r.status for r in find_atoms(read_document(path), SLIP_FORM)}
        assert MISSING not in status.values(), (path.name, status)
        assert all(status[f] == PRESENT for f in ALWAYS_FILLED), (path.name, status)
        # 5号 is 不予公开 with no summary: the form shows the label with nothing in it
        expected_summary = EMPTY if "5号" in path.name else PRESENT
        assert status["内容摘要"] == expected_summary, path.name


def test_project_slip_summary_covers_the_seven_elements(rendered_slips: Path) -> None:
    [path] = rendered_slips.glob("万扶公〔2026〕7号_*.docx")
    report = check_content(path, item="扶贫项目/项目实施")
    assert report.part == "实施前"
    assert [e.atom for e in report.elements if e.present] == PROJECT_ELEMENTS
    summary = _summary_cell(path)
    assert all(h.where == summary for e in report.elements for h in e.hits)
    assert report.exit_code() == 0


# ------------------------------------------------------------------ templates list / export


def test_templates_list() -> None:
    result = CliRunner().invoke(cli, ["templates", "list"])
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert ["slip.docx", "slip（政务公开信息处理单）"] in [r[:2] for r in rows]
    builtin = {p.name for p in (ROOT / "templates").iterdir() if p.suffix in (".docx", ".xlsx")}
    assert {r[0] for r in rows} == builtin


def test_templates_export_refuses_to_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    dest = tmp_path / "本单位模板"
    first = runner.invoke(cli, ["templates", "export", str(dest)])
    assert first.exit_code == 0, first.output
    exported = dest / "slip.docx"
    assert exported.read_bytes() == (ROOT / "templates" / "slip.docx").read_bytes()
    exported.write_bytes(b"edited by the office")
    again = runner.invoke(cli, ["templates", "export", str(dest)])
    assert again.exit_code == 2
    assert "--force" in again.output
    assert exported.read_bytes() == b"edited by the office"
    forced = runner.invoke(cli, ["templates", "export", str(dest), "--force"])
    assert forced.exit_code == 0
    assert exported.read_bytes() == (ROOT / "templates" / "slip.docx").read_bytes()


# ------------------------------------------------------------------ an office's edited template


def _edit_slip_template(source: Path, target: Path) -> None:
    """What a clerk does in Word: an office header line, two rows moved up."""
    doc = Document(str(source))
    first = doc.paragraphs[0]
    header = first.insert_paragraph_before("万源市扶贫移民工作局")
    header.runs[0].bold = True
    table = doc.tables[0]
    rows = {row.cells[0].text: row for row in table.rows}
    anchor = rows["内容摘要"]._tr
    for label in ("公开渠道", "公开方式"):  # move these two rows above 内容摘要
        anchor.addprevious(rows[label]._tr)
    doc.save(str(target))


def test_office_edited_slip_template_renders(tmp_path: Path) -> None:
    tdir = tmp_path / "本单位模板"
    assert CliRunner().invoke(cli, ["templates", "export", str(tdir)]).exit_code == 0
    _edit_slip_template(tdir / "slip.docx", tdir / "slip.docx")
    vetted = CliRunner().invoke(cli, ["templates", "check", str(tdir / "slip.docx"),
                                      "--kind", "slip"])
    assert vetted.exit_code == 0, vetted.output
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["slips", str(SAMPLES / "处理单.xlsx"), "-o", str(out),
                                      "--template-dir", str(tdir), "-q"])
    assert result.exit_code == 0, result.output
    [path] = out.glob("万扶公〔2026〕7号_*.docx")
    doc = Document(str(path))
    assert [p.text for p in doc.paragraphs[:3]] == [
        "万源市扶贫移民工作局", "政务公开信息处理单", "编号：万扶公〔2026〕7号"]
    labels = [row.cells[0].text for row in doc.tables[0].rows]
    assert labels[5:10] == ["文件类别", "公开属性", "公开渠道", "公开方式", "内容摘要"]
    values = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert values["公开渠道"] == "政府网站、社区/企事业单位/村公示栏（电子屏）"
    assert values["公开方式"] == "全文发布"
    assert "{{" not in "".join(values.values())
    # the office header does not fool the title, and the content check still passes
    parsed: TextDocument = read_document(path)
    assert parsed.title == "政务公开信息处理单"
    report = check_content(path, item="项目实施")
    assert [e.atom for e in report.elements if e.present] == PROJECT_ELEMENTS
    assert all(h.where == _summary_cell(path) for e in report.elements for h in e.hits)


def test_builtin_templates_untouched_by_export(tmp_path: Path) -> None:
    before = (ROOT / "templates" / "slip.docx").read_bytes()
    CliRunner().invoke(cli, ["templates", "export", str(tmp_path / "x")])
    _edit_slip_template(tmp_path / "x" / "slip.docx", tmp_path / "x" / "slip.docx")
    assert (ROOT / "templates" / "slip.docx").read_bytes() == before
