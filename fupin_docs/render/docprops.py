"""Document properties (docProps/core.xml and app.xml) of every .docx a batch writes.

A batch dates all its documents the same, names the office as the author and fupin-docs as
the application (outputs/docprops.py: the same for every .xlsx); none of python-docx's
defaults (its 2013 dates, "python-docx" as last author, a thumbnail).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

# the batch date, the author's text and the application: shared with every .xlsx
from ..outputs.docprops import APPLICATION, batch_time, property_text

__all__ = ["APPLICATION", "APP_PART", "CORE_PART", "DocProperties", "batch_time"]

CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"


@dataclass(frozen=True)
class DocProperties:
    title: str = ""
    author: str = ""
    created: dt.datetime = dt.datetime(2026, 1, 1)
    application: str = APPLICATION

    def core_xml(self) -> bytes:
        stamp = self.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        author = escape(property_text(self.author))
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(property_text(self.title))}</dc:title>"
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
            f"<Company>{escape(property_text(self.author))}</Company>"
            "</Properties>"
        ).encode()

    def parts(self) -> dict[str, bytes]:
        return {CORE_PART: self.core_xml(), APP_PART: self.app_xml()}
