"""Check an announcement's text against the content elements of its catalogue item.

A catalogue element is a phrase such as
``扶贫项目实施前情况（包括项目名称、资金来源、……和带贫减贫机制等）``; it is split into
checkable atoms (项目名称, 资金来源, ...). Each atom is looked for in the document under its
own name and under the synonyms of ``data/content_synonyms.json`` (实施单位及责任人 may be
written 实施单位 … 责任人: both parts must appear). The document is a .docx (paragraphs,
tables cell by cell, headers and footers), a .txt (UTF-8 or GB18030) or a .pdf (read with
pdftotext). A personal-data scan (ID, bank-card and mobile numbers) runs on the same text.

No click here: the CLI (cli.py) only parses options and prints what this module returns.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..inputs.docx_text import extra_texts, open_docx
from ..resources import data_path
from ..types import FupinError
from .catalogues.model import Catalogue, Item, builtin_catalogue
from .privacy import CARD_RE, ID_GROUPED_RE, ID_RE, MOBILE_RE, id_checksum_ok, luhn_ok
from .profile import DEFAULT as DEFAULT_PROFILE
from .profile import Profile

COMPLETENESS_CLAUSE = "第5.1条（完整性）"
PRIVACY_BASIS = "个人信息去标识化（国办2018年政务公开工作要点）"
PART_ALL = "全部"

# ------------------------------------------------------------------ text folding


def fold(text: str) -> str:
    """NFKC (full-width → half-width, 　 → space) and no whitespace at all.

    Announcements pad labels with spaces (项 目 名 称) and PDFs break lines anywhere, so
    matching ignores whitespace entirely.
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


# ------------------------------------------------------------------ reading documents


@dataclass(frozen=True)
class Segment:
    """One paragraph, table cell, header/footer paragraph or text line, with its place."""

    where: str  # in Chinese, as a clerk finds it: 第3段, 表1第2行第3列, 页眉, 第12行
    text: str
    kind: str  # paragraph | cell | header | footer | line
    table: int = 0  # 1-based table number for cells
    row: int = 0
    col: int = 0

    @property
    def norm(self) -> str:
        return fold(self.text)


