"""The moved models' content types change app label, tenants → partners, keeping their ids.

Permissions (``partners.view_mou`` …) and django-auditlog entries point at these rows, so they stay
attached to the same models. A database where the models never had a content type gets them
from Django after the migration, as usual.
"""

from django.db import migrations

MOVED_MODELS = ["partner", "partnercontact", "mou", "obligation", "obligationnote", "obligationevidence"]


def relabel(apps, schema_editor, *, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    # A model that already has a content type under the new label (made after a migrate that
    # skipped this step) keeps that one; the old row then goes, as a stale one would.
    taken = set(rows.filter(app_label=new, model__in=MOVED_MODELS).values_list("model", flat=True))
    rows.filter(app_label=old, model__in=taken).delete()
    rows.filter(app_label=old, model__in=MOVED_MODELS).update(app_label=new)


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, old="tenants", new="partners")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, old="partners", new="tenants")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0001_initial"),
        ("tenants", "0007_partners_move_to_partners_app"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
