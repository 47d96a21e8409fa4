"""The end of every command that writes documents: the summary (or the JSON report) on
stdout, the balance check of the counts, and the exit code."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from ..outputs.report import Report


def finish_report(report: Report, where: str, as_json: bool, quiet: bool) -> NoReturn:
    """Print the report (``where``: the line naming the output) and exit: 0 clean, 1 with
    problems in the input, 3 when rendered + rejected != rows read (a bug, said loudly)."""
    if as_json:
        click.echo(report.to_json())
    elif not quiet:
        for line in report.summary_lines():
            click.echo(line)
        click.echo(where)
    if not report.balanced():
        click.echo("内部错误：生成数 + 拒绝数 ≠ 读取行数", err=True)
        sys.exit(3)
    sys.exit(report.exit_code())
