from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.validators import validate_phone, validate_postal_code

from ..choices import LeaseStatus, RenewalStatus, SpaceKind
from .firms import Firm


class Site(models.Model):
    """A Hub&Bridge site: 경남창원산학융합원, 신화더플렉스시티."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    postal_code = models.CharField(_("postal code"), max_length=5, validators=[validate_postal_code])
    address = models.CharField(_("address"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Whom to ask at the site, on the help and contact page; empty ones fall back to the hub office.
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone], help_text=_("e.g. 055-123-4567")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    office_hours = models.CharField(
        _("office hours"), max_length=200, blank=True, help_text=_("e.g. Working days 09:00–18:00, lunch 12:00–13:00")
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("home") + f"#site-{self.slug}"


class Space(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="spaces", verbose_name=_("site"))
    code = models.CharField(_("room or desk number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=SpaceKind, default=SpaceKind.ROOM)
    floor = models.SmallIntegerField(_("floor"))
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=7, decimal_places=2)
    seats = models.PositiveSmallIntegerField(_("seats"))
    monthly_rent = models.PositiveBigIntegerField(_("monthly rent (KRW)"))
    deposit = models.PositiveBigIntegerField(_("deposit (KRW)"))

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["site", "floor", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="tenants_space_site_code_unique"),
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="tenants_space_area_positive"),
        ]

    def __str__(self):
        return f"{self.site} {self.code}"

    def get_absolute_url(self):
        return reverse("admin:tenants_space_change", args=[self.pk])


class Lease(models.Model):
    """A firm's occupation of a space for a period; the active ones make the hub's resident firms."""

    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="leases", verbose_name=_("firm"))
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="leases", verbose_name=_("space"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    monthly_rent = models.PositiveBigIntegerField(_("monthly rent (KRW)"))
    deposit = models.PositiveBigIntegerField(_("deposit (KRW)"))
    status = models.CharField(_("status"), max_length=10, choices=LeaseStatus, default=LeaseStatus.ACTIVE)
    application = models.OneToOneField(
        "tenants.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lease",
        verbose_name=_("from application"),
    )
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="tenants_lease_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.firm} · {self.space} ({self.start_date} – {self.end_date})"

    def get_absolute_url(self):
        return reverse("admin:tenants_lease_change", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.space_id:
            overlapping = Lease.objects.filter(
                space_id=self.space_id,
                status=LeaseStatus.ACTIVE,
                start_date__lte=self.end_date,
                end_date__gte=self.start_date,
            ).exclude(pk=self.pk)
            if self.status == LeaseStatus.ACTIVE and overlapping.exists():
                raise ValidationError(_("This space is already leased for part of that period."), code="overlap")

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.status == LeaseStatus.ACTIVE and self.start_date <= on <= self.end_date


class LeaseRenewalRequest(models.Model):
    """The firm asks to stay longer; staff renew (the end date moves) or decline with a reason."""

    lease = models.ForeignKey(Lease, on_delete=models.CASCADE, related_name="renewal_requests", verbose_name=_("lease"))
    requested_end_date = models.DateField(_("stay until"))
    message = models.TextField(_("message"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=RenewalStatus, default=RenewalStatus.PENDING)
    previous_end_date = models.DateField(_("previous end date"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)

    class Meta:
        verbose_name = _("lease renewal request")
        verbose_name_plural = _("lease renewal requests")
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lease"], condition=Q(status="pending"), name="tenants_one_pending_renewal_per_lease"
            )
        ]

    def __str__(self):
        return f"{self.lease} → {self.requested_end_date}"

    def get_absolute_url(self):
        return reverse("tenants:my_leases")
