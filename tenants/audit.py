"""The one audit mechanism: django-auditlog records who changed what, when and from which address.

Every app registers its models here-style in its own ``audit.py``; the AuditlogMiddleware fills
in the actor and the remote address for changes made in a request.
"""

from auditlog.registry import auditlog

from .models import (
    FIRM_PROFILE_FIELDS,
    Application,
    ApplicationAttachment,
    CallCriterion,
    CallRequirement,
    Firm,
    FirmInvitation,
    FirmMembership,
    Lease,
    LeaseRenewalRequest,
    ReviewAssignment,
    ReviewScore,
    Site,
    Space,
    TenancyCall,
)

# Only the record's own fields: timestamps and reverse relations would drown the real changes.
auditlog.register(Firm, include_fields=["brn", *FIRM_PROFILE_FIELDS, "business_status"])
auditlog.register(FirmMembership)
auditlog.register(FirmInvitation, exclude_fields=["token"])
auditlog.register(Site)
auditlog.register(Space)
auditlog.register(Lease)
auditlog.register(TenancyCall)
auditlog.register(CallRequirement)
auditlog.register(CallCriterion)
auditlog.register(Application)
auditlog.register(ApplicationAttachment, exclude_fields=["file"])
auditlog.register(ReviewAssignment)
auditlog.register(ReviewScore)
auditlog.register(LeaseRenewalRequest)
