"""Working-day calendar (工作日): weekends and statutory holidays off, 调休 days on.

Built on ``chinesecalendar`` for the years it knows; an office can supply its own
calendar (holidays and adjusted working days) for other years. A year nobody knows
raises :class:`UnknownYearError`; we never guess.

Counting convention (DOMAIN.md §5): "within N working days of X" means X is day 0 and
the deadline is the N-th working day *after* X, whether or not X itself is a working day.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from ...inputs.values import parse_date_text
from ...types import FupinError


class CalendarError(FupinError):
    """A user-facing calendar problem (message in Chinese)."""


class UnknownYearError(CalendarError):
    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"工作日历不含 {year} 年的法定节假日和调休安排，无法计算工作日。"
            f"请用 --calendar 提供本单位的 {year} 年工作日历文件（节假日和调休上班日）。"
        )


@functools.lru_cache(maxsize=4096)
def _cn_is_workday(day: dt.date) -> bool:
    """chinesecalendar's answer, memoised: batches ask about the same few hundred days."""
    return bool(chinese_calendar.is_workday(day))


@dataclass
class WorkdayCalendar:
    """Working-day arithmetic with optional office overrides.

    ``holidays`` and ``workdays`` are office-supplied days off and adjusted working
    days; ``office_years`` are the years the office calendar fully describes.
    """

    holidays: set[dt.date] = field(default_factory=set)
    workdays: set[dt.date] = field(default_factory=set)
    office_years: set[int] = field(default_factory=set)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if day.year in self.office_years:
            return day.weekday() < 5
        try:
            return _cn_is_workday(day)
        except NotImplementedError as exc:
            raise UnknownYearError(day.year) from exc

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (start is day 0). n=0 gives start."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        count = 0
        while count < n:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return day

    def workdays_after(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many working days ``end`` lies after ``start``.

        Negative when end is before start.
        """
        if end < start:
            return -self.workdays_after(end, start)
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def last_workday_of_year(self, year: int) -> dt.date:
        day = dt.date(year, 12, 31)
        while not self.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    @classmethod
    def from_file(cls, path: Path) -> WorkdayCalendar:
        return load_office_calendar(path)


_HOLIDAY_WORDS = {"节假日", "假日", "休息", "放假", "holiday", "休"}
_WORKDAY_WORDS = {"调休上班", "上班", "工作日", "补班", "workday", "班"}


def _parse_day(text: str, where: str) -> dt.date:

    day = parse_date_text(text.strip())
    if day is None:
        raise CalendarError(f"{where}：日期「{text}」无法识别，应为 2027-01-01 这样的日期")
    return day


def load_office_calendar(path: Path) -> WorkdayCalendar:
    """Read an office calendar.

    JSON: ``{"years": [2027], "holidays": ["2027-01-01", ...], "workdays": [...]}``.
    CSV (UTF-8, with header ``日期,类型``): 类型 is 节假日 or 调休上班.
    Years named (JSON ``years``, or every year that appears in the file) are then fully
    described by the file plus ordinary weekends.
    """
    if not path.is_file():
        raise CalendarError(f"找不到工作日历文件：{path}")
    cal = WorkdayCalendar()
    name = path.name
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CalendarError(f"工作日历文件 {name} 不是有效的 JSON：{exc}") from exc
        if not isinstance(data, dict):
            raise CalendarError(f"工作日历文件 {name} 应为对象，含 holidays 和 workdays 两个日期列表")
        cal.holidays = {_parse_day(str(d), name) for d in _as_list(data.get("holidays"))}
        cal.workdays = {_parse_day(str(d), name) for d in _as_list(data.get("workdays"))}
        years = {int(str(y)) for y in _as_list(data.get("years"))}
    elif path.suffix.lower() == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CalendarError(f"工作日历文件 {name} 应为 UTF-8 编码的 CSV") from exc
        reader = csv.DictReader(text.splitlines())
        fields = reader.fieldnames or []
        if "日期" not in fields or "类型" not in fields:
            raise CalendarError(f"工作日历文件 {name} 的表头应为：日期,类型")
        for lineno, row in enumerate(reader, start=2):
            where = f"{name} 第{lineno}行"
            day = _parse_day(row.get("日期") or "", where)
            kind = (row.get("类型") or "").strip()
            if kind in _HOLIDAY_WORDS:
                cal.holidays.add(day)
            elif kind in _WORKDAY_WORDS:
                cal.workdays.add(day)
            else:
                raise CalendarError(f"{where}：类型「{kind}」应为 节假日 或 调休上班")
        years = set()
    else:
        raise CalendarError(f"工作日历文件 {name} 应为 .json 或 .csv")
    # A year the office names (JSON "years") is described by the file alone. Otherwise the file
    # only overrides single days, and takes over a year only where chinesecalendar has no data:
    # a CSV with one local holiday in 2026 must not drop 2026's National Day.
    cal.office_years = years | {
        y for y in {d.year for d in cal.holidays | cal.workdays} if not _builtin_knows(y)
    }
    return cal


def _builtin_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _as_list(value: object) -> Iterable[object]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]
