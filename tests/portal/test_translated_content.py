"""Content in Korean and English through one mechanism (portal.i18n, django-modeltranslation):
``record.field`` is the active language's text with the Korean as fallback, the hand-written
``_en`` columns became the generated ones with their data kept, and forms, admin and API write
both languages (issue 16). The migration that made the columns: tests/portal/test_migrations.py."""

import pytest
from django.urls import reverse
from django.utils import translation

from tenants.models import Site

from ..factories import CohortFactory, FirmFactory, ProgrammeFactory, SiteFactory


@pytest.mark.django_db
def test_a_record_reads_in_the_active_language_and_falls_back_to_korean():
    site = SiteFactory(name="경남창원산학융합원", name_en="Gyeongnam Changwon Institute")
    untranslated = SiteFactory(name="신화더플렉스시티", name_en="")
    with translation.override("en"):
        assert site.name == "Gyeongnam Changwon Institute"
        assert untranslated.name == "신화더플렉스시티"
    with translation.override("ko"):
        assert site.name == "경남창원산학융합원"


@pytest.mark.django_db
def test_the_original_column_stays_korean_when_a_record_is_saved_on_an_english_page():
    site = SiteFactory(name="경남창원산학융합원")
    with translation.override("en"):
        site.name = "Changwon Institute"
        site.save()
    stored = Site.objects.values("name", "name_ko", "name_en").get(pk=site.pk)
    assert stored == {"name": "경남창원산학융합원", "name_ko": "경남창원산학융합원", "name_en": "Changwon Institute"}


@pytest.mark.django_db
def test_two_sites_without_an_english_name_do_not_collide_on_the_unique_name():
    SiteFactory(name="가", name_en="")
    SiteFactory(name="나", name_en="")
    assert Site.objects.filter(name_en__isnull=True).count() == 2


@pytest.mark.django_db
def test_english_pages_show_english_content_and_korean_where_none_is_given(client):
    CohortFactory(programme=ProgrammeFactory(title="제조 AI 기초", title_en="Manufacturing AI basics"))
    CohortFactory(programme=ProgrammeFactory(title="디지털 트윈 실무", title_en=""))
    body = client.get(reverse("programs:catalogue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Manufacturing AI basics" in body and "디지털 트윈 실무" in body
    assert "제조 AI 기초" not in body


def test_the_firm_edits_its_name_and_description_in_both_languages(client, alice):
    firm = alice.firm
    client.force_login(alice.representative)
    page = client.get(reverse("tenants:firm_edit"))
    form = page.context["form"]
    assert {"name_ko", "name_en", "description_ko", "description_en"} <= set(form.fields)
    data = {name: form.initial.get(name) or "" for name in form.fields if name != "logo"}
    data.update(name_ko="(주)가온", name_en="Gaon Inc.", description_ko="제조 AI", description_en="Manufacturing AI")
    response = client.post(reverse("tenants:firm_edit"), data)
    assert response.status_code == 302
    firm.refresh_from_db()
    assert (firm.name_ko, firm.name_en, firm.description_en) == ("(주)가온", "Gaon Inc.", "Manufacturing AI")


@pytest.mark.django_db
def test_the_api_gives_both_languages_whatever_the_request_language(api_client):
    firm = FirmFactory(name="(주)가온", name_en="Gaon", description="제조 AI", public_profile=True)
    row = api_client.get(reverse("firm-detail", args=[firm.pk]), HTTP_ACCEPT_LANGUAGE="en").json()
    assert (row["name"], row["name_en"], row["description"], row["description_en"]) == (
        "(주)가온",
        "Gaon",
        "제조 AI",
        "",
    )


@pytest.mark.django_db
def test_the_admin_edits_both_languages(admin_client):
    site = SiteFactory(name="융합원")
    page = admin_client.get(reverse("admin:tenants_site_change", args=[site.pk]))
    assert {"name_ko", "name_en", "description_ko", "description_en"} <= set(page.context["adminform"].form.fields)


@pytest.mark.django_db
def test_the_directory_names_the_site_in_the_page_language(client):
    from ..factories import LeaseFactory, SpaceFactory

    site = SiteFactory(name="경남창원산학융합원", name_en="Gyeongnam Changwon Institute")
    LeaseFactory(firm=FirmFactory(name="(주)가온", public_profile=True), space=SpaceFactory(site=site))
    english = client.get(reverse("tenants:directory"), HTTP_ACCEPT_LANGUAGE="en")
    assert [firm.site_name for firm in english.context["page"].object_list] == ["Gyeongnam Changwon Institute"]
    korean = client.get(reverse("tenants:directory"), HTTP_ACCEPT_LANGUAGE="ko")
    assert [firm.site_name for firm in korean.context["page"].object_list] == ["경남창원산학융합원"]
