"""The fast docx renderer: same XML as docxtpl, deterministic files, visible fallback."""

from __future__ import annotations

import io
import logging
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Pt
from docxtpl import DocxTemplate, InlineImage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin_docs.kinds.slip import KIND as SLIP
from fupin_docs.outputs.report import Report
from fupin_docs.pipeline import RunOptions, check_records, run_row_documents
from fupin_docs.render import ziputil
from fupin_docs.render.docx import DocxRenderer, make_env, unsupported_value
from fupin_docs.resources import resource_dir

SLIP_TEMPLATE = resource_dir("templates") / "slip.docx"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "处理单.xlsx"

# text a clerk may type: XML specials, quotes, line breaks, tabs, CJK and CJK extension B
# (outside the BMP), braces and percent signs that look like template syntax
ALPHABET = st.one_of(
    st.sampled_from(list("&<>\"'\n\t {}%_#-/\\;:，。、（）“”‘’·—")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
    st.characters(min_codepoint=0x30, max_codepoint=0x7A),
)
TEXT = st.text(ALPHABET, max_size=40)
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def docxtpl_render(template: Path, context: dict[str, Any]) -> bytes:
    """docxtpl's own render in the same sandboxed environment fupin-docs uses."""
    doc = DocxTemplate(str(template))
    doc.render(context, jinja_env=make_env(), autoescape=True)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        return {name: zf.read(name) for name in zf.namelist()}


def rendered_parts(data: bytes) -> dict[str, bytes]:
    """word/document.xml, headers and footers."""
    return {n: b for n, b in members(data).items()
            if n == "word/document.xml" or n.startswith(("word/header", "word/footer"))}


def assert_same_as_docxtpl(renderer: DocxRenderer, context: dict[str, Any]) -> None:
    ours = renderer.render(context)
    theirs = docxtpl_render(renderer.path, context)
    ours_parts, theirs_parts = rendered_parts(ours), rendered_parts(theirs)
    assert "word/document.xml" in ours_parts
    assert ours_parts == theirs_parts
    # every other member too (python-docx's serialisation of the untouched parts)
    assert members(ours) == members(theirs)
    assert list(members(ours)) == list(members(theirs))


# ---------------------------------------------------------------- templates


def _runs(paragraph: Any, *pieces: str) -> None:
    """Add text as several runs, alternately bold, so tags are split across runs."""
    for i, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        run.bold = i % 2 == 1
        run.font.size = Pt(11 + i % 2)


def build_feature_template(path: Path, *, extra: str | None = None,
                           title_property: str | None = None) -> Path:
    doc = Document()
    sec = doc.sections[0]
    _runs(sec.header.paragraphs[0], "标题：{{ ti", "tle }}")
    _runs(sec.footer.paragraphs[0], "单位：{{ office }}", " 第{{ page }}页")
    _runs(doc.add_paragraph(), "姓名：{{ na", "me|mask }}；电话：{{ phone|mask_phone }}")
    doc.add_paragraph("{%p if show %}")
    _runs(doc.add_paragraph(), "条件段：{{ note }}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("不显示")
    doc.add_paragraph("{%p endif %}")
    _runs(doc.add_paragraph(), "{%r if show %}", "显示", "{%r endif %}", "尾")
    table = doc.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ("事项", "数量", "说明"), strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    for cell, text in zip(table.rows[2].cells,
                          ("{{ r.name }}", "{{ r.qty }}", "{{ loop.index }}：{{ r.text }}"),
                          strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph(
        "{% for line in lines %}{{ line }}{% if not loop.last %}\t{% endif %}{% endfor %}")
    if extra:
        doc.add_paragraph(extra)
    if title_property is not None:
        doc.core_properties.title = title_property
    doc.save(str(path))
    return path


def build_column_loop_template(path: Path) -> Path:
    doc = Document()
    table = doc.add_table(rows=2, cols=4)
    table.rows[0].cells[0].text = "项目"
    table.rows[0].cells[1].text = "{%tc for c in cols %}"
    table.rows[0].cells[2].text = "{{ c }}"
    table.rows[0].cells[3].text = "{%tc endfor %}"
    table.rows[1].cells[0].text = "{{ name }}"
    doc.save(str(path))
    return path


ROW = st.fixed_dictionaries({"name": TEXT, "qty": st.integers(-5, 10**6), "text": TEXT})
FEATURE_CONTEXT = st.fixed_dictionaries({
    "title": TEXT, "office": TEXT, "page": st.integers(1, 99), "name": TEXT, "phone": TEXT,
    "show": st.booleans(), "note": TEXT, "rows": st.lists(ROW, max_size=6),
    "lines": st.lists(TEXT, max_size=4),
})


@pytest.fixture(scope="module")
def feature_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_feature_template(tmp_path_factory.mktemp("tpl") / "features.docx")


def slip_contexts() -> list[dict[str, Any]]:
    report = Report(kind="slip", label="处理单", source=str(SAMPLE))
    return [SLIP.context(rec, ctx)
            for rec, ctx in check_records(SLIP, SAMPLE, RunOptions(), report)
            if not rec.has_errors]


# ---------------------------------------------------------------- fidelity


def test_slip_samples_render_like_docxtpl() -> None:
    renderer = DocxRenderer(SLIP_TEMPLATE)
    contexts = slip_contexts()
    assert len(contexts) >= 5
    for context in contexts:
        assert_same_as_docxtpl(renderer, context)
    assert renderer.fast_path
    assert renderer.stats.fast == len(contexts) and renderer.stats.fallback == 0


@SETTINGS
@given(data=st.data())
def test_slip_random_records_render_like_docxtpl(data: st.DataObject) -> None:
    base = slip_contexts()[0]
    context = {k: data.draw(TEXT, label=k) if isinstance(v, str) else v
               for k, v in base.items()}
    context["needs_head"] = data.draw(st.booleans(), label="needs_head")
    assert_same_as_docxtpl(_slip_renderer(), context)


_SLIP: list[DocxRenderer] = []


def _slip_renderer() -> DocxRenderer:
    if not _SLIP:
        _SLIP.append(DocxRenderer(SLIP_TEMPLATE))
    return _SLIP[0]


def test_feature_template_sample(feature_template: Path) -> None:
    renderer = DocxRenderer(feature_template)
    context = {
        "title": "A&B <公开> \"引号\" '单'", "office": "办公室\t第二行\n第三行", "page": 3,
        "name": "110101199003074573", "phone": "13812345678", "show": True,
        "note": "第一段\n第二段\t制表\a新段落\f分页", "lines": ["甲", "乙\n丙"],
        "rows": [{"name": "𠀀𪚥", "qty": 2, "text": "x<y"},
                 {"name": "", "qty": 0, "text": "&amp;"}],
    }
    assert_same_as_docxtpl(renderer, context)
    text = rendered_parts(renderer.render(context))["word/document.xml"].decode("utf-8")
    assert "110101********4573" in text and "138****5678" in text
    assert "𠀀𪚥" in text and "x&lt;y" in text and "&amp;amp;" in text
    assert "{%" not in text and "{{" not in text
    parts = rendered_parts(renderer.render(context))
    header = next(v for k, v in parts.items() if "header" in k).decode("utf-8")
    footer = next(v for k, v in parts.items() if "footer" in k).decode("utf-8")
    assert "A&amp;B &lt;公开&gt;" in header and "<w:br/>" in footer and "<w:tab/>" in footer
    assert renderer.stats.fallback == 0


@SETTINGS
@given(context=FEATURE_CONTEXT)
def test_feature_template_random_records(feature_template: Path, context: dict[str, Any]) -> None:
    assert_same_as_docxtpl(_feature_renderer(feature_template), context)


_FEATURE: dict[Path, DocxRenderer] = {}


def _feature_renderer(path: Path) -> DocxRenderer:
    return _FEATURE.setdefault(path, DocxRenderer(path))


def test_template_errors_are_reported_in_chinese(tmp_path: Path) -> None:
    from fupin_docs.render.docx import TemplateRenderError

    renderer = DocxRenderer(build_feature_template(tmp_path / "t.docx"))
    with pytest.raises(TemplateRenderError, match="没有的字段"):
        renderer.render({"title": "x"})
    bad = DocxRenderer(build_feature_template(tmp_path / "bad.docx", extra="{{ 1 + }}"))
    with pytest.raises(TemplateRenderError, match="语法错误"):
        bad.render({})
    unsafe = DocxRenderer(build_feature_template(
        tmp_path / "unsafe.docx", extra="{{ name.__class__.__mro__ }}"))
    context = {"title": "", "office": "", "page": 1, "name": "x", "phone": "", "show": False,
               "note": "", "rows": [], "lines": []}
    with pytest.raises(Exception, match=r"不安全|没有的字段"):
        unsafe.render(context)


# ---------------------------------------------------------------- determinism


def test_output_is_byte_identical_across_runs_and_instances() -> None:
    context = slip_contexts()[2]
    first = DocxRenderer(SLIP_TEMPLATE).render(context)
    again = DocxRenderer(SLIP_TEMPLATE)
    assert again.render(context) == first
    assert again.render(slip_contexts()[3]) != first
    assert again.render(context) == first  # state from another record does not leak
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.namelist()[0] == "[Content_Types].xml"


def test_fallback_output_is_deterministic_too() -> None:
    context = slip_contexts()[0]
    slow = DocxRenderer(SLIP_TEMPLATE, fast=False)
    a, b = slow.render(context), slow.render(context)
    assert a == b
    assert slow.stats.fallback == 2 and slow.stats.fast == 0
    assert rendered_parts(a) == rendered_parts(DocxRenderer(SLIP_TEMPLATE).render(context))


def test_pipeline_reruns_give_identical_files(tmp_path: Path) -> None:
    opts = RunOptions(write_reports=False)
    one = run_row_documents(SLIP, SAMPLE, tmp_path / "one", opts)
    two = run_row_documents(SLIP, SAMPLE, tmp_path / "two", opts)
    assert one.outputs == two.outputs and one.rendered >= 5
    for name in one.outputs:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
        Document(str(tmp_path / "one" / name))  # python-docx opens every file


def test_zip_normalize_keeps_members_and_order() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("b.xml", "<b/>" * 100)
        zf.writestr("名字/a.txt", "中文")
        zf.writestr(zipfile.ZipInfo("stored.bin"), b"\x00\x01")
    out = ziputil.normalize(buf.getvalue())
    assert ziputil.normalize(out) == out
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == ["b.xml", "名字/a.txt", "stored.bin"]
        assert zf.read("名字/a.txt").decode("utf-8") == "中文"
        assert zf.getinfo("stored.bin").compress_type == zipfile.ZIP_STORED


# ---------------------------------------------------------------- fallback


def test_column_loop_template_falls_back_visibly(tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    path = build_column_loop_template(tmp_path / "tc.docx")
    renderer = DocxRenderer(path)
    context = {"cols": ["一", "二", "三", "四", "五"], "name": "甲&乙"}
    with caplog.at_level(logging.DEBUG, logger="fupin_docs.render"):
        assert_same_as_docxtpl(renderer, context)
    assert not renderer.fast_path
    assert renderer.stats.fallback == 1 and renderer.stats.fast == 0
    assert any("docxtpl" in r.getMessage() and "{%tc %}" in r.getMessage()
               for r in caplog.records)
    text = rendered_parts(renderer.render(context))["word/document.xml"].decode("utf-8")
    assert text.count("<w:gridCol ") == 6  # docxtpl's fix_tables widened the grid


def test_tagged_document_property_falls_back(tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    path = build_feature_template(tmp_path / "p.docx", title_property="{{ title }}")
    renderer = DocxRenderer(path)
    context = {"title": "标题&", "office": "", "page": 1, "name": "", "phone": "", "show": False,
               "note": "", "rows": [], "lines": []}
    with caplog.at_level(logging.DEBUG, logger="fupin_docs.render"):
        data = renderer.render(context)
    assert renderer.stats.fallback == 1
    assert any("document property title" in r.getMessage() for r in caplog.records)
    assert Document(io.BytesIO(data)).core_properties.title == "标题&amp;"  # autoescaped


def _png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_image_value_falls_back_and_renders(tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    path = build_feature_template(tmp_path / "img.docx", extra="图：{{ logo }}")
    image = tmp_path / "logo.png"
    image.write_bytes(_png())
    renderer = DocxRenderer(path)
    context = {"title": "t", "office": "o", "page": 1, "name": "n", "phone": "", "show": True,
               "note": "", "rows": [], "lines": [], "logo": "无图"}
    renderer.render(context)
    assert renderer.stats.fast == 1
    context["logo"] = InlineImage(None, str(image))
    assert unsupported_value(context) == "InlineImage value"
    with caplog.at_level(logging.DEBUG, logger="fupin_docs.render"):
        data = renderer.render(context)
    assert renderer.stats.fallback == 1 and renderer.stats.fast == 1
    assert any("falls back" in r.getMessage() and "InlineImage" in r.getMessage()
               for r in caplog.records)
    assert any(n.startswith("word/media/") for n in members(data))
    assert b"<pic:pic" in members(data)["word/document.xml"]


def test_unsupported_values_are_found_in_nested_containers() -> None:
    assert unsupported_value({"a": [1, "x", {"b": (2.0, None)}], "c": True}) is None
    nested = {"rows": [{"pics": (InlineImage(None, "x.png"),)}]}
    assert unsupported_value(nested) == "InlineImage value"
    loop: dict[str, Any] = {}
    loop["self"] = loop
    assert unsupported_value(loop) is None


def test_atomic_write_makes_a_missing_folder_and_raises_a_failed_write(tmp_path: Path) -> None:
    """write_bytes_atomic makes the folder only when the open says it is missing; a folder
    that is a file is an error, and no temporary file is left behind."""
    from fupin_docs.outputs.atomic import write_bytes_atomic

    write_bytes_atomic(tmp_path / "new" / "deeper" / "ok.docx", b"1")
    assert (tmp_path / "new" / "deeper" / "ok.docx").read_bytes() == b"1"
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(OSError):
        write_bytes_atomic(blocker / "inside.docx", b"2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "not-a-dir"]
    assert [p.name for p in (tmp_path / "new" / "deeper").iterdir()] == ["ok.docx"]


def test_replace_path_and_table_fix_match_docxtpl(tmp_path: Path) -> None:
    """The slower branches: body moved into the document with lxml, and docxtpl's
    fix_tables actually changing a grid (rows with fewer cells than grid columns)."""
    doc = Document()
    doc.add_paragraph("{{ title }}")
    table = doc.add_table(rows=2, cols=3)
    for row in table.rows:
        row._tr.remove(row._tr.tc_lst[-1])
    table.rows[0].cells[0].text = "{{ a }}"
    table.rows[1].cells[1].text = "{{ b }}"
    path = tmp_path / "grid.docx"
    doc.save(str(path))
    context = {"title": "表&格", "a": "<一>", "b": "二\n三"}
    renderer = DocxRenderer(path)
    assert_same_as_docxtpl(renderer, context)
    text = rendered_parts(renderer.render(context))["word/document.xml"].decode("utf-8")
    assert text.count("<w:gridCol ") == 2  # fix_tables dropped the empty grid column
    prepared = renderer._prepare()
    assert prepared is not None and prepared.head is not None
    prepared.head = None  # force root.replace + python-docx serialisation
    assert_same_as_docxtpl(renderer, context)
    assert_same_as_docxtpl(renderer, {**context, "b": "四"})
