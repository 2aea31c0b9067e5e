"""No double booking, held by PostgreSQL: two holding bookings of the same resource and seat never
overlap in time. SQLite has no exclusion constraint; there the booking service's check runs inside an
IMMEDIATE transaction (the write lock is taken first), see platforms/bookings.py."""

from django.db import migrations

# The statuses that hold a slot: enums.HOLDING_STATUSES (a test checks they stay the same).
HOLDING = ("held", "booked", "checked_in", "used")

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE platforms_booking ADD CONSTRAINT booking_no_overlap
    EXCLUDE USING gist (resource_id WITH =, seat WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status IN ({", ".join(f"'{s}'" for s in HOLDING)}));
"""
DROP = "ALTER TABLE platforms_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("platforms", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
