"""Issue 21: the faults found when the toolkit was probed as a hostile user, one test each.

Every test here was written before its fix and failed on the code it fixes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner
from slipbook import row, write_book

from fupin_docs.app.cli import cli
from fupin_docs.outputs.folder import REPORT_JSON, REPORT_XLSX


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


# ----------------------------------------------------------------- implausible dates


def test_implausible_year_is_a_row_error_naming_cell(tmp_path: Path) -> None:
    """A mistyped year (2062, 1900) in one row is that row's error, named with the year as
    typed and its column; the other rows are written and the reports always are."""
    book = write_book(tmp_path / "in.xlsx", [
        row(2), row(3, draft_date=dt.date(2062, 3, 9)), row(4, deputy_date="1900-03-10"), row(5),
    ])
    out = tmp_path / "out"
    code, output = run_cli("slips", str(book), "-o", str(out), "-q")
    assert code == 1, output
    report = json.loads((out / REPORT_JSON).read_text("utf-8"))
    assert (out / REPORT_XLSX).exists()
    stats = report["stats"]
    assert stats["rows_read"] == 4 and stats["rendered"] == 2 and stats["rejected"] == 2
    by_row = {i["row"]: i for i in report["issues"] if i["severity"] == "error"}
    assert "2062" in by_row[3]["message"] and by_row[3]["column_letter"] == "E"
    assert "1900" in by_row[4]["message"] and by_row[4]["column"] == "分管领导审签日期"
    assert len(list(out.glob("*.docx"))) == 2


# ----------------------------------------------------------------- 编号


def test_document_number_with_path_characters_rejected(tmp_path: Path) -> None:
    """附录C: the number itself is 机关代字〔年份〕序号号, with no path characters."""
    bad = ["../../../x/pwn〔2026〕1号", "a\\b〔2026〕2号", "万扶:公〔2026〕3号", "..〔2026〕4号"]
    book = write_book(tmp_path / "in.xlsx", [row(2)] + [row(9, number=n) for n in bad])
    out = tmp_path / "out"
    code, _ = run_cli("slips", str(book), "-o", str(out), "-q")
    assert code == 1
    report = json.loads((out / REPORT_JSON).read_text("utf-8"))
    assert report["stats"]["rendered"] == 1 and report["stats"]["rejected"] == len(bad)
    bad_rows = {i["row"] for i in report["issues"] if i["field"] == "number"}
    assert bad_rows == {3, 4, 5, 6}
    assert not (tmp_path / "x").exists()
