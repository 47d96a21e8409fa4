"""编号 / 文号 as clerks type them read in the standard form 万扶公〔2026〕12号 (GB/T 9704-2012
7.2.4): so they print the same, and a repeated number is found whatever brackets or digit
width were typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from slipbook import row, write_book

from fupin_docs.inputs.values import doc_number
from fupin_docs.kinds.slip import KIND as SLIP
from fupin_docs.outputs.report import Report
from fupin_docs.pipeline import RunOptions, run_row_documents


@pytest.mark.parametrize(("typed", "read"), [
    ("万扶公(2026)41号", "万扶公〔2026〕41号"),
    ("万扶公（2026）41号", "万扶公〔2026〕41号"),
    ("万扶公[2026]42号", "万扶公〔2026〕42号"),
    ("万扶公【2026】3号", "万扶公〔2026〕3号"),
    ("万扶公﹝2026﹞4号", "万扶公〔2026〕4号"),  # the small form variants (U+FE5D/FE5E)
    ("万扶公〔２０２６〕１２号", "万扶公〔2026〕12号"),
    ("万扶公 〔2026〕 12 号", "万扶公〔2026〕12号"),
    ("万扶公〔2026〕12号", "万扶公〔2026〕12号"),
])
def test_the_brackets_and_digits_clerks_type_read_as_standard(typed: str, read: str) -> None:
    assert doc_number(typed) == read


@pytest.mark.parametrize("typed", ["万扶公12号", "(2026)万扶公12号", "万 扶公(2026)1号", "万扶公〔26〕1号"])
def test_what_is_no_standard_number_stays_as_typed(typed: str) -> None:
    assert doc_number(typed) == typed  # the schema says what is wrong, quoting the cell


def _run(tmp_path: Path, rows: list[dict[str, object]]) -> Report:
    book = write_book(tmp_path / "处理单.xlsx", rows)
    return run_row_documents(SLIP, book, tmp_path / "out", RunOptions(today=dt.date(2026, 11, 20)))


def test_a_number_repeated_in_full_width_digits_is_a_duplicate(tmp_path: Path) -> None:
    report = _run(tmp_path, [row(1), row(2, number="万扶公〔２０２６〕１号")])
    dup = [i for i in report.issues if i.code == "slip.number.unique"]
    assert len(dup) == 1 and dup[0].row == 3 and dup[0].severity == "error"


def test_brackets_typed_as_parentheses_are_accepted_printed_and_noted(tmp_path: Path) -> None:
    report = _run(tmp_path, [row(1, number="万扶公(2026)41号"), row(2, number="万扶公[2026]42号")])
    assert report.rejected == 0 and report.rendered == 2
    docs = sorted(n for n in report.outputs if n.endswith(".docx"))
    assert docs[0].startswith("万扶公〔2026〕41号") and docs[1].startswith("万扶公〔2026〕42号")
    (note,) = [i for i in report.issues if i.code == "input.number_form"]
    assert note.severity == "warning" and "「万扶公(2026)41号」等 2 行" in note.message
    assert "「万扶公〔2026〕41号」" in note.message
