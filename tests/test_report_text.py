"""校验报告.xlsx never turns user text into formulas (values starting with = + - @)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from slipbook import row, write_book

from fupin_docs.kinds.slip import KIND
from fupin_docs.outputs.annotate import write_annotated
from fupin_docs.outputs.folder import REPORT_XLSX
from fupin_docs.outputs.report import Issue, Report
from fupin_docs.pipeline import RunOptions, run_row_documents

DANGEROUS = ["=1+1", "=HYPERLINK(\"http://x\",\"点我\")", "+86 13800000000", "-5+3",
             "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_issue_values_stay_text(tmp_path: Path, text: str) -> None:
    issue = Issue(code="x", severity="error", message=text, clause=text, file=text, sheet=None,
                  column=text, value=text)
    target = tmp_path / "r.xlsx"
    write_annotated(tmp_path / "missing.xlsx", [issue], target)
    ws = load_workbook(target)["问题清单"]
    cells = [c for r in ws.iter_rows(min_row=2) for c in r if c.value == text]
    assert len(cells) >= 4
    assert all(c.data_type == "s" for c in cells)


def test_pipeline_report_keeps_text(tmp_path: Path) -> None:
    """Text cells of the input starting with + - @ are rejected as values but stay text."""
    book = write_book(tmp_path / "in.xlsx", [row(2, category="+重大决策", disclosure="-1",
                                                  check_truth="@x")])
    report = run_row_documents(KIND, book, tmp_path / "out", RunOptions())
    assert report.rejected == 1
    wb = load_workbook(tmp_path / "out" / REPORT_XLSX)
    ws = wb["问题清单"]
    values = {c.value: c.data_type for r in ws.iter_rows(min_row=2) for c in r if c.value}
    for text in ("+重大决策", "-1", "@x"):
        assert values[text] == "s"
    assert all(c.data_type != "f" for s in wb.worksheets for r in s.iter_rows() for c in r)


def test_control_characters_dropped_in_report(tmp_path: Path) -> None:
    issue = Issue(code="x", severity="warning", message="坏\x0b字符\ud800", value="a\x01b")
    write_annotated(tmp_path / "none.xlsx", [issue], tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["问题清单"]
    assert ws["J2"].value == "坏字符" and ws["G2"].value == "ab"


def test_formula_looking_text_in_the_report_is_quote_prefixed(tmp_path: Path) -> None:
    """OWASP: =HYPERLINK(…) typed by a clerk stays text in 校验报告.xlsx even when edited."""
    import openpyxl

    from fupin_docs.types import Issue

    issue = Issue(code="slip.x", severity="error", message="=HYPERLINK(\"http://x\")",
                  file="a.xlsx", sheet="处理单", row=2, column="标题", column_letter="B",
                  value="=HYPERLINK(\"http://x\")")
    target = tmp_path / "校验报告.xlsx"
    write_annotated(tmp_path / "a.xlsx", [issue], target)
    ws = openpyxl.load_workbook(target).worksheets[0]
    quoted = [c for row in ws.iter_rows() for c in row
              if isinstance(c.value, str) and c.value.startswith("=")]
    assert quoted and all(c.quotePrefix and c.data_type == "s" for c in quoted)


def test_issue_line_names_the_file_first_when_asked() -> None:
    issue = Issue(code="x", severity="error", message="公开日期不能为空", file="台账.xlsx",
                  sheet="发布台账", row=5, column="公开日期", column_letter="C")
    assert issue.text() == "发布台账!C5 第5行 公开日期：公开日期不能为空"
    assert issue.text(with_file=True) == "台账.xlsx 发布台账!C5 第5行 公开日期：公开日期不能为空"
    whole = Issue(code="f", severity="error", message="台账.xlsx 不是有效的 JSON", file="台账.xlsx")
    assert whole.text(with_file=True) == "台账.xlsx 不是有效的 JSON"  # not named twice


def test_summary_names_each_issues_file_when_the_issues_come_from_several() -> None:
    def issue(file: str, row: int) -> Issue:
        return Issue(code="x", severity="warning", message="编号重复", file=file,
                     sheet="发布台账", row=row, column_letter="B")

    report = Report(kind="ledger", label="发布台账", source="处理单.xlsx",
                    issues=[issue("处理单.xlsx", 3), issue("本单位台账.xlsx", 7)])
    lines = report.summary_lines()[1:]
    assert lines == ["  [警告] 处理单.xlsx 发布台账!B3 第3行：编号重复",
                     "  [警告] 本单位台账.xlsx 发布台账!B7 第7行：编号重复"]
    one = Report(kind="ledger", label="发布台账", source="处理单.xlsx",
                 issues=[issue("处理单.xlsx", 3)])
    assert one.summary_lines()[1:] == ["  [警告] 发布台账!B3 第3行：编号重复"]
