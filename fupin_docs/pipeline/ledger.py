"""The ledger batch: slips (and an office's own ledger) in, one 台账 workbook out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..inputs.validate import SchemaChecker, make_record
from ..inputs.workbook import open_table
from ..kinds.ledger import (
    LedgerReport,
    annual_issues,
    build_ledger,
    cross_check,
    is_sign_line,
    ledger_stats,
)
from ..kinds.ledger.reading import against_schema
from ..kinds.ledger.template import TEMPLATE as LEDGER_TEMPLATE
from ..kinds.ledger.template import office_template, write_ledger_from_template
from ..kinds.ledger.workbook import write_ledger_workbook
from ..kinds.slip import KIND as SLIP
from ..outputs.folder import (
    REPORT_JSON,
    REPORT_XLSX,
    prepare_output_dir,
    refuse_input_as_output,
    write_reports,
)
from ..outputs.report import Report
from ..types import FupinError, Issue
from . import RunOptions, check_records, make_context


def run_ledger(
    slips: Path, target: Path, opts: RunOptions | None = None, year: int | None = None,
    against: Path | None = None,
) -> Report:
    """The publication ledger (one workbook) from the slip workbook; optionally cross-check
    an existing ledger. report.json and 校验报告.xlsx are written beside ``target``."""

    opts = opts or RunOptions()
    out_dir = target.parent
    _refuse_overwrite(target, [p for p in (slips, against) if p is not None])
    prepare_output_dir(out_dir, own_folder=False)  # the ledger names its file: any folder
    items = opts.items or make_context(opts).items  # the profile's catalogues
    opts = replace(opts, items=items)
    report = LedgerReport(kind="ledger", label="政务公开信息发布台账", source=str(slips),
                          author=opts.profile.unit)
    template = office_template(opts.template_dir)
    ledger = build_ledger(check_records(SLIP, slips, opts, report), slips.name, year, items,
                          unit=opts.profile.unit, keep_summary=template is not None)
    for entry in ledger.entries:
        if entry.status == "other_year":  # outside --year: its rows' findings are not this ledger's
            continue
        report.issues.extend(entry.rec.issues)
    report.rejected = ledger.counts()["rejected"]
    report.rendered = report.rows_read - report.rejected
    if against is not None:
        sheet, schema = against_schema(against)  # headers by meaning, as inspect reads them
        table = open_table(against, schema, sheet, sheet_option=None, keep_copy=True)
        if table.copy is not None:
            report.copies.append(table.copy)
        checker = SchemaChecker(schema)
        for col in table.unknown_headers:
            report.issues.append(Issue(
                code="input.unknown_column", severity="warning", message="不认识的列，已忽略",
                file=table.file, sheet=table.sheet, row=table.header_row, column=col.header,
                column_letter=col.letter, value=col.header,
            ))
        result = cross_check(ledger, (make_record(table, raw, checker) for raw in table.rows
                                      if not is_sign_line(raw.values)))
        report.issues.extend(result.issues)
        report.issues.extend(checker.reading_notes(table))
        report.extra["against"] = {"file": table.file, "sheet": table.sheet,
                                   "rows_read": result.rows_read, "matched": result.matched}
    report.issues.extend(annual_issues(ledger))
    if not ledger.year_text:
        report.issues.append(Issue(
            code="ledger.no_year", severity="warning", file=str(slips),
            message="台账中没有已公开的信息，也没有用 --year 指定年度：标题中不写年度"
                    "（模板中的 {{ year }} 留空）"))
    if template is not None:
        write_ledger_from_template(ledger, template, target)
    else:
        if opts.template_dir is not None:
            report.issues.append(Issue(
                code="template.not_found", severity="warning", file=str(opts.template_dir),
                message=f"模板目录中没有 {LEDGER_TEMPLATE}，台账按内置版式生成"))
        write_ledger_workbook(ledger, target)
    report.outputs.append(target.name)
    report.ledger = ledger
    report.extra["ledger"] = ledger_stats(ledger)
    if opts.write_reports:
        write_reports(report, against or slips, out_dir)
    return report


def _refuse_overwrite(target: Path, inputs: list[Path]) -> None:
    """Never write an output over an input file (the ledger, report.json, 校验报告.xlsx)."""
    if target.suffix.lower() != ".xlsx":
        raise FupinError(f"台账输出文件应以 .xlsx 结尾：{target}")
    refuse_input_as_output(inputs, [target, target.parent / REPORT_JSON,
                                    target.parent / REPORT_XLSX])

