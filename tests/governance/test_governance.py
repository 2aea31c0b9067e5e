import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from synergies.accounts.enums import Party
from synergies.core.exceptions import ApplicationError
from synergies.directory.models import Capability, Organisation
from synergies.directory.taxonomy import taxonomy_load
from synergies.governance import selectors, services
from synergies.governance.models import Indicator, IndicatorValue
from synergies.opportunities import services as opportunity_services
from synergies.opportunities.models import Award, Opportunity
from tests.factories import OrganisationFactory, TerritoryRoleFactory
from tests.opportunities.fixtures import in_days, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(people):
    return people["coordinator"]  # Party.REGION in Bretagne


@pytest.fixture
def state(bretagne):
    return TerritoryRoleFactory(territory=bretagne, party=Party.STATE, user__email="etat@exemple.fr").user


def _indicator(convention, region, **fields):
    values = {
        "objective": convention.objectives.get(number=2),
        "code": "participants",
        "name": "Participants aux rencontres",
        "unit": "participants",
        "target": Decimal(300),
        "direction": "increase",
        "frequency": "quarterly",
    }
    values.update(fields)
    return services.indicator_save(actor=region, convention=convention, fields=values)


def _computed(convention, region, key):
    return _indicator(convention, region, code=key, name=key, unit="n", computation=key)


def test_computed_indicators_match_a_hand_count(convention, region, make_opportunity, people, company, agent):
    taxonomy_load()
    territory = convention.territory
    cyber = Capability.objects.filter(domain__slug="cyber").first()
    counted = [company, OrganisationFactory(name="Cyber A"), OrganisationFactory(name="Cyber B")]
    counted[1].capabilities.add(cyber)
    counted[2].capabilities.add(cyber)
    OrganisationFactory(name="Fermée", is_closed=True).capabilities.add(cyber)  # not counted
    OrganisationFactory(name="Fusionnée", merged_into=company)  # not counted
    OrganisationFactory(name="Ailleurs", territory=people["other_coordinator"].territory_roles.get().territory)
    # The agent's organisation (DGA MI (test)) and other_company? Only those of this test: count them.
    expected_organisations = Organisation.objects.filter(
        territory=territory, is_closed=False, merged_into__isnull=True
    ).count()
    need = make_opportunity(title="Besoin 1")
    make_opportunity(title="Besoin R&I", kind="research")
    make_opportunity(title="Offre", kind="recruitment", contract_type="job", open_to_military_spouses=True)
    make_opportunity(title="Mission", kind="reserve_mission", reserve_type="operational")
    make_opportunity(title="Brouillon", publish=False)  # not published: not counted
    first = respond(people["org_member"], need, company)
    withdrawn = respond(people["org_member"], make_opportunity(title="Besoin 2"), company)
    opportunity_services.response_withdraw(actor=people["org_member"], response=withdrawn)
    assert first.status == "received"
    Opportunity.objects.filter(pk=need.pk).update(deadline=in_days(-1))
    need.refresh_from_db()
    opportunity_services.opportunity_award(
        actor=agent,
        opportunity=need,
        winners=[{"organisation": company, "amount": 120_000}, {"name": "Autre lauréat", "amount": 30_500}],
        awarded_on=timezone.localdate(),
    )
    keys = [
        "organisations",
        "organisations_cyber_ai",
        "opportunities_published",
        "needs_published",
        "responses",
        "awards",
        "awarded_amount",
        "reserve_missions",
        "spouse_jobs",
        "events",
    ]
    indicators = {key: _computed(convention, region, key) for key in keys}
    assert services.indicators_compute() == len(keys)
    assert services.indicators_compute() == len(keys)  # same day: updated, not duplicated
    latest = {key: indicator.values.get().value for key, indicator in indicators.items()}
    assert latest == {
        "organisations": expected_organisations,
        "organisations_cyber_ai": 2,
        "opportunities_published": 5,  # Besoin 1, Besoin R&I, Offre, Mission, Besoin 2
        "needs_published": 3,  # Besoin 1, Besoin R&I, Besoin 2
        "responses": 1,  # the withdrawn one does not count
        "awards": 2,
        "awarded_amount": Decimal("150500"),
        "reserve_missions": 1,
        "spouse_jobs": 1,
        "events": 0,  # counted in tests/events/test_indicators.py
    }
    assert Award.objects.count() == 2


