"""Harvesting: one test installation served on a localhost port, another harvesting it with
a real OAI-PMH client (oaipmh-scythe) through `flask harvest` and `harvest()`.

Lessons arrive complete (attachments, fork links), marked with their origin; a re-harvest
downloads nothing that did not change, takes changes over as revisions and withdraws
what the source withdrew; two installations can harvest each other."""

from __future__ import annotations

import io
import re
import shutil
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import redirect
from werkzeug.serving import make_server

from library.accounts.models import Role
from library.db import db
from library.exchange.harvest import HarvestError, harvest, harvested_from
from library.forks.service import fork_lesson
from library.lessons.importer import import_path
from library.lessons.models import LessonStatus
from library.lessons.service import get_lesson, set_status
from library.lessons.storage import read_blob
from library.vocab.loader import DATA_DIR
from tests.helpers.app import CONTENT, FIXTURES, WORKSHEET, make_app
from tests.helpers.web import make_user

FIXTURE_SLUGS = ["brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"]


@dataclass
class Instance:
    """A library of its own (database, uploads, index) and, once served, its base URL.

    `claims_host`, `replace` and `before` make it a hostile source: it answers as if it
    were served at another host (its Identify baseURL and every link name that host),
    edits its answers on the way out, or changes requests on the way in."""

    app: object
    url: str = ""
    paths: list[str] = field(default_factory=list)
    claims_host: str | None = None
    replace: dict[bytes, bytes] = field(default_factory=dict)
    before: Callable[[dict], None] | None = None

    @property
    def oai(self) -> str:
        return f"{self.url}/oai"

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        if self.before:
            self.before(environ)
        if self.claims_host:
            environ["HTTP_HOST"] = self.claims_host
        if not self.replace:
            return self.app(environ, start_response)
        answer = {}
        chunks = self.app(environ, lambda status, headers, *_: answer.update(s=status, h=headers))
        body = b"".join(chunks)
        for old, new in self.replace.items():
            body = body.replace(old, new)
        headers = [(k, v) for k, v in answer["h"] if k.lower() != "content-length"]
        start_response(answer["s"], [*headers, ("Content-Length", str(len(body)))])
        return [body]


def new_instance(tmp_path: Path, migrated_database: Path, name: str, **config) -> Instance:
    folder = tmp_path / name
    folder.mkdir()
    database = folder / "library.sqlite3"
    shutil.copy(migrated_database, database)
    settings = {
        "SERVER_NAME": None,
        "OAI_REPOSITORY_NAME": f"Techniekbieb {name.title()}",
        "OAI_REPOSITORY_IDENTIFIER": f"{name}.techniekbieb.test",
        # Every test source is served on 127.0.0.1.
        "HARVEST_ALLOW_LOOPBACK": True,
        **config,
    }
    app = make_app(folder, database, **settings)
    return Instance(app)


