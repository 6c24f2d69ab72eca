"""Hardening: login throttling, CSRF on every form, security headers, cookies in production."""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask_login.utils import decode_cookie

from library.accounts import registration as accounts_registration
from library.accounts import service, throttle
from library.accounts.models import Attempt, LoginSession, Role, User
from library.db import db, utcnow
from library.security import safe_next
from library.templating import format_moment
from tests.helpers.app import make_app
from tests.helpers.web import PASSWORD, Visitor, make_user


def age_failures(by: timedelta) -> None:
    """Let time pass for the recorded failures (instead of sleeping in a test)."""
    for attempt in db.session.scalars(sa.select(Attempt)):
        attempt.at = attempt.at - by
    db.session.commit()


def test_repeated_failures_slow_down_logins_to_that_account(app, client):
    make_user(Role.DOCENT)
    visitor = Visitor(client)
    for _ in range(throttle.ACCOUNT.free):
        assert visitor.log_in("docent@school.test", "fout fout fout").status_code == 200
    # Now even the right password must wait; the message says how long.
    response = visitor.log_in("docent@school.test")
    assert response.status_code == 429
    assert "Te veel mislukte pogingen. Probeer het over 30 seconden opnieuw." in response.get_data(
        as_text=True
    )
    age_failures(timedelta(seconds=31))
    assert visitor.log_in("docent@school.test").status_code == 302
    # A successful login forgets the account's failures.
    assert throttle.seconds_to_wait("docent@school.test", "other") == 0


def test_the_wait_doubles_with_every_further_failure(app):
    now = utcnow()
    for number in range(throttle.ACCOUNT.free + 3):
        throttle.record_failure("a@b.nl", f"10.0.0.{number}", now)
    db.session.commit()
    # Each address that failed for the account waits for the account's count.
    assert throttle.seconds_to_wait("a@b.nl", "10.0.0.1", now) == 30 * 2**3
    # One address guessing on its own waits for its own count.
    for _ in range(throttle.PAIR.free + 1):
        throttle.record_failure("c@d.nl", "10.0.0.9", now)
    db.session.commit()
    assert throttle.seconds_to_wait("c@d.nl", "10.0.0.9", now) == 30 * 2


def guess(email: str, address: str, times: int) -> None:
    """An attacker trying wrong passwords from one address, through the login service."""
    for _ in range(times):
        with pytest.raises(service.AccountError):
            service.authenticate(email, "fout fout fout", address)


def test_a_stranger_cannot_lock_the_owner_out(app, client):
    make_user(Role.DOCENT)
    guess("docent@school.test", "203.0.113.5", 12)
    assert throttle.seconds_to_wait("docent@school.test", "203.0.113.5") > 0
    # The owner's address never failed: the right password gets in.
    assert Visitor(client).log_in("docent@school.test").status_code == 302
    # The attacker's address still waits, even with the right password.
    with pytest.raises(service.TooManyAttempts):
        service.authenticate("docent@school.test", PASSWORD, "203.0.113.5")


def test_once_an_account_is_under_attack_each_new_address_gets_one_guess(app):
    make_user(Role.DOCENT)
    for number in range(throttle.ACCOUNT.free):
        guess("docent@school.test", f"198.51.100.{number}", 1)
    assert throttle.seconds_to_wait("docent@school.test", "198.51.100.99") == 0
    guess("docent@school.test", "198.51.100.99", 1)
    assert throttle.seconds_to_wait("docent@school.test", "198.51.100.99") > 0


def test_the_owner_reads_about_wrong_passwords_on_the_account_page(app, client, caplog):
    make_user(Role.DOCENT)
    with caplog.at_level("WARNING", logger="library.accounts.service"):
        guess("docent@school.test", "203.0.113.5", throttle.ACCOUNT.free)
    assert [r.getMessage() for r in caplog.records if r.name == "library.accounts.service"] == [
        "Logins to user 1 slowed down after 5 wrong passwords in 30 minutes"
    ]
    visitor = Visitor(client)
    response = visitor.log_in("docent@school.test", next="/lessen")
    assert response.headers["Location"] == "/lessen"
    html = visitor.get("/lessen").get_data(as_text=True)
    assert "Iemand heeft met een verkeerd wachtwoord geprobeerd in te loggen" in html
    html = visitor.get("/account").get_data(as_text=True)
    assert "Er is 5 keer met een verkeerd wachtwoord geprobeerd in te loggen op je account" in html
    visitor.post("/account/inlogpogingen-gezien", form_page="/account")
    assert "Mislukte inlogpogingen" not in visitor.get("/account").get_data(as_text=True)


