"""Build everything fupin-docs ships from the repository: the .docx templates in templates/
and the sample inputs in samples/. One module, one copy of the sample rows.

    python tools/build.py              # everything
    python tools/build.py templates    # templates/*.docx and *.xlsx
    python tools/build.py samples      # samples/*.xlsx
    python tools/build.py slip letter  # some of them (names: see BUILDERS)

Each template is a short description below (page, fonts, paragraphs, table columns) laid on
a lean package of our own (tools/docxkit.py: lean_document), not python-docx's default
document. The samples are written with the writer of `fupin-docs init`, so they are exactly
what a clerk fills in. The outputs are committed; after changing this file, rebuild and look
at the rendered documents as PDF (python3 tools/previews.py).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docxkit import (
    FANGSONG,
    HEITI,
    KAITI,
    PPR_ORDER,
    SONG,
    XIAOBIAOSONG,
    a4,
    add_field,
    bottom_rule,
    cant_split,
    cell_text,
    child_in_order,
    condense_style,
    doc_grid,
    fixed_table,
    indent_chars,
    lean_document,
    no_hanging_punctuation,
    page_break_before,
    page_number_footers,
    para,
    repeat_header,
    row_height,
    save_lean,
    set_default_font,
    set_run_font,
    snap_to_grid,
)

from fupin_docs.kinds.blank import write_input_workbook
from fupin_docs.kinds.letter import LIST_LINE_PT, LIST_MARGIN_MM, LIST_PT, LIST_WIDTHS_MM
from fupin_docs.resources import load_schema
from fupin_docs.standard.catalogues.model import ItemIndex

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
SAMPLES = ROOT / "samples"

# ================================================================== templates

# ---------------------------------------------------------------- 处理单 (附录C)

SLIP_ROWS: list[tuple[str, str, float]] = [
    # label, value template, minimum row height in mm
    ("信息标题", "{{ title }}", 10),
    ("责任股室", "{{ office }}", 8),
    ("拟稿人", "{{ drafter }}　　拟稿日期：{{ draft_date }}", 8),
    ("信息形成（变更）日期", "{{ formed_date }}", 8),
    ("公开事项", "{{ item }}", 8),
    ("文件类别", "{{ category }}", 8),
    ("公开属性", "{{ disclosure }}{% if reason %}（理由：{{ reason }}）{% endif %}", 8),
    ("内容摘要", "{{ summary }}", 14),
    ("信息核对", "真实性：{{ check_truth_mark }}　完整性：{{ check_complete_mark }}　"
                 "涉密性：{{ check_secret_mark }}", 8),
    ("公开渠道", "{{ channels }}", 8),
    ("公开方式", "{{ ways }}", 8),
    ("公开时限", "{{ deadline_line }}", 8),
    ("拟公开日期", "{{ planned_date }}", 8),
]
# the sign-off rows (§5.1–5.3): label, field prefix, Jinja test for "this row is waived"
SLIP_SIGNOFFS: list[tuple[str, str, str | None]] = [
    ("股室负责人意见", "office_head", None),
    ("分管领导审签", "deputy", None),
    ("主要领导审签", "head", "head_waived"),
]


def _sign_line(cell, prefix: str) -> None:
    """签名：＿＿＿　日期：＿年＿月＿日, right-aligned; the values underlined."""
    p = cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.space_before = Pt(4)
    for text, underline in (("签名：", False), ("{{ " + prefix + "_name_line }}", True),
                            ("　　日期：", False), ("{{ " + prefix + "_date_line }}", True)):
        run = set_run_font(p.add_run(text), FANGSONG, 12)
        run.font.underline = underline


def build_slip() -> Path:
    doc = lean_document(FANGSONG, 12, [FANGSONG, XIAOBIAOSONG, HEITI])
    set_default_font(doc, FANGSONG, 12, line_pt=18)
    a4(doc.sections[0], top=22, bottom=18, left=27, right=27)
    doc.sections[0].footer_distance = Mm(8)
    para(doc, "政务公开信息处理单", XIAOBIAOSONG, 22, align="center", space_after=6, line_pt=32)
    para(doc, "编号：{{ number }}", FANGSONG, 12, align="right", space_after=4)
    n = len(SLIP_ROWS)
    table = fixed_table(doc, [40, 116], n + len(SLIP_SIGNOFFS) + 2)
    for i, (label, value, height) in enumerate(SLIP_ROWS):
        r = table.rows[i]
        row_height(r, height)
        cant_split(r)
        cell_text(r.cells[0], label, HEITI, 12, align="center")
        cell_text(r.cells[1], value, FANGSONG, 12)
        if label == "公开时限":
            # the rule in one line, and under it where it comes from (the catalogue used)
            cell = r.cells[1]
            para(cell, "{%p if deadline_source %}", FANGSONG, 12)
            para(cell, "依据：{{ deadline_source }}", FANGSONG, 10.5)
            para(cell, "{%p endif %}", FANGSONG, 12)
    for offset, (label, prefix, waived) in enumerate(SLIP_SIGNOFFS):
        r = table.rows[n + offset]
        row_height(r, 22)
        cant_split(r)
        cell_text(r.cells[0], label, HEITI, 12, align="center")
        cell = r.cells[1]
        first = cell.paragraphs[0]
        opinion = "{{ " + prefix + "_opinion }}"
        if waived:
            # a general document needs no head's sign-off (§5.2): the row says so
            opinion = "{% if " + waived + " %}{{ head_waived_text }}{% else %}" + opinion + \
                      "{% endif %}"
            set_run_font(first.add_run(opinion), FANGSONG, 12)
            para(cell, "{%p if not " + waived + " %}", FANGSONG, 12)
            _sign_line(cell, prefix)
            para(cell, "{%p endif %}", FANGSONG, 12)
        else:
            set_run_font(first.add_run(opinion), FANGSONG, 12)
            _sign_line(cell, prefix)
        first.paragraph_format.space_after = Pt(12)
    r = table.rows[n + len(SLIP_SIGNOFFS)]
    row_height(r, 10)
    cell_text(r.cells[0], "公开情况", HEITI, 12, align="center")
    cell_text(r.cells[1], "实际公开日期：{{ published_date }}　　发布人：{{ publisher }}",
              FANGSONG, 12)
    r = table.rows[n + len(SLIP_SIGNOFFS) + 1]
    row_height(r, 12)
    cell_text(r.cells[0], "备注", HEITI, 12, align="center")
    cell_text(r.cells[1], "{{ remarks }}", FANGSONG, 12)
    foot = doc.sections[0].footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(foot.add_run("依据{{ standard_title }}第5.1—5.4条及附录C填写"), FANGSONG, 9)
    return save_lean(doc, TEMPLATES / "slip.docx", "政务公开信息处理单")


# ---------------------------------------------------------------- 标准目录 (seed 001)

# landscape A4; widths in mm of 序号, 一级事项, 二级事项, 公开内容（要素）, 公开依据, 公开时限,
# 公开主体, 公开渠道和载体, then six mark columns (对象, 方式, 层级).
CATALOGUE_WIDTHS = [9, 13, 17, 42, 24, 24, 22, 53, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5]
CATALOGUE_HEAD = ["序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                  "公开渠道和载体"]
CATALOGUE_SUBS = ["{{ audience_1 }}", "{{ audience_2 }}", "{{ mode_1 }}", "{{ mode_2 }}",
                  "{{ level_1 }}", "{{ level_2 }}"]
CATALOGUE_PROTO = ["{{ no }}", "{{ level1 }}", "{{ level2 }}", "{{ elements }}", "{{ basis }}",
                   "{{ deadline }}", "{{ publisher }}", "{{ channels }}", "√", "√", "√", "√", "√",
                   "√"]


def build_catalogue() -> Path:
    """Header rows 1-2 (repeated on every page) and one prototype data row.

    The renderer (fupin_docs/kinds/catalogue/docx.py) clones the prototype row for each
    item; the channel cell's paragraph carries a tab stop so checklist pairs line up.
    """
    doc = lean_document(FANGSONG, 9, [FANGSONG, XIAOBIAOSONG, HEITI])
    set_default_font(doc, FANGSONG, 9, line_pt=12)
    section = doc.sections[0]
    a4(section, top=15, bottom=15, left=14, right=14, landscape=True)
    section.footer_distance = Mm(7)
    para(doc, "{{ title }}", XIAOBIAOSONG, 18, align="center", space_after=4, line_pt=26)
    para(doc, "{{ subtitle }}", FANGSONG, 10.5, space_after=3)
    table = fixed_table(doc, CATALOGUE_WIDTHS, 3)
    h1, h2, proto = table.rows
    for r in (h1, h2):
        repeat_header(r)
        cant_split(r)
    row_height(h1, 7)
    row_height(h2, 12)
    for c, text in enumerate(CATALOGUE_HEAD):
        cell_text(h1.cells[c], text, HEITI, 9, align="center")
    for c, (text, sub) in enumerate(zip(["公开对象", "", "公开方式", "", "公开层级", ""],
                                        CATALOGUE_SUBS, strict=True), start=8):
        cell_text(h1.cells[c], text, HEITI, 9, align="center")
        cell_text(h2.cells[c], sub, HEITI, 9, align="center")
    # merges: 序号 and the single columns over both rows, 公开事项 2x2, the groups 1x2
    for c in (0, 3, 4, 5, 6, 7):
        h1.cells[c].merge(h2.cells[c])
    h1.cells[1].merge(h2.cells[2])
    for c in (8, 10, 12):
        h1.cells[c].merge(h1.cells[c + 1])
    cant_split(proto)
    for c, text in enumerate(CATALOGUE_PROTO):
        align = "center" if c in (0, 1, 2) or c >= 8 else None
        size = 7.5 if c == 7 else 9
        p = cell_text(proto.cells[c], text, FANGSONG, size, align=align)
        if c == 7:
            tabs = child_in_order(p._p.get_or_add_pPr(), "w:tabs", PPR_ORDER)
            tab = OxmlElement("w:tab")
            tab.set(qn("w:val"), "left")
            tab.set(qn("w:pos"), str(int(24 * 56.7)))
            tabs.append(tab)
        if c in (3, 4, 5, 6, 7):
            proto.cells[c].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(foot, "PAGE", "1", FANGSONG, 9)
    return save_lean(doc, TEMPLATES / "catalogue.docx", "扶贫领域基层政务公开标准目录")


# ---------------------------------------------------------------- GB/T 9704-2012 documents

# A4, 天头 37 mm, 订口 28 mm, type area 156 x 225 mm, 22 lines x 28 chars.
GBT_LINE_PT = 28.95  # 225 mm / 22 lines (579 twips)
GBT_LINE_TWIPS = 579
TYPE_WIDTH_TWIPS = int(156 * 56.7)
# 28 characters a line: 156 mm / 28 = 15.79 pt per character, so 3号 (16 pt) characters are
# condensed by 0.3 pt (15.7 pt each, 439.6 pt a line; with -0.25 pt LibreOffice loses a
# line-end 、 that no longer fits). A linesAndChars grid with
# w:charSpace="-849" would say the same to Word, but LibreOffice breaks such lines early.
GBT_CONDENSE = -6  # 1/20 pt
RED = RGBColor(0xFF, 0x00, 0x00)
GBT_FONTS = [FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONG]


def _body(doc, text="", first_line=2.0, font=FANGSONG, align="justify", keep=False):
    p = para(doc, text, font, 16, align=align, line_pt=GBT_LINE_PT)
    if first_line:
        indent_chars(p, first_line=first_line)
    p.paragraph_format.keep_with_next = keep or None
    return p


def _heading(doc, text):
    """一、二、… in 3号黑体: never left alone at the foot of a page."""
    return _body(doc, text, font=HEITI, keep=True)


def _tag(doc, text):
    """A paragraph holding only a docxtpl block tag ({%p ... %}); docxtpl removes it."""
    return para(doc, text, FANGSONG, 16, line_pt=GBT_LINE_PT)


def _red_mark(doc):
    """发文机关标志, red 小标宋 (GB/T 9704-2012 7.2.3)."""
    mark = para(doc, "{{ issuer_mark }}", XIAOBIAOSONG, 22, align="center", line_pt=40,
                color=RED)
    snap_to_grid(mark, False)
    mark.paragraph_format.space_before = Pt(18)
    mark.paragraph_format.space_after = Pt(24)


def _title(doc):
    """标题: 2号小标宋, centred, one blank line above and below (7.3.1)."""
    _body(doc, first_line=0)
    title = para(doc, "{{ title }}", XIAOBIAOSONG, 22, align="center", line_pt=36)
    snap_to_grid(title, False)
    _body(doc, first_line=0)


def _letter_head(doc):
    """下行文 版头: 发文机关标志, 文号 centred, the red rule (7.2.4, 7.2.6)."""
    _red_mark(doc)
    num = para(doc, "{{ number }}", FANGSONG, 16, align="center", line_pt=GBT_LINE_PT)
    bottom_rule(num, "FF0000", 12, 11)
    _title(doc)


def _report_head(doc):
    """上行文 版头: 文号 居左空一字 and 签发人 居右空一字 on one line (7.2.4, 7.2.5)."""
    _red_mark(doc)
    line = para(doc, "", FANGSONG, 16, line_pt=GBT_LINE_PT)
    indent_chars(line, left=1, right=1)
    tabs = child_in_order(line._p.get_or_add_pPr(), "w:tabs", PPR_ORDER)
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:pos"), str(TYPE_WIDTH_TWIPS - 2 * 320))
    tabs.append(tab)
    set_run_font(line.add_run("{{ number }}"), FANGSONG, 16)
    line.add_run().add_tab()
    set_run_font(line.add_run("签发人："), FANGSONG, 16)
    set_run_font(line.add_run("{{ issuer }}"), KAITI, 16)
    bottom_rule(line, "FF0000", 12, 11)
    _title(doc)


def _closing(doc, attachment):
    """附件说明 (正文下空一行左空二字), then room for the seal, 署名 and 成文日期
    (GB/T 9704-2012 7.3.4, 7.3.5.1: the seal presses on the 署名 and the date, its top within
    a line of the 附件说明). Kept together, and with the body's last line (set by the caller),
    so the signature never stands alone on a page."""
    _body(doc, first_line=0, keep=True)
    _body(doc, attachment, first_line=2, align=None, keep=True)
    _body(doc, first_line=0, keep=True)
    _body(doc, first_line=0, keep=True)
    # positions computed in the context (signature_lines)
    _body(doc, "{{ signer_line }}", first_line=0, align=None, keep=True)
    _body(doc, "{{ date_line }}", first_line=0, align=None)


def _w(tag: str, **attrs: object):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


# 版记 rules (GB/T 9704-2012 7.4.1), in eighths of a point: 0.35 mm (1 pt) and 0.25 mm (0.75 pt)
THICK_RULE = 8
THIN_RULE = 6
LEFT_MARGIN_TWIPS = int(28 * 56.7)  # 订口: where the type area starts on the page
COLOPHON_PT = 14  # 4号


def _colophon_table(doc, rows: int):
    """A one-column table as wide as the type area, floating at its foot, with only row
    borders: a thick rule above the first element and below the last, a thin one between.

    It floats (w:tblpPr) at the bottom of the type area of the page where it is anchored,
    the last one. Positioned from the page edge (horzAnchor="page", x = 订口) rather than
    from the margin: LibreOffice (writerfilter) floats a table as wide as the type area only
    when it is placed relative to the page, else it stays in the text flow. Paragraph
    borders in a frame do not work in LibreOffice 7.4: it keeps such a frame only when all
    its paragraphs have identical borders, so the thin rule between could not be drawn."""
    tbl = OxmlElement("w:tbl")
    pr = OxmlElement("w:tblPr")
    pr.append(_w("w:tblpPr", leftFromText=0, rightFromText=0, topFromText=0, bottomFromText=0,
                 vertAnchor="margin", horzAnchor="page", tblpX=LEFT_MARGIN_TWIPS,
                 tblpYSpec="bottom"))
    pr.append(_w("w:tblOverlap", val="never"))
    pr.append(_w("w:tblW", w=TYPE_WIDTH_TWIPS, type="dxa"))
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", THICK_RULE), ("left", 0), ("bottom", THICK_RULE), ("right", 0),
                       ("insideH", THIN_RULE), ("insideV", 0)):
        if size:
            borders.append(_w(f"w:{edge}", val="single", sz=size, space=0, color="000000"))
        else:
            borders.append(_w(f"w:{edge}", val="nil"))
    pr.append(borders)
    pr.append(_w("w:tblLayout", type="fixed"))
    margins = OxmlElement("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        margins.append(_w(f"w:{edge}", w=0, type="dxa"))
    pr.append(margins)
    pr.append(_w("w:tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0,
                 noHBand=1, noVBand=1))
    tbl.append(pr)
    grid = OxmlElement("w:tblGrid")
    grid.append(_w("w:gridCol", w=TYPE_WIDTH_TWIPS))
    tbl.append(grid)
    doc.element.body.sectPr.addprevious(tbl)
    table = Table(tbl, doc._body)
    cells = []
    for _ in range(rows):
        tr = OxmlElement("w:tr")
        trpr = OxmlElement("w:trPr")
        trpr.append(OxmlElement("w:cantSplit"))
        tr.append(trpr)
        tc = OxmlElement("w:tc")
        tcpr = OxmlElement("w:tcPr")
        tcpr.append(_w("w:tcW", w=TYPE_WIDTH_TWIPS, type="dxa"))
        tcpr.append(_w("w:vAlign", val="center"))
        tc.append(tcpr)
        tc.append(OxmlElement("w:p"))
        tr.append(tc)
        tbl.append(tr)
    for row in table.rows:
        cells.append(row.cells[0])
    return cells


def _colophon_line(cell):
    p = cell.paragraphs[0]
    snap_to_grid(p, False)
    p.paragraph_format.line_spacing = Pt(24)
    indent_chars(p, left=1, right=1, size_pt=COLOPHON_PT)
    return p


def _colophon(doc, copy_to: bool):
    """版记 (GB/T 9704-2012 7.4) after everything else, at the foot of the last page:
    抄送 (4号仿宋, 左右各空一字), 印发机关 (左空一字) and 印发日期 (右空一字, …印发), between
    rules as wide as the type area: thick (0.35 mm) above the first element and below the
    last, thin (0.25 mm) between 抄送 and 印发 (7.4.1)."""
    cells = _colophon_table(doc, 2 if copy_to else 1)
    if copy_to:
        cc = _colophon_line(cells[0])
        set_run_font(cc.add_run("抄送：{{ copy_to }}。"), FANGSONG, COLOPHON_PT)
    pr = _colophon_line(cells[-1])
    tabs = child_in_order(pr._p.get_or_add_pPr(), "w:tabs", PPR_ORDER)
    # a right tab at the right indent: the date ends one character in from the rule's end
    tabs.append(_w("w:tab", val="right", pos=TYPE_WIDTH_TWIPS - COLOPHON_PT * 20))
    set_run_font(pr.add_run("{{ printer }}"), FANGSONG, COLOPHON_PT)
    pr.add_run().add_tab()
    set_run_font(pr.add_run("{{ printed }}印发"), FANGSONG, COLOPHON_PT)
    # the paragraph the floating table is anchored to (a document ends with a paragraph)
    end = para(doc, "", FANGSONG, 1, line_pt=1)
    snap_to_grid(end, False)


def _gbt_document():
    doc = lean_document(FANGSONG, 16, GBT_FONTS)
    set_default_font(doc, FANGSONG, 16, line_pt=GBT_LINE_PT)
    section = doc.sections[0]
    a4(section, top=37, bottom=35, left=28, right=26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)
    doc_grid(section, GBT_LINE_TWIPS)
    condense_style(doc.styles["Normal"], GBT_CONDENSE)
    no_hanging_punctuation(doc.styles["Normal"])
    page_number_footers(doc, section)
    return doc


# 附件 问题清单 columns (mm, 156 in all) at 5号 with 1 mm cell margins and no extra space
# between Chinese and figures (autoSpaceDN off): 序号 "10", 整改时限 "2026年12月18日" and
# 复查结果 "部分整改" each fit on one line, even with wide fallback figures (LibreOffice's
# DejaVu figures and the gaps it sets around them need 35.5 mm); the rest goes mostly to
# 问题描述. The cells' paragraphs do not snap to the 正文's line grid (w:snapToGrid 0: 15 pt
# lines, not 28.95 pt); the grid (w:docGrid type="lines") sets no character pitch, so it
# plays no part in where a cell's lines break (measured: the same widths wrap with the
# docGrid removed).
LIST_WIDTHS = list(LIST_WIDTHS_MM)
# the 涉及事项/条款 header on two lines, broken after the slash rather than before 款
LIST_HEADS = ["序号", "问题描述", "涉及事项/\n条款", "整改意见", "整改时限", "复查结果"]
LIST_FIELDS = ["{{ p.n }}", "{{ p.problem }}", "{{ p.item }}", "{{ p.opinion }}",
               "{{ p.deadline_short }}", "{{ p.result }}"]
LIST_MARGIN_TWIPS = int(LIST_MARGIN_MM * 56.7)


def build_letter() -> Path:
    doc = _gbt_document()
    _letter_head(doc)
    # 主送
    _body(doc, "{{ unit }}：", first_line=0, align=None)
    _body(doc, "{{ signer }}根据{{ basis }}，于{{ inspect_date }}对你单位{{ content }}"
               "进行了监督检查"
               "（检查组成员：{{ members }}）。经检查，发现{{ count }}个方面的问题。"
               "现将问题及整改意见通知如下。")
    _heading(doc, "一、发现的问题及整改意见")
    _tag(doc, "{%p for p in problems %}")
    prob = _body(doc)
    set_run_font(prob.add_run("{{ p.cn }}"), KAITI, 16)
    set_run_font(prob.add_run("{{ p.problem }}{% if p.item %}（涉及：{{ p.item }}）{% endif %}"),
                 FANGSONG, 16)
    _body(doc, "整改意见：{{ p.opinion }}整改时限：{{ p.deadline }}。")
    _tag(doc, "{%p endfor %}")
    _heading(doc, "二、整改要求")
    _body(doc, "请你单位对照上述问题和附件问题清单逐项整改，在整改时限内完成，并将整改情况书面报送"
               "督查小组。督查小组将在整改时限届满后进行复查，复查结果报告{{ leading_group }}"
               "（{{ standard_title }}第8.2.2条）。")
    _body(doc, "{{ consequences }}（{{ standard_title }}第8.2.3条）。")
    # the body's last, short paragraph goes with the signature (GB/T 9704-2012 7.3.5.4: no
    # signature alone on a page), not the whole chain of paragraphs above it
    _tag(doc, "{%p if filed_date %}")
    _body(doc, "本意见书已于{{ filed_date }}报{{ leading_group_office }}备案。", keep=True)
    _tag(doc, "{%p endif %}")
    _closing(doc, "附件：问题清单")

    # 附件: 另面编排; "附件" 3号黑体 top left (one attachment: no number); title centred
    att = _body(doc, "附件", first_line=0, font=HEITI, align=None, keep=True)
    page_break_before(att)
    _body(doc, first_line=0, keep=True)
    att_title = para(doc, "{{ unit }}问题清单", XIAOBIAOSONG, 22, align="center", line_pt=36,
                     space_after=12)
    att_title.paragraph_format.keep_with_next = True
    snap_to_grid(att_title, False)
    # rows: the header (repeated on every page), then per problem one of two prototype rows:
    # kept on one page (w:cantSplit), or, for a row taller than a page (p.whole false), free
    # to break (see kinds/letter.py)
    table = fixed_table(doc, LIST_WIDTHS, 8)
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(LIST_MARGIN_TWIPS))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)
    head, whole, breaking = table.rows[0], table.rows[3], table.rows[5]
    for c, text in enumerate(LIST_HEADS):
        cell_text(head.cells[c], text, HEITI, LIST_PT, align="center")
        for row in (whole, breaking):
            cell_text(row.cells[c], LIST_FIELDS[c], FANGSONG, LIST_PT,
                      # text columns flush left: justified, a narrow cell spreads its
                      # characters around a long unbreakable word (处理单.xlsx, 2026-10-12)
                      align="center" if c in (0, 4, 5) else "left")
    repeat_header(head)
    cant_split(head)
    cant_split(whole)
    row_height(head, 9)
    for r, tag in ((1, "{%tr for p in problems %}"), (2, "{%tr if p.whole %}"),
                   (4, "{%tr else %}"), (6, "{%tr endif %}"), (7, "{%tr endfor %}")):
        cell_text(table.rows[r].cells[0], tag, FANGSONG, LIST_PT)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                snap_to_grid(p, False)
                p.paragraph_format.line_spacing = Pt(LIST_LINE_PT)
                for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
                    child_in_order(p._p.get_or_add_pPr(), tag, PPR_ORDER).set(qn("w:val"), "0")
    _colophon(doc, copy_to=True)
    return save_lean(doc, TEMPLATES / "letter.docx", "政务公开工作监督检查及整改意见书")


def build_followup() -> Path:
    doc = _gbt_document()
    _report_head(doc)
    _body(doc, "{{ leading_group }}：", first_line=0, align=None)
    _body(doc, "根据{{ standard_title }}第8.2.2条，督查小组于{{ period }}"
               "对{{ unit_count }}个单位开展了政务公开工作监督检查，"
               "共发现问题{{ problem_count }}个，已下发整改意见书并报{{ leading_group_office }}"
               "备案。截至{{ today }}，整改复查情况报告如下。")
    _heading(doc, "一、总体情况")
    _body(doc, "共发现问题{{ problem_count }}个，其中{{ totals }}；逾期未整改问题"
               "{{ overdue|length }}个。")
    _heading(doc, "二、各单位整改情况")
    _tag(doc, "{%p for u in units %}")
    unit = _body(doc)
    set_run_font(unit.add_run("{{ u.cn }}{{ u.unit }}"), KAITI, 16)
    set_run_font(unit.add_run("（{{ u.number }}）：{{ u.summary }}"
                              "{% if u.overdue %}，逾期未整改{{ u.overdue }}个{% endif %}。"),
                 FANGSONG, 16)
    _tag(doc, "{%p endfor %}")
    _heading(doc, "三、逾期未整改问题")
    _tag(doc, "{%p for p in overdue %}")
    _body(doc, "{{ p.n }}.{{ p.unit }}：{{ p.problem }}。整改时限{{ p.due }}，"
               "整改状态为{{ p.status }}，"
               "已逾期{{ p.days }}个工作日。")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if not overdue %}")
    _body(doc, "无。")
    _tag(doc, "{%p endif %}")
    _heading(doc, "四、处理意见")
    _tag(doc, "{%p if flagged %}")
    _body(doc, "{{ flagged }}有逾期未整改的问题。依据{{ standard_title }}第8.2.3条，"
               "{{ consequences }}。建议对上述单位予以批评并限期整改，督查小组将继续跟踪复查。")
    _tag(doc, "{%p else %}")
    _body(doc, "各单位均在整改时限内完成整改或尚未到整改时限，暂无适用{{ standard_title }}"
               "第8.2.3条的情形。")
    _tag(doc, "{%p endif %}")
    _body(doc, "特此报告。", keep=True)  # one line: goes with the signature
    # the tracker goes with the report as its attachment, named by its title
    _closing(doc, "附件：整改台账")
    _colophon(doc, copy_to=False)
    return save_lean(doc, TEMPLATES / "followup.docx", "政务公开工作监督检查整改情况报告")


def build_ledger_xlsx() -> Path:
    """templates/ledger.xlsx: the ledger columns for offices to edit (filled with openpyxl)."""
    from fupin_docs.kinds.ledger.template import TEMPLATE, write_blank_template

    write_blank_template(TEMPLATES / TEMPLATE)
    return TEMPLATES / TEMPLATE


def build_catalogue_xlsx() -> Path:
    """templates/catalogue.xlsx: seed 001's two-row header and a styled data row."""
    from fupin_docs.kinds.catalogue.template import TEMPLATE, write_blank_template

    write_blank_template(TEMPLATES / TEMPLATE)
    return TEMPLATES / TEMPLATE


