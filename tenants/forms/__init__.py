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
from .mous import (
    EvidenceForm,
    MOUForm,
    MOURenewForm,
    MOUSignForm,
    MOUTerminateForm,
    ObligationForm,
    ObligationNoteForm,
    ObligationStatusForm,
    PartnerChoiceField,
    PartnerForm,
    PartyChoiceField,
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
    "EvidenceForm",
    "FirmProfileForm",
    "FirmRegistrationForm",
    "InvitationForm",
    "LeaseFromApplicationForm",
    "MOUForm",
    "MOURenewForm",
    "MOUSignForm",
    "MOUTerminateForm",
    "MoveOutForm",
    "ObligationForm",
    "ObligationNoteForm",
    "ObligationStatusForm",
    "PartnerChoiceField",
    "PartnerForm",
    "PartyChoiceField",
    "RenewalDecisionForm",
    "RenewalRequestForm",
    "ReviewerChoiceField",
    "ScoreForm",
    "SpaceChoiceField",
    "StageDecisionForm",
]
