"""The correction loop (서류 보완 요청) in a real browser, in Korean: an officer returns a received
application with a comment on one document and a new deadline; the firm's representative sees what to
correct on the home page and the application, replaces the document and resubmits; the staff page
then shows it received again, with the same receipt number (접수번호)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from portal.accounts.roles import PROGRAMME_OFFICER, sync_roles
from tenants.choices import ApplicationStage, MembershipRole
from tenants.models import Application
from tenants.services import application_submit, attachment_add
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory, pdf_upload

from .test_tenancy_flow import (
    PDF,
    expect_stage,
    expect_success_message,
    open_korean_page,
    sign_in,
    stage_badge,
    submit_of,
    url_is,
)

pytestmark = pytest.mark.e2e
COMMENT = "3개년 매출 계획이 빠졌습니다."


def test_return_correct_and_resubmit(new_page, live_server, tmp_path, screenshot_dir):
    sync_roles()
    membership = MembershipFactory(role=MembershipRole.REPRESENTATIVE)
    representative = membership.user
    application = ApplicationFactory(firm=membership.firm)
    for requirement in application.call.requirements.filter(required=True):
        attachment_add(application=application, file=pdf_upload(), requirement=requirement, user=representative)
    application = application_submit(application=application, actor=representative)
    plan = application.call.requirements.get(name="사업계획서")
    officer = UserFactory(name="사업담당자", is_staff=True)
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))

    # 1. The officer returns it with a comment on the business plan and a deadline (KST).
    officer_page = open_korean_page(new_page, live_server)
    staff_path = reverse("tenants:staff_application", args=[application.pk])
    sign_in(officer_page, officer, staff_path)
    expect(officer_page.locator("main .page-head")).to_contain_text(application.receipt_number)
    officer_page.locator(f"main a[href='{reverse('tenants:staff_application_return', args=[application.pk])}']").click()
    officer_page.locator("#id_due_at").fill("2099-01-05T18:00")
    officer_page.locator(f"#id_document_{plan.pk}").fill(COMMENT)
    submit_of(officer_page, "form").click()
    expect(officer_page).to_have_url(url_is(staff_path))
    expect_stage(stage_badge(officer_page), ApplicationStage.RETURNED)
    expect(officer_page.locator("main .correction-panel")).to_contain_text(COMMENT)

    # 2. The firm sees it on its home page, replaces the plan and resubmits.
    firm_page = open_korean_page(new_page, live_server)
    sign_in(firm_page, representative, reverse("dashboard"))
    detail_path = reverse("tenants:application_detail", args=[application.pk])
    firm_page.locator(f"main .correction-panel a[href='{detail_path}']").click()
    expect(firm_page.locator("main .correction-panel")).to_contain_text(COMMENT)
    expect(firm_page.locator("main .correction-panel")).to_contain_text("2099-01-05 18:00")
    firm_page.screenshot(path=str(screenshot_dir / "correction-firm.png"), full_page=True)
    pdf = tmp_path / "사업계획서-보완.pdf"
    pdf.write_bytes(PDF)
    firm_page.goto(reverse("tenants:application_edit", args=[application.pk]))
    firm_page.locator("#id_attachment-requirement").select_option(str(plan.pk))
    firm_page.locator("#id_attachment-file").set_input_files(pdf)
    firm_page.locator("main form:not([action]) .form-actions [type=submit]").click()  # saved with the draft
    expect(firm_page).to_have_url(url_is(detail_path))
    expect_success_message(firm_page)
    submit_of(firm_page, f"form[action='{reverse('tenants:application_submit', args=[application.pk])}']").click()
    expect_stage(stage_badge(firm_page), ApplicationStage.SUBMITTED)
    expect(firm_page.locator("main .correction-panel")).to_have_count(0)

    # 3. Staff see it received again, with the same receipt number.
    officer_page.reload()
    expect_stage(stage_badge(officer_page), ApplicationStage.SUBMITTED)
    expect(officer_page.locator("main .page-head")).to_contain_text(re.compile(r"HB-\d{4}-000001"))
    assert Application.objects.get(pk=application.pk).receipt_number == application.receipt_number
