"""The walk (issue 16, "Done when"): every main page of every kind of user, in Korean and English, at
360 px and 1280 px, in a real browser on the demo data.

Each page is loaded once per person and language, checked at 360 px, then widened to 1280 px and
checked again (the layout is CSS only, so a resize is a fresh layout without a second request). Every
page must answer below 400 without a redirect, report no Content-Security-Policy violation, console
error or script error, have an <h1> and the requested <html lang>, not be wider than the window, and
show no untranslated text or internal names. The pages are data: tests/e2e/walk_pages.py. On the same
data, every page each kind of user reaches by links is crawled for inline code, the policy header and
Cache-Control (tests/page_crawl.py).

``WALK_SCREENSHOTS=/some/dir`` saves a full-page screenshot of every page at both widths.
"""

import functools
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.demo.data import ensure_user
from tenants.models import Firm
from tenants.services.firms import invitation_create

from ..page_crawl import crawl_problems
from .conftest import open_context
from .walk_pages import PAGES, PEOPLE, walk_objects

pytestmark = pytest.mark.e2e

WIDTHS = (360, 1280)
LANGUAGES = ("ko", "en")
# The header with the workspace bar, collapsed, at 360 px (issue 16: it took ~160 px).
HEADER_MAX_HEIGHT = 64
# WCAG 2.2 target size (minimum), for controls outside running text.
TAP_TARGET_MIN = 24

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A lowercase English phrase ("Sign in", "no firm linked") where Korean is expected; names such as
# "Megazone Cloud" or "Gaon AI" are capitalised and pass.
ENGLISH_PHRASE = re.compile(r"^[A-Za-z][a-z]+(?: [a-z]{2,})+[.!?]?$")
# Template syntax left in a page (a comment spanning lines, a tag that did not parse): any page.
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|%\}|\}\}|\{#|#\}")
INTERNAL_NAMES = [
    (re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])"), "an identifier"),
    (re.compile(r"\b(?:prerendered|undefined|NaN)\b|\[object |object at 0x"), "an internal value"),
]

# Measured in the page: overflow (and its culprits), headings, language, chrome text, small targets.
MEASURE = """() => {
  const width = window.innerWidth;
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== "hidden";
  };
  const scrolls = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") { return true; }
    }
    return false;
  };
  const describe = (element) => {
    const classes = typeof element.className === "string" ? element.className.trim().replace(/ +/g, ".") : "";
    return element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + (classes ? "." + classes : "");
  };
  const wide = [...document.body.querySelectorAll("*")]
    .filter((element) => element.getBoundingClientRect().right > width + 1 && visible(element) && !scrolls(element))
    .slice(0, 3).map(describe);
  const texts = (selector) => [...document.querySelectorAll(selector)].filter(visible)
    .map((element) => element.innerText.trim().replace(/\\s+/g, " ")).filter(Boolean);
  // The interface's own words: headings, labels, buttons, menus, table heads, badges.
  const chrome = texts(
    "h1, h2, h3, th, label, button, legend, summary, nav a, a.button, .badge, dt, caption, figcaption");
  // Of those, the ones that never hold content (names, titles): any Korean there on an English page is ours.
  const interfaceTexts = texts("th[scope=col], button, legend, nav a, a.button, .badge");
  const small = [...document.querySelectorAll(
    "button, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), a.button, nav a, .actions a"
  )].filter(visible).filter((element) => element.getBoundingClientRect().height < %(tap)d).slice(0, 3).map(describe);
  const header = [...document.querySelectorAll(".site-header, .workspace-nav")].filter(visible)
    .reduce((bottom, element) => Math.max(bottom, element.getBoundingClientRect().bottom), 0);
  return {
    scrollWidth: document.documentElement.scrollWidth, width, wide, chrome, interfaceTexts, small,
    lang: document.documentElement.lang, headings: document.querySelectorAll("h1").length,
    text: document.body.innerText, headerBottom: header,
  };
}""".replace("%(tap)d", str(TAP_TARGET_MIN))


@pytest.fixture
def walk_data(settings, live_server):
    """The demo data, one person who has only signed up, and an open invitation to a resident firm."""
    settings.DEMO_DATA = True
    call_command("seed_demo", verbosity=0)
    ensure_user(PEOPLE["signed_up"], "신규가입")
    firm = Firm.objects.get(memberships__user__email=PEOPLE["resident"])
    invitation = invitation_create(
        firm=firm, invited_by=User.objects.get(email=PEOPLE["resident"]), email="invited@walk.hubbridge.kr"
    )
    objects = walk_objects()
    objects.invitation = invitation
    return objects


def _session_cookie(email: str, live_server) -> dict:
    client = Client()
    client.force_login(User.objects.get(email=email))  # with the two-factor step (tests/conftest.py)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}


def _problems_at(measured: dict, *, page, language: str, width: int) -> list[str]:
    problems = []
    if measured["scrollWidth"] > measured["width"]:
        problems.append(f"{measured['scrollWidth']} px wide (window {measured['width']}): {measured['wide']}")
    if width == min(WIDTHS) and page.portal_layout:
        if measured["headerBottom"] > HEADER_MAX_HEIGHT:
            problems.append(f"the collapsed header ends at {measured['headerBottom']:.0f} px")
        if measured["small"]:
            problems.append(f"tap targets under {TAP_TARGET_MIN} px: {measured['small']}")
    if width != min(WIDTHS):
        return problems
    if measured["lang"] != (page.language or language):
        problems.append(f"<html lang={measured['lang']!r}>")
    if found := TEMPLATE_SYNTAX.findall(measured["text"]):
        problems.append(f"template syntax shown: {sorted(set(found))}")
    if not page.portal_layout:
        return problems
    if measured["headings"] != 1:
        problems.append(f"{measured['headings']} <h1>")
    for pattern, what in INTERNAL_NAMES:
        if found := pattern.findall(measured["text"]):
            problems.append(f"{what} shown: {sorted(set(found))[:5]}")
    if language == "ko" and re.search(r"\bNone\b", measured["text"]):
        problems.append("None shown")  # Python's None in a Korean page ("None." is an English sentence)
    english, korean = _interface_words()
    for text in measured["chrome"]:
        if language == "ko" and (text in english or ENGLISH_PHRASE.match(text)):
            problems.append(f"English on a Korean page: {text!r}")
        if language == "en" and text in korean:
            problems.append(f"Korean on an English page: {text!r}")
    if language == "en":
        problems += [
            f"Korean on an English page: {text!r}" for text in measured["interfaceTexts"] if HANGUL.search(text)
        ]
    return problems


