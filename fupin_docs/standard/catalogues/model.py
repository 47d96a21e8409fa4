"""The standard catalogue (标准目录) as data: items, their content elements and deadlines.

Catalogues are JSON files validated by ``schemas/catalogue.schema.json``. Two are built in:
``yimei`` (seed 001, the 13 items of the national guide) and ``wanyuan`` (§4.3 of the
万源 standard). A slip's 公开事项 names an item as ``一级事项/二级事项``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...inputs.validate import fast_validator
from ...resources import data_path, load_schema
from ...types import FupinError, read_json
from .deadlines import Deadline, parse_deadline

if TYPE_CHECKING:
    from jsonschema import ValidationError

__all__ = ["BUILTIN", "GENERAL_DEADLINE_DAYS", "Catalogue", "Deadline", "Item", "ItemIndex",
           "builtin_catalogue", "load_catalogue_file", "parse_deadline"]

BUILTIN = ("yimei", "wanyuan")
GENERAL_DEADLINE_DAYS = 3  # §6.1


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
    # the parsed 公开时限 as an imported catalogue stores it; None: parse deadline_text
    deadline_rule: tuple[tuple[str, Any], ...] | None = None

    @property
    def label(self) -> str:
        return f"{self.level1}/{self.level2}"

    @functools.cached_property
    def deadline(self) -> Deadline | None:  # the item is frozen: parsed once
        if self.deadline_rule is not None:
            return Deadline.from_rule(self.deadline_text, dict(self.deadline_rule))
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
            deadline_rule=tuple(sorted(d["deadline_rule"].items()))
            if isinstance(d.get("deadline_rule"), dict) else None,
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
    area: str = ""  # 领域, e.g. 社会救助 (imported catalogues)

    @property
    def name(self) -> str:
        """How check results name it: 伊美区标准目录, 盖州市民政局社会救助领域标准目录."""
        return f"{self.unit}{self.area + '领域' if self.area else ''}标准目录"

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
            area=d.get("area", "") or "",
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
        data = read_json(path, f"目录文件 {path.name}")
    except FileNotFoundError as exc:
        raise FupinError(f"找不到目录文件：{path}") from exc
    validate_catalogue(data, path.name)
    return Catalogue.from_dict(data)


def validate_catalogue(data: Any, name: str) -> None:
    """Raise a Chinese FupinError naming the first place ``data`` breaks the catalogue schema."""
    if not isinstance(data, dict) or "items" not in data:
        raise FupinError(f"{name} 不是目录文件（没有事项清单 items）；目录文件由 fupin-docs import-catalogue "
                         "从发布的目录表格生成，也可以直接给出发布的表格")
    schema = load_schema("catalogue")
    fast = fast_validator(schema)  # a valid catalogue (the built-in ones: every run) is
    if fast is not None:           # checked without importing jsonschema
        try:
            fast(data)
            return
        except Exception:
            pass
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(schema).iter_errors(data))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path)
        raise FupinError(f"目录文件 {name} 不符合目录格式（{where}）：{_schema_message(first)}")


_TYPE_NAMES = {"string": "文字", "array": "列表", "object": "对象", "integer": "整数", "number": "数字",
               "boolean": "true 或 false", "null": "null"}


def _schema_message(err: ValidationError) -> str:
    """The first schema violation in Chinese (jsonschema's own messages are English)."""
    v, arg = str(err.validator), err.validator_value
    if v == "required":
        missing = [k for k in arg if isinstance(err.instance, dict) and k not in err.instance]
        return f"缺少 {'、'.join(missing) or arg}"
    if v == "type":
        kinds = arg if isinstance(arg, list) else [arg]
        return f"应为{'或'.join(_TYPE_NAMES.get(str(k), str(k)) for k in kinds)}"
    if v == "enum":
        return f"应为其中之一：{'、'.join(str(x) for x in arg)}"
    if v in ("minItems", "minLength"):
        return "不能为空"
    if v == "additionalProperties":
        return "含有目录格式中没有的字段"
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"数值超出范围（{err.instance}）"
    if v == "pattern":
        return f"「{err.instance}」格式不正确"
    return "取值不符合目录格式"


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

    def channels(self) -> list[str]:
        """Every channel of the catalogues' check lists, in their order (the built-ins': the
        national list; an imported table's: its own, e.g. 公示栏, 入户现场)."""
        return list(dict.fromkeys(ch for c in self.catalogues for ch in c.channels))

    def labels(self) -> list[str]:
        return [i.label for c in self.catalogues for i in c.items if i.applicable]
