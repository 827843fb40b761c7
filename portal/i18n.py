"""Korean first, English beside it: which of a record's two texts a page shows."""

from collections.abc import Mapping

from django.utils.translation import get_language


def localized(obj, field: str = "name") -> str:
    """``obj.<field>_en`` on English pages when one is given, else ``obj.<field>`` (the Korean).

    ``obj`` may be a model instance or a row of ``values()`` (a mapping: ``party__name`` and
    ``party__name_en``)."""
    read = obj.get if isinstance(obj, Mapping) else lambda name, default=None: getattr(obj, name, default)
    if (get_language() or "").startswith("en"):
        english = read(f"{field}_en", "")
        if english:
            return english
    return read(field, "")
