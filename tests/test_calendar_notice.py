"""The State Council's holiday notices as the calendar (issue 16).

tests/data/notices/YYYY.txt hold the annual notices 2015-2026 as published (plus the three
supplementary notices of 2015, 2019 and 2020); parsed, they must agree with chinesecalendar on
every day of every year.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import chinese_calendar
import docx
import pytest
from chinese_calendar.constants import Holiday
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin_docs.standard.calendar.notice import (
    HolidayCalendar,
    NoticeError,
    html_text,
    parse_notice,
    parse_notices,
    read_notice_text,
)
from fupin_docs.types import FupinError

NOTICES = Path(__file__).parent / "data" / "notices"
YEARS = range(2015, 2027)
D = dt.date


def notice_files(year: int) -> list[Path]:
    """The annual notice first, then that year's supplementary notices."""
    files = sorted(NOTICES.glob(f"{year}*.txt"), key=lambda p: (p.stem != str(year), p.name))
    assert files and files[0].stem == str(year)
    return files


def calendar_of(year: int) -> HolidayCalendar:
    return parse_notices([(p.read_text(encoding="utf-8"), p.name) for p in notice_files(year)])


@pytest.fixture(scope="module")
def calendars() -> dict[int, HolidayCalendar]:
    return {year: calendar_of(year) for year in YEARS}


def days_of(year: int) -> list[dt.date]:
    first = D(year, 1, 1)
    return [first + dt.timedelta(days=k) for k in range((D(year, 12, 31) - first).days + 1)]


def notice_says_workday(day: dt.date, calendars: dict[int, HolidayCalendar]) -> bool:
    """A day is described by its year's notice, unless next year's notice says otherwise
    (the 2019 notice's 元旦 begins on 2018-12-30, with Saturday 2018-12-29 a working day)."""
    nxt = calendars.get(day.year + 1)
    if nxt is not None and (day in nxt.holidays or day in nxt.workdays):
        return nxt.is_workday(day)
    return calendars[day.year].is_workday(day)


@pytest.mark.parametrize("year", YEARS)
def test_notice_agrees_with_chinesecalendar_every_day(year: int, calendars: dict[int, HolidayCalendar]) -> None:
    diffs = [d for d in days_of(year) if notice_says_workday(d, calendars) != chinese_calendar.is_workday(d)]
    assert diffs == []


def days_described(year: int, calendars: dict[int, HolidayCalendar]) -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    """The year's holidays and 调休 working days: its own notice, then next year's on top."""
    holidays = {d: n for d, n in calendars[year].holidays.items() if d.year == year}
    workdays = {d: n for d, n in calendars[year].workdays.items() if d.year == year}
    nxt = calendars.get(year + 1)
    if nxt is not None:
        for d, n in nxt.holidays.items():
            if d.year == year:
                holidays[d] = n
                workdays.pop(d, None)
        for d, n in nxt.workdays.items():
            if d.year == year:
                workdays[d] = n
                holidays.pop(d, None)
    return holidays, workdays


@pytest.mark.parametrize("year", YEARS)
def test_notice_holidays_and_workdays_are_chinesecalendars_with_their_names(
    year: int, calendars: dict[int, HolidayCalendar]
) -> None:
    holidays, workdays = days_described(year, calendars)
    # Holidays that matter (Monday to Friday) are chinesecalendar's, under the same holiday.
    assert {d for d in holidays if d.weekday() < 5} == {
        d for d in days_of(year) if d.weekday() < 5 and not chinese_calendar.is_workday(d)
    }
    for day, mine in holidays.items():
        if day.weekday() < 5:
            _, name = chinese_calendar.get_holiday_detail(day)
            assert name is not None and Holiday(name).chinese in mine, day
    # 调休 working days: the weekends chinesecalendar says are worked, each with its holiday.
    assert set(workdays) == {d for d in days_of(year) if d.weekday() >= 5 and chinese_calendar.is_workday(d)}
    for day, mine in workdays.items():
        _, name = chinese_calendar.get_holiday_detail(day)
        assert Holiday(name).chinese in mine, day


def test_2018s_last_days_come_from_the_2019_notice(calendars: dict[int, HolidayCalendar]) -> None:
    cal = calendars[2019]
    assert cal.holidays[D(2018, 12, 31)] == "元旦" and cal.workdays[D(2018, 12, 29)] == "元旦"
    assert D(2018, 12, 31) not in calendars[2018].holidays


