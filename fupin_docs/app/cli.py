"""Command line: parse options, call the library, print, exit code.

Exit codes: 0 no errors; 1 some rows were rejected; 2 usage or input-file errors.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..kinds.blank import CATALOGUE_INIT, INIT_KINDS
from ..kinds.slip import KIND
from ..outputs.atomic import write_text_atomic
from ..outputs.folder import REPORT_JSON, REPORT_XLSX, manifest_key, record_outputs
from ..outputs.progress import progress_for
from ..outputs.report import Report
from ..pipeline import RunOptions, run_row_documents
from ..render.pdf import PdfToolsMissing, convert_batch, documents_in, preview
from ..standard.calendar.workdays import WorkdayCalendar, load_office_calendar
from ..standard.catalogues import load_catalogues
from ..standard.catalogues.model import BUILTIN, Catalogue, ItemIndex, builtin_catalogue
from ..standard.content import check_content
from ..standard.scan import scan_file
from ..types import FupinError, os_error_message
from . import import_cmd, templates_cmd
from .calendar_cmd import calendar_group
from .clickcn import CnGroup, example, show_usage_error
from .entry import Terminated, forget_caught_interrupt, handle_sigterm
from .finish import finish_report
from .inspect_cmd import inspect_cmd
from .jobs import JOBS
from .params import DAY
from .profile_cmd import profile_option, resolve_profile, write_profile

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
FC = TypeVar("FC", bound=Callable[..., Any])


class FupinGroup(CnGroup):
    """Turns library errors into one Chinese line on stderr and exit code 2; click's own
    words are Chinese too (app/clickcn.py)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FupinError as exc:
            click.echo(f"错误：{exc}", err=True)
            ctx.exit(2)
        except click.UsageError as exc:  # one Chinese message and where to find the usage
            show_usage_error(exc, usage_in_chinese)
            ctx.exit(2)
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM: atomic_path removed the temp files
            terminated = isinstance(exc, Terminated)
            what = "已终止（收到结束信号）" if terminated else "已中断"
            click.echo(f"\n{what}：已生成的文件完整可用，未完成的文件没有留下；重新运行即可继续。",
                       err=True)
            forget_caught_interrupt()  # else `python -m` may still end as killed by SIGINT
            ctx.exit(143 if terminated else 130)
        except BrokenPipeError:  # the reader of the output stopped (| head, | more): not a
            raise  # file error; click's main quiets stdout and exits 1, as tools do
        except OSError as exc:  # disk full, no permission, file locked by Excel/WPS...
            click.echo(f"错误：{os_error_message(exc)}", err=True)
            ctx.exit(2)


_USAGE_CN: list[tuple[str, str]] = [
    (r"Missing argument (.+?)\.?$", r"缺少参数 \1"),
    (r"Missing option (.+?)\.?$", r"缺少必填选项 \1"),
    (r"No such option:? (.+?)\.?$", r"没有这个选项：\1"),
    (r"No such command (.+?)\.?$", r"没有这个命令：\1"),
    (r"Option (.+?) requires an argument\.?$", r"选项 \1 后面要跟一个值"),
    (r"Got unexpected extra arguments? \((.+)\)\.?$", r"多余的参数：\1"),
    (r"(?:Path|File|Directory) (.+?) does not exist\.?$", r"\1 不存在"),
    (r"File (.+?) is a directory\.?$", r"\1 是文件夹，这里要一个文件"),
    (r"Directory (.+?) is a file\.?$", r"\1 是文件，这里要一个文件夹"),
    (r"(.+?) is not one of (.+?)\.?$", r"\1 不是可选的值，可选：\2"),
    (r"(.+?) does not match the formats? (.+?)\.?$", r"\1 格式不对，应为年-月-日，如 2026-11-20"),
    (r"(.+?) is not a valid integer( range)?\.?$", r"\1 不是整数"),
    (r"(.+?) is not in the range (.+?)\.?$", r"\1 超出范围 \2"),
]


