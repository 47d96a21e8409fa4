"""The one walk every job takes.

input (xlsx/json) -> records with cell positions -> JSON Schema -> rules -> render
-> atomic write -> report (report.json, annotated workbook). No click, no printing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..inputs.validate import SchemaChecker, make_record
from ..inputs.workbook import open_table
from ..kinds.base import GroupedDocumentKind, RowDocumentKind, fit_to_folder
from ..outputs.atomic import write_bytes_atomic
from ..outputs.folder import (
    manifest_key,
    prepare_output_dir,
    record_outputs,
    refuse_reports_over_input,
    remove_stale_parts,
    write_reports,
)
from ..outputs.report import Report
from ..render.docprops import DocProperties, batch_time
from ..render.docx import DocxRenderer
from ..resources import load_schema, resource_dir
from ..standard.calendar.workdays import (
    UNKNOWN_YEAR_CODE,
    UnknownYearError,
    WorkdayCalendar,
    unknown_year_message,
)
from ..standard.catalogues import catalogue_schema
from ..standard.catalogues.model import ItemIndex, builtin_catalogue
from ..standard.profile import DEFAULT as DEFAULT_PROFILE
from ..standard.profile import Profile
from ..standard.rules import Rule, RunContext, apply_rules
from ..types import FupinError, Issue, Record, Severity
from .parallel import MIN_ROWS, ParallelRenderer


@dataclass
class RunOptions:
    sheet: str | None = None
    calendar: WorkdayCalendar = field(default_factory=WorkdayCalendar)
    items: ItemIndex | None = None
    template_dir: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    write_reports: bool = True
    progress: Callable[[int], None] | None = None
    # processes in all: >1 = this one reads and checks, jobs - 1 worker processes render and
    # write (large batches); 1 = everything in this process
    jobs: int = 1
    # bounds of the work per run (the web page sets them: one upload must not take minutes
    # and gigabytes); None = no bound
    max_rows: int | None = None
    time_limit: float | None = None  # seconds
    profile: Profile = DEFAULT_PROFILE  # the office (standard/profile.py)


def template_for(kind_template: str, template_dir: Path | None) -> Path:
    if template_dir is not None:
        candidate = template_dir / kind_template
        if not candidate.is_file():
            raise FupinError(f"模板目录 {template_dir} 中没有 {kind_template}")
        return candidate
    return resource_dir("templates") / kind_template


def make_context(opts: RunOptions) -> RunContext:
    items = opts.items or ItemIndex([builtin_catalogue(n) for n in opts.profile.catalogues])
    ctx = RunContext(calendar=opts.calendar, items=items, today=opts.today, profile=opts.profile)
    if opts.max_rows is not None or opts.time_limit is not None:
        ctx.state[BOUNDS_STATE] = Bounds(opts.max_rows, opts.time_limit)
    return ctx


BOUNDS_STATE = "run.bounds"


class Bounds:
    """The work allowed to one run: rows read and seconds; past either, the run stops
    with a message saying which bound and what to do."""

    def __init__(self, max_rows: int | None, time_limit: float | None) -> None:
        import time

        self.clock = time.monotonic
        self.max_rows = max_rows
        self.deadline = None if time_limit is None else self.clock() + time_limit
        self.time_limit = time_limit

    def check(self, rows_read: int, file: str) -> None:
        if self.max_rows is not None and rows_read > self.max_rows:
            raise FupinError(f"{file} 超过每次最多处理 {self.max_rows} 行的上限，已停止；"
                             "请把数据分成几个工作簿分别处理")
        if self.deadline is not None and self.clock() > self.deadline:
            raise FupinError(f"{file} 处理时间超过 {self.time_limit:.0f} 秒的上限，已停止；"
                             "请把数据分成几个较小的工作簿分别处理")


def doc_properties(label: str, opts: RunOptions) -> DocProperties:
    """The properties of every .docx of a batch: its kind, the office, the batch's date."""
    return DocProperties(title=label, author=opts.profile.unit, created=batch_time(opts.today))


