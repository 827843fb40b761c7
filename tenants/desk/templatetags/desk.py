from django import template

from ..choices import RequestState

register = template.Library()


@register.filter
def request_state_label(value) -> str:
    """A stored state ("in_progress") as its label in the active language (mails keep the value only)."""
    try:
        return RequestState(value).label
    except ValueError:
        return value
