"""Issue 17: import-catalogue writes valid catalogues and a report; --catalogue uses them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from fupin_docs.app.cli import cli
from fupin_docs.inputs.validate import SchemaChecker
from fupin_docs.kinds.blank import SLIP_NOTES, write_input_workbook
from fupin_docs.pipeline import RunOptions
from fupin_docs.pipeline.ledger import run_ledger
from fupin_docs.resources import load_schema
from fupin_docs.standard.calendar.workdays import WorkdayCalendar
from fupin_docs.standard.catalogues import catalogue_schema, load_catalogues
from fupin_docs.standard.catalogues.model import ItemIndex
from fupin_docs.types import FupinError
from tests import catalogue_tables as ct

REAL = Path(__file__).parent / "data" / "catalogues_real"
D = dt.date


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("imported")
    result = CliRunner().invoke(cli, ["import-catalogue", str(REAL / "huji_luojiang.xlsx"),
                                      str(REAL / "jiuzhu_gaizhou.docx"),
                                      str(REAL / "zonghe_wubu.html"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_one_valid_catalogue_per_table(imported: Path) -> None:
    validator = Draft202012Validator(load_schema("catalogue"))
    names = sorted(p.name for p in imported.glob("*.json") if p.name != "report.json")
    assert names == ["huji_luojiang.json", "jiuzhu_gaizhou.json", "zonghe_wubu.json"]
    for name in names:
        data = json.loads((imported / name).read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(data)), name
    gz = json.loads((imported / "jiuzhu_gaizhou.json").read_text(encoding="utf-8"))
    assert gz["area"] == "社会救助"
    assert gz["items"][0]["deadline_rule"]["n"] == 10


def test_report_lists_every_item_and_unmapped_cell(imported: Path) -> None:
    report = json.loads((imported / "report.json").read_text(encoding="utf-8"))
    assert report["stats"]["rendered"] == 13 and report["stats"]["rejected"] == 0
    rows = [(i["file"], i["row"], i["label"]) for i in report["items"]]
    assert ("huji_luojiang.xlsx", 4, "出生/中国公民在国(境)外所生子女户口登记") in rows
    assert len(rows) == 13
    book = openpyxl.load_workbook(imported / "导入报告.xlsx")
    assert book.sheetnames[:2] == ["问题清单", "导入事项"]
    listed = [r for r in book["导入事项"].iter_rows(min_row=2, values_only=True)]
    assert len(listed) == 13 and listed[0][:4] == ("huji_luojiang.xlsx", "工作表「户籍管理」",
                                                   "huji_luojiang.json", 3)


def test_unmapped_cells_and_errors_are_in_the_report(tmp_path: Path) -> None:
    page = ct.gbk_html(tmp_path / "shimen.html")
    flawed = ct.flawed_xlsx(tmp_path / "flawed.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["import-catalogue", str(page), str(flawed), "-o", str(out)])
    assert result.exit_code == 1  # two rows not imported
    assert "flawed.xlsx 目录!C3 第3行 二级事项：缺少二级事项" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["stats"]["rows_read"] == report["stats"]["rendered"] + report["stats"]["rejected"]
    unmapped = [i for i in report["issues"] if i["code"] == "import.cell.unmapped"]
    assert [(i["file"], i["row"], i["column"], i["value"]) for i in unmapped] == [
        ("shimen.html", 3, "备注", "每年更新")]
    # the workbook's own cells are marked in the report copy
    marked = openpyxl.load_workbook(out / "导入报告.xlsx")
    assert "问题清单" in marked.sheetnames


def test_file_without_a_catalogue_is_an_error_the_others_still_import(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["import-catalogue", str(ct.not_a_catalogue(tmp_path / "名单.xlsx")),
                                      str(REAL / "huji_luojiang.xlsx"), "-o", str(out)])
    assert result.exit_code == 1
    assert "名单.xlsx 中没有找到标准目录表格" in result.output
    assert "名单.xlsx 名单.xlsx" not in result.output  # the file is named once, not twice
    assert (out / "huji_luojiang.json").is_file()
    assert not list(out.glob(".~*"))  # nothing half-written left behind


# ------------------------------------------------------------------ using it


def test_folder_loads_a_countys_set_of_areas(imported: Path) -> None:
    cats = load_catalogues([imported])
    assert [c.area for c in cats] == ["户籍管理", "社会救助", ""]  # report.json skipped


def test_loading_a_published_table_directly() -> None:
    (cat,) = load_catalogues([REAL / "jiuzhu_gaizhou.docx"])
    assert cat.find("政策法规文件") is not None


def test_a_table_with_bad_rows_is_refused_on_the_fly(tmp_path: Path) -> None:
    with pytest.raises(FupinError, match="缺少二级事项"):
        load_catalogues([ct.flawed_xlsx(tmp_path / "flawed.xlsx")])


def _slip(n: int, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict(
        number=f"盖民公〔2026〕{n}号", title=f"社会救助政策文件{n}", office="社会救助股",
        drafter="赵敏", draft_date=D(2026, 9, 30), formed_date=D(2026, 9, 30),
        item="综合业务/政策法规文件", category="一般性文件", disclosure="主动公开",
        check_truth="已核对", check_complete="已核对", check_secret="不涉密",
        channels=["政府网站"], ways=["全文发布"], deputy_name="王建国",
        deputy_opinion="同意公开。", deputy_date=D(2026, 9, 30), publisher="赵敏",
    )
    row.update(kw)
    return row


def test_slip_on_an_imported_社会救助_item_gets_its_10_working_days(
        imported: Path, tmp_path: Path) -> None:
    due = WorkdayCalendar().add_workdays(D(2026, 9, 30), 10)  # over the National Day holiday
    late = due + dt.timedelta(days=1)
    while not WorkdayCalendar().is_workday(late):
        late += dt.timedelta(days=1)
    book = tmp_path / "处理单.xlsx"
    rows = [_slip(1, published_date=due, deputy_date=due),
            _slip(2, published_date=late, deputy_date=late)]
    items = ItemIndex(load_catalogues([imported / "jiuzhu_gaizhou.json"]))
    write_input_workbook(book, [(load_schema("slip"), rows)],
                         {"catalogue-items": items.labels()}, SLIP_NOTES)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["slips", str(book), "-o", str(out), "-j", "1", "--json",
                                      "--catalogue", str(imported / "jiuzhu_gaizhou.json")])
    report = json.loads(result.output)
    late_issues = [i for i in report["issues"] if "公开超期" in i["message"]]
    assert [(i["row"], i["clause"]) for i in late_issues] == [(3, "第6.1条")]
    assert "盖州市民政局社会救助领域标准目录「综合业务/政策法规文件」：制定或获取信息之日起10个工作日内" \
        in late_issues[0]["message"]
    # without the county's catalogue the item is unknown to the toolkit
    plain = CliRunner().invoke(cli, ["slips", str(book), "-o", str(tmp_path / "o2"), "-j", "1",
                                     "--json"])
    assert any("综合业务/政策法规文件" in i["message"] for i in json.loads(plain.output)["issues"])


def test_ledger_deadline_column_names_the_imported_catalogue(imported: Path,
                                                             tmp_path: Path) -> None:
    items = ItemIndex(load_catalogues([imported]))
    book = tmp_path / "处理单.xlsx"
    write_input_workbook(book, [(load_schema("slip"), [_slip(1, published_date=D(2026, 10, 9),
                                                              deputy_date=D(2026, 10, 9))])],
                         {"catalogue-items": items.labels()}, SLIP_NOTES)
    out = tmp_path / "台账.xlsx"
    run_ledger(book, out, RunOptions(today=D(2026, 12, 1), items=items))
    ws = openpyxl.load_workbook(out)["发布台账"]
    headers = [str(c.value).replace("\n", "") for c in ws[2]]  # headers wrap between words
    row = dict(zip(headers, next(ws.iter_rows(min_row=3, values_only=True)), strict=False))
    assert "盖州市民政局社会救助领域标准目录「综合业务/政策法规文件」" in row["适用时限"]
    assert "制定或获取信息之日起10个工作日内" in row["适用时限"]


def test_init_slips_lists_the_imported_items(imported: Path, tmp_path: Path) -> None:
    book = tmp_path / "处理单.xlsx"
    result = CliRunner().invoke(cli, ["init", "slips", str(book), "--catalogue", str(imported)])
    assert result.exit_code == 0, result.output
    options = [c.value for c in openpyxl.load_workbook(book)["_选项"]["A"]]
    assert "综合业务/监督检查" in options and "出生/新生儿国内出生户口登记" in options
    assert "扶贫资金/财政专项扶贫资金分配结果" not in options  # the built-ins are replaced


def test_check_content_against_an_imported_item(imported: Path, tmp_path: Path) -> None:
    notice = tmp_path / "公告.txt"
    notice.write_text("社会救助监督检查公告\n社会救助信访通讯地址：盖州市民政局\n"
                      "社会救助投诉举报电话：0417-7654321\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check-content", str(notice), "--item", "监督检查",
                                      "--catalogue", str(imported), "--json"])
    data = json.loads(result.output)
    assert data["catalogue"] == "盖州市民政局社会救助领域标准目录"
    assert result.exit_code == 0, result.output


def test_a_catalogue_file_with_a_broken_deadline_rule_is_named(imported: Path,
                                                               tmp_path: Path) -> None:
    data = json.loads((imported / "jiuzhu_gaizhou.json").read_text(encoding="utf-8"))
    data["items"][0]["deadline_rule"] = {"kind": "workdays", "trigger": "批准后"}  # no n
    bad = tmp_path / "盖州.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FupinError, match=r"盖州\.json 不符合目录格式（items/0/deadline_rule）"):
        load_catalogues([bad])


@pytest.mark.parametrize("content, says", [
    ({"格式": "fupin-docs 工作日历", "year": 2027, "holidays": []}, "不是目录文件"),
    ({"valid": True, "kind": "import-catalogue", "stats": {}}, "不是目录文件"),
    ({"id": "x", "title": "目录", "unit": "县局", "source": "目录.docx", "level_columns": [], "channels": [],
      "audiences": [], "modes": [], "items": "无"}, "不符合目录格式（items）：应为列表"),
    ({"id": "x", "title": "目录", "items": []}, "缺少 unit、source"),
])
def test_a_json_that_is_not_a_catalogue_is_named_in_chinese(tmp_path: Path, content: object,
                                                            says: str) -> None:
    """A clerk passes the calendar file or report.json to --catalogue: a Chinese message."""
    bad = tmp_path / "错.json"
    bad.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FupinError) as err:
        load_catalogues([bad])
    text = str(err.value)
    assert "错.json" in text and says in text
    assert "required property" not in text and "is not of type" not in text


def test_a_catalogue_file_that_is_not_json_says_where_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "坏.json"
    bad.write_text('{"id": "x",\n  "items": [}', encoding="utf-8")
    with pytest.raises(FupinError, match=r"坏\.json 不是有效的 JSON：第2行第13列：此处缺少值"):
        load_catalogues([bad])


# ------------------------------------------------------------------ a county's own channels


def _own_channel_book(tmp_path: Path, channels: str) -> Path:
    book = tmp_path / "处理单.xlsx"
    write_input_workbook(book, [(load_schema("slip"), [_slip(1, item="政策文件/相关文件",
                                                              channels=channels)])],
                         {}, SLIP_NOTES)
    return book


def test_slip_channels_from_the_imported_catalogue_are_accepted(imported: Path,
                                                                 tmp_path: Path) -> None:
    """宋家川's table lists 公示栏 and 入户现场 as its own channels: with --catalogue a slip
    may name them; without, the national list alone is accepted, as before."""
    wubu = imported / "zonghe_wubu.json"
    book = _own_channel_book(tmp_path, "公示栏、入户现场")
    with_cat = CliRunner().invoke(cli, ["slips", str(book), "-o", str(tmp_path / "a"),
                                        "--catalogue", str(wubu), "--json"])
    report = json.loads(with_cat.output)
    channel_issues = [i for i in report["issues"] if i.get("field") == "channels"]
    assert channel_issues == [] and report["stats"]["rendered"] == 1, report["issues"]
    # 公示栏 stays the county's own name, not mapped onto the national 社区/…/村公示栏
    schema = catalogue_schema(load_schema("slip"), ItemIndex(load_catalogues([wubu])))
    values, _ = SchemaChecker(schema).coerce({"channels": "公示栏、微信"})
    assert values["channels"] == ["公示栏", "两微一端"]
    without = CliRunner().invoke(cli, ["slips", str(book), "-o", str(tmp_path / "b"), "--json"])
    report = json.loads(without.output)
    bad = [i for i in report["issues"] if i.get("field") == "channels"]
    assert bad and "入户现场" in bad[0]["message"] and report["stats"]["rejected"] == 1


def test_slip_channel_not_in_any_loaded_catalogue_is_still_refused(imported: Path,
                                                                   tmp_path: Path) -> None:
    book = _own_channel_book(tmp_path, "公示栏、广场大屏")
    result = CliRunner().invoke(cli, ["slips", str(book), "-o", str(tmp_path / "a"),
                                      "--catalogue", str(imported / "zonghe_wubu.json"),
                                      "--json"])
    report = json.loads(result.output)
    bad = [i for i in report["issues"] if i.get("field") == "channels"]
    assert len(bad) == 1 and "广场大屏" in bad[0]["message"] and "入户现场" in bad[0]["message"]


def test_init_slips_dropdown_offers_the_imported_channels(imported: Path, tmp_path: Path) -> None:
    book = tmp_path / "处理单.xlsx"
    result = CliRunner().invoke(cli, ["init", "slips", str(book), "--catalogue",
                                      str(imported / "zonghe_wubu.json")])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    headers = [c.value for c in wb["处理单"][1]]
    col = openpyxl.utils.get_column_letter(headers.index("公开渠道") + 1)
    (dv,) = [d for d in wb["处理单"].data_validations.dataValidation
             if str(d.sqref).startswith(f"{col}2")]
    letter = dv.formula1.split("!")[1].split(":")[0].strip("$").rstrip("$2").strip("$")
    listed = [c.value for c in wb["_选项"][letter]][1:]
    assert "公示栏" in listed and "入户现场" in listed and "政府网站" in listed
    plain = tmp_path / "plain.xlsx"
    assert CliRunner().invoke(cli, ["init", "slips", str(plain)]).exit_code == 0
    wb = openpyxl.load_workbook(plain)
    values = {c.value for row in wb["_选项"].iter_rows() for c in row}
    assert "政府网站" in values and "入户现场" not in values
