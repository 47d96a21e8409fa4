"""The inspection batch: records of many units in, the pre-filled 督查 workbook and the
检查报告 out. Everything is read and checked before anything is written."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..inputs.validate import SchemaChecker, make_record
from ..inputs.values import cn_date
from ..inputs.workbook import open_table
from ..kinds.inspection.analyse import CatalogueLoader, Inspector, builtin_loader, load_catalogues
from ..kinds.inspection.document import write_report_docx
from ..kinds.inspection.model import InspectFinding, parse_period, rate_text
from ..kinds.inspection.outputs import (
    REPORT_DOCX,
    REPORT_XLSX,
    WORKBOOK,
    Inspection,
    LetterHead,
    file_sha256,
    write_report_xlsx,
    write_workbook,
)
from ..kinds.inspection.records import Recognised, recognise
from ..kinds.ledger.reading import is_sign_line
from ..outputs.atomic import write_text_atomic
from ..outputs.folder import REPORT_JSON, refuse_input_as_output, remove_stale_parts
from ..outputs.report import Report
from ..standard.calendar.workdays import UnknownYearError, WorkdayCalendar
from ..standard.catalogues.model import ItemIndex
from ..standard.profile import DEFAULT as DEFAULT_PROFILE
from ..standard.profile import Profile
from ..standard.rules import RunContext
from ..types import FupinError, Issue


@dataclass
class InspectOptions:
    date: dt.date = field(default_factory=dt.date.today)  # 检查时间; 整改时限 count from it
    period: str | None = None  # 2026 or 2026-01-01..2026-06-30; default: the year of date
    catalogues: Sequence[str] = ()  # built-in names today (default: all built-in)
    loader: CatalogueLoader = builtin_loader  # swap in an importer of catalogue files
    units: dict[str, str] = field(default_factory=dict)  # file name (or path) -> unit
    unit: str | None = None  # for every file without its own --unit
    calendar: WorkdayCalendar = field(default_factory=WorkdayCalendar)
    prefix: str = "扶督"
    first_number: int = 1
    members: tuple[str, ...] = ("督查小组",)
    signer: str = ""  # 落款; empty: the profile's 督查小组
    basis: str | None = None
    progress: Callable[[int], None] | None = None
    jobs: int = 1  # >1: read and check the record files in that many worker processes
    profile: Profile = DEFAULT_PROFILE  # the office: author of the outputs, its standard's name


class InspectReport(Report):
    inspection: Inspection | None = None

    def exit_code(self) -> int:
        if self.errors:
            return 1
        return 1 if self.extra.get("findings") else 0

    def several_files(self) -> bool:
        return len(self.extra.get("records", [])) > 1 or super().several_files()

    def summary_lines(self, max_issues: int = 50) -> list[str]:
        c = self.extra.get("counts", {})
        lines = [
            f"{self.label}：读取处理单 {c.get('slip_rows', 0)} 行、发布台账 {c.get('ledger_rows', 0)} 行"
            f"（检查期间 {self.extra.get('period', '')}），列入检查 {self.rendered} 行，"
            f"未列入 {self.rejected} 行（期间外 {c.get('outside', 0)}，无单位 {c.get('no_unit', 0)}，"
            f"无公开日期 {c.get('no_date', 0)}"
            + (f"，单位不在所给目录 {c['no_catalogue']}" if c.get("no_catalogue") else "")
            + f"）；检查单位 {len(self.extra.get('units', []))} 个，"
            f"发现问题 {len(self.extra.get('findings', []))} 个",
        ]
        for u in self.extra.get("units", [])[:max_issues]:
            lines.append(f"  {u['unit']}：按时公开率 {rate_text(u['on_time_rate'])}，程序合规率 "
                         f"{rate_text(u['procedure_rate'])}，目录覆盖率 {rate_text(u['coverage_rate'])}，"
                         f"问题 {u['findings']} 个")
        notes = [i for i in self.issues if not i.code.startswith("inspect.") or i.code in NOTE_CODES]
        several = self.several_files()  # each note names its file
        for issue in notes[:max_issues]:
            level = "错误" if issue.severity == "error" else "注意"
            lines.append(f"  [{level}] {issue.text(with_file=several)}")
        if len(notes) > max_issues:
            lines.append(f"  ……另有 {len(notes) - max_issues} 条，见 report.json")
        for note in self.extra.get("written", []):
            lines.append(f"  {note}")
        return lines


NOTE_CODES = {"inspect.deadline.unchecked", "inspect.no_unit", "inspect.ledger.no_date",
              "inspect.ledger.not_checked", "inspect.content.no_unit",
              "inspect.content.unreadable", "inspect.workbook.kept", "inspect.unit.no_catalogue"}


# What a note adds in the terminal and report.json: the option or command that helps. The
# printed 检查报告 says the same in words only (a reader has no command line).
CLI_HINTS = {
    "inspect.no_unit": "（也可用 --unit 文件名=单位 指定该文件的单位）",
    "inspect.content.no_unit": "（可用 --unit 文件夹名=单位 指定）",
    "inspect.unit.no_catalogue": "（可用 --catalogue 指定该单位的目录）",
    "inspect.deadline.unchecked": "（运行 fupin-docs calendar from-notice 通知.txt 读入该年的节假日"
                                  "安排，再用 calendar install 保存；网页版：「工作日历」）",
}


def with_cli_hint(note: Issue) -> Issue:
    hint = CLI_HINTS.get(note.code)
    return replace(note, message=note.message + hint) if hint else note


class MemoCalendar(WorkdayCalendar):
    """The run's calendar with its answers remembered: a county's year asks the same few
    hundred dates tens of thousands of times. Unknown years still raise every time."""

    def __init__(self, base: WorkdayCalendar) -> None:
        super().__init__(base.holidays, base.workdays, base.office_years)
        self._days: dict[dt.date, bool] = {}
        self._added: dict[tuple[dt.date, int], dt.date] = {}

    def is_workday(self, day: dt.date) -> bool:
        hit = self._days.get(day)
        if hit is None:
            hit = self._days[day] = super().is_workday(day)
        return hit

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        key = (start, n)
        hit = self._added.get(key)
        if hit is None:
            hit = self._added[key] = super().add_workdays(start, n)
        return hit


def run_inspect(records: Sequence[Path], out_dir: Path, opts: InspectOptions | None = None
                ) -> InspectReport:
    opts = opts or InspectOptions()
    if not records:
        raise FupinError("请给出要检查的记录：处理单工作簿、发布台账工作簿或公告文件夹")
    if not re.fullmatch(r"\S{1,20}", opts.prefix):
        raise FupinError(f"文号机关代字「{opts.prefix}」应为1—20个字、不含空格，如 万扶督")
    signer = opts.signer or opts.profile.inspection_group
    if len(signer) > 40 or any(len(m) > 30 for m in opts.members):
        raise FupinError("落款不超过40字、每位检查组成员不超过30字（整改意见书的栏目长度）")
    period = parse_period(opts.period, opts.date)
    # no --catalogue: the office's built-in catalogues (the ones its slips are checked against)
    catalogues = load_catalogues(opts.catalogues or opts.profile.catalogues, opts.loader)
    ctx = RunContext(calendar=MemoCalendar(opts.calendar), items=ItemIndex(catalogues),
                     today=opts.date, profile=opts.profile)  # the profile's §5.4/§6.1 days
    inspector = Inspector(period, ctx, catalogues)
    files: list[Recognised] = []
    for path in records:
        if path.is_dir():
            inspector.add_announcements(path, _unit_for(path, opts))
        else:
            files.append(recognise(path))
    if not files:
        raise FupinError("只给了公告文件夹：请同时给出处理单或发布台账工作簿")
    outputs = [out_dir / n for n in (REPORT_DOCX, REPORT_XLSX, REPORT_JSON)]
    refuse_input_as_output([f.path for f in files], outputs)
    report = InspectReport(kind="inspect", label="政务公开工作检查",
                           source="、".join(str(p) for p in records), author=opts.profile.unit)
    if opts.jobs > 1 and len(files) > 1:
        _read_parallel(files, opts, inspector, report)
    else:
        checkers: dict[str, SchemaChecker] = {}
        for f in files:
            _read_file(f, _unit_for(f.path, opts), inspector, report.issues, checkers,
                       opts.progress)
    if not inspector.entries:
        names = "、".join(f.path.name for f in files)
        raise FupinError(
            f"检查期间 {period.text()} 内没有记录：{names} 共读取 "
            f"{sum(inspector.read.values())} 行，没有一行在该期间（或都缺少责任股室）。"
            "请检查 --period 或所选文件。")
    has = {f.kind for f in files}
    units = inspector.finish("slips" in has, "ledger" in has)
    basis = opts.basis or f"{opts.profile.standard_title}第5条、第6条、第8.2条"
    head = LetterHead(date=opts.date, prefix=opts.prefix, first_number=opts.first_number,
                      members=opts.members, signer=signer, basis=basis)
    inspection = Inspection(period, head, units, inspector.notes,
                            [f.path.name for f in files]
                            + [p.name for p in records if p.is_dir()],
                            author=opts.profile.unit, profile=opts.profile)
    due_notes = _due_dates(inspection, ctx.calendar)
    if any(v is None for v in due_notes.values()):
        inspector.notes.append(Issue(
            code="inspect.deadline.unchecked", severity="warning", clause="第8.2.2条",
            message=f"整改时限未核对：自检查时间{cn_date(opts.date)}起的部分整改时限跨入工作日历"
                    "不含的年份，督查工作簿中写作“N个工作日”（整改意见书中不注日期）；"
                    "该年的节假日安排发布并装入工作日历后，生成的整改意见书即注明日期"))
    report.rows_read = sum(inspector.read.values())
    kept = {u.unit for u in units}  # a unit no given catalogue covers is left out, said
    no_catalogue = sum(1 for e in inspector.entries if e.unit not in kept)
    report.rendered = len(inspector.entries) - no_catalogue
    report.rejected = report.rows_read - report.rendered
    report.issues.extend(with_cli_hint(n) for n in inspector.notes)  # the report: in words
    report.issues.extend(_as_issue(f) for f in inspection.findings)
    no_date = sum(1 for n in inspector.notes if n.code == "inspect.ledger.no_date")
    report.extra.update({
        "period": period.text(),
        "period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
        "date": opts.date.isoformat(),
        "records": [{"file": f.path.name, "kind": f.kind, "sheet": f.sheet, "how": f.how}
                    for f in files],
        "counts": {"slip_rows": inspector.read["slip"], "ledger_rows": inspector.read["ledger"],
                   "inspected": report.rendered, "outside": inspector.outside,
                   "no_unit": inspector.no_unit, "no_date": no_date,
                   "no_catalogue": no_catalogue},
        "units": [u.to_dict() for u in units],
        "findings": [{**f.to_dict(), "due_date": due_notes.get(id(f))}
                     for f in inspection.findings],
    })
    _write(inspection, out_dir, report)
    report.inspection = inspection
    return report


def _read_file(f: Recognised, unit: str | None, inspector: Inspector, issues: list[Issue],
               checkers: dict[str, SchemaChecker],
               progress: Callable[[int], None] | None = None) -> None:
    """Read one record file into the inspector, row by row (findings of each row at once)."""
    key = json.dumps(f.schema, sort_keys=True, ensure_ascii=False)
    checker = checkers.get(key) or checkers.setdefault(key, SchemaChecker(f.schema))
    table = open_table(f.path, f.schema, f.sheet, sheet_option=None)
    for col in table.unknown_headers:
        issues.append(Issue(
            code="input.unknown_column", severity="warning", message="不认识的列，已忽略",
            file=table.file, sheet=table.sheet, row=table.header_row, column=col.header,
            column_letter=col.letter, value=col.header))
    for raw in table.rows:
        if f.kind == "ledger" and is_sign_line(raw.values):  # 填表人/制表人/审核人: not a row
            continue
        rec = make_record(table, raw, checker)
        own = unit or (str(rec.values["office"]) if rec.values.get("office") else None)
        if f.kind == "slips":
            inspector.add_slip(rec, own)
        else:
            inspector.add_ledger_row(rec, own)
        if progress:
            progress(sum(inspector.read.values()))


@dataclass
class _Part:
    """What a worker process sends back for one file (small, picklable)."""

    entries: list[Any]
    findings: list[Any]
    notes: list[Issue]
    issues: list[Issue]
    read: dict[str, int]
    outside: int
    no_unit: int


def _read_in_worker(f: Recognised, unit: str | None, period: Any, calendar: WorkdayCalendar,
                    catalogues: list[Any], today: dt.date, profile: Profile) -> _Part:
    ctx = RunContext(calendar=MemoCalendar(calendar), items=ItemIndex(catalogues), today=today,
                     profile=profile)
    part = Inspector(period, ctx, catalogues)
    issues: list[Issue] = []
    _read_file(f, unit, part, issues, {})
    return _Part(part.entries, part.findings, part.notes, issues, dict(part.read), part.outside,
                 part.no_unit)


def _read_parallel(files: list[Recognised], opts: InspectOptions, inspector: Inspector,
                   report: InspectReport) -> None:
    """--jobs N: each record file read and checked in a worker process; the parts are merged
    in file order, so the findings do not depend on the number of jobs."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(opts.jobs, len(files))) as pool:
        futures = [pool.submit(_read_in_worker, f, _unit_for(f.path, opts), inspector.period,
                               opts.calendar, inspector.catalogues, opts.date, opts.profile)
                   for f in files]
        for future in futures:
            part = future.result()
            inspector.entries.extend(part.entries)
            inspector.findings.extend(part.findings)
            inspector.notes.extend(part.notes)
            report.issues.extend(part.issues)
            inspector.read.update(part.read)
            inspector.outside += part.outside
            inspector.no_unit += part.no_unit
            if opts.progress:
                opts.progress(sum(inspector.read.values()))


