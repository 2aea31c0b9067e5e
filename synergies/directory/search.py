"""Full-text search of the directory, in the database: FTS5 on SQLite, tsvector/GIN on PostgreSQL.

Documents and queries are both reduced by `core.text.search_terms`, so « pièces usinées » finds
« pièce usinée ». The last word of a query also matches as a prefix (typing « cybers » finds
« cybersécurité »).
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from synergies.core.text import query_terms, search_terms


def document(parts) -> str:
    """The search document of a list of texts (empty ones skipped)."""
    return " ".join(search_terms(" ".join(part for part in parts if part)))


def organisation_document(organisation, *, capabilities=(), certifications=(), labels=()) -> str:
    """The stems a search may match for `organisation` (names, place, texts, taxonomy, NAF label)."""
    parts = [
        organisation.name,
        organisation.legal_name,
        organisation.acronym,
        organisation.city,
        organisation.get_kind_display(),
        organisation.naf_label,
        organisation.naf_code,
        organisation.description,
        organisation.defence_experience,
        " ".join(organisation.keywords or []),
    ]
    for capability in capabilities:
        parts.extend([capability.name, *capability.synonyms])
    parts.extend(certification.name for certification in certifications)
    parts.extend(label.name for label in labels)
    return document(parts)


def _fts5_expression(terms):
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def _tsquery_expression(terms):
    parts = [term.replace("'", "") for term in terms]
    parts[-1] += ":*"
    return " & ".join(parts)


def search(queryset, query: str):
    """Narrow `queryset` to the organisations matching `query`.

    Returns (ranked, filtered, used): `ranked` has a `search_rank` column (higher is better) for the
    page's ordering; `filtered` holds the same rows through a plain `pk IN (…)` condition, safe to
    nest in the facet subqueries; `used` says whether the query had any searchable word.
    """
    terms = query_terms(query)
    if not terms:
        return queryset, queryset, False
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        # `search_vector` is a stored generated column with a GIN index (migration 0007).
        expression = _tsquery_expression(terms)
        tsquery = "to_tsquery('simple'::regconfig, %s)"
        filtered = queryset.filter(
            pk__in=RawSQL(f"SELECT id FROM {table} WHERE search_vector @@ {tsquery}", [expression])
        )
        # The page's ordering reads the match on the table itself, so that PostgreSQL keeps only the
        # matching rows before ranking and sorting them (through `pk IN (…)` alone it ranked and sorted
        # every row of a département first: 200 ms at 100 k organisations).
        ranked = queryset.extra(
            select={"search_rank": f"ts_rank({table}.search_vector, {tsquery})"},
            select_params=[expression],
            where=[f"{table}.search_vector @@ {tsquery}"],
            params=[expression],
        )
        return ranked, filtered, True
    # FTS5: the virtual table joins on rowid; bm25() (lower is better) is only valid within the MATCH query.
    expression = _fts5_expression(terms)
    fts = f"{table}_fts"
    filtered = queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [expression]))
    ranked = queryset.extra(
        tables=[fts],
        where=[f"{fts}.rowid = {table}.id", f"{fts} MATCH %s"],
        params=[expression],
        select={"search_rank": f"-bm25({fts})"},
    )
    return ranked, filtered, True
