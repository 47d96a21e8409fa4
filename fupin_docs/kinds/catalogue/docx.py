"""Render standard catalogues (标准目录) to .docx from templates/catalogue.docx.

The template is parsed once: its first table holds the header rows (repeated on every
page) and, as its last row, a prototype data row whose cells give the formatting of
each column. For every unit only the table rows are built (lxml) and serialized; the
rest of document.xml and every other part of the package are reused as bytes. So 300
units cost 300 small serializations, not 300 template parses, and nothing is kept
between units.
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from ...outputs.atomic import atomic_path
from ...render import ziputil
from ...render.docprops import DocProperties
from ...render.docx import with_properties
from ...standard.catalogues.model import Catalogue
from ...types import FupinError
from .layout import MARK, RowView, rows, sub_headers

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DOC_PART = "word/document.xml"
MARKER = b"<?fupin-rows ?>"
PLACEHOLDER = re.compile(rb"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
N_FIXED = 8  # 序号 .. 公开渠道和载体; the mark columns follow


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_NSMAP = {"w": W_NS}
_W_DECL = f' xmlns:w="{W_NS}"'.encode()


class _CellShell:
    """The formatting of one prototype cell: tcPr, pPr and rPr, without text."""

    def __init__(self, tc: Any) -> None:
        self.tcPr = tc.find(w("tcPr"))
        p = tc.find(w("p"))
        self.pPr = p.find(w("pPr")) if p is not None else None
        r = p.find(w("r")) if p is not None else None
        self.rPr = r.find(w("rPr")) if r is not None else None
        width = self.tcPr.find(w("tcW")) if self.tcPr is not None else None
        self.width = int(width.get(w("w"), "0")) if width is not None else 0

    def cell(self, lines: list[list[str]], vmerge: str | None = None,
             span: int = 1, width: int | None = None) -> Any:
        tc = etree.Element(w("tc"), nsmap=_NSMAP)
        tcPr = copy.deepcopy(self.tcPr) if self.tcPr is not None else etree.Element(w("tcPr"), nsmap=_NSMAP)
        if width is not None:
            tcw = tcPr.find(w("tcW"))
            if tcw is not None:
                tcw.set(w("w"), str(width))
        pos = 1 if tcPr.find(w("tcW")) is not None else 0
        if span > 1:
            gs = etree.Element(w("gridSpan"), nsmap=_NSMAP)
            gs.set(w("val"), str(span))
            tcPr.insert(pos, gs)
            pos += 1
        if vmerge is not None:
            vm = etree.Element(w("vMerge"), nsmap=_NSMAP)
            if vmerge == "restart":
                vm.set(w("val"), "restart")
            tcPr.insert(pos, vm)
        tc.append(tcPr)
        for line in lines or [[]]:
            p = etree.SubElement(tc, w("p"))
            if self.pPr is not None:
                p.append(copy.deepcopy(self.pPr))
            if not line:
                continue
            r = etree.SubElement(p, w("r"))
            if self.rPr is not None:
                r.append(copy.deepcopy(self.rPr))
            for i, part in enumerate(line):
                if i:
                    etree.SubElement(r, w("tab"))
                t = etree.SubElement(r, w("t"))
                t.text = part
                t.set(f"{{{XML_NS}}}space", "preserve")
        return tc


MARK_WIDTH_TOTAL = 6 * 595  # twips the template gives its six √ columns


def _set_text(tc: Any, text: str) -> None:
    ts = list(tc.iter(w("t")))
    if ts:
        ts[0].text = text
        for t in ts[1:]:
            t.text = ""


def _set_width(tc: Any, twips: int, span: int) -> None:
    tcpr = tc.find(w("tcPr"))
    if tcpr is None:
        return
    tcw = tcpr.find(w("tcW"))
    if tcw is not None:
        tcw.set(w("w"), str(twips))
    gs = tcpr.find(w("gridSpan"))
    if span > 1:
        if gs is None:
            gs = etree.SubElement(tcpr, w("gridSpan"))
            tcpr.remove(gs)
            tcpr.insert(1 if tcw is not None else 0, gs)
        gs.set(w("val"), str(span))
    elif gs is not None:
        tcpr.remove(gs)


# the √ columns' headers (全社会, 依申请公开, 镇级): a narrow column (595 twips) holds two
# 9 pt characters a line, so Word broke 全社会 as 全社/会 and 依申请公开 as 依申/请公/开. They
# are set in 8 pt with narrow cell margins (three characters a line), and broken between
# words by explicit line breaks (依申请/公开, 特定/群众), never inside one.
SUB_HEADER_KEYS = re.compile(r"(audience|mode|level)_\d+")
SUB_HEADER_SIZE = 16  # half-points: 8 pt
SUB_HEADER_MARGIN = 30  # twips, left and right
LINE_CHARS = 3
# the last word of a header kept whole on its own line: 依申请/公开, 特定/群众, 社会/公众
_TAIL_WORDS = ("公开", "群众", "群体", "公众", "人员", "对象", "村级", "镇级", "乡级", "县级",
               "区级", "市级")


def header_lines(name: str) -> list[str]:
    """A √ column's header in lines of at most three characters, broken between words."""
    text = name.strip()
    if len(text) <= LINE_CHARS:
        return [text]
    for tail in _TAIL_WORDS:
        head = text[: -len(tail)]
        if text.endswith(tail) and head:
            return [*header_lines(head), tail]
    if "、" in text:  # 乡、村级: break after the enumeration comma
        first, _, rest = text.partition("、")
        return [f"{first}、", *header_lines(rest)]
    half = (len(text) + 1) // 2 if len(text) <= 2 * LINE_CHARS else LINE_CHARS
    return [text[:half], *header_lines(text[half:])]


