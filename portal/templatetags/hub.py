"""Template filters every app's pages use, loaded as builtins (no ``{% load %}`` needed)."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def krw(value) -> str:
    """12,345,000원 / KRW 12,345,000 by the active language."""
    if value in (None, ""):
        return "—"
    return _("%(amount)s KRW") % {"amount": f"{int(value):,}"}


# Legal forms and generic prefixes that say nothing about which organisation it is.
_LEGAL_FORMS = re.compile(r"^\s*(?:\((?:주|재|사|유)\)|㈜|주식회사|유한회사|재단법인|사단법인)\s*")
_GENERIC_PREFIXES = ("한국", "Korea ", "Korean ")


@register.filter
def name_initial(name) -> str:
    """The letter for a placeholder logo: "(주)가온AI" → "가", "한국전자기술연구원" → "전", "Megazone" → "M"."""
    text = _LEGAL_FORMS.sub("", str(name or ""))
    for prefix in _GENERIC_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            break
    letter = next((character for character in text if character.isalnum()), "")
    return letter.upper()


@register.filter
def measured(value) -> str:
    """A measured value as people write it: "4.2", "1,250", "0.125" (at most 3 decimals, no trailing zeros)."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()
    whole, _, fraction = f"{number:f}".partition(".")
    sign = "−" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-') or 0):,}"
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"
