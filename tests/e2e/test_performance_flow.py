"""A performance return through its whole loop, in a real browser (Korean pages).

A hub manager opens a reporting round; the resident firm's representative fills in the return,
attaches evidence and submits it; the manager asks for a correction of the revenue; the firm sees
the comment under that field, corrects and resubmits; the manager accepts and the round's rollup
shows the accepted revenue.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from portal.accounts.roles import HUB_MANAGER, sync_roles
from tenants.choices import MembershipRole
from tenants.performance.choices import ReturnStatus
from tenants.performance.models import PerformanceReturn
from tenants.performance.services import round_create
from tests.factories import LeaseFactory, MembershipFactory, UserFactory

from .test_mou_flow import expect_success_message, open_korean_page, sign_in

pytestmark = pytest.mark.e2e


def test_staff_open_a_round_the_firm_reports_and_staff_accept_after_a_correction(
    new_page, live_server, screenshot_dir, tmp_path
):
    sync_roles()
    manager = UserFactory(name="박허브", is_staff=True)
    manager.groups.add(Group.objects.get(name=HUB_MANAGER))
    representative = MembershipFactory(role=MembershipRole.REPRESENTATIVE, firm__name="(주)가온AI").user
    firm = representative.membership.firm
    LeaseFactory(firm=firm)
    today = timezone.localdate()
    round_ = round_create(
        title="2026년 상반기",
        title_en="2026 first half",
        period_start=today - timedelta(days=180),
        period_end=today - timedelta(days=1),
        due_at=timezone.now() + timedelta(days=14),
    )

    # 1. The manager opens the round: the firm is asked.
    staff = open_korean_page(new_page, live_server)
    sign_in(staff, manager, round_.get_absolute_url())
    staff.locator("#open-round").click()
    expect_success_message(staff)
    expect(staff.locator("#round-status")).to_have_attribute("data-status", "open")
    performance_return = PerformanceReturn.objects.get(round=round_, firm=firm)

    # 2. The representative sees the banner, fills in the figures, attaches evidence and submits.
    firm_page = open_korean_page(new_page, live_server)
    sign_in(firm_page, representative, reverse("performance:my_performance"))
    firm_page.locator(f"main a[href='{performance_return.get_absolute_url()}']").first.click()
    firm_page.locator("#id_figures-revenue").fill("520000000")
    firm_page.locator("#id_figures-employees_full_time").fill("9")
    firm_page.locator("#id_figures-new_hires").fill("2")
    firm_page.locator("main form:has(input[name=action][value=save]) [type=submit]").click()
    expect_success_message(firm_page)
    evidence = tmp_path / "부가세신고서.pdf"
    evidence.write_bytes(b"%PDF-1.4 revenue evidence")
    firm_page.locator("#id_evidence-figure").select_option("revenue")
    firm_page.locator("#id_evidence-file").set_input_files(str(evidence))
    firm_page.locator("main form:has(input[name=action][value=evidence]) [type=submit]").click()
    expect_success_message(firm_page)
    expect(firm_page.locator("main")).to_contain_text("부가세신고서.pdf")
    firm_page.locator("#submit-return").click()
    expect(firm_page.locator("#return-status")).to_have_attribute("data-status", "submitted")

    # 3. The manager asks for a correction of the revenue.
    staff.goto(performance_return.get_staff_url())
    staff.locator("#id_correction-comment_revenue").fill("부가세 신고서의 매출액과 다릅니다.")
    staff.locator("#correction-form [type=submit]").click()
    expect(staff.locator("#return-status")).to_have_attribute("data-status", "returned")

    # 4. The firm sees the comment under the revenue field, corrects and resubmits.
    firm_page.goto(performance_return.get_absolute_url())
    expect(firm_page.locator("#id_figures-revenue_helptext")).to_contain_text("부가세 신고서의 매출액과 다릅니다.")
    firm_page.locator("#id_figures-revenue").fill("500000000")
    firm_page.locator("main form:has(input[name=action][value=save]) [type=submit]").click()
    expect_success_message(firm_page)
    firm_page.locator("#submit-return").click()
    expect(firm_page.locator("#return-status")).to_have_attribute("data-status", "resubmitted")
    firm_page.screenshot(path=screenshot_dir / "performance-return-ko.png", full_page=True)

    # 5. The manager accepts; the round's rollup shows the accepted revenue.
    staff.goto(performance_return.get_staff_url())
    staff.locator("#accept-form [type=submit]").click()
    expect(staff.locator("#return-status")).to_have_attribute("data-status", "accepted")
    staff.goto(round_.get_absolute_url())
    expect(staff.locator("main table.rollup-table tbody tr").first).to_contain_text("500,000,000")
    staff.screenshot(path=screenshot_dir / "performance-round-ko.png", full_page=True)
    assert PerformanceReturn.objects.get(pk=performance_return.pk).status == ReturnStatus.ACCEPTED
