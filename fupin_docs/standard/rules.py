"""Rules of the standard: an id, the clause it comes from, and a check.

A check looks at one record (and the run's context) and yields findings; the pipeline
turns them into issues that carry the rule id, the clause and the cell position.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..inputs.values import cn_date
from ..types import Record, Severity
from .calendar.workdays import WorkdayCalendar
from .catalogues.model import ItemIndex
from .profile import DEFAULT as DEFAULT_PROFILE
from .profile import Profile


@dataclass(frozen=True)
class Finding:
    field: str | None
    message: str
    severity: Severity = "error"
    clause: str | None = None  # overrides the rule's clause when set
    value: Any = None  # shown instead of the cell's raw value (e.g. masked personal data)


@dataclass
class RunContext:
    calendar: WorkdayCalendar
    items: ItemIndex
    today: dt.date = field(default_factory=dt.date.today)
    state: dict[str, Any] = field(default_factory=dict)
    profile: Profile = DEFAULT_PROFILE  # the office and its standard's parameters


Check = Callable[[Record, RunContext], Iterable[Finding]]


# Chinese names of the checks, by issue code, for the printed 问题清单 (校验报告.xlsx):
# every Rule registers its title; checks that are not Rules are named here or by a kind
# through register_titles().
RULE_TITLES: dict[str, str] = {
    "input.cell": "单元格内容",
    "input.unknown_column": "不认识的列",
    "input.sheet": "工作表",
    "input.empty": "没有数据行",
    "input.not_object": "记录格式",
    "group.orphan": "找不到所属记录",
    "group.blocked": "同一份文书的其他行有错误",
    "template.not_found": "模板",
    "ledger.annual.not_updated": "按年度更新的事项",
    "ledger.against.duplicate": "台账重复登记",
    "ledger.against.no_slip": "台账与处理单核对",
    "ledger.against.withheld": "台账与处理单核对",
    "ledger.against.unpublished": "台账与处理单核对",
    "ledger.against.missing": "台账漏登",
    "ledger.against.date_blank": "台账日期核对",
    "ledger.against.date_mismatch": "台账日期核对",
}
_PREFIX_TITLES = (
    ("schema.required", "必填项"),
    ("schema.", "填写格式"),
    ("input.", "输入文件"),
    ("ledger.", "发布台账核对"),
    ("catalogue.", "标准目录检查"),
)


def register_titles(titles: dict[str, str]) -> None:
    for code, title in titles.items():
        RULE_TITLES.setdefault(code, title)


def rule_title(code: str) -> str:
    """The Chinese name of the check behind an issue code (never the code itself)."""
    title = RULE_TITLES.get(code)
    if title is not None:
        return title
    for prefix, name in _PREFIX_TITLES:
        if code.startswith(prefix):
            return name
    return "其他检查"


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str | None
    title: str
    check: Check

    def __post_init__(self) -> None:
        RULE_TITLES.setdefault(self.id, self.title)


def apply_rules(rules: Sequence[Rule], rec: Record, ctx: RunContext) -> None:
    for rule in rules:
        for f in rule.check(rec, ctx):
            rec.issue(
                rule.id,
                f.message,
                field_name=f.field,
                clause=f.clause or rule.clause,
                severity=f.severity,
                value=f.value,
            )


def date_order(
    values: dict[str, Any], earlier: str, later: str, titles: dict[str, str]
) -> Finding | None:
    """``later`` must not come before ``earlier``; the finding points at ``later``."""
    a, b = values.get(earlier), values.get(later)
    if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
        return Finding(
            later,
            f"{titles[later]}（{cn_date(b)}）早于{titles[earlier]}（{cn_date(a)}），日期顺序不对",
        )
    return None


NUMBER_YEAR = re.compile(r"〔(\d{4})〕")


def number_year_check(date_field: str, number_label: str, date_label: str) -> Check:
    """A warning when the year in a document number (万扶公〔2026〕12号) is not the year of
    ``date_field`` (the slip's 拟稿日期, the letter's 成文日期)."""

    def check(rec: Record, ctx: RunContext) -> Iterable[Finding]:
        number, day = rec.values.get("number"), rec.values.get(date_field)
        m = NUMBER_YEAR.search(number or "")
        if m and isinstance(day, dt.date) and int(m.group(1)) != day.year:
            yield Finding("number", f"{number_label}年份{m.group(1)}与{date_label}年份{day.year}不一致",
                          severity="warning")

    return check
