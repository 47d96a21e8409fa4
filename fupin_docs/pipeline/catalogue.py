"""The year-end catalogue batch: every unit of the units workbook, in one run."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..inputs.validate import SchemaChecker, make_record
from ..inputs.workbook import Table, open_table
from ..kinds.base import fit_to_folder, safe_filename
from ..kinds.catalogue import (
    ADAPT_SHEET,
    LABEL,
    SUMMARY_SHEET,
    TEMPLATE,
    UNITS_SHEET,
    CatalogueOptions,
    CatalogueRenderReport,
    UnitResult,
    _unit_year,
    _unknown_headers,
    add_issue,
    apply_adaptation,
    block_unit,
    check_calendar,
    read_adaptations,
    report_findings,
    start_unit,
    units_schema,
)
from ..kinds.catalogue.docx import CatalogueDocxRenderer
from ..kinds.catalogue.xlsx import (
    CatalogueFiles,
    CombinedSheets,
    SheetNamer,
    make_formats,
    write_catalogue_xlsx,
)
from ..kinds.catalogue.xlsx import (
    office_template as office_xlsx_template,
)
from ..outputs.atomic import atomic_path
from ..outputs.folder import (
    prepare_output_dir,
    refuse_input_as_output,
    refuse_reports_over_input,
    remove_stale_parts,
    write_reports,
)
from ..outputs.report import Report
from ..outputs.xlsxfile import DocProps
from ..render.docprops import DocProperties, batch_time
from ..render.xlsx import Workbook
from ..standard.catalogues.model import Catalogue, _fold_label
from ..types import InputFileError, Record
from . import template_for
from .parallel import ParallelRenderer


class _Files:
    """Output file names that stay unique (ignoring case) within the batch."""

    def __init__(self, folder: Path) -> None:
        self.used: set[str] = set()
        self.folder = folder

    def _fit(self, stem: str, tail: str = "") -> str:
        """The stem cut to fit the folder with ``tail`` and the longest suffix, .docx."""
        name = fit_to_folder(self.folder, safe_filename(stem, ".docx"), reserve=len(tail))
        return name.removesuffix(".docx") + tail

    def name(self, stem: str) -> str:
        candidate, n = self._fit(stem), 1
        while candidate.casefold() in self.used:
            n += 1
            candidate = self._fit(stem, f"_{n}")
        self.used.add(candidate.casefold())
        return candidate


def run_catalogue_batch(path: Path, out_dir: Path, opts: CatalogueOptions | None = None) -> Report:
    """Every unit of the units workbook: adapted catalogue, checks, .xlsx/.docx, combined book."""


    opts = opts or CatalogueOptions()
    if path.suffix.lower() != ".xlsx":
        raise InputFileError(
            f"标准目录的单位清单应为 .xlsx 工作簿（可用 fupin-docs init catalogue 生成）：{path}")
    # templates first: a bad template stops the run before the units workbook is opened
    xlsx_template = office_xlsx_template(opts.template_dir)
    office_xlsx = None
    if xlsx_template is not None:
        # openpyxl (and numpy, half a second of a 1,000-unit batch): only with an office's
        # own template
        from ..kinds.catalogue.template import CatalogueTemplate

        office_xlsx = CatalogueTemplate(xlsx_template)
    docx_dir = opts.template_dir  # only catalogue.xlsx in the folder: the built-in .docx
    if xlsx_template is not None and docx_dir is not None and not (docx_dir / TEMPLATE).is_file():
        docx_dir = None
    docx_template = template_for(TEMPLATE, docx_dir)
    properties = DocProperties(title=LABEL, author=opts.profile.unit, created=batch_time())
    renderers = {DEFAULT_SHAPE: CatalogueDocxRenderer(docx_template, properties=properties)}
    report = Report(kind="catalogue", label=LABEL, source=str(path), author=opts.profile.unit)
    schema = units_schema(opts.bases)
    units_table = open_table(path, schema, None, sheet_option=None, keep_copy=True)
    if units_table.copy is not None:
        report.copies.append(units_table.copy)
    _unknown_headers(units_table, report)
    adaptations = read_adaptations(path, report, opts.bases)
    checker = SchemaChecker(schema)
    refuse_reports_over_input(path, out_dir)
    prepare_output_dir(out_dir, [path])
    seen: dict[str, int] = {}
    calendar_checks: dict[Any, int | None] = {}  # deadline, year -> a year the calendar lacks
    results: list[UnitResult] = []
    files = _Files(out_dir)
    sheets = SheetNamer(taken=(SUMMARY_SHEET,))
    combined_name = f"{opts.year}年标准目录汇总.xlsx" if opts.year else "标准目录汇总.xlsx"
    refuse_input_as_output([path], [out_dir / combined_name])
    # stopped early (an error, Ctrl-C): close the units workbook at once, not at GC
    pool: ParallelRenderer | None = None
    adapt_rows = {"rows_read": 0, "rendered": 0, "rejected": 0}  # the 调整 sheet's rows
    try:
        with _closing_rows(units_table), atomic_path(out_dir / combined_name) as combined_tmp, \
                contextlib.ExitStack() as pools:
            book = Workbook(str(combined_tmp), DocProps(title=combined_name[:-5],
                                                        author=opts.profile.unit))
            summary = book.add_worksheet(SUMMARY_SHEET)
            fmt = make_formats(book)
            unit_sheets = CombinedSheets(fmt)
            unit_files = CatalogueFiles()  # units of the same catalogue: laid out once
            for n, raw in enumerate(units_table.rows, start=1):
                rec = make_record(units_table, raw, checker)
                report.rows_read += 1
                name = str(rec.values.get("unit") or "")
                key = _fold_label(name)
                result = UnitResult(unit=name, year=None, base="", levels="")
                adapts: list[Record] = []
                if name and key in seen:
                    add_issue(rec, "catalogue.unit.unique",
                              f"单位「{name}」与第{seen[key]}行重复，每个单位只填一行", "unit")
                elif name:
                    seen[key] = rec.row or rec.record
                    adapts = adaptations.pop(key, [])
                result.year = _unit_year(rec, opts)
                uc = start_unit(rec, opts.bases)
                if uc is not None:
                    for a in adapts:
                        apply_adaptation(uc, a)
                    report_findings(uc)
                    if result.year is not None:
                        check_calendar(uc, result.year, opts.calendar, calendar_checks)
                    result.base = uc.base.name if uc.imported else uc.base.title
                    result.levels = "、".join(uc.levels)
                rejected = uc is None or any(r.has_errors for r in (rec, *adapts)) \
                    or result.year is None
                if rejected:
                    block_unit(rec, adapts)  # every row not used says why
                for r in (rec, *adapts):
                    report.issues.extend(r.issues)
                adapt_rows["rows_read"] += len(adapts)
                if uc is None or rejected:
                    report.rejected += 1
                    adapt_rows["rejected"] += len(adapts)
                else:
                    adapt_rows["rendered"] += len(adapts)
                    title = str(rec.values.get("title") or uc.base.title)
                    cat = uc.catalogue(title)
                    subtitle = f"编制单位：{name}　　　　年度：{result.year}年"
                    stem = files.name(f"{result.year}年{name}{LABEL}")
                    result.files = [f"{stem}.{ext}" for ext in ("xlsx", "docx") if ext in opts.formats]
                    refuse_input_as_output([path], [out_dir / f for f in result.files])
                    if pool is None and opts.jobs > 1 and report.rendered >= PARALLEL_AFTER:
                        # a large batch: worker processes write the units' own files
                        pool = pools.enter_context(ParallelRenderer(
                            docx_template, opts.jobs - 1, make_writer=_unit_writer, batch=4,
                            properties=properties))
                    shape = _shape(cat)
                    if "xlsx" in opts.formats and office_xlsx is not None \
                            and shape == DEFAULT_SHAPE:
                        office_xlsx.write(out_dir / f"{stem}.xlsx", cat, {
                            "title": title, "unit": name, "year": str(result.year),
                            "subtitle": subtitle})
                    elif "xlsx" in opts.formats:
                        if pool is not None:
                            pool.submit(out_dir / f"{stem}.xlsx",
                                        {"cat": cat, "subtitle": subtitle, "name": name})
                        else:
                            unit_files.write(out_dir / f"{stem}.xlsx", cat, subtitle, name)
                    if "docx" in opts.formats:
                        fields = {"title": title, "subtitle": subtitle}
                        if pool is not None:
                            pool.submit(out_dir / f"{stem}.docx", {"cat": cat, "fields": fields})
                        else:
                            if shape not in renderers:  # an imported table's own √ columns
                                renderers[shape] = CatalogueDocxRenderer(docx_template, shape, properties)
                            renderers[shape].write(out_dir / f"{stem}.docx", cat, fields)
                    result.sheet = sheets.name(name)
                    unit_sheets.write(book.add_worksheet(result.sheet), cat, subtitle)
                    result.items = len(cat.items)
                    result.not_applicable = sum(1 for it in cat.items if not it.applicable)
                    result.added = uc.added
                    result.ok = True
                    report.outputs.extend(result.files)
                    report.rendered += 1
                results.append(result)
                if opts.progress:
                    opts.progress(n)
            report.blank_rows = units_table.blank_rows
            for recs in adaptations.values():  # adaptations whose unit is not in the list
                for a in recs:
                    adapt_rows["rows_read"] += 1
                    adapt_rows["rejected"] += 1
                    unit = a.values.get("unit")
                    if unit:
                        add_issue(a, "catalogue.adapt.unit_known",
                                  f"单位「{unit}」不在「{UNITS_SHEET}」工作表中，这一行调整没有用到",
                                  "unit")
                    report.issues.extend(a.issues)
            _write_summary(summary, fmt, results)
            summary.activate()
            if pool is not None:
                pool.close()  # every unit's files written before the reports
            book.close()
    except BaseException:
        # workers stopped: remove the temporary file of a write an interruption cut short
        remove_stale_parts(out_dir)
        raise
    report.outputs.append(combined_name)
    # the 调整 rows count like the child rows of letters: used with their unit or rejected
    units = {"rows_read": report.rows_read, "rendered": report.rendered,
             "rejected": report.rejected}
    report.extra["documents"] = report.rendered  # one catalogue per unit written
    report.extra["sheets"] = {UNITS_SHEET: units, ADAPT_SHEET: adapt_rows}
    report.rows_read += adapt_rows["rows_read"]
    report.rendered += adapt_rows["rendered"]
    report.rejected += adapt_rows["rejected"]
    report.extra["units"] = [dataclasses.asdict(r) for r in results]
    if opts.write_reports:
        write_reports(report, path, out_dir)
    return report


PARALLEL_AFTER = 40  # units written in this process before worker processes are started
DEFAULT_SHAPE = (2, 2, 2)  # √ columns of the Word template: 公开对象, 公开方式, 公开层级


def _shape(cat: Catalogue) -> tuple[int, int, int]:
    return len(cat.audiences), len(cat.modes), len(cat.level_columns)


def _unit_writer(docx_template: str,
                 properties: DocProperties | None = None) -> tuple[Any, None]:
    """Runs in each worker of --jobs: writes a unit's .xlsx or .docx (by the target's suffix)."""

    renderers = {DEFAULT_SHAPE: CatalogueDocxRenderer(Path(docx_template), properties=properties)}
    files = CatalogueFiles()

    def write(target: str, job: dict[str, Any]) -> None:
        cat = job["cat"]
        if target.endswith(".xlsx"):
            files.write(Path(target), cat, job["subtitle"], job["name"])
        else:
            shape = _shape(cat)
            if shape not in renderers:
                renderers[shape] = CatalogueDocxRenderer(Path(docx_template), shape, properties)
            renderers[shape].write(Path(target), cat, job["fields"])

    return write, None


@contextlib.contextmanager
def _closing_rows(table: Table) -> Iterator[None]:
    try:
        yield
    finally:
        close = getattr(table.rows, "close", None)
        if close is not None:
            close()


def _write_summary(ws: Any, fmt: Any, results: list[UnitResult]) -> None:
    heads = ("序号", "单位名称", "年度", "基础目录", "公开层级", "事项数", "不适用", "新增",
             "结果", "工作表")
    widths = (6, 22, 8, 30, 16, 8, 8, 8, 30, 22)
    ws.merge_range(0, 0, 0, len(heads) - 1, "标准目录编制情况汇总", fmt.title)
    ws.set_row(0, 28)
    for c, (h, wd) in enumerate(zip(heads, widths, strict=True)):
        ws.set_column(c, c, wd)
        ws.write_string(1, c, h, fmt.head)
    for r, res in enumerate(results, start=2):
        values = (
            str(r - 1), res.unit, str(res.year or ""), res.base, res.levels,
            str(res.items) if res.ok else "", str(res.not_applicable) if res.ok else "",
            str(res.added) if res.ok else "",
            "已生成" if res.ok else "有错误，未生成（见 校验报告.xlsx）", res.sheet,
        )
        for c, value in enumerate(values):
            ws.write_string(r, c, value, fmt.text if c in (1, 3, 8, 9) else fmt.center)
    ws.repeat_rows(1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.freeze_panes(2, 0)



def run_catalogue_render(cats: list[Catalogue], out_dir: Path,
                         opts: CatalogueOptions | None = None) -> Report:
    """``catalogue --catalogue`` without a units workbook: each (imported) catalogue as it
    stands, in the seed-001 layout, with its own channel list and level columns."""
    opts = opts or CatalogueOptions()
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(out_dir)
    docx_dir = opts.template_dir
    if docx_dir is not None and not (docx_dir / TEMPLATE).is_file():
        docx_dir = None
    template = template_for(TEMPLATE, docx_dir)
    report = CatalogueRenderReport(kind="catalogue", label=LABEL,
                                   source="、".join(c.source for c in cats),
                                   author=opts.profile.unit)
    files = _Files(out_dir)
    renderers: dict[tuple[int, int, int], CatalogueDocxRenderer] = {}
    for cat in cats:
        report.rows_read += 1
        stem = files.name(f"{cat.unit}{cat.area + '领域' if cat.area else ''}{LABEL}")
        subtitle = f"编制单位：{cat.unit}" + (f"　　　　领域：{cat.area}" if cat.area else "")
        if "xlsx" in opts.formats:
            write_catalogue_xlsx(out_dir / f"{stem}.xlsx", cat, subtitle, cat.area or cat.unit)
            report.outputs.append(f"{stem}.xlsx")
        if "docx" in opts.formats:
            shape = (len(cat.audiences), len(cat.modes), len(cat.level_columns))
            if shape not in renderers:
                renderers[shape] = CatalogueDocxRenderer(template, shape, properties=DocProperties(
                    title=LABEL, author=opts.profile.unit, created=batch_time()))
            renderers[shape].write(out_dir / f"{stem}.docx", cat,
                                   {"title": cat.title, "subtitle": subtitle})
            report.outputs.append(f"{stem}.docx")
        report.rendered += 1
    if opts.write_reports:
        write_reports(report, out_dir / "-", out_dir)
    return report
