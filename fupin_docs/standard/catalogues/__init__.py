"""Catalogues: the model, the built-in data, the importer of published tables, and a loader.

``load_catalogues(paths)`` is what every command's ``--catalogue FILE_OR_DIR`` calls: a
catalogue JSON (as ``import-catalogue`` writes it), a folder of them (a county's set of
areas), or a published table itself (.xlsx, .docx, .html, .pdf …), imported on the fly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...inputs.validate import with_more_choices
from ...types import FupinError
from .importer import SUFFIXES, import_file
from .model import Catalogue, ItemIndex, load_catalogue_file, validate_catalogue

# files an import folder holds beside its catalogues
NOT_CATALOGUES = ("report.json",)


def load_catalogues(paths: Iterable[Path]) -> list[Catalogue]:
    """The catalogues named by files and folders, in the order given (a folder: by name)."""
    result: list[Catalogue] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json"
                           and p.name not in NOT_CATALOGUES and not p.name.startswith("."))
            if not files:
                raise FupinError(f"文件夹 {path} 中没有目录文件（.json，可用 fupin-docs "
                                 "import-catalogue 由发布的目录表格生成）")
            result += [load_catalogue_file(p) for p in files]
        elif path.suffix.lower() == ".json":
            result.append(load_catalogue_file(path))
        elif path.suffix.lower() in SUFFIXES:
            result += catalogues_from_table(path)
        elif not path.exists():
            raise FupinError(f"找不到目录文件：{path}")
        else:
            raise FupinError(f"{path.name} 不是目录文件：应为 .json 目录、其所在文件夹，"
                             f"或发布的目录表格（{'、'.join(SUFFIXES)}）")
    ids: dict[str, Catalogue] = {}
    for cat in result:
        if cat.id in ids and ids[cat.id] != cat:
            raise FupinError(f"两个目录的标识都是「{cat.id}」（{ids[cat.id].title}、{cat.title}），"
                             "请改正其中一个目录文件的 id")
        ids[cat.id] = cat
    return result


def catalogues_from_table(path: Path, unit: str = "", area: str = "") -> list[Catalogue]:
    """A published table imported on the fly; an item it cannot import is an error here."""
    tables = import_file(path, unit=unit, area=area)
    out: list[Catalogue] = []
    for table in tables:
        if table.errors:
            first = table.errors[0]
            raise FupinError(
                f"{path.name}（{first.table}）{first.row_name}：{first.message}；"
                f"共 {len(table.errors)} 处错误，请先用 fupin-docs import-catalogue 查看导入报告")
        data: dict[str, Any] = json.loads(json.dumps(table.catalogue))
        validate_catalogue(data, path.name)
        out.append(Catalogue.from_dict(data))
    return out


def catalogue_schema(schema: dict[str, Any], items: ItemIndex) -> dict[str, Any]:
    """A sheet's schema whose 公开渠道 also accepts the channels of the catalogues in use
    (--catalogue: a county's own, such as 公示栏, 入户现场); the built-ins' add nothing."""
    return with_more_choices(schema, "channels", items.channels(), "；本县目录的渠道")