@dataclass
class TextDocument:
    path: Path
    segments: list[Segment]
    tables: dict[int, list[list[str]]] = field(default_factory=dict)  # folded cell texts
    # comments (批注): searched for personal data, never counted as published content
    comments: list[Segment] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The announcement's title: the first short paragraph that reads like one.

        Offices often put their own name (万源市扶贫移民工作局) above the title, so the
        first of the opening paragraphs that names a kind of document wins; else the first.
        """
        body = [s for s in self.segments if s.kind in ("paragraph", "line") and s.text.strip()]
        for seg in body[:5]:
            if re.search(r"公告|公示|通知|名单|计划|方案|情况|报告|处理单|指南", seg.text):
                return seg.text.strip()
        return body[0].text.strip() if body else ""

    def full_norm(self) -> str:
        return "\n".join(s.norm for s in self.segments)


def read_document(path: Path) -> TextDocument:
    """Read .docx, .txt or .pdf into segments; FupinError (exit 2) for unusable files."""
    if not path.exists():
        raise FupinError(f"找不到文件：{path}")
    if path.is_dir():
        raise FupinError(f"{path} 是文件夹，请给出公告文件（.docx、.txt 或 .pdf）")
    suffix = path.suffix.lower()
    if suffix in (".docx", ".txt"):
        doc = _read_docx(path) if suffix == ".docx" else _read_txt(path)
        if not doc.segments:
            raise FupinError(f"{path.name} 中没有文字（空文件），无法检查内容要素")
        return doc
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix in (".doc", ".wps", ".rtf"):
        raise FupinError(f"{path.name}：不支持 {suffix} 格式，请在 Word/WPS 中另存为 .docx 后再检查")
    raise FupinError(f"{path.name}：不支持的文件类型，请给出 .docx、.txt 或 .pdf 文件")


def _read_docx(path: Path) -> TextDocument:
    doc = open_docx(path)
    segments: list[Segment] = []
    for i, p in enumerate(doc.paragraphs, start=1):
        if p.text.strip():
            segments.append(Segment(f"第{i}段", p.text, "paragraph"))
    tables: dict[int, list[list[str]]] = {}
    for t, table in enumerate(doc.tables, start=1):
        grid: list[list[str]] = []
        for r, row in enumerate(table.rows, start=1):
            seen: list[Any] = []
            texts: list[str] = []
            for cell in row.cells:
                if any(cell._tc is s for s in seen):  # merged cells repeat: keep one
                    continue
                seen.append(cell._tc)
                texts.append(cell.text)
            grid.append([fold(x) for x in texts])
            for c, text in enumerate(texts, start=1):
                if text.strip():
                    segments.append(Segment(f"表{t}第{r}行第{c}列", text, "cell", t, r, c))
        tables[t] = grid
    for s, section in enumerate(doc.sections, start=1):
        label = "" if len(doc.sections) == 1 else f"第{s}节"
        for part, kind, name in ((section.header, "header", "页眉"), (section.footer, "footer", "页脚")):
            if part.is_linked_to_previous and s > 1:
                continue
            for p in part.paragraphs:
                if p.text.strip():
                    segments.append(Segment(f"{label}{name}", p.text, kind))
            for table in part.tables:
                for row in table.rows:
                    for cell in row.cells:
                        if cell.text.strip():
                            segments.append(Segment(f"{label}{name}表格", cell.text, kind))
    comments: list[Segment] = []
    for where, text in extra_texts(doc):  # text boxes, footnotes, comments, first-page headers
        (comments if where.startswith("批注") else segments).append(Segment(where, text, "extra"))
    return TextDocument(path, segments, tables, comments)


def _decode_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FupinError(f"{name} 不是 UTF-8 或 GB18030（GBK）编码的文本文件，请另存为 UTF-8 后再检查")


def _read_txt(path: Path) -> TextDocument:
    text = _decode_text(path.read_bytes(), path.name)
    segments = [Segment(f"第{i}行", line, "line")
                for i, line in enumerate(text.splitlines(), start=1) if line.strip()]
    return TextDocument(path, segments)


def _read_pdf(path: Path) -> TextDocument:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise FupinError(
            "读取 PDF 需要 pdftotext（poppler-utils），本机未安装：请安装 poppler-utils，"
            "或把公告另存为 .docx / .txt 后再检查"
        )
    try:
        proc = subprocess.run([exe, "-enc", "UTF-8", "-layout", str(path), "-"],
                              capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired as exc:
        raise FupinError(f"{path.name}：pdftotext 读取超时") from exc
    if proc.returncode != 0:
        # pdftotext's own message is English ("Syntax Error: Couldn't read xref table")
        raise FupinError(f"{path.name} 无法作为 PDF 读取（文件可能已损坏，或不是 PDF 文件）")
    text = proc.stdout.decode("utf-8", "replace")
    segments: list[Segment] = []
    for p, page in enumerate(text.split("\f"), start=1):
        for i, line in enumerate(page.splitlines(), start=1):
            if line.strip():
                segments.append(Segment(f"第{p}页第{i}行", line, "line"))
    if not segments:
        raise FupinError(f"{path.name} 中读不到文字（可能是扫描件图片），无法检查内容要素")
    return TextDocument(path, segments)


# ------------------------------------------------------------------ synonyms and atoms


@dataclass(frozen=True)
class Alternative:
    """One way of writing an atom: every part must appear; a part lists variants."""

    parts: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> Alternative:
        parts: list[tuple[str, ...]] = []
        for part in text.split("…"):
            # a regular expression keeps its own | alternations
            parts.append((part,) if part.startswith("re:") else tuple(v for v in part.split("|") if v))
        return cls(tuple(parts))

    def display(self) -> str:
        return " … ".join("/".join(v.removeprefix("re:") for v in part) for part in self.parts)


@dataclass(frozen=True)
class SynonymTable:
    atoms: dict[str, tuple[str, ...]]
    synonyms: dict[str, tuple[str, ...]]
    parts: dict[str, tuple[dict[str, Any], ...]]
    guess: dict[str, dict[str, tuple[str, ...]]]

    @classmethod
    def load(cls, path: Path) -> SynonymTable:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FupinError(f"同义词表 {path.name} 无法读取：{exc}") from exc
        return cls(
            atoms={fold(k): tuple(v) for k, v in data.get("atoms", {}).items()},
            synonyms={k: tuple(v) for k, v in data.get("synonyms", {}).items()},
            parts={k: tuple(v) for k, v in data.get("parts", {}).items()},
            guess={cat: {k: tuple(v) for k, v in items.items()}
                   for cat, items in data.get("guess", {}).items()},
        )

    def alternatives(self, atom: str) -> tuple[Alternative, ...]:
        """The atom itself, its synonyms, and for A及B also A … B."""
        texts: list[str] = [atom]
        if "及" in atom and atom not in self.synonyms:
            left, _, right = atom.partition("及")
            if left and right:
                texts.append(f"{left}…{right}")
        texts.extend(self.synonyms.get(atom, ()))
        seen: list[Alternative] = []
        for t in texts:
            alt = Alternative.parse(t)
            if alt not in seen:
                seen.append(alt)
        return tuple(seen)


@cache
def default_synonyms() -> SynonymTable:
    return SynonymTable.load(data_path("content_synonyms.json"))


_TRAILING_ETC = re.compile(r"(等情况|等内容|等)$")
_PAREN = re.compile(r"^(?P<head>[^（(]*)[（(](?P<inner>.*)[）)]$")
_INCLUDES = re.compile(r"^(包括|包含|含)[：:]?")


def _clean_atom(text: str) -> str:
    return _TRAILING_ETC.sub("", text.strip(" 。；;，,")).strip()


MAX_ATOM_CHARS = 10
MAX_LABEL_CHARS = 12  # a cell this short that ends in an element name is a label


def _split_list(text: str) -> list[str]:
    """Split 、 lists (and 资金规模和筹资方式) into atoms.

    A list whose pieces are not short names (国家、省、市政府和有关部门发布的……) stays whole.
    """
    atoms: list[str] = []
    for piece in re.split(r"[、，,；;]", text):
        piece = _clean_atom(piece)
        if not piece:
            continue
        halves = [_clean_atom(h) for h in piece.split("和")]
        if len(halves) > 1 and all(len(h) >= 2 for h in halves):
            atoms.extend(halves)
        else:
            atoms.append(piece)
    if any(len(a) > MAX_ATOM_CHARS or len(a) < 2 for a in atoms):
        return [_clean_atom(text)]
    return atoms


@dataclass(frozen=True)
class Atom:
    label: str  # what the report names, e.g. 实施单位及责任人
    group: str  # the catalogue element it comes from


def split_element(element: str, table: SynonymTable | None = None) -> tuple[str, list[str]]:
    """Return (group, atoms) for one catalogue element.

    - an explicit entry in the synonym table's ``atoms`` wins;
    - ``X（包括A、B和C等）`` → group X, atoms A, B, C;
    - ``X（A、B）`` without 包括 → atom X (the parenthesis gives examples);
    - ``A、B、C`` → atoms A, B, C; anything else is one atom.
    """
    table = table or default_synonyms()
    text = element.strip()
    override = table.atoms.get(fold(text))
    if override is not None:
        return text, list(override)
    m = _PAREN.match(text)
    if m:
        head = _clean_atom(m.group("head"))
        inner = m.group("inner").strip()
        if _INCLUDES.match(inner):
            return head or text, _split_list(_INCLUDES.sub("", inner))
        return text, [head or _clean_atom(text)]
    if "、" in text:
        return text, _split_list(text)
    return text, [_clean_atom(text)]


def item_atoms(item: Item, table: SynonymTable | None = None) -> list[Atom]:
    result: list[Atom] = []
    for element in item.elements:
        group, atoms = split_element(element, table)
        result.extend(Atom(a, group) for a in atoms)
    return result


# ------------------------------------------------------------------ finding atoms


@dataclass(frozen=True)
class Hit:
    where: str
    matched: str  # the words found (folded)
    context: str  # a little of the text around it (folded)

    def to_dict(self) -> dict[str, str]:
        return {"where": self.where, "matched": self.matched, "context": self.context}


PRESENT, EMPTY, MISSING = "present", "empty", "missing"
STATUS_CN = {PRESENT: "已含", EMPTY: "只有标签、未填内容", MISSING: "未找到"}


@dataclass(frozen=True)
class ElementResult:
    atom: str
    group: str
    status: str  # present | empty | missing
    hits: tuple[Hit, ...]
    alternatives: tuple[str, ...]  # how it may be written (for the hint)

    @property
    def present(self) -> bool:
        return self.status == PRESENT

    def to_dict(self) -> dict[str, Any]:
        return {"element": self.atom, "group": self.group, "status": self.status,
                "status_text": STATUS_CN[self.status],
                "hits": [h.to_dict() for h in self.hits], "may_be_written": list(self.alternatives)}


def _occurrences(variant: str, seg_norm: str) -> list[tuple[int, int]]:
    if variant.startswith("re:"):
        return [(m.start(), m.end()) for m in re.finditer(fold(variant[3:]), seg_norm)]
    v = fold(variant)
    spans: list[tuple[int, int]] = []
    start = seg_norm.find(v)
    while start >= 0 and v:
        spans.append((start, start + len(v)))
        start = seg_norm.find(v, start + 1)
    return spans


def _cell_has_value(doc: TextDocument, seg: Segment) -> bool:
    """A label alone in a cell: its value is below it (header row) or to its right."""
    grid = doc.tables.get(seg.table)
    if not grid:
        return False
    r, c = seg.row - 1, seg.col - 1
    if r == 0:
        return any(len(row) > c and row[c] for row in grid[1:])
    row = grid[r]
    return len(row) > c + 1 and bool(row[c + 1].strip(":"))


def _is_filled(doc: TextDocument, seg: Segment, start: int, end: int) -> bool:
    """False for a bare label: 责任人： at the end of a line, or a label cell with no value."""
    norm = seg.norm
    after = norm[end:]
    # 责任人： with nothing after it; or a cell holding just a label (带贫减贫机制, even when
    # the words matched are only its tail, 减贫机制)
    label_only = after == ":" or (
        seg.kind == "cell" and after == "" and len(norm) <= MAX_LABEL_CHARS
    )
    if not label_only:
        return True
    if seg.kind == "cell":
        return _cell_has_value(doc, seg)
    return False


def _find_part(doc: TextDocument, variants: Sequence[str]) -> tuple[Hit | None, bool]:
    """First filled occurrence of any variant; (hit, filled). A bare label gives (hit, False)."""
    empty_hit: Hit | None = None
    for seg in doc.segments:
        norm = seg.norm
        for variant in variants:
            for start, end in _occurrences(variant, norm):
                hit = Hit(seg.where, norm[start:end], norm[max(0, start - 8):end + 24])
                if _is_filled(doc, seg, start, end):
                    return hit, True
                empty_hit = empty_hit or hit
    return empty_hit, False


def find_atom(doc: TextDocument, atom: str, group: str = "",
              table: SynonymTable | None = None) -> ElementResult:
    table = table or default_synonyms()
    alts = table.alternatives(atom)
    best_empty: tuple[Hit, ...] = ()
    for alt in alts:
        hits: list[Hit] = []
        empty: list[Hit] = []  # the parts found as a bare label (责任人 beside an empty cell)
        for variants in alt.parts:
            hit, filled = _find_part(doc, variants)
            if hit is None:
                break
            hits.append(hit)
            if not filled:
                empty.append(hit)
        else:
            if not empty:
                return ElementResult(atom, group, PRESENT, tuple(hits), tuple(a.display() for a in alts))
            # name only the empty labels: 实施单位 filled and 责任人 empty points at 责任人
            best_empty = best_empty or tuple(empty)
    status = EMPTY if best_empty else MISSING
    return ElementResult(atom, group, status, best_empty, tuple(a.display() for a in alts))


def find_atoms(doc: TextDocument, atoms: Iterable[Atom | str],
               table: SynonymTable | None = None) -> list[ElementResult]:
    out: list[ElementResult] = []
    for a in atoms:
        label, group = (a.label, a.group) if isinstance(a, Atom) else (a, "")
        out.append(find_atom(doc, label, group, table))
    return out


# ------------------------------------------------------------------ personal data


@dataclass(frozen=True)
class PersonalHit:
    kind: str  # 身份证号码 | 疑似身份证号码 | 银行卡号 | 手机号码
    severity: str  # error | warning
    where: str
    masked: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "severity": self.severity, "where": self.where,
                "masked": self.masked}


def _plausible_birth(digits: str) -> bool:
    try:
        born = dt.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= dt.date.today().year


_SPACED_CARD = re.compile(r"(?<!\d)(?<!\d )\d{4}(?: \d{4}){3}(?: \d{1,4})?(?![\d])")


def scan_personal_text(text: str, where: str = "") -> list[PersonalHit]:
    """ID numbers (checksum), bank cards (Luhn) and mobile numbers in one piece of text.

    Whitespace separates numbers (table columns in a text file), except that card numbers
    written in groups of four (6217 0038 1001 2345 677) and ID numbers written in groups
    (110101 19900307 1234, 110101-19900307-1234) are joined first.
    """
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or ""))
    norm = _SPACED_CARD.sub(lambda m: m.group(0).replace(" ", ""), norm)
    norm = ID_GROUPED_RE.sub(lambda m: re.sub(r"[ -]", "", m.group(0)), norm)
    hits: list[PersonalHit] = []
    taken: list[tuple[int, int]] = []
    for m in ID_RE.finditer(norm):
        value = m.group(1)
        if id_checksum_ok(value):
            hits.append(PersonalHit("身份证号码", "error", where, value[:6] + "********" + value[-4:]))
            taken.append(m.span(1))
        elif value[:17].isdigit() and _plausible_birth(value) and not luhn_ok(value):
            hits.append(PersonalHit("疑似身份证号码（校验位不符）", "warning", where,
                                    value[:6] + "********" + value[-4:]))
            taken.append(m.span(1))
    for m in CARD_RE.finditer(norm):
        if any(s <= m.start(1) < e for s, e in taken):
            continue
        value = m.group(1)
        if luhn_ok(value) and not id_checksum_ok(value):
            hits.append(PersonalHit("银行卡号", "error", where,
                                    value[:4] + "*" * (len(value) - 8) + value[-4:]))
            taken.append(m.span(1))
    for m in MOBILE_RE.finditer(norm):
        if any(s <= m.start(1) < e for s, e in taken):
            continue
        value = m.group(1)
        hits.append(PersonalHit("手机号码", "warning", where, value[:3] + "****" + value[-4:]))
    return hits


def scan_personal(doc: TextDocument) -> list[PersonalHit]:
    hits: list[PersonalHit] = []
    for seg in [*doc.segments, *doc.comments]:
        hits.extend(scan_personal_text(seg.text, seg.where))
    return hits


# ------------------------------------------------------------------ item and part


def _catalogue_key(cat: Catalogue) -> str:
    return cat.id or ("yimei" if "伊美" in cat.unit else "wanyuan")


def find_item(label: str, catalogue: Catalogue | None) -> tuple[Catalogue, Item]:
    cats = [catalogue] if catalogue else [builtin_catalogue("yimei"), builtin_catalogue("wanyuan")]
    return find_item_in(label, cats)


def find_item_in(label: str, cats: list[Catalogue]) -> tuple[Catalogue, Item]:
    for cat in cats:
        item = cat.find(label)
        if item is not None:
            return cat, item
    names = "、".join(i.label for c in cats for i in c.items if i.applicable)
    raise FupinError(f"标准目录中没有公开事项「{label}」（或名称不唯一，请写全“一级事项/二级事项”）。可选：{names}")


def _guess_among(doc: TextDocument, cats: list[Catalogue],
                 table: SynonymTable) -> tuple[Catalogue, Item, str]:
    """A county's set of areas: the catalogue whose best item the title names, else the first."""
    guesses: list[tuple[Catalogue, Item, str]] = []
    for cat in cats:
        try:
            guesses.append((cat, *guess_item(doc, cat, table)))
        except FupinError:
            continue
    if not guesses:
        raise FupinError("无法从标题和正文判断公告属于哪个公开事项，请用 --item 指定")
    for cat, item, why in guesses:
        if why.startswith("标题"):
            return cat, item, why
    return guesses[0]