def _header_xml(name: str) -> bytes:
    """The header text for inside the template's <w:t>: its lines joined by <w:br/>."""
    joint = '</w:t><w:br/><w:t xml:space="preserve">'
    return joint.join(escape(line) for line in header_lines(name)).encode("utf-8")


def _narrow_sub_headers(tbl: Any) -> None:
    """8 pt and narrow margins in the cells holding {{ audience_1 }} .. {{ level_2 }}."""
    for tc in tbl.iter(w("tc")):
        text = "".join(t.text or "" for t in tc.iter(w("t")))
        if not SUB_HEADER_KEYS.search(text):
            continue
        tcpr = tc.find(w("tcPr"))
        if tcpr is None:
            tcpr = etree.Element(w("tcPr"), nsmap=_NSMAP)
            tc.insert(0, tcpr)
        old = tcpr.find(w("tcMar"))
        if old is not None:
            tcpr.remove(old)
        mar = etree.Element(w("tcMar"), nsmap=_NSMAP)
        for side in ("left", "right"):
            e = etree.SubElement(mar, w(side))
            e.set(w("w"), str(SUB_HEADER_MARGIN))
            e.set(w("type"), "dxa")
        # CT_TcPr order: tcW, gridSpan, vMerge, tcBorders, shd, noWrap, tcMar, ..., vAlign
        after = [c for c in tcpr if etree.QName(c).localname in
                 ("tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap")]
        if after:
            after[-1].addnext(mar)
        else:
            tcpr.insert(0, mar)
        for rpr in tc.iter(w("rPr")):
            for tag in ("sz", "szCs"):
                size = rpr.find(w(tag))
                if size is not None and int(size.get(w("val"), "0")) > SUB_HEADER_SIZE:
                    size.set(w("val"), str(SUB_HEADER_SIZE))


