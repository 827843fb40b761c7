"""Every destructive or final action asks first, through one mechanism (issue 16).

The walk found consulting "Submit" with no question while other submits had one. The question is a
``data-confirm`` attribute on the form or the button pressed, asked by static/js/portal.js (no
inline script: the Content-Security-Policy forbids it). This test reads every template's forms.
"""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
FORM = re.compile(r"<form\b.*?</form>", re.DOTALL)
# What a form does: the view it posts to, or the action its buttons and hidden inputs name.
TARGET = re.compile(r"""\{% url '([\w:]+)'|name="(?:action|remove)" value="([^"]+)"|name="(remove)\"""")
DESTRUCTIVE = re.compile(
    r"submit|withdraw|decline|delete|remove|revoke|cancel|terminate|expire|complete|close|reject|score"
)
# Pages that are themselves the question (reached by a link, they only hold the one button).
CONFIRMATION_PAGES = {"programs/offer_decline.html", "accounts/account_delete.html"}


def destructive_forms():
    for path in TEMPLATES.rglob("*.html"):
        name = str(path.relative_to(TEMPLATES))
        if name in CONFIRMATION_PAGES:
            continue
        for form in FORM.findall(path.read_text()):
            if 'method="post"' not in form:
                continue
            targets = {value for match in TARGET.findall(form) for value in match if value}
            if any(DESTRUCTIVE.search(target.split(":")[-1]) for target in targets):
                yield name, sorted(targets), form


def test_the_scan_finds_the_known_destructive_actions():
    found = {target for _name, targets, _form in destructive_forms() for target in targets}
    for expected in ["tenants:application_submit", "programs:consulting_submit", "programs:consulting_withdraw"]:
        assert expected in found


def test_every_destructive_or_final_action_asks_first():
    unasked = [(name, targets) for name, targets, form in destructive_forms() if "data-confirm=" not in form]
    assert unasked == []


def test_the_question_is_asked_by_the_shared_script_only():
    script = (Path(settings.BASE_DIR) / "static/js/portal.js").read_text()
    assert "dataset.confirm" in script and "checkValidity" in script
    for path in TEMPLATES.rglob("*.html"):
        assert "confirm(" not in path.read_text(), path
