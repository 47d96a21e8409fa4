"""标准目录 .docx: the √ columns' headers (全社会, 依申请公开) break between words, never inside
one (全社/会, 依申/请公/开), in the built-in catalogue and in imported ones."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from fupin_docs.kinds.catalogue.docx import header_lines
from tests.helpers import soffice_pdf
from tests.test_catalogue import YIMEI, run
from tests.test_import_catalogue_use import imported  # noqa: F401  (a fixture)


@pytest.mark.parametrize(("name", "lines"), [
    ("全社会", ["全社会"]), ("特定群众", ["特定", "群众"]), ("依申请公开", ["依申请", "公开"]),
    ("主动", ["主动"]), ("乡、村级", ["乡、", "村级"]), ("不特定人员", ["不特定", "人员"]),
])
def test_header_lines_break_between_words(name: str, lines: list[str]) -> None:
    assert header_lines(name) == lines


def _header_cells(docx: Path) -> list[str]:
    """The text of the √ columns' header cells, a line break as /."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    header_row = re.findall(r"<w:tr>.*?</w:tr>", xml, re.S)[1]
    cells = re.findall(r"<w:tc>.*?</w:tc>", header_row, re.S)
    out = []
    for tc in cells:
        if not re.search(r"<w:t[ >]", tc):
            continue
        text = re.sub(r"<w:br/>", "/", tc)
        out.append(re.sub(r"<[^>]+>", "", text))
    return out


def test_docx_sub_headers_have_word_breaks_and_fit(tmp_path: Path) -> None:
    run(tmp_path, [YIMEI])
    docx = tmp_path / "out" / "2026年伊美区标准目录.docx"
    assert _header_cells(docx)[-6:] == ["全社会", "特定/群众", "主动", "依申请/公开", "区级", "镇级"]
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    cell = next(tc for tc in re.findall(r"<w:tc>.*?</w:tc>", xml, re.S) if "依申请" in tc)
    assert '<w:sz w:val="16"/>' in cell and "<w:tcMar>" in cell  # 8 pt, narrow margins


def test_imported_catalogue_headers_break_between_words(imported: Path,  # noqa: F811
                                                        tmp_path: Path) -> None:
    from click.testing import CliRunner

    from fupin_docs.app.cli import cli

    r = CliRunner().invoke(cli, ["catalogue", "--catalogue", str(imported), "-o",
                                 str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    for docx in (tmp_path / "o").glob("*.docx"):
        heads = _header_cells(docx)
        assert "全社会" in heads and ("依申请/公开" in heads or "依申请" in heads), (docx.name, heads)
        subs = heads[heads.index("全社会"):]
        assert all(h == "/".join(header_lines(h.replace("/", ""))) for h in subs), subs


def test_docx_headers_print_whole_words(tmp_path: Path, require_pdf_tools: None) -> None:
    """LibreOffice lays 全社会 on one line and 依申请 / 公开 on two: not 全社/会, 依申/请公/开."""
    run(tmp_path, [YIMEI])
    pdf = soffice_pdf(tmp_path / "out" / "2026年伊美区标准目录.docx", tmp_path / "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = set(text.split())
    assert {"全社会", "依申请", "公开", "特定", "群众"} <= words, text[:1500]
    assert not {"全社", "依申", "请公"} & words
