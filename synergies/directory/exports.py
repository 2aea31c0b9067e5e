"""CSV and XLSX exports of directory results: only what the user may see (contacts filtered by visibility).

The first columns are those of the organisation import format (shared/formats/organisations-csv.md),
so that an export can be corrected in a spreadsheet and imported back.
"""

import csv
import io

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from synergies.core.text import clean_control_characters
from synergies.directory import selectors
from synergies.directory.models import Contact

COLUMNS = [
    "ref",
    "name",
    "kind",
    "siret",
    "naf_code",
    "headcount_band",
    "commune_insee",
    "postal_code",
    "city",
    "department",
    "description",
    "capabilities",
    "certifications",
    "website",
    "naf_label",
    "headcount_label",
    "headcount_year",
    "category",
    "address",
    "latitude",
    "longitude",
    "labels",
    "clearance_declared",
    "closed",
    "contacts",
    "url",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell a spreadsheet will not run as a formula (CSV injection), and that XLSX can hold
    (no control characters: openpyxl refuses them)."""
    if isinstance(value, str):
        value = clean_control_characters(value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def _rows(user, queryset):
    contacts = Contact.objects.filter(selectors.contacts_visible_q(user))
    queryset = queryset.prefetch_related(
        "capabilities",
        "labels",
        "certifications__certification",
        Prefetch("contacts", queryset=contacts, to_attr="visible_contacts"),
    )
    for organisation in queryset[: settings.SYNERGIES_EXPORT_MAX_ROWS].iterator(chunk_size=1000):
        yield [
            safe_cell(value)
            for value in (
                organisation.ref or "",
                organisation.name,
                organisation.kind,
                organisation.siret or "",
                organisation.naf_code,
                organisation.headcount_band,
                organisation.commune_insee,
                organisation.postal_code,
                organisation.city,
                organisation.department,
                organisation.description,
                ";".join(c.name for c in organisation.capabilities.all()),
                ";".join(c.certification.name for c in organisation.certifications.all()),
                organisation.website,
                organisation.naf_label,
                organisation.headcount_label,
                organisation.headcount_year or "",
                organisation.category,
                organisation.address,
                organisation.latitude if organisation.latitude is not None else "",
                organisation.longitude if organisation.longitude is not None else "",
                ";".join(label.name for label in organisation.labels.all()),
                {True: "oui", False: "non"}.get(organisation.has_clearance, ""),
                "oui" if organisation.is_closed else "non",
                ";".join(_contact(c) for c in organisation.visible_contacts),
                settings.SITE_URL + organisation.get_absolute_url(),
            )
        ]


def _contact(contact):
    parts = [contact.full_name, contact.role, contact.email, contact.phone]
    return " — ".join(part for part in parts if part)


class _Echo:
    def write(self, value):
        return value


def directory_export_response(user, queryset, fmt: str):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    header = list(COLUMNS)
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff"  # BOM: spreadsheets then read the file as UTF-8
            yield writer.writerow(header)
            for row in _rows(user, queryset):
                yield writer.writerow(row)

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="annuaire-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Annuaire")
        sheet.append(header)
        for row in _rows(user, queryset):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="annuaire-{stamp}.xlsx"'
        return response
    raise Http404("Format d'export inconnu.")
