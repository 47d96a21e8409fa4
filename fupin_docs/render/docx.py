"""Render .docx templates with docxtpl's template language inside a Jinja sandbox, fast.

Every render uses a :class:`~jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined``
and autoescape on: ``& < >`` in cells come out as text, a misspelt placeholder is an error
rather than a blank, and template expressions cannot reach Python internals.

Plain docxtpl re-reads the whole package (styles, theme ...), re-runs its XML clean-up and
re-compiles the Jinja template for every document. :class:`DocxRenderer` instead prepares a
template once:

* docxtpl's own preprocessing (``patch_xml``: tag clean-up, ``{%tr %}``/``{%p %}``/``{%r %}``)
  of the body, every header and every footer, then one compiled sandboxed template per part;
* the package as python-docx would save it, held as already-compressed zip members.

Per record it renders only those parts, applies the same post-processing docxtpl applies
(the ``\\n<w:p`` line trick, ``{_{`` unescaping, ``resolve_listing`` for ``\\n \\t \\a \\f``,
``fix_tables``, ``docPr`` ids, the same lxml parse and serialisation), and writes the .docx
by copying every unchanged member's compressed bytes. When the template allows it (every tag in
text, blocks inside one table cell or around whole rows of one table (``{%tr %}``), no
drawings, tables needing no ``fix_tables``: see
``_text_only_body``) the body skips the lxml parse and serialisation: the two textual differences
lxml would make are applied to the rendered text instead (``_canonical``), and the first record is
checked against the lxml path. Such a body is also compiled (``_compile_body``) so that no pass
over the whole rendered body is left: its static text is post-processed once, each value as it
is rendered; the first record is checked against the text path. A header or footer whose
rendered XML is the one of an earlier record reuses that record's zip member. The rendered
document.xml, headers and footers are identical to docxtpl's; the archive has fixed timestamps
and a stable member order, so the same input gives byte-identical files.

Templates or values the fast path does not handle fall back to plain docxtpl, automatically;
the reason is logged at DEBUG level on the ``fupin_docs.render`` logger:

* ``{%tc %}`` column loops, template tags in footnotes or in the document properties
  (template-wide: every render falls back);
* ``InlineImage`` or ``Subdoc`` values (or anything bound to a ``DocxTemplate``) anywhere in
  the context's dicts, lists and tuples (that render falls back).

The fallback output is re-packed with the same fixed timestamps, so it is deterministic too.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from ..inputs import zipguard
from ..inputs.zipguard import guard_zip
from ..standard.privacy import register_filters
from ..types import FupinError
from . import ziputil
from .docprops import DocProperties

log = logging.getLogger("fupin_docs.render")

_P_OPEN = re.compile(r"<w:p([ >])")
_P_OPEN_NL = re.compile(r"\n<w:p([ >])")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # as in resolve_listing
_LISTING_CHARS = re.compile(r"[\t\a\n\f]")
_TAG = re.compile(r"<[^>]*>")
_TC_TAG = re.compile(r"\{[{%#]-?tc\s")
_MARKERS = ("{{", "{%", "{#")
# the core properties docxtpl renders (DocxTemplate.render_properties)
CORE_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)

    register_filters(env)
    return env


class TemplateRenderError(FupinError):
    pass


class FallbackRequired(Exception):
    """The template or the values use something only plain docxtpl can render."""


@dataclass
class _Part:
    """A template part rendered per record: its zip name and compiled template."""

    name: str
    template: Template
    body: bool  # True for word/document.xml (body spliced into the document element)


@dataclass
class _Prepared:
    helper: Any  # a DocxTemplate used only for its XML helper methods
    root: Any  # the document element; its body is replaced per record
    body: Any
    # document.xml around the body, when the body can be spliced in as text (see _splice)
    head: bytes | None = None
    tail: bytes | None = None
    root_ns: frozenset[tuple[str | None, str]] = frozenset()
    slots: list[tuple[bytes, ziputil.Member] | _Part] = field(default_factory=list)
    # the body's rendered text is already what lxml would serialise, up to the differences
    # _canonical() makes (see _text_only_body); None: not decided yet (first record)
    text_only: bool | None = False
    # the body compiled to canonical text (see _compile_body), or None
    compiled: _CompiledBody | None = None
    # rendered header/footer XML -> its zip member (a footer is usually the same every time)
    memo: dict[tuple[str, str], tuple[bytes, ziputil.Member]] = field(default_factory=dict)


@dataclass
class _CompiledBody:
    """The body as a template whose output is the final text of the body: static text
    canonicalised once, each value post-processed as it is rendered (see _compile_body)."""

    template: Template
    marked: bool  # holds _MARK after start tags of elements that may be empty
    # checked against the text path on the first record (and the first with a line break)
    verified: bool = False
    verified_newlines: bool = False


@dataclass
class RenderStats:
    fast: int = 0
    compiled: int = 0  # of the fast ones: the body rendered by the compiled template
    fallback: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


@functools.cache
def _docxtpl_types() -> tuple[type, type, type]:
    """docxtpl's DocxTemplate, InlineImage and Subdoc, imported once (not once per record:
    a failing ``from docxtpl import Subdoc`` re-runs the import machinery every call)."""
    from docxtpl import DocxTemplate, InlineImage

    try:
        from docxtpl.subdoc import Subdoc
    except ImportError:  # pragma: no cover - docxtpl without python-docx extras
        Subdoc = InlineImage
    return DocxTemplate, InlineImage, Subdoc


def unsupported_value(value: Any) -> str | None:
    """Why ``value`` (a context) needs plain docxtpl, or None if the fast path can render it."""
    return _scan(value)[0]


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _scan(value: Any) -> tuple[str | None, bool]:
    """One walk over ``value``'s dicts, lists, tuples and sets (``value`` included): why it
    needs plain docxtpl (or None), and whether no value brings its own markup (a Markup
    string or anything with ``__html__``, which autoescape passes through unescaped)."""
    DocxTemplate, InlineImage, Subdoc = _docxtpl_types()
    plain = True
    seen: set[int] = set()
    stack: list[Any] = [value]
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        if isinstance(v, InlineImage):
            return "InlineImage value", plain
        if isinstance(v, Subdoc):
            return "Subdoc value", plain
        if isinstance(getattr(v, "tpl", None), DocxTemplate):
            return f"{type(v).__name__} value bound to a DocxTemplate", plain
        items = v.values() if isinstance(v, dict) else v if isinstance(
            v, (list, tuple, set, frozenset)) else ()
        for x in items:
            if type(x) in _SCALARS:
                continue
            if hasattr(x, "__html__"):
                plain = False
            if not isinstance(x, (str, int, float, bool)):
                stack.append(x)
    return None, plain


def _walk(value: Any) -> Iterator[Any]:
    """Every object in ``value``'s dicts, lists, tuples and sets (``value`` included), once."""
    seen: set[int] = set()
    stack: list[Any] = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (str, int, float, bool)) or v is None:
            continue
        if id(v) in seen:
            continue
        seen.add(id(v))
        yield v
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, (list, tuple, set, frozenset)):
            stack.extend(v)


