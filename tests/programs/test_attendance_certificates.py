"""Attendance (bulk marking, code check-in), completion on closing, and certificates: number, PDF with
the Hangul name, verification by code, issuing only once, and each participant's own download."""

import re
import subprocess
import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import PROGRAMME_OFFICER, sync_roles
from programs.certificates import certificates_issue_for_cohort
from programs.choices import AttendanceMethod, EnrolmentState
from programs.models import Attendance, Certificate
from programs.services import attendance_check_in, attendance_mark, cohort_close
from programs.tasks import certificates_issue, certificates_sweep

from ..factories import (
    CohortFactory,
    EnrolmentFactory,
    FirmFactory,
    ProgrammeFactory,
    SessionFactory,
    UserFactory,
)

# Attendance


@pytest.fixture
def session(db):
    now = timezone.now()
    return SessionFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))


@pytest.mark.django_db
def test_marking_a_session_records_every_seated_participant_present_or_absent(session):
    first, second, third = EnrolmentFactory.create_batch(3, cohort=session.cohort)
    waiting = EnrolmentFactory(cohort=session.cohort, state=EnrolmentState.WAITLISTED)

    assert attendance_mark(session=session, present_enrolment_ids={first.pk, second.pk}) == 3

    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "present"))
    assert marks == {first.pk: True, second.pk: True, third.pk: False}
    assert waiting.pk not in marks


@pytest.mark.django_db
def test_marking_again_changes_the_marks_without_duplicating_rows(session):
    first, second = EnrolmentFactory.create_batch(2, cohort=session.cohort)
    attendance_mark(session=session, present_enrolment_ids={first.pk})
    attendance_mark(session=session, present_enrolment_ids={second.pk})

    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "present"))
    assert marks == {first.pk: False, second.pk: True}


@pytest.mark.django_db
def test_checking_in_with_the_right_code_during_the_session_marks_present(session):
    enrolment = EnrolmentFactory(cohort=session.cohort)
    typed = f"  {session.check_in_code.lower()} "  # people type it in lower case, with spaces

    attendance = attendance_check_in(session=session, user=enrolment.user, code=typed)

    assert attendance.present is True
    assert attendance.method == AttendanceMethod.CODE
    assert attendance.enrolment == enrolment


@pytest.mark.django_db
def test_checking_in_turns_an_absent_mark_into_present(session):
    enrolment = EnrolmentFactory(cohort=session.cohort)
    attendance_mark(session=session, present_enrolment_ids=set())

    attendance_check_in(session=session, user=enrolment.user, code=session.check_in_code)

    assert Attendance.objects.get(session=session, enrolment=enrolment).present is True


@pytest.mark.django_db
def test_checking_in_with_a_wrong_code_is_refused(session):
    enrolment = EnrolmentFactory(cohort=session.cohort)
    wrong = "ZZZZZZ" if session.check_in_code != "ZZZZZZ" else "YYYYYY"

    with pytest.raises(ValidationError) as error:
        attendance_check_in(session=session, user=enrolment.user, code=wrong)

    assert "code" in error.value.message_dict
    assert not Attendance.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(lambda session: session.starts_at - timedelta(minutes=31), id="too-early"),
        pytest.param(lambda session: session.ends_at + timedelta(minutes=31), id="too-late"),
    ],
)
def test_checking_in_outside_the_session_window_is_refused(session, moment):
    enrolment = EnrolmentFactory(cohort=session.cohort)

    with pytest.raises(ValidationError) as error:
        attendance_check_in(session=session, user=enrolment.user, code=session.check_in_code, now=moment(session))

    assert error.value.code == "outside_window"
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_checking_in_half_an_hour_before_the_start_is_accepted(session):
    enrolment = EnrolmentFactory(cohort=session.cohort)
    early = session.starts_at - timedelta(minutes=30)

    assert attendance_check_in(session=session, user=enrolment.user, code=session.check_in_code, now=early).present


@pytest.mark.django_db
@pytest.mark.parametrize("state", [EnrolmentState.WAITLISTED, EnrolmentState.APPLIED, EnrolmentState.CANCELLED])
def test_checking_in_without_a_seat_is_refused(session, state):
    enrolment = EnrolmentFactory(cohort=session.cohort, state=state)

    with pytest.raises(ValidationError) as error:
        attendance_check_in(session=session, user=enrolment.user, code=session.check_in_code)

    assert error.value.code == "not_seated"


