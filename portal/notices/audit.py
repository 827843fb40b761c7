"""Notices in the audit log (django-auditlog): every edit and state change, with who made it (the edit history)."""

from auditlog.registry import auditlog

from .models import Notice, NoticeAttachment

# search_text repeats the title and text; the stamps repeat what each entry already says.
auditlog.register(Notice, exclude_fields=["search_text", "created_at", "updated_at"])
auditlog.register(NoticeAttachment, exclude_fields=["file"])
