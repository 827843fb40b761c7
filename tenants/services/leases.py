"""Leases: start (also from a selected application), renew on request, record the move-out."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ApplicationStage, LeaseStatus, RenewalStatus
from ..models import Application, Firm, Lease, LeaseRenewalRequest, Space


@transaction.atomic
def lease_create(
    *,
    firm: Firm,
    space: Space,
    start_date: date,
    end_date: date,
    monthly_rent: int | None = None,
    deposit: int | None = None,
    application: Application | None = None,
) -> Lease:
    """Start a lease; two active leases of one space never overlap (PostgreSQL also refuses it)."""
    # Lock the space row: concurrent lease_create calls for one space then run one after another.
    Space.objects.select_for_update().filter(pk=space.pk).first()
    lease = Lease(
        firm=firm,
        space=space,
        start_date=start_date,
        end_date=end_date,
        monthly_rent=space.monthly_rent if monthly_rent is None else monthly_rent,
        deposit=space.deposit if deposit is None else deposit,
        application=application,
    )
    lease.full_clean()  # Lease.clean refuses an overlap with another active lease of the space
    lease.save()
    return lease


@transaction.atomic
def lease_create_from_application(*, application: Application, space: Space, start_date: date, end_date: date) -> Lease:
    """A selected application becomes a lease in one step."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.stage != ApplicationStage.SELECTED:
        raise ValidationError(_("Only a selected application can become a lease."), code="not_selected")
    if Lease.objects.filter(application=application).exists():
        raise ValidationError(_("This application already has a lease."), code="lease_exists")
    return lease_create(
        firm=application.firm, space=space, start_date=start_date, end_date=end_date, application=application
    )


@transaction.atomic
def lease_request_renewal(*, lease: Lease, user, requested_end_date: date, message: str = "") -> LeaseRenewalRequest:
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if lease.status != LeaseStatus.ACTIVE:
        raise ValidationError(_("Only an active lease can be renewed."), code="not_active")
    if requested_end_date <= lease.end_date:
        raise ValidationError(
            {
                "requested_end_date": _("Choose a date after the current end date (%(date)s).")
                % {"date": lease.end_date}
            },
            code="not_later",
        )
    if lease.renewal_requests.filter(status=RenewalStatus.PENDING).exists():
        raise ValidationError(_("A renewal request for this lease is already waiting for a decision."), code="pending")
    return LeaseRenewalRequest.objects.create(
        lease=lease, requested_end_date=requested_end_date, message=message, requested_by=user
    )


@transaction.atomic
def lease_decide_renewal(
    *, renewal: LeaseRenewalRequest, approve: bool, actor, reason: str = ""
) -> LeaseRenewalRequest:
    """Staff renew (the lease's end date moves to the requested date) or decline with a reason."""
    renewal = LeaseRenewalRequest.objects.select_for_update().select_related("lease").get(pk=renewal.pk)
    if renewal.status != RenewalStatus.PENDING:
        raise ValidationError(_("This renewal request has already been decided."), code="decided")
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give a reason when declining.")}, code="reason_required")
    lease = Lease.objects.select_for_update().get(pk=renewal.lease_id)
    Space.objects.select_for_update().filter(pk=lease.space_id).first()
    renewal.previous_end_date = lease.end_date
    if approve:
        lease.end_date = renewal.requested_end_date
        lease.full_clean()  # the longer term must not run into the space's next lease
        lease.save(update_fields=["end_date"])
    renewal.status = RenewalStatus.APPROVED if approve else RenewalStatus.DECLINED
    renewal.decided_by = actor
    renewal.decided_at = timezone.now()
    renewal.decision_reason = reason
    renewal.save()
    return renewal


@transaction.atomic
def lease_record_move_out(*, lease: Lease, moved_out_on: date) -> Lease:
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if lease.status != LeaseStatus.ACTIVE:
        raise ValidationError(_("This lease has already ended."), code="ended")
    if moved_out_on < lease.start_date:
        raise ValidationError({"moved_out_on": _("The move-out cannot be before the lease starts.")}, code="early")
    lease.moved_out_on = moved_out_on
    lease.end_date = min(lease.end_date, moved_out_on)
    lease.status = LeaseStatus.ENDED
    lease.save(update_fields=["moved_out_on", "end_date", "status"])
    return lease


@transaction.atomic
def lease_update_terms(*, lease: Lease, monthly_rent: int, deposit: int) -> Lease:
    """Rent and deposit are the only terms edited in place; dates and status move through the
    renewal and move-out services."""
    lease.monthly_rent = monthly_rent
    lease.deposit = deposit
    lease.full_clean()
    lease.save(update_fields=["monthly_rent", "deposit"])
    return lease
