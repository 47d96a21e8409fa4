"""The local web page: choose a kind, get the blank workbook, upload, see problems, download.

Generic over fupin_docs.jobs.JOBS: every job the CLI can run appears here, run by the same
function. No rule is implemented here.
"""

from __future__ import annotations

import hmac
import io
import re
import secrets
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from ...kinds.base import safe_filename
from ...types import SEVERITY_CN, Issue
from ..jobs import JOBS, Job
from . import calendar_page
from .store import STATE_CN, JobStore, WebJob, default_pdf_converter
from .uploads import (
    ACCEPTED,
    UploadRejected,
    catalogue_suffix,
    check_catalogue_magic,
    check_magic,
    display_name,
    form_text,
    upload_suffix,
)

TOKEN_COOKIE = "fupin_token"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
MAX_ISSUES_SHOWN = 2000

DEFAULTS: dict[str, Any] = {
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "ACCESS_TOKEN": None,  # set when serving on a non-local address
    "JOB_TTL_SECONDS": 2 * 3600,
    "MAX_JOBS": 20,
    "JOB_WORKERS": 1,
    "WORK_DIR": None,  # parent of the temporary job folders (default: system temp)
    "PDF_CONVERTER": "auto",  # "auto", None, or a store.PdfConverter
    "JOBS": None,  # default: fupin_docs.jobs.JOBS
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
}

ERROR_TEXT = {
    400: ("请求无效", "页面可能已过期。请返回上一页，刷新后再试。"),
    403: ("不能访问", "这个页面需要访问令牌。请使用启动 fupin-docs serve 时显示的完整网址打开。"),
    404: ("找不到页面", "该页面或结果不存在。处理结果只保留一段时间，过期后会自动删除，请重新上传。"),
    405: ("不支持的操作", "请从页面上的按钮进行操作。"),
    413: ("文件太大", "上传的文件超过了大小上限（{limit}）。请把数据分成几个工作簿分别上传。"),
    500: ("内部错误", "服务器处理时出现程序错误。请把输入文件和本页面截图交给技术人员。"),
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config["SECRET_KEY"] = secrets.token_bytes(32)
    if config:
        app.config.update(config)
    pdf = app.config["PDF_CONVERTER"]
    if pdf == "auto":
        pdf = default_pdf_converter()
    store = JobStore(app.config["WORK_DIR"], ttl=app.config["JOB_TTL_SECONDS"],
                     max_jobs=app.config["MAX_JOBS"], workers=app.config["JOB_WORKERS"], pdf=pdf)
    app.extensions["fupin_store"] = store
    app.jinja_env.globals.update(csrf_token=_csrf_token, upload_limit=upload_limit,
                                 SEVERITY_CN=SEVERITY_CN,
                                 STATE_CN=STATE_CN)
    app.jinja_env.filters.update(place_row=_place_row, place_column=_place_column)

    app.before_request(_guard)
    app.after_request(_headers)
    for code in ERROR_TEXT:
        app.register_error_handler(code, _error_page)
    _routes(app)
    return app


def get_store(app: Flask | None = None) -> JobStore:
    store: JobStore = (app or current_app).extensions["fupin_store"]
    return store


def _jobs() -> dict[str, Job]:
    jobs: dict[str, Job] | None = current_app.config["JOBS"]
    return jobs if jobs is not None else JOBS


def _job_kind(name: str) -> Job:
    kind = _jobs().get(name)
    if kind is None:
        abort(404)
    return kind


def _web_job(job_id: str) -> WebJob:
    job = get_store().get(job_id)
    if job is None:
        abort(404)
    return job


# -- request guards -------------------------------------------------------------------------

def _guard() -> ResponseReturnValue | None:
    token: str | None = current_app.config["ACCESS_TOKEN"]
    if token is None:
        # Local mode: only answer to a local Host header (defeats DNS rebinding).
        host = urlsplit("//" + request.host).hostname or ""
        if host not in LOCAL_HOSTS:
            abort(400)
    elif request.endpoint != "static":  # the stylesheet and script are not secret
        given = request.args.get("token")
        token_ok = given is not None and hmac.compare_digest(given.encode(), token.encode())
        if token_ok and request.method == "GET":
            # Keep the token out of history and logs: set the cookie, drop it from the URL.
            values: dict[str, Any] = dict(request.view_args or {})
            values.update((k, v) for k, v in request.args.items() if k != "token")
            resp = redirect(url_for(request.endpoint or "home", **values))
            resp.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Lax")
            return resp
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        if not token_ok and not hmac.compare_digest(cookie.encode(), token.encode()):
            abort(403)
    if request.method == "POST":
        _check_csrf()
    return None


def _csrf_token() -> str:
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        session["csrf"] = token
    return token


def _check_csrf() -> None:
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        abort(403)
    expected = session.get("csrf")
    given = request.form.get("csrf_token", "")
    if not isinstance(expected, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(400)


def _headers(resp: Response) -> Response:
    resp.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'"
    )
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "no-referrer"
    resp.headers["X-Frame-Options"] = "DENY"
    if request.endpoint != "static":
        resp.headers["Cache-Control"] = "no-store"
    return resp


def _error_page(exc: Exception) -> ResponseReturnValue:
    code = exc.code if isinstance(exc, HTTPException) and exc.code else 500
    title, text = ERROR_TEXT.get(code, ERROR_TEXT[500])
    text = text.format(limit=upload_limit())
    return render_template("error.html", code=code, title=title, text=text), code


def upload_limit() -> str:
    """The upload size cap in words, e.g. 20 MB."""
    limit = int(current_app.config["MAX_CONTENT_LENGTH"] or 0)
    if limit >= 1024 * 1024:
        return f"{limit / 1024 / 1024:.3g} MB"
    return f"{limit / 1024:.3g} KB"


# -- template helpers -----------------------------------------------------------------------

def _place_row(issue: Issue) -> str:
    if issue.row:
        return f"第{issue.row}行"
    if issue.record:
        return f"第{issue.record}条记录"
    return ""


def _place_column(issue: Issue) -> str:
    if issue.column and issue.column_letter:
        return f"{issue.column}（{issue.column_letter}列）"
    return issue.column or ""


def _download_name(job: WebJob, key: str) -> str:
    stem = PurePosixPath(job.display_name).stem
    label = job.kind.label
    names = {
        "report-xlsx": (PurePosixPath(job.kind.report_xlsx).stem, ".xlsx"),
        "report-json": ("report", ".json"),
        "documents": (label, ".zip"),
        "pdf": (f"{label}-PDF", ".zip"),
    }
    base, suffix = names[key]
    return safe_filename(f"{stem}-{base}", suffix)


MIMETYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
    ".zip": "application/zip",
}


