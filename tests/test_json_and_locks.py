"""Two faults of the bottom layer: a JSON syntax error is told in Chinese (where and why, never
json's English reason), and every file the tool replaces (documents, reports, the installed
calendars) goes through the one rename that waits out Windows' locks."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fupin_docs import types as types_mod
from fupin_docs.app.cli import cli
from fupin_docs.resources import resource_dir
from fupin_docs.standard.calendar import store
from fupin_docs.standard.calendar.notice import HolidayCalendar, parse_notices
from fupin_docs.standard.catalogues import load_catalogues
from fupin_docs.types import FileInUseError, FupinError, json_error_cn

# (broken text, the Chinese reason, the position json reports)
BROKEN = [
    ('[{"编号": 1,}]', "此处应为用英文双引号括起的键名", "第1行第11列"),
    ('[{"编号": 1}\n {"编号": 2}]', "此处缺少英文逗号", "第2行第2列"),
    ('[{"编号" 1}]', "此处缺少英文冒号", "第1行第8列"),
    ('[{"编号": "1}]', "字符串没有结束", "第1行第9列"),
    ('[{"编号": 1}] x', "数据结束后还有多余的内容", "第1行第13列"),
    ('[{"编号": "a\tb"}]', "不允许的控制字符", "第1行第11列"),
    ('[{"路径": "C:\\新建"}]', "反斜杠", "第1行第12列"),
    ('[{"编号": "\\u12"}]', "\\u 转义写法不对", "第1行第11列"),
    ('[{"编号": }]', "此处缺少值", "第1行第9列"),
    ("", "文件是空的", ""),
]
ENGLISH = re.compile(r"Expecting|delimiter|Unterminated|Extra data|Invalid|control character|"
                     r"escape|property name|line \d|column \d")


@pytest.mark.parametrize(("text", "reason", "where"), BROKEN, ids=[b[1] for b in BROKEN])
def test_json_syntax_error_names_line_column_and_a_chinese_reason(
        tmp_path: Path, text: str, reason: str, where: str) -> None:
    src = tmp_path / "处理单.json"
    src.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["slips", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert line.startswith("错误：处理单.json 不是有效的 JSON："), line
    assert reason in line and where in line, line
    assert not ENGLISH.search(line), line


def test_every_stdlib_json_reason_has_chinese_and_an_unknown_one_a_generic_phrase() -> None:
    for text in ("{", "[1 2]", '{"a" 1}', "{a:1}", '"abc', "[] 1", '"\x01"', '"\\x"', '"\\u1"',
                 "\ufeff[]"):
        with pytest.raises(json.JSONDecodeError) as err:
            json.loads(text)
        said = json_error_cn(err.value)
        assert "格式有误" not in said, (text, err.value.msg, said)  # a phrase of its own
        assert not ENGLISH.search(said), said
    new = json.JSONDecodeError("Some reason a new Python adds", "[\n 1 x]", 5)
    assert json_error_cn(new) == "第2行第4列：格式有误"


def test_json_reason_is_chinese_for_catalogue_and_calendar_files(tmp_path: Path) -> None:
    cat = tmp_path / "本县目录.json"
    cat.write_text('{"id": "x",\n  "items": [1 2]}', encoding="utf-8")
    with pytest.raises(FupinError) as err:
        load_catalogues([cat])
    assert "第2行第15列：此处缺少英文逗号" in str(err.value), err.value
    cal = tmp_path / "工作日历.json"
    cal.write_text('{"holidays": ["2026-10-01",]}', encoding="utf-8")
    for args in (["slips", str(cat), "-o", str(tmp_path / "o"), "--calendar", str(cal)],
                 ["calendar", "install", str(cal)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        assert "第1行第28列：此处缺少值" in result.output, result.output
        assert not ENGLISH.search(result.output), result.output


def test_a_catalogue_file_with_a_bom_is_read(tmp_path: Path) -> None:
    """Notepad's 'UTF-8' puts a BOM in front; json.loads alone would refuse it."""
    path = tmp_path / "带BOM.json"
    path.write_bytes(b"\xef\xbb\xbf" + resource_dir("data").joinpath("catalogues", "yimei.json")
                     .read_bytes())
    assert load_catalogues([path])[0].items


# ------------------------------------------------------------------ the installed calendar on Windows


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(types_mod, "REPLACE_WAIT", 0.0)
    return monkeypatch


def _calendar() -> HolidayCalendar:
    text = (Path(__file__).parent / "data" / "notices-example" / "2027-示例.txt").read_text(
        encoding="utf-8")
    return parse_notices([(text, "2027-示例.txt")])


def test_calendar_install_waits_out_a_passing_windows_lock(windows: pytest.MonkeyPatch,
                                                            data_dir: Path) -> None:
    real = os.replace
    tries: list[str] = []

    def flaky(src: str, dst: str) -> None:
        tries.append(str(dst))
        if len(tries) < 3:  # WPS or a virus scanner holding the old file for a moment
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")
        real(src, dst)

    windows.setattr(os, "replace", flaky)
    target = store.install(_calendar())
    assert len(tries) == 3 and target.is_file()
    assert json.loads(target.read_text(encoding="utf-8"))["year"] == 2027
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp file left


def test_calendar_install_on_a_file_kept_open_says_close_it(windows: pytest.MonkeyPatch,
                                                            data_dir: Path) -> None:
    tries: list[str] = []

    def locked(src: str, dst: str) -> None:
        tries.append(str(dst))
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")

    windows.setattr(os, "replace", locked)
    with pytest.raises(FileInUseError, match="Excel、WPS"):
        store.install(_calendar())
    assert len(tries) == types_mod.REPLACE_RETRIES + 1
    assert list(store.calendars_dir().iterdir()) == []
