"""User templates: `templates check`, and SSTI payloads refused by the Jinja sandbox."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from slipbook import row, write_book

from fupin_docs.app.cli import cli
from fupin_docs.resources import resource_dir

BUILTIN = resource_dir("templates") / "slip.docx"


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crashed: {result.exception!r}")
    return result


def template_with(tmp_path: Path, *paragraphs: str, header: str | None = None) -> Path:
    """The built-in slip template plus paragraphs (each one run, as Word would type it)."""
    doc = Document(str(BUILTIN))
    for text in paragraphs:
        doc.add_paragraph(text)
    if header is not None:
        doc.sections[0].header.is_linked_to_previous = False
        doc.sections[0].header.paragraphs[0].text = header
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    path = folder / "slip.docx"
    doc.save(str(path))
    return path


def test_builtin_template_is_clean() -> None:
    r = run("templates", "check", str(BUILTIN), "--kind", "slip")
    assert r.exit_code == 0, r.output
    assert "未发现问题" in r.output


def test_unknown_placeholders_and_hidden_required_fields(tmp_path: Path) -> None:
    doc = Document(str(BUILTIN))
    # drop every paragraph and table that shows the drafter; add misspelt placeholders
    body = doc.element.body
    for tbl in list(body.iterchildren()):
        if "drafter" in "".join(tbl.itertext()):
            body.remove(tbl)
    doc.add_paragraph("{{ titel }} {{ office }}")
    path = tmp_path / "my.docx"
    doc.save(str(path))
    r = run("templates", "check", str(path), "--kind", "slip")
    assert r.exit_code == 1
    assert "占位符 {{ titel }} 在数据中不存在" in r.output
    assert "必填字段 拟稿人（drafter） 在模板中没有显示" in r.output


def test_check_sees_headers(tmp_path: Path) -> None:
    path = template_with(tmp_path, header="{{ unit_name }}")
    r = run("templates", "check", str(path))
    assert r.exit_code == 1 and "{{ unit_name }}" in r.output


def test_check_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"not a docx")
    r = run("templates", "check", str(path))
    assert r.exit_code == 2 and "不是有效的 Word .docx 文件" in r.stderr
    r = run("templates", "check", str(tmp_path / "none.docx"))
    assert r.exit_code == 2 and "找不到模板文件" in r.stderr
    r = run("templates", "check", str(BUILTIN), "--kind", "nope")
    assert r.exit_code == 2 and "未知的文书种类" in r.stderr


def test_check_syntax_error(tmp_path: Path) -> None:
    path = template_with(tmp_path, "{% if title %}没有结束")
    r = run("templates", "check", str(path))
    assert r.exit_code == 2 and "语法错误" in r.stderr


def marker_payloads(marker: Path) -> list[str]:
    cmd = f"touch {marker}"
    return [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        f"{{{{ cycler.__init__.__globals__.os.popen('{cmd}').read() }}}}",
        f"{{{{ joiner.__init__.__globals__.os.system('{cmd}') }}}}",
        f"{{{{ lipsum.__globals__['os'].popen('{cmd}').read() }}}}",
        "{{ self._TemplateReference__context }}",
        "{{ self.__init__.__globals__ }}",
        "{{ config.items() }}",
        "{{ request.application.__globals__.__builtins__ }}",
        "{{ title.__class__.__base__.__subclasses__() }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c.__name__ }}{% endfor %}",
        f"{{{{ namespace.__init__.__globals__.__builtins__['__import__']('os').system('{cmd}') }}}}",
        "{{ title['__class__'] }}",
        "{{ '{0.__class__}'.format(title) }}",
        "{{ title|attr('__class__') }}",
        "{{ range(10**9)|list }}",
    ]


@pytest.mark.parametrize("index", range(15))
def test_ssti_payloads_refused(tmp_path: Path, index: int) -> None:
    marker = tmp_path / "PWNED"
    payload = marker_payloads(marker)[index]
    tpl = template_with(tmp_path, payload)
    book = write_book(tmp_path / "in.xlsx", [row(2)])
    out = tmp_path / "out"
    r = run("slips", str(book), "-o", str(out), "--template-dir", str(tpl.parent))
    assert r.exit_code == 2, (payload, r.output, r.stderr)
    assert r.stderr.startswith("错误：模板 slip.docx")
    assert not marker.exists()
    assert not list(out.glob("*.docx")) if out.exists() else True
    check = run("templates", "check", str(tpl))
    if "__" in payload or "._" in payload:  # the static check names what the sandbox refuses
        assert check.exit_code in (1, 2), payload


def test_sandbox_still_renders_safe_expressions(tmp_path: Path) -> None:
    tpl = template_with(tmp_path, "{{ title|length }} {{ drafter|mask }} {{ '%s-%s'|format(1, 2) }}")
    book = write_book(tmp_path / "in.xlsx", [row(2, drafter="赵敏 13812345678")])
    out = tmp_path / "out"
    r = run("slips", str(book), "-o", str(out), "--template-dir", str(tpl.parent))
    assert r.exit_code == 0, r.stderr
    doc = Document(str(next(out.glob("*.docx"))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "赵敏 138****5678 1-2" in text


def test_template_dir_with_broken_docx(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "x")
    (folder / "slip.docx").write_bytes(buf.getvalue())
    book = write_book(tmp_path / "in.xlsx", [row(2)])
    r = run("slips", str(book), "-o", str(tmp_path / "out"), "--template-dir", str(folder))
    assert r.exit_code == 2 and "不是有效的 Word .docx 文件" in r.stderr