def usage_in_chinese(message: str) -> str:
    """Translate click's usage messages (a fixed, small set) into Chinese: a fallback for a
    message the gettext catalogue of app/clickcn.py does not know (another click version)."""
    import re

    hint = ""
    m = re.search(r"\.?\s*\(?(?:Possible options: (.+?)|Did you mean(?: one of:)? (.+?)\?)\)?$",
                  message)
    if m:
        hint = f"（是不是要写 {m.group(1) or m.group(2)}？）"
        message = message[: m.start()]
    prefix = ""
    m = re.match(r"Invalid value for (.+?): (.*)$", message, re.S)
    if m:
        prefix, message = f"{m.group(1)} 的值无效：", m.group(2)
    for pattern, repl in _USAGE_CN:
        new = re.sub(pattern, repl, message, flags=re.S)
        if new != message:
            message = new
            break
    return prefix + message + hint


def _auto_jobs() -> int:
    """Processes for a large batch (``--jobs 0``, the default): the count measured fastest.

    With ``--jobs N`` this process reads and checks the rows and N - 1 worker processes
    render and write. On two CPUs a worker did not reliably help (benchmarks/README.md: the
    reading process, the worker and the disk writes share the two cores; --jobs 2 took
    1.4-2.5x longer in both rounds of a 3,000-row test, and was faster once at 10,000 rows on
    the same busy machine), so up to two CPUs everything runs in this process; from three
    CPUs on, one process per CPU, at most 4.
    """
    import os

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if cpus <= 2 else min(4, cpus)


def _items(paths: tuple[Path, ...]) -> ItemIndex | None:
    """slips/ledger --catalogue: the county's own catalogues in place of the built-in ones."""
    return ItemIndex(load_catalogues(paths)) if paths else None


def _catalogues(paths: tuple[Path, ...]) -> list[Catalogue] | None:
    return load_catalogues(paths) if paths else None


def _calendar(path: Path | None) -> Any:

    return load_office_calendar(path) if path else WorkdayCalendar()


def _run_options(input_path: Path, calendar_file: Path | None, template_dir: Path | None,
                 profile_file: Path | None, **more: Any) -> RunOptions:
    """The options every document command takes, as the pipeline wants them."""
    return RunOptions(calendar=_calendar(calendar_file), template_dir=template_dir,
                      profile=resolve_profile(profile_file, input_path), **more)


def _convert_pdfs(batches: list[tuple[Path, Report]]) -> None:
    """--pdf: convert every document of these reports in one LibreOffice start.

    The .docx/.xlsx files are already written; a missing LibreOffice or a document it cannot
    convert is reported on stderr and in report.json ("pdf"), and never changes the exit code.
    """

    docs: list[Path] = []
    for folder, report in batches:
        docs += documents_in(folder, report.outputs, skip=(REPORT_JSON, REPORT_XLSX))
    try:
        result = convert_batch(docs)
    except PdfToolsMissing as exc:
        click.echo(f"警告：{exc}", err=True)
        for folder, report in batches:
            report.extra["pdf"] = {"error": str(exc)}
            if (folder / REPORT_JSON).exists():
                write_text_atomic(folder / REPORT_JSON, report.to_json() + "\n")
        return
    for doc, reason in result.failed:
        click.echo(f"警告：{doc.name} 未能生成 PDF：{reason}", err=True)
    click.echo(f"PDF：生成 {len(result.pdfs)} 份，失败 {len(result.failed)} 份"
               f"（LibreOffice 启动 {result.starts} 次，用时 {result.seconds:.1f} 秒）", err=True)
    for folder, report in batches:
        mine = [p for p in result.pdfs if p.parent == folder.resolve()]
        report.outputs.extend(p.name for p in mine)
        if (folder / REPORT_JSON).exists():
            record_outputs(folder, manifest_key(report), report.outputs)
        report.extra["pdf"] = {
            "pdfs": [p.name for p in mine],
            "failed": [{"file": d.name, "reason": r} for d, r in result.failed
                       if d.parent == folder.resolve()],
        }
        if (folder / REPORT_JSON).exists():
            write_text_atomic(folder / REPORT_JSON, report.to_json() + "\n")


