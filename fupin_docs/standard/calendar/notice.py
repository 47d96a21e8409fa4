"""The State Council's holiday notice (《关于YYYY年部分节假日安排的通知》) as a calendar.

Every year the 国务院办公厅 publishes the next year's holidays and 调休 working days as a short
notice. A clerk copies its text from the government website (or saves the page / a Word
copy); :func:`parse_notice` turns that text into a :class:`HolidayCalendar` and
:func:`read_notice_text` reads .txt, .docx and .html files.

What the notices say, as published 2015-2026 (see tests/data/notices/):

* numbered items ``二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，
  共9天。2月14日（周六）、2月28日（周六）上班。``, several holidays in one item
  (``中秋节、国庆节：…``), ranges across a month or a year (``2018年12月30日至2019年1月1日``),
  ``1月1日放假，1月2日（星期一）补休``, ``与周末连休``, ``放假1天，不调休``;
* supplementary notices for one holiday: the 2019 劳动节 adjustment (its days replace the
  earlier ones), the 2020 春节 extension (``延长2020年春节假期至2月2日``), the 2015 special day
  (``9月3日至5日调休放假，共3天``).

Nothing is guessed: every stated weekday is checked against the real calendar, every stated
lunar date (``农历腊月二十八``, ``农历除夕``) against the lunar calendar (lunardate), ``共N天``
against the days of the range, and a line that cannot be read is an error naming the line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lunardate import LunarDate

from ...types import FupinError

FORMAT_TAG = "fupin-docs 工作日历"
FORMAT_VERSION = 1

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAY_CHARS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_CN_NUMERALS = "一二三四五六七八九十"


class NoticeError(FupinError):
    """The notice text cannot be read as a holiday calendar (message in Chinese, per line)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# ---------------------------------------------------------------------------------------------
# The calendar a notice describes


