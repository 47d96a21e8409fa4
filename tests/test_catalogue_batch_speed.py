"""Issue 19, the catalogue batch: the work that is the same for every unit is done once.

Units with the same catalogue get their own .xlsx as a copy of one workbook laid out once
(outputs/xlsxfile.py WorkbookCopies), and their sheets of the combined workbook replay the
first such sheet (SafeWorksheet.replay). What the user gets must be what writing every unit
directly gives: the same parts, byte for byte.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

import fupin_docs.kinds.catalogue.xlsx as cat_xlsx
from fupin_docs.kinds.catalogue.xlsx import (
    CatalogueFiles,
    CombinedSheets,
    make_formats,
    write_catalogue_sheet,
    write_catalogue_xlsx,
)
from fupin_docs.outputs.xlsxfile import DocProps, Workbook
from fupin_docs.pipeline.catalogue import run_catalogue_batch
from fupin_docs.standard.catalogues.model import builtin_catalogue
from tests.test_catalogue import YIMEI, CatalogueOptions, write_units

NAMES = [
    "伊美区扶贫开发局",  # plain: copied
    "伊美区 扶贫开发局",  # a blank: the sheet name is quoted in the print titles
    "县委办（县档案局）",  # full-width brackets: quoted too
    "A&B<局>\"'",  # needs escaping: written directly
    " 前后有空格 ",  # leading/trailing blanks (xml:space="preserve"): written directly
    "_x0041_局",  # Excel's own escape: written directly
    "=HYPERLINK(1)",  # formula-looking: quote prefix, written directly
    "Sheet1",
]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def subtitle(name: str) -> str:
    return f"编制单位：{name}　　　　年度：2026年"


@pytest.mark.parametrize("name", NAMES)
def test_a_units_copied_xlsx_has_the_parts_of_the_directly_written_one(
        tmp_path: Path, name: str) -> None:
    cat = builtin_catalogue("yimei")
    files = CatalogueFiles()
    files.write(tmp_path / "first.xlsx", cat, subtitle("第一个单位"), "第一个单位")  # the layout
    files.write(tmp_path / "copy.xlsx", cat, subtitle(name), name)
    write_catalogue_xlsx(tmp_path / "direct.xlsx", cat, subtitle(name), name)
    direct = (tmp_path / "direct.xlsx").read_bytes()
    copied = (tmp_path / "copy.xlsx").read_bytes()
    assert parts(copied) == parts(direct)
    assert next(iter(parts(copied))) == "[Content_Types].xml"


def test_units_of_one_catalogue_are_laid_out_once(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch must not lay out the same catalogue unit after unit: the layouts done do
    not grow with the units (one for the units' files, one for the combined workbook)."""
    calls: list[int] = []
    real = cat_xlsx.write_catalogue_sheet

    def counting(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        real(*args, **kwargs)

    monkeypatch.setattr(cat_xlsx, "write_catalogue_sheet", counting)
    counts = []
    for n in (3, 30):
        units = [dict(YIMEI, unit=f"伊美区第{i}单位") for i in range(n)]
        src = write_units(tmp_path / f"u{n}.xlsx", units, [])
        calls.clear()
        report = run_catalogue_batch(src, tmp_path / f"out{n}",
                                     CatalogueOptions(year=2026, formats=("xlsx",)))
        assert report.rendered == n
        counts.append(len(calls))
    assert counts == [2, 2]


def test_replayed_sheets_give_the_combined_workbook_written_sheet_by_sheet() -> None:
    """SafeWorksheet.replay: the same bytes as writing every sheet, other catalogues and
    formula-looking text in between."""
    yimei, wanyuan = builtin_catalogue("yimei"), builtin_catalogue("wanyuan")
    units = [(yimei, "甲局"), (wanyuan, "乙局"), (yimei, "丙局"), (yimei, "丁 局"),
             (wanyuan, "戊局"), (yimei, "=己局")]

    def combined(replay: bool) -> bytes:
        buffer = io.BytesIO()
        book = Workbook(buffer, DocProps(title="汇总"))
        summary = book.add_worksheet("汇总")
        fmt = make_formats(book)
        summary.write_string(0, 0, "标准目录编制情况汇总", fmt.title)
        sheets = CombinedSheets(fmt)
        for cat, name in units:
            ws = book.add_worksheet(name)
            if replay:
                sheets.write(ws, cat, subtitle(name))
            else:
                write_catalogue_sheet(ws, fmt, cat, subtitle(name))
        summary.activate()
        book.close()
        return buffer.getvalue()

    assert combined(replay=True) == combined(replay=False)


def test_a_sheet_is_not_replayed_when_the_swapped_text_is_not_unique() -> None:
    book = Workbook(io.BytesIO())
    book.add_worksheet("汇总")  # the selected sheet
    first, second = book.add_worksheet("a"), book.add_worksheet("b")
    first.record()
    first.write_string(0, 0, "同一句")
    first.write_string(1, 0, "同一句")
    assert not second.replay(first, {"同一句": "另一句"})
    assert second.replay(first, {})
    book.close()
