"""One lesson file <-> one `LessonDocument`.

Parsing keeps the line of every front-matter key and list item, so each problem is
reported as `path:line: message`. Serialising writes the canonical form: keys in the
order of `FIELDS`, `x-` keys last, lists in block style. Parsing a serialised
document gives the same document back (the round trip the exchange format needs).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from library.content import front_matter
from library.content.body import MAX_TEXT_CHARS, SectionDocument, dutch_number, parse_body
from library.content.filetypes import IMAGE_EXTENSIONS
from library.vocab.loader import Vocabularies, fold

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FORKED_FROM_RE = re.compile(r"^(?P<slug>[a-z0-9]+(-[a-z0-9]+)*)(@(?P<revision>[1-9][0-9]*))?$")
FILENAME_RE = re.compile(r"^[\w][\w .()+-]*\.[A-Za-z0-9]{1,8}$")
DEFAULT_LICENSE = "CC-BY-SA-4.0"
# What a lesson without `audience` is for; the key is stored only when a file gives it.
DEFAULT_AUDIENCE = "leerlingen"
# The whole file, front matter and body: checked before anything else reads the text.
MAX_LESSON_CHARS = 200_000
# A word of `word_list`; its explanation's limit is the field's `max_length`.
MAX_WORD_CHARS = 60
# What every `x-` key's value may take together, stored as JSON in the revision's metadata.
MAX_EXTENSION_BYTES = 16 * 1024
# The `x-` entry that describes where a harvested lesson comes from (written by the
# harvester); the lesson file keeps and exports it. Whether a lesson is harvested is decided
# by its key columns (`Lesson.harvest_source`), which only the harvester sets: an adaptation
# of a harvested lesson, or a file that claims the entry, is this library's own lesson.
HARVEST_ORIGIN = "x-harvest-origin"
# A cover's alt text: what a screen reader reads instead of the picture, a sentence or two.
MAX_ALT_CHARS = 250


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    # The piece of the body it is about (`intro`, `section-<n>`, `section-<n>-heading`,
    # `body`), so the editor can show it at that field; "" in the front matter.
    part: str = ""

    def __str__(self) -> str:
        if not self.line:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class LessonDocument:
    """A lesson as the format describes it: canonical metadata, introduction and sections."""

    slug: str
    metadata: dict[str, Any]
    intro: str = ""
    sections: list[SectionDocument] = field(default_factory=list)
    # Where the document was read from and the line of each front-matter key,
    # for problems found across files.
    source: str = ""
    key_lines: dict[str, int] = field(default_factory=dict)
    # Attachment name -> file on disk, when the document was read from a folder.
    attachment_files: dict[str, Path] = field(default_factory=dict)

    @property
    def attachments(self) -> list[str]:
        return list(self.metadata.get("attachments", []))


@dataclass(frozen=True)
class Field:
    """How one front-matter key is checked."""

    name: str
    # "text", "int", "choice", "terms", "texts", "glossary", "slug", "forked_from", "file",
    # "files"
    kind: str
    # The key's Dutch name, wherever the library names the field to people (a version
    # comparison's rows, the overview's export); the editor asks for it in its own words.
    label: str
    required: bool = False
    vocabulary: str | None = None
    min_length: int = 0
    max_length: int | None = None
    minimum: int | None = None
    # An "int" field's largest value; a list field's largest number of items.
    maximum: int | None = None
    markdown: bool = False


FIELDS: tuple[Field, ...] = (
    Field("title", "text", "Titel", required=True, min_length=3, max_length=120),
    Field("slug", "slug", "Webadres (slug)", max_length=80),
    Field("summary", "text", "Samenvatting", required=True, min_length=1, max_length=400),
    Field("kind", "choice", "Soort les", required=True, vocabulary="kinds"),
    Field("audience", "choice", "Voor wie", vocabulary="audiences"),
    Field("worlds", "terms", "Werelden", required=True, vocabulary="worlds", min_length=1),
    Field("grades", "terms", "Groepen", required=True, vocabulary="grades", min_length=1),
    Field("goals", "terms", "Kerndoelen", vocabulary="goals"),
    Field("skills", "terms", "Vaardigheden", vocabulary="skills"),
    Field("duration", "int", "Duur (minuten)", minimum=5, maximum=2400),
    Field("group_size", "int", "Groepsgrootte", minimum=1, maximum=40),
    Field("threshold", "choice", "Drempel", vocabulary="thresholds"),
    Field("location", "choice", "Locatie", vocabulary="locations"),
    Field("technologies", "terms", "Technologie", vocabulary="technologies"),
    Field("profiles", "terms", "vmbo-profielen", vocabulary="profiles"),
    Field("occupations", "terms", "Beroepen", vocabulary="occupations"),
    Field("materials", "texts", "Materialen", max_length=300, maximum=60),
    Field("preparation", "text", "Voorbereiding", markdown=True, max_length=MAX_TEXT_CHARS),
    Field("preparation_minutes", "int", "Voorbereiding (minuten)", minimum=0, maximum=600),
    # `max_length` is the explanation's; a word has at most MAX_WORD_CHARS.
    Field("word_list", "glossary", "Woordenschat", min_length=1, max_length=300, maximum=40),
    Field("sentence_starters", "texts", "Zinsstarters", max_length=200, maximum=20),
    Field("tags", "texts", "Trefwoorden", max_length=60, maximum=40),
    Field("license", "choice", "Licentie", vocabulary="licenses"),
    Field("authors", "texts", "Makers", max_length=200, maximum=30),
    Field("organisation", "text", "Organisatie", max_length=200),
    Field("region", "text", "Regio", max_length=200),
    Field("forked_from", "forked_from", "Gebaseerd op"),
    Field("attachments", "files", "Bijlagen", maximum=50),
    # One of the attachments, an image, with the text that stands for it (`img alt`).
    Field("cover", "file", "Omslagafbeelding"),
    Field("cover_alt", "text", "Beschrijving van de omslagafbeelding", max_length=MAX_ALT_CHARS),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
# The fields whose values the database also keeps as links to their terms (`lesson_term`),
# so SQL can select and count lessons by them.
TERM_FIELDS = tuple(f for f in FIELDS if f.kind == "terms")


def unix_lines(text: str) -> str:
    """The text with every line ending (CRLF from a browser, a lone CR) as one newline."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Reporter:
    """Collects problems for one file; `line` is 1-based in the whole file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def __call__(self, line: int, message: str, part: str = "") -> None:
        self.problems.append(Problem(self.path, line, message, part))


def _closest(options: list[str]) -> str:
    if not options:
        return ""
    return " Bedoelde je: " + ", ".join(f"`{o}`" for o in options) + "?"


def parse_lesson(
    text: str, path: str, vocabularies: Vocabularies, default_slug: str | None = None
) -> tuple[LessonDocument | None, list[Problem]]:
    """Parse and validate a lesson file's text. Returns the document, or None and the problems."""
    report = _Reporter(path)
    text = unix_lines(text).lstrip("\ufeff")
    if len(text) > MAX_LESSON_CHARS:
        limit, now = dutch_number(MAX_LESSON_CHARS), dutch_number(len(text))
        report(1, f"een lesbestand mag hoogstens {limit} tekens hebben (nu {now})")
        return None, report.problems
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report(1, "het bestand begint niet met een front matter-blok (een regel `---`)")
        return None, report.problems
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        report(1, "het front matter-blok wordt niet afgesloten met een regel `---`")
        return None, report.problems
    front = "\n".join(lines[1:end])
    body_first_line = end + 2  # 1-based line number of the first body line
    key_lines: dict[str, int] = {}
    metadata = _parse_front_matter(front, report, vocabularies, default_slug, key_lines)
    intro, sections = parse_body(lines[end + 1 :], body_first_line, report)
    if metadata is None or report.problems:
        return None, report.problems

    cycle = vocabularies.cycles[metadata["kind"]]
    for section in sections:
        phase = cycle.match_heading(section.heading)
        section.phase = phase.key if phase else None
    document = LessonDocument(
        slug=metadata.get("slug") or default_slug or "",
        metadata=metadata,
        intro=intro,
        sections=sections,
        source=path,
        key_lines=key_lines,
    )
    return document, []