def test_2019_labour_day_adjustment_replaces_the_first_arrangement() -> None:
    annual = parse_notice((NOTICES / "2019.txt").read_text(encoding="utf-8")).calendar()
    assert [d for d, n in annual.holidays.items() if n == "劳动节"] == [D(2019, 5, 1)]
    cal = calendar_of(2019)
    assert sorted(d for d, n in cal.holidays.items() if n == "劳动节") == [D(2019, 5, k) for k in range(1, 5)]
    assert {D(2019, 4, 28), D(2019, 5, 5)} <= set(cal.workdays)


def test_2020_spring_festival_extension_drops_the_saturday_workday() -> None:
    cal = calendar_of(2020)
    assert not cal.is_workday(D(2020, 1, 31)) and not cal.is_workday(D(2020, 2, 1))
    assert cal.is_workday(D(2020, 2, 3)) and cal.is_workday(D(2020, 1, 19))
    assert "延长2020年春节假期" in cal.source


def test_year_comes_from_the_title_or_is_given() -> None:
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    assert parse_notice(text).year == 2026
    body = "\n".join(line for line in text.splitlines() if line.startswith(("一、", "二、")))
    assert parse_notice(body, year=2026).year == 2026
    with pytest.raises(NoticeError, match="年份"):
        parse_notice(body)
    with pytest.raises(NoticeError, match="标题写的是2026年"):
        parse_notice(text, year=2027)


def test_items_pasted_without_the_title_are_a_whole_year() -> None:
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    items = "\n".join("　　" + line for line in text.splitlines() if line[:2] in {"一、", "二、", "三、", "四、", "五、", "六、", "七、"})
    cal = parse_notices([(items, "粘贴")], year=2026)
    assert cal.holidays == calendar_of(2026).holidays and cal.workdays == calendar_of(2026).workdays


def test_supplement_alone_needs_the_year_it_amends() -> None:
    supplement = (NOTICES / "2019-调整劳动节.txt").read_text(encoding="utf-8")
    with pytest.raises(NoticeError, match="补充通知"):
        parse_notices([(supplement, "调整.txt")])
    base = parse_notice((NOTICES / "2019.txt").read_text(encoding="utf-8")).calendar()
    cal = parse_notices([(supplement, "调整.txt")], base_for={2019: base}.get)
    full = calendar_of(2019)
    assert cal.holidays == full.holidays and cal.workdays == full.workdays
    assert D(2019, 5, 2) not in base.holidays  # the installed base itself is not changed


def test_json_file_round_trip(calendars: dict[int, HolidayCalendar]) -> None:
    cal = calendars[2019]
    data = json.loads(cal.dumps())
    assert data["year"] == 2019 and data["holidays"][0] == {"date": "2018-12-30", "name": "元旦"}
    back = HolidayCalendar.from_json(data, "x.json")
    assert back.holidays == cal.holidays and back.workdays == cal.workdays and back.source == cal.source


# -- what a clerk may paste ----------------------------------------------------------------------

SPRING_2026 = "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"


def test_half_width_punctuation_and_full_width_digits_read_the_same() -> None:
    half = "二、春节:2月15日(农历腊月二十八、周日)至23日(农历正月初七、周一)放假调休,共9天.2月14日(周六)、2月28日(周六)上班."
    wide = SPRING_2026.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    want = parse_notice(SPRING_2026, year=2026).calendar()
    for text in (half, wide):
        got = parse_notice(text, year=2026).calendar()
        assert got.holidays == want.holidays and got.workdays == want.workdays
    assert len(want.holidays) == 9 and set(want.workdays) == {D(2026, 2, 14), D(2026, 2, 28)}


def test_notice_pasted_as_one_paragraph() -> None:
    text = (NOTICES / "2024.txt").read_text(encoding="utf-8")
    one = "".join(text.splitlines())
    got = parse_notice(one).calendar()
    want = parse_notice(text).calendar()
    assert got.holidays == want.holidays and got.workdays == want.workdays


def test_range_across_the_month_and_into_the_year_before() -> None:
    cal = parse_notice("一、元旦：12月31日（周四）至1月2日（周六）放假调休，共3天。", year=2027).calendar()
    assert sorted(cal.holidays) == [D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 2)]
    cal = parse_notice("五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。", year=2025).calendar()
    assert sorted(cal.holidays) == [D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2)]