# ---------------------------------------------------------------- 检查报告 (inspect)

# Paragraph and character styles of 检查报告.docx: the report's body is written at run time
# with python-docx (fupin_docs/kinds/inspection/document.py) on this base, which holds only
# these styles, the page (as the letters: GB/T 9704-2012 margins, line grid, page numbers)
# and an empty body. name -> (font, size pt, alignment, first-line indent in characters,
# keep with next, exact line height in pt or None for the grid's, outline level)
INSPECTION_STYLES: dict[str, tuple[str, float, str | None, float, bool, float | None,
                                   int | None]] = {
    "Report Title": (XIAOBIAOSONG, 22, "center", 0, True, 36, None),
    "Report Body": (FANGSONG, 16, "justify", 2, False, None, None),
    "Report Plain": (FANGSONG, 16, None, 0, False, None, None),
    "Report Heading 1": (HEITI, 16, "justify", 2, True, None, 0),
    "Report Heading 2": (KAITI, 16, "justify", 2, True, None, 1),
    "Report Caption": (HEITI, 14, "center", 0, True, 22, None),
    "Report Note": (FANGSONG, 12, "justify", 0, False, 18, None),
    "Table Head": (HEITI, 10.5, "center", 0, False, 15, None),
    "Table Text": (FANGSONG, 10.5, None, 0, False, 15, None),
}
INSPECTION_CHAR_STYLES = {"Finding Label": KAITI}


