"""Turning raw cell values into clean record values: text, dates, lists.

Accepted date texts (全角数字 are folded to ASCII first, blanks trimmed):
``2026-03-05``, ``2026-3-5``, ``2026/3/5``, ``2026.3.5``, ``2026年3月5日``, ``20260305``,
``二〇二六年三月五日``; a weekday or a midnight time after the date (``2026年3月5日（星期四）``,
``2026-03-05 00:00:00``); real Excel dates and Excel serial numbers (e.g. 46086), also when the
cell is formatted as text (``'46086``). ``3月5日`` (no year) is read by :func:`parse_month_day`
and completed with the document's year by the schema checker (inputs/validate.py).
Anything else stays text and fails validation with a message saying what is accepted.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

DATE_FORMATS_HINT = "2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日"

# Characters that are not allowed in XML 1.0 (and so not in .docx / .xlsx); lone
# surrogates (only reachable through JSON escapes) cannot even be written as UTF-8.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel's escape form of such characters, e.g. _x000B_.
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DATE_RE = re.compile(
    r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$"
)
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# what clerks add after a date: a weekday, a midnight time (a date pasted from another system)
_DATE_TAIL = re.compile(
    r"\s*(?:\(\s*(?:星期|周|礼拜)(?P<a>[一二三四五六日天])\s*\)|(?:星期|周|礼拜)(?P<b>[一二三四五六日天])"
    r"|[T\s]0{1,2}:00(?::00(?:\.0+)?)?)\s*$")
_WEEKDAYS = "一二三四五六日"
_MONTH_DAY_RE = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_SERIAL_TEXT_RE = re.compile(r"^\d{5}(?:\.\d+)?$")
# 二〇二六年三月五日 (the style of formal documents): digits and 十 for tens
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE_RE = re.compile(r"^([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月"
                         r"([一二三四五六七八九十]{1,3})日$")
MULTI_SEPARATORS = re.compile(r"[、,，;；\n]+")


def clean_text(value: str) -> str:
    """Strip XML-invalid control characters (also in Excel's _xHHHH_ form), trim blanks."""
    if value.isprintable() and "_x" not in value:
        # the common case, fast: no control character, line break or escape to remove
        # (every character _XML_INVALID matches, and \r, is non-printable)
        return value.strip().strip("\u3000").strip()

    def unescape(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return "" if _XML_INVALID.match(ch) else m.group(0)

    value = _EXCEL_ESCAPE.sub(unescape, value)
    value = _XML_INVALID.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.strip().strip("\u3000").strip()


def strip_invalid(value: str) -> str:
    """Only drop what XML 1.0 / UTF-8 cannot hold; everything else stays as typed."""
    return _XML_INVALID.sub("", value)


EARLIEST_YEAR = 2000  # no 政务公开 record of this toolkit predates it


def plausible_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The dates a clerk can mean: from 2000-01-01 to one year after today."""
    today = today or dt.date.today()
    try:
        latest = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + 1, day=28)
    return dt.date(EARLIEST_YEAR, 1, 1), latest


def implausible_date_message(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why ``day`` is not a date a clerk meant (a mistyped year: 2062, 1900), or None."""
    earliest, latest = plausible_range(today)
    if day < earliest:
        return (f"日期 {cn_date(day)} 的年份 {day.year} 早于 {EARLIEST_YEAR} 年，"
                "可能是年份写错了，请核对")
    if day > latest:
        return (f"日期 {cn_date(day)} 的年份 {day.year} 晚于今天一年以上（最晚 {cn_date(latest)}），"
                "可能是年份写错了，请核对")
    return None


def _fold_date_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_FULLWIDTH_DIGITS).strip()


def parse_date_text(text: str) -> dt.date | None:
    text = _fold_date_text(text)
    m = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not m:
        return _parse_cn_numeral_date(text)
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _cn_number(text: str) -> int | None:
    """一 .. 三十一 as an int (十 = 10, 十二 = 12, 二十 = 20, 二十五 = 25)."""
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    value = (_CN_DIGITS.get(tens, -100) if tens else 1) * 10 + (_CN_DIGITS.get(ones, -100) if ones else 0)
    return value if value > 0 else None


def _parse_cn_numeral_date(text: str) -> dt.date | None:
    m = _CN_DATE_RE.match(text)
    if not m:
        return None
    year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
    month, day = _cn_number(m.group(2)), _cn_number(m.group(3))
    if month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date_cell_text(text: str) -> dt.date | None:
    """A date typed (or pasted) into a cell as text: every form of :func:`parse_date_text`,
    with a weekday or midnight time after it, or an Excel serial number kept as text."""
    text = _fold_date_text(text)
    if _SERIAL_TEXT_RE.match(text):
        return excel_serial_to_date(float(text))
    m = _DATE_TAIL.search(text)
    day = parse_date_text(text[: m.start()] if m else text)
    if day is not None and m is not None and not _weekday_matches(day, m):
        return None  # 2026年3月5日（星期一）: the clerk meant another day; ask, never guess
    return day


def _weekday_matches(day: dt.date, m: re.Match[str]) -> bool:
    stated = m.group("a") or m.group("b")
    return stated is None or _WEEKDAYS[day.weekday()] == stated.replace("天", "日")


def parse_month_day(text: str) -> tuple[int, int] | None:
    """``3月5日`` (a date without its year, weekday allowed after it) as (month, day)."""
    text = _fold_date_text(text)
    tail = _DATE_TAIL.search(text)
    m = _MONTH_DAY_RE.match(text[: tail.start()] if tail else text)
    if not m:
        return None
    month, day = int(m.group(1)), int(m.group(2))
    try:  # 2024 is a leap year: 2月29日 is a real day in some year
        dt.date(2024, month, day)
    except ValueError:
        return None
    return month, day


def complete_year(month_day: tuple[int, int], year: int) -> dt.date | None:
    try:
        return dt.date(year, *month_day)
    except ValueError:  # 2月29日 in a year that has none
        return None


def excel_serial_to_date(value: float) -> dt.date | None:
    # Excel's 1900 system; serials below 61 hit the fictitious 1900-02-29.
    if not 61 <= value < 2958466:
        return None
    return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))


