"""schemathesis over /api/v1, in process (WSGI), anonymous and as a coordinator with MFA and a token:
no server error, no response outside its documented schema (status, content type, body).

Bounded for CI: a few examples per operation, derandomised so that a run is reproducible.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from config.wsgi import application
from synergies.accounts import services as account_services
from tests.opportunities.fixtures import respond

# The schema is read from the running application, as an API client would.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
BOUNDED = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# What the API promises: no 5xx, and every answer as documented. (The "positive data accepted"
# check is left out: a valid identifier that names nothing is rightly a 404.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go through the WSGI application, whose end-of-request signal closes a connection
    that is inside a transaction (the test's, on PostgreSQL): Django's test client disconnects it
    for the same reason."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, people, make_opportunity, company):
    """Something behind each list: a published opportunity with a response, the Bretagne convention."""
    opportunity = make_opportunity()
    respond(people["org_member"], opportunity, company)
    return opportunity


@pytest.fixture
def coordinator_token(people):
    user = people["coordinator"]
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not user.authenticator_set.exists():
        TOTP.activate(user, generate_totp_secret())
    return account_services.api_token_create(user=user, name="schemathesis")[1]


@schema.parametrize()
@BOUNDED
def test_the_api_anonymously(case, seeded):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_the_api_as_a_coordinator_with_mfa(case, seeded, coordinator_token):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {coordinator_token}"})
