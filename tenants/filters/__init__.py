"""django-filter sets shared by the HTML lists and the API, by subject like the models."""

from .calls import (
    ApplicationFilterSet,
)
from .firms import (
    DirectoryFilterSet,
    FirmFilterSet,
)
from .spaces import (
    LeaseFilterSet,
)

__all__ = [
    "ApplicationFilterSet",
    "DirectoryFilterSet",
    "FirmFilterSet",
    "LeaseFilterSet",
]
