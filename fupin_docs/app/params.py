"""Option types that read what a clerk types, the way the workbooks do."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from ..inputs.values import DATE_FORMATS_HINT, EARLIEST_YEAR, parse_date_text

LATEST_YEAR = 2100  # a run's "today" or inspection date; beyond it a typo, not a plan

# the shape of a date (year, month, day in any of the accepted separators), to tell a
# date that does not exist (2026-13-01, 2026年2月30日) from text that is no date at all
_DATE_SHAPE = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")


class DayType(click.ParamType[dt.date]):
    """A calendar day as clerks write it: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日,
    20261120, 二〇二六年十一月二十日; full-width digits too. The value is a ``datetime.date``."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "年-月-日"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value)
        day = parse_date_text(text)
        if day is None:
            self.fail(why_not_a_day(text), param, ctx)
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:  # 0000 / 9999: no calendar reaches it
            self.fail(f"「{text}」的年份 {day.year} 不在 {EARLIEST_YEAR}—{LATEST_YEAR} 年之间", param, ctx)
        return day


def why_not_a_day(text: str) -> str:
    """The Chinese reason ``text`` is not a day: a month or day out of range, or not a date."""
    import unicodedata

    m = _DATE_SHAPE.match(unicodedata.normalize("NFKC", text))
    if m:
        year, month, day = (int(g) for g in m.groups())
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            return f"「{text}」的年份 {year} 不在 {EARLIEST_YEAR}—{LATEST_YEAR} 年之间"
        if not 1 <= month <= 12:
            return f"「{text}」不是有效日期：没有{month}月"
        return f"「{text}」不是有效日期：{year}年{month}月没有{day}日"
    return f"「{text}」不是日期，应写成 {DATE_FORMATS_HINT}"


DAY = DayType()
