"""/privacy/ (개인정보처리방침): the version in effect, earlier versions and the retention periods as data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.models import ConsentText, PrivacyPolicy


@pytest.mark.django_db
def test_the_policy_in_effect_states_items_purposes_retention_third_parties_and_officer(client):
    html = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    for text in (
        "처리하는 개인정보 항목과 목적",
        "보유 기간",
        "메일 발송",
        "KPI",
        "개인정보 보호책임자",
        "privacy@hubbridge.kr",
    ):
        assert text in html
    assert "2026-12-01" in html


@pytest.mark.django_db
def test_the_policy_reads_in_english(client):
    client.cookies["django_language"] = "en"
    html = client.get("/privacy/").content.decode()
    assert "Privacy officer" in html and "Third parties and processors" in html


@pytest.mark.django_db
def test_an_earlier_version_stays_readable_and_is_marked(client):
    response = client.get(reverse("privacy_policy_version", args=["2026-11-01"]), HTTP_ACCEPT_LANGUAGE="ko")
    html = response.content.decode()
    assert response.status_code == 200
    assert "최초 제정" in html
    assert "컨설팅 전문가" not in html  # added only in the later version
    with translation.override("ko"):
        assert str(translation.gettext("an earlier version")) in html


@pytest.mark.django_db
def test_an_unknown_version_is_404(client):
    assert client.get("/privacy/1999-01-01/").status_code == 404


@pytest.mark.django_db
def test_a_version_not_yet_in_effect_is_not_shown_as_current(client):
    PrivacyPolicy.objects.create(
        version="2099-01-01", effective_on=timezone.localdate() + timedelta(days=30), body="미래 판", body_en="Future"
    )
    html = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "미래 판" not in html
    assert reverse("privacy_policy_version", args=["2099-01-01"]) in html


@pytest.mark.django_db
def test_the_retention_table_comes_from_the_consent_texts(client):
    ConsentText.objects.filter(item="consulting_personal_info").update(retention="과제 종료 후 7년")
    html = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "과제 종료 후 7년" in html


@pytest.mark.django_db
def test_the_footer_links_the_policy(client):
    assert reverse("privacy_policy") in client.get("/").content.decode()


@pytest.mark.django_db
def test_every_consent_item_in_the_code_has_a_text_with_its_period():
    from portal.accounts.consent import SIGNUP_ITEMS, VERSION
    from programs import consent

    expected = {(item.key, VERSION) for item in SIGNUP_ITEMS}
    expected |= {(item.key, consent.VERSION) for item in (consent.REQUIRED, *consent.OPTIONAL)}
    expected.add((consent.CONSULTING_REQUIRED.key, consent.CONSULTING_VERSION))
    assert expected <= set(ConsentText.objects.values_list("item", "version"))


@pytest.mark.django_db
def test_every_seeded_consent_text_states_its_retention_in_both_languages(client):
    # The programme texts were seeded after the retention became translated content and had no
    # Korean column: the page showed an empty "Kept" cell for them.
    texts = ConsentText.objects.all()
    assert texts.filter(item__startswith="training").exists()
    assert not texts.filter(retention_ko__isnull=True).exists() and not texts.filter(retention_ko="").exists()
    assert not texts.filter(retention_en__isnull=True).exists()
    html = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "기수 종료 후 3년" in html


@pytest.mark.django_db
def test_the_retention_table_names_each_consent_item_not_its_code(client):
    html = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "training_personal_info" not in html and "consulting_personal_info" not in html
    client.cookies["django_language"] = "en"
    html = client.get("/privacy/").content.decode()
    for title in ("Collection and use of personal information for training", "News about programmes and events"):
        assert title in html