def test_moments_are_shown_in_dutch_time():
    assert format_moment(datetime(2026, 1, 5, 13, 4, tzinfo=UTC)) == "5-1-2026 om 14:04"
    assert format_moment(datetime(2026, 7, 5, 13, 4, tzinfo=UTC)) == "5-7-2026 om 15:04"  # summer


def test_many_failures_from_one_address_slow_down_every_account_from_there(app, client):
    now = utcnow()
    for number in range(throttle.ADDRESS.free):
        throttle.record_failure(f"gok{number}@school.test", "127.0.0.1", now)
    db.session.commit()
    make_user(Role.DOCENT)
    response = Visitor(client).log_in("docent@school.test")
    assert response.status_code == 429
    # Another address is not slowed down.
    assert throttle.seconds_to_wait("docent@school.test", "192.0.2.7", now) == 0


def test_failures_older_than_the_window_are_forgotten(app):
    old = utcnow() - throttle.WINDOW - timedelta(minutes=1)
    for _ in range(throttle.ACCOUNT.free + 2):
        throttle.record_failure("a@b.nl", "10.0.0.1", old)
    db.session.commit()
    assert throttle.seconds_to_wait("a@b.nl", "10.0.0.1") == 0
    throttle.record_failure("a@b.nl", "10.0.0.1")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 1


def registration(email: str) -> dict:
    return {
        "name": "Dana de Vries",
        "email": email,
        "password": PASSWORD,
        "password_again": PASSWORD,
        "role": "leerkracht",
    }


def test_a_huge_hostile_email_address_is_refused_at_once(app, client):
    # `a@` and dots made the old pattern backtrack quadratically (40 KB: seconds of CPU).
    hostile = "a@" + "." * 40_000 + " "
    started = time.perf_counter()
    response = Visitor(client).post("/registreren", registration(hostile))
    assert time.perf_counter() - started < 1
    assert response.status_code == 400
    assert "Een e-mailadres heeft hoogstens 254 tekens." in response.get_data(as_text=True)


def test_the_email_pattern_reads_hostile_text_in_linear_time():
    for hostile in (
        "a@" + "." * 500_000 + " ",
        "a@" + "b" * 500_000 + ". ",
        "a@b" + ".b" * 250_000 + "@",
        "a" * 500_000,
    ):
        started = time.perf_counter()
        assert service.EMAIL_RE.fullmatch(hostile) is None
        assert time.perf_counter() - started < 0.2
    assert service.is_valid_email("juf.anna+techniek@basisschool.example.nl")
    for wrong in (
        "a@b",
        "a@b..nl",
        "a@.nl",
        "a@b.nl.",
        "a b@c.nl",
        "a@b.nl\n",
        "x" * 250 + "@b.nl",
    ):
        assert not service.is_valid_email(wrong), wrong