def test_holiday_names_without_jie_are_items_too() -> None:
    cal = parse_notice("三、清明：4月4日（周六）至6日（周一）放假，共3天。", year=2026).calendar()
    assert set(cal.holidays.values()) == {"清明"} and len(cal.holidays) == 3


def test_make_up_day_off_is_a_holiday() -> None:
    cal = parse_notice("一、元旦：1月1日放假，1月2日（星期一）补休。", year=2017).calendar()
    assert set(cal.holidays) == {D(2017, 1, 1), D(2017, 1, 2)}


def test_advice_to_rest_on_new_years_eve_is_not_a_holiday() -> None:
    cal = calendar_of(2024)
    assert cal.is_workday(D(2024, 2, 9))


def test_docx_and_html_copies_read_like_the_text(tmp_path: Path) -> None:
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    doc = docx.Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    doc.save(str(tmp_path / "通知.docx"))
    html = "<html><head><title>国务院办公厅关于2026年部分节假日安排的通知_政府信息公开</title>" \
        "<script>var a='1月1日放假';</script></head><body><div class='nav'>首页 &gt; 政策 " \
        "<a>国务院关于印发某某规划的通知</a></div>" + \
        "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"
    (tmp_path / "通知.html").write_text(html, encoding="utf-8")
    (tmp_path / "通知.txt").write_bytes(text.encode("gb18030"))
    want = parse_notice(text).calendar()
    for name in ("通知.docx", "通知.html", "通知.txt"):
        got = parse_notice(read_notice_text(tmp_path / name)).calendar()
        assert (got.year, got.holidays, got.workdays) == (2026, want.holidays, want.workdays), name
    assert "1月1日放假" not in html_text(html)  # scripts are not text


# -- what must be refused --------------------------------------------------------------------------


def test_wrong_weekday_names_the_line() -> None:
    text = "国务院办公厅关于2026年部分节假日安排的通知\n\n一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周六）上班。"
    with pytest.raises(NoticeError) as exc:
        parse_notice(text, source_name="通知.txt")
    msg = str(exc.value)
    assert "通知.txt第3行" in msg and "1月4日是星期日" in msg and "周六" in msg


def test_weekday_of_the_wrong_year_is_caught() -> None:
    with pytest.raises(NoticeError, match="2027年2月15日是星期一"):
        parse_notice(SPRING_2026, year=2027)


def test_lunar_dates_are_checked_too() -> None:
    with pytest.raises(NoticeError, match="2026年2月15日是农历腊月二十八，通知写的是农历腊月二十七"):
        parse_notice(SPRING_2026.replace("腊月二十八", "腊月二十七"), year=2026)
    with pytest.raises(NoticeError, match="2025年1月27日是农历腊月二十八，通知写的是农历除夕"):
        parse_notice("二、春节：1月27日（农历除夕、周一）至2月4日（农历正月初七、周二）放假调休，共9天。", year=2025)
    # 2025's 除夕 is the 29th of the 12th month: the day before 正月初一
    assert parse_notice("二、春节：1月28日（农历除夕、周二）放假1天。", year=2025).year == 2025


def test_wrong_day_count_names_the_line() -> None:
    with pytest.raises(NoticeError) as exc:
        parse_notice("一、元旦：\n二、春节：2月15日至23日放假调休，共8天。".replace("一、元旦：\n", ""), year=2026)
    assert "第1行" in str(exc.value) and "共8天" in str(exc.value) and "9天" in str(exc.value)


def test_weekday_named_as_a_working_saturday_is_refused() -> None:
    with pytest.raises(NoticeError, match="本来就上班"):
        parse_notice("二、春节：2月15日至23日放假调休，共9天。2月16日（星期一）上班。", year=2026)


def test_joined_with_the_weekend_must_touch_a_weekend() -> None:
    with pytest.raises(NoticeError, match="与周末连休"):
        parse_notice("三、清明节：4月8日放假，与周末连休。", year=2026)


def test_same_day_off_and_worked_is_refused() -> None:
    with pytest.raises(NoticeError, match="既放假又上班"):
        parse_notice("一、元旦：1月1日至3日放假，共3天。\n二、春节：1月3日（星期六）上班。2月16日放假。", year=2026)


def test_garbage_text_is_refused_in_chinese() -> None:
    with pytest.raises(NoticeError, match="没有读到任何放假安排"):
        parse_notice("今天天气很好，大家辛苦了。", year=2027)
    with pytest.raises(NoticeError, match="找不到年份"):
        parse_notice("hello world")