def _bind_images(context: dict[str, Any], doc: Any) -> None:
    """Point every InlineImage at the DocxTemplate that renders it (``InlineImage(None, path)``
    is how callers, who never see that template, pass a picture)."""
    from docxtpl import InlineImage

    for v in _walk(context):
        if isinstance(v, InlineImage):
            v.tpl = doc


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


class DocxRenderer:
    """Holds one template; renders a context to .docx bytes (fast path, docxtpl fallback)."""

    def __init__(self, template: Path, *, fast: bool = True,
                 properties: DocProperties | None = None) -> None:
        """``properties``: the document properties every output gets (the batch's date,
        the office as author); None keeps the template's own."""
        if not template.is_file():
            raise FupinError(f"找不到模板文件：{template}")
        self.path = template
        self.data = template.read_bytes()
        if not _is_docx(self.data):
            raise FupinError(f"模板 {template.name} 不是有效的 Word .docx 文件（请用 Word/WPS 另存为 .docx）")
        guard_zip(self.data, f"模板 {template.name}", ".docx", xml_limit=zipguard.MAX_XML)
        self.env = make_env()
        self.fast = fast
        self.properties = properties
        self.stats = RenderStats()
        self._prepared: _Prepared | None = None
        self._template_reason: str | None = None if fast else "fast path disabled"

    # ------------------------------------------------------------------ public

    def render(self, context: dict[str, Any]) -> bytes:
        try:
            return self._render(context)
        except SecurityError as exc:
            raise TemplateRenderError(
                f"模板 {self.path.name} 含有不安全的表达式，已拒绝执行：{exc}"
            ) from exc
        except UndefinedError as exc:
            raise TemplateRenderError(
                f"模板 {self.path.name} 引用了数据中没有的字段：{exc.message}"
            ) from exc
        except TemplateError as exc:
            raise TemplateRenderError(f"模板 {self.path.name} 有语法错误：{exc}") from exc
        except Exception as exc:  # a user template can fail in any way (1/0, 'a'+1, walks on Undefined)
            raise TemplateRenderError(
                f"模板 {self.path.name} 执行出错（{type(exc).__name__}），已停止：{exc}"
            ) from exc

    @property
    def fast_path(self) -> bool:
        """Whether this template renders on the fast path (prepares it if needed)."""
        return self._prepare() is not None

    # ------------------------------------------------------------------ dispatch

    def _render(self, context: dict[str, Any]) -> bytes:
        prepared = self._prepare()
        reason = self._template_reason
        if prepared is not None:
            reason, plain = _scan(context)
            if reason is None:
                self.stats.fast += 1
                return self._render_fast(prepared, context, plain)
            log.debug("%s: this record falls back to docxtpl (%s)", self.path.name, reason)
        assert reason is not None
        self.stats.fallback += 1
        self.stats.reasons[reason] = self.stats.reasons.get(reason, 0) + 1
        return self._render_docxtpl(context)

    def _prepare(self) -> _Prepared | None:
        if self._prepared is not None or self._template_reason is not None:
            return self._prepared
        try:
            self._prepared = prepare(self.data, self.env, self.properties)
            log.debug("%s: fast path prepared (%d parts rendered per record)", self.path.name,
                      sum(isinstance(s, _Part) for s in self._prepared.slots))
        except FallbackRequired as exc:
            self._template_reason = str(exc)
            log.debug("%s: fast path unavailable, every render uses docxtpl (%s)",
                      self.path.name, exc)
        return self._prepared

    # ------------------------------------------------------------------ the two paths

    def _render_docxtpl(self, context: dict[str, Any]) -> bytes:
        from docxtpl import DocxTemplate

        doc = DocxTemplate(io.BytesIO(self.data))
        _bind_images(context, doc)
        doc.render(context, jinja_env=self.env, autoescape=True)
        buf = io.BytesIO()
        doc.save(buf)
        members = with_properties(ziputil.read_members(buf.getvalue()), self.properties)
        return ziputil.ZipBuilder.build([ziputil.ZipBuilder.encode(m) for m in members])

    @staticmethod
    def _body_lxml(p: _Prepared, xml: str) -> bytes:
        """DocxTemplate.render: fix_tables, fix_docpr_ids, map_tree, then python-docx
        serialises the document part."""
        from docx.opc.oxml import serialize_part_xml

        tree = _fix_tables(p.helper, xml)
        p.helper.docx_ids_index = 1000
        p.helper.fix_docpr_ids(tree)
        blob = _splice(p, tree)
        if blob is None:
            p.root.replace(p.body, tree)
            p.body = tree
            blob = serialize_part_xml(p.root)
        return blob

    def _render_fast(self, p: _Prepared, context: dict[str, Any], plain: bool) -> bytes:
        parts: list[tuple[bytes, ziputil.Member]] = []
        for slot in p.slots:
            if not isinstance(slot, _Part):
                parts.append(slot)
            elif not slot.body:
                parts.append(_render_part(p, slot, context))
            else:
                blob = self._body_compiled(p, slot, context) if plain and p.compiled else None
                if blob is None:
                    blob = self._body_text(p, slot, context, plain)
                else:
                    self.stats.compiled += 1
                parts.append(ziputil.ZipBuilder.encode(ziputil.deflated(slot.name, blob)))
        return ziputil.ZipBuilder.build(parts)

    def _body_compiled(self, p: _Prepared, slot: _Part, context: dict[str, Any]) -> bytes | None:
        """document.xml from the compiled body, or None when this record's values need the
        text path (see _value_text); checked against the text path on the first record and
        on the first record with a line break."""
        c = p.compiled
        assert c is not None
        try:
            text = c.template.render(context)
            if c.marked:
                text = _close_empty(text)
            newlines = "\n" in text
            if newlines:
                text = _resolve_newlines(p.helper, text)
        except _NeedsTextPath:
            return None
        blob = b"".join((p.head or b"", text.encode("utf-8"), p.tail or b""))
        if not (c.verified_newlines if newlines else c.verified):
            if blob != self._body_text(p, slot, context, True):
                log.debug("%s: compiled body differs from the text path; not used",
                          self.path.name)
                p.compiled = None
                return None
            if newlines:
                c.verified_newlines = True
            else:
                c.verified = True
        return blob

    def _body_text(self, p: _Prepared, slot: _Part, context: dict[str, Any],
                   plain: bool) -> bytes:
        """document.xml: the rendered body spliced in as text when the template allows it,
        else docxtpl's way (parse, fix_tables, docPr ids, serialise)."""
        xml = _unescape(slot.template.render(context))
        processed = False  # resolve_listing applied
        if p.text_only is not False and plain:
            blob = _splice_text(p, xml)
            if blob is None and _NOT_SIMPLE.search(xml):
                # line breaks, tabs ... in values: resolve_listing turns them into
                # <w:br/>, <w:tab/> ...; anything left over takes the lxml path
                xml, processed = _post_process(p.helper, xml, unescaped=True), True
                blob = _splice_text(p, xml)
            if blob is not None and p.text_only is None:
                # first record: check against the lxml path once; any difference
                # (something in the template this does not foresee) turns it off
                done = xml if processed else _post_process(p.helper, xml, unescaped=True)
                p.text_only = blob == self._body_lxml(p, done)
                if not p.text_only:
                    log.debug("%s: body not spliced as text (differs from lxml)",
                              self.path.name)
            if blob is not None and p.text_only:
                return blob
        if not processed:
            xml = _post_process(p.helper, xml, unescaped=True)
        return self._body_lxml(p, xml)


