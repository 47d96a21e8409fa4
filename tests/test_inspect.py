"""fupin-docs inspect (§8.2): findings from the records, the pre-filled 督查 workbook, the reports.

Records are built here: a clean set (every rule kept, every catalogue item published, slips and
ledger agreeing) that must yield zero findings, and a dirty set where every finding kind occurs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.kinds.blank import init_slips
from fupin_docs.kinds.inspection.analyse import load_catalogues
from fupin_docs.kinds.inspection.model import KINDS, parse_period
from fupin_docs.kinds.inspection.records import recognise
from fupin_docs.kinds.letter import KIND as LETTER
from fupin_docs.pipeline import RunOptions, run_grouped_documents
from fupin_docs.pipeline.inspect import InspectOptions, run_inspect
from fupin_docs.pipeline.ledger import run_ledger
from fupin_docs.standard.catalogues.model import Catalogue, builtin_catalogue
from fupin_docs.types import FupinError
from tests.helpers import docx_text, fill_workbook, good_slip

DATE = dt.date(2026, 11, 20)
YIMEI = builtin_catalogue("yimei")
WANYUAN = builtin_catalogue("wanyuan")


def slips_book(path: Path, rows: list[dict[str, Any]]) -> Path:
    init_slips(path)
    fill_workbook(path, rows)
    return path


def clean_rows(office: str = "规划财务股", start: int = 1) -> list[dict[str, Any]]:
    """One on-time, properly signed slip for every item of the 伊美 catalogue."""
    return [good_slip(start + n, office=office, item=item.label, title=f"{office}{item.level2}公开")
            for n, item in enumerate(YIMEI.items)]


def office_ledger(path: Path, rows: list[dict[str, Any]]) -> Path:
    """An office's own 附录D ledger: its own headers, recognised by meaning."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "2026年台账"
    ws.append(["万源市扶贫移民工作局政务公开信息发布台账"])
    ws.append(["序号", "文号", "信息名称", "内容描述", "公开主体", "所属事项", "生成时间",
               "签发时间", "发布时间", "发布平台", "经办人", "备注"])
    for n, r in enumerate(rows, start=1):
        ws.append([n, r.get("number"), r.get("title"), r.get("summary"), r.get("office"),
                   r.get("item"), r.get("formed_date"), r.get("deputy_date"),
                   r.get("published_date"), r.get("channels"), "张丽", None])
    wb.save(path)
    return path


def run(records: list[Path], out: Path, **kw: Any) -> Any:
    return run_inspect(records, out, InspectOptions(date=DATE, **kw))


# ------------------------------------------------------------------ clean records


def test_clean_records_yield_no_finding(tmp_path: Path) -> None:
    slips = slips_book(tmp_path / "处理单.xlsx", clean_rows())
    run_ledger(slips, tmp_path / "台账" / "发布台账.xlsx", RunOptions(), year=2026)
    report = run([slips, tmp_path / "台账" / "发布台账.xlsx"], tmp_path / "out",
                 catalogues=("yimei",))
    assert report.extra["findings"] == []
    (unit,) = report.extra["units"]
    assert unit["on_time_rate"] == 1.0 and unit["procedure_rate"] == 1.0
    assert unit["coverage_rate"] == 1.0 and unit["covered"] == len(YIMEI.items)
    assert report.exit_code() == 0
    assert not (tmp_path / "out" / "督查.xlsx").exists()  # nothing to send a letter about
    assert (tmp_path / "out" / "检查报告.docx").is_file()


def test_clean_office_ledger_recognised_by_meaning_yields_no_finding(tmp_path: Path) -> None:
    rows = clean_rows()
    slips = slips_book(tmp_path / "处理单.xlsx", rows)
    ledger = office_ledger(tmp_path / "本局台账.xlsx", rows)
    found = recognise(ledger)
    assert found.kind == "ledger" and "按表头含义识别" in found.how
    report = run([slips, ledger], tmp_path / "out", catalogues=("yimei",))
    assert report.extra["findings"] == []


