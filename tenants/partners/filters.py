"""Filter sets of partners, MOUs and obligations, shared by the staff pages and the API."""

from datetime import timedelta

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from portal.filters import DaysFilter
from portal.search import search_query
from portal.time import hub_today

from .choices import MOUStatus, ObligationState, ObligationStatus, PartnerKind
from .models import MOU, Obligation, Partner


def _partners_for(request):
    """Partner choices a filter offers: all for staff, only those of public MOUs for anyone else."""
    from .selectors import partners_visible_to

    return partners_visible_to(getattr(request, "user", None))


class MOUFilterSet(django_filters.FilterSet):
    """The staff MOU timeline and the API: by status, partner, kind of partner, expiry and search."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=MOUStatus.choices, label=_("Status"))
    partner = django_filters.ModelChoiceFilter(field_name="partners", queryset=_partners_for, label=_("Partner"))
    partner_kind = django_filters.ChoiceFilter(
        choices=PartnerKind.choices, method="by_partner_kind", label=_("Kind of partner")
    )
    expiring_within_days = DaysFilter(method="expiring_within", label=_("Expiring within (days)"))

    class Meta:
        model = MOU
        fields = ["q", "status", "partner", "partner_kind", "expiring_within_days"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(programme__icontains=value)
        named = search_query(value)
        if named is not None:
            partner_named = Partner.objects.filter(named, mous=OuterRef("pk"))
            condition |= named | Q(Exists(partner_named))
        return queryset.filter(condition)

    def by_partner_kind(self, queryset, name, value):
        return queryset.filter(Exists(Partner.objects.filter(mous=OuterRef("pk"), kind=value))) if value else queryset

    def expiring_within(self, queryset, name, value):
        return queryset.expiring_within(value, hub_today())


class ObligationFilterSet(django_filters.FilterSet):
    """Staff obligation lists and the API: by state (overdue is derived), party, MOU, due window, search."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(choices=ObligationState.choices, method="by_state", label=_("Status"))
    party = django_filters.ModelChoiceFilter(
        queryset=Partner.objects.order_by("name"), null_label=_("The city and the hub"), label=_("Party")
    )
    mou = django_filters.ModelChoiceFilter(queryset=MOU.objects.order_by("title", "pk"), label=_("MOU"))
    due_within_days = DaysFilter(method="due_within", label=_("Due within (days)"))

    class Meta:
        model = Obligation
        fields = ["q", "state", "party", "mou", "due_within_days"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(title__icontains=value)
        for path in ("mou__", "party__"):
            named = search_query(value, path)
            if named is not None:
                condition |= named
        return queryset.filter(condition)

    def by_state(self, queryset, name, value):
        return queryset.in_state(value, hub_today()) if value else queryset

    def due_within(self, queryset, name, value):
        today = hub_today()
        return queryset.filter(
            status=ObligationStatus.OPEN, due_on__gte=today, due_on__lte=today + timedelta(days=value)
        )
