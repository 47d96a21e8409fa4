"""The office profile: who issues the documents and which standard they follow.

Documents and notes name the unit, its 督查小组, the 领导小组 (市/县/区) and its 办公室, and the
standard (《万源市扶贫工作公开规范》 by default) with two of its parameters: publication within
1 working day of the sign-off (§5.4) and the general deadline of 3 working days after the
information is formed (§6.1). The built-in default is the 万源 standard, so nothing changes
for an office that sets nothing.

A profile is a small TOML file (``fupin-docs init profile`` writes a commented one). It is
found, in this order: the ``--profile FILE`` given; ``fupin-docs.toml`` beside the input
file; ``profile.toml`` in the user's configuration folder (platformdirs); else the default.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from ..resources import data_path
from ..types import FupinError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

BESIDE_INPUT = "fupin-docs.toml"
CONFIG_NAME = "profile.toml"
APP_NAME = "fupin-docs"


# the unit the standard names as its subject (《万源市扶贫工作公开规范》3.1 主体): one source,
# the built-in 万源 catalogue, so the profile, the ledger and the catalogues say the same
STANDARD_UNIT: str = json.loads(
    data_path("catalogues", "wanyuan.json").read_text(encoding="utf-8"))["unit"]


@dataclass(frozen=True)
class Profile:
    unit: str = STANDARD_UNIT
    inspection_group: str = f"{STANDARD_UNIT}政务公开督查小组"
    leading_group: str = "市领导小组"
    leading_group_office: str = "市领导小组办公室"
    standard: str = "万源市扶贫工作公开规范"
    issuer: str = ""  # 签发人 of a 上行文 (the 复查情况报告); blank: signed by hand
    signoff_days: int = 1  # §5.4: published within N working days of the last sign-off
    general_deadline_days: int = 3  # §6.1: published within N working days of formation
    # the built-in catalogues a slip's 公开事项 is looked up in, in this order
    catalogues: tuple[str, ...] = ("yimei", "wanyuan")
    source: str = ""  # the file it was read from ("" = built-in default)

    @property
    def standard_title(self) -> str:
        """The standard's name in 书名号: 《万源市扶贫工作公开规范》."""
        return f"《{self.standard}》"

    @property
    def short(self) -> str:
        """The unit's one-character short name in example numbers (万扶公〔2026〕12号)."""
        return self.unit[:1]

    def reword(self, text: str) -> str:
        """A text written for the built-in default (the 万源 standard) in this office's words:
        the standard, the unit, its 督查小组, the 领导小组 and its 办公室, the unit's short
        name in example numbers (万扶公〔2026〕12号) and the working days of §5.4
        (审签后1个工作日内) and §6.1 (信息形成后3个工作日内)."""
        names = {DEFAULT.standard_title: self.standard_title, DEFAULT.standard: self.standard,
                 DEFAULT.inspection_group: self.inspection_group, DEFAULT.unit: self.unit,
                 DEFAULT.leading_group_office: self.leading_group_office,
                 DEFAULT.leading_group: self.leading_group}
        # one pass, longest name first: 市领导小组办公室 is never read as 市领导小组 + 办公室
        pattern = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
        text = re.sub(pattern, lambda m: names[m.group(0)], text)
        text = _EXAMPLE_NUMBER.sub(f"{self.short}扶", text)
        text = _SIGNOFF_DAYS.sub(rf"\g<1>{self.signoff_days}\g<2>", text)
        return _GENERAL_DAYS.sub(rf"\g<1>{self.general_deadline_days}\g<2>", text)


DEFAULT = Profile()
_EXAMPLE_NUMBER = re.compile(rf"{DEFAULT.short}扶(?=[公督]〔)")
_SIGNOFF_DAYS = re.compile(rf"(审签(?:确认)?后){DEFAULT.signoff_days}(个工作日内)")
_GENERAL_DAYS = re.compile(rf"(信息形成(?:（变更）)?后){DEFAULT.general_deadline_days}(个工作日内)")

# TOML table -> field -> Chinese label (for messages and the written template)
_LAYOUT: dict[str, dict[str, str]] = {
    "office": {
        "unit": "本单位名称",
        "inspection_group": "督查小组名称",
        "leading_group": "领导小组（市/县/区）",
        "leading_group_office": "领导小组办公室",
        "issuer": "签发人（复查情况报告）",
    },
    "standard": {
        "standard": "公开规范名称",
        "signoff_days": "审签后公开时限（工作日）",
        "general_deadline_days": "信息形成后公开时限（工作日）",
        "catalogues": "公开事项所依据的内置目录",
    },
}


def user_profile_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_NAME


# tomllib's (and tomli's) messages, in Chinese; the place is parsed from the message
# ("... (at line 2, column 8)", "... (at end of document)")
_TOML_REASONS_CN: tuple[tuple[str, str], ...] = (
    ("Invalid value", "这一项的值写得不对（文字要用英文双引号括起来，如 unit = \"平昌县乡村振兴局\"）"),
    ("Invalid statement", "这一行不是「项名 = 值」或「[部分]」的写法"),
    ("Expected '=' after a key", "项名后面缺少英文等号 ="),
    ("Expected newline or end of document", "一行只能写一项（值后面多了文字？注释要以 # 开头）"),
    ("Invalid initial character for a key", "项名写得不对（项名只用英文字母、数字和下划线）"),
    ("Unterminated string", "引号没有配对（文字两边都要有英文双引号）"),
    ("Unclosed array", "方括号 [ ] 没有配对（列表要写成 [\"yimei\"]）"),
    ("Unclosed inline table", "花括号 { } 没有配对"),
    ("Expected ']' at the end of a table", "「[部分]」的方括号没有配对"),
    ("Cannot overwrite a value", "同一项写了两次"),
    ("Cannot declare", "同一部分写了两次"),
    ("Illegal character", "有不允许的字符（控制字符或不成对的引号）"),
    ("Unescaped", "文字中有单独的反斜杠 \\（路径请写成 /，或把 \\ 写成 \\\\）"),
    ("Invalid date or datetime", "日期写得不对"),
)
_TOML_PLACE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")


