"""Reads of the opportunities app: every list, feed, digest and API call goes through these."""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from synergies.accounts.roles import roles_of
from synergies.accounts.visibility import visibility_q
from synergies.core import journal
from synergies.core.models import AuditEntry
from synergies.core.text import query_terms, search_terms
from synergies.directory.enums import OrganisationKind
from synergies.directory.models import Organisation
from synergies.opportunities import perms
from synergies.opportunities.enums import OpportunityKind, OpportunityStatus, ResponseStatus
from synergies.opportunities.models import Opportunity, PartnerSearch, Question, Response

# Organisations a coordinator may publish for (the Region, a base, DGA…), besides agents' own.
PUBLISHER_KINDS = (
    OrganisationKind.MILITARY_UNIT,
    OrganisationKind.STATE_SERVICE,
    OrganisationKind.LOCAL_AUTHORITY,
    OrganisationKind.CLUSTER,
)


def managed_q(user) -> Q:
    """The opportunities `user` manages (drafts included)."""
    roles = roles_of(user)
    if roles.is_admin:
        return Q()
    condition = Q(pk__in=[])
    if roles.coordinator_territory_ids:
        condition |= Q(territory__in=roles.coordinator_territory_ids)
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(publisher=organisation_id, territory=territory_id)
    return condition


def opportunities_visible_to(user):
    """Opportunities `user` may see: by visibility, and drafts only for those who manage them."""
    roles = roles_of(user)
    queryset = Opportunity.objects.select_related("publisher", "territory", "objective")
    if roles.is_admin:
        return queryset
    shown = visibility_q(user, Opportunity, owner_field="publisher") & ~Q(status=OpportunityStatus.DRAFT)
    return queryset.filter(shown | managed_q(user)) if roles.is_authenticated else queryset.filter(shown)


def response_for(user, pk):
    """The response `pk` if `user` may read it, else None (a hidden one reads as missing)."""
    response = (
        Response.objects.select_related("opportunity__territory", "opportunity__publisher", "organisation", "author")
        .filter(pk=pk)
        .first()
    )
    return response if response is not None and perms.can_view_response(user, response) else None


def opportunity_for(user, pk):
    """The opportunity `pk` if `user` may see it, else None (a hidden one reads as missing)."""
    return (
        opportunities_visible_to(user)
        .prefetch_related("capabilities__domain", "certifications", "attachments", "awards__organisation")
        .filter(pk=pk)
        .first()
    )


def _many(params, name, limit=30):
    values = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
    if isinstance(values, str):
        values = [values]
    return [v.strip() for v in values if v and v.strip()][:limit]


def _one(params, name):
    value = params.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return (value or "").strip()


@dataclass(frozen=True)
class OpportunityQuery:
    """The list's search, from its URL parameters (French names, shared by page, feeds, API, digests)."""

    q: str = ""
    kinds: tuple = ()
    objectives: tuple = ()  # objective numbers
    capabilities: tuple = ()  # capability slugs
    departments: tuple = ()
    status: str = ""  # "" = open ones; "toutes" = every status
    deadline_before: datetime.date | None = None
    territory: str = ""  # slug
    spouses: bool = False  # only offers open to military spouses
    errors: list = field(default_factory=list, compare=False)

    PARAMETERS = ("q", "type", "objectif", "capacite", "departement", "etat", "echeance", "territoire", "conjoints")

    @classmethod
    def from_params(cls, params) -> "OpportunityQuery":
        errors = []
        kinds = tuple(k for k in _many(params, "type") if k in OpportunityKind.values)
        objectives = tuple(int(n) for n in _many(params, "objectif") if n.isdigit())
        status = _one(params, "etat")
        if status and status != "toutes" and status not in OpportunityStatus.values:
            errors.append(f"État inconnu : « {status} ».")
            status = ""
        deadline = None
        raw_deadline = _one(params, "echeance")
        if raw_deadline:
            try:
                deadline = datetime.date.fromisoformat(raw_deadline)
            except ValueError:
                errors.append(f"Date limite invalide : « {raw_deadline} » (attendu : AAAA-MM-JJ).")
        return cls(
            q=_one(params, "q")[:200],
            kinds=kinds,
            objectives=objectives,
            capabilities=tuple(_many(params, "capacite")),
            departments=tuple(_many(params, "departement")),
            status=status,
            deadline_before=deadline,
            territory=_one(params, "territoire"),
            spouses=_one(params, "conjoints") == "1",
            errors=errors,
        )

    def as_params(self) -> dict:
        """The query as URL parameters (for saved searches, feeds and links)."""
        params = {
            "q": self.q,
            "type": list(self.kinds),
            "objectif": [str(n) for n in self.objectives],
            "capacite": list(self.capabilities),
            "departement": list(self.departments),
            "etat": self.status,
            "echeance": self.deadline_before.isoformat() if self.deadline_before else "",
            "territoire": self.territory,
            "conjoints": "1" if self.spouses else "",
        }
        return {k: v for k, v in params.items() if v}

    def as_pairs(self) -> list[tuple[str, str]]:
        """(name, value) of every parameter, a list repeated once per value (for hidden form fields)."""
        pairs = []
        for name, value in self.as_params().items():
            pairs.extend((name, item) for item in (value if isinstance(value, list) else [value]))
        return pairs

    @property
    def is_empty(self) -> bool:
        return not self.as_params()


