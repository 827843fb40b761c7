"""Filter sets of firms: the staff list and API, and the public directory."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from portal.search import search_query, search_queryset

from ..brn import normalize_brn
from ..choices import (
    BusinessStatus,
    Industry,
)
from ..models import Firm, Site


def may_search_brn(request) -> bool:
    """Only people who may see every firm's BRN may search by it: a BRN is never recovered by probing."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("tenants.view_firm"))


class FirmFilterSet(django_filters.FilterSet):
    """Shared by the API and staff lists: industry, business status and a free-text search.

    The search matches the BRN only for staff who may see it (``may_search_brn``), and only the whole
    number (with or without dashes): a prefix search would let anyone guess a hidden BRN digit by digit.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label=_("Industry"))
    business_status = django_filters.ChoiceFilter(choices=BusinessStatus.choices, label=_("Business status"))

    class Meta:
        model = Firm
        fields = ["industry", "business_status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = search_query(value) or Q(pk__in=[])
        digits = normalize_brn(value)
        if may_search_brn(self.request) and digits.isdigit() and len(digits) == 10:
            query |= Q(brn=digits)
        return queryset.filter(query)


class DirectoryFilterSet(django_filters.FilterSet):
    """The public directory: resident firms by site and industry, searchable in Korean."""

    site = django_filters.ModelChoiceFilter(
        method="by_site", queryset=Site.objects.all(), label=_("Site"), empty_label=_("All sites")
    )
    industry = django_filters.ChoiceFilter(
        choices=Industry.choices, label=_("Industry"), empty_label=_("All industries")
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Firm
        fields = ["industry"]

    @extend_schema_field(OpenApiTypes.INT)
    def by_site(self, queryset, name, value):
        return queryset.filter(site_id=value.pk) if value else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return search_queryset(queryset, value)
