"""State only: the partner models now belong to the partners app (tenants.partners); their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0001_initial'),
        ('programs', '0003_programme_mous_expert_partner_moved'),
        ('tenants', '0006_mou_training_programmes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='obligation',
                    name='mou',
                ),
                migrations.RemoveField(
                    model_name='obligation',
                    name='closed_by',
                ),
                migrations.RemoveField(
                    model_name='obligation',
                    name='party',
                ),
                migrations.RemoveField(
                    model_name='obligation',
                    name='previous_occurrence',
                ),
                migrations.RemoveField(
                    model_name='obligationnote',
                    name='obligation',
                ),
                migrations.RemoveField(
                    model_name='obligationevidence',
                    name='obligation',
                ),
                migrations.RemoveField(
                    model_name='obligationevidence',
                    name='uploaded_by',
                ),
                migrations.RemoveField(
                    model_name='obligationnote',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='partnercontact',
                    name='partner',
                ),
                migrations.DeleteModel(
                    name='MOU',
                ),
                migrations.DeleteModel(
                    name='Obligation',
                ),
                migrations.DeleteModel(
                    name='ObligationEvidence',
                ),
                migrations.DeleteModel(
                    name='ObligationNote',
                ),
                migrations.DeleteModel(
                    name='Partner',
                ),
                migrations.DeleteModel(
                    name='PartnerContact',
                ),
            ],
            database_operations=[],
        ),
    ]
