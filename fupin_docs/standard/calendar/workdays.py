"""Working-day calendar (工作日): weekends and statutory holidays off, 调休 days on.

Built on ``chinesecalendar`` for the years it knows, the State Council notices the clerk
installed (``fupin-docs calendar install``, see notice.py and store.py), and an office's own
calendar file (``--calendar``). A year nobody knows raises :class:`UnknownYearError`; we never
guess. Callers that must go on (every document kind: no batch is refused for a missing year)
use :meth:`WorkdayCalendar.due`, which returns :class:`Unchecked` instead, and report one
issue per row with code :data:`UNKNOWN_YEAR_CODE` and :func:`unknown_year_message`.

Counting convention (DOMAIN.md §5): "within N working days of X" means X is day 0 and
the deadline is the N-th working day *after* X, whether or not X itself is a working day.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chinese_calendar

from ...inputs.values import parse_date_text
from ...types import FupinError, read_json
from . import store
from .notice import HolidayCalendar


class CalendarError(FupinError):
    """A user-facing calendar problem (message in Chinese)."""


UNKNOWN_YEAR_CODE = "calendar.year_unknown"  # the issue code of the one warning per row
def unknown_year_message(year: int) -> str:
    """What a clerk reads when a deadline falls in a year nobody has described yet."""
    return (
        f"{year}年节假日安排尚未提供，时限未核对；运行 fupin-docs calendar from-notice 通知.txt"
        f" 读入国务院办公厅《关于{year}年部分节假日安排的通知》，再用 calendar install 保存"
        "（网页版：「工作日历」）"
    )


class UnknownYearError(CalendarError):
    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(unknown_year_message(year))


@dataclass(frozen=True)
class Unchecked:
    """A deadline that cannot be counted yet: its year's holidays are not known.

    Kinds return this instead of a date, so a document is still written and its row gets
    one warning (:func:`unknown_year_message`) instead of a refused batch.
    """

    year: int

    @property
    def message(self) -> str:
        return unknown_year_message(self.year)


@functools.lru_cache(maxsize=4096)
def _cn_is_workday(day: dt.date) -> bool:
    """chinesecalendar's answer, memoised: batches ask about the same few hundred days."""
    return bool(chinese_calendar.is_workday(day))