def _render_part(p: _Prepared, part: _Part, context: dict[str, Any]) -> tuple[bytes, ziputil.Member]:
    """A header or footer: DocxTemplate.map_headers_footers_xml renders it, loads it with
    XmlPart.load and python-docx serialises it. The same rendered XML gives the same member:
    kept (a footer citing the standard renders the same for every record)."""
    xml = part.template.render(context)
    key = (part.name, xml)
    member = p.memo.get(key)
    if member is None:
        if len(p.memo) >= 64:
            p.memo.clear()
        member = p.memo[key] = _part_member(p.helper, part.name, xml)
    return member


def _part_member(helper: Any, name: str, xml: str) -> tuple[bytes, ziputil.Member]:
    from docx.opc.oxml import oxml_parser, serialize_part_xml

    xml = _post_process(helper, xml)
    blob = serialize_part_xml(etree.fromstring(xml.encode("utf-8"), oxml_parser))
    return ziputil.ZipBuilder.encode(ziputil.deflated(name, blob))


def _unescape(dst_xml: str) -> str:
    """The first steps of _post_process: the ``\\n<w:p`` trick and ``{_{`` unescaping."""
    # = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml), without a regex
    dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    return (
        dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    )


def _post_process(helper: Any, dst_xml: str, unescaped: bool = False) -> str:
    """What DocxTemplate.render_xml_part does after Jinja has rendered a part."""
    if not unescaped:
        dst_xml = _unescape(dst_xml)
    if not _LISTING_CHARS.search(dst_xml):
        return dst_xml
    # resolve_listing only changes paragraphs holding one of \t \a \n \f; apply docxtpl's
    # own function to just those (its outer regex matches each paragraph the same way).
    resolve: Callable[[str], str] = helper.resolve_listing
    return _PARAGRAPH.sub(
        lambda m: resolve(m.group(0)) if _LISTING_CHARS.search(m.group(0)) else m.group(0),
        dst_xml,
    )


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XP_NS = {"w": W_NS}
# fix_tables adds grid columns when a row has more cells than the grid ...
_TOO_MANY_CELLS = etree.XPath("boolean(.//w:tr[count(w:tc) > $n])", namespaces=_XP_NS)
# ... and removes some when no row's cells (gridSpan counted) fill the grid.
_SOME_ROW_FULL = etree.XPath(
    "boolean(.//w:tr[count(w:tc[not(w:tcPr[1]/w:gridSpan)])"
    " + sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val) >= $n])",
    namespaces=_XP_NS,
)


