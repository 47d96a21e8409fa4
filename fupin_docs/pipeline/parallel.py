"""Render and write documents in worker processes (``--jobs N``).

The parent keeps reading, validating and building contexts one row at a time (the report
stays in one place and in row order); each worker holds its own prepared
:class:`~fupin_docs.render.docx.DocxRenderer` and renders and atomically writes what it is
sent, in batches (one pickled message per ``BATCH`` documents, not per document). Queues are
bounded, so memory stays flat. A document's file name decides its worker, so two rows with
the same file name are written in row order by the same worker, exactly as one process
would: the files do not depend on the number of jobs.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue
import signal
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..outputs.atomic import write_bytes_atomic
from ..render.docprops import DocProperties
from ..render.docx import DocxRenderer
from ..types import FupinError, os_error_message

BATCH = 32  # documents per message
QUEUE_SIZE = 4  # batches waiting per worker
MIN_ROWS = 300  # rows rendered in the parent before workers are started


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Ctrl-C held back while the worker processes are created, and delivered after.

    SIGINT is blocked in this thread: a child inherits the blocked mask, so Ctrl-C pressed
    while a worker is still importing or unpickling stays pending in it (it cannot print a
    KeyboardInterrupt traceback from there) until the worker ignores it, which discards it;
    the parent alone reacts and stops the workers. In the parent the interrupt is not lost
    (ignoring it here lost a Ctrl-C that came in this window: the run went on to the end):
    one delivered to another thread is noted and raised here once the workers exist, one
    kept pending by the mask arrives when it is lifted. (No-op on Windows, where nothing is
    inherited, and outside the main thread, which alone may set handlers.)"""
    if (threading.current_thread() is not threading.main_thread()
            or not hasattr(signal, "pthread_sigmask")):
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending one: `previous`
    if caught and callable(previous):
        previous(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(1)  # unwinds through write_bytes_atomic, which removes its temp file


def _docx_writer(template: str, properties: DocProperties | None = None) -> tuple[Any, Any]:
    """The slip worker's job: render ``context`` with the template, write it to ``target``."""

    renderer = DocxRenderer(Path(template), properties=properties)

    def write(target: str, context: dict[str, Any]) -> None:
        write_bytes_atomic(Path(target), renderer.render(context))

    return write, renderer.stats


def _worker(template: str, inbox: Any, outbox: Any, make_writer: Any = _docx_writer,
            properties: DocProperties | None = None) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and stops the workers with
    # SIGTERM, which ends the current write cleanly (no half-written temporary file left);
    # SIGINT came blocked from the parent (_sigint_held): ignoring it discards a pending one
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    try:
        write, stats = make_writer(template, properties)
        while True:
            batch = inbox.get()
            if batch is None:
                break
            for target, context in batch:
                write(target, context)
        outbox.put(("done", getattr(stats, "fast", 0), getattr(stats, "fallback", 0)))
    except FupinError as exc:
        outbox.put(("error", str(exc)))
    except OSError as exc:  # disk full, no permission: a message for the clerk, not a crash
        outbox.put(("error", os_error_message(exc)))
    except BaseException as exc:  # reported to the parent, which raises
        outbox.put(("crash", f"{type(exc).__name__}: {exc}"))


class ParallelRenderer:
    """``jobs`` worker processes rendering one template; use as a context manager."""

    def __init__(self, template: Path, jobs: int, make_writer: Any = _docx_writer,
                 batch: int = BATCH, properties: DocProperties | None = None) -> None:
        """``make_writer(template, properties)`` runs in each worker and returns
        ``(write, stats)`` (``properties``: the batch's document properties):
        ``write(target, context)`` makes one file (a module-level function: it is pickled)."""
        ctx = mp.get_context("spawn")  # no fork: the parent may run other threads (web jobs)
        self.batch = batch
        self.outbox: Any = ctx.Queue()
        self.inboxes: list[Any] = [ctx.Queue(QUEUE_SIZE) for _ in range(jobs)]
        self.pending: list[list[tuple[str, dict[str, Any]]]] = [[] for _ in range(jobs)]
        self.procs = [ctx.Process(target=_worker, args=(str(template), q, self.outbox,
                                                        make_writer, properties),
                                  daemon=True, name=f"fupin-render-{i}")
                      for i, q in enumerate(self.inboxes)]
        try:
            with _sigint_held():  # inherited: Ctrl-C cannot reach a worker before it ignores it
                for p in self.procs:
                    p.start()
        except BaseException:  # Ctrl-C held back while they started: stop the started ones
            self._terminate()
            raise
        self.finished = 0
        self.fast = 0
        self.fallback = 0

    def submit(self, target: Path, context: dict[str, Any]) -> None:
        i = zlib.crc32(target.name.encode("utf-8")) % len(self.inboxes)
        self.pending[i].append((str(target), context))
        if len(self.pending[i]) >= self.batch:
            self._send(i, self.pending[i])
            self.pending[i] = []

    def _send(self, i: int, item: Any) -> None:
        while True:
            self._check()
            try:
                self.inboxes[i].put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def _check(self, block: bool = False) -> None:
        """Raise the first error a worker reported."""
        while True:
            try:
                msg = self.outbox.get(block=block, timeout=1.0 if block else None)
            except queue.Empty:
                if block and not any(p.is_alive() for p in self.procs):
                    raise FupinError("生成文档的子进程意外退出") from None
                return
            if msg[0] == "done":
                self.finished += 1
                self.fast += msg[1]
                self.fallback += msg[2]
                if block:
                    return
                continue
            self._terminate()
            if msg[0] == "error":
                raise FupinError(msg[1])
            raise RuntimeError(f"render worker failed: {msg[1]}")

    def close(self) -> None:
        """Wait until every document has been written; raise a worker's error if any."""
        for i, batch in enumerate(self.pending):
            if batch:
                self._send(i, batch)
            self.pending[i] = []
        for i in range(len(self.inboxes)):
            self._send(i, None)
        while self.finished < len(self.procs):
            self._check(block=True)
        for p in self.procs:
            p.join()

    def _terminate(self) -> None:
        # queued batches are abandoned: don't let interpreter exit wait to flush them into
        # pipes nobody reads any more (that hung the process after Ctrl-C)
        for q in (*self.inboxes, self.outbox):
            q.cancel_join_thread()
        started = [p for p in self.procs if p.pid is not None]
        for p in started:
            if p.is_alive():
                p.terminate()
        for p in started:
            p.join(timeout=10)
            if p.is_alive():  # pragma: no cover - a worker stuck in I/O
                p.kill()
                p.join()

    def __enter__(self) -> ParallelRenderer:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None:
            self._terminate()
