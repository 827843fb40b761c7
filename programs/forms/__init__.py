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
from .content import CohortForm, ProgrammeForm

__all__ = [
    "ProgrammeForm",
    "ApplicationConsentForm",
    "AssignForm",
    "CertificateLookupForm",
    "CheckInForm",
    "CohortForm",
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
