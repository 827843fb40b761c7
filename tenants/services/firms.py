"""Every change to firms, memberships, invitations and leases goes through these functions.

Each is atomic and returns the changed object; the audit log records the change with the actor
and address from the request (AuditlogMiddleware).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.i18n import as_language_columns
from portal.notifications.services import notify

from ..business_status import BusinessStatusUnavailable, get_business_status_adapter
from ..choices import MembershipRole
from ..models import FIRM_PROFILE_FIELDS, Firm, FirmInvitation, FirmMembership

INVITATION_TTL = timedelta(days=getattr(settings, "INVITATION_TTL_DAYS", 7))


@transaction.atomic
def firm_register(*, user, brn: str, **fields) -> Firm:
    """Create the firm record and make ``user`` its representative."""
    if FirmMembership.objects.filter(user=user).exists():
        raise ValidationError(_("You already belong to a firm."), code="already_member")
    fields = as_language_columns(Firm, fields)
    firm = Firm(brn=brn, **{name: value for name, value in fields.items() if name in FIRM_PROFILE_FIELDS})
    firm.full_clean()
    try:
        with transaction.atomic():
            firm.save()
    except IntegrityError as error:
        raise ValidationError(
            {
                "brn": _(
                    "This business registration number is already registered. Ask its representative to invite you."
                )
            },
            code="brn_taken",
        ) from error
    FirmMembership.objects.create(firm=firm, user=user, role=MembershipRole.REPRESENTATIVE)
    firm_check_business_status(firm=firm)
    return firm


@transaction.atomic
def firm_update(*, firm: Firm, **fields) -> Firm:
    """Change profile fields; the BRN itself never changes (a new BRN is a new firm)."""
    changed = []
    for name, value in as_language_columns(Firm, fields).items():
        if name not in FIRM_PROFILE_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        if name == "logo" and value is False:  # the form's "clear" checkbox
            value = ""
        if getattr(firm, name) != value:
            setattr(firm, name, value)
            changed.append(name)
    if changed:
        firm.full_clean()
        firm.save()
    return firm


@transaction.atomic
def firm_check_business_status(*, firm: Firm) -> Firm:
    """Ask the tax service's status check; when it cannot answer, keep the previous status."""
    try:
        status = get_business_status_adapter().status(firm.brn)
    except BusinessStatusUnavailable:
        return firm
    firm.business_status = status
    firm.business_status_checked_at = timezone.now()
    firm.save(update_fields=["business_status", "business_status_checked_at", "updated_at"])
    return firm


@transaction.atomic
def invitation_create(*, firm: Firm, invited_by, email: str) -> FirmInvitation:
    email = email.strip().lower()
    if FirmMembership.objects.filter(firm=firm, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of your firm.")}, code="already_member")
    if firm.invitations.filter(email=email, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()).exists():
        raise ValidationError({"email": _("An invitation to this address is still pending.")}, code="pending")
    invitation = FirmInvitation.objects.create(
        firm=firm,
        email=email,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_TTL,
    )
    notify(
        recipient=email,
        template="firm_invitation",
        context={
            "firm_name": firm.name,
            "invited_by": invited_by.get_full_name(),
            "accept_url": settings.SITE_URL + invitation.get_absolute_url(),
            "expires_at": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"),
        },
        language=invited_by.language,
        dedup_key=f"firm_invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> FirmMembership:
    """Join the inviting firm. Single use: the conditional update lets only one acceptance through."""
    now = timezone.now()
    invitation = FirmInvitation.objects.select_related("firm").filter(token=token).first()
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."), code="invalid")
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation has already been used or was withdrawn."), code="used")
    if invitation.expires_at <= now:
        raise ValidationError(_("This invitation has expired. Ask the representative for a new one."), code="expired")
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email},
            code="wrong_user",
        )
    if FirmMembership.objects.filter(user=user).exists():
        raise ValidationError(_("You already belong to a firm."), code="already_member")
    claimed = FirmInvitation.objects.filter(
        pk=invitation.pk, accepted_at=None, revoked_at=None, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user)
    if not claimed:
        raise ValidationError(_("This invitation has already been used or was withdrawn."), code="used")
    return FirmMembership.objects.create(firm=invitation.firm, user=user, role=MembershipRole.MEMBER)


@transaction.atomic
def invitation_revoke(*, invitation: FirmInvitation) -> FirmInvitation:
    if not invitation.is_pending:
        raise ValidationError(_("Only a pending invitation can be withdrawn."), code="not_pending")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def membership_remove(*, membership: FirmMembership) -> FirmMembership:
    if membership.is_representative:
        raise ValidationError(_("The representative cannot be removed."), code="representative")
    membership.delete()
    return membership
