"""Filters of the public catalogue, shared by the HTML pages and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.filters import MonthFilter
from portal.search import search_query

from ..choices import Level, Topic
from ..models import Cohort, Programme


def _programme_search(prefix: str, value: str) -> Q:
    """The programme's title, description, outcomes or audience (Korean or English) match ``value``
    (portal.search: spacing and company forms ignored)."""
    return search_query(value, prefix) or Q(pk__in=[])


class CohortFilterSet(django_filters.FilterSet):
    """The public catalogue (HTML and API): topic, level, starting month, open now, and a search."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    topic = django_filters.ChoiceFilter(
        field_name="programme__topic", choices=Topic.choices, label=_("Topic"), empty_label=_("All topics")
    )
    level = django_filters.ChoiceFilter(
        field_name="programme__level", choices=Level.choices, label=_("Level"), empty_label=_("All levels")
    )
    month = MonthFilter(method="starting_in_month", label=_("Starting in (month)"))
    open = django_filters.BooleanFilter(
        method="open_for_applications",
        label=_("Only cohorts taking applications now"),
        widget=forms.CheckboxInput,
        help_text=_("Includes full cohorts whose waitlist is open."),
    )
    # Programme.get_absolute_url links to the catalogue narrowed to one programme.
    programme = django_filters.CharFilter(
        field_name="programme__slug", label=_("Programme (slug)"), widget=forms.HiddenInput
    )

    class Meta:
        model = Cohort
        fields = ["q", "topic", "level", "month", "open", "programme"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            _programme_search("programme__", value) | Q(name_ko__icontains=value) | Q(name_en__icontains=value)
        )

    def starting_in_month(self, queryset, name, value):
        first = value.replace(day=1)
        following = (
            first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(month=first.month + 1)
        )
        return queryset.filter(starts_on__gte=first, starts_on__lt=following)

    def open_for_applications(self, queryset, name, value):
        if not value:
            return queryset
        now = timezone.now()
        return queryset.filter(applications_open_at__lte=now, applications_close_at__gt=now, closed_at__isnull=True)


class ProgrammeFilterSet(django_filters.FilterSet):
    """Programmes in the API: by topic and level, and the same search as the catalogue."""

    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Programme
        fields = ["topic", "level"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(_programme_search("", value)) if value else queryset
