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
from .mous import (
    MOU,
    RENEWAL_LEAD_DAYS,
    Obligation,
    ObligationEvidence,
    ObligationNote,
    Partner,
    PartnerContact,
)
from .spaces import Lease, LeaseRenewalRequest, Site, Space

__all__ = [
    "FIRM_PROFILE_FIELDS",
    "MOU",
    "RENEWAL_LEAD_DAYS",
    "Obligation",
    "ObligationEvidence",
    "ObligationNote",
    "Partner",
    "PartnerContact",
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