def test_registrations_from_one_address_slow_down(app):
    app.config["REGISTRATIONS_PER_HOUR"] = 2
    for number in range(2):
        response = Visitor(app.test_client()).post("/registreren", registration(f"r{number}@s.nl"))
        assert response.status_code == 302
    response = Visitor(app.test_client()).post("/registreren", registration("r2@s.nl"))
    assert response.status_code == 429
    assert (
        "Er is net al een paar keer een account aangevraagd, vanaf dit netwerk of voor dit "
        "e-mailadres. Probeer het over 30 seconden opnieuw." in response.get_data(as_text=True)
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    # Another address registers as usual.
    other = service.Registration("Eva", "eva@s.nl", PASSWORD, Role.LEERKRACHT)
    accounts_registration.register(other, "192.0.2.9")
    assert service.get_user_by_email("eva@s.nl") is not None
    age_failures(timedelta(hours=1))
    response = Visitor(app.test_client()).post("/registreren", registration("r2@s.nl"))
    assert response.status_code == 302


def test_forms_without_a_csrf_token_are_refused(app, client):
    docent = make_user(Role.DOCENT)
    visitor = Visitor(client)
    response = visitor.post_without_token(
        "/inloggen", {"email": docent.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in response.get_data(as_text=True)
    visitor.log_in(docent.email)
    for url in ("/uitloggen", "/nieuwe-les", "/account/wachtwoord", "/account"):
        assert visitor.post_without_token(url).status_code == 400, url
    assert visitor.get("/account").status_code == 200  # still logged in


def test_every_response_carries_the_security_headers(imported, client):
    for url in (
        "/",
        "/lessen/magneten-onderzoeken",
        "/inloggen",
        "/api/v1/lessons",
        "/bestaat-niet",
    ):
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Frame-Options"] == "DENY"


# A script element that runs: no `src`, and not a data block such as JSON-LD.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>")


def test_pages_have_no_inline_script(imported, client):
    make_user(Role.DOCENT)
    visitor = Visitor(client)
    visitor.log_in("docent@school.test")
    for url in ("/", "/account", "/nieuwe-les", "/lessen/magneten-onderzoeken"):
        html = visitor.get(url).get_data(as_text=True)
        # JSON-LD (`application/ld+json`) is data the browser never runs; any other script
        # is an empty element loading a file of this site's static folder.
        scripts = re.findall(r"<script\b[^>]*>(?:</script>)?", html)
        assert all(
            'type="application/ld+json"' in tag
            or re.fullmatch(r'<script src="/static/[a-z]+\.js" defer></script>', tag)
            for tag in scripts
        ), url
        assert " onclick=" not in html and "style=" not in html, url


def test_production_cookies_are_secure_and_https_is_remembered(tmp_path, migrated_database):
    app = make_app(tmp_path, migrated_database, TESTING=False)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["REMEMBER_COOKIE_HTTPONLY"]
    with app.app_context():
        headers = app.test_client().get("/inloggen").headers
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        db.engine.dispose()


def test_safe_next_keeps_only_paths_on_this_site():
    assert safe_next("/lessen/brug?x=1") == "/lessen/brug?x=1"
    for target in ("https://evil.example", "//evil.example", "/\\evil", "evil", "", None, "/\x00x"):
        assert safe_next(target) is None


HOST = "bieb.test"  # the test apps' SERVER_NAME


def copy_cookies(source, target, names=("session", "remember_token")) -> None:
    """What a thief who copied the browser's cookies would send."""
    for name in names:
        cookie = source.client.get_cookie(name, domain=HOST)
        if cookie is not None:
            target.client.set_cookie(name, cookie.value, domain=HOST)


def test_a_copied_session_cookie_stops_working_after_logout(app, client):
    make_user(Role.DOCENT)
    laptop, thief = Visitor(client), Visitor(app.test_client())
    laptop.log_in("docent@school.test")
    copy_cookies(laptop, thief, names=("session",))
    assert thief.get("/account").status_code == 200
    laptop.log_out()
    assert thief.get("/account").status_code == 302


def test_a_copied_remember_cookie_stops_working_after_logout(app, client):
    make_user(Role.DOCENT)
    laptop, thief = Visitor(client), Visitor(app.test_client())
    laptop.log_in("docent@school.test", remember="y")
    copy_cookies(laptop, thief, names=("remember_token",))
    assert thief.get("/account").status_code == 200  # the remember cookie alone logs in
    laptop.log_out()
    thief.client.delete_cookie("session", domain=HOST)
    assert thief.get("/account").status_code == 302


def test_logging_out_ends_only_that_browser(app, client):
    make_user(Role.DOCENT)
    laptop, phone = Visitor(client), Visitor(app.test_client())
    laptop.log_in("docent@school.test")
    phone.log_in("docent@school.test")
    assert "Je bent op 2 apparaten of browsers ingelogd." in phone.get("/account").get_data(
        as_text=True
    )
    laptop.log_out()
    assert laptop.get("/account").status_code == 302
    assert "Je bent alleen hier ingelogd." in phone.get("/account").get_data(as_text=True)


def test_logging_out_everywhere_ends_every_login_of_the_account(app, client):
    make_user(Role.DOCENT)
    laptop, phone, thief = Visitor(client), Visitor(app.test_client()), Visitor(app.test_client())
    laptop.log_in("docent@school.test", remember="y")
    phone.log_in("docent@school.test", remember="y")
    copy_cookies(phone, thief)
    response = laptop.post("/account/overal-uitloggen", form_page="/account")
    assert response.status_code == 302 and response.headers["Location"] == "/inloggen"
    for browser in (laptop, phone, thief):
        assert browser.get("/account").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 0
    assert laptop.post_without_token("/account/overal-uitloggen").status_code == 400


def test_the_database_keeps_only_a_hash_of_each_login_and_ends_old_ones(app, client):
    make_user(Role.DOCENT)
    visitor = Visitor(client)
    visitor.log_in("docent@school.test", remember="y")
    token = decode_cookie(client.get_cookie("remember_token", domain=HOST).value)
    login = db.session.scalar(sa.select(LoginSession))
    assert token and login.token_hash != token and token not in login.token_hash
    # A login lasts as long as the remember cookie, also on the server.
    login.created_at -= app.config["REMEMBER_COOKIE_DURATION"]
    db.session.commit()
    assert visitor.get("/account").status_code == 302
