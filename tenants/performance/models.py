"""Reporting rounds and the performance returns firms file in them (입주기업 성과관리).

A round asks one population (current residents and graduates within N years of move-out) for the
figures of one period; opening it creates exactly one return per eligible firm. A return's status
changes only through ``tenants.performance.services.return_transition``; "overdue" is derived from
the round's due date, never stored, while "late" is stamped when a return is first handed in.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import StoredFile
from tenants.models import Firm

from .choices import (
    EDITABLE_RETURN_STATUSES,
    BaselineSource,
    EvidenceFigure,
    InvestmentRoundType,
    IPKind,
    Population,
    ReturnStatus,
    RoundKind,
    RoundStatus,
)

DEFAULT_GRADUATE_YEARS = 5
# Bounds that catch a slip of the keyboard (a revenue in the quadrillions, ten thousand staff);
# they are far above any firm of a hub like this one.
MAX_KRW = 10**13  # 10 trillion KRW
MAX_USD = 10**10
MAX_PEOPLE = 10_000
MAX_IP_COUNT = 1_000

krw_limit = MaxValueValidator(MAX_KRW, _("That amount is implausibly large; check the number of digits."))
people_limit = MaxValueValidator(MAX_PEOPLE, _("That number is implausibly large for a firm at the hub."))


class ReportingRound(models.Model):
    """One request for figures: its period (KST days), its due moment and whom it asks."""

    title = models.CharField(_("title"), max_length=100, help_text=_("E.g. 2026 first half."))
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind, default=RoundKind.HALF_YEAR)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    due_at = models.DateTimeField(_("due at"), help_text=_("KST, to the minute."))
    include_residents = models.BooleanField(_("current residents"), default=True)
    graduate_years = models.PositiveSmallIntegerField(
        _("graduates moved out within (years)"),
        default=DEFAULT_GRADUATE_YEARS,
        validators=[MaxValueValidator(20)],
        help_text=_("0 asks no graduates."),
    )
    ask_youth = models.BooleanField(
        _("ask for youth hires"), default=True, help_text=_("Of the new hires, those aged 15–34.")
    )
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus, default=RoundStatus.DRAFT)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="performance_round_period_ordered"
            ),
        ]
        permissions = [("open_reportinground", _("Can open reporting rounds and send reminders"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("performance:staff_round", args=[self.pk])

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")}, code="order")
        if not self.include_residents and not self.graduate_years:
            raise ValidationError(_("Ask the residents, the graduates or both."), code="empty_population")

    def is_past_due(self, now=None) -> bool:
        return (now or timezone.now()) > self.due_at


class Baseline(models.Model):
    """A firm's figures at move-in: what every return's growth is measured against."""

    firm = models.OneToOneField(Firm, on_delete=models.CASCADE, related_name="performance_baseline")
    revenue = models.PositiveBigIntegerField(_("revenue (KRW)"), null=True, blank=True, validators=[krw_limit])
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True, validators=[people_limit])
    investment = models.PositiveBigIntegerField(
        _("investment raised to date (KRW)"), null=True, blank=True, validators=[krw_limit]
    )
    ip_count = models.PositiveIntegerField(
        _("IP held (applied and registered)"), null=True, blank=True, validators=[MaxValueValidator(MAX_IP_COUNT)]
    )
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=12, choices=BaselineSource, default=BaselineSource.STAFF)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("performance baseline")
        verbose_name_plural = _("performance baselines")
        ordering = ["firm"]

    def __str__(self):
        return f"{self.firm} ({self.as_of})"

    def get_absolute_url(self):
        return reverse("tenants:staff_firm", args=[self.firm_id])


class Reporter(models.Model):
    """A member the representative lets fill in the firm's returns (the representative always may)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="performance_reporters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("performance reporter")
        verbose_name_plural = _("performance reporters")
        ordering = ["firm", "granted_at"]
        constraints = [models.UniqueConstraint(fields=["firm", "user"], name="performance_one_reporter_row")]

    def __str__(self):
        return f"{self.user} · {self.firm}"

    def get_absolute_url(self):
        return reverse("performance:my_performance")


