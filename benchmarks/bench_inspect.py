"""Benchmark: fupin-docs inspect on a county's year, 300 units x 200 records each.

    python benchmarks/bench_inspect.py                 # 300 units x 200 slips (60,000 rows)
    python benchmarks/bench_inspect.py --units 30      # quicker look

The records (written before timing, not timed): the county's slips in ten workbooks of the
`init slips` layout (each unit's rows under its 责任股室, 30 units a workbook, as the 局公开办
collects them), every unit publishing each of the 13 伊美 catalogue items, with a few
rows per unit breaking a rule (a check not done, a missing sign-off, late publication,
personal data in a title), plus ten ledgers (附录D layout) of the published slips, one slip per unit not registered.
The inspection then runs in its own subprocess so its peak RSS (resource.getrusage
ru_maxrss, plus the largest worker's with --jobs) is its own; wall-clock time and peak RSS are printed. The target is < 30 s and
< 500 MB; nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

D = dt.date


def unit_rows(u: int, n: int) -> list[dict[str, Any]]:
    from fupin_docs.standard.catalogues.model import builtin_catalogue

    items = builtin_catalogue("yimei").items
    unit = f"第{u + 1:03d}乡镇"
    rows: list[dict[str, Any]] = []
    for i in range(n):
        month = 1 + i % 11
        row: dict[str, Any] = {
            "number": f"乡{u + 1:03d}公〔2026〕{i + 1}号", "title": f"{unit}第{i + 1}条公开信息",
            "office": unit, "drafter": "李明", "draft_date": D(2026, month, 3),
            "formed_date": D(2026, month, 2), "item": items[i % len(items)].label,
            "category": "一般性文件", "disclosure": "主动公开",
            "summary": "资金名称、分配对象、分配金额及用途。", "check_truth": "已核对",
            "check_complete": "已核对", "check_secret": "不涉密", "channels": "政府网站",
            "ways": "全文发布", "deputy_name": "王建国", "deputy_opinion": "同意公开。",
            "deputy_date": D(2026, month, 4), "published_date": D(2026, month, 5),
            "publisher": "张丽",
        }
        if i == 20:
            row["check_truth"] = "未核对"
        elif i == 21:
            row.update(deputy_name=None, deputy_date=None, deputy_opinion=None)
        elif i == 22:
            row["published_date"] = D(2026, month, 20)
        elif i == 23:
            row["title"] += "联系电话13812345678"
        rows.append(row)
    return rows


def _write(ws: Any, r: int, values: list[Any], date_fmt: Any) -> None:
    for c, v in enumerate(values):
        if isinstance(v, D):
            ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
        elif v is not None:
            ws.write_string(r, c, str(v))


def write_records(folder: Path, units: int, per_unit: int, books: int = 10) -> list[Path]:
    import xlsxwriter

    from fupin_docs.resources import load_schema

    schema = load_schema("slip")
    fields = list(schema["properties"])
    ledger_cols = ["信息编号", "信息标题", "公开事项", "责任股室", "形成日期", "审签日期", "公开日期"]
    paths: list[Path] = []
    groups = [list(range(units))[b::books] for b in range(min(books, units))]
    for b, group in enumerate(groups, start=1):
        slips = folder / f"处理单{b:02d}.xlsx"
        ledger = folder / f"台账{b:02d}.xlsx"
        # shared strings, as Excel and WPS save them (xlsxwriter's constant_memory mode would
        # write inline strings, which openpyxl reads several times slower)
        swb = xlsxwriter.Workbook(str(slips), {"strings_to_formulas": False})
        lwb = xlsxwriter.Workbook(str(ledger), {"strings_to_formulas": False})
        sfmt = swb.add_format({"num_format": "yyyy-mm-dd"})
        lfmt = lwb.add_format({"num_format": "yyyy-mm-dd"})
        sws, lws = swb.add_worksheet("处理单"), lwb.add_worksheet("本局台账")
        sws.write_row(0, 0, [schema["properties"][f]["title"] for f in fields])
        lws.write_row(0, 0, ledger_cols)
        sr = lr = 1
        for u in group:
            rows = unit_rows(u, per_unit // 2)
            for row in rows:
                _write(sws, sr, [row.get(f) for f in fields], sfmt)
                sr += 1
            for row in [*rows[1:], {**rows[0], "number": "", "title": "台账多登"}][:len(rows)]:  # one slip not registered
                _write(lws, lr, [row["number"], row["title"], row["item"], row["office"],
                                 row["formed_date"], row["deputy_date"], row["published_date"]],
                       lfmt)
                lr += 1
        swb.close()
        lwb.close()
        paths += [slips, ledger]
    return paths


CHILD = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
from fupin_docs.pipeline.inspect import InspectOptions, run_inspect
paths = [Path(p) for p in json.loads(sys.argv[1])]
t0 = time.perf_counter()
report = run_inspect(paths, Path(sys.argv[2]), InspectOptions(date=dt.date(2026, 12, 1),
                     catalogues=("yimei",), jobs=int(sys.argv[3])))
seconds = time.perf_counter() - t0
usage = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
cpu = sum(u.ru_utime + u.ru_stime for u in usage)
rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
       + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024  # + the largest worker
print(json.dumps({"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 1),
                  "peak_rss_mb": round(rss, 1),
                  "rows": report.rows_read, "units": len(report.extra["units"]),
                  "findings": len(report.extra["findings"])}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--units", type=int, default=300)
    ap.add_argument("--per-unit", type=int, default=200,
                    help="records per unit: half slips, half ledger rows")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (inspect --jobs)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-inspect-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        paths = write_records(folder, args.units, args.per_unit)
        print(f"records written: {len(paths)} workbooks in {time.perf_counter() - t0:.1f} s "
              "(not timed)")
        slips = [str(p) for p in paths if "处理单" in p.name]
        ledgers = [str(p) for p in paths if "台账" in p.name]
        out = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(slips + ledgers), str(folder / "out"),
             str(args.jobs)],
            cwd=ROOT, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(out.stdout, out.stderr)
            raise SystemExit(out.returncode)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        ok = result["seconds"] < 30 and result["peak_rss_mb"] < 500
        print(f"inspect {args.units} units x {args.per_unit} records, --jobs {args.jobs}: "
              f"{result['rows']} rows, {result['findings']} findings, "
              f"{result['seconds']} s (CPU {result['cpu_seconds']} s in all processes), "
              f"peak RSS {result['peak_rss_mb']} MB "
              f"-> {'within' if ok else 'OVER'} the 30 s / 500 MB target")
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on "
              f"{os.cpu_count()} cores: wall time on a busy machine is longer than CPU time / jobs")
        print(f"(parent peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
