"""Rounds and returns: the only place their state changes.

Every status change of a return goes through ``return_transition``: it locks the row, checks the
transition table, writes the timeline row and mails the firm through the outbox, in one
transaction. Opening a round creates one return per eligible firm (a unique constraint makes a
second opening, or two at once, create none twice) and mails each firm once.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.i18n import as_language_columns
from portal.notifications.models import OutboxMessage
from portal.notifications.services import notify
from portal.pagecache import public_pages_changed
from portal.time import hub_today, kst
from tenants.models import Firm, FirmMembership
from tenants.partners.services import reminder_threshold
from tenants.selectors import firm_representative

from .choices import (
    AWAITING_REVIEW_STATUSES,
    RETURN_TRANSITIONS,
    ROUND_TRANSITIONS,
    BaselineSource,
    IPKind,
    ReturnStatus,
    RoundStatus,
)
from .models import (
    Baseline,
    IntellectualProperty,
    Investment,
    PerformanceReturn,
    Reporter,
    ReportingRound,
    ReturnEvidence,
    ReturnStatusChange,
)
from .selectors import eligible_firms, may_report, representative_and_reporters

ROUND_FIELDS = (
    "title_ko",
    "title_en",
    "kind",
    "period_start",
    "period_end",
    "due_at",
    "include_residents",
    "graduate_years",
    "ask_youth",
)
FIGURE_FIELDS = (
    "revenue",
    "employees_full_time",
    "employees_part_time",
    "new_hires",
    "youth_hires",
    "exports_krw",
    "exports_usd",
    "exchange_rate",
    "exchange_rate_on",
    "certifications",
    "awards",
    "products_launched",
    "notes",
)
# What staff may comment on when they ask for a correction: each figure, and the rows and files.
COMMENTABLE_FIELDS = (*FIGURE_FIELDS, "investments", "ip_rights", "evidence")
ROW_LABELS = {
    "investments": gettext_lazy("Investment raised"),
    "ip_rights": gettext_lazy("Intellectual property"),
    "evidence": gettext_lazy("Evidence files"),
}
REQUIRED_FIGURES = ("revenue", "employees_full_time")
REMINDER_DAYS = (7, 3, 1)
BASELINE_FIELDS = ("revenue", "employees", "investment", "ip_count", "as_of")


def field_label(name: str):
    """The label of a commentable field, as the form shows it."""
    return ROW_LABELS.get(name) or PerformanceReturn._meta.get_field(name).verbose_name


# Rounds


@transaction.atomic
def round_create(*, actor=None, **fields) -> ReportingRound:
    fields = as_language_columns(ReportingRound, fields)
    for name in fields:
        if name not in ROUND_FIELDS:
            raise ValueError(f"{name} cannot be set here")
    round_ = ReportingRound(**fields)
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def round_update(*, round_: ReportingRound, **fields) -> ReportingRound:
    """A draft round may change in full; an open one only its due moment (to give more time)."""
    round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
    fields = as_language_columns(ReportingRound, fields)
    changeable = ROUND_FIELDS if round_.status == RoundStatus.DRAFT else ("due_at",)
    for name, value in fields.items():
        if name not in changeable:
            if (getattr(round_, name) or "") != (value or ""):
                raise ValidationError({name: _("An open round's population and period no longer change.")}, code="open")
            continue
        setattr(round_, name, value)
    round_.full_clean()
    round_.save()
    return round_


def _round_transition(round_: ReportingRound, to_status: str) -> None:
    from_status = RoundStatus(round_.status)
    if to_status not in ROUND_TRANSITIONS[from_status]:
        raise ValidationError(
            _("A round cannot go from “%(from)s” to “%(to)s”.")
            % {"from": from_status.label, "to": RoundStatus(to_status).label},
            code="transition",
        )
    round_.status = to_status


def _round_context(round_: ReportingRound, language: str = "ko") -> dict:
    """What every mail says about the round, with its title in the recipient's language."""
    return {
        "round_title": getattr(round_, f"title_{language}", None) or round_.title_ko,
        "period_start": round_.period_start.isoformat(),
        "period_end": round_.period_end.isoformat(),
        "due_at": kst(round_.due_at).strftime("%Y-%m-%d %H:%M"),
    }


