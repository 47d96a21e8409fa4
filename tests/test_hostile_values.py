"""Hostile cell values in every field of the slip: no crash, every row rendered or reported.

Hypothesis runs under the fixed "ci" profile registered in conftest.py (bounded examples,
derandomized), so CI time does not grow with luck.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from slipbook import FIELDS, SCHEMA, row, write_book

from fupin_docs.inputs.values import clean_text, parse_date_text, to_date
from fupin_docs.kinds.slip import KIND
from fupin_docs.outputs.folder import REPORT_XLSX
from fupin_docs.outputs.report import Report
from fupin_docs.pipeline import RunOptions, run_row_documents

DATE_FIELDS = [f for f, p in SCHEMA["properties"].items() if p.get("x-type") == "date"]
CONTROL = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32)))

FIXED: list[Any] = [
    "_x000B_",
    "甲_x0001_乙_x001F_丙",
    "&amp; <w:p> \"quoted\" 'single' & < >",
    "😀👨‍👩‍👧 emoji 🇨🇳",
    "𠀀𠀁𪚥𫝀 扩展B",
    "长" * 32767,
    "长" * 200,
    "😀" * 60 + "𠀀" * 60,
    "  前后有空格  ",
    "\u3000全角空格\u3000",
    "１２３４５",
    "12345",
    "0012",
    "=1+1",
    '=CONCATENATE("a","b")',
    "+86 138",
    "-5",
    "@SUM(A1)",
    "{{ 7*7 }}",
    "{% raw %}",
    "{%p if x %}",
    "\\n\\t",
    "第一行\n第二行\r\n第三行\r",
    "\u200b\u200e\ufeff零宽",
    46086,
    46086.0,
    0,
    -1,
    3.14,
    True,
    dt.datetime(2026, 3, 5, 14, 30),
    dt.date(1900, 1, 1),
]
DATES: list[Any] = [
    "2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", "２０２６年３月５日", " 2026-3-5 ",
    "20260305", 46086, 46086.0, dt.date(2026, 3, 5), "2026-02-30", "明天", "3/5/2026", 1,
]


def excel_escape(text: str) -> str:
    """What Excel stores for an XML-invalid character: _xHHHH_."""
    return "".join(f"_x{ord(c):04X}_" if c in CONTROL else c for c in text)


hostile_text = st.one_of(
    st.sampled_from(FIXED),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40).map(excel_escape),
    st.lists(st.sampled_from([x for x in FIXED if isinstance(x, str) and len(x) < 100]),
             min_size=1, max_size=4).map("".join),
)
hostile_date = st.one_of(st.sampled_from(DATES), hostile_text)


def check_run(book: Path, out: Path) -> Report:
    report = run_row_documents(KIND, book, out, RunOptions(today=dt.date(2026, 12, 31)))
    assert report.rendered + report.rejected == report.rows_read
    assert report.balanced()
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == report.rendered
    for path in docs:
        doc = Document(str(path))  # every output opens
        assert doc.tables, path
    load_workbook(out / REPORT_XLSX)  # the annotated report opens too
    assert not list(out.glob(".~*")), "temporary files left behind"
    return report


@given(field=st.sampled_from(FIELDS), value=hostile_text)
def test_one_hostile_field(field: str, value: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = write_book(Path(tmp) / "in.xlsx", [row(2), row(3, **{field: value})])
        report = check_run(book, Path(tmp) / "out")
        assert report.rows_read == 2
        assert report.rendered >= 1  # the clean row always renders


@given(values=st.dictionaries(st.sampled_from(FIELDS), hostile_text, min_size=2, max_size=8))
def test_many_hostile_fields(values: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = write_book(Path(tmp) / "in.xlsx", [row(5, **values), row(6, **values)])
        report = check_run(book, Path(tmp) / "out")
        assert report.rows_read == 2


@given(field=st.sampled_from(DATE_FIELDS), value=hostile_date)
def test_hostile_dates(field: str, value: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = write_book(Path(tmp) / "in.xlsx", [row(2, **{field: value})])
        report = check_run(book, Path(tmp) / "out")
        assert report.rows_read == 1


@given(values=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=30), max_size=6))
def test_json_input_raw_control_chars(values: dict[str, str]) -> None:
    """JSON input carries raw control characters and even lone surrogates."""
    rec: dict[str, Any] = {k: (v.isoformat() if isinstance(v, dt.date) else v)
                           for k, v in row(2).items()}
    rec.update({k: v + CONTROL[:3] + "\ud800" for k, v in values.items()})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.json"
        path.write_text(json.dumps([rec]), encoding="utf-8")
        report = check_run(path, Path(tmp) / "out")
        assert report.rows_read == 1


@pytest.mark.parametrize("text", ["2026-03-05", "2026-3-5", "2026/3/5", "2026.3.5", "2026年3月5日",
                                  "２０２６年３月５日", "2026 年 3 月 5 日", "20260305", " 2026/03/05 "])
def test_accepted_date_texts(text: str) -> None:
    assert parse_date_text(text) == dt.date(2026, 3, 5)
    assert to_date(text) == dt.date(2026, 3, 5)


@pytest.mark.parametrize("text", ["3/5/2026", "2026-02-30", "明天", "2026年3月", "26-3-5"])
def test_rejected_date_texts(text: str) -> None:
    assert parse_date_text(text) is None


def test_excel_serial_date() -> None:
    assert to_date(46086) == dt.date(2026, 3, 5)
    assert to_date(46086.75) == dt.date(2026, 3, 5)


def test_clean_text_strips_invalid_xml() -> None:
    assert clean_text("甲_x000B_乙\x0b丙\ud800") == "甲乙丙"
    assert clean_text("_x0041_") == "_x0041_"  # a valid character's escape stays as typed
    assert clean_text("\u3000 值 \u3000") == "值"


def test_values_come_out_as_text(tmp_path: Path) -> None:
    """& < > " ' , emoji and CJK extension B reach the document unchanged."""
    title = "A&B <公告> \"引号\" '单' 😀 𠀀𪚥"
    book = write_book(tmp_path / "in.xlsx", [row(2, title=title, office="１２３股", drafter=" 赵敏 ")])
    report = check_run(book, tmp_path / "out")
    assert report.rendered == 1
    doc = Document(str(tmp_path / "out" / report.outputs[0]))
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert title in text
    assert "１２３股" in text
    assert "赵敏" in text and " 赵敏 " not in text


