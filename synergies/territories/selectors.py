from synergies.accounts.visibility import filter_visible
from synergies.territories.models import ConventionDocument, Territory


def documents_visible_to(user, convention):
    return filter_visible(ConventionDocument.objects.for_convention(convention), user)


def document_visible_to(user, pk) -> ConventionDocument | None:
    return filter_visible(ConventionDocument.objects.select_related("convention"), user).filter(pk=pk).first()


def territories_with_conventions():
    return Territory.objects.with_convention().prefetch_related("conventions__objectives", "departments")
