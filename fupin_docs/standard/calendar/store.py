"""Installed calendars: the holiday notices a clerk keeps for later runs.

``fupin-docs calendar install`` writes ``<user data dir>/calendars/YYYY.json`` (the
:class:`~.notice.HolidayCalendar` file format); every later run picks them up, so no command
needs ``--calendar`` for a year the clerk has installed. The user data directory is the
platform's (platformdirs: ``~/.local/share/fupin-docs`` on Linux, ``%LOCALAPPDATA%\\fupin-docs``
on Windows) unless ``FUPIN_DOCS_DATA_DIR`` names another folder (tests, a shared office drive).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import chinese_calendar.constants
import platformdirs

from ...types import FupinError, json_error_cn, os_error_cn, replace_file
from .notice import HolidayCalendar

DATA_DIR_ENV = "FUPIN_DOCS_DATA_DIR"
APP_NAME = "fupin-docs"
BUILTIN_SOURCE = "chinesecalendar"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def calendars_dir() -> Path:
    return data_dir() / "calendars"


def calendar_path(year: int) -> Path:
    return calendars_dir() / f"{year}.json"


def install(cal: HolidayCalendar) -> Path:
    """Keep ``cal`` as the installed calendar of its year (replacing an earlier one)."""
    target = calendar_path(cal.year)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".~{target.name}.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(cal.dumps())
            replace_file(tmp, target)  # Windows: retried while WPS/antivirus holds it
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise FupinError(f"无法保存工作日历到 {target}（{os_error_cn(exc)}）") from exc
    _cache.clear()
    return target


def uninstall(year: int) -> bool:
    path = calendar_path(year)
    if not path.is_file():
        return False
    path.unlink()
    _cache.clear()
    return True


_cache: dict[tuple[str, tuple[tuple[str, int, int], ...]], dict[int, HolidayCalendar]] = {}


def installed() -> dict[int, HolidayCalendar]:
    """Every installed calendar by year (read once per change of the folder)."""
    folder = calendars_dir()
    try:
        files = sorted(p for p in folder.glob("*.json") if p.is_file())
        key = (str(folder), tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    except OSError:
        return {}
    cached = _cache.get(key)
    if cached is not None:
        return cached
    result: dict[int, HolidayCalendar] = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            why = (os_error_cn(exc) if isinstance(exc, OSError)
                   else json_error_cn(exc) if isinstance(exc, json.JSONDecodeError)
                   else "不是 UTF-8 编码")
            raise FupinError(f"已安装的工作日历 {path} 无法读取（{why}）；请删除它后重新运行 "
                             "fupin-docs calendar install") from exc
        cal = HolidayCalendar.from_json(data, f"已安装的工作日历 {path}")
        result[cal.year] = cal
    _cache.clear()
    _cache[key] = result
    return result


def builtin_years() -> range:
    """The years chinesecalendar knows."""
    days = chinese_calendar.constants.holidays
    return range(min(days).year, max(days).year + 1)


@dataclass(frozen=True)
class KnownYear:
    year: int
    source: str  # "chinesecalendar" or the installed notice's title
    path: Path | None = None  # the installed file


def known_years() -> list[KnownYear]:
    """Every year a deadline can be counted in, and where its holidays come from."""
    found = {y: KnownYear(y, BUILTIN_SOURCE) for y in builtin_years()}
    for year, cal in installed().items():
        found[year] = KnownYear(year, cal.source or "已安装的工作日历", calendar_path(year))
    return [found[y] for y in sorted(found)]

