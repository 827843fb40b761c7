"""The public catalogue, the cohort page, applying, the applicant's own page and offers, over HTML."""

import datetime as dt
from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portal.notifications.models import OutboxMessage
from portal.notifications.services import outbox_render
from portal.time import KST
from programs import consent
from programs.choices import EnrolmentState
from programs.models import Attendance, Certificate, Enrolment
from programs.services import enrolment_apply, enrolment_cancel

from ..factories import (
    CohortFactory,
    EnrolmentFactory,
    LeaseFactory,
    ProgrammeFactory,
    SessionFactory,
    UserFactory,
)


@pytest.fixture
def client_en(client):
    """Pages in English, so assertions read the English msgids whatever the Korean catalogue holds."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def catalogue(client, **params):
    response = client.get(reverse("programs:catalogue"), params)
    assert response.status_code == 200
    return response


def listed(response) -> list[int]:
    return [cohort.pk for cohort in response.context["page"].object_list]


def apply(user, cohort, **kwargs):
    return enrolment_apply(cohort=cohort, user=user, consent_given=True, **kwargs)


def apply_over_html(client, cohort, data=None):
    return client.post(reverse("programs:cohort_apply", args=[cohort.pk]), {"consent": "on", **(data or {})})


# The catalogue ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_lists_published_cohorts_only(client):
    published = CohortFactory()
    CohortFactory(is_published=False)
    assert listed(catalogue(client)) == [published.pk]


@pytest.mark.django_db
def test_catalogue_filters_by_topic(client):
    vision = CohortFactory(programme=ProgrammeFactory(topic="vision"))
    CohortFactory(programme=ProgrammeFactory(topic="data"))
    assert listed(catalogue(client, topic="vision")) == [vision.pk]


@pytest.mark.django_db
def test_catalogue_filters_by_level(client):
    advanced = CohortFactory(programme=ProgrammeFactory(level="advanced"))
    CohortFactory(programme=ProgrammeFactory(level="beginner"))
    assert listed(catalogue(client, level="advanced")) == [advanced.pk]


@pytest.mark.django_db
def test_catalogue_filters_by_the_month_a_cohort_starts(client):
    first_day = CohortFactory(starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 20))
    last_day = CohortFactory(starts_on=dt.date(2026, 12, 31), ends_on=dt.date(2027, 1, 20))
    CohortFactory(starts_on=dt.date(2026, 11, 30), ends_on=dt.date(2026, 12, 20))
    CohortFactory(starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 1, 20))
    assert listed(catalogue(client, month="2026-12")) == [first_day.pk, last_day.pk]


@pytest.mark.django_db
def test_catalogue_says_what_is_wrong_with_a_malformed_month(client_en):
    CohortFactory()
    response = catalogue(client_en, month="December")
    assert "YYYY-MM" in response.content.decode()


@pytest.mark.django_db
def test_open_filter_keeps_cohorts_taking_applications_including_a_full_one(client):
    now = timezone.now()
    open_cohort = CohortFactory()
    full = CohortFactory(capacity=1)
    apply(UserFactory(), full)
    CohortFactory(applications_open_at=now + timedelta(days=1), applications_close_at=now + timedelta(days=5))
    CohortFactory(applications_open_at=now - timedelta(days=5), applications_close_at=now - timedelta(minutes=1))
    assert sorted(listed(catalogue(client, open="on"))) == sorted([open_cohort.pk, full.pk])
    assert len(listed(catalogue(client))) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["사출", "INJECTION", "금형 온도"])
def test_search_finds_programmes_in_korean_and_english(client, query):
    moulding = CohortFactory(
        programme=ProgrammeFactory(
            title="스마트 사출 공정 데이터 분석",
            title_en="Smart injection moulding process data",
            description="사출기 센서 데이터로 금형 온도와 불량을 분석합니다.",
        )
    )
    CohortFactory(
        programme=ProgrammeFactory(title="디지털 트윈 가상 시운전 실무", title_en="Digital twin commissioning")
    )
    assert listed(catalogue(client, q=query)) == [moulding.pk]


@pytest.mark.django_db
def test_programme_link_lists_that_programmes_cohorts(client):
    programme = ProgrammeFactory()
    cohorts = [CohortFactory(programme=programme), CohortFactory(programme=programme)]
    CohortFactory()
    response = client.get(programme.get_absolute_url())
    assert sorted(listed(response)) == sorted(cohort.pk for cohort in cohorts)


@pytest.mark.django_db
def test_catalogue_without_cohorts_says_so(client_en):
    body = catalogue(client_en).content.decode()
    assert "There are no training cohorts at the moment" in body


@pytest.mark.django_db
def test_catalogue_with_no_match_offers_to_show_all(client_en):
    CohortFactory()
    body = catalogue(client_en, q="없는 과정").content.decode()
    assert "No cohort matches your search." in body


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_catalogue_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        SessionFactory(cohort=CohortFactory())
    # count and page (with the programme and the session count); the page cache's clock (portal/pagecache.py)
    with django_assert_max_num_queries(3):
        response = catalogue(client, topic="ai_basics", q="제조")
    assert response.context["page"].paginator.count == rows


# The cohort page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cohort_page_shows_the_window_in_kst_to_the_minute_and_the_seats_left(client_en):
    cohort = CohortFactory(
        capacity=12,
        applications_open_at=dt.datetime(2026, 11, 1, 1, 0, tzinfo=dt.UTC),  # 10:00 KST
        applications_close_at=dt.datetime(2026, 12, 31, 15, 59, tzinfo=dt.UTC),  # 1 January 00:59 KST
    )
    for _ in range(5):
        apply(UserFactory(), cohort, now=dt.datetime(2026, 11, 20, tzinfo=KST))
    body = client_en.get(cohort.get_absolute_url()).content.decode()
    assert "2026-11-01 10:00 KST" in body
    assert "2027-01-01 00:59 KST" in body
    assert "7 of 12 seats left" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "state", "label"),
    [
        ({}, "open", "Open for applications"),
        ({"opens_in_days": 2}, "upcoming", "Upcoming"),
        ({"closed_minutes_ago": 1}, "closed", "Applications closed"),
        ({"full": True}, "full", "Full — waitlist open"),
    ],
)
def test_cohort_page_shows_a_clear_state(client_en, make, state, label):
    now = timezone.now()
    kwargs = {"capacity": 1}
    if "opens_in_days" in make:
        kwargs |= {"applications_open_at": now + timedelta(days=2), "applications_close_at": now + timedelta(days=9)}
    if "closed_minutes_ago" in make:
        kwargs |= {"applications_open_at": now - timedelta(days=9), "applications_close_at": now - timedelta(minutes=1)}
    cohort = CohortFactory(**kwargs)
    if make.get("full"):
        apply(UserFactory(), cohort)
    body = client_en.get(cohort.get_absolute_url()).content.decode()
    assert f'badge-cohort-{state}">{label}</span>' in body


@pytest.mark.django_db
def test_cohort_page_shows_sessions_in_kst_fee_and_language(client_en):
    cohort = CohortFactory(fee=150_000, language="en")
    SessionFactory(
        cohort=cohort,
        title="비전 검사 실습",
        starts_at=dt.datetime(2026, 12, 14, 23, 30, tzinfo=dt.UTC),  # 15 December 08:30 KST
        ends_at=dt.datetime(2026, 12, 15, 2, 30, tzinfo=dt.UTC),
    )
    body = client_en.get(cohort.get_absolute_url()).content.decode()
    assert "비전 검사 실습" in body
    assert "2026-12-15 (Tue)" in body and "08:30–11:30" in body
    assert "150,000 KRW" in body
    assert "English" in body


@pytest.mark.django_db
def test_a_free_cohort_says_free(client_en):
    assert "<dd>Free</dd>" in client_en.get(CohortFactory(fee=0).get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_cohort_page_explains_resident_priority_and_the_per_firm_cap(client_en):
    cohort = CohortFactory(
        capacity=20, resident_priority_seats=8, max_seats_per_firm=2, eligibility="창원 소재 기업 재직자"
    )
    body = client_en.get(cohort.get_absolute_url()).content.decode()
    assert "창원 소재 기업 재직자" in body
    assert "8 of the 20 seats are kept for people applying on behalf of a Hub&Bridge resident firm" in body
    assert "One firm may take at most 2 seats" in body


@pytest.mark.django_db
def test_unpublished_cohort_answers_404(client):
    cohort = CohortFactory(is_published=False)
    assert client.get(cohort.get_absolute_url()).status_code == 404
    assert client.get(reverse("programs:cohort_calendar", args=[cohort.pk])).status_code == 404


@pytest.mark.django_db
def test_cohort_page_asks_visitors_to_sign_in_and_shows_an_applicants_state(client_en, user):
    cohort = CohortFactory()
    assert "Sign in to apply" in client_en.get(cohort.get_absolute_url()).content.decode()
    client_en.force_login(user)
    assert (
        reverse("programs:cohort_apply", args=[cohort.pk]) in client_en.get(cohort.get_absolute_url()).content.decode()
    )
    apply(user, cohort)
    body = client_en.get(cohort.get_absolute_url()).content.decode()
    assert "badge-enrolment-seated" in body
    assert reverse("programs:cohort_apply", args=[cohort.pk]) not in body


# The calendar ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_calendar_has_one_event_per_session_in_korea_time(client):
    cohort = CohortFactory()
    starts = dt.datetime(2026, 12, 15, 9, 0, tzinfo=KST)
    for day in range(3):
        SessionFactory(
            cohort=cohort, starts_at=starts + timedelta(days=day), ends_at=starts + timedelta(days=day, hours=3)
        )
    SessionFactory()  # another cohort's session
    response = client.get(reverse("programs:cohort_calendar", args=[cohort.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert f"-{cohort.pk}.ics" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert len({str(event["UID"]) for event in events}) == 3
    assert events[0].decoded("DTSTART") == starts
    assert events[0]["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert calendar.walk("VTIMEZONE")


# Applying --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_apply_page_requires_signing_in(client):
    cohort = CohortFactory()
    response = client.get(reverse("programs:cohort_apply", args=[cohort.pk]))
    assert response.status_code == 302 and reverse("account_login") in response.url


@pytest.mark.django_db
def test_first_come_applicant_gets_a_seat(client, user):
    cohort = CohortFactory(capacity=2)
    client.force_login(user)
    response = apply_over_html(client, cohort)
    assert response.url == reverse("programs:my_programs")
    assert Enrolment.objects.get(user=user).state == EnrolmentState.SEATED
    cohort.refresh_from_db()
    assert cohort.seats_taken == 1


@pytest.mark.django_db
def test_full_cohort_puts_applicants_on_the_waitlist_with_their_position(client_en):
    cohort = CohortFactory(capacity=1)
    apply(UserFactory(), cohort)
    apply(UserFactory(), cohort)  # waitlisted #1
    late = UserFactory()
    client_en.force_login(late)
    assert "Join the waitlist" in client_en.get(reverse("programs:cohort_apply", args=[cohort.pk])).content.decode()
    response = apply_over_html(client_en, cohort)
    assert Enrolment.objects.get(user=late).state == EnrolmentState.WAITLISTED
    body = client_en.get(response.url).content.decode()
    assert "you are on its waitlist" in body
    assert "Waitlisted #2" in body


@pytest.mark.django_db
def test_waitlist_position_ignores_those_who_left_and_other_cohorts(client_en):
    cohort = CohortFactory(capacity=1)
    apply(UserFactory(), cohort)
    leaving = apply(UserFactory(), cohort)
    apply(UserFactory(), cohort)
    other = CohortFactory(capacity=1)
    apply(UserFactory(), other)
    apply(UserFactory(), other)
    me = UserFactory()
    apply(me, cohort)
    enrolment_cancel(enrolment=leaving)
    client_en.force_login(me)
    assert "Waitlisted #2" in client_en.get(reverse("programs:my_programs")).content.decode()


@pytest.mark.django_db
def test_required_consent_missing_is_refused_with_a_field_error(client, user):
    cohort = CohortFactory()
    client.force_login(user)
    response = client.post(reverse("programs:cohort_apply", args=[cohort.pk]), {"consent_training_photos": "on"})
    assert response.status_code == 200
    assert "consent" in response.context["consent_form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_apply_form_states_purpose_items_retention_and_refusal_of_each_consent_item(client_en, user):
    cohort = CohortFactory()
    client_en.force_login(user)
    body = client_en.get(reverse("programs:cohort_apply", args=[cohort.pk])).content.decode()
    for item in (consent.REQUIRED, *consent.OPTIONAL):
        for text in (item.title, item.purpose, item.collected, item.retention, item.refusal):
            assert escape(str(text)) in body
    assert body.count('type="checkbox"') == 1 + len(consent.OPTIONAL)


@pytest.mark.django_db
def test_declining_optional_consents_still_applies_and_the_consent_is_recorded(client, user):
    cohort = CohortFactory()
    client.force_login(user)
    before = timezone.now()
    response = client.post(
        reverse("programs:cohort_apply", args=[cohort.pk]),
        {"consent": "on", "consent_training_followup": "on"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=user)
    assert enrolment.consent_version == consent.VERSION
    assert enrolment.consent_ip == "203.0.113.9"
    assert enrolment.consent_at >= before
    assert enrolment.consent_optional == {"training_photos": False, "training_followup": True}


@pytest.mark.django_db
def test_the_cohorts_questions_must_be_answered_and_are_stored(client, user):
    cohort = CohortFactory(questions=["현재 업무는 무엇인가요?", "수강 목적은?"])
    client.force_login(user)
    response = apply_over_html(client, cohort, {"answer_0": "사출 공정 관리"})
    assert response.status_code == 200
    assert "answer_1" in response.context["form"].errors
    apply_over_html(client, cohort, {"answer_0": "사출 공정 관리", "answer_1": "불량 예측"})
    assert Enrolment.objects.get(user=user).answers == {
        "현재 업무는 무엇인가요?": "사출 공정 관리",
        "수강 목적은?": "불량 예측",
    }


@pytest.mark.django_db
def test_applying_twice_is_refused_with_a_message(client_en, user):
    cohort = CohortFactory()
    client_en.force_login(user)
    apply_over_html(client_en, cohort)
    response = apply_over_html(client_en, cohort)
    assert response.status_code == 200
    assert "You have already applied to this cohort." in response.content.decode()
    response = client_en.get(reverse("programs:cohort_apply", args=[cohort.pk]), follow=True)
    assert "You have already applied to this cohort." in response.content.decode()
    assert Enrolment.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_applying_after_the_deadline_is_refused_on_the_form(client_en, user):
    cohort = CohortFactory()
    client_en.force_login(user)
    client_en.get(reverse("programs:cohort_apply", args=[cohort.pk]))
    cohort.applications_close_at = timezone.now() - timedelta(minutes=1)
    cohort.save()
    response = apply_over_html(client_en, cohort)
    assert response.status_code == 200
    assert "This cohort is not accepting applications." in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_on_behalf_of_a_resident_firm(client_en, alice):
    firm, representative, _ = alice
    LeaseFactory(firm=firm)
    cohort = CohortFactory()
    client_en.force_login(representative)
    assert (
        "Apply on behalf of my firm: alice"
        in client_en.get(reverse("programs:cohort_apply", args=[cohort.pk])).content.decode()
    )
    apply_over_html(client_en, cohort, {"on_behalf_of_firm": "on"})
    enrolment = Enrolment.objects.get(user=representative)
    assert enrolment.firm == firm and enrolment.is_resident


@pytest.mark.django_db
def test_people_without_a_firm_are_not_offered_to_apply_for_one(client_en, user):
    client_en.force_login(user)
    response = client_en.get(reverse("programs:cohort_apply", args=[CohortFactory().pk]))
    assert "on_behalf_of_firm" not in response.context["form"].fields


# My programmes, cancelling and offers -------------------------------------------------------------


@pytest.mark.django_db
def test_cancelling_frees_the_seat_for_the_next_person(client, user):
    cohort = CohortFactory(capacity=1)
    mine = apply(user, cohort)
    waiting = apply(UserFactory(), cohort)
    client.force_login(user)
    client.post(reverse("programs:enrolment_cancel", args=[mine.pk]))
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.state == EnrolmentState.CANCELLED
    assert waiting.state == EnrolmentState.OFFERED


def offered(cohort=None):
    """A waitlisted person who gets the seat freed by the first one's cancellation."""
    cohort = cohort or CohortFactory(capacity=1)
    first = apply(UserFactory(), cohort)
    waiting = apply(UserFactory(), cohort)
    enrolment_cancel(enrolment=first)
    waiting.refresh_from_db()
    assert waiting.state == EnrolmentState.OFFERED
    return waiting


