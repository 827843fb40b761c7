"""The service levels the hub starts with (repairs 2 working days, access card 1 …); staff edit them."""

from django.db import migrations

DEFAULTS = {
    "repairs": 2,
    "access_card": 1,
    "parking": 2,
    "network": 1,
    "cleaning": 2,
    "move": 5,
    "document": 2,
}


def add_defaults(apps, schema_editor):
    ServiceLevel = apps.get_model("desk", "ServiceLevel")
    for category, working_days in DEFAULTS.items():
        ServiceLevel.objects.get_or_create(category=category, defaults={"working_days": working_days})


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
