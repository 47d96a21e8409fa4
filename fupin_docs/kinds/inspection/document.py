"""检查报告.docx: the inspection report as a print-ready document.

The body is written into the base templates/inspection.docx (built by tools/build.py,
``build_inspection``; opened and saved with python-docx): GB/T 9704-2012 page and fonts like
the letters and the 复查情况报告 (title 小标宋 2号, 一、 headings 黑体, （一） 楷体, body 仿宋
3号), and only the styles the report uses.
The scores are a table (表1) and a chart (图1): one row per unit, each rate a real bar (a
shaded cell as wide as the rate) beside its figure; header rows repeat on every page and no
row is split across pages. The package is saved with the batch's properties and fixed zip
times, so the same inspection gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ...inputs.values import cn_date, strip_invalid
from ...outputs.atomic import write_bytes_atomic
from ...render import ziputil
from ...render.docprops import DocProperties, batch_time
from ...render.docx import with_properties
from ...resources import template_path
from ...types import FupinError
from ..letter import cn_count, cn_number, signature_lines
from .model import UnitResult, rate_text

TEMPLATE = "inspection.docx"
TITLE = "政务公开工作检查报告"
# for `fupin-docs templates list` (kinds/office_templates.py reads these)
KIND_NAME = "inspect"
LABEL = TITLE
TEMPLATE_DESCRIPTION = ("检查报告.docx 的页面和样式（无占位符，inspect 在其上写入正文；"
                        "inspect 只用内置的这一份）")
MAX_FINDINGS_IN_DOCX = 40  # per unit; the rest are in 检查报告.xlsx
MAX_NOTES_IN_DOCX = 200

MM = 36000  # EMU per millimetre
TWIPS_PER_MM = 56.7
TYPE_WIDTH_MM = 156  # GB/T 9704-2012 type area
# 表1 columns (mm): 被检查单位, 处理单, 台账行, 公开条数, three rates, 问题数
SCORE_WIDTHS = (30, 14, 14, 18, 22, 22, 22, 14)  # a 5-character head fits on one line
SCORE_HEADS = ("被检查单位", "处理单", "台账行", "公开条数", "按时公开率", "程序合规率",
               "目录覆盖率", "问题数")
# 图1: the unit, then each rate as a bar (BAR_MM wide at 100%) and its figure
CHART_UNIT_MM = 33
CHART_RATE_MM = 41
BAR_MM = 24
CHART_HEADS = ("被检查单位", "按时公开率", "程序合规率", "目录覆盖率")
BAR_PT = 12  # the bar's height: one line of 五号 figures
BAR_PAD_TWIPS = 40  # 2 pt above and below the bar, inside its row
BAR_FILL = "7F7F7F"  # mid grey: prints in black and white as well as on screen
BAR_REST = "E7E6E6"  # the rest of the 100% scale, light
CELL_MARGIN_TWIPS = 57  # 1 mm, as the letters' 附件 table
KEEP_TOGETHER_ROWS = 20  # a chart of at most this many units is kept on one page

RATES_NOTE = ("注：按时公开率＝按时公开条数÷能核对时限的公开条数（第5.4条、第6.1条）；"
              "程序合规率＝没有核对、审签、理由问题且填写无误的处理单÷处理单（第5.1—5.3条、附录C）；"
              "目录覆盖率＝有公开记录的目录事项÷适用的目录事项（第4.2条、第6.2条）。"
              "“—”表示没有可计算的记录。图1中灰色条的长度表示得分，整条为100%。")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# style name (as tools/build.py names it) -> styleId
STYLE_IDS = {name: name.replace(" ", "") for name in (
    "Report Title", "Report Body", "Report Plain", "Report Heading 1", "Report Heading 2",
    "Report Caption", "Report Note", "Table Head", "Table Text", "Finding Label")}


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


class _Writer:
    """Builds the report's paragraphs and tables as WordprocessingML elements (lxml) in the
    body of the base document, before its section properties.

    Elements are made directly, in schema order (Word rejects children out of order):
    python-docx's own add_paragraph/add_table look up styles and scan the body for every
    element added, which is quadratic in a county's report of thousands of paragraphs.
    """

    def __init__(self, doc: Any) -> None:
        from lxml import etree

        self.doc = doc
        self.sub = etree.SubElement
        body = doc.element.body
        self.sect = body.find(_w("sectPr"))
        if self.sect is None:
            raise FupinError(f"模板 {TEMPLATE} 缺少节属性（sectPr）")
        self.body = body
        self.make = etree.Element
        self.last: Any = None  # the body's last paragraph

    def _el(self, parent: Any, tag: str, **attrs: str) -> Any:
        el = self.sub(parent, _w(tag))
        for k, v in attrs.items():
            el.set(_w(k), v)
        return el

    # ------------------------------------------------------------------ paragraphs

    def _p(self, style: str, align: str | None = None, keep: bool = False,
           line_pt: float | None = None, indent_pt: float | None = None) -> Any:
        p = self.make(_w("p"))
        ppr = self._el(p, "pPr")
        self._el(ppr, "pStyle", val=STYLE_IDS[style])
        if keep:
            self._el(ppr, "keepNext")
        if line_pt is not None:
            self._el(ppr, "spacing", line=str(round(line_pt * 20)), lineRule="exact")
        if indent_pt is not None:
            self._el(ppr, "ind", left=str(round(indent_pt * 20)))
        if align:
            self._el(ppr, "jc", val=align)
        return p

    def _run(self, p: Any, text: str, style: str | None = None) -> None:
        r = self._el(p, "r")
        if style:
            self._el(self._el(r, "rPr"), "rStyle", val=STYLE_IDS[style])
        t = self._el(r, "t")
        t.text = text = strip_invalid(text)  # a control character typed in a cell
        if text != text.strip():
            t.set(XML_SPACE, "preserve")

    def para(self, text: str = "", style: str = "Report Body", keep: bool = False) -> Any:
        p = self._p(style, keep=keep)
        if text:
            self._run(p, text)
        self.sect.addprevious(p)
        self.last = p
        return p

    def labelled(self, label: str, text: str) -> Any:
        p = self.para()
        self._run(p, label, "Finding Label")
        self._run(p, text)
        return p

    @staticmethod
    def keep_with_next(p: Any) -> None:
        ppr = p.find(_w("pPr"))
        if ppr.find(_w("keepNext")) is None:
            ppr.find(_w("pStyle")).addnext(p.makeelement(_w("keepNext")))

    # ------------------------------------------------------------------ tables

    def table(self, widths_mm: tuple[float, ...], borders: bool = True,
              pad_twips: int = 0, parent: Any = None) -> Any:
        """A fixed-layout table with an explicit grid (LibreOffice needs it): bordered and
        centred in the body, or borderless in a cell (``parent``)."""
        tbl = self.make(_w("tbl"))
        pr = self._el(tbl, "tblPr")
        self._el(pr, "tblW", w=str(sum(_twips(w) for w in widths_mm)), type="dxa")
        if parent is None:
            self._el(pr, "jc", val="center")
        if borders:
            edges = self._el(pr, "tblBorders")
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                self._el(edges, edge, val="single", sz="4", space="0", color="000000")
        self._el(pr, "tblLayout", type="fixed")
        mar = self._el(pr, "tblCellMar")
        side = str(CELL_MARGIN_TWIPS if borders else 0)
        for edge, width in (("top", str(pad_twips)), ("left", side),
                            ("bottom", str(pad_twips)), ("right", side)):
            self._el(mar, edge, w=width, type="dxa")
        grid = self._el(tbl, "tblGrid")
        for w in widths_mm:
            self._el(grid, "gridCol", w=str(_twips(w)))
        if parent is None:
            self.sect.addprevious(tbl)
        else:
            parent.append(tbl)
        return tbl

    def row(self, tbl: Any, header: bool = False, height_pt: float | None = None) -> Any:
        """A row that never splits across pages; a header row repeats on every page."""
        tr = self._el(tbl, "tr")
        pr = self._el(tr, "trPr")
        self._el(pr, "cantSplit")
        if height_pt is not None:
            self._el(pr, "trHeight", val=str(round(height_pt * 20)), hRule="exact")
        if header:
            self._el(pr, "tblHeader", val="true")
        return tr

    def cell(self, tr: Any, width_mm: float, fill: str | None = None) -> Any:
        tc = self._el(tr, "tc")
        pr = self._el(tc, "tcPr")
        self._el(pr, "tcW", w=str(_twips(width_mm)), type="dxa")
        if fill:
            self._el(pr, "shd", val="clear", color="auto", fill=fill)
        self._el(pr, "vAlign", val="center")
        return tc

    def text_cell(self, tr: Any, width_mm: float, text: str, style: str = "Table Text",
                  center: bool = False, keep: bool = False) -> Any:
        tc = self.cell(tr, width_mm)
        p = self._p(style, align="center" if center else None, keep=keep)
        if text:
            self._run(p, text)
        tc.append(p)
        return tc

    def bar(self, tr: Any, rate: float | None, keep: bool) -> None:
        """The rate as a bar: in its cell, a one-row table of a shaded cell as wide as the
        rate on a light scale BAR_MM wide, then the figure."""
        tc = self.cell(tr, CHART_RATE_MM)
        label_mm = CHART_RATE_MM - BAR_MM - 2 * CELL_MARGIN_TWIPS / TWIPS_PER_MM
        filled = 0.0 if rate is None else round(max(0.0, min(1.0, rate)) * BAR_MM, 1)
        parts: list[tuple[float, str | None]] = []
        if filled >= 0.3:
            parts.append((filled, BAR_FILL))
        if BAR_MM - filled >= 0.3:
            parts.append((BAR_MM - filled, BAR_REST if rate is not None else None))
        inner = self.table((*(w for w, _ in parts), label_mm), borders=False, parent=tc)
        row = self.row(inner, height_pt=BAR_PT)
        for width, fill in parts:
            self.cell(row, width, fill).append(self._p("Table Text", keep=keep))
        label = self._p("Table Text", keep=keep, line_pt=BAR_PT, indent_pt=3)
        self._run(label, rate_text(rate))
        self.cell(row, label_mm).append(label)
        # a cell ends with a paragraph (Word requires it): a 1 pt one
        tc.append(self._p("Table Text", keep=keep, line_pt=1))

    def save(self, target: Path, properties: DocProperties) -> None:
        buf = io.BytesIO()
        self.doc.save(buf)
        members = with_properties(ziputil.read_members(buf.getvalue()), properties)
        data = ziputil.ZipBuilder.build([ziputil.ZipBuilder.encode(m) for m in members])
        write_bytes_atomic(target, data)


def write_report_docx(inspection: Any, target: Path) -> None:
    """检查报告.docx of ``inspection`` (an outputs.Inspection)."""
    from docx import Document

    base = template_path(TEMPLATE)
    if not base.is_file():
        raise FupinError(f"找不到模板文件：{base}")
    w = _Writer(Document(str(base)))
    head = inspection.head
    units: list[UnitResult] = inspection.units
    findings = inspection.findings
    flagged = inspection.inspected_units()
    period = inspection.period.text()

    w.para(f"{period}{TITLE}", "Report Title")
    slips = sum(u.slips for u in units)
    ledger = sum(u.ledger_rows for u in units)
    records = [f"处理单{slips}份"] + ([f"发布台账{ledger}行"] if ledger else [])
    clean = len(units) - len(flagged)
    w.para(f"根据{head.basis}，{head.signer}于{cn_date(head.date)}对{cn_count(len(units))}个单位"
           f"{period}的政务公开信息处理单、发布台账和标准目录执行情况进行了检查"
           f"（检查组成员：{'、'.join(head.members)}），共检查{'、'.join(records)}，"
           f"发现问题{len(findings)}个，涉及{cn_count(len(flagged)) if flagged else '零'}个单位"
           + (f"；{cn_count(clean)}个单位未发现问题" if clean and flagged else "")
           + "。现将检查情况报告如下。")

    w.para("一、各单位得分", "Report Heading 1")
    w.para("表1　各单位检查得分", "Report Caption")
    table = w.table(SCORE_WIDTHS)
    tr = w.row(table, header=True)
    for width, text in zip(SCORE_WIDTHS, SCORE_HEADS, strict=True):
        w.text_cell(tr, width, text, "Table Head", center=True)
    for u in units:
        tr = w.row(table)
        w.text_cell(tr, SCORE_WIDTHS[0], u.unit)
        for width, value in zip(SCORE_WIDTHS[1:], (
                str(u.slips), str(u.ledger_rows), str(u.published), rate_text(u.on_time_rate),
                rate_text(u.procedure_rate), rate_text(u.coverage_rate), str(len(u.findings))),
                strict=True):
            w.text_cell(tr, width, value, center=True)

    w.para("图1　各单位得分对比", "Report Caption")
    keep = len(units) <= KEEP_TOGETHER_ROWS  # Word keeps a table together by keep-with-next
    widths = (CHART_UNIT_MM, CHART_RATE_MM, CHART_RATE_MM, CHART_RATE_MM)
    chart = w.table(widths, pad_twips=BAR_PAD_TWIPS)
    tr = w.row(chart, header=True)
    for width, text in zip(widths, CHART_HEADS, strict=True):
        w.text_cell(tr, width, text, "Table Head", center=True, keep=keep)
    for n, u in enumerate(units, start=1):
        row_keep = keep and n < len(units)
        tr = w.row(chart)
        w.text_cell(tr, CHART_UNIT_MM, u.unit, keep=row_keep)
        for rate in (u.on_time_rate, u.procedure_rate, u.coverage_rate):
            w.bar(tr, rate, keep=row_keep)
    w.para(RATES_NOTE, "Report Note")

    w.para("二、发现的问题", "Report Heading 1")
    if not flagged:
        w.para("本次检查未发现问题。")
    for i, u in enumerate(flagged, start=1):
        w.para(f"（{cn_number(i)}）{u.unit}（{len(u.findings)}个问题）", "Report Heading 2")
        for n, f in enumerate(u.findings[:MAX_FINDINGS_IN_DOCX], start=1):
            w.labelled(f"{n}.{f.kind.label}（{f.clause}）：", f.description())
            w.para(f"整改意见：{_sentence(f.opinion)}整改时限：{f.deadline_text()}。")
        if len(u.findings) > MAX_FINDINGS_IN_DOCX:
            w.para(f"另有{len(u.findings) - MAX_FINDINGS_IN_DOCX}个问题，"
                   "见检查报告.xlsx「问题清单」。")
    clean_units = [u.unit for u in units if not u.findings]
    if clean_units and flagged:
        w.para(f"未发现问题的单位：{'、'.join(clean_units)}。")

    if inspection.notes:
        w.para("三、说明", "Report Heading 1")
        for n, note in enumerate(inspection.notes[:MAX_NOTES_IN_DOCX], start=1):
            w.para(f"{n}.{_sentence(note.text(with_file=len(inspection.sources) > 1))}")
        if len(inspection.notes) > MAX_NOTES_IN_DOCX:
            w.para(f"另有{len(inspection.notes) - MAX_NOTES_IN_DOCX}条，见report.json。")

    # 署名 and 成文日期 without a seal: the date 右空二字 (GB/T 9704-2012 7.3.5.2), never
    # alone on a page: the body's last paragraph goes with them (7.3.5.4)
    w.keep_with_next(w.last)
    signer_line, date_line = signature_lines(head.signer, cn_date(head.date))
    w.para("", "Report Plain", keep=True)
    w.para(signer_line, "Report Plain", keep=True)
    w.para(date_line, "Report Plain")
    w.save(target, DocProperties(title=f"{period}{TITLE}", author=inspection.author,
                                 created=batch_time()))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", "；", "…")) else text + "。"
