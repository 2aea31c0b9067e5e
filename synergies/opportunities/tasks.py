"""Background work of the opportunities app: thin wrappers around services and notifications."""

from django.tasks import task

from synergies.opportunities import notifications, saved_searches, services
from synergies.opportunities.models import Consortium, PartnerMessage, Question, Response


@task
def close_expired_opportunities() -> int:
    return services.opportunities_close_expired()


@task
def apply_retention() -> dict:
    """Retention periods of personal data (settings SYNERGIES_RETENTION_*)."""
    from synergies.accounts.services import retention_apply
    from synergies.opportunities.personal_data import personal_responses_expire

    return {**retention_apply(), "personal_responses": personal_responses_expire()}


@task
def send_digests() -> int:
    return saved_searches.digests_send()


def _response(response_id):
    return Response.objects.select_related("opportunity", "organisation", "author").filter(pk=response_id).first()


@task
def send_response_received_email(response_id: int) -> None:
    response = _response(response_id)
    if response is not None:
        notifications.response_received_email(response=response)


@task
def send_response_status_email(response_id: int) -> None:
    response = _response(response_id)
    if response is not None:
        notifications.response_status_email(response=response)


@task
def send_question_email(question_id: int) -> None:
    question = Question.objects.select_related("opportunity").filter(pk=question_id).first()
    if question is not None:
        notifications.question_email(question=question)


@task
def send_answer_email(question_id: int) -> None:
    question = Question.objects.select_related("opportunity", "asked_by").filter(pk=question_id).first()
    if question is not None:
        notifications.answer_email(question=question)


@task
def send_partner_message_email(message_id: int) -> None:
    message = (
        PartnerMessage.objects.select_related("opportunity", "sender", "recipient", "author")
        .filter(pk=message_id)
        .first()
    )
    if message is not None:
        notifications.partner_message_email(message=message)


@task
def send_consortium_invitation_email(consortium_id: int) -> None:
    consortium = Consortium.objects.select_related("opportunity", "lead").filter(pk=consortium_id).first()
    if consortium is not None:
        notifications.consortium_invitation_email(consortium=consortium)


@task
def send_invitation_email(opportunity_id: int, organisation_id: int) -> None:
    from synergies.directory.models import Organisation
    from synergies.opportunities.models import Opportunity

    opportunity = Opportunity.objects.select_related("publisher").filter(pk=opportunity_id).first()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if opportunity is not None and organisation is not None:
        notifications.invitation_email(opportunity=opportunity, organisation=organisation)
