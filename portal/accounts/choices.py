from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccessAction(models.TextChoices):
    """What a staff member did with someone's personal data (접속기록의 수행업무)."""

    VIEW = "view", pgettext_lazy("access record action", "view")
    SEARCH = "search", pgettext_lazy("access record action", "search")
    DOWNLOAD = "download", pgettext_lazy("access record action", "download")
    EXPORT = "export", pgettext_lazy("access record action", "export")
    # A system job that anonymised or deleted data past its retention period.
    PURGE = "purge", pgettext_lazy("access record action", "purge")


# The personal-data fields a recorded page or export shows (``records_access(fields=...)``), as the
# auditor reads them; a name missing here is shown as recorded. A word the portal already uses alike as
# a field name (이름, 기업, 이메일 ...) keeps its plain msgid: one word, one context.
ACCESS_FIELD_LABELS = {
    "answers": pgettext_lazy("personal data field", "application answers"),
    "brn": _("business registration number"),
    "consents": pgettext_lazy("personal data field", "consents"),
    "contacts.email": pgettext_lazy("personal data field", "contact's e-mail"),
    "contacts.name": pgettext_lazy("personal data field", "contact's name"),
    "contacts.phone": pgettext_lazy("personal data field", "contact's phone"),
    "email": _("e-mail"),
    "firm": _("firm"),
    "ip_address": _("IP address"),
    "mail.to": pgettext_lazy("personal data field", "mail recipients"),
    "members.email": pgettext_lazy("personal data field", "members' e-mail"),
    "members.name": pgettext_lazy("personal data field", "members' names"),
    "name": _("name"),
    "phone": _("phone"),
    "representative_name": pgettext_lazy("personal data field", "representative's name"),
}
