"""Korean first, English beside it: which of a record's two texts a page shows."""

from django.utils.translation import get_language


def localized(obj, field: str = "name") -> str:
    """``obj.<field>_en`` on English pages when one is given, else ``obj.<field>`` (the Korean)."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
