"""The progress line for long batches: only on a terminal, never under --quiet or --json."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.outputs.progress import ProgressLine, progress_for


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_not_quiet() -> None:
    assert progress_for(False, False, Tty()) is not None
    assert progress_for(True, False, Tty()) is None
    assert progress_for(False, True, Tty()) is None
    assert progress_for(False, False, io.StringIO()) is None


def test_progress_waits_then_redraws_in_place() -> None:
    now = [0.0]
    out = Tty()
    line = ProgressLine(out, delay=2.0, interval=0.5, clock=lambda: now[0])
    line(10)
    now[0] = 1.0
    line(500)
    assert out.getvalue() == ""  # short batches show nothing
    now[0] = 2.0
    line(1000)
    now[0] = 2.1
    line(1050)  # within the redraw interval
    now[0] = 3.0
    line(1500)
    line.close()
    assert out.getvalue() == ("\r已处理 1000 行（500 行/秒）\r已处理 1500 行（500 行/秒）"
                              "\r已处理 1500 行（500 行/秒）\n")


def test_short_run_leaves_no_trace() -> None:
    out = Tty()
    line = ProgressLine(out)
    line(1)
    line.close()
    assert out.getvalue() == ""


def test_slips_command_prints_no_progress_when_not_a_terminal(tmp_path: Path,
                                                              samples: Path) -> None:
    result = CliRunner().invoke(cli, ["slips", str(samples / "处理单.xlsx"),
                                      "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    assert "已处理" not in result.output
    assert result.output.lstrip().startswith("{")
