"""Template filters every app's pages use, loaded as builtins (no ``{% load %}`` needed)."""

from django import template
from django.utils.translation import gettext as _

from portal.i18n import localized as localized_text

register = template.Library()


@register.filter
def krw(value) -> str:
    """12,345,000원 / KRW 12,345,000 by the active language."""
    if value in (None, ""):
        return "—"
    return _("%(amount)s KRW") % {"amount": f"{int(value):,}"}


@register.filter
def localized(obj, field: str = "name") -> str:
    """``{{ site|localized }}``, ``{{ call|localized:"title" }}``: the record's English text on English
    pages when it has one, else the Korean."""
    if obj is None or obj == "":
        return ""
    return localized_text(obj, field)
