"""Staff write calls (with their documents and criteria) and sites in both languages, in the staff workspace."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.roles import REVIEWER
from tenants.choices import ConflictState
from tenants.models import CallCriterion, ReviewAssignment, ReviewScore, Site, TenancyCall
from tenants.services import call_close, call_publish

from ..factories import ApplicationFactory, SiteFactory, TenancyCallFactory, user_in_role


def formset_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_call_data(site, **changes):
    data = {
        "title_ko": "2027년 입주기업 모집",
        "title_en": "Tenants 2027",
        "body_ko": "창원 디지털 혁신 거점 입주기업을 모집합니다.",
        "body_en": "The Changwon hub is looking for tenants.",
        "eligibility_ko": "AI 기업",
        "eligibility_en": "AI firms",
        "sites": [site.pk],
        "space_kinds": ["room"],
        "opens_at": "2027-01-04T09:00",
        "closes_at": "2027-01-29T18:00",
        **formset_management("requirements", 2),
        "requirements-0-position": "1",
        "requirements-0-name_ko": "사업계획서",
        "requirements-0-name_en": "Business plan",
        "requirements-0-required": "on",
        # An untouched extra row, as a browser posts it (its defaults).
        "requirements-1-position": "0",
        "requirements-1-required": "on",
        **formset_management("criteria", 3),
        "criteria-0-position": "1",
        "criteria-0-name_ko": "기술성",
        "criteria-0-name_en": "Technology",
        "criteria-0-weight": "60",
        "criteria-1-position": "2",
        "criteria-1-name_ko": "사업성",
        "criteria-1-name_en": "Business",
        "criteria-1-weight": "40",
        "criteria-2-position": "0",
    }
    data.update(changes)
    return data


@pytest.fixture
def site(db):
    return SiteFactory()


@pytest.mark.django_db
def test_staff_create_a_call_with_documents_and_criteria_in_both_languages(staff_client, site):
    response = staff_client.post(reverse("tenants:staff_call_create"), new_call_data(site))
    assert response.status_code == 302, response.context["form"].errors
    call = TenancyCall.objects.get()
    assert (call.title_ko, call.title_en, call.is_published) == ("2027년 입주기업 모집", "Tenants 2027", False)
    # Typed in KST: 09:00 KST is 00:00 UTC.
    assert call.opens_at == dt.datetime(2027, 1, 4, 0, 0, tzinfo=dt.UTC)
    assert [(r.name_ko, r.name_en) for r in call.requirements.all()] == [("사업계획서", "Business plan")]
    assert sorted(c.weight for c in call.criteria.all()) == [40, 60]
    assert list(call.sites.all()) == [site]


@pytest.mark.django_db
def test_the_form_lays_korean_beside_english_with_the_language_in_each_label(staff_client):
    page = staff_client.get(reverse("tenants:staff_call_create")).content.decode()
    assert 'class="field-pair"' in page
    assert "(한국어)" in page and "(English)" in page
    assert 'lang="en"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"closes_at": "2027-01-04T09:00"}, "closes_at"),
        ({"title_ko": ""}, "title_ko"),
        ({"opens_at": "not a date"}, "opens_at"),
    ],
)
def test_bad_call_input_gives_form_errors(staff_client, site, changes, field):
    response = staff_client.post(reverse("tenants:staff_call_create"), new_call_data(site, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not TenancyCall.objects.exists()


@pytest.mark.django_db
def test_criteria_weights_must_add_up_to_100(staff_client, site):
    response = staff_client.post(
        reverse("tenants:staff_call_create"), new_call_data(site, **{"criteria-1-weight": "30"})
    )
    assert response.status_code == 200
    assert "90%" in " ".join(response.context["criteria"].non_form_errors())
    assert not TenancyCall.objects.exists()


def scored(call):
    application = ApplicationFactory(call=call, stage="under_review")
    assignment = ReviewAssignment.objects.create(
        application=application, reviewer=user_in_role(REVIEWER), conflict=ConflictState.NONE
    )
    ReviewScore.objects.create(assignment=assignment, criterion=call.criteria.first(), score=80)


@pytest.mark.django_db
def test_criteria_are_fixed_once_reviewers_scored(staff_client, roles):
    call = TenancyCallFactory()
    scored(call)
    page = staff_client.get(reverse("tenants:staff_call_edit", args=[call.pk]))
    assert page.context["criteria"] is None and len(page.context["locked_criteria"]) == 3
    # The service refuses too (the admin and any other caller).
    from tenants.forms import CriterionFormSet
    from tenants.services import call_save

    first = call.criteria.first()
    data = {
        **formset_management("criteria", 3, initial=3),
        **{
            f"criteria-{index}-{name}": value
            for index, criterion in enumerate(call.criteria.all())
            for name, value in {
                "id": criterion.pk,
                "position": criterion.position,
                "name_ko": criterion.name_ko,
                "name_en": criterion.name_en,
                "weight": criterion.weight,
            }.items()
        },
        "criteria-0-weight": str(first.weight - 10),
        "criteria-1-weight": str(call.criteria.all()[1].weight + 10),
    }
    formset = CriterionFormSet(data, instance=call, prefix="criteria")
    assert formset.is_valid(), formset.errors
    with pytest.raises(ValidationError):
        call_save(call=call, formsets=[formset])
    assert CallCriterion.objects.get(pk=first.pk).weight == first.weight


@pytest.mark.django_db
def test_editing_a_published_call_shows_on_its_public_page_at_once(client, manager, site):
    call = TenancyCallFactory(title_en="Tenants 2026")
    call.sites.add(site)
    public = Client()
    assert "Tenants 2026" in public.get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The anonymous page is cached now (portal/pagecache.py); staff change the English title.
    client.force_login(manager)
    data = new_call_data(site, title_en="Tenants 2027, second round")
    data.update(formset_management("requirements", 0) | formset_management("criteria", 0))
    data["requirements-INITIAL_FORMS"] = "0"
    response = client.post(reverse("tenants:staff_call_edit", args=[call.pk]), data)
    assert response.status_code == 302
    page = public.get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tenants 2027, second round" in page


@pytest.mark.django_db
def test_publish_needs_criteria_of_100_and_a_document(db):
    call = TenancyCallFactory(is_published=False, with_requirements_and_criteria=False)
    with pytest.raises(ValidationError):
        call_publish(call=call)
    CallCriterion.objects.create(call=call, name="기술성", weight=100)
    call.requirements.create(name="사업계획서")
    assert call_publish(call=call).is_published


@pytest.mark.django_db
def test_staff_publish_and_close_from_the_edit_page(staff_client):
    call = TenancyCallFactory(is_published=False)
    assert staff_client.post(reverse("tenants:staff_call_publish", args=[call.pk])).status_code == 302
    call.refresh_from_db()
    assert call.is_published and call.state() == "open"
    staff_client.post(reverse("tenants:staff_call_close", args=[call.pk]))
    call.refresh_from_db()
    assert call.state() == "closed" and call.closes_at <= timezone.now()


@pytest.mark.django_db
def test_closing_a_call_that_is_not_open_is_refused(db):
    call = TenancyCallFactory(
        opens_at=timezone.now() + dt.timedelta(days=1), closes_at=timezone.now() + dt.timedelta(days=9)
    )
    with pytest.raises(ValidationError):
        call_close(call=call)


@pytest.mark.django_db
def test_least_privilege_on_the_call_pages(client, alice, roles):
    call = TenancyCallFactory()
    client.force_login(alice.representative)
    for url in (
        reverse("tenants:staff_calls"),
        reverse("tenants:staff_call_create"),
        reverse("tenants:staff_call_edit", args=[call.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("tenants:staff_call_publish", args=[call.pk])).status_code == 403
    client.force_login(user_in_role(REVIEWER))
    assert client.get(reverse("tenants:staff_call_edit", args=[call.pk])).status_code == 403


@pytest.mark.django_db
def test_an_unknown_call_is_404(staff_client):
    assert staff_client.get(reverse("tenants:staff_call_edit", args=[999999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_the_call_list_costs_the_same_queries_for_1_and_many(staff_client, count, django_assert_max_num_queries):
    TenancyCallFactory.create_batch(count, with_requirements_and_criteria=False)
    staff_client.get(reverse("tenants:staff_calls"))  # warm the session and permission caches
    with django_assert_max_num_queries(8):
        assert staff_client.get(reverse("tenants:staff_calls")).status_code == 200


# Sites -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_manager_edits_a_site_in_both_languages(staff_client, site):
    response = staff_client.post(
        reverse("tenants:staff_site_edit", args=[site.pk]),
        {
            "name_ko": "신화더플렉스시티",
            "name_en": "Shinhwa The Flex City",
            "slug": site.slug,
            "postal_code": "51390",
            "address": "경상남도 창원시 의창구",
            "description_ko": "",
            "description_en": "",
        },
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name_en == "Shinhwa The Flex City"
    with translation.override("en"):
        assert str(Site.objects.get(pk=site.pk)) == "Shinhwa The Flex City"


@pytest.mark.django_db
def test_a_bad_postal_code_is_a_form_error(staff_client, site):
    data = {"name_ko": "x", "slug": site.slug, "postal_code": "12", "address": "y"}
    response = staff_client.post(reverse("tenants:staff_site_edit", args=[site.pk]), data)
    assert response.status_code == 200 and "postal_code" in response.context["form"].errors


@pytest.mark.django_db
def test_the_programme_officer_sees_sites_but_does_not_edit_them(officer_client, site):
    assert officer_client.get(reverse("tenants:staff_sites")).status_code == 200
    assert officer_client.get(reverse("tenants:staff_site_edit", args=[site.pk])).status_code == 403


@pytest.mark.django_db
def test_the_admin_shows_scored_criteria_read_only(client, roles):
    from tests.factories import UserFactory

    call = TenancyCallFactory()
    scored(call)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:tenants_tenancycall_change", args=[call.pk])).content.decode()
    assert 'name="criteria-0-weight"' not in page
    assert 'name="requirements-0-name_ko"' in page
