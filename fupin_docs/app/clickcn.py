"""click in Chinese: its own words (Usage, Options, Show this message and exit, Error: ...),
the metavars (TEXT, INTEGER, FILE) and the error layout.

click passes every message it shows through ``gettext`` (``_`` and ``ngettext`` in each of
its modules); Python's gettext picks a catalogue only from the LANGUAGE/LANG environment
variables, which a Windows clerk does not have. So :func:`install` points those names at
:data:`CATALOG` (click's own msgids, Chinese text), once per process. The rest is not a
gettext string in click and is done by the classes here: :class:`CnCommand` and
:class:`CnGroup` (用法/选项/命令 headings with a full-width colon, ``[选项]`` and
``命令 [参数]...``, Chinese metavars) and :meth:`CnGroup.main` (usage errors as one Chinese
message and a hint, exit code 2). Commands added to a :class:`CnGroup` — by its decorators
or by ``add_command`` from another module — become Chinese too (:func:`localize`).
"""

from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

# click's msgids (click 8.x source, `_()` and `ngettext()` calls) -> Chinese. Placeholders
# keep click's names; a conversion like {name!r} may be dropped.
CATALOG: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行「{command} {option}」查看用法。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少必填选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有这个选项：{name}",
    "No such command {name!r}.": "没有这个命令：{name}",
    "Invalid value for {param_hint}: {message}": "{param_hint}的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Could not open file {filename!r}: {message}": "无法打开文件「{filename}」：{message}",
    "unknown error": "未知错误",
    "Aborted!": "已取消。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    "Value must be an iterable.": "值应为多个。",
    "Option {name!r} does not take a value.": "选项 {name} 后面不跟值",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 要 {nargs} 个值",
    "Invalid start character for option ({option})": "选项的开头字符不对（{option}）",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value} is not in the range {range}.": "{value} 超出范围 {range}",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value} 不是是/否值，可写：{states}",
    "{value!r} is not a valid {number_type}.": "{value} 不是有效的数字",
    "{value!r} is not a valid UUID.": "{value} 不是有效的 UUID",
    "{name} {filename!r} is a file.": "{name}「{filename}」是文件，这里要一个文件夹",
    "{name} {filename!r} is a directory.": "{name}「{filename}」是文件夹，这里要一个文件",
    "{name} {filename!r} is not readable.": "{name}「{filename}」无法读取",
    "{name} {filename!r} is not writable.": "{name}「{filename}」无法写入",
    "{name} {filename!r} is not executable.": "{name}「{filename}」不能运行",
    "{name} {filename!r} does not exist.": "{name}「{filename}」不存在",
    "Do you want to continue?": "要继续吗？",
    "Confirm the action without prompting.": "不询问，直接执行。",
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "再输入一次确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
}
# ngettext: Chinese has one form; keyed by click's singular msgid
PLURALS: dict[str, str] = {
    "Got unexpected extra argument ({args})": "多余的参数：{args}",
    "Did you mean {possibility}?": "（是不是要写 {possibility}？）",
    "Option {name!r} requires an argument.": "选项 {name} 后面要跟一个值",
    "Takes {nargs} values but 1 was given.": "要 {nargs} 个值，只给了 1 个",
    "{value!r} is not {choice}.": "{value} 不是可选的值，可选：{choices}",
    "{value!r} does not match the format {format}.":
        "{value} 格式不对，应为年-月-日，如 2026-11-20",
    "{len_type} values are required, but {len_value} was given.":
        "要 {len_type} 个值，给了 {len_value} 个",
}

# a type's metavar (click's English type name) -> Chinese
METAVARS: dict[str, str] = {
    "text": "文本", "integer": "整数", "integer range": "整数", "float": "数值",
    "float range": "数值", "boolean": "是/否", "uuid": "UUID", "datetime": "年-月-日",
    "filename": "文件", "文件": "文件", "文件夹": "文件夹", "路径": "路径",
    "file": "文件", "directory": "文件夹", "path": "路径",  # a Path made before install()
}

_CLICK_MODULES = ("core", "exceptions", "formatting", "decorators", "types", "parser",
                  "_parser", "termui", "utils", "shell_completion", "_termui_impl")


