"""政务公开信息发布台账 (publication ledger), §5.5 and appendix D, with §6.1/§6.2 checks.

The ledger is not read from a second input format: it is built from the processing-slip
records (schemas/slip.schema.json and the rules in kinds/slip.py, including
``timeliness()``). Every slip row read ends up in exactly one bucket:

    published (ledger rows) + withheld (不予公开登记) + unpublished + other year + rejected
    == rows read

``--against`` reads an office's existing ledger (schemas/ledger.schema.json) and
cross-checks it with the slips; every problem carries its cell position.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ...inputs.values import cn_date
from ...outputs.report import Report
from ...resources import load_schema
from ...standard.catalogues.model import Catalogue, Item, ItemIndex
from ...standard.profile import DEFAULT as DEFAULT_PROFILE
from ...standard.rules import RunContext
from ...types import Issue, Record
from ..slip import PUBLISHING, Timeliness, last_signoff, timeliness
from .matching import Key, match_ledger, unpublished_text, withheld_text
from .matching import number_key as number_key  # re-exported
from .reading import LEDGER_SCHEMA as LEDGER_SCHEMA  # re-exported
from .reading import is_sign_line as is_sign_line  # re-exported (pipeline/ledger.py)

LEDGER_TITLES: dict[str, str] = {
    k: v.get("title", k) for k, v in LEDGER_SCHEMA["properties"].items()
}
SLIP_TITLES: dict[str, str] = {
    k: v.get("title", k) for k, v in load_schema("slip")["properties"].items()
}

Status = Literal["published", "withheld", "unpublished", "other_year", "rejected"]
STATUS_CN: dict[str, str] = {
    "published": "列入发布台账",
    "withheld": "列入不予公开登记",
    "unpublished": "尚未公开（无实际公开日期）",
    "other_year": "不在所选年度",
    "rejected": "有错误未列入",
}


# ------------------------------------------------------------------ slips -> entries


@dataclass
class SlipEntry:
    """One slip row read, the bucket it went into, and its deadlines."""

    rec: Record
    status: Status
    times: list[Timeliness] = field(default_factory=list)
    item_label: str = ""  # canonical 一级事项/二级事项 when the catalogue knows it
    annual: bool = False

    @property
    def v(self) -> dict[str, Any]:
        return self.rec.values

    @property
    def published(self) -> dt.date | None:
        d = self.v.get("published_date")
        return d if isinstance(d, dt.date) else None

    @property
    def signed(self) -> dt.date | None:
        return last_signoff(self.v)

    @property
    def missed(self) -> list[Timeliness]:
        return [t for t in self.times if t.on_time is False]

    @property
    def on_time(self) -> bool:
        """Not late (a deadline that could not be counted is not late either; see unchecked)."""
        return not self.missed

    @property
    def unchecked(self) -> bool:
        """Not known to be late, but a deadline runs into a year without a holiday calendar."""
        return not self.missed and any(t.due is None for t in self.times)

    @property
    def on_time_text(self) -> str:
        """The 是否按时 column: 是, 否, or 未核对 (never a guess)."""
        if self.missed:
            return "否"
        return "未核对" if self.unchecked else "是"

    @property
    def days_late(self) -> int:
        return max((t.days_late for t in self.missed), default=0)

    def deadline_text(self) -> str:
        """What the 适用时限 column shows: each rule, its deadline, and how late."""
        return "\n".join(deadline_line(t) for t in self.times)

    def place(self) -> str:
        col = self.rec.columns.get("number")
        if self.rec.sheet and self.rec.row:
            letter = f"!{col.letter}{self.rec.row}" if col and col.index else ""
            return f"{self.rec.file} {self.rec.sheet}{letter}"
        return f"{self.rec.file} 第{self.rec.record}条记录"


def deadline_line(t: Timeliness) -> str:
    if t.due is None:
        return f"{t.rule}，截止日期未核对（{t.unknown_year}年节假日安排尚未提供）"
    line = f"{t.rule}，截止{cn_date(t.due)}"
    if t.on_time is False:
        line += (f"，超期{t.days_late}个工作日" if t.unknown_year is None
                 else f"，已超期（{t.unknown_year}年节假日安排尚未提供，超期工作日数未核对）")
    return line


def classify(rec: Record, year: int | None) -> Status:
    if rec.has_errors:
        return "rejected"
    v = rec.values
    disclosure = v.get("disclosure")
    published = v.get("published_date")
    key: Any
    status: Status
    if disclosure == "不予公开":
        status, key = "withheld", v.get("draft_date")
    elif disclosure in PUBLISHING and isinstance(published, dt.date):
        status, key = "published", published
    else:
        status, key = "unpublished", v.get("draft_date")
    if year is not None and isinstance(key, dt.date) and key.year != year:
        return "other_year"
    return status


Found = tuple[Catalogue, Item] | None  # what ItemIndex.find gives


def make_entry(rec: Record, ctx: RunContext, year: int | None,
               found_items: dict[str, Found] | None = None) -> SlipEntry:
    """``found_items``: the catalogue lookups of the batch so far, by 公开事项 (a ledger
    repeats a few dozen items over thousands of rows)."""
    status = classify(rec, year)
    entry = SlipEntry(rec=rec, status=status)
    item = rec.values.get("item")
    found: Found = None
    if item and found_items is not None:
        if item not in found_items:
            found_items[item] = ctx.items.find(item)
        found = found_items[item]
    elif item:
        found = ctx.items.find(item)
    # one label string per catalogue item, not one per row (a province's year: 100,000)
    entry.item_label = sys.intern(found[1].label) if found else (item or "")
    entry.annual = bool(found and found[1].annual)
    if status == "published":
        entry.times = timeliness(rec.values, ctx)
    return entry


# ------------------------------------------------------------------ the ledger


@dataclass
class AnnualStatus:
    """§6.2: an item updated every year, and its publications in the year."""

    label: str
    catalogue: str
    count: int

    @property
    def updated(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class Breakdown:
    """One line of a 汇总 breakdown. The on-time rate, like the ledger's, counts only the
    rows whose deadlines could be checked: a 时限未核对 row is neither on time nor late."""

    name: str
    total: int
    on_time: int
    unchecked: int = 0

    @property
    def rate(self) -> float | None:
        checked = self.total - self.unchecked
        return self.on_time / checked if checked else None


@dataclass
class Ledger:
    year: int | None
    source: str
    entries: list[SlipEntry] = field(default_factory=list)
    annual_year: int | None = None
    annual: list[AnnualStatus] = field(default_factory=list)
    unit: str = DEFAULT_PROFILE.unit  # whose ledger: the office profile's unit
    standard_title: str = DEFAULT_PROFILE.standard_title  # the office profile's standard

    def __post_init__(self) -> None:
        self._cache: dict[str, tuple[int, Any]] = {}

    def _cached(self, name: str, compute: Any) -> Any:
        """A derived list, computed once per state of ``entries`` (which only grows), so
        that every pass over the rows stays linear (issue 19: ``month_key`` recomputed
        ``rows`` once per row)."""
        hit = self._cache.get(name)
        if hit is not None and hit[0] == len(self.entries):
            return hit[1]
        value = compute()
        self._cache[name] = (len(self.entries), value)
        return value

    def of(self, status: Status) -> list[SlipEntry]:
        return [e for e in self.entries if e.status == status]

    @property
    def rows(self) -> list[SlipEntry]:
        """Ledger rows: published slips in publication order (input order breaks ties)."""
        rows: list[SlipEntry] = self._cached("rows", lambda: sorted(
            self.of("published"), key=lambda e: (e.published or dt.date.min, e.rec.record)))
        return rows

    @property
    def withheld(self) -> list[SlipEntry]:
        withheld: list[SlipEntry] = self._cached("withheld", lambda: self.of("withheld"))
        return withheld

    def counts(self) -> dict[str, int]:
        c: Counter[str] = Counter(e.status for e in self.entries)
        return {s: c[s] for s in STATUS_CN}

    @property
    def late(self) -> list[SlipEntry]:
        late: list[SlipEntry] = self._cached(
            "late", lambda: [e for e in self.rows if not e.on_time])
        return late

    @property
    def unchecked(self) -> list[SlipEntry]:
        unchecked: list[SlipEntry] = self._cached(
            "unchecked", lambda: [e for e in self.rows if e.unchecked])
        return unchecked

    @property
    def checked_on_time(self) -> int:
        return len(self.rows) - len(self.late) - len(self.unchecked)

    def on_time_rate(self) -> float | None:
        """On time among the rows whose deadlines could be counted."""
        checked = len(self.rows) - len(self.unchecked)
        if not checked:
            return None
        return self.checked_on_time / checked

    def balance_text(self) -> str:
        c = self.counts()
        parts = [f"发布台账 {c['published']} 行", f"不予公开登记 {c['withheld']} 行",
                 f"尚未公开 {c['unpublished']} 行"]
        if self.year is not None:
            parts.append(f"不在{self.year}年 {c['other_year']} 行")
        parts.append(f"有错误未列入 {c['rejected']} 行")
        return f"读取处理单 {len(self.entries)} 行 = " + " + ".join(parts)

    @property
    def years(self) -> set[int]:
        """Publication years of the ledger rows."""
        years: set[int] = self._cached(
            "years", lambda: {e.published.year for e in self.rows if e.published})
        return years

    @property
    def year_text(self) -> str:
        """The year the ledger covers, for its titles and {{ year }}: --year, else the one
        publication year of its rows (2026), else their first and last (2026—2027); empty
        only when nothing was published."""
        if self.year is not None:
            return str(self.year)
        years = sorted(self.years)
        if not years:
            return ""
        return str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"

    def month_key(self, day: dt.date) -> str:
        if self.year is not None or len(self.years) <= 1:
            return f"{day.month}月"
        return f"{day.year}年{day.month}月"

    def _row_flags(self) -> list[tuple[bool, bool]]:
        """Per ledger row: (on time and checked, 时限未核对), computed once."""
        flags: list[tuple[bool, bool]] = self._cached("flags", lambda: [
            (e.on_time and not e.unchecked, e.unchecked) for e in self.rows])
        return flags

    def by(self, key: str) -> list[Breakdown]:
        """Publications, on time and 时限未核对 per 公开事项 / 责任股室 / 公开渠道 / 月份."""
        result: list[Breakdown] = self._cached(f"by:{key}", lambda: self._by(key))
        return result

    def _by(self, key: str) -> list[Breakdown]:
        total: Counter[str] = Counter()
        ok: Counter[str] = Counter()
        unchecked: Counter[str] = Counter()
        order: dict[str, tuple[Any, ...]] = {}
        for e, (good, open_) in zip(self.rows, self._row_flags(), strict=True):
            for k, sort in self._keys(e, key):
                total[k] += 1
                if good:
                    ok[k] += 1
                if open_:
                    unchecked[k] += 1
                if k not in order:
                    order[k] = sort
        keys = sorted(total, key=lambda k: order[k])
        return [Breakdown(k, total[k], ok[k], unchecked[k]) for k in keys]

    def _keys(self, e: SlipEntry, key: str) -> list[tuple[str, tuple[Any, ...]]]:
        if key == "month":
            assert e.published is not None
            return [(self.month_key(e.published), (e.published.year, e.published.month))]
        if key == "channels":
            return [(c, (0, c)) for c in e.v.get("channels") or ["（未填）"]]
        value = e.item_label if key == "item" else str(e.v.get(key) or "（未填）")
        return [(value, (0, value))]

    def pivot(self) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
        """Publications per month per 股室: (months, offices, counts)."""
        months = [b.name for b in self.by("month")]
        offices = [b.name for b in self.by("office")]
        cells: Counter[tuple[str, str]] = Counter()
        for e in self.rows:
            assert e.published is not None
            cells[(self.month_key(e.published), str(e.v.get("office") or "（未填）"))] += 1
        return months, offices, dict(cells)


def build_ledger(
    records: Iterable[tuple[Record, RunContext]], source: str, year: int | None,
    items: ItemIndex, unit: str = DEFAULT_PROFILE.unit, keep_summary: bool = True,
) -> Ledger:
    """``unit``: the office profile's unit, whose ledger it is (its title and author).
    ``keep_summary``: keep each slip's 内容描述 (only an office's own ledger template has a
    column for it)."""
    ledger = Ledger(year=year, source=source, unit=unit)
    found: dict[str, Found] = {}
    keep = LEDGER_VALUES if keep_summary else LEDGER_VALUES - {"summary"}
    for rec, ctx in records:
        ledger.standard_title = ctx.profile.standard_title
        ledger.entries.append(make_entry(rec, ctx, year, found))
        _slim(rec, keep)
    years = set(ledger.years)
    ledger.annual_year = year if year is not None else (years.pop() if len(years) == 1 else None)
    if ledger.annual_year is not None:
        ledger.annual = annual_status(ledger, items, ledger.annual_year)
    return ledger


# the slip values the ledger, its summary, --against and an office's template use
LEDGER_VALUES = frozenset((
    "number", "title", "item", "office", "formed_date", "draft_date", "deputy_date",
    "head_date", "deputy_name", "head_name", "published_date", "channels", "ways",
    "disclosure", "publisher", "reason", "remarks", "summary"))


# values that repeat row after row (股室, 发布人, 公开属性…): one string object for all rows
_UNIQUE = frozenset(("number", "title", "summary", "remarks", "reason"))


def _slim(rec: Record, keep: frozenset[str] = LEDGER_VALUES) -> None:
    """Keep of a checked slip row what the ledger uses (the values above, its issues and
    cell positions, the 编号 as typed): a province's year is 100,000 rows held until they
    are sorted, and the JSON Schema instance, the raw cells, the values no ledger column
    shows and a copy of 办公室 per row are most of each."""
    rec.instance = {}
    rec.raw = {"number": rec.raw["number"]} if "number" in rec.raw else {}
    values: dict[str, Any] = {}
    for k, v in rec.values.items():
        if k not in keep:
            continue
        if k not in _UNIQUE:
            if isinstance(v, str):
                v = sys.intern(v)
            elif isinstance(v, list):
                v = [sys.intern(x) if isinstance(x, str) else x for x in v]
        values[k] = v
    rec.values = values


def annual_status(ledger: Ledger, items: ItemIndex, year: int) -> list[AnnualStatus]:
    """§6.2: items the catalogue marks as updated every year, and their publications in ``year``."""
    seen: Counter[str] = Counter(
        e.item_label for e in ledger.rows if e.published and e.published.year == year
    )
    result: list[AnnualStatus] = []
    for cat in items.catalogues:
        for item in cat.items:
            if item.annual and item.applicable:
                result.append(AnnualStatus(item.label, cat.unit or cat.title, seen[item.label]))
    return result


def annual_issues(ledger: Ledger) -> list[Issue]:
    out: list[Issue] = []
    for a in ledger.annual:
        if not a.updated:
            out.append(Issue(
                code="ledger.annual.not_updated", severity="warning", clause="第6.2条",
                message=f"「{a.label}」（{a.catalogue}目录）按年度更新，"
                        f"{ledger.annual_year}年内没有公开记录",
                file=ledger.source, field="item", value=a.label,
            ))
    return out


# ------------------------------------------------------------------ --against


def _issue_at(
    rec: Record, field_name: str | None, code: str, message: str, *,
    severity: Literal["error", "warning"] = "error", clause: str | None = None,
) -> Issue:
    col = rec.columns.get(field_name) if field_name else None
    return Issue(
        code=code, severity=severity, message=message, clause=clause, file=rec.file,
        sheet=rec.sheet, row=rec.row, column=col.header if col else None,
        column_letter=col.letter if col and col.index else None, field=field_name,
        value=rec.raw.get(field_name) if field_name else None, record=rec.record,
    )


DATE_PAIRS = (("formed_date", "formed_date"), ("signoff_date", None),
              ("published_date", "published_date"))


@dataclass
class AgainstResult:
    rows_read: int = 0
    matched: int = 0
    issues: list[Issue] = field(default_factory=list)


def cross_check(ledger: Ledger, rows: Iterable[Record]) -> AgainstResult:
    """Cross-check an existing ledger with the slips (§5.5, appendix D); the rows are
    matched to the slips as ``inspect`` matches them (``matching.match_ledger``)."""
    result = AgainstResult()
    named: list[tuple[Record, Key]] = []
    for rec in rows:
        result.rows_read += 1
        result.issues.extend(rec.issues)  # schema problems of the ledger itself
        number, title = rec.values.get("number"), rec.values.get("title")
        if not number and not title:
            continue
        published = rec.values.get("published_date")
        named.append((rec, Key(str(number or ""), str(title or ""),
                               published if isinstance(published, dt.date) else None)))
    slips = ((e, Key(str(e.v.get("number") or e.rec.raw.get("number") or ""),
                     str(e.v.get("title") or ""), e.published), e.status)
             for e in ledger.entries)
    matching = match_ledger(slips, named)
    for m in matching.rows:
        rec, slip = m.row, m.slip
        number = rec.values.get("number")
        subject = f"「{number}」" if number else f"《{rec.values.get('title')}》"
        field_name = "number" if number else "title"
        if m.verdict == "duplicate":
            first = m.first
            assert first is not None
            what = f"信息编号{subject}" if number else f"信息{subject}"
            result.issues.append(_issue_at(
                rec, field_name, "ledger.against.duplicate",
                f"{what}与本台账第{first.row or first.record}行重复，"
                "台账中每条信息只应登记一次",
                clause="第5.5条"))
            continue
        if m.verdict == "no_slip" or slip is None:
            result.issues.append(_issue_at(
                rec, field_name, "ledger.against.no_slip",
                f"台账中的{subject}在处理单中没有对应记录（没有经审签的处理单就不应公开）",
                clause="第5.5条"))
            continue
        result.matched += 1
        if m.verdict == "rejected":  # the slip's own errors are reported already
            continue
        if m.verdict == "withheld":
            result.issues.append(_issue_at(
                rec, field_name, "ledger.against.withheld",
                withheld_text(str(number or rec.values.get("title")), slip.place())
                + "，应列入不予公开登记",
                clause="第5.5条"))
            continue
        if m.verdict == "unpublished":
            result.issues.append(_issue_at(
                rec, field_name, "ledger.against.unpublished",
                unpublished_text(str(number or rec.values.get("title")), slip.place())
                + "，请核实是否已公开并补填处理单",
                severity="warning", clause="第5.5条"))
        result.issues.extend(_date_checks(rec, slip))
    for e, status in matching.unmatched:
        if status == "published":
            result.issues.append(_issue_at(
                e.rec, "number", "ledger.against.missing",
                f"处理单「{e.v.get('number')}」（{e.v.get('title') or ''}）已于"
                f"{cn_date(e.published)}公开，但台账中没有这一行，须补登",
                clause="第5.5条"))
    return result


def _date_checks(rec: Record, slip: SlipEntry) -> list[Issue]:
    out: list[Issue] = []
    slip_values = {
        "formed_date": slip.v.get("formed_date"),
        "signoff_date": slip.signed,
        "published_date": slip.published,
    }
    slip_titles = {"formed_date": SLIP_TITLES["formed_date"], "signoff_date": "最后审签日期",
                   "published_date": SLIP_TITLES["published_date"]}
    for f, expected in slip_values.items():
        got = rec.values.get(f)
        if not isinstance(expected, dt.date) or f not in rec.columns:
            continue
        if not isinstance(got, dt.date):
            if f not in rec.raw or rec.raw.get(f) is None:
                out.append(_issue_at(
                    rec, f, "ledger.against.date_blank",
                    f"{LEDGER_TITLES[f]}未填写；处理单（{slip.place()}）的{slip_titles[f]}为"
                    f"{cn_date(expected)}", severity="warning", clause="第5.5条"))
            continue
        if got != expected:
            out.append(_issue_at(
                rec, f, "ledger.against.date_mismatch",
                f"{LEDGER_TITLES[f]}{cn_date(got)}与处理单（{slip.place()}）的{slip_titles[f]}"
                f"{cn_date(expected)}不一致", clause="第5.5条"))
    return out


# ------------------------------------------------------------------ the report


class LedgerReport(Report):
    """A report whose head line speaks of ledger rows, not documents."""

    ledger: Ledger | None = None

    def summary_lines(self, max_issues: int = 50) -> list[str]:
        lines = super().summary_lines(max_issues)
        s = self.stats()
        head = (
            f"{self.label}：读取处理单 {s['rows_read']} 行"
            + (f"（另跳过空行 {s['blank_rows']} 行）" if s["blank_rows"] else "")
            + f"，错误 {s['errors']} 条，警告 {s['warnings']} 条"
        )
        extra = []
        if self.ledger is not None:
            extra.append("  " + self.ledger.balance_text())
            rate = self.ledger.on_time_rate()
            if rate is not None:
                extra.append(f"  按时公开率 {rate:.1%}（超期 {len(self.ledger.late)} 条）")
            if self.ledger.unchecked:
                extra.append(f"  时限未核对 {len(self.ledger.unchecked)} 条（节假日安排尚未提供，"
                             "是否按时一栏为「未核对」）")
        against = self.extra.get("against")
        if against:
            extra.append(f"  核对已有台账 {against['file']}：读取 {against['rows_read']} 行，"
                         f"与处理单对上 {against['matched']} 行")
        return [head, *extra, *lines[1:]]


def ledger_stats(ledger: Ledger) -> dict[str, Any]:
    c = ledger.counts()
    rate = ledger.on_time_rate()
    return {
        "year": ledger.year,
        "rows_read": len(ledger.entries),
        **c,
        "on_time": ledger.checked_on_time,
        "unchecked": len(ledger.unchecked),
        "late": len(ledger.late),
        "on_time_rate": None if rate is None else round(rate, 4),
        "annual_year": ledger.annual_year,
        "annual_not_updated": [a.label for a in ledger.annual if not a.updated],
        "late_rows": [
            {"number": e.v.get("number"), "days_late": e.days_late,
             "deadlines": [deadline_line(t) for t in e.missed]}
            for e in ledger.late
        ],
    }