def test_ledger_signature_line_is_not_a_row_第5_5条(tmp_path: Path) -> None:
    """The 填表人/审核人/填报日期 line under our 台账 and an office's 制表人/审核人 footer are
    not ledger rows: not counted, no 无公开日期 note (as ledger --against reads them)."""
    rows = clean_rows()[:4]
    slips = slips_book(tmp_path / "处理单.xlsx", rows)
    ours = tmp_path / "台账" / "发布台账.xlsx"
    run_ledger(slips, ours, RunOptions(), year=2026)
    assert any(str(c.value or "").startswith("填表人")
               for row in openpyxl.load_workbook(ours)["发布台账"].iter_rows() for c in row)
    office = office_ledger(tmp_path / "本局台账.xlsx", rows)
    wb = openpyxl.load_workbook(office)
    wb.active.append([])  # type: ignore[union-attr]
    wb.active.append(["制表人：赵敏", None, None, "审核人：王建国"])  # type: ignore[union-attr]
    wb.save(office)
    for ledger in (ours, office):
        report = run([slips, ledger], tmp_path / "out" / ledger.stem, catalogues=("yimei",))
        assert report.extra["counts"]["ledger_rows"] == 4, ledger
        assert not [i for i in report.issues if i.code == "inspect.ledger.no_date"], ledger
        assert report.rejected == 0 and report.rendered == 8
        assert not any(f["code"] == "inspect.ledger.no_slip" for f in report.extra["findings"])
        assert "发布台账 4 行" in report.summary_lines()[0]


# ------------------------------------------------------------------ dirty records


