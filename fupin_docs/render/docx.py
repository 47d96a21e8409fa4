"""Render .docx templates with docxtpl inside a Jinja sandbox.

Every render uses a :class:`~jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined``
and autoescape on: ``& < >`` in cells come out as text, a misspelt placeholder is an error
rather than a blank, and template expressions cannot reach Python internals.
"""

from __future__ import annotations

import io
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
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
