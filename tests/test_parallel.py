"""``--jobs N``: documents rendered and written in worker processes give the same files,
the same report (rows in order, counts adding up) as one process."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.bench_slips import make_row, sample_rows
from fupin_docs import pipeline
from fupin_docs.app.cli import cli
from fupin_docs.kinds.slip import KIND
from fupin_docs.pipeline import RunOptions, parallel, run_row_documents


def _rows(n: int) -> list[dict[str, object]]:
    bases = sample_rows()
    rows = [make_row(i, bases) for i in range(n)]
    rows[7]["draft_date"] = "不是日期"  # rejected
    rows[10]["title"] = ""  # rejected
    if n > 31:
        rows[31] = dict(rows[12])  # the same number again: rejected (第5.1条 numbering)
    return rows


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix == ".docx"}


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MIN_ROWS", 5)
    monkeypatch.setattr(parallel, "BATCH", 3)


def test_jobs_give_the_same_files_and_report(tmp_path: Path, small_batches: None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    submit = parallel.ParallelRenderer.submit
    monkeypatch.setattr(parallel.ParallelRenderer, "submit",
                        lambda self, target, context: sent.append(target.name)
                        or submit(self, target, context))
    source = tmp_path / "slips.json"
    source.write_text(json.dumps(_rows(45), ensure_ascii=False, default=str), "utf-8")
    one = run_row_documents(KIND, source, tmp_path / "one", RunOptions(write_reports=False))
    two = run_row_documents(KIND, source, tmp_path / "two",
                            RunOptions(write_reports=False, jobs=2))
    assert one.rows_read == two.rows_read == 45
    assert two.rendered + two.rejected == two.rows_read
    assert (one.rendered, one.rejected) == (two.rendered, two.rejected) == (42, 3)
    assert one.outputs == two.outputs  # in row order
    assert sent == two.outputs[5:]  # all but the first MIN_ROWS went to the workers
    assert [(i.row, i.record, i.code, i.field) for i in one.issues] == \
        [(i.row, i.record, i.code, i.field) for i in two.issues]
    files = _files(tmp_path / "one")
    assert len(files) == 42
    assert files == _files(tmp_path / "two")  # byte for byte
    with zipfile.ZipFile(tmp_path / "two" / one.outputs[-1]) as zf:
        assert "第45批".encode() in zf.read("word/document.xml")
    assert not list((tmp_path / "two").glob(".~*.part"))


def test_jobs_option_on_the_command_line(tmp_path: Path, small_batches: None) -> None:
    source = tmp_path / "slips.json"
    source.write_text(json.dumps(_rows(12), ensure_ascii=False, default=str), "utf-8")
    result = CliRunner().invoke(cli, ["slips", str(source), "-o", str(tmp_path / "out"),
                                      "-q", "--jobs", "2"])
    assert result.exit_code == 1, result.output  # two rows rejected
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert report["stats"]["rendered"] == 10 and report["stats"]["rejected"] == 2
    assert len(_files(tmp_path / "out")) == 10


def test_a_template_error_in_a_worker_is_one_chinese_error(tmp_path: Path,
                                                           small_batches: None) -> None:
    from docx import Document

    from fupin_docs.types import FupinError

    doc = Document()
    # fails on the ninth row, after the parent has handed rendering to the workers
    doc.add_paragraph('{{ number }}{{ (1 / 0) if number.endswith("〕9号") else "" }}')
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    doc.save(str(tdir / KIND.template))
    source = tmp_path / "slips.json"
    source.write_text(json.dumps(_rows(12), ensure_ascii=False, default=str), "utf-8")
    with pytest.raises(FupinError, match="模板"):
        run_row_documents(KIND, source, tmp_path / "out",
                          RunOptions(write_reports=False, jobs=2, template_dir=tdir))
