from django import template
from django.utils.translation import gettext as _

from portal.templatetags.hub import krw

from ..choices import ConsultingState, EnrolmentState

register = template.Library()


@register.filter
def enrolment_state_label(value) -> str:
    """The translated label of an enrolment state code (for mails, whose context is plain JSON)."""
    try:
        return str(EnrolmentState(value).label)
    except ValueError:
        return value


@register.filter
def fee(amount) -> str:
    """“Free” for 0, else the amount in KRW with thousands separators (“150,000원” / “150,000 KRW”)."""
    if amount not in (None, "") and not int(amount):
        return _("Free")
    return krw(amount)


@register.filter
def consulting_state_label(value) -> str:
    """The translated label of a consulting state code (for mails, whose context is plain JSON)."""
    try:
        return str(ConsultingState(value).label)
    except ValueError:
        return value


@register.filter
def signed_percent(value) -> str:
    """“+18.0 %”, “−9.0 %” (a real minus sign), or “—” without a value."""
    if value is None or value == "":
        return "—"
    number = float(value)
    sign = "+" if number > 0 else ("−" if number < 0 else "")
    return f"{sign}{abs(number):.1f}\u00a0%"
