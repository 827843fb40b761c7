"""The staff queue's filters, shared by the HTML queue, its XLSX export and the staff API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.search import search_query
from portal.time import hub_today
from tenants.models import Site

from .choices import OPEN_STATES, Priority, RequestCategory, RequestState
from .models import ServiceRequest


def _owners(request):
    from .selectors import desk_owners

    return desk_owners()


class ServiceRequestFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(choices=RequestState.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(choices=RequestCategory.choices, label=_("Category"))
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.order_by("name"), label=_("Site"))
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("Priority"))
    owner = django_filters.ModelChoiceFilter(queryset=_owners, null_label=_("Nobody yet"), label=_("Owner"))
    open = django_filters.BooleanFilter(method="only_open", label=_("Open only"))
    overdue = django_filters.BooleanFilter(method="only_overdue", label=_("Overdue only"))

    class Meta:
        model = ServiceRequest
        fields = ["q", "state", "category", "site", "priority", "owner", "open", "overdue"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(firm__name__icontains=value)
        digits = value.upper().removeprefix("SR-")
        if digits.isdigit() and len(digits) < 12:
            condition |= Q(pk=int(digits))
        named = search_query(value)
        if named is not None:
            condition |= named
        return queryset.filter(condition)

    def only_open(self, queryset, name, value):
        return queryset.filter(state__in=OPEN_STATES) if value else queryset

    def only_overdue(self, queryset, name, value):
        return queryset.overdue(hub_today()) if value else queryset
