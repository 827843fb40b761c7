"""How templates are laid out: partials have one home and one naming scheme."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")


def test_every_included_partial_lives_in_an_includes_folder():
    misplaced = sorted(
        f"{path.relative_to(TEMPLATES)} includes {name}"
        for path in TEMPLATES.rglob("*.html")
        for name in INCLUDE.findall(path.read_text(encoding="utf-8"))
        if "includes" not in Path(name).parts[:-1] and not name.startswith("allauth/")
    )
    assert not misplaced, "Put partials in templates/includes/ or templates/<app>/includes/:\n" + "\n".join(misplaced)


def test_no_template_branches_on_the_language_for_a_records_text():
    # {{ record.field }} is the active language's text (portal.i18n, django-modeltranslation); a
    # hand-written LANGUAGE_CODE branch per field, or the old |localized filter, is what it replaced.
    branching = sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if re.search(r'LANGUAGE_CODE == "en"|\|localized\b', path.read_text(encoding="utf-8"))
    )
    assert not branching, "Write {{ record.field }}: it is already in the page's language:\n" + "\n".join(branching)
