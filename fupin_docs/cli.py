"""Command line: parse options, call the library, print, exit code.

Exit codes: 0 no errors; 1 some rows were rejected; 2 usage or input-file errors.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import FupinError
from .init_workbooks import INIT_KINDS
from .report import Report

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class FupinGroup(click.Group):
    """Turns library errors into one Chinese line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FupinError as exc:
            click.echo(f"错误：{exc}", err=True)
            ctx.exit(2)


def _calendar(path: Path | None) -> Any:
    from .workdays import WorkdayCalendar, load_office_calendar

    return load_office_calendar(path) if path else WorkdayCalendar()


def _finish(report: Report, out_dir: Path, as_json: bool, quiet: bool) -> None:
    if as_json:
        click.echo(report.to_json())
    elif not quiet:
        for line in report.summary_lines():
            click.echo(line)
        click.echo(f"输出目录：{out_dir}（含 report.json 和 校验报告.xlsx）")
    if not report.balanced():  # a bug, never a user error: say so loudly
        click.echo("内部错误：生成数 + 拒绝数 ≠ 读取行数", err=True)
        sys.exit(3)
    sys.exit(report.exit_code())


calendar_option = click.option(
    "--calendar", "calendar_file", type=click.Path(path_type=Path, dir_okay=False),
    help="本单位工作日历（.json 或 .csv：日期,类型），用于内置日历不含的年份或本地调整。",
)
sheet_option = click.option("--sheet", help="数据所在工作表名（默认按表名或唯一工作表）。")
json_option = click.option("--json", "as_json", is_flag=True, help="以 JSON 输出报告到标准输出。")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="不输出摘要，只用退出码表示结果。")
template_dir_option = click.option(
    "--template-dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="使用本单位修改过的模板所在目录（文件名同内置模板）。",
)
today_option = click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), help="以此日期作为“今天”（用于复查、逾期计算）。",
)


@click.group(cls=FupinGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="fupin-docs")
def cli() -> None:
    """fupin-docs：扶贫领域政务公开文书工具。

    从一个 Excel 工作簿生成政务公开信息处理单、发布台账、监督检查及整改意见书和标准目录，
    并按《万源市扶贫工作公开规范》校验必备要素和工作日时限。
    """


@cli.command("init", context_settings=CONTEXT_SETTINGS)
@click.argument("kind", type=click.Choice(sorted(INIT_KINDS)))
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
def init_cmd(kind: str, path: Path, force: bool) -> None:
    """生成可直接填写的空白输入工作簿（下拉列表、填写提示、说明页）。

    KIND：slips（处理单）等。
    """
    if path.suffix.lower() != ".xlsx":
        raise FupinError(f"输出文件应以 .xlsx 结尾：{path}")
    if path.exists() and not force:
        raise FupinError(f"{path} 已存在；如要覆盖请加 --force")
    INIT_KINDS[kind](path)
    click.echo(f"已生成空白工作簿：{path}")


@cli.command("slips", context_settings=CONTEXT_SETTINGS)
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(path_type=Path, file_okay=False), help="输出文件夹。")
@sheet_option
@calendar_option
@template_dir_option
@json_option
@quiet_option
def slips_cmd(input_path: Path, out_dir: Path, sheet: str | None, calendar_file: Path | None,
              template_dir: Path | None, as_json: bool, quiet: bool) -> None:
    """由处理单工作簿（.xlsx 或 .json）逐行生成《政务公开信息处理单》。

    每行校验必填项、审签链（第5.1—5.3条）和工作日时限（第5.4、6.1条）；
    有错误的行不生成文档，并在 report.json 和 校验报告.xlsx 中指明单元格。
    """
    from .kinds.slip import KIND
    from .pipeline import RunOptions, run_row_documents
    from .progress import progress_for

    progress = progress_for(quiet, as_json)
    opts = RunOptions(sheet=sheet, calendar=_calendar(calendar_file), template_dir=template_dir,
                      progress=progress)
    try:
        report = run_row_documents(KIND, input_path, out_dir, opts)
    finally:
        if progress is not None:
            progress.close()
    _finish(report, out_dir, as_json, quiet)


@cli.command("demo", context_settings=CONTEXT_SETTINGS)
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False), default="out")
def demo_cmd(out_dir: Path) -> None:
    """用内置样例（samples/）生成全部文书，展示工具能做什么。"""
    from .demo import run_demo

    reports = run_demo(out_dir)
    failed = False
    for sub, report in reports:
        for line in report.summary_lines(max_issues=10):
            click.echo(line)
        click.echo(f"  → {out_dir / sub}")
        failed = failed or not report.balanced()
    sys.exit(3 if failed else 0)


def main() -> None:
    cli(prog_name="fupin-docs")


if __name__ == "__main__":
    main()
