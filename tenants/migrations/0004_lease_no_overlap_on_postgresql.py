"""Two active leases of one space never overlap: an exclusion constraint on PostgreSQL.

SQLite (the embedded default) has no exclusion constraints; there ``lease_create`` and
``Lease.clean`` enforce the same rule under a lock on the space row.
"""

from django.db import migrations

CONSTRAINT = "tenants_lease_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE tenants_lease ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(space_id WITH =, daterange(start_date, end_date, '[]') WITH &&) WHERE (status = 'active')"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE tenants_lease DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("tenants", "0003_tenancy_calls_applications_reviews")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
