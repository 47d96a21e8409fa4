"""Regenerate the preview pictures of the README (docs/img/*.png) from the bundled samples.

    python3 tools/previews.py

Runs the demo into a temporary folder, converts one letter, one slip, the ledger and one
catalogue to PDF with LibreOffice and writes the first page of each as a PNG (pdftoppm).
Needs LibreOffice and poppler-utils, like `fupin-docs preview`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fupin_docs.app.demo import run_demo  # noqa: E402
from fupin_docs.render.pdf import preview  # noqa: E402

IMG = ROOT / "docs" / "img"
DPI = 60
# picture name -> (demo subfolder, file name pattern)
PICTURES = {
    "letter.png": ("整改意见书", "万扶督〔2026〕3号_*.docx"),
    "slip.png": ("处理单", "万扶公〔2026〕7号_*.docx"),
    "ledger.png": ("台账", "发布台账.xlsx"),
    "catalogue.png": ("标准目录", "*伊美区*.docx"),
}


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "demo"
        run_demo(out)
        for name, (folder, pattern) in PICTURES.items():
            source = next(iter(sorted((out / folder).glob(pattern))))
            for path in preview(source, IMG / name, all_pages=False, dpi=DPI):
                print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
