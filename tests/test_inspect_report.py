"""检查报告 as a print-ready document (issue 20's report, issue 18's polish) and the document
properties of every file the demo writes.

The demo runs once (module fixture, SOURCE_DATE_EPOCH set): every .docx and .xlsx it writes
names the office as author, is dated by the batch, names fupin-docs as the application and
carries none of python-docx's defaults; 检查报告.docx is lean (its base is built by
tools/build.py), set in the letters' fonts and margins, its chart is a table of real bars that
no page break cuts, its evidence dates read 2026年10月12日, and a rerun gives the same bytes.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from fupin_docs.app.demo import INSPECTED, run_demo
from fupin_docs.kinds.inspection.document import BAR_FILL, BAR_MM, BAR_REST
from fupin_docs.pipeline.inspect import InspectOptions, run_inspect
from fupin_docs.resources import resource_dir
from tests.helpers import soffice_pdf

EPOCH = "1767225600"  # 2026-01-01 00:00:00 UTC
STAMP = "2026-01-01T00:00:00Z"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
OFFICE = "万源市扶贫移民工作局"  # the built-in profile's unit
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        run_demo(out)
        yield out


def _inspect_again(demo: Path, out: Path) -> None:
    """The demo's inspection, on the demo's own records."""
    samples = resource_dir("samples")
    run_inspect([samples / "处理单.xlsx", demo / "台账" / "发布台账.xlsx"], out, InspectOptions(
        date=INSPECTED, members=("王建国", "李明", "张丽"), prefix="万扶督",
        signer="万源市扶贫移民工作局政务公开督查小组"))


def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(part))


def _tag(xml: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}(?: [^>]*)?>(.*?)</{tag}>", xml, re.S)
    return m.group(1) if m else None


# ---------------------------------------------------------------- every output


def test_every_docx_and_xlsx_carries_the_batch_properties(demo: Path) -> None:
    files = sorted(p for p in demo.rglob("*") if p.suffix in (".docx", ".xlsx"))
    names = {p.relative_to(demo).as_posix() for p in files}
    for expected in ("检查/检查报告.docx", "检查/检查报告.xlsx", "检查/督查.xlsx",
                     "标准目录/2026年标准目录汇总.xlsx", "处理单/校验报告.xlsx",
                     "台账/校验报告.xlsx", "复查/复查情况报告.docx", "复查/整改台账.xlsx"):
        assert expected in names
    assert len(files) > 25
    for path in files:
        rel = path.relative_to(demo).as_posix()
        with zipfile.ZipFile(path) as zf:
            members = zf.namelist()
            core = zf.read("docProps/core.xml").decode()
            app = zf.read("docProps/app.xml").decode()
        assert not [m for m in members if "thumbnail" in m or "stylesWithEffects" in m
                    or m.startswith("customXml")], rel
        assert "python-docx" not in core and "2013" not in core, rel
        assert not _tag(core, "dc:description"), rel
        assert _tag(core, "dc:creator"), f"{rel}: no author"
        assert _tag(core, "dcterms:created") == STAMP, rel
        assert _tag(core, "dcterms:modified") == STAMP, rel
        assert _tag(app, "Application") == "fupin-docs", rel


def test_office_is_the_author_of_reports_and_inspection_outputs(demo: Path) -> None:
    """校验报告.xlsx, the catalogue summary and every inspect output: the office (profile)."""
    paths = [*demo.rglob("校验报告.xlsx"), demo / "标准目录" / "2026年标准目录汇总.xlsx",
             *(demo / "检查").glob("*.docx"), *(demo / "检查").glob("*.xlsx")]
    assert len(paths) >= 9
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode()
        assert _tag(core, "dc:creator") == OFFICE, path


# ---------------------------------------------------------------- 检查报告.docx


def test_inspection_report_is_lean(demo: Path) -> None:
    report = demo / "检查" / "检查报告.docx"
    assert report.stat().st_size < 60 * 1024
    with zipfile.ZipFile(report) as zf:
        members = zf.namelist()
        styles = etree.fromstring(zf.read("word/styles.xml"))
        body = etree.fromstring(zf.read("word/document.xml"))
    assert not [m for m in members if "theme" in m or "numbering" in m or "webSettings" in m]
    defined = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    used = {el.get(f"{W}val") for tag in ("pStyle", "rStyle", "tblStyle")
            for el in body.iter(f"{W}{tag}")}
    assert used <= defined
    # only the styles it uses: Word's four defaults and the report's own, each used
    assert defined - used <= {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}


def test_inspection_report_rerun_is_byte_identical(demo: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _inspect_again(demo, tmp_path / "a")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # without it: dated by the run day, same bytes
    _inspect_again(demo, tmp_path / "b")
    _inspect_again(demo, tmp_path / "c")
    for name in ("检查报告.docx", "检查报告.xlsx", "督查.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (demo / "检查" / name).read_bytes(), name
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "c" / name).read_bytes(), name


def _style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def _fonts(style: etree._Element) -> tuple[str | None, str | None, str | None]:
    fonts = style.find("w:rPr/w:rFonts", NS)
    size = style.find("w:rPr/w:sz", NS)
    assert fonts is not None and size is not None
    return fonts.get(f"{W}eastAsia"), fonts.get(f"{W}ascii"), size.get(f"{W}val")


def test_inspection_report_in_gbt_9704_fonts_and_the_letters_margins(demo: Path) -> None:
    report = demo / "检查" / "检查报告.docx"
    styles = _xml(report, "word/styles.xml")
    body = _xml(report, "word/document.xml")
    title = _style(styles, "ReportTitle")
    assert _fonts(title) == ("方正小标宋简体", "方正小标宋简体", "44")  # 二号
    assert title.find("w:pPr/w:jc", NS).get(f"{W}val") == "center"
    heading = _style(styles, "ReportHeading1")
    assert _fonts(heading) == ("黑体", "黑体", "32")  # 三号黑体
    assert _fonts(_style(styles, "ReportHeading2"))[0] == "楷体_GB2312"
    assert _fonts(_style(styles, "ReportBody")) == ("仿宋_GB2312", "仿宋_GB2312", "32")
    for keeps in ("ReportHeading1", "ReportHeading2", "ReportCaption"):  # with what follows
        assert _style(styles, keeps).find("w:pPr/w:keepNext", NS) is not None
    assert not list(styles.iter(f"{W}color")) and not list(body.iter(f"{W}color"))  # black
    first = body.find("w:body/w:p", NS)
    assert first.find("w:pPr/w:pStyle", NS).get(f"{W}val") == "ReportTitle"
    assert "".join(first.itertext()) == "2026年政务公开工作检查报告"
    letter = _xml(resource_dir("templates") / "letter.docx", "word/document.xml")
    margins = [root.find("w:body/w:sectPr/w:pgMar", NS).attrib for root in (body, letter)]
    assert dict(margins[0]) == dict(margins[1])


def _chart(body: etree._Element) -> etree._Element:
    """The table after the 图1 caption."""
    children = list(body.find("w:body", NS))
    for i, el in enumerate(children):
        if el.tag == f"{W}p" and "".join(el.itertext()).startswith("图1"):
            assert el.find("w:pPr/w:pStyle", NS).get(f"{W}val") == "ReportCaption"
            assert children[i + 1].tag == f"{W}tbl"
            return children[i + 1]
    raise AssertionError("no 图1")


def test_chart_is_a_table_of_real_bars_never_cut(demo: Path) -> None:
    body = _xml(demo / "检查" / "检查报告.docx", "word/document.xml")
    chart = _chart(body)
    rows = chart.findall("w:tr", NS)
    assert len(rows) == 6  # header and the demo's five units
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    heads = ["".join(c.itertext()) for c in rows[0].findall("w:tc", NS)]
    assert heads == ["被检查单位", "按时公开率", "程序合规率", "目录覆盖率"]
    # no ■ text bars; each rate cell holds a one-row table: the shaded bar, the scale, the figure
    assert "■" not in "".join(chart.itertext()) and "█" not in "".join(chart.itertext())
    office = rows[1].findall("w:tc", NS)
    assert "".join(office[0].itertext()) == "办公室"
    for cell, rate in zip(office[1:], (0.5, 1.0, 1 / 11), strict=True):
        bar = cell.find("w:tbl", NS)
        assert bar is not None
        widths = [int(g.get(f"{W}w")) for g in bar.findall("w:tblGrid/w:gridCol", NS)]
        fills = [(tc.find("w:tcPr/w:shd", NS).get(f"{W}fill")
                  if tc.find("w:tcPr/w:shd", NS) is not None else None)
                 for tc in bar.findall("w:tr/w:tc", NS)]
        filled = sum(w for w, f in zip(widths, fills, strict=True) if f == BAR_FILL)
        scale = sum(w for w, f in zip(widths, fills, strict=True) if f in (BAR_FILL, BAR_REST))
        assert scale == pytest.approx(BAR_MM * 56.7, abs=15)
        assert filled / scale == pytest.approx(rate, abs=0.01)
        assert "".join(cell.itertext()).strip() == f"{rate:.1%}"


def test_evidence_dates_read_as_the_clerk_writes_them(demo: Path) -> None:
    text = "".join(_xml(demo / "检查" / "检查报告.docx", "word/document.xml").itertext())
    assert "（实际公开日期）：2026年10月12日" in text
    assert not ISO_DATE.search(text)
    ws = openpyxl.load_workbook(demo / "检查" / "督查.xlsx")["问题"]
    cells = [str(c) for row in ws.iter_rows(min_row=2, values_only=True) for c in row if c]
    assert any("2026年10月12日" in c for c in cells)
    assert not [c for c in cells if ISO_DATE.search(c)]


def test_findings_sheet_prints_its_plain_columns_at_a_readable_size(demo: Path) -> None:
    wb = openpyxl.load_workbook(demo / "检查" / "检查报告.xlsx")
    ws = wb["问题清单"]
    heads = [c.value for c in ws[2]]
    assert heads[:9] == ["序号", "被检查单位", "问题类别", "条款", "编号", "信息标题", "问题描述",
                         "整改意见", "整改时限"]
    assert ws.print_area == "'问题清单'!$A$1:$I$13"  # title, header, the demo's 11 findings
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    printed = sum(ws.column_dimensions[chr(ord("A") + c)].width for c in range(9))
    assert printed <= 175  # A4 landscape at 10 pt scaled to no less than about 9 pt
    date_cells = [c for row in ws.iter_rows(min_row=3) for c in row if c.is_date]
    assert date_cells and all("年" in c.number_format for c in date_cells)


# ---------------------------------------------------------------- printed (PDF)


def test_chart_and_signature_printed_whole(demo: Path, tmp_path: Path,
                                           require_pdf_tools: None) -> None:
    pdf = soffice_pdf(demo / "检查" / "检查报告.docx", tmp_path, tmp_path)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.replace(" ", "").split("\f")
    with_chart = [p for p in pages if "图1" in p]
    assert len(with_chart) == 1
    chart = with_chart[0][with_chart[0].index("图1"):]
    for unit in ("办公室", "开发股", "综合股", "规划财务股", "项目股"):  # every row on its page
        assert unit in chart
    # each unit's three figures beside their bars (综合股 has no 按时公开率: —)
    assert len(re.findall(r"\d+\.\d%", chart)) == 14
    last = [p for p in pages if p.strip()][-1]
    assert "万源市扶贫移民工作局政务公开督查小组" in last and "2026年11月20日" in last
    assert "三、说明" in last or "整改意见" in last  # never the signature alone on a page


# ---------------------------------------------------------------- the base template


def test_base_template_is_what_tools_build_makes(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "fupin_build", Path(__file__).resolve().parent.parent / "tools" / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "TEMPLATES", tmp_path)
    built = build.build_inspection()
    shipped = resource_dir("templates") / "inspection.docx"
    # rebuilt after every change: the same parts with the same content (the deflate
    # stream itself depends on the compressor: python-isal, or zlib without it)

    def parts(path: Path) -> list[tuple[str, bytes]]:
        with zipfile.ZipFile(path) as zf:
            return [(i.filename, zf.read(i)) for i in zf.infolist()]

    assert parts(built) == parts(shipped)
    with zipfile.ZipFile(shipped) as zf:
        names = zf.namelist()
        styles = zf.read("word/styles.xml")
        core = zf.read("docProps/core.xml").decode()
    assert not [n for n in names if "stylesWithEffects" in n or n.startswith("customXml")
                or "thumbnail" in n or "theme" in n or "numbering" in n]
    assert len(styles) < 8000 and "python-docx" not in core and "2013" not in core
    lang = etree.fromstring(styles).find(".//w:rPrDefault//w:lang", NS)
    assert lang is not None and lang.get(f"{W}val") == "en-US"  # digits never split apart
    assert lang.get(f"{W}eastAsia") == "zh-CN"


def test_long_chart_repeats_its_header_and_never_cuts_a_unit(tmp_path: Path,
                                                             require_pdf_tools: None) -> None:
    """60 units: 表1 and 图1 run over pages; each continued page starts with the header row,
    and every unit's row (name and its three figures) is whole on one page."""
    import datetime as dt

    from fupin_docs.kinds.inspection.document import write_report_docx
    from fupin_docs.kinds.inspection.model import Period, UnitResult
    from fupin_docs.kinds.inspection.outputs import Inspection, LetterHead

    units = [UnitResult(unit=f"第{n:02d}股", slips=10, published=10, timed=10, on_time=n % 11,
                        procedure_ok=10 - n % 3, applicable=13, covered=n % 14)
             for n in range(1, 61)]
    inspection = Inspection(Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
                            LetterHead(date=dt.date(2026, 11, 20)), units, author=OFFICE)
    target = tmp_path / "检查报告.docx"
    write_report_docx(inspection, target)
    pdf = soffice_pdf(target, tmp_path, tmp_path)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    start = next(i for i, p in enumerate(pages) if "图 1" in p or "图1" in p)
    rows: dict[str, str] = {}
    chart_pages = 0
    for page in pages[start:]:
        lines = [line.replace(" ", "") for line in page.splitlines() if line.strip()]
        if not any(re.match(r"第\d\d股", line) for line in lines):
            break
        chart_pages += 1
        head = next(i for i, line in enumerate(lines) if line.startswith("被检查单位"))
        assert lines[head] == "被检查单位按时公开率程序合规率目录覆盖率"  # repeated
        assert all(not re.match(r"第\d\d股", line) for line in lines[:head])
        for line in lines:
            m = re.match(r"(第\d\d股)(.*)$", line)
            if m:
                rows[m.group(1)] = m.group(2)
    assert len(rows) == 60 and chart_pages >= 2
    for u in units:  # the unit's three figures on its own line: the row was not cut
        figures = re.findall(r"\d+\.\d%", rows[u.unit])
        assert figures == [f"{r:.1%}" for r in (u.on_time_rate, u.procedure_rate,
                                                u.coverage_rate)], (u.unit, rows[u.unit])


