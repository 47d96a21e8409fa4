"""The compiled body (render/docx.py _compile_body): static text canonicalised once, values
post-processed as they are rendered. Its document.xml must be docxtpl's, byte for byte, for
any value; values it cannot take go to the text path, templates it cannot take are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from fupin_docs.render import docx as render_docx
from fupin_docs.render.docx import DocxRenderer, _compile_body, make_env
from fupin_docs.resources import resource_dir
from tests.test_render_fast import (
    SETTINGS,
    SLIP_TEMPLATE,
    _runs,
    assert_same_as_docxtpl,
    slip_contexts,
)

# everything that could meet the static text around a value: template-like braces and
# percent signs, XML specials, quotes, entities, line breaks, tabs, control characters
# (NUL is the compiled body's own mark), lone surrogates, non-characters, CJK (also
# outside the BMP)
PIECES = st.sampled_from([
    "{", "}", "%", "_", "{_{", "}_}", "{_%", "%_}", "{{", "}}", "&", "<", ">", '"', "'",
    "&#34;", "&#39;", "&amp;", "#", ";", "\n", "\t", "\a", "\f", "\r", "\x00", "\x01",
    "\x0b", "\ud800", "\ufffe", " ", "　", "<w:t>", "</w:t>", "\n<w:p>",
])
TEXT = st.lists(st.one_of(
    PIECES,
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
    st.characters(min_codepoint=0x30, max_codepoint=0x7A),
), max_size=8).map("".join)
# Markup values (escaped text: raw markup would break docxtpl's XML too) take the text path
VALUE = st.one_of(TEXT, TEXT, st.just(""), st.integers(-3, 10**6), st.none(),
                  TEXT.map(lambda t: Markup(escape(t))))
CONTEXT = st.fixed_dictionaries({
    "title": VALUE, "a": VALUE, "b": VALUE, "note": VALUE, "show": st.booleans(),
    "n": st.integers(0, 99), "items": st.lists(TEXT, max_size=3),
})


def build_blocks_template(path: Path) -> Path:
    """A text-only body with every way static text and values meet: adjacent values,
    values alone in a run (empty element when empty), blocks and loops that may render
    nothing, {_{ escapes, filters, constants, concatenation, a table, a {%p %} block."""
    doc = Document()
    # (a header is parsed strictly, by docxtpl too: a control character in it is an error)
    _runs(doc.sections[0].header.paragraphs[0], "第{{ ", "n }}号")
    _runs(doc.add_paragraph(), "标题：{{ ti", "tle }}")
    _runs(doc.add_paragraph(), "{{ a }}", "{{ b }}")
    doc.add_paragraph("{{ a }}")
    doc.add_paragraph("{% if show %}{{ note }}{% endif %}")
    doc.add_paragraph("前{% for x in items %}{{ x }}{% if not loop.last %}、{% endif %}"
                      "{% endfor %}后")
    doc.add_paragraph("{% for x in items %}{{ x }}{% endfor %}")
    doc.add_paragraph("{% for x in items %}{% else %}无{% endfor %}{{ b }}")
    doc.add_paragraph("字面{_{ 不是标签 }_}与{_%x%_}：{{ a }}")
    doc.add_paragraph("{{ a|e }}|{{ n }}|{{ 'ç\"常&量' }}|{{ b|default('空', true) }}")
    doc.add_paragraph("{{ a ~ b }}|{{ a|e ~ b }}|{{ n + 1 }}")
    doc.add_paragraph("{%p if show %}")
    _runs(doc.add_paragraph(), "条件段：", "{{ b }}")
    doc.add_paragraph("{%p endif %}")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "{{ a }}"
    table.rows[0].cells[1].text = "{% if show %}是{% elif n %}{{ n }}{% else %}{% endif %}"
    doc.add_paragraph("")  # an empty paragraph stays as lxml writes it
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def blocks_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_blocks_template(tmp_path_factory.mktemp("tpl") / "blocks.docx")


_RENDERERS: dict[Path, DocxRenderer] = {}


def _renderer(path: Path) -> DocxRenderer:
    return _RENDERERS.setdefault(path, DocxRenderer(path))


def test_blocks_template_is_compiled(blocks_template: Path) -> None:
    renderer = DocxRenderer(blocks_template)
    prepared = renderer._prepare()
    assert prepared is not None and prepared.compiled is not None
    assert prepared.compiled.marked  # elements that an empty value or block leaves empty
    context = {"title": "表", "a": "甲", "b": "", "note": "注", "show": True, "n": 0,
               "items": []}
    for change in ({}, {"show": False}, {"items": ["一", "二"]}, {"a": "", "n": 3},
                   {"a": "多\n行", "b": "又\n一\n行"}, {"note": "\n"}):
        assert_same_as_docxtpl(renderer, {**context, **change, "show": False}
                               if "show" in change else {**context, **change})
    assert renderer.stats.compiled == renderer.stats.fast == 6
    assert prepared.compiled.verified and prepared.compiled.verified_newlines


@SETTINGS
@given(context=CONTEXT)
def test_blocks_template_random_values_render_like_docxtpl(
        blocks_template: Path, context: dict[str, Any]) -> None:
    assert_same_as_docxtpl(_renderer(blocks_template), context)


@SETTINGS
@given(data=st.data())
def test_slip_compiled_body_random_values_render_like_docxtpl(data: st.DataObject) -> None:
    base = slip_contexts()[0]
    # (standard_title is in the footer, parsed strictly, by docxtpl too: a control
    # character there is an error either way)
    context = {k: data.draw(VALUE, label=k) if isinstance(v, str) and k != "standard_title"
               else v for k, v in base.items()}
    context["head_waived"] = data.draw(st.booleans(), label="head_waived")
    assert_same_as_docxtpl(_renderer(SLIP_TEMPLATE), context)


@pytest.mark.parametrize("value", [
    "", "甲", "{", "}", "%", "_", "a{_", "}_b", "{_{x}_}", "&#34;", "\"'", "a\nb", "\n",
    "a\n", "a\tb", "段\a落", "分\f页", "a\x00b", "\ud800", "\ufffe", "a\rb", Markup("<b>粗</b>"),
])
def test_slip_edge_values_render_like_docxtpl(value: str) -> None:
    renderer = _renderer(SLIP_TEMPLATE)
    base = slip_contexts()[0]
    for key in ("title", "item", "item_source", "reason", "summary", "remarks"):
        assert_same_as_docxtpl(renderer, {**base, key: value})


def test_values_that_could_change_their_neighbours_take_the_text_path() -> None:
    renderer = DocxRenderer(SLIP_TEMPLATE)
    base = slip_contexts()[0]
    renderer.render(base)
    assert renderer.stats.compiled == 1
    for value in ("{", "x%", "_", "a\tb", "\x01", "\ud800"):
        renderer.render({**base, "title": value})
    assert renderer.stats.compiled == 1  # each of those took the text path
    renderer.render({**base, "title": "第一行\n第二行", "summary": "字 {_{ 面 }_} 文"})
    assert renderer.stats.compiled == 2  # line breaks and inner braces stay compiled


@pytest.mark.parametrize("name", ["slip.docx", "catalogue.docx", "followup.docx"])
def test_bundled_templates_use_the_compiled_body(name: str) -> None:
    renderer = DocxRenderer(resource_dir("templates") / name)
    prepared = renderer._prepare()
    assert prepared is not None and prepared.compiled is not None


def test_a_difference_on_the_first_record_turns_the_compiled_body_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_docx, "_close_empty", lambda text: text.replace("\x00", " "))
    renderer = DocxRenderer(SLIP_TEMPLATE)
    base = slip_contexts()[0]
    assert_same_as_docxtpl(renderer, base)
    prepared = renderer._prepare()
    assert prepared is not None and prepared.compiled is None
    assert_same_as_docxtpl(renderer, {**base, "title": "又一份"})
    assert renderer.stats.compiled == 0


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _source(inner: str) -> str:
    return f'<w:body xmlns:w="{W}">{inner}</w:body>'


ROOT_NS = frozenset({("w", W)})


@pytest.mark.parametrize("inner", [
    "<w:p><w:r><w:t>{{- x }}</w:t></w:r></w:p>",  # whitespace control
    "<w:p><w:r><w:t>{{ x +}}</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>{{ x }}{</w:t></w:r></w:p>",  # a brace next to a value
    "<w:p><w:r><w:t>_{{ x }}</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>&amp{{ x }};</w:t></w:r></w:p>",  # an entity split by a tag
    "<w:p><w:r><w:t>\t{{ x }}</w:t></w:r></w:p>",  # a tab in the static text
])
def test_compiling_is_refused_for(inner: str) -> None:
    assert _compile_body(make_env(), _source(inner), ROOT_NS) is None


def test_a_body_with_a_foreign_namespace_is_not_compiled() -> None:
    source = _source("<w:p/>").replace("<w:body ", '<w:body xmlns:x="urn:x" ')
    assert _compile_body(make_env(), source, ROOT_NS) is None
    assert _compile_body(make_env(), _source("<w:p><w:r><w:t>{{ x }}</w:t></w:r></w:p>"),
                         ROOT_NS) is not None


# ---------------------------------------------------------------- {%tr %} row blocks: letters

LETTER_TEMPLATE = resource_dir("templates") / "letter.docx"


def letter_contexts() -> list[dict[str, Any]]:
    """The sample 督查 workbook's letters, as `fupin-docs letters` renders them."""
    from fupin_docs.kinds.letter import KIND as LETTER
    from fupin_docs.outputs.report import Report
    from fupin_docs.pipeline import RunOptions, check_groups

    sample = resource_dir("samples") / "督查.xlsx"
    report = Report(kind="letter", label="整改意见书", source=str(sample))
    groups, ctx = check_groups(LETTER, sample, RunOptions(), report)
    return [LETTER.context(g.parent, g.children, ctx) for g in groups if g.ok]


def test_letter_row_loops_are_compiled_and_render_like_docxtpl() -> None:
    """The 附件 table's {%tr for %} / {%tr if %} rows (whole rows repeated or left out)
    no longer send the letter to the lxml path: compiled, byte for byte docxtpl's."""
    renderer = DocxRenderer(LETTER_TEMPLATE)
    prepared = renderer._prepare()
    assert prepared is not None and prepared.compiled is not None
    contexts = letter_contexts()
    assert len(contexts) >= 3
    for context in contexts:
        assert_same_as_docxtpl(renderer, context)
    one = contexts[0]
    for problems in ([], one["problems"][:1], one["problems"] * 3,
                     [{**p, "whole": not p["whole"]} for p in one["problems"]]):
        assert_same_as_docxtpl(renderer, {**one, "problems": problems})
    assert renderer.stats.compiled == renderer.stats.fast == len(contexts) + 4
    assert prepared.compiled.verified and prepared.compiled.verified_newlines


PROBLEM = st.fixed_dictionaries({
    "n": st.integers(1, 99), "cn": VALUE, "problem": VALUE, "item": VALUE, "opinion": VALUE,
    "deadline": VALUE, "deadline_short": VALUE, "result": VALUE, "review_date": VALUE,
    "whole": st.booleans(),
})


@SETTINGS
@given(data=st.data())
def test_letter_compiled_body_random_values_render_like_docxtpl(data: st.DataObject) -> None:
    base = letter_contexts()[0]
    # (standard_title and the office names are in the footer or the 版记 only through the
    # body; every string of the body drawn at random)
    context = {k: data.draw(VALUE, label=k) if isinstance(v, str) else v
               for k, v in base.items()}
    context["problems"] = data.draw(st.lists(PROBLEM, max_size=4), label="problems")
    context["filed_date"] = data.draw(st.one_of(st.just(""), VALUE), label="filed_date")
    assert_same_as_docxtpl(_renderer(LETTER_TEMPLATE), context)


def _table(rows: str) -> str:
    grid = "<w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
    return f"<w:tbl><w:tblPr/>{grid}{rows}</w:tbl>"


ROW = "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
SHORT_ROW = "<w:tr><w:tc><w:p/></w:tc></w:tr>"


@pytest.mark.parametrize("xml, ok", [
    (_table(ROW + "{% for x in xs %}" + ROW + "{% endfor %}"), True),
    (_table(ROW + "{% if a %}" + ROW + "{% else %}" + SHORT_ROW + "{% endif %}"), True),
    # every full row may be left out: fix_tables could then drop a grid column
    (_table(SHORT_ROW + "{% for x in xs %}" + ROW + "{% endfor %}"), False),
    (_table("{% for x in xs %}" + ROW + "{% endfor %}"), False),
    # a block from between rows into a row, or from one table into another
    (_table(ROW + "{% if a %}" + ROW[:-7] + "{% endif %}</w:tr>"), False),
    (_table(ROW + "{% if a %}") + _table(ROW + "{% endif %}"), False),
    # a block around the grid
    ("<w:tbl>{% if a %}<w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>{% endif %}" + SHORT_ROW
     + "</w:tbl>", False),
])
def test_row_blocks_that_keep_the_table_shape(xml: str, ok: bool) -> None:
    assert render_docx._blocks_keep_table_shapes(xml) is ok