def test_a_value_counts_once_the_other_party_validates_it(convention, region, state, people):
    indicator = _indicator(convention, region)
    entry = services.value_enter(actor=region, indicator=indicator, value="1 234,5", measured_on=timezone.localdate())
    assert entry.value == Decimal("1234.5") and entry.status == "pending" and entry.entered_party == "region"
    assert selectors.indicator_views([indicator], with_pending=True)[0].latest is None  # not counted yet
    with pytest.raises(ApplicationError, match="vous avez saisie"):
        services.value_validate(actor=region, entry=entry)
    another_region = TerritoryRoleFactory(
        territory=convention.territory, party=Party.REGION, user__email="region2@exemple.fr"
    ).user
    with pytest.raises(ApplicationError, match="autre partie"):
        services.value_validate(actor=another_region, entry=entry)
    with pytest.raises(ApplicationError, match="Seuls les coordinateurs"):
        services.value_validate(actor=people["other_coordinator"], entry=entry)
    services.value_validate(actor=state, entry=entry)
    entry.refresh_from_db()
    assert (entry.status, entry.validated_party, entry.validated_by) == ("validated", "state", state)
    view = selectors.indicator_views([Indicator.objects.get(pk=indicator.pk)], with_pending=True)[0]
    assert view.latest.pk == entry.pk and view.attainment == 411  # 1234.5 / 300
    with pytest.raises(ApplicationError, match="déjà"):
        services.value_validate(actor=state, entry=entry)


def test_the_database_refuses_a_validation_by_the_same_party(convention, region):
    entry = services.value_enter(
        actor=region, indicator=_indicator(convention, region), value="5", measured_on=timezone.localdate()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.filter(pk=entry.pk).update(status="validated", validated_party="region")


@pytest.mark.parametrize(
    "value,measured_on,message",
    [
        ("12 k€", None, "Unité « k€ » inattendue"),
        ("beaucoup", None, "n'est pas un nombre"),
        ("12", datetime.date(2020, 1, 1), "précède le début de la convention"),
        ("12", timezone.localdate() + datetime.timedelta(days=3), "futur"),
    ],
)
def test_bad_values_get_french_messages_and_nothing_is_written(convention, region, value, measured_on, message):
    indicator = _indicator(convention, region, unit="€")
    with pytest.raises(ApplicationError, match=message):
        services.value_enter(
            actor=region, indicator=indicator, value=value, measured_on=measured_on or timezone.localdate()
        )
    assert not IndicatorValue.objects.exists()
    assert services.parse_value("250 000 €", indicator) == Decimal(250000)


def test_computed_indicators_take_no_entered_value(convention, region):
    indicator = _computed(convention, region, "organisations")
    with pytest.raises(ApplicationError, match="calculé"):
        services.value_enter(actor=region, indicator=indicator, value="3", measured_on=timezone.localdate())


def test_a_decision_creates_an_action_that_the_next_meeting_follows(convention, region):
    first = services.meeting_save(
        actor=region, convention=convention, fields={"kind": "steering", "held_on": datetime.date(2025, 3, 1)}
    )
    services.decision_create(
        actor=region,
        meeting=first,
        text="Recenser les plateformes technologiques.",
        new_action={
            "objective": convention.objectives.get(number=2),
            "reference": "2.9",
            "title": "Recensement des plateformes",
            "lead": "dga",
            "due_on": datetime.date(2025, 6, 30),
        },
    )
    second = services.meeting_save(
        actor=region, convention=convention, fields={"kind": "steering", "held_on": datetime.date(2025, 10, 1)}
    )
    previous = selectors.previous_meeting(second)
    assert previous == first
    action = previous.decisions.get().actions.get()
    assert action.reference == "2.9" and action.is_late  # due in June 2025, not done
    with pytest.raises(ApplicationError, match="précède le début"):
        services.meeting_save(
            actor=region, convention=convention, fields={"kind": "technical", "held_on": datetime.date(2023, 1, 1)}
        )


def test_public_page_shows_only_what_is_published(client, convention, region):
    objective = convention.objectives.get(number=1)
    for reference, public in (("1.1", True), ("1.2", False)):
        services.action_save(
            actor=region,
            convention=convention,
            fields={
                "objective": objective,
                "reference": reference,
                "title": f"Action {reference}",
                "lead": "region",
                "is_public": public,
            },
        )
    page = client.get(reverse("governance:public", kwargs={"slug": convention.slug})).content.decode()
    assert "Action 1.1" in page and "Action 1.2" not in page
    # Inside the sentence only the first letter of the title is lowered: the region keeps its capital.
    title = convention.title
    assert f"Avancement de la {title[0].lower()}{title[1:]}</h1>" in page and title[1:] != title[1:].lower()


def test_dashboard_queries_do_not_grow_with_indicators(client_for, convention, region, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("coordinator")
    url = reverse("governance:dashboard", kwargs={"slug": convention.slug})

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _indicator(convention, region, code="a")
    before = count()
    for n in range(5):
        indicator = _indicator(convention, region, code=f"i{n}")
        services.value_enter(actor=region, indicator=indicator, value=n, measured_on=timezone.localdate())
    assert count() == before


def test_the_annual_report_pdf_and_xlsx_hold_the_validated_values(client_for, convention, region, state):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    indicator = _indicator(convention, region, name="Participants aux rencontres acheteurs", unit="participants")
    entry = services.value_enter(actor=region, indicator=indicator, value="187", measured_on=timezone.localdate())
    services.value_enter(actor=region, indicator=indicator, value="999", measured_on=timezone.localdate())  # pending
    services.value_validate(actor=state, entry=entry)
    client = client_for("coordinator")
    response = client.get(reverse("governance:report", kwargs={"slug": convention.slug, "fmt": "pdf"}))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Rapport annuel" in text and "Participants aux rencontres acheteurs" in text
    assert "187 participants" in text and "999" not in text  # only validated values count
    for part in ("Sommaire", "Synthèse", "Activité de la plateforme", "Opportunités publiées", "Page 2 /"):
        assert part in text, part
    assert "Région Bretagne" in text  # a party, on the cover
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("governance:report", kwargs={"slug": convention.slug, "fmt": "xlsx"})).content)
    )
    assert workbook.sheetnames == ["Objectif 1", "Objectif 2", "Objectif 3", "Objectif 4"]
    rows = list(workbook["Objectif 2"].values)
    values = [row for row in rows if row and row[0] == "Participants aux rencontres acheteurs" and row[4]]
    assert sorted(row[3] for row in values) == [187.0, 999.0] and {row[4] for row in values} == {"validée", "à valider"}
    targets = [row for row in rows if row and row[0] == "Participants aux rencontres acheteurs" and not row[4]]
    assert targets and targets[0][3] == 300.0  # the target beside the baseline
    bad = client.get(reverse("governance:report", kwargs={"slug": convention.slug, "fmt": "pdf"}), {"debut": "hier"})
    assert bad.status_code == 302


