"""Issue 21: the faults found when the toolkit was probed as a hostile user, one test each.

Every test here was written before its fix and failed on the code it fixes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner
from slipbook import row, write_book

from fupin_docs.app.cli import cli
from fupin_docs.outputs.folder import REPORT_JSON, REPORT_XLSX


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


# ----------------------------------------------------------------- implausible dates


def test_implausible_year_is_a_row_error_naming_cell(tmp_path: Path) -> None:
    """A mistyped year (2062, 1900) in one row is that row's error, named with the year as
    typed and its column; the other rows are written and the reports always are."""
    book = write_book(tmp_path / "in.xlsx", [
        row(2), row(3, draft_date=dt.date(2062, 3, 9)), row(4, deputy_date="1900-03-10"), row(5),
    ])
    out = tmp_path / "out"
    code, output = run_cli("slips", str(book), "-o", str(out), "-q")
    assert code == 1, output
    report = json.loads((out / REPORT_JSON).read_text("utf-8"))
    assert (out / REPORT_XLSX).exists()
    stats = report["stats"]
    assert stats["rows_read"] == 4 and stats["rendered"] == 2 and stats["rejected"] == 2
    by_row = {i["row"]: i for i in report["issues"] if i["severity"] == "error"}
    assert "2062" in by_row[3]["message"] and by_row[3]["column_letter"] == "E"
    assert "1900" in by_row[4]["message"] and by_row[4]["column"] == "分管领导审签日期"
    assert len(list(out.glob("*.docx"))) == 2


# ----------------------------------------------------------------- 编号


def test_document_number_with_path_characters_rejected(tmp_path: Path) -> None:
    """附录C: the number itself is 机关代字〔年份〕序号号, with no path characters."""
    bad = ["../../../x/pwn〔2026〕1号", "a\\b〔2026〕2号", "万扶:公〔2026〕3号", "..〔2026〕4号"]
    book = write_book(tmp_path / "in.xlsx", [row(2)] + [row(9, number=n) for n in bad])
    out = tmp_path / "out"
    code, _ = run_cli("slips", str(book), "-o", str(out), "-q")
    assert code == 1
    report = json.loads((out / REPORT_JSON).read_text("utf-8"))
    assert report["stats"]["rendered"] == 1 and report["stats"]["rejected"] == len(bad)
    bad_rows = {i["row"] for i in report["issues"] if i["field"] == "number"}
    assert bad_rows == {3, 4, 5, 6}
    assert not (tmp_path / "x").exists()


# ----------------------------------------------------------------- scan and check-content

ID1 = "11010519491231002X"
MOBILE = "13812345678"


def _id_with_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


SPACED_ID = _id_with_check("11010119900307123")


def _bomb(path: Path, members: dict[str, bytes], big: str, size: int) -> Path:
    """A small zip whose member ``big`` inflates to ``size`` bytes of zeros."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        with zf.open(big, "w", force_zip64=True) as fh:
            chunk = b"0" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)
    return path


def _small_limits(monkeypatch: object) -> None:
    import pytest

    from fupin_docs.inputs import zipguard

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(zipguard, "MAX_UNCOMPRESSED", 8 << 20)
    monkeypatch.setattr(zipguard, "MAX_XML", 4 << 20)


DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/_rels/document.xml.rels": b"<x/>"}
XLSX_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def test_scan_refuses_bombs_never_reports_them_clean(tmp_path: Path, monkeypatch: object) -> None:
    _small_limits(monkeypatch)
    for path in (_bomb(tmp_path / "炸弹.xlsx", XLSX_PARTS, "xl/sharedStrings.xml", 16 << 20),
                 _bomb(tmp_path / "炸弹.docx", DOCX_PARTS, "word/document.xml", 6 << 20)):
        code, output = run_cli("scan", str(path))
        assert code == 2, output
        assert "压缩炸弹" in output and "未发现" not in output


def test_check_content_refuses_docx_bomb(tmp_path: Path, monkeypatch: object) -> None:
    _small_limits(monkeypatch)
    path = _bomb(tmp_path / "公告.docx", DOCX_PARTS, "word/document.xml", 6 << 20)
    code, output = run_cli("check-content", str(path))
    assert code == 2 and "压缩炸弹" in output, output


def test_scan_never_reports_unread_file_clean(tmp_path: Path) -> None:
    """A binary file is not a text file; a broken .xlsx names no exception class."""
    png = tmp_path / "照片.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    broken = tmp_path / "表.xlsx"
    import zipfile

    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook><sheets><sheet name='a' r:id='x'/></sheets>")
    for path in (png, broken):
        code, output = run_cli("scan", str(path))
        assert code == 2, output
        assert "未发现" not in output
        assert not any(w in output for w in ("Error", "KeyError", "OSError", "Exception"))


