"""Reads on the directory: the search with its filters and facets, and what a user may see of a profile.

The page, the API and the exports all go through `DirectoryQuery` and `directory_search`, so that a
filter means the same everywhere and nobody gets more through one door than through another.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q

from synergies.accounts.visibility import visibility_q
from synergies.directory import cache as directory_cache
from synergies.directory import reference, search
from synergies.directory.enums import OrganisationKind
from synergies.directory.models import (
    Capability,
    CapabilityDomain,
    Certification,
    Contact,
    Label,
    Organisation,
    OrganisationCertification,
    ProfileClaim,
)

SORTS = {
    "pertinence": "pertinence",
    "nom": "nom",
    "commune": "commune",
    "effectif": "effectif décroissant",
    "recent": "mises à jour récentes",
}
# Headcount bands from the largest; non-employers and unknown last.
HEADCOUNT_ORDER = ["53", "52", "51", "42", "41", "32", "31", "22", "21", "12", "11", "03", "02", "01", "00", "NN"]
MAX_QUERY_LENGTH = 200


def _codes(values, allowed=None, limit=50):
    cleaned = []
    for value in values[:limit]:
        value = value.strip()
        if value and (allowed is None or value in allowed) and value not in cleaned:
            cleaned.append(value)
    return cleaned


@dataclass
class DirectoryQuery:
    """What a person asks of the directory, from a query string (page, API or export alike)."""

    text: str = ""
    kinds: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    naf_codes: list[str] = field(default_factory=list)
    headcount_bands: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    clearance: bool = False
    territory: str = ""
    include_closed: bool = False
    sort: str = ""

    PARAMETERS = {
        "kinds": "type",
        "departments": "departement",
        "communes": "commune",
        "domains": "domaine",
        "capabilities": "capacite",
        "certifications": "certification",
        "naf_codes": "naf",
        "headcount_bands": "effectif",
        "labels": "label",
        "categories": "categorie",
    }

    @classmethod
    def from_params(cls, params) -> "DirectoryQuery":
        """Read a QueryDict (or a dict of lists); unknown values are dropped, never an error."""

        def many(name):
            if hasattr(params, "getlist"):
                values = params.getlist(name)
            else:
                values = params.get(name) or []
                values = [values] if isinstance(values, str) else list(values)
            return [part for value in values for part in str(value).split(",")]

        def one(name):
            values = many(name)
            return values[0].strip() if values else ""

        return cls(
            text=" ".join((params.get("q") or "").split())[:MAX_QUERY_LENGTH] if hasattr(params, "get") else "",
            kinds=_codes(many("type"), set(OrganisationKind.values)),
            departments=_codes(many("departement")),
            communes=_codes(many("commune")),
            domains=_codes(many("domaine")),
            capabilities=_codes(many("capacite")),
            certifications=_codes(many("certification")),
            naf_codes=_codes(many("naf")),
            headcount_bands=_codes(many("effectif"), set(reference.headcount_bands())),
            labels=_codes(many("label")),
            categories=_codes(many("categorie"), set(reference.company_categories())),
            clearance=one("habilitation") in {"1", "oui", "true", "on"},
            territory=one("territoire"),
            include_closed=one("fermees") in {"1", "oui", "true", "on"},
            sort=one("tri") if one("tri") in SORTS else "",
        )

    def effective_sort(self) -> str:
        return self.sort or ("pertinence" if search.query_terms(self.text) else "nom")

    def is_empty(self) -> bool:
        return not (self.text or self.filter_count() or self.clearance or self.territory or self.include_closed)

    def cache_key(self) -> str:
        """What determines the matching rows (not their order nor the page)."""
        values = {name: value for name, value in self.__dict__.items() if name != "sort"}
        return repr(sorted(values.items()))

    def filter_count(self) -> int:
        return sum(len(getattr(self, name)) for name in self.PARAMETERS)


@dataclass
class DirectoryResult:
    queryset: object  # the matching Organisations, in the asked order (for pages and exports)
    filtered: object  # the same rows, unordered, safe to nest in subqueries (for facets)
    used_full_text: bool
    sort: str
    query: "DirectoryQuery" = None

    def count(self) -> int:
        return directory_cache.cached("count", self.query.cache_key(), self.filtered.count)

    def paginator(self, per_page: int) -> Paginator:
        paginator = Paginator(self.queryset, per_page)
        paginator.count = self.count()  # a cached_property: set, it spares the COUNT query
        return paginator


def directory_search(user, query: DirectoryQuery) -> DirectoryResult:
    """The organisations matching `query`, as `user` may see them, in the asked order."""
    queryset = visible_organisations(user)
    if query.territory:
        queryset = queryset.filter(territory__slug=query.territory)
    if not query.include_closed:
        queryset = queryset.filter(is_closed=False)
    queryset = _filtered(queryset, query)
    queryset, filtered, used_full_text = search.search(queryset, query.text)
    sort = query.effective_sort()
    if sort == "pertinence" and not used_full_text:
        sort = "nom"
    ordering = {
        "pertinence": ["-search_rank", "name", "id"],
        "nom": ["name", "id"],
        "commune": ["city", "name", "id"],
        "effectif": [_headcount_rank().desc(), "name", "id"],
        "recent": ["-updated_at", "id"],
    }[sort]
    if sort != "pertinence":
        queryset = filtered  # no join needed when the rank does not order the page
    return DirectoryResult(queryset.order_by(*ordering), filtered.order_by(), used_full_text, sort, query)


def _headcount_rank():
    """Bands sort by size; « NN » (non-employer) and unknown come last."""
    from django.db.models import Case, IntegerField, Value, When

    whens = [When(headcount_band=code, then=Value(len(HEADCOUNT_ORDER) - i)) for i, code in enumerate(HEADCOUNT_ORDER)]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _filtered(queryset, query: DirectoryQuery):
    simple = {
        "kind__in": query.kinds,
        "department__in": query.departments,
        "commune_insee__in": query.communes,
        "naf_code__in": query.naf_codes,
        "headcount_band__in": query.headcount_bands,
        "category__in": query.categories,
    }
    queryset = queryset.filter(**{lookup: values for lookup, values in simple.items() if values})
    # Many-to-many filters go through subqueries, so that no organisation comes back twice.
    if query.domains:
        queryset = queryset.filter(
            pk__in=Organisation.capabilities.through.objects.filter(capability__domain__slug__in=query.domains).values(
                "organisation_id"
            )
        )
    if query.capabilities:
        queryset = queryset.filter(
            pk__in=Organisation.capabilities.through.objects.filter(capability__slug__in=query.capabilities).values(
                "organisation_id"
            )
        )
    if query.certifications:
        queryset = queryset.filter(
            pk__in=OrganisationCertification.objects.filter(certification__slug__in=query.certifications).values(
                "organisation_id"
            )
        )
    if query.labels:
        queryset = queryset.filter(
            pk__in=Organisation.labels.through.objects.filter(label__slug__in=query.labels).values("organisation_id")
        )
    if query.clearance:
        queryset = queryset.filter(has_clearance=True)
    return queryset


def visible_organisations(user):
    """The directory is public: every organisation not merged into another. Contacts are filtered apart."""
    return Organisation.objects.not_merged()


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str  # query-string parameter
    label: str
    values: list[FacetValue]


def directory_facets(result: DirectoryResult, query: DirectoryQuery, *, limit: int = 30) -> list[Facet]:
    """Counts of each filter value among the current results (selected values always listed)."""
    return directory_cache.cached(
        "facets", f"{query.cache_key()}:{limit}", lambda: _directory_facets(result, query, limit=limit)
    )


def directory_counts_warm() -> None:
    """Compute the count and facets of the unfiltered directory, unless already cached for its current
    version: the first visitor after an import then gets the page at once (counting the whole
    directory's facets takes about a second at 100 k organisations)."""
    from django.contrib.auth.models import AnonymousUser

    query = DirectoryQuery()
    result = directory_search(AnonymousUser(), query)
    result.count()
    directory_facets(result, query)


def _directory_facets(result: DirectoryResult, query: DirectoryQuery, *, limit: int) -> list[Facet]:
    base = result.filtered
    ids = base.values("pk")

    def counted(rows, key, labels, parameter, label, selected, order=None):
        counts = {row[key]: row["n"] for row in rows if row[key] not in (None, "")}
        values = [
            FacetValue(value, labels.get(value, value), counts.get(value, 0), value in selected)
            for value in (order or sorted(counts, key=lambda v: (-counts[v], labels.get(v, v))))
            if value in counts or value in selected
        ]
        extra = [FacetValue(v, labels.get(v, v), 0, True) for v in selected if v not in {x.value for x in values}]
        return Facet(parameter, label, (values + extra)[: max(limit, len(selected))])

    kinds = base.values("kind").annotate(n=Count("pk"))
    departments = base.values("department").annotate(n=Count("pk"))
    communes = base.values("commune_insee").annotate(n=Count("pk")).order_by("-n")[:limit]
    headcounts = base.values("headcount_band").annotate(n=Count("pk"))
    categories = base.values("category").annotate(n=Count("pk"))
    naf = base.values("naf_code").annotate(n=Count("pk")).order_by("-n")[:limit]
    through = Organisation.capabilities.through.objects.filter(organisation_id__in=ids)
    domains = through.values("capability__domain__slug").annotate(n=Count("organisation_id", distinct=True))
    capabilities = through.values("capability__slug").annotate(n=Count("organisation_id")).order_by("-n")[:limit]
    certifications = (
        OrganisationCertification.objects.filter(organisation_id__in=ids)
        .values("certification__slug")
        .annotate(n=Count("organisation_id"))
    )
    labels = (
        Organisation.labels.through.objects.filter(organisation_id__in=ids)
        .values("label__slug")
        .annotate(n=Count("organisation_id"))
    )
    commune_names = {
        code: c.name
        for code in query.communes + [r["commune_insee"] for r in communes]
        if (c := reference.communes().get(code))
    }
    department_names = dict(_department_names())
    return [
        counted(kinds, "kind", dict(OrganisationKind.choices), "type", "Type", query.kinds),
        counted(
            departments,
            "department",
            {code: f"{name} ({code})" for code, name in department_names.items()},
            "departement",
            "Département",
            query.departments,
        ),
        counted(communes, "commune_insee", commune_names, "commune", "Commune", query.communes),
        counted(
            domains,
            "capability__domain__slug",
            dict(CapabilityDomain.objects.values_list("slug", "name")),
            "domaine",
            "Domaine de capacité",
            query.domains,
            order=list(CapabilityDomain.objects.values_list("slug", flat=True)),
        ),
        counted(
            capabilities,
            "capability__slug",
            dict(Capability.objects.values_list("slug", "name")),
            "capacite",
            "Capacité",
            query.capabilities,
        ),
        counted(
            certifications,
            "certification__slug",
            dict(Certification.objects.values_list("slug", "name")),
            "certification",
            "Certification",
            query.certifications,
        ),
        counted(labels, "label__slug", dict(Label.objects.values_list("slug", "name")), "label", "Label", query.labels),
        counted(
            naf,
            "naf_code",
            {code: f"{code} — {reference.naf_label(code)}" for code in [r["naf_code"] for r in naf] + query.naf_codes},
            "naf",
            "Code NAF",
            query.naf_codes,
        ),
        counted(
            headcounts,
            "headcount_band",
            reference.headcount_bands(),
            "effectif",
            "Tranche d'effectif",
            query.headcount_bands,
            order=HEADCOUNT_ORDER,
        ),
        counted(
            categories,
            "category",
            reference.company_categories(),
            "categorie",
            "Catégorie d'entreprise",
            query.categories,
            order=["GE", "ETI", "PME"],
        ),
    ]


def _department_names():
    from synergies.territories.models import Department

    return Department.objects.values_list("code", "name")


def organisation_detail_queryset():
    return Organisation.objects.select_related("territory").prefetch_related(
        "labels",
        Prefetch("capabilities", queryset=Capability.objects.select_related("domain")),
        Prefetch("certifications", queryset=OrganisationCertification.objects.select_related("certification")),
    )


def organisation_detail(pk: int):
    return organisation_detail_queryset().get(pk=pk)


def visible_contacts(user, organisation):
    """The organisation's contacts that `user` may see (restricted: its members and the coordinators)."""
    return Contact.objects.filter(contacts_visible_q(user), organisation=organisation)


def contacts_visible_q(user) -> Q:
    """Who sees a contact: its visibility level, the organisation's own members, the coordinators."""
    return visibility_q(
        user, Contact, territory_field="organisation__territory", restricted_field=None, owner_field="organisation"
    )


def _territory_claims(territory):
    return ProfileClaim.objects.filter(organisation__territory=territory)


def pending_claims(territory):
    """The profile claims of a territory's organisations that wait for a coordinator's decision."""
    return _territory_claims(territory).filter(status=ProfileClaim.Status.PENDING)


def territory_claims(territory, *, recent: int = 20):
    """(pending, recently decided) profile claims of a territory's organisations, for its coordinators."""
    related = ("organisation", "user", "decided_by")
    decided = _territory_claims(territory).exclude(status=ProfileClaim.Status.PENDING).order_by("-decided_at")
    return pending_claims(territory).select_related(*related), decided.select_related(*related)[:recent]


def organisations_named(text: str) -> list:
    """The organisations a person names by SIRET or import reference, separated by commas (the
    « organisations désignées » of a restricted object); ValidationError naming those not found."""
    from django import forms

    keys = [k.strip().replace(" ", "") for k in text.split(",") if k.strip()]
    found = list(Organisation.objects.filter(siret__in=keys)) + list(Organisation.objects.filter(ref__in=keys))
    known = {o.siret for o in found} | {o.ref for o in found}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise forms.ValidationError(f"Organisations introuvables dans l'annuaire : {', '.join(unknown)}.")
    return found


def organisations_acted_for(user, *, coordinated_kind: str | None = None):
    """The organisations on whose behalf `user` may publish or record (an event, a booklet, a youth
    partnership): those they act for, and for a coordinator every active organisation of their
    territories (of `coordinated_kind` only, when given); every active one for an administrator."""
    from synergies.accounts.roles import roles_of

    roles = roles_of(user)
    if roles.is_admin:
        return Organisation.objects.active().order_by("name")
    organisations = Organisation.objects.filter(pk__in=roles.all_acting_organisation_ids)
    if roles.coordinator_territory_ids:
        coordinated = Organisation.objects.active().filter(territory_id__in=roles.coordinator_territory_ids)
        if coordinated_kind:
            coordinated = coordinated.filter(kind=coordinated_kind)
        organisations = organisations | coordinated
    return organisations.distinct().order_by("name")
