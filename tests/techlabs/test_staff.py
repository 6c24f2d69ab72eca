"""An admin or moderator makes someone staff of a lab from its dashboard, or ends it; the
new staff member then sees the lab's visits; nobody else changes who runs a lab."""

from __future__ import annotations

import pytest

from library.techlabs.queries import lab_by_slug
from tests.helpers.visits import staff_of
from tests.helpers.web import make_user, signed_in

DASHBOARD = "/techlabs/proeflab/bezoeken"
ADD = "/techlabs/proeflab/medewerkers"


def test_a_moderator_makes_someone_staff_and_ends_it(labs, app):
    moderator = signed_in(app.test_client(), "moderator")
    make_user("leerkracht", email="nieuw@proeflab.example", name="Nina Nieuw")
    response = moderator.post(ADD, {"email": " Nieuw@Proeflab.example "}, form_page=DASHBOARD)
    assert response.status_code == 302
    (member,) = lab_by_slug("proeflab").staff
    assert member.user.name == "Nina Nieuw"
    page = moderator.get(DASHBOARD).get_data(as_text=True)
    assert "Nina Nieuw is nu medewerker van Proeflab Utrecht." in page
    remove = f"{ADD}/{member.id}/verwijderen"
    assert moderator.post(remove, form_page=DASHBOARD).status_code == 302
    assert lab_by_slug("proeflab").staff == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Vul het e-mailadres van een account in."),
        ("niemand@school.test", "Er is geen account met dit e-mailadres."),
        ("sam@proeflab.example", "Sam Staf is al medewerker van Proeflab Utrecht."),
    ],
)
def test_what_cannot_be_added_gets_a_dutch_message(labs, app, email, message):
    staff_of("proeflab", app.test_client(), "sam@proeflab.example")
    moderator = signed_in(app.test_client(), "moderator")
    response = moderator.post(ADD, {"email": email}, form_page=DASHBOARD)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert len(lab_by_slug("proeflab").staff) == 1


def test_staff_do_not_choose_their_colleagues(labs, app):
    staff = staff_of("proeflab", app.test_client(), "sam@proeflab.example")
    make_user("docent", email="ander@school.test")
    page = staff.get(DASHBOARD).get_data(as_text=True)
    assert "Medewerker toevoegen" not in page and "van het lab halen" not in page
    assert staff.post(ADD, {"email": "ander@school.test"}, form_page=DASHBOARD).status_code == 403
    member = lab_by_slug("proeflab").staff[0]
    remove = f"{ADD}/{member.id}/verwijderen"
    assert staff.post(remove, form_page=DASHBOARD).status_code == 403
    assert len(lab_by_slug("proeflab").staff) == 1
