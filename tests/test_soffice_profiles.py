"""Tests that start LibreOffice themselves must give it a private profile.

soffice on the default user profile clashes with any LibreOffice already running on the
machine (another test, the PDF converter, a clerk's own office): the second start waits on
the profile lock or exits at once without converting. render/pdf.py always passes
-env:UserInstallation; tests that call soffice directly must do the same (helpers.soffice_pdf).
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent


def test_every_direct_soffice_call_in_the_tests_has_its_own_profile() -> None:
    offenders = []
    for path in sorted(TESTS.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'\[\s*"soffice"', text):
            call = text[m.start():text.find("]", m.start())]
            if "UserInstallation" not in call:
                line = text.count("\n", 0, m.start()) + 1
                offenders.append(f"{path.name}:{line}")
    assert offenders == []