def dirty(tmp_path: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    a = "规划财务股"
    rows = clean_rows(a)
    bad = [
        good_slip(101, office=a, check_truth="未核对", title="核对未做"),
        good_slip(102, office=a, check_secret="涉密", title="涉密却公开"),
        good_slip(103, office=a, deputy_name=None, deputy_opinion=None, deputy_date=None,
                  title="无人审签"),
        good_slip(104, office=a, category="重大决策", title="重大决策只有分管领导"),
        good_slip(105, office=a, deputy_date=dt.date(2026, 3, 6), title="先公开后审签"),
        good_slip(106, office=a, disclosure="删减后公开", title="删减无理由"),
        good_slip(107, office=a, published_date=dt.date(2026, 3, 10), title="审签后拖延"),
        good_slip(108, office=a, title="联系人13812345678"),
        good_slip(109, office=a, title="漏登台账"),
        good_slip(110, office=a, disclosure="不予公开", reason="涉及内部管理信息",
                  published_date=None, title="不予公开却登台账"),
        good_slip(111, office=a, published_date=None, title="未公开却登台账"),
        good_slip(112, office=a, check_secret="是", title="涉密审查填是"),  # slips refuses it
    ]
    b = "办公室"  # the 万源 catalogue: 3 working days, and two items updated yearly
    wy = [good_slip(201, office=b, item="机构信息/领导分工", title="领导分工调整",
                    deputy_date=dt.date(2026, 3, 9), published_date=dt.date(2026, 3, 10))]
    slips = slips_book(tmp_path / "处理单.xlsx", rows + bad + wy)
    in_ledger = [{**r, "published_date": r["published_date"] or dt.date(2026, 3, 5)}
                 for r in rows + bad + wy if r["title"] not in ("漏登台账", "涉密审查填是")]
    extra = good_slip(301, office=a, title="台账里有、处理单里没有")
    again = {**rows[0], "number": f" {rows[0]['number']}", "title": "同一条再登一次"}
    ledger = office_ledger(tmp_path / "本局台账.xlsx", [*in_ledger, extra, again])
    folder = tmp_path / "公告"
    folder.mkdir()
    (folder / "万扶公〔2026〕12号.txt").write_text(
        "规划财务股项目实施公告\n项目名称：村道硬化\n联系人身份证：11010519491231002X\n",
        encoding="utf-8")
    return [slips, ledger, folder], rows + bad + wy


def test_every_finding_kind_occurs(tmp_path: Path) -> None:
    records, _ = dirty(tmp_path)
    report = run(records, tmp_path / "out")
    codes = Counter(f["code"] for f in report.extra["findings"])
    assert set(codes) == set(KINDS), set(KINDS) - set(codes)
    by = {f["title"]: f for f in report.extra["findings"] if f["title"]}
    assert by["核对未做"]["code"] == "inspect.checks"
    assert by["核对未做"]["clause"] == "第5.1条"
    assert by["涉密却公开"]["code"] == "inspect.secret"
    assert by["无人审签"]["code"] == "inspect.signoff.deputy"
    assert by["重大决策只有分管领导"]["code"] == "inspect.signoff.head"
    assert by["重大决策只有分管领导"]["clause"] == "第5.3条"
    assert by["先公开后审签"]["code"] == "inspect.signoff.after"
    assert by["删减无理由"]["code"] == "inspect.reason"
    assert by["审签后拖延"]["code"] == "inspect.deadline.signoff"
    assert by["审签后拖延"]["clause"] == "第5.4条"
    assert by["领导分工调整"]["code"] == "inspect.deadline.formation"
    assert by["领导分工调整"]["clause"] == "第6.1条"
    assert by["漏登台账"]["code"] == "inspect.ledger.missing"
    assert by["台账里有、处理单里没有"]["code"] == "inspect.ledger.no_slip"
    assert by["台账里有、处理单里没有"]["evidence"]["column"] == "文号"  # the office's own header
    # §5.5 says what ledger --against says of a row whose slip exists but was not published
    assert by["不予公开却登台账"]["code"] == "inspect.ledger.withheld"
    assert "为不予公开，不应登记在发布台账" in by["不予公开却登台账"]["problem"]
    assert by["未公开却登台账"]["code"] == "inspect.ledger.unpublished"
    assert "没有实际公开日期" in by["未公开却登台账"]["problem"]
    assert by["同一条再登一次"]["code"] == "inspect.ledger.duplicate"
    assert not any(f["code"] == "inspect.ledger.no_slip" and f["title"] in (
        "不予公开却登台账", "未公开却登台账", "同一条再登一次") for f in report.extra["findings"])
    # a slip row with a value slips refuses: a finding naming the cell, and the ledger gap
    # it causes says why
    invalid = [f for f in report.extra["findings"] if f["title"] == "涉密审查填是"]
    assert {f["code"] for f in invalid} == {"inspect.slip.invalid", "inspect.ledger.missing"}
    (bad_value,) = (f for f in invalid if f["code"] == "inspect.slip.invalid")
    assert bad_value["evidence"]["column"] == "涉密性审查" and bad_value["evidence"]["value"] == "是"
    assert bad_value["clause"] == "第5.1条"
    (gap,) = (f for f in invalid if f["code"] == "inspect.ledger.missing")
    assert "「涉密性审查」填写有误" in gap["problem"]
    assert "13812345678" not in json.dumps(report.extra["findings"], ensure_ascii=False)
    annual = [f for f in report.extra["findings"] if f["code"] == "inspect.annual"]
    assert {f["item"] for f in annual} == {"工作信息/精准帮扶—计划与规划", "工作信息/日常工作—财务管理"}
    assert {f["unit"] for f in annual} == {"办公室"}
    content = next(f for f in report.extra["findings"] if f["code"] == "inspect.content")
    assert content["number"] == "万扶公〔2026〕12号" and "资金来源" in content["problem"]


def test_finding_names_unit_record_evidence_and_deadline(tmp_path: Path) -> None:
    records, _ = dirty(tmp_path)
    report = run(records, tmp_path / "out")
    f = next(f for f in report.extra["findings"] if f["code"] == "inspect.signoff.deputy")
    assert f["unit"] == "规划财务股" and f["number"] == "万扶公〔2026〕103号"
    ev = f["evidence"]
    assert ev["file"] == "处理单.xlsx" and ev["sheet"] == "处理单" and ev["row"] >= 2
    assert ev["cell"] and ev["column"] == "分管领导"
    assert f["deadline"] == "5个工作日"
    assert f["due_date"] == "2026-11-27"  # 2026-11-20 (Fri) + 5 working days
    assert "证据：处理单.xlsx「处理单」" in f["description"]
    assert f["opinion"]


def test_scores_count_against_the_unit(tmp_path: Path) -> None:
    records, _ = dirty(tmp_path)
    report = run(records, tmp_path / "out")
    unit = next(u for u in report.extra["units"] if u["unit"] == "规划财务股")
    assert unit["procedure_rate"] < 1.0 and unit["on_time_rate"] < 1.0
    assert unit["coverage_rate"] == 1.0  # the clean rows publish every 伊美 item
    office = next(u for u in report.extra["units"] if u["unit"] == "办公室")
    assert office["covered"] == 1 and office["applicable"] == len(WANYUAN.items)


# ------------------------------------------------------------------ letters on the workbook


def test_letters_on_unedited_workbook_match_findings_one_to_one(tmp_path: Path) -> None:
    records, _ = dirty(tmp_path)
    report = run(records, tmp_path / "out", members=("王建国", "李明"))
    book = tmp_path / "out" / "督查.xlsx"
    letters = run_grouped_documents(LETTER, book, tmp_path / "letters", RunOptions(today=DATE))
    assert letters.valid, [i.text() for i in letters.errors]
    assert letters.extra["sheets"]["问题"]["rendered"] == len(report.extra["findings"])
    units = {u["unit"]: u for u in report.extra["units"] if u["findings"]}
    assert letters.extra["documents"] == len(units)
    for f in report.extra["findings"]:
        doc = next(tmp_path.joinpath("letters").glob(f"*_{f['unit']}_整改意见书.docx"))
        text = "\n".join(docx_text(doc))
        assert f["description"] in text
    problems = [line for doc in tmp_path.joinpath("letters").glob("*.docx")
                for line in docx_text(doc) if line.startswith("（") and "证据：" in line]
    assert len(problems) == len(report.extra["findings"])


def test_edited_workbook_is_never_overwritten(tmp_path: Path) -> None:
    records, _ = dirty(tmp_path)
    out = tmp_path / "out"
    run(records, out)
    run(records, out)  # unedited: written again under the same name
    assert sorted(p.name for p in out.glob("督查*.xlsx")) == ["督查.xlsx"]
    wb = openpyxl.load_workbook(out / "督查.xlsx")
    wb["问题"]["C2"] = "督查小组改写的问题描述"
    wb.save(out / "督查.xlsx")
    report = run(records, out)
    assert (out / "督查（2）.xlsx").is_file()
    assert openpyxl.load_workbook(out / "督查.xlsx")["问题"]["C2"].value == "督查小组改写的问题描述"
    assert any("未覆盖" in i.message for i in report.issues)


def test_printed_report_says_in_words_what_the_terminal_gives_as_an_option(tmp_path: Path) -> None:
    """检查报告.docx (三、说明) and 检查报告.xlsx carry no command-line option; the terminal
    and report.json keep the hint (--unit)."""
    rows = clean_rows()[:3]
    rows[1]["office"] = None  # inspect.no_unit
    late = good_slip(9, formed_date=dt.date(2026, 12, 29), draft_date=dt.date(2026, 12, 29),
                     deputy_date=dt.date(2026, 12, 30), published_date=dt.date(2026, 12, 31),
                     item="扶贫项目/项目实施")  # its deadline runs into 2027: 时限未核对
    slips = slips_book(tmp_path / "处理单.xlsx", [*rows, late])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["inspect", str(slips), "-o", str(out), "--date",
                                      "2026-11-20", "--catalogue", "yimei"])
    assert "--unit 文件名=单位" in result.output, result.output
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert any("--unit" in i["message"] for i in data["issues"])
    printed = docx_text(out / "检查报告.docx")
    notes = printed[printed.index("三、说明"):]
    assert any("没有责任股室" in p and "补填责任股室" in p for p in notes), notes
    assert any("时限未核对" in p for p in notes), notes
    guide = [str(c.value) for row in openpyxl.load_workbook(out / "检查报告.xlsx")["说明"]
             .iter_rows() for c in row if c.value]
    for text in [*notes, *guide]:
        assert not re.search(r"--[a-z]|fupin-docs", text), text