@pytest.mark.parametrize("title", ["长" * 200, "😀𠀀" * 100, "A" * 200, "CON", " . "])
def test_long_titles_give_valid_file_names(tmp_path: Path, title: str) -> None:
    """File names are cut to what file systems hold (255 UTF-8 bytes), not just 100 characters."""
    report = check_run(write_book(tmp_path / "in.xlsx", [row(2, title=title)]), tmp_path / "out")
    assert report.rendered == 1
    name = report.outputs[0]
    assert len(name.encode("utf-8")) <= 240 and name.endswith(".docx")


def _formula_book(path: Path, cached: bool) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("处理单")
    values = row(2)
    for c, f in enumerate(FIELDS):
        ws.write_string(0, c, SCHEMA["properties"][f]["title"])
        v = values.get(f)
        if f == "office":
            ws.write_formula(1, c, '="办"&"公室"', None, "办公室" if cached else 0)
        elif isinstance(v, dt.date):
            ws.write_number(1, c, (v - dt.date(1899, 12, 30)).days)
        elif v is not None:
            ws.write_string(1, c, str(v))
    wb.close()
    if not cached:  # strip the cached <v> so the formula has no saved result
        import zipfile
        src = path.read_bytes()
        tmp = path.with_suffix(".tmp")
        with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w") as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename.startswith("xl/worksheets/"):
                    data = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)
                zout.writestr(info, data)
        assert src != tmp.read_bytes()
        tmp.replace(path)
    return path


def test_formula_with_cached_value(tmp_path: Path) -> None:
    report = check_run(_formula_book(tmp_path / "f.xlsx", cached=True), tmp_path / "out")
    assert report.rendered == 1
    doc = Document(str(tmp_path / "out" / report.outputs[0]))
    assert any("办公室" in c.text for t in doc.tables for c in t._cells)


def test_formula_without_cached_value(tmp_path: Path) -> None:
    report = check_run(_formula_book(tmp_path / "f.xlsx", cached=False), tmp_path / "out")
    assert report.rejected == 1
    issue = next(i for i in report.issues if i.field == "office")
    assert "公式" in issue.message and issue.column_letter == "C" and issue.row == 2


@pytest.mark.pdf
def test_libreoffice_opens_hostile_output(tmp_path: Path, require_pdf_tools: None) -> None:
    hostile = "A&B <x> \"q\" 'q' 😀 𠀀 _x000B_ 全角\u3000 " + "长" * 150
    book = write_book(tmp_path / "in.xlsx", [row(2, title=hostile[:200], summary=hostile * 3,
                                                  remarks="+1-1 @x " + hostile)])
    report = check_run(book, tmp_path / "out")
    assert report.rendered == 1
    docx = tmp_path / "out" / report.outputs[0]
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "pdf" / (docx.stem + ".pdf")
    assert pdf.is_file()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "A&B <x>" in text
