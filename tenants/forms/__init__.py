"""Forms, by subject like the models; importers use ``tenants.forms``."""

from .calls import (
    ApplicationForm,
    AssignReviewerForm,
    AttachmentForm,
    ConflictDeclarationForm,
    ReviewerChoiceField,
    ScoreForm,
    StageDecisionForm,
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
    SpaceChoiceField,
)

__all__ = [
    "ApplicationForm",
    "AssignReviewerForm",
    "AttachmentForm",
    "ConflictDeclarationForm",
    "DATE_WIDGET",
    "FirmProfileForm",
    "FirmRegistrationForm",
    "InvitationForm",
    "LeaseFromApplicationForm",
    "MoveOutForm",
    "RenewalDecisionForm",
    "RenewalRequestForm",
    "ReviewerChoiceField",
    "ScoreForm",
    "SpaceChoiceField",
    "StageDecisionForm",
]