@contextmanager
def served(instance: Instance) -> Iterator[Instance]:
    server = make_server("127.0.0.1", 0, instance, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    instance.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield instance
    finally:
        server.shutdown()
        with instance.app.app_context():
            db.engine.dispose()


@pytest.fixture
def source(tmp_path, migrated_database):
    """'Noord': the fixture lessons, served over HTTP."""
    instance = new_instance(tmp_path, migrated_database, "noord")
    with instance.app.app_context():
        import_path(FIXTURES / "lessons")
        db.session.remove()
    with served(instance):
        yield instance


@pytest.fixture
def harvester(tmp_path, migrated_database):
    """'Zuid': an empty library that harvests."""
    instance = new_instance(tmp_path, migrated_database, "zuid")
    yield instance
    with instance.app.app_context():
        db.engine.dispose()


@contextmanager
def inside(instance: Instance):
    with instance.app.app_context():
        yield
        db.session.remove()


def lesson_file(slug: str) -> Path:
    return FIXTURES / "lessons" / f"{slug}.md"


def test_every_published_lesson_arrives_complete_and_marked(source, harvester):
    with inside(harvester):
        report = harvest(source.oai)
        assert report.repository == "Techniekbieb Noord"
        assert sorted(report.created) == FIXTURE_SLUGS
        assert report.problems == [] and report.skipped == []

        lesson = get_lesson("magneten-onderzoeken")
        assert lesson.is_published and lesson.title == "Wat trekt een magneet aan?"
        meta = lesson.current_revision.metadata_
        assert meta["x-harvest-origin"] == {
            "repository": f"{source.url}/oai",
            "identifier": "oai:noord.techniekbieb.test:magneten-onderzoeken",
            "url": f"{source.url}/lessen/magneten-onderzoeken",
            "revision": "1",
        }
        assert meta["x-internal-note"] == "behouden bij export"
        assert lesson.current_revision.author == "Techniekbieb Noord"
        [attachment] = lesson.current_revision.attachments
        expected = WORKSHEET.read_bytes()
        assert read_blob(attachment.sha256) == expected
        with inside(source):
            headings = [
                s.heading for s in get_lesson("magneten-onderzoeken").current_revision.sections
            ]
        assert [s.heading for s in lesson.current_revision.sections] == headings
        assert get_lesson("brug-voor-kleuters").forked_from.slug == "brug-van-papier"

        page = harvester.app.test_client().get("/lessen/magneten-onderzoeken")
        assert page.status_code == 200
        same_as = f'"sameAs": "{source.url}/lessen/magneten-onderzoeken"'
        assert same_as in page.get_data(as_text=True)


def test_a_second_harvest_downloads_nothing_unchanged(source, harvester):
    with inside(harvester):
        harvest(source.oai)
        source.paths.clear()
        again = harvest(source.oai)
        assert sorted(again.unchanged) == FIXTURE_SLUGS
        assert again.created == again.updated == again.withdrawn == []
        assert not [path for path in source.paths if path.endswith("/download")]
        assert len(get_lesson("brug-van-papier").revisions) == 1


def test_a_changed_lesson_becomes_a_new_revision(source, harvester, tmp_path):
    with inside(harvester):
        harvest(source.oai)
    changed = tmp_path / "changed"
    changed.mkdir()
    text = lesson_file("brug-van-papier").read_text()
    (changed / "brug-van-papier.md").write_text(
        text.replace("De sterkste brug van papier", "De allersterkste brug")
    )
    with inside(source):
        import_path(changed)
    with inside(harvester):
        report = harvest(source.oai)
        assert report.updated == ["brug-van-papier"]
        lesson = get_lesson("brug-van-papier")
        assert lesson.title == "De allersterkste brug"
        assert [r.number for r in lesson.revisions] == [1, 2]
        assert lesson.current_revision.metadata_["x-harvest-origin"]["revision"] == "2"


def test_a_withdrawn_lesson_is_withdrawn_here_and_can_come_back(source, harvester):
    with inside(harvester):
        harvest(source.oai)
    with inside(source):
        set_status(get_lesson("magneten-onderzoeken"), LessonStatus.ARCHIVED)
        db.session.commit()
    with inside(harvester):
        report = harvest(source.oai)
        assert report.withdrawn == ["magneten-onderzoeken"]
        assert get_lesson("magneten-onderzoeken").status == LessonStatus.ARCHIVED.value
        assert harvester.app.test_client().get("/lessen/magneten-onderzoeken").status_code == 404
    with inside(source):
        set_status(get_lesson("magneten-onderzoeken"), LessonStatus.PUBLISHED)
        db.session.commit()
    with inside(harvester):
        assert harvest(source.oai).updated == ["magneten-onderzoeken"]
        assert get_lesson("magneten-onderzoeken").is_published


def harvested_then_unlisted(source: Instance, harvester: Instance, slug: str) -> None:
    """Harvest everything, then take one lesson out of the source's list altogether."""
    with inside(harvester):
        harvest(source.oai)
    with inside(source):
        lesson = get_lesson(slug)
        lesson.status, lesson.published_at = LessonStatus.DRAFT.value, None
        db.session.commit()


def test_a_full_harvest_withdraws_what_the_source_no_longer_lists(source, harvester):
    harvested_then_unlisted(source, harvester, "brug-voor-kleuters")
    with inside(harvester):
        partial = harvest(source.oai, set_spec="world:hightech-science")
        assert partial.withdrawn == []
        assert harvest(source.oai).withdrawn == ["brug-voor-kleuters"]


def test_paging_sets_and_from(source, harvester):
    source.app.config["OAI_PAGE_SIZE"] = 1
    with inside(harvester):
        assert harvest(source.oai, since="2999-01-01").created == []
        assert harvest(source.oai, set_spec="grade:groep-1-2").created == ["brug-voor-kleuters"]
        everything = harvest(source.oai)
        assert sorted(everything.created) == ["brug-van-papier", "magneten-onderzoeken"]
    listed = [path for path in source.paths if path == "/oai"]
    assert len(listed) >= 1 + 3


def test_a_slug_that_is_already_ours_is_never_overwritten(source, harvester, fixture_lessons):
    with inside(harvester):
        ours = fixture_lessons / "brug-van-papier.md"
        ours.write_text(ours.read_text().replace("De sterkste brug van papier", "Onze eigen brug"))
        import_path(ours)
        report = harvest(source.oai)
        assert report.skipped == ["brug-van-papier"]
        lesson = get_lesson("brug-van-papier")
        assert lesson.title == "Onze eigen brug"
        assert "x-harvest-origin" not in lesson.current_revision.metadata_


def test_a_lesson_this_library_cannot_read_is_reported_with_its_line(
    source, tmp_path, migrated_database
):
    vocabulary = tmp_path / "vocab"
    shutil.copytree(DATA_DIR, vocabulary)
    occupations = vocabulary / "occupations.yaml"
    timmerman = "  - key: timmerman\n    label: Timmerman\n    aliases: [bouwtimmerman, allround timmerman]\n"
    houtbewerker = "  - key: houtbewerker\n    label: Houtbewerker\n    aliases: []\n"
    occupations.write_text(occupations.read_text().replace(timmerman, houtbewerker))
    strict = new_instance(tmp_path, migrated_database, "west", VOCAB_DIR=str(vocabulary))
    with inside(strict):
        report = harvest(source.oai)
        assert sorted(report.created) == ["brug-van-papier", "magneten-onderzoeken"]
        [problem] = report.problems
        download = f"{source.url}/lessen/brug-voor-kleuters/download!lesson.md"
        assert problem.startswith(download + ":")
        line = int(problem.removeprefix(download + ":").split(":")[0])
        assert "timmerman" in problem and "occupations" in problem and line > 1
        assert get_lesson("brug-voor-kleuters") is None
        db.engine.dispose()


def test_the_command_reports_in_dutch(source, harvester):
    runner = harvester.app.test_cli_runner()
    result = runner.invoke(args=["harvest", source.oai])
    assert result.exit_code == 0, result.output
    assert (
        "Techniekbieb Noord: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 ingetrokken" in result.output
    )
    again = runner.invoke(args=["harvest", source.oai, "--set", "grade:groep-7-8"])
    assert "0 nieuw, 0 bijgewerkt, 1 ongewijzigd" in again.output


def test_a_url_that_is_no_oai_endpoint_is_a_clear_error(source, harvester):
    with inside(harvester), pytest.raises(HarvestError, match="antwoordt niet als OAI-PMH-bron"):
        harvest(f"{source.url}/lessen")
    result = harvester.app.test_cli_runner().invoke(args=["harvest", "http://127.0.0.1:9/oai"])
    assert result.exit_code == 1
    assert "antwoordt niet als OAI-PMH-bron" in result.output


def test_two_libraries_harvest_each_other(source, harvester):
    with inside(harvester):
        import_path(CONTENT / "zonneoven-bouwen.md")
    with served(harvester):
        with inside(harvester):
            assert sorted(harvest(source.oai).created) == FIXTURE_SLUGS
        with inside(source):
            assert harvest(harvester.oai).created == ["zonneoven-bouwen"]
            assert get_lesson("zonneoven-bouwen").current_revision.attachments
        with inside(harvester):
            again = harvest(source.oai)
            assert sorted(again.unchanged) == FIXTURE_SLUGS and again.created == []
        with inside(source):
            back = harvest(harvester.oai)
            assert back.unchanged == ["zonneoven-bouwen"] and back.created == back.skipped == []


def test_a_harvested_lesson_is_forkable_and_the_fork_is_ours(source, harvester):
    with inside(harvester):
        harvest(source.oai)
        teacher = make_user(Role.LEERKRACHT)
        fork = fork_lesson(get_lesson("brug-van-papier"), by=teacher)
        assert fork.forked_from.slug == "brug-van-papier"
        set_status(fork, LessonStatus.PUBLISHED)
        db.session.commit()
        fork_slug = fork.slug
        assert list(harvested_from(f"{source.url}/oai")) == [
            f"oai:noord.techniekbieb.test:{slug}" for slug in FIXTURE_SLUGS
        ]
        assert sorted(harvest(source.oai).unchanged) == FIXTURE_SLUGS
        offered = harvester.app.test_client().get(
            "/oai", query_string={"verb": "ListIdentifiers", "metadataPrefix": "lom"}
        )
        identifiers = re.findall(
            r"<identifier>([^<]+)</identifier>", offered.get_data(as_text=True)
        )
        assert identifiers == [f"oai:zuid.techniekbieb.test:{fork_slug}"]


def test_bad_requests_to_the_source_are_named(source, harvester):
    runner = harvester.app.test_cli_runner()
    bad_date = runner.invoke(args=["harvest", source.oai, "--from", "gisteren"])
    assert bad_date.exit_code == 2
    assert "gebruik een datum als 2026-01-31" in bad_date.output
    with inside(harvester), pytest.raises(HarvestError, match="meldt een OAI-PMH-fout"):
        harvest(source.oai, since="2026-02-30")


def test_a_source_cannot_update_the_lessons_of_another(
    source, harvester, tmp_path, migrated_database, fixture_lessons
):
    """'Oost' hands out Noord's identifiers (it declares Noord's domain) with other content."""
    impostor = new_instance(
        tmp_path, migrated_database, "oost", OAI_REPOSITORY_IDENTIFIER="noord.techniekbieb.test"
    )
    ours = fixture_lessons / "brug-van-papier.md"
    ours.write_text(ours.read_text().replace("De sterkste brug van papier", "Brug van Oost"))
    with inside(impostor):
        import_path(fixture_lessons)
    with inside(harvester):
        harvest(source.oai)
    with served(impostor), inside(harvester):
        report = harvest(impostor.oai)
        assert sorted(report.skipped) == FIXTURE_SLUGS
        assert report.created == report.updated == []
        lesson = get_lesson("brug-van-papier")
        assert lesson.title == "De sterkste brug van papier" and len(lesson.revisions) == 1
        assert lesson.harvest_source == source.oai
        assert harvested_from(impostor.oai) == {}


def test_a_source_that_claims_to_be_another_withdraws_none_of_its_lessons(
    source, harvester, tmp_path, migrated_database
):
    """A copy of Noord behind a proxy that answers as Noord: its Identify baseURL, its
    identifiers and its links all name Noord, and it withdrew one lesson."""
    liar = new_instance(
        tmp_path, migrated_database, "leugen", OAI_REPOSITORY_IDENTIFIER="noord.techniekbieb.test"
    )
    with inside(liar):
        import_path(FIXTURES / "lessons")
        set_status(get_lesson("magneten-onderzoeken"), LessonStatus.ARCHIVED)
        db.session.commit()
    with inside(harvester):
        harvest(source.oai)
    liar.claims_host = source.url.removeprefix("http://")
    with served(liar), inside(harvester):
        report = harvest(liar.oai)
        assert report.withdrawn == [] and report.created == report.skipped == []
        # Its packages are Noord's, on another origin than the base URL: not fetched either.
        assert sorted(report.problems) == [
            f"{source.url}/lessen/{slug}/download: downloaden mislukt ({source.url}/lessen/"
            f"{slug}/download: niet op de bron zelf ({liar.oai}); niet opgehaald)"
            for slug in ["brug-van-papier", "brug-voor-kleuters"]
        ]
        assert not [path for path in source.paths if path.endswith("/download")][3:]
        assert get_lesson("magneten-onderzoeken").is_published
        assert sorted(harvested_from(source.oai)) == [
            f"oai:noord.techniekbieb.test:{slug}" for slug in FIXTURE_SLUGS
        ]


def test_records_outside_the_sources_repository_identifier_are_refused(source, harvester):
    declared = b"<oai-identifier:repositoryIdentifier>noord.techniekbieb.test<"
    source.replace = {declared: declared.replace(b"noord", b"west")}
    with inside(harvester):
        report = harvest(source.oai)
        assert report.created == []
        assert report.problems == [
            f"oai:noord.techniekbieb.test:{slug}: hoort niet bij de bron "
            "(west.techniekbieb.test); overgeslagen"
            for slug in FIXTURE_SLUGS
        ]
        assert get_lesson("brug-van-papier") is None
    source.replace = {b"oai-identifier:repositoryIdentifier>": b"oai-identifier:delimiter>"}
    with inside(harvester), pytest.raises(HarvestError, match="geen repositoryIdentifier"):
        harvest(source.oai)


STOPPED = "; de rest is niet gelezen en er is niets ingetrokken"


def test_endless_resumption_tokens_stop_at_the_page_limit(source, harvester):
    """The source answers every resumptionToken with its first page (and token) again; it
    gives up after 50 pages, so a harvester without a limit ends too, having read them all."""

    def first_page_again(environ):
        if "resumptionToken" in environ["QUERY_STRING"] and len(source.paths) < 50:
            environ["QUERY_STRING"] = "verb=ListRecords&metadataPrefix=lom"

    source.app.config["OAI_PAGE_SIZE"] = 1
    source.before = first_page_again
    harvester.app.config["HARVEST_MAX_PAGES"] = 5
    with inside(harvester):
        report = harvest(source.oai)
    assert report.problems == [
        "de oogst is gestopt na 5 pagina's (LIBRARY_HARVEST_MAX_PAGES)" + STOPPED
    ]
    assert len(report.created) == 1 and len(report.unchanged) == 4
    assert source.paths.count("/oai") == 1 + 5


def test_a_harvest_stopped_at_the_record_limit_withdraws_nothing(source, harvester):
    harvested_then_unlisted(source, harvester, "brug-voor-kleuters")
    harvester.app.config["HARVEST_MAX_RECORDS"] = 1
    with inside(harvester):
        report = harvest(source.oai)
        assert report.problems == [
            "de oogst is gestopt na 1 records (LIBRARY_HARVEST_MAX_RECORDS)" + STOPPED
        ]
        assert len(report.unchanged) == 1 and report.withdrawn == []
        assert get_lesson("brug-voor-kleuters").is_published


def test_a_slow_source_is_stopped_when_the_harvest_time_is_up(source, harvester):
    def slowly(environ):
        if "ListRecords" in environ["QUERY_STRING"] or "resumptionToken" in environ["QUERY_STRING"]:
            time.sleep(0.6)

    source.app.config["OAI_PAGE_SIZE"] = 1
    source.before = slowly
    harvester.app.config["HARVEST_MAX_SECONDS"] = 1.5
    with inside(harvester):
        report = harvest(source.oai)
    # The report, not a stopwatch, shows the stop: a wall-clock bound fails on a busy machine.
    assert report.problems == [
        "de oogst is gestopt: de tijd is op (LIBRARY_HARVEST_MAX_SECONDS = 1.5)" + STOPPED
    ]
    assert len(report.created) < 3


def test_a_list_page_larger_than_the_limit_is_refused(source, harvester):
    harvester.app.config["HARVEST_MAX_RESPONSE_MB"] = 0.005
    with inside(harvester):
        with pytest.raises(HarvestError, match="antwoord groter dan 0.005 MB"):
            harvest(source.oai)
        assert get_lesson("brug-van-papier") is None


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://10.20.30.40/oai", "10.20.30.40"),
        ("http://169.254.169.254/latest/oai", "169.254.169.254"),
        ("http://[fd00::1]/oai", "fd00::1"),
        ("http://[::ffff:192.168.1.1]/oai", "192.168.1.1"),
    ],
)
def test_private_and_link_local_addresses_are_never_harvested(harvester, url, address):
    with (
        inside(harvester),
        pytest.raises(HarvestError, match=f"wijst naar {address}, geen openbaar adres"),
    ):
        harvest(url)


