"""Filters of notices shared by the board, the staff workspace and the API (NetBox's shared filter sets)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.search import search_queryset

from .choices import NoticeCategory, NoticeState
from .models import Notice


class NoticeFilterSet(django_filters.FilterSet):
    """By category and a Korean-aware search of title and text (``portal.search``)."""

    category = django_filters.ChoiceFilter(
        choices=NoticeCategory.choices, label=_("Category"), empty_label=_("All categories")
    )
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100)

    class Meta:
        model = Notice
        fields = ["category", "q"]

    def search(self, queryset, name, value):
        return search_queryset(queryset, value)


class StaffNoticeFilterSet(NoticeFilterSet):
    state = django_filters.ChoiceFilter(choices=NoticeState.choices, label=_("State"), empty_label=_("All states"))

    class Meta:
        model = Notice
        fields = ["state", "category", "q"]
