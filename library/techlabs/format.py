"""One lab file (`content/techlabs/<slug>.yaml`) <-> one `LabDocument`.

The file is YAML read by the lesson files' safe reader (`content.front_matter`: no
anchors, aliases or tags, bounded nesting), with the same size limit and `path:line`
problems in Dutch. A document's `data` holds every value in its canonical written form
(dates `2026-10-14`, times `09:00`, cost `gratis` or `12,50`, vocabulary keys), so
`parse_lab(serialise(document))` gives the same document back and an import can tell an
unchanged lab by comparing documents. docs/techlab-format.md describes every key.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

import yaml

from library.content import front_matter
from library.content.body import MAX_TEXT_CHARS, dutch_number
from library.content.format import SLUG_RE, Problem
from library.techlabs.models import (
    CONTACT_PARTS,
    Audience,
    GuideKind,
    LabKind,
    TeacherFormat,
)
from library.vocab.loader import Vocabularies

MAX_LAB_CHARS = 200_000
MAX_ACTIVITIES = 40
MAX_DATES = 60
MAX_PERIODS = 20
MAX_GUIDES = 10
MAX_PUPILS = 500
FREE = "gratis"
COST_RE = re.compile(r"^[0-9]{1,5}(,[0-9]{2})?$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{5,}$")

LAB_KEYS = (
    "slug", "name", "kind", "operator", "region", "address", "travel", "capacity",
    "technologies", "guides", "contact", "periods", "description", "activities",
)  # fmt: skip
ACTIVITY_KEYS = (
    "slug", "title", "summary", "audience", "parents_welcome", "format", "worlds", "grades",
    "duration", "capacity", "cost", "cost_conditions", "school_brings", "preparation_lesson",
    "follow_up_lesson", "on_request", "dates", "description",
)  # fmt: skip
GUIDE_KEYS = ("who", "per_pupils")
CONTACT_KEYS = ("name", "email", "phone", "public")
PERIOD_KEYS = ("from", "until", "note")
DATE_KEYS = ("date", "start", "end", "seats")


@dataclass
class LabDocument:
    """A lab as its file describes it; `data` is canonical (see the module docstring)."""

    slug: str
    data: dict[str, Any]
    source: str = ""
    # "name", "activities.3d-printen.preparation_lesson": the line each value was read from.
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def parse_time(text: str) -> time:
    return time.fromisoformat(text)


def cost_text(cents: int) -> str:
    """`0` -> `gratis`, `1250` -> `12,50`, `500` -> `5`: how the file writes a cost."""
    if cents == 0:
        return FREE
    euros, rest = divmod(cents, 100)
    return f"{euros},{rest:02d}" if rest else str(euros)


def cost_cents(text: str) -> int:
    if text == FREE:
        return 0
    euros, _, rest = text.partition(",")
    return int(euros) * 100 + int(rest or 0)


class _Reader:
    """Checks one file's nodes, collecting each problem with its line."""

    def __init__(self, path: str, vocabularies: Vocabularies) -> None:
        self.path = path
        self.vocabularies = vocabularies
        self.problems: list[Problem] = []
        self.key_lines: dict[str, int] = {}

    def report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, message))

    def mapping(
        self, node: yaml.Node, keys: tuple[str, ...], what: str, prefix: str = ""
    ) -> dict[str, yaml.Node] | None:
        """The mapping's value nodes by key; unknown and repeated keys are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"{what} moet bestaan uit regels `sleutel: waarde`")
            return None
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in found:
                self.report(key_node, f"`{key}` staat twee keer in {what}")
            elif key not in keys:
                close = difflib.get_close_matches(key, keys, n=3, cutoff=0.75)
                hint = " Bedoelde je: " + ", ".join(f"`{k}`" for k in close) + "?" if close else ""
                self.report(key_node, f"onbekende sleutel `{key}` in {what}.{hint}")
            elif not _is_null(value_node):
                found[key] = value_node
                self.key_lines[prefix + key] = key_node.start_mark.line + 1
        return found

    def required(self, found: dict[str, yaml.Node], key: str, parent: yaml.Node, what: str) -> bool:
        if key in found:
            return True
        self.report(parent, f"de verplichte sleutel `{key}` ontbreekt in {what}")
        return False

    def scalar(self, node: yaml.Node, name: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.report(node, f"`{name}` moet tekst zijn, geen lijst of blok sleutels")
            return None
        return str(node.value).strip()

    def text(
        self, node: yaml.Node, name: str, maximum: int, minimum: int = 1, markdown: bool = False
    ) -> str | None:
        value = self.scalar(node, name)
        if value is None:
            return None
        if not markdown:
            value = " ".join(value.split())
        if len(value) < minimum:
            self.report(node, f"`{name}` moet minstens {minimum} tekens hebben")
            return None
        if len(value) > maximum:
            limit, now = dutch_number(maximum), dutch_number(len(value))
            self.report(node, f"`{name}` mag hoogstens {limit} tekens hebben (nu {now})")
            return None
        return value

    def matching(self, node: yaml.Node, name: str, pattern: re.Pattern, rule: str) -> str | None:
        value = self.scalar(node, name)
        if value is not None and not pattern.match(value):
            self.report(node, f"`{name}` {rule} (nu `{value}`)")
            return None
        return value

    def slug(self, node: yaml.Node, name: str) -> str | None:
        value = self.matching(
            node, name, SLUG_RE, "mag alleen a-z, 0-9 en losse streepjes bevatten"
        )
        if value is not None and len(value) > 80:
            self.report(node, f"`{name}` mag hoogstens 80 tekens hebben")
            return None
        return value

    def number(self, node: yaml.Node, name: str, minimum: int, maximum: int) -> int | None:
        value = self.matching(node, name, re.compile(r"^[0-9]{1,6}$"), "moet een heel getal zijn")
        if value is None:
            return None
        if not minimum <= int(value) <= maximum:
            self.report(node, f"`{name}` moet tussen {minimum} en {maximum} liggen (nu {value})")
            return None
        return int(value)

    def flag(self, node: yaml.Node, name: str) -> bool | None:
        value = self.scalar(node, name)
        if value not in ("true", "false", "ja", "nee"):
            self.report(node, f"`{name}` moet `true` of `false` zijn")
            return None
        return value in ("true", "ja")

    def choice(self, node: yaml.Node, name: str, options: type) -> str | None:
        value = self.scalar(node, name)
        if value is None:
            return None
        keys = [option.value for option in options]
        if value not in keys:
            listed = ", ".join(f"`{key}`" for key in keys)
            self.report(node, f"`{value}` is geen geldige waarde voor `{name}`; kies uit {listed}")
            return None
        return value

    def items(self, node: yaml.Node, name: str, maximum: int) -> list[yaml.Node] | None:
        if isinstance(node, yaml.ScalarNode):
            return [node]
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"`{name}` moet een lijst zijn")
            return None
        if len(node.value) > maximum:
            self.report(
                node, f"`{name}` mag hoogstens {maximum} items hebben (nu {len(node.value)})"
            )
            return None
        return list(node.value)

    def terms(self, node: yaml.Node, name: str, vocabulary: str) -> list[str] | None:
        items = self.items(node, name, 40)
        if items is None:
            return None
        terms = self.vocabularies[vocabulary]
        keys: list[str] = []
        for item in items:
            text = self.scalar(item, name)
            term = terms.resolve(text) if text else None
            if term is None:
                close = terms.suggest(text or "")
                hint = " Bedoelde je: " + ", ".join(f"`{k}`" for k in close) + "?" if close else ""
                self.report(item, f"`{text}` is geen geldige waarde voor `{name}`.{hint}")
            elif term.key not in keys:
                keys.append(term.key)
        return keys

    def cost(self, node: yaml.Node, name: str) -> str | None:
        if self.scalar(node, name) == FREE:
            return FREE
        return self.matching(node, name, COST_RE, "is `gratis` of een bedrag in euro's als `12,50`")

    def day(self, node: yaml.Node, name: str) -> str | None:
        value = self.matching(node, name, DATE_RE, "moet een datum zijn als `2026-10-14`")
        if value is None:
            return None
        try:
            parse_date(value)
        except ValueError:
            self.report(node, f"`{name}` is geen bestaande datum (nu `{value}`)")
            return None
        return value

    def clock(self, node: yaml.Node, name: str) -> str | None:
        return self.matching(node, name, TIME_RE, "moet een tijd zijn als `09:30`")


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _read_values(
    reader: _Reader, found: dict[str, yaml.Node], checks: dict[str, Any]
) -> dict[str, Any]:
    """Apply each key's check to its node; keys in the order of `checks`, failures left out."""
    values = {}
    for key, check in checks.items():
        if key in found:
            value = check(found[key], key)
            if value is not None and value != []:
                values[key] = value
    return values