# ------------------------------------------------------------------ unknown years, bad input


def test_deadline_in_unknown_year_is_one_note_per_record(tmp_path: Path) -> None:
    late = good_slip(1, formed_date=dt.date(2026, 12, 29), draft_date=dt.date(2026, 12, 29),
                     deputy_date=dt.date(2026, 12, 30), published_date=dt.date(2026, 12, 31),
                     item="扶贫项目/项目实施")
    slips = slips_book(tmp_path / "处理单.xlsx", [late])
    report = run([slips], tmp_path / "out", catalogues=("yimei",))
    notes = [i for i in report.issues if i.code == "inspect.deadline.unchecked" and i.row]
    assert len(notes) == 1 and "时限未核对" in notes[0].message
    assert not any(f["code"].startswith("inspect.deadline") for f in report.extra["findings"])


def test_unrecognised_record_names_the_file(tmp_path: Path, samples: Path) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(samples / "督查.xlsx"), "-o",
                                      str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "督查.xlsx 无法识别是哪种记录" in result.output
    assert not (tmp_path / "out").exists()


def test_period_without_records_is_refused(tmp_path: Path) -> None:
    slips = slips_book(tmp_path / "处理单.xlsx", clean_rows())
    with pytest.raises(FupinError, match=re.escape("检查期间 2025年 内没有记录：处理单.xlsx")):
        run([slips], tmp_path / "out", period="2025")
    assert not (tmp_path / "out").exists()


