"""The local web page (fupin-docs serve).

Unit tests use Flask's test client; the end-to-end tests drive Debian's chromium through
Playwright against the real waitress server and save a screenshot of every page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import importlib.util
import io
import json
import os
import re
import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import openpyxl
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from fupin_docs.app.cli import cli
from fupin_docs.app.jobs import JOBS, Job
from fupin_docs.app.web import create_app, get_store
from fupin_docs.app.web.store import JobStore
from fupin_docs.kinds.blank import init_slips
from fupin_docs.outputs.report import Report
from fupin_docs.pipeline import RunOptions
from fupin_docs.types import FupinError, InputFileError
from tests.helpers import fill_workbook, good_slip

BAD_ROW_TEXT = "处理单!U3 第3行 主要领导：重大决策须经主要领导审签，主要领导不能为空（第5.3条）"


# -- helpers ----------------------------------------------------------------------------------

@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """An init workbook with 3 rows, the 2nd (sheet row 3) lacking the 主要领导 sign-off."""
    book = tmp_path / "filled.xlsx"
    init_slips(book)
    rows = [good_slip(i) for i in range(1, 4)]
    rows[1]["category"] = "重大决策"  # §5.3: needs the 主要领导
    fill_workbook(book, rows)
    return book


def csrf(client: FlaskClient, kind: str = "slips") -> str:
    page = client.get(f"/k/{kind}").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def upload(client: FlaskClient, data: bytes, name: str, kind: str = "slips",
           **form: str) -> Any:
    fields: dict[str, Any] = {"csrf_token": csrf(client, kind), **form,
                              "workbook": (io.BytesIO(data), name)}
    return client.post(f"/k/{kind}/upload", data=fields)


def wait_done(client: FlaskClient, job_url: str) -> dict[str, Any]:
    for _ in range(600):  # a bound on polls, not a time assertion
        status: dict[str, Any] = client.get(job_url + "/status").get_json()
        if status["finished"]:
            return status
        time.sleep(0.1)
    raise AssertionError("job did not finish")


def run_upload(client: FlaskClient, path: Path, name: str = "我的处理单.xlsx") -> str:
    resp = upload(client, path.read_bytes(), name)
    assert resp.status_code == 303, resp.get_data(as_text=True)
    job_url: str = resp.headers["Location"]
    assert wait_done(client, job_url)["state"] == "done"
    return job_url


def download(client: FlaskClient, job_url: str, key: str) -> Any:
    """GET a download fully and close it (the file handle is released)."""
    with client.get(f"{job_url}/download/{key}") as resp:
        resp.get_data()
    return resp


def disposition_name(resp: Any) -> str:
    header = resp.headers["Content-Disposition"]
    match = re.search(r"filename\*=UTF-8''(\S+)", header)
    assert match, header
    return unquote(match.group(1))


def header_row(path: Path | bytes) -> tuple[list[str], list[Any]]:
    wb = openpyxl.load_workbook(io.BytesIO(path) if isinstance(path, bytes) else path)
    return wb.sheetnames, [c.value for c in wb[wb.sheetnames[0]][1]]


# -- pages and the main flow ----------------------------------------------------------------

def test_home_lists_every_job(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    for job in JOBS.values():
        assert job.label in page
        assert f'href="/k/{job.name}"' in page


def test_blank_workbook_is_the_init_workbook(client: FlaskClient, tmp_path: Path) -> None:
    resp = client.get("/k/slips/blank")
    assert resp.status_code == 200
    assert disposition_name(resp) == "处理单.xlsx"
    assert 'filename="fupin-slips-blank.xlsx"' in resp.headers["Content-Disposition"]
    init_slips(tmp_path / "ref.xlsx")
    assert header_row(resp.data) == header_row(tmp_path / "ref.xlsx")


def test_upload_shows_bad_row_with_cli_wording(client: FlaskClient, filled: Path) -> None:
    job_url = run_upload(client, filled)
    page = client.get(job_url).get_data(as_text=True)
    assert f'data-text="{BAD_ROW_TEXT}"' in page  # Issue.text(), as the CLI prints it
    row = re.search(r'<tr class="error" data-text="' + re.escape(BAD_ROW_TEXT) + r'">(.*?)</tr>',
                    page, re.S)
    assert row
    cells = [re.sub(r"\s+", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    assert cells == ["错误", "处理单", "第3行", "主要领导（U列）",
                     "重大决策须经主要领导审签，主要领导不能为空", "第5.3条"]
    assert re.search(r'id="stat-read">3 行', page)
    assert re.search(r'id="stat-rendered">2 份', page)
    assert re.search(r'id="stat-rejected">1 行', page)
    assert "  [错误] " + BAD_ROW_TEXT in page  # the CLI summary lines, verbatim


def test_downloads(client: FlaskClient, filled: Path) -> None:
    job_url = run_upload(client, filled)
    resp = download(client, job_url, "documents")
    assert resp.status_code == 200
    assert disposition_name(resp) == "我的处理单-政务公开信息处理单.zip"
    names = zipfile.ZipFile(io.BytesIO(resp.data)).namelist()
    assert len(names) == 2 and all(n.endswith(".docx") for n in names)
    assert any("测试信息1" in n for n in names) and any("测试信息3" in n for n in names)

    resp = download(client, job_url, "report-json")
    report = json.loads(resp.data)
    assert report["stats"]["rendered"] == 2 and report["stats"]["rejected"] == 1
    assert report["source"] == "我的处理单.xlsx"  # never the server's temporary path
    assert disposition_name(resp) == "我的处理单-report.json"

    resp = download(client, job_url, "report-xlsx")
    assert disposition_name(resp) == "我的处理单-校验报告.xlsx"
    assert "问题清单" in openpyxl.load_workbook(io.BytesIO(resp.data)).sheetnames

    assert client.get(job_url + "/download/pdf").status_code == 404  # no converter here
    assert client.get(job_url + "/download/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_json_upload(client: FlaskClient) -> None:
    rec = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in good_slip(1).items()}
    resp = upload(client, json.dumps([rec], ensure_ascii=False).encode(), "slips.json")
    assert resp.status_code == 303
    assert wait_done(client, resp.headers["Location"])["state"] == "done"
    assert "全部 1 行通过校验" in client.get(resp.headers["Location"]).get_data(as_text=True)


def test_download_names_are_sanitised(client: FlaskClient, filled: Path) -> None:
    job_url = run_upload(client, filled, name="..\\..\\C:\\evil<a>:b|?.xlsx")
    page = client.get(job_url).get_data(as_text=True)
    assert "evil&lt;a&gt;" in page  # shown escaped, never as markup
    with client.get(job_url + "/download/report-xlsx") as resp:
        name = disposition_name(resp)
    assert name == "evil_a__b__-校验报告.xlsx"
    assert not re.search(r'[\\/:*?"<>|]', name)
    fallback = re.search(r'filename="([^"]*)"', resp.headers["Content-Disposition"])
    assert fallback and fallback.group(1) == "fupin-report-xlsx.xlsx"


def test_upload_stored_under_fixed_name(app: Flask, client: FlaskClient, filled: Path) -> None:
    job_url = run_upload(client, filled, name="../../../../tmp/pwned.xlsx")
    job = get_store(app).get(job_url.rsplit("/", 1)[1])
    assert job is not None
    assert job.input_path.name == "上传文件.xlsx" and job.input_path.parent == job.folder
    assert job.display_name == "pwned.xlsx"
    assert job.folder.parent == get_store(app).root


# -- limits and safety ----------------------------------------------------------------------

def test_size_cap_gives_chinese_413() -> None:
    app = create_app({"PDF_CONVERTER": None, "MAX_CONTENT_LENGTH": 4096})
    try:
        client = app.test_client()
        resp = upload(client, b"PK\x03\x04" + b"0" * 10000, "big.xlsx")
        assert resp.status_code == 413
        page = resp.get_data(as_text=True)
        assert "文件太大" in page and "大小上限（4 KB）" in page
        assert len(get_store(app)) == 0
    finally:
        get_store(app).close()


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("a.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, "另存为"),
    ("a.docx", b"PK\x03\x04" + b"0" * 100, "只接受 Excel 工作簿（.xlsx）或 JSON 文件（.json）"),
    ("a.xlsx", b"\xd0\xcf\x11\xe0" + b"0" * 100, "a.xlsx 是旧版 Excel（.xls）文件"),
    ("a.json", b"PK\x03\x04", "a.json 不是 JSON 文件"),
    ("a.xlsx", b"", "a.xlsx 是空文件"),
    ("", b"", "请先选择要上传的文件"),
])
def test_wrong_type_is_refused(app: Flask, client: FlaskClient, name: str, data: bytes,
                               expected: str) -> None:
    resp = upload(client, data, name)
    assert resp.status_code == 400
    assert expected in resp.get_data(as_text=True)
    assert len(get_store(app)) == 0


def test_zip_that_is_not_a_workbook_fails_with_library_message(client: FlaskClient) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<x/>")
    resp = upload(client, buf.getvalue(), "renamed.xlsx")
    assert resp.status_code == 303
    assert wait_done(client, resp.headers["Location"])["state"] == "failed"
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "未能处理该文件" in page and "Traceback" not in page


def test_csrf_token_required(client: FlaskClient, filled: Path) -> None:
    csrf(client)
    data = {"workbook": (io.BytesIO(filled.read_bytes()), "a.xlsx")}
    resp = client.post("/k/slips/upload", data=data)
    assert resp.status_code == 400 and "页面可能已过期" in resp.get_data(as_text=True)
    data = {"csrf_token": "forged", "workbook": (io.BytesIO(filled.read_bytes()), "a.xlsx")}
    assert client.post("/k/slips/upload", data=data).status_code == 400
    data = {"csrf_token": csrf(client), "workbook": (io.BytesIO(filled.read_bytes()), "a.xlsx")}
    resp = client.post("/k/slips/upload", data=data, headers={"Origin": "http://evil.example"})
    assert resp.status_code == 403


def test_local_mode_refuses_foreign_host_header(client: FlaskClient) -> None:
    assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 400


def test_token_required_on_non_local_host() -> None:
    app = create_app({"PDF_CONVERTER": None, "ACCESS_TOKEN": "s3cret-token"})
    try:
        client = app.test_client()
        host = {"Host": "192.168.1.20:8765"}
        for url in ("/", "/k/slips", "/k/slips/blank", "/jobs/x/status", "/jobs/x"):
            resp = client.get(url, headers=host)
            assert resp.status_code == 403, url
        with client.get("/static/style.css", headers=host) as resp:
            assert resp.status_code == 200  # so the 403 page is styled
        assert "访问令牌" in client.get("/", headers=host).get_data(as_text=True)
        assert client.get("/?token=wrong", headers=host).status_code == 403
        resp = client.get("/k/slips?token=s3cret-token", headers=host)
        assert resp.status_code == 302 and resp.headers["Location"] == "/k/slips"
        assert "fupin_token=s3cret-token" in resp.headers["Set-Cookie"]
        assert "HttpOnly" in resp.headers["Set-Cookie"]
        assert client.get("/k/slips/blank", headers=host).status_code == 200  # cookie now
        other = app.test_client()
        assert other.get("/k/slips", headers=host).status_code == 403
    finally:
        get_store(app).close()


def test_unknown_kind_and_job_are_404(client: FlaskClient) -> None:
    for url in ("/k/nope", "/k/nope/blank", "/jobs/abc", "/jobs/abc/status",
                "/jobs/abc/download/documents"):
        resp = client.get(url)
        assert resp.status_code == 404, url
        assert "找不到页面" in resp.get_data(as_text=True)


def test_security_headers(client: FlaskClient) -> None:
    resp = client.get("/")
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    page = resp.get_data(as_text=True)
    assert "http://" not in page and "https://" not in page  # nothing from the internet


# -- jobs: progress, cleanup, PDFs, errors --------------------------------------------------

def fake_job(run: Any, name: str = "fake") -> Job:
    return Job(name=name, label="测试文书", description="测试用", init_name="测试.xlsx",
               init=init_slips, run=run)


def test_progress_is_visible_while_running(filled: Path) -> None:
    gate = threading.Event()
    reached = threading.Event()

    def slow(source: Path, out_dir: Path, opts: RunOptions) -> Report:
        assert opts.progress is not None
        for n in range(1, 8):
            opts.progress(n)
        reached.set()
        assert gate.wait(30)
        out_dir.mkdir(parents=True, exist_ok=True)
        return Report(kind="fake", label="测试文书", source=str(source), rows_read=7, rendered=7)

    app = create_app({"PDF_CONVERTER": None, "JOBS": {"fake": fake_job(slow)}})
    try:
        client = app.test_client()
        resp = upload(client, filled.read_bytes(), "a.xlsx", kind="fake")
        job_url = resp.headers["Location"]
        assert reached.wait(30)
        status = client.get(job_url + "/status").get_json()
        assert status == {"state": "running", "state_text": "正在校验和生成", "rows_done": 7,
                          "finished": False}
        page = client.get(job_url).get_data(as_text=True)
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
        assert 'id="rows">7<' in page and "progress.js" in page
        assert client.get(job_url + "/download/report-json").status_code == 404
        gate.set()
        assert wait_done(client, job_url)["state"] == "done"
        assert "noscript" not in client.get(job_url).get_data(as_text=True)
    finally:
        gate.set()
        get_store(app).close()


def test_internal_error_keeps_server_up(client: FlaskClient, filled: Path) -> None:
    def broken(source: Path, out_dir: Path, opts: RunOptions) -> Report:
        raise RuntimeError("boom")

    client.application.config["JOBS"] = {"fake": fake_job(broken)}
    resp = upload(client, filled.read_bytes(), "a.xlsx", kind="fake")
    assert wait_done(client, resp.headers["Location"])["state"] == "failed"
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "内部错误" in page and "boom" not in page
    assert client.get("/").status_code == 200


def test_pdf_zip_when_converter_present(filled: Path) -> None:
    seen: list[list[Path]] = []

    def convert(docs: list[Path], pdf_dir: Path) -> tuple[list[Path], list[str]]:
        seen.append(docs)
        pdfs = []
        for doc in docs[:1]:
            pdf = pdf_dir / (doc.stem + ".pdf")
            pdf.write_bytes(b"%PDF-1.4 fake")
            pdfs.append(pdf)
        return pdfs, [f"{d.name}：转换失败" for d in docs[1:]]

    app = create_app({"PDF_CONVERTER": convert})
    try:
        client = app.test_client()
        assert "同时生成 PDF" in client.get("/k/slips").get_data(as_text=True)
        job_url = run_upload_form(client, filled, pdf="1")
        assert len(seen) == 1 and len(seen[0]) == 2
        resp = download(client, job_url, "pdf")
        assert disposition_name(resp) == "我的处理单-政务公开信息处理单-PDF.zip"
        assert len(zipfile.ZipFile(io.BytesIO(resp.data)).namelist()) == 1
        assert "转换失败" in client.get(job_url).get_data(as_text=True)
        run_upload_form(client, filled)  # box unticked: no conversion
        assert len(seen) == 1
    finally:
        get_store(app).close()


def run_upload_form(client: FlaskClient, path: Path, **form: str) -> str:
    resp = upload(client, path.read_bytes(), "我的处理单.xlsx", **form)
    assert resp.status_code == 303
    job_url: str = resp.headers["Location"]
    assert wait_done(client, job_url)["state"] == "done"
    return job_url


def test_pdf_converter_errors_do_not_lose_documents(filled: Path) -> None:
    def convert(docs: list[Path], pdf_dir: Path) -> tuple[list[Path], list[str]]:
        raise FupinError("未安装 LibreOffice")

    app = create_app({"PDF_CONVERTER": convert})
    try:
        client = app.test_client()
        job_url = run_upload_form(client, filled, pdf="1")
        assert "PDF：未安装 LibreOffice" in client.get(job_url).get_data(as_text=True)
        assert download(client, job_url, "documents").status_code == 200
    finally:
        get_store(app).close()


def test_job_cap_removes_oldest(filled: Path) -> None:
    app = create_app({"PDF_CONVERTER": None, "MAX_JOBS": 2})
    store = get_store(app)
    try:
        client = app.test_client()
        urls = [run_upload(client, filled) for _ in range(3)]
        first = store.get(urls[0].rsplit("/", 1)[1])
        assert first is None  # removed when the third was created
        assert len(store) == 2
        assert client.get(urls[0]).status_code == 404
        assert len(list(store.root.iterdir())) == 2
        assert client.get(urls[2]).status_code == 200
    finally:
        store.close()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_old_jobs_and_shutdown_clean_up(filled: Path) -> None:
    clock = FakeClock()
    store = JobStore(ttl=3600, clock=clock)

    def quick(source: Path, out_dir: Path, opts: RunOptions) -> Report:
        out_dir.mkdir(parents=True)
        return Report(kind="fake", label="测试文书", source=str(source))

    def finished(job_id: str) -> bool:
        job = store.get(job_id)
        return job is not None and not job.active

    jobs = []
    for _ in range(2):
        job = store.create(fake_job(quick), ".xlsx", "a.xlsx", want_pdf=False)
        job.input_path.write_bytes(filled.read_bytes())
        store.start(job)
        jobs.append(job)
    for _ in range(300):
        if all(finished(j.id) for j in jobs):
            break
        time.sleep(0.05)
    old, new = jobs
    old.finished = clock.now - 3600  # an hour ago
    store.sweep()
    assert store.get(old.id) is None and not old.folder.exists()
    assert store.get(new.id) is new and new.folder.exists()
    store.close()
    assert not store.root.exists() and not new.folder.exists()


def test_running_job_is_never_swept(filled: Path) -> None:
    store = JobStore(ttl=0, max_jobs=0)
    try:
        job = store.create(fake_job(lambda *a: Report(kind="x", label="x", source="x")),
                           ".xlsx", "a.xlsx", want_pdf=False)
        store.sweep()
        assert store.get(job.id) is job  # queued: kept, even over the cap
    finally:
        store.close()


# -- the serve command ----------------------------------------------------------------------

class FakeServer:
    effective_port = 8765

    def __init__(self) -> None:
        self.closed = False

    def run(self) -> None:
        raise KeyboardInterrupt

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_serve(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {"opened": []}

    def make_server(app: Flask, host: str, port: int) -> FakeServer:
        seen["app"], seen["host"], seen["port"] = app, host, port
        seen["server"] = FakeServer()
        return seen["server"]  # type: ignore[no-any-return]

    monkeypatch.setattr("fupin_docs.app.web.server.make_server", make_server)
    monkeypatch.setattr("webbrowser.open", lambda url: seen["opened"].append(url))
    return seen


def test_serve_local_opens_browser_without_token(fake_serve: dict[str, Any]) -> None:
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert fake_serve["host"] == "127.0.0.1" and fake_serve["port"] == 8765
    assert "http://127.0.0.1:8765/" in result.output and "token" not in result.output
    assert fake_serve["opened"] == ["http://127.0.0.1:8765/"]
    assert fake_serve["app"].config["ACCESS_TOKEN"] is None
    assert fake_serve["server"].closed
    assert not get_store(fake_serve["app"]).root.exists()


def test_serve_other_host_prints_token(fake_serve: dict[str, Any]) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "9000",
                                      "--no-browser"])
    assert result.exit_code == 0, result.output
    token = fake_serve["app"].config["ACCESS_TOKEN"]
    assert token and len(token) >= 24
    assert f"?token={token}" in result.output
    assert fake_serve["opened"] == []


def test_serve_port_in_use_is_one_chinese_line() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    assert "端口可能已被占用" in result.output and "Traceback" not in result.output


def test_serve_help_is_chinese() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "启动网页版" in result.output and "--no-browser" in result.output


def test_library_errors_are_fupin_errors() -> None:
    assert issubclass(InputFileError, FupinError)


# -- end to end in headless chromium --------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
SHOTS_COPY = Path("/tmp/web-shots")


@pytest.fixture
def require_browser() -> None:
    """Browser tests need Debian's chromium and Playwright; in CI their absence is a failure."""
    missing = []
    if not Path(CHROMIUM).is_file():
        missing.append(f"{CHROMIUM}（apt-get install chromium）")
    if importlib.util.find_spec("playwright") is None:
        missing.append("Python 包 playwright（pip install playwright）")
    if missing:
        reason = "浏览器测试需要：" + "、".join(missing)
        if os.environ.get("CI"):
            pytest.fail(f"CI 应安装 {reason}（scripts/setup.sh）")
        pytest.skip(reason)


