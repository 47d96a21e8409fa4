"""The few types every stage shares: errors, issues, records and their columns.

Nothing here imports another module of the package, so every stage can import it.
Errors carry a Chinese message for the user: the CLI turns them into one line on stderr and exit
code 2; nothing below the CLI prints.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal


class FupinError(Exception):
    """A problem with the user's input or options (not a bug): exit code 2."""


class InputFileError(FupinError):
    """The input file as a whole cannot be used (wrong type, missing sheet, headers...)."""


Severity = Literal["error", "warning"]
SEVERITY_CN = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    message: str
    clause: str | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # the column header as the clerk sees it
    column_letter: str | None = None
    field: str | None = None  # schema field name
    value: Any = None
    record: int | None = None  # 1-based record number for JSON input

    def place(self) -> str:
        parts: list[str] = []
        if self.sheet and self.column_letter and self.row:
            parts.append(f"{self.sheet}!{self.column_letter}{self.row}")
        elif self.sheet:
            parts.append(self.sheet)
        if self.row:
            parts.append(f"第{self.row}行")
        elif self.record:
            parts.append(f"第{self.record}条记录")
        if self.column:
            parts.append(self.column)
        return " ".join(parts)

    def text(self) -> str:
        """One line in Chinese, e.g. 「处理单!T7 第7行 主要领导：重大决策须经主要领导审签（第5.3条）」."""
        place = self.place()
        body = self.message
        if self.clause:
            body += f"（{self.clause}）"
        return f"{place}：{body}" if place else body

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = jsonable(self.value)
        data["text"] = self.text()
        return data


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)



@functools.lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """Excel's letters of a 1-based column number: 1 -> A, 27 -> AA (as openpyxl's
    get_column_letter; here so that a run does not import openpyxl, ~30 MB, for it)."""
    if not 1 <= index <= 18278:
        raise ValueError(f"column index out of range: {index}")
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.lru_cache(maxsize=1024)
def column_index(letters: str) -> int:
    """The 1-based column number of Excel's column letters: A -> 1, AA -> 27."""
    text = letters.strip().upper()
    if not text or len(text) > 3 or not all("A" <= c <= "Z" for c in text):
        raise ValueError(f"not column letters: {letters!r}")
    index = 0
    for c in text:
        index = index * 26 + ord(c) - 64
    return index


_CELL_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})(?::\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6}))?")


def cell_range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(min_col, min_row, max_col, max_row), 1-based, of an A1-style cell or range such as a
    merged range ``B2:D4``; None for anything else (whole columns or rows, junk)."""
    m = _CELL_RANGE.fullmatch(ref.strip())
    if m is None:
        return None
    c1, r1 = column_index(m.group(1)), int(m.group(2))
    c2, r2 = (column_index(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)


@dataclass(frozen=True)
class Column:
    index: int  # 1-based
    header: str

    @property
    def letter(self) -> str:
        return column_letter(self.index)



@dataclass
class Record:
    file: str
    sheet: str | None
    row: int | None
    record: int
    raw: dict[str, Any]
    instance: dict[str, Any]
    values: dict[str, Any]
    columns: dict[str, Column]
    issues: list[Issue] = field(default_factory=list)

    def issue(
        self,
        code: str,
        message: str,
        *,
        field_name: str | None = None,
        clause: str | None = None,
        severity: str = "error",
        value: Any = None,
    ) -> Issue:
        col = self.columns.get(field_name) if field_name else None
        issue = Issue(
            code=code,
            severity="warning" if severity == "warning" else "error",
            message=message,
            clause=clause,
            file=self.file,
            sheet=self.sheet,
            row=self.row,
            column=col.header if col else None,
            column_letter=col.letter if col and col.index else None,
            field=field_name,
            value=self.raw.get(field_name) if field_name and value is None else value,
            record=self.record,
        )
        self.issues.append(issue)
        return issue

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)


# ------------------------------------------------------------------ OS errors in Chinese

_ERRNO_NAMES_CN = {
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "EACCES": "没有权限",
    "EPERM": "不允许的操作（没有权限）",
    "EROFS": "只读的磁盘或文件夹，不能写入",
    "EEXIST": "文件已存在",
    "ENOENT": "找不到文件或文件夹",
    "ENOTDIR": "路径中有一段不是文件夹",
    "EISDIR": "这是文件夹，不是文件",
    "ENOTEMPTY": "文件夹不是空的",
    "EBUSY": "文件正被其他程序占用",
    "ETXTBSY": "文件正被其他程序占用",
    "ENAMETOOLONG": "文件名或路径过长",
    "EMFILE": "打开的文件过多",
    "EIO": "磁盘读写出错",
    "EADDRINUSE": "端口已被其他程序占用",
    "EADDRNOTAVAIL": "本机没有这个地址",
    "EINVAL": "无效的文件名或参数",
    "EXDEV": "不能跨磁盘移动",
}
# errno names differ between systems (Windows has no EDQUOT): only those that exist
_ERRNO_CN = {getattr(errno, n): t for n, t in _ERRNO_NAMES_CN.items() if hasattr(errno, n)}
# Windows: a file opened in Excel/WPS cannot be replaced or deleted
_WINERROR_CN = {32: "文件正被其他程序占用（如 Excel/WPS 正打开它），请关闭后再试",
                33: "文件的一部分被其他程序锁定", 5: "没有权限（文件可能正被打开或为只读）",
                112: "磁盘空间不足", 10048: "端口已被其他程序占用"}


def os_error_cn(exc: OSError) -> str:
    """The reason of an OS error in Chinese (never the English strerror)."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR_CN:
        return _WINERROR_CN[winerror]
    if exc.errno in _ERRNO_CN:
        return _ERRNO_CN[exc.errno]
    if isinstance(exc, TimeoutError):
        return "操作超时"
    return f"系统错误（错误码 {exc.errno}）" if exc.errno else "系统错误"


def os_error_path(exc: OSError) -> str | None:
    """The path to name in a message: the folder for a hidden temporary file (.~xxxx.part)
    or for a file that could not be created in a read-only folder."""
    name = exc.filename
    if name is None:
        return None
    path = os.fsdecode(name) if isinstance(name, bytes | os.PathLike) else str(name)
    base = os.path.basename(path)
    if base.startswith(".~") and base.endswith(".part"):
        return f"文件夹 {os.path.dirname(path) or '.'}"
    return path


def os_error_message(exc: OSError, action: str = "读写文件失败") -> str:
    """``读写文件失败：D:\\输出（磁盘空间不足）``."""
    where = os_error_path(exc)
    return f"{action}{'：' + where if where else ''}（{os_error_cn(exc)}）"
