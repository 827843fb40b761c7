from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from tenants.choices import ApplicationStage
from tenants.selectors import open_correction

register = template.Library()


@register.simple_tag
def time_left(deadline, now=None) -> str:
    """“3 days 4 hours left”, “25 minutes left” or “Closed”, counted to the minute."""
    now = now or timezone.now()
    minutes = int((deadline - now).total_seconds() // 60)
    if minutes <= 0:
        return pgettext("call state", "Closed")
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if not days:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
    return _("%(time)s left") % {"time": " ".join(parts)}


@register.filter
def stage_label(value) -> str:
    """The translated label of an application stage code (for mails, whose context is plain JSON)."""
    try:
        return str(ApplicationStage(value).label)
    except ValueError:
        return value


@register.inclusion_tag("tenants/includes/correction_panel.html")
def correction_panel(application) -> dict:
    """What staff asked the firm to correct, by when (서류 보완 요청), on the firm's application pages."""
    correction = open_correction(application) if application.is_returned else None
    return {"correction": correction, "overdue": correction is not None and correction.is_overdue()}
