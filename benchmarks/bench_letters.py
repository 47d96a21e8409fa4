"""Letters (整改意见书) rendered per CPU second: the compiled body vs the lxml path it used
to take (its 附件 table's ``{%tr %}`` row loop kept it off the text and compiled paths).

    python benchmarks/bench_letters.py [N]

Renders the sample 督查 workbook's letters N times (default 100) in memory, alternately with
the renderer as prepared and with the lxml path forced (``text_only=False, compiled=None``,
what the template got before), and prints CPU seconds (user + sys) and letters per second.
"""

from __future__ import annotations

import resource
import sys
from typing import Any

from fupin_docs.kinds.letter import KIND as LETTER
from fupin_docs.outputs.report import Report
from fupin_docs.pipeline import RunOptions, check_groups
from fupin_docs.render.docx import DocxRenderer
from fupin_docs.resources import resource_dir


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def contexts() -> list[dict[str, Any]]:
    sample = resource_dir("samples") / "督查.xlsx"
    report = Report(kind="letter", label=LETTER.label, source=str(sample))
    groups, ctx = check_groups(LETTER, sample, RunOptions(), report)
    return [LETTER.context(g.parent, g.children, ctx) for g in groups if g.ok]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    letters = contexts()
    template = resource_dir("templates") / "letter.docx"
    for mode in ("lxml path", "compiled", "lxml path", "compiled"):
        renderer = DocxRenderer(template)
        prepared = renderer._prepare()
        assert prepared is not None
        if mode == "lxml path":
            prepared.text_only, prepared.compiled = False, None
        renderer.render(letters[0])  # the first record's checks are not timed
        start = cpu()
        for _ in range(n):
            for context in letters:
                renderer.render(context)
        spent = cpu() - start
        total = n * len(letters)
        print(f"{mode:10s} {total} letters: {spent:.2f} s CPU, {total / spent:,.0f} letters/s "
              f"(compiled bodies: {renderer.stats.compiled})")


if __name__ == "__main__":
    main()