def _unit_for(path: Path, opts: InspectOptions) -> str | None:
    for key in (str(path), path.name, path.stem):
        if key in opts.units:
            return opts.units[key]
    return opts.unit


def _due_dates(inspection: Inspection, calendar: WorkdayCalendar) -> dict[int, str | None]:
    """The date each 整改时限 falls on (for the report); None when the calendar does not
    know that year (the workbook keeps “N个工作日”, `letters --calendar` computes it)."""
    out: dict[int, str | None] = {}
    cache: dict[int, str | None] = {}
    for f in inspection.findings:
        if f.days not in cache:
            try:
                cache[f.days] = calendar.add_workdays(inspection.head.date, f.days).isoformat()
            except UnknownYearError:
                cache[f.days] = None
        out[id(f)] = cache[f.days]
    return out


_LETTERS = re.compile(r"^([A-Z]+)\d+$")


def _as_issue(f: InspectFinding) -> Issue:
    ev = f.evidence
    m = _LETTERS.match(ev.cell or "") if ev else None
    return Issue(code=f.code, severity="warning", message=f"{f.unit}：{f.problem}",
                 clause=f.clause, file=ev.file if ev else None, sheet=ev.sheet if ev else None,
                 row=ev.row if ev else None, column=ev.column if ev else None,
                 column_letter=m.group(1) if m else None, value=ev.value if ev else None)