@dataclass
class HolidayCalendar:
    """One year's holidays and 调休 working days, each day with its holiday's name.

    Days may lie just outside ``year`` (``2018年12月30日至2019年1月1日`` in the 2019 notice);
    they override the neighbouring year's days.
    """

    year: int
    holidays: dict[dt.date, str] = field(default_factory=dict)
    workdays: dict[dt.date, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return "；".join(self.sources)

    def is_workday(self, day: dt.date) -> bool:
        """Working day by this calendar alone (ordinary weekends otherwise)."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def apply(self, notice: Notice) -> None:
        """Lay a notice over this calendar.

        An annual notice adds its days. A later notice about one holiday replaces that
        holiday's earlier days (the 2019 劳动节 adjustment) or extends its holiday up to a date,
        dropping that holiday's 调休 working days inside the longer break (the 2020 extension).
        """
        by_name: dict[str, list[Arrangement]] = {}
        for arr in notice.arrangements:
            by_name.setdefault(arr.name, []).append(arr)
        for name, arrs in by_name.items():
            if any(a.mode == "replace" for a in arrs) and notice.kind != "annual":
                self._drop(name)
            for arr in arrs:
                if arr.mode == "extend":
                    self._extend(arr)
                else:
                    for day in arr.holidays:
                        self.holidays[day] = name
                        self.workdays.pop(day, None)
                    for day in arr.workdays:
                        self.workdays[day] = name
                        self.holidays.pop(day, None)
        if notice.title and notice.title not in self.sources:
            self.sources.append(notice.title)

    def copy(self) -> HolidayCalendar:
        return HolidayCalendar(year=self.year, holidays=dict(self.holidays),
                               workdays=dict(self.workdays), sources=list(self.sources))

    def _drop(self, name: str) -> None:
        self.holidays = {d: n for d, n in self.holidays.items() if n != name}
        self.workdays = {d: n for d, n in self.workdays.items() if n != name}

    def _extend(self, arr: Arrangement) -> None:
        target = arr.extend_to
        assert target is not None
        own = sorted(d for d, n in self.holidays.items() if n == arr.name)
        if not own:
            raise NoticeError([f"{arr.where}：要延长的{arr.name}假期在此前的通知中没有，请先读入年度通知"])
        day = own[-1]
        while day < target:
            day += dt.timedelta(days=1)
            self.holidays[day] = arr.name
        for d in [d for d, n in self.workdays.items() if n == arr.name and own[0] <= d <= target]:
            del self.workdays[d]
            self.holidays[d] = arr.name

    # -- file format ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "格式": FORMAT_TAG,
            "版本": FORMAT_VERSION,
            "year": self.year,
            "years": [self.year],
            "source": self.source,
            "holidays": [{"date": d.isoformat(), "name": n} for d, n in sorted(self.holidays.items())],
            "workdays": [{"date": d.isoformat(), "name": n} for d, n in sorted(self.workdays.items())],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, data: object, where: str) -> HolidayCalendar:
        """Read :meth:`to_json`'s format; ``where`` names the file in messages."""
        if not isinstance(data, dict):
            raise FupinError(f"{where}：工作日历文件应为对象，含 year、holidays 和 workdays")
        try:
            year = int(str(data.get("year") or _first(data.get("years"))))
        except (TypeError, ValueError) as exc:
            raise FupinError(f"{where}：缺少年份（year），应为 2027 这样的四位数字") from exc
        cal = cls(year=year)
        for key, target in (("holidays", cal.holidays), ("workdays", cal.workdays)):
            items = data.get(key) or []
            if not isinstance(items, list):
                raise FupinError(f"{where}：{key} 应为日期列表")
            for item in items:
                text, name = (item.get("date"), item.get("name")) if isinstance(item, dict) else (item, "")
                try:
                    day = dt.date.fromisoformat(str(text))
                except ValueError as exc:
                    raise FupinError(f"{where}：日期「{text}」无法识别，应为 2027-01-01 这样的日期") from exc
                target[day] = str(name or "")
        source = data.get("source")
        if source:
            cal.sources = [str(source)]
        return cal


def _first(value: object) -> object:
    if isinstance(value, list) and value:
        return value[0]
    return value


# ---------------------------------------------------------------------------------------------
# Parsing


@dataclass
class Arrangement:
    """What one item (or paragraph) of a notice says about one holiday."""

    name: str
    where: str
    mode: str = "replace"  # "replace" (the days as stated) or "extend" (延长…假期至 a date)
    holidays: list[dt.date] = field(default_factory=list)
    workdays: list[dt.date] = field(default_factory=list)
    extend_to: dt.date | None = None


@dataclass
class Notice:
    year: int
    title: str
    kind: str  # "annual" (部分节假日安排) or "supplement" (one holiday adjusted, extended, added)
    arrangements: list[Arrangement]
    listed: list[str] = field(default_factory=list)  # the holidays its intro names (现将…的具体安排)

    def calendar(self) -> HolidayCalendar:
        cal = HolidayCalendar(year=self.year)
        cal.apply(self)
        return cal


_DATE = (
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
    r"(?:\s*\((?P<p>[^()]*)\))?"
)
_DATE_RE = re.compile(_DATE)
_RANGE_JOIN = re.compile(r"^\s*(?:至|到|-|–|—|~)\s*$")
_NAME = r"[\u4e00-\u9fff]{0,16}?(?:节|元旦|纪念日|清明|端午|中秋)"
_ITEM_RE = re.compile(
    rf"^\s*(?P<num>[{_CN_NUMERALS}]{{1,3}})\s*[、.]\s*(?P<names>{_NAME}(?:\s*[、和与及]\s*{_NAME})*)\s*:\s*(?P<body>.*)$"
)
_ITEM_START = re.compile(rf"(?<=[。.])\s*(?=[{_CN_NUMERALS}]{{1,3}}、)")
_TITLE_RE = re.compile(r"关于(?P<what>[^。\n]{2,80}?)的通知")
_ANNUAL_TITLE = re.compile(r"(?P<y>\d{4})\s*年\s*部分节假日安排")
_INTRO_YEAR = re.compile(r"现将\s*(?P<y>\d{4})\s*年")
_INTRO_NAMES = re.compile(r"现将\s*\d{4}\s*年\s*(?P<names>[\u4e00-\u9fff、和及与]{2,60}?)\s*(?:放假调休|放假|调休)")
# Every annual notice since 2008 arranges these seven (中秋节、国庆节 sometimes as one item).
STATUTORY_HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_EXTEND_RE = re.compile(rf"延长\s*(?:\d{{4}}\s*年)?\s*(?P<name>{_NAME}?|[\u4e00-\u9fff]{{1,8}}?)\s*假期\s*至")
_COUNT_RE = re.compile(r"(?:共|放假)\s*(?P<n>\d{1,2})\s*天")
_LUNAR_RE = re.compile(
    r"农历\s*(?:(?P<eve>除夕)|(?P<month>正|腊|冬|十一|十二|[二三四五六七八九十])月\s*(?P<day>初[一二三四五六七八九十]|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十))"
)
_LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12, "十一": 11, "十二": 12, "二": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)}
_WEEKDAY_RE = re.compile(r"(?:星期|周|礼拜)\s*(?P<w>[一二三四五六日天七])")


