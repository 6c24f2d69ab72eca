"""Harvesting another Techniekbieb: its lessons come in over OAI-PMH and stay in step.

The other installation's `lom` records say which lessons it offers, their revision
(`lifeCycle.version`) and where their ZIP is (a `hasformat` relation). A lesson that is
new or changed is downloaded and goes through the importer, so it is validated and
stored as a revision like every imported lesson. It is marked with where it came from
(`x-harvest-origin` in its metadata: the repository's base URL, the OAI identifier, its
page there and the revision taken over), which the lesson file keeps and exports.

A harvested lesson is keyed by the base URL the administrator gave and the record's
OAI identifier (`Lesson.harvest_source`, `harvest_identifier`); what the other side says
about itself (its `baseURL`) names nothing here. On the next harvest of that base URL a
changed lesson becomes a new revision, an unchanged one is left alone (without
downloading it again) and a deleted record withdraws the lesson here. A full harvest
(no set, no `from`) also withdraws lessons the other side no longer lists at all, for
repositories that do not keep deleted records.

A source speaks only for its own records: identifiers outside the `repositoryIdentifier`
its Identify declares are refused, and a lesson whose slug belongs to a lesson of this
library (or of another source) is skipped, never updated or withdrawn: the curated
lessons every installation imports arrive that way, and they are already here.

A harvest stays within its limits (`LIBRARY_HARVEST_MAX_PAGES`, `_RECORDS`, `_SECONDS`,
`_RESPONSE_MB`) and fetches only from the source's own origin at public addresses
(`fetch.py`). A record that fails in any way is reported and the next one follows; a
harvest stopped by a limit withdraws nothing, since it did not see the whole list.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from lxml import etree
from oaipmh_scythe import Scythe
from oaipmh_scythe.exceptions import NoRecordsMatch, OAIPMHException
from oaipmh_scythe.iterator import OAIResponseIterator
from oaipmh_scythe.models import Record

from library.content.format import HARVEST_ORIGIN
from library.db import db, utcnow
from library.exchange.describe import harvest_origin
from library.exchange.fetch import HarvestLimits, HarvestStopped, SourceTransport, source_client
from library.lessons import service
from library.lessons.importer import (
    ImportRejected,
    import_transaction,
    validated_documents,
    write_documents,
)
from library.lessons.models import (
    HARVEST_IDENTIFIER_LENGTH,
    HARVEST_SOURCE_LENGTH,
    Lesson,
    LessonStatus,
    Revision,
)
from library.progress import tracked

LOM = {"lom": "http://ltsc.ieee.org/xsd/LOM"}
OAI = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
REPOSITORY_IDENTIFIER_XPATH = "oai:description/id:oai-identifier/id:repositoryIdentifier"
# Another server's XML: no entities resolved, nothing fetched.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)
PACKAGE_XPATH = (
    "string(lom:relation[lom:kind/lom:value='hasformat']/lom:resource/lom:identifier/lom:entry)"
)
NAME_LENGTH = 200  # a repository's name becomes the author of its revisions (`Revision.author`)
log = logging.getLogger(__name__)


class HarvestError(Exception):
    """The harvest could not run at all (no OAI-PMH endpoint there); the message is Dutch."""


@dataclass(frozen=True)
class Offer:
    """What a `lom` record offers: a lesson, its revision there and where to fetch it."""

    identifier: str
    revision: str
    page_url: str
    package_url: str


@dataclass(frozen=True)
class Source:
    """The repository being harvested: the base URL the administrator gave (the key of its
    lessons here), its name and the domain its identifiers must have (`oai:<domain>:…`)."""

    base_url: str
    name: str
    repository_identifier: str

    def owns(self, identifier: str) -> bool:
        return identifier.startswith(f"oai:{self.repository_identifier}:")


@dataclass
class HarvestReport:
    repository: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class _Run:
    """One harvest under way: where it fetches, what it knows here and what it saw."""

    client: httpx2.Client
    transport: SourceTransport
    limits: HarvestLimits
    source: Source
    known: dict[str, Lesson]
    report: HarvestReport
    seen: set[str] = field(default_factory=set)


class _SourceScythe(Scythe):
    """oaipmh-scythe paging through list responses, over the harvest's own client."""

    def __init__(self, base_url: str, client: httpx2.Client) -> None:
        super().__init__(base_url, iterator=OAIResponseIterator)
        self._source_client = client

    @property
    def client(self) -> httpx2.Client:
        return self._source_client


