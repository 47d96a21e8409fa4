"""fupin-docs demo: render everything the toolkit can do from the bundled samples."""

from __future__ import annotations

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
    results.extend(_letters_demo(samples / "督查.xlsx", out_dir, profile))
    return results


def _letters_demo(sample: Path, out_dir: Path,
                  profile: Profile = DEFAULT_PROFILE) -> list[tuple[str, Report]]:
    import datetime as dt


    letters = run_grouped_documents(LETTER, sample, out_dir / "整改意见书", RunOptions(profile=profile))
    # the sample's follow-up checks were done by 2026-11-20: report as of that day
    opts = RunOptions(today=dt.date(2026, 11, 20), profile=profile)
    followup = run_grouped_summary(LETTER, sample, out_dir / "复查", followup_writer(
        template_for(TEMPLATE, None)), opts, label=LABEL)
    return [("整改意见书", letters), ("复查", followup)]
