from django.test import Client

from synergies.accounts import services


def test_territories_are_public_with_their_convention_and_objectives(territories):
    response = Client().get("/api/v1/territories", {"with_convention": "true"})
    assert response.status_code == 200
    [bretagne] = response.json()
    assert bretagne["code"] == "53" and bretagne["departments"] == ["22", "29", "35", "56"]
    convention = bretagne["convention"]
    assert convention["signed_on"] == "2024-04-04"
    assert [o["number"] for o in convention["objectives"]] == [1, 2, 3, 4]
    assert len(Client().get("/api/v1/territories").json()) == 18


def test_one_territory_and_an_unknown_one(territories):
    assert Client().get("/api/v1/territories/53").json()["name"] == "Bretagne"
    assert Client().get("/api/v1/territories/99").status_code == 404


def test_token_authentication(people):
    _, key = services.api_token_create(user=people["coordinator"], name="outil")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "coord@exemple.fr"
    assert body["roles"] == [{"kind": "coordinator", "territory": "53", "party": "region", "organisation": None}]


def test_bad_or_missing_token_gets_401_in_french(db):
    response = Client().get("/api/v1/me", headers={"Authorization": "Bearer syn_faux"})
    assert response.status_code == 401
    assert "Authentification requise" in response.json()["detail"]
    assert Client().get("/api/v1/me").status_code == 401


def test_session_authentication(client_for):
    assert client_for("org_member").get("/api/v1/me").json()["roles"][0]["kind"] == "organisation_member"


def test_openapi_schema_and_docs_are_served_without_any_download(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/territories" in schema["paths"]
    docs = Client().get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower() and "/static/ninja/swagger-ui-bundle.js" in docs