def toml_reason(exc: Exception) -> str:
    """A TOML syntax error in Chinese with its place: 「第2行第8列：这一项的值写得不对…」."""
    text = str(exc)
    m = _TOML_PLACE.search(text)
    message = text[:m.start()] if m else text
    reason = next((cn for en, cn in _TOML_REASONS_CN if message.startswith(en)), "写法不对")
    if m and m.group(1):
        return f"第{m.group(1)}行第{m.group(2)}列：{reason}"
    return f"文件末尾：{reason}" if m else reason


def load_profile(path: Path) -> Profile:
    """Read a profile file; a missing key keeps the default, a wrong one is a Chinese error."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # Notepad writes a BOM
    except FileNotFoundError as exc:
        raise FupinError(f"找不到单位配置文件：{path}") from exc
    except UnicodeDecodeError as exc:
        raise FupinError(f"单位配置文件 {path.name} 不是 UTF-8 文本") from exc
    except tomllib.TOMLDecodeError as exc:
        raise FupinError(f"单位配置文件 {path.name} 格式有误：{toml_reason(exc)}") from exc
    values: dict[str, Any] = {}
    for table, content in data.items():
        if table not in _LAYOUT or not isinstance(content, dict):
            raise FupinError(f"单位配置文件 {path.name} 中有不认识的部分「{table}」"
                             f"（可用：{'、'.join(f'[{t}]' for t in _LAYOUT)}）")
        for key, value in content.items():
            label = _LAYOUT[table].get(key)
            if label is None:
                raise FupinError(f"单位配置文件 {path.name} 的 [{table}] 中有不认识的项「{key}」"
                                 f"（可用：{'、'.join(_LAYOUT[table])}）")
            expected = type(getattr(DEFAULT, key))
            if expected is tuple:
                known = ("yimei", "wanyuan")
                if not isinstance(value, list) or not value or any(v not in known for v in value):
                    raise FupinError(f"单位配置文件 {path.name}：{label}（{key}）应为内置目录名的列表，"
                                     f"如 [\"yimei\"]（可选：{'、'.join(known)}），现为「{value}」")
                value = tuple(value)
            elif expected is int:
                if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 100:
                    raise FupinError(f"单位配置文件 {path.name}：{label}（{key}）应为1到99的整数，"
                                     f"现为「{value}」")
            elif not isinstance(value, str):
                raise FupinError(f"单位配置文件 {path.name}：{label}（{key}）应为文字（加英文双引号），"
                                 f"现为「{value}」")
            else:
                value = value.strip()
                if key == "standard":
                    value = value.strip("《》")
                if not value and key != "issuer":
                    raise FupinError(f"单位配置文件 {path.name}：{label}（{key}）不能为空")
            values[key] = value
    return replace(DEFAULT, source=str(path), **values)


def find_profile(explicit: Path | None = None, beside: Path | None = None) -> Profile:
    """The profile for a run: ``explicit``, else ``fupin-docs.toml`` beside the input file
    ``beside``, else the user's configuration folder, else the built-in default."""
    if explicit is not None:
        return load_profile(explicit)
    candidates: list[Path] = []
    if beside is not None:
        candidates.append(beside.parent / BESIDE_INPUT)
    candidates.append(user_profile_path())
    for path in candidates:
        if path.is_file():
            return load_profile(path)
    return DEFAULT


def _toml_value(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def profile_template(profile: Profile = DEFAULT) -> str:
    """A commented TOML profile holding ``profile``'s values (what ``init profile`` writes)."""
    lines = [
        "# fupin-docs 单位配置文件（UTF-8 文本，可用记事本修改）",
        "# 放在输入工作簿旁边（文件名 fupin-docs.toml）即自动使用，或运行命令时加 --profile 文件名。",
        "# 文字要加英文双引号；不需要改的项可以删掉，删掉的项用内置的万源市规范的值。",
        "",
    ]
    comments = {
        "unit": "文书的作者、台账标题中的单位名称",
        "inspection_group": "整改意见书的发文机关（督查小组）",
        "leading_group": "复查情况报告的主送机关；意见书中“复查结果报告……”",
        "leading_group_office": "整改意见书备案、抄送的机关",
        "issuer": "复查情况报告（上行文）的签发人；留空则打印后手写",
        "standard": "依据的规范名称（不加书名号）",
        "signoff_days": "第5.4条：审签确认后几个工作日内公开",
        "general_deadline_days": "第6.1条：信息形成（变更）后几个工作日内公开（目录另有规定的从其规定）",
        "catalogues": "按顺序查找公开事项的内置目录：yimei（扶贫领域基层政务公开标准目录，伊美区）、"
                      "wanyuan（万源市扶贫工作公开事项目录）",
    }
    for table, keys in _LAYOUT.items():
        lines.append(f"[{table}]")
        for key, label in keys.items():
            lines.append(f"# {label}：{comments[key]}")
            lines.append(f"{key} = {_toml_value(getattr(profile, key))}")
        lines.append("")
    return "\n".join(lines)


def profile_fields() -> list[str]:
    return [f.name for f in fields(Profile) if f.name != "source"]
