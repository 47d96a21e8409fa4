"""Ctrl-C at any moment of a --jobs 2 batch: exit 130 and the one Chinese line, every time.

Three races, each once seen as a wrong ending (about 2 runs in 12 in a loop of real runs):

- a KeyboardInterrupt that escaped an ``exec``/``eval`` of a string (dataclasses, namedtuple:
  while a module is imported) left CPython's "unhandled Ctrl-C" flag set, and ``python -m``
  then ended as killed by SIGINT (status -2) although 130 had been asked for;
- Ctrl-C while the worker processes were being started was ignored, not held back: lost,
  the batch ran to the end and exited 0;
- Ctrl-C raised inside a weakref callback (the import system's module locks) was "ignored"
  by Python with an English message, and the batch ran to the end.
"""

from __future__ import annotations

import json
import multiprocessing.context
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from slipbook import row, write_book

from fupin_docs.outputs.folder import MANIFEST

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONWARNINGS", None)
    return env


def _default_sigint() -> None:  # a child of a background job would inherit SIGINT ignored
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_a_caught_interrupt_that_escaped_an_exec_still_exits_130(tmp_path: Path) -> None:
    (tmp_path / "escaped.py").write_text(textwrap.dedent("""
        from fupin_docs.app.entry import guarded

        def run():
            exec("raise KeyboardInterrupt")  # as inside a dataclass made while importing

        guarded(run)
    """), "utf-8")
    proc = subprocess.run([sys.executable, "-m", "escaped"], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_default_sigint)
    assert proc.returncode == 130, proc.stderr  # was -2: "killed by SIGINT"
    assert "已中断" in proc.stderr and "Traceback" not in proc.stderr


def test_an_interrupt_swallowed_in_a_weakref_callback_still_stops_the_run(tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import os, signal, sys, time, weakref
        from fupin_docs.app import entry

        class Thing:
            pass

        def callback(ref):  # Ctrl-C lands while Python runs a weakref callback
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1000):
                pass

        def run():
            thing = Thing()
            ref = weakref.ref(thing, callback)
            del thing
            for _ in range(600):  # the rest of the batch: it must not run to the end
                time.sleep(0.05)
            print("ran to the end")

        sys.unraisablehook = entry._redeliver_swallowed_interrupt  # as entry.main() does
        entry.guarded(run)
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_default_sigint)
    assert proc.returncode == 130, proc.stdout + proc.stderr
    assert "ran to the end" not in proc.stdout
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr


def test_entry_point_installs_the_swallowed_interrupt_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    from fupin_docs.app import entry

    monkeypatch.setattr(sys, "unraisablehook", sys.__unraisablehook__)
    monkeypatch.setattr(entry, "handle_sigterm", lambda: None)
    monkeypatch.setattr(entry, "guarded", lambda run: None)
    entry.main()
    assert sys.unraisablehook is entry._redeliver_swallowed_interrupt


def test_ctrl_c_while_the_workers_start_is_held_not_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGINT arrives while each worker is being started: it was ignored (lost); now it is
    held and raised once the workers exist, and the started workers are stopped."""
    from fupin_docs.pipeline.parallel import ParallelRenderer
    from fupin_docs.resources import resource_dir

    started: list[Any] = []
    original = multiprocessing.context.SpawnProcess.start

    def start(self: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C in the window
        original(self)
        started.append(self)

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", start)
    with pytest.raises(KeyboardInterrupt):
        ParallelRenderer(resource_dir("templates") / "slip.docx", 2)
    assert started and not any(p.is_alive() for p in started)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


ROWS = 1500


def _interrupt_once(book: Path, out: Path, moment: int) -> tuple[int, str]:
    """Start the batch, send Ctrl-C to its process group at ``moment`` (spread over the
    start-up, the first rows and the start of the workers after 300 rows)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "fupin_docs", "slips", str(book), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), cwd=str(ROOT),
        start_new_session=True, preexec_fn=_default_sigint)
    if moment < 4:  # start-up and the first rows: after a delay (not an assertion)
        time.sleep(0.5 + 0.3 * moment)
    else:  # around the start of the worker processes
        for _ in range(2400):  # bounded polling
            if proc.poll() is not None or (out.is_dir() and len(os.listdir(out)) >= 290):
                break
            time.sleep(0.01)
        time.sleep(0.1 * (moment - 4))
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the batch hung after Ctrl-C")
    return proc.returncode, err.decode("utf-8", "replace")


def test_ctrl_c_with_workers_exits_130_every_time(tmp_path: Path) -> None:
    """Ten real runs of `slips --jobs 2`, each interrupted at another moment: every one
    exits 130 with the one Chinese line, leaves no temporary file, and the manifest names
    every document it left."""
    book = write_book(tmp_path / "处理单.xlsx", [row(n, title=f"第{n}号") for n in range(1, ROWS + 1)])
    endings = []
    for moment in range(10):
        out = tmp_path / f"out{moment}"
        code, err = _interrupt_once(book, out, moment)
        endings.append(code)
        assert "Traceback" not in err and "Exception ignored" not in err, (moment, err)
        assert code == 130, (moment, code, err)
        assert "已中断" in err
        if out.exists():
            assert not [p.name for p in out.iterdir() if p.name.startswith(".~")], moment
            docs = {p.name for p in out.glob("*.docx")}
            if docs:
                manifest = json.loads((out / MANIFEST).read_text("utf-8"))
                listed = {name for names in manifest["runs"].values() for name in names}
                assert docs <= listed, (moment, sorted(docs - listed)[:3])
    assert endings == [130] * 10
