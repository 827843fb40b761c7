"""API views, by subject like the models; ``tenants.api.urls`` routes them."""

from .calls import (
    APPLICATION_WRITE_ACTIONS,
    ATTACHMENT_FILE_ERROR_CODES,
    NOT_FOUND,
    NOT_THE_REPRESENTATIVE,
    REFUSED,
    ApplicationViewSet,
    TenancyCallViewSet,
)
from .firms import (
    DirectoryViewSet,
    FirmInvitationViewSet,
    FirmViewSet,
    IsFirmMember,
)
from .spaces import (
    LeaseViewSet,
    SpaceViewSet,
)

__all__ = [
    "APPLICATION_WRITE_ACTIONS",
    "ATTACHMENT_FILE_ERROR_CODES",
    "ApplicationViewSet",
    "DirectoryViewSet",
    "FirmInvitationViewSet",
    "FirmViewSet",
    "IsFirmMember",
    "LeaseViewSet",
    "NOT_FOUND",
    "NOT_THE_REPRESENTATIVE",
    "REFUSED",
    "SpaceViewSet",
    "TenancyCallViewSet",
]
