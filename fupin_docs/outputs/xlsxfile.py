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
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import DuplicateWorksheetName
from xlsxwriter.packager import Packager
from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellDatetimeTuple,
    CellNumberTuple,
    CellStringTuple,
)
from xlsxwriter.worksheet import Worksheet as _Worksheet

from ..inputs.values import strip_invalid
from .docprops import APPLICATION, batch_time, property_text

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


@dataclass(frozen=True)
class DocProps:
    """Document properties of one workbook: its title and author (the office or unit)."""

    title: str = ""
    author: str = ""

    def created(self) -> dt.datetime:
        return batch_time()

    def for_xlsxwriter(self) -> dict[str, Any]:
        props: dict[str, Any] = {"created": self.created()}
        if self.title:
            props["title"] = property_text(self.title)
        if self.author:
            props["author"] = props["company"] = property_text(self.author)
        return props

    def apply_openpyxl(self, wb: Any) -> None:
        p = wb.properties
        when = self.created()
        p.created = p.modified = when
        p.lastPrinted = None
        p.creator = property_text(self.author) or None
        p.lastModifiedBy = property_text(self.author) or None
        p.title = property_text(self.title) or None


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


# a shared-string cell as xlsxwriter writes it: <c r="B5" s="3" t="s"><v>17</v></c>
_STRING_CELL = re.compile(r'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")? t="s"><v>)([0-9]+)(</v></c>)')


# what xlsxwriter's _escape_control_characters changes: a literal _xHHHH_ (escaped as
# _x005F_xHHHH_), control characters other than tab and newline, the two non-characters
_NEEDS_CONTROL_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_COLUMN_LETTERS: dict[int, str] = {}
_BIG = 10**300  # a bigger int overflows xlsxwriter's isnan() (left to xlsxwriter)


def _column_letters(col: int) -> str:
    letters = _COLUMN_LETTERS.get(col)
    if letters is None:
        letters = _COLUMN_LETTERS[col] = xl_col_to_name(col)
    return letters


