from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .brn import normalize_brn
from .choices import (
    ApplicationStage,
    BusinessStatus,
    Industry,
    LeaseStatus,
)
from .models import Application, Firm, Lease, Site, TenancyCall


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


class ApplicationFilterSet(django_filters.FilterSet):
    """Staff lists and the API: applications by call, stage and firm name."""

    call = django_filters.ModelChoiceFilter(queryset=TenancyCall.objects.all(), label=_("Call"))
    stage = django_filters.ChoiceFilter(choices=ApplicationStage.choices, label=_("Stage"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Application
        fields = ["call", "stage"]

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(firm__name__icontains=value) | Q(firm__name_en__icontains=value)) if value else queryset
        )


class LeaseFilterSet(django_filters.FilterSet):
    """Staff lease list and the API: by site, status, and ending within N days."""

    site = django_filters.ModelChoiceFilter(field_name="space__site", queryset=Site.objects.all(), label=_("Site"))
    status = django_filters.ChoiceFilter(choices=LeaseStatus.choices, label=_("Status"))
    ending_within_days = django_filters.NumberFilter(
        method="ending_within", label=_("Ending within (days)"), min_value=0
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Lease
        fields = ["site", "status"]

    def ending_within(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(
            status=LeaseStatus.ACTIVE, end_date__gte=today, end_date__lte=today + timedelta(days=int(value))
        )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(firm__name__icontains=value) | Q(space__code__icontains=value)) if value else queryset


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
