"""Forms, by subject like the models; importers use ``tenants.forms``."""

from .calls import (
    ApplicationForm,
    AssignReviewerForm,
    AttachmentForm,
    CallCriterionForm,
    CallRequirementForm,
    ConflictDeclarationForm,
    CorrectionRequestForm,
    CriterionFormSet,
    RejectUncorrectedForm,
    RequirementFormSet,
    ReviewerChoiceField,
    ScoreForm,
    StageDecisionForm,
    TenancyCallForm,
)
from .firms import (
    FirmProfileForm,
    FirmRegistrationForm,
    InvitationForm,
)
from .spaces import (
    DATE_WIDGET,
    LeaseFromApplicationForm,
    MoveOutForm,
    RenewalDecisionForm,
    RenewalRequestForm,
    SiteForm,
    SpaceChoiceField,
)

__all__ = [
    "ApplicationForm",
    "AssignReviewerForm",
    "AttachmentForm",
    "CallCriterionForm",
    "CallRequirementForm",
    "ConflictDeclarationForm",
    "CorrectionRequestForm",
    "CriterionFormSet",
    "DATE_WIDGET",
    "FirmProfileForm",
    "FirmRegistrationForm",
    "InvitationForm",
    "LeaseFromApplicationForm",
    "MoveOutForm",
    "RenewalDecisionForm",
    "RejectUncorrectedForm",
    "RenewalRequestForm",
    "RequirementFormSet",
    "ReviewerChoiceField",
    "ScoreForm",
    "SiteForm",
    "SpaceChoiceField",
    "StageDecisionForm",
    "TenancyCallForm",
]
