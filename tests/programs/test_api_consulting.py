"""The consulting API: own requests (firm), assigned engagements (expert), everything (staff), outcomes."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from programs.choices import ConsultingState
from programs.models import ConsultingRequest, KpiMeasurement
from tests.factories import (
    AssignmentFactory,
    ConsultingRequestFactory,
    ExpertFactory,
    KpiMeasurementFactory,
)

REQUESTS = "/api/consulting-requests/"
ENGAGEMENTS = "/api/engagements/"
STAFF = "/api/staff/consulting-requests/"
OUTCOMES = "/api/outcomes/"


def test_a_firm_lists_only_its_own_requests_and_gets_404_for_anothers(api_client, alice, bob):
    mine = ConsultingRequestFactory(firm=alice[0])
    theirs = ConsultingRequestFactory(firm=bob[0])
    api_client.force_authenticate(alice[2])  # a member sees the firm's requests too
    assert [row["id"] for row in api_client.get(REQUESTS).json()["results"]] == [mine.pk]
    assert api_client.get(f"{REQUESTS}{theirs.pk}/").status_code == 404


def test_the_representative_files_and_submits_a_request(api_client, alice):
    api_client.force_authenticate(alice[1])
    payload = {
        "title": "LOT 추적",
        "industry": "machinery",
        "process_area": "조립",
        "problem_statement": "추적이 안 됩니다.",
        "desired_outcome": "실시간 추적",
        "consent_given": True,
    }
    created = api_client.post(REQUESTS, payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["state"] == "draft"
    submitted = api_client.post(f"{REQUESTS}{created.json()['id']}/submit/")
    assert submitted.json()["state"] == "submitted"


def test_filing_without_consent_is_a_400_on_the_consent_field(api_client, alice):
    api_client.force_authenticate(alice[1])
    payload = {
        "title": "x",
        "industry": "machinery",
        "process_area": "x",
        "problem_statement": "x",
        "desired_outcome": "x",
        "consent_given": False,
    }
    response = api_client.post(REQUESTS, payload, format="json")
    assert response.status_code == 400
    assert "consent_given" in response.json()
    assert not ConsultingRequest.objects.filter(firm=alice.firm).exists()


def test_an_expert_sees_only_assigned_engagements(api_client, db):
    mine = AssignmentFactory()
    other = AssignmentFactory()
    api_client.force_authenticate(mine.expert.user)
    assert [row["id"] for row in api_client.get(ENGAGEMENTS).json()["results"]] == [mine.request.pk]
    assert api_client.get(f"{ENGAGEMENTS}{other.request.pk}/").status_code == 404
    response = api_client.post(
        f"{ENGAGEMENTS}{other.request.pk}/kpis/",
        {
            "kpi": "productivity",
            "phase": "baseline",
            "value": "1",
            "unit": "u",
            "method": "m",
            "measured_on": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 404
    assert not KpiMeasurement.objects.filter(request=other.request).exists()


@pytest.mark.parametrize(("kpi", "value", "field"), [("productivity", "-3", "value"), ("defect_rate", "130", "value")])
def test_invalid_kpi_values_are_a_400_with_field_errors(api_client, db, kpi, value, field):
    assignment = AssignmentFactory()
    api_client.force_authenticate(assignment.expert.user)
    response = api_client.post(
        f"{ENGAGEMENTS}{assignment.request.pk}/kpis/",
        {"kpi": kpi, "phase": "baseline", "value": value, "unit": "%", "method": "m", "measured_on": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not KpiMeasurement.objects.filter(request=assignment.request).exists()


def test_a_valid_kpi_is_recorded_with_its_change(api_client, db):
    assignment = AssignmentFactory()
    api_client.force_authenticate(assignment.expert.user)
    url = f"{ENGAGEMENTS}{assignment.request.pk}/kpis/"
    base = {"kpi": "defect_rate", "unit": "%", "method": "QC", "format": "json"}
    api_client.post(url, {**base, "phase": "baseline", "value": "5", "measured_on": "2026-01-01"}, format="json")
    response = api_client.post(
        url, {**base, "phase": "after", "value": "4", "measured_on": "2026-05-01"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["change_percent"] == "-20.0"
    assert response.json()["improvement_percent"] == "20.0"
    assert response.json()["verified"] is False


def test_staff_see_everything_and_others_get_403(api_client, manager, alice):
    ConsultingRequestFactory(firm=alice[0])
    ConsultingRequestFactory(state=ConsultingState.DRAFT)  # drafts stay the firm's business
    api_client.force_authenticate(manager)
    assert api_client.get(STAFF).json()["count"] == 1
    api_client.force_authenticate(alice[1])
    assert api_client.get(STAFF).status_code == 403


def test_the_public_rollup(api_client, db):
    KpiMeasurementFactory()
    data = api_client.get(OUTCOMES).json()
    assert data["overall"]["engagements"] == 1
    productivity = data["overall"]["kpis"][0]
    assert (productivity["kpi"], productivity["count"], productivity["median"]) == ("productivity", 1, "20.0")


@pytest.mark.parametrize("rows", [1, 15])
def test_endpoints_use_a_fixed_number_of_queries(api_client, alice, manager, django_assert_max_num_queries, rows):
    firm, representative, _member = alice
    expert = ExpertFactory()
    for _ in range(rows):
        request = ConsultingRequestFactory(firm=firm, state="in_progress")
        AssignmentFactory(request=request, expert=expert)
        KpiMeasurementFactory(request=request)
    for user, url in [(representative, REQUESTS), (expert.user, ENGAGEMENTS), (manager, STAFF), (None, OUTCOMES)]:
        api_client.force_authenticate(user)
        with django_assert_max_num_queries(12):
            assert api_client.get(url).status_code == 200, url


def test_the_schema_has_no_warnings(tmp_path, capsys):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert reverse("outcomes-api") == OUTCOMES
