"""The built wheel carries its schemas, templates and samples and finds them from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_contains_resources_and_runs_from_elsewhere(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = wheel_dir.glob("fupin_docs-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for needed in ("fupin_docs/templates/slip.docx", "fupin_docs/schemas/slip.schema.json",
                   "fupin_docs/samples/处理单.xlsx", "fupin_docs/data/catalogues/yimei.json",
                   "fupin_docs/app/web/templates/job.html", "fupin_docs/app/web/static/style.css"):
        assert needed in names
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "site"))
    probe = subprocess.run(
        [sys.executable, "-c",
         "import fupin_docs.resources as r; print(r.resource_dir('templates'))"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    )
    assert Path(probe.stdout.strip()).is_relative_to(tmp_path / "site")
    demo = subprocess.run(
        [sys.executable, "-m", "fupin_docs.app.cli", "demo", str(elsewhere / "out")],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert list((elsewhere / "out" / "处理单").glob("*.docx"))
    web = subprocess.run(
        [sys.executable, "-c",
         "from fupin_docs.app.web import create_app, get_store\n"
         "app = create_app({'PDF_CONVERTER': None})\n"
         "r = app.test_client().get('/k/slips')\n"
         "get_store(app).close()\n"
         "print(r.status_code, 'style.css' in r.get_data(as_text=True))"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )
    assert web.stdout.split() == ["200", "True"], web.stdout + web.stderr
