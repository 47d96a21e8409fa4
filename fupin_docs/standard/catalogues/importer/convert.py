"""Old office formats (.xls, .doc, .wps, .et) through LibreOffice, when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ....types import InputFileError

TARGET = {".xls": "xlsx", ".et": "xlsx", ".doc": "docx", ".wps": "docx", ".rtf": "docx"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, workdir: Path | None = None) -> Path:
    """Convert an old-format file to .xlsx/.docx in a temporary folder; return the new path."""
    target = TARGET[path.suffix.lower()]
    exe = soffice()
    if exe is None:
        raise InputFileError(
            f"无法读取 {path.name}：{path.suffix} 是旧版格式，需要安装 LibreOffice（soffice 命令）"
            f"才能转换；也可以在 Excel、WPS 或 Word 中把它另存为 .{target} 后再导入")
    out = Path(workdir or tempfile.mkdtemp(prefix="fupin-import-"))
    profile = out / "lo-profile"
    cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
           "--outdir", str(out), str(path)]
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        raise InputFileError(f"LibreOffice 无法转换 {path.name}：{exc}") from exc
    result = out / f"{path.stem}.{target}"
    if not result.exists():
        raise InputFileError(f"LibreOffice 没有把 {path.name} 转换为 .{target}（文件可能已损坏或加密）")
    return result