@transaction.atomic
def round_open(*, round_: ReportingRound, actor=None, now=None) -> int:
    """Open the round: one return per eligible firm, and a mail to each firm's representative.

    Returns how many returns were created. The round row is locked and the returns are inserted
    with the unique (round, firm) constraint, so opening twice creates nothing twice.
    """
    now = now or timezone.now()
    round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
    _round_transition(round_, RoundStatus.OPEN)
    if round_.due_at <= now:
        raise ValidationError({"due_at": _("The due date has already passed.")}, code="past_due")
    round_.opened_at = now
    round_.opened_by = actor
    round_.save(update_fields=["status", "opened_at", "opened_by"])
    population = eligible_firms(
        include_residents=round_.include_residents, graduate_years=round_.graduate_years, on=hub_today(now)
    )
    PerformanceReturn.objects.bulk_create(
        [
            PerformanceReturn(round=round_, firm_id=firm_id, population=kind)
            for firm_id, kind in sorted(population.items())
        ],
        ignore_conflicts=True,
    )
    returns = PerformanceReturn.objects.filter(round=round_).select_related("firm").order_by("pk")
    site = settings.SITE_URL
    for performance_return in returns:
        representative = firm_representative(performance_return.firm)
        if representative is None:
            continue
        notify(
            recipient=representative.email,
            user=representative,
            language=representative.language,
            template="performance_round_opened",
            context={
                **_round_context(round_, representative.language),
                "firm_name": performance_return.firm.name,
                "url": site + performance_return.get_absolute_url(),
            },
            dedup_key=f"performance-return:{performance_return.pk}:opened",
        )
    return len(returns)


@transaction.atomic
def round_close(*, round_: ReportingRound) -> ReportingRound:
    round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
    _round_transition(round_, RoundStatus.CLOSED)
    round_.save(update_fields=["status"])
    return round_


# Who may report


def _check_reporter(performance_return: PerformanceReturn, actor) -> None:
    if actor is None or not may_report(actor, performance_return.firm_id):
        raise ValidationError(
            _("Only the firm's representative or a member named to report can change the return."), code="not_reporter"
        )


@transaction.atomic
def reporter_grant(*, firm: Firm, user, actor) -> Reporter:
    if not FirmMembership.objects.filter(firm=firm, user=user).exists():
        raise ValidationError({"user": _("That person is not a member of the firm.")}, code="not_member")
    reporter, _created = Reporter.objects.get_or_create(firm=firm, user=user, defaults={"granted_by": actor})
    return reporter


@transaction.atomic
def reporter_revoke(*, reporter: Reporter) -> None:
    reporter.delete()


# The return's contents


def _lock_editable(performance_return: PerformanceReturn, actor) -> PerformanceReturn:
    performance_return = (
        PerformanceReturn.objects.select_for_update().select_related("round").get(pk=performance_return.pk)
    )
    _check_reporter(performance_return, actor)
    if not performance_return.is_editable:
        raise ValidationError(
            _("This return is with the hub for review and cannot be changed now.")
            if performance_return.status in AWAITING_REVIEW_STATUSES
            else _("This return has been accepted and is locked."),
            code="locked",
        )
    if performance_return.round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is closed."), code="closed")
    return performance_return


@transaction.atomic
def return_update(*, performance_return: PerformanceReturn, actor, **fields) -> PerformanceReturn:
    performance_return = _lock_editable(performance_return, actor)
    for name, value in fields.items():
        if name not in FIGURE_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(performance_return, name, value)
    if not performance_return.round.ask_youth:
        performance_return.youth_hires = None
    performance_return.full_clean(exclude=["round", "firm"])
    performance_return.save()
    return performance_return


@transaction.atomic
def investment_add(*, performance_return: PerformanceReturn, actor, **fields) -> Investment:
    performance_return = _lock_editable(performance_return, actor)
    investment = Investment(performance_return=performance_return, **fields)
    investment.full_clean(exclude=["performance_return"])
    investment.save()
    return investment


@transaction.atomic
def investment_remove(*, investment: Investment, actor) -> None:
    _lock_editable(investment.performance_return, actor)
    investment.delete()


@transaction.atomic
def ip_set(
    *, performance_return: PerformanceReturn, actor, kind: str, applied: int, registered: int, numbers: str = ""
) -> IntellectualProperty | None:
    """The counts of one kind of IP; zero for both removes the row."""
    performance_return = _lock_editable(performance_return, actor)
    if kind not in IPKind.values:
        raise ValidationError({"kind": _("Choose a kind of IP.")}, code="kind")
    if not applied and not registered:
        IntellectualProperty.objects.filter(performance_return=performance_return, kind=kind).delete()
        return None
    row = IntellectualProperty.objects.filter(performance_return=performance_return, kind=kind).first()
    row = row or IntellectualProperty(performance_return=performance_return, kind=kind)
    row.applied, row.registered, row.numbers = applied, registered, numbers.strip()
    row.full_clean(exclude=["performance_return"], validate_unique=False)
    row.save()
    return row


