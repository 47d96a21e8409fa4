"""The compiled fast schema check (fastjsonschema) against jsonschema, for every schema.

SchemaChecker.check asks the fast check first and runs jsonschema's iter_errors only when it
fails, so the fast check must never accept what jsonschema rejects; and the issues a record
gets must be exactly those of jsonschema alone.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin_docs.inputs.validate import Record, SchemaChecker, fast_validator
from fupin_docs.resources import resource_dir

SCHEMAS = sorted(p.name.split(".")[0] for p in resource_dir("schemas").glob("*.schema.json"))
TEXT_CHARS = st.sampled_from("ab1-9〔〕号万扶公2026 \n\t中文\U00020000&\"'")
TEXT = st.text(alphabet=TEXT_CHARS, max_size=12)
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-3, 3000), st.floats(allow_nan=False),
                 TEXT, st.just(""), st.just(2026.0), st.lists(TEXT, max_size=2))
DATES = st.one_of(st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat),
                  st.sampled_from(["2026-02-30", "2026-1-5", "2026-01-05\n", "２０２６-01-05",
                                   "20260105", "2026-13-01"]))


def _load(name: str) -> dict[str, Any]:
    return json.loads((resource_dir("schemas") / f"{name}.schema.json").read_text("utf-8"))


def from_schema(sub: Any, root: dict[str, Any], depth: int = 0,
                valid: bool = False) -> st.SearchStrategy[Any]:
    """Instances of ``sub``: with ``valid``, values meant to be valid (mostly are); else
    plausible values, slightly-off values and junk."""
    if not isinstance(sub, dict) or depth > 8:
        return JUNK
    if "$ref" in sub:
        return from_schema(root["$defs"][sub["$ref"].rsplit("/", 1)[1]], root, depth + 1, valid)
    if "const" in sub:
        return st.just(sub["const"]) if valid else st.one_of(st.just(sub["const"]), JUNK)
    if "enum" in sub and valid:
        return st.sampled_from(sub["enum"])
    options: list[st.SearchStrategy[Any]] = [] if valid else [JUNK]
    if "enum" in sub:
        options.append(st.sampled_from(sub["enum"]))
    kind = sub.get("type")
    if kind == "string":
        lo, hi = sub.get("minLength", 0), sub.get("maxLength", 12)
        if sub.get("format") == "date":
            options.append(st.dates().map(dt.date.isoformat) if valid else DATES)
        elif "pattern" in sub:
            options.append(st.from_regex(sub["pattern"], fullmatch=True).filter(
                lambda v: lo <= len(v) <= hi) if valid else st.from_regex(sub["pattern"]))
        else:
            options.append(st.text(alphabet=TEXT_CHARS, min_size=lo, max_size=min(hi, 12)))
        if not valid:
            options.append(TEXT)
            if "maxLength" in sub:
                options.append(st.sampled_from(["字" * hi, "字" * (hi + 1), "\U00020000" * hi]))
    elif kind in ("integer", "number"):
        lo, hi = sub.get("minimum", -5), sub.get("maximum", 3000)
        if valid:
            options.append(st.integers(lo, hi))
        else:
            options.extend([st.integers(lo - 2, hi + 2), st.floats(lo - 2, hi + 2)])
    elif kind == "boolean":
        options.append(st.booleans())
    elif kind == "array":
        items = from_schema(sub.get("items"), root, depth + 1, valid)
        if valid:
            options.append(st.lists(items, min_size=sub.get("minItems", 0), max_size=4,
                                    unique_by=lambda v: json.dumps(v, sort_keys=True)))
        else:
            options.append(st.lists(items, max_size=4))
            options.append(st.lists(items, min_size=1, max_size=2).map(lambda v: v + v))
    elif kind == "object" or "properties" in sub:
        props = {k: from_schema(v, root, depth + 1, valid)
                 for k, v in sub.get("properties", {}).items()}
        required = {k: props[k] for k in sub.get("required", []) if k in props}
        optional = {k: v for k, v in props.items() if k not in required}
        options.append(st.fixed_dictionaries(required, optional=optional))
        if not valid:
            options.append(st.fixed_dictionaries({}, optional={**props, "未知": JUNK}))
    if not options:
        return JUNK
    return st.one_of(*options)


def _issues(checker: SchemaChecker, instance: dict[str, Any]) -> list[tuple[Any, ...]]:
    rec = Record(file="x.xlsx", sheet="s", row=2, record=1, raw=dict(instance),
                 instance=instance, values=dict(instance), columns={})
    checker.check(rec)
    return [(i.code, i.field, i.message, i.clause) for i in rec.issues] + [sorted(rec.values)]


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_schema_compiles_to_a_fast_check(name: str) -> None:
    assert fast_validator(_load(name)) is not None


@pytest.mark.parametrize("name", SCHEMAS)
def test_fast_check_agrees_with_jsonschema(name: str) -> None:
    schema = _load(name)
    fast = SchemaChecker(schema)
    slow = SchemaChecker(schema)
    slow.fast = None  # jsonschema only, as before the fast check
    root = st.one_of(from_schema(schema, schema, valid=True), from_schema(schema, schema))
    seen = {"valid": 0, "invalid": 0}

    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(root.filter(lambda v: isinstance(v, dict)))
    def check(instance: dict[str, Any]) -> None:
        errors = list(slow.validator.iter_errors(instance))
        if fast.passes(instance):
            assert errors == [], (instance, [e.message for e in errors])
        seen["valid" if not errors else "invalid"] += 1
        assert _issues(fast, dict(instance)) == _issues(slow, dict(instance))

    check()
    assert seen["invalid"] > 0 and seen["valid"] > 0


def test_valid_sample_rows_take_the_fast_path() -> None:
    from fupin_docs.inputs.workbook import open_table

    schema = _load("slip")
    checker = SchemaChecker(schema)
    table = open_table(resource_dir("samples") / "处理单.xlsx", schema, None)
    passed = [checker.passes(checker.coerce(raw.values)[0]) for raw in table.rows]
    assert any(passed)


def test_fast_check_is_off_for_keywords_it_might_read_differently() -> None:
    assert fast_validator({"type": "object", "properties": {"a": {"type": "string"}},
                           "unevaluatedProperties": False}) is None
    # draft-07 ignores siblings of $ref; 2020-12 applies them
    assert fast_validator({"$defs": {"s": {"type": "string"}},
                           "properties": {"a": {"$ref": "#/$defs/s", "maxLength": 2}}}) is None
    assert fast_validator({"properties": {"a": {"type": "string", "format": "email"}}}) is None


def test_a_trailing_newline_is_left_to_jsonschema(tmp_path: Path) -> None:
    # fastjsonschema reads $ as end of text; jsonschema's re.search lets "$" match before a
    # final newline: the fast check fails, jsonschema decides (valid)
    checker = SchemaChecker({"type": "object", "properties": {
        "n": {"type": "string", "pattern": "^\\d+号$"}}})
    rec = Record(file="x", sheet=None, row=None, record=1, raw={}, instance={"n": "12号\n"},
                 values={"n": "12号\n"}, columns={})
    checker.check(rec)
    assert not checker.passes({"n": "12号\n"}) and rec.issues == []
