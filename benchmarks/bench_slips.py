"""Side-by-side benchmark: plain docxtpl vs fupin-docs on processing slips.

    python benchmarks/bench_slips.py --n 10000
    python benchmarks/bench_slips.py --n 1000 --docxtpl-n 200     # quicker look

What it runs, each measurement in its own subprocess so peak RSS (resource.getrusage
ru_maxrss) belongs to that measurement alone (the parent stays small: a forked child's
ru_maxrss starts at its parent's RSS):

1. plain docxtpl: for every record a new DocxTemplate(slip.docx), render (the same sandboxed
   Jinja environment fupin-docs uses), save to a file;
2. fupin-docs's DocxRenderer on the same template and the same records, bytes written to a file;
3. end to end: a workbook of N rows (written before timing) -> ``fupin-docs slips`` ->
   N documents + report.json + 校验报告.xlsx, rows/second; then again with ``--jobs 2``
   (this process and one worker) and with the default (``--jobs 0``, chosen by the machine);
4. the same N rows where one in sixteen carries two late-publication warnings: the time and peak
   RSS the 校验报告.xlsx (1,250 warnings at N = 10,000, marked in the copy) adds;
5. when N > 1,000, steps 2 and 3 again at N = 1,000 to compare peak RSS (flat memory:
   RSS at N should be at most 1.2x RSS at 1,000);
6. the ledger (``fupin-docs ledger``) on the N-row workbook, and on ``--ledger-n`` rows;
7. the catalogue batch (1,000 units to xlsx).

Records are generated from the bundled sample slips (tools/build.py) with a varying
number, title and summary; every generated row is valid, so every row becomes a document.
Timings are wall-clock on whatever machine runs this; nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CJK = "扶贫资金项目公开政务信息村镇产业路补助发放名单公示审核申报结果年度乡村振兴"
VALID_SAMPLES = (0, 1, 2, 3, 4, 6, 7)  # the sixth sample carries late-publication warnings


# ---------------------------------------------------------------- records


def sample_rows() -> list[dict[str, Any]]:
    from tools.build import SLIPS

    return [dict(SLIPS[i]) for i in VALID_SAMPLES]


WARN_SAMPLE = 5  # published late: warnings, still a document


def make_row(i: int, bases: list[dict[str, Any]], warn_every: int = 0) -> dict[str, Any]:
    """Row i of the batch: a sample slip with its own number, title and summary; with
    ``warn_every``, every such row is the late-published sample (warnings)."""
    from tools.build import SLIPS

    rng = random.Random(i)
    row = dict(SLIPS[WARN_SAMPLE] if warn_every and i % warn_every == 0
               else bases[i % len(bases)])
    row["number"] = f"万扶公〔2026〕{i + 1}号"
    row["title"] = f"{row['title']}（第{i + 1}批）"
    extra = "".join(rng.choice(CJK) for _ in range(rng.randint(10, 80)))
    row["summary"] = f"{row.get('summary') or ''}{extra}"
    return row


def contexts(n: int) -> Iterator[dict[str, Any]]:
    """Template contexts for n slips, produced one at a time (nothing held per record)."""
    from fupin_docs.kinds.slip import KIND
    from fupin_docs.outputs.report import Report
    from fupin_docs.pipeline import RunOptions, check_records

    tmp = Path(tempfile.mkdtemp(prefix="bench-ctx-"))
    try:
        path = tmp / "base.json"
        path.write_text(json.dumps(sample_rows(), default=str, ensure_ascii=False), "utf-8")
        report = Report(kind="slip", label="处理单", source=str(path))
        bases = []
        for rec, ctx in check_records(KIND, path, RunOptions(), report):
            assert not rec.issues, rec.issues
            bases.append(KIND.context(rec, ctx))
    finally:
        shutil.rmtree(tmp)
    for i in range(n):
        rng = random.Random(i)
        item = dict(bases[i % len(bases)])
        item["number"] = f"万扶公〔2026〕{i + 1}号"
        item["title"] = f"{item['title']}（第{i + 1}批）"
        item["summary"] += "".join(rng.choice(CJK) for _ in range(rng.randint(10, 80)))
        yield item


def write_workbook(path: Path, n: int, warn_every: int = 0) -> None:
    from fupin_docs.kinds.blank import SLIP_NOTES, write_input_workbook
    from fupin_docs.resources import load_schema
    from fupin_docs.standard.catalogues.model import ItemIndex

    bases = sample_rows()
    rows = [make_row(i, bases, warn_every) for i in range(n)]
    write_input_workbook(path, [(load_schema("slip"), rows)],
                         {"catalogue-items": ItemIndex.default().labels()}, SLIP_NOTES)


# ---------------------------------------------------------------- workers (subprocesses)


def _cpu_seconds() -> float:
    """user + system CPU seconds of this process (and its children) so far."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(kind: str, n: int, out: Path) -> dict[str, Any]:
    from fupin_docs.resources import resource_dir

    template = resource_dir("templates") / "slip.docx"
    out.mkdir(parents=True, exist_ok=True)
    gen = contexts(n)
    first = next(gen)  # warm up imports and the context generator outside the timing

    def all_contexts() -> Iterator[dict[str, Any]]:
        yield first
        yield from gen

    if kind == "docxtpl":
        from docxtpl import DocxTemplate

        from fupin_docs.render.docx import make_env

        env = make_env()
        base_rss = _maxrss_mb()
        start = time.perf_counter()
        for i, ctx in enumerate(all_contexts()):
            doc = DocxTemplate(str(template))
            doc.render(ctx, jinja_env=env, autoescape=True)
            doc.save(str(out / f"{i}.docx"))
        seconds = time.perf_counter() - start
        stats: dict[str, Any] = {}
    else:
        from fupin_docs.render.docx import DocxRenderer

        renderer = DocxRenderer(template)
        base_rss = _maxrss_mb()
        start = time.perf_counter()
        render_cpu = 0.0
        for i, ctx in enumerate(all_contexts()):
            c0 = time.process_time()
            data = renderer.render(ctx)
            render_cpu += time.process_time() - c0
            (out / f"{i}.docx").write_bytes(data)
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds()
        stats = {"fast": renderer.stats.fast, "compiled": renderer.stats.compiled,
                 "fallback": renderer.stats.fallback, "cpu_seconds": cpu,
                 "render_cpu_seconds": render_cpu, "render_cpu_docs_per_s": n / render_cpu}
    written = sum(p.stat().st_size for p in out.iterdir())
    return {"kind": kind, "n": n, "seconds": seconds, "docs_per_s": n / seconds,
            "maxrss_mb": _maxrss_mb(), "rss_before_mb": base_rss,
            "bytes_per_doc": written / n, **stats}


