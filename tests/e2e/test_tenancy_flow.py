"""The whole tenancy process in a real browser, in Korean, each person in their own browser context.

A firm's representative applies to an open call (draft → required PDFs → submission); a programme
officer assigns a reviewer and starts the review; the reviewer declares no conflict and scores every
criterion; the officer stages "selected" on the ranked list, applies it and turns the application
into a lease; an anonymous visitor then finds the firm in the public directory.

Locators use ids, names, URLs and CSS state classes; the words checked are the Korean catalogue's
(looked up with ``translation.override``), so the test follows the translations as they change.
"""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from portal.accounts.roles import PROGRAMME_OFFICER, REVIEWER, sync_roles
from portal.notifications.models import OutboxMessage
from tenants.choices import ApplicationStage, ConflictState, MembershipRole
from tenants.models import Application, Lease, ReviewAssignment
from tests.factories import MembershipFactory, SiteFactory, SpaceFactory, TenancyCallFactory, UserFactory
from tests.mfa import staff_totp_secret, totp_code

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery"  # set by UserFactory
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCORES = [80, 70, 90]  # for the factory's criteria weighted 40 / 40 / 20 → (3200 + 2800 + 1800) / 100
WEIGHTED_TOTAL = "78.0"
DECISION_REASON = "제조 AI 실증 계획이 구체적이고 지역 기여도가 높음"


def korean(text) -> str:
    """A (lazy) translatable string as the Korean pages show it."""
    with translation.override("ko"):
        return str(text)


def url_is(path: str) -> re.Pattern:
    return re.compile(re.escape(path) + "$")


