"""django-filter sets shared by the HTML lists and the API: the catalogue (``cohorts``) and consulting
requests (``consulting``)."""

from .cohorts import CohortFilterSet, ProgrammeFilterSet
from .consulting import ConsultingRequestFilterSet

__all__ = ["CohortFilterSet", "ConsultingRequestFilterSet", "ProgrammeFilterSet"]