def normalise(text: str) -> str:
    """Fold full-width digits and punctuation (NFKC), unify line ends and blanks."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    return text


def parse_notice(text: str, year: int | None = None, source_name: str = "通知") -> Notice:
    """Read one notice. ``year`` overrides (and must agree with) the year in its title."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [normalise(line) for line in raw_lines]
    full = "\n".join(lines)
    title, what = _find_title(lines)
    # A notice about one holiday (调整2019年劳动节假期, 延长2020年春节假期, a special day) amends a
    # year; the annual notice, or its items pasted without the title, describe the whole year.
    kind = "supplement" if what and not _ANNUAL_TITLE.search(what) else "annual"
    found_year = _find_year(full, what)
    problems: list[str] = []
    if year is None:
        year = found_year
    elif found_year is not None and found_year != year and kind == "annual":
        problems.append(f"{source_name}：标题写的是{found_year}年，但指定的年份是{year}年")
    if year is None:
        raise NoticeError([f"{source_name}：找不到年份。通知标题应为《关于2027年部分节假日安排的通知》，或用 --year 指定年份"])
    context = _context_name(what)
    parser = _Parser(year=year, source_name=source_name, context=context, problems=problems)
    for lineno, (raw, line) in enumerate(zip(raw_lines, lines, strict=True), start=1):
        # A notice pasted as one paragraph: each numbered item starts after a full stop.
        for piece in _ITEM_START.split(line):
            if piece.strip():
                parser.line(lineno, raw, piece)
    if not parser.arrangements and not problems:
        problems.append(
            f"{source_name}：没有读到任何放假安排。请粘贴国务院办公厅《关于{year}年部分节假日安排的通知》"
            "的全文，每一项形如「一、元旦：1月1日放假，共1天。」"
        )
    if not problems:
        problems.extend(_conflicts(parser.arrangements, source_name))
    if problems:
        raise NoticeError(problems)
    intro = _INTRO_NAMES.search(full) if kind == "annual" else None
    listed = [n for n in re.split(r"[、和及与]", intro.group("names")) if n] if intro else []
    return Notice(year=year, title=title or f"{source_name}", kind=kind, arrangements=parser.arrangements,
                  listed=listed)


