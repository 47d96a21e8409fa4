"""PDF output through LibreOffice headless, with the Chinese font mapping, plus poppler helpers.

``convert_batch`` converts many .docx/.xlsx files with ONE LibreOffice start (chunked only
for very long argument lists or clashing file names), a private LibreOffice profile (parallel
runs never collide, a desktop LibreOffice is never attached to) and a time-out. Fonts named
by the documents (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) are mapped to free CJK fonts
through ``data/fonts/cjk-substitutes.conf`` (FONTCONFIG_FILE, converter process only).

The small poppler helpers (page count, text, fonts, word boxes in mm) are for tests and
visual checks. No click and no printing here.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..outputs.atomic import atomic_path
from ..resources import data_path
from ..types import FupinError

CONVERTIBLE = frozenset({".docx", ".xlsx", ".doc", ".xls", ".odt", ".ods", ".rtf"})
CHUNK_FILES = 200          # documents per LibreOffice start at most
CHUNK_ARG_CHARS = 24_000   # keep the command line well under Windows' 32 767 limit
BASE_TIMEOUT = 90.0        # seconds per LibreOffice start ...
PER_FILE_TIMEOUT = 15.0    # ... plus this much per document in the chunk

INSTALL_HINT_LO = (
    "未找到 LibreOffice，无法生成 PDF（.docx/.xlsx 文件已正常生成）。"
    "请安装 LibreOffice：Debian/Ubuntu 运行 "
    "sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk；"
    "Windows 请从 https://zh-cn.libreoffice.org 下载安装 LibreOffice；"
    "也可用环境变量 FUPIN_DOCS_SOFFICE 指定 soffice 程序（或 LibreOffice 安装文件夹）的路径。"
)
INSTALL_HINT_POPPLER = (
    "未找到 poppler 工具（{tool}）。请安装：Debian/Ubuntu 运行 sudo apt-get install poppler-utils；"
    "Windows 可安装 poppler 并把其 bin 目录加入 PATH。"
)

_starts = 0


def soffice_starts() -> int:
    """How many LibreOffice processes this Python process has started (for tests, benchmarks)."""
    return _starts


class PdfToolsMissing(FupinError):
    """LibreOffice or poppler is not installed; the message says how to install it."""


@dataclass
class PdfResult:
    """What one ``convert_batch`` call did."""

    pdfs: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (document, reason)
    starts: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, object]:
        return {
            "pdfs": [str(p) for p in self.pdfs],
            "failed": [{"file": str(p), "reason": r} for p, r in self.failed],
            "libreoffice_starts": self.starts,
            "seconds": round(self.seconds, 2),
        }


# --------------------------------------------------------------------------- locating tools

SOFFICE_ENV = ("FUPIN_DOCS_SOFFICE", "FUPIN_SOFFICE")  # the second: older name, still read
WINDOWS_PROGRAM_DIRS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA")
WINDOWS_DEFAULT_DIRS = (r"C:\Program Files", r"C:\Program Files (x86)")


def find_soffice() -> str | None:
    """The LibreOffice program: $FUPIN_DOCS_SOFFICE (a program or LibreOffice's folder), then
    soffice/libreoffice on PATH, then the usual install folders on Windows
    (C:\\Program Files\\LibreOffice\\program\\soffice.exe, Program Files (x86)) and macOS."""
    for var in SOFFICE_ENV:
        env = os.environ.get(var, "").strip().strip('"')
        if env:
            return _soffice_at(env)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for cand in soffice_candidates():
        if cand.is_file():
            return str(cand)
    return None


def _soffice_at(given: str) -> str | None:
    """$FUPIN_DOCS_SOFFICE: the program itself, a name on PATH, or the install folder."""
    path = Path(given)
    if path.is_dir():
        exe = "soffice.exe" if sys.platform == "win32" else "soffice"
        for cand in (path / exe, path / "program" / exe):
            if cand.is_file():
                return str(cand)
        return None
    return given if path.is_file() else shutil.which(given)


def soffice_candidates() -> list[Path]:
    """Where LibreOffice installs itself, on this platform (none on Linux: it is on PATH)."""
    candidates: list[Path] = []
    if sys.platform == "win32":
        bases = [os.environ[v] for v in WINDOWS_PROGRAM_DIRS if os.environ.get(v)]
        bases += [d for d in WINDOWS_DEFAULT_DIRS if d not in bases]
        for base in dict.fromkeys(bases):
            if base == os.environ.get("LOCALAPPDATA"):
                candidates.append(Path(base) / "Programs" / "LibreOffice" / "program" / "soffice.exe")
            else:
                candidates.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return candidates


def have_pdf_tools() -> bool:
    return find_soffice() is not None


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise PdfToolsMissing(INSTALL_HINT_POPPLER.format(tool=tool))
    return found


def font_rules_file() -> Path:
    """The packaged fontconfig rules (rules only, no font directories)."""
    return data_path("fonts", "cjk-substitutes.conf")


def _system_fontconfig() -> Path | None:
    current = os.environ.get("FONTCONFIG_FILE")
    candidates = [Path(current)] if current else []
    candidates += [Path("/etc/fonts/fonts.conf"), Path("/usr/local/etc/fonts/fonts.conf"),
                   Path("/opt/homebrew/etc/fonts/fonts.conf")]
    for cand in candidates:
        if cand.is_file():
            return cand
    return None


def _xml_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_fontconfig(folder: Path) -> Path:
    """Write a fonts.conf into ``folder`` that applies our rules first, then the system's."""
    system = _system_fontconfig()
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        f"  <include>{_xml_attr(str(font_rules_file()))}</include>",
    ]
    if system is not None:
        lines.append(f'  <include ignore_missing="yes">{_xml_attr(str(system))}</include>')
    lines.append("</fontconfig>\n")
    target = folder / "fonts.conf"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def converter_env(profile_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    if sys.platform not in ("win32", "darwin"):  # LibreOffice uses fontconfig on Linux/BSD
        env["FONTCONFIG_FILE"] = str(write_fontconfig(profile_root))
    return env


# --------------------------------------------------------------------------- conversion

def pdf_name(doc: Path) -> str:
    return doc.stem + ".pdf"


def plan_chunks(docs: Sequence[Path], targets: Sequence[Path]) -> list[list[int]]:
    """Group document indexes into LibreOffice starts: few starts, but never two documents
    whose PDFs would get the same name in one start (they share the start's --outdir)."""
    chunks: list[list[int]] = []
    names: list[set[str]] = []
    sizes: list[int] = []
    for i, doc in enumerate(docs):
        name = targets[i].name
        arg = len(str(doc)) + 1
        for c, chunk in enumerate(chunks):
            if name not in names[c] and len(chunk) < CHUNK_FILES and sizes[c] + arg <= CHUNK_ARG_CHARS:
                chunk.append(i)
                names[c].add(name)
                sizes[c] += arg
                break
        else:
            chunks.append([i])
            names.append({name})
            sizes.append(arg)
    return chunks


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> tuple[int | None, str]:
    """Run LibreOffice; on time-out kill its whole process tree. Returns (code, output)."""
    global _starts
    _starts += 1
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, **popen_options())
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_tree(proc)
        proc.communicate()
        return None, ""
    return proc.returncode, out.decode("utf-8", "replace")


