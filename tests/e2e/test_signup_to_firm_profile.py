"""A newcomer's whole path in a real browser, in Korean and in English.

Home page → language switch → sign-up (every optional consent declined) → e-mail verification
→ firm registration → profile edit with a logo → a refused edit that is fixed and saved.

Locators use ids, names and roles so the walk is the same in both languages; only the language
checks look at words.
"""

import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from portal.accounts.models import ConsentRecord, User
from tenants.choices import MembershipRole
from tenants.models import Firm

pytestmark = pytest.mark.e2e

HANGUL = re.compile(r"[\uac00-\ud7a3]")
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^\s/]+/")
PASSWORD = "Harbor-lantern-7519"

PEOPLE = {
    "ko": {
        "email": "kim.hana@example.kr",
        "name": "김하나",
        "brn": "220-81-62517",
        "firm": "(주)창원스마트팩토리",
        "representative": "김하나",
    },
    "en": {
        "email": "jane.park@example.kr",
        "name": "Jane Park",
        "brn": "120-81-47521",
        "firm": "(주)허브브릿지랩",
        "representative": "박제인",
    },
}


def main_submit(page: Page):
    """The page's own submit button (the header also holds sign-out and language forms)."""
    return page.locator("main form").last.locator("[type=submit]")


def switch_language(page: Page, language: str) -> None:
    """Use the header's <select>; it submits itself on change, so start from the other language."""
    page.goto("/")
    select = page.locator("#language-select")
    other = "en" if language == "ko" else "ko"
    for code in ([other] if select.input_value() == language else []) + [language]:
        with page.expect_navigation():
            select.select_option(code)
        expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#language-select")).to_have_value(language)


def sign_up(page: Page, person: dict) -> None:
    page.goto(reverse("account_signup"))
    form = page.locator("main form")
    form.locator("#id_email").fill(person["email"])
    form.locator("#id_name").fill(person["name"])
    form.locator("#id_password1").fill(PASSWORD)
    form.locator("#id_password2").fill(PASSWORD)
    form.locator("#id_consent_personal_info").check()
    # Every optional item is declined: sign-up must still go through.
    expect(form.locator("#id_consent_mobile_phone")).not_to_be_checked()
    expect(form.locator("#id_consent_marketing")).not_to_be_checked()
    main_submit(page).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("account_email_verification_sent")) + "$"))


def confirm_email(page: Page, outbox, email: str, language: str) -> None:
    # The mail went out through an outbox row and the eager Celery task on commit, before the
    # response that brought the browser to the "verification sent" page.
    mails = [message for message in outbox if email in message.to]
    assert len(mails) == 1, [message.subject for message in outbox]
    assert bool(HANGUL.search(mails[0].subject)) == (language == "ko"), mails[0].subject
    link = CONFIRM_LINK.search(mails[0].body)
    assert link, mails[0].body
    page.goto(link.group(0))
    expect(page.locator("main a[href^='mailto:']")).to_have_text(email)
    main_submit(page).click()
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: confirming in the sign-up session signs the person in
    # and lands on the dashboard (portal.dashboard.landing), which offers registration to someone without a firm.
    expect(page).to_have_url(re.compile(re.escape(reverse("dashboard")) + "$"))
    expect(page.locator(f"main a[href='{reverse('tenants:firm_register')}']")).to_be_visible()
    expect(page.locator(f"header form[action='{reverse('account_logout')}']")).to_be_visible()


def register_firm(page: Page, person: dict) -> None:
    page.locator(f"main a[href='{reverse('tenants:firm_register')}']").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("tenants:firm_register")) + "$"))
    page.locator("#id_brn").fill(person["brn"])
    page.locator("#id_name_ko").fill(person["firm"])
    page.locator("#id_representative_name").fill(person["representative"])
    page.locator("#id_industry").select_option("ai_software")
    page.locator("#id_postal_code").fill("51140")
    page.locator("#id_address").fill("경상남도 창원시 의창구 창원대학로 20")
    main_submit(page).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("tenants:my_firm")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(person["firm"])
    expect(page.locator("main .page-head")).to_contain_text(person["brn"])
    expect(page.locator("main .messages")).to_be_visible()


def open_edit_page(page: Page) -> None:
    page.locator(f"main a[href='{reverse('tenants:firm_edit')}']").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("tenants:firm_edit")) + "$"))


def detail(page: Page, index: int):
    """The ``index``-th <dd> of the firm's details (labels are translated, the order is not)."""
    return page.locator("main dl.details > dd").nth(index)


EMPLOYEES, ADDRESS = 3, 5