class PerformanceReturnQuerySet(models.QuerySet):
    def overdue(self, now=None):
        """Not handed in and past the round's due moment."""
        return self.filter(status=ReturnStatus.DRAFT, round__due_at__lt=now or timezone.now())


class PerformanceReturn(models.Model):
    """One firm's figures for one round. Figures left empty were not reported (not zero)."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.PROTECT, related_name="returns", verbose_name=_("reporting round")
    )
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="performance_returns")
    population = models.CharField(_("population"), max_length=10, choices=Population)
    status = models.CharField(_("status"), max_length=12, choices=ReturnStatus, default=ReturnStatus.DRAFT)

    revenue = models.PositiveBigIntegerField(_("revenue (KRW)"), null=True, blank=True, validators=[krw_limit])
    employees_full_time = models.PositiveIntegerField(
        _("full-time employees at period end"), null=True, blank=True, validators=[people_limit]
    )
    employees_part_time = models.PositiveIntegerField(
        _("part-time employees at period end"), null=True, blank=True, validators=[people_limit]
    )
    new_hires = models.PositiveIntegerField(
        _("of whom newly hired in the period"), null=True, blank=True, validators=[people_limit]
    )
    youth_hires = models.PositiveIntegerField(
        _("of the new hires, youth (15–34)"), null=True, blank=True, validators=[people_limit]
    )
    exports_krw = models.PositiveBigIntegerField(_("exports (KRW)"), null=True, blank=True, validators=[krw_limit])
    exports_usd = models.DecimalField(
        _("exports (USD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_USD, _("That amount is implausibly large; check the number of digits."))],
    )
    exchange_rate = models.DecimalField(
        _("KRW per USD used"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000)],
    )
    exchange_rate_on = models.DateField(_("exchange rate of"), null=True, blank=True)
    certifications = models.TextField(_("certifications obtained"), blank=True)
    awards = models.TextField(_("awards"), blank=True)
    products_launched = models.TextField(_("products launched"), blank=True)
    notes = models.TextField(_("anything else to report"), blank=True)

    staff_comments = models.JSONField(
        _("staff comments by field"), default=dict, blank=True, help_text=_("Field name → what to correct.")
    )
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("submitted late"), default=False)
    accepted_at = models.DateTimeField(_("review completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PerformanceReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance return")
        verbose_name_plural = _("performance returns")
        ordering = ["-round__period_end", "firm__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "firm"], name="performance_one_return_per_firm_per_round"),
            models.CheckConstraint(
                condition=Q(new_hires__isnull=True)
                | Q(employees_full_time__isnull=True)
                | Q(new_hires__lte=models.F("employees_full_time") + models.F("employees_part_time")),
                name="performance_new_hires_within_employees",
            ),
            models.CheckConstraint(
                condition=Q(youth_hires__isnull=True)
                | Q(new_hires__isnull=True)
                | Q(youth_hires__lte=models.F("new_hires")),
                name="performance_youth_within_new_hires",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReturnStatus.ACCEPTED) | Q(accepted_at__isnull=False),
                name="performance_accepted_has_time",
            ),
        ]
        permissions = [("review_performancereturn", _("Can return or accept performance returns"))]

    def __str__(self):
        return f"{self.firm} · {self.round}"

    def get_absolute_url(self):
        return reverse("performance:my_return", args=[self.pk])

    def get_staff_url(self):
        return reverse("performance:staff_return", args=[self.pk])

    def clean(self):
        errors = {}
        employees = (self.employees_full_time or 0) + (self.employees_part_time or 0)
        if self.new_hires is not None and self.new_hires > employees:
            errors["new_hires"] = _("New hires are counted among the employees at period end: at most %(count)s.") % {
                "count": employees
            }
        if self.youth_hires is not None and self.youth_hires > (self.new_hires or 0):
            errors["youth_hires"] = _("Youth hires are counted among the new hires.")
        if self.exports_usd is not None and (self.exchange_rate is None or self.exchange_rate_on is None):
            errors["exchange_rate"] = _("Note the exchange rate and its date for an amount in USD.")
        if self.exchange_rate is not None and self.exchange_rate <= 0:
            errors["exchange_rate"] = _("The exchange rate must be positive.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_RETURN_STATUSES

    @property
    def is_locked(self) -> bool:
        return self.status == ReturnStatus.ACCEPTED

    def is_overdue(self, now=None) -> bool:
        return self.status == ReturnStatus.DRAFT and self.round.is_past_due(now)

    @property
    def employees_total(self) -> int | None:
        if self.employees_full_time is None and self.employees_part_time is None:
            return None
        return (self.employees_full_time or 0) + (self.employees_part_time or 0)

    @property
    def exports_in_krw(self) -> int | None:
        """Exports in KRW: the KRW figure, else the USD one at the rate noted."""
        if self.exports_krw is not None:
            return self.exports_krw
        if self.exports_usd is not None and self.exchange_rate:
            return int(self.exports_usd * self.exchange_rate)
        return None


class Investment(models.Model):
    performance_return = models.ForeignKey(
        PerformanceReturn, on_delete=models.CASCADE, related_name="investments", verbose_name=_("performance return")
    )
    amount = models.PositiveBigIntegerField(_("amount (KRW)"), validators=[krw_limit])
    investor = models.CharField(_("investor"), max_length=100)
    round_type = models.CharField(_("round type"), max_length=16, choices=InvestmentRoundType)
    invested_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("investment raised")
        verbose_name_plural = _("investments raised")
        ordering = ["performance_return", "invested_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="performance_investment_positive")]

    def __str__(self):
        return f"{self.investor} ({self.amount:,} KRW)"

    def get_absolute_url(self):
        return self.performance_return.get_absolute_url()


class IntellectualProperty(models.Model):
    """Counts of one kind of IP in the period, with the application or registration numbers."""

    performance_return = models.ForeignKey(
        PerformanceReturn, on_delete=models.CASCADE, related_name="ip_rights", verbose_name=_("performance return")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=IPKind)
    applied = models.PositiveIntegerField(_("applied"), default=0, validators=[MaxValueValidator(MAX_IP_COUNT)])
    registered = models.PositiveIntegerField(_("registered"), default=0, validators=[MaxValueValidator(MAX_IP_COUNT)])
    numbers = models.TextField(_("application or registration numbers"), blank=True)

    class Meta:
        verbose_name = _("intellectual property")
        verbose_name_plural = _("intellectual property")
        ordering = ["performance_return", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["performance_return", "kind"], name="performance_one_ip_row_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.applied}/{self.registered}"

    def get_absolute_url(self):
        return self.performance_return.get_absolute_url()


class ReturnEvidence(StoredFile):
    upload_prefix = "performance-evidence"

    performance_return = models.ForeignKey(
        PerformanceReturn, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("performance return")
    )
    figure = models.CharField(_("supports"), max_length=16, choices=EvidenceFigure)

    class Meta:
        verbose_name = _("performance evidence file")
        verbose_name_plural = _("performance evidence files")
        ordering = ["performance_return", "figure", "uploaded_at", "pk"]

    def get_absolute_url(self):
        return reverse("performance:evidence_download", args=[self.performance_return_id, self.pk])


class ReturnStatusChange(models.Model):
    """The return's timeline, seen by the firm and staff: one row per status change, with the comments."""

    performance_return = models.ForeignKey(PerformanceReturn, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=12, choices=ReturnStatus)
    to_status = models.CharField(_("to"), max_length=12, choices=ReturnStatus)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    comments = models.JSONField(_("comments by field"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("performance return status change")
        verbose_name_plural = _("performance return status changes")
        ordering = ["performance_return", "changed_at", "pk"]

    def __str__(self):
        return f"{self.performance_return}: {self.from_status} → {self.to_status}"

    def get_absolute_url(self):
        return self.performance_return.get_absolute_url()
