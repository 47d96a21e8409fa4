from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _have_pdf_tools() -> bool:
    return all(shutil.which(t) for t in ("soffice", "pdftotext", "pdfinfo"))


@pytest.fixture
def require_pdf_tools() -> None:
    """PDF checks need LibreOffice and poppler; in CI their absence is a failure, not a skip."""
    if not _have_pdf_tools():
        if os.environ.get("CI"):
            pytest.fail("CI 应安装 LibreOffice 和 poppler-utils（scripts/setup.sh）")
        pytest.skip("LibreOffice / poppler-utils not installed")


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty user data dir: no calendar a clerk (or another test) installed
    is picked up. Tests that install calendars use the ``data_dir`` fixture."""
    folder = tmp_path_factory.mktemp("fupin-data")
    monkeypatch.setenv("FUPIN_DOCS_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(_own_data_dir: Path) -> Path:
    return _own_data_dir


@pytest.fixture
def app() -> Iterator[Flask]:
    """The local web page (no PDF converter), its job folders removed afterwards."""
    from fupin_docs.app.web import create_app, get_store  # flask only for the web tests

    app = create_app({"PDF_CONVERTER": None})
    yield app
    get_store(app).close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# Fuzz tests run a fixed, bounded number of examples in a reproducible order (CI time bound).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci", max_examples=30, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("ci")