def _docx_everywhere(path: Path) -> Path:
    """Personal data in a text box, a footnote, a comment and a first-page header."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = Document()
    p = doc.add_paragraph("正文")
    p._p.append(parse_xml(
        f'<w:r {w} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        f'<w:txbxContent><w:p><w:r><w:t>文本框 身份证 {ID1}</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    notes = (f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
             f'<w:footnote w:id="1"><w:p><w:r><w:t>脚注 电话 {MOBILE}</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>').encode()
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                notes, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    doc.add_comment(doc.paragraphs[0].runs, text=f"批注 {SPACED_ID[:6]} {SPACED_ID[6:14]} "
                    f"{SPACED_ID[14:]}")
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = f"首页页眉 {ID1[:6]}-{ID1[6:14]}-{ID1[14:]}"
    doc.save(str(path))
    return path


def test_scan_reads_text_boxes_footnotes_comments_headers(tmp_path: Path) -> None:
    path = _docx_everywhere(tmp_path / "名单.docx")
    code, output = run_cli("scan", str(path))
    assert code == 1, output
    assert "文本框" in output and "脚注" in output and "批注" in output and "首页页眉" in output
    assert output.count("身份证号码") == 3 and output.count("手机号码") == 1
    assert ID1 not in output and SPACED_ID not in output


def test_check_content_reads_text_boxes_footnotes_comments(tmp_path: Path) -> None:
    from fupin_docs.standard.content import read_document, scan_personal

    doc = read_document(_docx_everywhere(tmp_path / "公告.docx"))
    hits = scan_personal(doc)
    assert sorted(h.kind for h in hits) == ["手机号码", "身份证号码", "身份证号码", "身份证号码"]
    assert any("文本框" in h.where for h in hits) and any("批注" in h.where for h in hits)


def test_ids_written_with_spaces_or_hyphens(tmp_path: Path) -> None:
    from fupin_docs.standard.content import scan_personal_text
    from fupin_docs.standard.privacy import find_personal_data

    for text in (f"身份证 {SPACED_ID[:6]} {SPACED_ID[6:14]} {SPACED_ID[14:]}",
                 f"身份证 {SPACED_ID[:6]}-{SPACED_ID[6:14]}-{SPACED_ID[14:]}"):
        assert [d.kind for d in find_personal_data(text)] == ["id"]
        assert [h.kind for h in scan_personal_text(text)] == ["身份证号码"]


def test_scan_reads_pdf(tmp_path: Path, require_pdf_tools: None) -> None:
    import subprocess

    from docx import Document

    doc = Document()
    doc.add_paragraph(f"联系人电话 {MOBILE}")
    doc.save(str(tmp_path / "名单.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "名单.docx")], check=True, capture_output=True, timeout=180)
    code, output = run_cli("scan", str(tmp_path / "名单.pdf"))
    assert code == 1 and "名单.pdf 第1页" in output and "手机号码 138****5678" in output
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    code, output = run_cli("scan", str(tmp_path / "坏.pdf"))
    assert code == 2 and "未发现" not in output


# ----------------------------------------------------------------- OS errors in Chinese

ENGLISH = ("No space left", "Permission denied", "Operation not permitted", "File exists",
           "Errno", "Traceback", "Error")


def test_disk_full_names_the_folder_in_chinese(tmp_path: Path, monkeypatch: object) -> None:
    import errno

    import pytest

    import fupin_docs.pipeline as pipeline

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    out = tmp_path / "out"

    def full(target: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(target.parent / ".~ab12.docx.part"))

    monkeypatch.setattr(pipeline, "write_bytes_atomic", full)
    book = write_book(tmp_path / "in.xlsx", [row(2)])
    code, output = run_cli("slips", str(book), "-o", str(out))
    assert code == 2
    assert "磁盘空间不足" in output and f"文件夹 {out}" in output, output
    assert ".part" not in output
    assert not any(w in output for w in ENGLISH), output


def test_os_error_reasons_are_chinese() -> None:
    import errno

    from fupin_docs.types import os_error_message

    for code, english in ((errno.ENOSPC, "No space left on device"),
                          (errno.EPERM, "Operation not permitted"),
                          (errno.EEXIST, "File exists"), (errno.EADDRINUSE, "Address already in use"),
                          (errno.EROFS, "Read-only file system"), (errno.EACCES, "Permission denied")):
        text = os_error_message(OSError(code, english, "/x/输出/.~0a1b.xlsx.part"))
        assert english not in text and "文件夹 /x/输出" in text, text


def test_failed_replace_names_the_document_not_its_folder(tmp_path: Path) -> None:
    """A document that cannot replace what is in its place (here a folder of the same
    name) is named, not the output folder its temporary file was in."""
    book = write_book(tmp_path / "in.xlsx", [row(2)])
    out = tmp_path / "out"
    code, output = run_cli("slips", str(book), "-o", str(out))
    assert code in (0, 1), output
    doc = next(out.glob("*.docx"))
    doc.unlink()
    doc.mkdir()
    code, output = run_cli("slips", str(book), "-o", str(out))
    assert code == 2 and f"读写文件失败：{doc}" in output, output
    assert not list(out.glob(".~*.part"))


def test_output_folder_inside_a_file(tmp_path: Path) -> None:
    book = write_book(tmp_path / "in.xlsx", [row(2)])
    (tmp_path / "out").write_text("x")
    code, output = run_cli("slips", str(book), "-o", str(tmp_path / "out" / "sub"))
    assert code == 2 and "不是文件夹" in output, output
    assert not any(w in output for w in ENGLISH), output


# ----------------------------------------------------------------- reused output folders

MANIFEST = ".fupin-docs-manifest.json"


def _docs(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("*.docx"))


def test_reused_folder_holds_only_this_runs_documents(tmp_path: Path) -> None:
    """A row now rejected loses its old .docx, a retitled row keeps only its new one: the
    folder holds as many documents as the summary says."""
    out = tmp_path / "out"
    first = write_book(tmp_path / "a.xlsx", [row(2), row(3), row(4, title="旧标题的通知")])
    assert run_cli("slips", str(first), "-o", str(out), "-q")[0] == 0
    assert len(_docs(out)) == 3
    second = write_book(tmp_path / "b.xlsx", [row(2), row(3, drafter=None),
                                             row(4, title="新标题的通知")])
    code, _ = run_cli("slips", str(second), "-o", str(out), "-q")
    assert code == 1
    report = json.loads((out / REPORT_JSON).read_text("utf-8"))
    assert report["stats"]["rendered"] == 2
    assert _docs(out) == sorted(n for n in report["outputs"] if n.endswith(".docx"))
    assert not any("旧标题" in n for n in _docs(out))
    assert (out / MANIFEST).is_file()


def test_reused_folder_never_removes_files_the_toolkit_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    book = write_book(tmp_path / "a.xlsx", [row(2), row(3)])
    assert run_cli("slips", str(book), "-o", str(out), "-q")[0] == 0
    (out / "我的备注.txt").write_text("clerk's own", encoding="utf-8")
    (out / "别的文件.docx").write_bytes(b"mine")
    book = write_book(tmp_path / "b.xlsx", [row(2)])
    assert run_cli("slips", str(book), "-o", str(out), "-q")[0] == 0
    assert (out / "我的备注.txt").read_text(encoding="utf-8") == "clerk's own"
    assert (out / "别的文件.docx").read_bytes() == b"mine"
    assert len(_docs(out)) == 2  # one of this run, the clerk's own


def test_foreign_non_empty_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "我的文件夹"
    out.mkdir()
    (out / "工作总结.docx").write_bytes(b"mine")
    book = write_book(tmp_path / "a.xlsx", [row(2)])
    code, output = run_cli("slips", str(book), "-o", str(out))
    assert code == 2
    assert "不是本工具生成的" in output and "工作总结.docx" in output, output
    assert sorted(p.name for p in out.iterdir()) == ["工作总结.docx"]


def test_folder_of_an_older_version_is_accepted(tmp_path: Path) -> None:
    """A folder written before manifests existed (report.json lists its outputs)."""
    out = tmp_path / "out"
    book = write_book(tmp_path / "a.xlsx", [row(2), row(3)])
    assert run_cli("slips", str(book), "-o", str(out), "-q")[0] == 0
    (out / MANIFEST).unlink()
    book = write_book(tmp_path / "b.xlsx", [row(2)])
    assert run_cli("slips", str(book), "-o", str(out), "-q")[0] == 0
    assert len(_docs(out)) == 1


def test_ledger_folder_keeps_other_files_and_other_ledgers(tmp_path: Path) -> None:
    """The ledger names its own file: the folder may hold anything, and two ledgers of two
    years in one folder both stay."""
    book = write_book(tmp_path / "处理单.xlsx", [row(2), row(3)])
    (tmp_path / "笔记.txt").write_text("x", encoding="utf-8")
    assert run_cli("ledger", str(book), "-o", str(tmp_path / "台账A.xlsx"), "-q")[0] == 0
    assert run_cli("ledger", str(book), "-o", str(tmp_path / "台账B.xlsx"), "-q")[0] == 0
    assert (tmp_path / "台账A.xlsx").is_file() and (tmp_path / "台账B.xlsx").is_file()
    assert (tmp_path / "笔记.txt").is_file() and book.is_file()


def test_reused_letters_folder(tmp_path: Path, samples: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("letters", str(samples / "督查.xlsx"), "-o", str(out), "-q")[0] in (0, 1)
    before = _docs(out)
    assert before
    stale = out / before[0]
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert any(stale.name in files for files in manifest["runs"].values())
    # the same unit's letter under an older name, recorded by an earlier run
    old = out / "旧名称的意见书.docx"
    old.write_bytes(stale.read_bytes())
    for files in manifest["runs"].values():
        files.append(old.name)
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    assert run_cli("letters", str(samples / "督查.xlsx"), "-o", str(out), "-q")[0] in (0, 1)
    assert _docs(out) == before and not old.exists()


# ----------------------------------------------------------------- followup, catalogue, ledger


def test_followup_writes_nothing_when_every_unit_is_rejected(tmp_path: Path, samples: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(samples / "督查.xlsx")
    ws = wb["检查"]
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 4).value = None  # 检查组成员 is required: every unit is rejected
    book = tmp_path / "督查.xlsx"
    wb.save(book)
    out = tmp_path / "out"
    code, output = run_cli("followup", str(book), "-o", str(out), "--today", "2026-12-01")
    assert code == 1
    assert "未生成复查情况报告和整改台账" in output, output
    assert not list(out.glob("*.docx")) and not (out / "整改台账.xlsx").exists()
    report = json.loads((out / REPORT_JSON).read_text("utf-8"))
    assert report["stats"]["rendered"] == 0
    assert [n for n in report["outputs"] if n not in (REPORT_JSON, REPORT_XLSX)] == []


def test_catalogue_adaptation_rows_are_counted(tmp_path: Path) -> None:
    """rows_read counts the 调整 sheet's rows too, and they add up: rows of a written unit
    are used, those of a rejected unit or of no known unit are rejected."""
    from test_catalogue import YIMEI, run

    report = run(tmp_path, [YIMEI, dict(YIMEI, unit="双河镇", level_1=None)], [
        dict(unit="伊美区", action="不适用", item="扶贫资金/精准扶贫贷款", reason="本区未开展"),
        dict(unit="双河镇", action="修改", item="全部事项", basis="x"),
        dict(unit="没有的单位", action="修改", item="全部事项", basis="x"),
    ])
    sheets = report.extra["sheets"]
    assert sheets["调整"] == {"rows_read": 3, "rendered": 1, "rejected": 2}
    assert sheets["单位"]["rows_read"] == 2
    assert report.rows_read == 5 and report.balanced()
    assert report.extra["documents"] == 1


def test_ledger_year_lists_no_overdue_rows_of_other_years(tmp_path: Path) -> None:
    D = dt.date
    book = write_book(tmp_path / "处理单.xlsx", [
        row(2, number="万扶公〔2025〕2号", draft_date=D(2025, 3, 3), formed_date=D(2025, 3, 3),
            deputy_date=D(2025, 3, 4), published_date=D(2025, 6, 30)),  # late, but of 2025
        row(3, draft_date=D(2026, 3, 2), formed_date=D(2026, 3, 2), deputy_date=D(2026, 3, 3),
            published_date=D(2026, 7, 30)),  # late in 2026
    ])
    code, output = run_cli("ledger", str(book), "-o", str(tmp_path / "台账.xlsx"), "--year", "2026")
    assert code == 0, output
    report = json.loads((tmp_path / REPORT_JSON).read_text("utf-8"))
    late_rows = {i["row"] for i in report["issues"] if "超期" in i["message"]}
    assert late_rows == {3}
    assert "2025年6月30日" not in output


# ----------------------------------------------------------------- emoji and CJK extension B in PDFs


def _families_with(char: str) -> set[str]:
    import subprocess

    out = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True,
                         text=True, check=True).stdout
    return {name.replace(" ", "").lower() for line in out.splitlines() for name in line.split(",")}


def test_emoji_and_extension_b_render_in_pdf(tmp_path: Path, require_pdf_tools: None) -> None:
    """😀 and 𠀀 are drawn with a font that has them (scripts/setup.sh installs Hanazono and
    the emoji fonts; cjk-substitutes.conf puts them in the fallback list), never as boxes."""
    import re
    import subprocess

    title = "关于😀表情和𠀀扩展B字的通知"
    book = write_book(tmp_path / "in.xlsx", [row(2, title=title)])
    out = tmp_path / "out"
    code, output = run_cli("slips", str(book), "-o", str(out), "--pdf", "-q")
    assert code == 0, output
    pdf = next(out.glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "😀" in text and "𠀀" in text
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    embedded = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]).split("-")[0].lower()
                for line in listing if line.strip()}
    for char in ("😀", "𠀀"):
        have = _families_with(char)
        assert have, f"no installed font has {char}: run scripts/setup.sh"
        assert embedded & have, (char, embedded, have)
