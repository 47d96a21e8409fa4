"""Issue 16: a clerk on Windows with WPS or Office. The Windows code paths, run on Linux with
sys.platform / os.name monkeypatched: LibreOffice found at its usual install paths and through
FUPIN_DOCS_SOFFICE, its process tree killed with taskkill, files locked by Excel/WPS reported
in Chinese, file names Windows accepts (≤ 240 characters with the folder), nothing POSIX-only
needed to import the package and run a batch, and outputs in the OOXML dialect WPS reads.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest
from slipbook import row, write_book

from fupin_docs import types as types_mod
from fupin_docs.app import cli as cli_mod
from fupin_docs.kinds.base import MAX_PATH_CHARS, fit_to_folder, safe_filename
from fupin_docs.kinds.slip import KIND
from fupin_docs.outputs import atomic
from fupin_docs.pipeline import RunOptions, parallel, run_row_documents
from fupin_docs.render import pdf

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setattr(sys, "platform", "win32")
    for var in (*pdf.SOFFICE_ENV, *pdf.WINDOWS_PROGRAM_DIRS):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)  # not on PATH, as on Windows
    return monkeypatch


def _install_lo(base: Path) -> Path:
    exe = base / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    return exe


# ------------------------------------------------------------------ finding LibreOffice


def test_windows_install_paths_are_the_usual_ones(windows: pytest.MonkeyPatch) -> None:
    wanted = {r"C:\Program Files\LibreOffice\program\soffice.exe",
              r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"}
    assert wanted <= {str(p).replace("/", "\\") for p in pdf.soffice_candidates()}


def test_windows_finds_libreoffice_under_program_files(windows: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    assert pdf.find_soffice() is None
    exe = _install_lo(tmp_path / "Program Files (x86)")
    windows.setenv("ProgramFiles(x86)", str(tmp_path / "Program Files (x86)"))
    assert pdf.find_soffice() == str(exe)


def test_windows_default_folders_without_environment(windows: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    exe = _install_lo(tmp_path / "Program Files")
    windows.setattr(pdf, "WINDOWS_DEFAULT_DIRS", (str(tmp_path / "Program Files"),))
    assert pdf.find_soffice() == str(exe)


def test_environment_variable_names_the_program_or_its_folder(windows: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    exe = _install_lo(tmp_path / "D盘" / "软件")
    windows.setenv("FUPIN_DOCS_SOFFICE", str(exe))
    assert pdf.find_soffice() == str(exe)
    windows.setenv("FUPIN_DOCS_SOFFICE", f'"{exe.parent.parent}"')  # copied with its quotes
    assert pdf.find_soffice() == str(exe)
    windows.delenv("FUPIN_DOCS_SOFFICE")
    windows.setenv("FUPIN_SOFFICE", str(exe))  # the older name still works
    assert pdf.find_soffice() == str(exe)
    windows.setenv("FUPIN_DOCS_SOFFICE", str(tmp_path / "nowhere"))  # set but wrong: say so
    assert pdf.find_soffice() is None
    assert "FUPIN_DOCS_SOFFICE" in pdf.INSTALL_HINT_LO


# ------------------------------------------------------------------ processes


def test_windows_libreoffice_runs_in_its_own_group_without_a_window(
        windows: pytest.MonkeyPatch) -> None:
    opts = pdf.popen_options()
    assert "start_new_session" not in opts
    assert opts["creationflags"] & 0x200 and opts["creationflags"] & 0x08000000


def test_posix_libreoffice_runs_in_its_own_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert pdf.popen_options() == {"start_new_session": True}


class _FakeProc:
    pid = 4242
    killed = False

    def kill(self) -> None:
        self.killed = True


def test_windows_timeout_kills_the_whole_libreoffice_tree(windows: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def fake_run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, 0)

    windows.setattr(pdf.subprocess, "run", fake_run)
    windows.setattr(pdf.os, "killpg", None, raising=False)  # Windows has no killpg
    proc = _FakeProc()
    pdf.kill_tree(proc)  # type: ignore[arg-type]
    assert calls == [["taskkill", "/F", "/T", "/PID", "4242"]]
    assert proc.killed


def test_windows_timeout_when_taskkill_is_missing(windows: pytest.MonkeyPatch) -> None:
    def missing(cmd: list[str], **kwargs: Any) -> None:
        raise FileNotFoundError(cmd[0])

    windows.setattr(pdf.subprocess, "run", missing)
    proc = _FakeProc()
    pdf.kill_tree(proc)  # type: ignore[arg-type]
    assert proc.killed


def test_worker_processes_are_spawned_never_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str | None] = []
    real = parallel.mp.get_context

    def record(method: str | None = None) -> Any:
        asked.append(method)
        return real(method)

    monkeypatch.setattr(parallel.mp, "get_context", record)
    with parallel.ParallelRenderer(ROOT / "templates" / KIND.template, 1):
        pass
    assert asked == ["spawn"]


def test_job_count_without_sched_getaffinity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert cli_mod._auto_jobs() == 4


def test_windows_console_never_crashes_on_characters_gbk_lacks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    out = io.TextIOWrapper(buffer, encoding="gbk")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdout", out)
    cli_mod.prepare_console()
    print("标题 😀 𪚥")
    out.flush()
    assert buffer.getvalue().decode("gbk").startswith("标题 ?")


# ------------------------------------------------------------------ files


def test_windows_file_open_in_excel_is_reported_in_chinese(windows: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    windows.setattr(types_mod, "REPLACE_WAIT", 0.0)
    tries: list[str] = []

    def locked(src: str, dst: str) -> None:
        tries.append(src)
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")

    windows.setattr(atomic.os, "replace", locked)
    target = tmp_path / "台账.xlsx"
    with pytest.raises(atomic.FileInUseError, match="Excel、WPS"):
        atomic.write_bytes_atomic(target, b"x")
    assert len(tries) == atomic.REPLACE_RETRIES + 1
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_windows_a_passing_lock_is_waited_out(windows: pytest.MonkeyPatch, tmp_path: Path) -> None:
    windows.setattr(types_mod, "REPLACE_WAIT", 0.0)
    real = os.replace
    tries: list[str] = []

    def flaky(src: str, dst: str) -> None:
        tries.append(src)
        if len(tries) < 3:  # a virus scanner holding the new file for a moment
            raise PermissionError(13, "denied")
        real(src, dst)

    windows.setattr(atomic.os, "replace", flaky)
    with atomic.atomic_path(tmp_path / "a.docx") as tmp:
        tmp.write_bytes(b"ok")
    assert (tmp_path / "a.docx").read_bytes() == b"ok" and len(tries) == 3


def test_posix_permission_errors_are_not_retried(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "name", "posix")

    def denied(src: str, dst: str) -> None:
        raise PermissionError(13, "denied")

    monkeypatch.setattr(atomic.os, "replace", denied)
    with pytest.raises(PermissionError):
        atomic.write_bytes_atomic(tmp_path / "a", b"x")


@pytest.mark.parametrize(("stem", "name"), [
    ('通知:第1号*?"<>|', "通知_第1号______.docx"),
    ("关于 …的通知. . ", "关于 …的通知.docx"),
    ("CON", "_CON.docx"), ("nul", "_nul.docx"), ("Com1", "_Com1.docx"), ("LPT9.txt", "_LPT9.txt.docx"),
    ("CONIN$", "_CONIN$.docx"), ("con ", "_con.docx"), ("a\\b/c\td", "a_b_c_d.docx"),
])
def test_windows_safe_file_names(stem: str, name: str) -> None:
    assert safe_filename(stem, ".docx") == name


def test_file_names_fit_240_characters_with_the_folder(tmp_path: Path) -> None:
    deep = tmp_path / ("很深的文件夹" * 25)
    name = fit_to_folder(deep, "万扶公〔2026〕2号_" + "长" * 90 + ".docx")
    assert len(str(deep / name)) <= MAX_PATH_CHARS and name.endswith(".docx")
    assert name.startswith("万扶公〔2026〕2号_")


def test_a_batch_in_a_deep_folder_writes_paths_windows_can_open(tmp_path: Path) -> None:
    out = tmp_path.joinpath(*["各乡镇人民政府政务公开" * 4] * 3)
    title = "关于" + "巩固拓展脱贫攻坚成果" * 9 + "的通知"
    book = write_book(tmp_path / "in.xlsx", [row(2, title=title), row(3, title=title + "：续")])
    report = run_row_documents(KIND, book, out, RunOptions(write_reports=False, jobs=1))
    assert report.rendered == 2
    for name in report.outputs:
        assert len(str(out.resolve() / name)) <= MAX_PATH_CHARS
        assert (out / name).is_file()


def test_outputs_are_transitional_ooxml_that_wps_reads(tmp_path: Path) -> None:
    """WPS (like Office 2007–2016) reads transitional OOXML; strict OOXML namespaces, macros
    or an .docm/.xlsm content type would not open (or would warn) there."""
    book = write_book(tmp_path / "in.xlsx", [row(2)])
    report = run_row_documents(KIND, book, tmp_path / "out", RunOptions(jobs=1))
    docs = sorted(p for p in (tmp_path / "out").iterdir() if p.suffix in (".docx", ".xlsx"))
    assert len(docs) == 2 and report.rendered == 1  # the slip and 校验报告.xlsx
    for path in docs:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            assert "[Content_Types].xml" in names
            types = z.read("[Content_Types].xml").decode("utf-8")
            assert "macroEnabled" not in types and "vbaProject" not in types
            for part in names:
                if part.endswith(".xml"):
                    assert b"purl.oclc.org/ooxml" not in z.read(part), (path.name, part)


# ------------------------------------------------------------------ nothing POSIX-only


POSIX_ONLY = textwrap.dedent("""
    import os, signal, sys, importlib, pkgutil, tempfile, pathlib
    import subprocess, shutil, multiprocessing, threading, secrets
    # libraries that pick their backend by sys.platform at import (platformdirs: unix.py
    # here, windows.py on Windows) are imported first; the package's own code comes after
    import platformdirs
    for name in ("fork", "forkpty", "killpg", "fchmod", "fchown", "getuid", "geteuid",
                 "sched_getaffinity", "setsid", "getpgid", "chown"):
        if hasattr(os, name):
            delattr(os, name)
    for name in ("SIGKILL", "SIGHUP", "SIGQUIT", "SIGALRM", "SIGUSR1", "SIGCHLD"):
        if hasattr(signal, name):
            delattr(signal, name)
    for mod in ("fcntl", "pwd", "grp", "resource", "termios"):
        sys.modules[mod] = None
    import fupin_docs
    for info in pkgutil.walk_packages(fupin_docs.__path__, "fupin_docs."):
        importlib.import_module(info.name)
    sys.path.insert(0, "tests")
    from slipbook import row, write_book
    from fupin_docs.kinds.slip import KIND
    from fupin_docs.pipeline import RunOptions, run_row_documents
    tmp = pathlib.Path(tempfile.mkdtemp())
    book = write_book(tmp / "in.xlsx", [row(2), row(3)])
    report = run_row_documents(KIND, book, tmp / "out", RunOptions(jobs=1))
    assert report.rendered == 2, report.summary_lines()
    from click.testing import CliRunner
    from fupin_docs.app.cli import cli
    assert CliRunner().invoke(cli, ["slips", "--help"]).exit_code == 0
    print("ok")
""")


def test_nothing_posix_only_is_needed_to_import_and_run_a_batch() -> None:
    result = subprocess.run([sys.executable, "-c", POSIX_ONLY], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
