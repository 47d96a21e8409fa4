"""Small python-docx helpers used by tools/build.py (not shipped).

A template starts from :func:`lean_document`: a package of our own with only the parts a
document needs (document, styles with Normal and the three defaults, settings, font table,
properties), not from python-docx's default document (350 KB styles, stylesWithEffects,
customXml, a thumbnail, 2013 properties). :func:`save_lean` writes it with fixed properties
and zip timestamps, so rebuilding gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONG = "宋体"

# font table: name -> the name Word and WPS fall back to when the font is not installed
FONTS = {FANGSONG: "仿宋", XIAOBIAOSONG: "宋体", HEITI: "SimHei", KAITI: "楷体", SONG: "SimSun"}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CONTENT_TYPES = (
    f'<Types xmlns="{CT}">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{WML}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{WML}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{WML}.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{WML}.fontTable+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '</Types>'
)
_RELS = (
    f'<Relationships xmlns="{PKG_R}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>'
)
_DOC_RELS = (
    f'<Relationships xmlns="{PKG_R}">'
    f'<Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{R}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{R}/fontTable" Target="fontTable.xml"/>'
    '</Relationships>'
)
_DOCUMENT = f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body><w:sectPr/></w:body></w:document>'
_SETTINGS = (
    f'<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="420"/>'
    '<w:characterSpacingControl w:val="compressPunctuation"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/'
    'office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>'
)


def _styles(font: str, size_pt: float) -> str:
    """Only what is used: document defaults (fonts; Latin en-US, East Asian zh-CN, so digits
    and Latin words are never split across lines), Normal, and Word's three default styles."""
    half = round(size_pt * 2)
    fonts = f'w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:cs="{font}"'
    return (
        f'<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>'
        f'<w:rFonts {fonts}/><w:kern w:val="2"/><w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:widowControl/><w:jc w:val="both"/></w:pPr></w:pPrDefault>'
        '</w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        '<w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '</w:styles>'
    )


def _font_table(names: list[str]) -> str:
    body = "".join(
        f'<w:font w:name="{n}"><w:altName w:val="{FONTS.get(n, n)}"/><w:charset w:val="86"/>'
        '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>' for n in names)
    return f'<w:fonts xmlns:w="{W}">{body}</w:fonts>'


def lean_document(font: str, size_pt: float, fonts: list[str]):
    """A python-docx Document over a minimal package of our own (see the module doc)."""
    import zipfile

    from docx import Document

    from fupin_docs.render.docprops import DocProperties

    props = DocProperties()
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _RELS,
        "word/document.xml": _DOCUMENT, "word/_rels/document.xml.rels": _DOC_RELS,
        "word/styles.xml": _styles(font, size_pt), "word/settings.xml": _SETTINGS,
        "word/fontTable.xml": _font_table(fonts),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            zf.writestr(name, XML_HEAD + xml)
        zf.writestr("docProps/core.xml", props.core_xml())
        zf.writestr("docProps/app.xml", props.app_xml())
    return Document(buf)


def save_lean(doc, path: Path, title: str) -> Path:
    """Save with fixed properties (title, fupin-docs) and fixed zip timestamps."""
    from fupin_docs.render import ziputil
    from fupin_docs.render.docprops import DocProperties
    from fupin_docs.render.docx import with_properties

    for part in doc.part.package.parts:  # python-docx's default footers name a "Footer" style
        if part.partname.endswith(".xml") and "/footer" in str(part.partname):
            for ps in part.element.iter(qn("w:pStyle")):
                ps.getparent().remove(ps)
    buf = io.BytesIO()
    doc.save(buf)
    props = DocProperties(title=title, author="fupin-docs")
    members = with_properties(ziputil.read_members(buf.getvalue()), props)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ziputil.ZipBuilder.build([ziputil.ZipBuilder.encode(m) for m in members]))
    return path


