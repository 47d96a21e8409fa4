"""Text clean-up shared by every format: whitespace, glyphs, check lists, content lists."""

from __future__ import annotations

import functools
import re
import unicodedata

# the channel check list of the national guide (seed 001)
NATIONAL_CHANNELS = (
    "政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
    "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送", "其他",
)

_NATIONAL_FOLDED = {re.sub(r"\s+", "", unicodedata.normalize("NFKC", n)): n
                    for n in NATIONAL_CHANNELS}
CHECKED = set("■☑✔✓√●◼▇█▣☒▪") | {"\uf06e", "\uf0fe", "\uf0fc", "\uf0a7", "\uf052", "\uf0fd"}
UNCHECKED = set("□☐◻▢○◯") | {"\uf06f", "\uf0a8", "\uf070", "\uf071", "\uf0a3"}
# letters a Wingdings glyph turns into when the font is lost, and 口 typed for □:
# glyphs only at the start of an entry, right before a Chinese character
CHECKED_AT_START = set("tn")
UNCHECKED_AT_START = set("口oq")
POSITIVE_MARKS = CHECKED | {"v", "V", "y", "Y", "是", "有", "★", "▲", "◆", "*", "＊", "x", "X"}
NEGATIVE_MARKS = UNCHECKED | {"否", "无", "×", "✗", "-", "—", "－", "/", "／", "0", "口"}