def renderer_for(template: str, label: str, opts: RunOptions) -> DocxRenderer:
    return DocxRenderer(template_for(template, opts.template_dir),
                        properties=doc_properties(label, opts))


def check_table(
    schema_name: str, rules: Sequence[Rule], path: Path, sheet: str | None, ctx: RunContext,
    report: Report,
) -> Generator[Record, None, None]:
    """Read one sheet, validate it and apply the rules, one row at a time.

    Every row read is yielded once and counted in ``report.rows_read``; blank rows are
    added to ``report.blank_rows`` (so several sheets of one workbook add up).
    """
    schema = catalogue_schema(load_schema(schema_name), ctx.items)
    checker = SchemaChecker(schema)
    bounds: Bounds | None = ctx.state.get(BOUNDS_STATE)
    table = open_table(path, schema, sheet, keep_copy=True)
    if table.copy is not None:
        report.copies.append(table.copy)
    base_blank = report.blank_rows
    base_read = report.rows_read
    for col in table.unknown_headers:
        report.issues.append(Issue(
            code="input.unknown_column", severity="warning",
            message="不认识的列，已忽略", file=table.file, sheet=table.sheet,
            row=table.header_row, column=col.header, column_letter=col.letter, value=col.header,
        ))
    for note in table.notes:
        report.issues.append(Issue(code="input.sheet", severity="warning", message=note,
                                   file=table.file, sheet=table.sheet))
    try:
        for raw in table.rows:
            if bounds is not None:
                bounds.check(report.rows_read + 1, table.file)
            rec = make_record(table, raw, checker)
            try:
                apply_rules(rules, rec, ctx)
            except UnknownYearError as exc:  # a kind that did not say so itself: one warning
                unknown_year_issue(rec, exc.year)
            report.rows_read += 1
            report.blank_rows = base_blank + table.blank_rows
            yield rec
    finally:  # stopped early (template error, Ctrl-C): close the workbook now, not at GC
        close = getattr(table.rows, "close", None)
        if close is not None:
            close()
    report.blank_rows = base_blank + table.blank_rows
    report.issues.extend(checker.reading_notes(table))
    if report.rows_read == base_read:  # an untouched init workbook: say so, not just "0"
        where = f"工作表「{table.sheet}」" if table.sheet else "文件"
        report.issues.append(Issue(
            code="input.empty", severity="warning", file=table.file, sheet=table.sheet,
            message=f"{where}没有数据行（只有表头），没有可处理的内容",
        ))
    for key in table.unknown_keys:
        report.issues.append(Issue(
            code="input.unknown_column", severity="warning", message="不认识的字段，已忽略",
            file=table.file, column=key, value=key,
        ))


def check_records(
    kind: RowDocumentKind, path: Path, opts: RunOptions, report: Report
) -> Generator[tuple[Record, RunContext], None, None]:
    """Read, validate and apply the rules, one row at a time; every row read is yielded once."""
    ctx = make_context(opts)
    records = check_table(kind.name, kind.rules, path, opts.sheet, ctx, report)
    try:
        for rec in records:
            yield rec, ctx
    finally:
        records.close()


def unknown_year_issue(rec: Record, year: int, severity: Severity = "warning") -> None:
    """The one issue a row gets for deadlines in a year without a holiday calendar."""
    if any(i.code == UNKNOWN_YEAR_CODE for i in rec.issues):
        return
    message = unknown_year_message(year)
    if severity == "error":
        message += "；本行的文书需要这一年的日历才能生成"
    rec.issue(UNKNOWN_YEAR_CODE, message, severity=severity)


def rec_place(rec: Record) -> str:
    if rec.sheet and rec.row:
        return f"{rec.file} 工作表「{rec.sheet}」第{rec.row}行"
    return f"{rec.file} 第{rec.record}条记录"


def start_documents(kind: RowDocumentKind | GroupedDocumentKind, path: Path, out_dir: Path,
                    opts: RunOptions | None) -> tuple[RunOptions, Report, DocxRenderer]:
    """What every document run does first: its report, its renderer (a bad template stops
    the run before anything is written), and an output folder it may write into."""
    opts = opts or RunOptions()
    report = Report(kind=kind.name, label=kind.label, source=str(path), author=opts.profile.unit)
    renderer = renderer_for(kind.template, kind.label, opts)
    refuse_reports_over_input(path, out_dir)
    prepare_output_dir(out_dir, [path])
    return opts, report, renderer


