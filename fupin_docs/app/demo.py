"""fupin-docs demo: render everything the toolkit can do from the bundled samples.

The whole loop of a year: slips -> ledger -> inspect (the records find their own problems and
pre-fill the 督查 workbook) -> letters (from that workbook, unedited) -> followup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..kinds.catalogue import CatalogueOptions
from ..kinds.followup import LABEL, TEMPLATE, followup_writer
from ..kinds.letter import KIND as LETTER
from ..kinds.slip import KIND as SLIP
from ..outputs.report import Report
from ..pipeline import (
    RunOptions,
    run_grouped_documents,
    run_grouped_summary,
    run_row_documents,
    template_for,
)
from ..pipeline.catalogue import run_catalogue_batch
from ..pipeline.inspect import InspectOptions, run_inspect
from ..pipeline.ledger import run_ledger
from ..resources import resource_dir
from ..standard.profile import DEFAULT as DEFAULT_PROFILE
from ..standard.profile import Profile


def run_demo(out_dir: Path, profile: Profile = DEFAULT_PROFILE) -> list[tuple[str, Report]]:

    samples = resource_dir("samples")
    results: list[tuple[str, Report]] = []
    slips_dir = out_dir / "处理单"
    results.append(("处理单", run_row_documents(SLIP, samples / "处理单.xlsx", slips_dir, RunOptions(profile=profile))))
    ledger = out_dir / "台账" / "发布台账.xlsx"
    results.append(("台账", run_ledger(samples / "处理单.xlsx", ledger, RunOptions(profile=profile), year=2026)))

    results.append(("标准目录", run_catalogue_batch(
        samples / "单位.xlsx", out_dir / "标准目录", CatalogueOptions(year=2026, profile=profile))))
    inspect = run_inspect([samples / "处理单.xlsx", ledger], out_dir / "检查", InspectOptions(
        date=INSPECTED, members=("王建国", "李明", "张丽"), prefix=f"{profile.short}扶督",
        signer=profile.inspection_group, profile=profile))
    results.append(("检查", inspect))
    workbook = out_dir / "检查" / str(inspect.extra["workbook"])
    results.extend(_letters_demo(workbook, out_dir, profile))
    return results


INSPECTED = dt.date(2026, 11, 20)  # the 督查小组's visit
REVIEWED = dt.date(2026, 12, 21)  # the follow-up: every 整改时限 has passed


def _letters_demo(workbook: Path, out_dir: Path,
                  profile: Profile = DEFAULT_PROFILE) -> list[tuple[str, Report]]:
    letters = run_grouped_documents(LETTER, workbook, out_dir / "整改意见书",
                                    RunOptions(profile=profile))
    followup = run_grouped_summary(LETTER, workbook, out_dir / "复查", followup_writer(
        template_for(TEMPLATE, None)), RunOptions(today=REVIEWED, profile=profile), label=LABEL)
    return [("整改意见书", letters), ("复查", followup)]