def _parse_front_matter(
    front: str,
    report: _Reporter,
    vocabularies: Vocabularies,
    default_slug: str | None,
    key_lines: dict[str, int],
) -> dict[str, Any] | None:
    try:
        root = front_matter.compose(front)
    except yaml.YAMLError as error:
        _report_yaml_error(error, report)
        return None
    if root is None:
        root = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root, yaml.MappingNode):
        report(2, "de front matter moet bestaan uit regels `sleutel: waarde`")
        return None

    found: dict[str, yaml.Node] = {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 2
        key = str(key_node.value)
        if key in found:
            report(line, f"`{key}` staat twee keer in de front matter")
            continue
        if key not in FIELDS_BY_NAME and not key.startswith("x-"):
            close = [k for k in _close_keys(key, list(FIELDS_BY_NAME)) if k not in found]
            report(line, f"onbekende sleutel `{key}`.{_closest(close)}")
            continue
        found[key] = value_node
        key_lines[key] = line

    metadata: dict[str, Any] = {}
    for spec in FIELDS:
        node = found.get(spec.name)
        if node is None or _is_null(node):
            if spec.required:
                report(2, f"de verplichte sleutel `{spec.name}` ontbreekt")
            continue
        value = _CHECKS[spec.kind](spec, node, key_lines[spec.name], report, vocabularies)
        if value is not None and value != []:
            metadata[spec.name] = value
    _read_extensions(found, metadata, report)
    _check_cover(metadata, key_lines, report)

    if "slug" not in metadata:
        if default_slug is None or not SLUG_RE.match(default_slug) or len(default_slug) > 80:
            report(2, "de bestandsnaam is geen geldige slug; geef de les een `slug:` (a-z, 0-9, -)")
        else:
            metadata["slug"] = default_slug
    metadata.setdefault("license", DEFAULT_LICENSE)
    return _ordered(metadata)


def _check_cover(metadata: dict[str, Any], key_lines: dict[str, int], report: _Reporter) -> None:
    """The cover is one of the lesson's images and has its alt text, or neither is given.
    A key whose own value was refused already gets no second problem here."""

    def refused(key: str) -> bool:
        return any(problem.line == key_lines.get(key) for problem in report.problems)

    cover, alt = metadata.get("cover"), metadata.get("cover_alt")
    if cover is None:
        if alt is not None and not refused("cover"):
            report(key_lines["cover_alt"], "`cover_alt` zonder `cover`: noem ook de afbeelding")
        return
    line = key_lines["cover"]
    if cover not in metadata.get("attachments", []):
        report(line, f"`cover` `{cover}` is niet een van de bijlagen (`attachments`) van de les")
    elif cover.rpartition(".")[2].lower() not in IMAGE_EXTENSIONS:
        kinds = ", ".join(IMAGE_EXTENSIONS)
        report(line, f"`cover` `{cover}` is geen afbeelding (dit kan: {kinds})")
    if alt is None and not refused("cover_alt"):
        report(
            line,
            "`cover` heeft een `cover_alt` nodig: zeg in een zin wat er op de afbeelding staat",
        )


def _report_yaml_error(error: yaml.YAMLError, report: _Reporter) -> None:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 2 if mark is not None else 1
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, front_matter.RefusedYAML):
        report(
            line, f"de front matter gebruikt YAML die een lesbestand niet mag bevatten: {problem}"
        )
    else:
        report(line, f"de front matter is geen geldige YAML: {problem}")