def search_document(opportunity, capabilities=()) -> str:
    parts = [opportunity.title, opportunity.description, opportunity.place, opportunity.get_kind_display()]
    for capability in capabilities:
        parts.extend([capability.name, *capability.synonyms])
    return " " + " ".join(search_terms(" ".join(p for p in parts if p))) + " "


def _text_q(text: str) -> Q:
    """Every word of `text` must start a word of the document (stems: « usinées » finds « usinage »)."""
    condition = Q()
    for term in query_terms(text):
        condition &= Q(search_document__contains=f" {term}")
    return condition


def opportunity_search(user, query: OpportunityQuery, *, now=None):
    now = now or timezone.now()
    queryset = opportunities_visible_to(user).listed()
    if query.status == "":
        queryset = queryset.open(now)
    elif query.status != "toutes":
        queryset = queryset.with_effective_status(query.status, now)
    if query.q:
        queryset = queryset.filter(_text_q(query.q))
    if query.kinds:
        queryset = queryset.filter(kind__in=query.kinds)
    if query.objectives:
        queryset = queryset.filter(objective__number__in=query.objectives)
    if query.capabilities:
        queryset = queryset.filter(capabilities__slug__in=query.capabilities).distinct()
    if query.departments:
        queryset = queryset.filter(department__in=query.departments)
    if query.deadline_before:
        end = timezone.make_aware(datetime.datetime.combine(query.deadline_before, datetime.time.max))
        queryset = queryset.filter(deadline__lte=end)
    if query.territory:
        queryset = queryset.filter(territory__slug=query.territory)
    if query.spouses:
        queryset = queryset.filter(open_to_military_spouses=True)
    return queryset.order_by("deadline", "id")


def questions_for(user, opportunity, *, manages: bool):
    """Answered questions for everyone who sees the opportunity; unanswered ones for their author
    and for those who answer them."""
    questions = opportunity.questions.all()
    if manages:
        return questions
    shown = ~Q(answer="")
    if user.is_authenticated:
        shown |= Q(asked_by=user)
    return questions.filter(shown)


def response_counts(opportunity) -> dict[str, int]:
    """Responses by status (what coordinators see instead of their content)."""
    rows = opportunity.responses.order_by().values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    return {status.label: counts.get(status.value, 0) for status in ResponseStatus if counts.get(status.value)}


def responses_for_review(opportunity):
    return opportunity.responses.select_related("organisation", "author", "consortium").prefetch_related("attachments")


def responses_of(user):
    """The responses `user` wrote or that its organisations sent: their own dashboard."""
    roles = roles_of(user)
    condition = Q(author=user)
    if roles.member_organisation_ids:
        condition |= Q(organisation__in=roles.member_organisation_ids)
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(organisation=organisation_id, opportunity__territory=territory_id)
    return (
        Response.objects.filter(condition)
        .select_related("opportunity", "organisation", "author")
        .order_by("-status_changed_at")
    )


def own_response(user, opportunity, organisation_ids):
    """The active response of `user` (or of one of its organisations) to `opportunity`."""
    condition = Q(author=user, organisation__isnull=True)
    if organisation_ids:
        condition |= Q(organisation__in=organisation_ids)
    return opportunity.responses.filter(condition).exclude(status=ResponseStatus.WITHDRAWN).first()


def managed_opportunities(user):
    return (
        Opportunity.objects.filter(managed_q(user))
        .select_related("publisher", "territory")
        .annotate(
            response_total=Count("responses", filter=~Q(responses__status=ResponseStatus.WITHDRAWN)),
        )
        .order_by("-updated_at")
    )


def publisher_choices(user, territory):
    """Organisations `user` may publish for in `territory`."""
    roles = roles_of(user)
    own = Q(pk__in=roles.agent_organisation_ids_in(territory.pk))
    if roles.is_admin or roles.coordinates(territory):
        from synergies.accounts.models import TerritoryRole

        agents_organisations = TerritoryRole.objects.filter(territory=territory, organisation__isnull=False)
        publishers = Organisation.objects.active().filter(territory=territory, kind__in=PUBLISHER_KINDS)
        own |= Q(pk__in=publishers.values("pk"))
        own |= Q(pk__in=agents_organisations.values("organisation"))
    return Organisation.objects.filter(own).order_by("name")


def partner_searches(opportunity):
    return PartnerSearch.objects.filter(opportunity=opportunity).select_related("organisation")


def history(user, target) -> list[journal.JournalRow]:
    """The audit entries of one object, oldest first, as `user` may read them (see core.journal)."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).select_related("content_type")
    return journal.rows_for(user, entries.order_by("created_at", "id"))


def unanswered_questions(user):
    return Question.objects.filter(
        answer="", opportunity__in=Opportunity.objects.filter(managed_q(user))
    ).select_related("opportunity")


def objectives_for_filters() -> list[tuple[int, str]]:
    """(number, short title) of the convention objectives, once per number across territories."""
    from synergies.territories.models import Objective

    seen = {}
    for number, title in Objective.objects.order_by("number", "convention__signed_on").values_list(
        "number", "short_title"
    ):
        seen.setdefault(number, title)
    return sorted(seen.items())
