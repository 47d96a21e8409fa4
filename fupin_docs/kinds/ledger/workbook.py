"""The ledger workbook (the ledger kind's template): 发布台账, 不予公开登记 and 汇总.

The 汇总 sheet carries a native Excel chart (publications per month per 股室).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...outputs.xlsxfile import DocProps
from ...render.xlsx import (
    print_landscape_a4,
    row_height,
    safe_workbook,
    wrapped,
    write_row,
    write_value,
)
from . import STATUS_CN, Ledger, SlipEntry, deadline_line

FONT = "宋体"
LEDGER_SHEET = "发布台账"
WITHHELD_SHEET = "不予公开登记"
SUMMARY_SHEET = "汇总"
# the dates as the slips write them: 2026年3月2日 (still dates: they sort and filter)
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
# under the table, to be filled in and signed on the printed ledger: (column, text), in
# cells of their own (not merged), so the table reads back as before (--against)
SIGN_LINE = ((1, "填表人："), (5, "审核人："), (9, "填报日期：\u3000\u3000年\u3000月\u3000日"))

# (header, width); the headers are the titles of schemas/ledger.schema.json. 10 pt text;
# 信息编号 holds 平扶公〔2026〕101号 on one line and a date column 2026年12月31日 (a date
# too narrow shows ####), with room to spare; the total (156.5) is what A4 landscape holds at
# 91 % when fitted to the page width, so the 10 pt text prints above 9 pt
LEDGER_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 4.5), ("信息编号", 20), ("信息标题", 13.5), ("公开事项", 10), ("责任股室", 7),
    ("形成日期", 15), ("审签日期", 15), ("公开日期", 15), ("公开渠道", 9),
    ("公开方式", 7), ("公开属性", 7), ("发布人", 6.5), ("是否按时", 5), ("适用时限", 15),
    ("备注", 7),
)
WITHHELD_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 4.5), ("信息编号", 20), ("信息标题", 22), ("公开事项", 15), ("责任股室", 8),
    ("形成日期", 15), ("审签日期", 15), ("审签领导", 9), ("不予公开理由", 32), ("备注", 11),
)


def _year(ledger: Ledger) -> str:
    return f"（{ledger.year_text}年）" if ledger.year_text else ""


def ledger_title(ledger: Ledger) -> str:
    """The unit's name, then the title: 万源市扶贫移民工作局政务公开信息发布台账（2026年）."""
    return f"{ledger.unit}政务公开信息发布台账{_year(ledger)}"


def withheld_title(ledger: Ledger) -> str:
    return f"{ledger.unit}不予公开信息登记{_year(ledger)}"


def summary_title(ledger: Ledger) -> str:
    return f"{ledger.unit}政务公开信息发布汇总{_year(ledger)}"


def ledger_row(n: int, e: SlipEntry) -> list[Any]:
    v = e.v
    remarks = [v["remarks"]] if v.get("remarks") else []
    if v.get("disclosure") == "删减后公开" and v.get("reason"):
        remarks.insert(0, f"删减理由：{v['reason']}")
    return [
        n, v.get("number"), v.get("title"), e.item_label, v.get("office"), v.get("formed_date"),
        e.signed, e.published, v.get("channels"), v.get("ways"), v.get("disclosure"),
        v.get("publisher"), e.on_time_text, e.deadline_text(), "\n".join(remarks),
    ]


def withheld_row(n: int, e: SlipEntry) -> list[Any]:
    v = e.v
    signers = "、".join(x for x in (v.get("deputy_name"), v.get("head_name")) if x)
    return [n, v.get("number"), v.get("title"), e.item_label, v.get("office"),
            v.get("formed_date"), e.signed, signers, v.get("reason"), v.get("remarks")]


