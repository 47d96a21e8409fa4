"""The ledger's titles, author and 汇总 breakdowns (第5.5条, 第6.1条): whose ledger it is (the
office profile's unit), which year it covers, and 时限未核对 rows kept out of every on-time rate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.resources import data_path
from fupin_docs.standard.profile import DEFAULT
from tests.test_ledger import slip, write_slips

D = dt.date
SHEETS = {"发布台账": "政务公开信息发布台账", "不予公开登记": "不予公开信息登记",
          "汇总": "政务公开信息发布汇总"}
YIMEI_ITEM = "扶贫资金/财政专项扶贫资金分配结果"  # an item of the 伊美区 catalogue


def invoke(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.output


def published_2027(n: int, **kw: Any) -> dict[str, Any]:
    """A slip published in 2027, whose holiday calendar the fresh data dir does not have."""
    return slip(n, number=f"万扶公〔2027〕{n}号", formed_date=D(2027, 3, 1),
                draft_date=D(2027, 3, 1), deputy_date=D(2027, 3, 2),
                published_date=D(2027, 3, 3), **kw)


def titles(target: Path) -> dict[str, Any]:
    wb = openpyxl.load_workbook(target)
    return {name: wb[name]["A1"].value for name in SHEETS} | {"creator": wb.properties.creator}


def test_built_in_unit_is_the_standards_subject_one_source() -> None:
    """《万源市扶贫工作公开规范》3.1 主体: 万源市扶贫移民工作局, as the 万源 catalogue says."""
    catalogue = json.loads(data_path("catalogues", "wanyuan.json").read_text(encoding="utf-8"))
    assert catalogue["unit"] == "万源市扶贫移民工作局"
    assert DEFAULT.unit == catalogue["unit"]
    assert DEFAULT.inspection_group == "万源市扶贫移民工作局政务公开督查小组"


@pytest.mark.parametrize("with_template", [False, True])
def test_ledger_title_and_author_are_the_profile_unit(tmp_path: Path, with_template: bool) -> None:
    """The 伊美区 catalogue's items do not make it 伊美区's ledger: the profile's unit does."""
    folder = tmp_path / "pc"
    folder.mkdir()
    (folder / "fupin-docs.toml").write_text('[office]\nunit = "平昌县乡村振兴局"\n', encoding="utf-8")
    book = write_slips(folder / "slips.xlsx", [slip(1, item=YIMEI_ITEM), slip(2, item=YIMEI_ITEM)])
    args = ["ledger", str(book), "-o", str(folder / "out" / "台账.xlsx")]
    if with_template:
        assert invoke("templates", "export", str(tmp_path / "tpl"))[0] == 0
        args += ["--template-dir", str(tmp_path / "tpl")]
    code, text = invoke(*args)
    assert code == 0, text
    got = titles(folder / "out" / "台账.xlsx")
    assert got == {name: f"平昌县乡村振兴局{title}（2026年）" for name, title in SHEETS.items()} | {
        "creator": "平昌县乡村振兴局"}

    # no profile: the built-in unit, not the catalogue's 伊美区
    (folder / "fupin-docs.toml").unlink()
    code, text = invoke(*args)
    assert code == 0, text
    got = titles(folder / "out" / "台账.xlsx")
    assert got["发布台账"] == "万源市扶贫移民工作局政务公开信息发布台账（2026年）"
    assert got["creator"] == "万源市扶贫移民工作局"


def _section(ws: Any, heading: str) -> list[tuple[Any, ...]]:
    """The rows of one 汇总 section: its header row and the lines under it, up to a blank row."""
    rows = [tuple(c.value for c in r) for r in ws.iter_rows()]
    at = next(i for i, r in enumerate(rows) if r[0] == heading)
    out = []
    for r in rows[at + 1:]:
        if all(v in (None, "") for v in r):
            break
        out.append(r)
    return out


