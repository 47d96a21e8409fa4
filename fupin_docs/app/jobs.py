"""The jobs a user can run, by name: how to make the blank workbook and how to run it.

The CLI and the local web page both list and run jobs from here, so there is one
implementation of every job. Each document kind adds one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..kinds.blank import INIT_KINDS
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
from ..standard.profile import find_profile
from .import_cmd import IMPORT_XLSX, run_import

RunJob = Callable[[Path, Path, RunOptions], Report]


@dataclass(frozen=True)
class TextField:
    """A line of text the web page asks for beside the upload (the CLI option of the same
    meaning); the job's ``run_fields`` gets what the clerk typed."""

    name: str  # the form field's name
    label: str  # as the page shows it, and as messages name it
    hint: str


@dataclass(frozen=True)
class Job:
    name: str  # command name, e.g. "slips"
    label: str  # Chinese name shown to users
    description: str
    init_name: str  # suggested file name of the blank workbook ("": the job has none)
    init: Callable[[Path], None] | None  # None: nothing to fill in (import-catalogue)
    run: RunJob  # (input, output folder, options)
    uses_catalogue: bool = False  # the page offers a county catalogue upload (--catalogue)
    # jobs that read several files at once (inspect): (inputs, output folder, options)
    run_many: Callable[[list[Path], Path, RunOptions], Report] | None = None
    # what the upload may be; its name on the page
    accepts: tuple[str, ...] = (".xlsx", ".json")
    accepts_text: str = "Excel 工作簿 .xlsx 或 JSON 文件 .json"
    report_xlsx: str = REPORT_XLSX  # the annotated report the page offers for download
    keep_name: bool = False  # the input keeps (a safe form of) its uploaded name
    made: str = "份文书"  # what ``rendered`` counts, as the result page says it
    fields: tuple[TextField, ...] = ()  # text the page asks for (import-catalogue: 编制单位)
    # run with what was typed into ``fields`` (empty ones left out)
    run_fields: Callable[[Path, Path, RunOptions, Mapping[str, str]], Report] | None = None


# the blank workbook (fupin-docs init KIND) a job's upload is filled in from: its file name
BLANK_NAMES = {"slips": "处理单.xlsx", "letters": "督查.xlsx", "catalogue": "单位.xlsx"}


def _blank(kind: str) -> Callable[[Path], None]:
    def init(path: Path) -> None:
        # the blank workbook's notes in the office's words (the user's configuration
        # folder's profile, like the runs of the web page)
        INIT_KINDS[kind](path, find_profile())

    return init


def _job(name: str, label: str, description: str, blank: str, run: RunJob,
         **more: Any) -> Job:
    """A job whose upload is filled in from the blank workbook ``fupin-docs init <blank>``."""
    return Job(name=name, label=label, description=description, init_name=BLANK_NAMES[blank],
               init=_blank(blank), run=run, **more)


def _run_slips(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    return run_row_documents(SLIP, source, out_dir, opts)


# The ledger and catalogue jobs import openpyxl (their templates are read and written
# with it, ~30 MB): here, when such a job runs, not in every process that lists the jobs.


def _run_ledger(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    from ..pipeline.ledger import run_ledger

    return run_ledger(source, out_dir / "发布台账.xlsx", opts)


def _run_letters(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    return run_grouped_documents(LETTER, source, out_dir, opts)


def _run_followup(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    writer = followup_writer(template_for(FOLLOWUP_TEMPLATE, opts.template_dir))
    return run_grouped_summary(LETTER, source, out_dir, writer, opts, label=FOLLOWUP_LABEL)


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
    return run_import([source], out_dir, profile=opts.profile)


def _run_import_fields(source: Path, out_dir: Path, opts: RunOptions,
                       fields: Mapping[str, str]) -> Report:
    """The same, with the 编制单位 typed on the page (import-catalogue --unit)."""
    return run_import([source], out_dir, unit=fields.get("unit", ""), profile=opts.profile)


UNIT_FIELD = TextField(name="unit", label="编制单位",
                       hint="可选，如“盖州市民政局”；不填则取表格标题中的单位，或最常见的公开主体")


def _run_inspect_many(sources: list[Path], out_dir: Path, opts: RunOptions) -> Report:
    inspect = InspectOptions(date=opts.today, calendar=opts.calendar, progress=opts.progress,
                             profile=opts.profile)
    items = opts.items
    if items is not None:  # the county catalogue uploaded on the page
        inspect.catalogues = ("本县目录",)
        inspect.loader = lambda _spec: list(items.catalogues)
    return run_inspect(sources, out_dir, inspect)


def _run_inspect(source: Path, out_dir: Path, opts: RunOptions) -> Report:
    return _run_inspect_many([source], out_dir, opts)


JOBS: dict[str, Job] = {job.name: job for job in (
    _job("slips", "政务公开信息处理单",
         "每条拟公开信息一行，逐行生成处理单（Word），校验审签链和工作日时限。",
         "slips", _run_slips, uses_catalogue=True),
    _job("ledger", "政务公开信息发布台账",
         "由处理单工作簿生成发布台账（Excel），按工作日判断是否按时公开，附汇总和图表。",
         "slips", _run_ledger, uses_catalogue=True),
    _job("letters", "政务公开工作监督检查及整改意见书",
         "由督查工作簿（检查、问题两个工作表）为每个被检查单位生成整改意见书（GB/T 9704-2012 版式）。",
         "letters", _run_letters),
    _job("followup", "整改复查情况报告和整改台账",
         "复查后：由同一督查工作簿生成复查情况报告（Word）和整改台账（Excel），列出逾期未整改问题。",
         "letters", _run_followup),
    _job("catalogue", "扶贫领域基层政务公开标准目录",
         "由单位清单为每个单位批量生成标准目录（Excel 和 Word），校验必备要素。",
         "catalogue", _run_catalogue, uses_catalogue=True),
    Job(
        name="import-catalogue",
        label="导入本县（区）标准目录",
        description="上传本县发布的基层政务公开标准目录表格（.xlsx、.docx、.html、.pdf），"
                    "下载目录文件（.json，处理单、台账页面可上传使用）和导入报告。",
        init_name="",
        init=None,
        run=_run_import,
        fields=(UNIT_FIELD,),
        run_fields=_run_import_fields,
        accepts=(".xlsx", ".docx", ".html", ".htm", ".pdf"),
        accepts_text="发布的目录表格 .xlsx、.docx、.html、.pdf（有文字层）",
        report_xlsx=IMPORT_XLSX,
        keep_name=True,
        made="个事项",
    ),
    _job("inspect", "检查",
         "上传各单位的处理单和发布台账工作簿（可一次选多个），按规范逐条检查，"
         "得到预填好的督查工作簿（可直接用于整改意见书）和检查报告（各单位按时公开率、"
         "程序合规率、目录覆盖率）。",
         "slips", _run_inspect, run_many=_run_inspect_many, uses_catalogue=True),
)}