class _Formats:
    def __init__(self, wb: Any) -> None:
        base = {"font_name": FONT, "font_size": 10, "valign": "top", "text_wrap": True}
        self.title = wb.add_format({"font_name": "黑体", "font_size": 16, "align": "center",
                                    "valign": "vcenter"})
        self.h2 = wb.add_format({"font_name": "黑体", "font_size": 12, "valign": "vcenter"})
        self.note = wb.add_format({**base, "font_color": "#555555"})
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1,
                                     "align": "center", "valign": "vcenter"})
        self.cell = wb.add_format({**base, "border": 1})
        self.center = wb.add_format({**base, "border": 1, "align": "center"})
        self.date = wb.add_format({**base, "border": 1, "align": "center",
                                   "num_format": DATE_FORMAT})
        self.sign = wb.add_format({"font_name": FONT, "font_size": 11, "valign": "vcenter"})
        self.late = wb.add_format({**base, "border": 1, "align": "center", "bold": True,
                                   "font_color": "#9C0006", "bg_color": "#FFC7CE"})
        self.num = wb.add_format({**base, "border": 1, "align": "right"})
        self.pct = wb.add_format({**base, "border": 1, "align": "right", "num_format": "0.0%"})
        self.total = wb.add_format({**base, "border": 1, "bold": True, "bg_color": "#F2F2F2"})
        self.total_num = wb.add_format({**base, "border": 1, "bold": True, "align": "right",
                                        "bg_color": "#F2F2F2"})


def _table_sheet(wb: Any, f: _Formats, name: str, title: str,
                 columns: tuple[tuple[str, float], ...], rows: Iterable[list[Any]],
                 centered: set[int], late_col: int | None = None) -> None:
    ws = wb.add_worksheet(name, stream=True)  # a province's year: 100,000 rows, on disk
    last = len(columns) - 1
    ws.merge_range(0, 0, 0, last, "", f.title)
    ws.write_string(0, 0, title, f.title)
    ws.set_row(0, 30)
    heads = [wrapped(header, width, 10, balance=True) for header, width in columns]
    for c, (head, (_, width)) in enumerate(zip(heads, columns, strict=True)):
        ws.write_string(1, c, head, f.header)
        ws.set_column(c, c, width)
    ws.set_row(1, max(28.0, 15.0 * max(h.count("\n") + 1 for h in heads) + 5))
    widths = [w for _, w in columns]
    formats = [f.center if c in centered else f.cell for c in range(len(columns))]
    late_formats = list(formats)
    if late_col is not None:
        late_formats[late_col] = f.late
    r = 1
    for r, values in enumerate(rows, start=2):
        ws.set_row(r, row_height(values, widths))
        late = late_col is not None and values[late_col] == "否"
        write_row(ws, r, values, late_formats if late else formats, f.date)
    if r == 1:  # no rows
        ws.merge_range(2, 0, 2, last, "（无）", f.cell)
    end = max(2, r)
    ws.autofilter(1, 0, end, last)
    for c, text in SIGN_LINE:
        ws.write_string(end + 2, c, text, f.sign)
    ws.set_row(end + 2, 24)
    ws.freeze_panes(2, 0)
    print_landscape_a4(ws, (1, 1), title)


def write_ledger_workbook(ledger: Ledger, target: Path) -> None:
    title = ledger_title(ledger)
    # the package parts on disk, not in memory: the table sheets are streamed (see
    # Workbook.add_worksheet), the 汇总 sheet is not (its chart caches the numbers)
    with safe_workbook(target, DocProps(title=title, author=ledger.unit),
                       {"in_memory": False}) as wb:
        f = _Formats(wb)
        rows = (ledger_row(n, e) for n, e in enumerate(ledger.rows, start=1))
        _table_sheet(wb, f, LEDGER_SHEET, title, LEDGER_COLUMNS, rows,
                     centered={0, 1, 4, 9, 10, 11, 12}, late_col=12)
        withheld = (withheld_row(n, e) for n, e in enumerate(ledger.withheld, start=1))
        _table_sheet(wb, f, WITHHELD_SHEET, withheld_title(ledger), WITHHELD_COLUMNS, withheld,
                     centered={0, 1, 4, 7})
        _summary_sheet(wb, f, ledger)
        wb.worksheets()[0].activate()


_SUMMARY_WIDTHS = (34, 14, 14, 14, 11, 11, 11, 11)


