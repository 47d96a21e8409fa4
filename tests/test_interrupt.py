"""Nothing lost: a batch killed mid-run leaves only whole files, and a rerun finishes it.

A real subprocess renders a few hundred rows; it is interrupted with SIGINT (Ctrl-C) and
with SIGKILL once some documents exist. Every .docx left opens; no temporary file looks like
a document; Ctrl-C says 已中断 and exits 130; the rerun gives byte-identical documents.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document
from slipbook import row, write_book

from fupin_docs.outputs.folder import REPORT_JSON

ROOT = Path(__file__).resolve().parent.parent
ROWS = 200


def start(book: Path, out: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "fupin_docs.app.cli", "slips", str(book), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(ROOT),
    )


def wait_for_documents(proc: subprocess.Popen[bytes], out: Path, n: int) -> None:
    for _ in range(1200):  # bounded polling, not a timing assertion
        if out.is_dir() and len(list(out.glob("*.docx"))) >= n:
            return
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"the batch did not produce {n} documents before ending")


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.glob("*.docx")}


def check_whole(out: Path) -> dict[str, bytes]:
    docs = snapshot(out)
    for name in docs:
        Document(str(out / name))  # opens: never half written
    stray = [p.name for p in out.iterdir()
             if p.name.startswith(".~") and not p.name.endswith(".part")]
    assert not stray
    return docs


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "处理单.xlsx"
    return write_book(path, [row(n, title=f"第{n}号公告") for n in range(1, ROWS + 1)])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_interrupted_batch_loses_nothing(tmp_path: Path, book: Path, sig: signal.Signals) -> None:
    out = tmp_path / "out"
    proc = start(book, out)
    wait_for_documents(proc, out, 5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    stderr = err.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    done = check_whole(out)
    assert 0 < len(done) < ROWS, "the batch should have been stopped mid-run"
    if sig in (signal.SIGINT, signal.SIGTERM):  # SIGTERM (timeout, a task manager) as Ctrl-C
        assert proc.returncode == (130 if sig == signal.SIGINT else 143)
        assert ("已中断" if sig == signal.SIGINT else "已终止") in stderr
        assert "重新运行即可继续" in stderr
        assert not list(out.glob(".~*")), "an interruption must clean temporary files"
    else:
        assert proc.returncode == -signal.SIGKILL
    assert not (out / REPORT_JSON).exists()

    rerun = start(book, out)
    stdout, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode("utf-8", "replace")
    assert f"生成 {ROWS} 份" in stdout.decode("utf-8")
    assert not list(out.glob(".~*")), "the rerun removes stale temporary files"
    after = check_whole(out)
    assert len(after) == ROWS
    for name, data in done.items():
        assert after[name] == data, f"{name} changed between runs"


def test_ctrl_c_with_worker_processes_ends_cleanly(tmp_path: Path) -> None:
    """--jobs 2 past the first 300 rows: Ctrl-C stops the workers, nothing hangs (queued
    batches are abandoned), no temporary file is left, every document opens."""
    rows = 700
    book = write_book(tmp_path / "大批.xlsx", [row(n, title=f"第{n}号") for n in range(1, rows + 1)])
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "fupin_docs.app.cli", "slips", str(book), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(ROOT),
    )
    wait_for_documents(proc, out, 320)  # workers start after 300 rows
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the batch hung after Ctrl-C")
    stderr = err.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    if proc.returncode == 0:  # finished before the signal arrived: nothing to check
        return
    assert proc.returncode == 130 and "已中断" in stderr
    check_whole(out)
    assert not list(out.glob(".~*")), "Ctrl-C must clean temporary files"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_ledger_write_leaves_no_part_file(tmp_path: Path) -> None:
    """SIGTERM while 发布台账.xlsx is being saved: exit 143, a Chinese message, no .part."""
    rows = 4000
    book = write_book(tmp_path / "处理单.xlsx", [row(n, title=f"第{n}号") for n in range(1, rows + 1)])
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "fupin_docs.app.cli", "ledger", str(book), "-o",
         str(out / "台账.xlsx")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(ROOT),
    )
    for _ in range(60000):  # bounded polling for the temporary file of the save
        if out.is_dir() and list(out.glob(".~*.part")):
            break
        if proc.poll() is not None:
            pytest.fail("the ledger finished before its save could be interrupted")
        time.sleep(0.002)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    stderr = err.decode("utf-8", "replace")
    assert proc.returncode == 143, stderr
    assert "已终止" in stderr and "Traceback" not in stderr
    assert not list(out.glob(".~*")), "SIGTERM must clean temporary files"
    assert not (out / "台账.xlsx").exists()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")
def test_workers_ignore_ctrl_c_from_birth() -> None:
    """Ctrl-C reaches the whole process group, also while the workers are still starting
    (importing, unpickling: a KeyboardInterrupt there printed a traceback fragment). They
    are born with SIGINT blocked (held until they ignore it); the parent decides and stops
    them."""
    from fupin_docs.pipeline.parallel import ParallelRenderer
    from fupin_docs.resources import resource_dir

    with ParallelRenderer(resource_dir("templates") / "slip.docx", 2) as pool:
        for proc in pool.procs:  # read at once, before the worker's own code has run
            status = Path(f"/proc/{proc.pid}/status").read_text()
            masks = {ln.split(":")[0]: int(ln.split()[1], 16) for ln in status.splitlines()
                     if ln.startswith(("SigIgn:", "SigBlk:"))}
            held = masks["SigIgn"] | masks["SigBlk"]
            assert held & (1 << (signal.SIGINT - 1)), "worker started open to SIGINT"
        pool.close()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())  # lifted