@contextlib.contextmanager
def running_server(config: dict[str, Any] | None = None) -> Iterator[tuple[str, Flask]]:
    """The real waitress server on a free local port, in a thread."""
    from fupin_docs.app.web.server import make_server

    app = create_app(config)
    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}", app
    finally:
        server.close()
        thread.join(10)
        get_store(app).close()


@pytest.fixture
def live_server(require_browser: None) -> Iterator[str]:
    with running_server() as (url, _app):
        yield url


@pytest.fixture
def browser(require_browser: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def new_page(browser: Any, **options: Any) -> Any:
    context = browser.new_context(accept_downloads=True, locale="zh-CN",
                                  viewport={"width": 1200, "height": 800}, **options)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


@pytest.fixture
def browser_page(browser: Any) -> Iterator[Any]:
    page = new_page(browser)
    yield page
    page.context.close()


def shot(page: Any, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    SHOTS_COPY.mkdir(parents=True, exist_ok=True)
    shutil.copy(folder / f"{name}.png", SHOTS_COPY / f"{name}.png")


@pytest.mark.browser
def test_browser_end_to_end(browser_page: Any, live_server: str, tmp_path: Path) -> None:
    page = browser_page
    shots = tmp_path / "shots"
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    page.goto(live_server + "/")
    assert page.title().startswith("选择文书")
    shot(page, shots, "1-home")
    page.get_by_role("link", name=re.compile("政务公开信息处理单")).click()
    page.wait_for_url("**/k/slips")
    shot(page, shots, "2-kind")

    with page.expect_download() as dl_info:
        page.click("#blank")
    download = dl_info.value
    assert download.suggested_filename == "处理单.xlsx"
    book = tmp_path / "blank.xlsx"
    download.save_as(str(book))
    reference = tmp_path / "ref.xlsx"
    init_slips(reference)
    assert header_row(book) == header_row(reference)

    rows = [good_slip(i) for i in range(1, 4)]
    rows[1]["category"] = "重大决策"
    fill_workbook(book, rows)
    page.set_input_files("#workbook", str(book))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_selector("table.issues")
    shot(page, shots, "3-results")

    bad = page.locator("table.issues tbody tr", has_text="第3行").first
    cells = [c.strip() for c in bad.locator("td").all_inner_texts()]
    assert cells == ["错误", "处理单", "第3行", "主要领导（U列）",
                     "重大决策须经主要领导审签，主要领导不能为空", "第5.3条"]
    assert bad.get_attribute("data-text") == BAD_ROW_TEXT
    assert page.inner_text("#stat-rejected") == "1 行"

    with page.expect_download() as dl_info:
        page.click("#dl-documents")
    assert dl_info.value.suggested_filename == "blank-政务公开信息处理单.zip"
    zpath = tmp_path / "docs.zip"
    dl_info.value.save_as(str(zpath))
    names = zipfile.ZipFile(zpath).namelist()
    assert len(names) == 2 and all(n.endswith(".docx") for n in names)

    page.goto(live_server + "/k/slips")
    bad_file = tmp_path / "旧表格.xls"
    bad_file.write_bytes(b"\xd0\xcf\x11\xe0" + b"0" * 64)
    page.set_input_files("#workbook", str(bad_file))
    page.get_by_role("button", name="上传并校验").click()
    assert "另存为" in page.inner_text("[role=alert]")
    shot(page, shots, "4-wrong-type")

    page.goto(live_server + "/jobs/nope")
    shot(page, shots, "5-not-found")
    assert all(u.startswith(live_server) for u in requests), requests  # nothing from outside
    assert sorted(p.name for p in shots.iterdir()) == [
        "1-home.png", "2-kind.png", "3-results.png", "4-wrong-type.png", "5-not-found.png"]


def gated_job() -> tuple[Job, threading.Event, threading.Event]:
    """A job that reports 42 rows done, then waits for the gate before finishing normally."""
    gate, reached = threading.Event(), threading.Event()

    def run(source: Path, out_dir: Path, opts: RunOptions) -> Report:
        assert opts.progress is not None
        for n in range(1, 43):
            opts.progress(n)
        reached.set()
        assert gate.wait(60)
        return JOBS["slips"].run(source, out_dir, opts)

    return fake_job(run, name="slow"), gate, reached


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "noscript"])
def test_browser_progress_then_results(browser: Any, filled: Path, tmp_path: Path,
                                       javascript: bool) -> None:
    job, gate, reached = gated_job()
    with running_server({"JOBS": {"slow": job}, "PDF_CONVERTER": None}) as (url, _app):
        page = new_page(browser, java_script_enabled=javascript)
        try:
            page.goto(url + "/k/slow")
            page.set_input_files("#workbook", str(filled))
            page.get_by_role("button", name="上传并校验").click()
            assert reached.wait(60)
            page.wait_for_selector("#progress")
            if javascript:  # the poller updates the count without a reload
                page.wait_for_function("document.getElementById('rows').textContent === '42'")
            else:  # the <noscript> meta refresh reloads the page
                page.wait_for_selector("#rows:text-is('42')")
            assert "正在校验和生成" in page.inner_text("#state")
            shot(page, tmp_path / "shots", f"6-progress-{'js' if javascript else 'noscript'}")
            gate.set()
            page.wait_for_selector("table.issues")  # reloaded by script or by meta refresh
            assert page.locator("table.issues tbody tr[data-text='" + BAD_ROW_TEXT + "']").count() == 1
        finally:
            gate.set()
            page.context.close()