def to_date(value: Any) -> dt.date | str | None:
    """A date, or the original text when it cannot be read as one, or None if blank."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if float(value).is_integer() and 19000101 <= value <= 29991231:  # 20260305 typed as a number
            return parse_date_text(str(int(value))) or str(int(value))
        return excel_serial_to_date(float(value)) or str(value)
    text = clean_text(str(value))
    if not text:
        return None
    return parse_date_cell_text(text) or text


def to_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(str(value))
    return text or None


def to_list(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        items = [to_text(v) for v in value]
    else:
        text = to_text(value)
        if text is None:
            return None
        items = [clean_text(p) for p in MULTI_SEPARATORS.split(text)]
    result = [i for i in items if i]
    return result or None


def cn_date(day: dt.date | None) -> str:
    """``2026年3月5日``: Arabic numerals, no zero padding (GB/T 9704-2012 7.3.5)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


# the brackets clerks type for the 〔〕 around a document number's year: (2026) （2026） [2026]
# 【2026】 ［2026］ ﹝2026﹞; one table for reading a number, its year and comparing numbers
YEAR_OPEN = "〔﹝[【(（［"
YEAR_CLOSE = "〕﹞]】)）］"
_NUMBER_YEAR_BRACKETS = re.compile(
    rf"\s*[{re.escape(YEAR_OPEN)}]\s*(\d{{4}})\s*[{re.escape(YEAR_CLOSE)}]\s*")


def doc_number(text: str) -> str:
    """A document number (编号, 文号) in its standard form: 万扶公〔2026〕12号 (GB/T 9704-2012
    7.2.4: Arabic numerals, the year in 六角括号 〔〕). Clerks type 万扶公(2026)12号,
    万扶公[2026]12号 or 【2026】 for the brackets their keyboard lacks, and full-width digits
    (万扶公〔２０２６〕１２号); the same number must print, and count as a duplicate, the same
    way. Blanks around the year and before 号 go too. Anything else is left as typed, for the
    schema to judge (and to quote as typed)."""
    folded = text.translate(_FULLWIDTH_DIGITS)
    folded = _NUMBER_YEAR_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", folded, count=1)
    folded = re.sub(r"(\d)\s+号$", r"\1号", folded)
    return folded if _STANDARD_NUMBER.fullmatch(folded) else text


# the schemas' pattern for 编号 / 文号 (schemas/slip.schema.json)
_STANDARD_NUMBER = re.compile(r'[^\s/\\:*?"<>|.〔〕]+〔\d{4}〕\d+号')
