"""Every page each kind of user reaches by following links from their start pages, checked for what the
Content-Security-Policy forbids (inline script, on…= handlers, style attributes and elements), for the
policy header, and, when signed in, for ``Cache-Control: private, no-store``.

The crawl runs with Django's test client inside the browser walk (tests/e2e/test_walk.py), on the demo
data the walk seeds once; ``inline_code`` also serves the template scan in tests/portal/test_headers.py.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.test import Client

from portal.accounts.models import User

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


SKIPPED_PATHS = ("/accounts/logout/", "/i18n/", "/admin/", "/api/")
MAX_PAGES_PER_PERSON = 60


def crawl(client, start_paths):
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


def crawl_problems() -> list[str]:
    """What the crawl finds wrong, one line per page (an empty list when every page is right)."""
    problems = []
    for person, email in PEOPLE.items():
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        start = START if email is None else SIGNED_IN_START + STAFF_START + ["/my/engagements/", "/review/"]
        pages = crawl(client, start)
        if len(pages) < 7:
            problems.append(f"{person}: only {len(pages)} pages reached")
        for path, (response, finder) in pages.items():
            if finder.problems:
                problems.append(f"{person} {path}: {finder.problems}")
            if "script-src 'self'" not in response.headers.get("Content-Security-Policy", ""):
                problems.append(f"{person} {path}: no Content-Security-Policy forbidding inline script")
            directives = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
            if email and not {"private", "no-store"} <= directives:
                problems.append(f"{person} {path}: Cache-Control {response.headers.get('Cache-Control')!r}")
    return problems
