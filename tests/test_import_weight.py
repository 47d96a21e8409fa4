"""Import weight: a ``fupin-docs slips`` run on valid rows loads only what its path needs.

openpyxl (with numpy, ~30 MB), flask, pdfplumber, python-docx's reader for calendar
notices, lxml.html and jsonschema were imported by every process: a bare ``slips`` sat at
~75 MB before reading a row. They are imported where they are used (the ledger and
catalogue commands, the web page, the catalogue importer, a row the fast schema check
rejects). The stand-ins written to avoid them must give the libraries' answers.
"""

from __future__ import annotations

import json
import string
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from jsonschema import FormatChecker
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import range_boundaries
from slipbook import VALID, row, write_book

from fupin_docs.inputs.validate import is_iso_date
from fupin_docs.types import cell_range_bounds, column_index, column_letter

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("openpyxl", "numpy", "flask", "werkzeug", "pdfplumber", "pdfminer", "lxml.html",
         "jsonschema")

RUN = (
    "import json, sys\n"
    "from fupin_docs.app.cli import cli\n"
    "after_import = sorted(m for m in {heavy} if m in sys.modules)\n"
    "try:\n"
    "    cli(['slips', {book!r}, '-o', {out!r}, '-q', '--jobs', '1'], standalone_mode=False)\n"
    "except SystemExit as exc:\n"
    "    assert exc.code in (None, 0, 1), exc.code  # 1: rows rejected\n"
    "print(json.dumps([after_import, sorted(m for m in {heavy} if m in sys.modules)]))\n"
)


def _modules_of_a_run(book: Path, out: Path) -> tuple[list[str], list[str]]:
    code = RUN.format(heavy=HEAVY, book=str(book), out=str(out))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True, timeout=600)
    after_import, after_run = json.loads(result.stdout.strip().splitlines()[-1])
    return after_import, after_run


def test_slips_on_valid_rows_imports_no_heavy_module(tmp_path: Path) -> None:
    book = tmp_path / "处理单.xlsx"
    write_book(book, [row(n) for n in range(2, 6)])
    after_import, after_run = _modules_of_a_run(book, tmp_path / "out")
    assert after_import == []
    assert after_run == []
    assert len(list((tmp_path / "out").glob("*.docx"))) == 4
    assert (tmp_path / "out" / "校验报告.xlsx").is_file()


def test_an_invalid_row_still_gets_jsonschema_s_explanation(tmp_path: Path) -> None:
    book = tmp_path / "处理单.xlsx"
    write_book(book, [row(2), {**VALID, "number": "万扶公〔2026〕3号", "category": "随便写"}])
    _, after_run = _modules_of_a_run(book, tmp_path / "out")
    assert "jsonschema" in after_run  # only for the row the fast check rejected
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert any(i["code"] == "schema.enum" and "不是可选的值" in i["message"]
               for i in report["issues"])


@given(st.integers(1, 18278))
def test_column_letters_are_openpyxl_s(index: int) -> None:
    letters = column_letter(index)
    assert letters == get_column_letter(index)
    assert column_index(letters) == column_index_from_string(letters) == index


@given(st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.text(alphabet="0123456789-W:T \n２٣", max_size=12),
    st.text(alphabet=string.printable, max_size=12),
    st.integers(), st.none(),
))
def test_date_format_is_jsonschema_s(value: object) -> None:
    assert is_iso_date(value) == FormatChecker().conforms(value, "date")


@given(st.integers(1, 18278), st.integers(1, 1_048_576), st.integers(1, 18278),
       st.integers(1, 1_048_576), st.booleans())
def test_cell_ranges_are_read_as_openpyxl_reads_them(c1: int, r1: int, c2: int, r2: int,
                                                     absolute: bool) -> None:
    d = "$" if absolute else ""
    c1, c2 = sorted((c1, c2))  # as merged ranges are stored (openpyxl does not reorder)
    r1, r2 = sorted((r1, r2))
    ref = f"{d}{column_letter(c1)}{d}{r1}:{d}{column_letter(c2)}{d}{r2}"
    assert cell_range_bounds(ref) == range_boundaries(ref)
    assert cell_range_bounds(f"{column_letter(c1)}{r1}") == range_boundaries(
        f"{column_letter(c1)}{r1}")


def test_whole_columns_and_junk_are_no_cell_range() -> None:
    assert [cell_range_bounds(r) for r in ("A:C", "2:5", "", "A0", "合并", "A1:")] == [None] * 6
