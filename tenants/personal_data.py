"""This app's part of a person's data: the export, and what happens to the firm membership when the
account is deleted or purged (registered in ``TenantsConfig.ready``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.accounts.personal_data import KeptRecord, PersonalDataHolder

from .choices import MembershipRole
from .models import Application, FirmMembership
from .scoping import membership_of


def firm_section(user) -> dict | None:
    membership = membership_of(user)
    if membership is None:
        return None
    return {
        "name": membership.firm.name,
        "brn": membership.firm.brn_display,
        "role": membership.role,
        "joined_at": membership.joined_at.isoformat(),
    }


def applications_section(user) -> list[dict]:
    """The tenancy applications the person filed for their firm."""
    return [
        {
            "call": application.call.title,
            "firm": application.firm.name,
            "stage": application.stage,
            "summary": application.summary,
            "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
        }
        for application in Application.objects.filter(created_by=user).select_related("call", "firm").order_by("pk")
    ]


def export(user) -> dict:
    return {"membership": firm_section(user), "applications": applications_section(user)}


def kept_on_deletion(user) -> list[KeptRecord]:
    if not Application.objects.filter(created_by=user).exists():
        return []
    return [
        KeptRecord(
            what=_("Tenancy applications you filed"),
            reason=_("They belong to your firm and stay with it; your name is no longer shown on them."),
        )
    ]


def successors(user) -> list:
    """A representative must hand the role to another member of the firm before leaving."""
    membership = membership_of(user)
    if membership is None or not membership.is_representative:
        return []
    others = membership.firm.memberships.exclude(user=user).select_related("user").order_by("joined_at")
    return [other.user for other in others]


LAST_REPRESENTATIVE = _("You are the only person in your firm: ask the hub to close the firm or invite a member first.")


def refusal(user) -> str | None:
    """Why the person may not delete their account yet: a representative with nobody to hand over to."""
    membership = membership_of(user)
    if membership is not None and membership.is_representative and not successors(user):
        return str(LAST_REPRESENTATIVE)
    return None


def remove(*, user, successor, for_retention: bool) -> None:
    """Leave the firm. The representative hands over to ``successor``; one who has nobody to hand
    over to may not delete the account (the firm would be left without one), and the retention
    purge keeps the anonymised representative in place for the staff to replace."""
    membership = FirmMembership.objects.select_for_update().filter(user=user).first()
    if membership is None:
        return
    if membership.is_representative:
        if successor is None:
            if for_retention:
                return
            raise ValidationError(LAST_REPRESENTATIVE, code="last_representative")
        new_representative = FirmMembership.objects.select_for_update().get(user=successor, firm=membership.firm)
        membership.delete()
        new_representative.role = MembershipRole.REPRESENTATIVE
        new_representative.save(update_fields=["role"])
        return
    membership.delete()


HOLDER = PersonalDataHolder(
    name="tenancy",
    export=export,
    kept_on_deletion=kept_on_deletion,
    successors=successors,
    refusal=refusal,
    remove=remove,
)
