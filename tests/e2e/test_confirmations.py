"""The shared confirmation question in a real browser: asked before a final submit, never about
input the form itself rejects (issue 16: invalid scores were asked "submit your scores?")."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portal.accounts.roles import REVIEWER
from tenants.choices import ApplicationStage
from tenants.models import ReviewAssignment
from tenants.services import review_assign, review_declare_conflict
from tests.factories import ApplicationFactory, user_in_role

from .test_tenancy_flow import sign_in

pytestmark = pytest.mark.e2e


def test_invalid_scores_come_back_with_errors_unasked_and_valid_ones_are_asked_first(new_page, live_server, roles):
    reviewer = user_in_role(REVIEWER)
    application = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW)
    assignment = review_assign(application=application, reviewer=reviewer)
    review_declare_conflict(assignment=assignment, has_conflict=False)
    page = new_page(locale="ko-KR")
    questions = []

    def answer_no(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer_no)
    sign_in(page, reviewer, reverse("tenants:review_detail", args=[assignment.pk]))
    criteria = list(application.call.criteria.all())
    submit = page.locator("main form:has(input[name=action][value=score]) [type=submit]")

    page.locator(f"#id_score-score_{criteria[0].pk}").fill("150")
    submit.click()
    expect(page.locator("main .error-summary")).to_be_visible()
    assert questions == []

    for criterion in criteria:
        page.locator(f"#id_score-score_{criterion.pk}").fill("80")
    submit.click()
    expect(page.locator(f"#id_score-score_{criteria[0].pk}")).to_have_value("80")  # still on the page
    assert len(questions) == 1  # asked, answered "no": nothing was sent
    assert ReviewAssignment.objects.get(pk=assignment.pk).submitted_at is None
