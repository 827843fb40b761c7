"""Filter sets of leases."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.filters import DaysFilter
from portal.search import search_query

from ..choices import (
    LeaseStatus,
)
from ..models import Lease, Site


class LeaseFilterSet(django_filters.FilterSet):
    """Staff lease list and the API: by site, status, and ending within N days."""

    site = django_filters.ModelChoiceFilter(field_name="space__site", queryset=Site.objects.all(), label=_("Site"))
    status = django_filters.ChoiceFilter(choices=LeaseStatus.choices, label=_("Status"))
    ending_within_days = DaysFilter(method="ending_within", label=_("Ending within (days)"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Lease
        fields = ["site", "status"]

    def ending_within(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(
            status=LeaseStatus.ACTIVE, end_date__gte=today, end_date__lte=today + timedelta(days=value)
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        firm_named = search_query(value, "firm__")
        by_space = Q(space__code__icontains=value)
        return queryset.filter(by_space if firm_named is None else firm_named | by_space)
