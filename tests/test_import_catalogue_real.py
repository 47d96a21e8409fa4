"""Issue 17: the three real published tables import to what their expected.json lists.

Every field of every expected row is compared (公开依据: its first 30 characters, as the
README of the samples says; 公开内容: the published text, split into elements the way a
clerk reads it: one per line or space-separated phrase, list numbering dropped).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from fupin_docs.standard.catalogues.importer import ImportedTable, import_file

REAL = Path(__file__).parent / "data" / "catalogues_real"
CASES = ["huji_luojiang.xlsx", "jiuzhu_gaizhou.docx", "zonghe_wubu.html"]


def _expected(name: str) -> dict[str, Any]:
    return json.loads((REAL / name).with_suffix(".expected.json").read_text(encoding="utf-8"))


def _elements(published: str) -> list[str]:
    return [re.sub(r"^\d+[.、]", "", p) for p in published.split()]


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], list[ImportedTable]]:
    name: str = request.param
    return _expected(name), import_file(REAL / name)


def test_table_and_row_counts(case: tuple[dict[str, Any], list[ImportedTable]]) -> None:
    exp, tables = case
    assert len(tables) == exp["tables"]
    assert len(tables[0].catalogue["items"]) == exp["data_rows"]
    assert not tables[0].errors


def test_level_columns_as_offered(case: tuple[dict[str, Any], list[ImportedTable]]) -> None:
    exp, tables = case
    cat = tables[0].catalogue
    assert bool(cat["level_columns"]) is exp["has_level_column"]
    assert cat["level_columns"] == exp["levels_offered"]


def test_every_expected_field(case: tuple[dict[str, Any], list[ImportedTable]]) -> None:
    exp, tables = case
    items = {str(i["no"]): i for i in tables[0].catalogue["items"]}
    skip = set(exp.get("not_asserted", []))
    for row in exp["rows"]:
        item = items[row["序号"]]
        where = f"序号 {row['序号']}"
        assert item["level1"] == row["一级事项"], where
        assert item["level2"] == row["二级事项"], where
        assert item["elements"] == _elements(row["公开内容"]), where
        assert item["basis"].startswith(row["公开依据"]), where
        dl = row["公开时限"]
        assert item["deadline"] == dl["text"], where
        rule = item["deadline_rule"]
        if dl["n"] is None:
            assert rule is None, where
        else:
            assert (rule["n"], rule["unit"]) == (dl["n"], dl["unit"]), where
        assert item["publisher"] == row["公开主体"], where
        assert item["channels"] == row["公开渠道"], where
        for key, field in [("公开对象", "audiences"), ("公开方式", "modes"), ("公开层级", "levels")]:
            if key in skip:
                continue
            assert item[field] == (row[key] or []), (where, key)


def test_letter_spaced_deadline_keeps_its_trigger() -> None:
    item = import_file(REAL / "jiuzhu_gaizhou.docx")[0].catalogue["items"][0]
    assert item["deadline_rule"] == {"kind": "workdays", "trigger": "制定或获取信息之日起",
                                     "n": 10, "unit": "工作日"}


def test_unticked_extra_channel_is_kept_in_the_units_list() -> None:
    cat = import_file(REAL / "jiuzhu_gaizhou.docx")[0].catalogue
    assert cat["channels"][:2] == ["政府网站", "征地信息公开平台"]
    # the wrapped national name is folded back to its national spelling
    assert "社区/企事业单位/村公示栏（电子屏）" in cat["channels"]


def test_area_and_title_from_the_heading() -> None:
    gz = import_file(REAL / "jiuzhu_gaizhou.docx")[0]
    assert (gz.area, gz.title) == ("社会救助", "社会救助领域基层政务公开标准目录")
    lj = import_file(REAL / "huji_luojiang.xlsx")[0]
    assert lj.area == "户籍管理"  # no title line: the sheet's name
    wb = import_file(REAL / "zonghe_wubu.html")[0]
    assert wb.unit == "宋家川街道办事处"


def test_note_below_the_table_is_no_item() -> None:
    lj = import_file(REAL / "huji_luojiang.xlsx")[0]
    assert len(lj.notes) == 1 and "截断" in lj.notes[0]


def test_missing_ticks_are_warned_not_invented() -> None:
    wb = import_file(REAL / "zonghe_wubu.html")[0]
    assert all(i["audiences"] == [] and i["levels"] == [] for i in wb.catalogue["items"])
    unticked = [f for f in wb.findings if f.code == "import.item.unticked"]
    assert len(unticked) == 5 and {f.row for f in unticked} == {3, 4, 5, 6, 7}
    assert "公开对象、公开方式、公开层级" in unticked[0].message
