import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .brn import normalize_brn
from .choices import BusinessStatus, Industry
from .models import Firm


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
