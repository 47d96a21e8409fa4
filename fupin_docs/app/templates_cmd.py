"""`fupin-docs templates list|export`: the click commands; the work is in office_templates."""

from __future__ import annotations

from pathlib import Path

import click

from ..kinds.office_templates import export_templates, list_templates
from .clickcn import CnCommand, example

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


@click.command("list", cls=CnCommand, context_settings=CONTEXT_SETTINGS,
               epilog=example("fupin-docs templates list"))
def list_cmd() -> None:
    """列出内置模板：文件名、文书类型和说明。"""

    for t in list_templates():
        kind = f"{t.kind}（{t.label}）" if t.kind else "—"
        click.echo(f"{t.file}\t{kind}\t{t.description}")


@click.command("export", cls=CnCommand, context_settings=CONTEXT_SETTINGS,
               epilog=example("fupin-docs templates export 本单位模板"))
@click.argument("directory", metavar="文件夹", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="覆盖目标文件夹中同名的模板。")
def export_cmd(directory: Path, force: bool) -> None:
    """把内置模板复制到文件夹，供在 Word/WPS 中按本单位格式修改。

    修改时保留 {{ }} 占位符和 {% %} 语句、不改文件名；之后在生成命令上加
    --template-dir 文件夹 即使用修改后的模板。已存在同名文件时不覆盖（除非 --force）。
    """

    written = export_templates(directory, force=force)
    for path in written:
        click.echo(f"已导出：{path}")
    click.echo(f"在 Word/WPS 中修改后，生成时加 --template-dir {directory} 使用本单位模板。")


def register(group: click.Group) -> None:
    """Add this module's subcommands to the `templates` group of cli.py."""
    group.add_command(list_cmd)
    group.add_command(export_cmd)
