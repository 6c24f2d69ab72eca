"""The OpenAPI description at /api/v1/openapi.json is true: it is valid OpenAPI, every
/api/v1 route is in it and nothing else is, every documented operation answers, and
every answer (and every request we make) matches what it documents."""

from __future__ import annotations

import re

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate

from library.accounts.models import Role
from library.collections import service as collections
from library.lessons.importer import import_transaction
from library.lessons.service import get_lesson
from library.lines import service as lines
from library.techlabs.importer import read_lab_folder, write_labs
from tests.helpers.app import FIXTURES
from tests.helpers.web import make_user

API = "/api/v1"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def app(backend_app):
    """The API's answers match its description with either search backend."""
    return backend_app


@pytest.fixture
def described(imported, client):
    spec = client.get(f"{API}/openapi.json").get_json()
    return spec, OpenAPI.from_dict(spec)


@pytest.fixture
def path_values(imported):
    """A value for every path parameter the API has: fixture lessons, a shared collection,
    a published learning line."""
    collection = collections.create_collection(make_user(Role.LEERKRACHT), "Bruggen bouwen")
    collections.add_lesson(collection, get_lesson("brug-van-papier"))
    collections.set_shared(collection, True)
    line = lines.create_line(make_user(Role.DOCENT), "Bruggen van groep 1 tot 8")
    lines.add_step(line, get_lesson("brug-voor-kleuters"), "groep-1-2", "Eerst met blokken.")
    lines.add_step(line, get_lesson("brug-van-papier"), "groep-7-8", "Dan van papier.")
    lines.set_published(line, True)
    with import_transaction():
        write_labs(read_lab_folder(FIXTURES / "techlabs"))
    return {
        "slug": "brug-voor-kleuters",
        "token": collection.token,
        "line_slug": line.slug,
        "lab_slug": "proeflab",
    }


def documented_operations(spec: dict) -> set[tuple[str, str]]:
    return {
        (path, method)
        for path, operations in spec["paths"].items()
        for method in operations
        if method in METHODS
    }


def routed_operations(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API + "/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(API))
        found |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def checked(openapi: OpenAPI, response, *, request_too: bool = True):
    """The response (and the request that led to it) as the description says."""
    request = WerkzeugOpenAPIRequest(response.request)
    if request_too:
        openapi.validate_request(request)
    openapi.validate_response(request, WerkzeugOpenAPIResponse(response))
    return response


def test_the_description_is_valid_openapi(described):
    spec, _ = described
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert spec["servers"] == [{"url": "http://bieb.test/api/v1", "description": "This library"}]


def test_every_api_route_is_documented_and_nothing_else(app, described):
    spec, _ = described
    assert routed_operations(app) == documented_operations(spec)


def test_every_documented_operation_answers_as_documented(client, described, path_values):
    spec, openapi = described
    for path, method in sorted(documented_operations(spec)):
        names = re.findall(r"{(\w+)}", path)
        missing = [name for name in names if name not in path_values]
        assert not missing, f"give tests/exchange/test_openapi.py a value for {missing} ({path})"
        url = API + path.format(**{name: path_values[name] for name in names})
        response = client.open(url, method=method.upper())
        assert response.status_code == 200, (path, response.get_data(as_text=True))
        checked(openapi, response)


def test_search_with_every_kind_of_parameter_matches_its_schema(client, described):
    _, openapi = described
    response = client.get(
        f"{API}/lessons",
        query_string=[
            ("q", "brug"),
            ("world", "wonen-werken-verkeer"),
            ("grade", "groep-7-8"),
            ("grade", "groep-1-2"),
            ("duration", "tot-45"),
            ("duration", "tot-90"),
            ("max_duration", "120"),
            ("sort", "shortest"),
            ("page", "1"),
            ("per_page", "1"),
        ],
    )
    data = checked(openapi, response).get_json()
    assert data["total"] == 2 and len(data["results"]) == 1
    assert data["facets"]["grade"]["groep-1-2"] == 1


def test_audience_preparation_cycle_and_least_preparation_are_documented(client, described):
    spec, openapi = described
    parameters = spec["components"]["parameters"]
    assert parameters["audience"]["schema"]["items"]["enum"] == ["leerlingen", "leerkrachten"]
    assert parameters["preparation"]["schema"]["items"]["enum"] == [
        "geen",
        "tot-15",
        "tot-30",
        "langer",
    ]
    assert parameters["cycle"]["schema"]["items"]["enum"] == ["hele-cyclus", "deel-cyclus"]
    assert "preparation" in parameters["sort"]["schema"]["enum"]
    response = client.get(
        f"{API}/lessons",
        query_string=[
            ("audience", "leerlingen"),
            ("preparation", "geen"),
            ("preparation", "langer"),
            ("cycle", "deel-cyclus"),
            ("sort", "preparation"),
        ],
    )
    data = checked(openapi, response).get_json()
    assert set(data["facets"]) >= {"audience", "preparation", "cycle"}
    lesson = client.get(f"{API}/lessons/brug-van-papier")
    assert checked(openapi, lesson).get_json()["audience"] == "leerlingen"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"{API}/lessons?world=ruimtevaart", 400),
        (f"{API}/lessons?per_page=1000", 400),
        (f"{API}/lessons?sort=oudste", 400),
        (f"{API}/lessons?colour=blauw", 400),
        (f"{API}/lessons/geen-les", 404),
        (f"{API}/lessons/geen-les/revisions", 404),
        (f"{API}/collections/geen-collectie", 404),
        (f"{API}/lines/geen-leerlijn", 404),
    ],
)
def test_errors_are_documented_responses(client, described, url, status):
    _, openapi = described
    response = client.get(url)
    assert response.status_code == status
    checked(openapi, response, request_too=False)
    assert response.get_json()["error"]["message"]


def test_facet_values_come_from_the_vocabularies(described):
    spec, _ = described
    world = spec["components"]["parameters"]["world"]
    assert world["schema"]["items"]["enum"][0] == "mens-gezondheid"
    assert len(world["schema"]["items"]["enum"]) == 7
    assert spec["components"]["parameters"]["per_page"]["schema"]["maximum"] == 100