@pytest.mark.parametrize("jobs", [1, 2])
def test_inspect_follows_the_office_profile(demo: Path, tmp_path: Path, jobs: int) -> None:
    """--profile: the standard named in 检查依据, its §5.4 days used by the rules (also in the
    worker processes), the office as author."""
    from dataclasses import replace

    from fupin_docs.standard.profile import DEFAULT

    profile = replace(DEFAULT, unit="平昌县乡村振兴局", standard="平昌县扶贫工作公开规范",
                      signoff_days=2)
    samples = resource_dir("samples")
    report = run_inspect([samples / "处理单.xlsx", demo / "台账" / "发布台账.xlsx"], tmp_path,
                         InspectOptions(date=INSPECTED, profile=profile, jobs=jobs))
    descriptions = " ".join(f["description"] for f in report.extra["findings"])
    assert "审签确认后2个工作日内" in descriptions and "审签确认后1个工作日内" not in descriptions
    opinions = [f["opinion"] for f in report.extra["findings"] if f["clause"] == "第5.4条"]
    assert opinions and all("今后审签确认后2个工作日内公开" in o for o in opinions)
    ws = openpyxl.load_workbook(tmp_path / "督查.xlsx")["检查"]
    basis = [c.value for c in ws[1]].index("检查依据*")
    assert all(str(row[basis]).startswith("《平昌县扶贫工作公开规范》")
               for row in ws.iter_rows(min_row=2, values_only=True) if row[0])
    for name in ("检查报告.docx", "检查报告.xlsx", "督查.xlsx"):
        with zipfile.ZipFile(tmp_path / name) as zf:
            assert _tag(zf.read("docProps/core.xml").decode(), "dc:creator") == "平昌县乡村振兴局"
