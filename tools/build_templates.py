"""Build the built-in .docx templates in templates/ (run: python tools/build_templates.py).

The generated files are committed: offices open and edit them in Word or WPS. Re-run this
script after changing it, then check the rendered output as PDF.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).parent))
from docx.shared import RGBColor
from docxkit import (
    FANGSONG,
    HEITI,
    KAITI,
    XIAOBIAOSONG,
    a4,
    bottom_rule,
    cant_split,
    cell_text,
    condense_style,
    doc_grid,
    fixed_table,
    indent_chars,
    no_hanging_punctuation,
    page_break_before,
    page_number_footers,
    para,
    repeat_header,
    row_height,
    set_default_font,
    set_run_font,
    snap_to_grid,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

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
    ("公开时限", "{{ deadline_rule }}{% if deadline_date %}，应于{{ deadline_date }}前公开"
                 "{% endif %}", 10),
    ("拟公开日期", "{{ planned_date }}", 8),
    ("股室负责人意见", "{{ office_head_opinion }}", 14),
]


def build_slip() -> Path:
    doc = Document()
    set_default_font(doc, FANGSONG, 12, line_pt=18)
    a4(doc.sections[0], top=22, bottom=18, left=27, right=27)
    doc.sections[0].footer_distance = Mm(8)
    para(doc, "政务公开信息处理单", XIAOBIAOSONG, 22, align="center", space_after=6, line_pt=32)
    para(doc, "编号：{{ number }}", FANGSONG, 12, align="right", space_after=4)
    rows = [*SLIP_ROWS]
    table = fixed_table(doc, [40, 116], len(rows) + 4)
    for i, (label, value, height) in enumerate(rows):
        r = table.rows[i]
        row_height(r, height)
        cant_split(r)
        cell_text(r.cells[0], label, HEITI, 12, align="center")
        cell_text(r.cells[1], value, FANGSONG, 12)
    n = len(rows)
    # sign-off rows (§5.2, §5.3): opinion on top, name and date on the right below
    for offset, (label, prefix, cond) in enumerate([
        ("分管领导审签", "deputy", None),
        ("主要领导审签", "head", "needs_head or head_name"),
    ]):
        r = table.rows[n + offset]
        row_height(r, 19)
        cant_split(r)
        cell_text(r.cells[0], label, HEITI, 12, align="center")
        cell = r.cells[1]
        first = cell.paragraphs[0]
        if cond:
            set_run_font(first.add_run(
                "{% if " + cond + " %}{{ " + prefix + "_opinion }}{% else %}"
                "一般性文件，无需主要领导审签（第5.2条）{% endif %}"), FANGSONG, 12)
        else:
            set_run_font(first.add_run("{{ " + prefix + "_opinion }}"), FANGSONG, 12)
        first.paragraph_format.space_after = Pt(6)
        second = cell.add_paragraph()
        second.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run_font(second.add_run(
            "签名：{{ " + prefix + "_name }}　　日期：{{ " + prefix + "_date }}"), FANGSONG, 12)
    r = table.rows[n + 2]
    row_height(r, 10)
    cell_text(r.cells[0], "公开情况", HEITI, 12, align="center")
    cell_text(r.cells[1], "实际公开日期：{{ published_date }}　　发布人：{{ publisher }}",
              FANGSONG, 12)
    r = table.rows[n + 3]
    row_height(r, 12)
    cell_text(r.cells[0], "备注", HEITI, 12, align="center")
    cell_text(r.cells[1], "{{ remarks }}", FANGSONG, 12)
    foot = doc.sections[0].footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(foot.add_run("依据《万源市扶贫工作公开规范》第5.1—5.4条及附录C填写"), FANGSONG, 9)
    doc.core_properties.title = "政务公开信息处理单"
    doc.core_properties.author = "fupin-docs"
    out = TEMPLATES / "slip.docx"
    TEMPLATES.mkdir(exist_ok=True)
    doc.save(str(out))
    return out


# 标准目录 (seed 001): landscape A4; widths in mm of 序号, 一级事项, 二级事项, 公开内容（要素）,
# 公开依据, 公开时限, 公开主体, 公开渠道和载体, then six mark columns (对象, 方式, 层级).
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

    The renderer (fupin_docs/render/catalogue_docx.py) clones the prototype row for each
    item; the channel cell's paragraph carries a tab stop so checklist pairs line up.
    """
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
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
            tabs = OxmlElement("w:tabs")
            tab = OxmlElement("w:tab")
            tab.set(qn("w:val"), "left")
            tab.set(qn("w:pos"), str(int(24 * 56.7)))
            tabs.append(tab)
            p._p.get_or_add_pPr().append(tabs)
        if c in (3, 4, 5, 6, 7):
            proto.cells[c].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = foot.add_run()
    set_run_font(run, FANGSONG, 9)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    doc.core_properties.title = "扶贫领域基层政务公开标准目录"
    doc.core_properties.author = "fupin-docs"
    out = TEMPLATES / "catalogue.docx"
    TEMPLATES.mkdir(exist_ok=True)
    doc.save(str(out))
    return out


# GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, type area 156 x 225 mm, 22 lines x 28 chars.
GBT_LINE_PT = 28.95  # 225 mm / 22 lines (579 twips)
GBT_LINE_TWIPS = 579
# 28 characters a line: 156 mm / 28 = 15.79 pt per character, so 3号 (16 pt) characters are
# condensed by 0.3 pt (15.7 pt each, 439.6 pt a line; with -0.25 pt LibreOffice loses a
# line-end 、 that no longer fits). A linesAndChars grid with
# w:charSpace="-849" would say the same to Word, but LibreOffice breaks such lines early.
GBT_CONDENSE = -6  # 1/20 pt
RED = RGBColor(0xFF, 0x00, 0x00)


def _body(doc, text="", first_line=2.0, font=FANGSONG, align="justify"):
    p = para(doc, text, font, 16, align=align, line_pt=GBT_LINE_PT)
    if first_line:
        indent_chars(p, first_line=first_line)
    return p


def _tag(doc, text):
    """A paragraph holding only a docxtpl block tag ({%p ... %}); docxtpl removes it."""
    return para(doc, text, FANGSONG, 16, line_pt=GBT_LINE_PT)


def _letter_head(doc, number="{{ number }}"):
    """版头 (发文机关标志 red, 文号, red rule) and the title, GB/T 9704-2012 7.2, 7.3.1."""
    mark = para(doc, "{{ issuer_mark }}", XIAOBIAOSONG, 22, align="center", line_pt=40,
                color=RED)
    snap_to_grid(mark, False)
    mark.paragraph_format.space_before = Pt(18)
    mark.paragraph_format.space_after = Pt(24)
    num = para(doc, number, FANGSONG, 16, align="center", line_pt=GBT_LINE_PT)
    bottom_rule(num, "FF0000", 12, 11)
    _body(doc, first_line=0)
    # 标题 2号小标宋, centred, may wrap
    title = para(doc, "{{ title }}", XIAOBIAOSONG, 22, align="center", line_pt=36)
    snap_to_grid(title, False)
    _body(doc, first_line=0)


def _closing(doc, attachment):
    """附件说明 (正文下空一行左空二字), then 落款 and 成文日期, kept on one page with the
    last lines of the body so the signature never stands alone (GB/T 9704-2012 7.3.5)."""
    paras = [_body(doc, first_line=0), _body(doc, attachment, first_line=2, align=None),
             _body(doc, first_line=0),
             # positions computed in the context (GB/T 9704-2012 7.3.5.2)
             _body(doc, "{{ signer_line }}", first_line=0, align=None),
             _body(doc, "{{ date_line }}", first_line=0, align=None)]
    for p in paras[:-1]:
        p.paragraph_format.keep_with_next = True


def _gbt_document():
    doc = Document()
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


def build_letter() -> Path:
    doc = _gbt_document()
    _letter_head(doc)
    # 主送
    _body(doc, "{{ unit }}：", first_line=0, align=None)
    _body(doc, "{{ signer }}根据{{ basis }}，于{{ inspect_date }}对你单位{{ content }}"
               "进行了监督检查"
               "（检查组成员：{{ members }}）。经检查，发现{{ count }}个方面的问题。"
               "现将问题及整改意见通知如下。")
    _body(doc, "一、发现的问题及整改意见", font=HEITI)
    _tag(doc, "{%p for p in problems %}")
    prob = _body(doc)
    set_run_font(prob.add_run("{{ p.cn }}"), KAITI, 16)
    set_run_font(prob.add_run("{{ p.problem }}{% if p.item %}（涉及：{{ p.item }}）{% endif %}"),
                 FANGSONG, 16)
    _body(doc, "整改意见：{{ p.opinion }}整改时限：{{ p.deadline }}。")
    _tag(doc, "{%p endfor %}")
    _body(doc, "二、整改要求", font=HEITI)
    _body(doc, "请你单位对照上述问题和附件问题清单逐项整改，在整改时限内完成，并将整改情况书面报送"
               "督查小组。督查小组将在整改时限届满后进行复查，复查结果报告市领导小组"
               "（《万源市扶贫工作公开规范》第8.2.2条）。")
    _body(doc, "{{ consequences }}（《万源市扶贫工作公开规范》第8.2.3条）。"
          ).paragraph_format.keep_with_next = True
    _tag(doc, "{%p if filed_date %}")
    _body(doc, "本意见书已于{{ filed_date }}报市领导小组办公室备案。"
          ).paragraph_format.keep_with_next = True
    _tag(doc, "{%p endif %}")
    _closing(doc, "附件：1.问题清单")

    # 附件: 另面编排; "附件1" 3号黑体 top left; title centred; the list as a table
    att = _body(doc, "附件1", first_line=0, font=HEITI, align=None)
    page_break_before(att)
    _body(doc, first_line=0)
    att_title = para(doc, "{{ unit }}问题清单", XIAOBIAOSONG, 22, align="center", line_pt=36,
                     space_after=12)
    snap_to_grid(att_title, False)
    widths = [10, 41, 22, 41, 26, 16]
    heads = ["序号", "问题描述", "涉及事项/条款", "整改意见", "整改时限", "复查结果"]
    table = fixed_table(doc, widths, 4)
    fields = ["{{ p.n }}", "{{ p.problem }}", "{{ p.item }}", "{{ p.opinion }}",
              "{{ p.deadline_short }}", "{{ p.result }}"]
    for c, head in enumerate(heads):
        cell_text(table.rows[0].cells[c], head, HEITI, 12, align="center")
        cell_text(table.rows[2].cells[c], fields[c], FANGSONG, 12,
                  align="center" if c in (0, 4, 5) else None)
    repeat_header(table.rows[0])
    cant_split(table.rows[0])
    row_height(table.rows[0], 10)
    cell_text(table.rows[1].cells[0], "{%tr for p in problems %}", FANGSONG, 12)
    cell_text(table.rows[3].cells[0], "{%tr endfor %}", FANGSONG, 12)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                snap_to_grid(p, False)
                p.paragraph_format.line_spacing = Pt(18)
    doc.core_properties.title = "政务公开工作监督检查及整改意见书"
    doc.core_properties.author = "fupin-docs"
    out = TEMPLATES / "letter.docx"
    doc.save(str(out))
    return out