def _upload(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_bulk_update_shows_changes_and_errors_before_writing(convention, region):
    from synergies.governance import imports
    from synergies.governance.models import Action

    objective = convention.objectives.get(number=1)
    action = services.action_save(
        actor=region,
        convention=convention,
        fields={"objective": objective, "reference": "1.1", "title": "A", "lead": "region"},
    )
    indicator = _indicator(convention, region, unit="€")
    bad = imports.import_prepare(
        actor=region,
        convention=convention,
        uploaded=_upload(
            "actions.csv",
            "reference;etat;avancement\n1.1;en cours;50\n9.9;en cours;10\n1.1;fini;10\n1.1;en cours;150\n",
        ),
    )
    assert bad.kind == "actions" and len(bad.rows) == 1
    assert bad.errors == [
        "Ligne 3 : action inconnue « 9.9 »",
        "Ligne 4 : état « fini » inconnu (prévue, en cours, réalisée, abandonnée)",
        "Ligne 5 : avancement 150 : un entier entre 0 et 100",
    ]
    with pytest.raises(ApplicationError, match="rien n'a été écrit"):
        imports.import_confirm(actor=region, run=bad)
    action.refresh_from_db()
    assert action.progress == 0
    good = imports.import_prepare(
        actor=region,
        convention=convention,
        uploaded=_upload("actions.csv", "reference,etat,avancement\n1.1,réalisée,100\n"),
    )
    assert imports.import_confirm(actor=region, run=good) == 1
    assert Action.objects.get(pk=action.pk).status == "done"
    values = imports.import_prepare(
        actor=region,
        convention=convention,
        uploaded=_upload(
            "valeurs.csv",
            f"indicateur;date;valeur\n{indicator.code};01/02/2025;12 000\n{indicator.code};2020-01-01;3\n"
            f"{indicator.code};2025-03-01;12 k€\ninconnu;2025-03-01;1\n",
        ),
    )
    assert [e.split(" : ", 1)[0] for e in values.errors] == ["Ligne 3", "Ligne 4", "Ligne 5"]
    assert "précède le début" in values.errors[0] and "k€" in values.errors[1] and "inconnu" in values.errors[2]
    assert not IndicatorValue.objects.exists()
    with pytest.raises(ApplicationError, match="En-tête non reconnu"):
        imports.import_prepare(actor=region, convention=convention, uploaded=_upload("x.csv", "a;b\n1;2\n"))


def test_bulk_values_from_xlsx_are_pending_like_typed_ones(convention, region):
    import io

    from openpyxl import Workbook

    from synergies.governance import imports

    indicator = _indicator(convention, region)
    workbook = Workbook()
    workbook.active.append(["indicateur", "date", "valeur", "commentaire"])
    workbook.active.append([indicator.code, datetime.date(2025, 6, 30), 42, "Semestre"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    run = imports.import_prepare(
        actor=region, convention=convention, uploaded=SimpleUploadedFile("valeurs.xlsx", buffer.getvalue())
    )
    assert run.errors == [] and imports.import_confirm(actor=region, run=run) == 1
    entry = IndicatorValue.objects.get()
    assert (entry.value, entry.status, entry.comment) == (Decimal(42), "pending", "Semestre")
    with pytest.raises(ApplicationError, match="déjà été appliqué"):
        imports.import_confirm(actor=region, run=run)


def test_steering_api_public_for_anyone_full_for_steering_and_validation_by_the_other_party(
    convention, region, state, people
):
    from django.test import Client

    from tests.api.test_directory_api import bearer

    public = _indicator(convention, region, code="public", is_public=True)
    _indicator(convention, region, code="interne")
    url = f"/api/v1/conventions/{convention.slug}/steering"
    anonymous = Client().get(url).json()
    codes = [i["code"] for o in anonymous["objectives"] for i in o["indicators"]]
    assert anonymous["public_only"] is True and codes == ["public"]
    full = Client().get(url, headers=bearer(people["national_steering"])).json()
    assert full["public_only"] is False and len([i for o in full["objectives"] for i in o["indicators"]]) == 2
    created = Client().post(
        f"/api/v1/indicators/{public.pk}/values",
        {"value": "12", "measured_on": timezone.localdate().isoformat()},
        content_type="application/json",
        headers=bearer(region),
    )
    assert created.status_code == 201 and created.json()["status"] == "pending"
    value_id = created.json()["id"]
    same_party = Client().post(
        f"/api/v1/values/{value_id}/validation",
        {"accept": True},
        content_type="application/json",
        headers=bearer(region),
    )
    assert (
        same_party.status_code == 400
        and "autre partie" in same_party.json()["detail"]
        or "saisie" in same_party.json()["detail"]
    )
    validated = Client().post(
        f"/api/v1/values/{value_id}/validation",
        {"accept": True},
        content_type="application/json",
        headers=bearer(state),
    )
    assert validated.json()["status"] == "validated" and validated.json()["validated_party"] == "state"
    series = Client().get(url).json()["objectives"][1]["indicators"][0]["series"]
    assert series == [{"date": timezone.localdate().isoformat(), "value": 12.0}]
    refused = Client().post(
        f"/api/v1/indicators/{public.pk}/values",
        {"value": "1", "measured_on": timezone.localdate().isoformat()},
        content_type="application/json",
        headers=bearer(people["national_steering"]),
    )
    assert refused.status_code == 403


def test_coordinators_write_actions_through_the_api(convention, region, people):
    from django.test import Client

    from tests.api.test_directory_api import bearer

    url = f"/api/v1/conventions/{convention.slug}/actions"
    body = {"objective": 3, "reference": "3.7", "title": "Hackathon IA de défense", "lead": "aid", "progress": 10}
    created = Client().post(url, body, content_type="application/json", headers=bearer(region))
    assert created.status_code == 201 and created.json()["reference"] == "3.7"
    again = Client().post(url, body, content_type="application/json", headers=bearer(region))
    assert again.status_code == 400 and "déjà cette référence" in again.json()["detail"]
    updated = Client().patch(
        f"{url}/3.7", {"status": "done", "progress": 100}, content_type="application/json", headers=bearer(region)
    )
    assert updated.json()["status"] == "done" and updated.json()["progress"] == 100
    too_much = Client().patch(f"{url}/3.7", {"progress": 150}, content_type="application/json", headers=bearer(region))
    assert too_much.status_code == 400 and "entre 0 et 100" in too_much.json()["detail"]
    assert (
        Client()
        .patch(f"{url}/9.9", {"progress": 1}, content_type="application/json", headers=bearer(region))
        .status_code
        == 404
    )
    refused = Client().post(url, body, content_type="application/json", headers=bearer(people["national_steering"]))
    assert refused.status_code == 403


def test_a_coordinator_edits_an_indicator_to_publish_it(client_for, convention, region):
    indicator = _indicator(convention, region)
    url = reverse("governance:indicator_edit", kwargs={"slug": convention.slug, "pk": indicator.pk})
    page = client_for("coordinator").get(url)
    assert page.status_code == 200 and indicator.name in page.content.decode()
    data = {
        "objective": indicator.objective_id, "code": indicator.code, "name": indicator.name, "unit": indicator.unit,
        "decimals": 0, "target": "500", "direction": "increase", "frequency": "quarterly", "is_public": "on",
    }  # fmt: skip
    assert client_for("coordinator").post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.is_public and indicator.target == Decimal(500)


def test_the_import_preview_runs_the_checks_of_the_write(convention, region, client_for):
    """A value dated in the future is refused in the preview, as the write refuses it; dates are French."""
    import datetime

    from synergies.governance import imports

    indicator = _indicator(convention, region)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    run = imports.import_prepare(
        actor=region,
        convention=convention,
        uploaded=_upload("valeurs.csv", f"indicateur;date;valeur\n{indicator.code};{tomorrow.isoformat()};12\n"),
    )
    assert run.errors == [f"Ligne 2 : La date de la mesure ({tomorrow:%d/%m/%Y}) est dans le futur."]
    with pytest.raises(ApplicationError):
        imports.import_confirm(actor=region, run=run)
    assert not IndicatorValue.objects.exists()
    day = convention.starts_on + datetime.timedelta(days=3)
    good = imports.import_prepare(
        actor=region,
        convention=convention,
        uploaded=_upload("valeurs.csv", f"indicateur;date;valeur\n{indicator.code};{day.isoformat()};1200\n"),
    )
    html = client_for("coordinator").get(reverse("governance:import_detail", kwargs={"pk": good.pk})).content.decode()
    assert f"{day:%d/%m/%Y}" in html and "1\u202f200" in html


def test_validation_is_offered_to_the_other_party_only_who_is_told_and_sees_it_on_the_dashboard(
    convention, region, state, client_for, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.test import Client

    indicator = _indicator(convention, region)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.value_enter(actor=region, indicator=indicator, value="120", measured_on=convention.starts_on)
    # The State's coordinators are told; the Region's (who entered it) are not.
    sent = [m for m in mail.outbox if "Valeur à valider" in m.subject]
    assert [m.to for m in sent] == [["etat@exemple.fr"]] and "120 participants" in sent[0].body
    url = reverse("governance:indicator", kwargs={"pk": indicator.pk})
    own = client_for("coordinator").get(url).content.decode()
    assert "Valider" not in own and "à valider par l’autre partie" in own
    other = Client()
    other.force_login(state)
    page = other.get(url).content.decode()
    assert 'value="accept">Valider</button>' in page
    dashboard = other.get(reverse("site:dashboard")).content.decode()
    assert "1 valeur à valider." in dashboard
    other.post(reverse("governance:value_validate", kwargs={"pk": entry.pk}), {"decision": "accept"})
    page = other.get(url).content.decode()
    assert f"par etat@exemple.fr (État (ministère des Armées)), le {timezone.localdate():%d/%m/%Y}" in " ".join(
        page.split()
    )
    assert "valeur à valider" not in other.get(reverse("site:dashboard")).content.decode()


def test_a_computed_indicator_keeps_a_monthly_history_from_dated_records(convention, region, make_opportunity):
    indicator = _computed(convention, region, "opportunities_published")
    opportunity = make_opportunity(title="Publiée en mars")
    Opportunity.objects.filter(pk=opportunity.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2025, 3, 10))
    )
    today = datetime.date(2025, 6, 15)
    assert services.month_ends(convention.starts_on, today)[0] == datetime.date(2024, 4, 30)
    written = services.indicators_history_fill(today=today)
    history = dict(indicator.values.filter(is_computed=True).values_list("measured_on", "value"))
    assert written == len(history) == 14  # April 2024 to May 2025
    assert history[datetime.date(2025, 2, 28)] == 0 and history[datetime.date(2025, 3, 31)] == 1
    assert services.indicators_history_fill(today=today) == 0  # computed once


def test_the_chart_has_labelled_axes_the_target_the_baseline_and_the_last_value():
    from types import SimpleNamespace

    from synergies.governance.charts import line_chart

    series = [
        SimpleNamespace(measured_on=datetime.date(2025, 1, 31), value=Decimal(120)),
        SimpleNamespace(measured_on=datetime.date(2025, 6, 30), value=Decimal("1234.5")),
    ]
    svg = str(line_chart(series, target=Decimal(1500), baseline=Decimal(100), unit="€", decimals=1, label="Montant"))
    assert 'width="100%"' in svg and 'aria-label="Montant"' in svg
    for text in (
        "cible 1\u202f500,0",
        "départ 100,0",
        "1\u202f234,5 €",
        "au 30/06/2025",
        "01/2025",
        "06/2025",
        ">0,0<",
    ):
        assert text.replace("\u202f", " ") in svg.replace("\u202f", " ").replace("\xa0", " "), text


def test_the_national_comparison_shows_targets_progress_and_a_chart_per_shared_indicator(
    client, convention, region, people, territories
):
    from synergies.territories.models import Convention

    normandie = Convention.objects.filter(territory=territories["normandie"]).first() or Convention.objects.create(
        territory=territories["normandie"],
        slug="normandie-test",
        title="Convention Normandie (test)",
        signed_on=datetime.date(2025, 1, 10),
        starts_on=datetime.date(2025, 1, 10),
    )
    from synergies.territories.models import Objective

    Objective.objects.get_or_create(
        convention=normandie, number=2, defaults={"title": "Soutenir la BITD", "short_title": "BITD"}
    )
    normandie_coordinator = people["other_coordinator"]
    for this, actor, value in ((convention, region, "150"), (normandie, normandie_coordinator, "90")):
        indicator = _indicator(
            this, actor, objective=this.objectives.first() or None, target=Decimal(300), baseline=Decimal(0)
        )
        Indicator.objects.filter(pk=indicator.pk).update(target_date=datetime.date(2027, 12, 31))
        IndicatorValue.objects.create(
            indicator=indicator,
            value=Decimal(value),
            measured_on=datetime.date(2025, 6, 30),
            status="validated",
            is_computed=True,
        )
    client.force_login(people["national_steering"])
    page = client.get(reverse("governance:comparison")).content.decode()
    assert "Participants aux rencontres" in page
    assert "50 %" in page and "30 %" in page  # 150 and 90 of 300
    assert "pour le 31/12/2027" in page and page.count('class="synergies-chart"') == 1


def test_the_coordinators_introduce_each_objective_in_the_report_of_a_period(client_for, convention):
    import io

    from pypdf import PdfReader

    from synergies.governance.models import ReportNarrative

    client = client_for("coordinator")
    url = reverse("governance:report_texts", kwargs={"slug": convention.slug}) + "?debut=2026-01-01&fin=2026-06-30"
    refused = client.post(url, {"objectif_2": "DIFFUSION RESTREINTE — bilan"}, follow=True)
    assert "mention" in refused.content.decode() and not ReportNarrative.objects.exists()
    client.post(url, {"objectif_2": "Une année de rencontres entre acheteurs et PME bretonnes."})
    narrative = ReportNarrative.objects.get()
    assert narrative.objective.number == 2 and narrative.period_end == datetime.date(2026, 6, 30)
    assert "rencontres entre acheteurs" in client.get(url).content.decode()
    pdf = client.get(
        reverse("governance:report", kwargs={"slug": convention.slug, "fmt": "pdf"}),
        {"debut": "2026-01-01", "fin": "2026-06-30"},
    )
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Une année de rencontres entre acheteurs et PME bretonnes." in text
    other_period = client.get(
        reverse("governance:report", kwargs={"slug": convention.slug, "fmt": "pdf"}),
        {"debut": "2026-01-01", "fin": "2026-12-31"},
    )
    other = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(other_period.content)).pages)
    assert "rencontres entre acheteurs" not in " ".join(other.split())