def run_row_documents(
    kind: RowDocumentKind, path: Path, out_dir: Path, opts: RunOptions | None = None
) -> Report:
    """One document per valid row; rows with errors are reported, never silently dropped."""
    opts, report, renderer = start_documents(kind, path, out_dir, opts)
    # Streaming: one row at a time; per document only its file name is kept (Report.outputs).
    # closing(): a template error or Ctrl-C mid-run closes the input workbook at once
    # --jobs N: after MIN_ROWS documents (a small batch is not worth starting processes),
    # N worker processes render and write; this process keeps reading and checking
    try:
        with contextlib.ExitStack() as stack:
            records = stack.enter_context(contextlib.closing(check_records(kind, path, opts, report)))
            pool: ParallelRenderer | None = None
            for n, (rec, ctx) in enumerate(records, start=1):
                report.issues.extend(rec.issues)
                if rec.has_errors:
                    report.rejected += 1
                else:
                    try:
                        context = kind.context(rec, ctx)
                    except UnknownYearError as exc:  # a kind that cannot write the row without it
                        unknown_year_issue(rec, exc.year, severity="error")
                        report.issues.append(rec.issues[-1])
                        report.rejected += 1
                        if opts.progress:
                            opts.progress(n)
                        continue
                    target = out_dir / fit_to_folder(out_dir, kind.filename(rec))
                    if pool is None and opts.jobs > 1 and report.rendered >= MIN_ROWS:
                        pool = stack.enter_context(ParallelRenderer(
                            renderer.path, opts.jobs - 1, properties=renderer.properties))
                    if pool is not None:
                        pool.submit(target, context)
                    else:
                        # written here, not on a writer thread: that thread, waiting for the
                        # GIL after each system call, made this one wait for it in turn
                        write_bytes_atomic(target, renderer.render(context))
                    report.outputs.append(target.name)
                    report.rendered += 1
                if opts.progress:
                    opts.progress(n)
            if pool is not None:
                pool.close()
    except BaseException:
        # the writers and workers have stopped: remove the temporary file of a write that
        # an interruption (Ctrl-C, a worker's error) cut short; what was written is
        # recorded, so the rerun can clear it if it is no longer wanted
        remove_stale_parts(out_dir)
        with contextlib.suppress(OSError):
            record_outputs(out_dir, manifest_key(report), report.outputs, keep_earlier=True)
        raise
    if opts.write_reports:
        write_reports(report, path, out_dir)
    return report


# ---------------------------------------------------------------- grouped documents

PARENTS_STATE = "group.parents"


@dataclass
class Group:
    """One parent row and the child rows that belong to it; ``ok`` when all are clean."""

    parent: Record
    children: list[Record] = field(default_factory=list)
    ok: bool = False

    @property
    def records(self) -> list[Record]:
        return [self.parent, *self.children]


