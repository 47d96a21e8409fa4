"""Issue 16, "A clerk's habits": what clerks type is read as the dropdown value it means.

- 真实性核对/完整性核对: 是, √, ✓, 已审查 … read as 已核对, one note per column, no error;
  涉密性审查 "是" stays an error saying to choose 不涉密 or 涉密.
- Dates: 2026年3月5日, 2026.3.5, 2026/3/5, Excel serials (also kept as text), 3月5日 with the
  year of the 编号 (else of the row's other dates).
- The units sheet: a bare unit name in 公开主体名称 is the publisher at its own level.
- Must show: a workbook typed the clerk's way gives the same documents as one typed with the
  dropdown values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from openpyxl import Workbook
from slipbook import FIELDS, SCHEMA, row, write_book
from test_catalogue import YIMEI
from test_catalogue import run as run_units

from fupin_docs.inputs.validate import SchemaChecker, document_year
from fupin_docs.inputs.values import parse_date_cell_text, parse_month_day, to_date
from fupin_docs.kinds.catalogue import unit_level
from fupin_docs.kinds.slip import KIND
from fupin_docs.outputs.report import Report
from fupin_docs.pipeline import RunOptions, run_row_documents
from fupin_docs.pipeline.ledger import run_ledger


def slips(book: Path, out: Path) -> Report:
    return run_row_documents(KIND, book, out, RunOptions(write_reports=False, jobs=1))


# ------------------------------------------------------------------ checkbox columns


@pytest.mark.parametrize("typed", ["是", "√", "✓", "已核对", "已审查", "已核实"])
def test_checkbox_words_read_as_checked(typed: str) -> None:
    checker = SchemaChecker(SCHEMA)
    instance, values = checker.coerce({"check_truth": typed, "check_complete": typed})
    assert instance["check_truth"] == values["check_complete"] == "已核对"


def test_checkbox_words_give_one_note_per_column_not_an_error(tmp_path: Path) -> None:
    rows = [row(n, check_truth=t, check_complete="√") for n, t in
            zip(range(2, 8), ["是", "√", "✓", "已审查", "是", "已核对"], strict=True)]
    report = slips(write_book(tmp_path / "in.xlsx", rows), tmp_path / "out")
    assert report.errors == [] and report.rendered == 6
    notes = [i for i in report.issues if i.code == "input.alias"]
    assert [i.column for i in notes] == ["真实性核对", "完整性核对"]  # one per column, not per row
    assert all(i.severity == "warning" for i in notes)
    assert "「是」（2行）读作「已核对」" in notes[0].message
    assert "「√」（6行）读作「已核对」" in notes[1].message
    assert report.exit_code() == 0


def test_secrecy_yes_is_ambiguous_and_stays_an_error(tmp_path: Path) -> None:
    report = slips(write_book(tmp_path / "in.xlsx", [row(2, check_secret="是")]), tmp_path / "out")
    assert report.rendered == 0
    err = next(i for i in report.errors if i.field == "check_secret")
    assert "不涉密" in err.message and "涉密" in err.message and "「是」意思不明确" in err.message
    assert err.column == "涉密性审查" and err.row == 2


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("text", ["2026年3月5日", "2026.3.5", "2026/3/5", "2026-03-05 00:00:00",
                                  "2026年3月5日（星期四）", "2026年3月5日 周四", "46086",
                                  "二〇二六年三月五日", "２０２６．３．５"])
def test_dates_typed_in_text_cells_are_read(text: str) -> None:
    assert parse_date_cell_text(text) == dt.date(2026, 3, 5)
    assert to_date(text) == dt.date(2026, 3, 5)


def test_a_wrong_weekday_is_not_guessed_away() -> None:
    assert to_date("2026年3月5日（星期一）") == "2026年3月5日（星期一）"


def test_chinese_numeral_dates() -> None:
    assert to_date("二〇二六年十二月二十五日") == dt.date(2026, 12, 25)
    assert to_date("二〇二六年十月十日") == dt.date(2026, 10, 10)
    assert to_date("二〇二六年二月三十日") == "二〇二六年二月三十日"


def test_month_day_without_year() -> None:
    assert parse_month_day("3月5日") == (3, 5)
    assert parse_month_day("２月29日") == (2, 29)
    assert parse_month_day("2月30日") is None
    assert parse_month_day("2026年3月5日") is None


def test_document_year_from_the_number() -> None:
    assert document_year("万扶公〔2026〕12号") == 2026
    assert document_year("万扶公[2025]3号") == 2025
    assert document_year("万扶公（2027）3号") == 2027
    assert document_year("12号") is None and document_year(None) is None


def test_month_day_takes_the_year_of_the_number_first() -> None:
    checker = SchemaChecker(SCHEMA)
    _, values = checker.coerce({"number": "万扶公〔2025〕9号", "draft_date": "2026-03-09",
                                "published_date": "3月11日"})
    assert values["published_date"] == dt.date(2025, 3, 11)  # the 编号 wins; rules check order


def test_month_day_takes_the_year_of_the_rows_other_dates() -> None:
    checker = SchemaChecker(SCHEMA)
    _, values = checker.coerce({"number": "没有年份", "draft_date": "2026-03-09",
                                "formed_date": dt.date(2026, 3, 9), "published_date": "3月11日"})
    assert values["published_date"] == dt.date(2026, 3, 11)
    _, values = checker.coerce({"draft_date": "2025-12-30", "formed_date": "2026-01-02",
                                "published_date": "1月4日"})
    assert values["published_date"] == "1月4日"  # two years in the row: not guessed


def test_month_day_without_any_year_is_an_error_saying_so(tmp_path: Path) -> None:
    rows = [row(2, number="万扶公12号", draft_date="3月9日", formed_date="3月9日",
                deputy_date="3月10日", published_date="3月11日")]
    report = slips(write_book(tmp_path / "in.xlsx", rows), tmp_path / "out")
    msgs = [i.message for i in report.errors if i.field == "draft_date"]
    assert msgs and "没有写年份" in msgs[0]


def test_completed_years_give_one_note_per_column(tmp_path: Path) -> None:
    rows = [row(n, published_date="3月11日") for n in range(2, 6)]
    report = slips(write_book(tmp_path / "in.xlsx", rows), tmp_path / "out")
    assert report.errors == [] and report.rendered == 4
    notes = [i for i in report.issues if i.code == "input.year_completed"]
    assert len(notes) == 1 and notes[0].column == "实际公开日期" and "4行按编号的年份" in notes[0].message


# ------------------------------------------------------------------ units sheet


@pytest.mark.parametrize(("name", "level"), [
    ("平昌县乡村振兴局", "county"), ("伊美区农业农村局", "county"), ("岳家镇人民政府", "town"),
    ("石窝乡", "town"), ("东城街道办事处", "town"), ("扶贫办", None),
])
def test_unit_level_from_its_name(name: str, level: str | None) -> None:
    assert unit_level(name) == level


def test_units_sheet_bare_names_are_the_publishers_at_their_own_level(tmp_path: Path) -> None:
    report = run_units(tmp_path, [dict(YIMEI, publishers="平昌县乡村振兴局；岳家镇人民政府")])
    assert report.valid, [i.text() for i in report.issues]
    ws = openpyxl.load_workbook(tmp_path / "out" / "2026年伊美区标准目录.xlsx").active
    assert ws is not None
    assert ws["G5"].value.replace("\n", "") == "平昌县乡村振兴局、岳家镇人民政府"
    publishers = {str(c.value) for c in ws["G"] if c.value}
    assert not any("县级扶贫部门" in p or p.endswith("、乡镇人民政府") for p in publishers)


def test_units_sheet_mapping_form_still_works_and_unclear_names_are_errors(tmp_path: Path) -> None:
    good = run_units(tmp_path, [dict(YIMEI, publishers="县级扶贫部门=伊美区农业农村局")])
    assert good.valid
    bad = run_units(tmp_path, [dict(YIMEI, publishers="扶贫办")])
    err = next(i for i in bad.errors if i.code == "catalogue.unit.publishers")
    assert "县级还是乡镇" in err.message and err.column == "公开主体名称"


# ------------------------------------------------------------------ must show


def _serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


DROPDOWN_ROWS: list[dict[str, Any]] = [
    row(2),
    row(3, category="重大决策", head_name="李明", head_opinion="同意。",
        head_date=dt.date(2026, 3, 10), deputy_date=dt.date(2026, 3, 10),
        published_date=dt.date(2026, 3, 11)),
    row(4, draft_date=dt.date(2026, 3, 5), formed_date=dt.date(2026, 3, 5),
        deputy_date=dt.date(2026, 3, 6), published_date=dt.date(2026, 3, 9)),
]


def _clerk_way(values: dict[str, Any], n: int) -> dict[str, Any]:
    """The same row as the clerk types it: check marks, Chinese dates, dots, serials."""
    out = dict(values)
    out["check_truth"] = ["是", "√", "✓"][n % 3]
    out["check_complete"] = ["√", "已审查", "是"][n % 3]
    d = values
    out["draft_date"] = f"{d['draft_date'].year}年{d['draft_date'].month}月{d['draft_date'].day}日"
    out["formed_date"] = "{0.year}.{0.month}.{0.day}".format(d["formed_date"])
    out["deputy_date"] = _serial(d["deputy_date"])  # a number in a General cell
    out["published_date"] = f"{d['published_date'].month}月{d['published_date'].day}日"
    if d.get("head_date"):
        out["head_date"] = str(_serial(d["head_date"]))  # a serial kept as text
    return out


def _write(path: Path, rows: list[dict[str, Any]], text_dates: bool) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "处理单"
    ws.append([SCHEMA["properties"][f]["title"] for f in FIELDS])
    for values in rows:
        ws.append([values.get(f) for f in FIELDS])
        if text_dates:  # the clerk's date cells are formatted as text (@)
            for c, f in enumerate(FIELDS, start=1):
                if isinstance(values.get(f), str) and SCHEMA["properties"][f].get("x-type") == "date":
                    ws.cell(ws.max_row, c).number_format = "@"
    wb.save(path)
    return path


def _document_text(path: Path) -> list[str]:
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return texts


def test_clerk_typed_workbook_gives_the_same_documents_as_dropdown_values(tmp_path: Path) -> None:
    (tmp_path / "dropdown").mkdir()
    (tmp_path / "clerk").mkdir()  # one file name: the ledger names its source
    dropdown = _write(tmp_path / "dropdown" / "处理单.xlsx", DROPDOWN_ROWS, text_dates=False)
    clerk = _write(tmp_path / "clerk" / "处理单.xlsx",
                   [_clerk_way(r, n) for n, r in enumerate(DROPDOWN_ROWS)], text_dates=True)
    a = slips(dropdown, tmp_path / "a")
    b = slips(clerk, tmp_path / "b")
    assert a.errors == [] and b.errors == []
    assert a.rendered == b.rendered == len(DROPDOWN_ROWS)
    assert a.outputs == b.outputs
    for name in a.outputs:
        assert _document_text(tmp_path / "a" / name) == _document_text(tmp_path / "b" / name), name
    # the clerk's way is noted (once per column), the dropdown way is not
    assert not [i for i in a.issues if i.code.startswith("input.")]
    assert {i.code for i in b.warnings} == {"input.alias", "input.year_completed"}
    # and the ledger built from either is the same, cell by cell
    la = run_ledger(dropdown, tmp_path / "la" / "台账.xlsx", RunOptions(write_reports=False))
    lb = run_ledger(clerk, tmp_path / "lb" / "台账.xlsx", RunOptions(write_reports=False))
    assert la.errors == [] and lb.errors == []
    wa = openpyxl.load_workbook(tmp_path / "la" / "台账.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "lb" / "台账.xlsx")
    for sa, sb in zip(wa.worksheets, wb.worksheets, strict=True):
        assert [[c.value for c in r] for r in sa.iter_rows()] == \
            [[c.value for c in r] for r in sb.iter_rows()], sa.title


def test_units_sheet_year_typed_with_its_character(tmp_path: Path) -> None:
    report = run_units(tmp_path, [dict(YIMEI, year="2026年")], year=None)
    assert report.valid and report.rendered == 1