def _guides(reader: _Reader, node: yaml.Node, name: str) -> list[dict] | None:
    items = reader.items(node, name, MAX_GUIDES)
    guides = []
    for item in items or []:
        found = reader.mapping(item, GUIDE_KEYS, "een begeleider")
        if found is None or not reader.required(found, "who", item, "een begeleider"):
            continue
        guide = _read_values(
            reader,
            found,
            {
                "who": lambda n, k: reader.choice(n, k, GuideKind),
                "per_pupils": lambda n, k: reader.number(n, k, 1, 40),
            },
        )
        if "who" in guide:
            guides.append(guide)
    return guides


def _contact(reader: _Reader, node: yaml.Node, name: str) -> dict | None:
    found = reader.mapping(node, CONTACT_KEYS, "`contact`", prefix="contact.")
    if found is None:
        return None
    contact = _read_values(
        reader,
        found,
        {
            "name": lambda n, k: reader.text(n, k, 120),
            "email": lambda n, k: reader.matching(n, k, EMAIL_RE, "is geen e-mailadres"),
            "phone": lambda n, k: reader.matching(n, k, PHONE_RE, "is geen telefoonnummer"),
        },
    )
    public = []
    for item in reader.items(found["public"], "public", 3) if "public" in found else []:
        part = reader.scalar(item, "public")
        if part not in CONTACT_PARTS:
            reader.report(item, f"`public` noemt alleen `name`, `email` of `phone` (nu `{part}`)")
        elif part not in found:
            reader.report(item, f"`public` noemt `{part}`, maar `contact` geeft geen `{part}`")
        elif part not in public:
            public.append(part)
    if public:
        contact["public"] = public
    return contact


