"""The office profile on the command line: ``--profile FILE`` and ``init profile``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..outputs.atomic import write_text_atomic
from ..standard.profile import BESIDE_INPUT, Profile, find_profile, profile_template
from ..types import FupinError

F = TypeVar("F", bound=Callable[..., Any])

profile_option: Callable[[F], F] = click.option(
    "--profile", "profile_file", type=click.Path(path_type=Path, dir_okay=False),
    help=f"单位配置文件（.toml，可用 fupin-docs init profile 生成）：本单位名称、督查小组、领导小组、"
         f"规范名称和时限。不填时依次查找输入文件旁的 {BESIDE_INPUT}、用户配置目录中的 profile.toml，"
         "都没有则按内置的万源市规范。",
)


def resolve_profile(profile_file: Path | None, input_path: Path | None) -> Profile:
    """The profile given, else the one found beside the input or in the config folder."""
    return find_profile(profile_file, beside=input_path)


def write_profile(path: Path, force: bool) -> None:
    """``fupin-docs init profile FILE``: a commented profile holding the default values."""
    if path.suffix.lower() != ".toml":
        raise FupinError(f"单位配置文件应以 .toml 结尾：{path}")
    if path.exists() and not force:
        raise FupinError(f"{path} 已存在；如要覆盖请加 --force")
    write_text_atomic(path, profile_template())
    click.echo(f"已生成单位配置文件：{path}（用记事本修改后，放在输入工作簿旁边或运行时加 --profile）")
