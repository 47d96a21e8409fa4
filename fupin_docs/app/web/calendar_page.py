"""The 「工作日历」 page: paste the State Council's holiday notice, see the year, save it.

The same parser and store as ``fupin-docs calendar``; the app's guards (local Host header or
access token, CSRF on every POST) apply here as on every page.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ...standard.calendar.notice import HolidayCalendar, NoticeError, parse_notices
from ...standard.calendar.show import notice_summary, year_months
from ...standard.calendar.store import calendars_dir
from ...standard.calendar.store import install as install_calendar
from ...standard.calendar.store import installed as installed_calendars
from ...standard.calendar.store import known_years as store_known_years
from ...standard.calendar.workdays import WorkdayCalendar
from ...types import FupinError

MAX_NOTICE_CHARS = 50_000


def _calendar_page(status: int = 200, **context: Any) -> ResponseReturnValue:
    context.setdefault("notice", "")
    context.setdefault("errors", [])
    context.setdefault("preview", None)
    context.setdefault("saved", None)
    context.setdefault("shown", None)
    return render_template("calendar.html", known=store_known_years(),
                           calendars_dir=calendars_dir(), builtin_source=BUILTIN_SOURCE,
                           **context), status


# the built-in years' source as a clerk reads it: the command line names the library
# (内置 chinesecalendar), the page says what it is
BUILTIN_SOURCE = "内置日历（随本工具安装）"


def _source_for_web(source: str) -> str:
    return BUILTIN_SOURCE if "chinesecalendar" in source else source


def _view(cal: WorkdayCalendar, year: int) -> dict[str, Any]:
    return {"year": year, "source": _source_for_web(cal.source_of(year)),
            "months": year_months(year, cal.describe)}


def _read_posted_notice() -> tuple[str, HolidayCalendar | None, list[str]]:
    text = request.form.get("notice", "")[:MAX_NOTICE_CHARS]
    year_text = request.form.get("year", "").strip()
    if not text.strip():
        return text, None, ["请粘贴通知全文（从中国政府网复制《关于YYYY年部分节假日安排的通知》）"]
    if year_text and not (year_text.isdigit() and len(year_text) == 4):
        return text, None, [f"年份「{year_text}」应为 2027 这样的四位数字，或留空（按通知标题）"]
    try:
        cal = parse_notices([(text, "粘贴的通知")], year=int(year_text) if year_text else None,
                            base_for=installed_calendars().get)
    except FupinError as exc:
        problems = exc.problems if isinstance(exc, NoticeError) else [str(exc)]
        return text, None, problems
    return text, cal, []


def register(app: Flask) -> None:
    @app.get("/calendar")
    def calendar_page() -> ResponseReturnValue:
        saved = request.args.get("saved", type=int)
        year = request.args.get("year", type=int)
        shown = None
        if year is not None:
            cal = WorkdayCalendar()
            if cal.knows(year):
                shown = _view(cal, year)
            else:
                return _calendar_page(404, errors=[f"没有{year}年的节假日安排，请在下面粘贴该年的通知"])
        return _calendar_page(saved=saved, shown=shown)

    @app.post("/calendar/preview")
    def calendar_preview() -> ResponseReturnValue:
        text, cal, errors = _read_posted_notice()
        if cal is None:
            return _calendar_page(400, notice=text, errors=errors)
        preview = _view(WorkdayCalendar.of_notice(cal), cal.year)
        preview["summary"] = notice_summary(cal.year, cal.holidays, cal.workdays)
        preview["replaces"] = cal.year in installed_calendars()
        return _calendar_page(notice=text, preview=preview)

    @app.post("/calendar/install")
    def calendar_install() -> ResponseReturnValue:
        text, cal, errors = _read_posted_notice()
        if cal is None:
            return _calendar_page(400, notice=text, errors=errors)
        try:
            install_calendar(cal)
        except FupinError as exc:
            return _calendar_page(500, notice=text, errors=[str(exc)])
        return redirect(url_for("calendar_page", saved=cal.year), code=303)