@pytest.mark.browser
def test_browser_token_mode(browser: Any, tmp_path: Path) -> None:
    with running_server({"ACCESS_TOKEN": "tok-123456", "PDF_CONVERTER": None}) as (url, _app):
        page = new_page(browser)
        try:
            resp = page.goto(url + "/k/slips")
            assert resp.status == 403 and "访问令牌" in page.inner_text("main")
            shot(page, tmp_path / "shots", "7-token-required")
            page.goto(url + "/k/slips?token=tok-123456")
            assert page.url == url + "/k/slips"  # token moved into a cookie, out of the URL
            with page.expect_download() as dl_info:
                page.click("#blank")
            assert dl_info.value.suggested_filename == "处理单.xlsx"
        finally:
            page.context.close()


def test_default_pdf_converter_adapts_render_pdf(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    """The adapter for fupin_docs.render.pdf (built elsewhere): convert_batch(paths, out_dir)."""
    import importlib.machinery
    import types
    from dataclasses import dataclass, field

    from fupin_docs.app.web.store import default_pdf_converter

    @dataclass
    class Result:
        pdfs: list[Path] = field(default_factory=list)
        failed: list[tuple[Path, str]] = field(default_factory=list)

    calls: list[tuple[list[Path], Path]] = []

    def convert_batch(paths: list[Path], out_dir: Path) -> Result:
        calls.append((list(paths), out_dir))
        return Result(pdfs=[out_dir / "a.pdf"], failed=[(paths[1], "超时")])

    fake = types.ModuleType("fupin_docs.render.pdf")
    fake.__spec__ = importlib.machinery.ModuleSpec("fupin_docs.render.pdf", None)
    fake.convert_batch = convert_batch  # type: ignore[attr-defined]
    fake.have_pdf_tools = lambda: False  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "fupin_docs.render.pdf", fake)
    assert default_pdf_converter() is None  # module present, LibreOffice absent
    fake.have_pdf_tools = lambda: True  # type: ignore[attr-defined]
    convert = default_pdf_converter()
    assert convert is not None
    docs = [tmp_path / "a.docx", tmp_path / "b.docx"]
    assert convert(docs, tmp_path) == ([tmp_path / "a.pdf"], ["b.docx：超时"])
    assert calls == [(docs, tmp_path)]


