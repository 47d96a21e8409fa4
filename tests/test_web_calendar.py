"""The web page's 「工作日历」: paste the notice, see the year, save it (issue 16)."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from fupin_docs.app.web import create_app, get_store
from fupin_docs.standard.calendar.workdays import WorkdayCalendar
from tests.test_web import browser, new_page, require_browser, running_server, shot

__all__ = ["browser", "require_browser"]  # fixtures shared with test_web

EXAMPLE_2027 = Path(__file__).parent / "data" / "notices-example" / "2027-示例.txt"
NOTICES = Path(__file__).parent / "data" / "notices"


def csrf(client: FlaskClient) -> str:
    page = client.get("/calendar").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def text_of(resp: object) -> str:
    return html.unescape(resp.get_data(as_text=True))  # type: ignore[attr-defined]


def test_calendar_page_is_linked_and_lists_the_known_years(client: FlaskClient) -> None:
    home = client.get("/").get_data(as_text=True)
    assert 'href="/calendar"' in home
    page = text_of(client.get("/calendar"))
    assert "2004—2026年" in page and "内置日历（随本工具安装）" in page
    assert "chinesecalendar" not in page  # a library's name, not what a clerk knows
    assert '<textarea id="notice" name="notice"' in page


def test_preview_shows_the_year_and_saves_nothing(client: FlaskClient, data_dir: Path) -> None:
    notice = EXAMPLE_2027.read_text(encoding="utf-8")
    resp = client.post("/calendar/preview", data={"csrf_token": csrf(client), "notice": notice})
    assert resp.status_code == 200
    page = text_of(resp)
    assert "2027年：请核对后保存" in page and "春节：2月5日至12日放假，2月20日上班" in page
    # the month grid: Saturday 2027-02-20 worked, Monday 2027-02-08 off
    assert re.search(r'<td class="adjusted" title="春节调休上班">20<span class="mark">班</span>', page)
    assert re.search(r'<td class="holiday" title="春节放假">8<span class="mark">休</span>', page)
    assert 'id="install"' in page
    assert not (data_dir / "calendars").exists()
    assert not WorkdayCalendar().knows(2027)


def test_install_saves_the_year_for_every_later_run(client: FlaskClient, data_dir: Path) -> None:
    notice = EXAMPLE_2027.read_text(encoding="utf-8")
    resp = client.post("/calendar/install", data={"csrf_token": csrf(client), "notice": notice})
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/calendar?saved=2027")
    assert (data_dir / "calendars" / "2027.json").is_file()
    assert WorkdayCalendar().is_workday(dt.date(2027, 2, 20))
    page = text_of(client.get(resp.headers["Location"]))
    assert "已保存2027年工作日历" in page and "已保存的通知：国务院办公厅关于2027年部分节假日安排的通知" in page
    shown = text_of(client.get("/calendar?year=2027"))
    assert "2027年工作日历" in shown and "来源：已安装的通知" in shown


def test_wrong_weekday_is_shown_in_chinese_with_the_line(client: FlaskClient, data_dir: Path) -> None:
    notice = EXAMPLE_2027.read_text(encoding="utf-8").replace("2月20日（周六）", "2月20日（周日）")
    for url in ("/calendar/preview", "/calendar/install"):
        resp = client.post(url, data={"csrf_token": csrf(client), "notice": notice})
        assert resp.status_code == 400
        page = text_of(resp)
        assert "粘贴的通知第7行" in page and "2月20日是星期六，通知写的是周日" in page
        assert notice.splitlines()[6] in page  # the pasted text is kept for correcting
    assert not (data_dir / "calendars").exists()


def test_empty_or_garbage_text_is_refused(client: FlaskClient) -> None:
    resp = client.post("/calendar/preview", data={"csrf_token": csrf(client), "notice": "  "})
    assert resp.status_code == 400 and "请粘贴通知全文" in text_of(resp)
    resp = client.post("/calendar/preview", data={"csrf_token": csrf(client),
                                                  "notice": "今天开会", "year": "2027"})
    assert resp.status_code == 400 and "没有读到任何放假安排" in text_of(resp)
    resp = client.post("/calendar/preview", data={"csrf_token": csrf(client), "notice": "x",
                                                  "year": "27"})
    assert resp.status_code == 400 and "四位数字" in text_of(resp)


def test_supplement_goes_on_top_of_the_saved_year(client: FlaskClient, data_dir: Path) -> None:
    supplement = (NOTICES / "2019-调整劳动节.txt").read_text(encoding="utf-8")
    resp = client.post("/calendar/preview", data={"csrf_token": csrf(client), "notice": supplement})
    assert resp.status_code == 400 and "补充通知" in text_of(resp)
    client.post("/calendar/install", data={"csrf_token": csrf(client),
                                           "notice": (NOTICES / "2019.txt").read_text(encoding="utf-8")})
    resp = client.post("/calendar/preview", data={"csrf_token": csrf(client), "notice": supplement})
    page = text_of(resp)
    assert resp.status_code == 200 and "劳动节：5月1日至4日放假" in page and "将替换已保存的2019年日历" in page


def test_csrf_token_required(client: FlaskClient) -> None:
    notice = EXAMPLE_2027.read_text(encoding="utf-8")
    assert client.post("/calendar/install", data={"notice": notice}).status_code == 400
    assert client.post("/calendar/install", data={"notice": notice, "csrf_token": "x"}).status_code == 400


def test_token_required_on_non_local_host() -> None:
    app = create_app({"PDF_CONVERTER": None, "ACCESS_TOKEN": "s3cret"})
    try:
        client = app.test_client()
        assert client.get("/calendar").status_code == 403
        assert client.get("/calendar?token=s3cret").status_code == 302
        assert client.get("/calendar").status_code == 200  # the cookie from the redirect
    finally:
        get_store(app).close()


def test_unknown_year_view_is_404_in_chinese(client: FlaskClient) -> None:
    resp = client.get("/calendar?year=2030")
    assert resp.status_code == 404 and "没有2030年的节假日安排" in text_of(resp)
    resp = client.get("/calendar?year=2026")
    assert resp.status_code == 200 and "来源：内置日历（随本工具安装）" in text_of(resp)
    assert "chinesecalendar" not in text_of(resp)


def test_browser_paste_preview_save(browser: Any, tmp_path: Path, data_dir: Path) -> None:
    """A clerk pastes the notice, checks the months, saves; the screenshots are for looking."""
    with running_server({"PDF_CONVERTER": None}) as (url, _app):
        page = new_page(browser)
        page.goto(url + "/")
        page.click("#calendar-link")
        page.fill("#notice", EXAMPLE_2027.read_text(encoding="utf-8"))
        page.click("#preview-button")
        page.wait_for_selector("#preview")
        assert "2027年：请核对后保存" in page.inner_text("#preview")
        shot(page, tmp_path, "calendar-preview")
        page.click("#install")
        page.wait_for_selector("#saved")
        assert "已保存2027年工作日历" in page.inner_text("#saved")
        shot(page, tmp_path, "calendar-saved")
        page.context.close()
    assert (data_dir / "calendars" / "2027.json").is_file()