def build_inspection() -> Path:
    from docx.enum.style import WD_STYLE_TYPE
    from docxkit import _set_rfonts

    doc = _gbt_document()
    aligns = {"center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
    normal = doc.styles["Normal"]
    for name, (font, size, align, first, keep, line, outline) in INSPECTION_STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.name = font
        style.font.size = Pt(size)
        _set_rfonts(style.element.get_or_add_rPr(), font)
        pf = style.paragraph_format
        pf.alignment = aligns.get(align) if align else WD_ALIGN_PARAGRAPH.LEFT
        pf.keep_with_next = keep or None
        ppr = style.element.get_or_add_pPr()
        if line is not None:  # titles, captions and tables do not snap to the 3号 grid
            pf.line_spacing = Pt(line)
            child_in_order(ppr, "w:snapToGrid", PPR_ORDER).set(qn("w:val"), "0")
        if first:
            ind = child_in_order(ppr, "w:ind", PPR_ORDER)
            ind.set(qn("w:firstLineChars"), str(int(first * 100)))
            ind.set(qn("w:firstLine"), str(int(first * size * 20)))
        if outline is not None:
            child_in_order(ppr, "w:outlineLvl", PPR_ORDER).set(qn("w:val"), str(outline))
        if name.startswith("Table"):  # figures and Chinese side by side, as in the letters
            for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
                child_in_order(ppr, tag, PPR_ORDER).set(qn("w:val"), "0")
    doc.styles["Report Title"].paragraph_format.space_after = Pt(GBT_LINE_PT)
    doc.styles["Report Caption"].paragraph_format.space_before = Pt(6)
    doc.styles["Report Caption"].paragraph_format.space_after = Pt(4)
    doc.styles["Report Note"].paragraph_format.space_before = Pt(3)
    for name, font in INSPECTION_CHAR_STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.font.name = font
        _set_rfonts(style.element.get_or_add_rPr(), font)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # only the section properties
        body.remove(p)
    return save_lean(doc, TEMPLATES / "inspection.docx", "政务公开工作检查报告")


# ================================================================== samples

D = dt.date

SLIPS: list[dict[str, object]] = [
    dict(number="万扶公〔2026〕1号", title="万源市2026年度财政专项扶贫资金分配结果公告",
         office="规划财务股", drafter="李明", draft_date=D(2026, 3, 3), formed_date=D(2026, 3, 2),
         item="扶贫资金/财政专项扶贫资金分配结果", category="重大决策", disclosure="主动公开",
         summary="2026年度中央、省、市财政专项扶贫资金共计8,650万元的分配结果：资金名称、分配对象、"
                 "分配金额及用途。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "社区/企事业单位/村公示栏（电子屏）"], ways=["全文发布", "政策解读"],
         office_head_opinion="内容真实完整，建议主动公开。", deputy_name="王建国",
         deputy_opinion="同意公开。", deputy_date=D(2026, 3, 4), head_name="陈志强",
         head_opinion="同意。", head_date=D(2026, 3, 5), planned_date=D(2026, 3, 6),
         published_date=D(2026, 3, 6), publisher="张丽"),
    dict(number="万扶公〔2026〕2号", title="关于调整局领导班子成员工作分工的通知",
         office="办公室", drafter="赵敏", draft_date=D(2026, 3, 9), formed_date=D(2026, 3, 9),
         item="机构信息/领导分工", category="一般性文件", disclosure="主动公开",
         summary="局领导班子成员分工调整后的姓名、职务、分管工作。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "两微一端"], ways=["全文发布"],
         office_head_opinion="拟公开。", deputy_name="王建国", deputy_opinion="同意公开。",
         deputy_date=D(2026, 3, 10), published_date=D(2026, 3, 11), publisher="赵敏"),
    dict(number="万扶公〔2026〕3号", title="2026年度脱贫攻坚项目库建设申报结果公示",
         office="项目股", drafter="刘洋", draft_date=D(2026, 4, 2), formed_date=D(2026, 4, 1),
         item="扶贫项目/项目库建设", category="重大决策", disclosure="主动公开",
         summary="项目库规模：入库项目126个、总投资2.3亿元；项目名单见附件。\n申报流程：村申报、乡审核、县审定。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "社区/企事业单位/村公示栏（电子屏）"], ways=["全文发布", "图解"],
         office_head_opinion="同意公示。", deputy_name="孙立", deputy_opinion="同意。",
         deputy_date=D(2026, 4, 7), head_name="陈志强", head_opinion="同意公开。",
         head_date=D(2026, 4, 8), planned_date=D(2026, 4, 9), published_date=D(2026, 4, 9),
         publisher="刘洋"),
    dict(number="万扶公〔2026〕4号", title="2026年扶贫小额信贷发放情况",
         office="开发股", drafter="周倩", draft_date=D(2026, 6, 30), formed_date=D(2026, 6, 30),
         item="扶贫资金/精准扶贫贷款", category="一般性文件", disclosure="删减后公开",
         reason="涉及贷款户个人信息，删除身份证号码、银行账号后公开（个人信息去标识化）",
         summary="扶贫小额信贷的贷款对象、用途、额度、期限、利率等情况。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["社区/企事业单位/村公示栏（电子屏）"], ways=["全文发布"],
         office_head_opinion="删减个人信息后公开。", deputy_name="孙立", deputy_opinion="同意。",
         deputy_date=D(2026, 7, 1), published_date=D(2026, 7, 2), publisher="周倩"),
    dict(number="万扶公〔2026〕5号", title="建档立卡贫困户动态调整内部核查工作底稿",
         office="开发股", drafter="周倩", draft_date=D(2026, 8, 14), formed_date=D(2026, 8, 13),
         item="工作信息/精准识别—建档立卡工作", category="一般性文件", disclosure="不予公开",
         reason="内部工作底稿，属过程性信息（《中华人民共和国政府信息公开条例》第十六条）",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         office_head_opinion="建议不予公开。", deputy_name="孙立", deputy_opinion="同意不予公开。",
         deputy_date=D(2026, 8, 17)),
    dict(number="万扶公〔2026〕6号", title="国庆期间脱贫攻坚工作动态",
         office="办公室", drafter="赵敏", draft_date=D(2026, 9, 29), formed_date=D(2026, 9, 29),
         item="工作信息/日常工作—日常工作", category="一般性文件", disclosure="主动公开",
         summary="驻村工作队国庆期间走访脱贫户、开展“爱心帮扶日”活动情况。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["两微一端"], ways=["全文发布"], office_head_opinion="拟公开。",
         deputy_name="王建国", deputy_opinion="同意。", deputy_date=D(2026, 9, 30),
         published_date=D(2026, 10, 12), publisher="赵敏",
         remarks="节后补发，已说明原因。"),
    dict(number="万扶公〔2026〕7号", title="关于石窝镇产业路项目实施的公告",
         office="项目股", drafter="刘洋", draft_date=D(2026, 9, 30), formed_date=D(2026, 9, 30),
         item="扶贫项目/项目实施", category="重大决策", disclosure="主动公开",
         summary="项目名称：石窝镇产业路硬化工程；资金来源：财政专项扶贫资金&县级配套；实施期限：2026年10月至12月；"
                 "绩效目标：硬化道路3.2公里；实施单位及责任人：石窝镇人民政府（责任人：何勇）；"
                 "受益对象：沿线3个村农户<共412户>；带贫减贫机制：优先聘用脱贫户务工。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "社区/企事业单位/村公示栏（电子屏）"], ways=["全文发布"],
         office_head_opinion="同意公告。", deputy_name="孙立", deputy_opinion="同意。",
         deputy_date=D(2026, 10, 8), head_name="陈志强", head_opinion="同意公开。",
         head_date=D(2026, 10, 8), planned_date=D(2026, 10, 9), published_date=D(2026, 10, 9),
         publisher="刘洋"),
    dict(number="万扶公〔2026〕8号", title="万源市扶贫移民工作局办事指南（2026年版）",
         office="综合股", drafter="黄静", draft_date=D(2026, 11, 18), formed_date=D(2026, 11, 18),
         item="服务信息/办事指南", category="一般性文件", disclosure="主动公开",
         summary="法律依据、服务内容、申请条件、申请材料、办理程序、办理时限、收费标准、查询电话、投诉电话。",
         check_truth="已核对", check_complete="已核对", check_secret="不涉密",
         channels=["政府网站", "政务服务中心"], ways=["全文发布"], office_head_opinion="拟公开。",
         deputy_name="王建国", planned_date=D(2026, 11, 20)),
]


# 标准目录: units with different level columns, one 不适用 with a reason, one adding
# 防止返贫监测 (after 2021), one on the 万源 catalogue.
UNITS: list[dict[str, object]] = [
    dict(unit="伊美区", base="扶贫领域基层政务公开标准目录", level_1="区级", level_2="镇级",
         year=2026, remarks="与伊美区农业农村局印发的标准目录一致"),
    dict(unit="红星县", base="扶贫领域基层政务公开标准目录",
         title="巩固拓展脱贫攻坚成果同乡村振兴有效衔接基层政务公开标准目录",
         level_1="县级", level_2="乡、村级",
         publishers="县级扶贫部门=红星县乡村振兴局；县级人民政府=红星县人民政府", year=2026),
    dict(unit="石窝镇", base="扶贫领域基层政务公开标准目录", level_1="镇级", level_2="村级",
         publishers="县级人民政府、乡镇人民政府=石窝镇人民政府；县级扶贫部门、乡镇人民政府=石窝镇人民政府",
         year=2026),
    dict(unit="万源市扶贫移民工作局", base="万源市扶贫工作公开事项目录", level_1="市级",
         level_2="乡、村级", year=2026),
]

ADAPTATIONS: list[dict[str, object]] = [
    dict(unit="红星县", action="新增", item="防止返贫监测/监测对象识别",
         elements="监测对象范围（脱贫不稳定户、边缘易致贫户、突发严重困难户）\n"
                  "识别程序（农户申请、入户核实、村级评议、乡镇审核、县级确定）\n监测对象名单",
         basis="《中央农村工作领导小组关于健全防止返贫动态监测和帮扶机制的指导意见》",
         deadline="信息形成（变更）20个工作日内",
         publisher="红星县乡村振兴局、各乡镇人民政府、村委会",
         channels=["社区/企事业单位/村公示栏（电子屏）"], audiences=["特定群众"], modes=["主动"],
         levels="乡、村级"),
    dict(unit="红星县", action="新增", item="防止返贫监测/帮扶措施",
         elements="·帮扶政策\n·帮扶措施落实情况\n·风险消除情况",
         basis="《中央农村工作领导小组关于健全防止返贫动态监测和帮扶机制的指导意见》",
         deadline="信息形成（变更）20个工作日内", publisher="红星县乡村振兴局、各乡镇人民政府",
         channels=["政府网站", "社区/企事业单位/村公示栏（电子屏）"], audiences=["全社会"],
         modes=["主动"], levels="县级、乡、村级"),
    dict(unit="红星县", action="修改", item="扶贫资金/精准扶贫贷款", channels_add=["政府网站"],
         remarks="贷款情况同时在政府网站公开"),
    dict(unit="石窝镇", action="不适用",
         item="扶贫资金/行业扶贫相关财政资金和东西部扶贫协作财政支援资金使用情况",
         reason="本镇不是行业扶贫资金和东西部扶贫协作资金的主管部门，由县级主管部门公开"),
    dict(unit="石窝镇", action="修改", item="全部事项", channels_add=["便民服务站"],
         remarks="镇便民服务站同步公开"),
]


SIGNER = "万源市扶贫移民工作局政务公开督查小组"
INSPECTIONS: list[dict[str, object]] = [
    dict(number="万扶督〔2026〕3号", unit="规划财务股", inspect_date=D(2026, 9, 28),
         members=["王建国", "李明", "张丽"], basis="《万源市扶贫工作公开规范》第8.2条",
         content="2026年1—9月扶贫资金信息公开和政务公开信息处理单、发布台账填写情况",
         filed_date=D(2026, 10, 9), doc_date=D(2026, 9, 30),
         signer=SIGNER),
    dict(number="万扶督〔2026〕4号", unit="项目股", inspect_date=D(2026, 9, 29),
         members=["王建国", "刘洋"], basis="《万源市扶贫工作公开规范》第8.2条",
         content="2026年度扶贫项目库建设和项目实施信息公开情况",
         filed_date=D(2026, 10, 10), doc_date=D(2026, 10, 9),
         signer=SIGNER),
    dict(number="万扶督〔2026〕5号", unit="石窝镇人民政府", inspect_date=D(2026, 10, 13),
         members=["孙立", "周倩"], basis="《万源市扶贫工作公开规范》第7条、第8.2条",
         content="镇、村两级公示栏扶贫信息公开和办事指南更新情况",
         filed_date=D(2026, 10, 16), doc_date=D(2026, 10, 15),
         signer=SIGNER),
]

PROBLEMS: list[dict[str, object]] = [
    dict(number="万扶督〔2026〕3号", unit="规划财务股",
         problem="2026年度财政专项扶贫资金分配结果下达后，未在政府网站公开",
         item="扶贫资金/财政专项扶贫资金分配结果",
         opinion="在政府网站补充公开资金名称、分配对象、分配金额及用途，并在村公示栏同步公示",
         deadline="10个工作日", review_date=D(2026, 10, 20), result="已整改",
         review_note="已于2026年10月14日在政府网站和各村公示栏公开。"),
    dict(number="万扶督〔2026〕3号", unit="规划财务股",
         problem="政务公开信息发布台账未记录审签日期和公开渠道，无法核查是否按时公开",
         item="第5.5条", opinion="补全2026年1—9月发布台账，逐条填写审签日期、公开日期和公开渠道",
         deadline="2026-10-30", review_date=D(2026, 11, 2), result="部分整改",
         review_note="已补全6月以后台账，1—5月台账仍缺审签日期。"),
    dict(number="万扶督〔2026〕3号", unit="规划财务股",
         problem="3份政务公开信息处理单未填写涉密性审查即送领导审签",
         item="第5.1条",
         opinion="对已公开信息补做涉密性审查，今后送审签前完成真实性、完整性、涉密性核对",
         deadline="15个工作日", review_date=D(2026, 10, 15), result="已整改"),
    dict(number="万扶督〔2026〕4号", unit="项目股",
         problem="石窝镇产业路项目实施公告缺少绩效目标和带贫减贫机制",
         item="扶贫项目/项目实施", opinion="按标准目录要素补充公告内容后重新公告",
         deadline="2026-10-31", review_date=D(2026, 11, 3), result="未整改",
         review_note="公告未修改，股室称等待镇政府提供数据。"),
    dict(number="万扶督〔2026〕4号", unit="项目股",
         problem="2026年度项目库入库项目公示时间不足，未保存公示照片",
         item="扶贫项目/项目库建设", opinion="重新公示不少于10日，并留存公示照片备查",
         deadline="20个工作日"),
    dict(number="万扶督〔2026〕4号", unit="项目股",
         problem="项目竣工验收结果未在村公示栏公示",
         item="扶贫项目/项目验收", opinion="在项目所在村公示栏公示验收结果，公示后报送照片",
         deadline="2026-12-15"),
    dict(number="万扶督〔2026〕5号", unit="石窝镇人民政府",
         problem="村公示栏张贴的脱贫户名单含有身份证号码和银行账号",
         item="第7.1条", opinion="立即撤下并去除身份证号码、银行账号等个人信息后重新张贴",
         deadline="5个工作日", review_date=D(2026, 10, 19), result="已整改",
         review_note="已撤换，核查全镇12个村公示栏，未发现同类问题。"),
    dict(number="万扶督〔2026〕5号", unit="石窝镇人民政府",
         problem="镇便民服务中心办事指南仍为2019年版本，未按年度更新",
         item="服务信息/办事指南", opinion="更新办事指南，在便民服务中心和政府网站同步发布",
         deadline="2026-11-13", review_date=D(2026, 11, 16), result="已整改",
         review_note="便民服务中心和政府网站均已发布2026年版办事指南。"),
]


def make_slips() -> Path:
    from fupin_docs.kinds.blank import SLIP_NOTES

    out = SAMPLES / "处理单.xlsx"
    write_input_workbook(out, [(load_schema("slip"), SLIPS)],
                         {"catalogue-items": ItemIndex.default().labels()}, SLIP_NOTES)
    return out


def make_catalogue() -> Path:
    from fupin_docs.kinds.blank import CATALOGUE_NOTES
    from fupin_docs.standard.catalogues.model import BUILTIN, builtin_catalogue

    labels = ["全部事项", *(i.label for n in BUILTIN for i in builtin_catalogue(n).items)]
    out = SAMPLES / "单位.xlsx"
    write_input_workbook(
        out,
        [(load_schema("catalogue_units"), UNITS), (load_schema("catalogue_adapt"), ADAPTATIONS)],
        {"catalogue-items": labels}, CATALOGUE_NOTES,
    )
    return out


def make_letters() -> Path:
    from fupin_docs.kinds.blank import LETTER_NOTES

    out = SAMPLES / "督查.xlsx"
    write_input_workbook(out, [(load_schema("letter_inspection"), INSPECTIONS),
                               (load_schema("letter_problem"), PROBLEMS)], {}, LETTER_NOTES)
    return out


TEMPLATE_BUILDERS = {"slip": build_slip, "catalogue": build_catalogue, "letter": build_letter,
                     "followup": build_followup, "ledger_xlsx": build_ledger_xlsx,
                     "catalogue_xlsx": build_catalogue_xlsx}
TEMPLATE_BUILDERS["inspection"] = build_inspection  # 检查报告.docx's base
SAMPLE_BUILDERS = {"slips": make_slips, "letters": make_letters, "catalogues": make_catalogue}
BUILDERS = {**TEMPLATE_BUILDERS, **SAMPLE_BUILDERS}
GROUPS = {"templates": TEMPLATE_BUILDERS, "samples": SAMPLE_BUILDERS}


def main(names: list[str]) -> None:
    chosen: dict[str, object] = {}
    for name in names or list(GROUPS):
        if name in GROUPS:
            chosen.update(GROUPS[name])
        elif name in BUILDERS:
            chosen[name] = BUILDERS[name]
        else:
            raise SystemExit(f"unknown: {name} (choose from {', '.join([*GROUPS, *BUILDERS])})")
    for build in chosen.values():
        print(build())  # type: ignore[operator]


if __name__ == "__main__":
    main(sys.argv[1:])
