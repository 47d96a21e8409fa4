"""Read input workbooks with cell positions; write blank, ready-to-fill input workbooks.

Reading is streaming (openpyxl read-only mode) so memory does not grow with the sheet.
Header matching is forgiving: a trailing ``*``, blanks, line breaks and half- or
full-width brackets are ignored, and a title row or two above the header is allowed.
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
import unicodedata
import weakref
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..types import Column, FupinError, InputFileError, cell_range_bounds, column_letter, read_json
from .zipguard import guard_zip

HEADER_SEARCH_ROWS = 5


def normalize_header(text: Any) -> str:
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = re.sub(r"[\s*＊:：]+", "", s)
    return s


@dataclass
class RawRow:
    row: int | None  # the sheet's own row number; None for JSON input
    record: int  # 1-based count of data rows/records
    values: dict[str, Any]
    notes: dict[str, str] = field(default_factory=dict)  # field -> why its cell reads blank


@dataclass
class Table:
    """An input table: where it came from, which column holds which field, and its rows."""

    file: str
    sheet: str | None
    columns: dict[str, Column] = field(default_factory=dict)
    unknown_headers: list[Column] = field(default_factory=list)
    unknown_keys: dict[str, None] = field(default_factory=dict)  # JSON keys no field matches
    header_row: int | None = None
    blank_rows: int = 0
    notes: list[str] = field(default_factory=list)  # sheet-level warnings
    rows: Iterator[RawRow] = field(default_factory=lambda: iter(()))
    copy: SheetCopy | None = None  # every row as read, for 校验报告.xlsx (keep_copy=True)


class SheetCopy:
    """Every row of one input sheet as read (values only), spooled to a temporary file in
    chunks so that memory stays flat; read back once to write the sheet's copy in
    校验报告.xlsx. Also keeps, per column, the widest text seen (for column widths)."""

    CHUNK = 512
    WIDTH_ROWS = 200

    def __init__(self, file: str, sheet: str, header_row: int, merges: list[str]) -> None:
        import tempfile

        self.file = file
        self.sheet = sheet
        self.header_row = header_row
        self.merges = merges
        self.rows = 0
        self.last_row = 0
        self.widths: list[int] = []
        self._fh: Any = tempfile.TemporaryFile(prefix="fupin-copy-")  # noqa: SIM115 - closed by close()
        # a run that stops before its reports (an error, Ctrl-C) closes it when dropped
        weakref.finalize(self, self._fh.close)
        self._chunk: list[tuple[int, tuple[Any, ...]]] = []
        self.done = False

    def add(self, rownum: int, values: tuple[Any, ...]) -> None:
        end = len(values)
        while end and values[end - 1] is None:
            end -= 1
        if not end:
            return
        row = tuple(values[:end])
        widths = self.widths
        if len(widths) < end:
            widths.extend([0] * (end - len(widths)))
        if self.rows < self.WIDTH_ROWS:  # column widths from the first rows only: cheap
            for i, v in enumerate(row):
                if v is not None:
                    w = _text_width(v)
                    if w > widths[i]:
                        widths[i] = w
        self._chunk.append((rownum, row))
        self.rows += 1
        self.last_row = rownum
        if len(self._chunk) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._chunk:
            pickle.dump(self._chunk, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
            self._chunk = []

    def finish(self) -> None:
        """All rows are in (the read ended, or stopped early: the copy then ends there)."""
        self._flush()
        self.done = True

    def __iter__(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        self._flush()
        self._fh.seek(0)
        while True:
            try:
                chunk = pickle.load(self._fh)
            except EOFError:
                break
            yield from chunk
        self._fh.seek(0, 2)

    def close(self) -> None:
        self._fh.close()


def _text_width(v: Any) -> int:
    """Display width of a value in Excel's character units, first line, roughly: a CJK
    character (3 bytes in UTF-8) counts two. Cheap: it runs for every cell read."""
    if isinstance(v, str):
        line = v[:60].split("\n", 1)[0]
        return (len(line.encode("utf-8")) + len(line)) // 2
    if isinstance(v, dt.datetime | dt.date):
        return 16
    return len(str(v))


def field_titles(schema: dict[str, Any]) -> dict[str, list[str]]:
    """field -> accepted header spellings (the title first)."""
    result: dict[str, list[str]] = {}
    for name, prop in schema["properties"].items():
        titles = [prop.get("title", name), name, *prop.get("x-header-aliases", [])]
        result[name] = titles
    return result


def _sniff(path: Path) -> None:
    """Reject files that are not .xlsx with a message that says what they are."""
    if not path.exists():
        raise InputFileError(f"找不到输入文件：{path}")
    if path.is_dir():
        raise InputFileError(f"输入应为文件，但 {path} 是文件夹")
    with path.open("rb") as fh:
        head = fh.read(65536)
    reason = not_xlsx_reason(path.name, head, path.suffix)
    if reason is not None:
        raise InputFileError(reason)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise InputFileError(f"{path.name} 已损坏或不完整，无法作为 .xlsx 打开。") from exc
    if "xl/workbook.xml" not in names:
        raise InputFileError(f"{path.name} 不是 Excel 工作簿（可能是 Word 文档或其他压缩包）。")
    guard_zip(path, path.name, ".xlsx")


def not_xlsx_reason(name: str, head: bytes, suffix: str = ".xlsx") -> str | None:
    """Why a file starting with ``head`` (its first 64 KB) is not an .xlsx workbook, in
    words the clerk can act on; None when it is a zip (checked further on)."""
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE compound file: a password-protected .xlsx keeps an EncryptionInfo stream.
        if "EncryptionInfo".encode("utf-16-le") in head:
            return (f"{name} 设置了打开密码（已加密），无法读取。"
                    "请在 Excel/WPS 中取消密码（文件→信息→保护工作簿）后另存为 .xlsx 再试。")
        return f"{name} 是旧版 Excel（.xls）文件。请在 Excel/WPS 中另存为 .xlsx 后再试。"
    if head.startswith(b"PK"):
        return None
    if not head.strip():
        return f"{name} 是空文件，不是 Excel .xlsx 工作簿。"
    if _looks_like_csv(head) or suffix.lower() == ".csv":
        return (f"{name} 不是 Excel .xlsx 工作簿（看起来是 CSV 文本），请在 Excel/WPS 中打开后"
                "另存为 .xlsx 再试（身份证号码等长数字列请先设为文本格式，免得变成科学计数法）。")
    return f"{name} 不是 Excel .xlsx 工作簿，请另存为 .xlsx 后再试。"


def _looks_like_csv(head: bytes) -> bool:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = head[:4096].decode(enc)
        except UnicodeDecodeError:
            continue
        return "," in text or "\t" in text or "，" in text
    return False


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")
_MERGE_TAG = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _sheet_features(path: Path, member: str | None) -> tuple[bool, list[str]]:
    """One streaming pass over the sheet XML: does it hold formulas, which cells are merged."""
    if not member:
        return False, []
    has_formula = False
    merges: dict[str, None] = {}
    tail = b""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member.lstrip("/")) as fh:
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                has_formula = has_formula or bool(_FORMULA_TAG.search(data))
                for m in _MERGE_TAG.finditer(data):
                    merges.setdefault(m.group(1).decode("ascii"))
                tail = data[-200:]
    except (KeyError, zipfile.BadZipFile, OSError):
        return False, []
    return has_formula, list(merges)


def open_table(path: Path, schema: dict[str, Any], sheet: str | None = None,
               sheet_option: str | None = "--sheet", keep_copy: bool = False) -> Table:
    """Open an .xlsx or .json input and map its columns to schema fields.

    ``sheet_option`` is the command-line option that chooses this file's sheet, named in
    the messages; None when the command has none for this file (they then ask to rename).
    ``keep_copy``: spool every row of the sheet as read (``Table.copy``), so that the
    annotated 校验报告.xlsx is written from this one read, never by opening the input again.
    """
    if path.suffix.lower() == ".json":
        return _open_json(path, schema)
    _sniff(path)
    book = _open_book(path)
    try:
        return _open_sheet(book, path, schema, sheet, sheet_option, keep_copy)
    except BaseException:
        book.close()
        raise


def _open_book(path: Path) -> _Book:
    """The values of an .xlsx: python-calamine (fast, in Rust), or openpyxl when calamine
    cannot read the file (openpyxl may still read it, or says why not)."""
    try:
        return _CalamineBook(path, _sheet_members(path))
    except Exception:  # calamine raises its own types for files it refuses
        return _OpenpyxlBook(path)


def _open_sheet(book: _Book, path: Path, schema: dict[str, Any], sheet: str | None,
                sheet_option: str | None, keep_copy: bool) -> Table:
    """Choose the sheet, find the header row and map its columns. ``book`` is closed
    when the rows have been read (or here, on an error)."""
    wanted = sheet or schema.get("x-sheet")
    names = book.names
    if sheet is not None and sheet not in names:
        raise InputFileError(f"{path.name} 中没有工作表「{sheet}」；现有工作表：{'、'.join(names)}")
    if wanted in names:
        name = wanted
    else:
        visible = [n for n in names if n not in book.hidden and not n.startswith("_")]
        candidates = [n for n in visible if n not in ("说明", "问题清单")]
        if len(candidates) != 1:
            raise InputFileError(
                f"{path.name} 中没有工作表「{wanted}」；现有工作表：{'、'.join(names)}。"
                + (f"请用 {sheet_option} 指定数据所在的工作表。" if sheet_option
                   else f"请把数据所在的工作表改名为「{wanted}」。")
            )
        name = candidates[0]
    has_formula, merges = _sheet_features(path, book.member(name))
    if has_formula and isinstance(book, _CalamineBook):
        # formulas: openpyxl also reads the formula text, to tell "empty" from "formula
        # never calculated" (calamine gives both as an empty cell)
        book.close()
        book = _OpenpyxlBook(path)
        return _open_sheet(book, path, schema, sheet, sheet_option, keep_copy)
    titles = field_titles(schema)
    lookup = {normalize_header(t): f for f, ts in titles.items() for t in ts}

    rows = book.rows(name)
    head_rows = [r for _, r in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
    best_row, best_hits = 0, 0
    for i, values in enumerate(head_rows, start=1):
        hits = sum(1 for v in values if normalize_header(v) in lookup)
        if hits > best_hits:
            best_row, best_hits = i, hits
    if best_hits == 0:
        expected = "、".join(p.get("title", k) for k, p in schema["properties"].items())
        raise InputFileError(
            f"{path.name} 工作表「{name}」前{HEADER_SEARCH_ROWS}行找不到表头。应有的列：{expected}。"
            "可用 fupin-docs init 生成空白模板。"
        )
    table = Table(file=path.name, sheet=name, header_row=best_row)
    for idx, value in enumerate(head_rows[best_row - 1], start=1):
        key = normalize_header(value)
        if not key:
            continue
        fname = lookup.get(key)
        col = Column(idx, str(value).strip().rstrip("*＊").strip())
        if fname is None:
            table.unknown_headers.append(col)
        elif fname in table.columns:
            first = table.columns[fname]
            raise InputFileError(
                f"{path.name} 工作表「{name}」第{best_row}行：列「{col.header}」（{col.letter}列）"
                f"与 {first.letter}列 重复，请删除其中一列。"
            )
        else:
            table.columns[fname] = col
    missing = [
        schema["properties"][f].get("title", f)
        for f in schema.get("required", [])
        if f not in table.columns
    ]
    if missing:
        raise InputFileError(
            f"{path.name} 工作表「{name}」第{best_row}行缺少必填列：{'、'.join(missing)}。"
            "请勿删除或改名表头，可用 fupin-docs init 重新生成模板。"
        )
    if name in book.hidden:
        table.notes.append(f"工作表「{name}」是隐藏的，仍按数据表读取"
                           + (f"；如不是要处理的数据，请用 {sheet_option} 指定。" if sheet_option
                              else "。"))
    if keep_copy:
        table.copy = SheetCopy(table.file, name, best_row, merges)
        for rownum, values in enumerate(head_rows, start=1):
            table.copy.add(rownum, values)
    data = _chain_rows(head_rows[best_row:], rows)
    formulas = book.formula_rows(name, best_row + 1)
    table.rows = _iter_sheet_rows(book, data, table, formulas, _merged_notes(merges, table))
    return table


def copy_sheets(path: Path, sheets: Iterable[str]) -> list[SheetCopy]:
    """Copies of the named sheets of an .xlsx, for a caller that did not keep the rows it
    read (``open_table(keep_copy=True)`` avoids this second read). [] when unreadable."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        return []
    try:
        _sniff(path)
        book = _open_book(path)
    except (FupinError, OSError):
        return []
    copies: list[SheetCopy] = []
    try:
        for name in dict.fromkeys(sheets):
            if name not in book.names:
                continue
            copy = SheetCopy(path.name, name, 1, _sheet_features(path, book.member(name))[1])
            for rownum, values in enumerate(book.rows(name), start=1):
                copy.add(rownum, values)
            copy.finish()
            copies.append(copy)
    except Exception:  # a sheet the reader cannot read: list only, as before
        for copy in copies:
            copy.close()
        return []
    finally:
        book.close()
    return copies


