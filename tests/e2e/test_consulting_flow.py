"""AI-adoption consulting in a real browser: intake (firm) → triage and assignment (staff) →
milestones and KPIs (expert) → verification (staff) → completed, and the public outcomes page counts
one more engagement with verified before-and-after measurements.

Locators use ids, names and URLs, so the walk does not depend on the wording.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import Page, expect

from portal.accounts.roles import CONSULTANT, HUB_MANAGER, sync_roles
from programs.models import ConsultingRequest
from tests.factories import ExpertFactory, KpiMeasurementFactory, SkillFactory, UserFactory

from .test_mou_flow import open_korean_page, sign_in

pytestmark = pytest.mark.e2e


def expect_success(page: Page) -> None:
    expect(page.locator("main .messages .message-success")).to_be_visible()


def measured_count(page: Page) -> str:
    page.goto(reverse("programs:outcomes"))
    return page.locator("#engagements-measured").inner_text()


def record_kpi(page: Page, phase: str, kpi: str, value: str, on: str) -> None:
    page.locator("#kpi-form").locator("xpath=ancestor::details").locator("summary").click()
    form = page.locator("#kpi-form")
    form.locator("#id_kpi").select_option(kpi)
    form.locator("#id_phase").select_option(phase)
    form.locator("#id_value").fill(value)
    form.locator("#id_unit").fill("개/시간")
    form.locator("#id_method").fill("MES 2주 평균")
    form.locator("#id_measured_on").fill(on)
    form.locator("[type=submit]").click()
    expect_success(page)


def test_intake_to_completed_engagement_moves_the_public_outcomes(new_page, live_server, alice, screenshot_dir):
    sync_roles()
    firm, representative, _member = alice
    manager = UserFactory(name="박허브", is_staff=True)
    manager.groups.add(Group.objects.get(name=HUB_MANAGER))
    SkillFactory(slug="quality", name="품질")
    expert = ExpertFactory(skills=["quality", "mes"])
    expert.user.groups.add(Group.objects.get(name=CONSULTANT))
    KpiMeasurementFactory()  # one engagement already counted

    visitor = open_korean_page(new_page, live_server)
    assert measured_count(visitor) == "1"

    # 1. The firm's representative files a request and submits it.
    firm_page = open_korean_page(new_page, live_server)
    sign_in(firm_page, representative, reverse("programs:consulting_mine"))
    firm_page.locator("#new-request").click()
    firm_page.locator("#id_title").fill("비전 검사 도입")
    firm_page.locator("#id_industry").select_option("automotive")
    firm_page.locator("#id_process_area").fill("도장 라인")
    firm_page.locator("#id_problem_statement").fill("외관 불량을 사람이 검사합니다.")
    firm_page.locator("#id_has_quality_records").check()
    firm_page.locator("#id_desired_outcome").fill("검사 자동화로 불량 유출 감소")
    firm_page.locator("#id_may_name_firm").check()
    firm_page.locator("#id_consent_given").check()
    firm_page.locator("main form [type=submit]").click()
    expect_success(firm_page)
    request = ConsultingRequest.objects.get(title="비전 검사 도입")
    firm_page.locator("button[name=action][value=submit]").click()
    expect_success(firm_page)
    expect(firm_page.locator("#consulting-state")).to_have_attribute("data-state", "submitted")

    # 2. Staff triage it and assign the best-ranked expert as lead.
    staff = open_korean_page(new_page, live_server)
    sign_in(staff, manager, reverse("programs:staff_consulting"))
    staff.locator(f"#consulting-requests a[href='{request.get_absolute_url()}']").click()
    staff.locator("#triage-form input[name=eligible][value=yes]").check()
    staff.locator("#triage-form #id_category").select_option("quality")
    staff.locator("#triage-form #id_reason").fill("제조기업, 지원 대상")
    staff.locator("#triage-form [type=submit]").click()
    expect_success(staff)
    expect(staff.locator("#expert-ranking tbody tr").first).to_contain_text("1")
    staff.locator("#assign-form #id_lead").select_option(str(expert.pk))
    staff.locator("#assign-form [type=submit]").click()
    expect_success(staff)
    expect(staff.locator("#consulting-state")).to_have_attribute("data-state", "assigned")

    # 3. The expert starts, adds a milestone and records baseline and after productivity.
    expert_page = open_korean_page(new_page, live_server)
    sign_in(expert_page, expert.user, reverse("programs:engagements_mine"))
    expert_page.locator(f"main a[href='{request.get_absolute_url()}']").click()
    expert_page.locator("button[name=action][value=start]").click()
    expect_success(expert_page)
    expert_page.locator("#milestone-form").locator("xpath=ancestor::details").locator("summary").click()
    expert_page.locator("#milestone-form #id_kind").select_option("diagnosis")
    expert_page.locator("#milestone-form #id_due_on").fill("2026-03-01")
    expert_page.locator("#milestone-form [type=submit]").click()
    expect_success(expert_page)
    record_kpi(expert_page, "baseline", "productivity", "100", "2026-01-05")
    record_kpi(expert_page, "after", "productivity", "125", "2026-05-05")
    expect(expert_page.locator("#kpis tr[data-kpi=productivity]")).to_contain_text("+25.0")

    # 4. Staff verify the pair; the expert completes the engagement.
    staff.reload()
    staff.locator("#kpis button[name=action][value=verify]").click()
    expect_success(staff)
    expert_page.reload()
    expert_page.locator("button[name=action][value=complete]").click()
    expect_success(expert_page)
    expect(expert_page.locator("#consulting-state")).to_have_attribute("data-state", "completed")

    # 5. The public page counts one more engagement, names the consenting firm, and the firm sees it done.
    assert measured_count(visitor) == "2"
    expect(visitor.locator("main")).to_contain_text(firm.name)
    visitor.screenshot(path=str(screenshot_dir / "outcomes.png"), full_page=True)
    firm_page.reload()
    expect(firm_page.locator("#consulting-state")).to_have_attribute("data-state", "completed")
    assert re.search(r"consulting/\d+/$", firm_page.url)
