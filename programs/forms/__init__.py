"""Forms of the programmes' pages: training (``cohorts``) and consulting (``consulting``)."""

from .cohorts import (
    ApplicationConsentForm,
    CertificateLookupForm,
    CheckInForm,
    CohortApplicationForm,
    SessionAttendanceForm,
)
from .consulting import (
    AssignForm,
    ConsultingAttachmentForm,
    ConsultingRequestForm,
    KpiForm,
    KpiTargetForm,
    MilestoneForm,
    MilestoneUpdateForm,
    ReasonForm,
    SpendingForm,
    TriageForm,
)

__all__ = [
    "ApplicationConsentForm",
    "AssignForm",
    "CertificateLookupForm",
    "CheckInForm",
    "CohortApplicationForm",
    "ConsultingAttachmentForm",
    "ConsultingRequestForm",
    "KpiForm",
    "KpiTargetForm",
    "MilestoneForm",
    "MilestoneUpdateForm",
    "ReasonForm",
    "SessionAttendanceForm",
    "SpendingForm",
    "TriageForm",
]
