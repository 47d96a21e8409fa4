"""The body spliced in as text (no lxml parse) when the template allows it, and the lxml
path (fix_tables, docPr ids, parse and serialise) whenever it might matter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree
from markupsafe import Markup

from fupin_docs.render import docx as render_docx
from fupin_docs.render.docx import DocxRenderer, _text_only_body, make_env
from tests.test_render_fast import SLIP_TEMPLATE, assert_same_as_docxtpl, slip_contexts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _body(inner: str) -> tuple[str, Any]:
    xml = f'<w:body xmlns:w="{W}">{inner}</w:body>'
    return xml, etree.fromstring(xml)


def test_slip_body_is_spliced_as_text_and_matches_docxtpl(
        monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = DocxRenderer(SLIP_TEMPLATE)
    prepared = renderer._prepare()
    assert prepared is not None and prepared.text_only is None  # eligible, not yet confirmed
    base = slip_contexts()[0]
    assert_same_as_docxtpl(renderer, base)
    assert prepared.text_only is True  # the first record agreed with the lxml path
    tricky = ['"', "'", "&", "<w:p>", "", " ", "a\rb", "a\x01b", "\x0bx", "\ufffe",
              Markup("&amp;粗"), "&#34;", "&amp;#39;", "一\n二", "\n", "a\tb\n", "段\a落",
              "分\f页", "\n\n"]
    for value in tricky:
        for key in ("title", "remarks", "summary", "reason"):
            assert_same_as_docxtpl(renderer, {**base, key: value})
    assert prepared.text_only is True
    parsed: list[int] = []
    real = render_docx._fix_tables
    monkeypatch.setattr(render_docx, "_fix_tables",
                        lambda helper, xml: parsed.append(1) or real(helper, xml))
    renderer.render({**base, "summary": "第一行\n第二行\t（续）"})
    assert parsed == []  # line breaks and tabs stay on the text path


def _grid_template(tmp_path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("{{ title }}")
    table = doc.add_table(rows=2, cols=3)
    for row in table.rows:
        row._tr.remove(row._tr.tc_lst[-1])
    table.rows[0].cells[0].text = "{{ a }}"
    path = tmp_path / "grid.docx"
    doc.save(str(path))
    return path


def test_a_table_that_needs_fix_tables_takes_the_lxml_path(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = render_docx._fix_tables
    monkeypatch.setattr(render_docx, "_fix_tables",
                        lambda helper, xml: calls.append(1) or real(helper, xml))
    renderer = DocxRenderer(_grid_template(tmp_path))
    prepared = renderer._prepare()
    assert prepared is not None and prepared.text_only is False
    assert_same_as_docxtpl(renderer, {"title": "表", "a": "一"})
    assert calls  # fix_tables ran
    text = renderer.render({"title": "表", "a": "一"})
    assert text  # still renders


def test_a_block_across_table_cells_takes_the_lxml_path(tmp_path: Path) -> None:
    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "{% if show %}甲"
    table.rows[0].cells[1].text = "乙{% endif %}"
    path = tmp_path / "span.docx"
    doc.save(str(path))
    renderer = DocxRenderer(path)
    prepared = renderer._prepare()
    assert prepared is not None and prepared.text_only is False
    for show in (True, False):
        assert_same_as_docxtpl(renderer, {"show": show})


@pytest.mark.parametrize("inner", [
    '<w:p><w:pPr><w:pStyle w:val="{{ style }}"/></w:pPr></w:p>',  # tag in an attribute
    "<w:p><w:r><w:t>{{ x|safe }}</w:t></w:r></w:p>",  # raw markup
    "<w:p><w:r><w:t>{{ x.upper() }}</w:t></w:r></w:p>",  # a call
    "<w:p><w:r><w:t>{% set y = 1 %}{{ y }}</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>{# note #}</w:t></w:r></w:p>",
    '<w:p><w:r><w:t>{{ x }}</w:t><w:drawing><wp:docPr xmlns:wp="urn:wp" id="1"/></w:drawing></w:r></w:p>',
    "<w:p><w:r><w:t>{% if x %}</w:t></w:r></w:p>",  # unclosed
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{ x }}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",  # no grid
])
def test_text_splice_is_refused_for(inner: str) -> None:
    xml, body = _body(inner)
    assert not _text_only_body(make_env(), xml, body)


def test_text_splice_is_allowed_for_text_tags_and_blocks_in_one_cell() -> None:
    xml, body = _body(
        "<w:p><w:r><w:t>{{ x|mask_id }}{% if y %}有{% else %}无{% endif %}</w:t></w:r></w:p>"
        "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p><w:r>"
        "<w:t>{% for i in items %}{{ i }}{% endfor %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    assert _text_only_body(make_env(), xml, body)


def test_a_difference_on_the_first_record_turns_the_text_splice_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_docx, "_canonical", lambda xml: xml + " ")
    renderer = DocxRenderer(SLIP_TEMPLATE)
    base = slip_contexts()[0]
    assert_same_as_docxtpl(renderer, base)
    prepared = renderer._prepare()
    assert prepared is not None and prepared.text_only is False
    assert_same_as_docxtpl(renderer, {**base, "title": "又一份"})
