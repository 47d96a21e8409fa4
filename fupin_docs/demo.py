"""fupin-docs demo: render everything the toolkit can do from the bundled samples."""

from __future__ import annotations

from pathlib import Path

from .pipeline import RunOptions, run_ledger, run_row_documents
from .report import Report
from .resources import resource_dir


def run_demo(out_dir: Path) -> list[tuple[str, Report]]:
    from .kinds.slip import KIND as SLIP

    samples = resource_dir("samples")
    results: list[tuple[str, Report]] = []
    slips_dir = out_dir / "处理单"
    results.append(("处理单", run_row_documents(SLIP, samples / "处理单.xlsx", slips_dir, RunOptions())))
    ledger = out_dir / "台账" / "发布台账.xlsx"
    results.append(("台账", run_ledger(samples / "处理单.xlsx", ledger, RunOptions(), year=2026)))
    from .kinds.catalogue import CatalogueOptions, run_catalogue_batch

    results.append(("标准目录", run_catalogue_batch(
        samples / "单位.xlsx", out_dir / "标准目录", CatalogueOptions(year=2026))))
    return results
