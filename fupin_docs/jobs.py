"""The jobs a user can run, by name: how to make the blank workbook and how to run it.

The CLI and the local web page both list and run jobs from here, so there is one
implementation of every job. Each document kind adds one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .pipeline import RunOptions, run_row_documents
from .report import Report


@dataclass(frozen=True)
class Job:
    name: str  # command name, e.g. "slips"
    label: str  # Chinese name shown to users
    description: str
    init_name: str  # suggested file name of the blank workbook
    init: Callable[[Path], None]
    run: Callable[[Path, Path, RunOptions], Report]  # (input, output folder, options)


def _init_slips(path: Path) -> None:
    from .init_workbooks import init_slips

    init_slips(path)


def _run_slips(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    from .kinds.slip import KIND

    return run_row_documents(KIND, source, out_dir, opts)


def _run_ledger(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    from .pipeline import run_ledger

    return run_ledger(source, out_dir / "发布台账.xlsx", opts)


JOBS: dict[str, Job] = {
    "slips": Job(
        name="slips",
        label="政务公开信息处理单",
        description="每条拟公开信息一行，逐行生成处理单（Word），校验审签链和工作日时限。",
        init_name="处理单.xlsx",
        init=_init_slips,
        run=_run_slips,
    ),
    "ledger": Job(
        name="ledger",
        label="政务公开信息发布台账",
        description="由处理单工作簿生成发布台账（Excel），按工作日判断是否按时公开，附汇总和图表。",
        init_name="处理单.xlsx",
        init=_init_slips,
        run=_run_ledger,
    ),
}
