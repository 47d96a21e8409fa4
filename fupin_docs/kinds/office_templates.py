"""The built-in templates an office may copy, edit in Word/WPS and use with --template-dir.

Which kind uses which template is read from the kind modules themselves (each declares
``KIND.template``), so a new kind shows up here without editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

from .. import kinds
from ..outputs.atomic import write_bytes_atomic
from ..resources import resource_dir
from ..types import FupinError

TEMPLATE_SUFFIXES = (".docx", ".xlsx")
FORMAT_CN = {".docx": "Word 文档模板", ".xlsx": "Excel 工作簿模板"}


@dataclass(frozen=True)
class TemplateInfo:
    file: str  # file name under templates/, also the name --template-dir looks for
    kind: str  # the kind's schema name (slip, ...) or "" when no kind claims it
    label: str  # Chinese name of the document
    description: str
    path: Path


def _kind_templates() -> dict[str, tuple[str, str, str]]:
    """template file -> (kind name, label, description) from fupin_docs.kinds.*."""
    found: dict[str, tuple[str, str, str]] = {}
    prefix = f"{kinds.__name__}."
    for mod in pkgutil.walk_packages(kinds.__path__, prefix):
        short = mod.name[len(prefix):]
        if short.split(".")[-1].startswith("_") or short == "base":
            continue
        module = importlib.import_module(mod.name)
        kind = getattr(module, "KIND", None)
        template = getattr(kind, "template", None)
        if not isinstance(template, str):  # a kind without KIND (catalogue, followup)
            kind, template = module, getattr(module, "TEMPLATE", None)
            if not isinstance(template, str):
                continue
        label = str(getattr(kind, "label", "") or getattr(kind, "LABEL", ""))
        fmt = FORMAT_CN.get(Path(template).suffix.lower(), "模板")
        description = str(getattr(kind, "template_description", "")
                          or getattr(kind, "TEMPLATE_DESCRIPTION", "")) or (
            f"《{label}》{fmt}：保留 {{{{ }}}} 占位符和 {{% %}} 语句，其余文字、版式可按本单位习惯修改"
        )
        name = getattr(kind, "name", None) or getattr(kind, "KIND_NAME", short.split(".")[0])
        found[template] = (str(name), label, description)
    return found


def list_templates(directory: Path | None = None) -> list[TemplateInfo]:
    """The templates in ``directory`` (default: the built-in ones), with kind and description."""
    base = directory or resource_dir("templates")
    claimed = _kind_templates()
    out: list[TemplateInfo] = []
    for path in sorted(base.iterdir()):
        if (not path.is_file() or path.suffix.lower() not in TEMPLATE_SUFFIXES
                or path.name.startswith((".", "~$"))):
            continue
        kind, label, description = claimed.get(path.name, ("", "", "未被任何文书类型使用的文件"))
        out.append(TemplateInfo(path.name, kind, label, description, path))
    return out


def export_templates(dest: Path, force: bool = False) -> list[Path]:
    """Copy the built-in templates into ``dest``; refuse to overwrite unless ``force``."""
    if dest.exists() and not dest.is_dir():
        raise FupinError(f"{dest} 已存在且不是文件夹")
    templates = list_templates()
    targets = [(t, dest / t.file) for t in templates]
    existing = [p.name for _, p in targets if p.exists()]
    if existing and not force:
        raise FupinError(f"{dest} 中已有 {'、'.join(existing)}；为免覆盖本单位修改过的模板，未复制任何文件。"
                         "确需覆盖请加 --force")
    written: list[Path] = []
    for info, target in targets:
        write_bytes_atomic(target, info.path.read_bytes())
        written.append(target)
    return written
