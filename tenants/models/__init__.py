from .calls import (
    Application,
    ApplicationAttachment,
    ApplicationStageChange,
    CallCriterion,
    CallRequirement,
    ReviewAssignment,
    ReviewScore,
    TenancyCall,
)
from .firms import FIRM_PROFILE_FIELDS, Firm, FirmInvitation, FirmMembership, logo_upload_to
from .spaces import Lease, LeaseRenewalRequest, Site, Space

__all__ = [
    "FIRM_PROFILE_FIELDS",
    "Application",
    "ApplicationAttachment",
    "ApplicationStageChange",
    "CallCriterion",
    "CallRequirement",
    "Firm",
    "FirmInvitation",
    "FirmMembership",
    "Lease",
    "LeaseRenewalRequest",
    "ReviewAssignment",
    "ReviewScore",
    "Site",
    "Space",
    "TenancyCall",
    "logo_upload_to",
]
