"""标准目录 (standard catalogue): one catalogue per unit, adapted from a built-in one.

Input: a units workbook (``schemas/catalogue_units.schema.json``, sheet 单位: one row per
unit with its level column names, publisher names and year) and optional adaptations
(``schemas/catalogue_adapt.schema.json``, sheet 调整: modify an item or every item, mark
an item 不适用 with a reason, or add an item such as 防止返贫监测).

For each unit: base catalogue -> rename levels, substitute publishers -> apply the
adaptations in sheet order -> cross-checks (every standard item present or 不适用 with a
reason; every row has its mandatory elements; levels among the unit's columns; deadlines
the toolkit can compute) -> .xlsx and .docx, plus a sheet in the combined workbook.
Every problem is reported at the cell that caused it: the adaptation row that changed a
field, or the unit row when the field comes from the base catalogue.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from ...inputs.validate import SchemaChecker, make_record, with_more_choices
from ...inputs.workbook import Table, open_table
from ...outputs.folder import REPORT_JSON, REPORT_XLSX
from ...outputs.report import Report
from ...resources import load_schema
from ...standard.calendar.workdays import (
    UNKNOWN_YEAR_CODE,
    UnknownYearError,
    WorkdayCalendar,
    unknown_year_message,
)
from ...standard.catalogues.model import (
    BUILTIN,
    Catalogue,
    Deadline,
    Item,
    _fold_label,
    builtin_catalogue,
)
from ...standard.profile import DEFAULT as DEFAULT_PROFILE
from ...standard.profile import Profile
from ...standard.rules import register_titles
from ...types import Issue, Record

UNITS = "catalogue_units"
ADAPT = "catalogue_adapt"
UNITS_SCHEMA = load_schema(UNITS)
ADAPT_SCHEMA = load_schema(ADAPT)
UNITS_SHEET: str = UNITS_SCHEMA["x-sheet"]
ADAPT_SHEET: str = ADAPT_SCHEMA["x-sheet"]
ALL_ITEMS = ("全部事项", "全部")
SUMMARY_SHEET = "汇总"
LABEL = "标准目录"
TEMPLATE = "catalogue.docx"  # the Word template (--template-dir looks for this name)

# Where the rules come from. 标准指引 = seed 001 (伊美区 notice with the national guide's
# catalogue): 三（一） lists the items, 三（二） the elements every row states.
CL_ITEMS = "标准指引三（一）"
CL_ELEMENTS = "标准指引三（二）"
CL_DEADLINE = "第6.1条"
CL_YEAR = "第6.2条"
CL_PUBLISHER = "第3.1条"
CL_CHANNELS = "第7.1条"

# rule id -> (clause, what it checks); every issue this kind reports uses one of these
RULES: dict[str, tuple[str, str]] = {
    "catalogue.items.present": (CL_ITEMS, "每个标准事项都在目录中，或标明不适用"),
    "catalogue.not_applicable.reason": (CL_ITEMS, "不适用的事项须写明理由"),
    "catalogue.row.elements": (CL_ELEMENTS, "每行至少一项公开内容（要素）"),
    "catalogue.row.basis": (CL_ELEMENTS, "每行须有公开依据"),
    "catalogue.row.deadline": (CL_ELEMENTS, "每行须有公开时限"),
    "catalogue.row.publisher": (CL_ELEMENTS, "每行须有公开主体"),
    "catalogue.row.channels": (CL_ELEMENTS, "每行至少勾选一个公开渠道和载体"),
    "catalogue.row.audiences": (CL_ELEMENTS, "每行至少一个公开对象"),
    "catalogue.row.modes": (CL_ELEMENTS, "每行至少一个公开方式"),
    "catalogue.row.levels": (CL_ELEMENTS, "每行至少一个公开层级"),
    "catalogue.row.levels_known": (CL_ELEMENTS, "公开层级须是本单位的层级栏目"),
    "catalogue.row.deadline_computable": (CL_DEADLINE, "公开时限须能按工作日或年底计算"),
    "catalogue.unit.unique": (CL_ITEMS, "单位名称在批次内唯一"),
    "catalogue.unit.year": (CL_YEAR, "目录按年度更新，须有年度且与 --year 一致"),
    UNKNOWN_YEAR_CODE: (CL_DEADLINE, "目录年度的节假日安排已提供（否则时限未核对）"),
    "catalogue.unit.levels_distinct": (CL_ELEMENTS, "两个公开层级栏目不能同名"),
    "catalogue.unit.levels_required": (CL_ELEMENTS, "以内置目录为基础时须填写两个公开层级栏目"),
    "catalogue.unit.levels_base": (CL_ELEMENTS, "改名的层级栏目数不超过基础目录的层级栏目数"),
    "catalogue.unit.base": (CL_ITEMS, "基础目录须是内置目录或 --catalogue 导入的目录之一"),
    "catalogue.unit.publishers": (CL_PUBLISHER, "公开主体名称写本单位全称（按本级的公开主体替换）"
                                  "或 原名称=本单位名称"),
    "catalogue.adapt.unit_known": (CL_ITEMS, "调整的单位须在单位清单中"),
    "catalogue.adapt.item_known": (CL_ITEMS, "修改、不适用的事项须在基础目录中"),
    "catalogue.adapt.item_new": (CL_ITEMS, "新增事项写作 一级事项/二级事项 且不与已有事项重复"),
    "catalogue.adapt.channel_known": (CL_CHANNELS, "渠道须在公开渠道和载体清单中"),
    "catalogue.adapt.empty": (CL_ITEMS, "修改行须至少填写一个栏目"),
}
register_titles({code: title for code, (_, title) in RULES.items()})

# adaptation columns that set an item field
ITEM_FIELDS = ("elements", "basis", "deadline", "publisher", "channels", "channels_add",
               "channels_remove", "audiences", "modes", "levels")
# item field -> Item attribute
ATTR = {"elements": "elements", "basis": "basis", "deadline": "deadline_text",
        "publisher": "publisher", "channels": "channels", "audiences": "audiences",
        "modes": "modes", "levels": "levels", "reason": "not_applicable_reason"}
FIELD_TITLES = {"elements": "公开内容（要素）", "basis": "公开依据", "deadline": "公开时限",
                "publisher": "公开主体", "channels": "公开渠道和载体", "audiences": "公开对象",
                "modes": "公开方式", "levels": "公开层级"}
_BULLETS = re.compile(r"^[·•・\-\s\u3000]+")
_PAIR_SEP = re.compile(r"[;；\n]+")


def bases() -> dict[str, str]:
    """基础目录 title (as written in the units sheet) -> built-in catalogue id."""
    return {builtin_catalogue(n).title: n for n in BUILTIN}


def base_names(imported: tuple[Catalogue, ...]) -> list[str]:
    """What the 基础目录 dropdown offers with --catalogue: each imported catalogue by its
    name (编制单位 + 领域 + 标准目录, e.g. 盖州市民政局社会救助领域标准目录), then the built-ins."""
    return list(dict.fromkeys([*(c.name for c in imported), *bases()]))


_BASE_ATTRS = {"title": "标题", "area": "领域", "unit": "编制单位", "id": "标识"}


def resolve_base(text: str, imported: tuple[Catalogue, ...]) -> tuple[Catalogue | None, str]:
    """The base catalogue a unit row names, or (None, the Chinese reason).

    An imported catalogue is named by its name (盖州市民政局社会救助领域标准目录), or by its
    title, 领域 (社会救助), 编制单位 or id when only one loaded catalogue has it; a built-in
    by its title. Empty: the one imported catalogue when only one is loaded."""
    key = _fold_label(text)
    choices = "、".join(base_names(imported))
    if not key:
        if len(imported) == 1:
            return imported[0], ""
        return None, f"--catalogue 载入了 {len(imported)} 份目录，请填写以哪份为基础：{choices}"
    for cat in imported:
        if _fold_label(cat.name) == key:
            return cat, ""
    for attr in ("title", "area", "unit", "id"):
        hits = [c for c in imported if _fold_label(str(getattr(c, attr))) == key]
        if len(hits) == 1:
            return hits[0], ""
        if len(hits) > 1:
            return None, (f"「{text}」同时是 {'、'.join(c.name for c in hits)} 的"
                          f"{_BASE_ATTRS[attr]}，请写目录名称：{choices}")
    builtin = bases().get(text)
    if builtin is not None:
        return builtin_catalogue(builtin), ""
    return None, f"「{text}」不是载入的目录，可选：{choices}"


def units_schema(imported: tuple[Catalogue, ...]) -> dict[str, Any]:
    """The units sheet's schema: with --catalogue, 基础目录 may name an imported catalogue
    (checked by ``resolve_base``, which also accepts its 领域 or 编制单位) and the level names
    are optional (an imported table keeps its own level columns unless renamed)."""
    if not imported:
        return UNITS_SCHEMA
    schema = copy.deepcopy(UNITS_SCHEMA)
    prop = schema["properties"]["base"]
    del prop["enum"]
    prop["description"] = (f"以哪份标准目录为基础：{'、'.join(base_names(imported))}；导入的目录也"
                           "可写其领域或编制单位；只载入一份目录时可不填。")
    schema["required"] = [r for r in schema["required"] if r not in ("level_1", "level_2")]
    for name in ("level_1", "level_2"):
        schema["properties"][name]["description"] += "以导入的目录为基础时可不填（用表格自己的层级栏目）。"
    return schema


def adapt_schema(imported: tuple[Catalogue, ...]) -> dict[str, Any]:
    """The adaptation sheet's schema: 公开对象 and 公开方式 also accept the imported tables' own
    words (特定群体, 依申请)."""
    schema = ADAPT_SCHEMA
    for name in ("audiences", "modes"):
        values = [v for c in imported for v in getattr(c, name)]
        schema = with_more_choices(schema, name, values, "；本县目录还有")
    return schema


def add_issue(rec: Record, rule: str, message: str, field_name: str | None,
              severity: str = "error") -> None:
    rec.issue(rule, message, field_name=field_name, clause=RULES[rule][0], severity=severity)


def parse_elements(text: str) -> tuple[str, ...]:
    """One element a line; a leading ·, •, - or blanks is dropped."""
    lines = (_BULLETS.sub("", line).strip() for line in text.split("\n"))
    return tuple(dict.fromkeys(line for line in lines if line))


def parse_levels(text: str, labels: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Split ``县级、乡、村级`` into the unit's labels (a label may itself contain 、).

    Returns (levels found, parts not recognised)."""
    found: list[str] = []
    unknown: list[str] = []
    by_length = sorted(labels, key=len, reverse=True)
    for part in re.split(r"[;；,，\n]+", text):
        rest = part.strip()
        while rest:
            rest = rest.lstrip("、 \u3000")
            if not rest:
                break
            hit = next((lb for lb in by_length if rest.startswith(lb)), None)
            if hit is None:
                token = rest.split("、", 1)
                unknown.append(token[0])
                rest = token[1] if len(token) > 1 else ""
                continue
            if hit not in found:
                found.append(hit)
            rest = rest[len(hit):]
    return found, unknown