def cn_gettext(message: str) -> str:
    return CATALOG.get(message, message)


def cn_ngettext(singular: str, plural: str, n: int) -> str:
    text = PLURALS.get(singular)
    if text is None:
        return singular if n == 1 else plural
    return text


_installed = False


def install() -> None:
    """Point click's gettext names at the Chinese catalogue (idempotent, process-wide)."""
    global _installed
    if _installed:
        return
    for name in _CLICK_MODULES:
        try:
            mod = importlib.import_module(f"click.{name}")
        except ImportError:  # a click version without this module
            continue
        if hasattr(mod, "_"):
            setattr(mod, "_", cn_gettext)  # noqa: B010 - a module global, not an attribute
        if hasattr(mod, "ngettext"):
            setattr(mod, "ngettext", cn_ngettext)  # noqa: B010
    _installed = True


class CnFormatter(click.HelpFormatter):
    """Chinese help pages: headings with a full-width colon (「选项：」), and text wrapped
    and aligned by display width (a Chinese character takes two columns; click counts one),
    source lines of a Chinese paragraph joined without a blank."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap_paragraphs(text, self.width, indent) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((display_width(r[0]) for r in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_paragraphs(second, max(self.width - first_col - 2, 10)).splitlines()
            self.write((lines[0] if lines else "") + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_TOKEN = re.compile(r"[ \t]+|[\x21-\x7e]+|.", re.S)
_NO_LINE_START = set("，。、；：？！）」』》〕】”’")


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _join(lines: list[str]) -> str:
    """Source lines of one paragraph: a blank between them only where both sides are not
    Chinese (click always puts one, which shows as 「标准目录， 并按」)."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if out and line and not (_is_wide(out[-1]) or _is_wide(line[0])):
            out += " "
        out += line
    return out


def _fill(text: str, width: int, indent: str) -> list[str]:
    """Greedy fill by display width; a closing mark (，。）」…) never starts a line: the
    character before it moves down with it."""
    lines: list[list[str]] = []
    line: list[str] = []
    for token in _TOKEN.findall(text):
        if token.isspace():
            if line:
                line.append(" ")
            continue
        if line and display_width("".join(line) + token) > width:
            carry: list[str] = []
            if token in _NO_LINE_START and len(line) > 1 and not line[-1].isspace():
                carry = [line.pop()]
            lines.append(line)
            line = carry
        line.append(token)
    if line:
        lines.append(line)
    return [indent + "".join(ln).rstrip() for ln in lines] or [indent]


def wrap_paragraphs(text: str, width: int, indent: str = "") -> str:
    """click's paragraph rules (blank line between paragraphs; a paragraph after a line with
    only \\b is kept as written), wrapped by display width."""
    paragraphs: list[tuple[bool, list[str]]] = []
    buf: list[str] = []
    for line in [*text.expandtabs().splitlines(), ""]:
        if line.strip():
            buf.append(line)
        elif buf:
            raw = buf[0].strip() == "\b"
            paragraphs.append((raw, buf[1:] if raw else buf))
            buf = []
    out: list[str] = []
    room = max(width - len(indent), 10)
    for raw, lines in paragraphs:
        if raw:
            out.append("\n".join(indent + ln for ln in lines))
        else:
            extra = " " * (len(lines[0]) - len(lines[0].lstrip()))
            out.append("\n".join(_fill(_join(lines), room - len(extra), indent + extra)))
    return "\n\n".join(out)


class CnContext(click.Context):
    formatter_class = CnFormatter


class CnOption(click.Option):
    def make_metavar(self, ctx: click.Context) -> str:
        if self.metavar is not None:
            return self.metavar
        return _cn_metavar(self, ctx) + ("..." if self.nargs != 1 else "")


class CnArgument(click.Argument):
    pass  # arguments get a Chinese metavar= where they are declared (see localize)


def _cn_metavar(param: click.Parameter, ctx: click.Context) -> str:
    given = param.type.get_metavar(param=param, ctx=ctx)
    if given and isinstance(param.type, click.DateTime):
        return "年-月-日"
    if given:
        return given  # [a|b] choices, ranges
    return METAVARS.get(param.type.name, param.type.name.upper())


