from django import template

register = template.Library()


@register.filter
def share_percent(share: float | None) -> str:
    """A share kept as a fraction (0.875) as the page shows it: 88%."""
    return "–" if share is None else f"{share * 100:.0f}%"


@register.filter
def signed_percent(value) -> str:
    """A signed change in percent (the KPI rollup's -9.0) with its sign: -9.0%."""
    return "–" if value is None else f"{value:+.1f}%"
