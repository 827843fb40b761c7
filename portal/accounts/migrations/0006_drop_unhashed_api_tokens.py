"""API tokens moved from DRF's authtoken (stored in clear) to django-rest-knox (SHA-512 digests).

The old tokens cannot be turned into knox tokens without keeping them readable, so they are dropped:
every old token stops working and its owner makes a new one on My account (README "API tokens").
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_seed_consent_texts_and_privacy_policy"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop),
    ]
