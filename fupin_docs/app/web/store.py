"""Web jobs: one temporary folder per upload, run in a background thread, cleaned up later.

Nothing here knows about any document kind: a job calls ``Job.run`` from fupin_docs.jobs,
the same function the CLI calls, and keeps the Report it returns.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ...outputs.atomic import atomic_path, write_text_atomic
from ...outputs.folder import REPORT_JSON, REPORT_XLSX
from ...outputs.report import Report
from ...pipeline import RunOptions
from ...standard.catalogues import load_catalogues
from ...standard.catalogues.model import ItemIndex
from ...standard.profile import find_profile
from ...types import FupinError, os_error_message
from ..jobs import Job
from .messages import for_web, issue_for_web

log = logging.getLogger(__name__)

# the work one upload may take (a 20 MB upload can hold far more rows than a county has)
MAX_ROWS = 50_000
TIME_LIMIT = 600.0  # seconds

State = Literal["queued", "running", "pdf", "done", "failed"]
STATE_CN: dict[str, str] = {
    "queued": "排队中",
    "running": "正在校验和生成",
    "pdf": "正在转换 PDF",
    "done": "已完成",
    "failed": "未能完成",
}
DOCS_ZIP = "documents.zip"
PDF_ZIP = "pdf.zip"

# (documents, folder for the PDFs) -> (PDFs written, Chinese messages about failures)
PdfConverter = Callable[[list[Path], Path], tuple[list[Path], list[str]]]


@dataclass
class WebJob:
    id: str
    kind: Job
    folder: Path  # the job's own temporary folder; every file of the job lives under it
    input_path: Path  # inside ``folder``: 上传文件.xlsx, or the upload's own (safe) name when
    # the job keeps names (Job.keep_name) or reads several files (Job.run_many)
    display_name: str  # the uploaded file name, for display only
    want_pdf: bool
    created: float
    state: State = "queued"
    rows_done: int = 0
    finished: float | None = None
    report: Report | None = None
    error: str | None = None  # Chinese message when the job failed
    pdf_messages: list[str] = field(default_factory=list)
    pdf_count: int = 0
    catalogue_path: Path | None = None  # the county's catalogue, when one was uploaded
    catalogue_name: str = ""  # its uploaded name, for display only
    more_inputs: list[Path] = field(default_factory=list)  # further uploads (jobs with run_many)
    fields: dict[str, str] = field(default_factory=dict)  # text typed into Job.fields

    @property
    def out_dir(self) -> Path:
        return self.folder / "out"

    @property
    def inputs(self) -> list[Path]:
        return [self.input_path, *self.more_inputs]

    def names(self) -> tuple[str, str]:
        """(stored, shown): the one input's name on the server and the clerk's name for it,
        which messages show instead. Several inputs are stored under the clerk's own names
        (made safe, told apart): nothing to replace."""
        if self.more_inputs:
            return "", ""
        return self.input_path.name, self.display_name

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running", "pdf")

    def documents(self) -> list[Path]:
        """The rendered documents (every output except the two reports), inside out_dir."""
        if self.report is None:
            return []
        root = self.out_dir.resolve()
        docs: list[Path] = []
        for name in self.report.outputs:
            if name in (REPORT_JSON, REPORT_XLSX, self.kind.report_xlsx):
                continue
            path = (root / name).resolve()
            if path.is_file() and path.is_relative_to(root):
                docs.append(path)
        return docs

    def file(self, key: str) -> Path | None:
        """The file behind a fixed download key, or None when it does not exist."""
        path = {
            "report-xlsx": self.out_dir / self.kind.report_xlsx,
            "report-json": self.out_dir / REPORT_JSON,
            "documents": self.folder / DOCS_ZIP,
            "pdf": self.folder / PDF_ZIP,
        }.get(key)
        return path if path is not None and path.is_file() else None


def zip_files(target: Path, files: Iterable[Path], root: Path) -> None:
    """Write a zip (atomically) of ``files``, named by their path relative to ``root``."""
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            zf.write(path, path.relative_to(root).as_posix())


class JobStore:
    """Jobs by random id; folders under one temporary root, removed by age, count and at close."""

    def __init__(self, root: Path | None = None, *, ttl: float = 2 * 3600, max_jobs: int = 20,
                 workers: int = 1, pdf: PdfConverter | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="fupin-web-", dir=root))
        self.ttl = ttl
        self.max_jobs = max_jobs
        self.pdf = pdf
        self.clock = clock
        self._jobs: dict[str, WebJob] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fupin-job")
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------------

    def create(self, kind: Job, suffix: str, display_name: str, want_pdf: bool) -> WebJob:
        """A new job with an empty folder; the caller saves the upload to ``input_path``."""
        self.sweep(room=1)
        job_id = secrets.token_urlsafe(18)
        folder = Path(tempfile.mkdtemp(prefix="job-", dir=self.root))
        job = WebJob(id=job_id, kind=kind, folder=folder,
                     input_path=folder / f"上传文件{suffix}", display_name=display_name,
                     want_pdf=want_pdf and self.pdf is not None, created=self.clock())
        with self._lock:
            self._jobs[job_id] = job
        return job

    def start(self, job: WebJob) -> None:
        self._pool.submit(self._run, job)

    def get(self, job_id: str) -> WebJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def __len__(self) -> int:
        with self._lock:
            return len(self._jobs)

    def sweep(self, room: int = 0) -> None:
        """Remove finished jobs older than ttl, then the oldest finished beyond max_jobs.

        ``room``: how many new jobs are about to be added (they count against max_jobs).
        """
        now = self.clock()
        with self._lock:
            jobs = sorted(self._jobs.values(), key=lambda j: j.created)
            finished = [j for j in jobs if not j.active]
            doomed = [j for j in finished if j.finished is not None and now - j.finished >= self.ttl]
            keep = [j for j in finished if j not in doomed]
            excess = len(jobs) - len(doomed) + room - self.max_jobs
            if excess > 0:
                doomed += keep[:excess]
            for job in doomed:
                del self._jobs[job.id]
        for job in doomed:
            shutil.rmtree(job.folder, ignore_errors=True)

    def close(self) -> None:
        """Stop taking jobs, wait for running ones, remove every folder."""
        if self._closed:
            return
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            self._jobs.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    # -- the work --------------------------------------------------------------------------

    def _progress(self, job: WebJob) -> Callable[[int], None]:
        def update(n: int) -> None:
            job.rows_done = n

        return update

    def _run(self, job: WebJob) -> None:
        job.state = "running"
        try:
            items = self._catalogue_items(job)
            opts = RunOptions(progress=self._progress(job), items=items, max_rows=MAX_ROWS,
                              time_limit=TIME_LIMIT,
                              profile=find_profile())  # the user's configuration folder's
            if job.kind.run_many is not None and job.more_inputs:
                report = job.kind.run_many(job.inputs, job.out_dir, opts)
            elif job.kind.run_fields is not None and job.fields:
                report = job.kind.run_fields(job.input_path, job.out_dir, opts, job.fields)
            else:
                report = job.kind.run(job.input_path, job.out_dir, opts)
            stored, shown = job.names()
            # never show the server's temporary path
            report.source = "、".join(p.name for p in job.inputs) if job.more_inputs else shown
            report.issues[:] = [issue_for_web(i, stored, shown) for i in report.issues]
            if (job.out_dir / REPORT_JSON).is_file():
                write_text_atomic(job.out_dir / REPORT_JSON, report.to_json() + "\n")
            job.report = report
            docs = job.documents()
            if docs:
                zip_files(job.folder / DOCS_ZIP, docs, job.out_dir.resolve())
            if docs and job.want_pdf and self.pdf is not None:
                job.state = "pdf"
                self._convert(job, docs)
            job.state = "done"
        except FupinError as exc:
            job.error = for_web(str(exc), *job.names())
            job.state = "failed"
        except OSError as exc:  # the server's disk: full, no permission...
            job.error = os_error_message(exc, "服务器读写临时文件失败")
            job.state = "failed"
        except Exception:  # a bug: keep the server up, tell the clerk plainly
            log.exception("job %s failed", job.id)
            job.error = "内部错误：处理时出现程序错误，请把输入文件和本页面截图交给技术人员。"
            job.state = "failed"
        finally:
            job.finished = self.clock()

    @staticmethod
    def _catalogue_items(job: WebJob) -> ItemIndex | None:
        """The uploaded catalogue's items; its messages name the file as the clerk uploaded it."""
        if job.catalogue_path is None:
            return None
        try:
            return ItemIndex(load_catalogues([job.catalogue_path]))
        except FupinError as exc:
            shown = job.catalogue_name or job.catalogue_path.name
            raise FupinError(str(exc).replace(str(job.catalogue_path), shown)
                             .replace(job.catalogue_path.name, shown)) from exc

    def _convert(self, job: WebJob, docs: list[Path]) -> None:
        assert self.pdf is not None
        pdf_dir = job.folder / "pdf"
        pdf_dir.mkdir(exist_ok=True)
        try:
            pdfs, messages = self.pdf(docs, pdf_dir)
        except FupinError as exc:
            job.pdf_messages = [str(exc)]
            return
        except Exception:  # PDFs are an extra: the documents are still there
            log.exception("PDF conversion failed for job %s", job.id)
            job.pdf_messages = ["转换 PDF 时出现程序错误，未生成 PDF；Word 文书不受影响。"]
            return
        job.pdf_messages = messages
        if pdfs:
            zip_files(job.folder / PDF_ZIP, pdfs, pdf_dir.resolve())
            job.pdf_count = len(pdfs)


def default_pdf_converter() -> PdfConverter | None:
    """PDF conversion from fupin_docs.render.pdf, when that module and LibreOffice exist."""
    import importlib
    import importlib.util

    if importlib.util.find_spec("fupin_docs.render.pdf") is None:
        return None
    mod = importlib.import_module("fupin_docs.render.pdf")
    available = getattr(mod, "have_pdf_tools", None)
    if callable(available):
        if not available():
            return None
    elif shutil.which("soffice") is None:
        return None

    def convert(docs: list[Path], pdf_dir: Path) -> tuple[list[Path], list[str]]:
        result = mod.convert_batch(docs, pdf_dir)
        messages = [f"{Path(p).name}：{reason}" for p, reason in result.failed]
        return [Path(p) for p in result.pdfs], messages

    return convert

