"""Fire N concurrent applications at a cohort of C seats on PostgreSQL and print what happened.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hb_bench .venv/bin/python bench/cohort_seats.py
    .venv/bin/python bench/cohort_seats.py --database postgres://postgres@127.0.0.1:5432/hb_bench
    .venv/bin/python bench/cohort_seats.py --scratch --applicants 2000 --capacity 100 --threads 32

The database comes from ``--database`` or ``DATABASE_URL``; it is migrated and the bench adds a
programme, a cohort and N users to it (each run under its own slug and e-mails), and never drops it.
With ``--scratch`` the bench creates a database of its own on that server (a fresh, unique name), runs in
it and drops it at the end; it only ever drops the database it created. It prints seats taken,
throughput and p50/p95 latency, and `seated == C` only when exactly C applicants got a seat.
"""

import argparse
import os
import secrets
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_scratch_database(server_url: str) -> str:
    """A new database with a name no one else uses; CREATE fails rather than reuse an existing one."""
    import psycopg

    name = f"hubbridge_bench_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_scratch_database(server_url: str, name: str) -> None:
    """Drop the database this run created (FORCE ends the bench's own leftover connections)."""
    import psycopg

    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", "-n", type=int, default=500)
    parser.add_argument("--capacity", "-c", type=int, default=30)
    parser.add_argument("--threads", "-t", type=int, default=16)
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", ""), help="default: DATABASE_URL")
    parser.add_argument(
        "--scratch", action="store_true", help="create a database of its own on that server and drop it afterwards"
    )
    args = parser.parse_args()
    if not args.database.startswith(("postgres://", "postgresql://")):
        parser.error("give a PostgreSQL database with --database or DATABASE_URL (postgres://…)")

    scratch = create_scratch_database(args.database) if args.scratch else None
    database_url = with_database(args.database, scratch) if scratch else args.database
    run = secrets.token_hex(4)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DATABASE_URL=database_url,
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        CELERY_BROKER_URL="",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from portal.accounts.models import User
    from programs.choices import EnrolmentState
    from programs.models import Cohort, Enrolment, Programme
    from programs.services import enrolment_apply

    try:
        call_command("migrate", verbosity=0)
        programme = Programme.objects.create(
            title="벤치마크 과정", slug=f"bench-{run}", topic="ai_basics", level="beginner", description="bench"
        )
        cohort = Cohort.objects.create(
            programme=programme,
            name=f"bench-{run}",
            starts_on=timezone.localdate() + timedelta(days=30),
            ends_on=timezone.localdate() + timedelta(days=60),
            capacity=args.capacity,
            applications_open_at=timezone.now() - timedelta(days=1),
            applications_close_at=timezone.now() + timedelta(days=1),
            is_published=True,
        )
        password = make_password(None)
        User.objects.bulk_create(
            User(email=f"bench-{run}-{index}@example.kr", name=f"참가자{index}", password=password)
            for index in range(args.applicants)
        )
        users = list(User.objects.filter(email__startswith=f"bench-{run}-").order_by("pk"))
        start_gate = threading.Barrier(args.threads)
        latencies = []
        errors = []

        def apply(user):
            started = time.perf_counter()
            try:
                enrolment_apply(cohort=cohort, user=user, consent_given=True)
            except Exception as error:  # noqa: BLE001  (counted and printed)
                errors.append(repr(error))
            latencies.append(time.perf_counter() - started)

        def worker(chunk):
            start_gate.wait()
            try:
                for user in chunk:
                    apply(user)
            finally:
                connection.close()

        chunks = [users[index :: args.threads] for index in range(args.threads)]
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            list(pool.map(worker, chunks))
        elapsed = time.perf_counter() - began

        cohort.refresh_from_db()
        seated = Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.SEATED).count()
        waitlisted = Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.WAITLISTED).count()
        latencies.sort()
        p95 = latencies[max(int(len(latencies) * 0.95) - 1, 0)]
        print(f"applicants N={args.applicants} capacity C={args.capacity} threads={args.threads}")
        print(f"seated={seated} waitlisted={waitlisted} seats_taken={cohort.seats_taken} errors={len(errors)}")
        print(f"throughput={args.applicants / elapsed:.0f} applications/s  wall={elapsed:.2f}s")
        print(f"latency p50={statistics.median(latencies) * 1000:.1f} ms  p95={p95 * 1000:.1f} ms")
        for error in errors[:5]:
            print("error:", error)
        ok = seated == args.capacity == cohort.seats_taken and seated + waitlisted == args.applicants and not errors
        print("seated == C" if ok else f"FAILED: seated {seated} != C {args.capacity}")
        return 0 if ok else 1
    finally:
        connection.close()
        if scratch:
            drop_scratch_database(args.database, scratch)


if __name__ == "__main__":
    sys.exit(main())
