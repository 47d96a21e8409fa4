"""``fupin-docs scan``: look for personal data in documents before they are published.

Finds valid ID numbers, mobile numbers and bank-card numbers (see privacy.find_personal_data)
in .docx (paragraphs, tables, headers and footers), .xlsx (every sheet and cell) and text
files. A finding names its place and shows the number masked, never in full.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..types import FupinError
from .privacy import PersonalData, find_personal_data


@dataclass(frozen=True)
class ScanFinding:
    file: str
    place: str  # 段落 3 / 表格1 第2行第3列 / 处理单!K5 / 第12行
    data: PersonalData

    def text(self) -> str:
        return f"{self.file} {self.place}：{self.data.label} {self.data.masked}"


def _docx_texts(path: Path) -> Iterator[tuple[str, str]]:
    from docx import Document

    doc = Document(str(path))

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


def _xlsx_texts(path: Path) -> Iterator[tuple[str, str]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
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


def _text_lines(path: Path) -> Iterator[tuple[str, str]]:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FupinError(f"{path.name} 不是 .docx、.xlsx 或文本文件，无法检查")
    for n, line in enumerate(text.splitlines(), start=1):
        yield f"第{n}行", line


def scan_file(path: Path) -> list[ScanFinding]:
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
    elif suffix in (".doc", ".xls", ".pdf", ".wps", ".et"):
        raise FupinError(f"{path.name}：不支持 {suffix} 格式，请另存为 .docx / .xlsx 后检查")
    else:
        texts = _text_lines(path)
    findings: list[ScanFinding] = []
    try:
        for place, text in texts:
            findings.extend(ScanFinding(path.name, place, d) for d in find_personal_data(text))
    except FupinError:
        raise
    except Exception as exc:  # python-docx / openpyxl on a damaged file
        raise FupinError(f"{path.name} 无法读取（{type(exc).__name__}），文件可能已损坏") from exc
    return findings
