"""Issue 17: the web page accepts a county catalogue beside the slips workbook."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fupin_docs.app.web import create_app, get_store
from fupin_docs.kinds.blank import SLIP_NOTES, write_input_workbook
from fupin_docs.resources import load_schema
from tests.test_web import csrf, wait_done

REAL = Path(__file__).parent / "data" / "catalogues_real"
D = dt.date


@pytest.fixture
def app() -> Iterator[Flask]:
    app = create_app({"PDF_CONVERTER": None})
    yield app
    get_store(app).close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


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
