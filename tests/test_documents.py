"""Print-ready Word documents (issue 18) and lean templates (issue 19).

Lean packages; Latin en-US so digit runs never break across lines (checked in the PDF text);
GB/T 9704-2012 letters and reports (版记 on the last page, 附件说明, 文号 and 签发人 on one
line, column widths); signature rows of the slip; document properties dated by the batch;
an office profile that replaces every 万源 wording.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.comments
import pytest
from click.testing import CliRunner
from lxml import etree

from fupin_docs.app.cli import cli
from fupin_docs.kinds.letter import cn_count, text_width
from fupin_docs.render.docx import DocxRenderer
from fupin_docs.resources import resource_dir
from fupin_docs.standard.profile import DEFAULT, find_profile, load_profile
from fupin_docs.types import FupinError

TEMPLATES = resource_dir("templates")
DOCX_TEMPLATES = ("slip.docx", "letter.docx", "followup.docx", "catalogue.docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HAS_SOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
needs_pdf = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice / poppler not installed")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    code, output = run("demo", str(out))
    assert code == 0, output
    return out


@pytest.fixture(scope="module")
def sample_letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Letters and the follow-up report of the bundled 督查.xlsx (the demo now writes its
    letters from the workbook inspect pre-fills, whose evidence names the record files)."""
    out = tmp_path_factory.mktemp("letters")
    sample = str(resource_dir("samples") / "督查.xlsx")
    code, output = run("letters", sample, "-o", str(out / "整改意见书"))
    assert code == 0, output
    code, output = run("followup", sample, "-o", str(out / "复查"), "--today", "2026-11-20")
    assert code in (0, 1), output
    return out


def to_pdf(docs: list[Path], out: Path) -> list[Path]:
    subprocess.run(["soffice", f"-env:UserInstallation={(out / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out),
                    *map(str, docs)], check=True, capture_output=True, timeout=300)
    return [out / (d.stem + ".pdf") for d in docs]


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


# ---------------------------------------------------------------- lean templates (issue 19)


@pytest.mark.parametrize("name", DOCX_TEMPLATES)
def test_templates_carry_only_the_parts_they_use(name: str) -> None:
    with zipfile.ZipFile(TEMPLATES / name) as zf:
        names = zf.namelist()
        styles = zf.read("word/styles.xml")
        core = zf.read("docProps/core.xml").decode()
    assert not [n for n in names if "stylesWithEffects" in n or n.startswith("customXml")
                or "thumbnail" in n or "theme" in n or "webSettings" in n or "numbering" in n]
    assert len(styles) < 4000  # Normal and the three defaults, not python-docx's 350 KB
    assert "python-docx" not in core and "2013" not in core


def test_outputs_are_small(demo: Path) -> None:
    slips = list((demo / "处理单").glob("*.docx"))
    assert slips and max(p.stat().st_size for p in slips) <= 12 * 1024
    letters = list((demo / "整改意见书").glob("*.docx"))
    assert letters and max(p.stat().st_size for p in letters) <= 12 * 1024
    assert (demo / "复查" / "复查情况报告.docx").stat().st_size <= 12 * 1024
    catalogues = list((demo / "标准目录").glob("*.docx"))
    assert catalogues and max(p.stat().st_size for p in catalogues) <= 16 * 1024


# ---------------------------------------------------------------- language: digits stay whole


@pytest.mark.parametrize("name", DOCX_TEMPLATES)
def test_latin_text_is_en_us_east_asian_zh_cn(name: str) -> None:
    with zipfile.ZipFile(TEMPLATES / name) as zf:
        parts = {n: zf.read(n) for n in zf.namelist() if n.startswith("word/") and
                 n.endswith(".xml")}
    langs = [el for xml in parts.values() for el in etree.fromstring(xml).iter(f"{W}lang")]
    assert langs, "no w:lang at all"
    for el in langs:
        assert el.get(f"{W}val") in (None, "en-US"), etree.tostring(el)
        assert el.get(f"{W}eastAsia") in (None, "zh-CN"), etree.tostring(el)
    defaults = etree.fromstring(parts["word/styles.xml"]).find(f".//{W}rPrDefault//{W}lang")
    assert defaults is not None and defaults.get(f"{W}val") == "en-US"
    assert defaults.get(f"{W}eastAsia") == "zh-CN"


SPLIT = re.compile(r"\d\n(?=[\d—–-])")