def fold(text: str) -> str:
    """For comparing: NFKC (full-width brackets become half-width), no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def squash(text: str) -> str:
    """For names and deadlines: every space and line break inside is layout, not text."""
    return re.sub(r"[\s\u3000\xa0]+", "", text or "")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def soft(text: str) -> str:
    """For free text (公开依据, 公开主体): drop wrap spaces inside words, keep spaces between
    phrases and the line structure. A lone character cut off by a wrap rejoins its word."""
    lines = []
    for line in (text or "").replace("\u3000", " ").replace("\xa0", " ").split("\n"):
        tokens = line.split()
        out: list[str] = []
        for tok in tokens:
            if out and (_glue(out[-1], tok)):
                out[-1] += tok
            else:
                out.append(tok)
        if out:
            lines.append(" ".join(out))
    return "\n".join(lines)


_OPEN = "（(《〈【[“‘「"
_CLOSE = "）)》〉】]”’」、，。；：,.;:！？"


def _glue(left: str, right: str) -> bool:
    if len(right) == 1 or len(left) == 1:
        return True
    if right[0] in _CLOSE or left[-1] in _OPEN:
        return True
    # digits between Chinese words: "之日起 10 个 工作日内"
    if right.isdigit() or (left[-1].isdigit() and len(right) <= 2):
        return True
    return bool(left[-1].isdigit() and _is_cjk(right[0]) and right[0] in "个日天年月号")


_BULLET = re.compile(r"^\s*(?:[·•●◆◇▪▶►\-－—]+|\(?（?\d{1,2}[)）]|\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]+、)\s*")
_INLINE_NUMBER = re.compile(r"(?<=[^\d\s.．、(（])(?=\d{1,2}[.、．](?!\d))")
_INLINE_BULLET = re.compile(r"(?=[·•●◆])")


def elements(text: str) -> list[str]:
    """公开内容 as a list of elements: one per line, bullet (·) or number (1. 2、 （3）), or
    phrase set apart by spaces; bullets and numbers are list layout and are dropped."""
    out: list[str] = []
    for line in soft(text).split("\n"):
        for piece in _INLINE_BULLET.split(line):
            for part in _INLINE_NUMBER.split(piece):
                for phrase in re.split(r"\s+|[；;]", part):
                    item = _BULLET.sub("", phrase).strip().rstrip("；;。，,")
                    if item and item not in out:
                        out.append(item)
    return out


@functools.lru_cache(maxsize=4096)
def canonical_channel(name: str) -> str:
    """A channel name as the national list spells it, else as the table writes it."""
    key = fold(name)
    if key in _NATIONAL_FOLDED:
        return _NATIONAL_FOLDED[key]
    if key.startswith("其他") and len(key) <= 8:
        return "其他"
    return squash(name).strip("、,，;；:：")


def checklist(text: str) -> tuple[list[tuple[str, bool]], list[str], bool]:
    """See _checklist; a table repeats the same few check-list cells, so it is cached."""
    entries, loose, had = _checklist(text)
    return list(entries), list(loose), had


@functools.lru_cache(maxsize=4096)
def _checklist(text: str) -> tuple[tuple[tuple[str, bool], ...], tuple[str, ...], bool]:
    found, loose, had = _checklist_uncached(text)
    return tuple(found), tuple(loose), had


def _checklist_uncached(text: str) -> tuple[list[tuple[str, bool]], list[str], bool]:
    """A check-list cell: (entries as (name, checked), text that is no entry, had glyphs).

    ■/☑/√/t(Wingdings ■) tick, □/☐/口 leave unticked; entries may be glued
    ("■公开查阅点□政务服务中心") or wrapped ("村公示 栏(电子屏)"). A cell with no glyph at
    all lists what is selected (“入户/现场”).
    """
    s = text or ""
    entries: list[tuple[str, bool]] = []
    loose: list[str] = []
    current: list[str] | None = None
    mark = False
    had_glyph = False
    buffer: list[str] = []  # text outside any glyph entry

    def close() -> None:
        nonlocal current
        if current is not None:
            name = canonical_channel("".join(current))
            if name:
                entries.append((name, mark))
        current = None

    for i, ch in enumerate(s):
        nxt = s[i + 1] if i + 1 < len(s) else ""
        at_start = i == 0 or s[i - 1].isspace() or s[i - 1] in CHECKED | UNCHECKED or s[i - 1] in "、,，;；"
        glyph: bool | None = None
        if ch in CHECKED:
            glyph = True
        elif ch in UNCHECKED:
            glyph = False
        elif at_start and _is_cjk(nxt) and (ch in CHECKED_AT_START or ch in UNCHECKED_AT_START):
            glyph = ch in CHECKED_AT_START
        if glyph is not None:
            close()
            had_glyph = True
            current, mark = [], glyph
            continue
        if ch == "\n" and current is not None:
            close()
            continue
        if current is not None:
            current.append(ch)
        else:
            buffer.append(ch)
        if ch == "\n" or i == len(s) - 1:
            pass
    close()
    rest = "".join(buffer).strip()
    if not had_glyph:
        return [(n, True) for n in _plain_list(rest)], [], False
    if rest:
        loose.extend(t for t in re.split(r"\s+", rest) if t)
    return _dedupe(entries), loose, True


def _dedupe(entries: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    seen: dict[str, bool] = {}
    for name, checked in entries:
        seen[name] = seen.get(name, False) or checked
    return list(seen.items())


def _plain_list(text: str) -> list[str]:
    """Channels written without glyphs: split on spaces and list punctuation, rejoining pieces
    a wrap cut apart when together they spell a national channel."""
    tokens = [t for t in re.split(r"[\s、,，;；]+", text) if t]
    out: list[str] = []
    i = 0
    national = {fold(n) for n in NATIONAL_CHANNELS}
    while i < len(tokens):
        best = 1
        for j in range(len(tokens), i + 1, -1):
            if fold("".join(tokens[i:j])) in national:
                best = j - i
                break
        name = canonical_channel("".join(tokens[i:i + best]))
        if name and name not in out:
            out.append(name)
        i += best
    return out


def mark(text: str) -> bool | None:
    """A tick cell: True (√ ■ ☑ 是 …), False (empty, □, ×, 否), None when it is something else."""
    s = fold(text)
    if not s:
        return False
    if all(ch in POSITIVE_MARKS for ch in s):
        return True
    if all(ch in NEGATIVE_MARKS for ch in s):
        return False
    return None


_WORD_SEP = re.compile(r"([\s、,，;；/／]+)")


def level_words(text: str) -> list[str]:
    """Level names written as words in one 公开层级 cell: split at list punctuation, but a
    name that itself holds 、 stays whole — 乡、村级 (a piece without 级 joins the next one
    across 、), and 镇(街)级 / 镇（街）级 are never cut."""
    parts = _WORD_SEP.split(text.strip())
    words: list[str] = []
    pending = ""  # a piece such as 乡 waiting for the 村级 after its 、
    for i in range(0, len(parts), 2):
        piece = parts[i].strip()
        if not piece:
            continue
        sep = parts[i + 1] if i + 1 < len(parts) else ""
        piece = pending + piece
        pending = ""
        if not piece.endswith("级") and sep.strip() == "、" and i + 2 < len(parts):
            pending = piece + "、"
            continue
        words.append(piece)
    if pending:
        words.append(pending.rstrip("、"))
    return words
