"""Regression tests for bugs found by QA of the commands other than slips."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.inputs.validate import SchemaChecker, make_record
from fupin_docs.inputs.workbook import Column, RawRow, Table
from fupin_docs.resources import load_schema


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def report_of(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


def test_each_missing_required_field_reported_once() -> None:
    """jsonschema yields one "required" error per missing field, each with the whole list."""
    schema = load_schema("letter_problem")
    checker = SchemaChecker(schema)
    columns = {name: Column(index=i + 1, header=p["title"])
               for i, (name, p) in enumerate(schema["properties"].items())}
    table = Table(file="督查.xlsx", sheet="问题", columns=columns, header_row=1)
    raw = RawRow(row=2, record=1, values={"number": "万扶督〔2026〕3号", "problem": "未公开"})
    rec = make_record(table, raw, checker)
    texts = [i.text() for i in rec.issues]
    assert sorted(texts) == sorted(set(texts))
    assert {i.column for i in rec.issues} == {"整改意见", "整改时限"}


def test_catalogue_schemas_name_the_standard_guide_like_the_rules() -> None:
    """The rules cite 标准指引三（一）/（二）; the schema columns cited 标准目录三 for the same clause."""
    for name in ("catalogue_units", "catalogue_adapt"):
        clauses = {p.get("x-clause") for p in load_schema(name)["properties"].values()}
        assert not {c for c in clauses if c and c.startswith("标准目录")}, name
        assert "标准指引三（二）" in clauses


def test_catalogue_missing_units_sheet_does_not_suggest_sheet_option(tmp_path: Path) -> None:
    """catalogue has no --sheet option; the message used to tell the clerk to use it."""
    import openpyxl

    src = tmp_path / "单位.xlsx"
    run("init", "catalogue", str(src))
    wb = openpyxl.load_workbook(src)
    wb["单位"].title = "单位清单"
    wb.save(src)
    result = run("catalogue", str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "没有工作表「单位」" in result.output and "--sheet" not in result.output
    assert "改名为「单位」" in result.output


def test_ledger_against_missing_sheet_does_not_suggest_sheet_option(
    tmp_path: Path, samples: Path
) -> None:
    """--sheet chooses the slips' sheet, not the sheet of the --against ledger."""
    against = tmp_path / "旧台账.xlsx"
    run("init", "letters", str(against))  # two data sheets, neither is 发布台账
    result = run("ledger", str(samples / "处理单.xlsx"), "-o", str(tmp_path / "out" / "台账.xlsx"),
                 "--against", str(against))
    assert result.exit_code == 2
    assert "没有工作表「发布台账」" in result.output and "--sheet" not in result.output


