"""What every .xlsx the toolkit writes shares, whichever library writes it.

- **Formula-looking text is quote-prefixed.** A cell is always written as text, but text such
  as ``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)`` or ``-2+3`` becomes a live formula as
  soon as a user edits the cell in Excel or WPS. OWASP's advice for CSV/formula injection:
  mark such cells with the quote prefix (Excel's leading ``'``), which keeps them text even
  when edited. :func:`looks_like_formula` decides; :func:`set_text` does it for openpyxl, the
  xlsxwriter helpers in render/xlsx.py do it for xlsxwriter.
- **Document properties dated by the batch**: created/modified is the day the run starts (or
  ``SOURCE_DATE_EPOCH`` when it is set), the author is the office or unit, the application is
  fupin-docs. With fixed zip timestamps, two runs of the same input the same day (or with the
  same ``SOURCE_DATE_EPOCH``) give byte-identical workbooks.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.packager import Packager
from xlsxwriter.worksheet import Worksheet as _Worksheet

from ..inputs.values import strip_invalid

APPLICATION = "fupin-docs"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# = + - @ start a formula when typed; tab and carriage return are OWASP's other two; the
# full-width forms are turned into the ASCII ones by some input methods when a cell is edited
FORMULA_START = frozenset("=+-@\t\r＝＋－＠")


def looks_like_formula(text: str) -> bool:
    """True for text Excel would take as a formula (or DDE command) when the cell is edited."""
    return bool(text) and text[0] in FORMULA_START


def set_text(cell: Any, value: Any) -> None:
    """Write a value with openpyxl so that text stays text, even when edited later.

    ``=1+1`` is stored as a string (never a formula) and, like every formula-looking text,
    gets the quote-prefix style. Characters XML cannot hold (control characters from a JSON
    input) are dropped.
    """
    if isinstance(value, str):
        value = strip_invalid(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
        elif cell.has_style and cell.quotePrefix:
            cell.quotePrefix = False


# ------------------------------------------------------------------ document properties


def batch_datetime() -> dt.datetime:
    """The date every document of this run carries: ``SOURCE_DATE_EPOCH`` (seconds since
    1970, UTC) when set and valid, otherwise the start of today. Naive, meaning UTC."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        try:
            stamp = dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            pass
        else:
            return stamp.replace(tzinfo=None)
    today = dt.date.today()
    return dt.datetime(today.year, today.month, today.day)


@dataclass(frozen=True)
class DocProps:
    """Document properties of one workbook: its title and author (the office or unit)."""

    title: str = ""
    author: str = ""

    def created(self) -> dt.datetime:
        return batch_datetime()

    def for_xlsxwriter(self) -> dict[str, Any]:
        props: dict[str, Any] = {"created": self.created()}
        if self.title:
            props["title"] = strip_invalid(self.title)
        if self.author:
            props["author"] = props["company"] = strip_invalid(self.author)
        return props

    def apply_openpyxl(self, wb: Any) -> None:
        p = wb.properties
        when = self.created()
        p.created = p.modified = when
        p.lastPrinted = None
        p.creator = strip_invalid(self.author) or None
        p.lastModifiedBy = strip_invalid(self.author) or None
        p.title = strip_invalid(self.title) or None


_APPLICATION_XML = re.compile(rb"<(?:\w+:)?Application>.*?</(?:\w+:)?Application>", re.S)
_APP_VERSION_XML = re.compile(rb"<(?:\w+:)?AppVersion>.*?</(?:\w+:)?AppVersion>", re.S)


def app_xml(content: bytes) -> bytes:
    """docProps/app.xml naming fupin-docs as the application (no library name or version)."""
    content = _APP_VERSION_XML.sub(b"", content)
    return _APPLICATION_XML.sub(f"<Application>{APPLICATION}</Application>".encode(), content)


