"""The marking guardrail sits on the model fields of every text a person can write, so that a new form,
API endpoint or import cannot skip it. A new text field either carries it or is listed below with
the reason it does not need it: adding one without choosing fails here."""

from django.apps import apps
from django.db import models

from synergies.core.marking import validate_no_marking

# field → why it carries no guardrail
NOT_WRITTEN_BY_PEOPLE = {
    "core.AuditEntry.actor_repr": "written by the platform",
    "core.AuditEntry.action": "written by the platform",
    "core.AuditEntry.object_id": "written by the platform",
    "core.AuditEntry.object_repr": "written by the platform",
    "accounts.User.password": "a hash",
    "accounts.ApiToken.prefix": "generated",
    "territories.Territory.code": "reference data (INSEE)",
    "territories.Territory.name": "reference data (INSEE)",
    "territories.Department.code": "reference data (INSEE)",
    "territories.Department.name": "reference data (INSEE)",
    "territories.Convention.signed_at_place": "a place name, from the shipped convention file",
    "territories.ConventionParty.name": "the parties' official names, from the shipped convention file",
    "territories.ConventionParty.represented_by": "a signatory's name and title, from the shipped file",
    "territories.ConventionDocument.original_name": "checked with the file (core.documents.validate_document)",
    "territories.ConventionDocument.content_type": "written by the platform",
    "directory.CapabilityDomain.name": "reference taxonomy shipped with the platform",
    "directory.Capability.name": "reference taxonomy shipped with the platform",
    "directory.Certification.name": "reference list shipped with the platform",
    "directory.Certification.description": "reference list shipped with the platform",
    "directory.Label.name": "reference list shipped with the platform",
    "directory.Label.description": "reference list shipped with the platform",
    "directory.Organisation.siret": "an identifier, checked by its checksum",
    "directory.OrganisationRequest.siret": "an identifier, checked by its checksum",
    "platforms.Platform.department": "a code of the INSEE reference",
    "events.Event.department": "a code of the INSEE reference",
    "platforms.RequestDocument.original_name": "checked with the file (core.documents.validate_document)",
    "platforms.RequestDocument.content_type": "written by the platform",
    "platforms.PlatformPhoto.content_type": "written by the platform",
    "platforms.Resource.open_weekdays": "ISO weekday digits",
    "directory.Organisation.ref": "an identifier",
    "directory.Organisation.siren": "an identifier",
    "directory.Organisation.legal_name": "the public SIRENE register",
    "directory.Organisation.acronym": "the public SIRENE register",
    "directory.Organisation.naf_code": "a code of the NAF reference",
    "directory.Organisation.headcount_band": "a code of the INSEE reference",
    "directory.Organisation.category": "a code of the INSEE reference",
    "directory.Organisation.legal_category": "a code of the INSEE reference",
    "directory.Organisation.address": "the public SIRENE register",
    "directory.Organisation.postal_code": "a code",
    "directory.Organisation.commune_insee": "a code of the INSEE reference",
    "directory.Organisation.city": "the INSEE reference",
    "directory.Organisation.department": "a code of the INSEE reference",
    "directory.Contact.phone": "a telephone number",
    "directory.ImportRun.phase": "written by the platform",
    "directory.ImportRun.error": "written by the platform",
    "opportunities.Opportunity.department": "a code of the INSEE reference",
    "opportunities.Attachment.original_name": "checked with the file (core.documents.validate_document)",
    "opportunities.Attachment.content_type": "written by the platform",
    "opportunities.Response.contact_phone": "a telephone number",
    "matching.Embedding.model_name": "written by the platform",
    "matching.Embedding.text_hash": "written by the platform",
    "governance.Action.reference": "a short reference such as 2.3",
    "governance.Indicator.computation": "a key of the platform's computations",
    "governance.IndicatorValue.entered_party": "written by the platform",
    "governance.IndicatorValue.validated_party": "written by the platform",
    "governance.SteeringImport.kind": "written by the platform",
    "governance.SteeringImport.file_name": "the name of a file whose rows are checked",
    "cohesion.CandidateFile.phone": "a telephone number",
    "cohesion.CandidateDocument.name": "copied from the mission's checklist, which carries the guardrail",
    "cohesion.CandidateDocument.help_text": "copied from the mission's checklist, which carries the guardrail",
    "cohesion.CandidateDocument.original_name": "checked with the file (core.documents.validate_document)",
    "cohesion.CandidateDocument.content_type": "written by the platform",
    "cohesion.SpouseProfile.wanted_departments": "codes of the INSEE reference, checked by the form",
    "cohesion.YouthPartnership.commune_insee": "a code of the INSEE reference",
    "cohesion.YouthPartnership.city": "from the INSEE reference",
    "cohesion.YouthPartnership.department": "a code of the INSEE reference",
}


def _free_text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("synergies."):
            continue
        for field in model._meta.concrete_fields:
            is_text = isinstance(field, models.CharField | models.TextField)
            is_constrained = isinstance(field, models.EmailField | models.URLField | models.SlugField) or field.choices
            if is_text and not is_constrained and field.editable:
                yield f"{model._meta.label}.{field.name}", field


def test_every_free_text_field_carries_the_guardrail_or_says_why_not():
    missing = [
        name
        for name, field in _free_text_fields()
        if validate_no_marking not in field.validators and name not in NOT_WRITTEN_BY_PEOPLE
    ]
    assert missing == [], "add validators=[validate_no_marking], or the reason to NOT_WRITTEN_BY_PEOPLE"


def test_the_exemptions_name_real_fields_without_the_guardrail():
    fields = dict(_free_text_fields())
    stale = [
        name for name in NOT_WRITTEN_BY_PEOPLE if name not in fields or validate_no_marking in fields[name].validators
    ]
    assert stale == []


def test_a_model_form_refuses_a_marked_text_in_a_newly_guarded_field():
    from django.core.exceptions import ValidationError

    from synergies.directory.models import Contact

    try:
        Contact._meta.get_field("role").clean("Chef — DIFFUSION\u200bRESTREINTE", None)
    except ValidationError as error:
        assert "DIFFUSION RESTREINTE" in " ".join(error.messages)
    else:
        raise AssertionError("the guardrail let a marked text through")
