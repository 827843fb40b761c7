"""Consulting services and pages: transitions with audit and mail, assignment, isolation, KPI checks."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.accounts.roles import CONSULTANT, sync_roles
from portal.notifications.models import OutboxMessage
from programs.choices import ConsultingState, Kpi
from programs.models import KpiMeasurement
from programs.services import (
    consulting_assign,
    consulting_complete,
    consulting_request_create,
    consulting_request_submit,
    consulting_start,
    consulting_transition,
    consulting_triage,
    kpi_record,
    kpi_verify,
    spending_record,
)
from tenants.selectors import review_conflict_reason
from tests.factories import (
    AssignmentFactory,
    ConsultingRequestFactory,
    ExpertFactory,
    KpiMeasurementFactory,
    SkillFactory,
    UserFactory,
    pdf_upload,
)

REQUEST_FIELDS = {
    "title": "사출 불량 예측",
    "industry": "automotive",
    "process_area": "사출 2라인",
    "problem_statement": "불량 원인을 모릅니다.",
    "desired_outcome": "불량률 감소",
}


def expert_user(**kwargs):
    sync_roles()
    expert = ExpertFactory(**kwargs)
    expert.user.groups.add(Group.objects.get(name=CONSULTANT))
    return expert


def test_firm_files_a_draft_and_submits_it_with_a_mail(alice):
    firm, representative, _member = alice
    draft = consulting_request_create(firm=firm, user=representative, consent_given=True, **REQUEST_FIELDS)
    assert draft.state == ConsultingState.DRAFT
    submitted = consulting_request_submit(request=draft, actor=representative)
    assert submitted.state == ConsultingState.SUBMITTED
    assert OutboxMessage.objects.filter(dedup_key=f"consulting:{draft.pk}:state:submitted").exists()


def test_a_request_without_consent_is_refused_on_the_consent_field(alice):
    firm, representative, _member = alice
    with pytest.raises(ValidationError) as error:
        consulting_request_create(firm=firm, user=representative, consent_given=False, **REQUEST_FIELDS)
    assert "consent_given" in error.value.message_dict


def test_the_whole_path_is_audited_and_mailed(alice, manager):
    firm, representative, _member = alice
    request = ConsultingRequestFactory(firm=firm, created_by=representative)
    lead = expert_user(skills=["quality"])
    consulting_triage(
        request=request, actor=manager, eligible=True, priority="high", category="quality", reason="대상 기업"
    )
    consulting_assign(request=request, actor=manager, lead=lead)
    consulting_start(request=request, actor=lead.user)
    consulting_complete(request=request, actor=lead.user)
    request.refresh_from_db()
    assert request.state == ConsultingState.COMPLETED
    states = {entry.changes_dict.get("state", [None, None])[1] for entry in LogEntry.objects.get_for_object(request)}
    assert {"triaged", "assigned", "in_progress", "completed"} <= states
    keys = set(OutboxMessage.objects.values_list("dedup_key", flat=True))
    assert {f"consulting:{request.pk}:state:{state}" for state in ("triaged", "assigned", "completed")} <= keys
    assert f"consulting:{request.pk}:assigned:{lead.user.pk}" in keys


def test_a_transition_outside_the_allowed_set_is_refused(db):
    request = ConsultingRequestFactory(state=ConsultingState.SUBMITTED)
    with pytest.raises(ValidationError):
        consulting_transition(request=request, to_state=ConsultingState.COMPLETED)


def test_an_ineligible_request_is_declined_with_the_reason(manager):
    request = ConsultingRequestFactory()
    consulting_triage(
        request=request, actor=manager, eligible=False, priority="low", category="other", reason="업종 외"
    )
    request.refresh_from_db()
    assert (request.state, request.close_reason) == (ConsultingState.DECLINED, "업종 외")


def test_a_lead_without_a_free_slot_cannot_be_assigned(manager):
    lead = expert_user(capacity=1)
    AssignmentFactory(expert=lead)  # one active engagement: full
    request = ConsultingRequestFactory(state=ConsultingState.TRIAGED)
    with pytest.raises(ValidationError) as error:
        consulting_assign(request=request, actor=manager, lead=lead)
    assert "lead" in error.value.message_dict


def test_load_is_derived_from_active_assignments_only(db):
    from programs.models import Expert, with_load

    expert = ExpertFactory()
    AssignmentFactory(expert=expert)
    AssignmentFactory(expert=expert, request__state=ConsultingState.COMPLETED)
    assert with_load(Expert.objects.filter(pk=expert.pk)).get().load == 1


@pytest.mark.parametrize(
    ("kpi", "phase", "value", "measured_on", "field"),
    [
        (Kpi.PRODUCTIVITY, "baseline", Decimal("-5"), date(2026, 1, 1), "value"),
        (Kpi.DEFECT_RATE, "baseline", Decimal("120"), date(2026, 1, 1), "value"),
        (Kpi.PRODUCTIVITY, "after", Decimal("-1"), date(2026, 6, 1), "value"),
        (Kpi.DEFECT_RATE, "after", Decimal("101"), date(2026, 6, 1), "value"),
        (Kpi.PRODUCTIVITY, "after", Decimal("110"), date(2025, 1, 1), "measured_on"),
    ],
)
def test_invalid_kpi_values_are_refused_with_field_errors(db, kpi, phase, value, measured_on, field):
    request = ConsultingRequestFactory(state=ConsultingState.IN_PROGRESS)
    KpiMeasurement.objects.create(
        request=request,
        kpi=kpi,
        baseline_value=10,
        baseline_unit="%",
        baseline_method="m",
        baseline_on=date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        kpi_record(request=request, kpi=kpi, phase=phase, value=value, unit="%", method="m", measured_on=measured_on)
    assert field in error.value.message_dict


def test_recording_after_a_verification_sends_the_pair_back_for_verification(manager):
    measurement = KpiMeasurementFactory()
    kpi_record(
        request=measurement.request,
        kpi=measurement.kpi,
        phase="after",
        value=Decimal(130),
        unit="units/hour",
        method="MES",
        measured_on=date(2026, 7, 1),
    )
    measurement.refresh_from_db()
    assert measurement.verified_at is None
    assert kpi_verify(measurement=measurement, actor=manager).verified_by == manager


def test_spending_cannot_exceed_what_the_line_has_left(manager):
    from programs.models import BudgetLine, FundedProject

    project = FundedProject.objects.create(name="초거대 제조 AI", slug="hyper")
    line = BudgetLine.objects.create(project=project, source="local", amount=100)
    request = ConsultingRequestFactory(state=ConsultingState.IN_PROGRESS)
    spending_record(
        request=request, budget_line=line, amount=60, spent_on=date(2026, 3, 1), description="x", actor=manager
    )
    with pytest.raises(ValidationError) as error:
        spending_record(
            request=request, budget_line=line, amount=41, spent_on=date(2026, 3, 1), description="y", actor=manager
        )
    assert "amount" in error.value.message_dict


def test_reviewer_who_is_the_firms_consultant_is_flagged(db):
    assignment = AssignmentFactory()
    with translation.override("en"):
        reason = review_conflict_reason(assignment.expert.user, assignment.request.firm)
    assert "consultant" in reason
    assert review_conflict_reason(UserFactory(), assignment.request.firm) == ""


# Pages -----------------------------------------------------------------------------------------


def test_a_firm_cannot_open_another_firms_request(client, alice, bob):
    bob_request = ConsultingRequestFactory(firm=bob[0])
    client.force_login(alice[1])
    assert client.get(reverse("programs:consulting_detail", args=[bob_request.pk])).status_code == 404
    client.force_login(bob[1])
    assert client.get(reverse("programs:consulting_detail", args=[bob_request.pk])).status_code == 200


def test_an_expert_cannot_open_an_engagement_not_assigned_to_them(client, db):
    mine = AssignmentFactory(expert=expert_user())
    other = AssignmentFactory()
    client.force_login(mine.expert.user)
    assert client.get(reverse("programs:consulting_detail", args=[mine.request.pk])).status_code == 200
    assert client.get(reverse("programs:consulting_detail", args=[other.request.pk])).status_code == 404
    response = client.post(
        reverse("programs:kpi_create", args=[other.request.pk]),
        {
            "kpi": "productivity",
            "phase": "baseline",
            "value": "1",
            "unit": "u",
            "method": "m",
            "measured_on": "2026-01-01",
        },
    )
    assert response.status_code == 404
    assert not KpiMeasurement.objects.filter(request=other.request).exists()


def test_the_kpi_form_shows_field_errors_for_an_invalid_value(client, db):
    assignment = AssignmentFactory(expert=expert_user())
    client.force_login(assignment.expert.user)
    response = client.post(
        reverse("programs:kpi_create", args=[assignment.request.pk]),
        {
            "kpi": "defect_rate",
            "phase": "baseline",
            "value": "150",
            "unit": "%",
            "method": "m",
            "measured_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "value" in response.context["kpi_form"].errors


def test_attachments_are_served_only_to_those_who_may_see_the_request(client, alice, bob):
    from programs.services import consulting_attachment_add

    firm, representative, _member = alice
    draft = consulting_request_create(firm=firm, user=representative, consent_given=True, **REQUEST_FIELDS)
    attachment = consulting_attachment_add(request=draft, file=pdf_upload(), user=representative)
    assert attachment.file.name.startswith("consulting/") and "plan" not in attachment.file.name
    client.force_login(bob[1])
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(representative)
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_staff_pages_are_forbidden_to_firms(client, alice):
    client.force_login(alice[1])
    assert client.get(reverse("programs:staff_consulting")).status_code == 403


def test_staff_triage_page_ranks_experts_with_the_reason(client, manager):
    SkillFactory(slug="quality")
    expert_user(skills=["quality"])
    request = ConsultingRequestFactory(state=ConsultingState.TRIAGED, category="quality")
    client.force_login(manager)
    response = client.get(reverse("programs:consulting_detail", args=[request.pk]))
    assert response.status_code == 200
    reason = gettext("%(matched)s of %(needed)s skills match; %(free)s free slots") % {
        "matched": 1,
        "needed": 1,
        "free": 3,
    }
    assert reason in response.content.decode()


def test_the_public_outcomes_page_and_csv(client, db):
    KpiMeasurementFactory()
    response = client.get(reverse("programs:outcomes"))
    assert response.status_code == 200
    assert response.context["rollup"]["overall"].engagements == 1
    assert "<svg" in response.content.decode()
    csv_response = client.get(reverse("programs:outcomes_csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "overall,생산성,productivity,1,20.0,20.0" in csv_response.content.decode()


def test_the_outcomes_csv_has_translated_headings_and_codes_for_machines(client, db):
    KpiMeasurementFactory()
    url = reverse("programs:outcomes_csv")
    header = client.get(url).content.decode().lstrip("\ufeff").splitlines()[0]
    assert header.startswith("연도,성과지표(KPI),KPI 코드,")
    client.cookies["django_language"] = "en"
    lines = client.get(url).content.decode().lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "Year,KPI,KPI code,Verified engagements,Median change (%),Mean change (%),Target (%),"
        "Share meeting the target (%)"
    )
    assert any(line.startswith("overall,Productivity,productivity,1,20.0") for line in lines)
    codes = client.get(url, {"columns": "code"}).content.decode().lstrip("\ufeff").splitlines()[0]
    assert codes == "period,kpi_name,kpi,engagements,median_change_pct,mean_change_pct,target_pct,share_meeting_pct"


def test_a_firm_is_named_publicly_only_with_its_consent(client, db):
    named = ConsultingRequestFactory(state=ConsultingState.COMPLETED, may_name_firm=True)
    hidden = ConsultingRequestFactory(state=ConsultingState.COMPLETED, may_name_firm=False)
    content = client.get(reverse("programs:outcomes")).content.decode()
    assert named.firm.name in content
    assert hidden.firm.name not in content


# Query counts ----------------------------------------------------------------------------------


def _requests_for(firm, user, count):
    return [ConsultingRequestFactory(firm=firm, created_by=user) for _ in range(count)]


@pytest.mark.parametrize("rows", [1, 15])
def test_list_pages_use_a_fixed_number_of_queries(client, alice, manager, django_assert_max_num_queries, rows):
    firm, representative, _member = alice
    expert = expert_user(skills=["quality", "mes"])
    for request in _requests_for(firm, representative, rows):
        AssignmentFactory(request=request, expert=expert, request__state="in_progress")
        KpiMeasurementFactory(request=request)
    pages = [
        (representative, reverse("programs:consulting_mine")),
        (expert.user, reverse("programs:engagements_mine")),
        (manager, reverse("programs:staff_consulting")),
        (manager, reverse("programs:staff_experts")),
        (manager, reverse("programs:staff_budget")),
        (manager, reverse("programs:staff_targets")),
        (None, reverse("programs:outcomes")),
        (None, reverse("programs:outcomes_csv")),
    ]
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


def test_the_ranking_shows_capacity_and_a_full_expert_is_not_offered_as_lead(client, manager):
    SkillFactory(slug="quality")
    full = expert_user(skills=["quality"], capacity=1)
    AssignmentFactory(expert=full)
    free = expert_user(capacity=2)
    request = ConsultingRequestFactory(state=ConsultingState.TRIAGED, category="quality")
    client.force_login(manager)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("programs:consulting_detail", args=[request.pk]))
    ranked = response.context["ranked"]
    assert [fit.expert for fit in ranked] == [free, full]
    assert "Full: cannot lead" in response.content.decode()
    assert list(response.context["assign_form"].fields["lead"].queryset) == [free]
    response = client.post(reverse("programs:staff_assign", args=[request.pk]), {"lead": full.pk})
    assert "lead" in response.context["assign_form"].errors
    request.refresh_from_db()
    assert request.state == ConsultingState.TRIAGED