# A bare unit name in 公开主体名称 is the publisher at its own level: what the base
# catalogue calls that level's publisher (the first one found in the base is replaced).
OWN_LEVEL_PUBLISHERS: dict[str, tuple[str, ...]] = {
    "county": ("县级扶贫部门", "万源市扶贫移民工作局"),
    "town": ("乡镇人民政府",),
}
LEVEL_CN = {"county": "县级", "town": "乡镇"}
_TOWN_NAME = re.compile(r"(?:镇|乡|街道)(?:人民政府|政府|办事处|党委|党工委|便民服务中心)?$")
_COUNTY_NAME = re.compile(r"[县区市旗]")
_NAME_SEP = re.compile(r"[、，,]+")


def unit_level(name: str) -> str | None:
    """``town`` for 岳家镇人民政府 / 石窝乡 / 东城街道办事处, ``county`` for a county-level
    body (平昌县乡村振兴局, 伊美区农业农村局, 万源市…), None when the name does not say."""
    name = name.strip()
    if _TOWN_NAME.search(name):
        return "town"
    if _COUNTY_NAME.search(name):
        return "county"
    return None


def own_level_pair(name: str, base: Catalogue) -> tuple[str, str] | None:
    """(the base's publisher for the level of ``name``, ``name``), or None when the level
    cannot be told from the name."""
    level = unit_level(name)
    if level is None:
        return None
    publishers = " ".join(item.publisher for item in base.items)
    for old in OWN_LEVEL_PUBLISHERS[level]:
        if old in publishers:
            return old, name
    return OWN_LEVEL_PUBLISHERS[level][0], name  # reported as a replacement without effect


