"""AI-adoption consulting: a firm's request, its experts, milestones, KPI pairs, targets and budget.

A request becomes an engagement once experts are assigned; milestones, KPIs and spending hang off it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import ServedFileField, StoredFile, random_file_name
from portal.time import hub_today

from ..choices import (
    ACTIVE_ENGAGEMENT_STATES,
    CONSULTING_INDUSTRY_CHOICES,
    KPI_DIRECTION,
    ConsultingCategory,
    ConsultingState,
    FundingSource,
    Kpi,
    MilestoneKind,
    MilestoneStatus,
    Priority,
    TargetScope,
)

KPI_EVIDENCE_PREFIX = "consulting/evidence"


def kpi_evidence_upload_to(instance, filename):
    # `kpi_record` stores evidence through `store_upload`, named by the detected type. A file assigned
    # directly was never checked: it is opaque bytes, whatever the client named it.
    return random_file_name(KPI_EVIDENCE_PREFIX, "bin")


class Skill(models.Model):
    """A tag for what an expert knows and what a request needs; category slugs are skills too."""

    slug = models.SlugField(_("slug"), unique=True, max_length=50)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:staff_experts") + f"?skill={self.slug}"


class Expert(models.Model):
    """A consultant or partner engineer. Load is derived from active assignments, never stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile", verbose_name=_("person")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("organisation"),
        help_text=_("Empty for the hub's own consultants."),
    )
    skills = models.ManyToManyField(Skill, related_name="experts", blank=True, verbose_name=_("skills"))
    languages = models.CharField(_("languages"), max_length=50, default="ko", help_text=_("e.g. ko, en"))
    capacity = models.PositiveSmallIntegerField(_("most engagements at once"), default=3)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["user__name", "pk"]

    def __str__(self):
        return self.user.get_full_name() or self.user.email

    def get_absolute_url(self):
        return reverse("programs:staff_experts")

    @property
    def organisation(self) -> str:
        return str(self.partner) if self.partner_id else str(_("Hub&Bridge (the hub)"))


def with_load(queryset):
    """Experts annotated with ``load``: engagements assigned to them that are still active."""
    return queryset.annotate(
        load=models.Count(
            "assignments", filter=Q(assignments__request__state__in=ACTIVE_ENGAGEMENT_STATES), distinct=True
        )
    )


class ConsultingRequest(models.Model):
    """A firm's request for AI-adoption consulting; an engagement once experts are assigned."""

    firm = models.ForeignKey(
        "tenants.Firm", on_delete=models.PROTECT, related_name="consulting_requests", verbose_name=_("firm")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    title = models.CharField(_("short title"), max_length=120)
    industry = models.CharField(_("industry"), max_length=20, choices=CONSULTING_INDUSTRY_CHOICES)
    process_area = models.CharField(_("process area"), max_length=120, help_text=_("e.g. injection moulding line 2"))
    problem_statement = models.TextField(_("problem statement"))
    has_sensors = models.BooleanField(_("sensor data"), default=False)
    has_mes_erp = models.BooleanField(_("MES / ERP data"), default=False)
    has_quality_records = models.BooleanField(_("quality records"), default=False)
    data_volume = models.CharField(_("data volume"), max_length=120, blank=True, help_text=_("e.g. 2 years, 30 GB"))
    desired_outcome = models.TextField(_("desired outcome"))
    preferred_schedule = models.CharField(_("preferred schedule"), max_length=120, blank=True)
    may_name_firm = models.BooleanField(
        _("the hub may name our firm in published outcomes"),
        default=False,
        help_text=_("Optional. Without it the public outcomes page never shows the firm's name."),
    )
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    consent_ip = models.GenericIPAddressField(_("consent IP address"), null=True, blank=True)
    # Set by the retention purge once the period of the consent text has passed (address and
    # attachments removed); the KPIs stay for the outcome reports, which name no person.
    purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=ConsultingState, default=ConsultingState.DRAFT)
    # Triage
    is_eligible = models.BooleanField(_("eligible"), null=True, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority, default=Priority.NORMAL)
    category = models.CharField(_("category"), max_length=30, choices=ConsultingCategory, blank=True)
    tags = models.ManyToManyField(Skill, related_name="requests", blank=True, verbose_name=_("skills needed"))
    triage_reason = models.TextField(_("triage reason"), blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("consulting request")
        verbose_name_plural = _("consulting requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "industry"], name="programs_consulting_state")]

    def __str__(self):
        return f"{self.title} ({self.firm})"

    def get_absolute_url(self):
        return reverse("programs:consulting_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state == ConsultingState.DRAFT

    def needed_skill_slugs(self) -> set[str]:
        slugs = {tag.slug for tag in self.tags.all()}
        if self.category and self.category != ConsultingCategory.OTHER:
            slugs.add(self.category)
        return slugs


class ConsultingAttachment(StoredFile):
    upload_prefix = "consulting"

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("consulting attachment")
        verbose_name_plural = _("consulting attachments")
        ordering = ["uploaded_at", "pk"]

    def get_absolute_url(self):
        return reverse("programs:consulting_attachment", args=[self.request_id, self.pk])


class Assignment(models.Model):
    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("expert"))
    is_lead = models.BooleanField(_("lead"), default=False)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["request", "-is_lead", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "expert"], name="programs_assignment_once"),
            models.UniqueConstraint(fields=["request"], condition=Q(is_lead=True), name="programs_one_lead"),
        ]

    def __str__(self):
        return f"{self.expert} → {self.request}"

    def get_absolute_url(self):
        return self.request.get_absolute_url()