def test_item_without_holiday_dates_is_refused() -> None:
    with pytest.raises(NoticeError, match=r"第2行.*没有读到春节的放假日期"):
        parse_notice("一、元旦：1月1日放假，共1天。\n二、春节：另行通知。", year=2027)


def test_impossible_date_is_refused() -> None:
    with pytest.raises(NoticeError, match="没有2027年2月30日"):
        parse_notice("二、春节：2月30日放假。", year=2027)


def test_every_problem_is_listed_not_only_the_first() -> None:
    with pytest.raises(NoticeError) as exc:
        parse_notice("一、元旦：1月1日（周一）放假。\n二、春节：2月6日至12日放假，共9天。", year=2027)
    assert len(exc.value.problems) == 2


def test_unreadable_file_types_say_what_to_do(tmp_path: Path) -> None:
    f = tmp_path / "通知.pdf"
    f.write_bytes(b"%PDF-1.4")
    with pytest.raises(FupinError, match=r"另存为 \.docx 或 \.txt"):
        read_notice_text(f)
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(FupinError, match="不是有效的 Word"):
        read_notice_text(bad)


# -- hostile text: a NoticeError or a calendar, never a traceback ----------------------------------

NOTICE_ALPHABET = "0123456789０１２３年月日至（）()、，,。：:共天放假调休补上班周星期一二三四五六日元旦春节\n 与末连鼓励延长"


@settings(max_examples=200)
@given(st.text(alphabet=NOTICE_ALPHABET, max_size=120), st.sampled_from([None, 2027]))
def test_any_text_is_a_calendar_or_a_chinese_error(text: str, year: int | None) -> None:
    try:
        cal = parse_notice(text, year=year).calendar()
    except NoticeError as exc:
        assert exc.problems and all(p for p in exc.problems)
        assert not any(ch.isascii() and ch.isalpha() for p in exc.problems for ch in p.replace("--year", ""))
    else:
        assert cal.holidays  # something was read, and every day in it is a real date
        assert all(isinstance(d, dt.date) for d in [*cal.holidays, *cal.workdays])


@settings(max_examples=100)
@given(st.sampled_from(sorted(NOTICES.glob("20*.txt"))), st.integers(0, 2000), st.integers(1, 30))
def test_a_notice_cut_anywhere_is_a_calendar_or_a_chinese_error(path: Path, start: int, length: int) -> None:
    text = path.read_text(encoding="utf-8")
    damaged = text[:start] + text[start + length:]
    try:
        parse_notice(damaged, year=int(path.stem[:4]))
    except NoticeError as exc:
        assert exc.problems


# -- a notice pasted only in part ------------------------------------------------------------------


def _cut_before(text: str, marker: str) -> str:
    return text[: text.index(marker)]


def test_annual_notice_cut_before_its_last_items_is_refused_naming_the_missing_holidays() -> None:
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    cut = _cut_before(text, "四、劳动节")
    with pytest.raises(NoticeError) as exc:
        parse_notices([(cut, "通知.txt")])
    message = "\n".join(exc.value.problems)
    assert "通知.txt" in message and "没有粘贴完整" in message
    assert "劳动节" in message and "国庆节" in message and "春节" not in message.split("没有读到")[1]


def test_items_pasted_without_the_intro_must_cover_the_seven_statutory_holidays() -> None:
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.strip()[:2] in {"一、", "二、", "三、", "四、", "五、"}]
    with pytest.raises(NoticeError, match="中秋节、国庆节"):
        parse_notices([("\n".join(items), "粘贴")], year=2026)


def test_a_supplement_on_an_installed_year_need_not_list_every_holiday() -> None:
    supplement = (NOTICES / "2019-调整劳动节.txt").read_text(encoding="utf-8")
    base = parse_notice((NOTICES / "2019.txt").read_text(encoding="utf-8")).calendar()
    assert parse_notices([(supplement, "调整.txt")], base_for={2019: base}.get).year == 2019


def test_a_workbook_or_a_picture_is_not_read_as_a_notice(tmp_path: Path) -> None:
    for name, data in (("目录.xlsx", b"PK\x03\x04rest"), ("截图.png", b"\x89PNG\r\n\x1a\nrest")):
        f = tmp_path / name
        f.write_bytes(data)
        with pytest.raises(FupinError, match=rf"{name}：不是通知文件.*\.txt、\.docx 或 \.html"):
            read_notice_text(f)
