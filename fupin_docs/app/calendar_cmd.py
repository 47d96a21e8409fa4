"""`fupin-docs calendar from-notice|install|show|list|remove`: the holiday notice as the calendar.

Only the click commands; the parsing is standard/calendar/notice.py, the installed files
standard/calendar/store.py, the month grid standard/calendar/show.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..standard.calendar import store
from ..standard.calendar.notice import (
    HolidayCalendar,
    notice_text,
    parse_notices,
    read_notice_text,
)
from ..standard.calendar.show import months_text, notice_summary, year_months
from ..standard.calendar.workdays import WorkdayCalendar
from ..types import FupinError, read_json
from .clickcn import example

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

year_option = click.option(
    "--year", type=click.IntRange(1949, 2200),
    help="通知的年份（默认取自标题《关于2027年部分节假日安排的通知》）。",
)


def stdin_bytes() -> bytes:
    stream = sys.stdin
    if stream is None:  # pythonw, a service: no console at all
        raise FupinError("没有标准输入：请给出通知文件名，而不是 -")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        data: bytes = buffer.read()
        return data
    text = stream.read()  # an already-decoded stream (an embedding host)
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


def notice_sources(files: tuple[str, ...]) -> list[tuple[str, str]]:
    """(text, name) of each notice file; "-" reads standard input."""
    sources = []
    for arg in files:
        if arg == "-":
            # bytes, decoded as a file is (UTF-8 with BOM, then GB18030): never the
            # console's locale encoding (GBK on Windows, which garbles a UTF-8 notice)
            sources.append((notice_text(stdin_bytes(), "标准输入"), "标准输入"))
        else:
            sources.append((read_notice_text(Path(arg)), Path(arg).name))
    return sources


def calendar_from(files: tuple[str, ...], year: int | None) -> HolidayCalendar:
    """A calendar file (.json) as it is, or the notices read in order (annual one first)."""
    if len(files) == 1 and files[0] != "-" and Path(files[0]).suffix.lower() == ".json":
        path = Path(files[0])
        if not path.is_file():
            raise FupinError(f"找不到工作日历文件：{path}")
        data = read_json(path, f"工作日历文件 {path.name}")
        return HolidayCalendar.from_json(data, path.name)
    return parse_notices(notice_sources(files), year=year, base_for=store.installed().get)


@click.command("from-notice", context_settings=CONTEXT_SETTINGS,
               epilog=example("fupin-docs calendar from-notice 通知.txt -o 2027年工作日历.json"))
@click.argument("files", metavar="文件...", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              help="输出的工作日历文件（默认：当前文件夹下的「YYYY年工作日历.json」）。")
@year_option
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
def from_notice_cmd(files: tuple[str, ...], output: Path | None, year: int | None,
                    force: bool) -> None:
    """把国务院办公厅《关于YYYY年部分节假日安排的通知》读成工作日历文件（.json）。

    文件：通知的 .txt、.docx 或 .html（网页另存），或 -（从标准输入读入粘贴的文字）。
    有补充通知（如调整劳动节假期、延长春节假期）时放在年度通知后面一起给出。
    每个日期写明的星期、每段假期的“共N天”都会与真实日历核对，不一致时指出是第几行。
    """
    cal = calendar_from(files, year)
    target = output or Path(f"{cal.year}年工作日历.json")
    if target.suffix.lower() != ".json":
        raise FupinError(f"工作日历文件应以 .json 结尾：{target}")
    if target.exists() and not force:
        raise FupinError(f"{target} 已存在；如要覆盖请加 --force")
    target.write_text(cal.dumps(), encoding="utf-8")
    for line in notice_summary(cal.year, cal.holidays, cal.workdays):
        click.echo(line)
    click.echo(f"已写入：{target}")
    click.echo(f"核对无误后运行「fupin-docs calendar install {target}」保存，此后各命令自动使用。")


@click.command("install", context_settings=CONTEXT_SETTINGS,
               epilog=example("fupin-docs calendar install 2027年工作日历.json"))
@click.argument("files", metavar="文件...", nargs=-1, required=True)
@year_option
def install_cmd(files: tuple[str, ...], year: int | None) -> None:
    """保存一年的工作日历，此后各命令（处理单、台账、整改意见书、复查、标准目录）自动使用。

    文件：calendar from-notice 生成的 .json，或直接给通知（.txt/.docx/.html/-）。
    同一年再次安装时替换原来的；补充通知（调整、延长某个假期）加在已安装的年度日历上。
    """
    cal = calendar_from(files, year)
    path = store.install(cal)
    for line in notice_summary(cal.year, cal.holidays, cal.workdays):
        click.echo(line)
    click.echo(f"已安装{cal.year}年工作日历：{path}")


@click.command("show", context_settings=CONTEXT_SETTINGS,
               epilog=example("fupin-docs calendar show 2027"))
@click.argument("year", metavar="年份", type=click.IntRange(1949, 2200))
def show_cmd(year: int) -> None:
    """按月显示一年的工作日历：「休」为放假，「班」为调休上班，每月下面列出节日。
    """
    cal = WorkdayCalendar()
    if not cal.knows(year):
        raise FupinError(f"没有{year}年的节假日安排；把国务院办公厅《关于{year}年部分节假日安排的通知》"
                         "全文存为 通知.txt，运行 fupin-docs calendar install 通知.txt")
    click.echo(f"{year}年工作日历（来源：{cal.source_of(year)}）　休=放假　班=调休上班")
    click.echo("")
    for line in months_text(year_months(year, cal.describe)):
        click.echo(line)


@click.command("list", context_settings=CONTEXT_SETTINGS,
               epilog=example("fupin-docs calendar list"))
def list_cmd() -> None:
    """列出可以计算工作日的年份及其来源（内置 chinesecalendar，或已安装的通知）。
    """
    known = store.known_years()
    builtin = [k.year for k in known if k.path is None]
    if builtin:
        click.echo(f"{builtin[0]}—{builtin[-1]}年\t内置（chinesecalendar）")
    for k in known:
        if k.path is not None:
            click.echo(f"{k.year}年\t已安装：{k.source}（{k.path}）")
    click.echo(f"已安装的工作日历保存在：{store.calendars_dir()}")


@click.command("remove", context_settings=CONTEXT_SETTINGS,
               epilog=example("fupin-docs calendar remove 2027"))
@click.argument("year", metavar="年份", type=click.IntRange(1949, 2200))
def remove_cmd(year: int) -> None:
    """删除已安装的某一年工作日历（内置年份不受影响）。
    """
    if not store.uninstall(year):
        raise FupinError(f"没有已安装的{year}年工作日历（运行 fupin-docs calendar list 查看）")
    click.echo(f"已删除{year}年工作日历")


@click.group("calendar", context_settings=CONTEXT_SETTINGS,
             epilog=example("fupin-docs calendar install 通知.txt"))
def calendar_group() -> None:
    """工作日历：把每年的国务院节假日安排通知读入、保存、查看。

    内置日历（chinesecalendar）只到它发布时的年份；新一年的《关于YYYY年部分节假日安排的通知》
    发布后，复制通知全文存为 通知.txt，运行 calendar install 通知.txt 即可。
    """


for _cmd in (from_notice_cmd, install_cmd, show_cmd, list_cmd, remove_cmd):
    calendar_group.add_command(_cmd)
