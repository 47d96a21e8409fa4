"""Every command over a folder of generated bad files (issue 21).

Empty, truncated, wrong-format, malformed, huge files and zip bombs in every container the
toolkit opens (.xlsx inputs, .docx for scan/check-content, office templates, web uploads).
Each command runs as its own process, so what is checked is what a clerk would see:

- no traceback, exit 2 (the file cannot be used) or 1 (row errors reported);
- a Chinese message;
- nothing half-written: no temporary .part file, every document left opens;
- memory under 500 MB (the bombs are small on disk and trip the zip guard; the guard sees
  their declared sizes, so they cost no time to refuse).
"""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from docx import Document
from slipbook import row, write_book

from tests.helpers import command_reporting_own_peak

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT_KB = 500 * 1024
CJK = re.compile(r"[\u4e00-\u9fff]")

# ------------------------------------------------------------------ the bad files


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _lying_sizes(data: bytes, size: int = 0x7FFF_FFF0) -> bytes:
    """Every central-directory entry claims ``size`` bytes inflated (a bomb's header)."""
    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def _real_bomb(members: dict[str, bytes], big: str, size: int = 600 << 20) -> bytes:
    """A zip whose member ``big`` really inflates to ``size`` bytes (~600 KB on disk)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        with zf.open(big, "w", force_zip64=True) as fh:
            chunk = b"<c>0</c>" * (1 << 17)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    good = write_book(folder / "good.xlsx", [row(2), row(3)]).read_bytes()
    doc = Document()
    doc.add_paragraph("关于项目实施的公告")
    buf = io.BytesIO()
    doc.save(buf)
    good_docx = buf.getvalue()
    xlsx_parts = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    docx_parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    files: dict[str, bytes] = {
        "empty.xlsx": b"",
        "empty.json": b"",
        "empty.docx": b"",
        "truncated.xlsx": good[: len(good) // 2],
        "truncated.docx": good_docx[: len(good_docx) // 2],
        "png.xlsx": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "word.xlsx": good_docx,
        "excel.docx": good,
        "old.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "table.csv": "编号,信息标题\n万扶公〔2026〕1号,通知\n".encode("gb18030"),
        "csv.xlsx": "编号,信息标题\n万扶公〔2026〕1号,通知\n".encode(),
        "broken-xml.xlsx": _zip({**xlsx_parts, "xl/worksheets/sheet1.xml": b"<worksheet><row"}),
        "broken-xml.docx": _zip({**docx_parts, "word/document.xml": b"<w:document><w:body"}),
        "lying-bomb.xlsx": _lying_sizes(good),
        "lying-bomb.docx": _lying_sizes(good_docx),
        "bomb.xlsx": _real_bomb(xlsx_parts, "xl/sharedStrings.xml"),
        "bomb.docx": _real_bomb({"[Content_Types].xml": b"<Types/>"}, "word/document.xml"),
        "syntax.json": b'[{"number": "x",',
        "scalar.json": b"42",
        "objects.json": json.dumps([{}] * 2000).encode(),
        "binary.txt": bytes(range(256)) * 64,
        "huge.txt": ("没有个人信息的一行文字，金额 8650000 元。\n" * 400_000).encode(),
        "not.pdf": b"%PDF-1.4\n% broken\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


# ------------------------------------------------------------------ running a command


def run(args: list[str]) -> tuple[int, str, int]:
    """(exit code, stdout + stderr, the process's own peak memory in KB) of one command.

    The peak is the child's own VmHWM, written by the child as it exits: os.wait4's
    ru_maxrss of a child started from pytest is pytest's peak whenever that is larger
    (Linux carries it across fork and exec), so it grew with the suite, not the command."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        with open(os.devnull, "rb") as stdin:
            proc = subprocess.run(command_reporting_own_peak("fupin_docs", args, peak_file),
                                  stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  env=env, cwd=str(ROOT), check=False)
        output = proc.stdout.decode("utf-8", "replace")
        assert peak_file.exists(), f"the command did not report its peak memory: {output}"
        peak = int(peak_file.read_text("ascii"))
    return int(proc.returncode), output, peak


def check(args: list[str], out: Path | None = None, codes: tuple[int, ...] = (2,)) -> str:
    code, output, peak = run(args)
    assert "Traceback" not in output, output
    assert code in codes, (code, output)
    assert CJK.search(output), output
    assert peak < MEMORY_LIMIT_KB, f"peak {peak // 1024} MB"
    if out is not None and out.exists():
        folder = out if out.is_dir() else out.parent
        assert not list(folder.glob(".~*.part")), "a temporary file was left"
        for doc in [*folder.glob("*.docx"), *folder.glob("*.xlsx")]:
            if doc.parent == folder and doc.name.startswith(("good", "bomb", "lying")):
                continue
            with zipfile.ZipFile(doc) as zf:  # whole, never half-written
                assert zf.testzip() is None
    return output


XLSX_INPUTS = ["empty.xlsx", "truncated.xlsx", "png.xlsx", "word.xlsx", "old.xlsx", "csv.xlsx",
               "table.csv", "broken-xml.xlsx", "lying-bomb.xlsx", "bomb.xlsx"]
JSON_INPUTS = ["empty.json", "syntax.json", "scalar.json"]


@pytest.mark.parametrize("name", XLSX_INPUTS + JSON_INPUTS)
def test_slips(bad: dict[str, Path], tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    check(["slips", str(bad[name]), "-o", str(out)], out)


def test_slips_json_of_empty_records_reports_rows(bad: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    check(["slips", str(bad["objects.json"]), "-o", str(out)], out, codes=(1,))
    assert json.loads((out / "report.json").read_text("utf-8"))["stats"]["rejected"] == 2000


@pytest.mark.parametrize("name", ["empty.xlsx", "truncated.xlsx", "word.xlsx", "lying-bomb.xlsx",
                                  "bomb.xlsx", "syntax.json"])
def test_ledger(bad: dict[str, Path], tmp_path: Path, name: str) -> None:
    check(["ledger", str(bad[name]), "-o", str(tmp_path / "台账.xlsx")], tmp_path / "台账.xlsx")
    assert not (tmp_path / "台账.xlsx").exists()


@pytest.mark.parametrize("command", ["letters", "followup", "catalogue"])
@pytest.mark.parametrize("name", ["truncated.xlsx", "old.xlsx", "lying-bomb.xlsx", "bomb.xlsx"])
def test_grouped_commands(bad: dict[str, Path], tmp_path: Path, command: str, name: str) -> None:
    out = tmp_path / "out"
    check([command, str(bad[name]), "-o", str(out)], out)


def test_scan_every_bad_file_at_once(bad: dict[str, Path]) -> None:
    """scan reads each file or says why not; never "未发现" for a file it could not read."""
    names = ["empty.docx", "truncated.docx", "excel.docx", "broken-xml.docx", "lying-bomb.docx",
             "bomb.docx", "truncated.xlsx", "png.xlsx", "word.xlsx", "broken-xml.xlsx",
             "lying-bomb.xlsx", "bomb.xlsx", "binary.txt", "not.pdf"]
    output = check(["scan", *(str(bad[n]) for n in names)])
    assert "未发现" not in output
    assert output.count("错误：") == len(names), output
    assert "压缩炸弹" in output


def test_scan_huge_text_file(bad: dict[str, Path]) -> None:
    output = check(["scan", str(bad["huge.txt"])], codes=(0,))
    assert "已检查 1 个文件" in output


@pytest.mark.parametrize("name", ["empty.docx", "truncated.docx", "excel.docx", "broken-xml.docx",
                                  "lying-bomb.docx", "bomb.docx", "binary.txt", "not.pdf",
                                  "png.xlsx"])
def test_check_content(bad: dict[str, Path], name: str) -> None:
    check(["check-content", str(bad[name])])


@pytest.mark.parametrize("name", ["lying-bomb.docx", "bomb.docx", "truncated.docx"])
def test_office_template_bombs(bad: dict[str, Path], tmp_path: Path, name: str) -> None:
    """An office's own template (--template-dir, templates check) is a container too."""
    templates = tmp_path / "模板"
    templates.mkdir()
    (templates / "slip.docx").write_bytes(bad[name].read_bytes())
    check(["templates", "check", str(templates / "slip.docx")])
    book = write_book(tmp_path / "处理单.xlsx", [row(2)])
    out = tmp_path / "out"
    check(["slips", str(book), "-o", str(out), "--template-dir", str(templates)], out)


def test_bad_calendar_file(tmp_path: Path) -> None:
    cal = tmp_path / "日历.csv"
    cal.write_bytes(b"\xff\xfe\x00garbage,,,\n" * 10)
    book = write_book(tmp_path / "处理单.xlsx", [row(2)])
    check(["slips", str(book), "-o", str(tmp_path / "out"), "--calendar", str(cal)])


@pytest.mark.parametrize("name", ["lying-bomb.xlsx", "truncated.xlsx", "png.xlsx",
                                  "old.xlsx", "csv.xlsx", "syntax.json", "empty.xlsx"])
def test_web_uploads(bad: dict[str, Path], name: str) -> None:
    """The same files uploaded on the web page: a Chinese answer, never a 500."""
    from fupin_docs.app.web import create_app, get_store
    from tests.test_web import upload, wait_done

    app = create_app({"PDF_CONVERTER": None})
    try:
        client = app.test_client()
        for kind in ("slips", "letters", "catalogue"):
            resp = upload(client, bad[name].read_bytes(), name, kind=kind)
            assert resp.status_code in (303, 400), resp.status_code
            if resp.status_code == 303:
                wait_done(client, resp.headers["Location"])
                page = client.get(resp.headers["Location"]).get_data(as_text=True)
            else:
                page = resp.get_data(as_text=True)
            assert "Traceback" not in page and "内部错误" not in page
            assert "未能处理该文件" in page or resp.status_code == 400
            assert "上传文件" not in page.split("<main", 1)[1]
    finally:
        get_store(app).close()


def test_deeply_nested_json(tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_text("[" * 200_000, encoding="utf-8")
    check(["slips", str(path), "-o", str(tmp_path / "out")], tmp_path / "out")