def _fix_tables(helper: Any, xml: str) -> Any:
    """DocxTemplate.fix_tables, skipping its Python walk when it would change nothing.

    The XML is parsed the same way (lxml, recover=True); only when some table's grid does
    not match its rows is docxtpl's own fix_tables run on the XML.
    """
    tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
    if tree.nsmap.get("w") != W_NS:
        return helper.fix_tables(xml)
    for t in tree.iter(f"{{{W_NS}}}tbl"):
        grid = t.find(f"{{{W_NS}}}tblGrid")
        if grid is None:
            return helper.fix_tables(xml)
        n = len(grid.findall(f"{{{W_NS}}}gridCol"))
        if _TOO_MANY_CELLS(t, n=n) or not _SOME_ROW_FULL(t, n=n):
            return helper.fix_tables(xml)
    return tree


_XMLNS = re.compile(rb'\sxmlns(?::[^=\s]+)?="[^"]*"')


def _splice(p: _Prepared, tree: Any) -> bytes | None:
    """document.xml with ``tree`` as its body, as python-docx would serialise it, or None.

    Moving the body into the document element (``root.replace``) makes lxml drop the body's
    namespace declarations that the root already has, then walk the whole tree to re-point
    namespaces; serialising gives the root's start tag, the body without those
    declarations, and the root's end tag. When every declaration on the body is one of the
    root's (the usual case: docxtpl serialised the body with the root's declarations), the
    same bytes come from serialising the body alone and dropping its ``xmlns`` attributes.
    """
    if p.head is None or p.tail is None:
        return None
    if not set(tree.nsmap.items()) <= p.root_ns:
        return None
    body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
    end = body.index(b">")
    return b"".join((p.head, _XMLNS.sub(b"", body[:end]), body[end:], p.tail))


# What lxml changes when it parses and re-serialises a rendered body whose template tags
# all sit in text (see _text_only_body): Jinja's escapes of " and ' become the characters,
# and an element with no content becomes self-closing.
_EMPTY_ELEMENT = re.compile(
    r"<([A-Za-z_][\w.:-]*+)((?:\s[^<>]*+)?+)></\1>" if sys.version_info >= (3, 11)
    else r"<([A-Za-z_][\w.:-]*)((?:\s[^<>]*)?)></\1>")  # possessive (3.11+): no backtracking
# characters lxml would escape or drop (recover=True), a \t \n \a \f resolve_listing
# turned into markup: those records take the lxml path
_NOT_SIMPLE = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_XMLNS_ATTR = re.compile(r'\sxmlns(?::([^=\s]+))?="([^"]*)"')


def _canonical(xml: str) -> str:
    xml = xml.replace("&#34;", '"').replace("&#39;", "'")
    return _EMPTY_ELEMENT.sub(r"<\1\2/>", xml)


def _splice_text(p: _Prepared, xml: str) -> bytes | None:
    """document.xml with the rendered body ``xml``, without parsing it: what _splice gives
    for a body whose template tags all sit in text (checked when the template was
    prepared), or None when this record needs the lxml path."""
    if p.head is None or p.tail is None or _NOT_SIMPLE.search(xml):
        return None
    end = xml.find(">")
    start_tag = xml[:end]
    if {(m.group(1), m.group(2)) for m in _XMLNS_ATTR.finditer(start_tag)} - p.root_ns:
        return None
    body = _XMLNS_ATTR.sub("", start_tag) + _canonical(xml[end:])
    return b"".join((p.head, body.encode("utf-8"), p.tail))


