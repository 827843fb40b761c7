"""Playwright fixtures: Debian's chromium (never a downloaded browser) driven against ``live_server``."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def browser():
    """One chromium for the e2e package; the async-unsafe switch is undone when the package is done."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed: run `make system-deps` (as root) or install Debian's chromium")
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse
    # ORM calls made from the test (and pytest-django's flush at teardown) without this.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def open_context(browser, live_server, **options):
    """A fresh browser context (no cookies) whose requests all stay on the live server."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    live_origin = live_server.url.rstrip("/")

    def only_live_server(route):
        if route.request.url.startswith(live_origin) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_live_server)
    return context


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test; every request stays on the live server."""
    context = open_context(browser, live_server)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in its own context (one person each: separate cookies); all are closed after the test.

    Keyword arguments go to ``browser.new_context`` (e.g. ``locale="ko-KR"``).
    """
    contexts = []

    def make(**options):
        context = open_context(browser, live_server, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    """Screenshots go to pytest's temp area (outside the repository); the path is printed with -s / -rA."""
    return tmp_path_factory.mktemp("e2e-screenshots")