def harvest(
    base_url: str, *, set_spec: str | None = None, since: str | None = None
) -> HarvestReport:
    """Take over the lessons of the OAI-PMH endpoint at `base_url` (one set, or changes since)."""
    base_url = base_url.strip()
    if len(base_url) > HARVEST_SOURCE_LENGTH:
        raise HarvestError(f"Het adres is langer dan {HARVEST_SOURCE_LENGTH} tekens.")
    limits = HarvestLimits.from_config(current_app.config)
    transport = SourceTransport(base_url, limits)
    report = HarvestReport()
    with source_client(transport) as client:
        try:
            source = _identify(client, base_url)
            report.repository = source.name
            run = _Run(client, transport, limits, source, harvested_from(base_url), report)
            complete = _read_list(run, _SourceScythe(base_url, client), set_spec, since)
        except HarvestStopped as stopped:
            report.problems.append(f"{stopped}; de rest is niet gelezen en er is niets ingetrokken")
            complete = False
        except OAIPMHException as error:
            message = f"{base_url} meldt een OAI-PMH-fout ({type(error).__name__}): {error}"
            raise HarvestError(message) from None
        except (httpx2.HTTPError, httpx2.InvalidURL, etree.XMLSyntaxError, ValueError) as error:
            raise HarvestError(f"{base_url} antwoordt niet als OAI-PMH-bron: {error}") from None
    if complete and set_spec is None and since is None:
        for identifier, lesson in run.known.items():
            if identifier not in run.seen:
                _withdraw(lesson, report)
    _link_forks(base_url)
    return report


def _read_list(run: _Run, scythe: Scythe, set_spec: str | None, since: str | None) -> bool:
    """Harvest every record of the list, page by page; HarvestStopped at a limit."""
    taken = 0
    pages = tracked(_pages(scythe, set_spec, since), "Pagina's oogsten")
    for number, response in enumerate(pages, start=1):
        page = response.xml
        if page is None:
            raise ValueError("een pagina is geen XML")
        for element in page.iterfind("oai:ListRecords/oai:record", OAI):
            if taken == run.limits.records:
                raise HarvestStopped(
                    f"de oogst is gestopt na {taken} records (LIBRARY_HARVEST_MAX_RECORDS)"
                )
            taken += 1
            run.transport.time_left()
            _harvest_element(run, element)
        token = page.findtext("oai:ListRecords/oai:resumptionToken", namespaces=OAI)
        if number == run.limits.pages and (token or "").strip():
            raise HarvestStopped(
                f"de oogst is gestopt na {number} pagina's (LIBRARY_HARVEST_MAX_PAGES)"
            )
    return True


def _pages(scythe: Scythe, set_spec: str | None, since: str | None) -> Iterator:
    try:
        yield from scythe.list_records(metadata_prefix="lom", set_=set_spec, from_=since)
    except NoRecordsMatch:
        return


def _harvest_element(run: _Run, element) -> None:
    """One record of a list page: whatever goes wrong with it is reported, and the harvest
    goes on with the next (only a limit of the whole harvest stops it)."""
    identifier = (element.findtext("oai:header/oai:identifier", namespaces=OAI) or "").strip()
    try:
        if not run.source.owns(identifier):
            run.report.problems.append(
                f"{identifier}: hoort niet bij de bron ({run.source.repository_identifier}); "
                "overgeslagen"
            )
            return
        run.seen.add(identifier)
        _harvest_record(run, Record(element))
    except HarvestStopped:
        raise
    except Exception as error:  # any failure of one record; the next may be fine
        db.session.rollback()
        log.warning("harvesting %s failed", identifier, exc_info=True)
        run.report.problems.append(
            f"{identifier or 'een record zonder identifier'}: niet overgenomen "
            f"({type(error).__name__}: {error})"
        )


def _link_forks(base_url: str) -> None:
    """Link harvested adaptations to their source once it is here too: a fork can arrive
    before its source, or in an earlier harvest of one set."""
    unlinked = [
        lesson
        for lesson in harvested_from(base_url).values()
        if lesson.forked_from_id is None and lesson.current_revision.metadata_.get("forked_from")
    ]
    for lesson in unlinked:
        service.link_fork_source(lesson)
    if unlinked:
        db.session.commit()


def _identify(client: httpx2.Client, base_url: str) -> Source:
    """The repository's name and the domain of its identifiers, from its Identify.

    Asked with the plain HTTP client: a page that is no XML at all must be a clear error.
    """
    response = client.get(base_url, params={"verb": "Identify"})
    response.raise_for_status()
    identify = etree.fromstring(response.content, SAFE_XML).find("oai:Identify", OAI)
    if identify is None:
        raise ValueError("geen Identify-antwoord")
    domain = (identify.findtext(REPOSITORY_IDENTIFIER_XPATH, namespaces=OAI) or "").strip()
    if not domain:
        raise ValueError("Identify noemt geen repositoryIdentifier (oai-identifier)")
    name = (identify.findtext("oai:repositoryName", namespaces=OAI) or "").strip()
    return Source(base_url, name[:NAME_LENGTH] or domain, domain)


