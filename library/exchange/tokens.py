"""Resumption tokens: the state of a list request, signed, so the server keeps none.

A token carries the request's arguments, how many records were sent before and the
position of the last one. It is signed with the app's secret key, so a harvester can
neither forge nor alter one, and it expires after a day.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from library.exchange.records import Position

LIFETIME = timedelta(hours=24)
SALT = "oai-pmh-resumption-token"


class BadResumptionToken(ValueError):
    """The token is not ours, was altered, belongs to another verb or has expired."""


@dataclass(frozen=True)
class ListState:
    verb: str
    metadata_prefix: str | None
    set_spec: str | None
    start: str | None
    end: str | None
    sent: int
    after_datestamp: str
    after_id: int

    @property
    def after(self) -> Position:
        return Position(datetime.fromisoformat(self.after_datestamp), self.after_id)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def issue(state: ListState) -> str:
    return _serializer().dumps(asdict(state))


def redeem(token: str, verb: str) -> ListState:
    """The state a token carries; raises BadResumptionToken for any token we cannot honour."""
    try:
        data = _serializer().loads(token, max_age=int(LIFETIME.total_seconds()))
        state = ListState(**data)
    except (BadData, TypeError) as error:
        raise BadResumptionToken(str(error)) from None
    if state.verb != verb:
        raise BadResumptionToken("token belongs to another verb")
    return state
