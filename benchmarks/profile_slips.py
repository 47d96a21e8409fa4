"""Where the time of one end-to-end ``fupin-docs slips`` run goes, by stage.

    python benchmarks/profile_slips.py --n 3000            # this checkout
    python benchmarks/profile_slips.py --n 3000 --markdown # a table for benchmarks/README.md

Runs the command in-process under pyinstrument (a sampling profiler: little overhead, so
many small calls are not inflated as under cProfile) and sums, per stage, the time of the
outermost calls of the functions that make it. Wall-clock samples of the main thread: on a
shared machine compare the shares (percent), not the seconds, of two runs. The background
writer thread of older versions (documents are now written inline) was not sampled; the
process CPU time is shown beside the total.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# stage -> (file suffix, function name) pairs; the first match of each is taken
STAGES: list[tuple[str, list[tuple[str, str]]]] = [
    ("读取工作簿（含表头识别）", [("workbook.py", "_iter_sheet_rows"), ("workbook.py", "open_table")]),
    ("字段转换与 JSON Schema 校验", [("validate.py", "make_record")]),
    ("规则检查", [("rules.py", "apply_rules")]),
    ("模板上下文", [("slip.py", "context")]),
    ("渲染 .docx", [("docx.py", "render")]),
    ("写文件（临时文件 + 改名）", [("atomic.py", "write_bytes_atomic"), ("__init__.py", "write")]),
    ("校验报告.xlsx", [("annotate.py", "write_annotated")]),
    ("report.json", [("report.py", "to_json")]),
]


def profile(workbook: Path, out: Path) -> tuple[float, float, dict[str, float]]:
    from pyinstrument import Profiler

    from fupin_docs.app.cli import cli

    prof = Profiler(interval=0.001)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    prof.start()
    with contextlib.suppress(SystemExit):
        cli(["slips", str(workbook), "-o", str(out), "-q", "--jobs", "1"], standalone_mode=False)
    session = prof.stop()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    root = session.root_frame()
    found: dict[str, float] = {}
    for stage, names in STAGES:
        for suffix, func in names:
            total = _outermost(root, suffix, func)
            if total:
                found[stage] = total
                break
    return cpu, wall, found


def _outermost(frame: Any, suffix: str, func: str) -> float:
    """Time of the outermost frames of ``func`` (defined in a file ending ``suffix``)."""
    if frame.function == func and (frame.file_path or "").endswith(suffix):
        return float(frame.time)
    return sum(_outermost(child, suffix, func) for child in frame.children)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--workbook", type=Path, default=None, help="use this workbook")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="prof-slips-"))
    book = args.workbook
    if book is None:
        from benchmarks.bench_slips import make_workbook

        book = tmp / "slips.xlsx"
        make_workbook(book, args.n)
    cpu, wall, found = profile(book, tmp / "out")
    if args.markdown:
        print("| 阶段 | 秒 | 占比 |\n|---|---:|---:|")
        for stage, sec in found.items():
            print(f"| {stage} | {sec:.2f} | {sec / wall:.0%} |")
        print(f"| 合计（墙钟；进程 CPU {cpu:.1f} 秒） | {wall:.2f} | 100% |")
    else:
        for stage, sec in found.items():
            print(f"{stage:<24} {sec:7.2f} s  {sec / wall:5.0%}")
        print(f"{'total (wall)':<24} {wall:7.2f} s   (process CPU {cpu:.1f} s)")


if __name__ == "__main__":
    main()
