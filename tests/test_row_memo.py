"""Per-row work memoised across a batch (issue 19) gives the answers it gave uncached."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


# ------------------------------------------------------------------ cell values read once

CELL_VALUES = st.one_of(
    st.sampled_from(["2026年3月5日", "3月5日", "2026/3/5（星期四）", "20260305", "45000", "是", "√",
                     "已核对", "不涉密", "微信、微博", "政府网站；两微一端", "  ", "2026年", "２０２６",
                     "〇", "=1+1"]),
    st.integers(-3, 20260305), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.datetimes(dt.datetime(1999, 1, 1), dt.datetime(2030, 1, 1)),
    st.text(max_size=12))
SLIP_FIELDS = ("number", "formed_date", "draft_date", "check_truth", "check_secret", "channels",
               "ways", "title")


def _slip_checker() -> Any:
    from fupin_docs.inputs.validate import SchemaChecker
    from fupin_docs.resources import load_schema

    return SchemaChecker(load_schema("slip"))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(SLIP_FIELDS), CELL_VALUES, max_size=6))
def test_memoised_cell_values_read_as_a_fresh_checker_reads_them(raw: dict[str, Any]) -> None:
    """SchemaChecker.memo: the second row with the same cells reads as the first did, and
    the 「是→已核对」 notes count both rows."""
    warm, fresh = WARM, _slip_checker()
    before = {k: dict(v) for k, v in warm.aliased.items()}
    assert warm.coerce(raw) == fresh.coerce(raw)
    assert warm.coerce(raw) == fresh.coerce(raw)  # from the memo now
    for name, counts in fresh.aliased.items():
        for key, n in counts.items():
            assert warm.aliased[name][key] == before.get(name, {}).get(key, 0) + n


WARM = _slip_checker()


def test_each_record_gets_its_own_list_and_1_1p0_true_differ() -> None:
    checker = _slip_checker()
    a_inst, a_vals = checker.coerce({"channels": "政府网站、两微一端"})
    _, b_vals = checker.coerce({"channels": "政府网站、两微一端"})
    assert a_inst["channels"] is a_vals["channels"]  # one list for both views, as before
    assert a_vals["channels"] == b_vals["channels"] and a_vals["channels"] is not b_vals["channels"]
    a_vals["channels"].append("x")
    assert b_vals["channels"] == ["政府网站", "两微一端"]
    assert checker.coerce({"channels": "政府网站、两微一端"})[1]["channels"] == ["政府网站", "两微一端"]
    texts = [checker.coerce({"title": v})[1]["title"] for v in (1, 1.0, True, 1, True)]
    assert texts == ["1", "1", "True", "1", "True"]