class StampedZip(zipfile.ZipFile):
    """A ZipFile whose members all carry the zip epoch as their time, with app.xml rewritten:
    openpyxl stamps every member with the current time and names itself as the application."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: Any = None) -> None:
        if isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            name = zinfo_or_arcname.filename
        else:
            name = str(zinfo_or_arcname)
        info = zipfile.ZipInfo(name, ZIP_EPOCH)
        info.compress_type = self.compression if compress_type is None else compress_type
        info.external_attr = 0o600 << 16
        if name == "docProps/app.xml":
            data = app_xml(data.encode("utf-8") if isinstance(data, str) else data)
        super().writestr(info, data, compresslevel=compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None,
              compresslevel: Any = None) -> None:
        """A member from a file on disk (openpyxl's worksheets), without the file's mtime."""
        name = arcname if arcname is not None else Path(filename).name
        self.writestr(str(name), Path(filename).read_bytes(), compress_type, compresslevel)


def save_openpyxl(wb: Any, path: Path, props: DocProps) -> None:
    """Save an openpyxl workbook with the batch's document properties, byte-reproducibly."""
    from openpyxl.writer.excel import ExcelWriter

    props.apply_openpyxl(wb)
    archive = StampedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()


# ------------------------------------------------------------------ xlsxwriter

# in_memory: assemble the package in memory instead of one temporary file per part (the
# year-end batch writes thousands of small workbooks; temp files were a third of the time);
# it also gives every zip member the fixed 1980-01-01 time
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False, "in_memory": True}


class _Packager(Packager):  # type: ignore[misc]
    """docProps/app.xml names fupin-docs, not Microsoft Excel."""

    def _write_app_file(self) -> None:
        super()._write_app_file()
        for i, (data, name, is_binary) in enumerate(self.filenames):
            if name == "docProps/app.xml" and self.in_memory and not is_binary:
                text = app_xml(data.getvalue().encode("utf-8")).decode("utf-8")
                self.filenames[i] = (io.StringIO(text), name, is_binary)
            elif name == "docProps/app.xml" and not self.in_memory:
                path = Path(data)
                path.write_bytes(app_xml(path.read_bytes()))


class SafeWorksheet(_Worksheet):  # type: ignore[misc]
    """A worksheet whose formula-looking text gets the quote prefix (stays text if edited)."""

    book: Workbook | None = None

    def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> Any:
        if self.book is not None and looks_like_formula(string):
            cell_format = self.book.quoted(cell_format)
        return super()._write_string(row, col, string, cell_format)


class Workbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """xlsxwriter's Workbook with the toolkit's safe options, quote-prefixed formula-looking
    text and the batch's document properties (``props``)."""

    worksheet_class = SafeWorksheet

    def __init__(self, filename: str, props: DocProps | None = None,
                 options: dict[str, Any] | None = None) -> None:
        self._format_props: dict[int, dict[str, Any]] = {}
        self._quoted: dict[int, Any] = {}
        super().__init__(filename, {**SAFE_OPTIONS, **(options or {})})
        self.set_properties((props or DocProps()).for_xlsxwriter())

    def add_format(self, properties: dict[str, Any] | None = None) -> Any:
        fmt = super().add_format(properties)
        self._format_props[id(fmt)] = dict(properties or {})
        return fmt

    def quoted(self, fmt: Any) -> Any:
        """The quote-prefixed twin of ``fmt`` (made once)."""
        key = id(fmt)
        if key not in self._quoted:
            base = self._format_props.get(key, {}) if fmt is not None else {}
            self._quoted[key] = self.add_format({**base, "quote_prefix": True})
        return self._quoted[key]

    def add_worksheet(self, name: str | None = None, worksheet_class: Any = None,
                      stream: bool = False) -> Any:
        """``stream``: the sheet's rows go to a temporary file as they are written
        (xlsxwriter's constant_memory, for this sheet only), so a sheet of 100,000 rows
        does not hold its cells in memory. Rows must then be written top to bottom, and its
        strings are written in the cells (inline), not in the shared string table. Use it
        in a workbook opened with ``{"in_memory": False}``, or the whole sheet is still
        assembled in memory when the workbook is closed."""
        self.constant_memory = stream
        try:
            ws = super().add_worksheet(name, worksheet_class)
        finally:
            self.constant_memory = False
        if isinstance(ws, SafeWorksheet):
            ws.book = self
        return ws

    def close(self) -> None:
        try:
            super().close()
        finally:  # a streamed sheet's row file (xlsxwriter leaves it when the sheet is empty)
            for ws in self.worksheets():
                if getattr(ws, "constant_memory", False) and ws.row_data_filename:
                    ws.row_data_fh.close()
                    Path(ws.row_data_filename).unlink(missing_ok=True)

    def _get_packager(self) -> Packager:
        return _Packager()
