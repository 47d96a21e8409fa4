"""Streamed (constant_memory) sheets: SafeWorksheet writes the common cells itself, and the
result must be byte-identical to xlsxwriter's own writer, part for part."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import openpyxl
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from fupin_docs.outputs.xlsxfile import SafeWorksheet, Workbook

AWKWARD = ["&", "<", ">", '"', "'", " ", "  ", "\n", "\r\n", "\t", "_x0041_", "_X00a1_",
           "_x005F_", "_x12G4_", "_x", "<r>", "</r>", "&amp;", "\ufffe", "\uffff", "\u3000",
           "\xa0", "\x85", "\u2028", "\x7f", "=1+1", "-2", "@A", "中文", "𠀀"] + \
    [chr(i) for i in range(32)]
text = st.lists(st.one_of(st.sampled_from(AWKWARD),
                          st.text(st.characters(blacklist_categories=["Cs"]), max_size=4)),
                max_size=8).map("".join)
number = st.one_of(st.integers(-10**22, 10**22),
                   st.floats(allow_nan=False, allow_infinity=False),
                   st.sampled_from([0.1, -0.0, 1e-300, 5e-324, 1.7976931348623157e308,
                                    123456789012345678, 2**53 + 1, -1.5]))
value = st.one_of(text, text, number, st.none(), st.booleans(),
                  st.sampled_from(["formula", "rich", "date", "blank", "url"]))
cell = st.tuples(st.integers(0, 40), value, st.integers(-1, 3))
row = st.tuples(st.integers(1, 3), st.lists(cell, max_size=8), st.integers(-1, 3),
                st.booleans())
sheet = st.lists(row, max_size=12)

WHEN = dt.datetime(2026, 1, 1)


def _write(ws: Any, fmts: list[Any], rows: list[Any]) -> None:
    ws.set_column(3, 5, 12, fmts[2])
    ws.set_column(30, 30, None, fmts[1])
    r = 0
    for step, cells, row_fmt, tall in rows:
        r += step
        if row_fmt >= 0 or tall:
            ws.set_row(r, 30 if tall else None, fmts[row_fmt] if row_fmt >= 0 else None)
        for col, v, f in cells:
            fmt = fmts[f] if f >= 0 else None
            if v == "formula":
                ws.write_formula(r, col, "=SUM(A1:B2)&\"<x>\"", fmt, "a&b")
            elif v == "rich":
                ws.write_rich_string(r, col, fmts[0], " bold ", "plain&")
            elif v == "date":
                ws.write_datetime(r, col, dt.datetime(2025, 3, 4, 5, 6), fmts[3])
            elif v == "blank":
                ws.write_blank(r, col, None, fmt)
            elif v == "url":
                ws.write_url(r, col, "https://example.org/?a=1&b=2", fmt, "链接")
            elif isinstance(v, str):
                ws.write_string(r, col, v, fmt)
            else:
                ws.write(r, col, v, fmt)
    ws.merge_range(r + 2, 0, r + 2, 3, "合并 & 单元格", fmts[0])


def _package(worksheet_class: type, rows: list[Any]) -> dict[str, bytes]:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    wb.set_properties({"created": WHEN})
    fmts = [wb.add_format({"bold": True}), wb.add_format({"text_wrap": True, "border": 1}),
            wb.add_format({"num_format": "0.00"}), wb.add_format({"num_format": "yyyy-mm-dd"})]
    _write(wb.add_worksheet("数据", worksheet_class=worksheet_class), fmts, rows)
    wb.add_worksheet("空", worksheet_class=worksheet_class)
    wb.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        return {name: z.read(name) for name in z.namelist()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=sheet)
def test_streamed_cells_are_byte_identical_to_xlsxwriter(rows: list[Any]) -> None:
    plain = _package(Worksheet, rows)
    ours = _package(SafeWorksheet, rows)
    assert list(ours) == list(plain)
    for name, data in plain.items():
        assert ours[name] == data, name


def test_streamed_sheet_of_every_awkward_text_is_byte_identical() -> None:
    rows = [(1, [(c, t, c % 4 - 1) for c, t in enumerate(AWKWARD[i:i + 10])], -1, False)
            for i in range(0, len(AWKWARD), 10)]
    rows.append((1, [(0, "".join(AWKWARD), 0), (27, " 前后空格 ", -1)], 1, True))
    assert _package(SafeWorksheet, rows) == _package(Worksheet, rows)


def test_streamed_formula_looking_text_keeps_the_quote_prefix() -> None:
    out = io.BytesIO()
    wb = Workbook(out, options={"in_memory": False})
    ws = wb.add_worksheet("台账", stream=True)
    for r, t in enumerate(["=HYPERLINK(\"x\")", "+cmd|x", "普通", "@SUM(A1)", "-2+3"]):
        ws.write_string(r, 0, t)
        ws.write_number(r, 1, r)
    wb.close()
    cells = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["台账"]
    quoted = {c.value: c.quotePrefix for (c,) in cells.iter_rows(max_col=1)}
    assert quoted == {"=HYPERLINK(\"x\")": True, "+cmd|x": True, "普通": False,
                      "@SUM(A1)": True, "-2+3": True}
    assert [c.value for (c,) in cells.iter_rows(min_col=2, max_col=2)] == [0, 1, 2, 3, 4]


row_value = st.one_of(text, text, number, st.none(), st.dates(), st.datetimes(
    min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)))
whole_row = st.tuples(st.integers(1, 3), st.lists(st.tuples(row_value, st.integers(-1, 3)),
                                                  max_size=16), st.booleans())


def _rows_package(rows: list[Any], whole: bool, stream: bool = True) -> dict[str, bytes]:
    out = io.BytesIO()
    wb = Workbook(out, options={"in_memory": False})
    fmts = [wb.add_format({"bold": True}), wb.add_format({"text_wrap": True, "border": 1}),
            wb.add_format({"num_format": "0.00"}), wb.add_format({"num_format": "yyyy-mm-dd"})]
    ws = wb.add_worksheet("台账", stream=stream)
    r = 0
    for step, cells, tall in rows:
        r += step
        if tall:
            ws.set_row(r, 45)
        typed = [(v, fmts[f] if f >= 0 else None) for v, f in cells]
        if whole:
            ws.write_cells(r, typed, fmts[3] if r % 2 else None)
            continue
        for c, (v, fmt) in enumerate(typed):  # what write_cells stands for, cell by cell
            if v is None:
                ws.write_blank(r, c, None, fmt)
            elif isinstance(v, str):
                ws.write_string(r, c, v, fmt)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, v, (fmts[3] if r % 2 else None) or fmt)
            else:
                ws.write_number(r, c, v, fmt)
    wb.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        return {name: z.read(name) for name in z.namelist()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(whole_row, max_size=10))
def test_whole_rows_are_the_cells_written_one_by_one(rows: list[Any]) -> None:
    """SafeWorksheet.write_cells (the ledger's 100,000 rows): the same package, byte for
    byte, as write_string / write_number / write_datetime / write_blank cell by cell, on a
    streamed sheet and on an ordinary one."""
    for stream in (True, False):
        assert _rows_package(rows, whole=True, stream=stream) \
            == _rows_package(rows, whole=False, stream=stream)