# -- the 「检查」 tab (fupin-docs inspect) -------------------------------------------------------


def inspect_books(tmp_path: Path) -> tuple[Path, Path]:
    """This year's slips (one lacking its 真实性核对) and the ledger made from them."""
    year = dt.date.today().year
    rows = [good_slip(i, draft_date=dt.date(year, 3, 3), formed_date=dt.date(year, 3, 2),
                      deputy_date=dt.date(year, 3, 4), published_date=dt.date(year, 3, 5))
            for i in range(1, 4)]
    rows[1]["check_truth"] = "未核对"  # §5.1
    book = tmp_path / "处理单.xlsx"
    init_slips(book)
    fill_workbook(book, rows)
    ledger = tmp_path / "台账.xlsx"
    JOBS["ledger"].run(book, tmp_path / "led", RunOptions(write_reports=False))
    shutil.copy(tmp_path / "led" / "发布台账.xlsx", ledger)
    return book, ledger


def inspect_upload(client: FlaskClient, files: list[tuple[Path, str]]) -> str:
    """Upload several workbooks (path, the name the clerk's browser gives) to the 检查 tab;
    the job's page once it is done."""
    fields: dict[str, Any] = {"csrf_token": csrf(client, "inspect"), "workbook": [
        (io.BytesIO(path.read_bytes()), name) for path, name in files]}
    resp = client.post("/k/inspect/upload", data=fields)
    assert resp.status_code == 303, resp.get_data(as_text=True)
    job_url: str = resp.headers["Location"]
    assert wait_done(client, job_url)["state"] == "done"
    return job_url


