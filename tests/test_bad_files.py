"""Broken or odd input files: one clear Chinese message each, the right exit code, no traceback.

Exit codes: 2 when the file as a whole cannot be used, 1 when rows are rejected, 0 otherwise.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook, load_workbook
from slipbook import FIELDS, HEADERS, SCHEMA, row, write_book

from fupin_docs.app.cli import cli
from fupin_docs.inputs import zipguard


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crashed: {result.exception!r}")
    return result


def slips(path: Path, tmp_path: Path, *extra: str) -> Result:
    return run("slips", str(path), "-o", str(tmp_path / "out"), *extra)


def ole_file(path: Path, streams: list[str]) -> Path:
    """A minimal OLE compound-file header followed by directory entries with these names."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entries = b""
    for name in streams:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + struct.pack("<H", len(raw)) + bytes(62)
    path.write_bytes(header + entries)
    return path


def test_not_a_zip(tmp_path: Path) -> None:
    p = tmp_path / "随便.xlsx"
    p.write_bytes(b"\x00\x01\x02 this is not a workbook at all")
    r = slips(p, tmp_path)
    assert r.exit_code == 2
    assert "不是 Excel .xlsx 工作簿" in r.stderr


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "空.xlsx"
    p.write_bytes(b"")
    r = slips(p, tmp_path)
    assert r.exit_code == 2 and "空文件" in r.stderr


def test_legacy_xls(tmp_path: Path) -> None:
    p = ole_file(tmp_path / "旧表.xls", ["Root Entry", "Workbook", "\x05SummaryInformation"])
    r = slips(p, tmp_path)
    assert r.exit_code == 2
    assert "旧版 Excel（.xls）" in r.stderr and "另存为 .xlsx" in r.stderr


