"""The output folder: report file names, never writing over an input, stale temp files,
reports, and the manifest of what each run wrote.

Reusing an output folder must not leave documents of an earlier run beside this run's (a
row now rejected, a retitled row's old name): the summary would say 7 documents and the
folder hold 9. Each run records what it wrote in a hidden manifest
(``.fupin-docs-manifest.json``, per kind of run); at the end of the next run of the same
kind, the files the earlier run recorded and this run did not write again are removed.
Only those: a file the toolkit did not record is never touched. A non-empty folder that has
no manifest (and no report.json of an earlier version) is not the toolkit's: a folder
command refuses it rather than mix its documents with the clerk's own files.

The manifest is written when a run starts, so a run that is interrupted leaves a folder the
rerun accepts ("重新运行即可继续").
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..types import FupinError
from .annotate import write_annotated
from .atomic import write_text_atomic
from .report import Report

REPORT_JSON = "report.json"
REPORT_XLSX = "校验报告.xlsx"
MANIFEST = ".fupin-docs-manifest.json"
TOOL = "fupin-docs"
MAX_NAMES_SHOWN = 5


def remove_stale_parts(out_dir: Path) -> None:
    """Temporary files of a run that was killed (atomic.py names them .~*.part)."""
    for stale in out_dir.glob(".~*.part"):
        with contextlib.suppress(OSError):
            stale.unlink()


# ------------------------------------------------------------------ the manifest


def _plain_names(names: Iterable[Any]) -> list[str]:
    """File names directly in the folder; anything else in a manifest is ignored."""
    out: list[str] = []
    for name in names:
        if (isinstance(name, str) and name and name not in (".", "..") and "/" not in name
                and "\\" not in name and ":" not in name and name != MANIFEST):
            out.append(name)
    return out


def read_manifest(out_dir: Path) -> dict[str, list[str]] | None:
    """The files each kind of run recorded in ``out_dir``; None when the toolkit has not
    written there (no manifest, no report.json of an earlier version)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("tool") == TOOL and isinstance(data.get("runs"), dict):
            return {str(k): _plain_names(v) for k, v in data["runs"].items() if isinstance(v, list)}
    except (OSError, ValueError):
        pass
    try:  # a folder of a version before manifests: its report.json lists what it wrote
        data = json.loads((out_dir / REPORT_JSON).read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("outputs"), list) and "kind" in data:
            return {str(data["kind"]): _plain_names(data["outputs"])}
    except (OSError, ValueError):
        pass
    return None


def _write_manifest(out_dir: Path, runs: dict[str, list[str]]) -> None:
    body = {"tool": TOOL, "note": "fupin-docs 记录的本文件夹中由它生成的文件；请勿修改",
            "runs": {k: sorted(set(v)) for k, v in sorted(runs.items())}}
    write_text_atomic(out_dir / MANIFEST, json.dumps(body, ensure_ascii=False, indent=1) + "\n")


def prepare_output_dir(out_dir: Path, inputs: Sequence[Path] = (), *,
                       own_folder: bool = True) -> None:
    """Create ``out_dir`` or check it may be reused; leave a manifest in it at once.

    ``own_folder``: the command writes a folder of its own (slips, letters, catalogue...),
    so a non-empty folder the toolkit did not write is refused. The ledger names its one
    output file and may share a folder with anything (``own_folder=False``). The run's
    ``inputs`` may lie in the folder (``slips 处理单.xlsx -o .``): they are not foreign.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise FupinError(f"输出位置 {out_dir} 是一个文件，不是文件夹；请换一个文件夹名")
    out_dir.mkdir(parents=True, exist_ok=True)
    runs = read_manifest(out_dir)
    if runs is None:
        mine = {p.resolve() for p in inputs if p.exists()}
        theirs = sorted(p.name for p in out_dir.iterdir()
                        if not (p.name.startswith(".~") and p.name.endswith(".part"))
                        and p.resolve() not in mine)
        if theirs and own_folder:
            shown = "、".join(theirs[:MAX_NAMES_SHOWN]) + ("等" if len(theirs) > MAX_NAMES_SHOWN else "")
            raise FupinError(
                f"输出文件夹 {out_dir} 中已有 {len(theirs)} 个文件（{shown}），不是本工具生成的。"
                "为免把生成的文书和这些文件混在一起（或覆盖同名文件），请换一个新的或空的输出文件夹，"
                "或先把这些文件移走。")
        runs = {}
    remove_stale_parts(out_dir)
    _write_manifest(out_dir, runs)


def record_outputs(out_dir: Path, key: str, outputs: Sequence[str], *,
                   keep_earlier: bool = False, protect: Sequence[Path] = ()) -> None:
    """Record what a run of ``key`` wrote. Unless ``keep_earlier`` (an interrupted run: its
    earlier files may still be what the rerun writes), the files the previous run of
    ``key`` recorded and this one did not write are removed first (never one of
    ``protect``, the run's inputs)."""
    runs = read_manifest(out_dir) or {}
    now = set(_plain_names(outputs))
    earlier = set(runs.get(key, []))
    if keep_earlier:
        now |= earlier
    else:
        still_used = {n for k, files in runs.items() if k != key for n in files}
        for name in sorted(earlier - now - still_used - {REPORT_JSON, REPORT_XLSX}):
            path = out_dir / name
            if any(path.exists() and p.exists() and path.samefile(p) for p in protect):
                continue
            if path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()
    runs[key] = sorted(now)
    _write_manifest(out_dir, runs)


def manifest_key(report: Report) -> str:
    """Runs of one kind replace each other's files; a ledger is its own file, so two
    ledgers in one folder (2026, 2027) both stay."""
    if report.kind == "ledger" and report.outputs:
        return f"ledger:{report.outputs[0]}"
    return report.kind


def write_reports(report: Report, source: Path, out_dir: Path, key: str | None = None) -> None:
    """report.json and 校验报告.xlsx (from the rows the run read: ``report.copies``); the
    manifest records what the run wrote."""
    report.outputs.extend([REPORT_JSON, REPORT_XLSX])
    try:
        write_annotated(source, report.issues, out_dir / REPORT_XLSX, report.copies,
                        report.omitted_text(), author=report.author)
    finally:
        for copy in report.copies:
            copy.close()
        report.copies.clear()
    write_text_atomic(out_dir / REPORT_JSON, report.to_json() + "\n")
    record_outputs(out_dir, key or manifest_key(report), report.outputs, protect=[source])


def refuse_input_as_output(inputs: Sequence[Path], outputs: Sequence[Path]) -> None:
    """Stop before an output is written over an input file (e.g. the clerk corrected
    校验报告.xlsx in place and runs it again into the same output folder)."""
    for src in inputs:
        for out in outputs:
            if src.exists() and out.exists() and src.resolve() == out.resolve():
                raise FupinError(f"输出文件 {out} 与输入文件相同，会覆盖输入；"
                                 "请把输入文件另存到别处或换一个输出文件夹")


def refuse_reports_over_input(path: Path, out_dir: Path) -> None:
    refuse_input_as_output([path], [out_dir / REPORT_JSON, out_dir / REPORT_XLSX])