def test_loopback_is_harvested_only_where_a_setting_allows_it(source, harvester):
    harvester.app.config["HARVEST_ALLOW_LOOPBACK"] = False
    named = source.oai.replace("127.0.0.1", "localhost")
    with inside(harvester):
        for url in (source.oai, named):
            with pytest.raises(HarvestError, match="wijst naar 127.0.0.1, geen openbaar adres"):
                harvest(url)
    assert source.paths == []


def test_a_package_that_redirects_elsewhere_is_not_followed(source, harvester):
    def redirect_magnets(environ):
        if environ["PATH_INFO"] == "/lessen/magneten-onderzoeken/download":
            environ["PATH_INFO"] = "/elders"

    elsewhere = "http://127.0.0.1:9/les.zip"
    source.before = redirect_magnets
    source.app.add_url_rule("/elders", "elders", lambda: redirect(elsewhere))
    with inside(harvester):
        report = harvest(source.oai)
        assert sorted(report.created) == ["brug-van-papier", "brug-voor-kleuters"]
        download = f"{source.url}/lessen/magneten-onderzoeken/download"
        assert report.problems == [
            f"{download}: downloaden mislukt ({elsewhere}: niet op de bron zelf "
            f"({source.oai}); niet opgehaald)"
        ]


def test_a_record_that_fails_is_reported_and_the_next_ones_arrive(source, harvester):
    package = f"{source.url}/lessen/brug-van-papier/download".encode()
    source.replace = {package: b"http://[::1/lessen/brug-van-papier/download"}
    with inside(harvester):
        report = harvest(source.oai)
        assert sorted(report.created) == ["brug-voor-kleuters", "magneten-onderzoeken"]
        assert report.problems == [
            "oai:noord.techniekbieb.test:brug-van-papier: niet overgenomen "
            "(InvalidURL: Invalid port: ':1')"
        ]


