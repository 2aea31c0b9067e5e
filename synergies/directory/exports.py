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
from synergies.directory import columns, selectors
from synergies.directory.enums import KIND_LABELS
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


# The three downloads: the import format (keys, codes, « , ») to correct and import back; the same
# for French spreadsheets (titles and words, « ; »), which open it in columns; XLSX with the titles.
_KIND_COLUMN = COLUMNS.index("kind")


def _for_people(row: list) -> list:
    """A row as people read it: the organisation's kind in words (« unité militaire »)."""
    row = list(row)
    row[_KIND_COLUMN] = KIND_LABELS.get(row[_KIND_COLUMN], row[_KIND_COLUMN])
    return row


def _csv_response(rows, header, *, delimiter: str, filename: str):
    writer = csv.writer(_Echo(), delimiter=delimiter)

    def stream():
        yield "\ufeff"  # BOM: spreadsheets then read the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(rows, header, *, sheet_name: str, filename: str):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def directory_export_response(user, queryset, fmt: str):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    titles = [columns.TITLES[name] for name in COLUMNS]
    if fmt == "csv":
        return _csv_response(_rows(user, queryset), COLUMNS, delimiter=",", filename=f"annuaire-{stamp}.csv")
    if fmt == "excel":
        rows = (_for_people(row) for row in _rows(user, queryset))
        return _csv_response(rows, titles, delimiter=";", filename=f"annuaire-{stamp}-excel.csv")
    if fmt == "xlsx":
        rows = (_for_people(row) for row in _rows(user, queryset))
        return _xlsx_response(rows, titles, sheet_name="Annuaire", filename=f"annuaire-{stamp}.xlsx")
    raise Http404("Format d'export inconnu.")


TEMPLATE_EXAMPLE = {
    "ref": "ARM-001",
    "name": "Armor Usinage de précision",
    "kind": "entreprise",
    "siret": "",
    "naf_code": "25.62B",
    "headcount_band": "12",
    "commune_insee": "29019",
    "postal_code": "",
    "city": "",
    "department": "",
    "description": "Usinage 5 axes de pièces en titane et en aluminium, petites et moyennes séries.",
    "capabilities": "Usinage de précision;Essais et contrôles non destructifs",
    "certifications": "EN 9100;ISO 9001",
    "website": "https://www.exemple.fr",
}


def import_template_response(fmt: str):
    """A file to fill in for the curated import: the format's columns, French titles, one example row."""
    import_columns = list(TEMPLATE_EXAMPLE)
    titles = [columns.TITLES[name] for name in import_columns]
    example = [TEMPLATE_EXAMPLE[name] for name in import_columns]
    if fmt == "csv":
        return _csv_response([example], titles, delimiter=";", filename="modele-liste-organisations.csv")
    if fmt == "xlsx":
        return _xlsx_response([example], titles, sheet_name="Organisations", filename="modele-liste-organisations.xlsx")
    raise Http404("Format de modèle inconnu.")
