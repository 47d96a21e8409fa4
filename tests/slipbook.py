"""Helpers for tests that build slip input workbooks with openpyxl."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from fupin_docs.resources import load_schema

SCHEMA = load_schema("slip")
FIELDS: list[str] = list(SCHEMA["properties"])
HEADERS: list[str] = [SCHEMA["properties"][f]["title"] for f in FIELDS]

# A row every rule accepts (一般性文件, published on time).
VALID: dict[str, Any] = {
    "number": "万扶公〔2026〕2号",
    "title": "关于调整局领导班子成员工作分工的通知",
    "office": "办公室",
    "drafter": "赵敏",
    "draft_date": dt.date(2026, 3, 9),
    "formed_date": dt.date(2026, 3, 9),
    "item": "机构信息/领导分工",
    "category": "一般性文件",
    "disclosure": "主动公开",
    "summary": "局领导班子成员分工调整后的姓名、职务、分管工作。",
    "check_truth": "已核对",
    "check_complete": "已核对",
    "check_secret": "不涉密",
    "channels": "政府网站、两微一端",
    "ways": "全文发布",
    "office_head_opinion": "拟公开。",
    "deputy_name": "王建国",
    "deputy_opinion": "同意公开。",
    "deputy_date": dt.date(2026, 3, 10),
    "published_date": dt.date(2026, 3, 11),
    "publisher": "赵敏",
}


def row(n: int = 2, **changes: Any) -> dict[str, Any]:
    """A valid row with a unique number (n), changed as given."""
    values = dict(VALID)
    values["number"] = f"万扶公〔2026〕{n}号"
    values.update(changes)
    return values


def write_book(
    path: Path,
    rows: Sequence[dict[str, Any]],
    *,
    headers: Sequence[str] | None = None,
    fields: Sequence[str] | None = None,
    sheet: str = "处理单",
) -> Path:
    """Write rows (field -> value; a value starting with = is a formula) under the headers."""
    fields = list(fields or FIELDS)
    headers = list(headers or [SCHEMA["properties"][f]["title"] for f in fields])
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(headers)
    for values in rows:
        ws.append([values.get(f) for f in fields])
    wb.save(path)
    return path
