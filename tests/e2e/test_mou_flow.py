"""An MOU from the staff workspace to the public partners page, in a real browser (Korean pages).

A hub manager creates a signed, public MOU with a partner on the staff page, puts it into effect,
adds an obligation that is already past due (shown as overdue) and one due later; an anonymous
visitor then finds the partner, under its kind, with the MOU's signing date and purpose, on
/partners/ — and does not find a non-public MOU of the same partner.

Locators use ids, names, URLs and CSS state classes, so the walk does not depend on the wording.
"""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from portal.accounts.roles import HUB_MANAGER, sync_roles
from portal.time import hub_today
from tenants.partners.choices import MOUStatus, ObligationStatus, PartnerKind
from tenants.partners.models import MOU
from tests.factories import MOUFactory, PartnerContactFactory, PartnerFactory, UserFactory
from tests.mfa import staff_totp_secret, totp_code

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery"  # set by UserFactory
TITLE = "디지털 트윈 가상 시운전 협력 업무협약"
PURPOSE = "디지털 트윈 시뮬레이션으로 창원 제조기업의 설비 재배치를 가상 시운전한다."


def url_is(path: str) -> re.Pattern:
    return re.compile(re.escape(path) + "$")


def open_korean_page(new_page, live_server) -> Page:
    page = new_page(locale="ko-KR")
    page.context.add_cookies([{"name": "django_language", "value": "ko", "url": live_server.url}])
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


def action_form(page: Page, action: str):
    return page.locator(f"main form:has(input[name=action][value={action}])")


def expect_success_message(page: Page) -> None:
    expect(page.locator("main .messages .message-success")).to_be_visible()


def png_logo():
    buffer = BytesIO()
    Image.new("RGB", (64, 64), (93, 63, 211)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_staff_create_an_mou_with_an_obligation_and_the_public_page_shows_it(new_page, live_server, screenshot_dir):
    # 1. A partner with a logo and a contact person, a private MOU of that partner, and a hub manager.
    sync_roles()
    partner = PartnerFactory(
        name="비주얼컴포넌츠", name_en="Visual Components", kind=PartnerKind.SOFTWARE, country="FI"
    )
    partner.logo.save("logo.png", png_logo())
    contact = PartnerContactFactory(partner=partner, name="이담당", email="private.contact@vc.example.com")
    private = MOUFactory(partners=[partner], title="내부 검토용 라이선스 협약", is_public=False)
    manager = UserFactory(name="박허브", is_staff=True)
    manager.groups.add(Group.objects.get(name=HUB_MANAGER))
    today = hub_today()

    # 2. The manager opens the MOU workspace from the header and starts a new MOU.
    staff = open_korean_page(new_page, live_server)
    sign_in(staff, manager, reverse("partners:staff_mous"))
    expect(staff.locator(f"nav.workspace-nav a[href='{reverse('partners:staff_mous')}']")).to_be_visible()
    staff.locator(f"main a[href='{reverse('partners:staff_mou_create')}']").click()
    expect(staff).to_have_url(url_is(reverse("partners:staff_mou_create")))
    staff.locator("#id_title_ko").fill(TITLE)
    staff.locator("#id_title_en").fill("Digital-twin virtual commissioning MOU")
    staff.locator("#id_purpose_ko").fill(PURPOSE)
    staff.locator(f"#id_partners input[value='{partner.pk}']").check()
    staff.locator("#id_signed_on").fill((today - timedelta(days=1)).isoformat())
    staff.locator("#id_effective_from").fill(today.isoformat())
    staff.locator("#id_expires_on").fill((today + timedelta(days=730)).isoformat())
    staff.locator("#id_notice_period_days").fill("60")
    staff.locator("#id_is_public").check()
    staff.locator("main form [type=submit]").click()
    expect_success_message(staff)
    mou = MOU.objects.get(title=TITLE)
    expect(staff).to_have_url(url_is(reverse("partners:staff_mou", args=[mou.pk])))
    expect(staff.locator("main .page-head .badge").first).to_have_class(re.compile(r"\bbadge-mou-signed\b"))
    # Staff see the partner's contact person.
    expect(staff.locator("main table[aria-labelledby=parties]")).to_contain_text(contact.email)

    # 3. It takes effect today: the manager puts it into effect.
    action_form(staff, "activate").locator("[type=submit]").click()
    expect_success_message(staff)
    expect(staff.locator("main .page-head .badge").first).to_have_class(re.compile(r"\bbadge-mou-active\b"))

    # 4. Two obligations: the partner's training already past due (overdue), and the hub's space, later.
    obligations = [
        ("가상 시운전 교육과정 운영", str(partner.pk), today - timedelta(days=1)),
        ("실증 공간 제공", "", today + timedelta(days=30)),
    ]
    for title, party, due_on in obligations:
        staff.locator("main details.form-panel:has(input[name=action][value=obligation]) > summary").click()
        form = action_form(staff, "obligation")
        form.locator("#id_obligation-title").fill(title)
        form.locator("#id_obligation-party").select_option(party)
        form.locator("#id_obligation-due_on").fill(due_on.isoformat())
        form.locator("[type=submit]").click()
        expect_success_message(staff)
    rows = staff.locator("main table[aria-labelledby=obligations] tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("가상 시운전 교육과정 운영")
    expect(rows.nth(0).locator(".badge")).to_have_class(re.compile(r"\bbadge-obligation-overdue\b"))
    expect(rows.nth(1).locator(".badge")).to_have_class(re.compile(r"\bbadge-obligation-open\b"))
    mou.refresh_from_db()
    assert mou.status == MOUStatus.ACTIVE
    assert list(mou.obligations.values_list("status", flat=True)) == [ObligationStatus.OPEN] * 2
    staff.screenshot(path=screenshot_dir / "staff-mou-ko.png", full_page=True)

    # 5. The overdue obligation is listed under its party on the obligations page.
    staff.goto(reverse("partners:staff_obligations") + "?state=overdue")
    expect(staff.locator(f"main h2#party-{partner.pk}")).to_be_visible()
    expect(staff.locator("main tbody tr")).to_have_count(1)

    # 6. Anyone sees the partner under its kind, its logo, and the MOU with its signing date and purpose.
    visitor = open_korean_page(new_page, live_server)
    visitor.goto(reverse("partners:partners"))
    expect(visitor.locator("html")).to_have_attribute("lang", "ko")
    section = visitor.locator(f"main section:has(h2#kind-{PartnerKind.SOFTWARE.value})")
    card = section.locator(f"article#partner-{partner.pk}")
    expect(card).to_contain_text(partner.name)
    logo = card.locator("img.logo")
    expect(logo).to_have_attribute("src", reverse("partners:partner_logo", args=[partner.pk]))
    assert logo.evaluate("image => image.naturalWidth") == 64
    public_mou = visitor.locator(f"main article#mou-{mou.pk}")
    expect(public_mou).to_contain_text(TITLE)
    expect(public_mou).to_contain_text(PURPOSE)
    expect(public_mou).to_contain_text((today - timedelta(days=1)).isoformat())
    card.locator(f"a[href='#mou-{mou.pk}']").click()
    expect(visitor).to_have_url(re.compile(rf"#mou-{mou.pk}$"))
    body = visitor.locator("main")
    expect(body).not_to_contain_text(private.title)
    expect(body).not_to_contain_text(contact.name)
    expect(body).not_to_contain_text(contact.email)
    expect(body).not_to_contain_text("가상 시운전 교육과정 운영")  # obligations are internal
    visitor.screenshot(path=screenshot_dir / "partners-ko.png", full_page=True)
    print(f"screenshots: {screenshot_dir}")
