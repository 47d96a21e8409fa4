"""A units workbook whose 基础目录 is an imported catalogue (catalogue UNITS --catalogue).

The unit's catalogue is the county's own table (its channels, 公开对象/方式 words and level
columns), renamed and adapted like a built-in base; without --catalogue nothing changes.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from fupin_docs.app.cli import cli
from fupin_docs.kinds.blank import CATALOGUE_NOTES, write_input_workbook
from fupin_docs.kinds.catalogue import CatalogueOptions, resolve_base
from fupin_docs.pipeline.catalogue import run_catalogue_batch
from fupin_docs.resources import load_schema
from fupin_docs.standard.catalogues import load_catalogues

REAL = Path(__file__).parent / "data" / "catalogues_real"
WUBU = "宋家川街道办事处标准目录"  # zonghe_wubu: no 领域, own channels 入户现场 and 公示栏
GAIZHOU = "盖州市民政局社会救助领域标准目录"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("imported")
    result = CliRunner().invoke(cli, ["import-catalogue", str(REAL / "jiuzhu_gaizhou.docx"),
                                      str(REAL / "zonghe_wubu.html"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _book(path: Path, units: list[dict[str, Any]],
          adaptations: list[dict[str, Any]] | None = None) -> Path:
    units_schema = copy.deepcopy(load_schema("catalogue_units"))
    units_schema["properties"]["base"].pop("enum")  # the test writes imported names
    sheets = [(units_schema, units)]
    if adaptations is not None:
        adapt = copy.deepcopy(load_schema("catalogue_adapt"))
        for name in ("audiences", "modes"):
            adapt["properties"][name]["items"].pop("enum")
        sheets.append((adapt, adaptations))
    write_input_workbook(path, sheets, {"catalogue-items": []}, CATALOGUE_NOTES)
    return path


def _run(tmp_path: Path, imported: Path, units: list[dict[str, Any]],
         adaptations: list[dict[str, Any]] | None = None) -> Any:
    src = _book(tmp_path / "单位.xlsx", units, adaptations)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["catalogue", str(src), "-o", str(out), "--year", "2026",
                                      "--catalogue", str(imported), "--json", "-j", "1"])
    assert result.output.startswith("{"), result.output
    return json.loads(result.output), out


def test_base_names_an_imported_catalogue_by_name_area_or_unit(imported: Path) -> None:
    cats = tuple(load_catalogues([imported]))
    for text in (GAIZHOU, "社会救助", "盖州市民政局"):
        found, why = resolve_base(text, cats)
        assert found is not None and found.area == "社会救助", (text, why)
    found, _ = resolve_base("扶贫领域基层政务公开标准目录", cats)
    assert found is not None and found.id == "yimei"  # the built-ins stay available
    found, why = resolve_base("", cats)  # two loaded: which one?
    assert found is None and GAIZHOU in why and WUBU in why
    found, why = resolve_base("住房保障", cats)
    assert found is None and "不是载入的目录" in why
    only, _ = resolve_base("", cats[:1])
    assert only is cats[0]
    twice = (*cats, cats[0].__class__(**{**cats[0].__dict__, "id": "copy", "unit": "别的局"}))
    found, why = resolve_base("社会救助", twice)
    assert found is None and "领域" in why and "别的局社会救助领域标准目录" in why


def test_unit_on_an_imported_base_keeps_the_tables_channels_and_levels(
        tmp_path: Path, imported: Path) -> None:
    report, out = _run(tmp_path, imported, [
        {"unit": "宋家川街道", "base": WUBU, "year": 2026},
        {"unit": "盖州市", "base": "社会救助", "level_1": "市级", "year": 2026},
    ])
    units = {u["unit"]: u for u in report["units"]}
    assert units["宋家川街道"]["ok"] and units["盖州市"]["ok"], report["issues"]
    assert units["宋家川街道"]["levels"] == "镇级、村级"  # the table's own columns
    assert units["盖州市"]["base"] == GAIZHOU  # the summary names the imported catalogue
    assert units["盖州市"]["levels"] == "市级、乡、村级"  # 县级 renamed, 乡、村级 kept
    assert report["stats"]["rejected"] == 0
    ws = openpyxl.load_workbook(out / "2026年宋家川街道标准目录.xlsx").active
    texts = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "■入户现场" in texts or "□入户现场" in texts
    assert "公示栏" in texts and "社区/企事业单位/村公示栏" not in texts
    joined = texts.replace("\n", "")  # cells carry print line breaks (特定\n群体)
    assert "特定群体" in joined and "镇级" in joined and "村级" in joined
    doc = Document(str(out / "2026年盖州市标准目录.docx"))
    cells = {c.text.replace("\n", "") for t in doc.tables for row in t.rows
             for c in row.cells}  # the √ headers break between words (乡、/村级)
    assert "市级" in cells and "乡、村级" in cells and "县级" not in cells


def test_adaptations_apply_to_an_imported_base(tmp_path: Path, imported: Path) -> None:
    report, _out = _run(tmp_path, imported, [{"unit": "宋家川街道", "base": WUBU, "year": 2026}], [
        {"unit": "宋家川街道", "action": "修改", "item": "政策文件/相关文件",
         "channels_add": "公示栏", "channels_remove": "入户现场", "levels": "镇级"},
        {"unit": "宋家川街道", "action": "不适用", "item": "政策文件/惠民政策明白卡",
         "reason": "本街道无此项"},
        {"unit": "宋家川街道", "action": "新增", "item": "政策解读/政策问答",
         "elements": "解读材料", "basis": "《条例》", "deadline": "文件公布后5个工作日内",
         "publisher": "街道办", "channels": "公示栏", "audiences": "特定群体", "modes": "依申请",
         "levels": "村级"},
        {"unit": "宋家川街道", "action": "修改", "item": "政策文件/其他政策文件",
         "channels": "政府公报"},  # not among this table's channels
    ])
    bad = [i for i in report["issues"] if i["severity"] == "error"]
    # 政府公报 refused, so the item is left with no channel: both named at that row's cell
    assert [i["code"] for i in bad] == ["catalogue.adapt.channel_known",
                                        "catalogue.row.channels"], bad
    assert {(i["sheet"], i["row"]) for i in bad} == {("调整", 5)}
    assert "政府公报" in bad[0]["message"] and "入户现场" in bad[0]["message"]
    # the unit with a bad adaptation is not written: it and its 4 调整 rows are rejected
    assert report["stats"]["rejected"] == 5 and not report["units"][0]["ok"]


def test_adapted_imported_base_is_written_with_its_changes(tmp_path: Path, imported: Path) -> None:
    report, out = _run(tmp_path, imported, [{"unit": "宋家川街道", "base": WUBU, "year": 2026}], [
        {"unit": "宋家川街道", "action": "修改", "item": "政策文件/相关文件",
         "channels": "公示栏", "levels": "村级"},
        {"unit": "宋家川街道", "action": "不适用", "item": "政策文件/惠民政策明白卡",
         "reason": "本街道无此项"},
        {"unit": "宋家川街道", "action": "新增", "item": "政策解读/政策问答",
         "elements": "解读材料", "basis": "《条例》", "deadline": "文件公布后5个工作日内",
         "publisher": "街道办", "channels": "公示栏", "audiences": "特定群体", "modes": "依申请",
         "levels": "村级"},
    ])
    (unit,) = report["units"]
    assert unit["ok"] and unit["items"] == 6 and unit["added"] == 1, report["issues"]
    assert unit["not_applicable"] == 1
    ws = openpyxl.load_workbook(out / "2026年宋家川街道标准目录.xlsx").active
    # cells carry print line breaks (books: no line starts with 、): compare without them
    rows = [[str(c.value or "").replace("\n", "") for c in row] for row in ws.iter_rows()]
    flat = ["|".join(r) for r in rows]
    assert any("政策问答" in r and "文件公布后5个工作日内" in r for r in flat)
    assert any("惠民政策明白卡" in r and "本街道无此项" in r for r in flat)
    related = next(r for r in rows if "相关文件" in r)
    checklist = next(c for c in related if "公示栏" in c)
    assert "■公示栏" in checklist and "■入户现场" not in checklist


def test_bad_base_and_levels_are_named_at_their_cells(tmp_path: Path, imported: Path) -> None:
    report, _ = _run(tmp_path, imported, [
        {"unit": "甲", "base": "住房保障", "year": 2026},
        {"unit": "乙", "year": 2026},
        {"unit": "丙", "base": "扶贫领域基层政务公开标准目录", "year": 2026},
    ])
    errors = {(i["row"], i["code"]): i for i in report["issues"] if i["severity"] == "error"}
    assert (2, "catalogue.unit.base") in errors and "住房保障" in errors[(2, "catalogue.unit.base")][
        "message"]
    assert (3, "catalogue.unit.base") in errors  # two loaded, none named
    assert {i["column"] for i in report["issues"] if i["row"] == 4
            and i["code"] == "catalogue.unit.levels_required"} == {"公开层级一", "公开层级二"}
    assert report["stats"]["rejected"] == 3


def test_init_catalogue_offers_the_imported_names(tmp_path: Path, imported: Path) -> None:
    book = tmp_path / "单位.xlsx"
    result = CliRunner().invoke(cli, ["init", "catalogue", str(book), "--catalogue",
                                      str(imported)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    values = [c.value for row in wb["_选项"].iter_rows() for c in row]
    assert GAIZHOU in values and WUBU in values and "扶贫领域基层政务公开标准目录" in values
    assert "综合业务/监督检查" in values  # the imported items for the 调整 sheet
    guide = "\n".join(str(c.value) for c in wb["说明"]["A"] if c.value)
    assert "以本县导入的目录为基础" in guide and "领域" in guide
    headers = [c.value for c in wb["单位"][1]]
    assert "公开层级一" in headers  # optional with an imported base: no *


def test_without_catalogue_the_units_workbook_is_unchanged(tmp_path: Path) -> None:
    src = _book(tmp_path / "单位.xlsx", [{"unit": "伊美区", "base": "社会救助", "level_1": "区级",
                                          "level_2": "镇级", "year": 2026}])
    report = run_catalogue_batch(src, tmp_path / "out", CatalogueOptions(year=2026))
    assert [i.field for i in report.issues if i.severity == "error"] == ["base"]


def _catalogue_help(*command: str) -> str:
    result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=400)
    assert result.exit_code == 0, result.output
    start = result.output.index("\n  --catalogue")  # the option's line, not the description
    return "".join(result.output[start:].split("\n  -")[1].split())


def test_catalogue_help_says_what_each_command_does_with_it(tmp_path: Path, imported: Path) -> None:
    """slips and ledger check against the county's catalogues instead of the built-in ones; the
    catalogue batch adds them to the built-ins (a unit may still name 伊美区's catalogue, and the
    test above shows resolve_base finding it); init says both, per kind."""
    for command in ("slips", "ledger"):
        assert "代替内置的伊美区、万源市目录" in _catalogue_help(command), command
    batch = _catalogue_help("catalogue")
    assert "代替" not in batch and "之外" in batch and "也仍可填内置目录" in batch
    init = _catalogue_help("init")
    assert "slips：「公开事项」下拉列表只列这些目录的事项（代替内置目录）" in init
    assert "catalogue：「基础目录」下拉列表在内置的伊美区、万源市目录之外加上这些目录" in init
    assert "只按给出的目录核对" in _catalogue_help("inspect")
    # and the batch does what its help says: a unit on the built-in base, --catalogue given
    report, _ = _run(tmp_path, imported, [
        {"unit": "伊美区", "base": "扶贫领域基层政务公开标准目录", "level_1": "区级",
         "level_2": "镇级", "year": 2026},
        {"unit": "盖州市", "base": "社会救助", "level_1": "市级", "year": 2026}])
    assert report["stats"]["rejected"] == 0, report["issues"]
    assert {u["unit"] for u in report["units"] if u["ok"]} == {"伊美区", "盖州市"}
