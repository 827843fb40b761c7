"""Partner organisations, their MOUs with the city/hub, and the obligations each MOU creates.

Partners are not tenant firms: a partner may be a university, a research institute or a foreign
company, so it has its own record (with a BRN only when it is Korean and known). Contact persons
are personal data and shown to staff only. An MOU's status changes only through
``tenants.partners.services``; an obligation's "overdue" is derived from its due date in KST, never stored.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.validators import validate_phone
from portal.files import ServedFileField, ServedImageField, StoredFile, random_file_name
from portal.search import SearchableModel
from portal.time import hub_today
from portal.uploads import validate_logo
from tenants.brn import format_brn, validate_brn
from tenants.models import Firm, logo_upload_to

from .choices import (
    PUBLIC_MOU_STATUSES,
    MOUStatus,
    ObligationState,
    ObligationStatus,
    PartnerKind,
    Recurrence,
    RenewalDecision,
)

# Reminders and the staff timeline look this far ahead of an expiry or a notice deadline.
RENEWAL_LEAD_DAYS = 90


class Partner(SearchableModel):
    """An organisation the city/hub signs MOUs with (cloud, software, university, institute …)."""

    SEARCH_FIELDS = ("name_ko", "name_en")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind)
    country = models.CharField(
        _("country"), max_length=2, default="KR", help_text=_("Two-letter ISO code, e.g. KR, US, FI.")
    )
    website = models.URLField(_("website"), blank=True)
    logo = ServedImageField(_("logo"), upload_to=logo_upload_to, blank=True, validators=[validate_logo])
    brn = models.CharField(
        _("business registration number"),
        max_length=10,
        blank=True,
        validators=[validate_brn],
        help_text=_("Korean organisations only, when known; 10 digits."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        # The table kept its name when the model moved from the tenants app.
        db_table = "tenants_partner"
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="tenants_partner_name_unique"),
            models.UniqueConstraint(fields=["brn"], condition=~Q(brn=""), name="tenants_partner_brn_unique"),
            models.CheckConstraint(
                condition=Q(brn="") | Q(brn__regex=r"^[0-9]{10}$"), name="tenants_partner_brn_ten_digits"
            ),
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="tenants_partner_country_code"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:partners") + f"#partner-{self.pk}"

    def served_file_url(self, field_name: str) -> str:
        return reverse("partners:partner_logo", args=[self.pk])

    @property
    def brn_display(self) -> str:
        return format_brn(self.brn) if self.brn else ""


class PartnerContact(models.Model):
    """A person at the partner. Personal data: staff pages and the staff API only."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner organisation")
    )
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=13, blank=True, validators=[validate_phone])

    class Meta:
        # The table kept its name when the model moved from the tenants app.
        db_table = "tenants_partnercontact"
        verbose_name = _("partner contact person")
        verbose_name_plural = _("partner contact persons")
        ordering = ["partner", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.partner})"

    def get_absolute_url(self):
        return reverse("admin:partners_partner_change", args=[self.partner_id])


def mou_document_upload_to(instance, filename):
    # A random name; the original name is kept in a field and only ever shown.
    return random_file_name("mou-documents", instance.document_type)


class MOUQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True, status__in=PUBLIC_MOU_STATUSES)

    def expiring_within(self, days: int, today: date):
        return self.filter(status=MOUStatus.ACTIVE, expires_on__gte=today, expires_on__lte=today + timedelta(days=days))


