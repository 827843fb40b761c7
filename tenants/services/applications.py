"""Tenancy applications: draft, attachments, submission by the deadline, stages, reviews, decisions.

Every stage change goes through ``application_transition``: it checks the allowed set, writes the
timeline row (the audit log records the field change with actor and address) and notifies the
firm through the outbox, all in one transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.notifications.services import notify
from portal.time import KST

from ..choices import APPLICATION_TRANSITIONS, DECISION_STAGES, ApplicationStage, CallState, ConflictState
from ..models import (
    Application,
    ApplicationAttachment,
    ApplicationStageChange,
    CorrectionItem,
    CorrectionRequest,
    ReceiptCounter,
    ReviewAssignment,
    ReviewScore,
    TenancyCall,
)
from ..selectors import application_submission_problems, firm_representative, open_correction, review_conflict_reason

APPLICATION_FIELDS = ("summary", "plan", "requested_site", "requested_space_kind", "headcount")
RECEIPT_FORMAT = "HB-{year}-{number:06d}"


@transaction.atomic
def application_create_draft(*, call: TenancyCall, firm, user) -> Application:
    if call.state() not in (CallState.OPEN, CallState.UPCOMING):
        raise ValidationError(_("This call is not accepting applications."), code="call_closed")
    try:
        with transaction.atomic():
            return Application.objects.create(call=call, firm=firm, created_by=user)
    except IntegrityError as error:
        raise ValidationError(_("Your firm has already applied to this call."), code="duplicate") from error


@transaction.atomic
def application_update_draft(*, application: Application, **fields) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        raise ValidationError(_("A submitted application can no longer be changed."), code="not_draft")
    for name, value in fields.items():
        if name not in APPLICATION_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(application, name, value)
    application.full_clean(exclude=["call", "firm"])
    application.save()
    return application


@transaction.atomic
def attachment_add(*, application: Application, file, requirement=None, user=None) -> ApplicationAttachment:
    """Store an attachment under a random name after checking its size and type by content."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        raise ValidationError(_("A submitted application can no longer be changed."), code="not_draft")
    if requirement is not None and requirement.call_id != application.call_id:
        raise ValidationError({"requirement": _("That document is not asked for by this call.")}, code="wrong_call")
    attachment = ApplicationAttachment.from_upload(
        file, application=application, requirement=requirement, uploaded_by=user
    )
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: ApplicationAttachment) -> ApplicationAttachment:
    # Lock the application so a submission running at the same time sees the file or its absence.
    application = Application.objects.select_for_update().get(pk=attachment.application_id)
    if not application.is_editable:
        raise ValidationError(_("A submitted application can no longer be changed."), code="not_draft")
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.delete(save=False))
    return attachment


def _notify_firm(application: Application, *, template: str, context: dict, key: str) -> None:
    """Mail the firm's representative; translated content (the call's title, document names) is
    read in their language, like the mail itself."""
    representative = firm_representative(application.firm)
    if representative is None:
        return
    with translation.override(representative.language):
        context = {
            "firm_name": application.firm.name,
            "call_title": application.call.title,
            "url": settings.SITE_URL + application.get_absolute_url(),
            **(context() if callable(context) else context),
        }
    notify(
        recipient=representative.email,
        user=representative,
        language=representative.language,
        template=template,
        context=context,
        dedup_key=key,
    )


def _next_receipt_number(now) -> str:
    """The next 접수번호 of the year (KST): the year's counter row is locked, so two submissions at
    the same moment wait for each other and never get the same number."""
    year = timezone.localtime(now, KST).year
    ReceiptCounter.objects.get_or_create(year=year)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return RECEIPT_FORMAT.format(year=year, number=counter.last_number)