# block statements whose start and end may sit in different places of the body
_OPENERS = frozenset({"if", "for"})
_MIDDLES = frozenset({"elif", "else"})
_CLOSERS = frozenset({"endif", "endfor"})
_STATEMENT = re.compile(r"\{%-?\s*(\w+)")
_STRUCTURE = re.compile(r"</?w:(?:tbl|tr|tc|tblGrid|gridCol|gridSpan|tblPr|tcPr|trPr)\b")
# filters that return plain text (escaped by autoescape like any value)
_TEXT_FILTERS = frozenset({"mask_id", "mask_phone", "mask_bank", "mask", "default", "d",
                           "upper", "lower", "trim", "string", "length", "count", "e",
                           "escape", "int", "float", "round", "abs", "title", "capitalize"})


def _text_only_body(env: SandboxedEnvironment, xml: str, body: Any) -> bool:
    """Whether every record's rendered body differs from what lxml would serialise only in
    the ways _canonical() undoes, and needs neither fix_tables nor fix_docpr_ids:

    * every template tag is in text, none inside an element's start or end tag;
    * only {% if/elif/else/endif %}, {% for/endfor %}, each block opening and closing in
      the same table cell / row / table, or between the rows of one table around whole
      rows (so no record changes what fix_tables sees: _blocks_keep_table_shapes), and
      expressions using only names, constants, attributes, items, operators and filters
      that return text (no calls, macros, autoescape blocks, |safe ...);
    * the template's tables need no fix_tables, and there are no drawings (docPr ids).
    """
    from jinja2 import nodes

    if "docPr" in xml or "{#" in xml:
        return False
    if any(_has_markers(tag) for tag in _TAG.findall(xml)):
        return False
    try:
        ast = env.parse(xml)
    except TemplateError:
        return False
    allowed = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Getattr,
               nodes.Getitem, nodes.Const, nodes.If, nodes.For, nodes.Filter, nodes.Test,
               nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.CondExpr,
               nodes.Tuple, nodes.List, nodes.Concat, nodes.Add, nodes.Sub, nodes.Neg,
               nodes.Pos, nodes.Keyword)
    for node in ast.find_all(nodes.Node):
        if not isinstance(node, allowed):
            return False
        if isinstance(node, nodes.Filter) and node.name not in _TEXT_FILTERS:
            return False
    if not _blocks_keep_table_shapes(xml):
        return False
    for t in body.iter(f"{{{W_NS}}}tbl"):
        grid = t.find(f"{{{W_NS}}}tblGrid")
        if grid is None:
            return False
        n = len(grid.findall(f"{{{W_NS}}}gridCol"))
        if _TOO_MANY_CELLS(t, n=n) or not _SOME_ROW_FULL(t, n=n):
            return False
    return True


# the table structure _blocks_keep_table_shapes follows: tables, rows and cells opened and
# closed, grid columns, grid spans, the table's grid and properties; and the statements
_SHAPE_TOKEN = re.compile(
    r"<(/?)w:(tbl|tr|tc)(?:\s[^<>]*?)?(/?)>"
    r"|<w:gridCol\b|<w:gridSpan\b[^<>]*?w:val=\"(\d+)\""
    r"|<w:(?:tblGrid|tblPr)\b"
    r"|\{%-?\s*(\w+)")


def _blocks_keep_table_shapes(xml: str) -> bool:
    """Whether no record can change what fix_tables sees: each block ({% if %}, {% for %})
    opens, continues and closes either with no table structure tag in between (within one
    cell, or outside the tables) or between the rows of one table around whole rows
    only (docxtpl's ``{%tr %}`` row loops and conditions: rows repeated or left out, each
    as the template has it); and every table with such a row block has a row outside all
    of them that fills its grid, so that the rows that remain always fill it, as in the
    template (fix_tables removes grid columns no row fills)."""
    structure = 0  # _STRUCTURE tags before the current position
    last = 0
    stack: list[tuple[str, int]] = []  # open tbl / tr / tc, by their start offset
    blocks: list[tuple[int, tuple[tuple[str, int], ...], int]] = []  # k, where, start
    grid_cols: dict[int, int] = {}  # table -> its gridCol count
    rows: dict[int, list[tuple[int, int]]] = {}  # table -> (row start, cells)
    row_blocks: dict[int, list[tuple[int, int]]] = {}  # table -> (start, end) of row blocks
    grid_between: list[int] = []  # offsets of tblGrid / tblPr / gridCol tags
    for m in _SHAPE_TOKEN.finditer(xml):
        structure += len(_STRUCTURE.findall(xml, last, m.start()))
        last = m.start()
        closing, name, self_closed, span, word = m.group(1), m.group(2), m.group(3), \
            m.group(4), m.group(5)
        if word is not None:
            where = tuple(stack)
            if word in _OPENERS:
                blocks.append((structure, where, m.start()))
            elif word in _MIDDLES or word in _CLOSERS:
                if not blocks:
                    return False
                k, opened_at, start = blocks[-1]
                if k != structure:
                    # between the rows of one table, nothing but whole rows in between
                    if not (where and where == opened_at and where[-1][0] == "tbl"):
                        return False
                    if any(start < g < m.start() for g in grid_between):
                        return False
                    row_blocks.setdefault(where[-1][1], []).append((start, m.start()))
                if word in _CLOSERS:
                    blocks.pop()
            else:
                return False
        elif name is not None:
            if closing:
                if not stack or stack[-1][0] != name:
                    return False
                stack.pop()
                continue
            if name == "tr" and stack and stack[-1][0] == "tbl":
                rows.setdefault(stack[-1][1], []).append((m.start(), 0))
            if name == "tc" and len(stack) >= 2 and stack[-1][0] == "tr" \
                    and stack[-2][0] == "tbl":
                table_rows = rows[stack[-2][1]]
                table_rows[-1] = (table_rows[-1][0], table_rows[-1][1] + 1)
            if name == "tbl" and self_closed:
                return False
            if not self_closed:
                stack.append((name, m.start()))
        elif span is not None:
            if len(stack) >= 3 and stack[-1][0] == "tc" and stack[-2][0] == "tr" \
                    and stack[-3][0] == "tbl":
                table_rows = rows[stack[-3][1]]
                table_rows[-1] = (table_rows[-1][0], table_rows[-1][1] + int(span) - 1)
        else:
            grid_between.append(m.start())
            if m.group(0).startswith("<w:gridCol") and stack and stack[-1][0] == "tbl":
                grid_cols[stack[-1][1]] = grid_cols.get(stack[-1][1], 0) + 1
    if blocks or stack:
        return False
    for table, spans in row_blocks.items():
        static = [cells for start, cells in rows.get(table, [])
                  if not any(a < start < b for a, b in spans)]
        if not any(cells >= grid_cols.get(table, 0) for cells in static):
            return False
    return True


