import pytest
from django.core import mail
from django.urls import reverse

from synergies.accounts.models import OrganisationMembership
from synergies.core.exceptions import ApplicationError
from synergies.directory import claims
from synergies.directory.models import ProfileClaim
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
SIRET = "73282932000074"


@pytest.fixture
def armor(bretagne):
    return OrganisationFactory(name="Armor Usinage", siret=SIRET, website="https://www.armor-usinage.fr")


def test_an_address_at_the_website_domain_gets_access_at_once(armor):
    user = UserFactory(email="jeanne@armor-usinage.fr", verified=True)
    organisation, pending = claims.profile_claim(user=user, siret="732 829 320 00074")
    assert organisation == armor and pending is None
    assert OrganisationMembership.objects.get(user=user).role == "admin"  # the first one administers


def test_another_address_waits_for_a_coordinator(armor, people):
    user = UserFactory(email="jeanne@gmail.com", verified=True)
    _, pending = claims.profile_claim(user=user, siret=SIRET, message="Directrice commerciale")
    assert pending.status == "pending" and not OrganisationMembership.objects.filter(user=user).exists()
    with pytest.raises(ApplicationError, match="déjà en attente"):
        claims.profile_claim(user=user, siret=SIRET)
    claims.profile_claim_decide(actor=people["coordinator"], claim=pending, approve=True)
    assert OrganisationMembership.objects.get(user=user).organisation == armor
    with pytest.raises(ApplicationError, match="déjà été traitée"):
        claims.profile_claim_decide(actor=people["coordinator"], claim=pending, approve=False)


def test_the_coordinators_of_the_territory_and_then_the_person_are_told_by_e_mail(
    armor, people, django_capture_on_commit_callbacks
):
    user = UserFactory(email="jeanne@gmail.com", verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        _, pending = claims.profile_claim(user=user, siret=SIRET, message="Directrice commerciale")
    (asked,) = mail.outbox
    assert asked.to == ["coord@exemple.fr"]  # Bretagne's coordinator, not Normandie's
    assert "Armor Usinage" in asked.subject and "Directrice commerciale" in asked.body
    assert "/organisations/territoire/bretagne/revendications/" in asked.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        claims.profile_claim_decide(actor=people["coordinator"], claim=pending, approve=False)
    (decided,) = mail.outbox
    assert decided.to == ["jeanne@gmail.com"] and "refusée" in decided.subject and "refusée" in decided.body
    assert f"/organisations/{armor.pk}/" in decided.body


def test_an_immediate_claim_and_a_failed_decision_send_nothing(armor, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claims.profile_claim(user=UserFactory(email="jeanne@armor-usinage.fr", verified=True), siret=SIRET)
    assert mail.outbox == []
    _, pending = claims.profile_claim(user=UserFactory(email="paul@gmail.com", verified=True), siret=SIRET)
    claims.profile_claim_decide(actor=people["coordinator"], claim=pending, approve=True)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        claims.profile_claim_decide(actor=people["coordinator"], claim=pending, approve=True)
    assert mail.outbox == []


def test_an_unverified_address_does_not_prove_anything(armor):
    user = UserFactory(email="jeanne@armor-usinage.fr", verified=False)
    _, pending = claims.profile_claim(user=user, siret=SIRET)
    assert pending is not None


@pytest.mark.parametrize(
    "siret,message",
    [("1234", "14 chiffres"), ("73282932000075", "clé de contrôle"), ("35600000000048"[:-1] + "9", "clé de contrôle")],
)
def test_a_wrong_siret_is_refused_in_french(armor, siret, message):
    with pytest.raises(ApplicationError, match=message):
        claims.profile_claim(user=UserFactory(verified=True), siret=siret)


def test_an_unknown_siret_says_so(bretagne):
    with pytest.raises(ApplicationError, match="Aucune organisation de l'annuaire"):
        claims.profile_claim(user=UserFactory(verified=True), siret=SIRET)


def test_claim_pages(client_for, armor, people):
    client = client_for("registered")
    page = client.get(reverse("directory:detail", kwargs={"pk": armor.pk})).content.decode()
    assert f"?siret={SIRET}" in page
    response = client.post(reverse("directory:claim"), {"siret": SIRET, "message": "Gérante"})
    assert response.status_code == 302
    pending = ProfileClaim.objects.get()
    coordinator = client_for("coordinator")
    assert "1 en attente de décision" in coordinator.get(reverse("site:dashboard")).content.decode()
    page = coordinator.get(reverse("directory:claims", kwargs={"slug": "bretagne"})).content.decode()
    assert "Gérante" in page and people["registered"].email in page
    coordinator.post(reverse("directory:claim_decide", kwargs={"pk": pending.pk}), {"decision": "refuser"})
    pending.refresh_from_db()
    assert pending.status == "refused" and not OrganisationMembership.objects.filter(user=people["registered"]).exists()
    page = coordinator.get(reverse("directory:claims", kwargs={"slug": "bretagne"})).content.decode()
    decided = page[page.index("Décisions récentes") :]
    assert "Aucune demande en attente" in page and people["registered"].email in decided
    assert "refusée" in decided and people["coordinator"].email in decided
    other = client_for("other_coordinator").get(reverse("directory:claims", kwargs={"slug": "normandie"}))
    assert "Décisions récentes" not in other.content.decode()  # Normandie's coordinator sees only Normandie's
    page = client.post(reverse("directory:claim"), {"siret": "123"}).content.decode()
    assert "14 chiffres" in page
