"""Coerce raw cell values by the schema, validate with JSON Schema, and explain in Chinese.

A record keeps two views of its values: ``instance`` (JSON types, dates as ISO text) for
the schema, and ``values`` (Python types, ``datetime.date``) for the rules and templates.
A field that fails the schema is ``None`` in ``values`` so the rules do not report it twice.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import fastjsonschema

from ..types import Issue, Record
from .values import (
    DATE_FORMATS_HINT,
    YEAR_CLOSE,
    YEAR_OPEN,
    clean_text,
    complete_year,
    doc_number,
    implausible_date_message,
    parse_month_day,
    plausible_range,
    to_date,
    to_list,
    to_text,
)
from .workbook import RawRow, Table

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


_TEXT, _ALIASED, _DATE, _LIST, _INTEGER, _NUMBER = range(6)
# how one cell value reads (SchemaChecker._read): instance value, Python value, month and day
# of a date without its year, the alias read ("是→已核对")
_Read = tuple[Any, Any, "tuple[int, int] | None", "str | None"]
_NO_VALUE: _Read = (None, None, None, None)  # a blank cell (compared by identity)
_MEMO_TYPES = frozenset({str, int, float, bool, dt.datetime, dt.date})
MEMO_SIZE = 4096  # distinct (field, value) pairs remembered per checker


def _field_kind(prop: dict[str, Any]) -> int:
    """How :meth:`SchemaChecker.coerce` reads a field (the order of its tests)."""
    if prop.get("x-type") == "date":
        return _DATE
    if prop.get("x-type") == "doc-number":  # 编号 / 文号: values.doc_number
        return _NUMBER
    if prop.get("x-type") == "list" or prop.get("type") == "array":
        return _LIST
    if prop.get("type") == "integer":
        return _INTEGER
    return _ALIASED if "x-aliases" in prop else _TEXT


class SchemaChecker:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.props: dict[str, dict[str, Any]] = schema["properties"]
        self.fast = fast_validator(schema)
        # how each field is read, decided once (coerce runs for every row)
        self.plan: dict[str, tuple[int, dict[str, Any]]] = {
            name: (_field_kind(prop), prop) for name, prop in self.props.items()}
        if self.fast is None:  # jsonschema checks every row: make it now (and check the schema)
            _ = self.validator
        # what was read the clerk's way, for one note per column (see reading_notes)
        self.aliased: dict[str, Counter[str]] = {}
        self.memo: dict[tuple[str, type, Any], _Read] = {}
        self.date_fields = frozenset(n for n, p in self.props.items() if p.get("x-type") == "date")
        self.years_completed: dict[str, Counter[str]] = {}
        # 编号 typed with (2026) / [2026] / full-width digits: rows, and the first as typed -> read
        self.numbers_read: dict[str, list[Any]] = {}

    @functools.cached_property
    def validator(self) -> Draft202012Validator:
        """jsonschema's validator, for the Chinese explanations of a row the fast check
        rejects. Made (and jsonschema imported: ~7 MB, 0.2 s) at the first such row."""
        from jsonschema import Draft202012Validator, FormatChecker

        Draft202012Validator.check_schema(self.schema)
        return Draft202012Validator(self.schema, format_checker=FormatChecker())

    def coerce(self, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        instance: dict[str, Any] = {}
        values: dict[str, Any] = {}
        month_days: dict[str, tuple[int, int]] = {}
        plan = self.plan
        memo = self.memo
        for name, value in raw.items():
            if value is None:  # blank cell: no value, whatever the field
                continue
            step = plan.get(name)
            if step is None:
                continue
            kind, prop = step
            if kind == _TEXT and type(value) is str:  # the common cell: text as typed
                cleaned = clean_text(value)
                if cleaned:
                    instance[name] = values[name] = cleaned
                continue
            if kind == _NUMBER and type(value) is str:  # one per row: never memoised
                cleaned = clean_text(value)
                if cleaned:
                    standard = doc_number(cleaned)
                    if standard != cleaned:
                        self._number_read(name, cleaned, standard)
                    instance[name] = values[name] = standard
                continue
            # dates, lists, checkbox words, years: clerk data repeats them, each distinct
            # cell value is read once per run (the key's type: 1, 1.0 and True differ)
            vtype = type(value)
            key = (name, vtype, value) if vtype in _MEMO_TYPES else None
            read = memo.get(key) if key is not None else None
            if read is None:
                read = self._read(name, kind, prop, value)
                if key is not None and len(memo) < MEMO_SIZE:
                    memo[key] = read
            if read is _NO_VALUE:
                continue
            inst, val, md, alias = read
            if type(inst) is list:  # each record its own list (one object for both views)
                inst = val = list(inst)
            instance[name] = inst
            values[name] = val
            if md is not None:
                month_days[name] = md
            if alias is not None:
                self.aliased.setdefault(name, Counter())[alias] += 1
        if month_days:
            self._complete_years(raw, month_days, instance, values)
        return instance, values

    def _read(self, name: str, kind: int, prop: dict[str, Any], value: Any) -> _Read:
        """One cell value read by its field's kind: (instance value, Python value, month and
        day of a date without its year, the alias read) or _NO_VALUE. Depends on the value
        alone (the year completion, which needs the row, comes after)."""
        if kind == _DATE:
            d = to_date(value)
            if d is None:
                return _NO_VALUE
            md = parse_month_day(d) if isinstance(d, str) else None
            return (d.isoformat() if isinstance(d, dt.date) else d), d, md, None
        if kind == _LIST:
            items = to_list(value)
            if items is None:
                return _NO_VALUE
            aliases = prop.get("x-aliases", {})
            # 微信、微博 both mean 两微一端: one channel, not a duplicate the clerk typed
            items = list(dict.fromkeys(aliases.get(i, aliases.get(_fold(i), i)) for i in items))
            return items, items, None, None
        text = to_text(value)
        if text is None:
            return _NO_VALUE
        if kind == _INTEGER:
            number: int | str
            try:  # 2026年 / ２０２６ as clerks type a year
                number = int(_fold(text).removesuffix("年").strip())
            except ValueError:
                number = text
            return number, number, None, None
        if kind == _ALIASED:
            words: dict[str, str] = prop["x-aliases"]
            canonical = words.get(text) or words.get(_fold(text))
            if canonical is not None:
                # 是 / √ / 已审查 typed in a checkbox column read as its dropdown value 已核对
                return canonical, canonical, None, f"{text}→{canonical}"
        return text, text, None, None

    def _number_read(self, name: str, typed: str, standard: str) -> None:
        seen = self.numbers_read.get(name)
        if seen is None:
            self.numbers_read[name] = [1, typed, standard]
        else:
            seen[0] += 1

    def _complete_years(self, raw: dict[str, Any], month_days: dict[str, tuple[int, int]],
                        instance: dict[str, Any], values: dict[str, Any]) -> None:
        """``3月5日`` gets the document's year: the year in the row's 编号/文号 (〔2026〕),
        else the year of the row's dates written in full when they all have the same year.
        Without either it stays text, and the schema says the date is not valid."""
        year = document_year(raw.get("number"))
        source = "编号"
        if year is None:
            years = {v.year for v in values.values() if isinstance(v, dt.date)}
            year = years.pop() if len(years) == 1 else None
            source = "本行其他日期"
        if year is None:
            return
        for name, md in month_days.items():
            day = complete_year(md, year)
            if day is None:
                continue
            self.years_completed.setdefault(name, Counter())[source] += 1
            instance[name] = day.isoformat()
            values[name] = day

    def reading_notes(self, table: Table) -> list[Issue]:
        """One warning per column for what was read the clerk's way (never one per row):
        checkbox words read as the dropdown value, dates completed with the document's year."""
        notes: list[Issue] = []

        def note(name: str, code: str, message: str) -> None:
            col = table.columns.get(name)
            notes.append(Issue(
                code=code, severity="warning", message=message, file=table.file,
                sheet=table.sheet, row=table.header_row, column=col.header if col else self.props[name].get("title", name),
                column_letter=col.letter if col and col.index else None, field=name))

        for name, counts in sorted(self.aliased.items(), key=lambda kv: self._order(kv[0])):
            parts = "、".join(f"「{k.split('→')[0]}」（{n}行）读作「{k.split('→')[1]}」"
                             for k, n in counts.items())
            note(name, "input.alias", f"{parts}（下拉列表的值），不算错误")
        for name, counts in sorted(self.years_completed.items(),
                                   key=lambda kv: self._order(kv[0])):
            parts = "、".join(f"{n}行按{src}的年份" for src, n in counts.items())
            note(name, "input.year_completed",
                 f"日期没有写年份（如「3月5日」），已补全年份：{parts}；请核对")
        for name, (rows, typed, standard) in sorted(self.numbers_read.items(),
                                                    key=lambda kv: self._order(kv[0])):
            more = f"等 {rows} 行" if rows > 1 else ""
            note(name, "input.number_form",
                 f"「{typed}」{more}已按公文格式读作「{standard}」（年份用六角括号〔〕、阿拉伯数字用半角），"
                 "文书和台账中都这样写，不算错误")
        return notes

    def _order(self, name: str) -> int:
        return list(self.props).index(name) if name in self.props else len(self.props)

    def passes(self, instance: dict[str, Any]) -> bool:
        """The compiled fast check: True only when the instance is valid. It may be
        stricter than jsonschema (then :meth:`check` asks jsonschema), never laxer."""
        if self.fast is None:
            return False
        try:
            self.fast(instance)
        except Exception:  # JsonSchemaException, or anything odd: let jsonschema decide
            return False
        return True

    def check(self, rec: Record) -> None:
        # Most rows are valid: a compiled check says so in a few microseconds; only a row
        # it rejects goes through jsonschema's iter_errors for the Chinese explanations.
        if self.passes(rec.instance):
            return
        failed: set[str] = set()
        seen: set[tuple[str, str | None, str]] = set()
        for err in sorted(self.validator.iter_errors(rec.instance), key=_err_key):
            for name, message in self._explain(err, rec.instance):
                # jsonschema reports "required" once per missing field, each error
                # carrying the whole list: say each missing field once
                if (str(err.validator), name, message) in seen:
                    continue
                seen.add((str(err.validator), name, message))
                prop = self.props.get(name, {}) if name else {}
                rec.issue(
                    f"schema.{err.validator}",
                    message,
                    field_name=name,
                    clause=prop.get("x-clause"),
                )
                if name:
                    failed.add(name)
        for name in failed:
            rec.values.pop(name, None)

    def _explain(self, err: ValidationError, instance: dict[str, Any]) -> list[tuple[str | None, str]]:
        path = list(err.absolute_path)
        name = str(path[0]) if path else None
        prop = self.props.get(name, {}) if name else {}
        title = prop.get("title", name)
        v = err.validator
        if v == "required":
            missing = [r for r in err.validator_value if r not in instance]
            return [(m, "必填，不能为空") for m in missing]
        if v == "additionalProperties":
            return []
        if v == "enum":
            ambiguous = prop.get("x-ambiguous", {})
            hint = (ambiguous.get(err.instance) or ambiguous.get(_fold(err.instance))
                    if isinstance(err.instance, str) else None)
            if hint:
                return [(name, f"「{err.instance}」意思不明确：{hint}")]
            allowed = "、".join(str(x) for x in err.validator_value)
            return [(name, f"「{err.instance}」不是可选的值，应为：{allowed}")]
        if v == "format" and err.validator_value == "date":
            if parse_month_day(str(err.instance)) is not None:
                return [(name, f"「{err.instance}」没有写年份，编号和本行其他日期也定不了年份，"
                               f"请写全，如 2026年3月5日")]
            return [(name, f"「{err.instance}」不是有效日期，可写作 {DATE_FORMATS_HINT}")]
        if v == "pattern":
            return [(name, prop.get("x-pattern-message") or f"「{err.instance}」格式不正确")]
        if v == "maxLength":
            return [(name, f"内容过长（{len(err.instance)}字），{title}最多{err.validator_value}字")]
        if v == "minLength":
            return [(name, "不能为空")]
        if v == "minItems":
            return [(name, f"至少填写{err.validator_value}项")]
        if v == "uniqueItems":
            return [(name, "有重复的值")]
        if v == "type":
            if err.validator_value == "integer":
                return [(name, f"「{err.instance}」应填写阿拉伯数字（如 2026）")]
            return [(name, f"「{err.instance}」类型不正确")]
        if v in ("minimum", "maximum"):
            return [(name, f"「{err.instance}」超出范围")]
        return [(name, err.message)]