def popen_options() -> dict[str, Any]:
    """POSIX: its own session (so a time-out kills soffice.bin too). Windows: its own process
    group and no console window popping up."""
    if sys.platform == "win32":
        flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200)
        flags |= getattr(subprocess, "CREATE_NO_WINDOW", 0x08000000)
        return {"creationflags": flags}
    return {"start_new_session": True}


def kill_tree(proc: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and the soffice.bin it started (soffice.exe is only a launcher)."""
    if sys.platform == "win32":
        with contextlib.suppress(OSError, subprocess.SubprocessError):  # /T tree, /F force
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], check=False,
                           capture_output=True, timeout=30, **popen_options())
        with contextlib.suppress(OSError):
            proc.kill()
        return
    killpg = getattr(os, "killpg", None)
    sigkill = getattr(signal, "SIGKILL", signal.SIGTERM)
    if killpg is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            killpg(proc.pid, sigkill)
    else:  # pragma: no cover - a POSIX without killpg
        proc.kill()


def _move(src: Path, dst: Path) -> None:
    try:
        os.replace(src, dst)
    except OSError:  # another file system: copy into a temp file beside dst, then rename
        with atomic_path(dst) as tmp:
            shutil.copyfile(src, tmp)


def convert_batch(
    paths: Iterable[Path], out_dir: Path | None = None, *, timeout: float | None = None,
) -> PdfResult:
    """Convert documents to PDF with as few LibreOffice starts as possible (normally one).

    Each PDF is written atomically beside its document (or into ``out_dir``), named like the
    document with ``.pdf``. Raises PdfToolsMissing when LibreOffice is not installed;
    documents LibreOffice could not convert are listed in ``PdfResult.failed``.
    """
    started = time.perf_counter()
    docs = [Path(p).resolve() for p in paths]
    result = PdfResult()
    if not docs:
        return result
    for doc in docs:
        if not doc.is_file():
            raise FupinError(f"找不到要转换的文件：{doc}")
    soffice = find_soffice()
    if soffice is None:
        raise PdfToolsMissing(INSTALL_HINT_LO)
    targets = [((out_dir.resolve() if out_dir else doc.parent) / pdf_name(doc)) for doc in docs]
    profile_root = Path(tempfile.mkdtemp(prefix="fupin-lo-"))
    try:
        env = converter_env(profile_root)
        profile = (profile_root / "profile").as_uri()
        for chunk in plan_chunks(docs, targets):
            work_parent = targets[chunk[0]].parent
            work_parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".~pdf-", dir=work_parent))
            try:
                cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                       "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work)]
                cmd += [str(docs[i]) for i in chunk]
                limit = timeout if timeout is not None else BASE_TIMEOUT + PER_FILE_TIMEOUT * len(chunk)
                code, output = _run(cmd, env, limit)
                result.starts += 1
                for i in chunk:
                    produced = work / pdf_name(docs[i])
                    if produced.is_file() and produced.stat().st_size > 0:
                        _move(produced, targets[i])
                        result.pdfs.append(targets[i])
                    elif code is None:
                        result.failed.append((docs[i], f"LibreOffice 超时（{limit:.0f} 秒）"))
                    else:
                        tail = output.strip().splitlines()[-1:] or [f"退出码 {code}"]
                        result.failed.append((docs[i], f"LibreOffice 未能转换：{tail[0]}"))
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        shutil.rmtree(profile_root, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


def documents_in(folder: Path, names: Iterable[str], skip: Iterable[str] = ()) -> list[Path]:
    """The convertible documents among ``names`` in ``folder`` (e.g. a Report's outputs)."""
    skipped = set(skip)
    found = [folder / n for n in names
             if n not in skipped and Path(n).suffix.lower() in CONVERTIBLE and (folder / n).is_file()]
    # one PDF per name: where a .docx and an .xlsx share a stem (the catalogue writes both),
    # the .docx is the print layout and the one converted
    docx_stems = {p.stem for p in found if p.suffix.lower() == ".docx"}
    return [p for p in found if p.suffix.lower() == ".docx" or p.stem not in docx_stems]


# --------------------------------------------------------------------------- preview

def preview(doc: Path, out_png: Path, *, all_pages: bool = False, dpi: int = 50) -> list[Path]:
    """Render the first page (or every page) of a document or PDF as PNG.

    One page: written to ``out_png``. All pages: ``<stem>-1.png``, ``<stem>-2.png``, ... beside it.
    """
    pdftoppm = _poppler("pdftoppm")
    if not doc.is_file():
        raise FupinError(f"找不到文件：{doc}")
    with tempfile.TemporaryDirectory(prefix="fupin-preview-") as tmp_name:
        tmp = Path(tmp_name)
        if doc.suffix.lower() == ".pdf":
            pdf = doc
        else:
            res = convert_batch([doc], tmp)
            if not res.pdfs:
                raise FupinError(f"{doc} 无法转换为 PDF：{res.failed[0][1]}")
            pdf = res.pdfs[0]
        cmd = [pdftoppm, "-png", "-r", str(dpi)]
        if not all_pages:
            cmd += ["-f", "1", "-l", "1"]
        subprocess.run([*cmd, str(pdf), str(tmp / "page")], check=True, capture_output=True,
                       timeout=300)
        pages = sorted(tmp.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if not pages:
            raise FupinError(f"{doc} 没有可显示的页面")
        out_png.parent.mkdir(parents=True, exist_ok=True)
        if not all_pages:
            _move(pages[0], out_png)
            return [out_png]
        written = []
        for n, page in enumerate(pages, start=1):
            target = out_png.with_name(f"{out_png.stem}-{n}{out_png.suffix or '.png'}")
            _move(page, target)
            written.append(target)
        return written


# --------------------------------------------------------------------------- poppler helpers

PT_TO_MM = 25.4 / 72


def pdf_page_count(path: Path) -> int:
    out = subprocess.run([_poppler("pdfinfo"), str(path)], check=True, capture_output=True,
                         timeout=60).stdout.decode("utf-8", "replace")
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    if not m:
        raise FupinError(f"无法读取 PDF 页数：{path}")
    return int(m.group(1))


def pdf_text(path: Path, *, layout: bool = False) -> str:
    cmd = [_poppler("pdftotext"), "-enc", "UTF-8"]
    if layout:
        cmd.append("-layout")
    out = subprocess.run([*cmd, str(path), "-"], check=True, capture_output=True, timeout=60)
    return out.stdout.decode("utf-8", "replace")


def pdf_fonts(path: Path) -> list[str]:
    """Names of the fonts in the PDF, subset prefix removed (``ABCDEF+NotoSerifCJKsc-Regular``
    -> ``NotoSerifCJKsc-Regular``), in pdffonts order, without duplicates."""
    out = subprocess.run([_poppler("pdffonts"), str(path)], check=True, capture_output=True,
                         timeout=60).stdout.decode("utf-8", "replace")
    names: list[str] = []
    for line in out.splitlines()[2:]:
        if not line.strip():
            continue
        name = line.split()[0]
        name = re.sub(r"^[A-Z]{6}\+", "", name)
        if name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class Word:
    text: str
    left: float   # mm from the page's left edge
    top: float    # mm from the page's top edge
    right: float
    bottom: float


@dataclass(frozen=True)
class PageBox:
    """A page's size and the bounding box of all its words, in millimetres from the top left."""

    page: int
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def left(self) -> float:
        return min(w.left for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def right(self) -> float:
        return max(w.right for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    def within(self, top: float, bottom: float) -> PageBox:
        """Only the words between two heights (e.g. leave out the footer's page number)."""
        kept = tuple(w for w in self.words if w.top >= top and w.bottom <= bottom)
        return PageBox(self.page, self.width, self.height, kept)


def text_bbox(path: Path) -> list[PageBox]:
    """Per page, every word's box in mm (from ``pdftotext -bbox``); pages without text have
    an empty ``words``."""
    out = subprocess.run([_poppler("pdftotext"), "-bbox", "-enc", "UTF-8", str(path), "-"],
                         check=True, capture_output=True, timeout=60).stdout
    root = ET.fromstring(out)
    pages: list[PageBox] = []
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] != "page":
            continue
        words = tuple(
            Word(w.text or "", *(float(w.attrib[k]) * PT_TO_MM
                                 for k in ("xMin", "yMin", "xMax", "yMax")))
            for w in el if w.tag.rsplit("}", 1)[-1] == "word"
        )
        pages.append(PageBox(len(pages) + 1, float(el.attrib["width"]) * PT_TO_MM,
                             float(el.attrib["height"]) * PT_TO_MM, words))
    return pages