def build_followup() -> Path:
    doc = _gbt_document()
    _letter_head(doc, number="")
    _body(doc, "市领导小组：", first_line=0, align=None)
    _body(doc, "根据《万源市扶贫工作公开规范》第8.2.2条，督查小组于{{ period }}"
               "对{{ unit_count }}个单位开展了政务公开工作监督检查，"
               "共发现问题{{ problem_count }}个，已下发整改意见书并报市领导小组"
               "办公室备案。截至{{ today }}，整改复查情况报告如下。")
    _body(doc, "一、总体情况", font=HEITI)
    _body(doc, "共发现问题{{ problem_count }}个，其中{{ totals }}；逾期未整改问题"
               "{{ overdue|length }}个。")
    _body(doc, "二、各单位整改情况", font=HEITI)
    _tag(doc, "{%p for u in units %}")
    unit = _body(doc)
    set_run_font(unit.add_run("{{ u.cn }}{{ u.unit }}"), KAITI, 16)
    set_run_font(unit.add_run("（{{ u.number }}）：{{ u.summary }}"
                              "{% if u.overdue %}，逾期未整改{{ u.overdue }}个{% endif %}。"),
                 FANGSONG, 16)
    _tag(doc, "{%p endfor %}")
    _body(doc, "三、逾期未整改问题", font=HEITI)
    _tag(doc, "{%p for p in overdue %}")
    _body(doc, "{{ p.n }}.{{ p.unit }}：{{ p.problem }}。整改时限{{ p.due }}，"
               "整改状态为{{ p.status }}，"
               "已逾期{{ p.days }}个工作日。")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if not overdue %}")
    _body(doc, "无。")
    _tag(doc, "{%p endif %}")
    _body(doc, "四、处理意见", font=HEITI)
    _tag(doc, "{%p if flagged %}")
    _body(doc, "{{ flagged }}有逾期未整改的问题。依据《万源市扶贫工作公开规范》第8.2.3条，"
               "{{ consequences }}。建议对上述单位予以批评并限期整改，督查小组将继续跟踪复查。")
    _tag(doc, "{%p else %}")
    _body(doc, "各单位均在整改时限内完成整改或尚未到整改时限，暂无适用《万源市扶贫工作公开规范》"
               "第8.2.3条的情形。")
    _tag(doc, "{%p endif %}")
    _body(doc, "特此报告。").paragraph_format.keep_with_next = True
    _closing(doc, "附件：1.整改台账（整改台账.xlsx）")
    doc.core_properties.title = "政务公开工作监督检查整改情况报告"
    doc.core_properties.author = "fupin-docs"
    out = TEMPLATES / "followup.docx"
    doc.save(str(out))
    return out


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


BUILDERS = {"slip": build_slip, "catalogue": build_catalogue, "letter": build_letter,
            "followup": build_followup, "ledger_xlsx": build_ledger_xlsx,
            "catalogue_xlsx": build_catalogue_xlsx}


def main(names: list[str]) -> None:
    for name in names or list(BUILDERS):
        print(BUILDERS[name]())


if __name__ == "__main__":
    main(sys.argv[1:])
