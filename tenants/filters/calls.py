"""Filter sets of applications."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.search import search_queryset

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
        return search_queryset(queryset, value, "firm__")