def parse_notices(
    texts: Iterable[tuple[str, str]], year: int | None = None,
    base_for: Callable[[int], HolidayCalendar | None] | None = None,
) -> HolidayCalendar:
    """Several notices for one year, in order (the annual one first): ``(text, name)`` pairs.

    A supplementary notice given first (one holiday adjusted or extended) goes on top of
    ``base_for(year)``, e.g. the year's installed calendar; alone it does not describe a year.
    """
    cal: HolidayCalendar | None = None
    annual: tuple[Notice, str] | None = None  # the annual notice the calendar starts from
    covered: set[str] = set()
    for text, name in texts:
        notice = parse_notice(text, year=year if year is not None else (cal.year if cal else None),
                              source_name=name)
        if cal is None:
            base = base_for(notice.year) if base_for is not None and notice.kind != "annual" else None
            if base is not None:
                cal = base.copy()
            elif notice.kind != "annual":
                raise NoticeError([
                    f"{name}：这是对{notice.year}年个别节日的补充通知，不是全年安排；请先安装"
                    f"《关于{notice.year}年部分节假日安排的通知》，或把两份通知一起读入（年度通知在前）"
                ])
            else:
                cal = HolidayCalendar(year=notice.year)
                annual = (notice, name)
        elif notice.kind == "annual" and notice.year != cal.year:
            raise NoticeError([f"{name}：这是{notice.year}年的通知，与前面的{cal.year}年通知不是同一年"])
        cal.apply(notice)
        covered.update(_holiday_key(n) for arr in notice.arrangements for n in arr.name.split("、"))
    if cal is None:
        raise NoticeError(["没有提供通知"])
    if annual is not None:
        _check_complete(annual[0], annual[1], covered)
    return cal


def _holiday_key(name: str) -> str:
    return name.strip().removesuffix("节")


def _check_complete(notice: Notice, name: str, covered: set[str]) -> None:
    """A year's calendar lists every holiday the notice names (or the seven statutory ones):
    a notice pasted only in part must not be saved as the whole year."""
    expected = notice.listed or list(STATUTORY_HOLIDAYS)
    missing = [h for h in expected if _holiday_key(h) not in covered]
    if missing:
        raise NoticeError([
            f"{name}：没有读到{'、'.join(missing)}的放假安排，通知可能没有粘贴完整；"
            f"请粘贴《关于{notice.year}年部分节假日安排的通知》从标题到落款的全文"
        ])


def _find_title(lines: list[str]) -> tuple[str, str | None]:
    """The notice's title: the first 「关于……的通知」 about holidays (a saved web page may
    name other notices in its links), else the first one at all."""
    found = [(line, m) for line in lines for m in _TITLE_RE.finditer(line)]
    about_days = [(line, m) for line, m in found if re.search(r"节假日|假期|放假", m.group("what"))]
    for line, m in about_days or found:
        start = line.rfind("国务院", 0, m.start())
        title = line[start if start >= 0 else m.start(): m.end()].strip()
        return title, m.group("what")
    return "", None


def _find_year(full: str, what: str | None) -> int | None:
    for source, pattern in ((what or "", _ANNUAL_TITLE), (what or "", re.compile(r"(?P<y>\d{4})\s*年")),
                            (full, _INTRO_YEAR)):
        m = pattern.search(source)
        if m:
            return int(m.group("y"))
    # A special notice (2015's 9月3日): the first full date that gives days off.
    for m in re.finditer(r"(?P<y>\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^。\n]{0,12}?放假", full):
        return int(m.group("y"))
    return None


def _context_name(what: str | None) -> str | None:
    """The holiday a supplementary notice is about, from its title."""
    if not what or _ANNUAL_TITLE.search(what):
        return None
    name = re.sub(r"^(?:调整|延长)", "", what)
    name = re.sub(r"^\s*\d{4}\s*年\s*", "", name)
    name = re.sub(r"(?:假期安排|放假安排|调休放假|假期|放假)$", "", name).strip()
    return name or None


@dataclass
class _DateRef:
    day: dt.date
    end: dt.date | None  # a range's last day
    start_pos: int
    end_pos: int