def _splice_frame(root: Any) -> tuple[bytes, bytes] | None:
    from docx.opc.oxml import serialize_part_xml

    if len(set(root.nsmap.values())) != len(root.nsmap):
        return None  # one namespace under two prefixes: let lxml decide
    body = root.body
    placeholder = etree.Element(f"{{{W_NS}}}body", nsmap={"w": W_NS})
    root.replace(body, placeholder)
    try:
        whole = serialize_part_xml(root)
    finally:
        root.replace(placeholder, body)
    marker = b"<w:body/>"
    if root.nsmap.get("w") != W_NS or whole.count(marker) != 1:
        return None
    head, tail = whole.split(marker)
    return head, tail


# ---------------------------------------------------------------- the compiled body
#
# For a text-only body (_text_only_body) every transformation the text path applies to the
# whole rendered body (_unescape, _canonical, the _NOT_SIMPLE check, resolve_listing) acts
# on short spans: within the template's static text, within one value, or where the two
# meet. _compile_body applies them to the static text once and makes each value go
# through _value_text as it is rendered (Jinja's ``finalize``), so the rendered text is the
# final body. Where static text and values meet, the template is checked so that joining
# them can create no new match: no static piece starts or ends with ``{ } % _`` or in the
# middle of an entity; a start tag that can meet its end tag across an empty value or
# block (``<w:t>{{ x }}</w:t>``) is marked, and self-closed after rendering when nothing
# came in between, as lxml would (_close_empty).
# A value that could change its neighbours (``{`` ``}`` ``%`` ``_`` at either end) or holds
# a control character other than a line break takes the text path; line breaks are
# resolved paragraph by paragraph (_resolve_newlines).


class _NeedsTextPath(Exception):
    """Raised while rendering the compiled body: this record takes the text path."""


class _Final(Markup):
    """Text already in its final form (not post-processed again)."""

    __slots__ = ()