def test_a_harvested_attachment_passes_the_upload_check(source, harvester):
    """The source serves a lesson ZIP that carries a page as an attachment."""
    download = "/lessen/magneten-onderzoeken/download"

    def tampered():
        original = zipfile.ZipFile(io.BytesIO(source.app.test_client().get(download).data))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as bundle:
            for name in original.namelist():
                data = original.read(name)
                if name == "lesson.md":
                    data = data.replace(b"- werkblad.pdf\n", b"- werkblad.pdf\n- evil.html\n")
                bundle.writestr(name, data)
            bundle.writestr("lesson/evil.html", b"<script>steal(document.cookie)</script>")
        return buffer.getvalue()

    def to_the_tampered_zip(environ):
        if environ["PATH_INFO"] == download:
            environ["PATH_INFO"] = "/tampered.zip"

    source.app.add_url_rule("/tampered.zip", "tampered", tampered)
    source.before = to_the_tampered_zip
    with inside(harvester):
        report = harvest(source.oai)
        assert sorted(report.created) == ["brug-van-papier", "brug-voor-kleuters"]
        [problem] = report.problems
        assert problem.startswith(f"{source.url}{download}!lesson.md:")
        assert (
            "bijlage `evil.html`: ‘evil.html’ is geen bestand dat je hier kunt toevoegen" in problem
        )
        assert get_lesson("magneten-onderzoeken") is None