def split_digit_runs(text: str) -> list[str]:
    """Places where a line ends inside a number or a number range: "2026年1" / "—9月",
    "20" / "26年", "（1" / "0个工作日）" (a break between "23" and "日" is ordinary CJK
    line breaking)."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return [text[max(0, m.start() - 8):m.end() + 4] for m in SPLIT.finditer(text)]


def test_split_digit_detector_catches_the_reported_splits() -> None:
    assert split_digit_runs("检查你单位2026年1\n—9月扶贫资金")
    assert split_digit_runs("整改时限：20\n26年10月16日")
    assert split_digit_runs("（1\n0个工作日）")
    assert not split_digit_runs("2026年1—9月\n扶贫资金")
    assert not split_digit_runs("2026年10月23\n日前")


@pytest.fixture(scope="module")
def letter_pdfs(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """The demo's letters and its follow-up report, each with its PDF (one soffice run)."""
    docs = [*sorted((demo / "整改意见书").glob("*.docx")), demo / "复查" / "复查情况报告.docx"]
    return list(zip(docs, to_pdf(docs, tmp_path_factory.mktemp("pdf")), strict=True))


@needs_pdf
def test_no_number_broken_across_lines_in_letters_and_report(
        letter_pdfs: list[tuple[Path, Path]]) -> None:
    for _, pdf in letter_pdfs:
        # the body pages, as pdftotext keeps their line ends (the table's cells interleave)
        text = "\n".join(p for p in pdf_pages(pdf) if not p.startswith("附件\n"))
        assert "月" in text and not split_digit_runs(text), (pdf.name, split_digit_runs(text))


# ---------------------------------------------------------------- GB/T 9704-2012


