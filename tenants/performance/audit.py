"""Performance returns in the audit log (django-auditlog), like every app's ``audit.py``."""

from auditlog.registry import auditlog

from .models import Baseline, IntellectualProperty, Investment, PerformanceReturn, Reporter, ReportingRound

auditlog.register(ReportingRound)
auditlog.register(PerformanceReturn, exclude_fields=["created_at", "updated_at"])
auditlog.register(Investment)
auditlog.register(IntellectualProperty)
auditlog.register(Baseline, exclude_fields=["updated_at"])
auditlog.register(Reporter)
