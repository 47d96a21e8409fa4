"""A year's working-day calendar, month by month: for ``calendar show`` and the web page.

The data (:func:`year_months`) is shared; :func:`months_text` lays it out for a terminal
(every cell four columns wide, so it lines up with CJK marks in any monospace font).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

HOLIDAY = "holiday"  # a day off of a holiday's break (放假)
ADJUSTED = "adjusted"  # a weekend worked (调休上班)
WEEKEND = "weekend"
WORKDAY = "workday"

MARKS = {HOLIDAY: "休", ADJUSTED: "班", WEEKEND: "", WORKDAY: ""}
WEEK_HEADER = ("一", "二", "三", "四", "五", "六", "日")

# (is a working day, the holiday's name when the day belongs to a holiday or its 调休)
Describe = Callable[[dt.date], tuple[bool, str | None]]


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: str
    name: str | None

    @property
    def mark(self) -> str:
        return MARKS[self.kind]


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day | None]] = field(default_factory=list)  # Monday first

    @property
    def days(self) -> list[Day]:
        return [d for week in self.weeks for d in week if d is not None]

    def notes(self) -> list[str]:
        """One line per holiday in the month: its days off and its 调休 working days."""
        off: dict[str, list[dt.date]] = {}
        worked: dict[str, list[dt.date]] = {}
        for d in self.days:
            if d.kind == HOLIDAY and d.name:
                off.setdefault(d.name, []).append(d.date)
            elif d.kind == ADJUSTED:
                worked.setdefault(d.name or "调休", []).append(d.date)
        lines = [f"{name}：{spans(days)}放假" for name, days in off.items()]
        lines += [f"{name}调休：{'、'.join(_md(d) + f'（{WEEKDAY_CN[d.weekday()]}）' for d in days)}上班"
                  for name, days in worked.items()]
        return lines


WEEKDAY_CN = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def classify(day: dt.date, describe: Describe) -> Day:
    working, name = describe(day)
    weekend = day.weekday() >= 5
    if working:
        return Day(day, ADJUSTED if weekend else WORKDAY, name if weekend else None)
    if not weekend or name:
        return Day(day, HOLIDAY, name)
    return Day(day, WEEKEND, None)


def year_months(year: int, describe: Describe) -> list[Month]:
    months: list[Month] = []
    cal = pycalendar.Calendar(firstweekday=0)
    for m in range(1, 13):
        month = Month(year, m)
        for week in cal.monthdatescalendar(year, m):
            month.weeks.append([classify(d, describe) if d.month == m else None for d in week])
        months.append(month)
    return months


def spans(days: list[dt.date], year: int | None = None) -> str:
    """「1月1日至3日」「1月31日至2月2日」, consecutive days joined; a day outside ``year``
    carries its year (「2026年12月31日至2027年1月2日」)."""
    runs: list[list[dt.date]] = []
    for d in sorted(days):
        if runs and (d - runs[-1][-1]).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        first, last = run[0], run[-1]
        with_year = year is not None and (first.year != year or last.year != year)
        start = f"{first.year}年{_md(first)}" if with_year else _md(first)
        if first == last:
            parts.append(start)
        elif with_year and first.year != last.year:
            parts.append(f"{start}至{last.year}年{_md(last)}")
        elif first.month == last.month:
            parts.append(f"{start}至{last.day}日")
        else:
            parts.append(f"{start}至{_md(last)}")
    return "、".join(parts)


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def months_text(months: list[Month]) -> list[str]:
    """Lines for a terminal: a grid per month (休 放假, 班 调休上班) and the month's notes."""
    lines: list[str] = []
    for month in months:
        lines.append(f"{month.year}年{month.month}月")
        lines.append(" ".join(f" {h} " for h in WEEK_HEADER).rstrip())
        for week in month.weeks:
            cells = []
            for d in week:
                if d is None:
                    cells.append("    ")
                else:
                    mark = d.mark or "  "
                    cells.append(f"{d.date.day:>2}{mark}")
            lines.append(" ".join(cells).rstrip())
        lines.extend(f"  {note}" for note in month.notes())
        lines.append("")
    return lines


def notice_summary(year: int, holidays: dict[dt.date, str], workdays: dict[dt.date, str]) -> list[str]:
    """What a notice gave, one line per holiday: 「春节：2月15日至23日放假，2月14日、2月28日上班」."""
    weekdays_off = sum(1 for d in holidays if d.weekday() < 5)
    lines = [f"{year}年：放假 {len(holidays)} 天（其中周一至周五 {weekdays_off} 天），"
             f"调休上班 {len(workdays)} 天"]
    for name in dict.fromkeys([*holidays.values(), *workdays.values()]):
        off = [d for d, n in holidays.items() if n == name]
        worked = [d for d, n in workdays.items() if n == name]
        parts = []
        if off:
            parts.append(f"{spans(off, year)}放假")
        if worked:
            parts.append("、".join(spans([d], year) for d in sorted(worked)) + "上班")
        lines.append(f"  {name or '（未命名）'}：" + "，".join(parts))
    return lines