def attachment(resp: Response, name: str, ascii_name: str) -> Response:
    """Content-Disposition with an ASCII fallback and the real (Chinese) name per RFC 5987."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", ascii_name)
    resp.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    return resp


RESERVED_STEMS = ("本县标准目录", "documents", "pdf", "out")  # the job folder's own names


def stored_names(folder: Path, uploads: list[tuple[str, str]]) -> list[Path]:
    """Paths in ``folder`` for uploads kept under their own names ((shown name, suffix) each):
    made safe for every file system (kinds.base.safe_filename) and told apart when two are
    the same (处理单.xlsx, 处理单（2）.xlsx), case-insensitively as Windows and macOS do."""
    taken = {s.casefold() for s in RESERVED_STEMS}
    paths: list[Path] = []
    for shown, suffix in uploads:
        stem = PurePosixPath(shown).stem if shown != "（未命名文件）" else "上传文件"
        name = safe_filename(stem, suffix)
        base, n = PurePosixPath(name).stem, 1
        while PurePosixPath(name).stem.casefold() in taken:
            n += 1
            name = safe_filename(f"{base}（{n}）", suffix)
        taken.add(PurePosixPath(name).stem.casefold())
        paths.append(folder / name)
    return paths


# -- pages ----------------------------------------------------------------------------------

def _routes(app: Flask) -> None:
    @app.get("/")
    def home() -> ResponseReturnValue:
        get_store().sweep()
        return render_template("home.html", jobs=list(_jobs().values()))

    @app.get("/k/<name>")
    def kind_page(name: str) -> ResponseReturnValue:
        kind = _job_kind(name)
        get_store().sweep()
        return render_template("kind.html", kind=kind, error=None,
                               pdf=get_store().pdf is not None)

    @app.get("/k/<name>/blank")
    def blank(name: str) -> ResponseReturnValue:
        kind = _job_kind(name)
        if kind.init is None:
            abort(404)
        folder = Path(tempfile.mkdtemp(prefix="fupin-blank-"))
        try:
            path = folder / "blank.xlsx"
            kind.init(path)
            data = path.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        resp = send_file(io.BytesIO(data), mimetype=MIMETYPES[".xlsx"])
        name = safe_filename(PurePosixPath(kind.init_name).stem, ".xlsx")
        return attachment(resp, name, f"fupin-{kind.name}-blank.xlsx")

    @app.post("/k/<name>/upload")
    def upload(name: str) -> ResponseReturnValue:
        kind = _job_kind(name)
        store = get_store()
        storages = request.files.getlist("workbook")
        if kind.run_many is None:
            storages = storages[:1]
        cat_storage = request.files.get("catalogue") if kind.uses_catalogue else None
        cat_suffix = ""
        checked = []
        try:
            try:
                if not storages:
                    upload_suffix(None)  # says: choose a file first
                for storage in storages:
                    raw_name = storage.filename
                    suffix = upload_suffix(raw_name, kind.accepts, kind.accepts_text)
                    shown = display_name(raw_name)
                    if suffix in ACCEPTED:
                        check_magic(suffix, storage.stream.read(65536), shown)
                    else:  # a published table: .docx, .html, .pdf
                        check_catalogue_magic(suffix, storage.stream.read(16), shown)
                    storage.stream.seek(0)
                    checked.append((storage, suffix, shown))
                if cat_storage is not None and cat_storage.filename:
                    cat_suffix = catalogue_suffix(cat_storage.filename)
                    check_catalogue_magic(cat_suffix, cat_storage.stream.read(16),
                                          display_name(cat_storage.filename))
                    cat_storage.stream.seek(0)
            except UploadRejected as exc:
                return render_template("kind.html", kind=kind, error=str(exc),
                                       pdf=store.pdf is not None), 400
            (first, suffix, shown), *more = checked
            names = f"{shown} 等{len(checked)}个文件" if more else shown
            job = store.create(kind, suffix, names, want_pdf=request.form.get("pdf") == "1")
            job.fields = {f.name: text for f in kind.fields
                          if (text := form_text(request.form.get(f.name)))}
            if kind.keep_name or more:
                # the imported catalogue's id and file name come from the upload's name; the
                # files of one inspection are told apart by theirs (in messages and reports)
                paths = stored_names(job.folder, [(sh, sf) for _, sf, sh in checked])
                job.input_path, job.more_inputs = paths[0], paths[1:]
            first.save(job.input_path)
            for (storage, _, _), path in zip(more, job.more_inputs, strict=True):
                storage.save(path)
            if cat_suffix and cat_storage is not None:
                job.catalogue_path = job.folder / f"本县标准目录{cat_suffix}"
                job.catalogue_name = display_name(cat_storage.filename)
                cat_storage.save(job.catalogue_path)
        finally:  # a large upload is spooled to a temporary file: release it now
            for spooled in (*storages, cat_storage):
                if spooled is not None:
                    spooled.close()
        store.start(job)
        return redirect(url_for("job_page", job_id=job.id), code=303)

    calendar_page.register(app)

    @app.get("/jobs/<job_id>")
    def job_page(job_id: str) -> ResponseReturnValue:
        job = _web_job(job_id)
        issues = job.report.issues if job.report else []
        several = len(job.inputs) > 1 or bool(job.report and job.report.several_files())
        return render_template("job.html", job=job, issues=issues[:MAX_ISSUES_SHOWN],
                               issues_total=job.report.issues.total if job.report else 0,
                               max_shown=MAX_ISSUES_SHOWN, several_files=several)

    @app.get("/jobs/<job_id>/status")
    def job_status(job_id: str) -> ResponseReturnValue:
        job = _web_job(job_id)
        return jsonify(state=job.state, state_text=STATE_CN[job.state], rows_done=job.rows_done,
                       finished=not job.active)

    @app.get("/jobs/<job_id>/download/<key>")
    def download(job_id: str, key: str) -> ResponseReturnValue:
        job = _web_job(job_id)
        if job.active:
            abort(404)
        path = job.file(key)
        if path is None:
            abort(404)
        resp = send_file(path, mimetype=MIMETYPES.get(path.suffix))
        return attachment(resp, _download_name(job, key), f"fupin-{key}{path.suffix}")