def guess_item(doc: TextDocument, catalogue: Catalogue,
               table: SynonymTable | None = None) -> tuple[Item, str]:
    """The item the title points to (longest keyword wins); else the body; else coverage."""
    table = table or default_synonyms()
    words = table.guess.get(_catalogue_key(catalogue), {})
    title = fold(doc.title)
    body = doc.full_norm()
    best: tuple[int, int, float] = (0, 0, 0.0)
    chosen: tuple[Item, str] | None = None
    for item in catalogue.items:
        if not item.applicable:
            continue
        kws = words.get(item.label, ())
        in_title = [k for k in kws if fold(k) in title]
        in_body = [k for k in kws if fold(k) in body]
        title_score = max((len(fold(k)) for k in in_title), default=0)
        results = find_atoms(doc, item_atoms(item, table), table)
        coverage = sum(r.present for r in results) / max(1, len(results))
        score = (title_score, len(in_body), coverage)
        if score > best:
            best = score
            if in_title:
                why = f"标题「{doc.title}」含“{max(in_title, key=len)}”"
            elif in_body:
                why = f"正文含“{'”“'.join(in_body[:3])}”"
            else:
                why = f"正文含该事项的要素最多（{round(coverage * 100)}%）"
            chosen = (item, why)
    if chosen is None or best == (0, 0, 0.0):
        raise FupinError("无法从标题和正文判断公告属于哪个公开事项，请用 --item 指定（如 --item 项目实施）")
    return chosen


