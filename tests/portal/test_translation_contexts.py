"""One English word with two Korean meanings always carries a pgettext context, so no page borrows another's word.

Two checks that can fail: a msgid that is translated with a context anywhere must not also be used
(in a template or in Python) or translated (in a .po file) without one; and the English words known to
have several Korean meanings must never be used without a context.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ..factories import UserFactory

ROOT = Path(settings.BASE_DIR)
# English words this portal uses with more than one Korean meaning (found by reading the Korean pages).
AMBIGUOUS_ENGLISH = {
    "Withdraw": {"consulting request": "신청 철회", "invitation": "초대 취소", "application": "신청 취소하기"},
    "Remove": {"firm member": "제외"},
    "Completed": {"enrolment": "수료", "consulting": "완료"},
    "Spent": {"amount": "집행액", "share of budget": "집행률"},
    "Training": {"menu": "교육 관리", "firm record section": "교육"},
    "Submitted": {"date": "제출 일시", "consulting": "신청 완료"},
    "Closed": {"call state": "마감", "business status": "폐업자"},
    "Expired": {"invitation": "만료됨", "MOU status": "만료"},
}

TEMPLATE_USE = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1(?:\s+context\s+(["'])(.+?)\3)?[^%]*%\}""")
PYTHON_PLAIN = re.compile(r"""\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*(["'])(.+?)\1\s*[,)]""")
PYTHON_CONTEXT = re.compile(r"""\b(?:pgettext|pgettext_lazy)\(\s*(["'])(.+?)\1\s*,\s*(["'])(.+?)\3""")
PO_ENTRY = re.compile(r'^(?:msgctxt "(?P<context>.*)"\n)?msgid "(?P<msgid>.+)"\nmsgstr', re.M)


def source_uses() -> list[tuple[str, str | None, str]]:
    """(msgid, context or None, file) for every single-string translation in the portal's own code."""
    uses = []
    for path in ROOT.joinpath("templates").rglob("*"):
        if path.suffix in {".html", ".txt"}:
            for match in TEMPLATE_USE.finditer(path.read_text()):
                uses.append((match.group(2), match.group(4), str(path.relative_to(ROOT))))
    for package in ("portal", "tenants", "programs"):
        for path in ROOT.joinpath(package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            uses += [(m.group(2), None, str(path.relative_to(ROOT))) for m in PYTHON_PLAIN.finditer(text)]
            uses += [(m.group(4), m.group(2), str(path.relative_to(ROOT))) for m in PYTHON_CONTEXT.finditer(text)]
    return uses


def po_entries(language: str) -> list[tuple[str, str | None]]:
    text = ROOT.joinpath(f"locale/{language}/LC_MESSAGES/django.po").read_text()
    return [(match["msgid"], match["context"]) for match in PO_ENTRY.finditer(text)]


def test_the_scanner_finds_the_uses_it_checks():
    uses = source_uses()
    assert ("Withdraw", "invitation", "templates/tenants/members.html") in uses
    assert ("Stage", None, "templates/tenants/my_applications.html") in uses
    assert any(use[1] and use[2].endswith(".py") for use in uses)


def test_no_msgid_with_a_context_is_used_without_one():
    uses = source_uses()
    with_context = {msgid for msgid, context, _ in uses if context} | {
        msgid for msgid, context in po_entries("ko") if context
    }
    bare = sorted(
        {f"{msgid!r} in {path}" for msgid, context, path in uses if context is None and msgid in with_context}
    )
    assert bare == [], "give these a context (pgettext / {% translate … context … %}):\n" + "\n".join(bare)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_no_po_entry_without_context_shadows_a_word_that_has_one(language):
    entries = po_entries(language)
    with_context = {msgid for msgid, context in entries if context}
    bare = sorted(msgid for msgid, context in entries if context is None and msgid in with_context)
    # A context-less entry would also replace allauth's or Django's own word (the e-mail page's "Remove").
    assert bare == []


def test_known_ambiguous_words_are_never_used_without_a_context():
    bare = sorted(
        {f"{msgid!r} in {path}" for msgid, context, path in source_uses() if msgid in AMBIGUOUS_ENGLISH and not context}
    )
    assert bare == []


@pytest.mark.parametrize(
    ("msgid", "context", "korean"),
    [(msgid, context, korean) for msgid, meanings in AMBIGUOUS_ENGLISH.items() for context, korean in meanings.items()],
)
def test_each_meaning_has_its_own_korean_word(msgid, context, korean):
    with translation.override("ko"):
        assert translation.pgettext(context, msgid) == korean
    with translation.override("en"):
        assert translation.pgettext(context, msgid) == msgid


@pytest.mark.django_db
def test_the_email_page_says_remove_not_export(client):
    client.force_login(UserFactory())
    with translation.override("ko"):
        page = client.get(reverse("account_email"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "내보내기" not in page
    assert re.search(r'name="action_remove"[^<]*>\s*(삭제|제거)\s*<', page)
