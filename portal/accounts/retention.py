"""Retention periods as data: which consent text a record was collected under, and when it ends."""

from datetime import datetime

from dateutil.relativedelta import relativedelta

from .models import ConsentText, RetentionStart


def consent_text(item: str, version: str) -> ConsentText | None:
    """The text of ``item`` at ``version``; a version with no stored text falls back to the item's
    newest text, so a record is never kept forever for want of a row."""
    texts = ConsentText.objects.filter(item=item)
    return texts.filter(version=version).first() or texts.order_by("-version").first()


def retention_ends(text: ConsentText | None, started: datetime | None) -> datetime | None:
    """When data kept under ``text`` must go, counting from ``started``; None: not by time."""
    if text is None or started is None or text.retention_start == RetentionStart.WITHDRAWAL:
        return None
    return started + relativedelta(years=text.retention_years)