class Milestone(models.Model):
    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind)
    title = models.CharField(_("title"), max_length=120, blank=True, help_text=_("Required for a custom milestone."))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=MilestoneStatus, default=MilestoneStatus.PLANNED)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["request", "due_on", "pk"]

    def __str__(self):
        return self.title or self.get_kind_display()

    def get_absolute_url(self):
        return self.request.get_absolute_url()

    @property
    def is_overdue(self) -> bool:
        """Not done (planned or in progress) and its due date was before today in KST."""
        open_statuses = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
        return self.status in open_statuses and self.due_on < hub_today()

    def clean(self):
        if self.kind == MilestoneKind.CUSTOM and not self.title.strip():
            raise ValidationError({"title": _("Name the custom milestone.")}, code="title_required")


class Deliverable(StoredFile):
    upload_prefix = "consulting"

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="deliverables")

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["uploaded_at", "pk"]

    def get_absolute_url(self):
        return reverse("programs:consulting_deliverable", args=[self.milestone.request_id, self.pk])


class KpiMeasurement(models.Model):
    """One KPI of one engagement: the baseline and, later, the after measurement. Staff verify the pair."""

    request = models.ForeignKey(ConsultingRequest, on_delete=models.CASCADE, related_name="kpis")
    kpi = models.CharField(_("KPI"), max_length=20, choices=Kpi)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=12, decimal_places=3)
    baseline_unit = models.CharField(_("baseline unit"), max_length=30)
    baseline_method = models.CharField(_("baseline method"), max_length=200)
    baseline_on = models.DateField(_("baseline date"))
    baseline_evidence = ServedFileField(_("baseline evidence"), upload_to=kpi_evidence_upload_to, blank=True)
    baseline_evidence_type = models.CharField(_("baseline evidence type"), max_length=10, blank=True, default="")
    after_value = models.DecimalField(_("after value"), max_digits=12, decimal_places=3, null=True, blank=True)
    after_unit = models.CharField(_("after unit"), max_length=30, blank=True)
    after_method = models.CharField(_("after method"), max_length=200, blank=True)
    after_on = models.DateField(_("after date"), null=True, blank=True)
    after_evidence = ServedFileField(_("after evidence"), upload_to=kpi_evidence_upload_to, blank=True)
    after_evidence_type = models.CharField(_("after evidence type"), max_length=10, blank=True, default="")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("KPI measurement")
        verbose_name_plural = _("KPI measurements")
        ordering = ["request", "kpi"]
        permissions = [("verify_kpimeasurement", _("Can verify KPI measurements against their evidence"))]
        constraints = [
            models.UniqueConstraint(fields=["request", "kpi"], name="programs_one_kpi_per_engagement"),
            models.CheckConstraint(condition=Q(baseline_value__gt=0), name="programs_kpi_baseline_positive"),
            models.CheckConstraint(
                condition=Q(after_value__isnull=True) | Q(after_value__gte=0), name="programs_kpi_after_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kpi="defect_rate")
                | (Q(baseline_value__lte=100) & (Q(after_value__isnull=True) | Q(after_value__lte=100))),
                name="programs_kpi_defect_rate_percent",
            ),
            models.CheckConstraint(
                condition=Q(after_on__isnull=True) | Q(after_on__gte=F("baseline_on")),
                name="programs_kpi_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_kpi_display()} · {self.request}"

    def get_absolute_url(self):
        return self.request.get_absolute_url()

    def served_file_url(self, field_name: str) -> str:
        phase = field_name.removesuffix("_evidence")
        return reverse("programs:consulting_kpi_evidence", args=[self.request_id, self.pk, phase])

    def clean(self):
        errors = {}
        if self.baseline_value is not None and self.baseline_value <= 0:
            errors["baseline_value"] = _("The baseline must be more than zero; a change is measured against it.")
        if self.after_value is not None and self.after_value < 0:
            errors["after_value"] = _("A measurement cannot be negative.")
        if self.kpi == Kpi.DEFECT_RATE:
            for name in ("baseline_value", "after_value"):
                value = getattr(self, name)
                if value is not None and value > 100 and name not in errors:
                    errors[name] = _("A defect rate is a percentage: at most 100.")
        if self.after_on and self.baseline_on and self.after_on < self.baseline_on:
            errors["after_on"] = _("The after measurement cannot be dated before the baseline.")
        if errors:
            raise ValidationError(errors, code="invalid_kpi")

    @property
    def has_both(self) -> bool:
        return self.after_value is not None

    @property
    def change_percent(self) -> Decimal | None:
        from ..selectors import kpi_change_percent

        return kpi_change_percent(self.baseline_value, self.after_value)

    @property
    def improvement_percent(self) -> Decimal | None:
        from ..selectors import kpi_improvement_percent

        return kpi_improvement_percent(self.kpi, self.baseline_value, self.after_value)

    @property
    def direction(self) -> int:
        return KPI_DIRECTION[Kpi(self.kpi)]


class KpiTarget(models.Model):
    """The hub's public targets, kept as data: staff change them in the admin or on the staff page."""

    scope = models.CharField(_("scope"), max_length=20, choices=TargetScope)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, help_text=_("For “this year” targets."))
    kpi = models.CharField(_("KPI"), max_length=20, choices=Kpi)
    target_percent = models.DecimalField(
        _("target change (%)"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Signed as published: +18 for productivity up 18 %, −9 for defects down 9 %."),
    )

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["scope", "-year", "kpi"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "year", "kpi"], name="programs_one_target_per_scope_year_kpi"),
            models.UniqueConstraint(
                fields=["scope", "kpi"], condition=Q(year__isnull=True), name="programs_one_completion_target_per_kpi"
            ),
            models.CheckConstraint(
                condition=(Q(scope="year") & Q(year__isnull=False)) | (Q(scope="completion") & Q(year__isnull=True)),
                name="programs_target_year_matches_scope",
            ),
        ]

    def __str__(self):
        label = self.year if self.scope == TargetScope.YEAR else self.get_scope_display()
        return f"{label} · {self.get_kpi_display()} {self.target_percent:+}%"

    def get_absolute_url(self):
        return reverse("programs:staff_targets")

    def clean(self):
        if self.scope == TargetScope.YEAR and not self.year:
            raise ValidationError({"year": _("A “this year” target needs its year.")}, code="year_required")
        if self.scope == TargetScope.COMPLETION and self.year:
            raise ValidationError({"year": _("An “at completion” target has no year.")}, code="year_forbidden")


