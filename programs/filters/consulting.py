"""Filters of consulting requests, shared by the staff pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..choices import CONSULTING_INDUSTRY_CHOICES, ConsultingCategory, ConsultingState, Priority
from ..models import ConsultingRequest


class ConsultingRequestFilterSet(django_filters.FilterSet):
    """Consulting requests by state, industry, category, priority and skill; shared by staff pages and the API."""

    state = django_filters.MultipleChoiceFilter(choices=ConsultingState.choices, label=_("State"))
    industry = django_filters.ChoiceFilter(choices=CONSULTING_INDUSTRY_CHOICES, label=_("Industry"))
    category = django_filters.ChoiceFilter(choices=ConsultingCategory.choices, label=_("Category"))
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("Priority"))
    skill = django_filters.CharFilter(field_name="tags__slug", label=_("Skill"), distinct=True)

    class Meta:
        model = ConsultingRequest
        fields = ["state", "industry", "category", "priority", "skill"]