def _finish(report: Report, out_dir: Path, as_json: bool, quiet: bool, pdf: bool = False) -> None:
    if pdf:
        _convert_pdfs([(out_dir, report)])
    finish_report(report, f"输出目录：{out_dir}（含 report.json 和 校验报告.xlsx）", as_json, quiet)


calendar_option = click.option(
    "--calendar", "calendar_file", type=click.Path(path_type=Path, dir_okay=False),
    help="本单位工作日历（.json 或 .csv：日期,类型），用于本地调整；新一年的国务院节假日安排通知"
         "用 fupin-docs calendar install 保存后自动使用，不必加此选项。",
)
sheet_option = click.option("--sheet", help="数据所在工作表名（默认按表名或唯一工作表）。")
_CATALOGUE_FILES = "import-catalogue 生成的 .json、其所在文件夹（一个县的各领域目录），或发布的目录表格本身；可重复"


def catalogue_option(what: str) -> Callable[[FC], FC]:
    """--catalogue, with what it does for this command (they differ: see each help)."""
    return click.option("--catalogue", "catalogue_paths", multiple=True,
                        type=click.Path(path_type=Path, exists=True),
                        help=f"本县（区）的标准目录：{_CATALOGUE_FILES}。{what}")


# slips, ledger: RunOptions.items takes the place of the profile's catalogues (make_context)
CATALOGUE_REPLACES = ("按这些目录的事项和公开时限校验，代替内置的伊美区、万源市目录"
                      "（或单位配置文件中的目录）。")


output_option = click.option("-o", "--output", "out_dir", required=True,
                             type=click.Path(path_type=Path, file_okay=False), help="输出文件夹。")
json_option = click.option("--json", "as_json", is_flag=True, help="以 JSON 输出报告到标准输出。")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="不输出摘要，只用退出码表示结果。")
template_dir_option = click.option(
    "--template-dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="使用本单位修改过的模板所在目录（文件名同内置模板）。",
)
pdf_option = click.option(
    "--pdf", "pdf", is_flag=True,
    help="同时用 LibreOffice 把生成的文书转换为 PDF（放在文书旁边，整批只启动一次）。"
         "未安装 LibreOffice 时只提示安装方法，文书照常生成，退出码不变。",
)
today_option = click.option(
    "--today", type=DAY, help="以此日期作为“今天”（用于复查、逾期计算）。",
)


def finish_options(command: FC) -> FC:
    """What every document command ends with: --json, -q, --pdf, --profile (see _finish)."""
    for option in (profile_option, pdf_option, quiet_option, json_option):
        command = option(command)
    return command