@transaction.atomic
def evidence_add(*, performance_return: PerformanceReturn, actor, figure: str, file) -> ReturnEvidence:
    """Store an evidence file under a random name after checking its size and type by content."""
    performance_return = _lock_editable(performance_return, actor)
    evidence = ReturnEvidence.from_upload(file, uploaded_by=actor, performance_return=performance_return, figure=figure)
    evidence.full_clean(exclude=["performance_return", "file", "uploaded_by"])
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: ReturnEvidence, actor) -> None:
    _lock_editable(evidence.performance_return, actor)
    evidence.delete()
    transaction.on_commit(lambda: evidence.file.delete(save=False))


# Status changes

TRANSITION_TEMPLATES = {
    ReturnStatus.SUBMITTED: "performance_return_received",
    ReturnStatus.RESUBMITTED: "performance_return_received",
    ReturnStatus.RETURNED: "performance_return_returned",
    ReturnStatus.ACCEPTED: "performance_return_accepted",
}


@transaction.atomic
def return_transition(
    *, performance_return: PerformanceReturn, to_status: str, actor=None, comments: dict | None = None, note: str = ""
) -> PerformanceReturn:
    performance_return = (
        PerformanceReturn.objects.select_for_update().select_related("round", "firm").get(pk=performance_return.pk)
    )
    from_status = ReturnStatus(performance_return.status)
    if to_status not in RETURN_TRANSITIONS[from_status]:
        raise ValidationError(
            _("A return cannot go from “%(from)s” to “%(to)s”.")
            % {"from": from_status.label, "to": ReturnStatus(to_status).label},
            code="transition",
        )
    now = timezone.now()
    performance_return.status = to_status
    if to_status == ReturnStatus.SUBMITTED:
        performance_return.submitted_at = now
        performance_return.is_late = performance_return.round.is_past_due(now)
    if to_status == ReturnStatus.RETURNED:
        performance_return.staff_comments = comments or {}
    if to_status == ReturnStatus.ACCEPTED:
        performance_return.accepted_at = now
        performance_return.staff_comments = {}
    performance_return.save()
    change = ReturnStatusChange.objects.create(
        performance_return=performance_return,
        from_status=from_status,
        to_status=to_status,
        changed_by=actor,
        comments=comments or {},
        note=note,
    )
    context = {
        "firm_name": performance_return.firm.name,
        "status": to_status,
        "late": performance_return.is_late,
        "note": note,
        "url": settings.SITE_URL + performance_return.get_absolute_url(),
    }
    for person in representative_and_reporters(performance_return.firm_id):
        with translation.override(person.language):
            labelled = [{"field": str(field_label(name)), "comment": text} for name, text in (comments or {}).items()]
        notify(
            recipient=person.email,
            user=person,
            language=person.language,
            template=TRANSITION_TEMPLATES[to_status],
            context={**context, **_round_context(performance_return.round, person.language), "comments": labelled},
            dedup_key=f"performance-return:{performance_return.pk}:change:{change.pk}:to:{person.pk}",
        )
    return performance_return


def return_submit(*, performance_return: PerformanceReturn, actor, now=None) -> PerformanceReturn:
    """Hand the return in (again, after a correction). Past the due date it is still taken, marked late."""
    with transaction.atomic():
        performance_return = _lock_editable(performance_return, actor)
        missing = [name for name in REQUIRED_FIGURES if getattr(performance_return, name) is None]
        if missing:
            raise ValidationError({name: _("Fill this in before submitting.") for name in missing}, code="incomplete")
        to_status = (
            ReturnStatus.SUBMITTED if performance_return.status == ReturnStatus.DRAFT else ReturnStatus.RESUBMITTED
        )
        return return_transition(performance_return=performance_return, to_status=to_status, actor=actor)


def return_send_back(
    *, performance_return: PerformanceReturn, actor, comments: dict, note: str = ""
) -> PerformanceReturn:
    """Ask for a correction (보완 요청), with what to correct, field by field."""
    comments = {name: (text or "").strip() for name, text in (comments or {}).items() if (text or "").strip()}
    unknown = set(comments) - set(COMMENTABLE_FIELDS)
    if unknown:
        raise ValidationError({"comments": _("Comment on the return's own fields only.")}, code="unknown_field")
    if not comments:
        raise ValidationError({"comments": _("Say what to correct on at least one field.")}, code="required")
    return return_transition(
        performance_return=performance_return,
        to_status=ReturnStatus.RETURNED,
        actor=actor,
        comments=comments,
        note=note,
    )


