"""The one interpreter: from any reader's grids to catalogue data.

It finds the header rows (one or two, merged group headers, wording that varies, 序号 in
the second row or missing, title lines above, notes below), maps the columns by meaning,
follows continuation rows (merged or blank 一级/二级事项, 同上, a 公开内容 split over
several rows), reads the check lists and tick columns, and parses the deadlines. Every
cell it cannot place is named with its table, row and column.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..deadlines import deadline_warning, parse_deadline
from .grid import Cell, Grid
from .text import (
    CHECKED,
    UNCHECKED,
    checklist,
    elements,
    fold,
    level_words,
    mark,
    soft,
    squash,
)

# concept -> Chinese column name (for messages)
CONCEPTS = {
    "no": "序号", "level1": "一级事项", "level2": "二级事项", "item": "公开事项",
    "elements": "公开内容（要素）", "basis": "公开依据", "deadline": "公开时限",
    "publisher": "公开主体", "channels": "公开渠道和载体", "audiences": "公开对象",
    "modes": "公开方式", "levels": "公开层级", "notes": "备注",
}
OPTION_CONCEPTS = ("channels", "audiences", "modes", "levels")
FULL_LABELS = {fold(v): k for k, v in CONCEPTS.items()} | {fold("公开内容要素"): "elements"}
AUDIENCE_WORDS = ("全社会", "特定群众", "特定群体", "特定对象", "社会公众", "特定人群")
MODE_WORDS = ("主动", "依申请", "依申请公开", "主动公开")
AREAS = (
    "重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿",
    "国有土地上房屋征收与补偿", "农村危房改造", "城市综合执法", "扶贫", "救灾", "社会救助",
    "养老服务", "户籍管理", "涉农补贴", "义务教育", "环境保护", "公共法律服务", "医疗卫生", "就业",
    "食品药品监管", "城乡规划", "市政服务", "住房保障", "公共文化服务", "社会保险", "卫生健康",
    "涉农资金", "乡村振兴", "巩固拓展脱贫攻坚成果", "退役军人服务", "生态环境", "自然资源",
    "交通运输", "农业农村", "民政", "教育", "文化旅游", "应急管理", "市场监管", "统计",
)
UNIT_SUFFIX = re.compile(r"(?:省|市|县|区|旗|州|盟|镇|乡|苏木|街道|街道办事处|办事处|局|委员会|人民政府|政府|委)$")
NOTE_START = re.compile(r"^[\s(（\[【]*(?:注|备注|说明|附注|填表说明|※|\*)")
SAME_AS_ABOVE = {"同上", "同上。", "〃", "\"", "”", "同前"}


@dataclass(frozen=True)
class Finding:
    """A problem or note about the source table, named the way a clerk finds the cell."""

    code: str
    severity: str  # "error" | "warning"
    message: str
    table: str = ""
    row: int | None = None  # the source's own row number
    row_name: str = ""
    column: str = ""  # the column name as the table heads it
    column_name: str = ""  # where it is (B列 / 第3列)
    value: str = ""
    sheet: str = ""  # the worksheet, when the table is in a workbook
    column_letter: str = ""  # its column letter there


@dataclass
class ImportedItem:
    data: dict[str, Any]
    first_row: int
    last_row: int
    row_name: str
    raw: dict[str, str] = field(default_factory=dict)  # check-list cells, parsed at the end
    raw_rows: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportedTable:
    """One catalogue table found in a file."""

    file: str
    table: str  # the grid's name
    index: int  # 1-based over the file
    title: str
    area: str
    unit: str
    heading: list[str]
    columns: dict[str, str]  # concept -> column header text as published
    catalogue: dict[str, Any]
    items: list[ImportedItem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0  # data rows of the table (continuation rows included)
    rejected: int = 0  # item rows not imported (each named by an error)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


class NoCatalogueTable(Exception):
    """No grid of a file has a catalogue header."""


# ----------------------------------------------------------------- columns by meaning


@functools.lru_cache(maxsize=4096)
def concept(label: str) -> str | None:
    s = re.sub(r"[()（）\[\]【】]", "", fold(label))
    if not s or len(s) > 20:
        return None
    if s in ("序号", "序", "编号", "序列", "排序"):
        return "no"
    if "一级" in s:
        return "level1"
    if "二级" in s or "子项" in s:
        return "level2"
    if "内容" in s or "要素" in s:
        return "elements"
    if "依据" in s:
        return "basis"
    if "时限" in s or "期限" in s or s in ("公开时间", "时间要求"):
        return "deadline"
    if "主体" in s or s in ("责任单位", "责任部门", "公开单位", "实施单位", "公开部门"):
        return "publisher"
    if "渠道" in s or "载体" in s:
        return "channels"
    if "对象" in s or "范围" in s:
        return "audiences"
    if "方式" in s:
        return "modes"
    if "层级" in s or "级别" in s:
        return "levels"
    if "事项" in s:
        return "item"
    if "备注" in s:
        return "notes"
    if len(s) >= 3:  # a truncated header: 公开渠, 公开时, 公开内容（要
        for full, name in FULL_LABELS.items():
            if re.sub(r"[()（）]", "", full).startswith(s):
                return name
    return None


def option_word(label: str) -> str | None:
    """A sub-column that is an option of a group: 全社会, 主动, 县级 …"""
    s = squash(label)
    if s in AUDIENCE_WORDS:
        return "audiences"
    if s in MODE_WORDS:
        return "modes"
    if s.endswith("级") and 2 <= len(s) <= 8 and "事项" not in s:
        return "levels"
    return None


@dataclass
class Column:
    index: int
    concept: str | None  # None: unmapped
    option: str = ""  # the option name when the column is one option of a group
    header: str = ""


def _header_score(grid: Grid, row: int) -> set[str]:
    found: set[str] = set()
    for cell in grid.row_cells(row):
        if cell.row != row:
            continue
        name = concept(cell.text)
        if name and name != "notes":
            found.add(name)
    return found


def _is_header(grid: Grid, row: int) -> bool:
    found = _header_score(grid, row)
    return len(found) >= 3 and bool(found & {"elements", "basis", "deadline", "channels",
                                             "publisher"})


def _is_subheader(grid: Grid, top: int, row: int) -> bool:
    if row >= grid.n_rows:
        return False
    own = [c for c in grid.row_cells(row) if c.row == row and squash(c.text)]
    if not own:
        return False
    group_cols = {cc for c in grid.row_cells(top) if c.row == top and c.colspan > 1
                  for cc in range(c.col, c.col + c.colspan)}
    hit = False
    for cell in own:
        s = squash(cell.text)
        if len(s) > 16 or s.isdigit():
            return False
        if concept(s) in ("no", "level1", "level2", "item") or option_word(s) or cell.col in group_cols:
            hit = True
    return hit


def _columns(grid: Grid, top: int, two_rows: bool) -> list[Column]:
    cols: list[Column] = []
    for c in range(grid.n_cols):
        top_cell = grid.at(top, c)
        sub_cell = grid.at(top + 1, c) if two_rows else None
        if sub_cell is top_cell or (sub_cell is not None and sub_cell.row != top + 1):
            sub_cell = None
        top_label = top_cell.text if top_cell is not None and top_cell.row == top else ""
        sub_label = sub_cell.text if sub_cell is not None else ""
        tc, sc = concept(top_label), concept(sub_label) if squash(sub_label) else None
        header = "/".join(squash(x) for x in (top_label, sub_label) if squash(x))
        grouped = top_cell is not None and top_cell.colspan > 1
        if sc in ("no", "level1", "level2"):
            cols.append(Column(c, sc, header=header))
        elif tc in OPTION_CONCEPTS and squash(sub_label) and (grouped or option_word(sub_label)):
            cols.append(Column(c, tc, option=squash(sub_label), header=header))
        elif tc is not None:
            cols.append(Column(c, tc, header=header))
        elif sc is not None:
            cols.append(Column(c, sc, header=header))
        elif option_word(sub_label or top_label):
            word = squash(sub_label or top_label)
            cols.append(Column(c, option_word(word), option=word, header=header))
        else:
            cols.append(Column(c, None, header=header))
    # 公开事项 over two columns with nothing under it: 一级事项 and 二级事项 (as the toolkit's
    # own tables and many published ones head them)
    for c in range(len(cols) - 1):
        a, b = cols[c], cols[c + 1]
        cell = grid.at(top, c)
        if (a.concept == b.concept == "item" and not a.option and cell is not None
                and cell is grid.at(top, c + 1) and cell.colspan == 2):
            a.concept, b.concept = "level1", "level2"
    # a scalar concept keeps its first column; later ones are reported, not guessed
    seen: set[str] = set()
    for col in cols:
        if col.concept and not col.option:
            if col.concept in seen:
                col.concept = None
            else:
                seen.add(col.concept)
    return cols


def _mapping_ok(cols: list[Column]) -> bool:
    """A catalogue header: an item column, a content/deadline/basis column, and most headed
    columns catalogue columns (a 处理单 or 发布台账 also has 公开事项 and 公开渠道, but its
    编号、标题、日期、审签 columns are no catalogue's)."""
    names = {c.concept for c in cols}
    mapped = sum(1 for c in cols if c.concept is not None)
    unmapped = sum(1 for c in cols if c.concept is None and squash(c.header))
    return (bool(names & {"level2", "item"}) and bool(names & {"elements", "deadline", "basis"})
            and unmapped <= mapped)


# ----------------------------------------------------------------- metadata


def find_area(lines: list[str]) -> str:
    for line in lines:
        s = squash(line)
        for area in sorted(AREAS, key=len, reverse=True):
            if area in s:
                return area
    for line in lines:
        m = re.search(r"([\u4e00-\u9fff]{2,12}?)(?:领域|方面)", squash(line))
        if m:
            return m.group(1)
    return ""


UNIT_LINE = re.compile(r"(?:编制单位|填报单位|公开单位|制表单位|单位名称)\s*[:：]\s*(\S+)")


def find_unit(title: str, area: str, lines: list[str] | None = None) -> str:
    for line in lines or []:
        m = UNIT_LINE.search(line)
        if m:
            return m.group(1)
    s = squash(title)
    for stop in [area, "领域", "基层政务公开", "政务公开", "标准目录", "目录"]:
        if stop and stop in s:
            head = s[: s.index(stop)]
            head = re.sub(r"^(?:附件\d*[:：]?|\d+[.、])", "", head)
            if head and UNIT_SUFFIX.search(head):
                return head
    return ""


def _title(lines: list[str]) -> str:
    for line in reversed(lines):
        if "目录" in line or "清单" in line:
            line = re.sub(r"^(?:附件\s*\d*\s*[:：]?|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[(（][一二三四五六七八九十\d]+[)）])\s*", "", line.strip())
            return re.sub(r"\s+", " ", line).strip()
    return ""


def _slug(text: str) -> str:
    ascii_part = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")
    return ascii_part


# ----------------------------------------------------------------- the interpreter


@dataclass
class _Segment:
    header_top: int
    header_rows: int
    cols: list[Column]
    lines_before: list[str]
    data_rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _segments(grid: Grid) -> list[_Segment]:
    segments: list[_Segment] = []
    lines: list[str] = []  # text lines since the last table's data
    r = 0
    while r < grid.n_rows:
        if _is_header(grid, r):
            two = _is_subheader(grid, r, r + 1)
            cols = _columns(grid, r, two)
            if _mapping_ok(cols):
                same = (segments and not lines and
                        [(c.concept, c.option) for c in cols]
                        == [(c.concept, c.option) for c in segments[-1].cols])
                if not same:  # a repeated header (page break, pasted copy) goes on
                    segments.append(_Segment(r, 2 if two else 1, cols, lines))
                lines = []
                r += 2 if two else 1
                continue
        line = _text_line(grid, r, segments[-1].cols if segments else None)
        if line is None and not segments:  # metadata above the first table: 编制单位：… 日期：…
            line = " ".join(soft(c.text).replace("\n", " ") for c in grid.row_cells(r)
                            if c.row == r and squash(c.text))
        if line is not None:
            if segments and NOTE_START.match(line):
                segments[-1].notes.append(line)
            elif line:
                lines.append(line)
        elif segments and _has_text(grid, r):
            if lines:  # loose lines inside a table's data: notes, not a new table
                segments[-1].notes.extend(lines)
                lines = []
            segments[-1].data_rows.append(r)
        r += 1
    if segments and lines:
        segments[-1].notes.extend(lines)
    return segments


def _has_text(grid: Grid, r: int) -> bool:
    return any(squash(c.text) for c in grid.row_cells(r) if c.row == r)


def _text_line(grid: Grid, r: int, cols: list[Column] | None) -> str | None:
    """A row that is one line of text (a title, a heading, a note), else None."""
    own = [c for c in grid.row_cells(r) if c.row == r and squash(c.text)]
    if not own:
        return "" if not any(c.row < r for c in grid.row_cells(r)) else None
    if len(own) != 1:
        return None
    cell = own[0]
    if any(c.row < r and squash(c.text) for c in grid.row_cells(r)):
        return None  # part of merged data above: a continuation row
    if cols is None or cell.colspan * 2 >= grid.n_cols:
        return soft(cell.text).replace("\n", " ")
    name = cols[cell.col].concept if cell.col < len(cols) else None
    if name in (None, "no", "notes") and not squash(cell.text).isdigit():
        return soft(cell.text).replace("\n", " ")
    return None


def interpret(grids: list[Grid], file: str, *, unit: str = "", area: str = "",
              stem: str = "") -> list[ImportedTable]:
    """All catalogue tables of a file's grids; raises NoCatalogueTable when there is none."""
    tables: list[ImportedTable] = []
    for grid in grids:
        for k, seg in enumerate(_segments(grid)):
            tables.append(_table(grid, seg, file, len(tables) + 1, unit, area, stem, k == 0))
    if not tables:
        raise NoCatalogueTable(file)
    if len(tables) > 1:  # several tables: each id names its place
        for t in tables:
            t.catalogue["id"] = f"{t.catalogue['id']}-{t.index}"
    return tables


def _table(grid: Grid, seg: _Segment, file: str, index: int, unit_opt: str, area_opt: str,
           stem: str, first: bool) -> ImportedTable:
    heading = (grid.heading if first else []) + seg.lines_before
    context = heading + ([grid.caption] if grid.caption else [])
    area = area_opt or find_area(context)
    title = _title(heading) or (f"{area}领域基层政务公开标准目录" if area else "基层政务公开标准目录")
    findings: list[Finding] = []
    cols = seg.cols
    by_concept = {c.concept: c for c in cols if c.concept and not c.option}
    options: dict[str, list[Column]] = {}
    for c in cols:
        if c.concept in OPTION_CONCEPTS and c.option:
            options.setdefault(c.concept, []).append(c)

    def finding(code: str, severity: str, message: str, r: int | None = None,
                col: int | None = None, value: str = "") -> None:
        findings.append(Finding(
            code, severity, message, grid.name,
            grid.row_number(r) if r is not None else None,
            grid.row_name(r) if r is not None else "",
            cols[col].header if col is not None and col < len(cols) else "",
            grid.col_name(col) if col is not None else "", value, grid.sheet,
            grid.col_letter(col) if col is not None else ""))

    for c in cols:
        if c.concept is None and c.header:
            finding("import.column.unmapped", "warning",
                    f"栏目「{c.header}」不是标准目录的栏目，其内容未导入", col=c.index)

    items: list[ImportedItem] = []
    labels: dict[str, ImportedItem] = {}
    current: ImportedItem | None = None
    prev_cells: dict[str, Cell | None] = {}
    prev_values: dict[str, str] = {}
    prev_raw: dict[str, str] = {}  # the texts of the item above, for 同上
    option_seen: dict[str, list[str]] = {k: list(dict.fromkeys(o.option for o in v))
                                         for k, v in options.items()}
    channels_seen: list[str] = []
    counter = 0
    rejected = 0

    def cov(name: str, r: int) -> Cell | None:
        col = by_concept.get(name)
        return grid.at(r, col.index) if col is not None else None

    def fresh(name: str, r: int) -> str:
        """The cell's text when it starts on this row and says something new."""
        cell = cov(name, r)
        if cell is None or cell.row != r:
            return ""
        s = squash(cell.text)
        return "" if s in SAME_AS_ABOVE else cell.text

    for r in seg.data_rows:
        new_no = squash(fresh("no", r))
        new_l1 = squash(fresh("level1", r))
        new_l2 = squash(fresh("level2", r) or fresh("item", r))
        starts = bool(new_no or new_l1 or new_l2)
        if not starts:
            if current is None:
                finding("import.item.orphan", "error",
                        "这一行没有二级事项，上面也没有可接续的事项", r,
                        by_concept["level2"].index if "level2" in by_concept else None)
                rejected += 1
                continue
            _extend(current, grid, r, by_concept, options, fresh, finding, channels_seen,
                    option_seen)
            current.last_row = grid.row_number(r)
            continue
        # a new item
        counter += 1
        l1 = new_l1 or prev_values.get("level1", "")
        if "level1" not in by_concept:
            l1 = area or squash(title) or "公开事项"
        elif not l1:
            l1 = area or squash(title) or "公开事项"
            finding("import.item.no_level1", "warning",
                    f"一级事项为空，也没有可沿用的上一行，一级事项取「{l1}」", r,
                    by_concept["level1"].index)
        l2 = new_l2
        l2_col = by_concept.get("level2") or by_concept.get("item")
        if not l2:
            cell = grid.at(r, l2_col.index) if l2_col else None
            merged_or_same = cell is not None and (
                cell.row < r or squash(cell.text) in SAME_AS_ABOVE)
            if merged_or_same and not new_l1:
                l2 = prev_values.get("level2", "")
        if not l2:
            finding("import.item.no_level2", "error",
                    f"缺少二级事项（一级事项「{l1 or '空'}」），该行未导入", r,
                    l2_col.index if l2_col else None)
            current = None
            rejected += 1
            continue
        no_text = new_no
        no = int(no_text) if no_text.isdigit() and int(no_text) > 0 else counter
        data: dict[str, Any] = {
            "no": no, "level1": l1, "level2": l2,
            "elements": elements(_value("elements", r, cov, prev_raw)),
            "basis": soft(_value("basis", r, cov, prev_raw)).replace("\n", " "),
            "deadline": squash(_value("deadline", r, cov, prev_raw)),
            "publisher": soft(_value("publisher", r, cov, prev_raw)).replace("\n", "、"),
            "channels": [], "audiences": [], "modes": [], "levels": [],
            "applicable": True,
        }
        rule = parse_deadline(data["deadline"])
        data["deadline_rule"] = rule.to_rule() if rule else None
        item = ImportedItem(data, grid.row_number(r), grid.row_number(r), grid.row_name(r))
        _read_options(item, grid, r, by_concept, options, finding, channels_seen, option_seen,
                      fresh_only=False, prev_raw=prev_raw)
        label = f"{l1}/{l2}"
        if label in labels:
            finding("import.item.duplicate", "error",
                    f"事项「{label}」与{labels[label].row_name}重复，同一目录中的事项名称不能重复，"
                    "该行未导入", r, l2_col.index if l2_col else None, l2)
            current = None
            rejected += 1
            prev_values.update(level1=l1, level2=l2)
            continue
        labels[label] = item
        items.append(item)
        current = item
        prev_values.update(level1=l1, level2=l2)
        for name in by_concept:
            prev_cells[name] = cov(name, r)
        _unmapped_cells(grid, r, cols, finding)

    for item in items:
        _parse_lists(item, by_concept, finding, channels_seen, option_seen)
        _item_warnings(item, by_concept, options, grid, finding)
    level_columns = option_seen.get("levels", [])
    if "levels" not in by_concept and "levels" not in options:
        finding("import.levels.none", "warning",
                "表格没有「公开层级」栏目：各事项的公开层级留空（不推断）")
    unit = unit_opt or find_unit(title, area, heading)
    if not unit:
        publishers = Counter(i.data["publisher"] for i in items if i.data["publisher"])
        unit = publishers.most_common(1)[0][0] if publishers else "（未注明单位）"
        finding("import.unit.guessed", "warning",
                f"标题中没有编制单位，编制单位取最常见的公开主体「{unit}」；可用 --unit 指定")
    base = _slug(stem) or "catalogue-" + hashlib.sha1(
        f"{file}|{grid.name}|{title}".encode()).hexdigest()[:8]
    catalogue = {
        "id": base,
        "title": title,
        "unit": unit,
        "area": area,
        "source": f"{file}（{grid.name}）",
        "level_columns": level_columns,
        "channels": _channel_list(channels_seen, option_seen.get("channels", [])),
        "audiences": option_seen.get("audiences", []),
        "modes": option_seen.get("modes", []),
        "items": [i.data for i in items],
    }
    columns = {c.concept: c.header for c in cols if c.concept and not c.option}
    for name, opts in options.items():
        columns[name] = opts[0].header.split("/")[0] if opts else CONCEPTS[name]
    return ImportedTable(file, grid.name, index, title, area, unit, heading, columns,
                         catalogue, items, findings, seg.notes, len(seg.data_rows), rejected)


def _value(name: str, r: int, cov: Any, prev: dict[str, str]) -> str:
    """A cell's text; 同上 copies the text of the same column for the item above."""
    cell = cov(name, r)
    text = "" if cell is None else cell.text
    if squash(text) in SAME_AS_ABOVE:
        text = prev.get(name, "")
    prev[name] = text
    return text


def _channel_list(seen: list[str], sub_columns: list[str]) -> list[str]:
    out = list(sub_columns)
    for name in seen:
        if name not in out:
            out.append(name)
    return out


def _read_options(item: ImportedItem, grid: Grid, r: int, by_concept: dict[str, Column],
                  options: dict[str, list[Column]], finding: Any, channels_seen: list[str],
                  option_seen: dict[str, list[str]], fresh_only: bool,
                  prev_raw: dict[str, str]) -> None:
    data = item.data
    for name in OPTION_CONCEPTS:
        chosen: list[str] = data[name]
        for col in options.get(name, []):
            cell = grid.at(r, col.index)
            if cell is None or (fresh_only and cell.row != r):
                continue
            state = mark(cell.text)
            if state is None and squash(cell.text) == col.option:
                state = True
            if state is None:
                finding("import.cell.unmapped", "warning",
                        f"「{col.header}」栏的「{squash(cell.text)}」不是勾选标记（√、■ 或留空），未导入",
                        r, col.index, squash(cell.text))
            elif state and col.option not in chosen:
                chosen.append(col.option)
        single = by_concept.get(name)
        if single is None:
            continue
        cell = grid.at(r, single.index)
        if cell is None or (fresh_only and cell.row != r) or not squash(cell.text):
            continue
        text = cell.text
        if squash(text) in SAME_AS_ABOVE:
            text = prev_raw.get(name, "")
        prev_raw[name] = text
        before = item.raw.get(name, "")
        if before:  # a continuation row: a new entry starts on a new line, a cut word goes on
            first = text.lstrip()[:1]
            starts_entry = first in CHECKED or first in UNCHECKED or first == "口"
            text = before + ("\n" if starts_entry or before[-1:].isspace() else "") + text
        item.raw[name] = text
        item.raw_rows[name] = r


def _parse_lists(item: ImportedItem, by_concept: dict[str, Column], finding: Any,
                 channels_seen: list[str], option_seen: dict[str, list[str]]) -> None:
    """The check-list and word cells of an item, once all its rows are read."""
    for name, text in item.raw.items():
        single = by_concept[name]
        chosen: list[str] = item.data[name]
        if name == "channels":
            entries, loose, _ = checklist(text)
        else:
            entries, loose, had = checklist(text)
            if not had and name == "levels":  # 乡、村级 is one level, not 乡 and 村级
                entries = [(w, True) for w in level_words(squash_keep(text))]
            elif not had:
                entries = [(w, True) for w in re.split(r"[\s、,，;；/／]+", squash_keep(text))
                           if w]
        seen = channels_seen if name == "channels" else option_seen.setdefault(name, [])
        for entry, checked in entries:
            if entry not in seen:
                seen.append(entry)
            if checked and entry not in chosen:
                chosen.append(entry)
        for word in loose:
            finding("import.cell.unmapped", "warning",
                    f"「{single.header}」栏中的「{word}」前没有勾选框（■/□），未导入",
                    item.raw_rows[name], single.index, word)


def squash_keep(text: str) -> str:
    """Remove wrap spaces but keep the separators between words of a word list."""
    return re.sub(r"(?<=\S) (?=\S)", " ", soft(text))


def _extend(item: ImportedItem, grid: Grid, r: int, by_concept: dict[str, Column],
            options: dict[str, list[Column]], fresh: Any, finding: Any,
            channels_seen: list[str], option_seen: dict[str, list[str]]) -> None:
    """A continuation row: its new 公开内容 (and 公开依据, ticks) belong to the item above."""
    data = item.data
    for el in elements(fresh("elements", r)):
        if el not in data["elements"]:
            data["elements"].append(el)
    more = soft(fresh("basis", r)).replace("\n", " ")
    if more and more not in data["basis"]:
        # a title cut by a page break (《…  …》) rejoins without a space
        glue = "" if data["basis"].count("《") > data["basis"].count("》") else " "
        data["basis"] = f"{data['basis']}{glue}{more}".strip()
    more = squash(fresh("deadline", r))
    if more and more not in data["deadline"]:
        data["deadline"] += more
    more = soft(fresh("publisher", r)).replace("\n", "、")
    if more and more not in data["publisher"]:
        data["publisher"] = f"{data['publisher']}、{more}".strip("、")
    _read_options(item, grid, r, by_concept, options, finding, channels_seen, option_seen,
                  fresh_only=True, prev_raw={})


def _unmapped_cells(grid: Grid, r: int, cols: list[Column], finding: Any) -> None:
    for col in cols:
        if col.concept is None or col.concept == "notes":
            cell = grid.at(r, col.index)
            if cell is not None and cell.row == r and squash(cell.text):
                finding("import.cell.unmapped", "warning",
                        f"「{col.header or grid.col_name(col.index)}」栏的内容不属于标准目录的栏目，未导入",
                        r, col.index, soft(cell.text))


def _item_warnings(item: ImportedItem, by_concept: dict[str, Column],
                   options: dict[str, list[Column]], grid: Grid, finding: Any) -> None:
    d = item.data
    r = _grid_row(grid, item.first_row)
    label = f"{d['level1']}/{d['level2']}"
    checks = [("elements", "公开内容（要素）"), ("basis", "公开依据"), ("deadline", "公开时限"),
              ("publisher", "公开主体")]
    for key, cn in checks:
        if not d[key]:
            col = by_concept.get(key)
            finding("import.item.missing", "warning", f"事项「{label}」没有{cn}", r,
                    col.index if col else None)
    if d["deadline"]:
        warn = deadline_warning(d["deadline"])
        if warn:
            col = by_concept.get("deadline")
            finding("import.deadline.uncomputable", "warning", f"事项「{label}」：{warn}", r,
                    col.index if col else None, d["deadline"])
    empty = [cn for key, cn in [("channels", "公开渠道和载体"), ("audiences", "公开对象"),
                                ("modes", "公开方式"), ("levels", "公开层级")]
             if not d[key] and (key in by_concept or key in options)]
    if empty:
        finding("import.item.unticked", "warning",
                f"事项「{label}」的{'、'.join(empty)}没有勾选任何一项（留空，不推断）", r)


def _grid_row(grid: Grid, number: int) -> int:
    try:
        return grid.row_numbers.index(number)
    except ValueError:
        return 0