def _periods(reader: _Reader, node: yaml.Node, name: str) -> list[dict] | None:
    periods = []
    for item in reader.items(node, name, MAX_PERIODS) or []:
        found = reader.mapping(item, PERIOD_KEYS, "een periode")
        if found is None:
            continue
        if not all([reader.required(found, k, item, "een periode") for k in ("from", "until")]):
            continue
        period = _read_values(
            reader,
            found,
            {
                "from": reader.day,
                "until": reader.day,
                "note": lambda n, k: reader.text(n, k, 300),
            },
        )
        if "from" in period and "until" in period:
            if period["until"] < period["from"]:
                reader.report(found["until"], "`until` ligt vóór `from`")
            else:
                periods.append(period)
    return periods


def _dates(reader: _Reader, node: yaml.Node, name: str) -> list[dict] | None:
    dates: list[dict] = []
    for item in reader.items(node, name, MAX_DATES) or []:
        found = reader.mapping(item, DATE_KEYS, "een datum")
        if found is None or not all(
            [reader.required(found, k, item, "een datum") for k in DATE_KEYS]
        ):
            continue
        moment = _read_values(
            reader,
            found,
            {
                "date": reader.day,
                "start": reader.clock,
                "end": reader.clock,
                "seats": lambda n, k: reader.number(n, k, 1, MAX_PUPILS),
            },
        )
        if len(moment) < len(DATE_KEYS):
            continue
        if moment["end"] <= moment["start"]:
            reader.report(found["end"], "`end` moet na `start` liggen")
        elif any((d["date"], d["start"]) == (moment["date"], moment["start"]) for d in dates):
            reader.report(item, f"{moment['date']} om {moment['start']} staat twee keer in `dates`")
        else:
            dates.append(moment)
    return dates


def _activity(reader: _Reader, node: yaml.Node, seen: set[str]) -> dict | None:
    if not isinstance(node, yaml.MappingNode):
        reader.report(node, "een activiteit moet bestaan uit regels `sleutel: waarde`")
        return None
    slug_node = next((value for key, value in node.value if str(key.value) == "slug"), None)
    if slug_node is None or _is_null(slug_node):
        reader.report(node, "de verplichte sleutel `slug` ontbreekt in een activiteit")
        return None
    slug = reader.slug(slug_node, "slug")
    if slug is None:
        return None
    if slug in seen:
        reader.report(slug_node, f"de activiteit `{slug}` staat twee keer in het bestand")
        return None
    seen.add(slug)
    what = f"activiteit `{slug}`"
    found = reader.mapping(node, ACTIVITY_KEYS, what, prefix=f"activities.{slug}.")
    for key in ("title", "summary", "audience"):
        reader.required(found, key, node, what)
    activity = _read_values(
        reader,
        found,
        {
            "slug": reader.slug,
            "title": lambda n, k: reader.text(n, k, 120, minimum=3),
            "summary": lambda n, k: reader.text(n, k, 400),
            "audience": lambda n, k: reader.choice(n, k, Audience),
            "parents_welcome": reader.flag,
            "format": lambda n, k: reader.choice(n, k, TeacherFormat),
            "worlds": lambda n, k: reader.terms(n, k, "worlds"),
            "grades": lambda n, k: reader.terms(n, k, "grades"),
            "duration": lambda n, k: reader.number(n, k, 10, 1440),
            "capacity": lambda n, k: reader.number(n, k, 1, MAX_PUPILS),
            "cost": reader.cost,
            "cost_conditions": lambda n, k: reader.text(n, k, 300),
            "school_brings": lambda n, k: reader.text(n, k, 500),
            "preparation_lesson": reader.slug,
            "follow_up_lesson": reader.slug,
            "on_request": reader.flag,
            "dates": lambda n, k: _dates(reader, n, k),
            "description": lambda n, k: reader.text(n, k, MAX_TEXT_CHARS, markdown=True),
        },
    )
    _check_activity(reader, node, found, activity)
    activity.setdefault("cost", FREE)
    if not activity.get("on_request"):
        activity.pop("on_request", None)
    return activity


