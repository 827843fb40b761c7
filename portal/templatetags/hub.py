"""Template filters every app's pages use, loaded as builtins (no ``{% load %}`` needed)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def krw(value) -> str:
    """12,345,000원 / KRW 12,345,000 by the active language."""
    if value in (None, ""):
        return "—"
    return _("%(amount)s KRW") % {"amount": f"{int(value):,}"}