def check_groups(
    kind: GroupedDocumentKind, path: Path, opts: RunOptions, report: Report
) -> tuple[list[Group], RunContext]:
    """Read both sheets, check every row, and group child rows under their parent row.

    A group is ``ok`` (its document can be written) only when its parent row and all its
    child rows are free of errors. Counting, over the rows of both sheets:
    ``rendered`` = rows of ok groups, ``rejected`` = every other row (rows with errors,
    child rows with no parent, and clean rows held back because another row of their
    group has an error; those get a warning saying so). So rendered + rejected == rows_read.
    ``report.extra["sheets"]`` gives the same counts per sheet.
    """
    if path.suffix.lower() != ".xlsx":
        raise FupinError(f"{label_of(kind)}需要 .xlsx 工作簿（含「{_sheet(kind.parent_schema)}」"
                         f"「{_sheet(kind.child_schema)}」两个工作表）：{path.name}")
    ctx = make_context(opts)
    parents = list(check_table(kind.parent_schema, kind.parent_rules, path,
                               _sheet(kind.parent_schema), ctx, report))
    ctx.state[PARENTS_STATE] = parents
    groups = [Group(p) for p in parents]
    by_record = {g.parent.record: g for g in groups}
    children: list[Record] = []
    for child in check_table(kind.child_schema, kind.child_rules, path,
                             _sheet(kind.child_schema), ctx, report):
        children.append(child)
        parent = kind.parent_of(child, ctx)
        group = by_record.get(parent.record) if parent is not None else None
        if group is not None:
            group.children.append(child)
        elif not child.has_errors:  # a kind should have said why; never drop a row silently
            child.issue("group.orphan", "找不到所属的记录")
    for group in groups:
        kind.check_group(group.parent, group.children, ctx)
        group.ok = not any(r.has_errors for r in group.records)
        if not group.ok:
            for rec in group.records:
                if not rec.has_errors:
                    rec.issue("group.blocked", f"同一份{kind.label}的其他行有错误，本行暂未生成，"
                              "请先改正标红的单元格", severity="warning")
    for rec in [*parents, *children]:
        report.issues.extend(rec.issues)
    used = {id(r) for g in groups if g.ok for r in g.records}
    sheets: dict[str, dict[str, int]] = {}
    for rec in [*parents, *children]:
        counts = sheets.setdefault(rec.sheet or "", {"rows_read": 0, "rendered": 0, "rejected": 0})
        counts["rows_read"] += 1
        counts["rendered" if id(rec) in used else "rejected"] += 1
    for name in (_sheet(kind.parent_schema), _sheet(kind.child_schema)):
        sheets.setdefault(name, {"rows_read": 0, "rendered": 0, "rejected": 0})
    report.rendered += len(used)
    report.rejected += len(parents) + len(children) - len(used)
    report.extra["sheets"] = sheets
    report.extra["documents"] = sum(1 for g in groups if g.ok)
    return groups, ctx


def label_of(kind: GroupedDocumentKind) -> str:
    return f"《{kind.label}》"


def _sheet(schema_name: str) -> str:
    return str(load_schema(schema_name)["x-sheet"])


def run_grouped_documents(
    kind: GroupedDocumentKind, path: Path, out_dir: Path, opts: RunOptions | None = None
) -> Report:
    """One document per parent row with its child rows (e.g. one letter per inspected unit)."""
    opts, report, renderer = start_documents(kind, path, out_dir, opts)
    groups, ctx = check_groups(kind, path, opts, report)
    for n, group in enumerate(groups, start=1):
        if group.ok:
            try:
                data = renderer.render(kind.context(group.parent, group.children, ctx))
            except UnknownYearError as exc:
                raise FupinError(f"{rec_place(group.parent)}：{exc}") from exc
            target = out_dir / fit_to_folder(out_dir, kind.filename(group.parent))
            write_bytes_atomic(target, data)
            report.outputs.append(target.name)
        if opts.progress:
            opts.progress(n)
    if opts.write_reports:
        write_reports(report, path, out_dir)
    return report


GroupWriter = Callable[[list[tuple[Record, list[Record]]], RunContext, Path, Report], list[str]]


def run_grouped_summary(
    kind: GroupedDocumentKind, path: Path, out_dir: Path, write: GroupWriter,
    opts: RunOptions | None = None, label: str | None = None,
) -> Report:
    """Check and group both sheets like run_grouped_documents, then let ``write`` build
    summary outputs (e.g. a follow-up report and a tracker) from the clean groups."""
    opts = opts or RunOptions()
    report = Report(kind=kind.name, label=label or kind.label, source=str(path),
                    author=opts.profile.unit)
    refuse_reports_over_input(path, out_dir)
    prepare_output_dir(out_dir, [path])
    groups, ctx = check_groups(kind, path, opts, report)
    clean = [(g.parent, g.children) for g in groups if g.ok]
    try:
        report.outputs.extend(write(clean, ctx, out_dir, report))
    except UnknownYearError as exc:
        raise FupinError(str(exc)) from exc
    if opts.write_reports:
        write_reports(report, path, out_dir)
    return report
