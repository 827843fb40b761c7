"""Query filters no value can turn into a 500, shared by every app's filter sets (HTML lists and the API).

A value outside the bounds is a form error on an HTML list (the filter is ignored, the message shown)
and a 400 from the API (``DjangoFilterBackend`` refuses an invalid filter set), before any date
arithmetic can overflow (``date(9999, 12, 1)`` has no following month, ``today + 10**8 days`` no date).
"""

from datetime import date

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

# Months a filter accepts: wide enough for every record of the hub, narrow enough for date arithmetic.
EARLIEST_MONTH = date(2000, 1, 1)
LATEST_MONTH = date(2100, 12, 1)
# "Within N days" windows reach at most ten years ahead.
MAX_DAYS = 3650


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^(20\d\d|2100)-(0[1-9]|1[0-2])$",
        "example": "2026-12",
        "description": "A month as YYYY-MM, from 2000-01 to 2100-12",
    }
)
class MonthFilter(django_filters.DateFilter):
    """A month as ``YYYY-MM`` from 2000-01 to 2100-12; the filter method gets the month's first day."""

    def __init__(self, *args, **kwargs):
        out_of_range = _("Give a month from 2000-01 to 2100-12.")
        kwargs.setdefault("input_formats", ["%Y-%m"])
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "month", "placeholder": "2026-12"}, format="%Y-%m"))
        kwargs.setdefault("error_messages", {"invalid": _("Give a month as YYYY-MM, e.g. 2026-12.")})
        kwargs.setdefault(
            "validators",
            [MinValueValidator(EARLIEST_MONTH, out_of_range), MaxValueValidator(LATEST_MONTH, out_of_range)],
        )
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_DAYS})
class DaysFilter(django_filters.NumberFilter):
    """A whole number of days from 0 to ``MAX_DAYS`` ("ending within", "due within" windows)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_DAYS)
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None  # the field's own max_value bounds it
