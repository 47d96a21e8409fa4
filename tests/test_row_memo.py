"""Per-row work memoised across a batch (issue 19) gives the answers it gave uncached."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin_docs.standard.calendar.workdays import WorkdayCalendar
from fupin_docs.standard.catalogues.deadlines import parse_deadline
from fupin_docs.standard.privacy import find_personal_data

DAYS = st.dates(dt.date(2021, 1, 1), dt.date(2026, 6, 30))


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(0, 40), DAYS)
def test_memoised_workday_counts_equal_a_fresh_calendar_s(start: dt.date, n: int,
                                                          end: dt.date) -> None:
    warm = WORKED
    for _ in range(2):  # the second answer comes from the memo
        assert warm.add_workdays(start, n) == WorkdayCalendar()._add_workdays(start, n)
        assert warm.workdays_after(start, end) == WorkdayCalendar()._workdays_after(start, end)


WORKED = WorkdayCalendar()


def test_a_calendar_changed_after_use_answers_with_its_new_days() -> None:
    cal = WorkdayCalendar(use_installed=False)
    monday = dt.date(2026, 3, 9)
    assert cal.add_workdays(monday, 1) == dt.date(2026, 3, 10)
    cal.holidays.add(dt.date(2026, 3, 10))  # the office adds a day off
    assert cal.add_workdays(monday, 1) == dt.date(2026, 3, 11)
    assert cal.workdays_after(monday, dt.date(2026, 3, 11)) == 1


def test_parsed_deadlines_are_shared_and_immutable() -> None:
    a = parse_deadline("信息形成（变更）之日起20个工作日内")
    assert a is not None and a.days == 20 and a is parse_deadline("信息形成（变更）之日起20个工作日内")


NOT_DIGIT = st.text(alphabet="年月日号万元电话：， ab", max_size=15)


@given(NOT_DIGIT, NOT_DIGIT, st.sampled_from(["13812345678", "19912345678",
                                              "110101199003071234"]))
def test_the_digit_count_shortcut_keeps_every_number(before: str, after: str,
                                                     number: str) -> None:
    # ID 110101199003071234 fails its checksum: no ID; its 11-digit tail is no mobile either
    found = find_personal_data(before + number + after)
    if number.startswith("110101"):
        assert found == []
    else:
        assert [d.kind for d in found] == ["mobile"]
    assert find_personal_data(before + number[:-1] + after) == []
