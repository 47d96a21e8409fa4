"""Issue 17: the web page accepts a county catalogue beside the slips workbook."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from fupin_docs.app.cli import cli
from fupin_docs.app.web import get_store
from fupin_docs.kinds.blank import SLIP_NOTES, write_input_workbook
from fupin_docs.resources import load_schema
from tests import catalogue_tables as ct
from tests.test_web import csrf, disposition_name, wait_done

REAL = Path(__file__).parent / "data" / "catalogues_real"
D = dt.date


def _book(tmp_path: Path) -> bytes:
    row = dict(number="盖民公〔2026〕1号", title="社会救助政策文件", office="社会救助股",
               drafter="赵敏", draft_date=D(2026, 9, 30), formed_date=D(2026, 9, 30),
               item="综合业务/政策法规文件", category="一般性文件", disclosure="主动公开",
               check_truth="已核对", check_complete="已核对", check_secret="不涉密",
               channels=["政府网站"], ways=["全文发布"], deputy_name="王建国",
               deputy_opinion="同意公开。", deputy_date=D(2026, 10, 23),
               published_date=D(2026, 10, 23), publisher="赵敏")
    book = tmp_path / "处理单.xlsx"
    write_input_workbook(book, [(load_schema("slip"), [row])],
                         {"catalogue-items": ["综合业务/政策法规文件"]}, SLIP_NOTES)
    return book.read_bytes()


def _post(client: FlaskClient, book: bytes, catalogue: tuple[bytes, str] | None) -> str:
    fields = {"csrf_token": csrf(client), "workbook": (io.BytesIO(book), "处理单.xlsx")}
    if catalogue is not None:
        fields["catalogue"] = (io.BytesIO(catalogue[0]), catalogue[1])
    resp = client.post("/k/slips/upload", data=fields)
    assert resp.status_code == 303, resp.get_data(as_text=True)
    url: str = resp.headers["Location"]
    wait_done(client, url)
    return url


def test_kind_page_offers_the_catalogue_upload(client: FlaskClient) -> None:
    page = client.get("/k/slips").get_data(as_text=True)
    assert 'name="catalogue"' in page and "本县（区）标准目录" in page
    assert 'name="catalogue"' not in client.get("/k/letters").get_data(as_text=True)


@pytest.mark.parametrize("name", ["jiuzhu_gaizhou.docx"])
def test_uploaded_published_table_sets_the_items_and_deadlines(
        client: FlaskClient, tmp_path: Path, name: str) -> None:
    url = _post(client, _book(tmp_path), ((REAL / name).read_bytes(), name))
    page = client.get(url).get_data(as_text=True)
    assert "标准目录：<strong>jiuzhu_gaizhou.docx</strong>" in page
    with client.get(url + "/download/report-json") as resp:
        report = json.loads(resp.get_data())
    late = [i for i in report["issues"] if "公开超期" in i["message"]]
    assert late and "盖州市民政局社会救助领域标准目录" in late[0]["message"]
    # without it the item is not known
    url2 = _post(client, _book(tmp_path), None)
    with client.get(url2 + "/download/report-json") as resp:
        plain = json.loads(resp.get_data())
    assert any("综合业务/政策法规文件" in i["message"] for i in plain["issues"]
               if i["severity"] == "error")


def test_catalogue_upload_of_the_wrong_kind_is_refused(client: FlaskClient,
                                                       tmp_path: Path) -> None:
    fields = {"csrf_token": csrf(client), "workbook": (io.BytesIO(_book(tmp_path)), "处理单.xlsx"),
              "catalogue": (io.BytesIO(b"hello"), "目录.txt")}
    resp = client.post("/k/slips/upload", data=fields)
    assert resp.status_code == 400
    assert "不能使用 目录.txt 作为标准目录" in resp.get_data(as_text=True)


def test_a_catalogue_upload_with_no_catalogue_table_names_the_clerks_file(
        client: FlaskClient, tmp_path: Path) -> None:
    """The message names 人员名单.xlsx as uploaded, not the server's stored 本县标准目录.xlsx."""
    from tests.catalogue_tables import not_a_catalogue

    table = not_a_catalogue(tmp_path / "人员名单.xlsx").read_bytes()
    url = _post(client, _book(tmp_path), (table, "人员名单.xlsx"))
    page = client.get(url).get_data(as_text=True)
    assert "人员名单.xlsx 中没有找到标准目录表格" in page
    assert "本县标准目录" not in page


# ------------------------------------------------------------------ the import-catalogue job


