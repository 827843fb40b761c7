"""The one audit mechanism: django-auditlog records who changed what, when and from which address.

Every app registers its models here-style in its own ``audit.py``; the AuditlogMiddleware fills
in the actor and the remote address for changes made in a request.
"""

from auditlog.registry import auditlog

from .models import (
    FIRM_PROFILE_FIELDS,
    MOU,
    Application,
    ApplicationAttachment,
    CallCriterion,
    CallRequirement,
    Firm,
    FirmInvitation,
    FirmMembership,
    Lease,
    LeaseRenewalRequest,
    Obligation,
    ObligationEvidence,
    ObligationNote,
    Partner,
    PartnerContact,
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
auditlog.register(Partner)
auditlog.register(PartnerContact)
# The status's own timestamp and the row's stamps would repeat what each entry already says.
auditlog.register(
    MOU, exclude_fields=["document", "status_changed_at", "created_at", "updated_at"], m2m_fields={"partners", "firms"}
)
auditlog.register(Obligation, exclude_fields=["created_at", "updated_at"])
auditlog.register(ObligationNote)
auditlog.register(ObligationEvidence, exclude_fields=["file"])