@pytest.mark.django_db
def test_someone_with_no_enrolment_cannot_check_in(session):
    with pytest.raises(ValidationError) as error:
        attendance_check_in(session=session, user=UserFactory(), code=session.check_in_code)
    assert error.value.code == "not_seated"


# Completion and certificates


def cohort_with_attendance(present_counts, *, sessions=5, threshold=80, **cohort_fields):
    """A cohort of ``sessions`` sessions, and one seated participant per entry of ``present_counts``
    who was present at that many of them."""
    cohort = CohortFactory(completion_threshold=threshold, **cohort_fields)
    now = timezone.now()
    session_rows = [
        SessionFactory(
            cohort=cohort,
            title=f"{number}회차",
            starts_at=now - timedelta(days=10 - number),
            ends_at=now - timedelta(days=10 - number) + timedelta(hours=3),
        )
        for number in range(1, sessions + 1)
    ]
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in present_counts]
    for index, session in enumerate(session_rows):
        attendance_mark(
            session=session,
            present_enrolment_ids={
                enrolment.pk for enrolment, count in zip(enrolments, present_counts, strict=True) if index < count
            },
        )
    return cohort, enrolments


def close(cohort, capture):
    """Close the cohort and run what it enqueues on commit (the certificates task, eager in tests)."""
    with capture(execute=True):
        cohort_close(cohort=cohort)


@pytest.mark.django_db
def test_closing_completes_those_at_or_above_the_threshold(django_capture_on_commit_callbacks):
    cohort, (exactly, above, below) = cohort_with_attendance([4, 5, 3], threshold=80)
    waiting = EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED)

    close(cohort, django_capture_on_commit_callbacks)

    for enrolment in (exactly, above, below, waiting):
        enrolment.refresh_from_db()
    assert exactly.state == EnrolmentState.COMPLETED  # 4 of 5 = 80 %
    assert above.state == EnrolmentState.COMPLETED
    assert below.state == EnrolmentState.NOT_COMPLETED  # 60 %
    assert waiting.state == EnrolmentState.CANCELLED
    cohort.refresh_from_db()
    assert cohort.closed_at is not None


@pytest.mark.django_db
def test_closing_issues_a_certificate_to_each_participant_who_completed(django_capture_on_commit_callbacks):
    cohort, (completed, failed) = cohort_with_attendance([5, 1])

    close(cohort, django_capture_on_commit_callbacks)

    certificate = Certificate.objects.get()
    assert certificate.enrolment == completed
    assert not Certificate.objects.filter(enrolment=failed).exists()
    assert certificate.pdf
    assert certificate.issued_on == timezone.localdate()


@pytest.mark.django_db
def test_certificate_numbers_are_unique_and_carry_the_year(django_capture_on_commit_callbacks):
    cohort, _ = cohort_with_attendance([5, 5, 4])

    close(cohort, django_capture_on_commit_callbacks)

    certificates = list(Certificate.objects.all())
    numbers = {certificate.number for certificate in certificates}
    codes = {certificate.verification_code for certificate in certificates}
    assert len(numbers) == len(codes) == 3
    year = timezone.localdate().year
    assert all(re.fullmatch(rf"HB-{year}-\d{{4,}}", number) for number in numbers)
    assert all(len(code) >= 20 for code in codes)


def pdf_text(certificate) -> str:
    result = subprocess.run(["pdftotext", "-layout", certificate.pdf.path, "-"], capture_output=True, check=True)
    return result.stdout.decode()


@pytest.mark.django_db
def test_certificate_pdf_carries_the_hangul_name_programme_and_number(django_capture_on_commit_callbacks):
    programme = ProgrammeFactory(title="스마트 사출 공정 데이터 분석", title_en="Smart injection moulding data")
    cohort, (enrolment,) = cohort_with_attendance([5], programme=programme, name="2026 1기")
    enrolment.user.name = "김민준"
    enrolment.user.save(update_fields=["name"])

    close(cohort, django_capture_on_commit_callbacks)

    certificate = Certificate.objects.get()
    with certificate.pdf.open("rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF-")
    assert len(content) < 600_000  # fonts are subset: two CJK faces, about 300 kB in all
    text = pdf_text(certificate)
    assert "김민준" in text
    assert "스마트 사출 공정 데이터 분석" in text
    assert "Smart injection moulding data" in text
    assert certificate.number in text
    assert certificate.issued_on.strftime("%Y-%m-%d") in text
    assert "창원 지역 디지털 혁신 거점 Hub&Bridge" in text
    assert "5 / 5" in text  # sessions attended
    assert enrolment.user.email not in text