class SafeWorksheet(_Worksheet):  # type: ignore[misc]
    """A worksheet whose formula-looking text gets the quote prefix (stays text if edited).

    A streamed (constant_memory) sheet writes its rows faster than xlsxwriter, byte for
    byte the same XML: :meth:`_write_single_row` writes the common cells (inline strings,
    numbers, dates, formatted blanks) as text directly and hands every other cell to
    xlsxwriter's own ``_write_cell``.

    It can also be **replayed**: a year-end batch writes a thousand sheets that differ only in
    a line or two of text (the unit's name), and xlsxwriter spends most of its time on the
    cells. A sheet marked with :meth:`record` keeps its texts (and, when the workbook is
    assembled, its XML); a later sheet of the same workbook made with :meth:`replay` is that
    XML with the texts swapped, cell for cell the workbook the same calls would have
    written (the shared strings are registered in the same order).
    """

    book: Workbook | None = None
    # xlsxwriter's, set in its __init__ (annotated here for mypy)
    previous_row: int
    dim_rowmin: int | None
    dim_rowmax: int | None
    dim_colmin: int | None
    dim_colmax: int | None
    _log: list[tuple[str, int]] | None = None  # (text, shared-string index), recording
    # the recorded sheet's XML once assembled: the text around its shared-string indexes,
    # and the indexes (len(texts) == len(indexes) + 1)
    _xml: tuple[list[str], list[int]] | None = None
    _replay: tuple[SafeWorksheet, dict[int, int]] | None = None

    def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> Any:
        if self.book is not None and looks_like_formula(string):
            cell_format = self.book.quoted(cell_format)
        if self.constant_memory and self._log is None \
                and len(string) <= self.xls_strmax // 2 and self._streamed_cell(row, col):
            # xlsxwriter's _write_string for a cell in range, below the written rows, too
            # short to be cut: the row flush, then the inline string
            if row > self.previous_row:
                self._write_single_row(row)
            self.table[row][col] = CellStringTuple(string, cell_format)
            return 0
        result = super()._write_string(row, col, string, cell_format)
        if self._log is not None:
            if result != 0 or self.constant_memory:  # cut to Excel's limit, or inline
                self._log = None
            else:
                self._log.append((string, self.table[row][col].string))
        return result

    def _write_number(self, row: int, col: int, number: Any, cell_format: Any = None) -> Any:
        kind = number.__class__
        finite = (kind is int and -_BIG < number < _BIG) \
            or (kind is float and math.isfinite(number))
        if self.constant_memory and finite and self._streamed_cell(row, col):
            if row > self.previous_row:  # xlsxwriter's _write_number for a finite number
                self._write_single_row(row)
            self.table[row][col] = CellNumberTuple(number, cell_format)
            return 0
        return super()._write_number(row, col, number, cell_format)

    def write_cells(self, row: int, cells: list[tuple[Any, Any]],
                    date_format: Any = None) -> None:
        """Row ``row``, columns 0, 1, 2…: each (value, format) of ``cells`` written as
        ``write_string`` (str), ``write_number`` (int, float), ``write_datetime`` (date or
        datetime; ``date_format`` when given) or ``write_blank`` (None) would, cell by cell;
        on a streamed sheet (a ledger of 100,000 rows) the cells go straight into the row,
        the same XML without xlsxwriter's per-call argument handling."""
        written = [col for col, (value, fmt) in enumerate(cells)
                   if value is not None or fmt is not None]  # a blank without format is not
        if not self.constant_memory or not written or not (
                self._streamed_cell(row, written[0]) and self._streamed_cell(row, written[-1])):
            for col, (value, fmt) in enumerate(cells):
                self._write_one(row, col, value, fmt, date_format)
            return
        if row > self.previous_row:
            self._write_single_row(row)
        line = self.table[row]
        book = self.book
        dates = self._date_numbers
        strmax = self.xls_strmax // 2
        for col, (value, fmt) in enumerate(cells):
            kind = value.__class__
            if kind is str:
                if len(value) > strmax:
                    self._write_string(row, col, value, fmt)  # cut to Excel's limit
                    continue
                if book is not None and value and value[0] in FORMULA_START:
                    fmt = book.quoted(fmt)
                line[col] = CellStringTuple(value, fmt)
            elif value is None:
                if fmt is not None:
                    line[col] = CellBlankTuple(fmt)
            elif kind is dt.date or kind is dt.datetime:
                number = dates.get(value)
                if number is None:
                    number = dates[value] = self._convert_date_time(value)
                line[col] = CellDatetimeTuple(
                    number, date_format or fmt or self.default_date_format)
            else:
                self._write_one(row, col, value, fmt, date_format)

    @property
    def _date_numbers(self) -> dict[dt.date, float]:
        """Excel serial numbers of the dates written (a ledger repeats a few hundred)."""
        numbers: dict[dt.date, float] | None = self.__dict__.get("_dates")
        if numbers is None:
            numbers = self.__dict__["_dates"] = {}
        return numbers

    def _write_one(self, row: int, col: int, value: Any, fmt: Any, date_format: Any) -> None:
        if value is None:
            self._write_blank(row, col, None, fmt)
        elif isinstance(value, str):
            self._write_string(row, col, value, fmt)
        elif isinstance(value, dt.date):
            self._write_datetime(row, col, value, date_format or fmt)
        else:
            self._write_number(row, col, value, fmt)

    def _streamed_cell(self, row: int, col: int) -> bool:
        """xlsxwriter's _check_dimensions for a streamed cell, which it accepts (in range,
        not above the rows written): True after widening the dimensions, else False with
        nothing changed (xlsxwriter then decides)."""
        if row < self.previous_row or row < 0 or col < 0 or row >= self.xls_rowmax \
                or col >= self.xls_colmax:
            return False
        if self.dim_rowmin is None or row < self.dim_rowmin:
            self.dim_rowmin = row
        if self.dim_rowmax is None or row > self.dim_rowmax:
            self.dim_rowmax = row
        if self.dim_colmin is None or col < self.dim_colmin:
            self.dim_colmin = col
        if self.dim_colmax is None or col > self.dim_colmax:
            self.dim_colmax = col
        return True

    def _write_single_row(self, current_row_num: int = 0) -> None:
        """xlsxwriter 3.x's Worksheet._write_single_row (constant_memory: write the previous
        row, then forget it), with the cells of its _write_cell / _xml_inline_string /
        _xml_number_element written here. tests/test_xlsx_files.py checks the output is
        byte-identical to xlsxwriter's for random rows."""
        row_num = self.previous_row
        self.previous_row = current_row_num
        table = self.table
        if row_num in self.row_info or row_num in self.comments or table[row_num]:
            cells = table[row_num]
            if not cells:  # row attributes or comments only
                self._write_empty_row(row_num, None, self.row_info[row_num])
            else:
                row_info = self.row_info.get(row_num)
                if row_info is None:
                    self._write_row(row_num, None)
                else:
                    self._write_row(row_num, None, row_info)
                self._write_row_cells(row_num, cells, row_info)
                self.fh.write("</row>")
        table.clear()

    def _write_row_cells(self, row: int, cells: dict[int, Any], row_info: Any) -> None:
        row_format = row_info.row_format if row_info is not None else None
        col_info = self.col_info
        number = str(row + 1)
        xf: dict[int, str] = {}  # id(format) -> ' s="N"'
        out: list[str] = []
        lo, hi = self.dim_colmin, self.dim_colmax
        assert lo is not None and hi is not None  # a row has cells: the sheet has columns
        for col in sorted(cells):  # xlsxwriter: range(dim_colmin, dim_colmax + 1)
            if col < lo or col > hi:
                continue
            cell = cells[col]
            kind = cell.__class__
            if kind is not CellStringTuple and kind is not CellNumberTuple \
                    and kind is not CellBlankTuple and kind is not CellDatetimeTuple:
                out = self._fallback_cell(out, row, col, cell)
                continue
            if kind is CellStringTuple:
                string = cell.string
                if _NEEDS_CONTROL_ESCAPE.search(string):
                    string = self._escape_control_characters(string)
                if string.startswith("<r>") and string.endswith("</r>"):  # written raw
                    out = self._fallback_cell(out, row, col, cell)
                    continue
            fmt = cell.format
            if not fmt:
                if row_format:
                    fmt = row_format
                elif col in col_info:
                    fmt = col_info[col].column_format
            if fmt is None:
                style = ""
            else:
                style = xf.get(id(fmt), "")
                if not style:
                    style = xf[id(fmt)] = f' s="{fmt._get_xf_index()}"'
            ref = (_COLUMN_LETTERS.get(col) or _column_letters(col)) + number
            if kind is CellStringTuple:
                if "&" in string or "<" in string or ">" in string:
                    string = string.replace("&", "&amp;").replace("<", "&lt;") \
                        .replace(">", "&gt;")
                # xlsxwriter's _preserve_whitespace: ^\s or \s$ (\s is str.isspace)
                space = ' xml:space="preserve"' if string and (
                    string[0].isspace() or string[-1].isspace()) else ""
                out.append(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{string}'
                           "</t></is></c>")
            elif kind is CellBlankTuple:
                out.append(f'<c r="{ref}"{style}/>')
            else:
                out.append(f'<c r="{ref}"{style}><v>{cell.number:.16G}</v></c>')
        if out:
            self.fh.write("".join(out))

    def _fallback_cell(self, out: list[str], row: int, col: int, cell: Any) -> list[str]:
        """Write the cells so far, then this one by xlsxwriter's own _write_cell."""
        if out:
            self.fh.write("".join(out))
        self._write_cell(row, col, cell)
        return []

    def record(self) -> None:
        """Keep what is written to this sheet so that later sheets can :meth:`replay` it."""
        if self.book is not None and self.book.in_memory and not self.constant_memory:
            self._log = []

    def replay(self, source: SafeWorksheet, texts: dict[str, str]) -> bool:
        """Make this sheet a copy of ``source`` (a recorded sheet of the same workbook, fully
        written) with each text ``old`` of ``texts`` (a cell text that occurs once) replaced
        by ``new``. Only the sheet's own XML is copied: print titles, print area and
        autofilter live in the workbook and must still be set on this sheet. False when it
        cannot be done (nothing registered): write the sheet as usual then."""
        log = source._log
        if log is None or source.book is not self.book or self.constant_memory \
                or self._log is not None or self.dim_rowmax is not None:
            return False
        for old, new in texts.items():
            if sum(1 for text, _ in log if text == old) != 1 \
                    or looks_like_formula(old) != looks_like_formula(new):
                return False
        mapping: dict[int, int] = {}
        for text, index in log:  # the same order as writing the cells: the same table
            mapping[index] = self.str_table._get_shared_string_index(texts.get(text, text))
        self._replay = (source, mapping)
        return True

    def _assemble_xml_file(self) -> None:
        if self._replay is None:
            super()._assemble_xml_file()
            if self._log is not None and isinstance(self.fh, io.StringIO):
                # text, then (cell start, index, cell end, text) per string cell
                parts = _STRING_CELL.split(self.fh.getvalue())
                texts = [parts[0] + (parts[1] if len(parts) > 1 else "")]
                for i in range(1, len(parts), 4):
                    after = parts[i + 2] + parts[i + 3]
                    texts.append(after + (parts[i + 4] if i + 4 < len(parts) else ""))
                self._xml = (texts, [int(parts[i + 1]) for i in range(1, len(parts), 4)])
            return
        source, mapping = self._replay
        if source._xml is None or (source.selected, source.hidden, source.active) != (
                self.selected, self.hidden, self.active):
            raise RuntimeError(f"worksheet {self.name!r} cannot be replayed from {source.name!r}")
        texts, indexes = source._xml
        out = [texts[0]]
        for index, text in zip(indexes, texts[1:], strict=True):
            out.append(str(mapping[index]))
            out.append(text)
        self.fh.write("".join(out))
        self._xml_close()


class Workbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """xlsxwriter's Workbook with the toolkit's safe options, quote-prefixed formula-looking
    text and the batch's document properties (``props``)."""

    worksheet_class = SafeWorksheet

    def __init__(self, filename: str | io.BytesIO, props: DocProps | None = None,
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
        (xlsxwriter's constant_memory, for this sheet only; a workbook opened with
        ``constant_memory`` streams every sheet), so a sheet of 100,000 rows does not hold
        its cells in memory. Rows must then be written top to bottom, and its strings are
        written in the cells (inline), not in the shared string table. Use it in a
        workbook opened with ``{"in_memory": False}``, or the whole sheet is still
        assembled in memory when the workbook is closed."""
        whole_book = bool(getattr(self, "constant_memory", False))  # streams every sheet
        self.constant_memory = whole_book or stream
        try:
            ws = super().add_worksheet(name, worksheet_class)
        finally:
            self.constant_memory = whole_book
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

    def _check_sheetname(self, sheetname: str | None, is_chartsheet: bool = False) -> str:
        """xlsxwriter's checks, with the duplicate check by a set: xlsxwriter compares the
        name with every sheet's, which is quadratic for the 1,000 sheets of a combined
        workbook."""
        sheets: list[Any] = self.worksheets()
        self.worksheets_objs = []
        try:
            name: str = super()._check_sheetname(sheetname, is_chartsheet)
        finally:
            self.worksheets_objs = sheets
        names = self.__dict__.setdefault("_sheet_names", set())
        if len(names) != len(sheets):
            names.clear()
            names.update(ws.name.lower() for ws in sheets)
        if name.lower() in names:
            raise DuplicateWorksheetName(
                f"Sheetname '{name}', with case ignored, is already in use.")
        names.add(name.lower())
        return name

    def _get_packager(self) -> Packager:
        return _Packager()


# ------------------------------------------------------------------ copies of one workbook

SHEET_MARK = "FUPINDOCSMARKSHEET0"  # a sheet name that needs no quoting in references
AUTHOR_MARK = "FUPINDOCSMARKAUTHOR0"
TEXT_MARK = "FUPINDOCSMARKTEXT0"
_PLAIN_BREAKERS = re.compile(r"[&<>\"'\x00-\x1f\x7f\ufffe\uffff]|_x|^\s|\s$")


def _plain(text: str) -> bool:
    """Text that xlsxwriter writes into the XML unchanged (nothing to escape or mark)."""
    return bool(text) and not _PLAIN_BREAKERS.search(text) and strip_invalid(text) == text


class WorkbookCopies:
    """One workbook written by xlsxwriter with marker texts (a sheet named
    :data:`SHEET_MARK`, the author :data:`AUTHOR_MARK`, one cell :data:`TEXT_MARK`),
    copied with the real texts: the package a unit's own .xlsx would be, without laying
    out the same catalogue once per unit. :meth:`copy` returns None when a text would
    need escaping; write that workbook directly then."""

    def __init__(self, package: bytes) -> None:
        assert quote_sheetname(SHEET_MARK) == SHEET_MARK
        with zipfile.ZipFile(io.BytesIO(package)) as z:
            members = [(info, z.read(info)) for info in z.infolist()]
        self.strings = next((data for info, data in members
                             if info.filename == "xl/sharedStrings.xml"), b"")
        # the parts without a marker (the sheet, styles, theme) are compressed once: a copy
        # is this package with the marked parts (workbook, strings, properties) appended
        self.marked = [(info, data) for info, data in members if b"FUPINDOCSMARK" in data]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for info, data in members:
                if b"FUPINDOCSMARK" not in data:
                    z.writestr(_zinfo(info), data)
        self.base = out.getvalue()

    def copy(self, sheet: str, author: str, text: str) -> bytes | None:
        if not all(_plain(t) for t in (sheet, author, text)) or looks_like_formula(text) \
                or f"<t>{text}</t>".encode() in self.strings:  # it would share an entry
            return None
        quoted = quote_sheetname(sheet)  # print titles: '县委办（县档案局）'!$3:$4
        swaps = [(f"{SHEET_MARK}!".encode(), f"{quoted}!".encode()),
                 (SHEET_MARK.encode(), sheet.encode()), (AUTHOR_MARK.encode(), author.encode()),
                 (TEXT_MARK.encode(), text.encode())]
        out = io.BytesIO(self.base)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as z:
            for info, data in self.marked:
                for mark, value in swaps:
                    data = data.replace(mark, value)
                z.writestr(_zinfo(info), data)
        return out.getvalue()


def _zinfo(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A member as xlsxwriter writes it (Workbook._store_workbook, in_memory)."""
    zinfo = zipfile.ZipInfo(info.filename, info.date_time)
    zinfo.compress_type = info.compress_type
    return zinfo
