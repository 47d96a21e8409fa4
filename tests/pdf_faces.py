"""Which regional face of a Noto CJK collection a PDF's glyphs come from (test support).

Debian's fonts-noto-cjk ships .ttc collections whose faces (SC, TC, HK, JP, KR) share ONE CFF
table named ``NotoSerifCJKjp-Regular``: pdffonts therefore shows ``NotoSerifCJKjp-...`` for
every face, simplified Chinese included. The faces differ in their cmap: a character such as
直 or 骨 maps to a different glyph (CID) in the SC face than in the JP face. LibreOffice keeps
the original CIDs as glyph names (``/cid12345``) in the Type 1 fonts it embeds, and a
ToUnicode map says which character each code is. So: read (character, CID) pairs from the PDF
and compare them with the cmaps of the collection's faces.
"""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from functools import cache
from pathlib import Path


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in re.findall(rb"(?m)^(\d+) 0 obj(.*?)endobj", pdf, re.S)}


def _stream(body: bytes) -> bytes:
    m = re.search(rb"stream\r?\n(.*)endstream", body, re.S)
    assert m, "no stream"
    data = m.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body[: m.start()] else data


def _ref(body: bytes, key: bytes) -> int | None:
    m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
    return int(m.group(1)) if m else None


def _to_unicode(cmap: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = ord(bytes.fromhex(dst.decode()).decode("utf-16-be"))
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + i)
    return out


def pdf_glyphs(path: Path) -> dict[str, list[tuple[str, int]]]:
    """Per embedded font (subset prefix removed): the (character, CID) pairs it draws."""
    objs = _objects(path.read_bytes())
    fonts: dict[str, list[tuple[str, int]]] = {}
    for body in objs.values():
        if b"/Type/Font" not in body.replace(b" ", b"") or b"/Subtype/Type1" not in body:
            continue
        name = re.search(rb"/BaseFont/(?:[A-Z]{6}\+)?([^\s/]+)", body)
        desc, tounicode = _ref(body, b"FontDescriptor"), _ref(body, b"ToUnicode")
        if not (name and desc and tounicode):
            continue
        file_ref = _ref(objs[desc], b"FontFile")
        if file_ref is None:
            continue
        program = _stream(objs[file_ref])
        codes = {int(c): int(cid) for c, cid in re.findall(rb"dup (\d+) /cid(\d+) put", program)}
        chars = _to_unicode(_stream(objs[tounicode]))
        pairs = [(chars[c], cid) for c, cid in codes.items() if c in chars]
        fonts.setdefault(name.group(1).decode(), []).extend(pairs)
    return fonts


# --------------------------------------------------------------------------- the collection

def _cmap_lookup(data: bytes, off: int) -> dict[int, int]:
    """The Unicode cmap (format 12, else format 4) of the face whose cmap table is at off."""
    n = struct.unpack_from(">H", data, off + 2)[0]
    subs = {}
    for i in range(n):
        pid, eid, sub_off = struct.unpack_from(">HHI", data, off + 4 + 8 * i)
        subs[(pid, eid)] = off + sub_off
    mapping: dict[int, int] = {}
    if (3, 10) in subs:
        s = subs[(3, 10)]
        ngroups = struct.unpack_from(">I", data, s + 12)[0]
        for g in range(ngroups):
            start, end, gid = struct.unpack_from(">III", data, s + 16 + 12 * g)
            for cp in range(start, end + 1):
                mapping[cp] = gid + cp - start
        return mapping
    s = subs[(3, 1)]
    segx2 = struct.unpack_from(">H", data, s + 6)[0]
    ends = struct.unpack_from(f">{segx2 // 2}H", data, s + 14)
    starts = struct.unpack_from(f">{segx2 // 2}H", data, s + 16 + segx2)
    deltas = struct.unpack_from(f">{segx2 // 2}h", data, s + 16 + 2 * segx2)
    ro_pos = s + 16 + 3 * segx2
    ranges = struct.unpack_from(f">{segx2 // 2}H", data, ro_pos)
    for i, (st, en) in enumerate(zip(starts, ends, strict=True)):
        for cp in range(st, en + 1):
            if ranges[i] == 0:
                gid = (cp + deltas[i]) & 0xFFFF
            else:
                gpos = ro_pos + 2 * i + ranges[i] + 2 * (cp - st)
                gid = struct.unpack_from(">H", data, gpos)[0]
                if gid:
                    gid = (gid + deltas[i]) & 0xFFFF
            mapping[cp] = gid
    return mapping


def _family(data: bytes, off: int) -> str:
    count, str_off = struct.unpack_from(">HH", data, off + 2)
    for i in range(count):
        pid, eid, _lang, nid, length, noff = struct.unpack_from(">HHHHHH", data, off + 6 + 12 * i)
        if nid == 1 and pid == 3 and eid == 1:
            return data[off + str_off + noff: off + str_off + noff + length].decode("utf-16-be")
    return ""


@cache
def collection_cmaps(font_file: str) -> dict[str, dict[int, int]]:
    """Family name -> Unicode-to-glyph map, for every face of a .ttc/.otc (or one .otf)."""
    data = Path(font_file).read_bytes()
    if data[:4] == b"ttcf":
        n = struct.unpack_from(">I", data, 8)[0]
        faces = list(struct.unpack_from(f">{n}I", data, 12))
    else:
        faces = [0]
    out = {}
    for face in faces:
        ntables = struct.unpack_from(">H", data, face + 4)[0]
        tables = {}
        for i in range(ntables):
            tag, _sum, toff, _len = struct.unpack_from(">4sIII", data, face + 12 + 16 * i)
            tables[tag] = toff
        out[_family(data, tables[b"name"])] = _cmap_lookup(data, tables[b"cmap"])
    return out


def font_file(family: str) -> str:
    return subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True,
                          check=True, text=True).stdout


def face_of(pairs: list[tuple[str, int]], cmaps: dict[str, dict[int, int]]) -> dict[str, int]:
    """For each face: how many of the (char, CID) pairs agree with its cmap."""
    return {fam: sum(1 for ch, cid in pairs if cmap.get(ord(ch)) == cid)
            for fam, cmap in cmaps.items()}