class MOU(SearchableModel):
    """A memorandum of understanding between the city/hub and one or more partners, for one term.

    A renewal is a new row whose ``previous_term`` is the term it follows.
    """

    SEARCH_FIELDS = ("title_ko", "title_en", "purpose_ko", "purpose_en")

    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"))
    partners = models.ManyToManyField(
        Partner,
        related_name="mous",
        verbose_name=_("partners"),
        help_text=_("The parties besides the city and the hub."),
    )
    firms = models.ManyToManyField(Firm, blank=True, related_name="mous", verbose_name=_("firms concerned"))
    programme = models.CharField(
        _("project concerned"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the hyperscale manufacturing-AI demonstration."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    effective_from = models.DateField(_("in effect from"))
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("Leave empty when the MOU has no end date.")
    )
    auto_renew = models.BooleanField(
        _("renews automatically"),
        default=False,
        help_text=_("For the same length again, unless a party gives notice within the notice period."),
    )
    notice_period_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        default=30,
        help_text=_("Days before expiry by which a party must say whether it renews."),
    )
    status = models.CharField(_("status"), max_length=12, choices=MOUStatus, default=MOUStatus.DRAFT)
    renewal_decision = models.CharField(
        _("renewal decision"), max_length=12, choices=RenewalDecision, default=RenewalDecision.UNDECIDED
    )
    is_public = models.BooleanField(
        _("shown on the public site"),
        default=False,
        help_text=_("Once signed, the title, parties, signing date and purpose appear on the partners page."),
    )
    document = ServedFileField(_("signed document"), upload_to=mou_document_upload_to, blank=True)
    document_name = models.CharField(_("document file name"), max_length=200, blank=True)
    document_type = models.CharField(_("document file type"), max_length=10, blank=True)
    previous_term = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_terms",
        verbose_name=_("renews"),
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MOUQuerySet.as_manager()

    class Meta:
        # The table kept its name when the model moved from the tenants app.
        db_table = "tenants_mou"
        verbose_name = _("MOU")
        verbose_name_plural = _("MOUs")
        ordering = ["-effective_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("effective_from")),
                name="tenants_mou_expires_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status=MOUStatus.DRAFT) | Q(signed_on__isnull=False), name="tenants_mou_signed_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status=MOUStatus.TERMINATED)
                | (Q(terminated_on__isnull=False) & ~Q(termination_reason="")),
                name="tenants_mou_termination_has_reason",
            ),
            # One renewal per term: renewing twice would make two "next" terms.
            models.UniqueConstraint(fields=["previous_term"], name="tenants_mou_one_renewal_per_term"),
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="tenants_mou_status_expiry")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:staff_mou", args=[self.pk])

    def served_file_url(self, field_name: str) -> str:
        return reverse("partners:staff_mou_document", args=[self.pk])

    def clean(self):
        if self.effective_from and self.expires_on and self.expires_on < self.effective_from:
            raise ValidationError({"expires_on": _("The MOU cannot expire before it takes effect.")}, code="order")

    @property
    def notice_deadline(self) -> date | None:
        """The last day a party can say it renews (or, when it renews automatically, that it does not)."""
        return self.expires_on - timedelta(days=self.notice_period_days) if self.expires_on else None

    @property
    def renewal_window_opens(self) -> date | None:
        """Staff should decide between this day and the notice deadline."""
        deadline = self.notice_deadline
        return deadline - timedelta(days=RENEWAL_LEAD_DAYS) if deadline else None

    def days_to_expiry(self, today: date | None = None) -> int | None:
        return (self.expires_on - (today or hub_today())).days if self.expires_on else None

    def in_renewal_window(self, today: date | None = None) -> bool:
        today = today or hub_today()
        return (
            self.status == MOUStatus.ACTIVE
            and self.renewal_decision == RenewalDecision.UNDECIDED
            and self.expires_on is not None
            and self.renewal_window_opens <= today <= self.expires_on
        )

    @property
    def is_shown_publicly(self) -> bool:
        return self.is_public and self.status in PUBLIC_MOU_STATUSES


def training_programme_choices() -> models.QuerySet:
    """The training programmes an MOU may concern, by title.

    ``Programme.mous`` declares the link on the programmes' side (programs builds on partners, never
    the reverse), so the programme model is reached through the relation instead of an import.
    """
    return MOU._meta.get_field("training_programmes").related_model.objects.order_by("title")