def test_unit_no_catalogue_covers_is_refused(tmp_path: Path) -> None:
    rows = [good_slip(1, office="办公室", item="机构信息/领导分工")]
    slips = slips_book(tmp_path / "处理单.xlsx", rows)
    with pytest.raises(FupinError, match=re.escape("单位「办公室」（处理单.xlsx）的记录没有一条属于所给标准目录")):
        run([slips], tmp_path / "out", catalogues=("yimei",))
    assert not (tmp_path / "out").exists()


def test_unit_no_catalogue_covers_is_left_out_and_said(tmp_path: Path) -> None:
    """One unit whose records name no item of the given catalogues does not stop the
    inspection of the others: an error names the unit and its file; counts add up."""
    rows = [good_slip(1, office="办公室", item="机构信息/领导分工"), *clean_rows()]
    slips = slips_book(tmp_path / "处理单.xlsx", rows)
    report = run([slips], tmp_path / "out", catalogues=("yimei",))
    said = [i for i in report.issues if i.code == "inspect.unit.no_catalogue"]
    assert len(said) == 1 and said[0].severity == "error"
    assert said[0].message.startswith("单位「办公室」（处理单.xlsx）的记录没有一条属于所给标准目录")
    assert [u["unit"] for u in report.extra["units"]] == ["规划财务股"]
    assert all(f["unit"] == "规划财务股" for f in report.extra["findings"])
    assert report.extra["counts"]["no_catalogue"] == 1
    assert report.rendered + report.rejected == report.rows_read == len(rows)
    assert any("[错误] 单位「办公室」" in line for line in report.summary_lines())
    assert report.exit_code() == 1


def test_catalogue_loader_can_be_swapped(tmp_path: Path) -> None:
    """An importer (issue: import --catalogue) plugs in as the loader; a catalogue whose unit
    is the inspected unit is the one it is checked against."""
    small = Catalogue(id="own", title="标准目录", unit="规划财务股", source="", level_columns=(),
                      channels=(), audiences=(), modes=(), items=YIMEI.items[5:6])
    slips = slips_book(tmp_path / "处理单.xlsx", [good_slip(1)])
    report = run_inspect([slips], tmp_path / "out", InspectOptions(
        date=DATE, catalogues=("本局目录.xlsx",), loader=lambda spec: [small]))
    assert report.extra["findings"] == []
    assert report.extra["units"][0]["coverage_rate"] == 1.0
    assert [c.id for c in load_catalogues(())] == ["yimei", "wanyuan"]


