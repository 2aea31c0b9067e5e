import math

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema

from synergies.api.auth import AUTHENTICATED, OptionalAuth, request_user
from synergies.core.exceptions import ApplicationError
from synergies.core.marking import validate_no_marking
from synergies.directory import perms, selectors, services
from synergies.directory.models import Capability, Organisation

router = Router(tags=["annuaire"])
MAX_PAGE_SIZE = 100


class DirectoryFilters(Schema):
    """The directory page's filters, with the same names (several values: repeat the parameter)."""

    q: str = ""
    type: list[str] = []
    departement: list[str] = []
    commune: list[str] = []
    domaine: list[str] = []
    capacite: list[str] = []
    certification: list[str] = []
    naf: list[str] = []
    effectif: list[str] = []
    label: list[str] = []
    categorie: list[str] = []
    habilitation: bool = False
    fermees: bool = False
    territoire: str = ""
    tri: str = ""
    page: int = 1
    page_size: int = 20


class NamedOut(Schema):
    slug: str
    name: str


class CertificationOut(Schema):
    slug: str
    name: str
    valid_until: str | None
    scope: str


class ContactOut(Schema):
    full_name: str
    role: str
    email: str
    phone: str


class OrganisationSummaryOut(Schema):
    id: int
    name: str
    kind: str
    siret: str | None
    naf_code: str
    headcount_band: str
    commune_insee: str
    city: str
    department: str
    latitude: float | None
    longitude: float | None
    is_closed: bool
    is_demo: bool
    url: str

    @staticmethod
    def resolve_url(organisation):
        return organisation.get_absolute_url()


class OrganisationOut(OrganisationSummaryOut):
    ref: str | None
    legal_name: str
    naf_label: str
    headcount_label: str
    headcount_year: int | None
    category: str
    address: str
    postal_code: str
    website: str
    description: str
    defence_experience: str
    has_clearance: bool | None
    keywords: list[str]
    capabilities: list[NamedOut]
    certifications: list[CertificationOut]
    labels: list[NamedOut]
    contacts: list[ContactOut]
    territory: str

    @staticmethod
    def resolve_capabilities(organisation):
        return [{"slug": c.slug, "name": c.name} for c in organisation.capabilities.all()]

    @staticmethod
    def resolve_certifications(organisation):
        return [
            {
                "slug": item.certification.slug,
                "name": item.certification.name,
                "valid_until": item.valid_until.isoformat() if item.valid_until else None,
                "scope": item.scope,
            }
            for item in organisation.certifications.all()
        ]

    @staticmethod
    def resolve_labels(organisation):
        return [{"slug": label.slug, "name": label.name} for label in organisation.labels.all()]

    @staticmethod
    def resolve_contacts(organisation):
        return list(getattr(organisation, "visible_contacts", []))

    @staticmethod
    def resolve_territory(organisation):
        return organisation.territory.code


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OrganisationSummaryOut]


class ProfilePatch(Schema):
    name: str | None = None
    website: str | None = None
    description: str | None = None
    defence_experience: str | None = None
    has_clearance: bool | None = None
    keywords: list[str] | None = None
    capabilities: list[str] | None = None  # slugs of the taxonomy


@router.get(
    "/organisations",
    response=OrganisationPage,
    auth=OptionalAuth(),
    summary="Rechercher dans l'annuaire (mêmes filtres que la page)",
)
def list_organisations(request, filters: Query[DirectoryFilters]):
    query = selectors.DirectoryQuery.from_params(request.GET)
    result = selectors.directory_search(request_user(request), query)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    paginator = result.paginator(size)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": max(1, math.ceil(paginator.count / size)),
        "results": list(page),
    }


@router.get(
    "/organisations/{organisation_id}",
    response=OrganisationOut,
    auth=OptionalAuth(),
    summary="Une organisation, avec les contacts que vous pouvez voir",
)
def get_organisation(request, organisation_id: int):
    return _detail(request, organisation_id)


@router.patch(
    "/organisations/{organisation_id}",
    response=OrganisationOut,
    auth=AUTHENTICATED,
    summary="Modifier le profil (membres de l'organisation, coordinateurs)",
)
def patch_organisation(request, organisation_id: int, payload: ProfilePatch):
    organisation = Organisation.objects.not_merged().filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    if not perms.can_edit_profile(request.auth, organisation):
        raise PermissionDenied
    changes = payload.dict(exclude_unset=True)
    profile = {name: getattr(organisation, name) for name in services.PROFILE_FIELDS}
    for name in services.PROFILE_FIELDS:
        # null means "unchanged", except for the clearance where it means "not declared".
        if name in changes and (changes[name] is not None or name == "has_clearance"):
            profile[name] = changes[name]
    for name in ("name", "description", "defence_experience"):
        validate_no_marking(profile[name] or "")
    validate_no_marking(" ".join(profile["keywords"] or []))
    capabilities = list(organisation.capabilities.all())
    if changes.get("capabilities") is not None:
        capabilities = list(Capability.objects.filter(slug__in=changes["capabilities"]))
        unknown = sorted(set(changes["capabilities"]) - {c.slug for c in capabilities})
        if unknown:
            raise ApplicationError(f"Capacité(s) inconnue(s) : {', '.join(unknown)}.")
    certifications, contacts = services.profile_lines(organisation)
    services.organisation_profile_update(
        actor=request.auth,
        organisation=organisation,
        profile=profile,
        capabilities=capabilities,
        certifications=certifications,
        contacts=contacts,
    )
    return _detail(request, organisation_id)


def _detail(request, organisation_id):
    from django.db.models import Prefetch

    from synergies.directory.models import Contact

    user = request_user(request)
    try:
        organisation = (
            selectors.organisation_detail_queryset()
            .prefetch_related(
                Prefetch(
                    "contacts",
                    queryset=Contact.objects.filter(selectors.contacts_visible_q(user)),
                    to_attr="visible_contacts",
                )
            )
            .get(pk=organisation_id)
        )
    except Organisation.DoesNotExist:
        raise Http404 from None
    return organisation