def obligation_overdue(day: date, *, obligation: str = "", mou: str = "mou__", still_open_at=None) -> Q:
    """The one definition of an overdue obligation on ``day``, for the MOU pages, the API and the report.

    Past its due date, still open (at ``still_open_at`` for a past day: what was closed later was open
    then), and its MOU in effect on that day: an expired or terminated MOU owes nothing any more.
    ``obligation`` and ``mou`` are the lookup paths from the queried model (e.g. ``"obligations__"``
    and ``""`` from an MOU).
    """
    still_open = Q(**{f"{obligation}status": ObligationStatus.OPEN})
    if still_open_at is not None:
        still_open |= Q(**{f"{obligation}closed_at__gte": still_open_at})
    return (
        Q(**{f"{obligation}due_on__lt": day})
        & still_open
        & (Q(**{f"{mou}expires_on__isnull": True}) | Q(**{f"{mou}expires_on__gte": day}))
        & (Q(**{f"{mou}terminated_on__isnull": True}) | Q(**{f"{mou}terminated_on__gt": day}))
    )


class ObligationQuerySet(models.QuerySet):
    """ "Overdue" is worked out here from the due date and the KST day, never stored."""

    def overdue(self, today: date):
        return self.filter(obligation_overdue(today))

    def not_overdue_open(self, today: date):
        return self.filter(status=ObligationStatus.OPEN).exclude(obligation_overdue(today))

    def in_state(self, state: str, today: date):
        if state == ObligationState.OVERDUE:
            return self.overdue(today)
        if state == ObligationState.OPEN:
            return self.not_overdue_open(today)
        return self.filter(status=state)

    def with_overdue(self, today: date):
        return self.annotate(
            is_overdue=models.Case(
                models.When(obligation_overdue(today), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class Obligation(models.Model):
    """Something a party to an MOU has to do: by a date, or again every month, quarter or year."""

    mou = models.ForeignKey(MOU, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("MOU"))
    party = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("party"),
        help_text=_("Leave empty when the city and the hub owe it."),
    )
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    recurrence = models.CharField(_("repeats"), max_length=10, choices=Recurrence, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=ObligationStatus, default=ObligationStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    previous_occurrence = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_occurrences",
        verbose_name=_("follows"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        # The table kept its name when the model moved from the tenants app.
        db_table = "tenants_obligation"
        verbose_name = _("MOU obligation")
        verbose_name_plural = _("MOU obligations")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recurrence="") | Q(due_on__isnull=False), name="tenants_obligation_recurring_has_due_date"
            ),
            # Completing a recurring obligation twice (done → open → done) makes one next occurrence, not two.
            models.UniqueConstraint(fields=["previous_occurrence"], name="tenants_obligation_one_next_occurrence"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="tenants_obligation_status_due")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:staff_obligation", args=[self.pk])

    def clean(self):
        if self.recurrence and not self.due_on:
            raise ValidationError({"due_on": _("A repeating obligation needs its first due date.")}, code="due_on")

    def state(self, now=None) -> ObligationState:
        """Open, overdue (``obligation_overdue``: open, due before today in KST, MOU in effect), done or waived."""
        today = hub_today(now)
        mou_in_effect = (self.mou.expires_on is None or self.mou.expires_on >= today) and (
            self.mou.terminated_on is None or self.mou.terminated_on > today
        )
        if self.status == ObligationStatus.OPEN and self.due_on and self.due_on < today and mou_in_effect:
            return ObligationState.OVERDUE
        return ObligationState(self.status)

    def days_left(self, today: date | None = None) -> int | None:
        return (self.due_on - (today or hub_today())).days if self.due_on else None


class ObligationNote(models.Model):
    """The obligation's history: notes staff add, and a row for each status change."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), blank=True)
    status_change = models.CharField(_("status set to"), max_length=10, choices=ObligationStatus, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        # The table kept its name when the model moved from the tenants app.
        db_table = "tenants_obligationnote"
        verbose_name = _("obligation note")
        verbose_name_plural = _("obligation notes")
        ordering = ["obligation", "created_at", "pk"]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return self.obligation.get_absolute_url()


class ObligationEvidence(StoredFile):
    """A file showing the obligation was met (report, minutes, photo), checked by content."""

    upload_prefix = "evidence"

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        # The table kept its name when the model moved from the tenants app.
        db_table = "tenants_obligationevidence"
        verbose_name = _("obligation evidence")
        verbose_name_plural = _("obligation evidence")
        ordering = ["obligation", "uploaded_at", "pk"]

    def get_absolute_url(self):
        return reverse("partners:staff_evidence_download", args=[self.obligation_id, self.pk])
