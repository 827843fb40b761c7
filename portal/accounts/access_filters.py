"""The auditor's filters over access records: who, whose data, what action, which days (KST)."""

from datetime import date

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AccessAction
from .models import AccessRecord

EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


class DayFilter(django_filters.DateFilter):
    def __init__(self, *args, **kwargs):
        out_of_range = _("Give a date from 2000-01-01 to 2100-12-31.")
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault(
            "validators", [MinValueValidator(EARLIEST_DAY, out_of_range), MaxValueValidator(LATEST_DAY, out_of_range)]
        )
        super().__init__(*args, **kwargs)


class AccessRecordFilterSet(django_filters.FilterSet):
    actor = django_filters.CharFilter(method="by_actor", label=_("Who (e-mail)"))
    subject = django_filters.CharFilter(method="by_subject", label=_("Whose data (person or firm)"))
    action = django_filters.ChoiceFilter(choices=AccessAction.choices, label=_("Action"), empty_label=_("All actions"))
    date_from = DayFilter(field_name="occurred_at", lookup_expr="date__gte", label=_("From"))
    date_to = DayFilter(field_name="occurred_at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = AccessRecord
        fields = ["action"]

    def by_actor(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(actor_id=int(value)) if len(value) <= 18 else queryset.none()
        return queryset.filter(actor_label__icontains=value) if value else queryset

    def by_subject(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(subject_user__email__icontains=value)
            | Q(subject_user__name__icontains=value)
            | Q(firm_label__icontains=value)
        )