def test_inspect_tab_takes_several_records_and_returns_workbook_and_report(
        client: FlaskClient, tmp_path: Path) -> None:
    book, ledger = inspect_books(tmp_path)
    page = client.get("/k/inspect").get_data(as_text=True)
    assert "检查" in page and "multiple" in page
    job_url = inspect_upload(client, [(book, "处理单.xlsx"), (ledger, "台账.xlsx")])
    page = client.get(job_url).get_data(as_text=True)
    assert "发现问题" in page and "规划财务股" in page and "真实性核对" in page
    report = json.loads(download(client, job_url, "report-json").data)
    assert {r["kind"] for r in report["records"]} == {"slips", "ledger"}  # both files read
    # the slip with the error is also missing from the ledger made from the slips (§5.5)
    assert sorted(f["code"] for f in report["findings"] if f["number"]) == [
        "inspect.checks", "inspect.ledger.missing"]
    names = zipfile.ZipFile(io.BytesIO(download(client, job_url, "documents").data)).namelist()
    assert sorted(names) == ["检查报告.docx", "检查报告.xlsx", "督查.xlsx"]
    # the download button counts the files in the zip, not the records inspected
    button = re.search(r'id="dl-documents"[^>]*>([^<]*)<', page)
    assert button and f"（{len(names)} 个文件" in button.group(1), button


