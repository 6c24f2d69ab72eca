"""`/api/v1/techlabs`: labs and their public offer, never staff or what the lab keeps private."""

from __future__ import annotations

from library.db import db
from library.techlabs.models import LabStaff
from library.techlabs.queries import lab_by_slug
from tests.helpers.web import make_user


def test_the_list_has_every_lab(labs, client):
    data = client.get("/api/v1/techlabs").get_json()
    assert [lab["slug"] for lab in data["labs"]] == ["magneetbus", "proeflab"]
    proeflab = data["labs"][1]
    assert proeflab["activity_count"] == 2
    assert proeflab["technologies"] == ["3d-printen", "robotica"]
    assert proeflab["url"] == "http://bieb.test/techlabs/proeflab"


def test_a_lab_has_its_offer_and_only_its_public_contact(labs, client):
    db.session.add(LabStaff(lab=lab_by_slug("proeflab"), user=make_user("leerkracht")))
    db.session.commit()
    response = client.get("/api/v1/techlabs/proeflab")
    data = response.get_json()
    assert data["contact"] == {"name": "Pim Proef", "email": "pim@proeflab.example"}
    assert "030" not in response.get_data(as_text=True)
    assert "staff" not in data and "leerkracht@school.test" not in response.get_data(as_text=True)
    bridges, workshop = data["activities"]
    assert bridges["preparation_lesson"]["slug"] == "brug-van-papier"
    assert bridges["scheduling"] == "op-aanvraag" and bridges["dates"] == []
    assert workshop["dates"] == [
        {"date": "2026-11-04", "start": "19:00", "end": "20:30", "seats": 12}
    ]
    assert workshop["cost_cents"] == 750 and workshop["follow_up_lesson"] is None


def test_an_unknown_lab_is_a_json_404(labs, client):
    response = client.get("/api/v1/techlabs/bestaat-niet")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "Er is geen techlab 'bestaat-niet'."
