from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.accounts.validators import normalize_phone, validate_phone
from programs.models import Programme

from ..brn import clean_corporate_registration_number
from ..choices import CallState, LeaseStatus, ObligationState, ObligationStatus, SpaceKind
from ..models import (
    MOU,
    Application,
    ApplicationAttachment,
    ApplicationStageChange,
    CallCriterion,
    CallRequirement,
    Firm,
    FirmInvitation,
    Lease,
    Obligation,
    ObligationEvidence,
    ObligationNote,
    Partner,
    PartnerContact,
    Site,
    Space,
    TenancyCall,
)
from ..selectors import published_calls

PUBLIC_FIELDS = ["id", "name", "name_en", "industry", "description", "website", "logo_url"]


def absolute_url(request, url: str) -> str:
    return request.build_absolute_uri(url) if request else url


def firm_logo_url(firm: Firm, request) -> str | None:
    # Logos are served only through the permission-checked view, never from MEDIA_URL.
    return absolute_url(request, reverse("tenants:firm_logo", args=[firm.pk])) if firm.logo else None


class FirmSerializer(serializers.ModelSerializer):
    """Public fields for everyone; the full record only for the firm's own people and staff.

    Fields other than the public ones are left out of the response unless the caller may see them.
    """

    brn_display = serializers.CharField(read_only=True, help_text=_("XXX-XX-XXXXX; own firm only"))
    entity_type = serializers.CharField(read_only=True, help_text=_("Derived from the BRN; own firm only"))
    logo_url = serializers.SerializerMethodField()
    # Plain fields: normalised in validate_* before the shape is checked, so "010 1234 5678" is fine.
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("phone"))
    corporate_registration_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, label=_("corporate registration number")
    )

    class Meta:
        model = Firm
        fields = [
            *PUBLIC_FIELDS,
            "brn",
            "brn_display",
            "entity_type",
            "corporate_registration_number",
            "representative_name",
            "founded_on",
            "employees",
            "postal_code",
            "address",
            "address_detail",
            "phone",
            "public_profile",
            "business_status",
            "business_status_checked_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["brn", "business_status", "business_status_checked_at", "created_at", "updated_at"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo_url(self, firm):
        return firm_logo_url(firm, self.context.get("request"))

    def to_representation(self, firm):
        data = super().to_representation(firm)
        can_see_full = self.context.get("can_see_full", lambda firm: False)
        if not can_see_full(firm):
            data = {key: data[key] for key in PUBLIC_FIELDS}
        return data

    def validate_phone(self, value):
        phone = normalize_phone(value)
        validate_phone(phone)
        return phone

    def validate_corporate_registration_number(self, value):
        return clean_corporate_registration_number(value)


class FirmInvitationSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = FirmInvitation
        fields = ["id", "email", "state", "created_at", "expires_at", "accepted_at", "revoked_at"]
        read_only_fields = ["created_at", "expires_at", "accepted_at", "revoked_at"]


# Tenancy calls (public)


class SiteSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "name_en"]
        read_only_fields = fields


class CallRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallRequirement
        fields = ["id", "name", "name_en", "required"]
        read_only_fields = fields


class CallCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallCriterion
        fields = ["id", "name", "name_en", "weight"]
        read_only_fields = fields


PUBLISHED_CALL_STATES = [(state.value, state.label) for state in CallState if state != CallState.DRAFT]


class TenancyCallSerializer(serializers.ModelSerializer):
    """A published call with the sites, documents and criteria it announces.

    ``state`` is worked out at the time of the request: upcoming, open (submissions accepted) or closed.
    """

    sites = SiteSummarySerializer(many=True, read_only=True)
    space_kinds = serializers.ListField(child=serializers.ChoiceField(choices=SpaceKind.choices), read_only=True)
    state = serializers.SerializerMethodField()
    requirements = CallRequirementSerializer(many=True, read_only=True)
    criteria = CallCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = TenancyCall
        fields = [
            "id",
            "title",
            "title_en",
            "body",
            "body_en",
            "eligibility",
            "sites",
            "space_kinds",
            "opens_at",
            "closes_at",
            "state",
            "blind_review",
            "requirements",
            "criteria",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=PUBLISHED_CALL_STATES))
    def get_state(self, call):
        # One "now" per request, so every call in a page is judged at the same instant.
        return call.state(self.context.get("now")).value


# The firm's applications


