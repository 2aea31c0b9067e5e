"""Indicators computed from the platform's own data: one function per key, (convention, day) → value.

A function may return None when the data does not exist on the platform: the indicator then says
« pas encore disponible » instead of showing a false zero.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from synergies.opportunities.enums import NEED_KINDS, OpportunityKind, ResponseStatus


@dataclass(frozen=True)
class Computation:
    key: str
    label: str
    unit: str
    compute: object  # (convention, day) -> Decimal | None


def _end(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _organisations(convention, day, domains=None):
    from synergies.directory.models import Organisation

    queryset = Organisation.objects.active().filter(territory=convention.territory, created_at__lte=_end(day))
    if domains:
        queryset = queryset.filter(capabilities__domain__slug__in=domains).distinct()
    return Decimal(queryset.count())


def _published(convention, day, **filters):
    from synergies.opportunities.models import Opportunity

    return Opportunity.objects.filter(
        territory=convention.territory,
        published_at__isnull=False,
        published_at__date__gte=convention.starts_on,
        published_at__lte=_end(day),
        **filters,
    )


def _responses(convention, day):
    from synergies.opportunities.models import Response

    return Decimal(
        Response.objects.filter(
            opportunity__territory=convention.territory,
            created_at__date__gte=convention.starts_on,
            created_at__lte=_end(day),
        )
        .exclude(status=ResponseStatus.WITHDRAWN)
        .count()
    )


def _awards(convention, day):
    from synergies.opportunities.models import Award

    return Award.objects.filter(
        opportunity__territory=convention.territory, awarded_on__gte=convention.starts_on, awarded_on__lte=day
    )


def _platform_requests(convention, day, statuses=None, date_field="submitted_at"):
    from synergies.platforms.models import AccessRequest

    queryset = AccessRequest.objects.filter(
        platform__territory=convention.territory,
        **{
            f"{date_field}__isnull": False,
            f"{date_field}__date__gte": convention.starts_on,
            f"{date_field}__lte": _end(day),
        },
    )
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    return Decimal(queryset.count())


def _platform_bookings(convention, day):
    """Bookings of the territory's platforms that drew on them (used, or booked and past), up to `day`."""
    from synergies.platforms.enums import CONSUMING_STATUSES
    from synergies.platforms.models import Booking

    return Booking.objects.filter(
        resource__platform__territory=convention.territory,
        status__in=CONSUMING_STATUSES,
        starts_at__date__gte=convention.starts_on,
        ends_at__lte=min(_end(day), _now()),
    ).exclude(status="no_show")


def _candidate_files(convention, day):
    from synergies.cohesion.models import CandidateFile

    return CandidateFile.objects.filter(
        mission__territory=convention.territory,
        created_at__date__gte=convention.starts_on,
        created_at__lte=_end(day),
    )


def _reserve_decision_days(convention, day):
    """Mean days from the application to the decision (a signed contract or a refusal), over the files
    decided by `day`; None before the first decision (no false zero)."""
    decided = []
    for created, signed, status, changed in _candidate_files(convention, day).values_list(
        "created_at", "contract_signed_at", "status", "status_changed_at"
    ):
        decision = signed or (changed if status == "refused" else None)
        if decision is not None and decision <= _end(day):
            decided.append((decision - created).total_seconds() / 86400)
    return Decimal(round(sum(decided) / len(decided), 1)).quantize(Decimal("0.1")) if decided else None


