"""Issue 17: importing the toolkit's own rendered catalogue gives back the catalogue.

For both built-in catalogues, from .xlsx and from .docx, every rendered field is compared;
and an imported catalogue rendered by `fupin-docs catalogue --catalogue` (its own channels
and level columns: one level, none, three audiences ...) imports back to itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.pipeline.catalogue import run_catalogue_render
from fupin_docs.standard.catalogues import load_catalogues
from fupin_docs.standard.catalogues.importer import import_file
from fupin_docs.standard.catalogues.model import BUILTIN, Catalogue, builtin_catalogue
from tests import catalogue_tables as ct

ITEM_FIELDS = [("no", "no"), ("level1", "level1"), ("level2", "level2"),
               ("elements", "elements"), ("basis", "basis"), ("deadline", "deadline_text"),
               ("publisher", "publisher"), ("channels", "channels"),
               ("audiences", "audiences"), ("modes", "modes"), ("levels", "levels")]


def _same(cat: Catalogue, imported: dict[str, Any]) -> None:
    assert imported["title"] == cat.title
    assert imported["unit"] == cat.unit
    for key in ("level_columns", "channels", "audiences", "modes"):
        assert imported[key] == list(getattr(cat, key)), key
    assert len(imported["items"]) == len(cat.items)
    for item, got in zip(cat.items, imported["items"], strict=True):
        for key, attr in ITEM_FIELDS:
            want = getattr(item, attr)
            assert got[key] == (list(want) if isinstance(want, tuple) else want), (item.label, key)
        assert (got["deadline_rule"] is None) is (item.deadline is None), item.label


@pytest.mark.parametrize("name", BUILTIN)
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_builtin_catalogue_round_trip(name: str, fmt: str, tmp_path: Path) -> None:
    cat = builtin_catalogue(name)
    report = run_catalogue_render([cat], tmp_path)
    (rendered,) = [tmp_path / f for f in report.outputs if f.endswith(f"标准目录.{fmt}")]
    (table,) = import_file(rendered)
    assert not table.errors
    _same(cat, table.catalogue)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_imported_catalogues_render_and_import_back(fmt: str, tmp_path: Path) -> None:
    cats = load_catalogues([ct.multi_docx(tmp_path / "目录.docx"),
                            Path(__file__).parent / "data" / "catalogues_real" / "huji_luojiang.xlsx"])
    shapes = {(len(c.audiences), len(c.modes), len(c.level_columns)) for c in cats}
    assert shapes == {(2, 2, 1), (2, 2, 0), (2, 2, 2)}
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["catalogue", "--catalogue", str(tmp_path / "目录.docx"),
                                      "--catalogue", str(Path(__file__).parent / "data"
                                                         / "catalogues_real" / "huji_luojiang.xlsx"),
                                      "-o", str(out), "--format", fmt])
    assert result.exit_code == 0, result.output
    for cat in cats:
        stem = f"{cat.unit}{cat.area}领域标准目录"
        matches = sorted(out.glob(f"{stem}*.{fmt}"))
        assert matches, stem
        (table,) = import_file(matches[0])
        _same(cat, table.catalogue)


def test_catalogue_without_units_or_catalogue_is_a_chinese_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["catalogue", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "--catalogue" in result.output