def return_accept(*, performance_return: PerformanceReturn, actor, note: str = "") -> PerformanceReturn:
    """Complete the review (검토 완료): the return is locked and counts in the rollups and on /outcomes/."""
    with transaction.atomic():
        performance_return = return_transition(
            performance_return=performance_return, to_status=ReturnStatus.ACCEPTED, actor=actor, note=note
        )
        public_pages_changed("outcomes")
    return performance_return


# Baselines


@transaction.atomic
def baseline_set(*, firm: Firm, source: str = BaselineSource.STAFF, **fields) -> Baseline:
    for name in fields:
        if name not in BASELINE_FIELDS:
            raise ValueError(f"{name} cannot be set here")
    baseline = Baseline.objects.select_for_update().filter(firm=firm).first() or Baseline(firm=firm)
    for name, value in fields.items():
        setattr(baseline, name, value)
    baseline.source = source
    baseline.full_clean(exclude=["firm"], validate_unique=False)
    baseline.save()
    return baseline


def baseline_from_application(*, firm: Firm) -> Baseline | None:
    """The baseline at move-in from the firm's first lease and the application it came from: the
    headcount it gave the hub (else the employees on its profile). Nothing is overwritten."""
    if Baseline.objects.filter(firm=firm).exists():
        return None
    lease = firm.leases.select_related("application").order_by("start_date", "pk").first()
    if lease is None:
        return None
    headcount = lease.application.headcount if lease.application_id else None
    employees = headcount if headcount is not None else firm.employees
    return baseline_set(firm=firm, source=BaselineSource.APPLICATION, employees=employees, as_of=lease.start_date)


# Reminders


def _due_reminders(now) -> list[tuple[str, str, dict, PerformanceReturn]]:
    today = hub_today(now)
    horizon = now + timedelta(days=max(REMINDER_DAYS) + 1)
    drafts = (
        PerformanceReturn.objects.filter(
            status=ReturnStatus.DRAFT, round__status=RoundStatus.OPEN, round__due_at__lte=horizon
        )
        .select_related("round", "firm")
        .order_by("round__due_at", "pk")
    )
    site = settings.SITE_URL
    due = []
    for performance_return in drafts:
        round_ = performance_return.round
        due_on = kst(round_.due_at).date()
        context = {"firm_name": performance_return.firm.name, "url": site + performance_return.get_absolute_url()}
        prefix = f"performance-return:{performance_return.pk}:{round_.due_at.isoformat()}"
        if round_.due_at < now:
            due.append((f"{prefix}:overdue", "performance_return_overdue", context, performance_return))
        elif (threshold := reminder_threshold((due_on - today).days, REMINDER_DAYS)) is not None:
            due.append(
                (
                    f"{prefix}:D-{threshold}",
                    "performance_return_due",
                    {**context, "days": threshold},
                    performance_return,
                )
            )
    return due


def _send(messages) -> int:
    already = set(
        OutboxMessage.objects.filter(dedup_key__in=[key for key, *_rest in messages]).values_list(
            "dedup_key", flat=True
        )
    )
    sent = 0
    for key, template, context, person, round_ in messages:
        if key in already:
            continue
        with transaction.atomic():  # one mail per transaction: a failure stops only that one
            message = notify(
                recipient=person.email,
                user=person,
                language=person.language,
                template=template,
                context={**context, **_round_context(round_, person.language)},
                dedup_key=key,
            )
        sent += message.created_now
    return sent


def performance_reminders_send(*, now=None) -> int:
    """D-7, D-3, D-1 and overdue reminders of the returns not handed in, each once per person.

    The key names the return, the due moment (a moved due date is reminded again), the point and
    the person; a missed day still sends the nearest point reached. Returns how many were new.
    """
    now = now or timezone.now()
    messages = [
        (f"{key}:to:{person.pk}", template, context, person, performance_return.round)
        for key, template, context, performance_return in _due_reminders(now)
        for person in representative_and_reporters(performance_return.firm_id)
    ]
    return _send(messages)


def returns_remind(*, returns, actor=None, now=None) -> int:
    """Staff's reminder to the chosen returns not yet handed in (or awaiting correction): once a day each."""
    now = now or timezone.now()
    today = hub_today(now).isoformat()
    site = settings.SITE_URL
    messages = []
    for performance_return in returns.filter(status__in=(ReturnStatus.DRAFT, ReturnStatus.RETURNED)).select_related(
        "round", "firm"
    ):
        context = {
            "firm_name": performance_return.firm.name,
            "overdue": performance_return.round.is_past_due(now),
            "url": site + performance_return.get_absolute_url(),
        }
        for person in representative_and_reporters(performance_return.firm_id):
            key = f"performance-return:{performance_return.pk}:staff-reminder:{today}:to:{person.pk}"
            messages.append((key, "performance_return_reminder", context, person, performance_return.round))
    return _send(messages)