def _commitments_in_force(convention, day, kind=None):
    from synergies.cohesion.models import EmployerCommitment

    commitments = EmployerCommitment.objects.filter(
        territory=convention.territory, stage="signed", signed_on__lte=day
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    return commitments.filter(kind=kind) if kind else commitments


def _spouse_hires(convention, day):
    from synergies.cohesion.models import SpouseHire

    return SpouseHire.objects.filter(
        territory=convention.territory, hired_on__gte=convention.starts_on, hired_on__lte=day
    )


def _youth_partnerships(convention, day):
    from synergies.cohesion.models import YouthPartnership

    return YouthPartnership.objects.filter(territory=convention.territory, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


def _booklet_blocks_up_to_date(convention, day):
    from synergies.cohesion.models import BookletBlock

    blocks = BookletBlock.objects.filter(booklet__territory=convention.territory, created_at__lte=_end(day))
    total = blocks.count()
    if not total:
        return None
    return (Decimal(100) * blocks.filter(review_by__gte=day).count() / total).quantize(Decimal("1"))


def _events_held(convention, day):
    """Published, not cancelled events of the territory that started between the convention's start and `day`."""
    from synergies.events.models import Event

    return Event.objects.filter(
        territory=convention.territory,
        published_at__isnull=False,
        cancelled_at__isnull=True,
        starts_at__date__gte=convention.starts_on,
        starts_at__lte=min(_end(day), _now()),
    )


def _event_participants(convention, day):
    """Confirmed registrations of the events held, less those recorded absent or excused."""
    from synergies.events.enums import Attendance, RegistrationStatus
    from synergies.events.models import Registration

    return Registration.objects.filter(
        event__in=_events_held(convention, day), status=RegistrationStatus.CONFIRMED
    ).exclude(attendance__in=[Attendance.ABSENT, Attendance.EXCUSED])


def _meetings_reported(convention, day, field, values):
    """B2B meetings of the territory's events whose participants reported `field` in `values` by `day`."""
    from synergies.events.models import MeetingRequest

    return Decimal(
        MeetingRequest.objects.filter(
            event__territory=convention.territory,
            status="accepted",
            slot__starts_at__date__gte=convention.starts_on,
            **{f"{field}__in": values, f"{field}_at__lte": _end(day)},
        ).count()
    )


def _now():
    from django.utils import timezone

    return timezone.now()


def _sme_hours(convention, day):
    minutes = 0
    for booking in _platform_bookings(convention, day).filter(
        organisation__territory=convention.territory, organisation__category="PME"
    ):
        minutes += booking.counted_minutes
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def _platform_users(convention, day):
    bookings = _platform_bookings(convention, day).filter(organisation__territory=convention.territory)
    return Decimal(bookings.values("organisation_id").distinct().count())


COMPUTATIONS = {
    c.key: c
    for c in (
        Computation("organisations", "Organisations actives dans l'annuaire", "organisations", _organisations),
        Computation(
            "organisations_cyber_ai",
            "Organisations de l'annuaire en cyber ou en IA",
            "organisations",
            lambda convention, day: _organisations(convention, day, domains=["cyber", "ia-donnees"]),
        ),
        Computation(
            "opportunities_published",
            "Opportunités publiées",
            "opportunités",
            lambda convention, day: Decimal(_published(convention, day).count()),
        ),
        Computation(
            "needs_published",
            "Besoins de sous-traitance et de R&I publiés",
            "besoins",
            lambda convention, day: Decimal(_published(convention, day, kind__in=NEED_KINDS).count()),
        ),
        Computation("responses", "Réponses reçues", "réponses", _responses),
        Computation(
            "awards", "Contrats et subventions attribués", "attributions", lambda c, d: Decimal(_awards(c, d).count())
        ),
        Computation(
            "awarded_amount",
            "Montant attribué",
            "€",
            lambda c, d: Decimal(_awards(c, d).aggregate(total=Sum("amount"))["total"] or 0),
        ),
        Computation(
            "reserve_missions",
            "Missions de réserve publiées",
            "missions",
            lambda convention, day: Decimal(_published(convention, day, kind=OpportunityKind.RESERVE_MISSION).count()),
        ),
        Computation(
            "spouse_jobs",
            "Offres ouvertes aux conjoints de militaires",
            "offres",
            lambda convention, day: Decimal(
                _published(convention, day)
                .filter(Q(kind=OpportunityKind.RECRUITMENT) & Q(open_to_military_spouses=True))
                .count()
            ),
        ),
        Computation(
            "reserve_candidates",
            "Candidatures à la réserve reçues",
            "candidatures",
            lambda convention, day: Decimal(_candidate_files(convention, day).count()),
        ),
        Computation(
            "reserve_contracts_signed",
            "Contrats d'engagement à la réserve signés",
            "contrats",
            lambda convention, day: Decimal(
                _candidate_files(convention, day).filter(contract_signed_at__lte=_end(day)).count()
            ),
        ),
        Computation(
            "reserve_decision_days",
            "Délai moyen de décision sur une candidature à la réserve",
            "jours",
            _reserve_decision_days,
        ),
        Computation(
            "partner_employers",
            "Employeurs partenaires (engagement en vigueur)",
            "employeurs",
            lambda convention, day: Decimal(
                _commitments_in_force(convention, day).values("organisation_id").distinct().count()
            ),
        ),
        Computation(
            "defence_partner_labels",
            "Labels « partenaire de la défense nationale » en vigueur",
            "labels",
            lambda convention, day: Decimal(_commitments_in_force(convention, day, "defence_partner_label").count()),
        ),
        Computation(
            "spouse_hires",
            "Conjoints de militaires embauchés (déclarés par les employeurs)",
            "embauches",
            lambda convention, day: Decimal(_spouse_hires(convention, day).count()),
        ),
        Computation(
            "youth_partnerships",
            "Partenariats jeunesse en cours (CDSG, cadets, préparations…)",
            "partenariats",
            lambda convention, day: Decimal(_youth_partnerships(convention, day).count()),
        ),
        Computation(
            "youth_reached",
            "Jeunes concernés par les partenariats en cours",
            "jeunes",
            lambda convention, day: Decimal(
                _youth_partnerships(convention, day).aggregate(n=Sum("young_people"))["n"] or 0
            ),
        ),
        Computation(
            "booklet_blocks_up_to_date",
            "Blocs des livrets d'accueil à jour",
            "%",
            _booklet_blocks_up_to_date,
        ),
        Computation(
            "events",
            "Événements organisés",
            "événements",
            lambda convention, day: Decimal(_events_held(convention, day).count()),
        ),
        Computation(
            "event_participants",
            "Participants aux événements",
            "participants",
            lambda convention, day: Decimal(_event_participants(convention, day).count()),
        ),
        Computation(
            "event_organisations",
            "Organisations touchées par les événements",
            "organisations",
            lambda convention, day: Decimal(
                _event_participants(convention, day)
                .exclude(organisation__isnull=True)
                .values("organisation_id")
                .distinct()
                .count()
            ),
        ),
        Computation(
            "event_meetings",
            "Rendez-vous d'affaires tenus",
            "rendez-vous",
            lambda convention, day: _meetings_reported(
                convention, day, "outcome", ["took_place", "insufficient_interest", "possible_cooperation"]
            ),
        ),
        Computation(
            "event_agreements",
            "Accords conclus après un rendez-vous d'affaires",
            "accords",
            lambda convention, day: _meetings_reported(convention, day, "follow_up", ["agreement"]),
        ),
        Computation(
            "platform_requests",
            "Demandes d'accès aux plateformes technologiques",
            "demandes",
            lambda convention, day: _platform_requests(convention, day),
        ),
        Computation(
            "platform_requests_accepted",
            "Demandes d'accès aux plateformes acceptées",
            "demandes",
            lambda convention, day: _platform_requests(
                convention, day, statuses=["accepted", "closed"], date_field="decided_at"
            ),
        ),
        Computation(
            "platform_unmet_demand",
            "Demandes d'accès aux plateformes refusées ou retirées",
            "demandes",
            lambda convention, day: (
                _platform_requests(convention, day, statuses=["refused"], date_field="decided_at")
                + _platform_requests(convention, day, statuses=["withdrawn"], date_field="closed_at")
            ),
        ),
        Computation(
            "platform_sme_hours", "Heures de plateformes utilisées par les PME du territoire", "heures", _sme_hours
        ),
        Computation(
            "platform_users",
            "Organisations du territoire ayant utilisé une plateforme",
            "organisations",
            _platform_users,
        ),
    )
}
