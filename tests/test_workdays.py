from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fupin_docs.standard.calendar.workdays import (
    CalendarError,
    UnknownYearError,
    WorkdayCalendar,
    load_office_calendar,
)

D = dt.date


def test_adjusted_saturday_is_a_workday() -> None:
    assert WorkdayCalendar().is_workday(D(2026, 2, 14))  # 调休 Saturday


def test_national_day_is_off() -> None:
    cal = WorkdayCalendar()
    assert not any(cal.is_workday(D(2026, 10, d)) for d in range(1, 8))


def test_day_zero_is_not_counted_even_when_a_workday() -> None:
    # 2026-03-02 is a Monday: 3 working days after it is Thursday, not Wednesday.
    assert WorkdayCalendar().add_workdays(D(2026, 3, 2), 3) == D(2026, 3, 5)


def test_deadline_across_national_day() -> None:
    cal = WorkdayCalendar()
    # 9-30 is day 0; 10-1..10-7 off; 10-8, 10-9 and Saturday 10-10 (调休) are workdays
    assert cal.add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)
    # 9-28 is day 0: 9-29, 9-30, 10-8, 10-9, 10-10, 10-12 .. 10-16 is the 10th
    assert cal.add_workdays(D(2026, 9, 28), 10) == D(2026, 10, 16)


def test_workdays_after() -> None:
    cal = WorkdayCalendar()
    assert cal.workdays_after(D(2026, 10, 9), D(2026, 10, 12)) == 2
    assert cal.workdays_after(D(2026, 10, 12), D(2026, 10, 9)) == -2
    assert cal.workdays_after(D(2026, 3, 5), D(2026, 3, 5)) == 0


def test_unknown_year_is_an_error_not_a_guess() -> None:
    with pytest.raises(UnknownYearError) as exc:
        WorkdayCalendar().add_workdays(D(2027, 1, 4), 3)
    assert "2027年节假日安排尚未提供" in str(exc.value) and "calendar from-notice" in str(exc.value)


def test_office_calendar_json(tmp_path: Path) -> None:
    f = tmp_path / "cal.json"
    f.write_text(json.dumps({"years": [2027], "holidays": ["2027-01-01"],
                             "workdays": ["2027-01-09"]}), encoding="utf-8")
    cal = load_office_calendar(f)
    assert not cal.is_workday(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 1, 9))  # adjusted Saturday
    assert not cal.is_workday(D(2027, 1, 10))  # ordinary Sunday
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_office_calendar_csv(tmp_path: Path) -> None:
    f = tmp_path / "cal.csv"
    f.write_text("日期,类型\n2027-02-05,节假日\n2027/2/20,调休上班\n", encoding="utf-8")
    cal = load_office_calendar(f)
    assert not cal.is_workday(D(2027, 2, 5))
    assert cal.is_workday(D(2027, 2, 20))


def test_office_calendar_bad_row(tmp_path: Path) -> None:
    f = tmp_path / "cal.csv"
    f.write_text("日期,类型\n2027-02-05,放羊\n", encoding="utf-8")
    with pytest.raises(CalendarError, match="第2行"):
        load_office_calendar(f)


def test_office_csv_for_a_known_year_only_overrides_days(tmp_path: Path) -> None:
    f = tmp_path / "cal.csv"
    f.write_text("日期,类型\n2026-03-06,节假日\n", encoding="utf-8")
    cal = load_office_calendar(f)
    assert not cal.is_workday(D(2026, 3, 6))  # the local holiday
    assert not cal.is_workday(D(2026, 10, 1))  # National Day still off
    assert cal.is_workday(D(2026, 2, 14))  # the adjusted Saturday still on


def test_office_json_naming_a_year_describes_it_alone(tmp_path: Path) -> None:
    f = tmp_path / "cal.json"
    f.write_text(json.dumps({"years": [2026], "holidays": ["2026-03-06"]}), encoding="utf-8")
    cal = load_office_calendar(f)
    # the office said its file is all of 2026: National Day counts only if the file lists it
    assert cal.is_workday(D(2026, 10, 1)) and not cal.is_workday(D(2026, 3, 6))


def test_due_is_unchecked_for_a_year_nobody_described() -> None:
    from fupin_docs.standard.calendar.workdays import Unchecked

    cal = WorkdayCalendar()
    assert cal.due(D(2026, 3, 2), 3) == D(2026, 3, 5)
    unknown = cal.due(D(2026, 12, 29), 3)  # 12-30, 12-31, then 2027
    assert unknown == Unchecked(2027) and "2027年节假日安排尚未提供" in unknown.message


def test_office_calendar_json_as_from_notice_writes_it(tmp_path: Path) -> None:
    f = tmp_path / "2027年工作日历.json"
    f.write_text(json.dumps({
        "year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知",
        "holidays": [{"date": "2027-02-08", "name": "春节"}, {"date": "2026-12-31", "name": "元旦"}],
        "workdays": [{"date": "2027-02-20", "name": "春节"}],
    }, ensure_ascii=False), encoding="utf-8")
    cal = load_office_calendar(f)
    assert cal.knows(2027) and not cal.is_workday(D(2027, 2, 8)) and cal.is_workday(D(2027, 2, 20))
    assert cal.describe(D(2027, 2, 20)) == (True, "春节")
    # a day of the year before overrides that day only; the rest of 2026 stays chinesecalendar's
    assert not cal.is_workday(D(2026, 12, 31)) and not cal.is_workday(D(2026, 10, 1))
    assert "2027年部分节假日安排" in cal.source_of(2027)


def test_builtin_names_come_from_chinesecalendar() -> None:
    assert WorkdayCalendar().describe(D(2026, 10, 1)) == (False, "国庆节")
    assert WorkdayCalendar().describe(D(2026, 3, 4)) == (True, None)