class FundedProject(models.Model):
    """A funded programme or project (e.g. hyperscale manufacturing-AI), with budget lines by source."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:staff_budget")


class BudgetLine(models.Model):
    project = models.ForeignKey(FundedProject, on_delete=models.PROTECT, related_name="budget_lines")
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource)
    amount = models.PositiveBigIntegerField(_("amount (KRW)"))

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["project", "source"]
        constraints = [models.UniqueConstraint(fields=["project", "source"], name="programs_one_line_per_source")]

    def __str__(self):
        return f"{self.project} · {self.get_source_display()}"

    def get_absolute_url(self):
        return reverse("programs:staff_budget")

    def spent(self) -> int:
        return self.spendings.aggregate(total=Sum("amount"))["total"] or 0


class Spending(models.Model):
    request = models.ForeignKey(
        ConsultingRequest, on_delete=models.PROTECT, related_name="spendings", verbose_name=_("engagement")
    )
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="spendings", verbose_name=_("budget line")
    )
    amount = models.PositiveBigIntegerField(_("amount (KRW)"))
    spent_on = models.DateField(_("spent on"))
    description = models.CharField(_("description"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["-spent_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="programs_spending_positive")]

    def __str__(self):
        return f"{self.amount:,} KRW · {self.request}"

    def get_absolute_url(self):
        return reverse("programs:consulting_detail", args=[self.request_id])
