from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutboxStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("outbox status", "Pending")
    SENDING = "sending", pgettext_lazy("outbox status", "Sending")
    SENT = "sent", pgettext_lazy("outbox status", "Sent")
    FAILED = "failed", pgettext_lazy("outbox status", "Failed")


# What each mail is about, in words, for staff pages and exports (the template name is internal).
MAIL_KINDS = {
    "access_bulk_exports": _("Bulk exports of personal data"),
    "account_deleted": _("Account deleted"),
    "account_dormancy_notice": _("Dormant account notice"),
    "application_rejected": _("Application not selected"),
    "application_returned": _("Application returned for correction"),
    "application_selected": _("Application selected"),
    "application_stage_changed": _("Application stage changed"),
    "call_deadline_reminder": _("Call deadline reminder"),
    "cohort_start_reminder": _("Training start reminder"),
    "consulting_assigned": _("Consulting experts assigned"),
    "consulting_state_changed": _("Consulting request changed"),
    "desk_request_changed": _("Service request status changed"),
    "desk_request_received": _("Service request received"),
    "desk_request_reply": _("Reply to a service request"),
    "enrolment_offer": _("Seat offer"),
    "enrolment_received": _("Training application received"),
    "firm_invitation": _("Firm invitation"),
    "kpi_after_due": _("KPI measurement due"),
    "mou_expiry": _("MOU expiry"),
    "mou_notice_deadline": _("MOU notice deadline"),
    "mou_obligation_due": _("MOU obligation due"),
    "mou_obligation_overdue": _("MOU obligation overdue"),
    "performance_round_opened": _("Performance return requested"),
    "performance_return_due": _("Performance return due"),
    "performance_return_overdue": _("Performance return overdue"),
    "performance_return_reminder": _("Performance return reminder"),
    "performance_return_received": _("Performance return received"),
    "performance_return_returned": _("Performance return: corrections requested"),
    "performance_return_accepted": _("Performance return reviewed"),
    "notice_published": _("Notice published"),
    "booking_requested": _("Room booking requested"),
    "booking_confirmed": _("Room booking confirmed"),
    "booking_declined": _("Room booking declined"),
    "booking_cancelled": _("Room booking cancelled"),
    "booking_reminder": _("Room booking reminder"),
    "booking_blackout": _("Room booking affected by a blackout"),
}
# Account mails (allauth) are stored pre-rendered or as a reference; their kind is the allauth template.
ACCOUNT_MAIL_KINDS = {
    "access_bulk_exports": _("Bulk exports of personal data"),
    "account_deleted": _("Account deleted"),
    "account_dormancy_notice": _("Dormant account notice"),
    "account/email/password_reset_key": _("Password reset"),
    "account/email/email_confirmation_signup": _("E-mail confirmation (sign-up)"),
    "account/email/email_confirmation": _("E-mail confirmation"),
}
