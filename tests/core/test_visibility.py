import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from synergies.core.visibility import Visibility
from synergies.territories.selectors import documents_visible_to
from synergies.territories.services import convention_document_create
from tests.conftest import ROLES

# Who sees a document of the Bretagne convention, by visibility (in the order of ROLES):
#                      anon   reg    mem    oadm   agent  coord  other  natio  admin
EXPECTED = {
    Visibility.PUBLIC: (True, True, True, True, True, True, True, True, True),
    Visibility.REGISTERED: (False, True, True, True, True, True, True, True, True),
    Visibility.PARTNERS: (False, False, False, False, True, True, False, True, True),
    # restricted to the members' company: its members, the coordinators of Bretagne, steering, admin
    Visibility.RESTRICTED: (False, False, True, True, False, True, False, True, True),
}


@pytest.fixture
def documents_by_visibility(convention, people, company, other_company):
    created = {}
    for visibility in Visibility.values:
        document = convention_document_create(
            convention=convention,
            title=f"Document {visibility}",
            uploaded_file=SimpleUploadedFile(f"{visibility}.txt", b"Contenu ordinaire"),
            visibility=visibility,
            restricted_to=[company] if visibility == Visibility.RESTRICTED else [],
            actor=people["coordinator"],
        )
        created[visibility] = document
    # restricted to another organisation: only coordinators, steering and admin
    created["other"] = convention_document_create(
        convention=convention,
        title="Pour une autre",
        uploaded_file=SimpleUploadedFile("x.txt", b"Contenu"),
        visibility=Visibility.RESTRICTED,
        restricted_to=[other_company, company],
        actor=people["coordinator"],
    )
    return created


@pytest.mark.parametrize("index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("visibility", Visibility.values)
def test_visibility_matrix(people, convention, documents_by_visibility, visibility, index, role):
    from django.contrib.auth.models import AnonymousUser

    user = people[role] or AnonymousUser()
    visible = set(documents_visible_to(user, convention))
    assert (documents_by_visibility[visibility] in visible) is EXPECTED[visibility][index]


def test_a_document_named_for_two_organisations_is_listed_once(people, convention, documents_by_visibility):
    titles = [d.title for d in documents_visible_to(people["org_member"], convention)]
    assert titles.count("Pour une autre") == 1
