"""检查报告.docx: the inspection report as a print-ready document.

Written with python-docx on the base templates/inspection.docx (tools/build.py,
``build_inspection``): GB/T 9704-2012 page and fonts like the letters and the 复查情况报告
(title 小标宋 2号, 一、 headings 黑体, （一） 楷体, body 仿宋 3号), and only the styles used.
The scores are a table (表1) and a chart (图1): one row per unit, each rate a real bar (a
shaded cell as wide as the rate) beside its figure; header rows repeat on every page and no
row is split across pages. The package is saved with the batch's properties and fixed zip
times, so the same inspection gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ...inputs.values import cn_date
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
              "程序合规率＝没有核对、审签、理由问题的处理单÷处理单（第5.1—5.3条、附录C）；"
              "目录覆盖率＝有公开记录的目录事项÷适用的目录事项（第4.2条、第6.2条）。"
              "“—”表示没有可计算的记录。图1中灰色条的长度表示得分，整条为100%。")

# w:tblPr and w:tcPr children in schema order (Word rejects them out of order)
_TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual",
                "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc",
                "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_TCPR_ORDER = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders",
               "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
               "w:hideMark")


class _Writer:
    """Appends the report's paragraphs and tables to the base document."""

    def __init__(self, doc: Any) -> None:
        from docx.enum.table import (
            WD_CELL_VERTICAL_ALIGNMENT,
            WD_ROW_HEIGHT_RULE,
            WD_TABLE_ALIGNMENT,
        )
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.doc = doc
        self.el = OxmlElement
        self.qn = qn
        self.center = WD_ALIGN_PARAGRAPH.CENTER
        self.vcenter = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        self.table_center = WD_TABLE_ALIGNMENT.CENTER
        self.exact = WD_ROW_HEIGHT_RULE.EXACTLY

    # ------------------------------------------------------------------ paragraphs

    def para(self, text: str = "", style: str = "Report Body", container: Any = None) -> Any:
        return (container or self.doc).add_paragraph(text, style=style)

    def labelled(self, label: str, text: str) -> Any:
        p = self.para()
        p.add_run(label, style="Finding Label")
        p.add_run(text)
        return p

    # ------------------------------------------------------------------ tables

    def table(self, widths_mm: tuple[float, ...], container: Any = None,
              borders: bool = True, pad_twips: int = 0) -> Any:
        """A fixed-layout table with an explicit grid (LibreOffice needs it), centred."""
        from docx.shared import Emu

        owner = container or self.doc
        if container is None:
            table = owner.add_table(rows=0, cols=len(widths_mm))
        else:  # a table in a cell: python-docx adds the paragraph a cell must end with
            table = container.add_table(rows=0, cols=len(widths_mm))
        table.autofit = False
        tbl = table._tbl
        tblPr = tbl.tblPr
        tblW = self._child(tblPr, "w:tblW", _TBLPR_ORDER)
        tblW.set(self.qn("w:w"), str(self._twips(sum(widths_mm))))
        tblW.set(self.qn("w:type"), "dxa")
        if container is None:
            table.alignment = self.table_center
        if borders:
            edges = self._child(tblPr, "w:tblBorders", _TBLPR_ORDER)
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                e = self.el(f"w:{edge}")
                for k, v in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
                    e.set(self.qn(f"w:{k}"), v)
                edges.append(e)
        mar = self._child(tblPr, "w:tblCellMar", _TBLPR_ORDER)
        side = CELL_MARGIN_TWIPS if borders else 0
        for edge, width in (("top", pad_twips), ("left", side), ("bottom", pad_twips),
                            ("right", side)):
            e = self.el(f"w:{edge}")
            e.set(self.qn("w:w"), str(width))
            e.set(self.qn("w:type"), "dxa")
            mar.append(e)
        for col, w in zip(table.columns, widths_mm, strict=True):
            col.width = Emu(int(w * MM))
        return table

    @staticmethod
    def _twips(mm: float) -> int:
        return round(mm * TWIPS_PER_MM)

    def row(self, table: Any, header: bool = False, keep: bool = False) -> Any:
        """A row that never splits across pages; a header row repeats on every page."""
        row = table.add_row()
        trPr = row._tr.get_or_add_trPr()
        trPr.append(self.el("w:cantSplit"))
        if header:
            el = self.el("w:tblHeader")
            el.set(self.qn("w:val"), "true")
            trPr.append(el)
        if keep:  # Word keeps a table together through keep-with-next in its rows
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        return row

    def cell(self, cell: Any, text: str, style: str = "Table Text", center: bool = False,
             keep: bool = False) -> Any:
        p = cell.paragraphs[0]
        p.style = self.doc.styles[style]
        if text:
            p.add_run(text)
        if center:
            p.alignment = self.center
        if keep:
            p.paragraph_format.keep_with_next = True
        cell.vertical_alignment = self.vcenter
        return p

    def shade(self, cell: Any, fill: str) -> None:
        tcPr = cell._tc.get_or_add_tcPr()
        shd = self._child(tcPr, "w:shd", _TCPR_ORDER)
        shd.set(self.qn("w:val"), "clear")
        shd.set(self.qn("w:color"), "auto")
        shd.set(self.qn("w:fill"), fill)

    def _child(self, parent: Any, tag: str, order: tuple[str, ...]) -> Any:
        """Find or create ``tag`` under ``parent`` at its schema position."""
        el = parent.find(self.qn(tag))
        if el is not None:
            return el
        el = self.el(tag)
        later = {self.qn(t) for t in order[order.index(tag) + 1:]}
        for i, child in enumerate(parent):
            if child.tag in later:
                parent.insert(i, el)
                return el
        parent.append(el)
        return el

    def bar(self, cell: Any, rate: float | None, keep: bool) -> None:
        """The rate as a bar: a one-row table in the cell, a shaded cell as wide as the rate
        on a light scale of BAR_MM, then the figure."""
        from docx.shared import Pt

        first = cell.paragraphs[0]._p
        label_mm = CHART_RATE_MM - BAR_MM - 2 * CELL_MARGIN_TWIPS / TWIPS_PER_MM
        filled = 0.0 if rate is None else round(max(0.0, min(1.0, rate)) * BAR_MM, 1)
        parts: list[tuple[float, str | None]] = []
        if filled >= 0.3:
            parts.append((filled, BAR_FILL))
        if BAR_MM - filled >= 0.3:
            parts.append((BAR_MM - filled, BAR_REST if rate is not None else None))
        parts.append((label_mm, None))
        inner = self.table(tuple(w for w, _ in parts), container=cell, borders=False)
        row = inner.add_row()
        trPr = row._tr.get_or_add_trPr()
        trPr.append(self.el("w:cantSplit"))
        row.height = Pt(BAR_PT)
        row.height_rule = self.exact
        for c, (_, fill) in zip(row.cells, parts, strict=True):
            if fill:
                self.shade(c, fill)
            self.cell(c, "", keep=keep)
        label = self.cell(row.cells[-1], rate_text(rate), keep=keep)
        label.paragraph_format.left_indent = Pt(3)
        label.paragraph_format.line_spacing = Pt(BAR_PT)
        cell._tc.remove(first)  # the cell: the bar, then the paragraph it must end with
        end = cell.paragraphs[-1]
        end.style = self.doc.styles["Table Text"]
        end.paragraph_format.line_spacing = Pt(1)
        if keep:
            end.paragraph_format.keep_with_next = True
        cell.vertical_alignment = self.vcenter

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
    head_row = w.row(table, header=True)
    for cell, text in zip(head_row.cells, SCORE_HEADS, strict=True):
        w.cell(cell, text, "Table Head", center=True)
    for u in units:
        cells = w.row(table).cells
        w.cell(cells[0], u.unit)
        for cell, value in zip(cells[1:], (
                str(u.slips), str(u.ledger_rows), str(u.published), rate_text(u.on_time_rate),
                rate_text(u.procedure_rate), rate_text(u.coverage_rate), str(len(u.findings))),
                strict=True):
            w.cell(cell, value, center=True)
    w.para("图1　各单位得分对比", "Report Caption")
    keep = len(units) <= KEEP_TOGETHER_ROWS
    chart = w.table((CHART_UNIT_MM, CHART_RATE_MM, CHART_RATE_MM, CHART_RATE_MM),
                    pad_twips=BAR_PAD_TWIPS)
    head_row = w.row(chart, header=True, keep=keep)
    for cell, text in zip(head_row.cells, CHART_HEADS, strict=True):
        w.cell(cell, text, "Table Head", center=True, keep=keep)
    for n, u in enumerate(units, start=1):
        last = n == len(units)
        cells = w.row(chart).cells
        w.cell(cells[0], u.unit, keep=keep and not last)
        for cell, rate in zip(cells[1:], (u.on_time_rate, u.procedure_rate, u.coverage_rate),
                              strict=True):
            w.bar(cell, rate, keep=keep and not last)
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
            w.para(f"{n}.{_sentence(note.text())}")
        if len(inspection.notes) > MAX_NOTES_IN_DOCX:
            w.para(f"另有{len(inspection.notes) - MAX_NOTES_IN_DOCX}条，见report.json。")

    # 署名 and 成文日期 without a seal: the date 右空二字 (GB/T 9704-2012 7.3.5.2), never
    # alone on a page: the body's last paragraph goes with them (7.3.5.4)
    w.doc.paragraphs[-1].paragraph_format.keep_with_next = True
    signer_line, date_line = signature_lines(head.signer, cn_date(head.date))
    w.para("", "Report Plain").paragraph_format.keep_with_next = True
    w.para(signer_line, "Report Plain").paragraph_format.keep_with_next = True
    w.para(date_line, "Report Plain")
    w.save(target, DocProperties(title=f"{period}{TITLE}", author=inspection.author,
                                 created=batch_time()))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", "；", "…")) else text + "。"
