"""The standard catalogue (标准目录) as data: items, their content elements and deadlines.

Catalogues are JSON files validated by ``schemas/catalogue.schema.json``. Two are built in:
``yimei`` (seed 001, the 13 items of the national guide) and ``wanyuan`` (§4.3 of the
万源 standard). A slip's 公开事项 names an item as ``一级事项/二级事项``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ...resources import data_path, load_schema
from ...types import FupinError
from ..calendar.workdays import WorkdayCalendar

BUILTIN = ("yimei", "wanyuan")
GENERAL_DEADLINE_DAYS = 3  # §6.1


@dataclass(frozen=True)
class Deadline:
    """A parsed 公开时限."""

    text: str
    kind: str  # "workdays" | "year_end"
    days: int = 0
    trigger: str = "信息形成（变更）"

    def due(self, start: dt.date, calendar: WorkdayCalendar) -> dt.date:
        if self.kind == "year_end":
            return calendar.last_workday_of_year(start.year)
        return calendar.add_workdays(start, self.days)


_WORKDAYS_RE = re.compile(r"^(?P<trigger>.*?)(?P<days>\d+)个工作日(?:内)?")


def parse_deadline(text: str) -> Deadline | None:
    """Parse texts such as 信息形成（变更）20个工作日内 or 每年底前集中公布1次当年情况."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    if not folded:
        return None
    m = _WORKDAYS_RE.match(folded)
    if m:
        trigger = m.group("trigger").strip() or "信息形成（变更）"
        trigger = trigger.replace("(", "（").replace(")", "）")
        return Deadline(text=text, kind="workdays", days=int(m.group("days")), trigger=trigger)
    if re.search(r"(每年|年)底前|年末前|每年.*12月31日前", folded):
        return Deadline(text=text, kind="year_end")
    return None


@dataclass(frozen=True)
class Item:
    no: int
    level1: str
    level2: str
    elements: tuple[str, ...]
    basis: str
    deadline_text: str
    publisher: str
    channels: tuple[str, ...]
    audiences: tuple[str, ...]
    modes: tuple[str, ...]
    levels: tuple[str, ...]
    applicable: bool = True
    not_applicable_reason: str = ""
    clause: str = ""
    annual: bool = False

    @property
    def label(self) -> str:
        return f"{self.level1}/{self.level2}"

    @property
    def deadline(self) -> Deadline | None:
        return parse_deadline(self.deadline_text)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Item:
        return cls(
            no=int(d["no"]),
            level1=d["level1"],
            level2=d["level2"],
            elements=tuple(d.get("elements", [])),
            basis=d.get("basis", ""),
            deadline_text=d.get("deadline", ""),
            publisher=d.get("publisher", ""),
            channels=tuple(d.get("channels", [])),
            audiences=tuple(d.get("audiences", [])),
            modes=tuple(d.get("modes", [])),
            levels=tuple(d.get("levels", [])),
            applicable=bool(d.get("applicable", True)),
            not_applicable_reason=d.get("not_applicable_reason", "") or "",
            clause=d.get("clause", "") or "",
            annual=bool(d.get("annual", False)),
        )


@dataclass(frozen=True)
class Catalogue:
    id: str
    title: str
    unit: str
    source: str
    level_columns: tuple[str, ...]
    channels: tuple[str, ...]
    audiences: tuple[str, ...]
    modes: tuple[str, ...]
    items: tuple[Item, ...]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Catalogue:
        return cls(
            id=d.get("id", ""),
            title=d.get("title", ""),
            unit=d.get("unit", ""),
            source=d.get("source", ""),
            level_columns=tuple(d.get("level_columns", [])),
            channels=tuple(d.get("channels", [])),
            audiences=tuple(d.get("audiences", [])),
            modes=tuple(d.get("modes", [])),
            items=tuple(Item.from_dict(i) for i in d.get("items", [])),
        )

    def find(self, label: str) -> Item | None:
        key = _fold_label(label)
        for item in self.items:
            if _fold_label(item.label) == key:
                return item
        # a bare 二级事项 is accepted when it is unambiguous
        matches = [i for i in self.items if _fold_label(i.level2) == key]
        return matches[0] if len(matches) == 1 else None


def _fold_label(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", s).replace("／", "/").replace("-", "/")


def load_catalogue_file(path: Path) -> Catalogue:

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FupinError(f"找不到目录文件：{path}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FupinError(f"目录文件 {path.name} 不是有效的 UTF-8 JSON：{exc}") from exc
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(load_schema("catalogue")).iter_errors(data))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path)
        raise FupinError(f"目录文件 {path.name} 不符合目录格式（{where}）：{first.message}")
    return Catalogue.from_dict(data)


@cache
def builtin_catalogue(name: str) -> Catalogue:
    if name not in BUILTIN:
        raise FupinError(f"没有名为「{name}」的内置目录；可选：{'、'.join(BUILTIN)}")
    return load_catalogue_file(data_path("catalogues", f"{name}.json"))


class ItemIndex:
    """All items a slip may name: the built-in catalogues, or the ones given."""

    def __init__(self, catalogues: list[Catalogue]) -> None:
        self.catalogues = catalogues
        self._found: dict[str, tuple[Catalogue, Item] | None] = {}  # batches repeat labels

    @classmethod
    def default(cls) -> ItemIndex:
        return cls([builtin_catalogue(n) for n in BUILTIN])

    def find(self, label: str) -> tuple[Catalogue, Item] | None:
        if label in self._found:
            return self._found[label]
        result = None
        for cat in self.catalogues:
            item = cat.find(label)
            if item is not None:
                result = cat, item
                break
        if len(self._found) < 10_000:
            self._found[label] = result
        return result

    def labels(self) -> list[str]:
        return [i.label for c in self.catalogues for i in c.items if i.applicable]
