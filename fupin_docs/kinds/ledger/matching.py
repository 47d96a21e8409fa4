"""Which slip a ledger row records (§5.5: every published item has a slip that proves 核对
and 审签 before publication). One matching for ``ledger --against`` and ``inspect``:

* by 编号, compared forgivingly (``number_key``: width, blanks, bracket style);
* else by title and publication date (a row whose 编号 is missing or mistyped);
* a second row for the same 编号 or the same slip is a duplicate;
* what the slip says decides the verdict: a 不予公开 slip must not be in the ledger, a slip
  without a publication date is not known to be published, a slip with errors is reported
  by its own checks.

The slips and rows are whatever the caller holds (slip entries, records, inspection entries):
the caller gives each one's :class:`Key` and the slip's :data:`Status`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from ...inputs.values import YEAR_CLOSE, YEAR_OPEN
from ...standard.content import fold

S = TypeVar("S")
R = TypeVar("R")

SlipStatus = Literal["published", "withheld", "unpublished", "other_year", "rejected"]
Verdict = Literal["matched", "duplicate", "no_slip", "withheld", "unpublished", "rejected"]


def number_key(text: str) -> str:
    """Compare 编号 forgivingly: width, blanks and the bracket style do not matter."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", "", s)
    return re.sub(_OPEN, "〔", re.sub(_CLOSE, "〕", s))


_OPEN = re.compile(f"[{re.escape(YEAR_OPEN)}]")
_CLOSE = re.compile(f"[{re.escape(YEAR_CLOSE)}]")


@dataclass(frozen=True)
class Key:
    number: str
    title: str
    published: dt.date | None


@dataclass
class RowMatch(Generic[R, S]):
    row: R
    verdict: Verdict
    slip: S | None = None
    first: R | None = None  # duplicate: the row that registered it first


@dataclass
class Matching(Generic[R, S]):
    rows: list[RowMatch[R, S]]
    unmatched: list[tuple[S, SlipStatus]]  # slips no ledger row records, in the given order


def match_ledger(slips: Iterable[tuple[S, Key, SlipStatus]],
                 rows: Iterable[tuple[R, Key]]) -> Matching[R, S]:
    """Each ledger row's verdict, in row order, and the slips left without a row."""
    all_slips = list(slips)
    by_number: dict[str, int] = {}
    by_title: dict[tuple[str, dt.date | None], int] = {}
    for i, (_, key, _) in enumerate(all_slips):
        if key.number:
            by_number.setdefault(number_key(key.number), i)
        if key.title:
            by_title.setdefault((fold(key.title), key.published), i)
    numbers: dict[str, R] = {}
    claimed: dict[int, R] = {}
    out: list[RowMatch[R, S]] = []
    for row, key in rows:
        nk = number_key(key.number) if key.number else ""
        if nk and nk in numbers:
            out.append(RowMatch(row, "duplicate", first=numbers[nk]))
            continue
        if nk:
            numbers[nk] = row
        hit = by_number.get(nk) if nk else None
        if hit is None and key.title:
            hit = by_title.get((fold(key.title), key.published))
        if hit is None:
            out.append(RowMatch(row, "no_slip"))
            continue
        slip, _, status = all_slips[hit]
        if hit in claimed:
            out.append(RowMatch(row, "duplicate", slip, first=claimed[hit]))
            continue
        claimed[hit] = row
        verdict: Verdict = (status if status in ("withheld", "unpublished", "rejected")
                            else "matched")
        out.append(RowMatch(row, verdict, slip))
    # a second slip of the same 编号 is not one more publication missing from the ledger
    recorded = set(claimed) | {i for i, (_, key, _) in enumerate(all_slips)
                               if key.number and by_number[number_key(key.number)] in claimed}
    unmatched = [(s, status) for i, (s, _, status) in enumerate(all_slips) if i not in recorded]
    return Matching(out, unmatched)


def withheld_text(number: str, place: str) -> str:
    """A ledger row whose slip is 不予公开 (what --against and inspect both say)."""
    return f"「{number}」在处理单（{place}）中为不予公开，不应登记在发布台账"


def unpublished_text(number: str, place: str) -> str:
    """A ledger row whose slip has no publication date."""
    return f"「{number}」在处理单（{place}）中没有实际公开日期"
