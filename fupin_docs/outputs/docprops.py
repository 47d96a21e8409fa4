"""What the document properties of every file a batch writes share, .docx and .xlsx alike.

- **The batch date**: created/modified is midnight (UTC) of the day the run starts, or the
  moment ``SOURCE_DATE_EPOCH`` gives (seconds since 1970, UTC: reproducible builds). With fixed
  zip timestamps two runs of the same input the same day give byte-identical files.
- **The author** is the office or unit (the profile's unit, the ledger's or catalogue's own),
  as typed but without the characters XML cannot hold.
- **The application** is fupin-docs (no library name or version, none of their defaults).

render/docprops.py writes these into a .docx's docProps/core.xml and app.xml,
outputs/xlsxfile.py into a workbook's (xlsxwriter or openpyxl).
"""

from __future__ import annotations

import datetime as dt
import os

from ..inputs.values import strip_invalid

APPLICATION = "fupin-docs"


def batch_time(today: dt.date | None = None) -> dt.datetime:
    """When a batch is dated: ``SOURCE_DATE_EPOCH`` when set and valid, else midnight of
    ``today`` (the run day, by default the real today). Naive, meaning UTC."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        try:
            stamp = dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            pass
        else:
            return stamp.replace(tzinfo=None)
    day = today or dt.date.today()
    return dt.datetime(day.year, day.month, day.day)


def property_text(text: str) -> str:
    """A title or author as a property holds it: as typed, less what XML cannot hold."""
    return strip_invalid(text)
