"""The inspection: what the records of each unit break, using the rules that already exist.

A slip is checked by the slip rules (kinds/slip.py RULES: §5.1–5.4, §6.1, 附录C, personal
data); their issues become findings. Ledger rows are matched with the slips (§5.5, by 编号,
then by title and publication date, as ``kinds.ledger.number_key`` compares them); a ledger
row without a slip has its deadlines checked from its own dates with the same
``formation_deadline`` / ``signoff_deadline``. Per unit: §6.2 (items the catalogue marks as
updated yearly) and coverage (every applicable item published in the period); announcements
go through ``standard.content.check_content``.

A deadline in a year the working-day calendar does not know is one 时限未核对 note per
record, never a guess and never a crash.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ...inputs.values import cn_date
from ...standard.calendar.workdays import (
    UNKNOWN_YEAR_CODE,
    UnknownYearError,
    unknown_year_message,
)
from ...standard.catalogues import load_catalogues as import_catalogues
from ...standard.catalogues.model import BUILTIN, Catalogue, builtin_catalogue
from ...standard.content import check_content, fold
from ...standard.privacy import find_personal_data
from ...standard.rules import RunContext, apply_rules
from ...types import FupinError, Issue, Record
from ..ledger import classify, number_key
from ..ledger.matching import Key, SlipStatus, match_ledger, unpublished_text, withheld_text
from ..slip import (
    PUBLISHING,
    RULES,
    TITLES,
    Timeliness,
    formation_deadline,
    last_signoff,
    signoff_deadline,
)
from .model import KINDS, Entry, Evidence, InspectFinding, Period, UnitResult

# ------------------------------------------------------------------ catalogues

CatalogueLoader = Callable[[str], list[Catalogue]]


def builtin_loader(spec: str) -> list[Catalogue]:
    """A catalogue by built-in name (yimei, wanyuan), or the county's own: an imported
    catalogue JSON, a folder of them, or a published table (``standard.catalogues``)."""
    if spec in BUILTIN:
        return [builtin_catalogue(spec)]
    path = Path(spec)
    if not path.exists():
        raise FupinError(f"没有名为「{spec}」的内置目录，也找不到该目录文件；内置目录：{'、'.join(BUILTIN)}，"
                         "本县目录请给出 import-catalogue 生成的 .json、其所在文件夹或发布的目录表格")
    return import_catalogues([path])


def load_catalogues(specs: Sequence[str], loader: CatalogueLoader = builtin_loader
                    ) -> list[Catalogue]:
    if not specs:
        specs = BUILTIN
    out: list[Catalogue] = []
    for spec in specs:
        out.extend(loader(spec))
    return out


# ------------------------------------------------------------------ slips


ISSUE_CODES = {
    "slip.checks.before_signoff": "inspect.checks",
    "slip.secret": "inspect.secret",
    "slip.signoff.deputy": "inspect.signoff.deputy",
    "slip.signoff.head": "inspect.signoff.head",
    "slip.reason.required": "inspect.reason",
    "privacy.personal_data": "inspect.privacy",
}
UNCHECKED = "inspect.deadline.unchecked"


def unchecked_text(reason: str) -> str:
    """The 时限未核对 note as the printed report says it: what is not known, without the
    command that installs a calendar (the terminal and report.json add it: CLI_HINTS)."""
    head = reason.split("；运行 ")[0]
    return head if "时限未核对" in head else f"时限未核对：{head}"


def _cell(issue: Issue) -> str | None:
    return f"{issue.column_letter}{issue.row}" if issue.column_letter and issue.row else None


def issue_evidence(issue: Issue) -> Evidence:
    return Evidence(issue.file or "", issue.sheet, issue.row, _cell(issue), issue.column,
                    issue.value)


def _subject(values: dict[str, Any]) -> str:
    out = ""
    if values.get("number"):
        out += f"「{values['number']}」"
    if values.get("title"):
        out += f"《{values['title']}》"
    return out


def _cell_text(issue: Issue) -> str:
    cell = _cell(issue)
    return f"（{cell}）：" if cell else "："


def _place(e: Entry) -> str:
    """Where a slip is, as ``ledger --against`` names it: 处理单.xlsx 处理单!B15."""
    cell = e.cells.get("number")
    if e.sheet and cell:
        return f"{e.file} {e.sheet}!{cell}"
    if e.sheet and e.row:
        return f"{e.file} {e.sheet}第{e.row}行"
    return f"{e.file} 第{e.record}条记录"


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


@dataclass
class Inspector:
    """Collects entries and findings record by record, then checks across records."""

    period: Period
    ctx: RunContext
    catalogues: list[Catalogue]
    entries: list[Entry] = field(default_factory=list)
    findings: list[InspectFinding] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    read: Counter[str] = field(default_factory=Counter)  # rows read per source
    outside: int = 0  # rows outside the period
    no_unit: int = 0  # rows without a unit
    announcements: list[tuple[Path, str | None]] = field(default_factory=list)

    # -- one record at a time

    def add_slip(self, rec: Record, unit: str | None) -> None:
        self.read["slip"] += 1
        invalid = [i for i in rec.issues if i.severity == "error"]  # the reading's: bad values
        unchecked, reason = False, ""
        for rule in RULES:
            try:
                apply_rules((rule,), rec, self.ctx)
            except UnknownYearError as exc:  # a calendar that still raises: same note
                unchecked, reason = True, str(exc)
        for issue in rec.issues:  # the slip rules' one warning per row for an unknown year
            if issue.code == UNKNOWN_YEAR_CODE:
                unchecked, reason = True, issue.message
        v = rec.values
        published = _date(v.get("published_date")) if v.get("disclosure") in PUBLISHING else None
        key = published or _date(v.get("draft_date")) or _date(v.get("published_date"))
        if not self.period.contains(key):
            self.outside += 1
            return
        if not unit:
            self._no_unit(rec, invalid)
            return
        entry = self._entry("slip", rec, unit, published)
        entry.status = classify(rec, None)
        if unchecked:
            self._unchecked(rec, reason)
        procedure = self._slip_findings(rec, entry)
        if invalid:
            self._invalid(rec, entry, invalid)
            procedure = True
        entry.procedure_ok = not procedure
        if published is not None and not unchecked and isinstance(v.get("formed_date"), dt.date):
            # the slip.deadline rule has just applied timeliness(): late means it said so
            entry.on_time = not any(i.code == "slip.deadline" for i in rec.issues)
        self.entries.append(entry)

    def add_ledger_row(self, rec: Record, unit: str | None) -> None:
        self.read["ledger"] += 1
        v = rec.values
        published = _date(v.get("published_date"))
        if published is None:
            col = rec.columns.get("published_date")
            self.notes.append(Issue(
                code="inspect.ledger.no_date", severity="warning", file=rec.file,
                sheet=rec.sheet, row=rec.row, column=col.header if col else None,
                column_letter=col.letter if col and col.index else None,
                message="台账行没有（可识别的）公开日期，无法判断是否在检查期间，未列入检查"))
            return
        if not self.period.contains(published) or v.get("disclosure") == "不予公开":
            self.outside += 1
            return
        if not unit:
            self._no_unit(rec)
            return
        entry = self._entry("ledger", rec, unit, published)
        entry.values = {k: v.get(k) for k in ("formed_date", "signoff_date", "summary",
                                              "disclosure")}
        for f in ("formed_date", "signoff_date", "summary"):
            col = rec.columns.get(f)
            if col is not None:
                entry.values[f + ".column"] = col.header
        self.entries.append(entry)

    def add_announcements(self, folder: Path, unit: str | None) -> None:
        files = sorted(p for p in folder.rglob("*") if p.is_file()
                       and p.suffix.lower() in (".docx", ".pdf", ".txt")
                       and not p.name.startswith(("~$", ".")))
        if not files:
            raise FupinError(f"公告文件夹 {folder} 中没有 .docx、.pdf 或 .txt 文件")
        self.announcements.extend((p, unit) for p in files)

    # -- helpers

    def _entry(self, source: str, rec: Record, unit: str, published: dt.date | None) -> Entry:
        v = rec.values
        item = str(v.get("item") or "")
        found = self.ctx.items.find(item) if item else None
        cells = {}
        for f in ("number", "title", "published_date", "item"):
            col = rec.columns.get(f)
            if col is not None and col.index and rec.row:
                cells[f] = f"{col.letter}{rec.row}"
                cells[f + ":header"] = col.header  # the office's own words (文号, 发布时间...)
        return Entry(
            source="slip" if source == "slip" else "ledger", unit=unit, file=rec.file,
            sheet=rec.sheet, row=rec.row, record=rec.record, number=str(v.get("number") or ""),
            title=str(v.get("title") or ""), item=found[1].label if found else item,
            catalogue=str(self.catalogues.index(found[0])) if found else "",
            published=published, cells=cells)

    def _no_unit(self, rec: Record, invalid: Sequence[Issue] = ()) -> None:
        self.no_unit += 1
        col = rec.columns.get("office")
        # a merged or unreadable cell says why it is empty (a blank one needs no reason)
        why = next((i.message for i in invalid if i.field == "office"
                    and i.code != "schema.required"), None)
        self.notes.append(Issue(
            code="inspect.no_unit", severity="warning", file=rec.file, sheet=rec.sheet,
            row=rec.row, column=col.header if col else None,
            column_letter=col.letter if col and col.index else None,
            message=(f"{why}；不知道属于哪个被检查单位，未列入检查" if why else
                     "没有责任股室（公开主体），不知道属于哪个被检查单位，未列入检查；"
                     "请在该文件的这一列补填责任股室")))

    def _invalid(self, rec: Record, entry: Entry, invalid: list[Issue]) -> None:
        """A slip row with values that cannot be read (``slips`` refuses it, ``ledger`` leaves
        it out): one finding naming each cell and why; it counts against the procedure."""
        columns = "、".join(dict.fromkeys(f"「{i.column or TITLES.get(i.field or '', '')}」"
                                          for i in invalid))
        entry.errors = columns
        reasons = invalid[0].message if len(invalid) == 1 else "；".join(
            f"{i.column or TITLES.get(i.field or '', '')}{_cell_text(i)}{i.message}"
            for i in invalid)
        clauses = "、".join(dict.fromkeys(i.clause for i in invalid if i.clause))
        self._add(self._finding(
            "inspect.slip.invalid", entry,
            f"处理单{_subject(rec.values)}的{columns}填写有误（{reasons}），"
            "不能证明该信息公开前经过核对和审签", issue_evidence(invalid[0]), rec,
            clause=clauses))

    def _unchecked(self, rec: Record, reason: str) -> None:
        if any(n.code == UNCHECKED and n.file == rec.file and n.row == rec.row
               and n.record == rec.record for n in self.notes[-3:]):
            return
        self.notes.append(Issue(
            code=UNCHECKED, severity="warning", file=rec.file, sheet=rec.sheet, row=rec.row,
            record=rec.record,
            message=unchecked_text(reason)))

    def _add(self, finding: InspectFinding) -> None:
        self.findings.append(finding)

    def _slip_findings(self, rec: Record, entry: Entry) -> bool:
        """Findings from the slip rules' issues; True when one counts against the procedure."""
        v = rec.values
        subject = _subject(v)
        grouped: dict[str, list[Issue]] = defaultdict(list)
        procedure = False
        for issue in rec.issues:
            code = ISSUE_CODES.get(issue.code)
            if issue.code == "slip.deadline":
                code = ("inspect.deadline.signoff" if issue.clause == "第5.4条"
                        else "inspect.deadline.formation")
                self._add(self._finding(code, entry, f"处理单{subject}{issue.message}",
                                        issue_evidence(issue), rec))
                continue
            if issue.code == "slip.dates.order" and issue.field == "published_date":
                if self._signed_after(rec, entry, subject):
                    procedure = True
                continue
            if code is not None:
                grouped[code].append(issue)
        for code, issues in grouped.items():
            first = issues[0]
            self._add(self._finding(code, entry, self._text(code, v, subject, issues),
                                    issue_evidence(first), rec))
            procedure = procedure or KINDS[code].procedure
        return procedure

    def _signed_after(self, rec: Record, entry: Entry, subject: str) -> bool:
        v = rec.values
        published = _date(v.get("published_date"))
        signed = last_signoff(v)
        if published is None or signed is None or signed <= published:
            return False
        f = "head_date" if v.get("head_date") == signed else "deputy_date"
        col = rec.columns.get(f)
        ev = Evidence(rec.file, rec.sheet, rec.row,
                      f"{col.letter}{rec.row}" if col and col.index and rec.row else None,
                      col.header if col else TITLES[f], signed)
        self._add(self._finding(
            "inspect.signoff.after", entry,
            f"处理单{subject}于{cn_date(published)}公开，{TITLES[f]}却是{cn_date(signed)}："
            "先公开后审签", ev, rec,
            clause="第5.3条" if v.get("category") == "重大决策" else "第5.2条"))
        return True

    def _text(self, code: str, v: dict[str, Any], subject: str, issues: list[Issue]) -> str:
        cols = "、".join(dict.fromkeys(i.column or TITLES.get(i.field or "", "") for i in issues))
        pub = cn_date(_date(v.get("published_date")))
        if code == "inspect.checks":
            vals = "、".join(f"{i.column}为「{i.value}」" for i in issues)
            return f"处理单{subject}已送领导审签，但审签前未完成核对：{vals}"
        if code == "inspect.secret":
            return f"处理单{subject}经审查涉密，公开属性却为{v.get('disclosure')}"
        if code == "inspect.signoff.deputy":
            return (f"处理单{subject}（{v.get('category') or '一般性文件'}）已于{pub}公开，"
                    f"但没有分管领导审签（{cols}为空）")
        if code == "inspect.signoff.head":
            return (f"处理单{subject}为重大决策，已于{pub}公开，但没有主要领导审签"
                    f"（{cols}为空），重大决策须经分管领导和主要领导审签")
        if code == "inspect.reason":
            return f"处理单{subject}公开属性为{v.get('disclosure')}，但未写明理由"
        if code == "inspect.privacy":
            return "；".join(f"处理单{subject}的「{i.column}」{i.message.split('：')[0]}"
                            for i in issues) + f"，{v.get('disclosure')}的信息面向全社会，不得含个人信息"
        raise AssertionError(code)

    def _finding(self, code: str, entry: Entry, problem: str, evidence: Evidence | None,
                 rec: Record | None = None, clause: str = "") -> InspectFinding:
        # the kind's 整改意见 in the office's words (its standard, its §5.4/§6.1 working days)
        opinion = self.ctx.profile.reword(KINDS[code].opinion)
        return InspectFinding(code=code, unit=entry.unit, number=entry.number,
                              title=entry.title, item=entry.item, problem=problem,
                              evidence=evidence, opinion=opinion, clause=clause,
                              record_key=entry.key())

    # -- across records

    def finish(self, has_slips: bool, has_ledgers: bool) -> list[UnitResult]:
        if has_slips and has_ledgers:
            self._match()  # first: a ledger row that has its slip belongs to the slip's unit
        else:
            what = "发布台账" if has_slips else "处理单"
            self.notes.append(Issue(
                code="inspect.ledger.not_checked", severity="warning", clause="第5.5条",
                message=f"记录中没有{what}，未核对处理单与台账是否一一对应（第5.5条）"))
        by_unit: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries:
            by_unit[e.unit].append(e)
        units = {u: UnitResult(unit=u, files=sorted({e.file for e in es}))
                 for u, es in by_unit.items()}
        self._resolve_catalogues(units, by_unit)
        for e in self.entries:
            if e.source == "ledger" and not e.matched and e.unit in units:
                self._ledger_row_checks(e)
        self._content_checks(units)
        for unit, result in units.items():
            self._score(result, by_unit[unit])
        for f in self.findings:
            if f.unit in units:  # not a unit left out for want of its catalogue
                units[f.unit].findings.append(f)
        return sorted(units.values(), key=lambda u: u.unit)

    def _resolve_catalogues(self, units: dict[str, UnitResult],
                            by_unit: dict[str, list[Entry]]) -> None:
        """Each unit's catalogue. A unit none of whose records has an item of the given
        catalogues cannot be checked: said as an error naming its files, and left out;
        the other units are inspected. When no unit can be checked, the run is refused."""
        uncovered: list[str] = []
        for unit, result in list(units.items()):
            own = [c for c in self.catalogues if c.unit and c.unit == unit]
            if own:
                result.catalogue = own[0]
                continue
            counts = Counter(e.catalogue for e in by_unit[unit] if e.catalogue)
            if not counts:
                names = "、".join(f"{c.unit}{c.title}" for c in self.catalogues)
                uncovered.append(
                    f"单位「{unit}」（{'、'.join(result.files)}）的记录没有一条属于所给标准目录"
                    f"（{names}）的公开事项，无法核对该单位：请检查「公开事项」列，"
                    "或选用该单位的目录")
                del units[unit]
                continue
            best = max(counts.items(), key=lambda kv: (kv[1], -int(kv[0])))[0]
            result.catalogue = self.catalogues[int(best)]
        if uncovered and not units:
            raise FupinError("；".join(uncovered))
        for message in uncovered:
            self.notes.append(Issue(code="inspect.unit.no_catalogue", severity="error",
                                    message=f"{message}；该单位未列入本次检查"))

    def _match(self) -> None:
        """§5.5 with ``kinds.ledger.matching`` (as ``ledger --against`` matches): each ledger
        row to its slip; a matched row belongs to the slip's unit."""
        slips = [(s, Key(s.number, s.title, s.published), cast(SlipStatus, s.status))
                 for s in self.entries if s.source == "slip"]
        rows = [(e, Key(e.number, e.title, e.published))
                for e in self.entries if e.source == "ledger"]
        matching = match_ledger(slips, rows)
        for m in matching.rows:
            e, s = m.row, m.slip
            e.matched = m.verdict != "no_slip"  # a duplicate is counted once, by its first row
            if s is not None and m.verdict != "duplicate":
                s.matched = True
                e.unit = s.unit  # e.g. the ledger names the bureau, the slip its 股室
            subject = _subject({"number": e.number, "title": e.title})
            number = e.number or e.title
            field_name, column = ("number", "信息编号") if e.number else ("title", "信息标题")
            ev = e.evidence(field_name, column, number)
            if m.verdict == "no_slip":
                self._add(self._finding(
                    "inspect.ledger.no_slip", e,
                    f"发布台账中的{subject}（{cn_date(e.published)}公开）没有对应的处理单，"
                    "无法证明公开前经过核对和审签", ev))
            elif m.verdict == "duplicate":
                first = m.first
                assert first is not None
                self._add(self._finding(
                    "inspect.ledger.duplicate", e,
                    f"发布台账中的{subject}与第{first.row or first.record}行重复登记", ev))
            elif m.verdict == "withheld" and s is not None:
                self._add(self._finding(
                    "inspect.ledger.withheld", e,
                    f"发布台账中的{withheld_text(number, _place(s))}"
                    f"（台账记为{cn_date(e.published)}公开）", ev))
            elif m.verdict == "unpublished" and s is not None:
                self._add(self._finding(
                    "inspect.ledger.unpublished", e,
                    f"发布台账中的{unpublished_text(number, _place(s))}"
                    f"，台账却记为{cn_date(e.published)}公开", ev))
        for s, _ in matching.unmatched:
            if s.published is None:
                continue
            why = (f"；该处理单的{s.errors}填写有误，改正处理单后应补登台账" if s.errors
                   else "（按编号、标题和公开日期均未找到）")
            self._add(self._finding(
                "inspect.ledger.missing", s,
                f"处理单{_subject({'number': s.number, 'title': s.title})}已于"
                f"{cn_date(s.published)}公开，但发布台账中没有这一条{why}",
                s.evidence("number", TITLES["number"], s.number)))

    def _ledger_row_checks(self, e: Entry) -> None:
        """A ledger row without a slip: its own deadlines and its own text."""
        subject = _subject({"number": e.number, "title": e.title})
        formed, signed = _date(e.values.get("formed_date")), _date(e.values.get("signoff_date"))
        times: list[Timeliness] = []
        try:
            if formed is not None:
                found = self.ctx.items.find(e.item) if e.item else None
                times.append(formation_deadline(formed, found, e.published, self.ctx.calendar))
            if signed is not None:
                times.append(signoff_deadline(signed, e.published, self.ctx.calendar))
        except UnknownYearError as exc:
            unknown: str | None = str(exc)
            times = []
        else:
            years = sorted({t.unknown_year for t in times if t.unknown_year})
            unknown = unknown_year_message(years[0]) if years else None
        if unknown is not None:
            self.notes.append(Issue(code=UNCHECKED, severity="warning", file=e.file,
                                    sheet=e.sheet, row=e.row, record=e.record,
                                    message=unchecked_text(unknown)))
        elif times:
            e.on_time = all(t.on_time for t in times)
        for t in times:
            if t.on_time is False:
                code = ("inspect.deadline.signoff" if t.clause == "第5.4条"
                        else "inspect.deadline.formation")
                self._add(self._finding(
                    code, e, f"发布台账中的{subject}公开超期：{t.rule}，应于{cn_date(t.due)}前公开，"
                    f"实际{cn_date(t.published)}，" + (f"晚{t.days_late}个工作日" if t.unknown_year is None
                                                      else "超期的工作日数未核对"),
                    e.evidence("published_date", "公开日期", e.published)))
        if e.values.get("disclosure") in ("依申请公开",):
            return
        for f, text in (("title", e.title), ("summary", e.values.get("summary"))):
            if not isinstance(text, str):
                continue
            hits = find_personal_data(text)
            if hits:
                kinds = "、".join(dict.fromkeys(d.label for d in hits))
                masked = "、".join(d.masked for d in hits[:3])
                column = "信息标题" if f == "title" else str(e.values.get("summary.column") or "内容描述")
                ev = Evidence(e.file, e.sheet, e.row, e.cells.get(f), column, masked)
                self._add(self._finding(
                    "inspect.privacy", e,
                    f"发布台账中的{subject}的「{column}」含{kinds}（{masked}），"
                    "公开的信息不得含个人信息", ev))

    def _content_checks(self, units: dict[str, UnitResult]) -> None:
        if not self.announcements:
            return
        slips = [e for e in self.entries if e.source == "slip"]
        for path, unit_hint in self.announcements:
            stem = fold(path.stem)
            match = next((e for e in slips if e.number and number_key(e.number) in
                          number_key(path.stem)), None) or next(
                (e for e in slips if e.title and (fold(e.title) in stem or stem in fold(e.title))
                 and len(stem) >= 4), None)
            unit = match.unit if match else unit_hint or (next(iter(units)) if len(units) == 1
                                                          else None)
            if unit is None or unit not in units:
                self.notes.append(Issue(
                    code="inspect.content.no_unit", severity="warning", file=path.name,
                    message="公告对应不到任何处理单（文件名中没有编号或标题），也没有指定"
                            "所属单位，未核对"))
                continue
            cat = units[unit].catalogue
            item = match.item if match and match.catalogue else None
            try:
                result = check_content(path, item=item, catalogues=[cat] if cat else None)
            except FupinError as exc:
                self.notes.append(Issue(code="inspect.content.unreadable", severity="warning",
                                        file=path.name, message=f"公告未核对：{exc}"))
                continue
            units[unit].announcements += 1
            owner = match or Entry(source="slip", unit=unit, file=path.name, sheet=None,
                                   row=None, record=0, number="", title=result.title,
                                   item=result.item, catalogue="", published=None)
            name = f"公告《{result.title or path.stem}》"
            if result.missing:
                atoms = "、".join(e.atom for e in result.missing)
                self._add(InspectFinding(
                    code="inspect.content", unit=unit, number=owner.number,
                    title=owner.title or result.title, item=result.item,
                    problem=f"{name}缺少「{result.item}」的必备要素：{atoms}",
                    evidence=Evidence(path.name), record_key=owner.key(),
                    opinion=f"补充公开缺少的要素（{atoms}），今后按标准目录的公开内容逐项核对后发布"))
            if result.personal:
                kinds = "、".join(dict.fromkeys(h.kind for h in result.personal))
                first = result.personal[0]
                self._add(InspectFinding(
                    code="inspect.privacy", unit=unit, number=owner.number,
                    title=owner.title or result.title, item=result.item,
                    problem=f"{name}含{kinds}（"
                            + "、".join(h.masked for h in result.personal[:3])
                            + "），公开的信息不得含个人信息",
                    evidence=Evidence(path.name, where=first.where, value=first.masked),
                    record_key=owner.key()))

    def _score(self, result: UnitResult, entries: list[Entry]) -> None:
        published_labels: set[str] = set()
        found: dict[str, str | None] = {}
        cat = result.catalogue
        for e in entries:
            if e.source == "slip":
                result.slips += 1
                result.procedure_ok += e.procedure_ok
            else:
                result.ledger_rows += 1
                if e.matched:
                    continue  # its slip counts
            if e.published is None:
                continue
            result.published += 1
            if e.on_time is not None:
                result.timed += 1
                result.on_time += e.on_time
            if cat is not None and e.item:
                if e.item not in found:
                    item = cat.find(e.item)
                    found[e.item] = item.label if item is not None else None
                label = found[e.item]
                if label is not None:
                    published_labels.add(label)
        if cat is None:
            return
        missing: list[str] = []
        for item in cat.items:
            if not item.applicable:
                continue
            result.applicable += 1
            if item.label in published_labels:
                result.covered += 1
            elif item.annual:  # §6.2: one finding per item updated yearly
                self.findings.append(InspectFinding(
                    code="inspect.annual", unit=result.unit, number="", title="", item=item.label,
                    problem=f"{self.period.text()}{result.unit}没有公开「{item.label}」的信息，"
                            f"{cat.unit}{cat.title}第{item.no}项标明按年度更新",
                    evidence=Evidence("、".join(result.files), where="中检查期间内没有该事项的记录")))
            else:
                missing.append(f"第{item.no}项「{item.label}」")
        if missing:  # coverage: one finding listing every item not published
            self.findings.append(InspectFinding(
                code="inspect.coverage", unit=result.unit, number="", title="",
                item=f"{cat.unit}{cat.title}",
                problem=f"{self.period.text()}{result.unit}对照{cat.unit}{cat.title}，"
                        f"{len(missing)}个适用事项没有公开记录：{'、'.join(missing)}",
                evidence=Evidence("、".join(result.files), where="中检查期间内没有这些事项的记录")))