def _read_extensions(
    found: dict[str, yaml.Node], metadata: dict[str, Any], report: _Reporter
) -> None:
    """The `x-` keys as JSON data, together at most MAX_EXTENSION_BYTES once stored."""
    size = 0
    for key, node in found.items():
        if not key.startswith("x-"):
            continue
        try:
            value = front_matter.extension_value(node)
        except front_matter.RefusedYAML as error:
            _report_yaml_error(error, report)
            continue
        size += len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
        if size > MAX_EXTENSION_BYTES:
            limit = MAX_EXTENSION_BYTES // 1024
            report(
                _line(node), f"de `x-`-sleutels samen mogen hoogstens {limit} KB zijn (als JSON)"
            )
            return
        metadata[key] = value


def _close_keys(key: str, options: list[str]) -> list[str]:
    return difflib.get_close_matches(key, options, n=3, cutoff=0.75)


def _ordered(metadata: dict[str, Any]) -> dict[str, Any]:
    ordered = {spec.name: metadata[spec.name] for spec in FIELDS if spec.name in metadata}
    ordered.update({k: v for k, v in metadata.items() if k.startswith("x-")})
    return ordered


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 2


def _scalar_text(spec: Field, node: yaml.Node, report: _Reporter) -> str | None:
    """The scalar as written: `title: 1984` stays the text "1984", no YAML typing."""
    if not isinstance(node, yaml.ScalarNode):
        report(_line(node), f"`{spec.name}` moet tekst zijn, geen lijst of blok sleutels")
        return None
    return str(node.value).strip()


