"""The inspection's data: the period, a finding and its evidence, a unit's scores."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ...inputs.values import cn_date, parse_date_text
from ...standard.catalogues.model import Catalogue
from ...standard.privacy import mask_all
from ...types import FupinError, jsonable

# ------------------------------------------------------------------ the period


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def text(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
                and self.start.year == self.end.year:
            return f"{self.start.year}年"
        return f"{cn_date(self.start)}至{cn_date(self.end)}"


_RANGE = re.compile(r"^\s*(.+?)\s*(?:\.\.|至|~|～|—)\s*(.+?)\s*$")


def parse_period(text: str | None, date: dt.date) -> Period:
    """``2026`` (a whole year) or ``2026-01-01..2026-06-30``; the year of ``date`` when empty."""
    if not text:
        return Period(dt.date(date.year, 1, 1), dt.date(date.year, 12, 31))
    text = text.strip()
    if re.fullmatch(r"\d{4}年?", text):
        year = int(text[:4])
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    m = _RANGE.match(text)
    if m:
        start, end = parse_date_text(m.group(1)), parse_date_text(m.group(2))
        if start is not None and end is not None:
            if end < start:
                raise FupinError(f"检查期间 {text} 的结束日期早于开始日期")
            return Period(start, end)
    raise FupinError(f"检查期间「{text}」无法识别：应为年份（如 2026）或 开始..结束（如 "
                     "2026-01-01..2026-06-30）")


# ------------------------------------------------------------------ findings


@dataclass(frozen=True)
class Evidence:
    """Where the inspector can see the problem: file, sheet, row, cell and its value."""

    file: str
    sheet: str | None = None
    row: int | None = None
    cell: str | None = None  # e.g. T5
    column: str | None = None  # the header, e.g. 主要领导审签日期
    value: Any = None
    where: str | None = None  # for announcements: 第3段, 表1第2行第3列...

    def text(self) -> str:
        out = self.file
        if self.sheet:
            out += f"「{self.sheet}」"
        if self.cell:
            out += self.cell
        elif self.row:
            out += f"第{self.row}行"
        if self.where:
            out += self.where
        if self.column:
            out += f"（{self.column}）"
        if self.column or self.cell:
            out += "：" + ("空" if self.value in (None, "") else _value_text(self.value))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "cell": self.cell,
                "column": self.column, "value": jsonable(self.value), "where": self.where,
                "text": self.text()}


def _value_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):  # as the slips and letters write dates: 2026年10月12日
        return cn_date(value)
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:58] + "…"


@dataclass(frozen=True)
class FindingKind:
    code: str
    label: str  # short Chinese name, a filter value in the report
    clause: str
    opinion: str
    days: int  # suggested 整改时限 in working days from the inspection date
    procedure: bool = False  # counts against 程序合规率


PRIVACY_CLAUSE = "国办发〔2018〕23号（个人信息去标识化）"
KINDS: dict[str, FindingKind] = {k.code: k for k in (
    FindingKind("inspect.checks", "审签前核对", "第5.1条",
                "补做真实性、完整性、涉密性核对并在处理单上记录；今后送审签前逐项核对", 5, True),
    FindingKind("inspect.secret", "涉密信息公开", "第5.1条",
                "立即撤下已公开的涉密信息，按保密规定处理，并重新审查公开属性", 3, True),
    FindingKind("inspect.signoff.deputy", "未经分管领导审签", "第5.2条",
                "补办分管领导审签手续并核实已公开的内容；今后未经审签不得公开", 5, True),
    FindingKind("inspect.signoff.head", "重大决策未经主要领导审签", "第5.3条",
                "补报主要领导审签并核实已公开的内容；今后重大决策须经分管领导和主要领导审签后公开",
                5, True),
    FindingKind("inspect.signoff.after", "先公开后审签", "第5.2条、第5.3条",
                "核实审签和公开的实际日期并更正处理单；今后先审签、后公开", 5, True),
    FindingKind("inspect.reason", "未写不予公开（删减）理由", "附录C",
                "在处理单中补写不予公开或删减的理由，并报分管领导确认", 5, True),
    FindingKind("inspect.deadline.signoff", "审签后超期公开", "第5.4条",
                "查明审签后未及时公开的原因，建立公开时限提醒；今后审签确认后1个工作日内公开", 10),
    FindingKind("inspect.deadline.formation", "超过公开时限", "第6.1条",
                "查明超期原因，建立公开时限提醒；今后按第6.1条和标准目录规定的时限公开", 10),
    FindingKind("inspect.ledger.missing", "台账漏登", "第5.5条",
                "在政务公开信息发布台账中补登该信息，并报局公开办", 5),
    FindingKind("inspect.ledger.no_slip", "台账无处理单", "第5.5条",
                "补填政务公开信息处理单并核实该信息公开前是否经过核对和审签", 5),
    FindingKind("inspect.ledger.withheld", "不予公开信息登记在发布台账", "第5.5条",
                "核实该信息是否已实际公开：已公开的立即撤下；从发布台账中删除该行，"
                "列入不予公开登记", 5),
    FindingKind("inspect.ledger.unpublished", "台账登记与处理单不符", "第5.5条",
                "核实该信息是否已公开：已公开的在处理单中补填实际公开日期，"
                "未公开的从发布台账中删除该行", 5),
    FindingKind("inspect.ledger.duplicate", "台账重复登记", "第5.5条",
                "删除重复登记的行，每条信息在发布台账中只登记一次", 5),
    FindingKind("inspect.slip.invalid", "处理单填写有误", "第5.5条",
                "按处理单的填写要求改正有误的栏目，核实该信息公开前的核对和审签情况；"
                "改正后该信息方可列入发布台账", 5, True),
    FindingKind("inspect.annual", "按年度更新事项未更新", "第6.2条",
                "按第6.2条在本年度内更新并公开该事项", 20),
    FindingKind("inspect.coverage", "目录事项未公开", "第4.2条",
                "按标准目录公开该事项的信息；确不适用的，在本单位目录中标明不适用并写明理由", 20),
    FindingKind("inspect.privacy", "公开内容含个人信息", PRIVACY_CLAUSE,
                "立即对已公开内容中的个人信息去标识化（删除或打码）后重新发布", 2),
    FindingKind("inspect.content", "公告缺少必备要素", "第5.1条（完整性）",
                "补充公开缺少的要素，今后按标准目录的公开内容（要素）逐项核对后发布", 10),
)}


@dataclass
class InspectFinding:
    code: str
    unit: str
    number: str
    title: str
    item: str  # catalogue item label, or ""
    problem: str  # plain Chinese, without the evidence
    evidence: Evidence | None
    opinion: str = ""  # defaults to the kind's
    clause: str = ""  # defaults to the kind's
    days: int = 0  # defaults to the kind's
    record_key: tuple[str, str | None, int] | None = None  # (file, sheet, record) of the row

    def __post_init__(self) -> None:
        # what the inspectors pass on (workbook, letters, reports) never repeats a number
        self.title, self.problem = mask_all(self.title), mask_all(self.problem)
        if self.evidence is not None and isinstance(self.evidence.value, str):
            self.evidence = replace(self.evidence, value=mask_all(self.evidence.value))
        kind = KINDS[self.code]
        self.opinion = self.opinion or kind.opinion
        self.clause = self.clause or kind.clause
        self.days = self.days or kind.days

    @property
    def kind(self) -> FindingKind:
        return KINDS[self.code]

    def subject(self) -> str:
        parts = []
        if self.number:
            parts.append(f"「{self.number}」")
        if self.title:
            parts.append(f"《{self.title}》")
        return "".join(parts)

    def description(self, limit: int = 1000) -> str:
        text = self.problem
        if self.evidence is not None:
            text += f"（证据：{self.evidence.text()}）"
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def involved(self, limit: int = 100) -> str:
        text = f"{self.item}；{self.clause}" if self.item else self.clause
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def deadline_text(self) -> str:
        return f"{self.days}个工作日"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.kind.label, "clause": self.clause,
                "unit": self.unit, "number": self.number, "title": self.title,
                "item": self.item, "problem": self.problem, "description": self.description(),
                "evidence": self.evidence.to_dict() if self.evidence else None,
                "opinion": self.opinion, "deadline": self.deadline_text()}


# ------------------------------------------------------------------ entries and units

Source = Literal["slip", "ledger"]


@dataclass(slots=True)
class Entry:
    """One slip or ledger row, kept small (a county's year is tens of thousands of rows)."""

    source: Source
    unit: str
    file: str
    sheet: str | None
    row: int | None
    record: int
    number: str
    title: str
    item: str  # canonical label when a catalogue knows it, else as written
    catalogue: str  # id of the catalogue that knows the item, else ""
    published: dt.date | None
    on_time: bool | None = None  # None: unpublished, or the deadline could not be checked
    procedure_ok: bool = True
    matched: bool = False
    status: str = ""  # slips: kinds.ledger.classify (published, withheld, unpublished, rejected)
    errors: str = ""  # slips: the columns whose values could not be read (an invalid row)
    cells: dict[str, str] = field(default_factory=dict)  # field -> cell (number, title, date)
    values: dict[str, Any] = field(default_factory=dict)  # ledger rows: dates for timeliness

    def key(self) -> tuple[str, str | None, int]:
        return (self.file, self.sheet, self.record)

    def evidence(self, field_name: str, column: str, value: Any) -> Evidence:
        """The cell of ``field_name`` in this row, under the header the file itself uses."""
        return Evidence(self.file, self.sheet, self.row, self.cells.get(field_name),
                        self.cells.get(field_name + ":header", column), value)


@dataclass
class UnitResult:
    unit: str
    files: list[str] = field(default_factory=list)
    catalogue: Catalogue | None = None
    slips: int = 0  # slips in the period
    ledger_rows: int = 0
    published: int = 0
    timed: int = 0  # publications whose deadlines could be checked
    on_time: int = 0
    procedure_ok: int = 0
    applicable: int = 0
    covered: int = 0
    announcements: int = 0
    findings: list[InspectFinding] = field(default_factory=list)

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return None if whole == 0 else part / whole

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.on_time, self.timed)

    @property
    def procedure_rate(self) -> float | None:
        return self._rate(self.procedure_ok, self.slips)

    @property
    def coverage_rate(self) -> float | None:
        return self._rate(self.covered, self.applicable)

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "unit": self.unit, "files": self.files,
            "catalogue": (f"{self.catalogue.unit}{self.catalogue.title}"
                          if self.catalogue else None),
            "slips": self.slips, "ledger_rows": self.ledger_rows, "published": self.published,
            "on_time": self.on_time, "timed": self.timed, "on_time_rate": r(self.on_time_rate),
            "procedure_ok": self.procedure_ok, "procedure_rate": r(self.procedure_rate),
            "covered": self.covered, "applicable": self.applicable,
            "coverage_rate": r(self.coverage_rate), "announcements": self.announcements,
            "findings": len(self.findings),
        }


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"