# the keywords the fast check is known to treat as jsonschema does (draft 2020-12 read as
# draft-07); a schema with any other keyword is checked by jsonschema alone
FAST_KEYWORDS = frozenset({
    "$defs", "$id", "$ref", "$schema", "additionalProperties", "const", "description", "enum",
    "format", "if", "items", "maxLength", "maximum", "minItems", "minLength", "minimum",
    "pattern", "properties", "required", "then", "else", "title", "type", "uniqueItems",
})
FAST_FORMATS = frozenset({"date"})
_SUBSCHEMA = ("additionalProperties", "items", "if", "then", "else")
_ANNOTATIONS = frozenset({"title", "description", "$id", "$schema"})


def _fast_keywords_only(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return isinstance(schema, bool)
    if "$ref" in schema and any(k != "$ref" and k not in _ANNOTATIONS and not k.startswith("x-")
                                for k in schema):
        return False  # draft-07 ignores keywords beside $ref; 2020-12 applies them
    for key, value in schema.items():
        if key.startswith("x-"):
            continue
        if key not in FAST_KEYWORDS:
            return False
        if key == "format" and value not in FAST_FORMATS:
            return False
        if key in ("properties", "$defs"):
            if not all(_fast_keywords_only(v) for v in value.values()):
                return False
        elif key in _SUBSCHEMA and not _fast_keywords_only(value):
            return False
    return True


_FAST_CACHE: dict[str, Callable[[Any], Any] | None] = {}


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def is_iso_date(value: Any) -> bool:
    """jsonschema's "date" format check (jsonschema._format.is_date: YYYY-MM-DD in ASCII
    digits that ``date.fromisoformat`` accepts), without importing jsonschema for it."""
    if not isinstance(value, str):
        return True
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def fast_validator(schema: dict[str, Any]) -> Callable[[Any], Any] | None:
    """A compiled validator (fastjsonschema, draft-07) for ``schema``, or None when the
    schema uses something it might treat differently from jsonschema. Cached per schema."""
    key = json.dumps(schema, sort_keys=True, ensure_ascii=False)
    if key in _FAST_CACHE:
        return _FAST_CACHE[key]
    fast: Callable[[Any], Any] | None = None
    if _fast_keywords_only(schema):
        draft7 = {k: v for k, v in schema.items() if k != "$id"}
        draft7["$schema"] = "http://json-schema.org/draft-07/schema#"
        try:
            fast = fastjsonschema.compile(draft7, formats={"date": is_iso_date})
        except Exception:  # pragma: no cover - a schema it cannot compile: jsonschema only
            fast = None
    _FAST_CACHE[key] = fast
    return fast


def with_more_choices(schema: dict[str, Any], name: str, extra: list[str] | tuple[str, ...],
                      label: str) -> dict[str, Any]:
    """``schema`` whose field ``name`` (an enum, or a list of enum items) also accepts
    ``extra`` — e.g. a county's own channels (公示栏, 入户现场) from its imported catalogue.

    An ``x-aliases`` entry spelled like one of ``extra`` is dropped: the county's own name
    stays as written instead of being mapped onto a national one. Returns ``schema`` itself
    when nothing changes, so the built-in behaviour is untouched."""
    prop = schema.get("properties", {}).get(name)
    if prop is None:
        return schema
    target = prop["items"] if prop.get("type") == "array" else prop
    enum = target.get("enum")
    if enum is None:
        return schema
    new = [v for v in dict.fromkeys(extra) if v and v not in enum]
    folded = {_fold(v) for v in extra}
    aliases: dict[str, str] = prop.get("x-aliases", {})
    shadowed = {k for k in aliases if k in extra or _fold(k) in folded}
    if not new and not shadowed:
        return schema
    out = copy.deepcopy(schema)
    oprop = out["properties"][name]
    otarget = oprop["items"] if oprop.get("type") == "array" else oprop
    otarget["enum"] = [*enum, *new]
    if shadowed:
        oprop["x-aliases"] = {k: v for k, v in aliases.items() if k not in shadowed}
    if new:
        oprop["description"] = f"{oprop.get('description', '')}{label}：{'、'.join(new)}"
    return out


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text)


