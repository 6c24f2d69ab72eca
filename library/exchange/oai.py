"""OAI-PMH 2.0: one request's arguments in, the protocol's XML response out.

All six verbs, the formats `oai_dc` and `lom` (NL-LOM), sets per world and grade group,
`from`/`until` at day or second granularity, signed resumption tokens and every error
code the protocol defines. Errors are part of the protocol: they come back as XML with
HTTP 200, so a harvester reads them like any other response.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app, url_for
from werkzeug.datastructures import MultiDict

from library.exchange import dc, lom, records, tokens
from library.exchange.records import Selection
from library.exchange.xmlwriter import NAMESPACES, Element, add, legal_attributes, root, to_bytes
from library.lessons.models import Lesson
from library.vocab.loader import get_vocabularies

OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DEFAULT_PAGE_SIZE = 50
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECOND_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DATESTAMP_RE = re.compile(f"{DAY_RE.pattern}|{SECOND_RE.pattern}")
# The forms OAI-PMH.xsd allows for arguments that are echoed in <request>.
SYNTAX = {
    "metadataPrefix": re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$"),
    "set": re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$"),
    "from": DATESTAMP_RE,
    "until": DATESTAMP_RE,
    "identifier": re.compile(r"^\S+$"),
}


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    build: Callable[[Lesson], Element]


FORMATS = {
    dc.PREFIX: MetadataFormat(
        dc.PREFIX, dc.SCHEMA, dc.NAMESPACE, lambda lesson: dc.dc_record(lesson, get_vocabularies())
    ),
    lom.PREFIX: MetadataFormat(
        lom.PREFIX,
        lom.SCHEMA,
        lom.NAMESPACE,
        lambda lesson: lom.lom_record(lesson, get_vocabularies(), records.oai_identifier(lesson)),
    ),
}


class OaiError(Exception):
    """A protocol error: its code is one of OAI-PMH's, its message is for the harvester."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Verb:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    exclusive: str | None = None


LIST_ARGUMENTS = Verb(("metadataPrefix",), ("from", "until", "set"), "resumptionToken")
VERBS = {
    "Identify": Verb(),
    "ListMetadataFormats": Verb(optional=("identifier",)),
    "ListSets": Verb(exclusive="resumptionToken"),
    "GetRecord": Verb(required=("identifier", "metadataPrefix")),
    "ListIdentifiers": LIST_ARGUMENTS,
    "ListRecords": LIST_ARGUMENTS,
}


def respond(arguments: MultiDict) -> bytes:
    """The complete OAI-PMH response document for one request."""
    response = root("oai:OAI-PMH", f"{NAMESPACES['oai']} {OAI_SCHEMA}")
    add(response, "oai:responseDate", _format(datetime.now(UTC)))
    request_element = add(response, "oai:request", url_for("exchange.oai_endpoint", _external=True))
    try:
        verb = _checked_verb(arguments)
        request_element.attrib.update(legal_attributes(arguments.to_dict()))
        HANDLERS[verb](response, arguments)
    except OaiError as error:
        if error.code in ("badVerb", "badArgument"):
            request_element.attrib.clear()
        add(response, "oai:error", error.message, code=error.code)
    return to_bytes(response)


def _checked_verb(arguments: MultiDict) -> str:
    """The request's verb, once its arguments are known to be complete and well-formed."""
    verbs = arguments.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        shown = ", ".join(verbs) or "geen"
        raise OaiError(
            "badVerb", f"Onbekend of ontbrekend verb ({shown}). Kies uit: {', '.join(VERBS)}."
        )
    verb = verbs[0]
    given = [name for name in arguments if name != "verb"]
    repeated = [name for name in given if len(arguments.getlist(name)) > 1]
    if repeated:
        raise OaiError(
            "badArgument", f"Argument staat meer dan eens in het verzoek: {', '.join(repeated)}."
        )
    _check_names(verb, VERBS[verb], given, arguments)
    for name, pattern in SYNTAX.items():
        if name in arguments and not pattern.match(arguments[name]):
            raise OaiError(
                "badArgument", f"De waarde van {name} heeft niet de vorm die OAI-PMH vraagt."
            )
    return verb