class _Parser:
    def __init__(self, year: int, source_name: str, context: str | None, problems: list[str]) -> None:
        self.year = year
        self.source_name = source_name
        self.context = context
        self.problems = problems
        self.arrangements: list[Arrangement] = []

    def where(self, lineno: int, raw: str) -> str:
        excerpt = raw.strip()
        if len(excerpt) > 40:
            excerpt = excerpt[:40] + "…"
        return f"{self.source_name}第{lineno}行「{excerpt}」"

    def line(self, lineno: int, raw: str, line: str) -> None:
        where = self.where(lineno, raw)
        m = _ITEM_RE.match(line)
        try:
            if m:
                names = re.split(r"\s*[、和与及]\s*", m.group("names"))
                self.body("、".join(names), m.group("body"), where, mode="replace")
                return
            ext = _EXTEND_RE.search(line)
            if ext:
                self.extension(ext.group("name"), line[ext.end():], where)
                return
            if _DATE_RE.search(line) and re.search(r"放假|补休|上班", line):
                if self.context is None:
                    raise NoticeError([f"{where}：看不出这些日期属于哪个节日；每一项应以「一、元旦：」这样的节日名称开头"])
                self.body(self.context, line, where, mode="replace")
            else:
                # Other lines (the dispatch date, 除夕 advice...) only have their weekdays checked.
                self.dates(line, where, holiday_name="")
        except NoticeError as exc:
            self.problems.extend(exc.problems)

    def extension(self, name: str, rest: str, where: str) -> None:
        refs = self.dates(rest, where, holiday_name=name)
        if not refs:
            raise NoticeError([f"{where}：「延长…假期至」后面应是日期"])
        self.arrangements.append(Arrangement(name=name, where=where, mode="extend", extend_to=refs[0].day))

    def body(self, name: str, body: str, where: str, mode: str) -> None:
        arr = Arrangement(name=name, where=where, mode=mode)
        for sentence in re.split(r"[。;]", body):
            self.sentence(sentence, arr, where)
        if not arr.holidays:
            raise NoticeError([f"{where}：没有读到{name}的放假日期，应写成「1月1日至3日放假调休，共3天」这样"])
        self.arrangements.append(arr)

    def sentence(self, sentence: str, arr: Arrangement, where: str) -> None:
        if not sentence.strip():
            return
        off: list[dt.date] = []
        for clause in _split_clauses(sentence):
            refs = self.dates(clause, where, holiday_name=arr.name)
            if not refs or clause.lstrip().startswith("鼓励"):
                continue
            if "上班" in clause:
                if re.search(r"起\s*(?:正常)?\s*上班", clause):
                    continue  # "2月3日（星期一）起正常上班": the first ordinary day, not a 调休
                for ref in refs:
                    if ref.end is not None:
                        raise NoticeError([f"{where}：调休上班日应逐日列出，不是一个日期段"])
                    if ref.day.weekday() < 5:
                        raise NoticeError([
                            f"{where}：{_md(ref.day)}是{WEEKDAY_NAMES[ref.day.weekday()]}，本来就上班，"
                            "不是调休上班日；请核对日期"
                        ])
                    arr.workdays.append(ref.day)
            elif re.search(r"放假|补休", clause):
                for ref in refs:
                    off.extend(_days(ref.day, ref.end or ref.day))
        if not off:
            return
        count = _COUNT_RE.search(sentence)
        if count and int(count.group("n")) != len(off):
            raise NoticeError([
                f"{where}：写的是共{count.group('n')}天，但{_md(off[0])}至{_md(off[-1])}是{len(off)}天；请核对日期和天数"
            ])
        if "与周末连休" in sentence and not any(
            (d + dt.timedelta(days=k)).weekday() >= 5 for d in (off[0], off[-1]) for k in (-1, 1)
        ):
            raise NoticeError([f"{where}：写的是与周末连休，但{_md(off[0])}前后都不是周末；请核对日期"])
        arr.holidays.extend(off)

    def dates(self, text: str, where: str, holiday_name: str) -> list[_DateRef]:
        """Every date in ``text`` (ranges joined), each stated weekday checked."""
        refs: list[_DateRef] = []
        last_year: int | None = None
        last_month: int | None = None
        matches = list(_DATE_RE.finditer(text))
        i = 0
        while i < len(matches):
            m = matches[i]
            day, last_year, last_month = self._date(m, where, holiday_name, last_year, last_month)
            end: dt.date | None = None
            end_pos = m.end()
            if i + 1 < len(matches) and _RANGE_JOIN.match(text[m.end(): matches[i + 1].start()]):
                n = matches[i + 1]
                start_year = int(m.group("y")) if m.group("y") else None
                end, last_year, last_month = self._date(n, where, holiday_name, start_year, day.month)
                if end < day and not m.group("y") and not n.group("y"):
                    # "12月31日至1月2日": the range starts in the year before.
                    day = day.replace(year=day.year - 1)
                    self._check_weekday(m, day, where)
                if end < day:
                    raise NoticeError([f"{where}：日期段{_md(day)}至{_md(end)}的结束日期早于开始日期"])
                end_pos = n.end()
                i += 1
            refs.append(_DateRef(day=day, end=end, start_pos=m.start(), end_pos=end_pos))
            i += 1
        return refs

    def _date(
        self, m: re.Match[str], where: str, holiday_name: str, year: int | None, month: int | None
    ) -> tuple[dt.date, int | None, int | None]:
        explicit_year = int(m.group("y")) if m.group("y") else None
        if m.group("m"):
            month = int(m.group("m"))
        elif month is None:
            raise NoticeError([f"{where}：「{m.group(0)}」没有写月份"])
        if explicit_year is not None:
            year = explicit_year
        elif year is None:
            # 元旦's December days belong to the year before the notice's year.
            year = self.year - 1 if month == 12 and "元旦" in holiday_name else self.year
        try:
            day = dt.date(year, month, int(m.group("d")))
        except ValueError as exc:
            raise NoticeError([f"{where}：没有{year}年{month}月{m.group('d')}日这一天"]) from exc
        self._check_weekday(m, day, where)
        return day, explicit_year, month

    def _check_weekday(self, m: re.Match[str], day: dt.date, where: str) -> None:
        """The weekday (and the lunar date, 「农历腊月二十八、周日」) the notice gives for a day."""
        paren = m.group("p") or ""
        w = _WEEKDAY_RE.search(paren)
        if w and _WEEKDAY_CHARS[w.group("w")] != day.weekday():
            raise NoticeError([
                f"{where}：{day.year}年{_md(day)}是{WEEKDAY_NAMES[day.weekday()]}，通知写的是"
                f"{w.group(0)}；请核对日期和年份"
            ])
        lunar = _LUNAR_RE.search(paren)
        if lunar:
            _check_lunar(lunar, day, where)


