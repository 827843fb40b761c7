"""Booking rules: overlap with buffers (database and locked check), opening hours, holidays, quota,
the past, weekly series, cancellation tiers, no-show pause and the approval flow."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from portal.notifications.models import OutboxMessage
from tenants.booking.choices import BookingStatus
from tenants.booking.models import Booking
from tenants.booking.policy import charge_for
from tenants.booking.services import (
    blackout_create,
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_create,
    booking_create_weekly,
    booking_decline,
    booking_mark_no_show,
    booking_reminders_send,
    booking_transition,
)

from ..factories import BookingFactory, LeaseFactory, SpaceFactory
from .conftest import NOW, evening_hours, kst


def book(resource, people, start, end, *, now=NOW, **kwargs):
    return booking_create(
        resource=resource,
        firm=people.firm,
        user=people.representative,
        starts_at=kst(start),
        ends_at=kst(end),
        purpose="주간 회의",
        now=now,
        **kwargs,
    )


def codes(error) -> set[str]:
    return (
        {e.code for errors in error.value.error_dict.values() for e in errors}
        if hasattr(error.value, "error_dict")
        else {e.code for e in error.value.error_list}
    )


# No double booking ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_two_holding_bookings_that_overlap_even_without_the_service(room):
    assert connection.vendor == "postgresql"
    first = BookingFactory(resource=room, starts_at=kst("2027-03-03 10:00"), ends_at=kst("2027-03-03 11:00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(resource=room, starts_at=kst("2027-03-03 10:30"), ends_at=kst("2027-03-03 11:30"))
    # The buffer after the first (held until 11:15) is part of what it holds.
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(resource=room, starts_at=kst("2027-03-03 11:00"), ends_at=kst("2027-03-03 12:00"))
    BookingFactory(resource=room, starts_at=kst("2027-03-03 11:15"), ends_at=kst("2027-03-03 12:00"))
    # Declined and cancelled bookings hold nothing.
    first.status = BookingStatus.CANCELLED
    first.save()
    BookingFactory(resource=room, starts_at=kst("2027-03-03 10:00"), ends_at=kst("2027-03-03 11:00"))


@pytest.mark.django_db
def test_another_resource_may_be_booked_at_the_same_time(room):
    BookingFactory(resource=room, starts_at=kst("2027-03-03 10:00"), ends_at=kst("2027-03-03 11:00"))
    BookingFactory(starts_at=kst("2027-03-03 10:00"), ends_at=kst("2027-03-03 11:00"))
    assert Booking.objects.count() == 2


@pytest.mark.django_db
def test_the_locked_check_refuses_an_overlap_and_the_buffer_with_a_message(residents, room):
    alice, bob = residents
    book(room, alice, "2027-03-03 10:00", "2027-03-03 11:00")
    with pytest.raises(ValidationError) as error:
        book(room, bob, "2027-03-03 11:00", "2027-03-03 12:00")
    assert codes(error) == {"taken"}
    assert "15" in str(error.value)
    with pytest.raises(ValidationError):
        book(room, bob, "2027-03-03 09:30", "2027-03-03 10:30")
    assert book(room, bob, "2027-03-03 11:30", "2027-03-03 12:00").status == BookingStatus.CONFIRMED


@pytest.mark.django_db
def test_the_postgres_only_operation_leaves_sqlite_alone_and_creates_the_constraint_on_postgres(tmp_path):
    from django.db.backends.sqlite3.base import DatabaseWrapper
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    migration = loader.get_migration("booking", "0001_initial")
    operation = next(op for op in migration.operations if "PostgreSQL only" in op.describe())
    sqlite = DatabaseWrapper({**connection.settings_dict, "ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"})
    with sqlite.schema_editor(collect_sql=True) as editor:
        operation.database_forwards("booking", editor, None, None)
    assert editor.collected_sql == []
    sqlite.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT contype FROM pg_constraint WHERE conname = 'booking_no_overlap'")
        assert cursor.fetchone() == ("x",)


@pytest.mark.django_db(transaction=True)
def test_many_firms_booking_the_same_slot_at_once_make_exactly_one_booking(room):
    assert connection.vendor == "postgresql"
    from ..factories import FirmFactory, MembershipFactory

    firms = []
    for _index in range(12):
        firm = FirmFactory()
        LeaseFactory(
            firm=firm,
            space=SpaceFactory(site=room.site),
            start_date=NOW.date(),
            end_date=NOW.date() + timedelta(days=90),
        )
        firms.append((firm, MembershipFactory(firm=firm).user))
    barrier = threading.Barrier(len(firms))
    won, refused, errors = [], [], []

    def attempt(firm, user):
        try:
            barrier.wait()
            booking_create(
                resource=room,
                firm=firm,
                user=user,
                starts_at=kst("2027-03-03 14:00"),
                ends_at=kst("2027-03-03 15:00"),
                purpose="회의",
                now=NOW,
            )
            won.append(firm)
        except ValidationError as error:
            refused.append(error)
        except Exception as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=pair) for pair in firms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(won) == 1 and len(refused) == len(firms) - 1
    assert Booking.objects.filter(resource=room).count() == 1


# Time rules -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_outside_the_opening_hours_and_off_the_slot_steps_is_refused(residents, room):
    alice, _bob = residents
    with pytest.raises(ValidationError) as error:
        book(room, alice, "2027-03-03 17:30", "2027-03-03 18:30")
    assert codes(error) == {"closed"}
    with pytest.raises(ValidationError) as error:
        book(room, alice, "2027-03-06 10:00", "2027-03-06 11:00")  # a Saturday
    assert codes(error) == {"closed"}
    with pytest.raises(ValidationError) as error:
        book(room, alice, "2027-03-03 10:10", "2027-03-03 11:10")
    assert codes(error) == {"step"}
    with pytest.raises(ValidationError) as error:
        book(room, alice, "2027-03-03 09:00", "2027-03-03 14:00")
    assert codes(error) == {"too_long"}
    assert book(room, alice, "2027-03-03 17:00", "2027-03-03 18:00")


@pytest.mark.django_db
def test_a_public_holiday_is_closed_unless_the_resource_opens_on_holidays(residents, room):
    alice, _bob = residents
    earlier = kst("2027-02-20 08:00")
    with pytest.raises(ValidationError) as error:
        book(room, alice, "2027-03-01 10:00", "2027-03-01 11:00", now=earlier)  # 삼일절, a Monday
    assert codes(error) == {"closed"}
    room.open_on_holidays = True
    room.save()
    assert book(room, alice, "2027-03-01 10:00", "2027-03-01 11:00", now=earlier)


@pytest.mark.django_db
def test_a_booking_may_run_across_midnight_inside_an_evening_opening(residents, room):
    alice, _bob = residents
    evening_hours(room)
    booking = book(room, alice, "2027-03-03 23:00", "2027-03-04 01:00")
    assert booking.hours == 2
    with pytest.raises(ValidationError):
        book(room, alice, "2027-03-04 01:30", "2027-03-04 02:30")  # past the 02:00 close


@pytest.mark.django_db
def test_a_booking_in_the_past_or_beyond_the_horizon_is_refused(residents, room):
    alice, _bob = residents
    with pytest.raises(ValidationError) as error:
        book(room, alice, "2027-03-02 07:30", "2027-03-02 08:30")
    assert codes(error) == {"past"}
    with pytest.raises(ValidationError) as error:
        book(room, alice, "2027-06-02 10:00", "2027-06-02 11:00")
    assert codes(error) == {"horizon"}


@pytest.mark.django_db
def test_a_blackout_blocks_new_bookings_and_tells_the_firms_already_booked(residents, room, manager):
    alice, bob = residents
    kept = book(room, alice, "2027-03-04 10:00", "2027-03-04 11:00")
    blackout_create(
        site=room.site,
        resource=None,
        starts_at=kst("2027-03-04 09:00"),
        ends_at=kst("2027-03-04 13:00"),
        reason="소방 점검",
        action="block",
        actor=manager,
    )
    with pytest.raises(ValidationError) as error:
        book(room, bob, "2027-03-04 12:00", "2027-03-04 12:30")
    assert codes(error) == {"blackout"}
    kept.refresh_from_db()
    assert kept.status == BookingStatus.CONFIRMED
    assert OutboxMessage.objects.filter(template="booking_blackout", user=alice.representative).count() == 1


@pytest.mark.django_db
def test_a_cancelling_blackout_cancels_with_a_full_refund_and_notice(residents, hall, manager):
    alice, _bob = residents
    from ..factories import FirmFactory, MembershipFactory

    outsider = FirmFactory()
    person = MembershipFactory(firm=outsider).user
    booking = booking_create(
        resource=hall,
        firm=outsider,
        user=person,
        starts_at=kst("2027-03-04 10:00"),
        ends_at=kst("2027-03-04 12:00"),
        purpose="설명회",
        now=NOW,
    )
    booking_approve(booking=booking, actor=manager)
    blackout_create(
        site=hall.site,
        resource=hall,
        starts_at=kst("2027-03-04 00:00"),
        ends_at=kst("2027-03-05 00:00"),
        reason="허브 행사",
        action="cancel",
        actor=manager,
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.refund_amount == booking.total_amount > 0
    assert OutboxMessage.objects.filter(template="booking_cancelled", user=person).exists()


# Quota ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_resident_quota_allows_exactly_its_hours_per_month(residents, room):
    alice, bob = residents
    book(room, alice, "2027-03-03 09:00", "2027-03-03 11:00")
    book(room, alice, "2027-03-04 09:00", "2027-03-04 10:30")
    assert book(room, alice, "2027-03-05 09:00", "2027-03-05 09:30")  # 4 hours exactly
    with pytest.raises(ValidationError) as error:
        book(room, alice, "2027-03-05 10:00", "2027-03-05 10:30")
    assert codes(error) == {"quota"}
    assert book(room, alice, "2027-04-01 09:00", "2027-04-01 10:00")  # a new month, a new quota
    assert book(room, bob, "2027-03-05 10:00", "2027-03-05 11:00")  # another firm's own quota


@pytest.mark.django_db
def test_a_cancelled_booking_gives_its_hours_back_to_the_quota(residents, room):
    alice, _bob = residents
    booking = book(room, alice, "2027-03-03 09:00", "2027-03-03 13:00")
    with pytest.raises(ValidationError):
        book(room, alice, "2027-03-04 09:00", "2027-03-04 09:30")
    booking_cancel(booking=booking, actor=alice.representative, now=NOW)
    assert book(room, alice, "2027-03-04 09:00", "2027-03-04 09:30")


# Weekly series ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_weekly_series_with_one_taken_week_names_that_week_and_books_nothing(residents, room):
    alice, bob = residents
    room.resident_quota_hours = 0
    room.save()
    book(room, bob, "2027-03-17 10:00", "2027-03-17 11:00")
    with pytest.raises(ValidationError) as error:
        booking_create_weekly(
            resource=room,
            firm=alice.firm,
            user=alice.representative,
            starts_at=kst("2027-03-03 10:00"),
            ends_at=kst("2027-03-03 11:00"),
            weeks=4,
            purpose="주간 회의",
            now=NOW,
        )
    assert "2027-03-17" in " ".join(error.value.messages)
    assert "2027-03-10" not in " ".join(error.value.messages)
    assert not Booking.objects.filter(firm=alice.firm).exists()
    made, refused = booking_create_weekly(
        resource=room,
        firm=alice.firm,
        user=alice.representative,
        starts_at=kst("2027-03-03 10:00"),
        ends_at=kst("2027-03-03 11:00"),
        weeks=4,
        purpose="주간 회의",
        skip_conflicts=True,
        now=NOW,
    )
    assert [b.starts_at for b in made] == [kst(f"2027-03-{day} 10:00") for day in ("03", "10", "24")]
    assert [day for day, _reason in refused] == ["2027-03-17"]
    assert len({b.series for b in made}) == 1


# Charges and cancellation -----------------------------------------------------------------------


def test_the_charge_is_hours_times_rate_with_night_and_holiday_surcharges_and_vat():
    plain = charge_for(kst("2027-03-03 10:00"), kst("2027-03-03 12:00"), 60_000)
    assert (plain.net, plain.vat, plain.total) == (120_000, 12_000, 132_000)
    night = charge_for(kst("2027-03-03 17:00"), kst("2027-03-03 19:00"), 60_000)
    assert night.net == 60_000 + 78_000
    holiday = charge_for(kst("2027-03-01 10:00"), kst("2027-03-01 11:00"), 60_000)  # 삼일절
    assert holiday.net == 90_000
    assert charge_for(kst("2027-03-03 10:00"), kst("2027-03-03 11:00"), 0).total == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cancelled_at", "refund_share"),
    [
        ("2027-03-02 08:00", 1.0),
        ("2027-03-06 23:59", 0.5),
        ("2027-03-07 00:00", 0.5),
        ("2027-03-07 08:00", 0.5),
        ("2027-03-08 00:00", 0.0),
        ("2027-03-09 09:00", 0.0),
    ],
)
def test_cancelling_refunds_by_the_days_left(manager, hall, cancelled_at, refund_share):
    from ..factories import FirmFactory, MembershipFactory

    outsider = FirmFactory()
    person = MembershipFactory(firm=outsider).user
    booking = booking_create(
        resource=hall,
        firm=outsider,
        user=person,
        starts_at=kst("2027-03-10 10:00"),
        ends_at=kst("2027-03-10 11:00"),
        purpose="설명회",
        now=NOW,
    )
    assert booking.status == BookingStatus.PENDING and booking.total_amount == 66_000
    booking_approve(booking=booking, actor=manager)
    booking = booking_cancel(booking=booking, actor=person, now=kst(cancelled_at))
    assert booking.refund_amount == round(66_000 * refund_share)
    assert booking.billed_amount == 66_000 - booking.refund_amount


@pytest.mark.django_db
def test_a_started_booking_cannot_be_cancelled(residents, room):
    alice, _bob = residents
    booking = book(room, alice, "2027-03-03 10:00", "2027-03-03 11:00")
    with pytest.raises(ValidationError) as error:
        booking_cancel(booking=booking, actor=alice.representative, now=kst("2027-03-03 10:05"))
    assert codes(error) == {"started"}


# Approval, check-in, no-shows -------------------------------------------------------------------


@pytest.mark.django_db
def test_an_outsider_request_waits_for_staff_who_approve_or_decline_with_a_reason(manager, hall, charlie):
    booking = booking_create(
        resource=hall,
        firm=charlie.firm,
        user=charlie.member,
        starts_at=kst("2027-03-04 10:00"),
        ends_at=kst("2027-03-04 11:00"),
        purpose="설명회",
        now=NOW,
    )
    assert booking.status == BookingStatus.PENDING and not booking.is_resident
    assert OutboxMessage.objects.filter(template="booking_requested", user=charlie.member).exists()
    with pytest.raises(ValidationError) as error:
        booking_decline(booking=booking, actor=manager, reason=" ")
    assert codes(error) == {"reason_required"}
    booking_decline(booking=booking, actor=manager, reason="같은 날 허브 행사가 있습니다.")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED and booking.billed_amount == 0
    assert [(e.from_status, e.to_status) for e in booking.events.all()] == [("", "pending"), ("pending", "declined")]
    with pytest.raises(ValidationError) as error:
        booking_approve(booking=booking, actor=manager)
    assert codes(error) == {"transition"}
    second = booking_create(
        resource=hall,
        firm=charlie.firm,
        user=charlie.member,
        starts_at=kst("2027-03-05 10:00"),
        ends_at=kst("2027-03-05 11:00"),
        purpose="설명회",
        now=NOW,
    )
    booking_approve(booking=second, actor=manager)
    assert OutboxMessage.objects.filter(template="booking_confirmed", user=charlie.member).count() == 1
    assert OutboxMessage.objects.filter(template="booking_declined", user=charlie.member).count() == 1


@pytest.mark.django_db
def test_check_in_and_no_show_only_around_the_start(residents, room, manager):
    alice, _bob = residents
    booking = book(room, alice, "2027-03-03 10:00", "2027-03-03 11:00")
    with pytest.raises(ValidationError):
        booking_check_in(booking=booking, actor=manager, now=kst("2027-03-03 09:30"))
    with pytest.raises(ValidationError):
        booking_mark_no_show(booking=booking, actor=manager, now=kst("2027-03-03 10:05"))
    assert booking_check_in(booking=booking, actor=manager, now=kst("2027-03-03 09:50")).status == "checked_in"


@pytest.mark.django_db
def test_two_no_shows_pause_the_firms_booking_for_thirty_days(residents, room, manager):
    alice, bob = residents
    room.resident_quota_hours = 0
    room.save()
    for day in ("03", "04"):
        booking = book(room, alice, f"2027-03-{day} 10:00", f"2027-03-{day} 11:00")
        booking_mark_no_show(booking=booking, actor=manager, now=kst(f"2027-03-{day} 10:30"))
    later = kst("2027-03-05 08:00")
    with pytest.raises(ValidationError) as error:
        book(room, alice, "2027-03-08 10:00", "2027-03-08 11:00", now=later)
    assert codes(error) == {"no_show_pause"}
    assert "2027-04-03" in str(error.value)
    assert book(room, bob, "2027-03-08 10:00", "2027-03-08 11:00", now=later)
    assert book(room, alice, "2027-04-05 10:00", "2027-04-05 11:00", now=kst("2027-04-03 10:30"))


@pytest.mark.django_db
def test_only_residents_book_a_residents_room(room, charlie):
    with pytest.raises(ValidationError) as error:
        book(room, charlie, "2027-03-03 10:00", "2027-03-03 11:00")
    assert codes(error) == {"residents_only"}


@pytest.mark.django_db
def test_the_reminder_goes_out_once_the_day_before(residents, room):
    alice, _bob = residents
    book(room, alice, "2027-03-04 10:00", "2027-03-04 11:00")
    book(room, alice, "2027-03-05 10:00", "2027-03-05 11:00")
    day_before = kst("2027-03-03 10:00")
    assert booking_reminders_send(now=day_before) == 1
    assert booking_reminders_send(now=day_before) == 0
    assert OutboxMessage.objects.filter(template="booking_reminder").count() == 1


@pytest.mark.django_db
def test_the_transition_table_refuses_unknown_moves(residents, room, manager):
    alice, _bob = residents
    booking = book(room, alice, "2027-03-03 10:00", "2027-03-03 11:00")
    with pytest.raises(ValidationError):
        booking_transition(booking=booking, to_status=BookingStatus.PENDING, actor=manager)


@pytest.mark.django_db
def test_charges_are_listed_per_firm_and_sent_for_payment_once(manager, hall, charlie):
    from datetime import date

    from tenants.booking.payments import FakePaymentAdapter
    from tenants.booking.selectors import charges_by_firm
    from tenants.booking.services import charges_request_payment

    booking = booking_create(
        resource=hall,
        firm=charlie.firm,
        user=charlie.member,
        starts_at=kst("2027-03-10 10:00"),
        ends_at=kst("2027-03-10 12:00"),
        purpose="설명회",
        now=NOW,
    )
    booking_approve(booking=booking, actor=manager)
    booking_cancel(booking=booking, actor=charlie.member, now=kst("2027-03-09 09:00"))  # too late: nothing back
    (row,) = charges_by_firm(date(2027, 3, 1))
    assert (row["firm"], row["total"], row["refunds"], row["owed"]) == (charlie.firm, 132_000, 0, 132_000)
    FakePaymentAdapter.requests.clear()
    reference = charges_request_payment(firm=charlie.firm, month=date(2027, 3, 1))
    assert reference.startswith("FAKE-2027-03")
    assert FakePaymentAdapter.requests == [
        {"firm_name": charlie.firm.name, "brn": charlie.firm.brn, "amount": 132_000, "description": "2027-03"}
    ]
    assert charges_request_payment(firm=charlie.firm, month=date(2027, 3, 1)) is None
    booking.refresh_from_db()
    assert booking.payment_reference == reference
