"""Check a user's .docx template against what a document kind provides.

``fupin-docs templates check FILE.docx --kind slip`` parses the template the way docxtpl
renders it (its XML preprocessing, then the sandboxed Jinja environment) and lists:
placeholders the kind's context does not provide, required fields the template never shows,
and expressions the sandbox will refuse (attribute names starting with ``_``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from ..inputs import zipguard
from ..inputs.zipguard import guard_zip
from ..render.docx import make_env
from ..render.xlsx_template import find_header, open_template, placeholders_in
from ..resources import load_schema
from ..standard.calendar.workdays import WorkdayCalendar
from ..standard.catalogues.model import ItemIndex, builtin_catalogue
from ..standard.rules import RunContext
from ..types import FupinError, Record
from .catalogue import template as ct
from .ledger import template as lt
from .ledger.workbook import SUMMARY_SHEET, WITHHELD_SHEET

# kind name -> module holding KIND (a RowDocumentKind); other kinds add themselves here.
KIND_MODULES: dict[str, str] = {"slip": "fupin_docs.kinds.slip"}


@dataclass
class TemplateCheck:
    template: str
    kind: str
    unknown: list[str] = field(default_factory=list)  # placeholders the context lacks
    not_shown: list[str] = field(default_factory=list)  # required fields never shown
    unsafe: list[str] = field(default_factory=list)  # expressions the sandbox refuses
    used: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # .xlsx: header columns the kind needs

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.not_shown or self.unsafe or self.missing)


def kind_context_keys(kind_name: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Names the kind's context provides, and its required fields as (field, title)."""

    if kind_name not in KIND_MODULES:
        raise FupinError(f"未知的文书种类：{kind_name}；可选：{'、'.join(KIND_MODULES)}")
    kind = import_module(KIND_MODULES[kind_name]).KIND
    schema = load_schema(kind.name)
    rec = Record(file="", sheet=None, row=None, record=1, raw={}, instance={}, values={},
                 columns={})
    ctx = RunContext(calendar=WorkdayCalendar(), items=ItemIndex.default(), today=dt.date.today())
    keys = set(kind.context(rec, ctx))
    required = [(f, schema["properties"][f].get("title", f)) for f in schema.get("required", [])]
    return keys, required


def _docx_xml(path: Path) -> str:
    """The template's body, headers and footers, preprocessed as docxtpl renders them."""
    from docxtpl import DocxTemplate

    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise FupinError(f"{path.name} 不是 Word .docx 文件")
    except zipfile.BadZipFile as exc:
        raise FupinError(f"{path.name} 不是有效的 Word .docx 文件（请用 Word/WPS 另存为 .docx）") from exc
    guard_zip(data, path.name, ".docx", xml_limit=zipguard.MAX_XML)
    doc = DocxTemplate(io.BytesIO(data))
    doc.init_docx()
    xml = str(doc.patch_xml(doc.get_xml()))
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        for _, part in doc.get_headers_footers(uri):
            xml += str(doc.patch_xml(doc.get_part_xml(part)))
    return xml


def _unsafe(tree: nodes.Template) -> list[str]:
    found: list[str] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif (isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const)
              and isinstance(node.arg.value, str)):
            name = node.arg.value
        else:
            continue
        if name.startswith("_") and name not in found:
            found.append(name)
    for const in tree.find_all(nodes.Const):  # '{0.__class__}'.format(x), x|attr('__class__')
        if isinstance(const.value, str) and "__" in const.value and const.value not in found:
            found.append(const.value)
    return found


def check_template(path: Path, kind_name: str) -> TemplateCheck:
    from jinja2 import meta


    if not path.is_file():
        raise FupinError(f"找不到模板文件：{path}")
    if path.suffix.lower() == ".xlsx":
        return check_xlsx_template(path, kind_name)
    keys, required = kind_context_keys(kind_name)
    env = make_env()
    xml = _docx_xml(path)
    try:
        tree = env.parse(xml)
    except TemplateSyntaxError as exc:
        raise FupinError(f"模板 {path.name} 有语法错误：{exc.message}") from exc
    used = meta.find_undeclared_variables(tree) - set(env.globals)
    result = TemplateCheck(template=path.name, kind=kind_name, used=sorted(used))
    result.unknown = sorted(used - keys)
    for name, title in required:
        if not any(u == name or u.startswith(name + "_") for u in used):
            result.not_shown.append(f"{title}（{name}）")
    result.unsafe = _unsafe(tree)
    return result


XLSX_KINDS = ("ledger", "catalogue")


def xlsx_kind(path: Path) -> str | None:
    """ledger.xlsx -> ledger, catalogue.xlsx -> catalogue (also 本单位ledger.xlsx etc.)."""
    stem = path.stem.lower()
    return next((k for k in XLSX_KINDS if k in stem), None)


def check_xlsx_template(path: Path, kind_name: str) -> TemplateCheck:
    """An office's ledger.xlsx / catalogue.xlsx: header columns and placeholders."""

    if kind_name not in XLSX_KINDS:
        raise FupinError(f"Excel 模板只用于 {'、'.join(XLSX_KINDS)}（--kind ledger 或 --kind catalogue）")
    result = TemplateCheck(template=path.name, kind=kind_name)
    wb = open_template(path)
    sheets: list[Any] = []
    known: tuple[str, ...]
    if kind_name == "ledger":

        known = lt.PLACEHOLDERS
        try:
            sheets.append(lt._ledger_sheet(wb, path.name))
        except FupinError as exc:
            result.missing.append(str(exc))
        tables = [(ws, lt.LEDGER_SPECS) for ws in sheets]
        if WITHHELD_SHEET in wb.sheetnames:
            sheets.append(wb[WITHHELD_SHEET])
            tables.append((wb[WITHHELD_SHEET], lt.WITHHELD_SPECS))
        if SUMMARY_SHEET in wb.sheetnames:
            sheets.append(wb[SUMMARY_SHEET])
        for ws, specs in tables:
            match = find_header(ws, specs)
            if match is None:
                result.missing.append(f"「{ws.title}」工作表找不到表头")
            elif match.missing:
                result.missing.append(f"「{ws.title}」工作表第{match.row}行表头缺少必需的列："
                                      + "、".join(s.title for s in match.missing))
    else:

        known = ct.PLACEHOLDERS
        sheets.append(wb.worksheets[0])
        try:
            ct.CatalogueTemplate(path)._marks(builtin_catalogue("yimei"))
        except FupinError as exc:
            result.missing.append(str(exc))
    used: set[str] = set()
    for ws in sheets:
        for _where, name in placeholders_in(ws):
            used.add(name)
    result.used = sorted(used)
    result.unknown = sorted(used - set(known))
    return result
