"""Resources, blackouts and bookings in the audit log (django-auditlog), like every app's ``audit.py``."""

from auditlog.registry import auditlog

from .models import Blackout, Booking, OpeningHours, Resource

auditlog.register(Resource)
auditlog.register(OpeningHours)
auditlog.register(Blackout)
# The status's own timestamp would repeat what each entry already says.
auditlog.register(Booking, exclude_fields=["status_changed_at", "created_at"])
