"""The one walk every job takes.

input (xlsx/json) -> records with cell positions -> JSON Schema -> rules -> render
-> atomic write -> report (report.json, annotated workbook). No click, no printing.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_bytes_atomic, write_text_atomic
from .catalogue import ItemIndex
from .errors import FupinError
from .kinds.base import RowDocumentKind
from .render.docx import DocxRenderer
from .report import Issue, Report
from .resources import load_schema, resource_dir
from .rules import RunContext, apply_rules
from .validate import Record, SchemaChecker, make_record
from .workbook import open_table
from .workdays import UnknownYearError, WorkdayCalendar

REPORT_JSON = "report.json"
REPORT_XLSX = "校验报告.xlsx"


@dataclass
class RunOptions:
    sheet: str | None = None
    calendar: WorkdayCalendar = field(default_factory=WorkdayCalendar)
    items: ItemIndex | None = None
    template_dir: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    write_reports: bool = True
    progress: Callable[[int], None] | None = None


def template_for(kind_template: str, template_dir: Path | None) -> Path:
    if template_dir is not None:
        candidate = template_dir / kind_template
        if not candidate.is_file():
            raise FupinError(f"模板目录 {template_dir} 中没有 {kind_template}")
        return candidate
    return resource_dir("templates") / kind_template


def check_records(
    kind: RowDocumentKind, path: Path, opts: RunOptions, report: Report
) -> Iterator[tuple[Record, RunContext]]:
    """Read, validate and apply the rules, one row at a time; every row read is yielded once."""
    schema = load_schema(kind.name)
    checker = SchemaChecker(schema)
    table = open_table(path, schema, opts.sheet)
    ctx = RunContext(calendar=opts.calendar, items=opts.items or ItemIndex.default(),
                     today=opts.today)
    for col in table.unknown_headers:
        report.issues.append(Issue(
            code="input.unknown_column", severity="warning",
            message="不认识的列，已忽略", file=table.file, sheet=table.sheet,
            row=table.header_row, column=col.header, column_letter=col.letter, value=col.header,
        ))
    for raw in table.rows:
        rec = make_record(table, raw, checker)
        try:
            apply_rules(kind.rules, rec, ctx)
        except UnknownYearError as exc:
            raise FupinError(f"{rec_place(rec)}：{exc}") from exc
        report.rows_read += 1
        report.blank_rows = table.blank_rows
        yield rec, ctx
    report.blank_rows = table.blank_rows


def rec_place(rec: Record) -> str:
    if rec.sheet and rec.row:
        return f"{rec.file} 工作表「{rec.sheet}」第{rec.row}行"
    return f"{rec.file} 第{rec.record}条记录"


def run_row_documents(
    kind: RowDocumentKind, path: Path, out_dir: Path, opts: RunOptions | None = None
) -> Report:
    """One document per valid row; rows with errors are reported, never silently dropped."""
    opts = opts or RunOptions()
    report = Report(kind=kind.name, label=kind.label, source=str(path))
    renderer = DocxRenderer(template_for(kind.template, opts.template_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    # Streaming: one row at a time; per document only its file name is kept (Report.outputs).
    with BackgroundWriter() as writer:
        for n, (rec, ctx) in enumerate(check_records(kind, path, opts, report), start=1):
            report.issues.extend(rec.issues)
            if rec.has_errors:
                report.rejected += 1
            else:
                data = renderer.render(kind.context(rec, ctx))
                target = out_dir / kind.filename(rec)
                writer.write(target, data)
                report.outputs.append(target.name)
                report.rendered += 1
            if opts.progress:
                opts.progress(n)
    if opts.write_reports:
        write_reports(report, path, out_dir)
    return report


class BackgroundWriter:
    """Atomic file writes on one background thread, so rendering overlaps disk I/O.

    One thread keeps the writes in order (a later row with the same file name still wins,
    as it would writing inline); at most ``pending`` documents wait in memory; a failed
    write is raised in the caller at the next write or on leaving the ``with`` block.
    """

    def __init__(self, pending: int = 16) -> None:
        from concurrent.futures import Future, ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fupin-write")
        self.pending = pending
        self.futures: deque[Future[None]] = deque()

    def write(self, target: Path, data: bytes) -> None:
        while len(self.futures) >= self.pending or (self.futures and self.futures[0].done()):
            self.futures.popleft().result()
        self.futures.append(self.pool.submit(write_bytes_atomic, target, data))

    def drain(self) -> None:
        while self.futures:
            self.futures.popleft().result()

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.drain()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


def write_reports(report: Report, source: Path, out_dir: Path) -> None:
    from .annotate import write_annotated

    write_text_atomic(out_dir / REPORT_JSON, report.to_json() + "\n")
    write_annotated(source, report.issues, out_dir / REPORT_XLSX)
    report.outputs.extend([REPORT_JSON, REPORT_XLSX])