def _check_activity(
    reader: _Reader, node: yaml.Node, found: dict[str, yaml.Node], activity: dict
) -> None:
    """The rules between an activity's keys: who it is for, and when it happens."""
    for_class = activity.get("audience") == Audience.KLAS
    if for_class and "format" in found:
        reader.report(found["format"], "`format` hoort alleen bij een activiteit voor leerkrachten")
    if activity.get("audience") == Audience.LEERKRACHTEN:
        if "format" not in found:
            reader.report(node, "een activiteit voor leerkrachten noemt haar `format`")
        if "parents_welcome" in found:
            reader.report(found["parents_welcome"], "`parents_welcome` hoort bij een klas")
    if for_class and "grades" not in found:
        reader.report(node, "een activiteit voor een klas noemt haar `grades` (groepen)")
    if ("dates" in found) == bool(activity.get("on_request")):
        reader.report(node, "geef een activiteit óf `dates` (vaste data) óf `on_request: true`")


def parse_lab(
    text: str, path: str, vocabularies: Vocabularies, default_slug: str | None = None
) -> tuple[LabDocument | None, list[Problem]]:
    """Parse and check a lab file's text: the document, or None and every problem found."""
    reader = _Reader(path, vocabularies)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if len(text) > MAX_LAB_CHARS:
        limit, now = dutch_number(MAX_LAB_CHARS), dutch_number(len(text))
        return None, [
            Problem(path, 1, f"een labbestand mag hoogstens {limit} tekens hebben (nu {now})")
        ]
    try:
        root = front_matter.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        refused = isinstance(error, front_matter.RefusedYAML)
        message = (
            "gebruikt YAML die een labbestand niet mag bevatten"
            if refused
            else "is geen geldige YAML"
        )
        return None, [Problem(path, line, f"het bestand {message}: {problem}")]
    if root is None:
        return None, [Problem(path, 1, "het bestand is leeg")]
    data = _lab(reader, root, default_slug)
    if reader.problems or data is None:
        return None, sorted(reader.problems, key=lambda p: p.line)
    return LabDocument(data["slug"], data, path, reader.key_lines), []


def _lab(reader: _Reader, root: yaml.Node, default_slug: str | None) -> dict | None:
    found = reader.mapping(root, LAB_KEYS, "het labbestand")
    if found is None:
        return None
    for key in ("name", "kind", "operator", "region", "activities"):
        reader.required(found, key, root, "het labbestand")
    lab = _read_values(
        reader,
        found,
        {
            "slug": reader.slug,
            "name": lambda n, k: reader.text(n, k, 120, minimum=3),
            "kind": lambda n, k: reader.choice(n, k, LabKind),
            "operator": lambda n, k: reader.text(n, k, 200),
            "region": lambda n, k: reader.text(n, k, 200),
            "address": lambda n, k: reader.text(n, k, 300),
            "travel": lambda n, k: reader.text(n, k, 1000),
            "capacity": lambda n, k: reader.number(n, k, 1, MAX_PUPILS),
            "technologies": lambda n, k: reader.terms(n, k, "technologies"),
            "guides": lambda n, k: _guides(reader, n, k),
            "contact": lambda n, k: _contact(reader, n, k),
            "periods": lambda n, k: _periods(reader, n, k),
            "description": lambda n, k: reader.text(n, k, MAX_TEXT_CHARS, markdown=True),
        },
    )
    if "slug" not in found:
        if default_slug is None or not SLUG_RE.match(default_slug) or len(default_slug) > 80:
            reader.report(root, "de bestandsnaam is geen geldige slug; geef het lab een `slug:`")
            return None
        lab = {"slug": default_slug, **lab}
    seen: set[str] = set()
    nodes = (
        reader.items(found["activities"], "activities", MAX_ACTIVITIES)
        if "activities" in found
        else []
    )
    activities = [a for a in (_activity(reader, node, seen) for node in nodes or []) if a]
    if any(a.get("on_request") for a in activities) and not lab.get("periods"):
        reader.report(
            found["activities"], "een lab met activiteiten `on_request` noemt zijn `periods`"
        )
    lab["activities"] = activities
    return lab


class _Dumper(yaml.SafeDumper):
    """Block lists, multi-line text as `|` blocks, never wrapped, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    ),
)


def serialise(document: LabDocument) -> str:
    """The canonical file text of a lab."""
    return yaml.dump(
        document.data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
        indent=2,
    )
