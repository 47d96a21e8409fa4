"""Row heights of the 台账 as printed (issue 19): every cell's text shows whole, and no row
is much taller than its text, measured with pdfplumber on LibreOffice's PDF.

The heights are estimated for Excel's column widths (a width unit is 7 px of Calibri, the
workbook's default font). Where LibreOffice lacks Calibri's metrics (no Carlito), it draws
every column about a third wider and wraps the same text to fewer lines; the tightness
check therefore also renders a copy whose column widths are scaled so that LibreOffice
draws them as wide as Excel does (measured from the first rendering).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import soffice_pdf
from test_ledger import run as run_ledger_sample
from test_ledger import slip, write_slips

from fupin_docs.kinds.ledger.workbook import LEDGER_COLUMNS
from fupin_docs.render.xlsx import LINE_EM, ROW_PAD_PT

pytestmark = pytest.mark.pdf

TITLES = (
    "短标题",
    "关于2026年度财政专项扶贫资金分配结果的公告（第一批次县级资金、到村到户项目及带贫减贫机制）",
    "关于调整局领导班子成员工作分工的通知",
    "2026年第3季度扶贫项目资金使用情况公示（含ABC-123号项目、45.6万元）",
    "关于《万源市扶贫工作公开规范》执行情况的通报",
    "精准扶贫贷款贴息名单公示表",
)


def _rows() -> list[dict[str, Any]]:
    rows = []
    for i in range(12):
        day = dt.date(2026, 3, 2) + dt.timedelta(days=7 * i)
        rows.append(slip(i + 1, title=TITLES[i % len(TITLES)], formed_date=day, draft_date=day,
                         deputy_date=day + dt.timedelta(days=1),
                         published_date=day + dt.timedelta(days=2 + 3 * (i % 3)),
                         remarks="请于公开后报送县政务公开办备案" if i % 4 == 1 else None))
    return rows


def _scaled_copy(src: Path, dst: Path, factor: float) -> None:
    """``src`` with every column width multiplied by ``factor``."""
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'width="([0-9.]+)"', lambda m: b'width="%.4f"' % (
                    float(m.group(1)) * factor), data)
            zout.writestr(info, data)
    dst.write_bytes(out.getvalue())


def _table_rows(pdf: Path) -> tuple[list[dict[str, Any]], list[float]]:
    """The data rows of the 发布台账 pages: their box, font scale and, per column, the
    characters drawn in them; and the column widths drawn (points, first page)."""
    import pdfplumber

    rows: list[dict[str, Any]] = []
    widths: list[float] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            text = page.extract_text() or ""
            if "发布台账" not in text:  # the 不予公开登记 and 汇总 sheets follow
                break
            xs = _distinct(e["x0"] for e in page.edges if e["orientation"] == "v")
            ys = _distinct(e["top"] for e in page.edges if e["orientation"] == "h")
            if not widths:
                widths = [b - a for a, b in itertools.pairwise(xs)]
            for top, bottom in itertools.pairwise(ys):
                cells: dict[int, list[Any]] = defaultdict(list)
                for ch in page.chars:
                    if top < (ch["top"] + ch["bottom"]) / 2 < bottom and ch["text"].strip():
                        cells[sum(1 for x in xs if x <= ch["x0"])].append(ch)
                first = "".join(c["text"] for c in sorted(cells.get(1, []), key=lambda c: c["x0"]))
                if not first.isdigit():  # the header row
                    continue
                rows.append({"top": top, "bottom": bottom, "cells": dict(cells),
                             "size": max(c["size"] for cs in cells.values() for c in cs)})
    return rows, widths


def _distinct(values: Any) -> list[float]:
    """Border positions, those less than a point apart (a line's two edges) taken once."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > 1:
            out.append(v)
    return out


def _cell_text(chars: list[Any]) -> str:
    return "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])))


def _check_nothing_cut(rows: list[dict[str, Any]], book: Path) -> None:
    ws = openpyxl.load_workbook(book)["发布台账"]
    expected = {int(r[0]): r for r in ws.iter_rows(min_row=3, values_only=True)
                if isinstance(r[0], int)}
    assert len(rows) == len(expected)
    for row in rows:
        seq = int(_cell_text(row["cells"][1]))
        for c, chars in row["cells"].items():
            assert max(ch["bottom"] for ch in chars) <= row["bottom"] + 0.5, (seq, c)
        for c in (3, 14, 15):  # 信息标题, 适用时限, 备注: the whole text is drawn
            want = re.sub(r"\s", "", str(expected[seq][c - 1] or ""))
            assert _cell_text(row["cells"].get(c, [])) == want, (seq, c)


def test_ledger_rows_show_all_their_text_and_no_more(tmp_path: Path,
                                                      require_pdf_tools: None) -> None:
    src = write_slips(tmp_path / "处理单.xlsx", _rows())
    book = tmp_path / "台账.xlsx"
    run_ledger_sample(src, book, year=2026)
    rows, widths = _table_rows(soffice_pdf(book, tmp_path, tmp_path))
    _check_nothing_cut(rows, book)

    # LibreOffice's width unit against Excel's (7 px of Calibri, 5 px more a column)
    scale = rows[0]["size"] / 10  # the 10 pt text as printed (fitted to the page width)
    drawn_px = sum(widths[:len(LEDGER_COLUMNS)]) / scale * 96 / 72
    excel_px = sum(w * 7 + 5 for _, w in LEDGER_COLUMNS)
    factor = excel_px / drawn_px
    excel = tmp_path / "excel" / "台账.xlsx"
    excel.parent.mkdir()
    _scaled_copy(book, excel, factor)
    rows, widths = _table_rows(soffice_pdf(excel, excel.parent, tmp_path / "excel"))
    _check_nothing_cut(rows, book)
    drawn_px = sum(widths[:len(LEDGER_COLUMNS)]) / (rows[0]["size"] / 10) * 96 / 72
    assert drawn_px == pytest.approx(excel_px, rel=0.03)  # columns as wide as Excel's
    for row in rows:
        scale = row["size"] / 10
        line = 10 * LINE_EM * scale
        text_bottom = max(ch["bottom"] for chars in row["cells"].values() for ch in chars)
        spare = row["bottom"] - text_bottom
        # under the last line: its leading and the padding, and at most one spare line
        # (where the text is close to a wrap)
        below = (LINE_EM - 1) * 10 * scale + ROW_PAD_PT * scale
        assert spare <= below + line + 1, _cell_text(row["cells"][1])