@needs_pdf
def test_colophon_on_the_last_page_gbt_9704_7_4(letter_pdfs: list[tuple[Path, Path]]) -> None:
    for doc, pdf in letter_pdfs:
        pages = [p for p in pdf_pages(pdf) if p.strip()]
        assert "印发" in pages[-1], doc.name
        assert all("印发" not in p for p in pages[:-1]), doc.name
        if "整改意见书" in doc.name:
            assert "抄送：市领导小组办公室。" in pages[-1].replace(" ", "")
        # at the foot of the page: the 印发 line in the lowest fifth of the last page
        box = etree.fromstring(subprocess.run(
            ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout,
            etree.XMLParser(recover=True))
        ns = "{http://www.w3.org/1999/xhtml}"
        last = box.findall(f".//{ns}page")[-1]
        word = next(w for w in last.iter(f"{ns}word") if "印发" in (w.text or ""))
        assert float(word.get("yMax")) > 0.8 * float(last.get("height")), doc.name
        # the signature follows its 附件说明 on one page, with the date
        sig = next(p for p in pages if "附件：" in p)
        assert re.search(r"20\d\d 年 \d+ 月 \d+ 日", sig.split("附件：")[1]), doc.name


MM = 72 / 25.4  # PDF points per millimetre
TYPE_LEFT, TYPE_RIGHT = 28 * MM, (210 - 26) * MM  # the type area's edges on A4 (订口 28 mm)
TYPE_BOTTOM = (297 - 35) * MM


def horizontal_rules(page: Any) -> list[tuple[float, float]]:
    """(y, thickness in pt) of the horizontal rules as wide as the type area, top down: drawn
    as lines or as thin filled rectangles."""
    found = [(ln["top"], float(ln["linewidth"])) for ln in page.lines
             if abs(ln["top"] - ln["bottom"]) < 0.5 and abs(ln["x0"] - TYPE_LEFT) < 2
             and abs(ln["x1"] - TYPE_RIGHT) < 2]
    found += [(r["top"] + r["height"] / 2, float(r["height"])) for r in page.rects
              if r["height"] < 2 and abs(r["x0"] - TYPE_LEFT) < 2
              and abs(r["x1"] - TYPE_RIGHT) < 2]
    return sorted(found)


def colophon_rules(pdf: Path) -> tuple[list[tuple[float, float]], dict[str, float]]:
    """The rules of the last page around the 版记, and where its elements stand (y)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        last = doc.pages[-1]
        lines = last.extract_text_lines()
        rules = horizontal_rules(last)
    at = {key: next(ln["top"] for ln in lines if key in ln["text"].replace(" ", ""))
          for key in ("抄送：", "印发") if any(key in ln["text"].replace(" ", "") for ln in lines)}
    top = min(at.values()) - 20
    return [r for r in rules if r[0] > top], at


@needs_pdf
def test_colophon_rules_gbt_9704_7_4_1(letter_pdfs: list[tuple[Path, Path]]) -> None:
    """版记 rules as wide as the type area: thick (0.35 mm) above the first element and under
    the last, the last on the type area's lower edge; thin (0.25 mm) between 抄送 and 印发."""
    for doc, pdf in letter_pdfs:
        rules, at = colophon_rules(pdf)
        (first_y, first_w), (last_y, last_w) = rules[0], rules[-1]
        assert abs(first_w - 0.35 * MM) < 0.15 and abs(last_w - 0.35 * MM) < 0.15, (doc, rules)
        assert abs(last_y - TYPE_BOTTOM) < 3, (doc.name, last_y, TYPE_BOTTOM)
        assert first_y < min(at.values()) and max(at.values()) < last_y
        if "整改意见书" in doc.name:  # 抄送 the 领导小组办公室, then 印发
            assert len(rules) == 3, (doc.name, rules)
            (middle_y, middle_w) = rules[1]
            assert at["抄送："] < middle_y < at["印发"], (doc.name, rules, at)
            assert abs(middle_w - 0.25 * MM) < 0.1 and middle_w < first_w, (doc.name, rules)
        else:  # the report goes to the 领导小组 itself: no 抄送, two rules
            assert len(rules) == 2 and "抄送：" not in at, (doc.name, rules)


def _long_letter(samples: Path, target: Path, problems: int) -> Path:
    """The sample 督查 workbook cut to its first letter, with ``problems`` problems."""
    wb = openpyxl.load_workbook(samples / "督查.xlsx")
    checks, found = wb["检查"], wb["问题"]
    number, unit = checks["A2"].value, checks["B2"].value
    checks.delete_rows(3, checks.max_row)
    found.delete_rows(2, found.max_row)
    for n in range(1, problems + 1):
        found.append([number, unit, f"第{n}号问题：政务公开信息处理单未按规定填写审签日期"
                      + "和公开渠道" * (n % 3), "第5.5条", f"补全第{n}号信息的处理单并重新审签",
                      "10个工作日"])
    wb.save(target)
    return target


def problem_column(letter: Path, pdf: Path) -> list[str]:
    """The 问题描述 column of the 附件 问题清单, page by page (spaces dropped), read from the
    PDF between the column's edges (the letter's table grid)."""
    import pdfplumber

    root = etree.fromstring(zipfile.ZipFile(letter).read("word/document.xml"))
    table = root.find(f".//{W}tbl")
    assert table is not None
    widths = [int(g.get(f"{W}w")) / 20 for g in table.iter(f"{W}gridCol")]  # pt
    left, right = TYPE_LEFT + widths[0], TYPE_LEFT + widths[0] + widths[1]
    columns = []
    with pdfplumber.open(pdf) as doc:
        start = next(i for i, p in enumerate(doc.pages)
                     if (p.extract_text() or "").startswith("附件"))
        for page in doc.pages[start:]:
            words = sorted((w for w in page.extract_words() if left - 1 <= w["x0"] < right
                            and w["bottom"] < TYPE_BOTTOM),  # not the page number
                           key=lambda w: (round(w["top"]), w["x0"]))
            columns.append("".join(w["text"] for w in words).replace(" ", ""))
    return columns


@needs_pdf
def test_problem_list_header_repeats_and_rows_stay_whole(samples: Path, tmp_path: Path) -> None:
    """The 附件 问题清单 of a letter with 30 problems runs over pages: every continuation page
    starts with the header row (w:tblHeader), and no row is split across pages (w:cantSplit)."""
    import pdfplumber

    book = _long_letter(samples, tmp_path / "督查.xlsx", 30)
    code, output = run("letters", str(book), "-o", str(tmp_path / "out"))
    assert code == 0, output
    (letter,) = sorted((tmp_path / "out").glob("*.docx"))
    root = etree.fromstring(zipfile.ZipFile(letter).read("word/document.xml"))
    table = root.find(f".//{W}tbl")
    assert table is not None
    first_row = table.find(f"{W}tr/{W}trPr")
    assert first_row is not None and first_row.find(f"{W}tblHeader") is not None
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in table.iter(f"{W}tr"))
    (pdf,) = to_pdf([letter], tmp_path)
    columns = problem_column(letter, pdf)
    assert len(columns) >= 3, len(columns)
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages[len(doc.pages) - len(columns) + 1:]:
            words = page.extract_words()  # the header row: within a row's height of the top
            top = min(w["top"] for w in words)
            head = "".join(w["text"] for w in words if w["top"] < top + 20)
            assert all(h in head for h in ("序号", "问题描述", "整改意见", "整改时限", "复查结果")), \
                (page.page_number, head)
            assert "第" not in head, (page.page_number, head)  # no problem above the header
    for n in range(1, 31):
        text = f"第{n}号问题：政务公开信息处理单未按规定填写审签日期" + "和公开渠道" * (n % 3)
        assert sum(text in c for c in columns) == 1, (n, columns)  # whole, on one page


