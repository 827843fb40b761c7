"""Korean-aware search (portal.search): spacing and the company form (주식회사, (주), ㈜) do not
matter, in the public directory, the staff lists and the API alike (issue 16)."""

import pytest
from django.urls import reverse

from portal.search import normalize_search_text
from programs.models import Programme

from ..factories import CohortFactory, FirmFactory, LeaseFactory, MOUFactory, PartnerFactory, ProgrammeFactory


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("가온 AI", "가온ai"),
        ("(주)가온AI", "가온ai"),
        ("㈜ 가온 A.I", "가온ai"),
        ("주식회사 가온", "가온"),
        ("가온 주식회사", "가온"),
        ("예지 보전", "예지보전"),
        ("Gaon AI Co., Ltd.", "gaonaicoltd"),
        ("  ", ""),
        (None, ""),
    ],
)
def test_normalize_search_text_drops_spaces_punctuation_and_company_forms(text, normalized):
    assert normalize_search_text(text) == normalized


@pytest.fixture
def gaon(db):
    return LeaseFactory(firm=FirmFactory(name="(주)가온AI", name_en="Gaon AI", public_profile=True)).firm


def _directory_names(client, query):
    response = client.get(reverse("tenants:directory"), {"q": query})
    assert response.status_code == 200
    return [firm.name for firm in response.context["page"].object_list]


@pytest.mark.parametrize("query", ["가온 AI", "가온AI", "주식회사 가온", "㈜가온", "gaon ai", "GaonAI"])
def test_the_directory_finds_the_firm_however_the_name_is_spaced_or_formed(client, gaon, query):
    assert _directory_names(client, query) == ["(주)가온AI"]


def test_a_query_of_only_a_company_form_or_spaces_filters_nothing(client, gaon):
    LeaseFactory(firm=FirmFactory(name="다른기업", public_profile=True))
    assert len(_directory_names(client, "주식회사")) == 2
    assert len(_directory_names(client, "   ")) == 2


def test_the_api_and_the_staff_list_use_the_same_search(api_client, officer_client, gaon):
    FirmFactory(name="관계없는기업")
    response = api_client.get(reverse("firm-list"), {"q": "주식회사 가온 AI"})
    assert [row["id"] for row in response.json()["results"]] == [gaon.pk]
    directory = api_client.get(reverse("directory-list"), {"q": "가온 AI"})
    assert [row["id"] for row in directory.json()["results"]] == [gaon.pk]
    staff = officer_client.get(reverse("tenants:staff_firms"), {"q": "가온 ai"})
    assert staff.status_code == 200
    assert gaon.name in staff.content.decode() and "관계없는기업" not in staff.content.decode()


def test_the_search_text_follows_a_renamed_firm(client, gaon):
    gaon.name_ko = "(주)누리로봇"
    gaon.save(update_fields=["name_ko"])
    assert _directory_names(client, "누리 로봇") == ["(주)누리로봇"]
    assert _directory_names(client, "가온") == []


@pytest.mark.django_db
def test_the_catalogue_finds_a_programme_written_with_a_space_by_the_word_without(client, api_client):
    programme = ProgrammeFactory(title="설비 예지 보전 실무", title_en="Predictive maintenance in practice")
    cohort = CohortFactory(programme=programme)
    CohortFactory(programme=ProgrammeFactory(title="디지털 트윈 기초"))
    response = client.get(reverse("programs:catalogue"), {"q": "예지보전"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "설비 예지 보전 실무" in body and "디지털 트윈 기초" not in body
    rows = api_client.get(reverse("cohort-list"), {"q": "predictive maintenance"}).json()["results"]
    assert [row["id"] for row in rows] == [cohort.pk]
    assert list(Programme.objects.filter(search_text__contains="예지보전")) == [programme]


@pytest.mark.django_db
def test_the_staff_mou_list_finds_a_partner_by_its_name_without_the_company_form(staff_client):
    partner = PartnerFactory(name="㈜ 한빛 클라우드", name_en="Hanbit Cloud")
    mou = MOUFactory(title="클라우드 협력 업무협약")
    mou.partners.set([partner])
    MOUFactory(title="다른 업무협약")
    response = staff_client.get(reverse("partners:staff_mous"), {"q": "주식회사 한빛클라우드"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "클라우드 협력 업무협약" in body and "다른 업무협약" not in body


@pytest.mark.django_db
def test_a_firm_saved_while_english_is_active_is_found_by_its_korean_name():
    from django.utils import translation

    from tenants.models import Firm

    with translation.override("en"):
        firm = FirmFactory(name="(주)누리로봇", name_en="Nuri Robotics")
    firm.refresh_from_db()
    assert (firm.name_ko, firm.search_text) == ("(주)누리로봇", "누리로봇|nurirobotics")
    assert list(Firm.objects.filter(search_text__contains="누리로봇")) == [firm]
