"""PDF output: batch conversion, font mapping, visual checks on the page, preview, fallbacks."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdf_faces import collection_cmaps, face_of, font_file, pdf_glyphs

from fupin_docs.app.cli import cli
from fupin_docs.render import pdf

SLIP_SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "处理单.xlsx"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake soffice is a shell script")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _ideographs(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(ch, cid) for ch, cid in pairs if "\u4e00" <= ch <= "\u9fff"]


@pytest.fixture(scope="module")
def slip_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """The slip sample rendered with `slips --pdf` once for the module (None without tools)."""
    if not (pdf.have_pdf_tools() and shutil.which("pdftotext")):
        return None
    out = tmp_path_factory.mktemp("slips")
    res = CliRunner().invoke(cli, ["slips", str(SLIP_SAMPLE), "-o", str(out), "--pdf"])
    assert res.exit_code == 0, res.output
    return out


# --------------------------------------------------------------------------- no tools needed

def test_plan_chunks_never_puts_two_same_named_pdfs_in_one_start() -> None:
    docs = [Path("/a/x.docx"), Path("/a/x.xlsx"), Path("/b/y.docx"), Path("/b/x.docx")]
    targets = [d.with_suffix(".pdf") for d in docs]
    targets[1] = Path("/a/x.pdf")  # same target name as docs[0]
    chunks = pdf.plan_chunks(docs, targets)
    for chunk in chunks:
        names = [targets[i].name for i in chunk]
        assert len(names) == len(set(names))
    assert sorted(i for c in chunks for i in c) == [0, 1, 2, 3]
    assert len(chunks) == 3  # x.pdf three times -> three starts; y joins the first


def test_plan_chunks_splits_long_argument_lists() -> None:
    docs = [Path(f"/d/{i:04d}_{'长' * 40}.docx") for i in range(pdf.CHUNK_FILES + 50)]
    chunks = pdf.plan_chunks(docs, [d.with_suffix(".pdf") for d in docs])
    assert len(chunks) >= 2
    for chunk in chunks:
        assert len(chunk) <= pdf.CHUNK_FILES
        assert sum(len(str(docs[i])) + 1 for i in chunk) <= pdf.CHUNK_ARG_CHARS


def test_missing_libreoffice_keeps_documents_and_exit_code(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUPIN_SOFFICE", str(tmp_path / "no-such-soffice"))
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["slips", str(SLIP_SAMPLE), "-o", str(out), "--pdf"])
    assert res.exit_code == 0, res.output
    assert "未找到 LibreOffice" in res.stderr
    assert "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui" in res.stderr
    assert "Windows" in res.stderr
    assert res.stderr.count("未找到 LibreOffice") == 1  # one message, not one per document
    assert len(list(out.glob("*.docx"))) == 8
    assert not list(out.glob("*.pdf"))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "LibreOffice" in report["pdf"]["error"]


def test_convert_batch_raises_a_chinese_error_without_libreoffice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUPIN_SOFFICE", str(tmp_path / "missing"))
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    with pytest.raises(pdf.PdfToolsMissing, match="安装 LibreOffice"):
        pdf.convert_batch([doc])


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    """A stand-in for soffice that logs each start and runs ``body`` (POSIX sh)."""
    script = tmp_path / "fake-soffice"
    log = tmp_path / "starts.log"
    script.write_text(f"#!/bin/sh\necho start >> '{log}'\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


FAKE_CONVERT = r'''
outdir=""; prev=""
for a in "$@"; do
  if [ "$prev" = "--outdir" ]; then outdir="$a"; fi
  prev="$a"
done
for a in "$@"; do
  case "$a" in
    *.docx|*.xlsx) b=$(basename "$a"); printf '%%PDF-1.4 fake' > "$outdir/${b%.*}.pdf";;
  esac
done
'''


@posix_only
def test_demo_pdf_uses_one_converter_start_for_the_whole_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUPIN_SOFFICE", str(_fake_soffice(tmp_path, FAKE_CONVERT)))
    out = tmp_path / "demo"
    before = pdf.soffice_starts()
    res = CliRunner().invoke(cli, ["demo", str(out), "--pdf"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "starts.log").read_text().count("start") == 1
    assert pdf.soffice_starts() - before == 1
    docs = [p for p in out.rglob("*") if p.suffix in (".docx", ".xlsx") and p.name != "校验报告.xlsx"]
    assert docs
    for doc in docs:
        assert doc.with_suffix(".pdf").is_file(), doc
    assert not list(out.rglob(".~pdf-*")), "temporary conversion folders left behind"


@posix_only
def test_converter_time_out_is_reported_per_document(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUPIN_SOFFICE", str(_fake_soffice(tmp_path, "sleep 30")))
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    result = pdf.convert_batch([doc], timeout=1)
    assert result.pdfs == []
    assert result.failed and "超时" in result.failed[0][1]
    assert result.starts == 1


@posix_only
def test_document_the_converter_skips_is_listed_as_failed(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUPIN_SOFFICE", str(_fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'")))
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    result = pdf.convert_batch([doc])
    assert not result.ok
    assert "could not be loaded" in result.failed[0][1]


def test_font_rules_file_is_packaged_and_well_formed() -> None:
    import xml.etree.ElementTree as ET

    rules = pdf.font_rules_file()
    assert rules.is_file()
    root = ET.parse(rules).getroot()
    mapped = {m.find("test/string").text: [s.text for s in m.findall("edit[@name='family']/string")]  # type: ignore[union-attr]
              for m in root.findall("match")}
    for name in ("仿宋_GB2312", "仿宋", "FangSong", "方正仿宋_GBK", "方正小标宋简体", "宋体", "SimSun"):
        assert mapped[name][0] == "Noto Serif CJK SC", name
    for name in ("黑体", "SimHei"):
        assert mapped[name][0] == "Noto Sans CJK SC", name
    for name in ("楷体_GB2312", "楷体", "KaiTi"):
        assert mapped[name][:2] == ["FandolKai", "Noto Serif CJK SC"], name
    for families in mapped.values():  # what CJK faces lack: extension B, emoji (issue 21)
        assert families[-3:] == ["HanaMinA", "HanaMinB", "Symbola"], families


# --------------------------------------------------------------------------- with LibreOffice

@pytest.mark.pdf
def test_fontconfig_maps_office_fonts_to_simplified_chinese_faces(require_pdf_tools: None,
                                                                  tmp_path: Path) -> None:
    if not shutil.which("fc-match"):
        pytest.skip("fontconfig tools not installed")
    env = dict(os.environ, FONTCONFIG_FILE=str(pdf.write_fontconfig(tmp_path)))
    expected = {"仿宋_GB2312": "Noto Serif CJK SC", "方正小标宋简体": "Noto Serif CJK SC",
                "黑体": "Noto Sans CJK SC", "楷体_GB2312": "Noto Serif CJK SC",
                "宋体": "Noto Serif CJK SC", "FangSong": "Noto Serif CJK SC"}
    for name, family in expected.items():
        got = subprocess.run(["fc-match", "-f", "%{family[0]}", name], env=env, check=True,
                             capture_output=True, text=True).stdout
        assert got == family, (name, got)
    # glyph fallback for Chinese text with no language set never lands on a Japanese face
    got = subprocess.run(["fc-match", "-f", "%{family[0]}", ":charset=76f4"], env=env,
                         check=True, capture_output=True, text=True).stdout
    assert got.endswith("SC"), got


@pytest.mark.pdf
def test_slip_sample_pdfs_one_page_each_with_the_expected_text(
        require_pdf_tools: None, slip_pdfs: Path) -> None:
    docs = sorted(slip_pdfs.glob("*.docx"))
    pdfs = sorted(slip_pdfs.glob("*.pdf"))
    assert len(docs) == 8
    assert [p.stem for p in pdfs] == [d.stem for d in docs]
    for p in pdfs:
        assert pdf.pdf_page_count(p) == 1, p.name
    first = next(p for p in pdfs if "1号" in p.name)
    text = _squash(pdf.pdf_text(first))
    for expected in ("政务公开信息处理单", "编号：万扶公〔2026〕1号",
                     "万源市2026年度财政专项扶贫资金分配结果公告", "规划财务股", "李明",
                     "拟稿日期：2026年3月3日", "第5.1—5.4条"):
        assert expected in text, expected


@pytest.mark.pdf
def test_slip_pdf_embeds_mapped_cjk_fonts(require_pdf_tools: None, slip_pdfs: Path) -> None:
    first = next(slip_pdfs.glob("*1号*.pdf"))
    fonts = pdf.pdf_fonts(first)
    # body 仿宋_GB2312 -> Noto Serif CJK; labels 黑体 -> Noto Sans CJK; title 小标宋 -> serif bold
    assert any(f.startswith("NotoSerifCJK") and "Regular" in f for f in fonts), fonts
    assert any(f.startswith("NotoSansCJK") for f in fonts), fonts
    assert any(f.startswith("NotoSerifCJK") and "Bold" in f for f in fonts), fonts
    # and each in the right place: the body value is serif, the row labels are sans
    glyphs = pdf_glyphs(first)
    serif = {ch for f, pairs in glyphs.items() if f.startswith("NotoSerifCJK") and "Regular" in f
             for ch, _ in pairs}
    sans = {ch for f, pairs in glyphs.items() if f.startswith("NotoSansCJK") for ch, _ in pairs}
    assert set("规划财务李明") <= serif, serif
    assert set("标题责任拟稿") <= sans, sans
    cjk = [f for f in fonts if "CJK" in f or "Droid" in f or "WenQuanYi" in f or "AR PL" in f]
    assert all(f.startswith(("NotoSerifCJK", "NotoSansCJK")) for f in cjk), fonts


@pytest.mark.pdf
def test_slip_pdf_glyphs_come_from_the_simplified_chinese_face(require_pdf_tools: None,
                                                               slip_pdfs: Path) -> None:
    """pdffonts cannot tell SC from JP in Debian's Noto CJK collections (one shared CFF named
    ...CJKjp...), so compare the glyphs drawn with each face's cmap instead."""
    first = next(slip_pdfs.glob("*1号*.pdf"))
    glyphs = pdf_glyphs(first)
    checked = 0
    for font, pairs in glyphs.items():
        if not font.startswith(("NotoSerifCJK", "NotoSansCJK")):
            continue
        family = "Noto Serif CJK SC" if font.startswith("NotoSerif") else "Noto Sans CJK SC"
        cmaps = collection_cmaps(font_file(f"{family}:weight={'bold' if 'Bold' in font else 'regular'}"))
        ideos = _ideographs(pairs)
        votes = face_of(ideos, cmaps)
        assert votes[family] == len(ideos), (font, votes)
        jp = family.replace("SC", "JP")
        if jp in cmaps:
            # the check has teeth: some of these characters look different in the JP face
            differing = [ch for ch, _ in ideos if cmaps[family].get(ord(ch)) != cmaps[jp].get(ord(ch))]
            assert differing or len(ideos) < 5, font
            assert votes[jp] < len(ideos) or not differing
        checked += len(ideos)
    assert checked > 50


