"""The jobs a user can run, by name: how to make the blank workbook and how to run it.

The CLI and the local web page both list and run jobs from here, so there is one
implementation of every job. Each document kind adds one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..kinds.blank import INIT_KINDS, init_slips
from ..kinds.followup import LABEL as FOLLOWUP_LABEL
from ..kinds.followup import TEMPLATE as FOLLOWUP_TEMPLATE
from ..kinds.followup import followup_writer
from ..kinds.letter import KIND as LETTER
from ..kinds.slip import KIND as SLIP
from ..outputs.folder import REPORT_XLSX
from ..outputs.report import Report
from ..pipeline import (
    RunOptions,
    run_grouped_documents,
    run_grouped_summary,
    run_row_documents,
    template_for,
)
from ..pipeline.inspect import InspectOptions, run_inspect
from .import_cmd import IMPORT_XLSX, run_import


@dataclass(frozen=True)
class Job:
    name: str  # command name, e.g. "slips"
    label: str  # Chinese name shown to users
    description: str
    init_name: str  # suggested file name of the blank workbook ("": the job has none)
    init: Callable[[Path], None] | None  # None: nothing to fill in (import-catalogue)
    run: Callable[[Path, Path, RunOptions], Report]  # (input, output folder, options)
    uses_catalogue: bool = False  # the page offers a county catalogue upload (--catalogue)
    # jobs that read several files at once (inspect): (inputs, output folder, options)
    run_many: Callable[[list[Path], Path, RunOptions], Report] | None = None
    # what the upload may be; its name on the page
    accepts: tuple[str, ...] = (".xlsx", ".json")
    accepts_text: str = "Excel 工作簿 .xlsx 或 JSON 文件 .json"
    report_xlsx: str = REPORT_XLSX  # the annotated report the page offers for download
    keep_name: bool = False  # the input keeps (a safe form of) its uploaded name
    made: str = "份文书"  # what ``rendered`` counts, as the result page says it


def _init_slips(path: Path) -> None:

    init_slips(path)


def _run_slips(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    return run_row_documents(SLIP, source, out_dir, opts)


# The ledger and catalogue jobs import openpyxl (their templates are read and written
# with it, ~30 MB): here, when such a job runs, not in every process that lists the jobs.


def _run_ledger(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    from ..pipeline.ledger import run_ledger

    return run_ledger(source, out_dir / "发布台账.xlsx", opts)


def _init_letters(path: Path) -> None:

    INIT_KINDS["letters"](path)


def _run_letters(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    return run_grouped_documents(LETTER, source, out_dir, opts)


def _run_followup(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    writer = followup_writer(template_for(FOLLOWUP_TEMPLATE, opts.template_dir))
    return run_grouped_summary(LETTER, source, out_dir, writer, opts, label=FOLLOWUP_LABEL)


def _init_catalogue(path: Path) -> None:

    INIT_KINDS["catalogue"](path)


def _run_catalogue(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    from ..kinds.catalogue import CatalogueOptions
    from ..pipeline.catalogue import run_catalogue_batch

    # an uploaded county catalogue: a unit's 基础目录 may name it (catalogue --catalogue)
    return run_catalogue_batch(source, out_dir, CatalogueOptions(
        calendar=opts.calendar, template_dir=opts.template_dir,
        write_reports=opts.write_reports, progress=opts.progress,
        bases=tuple(opts.items.catalogues) if opts.items is not None else (),
        profile=opts.profile))


def _run_import(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    """import-catalogue on one uploaded table (its name gives the catalogue's id)."""
    return run_import([source], out_dir)


def _run_inspect_many(sources: list[Path], out_dir: Path, opts: RunOptions) -> Report:
    inspect = InspectOptions(date=opts.today, calendar=opts.calendar, progress=opts.progress)
    items = opts.items
    if items is not None:  # the county catalogue uploaded on the page
        inspect.catalogues = ("本县目录",)
        inspect.loader = lambda _spec: list(items.catalogues)
    return run_inspect(sources, out_dir, inspect)


def _run_inspect(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    return _run_inspect_many([source], out_dir, opts)


JOBS: dict[str, Job] = {
    "slips": Job(
        name="slips",
        label="政务公开信息处理单",
        description="每条拟公开信息一行，逐行生成处理单（Word），校验审签链和工作日时限。",
        init_name="处理单.xlsx",
        init=_init_slips,
        run=_run_slips,
        uses_catalogue=True,
    ),
    "ledger": Job(
        name="ledger",
        label="政务公开信息发布台账",
        description="由处理单工作簿生成发布台账（Excel），按工作日判断是否按时公开，附汇总和图表。",
        init_name="处理单.xlsx",
        init=_init_slips,
        run=_run_ledger,
        uses_catalogue=True,
    ),
    "letters": Job(
        name="letters",
        label="政务公开工作监督检查及整改意见书",
        description="由督查工作簿（检查、问题两个工作表）为每个被检查单位生成整改意见书（GB/T 9704-2012 版式）。",
        init_name="督查.xlsx",
        init=_init_letters,
        run=_run_letters,
    ),
    "followup": Job(
        name="followup",
        label="整改复查情况报告和整改台账",
        description="复查后：由同一督查工作簿生成复查情况报告（Word）和整改台账（Excel），列出逾期未整改问题。",
        init_name="督查.xlsx",
        init=_init_letters,
        run=_run_followup,
    ),
    "catalogue": Job(
        name="catalogue",
        label="扶贫领域基层政务公开标准目录",
        description="由单位清单为每个单位批量生成标准目录（Excel 和 Word），校验必备要素。",
        init_name="单位.xlsx",
        init=_init_catalogue,
        run=_run_catalogue,
        uses_catalogue=True,
    ),
    "import-catalogue": Job(
        name="import-catalogue",
        label="导入本县（区）标准目录",
        description="上传本县发布的基层政务公开标准目录表格（.xlsx、.docx、.html、.pdf），"
                    "下载目录文件（.json，处理单、台账页面可上传使用）和导入报告。",
        init_name="",
        init=None,
        run=_run_import,
        accepts=(".xlsx", ".docx", ".html", ".htm", ".pdf"),
        accepts_text="发布的目录表格 .xlsx、.docx、.html、.pdf（有文字层）",
        report_xlsx=IMPORT_XLSX,
        keep_name=True,
        made="个事项",
    ),
    "inspect": Job(
        name="inspect",
        label="检查",
        description="上传各单位的处理单和发布台账工作簿（可一次选多个），按规范逐条检查，"
                    "得到预填好的督查工作簿（可直接用于整改意见书）和检查报告（各单位按时公开率、"
                    "程序合规率、目录覆盖率）。",
        init_name="处理单.xlsx",
        init=_init_slips,
        run=_run_inspect,
        run_many=_run_inspect_many,
        uses_catalogue=True,
    ),
}
