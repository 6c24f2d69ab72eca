"""Accounts: registering, logging in and out, passwords, roles granted by an admin, the CLI."""

import sqlalchemy as sa

from library.accounts import registration, service
from library.accounts.models import Role, User
from library.accounts.passwords import password_problem
from library.db import db
from tests.helpers.web import PASSWORD, Visitor, make_user

REGISTRATION = {
    "name": "Dana de Vries",
    "email": "Dana@Vakcollege.nl",
    "password": PASSWORD,
    "password_again": PASSWORD,
    "role": "leerkracht",
    "organisation": "Vakcollege De Brug",
    "region": "STO Regio Utrecht",
}


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_registering_creates_an_unconfirmed_account_and_asks_to_look_in_the_mail(app, client):
    visitor = Visitor(client)
    response = visitor.post("/registreren", REGISTRATION)
    assert response.status_code == 302
    assert response.headers["Location"] == "/kijk-in-je-mail?reden=registreren"
    dana = user("dana@vakcollege.nl")
    assert dana.role == "leerkracht" and dana.requested_role is None
    assert dana.email_confirmed_at is None
    assert dana.password_hash.startswith("scrypt:") and PASSWORD not in dana.password_hash
    assert "Kijk in je mail" in visitor.get(response.headers["Location"]).get_data(as_text=True)
    assert visitor.get("/account").status_code == 302  # not logged in by registering
    visitor.log_in("dana@vakcollege.nl")
    html = visitor.get("/account").get_data(as_text=True)
    assert "Dana de Vries" in html and "Leerkracht basisonderwijs" in html
    assert "Bevestig je e-mailadres" in html


def test_asking_for_docent_leaves_the_decision_to_an_admin(app, client):
    response = Visitor(client).post("/registreren", {**REGISTRATION, "role": "docent"})
    assert response.status_code == 302
    dana = user("dana@vakcollege.nl")
    assert (dana.role, dana.requested_role) == ("leerkracht", "docent")


def test_nobody_registers_as_moderator_or_admin(app, client):
    response = Visitor(client).post("/registreren", {**REGISTRATION, "role": "admin"})
    assert response.status_code == 400
    assert "Ongeldige keuze" in response.get_data(as_text=True)
    assert user("dana@vakcollege.nl") is None


def test_weak_passwords_are_refused_with_a_dutch_reason(app, client):
    visitor = Visitor(client)
    for password, reason in [
        ("kort1234", "minstens 10 tekens"),
        ("wachtwoord123", "te bekend"),
        ("1234567890", "te bekend"),
        ("dana@vakcollege.nl", "niet gelijk zijn aan je naam of e-mailadres"),
    ]:
        response = visitor.post(
            "/registreren", {**REGISTRATION, "password": password, "password_again": password}
        )
        assert response.status_code == 400, password
        assert reason in response.get_data(as_text=True), password
    assert user("dana@vakcollege.nl") is None
    assert password_problem("Een Heel Eigen Zin 2026") is None


def test_log_in_with_wrong_password_gives_one_message_for_both_mistakes(app, client):
    make_user(Role.DOCENT)
    visitor = Visitor(client)
    wrong_password = visitor.log_in("docent@school.test", "niet het wachtwoord")
    unknown_user = visitor.log_in("niemand@school.test")
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert "Dit e-mailadres en wachtwoord horen niet bij elkaar." in response.get_data(
            as_text=True
        )
    assert visitor.get("/account").status_code == 302


def test_log_in_and_out(app, client):
    make_user(Role.DOCENT)
    visitor = Visitor(client)
    response = visitor.log_in("DOCENT@school.test")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert visitor.get("/account").status_code == 200
    assert visitor.get("/uitloggen").status_code == 405  # logging out is a POST
    assert visitor.log_out().status_code == 302
    assert visitor.get("/account").status_code == 302


def test_logging_out_also_forgets_the_remembered_login(app, client):
    make_user(Role.DOCENT)
    visitor = Visitor(client)
    visitor.log_in("docent@school.test", remember="y")
    response = visitor.log_out()
    assert any(c.startswith("remember_token=;") for c in response.headers.getlist("Set-Cookie"))
    assert visitor.get("/account").status_code == 302


