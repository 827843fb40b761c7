from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NoticeCategory(models.TextChoices):
    CALL = "call", pgettext_lazy("notice category", "Call for applications")  # 공고
    RESULT = "result", _("Results")  # 결과 발표
    EVENT = "event", pgettext_lazy("notice category", "Event")  # 행사
    FACILITY = "facility", _("Facilities")  # 시설
    GENERAL = "general", pgettext_lazy("notice category", "General")  # 일반


class NoticeAudience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    RESIDENTS = "residents", _("Resident firms only")
    STAFF = "staff", _("Hub staff only")


class NoticeState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("notice state", "Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("notice state", "Withdrawn")


# A scheduled notice is shown from its publish-at time on; the periodic task then records it as
# published and mails its audience. Showing does not wait for the task, so it is on time to the second.
LIVE_STATES = (NoticeState.SCHEDULED, NoticeState.PUBLISHED)

NOTICE_TRANSITIONS = {
    NoticeState.DRAFT: {NoticeState.SCHEDULED, NoticeState.PUBLISHED},
    NoticeState.SCHEDULED: {NoticeState.PUBLISHED, NoticeState.DRAFT, NoticeState.WITHDRAWN},
    NoticeState.PUBLISHED: {NoticeState.WITHDRAWN},
    NoticeState.WITHDRAWN: {NoticeState.DRAFT},
}