def test_inspect_tab_refuses_an_unrecognised_workbook(client: FlaskClient, samples: Path) -> None:
    resp = upload(client, (samples / "督查.xlsx").read_bytes(), "督查.xlsx", kind="inspect")
    job_url = resp.headers["Location"]
    assert wait_done(client, job_url)["state"] == "failed"
    assert "无法识别是哪种记录" in client.get(job_url).get_data(as_text=True)


def test_inspect_tab_no_unit_warning_has_no_cli_option(client: FlaskClient, tmp_path: Path) -> None:
    """A slip without 责任股室: the CLI suggests --unit 文件名=单位; the page has no such field."""
    year = dt.date.today().year
    rows = [good_slip(i, draft_date=dt.date(year, 3, 3), formed_date=dt.date(year, 3, 2),
                      deputy_date=dt.date(year, 3, 4), published_date=dt.date(year, 3, 5))
            for i in range(1, 3)]
    rows[1]["office"] = None
    book = tmp_path / "处理单.xlsx"
    init_slips(book)
    fill_workbook(book, rows)
    resp = upload(client, book.read_bytes(), "处理单.xlsx", kind="inspect")
    job_url = resp.headers["Location"]
    assert wait_done(client, job_url)["state"] == "done"
    page = client.get(job_url).get_data(as_text=True)
    assert "没有责任股室" in page and "请在该文件的这一列补填责任股室" in page
    assert "--unit" not in page
    assert '<th scope="col">文件</th>' not in page  # one file: no file column


