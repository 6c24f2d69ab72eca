"""The kinds of file a lesson may carry, recognised by their content, never by their name.

One check for every way a file reaches a lesson: the editor's upload, `content import`
and harvesting. A file is accepted only when its content is one of the kinds below
(worksheets, slides, images, 3D models, Scratch and micro:bit programs, zip archives)
and its name's extension agrees; anything else (HTML, scripts, programs) is refused.
An SVG drawing is accepted only when it holds nothing but shapes (`drawings.py`). The
checks are strict where a loose one would let markup through: a binary STL must hold
at least one triangle and exactly as many as its size says, with finite coordinates;
an ASCII STL must parse as facets from `solid` to `endsolid`; an Office document must
be an OPC package whose `[Content_Types].xml` gives its main part the right content
type; an OpenDocument file must start with its uncompressed `mimetype` and carry a
manifest. Every check reads the bytes once (an SVG's twice: parsed, then walked), in
time linear in their size.
"""

from __future__ import annotations

import io
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from library.content.drawings import looks_like_svg, svg_refusal


@dataclass(frozen=True)
class FileType:
    name: str  # what a teacher calls it
    extensions: tuple[str, ...]


FILE_TYPES = {
    "pdf": FileType("pdf-bestand", ("pdf",)),
    "docx": FileType("Word-document", ("docx",)),
    "odt": FileType("OpenDocument-tekst", ("odt",)),
    "pptx": FileType("PowerPoint-presentatie", ("pptx",)),
    "odp": FileType("OpenDocument-presentatie", ("odp",)),
    "xlsx": FileType("Excel-werkblad", ("xlsx",)),
    "ods": FileType("OpenDocument-rekenblad", ("ods",)),
    "png": FileType("png-afbeelding", ("png",)),
    "jpg": FileType("jpg-foto", ("jpg", "jpeg")),
    "webp": FileType("webp-afbeelding", ("webp",)),
    "svg": FileType("svg-tekening", ("svg",)),
    "stl": FileType("3D-model (stl)", ("stl",)),
    "sb3": FileType("Scratch-project", ("sb3",)),
    "hex": FileType("micro:bit-programma (hex)", ("hex",)),
    "zip": FileType("zip-archief", ("zip",)),
}
ZIP_KINDS = frozenset({"docx", "odt", "pptx", "odp", "xlsx", "ods", "sb3", "zip"})
# What a web page can show as a picture: a lesson's cover is one of these.
IMAGE_KINDS = ("png", "jpg", "webp", "svg")
IMAGE_EXTENSIONS = tuple(ext for kind in IMAGE_KINDS for ext in FILE_TYPES[kind].extensions)
ACCEPTED_EXTENSIONS = tuple(ext for kind in FILE_TYPES.values() for ext in kind.extensions)
OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
ODF_MANIFEST = "META-INF/manifest.xml"
OFFICE_MAIN_PARTS = {
    "/word/document.xml": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "/ppt/presentation.xml": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "/xl/workbook.xml": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
CONTENT_TYPES = "[Content_Types].xml"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# Another program's XML: no entities resolved, nothing fetched.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)
HEX_RECORD = re.compile(rb"^:[0-9A-Fa-f]{10,}$")
STL_NUMBER_CHARACTERS = b"0123456789+-.e"
# The words of an ASCII STL facet; None stands for a number.
STL_FACET = (
    (b"facet", b"normal", None, None, None, b"outer", b"loop")
    + (b"vertex", None, None, None) * 3
    + (b"endloop", b"endfacet")
)
STL_TRIANGLE = struct.Struct("<12fH")  # normal, three vertices, attribute byte count


def _office_kind(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """docx, pptx or xlsx when the package declares its main part with the right type."""
    info = archive.getinfo(CONTENT_TYPES)
    if info.file_size > MAX_CONTENT_TYPES_BYTES or "_rels/.rels" not in names:
        return None
    try:
        types = etree.fromstring(archive.read(info), SAFE_XML)
    except etree.XMLSyntaxError:
        return None
    for override in types.iter(f"{CONTENT_TYPES_NS}Override"):
        part = override.get("PartName", "")
        kind, content_type = OFFICE_MAIN_PARTS.get(part, (None, None))
        if kind and override.get("ContentType") == content_type and part[1:] in names:
            return kind
    return None


def _opendocument_kind(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """odt, odp or ods: `mimetype` first and stored, naming the type exactly, and a manifest."""
    first = archive.infolist()[0]
    if first.compress_type != zipfile.ZIP_STORED or first.file_size > 100:
        return None
    kind = OPENDOCUMENT.get(archive.read(first))
    return kind if kind and ODF_MANIFEST in names else None


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if not members:
                return None
            names = {member.filename for member in members}
            if members[0].filename == "mimetype":
                return _opendocument_kind(archive, names) or "zip"
            if CONTENT_TYPES in names:
                return _office_kind(archive, names) or "zip"
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, zlib.error):
        return None
    return "sb3" if "project.json" in names else "zip"


def _is_binary_stl(data: bytes) -> bool:
    if len(data) < 84 + STL_TRIANGLE.size:
        return False
    (triangles,) = struct.unpack_from("<I", data, 80)
    if len(data) != 84 + STL_TRIANGLE.size * triangles:
        return False
    return all(
        all(map(math.isfinite, triangle[:12]))
        for triangle in STL_TRIANGLE.iter_unpack(memoryview(data)[84:])
    )


def _is_ascii_stl(data: bytes) -> bool:
    """`solid name`, one or more facets of three vertices, `endsolid name`: nothing else.

    The facets are checked as words, 21 to a facet: each keyword in its place, and every
    coordinate made of digits, signs, points and exponents only (no room for markup)."""
    if not data.isascii() or data.lstrip()[:5].lower() != b"solid":
        return False
    text = data.strip().lower()
    first_line_end, last_line_start = text.find(b"\n"), text.rfind(b"\n")
    if first_line_end < 0 or not text[last_line_start + 1 :].strip().startswith(b"endsolid"):
        return False
    words = text[first_line_end:last_line_start].split()
    if not words or len(words) % len(STL_FACET):
        return False
    for position, expected in enumerate(STL_FACET):
        column = words[position :: len(STL_FACET)]
        if expected is None:
            if b"".join(column).translate(None, STL_NUMBER_CHARACTERS):
                return False
        elif set(column) != {expected}:
            return False
    return True


def _is_webp(data: bytes) -> bool:
    """A RIFF container of the size it says, of type WEBP, starting with an image chunk."""
    if len(data) < 20 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    (size,) = struct.unpack_from("<I", data, 4)
    return size + 8 == len(data) and data[12:16] in (b"VP8 ", b"VP8L", b"VP8X")


def _is_intel_hex(data: bytes) -> bool:
    lines = [line.strip() for line in data.splitlines() if line.strip()]
    return bool(lines) and all(HEX_RECORD.match(line) for line in lines)


SIGNATURES: tuple[tuple[str, Callable[[bytes], bool]], ...] = (
    ("pdf", lambda data: data.startswith(b"%PDF-")),
    ("png", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n")),
    ("jpg", lambda data: data.startswith(b"\xff\xd8\xff")),
    ("webp", _is_webp),
    ("stl", _is_binary_stl),
    ("stl", _is_ascii_stl),
    ("hex", _is_intel_hex),
)


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are (a key of FILE_TYPES), or None if not one we accept."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if looks_like_svg(data):
        return "svg" if svg_refusal(data) is None else None
    for kind, matches in SIGNATURES:
        if matches(data):
            return kind
    return None


def refusal(name: str, data: bytes, max_bytes: int) -> str | None:
    """Why a file of that name and content cannot be a lesson's attachment (Dutch), or None."""
    if not data:
        return f"Het bestand ‘{name}’ is leeg."
    if len(data) > max_bytes:
        return f"Het bestand ‘{name}’ is groter dan {max_bytes // (1024 * 1024)} MB."
    drawing = looks_like_svg(data)
    reason = svg_refusal(data) if drawing else None
    if reason:
        return f"‘{name}’ kan niet: {reason}."
    kind = "svg" if drawing else sniff(data)
    if kind is None:
        allowed = ", ".join(ACCEPTED_EXTENSIONS)
        return f"‘{name}’ is geen bestand dat je hier kunt toevoegen. Dit kan wel: {allowed}."
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in FILE_TYPES[kind].extensions and not (
        extension == "zip" and kind in ZIP_KINDS
    ):
        return (
            f"De naam ‘{name}’ past niet bij de inhoud: het is een {FILE_TYPES[kind].name}. "
            f"Geef het bestand de extensie .{FILE_TYPES[kind].extensions[0]}."
        )
    return None
