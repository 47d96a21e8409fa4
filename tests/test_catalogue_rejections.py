"""标准目录: every rejected row says why (counts add up with issues naming the cells), one
channel alias table with the 处理单 (第7.1条), the summary of ``catalogue --catalogue`` and the
example of ``init slips --catalogue``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.kinds.catalogue import CatalogueOptions
from fupin_docs.pipeline.catalogue import run_catalogue_batch
from tests.test_catalogue import YIMEI, write_units
from tests.test_import_catalogue_use import imported  # noqa: F401  (a fixture)

STAR = "扶贫资金/财政专项扶贫资金分配结果"


def unit(name: str) -> dict[str, object]:
    return {**YIMEI, "unit": name}


def test_every_rejected_row_says_why_and_names_the_cells(tmp_path: Path) -> None:
    src = write_units(tmp_path / "单位.xlsx", [unit("石窝镇"), unit("白沙镇"), unit("青花镇")], [
        dict(unit="石窝镇", action="不适用", item="扶贫资金/精准扶贫贷款"),  # no reason: error
        dict(unit="白沙镇", action="不适用", item="扶贫资金/精准扶贫贷款", reason="本镇无此业务"),
        dict(unit="青花镇", action="修改", item=STAR, channels=["抖音"]),  # unknown: error
        dict(unit="青花镇 ", action="修改", item=STAR, deadline="每年3月底前"),  # fine on its own
    ])
    report = run_catalogue_batch(src, tmp_path / "out", CatalogueOptions(year=2026))
    sheets = report.extra["sheets"]
    assert sheets["单位"] == {"rows_read": 3, "rendered": 1, "rejected": 2}
    assert sheets["调整"] == {"rows_read": 4, "rendered": 1, "rejected": 3}
    rows_with_issues = {(i.sheet, i.row) for i in report.issues}
    # every rejected row: 单位 rows 2 (石窝镇) and 4 (青花镇), 调整 rows 2, 4 and 5
    for where in (("单位", 2), ("单位", 4), ("调整", 2), ("调整", 4), ("调整", 5)):
        assert where in rows_with_issues, where
    blocked = {(i.sheet, i.row): i for i in report.issues if i.code == "group.blocked"}
    assert set(blocked) == {("单位", 2), ("单位", 4), ("调整", 5)}
    assert all(i.severity == "warning" for i in blocked.values())
    assert "调整!D2" in blocked[("单位", 2)].message and "本单位的目录没有生成" in \
        blocked[("单位", 2)].message
    assert "调整!" in blocked[("调整", 5)].message and "这一行调整没有用到" in \
        blocked[("调整", 5)].message
    assert blocked[("单位", 4)].column_letter == "A"


def test_adapt_sheet_takes_the_slips_channel_aliases_第7_1条(tmp_path: Path) -> None:
    """公示栏 is the 处理单's alias of 社区/企事业单位/村公示栏（电子屏）: so in 调整 too."""
    src = write_units(tmp_path / "单位.xlsx", [unit("青花镇")], [
        dict(unit="青花镇", action="修改", item=STAR, channels=["政府网站", "公示栏"]),
    ])
    report = run_catalogue_batch(src, tmp_path / "out", CatalogueOptions(year=2026))
    assert not [i for i in report.issues if i.severity == "error"], report.issues
    assert report.extra["sheets"]["调整"]["rendered"] == 1
    ws = openpyxl.load_workbook(next((tmp_path / "out").glob("2026年青花镇*.xlsx"))).active
    row = next(r for r in ws.iter_rows(values_only=True)
               if any("分配结果" in str(v) for v in r if v))
    channels = next(str(v) for v in row if v and "政府网站" in str(v))
    assert "■政府网站" in channels and "■社区/企事业单位/村公示栏（电子屏）" in channels


def test_render_summary_counts_catalogues_not_rows(imported: Path, tmp_path: Path) -> None:  # noqa: F811
    r = CliRunner().invoke(cli, ["catalogue", "--catalogue", str(imported), "-o",
                                 str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    head = r.output.splitlines()[0]
    assert "读取目录 3 份，生成目录 3 份（6 个文件）" in head, head
    assert "行" not in head.split("）：", 1)[1]


def test_init_slips_example_is_an_item_of_the_loaded_catalogues(
    imported: Path, tmp_path: Path,  # noqa: F811
) -> None:
    book = tmp_path / "处理单.xlsx"
    r = CliRunner().invoke(cli, ["init", "slips", str(book), "--catalogue", str(imported)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(book)
    options = {c.value for c in wb["_选项"]["A"]}
    example = next(str(c.value) for row in wb["说明"].iter_rows() for c in row
                   if c.value and str(c.value).startswith("示例"))
    item = example.split("公开事项 ", 1)[1].split("；", 1)[0]
    assert item in options and STAR not in example
    # the built-in catalogues keep the built-in example
    CliRunner().invoke(cli, ["init", "slips", str(tmp_path / "b.xlsx")])
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert any(STAR in str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)
