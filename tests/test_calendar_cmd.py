"""`fupin-docs calendar …` and the must-show of issue 16: a 2027 row without a calendar is
written and warned once per row; with the installed notice its deadline is checked."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from fupin_docs.app.cli import cli
from fupin_docs.kinds.blank import write_input_workbook
from fupin_docs.resources import load_schema
from fupin_docs.standard.calendar import store
from fupin_docs.standard.calendar.workdays import UNKNOWN_YEAR_CODE, WorkdayCalendar
from tests.helpers import fill_workbook, good_slip

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
NOTICES = Path(__file__).parent / "data" / "notices"
EXAMPLE_2027 = Path(__file__).parent / "data" / "notices-example" / "2027-示例.txt"
UNKNOWN = "2027年节假日安排尚未提供，时限未核对"


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.output


def invoke_bytes(*args: str, stdin: bytes) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.output


def report_of(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return data


def issues(report: dict[str, object]) -> list[dict[str, object]]:
    found = report["issues"]
    assert isinstance(found, list)
    return found


# -- the commands ---------------------------------------------------------------------------------


def test_from_notice_writes_a_calendar_file_the_office_loader_reads(tmp_path: Path) -> None:
    out = tmp_path / "2027年工作日历.json"
    code, text = invoke("calendar", "from-notice", str(EXAMPLE_2027), "-o", str(out))
    assert code == 0, text
    assert "春节：2月5日至12日放假，2月20日上班" in text and "calendar install" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["year"] == 2027 and {"date": "2027-02-20", "name": "春节"} in data["workdays"]
    # the same file works with --calendar
    code, text = invoke("calendar", "from-notice", str(EXAMPLE_2027), "-o", str(out))
    assert code == 2 and "已存在" in text


def test_from_notice_reads_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    code, output = invoke("calendar", "from-notice", "-", "-o", str(out), stdin=text)
    assert code == 0, output
    assert json.loads(out.read_text(encoding="utf-8"))["year"] == 2026


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8"])
def test_from_notice_reads_standard_input_as_bytes_like_a_file(tmp_path: Path,
                                                               encoding: str) -> None:
    """``type 通知.txt | fupin-docs calendar from-notice -`` on Windows: the bytes are decoded as
    the file would be (UTF-8 with BOM, then GB18030), not in the console's encoding."""
    out = tmp_path / "c.json"
    data = (NOTICES / "2026.txt").read_text(encoding="utf-8").encode(encoding)
    code, output = invoke_bytes("calendar", "from-notice", "-", "-o", str(out), stdin=data)
    assert code == 0, output
    assert json.loads(out.read_text(encoding="utf-8"))["year"] == 2026


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX locale stands for the GBK console")
def test_from_notice_stdin_ignores_the_console_encoding(tmp_path: Path) -> None:
    """A real process whose console is GBK (a Chinese Windows): a UTF-8 notice piped in (saved
    by Notepad, WPS) and a GBK one both give the calendar."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="gbk",
               FUPIN_DOCS_DATA_DIR=str(tmp_path / "data"))
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    for encoding in ("utf-8", "utf-8-sig", "gbk"):
        out = tmp_path / f"{encoding}.json"
        done = subprocess.run(
            [sys.executable, "-m", "fupin_docs", "calendar", "from-notice", "-", "-o", str(out)],
            input=text.encode(encoding), capture_output=True, env=env, cwd=str(tmp_path),
            timeout=120, check=False)
        assert done.returncode == 0, done.stderr.decode("gbk", "replace")
        assert json.loads(out.read_text(encoding="utf-8"))["year"] == 2026


def test_from_notice_stdin_that_is_a_binary_file_is_refused(tmp_path: Path) -> None:
    code, output = invoke_bytes("calendar", "from-notice", "-", "-o", str(tmp_path / "c.json"),
                                stdin=b"PK\x03\x04" + bytes(200))
    assert code == 2 and "标准输入：不是通知文件" in output


def test_from_notice_wrong_weekday_is_exit_2_with_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "通知.txt"
    bad.write_text(EXAMPLE_2027.read_text(encoding="utf-8").replace("2月20日（周六）", "2月20日（周日）"),
                   encoding="utf-8")
    code, output = invoke("calendar", "from-notice", str(bad), "-o", str(tmp_path / "c.json"))
    assert code == 2 and "通知.txt第7行" in output and "2月20日是星期六" in output
    assert "Traceback" not in output and not (tmp_path / "c.json").exists()


def test_supplement_notices_follow_the_annual_one(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "2020.json"
    code, text = invoke("calendar", "from-notice", str(NOTICES / "2020.txt"),
                        str(NOTICES / "2020-延长春节假期.txt"), "-o", str(out))
    assert code == 0, text
    assert "春节：1月24日至2月2日放假，1月19日上班" in text
    code, text = invoke("calendar", "install", str(NOTICES / "2019-调整劳动节.txt"))
    assert code == 2 and "补充通知" in text  # alone it does not describe 2019
    assert invoke("calendar", "install", str(NOTICES / "2019.txt"))[0] == 0
    code, text = invoke("calendar", "install", str(NOTICES / "2019-调整劳动节.txt"))
    assert code == 0 and "劳动节：5月1日至4日放假，4月28日、5月5日上班" in text


def test_install_list_show_remove(data_dir: Path) -> None:
    code, text = invoke("calendar", "list")
    assert code == 0 and "2004—2026年\t内置（chinesecalendar）" in text and "2027年" not in text
    code, text = invoke("calendar", "show", "2027")
    assert code == 2 and "没有2027年的节假日安排" in text
    code, text = invoke("calendar", "install", str(EXAMPLE_2027))
    assert code == 0 and str(data_dir) in text
    assert (data_dir / "calendars" / "2027.json").is_file()
    code, text = invoke("calendar", "list")
    assert "2027年\t已安装：国务院办公厅关于2027年部分节假日安排的通知" in text
    code, text = invoke("calendar", "show", "2027")
    assert code == 0
    lines = text.splitlines()
    feb = lines.index("2027年2月")
    assert lines[feb + 1].split() == ["一", "二", "三", "四", "五", "六", "日"]
    assert lines[feb + 2].split() == ["1", "2", "3", "4", "5休", "6休", "7休"]
    assert "20班" in lines[feb + 4] and "  春节调休：2月20日（周六）上班" in lines
    assert invoke("calendar", "remove", "2027")[0] == 0
    assert not WorkdayCalendar().knows(2027)
    assert invoke("calendar", "remove", "2027")[0] == 2


def test_show_marks_the_builtin_years_too() -> None:
    code, text = invoke("calendar", "show", "2026")
    assert code == 0 and "来源：内置 chinesecalendar" in text
    assert "  国庆节：10月1日至7日放假" in text.splitlines()


def test_every_calendar_command_has_chinese_help_with_an_example() -> None:
    for sub in ("from-notice", "install", "show", "list", "remove"):
        code, text = invoke("calendar", sub, "--help")
        assert code == 0 and "例：fupin-docs calendar" in text, sub


def test_installed_calendar_is_used_by_every_workday_calendar(data_dir: Path) -> None:
    assert not WorkdayCalendar().knows(2027)
    invoke("calendar", "install", str(EXAMPLE_2027))
    cal = WorkdayCalendar()
    assert cal.knows(2027) and cal.is_workday(D(2027, 2, 20)) and not cal.is_workday(D(2027, 2, 8))
    assert cal.describe(D(2027, 2, 8)) == (False, "春节")
    assert store.known_years()[-1].year == 2027


def test_office_file_wins_over_the_installed_notice(tmp_path: Path, data_dir: Path) -> None:
    from fupin_docs.standard.calendar.workdays import load_office_calendar

    invoke("calendar", "install", str(EXAMPLE_2027))
    office = tmp_path / "office.json"
    office.write_text(json.dumps({"years": [2027], "holidays": ["2027-03-01"], "workdays": []}),
                      encoding="utf-8")
    cal = load_office_calendar(office)
    assert not cal.is_workday(D(2027, 3, 1))
    assert cal.is_workday(D(2027, 2, 8))  # the office's own 2027 replaces the installed one


# -- must show: a 2027 row without a calendar, then with the installed notice ---------------------


def slips_2027(tmp_path: Path) -> Path:
    book = tmp_path / "处理单.xlsx"
    invoke("init", "slips", str(book))
    fill_workbook(book, [
        good_slip(1),
        # formed Thursday 2027-02-04; the item's 15 working days, with the notice (2-5..2-12
        # off, Saturday 2-20 worked), end on 2027-03-04; published 3-5: one working day late
        good_slip(2, number="万扶公〔2027〕2号", formed_date=D(2027, 2, 4), draft_date=D(2027, 2, 4),
                  deputy_date=D(2027, 3, 4), published_date=D(2027, 3, 5)),
        good_slip(3, number="万扶公〔2027〕3号", formed_date=D(2027, 3, 1), draft_date=D(2027, 3, 1),
                  deputy_date=D(2027, 3, 2), published_date=D(2027, 3, 3)),
    ])
    return book


def test_2027_rows_without_a_calendar_are_written_and_warned_once_each(tmp_path: Path) -> None:
    book = slips_2027(tmp_path)
    code, text = invoke("slips", str(book), "-o", str(tmp_path / "o"))
    assert code == 0, text  # warnings only: the existing exit-code rule
    report = report_of(tmp_path / "o")
    assert report["stats"] == {"rows_read": 3, "blank_rows": 0, "rendered": 3, "rejected": 0,
                               "errors": 0, "warnings": 2}
    unknown = [i for i in issues(report) if i["code"] == UNKNOWN_YEAR_CODE]
    assert sorted(i["row"] for i in unknown) == [3, 4]  # one per 2027 row, none for 2026
    assert all(UNKNOWN in str(i["message"]) and "calendar from-notice" in str(i["message"])
               for i in unknown)
    assert not any(i["code"] == "slip.deadline" for i in issues(report))  # never a guess
    doc = next((tmp_path / "o").glob("万扶公〔2027〕2号*.docx"))
    body = "\n".join(c.text for t in Document(str(doc)).tables for r in t.rows for c in r.cells)
    rule = next(line for line in body.splitlines() if "15个工作日内" in line)
    assert "应于" not in rule  # the rule as the catalogue states it, no computed date


def test_2027_ledger_says_unchecked_then_checks_with_the_installed_notice(
    tmp_path: Path, data_dir: Path,
) -> None:
    book = slips_2027(tmp_path)
    target = tmp_path / "l" / "台账.xlsx"
    code, text = invoke("ledger", str(book), "-o", str(target))
    assert code == 0, text
    assert "时限未核对 2 条" in text
    ws = openpyxl.load_workbook(target)["发布台账"]
    header = [str(c.value or "").replace("\n", "") for c in ws[2]] if ws["A1"].value and (
        "台账" in str(ws["A1"].value)) else [c.value for c in ws[1]]  # headers wrap by words
    col = header.index("是否按时")
    rows = [r for r in ws.iter_rows(values_only=True) if r[1] and "〔2027〕" in str(r[1])]
    assert [r[col] for r in rows] == ["未核对", "未核对"]
    stats = report_of(target.parent)["ledger"]
    assert isinstance(stats, dict) and (stats["unchecked"], stats["on_time"], stats["late"]) == (2, 1, 0)
    assert [i["row"] for i in issues(report_of(target.parent)) if i["code"] == UNKNOWN_YEAR_CODE] == [3, 4]

    assert invoke("calendar", "install", str(EXAMPLE_2027))[0] == 0
    code, text = invoke("ledger", str(book), "-o", str(target))
    assert code == 0 and "未核对" not in text
    ws = openpyxl.load_workbook(target)["发布台账"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[1] and "〔2027〕" in str(r[1])]
    assert {r[1]: r[col] for r in rows} == {"万扶公〔2027〕2号": "否", "万扶公〔2027〕3号": "是"}
    late = [i for i in issues(report_of(target.parent)) if i["code"] == "slip.deadline"]
    assert len(late) == 1 and late[0]["row"] == 3
    assert "应于2027年3月4日前公开" in str(late[0]["message"]) and "晚1个工作日" in str(late[0]["message"])
    assert not any(i["code"] == UNKNOWN_YEAR_CODE for i in issues(report_of(target.parent)))


def letter_book(path: Path, inspect_date: dt.date) -> Path:
    inspection = dict(number="万扶督〔2026〕9号", unit="规划财务股", inspect_date=inspect_date,
                      members=["王建国", "李明"], basis="《万源市扶贫工作公开规范》第8.2条",
                      content="扶贫资金信息公开情况", filed_date=None, doc_date=inspect_date,
                      signer="万源市扶贫移民工作局政务公开督查小组")
    problems = [dict(number="万扶督〔2026〕9号", problem=f"问题{n}", item="扶贫资金/财政专项扶贫资金分配结果",
                     opinion="补充公开", deadline="10个工作日") for n in (1, 2)]
    write_input_workbook(path, [(load_schema("letter_inspection"), [inspection]),
                                (load_schema("letter_problem"), problems)], {}, ["说明"])
    return path


def test_letter_deadline_into_2027_is_stated_not_guessed(tmp_path: Path, data_dir: Path) -> None:
    book = letter_book(tmp_path / "督查.xlsx", D(2026, 12, 24))
    code, text = invoke("letters", str(book), "-o", str(tmp_path / "o"))
    assert code == 0, text
    report = report_of(tmp_path / "o")
    unknown = [i for i in issues(report) if i["code"] == UNKNOWN_YEAR_CODE]
    assert [i["row"] for i in unknown] == [2, 3] and all(i["column"] == "整改时限" for i in unknown)
    letter = next((tmp_path / "o").glob("*.docx"))
    body = "\n".join(p.text for p in Document(str(letter)).paragraphs)
    assert "整改时限：检查之日起10个工作日内。" in body and "2027年" not in body
    # follow-up in January 2027: whether the deadline passed cannot be told yet
    code, text = invoke("followup", str(book), "-o", str(tmp_path / "f"), "--today", "2027-01-20")
    assert code == 0, text
    wb = openpyxl.load_workbook(tmp_path / "f" / "整改台账.xlsx")
    statuses = [r[10] for r in wb["整改台账"].iter_rows(min_row=3, values_only=True)]
    assert statuses == ["时限未核对", "时限未核对"]

    invoke("calendar", "install", str(EXAMPLE_2027))
    invoke("letters", str(book), "-o", str(tmp_path / "o2"))
    body = "\n".join(p.text for p in Document(str(next((tmp_path / "o2").glob("*.docx")))).paragraphs)
    # 2026-12-24 + 10 working days: 12-25, 28..31, 2027-01-04..08 (1-1..1-3 off) -> 2027-01-08
    assert "整改时限：2027年1月8日前（检查之日起10个工作日内）。" in body
    code, text = invoke("followup", str(book), "-o", str(tmp_path / "f2"), "--today", "2027-01-20")
    overdue = report_of(tmp_path / "f2")["overdue"]
    assert isinstance(overdue, list) and {o["workdays_overdue"] for o in overdue} == {8}


def test_follow_up_overdue_into_an_unknown_year_is_a_lower_bound(tmp_path: Path) -> None:
    book = letter_book(tmp_path / "督查.xlsx", D(2026, 11, 2))  # due 2026-11-16
    code, text = invoke("followup", str(book), "-o", str(tmp_path / "f"), "--today", "2027-01-20")
    assert code == 0, text
    overdue = report_of(tmp_path / "f")["overdue"]
    assert isinstance(overdue, list) and len(overdue) == 2
    # 2026-11-17 .. 2026-12-31: 33 working days known; January 2027 not counted
    assert {(o["workdays_overdue"], o["workdays_overdue_exact"]) for o in overdue} == {(33, False)}
    text = "\n".join(p.text for p in Document(str(tmp_path / "f" / "复查情况报告.docx")).paragraphs)
    assert "已逾期至少33个工作日" in text


def test_catalogue_for_2027_is_written_with_one_warning_per_unit(tmp_path: Path) -> None:
    from tests.test_catalogue import YIMEI, write_units

    src = write_units(tmp_path / "单位.xlsx", [dict(YIMEI, year=2027)], [])
    code, text = invoke("catalogue", str(src), "--year", "2027", "-o", str(tmp_path / "o"))
    assert code == 0, text
    report = report_of(tmp_path / "o")
    stats = report["stats"]
    assert isinstance(stats, dict) and stats["rendered"] == 1
    assert [i["severity"] for i in issues(report) if i["code"] == UNKNOWN_YEAR_CODE] == ["warning"]


def test_missing_or_unreadable_files_are_one_chinese_line(tmp_path: Path) -> None:
    code, text = invoke("calendar", "from-notice", str(tmp_path / "没有.txt"))
    assert code == 2 and "找不到通知文件" in text and "Traceback" not in text
    bad = tmp_path / "坏.json"
    bad.write_text("{", encoding="utf-8")
    code, text = invoke("calendar", "install", str(bad))
    assert code == 2 and "不是有效的 JSON" in text
    doc = tmp_path / "通知.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    code, text = invoke("calendar", "install", str(doc))
    assert code == 2 and "另存为 .docx 或 .txt" in text


def test_next_years_notice_wins_for_the_days_it_takes_from_this_year(tmp_path: Path, data_dir: Path) -> None:
    invoke("calendar", "install", str(EXAMPLE_2027))
    notice_2028 = tmp_path / "2028.txt"
    notice_2028.write_text("国务院办公厅关于2028年部分节假日安排的通知\n"
                           "一、元旦：2027年12月31日（周五）至2028年1月2日（周日）放假，共3天。\n"
                           "二、春节：1月25日至2月1日放假，共8天。\n三、清明节：4月4日放假，共1天。\n"
                           "四、劳动节：5月1日至5日放假，共5天。\n五、端午节：5月28日放假，共1天。\n"
                           "六、中秋节、国庆节：10月1日至8日放假，共8天。\n", encoding="utf-8")
    assert invoke("calendar", "install", str(notice_2028))[0] == 0
    cal = WorkdayCalendar()
    assert not cal.is_workday(D(2027, 12, 31)) and cal.describe(D(2027, 12, 31)) == (False, "元旦")
    assert cal.is_workday(D(2027, 12, 30))