def test_period_parsing() -> None:
    assert parse_period(None, DATE).text() == "2026年"
    half = parse_period("2026-01-01..2026-06-30", DATE)
    assert (half.start, half.end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    with pytest.raises(FupinError, match="无法识别"):
        parse_period("上半年", DATE)


def test_cli_writes_workbook_reports_and_exit_code(tmp_path: Path) -> None:
    records, _ = dirty(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["inspect", *map(str, records), "-o", str(out),
                                      "--date", "2026-11-20", "--members", "王建国、李明"])
    assert result.exit_code == 1, result.output  # problems found
    assert "发现问题" in result.output
    for name in ("督查.xlsx", "检查报告.docx", "检查报告.xlsx", "report.json"):
        assert (out / name).is_file()
    wb = openpyxl.load_workbook(out / "检查报告.xlsx")
    assert wb["问题清单"].auto_filter.ref
    assert wb["单位得分"]._charts
    checks = openpyxl.load_workbook(out / "督查.xlsx")["检查"]
    assert checks["D2"].value == "王建国、李明"


def test_header_rows_read_from_xml_equal_openpyxl(tmp_path: Path, samples: Path) -> None:
    """recognise() reads only the first rows (and the strings they use) from the sheet XML."""
    from fupin_docs.inputs.meaning import _openpyxl_heads, _quick_heads

    ledger = office_ledger(tmp_path / "台账.xlsx", clean_rows()[:3])
    for path in (samples / "处理单.xlsx", samples / "督查.xlsx", ledger):
        quick, slow = _quick_heads(path), _openpyxl_heads(path)
        assert [h.name for h in quick] == [h.name for h in slow]
        for q, s in zip(quick, slow, strict=True):
            for qrow, srow in zip(q.rows, s.rows, strict=False):
                texts = [v for v in srow if isinstance(v, str)]
                assert [v for v in qrow if isinstance(v, str) and v in texts] == texts


def test_worker_processes_give_the_same_findings(tmp_path: Path) -> None:
    records, _ = dirty(tmp_path)
    one = run(records, tmp_path / "one")
    two = run(records, tmp_path / "two", jobs=2)
    assert two.extra["findings"] == one.extra["findings"]
    assert two.extra["units"] == one.extra["units"]


def test_ledger_naming_the_bureau_counts_for_the_slips_units(tmp_path: Path) -> None:
    """An office ledger whose 公开主体 is the bureau: its rows belong to their slips' 股室,
    no unit 万源市扶贫移民工作局 appears with nothing published."""
    rows = clean_rows()
    slips = slips_book(tmp_path / "处理单.xlsx", rows)
    ledger = office_ledger(tmp_path / "本局台账.xlsx",
                           [{**r, "office": "万源市扶贫移民工作局"} for r in rows])
    report = run([slips, ledger], tmp_path / "out", catalogues=("yimei",))
    assert [u["unit"] for u in report.extra["units"]] == ["规划财务股"]
    assert report.extra["findings"] == []


def test_imported_catalogue_file_is_used(tmp_path: Path) -> None:
    """--catalogue FILE: a county catalogue JSON (as import-catalogue writes it)."""
    from fupin_docs.resources import data_path

    data = json.loads(data_path("catalogues", "yimei.json").read_text(encoding="utf-8"))
    data.update(id="county", unit="规划财务股", items=data["items"][5:6])
    path = tmp_path / "本县目录.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    slips = slips_book(tmp_path / "处理单.xlsx", [good_slip(1)])
    report = run([slips], tmp_path / "out", catalogues=(str(path),))
    assert report.extra["findings"] == []
    assert report.extra["units"][0]["applicable"] == 1


def test_each_note_names_its_file_when_several_files_are_read(tmp_path: Path) -> None:
    """Two workbooks: every located note in the terminal, 检查报告.xlsx and .docx reads
    「文件 工作表!单元格 第N行」; one workbook: as before, without the file."""
    rows = clean_rows()[:3]
    rows[1]["office"] = None  # inspect.no_unit, at its cell
    slips = slips_book(tmp_path / "甲股处理单.xlsx", rows)
    other = slips_book(tmp_path / "乙股处理单.xlsx", clean_rows("乙股")[:2])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["inspect", str(slips), str(other), "-o", str(out),
                                      "--date", "2026-11-20"])
    notes = [line for line in result.output.splitlines() if "没有责任股室" in line]
    assert len(notes) == 1, result.output
    assert re.search(r"\[注意\] 甲股处理单\.xlsx 处理单![A-Z]+3 第3行 ", notes[0]), notes[0]
    guide = openpyxl.load_workbook(out / "检查报告.xlsx")["说明"]
    said = [str(c.value) for c in guide["B"] if c.value and "没有责任股室" in str(c.value)]
    assert said and said[0].startswith("甲股处理单.xlsx 处理单!"), said
    # the report numbers its notes: 「1.甲股处理单.xlsx 处理单!B3 第3行 …」
    assert any(re.match(r"\d+\.甲股处理单\.xlsx 处理单!", p) for p in docx_text(out / "检查报告.docx"))
    alone = CliRunner().invoke(cli, ["inspect", str(slips), "-o", str(tmp_path / "one"),
                                     "--date", "2026-11-20"])
    note = next(line for line in alone.output.splitlines() if "没有责任股室" in line)
    assert re.search(r"\[注意\] 处理单![A-Z]+3 第3行 ", note), note
