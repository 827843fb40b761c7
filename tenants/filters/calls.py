"""Filter sets of applications."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import (
    ApplicationStage,
)
from ..models import Application, TenancyCall


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
