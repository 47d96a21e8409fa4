"""公开时限 texts as rules the on-time checks can compute.

A published catalogue writes its deadlines many ways; what a check needs is one of:

- ``workdays``: N working days after a trigger (N个工作日 / N工作日 / N个工作日内);
- ``calendar_days``: N calendar days (N日内 / N天内 / N个自然日);
- ``by_date``: a fixed day each year (每年3月底前, 每年1月31日前);
- ``year_end``: before the end of the year (年底前, 每年底前, 年末前).

Anything else (实时公开, 及时公开, 长期公开, 常态化公开 ...) has no computable deadline: the
parser returns ``None`` and the text stays verbatim; nothing is guessed. The trigger words
before the number (信息形成（变更）, 制定或获取信息之日起, 批准后 ...) are kept.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol

DEFAULT_TRIGGER = "信息形成（变更）"
UNIT_CN = {"workdays": "工作日", "calendar_days": "自然日"}
# texts that name a way of publishing, not a deadline
NON_COMPUTABLE = ("实时公开", "及时公开", "长期公开", "常态化公开", "动态公开", "随时公开",
                  "即时公开", "定期公开", "持续公开", "动态更新", "实时更新", "及时更新")


class WorkdayCounter(Protocol):
    def add_workdays(self, start: dt.date, days: int) -> dt.date: ...

    def last_workday_of_year(self, year: int) -> dt.date: ...


@dataclass(frozen=True)
class Deadline:
    """A parsed 公开时限."""

    text: str
    kind: str  # "workdays" | "calendar_days" | "by_date" | "year_end"
    days: int = 0
    trigger: str = DEFAULT_TRIGGER
    month: int = 0  # by_date
    day: int = 0  # by_date; 0 = the month's last day (X月底前)

    @property
    def unit(self) -> str | None:
        return UNIT_CN.get(self.kind)

    def due(self, start: dt.date, calendar: WorkdayCounter) -> dt.date:
        if self.kind == "year_end":
            return calendar.last_workday_of_year(start.year)
        if self.kind == "calendar_days":
            return start + dt.timedelta(days=self.days)
        if self.kind == "by_date":
            due = _by_date(start.year, self.month, self.day)
            return due if due >= start else _by_date(start.year + 1, self.month, self.day)
        return calendar.add_workdays(start, self.days)

    def describe(self) -> str:
        """Chinese, e.g. 「制定或获取信息之日起10个工作日」."""
        if self.kind == "workdays":
            return f"{self.trigger}{self.days}个工作日"
        if self.kind == "calendar_days":
            return f"{self.trigger}{self.days}日（自然日）"
        if self.kind == "by_date":
            return f"每年{self.month}月{self.day or '底'}{'日' if self.day else ''}前"
        return "每年年底前"

    def to_rule(self) -> dict[str, Any]:
        """The JSON ``deadline_rule`` of a catalogue item."""
        rule: dict[str, Any] = {"kind": self.kind, "trigger": self.trigger}
        if self.kind in UNIT_CN:
            rule["n"] = self.days
            rule["unit"] = UNIT_CN[self.kind]
        if self.kind == "by_date":
            rule["month"] = self.month
            rule["day"] = self.day
        return rule

    @classmethod
    def from_rule(cls, text: str, rule: dict[str, Any]) -> Deadline:
        return cls(text=text, kind=str(rule["kind"]), days=int(rule.get("n") or 0),
                   trigger=str(rule.get("trigger") or DEFAULT_TRIGGER),
                   month=int(rule.get("month") or 0), day=int(rule.get("day") or 0))


def _by_date(year: int, month: int, day: int) -> dt.date:
    last = _cal.monthrange(year, month)[1]
    return dt.date(year, month, min(day, last) if day else last)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d+|[零〇一二两三四五六七八九十百]+)"


def cn_number(text: str) -> int | None:
    """'20' -> 20, '十五' -> 15, '二十' -> 20, '三' -> 3, '一百二十' -> 120."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    total += current
    return total or None