def test_password_protected(tmp_path: Path) -> None:
    p = ole_file(tmp_path / "加密.xlsx",
                 ["Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])
    r = slips(p, tmp_path)
    assert r.exit_code == 2
    assert "密码" in r.stderr and "加密" in r.stderr


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_csv_renamed(tmp_path: Path, bom: bytes) -> None:
    p = tmp_path / "处理单.xlsx"
    p.write_bytes(bom + ",".join(HEADERS).encode("utf-8") + b"\n1,2,3\n")
    r = slips(p, tmp_path)
    assert r.exit_code == 2
    assert "CSV" in r.stderr


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = write_book(tmp_path / "good.xlsx", [row(2)])
    p = tmp_path / "截断.xlsx"
    p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    r = slips(p, tmp_path)
    assert r.exit_code == 2
    assert "已损坏或不完整" in r.stderr


def test_docx_renamed(tmp_path: Path) -> None:
    p = tmp_path / "文档.xlsx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    r = slips(p, tmp_path)
    assert r.exit_code == 2 and "不是 Excel 工作簿" in r.stderr


def test_zip_bomb_declared_size(tmp_path: Path) -> None:
    """A tiny file whose entries claim a huge uncompressed size is refused before reading."""
    p = tmp_path / "炸弹.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (8 * 1024 * 1024))  # 8 MB of zeros
    p.write_bytes(buf.getvalue())
    assert p.stat().st_size < 100_000
    import fupin_docs.inputs.zipguard as wbmod

    old = wbmod.MAX_UNCOMPRESSED
    wbmod.MAX_UNCOMPRESSED = 4 * 1024 * 1024
    try:
        r = slips(p, tmp_path)
    finally:
        wbmod.MAX_UNCOMPRESSED = old
    assert r.exit_code == 2
    assert "压缩炸弹" in r.stderr


def test_zip_bomb_patched_header(tmp_path: Path) -> None:
    """Central directory says 2 GB: refused with the default cap, nothing decompressed."""
    p = tmp_path / "炸弹2.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    data = bytearray(buf.getvalue())
    cd = data.rfind(b"PK\x01\x02")  # last central directory entry: patch its size field
    struct.pack_into("<I", data, cd + 24, 0x7FFF_FFFF)
    p.write_bytes(bytes(data))
    r = slips(p, tmp_path)
    assert r.exit_code == 2 and "压缩炸弹" in r.stderr
    assert zipguard.MAX_UNCOMPRESSED < 0x7FFF_FFFF


def test_hidden_sheets_are_skipped(tmp_path: Path) -> None:
    """Data on a visible sheet with another name; hidden sheets are not candidates."""
    p = write_book(tmp_path / "in.xlsx", [row(2)], sheet="Sheet1")
    wb = load_workbook(p)
    for name in ("旧数据", "草稿"):
        ws = wb.create_sheet(name)
        ws.append(HEADERS)
        ws.sheet_state = "hidden"
    wb.save(p)
    r = slips(p, tmp_path)
    assert r.exit_code == 0, r.output
    assert "生成 1 份" in r.output


def test_named_data_sheet_hidden(tmp_path: Path) -> None:
    p = write_book(tmp_path / "in.xlsx", [row(2)])
    wb = load_workbook(p)
    wb.create_sheet("封面")
    wb["处理单"].sheet_state = "hidden"
    wb.active = 1
    wb.save(p)
    r = slips(p, tmp_path)
    assert r.exit_code == 0
    assert "工作表「处理单」是隐藏的" in r.output


def test_two_candidate_sheets(tmp_path: Path) -> None:
    p = write_book(tmp_path / "in.xlsx", [row(2)], sheet="Sheet1")
    wb = load_workbook(p)
    wb.create_sheet("Sheet2")
    wb.save(p)
    r = slips(p, tmp_path)
    assert r.exit_code == 2
    assert "--sheet" in r.stderr and "Sheet1、Sheet2" in r.stderr


def test_missing_sheet_option(tmp_path: Path) -> None:
    p = write_book(tmp_path / "in.xlsx", [row(2)])
    r = slips(p, tmp_path, "--sheet", "没有")
    assert r.exit_code == 2 and "没有工作表「没有」" in r.stderr


def test_merged_cells_in_data_area(tmp_path: Path) -> None:
    p = write_book(tmp_path / "in.xlsx", [row(2), row(3), row(4)])
    wb = load_workbook(p)
    ws = wb["处理单"]
    ws.merge_cells("C2:C4")  # 责任股室 merged over three rows
    wb.save(p)
    r = slips(p, tmp_path)
    assert r.exit_code == 1
    assert "生成 1 份，拒绝 2 行" in r.output
    assert "处理单!C3 第3行 责任股室：属于合并单元格 C2:C4" in r.output
    assert "必填，不能为空" not in r.output  # the merge is the reason, said once


def test_duplicated_header(tmp_path: Path) -> None:
    headers = [*HEADERS, "信息标题"]
    p = write_book(tmp_path / "in.xlsx", [row(2)], headers=headers, fields=[*FIELDS, "title"])
    r = slips(p, tmp_path)
    assert r.exit_code == 2
    assert "列「信息标题」" in r.stderr and "重复" in r.stderr


def test_missing_required_header(tmp_path: Path) -> None:
    fields = [f for f in FIELDS if f not in ("drafter", "item")]
    p = write_book(tmp_path / "in.xlsx", [row(2)], fields=fields)
    r = slips(p, tmp_path)
    assert r.exit_code == 2
    assert "缺少必填列：拟稿人、公开事项" in r.stderr


def test_no_header_at_all(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "处理单"
    ws.append(["a", "b"])
    wb.save(tmp_path / "in.xlsx")
    r = slips(tmp_path / "in.xlsx", tmp_path)
    assert r.exit_code == 2 and "找不到表头" in r.stderr


def test_extra_columns(tmp_path: Path) -> None:
    headers = [*HEADERS, "联系电话", "序号"]
    p = write_book(tmp_path / "in.xlsx", [row(2)], headers=headers,
                   fields=[*FIELDS, "x1", "x2"])
    r = slips(p, tmp_path)
    assert r.exit_code == 0
    assert "联系电话：不认识的列，已忽略" in r.output and "生成 1 份" in r.output


def test_blank_rows_in_the_middle(tmp_path: Path) -> None:
    rows = [row(2), *({} for _ in range(10)), row(3)]
    p = write_book(tmp_path / "in.xlsx", rows)
    r = slips(p, tmp_path)
    assert r.exit_code == 0
    assert "读取 2 行（另跳过空行 10 行），生成 2 份" in r.output


def test_header_with_title_rows_and_decorations(tmp_path: Path) -> None:
    """A title row above the header, and headers typed with * and full-width brackets."""
    p = tmp_path / "in.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "处理单"
    ws.append(["2026年政务公开信息处理单"])
    ws.append([h.replace("(", "（").replace(")", "）") + " *" for h in HEADERS])
    values = row(2)
    ws.append([values.get(f) for f in FIELDS])
    wb.save(p)
    r = slips(p, tmp_path)
    assert r.exit_code == 0, r.output


def test_row_errors_exit_1(tmp_path: Path) -> None:
    p = write_book(tmp_path / "in.xlsx", [row(2), row(3, category="随便")])
    r = slips(p, tmp_path)
    assert r.exit_code == 1
    assert "处理单!H3 第3行 文件类别：「随便」不是可选的值" in r.output


def test_missing_file_and_directory(tmp_path: Path) -> None:
    r = slips(tmp_path / "没有.xlsx", tmp_path)
    assert r.exit_code == 2 and "找不到输入文件" in r.stderr
    r = slips(tmp_path, tmp_path)
    assert r.exit_code == 2 and "是文件夹" in r.stderr


def test_broken_json(tmp_path: Path) -> None:
    p = tmp_path / "in.json"
    p.write_text('[{"编号": 1,}', encoding="utf-8")
    r = slips(p, tmp_path)
    assert r.exit_code == 2 and "不是有效的 JSON" in r.stderr


def test_output_dir_is_a_file(tmp_path: Path) -> None:
    p = write_book(tmp_path / "in.xlsx", [row(2)])
    (tmp_path / "out").write_text("x")
    r = slips(p, tmp_path)
    assert r.exit_code == 2  # click's own usage message (English), no traceback


def test_schema_titles_used() -> None:
    assert HEADERS[0] == SCHEMA["properties"]["number"]["title"]


def test_output_under_a_file_is_an_os_error(tmp_path: Path) -> None:
    p = write_book(tmp_path / "in.xlsx", [row(2)])
    (tmp_path / "f").write_text("x")
    r = run("slips", str(p), "-o", str(tmp_path / "f" / "out"))
    assert r.exit_code == 2
    assert r.stderr.startswith("错误：读写文件失败")


def test_cells_of_blanks_only_read_as_empty(tmp_path: Path) -> None:
    """A cell holding only spaces, full-width spaces or tabs is empty: a row of such cells
    is a blank row, and such a required cell is missing (the reader's short loop)."""
    blanks = {f: b for f, b in zip(FIELDS, [" ", "\u3000", "\t \u3000", "  "] * 10, strict=False)}
    rows = [row(2), blanks, row(3, title="\u3000 ")]
    p = write_book(tmp_path / "in.xlsx", rows)
    r = slips(p, tmp_path)
    assert "读取 2 行（另跳过空行 1 行），生成 1 份" in r.output, r.output
    assert "第4行" in r.output and "必填" in r.output, r.output
