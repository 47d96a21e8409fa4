"""Issue 17: 公开时限 texts parsed into rules the on-time checks compute; nothing guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from fupin_docs.standard.calendar.workdays import WorkdayCalendar
from fupin_docs.standard.catalogues.deadlines import (
    Deadline,
    cn_number,
    deadline_warning,
    parse_deadline,
)


@pytest.mark.parametrize(("text", "kind", "n", "trigger"), [
    ("信息形成（变更）20个工作日内", "workdays", 20, "信息形成（变更）"),
    ("信息形成(变更)20个工作日内", "workdays", 20, "信息形成（变更）"),
    ("20工作日", "workdays", 20, "信息形成（变更）"),
    ("制 定 或 获 取 信 息之日起 10 个 工作日内", "workdays", 10, "制定或获取信息之日起"),
    ("资金分配结果下达15个工作日内", "workdays", 15, "资金分配结果下达"),
    ("自信息形成之日起十五个工作日内", "workdays", 15, "信息形成之日起"),
    ("批准后20日内", "calendar_days", 20, "批准后"),
    ("审批结束后7天内", "calendar_days", 7, "审批结束后"),
    ("信息产生、变更之日起20个工作日内公开,保持长期公开", "workdays", 20, "信息产生、变更之日起"),
])
def test_counted_deadlines(text: str, kind: str, n: int, trigger: str) -> None:
    d = parse_deadline(text)
    assert d is not None
    assert (d.kind, d.days, d.trigger) == (kind, n, trigger)
    assert d.text == text.strip()  # verbatim


@pytest.mark.parametrize(("text", "kind", "month", "day"), [
    ("每年3月底前", "by_date", 3, 0),
    ("每年1月31日前公开上一年度情况", "by_date", 1, 31),
    ("年底前", "year_end", 0, 0),
    ("每年底前集中公布1次当年情况", "year_end", 0, 0),
])
def test_dated_deadlines(text: str, kind: str, month: int, day: int) -> None:
    d = parse_deadline(text)
    assert d is not None and (d.kind, d.month, d.day) == (kind, month, day)


@pytest.mark.parametrize("text", ["实时公开", "及时公开", "长期公开", "常态化公开", "招生前", ""])
def test_no_computable_deadline_is_none_with_a_warning(text: str) -> None:
    assert parse_deadline(text) is None
    warning = deadline_warning(text)
    assert warning is not None and "第6.1条" in warning


def test_due_dates() -> None:
    cal = WorkdayCalendar()
    start = dt.date(2026, 9, 30)
    assert parse_deadline("批准后20日内").due(start, cal) == dt.date(2026, 10, 20)  # type: ignore[union-attr]
    # 10 working days over the National Day holiday
    assert parse_deadline("10个工作日内").due(start, cal) == cal.add_workdays(start, 10)  # type: ignore[union-attr]
    by_date = parse_deadline("每年3月底前")
    assert by_date is not None
    assert by_date.due(dt.date(2026, 2, 1), cal) == dt.date(2026, 3, 31)
    assert by_date.due(dt.date(2026, 4, 1), cal) == dt.date(2027, 3, 31)


def test_rule_round_trips_through_json() -> None:
    d = parse_deadline("制定或获取信息之日起10个工作日内")
    assert d is not None
    assert d.to_rule() == {"kind": "workdays", "trigger": "制定或获取信息之日起", "n": 10,
                           "unit": "工作日"}
    assert Deadline.from_rule(d.text, d.to_rule()) == d


@pytest.mark.parametrize(("text", "n"), [("20", 20), ("十五", 15), ("二十", 20), ("三", 3),
                                         ("一百二十", 120), ("十", 10)])
def test_chinese_numbers(text: str, n: int) -> None:
    assert cn_number(text) == n