@pytest.mark.parametrize("language", ["ko", "en"])
def test_signup_verify_register_and_edit_firm(
    page, live_server, settings, mailoutbox, tmp_path, screenshot_dir, language
):
    settings.SITE_URL = live_server.url  # keyed links are made at send time from SITE_URL
    person = PEOPLE[language]

    # 1. The language switch in the header changes the whole page.
    switch_language(page, language)
    sign_up_link = page.locator(f"header a[href='{reverse('account_signup')}']")
    expect(sign_up_link).to_be_visible()
    if language == "en":
        expect(sign_up_link).to_have_text("Sign Up")
    else:
        expect(sign_up_link).to_have_text(HANGUL)  # the portal's own catalogue, not just allauth's
        expect(page.get_by_role("heading", level=1)).to_have_text(HANGUL)

    # 2. Sign-up with only the required consent.
    page.goto(reverse("account_signup"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    heading = page.get_by_role("heading", level=1)
    if language == "ko":
        expect(heading).to_have_text(HANGUL)
    else:
        expect(heading).to_have_text(re.compile("sign up", re.IGNORECASE))
    sign_up(page, person)
    user = User.objects.get(email=person["email"])
    assert user.language == language
    answers = dict(ConsentRecord.objects.filter(user=user).values_list("item", "granted"))
    assert answers == {"personal_info": True, "mobile_phone": False, "marketing": False}

    # 3. E-mail verification signs the person in.
    confirm_email(page, mailoutbox, person["email"], language)
    expect(page.locator("html")).to_have_attribute("lang", language)

    # 4. Firm registration with a dashed BRN.
    register_firm(page, person)
    firm = Firm.objects.get(brn=person["brn"].replace("-", ""))
    assert firm.memberships.get().role == MembershipRole.REPRESENTATIVE

    # 5. Profile edit: employees, description and a logo.
    logo = tmp_path / "logo.png"
    Image.new("RGB", (16, 16), "#0b5cad").save(logo, "PNG")
    description = f"창원 국가산단 제조 AI · e2e {language}"
    open_edit_page(page)
    expect(page.locator("main")).to_contain_text(person["brn"])
    page.locator("#id_employees").fill("37")
    page.locator("#id_description_ko").fill(description)
    page.locator("#id_logo").set_input_files(logo)
    main_submit(page).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("tenants:my_firm")) + "$"))
    expect(detail(page, EMPLOYEES)).to_have_text("37")
    expect(page.locator("main p.prewrap")).to_have_text(description)
    expect(page.locator("main img.logo")).to_have_js_property("naturalWidth", 16)
    history = page.get_by_role("table")
    expect(history.locator("tbody tr").first).to_contain_text(person["name"])
    expect(history.locator("tbody tr").first).to_contain_text("→ 37")

    # 6. A bad postal code is refused next to the field; fixing it saves.
    open_edit_page(page)
    postal_code = page.locator("#id_postal_code")
    postal_code.fill("123")
    main_submit(page).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("tenants:firm_edit")) + "$"))
    expect(postal_code).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_postal_code_error")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    # "Next to the field": the message sits in the same field wrapper as the input.
    expect(page.locator(".field-invalid")).to_have_count(1)
    expect(page.locator(".field-invalid #id_postal_code")).to_have_count(1)
    expect(page.locator(".field-invalid #id_postal_code_error")).to_have_count(1)
    expect(postal_code).to_have_attribute("aria-describedby", re.compile(r"\bid_postal_code_error\b"))
    # Measure only once the re-rendered page has its stylesheet (the URL does not change on a
    # refused POST, so nothing above waits for the load to finish).
    page.wait_for_load_state("load")
    expect(postal_code).to_have_css("border-top-style", "solid")
    field_box, error_box = postal_code.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 80, (field_box, error_box)
    expect(page.locator("#id_employees")).to_have_value("37")  # the other input was kept
    firm.refresh_from_db()
    assert firm.postal_code == "51140"
    postal_code.fill("51391")
    main_submit(page).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("tenants:my_firm")) + "$"))
    expect(detail(page, ADDRESS)).to_contain_text("(51391)")
    expect(history.locator("tbody tr").first).to_contain_text("51391")
    expect(page.locator("main img.logo")).to_have_js_property("naturalWidth", 16)  # the logo survived
    expect(page.locator("main .page-head")).to_contain_text(person["brn"])
    expect(page.locator("html")).to_have_attribute("lang", language)

    path = screenshot_dir / f"my-firm-{language}.png"
    page.screenshot(path=path, full_page=True)
    print(f"screenshot: {path}")
