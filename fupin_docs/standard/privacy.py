"""Personal information (DOMAIN.md §7): detect and mask ID, mobile and bank-card numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


# ------------------------------------------------------------------ detection

# Bank cards: 16–19 digits, Luhn-valid, and a card-scheme prefix. The prefix cuts false
# positives among long numbers (amounts, project codes): 62 China UnionPay, 4 Visa,
# 51–55 Mastercard, 34/37 American Express, 35 JCB. A valid ID number is never a card.
CARD_PREFIX_RE = re.compile(r"^(?:62|4|5[1-5]|3[457])")
# Digits in groups as people write them: 6222 0212 3456 7890 123 or 6222-0212-...
_CARD_GROUPED_RE = re.compile(r"(?<![\d-])(\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![\d-])")
# ID numbers as people write them: 110101 19900307 1234 or 110101-19900307-123X
# (region, birth date, sequence and check character)
ID_GROUPED_RE = re.compile(r"(?<![0-9A-Za-z-])(\d{6}[ -]\d{8}[ -]\d{3}[\dXx])(?![0-9A-Za-z-])")
KIND_CN = {"id": "身份证号码", "mobile": "手机号码", "bank": "银行卡号"}


@dataclass(frozen=True)
class PersonalData:
    kind: str  # "id" | "mobile" | "bank"
    value: str  # the number as found (digits only for grouped cards); never print it
    start: int
    end: int

    @property
    def masked(self) -> str:
        if self.kind == "id":
            return self.value[:6] + "*" * 8 + self.value[-4:]
        if self.kind == "mobile":
            return self.value[:3] + "****" + self.value[-4:]
        return self.value[:4] + "*" * (len(self.value) - 8) + self.value[-4:]

    @property
    def label(self) -> str:
        return KIND_CN[self.kind]


def is_bank_card(digits: str) -> bool:
    return (
        digits.isdigit() and 16 <= len(digits) <= 19 and bool(CARD_PREFIX_RE.match(digits))
        and luhn_ok(digits) and not id_checksum_ok(digits)
    )


MIN_DIGITS = 11  # the shortest number found (a mobile number) has 11 digits


def find_personal_data(text: str) -> list[PersonalData]:
    """Valid ID numbers (GB 11643 checksum), mobile numbers, bank cards (prefix + Luhn)."""
    # every pattern needs 11 or more \d characters (str.isdigit counts at least those):
    # most cells of a batch have fewer, and their five regex scans are skipped
    if len(text) < MIN_DIGITS or sum(map(str.isdigit, text)) < MIN_DIGITS:
        return []
    found: list[PersonalData] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in ID_RE.finditer(text):
        if id_checksum_ok(m.group(1)):
            found.append(PersonalData("id", m.group(1).upper(), m.start(1), m.end(1)))
            taken.append((m.start(1), m.end(1)))
    for m in ID_GROUPED_RE.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(1))
        if free(m.start(1), m.end(1)) and id_checksum_ok(digits):
            found.append(PersonalData("id", digits.upper(), m.start(1), m.end(1)))
            taken.append((m.start(1), m.end(1)))
    for m in CARD_RE.finditer(text):
        if free(m.start(1), m.end(1)) and is_bank_card(m.group(1)):
            found.append(PersonalData("bank", m.group(1), m.start(1), m.end(1)))
            taken.append((m.start(1), m.end(1)))
    for m in _CARD_GROUPED_RE.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(1))
        if free(m.start(1), m.end(1)) and is_bank_card(digits):
            found.append(PersonalData("bank", digits, m.start(1), m.end(1)))
            taken.append((m.start(1), m.end(1)))
    for m in MOBILE_RE.finditer(text):
        if free(m.start(1), m.end(1)):
            found.append(PersonalData("mobile", m.group(1), m.start(1), m.end(1)))
    return sorted(found, key=lambda p: p.start)
