"""Partners, MOUs and obligations: transitions, renewals, derived overdue (KST), reminders, pages and privacy."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal.accounts.roles import HUB_MANAGER, PROGRAMME_OFFICER, sync_roles
from portal.notifications.models import OutboxMessage
from portal.time import hub_today
from tenants.partners.choices import (
    MOUStatus,
    ObligationState,
    ObligationStatus,
    PartnerKind,
    Recurrence,
    RenewalDecision,
)
from tenants.partners.filters import ObligationFilterSet
from tenants.partners.models import MOU, Obligation, ObligationEvidence, ObligationNote
from tenants.partners.services import (
    evidence_add,
    mou_activate,
    mou_create,
    mou_decide_renewal,
    mou_expire,
    mou_reminders_send,
    mou_renew,
    mou_sign,
    mou_terminate,
    mous_apply_dates,
    obligation_add_note,
    obligation_complete,
    obligation_create,
    obligation_reopen,
    obligation_waive,
    reminder_threshold,
)
from tenants.partners.tasks import mous_daily

from ..factories import (
    FirmFactory,
    MOUFactory,
    ObligationFactory,
    PartnerContactFactory,
    PartnerFactory,
    UserFactory,
    pdf_upload,
)

# Session, user, permissions and the page's own queries: the same with 1 row or many.
PARTNERS_PAGE_QUERIES = 4
WORKSPACE_QUERIES = 11
MOU_PAGE_QUERIES = 15  # … the training programmes it concerns, and the access record
OBLIGATION_LIST_QUERIES = 9
OBLIGATION_PAGE_QUERIES = 10


@pytest.fixture
def roles(db):
    sync_roles()


def person_in(group_name, **fields):
    person = UserFactory(**fields)
    person.groups.add(Group.objects.get(name=group_name))
    return person


@pytest.fixture
def manager(roles):
    return person_in(HUB_MANAGER, name="박허브")


@pytest.fixture
def staff_client(client, manager):
    client.force_login(manager)
    return client


def days(offset: int) -> date:
    return hub_today() + timedelta(days=offset)


def draft_mou(**fields) -> MOU:
    partners = fields.pop("partners") if "partners" in fields else [PartnerFactory()]
    defaults = {
        "title": "제조 AI 협력 업무협약",
        "purpose": "제조 AI 실증을 함께 추진한다.",
        "effective_from": days(-30),
        "expires_on": days(335),
    }
    return mou_create(partners=partners, **{**defaults, **fields})


# Status transitions


@pytest.mark.django_db
def test_an_mou_goes_from_draft_to_signed_to_active_to_expired():
    mou = draft_mou(effective_from=days(-400), expires_on=days(-1))
    assert mou.status == MOUStatus.DRAFT
    mou = mou_sign(mou=mou, signed_on=days(-401))
    assert (mou.status, mou.signed_on) == (MOUStatus.SIGNED, days(-401))
    mou = mou_activate(mou=mou)
    assert mou.status == MOUStatus.ACTIVE
    mou = mou_expire(mou=mou)
    assert mou.status == MOUStatus.EXPIRED
    assert mou.status_changed_at is not None


@pytest.mark.django_db
def test_an_active_mou_can_be_terminated_with_a_reason():
    mou = MOUFactory()
    mou = mou_terminate(mou=mou, reason="상대 기관의 사업 종료", terminated_on=days(-1))
    assert mou.status == MOUStatus.TERMINATED
    assert (mou.terminated_on, mou.termination_reason) == (days(-1), "상대 기관의 사업 종료")


@pytest.mark.django_db
def test_terminating_without_a_reason_is_refused():
    mou = MOUFactory()
    with pytest.raises(ValidationError) as error:
        mou_terminate(mou=mou, reason="  ")
    assert "reason" in error.value.message_dict
    mou.refresh_from_db()
    assert mou.status == MOUStatus.ACTIVE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "attempt"),
    [
        (MOUStatus.DRAFT, lambda mou: mou_activate(mou=mou)),
        (MOUStatus.DRAFT, lambda mou: mou_terminate(mou=mou, reason="취소")),
        (MOUStatus.SIGNED, lambda mou: mou_sign(mou=mou, signed_on=days(-1))),
        (MOUStatus.ACTIVE, lambda mou: mou_sign(mou=mou, signed_on=days(-1))),
        (MOUStatus.EXPIRED, lambda mou: mou_terminate(mou=mou, reason="이미 만료")),
        (MOUStatus.EXPIRED, lambda mou: mou_activate(mou=mou)),
        (MOUStatus.TERMINATED, lambda mou: mou_activate(mou=mou)),
        (MOUStatus.TERMINATED, lambda mou: mou_sign(mou=mou, signed_on=days(-1))),
    ],
)
def test_transitions_outside_the_allowed_set_are_refused(status, attempt):
    extra = {"terminated_on": days(-1), "termination_reason": "해지"} if status == MOUStatus.TERMINATED else {}
    mou = MOUFactory(
        status=status,
        signed_on=None if status == MOUStatus.DRAFT else days(-365),
        effective_from=days(-365),
        expires_on=days(-2) if status == MOUStatus.EXPIRED else days(365),
        **extra,
    )
    with pytest.raises(ValidationError) as error:
        attempt(mou)
    assert error.value.code == "transition"
    mou.refresh_from_db()
    assert mou.status == status


@pytest.mark.django_db
def test_signing_needs_a_date_that_is_not_in_the_future():
    mou = draft_mou()
    with pytest.raises(ValidationError) as error:
        mou_sign(mou=mou, signed_on=days(1))
    assert "signed_on" in error.value.message_dict
    assert MOU.objects.get(pk=mou.pk).status == MOUStatus.DRAFT


@pytest.mark.django_db
def test_an_mou_takes_effect_only_from_its_start_date_and_expires_only_after_its_end():
    signed = draft_mou(effective_from=days(3), expires_on=days(400))
    signed = mou_sign(mou=signed, signed_on=days(0))
    with pytest.raises(ValidationError, match="2026|20[0-9]{2}-[0-9]{2}-[0-9]{2}"):  # names the start date
        mou_activate(mou=signed)
    active = MOUFactory(expires_on=days(0))  # its last day is today
    with pytest.raises(ValidationError) as error:
        mou_expire(mou=active)
    assert error.value.code == "not_expired"


@pytest.mark.django_db
def test_each_status_change_is_in_the_audit_log():
    mou = draft_mou()
    mou_sign(mou=mou, signed_on=days(-1))
    status_changes = [
        entry.changes["status"]
        for entry in LogEntry.objects.get_for_object(mou).order_by("timestamp")
        if "status" in entry.changes and entry.action == LogEntry.Action.UPDATE
    ]
    assert status_changes == [["draft", "signed"]]


@pytest.mark.django_db
def test_an_mou_needs_at_least_one_partner():
    with pytest.raises(ValidationError) as error:
        draft_mou(partners=[])
    assert "partners" in error.value.message_dict


@pytest.mark.django_db
def test_an_mou_cannot_expire_before_it_takes_effect():
    with pytest.raises(ValidationError) as error:
        draft_mou(effective_from=days(10), expires_on=days(5))
    assert "expires_on" in error.value.message_dict


# Renewal


@pytest.mark.django_db
def test_renewal_creates_a_new_term_linked_to_the_old_one():
    firm = FirmFactory()
    partners = [PartnerFactory(), PartnerFactory()]
    mou = MOUFactory(partners=partners, effective_from=days(-300), expires_on=days(64), auto_renew=True)
    mou.firms.add(firm)
    new_term = mou_renew(mou=mou)
    assert new_term.pk != mou.pk
    assert new_term.previous_term == mou
    assert list(mou.next_terms.all()) == [new_term]
    # Starts the day after, for the same length, as a draft to sign, with the same parties and firms.
    assert new_term.effective_from == days(65)
    assert new_term.expires_on - new_term.effective_from == mou.expires_on - mou.effective_from
    assert new_term.status == MOUStatus.DRAFT
    assert set(new_term.partners.all()) == set(partners)
    assert list(new_term.firms.all()) == [firm]
    assert (new_term.title, new_term.auto_renew, new_term.is_public) == (mou.title, True, True)
    mou.refresh_from_db()
    assert (mou.status, mou.renewal_decision) == (MOUStatus.ACTIVE, RenewalDecision.RENEWED)


@pytest.mark.django_db
def test_a_renewal_signed_already_starts_as_signed():
    mou = MOUFactory(expires_on=days(30))
    new_term = mou_renew(mou=mou, signed_on=days(0), expires_on=days(31 + 730))
    assert (new_term.status, new_term.signed_on, new_term.expires_on) == (MOUStatus.SIGNED, days(0), days(761))


@pytest.mark.django_db
def test_renewing_twice_is_refused():
    mou = MOUFactory()
    mou_renew(mou=mou)
    with pytest.raises(ValidationError) as error:
        mou_renew(mou=mou)
    assert error.value.code == "renewed"
    assert MOU.objects.filter(previous_term=mou).count() == 1


@pytest.mark.django_db
def test_renewing_a_draft_or_terminated_mou_is_refused():
    for mou in (draft_mou(), mou_terminate(mou=MOUFactory(), reason="해지")):
        with pytest.raises(ValidationError) as error:
            mou_renew(mou=mou)
        assert error.value.code == "not_renewable"


@pytest.mark.django_db
def test_a_new_term_may_not_overlap_the_current_one():
    mou = MOUFactory(expires_on=days(30))
    with pytest.raises(ValidationError) as error:
        mou_renew(mou=mou, effective_from=days(30))
    assert "effective_from" in error.value.message_dict


@pytest.mark.django_db
def test_notice_deadline_and_renewal_window_come_from_the_notice_period():
    mou = MOUFactory(expires_on=date(2027, 6, 30), notice_period_days=60)
    assert mou.notice_deadline == date(2027, 5, 1)
    assert mou.renewal_window_opens == date(2027, 1, 31)
    assert not mou.in_renewal_window(date(2027, 1, 30))
    assert mou.in_renewal_window(date(2027, 1, 31))
    assert mou.in_renewal_window(date(2027, 6, 30))
    mou_decide_renewal(mou=mou, decision=RenewalDecision.LET_EXPIRE)
    mou.refresh_from_db()
    assert not mou.in_renewal_window(date(2027, 3, 1))


@pytest.mark.django_db
def test_the_daily_job_renews_an_automatic_mou_nobody_gave_notice_on():
    mou = MOUFactory(effective_from=days(-366), expires_on=days(-1), auto_renew=True)
    moved = mous_apply_dates()
    assert moved == {"activated": 1, "renewed": 1, "expired": 1}
    mou.refresh_from_db()
    new_term = mou.next_terms.get()
    assert (mou.status, mou.renewal_decision) == (MOUStatus.EXPIRED, RenewalDecision.RENEWED)
    assert (new_term.status, new_term.effective_from, new_term.signed_on) == (MOUStatus.ACTIVE, days(0), mou.signed_on)


@pytest.mark.django_db
def test_the_daily_job_lets_an_mou_expire_when_the_hub_said_so():
    mou = MOUFactory(expires_on=days(10), auto_renew=True)
    mou_decide_renewal(mou=mou, decision=RenewalDecision.LET_EXPIRE)
    MOU.objects.filter(pk=mou.pk).update(effective_from=days(-400), expires_on=days(-1))
    assert mous_apply_dates() == {"activated": 0, "renewed": 0, "expired": 1}
    mou.refresh_from_db()
    assert mou.status == MOUStatus.EXPIRED
    assert not mou.next_terms.exists()


@pytest.mark.django_db
def test_the_daily_job_puts_signed_mous_into_effect_on_their_start_date_and_twice_changes_nothing():
    starts_today = mou_sign(mou=draft_mou(effective_from=days(0), expires_on=days(365)), signed_on=days(-5))
    starts_tomorrow = mou_sign(mou=draft_mou(effective_from=days(1), expires_on=days(365)), signed_on=days(-5))
    assert mous_apply_dates()["activated"] == 1
    assert mous_apply_dates() == {"activated": 0, "renewed": 0, "expired": 0}
    assert MOU.objects.get(pk=starts_today.pk).status == MOUStatus.ACTIVE
    assert MOU.objects.get(pk=starts_tomorrow.pk).status == MOUStatus.SIGNED


# Obligations: overdue is derived in KST


@pytest.mark.django_db
def test_overdue_is_derived_from_the_due_date_in_kst():
    obligation = ObligationFactory(due_on=date(2026, 12, 1))
    late_evening_kst = datetime(2026, 12, 1, 14, 30, tzinfo=UTC)  # 23:30 KST on the due date
    just_after_midnight_kst = datetime(2026, 12, 1, 15, 10, tzinfo=UTC)  # 00:10 KST on 2 December
    assert obligation.state(now=late_evening_kst) == ObligationState.OPEN
    assert obligation.state(now=just_after_midnight_kst) == ObligationState.OVERDUE
    # The list queries agree with the record.
    assert not Obligation.objects.overdue(hub_today(late_evening_kst)).exists()
    assert list(Obligation.objects.overdue(hub_today(just_after_midnight_kst))) == [obligation]
    annotated = Obligation.objects.with_overdue(hub_today(just_after_midnight_kst)).get()
    assert annotated.is_overdue
    # Never stored: the row still says open.
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.OPEN


@pytest.mark.django_db
def test_the_overdue_filter_uses_the_day_in_kst(monkeypatch):
    ObligationFactory(due_on=date(2026, 12, 1))
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 1, 14, 30, tzinfo=UTC))
    assert ObligationFilterSet({"state": "overdue"}, queryset=Obligation.objects.all()).qs.count() == 0
    assert ObligationFilterSet({"state": "open"}, queryset=Obligation.objects.all()).qs.count() == 1
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 1, 15, 10, tzinfo=UTC))
    assert ObligationFilterSet({"state": "overdue"}, queryset=Obligation.objects.all()).qs.count() == 1
    assert ObligationFilterSet({"state": "open"}, queryset=Obligation.objects.all()).qs.count() == 0


@pytest.mark.django_db
def test_done_and_waived_obligations_are_never_overdue():
    done = ObligationFactory(due_on=days(-10))
    waived = ObligationFactory(due_on=days(-10))
    obligation_complete(obligation=done)
    obligation_waive(obligation=waived, reason="사업 변경으로 면제")
    assert [Obligation.objects.get(pk=pk).state() for pk in (done.pk, waived.pk)] == [
        ObligationState.DONE,
        ObligationState.WAIVED,
    ]
    assert not Obligation.objects.overdue(hub_today()).exists()


@pytest.mark.django_db
def test_each_obligation_status_change_is_a_row_of_its_history(manager):
    obligation = ObligationFactory()
    obligation_complete(obligation=obligation, actor=manager, note="보고서 접수")
    obligation_reopen(obligation=obligation, actor=manager, note="보완 요청")
    obligation_add_note(obligation=obligation, text="다음 주 재제출 예정", author=manager)
    rows = list(obligation.notes.values_list("status_change", "text", "author"))
    assert rows == [
        ("done", "보고서 접수", manager.pk),
        ("open", "보완 요청", manager.pk),
        ("", "다음 주 재제출 예정", manager.pk),
    ]
    obligation.refresh_from_db()
    assert (obligation.status, obligation.closed_at, obligation.closed_by) == (ObligationStatus.OPEN, None, None)


@pytest.mark.django_db
def test_waiving_needs_a_reason_and_a_done_obligation_cannot_be_waived():
    obligation = ObligationFactory()
    with pytest.raises(ValidationError) as error:
        obligation_waive(obligation=obligation, reason="")
    assert "note" in error.value.message_dict
    obligation_complete(obligation=obligation)
    with pytest.raises(ValidationError) as error:
        obligation_waive(obligation=obligation, reason="면제")
    assert error.value.code == "transition"


@pytest.mark.django_db
def test_completing_a_recurring_obligation_makes_its_next_occurrence_once():
    obligation = ObligationFactory(due_on=date(2026, 1, 31), recurrence=Recurrence.QUARTERLY)
    obligation_complete(obligation=obligation)
    obligation_reopen(obligation=obligation)
    obligation_complete(obligation=obligation)
    following = Obligation.objects.get(previous_occurrence=obligation)
    assert (following.due_on, following.status, following.recurrence) == (date(2026, 4, 30), "open", "quarterly")
    assert Obligation.objects.count() == 2


@pytest.mark.django_db
def test_the_party_of_an_obligation_must_be_a_party_to_the_mou():
    mou = MOUFactory()
    with pytest.raises(ValidationError) as error:
        obligation_create(mou=mou, title="보고", party=PartnerFactory(), due_on=days(10))
    assert "party" in error.value.message_dict
    hub_obligation = obligation_create(mou=mou, title="공간 제공", party=None, due_on=days(10))
    assert hub_obligation.party is None


@pytest.mark.django_db
def test_a_repeating_obligation_needs_a_due_date():
    with pytest.raises(ValidationError) as error:
        obligation_create(mou=MOUFactory(), title="분기 보고", recurrence=Recurrence.QUARTERLY)
    assert "due_on" in error.value.message_dict


@pytest.mark.django_db
def test_evidence_is_checked_by_content_and_stored_under_a_random_name(manager):
    obligation = ObligationFactory()
    evidence = evidence_add(obligation=obligation, file=pdf_upload("결과보고서.pdf"), user=manager)
    assert (evidence.original_name, evidence.file_type) == ("결과보고서.pdf", "pdf")
    assert "결과보고서" not in evidence.file.name and evidence.file.name.startswith("evidence/")
    disguised = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        evidence_add(obligation=obligation, file=disguised, user=manager)
    assert error.value.code == "attachment_type"
    assert ObligationEvidence.objects.count() == 1


# Reminders


@pytest.mark.parametrize(
    ("days_left", "thresholds", "expected"),
    [
        (15, (14, 3), None),
        (14, (14, 3), 14),
        (10, (14, 3), 14),
        (3, (14, 3), 3),
        (0, (14, 3), 3),
        (-1, (14, 3), None),
        (91, (90, 30, 7), None),
        (90, (90, 30, 7), 90),
        (30, (90, 30, 7), 30),
        (8, (90, 30, 7), 30),
        (7, (90, 30, 7), 7),
    ],
)
def test_the_reminder_point_is_the_closest_one_reached(days_left, thresholds, expected):
    assert reminder_threshold(days_left, thresholds) == expected


def reminder_keys():
    return sorted(OutboxMessage.objects.values_list("dedup_key", flat=True))


@pytest.mark.django_db(transaction=True)
def test_each_reminder_is_sent_once_when_the_job_runs_twice():
    sync_roles()
    managers = [person_in(HUB_MANAGER), person_in(HUB_MANAGER)]
    mou = MOUFactory(expires_on=days(30), notice_period_days=30)
    soon = ObligationFactory(mou=mou, due_on=days(14))
    late = ObligationFactory(mou=mou, due_on=days(-2))
    ObligationFactory(mou=mou, due_on=days(20))  # not yet
    first = mous_daily()
    assert first["reminders"] == 8  # (14-day, overdue, expiry 30, notice 7) × 2 managers
    assert len(mail.outbox) == 8
    assert mous_daily()["reminders"] == 0
    assert len(mail.outbox) == 8
    assert OutboxMessage.objects.count() == 8
    prefixes = {key.rsplit(":to:", 1)[0] for key in reminder_keys()}
    assert prefixes == {
        f"obligation:{soon.pk}:{soon.due_on.isoformat()}:due:14",
        f"obligation:{late.pk}:{late.due_on.isoformat()}:overdue",
        f"mou:{mou.pk}:expiry:30:{mou.expires_on.isoformat()}",
        f"mou:{mou.pk}:notice:7:{mou.notice_deadline.isoformat()}",
    }
    assert {message.to[0] for message in mail.outbox} == {person.email for person in managers}


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_job_at_once_send_each_reminder_once():
    sync_roles()
    person_in(HUB_MANAGER)
    for offset in (14, 3, -1, -5):
        ObligationFactory(due_on=days(offset))
    start = threading.Barrier(2)
    errors, counts = [], []

    def run():
        try:
            start.wait()
            counts.append(mou_reminders_send())
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert OutboxMessage.objects.count() == 4
    assert len(mail.outbox) == 4
    assert sum(counts) == 4  # each reminder counted by the run that wrote it


@pytest.mark.django_db
def test_a_reminder_another_run_wrote_since_the_check_is_not_counted(monkeypatch):
    from tenants.partners import services

    sync_roles()
    person_in(HUB_MANAGER)
    for offset in (14, 3):
        ObligationFactory(due_on=days(offset))
    real_notify = services.notify
    raced = []

    def notify_after_a_racing_run(**kwargs):
        if not raced:  # the other run writes this reminder between our check and our write
            raced.append(real_notify(**kwargs))
        return real_notify(**kwargs)

    monkeypatch.setattr(services, "notify", notify_after_a_racing_run)

    assert mou_reminders_send() == 1
    assert OutboxMessage.objects.count() == 2
    assert raced[0].created_now


@pytest.mark.django_db(transaction=True)
def test_obligation_reminders_at_14_and_3_days_and_when_overdue():
    sync_roles()
    person_in(HUB_MANAGER)
    obligation = ObligationFactory(due_on=date(2026, 12, 1))
    for day in ("2026-11-16", "2026-11-17", "2026-11-20", "2026-11-28", "2026-12-01", "2026-12-02", "2026-12-03"):
        # 09:00 KST each day, when the beat runs the job.
        mou_reminders_send(now=datetime.fromisoformat(f"{day}T00:00:00+00:00"))
    assert [key.split(":")[3:-2] for key in reminder_keys()] == [["due", "14"], ["due", "3"], ["overdue"]]
    assert all(key.startswith(f"obligation:{obligation.pk}:2026-12-01:") for key in reminder_keys())
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 3 and all(obligation.title in subject for subject in subjects)


@pytest.mark.django_db(transaction=True)
def test_an_obligation_due_at_midnight_kst_is_reminded_as_overdue_only_after_it():
    sync_roles()
    person_in(HUB_MANAGER)
    ObligationFactory(due_on=date(2026, 12, 1))
    mou_reminders_send(now=datetime(2026, 12, 1, 14, 30, tzinfo=UTC))  # 23:30 KST on the due date
    assert not any(":overdue" in key for key in reminder_keys())
    mou_reminders_send(now=datetime(2026, 12, 1, 15, 10, tzinfo=UTC))  # 00:10 KST the day after
    assert any(":overdue" in key for key in reminder_keys())


@pytest.mark.django_db(transaction=True)
def test_mou_expiry_and_notice_deadline_reminders_at_90_30_and_7_days():
    sync_roles()
    person_in(HUB_MANAGER)
    mou = MOUFactory(effective_from=date(2025, 1, 1), expires_on=date(2026, 12, 31), notice_period_days=30)
    assert mou.notice_deadline == date(2026, 12, 1)
    for day in range(0, 400, 1):
        mou_reminders_send(now=datetime(2025, 12, 1, tzinfo=UTC) + timedelta(days=day))
    keys = [key.rsplit(":to:", 1)[0] for key in reminder_keys()]
    assert sorted(keys) == sorted(
        [f"mou:{mou.pk}:expiry:{points}:2026-12-31" for points in (90, 30, 7)]
        + [f"mou:{mou.pk}:notice:{points}:2026-12-01" for points in (90, 30, 7)]
    )


@pytest.mark.django_db(transaction=True)
def test_no_renewal_reminders_once_the_hub_decided():
    sync_roles()
    person_in(HUB_MANAGER)
    let_expire = MOUFactory(expires_on=days(20), notice_period_days=15)
    mou_decide_renewal(mou=let_expire, decision=RenewalDecision.LET_EXPIRE)
    renewed = MOUFactory(expires_on=days(20), notice_period_days=15)
    mou_renew(mou=renewed)
    mou_reminders_send()
    keys = reminder_keys()
    assert [key.split(":")[2] for key in keys] == ["expiry"]  # let-expire still hears of the expiry itself
    assert keys[0].startswith(f"mou:{let_expire.pk}:")


@pytest.mark.django_db(transaction=True)
def test_a_moved_due_date_is_reminded_again():
    sync_roles()
    person_in(HUB_MANAGER)
    obligation = ObligationFactory(due_on=days(3))
    mou_reminders_send()
    Obligation.objects.filter(pk=obligation.pk).update(due_on=days(2))
    mou_reminders_send()
    assert len(reminder_keys()) == 2


@pytest.mark.django_db(transaction=True)
def test_reminders_go_to_active_hub_managers_in_their_language():
    sync_roles()
    english = person_in(HUB_MANAGER, language="en")
    korean = person_in(HUB_MANAGER, language="ko")
    person_in(HUB_MANAGER, is_active=False)
    person_in(PROGRAMME_OFFICER)
    UserFactory()
    obligation = ObligationFactory(due_on=days(-4), title="실적 보고서 제출")
    mou_reminders_send()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {english.email, korean.email}
    assert "Overdue" in by_recipient[english.email].subject
    assert "4 days later" in by_recipient[english.email].body
    assert obligation.title in by_recipient[korean.email].subject
    assert reverse("partners:staff_obligation", args=[obligation.pk]) in by_recipient[korean.email].body


@pytest.mark.django_db
def test_no_reminders_for_obligations_of_draft_or_terminated_mous():
    sync_roles()
    person_in(HUB_MANAGER)
    ObligationFactory(mou=draft_mou(), due_on=days(1))
    terminated = MOUFactory()
    ObligationFactory(mou=terminated, due_on=days(-1))
    mou_terminate(mou=terminated, reason="해지")
    assert mou_reminders_send() == 0


def test_the_daily_job_runs_at_nine_in_seoul(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["mous-daily"]
    assert entry["task"] == "tenants.partners.tasks.mous_daily"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({9}, {0})
    assert settings.CELERY_TIMEZONE == "Asia/Seoul"


# The public partners page


@pytest.fixture
def partnerships(db):
    """A public active MOU with Megazone Cloud (with a contact), and non-public things around it."""
    megazone = PartnerFactory(name="메가존클라우드", name_en="Megazone Cloud", kind=PartnerKind.CLOUD)
    university = PartnerFactory(name="경남대학교", name_en="Kyungnam University", kind=PartnerKind.UNIVERSITY)
    secret = PartnerFactory(name="비공개기관", name_en="Hidden Partner", kind=PartnerKind.MANUFACTURER)
    contact = PartnerContactFactory(partner=megazone, name="김연락", email="secret.contact@megazone.example.kr")
    public = MOUFactory(
        partners=[megazone, university], title="앵커기업 클라우드 협력", purpose="클라우드 인프라를 지원한다."
    )
    private = MOUFactory(partners=[megazone, secret], title="비공개 협약", purpose="내부 검토용", is_public=False)
    draft = draft_mou(partners=[secret], title="초안 협약", is_public=True)
    terminated = mou_terminate(mou=MOUFactory(partners=[secret], title="해지된 협약"), reason="해지")
    return {
        "megazone": megazone,
        "university": university,
        "secret": secret,
        "contact": contact,
        "public": public,
        "hidden": [private, draft, terminated],
    }


@pytest.mark.django_db
def test_partners_page_shows_partners_by_kind_with_their_public_mous(client, partnerships):
    response = client.get(reverse("partners:partners"))
    assert response.status_code == 200
    groups = [(kind, [partner.name for partner in members]) for kind, members in response.context["groups"]]
    assert groups == [(PartnerKind.CLOUD, ["메가존클라우드"]), (PartnerKind.UNIVERSITY, ["경남대학교"])]
    body = response.content.decode()
    public = partnerships["public"]
    assert public.title in body and public.purpose in body
    assert public.signed_on.isoformat() in body


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "representative", "member"])
def test_non_public_mous_and_contacts_are_not_on_the_partners_page(client, partnerships, alice, who):
    _, representative, member = alice
    if who != "anonymous":
        client.force_login(representative if who == "representative" else member)
    body = client.get(reverse("partners:partners")).content.decode()
    for mou in partnerships["hidden"]:
        assert mou.title not in body
    assert "비공개기관" not in body and "Hidden Partner" not in body
    contact = partnerships["contact"]
    assert contact.name not in body and contact.email not in body


def png_logo():
    from io import BytesIO

    buffer = BytesIO()
    Image.new("RGB", (20, 20), (11, 92, 173)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_a_logo_is_served_only_for_partners_of_public_mous(client, partnerships, manager):
    for partner in (partnerships["megazone"], partnerships["secret"]):
        partner.logo.save("logo.png", png_logo())
    assert client.get(reverse("partners:partner_logo", args=[partnerships["megazone"].pk])).status_code == 200
    hidden_logo = reverse("partners:partner_logo", args=[partnerships["secret"].pk])
    assert client.get(hidden_logo).status_code == 404
    client.force_login(manager)
    assert client.get(hidden_logo).status_code == 200


@pytest.mark.django_db
def test_a_partner_form_checks_the_brn_when_given():
    from tenants.partners.forms import PartnerForm

    data = {"name_ko": "(주)창원정밀", "kind": "manufacturer", "country": "kr", "brn": ""}
    form = PartnerForm(data)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["brn"], form.cleaned_data["country"]) == ("", "KR")
    form = PartnerForm({**data, "brn": "124-81-00998"})
    assert form.is_valid() and form.cleaned_data["brn"] == "1248100998"
    form = PartnerForm({**data, "brn": "123-45-67890"})
    assert not form.is_valid() and "brn" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_partners_page_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        mou = MOUFactory(partners=[PartnerFactory(), PartnerFactory(kind=PartnerKind.UNIVERSITY)])
        ObligationFactory(mou=mou)
    with django_assert_max_num_queries(PARTNERS_PAGE_QUERIES):
        response = client.get(reverse("partners:partners"))
    assert len(response.context["mous"]) == rows


# Staff pages: access


def staff_urls(mou, obligation, evidence):
    return [
        reverse("partners:staff_mous"),
        reverse("partners:staff_mou_create"),
        reverse("partners:staff_mou", args=[mou.pk]),
        reverse("partners:staff_mou_edit", args=[mou.pk]),
        reverse("partners:staff_mou_document", args=[mou.pk]),
        reverse("partners:staff_obligations"),
        reverse("partners:staff_obligation", args=[obligation.pk]),
        reverse("partners:staff_evidence_download", args=[obligation.pk, evidence.pk]),
    ]


@pytest.fixture
def mou_with_files(manager):
    mou = draft_mou(document=pdf_upload("협약서.pdf"))
    obligation = ObligationFactory(mou=mou)
    evidence = evidence_add(obligation=obligation, file=pdf_upload("증빙.pdf"), user=manager)
    return mou, obligation, evidence


@pytest.mark.django_db
def test_firm_people_get_403_on_every_mou_staff_page(client, roles, alice, mou_with_files):
    _, representative, member = alice
    for person in (representative, member):
        client.force_login(person)
        for url in staff_urls(*mou_with_files):
            assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_from_mou_staff_pages(client, mou_with_files):
    for url in staff_urls(*mou_with_files):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"], url


@pytest.mark.django_db
def test_programme_officers_open_every_mou_staff_page_and_download_the_files(client, roles, mou_with_files):
    client.force_login(person_in(PROGRAMME_OFFICER))
    for url in staff_urls(*mou_with_files):
        response = client.get(url)
        assert response.status_code == 200, url
    mou, _, evidence = mou_with_files
    document = client.get(reverse("partners:staff_mou_document", args=[mou.pk]))
    assert "협약서.pdf" in document["Content-Disposition"] or "%ED%98%91" in document["Content-Disposition"]
    assert b"".join(document.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_contacts_show_to_staff_on_the_mou_page(staff_client, partnerships):
    body = staff_client.get(reverse("partners:staff_mou", args=[partnerships["public"].pk])).content.decode()
    assert partnerships["contact"].email in body


# Staff pages: creating and moving MOUs


@pytest.mark.django_db
def test_staff_create_a_draft_mou_with_its_signed_document(staff_client):
    partners = [PartnerFactory(), PartnerFactory()]
    firm = FirmFactory()
    response = staff_client.post(
        reverse("partners:staff_mou_create"),
        {
            "title_ko": "디지털 트윈 협력 업무협약",
            "purpose_ko": "가상 시운전을 함께 실증한다.",
            "partners": [partner.pk for partner in partners],
            "firms": [firm.pk],
            "effective_from": days(10).isoformat(),
            "expires_on": days(375).isoformat(),
            "notice_period_days": "60",
            "is_public": "on",
            "document": pdf_upload("협약서.pdf"),
        },
    )
    mou = MOU.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("partners:staff_mou", args=[mou.pk])
    assert (mou.status, mou.notice_period_days, mou.is_public) == (MOUStatus.DRAFT, 60, True)
    assert set(mou.partners.all()) == set(partners) and list(mou.firms.all()) == [firm]
    assert (mou.document_name, mou.document_type) == ("협약서.pdf", "pdf")


@pytest.mark.django_db
def test_a_disguised_document_is_a_form_error(staff_client):
    disguised = SimpleUploadedFile("협약서.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf")
    response = staff_client.post(
        reverse("partners:staff_mou_create"),
        {
            "title_ko": "협약",
            "purpose_ko": "목적",
            "partners": [PartnerFactory().pk],
            "effective_from": days(0).isoformat(),
            "notice_period_days": "30",
            "document": disguised,
        },
    )
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert not MOU.objects.exists()


@pytest.mark.django_db
def test_staff_sign_and_put_an_mou_into_effect_from_its_page(staff_client):
    mou = draft_mou(effective_from=days(0))
    url = reverse("partners:staff_mou", args=[mou.pk])
    assert staff_client.post(url, {"action": "sign", "sign-signed_on": days(-1).isoformat()}).status_code == 302
    assert staff_client.post(url, {"action": "activate"}).status_code == 302
    mou.refresh_from_db()
    assert (mou.status, mou.signed_on) == (MOUStatus.ACTIVE, days(-1))


@pytest.mark.django_db
def test_signing_in_the_future_is_a_form_error(staff_client):
    mou = draft_mou()
    response = staff_client.post(
        reverse("partners:staff_mou", args=[mou.pk]), {"action": "sign", "sign-signed_on": days(2).isoformat()}
    )
    assert response.status_code == 200
    assert "signed_on" in response.context["sign_form"].errors


@pytest.mark.django_db
def test_a_refused_button_is_a_message(staff_client):
    mou = mou_sign(mou=draft_mou(effective_from=days(5)), signed_on=days(0))
    response = staff_client.post(reverse("partners:staff_mou", args=[mou.pk]), {"action": "activate"}, follow=True)
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert MOU.objects.get(pk=mou.pk).status == MOUStatus.SIGNED


@pytest.mark.django_db
def test_terminating_from_the_page_needs_a_reason(staff_client):
    mou = MOUFactory()
    url = reverse("partners:staff_mou", args=[mou.pk])
    response = staff_client.post(
        url, {"action": "terminate", "terminate-terminated_on": days(0).isoformat(), "terminate-reason": ""}
    )
    assert response.status_code == 200 and "reason" in response.context["terminate_form"].errors
    response = staff_client.post(
        url, {"action": "terminate", "terminate-terminated_on": days(0).isoformat(), "terminate-reason": "사업 종료"}
    )
    assert response.status_code == 302
    assert MOU.objects.get(pk=mou.pk).status == MOUStatus.TERMINATED


@pytest.mark.django_db
def test_renewing_from_the_page_opens_the_new_term(staff_client):
    mou = MOUFactory(expires_on=days(40))
    response = staff_client.post(
        reverse("partners:staff_mou", args=[mou.pk]),
        {"action": "renew", "renew-effective_from": days(41).isoformat(), "renew-expires_on": days(406).isoformat()},
    )
    new_term = MOU.objects.get(previous_term=mou)
    assert response["Location"] == reverse("partners:staff_mou", args=[new_term.pk])
    page = staff_client.get(response["Location"]).content.decode()
    assert reverse("partners:staff_mou", args=[mou.pk]) in page


@pytest.mark.django_db
def test_let_expire_from_the_page(staff_client):
    mou = MOUFactory(expires_on=days(40))
    staff_client.post(reverse("partners:staff_mou", args=[mou.pk]), {"action": "let_expire"})
    assert MOU.objects.get(pk=mou.pk).renewal_decision == RenewalDecision.LET_EXPIRE


@pytest.mark.django_db
def test_an_unknown_action_answers_400(staff_client):
    mou = MOUFactory()
    assert staff_client.post(reverse("partners:staff_mou", args=[mou.pk]), {"action": "explode"}).status_code == 400


@pytest.mark.django_db
def test_editing_the_terms_keeps_the_status(staff_client):
    mou = MOUFactory(title="옛 제목")
    data = {
        "title_ko": "새 제목",
        "purpose_ko": mou.purpose,
        "partners": [partner.pk for partner in mou.partners.all()],
        "signed_on": mou.signed_on.isoformat(),
        "effective_from": mou.effective_from.isoformat(),
        "expires_on": mou.expires_on.isoformat(),
        "notice_period_days": "45",
    }
    response = staff_client.post(reverse("partners:staff_mou_edit", args=[mou.pk]), data)
    assert response.status_code == 302
    mou.refresh_from_db()
    assert (mou.title, mou.notice_period_days, mou.status, mou.is_public) == ("새 제목", 45, "active", False)


# Staff pages: obligations


@pytest.mark.django_db
def test_staff_add_an_obligation_owed_by_a_party(staff_client):
    partner = PartnerFactory()
    mou = MOUFactory(partners=[partner])
    url = reverse("partners:staff_mou", args=[mou.pk])
    response = staff_client.post(
        url,
        {
            "action": "obligation",
            "obligation-title": "분기 실적 보고",
            "obligation-party": partner.pk,
            "obligation-due_on": days(20).isoformat(),
            "obligation-recurrence": "quarterly",
        },
    )
    assert response.status_code == 302
    obligation = mou.obligations.get()
    assert (obligation.party, obligation.due_on, obligation.recurrence) == (partner, days(20), "quarterly")


@pytest.mark.django_db
def test_an_obligation_owed_by_someone_outside_the_mou_is_a_form_error(staff_client):
    mou = MOUFactory()
    response = staff_client.post(
        reverse("partners:staff_mou", args=[mou.pk]),
        {"action": "obligation", "obligation-title": "보고", "obligation-party": PartnerFactory().pk},
    )
    assert response.status_code == 200
    assert "party" in response.context["obligation_form"].errors
    assert not mou.obligations.exists()


@pytest.mark.django_db
def test_staff_mark_done_waive_and_reopen_with_notes_and_evidence(staff_client, manager):
    obligation = ObligationFactory()
    url = reverse("partners:staff_obligation", args=[obligation.pk])
    upload = staff_client.post(url, {"action": "evidence", "evidence-file": pdf_upload("보고서.pdf")})
    assert upload.status_code == 302
    assert staff_client.post(url, {"action": "done", "status-note": "보고서 접수"}).status_code == 302
    assert staff_client.post(url, {"action": "reopen", "status-note": "보완"}).status_code == 302
    refused = staff_client.post(url, {"action": "waive", "status-note": ""})
    assert refused.status_code == 200 and "note" in refused.context["status_form"].errors
    assert staff_client.post(url, {"action": "waive", "status-note": "사업 변경"}).status_code == 302
    assert staff_client.post(url, {"action": "note", "note-text": "협의 완료"}).status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.WAIVED and obligation.closed_by == manager
    assert list(obligation.notes.values_list("status_change", flat=True)) == ["done", "open", "waived", ""]
    assert obligation.evidence.get().original_name == "보고서.pdf"


@pytest.mark.django_db
def test_obligation_actions_need_their_permission(client, roles):
    obligation = ObligationFactory()
    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_obligation"))
    client.force_login(viewer)
    url = reverse("partners:staff_obligation", args=[obligation.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "done"}).status_code == 403
    assert client.post(url, {"action": "note", "note-text": "x"}).status_code == 403
    assert ObligationNote.objects.count() == 0


# Staff pages: the timeline and the obligations list


@pytest.mark.django_db
def test_the_timeline_sorts_mous_by_where_they_are(staff_client):
    expiring = MOUFactory(title="곧 만료", expires_on=days(45))
    active = MOUFactory(title="진행 중", expires_on=days(200))
    expired = MOUFactory(title="만료됨", effective_from=days(-500), expires_on=days(-10))
    mou_expire(mou=expired)
    upcoming = draft_mou(title="초안")
    response = staff_client.get(reverse("partners:staff_mous"))
    sections = {key: [mou.pk for mou in mous] for key, _title, mous, _always in response.context["sections"]}
    assert sections["expiring"] == [expiring.pk]
    assert sections["active"] == [active.pk]
    assert sections["expired"] == [expired.pk]
    assert sections["upcoming"] == [upcoming.pk]
    assert response.context["figures"]["expiring"] == 1


@pytest.mark.django_db
def test_the_timeline_filters_like_the_api(staff_client):
    cloud = PartnerFactory(name="메가존클라우드", kind=PartnerKind.CLOUD)
    university = PartnerFactory(name="서울대학교", kind=PartnerKind.UNIVERSITY)
    with_cloud = MOUFactory(partners=[cloud], title="클라우드 협약")
    MOUFactory(partners=[university], title="대학 협약", expires_on=days(20))

    def shown(query):
        response = staff_client.get(reverse("partners:staff_mous"), query)
        return {mou.title for _key, _title, mous, _always in response.context["sections"] for mou in mous}

    assert shown({"partner": cloud.pk}) == {with_cloud.title}
    assert shown({"partner_kind": "university"}) == {"대학 협약"}
    assert shown({"q": "메가존"}) == {with_cloud.title}
    assert shown({"expiring_within_days": "30"}) == {"대학 협약"}
    assert shown({"status": "not-a-status"}) == {"클라우드 협약", "대학 협약"}


@pytest.mark.django_db
def test_open_and_overdue_obligations_by_party(staff_client):
    partner = PartnerFactory(name="한국전자기술연구원")
    mou = MOUFactory(partners=[partner])
    overdue = ObligationFactory(mou=mou, party=partner, due_on=days(-3))
    ObligationFactory(mou=mou, party=partner, due_on=days(5))
    hub = ObligationFactory(mou=mou, party=None, due_on=days(9))
    done = ObligationFactory(mou=mou, party=partner, due_on=days(-9))
    obligation_complete(obligation=done)
    workspace = staff_client.get(reverse("partners:staff_mous"))
    rows = [(row["party__name"], row["open"], row["overdue"]) for row in workspace.context["by_party"]]
    assert rows == [(None, 1, 0), ("한국전자기술연구원", 2, 1)]
    listing = staff_client.get(reverse("partners:staff_obligations"))
    shown = [obligation.pk for obligation in listing.context["page"]]
    assert shown[0] == hub.pk and done.pk not in shown and len(shown) == 3
    overdue_only = staff_client.get(reverse("partners:staff_obligations"), {"state": "overdue"})
    assert [obligation.pk for obligation in overdue_only.context["page"]] == [overdue.pk]
    assert "badge-obligation-overdue" in overdue_only.content.decode()
    done_only = staff_client.get(reverse("partners:staff_obligations"), {"state": "done"})
    assert [obligation.pk for obligation in done_only.context["page"]] == [done.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_workspace_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, rows):
    for index in range(rows):
        mou = MOUFactory(partners=[PartnerFactory(), PartnerFactory()], expires_on=days(30 + index * 40))
        ObligationFactory(mou=mou, party=mou.partners.first(), due_on=days(-1))
    with django_assert_max_num_queries(WORKSPACE_QUERIES):
        assert staff_client.get(reverse("partners:staff_mous")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_mou_page_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, rows):
    partners = [PartnerFactory() for _ in range(rows)]
    for partner in partners:
        PartnerContactFactory(partner=partner)
    mou = MOUFactory(partners=partners)
    mou.firms.set([FirmFactory() for _ in range(rows)])
    for partner in partners:
        ObligationFactory(mou=mou, party=partner)
    with django_assert_max_num_queries(MOU_PAGE_QUERIES):
        assert staff_client.get(reverse("partners:staff_mou", args=[mou.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_obligation_list_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        partner = PartnerFactory()
        ObligationFactory(mou=MOUFactory(partners=[partner]), party=partner)
    with django_assert_max_num_queries(OBLIGATION_LIST_QUERIES):
        response = staff_client.get(reverse("partners:staff_obligations"))
    assert response.context["page"].paginator.count == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_obligation_page_queries_do_not_grow_with_rows(staff_client, manager, django_assert_max_num_queries, rows):
    obligation = ObligationFactory()
    for index in range(rows):
        obligation_add_note(obligation=obligation, text=f"메모 {index}", author=manager)
        evidence_add(obligation=obligation, file=pdf_upload(), user=manager)
    with django_assert_max_num_queries(OBLIGATION_PAGE_QUERIES):
        assert staff_client.get(reverse("partners:staff_obligation", args=[obligation.pk])).status_code == 200


@pytest.mark.django_db
def test_an_ended_mou_keeps_its_terms_but_may_leave_the_public_site(staff_client):
    from tenants.partners.services import mou_update

    mou = MOUFactory(effective_from=days(-400), expires_on=days(-1))
    mou_expire(mou=mou)
    with pytest.raises(ValidationError) as error:
        mou_update(mou=mou, title="바뀐 제목", is_public=False)
    assert error.value.code == "closed"
    mou_update(mou=mou, title=mou.title, partners=list(mou.partners.all()), is_public=False)
    mou.refresh_from_db()
    assert (mou.is_public, mou.status) == (False, MOUStatus.EXPIRED)


@pytest.mark.django_db
def test_the_admin_lists_searches_and_opens_every_new_model(client, partnerships):
    from portal.accounts.models import User

    client.force_login(User.objects.create_superuser(email="root@example.kr", password="x" * 12))
    obligation = ObligationFactory(mou=partnerships["public"], party=partnerships["megazone"])
    obligation_add_note(obligation=obligation, text="메모")
    evidence_add(obligation=obligation, file=pdf_upload())
    for model in ("partner", "partnercontact", "mou", "obligation", "obligationnote", "obligationevidence"):
        changelist = reverse(f"admin:partners_{model}_changelist")
        assert client.get(changelist).status_code == 200, model
        assert client.get(changelist, {"q": "메가존"}).status_code == 200, model
    assert client.get(reverse("admin:partners_obligation_changelist"), {"state": "overdue"}).status_code == 200
    for model, pk in (
        ("partner", partnerships["megazone"].pk),
        ("mou", partnerships["public"].pk),
        ("obligation", obligation.pk),
    ):
        assert client.get(reverse(f"admin:partners_{model}_change", args=[pk])).status_code == 200, model
    assert client.get(reverse("admin:partners_mou_add")).status_code == 200
    assert client.get(reverse("admin:partners_partner_add")).status_code == 200


@pytest.mark.django_db
def test_a_saved_draft_is_signed_with_its_button_not_by_editing(staff_client):
    from tenants.partners.services import mou_update

    mou = draft_mou()
    form = staff_client.get(reverse("partners:staff_mou_edit", args=[mou.pk])).context["form"]
    assert "signed_on" not in form.fields
    with pytest.raises(ValidationError) as error:
        mou_update(mou=mou, signed_on=days(-1))
    assert "signed_on" in error.value.message_dict
    assert MOU.objects.get(pk=mou.pk).status == MOUStatus.DRAFT


@pytest.mark.django_db
def test_an_mou_links_the_training_programmes_it_concerns_and_renewal_keeps_them(staff_client):
    from ..factories import ProgrammeFactory

    course = ProgrammeFactory(title="제조 AI 기초")
    mou = draft_mou(training_programmes=[course])
    assert list(mou.training_programmes.all()) == [course]
    body = staff_client.get(mou.get_absolute_url()).content.decode()
    assert "제조 AI 기초" in body and course.get_absolute_url().replace("&", "&amp;") in body
    mou_sign(mou=mou, signed_on=days(-10))
    mou_activate(mou=MOU.objects.get(pk=mou.pk))
    assert list(mou_renew(mou=MOU.objects.get(pk=mou.pk)).training_programmes.all()) == [course]


@pytest.mark.django_db
def test_the_workspace_the_api_and_the_report_count_overdue_obligations_alike(staff_client):
    """One definition (obligation_overdue): an expired or terminated MOU's open obligations are not overdue."""
    from portal.reports.monthly import Period  # noqa: PLC0415
    from tenants.partners.selectors import mou_figures, obligations_overdue_on  # noqa: PLC0415

    today = hub_today()
    in_effect = MOUFactory(expires_on=today + timedelta(days=200))
    expired = MOUFactory(status="expired", expires_on=today - timedelta(days=10))
    terminated = MOUFactory(status="terminated", terminated_on=today - timedelta(days=5), termination_reason="합의")
    overdue = ObligationFactory(mou=in_effect, due_on=today - timedelta(days=20))
    for mou in (expired, terminated):
        ObligationFactory(mou=mou, due_on=today - timedelta(days=20))
    assert mou_figures(today)["overdue"] == 1
    assert list(Obligation.objects.overdue(today)) == [overdue]
    assert [o.state() for o in Obligation.objects.order_by("pk")] == [ObligationState.OVERDUE, "open", "open"]
    assert list(obligations_overdue_on(today, day_ends_at=Period.of(today).end)) == [overdue]
