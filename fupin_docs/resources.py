"""Locate the bundled schemas, templates and samples.

In a wheel they are packaged inside ``fupin_docs/`` (hatch force-include); in a source
checkout or an editable install they live at the repository's top level.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_PKG_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the directory of bundled resources ``name`` (schemas, templates, samples)."""
    packaged = resources.files("fupin_docs") / name
    if packaged.is_dir():
        return Path(str(packaged))
    source = _PKG_DIR.parent / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"找不到内置资源目录：{name}")


def schema_path(kind: str) -> Path:
    return resource_dir("schemas") / f"{kind}.schema.json"


@cache
def load_schema(kind: str) -> dict[str, Any]:
    with schema_path(kind).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def template_path(name: str) -> Path:
    return resource_dir("templates") / name


def data_path(*parts: str) -> Path:
    return _PKG_DIR.joinpath("data", *parts)
