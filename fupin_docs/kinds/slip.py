"""政务公开信息处理单 (processing slip): one document per row, §5.1–5.4 and §6.1."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..inputs.values import cn_date
from ..resources import load_schema
from ..standard.calendar.workdays import (
    UNKNOWN_YEAR_CODE,
    UnknownYearError,
    WorkdayCalendar,
    unknown_year_message,
)
from ..standard.catalogues.model import GENERAL_DEADLINE_DAYS, Catalogue, Item
from ..standard.privacy import MIN_DIGITS, find_personal_data
from ..standard.rules import Finding, Rule, RunContext, date_order, number_year_check
from ..types import Record
from .base import safe_filename

SCHEMA = load_schema("slip")
TITLES: dict[str, str] = {k: v.get("title", k) for k, v in SCHEMA["properties"].items()}
FIELD_NAMES = tuple(SCHEMA["properties"])
PUBLISHING = ("主动公开", "依申请公开", "删减后公开")
NEEDS_REASON = ("不予公开", "删减后公开")
CHECK_FIELDS = ("check_truth", "check_complete", "check_secret")
CHECK_DONE = {"check_truth": ("已核对",), "check_complete": ("已核对",),
              "check_secret": ("不涉密", "涉密")}
SIGNOFF_FIELDS = ("deputy_name", "deputy_date", "head_name", "head_date")


# ------------------------------------------------------------------ deadlines


@dataclass(frozen=True)
class Timeliness:
    """Which deadline applied, when it fell, and whether publication met it."""

    rule: str  # Chinese description of the rule applied
    clause: str
    start: dt.date
    due: dt.date | None  # None: the count runs into a year whose holidays are not known
    published: dt.date | None
    days_late: int  # working days after the deadline; 0 when on time, unpublished or unknown
    unknown_year: int | None = None  # the year that stopped the count (one warning per row)

    @property
    def on_time(self) -> bool | None:
        """True/False when it can be told; None when unpublished or not checked."""
        if self.published is None:
            return None
        if self.due is None:
            # published before the deadline's count even left the known years: still on time
            return None
        return self.published <= self.due


def formation_deadline(
    formed: dt.date, found: tuple[Catalogue, Item] | None, published: dt.date | None,
    calendar: WorkdayCalendar, general_days: int = GENERAL_DEADLINE_DAYS,
) -> Timeliness:
    """§6.1: 3 working days (the profile's) after formation, unless the catalogue item sets
    its own."""
    try:
        return _formation_deadline(formed, found, published, calendar, general_days)
    except UnknownYearError as exc:
        return _formation_deadline(formed, found, published, calendar, general_days,
                                   unknown=exc.year)


def _formation_deadline(
    formed: dt.date, found: tuple[Catalogue, Item] | None, published: dt.date | None,
    calendar: WorkdayCalendar, general_days: int, unknown: int | None = None,
) -> Timeliness:
    deadline = found[1].deadline if found else None
    general = (
        deadline is None
        or (deadline.kind == "workdays" and deadline.days == general_days
            and deadline.trigger.startswith("信息形成"))
    )
    if general or deadline is None or found is None:
        rule = f"第6.1条：信息形成（变更）后{general_days}个工作日内"
        due = None if unknown else calendar.add_workdays(formed, general_days)
        clause = "第6.1条"
    else:
        cat, item = found
        due = None if unknown else deadline.due(formed, calendar)
        rule = f"{cat.name}「{item.label}」：{item.deadline_text}（第6.1条 特殊情况按相关要求调整）"
        if deadline.kind in ("workdays", "calendar_days") and not deadline.trigger.startswith("信息形成"):
            rule += f"，{trigger_day_note(deadline.trigger)}"
        clause = "第6.1条"
    return _timeliness(rule, clause, formed, due, published, calendar, unknown)


def trigger_day_note(trigger: str) -> str:
    """「制定或获取信息之日起」 -> 「制定或获取信息之日按信息形成日期计」: which date the slip counts
    from when the catalogue names another trigger than 信息形成."""
    core = re.sub(r"(?:之日起|之日|日起|起|后|时)$", "", trigger.strip())
    return f"{core or trigger}之日按信息形成日期计"


def signoff_deadline(
    last_signoff: dt.date, published: dt.date | None, calendar: WorkdayCalendar, days: int = 1
) -> Timeliness:
    rule = f"第5.4条：审签确认后{days}个工作日内"
    try:
        due: dt.date | None = calendar.add_workdays(last_signoff, days)
        unknown = None
    except UnknownYearError as exc:
        due, unknown = None, exc.year
    return _timeliness(rule, "第5.4条", last_signoff, due, published, calendar, unknown)


def _timeliness(
    rule: str, clause: str, start: dt.date, due: dt.date | None, published: dt.date | None,
    calendar: WorkdayCalendar, unknown: int | None,
) -> Timeliness:
    """The deadline and how late; a count into an unknown year is never guessed."""
    days_late = 0
    if due is not None and published is not None and published > due:
        try:
            days_late = calendar.workdays_after(due, published)
        except UnknownYearError as exc:  # late for sure, by how many working days not known
            unknown = exc.year
    return Timeliness(rule, clause, start, due, published, days_late, unknown)


def last_signoff(values: dict[str, Any]) -> dt.date | None:
    dates = [values[f] for f in ("deputy_date", "head_date") if isinstance(values.get(f), dt.date)]
    return max(dates) if dates else None


TIMELINESS_STATE = "slip.timeliness"  # the last row's answer: its rules and context ask thrice


def timeliness(values: dict[str, Any], ctx: RunContext) -> list[Timeliness]:
    """All deadlines that apply to a slip (formation §6.1, and sign-off §5.4 when signed)."""
    formed = values.get("formed_date")
    published = values.get("published_date")
    key = (formed, values.get("item"), published, values.get("deputy_date"),
           values.get("head_date"), id(ctx.calendar), id(ctx.items), ctx.profile)
    last = ctx.state.get(TIMELINESS_STATE)
    if last is not None and last[0] == key:
        return list(last[1])
    result = _timeliness_of(values, formed, published, ctx)
    ctx.state[TIMELINESS_STATE] = (key, tuple(result))
    return result


def _timeliness_of(values: dict[str, Any], formed: Any, published: Any,
                   ctx: RunContext) -> list[Timeliness]:
    result: list[Timeliness] = []
    if isinstance(formed, dt.date):
        found = ctx.items.find(values["item"]) if values.get("item") else None
        result.append(formation_deadline(formed, found, published, ctx.calendar,
                                         ctx.profile.general_deadline_days))
    signed = last_signoff(values)
    if signed is not None:
        result.append(signoff_deadline(signed, published, ctx.calendar,
                                       ctx.profile.signoff_days))
    return result


# ------------------------------------------------------------------ rules


def _item_known(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    item = rec.values.get("item")
    if item and ctx.items.find(item) is None:
        yield Finding("item", f"「{item}」不在标准目录中，请从下拉列表选择（格式：一级事项/二级事项）")


def _reason(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    disclosure = rec.values.get("disclosure")
    if disclosure in NEEDS_REASON and not rec.values.get("reason"):
        yield Finding("reason", f"公开属性为{disclosure}，须写明理由")


def _secret(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    if rec.values.get("check_secret") == "涉密" and rec.values.get("disclosure") in (
        "主动公开", "依申请公开"
    ):
        yield Finding("disclosure", "经审查涉密的信息不得公开，公开属性应为不予公开或删减后公开")


def _not_published(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    if rec.values.get("disclosure") == "不予公开" and rec.values.get("published_date"):
        yield Finding("published_date", "不予公开的信息不应有实际公开日期")


def _checks_before_signoff(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    if not any(rec.values.get(f) for f in SIGNOFF_FIELDS):
        return
    for f in CHECK_FIELDS:
        value = rec.values.get(f)
        if value is not None and value not in CHECK_DONE[f]:
            yield Finding(f, f"已送领导审签，但{TITLES[f]}为「{value}」：审签前须核对真实性、完整性、涉密性")


def _published(rec: Record) -> bool:
    return isinstance(rec.values.get("published_date"), dt.date)


def _deputy_signoff(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    if not _published(rec):
        return
    for f in ("deputy_name", "deputy_date"):
        if not rec.values.get(f) and f not in _failed_fields(rec):
            yield Finding(f, f"已公开的信息须经分管领导审签，{TITLES[f]}不能为空")


def _head_signoff(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    if not _published(rec) or rec.values.get("category") != "重大决策":
        return
    for f in ("head_name", "head_date"):
        if not rec.values.get(f) and f not in _failed_fields(rec):
            yield Finding(f, f"重大决策须经主要领导审签，{TITLES[f]}不能为空")


def _failed_fields(rec: Record) -> set[str]:
    return {i.field for i in rec.issues if i.field and i.severity == "error"}


def _channels_ways(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    if not _published(rec) or rec.values.get("disclosure") not in PUBLISHING:
        return
    failed = _failed_fields(rec)
    if not rec.values.get("channels") and "channels" not in failed:
        yield Finding("channels", "已公开的信息须填写公开渠道", clause="第7.1条")
    if not rec.values.get("ways") and "ways" not in failed:
        yield Finding("ways", "已公开的信息须填写公开方式", clause="第7.3条")


def _date_order(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    v = rec.values
    pairs = [("formed_date", "draft_date"), ("draft_date", "deputy_date"),
             ("draft_date", "head_date"), ("deputy_date", "published_date"),
             ("head_date", "published_date"), ("draft_date", "published_date")]
    seen: set[str] = set()
    for earlier, later in pairs:
        if later in seen:
            continue
        f = date_order(v, earlier, later, TITLES)
        if f is not None:
            seen.add(later)
            yield f


def _on_time(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    if not _published(rec) or rec.values.get("disclosure") not in PUBLISHING:
        return
    for t in timeliness(rec.values, ctx):
        if t.on_time is False and t.due is not None:
            late = (f"晚{t.days_late}个工作日" if t.unknown_year is None
                    else f"超期的工作日数未核对（{t.unknown_year}年节假日安排尚未提供）")
            yield Finding(
                "published_date",
                f"公开超期：{t.rule}，应于{cn_date(t.due)}前公开，实际{cn_date(t.published)}，{late}",
                severity="warning",
                clause=t.clause,
            )


def _year_known(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    """One warning per row whose deadlines run into a year without a holiday calendar."""
    years = sorted({t.unknown_year for t in timeliness(rec.values, ctx) if t.unknown_year})
    if years:
        yield Finding("formed_date", unknown_year_message(years[0]), severity="warning")


def _unique_number(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    number = rec.values.get("number")
    if not number:
        return
    # number -> its first row (a JSON record: minus its record number); an int, not the
    # text 第N行, per row of the batch
    seen: dict[str, int] = ctx.state.setdefault("slip.numbers", {})
    first = seen.get(number)
    if first is not None:
        where = f"第{first}行" if first > 0 else f"第{-first}条记录"
        yield Finding("number", f"编号「{number}」与{where}重复，编号在年内须唯一")
    else:
        seen[number] = rec.row or -rec.record


SOCIETY_WIDE = ("主动公开", "删减后公开")  # published to everyone (依申请公开: to the applicant)
_ELEVEN_DIGITS = re.compile(rf"(?:\D*+\d){{{MIN_DIGITS}}}")  # possessive: no backtracking
PRIVACY_CLAUSE = "国办发〔2018〕23号《2018年政务公开工作要点》（个人信息去标识化）"


def _personal_data(rec: Record, ctx: RunContext) -> Iterator[Finding]:
    """主动公开 and 删减后公开 go to all of society: no ID, mobile or bank-card number."""
    disclosure = rec.values.get("disclosure")
    if disclosure not in SOCIETY_WIDE:
        return
    for name, value in rec.values.items():
        text = "、".join(value) if isinstance(value, list) else value
        # every kind of personal data needs 11 digits: a value with fewer (most values) is
        # passed over by one regex match in C, before the five scans
        if not isinstance(text, str) or len(text) < MIN_DIGITS or not _ELEVEN_DIGITS.match(text):
            continue
        found = find_personal_data(text)
        if not found:
            continue
        masked = text
        for d in reversed(found):
            masked = masked[:d.start] + d.masked + masked[d.end:]
        kinds = "、".join(dict.fromkeys(d.label for d in found))
        yield Finding(
            name,
            f"含{kinds}（{'、'.join(d.masked for d in found[:3])}）：{disclosure}的信息面向全社会，"
            "不得含身份证号码、银行卡号、手机号码等个人信息，请删除或打码后再公开",
            severity="warning", value=masked[:200],
        )


RULES: tuple[Rule, ...] = (
    Rule("slip.item.known", "第4.2条", "公开事项须在标准目录中", _item_known),
    Rule("slip.reason.required", "附录C", "不予公开、删减后公开须写明理由", _reason),
    Rule("slip.secret", "第5.1条", "涉密信息不得公开", _secret),
    Rule("slip.withheld.unpublished", "附录C", "不予公开的信息不应有公开日期", _not_published),
    Rule("slip.checks.before_signoff", "第5.1条", "审签前完成真实性、完整性、涉密性核对",
         _checks_before_signoff),
    Rule("slip.signoff.deputy", "第5.2条", "须经分管领导审签", _deputy_signoff),
    Rule("slip.signoff.head", "第5.3条", "重大决策须经主要领导审签", _head_signoff),
    Rule("slip.channels_ways", "第7.1条", "已公开信息须有公开渠道和公开方式", _channels_ways),
    Rule("slip.dates.order", "第5.1条", "形成≤拟稿≤审签≤公开", _date_order),
    Rule("slip.deadline", "第6.1条", "按时公开（工作日）", _on_time),
    Rule(UNKNOWN_YEAR_CODE, "第6.1条", "时限所在年份的节假日安排已提供", _year_known),
    Rule("slip.number.unique", "附录C", "编号年内唯一", _unique_number),
    Rule("slip.number.year", "附录C", "编号年份与拟稿日期一致", number_year_check("draft_date", "编号", "拟稿日期")),
    Rule("privacy.personal_data", PRIVACY_CLAUSE, "面向全社会公开的信息不含个人信息", _personal_data),
)


# ------------------------------------------------------------------ the document


BLANK_NAME = "\u3000" * 5  # a name line to sign by hand
BLANK_DATE = "\u3000\u3000年\u3000月\u3000日"  # a date line to fill by hand
HEAD_WAIVED = "一般性文件，无需主要领导审签（第5.2条）"


def deadline_line(values: dict[str, Any], ctx: RunContext) -> str:
    """公开时限 in one short line: the rule that applies and the day it falls on
    (信息形成后20个工作日内，截止2026年5月8日); where the rule comes from is
    :func:`deadline_source`, on the cell's second line."""
    if not isinstance(values.get("formed_date"), dt.date):
        return ""
    return _deadline_line(values, ctx, _found(values, ctx), None)


def _found(values: dict[str, Any], ctx: RunContext) -> tuple[Catalogue, Item] | None:
    return ctx.items.find(values["item"]) if values.get("item") else None


def _deadline_line(values: dict[str, Any], ctx: RunContext, found: tuple[Catalogue, Item] | None,
                   formation: Timeliness | None) -> str:
    """:func:`deadline_line` with the row's catalogue item and, when the caller has it
    already, its formation deadline."""
    formed = values.get("formed_date")
    if not isinstance(formed, dt.date):
        return ""
    t = formation or formation_deadline(formed, found, values.get("published_date"),
                                        ctx.calendar, ctx.profile.general_deadline_days)
    if found is None or t.rule.startswith("第6.1条："):
        text = f"信息形成后{ctx.profile.general_deadline_days}个工作日内"
    else:
        text = re.sub(r"^信息形成（变更）(?:后)?(?=\d)", "信息形成后", found[1].deadline_text)
    # an unknown year's deadline is left out (the rule's words stay), never guessed
    return f"{text}，截止{cn_date(t.due)}" if t.due else text


def deadline_source(values: dict[str, Any], ctx: RunContext) -> str:
    """Where the 公开时限 comes from: the catalogue the 公开事项 was found in (the one really
    used: a built-in catalogue of the profile, or an imported one), else the standard's
    §6.1 (an item not found, or a catalogue item without a deadline of its own)."""
    return _deadline_source(values, ctx, _found(values, ctx))


def _deadline_source(values: dict[str, Any], ctx: RunContext,
                     found: tuple[Catalogue, Item] | None) -> str:
    if not isinstance(values.get("formed_date"), dt.date):
        return ""
    if found is not None and found[1].deadline is not None:
        return found[0].name
    return f"{ctx.profile.standard_title}第6.1条"


def _check_mark(value: str | None, done: tuple[str, ...]) -> str:
    """信息核对 as recorded (已核对, 不涉密); a slip to fill by hand gets a box to tick. No
    ☑: Chinese fonts lack it and LibreOffice falls back to a colour emoji that prints blank,
    and the three checks then no longer fit on one line."""
    if value is None:
        return "□" + done[0]
    return value


class SlipKind:
    name = "slip"
    label = "政务公开信息处理单"
    template = "slip.docx"
    rules: Sequence[Rule] = RULES

    def context(self, rec: Record, ctx: RunContext) -> dict[str, Any]:
        v = rec.values
        out: dict[str, Any] = {}
        for name in FIELD_NAMES:
            value = v.get(name)
            if value is None:
                out[name] = ""
            elif type(value) is str:  # most values: text as it is
                out[name] = value
            elif isinstance(value, dt.date):
                out[name] = cn_date(value)
            elif isinstance(value, list):
                out[name] = "、".join(value)
            else:
                out[name] = str(value)
        for f in CHECK_FIELDS:
            out[f + "_mark"] = _check_mark(v.get(f), CHECK_DONE[f])
        found = _found(v, ctx)
        out["item_elements"] = "、".join(found[1].elements) if found else ""
        out["item_source"] = f"{found[0].unit}目录" if found else ""
        out["needs_head"] = v.get("category") == "重大决策"
        # a general document (known category, no head's signature) needs no head's sign-off;
        # a blank slip keeps every row to sign by hand
        out["head_waived"] = bool(v.get("category")) and not out["needs_head"] \
            and not v.get("head_name") and not v.get("head_opinion")
        out["head_waived_text"] = HEAD_WAIVED
        out["office_head_name_line"], out["office_head_date_line"] = BLANK_NAME, BLANK_DATE
        for prefix in ("deputy", "head"):
            out[f"{prefix}_name_line"] = out[f"{prefix}_name"] or BLANK_NAME
            out[f"{prefix}_date_line"] = out[f"{prefix}_date"] or BLANK_DATE
        times = timeliness(v, ctx)
        out["deadline_rule"] = times[0].rule if times else ""
        # an unknown year's deadline is left out (the rule's words stay), never guessed
        out["deadline_date"] = cn_date(times[0].due) if times and times[0].due else ""
        # timeliness() gives the formation deadline first when there is one (formed_date)
        formation = times[0] if times and isinstance(v.get("formed_date"), dt.date) else None
        out["deadline_line"] = _deadline_line(v, ctx, found, formation)
        out["deadline_source"] = _deadline_source(v, ctx, found)
        out["standard_title"] = ctx.profile.standard_title
        return out

    def filename(self, rec: Record) -> str:
        number = rec.values.get("number") or f"第{rec.row or rec.record}行"
        title = rec.values.get("title") or ""
        return safe_filename(f"{number}_{title}", ".docx")


KIND = SlipKind()