def harvested_from(base_url: str) -> dict[str, Lesson]:
    """Lessons here harvested from that base URL, by their OAI identifier there."""
    lessons = db.session.scalars(
        sa.select(Lesson)
        .join(Revision, Revision.id == Lesson.current_revision_id)
        .where(Lesson.harvest_source == base_url)
        .options(so.contains_eager(Lesson.current_revision))
    )
    return {lesson.harvest_identifier: lesson for lesson in lessons}


def read_offer(record) -> Offer | None:
    """The lesson a `lom` record offers; None when the record names no lesson package."""
    lom = record.xml.find(".//lom:lom", LOM)
    if lom is None:
        return None
    package = lom.xpath(PACKAGE_XPATH, namespaces=LOM)
    location = lom.findtext("lom:technical/lom:location", namespaces=LOM)
    revision = lom.findtext("lom:lifeCycle/lom:version/lom:string", namespaces=LOM)
    if not (package and location and revision):
        return None
    return Offer(record.header.identifier, revision.strip(), location.strip(), package.strip())


def _harvest_record(run: _Run, record: Record) -> None:
    identifier, report = record.header.identifier, run.report
    local = run.known.get(identifier)
    if record.deleted:
        if local is not None:
            _withdraw(local, report)
        return
    offer = read_offer(record)
    if offer is None:
        report.problems.append(
            f"{identifier}: het record noemt geen lespakket (hasformat); overgeslagen"
        )
        return
    if len(identifier) > HARVEST_IDENTIFIER_LENGTH:
        report.problems.append(
            f"{identifier[:80]}…: identifier langer dan {HARVEST_IDENTIFIER_LENGTH} tekens"
        )
        return
    if local is not None and harvest_origin(local).get("revision") == offer.revision:
        if local.is_published:
            report.unchanged.append(local.slug)
        else:
            _republish(local, report)
        return
    _take_over(run, offer, local)


def _take_over(run: _Run, offer: Offer, local: Lesson | None) -> None:
    report = run.report
    with tempfile.TemporaryDirectory(prefix="techniekbieb-harvest-") as folder:
        archive = Path(folder) / "les.zip"
        try:
            archive.write_bytes(_download(run.client, offer.package_url))
        except (httpx2.HTTPError, ValueError) as error:
            report.problems.append(f"{offer.package_url}: downloaden mislukt ({error})")
            return
        try:
            with validated_documents(archive) as documents:
                _import(documents, offer, run.source, local, report)
        except ImportRejected as error:
            shown = str(archive)
            report.problems += [str(p).replace(shown, offer.package_url) for p in error.problems]


def _import(
    documents, offer: Offer, source: Source, local: Lesson | None, report: HarvestReport
) -> None:
    if len(documents) != 1:
        report.problems.append(
            f"{offer.package_url}: het pakket bevat {len(documents)} lessen in plaats van 1"
        )
        return
    document = documents[0]
    if local is not None and local.slug != document.slug:
        report.problems.append(
            f"{offer.package_url}: de les heet bij de bron nu `{document.slug}` in plaats van "
            f"`{local.slug}`; overgeslagen"
        )
        return
    document.metadata[HARVEST_ORIGIN] = {
        "repository": source.base_url,
        "identifier": offer.identifier,
        "url": offer.page_url,
        "revision": offer.revision,
    }
    message = f"Overgenomen van {source.name} ({offer.identifier})"
    with import_transaction():
        existing = service.get_lesson(document.slug)
        key = (source.base_url, offer.identifier)
        if existing is not None and (existing.harvest_source, existing.harvest_identifier) != key:
            report.skipped.append(document.slug)
            return
        result = write_documents([document], author=source.name, message=message[:500])
        lesson = service.get_lesson(document.slug)
        lesson.harvest_source, lesson.harvest_identifier = key
    bucket = (
        report.created if result.created else report.updated if result.updated else report.unchanged
    )
    bucket.append(document.slug)


def _download(client: httpx2.Client, url: str) -> bytes:
    """A lesson package; the client bounds its size and refuses other origins (fetch.py)."""
    response = client.get(url)
    response.raise_for_status()
    return response.content


def _withdraw(lesson: Lesson, report: HarvestReport) -> None:
    """Take a lesson offline because its source no longer offers it (it can come back)."""
    if not lesson.is_published:
        return
    service.set_status(lesson, LessonStatus.ARCHIVED)
    lesson.updated_at = utcnow()
    db.session.commit()
    report.withdrawn.append(lesson.slug)


def _republish(lesson: Lesson, report: HarvestReport) -> None:
    """Put a withdrawn lesson back online: its source offers the same revision again."""
    service.set_status(lesson, LessonStatus.PUBLISHED)
    lesson.updated_at = utcnow()
    db.session.commit()
    report.updated.append(lesson.slug)
