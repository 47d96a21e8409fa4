"""What every workbook the toolkit writes shares (issues 18 and 21):

- formula-looking text (=HYPERLINK(…), +cmd|…, @SUM, -2+3) carries the quote prefix, so it
  stays text even when a user edits the cell (OWASP, CSV/formula injection);
- document properties dated by the batch (SOURCE_DATE_EPOCH, or the day of the run), the
  author the unit, the application fupin-docs;
- two runs of the same input give byte-identical workbooks.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.outputs.docprops import batch_time
from fupin_docs.outputs.xlsxfile import DocProps, looks_like_formula
from fupin_docs.render.docprops import DocProperties
from fupin_docs.render.docprops import batch_time as docx_batch_time

HOSTILE = ['=HYPERLINK("http://x.example","点我")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)",
           "-2+3"]
EPOCH = "1775001600"  # 2026-04-01 00:00:00 UTC
REAL_TABLE = Path(__file__).parent / "data" / "catalogues_real" / "huji_luojiang.xlsx"


def _set(path: Path, sheet: str, header: str, row: int, value: str) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = next(c.column for c in ws[1] if str(c.value).rstrip("*") == header)
    ws.cell(row=row, column=col).value = value
    ws.cell(row=row, column=col).data_type = "s"
    wb.save(path)


def hostile_inputs(samples: Path, folder: Path) -> dict[str, Path]:
    """The samples with formula-looking text typed into cells that reach every workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    slips = shutil.copy(samples / "处理单.xlsx", folder / "处理单.xlsx")
    _set(Path(slips), "处理单", "信息标题", 2, HOSTILE[0])
    _set(Path(slips), "处理单", "备注", 3, HOSTILE[1])
    _set(Path(slips), "处理单", "发布人", 4, HOSTILE[3])
    letters = shutil.copy(samples / "督查.xlsx", folder / "督查.xlsx")
    _set(Path(letters), "问题", "问题描述", 2, HOSTILE[2])
    _set(Path(letters), "问题", "复查说明", 3, HOSTILE[3])
    units = shutil.copy(samples / "单位.xlsx", folder / "单位.xlsx")
    _set(Path(units), "单位", "目录标题", 2, HOSTILE[0])
    return {"slips": Path(slips), "letters": Path(letters), "units": Path(units)}


def run_all(inputs: dict[str, Path], out: Path) -> None:
    runner = CliRunner()
    commands = [
        ["ledger", str(inputs["slips"]), "-o", str(out / "台账" / "台账.xlsx"), "--year", "2026"],
        ["followup", str(inputs["letters"]), "-o", str(out / "复查"), "--today", "2026-11-20"],
        ["catalogue", str(inputs["units"]), "--year", "2026", "-o", str(out / "目录")],
        ["init", "slips", str(out / "空白" / "处理单.xlsx")],
        ["init", "letters", str(out / "空白" / "督查.xlsx")],
        ["init", "catalogue", str(out / "空白" / "单位.xlsx")],
        ["templates", "export", str(out / "模板")],
        # the office-template paths (openpyxl): the exported templates, filled
        ["ledger", str(inputs["slips"]), "-o", str(out / "台账模板" / "台账.xlsx"),
         "--template-dir", str(out / "模板")],
        ["catalogue", str(inputs["units"]), "--year", "2026", "-o", str(out / "目录模板"),
         "--template-dir", str(out / "模板")],
        ["import-catalogue", str(REAL_TABLE), "-o", str(out / "导入")],  # 导入报告.xlsx
    ]
    for args in commands:
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 1), (args, result.output)


def xlsx_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.xlsx"))