@click.group(cls=FupinGroup, context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs init slips 处理单.xlsx"))
@click.version_option(__version__, prog_name="fupin-docs")
def cli() -> None:
    """fupin-docs：扶贫领域政务公开文书工具。

    从一个 Excel 工作簿生成政务公开信息处理单、发布台账、监督检查及整改意见书和标准目录，
    并按《万源市扶贫工作公开规范》（或单位配置文件中的规范，见 init profile、--profile）
    校验必备要素和工作日时限。
    """


@cli.command("init", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs init slips 处理单.xlsx"))
@click.argument("kind", metavar="种类", type=click.Choice(sorted([*INIT_KINDS, "profile"])))
@click.argument("path", metavar="文件", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@catalogue_option("slips：「公开事项」下拉列表只列这些目录的事项（代替内置目录）；catalogue：「基础目录」"
                  "下拉列表在内置的伊美区、万源市目录之外加上这些目录，「调整」表的事项列出它们的事项。")
@profile_option
def init_cmd(kind: str, path: Path, force: bool, catalogue_paths: tuple[Path, ...],
             profile_file: Path | None) -> None:
    """生成可直接填写的空白输入工作簿（下拉列表、填写提示、说明页）或单位配置文件。

    种类：slips（处理单）、letters（督查：检查、问题两个工作表）、catalogue（标准目录单位清单）；
    profile（单位配置文件 .toml：本单位名称、督查小组、领导小组、规范名称和时限）。
    """
    if kind == "profile":
        write_profile(path, force)
        return
    if path.suffix.lower() != ".xlsx":
        raise FupinError(f"输出文件应以 .xlsx 结尾：{path}")
    if path.exists() and not force:
        raise FupinError(f"{path} 已存在；如要覆盖请加 --force")
    cats = _catalogues(catalogue_paths)
    # the notes name the office's standard and deadlines (a profile beside the new workbook)
    profile = resolve_profile(profile_file, path)
    if cats and kind in CATALOGUE_INIT:  # the 公开事项 dropdown lists the county's own items
        CATALOGUE_INIT[kind](path, cats, profile)
    else:
        INIT_KINDS[kind](path, profile)
    click.echo(f"已生成空白工作簿：{path}")


@cli.command("slips", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs slips 处理单.xlsx -o 处理单输出"))
@click.argument("input_path", metavar="工作簿", type=click.Path(path_type=Path))
@output_option
@sheet_option
@calendar_option
@catalogue_option(CATALOGUE_REPLACES)
@template_dir_option
@finish_options
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0,
              help="用几个进程：本进程读取和校验，其余子进程生成文档；0（默认）＝自动"
                   "（两核及以下只用本进程，否则每核一个，最多4个）。"
                   "前300行总在本进程生成；1＝不用子进程。")
def slips_cmd(input_path: Path, out_dir: Path, sheet: str | None, calendar_file: Path | None,
              catalogue_paths: tuple[Path, ...], template_dir: Path | None, as_json: bool,
              quiet: bool, pdf: bool, profile_file: Path | None,
              jobs: int) -> None:
    """由处理单工作簿（.xlsx 或 .json）逐行生成《政务公开信息处理单》。

    每行校验必填项、审签链（第5.1—5.3条）和工作日时限（第5.4、6.1条）；
    有错误的行不生成文档，并在 report.json 和 校验报告.xlsx 中指明单元格。
    """

    progress = progress_for(quiet, as_json)
    opts = _run_options(input_path, calendar_file, template_dir, profile_file, sheet=sheet,
                        progress=progress, jobs=jobs or _auto_jobs(),
                        items=_items(catalogue_paths))
    try:
        report = run_row_documents(KIND, input_path, out_dir, opts)
    finally:
        if progress is not None:
            progress.close()
    _finish(report, out_dir, as_json, quiet, pdf=pdf)


@cli.command("ledger", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs ledger 处理单.xlsx -o 台账/2026年发布台账.xlsx --year 2026"))
@click.argument("input_path", metavar="工作簿", type=click.Path(path_type=Path))
@click.option("-o", "--output", "target", required=True,
              type=click.Path(path_type=Path, dir_okay=False),
              help="输出的台账工作簿（.xlsx）；report.json 和 校验报告.xlsx 写在同一文件夹。")
@click.option("--year", type=click.IntRange(2000, 2100),
              help="只列入该年度公开的信息（不予公开、未公开的按拟稿日期）；也用于第6.2条按年度更新核对。")
@click.option("--against", "against", type=click.Path(path_type=Path, dir_okay=False),
              help="与本单位已有的发布台账（.xlsx）核对：漏登、多登、编号重复、日期不一致。")
@sheet_option
@calendar_option
@catalogue_option(CATALOGUE_REPLACES)
@click.option(
    "--template-dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="本单位台账模板 ledger.xlsx 所在目录：按其标题行、列顺序、列宽、字体和打印设置填写"
         "（目录中没有 ledger.xlsx 时用内置版式）。",
)
@finish_options
def ledger_cmd(input_path: Path, target: Path, year: int | None, against: Path | None,
               sheet: str | None, calendar_file: Path | None,
               catalogue_paths: tuple[Path, ...], template_dir: Path | None,
               as_json: bool, quiet: bool, pdf: bool, profile_file: Path | None) -> None:
    """由处理单工作簿生成《政务公开信息发布台账》（第5.5条，附录D）。

    工作表：发布台账（已公开信息，是否按时及适用时限）、不予公开登记、汇总（按事项、股室、
    渠道、月份统计，按时率，超期清单，图表）。有错误的处理单不列入台账，并在报告中指明单元格。
    """

    opts = _run_options(input_path, calendar_file, template_dir, profile_file, sheet=sheet,
                        items=_items(catalogue_paths))
    from ..pipeline.ledger import run_ledger  # openpyxl: only for this command

    report = run_ledger(input_path, target, opts, year=year, against=against)
    _finish(report, target.parent, as_json, quiet, pdf=pdf)


@cli.command("catalogue", context_settings=CONTEXT_SETTINGS,
             epilog=example("fupin-docs catalogue 单位清单.xlsx -o 标准目录 --year 2026"))
@click.argument("input_path", metavar="[单位清单]", required=False, type=click.Path(path_type=Path))
@output_option
@click.option("--year", type=click.IntRange(2000, 2100),
              help="目录年度，如 2026（不填则用单位清单中的年度）。")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0,
              help="用几个进程：本进程读取，其余子进程写各单位的文件；0（默认）＝自动"
                   "（两核及以下只用本进程，否则每核一个，最多4个），"
                   "前40个单位总在本进程生成；1＝不用子进程。")
@click.option("--format", "fmt", type=click.Choice(["both", "xlsx", "docx"]), default="both",
              show_default=True, help="每个单位生成的文件：both（.xlsx 和 .docx）、xlsx 或 docx；"
              "汇总工作簿总会生成。")
@calendar_option
@catalogue_option("带单位清单时加在内置的伊美区、万源市目录之外：单位的「基础目录」可填这些目录的名称"
                  "（或其领域、编制单位），也仍可填内置目录；不带单位清单时，把这些目录按标准目录版式"
                  "生成 .xlsx 和 .docx。")
@template_dir_option
@finish_options
def catalogue_cmd(input_path: Path | None, out_dir: Path, year: int | None, jobs: int, fmt: str,
                  calendar_file: Path | None, catalogue_paths: tuple[Path, ...],
                  template_dir: Path | None, as_json: bool, quiet: bool, pdf: bool,
                  profile_file: Path | None) -> None:
    """由单位清单工作簿为每个单位生成《扶贫领域基层政务公开标准目录》。

    每个单位生成 .xlsx 和 .docx 各一份，另有每单位一个工作表的汇总工作簿；按单位的调整
    （改层级、渠道、主体，不适用须写理由，新增事项）校验必备要素（标准指引三（一）（二））
    和公开时限（第6.1条）。年终批处理：一次可处理几百个单位。

    不带单位清单、用 --catalogue 时：把导入的本县目录（import-catalogue 生成）按标准目录版式
    生成 .xlsx 和 .docx，用表格自己的渠道清单和层级栏目。带单位清单又用 --catalogue 时：
    单位的「基础目录」可填导入目录的名称（或其领域、编制单位），调整照常适用。
    """

    from ..kinds.catalogue import CatalogueOptions  # openpyxl: only for this command
    from ..pipeline.catalogue import run_catalogue_batch, run_catalogue_render

    opts = CatalogueOptions(year=year, calendar=_calendar(calendar_file),
                            template_dir=template_dir,
                            formats=("xlsx", "docx") if fmt == "both" else (fmt,),
                            jobs=jobs or _auto_jobs(),
                            profile=resolve_profile(profile_file, input_path))
    if input_path is None:
        if not catalogue_paths:
            raise FupinError("请给出单位清单工作簿，或用 --catalogue 指定要生成的本县目录")
        report = run_catalogue_render(load_catalogues(catalogue_paths), out_dir, opts)
    else:  # --catalogue: a unit's 基础目录 may name an imported catalogue
        opts.bases = tuple(load_catalogues(catalogue_paths)) if catalogue_paths else ()
        report = run_catalogue_batch(input_path, out_dir, opts)
    _finish(report, out_dir, as_json, quiet, pdf=pdf)


@cli.command("letters", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs letters 督查.xlsx -o 整改意见书"))
@click.argument("input_path", metavar="工作簿", type=click.Path(path_type=Path))
@output_option
@calendar_option
@template_dir_option
@finish_options
def letters_cmd(input_path: Path, out_dir: Path, calendar_file: Path | None,
                template_dir: Path | None, as_json: bool, quiet: bool, pdf: bool,
                profile_file: Path | None) -> None:
    """由督查工作簿（.xlsx，含「检查」「问题」两个工作表）生成《政务公开工作监督检查及整改意见书》。

    每个被检查单位一份，汇总该单位的全部问题，版式按 GB/T 9704-2012；
    整改时限写作“N个工作日”的按工作日历计算（第8.2.2条）。
    """

    opts = _run_options(input_path, calendar_file, template_dir, profile_file)
    report = JOBS["letters"].run(input_path, out_dir, opts)
    _finish(report, out_dir, as_json, quiet, pdf=pdf)


@cli.command("followup", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs followup 督查.xlsx -o 复查 --today 2026-12-01"))
@click.argument("input_path", metavar="工作簿", type=click.Path(path_type=Path))
@output_option
@today_option
@calendar_option
@template_dir_option
@finish_options
def followup_cmd(input_path: Path, out_dir: Path, today: dt.date | None,
                 calendar_file: Path | None, template_dir: Path | None, as_json: bool,
                 quiet: bool, pdf: bool, profile_file: Path | None) -> None:
    """复查后：生成报市领导小组的复查情况报告（.docx）和整改台账.xlsx。

    列出每个问题的整改状态、逾期未整改的问题及逾期工作日数、各单位汇总，
    以及适用第8.2.3条的单位。逾期以 --today（默认今天）计算。
    """

    opts = _run_options(input_path, calendar_file, template_dir, profile_file,
                        today=today or dt.date.today())
    report = JOBS["followup"].run(input_path, out_dir, opts)
    _finish(report, out_dir, as_json, quiet, pdf=pdf)


@cli.group("templates", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs templates export 本单位模板"))
def templates_group() -> None:
    """模板：列出、导出内置模板供本单位修改，检查修改后的模板（用 --template-dir 使用）。"""


@templates_group.command("check", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs templates check 本单位模板/slip.docx"))
@click.argument("template", metavar="模板", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--kind", "kind_name", default=None,
              help="模板对应的文书种类：slip＝处理单（.docx 默认）；ledger＝发布台账、"
                   "catalogue＝标准目录（.xlsx，默认按文件名判断）。")
def templates_check_cmd(template: Path, kind_name: str | None) -> None:
    """检查模板：列出数据中没有的占位符、模板未显示的必填字段和不安全的表达式；
    Excel 模板（ledger.xlsx、catalogue.xlsx）还检查表头是否含必需的列。

    退出码：0 无问题；1 有问题；2 文件无法读取。
    """
    from ..kinds.template_check import check_template, xlsx_kind  # openpyxl: only here

    if kind_name is None:
        kind_name = (xlsx_kind(template) or "ledger") if template.suffix.lower() == ".xlsx" \
            else "slip"
    result = check_template(template, kind_name)
    click.echo(f"模板 {result.template}（{kind_name}）：使用占位符 {len(result.used)} 个")
    for name in result.unknown:
        click.echo(f"  [错误] 占位符 {{{{ {name} }}}} 在数据中不存在（拼写错误？），渲染时会报错")
    for name in result.unsafe:
        click.echo(f"  [错误] 表达式访问了内部属性「{name}」，沙箱会拒绝执行")
    for title in result.not_shown:
        click.echo(f"  [警告] 必填字段 {title} 在模板中没有显示")
    for problem in result.missing:
        click.echo(f"  [错误] {problem}")
    if result.ok:
        click.echo("  未发现问题")
    sys.exit(0 if result.ok else 1)


@cli.command("scan", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs scan 公告.docx 名单.xlsx"))
@click.argument("files", metavar="文件...", nargs=-1, required=True, type=click.Path(path_type=Path))
def scan_cmd(files: tuple[Path, ...]) -> None:
    """检查文件（.docx、.xlsx、.pdf 或文本文件）中的个人信息：身份证号码、手机号码、银行卡号。

    .docx 连同表格、页眉页脚、文本框、脚注尾注和批注一起检查；写成 110101 19900307 1234
    或带连字符的身份证号码也能发现。发现即列出位置和打码后的号码（不显示完整号码），退出码 1；
    未发现退出码 0；文件不存在、无法读取、疑似压缩炸弹或格式不支持（如 .doc）退出码 2。
    依据：国办发〔2018〕23号《2018年政务公开工作要点》个人信息去标识化要求。
    """

    total = 0
    unreadable = 0
    for path in files:  # one unreadable file does not stop the others from being scanned
        try:
            findings = scan_file(path)
        except FupinError as exc:
            click.echo(f"错误：{exc}", err=True)
            unreadable += 1
            continue
        total += len(findings)
        for f in findings:
            click.echo(f.text())
    checked = len(files) - unreadable
    if total:
        click.echo(f"共发现个人信息 {total} 处，公开前请删除或去标识化（打码）。")
    elif checked:  # only files read in full count as clean
        click.echo(f"已检查 {checked} 个文件，未发现身份证号码、手机号码或银行卡号。")
    if unreadable:
        click.echo(f"另有 {unreadable} 个文件无法检查（见上方错误）：这些文件没有读过，"
                   "不能当作不含个人信息。", err=True)
        sys.exit(2)
    sys.exit(1 if total else 0)


@cli.command("check-content", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs check-content 项目公告.docx --item 项目实施"))
@click.argument("file", metavar="文件", type=click.Path(path_type=Path))
@click.option("--item", help="公开事项，如 项目实施 或 扶贫项目/项目实施（不填则按标题判断）。")
@click.option("--catalogue", "catalogue_args", multiple=True,
              help="按哪个标准目录核对：内置的 yimei（伊美区）、wanyuan（万源市），"
              "或本县导入的目录（.json、其文件夹或目录表格，可重复）。不填时 --item 先查伊美区"
              "再查万源市，自动判断按伊美区。")
@click.option("--part", help="事项分部分核对时选哪部分，如 实施前、实施后、全部（默认按内容判断）。")
@json_option
@profile_option
def check_content_cmd(file: Path, item: str | None, catalogue_args: tuple[str, ...],
                      part: str | None, as_json: bool, profile_file: Path | None) -> None:
    """检查手写公告（.docx、.txt、.pdf）是否含标准目录规定的全部公开要素，并查找个人信息。

    逐项列出已含的要素及其位置（第几段、表格第几行第几列）和缺少的要素（第5.1条 完整性），
    并查找身份证号码、银行卡号、手机号码。退出码：0 齐全；1 缺要素或含身份证号码、银行卡号；2 文件无法读取或事项不存在。
    """

    profile = resolve_profile(profile_file, file)
    if len(catalogue_args) <= 1 and all(c in BUILTIN for c in catalogue_args):
        result = check_content(file, item=item, part=part,
                               catalogue=catalogue_args[0] if catalogue_args else None,
                               profile=profile)
    else:
        cats: list[Catalogue] = []
        for arg in catalogue_args:
            cats += [builtin_catalogue(arg)] if arg in BUILTIN else load_catalogues([Path(arg)])
        result = check_content(file, item=item, part=part, catalogues=cats, profile=profile)
    if as_json:
        click.echo(result.to_json())
    else:
        for line in result.lines():
            click.echo(line)
    sys.exit(result.exit_code())


templates_cmd.register(templates_group)
cli.add_command(calendar_group)
cli.add_command(import_cmd.import_catalogue_cmd)


@cli.command("demo", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs demo 样例输出 --pdf"))
@click.argument("out_dir", metavar="[文件夹]", type=click.Path(path_type=Path, file_okay=False),
                default="out")
@pdf_option
@profile_option
def demo_cmd(out_dir: Path, pdf: bool, profile_file: Path | None) -> None:
    """用内置样例（samples/）生成全部文书，展示工具能做什么（默认写到文件夹 out）。"""
    from .demo import run_demo  # every kind, openpyxl included: only for this command

    reports = run_demo(out_dir, resolve_profile(profile_file, None))
    if pdf:
        _convert_pdfs([(out_dir / sub, report) for sub, report in reports])
    failed = False
    for sub, report in reports:
        for line in report.summary_lines(max_issues=10):
            click.echo(line)
        click.echo(f"  → {out_dir / sub}")
        failed = failed or not report.balanced()
    sys.exit(3 if failed else 0)


@cli.command("preview", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs preview 处理单输出/万扶公〔2026〕2号.docx -o 第一页.png"))
@click.argument("file", metavar="文件", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-o", "--output", "out_png", required=True,
              type=click.Path(path_type=Path, dir_okay=False), help="输出 PNG 文件，如 page.png。")
@click.option("--all", "all_pages", is_flag=True,
              help="输出全部页面：page-1.png、page-2.png……")
@click.option("--dpi", type=click.IntRange(20, 600), default=72, show_default=True,
              help="分辨率（每英寸点数）。")
def preview_cmd(file: Path, out_png: Path, all_pages: bool, dpi: int) -> None:
    """把 .docx/.xlsx（或 PDF）的第一页（或全部页面）转为 PNG 图片，便于快速查看版式。

    需要 LibreOffice 和 poppler-utils（pdftoppm）。
    """

    for path in preview(file, out_png, all_pages=all_pages, dpi=dpi):
        click.echo(f"已生成：{path}")


@cli.command("serve", context_settings=CONTEXT_SETTINGS,
              epilog=example("fupin-docs serve --port 8765"))
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="端口号。")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址。默认只允许本机访问；改为其他地址时会生成访问令牌。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
def serve_cmd(port: int, host: str, no_browser: bool) -> None:
    """在本机启动网页版：选择文书、下载空白工作簿、上传、查看问题、下载文书。

    默认只监听 127.0.0.1（仅本机可用）并自动打开浏览器；按 Ctrl+C 停止。
    用 --host 监听其他地址时，启动时会显示带访问令牌的网址，没有令牌不能访问。
    """

    from .web.server import serve  # flask: only for the web page

    serve(host, port, open_browser=not no_browser, echo=click.echo)


cli.add_command(inspect_cmd)


def main() -> None:
    """The commands (``fupin-docs`` runs them through app/entry.py, which also catches a
    Ctrl-C during these imports)."""
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen Windows .exe: worker processes start here
    prepare_console()
    handle_sigterm()
    cli(prog_name="fupin-docs")


def prepare_console() -> None:
    """Windows: output redirected to a file or a pipe is written in the ANSI code page (GBK),
    which has no emoji or rare characters a title may hold: replace those, never crash."""
    if sys.platform != "win32":
        return
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


if __name__ == "__main__":
    main()
