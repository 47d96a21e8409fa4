"""The `fupin-docs` entry point: a Ctrl-C (or SIGTERM) at any moment is one Chinese line.

The command's own handler (app/cli.py, FupinGroup.invoke) covers the work; this wrapper covers
the rest: the imports at start-up (a second or more before any command runs), click's option
parsing, and the way out. It imports the command line only inside ``main`` so that the
interrupt of a slow start-up lands in its ``try``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

INTERRUPTED = "已中断：未完成的文件没有留下；重新运行即可。"
TERMINATED = "已终止（收到结束信号）：未完成的文件没有留下；重新运行即可。"


class Terminated(KeyboardInterrupt):
    """SIGTERM (``timeout``, a task manager, a service stop): unwinds like Ctrl-C, so every
    temporary file is removed on the way out, and exits 143 (128 + 15)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def handle_sigterm() -> None:
    """SIGTERM raises :class:`Terminated` in the main thread (Windows has SIGTERM too, only
    raised from inside the process, so this is harmless there)."""
    signal.signal(signal.SIGTERM, _terminate)


def _redeliver_swallowed_interrupt(unraisable: Any) -> None:
    """sys.unraisablehook: a Ctrl-C (or SIGTERM) whose KeyboardInterrupt was raised inside a
    weakref callback or ``__del__`` (the import system runs such callbacks while a module
    loads) is "ignored" by Python: an English "Exception ignored in" message, and the run
    goes on to the end as if no key had been pressed. Send the signal again from another
    thread, so that it is raised in the command's own code; say nothing. Any other unraisable error goes to Python's usual hook."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        signum = signal.SIGTERM if isinstance(unraisable.exc_value, Terminated) else signal.SIGINT
        # a moment later (this hook must have returned, or the signal is raised in it)
        again = threading.Timer(0.05, _raise_again, args=(signum,))
        again.daemon = True
        again.start()
        return
    sys.__unraisablehook__(unraisable)


def _raise_again(signum: int) -> None:
    """The signal once more, for the main thread. On Windows os.kill with SIGINT or SIGTERM is
    TerminateProcess (no clean-up, exit code 2): there the interrupt is raised in the main
    thread instead (as KeyboardInterrupt, also for a swallowed SIGTERM)."""
    if os.name == "posix":
        os.kill(os.getpid(), signum)
    else:  # pragma: no cover - Windows
        import _thread

        _thread.interrupt_main()


def forget_caught_interrupt() -> None:
    """Make a caught Ctrl-C exit with our code, not as "killed by SIGINT" (status -2).

    CPython (seen with 3.11) remembers in a C global that a KeyboardInterrupt escaped code run by
    ``exec``/``eval`` of a *string* (dataclasses, namedtuple and others do that while a
    module is imported or a class is made); under ``python -m`` that global, not our exit
    code, decides at exit: the process kills itself with SIGINT although the interrupt was
    caught and 130 was asked for. Running a string through ``exec`` again resets the global;
    call this once the interrupt has been caught, just before leaving."""
    exec("", {})  # an empty, constant string: see the doc above


def _cli_main() -> None:
    from .cli import main as cli_main  # inside the try of guarded(): see the module's doc

    cli_main()


def guarded(run: Callable[[], None]) -> None:
    """Run ``run``; an interrupt that reaches here exits 130 (143 for SIGTERM) with a Chinese
    line on stderr, never a traceback. Exits (SystemExit) pass through unchanged."""
    try:
        run()
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, Terminated)
        # a second Ctrl-C while leaving must not print a traceback either
        with contextlib.suppress(ValueError, OSError):  # not the main thread; no console
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        with contextlib.suppress(Exception):  # stderr closed or not encodable: exit anyway
            sys.stderr.write(f"\n{TERMINATED if terminated else INTERRUPTED}\n")
            sys.stderr.flush()
        forget_caught_interrupt()
        sys.exit(143 if terminated else 130)


def main() -> None:
    if "--multiprocessing-fork" not in sys.argv:  # a frozen .exe's worker: as before, no handler
        handle_sigterm()
        sys.unraisablehook = _redeliver_swallowed_interrupt
    guarded(_cli_main)
