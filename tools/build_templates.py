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
from docxkit import (
    FANGSONG,
    HEITI,
    XIAOBIAOSONG,
    a4,
    cant_split,
    cell_text,
    fixed_table,
    para,
    repeat_header,
    row_height,
    set_default_font,
    set_run_font,
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


BUILDERS = {"slip": build_slip, "catalogue": build_catalogue}


def main(names: list[str]) -> None:
    for name in names or list(BUILDERS):
        print(BUILDERS[name]())


if __name__ == "__main__":
    main(sys.argv[1:])