def reshape(doc_xml: bytes, counts: tuple[int, int, int]) -> bytes:
    """The template's table with ``counts`` √ columns under 公开对象 / 公开方式 / 公开层级
    (an imported catalogue may have one level column, none, or three audiences)."""
    root = etree.fromstring(doc_xml)
    tbl = root.find(f".//{w('tbl')}")
    if tbl is None:
        return doc_xml
    trs = tbl.findall(w("tr"))
    grid = tbl.find(w("tblGrid"))
    if grid is None or len(trs) < 3:
        return doc_xml
    total = sum(counts)
    width = min(595, MARK_WIDTH_TOTAL // max(total, 1)) if total > 6 else 595
    cols = grid.findall(w("gridCol"))
    for col in cols[N_FIXED:]:
        grid.remove(col)
    for _ in range(total):
        etree.SubElement(grid, w("gridCol")).set(w("w"), str(width))
    head1, head2, body = trs[0], trs[1], trs[-1]
    for tc, n in zip(head1.findall(w("tc"))[-3:], counts, strict=True):
        if n == 0:
            head1.remove(tc)
        else:
            _set_width(tc, width * n, n)
    subs = head2.findall(w("tc"))[-6:]
    for tc in subs:
        head2.remove(tc)
    for prefix, n in zip(("audience", "mode", "level"), counts, strict=True):
        for i in range(1, n + 1):
            tc = copy.deepcopy(subs[0])
            _set_text(tc, f"{{{{ {prefix}_{i} }}}}")
            _set_width(tc, width, 1)
            head2.append(tc)
    marks = body.findall(w("tc"))[N_FIXED:]
    for tc in marks:
        body.remove(tc)
    for _ in range(total):
        tc = copy.deepcopy(marks[0])
        _set_width(tc, width, 1)
        body.append(tc)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


class CatalogueDocxRenderer:
    def __init__(self, template: Path, shape: tuple[int, int, int] | None = None,
                 properties: DocProperties | None = None) -> None:
        """``shape``: the √ columns (公开对象, 公开方式, 公开层级) when not the template's 2/2/2;
        ``properties``: the document properties of the batch."""
        if not template.is_file():
            raise FupinError(f"找不到模板文件：{template}")
        self.path = template
        self.properties = properties
        try:
            data = template.read_bytes()
            with zipfile.ZipFile(template) as zf:
                doc_xml = zf.read(DOC_PART) if DOC_PART in zf.namelist() else None
            # every other part as stored (compressed once), the properties of the batch
            self.members = [ziputil.ZipBuilder.encode(m) for m in with_properties(
                ziputil.read_members(data), properties)]
        except (zipfile.BadZipFile, ValueError) as exc:
            raise FupinError(f"模板 {template.name} 不是有效的 .docx 文件") from exc
        if doc_xml is None:
            raise FupinError(f"模板 {template.name} 不是有效的 .docx 文件（缺少 {DOC_PART}）")
        if shape is not None and shape != (2, 2, 2):
            doc_xml = reshape(doc_xml, shape)
        root = etree.fromstring(doc_xml)
        tbl = root.find(f".//{w('tbl')}")
        trs = tbl.findall(w("tr")) if tbl is not None else []
        if tbl is None or len(trs) < 2:
            raise FupinError(f"模板 {template.name} 应含一个表格：表头行和一行样式行")
        _narrow_sub_headers(tbl)
        proto = trs[-1]
        self.trPr = proto.find(w("trPr"))
        self.cells = [_CellShell(tc) for tc in proto.findall(w("tc"))]
        if len(self.cells) < N_FIXED + (1 if shape is None else 0):
            raise FupinError(f"模板 {template.name} 的样式行应有至少 {N_FIXED + 1} 列")
        marker = etree.ProcessingInstruction("fupin-rows")
        proto.addprevious(marker)
        tbl.remove(proto)
        head, sep, tail = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        ).partition(MARKER)
        if not sep:
            raise FupinError(f"模板 {template.name} 无法解析")
        self.head, self.tail = head, tail

    @property
    def n_marks(self) -> int:
        return len(self.cells) - N_FIXED

    def _row(self, view: RowView, ncols: int) -> bytes:
        item = view.item
        tr = etree.Element(w("tr"), nsmap=_NSMAP)  # w: prefix, as in the rest of the part
        if self.trPr is not None:
            tr.append(copy.deepcopy(self.trPr))
        c = self.cells
        tr.append(c[0].cell([[str(view.no)]]))
        if view.group_start:
            tr.append(c[1].cell([[item.level1]], "restart" if view.group_size > 1 else None))
        else:
            tr.append(c[1].cell([], "continue"))
        tr.append(c[2].cell([[item.level2]]))
        tr.append(c[3].cell([[e] for e in view.elements]))
        if item.applicable:
            tr.append(c[4].cell([[item.basis]]))
            tr.append(c[5].cell([[item.deadline_text]]))
            tr.append(c[6].cell([[item.publisher]]))
            tr.append(c[7].cell(view.checklist))
            for i, on in enumerate(view.marks):
                tr.append(c[N_FIXED + i].cell([[MARK]] if on else []))
        else:
            width = sum(cell.width for cell in c[4:ncols])
            tr.append(c[4].cell([[view.not_applicable_text]], span=ncols - 4, width=width))
        return bytes(etree.tostring(tr, encoding="UTF-8")).replace(_W_DECL, b"", 1)

    def render(self, cat: Catalogue, fields: dict[str, str]) -> bytes:
        subs = sub_headers(cat)
        if len(subs) != self.n_marks:
            raise FupinError(
                f"模板 {self.path.name} 有 {self.n_marks} 个打“√”栏，目录「{cat.title}」需要 "
                f"{len(subs)} 个（公开对象、公开方式、公开层级各栏）"
            )
        values = dict(fields)
        for prefix, names in (("audience", cat.audiences), ("mode", cat.modes),
                              ("level", cat.level_columns)):
            for i, name in enumerate(names, start=1):
                values[f"{prefix}_{i}"] = name

        def fill(m: re.Match[bytes]) -> bytes:
            key = m.group(1).decode()
            if key not in values:
                raise FupinError(f"模板 {self.path.name} 引用了未知的字段：{key}")
            if SUB_HEADER_KEYS.fullmatch(key):
                return _header_xml(values[key])
            return escape(values[key]).encode("utf-8")

        ncols = len(self.cells)
        body = b"".join(self._row(v, ncols) for v in rows(cat))
        doc = PLACEHOLDER.sub(fill, self.head) + body + PLACEHOLDER.sub(fill, self.tail)
        # fixed timestamps and member order: the same input gives the same bytes
        return ziputil.ZipBuilder.build([
            ziputil.ZipBuilder.encode(ziputil.deflated(DOC_PART, doc))
            if m.name == DOC_PART else (local, m) for local, m in self.members])

    def write(self, path: Path, cat: Catalogue, fields: dict[str, str]) -> None:
        data = self.render(cat, fields)
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