def unquoted_formula_text(path: Path) -> tuple[int, list[str]]:
    """(formula-looking text cells, those without the quote prefix) of a workbook.

    校验报告.xlsx and 导入报告.xlsx are checked on their own sheets (问题清单, 导入事项): the
    other sheets are the clerk's input copied as it was."""
    wb = openpyxl.load_workbook(path)
    found, bad = 0, []
    for ws in wb.worksheets:
        if path.name in ("校验报告.xlsx", "导入报告.xlsx") and ws.title not in ("问题清单",
                                                                              "导入事项"):
            continue
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    found += 1
                    assert cell.data_type == "s", (path.name, cell.coordinate)
                    if not cell.quotePrefix:
                        bad.append(f"{path.name} {ws.title}!{cell.coordinate} {cell.value}")
    return found, bad


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Every workbook command run twice over the same hostile inputs (SOURCE_DATE_EPOCH set)."""
    from conftest import SAMPLES

    base = tmp_path_factory.mktemp("books")
    inputs = hostile_inputs(SAMPLES, base / "in")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        run_all(inputs, base / "run1")
        run_all(inputs, base / "run2")
    return base / "run1", base / "run2"


def test_formula_looking_text_is_quote_prefixed_in_every_xlsx(outputs: tuple[Path, Path]) -> None:
    """Issue 21 (OWASP): every xlsx output; the hostile text reaches each of them."""
    first, _ = outputs
    files = xlsx_files(first)
    names = {p.name for p in files}
    assert {"台账.xlsx", "整改台账.xlsx", "2026年标准目录汇总.xlsx", "校验报告.xlsx",
            "处理单.xlsx", "导入报告.xlsx"} <= names
    total = 0
    for path in files:
        found, bad = unquoted_formula_text(path)
        assert bad == []
        total += found
        if path.name in ("台账.xlsx", "整改台账.xlsx", "2026年标准目录汇总.xlsx") or (
                path.name.endswith("标准目录.xlsx") and "伊美区" in path.name):
            assert found, f"{path.name}: the hostile text should be in it"
    assert total >= 10


def test_plain_text_has_no_quote_prefix(outputs: tuple[Path, Path]) -> None:
    first, _ = outputs
    ws = openpyxl.load_workbook(first / "台账" / "台账.xlsx")["发布台账"]
    assert ws["D3"].value and not ws["D3"].quotePrefix


@pytest.mark.parametrize("text, formula", [
    ("=1+1", True), ("+86 138", True), ("-2+3", True), ("@SUM(A1)", True), ("\t=1", True),
    ("＝1+1", True), ("平扶公〔2026〕1号", False), ("—", False), ("", False), ("1-2", False),
])
def test_looks_like_formula(text: str, formula: bool) -> None:
    assert looks_like_formula(text) is formula


def test_reruns_are_byte_identical(outputs: tuple[Path, Path]) -> None:
    """Issue 18: dated by the batch, fixed zip times — the same input gives the same bytes."""
    first, second = outputs
    files = xlsx_files(first)
    assert len(files) >= 10
    for path in files:
        other = second / path.relative_to(first)
        assert other.read_bytes() == path.read_bytes(), path.relative_to(first)


def _props(path: Path) -> tuple[str, str]:
    with zipfile.ZipFile(path) as zf:
        return zf.read("docProps/core.xml").decode(), zf.read("docProps/app.xml").decode()


def test_document_properties_of_every_xlsx(outputs: tuple[Path, Path]) -> None:
    first, _ = outputs
    for path in xlsx_files(first):
        core, app = _props(path)
        assert "<Application>fupin-docs</Application>" in app, path.name
        assert "Microsoft" not in app and "penpyxl" not in app, path.name
        assert core.count("2026-04-01T00:00:00Z") == 2, path.name  # created and modified
        with zipfile.ZipFile(path) as zf:
            # one fixed time for every member (xlsxwriter's constant-memory mode, used for
            # 校验报告.xlsx, stamps 1980-01-31 rather than 1980-01-01): no run's clock
            times = {i.date_time for i in zf.infolist()}
            assert len(times) == 1 and next(iter(times))[:2] == (1980, 1), (path.name, times)
        props = openpyxl.load_workbook(path).properties
        assert props.created == dt.datetime(2026, 4, 1)


def test_author_is_the_unit(outputs: tuple[Path, Path]) -> None:
    first, _ = outputs
    props = openpyxl.load_workbook(first / "目录" / "2026年伊美区标准目录.xlsx").properties
    assert props.creator == "伊美区"


def test_batch_date_without_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stamp = batch_time()
    assert stamp.time() == dt.time(0, 0)
    assert (dt.date.today() - stamp.date()).days in (0, 1)  # 0, or 1 just after midnight
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert batch_time().time() == dt.time(0, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert batch_time() == dt.datetime(2026, 4, 1)


def test_docx_and_xlsx_share_batch_date_author_and_application(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """One place (outputs/docprops.py) for what both kinds of file say about themselves: the
    same batch date, the author without what XML cannot hold, fupin-docs as application."""
    assert docx_batch_time is batch_time
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    author = "规划\x01财务股"
    docx = DocProperties(title="处理单\x02", author=author, created=docx_batch_time())
    core, app = docx.core_xml().decode(), docx.app_xml().decode()
    assert "<dc:creator>规划财务股</dc:creator>" in core and "<dc:title>处理单</dc:title>" in core
    assert "2026-04-01T00:00:00Z" in core
    assert "<Application>fupin-docs</Application>" in app and "<Company>规划财务股</Company>" in app
    xlsx = DocProps(title="处理单\x02", author=author).for_xlsxwriter()
    assert xlsx == {"created": dt.datetime(2026, 4, 1), "title": "处理单",
                    "author": "规划财务股", "company": "规划财务股"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 40)  # out of range: the run day, no crash
    assert batch_time(dt.date(2026, 3, 5)) == dt.datetime(2026, 3, 5)
