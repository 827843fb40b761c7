"""PIPA consent shown when applying to a cohort: one required item, optional ones apart."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.consent import ConsentItem

VERSION = "2026-11-01"

REQUIRED = ConsentItem(
    key="training_personal_info",
    required=True,
    title=_("Collection and use of personal information for training"),
    purpose=_("Handling your application, seat and attendance, and issuing and verifying your certificate."),
    collected=_("Name, e-mail, firm, answers to the cohort's questions, attendance."),
    retention=_("3 years after the cohort ends (certificates stay verifiable for that time)."),
    refusal=_("You may refuse, but we cannot then accept your application."),
)
OPTIONAL = (
    ConsentItem(
        key="training_photos",
        required=False,
        title=_("Photos taken during the training"),
        purpose=_("Reports to the city and the hub's news about the programme."),
        collected=_("Photos in which you appear."),
        retention=_("Until you withdraw consent."),
        refusal=_("You may refuse; you will not appear in published photos."),
    ),
    ConsentItem(
        key="training_followup",
        required=False,
        title=_("Follow-up survey and news of later courses"),
        purpose=_("A survey three months after the course and news of advanced courses."),
        collected=_("Name, e-mail."),
        retention=_("Until you withdraw consent or 2 years after the cohort ends."),
        refusal=_("You may refuse; nothing else changes."),
    ),
)

# Consulting requests: the firm's contact person and what the firm tells the hub about its plant.
CONSULTING_VERSION = "2026-12-01"
CONSULTING_REQUIRED = ConsentItem(
    key="consulting_personal_info",
    required=True,
    title=_("Collection and use of personal information for consulting"),
    purpose=_("Handling the request, matching experts, running the engagement and reporting its outcomes."),
    collected=_("Name, e-mail and phone of the firm's contact; the plant data described in the request."),
    retention=_("5 years after the engagement ends (outcome reports to the funders)."),
    refusal=_("You may refuse, but we cannot then handle your request."),
)
