"""fupin-docs inspect: find the problems in the records and pre-fill the 督查 workbook."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from ..pipeline.inspect import InspectOptions, run_inspect
from ..standard.calendar.workdays import WorkdayCalendar, load_office_calendar
from ..standard.catalogues.model import BUILTIN
from ..types import FupinError
from .clickcn import example
from .finish import finish_report
from .params import DAY
from .profile_cmd import profile_option, resolve_profile


def _units(values: tuple[str, ...]) -> tuple[dict[str, str], str | None]:
    per_file: dict[str, str] = {}
    default: str | None = None
    for value in values:
        if "=" in value:
            name, unit = value.rsplit("=", 1)
            if not name.strip() or not unit.strip():
                raise FupinError(f"--unit {value} 格式不对，应为 文件名=单位，如 台账.xlsx=规划财务股")
            per_file[name.strip()] = unit.strip()
        else:
            default = value.strip()
    return per_file, default


def _cores() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(4, cores or 1))


@click.command("inspect", context_settings={"help_option_names": ["-h", "--help"]},
               epilog=example("fupin-docs inspect 处理单.xlsx 发布台账.xlsx --date 2026-11-20 -o 检查/"))
@click.argument("records", metavar="记录...", nargs=-1, required=True,
                type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(path_type=Path, file_okay=False), help="输出文件夹。")
@click.option("--catalogue", "catalogues", multiple=True,
              help=f"对照的标准目录（可多次给出）：内置的 {'、'.join(BUILTIN)}（伊美区、万源市），或本县的目录："
                   "import-catalogue 生成的 .json、其所在文件夹、发布的目录表格。不给时用全部内置目录；给出时"
                   "只按给出的目录核对（要同时对照内置目录，把 yimei、wanyuan 也写上）；"
                   "每个单位按其记录所属的目录核对（目录的单位名称与被检查单位相同时用该目录）。")
@click.option("--period", help="检查期间：年份（如 2026）或 开始..结束（如 2026-01-01..2026-06-30）。"
                               "默认为 --date 所在年度。")
@click.option("--date", "date", type=DAY,
              help="检查时间（默认今天）：写入「检查」工作表，整改时限自此日起按工作日计算。")
@click.option("--unit", "units", multiple=True,
              help="记录所属单位：文件名=单位（可多次给出），或只写单位（用于所有没有单独指定的文件）。"
                   "不给时取每行的责任股室（公开主体）。")
@click.option("--prefix", default="扶督", show_default=True, help="整改意见书文号的机关代字。")
@click.option("--first-number", default=1, show_default=True, type=click.IntRange(1, 9999),
              help="第一个单位的文号序号，其后依次加一。")
@click.option("--members", default="督查小组", show_default=True,
              help="检查组成员，顿号分隔，如 王建国、李明。")
@click.option("--signer", default=None,
              help="落款（发文机关署名）。不给时用单位配置文件中的督查小组（内置：万源市扶贫移民工作局政务公开督查小组）。")
@click.option("--calendar", "calendar_file", type=click.Path(path_type=Path, dir_okay=False),
              help="本单位工作日历（.json 或 .csv），用于内置日历不含的年份。")
@click.option("--jobs", type=click.IntRange(1, 32), default=None,
              help="用几个进程读取记录文件（多个文件时；默认按处理器核数，最多4个）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出报告到标准输出。")
@click.option("-q", "--quiet", is_flag=True, help="不输出摘要，只用退出码表示结果。")
@profile_option
def inspect_cmd(records: tuple[Path, ...], out_dir: Path, catalogues: tuple[str, ...],
                period: str | None, date: dt.date | None, units: tuple[str, ...],
                prefix: str, first_number: int, members: str, signer: str | None,
                calendar_file: Path | None, jobs: int | None, as_json: bool, quiet: bool,
                profile_file: Path | None) -> None:
    """检查处理单、发布台账（和公告），找出问题并预填督查工作簿。

    记录：一个或多个处理单工作簿（init slips 的格式）、发布台账工作簿（本工具生成的，或本单位
    自己的附录D台账，按表头含义识别），以及可选的公告文件夹（.docx/.pdf/.txt，核对必备要素）。

    输出（-o 文件夹）：督查.xlsx（「检查」「问题」两个工作表，可直接交给 fupin-docs letters；
    已被修改过的不会覆盖，另存为 督查（2）.xlsx）、检查报告.docx、检查报告.xlsx、report.json。
    退出码：0 未发现问题；1 发现问题；2 文件或参数错误。
    """

    per_file, default = _units(units)
    names = [m.strip() for m in members.replace(",", "、").replace("，", "、").split("、")
             if m.strip()]
    opts = InspectOptions(
        date=date or dt.date.today(), period=period, catalogues=catalogues,
        units=per_file, unit=default,
        calendar=load_office_calendar(calendar_file) if calendar_file else WorkdayCalendar(),
        prefix=prefix, first_number=first_number, members=tuple(names) or ("督查小组",),
        signer=signer or "", jobs=jobs or _cores(),
        profile=resolve_profile(profile_file, records[0] if records else None))
    report = run_inspect(list(records), out_dir, opts)
    finish_report(report, f"输出目录：{out_dir}（{'、'.join(report.outputs)}）", as_json, quiet)
