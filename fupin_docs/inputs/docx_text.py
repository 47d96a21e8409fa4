"""Opening a .docx someone else wrote, and the text python-docx's paragraphs do not reach.

``doc.paragraphs``, ``doc.tables`` and the sections' default headers and footers miss text
boxes, footnotes, endnotes, comments and the first-page / even-page headers and footers;
personal data hides there as well. :func:`extra_texts` yields that text with its place.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from ..types import InputFileError
from . import zipguard

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_TEXTS = {f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"}


def open_docx(path: Path) -> Any:
    """A python-docx Document, after the zip-bomb guard; InputFileError when unusable."""
    from docx import Document

    if not zipfile.is_zipfile(path):
        raise InputFileError(f"{path.name} 不是有效的 .docx 文件（可能已损坏，或是改了扩展名的"
                             " .doc 等其他文件），请在 Word/WPS 中打开后另存为 .docx")
    names = zipguard.guard_zip(path, path.name, ".docx", xml_limit=zipguard.MAX_XML)
    if "word/document.xml" not in names:
        raise InputFileError(f"{path.name} 不是有效的 .docx 文件（可能是改了扩展名的 Excel 工作簿"
                             "或其他压缩包），请在 Word/WPS 中打开后另存为 .docx")
    try:
        return Document(str(path))
    except Exception as exc:  # python-docx / lxml raise many kinds for a broken package
        raise InputFileError(f"{path.name} 不是有效的 .docx 文件（可能已损坏，或是改了扩展名的"
                             " .doc 等其他文件），请在 Word/WPS 中打开后另存为 .docx") from exc


def paragraph_text(p: Any) -> str:
    """The text of a w:p element (runs, tabs and breaks), nested text boxes excluded."""
    out: list[str] = []
    for el in p.iter(*_TEXTS):
        if _inside(el, p, f"{{{W}}}txbxContent"):
            continue
        tag = el.tag
        out.append(el.text or "" if tag == f"{{{W}}}t" else "\t" if tag == f"{{{W}}}tab" else "\n")
    return "".join(out)


def _inside(el: Any, top: Any, tag: str) -> bool:
    node = el.getparent()
    while node is not None and node is not top:
        if node.tag == tag:
            return True
        node = node.getparent()
    return False


def _text_boxes(root: Any, label: str) -> Iterator[tuple[str, str]]:
    n = 0
    for box in root.iter(f"{{{W}}}txbxContent"):
        if _inside(box, root, f"{{{MC}}}Fallback"):  # the same box again, for old readers
            continue
        n += 1
        for i, p in enumerate(box.iter(f"{{{W}}}p"), start=1):
            text = paragraph_text(p)
            if text.strip():
                yield f"{label}文本框{n} 段落{i}", text


def _notes(root: Any, tag: str, label: str) -> Iterator[tuple[str, str]]:
    n = 0
    for note in root.iter(tag):
        if note.get(f"{{{W}}}type") in ("separator", "continuationSeparator",
                                        "continuationNotice"):
            continue
        n += 1
        text = "\n".join(paragraph_text(p) for p in note.iter(f"{{{W}}}p"))
        if text.strip():
            yield f"{label}{n}", text


def extra_texts(doc: Any) -> Iterator[tuple[str, str]]:
    """(place, text) for the text boxes, footnotes, endnotes, comments and first-page and
    even-page headers/footers of a python-docx Document."""
    yield from _text_boxes(doc.element, "")
    for section_no, sect in enumerate(doc.element.body.iter(f"{{{W}}}sectPr"), start=1):
        for ref in sect:
            kind = ref.get(f"{{{W}}}type")
            if ref.tag not in (f"{{{W}}}headerReference", f"{{{W}}}footerReference"):
                continue
            part = doc.part.related_parts.get(ref.get(f"{{{R}}}id"))
            if part is None:
                continue
            name = "页眉" if ref.tag.endswith("headerReference") else "页脚"
            label = f"第{section_no}节" + {"first": "首页", "even": "偶数页"}.get(kind or "", "") + name
            root = part.element
            if kind in ("first", "even"):  # the default ones are read with the sections
                for i, p in enumerate(root.iter(f"{{{W}}}p"), start=1):
                    if _inside(p, root, f"{{{W}}}txbxContent"):
                        continue
                    text = paragraph_text(p)
                    if text.strip():
                        yield f"{label} 段落{i}", text
            yield from _text_boxes(root, label)
    for rel in doc.part.rels.values():
        if rel.is_external:
            continue
        reltype = rel.reltype.rsplit("/", 1)[-1]
        labels = {"footnotes": ("footnote", "脚注"), "endnotes": ("endnote", "尾注"),
                  "comments": ("comment", "批注")}
        if reltype in labels:
            tag, label = labels[reltype]
            part = rel.target_part
            root = getattr(part, "element", None)
            if root is None:
                try:
                    root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
                except etree.XMLSyntaxError:
                    continue
            yield from _notes(root, f"{{{W}}}{tag}", label)
