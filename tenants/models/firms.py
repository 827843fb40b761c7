from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.accounts.validators import validate_phone, validate_postal_code
from portal.files import ServedImageField, random_file_name
from portal.search import SearchableModel
from portal.uploads import LOGO_FORMATS, validate_logo

from ..brn import entity_type, format_brn, validate_brn
from ..choices import BusinessStatus, Industry, MembershipRole


def logo_upload_to(instance, filename):
    # A random name: the uploaded name is never kept. Forms rename the upload to the extension of
    # its detected format first (FirmProfileForm.clean_logo), so only known extensions get through.
    extension = filename.rsplit(".", 1)[-1].lower()
    return random_file_name("logos", extension if extension in LOGO_FORMATS.values() else "")


# What the firm's representative may change (the BRN never changes: a new BRN is a new firm).
FIRM_PROFILE_FIELDS = (
    "name_ko",
    "name_en",
    "representative_name",
    "industry",
    "founded_on",
    "employees",
    "corporate_registration_number",
    "postal_code",
    "address",
    "address_detail",
    "phone",
    "website",
    "description_ko",
    "description_en",
    "logo",
    "public_profile",
)


def _choice_label(choices, value) -> str:
    """What ``get_FOO_display`` answers: the label of ``value`` in this language, or the value itself."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Firm(SearchableModel):
    """One company record per 사업자등록번호."""

    SEARCH_FIELDS = ("name_ko", "name_en", "description_ko", "description_en")

    brn = models.CharField(
        _("business registration number"),
        max_length=10,
        unique=True,
        validators=[validate_brn],
        help_text=_("10 digits; shown as XXX-XX-XXXXX."),
    )
    corporate_registration_number = models.CharField(_("corporate registration number"), max_length=13, blank=True)
    name = models.CharField(_("name"), max_length=100)
    representative_name = models.CharField(_("representative (CEO) name"), max_length=50)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, validators=[validate_postal_code])
    address = models.CharField(_("address"), max_length=200)
    address_detail = models.CharField(_("address detail"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=13, blank=True, validators=[validate_phone])
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = ServedImageField(_("logo"), upload_to=logo_upload_to, blank=True, validators=[validate_logo])
    public_profile = models.BooleanField(
        _("show a public profile"),
        default=False,
        help_text=_("The firm agrees that its name, industry, description, website and logo are shown publicly."),
    )
    business_status = models.CharField(
        _("business status"), max_length=12, choices=BusinessStatus, default=BusinessStatus.NOT_CHECKED
    )
    business_status_checked_at = models.DateTimeField(_("business status checked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(brn__regex=r"^[0-9]{10}$"), name="tenants_firm_brn_ten_digits"),
            models.CheckConstraint(
                condition=Q(corporate_registration_number="") | Q(corporate_registration_number__regex=r"^[0-9]{13}$"),
                name="tenants_firm_crn_thirteen_digits",
            ),
        ]

    def __str__(self):
        return self.name

    # Django's own get_FOO_display hashes every choice label on each call, a translation each: a staff
    # list of 50 firms made about a thousand gettext calls for these two columns. The enum needs one.
    def get_industry_display(self):
        return _choice_label(Industry, self.industry)

    def get_business_status_display(self):
        return _choice_label(BusinessStatus, self.business_status)

    def get_absolute_url(self):
        return reverse("tenants:my_firm")

    def served_file_url(self, field_name: str) -> str:
        return reverse("tenants:firm_logo", args=[self.pk])

    @property
    def brn_display(self) -> str:
        return format_brn(self.brn)

    @property
    def corporate_registration_number_display(self) -> str:
        crn = self.corporate_registration_number
        return f"{crn[:6]}-{crn[6:]}" if crn else ""

    @property
    def entity_type(self):
        return entity_type(self.brn)

    def get_entity_type_display(self) -> str:
        return self.entity_type.label


class FirmMembership(models.Model):
    """A person's place in a firm: one representative per firm, any number of members."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("firm"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole, default=MembershipRole.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("firm membership")
        verbose_name_plural = _("firm memberships")
        ordering = ["firm", "role", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm"],
                condition=Q(role=MembershipRole.REPRESENTATIVE),
                name="tenants_one_representative_per_firm",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.firm} ({self.get_role_display()})"

    def get_absolute_url(self):
        return reverse("tenants:members")

    @property
    def is_representative(self) -> bool:
        return self.role == MembershipRole.REPRESENTATIVE


class FirmInvitation(models.Model):
    """An e-mailed, expiring, single-use invitation to join a firm as a member."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("firm"))
    email = models.EmailField(_("e-mail"))
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("firm invitation")
        verbose_name_plural = _("firm invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.firm}"

    def get_absolute_url(self):
        return reverse("tenants:invitation_accept", args=[self.token])

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state_label(self) -> str:
        if self.accepted_at:
            return _("Accepted")
        if self.revoked_at:
            return pgettext_lazy("invitation", "Withdrawn")
        if self.expires_at <= timezone.now():
            return pgettext_lazy("invitation", "Expired")
        return pgettext_lazy("invitation", "Pending")
