"""Serve the web page with waitress (a production-grade pure-Python WSGI server)."""

from __future__ import annotations

import html
import logging
import secrets
import signal
import socket
import threading
import webbrowser
from collections.abc import Callable
from typing import Any

from flask import Flask

from ...types import FupinError, os_error_cn
from .app import LOCAL_HOSTS, create_app, get_store, upload_limit


def is_local(host: str) -> bool:
    return host.strip("[]") in LOCAL_HOSTS


# waitress answers some requests itself, before Flask sees them, in English
WAITRESS_ERRORS_CN = {
    400: ("请求无效", "浏览器发来的请求格式不对。请返回上一页，刷新后再试。"),
    413: ("文件太大", "上传的文件超过了大小上限（{limit}）。请把数据分成几个工作簿分别上传。"),
    431: ("请求无效", "请求头过大。请关闭浏览器后重新打开本页面。"),
    500: ("内部错误", "服务器处理时出现程序错误。请把输入文件和本页面截图交给技术人员。"),
    501: ("不支持的操作", "请从页面上的按钮进行操作。"),
}


class _QueueLogInChinese(logging.Filter):
    """waitress's console warning "Task queue depth is 3", in Chinese."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Task queue depth is"):
            record.msg = "网页服务繁忙：有 %d 个请求在排队等待处理（处理完前面的请求后会自动继续）"
        return True


_QUEUE_FILTER = _QueueLogInChinese()


def _chinese_channel(limit_text: str) -> type:
    """A waitress channel whose own error pages (413 over its body limit, 400...) are Chinese."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    class ChineseErrorTask(ErrorTask):  # type: ignore[misc]
        def execute(self) -> None:
            err = self.request.error
            code = int(getattr(err, "code", 500))
            title, text = WAITRESS_ERRORS_CN.get(code, WAITRESS_ERRORS_CN[500])
            body = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
                    f"<title>{title}</title></head><body><h1>{title}</h1>"
                    f"<p>{html.escape(text.format(limit=limit_text))}</p>"
                    '<p><a href="/">返回首页</a></p></body></html>').encode()
            self.status = f"{code} {getattr(err, 'reason', 'Error')}"
            self.response_headers.append(("Content-Type", "text/html; charset=utf-8"))
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class ChineseChannel(HTTPChannel):  # type: ignore[misc]
        error_task_class = ChineseErrorTask

    return ChineseChannel


def make_server(app: Flask, host: str, port: int) -> Any:
    """A bound (listening) waitress server; ``.effective_port`` is the real port, ``.run()``."""
    from waitress import create_server

    limit = int(app.config["MAX_CONTENT_LENGTH"] or 0)
    check_port_free(host, port)
    logging.getLogger("waitress.queue").addFilter(_QUEUE_FILTER)  # once: filters are a set
    try:
        server = create_server(
            app, host=host.strip("[]"), port=port, threads=4, ident="fupin-docs",
            # Bodies a little over Flask's cap still reach Flask and get its Chinese 413 page;
            # far over it, waitress refuses at the headers (its page is made Chinese too)
            max_request_body_size=max(limit * 3, 1024 * 1024),
        )
    except OSError as exc:
        raise FupinError(
            f"无法在 {host}:{port} 上启动（{os_error_cn(exc)}）。端口可能已被占用，请用 --port 换一个。"
        ) from exc
    with app.app_context():
        channel = _chinese_channel(upload_limit())
    for sub in [server, *getattr(server, "map", {}).values()]:
        if hasattr(sub, "channel_class"):
            sub.channel_class = channel
    return server


def check_port_free(host: str, port: int) -> None:
    """Fail with a Chinese message before waitress, which leaks its socket when bind fails."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FupinError(f"无法识别监听地址 {host}（{os_error_cn(exc)}）") from exc
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as exc:
            raise FupinError(
                f"无法在 {host}:{port} 上启动（{os_error_cn(exc)}）。端口可能已被占用，请用 --port 换一个。"
            ) from exc


def url_for_display(host: str, port: int) -> str:
    shown = host.strip("[]")
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(host: str, port: int, open_browser: bool, echo: Callable[[str], None]) -> None:
    """Run until Ctrl+C. A non-local address gets an access token, printed here."""
    token = None if is_local(host) else secrets.token_urlsafe(24)
    app = create_app({"ACCESS_TOKEN": token})
    store = get_store(app)
    try:
        server = make_server(app, host, port)
        url = url_for_display(host, int(server.effective_port))
        if token is None:
            echo(f"fupin-docs 网页已启动：{url}")
        else:
            echo(f"fupin-docs 网页已在 {host} 上启动，其他电脑须使用带访问令牌的网址：")
            echo(f"  {url}?token={token}")
            if host in ("0.0.0.0", "::"):
                echo("  （把网址中的地址换成本机的局域网 IP 地址）")
            echo("访问令牌只在本次运行有效；请只告诉需要使用的人。")
        echo("上传的文件和生成的结果保存在临时文件夹中，停止后自动删除。按 Ctrl+C 停止。")
        if open_browser:
            webbrowser.open(url if token is None else f"{url}?token={token}")
        previous = _stop_on_sigterm()
        try:
            server.run()  # waitress returns here on Ctrl+C / SIGTERM
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    finally:
        store.close()
    echo("已停止，临时文件已删除。")


def _stop_on_sigterm() -> Any:
    """Treat SIGTERM like Ctrl+C so the temporary folders are removed; returns the old handler."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)