@pytest.mark.parametrize(("command", "sample", "name"), [
    ("letters", "督查.xlsx", "校验报告.xlsx"),
    ("followup", "督查.xlsx", "校验报告.xlsx"),
    ("followup", "督查.xlsx", "整改台账.xlsx"),
    ("catalogue", "单位.xlsx", "校验报告.xlsx"),
    ("catalogue", "单位.xlsx", "标准目录汇总.xlsx"),
    ("catalogue", "单位.xlsx", "2026年伊美区标准目录.xlsx"),
    ("slips", "处理单.xlsx", "校验报告.xlsx"),
])
def test_output_never_overwrites_the_input(
    tmp_path: Path, samples: Path, command: str, sample: str, name: str
) -> None:
    """A clerk fixes the red cells in 输出/校验报告.xlsx and runs it again into 输出/:
    the report used to be written over the input, losing the clerk's data."""
    out = tmp_path / "输出"
    out.mkdir()
    src = out / name
    shutil.copyfile(samples / sample, src)
    before = src.read_bytes()
    result = run(command, str(src), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "与输入文件相同" in result.output
    assert src.read_bytes() == before


@pytest.mark.parametrize(("name", "data", "message", "english"), [
    ("表格.docx", None, "不是有效的 .docx 文件", "content type"),  # an .xlsx renamed to .docx
    ("坏.pdf", b"hello, not a pdf\n", "无法作为 PDF 读取", "xref"),
    ("空.txt", b"", "中没有文字", None),
])
def test_check_content_bad_files_say_why_in_chinese(
    tmp_path: Path, samples: Path, name: str, data: bytes | None, message: str,
    english: str | None,
) -> None:
    """The messages used to end with python-docx's / pdftotext's English error text, and an
    empty file was reported as 无法判断公开事项."""
    path = tmp_path / name
    if data is None:
        shutil.copyfile(samples / "督查.xlsx", path)
    else:
        path.write_bytes(data)
    result = run("check-content", str(path))
    assert result.exit_code == 2
    assert message in result.output
    if english:
        assert english not in result.output


def test_scan_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    """It used to say 找不到文件 for a folder that exists."""
    result = run("scan", str(tmp_path))
    assert result.exit_code == 2
    assert "是文件夹" in result.output and "找不到文件" not in result.output


def test_templates_list_names_the_kind_of_every_builtin_template() -> None:
    """catalogue.docx and followup.docx were listed as 未被任何文书类型使用的文件."""
    result = run("templates", "list")
    assert result.exit_code == 0
    lines = {line.split("\t")[0]: line for line in result.output.splitlines()}
    assert {"catalogue.docx", "followup.docx", "letter.docx", "slip.docx"} <= set(lines)
    assert "未被任何文书类型使用" not in result.output
    assert "catalogue（标准目录）" in lines["catalogue.docx"]
    assert lines["followup.docx"].split("\t")[1].startswith("followup（")


def test_scan_help_documents_exit_code_2() -> None:
    result = run("scan", "--help")
    assert "退出码 1" in result.output and "退出码 2" in result.output


@pytest.mark.parametrize("command", ["letters", "followup", "catalogue", "ledger"])
def test_real_process_bad_workbook_no_traceback(tmp_path: Path, command: str) -> None:
    """A CSV saved as .xlsx, run as a real process: one Chinese line, exit 2, no traceback."""
    import subprocess
    import sys

    src = tmp_path / "数据.xlsx"
    src.write_text("文号,被检查单位\n万扶督〔2026〕3号,项目股\n", encoding="utf-8")
    out = tmp_path / ("台账.xlsx" if command == "ledger" else "输出")
    proc = subprocess.run([sys.executable, "-m", "fupin_docs.app.cli", command, str(src), "-o", str(out)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("错误：") and "数据.xlsx" in proc.stderr and "CSV" in proc.stderr


def test_catalogue_year_in_chinese_numerals_says_what_to_write(tmp_path: Path) -> None:
    """年度「二〇二六」was reported as 类型不正确 (a clerk cannot act on that)."""
    import openpyxl

    src = tmp_path / "单位.xlsx"
    run("init", "catalogue", str(src))
    wb = openpyxl.load_workbook(src)
    wb["单位"].append(["石窝镇", None, None, "镇级", "村级", None, "二〇二六", None])
    wb.save(src)
    out = tmp_path / "out"
    result = run("catalogue", str(src), "-o", str(out))
    assert result.exit_code == 1
    (issue,) = [i for i in report_of(out)["issues"] if i["column"] == "年度"]
    assert issue["text"] == "单位!G2 第2行 年度：「二〇二六」应填写阿拉伯数字（如 2026）（第6.2条）"
    stats = report_of(out)["stats"]
    assert stats["rendered"] + stats["rejected"] == stats["rows_read"] == 1


def test_scan_goes_on_after_an_unreadable_file(tmp_path: Path) -> None:
    good = tmp_path / "名单.txt"
    good.write_text("张三 11010519491231002X\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "缺失.docx"), str(good)])
    assert result.exit_code == 2
    assert "110105********002X" in result.output  # the second file was still scanned
    assert "1 个文件无法检查" in result.output