class ApplicationStageChangeSerializer(serializers.ModelSerializer):
    """A row of the firm's timeline; who made the change is staff-internal and left out."""

    class Meta:
        model = ApplicationStageChange
        fields = ["from_stage", "to_stage", "changed_at", "reason"]
        read_only_fields = fields


class ApplicationAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationAttachment
        fields = ["id", "requirement", "original_name", "file_type", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_download_url(self, attachment):
        url = reverse("tenants:attachment_download", args=[attachment.application_id, attachment.pk])
        return absolute_url(self.context.get("request"), url)


class ApplicationSerializer(serializers.ModelSerializer):
    call_title = serializers.CharField(source="call.title", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    stage_history = ApplicationStageChangeSerializer(source="stage_changes", many=True, read_only=True)
    attachments = ApplicationAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "call_title",
            "stage",
            "stage_label",
            "summary",
            "plan",
            "requested_site",
            "requested_space_kind",
            "headcount",
            "created_at",
            "updated_at",
            "submitted_at",
            "decided_at",
            "decision_reason",
            "stage_history",
            "attachments",
        ]
        read_only_fields = fields


class ApplicationDraftSerializer(serializers.ModelSerializer):
    """The draft fields the representative may change; the site and space type must be ones the call offers."""

    class Meta:
        model = Application
        fields = ["summary", "plan", "requested_site", "requested_space_kind", "headcount"]

    def validate(self, attrs):
        call = attrs.get("call") or self.instance.call
        errors = {}
        site = attrs.get("requested_site")
        if site is not None and not call.sites.filter(pk=site.pk).exists():
            errors["requested_site"] = _("This call does not offer that site.")
        kind = attrs.get("requested_space_kind")
        if kind and kind not in call.space_kinds:
            errors["requested_space_kind"] = _("This call does not offer that type of space.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ApplicationCreateSerializer(ApplicationDraftSerializer):
    call = serializers.PrimaryKeyRelatedField(queryset=published_calls(), label=_("call"))

    class Meta(ApplicationDraftSerializer.Meta):
        fields = ["call", *ApplicationDraftSerializer.Meta.fields]


class ApplicationAttachmentUploadSerializer(serializers.Serializer):
    """A multipart upload; the service checks the file's size and real type by its content."""

    file = serializers.FileField(label=_("file"))
    requirement = serializers.PrimaryKeyRelatedField(
        queryset=CallRequirement.objects.none(),
        required=False,
        allow_null=True,
        label=_("document"),
        help_text=_("One of the call's requirements; leave out for an extra document."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.context.get("application")
        if application is not None:
            self.fields["requirement"].queryset = application.call.requirements.all()


# Staff: spaces and leases


class SpaceSerializer(serializers.ModelSerializer):
    site = SiteSummarySerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Space
        fields = ["id", "site", "code", "kind", "kind_label", "floor", "area_m2", "seats", "monthly_rent", "deposit"]
        read_only_fields = fields


class LeaseFirmSerializer(serializers.ModelSerializer):
    class Meta:
        model = Firm
        fields = ["id", "name"]
        read_only_fields = fields


class LeaseSpaceSerializer(serializers.ModelSerializer):
    site_name = serializers.CharField(source="site.name", read_only=True)

    class Meta:
        model = Space
        fields = ["id", "code", "site_name"]
        read_only_fields = fields


class LeaseSerializer(serializers.ModelSerializer):
    firm = LeaseFirmSerializer(read_only=True)
    space = LeaseSpaceSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    days_left = serializers.SerializerMethodField(
        help_text=_("Days until the end date of an active lease (negative once it is past); null when ended.")
    )

    class Meta:
        model = Lease
        fields = [
            "id",
            "firm",
            "space",
            "start_date",
            "end_date",
            "monthly_rent",
            "deposit",
            "status",
            "status_label",
            "moved_out_on",
            "days_left",
        ]
        read_only_fields = fields

    def get_days_left(self, lease) -> int | None:
        if lease.status != LeaseStatus.ACTIVE:
            return None
        today = self.context.get("today") or timezone.localdate()
        return (lease.end_date - today).days


# Public directory of resident firms


class DirectoryFirmSerializer(serializers.ModelSerializer):
    industry_label = serializers.CharField(source="get_industry_display", read_only=True)
    site_name = serializers.CharField(read_only=True, allow_null=True, help_text=_("The site of the current lease"))
    logo_url = serializers.SerializerMethodField()

    class Meta:
        model = Firm
        fields = [
            "id",
            "name",
            "name_en",
            "industry",
            "industry_label",
            "description",
            "website",
            "site_name",
            "logo_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo_url(self, firm):
        return firm_logo_url(firm, self.context.get("request"))


# Partners and MOUs


def partner_logo_url(partner: Partner, request) -> str | None:
    return absolute_url(request, reverse("tenants:partner_logo", args=[partner.pk])) if partner.logo else None


class PartnerSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "name", "name_en"]
        read_only_fields = fields


class PartnerContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerContact
        fields = ["id", "name", "title", "email", "phone"]
        read_only_fields = fields


class PartnerMOUSerializer(serializers.ModelSerializer):
    """One of the partner's public MOUs, as the public partners page shows it."""

    class Meta:
        model = MOU
        fields = ["id", "title", "title_en", "signed_on", "purpose", "purpose_en"]
        read_only_fields = fields


def drop_hidden_fields(fields: dict, context: dict) -> dict:
    """Leave out the fields the view names in ``hidden_fields`` (those the caller may not see).

    They are removed before serialising, so they are neither shown nor queried; the schema, built
    without that context, documents every field.
    """
    for name in context.get("hidden_fields", ()):
        fields.pop(name, None)
    return fields


PARTNER_STAFF_FIELDS = ("brn", "contacts")


class PartnerSerializer(serializers.ModelSerializer):
    """A partner organisation with its public MOUs.

    ``brn`` and ``contacts`` are for staff only and left out for everyone else; ``contacts`` (personal
    data) needs the permission to view partner contacts.
    """

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    logo_url = serializers.SerializerMethodField()
    public_mous = PartnerMOUSerializer(many=True, read_only=True)
    contacts = PartnerContactSerializer(many=True, read_only=True, help_text=_("Staff only"))
    brn = serializers.CharField(read_only=True, help_text=_("Korean organisations, when known; staff only"))

    class Meta:
        model = Partner
        fields = [
            "id",
            "name",
            "name_en",
            "kind",
            "kind_label",
            "country",
            "website",
            "logo_url",
            "public_mous",
            "brn",
            "contacts",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo_url(self, partner):
        return partner_logo_url(partner, self.context.get("request"))

    def get_fields(self):
        return drop_hidden_fields(super().get_fields(), self.context)


class FirmSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Firm
        fields = ["id", "name"]
        read_only_fields = fields


MOU_STAFF_FIELDS = (
    "is_public",
    "programme",
    "firms",
    "training_programmes",
    "auto_renew",
    "notice_period_days",
    "notice_deadline",
    "renewal_window_opens",
    "renewal_decision",
    "previous_term",
    "next_term",
    "terminated_on",
    "termination_reason",
    "document_url",
    "open_obligations",
    "overdue_obligations",
    "created_at",
    "updated_at",
)


class MOUSerializer(serializers.ModelSerializer):
    """An MOU: public MOUs with their public fields for anyone; every MOU, with the staff fields, for staff."""

    partners = PartnerSummarySerializer(many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    firms = FirmSummarySerializer(many=True, read_only=True, help_text=_("Staff only"))
    training_programmes = serializers.SlugRelatedField(
        slug_field="title", many=True, read_only=True, help_text=_("Titles; staff only")
    )
    notice_deadline = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Expiry minus the notice period; staff only")
    )
    renewal_window_opens = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("90 days before the notice deadline; staff only")
    )
    next_term = serializers.IntegerField(
        source="next_term_id", read_only=True, allow_null=True, help_text=_("The renewal of this term; staff only")
    )
    document_url = serializers.SerializerMethodField(help_text=_("Staff only"))
    open_obligations = serializers.IntegerField(read_only=True, help_text=_("Staff only"))
    overdue_obligations = serializers.IntegerField(read_only=True, help_text=_("Staff only"))

    class Meta:
        model = MOU
        fields = [
            "id",
            "title",
            "title_en",
            "purpose",
            "purpose_en",
            "partners",
            "status",
            "status_label",
            "signed_on",
            "effective_from",
            "expires_on",
            *MOU_STAFF_FIELDS,
        ]
        read_only_fields = fields

    def get_fields(self):
        return drop_hidden_fields(super().get_fields(), self.context)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document_url(self, mou):
        if not mou.document:
            return None
        return absolute_url(self.context.get("request"), reverse("tenants:staff_mou_document", args=[mou.pk]))


class MOUWriteSerializer(serializers.ModelSerializer):
    """A new MOU (staff): a draft, or signed when ``signed_on`` is given."""

    partners = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.all(), many=True, allow_empty=False, label=_("partners")
    )
    firms = serializers.PrimaryKeyRelatedField(
        queryset=Firm.objects.all(), many=True, required=False, label=_("firms concerned")
    )
    training_programmes = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), many=True, required=False, label=_("training programmes concerned")
    )

    class Meta:
        model = MOU
        fields = [
            "title",
            "title_en",
            "purpose",
            "purpose_en",
            "partners",
            "firms",
            "training_programmes",
            "programme",
            "signed_on",
            "effective_from",
            "expires_on",
            "auto_renew",
            "notice_period_days",
            "is_public",
        ]

    def validate(self, attrs):
        start, end = attrs.get("effective_from"), attrs.get("expires_on")
        if start and end and end < start:
            raise serializers.ValidationError({"expires_on": _("The MOU cannot expire before it takes effect.")})
        return attrs


class MOUSignSerializer(serializers.Serializer):
    signed_on = serializers.DateField(label=_("signed on"))


class MOUTerminateSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("reason"), max_length=2000)
    terminated_on = serializers.DateField(label=_("terminated on"), required=False)


