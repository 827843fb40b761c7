"""Retention periods as data: which consent text a record was collected under, and when it ends."""

from datetime import datetime

from dateutil.relativedelta import relativedelta

from .models import ConsentText, RetentionStart


def consent_text_finder():
    """``find(item, version)``: the text of ``item`` at ``version``; a version with no stored text falls
    back to the item's newest, so a record is never kept forever for want of a row. Every text is
    read once, so a loop over many records makes no query per row."""
    texts: dict[str, list[ConsentText]] = {}
    for text in ConsentText.objects.order_by("item", "-version"):
        texts.setdefault(text.item, []).append(text)

    def find(item: str, version: str) -> ConsentText | None:
        candidates = texts.get(item, [])
        return next((text for text in candidates if text.version == version), candidates[0] if candidates else None)

    return find


def retention_ends(text: ConsentText | None, started: datetime | None) -> datetime | None:
    """When data kept under ``text`` must go, counting from ``started``; None: not by time."""
    if text is None or started is None or text.retention_start == RetentionStart.WITHDRAWAL:
        return None
    return started + relativedelta(years=text.retention_years)
