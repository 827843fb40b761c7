"""Tenancy calls (모집공고), online applications, attachments, stage history and reviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import StoredFile
from portal.forms import ChoiceListField

from ..choices import EDITABLE_STAGES, ApplicationStage, CallState, ConflictState, SpaceKind
from .firms import Firm
from .spaces import Site

# The criteria of a call weigh 100 % together: the review ranks by their weighted mean.
CRITERIA_TOTAL = 100


class TenancyCall(models.Model):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("announcement"))
    eligibility = models.TextField(_("eligibility"), blank=True)
    sites = models.ManyToManyField(Site, related_name="calls", verbose_name=_("sites offered"))
    space_kinds = ChoiceListField(_("space types offered"), item_choices=SpaceKind.choices, default=list, blank=True)
    opens_at = models.DateTimeField(_("applications open at"))
    closes_at = models.DateTimeField(_("applications close at"))
    blind_review = models.BooleanField(
        _("blind review"), default=False, help_text=_("Reviewers do not see which firm applied.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("tenancy call")
        verbose_name_plural = _("tenancy calls")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="tenants_call_closes_after_opening"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tenants:call_detail", args=[self.pk])

    def state(self, now=None) -> CallState:
        now = now or timezone.now()
        if not self.is_published:
            return CallState.DRAFT
        if now < self.opens_at:
            return CallState.UPCOMING
        if now < self.closes_at:
            return CallState.OPEN
        return CallState.CLOSED

    def accepts_submissions(self, now=None) -> bool:
        """Open from ``opens_at`` up to, not including, ``closes_at`` (to the minute, in KST)."""
        return self.state(now) == CallState.OPEN

    def get_space_kinds_display(self) -> list[str]:
        return [SpaceKind(kind).label for kind in self.space_kinds if kind in SpaceKind.values]

    def reviews_started(self) -> bool:
        """A reviewer has scored an application of the call: from then on its criteria are fixed, or
        the scores given and those still to come would be weighed differently."""
        return ReviewScore.objects.filter(criterion__call=self).exists()


class CallRequirement(models.Model):
    """An attachment the call asks for (사업자등록증, 사업계획서, 재무제표 …)."""

    call = models.ForeignKey(TenancyCall, on_delete=models.CASCADE, related_name="requirements")
    name = models.CharField(_("document"), max_length=100)
    required = models.BooleanField(_("required"), default=True)
    shown_in_blind_review = models.BooleanField(
        _("shown in a blind review"),
        default=False,
        help_text=_(
            "Reviewers of a blind call see this document (e.g. the business plan, submitted without the firm's name)."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("required attachment")
        verbose_name_plural = _("required attachments")
        ordering = ["call", "position", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.call.get_absolute_url()


class CallCriterion(models.Model):
    """An evaluation criterion with its weight; reviewers score each from 0 to 100."""

    call = models.ForeignKey(TenancyCall, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0, weight__lte=100), name="tenants_criterion_weight_range")
        ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"

    def get_absolute_url(self):
        return self.call.get_absolute_url()


class Application(models.Model):
    call = models.ForeignKey(TenancyCall, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="applications", verbose_name=_("firm"))
    stage = models.CharField(_("stage"), max_length=20, choices=ApplicationStage, default=ApplicationStage.DRAFT)
    summary = models.CharField(_("business summary"), max_length=300, blank=True)
    plan = models.TextField(_("what the firm will do at the hub"), blank=True)
    requested_site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("preferred site")
    )
    requested_space_kind = models.CharField(_("space type wanted"), max_length=10, choices=SpaceKind, blank=True)
    headcount = models.PositiveSmallIntegerField(_("people who will work at the hub"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    staged_decision = models.CharField(
        _("staged decision"),
        max_length=20,
        blank=True,
        choices=[
            (ApplicationStage.SELECTED.value, ApplicationStage.SELECTED.label),
            (ApplicationStage.REJECTED.value, ApplicationStage.REJECTED.label),
        ],
    )
    staged_reason = models.TextField(_("staged decision reason"), blank=True)
    receipt_number = models.CharField(
        _("receipt number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Given at the first submission, e.g. HB-2026-000123."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("tenancy application")
        verbose_name_plural = _("tenancy applications")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "firm"], name="tenants_one_application_per_firm_per_call")
        ]
        permissions = [("decide_application", _("Can decide tenancy applications"))]

    def __str__(self):
        return f"{self.firm} · {self.call}"

    def get_absolute_url(self):
        return reverse("tenants:application_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """A draft, or an application returned for correction (the firm replaces documents and edits)."""
        return self.stage in EDITABLE_STAGES

    @property
    def is_returned(self) -> bool:
        return self.stage == ApplicationStage.RETURNED

    def get_receipt_url(self):
        return reverse("tenants:application_receipt", args=[self.pk])


class ReceiptCounter(models.Model):
    """The last receipt number given in a year (KST); its row is locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {self.last_number}"

    def get_absolute_url(self):
        return reverse("admin:tenants_receiptcounter_changelist")


