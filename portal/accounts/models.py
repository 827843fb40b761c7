from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Whether the user can sign in to the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

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
