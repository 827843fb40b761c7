"""Serializers of the partners API: partners, MOUs (public and staff fields) and their obligations."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.api import TranslatedModelSerializer
from tenants.api.serializers import absolute_url
from tenants.models import Firm

from ..choices import ObligationState, ObligationStatus
from ..models import (
    MOU,
    Obligation,
    ObligationEvidence,
    ObligationNote,
    Partner,
    PartnerContact,
    training_programme_choices,
)


def partner_logo_url(partner: Partner, request) -> str | None:
    return absolute_url(request, reverse("partners:partner_logo", args=[partner.pk])) if partner.logo else None


class PartnerSummarySerializer(TranslatedModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "name", "name_en"]
        read_only_fields = fields


class PartnerContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerContact
        fields = ["id", "name", "title", "email", "phone"]
        read_only_fields = fields


class PartnerMOUSerializer(TranslatedModelSerializer):
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


class PartnerSerializer(TranslatedModelSerializer):
    """A partner organisation with its public MOUs.

    ``brn`` and ``contacts`` are for staff only and left out for everyone else; ``contacts`` (personal
    data) needs the permission to view partner contacts.
    """

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    logo_url = serializers.SerializerMethodField()
    public_mous = PartnerMOUSerializer(many=True, read_only=True)
    contacts = PartnerContactSerializer(many=True, read_only=True, help_text=_("Staff only"))
    brn = serializers.CharField(read_only=True, help_text=_("Korean organisations, when known; staff only"))
    staff_only_fields = ("brn", "contacts")  # not required in the schema (portal.api.PortalAutoSchema)

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


class FirmSummarySerializer(TranslatedModelSerializer):
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


class MOUSerializer(TranslatedModelSerializer):
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
    staff_only_fields = MOU_STAFF_FIELDS  # not required in the schema (portal.api.PortalAutoSchema)

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
        return absolute_url(self.context.get("request"), reverse("partners:staff_mou_document", args=[mou.pk]))


class MOUWriteSerializer(TranslatedModelSerializer):
    """A new MOU (staff): a draft, or signed when ``signed_on`` is given."""

    partners = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.all(), many=True, allow_empty=False, label=_("partners")
    )
    firms = serializers.PrimaryKeyRelatedField(
        queryset=Firm.objects.all(), many=True, required=False, label=_("firms concerned")
    )
    training_programmes = serializers.PrimaryKeyRelatedField(
        queryset=training_programme_choices(), many=True, required=False, label=_("training programmes concerned")
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
        url = reverse("partners:staff_evidence_download", args=[evidence.obligation_id, evidence.pk])
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