@needs_pdf
def test_problem_list_row_taller_than_a_page_loses_no_line(
        letter_pdfs: list[tuple[Path, Path]]) -> None:
    """A problem whose row is taller than a page (the demo's pre-filled 办公室 letter lists
    18 items in one) breaks across pages with every line kept: LibreOffice dropped the last
    lines of such a row when it was marked "can't split"."""
    from docx import Document

    tall = 0
    for letter, pdf in letter_pdfs:
        if "整改意见书" not in letter.name:
            continue
        rows = Document(str(letter)).tables[0].rows[1:]
        texts = [r.cells[1].text.replace(" ", "").replace("\n", "") for r in rows]
        flowing = "".join(problem_column(letter, pdf)).replace("问题描述", "")
        for text in texts:
            assert text in flowing, (letter.name, text[-30:])
        root = etree.fromstring(zipfile.ZipFile(letter).read("word/document.xml"))
        tall += sum(tr.find(f"{W}trPr/{W}cantSplit") is None
                    for tr in root.find(f".//{W}tbl").iter(f"{W}tr"))
    assert tall >= 1  # the demo has such a row, and it is the one left free to break


def _letter_paragraphs(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]


def test_single_attachment_named_by_title(sample_letters: Path) -> None:
    demo = sample_letters
    letter = next((demo / "整改意见书").glob("*.docx"))
    paras = [p.strip() for p in _letter_paragraphs(letter)]
    assert "附件：问题清单" in paras and "附件" in paras
    assert not any(p.startswith("附件：1.") or p == "附件1" for p in paras)
    report = [p.strip() for p in _letter_paragraphs(demo / "复查" / "复查情况报告.docx")]
    assert "附件：整改台账" in report
    assert not any(".xlsx" in p for p in report)


def test_report_has_number_and_issuer_on_one_line_gbt_9704_7_2_5(demo: Path) -> None:
    paras = _letter_paragraphs(demo / "复查" / "复查情况报告.docx")
    head = paras[:4]
    line = next(p for p in head if "签发人：" in p)
    assert line.startswith("万扶督〔2026〕") and "\t" in line
    assert paras[1] == line  # right under the 发文机关标志: no empty line in its place


def test_counts_in_chinese_numerals() -> None:
    assert cn_count(2) == "两" and cn_count(3) == "三" and cn_count(12) == "十二"


def test_letter_written_before_the_review_shows_no_result(sample_letters: Path) -> None:
    from docx import Document

    demo = sample_letters
    # 万扶督〔2026〕5号 is dated 2026-10-15; its problems were reviewed on 10-19 and 11-16
    doc = Document(str(next((demo / "整改意见书").glob("万扶督〔2026〕5号*.docx"))))
    results = [r.cells[5].text for r in doc.tables[0].rows[1:]]
    assert results == ["", ""]


def test_list_columns_wide_enough() -> None:
    """序号, 整改时限 and 复查结果 hold "10", "2026年12月18日" and "部分整改" on one line; the
    cells' lines are their own (no snapping to the 正文's grid), and 问题描述 has the most room.
    (tests/test_letters.py checks the dates in LibreOffice's PDF.)"""
    root = etree.fromstring(zipfile.ZipFile(TEMPLATES / "letter.docx").read("word/document.xml"))
    tbl = root.find(f".//{W}tbl")
    assert tbl is not None
    for p in tbl.iter(f"{W}p"):
        assert p.find(f"{W}pPr/{W}snapToGrid").get(f"{W}val") == "0"
    widths = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
    margins = tbl.find(f"{W}tblPr/{W}tblCellMar")
    side = sum(int(m.get(f"{W}w")) for m in margins) if margins is not None else 216
    size = int(tbl.find(f".//{W}sz").get(f"{W}val")) / 2  # pt
    twips_per_char = size * 20
    assert widths[1] == max(widths)
    for col, text in ((0, "序号"), (0, "10"), (4, "2026年12月18日"), (4, "（10个工作日）"),
                      (5, "部分整改"), (5, "复查结果")):
        # digits counted at 0.6 em: CJK fonts' figures are a little wider than half
        need = (text_width(text) + 0.1 * sum(c.isdigit() for c in text)) * twips_per_char
        assert widths[col] - side >= need, (col, text, widths[col] - side, need)


