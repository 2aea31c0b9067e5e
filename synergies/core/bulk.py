"""Bulk writes for imports: rows go to the database without building model instances.

`Model.objects.bulk_create` spends most of its time building and compiling instances; an import of
tens of thousands of rows only needs one parameterised INSERT run with `executemany`.
"""

from django.db import connection, models
from django.utils import timezone

# Field types whose Python values the database driver cannot take as they are.
_ADAPTED = (models.DateField, models.JSONField, models.DecimalField, models.UUIDField)


def bulk_insert(model: type[models.Model], rows: list[dict]) -> int:
    """INSERT `rows` (field name → Python value); missing fields take their default, auto_now the time."""
    if not rows:
        return 0
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    now = timezone.now()
    plan = []
    for field in fields:
        automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        default = now if automatic else (field.get_default() if field.has_default() or field.null else "")
        plan.append((field.attname, field.name, default, isinstance(field, _ADAPTED), field))
    prepared = []
    last = {}  # field → (value, adapted): the same value (e.g. the import's timestamp) is adapted once
    for row in rows:
        values = []
        for attname, name, default, adapt, field in plan:
            value = row[attname] if attname in row else row.get(name, default)
            if adapt:
                previous = last.get(attname)
                if previous is not None and previous[0] is value:
                    value = previous[1]
                else:
                    adapted = field.get_db_prep_save(value, connection)
                    last[attname] = (value, adapted)
                    value = adapted
            values.append(value)
        prepared.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
    return len(prepared)
