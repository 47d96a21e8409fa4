"""Import of a 200-row published catalogue table: time per format (target < 1 s each).

    python benchmarks/bench_import.py [ROWS]

Builds a real-looking table of ROWS items (default 200): two header rows with merged group
headers, a title line above, 一级事项 merged over groups of four, every fourth item's
公开内容 split over two rows, the ■/□ channel checklist in one cell, √ columns; writes it
as .xlsx (openpyxl), .docx (python-docx, vMerge/gridSpan) and .html (rowspan/colspan);
then times ``import_file`` on each, best of three, and prints rows/s. Not a test: nothing
here asserts a time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from html import escape
from pathlib import Path

import openpyxl
from docx import Document

from fupin_docs.standard.catalogues.importer import import_file

CHANNELS = ("■政府网站 □政府公报\n□两微一端 □发布会/听证会\n□广播电视 □纸质媒体\n□公开查阅点 "
            "■政务服务中心\n□便民服务站 □入户/现场\n□社区/企事业单位/村公示栏（电子屏）\n□精准推送 □其他")
HEAD1 = ["序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
         "公开对象", "", "公开方式", "", "公开层级", ""]
HEAD2 = ["", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群众", "主动", "依申请公开",
         "县级", "乡、村级"]


def rows(n: int) -> list[list[str]]:
    """Data rows: item k is 1 row, or 2 when its 公开内容 goes on (every fourth)."""
    out: list[list[str]] = []
    for k in range(1, n + 1):
        row = [str(k), f"一级事项{(k - 1) // 4 + 1}", f"二级事项{k}",
               "·申请条件\n·办理程序\n·办理结果", "《中华人民共和国政府信息公开条例》",
               "信息形成（变更）之日起20个工作日内", "县民政局、乡镇人民政府", CHANNELS,
               "√", "", "√", "", "√", "√"]
        out.append(row)
        if k % 4 == 0:
            out.append(["", "", "", "·监督电话", "", "", "", "", "", "", "", "", "", ""])
    return out


def write_xlsx(path: Path, data: list[list[str]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["某县社会救助领域基层政务公开标准目录"])
    ws.append(HEAD1)
    ws.append(HEAD2)
    for row in data:
        ws.append(row)
    for rng in ["A1:N1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2",
                "K2:L2", "M2:N2"]:
        ws.merge_cells(rng)
    r = 4
    group_start = 4
    for i, row in enumerate(data):
        if row[0] and int(row[0]) % 4 == 1 and r > group_start:
            ws.merge_cells(start_row=group_start, start_column=2, end_row=r - 1, end_column=2)
            group_start = r
        if not row[0]:  # continuation: every column but 公开内容 merged with the row above
            for c in [1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]:
                ws.merge_cells(start_row=r - 1, start_column=c, end_row=r, end_column=c)
        r += 1
        del i
    wb.save(path)


def write_docx(path: Path, data: list[list[str]]) -> None:
    doc = Document()
    doc.add_paragraph("某县社会救助领域基层政务公开标准目录")
    table = doc.add_table(rows=2 + len(data), cols=14)
    for c, text in enumerate(HEAD1):
        table.cell(0, c).text = text
    for c, text in enumerate(HEAD2):
        table.cell(1, c).text = text
    for r, row in enumerate(data, start=2):
        cells = table.rows[r].cells
        for c, text in enumerate(row):
            if text:
                cells[c].text = text
    table.cell(0, 1).merge(table.cell(0, 2))
    for c in (8, 10, 12):
        table.cell(0, c).merge(table.cell(0, c + 1))
    for c in (0, 3, 4, 5, 6, 7):
        table.cell(0, c).merge(table.cell(1, c))
    doc.save(str(path))


def write_html(path: Path, data: list[list[str]]) -> None:
    def td(text: str, attrs: str = "") -> str:
        return f"<td{attrs}>{escape(text).replace(chr(10), '<br>')}</td>"

    head = ("<tr><td rowspan=2>序号</td><td colspan=2>公开事项</td>"
            + "".join(f"<td rowspan=2>{h}</td>" for h in HEAD1[3:8])
            + "<td colspan=2>公开对象</td><td colspan=2>公开方式</td><td colspan=2>公开层级</td></tr>"
            + "<tr>" + "".join(f"<td>{h}</td>" for h in HEAD2 if h) + "</tr>")
    body = "".join("<tr>" + "".join(td(t) for t in row) + "</tr>" for row in data)
    path.write_text(f"<html><head><meta charset='utf-8'></head><body><h2>某县社会救助领域基层"
                    f"政务公开标准目录</h2><table border=1>{head}{body}</table></body></html>",
                    encoding="utf-8")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    data = rows(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {"xlsx": folder / "目录.xlsx", "docx": folder / "目录.docx",
                 "html": folder / "目录.html"}
        write_xlsx(files["xlsx"], data)
        write_docx(files["docx"], data)
        write_html(files["html"], data)
        print(f"标准目录导入：{n} 个事项（表格 {len(data)} 行数据）")
        for fmt, path in files.items():
            best = float("inf")
            items = 0
            for _ in range(3):
                start = time.perf_counter()
                (table,) = import_file(path)
                best = min(best, time.perf_counter() - start)
                items = len(table.items)
            assert items == n, (fmt, items)
            print(f"  {fmt:5s} {best:6.3f} 秒  {n / best:7.0f} 项/秒  "
                  f"{'达到' if best < 1 else '未达到'} 1 秒目标")


if __name__ == "__main__":
    main()