def _check_length(
    text: str, line: int, report: _Reporter, what: str, maximum: int | None, minimum: int = 0
) -> bool:
    if not text:
        report(line, f"{what} is leeg")
        return False
    if len(text) < minimum:
        report(line, f"{what} moet minstens {minimum} tekens hebben")
        return False
    if maximum and len(text) > maximum:
        limit, now = dutch_number(maximum), dutch_number(len(text))
        report(line, f"{what} mag hoogstens {limit} tekens hebben (nu {now})")
        return False
    return True


def _check_count(spec: Field, count: int, line: int, report: _Reporter) -> bool:
    if spec.maximum is not None and count > spec.maximum:
        report(line, f"`{spec.name}` mag hoogstens {spec.maximum} items hebben (nu {count})")
        return False
    return True


def _check_text(spec, node, line, report, vocabularies) -> str | None:
    text = _scalar_text(spec, node, report)
    if text is None:
        return None
    # A browser's textarea sends CRLF, which YAML keeps inside a quoted string.
    text = unix_lines(text) if spec.markdown else " ".join(text.split())
    if not text and not spec.required:
        return None
    what = f"`{spec.name}`"
    if not _check_length(text, _line(node), report, what, spec.max_length, spec.min_length):
        return None
    return text


def _check_slug(spec, node, line, report, vocabularies) -> str | None:
    text = _scalar_text(spec, node, report)
    if text is None:
        return None
    if not SLUG_RE.match(text) or len(text) > 80:
        rule = "mag alleen a-z, 0-9 en losse streepjes bevatten (hoogstens 80 tekens)"
        report(_line(node), f"`slug` `{text}` {rule}")
        return None
    return text


def _check_int(spec, node, line, report, vocabularies) -> int | None:
    text = _scalar_text(spec, node, report)
    if text is None:
        return None
    if not re.fullmatch(r"[0-9]+", text):
        report(_line(node), f"`{spec.name}` moet een heel getal zijn (nu `{text}`)")
        return None
    value = int(text)
    if not spec.minimum <= value <= spec.maximum:
        report(
            _line(node),
            f"`{spec.name}` moet tussen {spec.minimum} en {spec.maximum} liggen (nu {value})",
        )
        return None
    return value


def _resolve_term(spec, text: str, line: int, report, vocabularies) -> str | None:
    vocabulary = vocabularies[spec.vocabulary]
    term = vocabulary.resolve(text)
    if term is None:
        hint = _closest(vocabulary.suggest(text))
        report(line, f"`{text}` is geen geldige waarde voor `{spec.name}`.{hint}")
        return None
    return term.key


def _check_choice(spec, node, line, report, vocabularies) -> str | None:
    text = _scalar_text(spec, node, report)
    if text is None:
        return None
    return _resolve_term(spec, text, _line(node), report, vocabularies)


def _items(spec: Field, node: yaml.Node, report: _Reporter) -> list[tuple[str, int]] | None:
    """A list's items as (text, line); a single scalar counts as a list of one."""
    if isinstance(node, yaml.ScalarNode):
        return [(str(node.value).strip(), _line(node))]
    if not isinstance(node, yaml.SequenceNode):
        report(_line(node), f"`{spec.name}` moet een lijst zijn")
        return None
    items = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode):
            report(_line(item), f"elk item van `{spec.name}` moet tekst zijn")
            continue
        items.append((str(item.value).strip(), _line(item)))
    return items


def _check_terms(spec, node, line, report, vocabularies) -> list[str] | None:
    items = _items(spec, node, report)
    if items is None:
        return None
    keys: list[str] = []
    for text, item_line in items:
        key = _resolve_term(spec, text, item_line, report, vocabularies)
        if key is not None and key not in keys:
            keys.append(key)
    if spec.min_length and not items:
        report(line, f"`{spec.name}` moet minstens één waarde hebben")
    return keys


def _check_texts(spec, node, line, report, vocabularies) -> list[str] | None:
    items = _items(spec, node, report)
    if items is None or not _check_count(spec, len(items), line, report):
        return None
    texts = []
    for text, item_line in items:
        text = " ".join(text.split())
        what = f"een item van `{spec.name}`"
        if _check_length(text, item_line, report, what, spec.max_length, spec.min_length):
            texts.append(text)
    return texts


