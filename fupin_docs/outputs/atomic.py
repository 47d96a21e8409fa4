"""Write files atomically: a temporary file in the same folder, then one rename."""

from __future__ import annotations

import contextlib
import os
import random
import secrets
from collections.abc import Iterator
from pathlib import Path

# the rename with Windows' lock retries lives at the bottom (standard/ uses it too)
from ..types import REPLACE_RETRIES, FileInUseError, is_windows, replace_file

__all__ = ["REPLACE_RETRIES", "FileInUseError", "atomic_path", "is_windows", "replace_file",
           "write_bytes_atomic", "write_text_atomic"]


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    names: list[str] = []  # the temp file's name, known before it exists (a signal between
    try:  # its creation and this try would leave it behind)
        tmp = Path(_create_temp(target, names))
        yield tmp
        replace_file(tmp, target)
    finally:
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)


def _create_temp(target: Path, names: list[str]) -> str:
    """An empty ``.~XXXX<suffix>.part`` file beside ``target``, created exclusively with mode
    0o666 so the umask gives it the permissions of any new file (mkstemp would give 0600,
    and reading the umask means changing it, which races with other threads). Its name is
    put in ``names`` before it is created, for the caller to remove whatever happens."""
    while True:
        tmp = os.path.join(target.parent, f".~{secrets.token_hex(6)}{target.suffix}.part")
        names.append(tmp)
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return tmp
        except FileExistsError:  # pragma: no cover - 48 random bits
            names.pop()  # somebody else's file
            continue


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """The same temp file + rename as atomic_path, with fewer system calls (this runs
    once per document in a batch: open, write, close, rename): the temp file is created
    with mode 0o666, which the umask reduces as for any new file (no chmod, no umask
    read), and written through the descriptor that created it; the folder is made only
    when the open says it is missing; the temporary name's random part comes from the
    process's generator (O_EXCL makes a clash a retry, never an overwrite), not from a
    getrandom() call per file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    folder = os.fspath(target.parent)
    tmp = ""  # set before the file exists: a signal right after its creation still removes it
    try:
        while True:
            tmp = os.path.join(folder, f".~{random.getrandbits(48):012x}{target.suffix}.part")
            try:
                fd = os.open(tmp, flags, 0o666)
                break
            except FileExistsError:  # pragma: no cover - 48 random bits
                tmp = ""  # somebody else's file
                continue
            except FileNotFoundError:
                tmp = ""
                if target.parent.is_dir():
                    raise
                target.parent.mkdir(parents=True, exist_ok=True)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        replace_file(tmp, target)
    except BaseException:
        if tmp:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))
