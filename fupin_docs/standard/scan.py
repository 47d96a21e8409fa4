"""``fupin-docs scan``: look for personal data in documents before they are published.

Finds valid ID numbers, mobile numbers and bank-card numbers (see privacy.find_personal_data)
in .docx (paragraphs, tables, headers and footers, text boxes, footnotes, endnotes,
comments), .xlsx (every sheet and cell), .pdf (pdftotext) and text files. Every zip is
checked by the zip-bomb guard first. A finding names its place and shows the number masked, never in full.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..inputs.docx_text import extra_texts, open_docx
from ..inputs.zipguard import guard_zip
from ..types import FupinError, os_error_cn
from .content import read_document
from .privacy import PersonalData, find_personal_data


@dataclass(frozen=True)
class ScanFinding:
    file: str
    place: str  # 段落 3 / 表格1 第2行第3列 / 处理单!K5 / 第12行
    data: PersonalData

    def text(self) -> str:
        return f"{self.file} {self.place}：{self.data.label} {self.data.masked}"


def _docx_texts(path: Path) -> Iterator[tuple[str, str]]:
    doc = open_docx(path)

    def blocks(container: Any, prefix: str) -> Iterator[tuple[str, str]]:
        for i, p in enumerate(container.paragraphs, start=1):
            yield f"{prefix}段落{i}", p.text
        for t, table in enumerate(container.tables, start=1):
            for r, row in enumerate(table.rows, start=1):
                seen: set[int] = set()
                for c, cell in enumerate(row.cells, start=1):
                    if id(cell._tc) in seen:  # a merged cell appears once per grid column
                        continue
                    seen.add(id(cell._tc))
                    yield from blocks(cell, f"{prefix}表格{t} 第{r}行第{c}列 ")

    yield from blocks(doc, "")
    for s, section in enumerate(doc.sections, start=1):
        for label, part in (("页眉", section.header), ("页脚", section.footer)):
            if not part.is_linked_to_previous:
                yield from blocks(part, f"第{s}节{label} ")
    yield from extra_texts(doc)


def _xlsx_texts(path: Path) -> Iterator[tuple[str, str]]:
    from openpyxl import load_workbook

    if "xl/workbook.xml" not in guard_zip(path, path.name, path.suffix.lower()):
        raise FupinError(f"{path.name} 不是 Excel 工作簿（可能是 Word 文档或其他压缩包），无法检查")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise FupinError(f"{path.name} 无法作为 Excel 工作簿打开（文件可能已损坏），无法检查") from exc
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None or isinstance(value, bool):
                        continue
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                    yield f"{ws.title}!{cell.coordinate}", str(value)
    finally:
        wb.close()


def _pdf_texts(path: Path) -> Iterator[tuple[str, str]]:
    for seg in read_document(path).segments:
        yield seg.where, seg.text


# what a file that is not text starts with, and what to call it
_BINARY_MAGIC = ((b"PK\x03\x04", "压缩包（.zip、.docx 或 .xlsx）"), (b"\xd0\xcf\x11\xe0", "旧版 Office 文件"),
                 (b"%PDF", "PDF 文件"), (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"),
                 (b"GIF8", "GIF 图片"), (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"))


def _text_lines(path: Path) -> Iterator[tuple[str, str]]:
    data = path.read_bytes()
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise FupinError(f"{path.name} 是{what}，不是文本文件，无法按文本检查；"
                             "请用正确的扩展名（.docx、.xlsx、.pdf）")
    if b"\x00" in data:
        raise FupinError(f"{path.name} 不是文本文件（含二进制内容），无法检查")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FupinError(f"{path.name} 不是 .docx、.xlsx、.pdf 或文本文件（UTF-8、GB18030），无法检查")
    for n, line in enumerate(text.splitlines(), start=1):
        yield f"第{n}行", line


def scan_file(path: Path) -> list[ScanFinding]:
    """Every personal-data finding of one file; FupinError when any part of it cannot be
    read (a file is never reported clean unless all of it was read)."""
    if path.is_dir():
        raise FupinError(f"{path} 是文件夹，请列出要检查的文件（如 {path / '*.docx'}）")
    if not path.is_file():
        raise FupinError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix in (".docx", ".xlsx", ".xlsm") and not zipfile.is_zipfile(path):
        raise FupinError(f"{path.name} 已损坏或不是 {suffix} 文件，无法检查")
    if suffix == ".docx":
        texts = _docx_texts(path)
    elif suffix in (".xlsx", ".xlsm"):
        texts = _xlsx_texts(path)
    elif suffix == ".pdf":
        texts = _pdf_texts(path)
    elif suffix in (".doc", ".xls", ".wps", ".et"):
        raise FupinError(f"{path.name}：不支持 {suffix} 格式，请另存为 .docx / .xlsx 后检查")
    else:
        texts = _text_lines(path)
    findings: list[ScanFinding] = []
    try:
        for place, text in texts:
            findings.extend(ScanFinding(path.name, place, d) for d in find_personal_data(text))
    except FupinError:
        raise
    except OSError as exc:
        raise FupinError(f"{path.name} 读取失败（{os_error_cn(exc)}），无法检查") from exc
    except Exception as exc:  # python-docx / openpyxl / lxml on a damaged file
        raise FupinError(f"{path.name} 无法读取，文件可能已损坏；请在 Word/WPS/Excel 中打开后另存再检查") \
            from exc
    return findings
