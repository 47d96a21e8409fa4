"""Test helpers: fill an init workbook like a clerk would, read documents back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from docx import Document

from fupin_docs.resources import load_schema


def good_slip(n: int = 1, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "number": f"万扶公〔2026〕{n}号",
        "title": f"测试信息{n}",
        "office": "规划财务股",
        "drafter": "李明",
        "draft_date": dt.date(2026, 3, 3),
        "formed_date": dt.date(2026, 3, 2),
        "item": "扶贫资金/财政专项扶贫资金分配结果",
        "category": "一般性文件",
        "disclosure": "主动公开",
        "summary": "资金名称、分配结果。",
        "check_truth": "已核对",
        "check_complete": "已核对",
        "check_secret": "不涉密",
        "channels": "政府网站、两微一端",
        "ways": "全文发布",
        "deputy_name": "王建国",
        "deputy_opinion": "同意公开。",
        "deputy_date": dt.date(2026, 3, 4),
        "published_date": dt.date(2026, 3, 5),
        "publisher": "张丽",
    }
    row.update(overrides)
    return row


def fill_workbook(path: Path, rows: list[dict[str, Any]], sheet: str = "处理单",
                  kind: str = "slip") -> None:
    """Write rows under the headers of an existing (init) workbook, matching header titles."""
    schema = load_schema(kind)
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    headers = {str(c.value).rstrip("*"): c.column for c in ws[1] if c.value}
    for r, row in enumerate(rows, start=2):
        for name, value in row.items():
            title = schema["properties"][name]["title"]
            ws.cell(row=r, column=headers[title], value=value)
    wb.save(path)


def docx_text(path: Path) -> list[str]:
    """Paragraph and table-cell texts of a .docx, in order (the golden-test view)."""
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs if p.text.strip()]
    for table in doc.tables:
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                lines.append(cell.text)
    return lines


def soffice_pdf(src: Path, out_dir: Path, profile_root: Path) -> Path:
    """Convert ``src`` to PDF in ``out_dir`` with soffice on a private profile under
    ``profile_root``: a LibreOffice already running on the machine (another test, another
    user's batch) would otherwise hold the default profile and make this start fail or hang."""
    import subprocess

    profile = (profile_root / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out_dir), str(src)],
                   check=True, capture_output=True, timeout=180)
    return out_dir / (src.stem + ".pdf")


# The peak RSS (KB) of the process that runs this code: VmHWM where /proc has it (Linux).
# ru_maxrss of a process started from a larger one (pytest) is the parent's peak when that
# is larger, because Linux carries it across fork and exec, and os.wait4's ru_maxrss of a
# child is that same figure: neither measures the child's own work.
OWN_PEAK_RSS = (
    "import resource\n"
    "def peak_rss_kb():\n"
    "    try:\n"
    "        with open('/proc/self/status', encoding='ascii') as fh:\n"
    "            for line in fh:\n"
    "                if line.startswith('VmHWM:'):\n"
    "                    return int(line.split()[1])\n"
    "    except OSError:\n"
    "        pass\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
)


def command_reporting_own_peak(module: str, args: list[str], peak_file: Path) -> list[str]:
    """argv of ``python -m module args`` that, on its way out (also after an error or
    sys.exit), writes its own peak RSS in KB (:data:`OWN_PEAK_RSS`) to ``peak_file``."""
    import sys

    code = OWN_PEAK_RSS + (
        "import atexit, runpy, sys\n"
        "def _write_peak():\n"
        f"    with open({str(peak_file)!r}, 'w', encoding='ascii') as fh:\n"
        "        fh.write(str(peak_rss_kb()))\n"
        "atexit.register(_write_peak)\n"
        f"sys.argv = [{module!r}, *{args!r}]\n"
        f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)\n"
    )
    return [sys.executable, "-c", code]
