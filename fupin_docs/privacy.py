"""Personal information (DOMAIN.md §7): detect and mask ID, mobile and bank-card numbers."""

from __future__ import annotations

import re
from typing import Any

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
CARD_RE = re.compile(r"(?<!\d)(\d{16,19})(?!\d)")


def id_checksum_ok(text: str) -> bool:
    """GB 11643-1999: ISO 7064 MOD 11-2 check character."""
    if not re.fullmatch(r"\d{17}[\dXx]", text):
        return False
    total = sum(int(c) * w for c, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mask_id(text: Any) -> str:
    """Mask valid ID numbers: keep the first 6 and last 4 characters."""
    return ID_RE.sub(
        lambda m: m.group(1)[:6] + "********" + m.group(1)[-4:] if id_checksum_ok(m.group(1))
        else m.group(1),
        str(text),
    )


def mask_phone(text: Any) -> str:
    return MOBILE_RE.sub(lambda m: m.group(1)[:3] + "****" + m.group(1)[-4:], str(text))


def mask_bank(text: Any) -> str:
    return CARD_RE.sub(
        lambda m: m.group(1)[:4] + "*" * (len(m.group(1)) - 8) + m.group(1)[-4:]
        if luhn_ok(m.group(1)) and not id_checksum_ok(m.group(1)) else m.group(1),
        str(text),
    )


def mask_all(text: Any) -> str:
    return mask_phone(mask_bank(mask_id(text)))


def register_filters(env: Any) -> None:
    env.filters["mask_id"] = mask_id
    env.filters["mask_phone"] = mask_phone
    env.filters["mask_bank"] = mask_bank
    env.filters["mask"] = mask_all
