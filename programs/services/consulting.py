"""AI-adoption consulting: intake, triage, assignment, milestones, KPIs, verification and spending.

Every state change goes through ``consulting_transition``: it locks the request, checks the allowed
set (``CONSULTING_TRANSITIONS``) and mails the firm through the outbox, in one transaction; the
audit log (``programs/audit.py``) records the field change with actor and address.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.files import store_upload
from portal.notifications.services import notify
from tenants.selectors import firm_representative

from .. import consent
from ..choices import CONSULTING_TRANSITIONS, ENGAGEMENT_STATES, ConsultingState, MilestoneKind
from ..models import (
    KPI_EVIDENCE_PREFIX,
    Assignment,
    BudgetLine,
    ConsultingAttachment,
    ConsultingRequest,
    Deliverable,
    Expert,
    KpiMeasurement,
    KpiTarget,
    Milestone,
    Spending,
    with_load,
)

REQUEST_FIELDS = (
    "title",
    "industry",
    "process_area",
    "problem_statement",
    "has_sensors",
    "has_mes_erp",
    "has_quality_records",
    "data_volume",
    "desired_outcome",
    "preferred_schedule",
    "may_name_firm",
)


def _lock(request: ConsultingRequest) -> ConsultingRequest:
    return ConsultingRequest.objects.select_for_update().select_related("firm").get(pk=request.pk)


@transaction.atomic
def consulting_request_create(
    *, firm, user, consent_given: bool, ip_address: str | None = None, **fields
) -> ConsultingRequest:
    """A draft request of the firm, with the PIPA consent it was filed under."""
    if not consent_given:
        raise ValidationError({"consent_given": _("Consent is required to handle the request.")}, code="consent")
    request = ConsultingRequest(
        firm=firm,
        created_by=user,
        consent_version=consent.CONSULTING_VERSION,
        consent_at=timezone.now(),
        consent_ip=ip_address,
    )
    for name, value in fields.items():
        if name not in REQUEST_FIELDS:
            raise ValueError(f"{name} cannot be set here")
        setattr(request, name, value)
    request.full_clean(exclude=["firm", "created_by"])
    request.save()
    return request


@transaction.atomic
def consulting_request_update(*, request: ConsultingRequest, **fields) -> ConsultingRequest:
    request = _lock(request)
    if not request.is_editable:
        raise ValidationError(_("A submitted request can no longer be changed."), code="not_draft")
    for name, value in fields.items():
        if name not in REQUEST_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(request, name, value)
    request.full_clean(exclude=["firm", "created_by"])
    request.save()
    return request


@transaction.atomic
def consulting_attachment_add(*, request: ConsultingRequest, file, user=None) -> ConsultingAttachment:
    """Checked by content like tenancy attachments and stored under a random name."""
    request = _lock(request)
    if not request.is_editable:
        raise ValidationError(_("A submitted request can no longer be changed."), code="not_draft")
    attachment = ConsultingAttachment.from_upload(file, request=request, uploaded_by=user)
    attachment.save()
    return attachment


def _notify_firm(request: ConsultingRequest, *, state: str, reason: str) -> None:
    representative = firm_representative(request.firm)
    if representative is None:
        return
    notify(
        recipient=representative.email,
        user=representative,
        language=representative.language,
        template="consulting_state_changed",
        context={
            "firm_name": request.firm.name,
            "title": request.title,
            "state": state,
            "reason": reason,
            "url": settings.SITE_URL + request.get_absolute_url(),
        },
        dedup_key=f"consulting:{request.pk}:state:{state}",
    )


@transaction.atomic
def consulting_transition(
    *, request: ConsultingRequest, to_state: str, actor=None, reason: str = ""
) -> ConsultingRequest:
    request = _lock(request)
    from_state = request.state
    if to_state not in CONSULTING_TRANSITIONS[ConsultingState(from_state)]:
        raise ValidationError(
            _("A request cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ConsultingState(from_state).label, "to": ConsultingState(to_state).label},
            code="transition",
        )
    request.state = to_state
    now = timezone.now()
    if to_state == ConsultingState.SUBMITTED:
        request.submitted_at = now
    if to_state == ConsultingState.COMPLETED:
        request.completed_at = now
    if to_state in (ConsultingState.DECLINED, ConsultingState.WITHDRAWN):
        request.close_reason = reason
    request.save()
    _notify_firm(request, state=to_state, reason=reason)
    return request


@transaction.atomic
def consulting_request_submit(*, request: ConsultingRequest, actor) -> ConsultingRequest:
    request = _lock(request)
    if not request.consent_version:
        raise ValidationError(_("Give your consent before submitting."), code="consent")
    if not request.problem_statement.strip() or not request.desired_outcome.strip():
        raise ValidationError(_("Describe the problem and the outcome you want."), code="incomplete")
    return consulting_transition(request=request, to_state=ConsultingState.SUBMITTED, actor=actor)


def consulting_request_withdraw(*, request: ConsultingRequest, actor, reason: str = "") -> ConsultingRequest:
    return consulting_transition(request=request, to_state=ConsultingState.WITHDRAWN, actor=actor, reason=reason)


def consulting_request_decline(*, request: ConsultingRequest, actor, reason: str) -> ConsultingRequest:
    if not reason.strip():
        raise ValidationError({"reason": _("Record the reason for declining.")}, code="reason_required")
    return consulting_transition(request=request, to_state=ConsultingState.DECLINED, actor=actor, reason=reason)


@transaction.atomic
def consulting_triage(
    *, request: ConsultingRequest, actor, eligible: bool, priority: str, category: str, reason: str, tags=()
) -> ConsultingRequest:
    """Record eligibility, priority, category and the reason; an ineligible request is declined."""
    if not reason.strip():
        raise ValidationError({"reason": _("Record the reason for the triage decision.")}, code="reason_required")
    request = _lock(request)
    if request.state != ConsultingState.SUBMITTED:
        raise ValidationError(_("Only submitted requests can be triaged."), code="state")
    request.is_eligible = eligible
    request.priority = priority
    request.category = category
    request.triage_reason = reason
    request.full_clean(exclude=["firm", "created_by"])
    request.save(update_fields=["is_eligible", "priority", "category", "triage_reason", "updated_at"])
    request.tags.set(tags)
    if not eligible:
        return consulting_transition(request=request, to_state=ConsultingState.DECLINED, actor=actor, reason=reason)
    return consulting_transition(request=request, to_state=ConsultingState.TRIAGED, actor=actor, reason=reason)


@transaction.atomic
def consulting_assign(*, request: ConsultingRequest, actor, lead: Expert, others=()) -> ConsultingRequest:
    """One lead and optional other experts; the lead needs a free slot (load is counted under lock)."""
    request = _lock(request)
    if request.state != ConsultingState.TRIAGED:
        raise ValidationError(_("Assign experts to a triaged request."), code="state")
    # Lock the lead's row so two assignments at once cannot both take the last slot.
    Expert.objects.select_for_update().filter(pk=lead.pk).first()
    lead_now = with_load(Expert.objects.filter(pk=lead.pk)).get()
    if not lead_now.is_active or lead_now.load >= lead_now.capacity:
        raise ValidationError({"lead": _("%(name)s has no free slot.") % {"name": lead_now}}, code="capacity")
    Assignment.objects.create(request=request, expert=lead, is_lead=True)
    for expert in others:
        if expert.pk != lead.pk:
            Assignment.objects.create(request=request, expert=expert, is_lead=False)
    for assignment in request.assignments.select_related("expert__user"):
        user = assignment.expert.user
        notify(
            recipient=user.email,
            user=user,
            language=user.language,
            template="consulting_assigned",
            context={
                "title": request.title,
                "firm_name": request.firm.name,
                "is_lead": assignment.is_lead,
                "url": settings.SITE_URL + request.get_absolute_url(),
            },
            dedup_key=f"consulting:{request.pk}:assigned:{user.pk}",
        )
    return consulting_transition(request=request, to_state=ConsultingState.ASSIGNED, actor=actor)


def consulting_start(*, request: ConsultingRequest, actor) -> ConsultingRequest:
    return consulting_transition(request=request, to_state=ConsultingState.IN_PROGRESS, actor=actor)


def consulting_complete(*, request: ConsultingRequest, actor, reason: str = "") -> ConsultingRequest:
    return consulting_transition(request=request, to_state=ConsultingState.COMPLETED, actor=actor, reason=reason)


def _require_engagement(request: ConsultingRequest) -> None:
    if request.state not in ENGAGEMENT_STATES or request.state == ConsultingState.COMPLETED:
        raise ValidationError(_("Only an assigned or running engagement can be changed."), code="state")


@transaction.atomic
def milestone_add(*, request: ConsultingRequest, kind: str, due_on, title: str = "", notes: str = "") -> Milestone:
    request = _lock(request)
    _require_engagement(request)
    milestone = Milestone(request=request, kind=kind, title=title, due_on=due_on, notes=notes)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, status: str, notes: str, due_on=None) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("request").get(pk=milestone.pk)
    _require_engagement(milestone.request)
    milestone.status = status
    milestone.notes = notes
    if due_on:
        milestone.due_on = due_on
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def deliverable_add(*, milestone: Milestone, file, user=None) -> Deliverable:
    milestone = Milestone.objects.select_for_update().select_related("request").get(pk=milestone.pk)
    _require_engagement(milestone.request)
    deliverable = Deliverable.from_upload(file, milestone=milestone, uploaded_by=user)
    deliverable.save()
    return deliverable


@transaction.atomic
def kpi_record(
    *,
    request: ConsultingRequest,
    kpi: str,
    phase: str,
    value,
    unit: str,
    method: str,
    measured_on,
    evidence=None,
) -> KpiMeasurement:
    """Record the baseline or the after measurement of one KPI; a change sends the pair back to staff.

    Invalid values (negative, a defect rate over 100 %, an after date before the baseline) are refused
    with the field's error, named ``value`` / ``measured_on`` as the caller's form has them.
    """
    request = _lock(request)
    _require_engagement(request)
    if phase not in ("baseline", "after"):
        raise ValueError(phase)
    measurement = KpiMeasurement.objects.select_for_update().filter(request=request, kpi=kpi).first()
    if measurement is None:
        if phase == "after":
            raise ValidationError(_("Record the baseline first."), code="baseline_first")
        measurement = KpiMeasurement(request=request, kpi=kpi)
    if value is not None and value < 0:
        raise ValidationError({"value": _("A measurement cannot be negative.")}, code="negative")
    setattr(measurement, f"{phase}_value", value)
    setattr(measurement, f"{phase}_unit", unit)
    setattr(measurement, f"{phase}_method", method)
    setattr(measurement, f"{phase}_on", measured_on)
    measurement.verified_at = None
    measurement.verified_by = None
    try:
        measurement.full_clean(exclude=["request", "baseline_evidence", "after_evidence"], validate_unique=False)
    except ValidationError as error:
        renamed = {f"{phase}_value": "value", f"{phase}_on": "measured_on", f"{phase}_unit": "unit"}
        other = "after_on" if phase == "baseline" else "baseline_on"
        renamed[other] = "measured_on"
        raise ValidationError(
            {renamed.get(name, name): messages for name, messages in error.message_dict.items()}, code="invalid"
        ) from error
    if evidence is not None:
        # Checked by content and stored only once the values are valid, so a refused form leaves no file.
        stored = store_upload(evidence, prefix=KPI_EVIDENCE_PREFIX)
        setattr(measurement, f"{phase}_evidence", stored.name)
        setattr(measurement, f"{phase}_evidence_type", stored.file_type)
    measurement.save()
    return measurement


@transaction.atomic
def kpi_verify(*, measurement: KpiMeasurement, actor) -> KpiMeasurement:
    """Staff confirm a pair against its evidence; only verified pairs count in the public rollup."""
    measurement = KpiMeasurement.objects.select_for_update().get(pk=measurement.pk)
    if measurement.after_value is None:
        raise ValidationError(_("Only a pair with both measurements can be verified."), code="incomplete")
    measurement.verified_at = timezone.now()
    measurement.verified_by = actor
    measurement.save(update_fields=["verified_at", "verified_by"])
    return measurement


@transaction.atomic
def kpi_target_save(*, target: KpiTarget) -> KpiTarget:
    target.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as error:
        raise ValidationError(_("That target already exists; change it instead."), code="duplicate") from error
    return target


@transaction.atomic
def spending_record(
    *, request: ConsultingRequest, budget_line: BudgetLine, amount: int, spent_on, description: str, actor
) -> Spending:
    """Spend from a budget line on an engagement; never more than the line has left (line locked)."""
    line = BudgetLine.objects.select_for_update().get(pk=budget_line.pk)
    if amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")}, code="amount")
    if request.state not in ENGAGEMENT_STATES:
        raise ValidationError(_("Record spending on an engagement with experts assigned."), code="state")
    spent = line.spendings.aggregate(total=Sum("amount"))["total"] or 0
    if spent + amount > line.amount:
        raise ValidationError(
            {"amount": _("Only %(left)s KRW is left on this line.") % {"left": f"{line.amount - spent:,}"}},
            code="over_budget",
        )
    return Spending.objects.create(
        request=request,
        budget_line=line,
        amount=amount,
        spent_on=spent_on,
        description=description,
        recorded_by=actor,
    )


def kpi_after_reminders(*, today=None) -> int:
    """Engagements in progress whose evaluation milestone is due within 7 days, or overdue, and that
    still miss an after measurement: the lead expert is reminded once per reminder point."""
    today = today or timezone.localdate()
    milestones = (
        Milestone.objects.filter(
            kind=MilestoneKind.EVALUATION,
            request__state=ConsultingState.IN_PROGRESS,
            due_on__lte=today + timedelta(days=7),
            request__kpis__after_value__isnull=True,
        )
        .select_related("request")
        .distinct()
    )
    due = 0
    for milestone in milestones:
        lead = milestone.request.assignments.filter(is_lead=True).select_related("expert__user").first()
        if lead is None:
            continue
        point = "overdue" if milestone.due_on < today else "due-7"
        user = lead.expert.user
        notify(
            recipient=user.email,
            user=user,
            language=user.language,
            template="kpi_after_due",
            context={
                "title": milestone.request.title,
                "due_on": milestone.due_on.isoformat(),
                "overdue": point == "overdue",
                "url": settings.SITE_URL + milestone.request.get_absolute_url(),
            },
            dedup_key=f"engagement:{milestone.request_id}:kpi-after:{milestone.due_on}:{point}",
        )
        due += 1
    return due