_EDGE = "{}%_"
# everything _NOT_SIMPLE finds but the line break (resolved by _resolve_newlines)
_VALUE_NOT_SIMPLE = re.compile("[\x00-\x09\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def _value_text(value: Any) -> str:
    """One value as the text path leaves it in the body: escaped as autoescape does, then
    _unescape's and _canonical's replacements. Raises _NeedsTextPath for a value whose
    ends could form a ``{_{`` ... with the text around it, or with control characters."""
    if type(value) is str:
        # markupsafe.escape, less the quotes _canonical turns back into characters
        text = value
        if "&" in text:
            text = text.replace("&", "&amp;")
        if "<" in text:
            text = text.replace("<", "&lt;")
        if ">" in text:
            text = text.replace(">", "&gt;")
    else:
        text = str(escape(value))
        if "&#" in text:
            text = text.replace("&#34;", '"').replace("&#39;", "'")
    if text:
        if text[0] in _EDGE or text[-1] in _EDGE or _VALUE_NOT_SIMPLE.search(text):
            raise _NeedsTextPath
        if "{_" in text or "_}" in text:
            text = (text.replace("{_{", "{{").replace("}_}", "}}")
                    .replace("{_%", "{%").replace("%_}", "%}"))
    return text


def _finalize(value: Any) -> Any:
    if type(value) is _Final:
        return value
    return str.__new__(_Final, _value_text(value))


def _escape_output(value: Any) -> Any:
    """What the compiled body's module calls instead of markupsafe.escape: every output
    has gone through _finalize, and escape() would only copy a _Final."""
    return value if type(value) is _Final else escape(value)


_MARK = "\x00"  # never in the static text (_NOT_SIMPLE) nor in a value (_VALUE_NOT_SIMPLE)
_START_TAG_AT_END = re.compile(r"<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>\Z")
_WHITESPACE_CONTROL = re.compile(r"\{[{%]-|-[}%]\}|\{[{%]\+|\+[}%]\}")


def _static_text(data: str) -> str:
    return _canonical(_unescape(data))


def _compile_body(env: SandboxedEnvironment, source: str, root_ns: frozenset[tuple[str | None, str]]
                  ) -> tuple[Template, bool] | None:
    """The body template (``source``: patched, ``\n<w:p`` inserted) compiled so that it
    renders the final body text (see above) and whether it marks elements that may be
    empty (see _close_empty), or None when the template does not allow it."""
    from jinja2 import nodes

    if env.trim_blocks or env.lstrip_blocks or _WHITESPACE_CONTROL.search(source):
        return None  # whitespace control could strip the \n before a <w:p
    try:
        ast = env.parse(source)
    except TemplateError:
        return None
    if not ast.body or not isinstance(ast.body[0], nodes.Output) or not ast.body[0].nodes:
        return None
    first = ast.body[0].nodes[0]
    if not isinstance(first, nodes.TemplateData) or not first.data.startswith("<w:body"):
        return None
    # the body's start tag: its namespace declarations are the root's (see _splice_text)
    end = first.data.find(">")
    if end < 0:
        return None
    start_tag = first.data[:end]
    if {(m.group(1), m.group(2)) for m in _XMLNS_ATTR.finditer(start_tag)} - root_ns:
        return None
    for data in ast.find_all(nodes.TemplateData):
        data.data = _static_text(data.data)
    first.data = _XMLNS_ATTR.sub("", start_tag) + first.data[end:]
    for data in ast.find_all(nodes.TemplateData):
        text = data.data
        if _NOT_SIMPLE.search(text):
            return None
        if text and (text[0] in _EDGE or text[-1] in _EDGE):
            return None
        if text.rfind("&") > text.rfind(";"):
            return None  # an entity split by a tag
    pairs: list[tuple[Any, Any]] = []
    try:
        _sequence(ast.body, pairs)
    except _Unforeseen:
        return None
    marked = False
    for left, right in pairs:
        if isinstance(left, nodes.TemplateData) and isinstance(right, nodes.TemplateData):
            m = _START_TAG_AT_END.search(left.data)
            if m and right.data.startswith(f"</{m.group(1)}>"):
                # this element is empty when nothing renders in between: marked, and
                # self-closed after rendering (_close_empty)
                left.data += _MARK
                marked = True
    overlay = env.overlay(finalize=_finalize)
    try:
        template = overlay.from_string(ast)
    except TemplateError:  # pragma: no cover - the same AST parsed before
        return None
    # Jinja's generated module outputs escape(finalize(value)); escape() of a _Final is a
    # copy of it: skip that copy (without this the output is the same, only slower)
    namespace = getattr(template.root_render_func, "__globals__", {})
    if namespace.get("escape") is escape:
        namespace["escape"] = _escape_output
    return template, marked


def _close_empty(text: str) -> str:
    """Each marked start tag (_MARK follows it) self-closed when its end tag follows at
    once, as lxml serialises an empty element; the marks removed."""
    parts = text.split(_MARK)
    for k in range(1, len(parts)):
        part = parts[k]
        if part.startswith("</"):
            before = parts[k - 1]
            name = before[before.rfind("<") + 1:-1].split(None, 1)[0]
            end = f"</{name}>"
            if part.startswith(end):
                parts[k - 1] = before[:-1] + "/>"
                parts[k] = part[len(end):]
    return "".join(parts)


# what can render first or last in a sequence: static text (its TemplateData node) or a
# value (_VALUE, may be empty)
_VALUE = object()
_Edges = tuple[list[Any], list[Any], bool]  # firsts, lasts, may render empty


def _sequence(items: list[Any], pairs: list[tuple[Any, Any]]) -> _Edges:
    """What can render first and last in ``items``; every pair of things that can render
    next to each other is added to ``pairs``."""
    firsts: list[Any] = []
    lasts: list[Any] = []
    empty = True
    for item in items:
        f, last, e = _edges(item, pairs)
        pairs.extend((a, b) for a in lasts for b in f)
        if empty:
            firsts = firsts + f
        lasts = lasts + last if e else last
        empty = empty and e
    return firsts, lasts, empty


def _edges(node: Any, pairs: list[tuple[Any, Any]]) -> _Edges:
    from jinja2 import nodes

    if isinstance(node, nodes.Output):
        return _sequence(node.nodes, pairs)
    if isinstance(node, nodes.TemplateData):
        return ([node], [node], False) if node.data else ([], [], True)
    if isinstance(node, nodes.If):
        branches = [node.body, *(e.body for e in node.elif_), node.else_]
        results = [_sequence(b, pairs) for b in branches]
        return ([x for r in results for x in r[0]], [x for r in results for x in r[1]],
                any(r[2] for r in results))
    if isinstance(node, nodes.For):
        f, last, _ = _sequence(node.body, pairs)
        pairs.extend((a, b) for a in last for b in f)  # one iteration after another
        fe, le, _ = _sequence(node.else_, pairs)
        return f + fe, last + le, True
    if isinstance(node, nodes.Expr):
        return [_VALUE], [_VALUE], True
    raise _Unforeseen(type(node).__name__)


class _Unforeseen(Exception):
    pass


def _resolve_newlines(helper: Any, text: str) -> str:
    """resolve_listing and _canonical applied to each paragraph holding a line break (from
    a value: the static text has none); _NeedsTextPath if one is not in a paragraph's run."""
    out: list[str] = []
    pos = 0
    i = text.find("\n")
    while i >= 0:
        start = max(text.rfind("<w:p>", pos, i), text.rfind("<w:p ", pos, i))
        end = text.find("</w:p>", start) if start >= 0 else -1
        if end < i:
            raise _NeedsTextPath
        end += len("</w:p>")
        paragraph = _canonical(helper.resolve_listing(text[start:end]))
        if _NOT_SIMPLE.search(paragraph):
            raise _NeedsTextPath
        out.append(text[pos:start])
        out.append(paragraph)
        pos = end
        i = text.find("\n", pos)
    out.append(text[pos:])
    return "".join(out)


def _has_markers(text: str) -> bool:
    return any(m in text for m in _MARKERS)


def with_properties(members: list[ziputil.Member],
                    properties: DocProperties | None) -> list[ziputil.Member]:
    """``members`` with docProps/core.xml and app.xml replaced by ``properties`` (those the
    package has: a part is never added without its relationship)."""
    if properties is None:
        return members
    parts = properties.parts()
    return [ziputil.deflated(m.name, parts[m.name]) if m.name in parts else m for m in members]


def prepare(data: bytes, env: SandboxedEnvironment,
            properties: DocProperties | None = None) -> _Prepared:
    """Preprocess and compile a template once. Raises FallbackRequired if it can't be done."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docxtpl import DocxTemplate

    helper = DocxTemplate(io.BytesIO(data))
    doc = Document(io.BytesIO(data))
    helper.docx = doc
    compile_part: Callable[[str], Template] = lambda xml: env.from_string(  # noqa: E731
        _P_OPEN.sub(r"\n<w:p\1", xml))

    sources: list[tuple[str, str, bool]] = []  # (zip name, patched xml, is body)
    body_xml = helper.patch_xml(helper.xml_to_string(doc.element.body))
    sources.append((doc.part.partname.lstrip("/"), body_xml, True))
    raw_texts = [_TAG.sub("", helper.xml_to_string(doc.element.body))]
    seen: set[str] = set()
    for rel in doc.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        part = rel.target_part
        if not part.blob:
            continue
        name = str(part.partname).lstrip("/")
        if name in seen:
            continue
        seen.add(name)
        xml = helper.get_part_xml(part)
        if helper.get_headers_footers_encoding(xml).lower() not in ("utf-8", "utf8"):
            raise FallbackRequired(f"{name} is not UTF-8")
        raw_texts.append(_TAG.sub("", xml))
        sources.append((name, helper.patch_xml(xml), False))
    for text in raw_texts:
        if _TC_TAG.search(text):
            raise FallbackRequired("{%tc %} column loop")

    # document properties and footnotes: docxtpl renders them too; with no tags they come
    # out the same for every record, so do it once here with docxtpl's own code.
    props = doc.core_properties
    for prop in CORE_PROPERTIES:
        if _has_markers(getattr(props, prop) or ""):
            raise FallbackRequired(f"template tags in document property {prop}")
    for part in doc.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            if _has_markers(helper.patch_xml(blob)):
                raise FallbackRequired("template tags in footnotes")
    helper.render_properties({}, env)
    helper.render_footnotes({}, env)

    templates: dict[str, _Part | tuple[bytes, ziputil.Member]] = {}
    for name, xml, body in sources:
        part = _Part(name, compile_part(xml), body)
        # a header or footer without template tags renders the same for every record:
        # render it once, here, the way every record would
        templates[name] = (part if body or _has_markers(xml)
                           else _part_member(helper, name, part.template.render({})))
    buf = io.BytesIO()
    doc.save(buf)
    slots: list[tuple[bytes, ziputil.Member] | _Part] = []
    for member in with_properties(ziputil.read_members(buf.getvalue()), properties):
        slot = templates.pop(member.name, None)
        slots.append(slot if slot is not None else ziputil.ZipBuilder.encode(member))
    if templates:  # pragma: no cover - python-docx saves every related part
        raise FallbackRequired(f"parts missing from the saved package: {sorted(templates)}")
    prepared = _Prepared(helper=helper, root=doc.element, body=doc.element.body, slots=slots)
    frame = _splice_frame(doc.element)
    if frame is not None:
        prepared.head, prepared.tail = frame
        prepared.root_ns = frozenset(doc.element.nsmap.items())
        if doc.element.nsmap.get("w") == W_NS and _text_only_body(env, body_xml, doc.element.body):
            prepared.text_only = None  # confirmed against lxml on the first record
            compiled = _compile_body(env, _P_OPEN.sub(r"\n<w:p\1", body_xml), prepared.root_ns)
            if compiled is not None:
                prepared.compiled = _CompiledBody(*compiled)
    return prepared
