"""Filter sets of firms: the staff list and API, and the public directory."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..brn import normalize_brn
from ..choices import (
    BusinessStatus,
    Industry,
)
from ..models import Firm, Site


class FirmFilterSet(django_filters.FilterSet):
    """Shared by the API and staff lists: industry, business status and a free-text search."""

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
        query = Q(name__icontains=value) | Q(name_en__icontains=value) | Q(description__icontains=value)
        digits = normalize_brn(value)
        if digits.isdigit() and len(digits) >= 3:
            query |= Q(brn__startswith=digits)
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
        return queryset.filter(Q(name__icontains=value) | Q(name_en__icontains=value) | Q(description__icontains=value))
