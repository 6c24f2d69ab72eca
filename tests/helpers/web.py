"""Request-test helpers for pages with forms: users, logging in, and posting with a CSRF token.

The `app` fixture keeps one app context open for a whole test, so Flask's `g` outlives
a request there (it never does in production). Flask-WTF keeps the CSRF token and
Flask-Login the current user in `g`; `Visitor` clears both before each request, so
every request starts as a browser's would.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask import g
from werkzeug.datastructures import MultiDict

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
        self.user: User | None = None  # set by `signed_in`

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
        data = MultiDict(data or {})
        if "csrf_token" not in data:
            data["csrf_token"] = self.token(form_page or url)
        self._fresh()
        return self.client.post(url, data=data, **kwargs)

    def post_without_token(self, url: str, data: dict | None = None, **kwargs):
        self._fresh()
        return self.client.post(url, data=dict(data or {}), **kwargs)

    def log_in(self, email: str, password: str = PASSWORD, **extra):
        return self.post("/inloggen", {"email": email, "password": password, **extra})

    def log_out(self):
        return self.post("/uitloggen", form_page="/account")

    def editor(self, url: str) -> MultiDict:
        """The editor's fields as the page at `url` shows them."""
        response = self.get(url)
        assert response.status_code == 200, response.status_code
        return form_fields(response.get_data(as_text=True), "jouw-versie")

    def use_editor(self, url: str, changes: dict | None = None, action: str = "save", **kwargs):
        """Open the editor at url, change fields (lists replace all values), press a button."""
        fields = fill(self.editor(url), changes or {})
        fields["action"] = action
        self._fresh()
        # As a browser sends the editor's form (it has a file field).
        kwargs.setdefault("content_type", "multipart/form-data")
        return self.client.post(url, data=fields, **kwargs)


def signed_in(client, role: Role | str, **user_fields) -> Visitor:
    """A new user of this role (`user_fields` as for `make_user`), logged in in the browser
    `client`; the visitor's `user` is that user."""
    user = make_user(role, **user_fields)
    visitor = Visitor(client)
    response = visitor.log_in(user.email)
    assert response.status_code == 302, response.get_data(as_text=True)
    visitor.user = user
    return visitor


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the form with the given id."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(
                (self._textarea, "".join(self._text).replace("\r\n", "\n").removeprefix("\n"))
            )
            self._textarea = None
        elif tag == "select":
            self._select = None


def fill(fields: MultiDict, changes: dict) -> MultiDict:
    """Set fields as a person would: a list replaces all values of a field."""
    for name, value in changes.items():
        if isinstance(value, list):
            fields.setlist(name, value)
        else:
            fields[name] = value
    return fields


def form_fields(html: str, form_id: str) -> MultiDict:
    """The values the form would send as it is shown (checked boxes, selected options)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return MultiDict(reader.fields)