def lunar_day_number(text: str) -> int | None:
    """初一..初十, 十一..十九, 二十, 廿一..廿九, 三十 as 1..30."""
    if text.startswith("初") and len(text) == 2:
        return _CN_DIGITS.get(text[1])
    if text == "十":
        return 10
    if text.startswith("十") and len(text) == 2:
        n = _CN_DIGITS.get(text[1])
        return 10 + n if n is not None and n < 10 else None
    if text in ("二十", "三十"):
        return 20 if text == "二十" else 30
    if text.startswith(("廿", "二十")) and len(text) in (2, 3):
        n = _CN_DIGITS.get(text[-1])
        return 20 + n if n is not None and n < 10 else None
    return None


def _check_lunar(m: re.Match[str], day: dt.date, where: str) -> None:
    try:
        lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    except ValueError:  # outside lunardate's years: nothing to check against
        return
    actual = f"农历{_lunar_text(lunar.month, lunar.day)}"
    if m.group("eve"):
        nxt = LunarDate.from_solar_date(*(day + dt.timedelta(days=1)).timetuple()[:3])
        ok = (nxt.month, nxt.day) == (1, 1)
    else:
        ok = (_LUNAR_MONTHS[m.group("month")], lunar_day_number(m.group("day"))) == (
            lunar.month, lunar.day) and not lunar.is_leap_month
    if not ok:
        raise NoticeError([f"{where}：{day.year}年{_md(day)}是{actual}，通知写的是{m.group(0)}；请核对日期和年份"])


def _lunar_text(month: int, day: int) -> str:
    months = {1: "正", 11: "冬", 12: "腊"}
    mname = months.get(month) or "一二三四五六七八九十"[month - 1]
    if day <= 10:
        dname = "初" + "一二三四五六七八九十"[day - 1]
    elif day < 20:
        dname = "十" + "一二三四五六七八九"[day - 11]
    elif day == 20:
        dname = "二十"
    elif day < 30:
        dname = "二十" + "一二三四五六七八九"[day - 21]
    else:
        dname = "三十"
    return f"{mname}月{dname}"


