"""The publication ledger (发布台账, 第5.5条 附录D): built from the slips, §6.1/§6.2, --against."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.kinds.blank import SLIP_NOTES, write_input_workbook
from fupin_docs.kinds.ledger import number_key
from fupin_docs.outputs.folder import REPORT_JSON, REPORT_XLSX
from fupin_docs.outputs.report import Report
from fupin_docs.pipeline import RunOptions
from fupin_docs.pipeline.ledger import run_ledger
from fupin_docs.render.xlsx import text_lines
from fupin_docs.resources import load_schema
from fupin_docs.standard.catalogues.model import ItemIndex
from tests.helpers import soffice_pdf

D = dt.date
LEDGER_HEADERS = ["序号", "信息编号", "信息标题", "公开事项", "责任股室", "形成日期", "审签日期",
                  "公开日期", "公开渠道", "公开方式", "公开属性", "发布人", "是否按时", "适用时限",
                  "备注"]
ANNUAL = ("工作信息/精准帮扶—计划与规划", "工作信息/日常工作—财务管理")


def slip(n: int, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict(
        number=f"万扶公〔2026〕{n}号", title=f"测试信息{n}", office="办公室", drafter="赵敏",
        draft_date=D(2026, 3, 2), formed_date=D(2026, 3, 2), item="机构信息/领导分工",
        category="一般性文件", disclosure="主动公开", check_truth="已核对",
        check_complete="已核对", check_secret="不涉密", channels=["政府网站"], ways=["全文发布"],
        deputy_name="王建国", deputy_opinion="同意公开。", deputy_date=D(2026, 3, 3),
        published_date=D(2026, 3, 4), publisher="赵敏",
    )
    base.update(kw)
    return base


def clean_slips() -> list[dict[str, Any]]:
    """Five on-time slips, the two annual items (§6.2) among them, plus one 不予公开."""
    return [
        slip(1),
        slip(2, office="项目股", formed_date=D(2026, 4, 1), draft_date=D(2026, 4, 1),
             deputy_date=D(2026, 4, 2), published_date=D(2026, 4, 3)),
        slip(3, item=ANNUAL[0], office="规划财务股", formed_date=D(2026, 1, 5),
             draft_date=D(2026, 1, 5), deputy_date=D(2026, 1, 6), published_date=D(2026, 1, 7)),
        slip(4, item=ANNUAL[1], office="规划财务股", formed_date=D(2026, 5, 6),
             draft_date=D(2026, 5, 6), deputy_date=D(2026, 5, 7), published_date=D(2026, 5, 8)),
        slip(5, disclosure="不予公开", reason="内部过程性信息", published_date=None,
             channels=None, ways=None, publisher=None),
        slip(6, office="项目股", formed_date=D(2026, 6, 1), draft_date=D(2026, 6, 1),
             deputy_date=D(2026, 6, 2), published_date=D(2026, 6, 3)),
    ]


def write_slips(path: Path, rows: list[dict[str, Any]]) -> Path:
    write_input_workbook(path, [(load_schema("slip"), rows)],
                         {"catalogue-items": ItemIndex.default().labels()}, SLIP_NOTES)
    return path


def ledger_rows(path: Path, sheet: str = "发布台账") -> list[dict[str, Any]]:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    headers = [str(c.value).replace("\n", "") for c in ws[2]]  # headers wrap between words
    rows = []
    for r in ws.iter_rows(min_row=3, values_only=True):
        if all(v is None for v in r):  # the end of the table: the 填表人 line follows
            break
        if r[0] != "（无）":
            rows.append(dict(zip(headers, r, strict=False)))
    return rows


def run(slips: Path, out: Path, **kw: Any) -> Report:
    return run_ledger(slips, out, RunOptions(today=D(2026, 12, 1)), **kw)


# ------------------------------------------------------------------ the sample


def test_sample_ledger_counts_equal_published_slips(samples: Path, tmp_path: Path) -> None:
    src = samples / "处理单.xlsx"
    ws = openpyxl.load_workbook(src)["处理单"]
    headers = [str(c.value).rstrip("*") for c in ws[1]]
    slips = [dict(zip(headers, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)
             if any(v is not None for v in r)]
    published = [s for s in slips if s["实际公开日期"] and s["公开属性"] != "不予公开"]
    withheld = [s for s in slips if s["公开属性"] == "不予公开"]

    out = tmp_path / "台账.xlsx"
    report = run(src, out, year=2026)
    rows = ledger_rows(out)
    assert [r["信息编号"] for r in sorted(rows, key=lambda r: r["信息编号"])] == sorted(
        s["编号"] for s in published)
    assert len(rows) == len(published) == 6
    assert [r["序号"] for r in rows] == list(range(1, len(rows) + 1))
    assert len(ledger_rows(out, "不予公开登记")) == len(withheld) == 1
    stats = report.extra["ledger"]
    assert (stats["published"] + stats["withheld"] + stats["unpublished"] + stats["other_year"]
            + stats["rejected"]) == stats["rows_read"] == report.rows_read == len(slips)
    assert report.balanced() and report.exit_code() == 0
    # every late row names the rule applied and the deadline, in working days
    late = [r for r in rows if r["是否按时"] == "否"]
    assert [r["信息编号"] for r in late] == ["万扶公〔2026〕6号"]
    for r in late:
        assert "第6.1条" in r["适用时限"] and "截止2026年10月9日" in r["适用时限"]
        assert "超期2个工作日" in r["适用时限"]
    summary = openpyxl.load_workbook(out)["汇总"]
    cells = {c.value: summary.cell(row=c.row, column=2).value
             for row in summary.iter_rows(max_col=1) for c in row if isinstance(c.value, str)}
    assert cells["合计（= 读取的处理单行数）"] == len(slips)
    assert cells["列入发布台账"] == 6 and cells["按时公开"] == 5 and cells["超期公开"] == 1
    assert (tmp_path / REPORT_JSON).is_file() and (tmp_path / REPORT_XLSX).is_file()


def test_ledger_sheet_layout(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    run(samples / "处理单.xlsx", out, year=2026)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["发布台账", "不予公开登记", "汇总"]
    ws = wb["发布台账"]
    assert [c.value.replace("\n", "") for c in ws[2]] == LEDGER_HEADERS  # wrapped by words
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:O8"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$2:$2"
    assert ws.sheet_properties.pageSetUpPr.fitToPage  # fitToWidth defaults to 1
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    with zipfile.ZipFile(out) as zf:
        chart = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert chart, "the 汇总 sheet carries a native Excel chart"
        xml = zf.read(chart[0]).decode()
    assert "<c:barChart>" in xml and "汇总" in xml


def test_ledger_headers_are_the_ledger_schema_titles() -> None:
    titles = [p["title"] for p in load_schema("ledger")["properties"].values()]
    assert [t for t in titles if t != "内容描述"] == LEDGER_HEADERS


# ------------------------------------------------------------------ §6.1 across a holiday


def test_deadline_across_national_day_第6_1条(tmp_path: Path) -> None:
    # 2026-10-01..07 are holidays, Saturday 2026-10-10 is a 调休 working day:
    # formed 09-30 -> 3 working days are 10-08, 10-09, 10-10.
    slips = write_slips(tmp_path / "处理单.xlsx", [
        slip(1, formed_date=D(2026, 9, 30), draft_date=D(2026, 9, 30),
             deputy_date=D(2026, 10, 8), published_date=D(2026, 10, 9)),
        slip(2, formed_date=D(2026, 9, 30), draft_date=D(2026, 9, 30),
             deputy_date=D(2026, 10, 9), published_date=D(2026, 10, 12)),
    ])
    out = tmp_path / "out" / "台账.xlsx"
    report = run(slips, out, year=2026)
    on_time, late = ledger_rows(out)
    assert on_time["信息编号"] == "万扶公〔2026〕1号"
    assert on_time["是否按时"] == "是"
    assert "第6.1条：信息形成（变更）后3个工作日内，截止2026年10月10日" in on_time["适用时限"]
    assert "超期" not in on_time["适用时限"]
    assert late["是否按时"] == "否"
    assert late["适用时限"].split("\n") == [
        "第6.1条：信息形成（变更）后3个工作日内，截止2026年10月10日，超期1个工作日",
        "第5.4条：审签确认后1个工作日内，截止2026年10月10日，超期1个工作日",
    ]
    assert report.extra["ledger"]["late_rows"] == [{
        "number": "万扶公〔2026〕2号", "days_late": 1,
        "deadlines": ["第6.1条：信息形成（变更）后3个工作日内，截止2026年10月10日，超期1个工作日",
                      "第5.4条：审签确认后1个工作日内，截止2026年10月10日，超期1个工作日"],
    }]
    summary = openpyxl.load_workbook(out)["汇总"]
    overdue = [r for r in summary.iter_rows(values_only=True)
               if isinstance(r[0], str) and r[0].startswith("万扶公〔2026〕2号")]
    assert len(overdue) == 1 and overdue[0][4] == 1


def test_catalogue_deadline_applies_第6_1条(tmp_path: Path) -> None:
    # 扶贫项目/项目实施 (伊美 catalogue): 20 working days, not the general 3.
    slips = write_slips(tmp_path / "处理单.xlsx", [
        slip(1, item="扶贫项目/项目实施", formed_date=D(2026, 9, 30), draft_date=D(2026, 9, 30),
             deputy_date=D(2026, 10, 20), published_date=D(2026, 10, 21)),
    ])
    out = tmp_path / "台账.xlsx"
    run(slips, out)
    (row,) = ledger_rows(out)
    assert row["是否按时"] == "是"
    assert "「扶贫项目/项目实施」：信息形成（变更）20个工作日内" in row["适用时限"]
    assert "截止2026年11月3日" in row["适用时限"]


# ------------------------------------------------------------------ buckets add up


def test_rejected_slip_not_in_ledger_and_counts_add_up(tmp_path: Path) -> None:
    rows = [*clean_slips(),
            slip(7, category="重大决策"),  # §5.3: no 主要领导 -> error, rejected
            slip(8, published_date=None, publisher=None),  # not yet published
            slip(9, draft_date=D(2025, 12, 1), formed_date=D(2025, 12, 1),
                 deputy_date=D(2025, 12, 2), published_date=D(2025, 12, 3))]
    slips = write_slips(tmp_path / "处理单.xlsx", rows)
    out = tmp_path / "台账.xlsx"
    report = run(slips, out, year=2026)
    stats = report.extra["ledger"]
    assert (stats["published"], stats["withheld"], stats["unpublished"], stats["other_year"],
            stats["rejected"]) == (5, 1, 1, 1, 1)
    assert stats["rows_read"] == len(rows) == report.rows_read
    assert "万扶公〔2026〕7号" not in {r["信息编号"] for r in ledger_rows(out)}
    assert report.exit_code() == 1 and report.balanced()
    head = report.summary_lines()[1]
    assert "读取处理单 9 行 = 发布台账 5 行 + 不予公开登记 1 行 + 尚未公开 1 行" in head
    assert any(i.code == "slip.signoff.head" and i.clause == "第5.3条" for i in report.errors)


def test_withheld_register_keeps_the_reason(tmp_path: Path) -> None:
    slips = write_slips(tmp_path / "处理单.xlsx", clean_slips())
    out = tmp_path / "台账.xlsx"
    run(slips, out, year=2026)
    (row,) = ledger_rows(out, "不予公开登记")
    assert row["信息编号"] == "万扶公〔2026〕5号" and row["不予公开理由"] == "内部过程性信息"


# ------------------------------------------------------------------ §6.2


def test_annual_items_not_updated_第6_2条(tmp_path: Path) -> None:
    rows = [r for r in clean_slips() if r["item"] != ANNUAL[1]]
    rows.append(slip(9, item=ANNUAL[1], formed_date=D(2025, 5, 6), draft_date=D(2025, 5, 6),
                     deputy_date=D(2025, 5, 7), published_date=D(2025, 5, 8)))
    slips = write_slips(tmp_path / "处理单.xlsx", rows)
    report = run(slips, tmp_path / "台账.xlsx", year=2026)
    flagged = [i for i in report.issues if i.code == "ledger.annual.not_updated"]
    assert [(i.value, i.clause, i.severity) for i in flagged] == [(ANNUAL[1], "第6.2条", "warning")]
    assert "2026年内没有公开记录" in flagged[0].message


def test_annual_items_all_updated(tmp_path: Path) -> None:
    slips = write_slips(tmp_path / "处理单.xlsx", clean_slips())
    report = run(slips, tmp_path / "台账.xlsx", year=2026)
    assert report.issues == []


# ------------------------------------------------------------------ --against


def _our_ledger(tmp_path: Path) -> tuple[Path, Path]:
    slips = write_slips(tmp_path / "处理单.xlsx", clean_slips())
    ours = tmp_path / "ours" / "台账.xlsx"
    run(slips, ours, year=2026)
    return slips, ours


def test_against_reports_missing_extra_and_duplicate_第5_5条(tmp_path: Path) -> None:
    slips, ours = _our_ledger(tmp_path)
    wb = openpyxl.load_workbook(ours)
    ws = wb["发布台账"]
    assert ws.cell(row=4, column=2).value == "万扶公〔2026〕1号"
    ws.delete_rows(4)  # the row of 1号: a published slip missing from the ledger
    last = ws.max_row
    copy = [c.value for c in ws[3]]
    for c, v in enumerate(copy, start=1):  # a duplicate 编号
        ws.cell(row=last + 1, column=c, value=v)
    ws.cell(row=last + 2, column=1, value=99)  # a ledger row with no slip
    ws.cell(row=last + 2, column=2, value="万扶公〔2026〕99号")
    ws.cell(row=last + 2, column=3, value="没有处理单的信息")
    existing = tmp_path / "已有台账.xlsx"
    wb.save(existing)
    dup_number = copy[1]

    out = tmp_path / "out" / "台账.xlsx"
    report = run(slips, out, year=2026, against=existing)
    got = sorted((i.code, i.file, i.sheet, f"{i.column_letter}{i.row}", i.severity)
                 for i in report.issues)
    assert got == sorted([
        ("ledger.against.duplicate", "已有台账.xlsx", "发布台账", f"B{last + 1}", "error"),
        ("ledger.against.missing", "处理单.xlsx", "处理单", "A2", "error"),
        ("ledger.against.no_slip", "已有台账.xlsx", "发布台账", f"B{last + 2}", "error"),
    ])
    dup = next(i for i in report.issues if i.code == "ledger.against.duplicate")
    assert dup_number in dup.message and "第3行" in dup.message and dup.clause == "第5.5条"
    assert report.exit_code() == 1
    data = json.loads((out.parent / REPORT_JSON).read_text(encoding="utf-8"))
    assert data["against"] == {"file": "已有台账.xlsx", "sheet": "发布台账", "rows_read": 6,
                               "matched": 4}
    assert len(data["issues"]) == 3
    # the annotated copy is of the --against workbook, problem cells marked
    annotated = openpyxl.load_workbook(out.parent / REPORT_XLSX)
    assert annotated.sheetnames[0] == "问题清单"
    cell = annotated["发布台账"][f"B{last + 1}"]
    assert cell.comment is not None and "重复" in cell.comment.text
    assert annotated["问题清单"].max_row == 4


def test_against_dates_disagree(tmp_path: Path) -> None:
    slips, ours = _our_ledger(tmp_path)
    wb = openpyxl.load_workbook(ours)
    ws = wb["发布台账"]
    ws["H3"] = dt.datetime(2026, 1, 9)  # 公开日期 of the first row (3号, published 2026-01-07)
    existing = tmp_path / "已有台账.xlsx"
    wb.save(existing)
    report = run(slips, tmp_path / "out" / "台账.xlsx", year=2026, against=existing)
    (issue,) = report.issues
    assert (issue.code, issue.sheet, issue.column_letter, issue.row) == (
        "ledger.against.date_mismatch", "发布台账", "H", 3)
    assert "2026年1月9日" in issue.message and "2026年1月7日" in issue.message


def test_against_own_ledger_is_clean(tmp_path: Path) -> None:
    slips, ours = _our_ledger(tmp_path)
    report = run(slips, tmp_path / "again" / "台账.xlsx", year=2026, against=ours)
    assert report.issues == [] and report.extra["against"]["matched"] == 5


def test_against_accepts_old_headers_and_bracket_styles(tmp_path: Path) -> None:
    slips = write_slips(tmp_path / "处理单.xlsx", clean_slips())
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "信息编号", "信息名称", "内容描述", "生成时间", "公开属性"])
    for n in (1, 2, 3, 4, 6):
        ws.append([n, f"万扶公[2026]{n}号", f"测试信息{n}", "……", None, "主动公开"])
    existing = tmp_path / "旧台账.xlsx"
    wb.save(existing)
    report = run(slips, tmp_path / "out" / "台账.xlsx", year=2026, against=existing)
    assert [i.code for i in report.errors] == []
    # the office's 万扶公[2026]1号 is read as 万扶公〔2026〕1号, and the run says so once
    assert {i.code for i in report.warnings} == {"ledger.against.date_blank", "input.number_form"}
    assert number_key("万扶公【2026】1号") == number_key("万扶公〔2026〕1号")


def test_against_reads_office_headers_by_meaning_as_inspect_does_第5_5条(tmp_path: Path) -> None:
    """An office's own 附录D ledger (发布时间, 签发时间, 公开主体, 所属事项, 发布平台, 经办人,
    and a 制表人/审核人 footer): every header is mapped as inspect maps it, so its dates are
    compared with the slips; the footer is not a row."""
    slips = write_slips(tmp_path / "处理单.xlsx", clean_slips())
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append(["某局2026年政务公开信息发布台账"])
    ws.append(["填报单位：局办公室", None, None, None, None, None, None, "填报时间：2026年12月"])
    ws.append(["序号", "编号", "信息名称", "所属事项", "公开主体", "生成时间", "签发时间",
               "发布时间", "发布平台", "经办人"])
    rows = {1: "2026.3.5", 2: None, 3: D(2026, 1, 7), 4: D(2026, 5, 8)}  # 1号 was 3月4日
    for n, published in rows.items():
        s_ = next(r for r in clean_slips() if r["number"] == f"万扶公〔2026〕{n}号")
        ws.append([n, s_["number"], s_["title"], s_["item"], s_["office"], s_["formed_date"],
                   s_["deputy_date"], published, "政府网站", "赵敏"])
    ws.append([])
    ws.append(["制表人：赵敏", None, None, "审核人：王建国"])
    existing = tmp_path / "本局台账.xlsx"
    wb.save(existing)
    report = run(slips, tmp_path / "out" / "台账.xlsx", year=2026, against=existing)
    against = [i for i in report.issues if i.file == "本局台账.xlsx"]
    assert not [i for i in against if i.code == "input.unknown_column"], [i.text() for i in against]
    got = {(i.code, f"{i.column_letter}{i.row}", i.column) for i in against}
    assert ("ledger.against.date_mismatch", "H4", "发布时间") in got
    assert ("ledger.against.date_blank", "H5", "发布时间") in got
    assert report.extra["against"]["rows_read"] == 4  # the 制表人 line is not a ledger row
    assert report.extra["against"]["matched"] == 4


# ------------------------------------------------------------------ text stays text


@pytest.mark.parametrize("title", ["=SUM(A1:A9)", "+86 公告", "-1 号公告", "@所有人 通知"])
def test_titles_that_look_like_formulas_stay_text(tmp_path: Path, title: str) -> None:
    slips = write_slips(tmp_path / "处理单.xlsx", [slip(1, title=title, remarks=title)])
    out = tmp_path / "台账.xlsx"
    run(slips, out)
    ws = openpyxl.load_workbook(out)["发布台账"]
    assert ws["C3"].value == title and ws["C3"].data_type == "s"
    assert ws["O3"].value == title and ws["O3"].data_type == "s"
    with zipfile.ZipFile(out) as zf:
        assert "<f>" not in zf.read("xl/worksheets/sheet1.xml").decode()
    # and in the annotated copy of an --against ledger (one extra row, so cells are marked)
    wb = openpyxl.load_workbook(out)
    wb["发布台账"]["B4"] = "万扶公〔2026〕99号"
    wb.save(out)
    report = run(slips, tmp_path / "out" / "台账.xlsx", against=out)
    assert [i.code for i in report.errors] == ["ledger.against.no_slip"]
    annotated = openpyxl.load_workbook(tmp_path / "out" / REPORT_XLSX)["发布台账"]
    assert annotated["C3"].value == title and annotated["C3"].data_type == "s"


# ------------------------------------------------------------------ CLI


def test_cli_ledger(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    result = CliRunner().invoke(cli, ["ledger", str(samples / "处理单.xlsx"), "-o", str(out),
                                      "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "读取处理单 8 行 = 发布台账 6 行 + 不予公开登记 1 行 + 尚未公开 1 行" in result.output
    assert "按时公开率 83.3%" in result.output
    assert out.is_file() and (tmp_path / REPORT_JSON).is_file()


def test_cli_ledger_against_exit_code(tmp_path: Path) -> None:
    slips, ours = _our_ledger(tmp_path)
    wb = openpyxl.load_workbook(ours)
    wb["发布台账"].delete_rows(3)
    existing = tmp_path / "已有台账.xlsx"
    wb.save(existing)
    out = tmp_path / "out" / "台账.xlsx"
    result = CliRunner().invoke(cli, ["ledger", str(slips), "-o", str(out), "--against",
                                      str(existing), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [i["code"] for i in data["issues"]] == ["ledger.against.missing"]


@pytest.mark.parametrize("bad", ["台账.docx", "处理单.xlsx"])
def test_cli_ledger_refuses_bad_output(tmp_path: Path, bad: str) -> None:
    slips = write_slips(tmp_path / "处理单.xlsx", clean_slips())
    result = CliRunner().invoke(cli, ["ledger", str(slips), "-o", str(tmp_path / bad)])
    assert result.exit_code == 2
    assert result.output.startswith("错误：") and "Traceback" not in result.output
    assert openpyxl.load_workbook(slips)["处理单"]["A2"].value == "万扶公〔2026〕1号"


def test_cli_ledger_help() -> None:
    result = CliRunner().invoke(cli, ["ledger", "--help"])
    assert result.exit_code == 0 and "--against" in result.output and "发布台账" in result.output


def test_demo_includes_ledger(tmp_path: Path) -> None:
    from fupin_docs.app.demo import run_demo

    reports = dict(run_demo(tmp_path))
    assert reports["台账"].extra["ledger"]["published"] == 6
    assert (tmp_path / "台账" / "发布台账.xlsx").is_file()


def test_text_lines_estimate() -> None:
    assert text_lines("短", 10) == 1
    assert text_lines("一二三四五六七八九十", 10) == 3
    assert text_lines("第一行\n第二行", 30) == 2


# ------------------------------------------------------------------ printing


def test_ledger_prints_on_a4_landscape(samples: Path, tmp_path: Path,
                                       require_pdf_tools: None) -> None:
    out = tmp_path / "台账.xlsx"
    run(samples / "处理单.xlsx", out, year=2026)
    pdf = soffice_pdf(out, tmp_path, tmp_path)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(pdf)], check=True,
                          capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page    1 size"))
    width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    # one page wide: the first and the last column are both on page 1
    for word in ("万源市扶贫移民工作局政务公开信息发布台账", "序号", "适用时限", "备注",
                 "万扶公〔2026〕1号", "2026年3月2日"):
        assert word in text
    everything = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                capture_output=True, text=True).stdout
    for word in ("万扶公〔2026〕6号", "2026年10月12日", "国庆期间脱贫攻坚工作动态", "填表人",
                 "审核人", "填报日期"):
        assert word in everything
    assert "fupin-docs" not in everything
