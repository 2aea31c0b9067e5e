import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from synergies.accounts.models import User
from synergies.site.demo import DEMO_PASSWORD, current_totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, email):
    page.goto(live_server.url + reverse("account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    user = User.objects.get(email=email)
    if user.authenticator_set.exists():
        page.locator("#id_code").wait_for()
        page.locator("#id_code").fill(current_totp_code(user))
        page.locator("main form button[type=submit]").first.click()


@pytest.mark.parametrize(
    "email,section",
    [
        ("personne@demo.synergies.fr", "Mon compte"),
        ("membre@demo.synergies.fr", "Armor Usinage de précision (démo) — membre"),
        ("admin-organisation@demo.synergies.fr", "Armor Usinage de précision (démo) — administrateur"),
        ("agent-defense@demo.synergies.fr", "Agent défense — Bretagne"),
        ("coordination-region@demo.synergies.fr", "Coordination — Bretagne"),
        ("coordination-etat@demo.synergies.fr", "Coordination — Bretagne"),
        ("pilotage-national@demo.synergies.fr", "Pilotage national"),
        ("admin@demo.synergies.fr", "Coordination — Bretagne"),
    ],
)
def test_each_demo_role_logs_in_and_reaches_its_home_page(page, live_server, demo, email, section):
    log_in(page, live_server, email)
    page.wait_for_url(live_server.url + reverse("site:dashboard"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour")
    assert page.get_by_role("heading", name=section).count() >= 1
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/", "/territoires/conventions/bretagne-2024/", "/compte/login/"])
def test_no_serious_accessibility_violation(page, live_server, demo, path):
    page.goto(live_server.url + path)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in serious)
    assert page.console_errors == []  # the CSP blocked nothing


def test_coordinator_invites_a_defence_agent_who_accepts(page, live_server, demo, mailoutbox):
    log_in(page, live_server, "coordination-region@demo.synergies.fr")
    page.goto(live_server.url + reverse("territories:roles", kwargs={"slug": "bretagne"}))
    page.get_by_label("Adresse e-mail de la personne à inviter").fill("nouvel-agent@exemple.fr")
    page.get_by_label("Rôle").select_option("defence_agent")
    # The list of the territory's organisations is long: a search box narrows it.
    organisations = page.get_by_label("Pour le compte de l'organisation")
    total = organisations.locator("option").count()
    page.get_by_label("Chercher une organisation dans la liste").fill("dga maitrise")
    shown = organisations.locator("option:not([hidden])").count()
    assert total > 300 and 1 < shown < 5  # the DGA site, and the empty choice
    organisations.select_option(label="DGA Maîtrise de l'information")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    assert page.get_by_text("Invitation envoyée à nouvel-agent@exemple.fr").is_visible()
    assert page.get_by_text("nouvel-agent@exemple.fr — agent défense — Bretagne").is_visible()


def test_an_agent_logs_in_through_proconnect(page, live_server, demo, settings):
    from tests.proconnect_standin import ProConnectStandIn

    standin = ProConnectStandIn().start()
    try:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "proconnect": {
                "APPS": [
                    {
                        "client_id": standin.client_id,
                        "secret": standin.client_secret,
                        "settings": {"server_url": standin.issuer, "token_auth_method": "client_secret_post"},
                    }
                ]
            }
        }
        # The browser follows the login form's redirect to ProConnect: the CSP must allow it.
        settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": ["'self'", standin.issuer]}
        page.goto(live_server.url + reverse("account_login"))
        page.get_by_role("button", name="S’identifier avec ProConnect").click()
        page.wait_for_url(live_server.url + reverse("site:dashboard"))
        assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour Camille")
        assert page.console_errors == []
    finally:
        standin.stop()