def _split_clauses(sentence: str) -> list[str]:
    """Split at commas outside parentheses ("2月2日（农历正月初九，星期日）" stays whole)."""
    clauses: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in sentence:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",:" and depth == 0:
            clauses.append("".join(current))
            current = []
        else:
            current.append(ch)
    clauses.append("".join(current))
    return clauses


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _conflicts(arrangements: list[Arrangement], source_name: str) -> list[str]:
    problems: list[str] = []
    seen: dict[dt.date, tuple[str, str]] = {}
    for arr in arrangements:
        if arr.mode == "extend":
            continue
        for kind, days in (("放假", arr.holidays), ("上班", arr.workdays)):
            for day in days:
                before = seen.get(day)
                if before is not None and before[0] != kind:
                    problems.append(f"{arr.where}：{_md(day)}既放假又上班（另见{before[1]}）")
                seen[day] = (kind, arr.where)
    return problems


# ---------------------------------------------------------------------------------------------
# Reading the notice from a file


def read_notice_text(path: Path) -> str:
    """The notice's text from .txt (UTF-8 or GBK), .docx or .html (a saved web page)."""
    if not path.is_file():
        raise FupinError(f"找不到通知文件：{path}")
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".docx":
        return _docx_text(path)
    if suffix in (".html", ".htm", ".xhtml"):
        return html_text(data)
    if suffix in (".doc", ".wps", ".pdf"):
        raise FupinError(f"{path.name}：请把通知另存为 .docx 或 .txt，或直接复制通知的文字")
    if suffix not in _TEXT_SUFFIXES:
        raise FupinError(f"{path.name}：不是通知文件；通知请存为 .txt、.docx 或 .html（网页另存），"
                         "或直接复制通知的文字")
    return notice_text(data, path.name)


def notice_text(data: bytes, name: str) -> str:
    """The text of a notice given as bytes (a text file, standard input): UTF-8 (with or
    without BOM), else GB18030 (GBK), never the console's locale encoding."""
    if _looks_binary(data):
        raise FupinError(f"{name}：不是通知文件；通知请存为 .txt、.docx 或 .html（网页另存），"
                         "或直接复制通知的文字")
    return decode_text(data, name)


_TEXT_SUFFIXES = ("", ".txt", ".text", ".md")
# zip (xlsx/docx renamed), PNG, JPEG, GIF, PDF, OLE (xls/doc/wps), RAR, 7z
_BINARY_MAGIC = (b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\xd0\xcf\x11\xe0", b"Rar!",
                 b"7z\xbc\xaf")


def _looks_binary(data: bytes) -> bool:
    return data.startswith(_BINARY_MAGIC)


def decode_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" or "\x00" not in text:
            return text
    raise FupinError(f"{name}：无法识别文字编码，请另存为 UTF-8 文本")


def _docx_text(path: Path) -> str:
    # python-docx and lxml.html are imported only when a notice is read from such a file:
    # every run loads the calendar, few read a notice
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise FupinError(f"{path.name}：不是有效的 Word（.docx）文件") from exc
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "td", "section"}


def html_text(data: bytes | str) -> str:
    """Text of a saved web page, one line per block element; scripts and styles dropped."""
    if isinstance(data, bytes):
        declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
        try:
            markup = data.decode(declared.group(1).decode("ascii")) if declared else decode_text(data, "网页")
        except (LookupError, UnicodeDecodeError):
            markup = decode_text(data, "网页")
    else:
        markup = data
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    import lxml.html

    try:
        root = lxml.html.fromstring(markup)
    except (ValueError, TypeError) as exc:
        raise FupinError("网页文件无法读取，请直接复制通知的文字") from exc
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() == "br":
                continue
            el.text = "\n" + (el.text or "")
    text: str = root.text_content()
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())