def test_session_and_remember_cookies_are_httponly_and_samesite(app, client):
    make_user(Role.DOCENT)
    response = Visitor(client).log_in("docent@school.test", remember="y")
    cookies = {c.split("=")[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name]
    # Test apps run on plain HTTP; production sets Secure (see test_accounts_security).
    assert "Secure" not in cookies["session"]


def test_after_login_only_local_pages_are_followed(app, client):
    make_user(Role.DOCENT)
    for target, expected in [
        ("/lessen?world=mens-gezondheid", "/lessen?world=mens-gezondheid"),
        ("https://evil.example/steal", "/account"),
        ("//evil.example/steal", "/account"),
        ("/\\evil.example", "/account"),
        ("javascript:alert(1)", "/account"),
    ]:
        visitor = Visitor(client.application.test_client())
        token = visitor.token("/inloggen")
        visitor._fresh()
        response = visitor.client.post(
            "/inloggen",
            query_string={"next": target},
            data={"csrf_token": token, "email": "docent@school.test", "password": PASSWORD},
        )
        assert response.headers["Location"] == expected, target


def test_changing_the_password_logs_out_other_sessions(app, client):
    make_user(Role.DOCENT)
    laptop, phone = Visitor(client), Visitor(app.test_client())
    laptop.log_in("docent@school.test")
    phone.log_in("docent@school.test")
    new = "een nieuwe lange zin voor mij"
    response = laptop.post(
        "/account/wachtwoord",
        {"current_password": PASSWORD, "new_password": new, "new_password_again": new},
    )
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    assert Visitor(app.test_client()).log_in("docent@school.test", new).status_code == 302


def test_changing_the_password_needs_the_current_one(app, client):
    make_user(Role.DOCENT)
    visitor = Visitor(client)
    visitor.log_in("docent@school.test")
    new = "een nieuwe lange zin voor mij"
    response = visitor.post(
        "/account/wachtwoord",
        {"current_password": "geraden", "new_password": new, "new_password_again": new},
    )
    assert response.status_code == 400
    assert "Je huidige wachtwoord klopt niet." in response.get_data(as_text=True)


def test_an_admin_grants_a_requested_role(app, client):
    registration.register(
        service.Registration("Dana", "dana@school.test", PASSWORD, Role.DOCENT, "", ""),
        "192.0.2.1",
    )
    dana = user("dana@school.test")
    make_user(Role.ADMIN)
    admin = Visitor(client)
    admin.log_in("admin@school.test")
    html = admin.get("/beheer/gebruikers").get_data(as_text=True)
    assert "Vraagt: <strong>Docent vmbo</strong>" in html
    response = admin.post(
        f"/beheer/gebruikers/{dana.id}/rol", {"role": "docent"}, form_page="/beheer/gebruikers"
    )
    assert response.status_code == 302
    db.session.refresh(dana)
    assert (dana.role, dana.requested_role) == ("docent", None)


def test_only_admins_manage_users_and_no_admin_demotes_themselves(app, client):
    docent = make_user(Role.DOCENT)
    visitor = Visitor(client)
    visitor.log_in(docent.email)
    assert visitor.get("/beheer/gebruikers").status_code == 403
    token = visitor.token("/account")
    visitor._fresh()
    response = client.post(
        f"/beheer/gebruikers/{docent.id}/rol", data={"csrf_token": token, "role": "admin"}
    )
    assert response.status_code == 403
    admin = make_user(Role.ADMIN)
    with_admin = Visitor(app.test_client())
    with_admin.log_in(admin.email)
    with_admin.post(
        f"/beheer/gebruikers/{admin.id}/rol", {"role": "docent"}, form_page="/beheer/gebruikers"
    )
    db.session.refresh(admin)
    assert admin.role == "admin"
    db.session.refresh(docent)
    assert docent.role == "docent"


def test_a_blocked_user_is_logged_out_and_cannot_log_in(app, client):
    docent = make_user(Role.DOCENT)
    admin = make_user(Role.ADMIN)
    visitor = Visitor(client)
    visitor.log_in(docent.email)
    boss = Visitor(app.test_client())
    boss.log_in(admin.email)
    response = boss.post(
        f"/beheer/gebruikers/{docent.id}/blokkeren", form_page="/beheer/gebruikers"
    )
    assert response.status_code == 302
    assert visitor.get("/account").status_code == 302
    response = Visitor(app.test_client()).log_in(docent.email)
    assert "Dit account is geblokkeerd." in response.get_data(as_text=True)


def test_a_leerkracht_asks_for_the_docent_role_on_the_account_page(app, client):
    leerkracht = make_user(Role.LEERKRACHT)
    visitor = Visitor(client)
    visitor.log_in(leerkracht.email)
    response = visitor.post("/account/rol", {"role": "docent"}, form_page="/account")
    assert response.status_code == 302
    db.session.refresh(leerkracht)
    assert (leerkracht.role, leerkracht.requested_role) == ("leerkracht", "docent")


def test_cli_creates_the_first_admin(app, runner):
    result = runner.invoke(
        args=["user", "create", "--email", "Beheer@Bieb.nl", "--name", "Bea Beheer"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Gebruiker beheer@bieb.nl aangemaakt als beheerder." in result.output
    assert user("beheer@bieb.nl").role == "admin"


def test_cli_refuses_a_weak_password(app, runner):
    result = runner.invoke(
        args=["user", "create", "--email", "b@bieb.nl", "--name", "Bea", "--password", "geheim"]
    )
    assert result.exit_code == 1
    assert "Kies een wachtwoord van minstens 10 tekens." in result.output
    assert user("b@bieb.nl") is None
