"""Hole 7 of the trust issue: one schema per name, enumerations documented, errors documented."""

import json

from django.test import Client


def _schema():
    return json.loads(Client().get("/api/v1/openapi.json").content)


def _body_schema(schema, path, method="post"):
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_transitions_are_documented_with_their_own_body_and_choices(db):
    schema = _schema()
    opportunity = _body_schema(schema, "/api/v1/opportunities/{opportunity_id}/transitions")
    response = _body_schema(schema, "/api/v1/responses/{response_id}/transitions")
    assert set(opportunity["properties"]["action"]["enum"]) >= {"publish", "close", "award"}
    assert "withdraw" in response["properties"]["action"]["enum"]
    steering = _body_schema(schema, "/api/v1/conventions/{slug}/actions")
    assert "reference" in steering["properties"]


def test_territories_and_steering_objectives_have_distinct_schemas(db):
    schemas = _schema()["components"]["schemas"]
    assert "themes" in schemas["ObjectiveOut"]["properties"]
    assert "indicators" in schemas["SteeringObjectiveOut"]["properties"]


def test_every_operation_documents_its_error_answers(db):
    for path in _schema()["paths"].values():
        for operation in path.values():
            assert {"400", "401", "403", "404", "422"} <= set(operation["responses"]), operation["operationId"]


def test_an_unknown_transition_is_refused_by_the_schema(client_for, opportunity):
    response = client_for("defence_agent").post(
        f"/api/v1/opportunities/{opportunity.pk}/transitions", {"action": "explode"}, content_type="application/json"
    )
    assert response.status_code == 422
