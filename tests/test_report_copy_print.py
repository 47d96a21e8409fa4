"""校验报告.xlsx's copy of a wide input sheet (a 处理单 has 29 columns) prints at a readable
size: several landscape pages across at a fixed scale, row bands printed across first, the first column
and the header rows on every page; not one page wide at 3-4 pt."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pdfplumber
from helpers import soffice_pdf

from fupin_docs.kinds.slip import KIND as SLIP
from fupin_docs.outputs.annotate import PAGE_CHARS, PRINT_SCALE, fits_one_page
from fupin_docs.pipeline import RunOptions, run_row_documents
from fupin_docs.resources import resource_dir


def test_fits_one_page() -> None:
    assert fits_one_page([10.0] * (PAGE_CHARS // 10))
    assert not fits_one_page([10.0] * (PAGE_CHARS // 10 + 1))


def _report(tmp_path: Path) -> Path:
    book = tmp_path / "处理单.xlsx"
    shutil.copy(resource_dir("samples") / "处理单.xlsx", book)
    wb = openpyxl.load_workbook(book)
    ws = wb["处理单"]
    ws["H3"] = "随便写"  # 文件类别: an error, so the copy has a marked cell
    wb.save(book)
    run_row_documents(SLIP, book, tmp_path / "out", RunOptions())
    return tmp_path / "out" / "校验报告.xlsx"


def test_wide_sheet_goes_two_pages_across(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_report(tmp_path))["处理单"]
    assert ws.max_column >= 25
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale == PRINT_SCALE
    assert ws.page_setup.pageOrder == "overThenDown"
    assert ws.print_title_cols == "$A:$A"


def test_wide_sheet_text_is_readable_in_print(tmp_path: Path, require_pdf_tools: None) -> None:
    report = _report(tmp_path)
    pdf = soffice_pdf(report, tmp_path / "pdf", tmp_path)
    with pdfplumber.open(pdf) as doc:
        sizes = [c["size"] for page in doc.pages for c in page.chars if c["text"].strip()]
        texts = "".join(page.extract_text() or "" for page in doc.pages)
    assert sizes
    body = sorted(sizes)[len(sizes) // 2]  # the median: the cells' text
    assert body >= 7, body  # was about 2.3 pt at one page wide
    assert "随便写" in texts
