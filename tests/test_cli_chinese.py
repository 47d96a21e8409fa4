"""Issue 16: every help text and message in Chinese, click's own words included, and every
command's --help ends with one example line.

The commands are found by walking the click group, so a command added later is checked
without touching this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from fupin_docs.app.cli import cli
from fupin_docs.app.clickcn import CATALOG, PLURALS, cn_gettext, display_width, tidy

# click's English that must never reach the clerk
ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Show the version", "[OPTIONS]",
           "COMMAND [ARGS]", "default:", "[required]", "env var:", "Error:", "Try '", "Missing ",
           "No such", "Invalid value", "is not", "does not", "Aborted")
# an upper-case word is a click metavar (TEXT, INTEGER, FILE, PATH, INPUT ...) unless it is one
# of these names a clerk knows
KNOWN_CAPS = {"JSON", "PDF", "PNG", "CSV", "WPS", "DPI", "UUID", "XLSX", "DOCX", "TXT", "IP",
              "YYYY"}  # YYYY: the year in 《关于YYYY年部分节假日安排的通知》
CAPS = re.compile(r"\b[A-Z][A-Z_]{2,}\b")


def walk(cmd: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from walk(sub, (*path, name))


COMMANDS = list(walk(cli))


def test_the_walk_finds_the_commands() -> None:
    found = {" ".join(p) for p in COMMANDS}
    assert {"", "slips", "ledger", "templates", "templates check", "templates export"} <= found


def _english(text: str) -> list[str]:
    hits = [e for e in ENGLISH if e in text]
    hits += [w for w in CAPS.findall(text) if w not in KNOWN_CAPS]
    return hits


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "fupin-docs")
def test_help_is_chinese_and_ends_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="fupin-docs")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法：fupin-docs")
    assert "选项：" in result.output
    assert _english(result.output) == [], result.output
    last = [line for line in result.output.splitlines() if line.strip()][-1].strip()
    assert last.startswith("示例：" + " ".join(("fupin-docs", *path))), last
    # wrapped by display width (a Chinese character is two columns): fits an 80-column window
    wide = [ln for ln in result.output.splitlines() if display_width(ln) > 80]
    assert wide == [], wide
    # source lines of a paragraph joined the Chinese way, not 「标准目录， 并按」
    assert not re.search(r"[，。；][ ]+[\u4e00-\u9fff]", result.output), result.output


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "fupin-docs")
def test_an_unknown_option_is_a_chinese_usage_error(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--no-such-option"], prog_name="fupin-docs")
    assert result.exit_code == 2
    assert result.output.startswith("用法错误：没有这个选项：--no-such-option"), result.output
    assert f"运行「{' '.join(('fupin-docs', *path))} --help」查看用法。" in result.output
    assert _english(result.output) == [], result.output


@pytest.mark.parametrize("args", [
    [], ["slips"], ["slips", "a.xlsx"], ["slips", "a.xlsx", "-o"], ["nosuch"], ["init", "x", "y"],
    ["slips", "a.xlsx", "-o", "o", "-j", "99"], ["catalogue", "u.xlsx", "-o", "o", "--format", "pdf"],
    ["followup", "a.xlsx", "-o", "b", "--today", "2026/1/1"], ["preview", "nofile.docx", "-o", "a"],
    ["templates"], ["scan"], ["slips", "a.xlsx", "b.xlsx", "-o", "o"],
])
def test_click_errors_are_chinese(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args, prog_name="fupin-docs")
    assert result.exit_code == 2, result.output
    assert _english(result.output) == [], result.output
    assert re.search(r"[\u4e00-\u9fff]", result.output)


def test_an_option_without_its_value_names_the_command() -> None:
    result = CliRunner().invoke(cli, ["slips", "a.xlsx", "-o"], prog_name="fupin-docs")
    assert result.output == "用法错误：选项 -o 后面要跟一个值\n运行「fupin-docs slips --help」查看用法。\n"


def test_version_is_chinese() -> None:
    result = CliRunner().invoke(cli, ["--version"], prog_name="fupin-docs")
    assert result.exit_code == 0 and result.output.startswith("fupin-docs 版本 ")


def test_catalogue_translations_keep_the_placeholders() -> None:
    """A translation that dropped or renamed a placeholder would raise KeyError in click."""
    for msgid, text in [*CATALOG.items(), *PLURALS.items()]:
        wanted = {m.split("!")[0] for m in re.findall(r"{([^{}]+)}", msgid)}
        given = {m.split("!")[0] for m in re.findall(r"{([^{}]+)}", text)}
        assert given <= wanted | {"choices", "possibilities"}, msgid
        assert re.search(r"[\u4e00-\u9fff]", text) or msgid == "{value!r} is not a valid UUID.", msgid


def test_click_strings_go_through_the_catalogue() -> None:
    from click import exceptions

    assert exceptions._("Missing argument") == "缺少参数"  # type: ignore[attr-defined]
    assert cn_gettext("a string click never had") == "a string click never had"
    assert tidy("缺少参数 'INPUT'.") == "缺少参数「INPUT」"
