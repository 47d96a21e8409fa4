"""Render .docx templates with docxtpl inside a Jinja sandbox.

Every render uses a :class:`~jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined``
and autoescape on: ``& < >`` in cells come out as text, a misspelt placeholder is an error
rather than a blank, and template expressions cannot reach Python internals.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import FupinError


def make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    from ..privacy import register_filters

    register_filters(env)
    return env


class TemplateRenderError(FupinError):
    pass


class DocxRenderer:
    """Holds one template's bytes; renders a context to .docx bytes."""

    def __init__(self, template: Path) -> None:
        if not template.is_file():
            raise FupinError(f"找不到模板文件：{template}")
        self.path = template
        self.data = template.read_bytes()
        self.env = make_env()
        if not _is_docx(self.data):
            raise FupinError(f"模板 {template.name} 不是有效的 Word .docx 文件（请用 Word/WPS 另存为 .docx）")

    def render(self, context: dict[str, Any]) -> bytes:
        from docxtpl import DocxTemplate

        doc = DocxTemplate(io.BytesIO(self.data))
        try:
            doc.render(context, jinja_env=self.env, autoescape=True)
        except SecurityError as exc:
            raise TemplateRenderError(
                f"模板 {self.path.name} 含有不安全的表达式，已拒绝执行：{exc}"
            ) from exc
        except UndefinedError as exc:
            raise TemplateRenderError(
                f"模板 {self.path.name} 引用了数据中没有的字段：{exc.message}"
            ) from exc
        except TemplateError as exc:
            raise TemplateRenderError(f"模板 {self.path.name} 有语法错误：{exc}") from exc
        except Exception as exc:  # a user template can fail in any way (1/0, 'a'+1, walks on Undefined)
            raise TemplateRenderError(
                f"模板 {self.path.name} 执行出错（{type(exc).__name__}），已停止：{exc}"
            ) from exc
        buf = io.BytesIO()
        doc.save(buf)
        return deterministic_zip(buf.getvalue())


FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a .docx with fixed entry timestamps, same order: same input gives same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, zin.read(info))
    return out.getvalue()


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False