def _chain_rows(first: list[tuple[Any, ...]],
                rest: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    yield from first
    yield from rest


class _Book:
    """An open workbook: its sheet names, hidden sheets, and each sheet's rows of values
    (tuples from column A, row 1 first) as openpyxl's data-only view gives them."""

    names: list[str]
    hidden: set[str]

    def rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        raise NotImplementedError

    def formula_rows(self, name: str, min_row: int) -> Iterator[tuple[Any, ...]] | None:
        return None

    def member(self, name: str) -> str | None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class _CalamineBook(_Book):
    def __init__(self, path: Path, members: dict[str, str]) -> None:
        import python_calamine

        self.wb = python_calamine.CalamineWorkbook.from_path(str(path))
        meta = self.wb.sheets_metadata
        self.names = [m.name for m in meta]
        self.hidden = {m.name for m in meta
                       if m.visible != python_calamine.SheetVisibleEnum.Visible}
        self.members = members

    def rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        try:
            sheet = self.wb.get_sheet_by_name(name)
        except Exception as exc:  # calamine raises its own types for broken sheets
            raise InputFileError(f"工作表「{name}」无法读取：文件已损坏或不完整") from exc
        return _calamine_rows(sheet)

    def member(self, name: str) -> str | None:
        return self.members.get(name)

    def close(self) -> None:
        self.wb.close()


def _calamine_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    # iter_rows() starts at row 1 but at the first used column: pad from column A
    start = sheet.start
    pad: tuple[Any, ...] = (None,) * (start[1] if start else 0)
    conv = _openpyxl_value
    for row in sheet.iter_rows():
        # most cells are non-empty text, which stays as it is: no call for them
        yield pad + tuple([v if type(v) is str and v else conv(v) for v in row])


_DATETIME = dt.datetime
_DATE = dt.date


def _openpyxl_value(v: Any) -> Any:
    """A calamine value as openpyxl's data-only view gives it: empty -> None, a whole
    number -> int (20260305 typed as a number), a date cell -> datetime at midnight."""
    t = type(v)
    if t is str:
        return v or None
    if t is float:
        return int(v) if v.is_integer() and abs(v) < 1e15 else v
    if t is _DATE:
        return _DATETIME(v.year, v.month, v.day)
    return v


class _OpenpyxlBook(_Book):
    def __init__(self, path: Path) -> None:
        import openpyxl

        self.path = path
        try:
            self.wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for broken files
            raise InputFileError(f"{path.name} 无法作为 .xlsx 打开：{type(exc).__name__}") from exc
        self.names = list(self.wb.sheetnames)
        self.hidden = {n for n in self.names if self.wb[n].sheet_state != "visible"}
        self.formulas: Any = None

    def rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        return iter(self.wb[name].iter_rows(values_only=True))

    def formula_rows(self, name: str, min_row: int) -> Iterator[tuple[Any, ...]] | None:
        if not _sheet_features(self.path, self.member(name))[0]:
            return None
        import openpyxl

        # a second, formula-text view to tell "empty" from "formula never calculated"
        try:
            self.formulas = openpyxl.load_workbook(self.path, read_only=True, data_only=False)
            rows: Iterator[tuple[Any, ...]] = self.formulas[name].iter_rows(
                min_row=min_row, values_only=True)
            return rows
        except Exception:
            return None

    def member(self, name: str) -> str | None:
        return getattr(self.wb[name], "_worksheet_path", None)

    def close(self) -> None:
        self.wb.close()
        if self.formulas is not None:
            self.formulas.close()


def _sheet_members(path: Path) -> dict[str, str]:
    """Sheet name -> its XML member in the zip, from workbook.xml and its relationships."""
    import posixpath
    import xml.etree.ElementTree as ET

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        with zipfile.ZipFile(path) as zf:
            book = ET.fromstring(zf.read("xl/workbook.xml"))
            rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, OSError, ET.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target") or "" for r in rels}
    members: dict[str, str] = {}
    for s in book.iter(f"{ns_main}sheet"):
        target = targets.get(s.get(f"{ns_rel}id"))
        name = s.get("name")
        if target and name:
            members[name] = (target.lstrip("/") if target.startswith("/")
                             else posixpath.normpath(posixpath.join("xl", target)))
    return members


def _merged_notes(merges: list[str], table: Table) -> dict[tuple[int, int], str]:
    """(row, column) -> message, for cells of a merged range other than its top-left cell."""
    assert table.header_row is not None
    wanted = {c.index for c in table.columns.values()}
    notes: dict[tuple[int, int], str] = {}
    for ref in merges:
        bounds = cell_range_bounds(ref)
        if bounds is None:
            continue
        min_col, min_row, max_col, max_row = bounds
        if max_row <= table.header_row:
            continue
        first = f"{column_letter(min_col)}{min_row}"
        for r in range(max(min_row, table.header_row + 1), max_row + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col) and c in wanted:
                    notes[(r, c)] = (f"属于合并单元格 {ref}，只有左上角 {first} 有值，本格读作空白；"
                                     "请取消合并，在每一行分别填写")
    return notes


def _iter_sheet_rows(
    book: _Book, rows: Iterator[tuple[Any, ...]], table: Table,
    formula_rows: Iterator[tuple[Any, ...]] | None = None,
    merged: dict[tuple[int, int], str] | None = None,
) -> Iterator[RawRow]:
    assert table.header_row is not None
    cols = [(fname, col.index - 1) for fname, col in table.columns.items()]
    merged = merged or {}
    copy = table.copy
    pending_blank = 0
    record = 0
    start = table.header_row + 1
    plain = formula_rows is None and not merged  # no cell can need a note: the short loop
    try:
        for rownum, values in enumerate(rows, start=start):
            if copy is not None:
                copy.add(rownum, values)
            raw: dict[str, Any] = {}
            notes: dict[str, str] = {}
            n = len(values)
            empty = True
            if plain:
                for fname, i in cols:
                    v = values[i] if i < n else None
                    # blanks only: read as empty (str.strip() would copy every text)
                    if isinstance(v, str) and (not v or v.isspace()):
                        v = None
                    raw[fname] = v
                    if v is not None:
                        empty = False
            else:
                ftexts = next(formula_rows, ()) if formula_rows is not None else ()
                for fname, i in cols:
                    v = values[i] if i < n else None
                    cached = v is not None  # a formula whose saved result is "" is fine
                    if isinstance(v, str) and not v.strip():
                        v = None
                    raw[fname] = v
                    if v is not None:
                        empty = False
                    if not cached:
                        f = ftexts[i] if i < len(ftexts) else None
                        if isinstance(f, str) and f.startswith("="):
                            notes[fname] = (f"单元格是公式（{f[:40]}），但文件中没有保存计算结果；"
                                            "请在 Excel/WPS 中打开并保存，或复制后“选择性粘贴→数值”")
                        elif (rownum, i + 1) in merged:
                            notes[fname] = merged[(rownum, i + 1)]
            if empty:
                pending_blank += 1
                continue
            table.blank_rows += pending_blank
            pending_blank = 0
            record += 1
            yield RawRow(row=rownum, record=record, values=raw, notes=notes)
    finally:
        book.close()
        if copy is not None:
            copy.finish()


def _open_json(path: Path, schema: dict[str, Any]) -> Table:
    if not path.is_file():
        raise InputFileError(f"找不到输入文件：{path}")
    data = read_json(path, path.name, InputFileError)
    if isinstance(data, dict):
        data = data.get("records", data.get("rows"))
    if not isinstance(data, list):
        raise InputFileError(f"{path.name} 应为记录数组，或含 records 数组的对象")
    titles = field_titles(schema)
    lookup = {normalize_header(t): f for f, ts in titles.items() for t in ts}
    table = Table(file=path.name, sheet=None)
    unknown = table.unknown_keys

    def rows() -> Iterator[RawRow]:
        for i, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                yield RawRow(row=None, record=i, values={"__invalid__": item})
                continue
            raw: dict[str, Any] = {}
            for key, value in item.items():
                fname = lookup.get(normalize_header(key))
                if fname is None:
                    unknown.setdefault(str(key))
                    continue
                raw[fname] = _no_surrogates(value)
            yield RawRow(row=None, record=i, values=raw)

    table.columns = {f: Column(0, schema["properties"][f].get("title", f)) for f in schema["properties"]}
    table.rows = rows()
    return table


MAX_NESTING = 20  # a cell holds text or a list of texts; anything deeper is not a value
TOO_DEEP = "（嵌套层数过深的值）"


def _no_surrogates(value: Any, depth: int = 0) -> Any:
    """JSON escapes can produce lone surrogates, which no file format can store: drop them.
    A value nested deeper than MAX_NESTING is replaced by a text saying so (it then fails
    the schema as a row error; recursing into it could exhaust the stack)."""
    if isinstance(value, str):
        return _SURROGATES.sub("", value)
    if isinstance(value, list | dict):
        if depth >= MAX_NESTING:
            return TOO_DEEP
        if isinstance(value, dict):
            return {k: _no_surrogates(v, depth + 1) for k, v in value.items()}
        return [_no_surrogates(v, depth + 1) for v in value]
    return value


_SURROGATES = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------- blank input workbooks


