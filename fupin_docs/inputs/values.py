"""Turning raw cell values into clean record values: text, dates, lists.

Accepted date texts (全角数字 are folded to ASCII first, blanks trimmed):
``2026-03-05``, ``2026-3-5``, ``2026/3/5``, ``2026.3.5``, ``2026年3月5日``, ``20260305``;
real Excel dates and Excel serial numbers (e.g. 46086) in date columns.
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
MULTI_SEPARATORS = re.compile(r"[、,，;；\n]+")


def clean_text(value: str) -> str:
    """Strip XML-invalid control characters (also in Excel's _xHHHH_ form), trim blanks."""

    def unescape(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return "" if _XML_INVALID.match(ch) else m.group(0)

    value = _EXCEL_ESCAPE.sub(unescape, value)
    value = _XML_INVALID.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.strip().strip("\u3000").strip()


def strip_invalid(value: str) -> str:
    """Only drop what XML 1.0 / UTF-8 cannot hold; everything else stays as typed."""
    return _XML_INVALID.sub("", value)


def parse_date_text(text: str) -> dt.date | None:
    text = unicodedata.normalize("NFKC", text).translate(_FULLWIDTH_DIGITS).strip()
    m = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
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
    return parse_date_text(text) or text


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
