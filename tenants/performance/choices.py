"""Statuses and kinds of reporting rounds and performance returns, with their allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Half-year")
    ANNUAL = "annual", _("Annual")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("reporting round status", "Draft")
    OPEN = "open", pgettext_lazy("reporting round status", "Open")
    CLOSED = "closed", pgettext_lazy("reporting round status", "Closed")


ROUND_TRANSITIONS = {
    RoundStatus.DRAFT: {RoundStatus.OPEN},
    RoundStatus.OPEN: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: set(),
}


class Population(models.TextChoices):
    RESIDENT = "resident", _("Resident firm")
    GRADUATE = "graduate", _("Graduated firm")


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("performance return status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("performance return status", "Submitted")
    RETURNED = "returned", pgettext_lazy("performance return status", "Correction requested")
    RESUBMITTED = "resubmitted", pgettext_lazy("performance return status", "Resubmitted")
    ACCEPTED = "accepted", pgettext_lazy("performance return status", "Review complete")


RETURN_TRANSITIONS = {
    ReturnStatus.DRAFT: {ReturnStatus.SUBMITTED},
    ReturnStatus.SUBMITTED: {ReturnStatus.RETURNED, ReturnStatus.ACCEPTED},
    ReturnStatus.RETURNED: {ReturnStatus.RESUBMITTED},
    ReturnStatus.RESUBMITTED: {ReturnStatus.RETURNED, ReturnStatus.ACCEPTED},
    ReturnStatus.ACCEPTED: set(),
}
# The firm may change its figures in these states; staff review the others.
EDITABLE_RETURN_STATUSES = (ReturnStatus.DRAFT, ReturnStatus.RETURNED)
AWAITING_REVIEW_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.RESUBMITTED)
# Handed in at least once: what "submitted" counts on the staff pages.
HANDED_IN_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.RESUBMITTED, ReturnStatus.RETURNED, ReturnStatus.ACCEPTED)


class InvestmentRoundType(models.TextChoices):
    SEED = "seed", _("Seed")
    PRE_A = "pre_a", _("Pre-Series A")
    SERIES_A = "series_a", _("Series A")
    SERIES_B_PLUS = "series_b_plus", _("Series B or later")
    GRANT = "grant", _("Public grant or policy fund")
    OTHER = "other", pgettext_lazy("investment round type", "Other")


class IPKind(models.TextChoices):
    PATENT = "patent", _("Patent")
    UTILITY_MODEL = "utility_model", _("Utility model")
    DESIGN = "design", _("Design right")
    TRADEMARK = "trademark", _("Trademark")
    SOFTWARE = "software", _("Software registration")


class EvidenceFigure(models.TextChoices):
    """What an evidence file supports: each group of figures on the form."""

    REVENUE = "revenue", _("Revenue")
    EMPLOYEES = "employees", _("Employees")
    INVESTMENT = "investment", _("Investment raised")
    EXPORTS = "exports", _("Exports")
    IP = "ip", _("Intellectual property")
    CERTIFICATIONS = "certifications", _("Certifications and awards")
    OTHER = "other", pgettext_lazy("evidence figure", "Other")


class BaselineSource(models.TextChoices):
    APPLICATION = "application", _("From the tenancy application")
    STAFF = "staff", _("Entered by staff")


class ReturnState(models.TextChoices):
    """What the staff table filters by: the stored status, or overdue (derived from the due date)."""

    NOT_SUBMITTED = "not_submitted", _("Not submitted yet")
    OVERDUE = "overdue", pgettext_lazy("performance return", "Overdue")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    RETURNED = "returned", pgettext_lazy("performance return status", "Correction requested")
    ACCEPTED = "accepted", pgettext_lazy("performance return status", "Review complete")
    LATE = "late", _("Submitted late")