@dataclass
class WorkdayCalendar:
    """Working-day arithmetic: chinesecalendar, the installed notices, office overrides.

    ``holidays`` and ``workdays`` are office-supplied days off and adjusted working
    days; ``office_years`` are the years the office calendar fully describes. Unless
    ``use_installed`` is False, the calendars installed with ``fupin-docs calendar install``
    are added (an office file's own days win), and their years count as fully described.
    """

    holidays: set[dt.date] = field(default_factory=set)
    workdays: set[dt.date] = field(default_factory=set)
    office_years: set[int] = field(default_factory=set)
    names: dict[dt.date, str] = field(default_factory=dict)
    use_installed: bool = True
    sources: dict[int, str] = field(default_factory=dict)
    # add_workdays / workdays_after answers: a batch asks about the same few hundred days.
    # Keyed by the sizes of the day sets too, so changing them after use empties it.
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, init=False, repr=False,
                                              compare=False)
    _memo_key: tuple[int, int, int] = field(default=(0, 0, 0), init=False, repr=False,
                                            compare=False)

    def __post_init__(self) -> None:
        if not self.use_installed:
            return
        office_years = set(self.office_years)
        own = self.holidays | self.workdays
        # in year order: a later notice's days (2028's 元旦 starting on 2027-12-31) win
        for year, cal in sorted(store.installed().items()):
            if year in office_years:  # the office's own file describes that year alone
                continue
            for days, target, other in ((cal.holidays, self.holidays, self.workdays),
                                        (cal.workdays, self.workdays, self.holidays)):
                for day, name in days.items():
                    if day not in own and day.year not in office_years:
                        target.add(day)
                        other.discard(day)
                        self.names[day] = name
            self.office_years.add(year)
            self.sources[year] = f"已安装的通知：{cal.source}" if cal.source else "已安装的工作日历"

    @classmethod
    def of_notice(cls, cal: HolidayCalendar) -> WorkdayCalendar:
        """The calendar a notice alone describes (its year fully; e.g. to preview it)."""
        return cls(holidays=set(cal.holidays), workdays=set(cal.workdays), office_years={cal.year},
                   names={**cal.holidays, **cal.workdays}, use_installed=False,
                   sources={cal.year: cal.source or "通知"})

    def knows(self, year: int) -> bool:
        """Whether deadlines can be counted in ``year``."""
        return year in self.office_years or _builtin_knows(year)

    def source_of(self, year: int) -> str:
        if year in self.sources:
            return self.sources[year]
        if year in self.office_years:
            return "本单位工作日历文件"
        return "内置 chinesecalendar"

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

    def describe(self, day: dt.date) -> tuple[bool, str | None]:
        """(working day, the holiday's name when the day is off for it or worked for it)."""
        working = self.is_workday(day)
        if day in self.names:
            return working, self.names[day] or None
        if day in self.holidays or day in self.workdays or day.year in self.office_years:
            return working, None
        _, name = chinese_calendar.get_holiday_detail(day)
        if name is None:
            return working, None
        try:
            return working, str(chinese_calendar.Holiday(name).chinese)
        except ValueError:
            return working, str(name)

    def due(self, start: dt.date, n: int) -> dt.date | Unchecked:
        """:meth:`add_workdays`, or :class:`Unchecked` when the count runs into an unknown year."""
        try:
            return self.add_workdays(start, n)
        except UnknownYearError as exc:
            return Unchecked(exc.year)

    def _memo_for(self) -> dict[tuple[Any, ...], Any]:
        key = (len(self.holidays), len(self.workdays), len(self.office_years))
        if key != self._memo_key or len(self._memo) > 20_000:
            self._memo.clear()
            self._memo_key = key
        return self._memo

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (start is day 0). n=0 gives start."""
        memo = self._memo_for()
        key = ("add", start, n)
        found = memo.get(key)
        if found is None:  # an unknown year raises, and is asked again next time
            found = memo[key] = self._add_workdays(start, n)
        return found

    def _add_workdays(self, start: dt.date, n: int) -> dt.date:
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
        memo = self._memo_for()
        key = ("after", start, end)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._workdays_after(start, end)
        return found

    def _workdays_after(self, start: dt.date, end: dt.date) -> int:
        if end < start:
            return -self._workdays_after(end, start)
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

    JSON: ``{"years": [2027], "holidays": ["2027-01-01", ...], "workdays": [...]}``, or the
    file ``fupin-docs calendar from-notice`` writes (``year``, days as ``{"date", "name"}``).
    CSV (UTF-8, with header ``日期,类型``): 类型 is 节假日 or 调休上班.
    Years named (JSON ``years``/``year``, or every year that appears in the file) are then
    fully described by the file plus ordinary weekends.
    """
    if not path.is_file():
        raise CalendarError(f"找不到工作日历文件：{path}")
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    names: dict[dt.date, str] = {}
    name = path.name
    source = "本单位工作日历文件"
    if path.suffix.lower() == ".json":
        data = read_json(path, f"工作日历文件 {name}", CalendarError)
        if not isinstance(data, dict):
            raise CalendarError(f"工作日历文件 {name} 应为对象，含 holidays 和 workdays 两个日期列表")
        for key, target in (("holidays", holidays), ("workdays", workdays)):
            for item in _as_list(data.get(key)):
                text, label = (item.get("date"), item.get("name")) if isinstance(item, dict) else (item, None)
                day = _parse_day(str(text), name)
                target.add(day)
                if label:
                    names[day] = str(label)
        try:
            years = {int(str(y)) for y in [*_as_list(data.get("years")), *_as_list(data.get("year"))]}
        except ValueError as exc:
            raise CalendarError(f"工作日历文件 {name}：年份应为 2027 这样的四位数字") from exc
        if data.get("source"):
            source = f"{name}：{data['source']}"
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
                holidays.add(day)
            elif kind in _WORKDAY_WORDS:
                workdays.add(day)
            else:
                raise CalendarError(f"{where}：类型「{kind}」应为 节假日 或 调休上班")
        years = set()
    else:
        raise CalendarError(f"工作日历文件 {name} 应为 .json 或 .csv")
    # A year the office names (JSON "years") is described by the file alone. Otherwise the file
    # only overrides single days, and takes over a year only where chinesecalendar has no data:
    # a CSV with one local holiday in 2026 must not drop 2026's National Day.
    office_years = years | {
        y for y in {d.year for d in holidays | workdays} if not _builtin_knows(y)
    }
    return WorkdayCalendar(holidays=holidays, workdays=workdays, office_years=office_years,
                           names=names, sources=dict.fromkeys(office_years, source))


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
