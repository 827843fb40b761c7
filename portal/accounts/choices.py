from django.db import models
from django.utils.translation import pgettext_lazy


class AccessAction(models.TextChoices):
    """What a staff member did with someone's personal data (접속기록의 수행업무)."""

    VIEW = "view", pgettext_lazy("access record action", "view")
    SEARCH = "search", pgettext_lazy("access record action", "search")
    DOWNLOAD = "download", pgettext_lazy("access record action", "download")
    EXPORT = "export", pgettext_lazy("access record action", "export")
    # A system job that anonymised or deleted data past its retention period.
    PURGE = "purge", pgettext_lazy("access record action", "purge")
