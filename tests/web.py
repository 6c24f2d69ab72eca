"""Request-test helpers for pages with forms: users, logging in, and posting with a CSRF token.

The `app` fixture keeps one app context open for a whole test, so Flask's `g` outlives
a request there (it never does in production). Flask-WTF keeps the CSRF token and
Flask-Login the current user in `g`; `Visitor` clears both before each request, so
every request starts as a browser's would.
"""

from __future__ import annotations

import re

from flask import g

from library.accounts import service
from library.accounts.models import Role, User

PASSWORD = "een lange zin als wachtwoord"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def make_user(
    role: Role | str,
    *,
    email: str | None = None,
    name: str | None = None,
    region: str = "STO Regio Utrecht",
) -> User:
    role = Role(role)
    user = service.create_user(
        service.Registration(
            name=name or f"{role.label} Test",
            email=email or f"{role.value}@school.test",
            password=PASSWORD,
            role=role,
            organisation="Testschool",
            region=region,
        )
    )
    return user


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


class Visitor:
    """One browser: its own cookies, a fresh request context for every request."""

    def __init__(self, client) -> None:
        self.client = client

    def _fresh(self) -> None:
        g.pop("csrf_token", None)
        g.pop("_login_user", None)

    def get(self, url: str, **kwargs):
        self._fresh()
        return self.client.get(url, **kwargs)

    def token(self, url: str) -> str:
        return csrf_token(self.get(url).get_data(as_text=True))

    def post(self, url: str, data: dict | None = None, *, form_page: str | None = None, **kwargs):
        """Post like the form on `form_page` (default: the url itself) would, token included."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(form_page or url))
        self._fresh()
        return self.client.post(url, data=data, **kwargs)

    def post_without_token(self, url: str, data: dict | None = None, **kwargs):
        self._fresh()
        return self.client.post(url, data=dict(data or {}), **kwargs)

    def log_in(self, email: str, password: str = PASSWORD, **extra):
        return self.post("/inloggen", {"email": email, "password": password, **extra})

    def log_out(self):
        return self.post("/uitloggen", form_page="/account")