_NUMBER_YEAR = re.compile(rf"[{re.escape(YEAR_OPEN)}]\s*(\d{{4}})\s*[{re.escape(YEAR_CLOSE)}]")


def document_year(number: Any) -> int | None:
    """The year in a document number: 万扶公〔2026〕12号 (or [2026], (2026)) -> 2026."""
    m = _NUMBER_YEAR.search(_fold(str(number))) if number else None
    return int(m.group(1)) if m else None


def _err_key(err: ValidationError) -> str:
    return str(list(err.absolute_path))


def _check_date_range(rec: Record, checker: SchemaChecker) -> None:
    """A date outside the plausible range (a mistyped year) is an error of its cell; the
    rules never see it (a deadline counted from 2062 would need a 2062 calendar)."""
    earliest, latest = plausible_range()
    values = rec.values
    dates = checker.date_fields
    for name, value in [(n, v) for n, v in values.items() if n in dates
                        and isinstance(v, dt.date) and not earliest <= v <= latest]:
        message = implausible_date_message(value)
        if message is not None:
            prop = checker.props.get(name, {})
            rec.issue("input.date_range", message, field_name=name, clause=prop.get("x-clause"))
            values.pop(name)


def make_record(table: Table, raw_row: RawRow, checker: SchemaChecker) -> Record:
    instance, values = checker.coerce(raw_row.values)
    rec = Record(
        file=table.file,
        sheet=table.sheet,
        row=raw_row.row,
        record=raw_row.record,
        raw=raw_row.values,
        instance=instance,
        values=values,
        columns=table.columns,
    )
    if "__invalid__" in raw_row.values:
        rec.issue("input.not_object", "记录应为对象（键为列名）", value=raw_row.values["__invalid__"])
        return rec
    checker.check(rec)
    _check_date_range(rec, checker)
    if raw_row.notes:  # the cell is not really empty (formula, merged range): say why
        rec.issues = [i for i in rec.issues
                      if not (i.code.startswith("schema.") and i.field in raw_row.notes)]
        for name, message in raw_row.notes.items():
            prop = checker.props.get(name, {})
            rec.issue("input.cell", message, field_name=name, clause=prop.get("x-clause"))
    return rec