@pytest.mark.parametrize("with_template", [False, True])
def test_breakdowns_keep_unchecked_rows_out_of_the_rate_第6_1条(
    tmp_path: Path, data_dir: Path, with_template: bool,
) -> None:
    """Two 2026 rows on time and one 2027 row whose deadline cannot be counted yet: every
    breakdown shows 按时 2, 未核对 1 and 100 %, as section 二 does, not 2 of 3."""
    book = write_slips(tmp_path / "slips.xlsx", [
        slip(1, office="规划财务股"), slip(2, office="规划财务股"),
        published_2027(3, office="规划财务股"),
    ])
    target = tmp_path / "o" / "台账.xlsx"
    args = ["ledger", str(book), "-o", str(target)]
    if with_template:
        assert invoke("templates", "export", str(tmp_path / "tpl"))[0] == 0
        args += ["--template-dir", str(tmp_path / "tpl")]
    code, text = invoke(*args)
    assert code == 0, text
    assert "时限未核对 1 条" in text and "按时公开率 100.0%" in text
    ws = openpyxl.load_workbook(target)["汇总"]
    for heading, name in (("四、按责任股室统计", "规划财务股"), ("五、按公开渠道统计", "政府网站")):
        rows = _section(ws, heading)
        header = [v for v in rows[0] if v is not None]
        assert header[1:] == ["公开条数", "按时", "未核对", "按时率"], (heading, rows[0])
        line = [v for v in next(r for r in rows if name in r) if v is not None]
        assert line[-5:] == [name, 3, 2, 1, 1.0], (heading, line)
    months = _section(ws, "六、按月份统计")
    assert [v for v in months[-1] if v is not None][-4:] == [1, 0, 1, "—"]  # 2027年3月


def test_breakdowns_without_unchecked_rows_have_no_unchecked_column(tmp_path: Path) -> None:
    book = write_slips(tmp_path / "slips.xlsx", [slip(1), slip(2)])
    target = tmp_path / "o" / "台账.xlsx"
    assert invoke("ledger", str(book), "-o", str(target))[0] == 0
    rows = _section(openpyxl.load_workbook(target)["汇总"], "四、按责任股室统计")
    assert [v for v in rows[0] if v is not None] == ["责任股室", "公开条数", "按时", "按时率"]
    assert [v for v in rows[1] if v is not None] == ["办公室", 2, 2, 1.0]


@pytest.mark.parametrize("with_template", [False, True])
def test_title_year_is_the_rows_year_or_their_span(
    tmp_path: Path, data_dir: Path, with_template: bool,
) -> None:
    """Without --year: （2026年） when every row was published in 2026, （2026—2027年）
    when they span years, in the built-in layout and in a template's {{ year }}; never （年）."""
    tdir = tmp_path / "tpl"
    if with_template:
        tdir.mkdir()
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "发布台账"
        ws["A1"] = "政务公开信息发布台账（{{ year }}年）"
        ws.append(["序号", "信息编号", "信息标题", "公开事项", "责任股室", "形成日期", "审签日期",
                   "公开日期", "公开渠道", "公开方式", "公开属性", "发布人", "是否按时"])
        wb.save(tdir / "ledger.xlsx")
    for rows, year in (([slip(1), slip(2)], "2026"),
                       ([slip(1), published_2027(2)], "2026—2027")):
        book = write_slips(tmp_path / f"{year}.xlsx", rows)
        target = tmp_path / year / "台账.xlsx"
        args = ["ledger", str(book), "-o", str(target)]
        if with_template:
            args += ["--template-dir", str(tdir)]
        code, text = invoke(*args)
        assert code == 0, text
        title = openpyxl.load_workbook(target)["发布台账"]["A1"].value
        assert title.endswith(f"政务公开信息发布台账（{year}年）"), title
        assert "（年）" not in title
    # --year still names the year asked for
    target = tmp_path / "y" / "台账.xlsx"
    code, text = invoke("ledger", str(tmp_path / "2026—2027.xlsx"), "-o", str(target),
                        "--year", "2027", *(["--template-dir", str(tdir)] if with_template else []))
    assert code == 0, text
    assert openpyxl.load_workbook(target)["发布台账"]["A1"].value.endswith("（2027年）")


def test_no_published_row_and_no_year_warns_and_writes_no_empty_year(tmp_path: Path) -> None:
    book = write_slips(tmp_path / "slips.xlsx", [
        slip(1, disclosure="不予公开", reason="内部过程性信息", published_date=None, channels=None,
             ways=None, publisher=None)])
    target = tmp_path / "o" / "台账.xlsx"
    code, text = invoke("ledger", str(book), "-o", str(target))
    assert code == 0, text
    assert "没有已公开的信息，也没有用 --year 指定年度" in text
    title = openpyxl.load_workbook(target)["发布台账"]["A1"].value
    assert title == "万源市扶贫移民工作局政务公开信息发布台账"