class MOURenewSerializer(serializers.Serializer):
    effective_from = serializers.DateField(
        label=_("new term starts"), required=False, help_text=_("Defaults to the day after the current term ends.")
    )
    expires_on = serializers.DateField(
        label=_("new term expires"), required=False, help_text=_("Defaults to the same length as the current term.")
    )
    signed_on = serializers.DateField(
        label=_("signed on"), required=False, help_text=_("Leave out while the renewal is still to be signed.")
    )


class ObligationNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name", read_only=True, allow_null=True, default=None)
    # A plain string: the same choices as the obligation's status, documented once there.
    status_change = serializers.CharField(
        read_only=True, help_text=_("The status this row set (open, done or waived); empty for a plain note.")
    )

    class Meta:
        model = ObligationNote
        fields = ["id", "created_at", "author", "status_change", "text"]
        read_only_fields = fields


class ObligationEvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ObligationEvidence
        fields = ["id", "original_name", "file_type", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_download_url(self, evidence):
        url = reverse("tenants:staff_evidence_download", args=[evidence.obligation_id, evidence.pk])
        return absolute_url(self.context.get("request"), url)


class ObligationSerializer(serializers.ModelSerializer):
    """An obligation under an MOU. ``state`` adds "overdue" (open and past its due date in KST) to the stored status."""

    mou_title = serializers.CharField(source="mou.title", read_only=True)
    party = PartnerSummarySerializer(read_only=True, allow_null=True)
    state = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField(
        help_text=_("Days until the due date of an open obligation (negative once overdue); null otherwise.")
    )
    notes = ObligationNoteSerializer(many=True, read_only=True)
    evidence = ObligationEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "mou",
            "mou_title",
            "party",
            "title",
            "description",
            "due_on",
            "recurrence",
            "status",
            "state",
            "days_left",
            "closed_at",
            "notes",
            "evidence",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=ObligationState.choices))
    def get_state(self, obligation) -> str:
        overdue = getattr(obligation, "is_overdue", None)
        if overdue is None:
            return obligation.state().value
        return ObligationState.OVERDUE.value if overdue else obligation.status

    def get_days_left(self, obligation) -> int | None:
        if obligation.status != ObligationStatus.OPEN:
            return None
        return obligation.days_left(self.context.get("today"))


class ObligationWriteSerializer(serializers.ModelSerializer):
    """A new obligation (staff); the party must be one of the MOU's partners, or empty for the city and the hub."""

    mou = serializers.PrimaryKeyRelatedField(queryset=MOU.objects.all(), label=_("MOU"))
    party = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.all(), required=False, allow_null=True, label=_("party")
    )

    class Meta:
        model = Obligation
        fields = ["mou", "party", "title", "description", "due_on", "recurrence"]


class ObligationStatusSerializer(serializers.Serializer):
    note = serializers.CharField(
        label=_("note"), required=False, allow_blank=True, max_length=4000, help_text=_("Required when waiving.")
    )
