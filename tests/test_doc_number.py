"""编号 / 文号 as clerks type them read in the standard form 万扶公〔2026〕12号 (GB/T 9704-2012
7.2.4): so they print the same, and a repeated number is found whatever brackets or digit
width were typed."""

from __future__ import annotations

import pytest

from fupin_docs.inputs.values import doc_number


@pytest.mark.parametrize(("typed", "read"), [
    ("万扶公(2026)41号", "万扶公〔2026〕41号"),
    ("万扶公（2026）41号", "万扶公〔2026〕41号"),
    ("万扶公[2026]42号", "万扶公〔2026〕42号"),
    ("万扶公【2026】3号", "万扶公〔2026〕3号"),
    ("万扶公〔２０２６〕１２号", "万扶公〔2026〕12号"),
    ("万扶公 〔2026〕 12 号", "万扶公〔2026〕12号"),
    ("万扶公〔2026〕12号", "万扶公〔2026〕12号"),
])
def test_the_brackets_and_digits_clerks_type_read_as_standard(typed: str, read: str) -> None:
    assert doc_number(typed) == read


@pytest.mark.parametrize("typed", ["万扶公12号", "(2026)万扶公12号", "万 扶公(2026)1号", "万扶公〔26〕1号"])
def test_what_is_no_standard_number_stays_as_typed(typed: str) -> None:
    assert doc_number(typed) == typed  # the schema says what is wrong, quoting the cell