# ---------------------------------------------------------------- slips


def _slip_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join(c.text for row in doc.tables[0].rows for c in row.cells)


def test_blank_slip_can_be_signed_by_hand() -> None:
    from fupin_docs.kinds.slip import KIND
    from fupin_docs.pipeline import RunOptions, make_context
    from fupin_docs.types import Record

    rec = Record(file="x.xlsx", sheet="处理单", row=2, record=1, raw={}, instance={}, values={},
                 columns={})
    context = KIND.context(rec, make_context(RunOptions()))
    text = _slip_text(DocxRenderer(TEMPLATES / "slip.docx").render(context))
    assert text.count("日期：\u3000\u3000年\u3000月\u3000日") == 3  # 股室负责人, 分管, 主要领导
    assert text.count("签名：\u3000\u3000\u3000\u3000\u3000") == 3
    root = etree.fromstring(zipfile.ZipFile(TEMPLATES / "slip.docx").read("word/document.xml"))
    underlined = ["".join(t.text or "" for t in r.iter(f"{W}t")) for r in root.iter(f"{W}r")
                  if r.find(f"{W}rPr/{W}u") is not None]
    assert underlined.count("{{ office_head_date_line }}") == 1
    assert "{{ head_name_line }}" in underlined and "{{ deputy_date_line }}" in underlined


def _slip_pairs(path: Path) -> dict[str, str]:
    from docx import Document

    return {r.cells[0].text: r.cells[1].text for r in Document(str(path)).tables[0].rows}


@pytest.mark.parametrize("number, catalogue, rule", [
    ("7", "伊美区标准目录", "信息形成后20个工作日内"),  # 扶贫项目/项目实施: its own 20 days
    ("2", "万源市扶贫移民工作局标准目录", "信息形成后3个工作日内"),  # 机构信息/领导分工
])
def test_slip_deadline_is_one_short_line_naming_its_catalogue(
        demo: Path, number: str, catalogue: str, rule: str) -> None:
    pairs = _slip_pairs(next((demo / "处理单").glob(f"万扶公〔2026〕{number}号*.docx")))
    line, source = pairs["公开时限"].split("\n")
    assert re.fullmatch(rf"{rule}，截止\d{{4}}年\d+月\d+日", line), line
    assert text_width(line) <= 27  # one line of the 116 mm cell at 小四 (12 pt)
    assert source == f"依据：{catalogue}"
    # the 公开事项 cell holds the item only
    assert "目录" not in pairs["公开事项"] and "（" not in pairs["公开事项"]


def test_slip_deadline_names_an_imported_catalogue(tmp_path: Path) -> None:
    from fupin_docs.kinds.blank import SLIP_NOTES, write_input_workbook
    from fupin_docs.resources import load_schema

    book = tmp_path / "处理单.xlsx"
    row = dict(number="盖民公〔2026〕1号", title="社会救助政策文件", office="社会救助股",
               drafter="赵敏", draft_date=dt.date(2026, 9, 30), formed_date=dt.date(2026, 9, 30),
               item="综合业务/政策法规文件", category="一般性文件", disclosure="主动公开",
               check_truth="已核对", check_complete="已核对", check_secret="不涉密")
    write_input_workbook(book, [(load_schema("slip"), [row])], {}, SLIP_NOTES)
    table = Path(__file__).parent / "data" / "catalogues_real" / "jiuzhu_gaizhou.docx"
    code, output = run("slips", str(book), "-o", str(tmp_path / "out"), "--catalogue", str(table))
    assert code in (0, 1), output
    pairs = _slip_pairs(next((tmp_path / "out").glob("*.docx")))
    line, source = pairs["公开时限"].split("\n")
    assert line.startswith("制定或获取信息之日起10个工作日内，截止2026年")
    assert source == "依据：盖州市民政局社会救助领域标准目录"