def parse_publishers(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for part in _PAIR_SEP.split(text):
        part = part.strip()
        if not part:
            continue
        old, sep, new = part.replace("＝", "=").partition("=")
        if not sep:  # bare unit names (placed by own_level_pair), 、 between several
            bad.extend(p.strip() for p in _NAME_SEP.split(part) if p.strip())
        elif not old.strip() or not new.strip():
            bad.append(part)
        else:
            pairs.append((old.strip(), new.strip()))
    return pairs, bad


# ------------------------------------------------------------------ one unit


Source = tuple[Record, str | None]  # the record and column a value came from


@dataclass
class UnitCatalogue:
    """A unit's catalogue while it is being adapted, with where each value came from."""

    unit: Record
    base: Catalogue
    levels: tuple[str, ...]
    items: list[Item]
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    added: int = 0

    def source(self, item: Item, name: str) -> Source:
        return self.sources.get((_fold_label(item.label), name), (self.unit, "base"))

    def set_source(self, item: Item, name: str, src: Source) -> None:
        self.sources[(_fold_label(item.label), name)] = src

    def index(self, label: str) -> int | None:
        key = _fold_label(label)
        for i, item in enumerate(self.items):
            if _fold_label(item.label) == key:
                return i
        matches = [i for i, it in enumerate(self.items) if _fold_label(it.level2) == key]
        return matches[0] if len(matches) == 1 else None

    def catalogue(self, title: str) -> Catalogue:
        items = tuple(it if it.no == n else dataclasses.replace(it, no=n)
                      for n, it in enumerate(self.items, start=1))
        return Catalogue(
            id=self.base.id, title=title, unit=str(self.unit.values.get("unit", "")),
            source=self.base.source, level_columns=self.levels, channels=self.base.channels,
            audiences=self.base.audiences, modes=self.base.modes, items=items,
            area=self.base.area,
        )

    @property
    def imported(self) -> bool:
        """Built on a catalogue loaded with --catalogue (not a built-in one)."""
        return self.base.id not in BUILTIN


def start_unit(rec: Record, imported: tuple[Catalogue, ...] = ()) -> UnitCatalogue | None:
    """The base catalogue with the unit's level names and publisher names applied.

    ``imported``: the catalogues of --catalogue, which 基础目录 may name."""
    v = rec.values
    if not imported:
        base = builtin_catalogue(bases().get(v.get("base") or "", BUILTIN[0]))
    else:
        found, why = resolve_base(str(v.get("base") or ""), imported)
        if found is None:
            add_issue(rec, "catalogue.unit.base", why, "base")
            return None
        base = found
    if base.id in BUILTIN and (not v.get("level_1") or not v.get("level_2")):
        if imported:  # the schema asks for them only without --catalogue
            for name in ("level_1", "level_2"):
                if not v.get(name):
                    add_issue(rec, "catalogue.unit.levels_required",
                              f"以内置目录「{base.title}」为基础时必填", name)
        return None  # reported by the schema
    given = tuple(str(v[n]) for n in ("level_1", "level_2") if v.get(n))
    if not v.get("level_1") and v.get("level_2"):
        add_issue(rec, "catalogue.unit.levels_base", "只改第二栏的名称时，公开层级一也要填写",
                  "level_1")
        return None
    if len(given) > len(base.level_columns) and base.id not in BUILTIN:
        add_issue(rec, "catalogue.unit.levels_base",
                  f"基础目录「{base.name}」只有 {len(base.level_columns)} 个公开层级栏目"
                  f"（{'、'.join(base.level_columns) or '没有公开层级栏目'}），不能改名为"
                  f"「{'、'.join(given)}」", "level_2" if len(base.level_columns) == 1 else "level_1")
        return None
    levels = given + base.level_columns[len(given):]
    if len(levels) >= 2 and levels[0] == levels[1]:
        add_issue(rec, "catalogue.unit.levels_distinct",
                  f"公开层级一和公开层级二都是「{levels[0]}」，两栏须不同", "level_2")
    rename = dict(zip(base.level_columns, levels, strict=False))
    pairs: list[tuple[str, str]] = []
    if v.get("publishers"):
        pairs, bad = parse_publishers(str(v["publishers"]))
        for part in bad:
            pair = own_level_pair(part, base) if "=" not in part else None
            if pair is not None:
                pairs.append(pair)
                continue
            add_issue(rec, "catalogue.unit.publishers",
                      f"「{part}」看不出是县级还是乡镇的单位：请写本单位全称（如 平昌县乡村振兴局、"
                      "岳家镇人民政府），或写作 原名称=本单位名称（如 县级扶贫部门=伊美区农业农村局）",
                      "publishers")
    used: set[str] = set()
    items: list[Item] = []
    uc = UnitCatalogue(unit=rec, base=base, levels=levels, items=items)
    for item in base.items:
        publisher = item.publisher
        for old, new in pairs:
            if old in publisher:
                publisher = publisher.replace(old, new)
                used.add(old)
        new_levels = tuple(rename.get(lv, lv) for lv in item.levels)
        new_item = item if new_levels == item.levels and publisher == item.publisher else \
            dataclasses.replace(item, levels=new_levels, publisher=publisher)
        items.append(new_item)
        if publisher != item.publisher:
            uc.set_source(new_item, "publisher", (rec, "publishers"))
    for old, _ in pairs:
        if old not in used:
            add_issue(rec, "catalogue.unit.publishers",
                      f"基础目录的公开主体中没有「{old}」，这一项替换没有起作用", "publishers",
                      severity="warning")
    return uc


def _apply_fields(uc: UnitCatalogue, i: int, rec: Record) -> None:
    """Write the filled columns of an adaptation row into item ``i``."""
    v = rec.values
    item = uc.items[i]
    changes: dict[str, Any] = {}
    src: dict[str, str] = {}
    if v.get("elements"):
        changes["elements"] = parse_elements(str(v["elements"]))
        src["elements"] = "elements"
    for name in ("basis", "deadline", "publisher"):
        if v.get(name):
            changes[ATTR[name]] = str(v[name])
            src[name] = name
    known = uc.base.channels
    channels = list(item.channels)
    for name in ("channels", "channels_add", "channels_remove"):
        values = v.get(name)
        if not values:
            continue
        good = [c for c in values if c in known]
        if name == "channels":
            channels = good
        elif name == "channels_add":
            channels += [c for c in good if c not in channels]
        else:
            channels = [c for c in channels if c not in values]
        src["channels"] = name
    if "channels" in src:
        changes["channels"] = tuple(c for c in known if c in channels)  # checklist order
    for name in ("audiences", "modes"):
        if v.get(name):
            changes[name] = tuple(v[name])
            src[name] = name
    if v.get("levels"):
        found, _unknown = parse_levels(str(v["levels"]), uc.levels)
        changes["levels"] = tuple(found)
        src["levels"] = "levels"
    if "deadline_text" in changes:  # a new 公开时限 is parsed again, not the stored rule
        changes["deadline_rule"] = None
    new_item = dataclasses.replace(item, **changes)
    uc.items[i] = new_item
    for name, column in src.items():
        uc.set_source(new_item, name, (rec, column))


# one alias table for the channels (公示栏, 门户网站, 微信 ...): the slip's, where a 处理单
# accepts them; a 调整 row reads them the same way (issue: 公示栏 accepted in one, not the other)
CHANNEL_ALIASES: dict[str, str] = load_schema("slip")["properties"]["channels"]["x-aliases"]


def canonical_channel(text: str, known: tuple[str, ...]) -> str:
    """A channel as the unit's catalogue lists it: itself when listed (a county's own
    公示栏 stays its own), else the name its alias stands for, when that is listed."""
    if text in known:
        return text
    folded = unicodedata.normalize("NFKC", text).strip()
    alias = CHANNEL_ALIASES.get(text) or CHANNEL_ALIASES.get(folded)
    if alias is None:
        alias = next((v for k, v in CHANNEL_ALIASES.items()
                      if unicodedata.normalize("NFKC", k) == folded), None)
    return alias if alias is not None and alias in known else text


def _canonical_channels(uc: UnitCatalogue, rec: Record) -> None:
    for name in ("channels", "channels_add", "channels_remove"):
        values = rec.values.get(name)
        if values:
            rec.values[name] = list(dict.fromkeys(
                canonical_channel(str(c), uc.base.channels) for c in values))


def _check_adaptation_cells(uc: UnitCatalogue, rec: Record) -> None:
    """Problems an adaptation row has on its own: unknown channels or levels."""
    v = rec.values
    _canonical_channels(uc, rec)
    for name in ("channels", "channels_add", "channels_remove"):
        unknown = [c for c in v.get(name) or [] if c not in uc.base.channels]
        if unknown:
            add_issue(rec, "catalogue.adapt.channel_known",
                      f"「{'、'.join(unknown)}」不在公开渠道和载体清单中；可选："
                      + "、".join(uc.base.channels), name)
    if v.get("levels"):
        _found, unknown = parse_levels(str(v["levels"]), uc.levels)
        if unknown:
            add_issue(rec, "catalogue.row.levels_known",
                      f"「{'、'.join(unknown)}」不是本单位的公开层级，本单位的层级栏目是："
                      f"{'、'.join(uc.levels)}", "levels")


def apply_adaptation(uc: UnitCatalogue, rec: Record) -> None:
    v = rec.values
    action, label = v.get("action"), v.get("item")
    if not action or not label:
        return  # reported by the schema
    label = str(label)
    _check_adaptation_cells(uc, rec)
    filled = [f for f in ITEM_FIELDS if v.get(f)]
    if action == "新增":
        level1, sep, level2 = label.partition("/")
        if not sep:
            level1, sep, level2 = label.partition("／")
        if not sep or not level1.strip() or not level2.strip():
            add_issue(rec, "catalogue.adapt.item_new",
                      f"新增事项「{label}」应写作 一级事项/二级事项，"
                      "如 防止返贫监测/监测对象识别", "item")
            return
        if uc.index(label) is not None or label in ALL_ITEMS:
            add_issue(rec, "catalogue.adapt.item_new",
                      f"「{label}」已在目录中；要改写已有事项请用调整类型“修改”", "item")
            return
        new = Item(no=0, level1=level1.strip(), level2=level2.strip(), elements=(), basis="",
                   deadline_text="", publisher="", channels=(), audiences=(), modes=(),
                   levels=())
        same = [i for i, it in enumerate(uc.items) if it.level1 == new.level1]
        pos = same[-1] + 1 if same else len(uc.items)
        uc.items.insert(pos, new)
        uc.added += 1
        for name in ATTR:
            uc.set_source(new, name, (rec, name if name in ADAPT_SCHEMA["properties"] else "item"))
        _apply_fields(uc, pos, rec)
        return
    if label in ALL_ITEMS:
        if action == "不适用":
            add_issue(rec, "catalogue.adapt.item_known",
                      "不能把全部事项标为不适用；请逐项填写不适用的事项和理由", "item")
            return
        targets = list(range(len(uc.items)))
    else:
        i = uc.index(label)
        if i is None:
            add_issue(rec, "catalogue.adapt.item_known",
                      f"「{label}」不在本单位的目录中"
                      "（应写作 一级事项/二级事项，如 扶贫资金/精准扶贫贷款）",
                      "item")
            return
        targets = [i]
    if action == "不适用":
        i = targets[0]
        reason = str(v.get("reason") or "")
        item = dataclasses.replace(uc.items[i], applicable=False, not_applicable_reason=reason)
        uc.items[i] = item
        uc.set_source(item, "reason", (rec, "reason"))
        return
    if not filled:
        add_issue(rec, "catalogue.adapt.empty",
                  "调整类型为修改，但没有填写要修改的栏目", "item", severity="warning")
    for i in targets:
        _apply_fields(uc, i, rec)


# ------------------------------------------------------------------ cross-checks


@dataclass(frozen=True)
class RowFinding:
    rule: str
    item: Item
    field: str  # item field, used to find the cell that set it
    message: str


def _row_name(n: int, item: Item) -> str:
    return f"第{n}项「{item.label}」"


def cross_check(uc: UnitCatalogue) -> Iterator[RowFinding]:
    """The catalogue rules over a unit's finished list of items."""
    labels = {_fold_label(it.label) for it in uc.items}
    for item in uc.base.items:
        if _fold_label(item.label) not in labels:
            yield RowFinding("catalogue.items.present", item, "base",
                             f"标准事项「{item.label}」不在目录中；不公开的事项应保留并标明不适用及理由")
    for n, item in enumerate(uc.items, start=1):
        name = _row_name(n, item)
        if not item.applicable:
            if not item.not_applicable_reason.strip():
                yield RowFinding("catalogue.not_applicable.reason", item, "reason",
                                 f"{name}标为不适用，但没有写明理由")
            continue
        present = {
            "elements": bool(item.elements), "basis": bool(item.basis.strip()),
            "deadline": bool(item.deadline_text.strip()),
            "publisher": bool(item.publisher.strip()), "channels": bool(item.channels),
            "audiences": bool(item.audiences), "modes": bool(item.modes),
            "levels": bool(item.levels) or not uc.levels,  # a table with no 公开层级
        }
        for key, ok in present.items():
            if not ok:
                need = "至少一项" if key in ("elements", "audiences", "modes", "levels") else ""
                if key == "channels":
                    need = "至少勾选一个"
                yield RowFinding(f"catalogue.row.{key}", item, key,
                                 f"{name}没有{FIELD_TITLES[key]}（{need or '必填'}）")
        stray = [lv for lv in item.levels if lv not in uc.levels]
        if stray:
            yield RowFinding("catalogue.row.levels_known", item, "levels",
                             f"{name}的公开层级「{'、'.join(stray)}」不是本单位的层级栏目"
                             f"（{'、'.join(uc.levels)}）")
        if item.deadline_text.strip() and item_deadline(item) is None:
            yield RowFinding("catalogue.row.deadline_computable", item, "deadline",
                             f"{name}的公开时限「{item.deadline_text}」无法计算；应写作如 "
                             "信息形成（变更）20个工作日内 或 每年底前集中公布1次")


def report_findings(uc: UnitCatalogue) -> None:
    for f in cross_check(uc):
        rec, column = uc.source(f.item, f.field)
        # what an imported table itself lacks (实时公开, no 公开依据 column) is the county's
        # published text: a warning at the unit row; an adaptation that leaves it so is an error
        severity = "warning" if uc.imported and column == "base" else "error"
        message = f.message + ("（导入的目录原文如此）" if severity == "warning" else "")
        if column not in rec.columns:
            column = "item" if "item" in rec.columns else "unit"
        add_issue(rec, f.rule, message, column, severity=severity)


_DEADLINES: dict[tuple[str, Any], Deadline | None] = {}


def item_deadline(item: Item) -> Deadline | None:
    """``item.deadline``, parsed once per distinct 公开时限 (a batch of 1,000 units asks for
    the same few dozen)."""
    key = (item.deadline_text, item.deadline_rule)
    try:
        return _DEADLINES[key]
    except KeyError:
        found = _DEADLINES[key] = item.deadline
        return found
    except TypeError:  # an imported rule holding a list
        return item.deadline


def check_calendar(uc: UnitCatalogue, year: int, calendar: WorkdayCalendar,
                   checked: dict[tuple[Deadline, int], int | None] | None = None) -> None:
    """Deadlines must be computable in the catalogue's year: the calendar must know it.

    ``checked``: the answers so far for this calendar (deadline, year) -> the year it does
    not know, or None; a batch asks the same questions unit after unit."""
    deadlines = {d for it in uc.items if it.applicable and (d := item_deadline(it))}
    checked = {} if checked is None else checked
    for d in deadlines:
        if (d, year) not in checked:
            try:
                d.due(dt.date(year, 1, 2), calendar)
                checked[(d, year)] = None
            except UnknownYearError as exc:
                checked[(d, year)] = exc.year
        unknown = checked[(d, year)]
        if unknown is not None:  # one warning for the unit; its catalogue is still written
            add_issue(uc.unit, UNKNOWN_YEAR_CODE, unknown_year_message(unknown),
                      "year" if "year" in uc.unit.columns else "unit", severity="warning")
            return


# ------------------------------------------------------------------ the batch


@dataclass
class CatalogueOptions:
    year: int | None = None
    calendar: WorkdayCalendar = field(default_factory=WorkdayCalendar)
    template_dir: Path | None = None
    write_reports: bool = True
    progress: Callable[[int], None] | None = None
    formats: tuple[str, ...] = ("xlsx", "docx")  # per-unit files to write
    jobs: int = 1  # processes in all; >1: per-unit files written by jobs - 1 worker processes
    bases: tuple[Catalogue, ...] = ()  # --catalogue: imported catalogues a unit may build on
    profile: Profile = DEFAULT_PROFILE  # the office: the .docx files' author


@dataclass
class UnitResult:
    unit: str
    year: int | None
    base: str
    levels: str
    items: int = 0
    not_applicable: int = 0
    added: int = 0
    sheet: str = ""
    files: list[str] = field(default_factory=list)
    ok: bool = False


def _unknown_headers(table: Table, report: Report) -> None:
    for col in table.unknown_headers:
        report.issues.append(Issue(
            code="input.unknown_column", severity="warning", message="不认识的列，已忽略",
            file=table.file, sheet=table.sheet, row=table.header_row, column=col.header,
            column_letter=col.letter, value=col.header,
        ))


def _sheet_names(path: Path) -> list[str]:
    """The workbook's sheet names, read by calamine (the units table was read by it too;
    openpyxl, with numpy, is half a second of a batch's start)."""
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return list(wb.sheet_names)
    finally:
        wb.close()


def read_adaptations(path: Path, report: Report,
                     imported: tuple[Catalogue, ...] = ()) -> dict[str, list[Record]]:
    """All adaptation rows, by folded unit name (the sheet is optional)."""
    if ADAPT_SHEET not in _sheet_names(path):
        return {}
    schema = adapt_schema(imported)
    table = open_table(path, schema, ADAPT_SHEET, keep_copy=True)
    if table.copy is not None:
        report.copies.append(table.copy)
    _unknown_headers(table, report)
    checker = SchemaChecker(schema)
    result: dict[str, list[Record]] = {}
    for raw in table.rows:
        rec = make_record(table, raw, checker)
        result.setdefault(_fold_label(str(rec.values.get("unit") or "")), []).append(rec)
    return result


def _unit_year(rec: Record, opts: CatalogueOptions) -> int | None:
    year = rec.values.get("year")
    if opts.year is not None:
        if isinstance(year, int) and year != opts.year:
            add_issue(rec, "catalogue.unit.year",
                      f"年度 {year} 与本次批处理的 --year {opts.year} 不一致；目录按年度更新，"
                      "请改正年度或清空此格", "year")
        return opts.year
    if isinstance(year, int):
        return year
    if "year" not in {i.field for i in rec.issues}:
        add_issue(rec, "catalogue.unit.year", "未填写年度，也没有用 --year 指定年度",
                  "year" if "year" in rec.columns else "unit")
    return None


def _cell(issue: Issue) -> str:
    return (f"{issue.sheet}!{issue.column_letter}{issue.row}" if issue.column_letter
            else f"{issue.sheet}第{issue.row}行")


def block_unit(unit: Record, adapts: Sequence[Record]) -> None:
    """A unit is not written when its 单位 row or one of its 调整 rows has an error: each
    of its other rows says why it was not used, naming the cells in error (never a row
    rejected without a word, like the letters' 「同一份…其他行有错误」)."""
    records = (unit, *adapts)
    for rec in records:
        if rec.has_errors:
            continue
        others = list(dict.fromkeys(_cell(i) for r in records if r is not rec
                                    for i in r.issues if i.severity == "error"))
        where = "、".join(others[:5]) + ("等" if len(others) > 5 else "")
        what = "本单位的目录没有生成" if rec is unit else "这一行调整没有用到"
        rec.issue("group.blocked",
                  f"同一单位的其他行有错误（{where}），{what}，请先改正标红的单元格",
                  field_name="unit", severity="warning")


class CatalogueRenderReport(Report):
    """``catalogue --catalogue`` without a units workbook: it reads catalogues, not rows,
    and writes one catalogue (its .xlsx and .docx) for each."""

    def summary_lines(self, max_issues: int = 50) -> list[str]:
        lines = super().summary_lines(max_issues)
        s = self.stats()
        files = sum(1 for o in self.outputs if o not in (REPORT_JSON, REPORT_XLSX))
        head = (f"{self.label}（{self.source}）：读取目录 {s['rows_read']} 份，"
                f"生成目录 {s['rendered']} 份（{files} 个文件），"
                f"错误 {s['errors']} 条，警告 {s['warnings']} 条")
        return [head, *lines[1:]]

