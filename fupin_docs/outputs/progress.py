"""A one-line progress display on stderr for long batches.

Shown only when stderr is a terminal, never under --quiet or --json, and only once a batch
has run for a couple of seconds, so short runs and scripts see nothing. Rows are counted as
they stream past, so the line shows the count and the rate, not a percentage.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class ProgressLine:
    """Callable for RunOptions.progress: redraws "已处理 N 行（R 行/秒）" in place."""

    def __init__(self, stream: TextIO, *, delay: float = 2.0, interval: float = 0.5,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.start = clock()
        self.last_draw: float | None = None
        self.count = 0

    def __call__(self, n: int) -> None:
        self.count = n
        now = self.clock()
        if now - self.start < self.delay:
            return
        if self.last_draw is not None and now - self.last_draw < self.interval:
            return
        self.last_draw = now
        self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.count / max(now - self.start, 1e-9)
        self.stream.write(f"\r已处理 {self.count} 行（{rate:.0f} 行/秒）")
        self.stream.flush()

    def close(self) -> None:
        if self.last_draw is not None:
            self._draw(self.clock())
            self.stream.write("\n")
            self.stream.flush()


def progress_for(quiet: bool, as_json: bool, stream: TextIO | None = None) -> ProgressLine | None:
    """A progress line on ``stream`` (stderr), or None when it should stay quiet."""
    stream = stream if stream is not None else sys.stderr
    if quiet or as_json or not stream.isatty():
        return None
    return ProgressLine(stream)