@pytest.mark.django_db
def test_the_certificate_verifies_by_its_code_with_name_programme_and_date(client, django_capture_on_commit_callbacks):
    firm = FirmFactory(name="(주)비밀정밀")
    programme = ProgrammeFactory(title="디지털 트윈 가상 시운전 실무")
    cohort, (enrolment,) = cohort_with_attendance([5], programme=programme)
    enrolment.user.name = "이서연"
    enrolment.user.save(update_fields=["name"])
    enrolment.firm = firm
    enrolment.save(update_fields=["firm"])
    close(cohort, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()

    response = client.get(reverse("programs:certificate_verify", args=[certificate.verification_code]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "이서연" in body
    assert "디지털 트윈 가상 시운전 실무" in body
    assert certificate.issued_on.strftime("%Y-%m-%d") in body
    assert certificate.number in body
    assert enrolment.user.email not in body
    assert "(주)비밀정밀" not in body
    assert 'name="robots" content="noindex"' in body


@pytest.mark.django_db
def test_the_qr_code_links_to_the_verification_page(settings, django_capture_on_commit_callbacks):
    from programs.certificates import certificate_verify_url

    settings.SITE_URL = "https://hub.example.kr"
    cohort, _ = cohort_with_attendance([5])
    close(cohort, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()

    url = certificate_verify_url(certificate)

    assert url == f"https://hub.example.kr/certificates/verify/{certificate.verification_code}/"
    assert url in pdf_text(certificate).replace("\n", "")


@pytest.mark.django_db
def test_an_unknown_code_is_not_a_valid_certificate(client):
    response = client.get(reverse("programs:certificate_verify", args=["no-such-code"]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Not a valid certificate" in response.content.decode()


@pytest.mark.django_db
def test_issuing_twice_gives_nobody_a_second_certificate(django_capture_on_commit_callbacks):
    cohort, _ = cohort_with_attendance([5, 4])
    close(cohort, django_capture_on_commit_callbacks)
    before = list(Certificate.objects.order_by("pk").values_list("pk", "number", "verification_code"))

    assert certificates_issue_for_cohort(cohort_id=cohort.pk) == 0
    assert certificates_issue.delay(cohort.pk).get() == 0

    assert list(Certificate.objects.order_by("pk").values_list("pk", "number", "verification_code")) == before


@pytest.mark.django_db(transaction=True)
def test_two_workers_issuing_at_once_make_one_certificate_each():
    assert connection.vendor == "postgresql"
    cohort, enrolments = cohort_with_attendance([5, 5, 5])
    cohort_close(cohort=cohort)  # on commit: issues at once (eager); start again from none
    Certificate.objects.all().delete()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def issue():
        try:
            barrier.wait()
            results.append(certificates_issue_for_cohort(cohort_id=cohort.pk))
        except Exception as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(results) == 3
    assert Certificate.objects.count() == 3
    assert set(Certificate.objects.values_list("enrolment_id", flat=True)) == {enrolment.pk for enrolment in enrolments}


@pytest.mark.django_db
def test_an_open_cohort_gets_no_certificates():
    cohort, (enrolment,) = cohort_with_attendance([5])
    enrolment.state = EnrolmentState.COMPLETED
    enrolment.save(update_fields=["state"])

    assert certificates_issue_for_cohort(cohort_id=cohort.pk) == 0
    assert not Certificate.objects.exists()


# Downloads


@pytest.fixture
def issued(db, django_capture_on_commit_callbacks):
    """A closed cohort with two participants who completed it: (their enrolments)."""
    cohort, enrolments = cohort_with_attendance([5, 5])
    close(cohort, django_capture_on_commit_callbacks)
    return enrolments


@pytest.mark.django_db
def test_a_participant_downloads_their_own_certificate(client, issued):
    mine, _ = issued
    client.force_login(mine.user)

    response = client.get(reverse("programs:certificate_download", args=[mine.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert Certificate.objects.get(enrolment=mine).number in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_another_persons_certificate_answers_404(client, issued):
    mine, theirs = issued
    client.force_login(mine.user)
    assert client.get(reverse("programs:certificate_download", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_a_participant_without_a_certificate_gets_404(client, django_capture_on_commit_callbacks):
    cohort, (failed,) = cohort_with_attendance([1])
    close(cohort, django_capture_on_commit_callbacks)
    client.force_login(failed.user)
    assert client.get(reverse("programs:certificate_download", args=[failed.pk])).status_code == 404


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in_for_a_certificate(client, issued):
    response = client.get(reverse("programs:certificate_download", args=[issued[0].pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_programme_staff_download_any_certificate(client, issued):
    sync_roles()
    officer = UserFactory()
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    client.force_login(officer)
    assert client.get(reverse("programs:certificate_download", args=[issued[1].pk])).status_code == 200


# The certificates sweep: what a lost task or a failed participant left undone


@pytest.mark.django_db
def test_the_sweep_issues_the_missing_certificates_of_closed_cohorts_only():
    closed, (completed, _below) = cohort_with_attendance([5, 1])
    cohort_close(cohort=closed)  # no on-commit capture: the certificates task never runs
    still_open, (open_enrolment,) = cohort_with_attendance([5])
    open_enrolment.state = EnrolmentState.COMPLETED
    open_enrolment.save(update_fields=["state"])

    assert certificates_sweep() == 1

    assert list(Certificate.objects.values_list("enrolment_id", flat=True)) == [completed.pk]
    assert Certificate.objects.get().pdf
    assert certificates_sweep() == 0


@pytest.mark.django_db
def test_one_participant_whose_certificate_fails_does_not_stop_the_others(monkeypatch, caplog):
    from programs import certificates

    cohort, (first, broken, last) = cohort_with_attendance([5, 5, 5])
    cohort_close(cohort=cohort)
    real_pdf = certificates.certificate_pdf

    def pdf(certificate):
        if certificate.enrolment_id == broken.pk:
            raise RuntimeError("font missing")
        return real_pdf(certificate)

    monkeypatch.setattr(certificates, "certificate_pdf", pdf)

    assert certificates_sweep() == 2
    assert set(Certificate.objects.values_list("enrolment_id", flat=True)) == {first.pk, last.pk}
    assert "font missing" in caplog.text  # logged with its traceback, not swallowed

    monkeypatch.setattr(certificates, "certificate_pdf", real_pdf)
    assert certificates_sweep() == 1  # the next run resumes with the one that failed
    assert Certificate.objects.filter(enrolment=broken).get().pdf


def test_the_sweep_runs_every_15_minutes_on_the_reports_queue(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert schedule["programs.tasks.certificates_sweep"].minute == set(range(0, 60, 15))
    assert settings.CELERY_TASK_ROUTES["programs.tasks.certificates_sweep"] == {"queue": "reports"}


@pytest.mark.django_db
def test_an_english_speaking_recipient_gets_the_certificate_in_english_first(django_capture_on_commit_callbacks):
    programme = ProgrammeFactory(title="스마트 사출 공정 데이터 분석", title_en="Smart injection moulding data")
    cohort, (enrolment,) = cohort_with_attendance([5], programme=programme, name="2026 1기")
    cohort.name_en = "2026 cohort 1"
    cohort.save(update_fields=["name_en"])
    enrolment.user.language = "en"
    enrolment.user.save(update_fields=["language"])

    close(cohort, django_capture_on_commit_callbacks)

    text = " ".join(pdf_text(Certificate.objects.get()).split())
    # The recipient's language first and large, the other beside it.
    assert text.index("This is to certify") < text.index("위 사람은")
    assert text.index("Smart injection moulding data") < text.index("스마트 사출 공정 데이터 분석")
    assert "2026 cohort 1" in text and "5 of 5 sessions" in text


@pytest.mark.django_db
def test_a_recipient_without_an_english_preference_gets_korean_first(django_capture_on_commit_callbacks):
    cohort, (enrolment,) = cohort_with_attendance([5], name="2026 1기")
    close(cohort, django_capture_on_commit_callbacks)
    text = " ".join(pdf_text(Certificate.objects.get()).split())
    assert text.index("위 사람은") < text.index("This is to certify")
