"""The filter set of returns, shared by the staff round table and the staff API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.search import search_queryset

from .choices import Population, ReturnState
from .models import PerformanceReturn, ReportingRound
from .selectors import state_filter


class ReturnFilterSet(django_filters.FilterSet):
    """By round, population, state (overdue and late are derived) and firm name."""

    q = django_filters.CharFilter(method="search", label=_("Firm"))
    round = django_filters.ModelChoiceFilter(queryset=ReportingRound.objects.order_by("-period_end"), label=_("Round"))
    population = django_filters.ChoiceFilter(choices=Population.choices, label=_("Population"))
    state = django_filters.ChoiceFilter(choices=ReturnState.choices, method="by_state", label=_("State"))

    class Meta:
        model = PerformanceReturn
        fields = ["q", "round", "population", "state"]

    def search(self, queryset, name, value):
        return search_queryset(queryset, value, "firm__")

    def by_state(self, queryset, name, value):
        return queryset.filter(state_filter(value)) if value else queryset
