"""State only: the MOU ↔ programme link is now declared on the programme (the same table and columns,
mou_id and programme_id), and an expert's organisation is a partners.Partner (the same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0001_initial'),
        ('programs', '0002_consulting'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='programme',
                    name='mous',
                    field=models.ManyToManyField(blank=True, db_table='tenants_mou_training_programmes', related_name='training_programmes', to='partners.mou', verbose_name='MOUs concerned'),
                ),
                migrations.AlterField(
                    model_name='expert',
                    name='partner',
                    field=models.ForeignKey(blank=True, help_text="Empty for the hub's own consultants.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='experts', to='partners.partner', verbose_name='organisation'),
                ),
            ],
            database_operations=[],
        ),
    ]