def choose_part(doc: TextDocument, item: Item, wanted: str | None,
                table: SynonymTable | None = None) -> tuple[dict[str, Any] | None, str]:
    """Items such as 项目实施 list alternative parts (实施前 / 实施后): pick the one the
    announcement is about. Returns (part or None for all elements, reason)."""
    table = table or default_synonyms()
    parts = table.parts.get(item.label)
    if not parts:
        return None, ""
    names = [p["name"] for p in parts]
    if wanted:
        if wanted == PART_ALL:
            return None, "按 --part 全部 核对全部要素"
        for p in parts:
            if wanted == p["name"]:
                return p, f"按 --part {wanted} 指定"
        raise FupinError(f"「{item.label}」没有「{wanted}」部分；可选：{'、'.join([*names, PART_ALL])}")
    title = fold(doc.title)
    body = doc.full_norm()
    for p in reversed(parts):  # later parts (实施后) have the more specific title words
        words = [w for w in p.get("title", []) if fold(w) in title]
        if words and p is not parts[0]:
            return p, f"标题含“{words[0]}”，按「{p['group']}」核对"
    for p in parts[1:]:
        found = [w for w in p.get("text", []) if fold(w) in body]
        if len(found) >= 2:
            return p, f"正文含“{'”“'.join(found[:3])}”，按「{p['group']}」核对"
    first = parts[0]
    words = [w for w in first.get("title", []) if fold(w) in title]
    why = f"标题含“{words[0]}”" if words else "未见其他部分的标志词"
    return first, f"{why}，按「{first['group']}」核对（可用 --part 改为 {'、'.join([*names[1:], PART_ALL])}）"


