"""Personal data (DOMAIN §7; 国办发〔2018〕23号): detection, `fupin-docs scan`, the slip warning."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from slipbook import row, write_book

from fupin_docs.app.cli import cli
from fupin_docs.kinds.slip import KIND
from fupin_docs.outputs.folder import REPORT_JSON
from fupin_docs.pipeline import RunOptions, run_row_documents
from fupin_docs.standard.privacy import (
    CARD_PREFIX_RE,
    find_personal_data,
    id_checksum_ok,
    luhn_ok,
)

ID1, ID2 = "11010519491231002X", "440524188001010014"
MOBILE = "13812345678"
CARD = "6222021234567890128"  # UnionPay prefix, Luhn-valid
FULL = (ID1, ID2, MOBILE, CARD)


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crashed: {result.exception!r}")
    return result


def test_examples() -> None:
    assert id_checksum_ok(ID1) and id_checksum_ok(ID2)
    assert luhn_ok(CARD)
    found = find_personal_data(f"户主身份证{ID1}，联系电话{MOBILE}，卡号{CARD}；{ID2}")
    assert [(f.kind, f.masked) for f in found] == [
        ("id", "110105********002X"), ("mobile", "138****5678"),
        ("bank", "6222***********0128"), ("id", "440524********0014"),
    ]


def test_not_personal_data() -> None:
    text = ("项目编号 12345678901234567；资金 86500000.00 元；11010519491231002Y；"
            "电话 0818-8621234；序号 23812345678；编码 110105194912310021")
    assert find_personal_data(text) == []


def test_grouped_card_and_lowercase_x() -> None:
    found = find_personal_data("卡号 6222 0212 3456 7890 128，身份证 11010519491231002x")
    assert {f.kind for f in found} == {"bank", "id"}


@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_random_18_digits_flagged_only_with_checksum(digits: str) -> None:
    kinds = {f.kind for f in find_personal_data(digits)}
    assert ("id" in kinds) == id_checksum_ok(digits)


@given(st.text(alphabet="0123456789", min_size=16, max_size=19))
def test_random_card_length_digits(digits: str) -> None:
    bank = [f for f in find_personal_data(digits) if f.kind == "bank"]
    expected = bool(CARD_PREFIX_RE.match(digits)) and luhn_ok(digits) and not id_checksum_ok(digits)
    assert bool(bank) == expected
    for f in bank:
        assert f.value == digits and digits not in f.masked


@given(st.integers(0, 10**9 - 1), st.sampled_from("3456789012"))
def test_random_mobile(n: int, second: str) -> None:
    digits = f"1{second}{n:09d}"
    found = find_personal_data(f"电话：{digits}。")
    assert (len(found) == 1 and found[0].kind == "mobile") == (second in "3456789")


def _docx(path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("脱贫户名单")
    doc.add_paragraph(f"张三 身份证 {ID1}")
    table = doc.add_table(rows=2, cols=2)
    table.cell(1, 1).text = f"卡号 {CARD}"
    section = doc.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = f"联系人电话 {MOBILE}"
    section.footer.paragraphs[0].text = f"备查 {ID2}"
    doc.save(str(path))
    return path


def _xlsx(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名单"
    ws["B3"] = ID1
    ws["C4"] = int(MOBILE)  # a phone number stored as a number
    ws2 = wb.create_sheet("附表")
    ws2["A1"] = f"银行卡：{CARD}"
    wb.save(path)
    return path


def test_scan_cli(tmp_path: Path) -> None:
    txt = tmp_path / "公示.txt"
    txt.write_text(f"第一行\n李四 {ID2}\n", encoding="gb18030")
    clean = tmp_path / "干净.txt"
    clean.write_text("没有个人信息 2026年3月5日 金额 8650000 元", encoding="utf-8")
    r = run("scan", str(_docx(tmp_path / "名单.docx")), str(_xlsx(tmp_path / "名单.xlsx")),
            str(txt), str(clean))
    assert r.exit_code == 1
    out = r.output
    assert "名单.docx 段落2：身份证号码 110105********002X" in out
    assert "名单.docx 表格1 第2行第2列 段落1：银行卡号 6222***********0128" in out
    assert "名单.docx 第1节页眉 段落1：手机号码 138****5678" in out
    assert "名单.docx 第1节页脚 段落1：身份证号码 440524********0014" in out
    assert "名单.xlsx 名单!B3：身份证号码" in out
    assert "名单.xlsx 名单!C4：手机号码 138****5678" in out
    assert "名单.xlsx 附表!A1：银行卡号" in out
    assert "公示.txt 第2行：身份证号码 440524********0014" in out
    assert "共发现个人信息 8 处" in out
    for number in FULL:
        assert number not in out


def test_scan_clean_and_bad_files(tmp_path: Path) -> None:
    clean = tmp_path / "a.txt"
    clean.write_text("无", encoding="utf-8")
    assert run("scan", str(clean)).exit_code == 0
    bad = tmp_path / "b.docx"
    bad.write_bytes(b"xx")
    r = run("scan", str(bad))
    assert r.exit_code == 2 and "已损坏" in r.stderr
    r = run("scan", str(tmp_path / "none.txt"))
    assert r.exit_code == 2 and "找不到文件" in r.stderr
    binary = tmp_path / "c.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert run("scan", str(binary)).exit_code == 2


def test_slip_warns_on_personal_data_when_published_to_all(tmp_path: Path) -> None:
    """privacy.personal_data (国办发〔2018〕23号): warning at the cell, value masked."""
    book = write_book(tmp_path / "in.xlsx", [
        row(2, summary=f"贷款户王五，身份证{ID1}，电话{MOBILE}。"),
        row(3, disclosure="依申请公开", summary=f"身份证{ID1}"),
    ])
    out = tmp_path / "out"
    report = run_row_documents(KIND, book, out, RunOptions())
    assert report.rendered == 2  # a warning, not an error
    found = [i for i in report.issues if i.code == "privacy.personal_data"]
    assert len(found) == 1
    issue = found[0]
    assert issue.severity == "warning" and issue.row == 2 and issue.column == "内容摘要"
    assert issue.column_letter == "K"
    assert issue.clause is not None and "国办发〔2018〕23号" in issue.clause
    assert "身份证号码、手机号码" in issue.message
    assert issue.value == "贷款户王五，身份证110105********002X，电话138****5678。"
    text = (out / REPORT_JSON).read_text(encoding="utf-8")
    assert "privacy.personal_data" in text
    data = json.loads(text)
    for i in data["issues"]:
        if i["code"] == "privacy.personal_data":
            assert ID1 not in json.dumps(i, ensure_ascii=False)
