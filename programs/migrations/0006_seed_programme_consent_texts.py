"""The programme and consulting consent texts with their retention periods, as data."""

from django.db import migrations

TEXTS = [
    # item, version, required, years, runs from, Korean, English
    (
        "training_personal_info", "2026-11-01", True, 3, "programme_end",
        "기수 종료 후 3년(그 기간 동안 수료증 진위 확인 가능)",
        "3 years after the cohort ends (certificates stay verifiable for that time).",
    ),
    ("training_photos", "2026-11-01", False, None, "withdrawal", "동의 철회 시까지", "Until you withdraw consent."),
    (
        "training_followup", "2026-11-01", False, 2, "programme_end",
        "동의 철회 시 또는 기수 종료 후 2년까지", "Until you withdraw consent or 2 years after the cohort ends.",
    ),
    (
        "consulting_personal_info", "2026-12-01", True, 5, "engagement_end",
        "컨설팅 과제 종료 후 5년(재원 기관에 대한 성과 보고용)",
        "5 years after the engagement ends (outcome reports to the funders).",
    ),
]


def seed(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    for item, version, required, years, start, korean, english in TEXTS:
        ConsentText.objects.update_or_create(
            item=item,
            version=version,
            defaults={
                "required": required,
                "retention_years": years,
                "retention_start": start,
                "retention": korean,
                "retention_en": english,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_personal_data_purged_at"),
        ("accounts", "0005_seed_consent_texts_and_privacy_policy"),
    ]
    # Before the consent texts' retention became translated content (accounts 0007 copies the text
    # into retention_ko): seeded after it, the programme texts would have no Korean column.
    run_before = [("accounts", "0007_privacy_texts_in_korean_and_english")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
