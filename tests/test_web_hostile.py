"""Issue 21, the web page: the clerk's own file name, no command-line advice, Chinese from
waitress too. Written before the fixes."""

from __future__ import annotations

import io
import logging
import socket
from pathlib import Path

import pytest
from openpyxl import Workbook

from fupin_docs.app.web import get_store
from tests.test_web import running_server, upload, wait_done

CLI_WORDS = ("--sheet", "--calendar", "--year", "fupin-docs init", "上传文件")


def _page_after(client, data: bytes, name: str) -> str:
    resp = upload(client, data, name)
    assert resp.status_code == 303, resp.get_data(as_text=True)
    wait_done(client, resp.headers["Location"])
    return str(client.get(resp.headers["Location"]).get_data(as_text=True))


def _book(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("sheets", [
    {"甲": [["编号"]], "乙": [["编号"]]},  # which sheet? the CLI says --sheet
    {"处理单": [["不认识的表头"], ["x"]]},  # no header: the CLI says fupin-docs init
])
def test_web_failure_names_users_file_without_cli_advice(client, sheets) -> None:
    page = _page_after(client, _book(sheets), "我的处理单.xlsx")
    assert "未能处理该文件" in page
    message = page.split("未能处理该文件", 1)[1].split("</div>", 1)[0]
    assert "我的处理单.xlsx" in message
    for word in CLI_WORDS:
        assert word not in message, word


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("旧表.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, ("旧版 Excel（.xls）", "另存为")),
    ("名单.csv", "编号,标题\n1,2\n".encode(), ("CSV", "另存为")),
    ("改名.xlsx", b"\xd0\xcf\x11\xe0" + b"0" * 100, ("旧版 Excel（.xls）", "另存为")),
    ("改名.xlsx", "编号,标题\n1,2\n".encode(), ("CSV", "另存为")),
])
def test_web_xls_and_csv_messages_match_cli(client, name, data, expected) -> None:
    resp = upload(client, data, name)
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    for word in expected:
        assert word in page, (word, page)
    assert name in page


def test_waitress_body_limit_page_is_chinese() -> None:
    """Over waitress's own body limit (3 x the upload cap) the answer is still Chinese."""
    with running_server({"PDF_CONVERTER": None, "MAX_CONTENT_LENGTH": 4096}) as (url, web):
        host, port = url.split("//")[1].rstrip("/").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(b"POST /k/slips/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Content-Type: multipart/form-data; boundary=x\r\n"
                         b"Content-Length: 999999999\r\n\r\n")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        text = answer.decode("utf-8", "replace")
        assert text.startswith("HTTP/1.1 413"), text[:200]
        body = text.split("\r\n\r\n", 1)[1]  # the status line's reason phrase is protocol
        assert "文件太大" in body and "Request Entity Too Large" not in body
        assert "waitress" not in body
        assert len(get_store(web)) == 0


def test_waitress_queue_warning_is_chinese(caplog: pytest.LogCaptureFixture) -> None:
    from fupin_docs.app.web import create_app
    from fupin_docs.app.web.server import make_server

    web = create_app({"PDF_CONVERTER": None})
    make_server(web, "127.0.0.1", 0).close()
    get_store(web).close()
    with caplog.at_level(logging.WARNING, logger="waitress.queue"):
        logging.getLogger("waitress.queue").warning("Task queue depth is %d", 3)
    messages = [r.getMessage() for r in caplog.records if r.name == "waitress.queue"]
    assert messages and all("Task queue" not in m for m in messages)
    assert "3" in messages[0] and "排队" in messages[0]


def test_serve_port_in_use_message_has_no_english(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from fupin_docs.app.cli import cli

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    assert "Address already in use" not in result.output and "端口" in result.output
