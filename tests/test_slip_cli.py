from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from tests.helpers import docx_text, fill_workbook, good_slip

D = dt.date


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """The must-show scenario: init, 5 rows filled by hand, 2 of them break a rule."""
    book = tmp_path / "a.xlsx"
    code, out = invoke("init", "slips", str(book))
    assert code == 0, out
    rows = [good_slip(i) for i in range(1, 6)]
    rows[1]["category"] = "重大决策"  # no 主要领导 sign-off: §5.3
    rows[3]["check_truth"] = "未核对"  # signed off without checking: §5.1
    fill_workbook(book, rows)
    return book


def test_init_workbook_is_ready_to_fill(tmp_path: Path) -> None:
    book = tmp_path / "处理单.xlsx"
    assert invoke("init", "slips", str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[0] == "处理单" and "说明" in wb.sheetnames
    ws = wb["处理单"]
    headers = [c.value for c in ws[1]]
    assert headers[0] == "编号*" and "公开事项*" in headers
    assert ws.freeze_panes == "A2"
    assert ws["A1"].comment is not None and "〔" in ws["A1"].comment.text
    dv_cols = {str(dv.sqref).split(":")[0] for dv in ws.data_validations.dataValidation}
    col = {v: openpyxl.utils.get_column_letter(i) for i, v in enumerate(headers, 1)}
    for h in ("公开事项*", "文件类别*", "公开属性*", "真实性核对*"):
        assert f"{col[h]}2" in dv_cols, h
    options = wb["_选项"]
    assert options.sheet_state == "hidden"
    values = {c.value for row in options.iter_rows() for c in row}
    assert "扶贫项目/项目实施" in values and "机构信息/领导分工" in values


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    book.write_bytes(b"x")
    code, out = invoke("init", "slips", str(book))
    assert code == 2 and "已存在" in out


def test_five_rows_two_bad(filled: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out = invoke("slips", str(filled), "-o", str(out_dir))
    assert code == 1
    assert "读取 5 行" in out and "生成 3 份" in out and "拒绝 2 行" in out
    assert len(list(out_dir.glob("*.docx"))) == 3
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert report["stats"]["rendered"] + report["stats"]["rejected"] == report["stats"]["rows_read"] == 5
    errors = [i for i in report["issues"] if i["severity"] == "error"]
    places = {(i["sheet"], i["row"], i["column"], i["clause"]) for i in errors}
    assert places == {
        ("处理单", 3, "主要领导", "第5.3条"),
        ("处理单", 3, "主要领导审签日期", "第5.3条"),
        ("处理单", 5, "真实性核对", "第5.1条"),
    }
    # the annotated workbook marks exactly those cells and lists them
    wb = openpyxl.load_workbook(out_dir / "校验报告.xlsx")
    ws = wb["处理单"]
    headers = {str(c.value).rstrip("*"): c.column_letter for c in ws[1]}
    for row, header, clause in [(3, "主要领导", "第5.3条"), (5, "真实性核对", "第5.1条")]:
        cell = ws[f"{headers[header]}{row}"]
        assert cell.fill.fgColor.rgb.endswith("FFC7CE")
        assert cell.comment is not None and clause in cell.comment.text
    listing = wb["问题清单"]
    rows = [[c.value for c in r] for r in listing.iter_rows(min_row=2)]
    assert {(r[2], r[3], r[5], r[8]) for r in rows if r[0] == "错误"} == {
        ("处理单", "第3行", "主要领导", "第5.3条"), ("处理单", "第3行", "主要领导审签日期", "第5.3条"),
        ("处理单", "第5行", "真实性核对", "第5.1条"),
    }


def test_terminal_message_names_cell_and_clause(filled: Path, tmp_path: Path) -> None:
    _, out = invoke("slips", str(filled), "-o", str(tmp_path / "o"))
    assert "第3行 主要领导：重大决策须经主要领导审签，主要领导不能为空（第5.3条）" in out


def test_golden_sample_slip(samples: Path, tmp_path: Path) -> None:
    code, out = invoke("slips", str(samples / "处理单.xlsx"), "-o", str(tmp_path))
    assert code == 0, out
    doc = tmp_path / "万扶公〔2026〕7号_关于石窝镇产业路项目实施的公告.docx"
    text = docx_text(doc)
    assert text[0] == "政务公开信息处理单"
    assert text[1] == "编号：万扶公〔2026〕7号"
    pairs = dict(zip(text[2::2], text[3::2], strict=False))
    assert pairs["信息标题"] == "关于石窝镇产业路项目实施的公告"
    assert pairs["信息形成（变更）日期"] == "2026年9月30日"
    assert pairs["公开事项"] == "扶贫项目/项目实施"
    assert "财政专项扶贫资金&县级配套" in pairs["内容摘要"]  # escaped, not a broken file
    assert "<共412户>" in pairs["内容摘要"]
    assert pairs["信息核对"] == "真实性：已核对　完整性：已核对　涉密性：不涉密"
    assert pairs["公开渠道"] == "政府网站、社区/企事业单位/村公示栏（电子屏）"
    assert pairs["公开时限"] == "信息形成后20个工作日内，截止2026年11月3日\n依据：伊美区标准目录"
    assert pairs["分管领导审签"] == "同意。\n签名：孙立　　日期：2026年10月8日"
    assert pairs["主要领导审签"] == "同意公开。\n签名：陈志强　　日期：2026年10月8日"
    assert pairs["公开情况"] == "实际公开日期：2026年10月9日　　发布人：刘洋"


def test_general_document_says_no_head_signoff_needed(samples: Path, tmp_path: Path) -> None:
    invoke("slips", str(samples / "处理单.xlsx"), "-o", str(tmp_path))
    doc = next(tmp_path.glob("万扶公〔2026〕2号_*.docx"))
    pairs = dict(zip(docx_text(doc)[2::2], docx_text(doc)[3::2], strict=False))
    assert pairs["主要领导审签"].startswith("一般性文件，无需主要领导审签（第5.2条）")


def test_newlines_become_line_breaks(samples: Path, tmp_path: Path) -> None:
    invoke("slips", str(samples / "处理单.xlsx"), "-o", str(tmp_path))
    doc = next(tmp_path.glob("万扶公〔2026〕3号_*.docx"))
    pairs = dict(zip(docx_text(doc)[2::2], docx_text(doc)[3::2], strict=False))
    assert pairs["内容摘要"].count("\n") == 1


def test_json_input(tmp_path: Path) -> None:
    rec = {k: (v.isoformat() if isinstance(v, D) else v) for k, v in good_slip(1).items()}
    bad = dict(rec, number="万扶公〔2026〕2号", category="重大决策")
    with_titles = {"编号": rec["number"], **{k: v for k, v in rec.items() if k != "number"}}
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"records": [with_titles, bad]}, ensure_ascii=False), encoding="utf-8")
    code, out = invoke("slips", str(path), "-o", str(tmp_path / "o"), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["stats"]["rendered"] == 1 and report["stats"]["rejected"] == 1
    assert report["issues"][0]["record"] == 2 and report["issues"][0]["column"] == "主要领导"


def test_blank_rows_are_counted_not_lost(filled: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(filled)
    ws = wb["处理单"]
    ws.insert_rows(4, amount=3)
    wb.save(filled)
    _code, out = invoke("slips", str(filled), "-o", str(tmp_path / "o"), "--json")
    stats = json.loads(out)["stats"]
    assert stats["rows_read"] == 5 and stats["blank_rows"] == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a workbook at all", "不是 Excel .xlsx 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel"),
        (b"PK\x03\x04broken", "已损坏"),
    ],
)
def test_wrong_files_exit_2(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    code, out = invoke("slips", str(path), "-o", str(tmp_path / "o"))
    assert code == 2 and expected in out and "Traceback" not in out


def test_missing_file_and_sheet(filled: Path, tmp_path: Path) -> None:
    code, out = invoke("slips", str(tmp_path / "nope.xlsx"), "-o", str(tmp_path / "o"))
    assert code == 2 and "找不到输入文件" in out
    code, out = invoke("slips", str(filled), "-o", str(tmp_path / "o"), "--sheet", "台账")
    assert code == 2 and "没有工作表「台账」" in out and "处理单" in out


def test_renamed_header_is_named(filled: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(filled)
    wb["处理单"]["B1"] = "标题"
    wb.save(filled)
    code, out = invoke("slips", str(filled), "-o", str(tmp_path / "o"))
    assert code == 2 and "缺少必填列：信息标题" in out


def test_unknown_year_renders_and_warns_once_per_row_unless_calendar_given(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    invoke("init", "slips", str(book))
    fill_workbook(book, [good_slip(1, number="万扶公〔2027〕1号", formed_date=D(2027, 3, 1),
                                   draft_date=D(2027, 3, 1), deputy_date=D(2027, 3, 2),
                                   published_date=D(2027, 3, 3))])
    code, out = invoke("slips", str(book), "-o", str(tmp_path / "o"))
    assert code == 0 and "第2行" in out and out.count("2027年节假日安排尚未提供，时限未核对") == 1
    assert len(list((tmp_path / "o").glob("*.docx"))) == 1
    cal = tmp_path / "cal.json"
    cal.write_text(json.dumps({"years": [2027], "holidays": [], "workdays": []}), encoding="utf-8")
    code, out = invoke("slips", str(book), "-o", str(tmp_path / "o"), "--calendar", str(cal))
    assert code == 0 and "节假日安排尚未提供" not in out, out


def test_windows_forbidden_characters_in_names(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    invoke("init", "slips", str(book))
    fill_workbook(book, [good_slip(1, title='关于"A/B"项目:第1期?')])
    code, _ = invoke("slips", str(book), "-o", str(tmp_path / "o"))
    assert code == 0
    (doc,) = (tmp_path / "o").glob("*.docx")
    assert doc.name == "万扶公〔2026〕1号_关于_A_B_项目_第1期_.docx"


def test_every_command_has_chinese_help() -> None:
    for name, command in cli.commands.items():
        code, _out = invoke(name, "--help")
        assert code == 0, name
        assert command.help and any("\u4e00" <= ch <= "\u9fff" for ch in command.help), name


def test_demo_renders_samples(tmp_path: Path) -> None:
    code, out = invoke("demo", str(tmp_path))
    assert code == 0, out
    assert len(list((tmp_path / "处理单").glob("*.docx"))) == 8


def test_json_unknown_keys_are_reported(tmp_path: Path) -> None:
    rec = {k: (v.isoformat() if isinstance(v, D) else v) for k, v in good_slip(1).items()}
    path = tmp_path / "in.json"
    path.write_text(json.dumps([dict(rec, 附加说明="x")], ensure_ascii=False), encoding="utf-8")
    code, out = invoke("slips", str(path), "-o", str(tmp_path / "o"), "--json")
    assert code == 0
    (issue,) = json.loads(out)["issues"]
    assert issue["code"] == "input.unknown_column" and issue["column"] == "附加说明"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["slips"], "缺少参数"),
        (["slips", "x.xlsx"], "缺少必填选项"),
        (["slips", "x.xlsx", "-o", "o", "--jsn"], "没有这个选项：--jsn（是不是要写"),
        (["slips", "x.xlsx", "-o", "o", "--quite"], "（是不是要写「--quiet」？）"),
        (["init", "foo", "a.xlsx"], "不是可选的值"),
        (["followup", "a.xlsx", "-o", "b", "--today", "2026-13-01"], "不是有效日期：没有13月"),
        (["nosuch"], "没有这个命令"),
        (["preview", "nofile.docx", "-o", "a.png"], "「nofile.docx」不存在"),
    ],
)
def test_usage_errors_in_chinese(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert expected in result.output and "用法错误" in result.output
    assert "Usage:" not in result.output and "Error:" not in result.output


def test_untouched_init_workbook_is_reported_empty(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    invoke("init", "slips", str(book))
    code, out = invoke("slips", str(book), "-o", str(tmp_path / "o"))
    assert code == 0
    assert "读取 0 行" in out and "工作表「处理单」没有数据行" in out


def test_unpublished_slip_whose_deadline_runs_into_an_unknown_year(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    invoke("init", "slips", str(book))
    fill_workbook(book, [good_slip(1), good_slip(2, formed_date=D(2026, 12, 29),
                                                 draft_date=D(2026, 12, 29), deputy_date=None,
                                                 deputy_name=None, published_date=None)])
    code, out = invoke("slips", str(book), "-o", str(tmp_path / "o"))
    assert code == 0 and "第3行" in out and out.count("2027年节假日安排尚未提供") == 1
    assert len(list((tmp_path / "o").glob("*.docx"))) == 2
