"""API serializers, by subject like the models."""

from .calls import (
    PUBLISHED_CALL_STATES,
    ApplicationAttachmentSerializer,
    ApplicationAttachmentUploadSerializer,
    ApplicationCreateSerializer,
    ApplicationDraftSerializer,
    ApplicationSerializer,
    ApplicationStageChangeSerializer,
    CallCriterionSerializer,
    CallRequirementSerializer,
    TenancyCallSerializer,
)
from .firms import (
    PUBLIC_FIELDS,
    DirectoryFirmSerializer,
    FirmInvitationSerializer,
    FirmSerializer,
    absolute_url,
    firm_logo_url,
)
from .spaces import (
    LeaseFirmSerializer,
    LeaseSerializer,
    LeaseSpaceSerializer,
    SiteSummarySerializer,
    SpaceSerializer,
)

__all__ = [
    "ApplicationAttachmentSerializer",
    "ApplicationAttachmentUploadSerializer",
    "ApplicationCreateSerializer",
    "ApplicationDraftSerializer",
    "ApplicationSerializer",
    "ApplicationStageChangeSerializer",
    "CallCriterionSerializer",
    "CallRequirementSerializer",
    "DirectoryFirmSerializer",
    "FirmInvitationSerializer",
    "FirmSerializer",
    "LeaseFirmSerializer",
    "LeaseSerializer",
    "LeaseSpaceSerializer",
    "PUBLIC_FIELDS",
    "PUBLISHED_CALL_STATES",
    "SiteSummarySerializer",
    "SpaceSerializer",
    "TenancyCallSerializer",
    "absolute_url",
    "firm_logo_url",
]
