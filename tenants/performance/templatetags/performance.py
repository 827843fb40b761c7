"""Template filters of performance returns: growth read in the metric's direction, in words."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def growth_text(growth) -> str:
    """ "+12,000,000 (+12.5%), better" — the change, its share, and whether that is good for the hub."""
    if growth is None or not growth.known:
        return "–"
    change = growth.change
    sign = "+" if change > 0 else ""
    text = f"{sign}{number_format(change, force_grouping=True)}"
    if growth.percent is not None:
        percent_sign = "+" if growth.percent > 0 else ""
        text += f" ({percent_sign}{number_format(growth.percent, 1)}%)"
    words = {"better": _("growth"), "worse": _("decline"), "same": _("no change")}
    return f"{text} · {words[growth.trend]}"


@register.filter
def field_label(name: str) -> str:
    """A commented field's label, as the return's form shows it (the timeline stores field names)."""
    from ..services import COMMENTABLE_FIELDS
    from ..services import field_label as label_of

    return str(label_of(name)) if name in COMMENTABLE_FIELDS else name


@register.filter
def figure(value) -> str:
    return "–" if value is None else number_format(value, force_grouping=True)


@register.inclusion_tag("performance/includes/banner.html", takes_context=True)
def performance_banner(context):
    """The firm's returns still to hand in or correct, as a banner: on the firm's pages until submitted."""
    from ..selectors import open_returns_for

    request = context.get("request")
    return {"open_returns": open_returns_for(request.user) if request else []}
