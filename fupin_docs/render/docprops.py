"""Document properties (docProps/core.xml and app.xml) of every .docx a batch writes.

A batch dates all its documents the same: the day it runs, or the moment given by
``SOURCE_DATE_EPOCH`` (reproducible builds: two runs of the same input are then
byte-identical). The author is the office, the application fupin-docs; none of
python-docx's defaults (its 2013 dates, "python-docx" as last author, a thumbnail).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from xml.sax.saxutils import escape

APPLICATION = "fupin-docs"
CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"


def batch_time(today: dt.date | None = None) -> dt.datetime:
    """When a batch is dated: ``SOURCE_DATE_EPOCH`` if set (seconds since 1970, UTC), else
    midnight (UTC) of ``today`` (the run day), so reruns on one day give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    day = today or dt.date.today()
    return dt.datetime(day.year, day.month, day.day)


@dataclass(frozen=True)
class DocProperties:
    title: str = ""
    author: str = ""
    created: dt.datetime = dt.datetime(2026, 1, 1)
    application: str = APPLICATION

    def core_xml(self) -> bytes:
        stamp = self.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        author = escape(self.author)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(self.title)}</dc:title>"
            f"<dc:creator>{author}</dc:creator>"
            f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
            "<cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>"
        ).encode()

    def app_xml(self) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties">'
            f"<Application>{escape(self.application)}</Application>"
            f"<Company>{escape(self.author)}</Company>"
            "</Properties>"
        ).encode()

    def parts(self) -> dict[str, bytes]:
        return {CORE_PART: self.core_xml(), APP_PART: self.app_xml()}