def test_inspect_tab_keeps_each_uploads_own_name_safe_and_told_apart(
        client: FlaskClient, app: Flask, tmp_path: Path) -> None:
    """Several files: messages, report.json and the 检查报告 name them as the clerk did (never
    上传文件2.xlsx); two uploads of the same name are told apart, unsafe characters replaced."""
    book, ledger = inspect_books(tmp_path)
    job_url = inspect_upload(client, [(book, "规划财务股/处理单.xlsx"), (ledger, "处理单.XLSX"),
                                      (book, "第2季度:处理单*.xlsx")])
    job = get_store(app).get(job_url.rsplit("/", 1)[1])
    assert job is not None
    assert [p.name for p in job.inputs] == ["处理单.xlsx", "处理单（2）.xlsx", "第2季度_处理单_.xlsx"]
    report = json.loads(download(client, job_url, "report-json").data)
    assert [r["file"] for r in report["records"]] == [p.name for p in job.inputs]
    assert report["source"] == "处理单.xlsx、处理单（2）.xlsx、第2季度_处理单_.xlsx"
    files = {f for i in report["issues"] if i["file"] for f in i["file"].split("、")}
    assert files and files <= {p.name for p in job.inputs} | {"督查.xlsx"}, files
    page = client.get(job_url).get_data(as_text=True)
    assert "上传文件" not in page and "上传文件" not in json.dumps(report, ensure_ascii=False)
    assert '<th scope="col">文件</th>' in page  # several files: the issue table names each one
    with zipfile.ZipFile(io.BytesIO(download(client, job_url, "documents").data)) as zf:
        sheets = openpyxl.load_workbook(io.BytesIO(zf.read("检查报告.xlsx")))
        texts = " ".join(str(c.value) for ws in sheets for row in ws.iter_rows() for c in row
                         if c.value is not None)
        body = zf.read("检查报告.docx")
    assert "上传文件" not in texts and "上传文件".encode() not in body


