"""Under the Content-Security-Policy, in a real browser: the page behaviour moved out of the HTML
still works and the Swagger UI page still renders the API, with no policy violation reported."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _collect_violations(page):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def test_the_language_select_switches_the_language_without_inline_script(page, live_server):
    violations = _collect_violations(page)
    page.goto("/")
    page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("#language-select", "ko")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    assert violations == []


def test_the_api_docs_render_under_the_policy(page, live_server):
    violations = _collect_violations(page)
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert violations == []