@transaction.atomic
def application_transition(
    *, application: Application, to_stage: str, actor=None, reason: str = "", mail: dict | None = None
) -> Application:
    """``mail`` adds to the firm's mail context (e.g. what to correct, by when): a dict, or a function
    giving one, called in the firm's language."""
    mail = mail or {}
    application = Application.objects.select_for_update().select_related("call", "firm").get(pk=application.pk)
    from_stage = application.stage
    if to_stage not in APPLICATION_TRANSITIONS[ApplicationStage(from_stage)]:
        raise ValidationError(
            _("An application cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ApplicationStage(from_stage).label, "to": ApplicationStage(to_stage).label},
            code="transition",
        )
    now = timezone.now()
    application.stage = to_stage
    if to_stage == ApplicationStage.SUBMITTED:
        if from_stage == ApplicationStage.DRAFT:
            application.submitted_at = now
        if not application.receipt_number:
            application.receipt_number = _next_receipt_number(now)
    if to_stage in DECISION_STAGES:
        application.decided_at = now
        application.decision_reason = reason
        application.staged_decision = ""
        application.staged_reason = ""
    application.save()
    change = ApplicationStageChange.objects.create(
        application=application, from_stage=from_stage, to_stage=to_stage, changed_by=actor, reason=reason
    )
    template = {
        ApplicationStage.SELECTED: "application_selected",
        ApplicationStage.REJECTED: "application_rejected",
        ApplicationStage.RETURNED: "application_returned",
    }.get(to_stage, "application_stage_changed")
    # A stage can be reached again after a correction (submitted → returned → submitted): one mail
    # per stage change, and a repeat of the same change is a no-op.
    _notify_firm(
        application,
        template=template,
        context=lambda: {
            "stage": to_stage,
            "reason": reason,
            "receipt_number": application.receipt_number or "",
            **(mail() if callable(mail) else mail),
        },
        key=f"application:{application.pk}:stage:{to_stage}:{change.pk}",
    )
    return application


@transaction.atomic
def application_submit(*, application: Application, actor, now=None) -> Application:
    """Submit by the deadline (KST, to the minute); a refused submission keeps the draft as it is.

    An application returned for correction is resubmitted by its correction deadline instead of the
    call's (the call may have closed meanwhile)."""
    # Locked first: attachments removed concurrently wait until the checks below are done.
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    call = application.call
    correction = open_correction(application) if application.is_returned else None
    if correction is not None:
        if correction.is_overdue(now):
            due = timezone.localtime(correction.due_at, KST).strftime("%Y-%m-%d %H:%M")
            raise ValidationError(
                _("The correction deadline (%(deadline)s KST) has passed; resubmission is no longer possible.")
                % {"deadline": due},
                code="correction_deadline",
            )
    elif not call.accepts_submissions(now):
        closes = timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(
            _("The deadline (%(deadline)s KST) has passed; your draft is kept but can no longer be submitted.")
            % {"deadline": closes}
            if call.state(now) == CallState.CLOSED
            else _("Applications for this call are not open yet."),
            code="deadline",
        )
    problems = application_submission_problems(application)
    if problems:
        raise ValidationError(problems, code="incomplete")
    if correction is not None:
        correction.resubmitted_at = now or timezone.now()
        correction.save(update_fields=["resubmitted_at"])
    return application_transition(application=application, to_stage=ApplicationStage.SUBMITTED, actor=actor)


@transaction.atomic
def application_return_for_correction(
    *, application: Application, actor, due_at, comment: str = "", document_comments: dict | None = None, now=None
) -> CorrectionRequest:
    """서류 보완 요청: return a received application with a general comment and/or comments per
    document (``{requirement: comment}``) and a new deadline; the firm is mailed what to correct."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if application.stage != ApplicationStage.SUBMITTED:
        raise ValidationError(_("Only a received application can be returned for correction."), code="stage")
    now = now or timezone.now()
    document_comments = {requirement: text.strip() for requirement, text in (document_comments or {}).items()}
    document_comments = {requirement: text for requirement, text in document_comments.items() if text}
    errors = {}
    if due_at <= now:
        errors["due_at"] = _("The new deadline must be in the future.")
    if not comment.strip() and not document_comments:
        errors["comment"] = _("Say what to correct: a general comment or a comment on a document.")
    if any(requirement.call_id != application.call_id for requirement in document_comments):
        errors["comment"] = _("That document is not asked for by this call.")
    if errors:
        raise ValidationError(errors, code="correction")
    correction = CorrectionRequest.objects.create(
        application=application, comment=comment.strip(), due_at=due_at, requested_by=actor, requested_at=now
    )
    CorrectionItem.objects.bulk_create(
        CorrectionItem(correction=correction, requirement=requirement, comment=text)
        for requirement, text in document_comments.items()
    )
    due = timezone.localtime(due_at, KST).strftime("%Y-%m-%d %H:%M")
    application_transition(
        application=application,
        to_stage=ApplicationStage.RETURNED,
        actor=actor,
        reason=comment.strip(),
        mail=lambda: {
            "due_at": due,
            "documents": [f"{requirement.name}: {text}" for requirement, text in document_comments.items()],
        },
    )
    return correction


def application_reject_uncorrected(*, application: Application, actor, reason: str, now=None) -> Application:
    """Not selected because the correction deadline passed without a resubmission (staff decide it)."""
    correction = open_correction(application)
    if correction is None or not correction.is_overdue(now):
        raise ValidationError(
            _("Only an application whose correction deadline has passed can be closed this way."), code="not_overdue"
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Record the reason for the decision.")}, code="reason_required")
    return application_transition(
        application=application, to_stage=ApplicationStage.REJECTED, actor=actor, reason=reason.strip()
    )


def application_withdraw(*, application: Application, actor) -> Application:
    return application_transition(application=application, to_stage=ApplicationStage.WITHDRAWN, actor=actor)


def application_start_review(*, application: Application, actor) -> Application:
    return application_transition(application=application, to_stage=ApplicationStage.UNDER_REVIEW, actor=actor)


@transaction.atomic
def review_assign(*, application: Application, reviewer, actor=None) -> ReviewAssignment:
    """Assign a reviewer; a known tie to the firm (e.g. a member of it) is flagged as a conflict at once."""
    if application.stage not in (ApplicationStage.SUBMITTED, ApplicationStage.UNDER_REVIEW):
        raise ValidationError(_("Only received applications can be assigned for review."), code="stage")
    if not reviewer.has_perm("tenants.add_reviewscore"):
        raise ValidationError({"reviewer": _("This person is not a reviewer.")}, code="not_reviewer")
    reason = review_conflict_reason(reviewer, application.firm)
    try:
        with transaction.atomic():
            return ReviewAssignment.objects.create(
                application=application,
                reviewer=reviewer,
                conflict=ConflictState.CONFLICT if reason else ConflictState.PENDING,
                conflict_note=reason,
            )
    except IntegrityError as error:
        raise ValidationError({"reviewer": _("This reviewer is already assigned.")}, code="duplicate") from error


@transaction.atomic
def review_declare_conflict(*, assignment: ReviewAssignment, has_conflict: bool, note: str = "") -> ReviewAssignment:
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.conflict != ConflictState.PENDING:
        raise ValidationError(_("The conflict of interest has already been declared."), code="declared")
    assignment.conflict = ConflictState.CONFLICT if has_conflict else ConflictState.NONE
    assignment.conflict_note = note
    assignment.save(update_fields=["conflict", "conflict_note"])
    return assignment


@transaction.atomic
def review_submit(*, assignment: ReviewAssignment, scores: dict, comment: str = "") -> ReviewAssignment:
    """Score every criterion (0–100) once; a reviewer with a conflict is excluded from scoring."""
    assignment = ReviewAssignment.objects.select_for_update().select_related("application__call").get(pk=assignment.pk)
    if assignment.conflict != ConflictState.NONE:
        raise ValidationError(_("Declare that you have no conflict of interest before scoring."), code="conflict")
    if assignment.submitted_at:
        raise ValidationError(_("Your scores have already been submitted."), code="submitted")
    criteria = list(assignment.application.call.criteria.all())
    errors = {}
    for criterion in criteria:
        score, _comment = scores.get(criterion.pk, (None, ""))
        if score is None or not 0 <= int(score) <= 100:
            errors[f"score_{criterion.pk}"] = _("Give a score from 0 to 100.")
    if errors:
        raise ValidationError(errors, code="scores")
    ReviewScore.objects.bulk_create(
        ReviewScore(
            assignment=assignment,
            criterion=criterion,
            score=int(scores[criterion.pk][0]),
            comment=scores[criterion.pk][1],
        )
        for criterion in criteria
    )
    assignment.submitted_at = timezone.now()
    assignment.comment = comment
    assignment.save(update_fields=["submitted_at", "comment"])
    return assignment


@transaction.atomic
def application_stage_decision(*, application: Application, decision: str, reason: str) -> Application:
    """Record a decision to apply later in bulk; the reason is required and goes to the firm."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.stage != ApplicationStage.UNDER_REVIEW:
        raise ValidationError(_("Only applications under review can be decided."), code="stage")
    if decision not in ("", *DECISION_STAGES):
        raise ValidationError({"decision": _("Choose selected or not selected.")}, code="decision")
    if decision and not reason.strip():
        raise ValidationError({"reason": _("Record the reason for the decision.")}, code="reason_required")
    application.staged_decision = decision
    application.staged_reason = reason if decision else ""
    application.save(update_fields=["staged_decision", "staged_reason", "updated_at"])
    return application


@transaction.atomic
def applications_apply_staged_decisions(*, call: TenancyCall, actor) -> int:
    """Apply every staged decision of the call; each firm gets its templated mail through the outbox."""
    staged = list(
        call.applications.select_for_update()
        .filter(stage=ApplicationStage.UNDER_REVIEW)
        .exclude(staged_decision="")
        .order_by("pk")
    )
    for application in staged:
        application_transition(
            application=application, to_stage=application.staged_decision, actor=actor, reason=application.staged_reason
        )
    return len(staged)


def call_deadline_reminders(*, now=None) -> int:
    """Remind firms with an unsent draft that the call closes in 3 days, then in 1 day; returns how
    many reminders were due (each is sent once).

    Safe to run twice or on two workers: each reminder has its own de-duplication key. When a run
    is missed, the nearest reminder point already reached is sent, so none is lost.
    """
    now = now or timezone.now()
    drafts = Application.objects.filter(
        stage=ApplicationStage.DRAFT,
        call__is_published=True,
        call__opens_at__lte=now,
        call__closes_at__gt=now,
        call__closes_at__lte=now + timedelta(days=3),
    ).select_related("call", "firm")
    due = 0
    for application in drafts:
        representative = firm_representative(application.firm)
        if representative is None or not representative.remind_call_deadlines:
            continue  # an optional reminder the representative turned off
        days_left = 1 if application.call.closes_at - now <= timedelta(days=1) else 3
        closes = timezone.localtime(application.call.closes_at).strftime("%Y-%m-%d %H:%M")
        _notify_firm(
            application,
            template="call_deadline_reminder",
            context={"days_left": days_left, "closes_at": closes},
            key=f"application:{application.pk}:deadline:D-{days_left}",
        )
        due += 1
    return due
