"""Inspection and rectification letters (§8.2, appendix E) and the follow-up (复查)."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from fupin_docs.app.cli import cli
from fupin_docs.kinds.blank import write_input_workbook
from fupin_docs.kinds.letter import (
    cn_number,
    due_of,
    parse_due_text,
    signature_lines,
    text_width,
)
from fupin_docs.resources import load_schema
from fupin_docs.standard.calendar.workdays import WorkdayCalendar
from tests.helpers import soffice_pdf

D = dt.date
NUMBER = "万扶督〔2026〕3号"
SIGNER = "万源市扶贫移民工作局政务公开督查小组"


def inspection(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict(
        number=NUMBER, unit="规划财务股", inspect_date=D(2026, 9, 28), members=["王建国", "李明"],
        basis="《万源市扶贫工作公开规范》第8.2条", content="扶贫资金信息公开情况",
        filed_date=D(2026, 10, 9), doc_date=D(2026, 9, 30), signer=SIGNER,
    )
    row.update(kw)
    return row


def problem(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict(
        number=NUMBER, problem="扶贫资金分配结果未在政府网站公开",
        item="扶贫资金/财政专项扶贫资金分配结果", opinion="在政府网站补充公开",
        deadline="10个工作日",
    )
    row.update(kw)
    return row


def workbook(path: Path, inspections: list[dict[str, Any]],
             problems: list[dict[str, Any]]) -> Path:
    write_input_workbook(path, [(load_schema("letter_inspection"), inspections),
                                (load_schema("letter_problem"), problems)], {}, ["说明"])
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def letters(tmp_path: Path, inspections: list[dict[str, Any]],
            problems: list[dict[str, Any]]) -> tuple[int, dict[str, Any], Path]:
    src = workbook(tmp_path / "督查.xlsx", inspections, problems)
    out = tmp_path / "out"
    result = run("letters", str(src), "-o", str(out), "-q")
    return result.exit_code, json.loads((out / "report.json").read_text("utf-8")), out


def texts(report: dict[str, Any]) -> list[str]:
    return [i["text"] for i in report["issues"]]


def codes(report: dict[str, Any]) -> set[str]:
    return {i["code"] for i in report["issues"]}


def balanced(report: dict[str, Any]) -> None:
    s = report["stats"]
    assert s["rendered"] + s["rejected"] == s["rows_read"]
    sheets = report["sheets"]
    assert sum(c["rows_read"] for c in sheets.values()) == s["rows_read"]
    for c in sheets.values():
        assert c["rendered"] + c["rejected"] == c["rows_read"]


# ---------------------------------------------------------------- values and layout helpers


def test_national_day_deadline_in_working_days() -> None:
    # 2026-09-28 is day 0; Oct 1-7 are off, Sat Oct 10 is an adjusted working day
    due = due_of("10个工作日", D(2026, 9, 28), WorkdayCalendar())
    assert due is not None
    assert due.date == D(2026, 10, 16)
    assert due.text() == "2026年10月16日前（检查之日起10个工作日内）"


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-10-16", ("date", D(2026, 10, 16))),
    ("2026年10月16日前", ("date", D(2026, 10, 16))),
    ("10个工作日内", ("workdays", 10)),
    ("１０个工作日", ("workdays", 10)),
    ("下周", None),
    ("10天", None),
])
def test_parse_due_text(text: str, expected: Any) -> None:
    assert parse_due_text(text) == expected


def test_cn_number() -> None:
    assert [cn_number(n) for n in (1, 9, 10, 11, 12, 20, 21)] == [
        "一", "九", "十", "十一", "十二", "二十", "二十一"]


def test_signature_right_two_chars_and_centred() -> None:
    signer, date = signature_lines("督查小组", "2026年3月5日")
    # the date ends two characters before the end of a 28-character line
    assert text_width(date) == 26
    lead_s = len(signer) - len(signer.lstrip("\u3000\u2002"))
    assert lead_s > 0
    # a signer too long to centre over the date is right-aligned 空二字
    long_signer, long_date = signature_lines(SIGNER, "2026年3月5日")
    assert text_width(long_signer) == 26
    assert text_width(long_date) < 26


# ---------------------------------------------------------------- init and the sample


def test_init_letters_has_both_sheets(tmp_path: Path) -> None:
    path = tmp_path / "督查.xlsx"
    result = run("init", "letters", str(path))
    assert result.exit_code == 0, result.output
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["检查", "问题"]
    heads = [c.value for c in wb["问题"][1]]
    assert "整改时限*" in heads and "复查结果" in heads
    assert "被检查单位*" in [c.value for c in wb["检查"][1]]


def test_letters_from_sample(tmp_path: Path, samples: Path) -> None:
    out = tmp_path / "out"
    result = run("letters", str(samples / "督查.xlsx"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "「检查」读取 3 行" in result.output and "「问题」读取 8 行" in result.output
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["stats"]["rows_read"] == 11 and report["stats"]["rendered"] == 11
    assert report["documents"] == 3
    balanced(report)
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == 3
    doc = Document(str(out / "万扶督〔2026〕3号_规划财务股_整改意见书.docx"))
    paras = [p.text for p in doc.paragraphs]
    assert paras[0] == SIGNER + "文件"
    assert NUMBER in paras
    assert "政务公开工作监督检查及整改意见书" in paras
    assert "规划财务股：" in paras
    assert any(p.startswith("（一）") for p in paras) and any(p.startswith("（三）") for p in paras)
    assert not any(p.startswith("（四）") for p in paras)
    assert any("整改时限：2026年10月16日前（检查之日起10个工作日内）" in p for p in paras)
    assert any("第8.2.3条" in p for p in paras)
    # one attachment: no number (GB/T 9704-2012 7.3.4), named by its title
    assert "附件：问题清单" in [p.strip() for p in paras]
    assert paras[-1].strip() == "2026年9月30日" or any(
        p.strip() == "2026年9月30日" for p in paras)
    assert any(p.strip() == SIGNER for p in paras)
    table = doc.tables[0]
    assert [c.text.replace("\n", "") for c in table.rows[0].cells] == [  # 涉及事项/ 条款
        "序号", "问题描述", "涉及事项/条款", "整改意见", "整改时限", "复查结果"]
    assert len(table.rows) == 1 + 3
    assert table.rows[1].cells[4].text == "2026年10月16日\n（10个工作日）"
    # written on 9月30日, before the review of 11月2日: no 复查结果 yet
    assert table.rows[2].cells[5].text == ""
    # the A4 GB/T 9704 page
    sec = doc.sections[0]
    assert round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28
    assert round(sec.page_width.mm - sec.left_margin.mm - sec.right_margin.mm) == 156
    assert round(sec.page_height.mm - sec.top_margin.mm - sec.bottom_margin.mm) == 225


# ---------------------------------------------------------------- rules, each with its clause


def test_problem_without_opinion_8_2_2(tmp_path: Path) -> None:
    code, report, _ = letters(tmp_path, [inspection()], [problem(opinion=None)])
    assert code == 1
    issue = next(i for i in report["issues"] if i["field"] == "opinion")
    assert issue["clause"] == "第8.2.2条" and issue["sheet"] == "问题" and issue["row"] == 2
    balanced(report)


def test_unreadable_deadline_8_2_2(tmp_path: Path) -> None:
    code, report, _ = letters(tmp_path, [inspection()], [problem(deadline="尽快")])
    assert code == 1
    issue = next(i for i in report["issues"] if i["code"] == "letter.problem.deadline")
    assert issue["clause"] == "第8.2.2条" and issue["column"] == "整改时限"


@pytest.mark.parametrize("deadline", ["2026-09-28", "2026-09-01", "0个工作日"])
def test_deadline_after_inspection_8_2_2(tmp_path: Path, deadline: str) -> None:
    code, report, out = letters(tmp_path, [inspection()], [problem(deadline=deadline)])
    assert code == 1
    issue = next(i for i in report["issues"]
                 if i["code"] == "letter.problem.deadline_after_inspection")
    assert issue["clause"] == "第8.2.2条" and "应晚于检查时间" in issue["message"]
    assert not list(out.glob("*.docx"))


def test_review_only_after_deadline_or_resolved_8_2_2(tmp_path: Path) -> None:
    early = D(2026, 10, 12)  # before the deadline 2026-10-16
    code, report, _ = letters(tmp_path, [inspection()], [
        problem(review_date=early, result="已整改"),
        problem(review_date=early, result="部分整改"),
        problem(review_date=D(2026, 10, 16), result="未整改"),
        problem(result="未整改"),
    ])
    assert code == 1
    timing = [i for i in report["issues"] if i["code"] == "letter.problem.review_timing"]
    assert [i["row"] for i in timing] == [3]
    assert timing[0]["clause"] == "第8.2.2条"
    missing = [i for i in report["issues"] if i["code"] == "letter.problem.review"]
    assert [(i["row"], i["field"]) for i in missing] == [(5, "review_date")]


def test_filed_not_before_document_date_8_2_2(tmp_path: Path) -> None:
    code, report, _ = letters(tmp_path, [inspection(filed_date=D(2026, 9, 29))], [problem()])
    assert code == 1
    issue = next(i for i in report["issues"] if i["code"] == "letter.dates.filed")
    assert issue["clause"] == "第8.2.2条" and issue["sheet"] == "检查"


def test_document_not_before_inspection_8_2_2(tmp_path: Path) -> None:
    code, report, _ = letters(tmp_path, [inspection(doc_date=D(2026, 9, 27),
                                                    filed_date=None)], [problem()])
    assert code == 1
    assert "letter.dates.inspection" in codes(report)


def test_duplicate_number_appendix_e(tmp_path: Path) -> None:
    code, report, _ = letters(tmp_path, [inspection(), inspection(unit="项目股")], [problem()])
    assert code == 1
    issue = next(i for i in report["issues"] if i["code"] == "letter.number.unique")
    assert issue["clause"] == "附录E" and issue["row"] == 3
    balanced(report)


def test_unit_without_letter_and_letter_without_problems_8_2_2(tmp_path: Path) -> None:
    code, report, out = letters(
        tmp_path,
        [inspection(), inspection(number="万扶督〔2026〕4号", unit="项目股")],
        [problem(), problem(number="万扶督〔2026〕9号"), problem(number=None, unit="办公室"),
         problem(number=None, unit="规划财务股")],
    )
    assert code == 1
    no_letter = [i for i in report["issues"] if i["code"] == "letter.problem.letter"]
    assert [(i["sheet"], i["row"]) for i in no_letter] == [("问题", 3), ("问题", 4)]
    assert all(i["clause"] == "第8.2.2条" for i in no_letter)
    empty = next(i for i in report["issues"] if i["code"] == "letter.unit.no_problems")
    assert (empty["sheet"], empty["row"], empty["clause"]) == ("检查", 3, "第8.2.2条")
    # the letter to 规划财务股 (problem rows 2 and 5, matched by 文号 and by unit) is written
    assert [p.name for p in out.glob("*.docx")] == ["万扶督〔2026〕3号_规划财务股_整改意见书.docx"]
    s = report["stats"]
    assert (s["rows_read"], s["rendered"], s["rejected"]) == (6, 3, 3)
    assert report["sheets"]["检查"] == {"rows_read": 2, "rendered": 1, "rejected": 1}
    assert report["sheets"]["问题"] == {"rows_read": 4, "rendered": 2, "rejected": 2}
    balanced(report)


def test_clean_rows_of_a_broken_letter_are_held_back_and_reported(tmp_path: Path) -> None:
    code, report, out = letters(tmp_path, [inspection()],
                                [problem(), problem(deadline="尽快"), problem()])
    assert code == 1
    assert not list(out.glob("*.docx"))
    blocked = [(i["sheet"], i["row"]) for i in report["issues"] if i["code"] == "group.blocked"]
    assert blocked == [("检查", 2), ("问题", 2), ("问题", 4)]
    assert report["stats"]["rejected"] == 4
    balanced(report)


def test_annotated_report_marks_both_sheets(tmp_path: Path) -> None:
    _, _, out = letters(tmp_path, [inspection(filed_date=D(2026, 9, 1))],
                        [problem(deadline="尽快")])
    wb = load_workbook(out / "校验报告.xlsx")
    ins, prob = wb["检查"], wb["问题"]
    filed = next(c for c in ins[1] if c.value == "备案日期")
    deadline = next(c for c in prob[1] if c.value == "整改时限*")
    assert ins.cell(row=2, column=filed.column).fill.fgColor.rgb.endswith("FFC7CE")
    assert prob.cell(row=2, column=deadline.column).fill.fgColor.rgb.endswith("FFC7CE")
    assert "第8.2.2条" in (prob.cell(row=2, column=deadline.column).comment.text)
    sheets = {r[2].value for r in wb["问题清单"].iter_rows(min_row=2)}
    assert {"检查", "问题"} <= sheets


def test_json_input_is_refused_clearly(tmp_path: Path) -> None:
    src = tmp_path / "督查.json"
    src.write_text("[]", "utf-8")
    result = run("letters", str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "需要 .xlsx" in result.output


# ---------------------------------------------------------------- follow-up


def test_followup_lists_exactly_the_overdue_unresolved(tmp_path: Path, samples: Path) -> None:
    out = tmp_path / "fu"
    result = run("followup", str(samples / "督查.xlsx"), "-o", str(out), "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text("utf-8"))
    balanced(report)
    overdue = {(o["unit"], o["status"], o["deadline"], o["workdays_overdue"])
               for o in report["overdue"]}
    assert overdue == {
        ("规划财务股", "部分整改", "2026-10-30", 15),
        ("项目股", "未整改", "2026-10-31", 15),
        ("项目股", "逾期未复查", "2026-11-02", 14),  # 20个工作日 from 2026-09-29
    }
    flagged = [u["unit"] for u in report["units"] if u["clause_8_2_3"]]
    assert flagged == ["规划财务股", "项目股"]
    wb = load_workbook(out / "整改台账.xlsx")
    assert wb.sheetnames == ["整改台账", "逾期未整改", "单位汇总"]
    rows = [r for r in wb["逾期未整改"].iter_rows(min_row=3, values_only=True)]
    assert len(rows) == 3 and {r[11] for r in rows} == {15, 14}
    all_rows = list(wb["整改台账"].iter_rows(min_row=3, values_only=True))
    assert len(all_rows) == 8
    assert sorted(r[10] for r in all_rows).count("已整改") == 4
    assert any(r[10] == "待复查" for r in all_rows)  # deadline 2026-12-15 not reached
    summary = {r[0]: r for r in wb["单位汇总"].iter_rows(min_row=3, values_only=True)}
    assert summary["石窝镇人民政府"][-1] == "否" and summary["项目股"][-1].startswith("是")
    doc = Document(str(out / "复查情况报告.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "市领导小组：" in text
    assert len(re.findall(r"已逾期\d+个工作日", text)) == 3
    assert "规划财务股、项目股有逾期未整改的问题" in text and "第8.2.3条" in text


def test_followup_before_any_deadline_lists_nothing(tmp_path: Path, samples: Path) -> None:
    out = tmp_path / "fu"
    result = run("followup", str(samples / "督查.xlsx"), "-o", str(out), "--today", "2026-10-10")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["overdue"] == []
    text = "\n".join(p.text for p in Document(str(out / "复查情况报告.docx")).paragraphs)
    assert "暂无适用" in text



def _core(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return zf.read("docProps/core.xml").decode()


def test_followup_report_dated_by_the_run_day_and_its_properties_agree(
        tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 复查情况报告 is written on the run's day (--today): its 成文日期, 印发日期 and
    statistics date, and the properties of the report and of the 整改台账 beside it."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "fu"
    assert run("followup", str(samples / "督查.xlsx"), "-o", str(out), "--today",
               "2026-11-20").exit_code == 0
    doc = Document(str(out / "复查情况报告.docx"))
    paras = [p.text for p in doc.paragraphs if p.text.strip()]
    assert paras[-1].strip() == "2026年11月20日"  # 成文日期
    assert any("截至2026年11月20日" in p for p in paras)
    printed = "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "2026年11月20日印发" in printed
    for name in ("复查情况报告.docx", "整改台账.xlsx"):
        core = _core(out / name)
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-20T00:00:00Z" in core, name
    ws = load_workbook(out / "整改台账.xlsx")["整改台账"]
    assert "统计日期：2026年11月20日" in str(ws["A1"].value)


def test_followup_in_january_reports_on_last_years_inspections(
        tmp_path: Path, samples: Path) -> None:
    out = tmp_path / "fu"
    result = run("followup", str(samples / "督查.xlsx"), "-o", str(out), "--today", "2027-01-08")
    assert result.exit_code in (0, 1), result.output
    paras = [p.text for p in Document(str(out / "复查情况报告.docx")).paragraphs
             if p.text.strip()]
    assert "关于2026年政务公开工作监督检查整改情况的报告" in paras  # the inspections' year
    assert any(p.startswith("万扶督〔2027〕") for p in paras[:3])  # the report's own year
    assert paras[-1].strip() == "2027年1月8日"


def test_followup_review_after_the_report_day_is_not_counted(
        tmp_path: Path, samples: Path) -> None:
    """A report dated 2026-10-16 cannot know the 复查 of 10-19: that problem counts as not
    yet reviewed, and the clerk is told which rows were left out."""
    out = tmp_path / "fu"
    result = run("followup", str(samples / "督查.xlsx"), "-o", str(out), "--today", "2026-10-16")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text("utf-8"))
    later = [i for i in report["issues"] if i["code"] == "followup.review_after_report"]
    # the sample's reviews: 10-15 (counted), 10-19, 10-20, 11-02, 11-03, 11-16 (not yet)
    assert len(later) == 5
    assert all(i["severity"] == "warning" and i["column"] == "复查日期" for i in later)
    assert any("复查日期（2026年10月19日）晚于报告日期（2026年10月16日）" in i["text"]
               for i in later)
    rows = list(load_workbook(out / "整改台账.xlsx")["整改台账"].iter_rows(min_row=3,
                                                                        values_only=True))
    assert [r[10] for r in rows].count("已整改") == 1
    assert all(r[9] in (None, "") for r in rows if r[10] != "已整改")  # no result shown
    text = "\n".join(p.text for p in Document(str(out / "复查情况报告.docx")).paragraphs)
    assert "已整改1个" in text


# ---------------------------------------------------------------- the page, through LibreOffice

LONG = ("经查阅该单位2026年政务公开信息处理单和发布台账，发现扶贫项目实施公告未按标准目录要求载明"
        "项目名称、资金来源、实施期限、绩效目标、实施单位及责任人、受益对象和带贫减贫机制等要素")
MM = 72 / 25.4


@pytest.mark.pdf
def test_letter_with_12_problems_keeps_the_gbt_9704_page(
    tmp_path: Path, require_pdf_tools: None
) -> None:
    problems = [problem(problem=f"第{n}项：{LONG}",
                        opinion=f"{LONG}，应于整改时限内补充公开第{n}项",
                        deadline="10个工作日" if n % 2 else "2026-11-30")
                for n in range(1, 13)]
    code, report, out = letters(tmp_path, [inspection()], problems)
    assert code == 0, texts(report)
    docx = next(out.glob("*.docx"))
    pdf = soffice_pdf(docx, tmp_path, tmp_path)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    assert pages >= 4
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    left, right = 28 * MM, (210 - 26) * MM
    top, bottom = 37 * MM, (297 - 35) * MM
    tol = 1.5 * MM
    page_blocks = html.split("<page ")[1:]
    assert len(page_blocks) == pages
    for n, page in enumerate(page_blocks, start=1):
        lines = re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                           r'yMax="([\d.]+)">(.*?)</line>', page, re.S)
        body = []
        for x0, y0, x1, y1, inner in lines:
            words = "".join(re.findall(r">([^<]*)</word>", inner))
            if re.fullmatch(r"—\d+—", words):  # the page number, below the type area
                assert float(y0) > bottom and float(y1) < 297 * MM - 20 * MM
                continue
            body.append(words)
            assert float(x0) >= left - tol, (n, words)
            # LibreOffice hangs a line-end 、，。 into the margin (标点悬挂): at most one
            # character beyond the type area, and only punctuation
            hang = 16 if words[-1] in "、，。；：）》”" else 0
            assert float(x1) <= right + hang + tol, (n, words)
            assert float(y0) >= top - tol, (n, words)
            assert float(y1) <= bottom + tol, (n, words)
        numbers = [w for x0, y0, x1, y1, inner in lines
                   for w in ["".join(re.findall(r">([^<]*)</word>", inner))]
                   if re.fullmatch(r"—\d+—", w)]
        assert numbers == [f"—{n}—"], (n, numbers)
        # 28 characters a line: full lines of pure Chinese text hold 27-28 characters
        for words in body:
            if re.fullmatch(r"[\u4e00-\u9fff，、；。：]+", words):
                assert len(words.rstrip("、，。；：")) <= 28, words
    plain = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                              text=True, check=True).stdout)
    plain = re.sub(r"—\d+—", "", plain)  # page numbers between the pages' text
    body_text = plain.split("附件：问题清单")[0]
    # every problem text is there in full in the body: wrapped, never cut off
    for n in range(1, 13):
        assert f"（{cn_number(n)}）第{n}项：{LONG}" in body_text
    assert "（十二）" in plain and "附件：问题清单" in plain
    assert "2026年9月30日" in plain


@pytest.mark.pdf
def test_problem_list_dates_stay_on_one_line_in_libreoffice(
    tmp_path: Path, require_pdf_tools: None
) -> None:
    """The 附件 整改时限 column keeps a date whole on its line in LibreOffice, even with the
    stand-in figures of a machine without 仿宋_GB2312 (the widest case)."""
    dates = ["2026-12-18", "2026-10-20", "2026-11-30", "20个工作日"]
    problems = [problem(problem=f"第{n}项：" + "扶贫资金分配结果未在政府网站公开" * 3, deadline=d)
                for n, d in enumerate(dates, start=1)]
    # reviewed before the letter was written: its 复查结果 shows
    problems[1].update(review_date=D(2026, 10, 21), result="部分整改")
    code, report, out = letters(tmp_path, [inspection(doc_date=D(2026, 11, 20),
                                                      filed_date=D(2026, 11, 21))], problems)
    assert code == 0, texts(report)
    pdf = soffice_pdf(next(out.glob("*.docx")), tmp_path, tmp_path)
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    from fupin_docs.kinds.letter import LIST_WIDTHS_MM

    col_left = (28 + sum(LIST_WIDTHS_MM[:4])) * MM
    col_right = col_left + LIST_WIDTHS_MM[4] * MM
    in_column, results = [], []
    for inner in re.findall(r"<line [^>]*>(.*?)</line>", html, re.S):
        # each line's words by column (pdftotext may join the cells of a row in one line)
        words = [(float(x0), float(x1), w) for x0, x1, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            inner)]
        date = "".join(w for x0, x1, w in words if x0 >= col_left - MM and x1 <= col_right + MM)
        if "2026" in date:
            in_column.append(date)
        result = "".join(w for x0, x1, w in words if x0 >= col_right - MM)
        if "整" in result:
            results.append(result)
    assert sorted(in_column) == sorted(["2026年12月18日", "2026年10月20日", "2026年11月30日",
                                        "2026年10月30日"]), in_column
    assert results == ["部分整改"]
