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
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
