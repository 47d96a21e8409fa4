"""Read input workbooks with cell positions; write blank, ready-to-fill input workbooks.

Reading is streaming (openpyxl read-only mode) so memory does not grow with the sheet.
Header matching is forgiving: a trailing ``*``, blanks, line breaks and half- or
full-width brackets are ignored, and a title row or two above the header is allowed.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ..types import Column, InputFileError
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
               sheet_option: str | None = "--sheet") -> Table:
    """Open an .xlsx or .json input and map its columns to schema fields.

    ``sheet_option`` is the command-line option that chooses this file's sheet, named in
    the messages; None when the command has none for this file (they then ask to rename).
    """
    if path.suffix.lower() == ".json":
        return _open_json(path, schema)
    _sniff(path)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputFileError(f"{path.name} 无法作为 .xlsx 打开：{type(exc).__name__}") from exc
    wanted = sheet or schema.get("x-sheet")
    names = wb.sheetnames
    if sheet is not None and sheet not in names:
        wb.close()
        raise InputFileError(f"{path.name} 中没有工作表「{sheet}」；现有工作表：{'、'.join(names)}")
    if wanted in names:
        name = wanted
    else:
        visible = [n for n in names if wb[n].sheet_state == "visible" and not n.startswith("_")]
        candidates = [n for n in visible if n not in ("说明", "问题清单")]
        if len(candidates) != 1:
            wb.close()
            raise InputFileError(
                f"{path.name} 中没有工作表「{wanted}」；现有工作表：{'、'.join(names)}。"
                + (f"请用 {sheet_option} 指定数据所在的工作表。" if sheet_option
                   else f"请把数据所在的工作表改名为「{wanted}」。")
            )
        name = candidates[0]
    ws = wb[name]
    titles = field_titles(schema)
    lookup = {normalize_header(t): f for f, ts in titles.items() for t in ts}

    head_rows = list(ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, values_only=True))
    best_row, best_hits = 0, 0
    for i, values in enumerate(head_rows, start=1):
        hits = sum(1 for v in values if normalize_header(v) in lookup)
        if hits > best_hits:
            best_row, best_hits = i, hits
    if best_hits == 0:
        wb.close()
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
            wb.close()
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
        wb.close()
        raise InputFileError(
            f"{path.name} 工作表「{name}」第{best_row}行缺少必填列：{'、'.join(missing)}。"
            "请勿删除或改名表头，可用 fupin-docs init 重新生成模板。"
        )
    if ws.sheet_state != "visible":
        table.notes.append(f"工作表「{name}」是隐藏的，仍按数据表读取"
                           + (f"；如不是要处理的数据，请用 {sheet_option} 指定。" if sheet_option
                              else "。"))
    has_formula, merges = _sheet_features(path, getattr(ws, "_worksheet_path", None))
    formulas = None
    if has_formula:  # a second, formula-text view to tell "empty" from "formula never calculated"
        try:
            formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)[name]
        except Exception:
            formulas = None
    table.rows = _iter_sheet_rows(wb, ws, table, formulas, _merged_notes(merges, table))
    return table


def _merged_notes(merges: list[str], table: Table) -> dict[tuple[int, int], str]:
    """(row, column) -> message, for cells of a merged range other than its top-left cell."""
    from openpyxl.utils.cell import range_boundaries

    assert table.header_row is not None
    wanted = {c.index for c in table.columns.values()}
    notes: dict[tuple[int, int], str] = {}
    for ref in merges:
        bounds = range_boundaries(ref)
        if None in bounds:
            continue
        min_col, min_row, max_col, max_row = (int(b or 0) for b in bounds)
        if max_row <= table.header_row:
            continue
        first = f"{get_column_letter(min_col)}{min_row}"
        for r in range(max(min_row, table.header_row + 1), max_row + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col) and c in wanted:
                    notes[(r, c)] = (f"属于合并单元格 {ref}，只有左上角 {first} 有值，本格读作空白；"
                                     "请取消合并，在每一行分别填写")
    return notes


def _iter_sheet_rows(
    wb: Any, ws: Any, table: Table, formulas: Any = None,
    merged: dict[tuple[int, int], str] | None = None,
) -> Iterator[RawRow]:
    assert table.header_row is not None
    cols = list(table.columns.items())
    merged = merged or {}
    pending_blank = 0
    record = 0
    start = table.header_row + 1
    formula_rows: Iterator[tuple[Any, ...]] | None = (
        formulas.iter_rows(min_row=start, values_only=True) if formulas is not None else None
    )
    try:
        for rownum, values in enumerate(ws.iter_rows(min_row=start, values_only=True), start=start):
            ftexts = next(formula_rows, ()) if formula_rows is not None else ()
            raw: dict[str, Any] = {}
            notes: dict[str, str] = {}
            for fname, col in cols:
                v = values[col.index - 1] if col.index - 1 < len(values) else None
                cached = v is not None  # a formula whose saved result is "" is fine
                if isinstance(v, str) and not v.strip():
                    v = None
                raw[fname] = v
                if not cached:
                    f = ftexts[col.index - 1] if col.index - 1 < len(ftexts) else None
                    if isinstance(f, str) and f.startswith("="):
                        notes[fname] = (f"单元格是公式（{f[:40]}），但文件中没有保存计算结果；"
                                        "请在 Excel/WPS 中打开并保存，或复制后“选择性粘贴→数值”")
                    elif (rownum, col.index) in merged:
                        notes[fname] = merged[(rownum, col.index)]
            if all(v is None for v in raw.values()):
                pending_blank += 1
                continue
            table.blank_rows += pending_blank
            pending_blank = 0
            record += 1
            yield RawRow(row=rownum, record=record, values=raw, notes=notes)
    finally:
        wb.close()
        if formulas is not None:
            formulas.parent.close()


def _open_json(path: Path, schema: dict[str, Any]) -> Table:
    if not path.is_file():
        raise InputFileError(f"找不到输入文件：{path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path.name} 应为 UTF-8 编码的 JSON 文件") from exc
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path.name} 不是有效的 JSON：第{exc.lineno}行第{exc.colno}列 {exc.msg}") from exc
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


def _no_surrogates(value: Any) -> Any:
    """JSON escapes can produce lone surrogates, which no file format can store: drop them."""
    if isinstance(value, str):
        return _SURROGATES.sub("", value)
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    return value


_SURROGATES = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------- blank input workbooks


