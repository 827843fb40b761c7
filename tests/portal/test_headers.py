"""Security headers: a Content-Security-Policy that forbids inline script, and no caching of anything
said to a signed-in person (README "Security: headers")."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from portal.accounts.models import User

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Mails are not web pages: mail programs drop <style> and need inline style attributes.
MAIL_TEMPLATES = TEMPLATES / "notifications" / "email"
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
NOT_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCodeFinder(HTMLParser):
    """Collects inline <script> bodies, on* handler attributes, style attributes and <style> elements."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.links = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, _value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name == "href" and tag == "a":
                self.links.append(attributes["href"])
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in NOT_SCRIPT_TYPES:
            self._in_inline_script = True
        if tag == "style":
            self.problems.append("<style>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]}")


def inline_code(html: str) -> InlineCodeFinder:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder


def test_no_template_has_inline_script_or_event_handlers():
    offending = []
    for path in TEMPLATES.rglob("*.html"):
        if MAIL_TEMPLATES in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        if INLINE_HANDLER.search(text) or re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or "style=" in text:
            offending.append(str(path.relative_to(TEMPLATES)))
    assert not offending, "Move script and styles to static/ (CSP):\n" + "\n".join(sorted(offending))


def test_the_finder_sees_inline_script_and_handlers():
    found = inline_code('<script>alert(1)</script><a href="/" onclick="x()">x</a><p style="color:red">')
    assert len(found.problems) == 3
    allowed = '<script src="/static/js/portal.js"></script><script type="application/json">{}</script>'
    assert not inline_code(allowed).problems


def test_the_policy_forbids_inline_script_and_other_origins(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "nonce" not in policy and "unsafe" not in policy


def test_the_api_docs_page_serves_its_start_up_script_from_a_url(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not [problem for problem in inline_code(html).problems if problem.startswith("inline <script>")]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";"
    assert "'unsafe-inline'" in policy.split("style-src", 1)[1].split(";")[0]


SKIPPED_PATHS = ("/accounts/logout/", "/i18n/", "/admin/", "/api/")
MAX_PAGES_PER_PERSON = 60


def _walk(client, start_paths):
    """Every same-site HTML page reachable by links from the start pages (up to a limit)."""
    seen, queue, pages = set(), list(start_paths), {}
    while queue and len(pages) < MAX_PAGES_PER_PERSON:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        finder = inline_code(response.content.decode())
        pages[path] = (response, finder)
        for link in finder.links:
            parts = urlsplit(urljoin(path, link))
            if parts.netloc and parts.netloc != "testserver":
                continue
            target = parts.path + (f"?{parts.query}" if parts.query and "page=" in parts.query else "")
            if target.startswith(SKIPPED_PATHS) or re.search(r"\.(pdf|xlsx|ics|csv|json)$", parts.path):
                continue
            queue.append(target)
    return pages


@pytest.fixture
def demo(db):
    call_command("seed_demo")


START = ["/", "/calls/", "/programs/", "/tenants/", "/partners/", "/outcomes/", "/privacy/"]
SIGNED_IN_START = [*START, "/accounts/privacy/", "/accounts/notifications/", "/my/firm/", "/my/programs/"]
PEOPLE = {
    "anonymous": None,
    "hub manager": "manager@hubbridge.kr",
    "programme officer": "officer@hubbridge.kr",
    "consultant": "consultant@hubbridge.kr",
    "reviewer": "reviewer@hubbridge.kr",
    "representative": "rep01@demo.hubbridge.kr",
    "trainee": "member01a@demo.hubbridge.kr",
    "applicant": "applicant08@demo.hubbridge.kr",
}
STAFF_START = ["/staff/", "/staff/firms/", "/staff/programs/", "/staff/consulting/", "/staff/mous/", "/staff/reports/"]


@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_has_the_policy_and_no_inline_script(client, demo, person):
    email = PEOPLE[person]
    if email:
        client.force_login(User.objects.get(email=email))
    start = START if email is None else SIGNED_IN_START + STAFF_START + ["/my/engagements/", "/review/"]
    pages = _walk(client, start)
    assert len(pages) >= 7
    problems = {
        path: finder.problems
        for path, (response, finder) in pages.items()
        if finder.problems or "script-src 'self'" not in response.headers.get("Content-Security-Policy", "")
    }
    assert not problems, problems
    for path, (response, _finder) in pages.items():
        directives = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
        if email:
            assert {"private", "no-store"} <= directives, path