def run_worker(kind: str, n: int, out: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", kind, "--n", str(n), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"worker {kind} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def make_workbook(path: Path, n: int, warn_every: int = 0) -> None:
    """Write the input workbook in a subprocess: the parent stays small, because on Linux a
    child's ru_maxrss starts from the RSS of the parent it was forked from."""
    cmd = [sys.executable, __file__, "--worker", "workbook", "--n", str(n), "--out", str(path),
           "--warn-every", str(warn_every)]
    subprocess.run(cmd, check=True)


def run_timed(cmd: list[str], cpu: list[float] | None = None) -> tuple[float, float, str]:
    """Run ``cmd``; (seconds, peak RSS in MB of the command, stderr). ``cpu``: gets the
    command's CPU seconds (user + system, its children included) appended."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{err}")
    if cpu is not None:
        cpu.append(usage.ru_utime + usage.ru_stime)
    return seconds, usage.ru_maxrss / 1024, err


def bench_ledger(workbook: Path, n: int, tmp: Path) -> dict[str, Any]:
    """``fupin-docs ledger`` on an n-row slip workbook (issue 19: 10,000 rows in <= 3 s,
    100,000 in <= 30 s; it was quadratic)."""
    out = tmp / f"ledger-{n}"
    cmd = [sys.executable, "-m", "fupin_docs.app.cli", "ledger", str(workbook), "-o",
           str(out / "台账.xlsx"), "-q"]
    cpu: list[float] = []
    seconds, rss, _ = run_timed(cmd, cpu)
    shutil.rmtree(out, ignore_errors=True)
    print(f"ledger: {n} rows in {seconds:.2f} s ({n / seconds:.0f} rows/s, CPU {cpu[0]:.2f} s), "
          f"peak RSS {rss:.0f} MB")
    return {"n": n, "seconds": seconds, "rows_per_s": n / seconds, "cpu_seconds": cpu[0],
            "maxrss_mb": rss}


def run_end_to_end(workbook: Path, n: int, out: Path, jobs: int = 1) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "fupin_docs.app.cli", "slips", str(workbook), "-o", str(out), "-q",
           "--jobs", str(jobs)]  # explicit: 0 lets the command choose
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stdout:
        proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (0, 1):  # 1: warnings or errors found, documents written
        raise SystemExit(f"fupin-docs slips exited {proc.returncode}:\n{err}")
    report = json.loads((out / "report.json").read_text("utf-8"))
    docs = sum(1 for p in out.iterdir() if p.suffix == ".docx")
    return {"n": n, "jobs": jobs, "seconds": seconds, "rows_per_s": n / seconds,
            "maxrss_mb": usage.ru_maxrss / 1024, "rendered": report["stats"]["rendered"],
            "issues": report["stats"]["errors"] + report["stats"]["warnings"], "docx": docs}


def same_document_xml(a: Path, b: Path) -> bool:
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        return za.read("word/document.xml") == zb.read("word/document.xml")


# ---------------------------------------------------------------- catalogue hook


def write_units_workbook(path: Path, units: int) -> None:
    """A units workbook of ``units`` units: the sample units repeated under new names."""
    from fupin_docs.kinds.blank import CATALOGUE_NOTES, write_input_workbook
    from fupin_docs.resources import load_schema

    sys.path.insert(0, str(ROOT / "tools"))
    from build import UNITS

    rows = []
    for i in range(units):
        base = dict(UNITS[i % len(UNITS)])
        base["unit"] = f"{base['unit']}{i + 1:04d}"
        rows.append(base)
    write_input_workbook(path, [(load_schema("catalogue_units"), rows),
                                (load_schema("catalogue_adapt"), [])], {}, CATALOGUE_NOTES)


def bench_catalogue(units: int, tmp: Path, fmt: str = "xlsx") -> dict[str, Any]:
    """The year-end batch: ``fupin-docs catalogue`` on a workbook of ``units`` units.

    Issue 6 asks for 1,000 units to xlsx in under 10 s; the whole command is timed (start-up,
    reading, checks, one .xlsx per unit, the combined workbook and the reports).
    """
    book = tmp / f"units-{units}.xlsx"
    write_units_workbook(book, units)
    out = tmp / f"catalogue-{units}"
    cmd = [sys.executable, "-m", "fupin_docs.app.cli", "catalogue", str(book), "-o", str(out),
           "--year", "2026", "--format", fmt, "-q"]
    cpu: list[float] = []
    seconds, rss, _ = run_timed(cmd, cpu)
    files = len(list(out.glob(f"*.{fmt if fmt != 'both' else 'xlsx'}")))
    shutil.rmtree(out)
    print(f"catalogue batch: {units} units -> {fmt} ({files} files + combined workbook) "
          f"in {seconds:.2f} s ({units / seconds:.0f} units/s, CPU {cpu[0]:.2f} s), "
          f"peak RSS {rss:.0f} MB")
    return {"units": units, "format": fmt, "seconds": seconds, "cpu_seconds": cpu[0],
            "maxrss_mb": rss, "files": files}


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="records / rows (default 1000)")
    ap.add_argument("--docxtpl-n", type=int, default=None,
                    help="render only this many records with plain docxtpl (default: --n)")
    ap.add_argument("--skip-e2e", action="store_true", help="skip the end-to-end command")
    ap.add_argument("--jobs", type=int, default=2,
                    help="end to end is also run with --jobs this (default 2: this process "
                         "and one worker)")
    ap.add_argument("--ledger-n", type=int, default=0,
                    help="also time the ledger on a workbook of this many rows (e.g. 100000)")
    ap.add_argument("--skip-catalogue", action="store_true")
    ap.add_argument("--only", default="",
                    help="only these parts, comma-separated: renderer, e2e, ledger, catalogue "
                         "(e.g. --only ledger,catalogue --n 10000 --ledger-n 100000)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--warn-every", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--worker", choices=("docxtpl", "fupin", "workbook"), help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker == "workbook":
        write_workbook(args.out, args.n, args.warn_every)
        return
    if args.worker:
        print(json.dumps(worker(args.worker, args.n, args.out)))
        return

    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    unknown = parts - {"renderer", "e2e", "ledger", "catalogue"}
    if unknown:
        raise SystemExit(f"--only: unknown part(s) {', '.join(sorted(unknown))}")
    if parts and not parts & {"renderer", "e2e"}:
        only_ledger_catalogue(args, parts)
        return
    n = args.n
    n_plain = min(args.docxtpl_n or n, n)
    results: dict[str, Any] = {"n": n, "cpus": os.cpu_count(), "python": sys.version.split()[0],
                               "date": dt.date.today().isoformat()}
    tmp = Path(tempfile.mkdtemp(prefix="bench-slips-"))
    try:
        print(f"slips, N = {n} (plain docxtpl on {n_plain}); machine: {os.cpu_count()} CPUs, "
              f"Python {results['python']}")
        plain = run_worker("docxtpl", n_plain, tmp / "plain")
        fast = run_worker("fupin", n, tmp / "fast")
        identical = all(same_document_xml(tmp / "plain" / f"{i}.docx", tmp / "fast" / f"{i}.docx")
                        for i in range(0, n_plain, max(1, n_plain // 20)))
        shutil.rmtree(tmp / "plain")
        shutil.rmtree(tmp / "fast")
        ratio = fast["docs_per_s"] / plain["docs_per_s"]
        results.update(docxtpl=plain, fupin=fast, ratio=ratio, identical_sampled=identical)
        print(f"  plain docxtpl : {plain['docs_per_s']:8.1f} docs/s  ({plain['n']} docs in "
              f"{plain['seconds']:.1f} s)  peak RSS {plain['maxrss_mb']:.0f} MB")
        print(f"  fupin-docs    : {fast['docs_per_s']:8.1f} docs/s  ({fast['n']} docs in "
              f"{fast['seconds']:.1f} s)  peak RSS {fast['maxrss_mb']:.0f} MB  "
              f"(fast path {fast['fast']}, compiled body {fast['compiled']}, fallback "
              f"{fast['fallback']}); {fast['bytes_per_doc'] / 1024:.1f} KB per slip")
        print(f"  fupin-docs CPU: {fast['render_cpu_docs_per_s']:8.1f} docs/s rendering alone "
              f"({1000 / fast['render_cpu_docs_per_s']:.2f} ms/doc CPU; whole worker "
              f"{fast['cpu_seconds']:.1f} s CPU with the contexts and file writes)")
        print(f"  ratio         : {ratio:8.1f}x   (renderer target >= 2600 docs/s)")
        print(f"  document.xml identical on sampled records: {'yes' if identical else 'NO'}")

        if not args.skip_e2e:
            wb = tmp / "slips.xlsx"
            t0 = time.perf_counter()
            make_workbook(wb, n)
            print(f"end to end: workbook of {n} rows written in {time.perf_counter() - t0:.1f} s "
                  f"({wb.stat().st_size // 1024} KB), then `fupin-docs slips` ...")
            e2e = run_end_to_end(wb, n, tmp / "e2e")
            shutil.rmtree(tmp / "e2e")
            results["e2e"] = e2e
            print(f"  slips --jobs 1:  {e2e['rows_per_s']:8.1f} rows/s  ({e2e['rendered']} docs "
                  f"+ reports in {e2e['seconds']:.1f} s)  peak RSS {e2e['maxrss_mb']:.0f} MB  "
                  "(target >= 2000 rows/s)")
            jobs = run_end_to_end(wb, n, tmp / "e2e-jobs", jobs=args.jobs)
            shutil.rmtree(tmp / "e2e-jobs")
            results["e2e_jobs"] = jobs
            print(f"  ... --jobs {args.jobs}:   {jobs['rows_per_s']:8.1f} rows/s  "
                  f"({jobs['rendered']} docs + reports in {jobs['seconds']:.1f} s)  "
                  f"peak RSS {jobs['maxrss_mb']:.0f} MB (largest process)")
            auto = run_end_to_end(wb, n, tmp / "e2e-auto", jobs=0)
            shutil.rmtree(tmp / "e2e-auto")
            results["e2e_auto"] = auto
            print(f"  ... default:   {auto['rows_per_s']:8.1f} rows/s  "
                  f"({auto['seconds']:.1f} s)  peak RSS {auto['maxrss_mb']:.0f} MB")
            results["docxtpl_ratio_e2e"] = e2e["rows_per_s"] / plain["docs_per_s"]
            print(f"  end to end --jobs 1 / plain docxtpl renderer: "
                  f"{results['docxtpl_ratio_e2e']:.1f}x")

            wb_warn = tmp / "slips-warn.xlsx"
            make_workbook(wb_warn, n, warn_every=16)  # two warnings each: 1,250 at 10,000
            warn = run_end_to_end(wb_warn, n, tmp / "e2e-warn")
            shutil.rmtree(tmp / "e2e-warn")
            extra = warn["seconds"] - e2e["seconds"]
            results["e2e_warnings"] = {**warn, "extra_seconds": extra}
            print(f"  with warnings: {warn['issues']} issues, {warn['seconds']:.1f} s "
                  f"({extra:+.1f} s against no warnings; target <= 2 s), "
                  f"peak RSS {warn['maxrss_mb']:.0f} MB (target <= 100 MB)")
            results["ledger"] = bench_ledger(wb, n, tmp)
            if args.ledger_n:
                wb_big = tmp / f"slips-{args.ledger_n}.xlsx"
                make_workbook(wb_big, args.ledger_n)
                results["ledger_big"] = bench_ledger(wb_big, args.ledger_n, tmp)

        if n > 1000:
            small = run_worker("fupin", 1000, tmp / "small")
            shutil.rmtree(tmp / "small")
            growth = fast["maxrss_mb"] / small["maxrss_mb"]
            results["rss_renderer"] = {"n1000_mb": small["maxrss_mb"], "n_mb": fast["maxrss_mb"],
                                       "ratio": growth}
            print(f"memory, renderer: peak RSS {small['maxrss_mb']:.0f} MB at 1000, "
                  f"{fast['maxrss_mb']:.0f} MB at {n}: {growth:.2f}x (target <= 1.2x)")
            if not args.skip_e2e:
                wb_small = tmp / "slips-1000.xlsx"
                make_workbook(wb_small, 1000)
                e2e_small = run_end_to_end(wb_small, 1000, tmp / "e2e-small")
                shutil.rmtree(tmp / "e2e-small")
                growth = results["e2e"]["maxrss_mb"] / e2e_small["maxrss_mb"]
                results["rss_e2e"] = {"n1000_mb": e2e_small["maxrss_mb"],
                                      "n_mb": results["e2e"]["maxrss_mb"], "ratio": growth}
                print(f"memory, end to end: peak RSS {e2e_small['maxrss_mb']:.0f} MB at 1000, "
                      f"{results['e2e']['maxrss_mb']:.0f} MB at {n}: {growth:.2f}x "
                      "(target <= 1.2x)")

        if not args.skip_catalogue:
            results["catalogue"] = bench_catalogue(1000, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")


def only_ledger_catalogue(args: argparse.Namespace, parts: set[str]) -> None:
    """``--only ledger,catalogue``: the ledger on --n rows (and on --ledger-n rows), the
    catalogue batch of 1,000 units; nothing else."""
    results: dict[str, Any] = {"n": args.n, "cpus": os.cpu_count(),
                               "python": sys.version.split()[0],
                               "date": dt.date.today().isoformat(), "load": os.getloadavg()}
    print(f"machine: {os.cpu_count()} CPUs, Python {results['python']}, load average "
          + " ".join(f"{x:.2f}" for x in results["load"]))
    tmp = Path(tempfile.mkdtemp(prefix="bench-slips-"))
    try:
        if "ledger" in parts:
            for key, n in (("ledger", args.n), ("ledger_big", args.ledger_n)):
                if n:
                    wb = tmp / f"slips-{n}.xlsx"
                    make_workbook(wb, n)
                    results[key] = bench_ledger(wb, n, tmp)
                    wb.unlink()
        if "catalogue" in parts:
            results["catalogue"] = bench_catalogue(1000, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