def _previous_workbooks(out_dir: Path) -> dict[str, str]:
    try:
        data: Any = json.loads((out_dir / REPORT_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    books = data.get("workbooks") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in books.items()} if isinstance(books, dict) else {}


def workbook_target(out_dir: Path, previous: dict[str, str]) -> tuple[Path, str | None]:
    """督查.xlsx, unless it exists and is not what this tool wrote last time (edited by the
    inspectors): then the first free 督查（2）.xlsx, 督查（3）.xlsx … and a note saying so."""
    target = out_dir / WORKBOOK
    if not target.exists() or previous.get(target.name) == file_sha256(target):
        return target, None
    n = 2
    while True:
        candidate = out_dir / f"{target.stem}（{n}）{target.suffix}"
        if not candidate.exists() or previous.get(candidate.name) == file_sha256(candidate):
            return candidate, (f"{target.name} 已存在且已被修改（不是上次检查生成的原样），未覆盖；"
                               f"本次预填的督查工作簿写入 {candidate.name}")
        n += 1


def _write(inspection: Inspection, out_dir: Path, report: InspectReport) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(out_dir)
    previous = _previous_workbooks(out_dir)
    written: list[str] = []
    if inspection.inspected_units():
        target, kept = workbook_target(out_dir, previous)
        if kept:
            report.issues.append(Issue(code="inspect.workbook.kept", severity="warning",
                                       message=kept, file=WORKBOOK))
            written.append(kept)
        previous[target.name] = write_workbook(inspection, target)
        report.outputs.append(target.name)
        report.extra["workbook"] = target.name
    else:
        written.append("没有发现问题，未生成督查工作簿（没有需要下发整改意见书的单位）")
        report.extra["workbook"] = None
    write_report_xlsx(inspection, out_dir / REPORT_XLSX)
    write_report_docx(inspection, out_dir / REPORT_DOCX)
    report.outputs.extend([REPORT_XLSX, REPORT_DOCX, REPORT_JSON])
    report.extra["workbooks"] = previous
    report.extra["written"] = written
    write_text_atomic(out_dir / REPORT_JSON, report.to_json() + "\n")

