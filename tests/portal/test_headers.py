"""Security headers: a Content-Security-Policy that forbids inline script, and no caching of anything
said to a signed-in person (README "Security: headers").

The pages every kind of user reaches are crawled for inline code, the policy and Cache-Control in the
browser walk, on the demo data it seeds once (tests/page_crawl.py, tests/e2e/test_walk.py)."""

import re
from pathlib import Path

from django.conf import settings

from ..page_crawl import inline_code

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Mails are not web pages: mail programs drop <style> and need inline style attributes.
MAIL_TEMPLATES = TEMPLATES / "notifications" / "email"
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


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