@pytest.mark.pdf
def test_slip_text_box_lies_on_the_a4_page(require_pdf_tools: None, slip_pdfs: Path) -> None:
    first = next(slip_pdfs.glob("*1号*.pdf"))
    (page,) = pdf.text_bbox(first)
    assert page.width == pytest.approx(210, abs=0.5)
    assert page.height == pytest.approx(297, abs=0.5)
    assert len(page.words) > 50
    assert 10 < page.left < page.right < 200
    assert 10 < page.top < page.bottom < 290
    title = next(w for w in page.words if "处理单" in w.text)
    assert title.top < 40  # the title is the first line
    body = page.within(0, 270)
    assert body.bottom < page.bottom  # the footer line sits below the table


@pytest.mark.pdf
def test_demo_pdf_writes_a_pdf_beside_every_document_in_one_start(require_pdf_tools: None,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "demo"
    before = pdf.soffice_starts()
    res = CliRunner().invoke(cli, ["demo", str(out), "--pdf"])
    assert res.exit_code == 0, res.output
    assert pdf.soffice_starts() - before == 1
    assert "LibreOffice 启动 1 次" in res.stderr
    docs = [p for p in out.rglob("*") if p.suffix in (".docx", ".xlsx") and p.name != "校验报告.xlsx"]
    assert len(docs) >= 8
    for doc in docs:
        target = doc.with_suffix(".pdf")
        assert target.is_file(), doc
        assert pdf.pdf_page_count(target) >= 1


@pytest.mark.pdf
def test_preview_writes_png_pages(require_pdf_tools: None, slip_pdfs: Path,
                                  tmp_path: Path) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed")
    doc = next(slip_pdfs.glob("*1号*.docx"))
    png = tmp_path / "page.png"
    res = CliRunner().invoke(cli, ["preview", str(doc), "-o", str(png), "--dpi", "30"])
    assert res.exit_code == 0, res.output
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert abs(width - 210 / 25.4 * 30) <= 1 and abs(height - 297 / 25.4 * 30) <= 1
    res = CliRunner().invoke(cli, ["preview", str(doc.with_suffix(".pdf")), "-o", str(png), "--all"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "page-1.png").is_file()
    assert not (tmp_path / "page-2.png").exists()
