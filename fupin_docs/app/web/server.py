"""Serve the web page with waitress (a production-grade pure-Python WSGI server)."""

from __future__ import annotations

import secrets
import signal
import socket
import threading
import webbrowser
from collections.abc import Callable
from typing import Any

from flask import Flask

from ...types import FupinError
from .app import LOCAL_HOSTS, create_app, get_store


def is_local(host: str) -> bool:
    return host.strip("[]") in LOCAL_HOSTS


def make_server(app: Flask, host: str, port: int) -> Any:
    """A bound (listening) waitress server; ``.effective_port`` is the real port, ``.run()``."""
    from waitress import create_server

    limit = int(app.config["MAX_CONTENT_LENGTH"] or 0)
    check_port_free(host, port)
    try:
        return create_server(
            app, host=host.strip("[]"), port=port, threads=4, ident="fupin-docs",
            # Bodies a little over Flask's cap still reach Flask and get its Chinese 413 page.
            max_request_body_size=max(limit * 3, 1024 * 1024),
        )
    except OSError as exc:
        raise FupinError(
            f"无法在 {host}:{port} 上启动：{exc.strerror or exc}。端口可能已被占用，请用 --port 换一个。"
        ) from exc


def check_port_free(host: str, port: int) -> None:
    """Fail with a Chinese message before waitress, which leaks its socket when bind fails."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FupinError(f"无法识别监听地址 {host}：{exc}") from exc
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as exc:
            raise FupinError(
                f"无法在 {host}:{port} 上启动：{exc.strerror or exc}。端口可能已被占用，请用 --port 换一个。"
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