def _import(client: FlaskClient, data: bytes, name: str, **form: str) -> str:
    fields: dict[str, Any] = {"csrf_token": csrf(client, "import-catalogue"), **form,
                              "workbook": (io.BytesIO(data), name)}
    resp = client.post("/k/import-catalogue/upload", data=fields)
    assert resp.status_code == 303, resp.get_data(as_text=True)
    url: str = resp.headers["Location"]
    wait_done(client, url)
    return url


def test_import_page_offers_an_upload_of_the_published_table(client: FlaskClient) -> None:
    assert "导入本县（区）标准目录" in client.get("/").get_data(as_text=True)
    page = client.get("/k/import-catalogue").get_data(as_text=True)
    assert 'accept=".xlsx,.docx,.html,.htm,.pdf"' in page and "上传并导入" in page
    assert "下载空白工作簿" not in page  # nothing to fill in
    assert client.get("/k/import-catalogue/blank").status_code == 404


@pytest.mark.parametrize("name", ["jiuzhu_gaizhou.docx", "huji_luojiang.xlsx",
                                  "zonghe_wubu.html"])
def test_import_job_gives_the_catalogue_json_and_the_import_report(
        client: FlaskClient, tmp_path: Path, name: str) -> None:
    url = _import(client, (REAL / name).read_bytes(), name)
    page = client.get(url).get_data(as_text=True)
    assert "下载目录文件（1 个 .json" in page and "下载导入报告.xlsx" in page
    with client.get(url + "/download/documents") as resp:
        assert disposition_name(resp) == f"{Path(name).stem}-导入本县（区）标准目录.zip"
        with zipfile.ZipFile(io.BytesIO(resp.get_data())) as zf:
            assert zf.namelist() == [f"{Path(name).stem}.json"]  # named after the upload
            data = json.loads(zf.read(f"{Path(name).stem}.json"))
    # the same catalogue the command line writes
    out = tmp_path / "cli"
    result = CliRunner().invoke(cli, ["import-catalogue", str(REAL / name), "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = json.loads((out / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in data.items() if k != "source"} == \
        {k: v for k, v in expected.items() if k != "source"}
    with client.get(url + "/download/report-xlsx") as resp:
        assert disposition_name(resp) == f"{Path(name).stem}-导入报告.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(resp.get_data()))
    assert book.sheetnames[:2] == ["问题清单", "导入事项"]
    assert book["导入事项"].max_row - 1 == len(expected["items"])
    with client.get(url + "/download/report-json") as resp:
        report = json.loads(resp.get_data())
    assert report["stats"]["rendered"] == len(expected["items"])
    assert report["source"] == name  # never the server's temporary path


def test_import_page_unit_warning_names_the_pages_field_not_the_cli_option(
        client: FlaskClient) -> None:
    """The table's title has no 编制单位: the CLI says --unit, the page its 编制单位 field."""
    page = client.get("/k/import-catalogue").get_data(as_text=True)
    assert 'name="unit"' in page and "编制单位" in page
    name = "jiuzhu_gaizhou.docx"
    url = _import(client, (REAL / name).read_bytes(), name)
    page = client.get(url).get_data(as_text=True)
    assert "编制单位取最常见的公开主体" in page
    assert "可在上传页面的「编制单位」栏填写后重新上传" in page
    assert "--unit" not in page
    with client.get(url + "/download/report-json") as resp:
        texts = [i["message"] for i in json.loads(resp.get_data())["issues"]]
    assert not [t for t in texts if "--" in t], texts


def test_import_page_unit_field_is_used_as_the_cli_unit_option(client: FlaskClient) -> None:
    name = "jiuzhu_gaizhou.docx"
    url = _import(client, (REAL / name).read_bytes(), name, unit=" 盖州市民政局\x07 ")
    with client.get(url + "/download/report-json") as resp:
        report = json.loads(resp.get_data())
    assert "import.unit.guessed" not in [i["code"] for i in report["issues"]]
    with client.get(url + "/download/documents") as resp, \
            zipfile.ZipFile(io.BytesIO(resp.get_data())) as zf:
        assert json.loads(zf.read(zf.namelist()[0]))["unit"] == "盖州市民政局"


def test_import_job_refuses_a_workbook_of_the_wrong_kind(client: FlaskClient) -> None:
    fields = {"csrf_token": csrf(client, "import-catalogue"),
              "workbook": (io.BytesIO(b"hello"), "目录.txt")}
    resp = client.post("/k/import-catalogue/upload", data=fields)
    assert resp.status_code == 400 and "只接受发布的目录表格" in resp.get_data(as_text=True)
    fields = {"csrf_token": csrf(client, "import-catalogue"),
              "workbook": (io.BytesIO(b"not a zip"), "目录.docx")}
    resp = client.post("/k/import-catalogue/upload", data=fields)
    assert resp.status_code == 400 and "内容与扩展名 .docx 不符" in resp.get_data(as_text=True)


def test_import_job_with_no_catalogue_table_names_what_was_looked_for(
        client: FlaskClient, tmp_path: Path) -> None:
    bad = ct.not_a_catalogue(tmp_path / "通知.xlsx")
    url = _import(client, bad.read_bytes(), "通知.xlsx")
    with client.get(url + "/download/report-json") as resp:
        report = json.loads(resp.get_data())
    (issue,) = [i for i in report["issues"] if i["code"] == "import.file"]
    assert "二级事项" in issue["message"] or "公开事项" in issue["message"]
    assert "通知.xlsx" in client.get(url).get_data(as_text=True)


def test_import_job_keeps_a_traversing_upload_name_inside_its_folder(app: Flask,
                                                                     client: FlaskClient) -> None:
    data = (REAL / "zonghe_wubu.html").read_bytes()
    url = _import(client, data, "../../..\\evil:name.html")
    job = get_store(app).get(url.rsplit("/", 1)[1])
    assert job is not None and job.input_path.parent == job.folder
    assert job.input_path.name == "evil_name.html"
    with client.get(url + "/download/documents") as resp, \
            zipfile.ZipFile(io.BytesIO(resp.get_data())) as zf:
        assert zf.namelist() == ["evil_name.json"]


def test_units_workbook_on_the_web_builds_on_an_uploaded_catalogue(client: FlaskClient,
                                                                   tmp_path: Path) -> None:
    """The 标准目录 page takes a county catalogue too: 基础目录 may name it."""
    units = copy.deepcopy(load_schema("catalogue_units"))
    units["properties"]["base"].pop("enum")
    book = tmp_path / "单位.xlsx"
    write_input_workbook(book, [(units, [{"unit": "盖州市", "base": "社会救助", "level_1": "市级",
                                          "year": 2026}])], {}, [])
    name = "jiuzhu_gaizhou.docx"
    fields = {"csrf_token": csrf(client, "catalogue"), "workbook": (io.BytesIO(book.read_bytes()),
                                                                    "单位.xlsx"),
              "catalogue": (io.BytesIO((REAL / name).read_bytes()), name)}
    resp = client.post("/k/catalogue/upload", data=fields)
    assert resp.status_code == 303
    url = resp.headers["Location"]
    wait_done(client, url)
    with client.get(url + "/download/report-json") as resp:
        report = json.loads(resp.get_data())
    assert report["stats"]["rendered"] == 1, report["issues"]
    assert report["units"][0]["base"] == "盖州市民政局社会救助领域标准目录"
    assert report["units"][0]["levels"] == "市级、乡、村级"


# ------------------------------------------------------------------ the office running the import


def _creator(xlsx: bytes) -> str | None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    creator = book.properties.creator
    book.close()
    return creator


PROFILE = '[office]\nunit = "平昌县乡村振兴局"\n'


def test_import_report_author_is_the_profiles_office_on_the_command_line(tmp_path: Path) -> None:
    """import-catalogue --profile: 导入报告.xlsx names the office as its author, like every
    other output (it had no author: the command took no profile)."""
    name = "huji_luojiang.xlsx"
    profile = tmp_path / "本局.toml"
    profile.write_text(PROFILE, "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["import-catalogue", str(REAL / name), "-o", str(out),
                                      "--profile", str(profile)])
    assert result.exit_code == 0, result.output
    assert _creator((out / "导入报告.xlsx").read_bytes()) == "平昌县乡村振兴局"
    # no --profile: fupin-docs.toml beside the table, as for the other commands
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / name).write_bytes((REAL / name).read_bytes())
    (folder / "fupin-docs.toml").write_text(PROFILE.replace("平昌县", "通江县"), "utf-8")
    result = CliRunner().invoke(cli, ["import-catalogue", str(folder / name), "-o",
                                      str(tmp_path / "o2")])
    assert result.exit_code == 0, result.output
    assert _creator((tmp_path / "o2" / "导入报告.xlsx").read_bytes()) == "通江县乡村振兴局"


def test_import_report_author_is_the_profiles_office_on_the_web_page(
        client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The web page's import: the profile of the user's configuration folder, as its other runs."""
    from fupin_docs.standard.profile import user_profile_path

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # never the real one
    target = user_profile_path()
    assert target.is_relative_to(tmp_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PROFILE, "utf-8")
    name = "zonghe_wubu.html"
    url = _import(client, (REAL / name).read_bytes(), name)
    with client.get(url + "/download/report-xlsx") as resp:
        assert _creator(resp.get_data()) == "平昌县乡村振兴局"
