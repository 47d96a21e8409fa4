"""CPU seconds of the two streamed xlsx writers (issue 19): write_annotated (校验报告.xlsx with
its copy of 处理单, 1,250 warnings in 10,000 rows) and the ledger command.

    python3 benchmarks/bench_stream_xlsx.py [WORKBOOK]   # default /tmp/chk/wbw.xlsx

WORKBOOK is made when missing (bench_slips.write_workbook(path, 10000, warn_every=16)).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

from fupin_docs.inputs.workbook import copy_sheets
from fupin_docs.outputs.annotate import write_annotated
from fupin_docs.types import Issue


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> None:
    book = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/chk/wbw.xlsx")
    if not book.exists():
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_slips import write_workbook
        write_workbook(book, 10000, warn_every=16)
    out = Path(tempfile.mkdtemp())
    (copy,) = copy_sheets(book, ["处理单"])
    issues = [Issue(code="slip.deadline", severity="warning", message="超期公开",
                    file=book.name, sheet="处理单", row=r, column="实际公开日期",
                    column_letter="Y") for r in range(2, 10002, 8)]
    for i in range(3):
        t = time.process_time()
        write_annotated(book, issues, out / f"r{i}.xlsx", [copy])
        print(f"write_annotated ({len(issues)} warnings): {time.process_time() - t:.2f} s CPU")
    for i in range(2):
        before = children_cpu()
        subprocess.run([sys.executable, "-m", "fupin_docs", "ledger", str(book),
                        "-o", str(out / f"l{i}.xlsx")], check=True, capture_output=True)
        print(f"ledger {book.name}: {children_cpu() - before:.2f} s CPU")


if __name__ == "__main__":
    main()
