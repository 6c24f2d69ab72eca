"""Small valid files of every type an attachment may have, made in memory."""

from __future__ import annotations

import io
import struct
import zipfile


def zipped(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compression)
    return buffer.getvalue()


def opendocument(kind: str, *, manifest: bool = True) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    entries = [("mimetype", mimetype), ("content.xml", b"<office:document-content/>")]
    if manifest:
        entries.append(("META-INF/manifest.xml", b"<manifest:manifest/>"))
    return zipped(*entries)


OOXML_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


MAIN_TYPES = {
    "word/document.xml": "wordprocessingml.document.main+xml",
    "ppt/presentation.xml": "presentationml.presentation.main+xml",
    "xl/workbook.xml": "spreadsheetml.sheet.main+xml",
}


def office(part: str, content_type: str | None = None, declared: str | None = None) -> bytes:
    """An OPC package whose [Content_Types].xml declares its main part (as Office writes it)."""
    content_type = content_type or (
        f"application/vnd.openxmlformats-officedocument.{MAIN_TYPES[part]}"
    )
    types = (
        f'<Types xmlns="{OOXML_TYPES}"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{declared or part}" ContentType="{content_type}"/></Types>'
    )
    return zipped(
        ("[Content_Types].xml", types.encode()), ("_rels/.rels", b"<Relationships/>"),
        (part, b"<document/>"),
    )  # fmt: skip


def binary_stl(*triangles: tuple[float, ...]) -> bytes:
    body = b"".join(struct.pack("<12fH", *triangle, 0) for triangle in triangles)
    return b"model".ljust(80, b" ") + struct.pack("<I", len(triangles)) + body


TRIANGLE = (0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0)


BINARY_STL = binary_stl(TRIANGLE, TRIANGLE)


HEX = b":10010000214601360121470136007EFE09D2190140\n:00000001FF\n"


DRAWING = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 180" role="img">'
    b'<title>Een zon</title><circle cx="160" cy="90" r="40" fill="#f2b134"/></svg>'
)


def webp(chunk: bytes = b"VP8L") -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", 4) + bytes(4)
    return b"RIFF" + struct.pack("<I", len(body)) + body


SAMPLES = {
    "pdf": b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n",
    "png": b"\x89PNG\r\n\x1a\n" + bytes(20),
    "jpg": b"\xff\xd8\xff\xe0" + bytes(20),
    "webp": webp(),
    "svg": DRAWING,
    "docx": office("word/document.xml"),
    "pptx": office("ppt/presentation.xml"),
    "xlsx": office("xl/workbook.xml"),
    "odt": opendocument("text"),
    "odp": opendocument("presentation"),
    "ods": opendocument("spreadsheet"),
    "sb3": zipped(("project.json", b"{}"), ("1.svg", b"<svg/>")),
    "zip": zipped(("werkblad.txt", b"hallo")),
    "stl": BINARY_STL,
    "hex": HEX,
}
