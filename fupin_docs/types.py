"""The few types every stage shares: errors, issues, records and their columns.

Nothing here imports another module of the package, so every stage can import it.
Errors carry a Chinese message for the user: the CLI turns them into one line on stderr and exit
code 2; nothing below the CLI prints.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import os
import re
import sys
import time
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

    def place(self, with_file: bool = False) -> str:
        """``处理单!T7 第7行 主要领导``; with_file (a run that reads several files): the file
        first, ``台账.xlsx 发布台账!C5 第5行 公开日期``."""
        parts: list[str] = [self.file] if with_file and self.file else []
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

    def text(self, with_file: bool = False) -> str:
        """One line in Chinese, e.g. 「处理单!T7 第7行 主要领导：重大决策须经主要领导审签（第5.3条）」;
        with_file: 「台账.xlsx 处理单!T7 第7行 …」 (a message that starts with the file's name, as
        a whole-file error does, is not given it twice)."""
        with_file = with_file and bool(self.file) and not self.message.startswith(self.file or "")
        place = self.place(with_file)
        body = self.message
        if self.clause and not body.endswith(f"（{self.clause}）"):  # said once
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
        target = exc.filename2  # os.replace(temporary, target) failed: name the target
        if target is not None:
            return os.fsdecode(target) if isinstance(target, bytes | os.PathLike) else str(target)
        return f"文件夹 {os.path.dirname(path) or '.'}"
    return path


def os_error_message(exc: OSError, action: str = "读写文件失败") -> str:
    """``读写文件失败：D:\\输出（磁盘空间不足）``."""
    where = os_error_path(exc)
    return f"{action}{'：' + where if where else ''}（{os_error_cn(exc)}）"


# ------------------------------------------------------------------ replacing a file

# Windows: a file open in Excel/WPS cannot be replaced, and a virus scanner or the search
# indexer may hold a just-written file for a moment. A few short retries, then a clear message.
REPLACE_RETRIES = 5
REPLACE_WAIT = 0.2  # seconds, doubled each retry


class FileInUseError(FupinError):
    """The target is open in another program (Windows keeps such files locked)."""


def is_windows() -> bool:
    return sys.platform == "win32" or os.name == "nt"


def replace_file(tmp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """os.replace, retried on Windows' sharing violations; a file still in use after the
    retries is reported in Chinese (close it in Excel/WPS and run again)."""
    wait = REPLACE_WAIT
    for attempt in range(REPLACE_RETRIES + 1):
        try:
            os.replace(tmp, target)
            return
        except PermissionError as exc:
            if not is_windows() or attempt == REPLACE_RETRIES:
                if is_windows():
                    raise FileInUseError(
                        f"无法写入 {os.fspath(target)}：文件正被其他程序（如 Excel、WPS）打开，"
                        "请关闭该文件后重新运行") from exc
                raise
            time.sleep(wait)
            wait *= 2


# ------------------------------------------------------------------ JSON syntax errors in Chinese

# json.JSONDecodeError.msg (the stdlib's fixed English phrases) -> Chinese
_JSON_REASONS_CN: tuple[tuple[str, str], ...] = (
    ("Expecting value", "此处缺少值（多了逗号、少了引号，或值写错了：字符串要用英文双引号）"),
    ("Expecting ',' delimiter", "此处缺少英文逗号 ,（或括号没有配对）"),
    ("Expecting ':' delimiter", "此处缺少英文冒号 :"),
    ("Expecting property name enclosed in double quotes",
     "此处应为用英文双引号括起的键名（或最后一项后面多了逗号）"),
    ("Unterminated string", "字符串没有结束（缺少右边的英文双引号）"),
    ("Invalid control character", "字符串中有不允许的控制字符（如直接换行或制表符，应写作 \\n、\\t）"),
    ("Invalid \\uXXXX escape", "\\u 转义写法不对（应为 \\u 加四位十六进制数）"),
    ("Invalid \\escape", "反斜杠 \\ 转义写法不对（路径中的 \\ 要写成 \\\\）"),
    ("Extra data", "数据结束后还有多余的内容（只能有一个数组或对象）"),
    ("Illegal trailing comma", "最后一项后面多了逗号"),
    ("Unexpected UTF-8 BOM", "文件开头有 BOM 标记（请另存为不带 BOM 的 UTF-8）"),
)


def read_json(path: str | os.PathLike[str], label: str, error: type[FupinError] = FupinError
              ) -> Any:
    """The JSON held in ``path`` (UTF-8, with or without BOM); a file that is not is ``error``
    with a Chinese message naming ``label`` (e.g. 「工作日历文件 2027.json」) and, for a syntax
    error, the line, column and reason. OSError is left to the caller."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return json.load(fh)
    except UnicodeDecodeError as exc:
        raise error(f"{label} 应为 UTF-8 编码的 JSON 文件") from exc
    except json.JSONDecodeError as exc:
        raise error(f"{label} 不是有效的 JSON：{json_error_cn(exc)}") from exc
    except RecursionError as exc:  # e.g. 200 KB of [[[[...: the parser runs out of stack
        raise error(f"{label} 的 JSON 嵌套层数过深，无法读取") from exc


def json_error_cn(exc: json.JSONDecodeError) -> str:
    """``第3行第7列：此处缺少英文逗号 ,（或括号没有配对）``: where and why, never the
    English reason."""
    if not exc.doc.strip():
        return "文件是空的（没有任何内容）"
    reason = next((cn for en, cn in _JSON_REASONS_CN if exc.msg.startswith(en)), "格式有误")
    return f"第{exc.lineno}行第{exc.colno}列：{reason}"
