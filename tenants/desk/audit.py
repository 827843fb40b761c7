"""Service-desk records in the audit log (django-auditlog), like every app's ``audit.py``."""

from auditlog.registry import auditlog

from .models import ResidenceCertificate, ServiceLevel, ServiceRequest

auditlog.register(ServiceLevel)
# The timeline (RequestEntry) is the request's own readable history; the log keeps who changed fields.
auditlog.register(ServiceRequest, exclude_fields=["search_text", "state_changed_at", "created_at", "updated_at"])
auditlog.register(ResidenceCertificate, exclude_fields=["pdf"])
