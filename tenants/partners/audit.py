"""Partners and MOUs in the audit log (django-auditlog), like every app's ``audit.py``."""

from auditlog.registry import auditlog

from .models import MOU, Obligation, ObligationEvidence, ObligationNote, Partner, PartnerContact

auditlog.register(Partner)
auditlog.register(PartnerContact)
# The status's own timestamp and the row's stamps would repeat what each entry already says.
auditlog.register(
    MOU, exclude_fields=["document", "status_changed_at", "created_at", "updated_at"], m2m_fields={"partners", "firms"}
)
auditlog.register(Obligation, exclude_fields=["created_at", "updated_at"])
auditlog.register(ObligationNote)
auditlog.register(ObligationEvidence, exclude_fields=["file"])
