"""Import a published 基层政务公开标准目录 table (xlsx, docx, html, pdf; xls/doc/wps via LibreOffice).

One reader per format turns the file into :class:`~.grid.Grid` objects; one interpreter,
shared by all formats, turns grids into catalogue data (:func:`import_file`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from ....types import InputFileError
from .convert import TARGET, convert
from .grid import Cell, Grid
from .interpret import Finding, ImportedItem, ImportedTable, NoCatalogueTable, interpret

# The readers import their format's library (pdfplumber, python-docx, lxml.html, openpyxl:
# ~50 MB together) when a file of that format is read, not whenever a catalogue is used.


def read_xlsx(path: Path) -> list[Grid]:
    from .from_xlsx import read_xlsx as read

    return read(path)


def read_docx(path: Path) -> list[Grid]:
    from .from_docx import read_docx as read

    return read(path)


def read_html(path: Path) -> list[Grid]:
    from .from_html import read_html as read

    return read(path)


def read_pdf(path: Path) -> list[Grid]:
    from .from_pdf import read_pdf as read

    return read(path)


READERS: dict[str, Callable[[Path], list[Grid]]] = {
    ".xlsx": read_xlsx, ".xlsm": read_xlsx, ".docx": read_docx, ".html": read_html,
    ".htm": read_html, ".shtml": read_html, ".pdf": read_pdf,
}
SUFFIXES = tuple(READERS) + tuple(TARGET)

__all__ = ["SUFFIXES", "Cell", "Finding", "Grid", "ImportedItem", "ImportedTable",
           "import_file", "read_grids"]


def read_grids(path: Path) -> list[Grid]:
    """Every table of a file as grids (old formats converted through LibreOffice first)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputFileError(f"找不到目录表格文件：{path}")
    if suffix in TARGET:
        with tempfile.TemporaryDirectory(prefix="fupin-import-") as tmp:
            converted = convert(path, Path(tmp))
            return READERS[converted.suffix](converted)
    reader = READERS.get(suffix)
    if reader is None:
        raise InputFileError(
            f"无法导入 {path.name}：只支持 {'、'.join(s for s in SUFFIXES)} 格式的目录表格")
    return reader(path)


def import_file(path: Path, *, unit: str = "", area: str = "") -> list[ImportedTable]:
    """All catalogue tables found in one file."""
    grids = read_grids(path)
    if not grids and path.suffix.lower() == ".pdf":
        raise InputFileError(
            f"{path.name} 中没有找到带框线的表格：PDF 只能按表格框线识别栏目（没有框线时无法可靠地"
            "分开各栏）；请改用发布的 Word、Excel 或网页版本")
    try:
        return interpret(grids, path.name, unit=unit, area=area, stem=path.stem)
    except NoCatalogueTable:
        raise InputFileError(
            f"{path.name} 中没有找到标准目录表格（共检查 {len(grids)} 个表格）：查找的是一行含"
            "「序号」「一级事项/二级事项」（或「公开事项」）「公开内容（要素）」「公开依据」"
            "「公开时限」「公开主体」「公开渠道和载体」等栏目中至少三项的表头，"
            "且含事项名称栏和公开内容或公开时限栏，多数栏目是目录的栏目（处理单、发布台账等其他表格不能作为目录导入）") from None
