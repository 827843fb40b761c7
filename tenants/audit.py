"""The one audit mechanism: django-auditlog records who changed what, when and from which address.

Every app registers its models here-style in its own ``audit.py``; the AuditlogMiddleware fills
in the actor and the remote address for changes made in a request.
"""

from auditlog.registry import auditlog

from .models import Firm, FirmInvitation, FirmMembership, Lease, Site, Space

auditlog.register(Firm)
auditlog.register(FirmMembership)
auditlog.register(FirmInvitation, exclude_fields=["token"])
auditlog.register(Site)
auditlog.register(Space)
auditlog.register(Lease)
