"""The tenant service desk: requests from resident firms, their timeline, files and service levels.

A request's state changes only through ``tenants.desk.services.service_request_transition``. Its
timeline (``RequestEntry``) holds status changes, public replies and internal notes; internal
notes are staff-only, and every read the firm reaches goes through ``RequestEntryQuerySet.for_firm``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import ServedFileField, StoredFile
from portal.search import SearchableModel
from portal.time import add_working_days, hub_today
from portal.uploads import ATTACHMENT_TYPES
from tenants.models import Firm, Site, Space

from .choices import (
    OPEN_STATES,
    REOPEN_WINDOW_WORKING_DAYS,
    Actor,
    EntryKind,
    Priority,
    RequestCategory,
    RequestState,
)


class ServiceLevel(models.Model):
    """How many working days the hub gives itself for a category (weekends and holidays do not count)."""

    category = models.CharField(_("category"), max_length=20, choices=RequestCategory, unique=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")
        ordering = ["category"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_days__gte=1, working_days__lte=60), name="desk_servicelevel_days_range"
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.working_days}"

    def get_absolute_url(self):
        return reverse("admin:desk_servicelevel_change", args=[self.pk])


class ServiceRequestQuerySet(models.QuerySet):
    def overdue(self, today):
        return self.filter(state__in=OPEN_STATES, due_on__lt=today)

    def with_overdue(self, today):
        return self.annotate(
            is_overdue=models.Case(
                models.When(state__in=OPEN_STATES, due_on__lt=today, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class ServiceRequest(SearchableModel):
    """Something a resident firm asks the hub for: a repair, an access card, a document …"""

    SEARCH_FIELDS = ("subject", "description")

    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="service_requests", verbose_name=_("firm"))
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("requested by"),
    )
    category = models.CharField(_("category"), max_length=20, choices=RequestCategory)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="service_requests", verbose_name=_("site"))
    space = models.ForeignKey(
        Space,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("space"),
        help_text=_("The room or desk concerned, if any."),
    )
    subject = models.CharField(_("subject"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Priority, default=Priority.NORMAL)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority, default=Priority.NORMAL)
    state = models.CharField(_("status"), max_length=12, choices=RequestState, default=RequestState.RECEIVED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_service_requests",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    reopen_until = models.DateField(_("may be reopened until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=RequestState.REJECTED) | ~Q(rejection_reason=""),
                name="desk_request_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state=RequestState.RESOLVED) | Q(resolved_at__isnull=False, reopen_until__isnull=False),
                name="desk_request_resolved_has_window",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="desk_request_state_due"),
            models.Index(fields=["firm", "-created_at"], name="desk_request_firm_created"),
        ]
        permissions = [("manage_servicerequest", _("Can work on service requests (owner, replies, status)"))]

    def __str__(self):
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self):
        return reverse("desk:request_detail", args=[self.pk])

    def get_staff_url(self):
        return reverse("desk:staff_request", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"SR-{self.pk:05d}" if self.pk else "SR-new"

    def is_overdue_on(self, today=None) -> bool:
        return self.state in OPEN_STATES and self.due_on < (today or hub_today())

    def can_be_reopened(self, today=None) -> bool:
        """The firm may reopen a resolved request until the end of its reopen window (KST)."""
        return (
            self.state == RequestState.RESOLVED
            and self.reopen_until is not None
            and ((today or hub_today()) <= self.reopen_until)
        )

    def can_be_confirmed(self) -> bool:
        return self.state == RequestState.RESOLVED

    @property
    def is_finished(self) -> bool:
        return self.state not in OPEN_STATES

    @staticmethod
    def reopen_window_ends(resolved_on):
        return add_working_days(resolved_on, REOPEN_WINDOW_WORKING_DAYS)


class RequestEntryQuerySet(models.QuerySet):
    def for_firm(self):
        """What the firm may read: status changes and public replies, never an internal note."""
        return self.exclude(kind=EntryKind.INTERNAL_NOTE)


class RequestEntry(models.Model):
    """One line of a request's timeline: a status change, a public reply or a staff-only note."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind)
    text = models.TextField(_("message"), blank=True, max_length=5000)
    from_state = models.CharField(_("from status"), max_length=12, choices=RequestState, blank=True)
    to_state = models.CharField(_("to status"), max_length=12, choices=RequestState, blank=True)
    actor = models.CharField(_("by"), max_length=10, choices=Actor, default=Actor.STAFF)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    objects = RequestEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("request timeline entry")
        verbose_name_plural = _("request timeline entries")
        ordering = ["request", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=EntryKind.STATE_CHANGE) | ~Q(to_state=""), name="desk_entry_state_change_has_state"
            ),
        ]

    def __str__(self):
        return f"{self.request.reference} {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.request.get_staff_url()

    @property
    def is_internal(self) -> bool:
        return self.kind == EntryKind.INTERNAL_NOTE


class RequestAttachment(StoredFile):
    """A photo or document the firm (or staff, with a public reply) adds to a request; never internal."""

    upload_prefix = "desk"
    allowed_types = tuple(ATTACHMENT_TYPES)

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    entry = models.ForeignKey(RequestEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="files")

    class Meta:
        verbose_name = _("request attachment")
        verbose_name_plural = _("request attachments")
        ordering = ["request", "uploaded_at", "pk"]

    def get_absolute_url(self):
        return reverse("desk:attachment_download", args=[self.request_id, self.pk])

    @property
    def is_image(self) -> bool:
        return self.file_type in ("jpg", "png")


def residence_certificate_upload_to(instance, filename):
    return f"residence-certificates/{instance.verification_code}.pdf"


class ResidenceCertificate(models.Model):
    """입주확인서: what the hub certified, as it stood on the day of issue (later changes do not alter it)."""

    request = models.OneToOneField(
        ServiceRequest, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("request")
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=40, unique=True, editable=False)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("issued by")
    )
    firm_name = models.CharField(_("firm name"), max_length=100)
    brn = models.CharField(_("business registration number"), max_length=10)
    representative_name = models.CharField(_("representative (CEO) name"), max_length=50)
    site_name = models.CharField(_("site"), max_length=100)
    site_address = models.CharField(_("address"), max_length=200)
    space_code = models.CharField(_("room or desk number"), max_length=20)
    lease_start = models.DateField(_("start date"))
    lease_end = models.DateField(_("end date"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    pdf = ServedFileField(_("PDF"), upload_to=residence_certificate_upload_to, blank=True)

    class Meta:
        verbose_name = _("certificate of residence")
        verbose_name_plural = _("certificates of residence")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("desk:certificate_verify", args=[self.verification_code])

    def served_file_url(self, field_name: str) -> str:
        return reverse("desk:certificate_download", args=[self.request_id])