def _summary_sheet(wb: Any, f: _Formats, ledger: Ledger) -> None:
    ws = wb.add_worksheet(SUMMARY_SHEET)
    for c, width in enumerate(_SUMMARY_WIDTHS):
        ws.set_column(c, c, width)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页 共 &N 页")
    heading = summary_title(ledger)
    ws.merge_range(0, 0, 0, 7, "", f.title)
    ws.write_string(0, 0, heading, f.title)
    ws.set_row(0, 30)
    r = 1
    ws.merge_range(r, 0, r, 7, "", f.note)
    ws.write_string(r, 0, f"来源：{ledger.source}。依据{ledger.standard_title}"
                          "第5.5条、第6.1条、第6.2条；"
                          "时限按工作日计算（法定节假日、调休）。", f.note)
    r += 2

    # rows read = the buckets (they must add up)
    r = _h2(ws, f, r, "一、处理单行数核对")
    counts = ledger.counts()
    buckets = [s for s in STATUS_CN if s != "other_year" or ledger.year is not None]
    r = _header(ws, f, r, ["去向", "行数"])
    for s in buckets:
        ws.write_string(r, 0, STATUS_CN[s], f.cell)
        ws.write_number(r, 1, counts[s], f.num)
        r += 1
    ws.write_string(r, 0, "合计（= 读取的处理单行数）", f.total)
    ws.write_number(r, 1, sum(counts[s] for s in buckets), f.total_num)
    r += 1
    ws.merge_range(r, 0, r, 7, "", f.note)
    ws.write_string(r, 0, ledger.balance_text(), f.note)
    r += 1
    pending = [e for e in ledger.entries if e.status in ("unpublished", "rejected")]
    for e in pending:
        ws.merge_range(r, 0, r, 7, "", f.note)
        what = STATUS_CN[e.status]
        ws.write_string(r, 0, f"{what}：{e.v.get('number') or e.rec.raw.get('number') or ''} "
                              f"{e.v.get('title') or ''}（{e.place()}）", f.note)
        r += 1
    r += 1

    r = _h2(ws, f, r, "二、按时公开情况")
    rate = ledger.on_time_rate()
    r = _header(ws, f, r, ["项目", "数值"])
    for label, value, fmt in (
        ("已公开（列入台账）", len(ledger.rows), f.num),
        ("按时公开", ledger.checked_on_time, f.num),
        ("超期公开", len(ledger.late), f.num),
        *((("时限未核对（节假日安排尚未提供）", len(ledger.unchecked), f.num),) if ledger.unchecked else ()),
        ("按时公开率", rate, f.pct),
    ):
        ws.write_string(r, 0, label, f.cell)
        write_value(ws, r, 1, "—" if value is None else value, fmt)
        r += 1
    r += 1

    for no, (key, label) in enumerate(
        (("item", "公开事项"), ("office", "责任股室"), ("channels", "公开渠道"), ("month", "月份")),
        start=3,
    ):
        r = _h2(ws, f, r, f"{_cn_no(no)}、按{label}统计")
        unchecked = bool(ledger.unchecked)  # a 未核对 column, out of the rate (as in 二)
        r = _header(ws, f, r, [label, "公开条数", "按时", *(["未核对"] if unchecked else []),
                               "按时率"])
        data = ledger.by(key)
        for b in data:
            ws.write_string(r, 0, b.name, f.cell)
            ws.write_number(r, 1, b.total, f.num)
            ws.write_number(r, 2, b.on_time, f.num)
            if unchecked:
                ws.write_number(r, 3, b.unchecked, f.num)
            write_value(ws, r, 3 + unchecked, "—" if b.rate is None else b.rate, f.pct)
            r += 1
        if not data:
            ws.write_string(r, 0, "（无）", f.cell)
            r += 1
        if key == "channels":
            ws.write_string(r, 0, "注：一条信息可通过多个渠道公开，各渠道条数之和可大于公开条数。",
                            f.note)
            r += 1
        r += 1

    r = _h2(ws, f, r, "七、各股室每月公开条数")
    months, offices, cells = ledger.pivot()
    top = r
    r = _header(ws, f, r, ["月份", *offices, "合计"])
    for m in months:
        ws.write_string(r, 0, m, f.cell)
        for c, o in enumerate(offices, start=1):
            ws.write_number(r, c, cells.get((m, o), 0), f.num)
        ws.write_number(r, len(offices) + 1, sum(cells.get((m, o), 0) for o in offices), f.num)
        r += 1
    if months and offices:
        chart = wb.add_chart({"type": "column", "subtype": "stacked"})
        for c in range(1, len(offices) + 1):
            chart.add_series({
                "name": [SUMMARY_SHEET, top, c],
                "categories": [SUMMARY_SHEET, top + 1, 0, top + len(months), 0],
                "values": [SUMMARY_SHEET, top + 1, c, top + len(months), c],
                "gap": 80,
            })
        chart.set_title({"name": "各股室每月公开条数",
                         "name_font": {"name": FONT, "size": 12, "bold": True}})
        chart.set_x_axis({"num_font": {"name": FONT, "size": 9}})
        chart.set_y_axis({"major_unit": 1, "min": 0, "num_font": {"name": FONT, "size": 9},
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_legend({"position": "bottom", "font": {"name": FONT, "size": 9}})
        chart.set_size({"width": 620, "height": 300})
        ws.insert_chart(r + 1, 0, chart, {"x_offset": 5, "y_offset": 5})
        r += 17
    r += 1

    r = _h2(ws, f, r, "八、超期公开清单（按工作日计算）")
    r = _header(ws, f, r, ["信息编号及标题", "责任股室", "公开日期", "截止日期", "超期工作日",
                           "适用时限（未满足的）", "", ""])
    ws.merge_range(r - 1, 5, r - 1, 7, "适用时限（未满足的）", f.header)
    for e in ledger.late:
        worst = max(e.missed, key=lambda t: t.days_late)
        ws.write_string(r, 0, f"{e.v.get('number')}\n{e.v.get('title') or ''}", f.cell)
        write_value(ws, r, 1, e.v.get("office"), f.cell)
        write_value(ws, r, 2, e.published, f.date, f.date)
        write_value(ws, r, 3, worst.due, f.date, f.date)
        ws.write_number(r, 4, e.days_late, f.num)
        text = "\n".join(deadline_line(t) for t in e.missed)
        ws.merge_range(r, 5, r, 7, "", f.cell)
        ws.write_string(r, 5, text, f.cell)
        ws.set_row(r, max(30.0, row_height([text], [sum(_SUMMARY_WIDTHS[5:])])))
        r += 1
    if not ledger.late:
        ws.write_string(r, 0, "（无超期）", f.cell)
        r += 1
    r += 1

    r = _h2(ws, f, r, "九、按年度更新的事项（第6.2条）")
    if ledger.annual_year is None:
        ws.write_string(r, 0, "未指定年度，且公开日期跨多个年度，未核对。", f.note)
        r += 1
    else:
        r = _header(ws, f, r, ["公开事项", "目录", "", "", f"{ledger.annual_year}年公开条数",
                               "状态"])
        ws.merge_range(r - 1, 1, r - 1, 3, "目录", f.header)
        for a in ledger.annual:
            ws.write_string(r, 0, a.label, f.cell)
            ws.merge_range(r, 1, r, 3, "", f.cell)
            ws.write_string(r, 1, a.catalogue, f.cell)
            ws.write_number(r, 4, a.count, f.num)
            ws.write_string(r, 5, "已更新" if a.updated else "未更新", f.center if a.updated
                            else f.late)
            r += 1
        if not ledger.annual:
            ws.write_string(r, 0, "（目录中没有标为按年度更新的事项）", f.note)
            r += 1
    ws.merge_range(r + 1, 0, r + 1, 7, "", f.note)
    ws.write_string(r + 1, 0, "注：工作日按国家法定节假日和调休计算。", f.note)


def _h2(ws: Any, f: _Formats, r: int, text: str) -> int:
    ws.write_string(r, 0, text, f.h2)
    ws.set_row(r, 20)
    return r + 1


def _header(ws: Any, f: _Formats, r: int, headers: list[str]) -> int:
    for c, h in enumerate(headers):
        ws.write_string(r, c, h, f.header)
    return r + 1


def _cn_no(n: int) -> str:
    return "零一二三四五六七八九十"[n]