@pytest.mark.django_db
def test_my_programs_shows_the_offer_deadline_in_kst_and_accepting_takes_the_seat(client_en):
    enrolment = offered()
    enrolment.offer_expires_at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    enrolment.save()
    client_en.force_login(enrolment.user)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC))
        body = client_en.get(reverse("programs:my_programs")).content.decode()
        assert "Seat offered until 2026-12-01 18:00 KST" in body
        assert reverse("programs:offer_accept", args=[enrolment.pk]) in body
        client_en.post(reverse("programs:offer_accept", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.SEATED


@pytest.mark.django_db
def test_accepting_an_expired_offer_is_refused_with_a_message(client_en):
    enrolment = offered()
    Enrolment.objects.filter(pk=enrolment.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    client_en.force_login(enrolment.user)
    response = client_en.post(reverse("programs:offer_accept", args=[enrolment.pk]), follow=True)
    assert "The offer has expired." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.OFFERED


@pytest.mark.django_db
def test_decline_link_works_without_signing_in_and_passes_the_seat_on(client_en):
    cohort = CohortFactory(capacity=1)
    enrolment = offered(cohort)
    next_in_line = apply(UserFactory(), cohort)
    url = reverse("programs:offer_decline", args=[enrolment.offer_token])
    response = client_en.get(url)
    assert response.status_code == 200 and "No longer interested?" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.OFFERED  # a GET (a mail scanner) changes nothing
    response = client_en.post(url)
    assert "You have declined the seat" in response.content.decode()
    enrolment.refresh_from_db()
    next_in_line.refresh_from_db()
    assert enrolment.state == EnrolmentState.CANCELLED
    assert next_in_line.state == EnrolmentState.OFFERED


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_used_or_unknown_decline_link_says_so_kindly(client_en, method):
    enrolment = offered()
    token = enrolment.offer_token
    client_en.post(reverse("programs:offer_decline", args=[token]))
    for link in (token, "not-a-token"):
        response = getattr(client_en, method)(reverse("programs:offer_decline", args=[link]))
        assert response.status_code == 404
        assert "This link is no longer valid" in response.content.decode()


@pytest.mark.django_db
def test_my_programs_shows_each_state_and_the_certificate_link(client_en, user):
    cohort = CohortFactory(capacity=5)
    EnrolmentFactory(user=user, state=EnrolmentState.CANCELLED, cohort=CohortFactory())
    completed = EnrolmentFactory(user=user, state=EnrolmentState.COMPLETED)
    Certificate.objects.create(
        enrolment=completed, number="HB-2026-0001", verification_code="abc123", issued_on=dt.date(2026, 12, 20)
    )
    EnrolmentFactory(user=user, state=EnrolmentState.COMPLETED)  # certificate not issued yet
    seated = apply(user, cohort)
    client_en.force_login(user)
    body = client_en.get(reverse("programs:my_programs")).content.decode()
    assert ">Cancelled<" in body and ">Completed<" in body and ">Seated<" in body
    assert reverse("programs:certificate_download", args=[completed.pk]) in body
    assert body.count("Download the certificate") == 1
    assert "Your completion certificate is being prepared." in body
    assert body.count("Cancel my application") == 1
    assert reverse("programs:enrolment_cancel", args=[seated.pk]) in body


@pytest.mark.django_db
def test_my_programs_without_applications_points_to_the_catalogue(client_en, user):
    client_en.force_login(user)
    body = client_en.get(reverse("programs:my_programs")).content.decode()
    assert "You have not applied to any training cohort yet." in body


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_my_programs_runs_a_constant_number_of_queries(client, user, django_assert_max_num_queries, rows):
    for index in range(rows):
        cohort = CohortFactory(capacity=1)
        SessionFactory(cohort=cohort, starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=2))
        if index % 2:
            apply(UserFactory(), cohort)  # so ours waits on the waitlist
        apply(user, cohort)
    client.force_login(user)
    # session, user, count, page (with the waitlist positions), sessions under way;
    # the nav: membership, user and group permissions
    with django_assert_max_num_queries(8):
        response = client.get(reverse("programs:my_programs"))
    assert response.context["page"].paginator.count == rows


@pytest.mark.django_db
def test_another_persons_enrolment_answers_404(client, user):
    theirs = offered()
    client.force_login(user)
    assert client.post(reverse("programs:enrolment_cancel", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("programs:offer_accept", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == EnrolmentState.OFFERED


# Check-in with the session code -----------------------------------------------------------------


@pytest.fixture
def session_now(user):
    cohort = CohortFactory()
    apply(user, cohort)
    now = timezone.now()
    return SessionFactory(cohort=cohort, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=2))


@pytest.mark.django_db
def test_a_seated_participant_checks_in_with_the_code(client, user, session_now):
    client.force_login(user)
    url = reverse("programs:session_check_in", args=[session_now.pk])
    response = client.post(url, {"code": session_now.check_in_code.lower()})
    assert response.url == reverse("programs:my_programs")
    attendance = Attendance.objects.get()
    assert attendance.present and attendance.method == "code"


@pytest.mark.django_db
def test_a_wrong_code_is_shown_on_the_field(client_en, user, session_now):
    client_en.force_login(user)
    response = client_en.post(reverse("programs:session_check_in", args=[session_now.pk]), {"code": "WRONG1"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["That code is not this session's code."]
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_someone_without_a_seat_cannot_check_in(client_en, session_now):
    client_en.force_login(UserFactory())
    response = client_en.post(
        reverse("programs:session_check_in", args=[session_now.pk]), {"code": session_now.check_in_code}
    )
    assert "You do not have a seat in this cohort." in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_my_programs_links_to_the_check_in_of_a_session_under_way(client, user, session_now):
    client.force_login(user)
    body = client.get(reverse("programs:my_programs")).content.decode()
    assert reverse("programs:session_check_in", args=[session_now.pk]) in body


# Mails -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_received_mail_names_the_state_in_the_recipients_language(user):
    user.language = "en"
    user.save()
    cohort = CohortFactory(capacity=1)
    apply(UserFactory(), cohort)
    apply(user, cohort)
    subject, body, _ = outbox_render(OutboxMessage.objects.get(user=user, template="enrolment_received"))
    assert subject == f"[Hub&Bridge] {cohort}: Waitlisted"
    assert "is now: Waitlisted." in body
    assert reverse("programs:my_programs") in body


@pytest.mark.django_db
def test_offer_mail_carries_the_deadline_and_the_one_click_decline_link(user):
    user.language = "en"
    user.save()
    cohort = CohortFactory(capacity=1)
    first = apply(UserFactory(), cohort)
    apply(user, cohort)
    enrolment_cancel(enrolment=first)
    enrolment = Enrolment.objects.get(user=user)
    subject, body, _ = outbox_render(OutboxMessage.objects.get(user=user, template="enrolment_offer"))
    expires = timezone.localtime(enrolment.offer_expires_at, KST).strftime("%Y-%m-%d %H:%M")
    assert expires in subject and expires in body
    assert reverse("programs:offer_decline", args=[enrolment.offer_token]) in body
    assert "&amp;" not in body + subject


@pytest.mark.django_db
def test_cohort_page_says_how_many_of_the_seats_left_only_resident_firms_may_take(client_en):
    cohort = CohortFactory(capacity=4, resident_priority_seats=2)
    apply(UserFactory(), cohort)
    apply(UserFactory(), cohort)
    body = client_en.get(cohort.get_absolute_url()).content.decode()
    assert "2 of 4 seats left" in body
    assert "2 of them are kept for resident firms" in body