# ------------------------------------------------------------------ the check


@dataclass
class ContentReport:
    path: Path
    catalogue: str
    item: str
    guessed: bool
    item_reason: str
    part: str
    part_reason: str
    elements: list[ElementResult]
    personal: list[PersonalHit]
    title: str = ""
    standard: str = ""  # the standard's name in 书名号 (the office profile's)

    @property
    def missing(self) -> list[ElementResult]:
        return [e for e in self.elements if not e.present]

    def exit_code(self) -> int:
        if self.missing or any(h.severity == "error" for h in self.personal):
            return 1
        return 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path), "title": self.title, "catalogue": self.catalogue,
            "item": self.item, "item_guessed": self.guessed, "item_reason": self.item_reason,
            "part": self.part, "part_reason": self.part_reason, "clause": COMPLETENESS_CLAUSE, "standard": self.standard,
            "elements": [e.to_dict() for e in self.elements],
            "present": [e.atom for e in self.elements if e.present],
            "missing": [e.atom for e in self.missing],
            "personal_data": [h.to_dict() for h in self.personal],
            "privacy_basis": PRIVACY_BASIS, "exit_code": self.exit_code(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def lines(self) -> list[str]:
        out = [f"文件：{self.path.name}"]
        how = f"（自动判断：{self.item_reason}；可用 --item 指定）" if self.guessed else ""
        out.append(f"公开事项：{self.catalogue}「{self.item}」{how}")
        if self.part_reason:
            out.append(f"核对部分：{self.part_reason}")
        ok = len(self.elements) - len(self.missing)
        out.append(f"必备要素 {len(self.elements)} 项：已含 {ok} 项，缺 {len(self.missing)} 项")
        for e in self.elements:
            if e.present:
                where = "；".join(f"{h.where}“{h.matched}”" for h in e.hits)
                out.append(f"  ✓ {e.atom}：{where}")
            elif e.status == EMPTY:
                where = "；".join(f"{h.where}“{h.matched}”" for h in e.hits)
                out.append(f"  ✗ {e.atom}：{where} 只有标签，未填内容")
            else:
                hint = "、".join(e.alternatives[:5])
                out.append(f"  ✗ {e.atom}：未找到（可写作：{hint}）")
        if self.personal:
            out.append(f"个人信息：发现 {len(self.personal)} 处，公开前须去标识化（{PRIVACY_BASIS}）")
            for h in self.personal:
                sev = "错误" if h.severity == "error" else "警告"
                out.append(f"  [{sev}] {h.kind} {h.masked}：{h.where}")
        else:
            out.append("个人信息：未发现身份证号码、银行卡号、手机号码")
        if self.exit_code():
            parts = []
            if self.missing:
                parts.append(f"缺少必备要素 {len(self.missing)} 项（{self.standard}{COMPLETENESS_CLAUSE}）")
            if any(h.severity == "error" for h in self.personal):
                parts.append("含应去标识化的个人信息")
            out.append("结论：" + "；".join(parts))
        else:
            out.append("结论：必备要素齐全")
        return out


def check_content(
    path: Path, item: str | None = None, catalogue: str | None = None,
    part: str | None = None, table: SynonymTable | None = None,
    catalogues: Sequence[Catalogue] | None = None,
    profile: Profile = DEFAULT_PROFILE,
) -> ContentReport:
    """Check one announcement file. ``item`` is 一级事项/二级事项 or an unambiguous 二级事项.

    ``catalogues`` (a county's imported ones) replace the built-in catalogues; ``profile``
    names the standard the clause belongs to."""
    table = table or default_synonyms()
    doc = read_document(path)
    cat_obj = builtin_catalogue(catalogue) if catalogue else None
    if item and catalogues:
        cat, found = find_item_in(item, list(catalogues))
        guessed, why = False, ""
    elif item:
        cat, found = find_item(item, cat_obj)
        guessed, why = False, ""
    elif catalogues:
        cat, found, why = _guess_among(doc, list(catalogues), table)
        guessed = True
    else:
        cat = cat_obj or builtin_catalogue("yimei")
        found, why = guess_item(doc, cat, table)
        guessed = True
    chosen, part_reason = choose_part(doc, found, part, table)
    atoms = item_atoms(found, table)
    if chosen is not None:
        atoms = [a for a in atoms if a.group == chosen["group"]
                 or fold(a.group) == fold(chosen["group"])]
    return ContentReport(
        path=path, catalogue=cat.name, item=found.label, guessed=guessed,
        item_reason=why, part=chosen["name"] if chosen else PART_ALL if part_reason else "",
        part_reason=part_reason, elements=find_atoms(doc, atoms, table),
        personal=scan_personal(doc), title=doc.title, standard=profile.standard_title,
    )