def fold(text: str) -> str:
    """NFKC, no whitespace at all (wrap spaces and line breaks inside words are layout)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


_WORKDAYS_RE = re.compile(rf"(?P<n>{_NUM})个?工作日")
_CALENDAR_RE = re.compile(rf"(?P<n>{_NUM})个?(?:自然日|日历日|天|日)(?!历)")
_MONTH_DAY_RE = re.compile(rf"(?P<m>{_NUM})月(?:(?P<d>{_NUM})日|底|末|份)?(?:前|之前|以前)")
_YEAR_END_RE = re.compile(r"(?:每年|当年|年)(?:底|末|终)(?:前|之前|以前)|年底前|年末前|年度结束前")


def _trigger(folded: str, start: int) -> str:
    """The words before the number, e.g. 制定或获取信息之日起, 信息形成(变更) -> full-width."""
    head = folded[:start]
    head = re.sub(r"^(?:自|在|于)", "", head).rstrip(",，、;；")
    head = head.replace("(", "（").replace(")", "）")
    return head or DEFAULT_TRIGGER


@functools.lru_cache(maxsize=4096)
def parse_deadline(text: str) -> Deadline | None:
    """Parse a 公开时限 text; ``None`` when it gives no computable deadline.

    Memoised (a Deadline is frozen): every row of a batch asks about its item's text."""
    raw = (text or "").strip()
    folded = fold(raw)
    if not folded:
        return None
    candidates: list[tuple[int, Deadline]] = []
    m = _WORKDAYS_RE.search(folded)
    if m and (n := cn_number(m.group("n"))):
        candidates.append((m.start(), Deadline(raw, "workdays", n, _trigger(folded, m.start()))))
    m = _CALENDAR_RE.search(folded)
    if m and (n := cn_number(m.group("n"))) and not _is_date(folded, m):
        candidates.append((m.start(), Deadline(raw, "calendar_days", n,
                                               _trigger(folded, m.start()))))
    if re.search(r"每年|年度|当年", folded):
        m = _MONTH_DAY_RE.search(folded)
        if m and (month := cn_number(m.group("m"))) and 1 <= month <= 12:
            day = cn_number(m.group("d")) if m.group("d") else 0
            if day is not None and 0 <= day <= 31:
                candidates.append((m.start(), Deadline(raw, "by_date", month=month, day=day,
                                                       trigger="每年")))
    candidates = [(pos, Deadline(raw, "year_end", trigger="每年"))
                  if d.kind == "by_date" and d.month == 12 and d.day in (0, 31) else (pos, d)
                  for pos, d in candidates]  # 每年12月31日前 is the year's end
    m = _YEAR_END_RE.search(folded)
    if m:
        candidates.append((m.start(), Deadline(raw, "year_end", trigger="每年")))
    if not candidates:
        return None
    # the first deadline written is the rule; later clauses (保持长期公开 ...) qualify it
    return min(candidates, key=lambda c: c[0])[1]


def _is_date(folded: str, m: re.Match[str]) -> bool:
    """'3月31日前' is a date, not '31 calendar days'."""
    return folded[max(0, m.start() - 1):m.start()] == "月" or bool(
        re.match(rf"{_NUM}月", folded[max(0, m.start() - 3):m.start()]))


def deadline_warning(text: str) -> str | None:
    """The Chinese warning for a deadline text the checks cannot compute, else None."""
    if not fold(text):
        return "公开时限为空，按时公开检查将按第6.1条的一般时限计算"
    if parse_deadline(text) is not None:
        return None
    named = [w for w in NON_COMPUTABLE if w in fold(text)]
    why = (f"（「{'、'.join(named)}」是公开要求，不是期限）" if named
           else "（没有天数或日期）")
    return (f"公开时限「{fold(text)}」无法计算截止日期{why}，原文保留；"
            "按时公开检查将按第6.1条的一般时限计算")
