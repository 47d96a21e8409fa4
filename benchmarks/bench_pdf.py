"""PDF documents per second: one LibreOffice start for the whole batch vs one per document.

    python benchmarks/bench_pdf.py [N]

Renders the slip sample, copies the slips to N documents, converts them once with
``convert_batch`` (one start) and once document by document (N starts), and prints both
rates and their ratio, measured side by side in one run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fupin_docs.kinds.slip import KIND as SLIP
from fupin_docs.pipeline import RunOptions, run_row_documents
from fupin_docs.render.pdf import (
    convert_batch,
    converter_env,
    find_soffice,
    have_pdf_tools,
    soffice_starts,
)
from fupin_docs.resources import resource_dir


def main(n: int = 20) -> None:
    if not have_pdf_tools():
        sys.exit("LibreOffice not installed: nothing to measure")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp_name:
        tmp = Path(tmp_name)
        run_row_documents(SLIP, resource_dir("samples") / "处理单.xlsx", tmp / "src",
                          RunOptions(write_reports=False))
        sources = sorted((tmp / "src").glob("*.docx"))
        batch_dir, single_dir = tmp / "batch", tmp / "single"
        for folder in (batch_dir, single_dir):
            folder.mkdir()
            for i in range(n):
                shutil.copyfile(sources[i % len(sources)], folder / f"{i:03d}_{sources[i % len(sources)].name}")

        starts = soffice_starts()
        t0 = time.perf_counter()
        res = convert_batch(sorted(batch_dir.glob("*.docx")))
        batch_s = time.perf_counter() - t0
        batch_starts = soffice_starts() - starts
        assert len(res.pdfs) == n, res.failed

        starts = soffice_starts()
        t0 = time.perf_counter()
        for doc in sorted(single_dir.glob("*.docx")):
            r = convert_batch([doc])
            assert len(r.pdfs) == 1, r.failed
        single_s = time.perf_counter() - t0
        single_starts = soffice_starts() - starts

        # fairer baseline: one plain soffice call per document, all sharing one warm profile
        shared_dir = tmp / "shared"
        shared_dir.mkdir()
        profile = (tmp / "profile").as_uri()
        soffice = find_soffice() or "soffice"
        env = converter_env(tmp)
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--terminate_after_init"],
                       capture_output=True, env=env, check=False)  # create the profile once
        t0 = time.perf_counter()
        for doc in sorted(single_dir.glob("*.docx")):
            subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(shared_dir), str(doc)],
                           capture_output=True, env=env, check=True)
        shared_s = time.perf_counter() - t0
        assert len(list(shared_dir.glob("*.pdf"))) == n

    print(f"{n} slips (.docx -> PDF), LibreOffice {_version()}")
    print(f"  one batch:        {n / batch_s:6.2f} documents/s  ({batch_s:5.1f} s, {batch_starts} start)")
    print(f"  one per document: {n / single_s:6.2f} documents/s  ({single_s:5.1f} s, {single_starts} starts)")
    print(f"  one per document, shared warm profile: {n / shared_s:6.2f} documents/s  ({shared_s:5.1f} s, {n} starts)")
    print(f"  ratio: batch is {single_s / batch_s:.1f}x faster than one start per document"
          f" ({shared_s / batch_s:.1f}x against the warm-profile loop)")


def _version() -> str:
    out = subprocess.run([find_soffice() or "soffice", "--version"], capture_output=True, text=True)
    return " ".join(out.stdout.split()[1:2]) or "?"


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
