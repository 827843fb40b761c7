from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import ACCESS_FIELD_LABELS, AccessAction
from .validators import validate_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. E-mail is the login; firms are reached through memberships."""

    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=13, blank=True, validators=[validate_phone])
    language = models.CharField(
        _("notification language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    remind_call_deadlines = models.BooleanField(_("remind me of call deadlines for my firm's drafts"), default=True)
    remind_cohort_start = models.BooleanField(_("remind me the day before my training starts"), default=True)
    # Opt-in (portal.notices mails a published notice to those of its audience who asked).
    mail_notices = models.BooleanField(_("mail me new notices"), default=False)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Whether the user can sign in to the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when the person deleted their account or the retention purge anonymised it: the row stays
    # (programme records and access records point at it) but holds nothing that identifies anyone.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email

    def get_absolute_url(self):
        return reverse("accounts:privacy")

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name or self.email


class ConsentRecord(models.Model):
    """One answer to one PIPA consent item, with the text version, time and address it was given from."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("user"))
    item = models.CharField(_("consent item"), max_length=40)
    version = models.CharField(_("consent text version"), max_length=20)
    required = models.BooleanField(_("required item"))
    granted = models.BooleanField(_("granted"))
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-answered_at", "item"]
        indexes = [models.Index(fields=["user", "item"], name="accounts_consent_user_item")]

    def __str__(self):
        state = _("granted") if self.granted else _("declined")
        return f"{self.user} · {self.item} v{self.version} · {state}"


class RetentionStart(models.TextChoices):
    """From when a consent text's retention period runs."""

    LAST_SIGN_IN = "last_sign_in", _("after the last sign-in")
    PROGRAMME_END = "programme_end", _("after the cohort ends")
    ENGAGEMENT_END = "engagement_end", _("after the engagement ends")
    WITHDRAWAL = "withdrawal", _("until consent is withdrawn")


class ConsentText(models.Model):
    """One version of one consent item's text, with the retention period it promises as data.

    The retention purge reads the period of the version each record was collected under, so a
    new text with a new period applies to new answers only.
    """

    item = models.CharField(_("consent item"), max_length=40)
    version = models.CharField(_("consent text version"), max_length=20)
    required = models.BooleanField(_("required item"))
    retention_years = models.PositiveSmallIntegerField(
        _("retention period (years)"), null=True, blank=True, help_text=_("Empty: kept until consent is withdrawn.")
    )
    retention_start = models.CharField(_("retention runs"), max_length=20, choices=RetentionStart)
    retention = models.CharField(_("retention as stated"), max_length=300)  # Korean and English (translation.py)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["item", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="accounts_consent_text_item_version"),
            models.CheckConstraint(
                condition=models.Q(retention_start="withdrawal") | models.Q(retention_years__gt=0),
                name="accounts_consent_text_period_given",
            ),
        ]

    def __str__(self):
        return f"{self.item} v{self.version}"

    def get_absolute_url(self):
        return reverse("privacy_policy")


class PrivacyPolicy(models.Model):
    """One version of the privacy policy (개인정보처리방침); the newest in effect is shown, older ones
    stay readable at their own address."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    effective_on = models.DateField(_("in effect from"))
    # Korean and English columns (translation.py).
    changes = models.TextField(_("what changed"), blank=True)
    body = models.TextField(pgettext_lazy("policy", "text"))

    class Meta:
        verbose_name = _("privacy policy version")
        verbose_name_plural = _("privacy policy versions")
        ordering = ["-effective_on", "-version"]

    def __str__(self):
        return f"{self.version} ({self.effective_on:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("privacy_policy_version", args=[self.version])


class AppendOnlyError(Exception):
    """An access record is never changed or deleted once written."""


class AccessRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("access records are append-only")

    def delete(self):
        raise AppendOnlyError("access records are append-only")


class AccessRecord(models.Model):
    """Who saw, searched, downloaded or exported whose personal data, when and from where (접속기록).

    Append-only: the model refuses changes and deletes, and a database trigger (migration 0003)
    refuses UPDATE always and DELETE of any row younger than the retention period (2 years).
    The admin shows the rows read-only; the auditor reads and exports them at /staff/access-records/.
    Written only by ``portal.accounts.access.access_record``.
    """

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # PROTECT: a person who accessed or whose data was accessed is anonymised, never deleted,
    # while their access records are kept.
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_records_made",
        verbose_name=_("who"),
    )
    # The actor's e-mail when they acted (or the job's name): who it was stays readable.
    actor_label = models.CharField(_("who (as recorded)"), max_length=254)
    ip_address = models.GenericIPAddressField(_("from where (IP address)"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    subject_user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_records",
        verbose_name=_("whose data (person)"),
    )
    # The firm by id and name, not a foreign key: accounts (the base layer) knows no firm model.
    firm_id = models.PositiveBigIntegerField(_("whose data (firm id)"), null=True, blank=True, db_index=True)
    firm_label = models.CharField(_("whose data (firm)"), max_length=200, blank=True)
    view_name = models.CharField(_("page or API"), max_length=120, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    fields = models.JSONField(_("fields shown"), default=list, blank=True)
    export_name = models.CharField(_("export or file"), max_length=200, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-occurred_at", "-id"]
        # Nobody may add, change or delete one by hand: the only permission is to view.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["actor", "occurred_at"], name="accounts_access_actor_when"),
            models.Index(fields=["subject_user", "occurred_at"], name="accounts_access_subject_when"),
            models.Index(fields=["action", "occurred_at"], name="accounts_access_action_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AccessAction.values), name="accounts_access_action_valid"
            ),
        ]

    def __str__(self):
        whose = self.subject_user_id and str(self.subject_user) or self.firm_label or "-"
        return f"{self.occurred_at:%Y-%m-%d %H:%M} · {self.actor_label} · {self.get_action_display()} · {whose}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("access records are append-only")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("access_records:list") + (f"?actor={self.actor_id}" if self.actor_id else "")

    @property
    def field_labels(self) -> list[str]:
        """The fields shown, in words (the page and the export), not as recorded (``representative_name``)."""
        return [str(ACCESS_FIELD_LABELS.get(name, name)) for name in self.fields]

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("access records are append-only")