def _check_names(verb: str, spec: Verb, given: list[str], arguments: MultiDict) -> None:
    allowed = (
        set(spec.required) | set(spec.optional) | ({spec.exclusive} if spec.exclusive else set())
    )
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise OaiError("badArgument", f"{verb} kent de argumenten {', '.join(unknown)} niet.")
    if spec.exclusive and spec.exclusive in given:
        if len(given) > 1:
            raise OaiError("badArgument", f"{spec.exclusive} mag alleen met verb samen staan.")
        return
    missing = [name for name in spec.required if not arguments.get(name)]
    if missing:
        raise OaiError("badArgument", f"{verb} mist het argument {', '.join(missing)}.")


def _format(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _metadata_format(prefix: str) -> MetadataFormat:
    if prefix not in FORMATS:
        raise OaiError(
            "cannotDisseminateFormat",
            f"Formaat '{prefix}' wordt niet geleverd; kies uit: {', '.join(FORMATS)}.",
        )
    return FORMATS[prefix]


def _lesson(identifier: str) -> Lesson:
    """The record's lesson, published or a tombstone. Not `lookup`'s family: a record stays
    findable once its lesson is no longer public, and a miss is OAI-PMH's own error."""
    slug = records.slug_from_identifier(identifier)
    lesson = records.find(slug) if slug else None
    if lesson is None:
        raise OaiError("idDoesNotExist", f"Er is geen record met identifier '{identifier}'.")
    return lesson


def _identify(response: Element, arguments: MultiDict) -> None:
    config = current_app.config
    domain = records.repository_identifier()
    identify = add(response, "oai:Identify")
    add(identify, "oai:repositoryName", config.get("OAI_REPOSITORY_NAME") or "Techniekbieb")
    add(identify, "oai:baseURL", url_for("exchange.oai_endpoint", _external=True))
    add(identify, "oai:protocolVersion", "2.0")
    add(identify, "oai:adminEmail", config.get("OAI_ADMIN_EMAIL") or f"beheer@{domain}")
    earliest = records.earliest_datestamp() or datetime.now(UTC)
    add(identify, "oai:earliestDatestamp", _format(earliest))
    add(identify, "oai:deletedRecord", "persistent")
    add(identify, "oai:granularity", GRANULARITY)
    description = add(identify, "oai:description")
    scheme = root(
        "oai-identifier:oai-identifier", f"{NAMESPACES['oai-identifier']} {IDENTIFIER_SCHEMA}"
    )
    description.append(scheme)
    add(scheme, "oai-identifier:scheme", "oai")
    add(scheme, "oai-identifier:repositoryIdentifier", domain)
    add(scheme, "oai-identifier:delimiter", ":")
    add(scheme, "oai-identifier:sampleIdentifier", f"oai:{domain}:sterkste-papieren-brug")


def _list_metadata_formats(response: Element, arguments: MultiDict) -> None:
    if arguments.get("identifier"):
        _lesson(arguments["identifier"])
    formats = add(response, "oai:ListMetadataFormats")
    for metadata_format in FORMATS.values():
        element = add(formats, "oai:metadataFormat")
        add(element, "oai:metadataPrefix", metadata_format.prefix)
        add(element, "oai:schema", metadata_format.schema)
        add(element, "oai:metadataNamespace", metadata_format.namespace)


def _list_sets(response: Element, arguments: MultiDict) -> None:
    if arguments.get("resumptionToken"):
        # Every set fits in one response, so we never hand out a token for ListSets.
        raise OaiError("badResumptionToken", "ListSets geeft geen resumptionToken uit.")
    sets = add(response, "oai:ListSets")
    for oai_set in records.sets(get_vocabularies()):
        element = add(sets, "oai:set")
        add(element, "oai:setSpec", oai_set.spec)
        add(element, "oai:setName", oai_set.name)


def _get_record(response: Element, arguments: MultiDict) -> None:
    metadata_format = _metadata_format(arguments["metadataPrefix"])
    lesson = _lesson(arguments["identifier"])
    _record(add(response, "oai:GetRecord"), lesson, metadata_format)


def _header(parent: Element, lesson: Lesson) -> None:
    status = {"status": "deleted"} if records.is_deleted(lesson) else {}
    header = add(parent, "oai:header", **status)
    add(header, "oai:identifier", records.oai_identifier(lesson))
    add(header, "oai:datestamp", _format(records.datestamp(lesson)))
    for spec in records.set_specs(lesson):
        add(header, "oai:setSpec", spec)


def _record(parent: Element, lesson: Lesson, metadata_format: MetadataFormat) -> None:
    record = add(parent, "oai:record")
    _header(record, lesson)
    if not records.is_deleted(lesson):
        add(record, "oai:metadata").append(metadata_format.build(lesson))


def _parse_datestamp(value: str, name: str, *, until: bool) -> tuple[datetime, str]:
    """A `from`/`until` value as the first moment it includes (`until`: the first it does
    not), with its granularity."""
    try:
        if DAY_RE.match(value):
            moment = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return (moment + timedelta(days=1) if until else moment), "day"
        if SECOND_RE.match(value):
            moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            return (moment + timedelta(seconds=1) if until else moment), "second"
    except ValueError:
        pass
    raise OaiError(
        "badArgument", f"{name} '{value}' is geen datum als YYYY-MM-DD of YYYY-MM-DDThh:mm:ssZ."
    )


def _selection(set_spec: str | None, start: str | None, end: str | None) -> Selection:
    begin = _parse_datestamp(start, "from", until=False) if start else None
    finish = _parse_datestamp(end, "until", until=True) if end else None
    if begin and finish:
        if begin[1] != finish[1]:
            raise OaiError("badArgument", "from en until moeten dezelfde nauwkeurigheid hebben.")
        if begin[0] >= finish[0]:
            raise OaiError("badArgument", "from ligt na until.")
    if set_spec and set_spec not in {s.spec for s in records.sets(get_vocabularies())}:
        raise OaiError("noRecordsMatch", f"Er is geen set '{set_spec}'; zie ListSets.")
    return Selection(set_spec, begin[0] if begin else None, finish[0] if finish else None)


def _list(response: Element, arguments: MultiDict, verb: str) -> None:
    token = arguments.get("resumptionToken")
    if token:
        try:
            state = tokens.redeem(token, verb)
        except tokens.BadResumptionToken:
            raise OaiError(
                "badResumptionToken", "Deze resumptionToken is ongeldig of verlopen."
            ) from None
        prefix, set_spec, start, end = state.metadata_prefix, state.set_spec, state.start, state.end
        sent, after = state.sent, state.after
    else:
        prefix, set_spec = arguments["metadataPrefix"], arguments.get("set")
        start, end = arguments.get("from"), arguments.get("until")
        sent, after = 0, None
    metadata_format = _metadata_format(prefix)
    selection = _selection(set_spec, start, end)
    size = int(current_app.config.get("OAI_PAGE_SIZE") or DEFAULT_PAGE_SIZE)
    lessons = records.page(selection, after, size + 1)
    if not lessons:
        raise OaiError("noRecordsMatch", "Er zijn geen records die bij dit verzoek passen.")
    listing = add(response, f"oai:{verb}")
    for lesson in lessons[:size]:
        if verb == "ListRecords":
            _record(listing, lesson, metadata_format)
        else:
            _header(listing, lesson)
    more = len(lessons) > size
    if more or token:
        request = (prefix, set_spec, start, end)
        _resumption_token(
            listing, verb, request, sent, lessons[:size], more, records.count(selection)
        )


def _resumption_token(
    listing: Element,
    verb: str,
    request: tuple[str | None, ...],
    sent: int,
    shown: list[Lesson],
    more: bool,
    total: int,
) -> None:
    """The token for the next page, or the empty token that ends a list sent in pages."""
    attributes = {"completeListSize": str(max(total, sent + len(shown))), "cursor": str(sent)}
    if not more:
        add(listing, "oai:resumptionToken", "", **attributes)
        return
    last = records.position_after(shown[-1])
    state = tokens.ListState(
        verb, *request, sent + len(shown), last.datestamp.isoformat(), last.lesson_id
    )
    expires = _format(datetime.now(UTC) + tokens.LIFETIME)
    add(listing, "oai:resumptionToken", tokens.issue(state), expirationDate=expires, **attributes)


HANDLERS: dict[str, Callable[[Element, MultiDict], None]] = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda response, arguments: _list(response, arguments, "ListIdentifiers"),
    "ListRecords": lambda response, arguments: _list(response, arguments, "ListRecords"),
}
