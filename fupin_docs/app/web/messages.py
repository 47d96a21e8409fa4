"""The library's messages as the web page shows them.

The library speaks to the command line: it names the stored input (上传文件.xlsx, a fixed
name on the server) and suggests options (--sheet, --calendar, --year, fupin-docs init) the
page does not have. Here the stored name becomes the clerk's own file name and each piece of
command-line advice becomes what to do on the page.
"""

from __future__ import annotations

import dataclasses
import re

from ...types import Issue

# (pattern, replacement); applied in order
WEB_ADVICE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"中没有工作表「([^」]*)」；现有工作表：([^。]*)。请用 --\w+ 指定数据所在的工作表。"),
     r"中没有工作表「\1」；现有工作表：\2。请把数据所在的工作表改名为「\1」（或删除多余的工作表）后重新上传。"),
    (re.compile(r"可用 fupin-docs init \w* ?(?:重新)?生成(?:空白)?模板。"),
     "可在上传页面下载空白工作簿，按它的表头填写。"),
    (re.compile(r"（可用 fupin-docs init \w+ 生成）"), "（可在上传页面下载空白工作簿）"),
    (re.compile(r"请用 --calendar 提供本单位的 (\d+) 年工作日历文件（节假日和调休上班日）。?"),
     r"网页版只有内置年份的工作日历，无法计算 \1 年的工作日；请核对日期的年份是否写错。"),
    (re.compile(r"本次批处理的 --year (\d+)"), r"本次处理的年度 \1"),
    (re.compile(r"未填写年度，也没有用 --year 指定年度"), "未填写年度，请在单位清单的「年度」列填写"),
    # ledger.no_year: the ledger page has no year field; the rows' own dates give the year
    (re.compile(r"台账中没有已公开的信息，也没有用 --year 指定年度"), "台账中没有已公开的信息（没有实际公开日期）"),
    (re.compile(r"与 --year 一致"), "与本次处理的年度一致"),
    # import-catalogue: the page's 编制单位 field (app/jobs.py UNIT_FIELD) is the --unit option
    (re.compile(r"；可用 --unit 指定"), "；可在上传页面的「编制单位」栏填写后重新上传"),
    # inspect (pipeline/inspect.py CLI_HINTS): the page has no per-file unit option (the note
    # itself says what to fill in); its 本县（区）标准目录 upload (kind.html) is --catalogue
    (re.compile(r"（也可用 --unit 文件名=单位 指定该文件的单位）"), ""),
    (re.compile(r"（可用 --unit 文件夹名=单位 指定）"), ""),
    (re.compile(r"（运行 fupin-docs calendar from-notice 通知\.txt [^）]*；网页版：「工作日历」）"),
     "（请在「工作日历」页面读入该年的国务院节假日安排通知）"),
    (re.compile(r"（可用 --catalogue 指定该单位的目录）"),
     "（可在上传页面的「本县（区）标准目录」栏上传该单位所用的标准目录后重新检查）"),
]


def for_web(message: str, stored: str, shown: str) -> str:
    """``message`` with the stored input's name replaced by ``shown`` and no CLI advice."""
    text = message.replace(stored, shown) if stored else message
    for pattern, repl in WEB_ADVICE:
        text = pattern.sub(repl, text)
    return text


def issue_for_web(issue: Issue, stored: str, shown: str) -> Issue:
    return dataclasses.replace(
        issue, message=for_web(issue.message, stored, shown),
        file=shown if issue.file == stored else issue.file)