class CorrectionRequest(models.Model):
    """서류 보완 요청: staff return a submitted application with comments and a new deadline (KST)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="correction_requests", verbose_name=_("application")
    )
    comment = models.TextField(_("what to correct"), blank=True)
    due_at = models.DateTimeField(_("resubmit by"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    resubmitted_at = models.DateTimeField(_("resubmitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["application", "-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("requested_at")), name="tenants_correction_due_after_request"
            )
        ]

    def __str__(self):
        return f"{self.application} · {timezone.localtime(self.due_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return self.application.get_absolute_url()

    def is_overdue(self, now=None) -> bool:
        """The deadline passed without a resubmission (the firm can no longer resubmit)."""
        return self.resubmitted_at is None and (now or timezone.now()) >= self.due_at


class CorrectionItem(models.Model):
    """What to correct in one document the call asks for."""

    correction = models.ForeignKey(CorrectionRequest, on_delete=models.CASCADE, related_name="items")
    requirement = models.ForeignKey(
        CallRequirement, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    comment = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("correction of a document")
        verbose_name_plural = _("corrections of documents")
        ordering = ["correction", "requirement__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["correction", "requirement"], name="tenants_one_correction_per_document")
        ]

    def __str__(self):
        return f"{self.requirement}: {self.comment[:40]}"

    def get_absolute_url(self):
        return self.correction.get_absolute_url()


class ApplicationAttachment(StoredFile):
    upload_prefix = "attachments"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    requirement = models.ForeignKey(
        CallRequirement, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("document")
    )

    class Meta:
        verbose_name = _("application attachment")
        verbose_name_plural = _("application attachments")
        ordering = ["application", "requirement__position", "uploaded_at"]

    def get_absolute_url(self):
        return reverse("tenants:attachment_download", args=[self.application_id, self.pk])


class ApplicationStageChange(models.Model):
    """The timeline the firm sees: one row per stage change, with who and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=20, choices=ApplicationStage)
    to_stage = models.CharField(_("to"), max_length=20, choices=ApplicationStage)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("application stage change")
        verbose_name_plural = _("application stage changes")
        ordering = ["application", "changed_at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.from_stage} → {self.to_stage}"

    def get_absolute_url(self):
        return self.application.get_absolute_url()


class ReviewAssignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="review_assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    conflict = models.CharField(
        _("conflict of interest"), max_length=10, choices=ConflictState, default=ConflictState.PENDING
    )
    conflict_note = models.TextField(_("conflict note"), blank=True)
    submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["application", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="tenants_one_assignment_per_reviewer")
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.application}"

    def get_absolute_url(self):
        return reverse("tenants:review_detail", args=[self.pk])

    @property
    def counts(self) -> bool:
        return self.conflict == ConflictState.NONE and self.submitted_at is not None


class ReviewScore(models.Model):
    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(CallCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score (0–100)"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        ordering = ["assignment", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="tenants_one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__lte=100), name="tenants_score_at_most_100"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"

    def get_absolute_url(self):
        return self.assignment.get_absolute_url()
