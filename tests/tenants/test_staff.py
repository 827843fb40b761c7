"""The staff workspace: dashboard, ranked applications and decisions, applications to leases, renewals."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import HUB_MANAGER, PROGRAMME_OFFICER, REVIEWER, sync_roles
from tenants.choices import ApplicationStage, ConflictState, LeaseStatus, MembershipRole, RenewalStatus
from tenants.models import Application, Lease, LeaseRenewalRequest, ReviewAssignment
from tenants.services import review_assign, review_declare_conflict, review_submit

from ..factories import (
    ApplicationFactory,
    FirmFactory,
    LeaseFactory,
    MembershipFactory,
    SiteFactory,
    SpaceFactory,
    TenancyCallFactory,
    UserFactory,
    pdf_upload,
    user_in_role,
)

# Session, user, permissions and the page's own queries: the same with 1 row or many.
DASHBOARD_QUERIES = 11
CALL_PAGE_QUERIES = 12  # with its access record
LEASE_LIST_QUERIES = 8


def submit_scores(application, reviewer, scores):
    """Assign ``reviewer``, declare no conflict and submit ``scores`` (one per criterion, in order)."""
    assignment = review_assign(application=application, reviewer=reviewer)
    review_declare_conflict(assignment=assignment, has_conflict=False)
    criteria = list(application.call.criteria.all())
    return review_submit(
        assignment=assignment,
        scores={criterion.pk: (score, "") for criterion, score in zip(criteria, scores, strict=True)},
    )


def application_with_representative(call, stage=ApplicationStage.UNDER_REVIEW, **kwargs):
    application = ApplicationFactory(call=call, stage=stage, **kwargs)
    MembershipFactory(firm=application.firm, role=MembershipRole.REPRESENTATIVE)
    return application


def staff_urls(call, application, lease):
    return [
        reverse("tenants:staff_dashboard"),
        reverse("tenants:staff_call", args=[call.pk]),
        reverse("tenants:staff_application", args=[application.pk]),
        reverse("tenants:staff_leases"),
        reverse("tenants:staff_lease", args=[lease.pk]),
    ]


# Access


@pytest.mark.django_db
def test_firm_user_gets_403_on_every_staff_page(client, roles, alice):
    firm, representative, _ = alice
    call = TenancyCallFactory()
    application = ApplicationFactory(call=call, firm=firm, stage=ApplicationStage.SUBMITTED)
    lease = LeaseFactory(firm=firm)
    client.force_login(representative)
    for url in staff_urls(call, application, lease):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("tenants:staff_apply_decisions", args=[call.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_reviewer_gets_403_on_staff_pages(client, roles):
    client.force_login(user_in_role(REVIEWER))
    assert client.get(reverse("tenants:staff_dashboard")).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("tenants:staff_dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_programme_officer_opens_every_staff_page(client, roles):
    call = TenancyCallFactory()
    application = ApplicationFactory(call=call, stage=ApplicationStage.SUBMITTED)
    lease = LeaseFactory()
    client.force_login(user_in_role(PROGRAMME_OFFICER))
    for url in staff_urls(call, application, lease):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_draft_applications_are_not_shown_to_staff(staff_client):
    draft = ApplicationFactory(stage=ApplicationStage.DRAFT)
    assert staff_client.get(reverse("tenants:staff_application", args=[draft.pk])).status_code == 404


# Dashboard


@pytest.mark.django_db
def test_dashboard_counts_applications_per_stage_and_links_to_the_call(staff_client):
    call = TenancyCallFactory(title="2026 상반기 입주 모집")
    ApplicationFactory.create_batch(2, call=call, stage=ApplicationStage.SUBMITTED)
    ApplicationFactory(call=call, stage=ApplicationStage.UNDER_REVIEW)
    response = staff_client.get(reverse("tenants:staff_dashboard"))
    assert response.status_code == 200
    row = next(row for row in response.context["call_rows"] if row["call"] == call)
    counts = dict(row["counts"])
    assert counts[ApplicationStage.SUBMITTED] == 2
    assert counts[ApplicationStage.UNDER_REVIEW] == 1
    assert reverse("tenants:staff_call", args=[call.pk]) in response.content.decode()


@pytest.mark.django_db
def test_dashboard_shows_seats_taken_per_site(staff_client):
    site = SiteFactory(name="신화더플렉스시티")
    taken = SpaceFactory(site=site, seats=6)
    SpaceFactory(site=site, seats=4)
    LeaseFactory(space=taken)
    body = staff_client.get(reverse("tenants:staff_dashboard")).content.decode()
    assert "신화더플렉스시티" in body
    assert "6 / 10" in body
    assert "60%" in body


@pytest.mark.django_db
def test_dashboard_counts_leases_ending_within_90_30_and_7_days(staff_client):
    today = timezone.localdate()
    for days in (5, 20, 60, 200):
        LeaseFactory(end_date=today + timedelta(days=days))
    LeaseRenewalRequest.objects.create(lease=LeaseFactory(), requested_end_date=today + timedelta(days=900))
    response = staff_client.get(reverse("tenants:staff_dashboard"))
    assert response.context["expiring_counts"] == [(90, 3), (30, 2), (7, 1)]
    assert len(response.context["expiring"]) == 3
    assert response.context["pending_renewals"] == 1
    body = response.content.decode()
    for lease in response.context["expiring"]:
        assert reverse("tenants:staff_lease", args=[lease.pk]) in body


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_dashboard_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, rows):
    today = timezone.localdate()
    for _ in range(rows):
        call = TenancyCallFactory()
        ApplicationFactory(call=call, stage=ApplicationStage.SUBMITTED)
        LeaseFactory(end_date=today + timedelta(days=20))
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert staff_client.get(reverse("tenants:staff_dashboard")).status_code == 200


# Ranking and decisions


@pytest.fixture
def ranked_call(roles):
    """Criteria weigh 40/40/20: A is scored 78 and 60 (mean 69.0, spread 18.0), B 82 once, C not at all."""
    call = TenancyCallFactory()
    first, second = user_in_role(REVIEWER), user_in_role(REVIEWER)
    a = ApplicationFactory(call=call, stage=ApplicationStage.UNDER_REVIEW, firm__name="(주)에이")
    b = ApplicationFactory(call=call, stage=ApplicationStage.UNDER_REVIEW, firm__name="(주)비")
    c = ApplicationFactory(call=call, stage=ApplicationStage.UNDER_REVIEW, firm__name="(주)씨")
    submit_scores(a, first, [80, 70, 90])  # 32 + 28 + 18 = 78
    submit_scores(a, second, [60, 60, 60])  # 60
    submit_scores(b, first, [90, 90, 50])  # 36 + 36 + 10 = 82
    return call, a, b, c


@pytest.mark.django_db
def test_call_page_ranks_by_weighted_average(staff_client, ranked_call):
    call, a, b, c = ranked_call
    response = staff_client.get(reverse("tenants:staff_call", args=[call.pk]))
    rows = response.context["rows"]
    assert [row["application"] for row in rows] == [b, a, c]
    assert [row["rank"] for row in rows] == [1, 2, None]
    body = response.content.decode()
    assert body.index("(주)비") < body.index("(주)에이") < body.index("(주)씨")


@pytest.mark.django_db
def test_call_page_shows_weighted_average_and_spread(staff_client, ranked_call):
    call, a, b, _ = ranked_call
    response = staff_client.get(reverse("tenants:staff_call", args=[call.pk]))
    row_a = next(row for row in response.context["rows"] if row["application"] == a)
    assert (row_a["reviews"], row_a["average"], row_a["spread"]) == (2, 69.0, 18.0)
    body = response.content.decode()
    assert "69.0" in body
    assert "18.0" in body
    assert "82.0" in body


@pytest.mark.django_db
def test_a_reviewer_with_a_conflict_does_not_count_in_the_ranking(staff_client, ranked_call):
    call, a, _, _ = ranked_call
    excluded = user_in_role(REVIEWER)
    review_declare_conflict(
        assignment=review_assign(application=a, reviewer=excluded), has_conflict=True, note="전 직장"
    )
    response = staff_client.get(reverse("tenants:staff_call", args=[call.pk]))
    row_a = next(row for row in response.context["rows"] if row["application"] == a)
    assert (row_a["reviews"], row_a["average"]) == (2, 69.0)


@pytest.mark.django_db
def test_call_page_filters_by_stage(staff_client, ranked_call):
    call, a, b, c = ranked_call
    submitted = ApplicationFactory(call=call, stage=ApplicationStage.SUBMITTED, firm__name="(주)접수만")
    response = staff_client.get(reverse("tenants:staff_call", args=[call.pk]), {"stage": ApplicationStage.SUBMITTED})
    assert [row["application"] for row in response.context["rows"]] == [submitted]
    assert "(주)에이" not in response.content.decode()


@pytest.mark.django_db
def test_call_page_with_an_unknown_stage_answers_with_the_filter_error(staff_client, ranked_call):
    call, *_ = ranked_call
    response = staff_client.get(reverse("tenants:staff_call", args=[call.pk]), {"stage": "nonsense"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_call_page_queries_do_not_grow_with_rows(staff_client, roles, django_assert_max_num_queries, rows):
    call = TenancyCallFactory()
    reviewer = user_in_role(REVIEWER)
    for _ in range(rows):
        submit_scores(ApplicationFactory(call=call, stage=ApplicationStage.UNDER_REVIEW), reviewer, [70, 80, 90])
    with django_assert_max_num_queries(CALL_PAGE_QUERIES):
        assert staff_client.get(reverse("tenants:staff_call", args=[call.pk])).status_code == 200


def stage_decision(client, application, decision, reason):
    prefix = f"decision-{application.pk}"
    return client.post(
        reverse("tenants:staff_call", args=[application.call_id]),
        {"application": application.pk, f"{prefix}-decision": decision, f"{prefix}-reason": reason},
    )


@pytest.mark.django_db
def test_staging_a_decision_keeps_the_stage_until_applied(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW)
    response = stage_decision(staff_client, application, ApplicationStage.SELECTED, "기술성 우수")
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.stage, application.staged_decision) == (ApplicationStage.UNDER_REVIEW, "selected")
    assert application.staged_reason == "기술성 우수"


@pytest.mark.django_db
def test_staging_a_decision_without_reason_is_a_form_error(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW)
    response = stage_decision(staff_client, application, ApplicationStage.REJECTED, "  ")
    assert response.status_code == 200
    row = next(row for row in response.context["rows"] if row["application"] == application)
    assert "reason" in row["decision_form"].errors
    application.refresh_from_db()
    assert application.staged_decision == ""


@pytest.mark.django_db
def test_staging_an_unknown_decision_is_a_form_error(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW)
    assert stage_decision(staff_client, application, "withdrawn", "이유").status_code == 200
    application.refresh_from_db()
    assert application.staged_decision == ""


@pytest.mark.django_db
def test_staging_a_decision_before_review_is_refused_with_the_reason(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.SUBMITTED)
    response = stage_decision(staff_client, application, ApplicationStage.SELECTED, "우수")
    assert response.status_code == 200
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    application.refresh_from_db()
    assert application.staged_decision == ""


@pytest.mark.django_db
def test_staging_a_decision_for_another_calls_application_answers_404(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW)
    other_call = TenancyCallFactory()
    response = staff_client.post(
        reverse("tenants:staff_call", args=[other_call.pk]),
        {"application": application.pk, f"decision-{application.pk}-decision": "selected"},
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert (application.stage, application.staged_decision) == (ApplicationStage.UNDER_REVIEW, "")


@pytest.mark.django_db
def test_clearing_a_staged_decision(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW, staged_decision="selected", staged_reason="x")
    assert stage_decision(staff_client, application, "", "").status_code == 302
    application.refresh_from_db()
    assert (application.staged_decision, application.staged_reason) == ("", "")


@pytest.mark.django_db(transaction=True)
def test_applying_staged_decisions_moves_stages_and_mails_each_firm_once(client):
    sync_roles()
    client.force_login(user_in_role(HUB_MANAGER))
    call = TenancyCallFactory()
    selected = application_with_representative(call)
    rejected = application_with_representative(call)
    undecided = application_with_representative(call)
    stage_decision(client, selected, ApplicationStage.SELECTED, "기술성 우수")
    stage_decision(client, rejected, ApplicationStage.REJECTED, "공간 부족")
    assert client.get(reverse("tenants:staff_call", args=[call.pk])).context["staged_count"] == 2

    response = client.post(reverse("tenants:staff_apply_decisions", args=[call.pk]))

    assert response.status_code == 302
    stages = dict(Application.objects.filter(call=call).values_list("pk", "stage"))
    assert stages == {
        selected.pk: ApplicationStage.SELECTED,
        rejected.pk: ApplicationStage.REJECTED,
        undecided.pk: ApplicationStage.UNDER_REVIEW,
    }
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [selected.firm.memberships.get().user.email, rejected.firm.memberships.get().user.email]
    )


@pytest.mark.django_db(transaction=True)
def test_applying_twice_sends_no_second_mail(client):
    sync_roles()
    client.force_login(user_in_role(HUB_MANAGER))
    call = TenancyCallFactory()
    application = application_with_representative(call)
    stage_decision(client, application, ApplicationStage.SELECTED, "우수")
    client.post(reverse("tenants:staff_apply_decisions", args=[call.pk]))
    client.post(reverse("tenants:staff_apply_decisions", args=[call.pk]))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_apply_decisions_answers_405_to_get(staff_client):
    call = TenancyCallFactory()
    assert staff_client.get(reverse("tenants:staff_apply_decisions", args=[call.pk])).status_code == 405


# The application page


@pytest.mark.django_db
def test_application_page_shows_attachments_timeline_and_every_reviewers_scores(staff_client, roles):
    from tenants.services import attachment_add

    application = ApplicationFactory(stage=ApplicationStage.DRAFT)
    attachment = attachment_add(application=application, file=pdf_upload("사업계획서.pdf"))
    Application.objects.filter(pk=application.pk).update(stage=ApplicationStage.UNDER_REVIEW)
    application.refresh_from_db()
    reviewer = user_in_role(REVIEWER)
    submit_scores(application, reviewer, [80, 70, 90])
    response = staff_client.get(reverse("tenants:staff_application", args=[application.pk]))
    body = response.content.decode()
    assert reverse("tenants:attachment_download", args=[application.pk, attachment.pk]) in body
    assert "사업계획서.pdf" in body
    assert reviewer.get_full_name() in body
    assert "78.0" in body


@pytest.mark.django_db
def test_assigning_a_reviewer_from_the_application_page(staff_client, roles):
    application = ApplicationFactory(stage=ApplicationStage.SUBMITTED)
    reviewer = user_in_role(REVIEWER)
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]),
        {"action": "assign", "assign-reviewer": reviewer.pk},
    )
    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get(application=application)
    assert (assignment.reviewer, assignment.conflict) == (reviewer, ConflictState.PENDING)


@pytest.mark.django_db
def test_only_unassigned_active_reviewers_are_offered(staff_client, roles):
    application = ApplicationFactory(stage=ApplicationStage.SUBMITTED)
    assigned, free, inactive = user_in_role(REVIEWER), user_in_role(REVIEWER), user_in_role(REVIEWER)
    inactive.is_active = False
    inactive.save()
    review_assign(application=application, reviewer=assigned)
    not_a_reviewer = UserFactory()
    response = staff_client.get(reverse("tenants:staff_application", args=[application.pk]))
    offered = set(response.context["assign_form"].fields["reviewer"].queryset)
    assert offered == {free}
    assert not_a_reviewer not in offered


@pytest.mark.django_db
def test_assigning_someone_who_is_not_a_reviewer_is_a_form_error(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.SUBMITTED)
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]),
        {"action": "assign", "assign-reviewer": UserFactory().pk},
    )
    assert response.status_code == 200
    assert response.context["assign_form"].errors
    assert not ReviewAssignment.objects.exists()


@pytest.mark.django_db
def test_start_review_moves_a_received_application_under_review(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.SUBMITTED)
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]), {"action": "start_review"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == ApplicationStage.UNDER_REVIEW
    assert application.stage_changes.get().changed_by is not None


@pytest.mark.django_db
def test_start_review_twice_is_a_message_not_an_error(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW)
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]), {"action": "start_review"}, follow=True
    )
    assert response.status_code == 200
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    application.refresh_from_db()
    assert application.stage == ApplicationStage.UNDER_REVIEW
    assert not application.stage_changes.exists()


@pytest.mark.django_db
def test_unknown_action_answers_400(staff_client):
    application = ApplicationFactory(stage=ApplicationStage.SUBMITTED)
    response = staff_client.post(reverse("tenants:staff_application", args=[application.pk]), {"action": "explode"})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.stage == ApplicationStage.SUBMITTED
    assert not application.stage_changes.exists()


@pytest.fixture
def selected_application(roles):
    site = SiteFactory()
    call = TenancyCallFactory()
    call.sites.add(site)
    application = ApplicationFactory(call=call, stage=ApplicationStage.SELECTED)
    return application, SpaceFactory(site=site)


@pytest.mark.django_db
def test_a_selected_application_becomes_a_lease(staff_client, selected_application):
    application, space = selected_application
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]),
        {"action": "lease", "lease-space": space.pk, "lease-start_date": "2026-03-01", "lease-end_date": "2027-02-28"},
    )
    lease = Lease.objects.get(application=application)
    assert response["Location"] == reverse("tenants:staff_lease", args=[lease.pk])
    assert (lease.firm, lease.space, lease.start_date, lease.end_date) == (
        application.firm,
        space,
        date(2026, 3, 1),
        date(2027, 2, 28),
    )
    page = staff_client.get(reverse("tenants:staff_application", args=[application.pk]))
    assert page.context["lease_form"] is None
    assert reverse("tenants:staff_lease", args=[lease.pk]) in page.content.decode()


@pytest.mark.django_db
def test_lease_end_before_start_is_a_form_error(staff_client, selected_application):
    application, space = selected_application
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]),
        {"action": "lease", "lease-space": space.pk, "lease-start_date": "2026-03-01", "lease-end_date": "2026-01-31"},
    )
    assert response.status_code == 200
    assert "end_date" in response.context["lease_form"].errors
    assert not Lease.objects.exists()


@pytest.mark.django_db
def test_lease_on_a_space_outside_the_calls_sites_is_refused(staff_client, selected_application):
    application, _ = selected_application
    elsewhere = SpaceFactory()
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]),
        {
            "action": "lease",
            "lease-space": elsewhere.pk,
            "lease-start_date": "2026-03-01",
            "lease-end_date": "2027-02-28",
        },
    )
    assert response.status_code == 200
    assert "space" in response.context["lease_form"].errors
    assert not Lease.objects.exists()


@pytest.mark.django_db
def test_lease_overlapping_another_is_a_form_error(staff_client, selected_application):
    application, space = selected_application
    LeaseFactory(space=space, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]),
        {"action": "lease", "lease-space": space.pk, "lease-start_date": "2026-03-01", "lease-end_date": "2027-02-28"},
    )
    assert response.status_code == 200
    assert response.context["lease_form"].non_field_errors()
    assert not Lease.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_lease_with_an_invalid_date_is_a_form_error(staff_client, selected_application):
    application, space = selected_application
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]),
        {"action": "lease", "lease-space": space.pk, "lease-start_date": "2026-02-30", "lease-end_date": "soon"},
    )
    assert response.status_code == 200
    assert set(response.context["lease_form"].errors) == {"start_date", "end_date"}
    assert not Lease.objects.exists()


@pytest.mark.django_db
def test_lease_for_an_application_not_selected_is_a_form_error(staff_client, selected_application):
    application, space = selected_application
    Application.objects.filter(pk=application.pk).update(stage=ApplicationStage.REJECTED)
    response = staff_client.post(
        reverse("tenants:staff_application", args=[application.pk]),
        {"action": "lease", "lease-space": space.pk, "lease-start_date": "2026-03-01", "lease-end_date": "2027-02-28"},
    )
    assert response.status_code == 200
    assert response.context["lease_form"].non_field_errors()
    assert not Lease.objects.exists()


# Leases


@pytest.mark.django_db
def test_lease_list_filters_leases_ending_within_30_days(staff_client):
    today = timezone.localdate()
    soon = LeaseFactory(end_date=today + timedelta(days=20), firm__name="(주)곧끝")
    LeaseFactory(end_date=today + timedelta(days=200), firm__name="(주)나중")
    response = staff_client.get(reverse("tenants:staff_leases"), {"ending_within_days": 30})
    assert list(response.context["page"]) == [soon]
    body = response.content.decode()
    assert "(주)곧끝" in body
    assert "(주)나중" not in body


@pytest.mark.django_db
def test_lease_list_searches_by_firm_name(staff_client):
    LeaseFactory(firm__name="(주)메가존")
    LeaseFactory(firm__name="(주)비주얼")
    response = staff_client.get(reverse("tenants:staff_leases"), {"q": "메가"})
    assert [lease.firm.name for lease in response.context["page"]] == ["(주)메가존"]


@pytest.mark.django_db
def test_lease_list_with_bad_filter_values_answers_200(staff_client):
    LeaseFactory()
    response = staff_client.get(reverse("tenants:staff_leases"), {"ending_within_days": "abc", "page": "zzz"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors


@pytest.mark.django_db
def test_lease_list_shows_only_leases_with_a_pending_renewal(staff_client):
    waiting = LeaseFactory()
    LeaseRenewalRequest.objects.create(lease=waiting, requested_end_date=waiting.end_date + timedelta(days=365))
    LeaseFactory()
    response = staff_client.get(reverse("tenants:staff_leases"), {"renewal": "pending"})
    assert list(response.context["page"]) == [waiting]


@pytest.mark.django_db
def test_lease_list_pages_by_50(staff_client):
    LeaseFactory.create_batch(51)
    first = staff_client.get(reverse("tenants:staff_leases"))
    assert len(first.context["page"]) == 50
    assert "?page=2" in first.content.decode()
    second = staff_client.get(reverse("tenants:staff_leases"), {"page": 2})
    assert len(second.context["page"]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 30])
def test_lease_list_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        LeaseFactory()
    with django_assert_max_num_queries(LEASE_LIST_QUERIES):
        assert staff_client.get(reverse("tenants:staff_leases")).status_code == 200


CURRENT_END = timezone.localdate() + timedelta(days=60)
REQUESTED_END = CURRENT_END + timedelta(days=365)


@pytest.fixture
def renewal(db):
    lease = LeaseFactory(end_date=CURRENT_END)
    return LeaseRenewalRequest.objects.create(lease=lease, requested_end_date=REQUESTED_END, message="1년 연장")


def decide(client, renewal, decision, reason=""):
    return client.post(
        reverse("tenants:staff_lease", args=[renewal.lease_id]),
        {"action": "renewal", "renewal-decision": decision, "renewal-reason": reason},
    )


@pytest.mark.django_db
def test_approving_a_renewal_moves_the_end_date(staff_client, renewal):
    assert decide(staff_client, renewal, "approve").status_code == 302
    renewal.refresh_from_db()
    renewal.lease.refresh_from_db()
    assert renewal.status == RenewalStatus.APPROVED
    assert renewal.lease.end_date == REQUESTED_END


@pytest.mark.django_db
def test_declining_a_renewal_without_a_reason_is_a_form_error(staff_client, renewal):
    response = decide(staff_client, renewal, "decline", " ")
    assert response.status_code == 200
    assert "reason" in response.context["renewal_form"].errors
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.PENDING


@pytest.mark.django_db
def test_declining_a_renewal_with_a_reason_keeps_the_end_date(staff_client, renewal):
    assert decide(staff_client, renewal, "decline", "다음 입주기업 예정").status_code == 302
    renewal.refresh_from_db()
    renewal.lease.refresh_from_db()
    assert (renewal.status, renewal.decision_reason) == (RenewalStatus.DECLINED, "다음 입주기업 예정")
    assert renewal.lease.end_date == CURRENT_END


@pytest.mark.django_db
def test_deciding_an_already_decided_renewal_is_a_message(staff_client, renewal):
    decide(staff_client, renewal, "approve")
    response = decide(staff_client, renewal, "decline", "늦음")
    assert response.status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.APPROVED


@pytest.mark.django_db
def test_recording_the_move_out_ends_the_lease(staff_client):
    lease = LeaseFactory(start_date=date(2025, 1, 1), end_date=date(2026, 12, 31))
    response = staff_client.post(
        reverse("tenants:staff_lease", args=[lease.pk]), {"action": "move_out", "move_out-moved_out_on": "2026-06-30"}
    )
    assert response.status_code == 302
    lease.refresh_from_db()
    assert (lease.status, lease.moved_out_on, lease.end_date) == (
        LeaseStatus.ENDED,
        date(2026, 6, 30),
        date(2026, 6, 30),
    )


@pytest.mark.django_db
def test_move_out_before_the_start_is_a_form_error(staff_client):
    lease = LeaseFactory(start_date=date(2025, 1, 1), end_date=date(2026, 12, 31))
    response = staff_client.post(
        reverse("tenants:staff_lease", args=[lease.pk]), {"action": "move_out", "move_out-moved_out_on": "2024-06-30"}
    )
    assert response.status_code == 200
    assert "moved_out_on" in response.context["move_out_form"].errors
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.ACTIVE


@pytest.mark.django_db
def test_move_out_of_an_ended_lease_is_a_form_error(staff_client):
    lease = LeaseFactory(status=LeaseStatus.ENDED)
    end_date, moved_out_on = lease.end_date, lease.moved_out_on
    response = staff_client.post(
        reverse("tenants:staff_lease", args=[lease.pk]), {"action": "move_out", "move_out-moved_out_on": "2026-06-30"}
    )
    assert response.status_code == 200
    assert response.context["move_out_form"].non_field_errors()
    lease.refresh_from_db()
    assert (lease.status, lease.end_date, lease.moved_out_on) == (LeaseStatus.ENDED, end_date, moved_out_on)


@pytest.mark.django_db
def test_lease_actions_need_their_permission(client, roles, renewal):
    group = Group.objects.create(name="Read-only leases")
    group.permissions.add(*Group.objects.get(name=PROGRAMME_OFFICER).permissions.filter(codename="view_lease"))
    reader = user_in_role("Read-only leases")
    client.force_login(reader)
    assert client.get(reverse("tenants:staff_lease", args=[renewal.lease_id])).status_code == 200
    assert decide(client, renewal, "approve").status_code == 403
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.PENDING


@pytest.mark.django_db
def test_lease_list_without_leases_answers_200(staff_client):
    FirmFactory()
    response = staff_client.get(reverse("tenants:staff_leases"))
    assert response.status_code == 200
    assert list(response.context["page"]) == []
