"""Dates given on the command line are read the way the workbooks read them (2026年11月20日,
full-width digits), and a date that does not exist says which part is wrong; a closed pipe
(`| head`) is not reported as a file error."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.app.params import DAY


@pytest.mark.parametrize("text", [
    "2026-11-20", "2026/11/20", "2026.11.20", "2026年11月20日", "２０２６年１１月２０日",
    "20261120", "二〇二六年十一月二十日", " 2026-11-20 ",
])
def test_a_day_is_read_as_clerks_write_it(text: str) -> None:
    assert DAY.convert(text, None, None) == dt.date(2026, 11, 20)


@pytest.mark.parametrize(("text", "reason"), [
    ("2026-13-01", "没有13月"),
    ("2026年2月30日", "2026年2月没有30日"),
    ("明天", "不是日期，应写成"),
    ("0000-01-01", "年份 0 不在 2000—2100 年之间"),
    ("9999-12-31", "年份 9999 不在 2000—2100 年之间"),
])
def test_a_day_that_does_not_exist_says_why(text: str, reason: str) -> None:
    with pytest.raises(click.BadParameter) as info:
        DAY.convert(text, None, None)
    assert reason in info.value.message


def test_the_option_error_is_chinese_and_names_the_option(tmp_path: object) -> None:
    result = CliRunner().invoke(cli, ["followup", "督查.xlsx", "-o", "复查", "--today", "2026-13-01"])
    assert result.exit_code == 2
    assert "「--today」的值无效：「2026-13-01」不是有效日期：没有13月" in result.output


def test_a_chinese_date_reaches_the_command() -> None:
    seen: list[dt.date] = []

    @click.command()
    @click.option("--date", type=DAY)
    def probe(date: dt.date) -> None:
        seen.append(date)

    assert CliRunner().invoke(probe, ["--date", "2026年3月5日"]).exit_code == 0
    assert seen == [dt.date(2026, 3, 5)]


def test_a_closed_pipe_is_not_a_file_error() -> None:
    """`fupin-docs calendar show 2026 | head -2`: the reader goes away before the output is
    written; no 「读写文件失败」, no traceback."""
    with subprocess.Popen([sys.executable, "-m", "fupin_docs", "calendar", "show", "2026"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # gone before the command writes a line
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.wait(timeout=60)
    assert "读写文件失败" not in err and "Traceback" not in err, err
    assert proc.returncode == 1