def test_inspect_tab_unit_outside_the_catalogues_names_the_pages_catalogue_field(
        client: FlaskClient, tmp_path: Path) -> None:
    """inspect.unit.no_catalogue: the CLI says --catalogue; the page names its own
    「本县（区）标准目录」 upload field, never a command-line option."""
    from fupin_docs.standard.catalogues.model import builtin_catalogue

    yimei = builtin_catalogue("yimei")
    rows = [good_slip(1, office="办公室", item="机构信息/领导分工")]  # in no 伊美 item
    rows += [good_slip(2 + n, office="规划财务股", item=item.label,
                       title=f"规划财务股{item.level2}公开") for n, item in enumerate(yimei.items)]
    book = tmp_path / "处理单.xlsx"
    init_slips(book)
    fill_workbook(book, rows)
    catalogue = (Path(__file__).parent.parent / "fupin_docs" / "data" / "catalogues"
                 / "yimei.json").read_bytes()
    fields: dict[str, Any] = {"csrf_token": csrf(client, "inspect"),
                              "workbook": (io.BytesIO(book.read_bytes()), "处理单.xlsx"),
                              "catalogue": (io.BytesIO(catalogue), "伊美目录.json")}
    resp = client.post("/k/inspect/upload", data=fields)
    assert resp.status_code == 303, resp.get_data(as_text=True)
    job_url = resp.headers["Location"]
    assert wait_done(client, job_url)["state"] == "done"
    page = client.get(job_url).get_data(as_text=True)
    assert "单位「办公室」" in page and "没有一条属于所给标准目录" in page
    assert "在上传页面的「本县（区）标准目录」栏上传该单位所用的标准目录" in page
    assert "--catalogue" not in page and "--" not in re.sub(r"<!--.*?-->", "", page, flags=re.S)
    report = json.loads(download(client, job_url, "report-json").data)
    (said,) = [i for i in report["issues"] if i["code"] == "inspect.unit.no_catalogue"]
    assert "--" not in said["message"]


def _visible_text(page: str) -> str:
    page = re.sub(r"<script.*?</script>|<style.*?</style>|<!--.*?-->", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_pages_name_no_command_line_command_option_or_library(client: FlaskClient) -> None:
    """What a clerk reads on the page: no CLI sub-command (import-catalogue), no option
    (--catalogue), no library name (chinesecalendar); the page's own names instead."""
    for url in ["/", "/calendar", "/calendar?year=2026", *(f"/k/{name}" for name in JOBS)]:
        text = _visible_text(client.get(url).get_data(as_text=True))
        assert not re.search(r"--[a-z]", text), (url, text)
        for word in ("import-catalogue", "chinesecalendar", "fupin-docs init", "Traceback"):
            assert word not in text, (url, word)
    page = _visible_text(client.get("/k/slips").get_data(as_text=True))
    assert "「导入本县（区）标准目录」页面生成的目录文件 .json" in page
