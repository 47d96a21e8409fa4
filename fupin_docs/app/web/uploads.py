"""What an upload may be: a .xlsx or .json file whose first bytes agree with its name."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ...inputs.workbook import not_xlsx_reason

ACCEPTED = (".xlsx", ".json")
# a county's catalogue: an imported .json or the published table itself
CATALOGUE_ACCEPTED = (".json", ".xlsx", ".docx", ".html", ".htm", ".pdf")
XLSX_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"


SAVE_AS = {
    ".xls": "旧版 Excel（.xls）文件", ".et": "WPS 表格（.et）文件",
    ".csv": "CSV 文本文件（没有工作表和单元格格式）", ".xlsm": "含宏的 Excel（.xlsm）文件",
    ".wps": "WPS 文字文件", ".ods": "OpenDocument 表格（.ods）文件",
}
SAVE_AS_STEPS = ("请在 Excel 或 WPS 中打开它，点“文件→另存为”，保存类型选“Excel 工作簿（*.xlsx）”，"
                 "再上传新保存的 .xlsx 文件（CSV 中的身份证号码等长数字列请先设为文本格式）。")


class UploadRejected(Exception):
    """The upload is not something we read; the message is Chinese and shown to the clerk."""


def display_name(raw: str | None) -> str:
    """The uploaded name for display only (base name, no control characters, short).

    Never used as a path: the upload is stored under a fixed name.
    """
    name = PurePosixPath((raw or "").replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    # some Werkzeug versions drop the backslashes of "..\\..\\C:\\x": no leading dots or drive
    name = re.sub(r"^[.\s]*(?:[A-Za-z]:)?", "", name)
    if len(name) > 80:
        name = name[:60] + "…" + name[-15:]
    return name or "（未命名文件）"


def form_text(raw: str | None, limit: int = 60) -> str:
    """A line typed into the page's form: no control characters, spaces trimmed, at most
    ``limit`` characters."""
    text = re.sub(r"[\x00-\x1f\x7f]", "", raw or "").strip()
    return text[:limit].strip()


def upload_suffix(raw: str | None, accepted: tuple[str, ...] = ACCEPTED,
                  accepted_text: str = "") -> str:
    """The lower-case suffix (.xlsx / .json) of an accepted upload name, else UploadRejected."""
    suffix = PurePosixPath((raw or "").replace("\\", "/")).suffix.lower()
    if not raw:
        raise UploadRejected("请先选择要上传的文件。")
    if accepted != ACCEPTED and suffix not in accepted:
        raise UploadRejected(f"不能处理 {display_name(raw)}：只接受{accepted_text}。")
    if suffix not in accepted:
        name = display_name(raw)
        if suffix in SAVE_AS:
            raise UploadRejected(f"{name} 是{SAVE_AS[suffix]}，不能直接处理。{SAVE_AS_STEPS}")
        raise UploadRejected(f"不能处理 {name}：只接受 Excel 工作簿（.xlsx）或 JSON 文件（.json）。")
    return suffix


def catalogue_suffix(raw: str) -> str:
    suffix = PurePosixPath(raw.replace("\\", "/")).suffix.lower()
    if suffix not in CATALOGUE_ACCEPTED:
        raise UploadRejected(
            f"不能使用 {display_name(raw)} 作为标准目录：应为 import-catalogue 生成的目录文件（.json），"
            "或发布的目录表格（.xlsx、.docx、.html、.pdf）。")
    return suffix


def check_catalogue_magic(suffix: str, head: bytes, name: str) -> None:
    """The catalogue upload's first bytes agree with its name."""
    if suffix in (".xlsx", ".docx"):
        if not head.startswith(XLSX_MAGIC):
            raise UploadRejected(f"{name} 的内容与扩展名 {suffix} 不符（可能是改了扩展名的旧版文件）。")
    elif suffix == ".pdf":
        if not head.startswith(b"%PDF"):
            raise UploadRejected(f"{name} 不是 PDF 文件：内容不符。")
    elif suffix == ".json":
        check_magic(suffix, head, name)
    elif not head:
        raise UploadRejected(f"{name} 是空文件。")


def check_magic(suffix: str, head: bytes, name: str) -> None:
    """Refuse files whose content does not match the suffix (e.g. a renamed .xls or .docx)."""
    if not head:
        raise UploadRejected(f"{name} 是空文件。")
    if suffix == ".xlsx":
        if not head.startswith(XLSX_MAGIC):
            reason = not_xlsx_reason(name, head)
            raise UploadRejected((reason or f"{name} 不是 Excel 工作簿（.xlsx）：内容不符。")
                                 .replace("再试。", "再上传。"))
        return
    text = head[len(UTF8_BOM):] if head.startswith(UTF8_BOM) else head
    if text.lstrip()[:1] not in (b"{", b"["):
        raise UploadRejected(f"{name} 不是 JSON 文件：内容应以 {{ 或 [ 开头。")