@functools.cache
def _interface_words() -> tuple[frozenset, frozenset]:
    """The portal's own strings from the Korean catalogue: the English ones that have a Korean
    translation, and those Korean translations. Seen whole on a page of the other language, a string
    was left untranslated (content such as firm or people's names is in neither set)."""
    english, korean = set(), set()
    for key, translated in translation.trans_real.translation("ko")._catalog.items():
        source = (key[0] if isinstance(key, tuple) else key).split("\x04")[-1]
        plain = "%" not in source and "{" not in source and len(source) > 2 and HANGUL.search(translated)
        if plain and translated != source:
            english.add(source)
            korean.add(translated)
    return frozenset(english), frozenset(korean)


def _walk(browser, live_server, role: str, language: str, objects, screenshots: Path | None) -> list[str]:
    context = open_context(browser, live_server, locale=f"{language}-KR" if language == "ko" else "en-GB")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    if PEOPLE[role]:
        context.add_cookies([_session_cookie(PEOPLE[role], live_server)])
    # A busy shared machine can take seconds to render a staff page; a slow page is not a broken one.
    context.set_default_navigation_timeout(30_000)
    page = context.new_page()
    messages = []
    page.on("console", lambda message: message.type == "error" and messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    problems = []
    for walked in PAGES[role]:
        url = walked.url(objects)
        page.set_viewport_size({"width": min(WIDTHS), "height": 800})
        messages.clear()
        try:
            response = page.goto(url)
            if walked.ready:
                page.locator(walked.ready).first.wait_for()
        except PlaywrightError as error:
            problems.append(f"{role} {language} {url}: {error.message.splitlines()[0]}")
            continue
        found = []
        if response.status >= 400:
            found.append(f"status {response.status}")
        if page.url != live_server.url + url:
            found.append(f"redirected to {page.url.removeprefix(live_server.url)}")
        for width in WIDTHS:
            if width != min(WIDTHS):
                page.set_viewport_size({"width": width, "height": 900})
            found += _problems_at(page.evaluate(MEASURE), page=walked, language=language, width=width)
            if screenshots:
                page.screenshot(path=str(screenshots / f"{role}-{language}-{width}-{walked.slug}.png"), full_page=True)
        found += [f"console: {message}" for message in messages]
        problems += [f"{role} {language} {url}: {problem}" for problem in found]
    context.close()
    return problems


def _language_switch_problems(browser, live_server) -> list[str]:
    """The language select switches the language (its script is portal.js, not inline)."""
    context = open_context(browser, live_server)
    page = context.new_page()
    messages = []
    page.on("console", lambda message: message.type == "error" and messages.append(message.text))
    page.goto(reverse("home"))
    for language in ("en", "ko"):
        page.select_option("#language-select", language)
        expect(page.locator("html")).to_have_attribute("lang", language)
    context.close()
    return [f"language switch: {message}" for message in messages]


def _menu_problems(browser, live_server) -> list[str]:
    """At 360 px the menu button opens and closes the site menu and the workspace bar (mouse, Enter,
    Escape); without JavaScript the menus are simply shown and the button is not."""
    problems = []
    context = open_context(browser, live_server, viewport={"width": 360, "height": 800})
    context.add_cookies([_session_cookie(PEOPLE["resident"], live_server)])
    page = context.new_page()
    page.goto(reverse("dashboard"))
    toggle, menus = page.locator("[data-menu-toggle]"), page.locator("#site-menu, #workspace-menu")
    expect(toggle).to_have_attribute("aria-controls", "site-menu workspace-menu")
    expect(menus.first).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menus.nth(0)).to_be_visible()
    expect(menus.nth(1)).to_be_visible()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(menus.nth(1)).to_be_hidden()
    page.keyboard.press("Enter")
    expect(menus.nth(0).locator(f"a[href='{reverse('tenants:directory')}']")).to_be_visible()
    context.close()

    context = open_context(browser, live_server, viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(reverse("home"))
    if page.locator("[data-menu-toggle]").is_visible() or not page.locator("#site-menu").is_visible():
        problems.append("without JavaScript the menu is not shown")
    context.close()
    return problems


def test_every_main_page_of_every_kind_of_user_in_both_languages_at_both_widths(browser, live_server, walk_data):
    screenshots = Path(os.environ["WALK_SCREENSHOTS"]) if os.environ.get("WALK_SCREENSHOTS") else None
    if screenshots:
        screenshots.mkdir(parents=True, exist_ok=True)
    problems = crawl_problems() + _language_switch_problems(browser, live_server) + _menu_problems(browser, live_server)
    for role in PAGES:
        for language in LANGUAGES:
            problems += _walk(browser, live_server, role, language, walk_data, screenshots)
    if screenshots:
        (screenshots / "problems.txt").write_text("\n".join(problems) + "\n", encoding="utf-8")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
