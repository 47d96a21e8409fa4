"""Deterministic zip writing with raw (already compressed) member copies.

A .docx is a zip archive. To render many documents from one template, the members that do
not change (styles, theme, fonts, settings, media ...) are read once as their compressed
bytes and copied into every output without being decompressed or compressed again; only the
parts that change are deflated. Every member gets the same fixed timestamp (1980-01-01
00:00:00, the zip epoch) and the members keep the order given, so the same input always
gives byte-identical files.

Only what .docx needs is supported: stored or deflated members, no encryption, no zip64
(each member and the whole archive under 4 GiB, fewer than 65,535 members).
"""

from __future__ import annotations

import struct
import types
import zipfile
import zlib
from dataclasses import dataclass, field

DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
DOS_TIME = 0  # 00:00:00
UTF8_FLAG = 0x800
LOCAL_SIG = b"PK\x03\x04"
CENTRAL_SIG = b"PK\x01\x02"
END_SIG = b"PK\x05\x06"
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
LIMIT = 0xFFFFFFFF
_OFFSET = struct.Struct("<L")

# The parts rendered per document are deflated with ISA-L (python-isal) at its level 1:
# a slip's document.xml in ~28 us against ~87 us for zlib at level 3, for ~6% more
# compressed bytes (~120 bytes a file); its crc32 is ~4x faster too. Any deflate stream is
# a valid zip member (Word, WPS and LibreOffice read them all); without python-isal zlib
# at level 3 is used. The output stays deterministic: same input, same bytes.
_deflate: types.ModuleType
try:
    from isal import isal_zlib as _deflate

    DEFLATE_LEVEL = 1
except ImportError:  # pragma: no cover - python-isal is a dependency
    _deflate = zlib
    DEFLATE_LEVEL = 3


@dataclass(frozen=True)
class Member:
    """One zip member as stored: name, method, CRC, sizes and the stored (compressed) data."""

    name: str
    method: int
    crc: int
    size: int
    data: bytes
    # the central directory record up to its offset field, and the encoded name after it
    central_head: bytes = field(init=False, repr=False, compare=False)
    name_bytes: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        name = self.name.encode("utf-8")
        if self.size > LIMIT or self.compressed_size > LIMIT:
            raise ValueError(f"zip member too large: {self.name}")
        head = _CENTRAL.pack(CENTRAL_SIG, 20, _version(self.method), _flags(name, self.name),
                             self.method, DOS_TIME, DOS_DATE, self.crc, self.compressed_size,
                             self.size, len(name), 0, 0, 0, 0, 0, 0)
        object.__setattr__(self, "central_head", head[:-_OFFSET.size])
        object.__setattr__(self, "name_bytes", name)

    @property
    def compressed_size(self) -> int:
        return len(self.data)


def deflated(name: str, content: bytes, level: int = DEFLATE_LEVEL) -> Member:
    """A new member holding ``content`` deflated (raw deflate, as zip stores it)."""
    comp = _deflate.compressobj(level, _deflate.DEFLATED, -15)
    data = comp.compress(content) + comp.flush()
    return Member(name, zipfile.ZIP_DEFLATED, _deflate.crc32(content) & LIMIT, len(content),
                  data)


def read_members(archive: bytes) -> list[Member]:
    """Every member of ``archive`` in stored order, with its compressed bytes untouched."""
    import io

    out: list[Member] = []
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        for info in zf.infolist():
            if info.flag_bits & 0x1:
                raise ValueError(f"encrypted zip member: {info.filename}")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ValueError(f"unsupported compression for {info.filename}")
            off = info.header_offset
            head = archive[off:off + _LOCAL.size]
            if len(head) != _LOCAL.size or head[:4] != LOCAL_SIG:
                raise ValueError(f"bad local header for {info.filename}")
            name_len, extra_len = struct.unpack("<2H", head[26:30])
            start = off + _LOCAL.size + name_len + extra_len
            data = archive[start:start + info.compress_size]
            if len(data) != info.compress_size:
                raise ValueError(f"truncated zip member: {info.filename}")
            out.append(Member(info.filename, info.compress_type, info.CRC & LIMIT,
                              info.file_size, data))
    return out


def _flags(name: bytes, text: str) -> int:
    return UTF8_FLAG if len(name) != len(text) else 0


def _version(method: int) -> int:
    return 20 if method == zipfile.ZIP_DEFLATED else 10


def local_record(m: Member) -> bytes:
    """Local file header followed by the member's stored data."""
    name = m.name_bytes
    head = _LOCAL.pack(LOCAL_SIG, _version(m.method), _flags(name, m.name), m.method,
                       DOS_TIME, DOS_DATE, m.crc, m.compressed_size, m.size, len(name), 0)
    return head + name + m.data


def central_record(m: Member, offset: int) -> bytes:
    if offset > LIMIT:
        raise ValueError("zip archive too large")
    return m.central_head + _OFFSET.pack(offset) + m.name_bytes


class ZipBuilder:
    """Assemble an archive from members in order; unchanged members can be pre-encoded.

    ``encode(member)`` returns the (local record, member) pair to pass to :meth:`build`;
    doing that once per template for the unchanged members leaves only offsets to compute
    per document.
    """

    @staticmethod
    def encode(m: Member) -> tuple[bytes, Member]:
        return local_record(m), m

    @staticmethod
    def build(parts: list[tuple[bytes, Member]]) -> bytes:
        if len(parts) >= 0xFFFF:
            raise ValueError("too many zip members")
        chunks: list[bytes] = []
        central: list[bytes] = []
        offset = 0
        for local, m in parts:
            central.append(central_record(m, offset))
            chunks.append(local)
            offset += len(local)
        cd = b"".join(central)
        if offset > LIMIT:
            raise ValueError("zip archive too large")
        end = _END.pack(END_SIG, 0, 0, len(parts), len(parts), len(cd), offset, 0)
        chunks.append(cd)
        chunks.append(end)
        return b"".join(chunks)


def normalize(archive: bytes) -> bytes:
    """Re-pack ``archive`` with fixed timestamps, keeping order and compressed data as is."""
    return ZipBuilder.build([ZipBuilder.encode(m) for m in read_members(archive)])