def _set_rfonts(rpr, name: str) -> None:
    """Name the font for every script (Latin, East Asian, complex) in a w:rPr."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def set_run_font(run, name: str, size_pt: float | None = None, bold: bool = False, color=None):
    run.font.name = name
    _set_rfonts(run._element.get_or_add_rPr(), name)
    if size_pt:
        run.font.size = Pt(size_pt)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def set_default_font(doc, name: str, size_pt: float, line_pt: float | None = None) -> None:
    style = doc.styles["Normal"]
    style.font.name = name
    style.font.size = Pt(size_pt)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    if line_pt:
        style.paragraph_format.line_spacing = Pt(line_pt)
    rpr = style.element.get_or_add_rPr()
    _set_rfonts(rpr, name)
    # East Asian language so Word and LibreOffice pick CJK rules
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:val"), "en-US")  # Latin zh-CN splits digit runs across lines


def a4(section, top, bottom, left, right, landscape=False):
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)


def para(container, text="", font=FANGSONG, size=16, bold=False, align=None, space_after=0,
         line_pt=None, first_line_chars=None, color=None):
    p = container.add_paragraph()
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "justify":
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf = p.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(space_after)
    if line_pt:
        pf.line_spacing = Pt(line_pt)
    if first_line_chars:
        pf.first_line_indent = Pt(size * first_line_chars)
    if text:
        set_run_font(p.add_run(text), font, size, bold, color)
    return p


def fixed_table(doc, widths_mm, rows, border_sz=6):
    """A bordered table with fixed layout and an explicit tblGrid (LibreOffice needs it)."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl = table._tbl
    tblPr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        tblPr.append(tblW)
    total = sum(widths_mm)
    tblW.set(qn("w:w"), str(int(total * 56.7)))
    tblW.set(qn("w:type"), "dxa")
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(border_sz))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tblPr.append(borders)
    grid = tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        gc.set(qn("w:w"), str(int(w * 56.7)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    return table


def cell_text(cell, text, font=FANGSONG, size=12, bold=False, align=None, vcenter=True):
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    p = cell.paragraphs[0]
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "left":  # not the documents' default (justified)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.space_after = Pt(0)
    if text:
        set_run_font(p.add_run(text), font, size, bold)
    if vcenter:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return p


def row_height(row, mm, exact=False):
    from docx.enum.table import WD_ROW_HEIGHT_RULE

    row.height = Mm(mm)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def repeat_header(row):
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def cant_split(row):
    trPr = row._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:cantSplit"))


# ---------------------------------------------------------------- GB/T 9704-2012 helpers


def doc_grid(section, line_pitch_twips: int, char_space: int | None = None,
             kind: str = "lines"):
    """Document grid (文档网格): fixed line pitch, and with ``linesAndChars`` a character pitch.

    ``char_space`` is the difference between the grid's character pitch and the default
    font size, in 1/4096 pt (Word's w:charSpace); negative when characters are squeezed.
    Note: LibreOffice (7.x) lays out ``linesAndChars`` grids with a pitch below the font
    size badly (lines break early and justified text spreads), so the GB/T 9704 templates
    use a line grid plus condensed character spacing (see ``condense_style``) instead.
    """
    sectPr = section._sectPr
    grid = sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sectPr.append(grid)
    grid.set(qn("w:type"), kind)
    grid.set(qn("w:linePitch"), str(line_pitch_twips))
    if char_space is not None:
        grid.set(qn("w:charSpace"), str(char_space))
    return grid


def condense_style(style, twentieths_pt: int) -> None:
    """Character spacing for a style (w:spacing, in 1/20 pt; negative = condensed)."""
    el = child_in_order(style.element.get_or_add_rPr(), "w:spacing", RPR_ORDER)
    el.set(qn("w:val"), str(twentieths_pt))


PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)


def child_in_order(parent, tag: str, order: tuple[str, ...]):
    """Find or create ``tag`` under ``parent`` at its schema position (Word is strict)."""
    el = parent.find(qn(tag))
    if el is not None:
        return el
    el = OxmlElement(tag)
    later = {qn(t) for t in order[order.index(tag) + 1:]}
    for i, child in enumerate(parent):
        if child.tag in later:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def _ppr_child(paragraph, tag: str):
    return child_in_order(paragraph._p.get_or_add_pPr(), tag, PPR_ORDER)


def snap_to_grid(paragraph, on: bool) -> None:
    """Whether a paragraph snaps to the document grid (off for titles, tables, footers)."""
    _ppr_child(paragraph, "w:snapToGrid").set(qn("w:val"), "1" if on else "0")


def indent_chars(paragraph, first_line: float = 0, left: float = 0, right: float = 0,
                 size_pt: float = 16) -> None:
    """Indents in characters (w:firstLineChars etc., grid-aware) with a twips fallback."""
    ind = _ppr_child(paragraph, "w:ind")
    for name, chars in (("firstLine", first_line), ("left", left), ("right", right)):
        if chars:
            ind.set(qn(f"w:{name}Chars"), str(int(chars * 100)))
            ind.set(qn(f"w:{name}"), str(int(chars * size_pt * 20)))


def bottom_rule(paragraph, color: str = "FF0000", size_eighths: int = 12, space_pt: int = 11):
    """A rule under the paragraph across the type area (e.g. the red line under the 文号)."""
    pBdr = _ppr_child(paragraph, "w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), str(space_pt))
    bottom.set(qn("w:color"), color)
    pBdr.append(bottom)


def page_break_before(paragraph) -> None:
    _ppr_child(paragraph, "w:pageBreakBefore")


def add_field(paragraph, instr: str, placeholder: str, font: str, size_pt: float):
    """A field such as PAGE: begin, instruction, separate, cached result, end."""
    def fld(kind: str):
        run = paragraph.add_run()
        set_run_font(run, font, size_pt)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    fld("begin")
    run = paragraph.add_run()
    set_run_font(run, font, size_pt)
    instr_el = OxmlElement("w:instrText")
    instr_el.set(qn("xml:space"), "preserve")
    instr_el.text = f" {instr} "
    run._r.append(instr_el)
    fld("separate")
    set_run_font(paragraph.add_run(placeholder), font, size_pt)
    fld("end")


def page_number_footers(doc, section, font: str = "宋体", size_pt: float = 14) -> None:
    """GB/T 9704-2012 7.5: `— 1 —` in 4号 half-width numerals; odd pages right, even pages
    left, one character in from the edge of the type area."""
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = align
        snap_to_grid(p, False)
        p.paragraph_format.line_spacing = Pt(size_pt * 1.2)
        indent_chars(p, **{side: 1}, size_pt=size_pt)
        set_run_font(p.add_run("— "), font, size_pt)
        add_field(p, "PAGE", "1", font, size_pt)
        set_run_font(p.add_run(" —"), font, size_pt)


def no_hanging_punctuation(style) -> None:
    """w:overflowPunct=0: punctuation never hangs into the margin (LibreOffice otherwise
    drops a line-end 、 or ， outside the type area)."""
    el = child_in_order(style.element.get_or_add_pPr(), "w:overflowPunct", PPR_ORDER)
    el.set(qn("w:val"), "0")