def test_blank_slip_deadline_cell_is_empty() -> None:
    from fupin_docs.kinds.slip import KIND
    from fupin_docs.pipeline import RunOptions, make_context
    from fupin_docs.types import Record

    rec = Record(file="x.xlsx", sheet="处理单", row=2, record=1, raw={}, instance={}, values={},
                 columns={})
    context = KIND.context(rec, make_context(RunOptions()))
    from docx import Document

    doc = Document(io.BytesIO(DocxRenderer(TEMPLATES / "slip.docx").render(context)))
    pairs = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert pairs["公开时限"] == ""  # no 依据 line on a slip to fill by hand


# ---------------------------------------------------------------- document properties


def _props(path: Path) -> tuple[str, str]:
    with zipfile.ZipFile(path) as zf:
        return zf.read("docProps/core.xml").decode(), zf.read("docProps/app.xml").decode()


def test_document_properties_dated_by_the_batch(tmp_path: Path, samples: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    outs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        assert run("slips", str(samples / "处理单.xlsx"), "-o", str(out / "s"))[0] == 0
        assert run("catalogue", str(samples / "单位.xlsx"), "-o", str(out / "c"),
                   "--year", "2026", "--format", "docx")[0] == 0
        assert run("letters", str(samples / "督查.xlsx"), "-o", str(out / "l"))[0] == 0
        outs.append(out)
    docs = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*.docx"))
    assert len(docs) > 10
    for rel in docs:  # two runs of the same input: byte-identical
        assert (outs[0] / rel).read_bytes() == (outs[1] / rel).read_bytes(), rel
        core, app = _props(outs[0] / rel)
        assert "2026-01-01T00:00:00Z" in core and "<dc:creator>万源市扶贫移民工作局</dc:creator>" in core
        assert "python-docx" not in core and "2013" not in core
        assert "<Application>fupin-docs</Application>" in app


def test_batch_date_without_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    from fupin_docs.render.docprops import batch_time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert batch_time(dt.date(2026, 3, 5)) == dt.datetime(2026, 3, 5)


def test_catalogue_rows_written_with_w_prefix(demo: Path) -> None:
    doc = next((demo / "标准目录").glob("*.docx"))
    xml = zipfile.ZipFile(doc).read("word/document.xml").decode()
    assert "ns0:" not in xml and 'xmlns="http://schemas.openxmlformats.org/wordprocessingml' \
        not in xml
    assert xml.count("<w:tr") > 10 and xml.count("xmlns:w=") == 1


# ---------------------------------------------------------------- the office profile


def test_init_profile_writes_the_default(tmp_path: Path) -> None:
    path = tmp_path / "fupin-docs.toml"
    code, out = run("init", "profile", str(path))
    assert code == 0, out
    text = path.read_text("utf-8")
    assert "# " in text and "万源市扶贫工作公开规范" in text
    loaded = load_profile(path)
    assert loaded.unit == DEFAULT.unit and loaded.signoff_days == 1
    assert loaded.general_deadline_days == 3 and loaded.catalogues == DEFAULT.catalogues


def test_profile_found_beside_the_input(tmp_path: Path) -> None:
    (tmp_path / "fupin-docs.toml").write_text('[office]\nunit = "平昌县乡村振兴局"\n', "utf-8")
    assert find_profile(None, tmp_path / "处理单.xlsx").unit == "平昌县乡村振兴局"


@pytest.mark.parametrize(("text", "words"), [
    ('[office]\nunit = 3\n', "应为文字"),
    ('[standard]\nsignoff_days = "一"\n', "1到99的整数"),
    ('[office]\nnmae = "x"\n', "不认识的项「nmae」"),
    ('[office\n', "格式有误"),
    # syntax errors: where, and what, in Chinese
    ('[office]\nunit = \n', "第2行第8列：这一项的值写得不对"),
    ('[office]\nunit = 平昌县\n', "第2行第8列：这一项的值写得不对"),
    ('[office]\nunit "平昌县"\n', "第2行第6列：项名后面缺少英文等号"),
    ('[office]\nunit = "平昌县"\nunit = "x"\n', "第3行第11列：同一项写了两次"),
    ('[standard]\ncatalogues = ["yimei",\n', "文件末尾："),
])
def test_bad_profile_is_a_chinese_error(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(FupinError) as info:
        load_profile(path)
    assert words in str(info.value)
    assert not re.search("Invalid|Expected|Cannot|Unclosed|Illegal|at line|end of document",
                         str(info.value)), str(info.value)  # tomllib's English is not passed on


def test_profile_with_a_bom_is_read(tmp_path: Path) -> None:
    """Notepad on older Windows saves UTF-8 with a BOM."""
    path = tmp_path / "p.toml"
    path.write_bytes('[office]\nunit = "平昌县乡村振兴局"\n'.encode("utf-8-sig"))
    assert load_profile(path).unit == "平昌县乡村振兴局"


PINGCHANG = """\
[office]
unit = "平昌县乡村振兴局"
inspection_group = "平昌县乡村振兴局政务公开督查小组"
leading_group = "县领导小组"
leading_group_office = "县领导小组办公室"
[standard]
standard = "平昌县扶贫工作公开规范"
signoff_days = 2
general_deadline_days = 5
catalogues = ["yimei"]
"""


def _pingchang(text: str) -> str:
    return text.replace("万源市", "平昌县").replace("万源", "平昌").replace("万扶", "平扶")


def _pingchang_copy(src: Path, dst: Path, drop_wanyuan_units: bool = False) -> Path:
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        if drop_wanyuan_units and ws.title == "单位":
            for r in range(ws.max_row, 1, -1):
                if any("万源" in str(c.value or "") for c in ws[r]):
                    ws.delete_rows(r)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    c.value = _pingchang(c.value)
                if c.comment is not None:  # the header notes of an init workbook
                    c.comment = openpyxl.comments.Comment(_pingchang(c.comment.text),
                                                          c.comment.author or "")
    wb.save(dst)
    return dst


def _all_text(folder: Path) -> str:
    chunks = []
    for path in folder.rglob("*"):
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as zf:
                chunks += [zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                           if n.endswith(".xml")]
        elif path.suffix == ".json":
            chunks.append(json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False))
    return "\n".join(chunks)


def test_pingchang_profile_leaves_no_wanyuan(tmp_path: Path, samples: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    profile = inputs / "平昌.toml"
    profile.write_text(PINGCHANG, "utf-8")
    slips = _pingchang_copy(samples / "处理单.xlsx", inputs / "处理单.xlsx")
    letters = _pingchang_copy(samples / "督查.xlsx", inputs / "督查.xlsx")
    units = _pingchang_copy(samples / "单位.xlsx", inputs / "单位.xlsx", drop_wanyuan_units=True)
    out = tmp_path / "out"
    p = ("--profile", str(profile))
    for args in (("slips", str(slips), "-o", str(out / "s")),
                 ("ledger", str(slips), "-o", str(out / "t" / "台账.xlsx")),
                 ("letters", str(letters), "-o", str(out / "l")),
                 ("followup", str(letters), "-o", str(out / "f"), "--today", "2026-11-20"),
                 ("catalogue", str(units), "-o", str(out / "c"), "--year", "2026"),
                 # the ledger holds the rows whose items the profile's catalogue has
                 ("inspect", str(out / "t" / "台账.xlsx"), "-o", str(out / "i"),
                  "--date", "2026-11-20")):
        code, output = run(*args, *p)
        assert code in (0, 1), output
    text = _all_text(out)
    assert "平昌县扶贫工作公开规范" in text and "县领导小组办公室" in text
    assert "<dc:creator>平昌县乡村振兴局</dc:creator>" in text
    assert "万源" not in text, text[max(0, text.find("万源") - 200):text.find("万源") + 50]
    # inspect signs with the profile's 督查小组 (its workbook's 落款, the report's signature)
    checks = openpyxl.load_workbook(out / "i" / "督查.xlsx")["检查"]
    signer = next(c.column for c in checks[1] if str(c.value).startswith("落款"))
    assert {checks.cell(r, signer).value for r in range(2, checks.max_row + 1)} == {
        "平昌县乡村振兴局政务公开督查小组"}
    # the profile's parameters are used by the rules: §6.1 five working days, §5.4 two
    report = json.loads((out / "s" / "report.json").read_text("utf-8"))
    messages = " ".join(i["message"] for i in report["issues"])
    assert "后3个工作日内" not in messages and "后1个工作日内" not in messages
    assert "第5.4条：审签确认后2个工作日内" in messages  # 第7行: signed 9月30日, out 10月12日
    # the workbook's 落款 is not the profile's 督查小组: said, as a warning
    letters_report = json.loads((out / "l" / "report.json").read_text("utf-8"))
    signer = [i for i in letters_report["issues"] if i["code"] == "letter.signer.profile"]
    assert len(signer) == 3 and all(i["severity"] == "warning" for i in signer)
    assert "平昌县乡村振兴局政务公开督查小组" in signer[0]["message"]


def _workbook_text(path: Path) -> str:
    """Everything a clerk reads in a workbook: cells, header comments, input prompts."""
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("kind", ["slips", "letters"])
def test_init_workbook_notes_follow_the_profile(tmp_path: Path, kind: str) -> None:
    profile = tmp_path / "平昌.toml"
    profile.write_text(PINGCHANG, "utf-8")
    book = tmp_path / f"{kind}.xlsx"
    code, output = run("init", kind, str(book), "--profile", str(profile))
    assert code == 0, output
    text = _workbook_text(book)
    assert "万源" not in text and "万扶" not in text, \
        text[max(0, text.find("万")) - 100:text.find("万") + 50]
    assert "《平昌县扶贫工作公开规范》" in text
    assert "<dc:creator>平昌县乡村振兴局</dc:creator>" in text  # the office wrote it
    if kind == "slips":  # the profile's §5.4 and §6.1 working days, its catalogues' items
        assert "审签确认后2个工作日内公开（第5.4条）" in text
        assert "信息形成（变更）后5个工作日内公开" in text and "平扶公〔2026〕12号" in text
        options = [c.value for c in openpyxl.load_workbook(book)["_选项"]["A"]][1:]
        assert "扶贫项目/项目实施" in options and "机构信息/领导分工" not in options  # yimei only
    else:
        assert "县领导小组办公室" in text and "平昌县乡村振兴局政务公开督查小组" in text
        assert "市领导小组" not in text


def test_init_workbook_found_profile_beside_it(tmp_path: Path) -> None:
    (tmp_path / "fupin-docs.toml").write_text(PINGCHANG, "utf-8")
    code, output = run("init", "slips", str(tmp_path / "处理单.xlsx"))
    assert code == 0, output
    assert "《平昌县扶贫工作公开规范》" in _workbook_text(tmp_path / "处理单.xlsx")


def test_init_catalogue_keeps_the_builtin_catalogue_names(tmp_path: Path) -> None:
    """The unit workbook's 基础目录 still offers the 万源 catalogue (built in for everyone),
    named with its own standard; the rest speaks of the office's."""
    profile = tmp_path / "平昌.toml"
    profile.write_text(PINGCHANG, "utf-8")
    book = tmp_path / "单位.xlsx"
    assert run("init", "catalogue", str(book), "--profile", str(profile))[0] == 0
    text = _workbook_text(book)
    assert "万源市扶贫工作公开事项目录（《万源市扶贫工作公开规范》第4.3条）" in text


def test_default_profile_init_notes_unchanged(tmp_path: Path) -> None:
    from fupin_docs.kinds.blank import LETTER_NOTES, SLIP_NOTES, letter_notes, slip_notes

    assert slip_notes(DEFAULT) == SLIP_NOTES and letter_notes(DEFAULT) == LETTER_NOTES
    assert "《万源市扶贫工作公开规范》" in SLIP_NOTES[1]
    assert any("审签确认后1个工作日内" in n and "后3个工作日内" in n for n in SLIP_NOTES)


def test_tracker_headers_fit_their_row(tmp_path: Path, samples: Path) -> None:
    """整改台账: every header shows whole in its row (逾期工作日 broken between its words, the
    row tall enough for its lines at 10 pt)."""
    code, output = run("followup", str(samples / "督查.xlsx"), "-o", str(tmp_path),
                       "--today", "2026-11-20")
    assert code in (0, 1), output
    ws = openpyxl.load_workbook(tmp_path / "整改台账.xlsx")["整改台账"]
    heads = [str(c.value) for c in ws[2]]
    assert "逾期\n工作日" in heads
    lines = max(h.count("\n") + 1 for h in heads)
    assert ws.row_dimensions[2].height >= 13 * lines + 4


def test_problem_row_taller_than_a_page_is_told_apart() -> None:
    from fupin_docs.kinds.letter import LIST_WIDTHS_MM, PAGE_ROW_LINES, list_row_lines

    short = [("2026年度财政专项扶贫资金分配结果下达后，未在政府网站公开。", LIST_WIDTHS_MM[1]),
             ("2026年10月16日\n（10个工作日）", LIST_WIDTHS_MM[4])]
    assert list_row_lines(short) == 3  # 30 characters, 12 a line in the 47 mm column
    tall = [("第1项「机构信息/责任股室信息」、" * 30, LIST_WIDTHS_MM[1])]
    assert list_row_lines(tall) > PAGE_ROW_LINES
