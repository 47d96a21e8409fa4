"""Real-looking published catalogue tables, made here, with the quirks of issue 17.

Each builder writes one file and returns it; the tests say what a correct import yields.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import Alignment

HEAD2 = ["", "", "", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请", "县级", "乡、村级"]


def quirky_xlsx(path: Path) -> Path:
    """Two areas stacked in one sheet: metadata lines, a two-row header with other wording,
    merged 一级事项, a 公开内容 split over three rows, 同上, every glyph, notes below; then a
    one-row header with one 公开事项 column, a truncated 公开时 and no 公开层级 column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    rows: list[list[object]] = [
        ["附件2"],
        ["青川县社会救助领域基层政务公开标准目录"],
        ["编制单位：青川县民政局", None, None, None, None, None, None, "更新日期：2024年3月"],
        ["序号", "公开事项", None, "公开内容要素", "公开依据", "公开时限", "公开主体", "公开渠道",
         "公开对象", None, "公开方式", None, "公开层级", None],
        ["", "一级事 项", "二级\n事项", *HEAD2[3:]],
        [1, "低保", "政策文件", "1.政策法规\n2.办事指南", "《社会救助暂行办法》",
         "信息形成(变更)之日起20个工 作日内", "青川县民政局", "t政府网站 口政务服务中心",
         "√", None, "√", None, "√", "√"],
        [2, None, "审核确认", "申请条件", "《最低生活保障审核确认办法》", "10工作日",
         "青川县民政局、乡镇人民政府", "■公开查阅点□政务服务中心■村务公开栏", None, "√", "√",
         None, None, "√"],
        [None, None, None, "审核程序"],
        [None, None, None, "审核结果"],
        [3, "特困", "救助供养", "·供养标准·供养对象", "同上", "批准后20日内", "同上",
         "☑政府网站☐两微一端☑公开查阅点", "√", None, "√", "√", "√", None],
        [4, "同上", "资金发放", "资金发放情况", "《特困人员认定办法》", "每年3月底前",
         "青川县民政局", "政府网站、两微一端", "√", None, "√", None, "√", "√"],
        [5, None, "监督电话", "投诉举报电话", "《社会救助暂行办法》", "实时公开", "青川县民政局",
         "√政府网站 □社区/企事业单位/村公示 栏(电子屏)", "√", None, "√", None, "√", "√"],
        ["注：1.“√”表示适用；2.公开渠道中“■”表示选用。"],
        [],
        ["青川县住房保障领域基层政务公开标准目录"],
        ["序号", "公开事项", "公开内容（要素）", "公开依据", "公开时", "公开主体", "公开渠道和载体",
         "公开对象", "公开方式"],
        [1, "公租房保障", "保障对象\n保障标准", "《公共租赁住房管理办法》", "年底前",
         "县住房城乡建设局", "■政府网站", "全社会", "主动"],
        [2, "保障房分配", "分配结果", "《公共租赁住房管理办法》", "常态化公开",
         "县住房城乡建设局", "□政府网站■入户/现场", "特定群众", "依申请公开"],
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                cell = ws.cell(r, c, value)
                cell.alignment = Alignment(wrap_text=True)
    for rng in ["A2:N2", "A4:A5", "B4:C4", "D4:D5", "E4:E5", "F4:F5", "G4:G5", "H4:H5", "I4:J4",
                "K4:L4", "M4:N4", "B6:B9",
                # item 2: 公开内容 on three rows, every other column merged
                "A7:A9", "C7:C9", "E7:E9", "F7:F9", "G7:G9", "H7:H9", "I7:I9", "J7:J9", "K7:K9",
                "L7:L9", "M7:M9", "N7:N9", "A13:N13", "A15:I15"]:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def _set_cell(cell: object, text: str) -> None:
    lines = text.split("\n")
    par = cell.paragraphs[0]  # type: ignore[attr-defined]
    run = par.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run.add_text(line)


def _sym(paragraph: object, char: str) -> None:
    """A Wingdings check box as Word stores it (w:sym), the way converted tables carry it."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), "Wingdings")
    sym.set(qn("w:char"), char)
    run._r.append(sym)


def multi_docx(path: Path) -> Path:
    """Two tables, each under its own heading naming the area, each restarting 序号.

    Table 1: no 序号 column, two header rows (gridSpan groups, vMerge over both rows),
    一级事项 merged with vMerge, a 公开内容 continuation row, Wingdings w:sym boxes.
    Table 2: one level column only (县级), 序号 in the second header row, ticks as words.
    """
    doc = Document()
    doc.add_paragraph("附件")
    doc.add_paragraph("一、社会救助领域基层政务公开标准目录")
    t = doc.add_table(rows=6, cols=12)
    t.style = "Table Grid"
    head1 = ["公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
             "公开对象", "", "公开方式", "", "公开层级"]
    head2 = ["一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群众", "主动", "依申请公开",
             "县级"]
    for c, text in enumerate(head1):
        if text:
            _set_cell(t.cell(0, c), text)
    for c, text in enumerate(head2):
        if text:
            _set_cell(t.cell(1, c), text)
    data = [
        ["临时救助", "救助政策", "救助范围\n救助标准", "《社会救助暂行办法》",
         "制定或获取信息之日起 10 个 工作日内", "县民政局", "", "√", "", "√", "", "√"],
        ["", "救助程序", "申请受理", "《社会救助暂行办法》", "信息形成（变更）20个工作日内",
         "县民政局", "■政府网站□公开查阅点", "√", "", "√", "", "√"],
        ["", "", "审核审批", "", "", "", "", "", "", "", "", ""],
        ["医疗救助", "救助结果", "救助对象\n救助金额", "《社会救助暂行办法》", "每年1月31日前",
         "县医保局", "", "", "√", "", "√", "√"],
    ]
    for r, row in enumerate(data, start=2):
        for c, text in enumerate(row):
            if text:
                _set_cell(t.cell(r, c), text)
    # Wingdings boxes in two channel cells
    p = t.cell(2, 6).paragraphs[0]
    _sym(p, "F06E")
    p.add_run("政府网站")
    _sym(p, "F06F")
    p.add_run("两微一端")
    p = t.cell(5, 6).paragraphs[0]
    _sym(p, "F0FE")
    p.add_run("政务服务中心")
    t.cell(0, 0).merge(t.cell(0, 1))
    t.cell(0, 7).merge(t.cell(0, 8))
    t.cell(0, 9).merge(t.cell(0, 10))
    for c in (2, 3, 4, 5, 6):
        t.cell(0, c).merge(t.cell(1, c))
    t.cell(2, 0).merge(t.cell(4, 0))  # 临时救助 over its items and the continuation row
    for c in (1, 3, 4, 5, 6, 7, 8, 9, 10, 11):
        t.cell(3, c).merge(t.cell(4, c))
    doc.add_paragraph("注：“√”表示适用。")
    doc.add_paragraph("二、义务教育领域基层政务公开标准目录")
    t2 = doc.add_table(rows=4, cols=10)
    t2.style = "Table Grid"
    for c, text in enumerate(["", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限",
                              "公开主体", "公开渠道和载体", "公开对象", "公开方式"]):
        if text:
            _set_cell(t2.cell(0, c), text)
    for c, text in enumerate(["序号", "一级事项", "二级事项"]):
        _set_cell(t2.cell(1, c), text)
    for r, row in enumerate([
        ["1", "招生入学", "招生政策", "招生范围、招生条件", "《中华人民共和国义务教育法》",
         "招生前", "县教育局", "■政府网站 ■纸质媒体", "■全社会 □特定群众", "■主动 □依申请"],
        ["2", "", "招生结果", "录取名单", "《中华人民共和国义务教育法》", "录取结束后5天内",
         "县教育局", "■入户/现场", "全社会", "主动"],
    ], start=2):
        for c, text in enumerate(row):
            if text:
                _set_cell(t2.cell(r, c), text)
    t2.cell(0, 1).merge(t2.cell(0, 2))
    for c in range(3, 10):
        t2.cell(0, c).merge(t2.cell(1, c))
    t2.cell(2, 1).merge(t2.cell(3, 1))
    doc.add_paragraph("说明：本目录自印发之日起施行。")
    doc.save(str(path))
    return path


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>石门镇卫生健康领域基层政务公开标准目录</title></head>
<body><table class="layout"><tr><td>
<div class="title"><strong>石门镇卫生健康领域基层政务公开标准目录</strong></div>
<p>发布时间：2023-05-06　来源：石门镇人民政府</p>
<table border="1">
<tr><td rowspan="2">序 号</td><td colspan="2">公开事项</td><td rowspan="2">公开内容<br>(要素)</td>
<td rowspan="2">公开依据</td><td rowspan="2">公开时</td><td rowspan="2">公开主体</td>
<td rowspan="2">公开渠</td><td colspan="2">公开对象</td><td colspan="2">公开方式</td>
<td colspan="2">公开层级</td><td rowspan="2">备注</td></tr>
<tr><td>一级事项</td><td>二级事项</td><td>全社会</td><td>特定群众</td><td>主动</td><td>依申请</td>
<td>镇(街)级</td><td>村级</td></tr>
<tr><td>1</td><td rowspan="3">疾病预防</td><td>预防接种</td><td>接种时间<br>接种地点</td>
<td>《中华人民共和国疫苗管理法》</td><td>信息形成（变更）之日起20个工作日内</td><td>镇卫生院</td>
<td>☑政府网站&nbsp;☐两微一端<br>☑社区/企事业单位/村公示栏(电子屏)</td>
<td>√</td><td></td><td>√</td><td></td><td>√</td><td>√</td><td>每年更新</td></tr>
<tr><td>2</td><td>传染病防控</td><td>防控措施</td><td>同上</td><td>及时公开</td><td>镇卫生院</td>
<td>■政府网站</td><td>√</td><td></td><td>√</td><td></td><td>√</td><td></td><td></td></tr>
<tr><td>3</td><td>健康教育</td><td>健康知识</td><td>《基本医疗卫生与健康促进法》</td>
<td>长期公开</td><td>镇卫生院</td><td>■政府网站</td><td>√</td><td></td><td>√</td><td></td><td>√</td>
<td>√</td><td></td></tr>
</table>
<p>备注：以上事项按年度更新。</p>
</td></tr></table></body></html>
"""


def gbk_html(path: Path) -> Path:
    """A GB2312 page with the catalogue inside a layout table, truncated headers, ☑/☐,
    a 备注 column the catalogue has no place for, and non-computable deadlines."""
    path.write_bytes(HTML_PAGE.encode("gb18030"))
    return path


def flawed_xlsx(path: Path) -> Path:
    """A table with an item with no 二级事项 and two items with the same label."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "目录"
    for row in [
        ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道"],
        [1, "政策文件", "规范性文件", "文件全文", "条例", "20个工作日", "县局", "■政府网站"],
        [2, "扶贫资金", None, "分配结果", "条例", "15个工作日", "县局", "■政府网站"],
        [3, "扶贫资金", "年度计划", "计划", "条例", "20个工作日", "县局", "■政府网站"],
        [4, "扶贫资金", "年度计划", "计划调整", "条例", "20个工作日", "县局", "■政府网站"],
    ]:
        ws.append(row)
    wb.save(path)
    return path


def not_a_catalogue(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in [["姓名", "单位", "电话"], ["张三", "县民政局", "0839-1234567"]]:
        ws.append(row)
    wb.save(path)
    return path
