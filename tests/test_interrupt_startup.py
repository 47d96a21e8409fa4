"""Ctrl-C before the command's own handler runs (the imports at start-up, click's parsing):
one Chinese line and exit code 130, never a traceback (SIGTERM: 143)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import click
import pytest

from fupin_docs.app import entry
from fupin_docs.app.cli import cli

ROOT = Path(__file__).resolve().parent.parent

# The child blocks inside the first import of click (which the command line needs at
# start-up) until the test sends it a real SIGINT: the interrupt lands in the imports, each run.
CHILD = textwrap.dedent("""
    import importlib.abc, sys, time

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "click":
                sys.meta_path.remove(self)
                sys.stdout.write("importing\\n")
                sys.stdout.flush()
                time.sleep(60)  # the SIGINT (or SIGTERM) ends this
            return None

    sys.meta_path.insert(0, Block())
    sys.argv = ["fupin-docs", "slips", "没有.xlsx", "-o", "out"]
    from fupin_docs.app.entry import main
    main()
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("sig", "code", "says"), [(signal.SIGINT, 130, "已中断"),
                                                   (signal.SIGTERM, 143, "已终止")],
                         ids=["SIGINT", "SIGTERM"])
def test_interrupt_during_startup_imports_is_one_chinese_line(
        tmp_path: Path, sig: signal.Signals, code: int, says: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", CHILD], cwd=str(tmp_path), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"importing\n"  # the command line is being imported
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    stderr = err.decode("utf-8", "replace")
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.strip().startswith(says), stderr
    assert not (tmp_path / "out").exists()


def test_the_entry_point_is_the_guarded_wrapper() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'fupin-docs = "fupin_docs.app.entry:main"' in text
    main_py = (ROOT / "fupin_docs" / "__main__.py").read_text(encoding="utf-8")
    assert "from .app.entry import main" in main_py


def _raises(exc: BaseException) -> Any:
    def run() -> None:
        raise exc

    return run


@pytest.mark.parametrize(("exc", "code", "says"), [
    (KeyboardInterrupt(), 130, entry.INTERRUPTED),
    (entry.Terminated(), 143, entry.TERMINATED),
])
def test_guarded_turns_an_interrupt_into_exit_code_and_chinese_line(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        exc: BaseException, code: int, says: str) -> None:
    monkeypatch.setattr(signal, "signal", lambda *a: None)  # leave the test run's handlers alone
    with pytest.raises(SystemExit) as done:
        entry.guarded(_raises(exc))
    assert done.value.code == code
    assert capsys.readouterr().err.strip() == says


def test_guarded_leaves_exits_and_normal_returns_alone(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        entry.guarded(_raises(SystemExit(2)))
    assert done.value.code == 2
    ran: list[int] = []
    entry.guarded(lambda: ran.append(1))
    assert ran == [1] and capsys.readouterr().err == ""


def test_interrupt_while_click_parses_is_130_not_cancelled(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """click turns a Ctrl-C inside its main into Abort (exit 1, 已取消): it is an interrupt."""
    def interrupted(*args: Any, **kwargs: Any) -> click.Context:
        raise KeyboardInterrupt

    monkeypatch.setattr(type(cli), "make_context", interrupted)
    monkeypatch.setattr(signal, "signal", lambda *a: None)
    with pytest.raises(SystemExit) as done:
        entry.guarded(lambda: cli.main(["slips", "x.xlsx", "-o", "out"], prog_name="fupin-docs"))
    assert done.value.code == 130
    err = capsys.readouterr().err
    assert entry.INTERRUPTED in err and "已取消" not in err
