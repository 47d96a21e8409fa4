"""The output folder: report file names, never writing over an input, stale temp files, reports."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from ..types import FupinError
from .annotate import write_annotated
from .atomic import write_text_atomic
from .report import Report

REPORT_JSON = "report.json"


REPORT_XLSX = "校验报告.xlsx"


def remove_stale_parts(out_dir: Path) -> None:
    """Temporary files of a run that was killed (atomic.py names them .~*.part)."""
    for stale in out_dir.glob(".~*.part"):
        with contextlib.suppress(OSError):
            stale.unlink()


def write_reports(report: Report, source: Path, out_dir: Path) -> None:
    """report.json and 校验报告.xlsx (from the rows the run read: ``report.copies``)."""
    report.outputs.extend([REPORT_JSON, REPORT_XLSX])
    try:
        write_annotated(source, report.issues, out_dir / REPORT_XLSX, report.copies,
                        report.omitted_text())
    finally:
        for copy in report.copies:
            copy.close()
        report.copies.clear()
    write_text_atomic(out_dir / REPORT_JSON, report.to_json() + "\n")


def refuse_input_as_output(inputs: Sequence[Path], outputs: Sequence[Path]) -> None:
    """Stop before an output is written over an input file (e.g. the clerk corrected
    校验报告.xlsx in place and runs it again into the same output folder)."""
    for src in inputs:
        for out in outputs:
            if src.exists() and out.exists() and src.resolve() == out.resolve():
                raise FupinError(f"输出文件 {out} 与输入文件相同，会覆盖输入；"
                                 "请把输入文件另存到别处或换一个输出文件夹")


def refuse_reports_over_input(path: Path, out_dir: Path) -> None:
    refuse_input_as_output([path], [out_dir / REPORT_JSON, out_dir / REPORT_XLSX])

