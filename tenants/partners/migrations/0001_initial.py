"""The partner models move here from the tenants app with their tables (state only: the tables,
constraints and rows stay as tenants 0005/0006 made them)."""

import django.db.models.deletion
import django.utils.timezone
import portal.accounts.validators
import portal.files
import portal.uploads
import tenants.brn
import tenants.models.firms
import tenants.partners.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('tenants', '0006_mou_training_programmes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='MOU',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title (Korean)')),
                        ('title_en', models.CharField(blank=True, max_length=200, verbose_name='title (English)')),
                        ('purpose', models.TextField(verbose_name='purpose (Korean)')),
                        ('purpose_en', models.TextField(blank=True, verbose_name='purpose (English)')),
                        ('programme', models.CharField(blank=True, help_text='E.g. the hyperscale manufacturing-AI demonstration.', max_length=200, verbose_name='project concerned')),
                        ('signed_on', models.DateField(blank=True, null=True, verbose_name='signed on')),
                        ('effective_from', models.DateField(verbose_name='in effect from')),
                        ('expires_on', models.DateField(blank=True, help_text='Leave empty when the MOU has no end date.', null=True, verbose_name='expires on')),
                        ('auto_renew', models.BooleanField(default=False, help_text='For the same length again, unless a party gives notice within the notice period.', verbose_name='renews automatically')),
                        ('notice_period_days', models.PositiveSmallIntegerField(default=30, help_text='Days before expiry by which a party must say whether it renews.', verbose_name='notice period (days)')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('signed', 'Signed'), ('active', 'In effect'), ('expired', 'Expired'), ('terminated', 'Terminated')], default='draft', max_length=12, verbose_name='status')),
                        ('renewal_decision', models.CharField(choices=[('undecided', 'Not decided'), ('renewed', 'Renewed'), ('let_expire', 'Let expire')], default='undecided', max_length=12, verbose_name='renewal decision')),
                        ('is_public', models.BooleanField(default=False, help_text='Once signed, the title, parties, signing date and purpose appear on the partners page.', verbose_name='shown on the public site')),
                        ('document', models.FileField(blank=True, upload_to=tenants.partners.models.mou_document_upload_to, verbose_name='signed document')),
                        ('document_name', models.CharField(blank=True, max_length=200, verbose_name='document file name')),
                        ('document_type', models.CharField(blank=True, max_length=10, verbose_name='document file type')),
                        ('terminated_on', models.DateField(blank=True, null=True, verbose_name='terminated on')),
                        ('termination_reason', models.TextField(blank=True, verbose_name='reason for termination')),
                        ('status_changed_at', models.DateTimeField(blank=True, null=True, verbose_name='status changed at')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('firms', models.ManyToManyField(blank=True, related_name='mous', to='tenants.firm', verbose_name='firms concerned')),
                        ('previous_term', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='next_terms', to='partners.mou', verbose_name='renews')),
                    ],
                    options={
                        'verbose_name': 'MOU',
                        'verbose_name_plural': 'MOUs',
                        'db_table': 'tenants_mou',
                        'ordering': ['-effective_from', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Obligation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='what')),
                        ('description', models.TextField(blank=True, verbose_name='details')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                        ('recurrence', models.CharField(blank=True, choices=[('', 'Once'), ('monthly', 'Every month'), ('quarterly', 'Every quarter'), ('yearly', 'Every year')], default='', max_length=10, verbose_name='repeats')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('done', 'Done'), ('waived', 'Waived')], default='open', max_length=10, verbose_name='status')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by')),
                        ('mou', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='obligations', to='partners.mou', verbose_name='MOU')),
                        ('previous_occurrence', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='next_occurrences', to='partners.obligation', verbose_name='follows')),
                    ],
                    options={
                        'verbose_name': 'MOU obligation',
                        'verbose_name_plural': 'MOU obligations',
                        'db_table': 'tenants_obligation',
                        'ordering': ['due_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ObligationEvidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to=portal.files.stored_file_upload_to, verbose_name='file')),
                        ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                        ('file_type', models.CharField(max_length=10, verbose_name='file type')),
                        ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
                        ('obligation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='partners.obligation')),
                        ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                    ],
                    options={
                        'verbose_name': 'obligation evidence',
                        'verbose_name_plural': 'obligation evidence',
                        'db_table': 'tenants_obligationevidence',
                        'ordering': ['obligation', 'uploaded_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ObligationNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(blank=True, verbose_name='note')),
                        ('status_change', models.CharField(blank=True, choices=[('open', 'Open'), ('done', 'Done'), ('waived', 'Waived')], max_length=10, verbose_name='status set to')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='written at')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('obligation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='partners.obligation')),
                    ],
                    options={
                        'verbose_name': 'obligation note',
                        'verbose_name_plural': 'obligation notes',
                        'db_table': 'tenants_obligationnote',
                        'ordering': ['obligation', 'created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Partner',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name (Korean)')),
                        ('name_en', models.CharField(blank=True, max_length=100, verbose_name='name (English)')),
                        ('kind', models.CharField(choices=[('cloud', 'Cloud'), ('software', 'Simulation and software'), ('university', 'University'), ('research', 'Research institute'), ('manufacturer', 'Manufacturer'), ('public_body', 'Public body'), ('other', 'Other')], max_length=20, verbose_name='kind')),
                        ('country', models.CharField(default='KR', help_text='Two-letter ISO code, e.g. KR, US, FI.', max_length=2, verbose_name='country')),
                        ('website', models.URLField(blank=True, verbose_name='website')),
                        ('logo', models.ImageField(blank=True, upload_to=tenants.models.firms.logo_upload_to, validators=[portal.uploads.validate_logo], verbose_name='logo')),
                        ('brn', models.CharField(blank=True, help_text='Korean organisations only, when known; 10 digits.', max_length=10, validators=[tenants.brn.validate_brn], verbose_name='business registration number')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ],
                    options={
                        'verbose_name': 'partner organisation',
                        'verbose_name_plural': 'partner organisations',
                        'db_table': 'tenants_partner',
                        'ordering': ['kind', 'name', 'pk'],
                        'constraints': [models.UniqueConstraint(fields=('name',), name='tenants_partner_name_unique'), models.UniqueConstraint(condition=models.Q(('brn', ''), _negated=True), fields=('brn',), name='tenants_partner_brn_unique'), models.CheckConstraint(condition=models.Q(('brn', ''), ('brn__regex', '^[0-9]{10}$'), _connector='OR'), name='tenants_partner_brn_ten_digits'), models.CheckConstraint(condition=models.Q(('country__regex', '^[A-Z]{2}$')), name='tenants_partner_country_code')],
                    },
                ),
                migrations.AddField(
                    model_name='obligation',
                    name='party',
                    field=models.ForeignKey(blank=True, help_text='Leave empty when the city and the hub owe it.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='obligations', to='partners.partner', verbose_name='party'),
                ),
                migrations.AddField(
                    model_name='mou',
                    name='partners',
                    field=models.ManyToManyField(help_text='The parties besides the city and the hub.', related_name='mous', to='partners.partner', verbose_name='partners'),
                ),
                migrations.CreateModel(
                    name='PartnerContact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=50, verbose_name='name')),
                        ('title', models.CharField(blank=True, max_length=100, verbose_name='job title')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                        ('phone', models.CharField(blank=True, max_length=13, validators=[portal.accounts.validators.validate_phone], verbose_name='phone')),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='partners.partner', verbose_name='partner organisation')),
                    ],
                    options={
                        'verbose_name': 'partner contact person',
                        'verbose_name_plural': 'partner contact persons',
                        'db_table': 'tenants_partnercontact',
                        'ordering': ['partner', 'name', 'pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='obligation',
                    index=models.Index(fields=['status', 'due_on'], name='tenants_obligation_status_due'),
                ),
                migrations.AddConstraint(
                    model_name='obligation',
                    constraint=models.CheckConstraint(condition=models.Q(('recurrence', ''), ('due_on__isnull', False), _connector='OR'), name='tenants_obligation_recurring_has_due_date'),
                ),
                migrations.AddConstraint(
                    model_name='obligation',
                    constraint=models.UniqueConstraint(fields=('previous_occurrence',), name='tenants_obligation_one_next_occurrence'),
                ),
                migrations.AddIndex(
                    model_name='mou',
                    index=models.Index(fields=['status', 'expires_on'], name='tenants_mou_status_expiry'),
                ),
                migrations.AddConstraint(
                    model_name='mou',
                    constraint=models.CheckConstraint(condition=models.Q(('expires_on__isnull', True), ('expires_on__gte', models.F('effective_from')), _connector='OR'), name='tenants_mou_expires_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='mou',
                    constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), ('signed_on__isnull', False), _connector='OR'), name='tenants_mou_signed_has_date'),
                ),
                migrations.AddConstraint(
                    model_name='mou',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'terminated'), _negated=True), models.Q(('terminated_on__isnull', False), models.Q(('termination_reason', ''), _negated=True)), _connector='OR'), name='tenants_mou_termination_has_reason'),
                ),
                migrations.AddConstraint(
                    model_name='mou',
                    constraint=models.UniqueConstraint(fields=('previous_term',), name='tenants_mou_one_renewal_per_term'),
                ),
            ],
            database_operations=[],
        ),
    ]