def _check_glossary(spec, node, line, report, vocabularies) -> list[dict[str, str]] | None:
    """Items `- woord: uitleg`, kept as {"word", "meaning"} (JSON data), each word once."""
    if not isinstance(node, yaml.SequenceNode):
        report(_line(node), f"`{spec.name}` moet een lijst zijn met regels `- woord: uitleg`")
        return None
    if len(node.value) < spec.min_length:
        report(line, f"`{spec.name}` moet minstens één woord met uitleg hebben")
        return None
    if not _check_count(spec, len(node.value), line, report):
        return None
    entries: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in node.value:
        pair = _word_and_meaning(item)
        if pair is None:
            report(_line(item), f"elk item van `{spec.name}` moet één paar `woord: uitleg` zijn")
            continue
        word, meaning = pair
        word_ok = _check_length(
            word, _line(item), report, f"een woord van `{spec.name}`", MAX_WORD_CHARS
        )
        what = f"de uitleg van `{word}` in `{spec.name}`"
        meaning_ok = _check_length(meaning, _line(item), report, what, spec.max_length)
        if word_ok and fold(word) in seen:
            report(_line(item), f"`{word}` staat twee keer in `{spec.name}`")
        elif word_ok and meaning_ok:
            seen.add(fold(word))
            entries.append({"word": word, "meaning": meaning})
    return entries


def _word_and_meaning(item: yaml.Node) -> tuple[str, str] | None:
    """The texts of a one-pair mapping of scalars; None for any other shape."""
    if not isinstance(item, yaml.MappingNode) or len(item.value) != 1:
        return None
    word_node, meaning_node = item.value[0]
    if not isinstance(word_node, yaml.ScalarNode) or not isinstance(meaning_node, yaml.ScalarNode):
        return None
    meaning = "" if _is_null(meaning_node) else str(meaning_node.value)
    return " ".join(str(word_node.value).split()), " ".join(meaning.split())


def _check_forked_from(spec, node, line, report, vocabularies) -> str | None:
    text = _scalar_text(spec, node, report)
    if text is None:
        return None
    if not FORKED_FROM_RE.match(text):
        report(
            _line(node), f"`forked_from` moet een slug zijn, eventueel met `@revisie` (nu `{text}`)"
        )
        return None
    return text


def _check_file(spec, node, line, report, vocabularies) -> str | None:
    text = _scalar_text(spec, node, report)
    if text is None:
        return None
    if not FILENAME_RE.match(text) or ".." in text:
        report(_line(node), f"`{text}` is geen geldige bestandsnaam voor `{spec.name}`")
        return None
    return text


def _check_files(spec, node, line, report, vocabularies) -> list[str] | None:
    items = _items(spec, node, report)
    if items is None or not _check_count(spec, len(items), line, report):
        return None
    names: list[str] = []
    for text, item_line in items:
        if not FILENAME_RE.match(text) or ".." in text:
            report(item_line, f"`{text}` is geen geldige bestandsnaam voor een bijlage")
        elif text in names:
            report(item_line, f"bijlage `{text}` staat twee keer in de lijst")
        else:
            names.append(text)
    return names


_CHECKS: dict[str, Callable[..., Any]] = {
    "text": _check_text,
    "slug": _check_slug,
    "int": _check_int,
    "choice": _check_choice,
    "terms": _check_terms,
    "texts": _check_texts,
    "glossary": _check_glossary,
    "forked_from": _check_forked_from,
    "file": _check_file,
    "files": _check_files,
}


class _Dumper(yaml.SafeDumper):
    """Block lists, multi-line text as `|` blocks, never line-wrapped, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        # The same list under two keys is written out twice: the parser refuses aliases.
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Quoted(str):
    """Text written in double quotes: a word list's pairs stay readable as `"woord": "uitleg"`."""


def _represent_quoted(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Quoted, _represent_quoted)


def _file_values(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata as the file writes it: keys in order, each word list entry one pair."""
    values = _ordered(metadata)
    for spec in FIELDS:
        if spec.kind == "glossary" and spec.name in values:
            values[spec.name] = [
                {_Quoted(entry["word"]): _Quoted(entry["meaning"])} for entry in values[spec.name]
            ]
    return values


def serialise(document: LessonDocument) -> str:
    """The canonical file text of a document."""
    front = yaml.dump(
        _file_values(document.metadata),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
        indent=2,
    )
    parts = ["---\n" + front + "---\n"]
    if document.intro:
        parts.append(document.intro + "\n")
    for section in document.sections:
        block = f"## {section.heading}\n"
        if section.markdown:
            block += "\n" + section.markdown + "\n"
        parts.append(block)
    return "\n".join(parts)