def a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def open_korean_page(new_page, live_server) -> Page:
    page = new_page(locale="ko-KR")
    page.context.add_cookies([{"name": "django_language", "value": "ko", "url": live_server.url}])
    # Every confirm() of a data-confirm form is answered "OK".
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def sign_in(page: Page, user, next_path: str) -> None:
    secret = staff_totp_secret(user)  # before the password: staff have an app before signing in
    page.goto(f"{reverse('account_login')}?next={next_path}")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    if secret:  # staff: the two-factor step follows the password
        expect(page).to_have_url(url_is(reverse("mfa_authenticate")))
        page.locator("#id_code").fill(totp_code(secret))
        page.locator("#id_code").press("Enter")
    expect(page).to_have_url(url_is(next_path))
    expect(page.locator(f"header form[action='{reverse('account_logout')}']")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ko")


def submit_of(page: Page, selector: str):
    """The submit button of the form matched by ``selector`` (inside <main>)."""
    return page.locator(f"main {selector}").locator("[type=submit]")


def action_form(page: Page, action: str):
    """A staff or reviewer form told apart by its hidden ``action`` input."""
    return page.locator(f"main form:has(input[name=action][value={action}])")


def stage_badge(page: Page):
    return page.locator("main .page-head .badge")


def expect_stage(badge, stage: ApplicationStage) -> None:
    expect(badge).to_have_class(re.compile(rf"\bbadge-stage-{stage.value}\b"))
    expect(badge).to_have_text(korean(stage.label))


def expect_success_message(page: Page) -> None:
    expect(page.locator("main .messages .message-success")).to_be_visible()


def test_apply_review_select_lease_and_list(new_page, live_server, mailoutbox, tmp_path, screenshot_dir):
    # 1. The hub as the database has it: roles, a site with a space, an open non-blind call, people.
    sync_roles()
    site = SiteFactory()
    space = SpaceFactory(site=site)
    call = TenancyCallFactory(blind_review=False)
    call.sites.add(site)
    required = list(call.requirements.filter(required=True).order_by("position"))
    criteria = list(call.criteria.order_by("position"))
    assert len(required) == 2 and len(criteria) == len(SCORES)
    membership = MembershipFactory(role=MembershipRole.REPRESENTATIVE, firm__public_profile=True)
    firm, representative = membership.firm, membership.user
    reviewer = UserFactory(name="심사위원")
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    officer = UserFactory(name="사업담당자", is_staff=True)
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    pdf = tmp_path / "서류.pdf"
    pdf.write_bytes(PDF)

    # 2. The representative starts a draft from the call's page, fills it, attaches the PDFs, submits.
    firm_page = open_korean_page(new_page, live_server)
    call_path = reverse("tenants:call_detail", args=[call.pk])
    sign_in(firm_page, representative, call_path)
    submit_of(firm_page, f"form[action='{reverse('tenants:application_start', args=[call.pk])}']").click()
    expect(firm_page.locator("#id_summary")).to_be_visible()
    application = Application.objects.get(call=call, firm=firm)
    edit_path = reverse("tenants:application_edit", args=[application.pk])
    detail_path = reverse("tenants:application_detail", args=[application.pk])
    expect(firm_page).to_have_url(url_is(edit_path))
    expect_success_message(firm_page)

    firm_page.locator("#id_summary").fill("제조 현장 AI 비전 검사 솔루션")
    firm_page.locator("#id_plan").fill("창원 국가산단 제조기업 3곳과 불량 검출 실증을 진행합니다.")
    firm_page.locator("#id_requested_site").select_option(str(site.pk))
    firm_page.locator("#id_requested_space_kind").select_option("room")
    firm_page.locator("#id_headcount").fill("4")
    firm_page.locator("main form:not([action]) .form-actions [type=submit]").click()
    expect(firm_page).to_have_url(url_is(detail_path))
    expect_success_message(firm_page)
    expect_stage(stage_badge(firm_page), ApplicationStage.DRAFT)
    expect(firm_page.locator("main .panel .form-errors")).to_contain_text(required[0].name)

    for requirement in required:  # a file is attached with the draft, in the same Save
        firm_page.goto(edit_path)
        firm_page.locator("#id_attachment-requirement").select_option(str(requirement.pk))
        firm_page.locator("#id_attachment-file").set_input_files(pdf)
        firm_page.locator("main form:not([action]) .form-actions [type=submit]").click()
        expect(firm_page).to_have_url(url_is(detail_path))
        expect_success_message(firm_page)
    expect(firm_page.locator("main .panel .form-errors")).to_have_count(0)  # nothing missing any more
    expect(firm_page.locator("main ul.plain-list li")).to_have_count(len(required))

    submit_of(firm_page, f"form[action='{reverse('tenants:application_submit', args=[application.pk])}']").click()
    expect_stage(stage_badge(firm_page), ApplicationStage.SUBMITTED)
    expect_success_message(firm_page)
    application.refresh_from_db()
    assert application.receipt_number.startswith("HB-")  # 접수번호 given at submission
    assert application.stage == ApplicationStage.SUBMITTED
    assert application.submitted_at is not None
    assert application.attachments.count() == len(required)

    # 3. The officer assigns the reviewer and starts the review.
    officer_page = open_korean_page(new_page, live_server)
    staff_application_path = reverse("tenants:staff_application", args=[application.pk])
    sign_in(officer_page, officer, staff_application_path)
    expect(officer_page.get_by_role("heading", level=1)).to_contain_text(firm.name)
    expect_stage(stage_badge(officer_page), ApplicationStage.SUBMITTED)
    expect(officer_page.locator("main a[href*='/attachments/']")).to_have_count(len(required))
    assign = action_form(officer_page, "assign")
    assign.locator("#id_assign-reviewer").select_option(str(reviewer.pk))
    assign.locator("[type=submit]").click()
    expect_success_message(officer_page)
    reviews_table = officer_page.locator("main table[aria-labelledby=reviews]")
    expect(reviews_table.locator("tbody tr")).to_have_count(1)
    expect(reviews_table.locator("tbody tr").first).to_contain_text(reviewer.name)
    action_form(officer_page, "start_review").locator("[type=submit]").click()
    expect_stage(stage_badge(officer_page), ApplicationStage.UNDER_REVIEW)
    expect_success_message(officer_page)
    application.refresh_from_db()
    assert application.stage == ApplicationStage.UNDER_REVIEW

    # 4. The reviewer declares no conflict, reads the (named) application and scores every criterion.
    reviewer_page = open_korean_page(new_page, live_server)
    sign_in(reviewer_page, reviewer, reverse("tenants:review_list"))
    assignment = ReviewAssignment.objects.get(application=application, reviewer=reviewer)
    reviewer_page.locator(f"main a[href='{reverse('tenants:review_detail', args=[assignment.pk])}']").click()
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text(firm.name)  # not a blind call
    conflict = action_form(reviewer_page, "conflict")
    conflict.locator("#id_conflict-has_conflict").select_option("no")
    conflict.locator("[type=submit]").click()
    expect_success_message(reviewer_page)
    expect(reviewer_page.locator("main dl.details")).to_contain_text("창원 국가산단")
    score = action_form(reviewer_page, "score")
    for criterion, points in zip(criteria, SCORES, strict=True):
        score.locator(f"#id_score-score_{criterion.pk}").fill(str(points))
    score.locator(f"#id_score-comment_{criteria[0].pk}").fill("비전 검사 모델의 정확도 근거가 충분함")
    score.locator("#id_score-comment").fill("실증 계획이 구체적임")
    score.locator("[type=submit]").click()
    expect_success_message(reviewer_page)
    expect(action_form(reviewer_page, "score")).to_have_count(0)
    expect(reviewer_page.locator("main dl.details").last).to_contain_text(WEIGHTED_TOTAL)
    assignment.refresh_from_db()
    assert assignment.conflict == ConflictState.NONE
    assert assignment.submitted_at is not None
    assert sorted(assignment.scores.values_list("score", flat=True)) == sorted(SCORES)

    # 5. The officer sees the ranking, stages "selected", applies it and creates the lease.
    officer_page.goto(reverse("tenants:staff_call", args=[call.pk]))
    row = officer_page.locator(f"#application-{application.pk}")
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text("1")  # rank
    expect(cells.nth(1).get_by_role("link")).to_have_text(firm.name)
    expect(cells.nth(1)).to_contain_text(application.receipt_number)
    expect(cells.nth(3)).to_have_text("1 / 1")  # reviews that count / assigned
    expect(cells.nth(4)).to_have_text(WEIGHTED_TOTAL)
    row.locator("details > summary").click()
    row.locator(f"#id_decision-{application.pk}-decision").select_option(ApplicationStage.SELECTED.value)
    row.locator(f"#id_decision-{application.pk}-reason").fill(DECISION_REASON)
    row.locator("form [type=submit]").click()
    expect_success_message(officer_page)
    expect(cells.nth(6).locator("strong")).to_have_text(korean(ApplicationStage.SELECTED.label))
    expect(cells.nth(6)).to_contain_text(DECISION_REASON)
    application.refresh_from_db()
    assert (application.stage, application.staged_decision) == (ApplicationStage.UNDER_REVIEW, "selected")

    submit_of(officer_page, f"form[action='{reverse('tenants:staff_apply_decisions', args=[call.pk])}']").click()
    expect_success_message(officer_page)
    expect(row.locator(".badge-stage-selected")).to_have_text(korean(ApplicationStage.SELECTED.label))
    application.refresh_from_db()
    assert application.stage == ApplicationStage.SELECTED
    assert application.decision_reason == DECISION_REASON
    path = screenshot_dir / "staff-call-ranking-ko.png"
    officer_page.screenshot(path=path, full_page=True)
    print(f"screenshot: {path}")

    today = timezone.localdate()
    end = a_year_after(today)
    officer_page.goto(staff_application_path)
    expect_stage(stage_badge(officer_page), ApplicationStage.SELECTED)
    lease_form = action_form(officer_page, "lease")
    lease_form.locator("#id_lease-space").select_option(str(space.pk))
    lease_form.locator("#id_lease-start_date").fill(today.isoformat())
    lease_form.locator("#id_lease-end_date").fill(end.isoformat())
    lease_form.locator("[type=submit]").click()
    expect_success_message(officer_page)
    lease = Lease.objects.get(firm=firm)
    expect(officer_page).to_have_url(url_is(reverse("tenants:staff_lease", args=[lease.pk])))
    assert (lease.application_id, lease.space_id) == (application.pk, space.pk)
    assert (lease.start_date, lease.end_date) == (today, end)
    assert today + timedelta(days=365) <= end <= today + timedelta(days=366)

    # 6. Anyone now finds the firm among the resident firms; the representative got the selection mail.
    visitor_page = open_korean_page(new_page, live_server)
    visitor_page.goto(reverse("tenants:directory"))
    expect(visitor_page.locator("html")).to_have_attribute("lang", "ko")
    card = visitor_page.locator("main article.firm-card").filter(has_text=firm.name)
    expect(card).to_have_count(1)
    expect(card.get_by_role("link", name=firm.name)).to_have_attribute(
        "href", reverse("tenants:firm_profile", args=[firm.pk])
    )
    expect(card).to_contain_text(site.name)

    assert OutboxMessage.objects.filter(recipient=representative.email, template="application_selected").count() == 1
    selection_mails = [
        message
        for message in mailoutbox
        if representative.email in message.to and call.title in message.subject and DECISION_REASON in message.body
    ]
    assert len(selection_mails) == 1, [(message.to, message.subject) for message in mailoutbox]
    assert firm.name in selection_mails[0].body
    assert detail_path in selection_mails[0].body