def _own_errors(parse: Callable[[click.Context, list[str]], list[str]], ctx: click.Context,
                args: list[str]) -> list[str]:
    """click's parser raises some usage errors without their context (「选项 -o 后面要跟一个
    值」): give them this command's, so the hint names 「fupin-docs slips --help」."""
    try:
        return parse(ctx, args)
    except click.UsageError as exc:
        if exc.ctx is None:
            exc.ctx = ctx
            # click 8.4.2 marks ``cmd`` Final; it is a plain attribute at run time
            setattr(exc, "cmd", ctx.command)  # noqa: B010
        raise


class CnCommand(click.Command):
    """A click command whose help and usage are in Chinese."""

    context_class = CnContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        _localize_params(self.params)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return _own_errors(super().parse_args, ctx, args)


class CnGroup(click.Group):
    """A click group in Chinese; its subcommands and subgroups are made Chinese too."""

    context_class = CnContext
    command_class = CnCommand
    group_class = type  # subgroups are of this group's class

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)
        _localize_params(self.params)
        for cmd in self.commands.values():
            localize(cmd)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        localize(cmd)
        super().add_command(cmd, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return _own_errors(super().parse_args, ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """click's main, with its error output in Chinese (exit code 2 for usage errors)."""
        install()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            show_usage_error(exc)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"错误：{exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort as exc:
            if isinstance(exc.__cause__, KeyboardInterrupt):  # Ctrl-C while click parses:
                raise exc.__cause__ from None  # app/entry.py says 已中断, exit 130
            click.echo("已取消。", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


_NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


def show_usage_error(exc: click.UsageError, translate: Callable[[str], str] = str) -> None:
    if isinstance(exc, _NO_ARGS_IS_HELP):  # a group run without a command: its help
        click.echo(exc.format_message(), err=True)
        return
    path = exc.ctx.command_path if exc.ctx is not None else "fupin-docs"
    click.echo(f"用法错误：{tidy(translate(exc.format_message()))}\n"
               f"运行「{path} --help」查看用法。", err=True)


_QUOTED = re.compile(r"'([^'\n]*)'")


def tidy(message: str) -> str:
    """click quotes names as 'x' and ends sentences with '.': 「x」 and no period in Chinese."""
    message = _QUOTED.sub(r"「\1」", message).replace("」, 「", "」「")
    message = re.sub(r"(?<=[\u4e00-\u9fff]) (?=「)|(?<=」) (?=[\u4e00-\u9fff])| (?=（)", "", message)
    message = re.sub(r"(?<=[\u4e00-\u9fff」）])\.\s+", "。", message)
    return re.sub(r"(?<=[\u4e00-\u9fff」）])\.$", "", message.strip())


def example(line: str) -> str:
    """The epilog every command's --help ends with: one example line, kept unwrapped."""
    return f"\b\n示例：{line}"


def _localize_params(params: list[click.Parameter]) -> None:
    for param in params:
        if isinstance(param.type, click.Path) and param.type.name in CATALOG:
            param.type.name = CATALOG[param.type.name]  # 「文件夹「x」不存在」 in its errors
        if type(param) is click.Option:
            param.__class__ = CnOption  # same fields, only make_metavar differs
        elif type(param) is click.Argument:
            param.__class__ = CnArgument


def localize(cmd: click.Command) -> None:
    """Make a command built elsewhere (plain click.Command/Group) speak Chinese."""
    if cmd.options_metavar == "[OPTIONS]":
        cmd.options_metavar = "[选项]"
    if isinstance(cmd, click.Group):
        if cmd.subcommand_metavar == "COMMAND [ARGS]...":
            cmd.subcommand_metavar = "命令 [参数]..."
        if type(cmd) is click.Group:
            cmd.__class__ = CnGroup
        for sub in cmd.commands.values():
            localize(sub)
    elif type(cmd) is click.Command:
        cmd.__class__ = CnCommand
    cmd.context_class = CnContext
    _localize_params(cmd.params)


install()
