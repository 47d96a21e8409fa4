"""The zip-bomb guard for every zip container the toolkit opens (.xlsx, .docx, templates).

A zip member's declared size bounds what :mod:`zipfile` inflates (reading stops there and a
lying header fails its CRC), so summing the declared sizes before anything is parsed tells
how much memory and time the file can cost. A file over the limit is refused with a Chinese
message, before openpyxl or python-docx touch it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..types import InputFileError

MAX_UNCOMPRESSED = 512 * 1024 * 1024  # everything inflated (streamed .xlsx sheets)
MAX_XML = 64 * 1024 * 1024  # XML parsed whole into memory (.docx parts, templates)


def _mb(n: int) -> str:
    return f"{n // 1024 // 1024} MB"


def guard_zip(source: Path | bytes, name: str, what: str = "文件", *,
              limit: int | None = None, xml_limit: int | None = None) -> list[str]:
    """The member names of a zip whose inflated size is within the limits.

    ``limit`` bounds all members, ``xml_limit`` (if given) the .xml/.rels members parsed
    whole. InputFileError (Chinese, naming ``name``) for a damaged zip or a suspected bomb.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise InputFileError(f"{name} 已损坏或不完整，无法作为{what}打开。") from exc
    limit = MAX_UNCOMPRESSED if limit is None else limit
    total = sum(i.file_size for i in infos)
    if total > limit:
        raise InputFileError(f"{name} 解压后超过 {_mb(limit)}，拒绝读取（疑似压缩炸弹）。")
    if xml_limit is not None:
        xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
        if xml > xml_limit:
            raise InputFileError(
                f"{name} 中的文字内容解压后超过 {_mb(xml_limit)}，拒绝读取（疑似压缩炸弹）。")
    return [i.filename for i in infos]
